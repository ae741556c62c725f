//! Contact operations: validate, then write through the batch. Reads come from the read model.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ScalarValue};
use rusqlite::OptionalExtension;

use super::batch::Batch;
use super::{ContactQuery, Store, query};
use crate::doc::entities::{EntityRef, Kind, find};
use crate::doc::values::{self, opt_str};
use crate::doc::{contact as doc_contact, organization as doc_org};
use crate::error::{Error, InvalidInput, Result};
use crate::id::Id;
use crate::model::{
    Address, Contact, ContactPatch, Email, Familiarity, FieldConflict, NewContact, Organization, OtherField,
    Phone, Photo,
};
use crate::model::{limits, validate};

/// A field conflict on any entity, as listed for the user to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictEntry {
    pub entity_id: Id,
    pub kind: &'static str,
    pub conflict: FieldConflict,
}

/// A patch whose every value has been validated and normalized.
#[derive(Default)]
pub(super) struct Checked {
    registers: Vec<(&'static str, ScalarValue)>,
    organization: Option<Option<Organization>>,
    title: Option<Option<String>>,
    emails: Option<Vec<Email>>,
    phones: Option<Vec<Phone>>,
    websites: Option<Vec<String>>,
    addresses: Option<Vec<Address>>,
    other_fields: Option<Vec<OtherField>>,
    photo: Option<Option<Photo>>,
    add_tags: Vec<String>,
    remove_tags: Vec<String>,
}

fn opt_text(v: &Option<String>) -> ScalarValue {
    opt_str(validate::optional_text(v.as_deref()).as_deref())
}

/// Splits a full name into given and family names when they were not given: first word and
/// the rest. Capture does better with script-aware rules; this is for typed names.
fn split_name(full: &str) -> (Option<String>, Option<String>) {
    match full.split_once(' ') {
        Some((given, family)) => (Some(given.to_string()), Some(family.to_string())),
        None => (Some(full.to_string()), None),
    }
}

impl Store {
    fn region_for(&self, explicit: Option<&str>) -> Result<Option<String>> {
        match explicit {
            Some(r) => Ok(Some(validate::region(r)?.as_ref().to_string())),
            None => self.default_region(),
        }
    }

