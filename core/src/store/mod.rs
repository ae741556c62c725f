//! The store: one SQLite file holding the Automerge documents and the read model derived
//! from them. Every write is one transaction (chunks + read rows + heads). Opening reads
//! SQLite only; a document is loaded when a write or a merge first touches its bucket.

mod batch;
mod capture;
mod contact_lists;
mod contacts;
mod doctor;
mod documents;
mod duplicates;
mod index;
mod interactions;
mod loader;
mod merge;
mod merge_contacts;
pub mod migrations;
mod network;
mod open;
mod query;
mod replication;
mod unloaded;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use automerge::ActorId;
use rusqlite::Connection;

pub use crate::capture::dedup::Evidence;
pub(crate) use capture::CaptureWrite;
pub use contacts::ConflictEntry;
pub use doctor::DoctorReport;
pub use duplicates::DuplicatePair;
pub use merge::MergeReport;
pub use merge_contacts::ContactMerge;
pub use query::{ContactQuery, FollowUpQuery};
pub(crate) use query::{FOLLOW_UP_COLUMNS, follow_up_row, introduction_row, parsed};
pub use replication::DocumentChanges;
pub(crate) use replication::in_step_at;

use crate::clock::Clock;
use crate::doc::cache::DocCache;
use crate::doc::{DocId, Layout, account};
use crate::error::Result;
use crate::model::validate;

/// Loaded bucket documents kept in memory: enough for a burst of edits to a few contacts.
const LOADED_DOCS: usize = 8;

pub(crate) struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    /// A fresh actor id per opened store: a copied database file (a restored backup, a laptop
    /// copy) written on two machines must never reuse an actor, or their changes would collide.
    actor: ActorId,
    docs: DocCache<documents::StoredDoc>,
    /// How this account's entities are split into documents; changes only while no bucket
    /// document is stored (`adopt_layout`).
    layout: Layout,
    /// How many documents stay loaded between calls: the shell's memory budget. A sync session
    /// holds more while it runs and gives them back when it ends.
    docs_budget: usize,
    /// A sync session holds every document and a larger page cache until it ends.
    in_session: bool,
    /// What committed writes, merges and sync rounds changed since the caller last took it.
    changed: Changed,
    /// Read-model rebuilds that no write recorded in `changed` (a document whose rows lagged its
    /// heads, a doctor's repair): a report kept from before them can only be recomputed.
    unrecorded_rebuilds: std::cell::Cell<u64>,
    /// Fault injection for tests: compaction fails as a full disk would.
    #[cfg(test)]
    fail_compaction: std::cell::Cell<bool>,
}

/// Entities changed by committed writes: the source of change events, straight from the write
/// path (nothing is guessed afterwards).
#[derive(Debug, Default)]
pub(crate) struct Changed {
    pub entities: std::collections::BTreeSet<crate::doc::entities::EntityRef>,
    /// The account document (settings, devices, templates) changed.
    pub settings: bool,
}

impl Changed {
    fn record(&mut self, doc: DocId, entities: Vec<crate::doc::entities::EntityRef>) {
        self.settings |= doc == DocId::ACCOUNT;
        self.entities.extend(entities);
    }
}

impl Store {
    pub fn open_with_clock(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let conn = open::open_read_write(&path)?;
        let layout = documents::layout(&conn)?;
        Ok(Self {
            conn,
            path,
            clock,
            actor: ActorId::random(),
            docs: DocCache::new(LOADED_DOCS),
            layout,
            docs_budget: LOADED_DOCS,
            in_session: false,
            changed: Changed::default(),
            unrecorded_rebuilds: Default::default(),
            #[cfg(test)]
            fail_compaction: std::cell::Cell::new(false),
        })
    }

    /// How long a write waits for another process's lock before failing with `Error::Busy`.
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(timeout)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Whether any bucket document is stored (a device that has written or received entities).
    pub fn holds_bucket_docs(&self) -> Result<bool> {
        documents::holds_bucket_docs(&self.conn)
    }

