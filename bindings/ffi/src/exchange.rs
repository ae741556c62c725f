//! The exchange at an event as foreign code sees it: my card and its QR code, event sessions
//! and their lobby review, bulk actions over a selection.

pub use kith_core::model::MyCard;
use kith_core::model::{Familiarity, Tier};
use kith_core::{self as core, CardPayload, QrImage};

use crate::error::{Result, id};
use crate::types::{Contact, ContactQuery};

#[uniffi::remote(Record)]
pub struct MyCard {
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub websites: Vec<String>,
    pub address: Option<String>,
    pub note: Option<String>,
}

/// A profile's QR code (ECC level M, at most version 11) and its `.vcf`. Draw `qr_modules`
/// row by row, `qr_width` a side, dark where `true`, with a quiet zone of four modules.
#[uniffi::remote(Record)]
pub struct CardPayload {
    pub profile: String,
    pub qr_text: String,
    pub qr_version: i16,
    pub qr_width: u32,
    pub qr_modules: Vec<bool>,
    pub qr_ecc: String,
    pub left_out: Vec<String>,
    pub vcf: String,
}

/// Any text's QR code (a pairing invite), drawn like a card's: `width` modules a side, row by
/// row, dark where `true`, with a quiet zone of four modules.
#[uniffi::remote(Record)]
pub struct QrImage {
    pub width: u32,
    pub modules: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EventSession {
    pub name: String,
    pub place: Option<String>,
    /// `YYYY-MM-DD`: the session ends when this day does.
    pub date: String,
}

impl From<core::model::EventSession> for EventSession {
    fn from(s: core::model::EventSession) -> Self {
        EventSession { name: s.name, place: s.place, date: s.date.to_string() }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EventContact {
    pub contact: Contact,
    /// What the card lacked: `name`, `e-mail`, `phone`, `organization`, `title`.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EventReview {
    pub event: String,
    /// Most recently added first.
    pub people: Vec<EventContact>,
}

impl From<core::EventReview> for EventReview {
    fn from(r: core::EventReview) -> Self {
        EventReview {
            event: r.event,
            people: r
                .people
                .into_iter()
                .map(|p| EventContact {
                    contact: p.contact.into(),
                    missing: p.missing.into_iter().map(str::to_string).collect(),
                })
                .collect(),
        }
    }
}

/// Which contacts a bulk action changes.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum Selection {
    Ids { ids: Vec<String> },
    Query { query: ContactQuery },
}

impl Selection {
    pub fn into_core(self) -> Result<core::Selection> {
        Ok(match self {
            Selection::Ids { ids } => core::Selection::Ids(ids.iter().map(|i| id(i)).collect::<Result<_>>()?),
            Selection::Query { query } => core::Selection::Query(query.into_core()),
        })
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum BulkAction {
    AddTags {
        tags: Vec<String>,
    },
    RemoveTags {
        tags: Vec<String>,
    },
    /// `None` clears the cadence.
    SetCadence {
        days: Option<u32>,
    },
    SetTier {
        tier: Option<Tier>,
    },
    SetFamiliarity {
        familiarity: Familiarity,
    },
    Delete,
    Restore,
}

impl From<BulkAction> for core::BulkAction {
    fn from(a: BulkAction) -> Self {
        match a {
            BulkAction::AddTags { tags } => core::BulkAction::AddTags(tags),
            BulkAction::RemoveTags { tags } => core::BulkAction::RemoveTags(tags),
            BulkAction::SetCadence { days } => core::BulkAction::SetCadence(days),
            BulkAction::SetTier { tier } => core::BulkAction::SetTier(tier),
            BulkAction::SetFamiliarity { familiarity } => core::BulkAction::SetFamiliarity(familiarity),
            BulkAction::Delete => core::BulkAction::Delete,
            BulkAction::Restore => core::BulkAction::Restore,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct BulkReport {
    pub selected: u32,
    pub changed: u32,
    pub unchanged: u32,
}

impl From<core::BulkReport> for BulkReport {
    fn from(r: core::BulkReport) -> Self {
        BulkReport { selected: r.selected as u32, changed: r.changed as u32, unchanged: r.unchanged as u32 }
    }
}
