//! The read model's writers: entity rows derived from a document, always replaced whole, and
//! the search index kept in step. Called inside the transaction that stores the change.

use std::collections::BTreeSet;

use automerge::AutoCommit;
use rusqlite::{Connection, OptionalExtension, params};

use super::contact_lists;
use crate::doc::account::DeviceRecord;
use crate::doc::entities::{self, EntityRef, Kind};
use crate::doc::{DocId, Family, Layout, account, contact, interaction, network, organization};
use crate::error::Result;
use crate::model::{
    Contact, Exchange, FieldConflict, FollowUp, Introduction, Meeting, Need, Organization, Referral,
};

/// What one document's rows are written from: its touched entities as read, and its settings
/// when it is the account document. `Send`, so a received document is read off the writer.
pub struct DocRows {
    bucket: u8,
    entities: Vec<(EntityRef, Read)>,
    settings: Option<Settings>,
}

/// Reads `entities` from their document `id`. Only entities that live in it: one placed in a
/// bucket its id does not hash to (a foreign writer) would be listed but could never be shown,
/// edited or deleted.
pub fn read_doc(id: DocId, layout: Layout, doc: &AutoCommit, entities: &[EntityRef]) -> Result<DocRows> {
    let entities = entities
        .iter()
        .filter(|e| e.doc_id(layout) == id)
        .map(|e| Ok((*e, read(doc, *e)?)))
        .collect::<Result<_>>()?;
    let settings = if id == DocId::ACCOUNT { Some(read_settings(doc)?) } else { None };
    Ok(DocRows { bucket: id.bucket, entities, settings })
}

/// Replaces the rows of what `read_doc` read. The contacts' derived rows they owe (last touch,
/// search row) are added to `pending`, to be refreshed once before the transaction commits.
pub fn write_doc(conn: &Connection, rows: &DocRows, pending: &mut Pending) -> Result<()> {
    for (e, read) in &rows.entities {
        write(conn, *e, rows.bucket, read, pending)?;
    }
    if let Some(settings) = &rows.settings {
        write_settings(conn, settings)?;
    }
    Ok(())
}

/// Rows derived from several entities, owed by the writes of one transaction and refreshed once
/// before it commits, however many entities and documents name them: a first sync's meetings
/// re-rendered their participants' search rows each time, and a received round refreshing each
/// document's contacts in turn wrote one search-index segment a document (FTS5 flushes when a
/// write goes back to a lower rowid, and each bucket's contacts start again near the lowest).
#[derive(Default)]
pub struct Pending {
    touch: BTreeSet<String>,
    search: BTreeSet<String>,
    need_search: BTreeSet<String>,
}

impl Pending {
    fn touch(&mut self, contact_id: &str) {
        self.touch.insert(contact_id.to_string());
    }

    fn search(&mut self, contact_id: &str) {
        self.search.insert(contact_id.to_string());
    }

    /// Refreshes the rows. Returns the contacts whose last touch was refreshed: those written,
    /// and those whose rows moved with other entities though they did not change themselves (a
    /// meeting's participants before and after, an exchange's contact).
    pub fn flush(self, conn: &Connection) -> Result<Vec<EntityRef>> {
        for id in &self.touch {
            refresh_touch(conn, id)?;
        }
        // In rowid order, so FTS5 keeps every term in memory and writes one segment at commit.
        let mut search = Vec::with_capacity(self.search.len());
        let mut rowid = conn.prepare_cached("SELECT rowid FROM contact WHERE id = ?1")?;
        for id in &self.search {
            if let Some(r) = rowid.query_row([id], |r| r.get::<_, i64>(0)).optional()? {
                search.push((r, id));
            }
        }
        search.sort();
        for (rowid, _) in search {
            refresh_fts(conn, rowid)?;
        }
        for id in &self.need_search {
            refresh_need_fts(conn, id)?;
        }
        Ok(self
            .touch
            .iter()
            .filter_map(|id| id.parse().ok())
            .map(|id| EntityRef::new(Kind::Contact, id))
            .collect())
    }
}

/// An entity as its document holds it: what its rows are written from. Reading is apart from
/// writing so that a document received whole is read on another thread while this one writes.
pub enum Read {
    /// The document no longer holds the entity: its rows go.
    Gone,
    Contact(Box<Contact>),
    Organization(Organization, i64),
    Meeting(Meeting, Vec<FieldConflict>),
    FollowUp(FollowUp, Vec<FieldConflict>),
    Introduction(Introduction, Vec<FieldConflict>),
    Need(Need, Vec<FieldConflict>),
    Exchange(Exchange, Vec<FieldConflict>),
    Referral(Referral, Vec<FieldConflict>),
}

