//! Merging two contacts that are one person, reversibly. The absorbed contact is not erased: it
//! is soft-deleted and records, in its own document, what the merge did (references moved,
//! values added to the survivor), so `unmerge` can put everything back. References written on
//! another device before it saw the merge keep pointing at the absorbed contact; they are moved
//! when the merge is run again or show under the absorbed contact after an unmerge.

use automerge::ScalarValue;
use serde::{Deserialize, Serialize};

use super::Store;
use super::batch::Batch;
use super::contacts::apply;
use crate::doc::contact as doc_contact;
use crate::doc::entities::{EntityRef, Kind, find};
use crate::doc::interaction as doc_interaction;
use crate::doc::values;
use crate::error::{Error, InvalidInput, Result};
use crate::id::Id;
use crate::model::validate::{self, address_key, email_key, phone_key};
use crate::model::{Contact, ContactPatch, OtherField};

/// Where contacts are referenced: the read-model table and column, and the document register.
const REFERENCES: &[(Kind, &str, &str, &str)] = &[
    (Kind::FollowUp, "follow_up", "contact_id", "contact"),
    (Kind::Introduction, "introduction", "contact_id", "contact"),
    (Kind::Introduction, "introduction", "introducer_id", "introducer"),
    (Kind::Need, "need", "contact_id", "contact"),
    (Kind::Exchange, "exchange", "contact_id", "contact"),
    (Kind::Referral, "referral", "candidate_id", "candidate"),
    (Kind::Referral, "referral", "to_contact_id", "to_contact"),
    (Kind::Contact, "contact", "introduced_by", "introduced_by"),
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct MovedRef {
    table: String,
    id: String,
    register: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct MovedMeeting {
    id: String,
    survivor_was_there: bool,
}

/// What a merge did, kept on the absorbed contact as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct MergeRecord {
    survivor: String,
    refs: Vec<MovedRef>,
    meetings: Vec<MovedMeeting>,
    emails: Vec<String>,
    phones: Vec<String>,
    websites: Vec<String>,
    addresses: Vec<String>,
    tags: Vec<String>,
    /// As (property, label, value); absent from records written before other fields existed.
    #[serde(default)]
    other_fields: Vec<(String, Option<String>, String)>,
    /// Fields that were empty on the survivor and filled from the absorbed contact.
    filled: Vec<(String, String)>,
    notes_appended: Option<String>,
}

/// What `merge_contacts` did, for the person to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMerge {
    pub survivor: Contact,
    pub absorbed: Id,
    pub references_moved: usize,
    pub values_added: usize,
}

fn kind_of_table(table: &str) -> Option<Kind> {
    REFERENCES.iter().find(|(_, t, _, _)| *t == table).map(|(k, _, _, _)| *k)
}

