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
        let action = checked(action)?;
        let patch = patch_for(&action);
        let ids: Vec<Id> = contacts.iter().filter(|c| changes(&action, c)).map(|c| c.id).collect();
        if !ids.is_empty() {
            match (patch, &action) {
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

/// The action with its tags validated, so that "what would change" compares stored forms.
fn checked(action: &BulkAction) -> Result<BulkAction> {
    let tags = |list: &[String]| list.iter().map(|t| validate::tag(t)).collect::<Result<Vec<_>, _>>();
    Ok(match action {
        BulkAction::AddTags(list) => BulkAction::AddTags(tags(list)?),
        BulkAction::RemoveTags(list) => BulkAction::RemoveTags(tags(list)?),
        BulkAction::SetCadence(Some(0)) => {
            return Err(InvalidInput::OutOfRange { field: "cadence_days" }.into());
        }
        other => other.clone(),
    })
}

/// The patch a single edit would apply; `None` for delete and restore.
fn patch_for(action: &BulkAction) -> Option<ContactPatch> {
    let patch = match action {
        BulkAction::AddTags(list) => ContactPatch { add_tags: list.clone(), ..ContactPatch::default() },
        BulkAction::RemoveTags(list) => ContactPatch { remove_tags: list.clone(), ..ContactPatch::default() },
        BulkAction::SetCadence(days) => ContactPatch { cadence_days: Some(*days), ..ContactPatch::default() },
        BulkAction::SetTier(tier) => ContactPatch { tier: Some(*tier), ..ContactPatch::default() },
        BulkAction::SetFamiliarity(f) => ContactPatch { familiarity: Some(*f), ..ContactPatch::default() },
        BulkAction::Delete | BulkAction::Restore => return None,
    };
    Some(patch)
}

/// Whether the action changes this contact (the rest are counted as unchanged).
fn changes(action: &BulkAction, c: &Contact) -> bool {
    match action {
        BulkAction::AddTags(list) => list.iter().any(|t| !c.tags.contains(t)),
        BulkAction::RemoveTags(list) => list.iter().any(|t| c.tags.contains(t)),
        BulkAction::SetCadence(days) => c.cadence_days != *days,
        BulkAction::SetTier(tier) => c.tier != *tier,
        BulkAction::SetFamiliarity(f) => c.familiarity != *f,
        BulkAction::Delete => c.deleted_at.is_none(),
        // A merged contact comes back only through unmerge.
        BulkAction::Restore => c.deleted_at.is_some() && c.merged_into.is_none(),
    }
}
