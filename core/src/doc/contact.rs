//! A contact inside a contacts bucket: `contacts.<id>` is a map of registers (name, title, …),
//! keyed maps for e-mails, phones and websites (concurrent adds both survive), a map used as a
//! set for tags, a text for notes (concurrent typing merges) and a map of employment stretches.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, transaction::Transactable};

use super::entities::{EntityRef, Kind, find};
use super::record::Record;
use super::values::{self, object, opt_str, string};
use crate::error::Result;
use crate::id::Id;
use crate::model::validate::{address_key, email_key, phone_key};
use crate::model::{
    Address, Contact, Email, Employment, Familiarity, Met, OtherField, PersonName, Phone, Photo,
};

/// Registers whose concurrent values surface as field conflicts. `updated_at` is left out on
/// purpose: two devices editing different fields always race on it, and the winner is fine.
pub const REGISTERS: &[&str] = &[
    "name",
    "given",
    "family",
    "phonetic",
    "title",
    "organization",
    "met_event",
    "met_place",
    "met_date",
    "introduced_by",
    "familiarity",
    "cadence_days",
    "tier",
    "birthday",
    "deleted_at",
];

const EMAILS: &str = "emails";
const PHONES: &str = "phones";
const WEBSITES: &str = "websites";
const ADDRESSES: &str = "addresses";
const TAGS: &str = "tags";
const NOTES: &str = "notes";
const PERSONAL_NOTES: &str = "personal_notes";
const EMPLOYMENT: &str = "employment";

pub fn find_contact(doc: &AutoCommit, id: Id) -> Result<Option<ObjId>> {
    find(doc, EntityRef::new(Kind::Contact, id))
}

