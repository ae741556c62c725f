//! Two more names: every networking meeting should yield two new names. Who introduced whom,
//! the yield per meeting, month and introducer, the chains it builds, and the names still
//! waiting for a first contact.

use std::collections::{BTreeMap, BTreeSet};

use super::scope::Scope;
use super::{date_of, days_between};
use crate::error::Result;
use crate::id::Id;
use crate::model::Introduction;
use crate::store::Store;

/// Names gained per networking meeting that the advice asks for.
pub const TARGET_YIELD: f64 = 2.0;

#[derive(Debug, Clone, PartialEq)]
pub struct YieldReport {
    pub networking_meetings: usize,
    pub names_gained: usize,
    pub per_meeting: f64,
    pub target: f64,
    /// (YYYY-MM, networking meetings, names gained at them), oldest month first.
    pub by_month: Vec<(String, usize, usize)>,
    /// (introducer, name, names they gave me), most first.
    pub by_introducer: Vec<(Id, String, usize)>,
    /// Networking meetings that yielded no name, oldest first: worth a second look.
    pub barren: Vec<(Id, i64)>,
}

pub(crate) fn yield_report(store: &Store) -> Result<YieldReport> {
    let conn = store.connection();
    let mut per_meeting: Vec<(String, i64, i64)> = conn
        .prepare(
            "SELECT m.id, m.occurred_at, (SELECT count(*) FROM introduction i WHERE i.meeting_id = m.id)
               FROM meeting m WHERE m.kind = 'networking' AND m.deleted_at IS NULL ORDER BY m.occurred_at, m.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_month: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (_, at, names) in &per_meeting {
        let month = date_of(*at).format("%Y-%m").to_string();
        let entry = by_month.entry(month).or_default();
        entry.0 += 1;
        entry.1 += *names as usize;
    }
    let names_gained: usize = per_meeting.iter().map(|(_, _, n)| *n as usize).sum();
    let meetings = per_meeting.len();
    let by_introducer: Vec<(Id, String, usize)> = conn
        .prepare(
            "SELECT i.introducer_id, c.full_name, count(*) AS n FROM introduction i
               JOIN contact c ON c.id = i.introducer_id
              GROUP BY i.introducer_id ORDER BY n DESC, c.sort_key, i.introducer_id",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize)))?
        .filter_map(|row| row.map(|(id, name, n)| id.parse().ok().map(|id| (id, name, n))).transpose())
        .collect::<rusqlite::Result<_>>()?;
    per_meeting.retain(|(_, _, n)| *n == 0);
    Ok(YieldReport {
        networking_meetings: meetings,
        names_gained,
        per_meeting: if meetings == 0 { 0.0 } else { names_gained as f64 / meetings as f64 },
        target: TARGET_YIELD,
        by_month: by_month.into_iter().map(|(m, (meetings, names))| (m, meetings, names)).collect(),
        by_introducer,
        barren: per_meeting.into_iter().filter_map(|(id, at, _)| Some((id.parse().ok()?, at))).collect(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameGained {
    pub introduction: Introduction,
    pub name: String,
    pub introducer: Option<String>,
    pub age_days: i64,
}

/// Names gained that I have not contacted yet, oldest first. Meeting someone counts as met.
pub(crate) fn names_not_contacted(store: &Store, scope: &Scope) -> Result<Vec<NameGained>> {
    let today = store.clock().today();
    let sql = format!(
        "SELECT i.id, i.introducer_id, i.contact_id, i.meeting_id, i.status, i.created_at, i.updated_at,
                c.full_name, (SELECT full_name FROM contact INDEXED BY contact_names WHERE id = i.introducer_id)
           FROM introduction i JOIN contact c INDEXED BY contact_names ON c.id = i.contact_id
          WHERE i.status = 'named' AND c.deleted_at IS NULL{}
            AND NOT EXISTS (SELECT 1 FROM meeting_participant p WHERE p.contact_id = i.contact_id AND p.live)
          ORDER BY i.created_at, i.id",
        scope.contacts_filter("i.contact_id")
    );
    let rows = scope.rows(store.connection(), &sql, &[], |r| {
        Ok(NameGained {
            introduction: crate::store::introduction_row(r)?,
            name: r.get(7)?,
            introducer: r.get(8)?,
            age_days: 0,
        })
    })?;
    Ok(rows
        .into_iter()
        .map(|mut n| {
            n.age_days = days_between(date_of(n.introduction.created_at), today);
            n
        })
        .collect())
}

/// A chain of introductions: "Ana -> Ben -> Chen".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub people: Vec<(Id, String)>,
}

impl Chain {
    pub fn depth(&self) -> usize {
        self.people.len().saturating_sub(1)
    }
}

/// The longest introduction chains (at least two hops), deepest first. Cycles that arrive
/// through merges are cut, never followed.
pub(crate) fn chains(store: &Store, limit: usize) -> Result<Vec<Chain>> {
    let conn = store.connection();
    let edges: Vec<(String, String)> = conn
        .prepare(
            "SELECT introducer_id, contact_id FROM introduction WHERE introducer_id IS NOT NULL
             UNION SELECT introduced_by, id FROM contact WHERE introduced_by IS NOT NULL AND deleted_at IS NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut introduced: BTreeSet<&str> = BTreeSet::new();
    for (from, to) in &edges {
        children.entry(from).or_default().push(to);
        introduced.insert(to);
    }
    let roots: Vec<&str> = children.keys().copied().filter(|k| !introduced.contains(k)).collect();
    let mut found: Vec<Vec<&str>> = Vec::new();
    for root in roots {
        // Iterative DFS keeping the current path; a node already on the path ends the branch.
        let mut stack: Vec<(Vec<&str>, usize)> = vec![(vec![root], 0)];
        while let Some((path, next)) = stack.pop() {
            let last = *path.last().expect("paths are never empty");
            let kids = children.get(last).map(Vec::as_slice).unwrap_or(&[]);
            match kids.get(next) {
                Some(kid) => {
                    stack.push((path.clone(), next + 1));
                    if !path.contains(kid) {
                        let mut longer = path;
                        longer.push(kid);
                        stack.push((longer, 0));
                    }
                }
                None if next == 0 && path.len() >= 3 => found.push(path),
                None => {}
            }
        }
    }
    found.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    found.truncate(limit);
    let name = |id: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT full_name FROM contact WHERE id = ?1", [id], |r| r.get(0))
            .unwrap_or_default())
    };
    found
        .into_iter()
        .map(|path| {
            let people = path
                .into_iter()
                .filter_map(|id| Some((id.parse().ok()?, id)))
                .map(|(id, raw)| Ok((id, name(raw)?)))
                .collect::<Result<_>>()?;
            Ok(Chain { people })
        })
        .collect()
}