    pub(super) fn check(&self, patch: &ContactPatch) -> Result<Checked> {
        limits::patch(patch)?;
        let region = self.region_for(patch.region.as_deref())?;
        let mut c = Checked::default();
        if let Some(name) = &patch.name {
            c.registers.push(("name", validate::name(name)?.into()));
        }
        for (key, value) in [
            ("given", &patch.given),
            ("family", &patch.family),
            ("phonetic", &patch.phonetic),
            ("met_event", &patch.met_event),
            ("met_place", &patch.met_place),
        ] {
            if let Some(v) = value {
                c.registers.push((key, opt_text(v)));
            }
        }
        if let Some(title) = &patch.title {
            let title = validate::optional_text(title.as_deref());
            c.registers.push(("title", opt_str(title.as_deref())));
            c.title = Some(title);
        }
        if let Some(org) = &patch.organization {
            let org = validate::optional_text(org.as_deref())
                .map(|name| Organization { id: Organization::id_for_name(&name), name });
            c.registers.push(("organization", opt_str(org.as_ref().map(|o| o.id.to_string()).as_deref())));
            c.organization = Some(org);
        }
        if let Some(date) = patch.met_date {
            c.registers.push(("met_date", opt_str(date.map(|d| d.to_string()).as_deref())));
        }
        if let Some(by) = patch.introduced_by {
            if let Some(by) = by {
                query::contact_exists(&self.conn, by)?
                    .then_some(())
                    .ok_or_else(|| Error::not_found("contact", by))?;
            }
            c.registers.push(("introduced_by", opt_str(by.map(|i| i.to_string()).as_deref())));
        }
        if let Some(f) = patch.familiarity {
            c.registers.push(("familiarity", f.as_str().into()));
        }
        if let Some(tier) = patch.tier {
            c.registers.push(("tier", opt_str(tier.map(|t| t.as_str()))));
        }
        if let Some(birthday) = &patch.birthday {
            let birthday = birthday.as_deref().map(validate::birthday).transpose()?;
            c.registers.push(("birthday", opt_str(birthday.as_deref())));
        }
        if let Some(days) = patch.cadence_days {
            if days == Some(0) {
                return Err(InvalidInput::OutOfRange { field: "cadence_days" }.into());
            }
            c.registers
                .push(("cadence_days", days.map_or(ScalarValue::Null, |d| ScalarValue::Int(d.into()))));
        }
        if let Some(emails) = &patch.emails {
            c.emails =
                Some(dedup_by(emails.iter().map(|e| validate::email(e)).collect::<Result<_, _>>()?, |e| {
                    validate::email_key(&e.value)
                }));
        }
        if let Some(phones) = &patch.phones {
            let parse =
                if patch.keep_unverified_phones { validate::phone_or_unverified } else { validate::phone };
            let parsed = phones.iter().map(|p| parse(p, region.as_deref())).collect::<Result<_, _>>()?;
            c.phones = Some(dedup_by(parsed, validate::phone_key));
        }
        if let Some(sites) = &patch.websites {
            c.websites = Some(dedup_by(
                sites.iter().map(|u| validate::url(u)).collect::<Result<_, _>>()?,
                Clone::clone,
            ));
        }
        if let Some(addresses) = &patch.addresses {
            c.addresses =
                Some(dedup_by(addresses.iter().map(validate::address).collect::<Result<_, _>>()?, |a| {
                    validate::address_key(&a.label)
                }));
        }
        if let Some(fields) = &patch.other_fields {
            let mut fields = fields.iter().map(validate::other_field).collect::<Result<Vec<_>, _>>()?;
            fields.sort();
            fields.dedup();
            c.other_fields = Some(fields);
        }
        if let Some(photo) = &patch.photo {
            c.photo = Some(photo.as_ref().map(validate::photo).transpose()?);
        }
        c.add_tags = patch.add_tags.iter().map(|t| validate::tag(t)).collect::<Result<_, _>>()?;
        c.remove_tags = patch.remove_tags.iter().map(|t| validate::tag(t)).collect::<Result<_, _>>()?;
        Ok(c)
    }

    pub fn add_contact(&mut self, new: NewContact) -> Result<Contact> {
        let id = self.add_contacts(vec![new])?[0];
        self.contact(id)
    }

    /// Adds many contacts (an import, a seed): all are validated before anything is written,
    /// then they are written in bucket order in transactions of `BULK_BATCH` contacts, so memory
    /// stays flat and each bucket loads once.
    pub fn add_contacts(&mut self, new: Vec<NewContact>) -> Result<Vec<Id>> {
        self.add_contacts_reporting(new, &mut |_, _| {})
    }

