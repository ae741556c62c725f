//! Capture: turning what a camera read (card text from the platform's OCR, or a QR payload)
//! into a draft contact the person confirms. Nothing here touches storage; the store commits a
//! confirmed draft as a `NewContact`.

mod address;
mod card;
mod lexicon;
mod names;
mod phones;

mod case;
pub mod dedup;
pub mod eval;
pub mod qr;
mod web;

use chrono::NaiveDate;

use crate::error::InvalidInput;
use crate::model::{Address, Met, NewContact, OtherField, Photo, validate};

pub use address::country_code;
pub use card::read_card;

/// One line of text as the platform OCR returned it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CardLine {
    pub text: String,
    pub bounds: Option<Bounds>,
    /// The recognizer's confidence in [0, 1], when it gives one.
    pub confidence: Option<f32>,
}

impl CardLine {
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), bounds: None, confidence: None }
    }
}

/// A line's box in image coordinates (any unit, y growing downwards).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// A value with how sure the reader is of it, in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Scored<T> {
    pub value: T,
    pub confidence: f32,
}

impl<T> Scored<T> {
    /// A value read from a structured source (vCard, CSV), not guessed.
    pub fn certain(value: T) -> Self {
        Self { value, confidence: 1.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftName {
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
    /// `Dr.`, `Prof.`, `Lic.`: kept apart from the name.
    pub honorific: Option<String>,
    /// `PhD`, `PE, LEED AP`: kept apart from the name.
    pub credentials: Option<String>,
    /// How the name is said, when the source gives it (`X-PHONETIC-*`, `SORT-AS`).
    pub phonetic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftEmail {
    pub value: String,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftPhone {
    pub raw: String,
    pub e164: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Social {
    /// `linkedin`, `twitter`, `instagram`, `github`, `facebook`, `whatsapp`, …
    pub network: String,
    pub handle: String,
    pub url: String,
}

/// What the reader made of a card, or what a vCard, MECARD or CSV row held: the one record
/// every capture and import path produces. Every field may be missing; a card without usable
/// text gives an empty draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub name: Option<Scored<DraftName>>,
    pub title: Option<Scored<String>>,
    pub organization: Option<Scored<String>>,
    pub emails: Vec<Scored<DraftEmail>>,
    pub phones: Vec<Scored<DraftPhone>>,
    pub websites: Vec<Scored<String>>,
    pub socials: Vec<Scored<Social>>,
    pub addresses: Vec<Scored<Address>>,
    pub notes: Option<String>,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
    pub photo: Option<Photo>,
    pub tags: Vec<String>,
    /// Where the person was met, when the source says (Kith's own vCard export does).
    pub met_event: Option<String>,
    /// What the source held that Kith has no field for, kept so an export gives it back.
    pub other_fields: Vec<OtherField>,
    /// The country the record itself points to (its numbers with a country code, else its
    /// address), for its numbers written without one; the account's region comes after it.
    pub region: Option<String>,
    /// What was cut or doubtful (input truncated, a photo too large, …).
    pub warnings: Vec<String>,
}

/// The tag on a contact saved without a name (named after its organization, e-mail or number):
/// `kith list --tag needs-name` lists what to fix.
pub const NEEDS_NAME_TAG: &str = "needs-name";

/// Text beyond these limits is cut, with a warning: no card holds more.
pub const MAX_LINES: usize = 80;
pub const MAX_LINE_CHARS: usize = 400;

impl Draft {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.title.is_none()
            && self.organization.is_none()
            && self.emails.is_empty()
            && self.phones.is_empty()
            && self.websites.is_empty()
            && self.socials.is_empty()
            && self.addresses.is_empty()
    }

    /// The contact to save once the person confirmed the draft. A card without a name is
    /// saved under its organization or e-mail; one with none of those is refused.
    pub fn to_new_contact(
        &self,
        region: Option<&str>,
        met_at: Option<String>,
        met_on: Option<NaiveDate>,
    ) -> Result<NewContact, InvalidInput> {
        let name = self.name.as_ref().map(|n| &n.value);
        // Capitals as printed become readable; the printed text stays in the notes.
        let printed = self.organization.as_ref().map(|o| o.value.clone());
        let readable = printed.as_deref().and_then(case::readable_organization);
        let organization = readable.clone().or_else(|| printed.clone());
        let full = name
            .map(|n| n.full.clone())
            .or_else(|| organization.clone())
            .or_else(|| self.emails.first().map(|e| e.value.value.clone()))
            .or_else(|| self.phones.first().map(|p| p.value.raw.clone()))
            .ok_or(InvalidInput::EmptyName)?;
        let notes = [
            name.and_then(|n| n.honorific.clone()).map(|h| format!("Honorific: {h}")),
            name.and_then(|n| n.credentials.clone()).map(|c| format!("Credentials: {c}")),
            readable.and(printed).map(|p| format!("Organization as printed: {p}")),
            self.notes.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
        let websites = self.websites.iter().map(|w| w.value.clone());
        Ok(NewContact {
            name: full,
            given: name.and_then(|n| n.given.clone()),
            family: name.and_then(|n| n.family.clone()),
            phonetic: name.and_then(|n| n.phonetic.clone()),
            title: self.title.as_ref().map(|t| t.value.clone()),
            organization,
            emails: self
                .emails
                .iter()
                .map(|e| validate::with_kind(e.value.kind.as_deref(), &e.value.value))
                .collect(),
            phones: self
                .phones
                .iter()
                .map(|p| {
                    // The number as printed when the region re-derives the same E.164 from it.
                    let number = match (&p.value.e164, region) {
                        (Some(e164), None) => e164.clone(),
                        _ => p.value.raw.clone(),
                    };
                    validate::with_kind(p.value.kind.as_deref(), &number)
                })
                .collect(),
            websites: websites.chain(self.socials.iter().map(|s| s.value.url.clone())).collect(),
            addresses: self.addresses.iter().map(|a| a.value.clone()).collect(),
            birthday: self.birthday.clone(),
            photo: self.photo.clone(),
            // A placeholder name (the organization, e-mail or number) is marked for the user to fix.
            tags: self
                .tags
                .iter()
                .cloned()
                .chain(name.is_none().then(|| NEEDS_NAME_TAG.to_string()))
                .collect(),
            met: Met { event: met_at.or_else(|| self.met_event.clone()), date: met_on, ..Met::default() },
            notes: (!notes.is_empty()).then(|| notes.join("\n")),
            other_fields: self.other_fields.clone(),
            region: self.region.as_deref().or(region).map(str::to_string),
            keep_unverified_phones: true,
            ..NewContact::default()
        })
    }
}

/// Loads the phone-number metadata and builds the reader's tables, so that the first card
/// read on the capture screen does not pay for it. Call it from a background thread at start.
pub fn warm_up() {
    let _ = read_card(&[CardLine::plain("Ana Reyes"), CardLine::plain("T +1 415 555 0132")], Some("US"));
}
