//! Records and enums as foreign code sees them. Types without ids are the core's own, mirrored
//! (`uniffi::remote`: checked against the core at compile time, no conversion code). Types that
//! hold ids get an FFI shape with ids as strings, times as i64 milliseconds since the Unix epoch
//! (UTC) and days as `YYYY-MM-DD`, converted here and nowhere else.

use kith_core::method::TodayKind;
use kith_core::model::{
    self as core, Address, Email, Familiarity, FieldConflict, FollowUpStatus, LoopKind, OtherField, Phone,
};
pub use kith_core::model::{Direction, MeetingKind, Tier};

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
    GiveBack,
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

/// A property Kith has no field for (nickname, IM handle, related person, …), kept for export.
#[uniffi::remote(Record)]
pub struct OtherField {
    pub property: String,
    pub label: Option<String>,
    pub value: String,
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
    pub phonetic: Option<String>,
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
    pub other_fields: Vec<OtherField>,
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
            phonetic: c.name.phonetic,
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
            other_fields: c.other_fields,
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
    /// The day to remind on: the due day, or the snooze's end when later.
    pub due: String,
    pub contact_id: Option<String>,
}

impl From<kith_core::Reminder> for Reminder {
    fn from(r: kith_core::Reminder) -> Self {
        Reminder {
            follow_up_id: r.follow_up.to_string(),
            title: r.title,
            body: r.body,
            due: r.on.to_string(),
            contact_id: opt_id(r.contact),
        }
    }
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
    pub name: String,
    pub gave: u32,
    pub received: u32,
    pub reading: String,
    /// Received more than one thing beyond what was given: offer something back.
    pub owe_back: bool,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Need {
    pub id: String,
    pub contact_id: String,
    pub contact_name: String,
    pub what: String,
    pub status: NeedStatus,
    pub review_on: Option<String>,
    /// Why it asks for a review now, if it does.
    pub review_reason: Option<String>,
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
    /// Where they were met (the event).
    #[uniffi(default = None)]
    pub event: Option<String>,
    #[uniffi(default = None)]
    pub organization: Option<String>,
    /// Deleted contacts instead of live ones.
    #[uniffi(default = false)]
    pub deleted: bool,
    #[uniffi(default = 50)]
    pub limit: u32,
    #[uniffi(default = 0)]
    pub offset: u32,
}

impl ContactQuery {
    pub fn into_core(self) -> kith_core::ContactQuery {
        kith_core::ContactQuery {
            search: self.search,
            tag: self.tag,
            event: self.event,
            organization: self.organization,
            deleted: self.deleted,
            limit: self.limit as usize,
            offset: self.offset as usize,
        }
    }
}

// The networking method, devices and sync, as foreign code sees them.

pub use kith_core::method::Template;
pub use kith_core::model::{ExchangeKind, Flow, IntroStatus, NeedStatus, ReferralStatus};

#[uniffi::remote(Enum)]
pub enum IntroStatus {
    Named,
    Contacted,
    Met,
}

#[uniffi::remote(Enum)]
pub enum NeedStatus {
    Open,
    Helped,
    Closed,
}

#[uniffi::remote(Enum)]
pub enum Flow {
    Gave,
    Received,
}

#[uniffi::remote(Enum)]
pub enum ExchangeKind {
    Introduction,
    Referral,
    Advice,
    Recommendation,
    Information,
    Favor,
}

#[uniffi::remote(Enum)]
pub enum ReferralStatus {
    Pending,
    Hired,
    Declined,
    PartedWell,
    PartedBadly,
}

/// How often to keep in touch: `days` wins over `tier`; neither means never nagged.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct Cadence {
    #[uniffi(default = None)]
    pub days: Option<u32>,
    #[uniffi(default = None)]
    pub tier: Option<Tier>,
}

