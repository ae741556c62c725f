//! Consistency checks: every document's heads against the heads its rows reflect, the read
//! model against a rebuild from the documents, and the search index's own integrity.
//! `repair` rebuilds the read model from the documents, which are the truth.

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction, TransactionBehavior, types::ValueRef};

use super::{Store, documents, index, migrations};
use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DoctorReport {
    pub docs_checked: usize,
    /// What is wrong, one line each (ids and table names only, never user content).
    pub problems: Vec<String>,
    /// Whether a repair ran; `problems` then lists what was found before it.
    pub repaired: bool,
    /// What could not be checked, and why (not problems).
    pub unchecked: Vec<String>,
}

impl DoctorReport {
    pub fn is_healthy(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Tables of the read model, in a fixed order.
const READ_MODEL: &[&str] = &[
    "contact",
    "contact_email",
    "contact_phone",
    "contact_website",
    "contact_tag",
    "contact_address",
    "contact_other_field",
    "organization",
    "employment",
    "meeting",
    "meeting_participant",
    "follow_up",
    "field_conflict",
    "setting",
    "introduction",
    "need",
    "exchange",
    "referral",
    "referral_event",
    "device",
];

fn render(v: ValueRef) -> String {
    match v {
        ValueRef::Null => "∅".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("blob:{}", b.len()),
    }
}

/// The whole read model as sorted text rows per table (rowids left out, search rows keyed by
/// contact id), so two databases can be compared for equality.
pub fn read_model_dump(conn: &Connection) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    let mut dump = |name: &str, sql: &str| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n).map(|i| r.get_ref(i).map(render)).collect::<rusqlite::Result<Vec<_>>>()?.join("|"))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort();
        out.insert(name.to_string(), rows);
        Ok(())
    };
    for table in READ_MODEL {
        dump(table, &format!("SELECT * FROM {table}"))?;
    }
    dump(
        "contact_fts",
        "SELECT coalesce(c.id, 'orphan'), f.name, f.organization, f.title, f.emails, f.tags, f.notes, f.meetings, f.met
           FROM contact_fts f LEFT JOIN contact c ON c.rowid = f.rowid",
    )?;
    dump(
        "need_fts",
        "SELECT coalesce(n.id, 'orphan'), f.what, f.tags FROM need_fts f LEFT JOIN need n ON n.rowid = f.rowid",
    )?;
    Ok(out)
}

impl Store {
    /// The read model as comparable text (see `read_model_dump`), for tests and diagnostics.
    pub fn read_model_dump(&self) -> Result<BTreeMap<String, Vec<String>>> {
        read_model_dump(&self.conn)
    }

    pub fn doctor(&mut self, repair: bool) -> Result<DoctorReport> {
        let mut report = self.inspect()?;
        if repair && !report.is_healthy() {
            self.rebuild_read_model()?;
            report.repaired = true;
            let after = self.inspect()?;
            report.problems.extend(after.problems.into_iter().map(|p| format!("after repair: {p}")));
        }
        Ok(report)
    }

    fn inspect(&self) -> Result<DoctorReport> {
        let mut report = DoctorReport::default();
        let mut scratch = Connection::open_in_memory()?;
        migrations::migrate(&mut scratch)?;
        for id in documents::stored_doc_ids(&self.conn)? {
            report.docs_checked += 1;
            if !self.layout.holds(id) {
                let buckets = self.layout.buckets();
                report.problems.push(format!("document {id} is outside this account's {buckets} buckets"));
            }
            let mut doc = match documents::load(&self.conn, id, &automerge::ActorId::random()) {
                Ok(stored) => stored.doc,
                Err(e) => {
                    report.problems.push(format!("document {id} cannot be loaded: {e}"));
                    continue;
                }
            };
            let heads = documents::encode_heads(&doc.get_heads());
            if documents::indexed_heads(&self.conn, id)?.as_deref() != Some(heads.as_slice()) {
                report.problems.push(format!("document {id}: the read model does not reflect its heads"));
            }
            index::rebuild_doc(&scratch, id, self.layout, &doc)?;
        }
        let (ours, expected) = (read_model_dump(&self.conn)?, read_model_dump(&scratch)?);
        for (table, rows) in &expected {
            let have = &ours[table];
            if have != rows {
                let missing = rows.iter().filter(|r| !have.contains(r)).count();
                let extra = have.iter().filter(|r| !rows.contains(r)).count();
                report
                    .problems
                    .push(format!("{table}: {missing} rows missing or stale, {extra} rows unexpected"));
            }
        }
        // SQLite's own check of the file: pages, indexes, free lists.
        let verdict: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if verdict != "ok" {
            report.problems.push(format!("the database file fails SQLite's check: {verdict}"));
        }
        // FTS5 checks itself through a write; a store that cannot be written (a read-only
        // mount, another process holding the lock) is not damaged for that.
        match self
            .conn
            .execute("INSERT INTO contact_fts (contact_fts, rank) VALUES ('integrity-check', 1)", [])
        {
            Ok(_) => {}
            Err(e) => match crate::error::Error::from(e) {
                crate::error::Error::ReadOnly | crate::error::Error::Busy => {
                    report.unchecked.push("the search index (the store cannot be written now)".into());
                }
                e => report.problems.push(format!("search index fails its integrity check: {e}")),
            },
        }
        Ok(report)
    }

    /// Rebuilds every read-model row from the documents, in one transaction.
    fn rebuild_read_model(&mut self) -> Result<()> {
        self.docs.clear();
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        for table in READ_MODEL {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        tx.execute("DELETE FROM contact_fts", [])?;
        tx.execute("DELETE FROM need_fts", [])?;
        for id in documents::stored_doc_ids(&tx)? {
            let mut doc = documents::load(&tx, id, &self.actor)?.doc;
            index::rebuild_doc(&tx, id, self.layout, &doc)?;
            documents::set_indexed_heads(&tx, id, &doc.get_heads())?;
        }
        tx.commit()?;
        self.unrecorded_rebuilds.set(self.unrecorded_rebuilds.get() + 1);
        Ok(())
    }
}
