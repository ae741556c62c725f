//! Records and enums as foreign code sees them. Types without ids are the core's own, mirrored
//! (`uniffi::remote`: checked against the core at compile time, no conversion code). Types that
//! hold ids get an FFI shape with ids as strings, times as i64 milliseconds since the Unix epoch
//! (UTC) and days as `YYYY-MM-DD`, converted here and nowhere else.

use kith_core::method::TodayKind;
use kith_core::model::{
    self as core, Address, Direction, Email, Familiarity, FieldConflict, FollowUpStatus, LoopKind,
    MeetingKind, Phone, Tier,
};

use crate::error::{Result, day, id};

#[uniffi::remote(Enum)]
pub enum Familiarity {
    Unknown,
    Professional,
    Friendly,
    Personal,
}

#[uniffi::remote(Enum)]
pub enum Tier {
    Close,
    Regular,
    Occasional,
}

#[uniffi::remote(Enum)]
pub enum MeetingKind {
    Networking,
    DirectContact,
    Interview,
    Event,
    Call,
    Message,
    Coffee,
}

#[uniffi::remote(Enum)]
pub enum Direction {
    IOwe,
    TheyOwe,
}

#[uniffi::remote(Enum)]
pub enum FollowUpStatus {
    Open,
    Done,
    Cancelled,
}

#[uniffi::remote(Enum)]
pub enum LoopKind {
    Reply,
    Intro,
    Recommendation,
    Article,
    Other,
}

#[uniffi::remote(Enum)]
pub enum TodayKind {
    FollowUp,
    NameToContact,
    Drifting,
    NeedReview,
    Birthday,
}

#[uniffi::remote(Record)]
pub struct Email {
    pub value: String,
    pub kind: Option<String>,
}

#[uniffi::remote(Record)]
pub struct Phone {
    pub e164: Option<String>,
    pub raw: String,
    pub kind: Option<String>,
}

