//! The read model's readers. Everything the shells list, show or search comes from here and
//! never touches an Automerge document.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter, types::Value};

use super::ConflictEntry;
use crate::doc::entities::Kind;
use crate::error::Result;
use crate::id::Id;
use crate::model::{
    Address, Contact, Email, Employment, FieldConflict, FollowUp, FollowUpStatus, Introduction, Meeting, Met,
    OtherField, PersonName, Phone, Referral, ReferralEvent,
};

/// What `contacts` lists: a search (prefix-matched words, ranked), filters, a page.
#[derive(Debug, Clone)]
pub struct ContactQuery {
    pub search: Option<String>,
    pub tag: Option<String>,
    /// The event where we met (case-insensitive, exact).
    pub event: Option<String>,
    /// The current organization's name (case-insensitive, exact).
    pub organization: Option<String>,
    /// List deleted contacts (the "recently deleted" view) instead of live ones.
    pub deleted: bool,
    pub limit: usize,
    pub offset: usize,
}

impl Default for ContactQuery {
    fn default() -> Self {
        Self {
            search: None,
            tag: None,
            event: None,
            organization: None,
            deleted: false,
            limit: 50,
            offset: 0,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FollowUpQuery {
    pub status: Option<FollowUpStatus>,
    /// Due on or before this date.
    pub due_by: Option<NaiveDate>,
    /// Not snoozed past this date.
    pub awake_on: Option<NaiveDate>,
    pub contact: Option<Id>,
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

/// A text column parsed where it lies, with no string allocated for it: `None` when NULL or
/// not parseable (a foreign writer's value is skipped, not fatal).
pub(crate) fn parsed<T: std::str::FromStr>(r: &Row, i: usize) -> rusqlite::Result<Option<T>> {
    let text = r.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(text.and_then(|s| s.parse().ok()))
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn settings_with_prefix(conn: &Connection, prefix: &str) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT key, value FROM setting WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key")?
        .query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The length of a contact's notes in characters, without reading the contact.
pub fn notes_chars(conn: &Connection, id: Id) -> Result<Option<usize>> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT length(notes) FROM contact WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(n.map(|n| n as usize))
}

pub fn contact_exists(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM contact WHERE id = ?1)")?
        .query_row([id.to_string()], |r| r.get(0))?)
}

pub fn record_exists(conn: &Connection, kind: Kind, id: Id) -> Result<bool> {
    let table = super::index::table_of(kind);
    Ok(conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"))?
        .query_row([id.to_string()], |r| r.get(0))?)
}

/// The contact a need, exchange or introduction belongs to as the read model holds it now:
/// `None` once its row is gone, and for other kinds.
pub fn contact_of(conn: &Connection, kind: Kind, id: Id) -> Result<Option<Id>> {
    let sql = match kind {
        Kind::Need => "SELECT contact_id FROM need WHERE id = ?1",
        Kind::Exchange => "SELECT contact_id FROM exchange WHERE id = ?1",
        Kind::Introduction => "SELECT contact_id FROM introduction WHERE id = ?1",
        _ => return Ok(None),
    };
    let contact: Option<String> =
        conn.prepare_cached(sql)?.query_row([id.to_string()], |r| r.get(0)).optional()?;
    Ok(contact.and_then(|c| c.parse().ok()))
}

/// The names a contact introduced.
pub fn introduced_by(conn: &Connection, introducer: Id) -> Result<Vec<Id>> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT contact_id FROM introduction WHERE introducer_id = ?1")?
        .query_map([introducer.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids.iter().filter_map(|id| id.parse().ok()).collect())
}

pub fn introduction(conn: &Connection, id: Id) -> Result<Option<Introduction>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, introducer_id, contact_id, meeting_id, status, created_at, updated_at
               FROM introduction WHERE id = ?1",
        )?
        .query_row([id.to_string()], introduction_row)
        .optional()?)
}

