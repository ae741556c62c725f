//! Contacts: add, edit, notes, soft delete, search, conflicts, and the account's default region.

use super::Kith;
use crate::error::{InvalidInput, Result};
use crate::id::Id;
use crate::model::{Contact, ContactPatch, NewContact, Photo};
use crate::store::{ConflictEntry, ContactQuery};

impl Kith {
    /// The region assumed for phone numbers written without a country code.
    pub fn default_region(&self) -> Result<Option<String>> {
        self.store.default_region()
    }

    pub fn set_default_region(&mut self, region: &str) -> Result<()> {
        self.edit(|s| s.set_default_region(region))
    }

    /// Adds a contact; while an event session runs, one without a "met at" is met there.
    pub fn add_contact(&mut self, mut new: NewContact) -> Result<Contact> {
        if new.met.event.is_none()
            && let Some(session) = self.current_event()?
        {
            new.met.event = Some(session.name);
            new.met.place = new.met.place.or(session.place);
            new.met.date = new.met.date.or(Some(session.date));
        }
        self.edit(|s| s.add_contact(new))
    }

    /// Many contacts in one bulk write (grouped by bucket, 250 per transaction).
    pub fn add_contacts(&mut self, new: Vec<NewContact>) -> Result<Vec<Id>> {
        self.edit(|s| s.add_contacts(new))
    }

    /// Changes the fields the patch names; an empty patch is refused.
    pub fn update_contact(&mut self, id: Id, patch: ContactPatch) -> Result<Contact> {
        if patch.is_empty() {
            return Err(InvalidInput::Missing { field: "a field to change" }.into());
        }
        self.edit(|s| s.update_contact(id, patch))
    }

    /// Replaces the notes (a whole-string edit; concurrent typing elsewhere merges).
    pub fn set_notes(&mut self, id: Id, notes: &str) -> Result<Contact> {
        self.edit(|s| s.set_notes(id, notes))
    }

    pub fn append_notes(&mut self, id: Id, addition: &str) -> Result<Contact> {
        self.edit(|s| s.append_notes(id, addition))
    }

    /// Notes that the work view leaves out.
    pub fn set_personal_notes(&mut self, id: Id, notes: &str) -> Result<Contact> {
        self.edit(|s| s.set_personal_notes(id, notes))
    }

    pub fn append_personal_notes(&mut self, id: Id, addition: &str) -> Result<Contact> {
        self.edit(|s| {
            let current = s.contact(id)?.personal_notes;
            let glue = if current.is_empty() { "" } else { "\n" };
            s.set_personal_notes(id, &format!("{current}{glue}{addition}"))
        })
    }

    /// Soft delete: `restore_contact` brings it back, and concurrent edits elsewhere survive.
    pub fn delete_contact(&mut self, id: Id) -> Result<Contact> {
        self.edit(|s| s.delete_contact(id))
    }

    pub fn restore_contact(&mut self, id: Id) -> Result<Contact> {
        self.edit(|s| s.restore_contact(id))
    }

    pub fn contact(&self, id: Id) -> Result<Contact> {
        self.store.contact(id)
    }

    /// The contact as a work context shows it: personal notes and birthday left out, for
    /// contacts who want a strictly professional tie (or a screen shared at work).
    pub fn work_view(&self, id: Id) -> Result<Contact> {
        let mut c = self.store.contact(id)?;
        c.personal_notes.clear();
        c.birthday = None;
        Ok(c)
    }

    pub fn photo(&mut self, id: Id) -> Result<Option<Photo>> {
        self.store.photo(id)
    }

    /// Search (prefix words, accents and case ignored) and filters, from the read model.
    pub fn contacts(&self, query: &ContactQuery) -> Result<Vec<Contact>> {
        self.store.contacts(query)
    }

    pub fn count_contacts(&self) -> Result<u64> {
        self.store.count_contacts()
    }

    /// Fields edited on two devices at once, each with every value kept.
    pub fn conflicts(&self) -> Result<Vec<ConflictEntry>> {
        self.store.conflicts()
    }

    /// Settles a conflict with the value at `pick` (0-based, as `conflicts` lists them).
    pub fn resolve_conflict(&mut self, entity: Id, field: &str, pick: usize) -> Result<()> {
        self.edit(|s| s.resolve_conflict(entity, field, pick))
    }
}