#[uniffi::remote(Record)]
pub struct Address {
    pub kind: Option<String>,
    pub label: String,
    pub street: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

#[uniffi::remote(Record)]
pub struct FieldConflict {
    pub field: String,
    pub values: Vec<Option<String>>,
}

fn opt_day(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn opt_id(i: Option<kith_core::Id>) -> Option<String> {
    i.map(|i| i.to_string())
}

fn parse_opt_id(i: &Option<String>) -> Result<Option<kith_core::Id>> {
    i.as_deref().map(id).transpose()
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Contact {
    pub id: String,
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub websites: Vec<String>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    pub met_event: Option<String>,
    pub met_place: Option<String>,
    pub met_on: Option<String>,
    pub introduced_by: Option<String>,
    pub familiarity: Familiarity,
    pub cadence_days: Option<u32>,
    pub tier: Option<Tier>,
    pub birthday: Option<String>,
    pub notes: String,
    pub personal_notes: String,
    pub has_photo: bool,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub deleted_at_ms: Option<i64>,
    pub merged_into: Option<String>,
    pub conflicts: Vec<FieldConflict>,
}

impl From<core::Contact> for Contact {
    fn from(c: core::Contact) -> Self {
        Contact {
            id: c.id.to_string(),
            full_name: c.name.full,
            given: c.name.given,
            family: c.name.family,
            title: c.title,
            organization: c.organization,
            emails: c.emails,
            phones: c.phones,
            websites: c.websites,
            addresses: c.addresses,
            tags: c.tags,
            met_event: c.met.event,
            met_place: c.met.place,
            met_on: opt_day(c.met.date),
            introduced_by: opt_id(c.met.introduced_by),
            familiarity: c.familiarity,
            cadence_days: c.cadence_days,
            tier: c.tier,
            birthday: c.birthday,
            notes: c.notes,
            personal_notes: c.personal_notes,
            has_photo: c.photo_type.is_some(),
            created_at_ms: c.created_at,
            updated_at_ms: c.updated_at,
            deleted_at_ms: c.deleted_at,
            merged_into: opt_id(c.merged_into),
            conflicts: c.conflicts,
        }
    }
}

/// A contact as typed. E-mails and phones may carry a `kind:` prefix (`work:ana@acme.com`).
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct NewContact {
    pub name: String,
    #[uniffi(default = None)]
    pub title: Option<String>,
    #[uniffi(default = None)]
    pub organization: Option<String>,
    #[uniffi(default = [])]
    pub emails: Vec<String>,
    #[uniffi(default = [])]
    pub phones: Vec<String>,
    #[uniffi(default = [])]
    pub websites: Vec<String>,
    #[uniffi(default = [])]
    pub tags: Vec<String>,
    #[uniffi(default = None)]
    pub met_event: Option<String>,
    #[uniffi(default = None)]
    pub met_on: Option<String>,
    #[uniffi(default = None)]
    pub introduced_by: Option<String>,
    #[uniffi(default = None)]
    pub familiarity: Option<Familiarity>,
    #[uniffi(default = None)]
    pub notes: Option<String>,
    /// Region for numbers without a country code [default: the account's].
    #[uniffi(default = None)]
    pub region: Option<String>,
}

impl NewContact {
    pub fn into_core(self) -> Result<core::NewContact> {
        Ok(core::NewContact {
            name: self.name,
            title: self.title,
            organization: self.organization,
            emails: self.emails,
            phones: self.phones,
            websites: self.websites,
            tags: self.tags,
            met: core::Met {
                event: self.met_event,
                date: self.met_on.as_deref().map(day).transpose()?,
                introduced_by: parse_opt_id(&self.introduced_by)?,
                place: None,
            },
            familiarity: self.familiarity,
            notes: self.notes,
            region: self.region,
            ..core::NewContact::default()
        })
    }
}

/// Fields to change; a missing field is left alone. `clear_*` empties a field.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ContactChanges {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub title: Option<String>,
    #[uniffi(default = None)]
    pub organization: Option<String>,
    #[uniffi(default = None)]
    pub emails: Option<Vec<String>>,
    #[uniffi(default = None)]
    pub phones: Option<Vec<String>>,
    #[uniffi(default = [])]
    pub add_tags: Vec<String>,
    #[uniffi(default = [])]
    pub remove_tags: Vec<String>,
    #[uniffi(default = None)]
    pub familiarity: Option<Familiarity>,
    #[uniffi(default = None)]
    pub cadence_days: Option<u32>,
    #[uniffi(default = None)]
    pub tier: Option<Tier>,
    #[uniffi(default = [])]
    pub clear: Vec<String>,
}

impl ContactChanges {
    pub fn into_core(self) -> Result<core::ContactPatch> {
        let cleared = |f: &str| self.clear.iter().any(|c| c == f);
        for field in &self.clear {
            if !["title", "organization", "cadence_days", "tier"].contains(&field.as_str()) {
                return Err(kith_core::InvalidInput::UnknownValue { field: "clear" }.into());
            }
        }
        let text = |v: &Option<String>, f: &str| if cleared(f) { Some(None) } else { v.clone().map(Some) };
        Ok(core::ContactPatch {
            name: self.name.clone(),
            title: text(&self.title, "title"),
            organization: text(&self.organization, "organization"),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            add_tags: self.add_tags.clone(),
            remove_tags: self.remove_tags.clone(),
            familiarity: self.familiarity,
            cadence_days: if cleared("cadence_days") { Some(None) } else { self.cadence_days.map(Some) },
            tier: if cleared("tier") { Some(None) } else { self.tier.map(Some) },
            ..core::ContactPatch::default()
        })
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Meeting {
    pub id: String,
    pub kind: MeetingKind,
    pub occurred_at_ms: i64,
    pub participants: Vec<String>,
    pub title: Option<String>,
    pub purpose: Option<String>,
    pub agenda: Vec<String>,
    pub asks: Vec<String>,
    pub notes: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
}

impl From<core::Meeting> for Meeting {
    fn from(m: core::Meeting) -> Self {
        Meeting {
            id: m.id.to_string(),
            kind: m.kind,
            occurred_at_ms: m.occurred_at,
            participants: m.participants.iter().map(ToString::to_string).collect(),
            title: m.title,
            purpose: m.purpose,
            agenda: m.agenda,
            asks: m.asks,
            notes: m.notes,
            outcome: m.outcome,
            next_step: m.next_step,
        }
    }
}

#[derive(Debug, Clone, uniffi::Record)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub participants: Vec<String>,
    /// [default: now]
    #[uniffi(default = None)]
    pub occurred_at_ms: Option<i64>,
    #[uniffi(default = None)]
    pub title: Option<String>,
    #[uniffi(default = None)]
    pub purpose: Option<String>,
    #[uniffi(default = [])]
    pub agenda: Vec<String>,
    #[uniffi(default = None)]
    pub notes: Option<String>,
    #[uniffi(default = None)]
    pub outcome: Option<String>,
    #[uniffi(default = None)]
    pub next_step: Option<String>,
}

impl NewMeeting {
    pub fn into_core(self) -> Result<core::NewMeeting> {
        Ok(core::NewMeeting {
            kind: self.kind,
            occurred_at: self.occurred_at_ms,
            participants: self.participants.iter().map(|p| id(p)).collect::<Result<_>>()?,
            title: self.title,
            purpose: self.purpose,
            agenda: self.agenda,
            asks: Vec::new(),
            notes: self.notes,
            outcome: self.outcome,
            next_step: self.next_step,
        })
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FollowUp {
    pub id: String,
    pub what: String,
    pub due: String,
    pub contact_id: Option<String>,
    pub meeting_id: Option<String>,
    pub direction: Direction,
    pub kind: Option<LoopKind>,
    pub status: FollowUpStatus,
    pub snoozed_until: Option<String>,
}

impl From<core::FollowUp> for FollowUp {
    fn from(f: core::FollowUp) -> Self {
        FollowUp {
            id: f.id.to_string(),
            what: f.what,
            due: f.due.to_string(),
            contact_id: opt_id(f.contact_id),
            meeting_id: opt_id(f.meeting_id),
            direction: f.direction,
            kind: f.kind,
            status: f.status,
            snoozed_until: opt_day(f.snoozed_until),
        }
    }
}

#[derive(Debug, Clone, uniffi::Record)]
pub struct NewFollowUp {
    pub what: String,
    pub due: String,
    #[uniffi(default = None)]
    pub contact_id: Option<String>,
    #[uniffi(default = None)]
    pub meeting_id: Option<String>,
    pub direction: Direction,
    #[uniffi(default = None)]
    pub kind: Option<LoopKind>,
}

impl NewFollowUp {
    pub fn into_core(self) -> Result<core::NewFollowUp> {
        Ok(core::NewFollowUp {
            what: self.what,
            due: day(&self.due)?,
            contact_id: parse_opt_id(&self.contact_id)?,
            meeting_id: parse_opt_id(&self.meeting_id)?,
            direction: self.direction,
            kind: self.kind,
        })
    }
}

/// A due follow-up as a local notification shows it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Reminder {
    pub follow_up_id: String,
    pub title: String,
    pub body: String,
    pub due: String,
    pub contact_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TodayItem {
    pub kind: TodayKind,
    pub title: String,
    pub reason: String,
    pub subject_id: String,
    pub contact_id: Option<String>,
}

impl From<kith_core::method::TodayItem> for TodayItem {
    fn from(t: kith_core::method::TodayItem) -> Self {
        TodayItem {
            kind: t.kind,
            title: t.title,
            reason: t.reason,
            subject_id: t.subject.to_string(),
            contact_id: opt_id(t.contact),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Balance {
    pub contact_id: String,
    pub gave: u32,
    pub received: u32,
    pub reading: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Need {
    pub id: String,
    pub contact_id: String,
    pub what: String,
    pub status: String,
    pub review_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Conflict {
    pub entity_id: String,
    pub kind: String,
    pub field: String,
    pub values: Vec<Option<String>>,
}

#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ContactQuery {
    #[uniffi(default = None)]
    pub search: Option<String>,
    #[uniffi(default = None)]
    pub tag: Option<String>,
    #[uniffi(default = 50)]
    pub limit: u32,
    #[uniffi(default = 0)]
    pub offset: u32,
}
