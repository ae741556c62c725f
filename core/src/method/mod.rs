//! The networking method: what makes Kith more than an address book. Everything here reads the
//! read model and the injected clock only, so two replicas with the same data compute the same
//! reports, and tests pin the date.

mod cadence;
mod ledger;
mod loops;
mod names;
mod review;
mod risk;
pub(crate) mod scope;
pub(crate) mod settings;
mod templates;
mod today;

pub use cadence::Drift;
pub(crate) use cadence::drifting;
pub use ledger::{Balance, NeedMatch, NeedView};
pub(crate) use ledger::{balance, balances, match_needs, needs, needs_to_review};
pub(crate) use loops::open_loops;
pub use loops::{OpenLoop, span};
pub use names::{Chain, NameGained, YieldReport};
pub(crate) use names::{chains, names_not_contacted, yield_report};
pub use review::WeeklyReview;
pub(crate) use review::weekly_review;
pub use risk::{EmployerShare, Hanging, RiskReport};
pub(crate) use risk::{RiskInputs, network_risk};
pub use settings::Settings;
pub use templates::Template;
pub(crate) use templates::{set_template, template, templates};
pub use today::{TodayItem, TodayKind};
pub(crate) use today::{rank, today};

use chrono::{DateTime, NaiveDate};

/// The UTC calendar date of an instant: what "days ago" counts from, the same on every device.
pub(crate) fn date_of(ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()).unwrap_or_default()
}

/// The instant a UTC day starts, in milliseconds: day cut-offs for SQL over stored instants.
pub(crate) fn start_of_day_ms(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp_millis()
}

pub(crate) const DAY_MS: i64 = 86_400_000;

pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}
