//! Open loops in both directions: what I owe (a reply, an intro, a recommendation, an article)
//! and what is owed to me, with their age. Each turns overdue after a threshold.

use rusqlite::types::ToSql;

use super::scope::Scope;
use super::settings::Settings;
use super::{DAY_MS, date_of, days_between, start_of_day_ms};
use crate::error::Result;
use crate::model::{Direction, FollowUp};
use crate::store::{FOLLOW_UP_COLUMNS, Store, follow_up_row};

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
    loops_where(store, None)
}

/// The open loops that ask for action today: due today or earlier, or open past their
/// direction's threshold, and not snoozed past today. Today reads only these, so its cost
/// follows what it shows rather than every loop ever left open.
pub(crate) fn actionable_loops(store: &Store, scope: &Scope) -> Result<Vec<OpenLoop>> {
    let today = store.clock().today();
    Ok(loops_where(store, Some(scope))?
        .into_iter()
        .filter(|l| {
            let f = &l.follow_up;
            f.snoozed_until.is_none_or(|s| s <= today) && (l.overdue || f.due <= today)
        })
        .collect())
}

/// Open loops: all of them, or the actionable ones in `actionable`'s scope.
fn loops_where(store: &Store, actionable: Option<&Scope>) -> Result<Vec<OpenLoop>> {
    let settings = Settings::load(store)?;
    let today = store.clock().today();
    // The actionable filter in SQL, so that rows Today would drop are never read; the check in
    // `actionable_loops` stays the rule. A loop turns overdue by age once created before the
    // start of the day `threshold - 1` days ago (dates are UTC days, as `date_of` reads them).
    let before = |days: i64| start_of_day_ms(today) - (days - 1) * DAY_MS;
    let (day, i_owe_before, they_owe_before) =
        (today.to_string(), before(settings.i_owe_overdue_days), before(settings.they_owe_overdue_days));
    let (filter, args): (String, Vec<&dyn ToSql>) = match actionable {
        Some(scope) => {
            let filter = format!(
                "AND (snoozed_until IS NULL OR snoozed_until <= ?1)
                 AND (due <= ?1 OR (direction = 'i_owe' AND created_at < ?2)
                      OR (direction = 'they_owe' AND created_at < ?3)){}",
                scope.follow_ups_filter("contact_id", "id")
            );
            (filter, vec![&day, &i_owe_before, &they_owe_before])
        }
        None => (String::new(), Vec::new()),
    };
    // Each loop with its contact's name (the column after the loop's own), looked up by key
    // rather than by scanning contacts.
    let status = actionable.unwrap_or(&Scope::All).not_leading("status");
    let sql = format!(
        "SELECT f.*, (SELECT full_name FROM contact INDEXED BY contact_names WHERE id = f.contact_id)
           FROM (SELECT {FOLLOW_UP_COLUMNS} FROM follow_up WHERE {status} = 'open' {filter}) f"
    );
    let name_column = FOLLOW_UP_COLUMNS.split(',').count();
    let open: Vec<(FollowUp, Option<String>)> =
        actionable
            .unwrap_or(&Scope::All)
            .rows(store.connection(), &sql, &args, |r| Ok((follow_up_row(r)?, r.get(name_column)?)))?;
    let mut loops = Vec::with_capacity(open.len());
    for (f, contact_name) in open {
        let age_days = days_between(date_of(f.created_at), today).max(0);
        let days_overdue = days_between(f.due, today).max(0);
        let due_in = days_between(today, f.due).max(0);
        let threshold = match f.direction {
            Direction::IOwe => settings.i_owe_overdue_days,
            Direction::TheyOwe => settings.they_owe_overdue_days,
        };
        let overdue = days_overdue > 0 || age_days >= threshold;
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
