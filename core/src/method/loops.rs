//! Open loops in both directions: what I owe (a reply, an intro, a recommendation, an article)
//! and what is owed to me, with their age. Each turns overdue after a threshold.

use std::collections::HashMap;

use super::settings::Settings;
use super::{date_of, days_between};
use crate::error::Result;
use crate::model::{Direction, FollowUp, FollowUpStatus};
use crate::store::{FollowUpQuery, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLoop {
    pub follow_up: FollowUp,
    pub contact_name: Option<String>,
    /// Days since the loop was recorded.
    pub age_days: i64,
    /// Days since it fell due (0 while it is not past due): what "overdue" is counted in.
    pub days_overdue: i64,
    /// Past its due day, or open longer than the direction's threshold.
    pub overdue: bool,
    /// The loop in words: "3 weeks past due", "open 9 days (due in 2 days)".
    pub reading: String,
}

/// "1 day", "6 days", "3 weeks", "2 months": how long, as a person says it.
pub fn span(days: i64) -> String {
    let unit = |n: i64, u: &str| if n == 1 { format!("1 {u}") } else { format!("{n} {u}s") };
    match days {
        d if d < 14 => unit(d, "day"),
        d if d < 60 => unit(d / 7, "week"),
        d if d < 730 => unit(d / 30, "month"),
        d => unit(d / 365, "year"),
    }
}

fn reading(age_days: i64, days_overdue: i64, due_in: i64, overdue: bool) -> String {
    match (days_overdue, due_in) {
        (late, _) if late > 0 => format!("{} past due", span(late)),
        (_, 0) => "due today".to_string(),
        _ if overdue => format!("open {} (due in {})", span(age_days), span(due_in)),
        (_, soon) => format!("due in {}", span(soon)),
    }
}

/// Every open loop, overdue first, then oldest first.
pub(crate) fn open_loops(store: &Store) -> Result<Vec<OpenLoop>> {
    let settings = Settings::load(store)?;
    let today = store.clock().today();
    let open =
        store.follow_ups(&FollowUpQuery { status: Some(FollowUpStatus::Open), ..Default::default() })?;
    // Every name needed, in one query rather than one look-up per loop.
    let names: HashMap<String, String> = store
        .connection()
        .prepare_cached(
            "SELECT c.id, c.full_name FROM contact c INDEXED BY contact_names
              WHERE c.id IN (SELECT contact_id FROM follow_up WHERE status = 'open')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut loops = Vec::with_capacity(open.len());
    for f in open {
        let age_days = days_between(date_of(f.created_at), today).max(0);
        let days_overdue = days_between(f.due, today).max(0);
        let due_in = days_between(today, f.due).max(0);
        let threshold = match f.direction {
            Direction::IOwe => settings.i_owe_overdue_days,
            Direction::TheyOwe => settings.they_owe_overdue_days,
        };
        let overdue = days_overdue > 0 || age_days >= threshold;
        let contact_name = f.contact_id.and_then(|c| names.get(&c.to_string()).cloned());
        loops.push(OpenLoop {
            reading: reading(age_days, days_overdue, due_in, overdue),
            overdue,
            age_days,
            days_overdue,
            contact_name,
            follow_up: f,
        });
    }
    // Overdue first, the longest past due (then the oldest) at the top.
    loops.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.days_overdue.cmp(&a.days_overdue))
            .then(b.age_days.cmp(&a.age_days))
            .then(a.follow_up.id.cmp(&b.follow_up.id))
    });
    Ok(loops)
}
