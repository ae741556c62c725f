//! Capture: a card's text or a QR code becomes a draft (every field with a confidence); the
//! reviewed draft is saved with the capture defaults (today's date, the account's region, a
//! promised follow-up) in one transaction.

use chrono::NaiveDate;

use super::import::{self, ImportAction, ImportOptions};
use super::{ChangeReason, Kith};
use crate::capture::dedup::Evidence;
use crate::capture::{CardLine, Draft, qr, read_card};
use crate::error::{InvalidInput, Result};
use crate::id::Id;
use crate::model::{Contact, Direction, FollowUp, NewFollowUp};
use crate::store::CaptureWrite;

#[derive(Debug, Clone, Default)]
pub struct CaptureOptions {
    /// Default region for numbers without a country code [default: the account's].
    pub region: Option<String>,
    /// Where the person was met; saved on the contact and named in the follow-up.
    pub met_at: Option<String>,
    /// When [default: today].
    pub met_on: Option<NaiveDate>,
    /// Adds a follow-up the user owes by this day.
    pub follow_up_by: Option<NaiveDate>,
    /// Save as a new contact even when the draft is a stored one.
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

impl Kith {
    /// Reads OCR lines (with boxes and confidences when the platform gives them) into a draft;
    /// numbers without a country code take `region`, else the account's default region.
    pub fn read_card(&self, lines: &[CardLine], region: Option<&str>) -> Result<Draft> {
        let region = match region {
            Some(r) => Some(r.to_string()),
            None => self.default_region()?,
        };
        Ok(read_card(lines, region.as_deref())?)
    }

    /// Reads a scanned QR payload: vCard, MECARD, BIZCARD or a LinkedIn profile link.
    pub fn read_qr(&self, payload: &str) -> Result<Draft> {
        Ok(qr::read_qr(payload)?)
    }

    /// Saves a reviewed draft. A stored contact it exactly is gains what it lacked; a draft that
    /// only looks like one is saved new and listed as a suspected duplicate. Met today unless
    /// `met_on` says otherwise.
    pub fn save_capture(&mut self, draft: &Draft, options: &CaptureOptions) -> Result<CaptureOutcome> {
        if draft.is_empty() {
            return Err(InvalidInput::Missing { field: "a name, organization or e-mail on the card" }.into());
        }
        // A running event session says where and when, unless the options do.
        let session = if options.met_at.is_none() { self.current_event()? } else { None };
        let met_at = options.met_at.clone().or_else(|| session.as_ref().map(|s| s.name.clone()));
        let met_on = options.met_on.or(session.as_ref().map(|s| s.date)).or(Some(self.clock().today()));
        let import = ImportOptions { region: options.region.clone(), met_at: met_at.clone(), met_on };
        let mut plan = import::plan(&self.store, vec![draft.clone()], &import)?;
        let item = plan.items.remove(0);
        let region = match &options.region {
            Some(r) => Some(r.clone()),
            None => self.default_region()?,
        };
        let now = self.clock().now_ms();
        let (contact, action) = match (&item.action, options.force_new) {
            (ImportAction::Skip { .. }, _) => return Err(InvalidInput::EmptyName.into()),
            (ImportAction::Exact { contact } | ImportAction::Update { contact, .. }, false) => {
                (*contact, item.action.clone())
            }
            // Only a look-alike: a new contact, listed as a suspected duplicate of the other.
            (ImportAction::LookAlike { .. }, false) => (Id::new_v7(now), item.action.clone()),
            _ => (Id::new_v7(now), ImportAction::Add),
        };
        let new = match &action {
            ImportAction::Add | ImportAction::LookAlike { .. } => {
                let mut new = draft.to_new_contact(region.as_deref(), met_at.clone(), met_on)?;
                new.met.place = new.met.place.or_else(|| session.as_ref().and_then(|s| s.place.clone()));
                Some(new)
            }
            _ => None,
        };
        let patch = match &action {
            ImportAction::Update { .. } => plan.take_update(contact),
            _ => None,
        };
        let follow_up = options.follow_up_by.map(|due| {
            let name = draft.name.as_ref().map(|n| n.value.full.clone()).unwrap_or_else(|| "them".into());
            let what = match &met_at {
                Some(event) => format!("Follow up with {name} (met at {event})"),
                None => format!("Follow up with {name}"),
            };
            NewFollowUp {
                what,
                due,
                contact_id: None,
                meeting_id: None,
                direction: Direction::IOwe,
                kind: None,
            }
        });
        let write = CaptureWrite { contact, new, patch, follow_up };
        let (contact, follow_up) = self.record(ChangeReason::Capture, |s| s.commit_capture(write))?;
        Ok(CaptureOutcome { contact, action, evidence: item.evidence, warnings: item.warnings, follow_up })
    }
}
