//! The weekly review: how the campaign went in the seven days ending today, against the weeks
//! before.

use chrono::{Duration, NaiveDate};

use super::{DAY_MS, start_of_day_ms};
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq)]
pub struct WeeklyReview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub networking_meetings: usize,
    pub names_gained: usize,
    pub yield_per_meeting: f64,
    pub gave: usize,
    pub received: usize,
    pub loops_opened: usize,
    pub loops_closed: usize,
    pub contacts_touched: usize,
    /// Events where people were met this week, and how many people were met at them.
    pub events: usize,
    pub met_at_events: usize,
    /// Names gained per week for the last four weeks, oldest first (this week last).
    pub trend: Vec<(NaiveDate, usize)>,
}

pub(crate) fn weekly_review(store: &Store) -> Result<WeeklyReview> {
    let conn = store.connection();
    let to = store.clock().today();
    let from = to - Duration::days(6);
    let (start, end) = (start_of_day_ms(from), start_of_day_ms(to + Duration::days(1)));
    let count = |sql: &str, a: i64, b: i64| -> Result<usize> {
        let n: i64 = conn.prepare_cached(sql)?.query_row([a, b], |r| r.get(0))?;
        Ok(n as usize)
    };
    let names_between = |a: i64, b: i64| {
        count(
            "SELECT count(*) FROM introduction i JOIN meeting m ON m.id = i.meeting_id
              WHERE m.occurred_at >= ?1 AND m.occurred_at < ?2",
            a,
            b,
        )
    };
    let networking_meetings = count(
        "SELECT count(*) FROM meeting WHERE kind = 'networking' AND deleted_at IS NULL
           AND occurred_at >= ?1 AND occurred_at < ?2",
        start,
        end,
    )?;
    let names_gained = names_between(start, end)?;
    let mut trend = Vec::new();
    for week in (0..4).rev() {
        let week_from = from - Duration::days(7 * week);
        let a = start_of_day_ms(week_from);
        trend.push((week_from, names_between(a, a + 7 * DAY_MS)?));
    }
    let (events, met_at_events): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(DISTINCT lower(met_event)), count(*) FROM contact
              WHERE deleted_at IS NULL AND merged_into IS NULL AND met_event IS NOT NULL
                AND met_date >= ?1 AND met_date <= ?2",
        )?
        .query_row([from.to_string(), to.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(WeeklyReview {
        from,
        to,
        events: events as usize,
        met_at_events: met_at_events as usize,
        networking_meetings,
        names_gained,
        yield_per_meeting: if networking_meetings == 0 {
            0.0
        } else {
            names_gained as f64 / networking_meetings as f64
        },
        gave: count(
            "SELECT count(*) FROM exchange WHERE flow = 'gave' AND at >= ?1 AND at < ?2",
            start,
            end,
        )?,
        received: count(
            "SELECT count(*) FROM exchange WHERE flow = 'received' AND at >= ?1 AND at < ?2",
            start,
            end,
        )?,
        loops_opened: count(
            "SELECT count(*) FROM follow_up WHERE created_at >= ?1 AND created_at < ?2",
            start,
            end,
        )?,
        loops_closed: count(
            "SELECT count(*) FROM follow_up WHERE done_at >= ?1 AND done_at < ?2",
            start,
            end,
        )?,
        // A touch is a live meeting or something given or received, as for cadences.
        contacts_touched: count(
            "SELECT count(*) FROM (
                SELECT contact_id FROM meeting_participant WHERE live AND occurred_at >= ?1 AND occurred_at < ?2
                UNION
                SELECT contact_id FROM exchange WHERE at >= ?1 AND at < ?2)",
            start,
            end,
        )?,
        trend,
    })
}
