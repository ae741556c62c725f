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
    pub age_days: i64,
    pub overdue: bool,
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
        let age_days = days_between(date_of(f.created_at), today);
        let threshold = match f.direction {
            Direction::IOwe => settings.i_owe_overdue_days,
            Direction::TheyOwe => settings.they_owe_overdue_days,
        };
        let contact_name = f.contact_id.and_then(|c| names.get(&c.to_string()).cloned());
        loops.push(OpenLoop {
            overdue: age_days >= threshold || f.due < today,
            age_days,
            contact_name,
            follow_up: f,
        });
    }
    loops.sort_by(|a, b| {
        b.overdue.cmp(&a.overdue).then(b.age_days.cmp(&a.age_days)).then(a.follow_up.id.cmp(&b.follow_up.id))
    });
    Ok(loops)
}