pub fn introductions_from(conn: &Connection, meeting: Id) -> Result<Vec<Introduction>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, introducer_id, contact_id, meeting_id, status, created_at, updated_at
               FROM introduction WHERE meeting_id = ?1 ORDER BY created_at, id",
        )?
        .query_map([meeting.to_string()], introduction_row)?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn introduction_row(r: &Row) -> rusqlite::Result<Introduction> {
    Ok(Introduction {
        id: parsed(r, 0)?.unwrap_or_else(|| Id::derived("kith/invalid", "")),
        introducer: parsed(r, 1)?,
        contact: parsed(r, 2)?.unwrap_or_else(|| Id::derived("kith/invalid", "")),
        meeting: parsed(r, 3)?,
        status: r.get::<_, String>(4)?.parse().unwrap_or(crate::model::IntroStatus::Named),
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// Everyone up the introduction chain from `contact` (who introduced them, who introduced that
/// person, …), from introductions and from "introduced by" on contacts. Stops at a repeat, so a
/// loop that arrived through a merge cannot make it run forever.
pub fn introducer_chain(conn: &Connection, contact: Id) -> Result<Vec<Id>> {
    let mut chain = Vec::new();
    let mut current = contact;
    loop {
        let up: Option<String> = conn
            .prepare_cached(
                "SELECT introducer_id FROM introduction WHERE contact_id = ?1 AND introducer_id IS NOT NULL
                 UNION ALL SELECT introduced_by FROM contact WHERE id = ?1 AND introduced_by IS NOT NULL
                 LIMIT 1",
            )?
            .query_row([current.to_string()], |r| r.get(0))
            .optional()?;
        match up.and_then(|u| u.parse::<Id>().ok()) {
            Some(next) if next != contact && !chain.contains(&next) => {
                chain.push(next);
                current = next;
            }
            _ => return Ok(chain),
        }
    }
}

pub fn referrals(conn: &Connection) -> Result<Vec<Referral>> {
    let rows: Vec<Referral> = conn
        .prepare(
            "SELECT id, candidate_id, to_contact_id, company, status, note, created_at, updated_at
               FROM referral ORDER BY created_at DESC, id",
        )?
        .query_map([], |r| {
            Ok(Referral {
                id: parsed(r, 0)?.unwrap_or_else(|| Id::derived("kith/invalid", "")),
                candidate: parsed(r, 1)?.unwrap_or_else(|| Id::derived("kith/invalid", "")),
                to_contact: parsed(r, 2)?,
                company: r.get(3)?,
                status: r.get::<_, String>(4)?.parse().unwrap_or(crate::model::ReferralStatus::Pending),
                note: r.get(5)?,
                history: Vec::new(),
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|mut referral| {
            referral.history = conn
                .prepare_cached(
                    "SELECT status, at, note FROM referral_event WHERE referral_id = ?1 ORDER BY pos",
                )?
                .query_map([referral.id.to_string()], |r| {
                    Ok(ReferralEvent {
                        status: r
                            .get::<_, String>(0)?
                            .parse()
                            .unwrap_or(crate::model::ReferralStatus::Pending),
                        at: r.get(1)?,
                        note: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(referral)
        })
        .collect()
}

pub fn organization_exists(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM organization WHERE id = ?1)")?
        .query_row([id.to_string()], |r| r.get(0))?)
}

pub fn count_contacts(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM contact WHERE deleted_at IS NULL", [], |r| r.get(0))?;
    Ok(n as u64)
}

const CONTACT_COLUMNS: &str = "c.id, c.full_name, c.given, c.family, c.phonetic, c.title, c.organization_id,
    (SELECT o.name FROM organization o WHERE o.id = c.organization_id), c.met_event, c.met_place, c.met_date,
    c.introduced_by, c.familiarity, c.cadence_days, c.notes, c.created_at, c.updated_at, c.deleted_at,
    c.tier, c.birthday, c.personal_notes, c.photo_type, c.merged_into";

fn contact_row(r: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: parsed(r, 0)?.unwrap_or_else(|| Id::derived("kith/invalid", "")),
        name: PersonName { full: r.get(1)?, given: r.get(2)?, family: r.get(3)?, phonetic: r.get(4)? },
        title: r.get(5)?,
        organization_id: parsed(r, 6)?,
        organization: r.get(7)?,
        emails: Vec::new(),
        phones: Vec::new(),
        websites: Vec::new(),
        addresses: Vec::new(),
        photo_type: r.get(21)?,
        tags: Vec::new(),
        met: Met { event: r.get(8)?, place: r.get(9)?, date: parsed(r, 10)?, introduced_by: parsed(r, 11)? },
        familiarity: r.get::<_, String>(12)?.parse().unwrap_or(crate::model::Familiarity::Unknown),
        cadence_days: r.get(13)?,
        tier: r.get::<_, Option<String>>(18)?.and_then(|t| t.parse().ok()),
        birthday: r.get(19)?,
        notes: r.get(14)?,
        personal_notes: r.get(20)?,
        other_fields: Vec::new(),
        employment: Vec::new(),
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        deleted_at: r.get(17)?,
        conflicts: Vec::new(),
        merged_into: parsed(r, 22)?,
    })
}

/// Fills the one-to-many parts of a contact.
fn complete(conn: &Connection, mut c: Contact) -> Result<Contact> {
    let key = c.id.to_string();
    c.emails = conn
        .prepare_cached("SELECT value, kind FROM contact_email WHERE contact_id = ?1 ORDER BY pos")?
        .query_map([&key], |r| Ok(Email { value: r.get(0)?, kind: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    c.phones = conn
        .prepare_cached("SELECT e164, raw, kind FROM contact_phone WHERE contact_id = ?1 ORDER BY pos")?
        .query_map([&key], |r| Ok(Phone { e164: r.get(0)?, raw: r.get(1)?, kind: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    c.websites = conn
        .prepare_cached("SELECT url FROM contact_website WHERE contact_id = ?1 ORDER BY pos")?
        .query_map([&key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    c.addresses = conn
        .prepare_cached(
            "SELECT kind, label, street, locality, region, postcode, country FROM contact_address
              WHERE contact_id = ?1 ORDER BY pos",
        )?
        .query_map([&key], |r| {
            Ok(Address {
                kind: r.get(0)?,
                label: r.get(1)?,
                street: r.get(2)?,
                locality: r.get(3)?,
                region: r.get(4)?,
                postcode: r.get(5)?,
                country: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    c.other_fields = conn
        .prepare_cached(
            "SELECT property, label, value FROM contact_other_field WHERE contact_id = ?1 ORDER BY pos",
        )?
        .query_map([&key], |r| Ok(OtherField { property: r.get(0)?, label: r.get(1)?, value: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    c.tags = conn
        .prepare_cached("SELECT tag FROM contact_tag WHERE contact_id = ?1 ORDER BY tag")?
        .query_map([&key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    c.employment = conn
        .prepare_cached(
            "SELECT e.id, e.organization_id, coalesce(o.name, ''), e.title, e.since, e.until
               FROM employment e LEFT JOIN organization o ON o.id = e.organization_id
              WHERE e.contact_id = ?1 ORDER BY e.since, e.id",
        )?
        .query_map([&key], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?
        .filter_map(|row| {
            let (id, org, organization, title, since, until) = match row {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            Some(Ok(Employment {
                id: id.parse().ok()?,
                organization_id: org.parse().ok()?,
                organization,
                title,
                since: parse_date(since),
                until: parse_date(until),
            }))
        })
        .collect::<rusqlite::Result<_>>()?;
    c.conflicts = entity_conflicts(conn, &key)?;
    Ok(c)
}

pub fn contact(conn: &Connection, id: Id) -> Result<Option<Contact>> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contact c WHERE c.id = ?1");
    let found = conn.prepare_cached(&sql)?.query_row([id.to_string()], contact_row).optional()?;
    found.map(|c| complete(conn, c)).transpose()
}

/// Turns what someone typed into an FTS5 query: every word must match as a prefix.
/// Quotes keep FTS5 syntax (AND, NEAR, *, :) in user input from being interpreted.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Searches matching at most this many contacts are ranked by BM25; broader ones (a two-letter
/// prefix, a tag half the network has) list name, organization, title and e-mail matches first,
/// then the rest, each alphabetically. BM25 costs about a microsecond per match, so ranking
/// thousands of matches would blow the search budget for no better order.
const RANKED_MATCHES: i64 = 500;

/// Name-like columns, for the first tier of broad searches.
const NAME_COLUMNS: &str = "{name organization title emails}";

/// Words a search may hold: every word must match, so more only narrow a list nobody reads, and
/// each one costs a pass over the index (4,000 words took 4 s).
pub const MAX_SEARCH_WORDS: usize = 32;

pub fn contacts(conn: &Connection, q: &ContactQuery) -> Result<Vec<Contact>> {
    if let Some(search) = &q.search
        && search
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .nth(MAX_SEARCH_WORDS)
            .is_some()
    {
        return Err(crate::error::InvalidInput::OutOfRange { field: "search (at most 32 words)" }.into());
    }
    let mut clauses =
        vec![if q.deleted { "c.deleted_at IS NOT NULL" } else { "c.deleted_at IS NULL" }.to_string()];
    let mut args: Vec<Value> = Vec::new();
    if let Some(tag) = &q.tag {
        clauses.push("EXISTS (SELECT 1 FROM contact_tag t WHERE t.contact_id = c.id AND t.tag = ?)".into());
        args.push(Value::Text(tag.trim().to_lowercase()));
    }
    if let Some(event) = &q.event {
        clauses.push("c.met_event = ? COLLATE NOCASE".into());
        args.push(Value::Text(event.trim().to_string()));
    }
    if let Some(org) = &q.organization {
        clauses.push(
            "c.organization_id IN (SELECT o.id FROM organization o WHERE o.name = ? COLLATE NOCASE)".into(),
        );
        args.push(Value::Text(org.trim().to_string()));
    }
    let filter = Filter { sql: clauses.join(" AND "), args };
    let rows = match q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => filter.page(conn, None, "", "c.sort_key, c.id", q.limit, q.offset)?,
        // Only punctuation: nothing can match.
        Some(text) => match fts_query(text) {
            Some(m) => search(conn, &filter, &m, q.limit, q.offset)?,
            None => Vec::new(),
        },
    };
    rows.into_iter().map(|c| complete(conn, c)).collect()
}

struct Filter {
    sql: String,
    args: Vec<Value>,
}

impl Filter {
    /// One page of contacts passing the filter (and, if given, matching `fts`).
    fn page(
        &self,
        conn: &Connection,
        fts: Option<&str>,
        join: &str,
        order: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Contact>> {
        let matching = if fts.is_some() && join.is_empty() {
            " AND c.rowid IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)"
        } else if fts.is_some() {
            " AND contact_fts MATCH ?"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contact c{join} WHERE {}{matching} ORDER BY {order} LIMIT ? OFFSET ?",
            self.sql
        );
        let mut args = self.args.clone();
        args.extend(fts.map(|m| Value::Text(m.to_string())));
        args.extend([Value::Integer(limit as i64), Value::Integer(offset as i64)]);
        Ok(conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args), contact_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn count(&self, conn: &Connection, fts: &str) -> Result<usize> {
        let sql = format!(
            "SELECT count(*) FROM contact c WHERE {} AND c.rowid IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)",
            self.sql
        );
        let mut args = self.args.clone();
        args.push(Value::Text(fts.to_string()));
        let n: i64 = conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }
}

/// An upper bound on how many contacts match every word, from the index's vocabulary (no match
/// is enumerated); `None` when a word needs folding the vocabulary cannot be searched with.
fn estimate_matches(conn: &Connection, m: &str) -> Result<Option<i64>> {
    let mut estimate: Option<i64> = None;
    for word in m.split(' ').map(|w| w.trim_matches(|c| c == '"' || c == '*')) {
        if !word.is_ascii() || word.is_empty() {
            return Ok(None);
        }
        let low = word.to_ascii_lowercase();
        let mut high = low.clone().into_bytes();
        *high.last_mut().expect("non-empty") += 1;
        let high = String::from_utf8(high).expect("ASCII stays ASCII");
        let n: i64 = conn
            .prepare_cached("SELECT coalesce(sum(doc), 0) FROM contact_vocab WHERE term >= ?1 AND term < ?2")?
            .query_row([&low, &high], |r| r.get(0))?;
        estimate = Some(estimate.map_or(n, |e| e.min(n)));
    }
    Ok(estimate)
}

fn search(conn: &Connection, filter: &Filter, m: &str, limit: usize, offset: usize) -> Result<Vec<Contact>> {
    let matches: i64 = match estimate_matches(conn, m)? {
        Some(n) => n,
        None => conn
            .prepare_cached("SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ?1")?
            .query_row([m], |r| r.get(0))?,
    };
    if matches <= RANKED_MATCHES {
        // Name matches weigh most, then organization and e-mail, then the rest.
        let order = "bm25(contact_fts, 10.0, 4.0, 3.0, 4.0, 3.0, 1.0, 1.0, 2.0), c.sort_key, c.id";
        return filter.page(
            conn,
            Some(m),
            " JOIN contact_fts ON contact_fts.rowid = c.rowid",
            order,
            limit,
            offset,
        );
    }
    let names = format!("{NAME_COLUMNS} : ({m})");
    let rest = format!("({m}) NOT ({names})");
    let in_names = filter.count(conn, &names)?;
    let order = "c.sort_key, c.id";
    let mut rows = if offset < in_names {
        filter.page(conn, Some(&names), "", order, limit, offset)?
    } else {
        Vec::new()
    };
    if rows.len() < limit {
        let more =
            filter.page(conn, Some(&rest), "", order, limit - rows.len(), offset.saturating_sub(in_names))?;
        rows.extend(more);
    }
    Ok(rows)
}

fn values_of(json: &str) -> Vec<Option<String>> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Conflicts of one entity, with organization ids shown as names.
fn entity_conflicts(conn: &Connection, entity_id: &str) -> Result<Vec<FieldConflict>> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached("SELECT field, values_json FROM field_conflict WHERE entity_id = ?1 ORDER BY field")?
        .query_map([entity_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(field, json)| {
            Ok(FieldConflict { values: display_values(conn, &field, values_of(&json))?, field })
        })
        .collect()
}

fn display_values(
    conn: &Connection,
    field: &str,
    values: Vec<Option<String>>,
) -> Result<Vec<Option<String>>> {
    if field != "organization" {
        return Ok(values);
    }
    values
        .into_iter()
        .map(|v| match v {
            Some(id) => Ok(Some(
                conn.query_row("SELECT name FROM organization WHERE id = ?1", [&id], |r| r.get(0))
                    .optional()?
                    .unwrap_or(id),
            )),
            None => Ok(None),
        })
        .collect()
}

pub fn conflicts(conn: &Connection) -> Result<Vec<ConflictEntry>> {
    let rows: Vec<(String, String, String, String)> = conn
        .prepare("SELECT entity_id, kind, field, values_json FROM field_conflict ORDER BY entity_id, field")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, kind, field, json) in rows {
        let (Ok(entity_id), Some(kind)) = (id.parse(), Kind::ALL.into_iter().find(|k| k.name() == kind))
        else {
            continue;
        };
        let values = display_values(conn, &field, values_of(&json))?;
        out.push(ConflictEntry { entity_id, kind: kind.name(), conflict: FieldConflict { field, values } });
    }
    Ok(out)
}

pub fn conflict_kind(conn: &Connection, entity_id: Id, field: &str) -> Result<Option<Kind>> {
    let kind: Option<String> = conn
        .query_row(
            "SELECT kind FROM field_conflict WHERE entity_id = ?1 AND field = ?2",
            [entity_id.to_string(), field.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(kind.and_then(|k| Kind::ALL.into_iter().find(|kind| kind.name() == k)))
}

const MEETING_COLUMNS: &str = "id, kind, occurred_at, title, purpose, agenda_json, notes, outcome, next_step,
    created_at, updated_at, deleted_at, asks_json";

fn meeting_row(conn: &Connection, r: &Row) -> rusqlite::Result<Meeting> {
    let id: String = r.get(0)?;
    let participants = conn
        .prepare_cached(
            "SELECT contact_id FROM meeting_participant WHERE meeting_id = ?1 ORDER BY contact_id",
        )?
        .query_map([&id], |r| r.get::<_, String>(0))?
        .filter_map(|p| p.map(|p| p.parse().ok()).transpose())
        .collect::<rusqlite::Result<_>>()?;
    Ok(Meeting {
        id: id.parse().unwrap_or_else(|_| Id::derived("kith/invalid", "")),
        kind: r.get::<_, String>(1)?.parse().unwrap_or(crate::model::MeetingKind::Networking),
        occurred_at: r.get(2)?,
        participants,
        title: r.get(3)?,
        purpose: r.get(4)?,
        agenda: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
        notes: r.get(6)?,
        outcome: r.get(7)?,
        next_step: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        deleted_at: r.get(11)?,
        asks: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
    })
}

pub fn meeting(conn: &Connection, id: Id) -> Result<Option<Meeting>> {
    let sql = format!("SELECT {MEETING_COLUMNS} FROM meeting WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id.to_string()], |r| meeting_row(conn, r)).optional()?)
}

pub fn meetings_with(conn: &Connection, contact: Id) -> Result<Vec<Meeting>> {
    let sql = format!(
        "SELECT {MEETING_COLUMNS} FROM meeting WHERE deleted_at IS NULL AND id IN
           (SELECT meeting_id FROM meeting_participant WHERE contact_id = ?1)
         ORDER BY occurred_at DESC, id"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([contact.to_string()], |r| meeting_row(conn, r))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) const FOLLOW_UP_COLUMNS: &str =
    "id, what, due, contact_id, meeting_id, direction, status, snoozed_until, done_at,
    created_at, updated_at, kind";

pub(crate) fn follow_up_row(r: &Row) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: parsed(r, 0)?.unwrap_or_else(|| Id::derived("kith/invalid", "")),
        what: r.get(1)?,
        due: parsed(r, 2)?.unwrap_or_default(),
        contact_id: parsed(r, 3)?,
        meeting_id: parsed(r, 4)?,
        direction: parsed(r, 5)?.unwrap_or(crate::model::Direction::IOwe),
        status: parsed(r, 6)?.unwrap_or(FollowUpStatus::Open),
        snoozed_until: parsed(r, 7)?,
        done_at: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        kind: parsed(r, 11)?,
    })
}

pub fn follow_up(conn: &Connection, id: Id) -> Result<Option<FollowUp>> {
    let sql = format!("SELECT {FOLLOW_UP_COLUMNS} FROM follow_up WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id.to_string()], follow_up_row).optional()?)
}

pub fn follow_ups(conn: &Connection, q: &FollowUpQuery) -> Result<Vec<FollowUp>> {
    let mut sql = format!("SELECT {FOLLOW_UP_COLUMNS} FROM follow_up WHERE 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(status) = q.status {
        sql.push_str(" AND status = ?");
        args.push(Value::Text(status.as_str().into()));
    }
    if let Some(due_by) = q.due_by {
        sql.push_str(" AND due <= ?");
        args.push(Value::Text(due_by.to_string()));
    }
    if let Some(day) = q.awake_on {
        sql.push_str(" AND (snoozed_until IS NULL OR snoozed_until <= ?)");
        args.push(Value::Text(day.to_string()));
    }
    if let Some(contact) = q.contact {
        sql.push_str(" AND contact_id = ?");
        args.push(Value::Text(contact.to_string()));
    }
    sql.push_str(" ORDER BY due, created_at, id");
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(args), follow_up_row)?
        .collect::<rusqlite::Result<_>>()?)
}