pub fn read(doc: &AutoCommit, e: EntityRef) -> Result<Read> {
    let id = e.id;
    let read = match e.kind {
        Kind::Contact => contact::read(doc, id)?.map(|c| Read::Contact(Box::new(c))),
        Kind::Organization => organization::read(doc, id)?.map(|(o, at)| Read::Organization(o, at)),
        Kind::Meeting => interaction::read_meeting(doc, id)?.map(|(m, c)| Read::Meeting(m, c)),
        Kind::FollowUp => interaction::read_follow_up(doc, id)?.map(|(f, c)| Read::FollowUp(f, c)),
        Kind::Introduction => network::read_introduction(doc, id)?.map(|(i, c)| Read::Introduction(i, c)),
        Kind::Need => network::read_need(doc, id)?.map(|(n, c)| Read::Need(n, c)),
        Kind::Exchange => network::read_exchange(doc, id)?.map(|(x, c)| Read::Exchange(x, c)),
        Kind::Referral => network::read_referral(doc, id)?.map(|(r, c)| Read::Referral(r, c)),
    };
    Ok(read.unwrap_or(Read::Gone))
}

/// Replaces an entity's rows with what `read` found for it.
/// `bucket`: the document it lives in, kept on its row.
fn write(conn: &Connection, e: EntityRef, bucket: u8, read: &Read, p: &mut Pending) -> Result<()> {
    match read {
        Read::Gone => remove(conn, e, p),
        Read::Contact(c) => write_contact(conn, e, bucket, c, p),
        Read::Organization(o, created_at) => write_organization(conn, e, bucket, o, *created_at, p),
        Read::Meeting(m, c) => write_meeting(conn, e, bucket, m, c, p),
        Read::FollowUp(f, c) => write_follow_up(conn, e, bucket, f, c, p),
        Read::Introduction(i, c) => write_introduction(conn, e, bucket, i, c, p),
        Read::Need(n, c) => write_need(conn, e, bucket, n, c, p),
        Read::Exchange(x, c) => write_exchange(conn, e, bucket, x, c, p),
        Read::Referral(r, c) => write_referral(conn, e, bucket, r, c, p),
    }
}

/// Merges each full-text index into one segment (FTS5's `optimize`).
pub fn merge_search_segments(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO contact_fts (contact_fts) VALUES ('optimize');
         INSERT INTO need_fts (need_fts) VALUES ('optimize');",
    )?;
    Ok(())
}

/// Replaces every row derived from one document (recovery, doctor --repair, heads mismatch).
pub fn rebuild_doc(conn: &Connection, doc_id: DocId, layout: Layout, doc: &AutoCommit) -> Result<()> {
    if doc_id.family == Family::Account {
        return write_settings(conn, &read_settings(doc)?);
    }
    let bucket = doc_id.bucket;
    if doc_id.family == Family::Contacts {
        // A repair rewrites every contact's list rows, whatever their digests say.
        conn.prepare_cached("UPDATE contact SET list_digests = NULL WHERE bucket = ?1")?.execute([bucket])?;
    }
    let mut stale: Vec<EntityRef> = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| k.family() == doc_id.family) {
        let table = table_of(kind);
        let mut stmt = conn.prepare(&format!("SELECT id FROM {table} WHERE bucket = ?1"))?;
        let ids =
            stmt.query_map([bucket], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        stale.extend(ids.iter().filter_map(|s| s.parse().ok()).map(|id| EntityRef::new(kind, id)));
    }
    // An entity a foreign writer put in a bucket its id does not hash to is no entity of this
    // document: every read and write looks for it in its own bucket.
    let present: Vec<EntityRef> =
        entities::all_in(doc, doc_id.family)?.into_iter().filter(|e| e.doc_id(layout) == doc_id).collect();
    let mut pending = Pending::default();
    for gone in stale.iter().filter(|e| !present.contains(e)) {
        remove(conn, *gone, &mut pending)?;
    }
    for e in present {
        write(conn, e, doc_id.bucket, &read(doc, e)?, &mut pending)?;
    }
    pending.flush(conn).map(drop)
}

/// The read-model table holding one kind of entity.
pub(crate) fn table_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "contact",
        Kind::Organization => "organization",
        Kind::Meeting => "meeting",
        Kind::FollowUp => "follow_up",
        Kind::Introduction => "introduction",
        Kind::Need => "need",
        Kind::Exchange => "exchange",
        Kind::Referral => "referral",
    }
}

