//! Bulk actions after an import or an event: tag, untag, set a cadence, a tier or a
//! familiarity, delete or restore many contacts at once. One write path (the same patch a
//! single edit applies), one transaction per batch, and counts of what changed.

use super::Kith;
use crate::error::{Error, InvalidInput, Result};
use crate::id::Id;
use crate::model::{Contact, ContactPatch, Familiarity, Tier, validate};
use crate::store::ContactQuery;

/// Which contacts: these ids, or every contact a query lists (its limit is ignored).
#[derive(Debug, Clone)]
pub enum Selection {
    Ids(Vec<Id>),
    Query(ContactQuery),
}

#[derive(Debug, Clone, PartialEq)]
pub enum BulkAction {
    AddTags(Vec<String>),
    RemoveTags(Vec<String>),
    /// Days between touches; `None` clears the cadence.
    SetCadence(Option<u32>),
    SetTier(Option<Tier>),
    SetFamiliarity(Familiarity),
    Delete,
    Restore,
}

/// What a bulk action did: every selected contact either changed or already was so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkReport {
    pub selected: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// A batch this large is refused: it would hold one transaction (and its documents) open for
/// tens of seconds on a phone. A recruiter's whole export (30k) goes in three batches.
pub const MAX_BULK: usize = 10_000;

impl Kith {
    pub fn bulk(&mut self, selection: &Selection, action: &BulkAction) -> Result<BulkReport> {
        let contacts = self.select(selection)?;
        if contacts.len() > MAX_BULK {
            return Err(InvalidInput::TooMany { field: "selection", max: MAX_BULK }.into());
        }
        let tags = |list: &[String]| list.iter().map(|t| validate::tag(t)).collect::<Result<Vec<_>, _>>();
        let (patch, changes): (Option<ContactPatch>, Box<dyn Fn(&Contact) -> bool>) = match action {
            BulkAction::AddTags(list) => {
                let list = tags(list)?;
                let wanted = list.clone();
                let patch = ContactPatch { add_tags: list, ..ContactPatch::default() };
                (Some(patch), Box::new(move |c| wanted.iter().any(|t| !c.tags.contains(t))))
            }
            BulkAction::RemoveTags(list) => {
                let list = tags(list)?;
                let wanted = list.clone();
                let patch = ContactPatch { remove_tags: list, ..ContactPatch::default() };
                (Some(patch), Box::new(move |c| wanted.iter().any(|t| c.tags.contains(t))))
            }
            BulkAction::SetCadence(days) => {
                let days = *days;
                let patch = ContactPatch { cadence_days: Some(days), ..ContactPatch::default() };
                (Some(patch), Box::new(move |c| c.cadence_days != days))
            }
            BulkAction::SetTier(tier) => {
                let tier = *tier;
                (
                    Some(ContactPatch { tier: Some(tier), ..ContactPatch::default() }),
                    Box::new(move |c| c.tier != tier),
                )
            }
            BulkAction::SetFamiliarity(f) => {
                let f = *f;
                let patch = ContactPatch { familiarity: Some(f), ..ContactPatch::default() };
                (Some(patch), Box::new(move |c| c.familiarity != f))
            }
            BulkAction::Delete => (None, Box::new(|c| c.deleted_at.is_none())),
            // A merged contact comes back only through unmerge.
            BulkAction::Restore => (None, Box::new(|c| c.deleted_at.is_some() && c.merged_into.is_none())),
        };
        let ids: Vec<Id> = contacts.iter().filter(|c| changes(c)).map(|c| c.id).collect();
        if !ids.is_empty() {
            match (patch, action) {
                (Some(patch), _) => self.edit(|s| s.update_contacts(&ids, &patch))?,
                (None, BulkAction::Delete) => self.edit(|s| s.set_contacts_deleted(&ids, true))?,
                (None, _) => self.edit(|s| s.set_contacts_deleted(&ids, false))?,
            }
        }
        Ok(BulkReport { selected: contacts.len(), changed: ids.len(), unchanged: contacts.len() - ids.len() })
    }

    /// The selected contacts, each once; an unknown id refuses the whole batch.
    fn select(&self, selection: &Selection) -> Result<Vec<Contact>> {
        match selection {
            Selection::Ids(ids) => {
                let mut seen = std::collections::HashSet::new();
                let mut out = Vec::new();
                for id in ids.iter().filter(|id| seen.insert(**id)) {
                    out.push(self.store.contact(*id).map_err(|_| Error::not_found("contact", *id))?);
                }
                Ok(out)
            }
            Selection::Query(query) => {
                self.store.contacts(&ContactQuery { limit: MAX_BULK + 1, offset: 0, ..query.clone() })
            }
        }
    }
}
