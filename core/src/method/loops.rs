//! Open loops in both directions: what I owe (a reply, an intro, a recommendation, an article)
//! and what is owed to me, with their age. Each turns overdue after a threshold.

use super::settings::Settings;
use super::{date_of, days_between};
use crate::error::Result;
use crate::model::{Direction, FollowUp, FollowUpStatus};
use crate::store::{FollowUpQuery, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLoop {
    pub follow_up: FollowUp,
    pub contact_name: Option<String>,
    pub age_days: i64,
    pub overdue: bool,
}

/// Every open loop, overdue first, then oldest first.
pub fn open_loops(store: &Store) -> Result<Vec<OpenLoop>> {
    let settings = Settings::load(store)?;
    let today = store.clock().today();
    let open =
        store.follow_ups(&FollowUpQuery { status: Some(FollowUpStatus::Open), ..Default::default() })?;
    let mut loops: Vec<OpenLoop> = open
        .into_iter()
        .map(|f| {
            let age_days = days_between(date_of(f.created_at), today);
            let threshold = match f.direction {
                Direction::IOwe => settings.i_owe_overdue_days,
                Direction::TheyOwe => settings.they_owe_overdue_days,
            };
            let contact_name = f.contact_id.and_then(|c| {
                let mut stmt =
                    store.connection().prepare_cached("SELECT full_name FROM contact WHERE id = ?1").ok()?;
                stmt.query_row([c.to_string()], |r| r.get(0)).ok()
            });
            OpenLoop { overdue: age_days >= threshold || f.due < today, age_days, contact_name, follow_up: f }
        })
        .collect();
    loops.sort_by(|a, b| {
        b.overdue.cmp(&a.overdue).then(b.age_days.cmp(&a.age_days)).then(a.follow_up.id.cmp(&b.follow_up.id))
    });
    Ok(loops)
}