impl From<Cadence> for kith_core::Cadence {
    fn from(c: Cadence) -> Self {
        match (c.days, c.tier) {
            (Some(d), _) => kith_core::Cadence::Days(d),
            (None, Some(t)) => kith_core::Cadence::Tier(t),
            (None, None) => kith_core::Cadence::Never,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Introduction {
    pub id: String,
    pub introducer_id: Option<String>,
    pub contact_id: String,
    pub meeting_id: Option<String>,
    pub status: IntroStatus,
}

impl From<core::Introduction> for Introduction {
    fn from(i: core::Introduction) -> Self {
        Introduction {
            id: i.id.to_string(),
            introducer_id: opt_id(i.introducer),
            contact_id: i.contact.to_string(),
            meeting_id: opt_id(i.meeting),
            status: i.status,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct IntroducerYield {
    pub contact_id: String,
    pub name: String,
    pub names_given: u32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct YieldReport {
    pub networking_meetings: u32,
    pub names_gained: u32,
    pub per_meeting: f64,
    pub target: f64,
    pub by_introducer: Vec<IntroducerYield>,
    /// Networking meetings that yielded no name.
    pub barren_meeting_ids: Vec<String>,
}

impl From<kith_core::method::YieldReport> for YieldReport {
    fn from(y: kith_core::method::YieldReport) -> Self {
        YieldReport {
            networking_meetings: y.networking_meetings as u32,
            names_gained: y.names_gained as u32,
            per_meeting: y.per_meeting,
            target: y.target,
            by_introducer: y
                .by_introducer
                .into_iter()
                .map(|(id, name, n)| IntroducerYield {
                    contact_id: id.to_string(),
                    name,
                    names_given: n as u32,
                })
                .collect(),
            barren_meeting_ids: y.barren.into_iter().map(|(id, _)| id.to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NameGained {
    pub introduction: Introduction,
    pub name: String,
    pub introducer: Option<String>,
    pub age_days: i64,
}

impl From<kith_core::method::NameGained> for NameGained {
    fn from(n: kith_core::method::NameGained) -> Self {
        NameGained {
            introduction: n.introduction.into(),
            name: n.name,
            introducer: n.introducer,
            age_days: n.age_days,
        }
    }
}

/// Who introduced whom, first introducer first.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Chain {
    pub contact_ids: Vec<String>,
    pub names: Vec<String>,
}

impl From<kith_core::method::Chain> for Chain {
    fn from(c: kith_core::method::Chain) -> Self {
        let (ids, names) = c.people.into_iter().map(|(id, name)| (id.to_string(), name)).unzip();
        Chain { contact_ids: ids, names }
    }
}

impl From<kith_core::method::NeedView> for Need {
    fn from(v: kith_core::method::NeedView) -> Self {
        Need {
            id: v.need.id.to_string(),
            contact_id: v.need.contact.to_string(),
            contact_name: v.contact_name,
            what: v.need.what,
            status: v.need.status,
            review_on: opt_day(v.need.review_on),
            review_reason: v.review_reason,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NeedMatch {
    pub need: Need,
    pub score: f64,
}

impl From<kith_core::method::Balance> for Balance {
    fn from(b: kith_core::method::Balance) -> Self {
        Balance {
            contact_id: b.contact.to_string(),
            name: b.name,
            gave: b.gave as u32,
            received: b.received as u32,
            reading: b.reading,
            owe_back: b.owe_back,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OpenLoop {
    pub follow_up: FollowUp,
    pub contact_name: Option<String>,
    /// Days since it was recorded.
    pub age_days: i64,
    /// Days since it fell due (0 while not past due).
    pub days_overdue: i64,
    pub overdue: bool,
    /// "3 weeks past due", "due in 2 days".
    pub reading: String,
}

impl From<kith_core::method::OpenLoop> for OpenLoop {
    fn from(l: kith_core::method::OpenLoop) -> Self {
        OpenLoop {
            follow_up: l.follow_up.into(),
            contact_name: l.contact_name,
            age_days: l.age_days,
            days_overdue: l.days_overdue,
            overdue: l.overdue,
            reading: l.reading,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Drift {
    pub contact_id: String,
    pub name: String,
    pub days_since_touch: i64,
    pub cadence_days: u32,
    pub reason: String,
}

impl From<kith_core::method::Drift> for Drift {
    fn from(d: kith_core::method::Drift) -> Self {
        Drift {
            contact_id: d.contact.to_string(),
            name: d.name,
            days_since_touch: d.days_since_touch,
            cadence_days: d.cadence_days,
            reason: d.reason,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Settings {
    pub i_owe_overdue_days: i64,
    pub they_owe_overdue_days: i64,
    pub review_after_days: i64,
    pub close_days: u32,
    pub regular_days: u32,
    pub occasional_days: u32,
}

impl From<kith_core::method::Settings> for Settings {
    fn from(s: kith_core::method::Settings) -> Self {
        Settings {
            i_owe_overdue_days: s.i_owe_overdue_days,
            they_owe_overdue_days: s.they_owe_overdue_days,
            review_after_days: s.review_after_days,
            close_days: s.close_days,
            regular_days: s.regular_days,
            occasional_days: s.occasional_days,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReferralEvent {
    pub status: ReferralStatus,
    pub at_ms: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Referral {
    pub id: String,
    pub candidate_id: String,
    pub to_contact_id: Option<String>,
    pub company: Option<String>,
    pub status: ReferralStatus,
    pub note: Option<String>,
    pub history: Vec<ReferralEvent>,
}

impl From<core::Referral> for Referral {
    fn from(r: core::Referral) -> Self {
        Referral {
            id: r.id.to_string(),
            candidate_id: r.candidate.to_string(),
            to_contact_id: opt_id(r.to_contact),
            company: r.company,
            status: r.status,
            note: r.note,
            history: r
                .history
                .into_iter()
                .map(|e| ReferralEvent { status: e.status, at_ms: e.at, note: e.note })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Hanging {
    pub contact_id: String,
    pub name: String,
    /// Contacts reached only through this one.
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EmployerShare {
    pub organization: String,
    pub contacts: u32,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RiskReport {
    pub active_contacts: u32,
    pub hanging: Vec<Hanging>,
    pub employers: Vec<EmployerShare>,
}

impl From<kith_core::method::RiskReport> for RiskReport {
    fn from(r: kith_core::method::RiskReport) -> Self {
        RiskReport {
            active_contacts: r.active_contacts as u32,
            hanging: r
                .hanging
                .into_iter()
                .map(|h| Hanging { contact_id: h.contact.to_string(), name: h.name, count: h.count as u32 })
                .collect(),
            employers: r
                .employers
                .into_iter()
                .map(|e| EmployerShare {
                    organization: e.organization,
                    contacts: e.contacts as u32,
                    share: e.share,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WeekCount {
    pub week_of: String,
    pub names_gained: u32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WeeklyReview {
    pub from: String,
    pub to: String,
    pub networking_meetings: u32,
    pub names_gained: u32,
    pub yield_per_meeting: f64,
    pub gave: u32,
    pub received: u32,
    pub loops_opened: u32,
    pub loops_closed: u32,
    pub contacts_touched: u32,
    /// Events where people were met this week, and how many were met at them.
    pub events: u32,
    pub met_at_events: u32,
    /// Names gained per week for the last four weeks, this week last.
    pub trend: Vec<WeekCount>,
}

impl From<kith_core::method::WeeklyReview> for WeeklyReview {
    fn from(w: kith_core::method::WeeklyReview) -> Self {
        WeeklyReview {
            from: w.from.to_string(),
            to: w.to.to_string(),
            networking_meetings: w.networking_meetings as u32,
            names_gained: w.names_gained as u32,
            yield_per_meeting: w.yield_per_meeting,
            gave: w.gave as u32,
            received: w.received as u32,
            loops_opened: w.loops_opened as u32,
            loops_closed: w.loops_closed as u32,
            contacts_touched: w.contacts_touched as u32,
            events: w.events as u32,
            met_at_events: w.met_at_events as u32,
            trend: w
                .trend
                .into_iter()
                .map(|(d, n)| WeekCount { week_of: d.to_string(), names_gained: n as u32 })
                .collect(),
        }
    }
}

#[uniffi::remote(Record)]
pub struct Template {
    pub purpose: String,
    pub opener: Option<String>,
    pub agenda: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct KindTemplate {
    pub kind: MeetingKind,
    pub template: Template,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Device {
    pub id: String,
    pub name: String,
    pub this_device: bool,
    pub paired_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    pub last_sync_at_ms: Option<i64>,
    /// Documents holding changes it has not acknowledged.
    pub pending: u32,
}

impl From<kith_core::DeviceView> for Device {
    fn from(v: kith_core::DeviceView) -> Self {
        Device {
            id: v.device.id,
            name: v.device.name,
            this_device: v.this_device,
            paired_at_ms: v.device.paired_at,
            revoked_at_ms: v.device.revoked_at,
            last_sync_at_ms: v.device.last_sync_at,
            pending: v.pending as u32,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Peer {
    pub device_id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncStats {
    pub frames_sent: u64,
    pub frames_received: u64,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub entities_changed: u64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SyncReport {
    pub peer: Option<String>,
    pub complete: bool,
    pub round_trips: u32,
    pub stats: SyncStats,
}

impl From<kith_core::SyncReport> for SyncReport {
    fn from(r: kith_core::SyncReport) -> Self {
        let s = r.stats;
        SyncReport {
            peer: r.peer,
            complete: r.complete,
            round_trips: r.round_trips as u32,
            stats: SyncStats {
                frames_sent: s.frames_sent as u64,
                frames_received: s.frames_received as u64,
                bytes_sent: s.bytes_sent,
                bytes_received: s.bytes_received,
                entities_changed: s.entities_changed as u64,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Photo {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DoctorReport {
    pub docs_checked: u32,
    pub problems: Vec<String>,
    /// What could not be checked now, and why (not problems).
    pub unchecked: Vec<String>,
    pub repaired: bool,
    pub healthy: bool,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MergeReport {
    pub docs_changed: u32,
    pub entities_changed: u32,
    pub conflicts: u32,
}
