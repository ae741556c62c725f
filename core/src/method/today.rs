//! Today: one ranked list of what to do, each with its reason. Follow-ups due and loops I owe
//! that have gone stale come first (a recommendation owed for months tops everything), then
//! names waiting for a first contact, drifting ties, needs to review, and birthdays, which only
//! friendly and personal contacts get.

use chrono::{Datelike, Duration, NaiveDate};

use super::loops::span;
use super::scope::Scope;
use super::{cadence, ledger, loops, names};
use crate::error::Result;
use crate::id::Id;
use crate::model::{Direction, Familiarity, LoopKind};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TodayKind {
    FollowUp,
    NameToContact,
    Drifting,
    NeedReview,
    Birthday,
    /// Much more received from a contact than given: offer something back.
    GiveBack,
}

impl TodayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TodayKind::FollowUp => "follow_up",
            TodayKind::NameToContact => "name_to_contact",
            TodayKind::Drifting => "drifting",
            TodayKind::NeedReview => "need_review",
            TodayKind::Birthday => "birthday",
            TodayKind::GiveBack => "give_back",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayItem {
    pub kind: TodayKind,
    /// Higher comes first.
    pub score: i64,
    pub title: String,
    pub reason: String,
    /// The follow-up, introduction, need or contact the item is about.
    pub subject: Id,
    pub contact: Option<Id>,
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

/// Today's items in a scope, ranked: every item, or only those about what a write touched (for
/// the kept Today to splice in).
pub(crate) fn today(store: &Store, scope: &Scope) -> Result<Vec<TodayItem>> {
    let day = store.clock().today();
    let mut items = Vec::new();

    for l in loops::actionable_loops(store, scope)? {
        let f = &l.follow_up;
        let late = l.days_overdue;
        let who = l.contact_name.clone().unwrap_or_else(|| "someone".into());
        // How long it has waited on whoever owes it: since it fell due if it has, else since
        // it was recorded.
        let waited = match (late, l.age_days) {
            (late, _) if late > 0 => format!("{} past due", span(late)),
            _ if f.due == day => "due today".to_string(),
            (_, 0) => "asked today".to_string(),
            (_, age) => format!("open {}", span(age)),
        };
        let (score, reason) = match (f.direction, f.kind) {
            (Direction::IOwe, Some(LoopKind::Recommendation)) => {
                (60 + 2 * l.age_days.max(late), format!("{who} is waiting for your recommendation, {waited}"))
            }
            (Direction::IOwe, _) if late > 0 => (50 + late, format!("you owe {who} this, {waited}")),
            (Direction::IOwe, _) if l.overdue => (50 + l.age_days, format!("you owe {who} this, {waited}")),
            (Direction::IOwe, _) => (50, format!("you owe {who} this, due today")),
            (Direction::TheyOwe, _) if l.overdue => {
                (30 + late.max(l.age_days), format!("{who} owes you this, {waited}; nudge them"))
            }
            (Direction::TheyOwe, _) => (30, format!("{who} owes you this, due today")),
        };
        items.push(TodayItem {
            kind: TodayKind::FollowUp,
            score,
            title: f.what.clone(),
            reason,
            subject: f.id,
            contact: f.contact_id,
        });
    }

    for n in names::names_not_contacted(store, scope)? {
        let by = n.introducer.as_deref().map(|i| format!(" by {i}")).unwrap_or_default();
        items.push(TodayItem {
            kind: TodayKind::NameToContact,
            score: 25 + n.age_days / 2,
            title: format!("Contact {}", n.name),
            reason: match n.age_days {
                0 => format!("named{by} today, not contacted yet"),
                days => format!("named{by} {} ago, not contacted yet", span(days)),
            },
            subject: n.introduction.id,
            contact: Some(n.introduction.contact),
        });
    }

    for d in cadence::drifting(store, scope)? {
        items.push(TodayItem {
            kind: TodayKind::Drifting,
            score: 20 + ((d.lateness() * 10.0) as i64).min(80),
            title: format!("Get back in touch with {}", d.name),
            reason: d.reason.clone(),
            subject: d.contact,
            contact: Some(d.contact),
        });
    }

    for n in ledger::needs_to_review(store, scope)? {
        items.push(TodayItem {
            kind: TodayKind::NeedReview,
            score: 15,
            title: format!("Review: {} needs {}", n.contact_name, n.need.what),
            reason: n.review_reason.clone().unwrap_or_default(),
            subject: n.need.id,
            contact: Some(n.need.contact),
        });
    }

    // Only a balance that asks for action: a difference of one is within tolerance.
    for b in ledger::balances_owed_back(store, scope)? {
        let first = b.name.split_whitespace().next().unwrap_or(&b.name).to_string();
        items.push(TodayItem {
            kind: TodayKind::GiveBack,
            score: 18 + (b.received - b.gave) as i64,
            title: format!("Offer {first} something back"),
            reason: b.reading,
            subject: b.contact,
            contact: Some(b.contact),
        });
    }

    items.extend(birthdays(store, day, scope)?);
    rank(&mut items);
    Ok(items)
}

/// Highest score first; kind and subject break ties, so the order is total.
pub(crate) fn rank(items: &mut [TodayItem]) {
    items.sort_by(|a, b| b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)).then(a.subject.cmp(&b.subject)));
}

