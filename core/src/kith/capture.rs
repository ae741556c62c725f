//! Capture: a card's text or a QR code becomes a draft (every field with a confidence); the
//! reviewed draft is saved with the capture defaults (today's date, the account's region, a
//! promised follow-up) in one transaction.

use super::{ChangeReason, Kith};
use crate::capture::{CardLine, Draft, qr, read_card};
use crate::error::{InvalidInput, Result};
use crate::store::{CaptureOptions, CaptureOutcome};

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
        let mut options = options.clone();
        options.met_on = options.met_on.or(Some(self.clock().today()));
        self.record(ChangeReason::Capture, |s| s.save_capture(draft, &options))
    }
}