/// Drops an entity's rows (its document no longer holds it).
fn remove(conn: &Connection, e: EntityRef, p: &mut Pending) -> Result<()> {
    let id = e.id.to_string();
    match e.kind {
        Kind::Contact => {
            delete_fts(conn, &id)?;
            contact_lists::delete(conn, &id)?;
            conn.execute("DELETE FROM contact WHERE id = ?1", [&id])?;
        }
        Kind::Organization => {
            conn.execute("DELETE FROM organization WHERE id = ?1", [&id])?;
        }
        Kind::Meeting => {
            let participants = participants_of(conn, &id)?;
            conn.execute("DELETE FROM meeting_participant WHERE meeting_id = ?1", [&id])?;
            conn.execute("DELETE FROM meeting WHERE id = ?1", [&id])?;
            for contact_id in participants {
                p.touch(&contact_id);
                p.search(&contact_id);
            }
        }
        Kind::Need => {
            conn.execute("DELETE FROM need_fts WHERE rowid = (SELECT rowid FROM need WHERE id = ?1)", [&id])?;
            conn.execute("DELETE FROM need WHERE id = ?1", [&id])?;
        }
        Kind::Referral => {
            conn.execute("DELETE FROM referral_event WHERE referral_id = ?1", [&id])?;
            conn.execute("DELETE FROM referral WHERE id = ?1", [&id])?;
        }
        Kind::Exchange => {
            let contact = exchange_contact(conn, &id)?;
            conn.execute("DELETE FROM exchange WHERE id = ?1", [&id])?;
            if let Some(contact) = contact {
                p.touch(&contact);
            }
        }
        Kind::FollowUp | Kind::Introduction => {
            conn.execute(&format!("DELETE FROM {} WHERE id = ?1", table_of(e.kind)), [&id])?;
        }
    }
    write_conflicts(conn, &id, e.kind, &[])
}

/// The key contacts sort by in lists: case- and accent-insensitive enough for a phone list.
fn sort_key(c: &Contact) -> String {
    c.name.full.to_lowercase()
}

