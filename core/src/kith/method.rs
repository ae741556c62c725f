//! The networking method: two more names, needs and give/take, open loops, keeping in touch,
//! referrals made, network risk, Today and the weekly review. Reports are computed from the
//! read model and the injected clock only.

use chrono::NaiveDate;

use super::Kith;
use crate::error::{InvalidInput, Result};
use crate::id::Id;
use crate::method::scope::Scope;
use crate::method::{
    self, Balance, Chain, Drift, NameGained, NeedMatch, NeedView, OpenLoop, RiskReport, Settings, TodayItem,
    WeeklyReview, YieldReport, settings,
};
use crate::model::{
    Contact, ContactPatch, Direction, ExchangeKind, Flow, IntroStatus, Introduction, NeedStatus, Referral,
    ReferralStatus, Tier,
};

/// How often to keep in touch with a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Days(u32),
    /// The tier's number of days (editable per account).
    Tier(Tier),
    /// Never nagged.
    Never,
}

fn positive(days: u32) -> Result<u32> {
    if days == 0 { Err(InvalidInput::OutOfRange { field: "days" }.into()) } else { Ok(days) }
}

impl Kith {
    /// One ranked list of what to do today, each item with its reason.
    pub fn today(&self) -> Result<Vec<TodayItem>> {
        self.today.get(&self.store)
    }

    pub fn weekly_review(&self) -> Result<WeeklyReview> {
        method::weekly_review(&self.store)
    }

    // Two more names

    /// Names gained at a meeting: each becomes a contact introduced by `introducer` (or the
    /// meeting's only participant).
    pub fn add_names_gained(
        &mut self,
        meeting: Id,
        names: &[String],
        introducer: Option<Id>,
    ) -> Result<Vec<Introduction>> {
        self.edit(|s| s.add_names_gained(meeting, names, introducer))
    }

    /// Records that `introducer` put me in touch with `contact` (both already contacts).
    pub fn add_introduction(
        &mut self,
        introducer: Id,
        contact: Id,
        meeting: Option<Id>,
    ) -> Result<Introduction> {
        self.edit(|s| s.add_introduction(introducer, contact, meeting))
    }

    pub fn set_introduction_status(&mut self, id: Id, status: IntroStatus) -> Result<Introduction> {
        self.edit(|s| s.set_introduction_status(id, status))
    }

    pub fn introductions_from(&self, meeting: Id) -> Result<Vec<Introduction>> {
        self.store.introductions_from(meeting)
    }

    /// Names gained per meeting and per introducer.
    pub fn yield_report(&self) -> Result<YieldReport> {
        method::yield_report(&self.store)
    }

    /// Names gained but not yet contacted.
    pub fn names_not_contacted(&self) -> Result<Vec<NameGained>> {
        method::names_not_contacted(&self.store, &Scope::All)
    }

    /// The longest chains of who introduced whom.
    pub fn chains(&self, limit: usize) -> Result<Vec<Chain>> {
        method::chains(&self.store, limit)
    }

    // Needs and give/take

    pub fn add_need(&mut self, contact: Id, what: &str, review_on: Option<NaiveDate>) -> Result<Id> {
        self.edit(|s| s.add_need(contact, what, review_on))
    }

    /// Open and closed needs, of one contact or of everyone.
    pub fn needs(&self, contact: Option<Id>) -> Result<Vec<NeedView>> {
        method::needs(&self.store, contact)
    }

    pub fn needs_to_review(&self) -> Result<Vec<NeedView>> {
        method::needs_to_review(&self.store, &Scope::All)
    }

    pub fn set_need_status(&mut self, id: Id, status: NeedStatus) -> Result<()> {
        self.edit(|s| s.set_need_status(id, status))
    }

    /// Marks a need reviewed now, with the next review day if any.
    pub fn review_need(&mut self, id: Id, next: Option<NaiveDate>) -> Result<()> {
        self.edit(|s| s.review_need(id, next))
    }

    /// Whom could this help? Open needs whose words match a note (a job lead, an article).
    pub fn match_needs(&self, text: &str) -> Result<Vec<NeedMatch>> {
        method::match_needs(&self.store, text)
    }

    /// Something given to (`Flow::Gave`) or received from a contact.
    pub fn record_exchange(
        &mut self,
        contact: Id,
        flow: Flow,
        kind: ExchangeKind,
        note: Option<&str>,
    ) -> Result<Id> {
        self.edit(|s| s.record_exchange(contact, flow, kind, note))
    }

    pub fn balance(&self, contact: Id) -> Result<Balance> {
        method::balance(&self.store, contact)
    }

    pub fn balances(&self) -> Result<Vec<Balance>> {
        method::balances(&self.store)
    }

    // Open loops and keeping in touch

    /// What I owe and what I am owed, oldest first, with ageing.
    pub fn open_loops(&self) -> Result<Vec<OpenLoop>> {
        method::open_loops(&self.store)
    }

    /// The method's thresholds as the account settings hold them.
    pub fn settings(&self) -> Result<Settings> {
        Settings::load(&self.store)
    }

    /// Days before an open loop in `direction` counts as overdue.
    pub fn set_overdue_days(&mut self, direction: Direction, days: u32) -> Result<()> {
        let key = match direction {
            Direction::IOwe => settings::I_OWE_OVERDUE,
            Direction::TheyOwe => settings::THEY_OWE_OVERDUE,
        };
        let days = positive(days)?;
        self.edit(|s| s.set_setting(key, &days.to_string()))
    }

    /// The number of days a cadence tier stands for.
    pub fn set_tier_days(&mut self, tier: Tier, days: u32) -> Result<()> {
        let days = positive(days)?;
        self.edit(|s| s.set_setting(&settings::tier_key(tier), &days.to_string()))
    }

    pub fn set_cadence(&mut self, contact: Id, cadence: Cadence) -> Result<Contact> {
        let (days, tier) = match cadence {
            Cadence::Days(d) => (Some(positive(d)?), None),
            Cadence::Tier(t) => (None, Some(t)),
            Cadence::Never => (None, None),
        };
        let patch = ContactPatch { cadence_days: Some(days), tier: Some(tier), ..ContactPatch::default() };
        self.edit(|s| s.update_contact(contact, patch))
    }

    /// Contacts past their cadence, the latest first.
    pub fn drifting(&self) -> Result<Vec<Drift>> {
        method::drifting(&self.store, &Scope::All)
    }

    // Referrals made and network risk

    /// I recommended `candidate` to a contact or to a company.
    pub fn add_referral(
        &mut self,
        candidate: Id,
        to_contact: Option<Id>,
        company: Option<&str>,
        note: Option<&str>,
    ) -> Result<Id> {
        self.edit(|s| s.add_referral(candidate, to_contact, company, note))
    }

    /// A referral's outcome over time (each update is kept as an event).
    pub fn update_referral(&mut self, id: Id, status: ReferralStatus, note: Option<&str>) -> Result<()> {
        self.edit(|s| s.update_referral(id, status, note))
    }

    pub fn referrals(&self) -> Result<Vec<Referral>> {
        self.store.referrals()
    }

    /// Who the network hangs on, and employer concentration.
    pub fn network_risk(&self, limit: usize) -> Result<RiskReport> {
        self.risk.get(&self.store, limit)
    }
}
