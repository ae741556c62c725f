//! Numbered, immutable schema steps. The schema version is the step's position, kept in
//! `PRAGMA user_version`; all pending steps run in one IMMEDIATE transaction, and a database
//! from a newer build is refused rather than guessed at.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// Never edit a step that has shipped; add a new one.
const STEPS: &[&str] = &[
    include_str!("migrations/0001_documents.sql"),
    include_str!("migrations/0002_read_model.sql"),
    include_str!("migrations/0003_method.sql"),
    include_str!("migrations/0004_touches.sql"),
    include_str!("migrations/0005_sync.sql"),
    include_str!("migrations/0006_search_vocab.sql"),
    include_str!("migrations/0007_capture.sql"),
    include_str!("migrations/0008_exchange_touches.sql"),
    include_str!("migrations/0009_other_fields.sql"),
    include_str!("migrations/0010_contact_list_digests.sql"),
    include_str!("migrations/0011_bucket_layout.sql"),
];

pub const LATEST: u32 = STEPS.len() as u32;

pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema to `LATEST`.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// Brings the schema to `target` (tests build old databases with it).
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    let found = version(conn)?;
    if found > LATEST {
        return Err(Error::NewerSchema { found, supported: LATEST });
    }
    if found >= target {
        return Ok(());
    }
    let tx = Transaction::new(conn, TransactionBehavior::Immediate)?;
    for step in &STEPS[found as usize..target as usize] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        let mut stmt = conn
            .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn migrating_step_by_step_equals_a_fresh_database() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh).unwrap();
        for start in 0..LATEST {
            let mut old = Connection::open_in_memory().unwrap();
            migrate_to(&mut old, start).unwrap();
            migrate(&mut old).unwrap();
            assert_eq!(version(&old).unwrap(), LATEST);
            assert_eq!(schema(&old), schema(&fresh), "from version {start}");
        }
    }

    /// A database holding bucket documents before layouts keeps their 64 buckets; one holding
    /// none (or only the account document) starts with 256.
    #[test]
    fn the_layout_step_keeps_64_buckets_only_where_buckets_are_stored() {
        let layout_after = |docs: &[&str]| {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, 10).unwrap();
            for doc in docs {
                conn.execute(
                    "INSERT INTO am_chunk (doc_id, seq, bytes, heads) VALUES (?1, 1, x'00', x'')",
                    [doc],
                )
                .unwrap();
            }
            migrate(&mut conn).unwrap();
            super::super::documents::layout(&conn).unwrap()
        };
        use crate::doc::Layout;
        assert_eq!(layout_after(&[]), Layout::Buckets256);
        assert_eq!(layout_after(&["account"]), Layout::Buckets256);
        assert_eq!(layout_after(&["account", "contacts/3f"]), Layout::Buckets64);
        assert_eq!(layout_after(&["interactions/00"]), Layout::Buckets64);
    }

    #[test]
    fn a_newer_database_is_refused_and_left_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1).unwrap();
        match migrate(&mut conn) {
            Err(Error::NewerSchema { found, supported }) => {
                assert_eq!((found, supported), (LATEST + 1, LATEST));
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
        assert!(schema(&conn).is_empty());
    }
}