    /// Takes `layout` for this account: a device holding no bucket document yet (a new one
    /// joining an account) takes its peer's. One holding any keeps its own and is refused,
    /// since its entities would otherwise live in documents the peer never looks in.
    pub fn adopt_layout(&mut self, layout: Layout) -> Result<()> {
        if layout == self.layout {
            return Ok(());
        }
        if documents::holds_bucket_docs(&self.conn)? {
            return Err(crate::error::Error::LayoutMismatch {
                ours: self.layout.buckets(),
                theirs: layout.buckets(),
            });
        }
        documents::set_layout(&self.conn, layout)?;
        // Any bucket loaded now holds only its genesis, named for the old layout.
        self.docs.clear();
        self.layout = layout;
        Ok(())
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Read access for queries that live outside the store (e.g. the networking method).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The region assumed for phone numbers written without a country code.
    pub fn default_region(&self) -> Result<Option<String>> {
        query::setting(&self.conn, "default_region")
    }

    pub fn set_default_region(&mut self, region: &str) -> Result<()> {
        let region = validate::region(region)?.as_ref().to_string();
        self.write(|b| {
            account::put_setting(b.doc(DocId::ACCOUNT)?, "default_region", &region)?;
            b.touch_settings();
            Ok(())
        })
    }

    /// Folds every document's chunks into a snapshot.
    pub fn compact(&mut self) -> Result<usize> {
        let ids = documents::stored_doc_ids(&self.conn)?;
        let mut compacted = 0;
        for id in ids {
            let mut doc = self.take_doc(id)?;
            let result = self.compact_doc(id, &mut doc);
            self.docs.put(id, doc);
            compacted += usize::from(result?);
        }
        Ok(compacted)
    }

    /// Idle maintenance: compacts at most `max_docs` of the documents due for it (most chunks
    /// first); returns how many it compacted. Each is its own transaction, so stopping half-way
    /// (the app closing) leaves every document whole.
    pub fn maintain(&mut self, max_docs: usize) -> Result<usize> {
        let mut compacted = 0;
        for id in documents::due_for_compaction(&self.conn)?.into_iter().take(max_docs) {
            let mut doc = self.take_doc(id)?;
            let result = self.compact_doc(id, &mut doc);
            self.docs.put(id, doc);
            compacted += usize::from(result?);
        }
        // The write-ahead log goes back into the file here rather than on a write (see
        // `WAL_PAGES_BEFORE_CHECKPOINT`). Passive: it never waits for a reader.
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(compacted)
    }

    /// Changes as a cache key: rows this connection changed, and SQLite's count of commits by
    /// other connections (another process on the same file). Equal keys, equal data.
    pub(crate) fn data_version(&self) -> Result<(u64, i64)> {
        let others: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((self.conn.total_changes(), others))
    }

    /// A consistent copy of the whole database in a new file (for a backup).
    pub(crate) fn copy_into(&self, path: &Path) -> Result<()> {
        self.conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
        Ok(())
    }

    /// Flushes the WAL into the main file (before measuring or copying it).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    }

    /// The most memory SQLite's page cache may take now, in KiB.
    pub fn page_cache_kib(&self) -> Result<i64> {
        let size: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let page: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        // Negative: a bound in KiB; positive: in pages.
        Ok(if size < 0 { -size } else { size * page / 1024 })
    }

    /// Bytes of Automerge history stored (snapshots + chunks), the replicated part of the file.
    pub fn document_bytes(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT coalesce(sum(length(bytes)), 0) FROM am_snapshot)
                  + (SELECT coalesce(sum(length(bytes)), 0) FROM am_chunk)",
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Loaded documents right now (the LRU's size), for tests and benchmarks.
    pub fn loaded_docs(&self) -> usize {
        self.docs.len()
    }

    /// How many bucket documents stay loaded (default 8): a memory budget for the shells.
    pub fn set_loaded_docs_capacity(&mut self, capacity: usize) {
        self.docs_budget = capacity;
        self.docs.set_capacity(capacity);
    }

    /// Keeps every document a sync session touches loaded until it ends, whatever the budget
    /// (a bucket is read for the peer's message and again for the reply), and gives SQLite the
    /// session's page cache (`open::set_session_page_cache` says why).
    pub(crate) fn hold_for_session(&mut self) -> Result<()> {
        self.docs.set_capacity(self.docs_budget.max(self.layout.doc_count()));
        if !self.in_session {
            open::set_session_page_cache(&self.conn, true)?;
            self.in_session = true;
        }
        Ok(())
    }

    /// Back to the shell's budget once a session ends: the buckets it was editing before stay
    /// loaded if the budget holds them; the page cache shrinks to its resting size.
    pub(crate) fn release_session(&mut self) -> Result<()> {
        self.docs.set_capacity(self.docs_budget);
        if self.in_session {
            open::set_session_page_cache(&self.conn, false)?;
            self.in_session = false;
        }
        Ok(())
    }

    /// What `take_changed` would return now.
    pub(crate) fn changed(&self) -> &Changed {
        &self.changed
    }

    /// How many times rows changed without an entity in `changed` (see `unrecorded_rebuilds`).
    pub(crate) fn unrecorded_rebuilds(&self) -> u64 {
        self.unrecorded_rebuilds.get()
    }

    /// Takes what committed writes changed since the last call.
    pub(crate) fn take_changed(&mut self) -> Changed {
        std::mem::take(&mut self.changed)
    }

    /// Drops every loaded document, as a fresh process would start.
    pub fn unload_docs(&mut self) {
        self.docs.clear();
    }

    fn compact_doc(&self, id: DocId, stored: &mut documents::StoredDoc) -> Result<bool> {
        #[cfg(test)]
        if self.fail_compaction.get() {
            return Err(crate::error::Error::DiskFull);
        }
        let has_chunks: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM am_chunk WHERE doc_id = ?1)",
            [id.to_string()],
            |r| r.get(0),
        )?;
        if !has_chunks {
            return Ok(false);
        }
        let snapshot = stored.doc.save();
        let heads = stored.doc.get_heads();
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        documents::write_snapshot(&tx, id, &snapshot, &heads, self.clock.now_ms())?;
        tx.commit()?;
        stored.mark_saved();
        Ok(true)
    }