impl Store {
    /// Merges `absorbed` into `survivor`: the survivor gains what it lacked (e-mails, phones,
    /// websites, addresses, tags, empty fields, notes), every meeting, follow-up, need,
    /// exchange, introduction and referral of the absorbed contact moves to the survivor, and
    /// the absorbed contact is hidden. One transaction; `unmerge` undoes it.
    pub fn merge_contacts(&mut self, survivor: Id, absorbed: Id) -> Result<ContactMerge> {
        if survivor == absorbed {
            return Err(InvalidInput::SameContact.into());
        }
        let keep = self.contact(survivor)?;
        let gone = self.contact(absorbed)?;
        if gone.merged_into.is_some() || keep.merged_into.is_some() {
            return Err(InvalidInput::AlreadyMerged.into());
        }
        for c in [&keep, &gone] {
            if c.deleted_at.is_some() {
                return Err(Error::not_found("contact", c.id));
            }
        }
        let mut record = MergeRecord { survivor: survivor.to_string(), ..MergeRecord::default() };
        let patch = self.additions(&keep, &gone, &mut record);
        let checked = self.check(&patch)?;
        let absorbed_key = absorbed.to_string();
        for (_, table, column, register) in REFERENCES {
            let sql = format!("SELECT id FROM {table} WHERE {column} = ?1");
            let ids: Vec<String> = self
                .conn
                .prepare(&sql)?
                .query_map([&absorbed_key], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            record.refs.extend(ids.into_iter().map(|id| MovedRef {
                table: table.to_string(),
                id,
                register: register.to_string(),
            }));
        }
        let meetings: Vec<(String, bool)> = self
            .conn
            .prepare(
                "SELECT p.meeting_id, EXISTS (SELECT 1 FROM meeting_participant s
                         WHERE s.meeting_id = p.meeting_id AND s.contact_id = ?2)
                   FROM meeting_participant p WHERE p.contact_id = ?1",
            )?
            .query_map([&absorbed_key, &survivor.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        record.meetings = meetings
            .into_iter()
            .map(|(id, survivor_was_there)| MovedMeeting { id, survivor_was_there })
            .collect();
        let moved = record.refs.len() + record.meetings.len();
        let added = record.emails.len()
            + record.phones.len()
            + record.websites.len()
            + record.addresses.len()
            + record.tags.len()
            + record.other_fields.len()
            + record.filled.len()
            + usize::from(record.notes_appended.is_some());
        let json = serde_json::to_string(&record).expect("merge records serialize");
        self.write(|b| {
            apply(b, survivor, &checked)?;
            if let Some(notes) = &record.notes_appended {
                let doc = b.doc_for(EntityRef::new(Kind::Contact, survivor))?;
                let obj = doc_contact::find_contact(doc, survivor)?
                    .ok_or_else(|| Error::not_found("contact", survivor))?;
                doc_contact::append_notes(doc, &obj, notes)?;
            }
            for r in &record.refs {
                set_reference(b, r, Some(absorbed), survivor)?;
            }
            for m in &record.meetings {
                let id: Id = m.id.parse().map_err(|_| InvalidInput::Id)?;
                let doc = b.doc_for(EntityRef::new(Kind::Meeting, id))?;
                let Some(obj) = find(doc, EntityRef::new(Kind::Meeting, id))? else { continue };
                doc_interaction::replace_participant(doc, &obj, absorbed, Some(survivor))?;
            }
            let now = b.now;
            let doc = b.doc_for(EntityRef::new(Kind::Contact, absorbed))?;
            let obj = doc_contact::find_contact(doc, absorbed)?
                .ok_or_else(|| Error::not_found("contact", absorbed))?;
            doc_contact::put(doc, &obj, "merged_into", survivor.to_string().into())?;
            doc_contact::put(doc, &obj, "merge_record", json.as_str().into())?;
            doc_contact::put(doc, &obj, "deleted_at", ScalarValue::Timestamp(now))?;
            doc_contact::touch(doc, &obj, now)
        })?;
        Ok(ContactMerge {
            survivor: self.contact(survivor)?,
            absorbed,
            references_moved: moved,
            values_added: added,
        })
    }

    /// Undoes the merge that absorbed `absorbed`: its references move back, what it added to
    /// the survivor goes (unless edited since), and it is shown again.
    pub fn unmerge(&mut self, absorbed: Id) -> Result<Contact> {
        let gone = self.contact(absorbed)?;
        let Some(survivor) = gone.merged_into else { return Err(InvalidInput::NotMerged.into()) };
        let doc_id = EntityRef::new(Kind::Contact, absorbed).doc_id(self.layout);
        let stored = self.take_doc(doc_id)?;
        let json = doc_contact::find_contact(&stored.doc, absorbed).and_then(|obj| match obj {
            Some(obj) => values::string(&stored.doc, &obj, "merge_record"),
            None => Ok(None),
        });
        self.docs.put(doc_id, stored);
        let record: MergeRecord =
            json?.and_then(|j| serde_json::from_str(&j).ok()).ok_or(InvalidInput::NotMerged)?;
        let keep = self.contact(survivor)?;
        let patch = removals(&keep, &record);
        let checked = self.check(&patch)?;
        self.write(|b| {
            apply(b, survivor, &checked)?;
            if let Some(appended) = &record.notes_appended {
                let doc = b.doc_for(EntityRef::new(Kind::Contact, survivor))?;
                let obj = doc_contact::find_contact(doc, survivor)?
                    .ok_or_else(|| Error::not_found("contact", survivor))?;
                let current = keep.notes.clone();
                if let Some(at) = current.rfind(appended.as_str()) {
                    let mut restored = current.clone();
                    restored.replace_range(at..at + appended.len(), "");
                    doc_contact::set_notes(doc, &obj, restored.trim_end_matches('\n'))?;
                }
            }
            for r in &record.refs {
                set_reference(b, r, Some(survivor), absorbed)?;
            }
            for m in &record.meetings {
                let id: Id = m.id.parse().map_err(|_| InvalidInput::Id)?;
                let doc = b.doc_for(EntityRef::new(Kind::Meeting, id))?;
                let Some(obj) = find(doc, EntityRef::new(Kind::Meeting, id))? else { continue };
                let from = if m.survivor_was_there { None } else { Some(survivor) };
                match from {
                    Some(from) => doc_interaction::replace_participant(doc, &obj, from, Some(absorbed))?,
                    None => doc_interaction::add_participant(doc, &obj, absorbed)?,
                }
            }
            let now = b.now;
            let doc = b.doc_for(EntityRef::new(Kind::Contact, absorbed))?;
            let obj = doc_contact::find_contact(doc, absorbed)?
                .ok_or_else(|| Error::not_found("contact", absorbed))?;
            doc_contact::put(doc, &obj, "merged_into", ScalarValue::Null)?;
            doc_contact::put(doc, &obj, "merge_record", ScalarValue::Null)?;
            doc_contact::put(doc, &obj, "deleted_at", ScalarValue::Null)?;
            doc_contact::touch(doc, &obj, now)
        })?;
        self.contact(absorbed)
    }

    /// The patch that gives `keep` what only `gone` has, noting each addition in `record`.
    fn additions(&self, keep: &Contact, gone: &Contact, record: &mut MergeRecord) -> ContactPatch {
        let mut patch = ContactPatch { keep_unverified_phones: true, ..ContactPatch::default() };
        let new_emails: Vec<_> = gone
            .emails
            .iter()
            .filter(|e| !keep.emails.iter().any(|k| email_key(&k.value) == email_key(&e.value)))
            .collect();
        if !new_emails.is_empty() {
            record.emails = new_emails.iter().map(|e| email_key(&e.value)).collect();
            let all = keep.emails.iter().chain(new_emails.iter().copied());
            patch.emails = Some(all.map(|e| validate::with_kind(e.kind.as_deref(), &e.value)).collect());
        }
        let new_phones: Vec<_> = gone
            .phones
            .iter()
            .filter(|p| !keep.phones.iter().any(|k| phone_key(k) == phone_key(p)))
            .collect();
        if !new_phones.is_empty() {
            record.phones = new_phones.iter().map(|p| phone_key(p)).collect();
            let all = keep.phones.iter().chain(new_phones.iter().copied());
            patch.phones = Some(
                all.map(|p| validate::with_kind(p.kind.as_deref(), p.e164.as_deref().unwrap_or(&p.raw)))
                    .collect(),
            );
        }
        let new_sites: Vec<_> =
            gone.websites.iter().filter(|w| !keep.websites.contains(w)).cloned().collect();
        if !new_sites.is_empty() {
            record.websites = new_sites.clone();
            patch.websites = Some(keep.websites.iter().cloned().chain(new_sites).collect());
        }
        let new_addresses: Vec<_> = gone
            .addresses
            .iter()
            .filter(|a| !keep.addresses.iter().any(|k| address_key(&k.label) == address_key(&a.label)))
            .cloned()
            .collect();
        if !new_addresses.is_empty() {
            record.addresses = new_addresses.iter().map(|a| address_key(&a.label)).collect();
            patch.addresses = Some(keep.addresses.iter().cloned().chain(new_addresses).collect());
        }
        record.tags = gone.tags.iter().filter(|t| !keep.tags.contains(t)).cloned().collect();
        patch.add_tags = record.tags.clone();
        let new_other: Vec<_> =
            gone.other_fields.iter().filter(|f| !keep.other_fields.contains(f)).cloned().collect();
        if !new_other.is_empty() {
            record.other_fields =
                new_other.iter().map(|f| (f.property.clone(), f.label.clone(), f.value.clone())).collect();
            patch.other_fields = Some(keep.other_fields.iter().cloned().chain(new_other).collect());
        }
        let mut fill =
            |field: &str, mine: &Option<String>, theirs: &Option<String>| -> Option<Option<String>> {
                match (mine, theirs) {
                    (None, Some(v)) => {
                        record.filled.push((field.to_string(), v.clone()));
                        Some(Some(v.clone()))
                    }
                    _ => None,
                }
            };
        patch.title = fill("title", &keep.title, &gone.title);
        patch.organization = fill("organization", &keep.organization, &gone.organization);
        patch.birthday = fill("birthday", &keep.birthday, &gone.birthday);
        patch.met_event = fill("met_event", &keep.met.event, &gone.met.event);
        patch.met_place = fill("met_place", &keep.met.place, &gone.met.place);
        if !gone.notes.trim().is_empty() && !keep.notes.contains(gone.notes.trim()) {
            record.notes_appended = Some(gone.notes.trim().to_string());
        }
        patch
    }
}

/// The patch that takes back what a merge added, where the survivor still has it unchanged.
fn removals(keep: &Contact, record: &MergeRecord) -> ContactPatch {
    let mut patch = ContactPatch { keep_unverified_phones: true, ..ContactPatch::default() };
    if !record.emails.is_empty() {
        let kept = keep.emails.iter().filter(|e| !record.emails.contains(&email_key(&e.value)));
        patch.emails = Some(kept.map(|e| validate::with_kind(e.kind.as_deref(), &e.value)).collect());
    }
    if !record.phones.is_empty() {
        let kept = keep.phones.iter().filter(|p| !record.phones.contains(&phone_key(p)));
        patch.phones = Some(
            kept.map(|p| validate::with_kind(p.kind.as_deref(), p.e164.as_deref().unwrap_or(&p.raw)))
                .collect(),
        );
    }
    if !record.websites.is_empty() {
        patch.websites =
            Some(keep.websites.iter().filter(|w| !record.websites.contains(w)).cloned().collect());
    }
    if !record.addresses.is_empty() {
        let kept = keep.addresses.iter().filter(|a| !record.addresses.contains(&address_key(&a.label)));
        patch.addresses = Some(kept.cloned().collect());
    }
    patch.remove_tags = record.tags.iter().filter(|t| keep.tags.contains(t)).cloned().collect();
    if !record.other_fields.is_empty() {
        let added = |f: &&OtherField| {
            record.other_fields.iter().any(|(p, l, v)| *p == f.property && *l == f.label && *v == f.value)
        };
        patch.other_fields = Some(keep.other_fields.iter().filter(|f| !added(f)).cloned().collect());
    }
    for (field, value) in &record.filled {
        let current = match field.as_str() {
            "title" => &keep.title,
            "organization" => &keep.organization,
            "birthday" => &keep.birthday,
            "met_event" => &keep.met.event,
            "met_place" => &keep.met.place,
            _ => continue,
        };
        // Only a value nobody changed since the merge goes back to empty.
        if current.as_deref() != Some(value.as_str()) {
            continue;
        }
        match field.as_str() {
            "title" => patch.title = Some(None),
            "organization" => patch.organization = Some(None),
            "birthday" => patch.birthday = Some(None),
            "met_event" => patch.met_event = Some(None),
            "met_place" => patch.met_place = Some(None),
            _ => {}
        }
    }
    patch
}

/// Points one reference from `from` to `to`, unless it was changed to something else since.
fn set_reference(b: &mut Batch, r: &MovedRef, from: Option<Id>, to: Id) -> Result<()> {
    let Some(kind) = kind_of_table(&r.table) else { return Ok(()) };
    let id: Id = r.id.parse().map_err(|_| InvalidInput::Id)?;
    let entity = EntityRef::new(kind, id);
    let doc = b.doc_for(entity)?;
    let Some(obj) = find(doc, entity)? else { return Ok(()) };
    let current = values::string(doc, &obj, &r.register)?;
    if from.is_some_and(|f| current.as_deref() != Some(f.to_string().as_str())) {
        return Ok(());
    }
    automerge::transaction::Transactable::put(doc, &obj, r.register.as_str(), to.to_string())?;
    Ok(())
}