    /// `add_contacts`, calling `progress(written, total)` as transactions commit.
    pub fn add_contacts_reporting(
        &mut self,
        new: Vec<NewContact>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Id>> {
        let now = self.clock.now_ms();
        let mut items = Vec::with_capacity(new.len());
        for contact in new {
            let (checked, notes) = self.check_new(contact)?;
            let id = Id::new_v7(now);
            items.push((EntityRef::new(Kind::Contact, id).doc_id(self.layout), (id, checked, notes)));
        }
        let ids = items.iter().map(|(_, (id, _, _))| *id).collect();
        self.bulk_write_reporting(
            items,
            |b, (id, checked, notes)| create(b, id, &checked, notes.as_deref()),
            progress,
        )?;
        Ok(ids)
    }

    /// Validates a new contact as `add_contact` would, writing nothing.
    pub(crate) fn validate_new(&self, new: NewContact) -> Result<()> {
        self.check_new(new).map(drop)
    }

    pub(super) fn check_new(&self, new: NewContact) -> Result<(Checked, Option<String>)> {
        limits::contact(&new)?;
        let name = validate::name(&new.name)?;
        let (given, family) = match (&new.given, &new.family) {
            (None, None) => split_name(&name),
            (g, f) => (g.clone(), f.clone()),
        };
        let patch = ContactPatch {
            name: Some(name),
            given: Some(given),
            family: Some(family),
            phonetic: new.phonetic.map(Some),
            title: new.title.map(Some),
            organization: new.organization.map(Some),
            emails: Some(new.emails),
            phones: Some(new.phones),
            websites: Some(new.websites),
            addresses: Some(new.addresses),
            photo: new.photo.map(Some),
            add_tags: new.tags,
            met_event: Some(new.met.event),
            met_place: Some(new.met.place),
            met_date: Some(new.met.date),
            introduced_by: new.met.introduced_by.map(Some),
            familiarity: Some(new.familiarity.unwrap_or(Familiarity::Unknown)),
            cadence_days: new.cadence_days.map(Some),
            tier: new.tier.map(Some),
            birthday: new.birthday.map(Some),
            other_fields: (!new.other_fields.is_empty()).then_some(new.other_fields),
            region: new.region,
            keep_unverified_phones: new.keep_unverified_phones,
            ..ContactPatch::default()
        };
        Ok((self.check(&patch)?, new.notes.filter(|n| !n.trim().is_empty())))
    }

    pub fn update_contact(&mut self, id: Id, patch: ContactPatch) -> Result<Contact> {
        let checked = self.check(&patch)?;
        self.require_contact(id)?;
        if !patch.is_empty() {
            self.write(|b| apply(b, id, &checked))?;
        }
        self.contact(id)
    }

    /// Replaces the personal notes (family, private life): hidden in a work context.
    pub fn set_personal_notes(&mut self, id: Id, notes: &str) -> Result<Contact> {
        limits::text("personal_notes", notes, limits::NOTES)?;
        self.edit_contact(id, |doc, obj| doc_contact::set_personal_notes(doc, obj, notes))
    }

    /// Replaces the notes; a concurrent edit elsewhere in the text survives the merge.
    pub fn set_notes(&mut self, id: Id, notes: &str) -> Result<Contact> {
        limits::text("notes", notes, limits::NOTES)?;
        self.edit_contact(id, |doc, obj| doc_contact::set_notes(doc, obj, notes))
    }

    pub fn append_notes(&mut self, id: Id, addition: &str) -> Result<Contact> {
        if addition.trim().is_empty() {
            return Err(InvalidInput::Missing { field: "note" }.into());
        }
        // The limit is checked from one column, not a whole contact read on every append.
        let current = query::notes_chars(&self.conn, id)?.unwrap_or(0);
        if current + 1 + addition.chars().count() > limits::NOTES {
            return Err(InvalidInput::TooLong { field: "notes", max: limits::NOTES }.into());
        }
        self.edit_contact(id, |doc, obj| doc_contact::append_notes(doc, obj, addition))
    }

    /// Soft delete: the contact is hidden but every field and note stays, and a concurrent edit
    /// on another device is kept for a restore.
    pub fn delete_contact(&mut self, id: Id) -> Result<Contact> {
        let now = self.clock.now_ms();
        self.edit_contact(id, |doc, obj| {
            doc_contact::put(doc, obj, "deleted_at", ScalarValue::Timestamp(now))
        })
    }

    pub fn restore_contact(&mut self, id: Id) -> Result<Contact> {
        self.edit_contact(id, |doc, obj| doc_contact::put(doc, obj, "deleted_at", ScalarValue::Null))
    }

    /// One patch applied to many contacts in one transaction: every contact or none.
    pub fn update_contacts(&mut self, ids: &[Id], patch: &ContactPatch) -> Result<()> {
        let checked = self.check(patch)?;
        for id in ids {
            self.require_contact(*id)?;
        }
        self.write(|b| ids.iter().try_for_each(|id| apply(b, *id, &checked)))
    }

    /// Soft-deletes (or restores) many contacts in one transaction.
    pub fn set_contacts_deleted(&mut self, ids: &[Id], deleted: bool) -> Result<()> {
        for id in ids {
            self.require_contact(*id)?;
        }
        let at = if deleted { ScalarValue::Timestamp(self.clock.now_ms()) } else { ScalarValue::Null };
        self.write(|b| {
            let now = b.now;
            for id in ids {
                let doc = b.doc_for(EntityRef::new(Kind::Contact, *id))?;
                let obj =
                    doc_contact::find_contact(doc, *id)?.ok_or_else(|| Error::not_found("contact", *id))?;
                doc_contact::put(doc, &obj, "deleted_at", at.clone())?;
                doc_contact::touch(doc, &obj, now)?;
            }
            Ok(())
        })
    }

    fn edit_contact(
        &mut self,
        id: Id,
        edit: impl FnOnce(&mut AutoCommit, &ObjId) -> Result<()>,
    ) -> Result<Contact> {
        self.require_contact(id)?;
        self.write(|b| {
            let now = b.now;
            let doc = b.doc_for(EntityRef::new(Kind::Contact, id))?;
            let obj = doc_contact::find_contact(doc, id)?.ok_or_else(|| Error::not_found("contact", id))?;
            edit(doc, &obj)?;
            doc_contact::touch(doc, &obj, now)
        })?;
        self.contact(id)
    }

    fn require_contact(&self, id: Id) -> Result<()> {
        query::contact_exists(&self.conn, id)?.then_some(()).ok_or_else(|| Error::not_found("contact", id))
    }

    /// A contact, deleted or not.
    pub fn contact(&self, id: Id) -> Result<Contact> {
        query::contact(&self.conn, id)?.ok_or_else(|| Error::not_found("contact", id))
    }

    /// The contact's photo, read from its document (the read model only knows there is one).
    pub fn photo(&mut self, id: Id) -> Result<Option<Photo>> {
        let has_photo: Option<bool> = self
            .conn
            .prepare_cached("SELECT photo_type IS NOT NULL FROM contact WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        match has_photo {
            None => return Err(Error::not_found("contact", id)),
            Some(false) => return Ok(None),
            Some(true) => {}
        }
        let doc_id = EntityRef::new(Kind::Contact, id).doc_id(self.layout);
        let stored = self.take_doc(doc_id)?;
        let photo = doc_contact::read_photo(&stored.doc, id);
        self.docs.put(doc_id, stored);
        photo
    }

    pub fn contacts(&self, q: &ContactQuery) -> Result<Vec<Contact>> {
        query::contacts(&self.conn, q)
    }

    pub fn count_contacts(&self) -> Result<u64> {
        query::count_contacts(&self.conn)
    }

    pub fn conflicts(&self) -> Result<Vec<ConflictEntry>> {
        query::conflicts(&self.conn)
    }

    /// Settles a field conflict on any entity by writing the picked value (0-based, in the
    /// order `conflicts` lists them) over every concurrent one.
    pub fn resolve_conflict(&mut self, entity_id: Id, field: &str, pick: usize) -> Result<()> {
        let kind = query::conflict_kind(&self.conn, entity_id, field)?
            .ok_or_else(|| Error::NoConflict { id: entity_id.to_string(), field: field.to_string() })?;
        let entity = EntityRef::new(kind, entity_id);
        self.write(|b| {
            let now = b.now;
            let doc = b.doc_for(entity)?;
            let obj = find(doc, entity)?.ok_or_else(|| Error::not_found(kind.name(), entity_id))?;
            let values = values::conflict(doc, &obj, field)?
                .ok_or_else(|| Error::NoConflict { id: entity_id.to_string(), field: field.to_string() })?;
            let chosen =
                values.get(pick).cloned().ok_or(Error::PickOutOfRange { pick, count: values.len() })?;
            // Any entity kind: a plain put over the same register supersedes every concurrent value.
            doc.put(&obj, field, chosen)?;
            doc.put(&obj, "updated_at", ScalarValue::Timestamp(now))?;
            Ok(())
        })
    }
}

fn dedup_by<T, K: PartialEq>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.iter().any(|o| key(o) == key(&item)) {
            out.push(item);
        }
    }
    out
}

