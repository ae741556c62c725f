//! Saving a confirmed capture in one step: the contact (new, or the stored one it already is,
//! given only what it lacked) and the follow-up the person promised, in one transaction.

use chrono::NaiveDate;

use super::Store;
use super::contacts::{apply, create};
use super::import::{ImportAction, ImportOptions};
use super::interactions::write_follow_up;
use crate::capture::Draft;
use crate::error::{InvalidInput, Result};
use crate::id::Id;
use crate::model::{Contact, Direction, FollowUp, NewFollowUp};
use crate::store::duplicates::Evidence;

#[derive(Debug, Clone, Default)]
pub struct CaptureOptions {
    /// Default region for numbers without a country code [default: the account's].
    pub region: Option<String>,
    /// Where the person was met; saved on the contact and named in the follow-up.
    pub met_at: Option<String>,
    pub met_on: Option<NaiveDate>,
    /// Adds a follow-up the user owes by this day.
    pub follow_up_by: Option<NaiveDate>,
    /// Save as a new contact even when the draft looks like a stored one.
    pub force_new: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaptureOutcome {
    pub contact: Contact,
    /// `Add`, `LookAlike` (saved as a new contact that resembles `evidence`'s contact),
    /// `Update` (the stored contact gained fields) or `Exact` (it had everything).
    pub action: ImportAction,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
    pub follow_up: Option<FollowUp>,
}

impl Store {
    pub fn save_capture(&mut self, draft: &Draft, options: &CaptureOptions) -> Result<CaptureOutcome> {
        let import = ImportOptions {
            region: options.region.clone(),
            met_at: options.met_at.clone(),
            met_on: options.met_on,
        };
        let mut plan = self.plan_import(vec![draft.clone()], &import)?;
        let item = plan.items.remove(0);
        let region = match &options.region {
            Some(r) => Some(r.clone()),
            None => self.default_region()?,
        };
        let now = self.clock.now_ms();
        let (contact_id, action) = match (&item.action, options.force_new) {
            (ImportAction::Skip { .. }, _) => return Err(InvalidInput::EmptyName.into()),
            (ImportAction::Exact { contact } | ImportAction::Update { contact, .. }, false) => {
                (*contact, item.action.clone())
            }
            // Only a look-alike: a new contact, listed as a suspected duplicate of the other.
            (ImportAction::LookAlike { .. }, false) => (Id::new_v7(now), item.action.clone()),
            _ => (Id::new_v7(now), ImportAction::Add),
        };
        let new_contact = match &action {
            ImportAction::Add | ImportAction::LookAlike { .. } => {
                let new = draft.to_new_contact(region.as_deref(), options.met_at.clone(), options.met_on)?;
                Some(self.check_new(new)?)
            }
            _ => None,
        };
        let patch = match &action {
            ImportAction::Update { .. } => {
                plan.take_update(contact_id).map(|p| self.check(&p)).transpose()?
            }
            _ => None,
        };
        let follow_up = match options.follow_up_by {
            Some(due) => {
                let name = draft.name.as_ref().map(|n| n.value.full.clone()).unwrap_or_else(|| "them".into());
                let what = match &options.met_at {
                    Some(event) => format!("Follow up with {name} (met at {event})"),
                    None => format!("Follow up with {name}"),
                };
                let new = NewFollowUp {
                    what,
                    due,
                    contact_id: None,
                    meeting_id: None,
                    direction: Direction::IOwe,
                    kind: None,
                };
                let what = self.check_follow_up(&new)?;
                Some((Id::new_v7(now), what, NewFollowUp { contact_id: Some(contact_id), ..new }))
            }
            None => None,
        };
        self.write(|b| {
            if let Some((checked, notes)) = &new_contact {
                create(b, contact_id, checked, notes.as_deref())?;
            }
            if let Some(checked) = &patch {
                apply(b, contact_id, checked)?;
            }
            if let Some((id, what, new)) = &follow_up {
                write_follow_up(b, *id, what, new)?;
            }
            Ok(())
        })?;
        let follow_up = follow_up.map(|(id, _, _)| self.follow_up(id)).transpose()?;
        Ok(CaptureOutcome {
            contact: self.contact(contact_id)?,
            action,
            evidence: item.evidence,
            warnings: item.warnings,
            follow_up,
        })
    }
}