fn write_contact(conn: &Connection, e: EntityRef, bucket: u8, c: &Contact, p: &mut Pending) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    let digests = contact_lists::digests(c);
    // `None` for a contact new to the read model: it has no list rows yet (`remove` deletes them
    // with the contact's row, and nothing else writes them).
    let stored: Option<Option<Vec<u8>>> = conn
        .prepare_cached("SELECT list_digests FROM contact WHERE id = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?;
    conn.prepare_cached(
        "INSERT INTO contact (id, bucket, full_name, given, family, phonetic, title, organization_id,
             met_event, met_place, met_date, introduced_by, familiarity, cadence_days, notes,
             created_at, updated_at, deleted_at, sort_key, tier, birthday, personal_notes, photo_type,
             merged_into, list_digests)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25)
         ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, full_name = excluded.full_name,
             given = excluded.given, family = excluded.family, phonetic = excluded.phonetic,
             title = excluded.title, organization_id = excluded.organization_id,
             met_event = excluded.met_event, met_place = excluded.met_place, met_date = excluded.met_date,
             introduced_by = excluded.introduced_by, familiarity = excluded.familiarity,
             cadence_days = excluded.cadence_days, notes = excluded.notes, created_at = excluded.created_at,
             updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, sort_key = excluded.sort_key,
             tier = excluded.tier, birthday = excluded.birthday, personal_notes = excluded.personal_notes,
             photo_type = excluded.photo_type, merged_into = excluded.merged_into,
             list_digests = excluded.list_digests",
    )?
    .execute(params![
        key,
        bucket,
        c.name.full,
        c.name.given,
        c.name.family,
        c.name.phonetic,
        c.title,
        c.organization_id.map(|o| o.to_string()),
        c.met.event,
        c.met.place,
        c.met.date.map(|d| d.to_string()),
        c.met.introduced_by.map(|i| i.to_string()),
        c.familiarity.as_str(),
        c.cadence_days,
        c.notes,
        c.created_at,
        c.updated_at,
        c.deleted_at,
        sort_key(c),
        c.tier.map(|t| t.as_str()),
        c.birthday,
        c.personal_notes,
        c.photo_type,
        c.merged_into.map(|i| i.to_string()),
        &digests,
    ])?;
    let tags_written = contact_lists::write(conn, &key, c, &digests, stored.as_ref().map(Option::as_deref))?;
    write_conflicts(conn, &key, Kind::Contact, &c.conflicts)?;
    // Needs are matched by the contact's tags too.
    if tags_written {
        let needs: Vec<String> = conn
            .prepare_cached("SELECT id FROM need WHERE contact_id = ?1")?
            .query_map([&key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        p.need_search.extend(needs);
    }
    p.touch(&key);
    p.search(&key);
    Ok(())
}

fn write_organization(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    org: &Organization,
    created_at: i64,
    p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    conn.prepare_cached(
        "INSERT INTO organization (id, bucket, name, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, name = excluded.name,
             created_at = excluded.created_at",
    )?
    .execute(params![key, bucket, org.name, created_at])?;
    // The organization may arrive after the contacts that work there (another bucket).
    let staff: Vec<String> = conn
        .prepare_cached("SELECT id FROM contact WHERE organization_id = ?1")?
        .query_map([&key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for contact_id in staff {
        p.search(&contact_id);
    }
    Ok(())
}

fn participants_of(conn: &Connection, meeting_id: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT contact_id FROM meeting_participant WHERE meeting_id = ?1")?
        .query_map([meeting_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn write_meeting(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    m: &Meeting,
    conflicts: &[FieldConflict],
    p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    let mut affected = participants_of(conn, &key)?;
    conn.prepare_cached(
        "INSERT INTO meeting (id, bucket, kind, occurred_at, title, purpose, agenda_json, notes, outcome,
             next_step, created_at, updated_at, deleted_at, asks_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, kind = excluded.kind,
             occurred_at = excluded.occurred_at, title = excluded.title, purpose = excluded.purpose,
             agenda_json = excluded.agenda_json, notes = excluded.notes, outcome = excluded.outcome,
             next_step = excluded.next_step, created_at = excluded.created_at,
             updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, asks_json = excluded.asks_json",
    )?
    .execute(params![
        key,
        bucket,
        m.kind.as_str(),
        m.occurred_at,
        m.title,
        m.purpose,
        serde_json::to_string(&m.agenda).expect("strings serialize"),
        m.notes,
        m.outcome,
        m.next_step,
        m.created_at,
        m.updated_at,
        m.deleted_at,
        serde_json::to_string(&m.asks).expect("strings serialize"),
    ])?;
    conn.prepare_cached("DELETE FROM meeting_participant WHERE meeting_id = ?1")?.execute([&key])?;
    for p in &m.participants {
        conn.prepare_cached(
            "INSERT INTO meeting_participant (meeting_id, contact_id, occurred_at, live) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![key, p.to_string(), m.occurred_at, m.deleted_at.is_none()])?;
        affected.push(p.to_string());
    }
    affected.sort();
    affected.dedup();
    for contact_id in affected {
        p.touch(&contact_id);
        p.search(&contact_id);
    }
    write_conflicts(conn, &key, Kind::Meeting, conflicts)
}

fn write_follow_up(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    f: &FollowUp,
    conflicts: &[FieldConflict],
    _p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    conn.prepare_cached(
        "INSERT INTO follow_up (id, bucket, what, due, contact_id, meeting_id, direction, status,
             snoozed_until, done_at, created_at, updated_at, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, what = excluded.what, due = excluded.due,
             contact_id = excluded.contact_id, meeting_id = excluded.meeting_id,
             direction = excluded.direction, status = excluded.status,
             snoozed_until = excluded.snoozed_until, done_at = excluded.done_at,
             created_at = excluded.created_at, updated_at = excluded.updated_at, kind = excluded.kind",
    )?
    .execute(params![
        key,
        bucket,
        f.what,
        f.due.to_string(),
        f.contact_id.map(|i| i.to_string()),
        f.meeting_id.map(|i| i.to_string()),
        f.direction.as_str(),
        f.status.as_str(),
        f.snoozed_until.map(|d| d.to_string()),
        f.done_at,
        f.created_at,
        f.updated_at,
        f.kind.map(|k| k.as_str()),
    ])?;
    write_conflicts(conn, &key, Kind::FollowUp, conflicts)
}

fn write_introduction(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    i: &Introduction,
    conflicts: &[FieldConflict],
    _p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO introduction (id, bucket, introducer_id, contact_id, meeting_id, status,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        key,
        bucket,
        i.introducer.map(|x| x.to_string()),
        i.contact.to_string(),
        i.meeting.map(|x| x.to_string()),
        i.status.as_str(),
        i.created_at,
        i.updated_at
    ])?;
    write_conflicts(conn, &key, Kind::Introduction, conflicts)
}

fn write_need(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    n: &Need,
    conflicts: &[FieldConflict],
    p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    conn.prepare_cached(
        "INSERT INTO need (id, bucket, contact_id, what, status, review_on, reviewed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, contact_id = excluded.contact_id,
             what = excluded.what, status = excluded.status, review_on = excluded.review_on,
             reviewed_at = excluded.reviewed_at, created_at = excluded.created_at, updated_at = excluded.updated_at",
    )?
    .execute(params![
        key,
        bucket,
        n.contact.to_string(),
        n.what,
        n.status.as_str(),
        n.review_on.map(|d| d.to_string()),
        n.reviewed_at,
        n.created_at,
        n.updated_at
    ])?;
    p.need_search.insert(key.clone());
    write_conflicts(conn, &key, Kind::Need, conflicts)
}

/// Rewrites a need's search row: its text and its contact's tags. Read first and inserted as
/// values, deleting only a row that exists, for the reasons `refresh_fts` gives: an INSERT ...
/// SELECT opens a statement savepoint, and at every savepoint FTS5 writes out the pending terms
/// of every search table (each contact written after a need became its own index segment).
fn refresh_need_fts(conn: &Connection, need_id: &str) -> Result<()> {
    let row: Option<(i64, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT n.rowid, n.what,
                    (SELECT group_concat(v, ' ')
                       FROM (SELECT t.tag AS v FROM contact_tag t WHERE t.contact_id = n.contact_id ORDER BY t.tag))
               FROM need n WHERE n.id = ?1",
        )?
        .query_row([need_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((rowid, what, tags)) = row else { return Ok(()) };
    let indexed: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM need_fts WHERE rowid = ?1)")?
        .query_row([rowid], |r| r.get(0))?;
    if indexed {
        conn.prepare_cached("DELETE FROM need_fts WHERE rowid = ?1")?.execute([rowid])?;
    }
    conn.prepare_cached("INSERT INTO need_fts (rowid, what, tags) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, what, tags])?;
    Ok(())
}

fn exchange_contact(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT contact_id FROM exchange WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn write_exchange(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    x: &Exchange,
    conflicts: &[FieldConflict],
    p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    let before = exchange_contact(conn, &key)?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO exchange (id, bucket, contact_id, flow, kind, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        key,
        bucket,
        x.contact.to_string(),
        x.flow.as_str(),
        x.kind.as_str(),
        x.note,
        x.at
    ])?;
    let contact = x.contact.to_string();
    p.touch(&contact);
    if let Some(old) = before.filter(|old| *old != contact) {
        p.touch(&old);
    }
    write_conflicts(conn, &key, Kind::Exchange, conflicts)
}

fn write_referral(
    conn: &Connection,
    e: EntityRef,
    bucket: u8,
    r: &Referral,
    conflicts: &[FieldConflict],
    _p: &mut Pending,
) -> Result<()> {
    let id = e.id;
    let key = id.to_string();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO referral (id, bucket, candidate_id, to_contact_id, company, status, note,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        key,
        bucket,
        r.candidate.to_string(),
        r.to_contact.map(|x| x.to_string()),
        r.company,
        r.status.as_str(),
        r.note,
        r.created_at,
        r.updated_at
    ])?;
    conn.prepare_cached("DELETE FROM referral_event WHERE referral_id = ?1")?.execute([&key])?;
    for (pos, e) in r.history.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO referral_event (referral_id, pos, status, at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![key, pos as i64, e.status.as_str(), e.at, e.note])?;
    }
    write_conflicts(conn, &key, Kind::Referral, conflicts)
}

/// The account document's rows: settings and paired devices.
struct Settings {
    values: Vec<(String, String)>,
    devices: Vec<DeviceRecord>,
}

fn read_settings(doc: &AutoCommit) -> Result<Settings> {
    Ok(Settings { values: account::settings(doc)?, devices: account::devices(doc)? })
}

fn write_settings(conn: &Connection, settings: &Settings) -> Result<()> {
    conn.execute("DELETE FROM setting", [])?;
    for (key, value) in &settings.values {
        conn.execute("INSERT INTO setting (key, value) VALUES (?1, ?2)", params![key, value])?;
    }
    conn.execute("DELETE FROM device", [])?;
    for d in &settings.devices {
        conn.execute(
            "INSERT INTO device (id, name, public_key, paired_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![d.id, d.name, d.public_key, d.paired_at, d.revoked_at],
        )?;
    }
    Ok(())
}

fn write_conflicts(
    conn: &Connection,
    entity_id: &str,
    kind: Kind,
    conflicts: &[FieldConflict],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM field_conflict WHERE entity_id = ?1")?.execute([entity_id])?;
    for c in conflicts {
        conn.prepare_cached(
            "INSERT INTO field_conflict (entity_id, kind, field, values_json) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            entity_id,
            kind.name(),
            c.field,
            serde_json::to_string(&c.values).expect("serializes")
        ])?;
    }
    Ok(())
}

fn delete_fts(conn: &Connection, contact_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_fts WHERE rowid = (SELECT rowid FROM contact WHERE id = ?1)")?
        .execute([contact_id])?;
    Ok(())
}

/// Recomputes a contact's last touch: its latest live meeting or exchange (giving or receiving
/// help is contact too). Written only when it moved.
fn refresh_touch(conn: &Connection, contact_id: &str) -> Result<()> {
    let touch: Option<i64> = conn
        .prepare_cached(
            "SELECT max(t) FROM (
                SELECT max(p.occurred_at) AS t FROM meeting_participant p WHERE p.contact_id = ?1 AND p.live
                UNION ALL
                SELECT max(x.at) FROM exchange x WHERE x.contact_id = ?1)",
        )?
        .query_row([contact_id], |r| r.get(0))?;
    conn.prepare_cached("UPDATE contact SET last_touch = ?2 WHERE id = ?1 AND last_touch IS NOT ?2")?
        .execute(params![contact_id, touch])?;
    Ok(())
}

/// Rewrites a contact's search row from the read model (its own rows, its organization's name
/// and the notes of meetings it took part in). Read first, then inserted as values: FTS5 flushes
/// its pending terms to disk at every statement savepoint, which an INSERT ... SELECT opens,
/// so each contact became its own index segment (15% of a first sync, profiled).
///
/// Lists are concatenated from subqueries ordered by the primary keys they search, not with
/// `group_concat(... ORDER BY ...)`: that form sorts in a temporary B-tree with a page cache of
/// its own, allocated and freed three times a contact (what that costs depends on the C
/// allocator: ARCHITECTURE has the figures). SQLite keeps a FROM subquery's ORDER BY under an
/// aggregate such as `group_concat`.
fn refresh_fts(conn: &Connection, rowid: i64) -> Result<()> {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT concat_ws(' ', c.full_name, c.given, c.family, c.phonetic),
                    (SELECT o.name FROM organization o WHERE o.id = c.organization_id),
                    c.title,
                    (SELECT group_concat(v, ' ')
                       FROM (SELECT e.value AS v FROM contact_email e WHERE e.contact_id = c.id ORDER BY e.pos)),
                    (SELECT group_concat(v, ' ')
                       FROM (SELECT t.tag AS v FROM contact_tag t WHERE t.contact_id = c.id ORDER BY t.tag)),
                    c.notes,
                    (SELECT group_concat(v, ' ')
                       FROM (SELECT concat_ws(' ', m.title, m.purpose, m.notes, m.outcome) AS v
                               FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
                              WHERE p.contact_id = c.id AND m.deleted_at IS NULL ORDER BY p.meeting_id)),
                    concat_ws(' ', c.met_event, c.met_place)
               FROM contact c WHERE c.rowid = ?1",
        )?
        .query_row([rowid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .optional()?;
    // Only a row that exists is deleted: FTS5 flushes when a rowid is written twice in one
    // transaction, so deleting the absent row of a new contact cost a flush per contact. A row
    // that already reads the same is left alone: most writes to a contact, or to a meeting
    // naming it, change nothing search reads (a cadence, a phone, a meeting's time), and FTS5
    // rewrites a row by tokenizing its old text to delete it and its new text to insert it.
    let indexed: Option<Row> = conn
        .prepare_cached(
            "SELECT name, organization, title, emails, tags, notes, meetings, met FROM contact_fts WHERE rowid = ?1",
        )?
        .query_row([rowid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .optional()?;
    if let Some(indexed) = indexed {
        if row.as_ref() == Some(&indexed) {
            return Ok(());
        }
        conn.prepare_cached("DELETE FROM contact_fts WHERE rowid = ?1")?.execute([rowid])?;
    }
    let Some(row) = row else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO contact_fts (rowid, name, organization, title, emails, tags, notes, meetings, met)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![rowid, row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7])?;
    Ok(())
}