    /// Takes a document out of the LRU or loads it, re-materializing its rows first if the
    /// read model does not reflect its heads (e.g. after a restore from an older backup).
    fn take_doc(&mut self, id: DocId) -> Result<documents::StoredDoc> {
        if let Some(doc) = self.docs.take(id) {
            return Ok(doc);
        }
        load_checked(&self.conn, id, self.layout, &self.actor, &self.unrecorded_rebuilds)
    }

    /// Loads the documents among `ids` not loaded yet, several at once (a cold sync or merge
    /// reads dozens of buckets), as many as the loaded-document budget holds. One that fails
    /// to load is left for its use to report, where the error has its context.
    pub(crate) fn preload(&mut self, ids: impl IntoIterator<Item = DocId>) -> Result<()> {
        let mut wanted: Vec<DocId> = ids.into_iter().filter(|id| !self.docs.contains(*id)).collect();
        wanted.sort();
        wanted.dedup();
        wanted.truncate(self.docs.capacity());
        // A single document loads as fast when it is used.
        if wanted.len() < 2 {
            return Ok(());
        }
        for (id, loaded) in wanted.iter().zip(loader::load_many(&self.conn, &wanted, &self.actor)?) {
            self.keep_loaded(*id, loaded)?;
        }
        Ok(())
    }

    /// Keeps a document loaded off this thread, checked against its indexed heads as a single
    /// load is. One that failed to load is left for its use to report, where the error has its
    /// context.
    pub(crate) fn keep_loaded(&mut self, id: DocId, loaded: Result<documents::StoredDoc>) -> Result<()> {
        if let Ok(stored) = loaded {
            let stored = check_indexed(&self.conn, id, self.layout, stored, &self.unrecorded_rebuilds)?;
            self.docs.put(id, stored);
        }
        Ok(())
    }
}

/// Loads a document and re-materializes its rows if they do not match its heads.
fn load_checked(
    conn: &Connection,
    id: DocId,
    layout: Layout,
    actor: &ActorId,
    rebuilds: &std::cell::Cell<u64>,
) -> Result<documents::StoredDoc> {
    check_indexed(conn, id, layout, documents::load(conn, id, actor)?, rebuilds)
}

/// Re-materializes a freshly loaded document's rows if they do not match its heads, counting
/// that in `rebuilds`.
fn check_indexed(
    conn: &Connection,
    id: DocId,
    layout: Layout,
    mut stored: documents::StoredDoc,
    rebuilds: &std::cell::Cell<u64>,
) -> Result<documents::StoredDoc> {
    let heads = stored.doc.get_heads();
    let indexed = documents::indexed_heads(conn, id)?;
    if indexed.as_deref() != Some(documents::encode_heads(&heads).as_slice()) {
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        index::rebuild_doc(&tx, id, layout, &stored.doc)?;
        documents::set_indexed_heads(&tx, id, &heads)?;
        tx.commit()?;
        // A new bucket (never indexed, holding its genesis only) had no rows to change.
        if indexed.is_some() || heads != crate::doc::genesis_heads(id.family) {
            rebuilds.set(rebuilds.get() + 1);
        }
    }
    Ok(stored)
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
