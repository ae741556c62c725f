//! Which part of the network a report reads: all of it, or only what a write touched. Today is
//! kept between visits and, after an edit, recomputed for the contacts the edit touched rather
//! than for all 20,000 (`kith::kept::KeptToday`); the sections take their rows through here, so
//! both readings share one query and one rule.

use std::collections::BTreeSet;

use rusqlite::types::ToSql;
use rusqlite::{Connection, Row};

use crate::error::Result;
use crate::id::Id;

/// The parameters the touched ids bind to, numbered past any section's own (`?1`..): SQLite
/// numbers a named parameter after the highest index seen before it, so a name placed before a
/// section's `?4` would have taken its number.
const CONTACTS: usize = 901;
const FOLLOW_UPS: usize = 902;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    All,
    /// The items about these contacts, and the follow-ups with these ids (a follow-up may have
    /// no contact, or have moved from one contact to another).
    Touched {
        contacts: BTreeSet<Id>,
        follow_ups: BTreeSet<Id>,
    },
}

impl Scope {
    /// `AND column IN (the touched contacts)`, or nothing for all.
    pub fn contacts_filter(&self, column: &str) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Touched { .. } => format!(" AND {column} IN (SELECT value FROM json_each(?{CONTACTS}))"),
        }
    }

    /// Follow-ups of the touched contacts or touched themselves, or nothing for all.
    pub fn follow_ups_filter(&self, contact_column: &str, id_column: &str) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Touched { .. } => format!(
                " AND ({contact_column} IN (SELECT value FROM json_each(?{CONTACTS}))
                       OR {id_column} IN (SELECT value FROM json_each(?{FOLLOW_UPS})))"
            ),
        }
    }

    /// `column` as a filter the query must not start from when scoped: the touched ids are the
    /// few rows to read, and an index on `column` (every open loop, every open need) would lead
    /// the planner to read them all. The unary plus keeps SQLite off that index.
    pub fn not_leading(&self, column: &str) -> String {
        match self {
            Scope::All => column.to_string(),
            Scope::Touched { .. } => format!("+{column}"),
        }
    }

    /// Runs one section's query: `args` bound to `?1`.., and the touched ids where the filters
    /// above put them.
    pub fn rows<T>(
        &self,
        conn: &Connection,
        sql: &str,
        args: &[&dyn ToSql],
        mut row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut statement = conn.prepare_cached(sql)?;
        for (i, arg) in args.iter().enumerate() {
            statement.raw_bind_parameter(i + 1, arg)?;
        }
        if let Scope::Touched { contacts, follow_ups } = self {
            for (i, ids) in [(CONTACTS, contacts), (FOLLOW_UPS, follow_ups)] {
                if i <= statement.parameter_count() {
                    statement.raw_bind_parameter(i, json_list(ids))?;
                }
            }
        }
        let mut rows = statement.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(row(r)?);
        }
        Ok(out)
    }

    /// Whether a report item about `contact` (and, for a follow-up, with id `follow_up`) is one
    /// this scope recomputes.
    pub fn covers(&self, contact: Option<Id>, follow_up: Option<Id>) -> bool {
        match self {
            Scope::All => true,
            Scope::Touched { contacts, follow_ups } => {
                contact.is_some_and(|c| contacts.contains(&c))
                    || follow_up.is_some_and(|f| follow_ups.contains(&f))
            }
        }
    }
}

/// Ids as a JSON array for `json_each`.
fn json_list(ids: &BTreeSet<Id>) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    format!("[{}]", quoted.join(","))
}