impl TodayItem {
    /// The follow-up this item is about, if it is one.
    pub(crate) fn follow_up(&self) -> Option<Id> {
        (self.kind == TodayKind::FollowUp).then_some(self.subject)
    }
}

/// Birthdays in the coming week, for contacts who want a personal tie only: a professional-only
/// contact (or one whose preference is unknown) never gets a personal prompt.
fn birthdays(store: &Store, day: NaiveDate, scope: &Scope) -> Result<Vec<TodayItem>> {
    // Only birthdays whose month and day fall in the coming week are read: a 29 February is
    // a candidate whenever 1 March is (other years), and the check below stays the rule.
    let mut days: Vec<String> =
        (0..=7).map(|d| (day + Duration::days(d)).format("%m-%d").to_string()).collect();
    if days.iter().any(|d| d == "03-01") {
        days.push("02-29".into());
    }
    let week = format!("[\"{}\"]", days.join("\",\""));
    // Every contact's by the birthday index; a few contacts' by their key.
    let (from, familiarity) = match scope {
        Scope::All => ("contact INDEXED BY contact_birthday", "familiarity"),
        Scope::Touched { .. } => ("contact", "+familiarity"),
    };
    let sql = format!(
        "SELECT id, full_name, birthday, familiarity FROM {from}
          WHERE deleted_at IS NULL AND birthday IS NOT NULL AND {familiarity} IN ('friendly', 'personal')
            AND substr(birthday, -5) IN (SELECT value FROM json_each(?1)){}",
        scope.contacts_filter("id")
    );
    let rows: Vec<(String, String, String, String)> =
        scope
            .rows(store.connection(), &sql, &[&week], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let mut out = Vec::new();
    for (id, name, birthday, familiarity) in rows {
        let (Ok(contact), Ok(f)) = (id.parse::<Id>(), familiarity.parse::<Familiarity>()) else { continue };
        debug_assert!(matches!(f, Familiarity::Friendly | Familiarity::Personal));
        let md = birthday.trim_start_matches('-');
        let md = if md.len() > 5 { &md[md.len() - 5..] } else { md };
        let Some(next) = next_occurrence(md, day) else { continue };
        let until = (next - day).num_days();
        if until <= 7 {
            let when = if until == 0 { "today".to_string() } else { format!("in {}", plural(until, "day")) };
            out.push(TodayItem {
                kind: TodayKind::Birthday,
                score: 45 - 5 * until,
                title: format!("{name}'s birthday"),
                reason: format!("birthday {when}"),
                subject: contact,
                contact: Some(contact),
            });
        }
    }
    Ok(out)
}

/// The next date (today included) with this month and day; 29 February falls on 1 March in
/// other years.
fn next_occurrence(month_day: &str, day: NaiveDate) -> Option<NaiveDate> {
    let (m, d) = month_day.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let on = |year: i32| NaiveDate::from_ymd_opt(year, m, d).or_else(|| NaiveDate::from_ymd_opt(year, 3, 1));
    let this_year = on(day.year())?;
    if this_year >= day { Some(this_year) } else { on(day.year() + 1) }
}