/// A contact about to be created, put into its bucket whole (`record` says why): the map,
/// containers and fields `write_fields` would give an empty contact (a scenario compares them).
pub struct Whole {
    record: Record,
    tags: Vec<(String, ScalarValue)>,
    employment: Vec<(String, Vec<(&'static str, ScalarValue)>)>,
}

impl Whole {
    /// The contact's map with every container it will ever hold, so that no two devices later
    /// create the same container concurrently (which would hide one side's writes).
    pub fn new(now: i64) -> Self {
        let mut record = Record::new(now);
        for key in [EMAILS, PHONES, WEBSITES, ADDRESSES] {
            record.map(key, []);
        }
        record.text(NOTES, "");
        record.text(PERSONAL_NOTES, "");
        record.put("deleted_at", ScalarValue::Null);
        record.put("familiarity", Familiarity::Unknown.as_str().into());
        Whole { record, tags: Vec::new(), employment: Vec::new() }
    }

    pub fn put(&mut self, key: &str, value: ScalarValue) {
        self.record.put(key, value);
    }

    /// A keyed collection's items as a new item gets them: absent fields need no null.
    fn keyed(&mut self, key: &str, items: Items) {
        let items = ranked_items(items)
            .map(|(item_key, fields)| (item_key, fields.filter(|(_, v)| *v != ScalarValue::Null)));
        self.record.map_of_maps(key, items);
    }

    pub fn emails(&mut self, emails: &[Email]) {
        self.keyed(EMAILS, email_items(emails));
    }

    pub fn phones(&mut self, phones: &[Phone]) {
        self.keyed(PHONES, phone_items(phones));
    }

    pub fn websites(&mut self, urls: &[String]) {
        self.keyed(WEBSITES, website_items(urls));
    }

    pub fn addresses(&mut self, addresses: &[Address]) {
        self.keyed(ADDRESSES, address_items(addresses));
    }

    pub fn tag(&mut self, tag: &str) {
        self.tags.push((tag.into(), true.into()));
    }

    pub fn photo(&mut self, photo: Option<&Photo>) {
        let (bytes, media_type) = photo_registers(photo);
        self.put("photo", bytes);
        self.put("photo_type", media_type);
    }

    pub fn other_fields(&mut self, fields: &[OtherField]) -> Result<()> {
        for f in fields {
            self.put(&other_key(f), other_encoded(f)?.into());
        }
        Ok(())
    }

    pub fn notes(&mut self, notes: &str) {
        self.record.text(NOTES, notes);
    }

    pub fn start_employment(
        &mut self,
        employment_id: Id,
        organization: Id,
        title: Option<&str>,
        since: &str,
    ) {
        self.employment.push((employment_id.to_string(), stretch_fields(organization, title, since)));
    }

    pub fn insert(self, doc: &mut AutoCommit, id: Id) -> Result<ObjId> {
        let Whole { mut record, tags, employment } = self;
        record.map(TAGS, tags);
        record.map_of_maps(EMPLOYMENT, employment);
        record.insert(doc, EntityRef::new(Kind::Contact, id))
    }
}

fn child(doc: &AutoCommit, obj: &ObjId, key: &str, kind: ObjType) -> Result<ObjId> {
    object(doc, obj, key, kind)?
        .ok_or(crate::error::Error::Schema { expected: "contacts are created with all their containers" })
}

pub fn put(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: ScalarValue) -> Result<()> {
    doc.put(obj, key, value)?;
    Ok(())
}

pub fn touch(doc: &mut AutoCommit, obj: &ObjId, now: i64) -> Result<()> {
    put(doc, obj, "updated_at", ScalarValue::Timestamp(now))
}

/// A keyed collection's items: each item's key and its fields.
type Items = Vec<(String, Vec<(&'static str, ScalarValue)>)>;

/// Items with their rank, the order every replica shows them in.
fn ranked_items(
    items: Items,
) -> impl Iterator<Item = (String, impl Iterator<Item = (&'static str, ScalarValue)>)> {
    items.into_iter().enumerate().map(|(rank, (key, fields))| {
        (key, fields.into_iter().chain([("rank", ScalarValue::Int(rank as i64))]))
    })
}

/// Replaces a keyed collection with `items`: absent keys go, new keys come, kept keys are
/// updated only where a value differs (so an untouched e-mail never conflicts).
fn replace_keyed(doc: &mut AutoCommit, obj: &ObjId, key: &str, items: Items) -> Result<()> {
    let map = child(doc, obj, key, ObjType::Map)?;
    let existing: Vec<String> = doc.keys(&map).collect();
    for old in existing.iter().filter(|k| !items.iter().any(|(new, _)| new == *k)) {
        doc.delete(&map, old.as_str())?;
    }
    for (item_key, fields) in ranked_items(items) {
        let (item, fresh) = match object(doc, &map, &item_key, ObjType::Map)? {
            Some(item) => (item, false),
            None => (doc.put_object(&map, item_key.as_str(), ObjType::Map)?, true),
        };
        for (field, value) in fields {
            // A new item has nothing to compare with; absent fields need no null written.
            let write = if fresh {
                value != ScalarValue::Null
            } else {
                values::scalar(doc, &item, field)?.as_ref() != Some(&value)
            };
            if write {
                doc.put(&item, field, value)?;
            }
        }
    }
    Ok(())
}

fn opt(value: &Option<String>) -> ScalarValue {
    opt_str(value.as_deref())
}

fn email_items(emails: &[Email]) -> Items {
    emails
        .iter()
        .map(|e| (email_key(&e.value), vec![("value", e.value.as_str().into()), ("kind", opt(&e.kind))]))
        .collect()
}

fn phone_items(phones: &[Phone]) -> Items {
    phones
        .iter()
        .map(|p| {
            let fields = vec![("e164", opt(&p.e164)), ("raw", p.raw.as_str().into()), ("kind", opt(&p.kind))];
            (phone_key(p), fields)
        })
        .collect()
}

fn website_items(urls: &[String]) -> Items {
    urls.iter().map(|u| (u.clone(), Vec::new())).collect()
}

fn address_items(addresses: &[Address]) -> Items {
    addresses
        .iter()
        .map(|a| {
            let fields = vec![
                ("kind", opt(&a.kind)),
                ("label", a.label.as_str().into()),
                ("street", opt(&a.street)),
                ("locality", opt(&a.locality)),
                ("region", opt(&a.region)),
                ("postcode", opt(&a.postcode)),
                ("country", opt(&a.country)),
            ];
            (address_key(&a.label), fields)
        })
        .collect()
}

pub fn set_emails(doc: &mut AutoCommit, obj: &ObjId, emails: &[Email]) -> Result<()> {
    replace_keyed(doc, obj, EMAILS, email_items(emails))
}

pub fn set_phones(doc: &mut AutoCommit, obj: &ObjId, phones: &[Phone]) -> Result<()> {
    replace_keyed(doc, obj, PHONES, phone_items(phones))
}

pub fn set_websites(doc: &mut AutoCommit, obj: &ObjId, urls: &[String]) -> Result<()> {
    replace_keyed(doc, obj, WEBSITES, website_items(urls))
}

/// Contacts written before addresses existed lack the map; it is created on their first
/// address (two devices doing that concurrently would keep one side's addresses only).
pub fn set_addresses(doc: &mut AutoCommit, obj: &ObjId, addresses: &[Address]) -> Result<()> {
    if object(doc, obj, ADDRESSES, ObjType::Map)?.is_none() {
        doc.put_object(obj, ADDRESSES, ObjType::Map)?;
    }
    replace_keyed(doc, obj, ADDRESSES, address_items(addresses))
}

/// The photo is a plain register pair: the last device to set it wins, without a conflict.
/// Other fields live as registers `other.<hash of the field>` on the contact itself rather than
/// in a container: contacts made before other fields existed have no such container, and two
/// devices creating it concurrently would hide one side's fields. A field is immutable under its
/// key, so concurrent adds of different fields both survive and an edit is a delete plus an add.
const OTHER_PREFIX: &str = "other.";

fn other_key(f: &OtherField) -> String {
    let mut h = blake3::Hasher::new();
    for part in [f.property.as_str(), f.label.as_deref().unwrap_or(""), f.value.as_str()] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    let hex: String = h.finalize().as_bytes()[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{OTHER_PREFIX}{hex}")
}

fn other_encoded(f: &OtherField) -> Result<String> {
    serde_json::to_string(&(&f.property, &f.label, &f.value))
        .map_err(|_| crate::error::Error::Schema { expected: "an other field that encodes" })
}

/// Replaces the other fields with `fields`, touching only those that come or go.
pub fn set_other_fields(doc: &mut AutoCommit, obj: &ObjId, fields: &[OtherField]) -> Result<()> {
    let wanted: Vec<(String, &OtherField)> = fields.iter().map(|f| (other_key(f), f)).collect();
    let existing: Vec<String> = doc.keys(obj).filter(|k| k.starts_with(OTHER_PREFIX)).collect();
    for old in existing.iter().filter(|k| !wanted.iter().any(|(w, _)| w == *k)) {
        doc.delete(obj, old.as_str())?;
    }
    for (key, f) in wanted.iter().filter(|(k, _)| !existing.contains(k)) {
        doc.put(obj, key.as_str(), other_encoded(f)?)?;
    }
    Ok(())
}

/// The other fields in one order on every replica: by property, then value.
fn read_other_fields(f: &values::Fields) -> Vec<OtherField> {
    let mut out: Vec<OtherField> = f
        .strings_with_prefix(OTHER_PREFIX)
        .into_iter()
        .filter_map(|(_, encoded)| {
            let (property, label, value) = serde_json::from_str(&encoded).ok()?;
            Some(OtherField { property, label, value })
        })
        .collect();
    out.sort();
    out
}

fn photo_registers(photo: Option<&Photo>) -> (ScalarValue, ScalarValue) {
    match photo {
        Some(p) => (ScalarValue::Bytes(p.bytes.clone()), p.media_type.as_str().into()),
        None => (ScalarValue::Null, ScalarValue::Null),
    }
}

pub fn set_photo(doc: &mut AutoCommit, obj: &ObjId, photo: Option<&Photo>) -> Result<()> {
    let (bytes, media_type) = photo_registers(photo);
    doc.put(obj, "photo", bytes)?;
    doc.put(obj, "photo_type", media_type)?;
    Ok(())
}

pub fn read_photo(doc: &AutoCommit, id: Id) -> Result<Option<Photo>> {
    let Some(obj) = find_contact(doc, id)? else { return Ok(None) };
    let media_type = string(doc, &obj, "photo_type")?;
    Ok(match (values::scalar(doc, &obj, "photo")?, media_type) {
        (Some(ScalarValue::Bytes(bytes)), Some(media_type)) => Some(Photo { media_type, bytes }),
        _ => None,
    })
}

pub fn add_tag(doc: &mut AutoCommit, obj: &ObjId, tag: &str) -> Result<()> {
    let tags = child(doc, obj, TAGS, ObjType::Map)?;
    if doc.get(&tags, tag)?.is_none() {
        doc.put(&tags, tag, true)?;
    }
    Ok(())
}

pub fn remove_tag(doc: &mut AutoCommit, obj: &ObjId, tag: &str) -> Result<()> {
    let tags = child(doc, obj, TAGS, ObjType::Map)?;
    if doc.get(&tags, tag)?.is_some() {
        doc.delete(&tags, tag)?;
    }
    Ok(())
}

/// Replaces the notes with a minimal splice, so a concurrent edit elsewhere in the text survives.
pub fn set_notes(doc: &mut AutoCommit, obj: &ObjId, notes: &str) -> Result<()> {
    let text = child(doc, obj, NOTES, ObjType::Text)?;
    doc.update_text(&text, notes)?;
    Ok(())
}

pub fn set_personal_notes(doc: &mut AutoCommit, obj: &ObjId, notes: &str) -> Result<()> {
    let text = child(doc, obj, PERSONAL_NOTES, ObjType::Text)?;
    doc.update_text(&text, notes)?;
    Ok(())
}

pub fn append_notes(doc: &mut AutoCommit, obj: &ObjId, addition: &str) -> Result<()> {
    let text = child(doc, obj, NOTES, ObjType::Text)?;
    let current = doc.text(&text)?;
    let glue = if current.is_empty() || current.ends_with('\n') { "" } else { "\n" };
    let end = doc.length(&text);
    doc.splice_text(&text, end, 0, &format!("{glue}{addition}"))?;
    Ok(())
}

/// Closes every open employment stretch on `since` and opens a new one.
pub fn start_employment(
    doc: &mut AutoCommit,
    obj: &ObjId,
    employment_id: Id,
    organization: Id,
    title: Option<&str>,
    since: &str,
) -> Result<()> {
    let map = child(doc, obj, EMPLOYMENT, ObjType::Map)?;
    end_employment(doc, obj, since)?;
    let stretch = doc.put_object(&map, employment_id.to_string(), ObjType::Map)?;
    for (field, value) in stretch_fields(organization, title, since) {
        doc.put(&stretch, field, value)?;
    }
    Ok(())
}

/// An open employment stretch's fields, for a new contact and for a change of job alike.
fn stretch_fields(organization: Id, title: Option<&str>, since: &str) -> Vec<(&'static str, ScalarValue)> {
    vec![
        ("organization", organization.to_string().into()),
        ("title", opt_str(title)),
        ("since", since.into()),
        ("until", ScalarValue::Null),
    ]
}

pub fn end_employment(doc: &mut AutoCommit, obj: &ObjId, until: &str) -> Result<()> {
    let map = child(doc, obj, EMPLOYMENT, ObjType::Map)?;
    for stretch in open_stretches(doc, &map)? {
        doc.put(&stretch, "until", until)?;
    }
    Ok(())
}

/// The current job's title follows the contact's title.
pub fn retitle_current_employment(doc: &mut AutoCommit, obj: &ObjId, title: Option<&str>) -> Result<()> {
    let map = child(doc, obj, EMPLOYMENT, ObjType::Map)?;
    for stretch in open_stretches(doc, &map)? {
        doc.put(&stretch, "title", opt_str(title))?;
    }
    Ok(())
}

fn open_stretches(doc: &AutoCommit, map: &ObjId) -> Result<Vec<ObjId>> {
    let mut open = Vec::new();
    for key in doc.keys(map).collect::<Vec<_>>() {
        if let Some(stretch) = object(doc, map, &key, ObjType::Map)?
            && string(doc, &stretch, "until")?.is_none()
        {
            open.push(stretch);
        }
    }
    Ok(open)
}

/// Reads a contact back. Organization names are left empty: they live in other buckets and
/// the read model joins them in.
pub fn read(doc: &AutoCommit, id: Id) -> Result<Option<Contact>> {
    let Some(obj) = find_contact(doc, id)? else {
        return Ok(None);
    };
    let f = values::fields(doc, &obj);
    let s = |key| f.string(key);
    Ok(Some(Contact {
        id,
        name: PersonName {
            full: s("name").unwrap_or_default(),
            given: s("given"),
            family: s("family"),
            phonetic: s("phonetic"),
        },
        title: s("title"),
        organization: None,
        organization_id: f.parsed("organization"),
        emails: ranked(doc, f.object(EMAILS, ObjType::Map))
            .into_iter()
            .filter_map(|(_, item)| Some(Email { value: item.string("value")?, kind: item.string("kind") }))
            .collect(),
        phones: ranked(doc, f.object(PHONES, ObjType::Map))
            .into_iter()
            .filter_map(|(_, item)| {
                Some(Phone { e164: item.string("e164"), raw: item.string("raw")?, kind: item.string("kind") })
            })
            .collect(),
        websites: ranked(doc, f.object(WEBSITES, ObjType::Map)).into_iter().map(|(key, _)| key).collect(),
        addresses: ranked(doc, f.object(ADDRESSES, ObjType::Map))
            .into_iter()
            .filter_map(|(_, item)| {
                Some(Address {
                    kind: item.string("kind"),
                    label: item.string("label")?,
                    street: item.string("street"),
                    locality: item.string("locality"),
                    region: item.string("region"),
                    postcode: item.string("postcode"),
                    country: item.string("country"),
                })
            })
            .collect(),
        photo_type: s("photo_type"),
        tags: f.key_set(doc, TAGS),
        met: Met {
            event: s("met_event"),
            place: s("met_place"),
            date: f.parsed("met_date"),
            introduced_by: f.parsed("introduced_by"),
        },
        familiarity: f.parsed("familiarity").unwrap_or(Familiarity::Unknown),
        cadence_days: f.int("cadence_days").and_then(|d| u32::try_from(d).ok()),
        tier: f.parsed("tier"),
        birthday: s("birthday"),
        notes: f.text(doc, NOTES)?,
        personal_notes: f.text(doc, PERSONAL_NOTES)?,
        other_fields: read_other_fields(&f),
        employment: read_employment(doc, f.object(EMPLOYMENT, ObjType::Map)),
        created_at: f.int("created_at").unwrap_or_default(),
        updated_at: f.int("updated_at").unwrap_or_default(),
        deleted_at: f.int("deleted_at"),
        conflicts: f.conflicts(doc, &obj, REGISTERS)?,
        merged_into: f.parsed("merged_into"),
    }))
}

/// Items of a keyed collection ordered by rank, then key: the same order on every replica.
fn ranked(doc: &AutoCommit, map: Option<ObjId>) -> Vec<(String, values::Fields)> {
    let Some(map) = map else { return Vec::new() };
    // The items come with the collection's own fields: no second walk for its keys.
    let mut items: Vec<(i64, String, values::Fields)> = values::fields(doc, &map)
        .objects(ObjType::Map)
        .map(|(k, item)| {
            let item = values::fields(doc, item);
            (item.int("rank").unwrap_or(i64::MAX), k.to_string(), item)
        })
        .collect();
    items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    items.into_iter().map(|(_, k, item)| (k, item)).collect()
}

fn read_employment(doc: &AutoCommit, map: Option<ObjId>) -> Vec<Employment> {
    let Some(map) = map else { return Vec::new() };
    let mut out: Vec<Employment> = values::fields(doc, &map)
        .objects(ObjType::Map)
        .filter_map(|(key, stretch)| {
            let id = key.parse::<Id>().ok()?;
            let stretch = values::fields(doc, stretch);
            Some(Employment {
                id,
                organization_id: stretch.string("organization")?.parse().ok()?,
                organization: String::new(),
                title: stretch.string("title"),
                since: stretch.string("since").and_then(|d| d.parse().ok()),
                until: stretch.string("until").and_then(|d| d.parse().ok()),
            })
        })
        .collect();
    out.sort_by_key(|e| (e.since, e.id));
    out
}