/// Creates a checked new contact in its bucket, whole: what `write_fields` would write onto an
/// empty contact, as one value (`doc::contact::Whole` says why).
pub(super) fn create(b: &mut Batch, id: Id, c: &Checked, notes: Option<&str>) -> Result<()> {
    ensure_organization(b, c)?;
    let mut whole = doc_contact::Whole::new(b.now);
    for (key, value) in &c.registers {
        whole.put(key, value.clone());
    }
    if let Some(Some(org)) = &c.organization {
        let title = c.title.as_ref().and_then(|t| t.as_deref());
        whole.start_employment(Id::new_v7(b.now), org.id, title, &b.today.to_string());
    }
    if let Some(emails) = &c.emails {
        whole.emails(emails);
    }
    if let Some(phones) = &c.phones {
        whole.phones(phones);
    }
    if let Some(sites) = &c.websites {
        whole.websites(sites);
    }
    if let Some(addresses) = &c.addresses {
        whole.addresses(addresses);
    }
    if let Some(photo) = &c.photo {
        whole.photo(photo.as_ref());
    }
    if let Some(fields) = &c.other_fields {
        whole.other_fields(fields)?;
    }
    for tag in &c.add_tags {
        whole.tag(tag);
    }
    if let Some(notes) = notes {
        whole.notes(notes);
    }
    whole.insert(b.doc_for(EntityRef::new(Kind::Contact, id))?, id)?;
    Ok(())
}

