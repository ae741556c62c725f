//! Capture across the FFI: the platform OCR's lines (or a QR payload) in, a draft out; the
//! person edits the draft on the review screen and hands it back to `Kith::save_capture`.

use kith_core::capture::{self as core, Scored};
use kith_core::model::Address;

use crate::error::{Result, day};

#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Bounds {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// One line from ML Kit / Apple Vision text recognition.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CardLine {
    pub text: String,
    #[uniffi(default = None)]
    pub bounds: Option<Bounds>,
    #[uniffi(default = None)]
    pub confidence: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DraftText {
    pub value: String,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DraftName {
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub honorific: Option<String>,
    pub credentials: Option<String>,
    pub phonetic: Option<String>,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DraftEmail {
    pub value: String,
    pub kind: Option<String>,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DraftPhone {
    pub raw: String,
    pub e164: Option<String>,
    pub kind: Option<String>,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DraftSocial {
    pub network: String,
    pub handle: String,
    pub url: String,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DraftAddress {
    pub address: Address,
    pub confidence: f32,
}

/// A card or QR code read into fields, each with the reader's confidence in [0, 1].
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Draft {
    pub name: Option<DraftName>,
    pub title: Option<DraftText>,
    pub organization: Option<DraftText>,
    pub emails: Vec<DraftEmail>,
    pub phones: Vec<DraftPhone>,
    pub websites: Vec<DraftText>,
    pub socials: Vec<DraftSocial>,
    pub addresses: Vec<DraftAddress>,
    pub notes: Option<String>,
    pub birthday: Option<String>,
    /// A photo the source carried (a vCard's PHOTO), saved with the contact.
    pub photo: Option<crate::types::Photo>,
    pub tags: Vec<String>,
    /// Where the person was met, when the source says.
    pub met_event: Option<String>,
    /// What the source held that Kith has no field for; saved with the contact.
    pub other_fields: Vec<kith_core::model::OtherField>,
    /// The country the record points to (its numbers, its address), for national numbers.
    pub region: Option<String>,
    pub warnings: Vec<String>,
}

fn text(s: Scored<String>) -> DraftText {
    DraftText { value: s.value, confidence: s.confidence }
}

fn scored(d: DraftText) -> Scored<String> {
    Scored { value: d.value, confidence: d.confidence }
}

impl From<core::Draft> for Draft {
    fn from(d: core::Draft) -> Self {
        Draft {
            name: d.name.map(|n| DraftName {
                full: n.value.full,
                given: n.value.given,
                family: n.value.family,
                honorific: n.value.honorific,
                credentials: n.value.credentials,
                phonetic: n.value.phonetic,
                confidence: n.confidence,
            }),
            title: d.title.map(text),
            organization: d.organization.map(text),
            emails: d
                .emails
                .into_iter()
                .map(|e| DraftEmail { value: e.value.value, kind: e.value.kind, confidence: e.confidence })
                .collect(),
            phones: d
                .phones
                .into_iter()
                .map(|p| DraftPhone {
                    raw: p.value.raw,
                    e164: p.value.e164,
                    kind: p.value.kind,
                    confidence: p.confidence,
                })
                .collect(),
            websites: d.websites.into_iter().map(text).collect(),
            socials: d
                .socials
                .into_iter()
                .map(|s| DraftSocial {
                    network: s.value.network,
                    handle: s.value.handle,
                    url: s.value.url,
                    confidence: s.confidence,
                })
                .collect(),
            addresses: d
                .addresses
                .into_iter()
                .map(|a| DraftAddress { address: a.value, confidence: a.confidence })
                .collect(),
            notes: d.notes,
            birthday: d.birthday,
            photo: d.photo.map(|p| crate::types::Photo { media_type: p.media_type, bytes: p.bytes }),
            tags: d.tags,
            met_event: d.met_event,
            other_fields: d.other_fields,
            region: d.region,
            warnings: d.warnings,
        }
    }
}

impl From<Draft> for core::Draft {
    fn from(d: Draft) -> Self {
        core::Draft {
            name: d.name.map(|n| Scored {
                confidence: n.confidence,
                value: core::DraftName {
                    full: n.full,
                    given: n.given,
                    family: n.family,
                    honorific: n.honorific,
                    credentials: n.credentials,
                    phonetic: n.phonetic,
                },
            }),
            title: d.title.map(scored),
            organization: d.organization.map(scored),
            emails: d
                .emails
                .into_iter()
                .map(|e| Scored {
                    confidence: e.confidence,
                    value: core::DraftEmail { value: e.value, kind: e.kind },
                })
                .collect(),
            phones: d
                .phones
                .into_iter()
                .map(|p| Scored {
                    confidence: p.confidence,
                    value: core::DraftPhone { raw: p.raw, e164: p.e164, kind: p.kind },
                })
                .collect(),
            websites: d.websites.into_iter().map(scored).collect(),
            socials: d
                .socials
                .into_iter()
                .map(|s| Scored {
                    confidence: s.confidence,
                    value: core::Social { network: s.network, handle: s.handle, url: s.url },
                })
                .collect(),
            addresses: d
                .addresses
                .into_iter()
                .map(|a| Scored { value: a.address, confidence: a.confidence })
                .collect(),
            notes: d.notes,
            birthday: d.birthday,
            photo: d.photo.map(|p| kith_core::model::Photo { media_type: p.media_type, bytes: p.bytes }),
            tags: d.tags,
            met_event: d.met_event,
            other_fields: d.other_fields,
            region: d.region,
            warnings: d.warnings,
        }
    }
}

impl From<CardLine> for core::CardLine {
    fn from(l: CardLine) -> Self {
        core::CardLine {
            text: l.text,
            bounds: l.bounds.map(|b| core::Bounds { x: b.x, y: b.y, width: b.width, height: b.height }),
            confidence: l.confidence,
        }
    }
}

/// Loads the phone-number metadata (~60 ms the first time). Call it on a background thread at
/// app start so the first card read on the capture screen is instant.
#[uniffi::export]
pub fn warm_up() {
    core::warm_up();
}

/// The database a laptop's Kith opens when none is named (`$KITH_DB`, else the platform data
/// directory): the desktop app and the `kith` CLI share it. Phones use an app-private path.
#[uniffi::export]
pub fn default_database_path() -> Result<String> {
    Ok(kith_core::default_database_path()?.to_string_lossy().into_owned())
}

#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct CaptureOptions {
    #[uniffi(default = None)]
    pub region: Option<String>,
    #[uniffi(default = None)]
    pub met_at: Option<String>,
    #[uniffi(default = None)]
    pub met_on: Option<String>,
    #[uniffi(default = None)]
    pub follow_up_by: Option<String>,
    #[uniffi(default = false)]
    pub force_new: bool,
}

impl CaptureOptions {
    pub fn into_core(self) -> Result<kith_core::CaptureOptions> {
        Ok(kith_core::CaptureOptions {
            region: self.region,
            met_at: self.met_at,
            met_on: self.met_on.as_deref().map(day).transpose()?,
            follow_up_by: self.follow_up_by.as_deref().map(day).transpose()?,
            force_new: self.force_new,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CaptureAction {
    /// A new contact.
    Added,
    /// A new contact that looks like a stored one (`evidence` says why): listed by `duplicates`.
    AddedLookAlike,
    /// The stored contact it already was, given what it lacked.
    Updated,
    /// The stored contact it already was, unchanged.
    AlreadyKnown,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CaptureOutcome {
    pub contact: crate::types::Contact,
    pub action: CaptureAction,
    /// Why it was matched to a stored contact (same e-mail, same phone, similar name …).
    pub evidence: Vec<String>,
    pub warnings: Vec<String>,
    pub follow_up: Option<crate::types::FollowUp>,
}
