//! Keep in touch before crunch time: a cadence per contact (or per tier), reset by any logged
//! meeting, call or message. Contacts without a cadence are never nagged.

use chrono::NaiveDate;

use super::scope::Scope;
use super::settings::Settings;
use super::{date_of, days_between, start_of_day_ms};
use crate::error::Result;
use crate::id::Id;
use crate::model::Tier;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    pub contact: Id,
    pub name: String,
    pub days_since_touch: i64,
    pub cadence_days: u32,
    /// "last touch 140 days ago, cadence 90"
    pub reason: String,
}

impl Drift {
    /// How far past the cadence, as a multiple of it (1.0 = one whole cadence late).
    pub fn lateness(&self) -> f64 {
        (self.days_since_touch as f64 - self.cadence_days as f64) / self.cadence_days as f64
    }
}

/// A contact with a cadence, as read for the drifting check.
struct Candidate {
    id: String,
    name: String,
    cadence: Option<u32>,
    tier: Option<String>,
    created_at: i64,
    met_date: Option<String>,
    last_meeting: Option<i64>,
}

/// Contacts past their cadence, most overdue (relative to their cadence) first.
pub(crate) fn drifting(store: &Store, scope: &Scope) -> Result<Vec<Drift>> {
    let settings = Settings::load(store)?;
    let today = store.clock().today();
    // Only contacts already past their cadence by every date Kith reads a last touch from, so
    // the cost follows how many drift; the check below stays the rule (a met date that is not
    // a canonical date is left to it).
    let sql = format!(
        "SELECT c.id, c.full_name, c.cadence_days, c.tier, c.created_at, c.met_date, c.last_touch
           FROM (SELECT id, full_name, cadence_days, tier, created_at, met_date, last_touch,
                        coalesce(cadence_days, CASE tier WHEN 'close' THEN ?1 WHEN 'regular' THEN ?2
                                                         WHEN 'occasional' THEN ?3 END) AS cadence
                   FROM contact INDEXED BY contact_cadence
                  WHERE deleted_at IS NULL AND (cadence_days IS NOT NULL OR tier IS NOT NULL){}) c
          WHERE c.cadence IS NOT NULL
            AND c.created_at < ?4 - c.cadence * 86400000
            AND (c.last_touch IS NULL OR c.last_touch < ?4 - c.cadence * 86400000)
            AND (c.met_date IS NULL OR date(c.met_date) IS NOT c.met_date
                 OR c.met_date < date(?5, '-' || c.cadence || ' days'))",
        scope.contacts_filter("id")
    );
    let tier_days = [Tier::Close, Tier::Regular, Tier::Occasional].map(|t| settings.tier_days(t));
    let (day_start, day) = (start_of_day_ms(today), today.to_string());
    let rows: Vec<Candidate> = scope.rows(
        store.connection(),
        &sql,
        &[&tier_days[0], &tier_days[1], &tier_days[2], &day_start, &day],
        |r| {
            Ok(Candidate {
                id: r.get(0)?,
                name: r.get(1)?,
                cadence: r.get(2)?,
                tier: r.get(3)?,
                created_at: r.get(4)?,
                met_date: r.get(5)?,
                last_meeting: r.get(6)?,
            })
        },
    )?;
    let mut out = Vec::new();
    for Candidate { id, name, cadence, tier, created_at, met_date, last_meeting } in rows {
        let Ok(contact) = id.parse::<Id>() else { continue };
        let cadence = match (cadence, tier.and_then(|t| t.parse::<Tier>().ok())) {
            (Some(days), _) => days,
            (None, Some(tier)) => settings.tier_days(tier),
            (None, None) => continue,
        };
        let met = met_date.and_then(|d| d.parse::<NaiveDate>().ok());
        let last = [last_meeting.map(date_of), met, Some(date_of(created_at))].into_iter().flatten().max();
        let Some(last) = last else { continue };
        let days = days_between(last, today);
        if days > i64::from(cadence) {
            let reason = match last_meeting {
                Some(_) => format!("last touch {days} days ago, cadence {cadence}"),
                None => format!("never touched since meeting {days} days ago, cadence {cadence}"),
            };
            out.push(Drift { contact, name, days_since_touch: days, cadence_days: cadence, reason });
        }
    }
    out.sort_by(|a, b| b.lateness().total_cmp(&a.lateness()).then_with(|| a.contact.cmp(&b.contact)));
    Ok(out)
}