/// Applies a checked patch to an existing contact (and its organization's bucket).
pub(super) fn apply(b: &mut Batch, id: Id, c: &Checked) -> Result<()> {
    ensure_organization(b, c)?;
    let (now, today, employment_id) = (b.now, b.today.to_string(), Id::new_v7(b.now));
    let doc = b.doc_for(EntityRef::new(Kind::Contact, id))?;
    let obj = doc_contact::find_contact(doc, id)?.ok_or_else(|| Error::not_found("contact", id))?;
    write_fields(doc, &obj, c, now, &today, employment_id)
}

/// The organization a patch moves the contact to, in its own bucket. One already in the read
/// model is in its document: no need to load that bucket.
fn ensure_organization(b: &mut Batch, c: &Checked) -> Result<()> {
    if let Some(Some(org)) = &c.organization
        && !query::organization_exists(b.conn(), org.id)?
    {
        let now = b.now;
        doc_org::ensure(b.doc_for(EntityRef::new(Kind::Organization, org.id))?, org, now)?;
    }
    Ok(())
}

/// Writes a checked patch's fields onto the contact's map; `updated_at` moves only when
/// something did.
fn write_fields(
    doc: &mut AutoCommit,
    obj: &ObjId,
    c: &Checked,
    now: i64,
    today: &str,
    employment_id: Id,
) -> Result<()> {
    let current_org = values::string(doc, obj, "organization")?;
    let mut changed = false;
    for (key, value) in &c.registers {
        // Writing an unchanged value would only manufacture conflicts with other devices.
        if values::scalar(doc, obj, key)?.as_ref() != Some(value) {
            doc_contact::put(doc, obj, key, value.clone())?;
            changed = true;
        }
    }
    match &c.organization {
        Some(Some(org)) if current_org.as_deref() != Some(org.id.to_string().as_str()) => {
            let title = match &c.title {
                Some(t) => t.clone(),
                None => values::string(doc, obj, "title")?,
            };
            doc_contact::start_employment(doc, obj, employment_id, org.id, title.as_deref(), today)?;
        }
        Some(None) if current_org.is_some() => doc_contact::end_employment(doc, obj, today)?,
        _ => {
            if let Some(title) = &c.title {
                doc_contact::retitle_current_employment(doc, obj, title.as_deref())?;
            }
        }
    }
    if let Some(emails) = &c.emails {
        doc_contact::set_emails(doc, obj, emails)?;
        changed = true;
    }
    if let Some(phones) = &c.phones {
        doc_contact::set_phones(doc, obj, phones)?;
        changed = true;
    }
    if let Some(sites) = &c.websites {
        doc_contact::set_websites(doc, obj, sites)?;
        changed = true;
    }
    if let Some(addresses) = &c.addresses {
        doc_contact::set_addresses(doc, obj, addresses)?;
        changed = true;
    }
    if let Some(photo) = &c.photo {
        doc_contact::set_photo(doc, obj, photo.as_ref())?;
        changed = true;
    }
    if let Some(fields) = &c.other_fields {
        doc_contact::set_other_fields(doc, obj, fields)?;
        changed = true;
    }
    for tag in &c.add_tags {
        doc_contact::add_tag(doc, obj, tag)?;
        changed = true;
    }
    for tag in &c.remove_tags {
        doc_contact::remove_tag(doc, obj, tag)?;
        changed = true;
    }
    if changed {
        doc_contact::touch(doc, obj, now)?;
    }
    Ok(())
}
