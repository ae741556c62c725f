//! Upkeep: the doctor (read model against documents, search index), compaction, and the
//! figures benchmarks and tests read (`Diagnostics`, never needed by a shell).

use std::collections::BTreeMap;

use super::Kith;
use crate::doc::DocId;
use crate::error::Result;
use crate::store::DoctorReport;

impl Kith {
    /// Checks the read model against the documents; with `repair`, rebuilds what differs.
    pub fn doctor(&mut self, repair: bool) -> Result<DoctorReport> {
        self.edit(|s| s.doctor(repair))
    }

    /// Folds every document's chunks into a snapshot; returns how many were compacted.
    pub fn compact(&mut self) -> Result<usize> {
        self.store.compact()
    }

    /// Idle maintenance for the shell to run when nothing else is (the sync service does it
    /// between rounds; phones also when the app goes to the background): compacts at most
    /// `max_docs` documents whose history grew past their snapshot. Writes leave that to it,
    /// up to a bound. Returns how many it compacted.
    pub fn maintain(&mut self, max_docs: u32) -> Result<u32> {
        Ok(self.store.maintain(max_docs as usize)? as u32)
    }

    /// How long a write waits for another process's lock before failing as busy.
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        self.store.set_busy_timeout(timeout)
    }

    /// How many bucket documents stay loaded (default 8): a memory budget for the shells.
    pub fn set_loaded_docs_capacity(&mut self, capacity: usize) {
        self.store.set_loaded_docs_capacity(capacity);
    }

    /// Measurements for benchmarks and tests.
    pub fn diagnostics(&self) -> Diagnostics<'_> {
        Diagnostics { kith: self }
    }

    /// Measurements that load or unload documents.
    pub fn diagnostics_mut(&mut self) -> DiagnosticsMut<'_> {
        DiagnosticsMut { kith: self }
    }
}

/// What benchmarks and tests measure: bytes, loaded documents, heads, the whole read model.
/// Shells have no use for it, so it is not part of the phone's surface.
pub struct Diagnostics<'k> {
    kith: &'k Kith,
}

pub struct DiagnosticsMut<'k> {
    kith: &'k mut Kith,
}

impl DiagnosticsMut<'_> {
    /// Drops every loaded document, as a fresh process would start.
    pub fn unload_docs(&mut self) {
        self.kith.store.unload_docs();
    }

    /// The size of every change made after `heads`: the ideal cost of telling a peer that had
    /// exactly those. Loads every document.
    pub fn bytes_since(&mut self, heads: &Heads) -> Result<u64> {
        self.kith.store.bytes_since(&heads.0)
    }

    /// For every document changed after `heads`: its name, the document as it was at `heads`
    /// (saved) and the changes since. What raw Automerge sync is measured on.
    pub fn changes_per_document(&mut self, heads: &Heads) -> Result<Vec<crate::store::DocumentChanges>> {
        self.kith.store.changes_per_document(&heads.0)
    }
}

/// Every document's heads, opaque: what `bytes_since` measures from.
#[derive(Debug, Clone)]
pub struct Heads(Vec<(DocId, Vec<automerge::ChangeHash>)>);

impl Diagnostics<'_> {
    /// Bytes of Automerge history stored (snapshots + chunks).
    pub fn document_bytes(&self) -> Result<u64> {
        self.kith.store.document_bytes()
    }

    /// Flushes the WAL into the main file (before measuring or copying it).
    pub fn checkpoint(&self) -> Result<()> {
        self.kith.store.checkpoint()
    }

    pub fn loaded_docs(&self) -> usize {
        self.kith.store.loaded_docs()
    }

    /// How this account splits its entities into documents (`Layout::doc_count` of them).
    pub fn layout(&self) -> crate::sync::Layout {
        self.kith.store.layout()
    }

    /// The most memory SQLite's page cache may take now (KiB): larger while a sync session runs.
    pub fn page_cache_kib(&self) -> Result<i64> {
        self.kith.store.page_cache_kib()
    }

    pub fn heads(&self) -> Result<Heads> {
        Ok(Heads(self.kith.store.heads()?))
    }

    /// Every read-model row as text, table by table: two replicas holding the same changes
    /// must dump equal.
    pub fn read_model_dump(&self) -> Result<BTreeMap<String, Vec<String>>> {
        self.kith.store.read_model_dump()
    }

    /// Fault injection for storage tests: the file may grow by at most `pages` more pages
    /// (`None` lifts the limit), as a full disk would stop it.
    pub fn limit_growth(&self, pages: Option<i64>) -> Result<()> {
        let conn = self.kith.store.connection();
        let max = match pages {
            Some(extra) => conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))? + extra,
            None => 1_073_741_823,
        };
        conn.pragma_update(None, "max_page_count", max)?;
        Ok(())
    }
}
