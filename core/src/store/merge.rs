//! Merging another Kith database file into this one: the simplest replica exchange. Each
//! document's stored changes are applied to ours; the read model is updated from the patches
//! of that application (only the entities they touch), never from a whole-document diff.

use std::path::Path;

use automerge::AutoCommit;
use rusqlite::{Transaction, TransactionBehavior};

use super::{Store, documents, index, open};
use crate::doc::entities::{self, EntityRef};
use crate::doc::{DocId, Family};
use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Documents that received changes.
    pub docs_changed: usize,
    /// Entities whose rows were re-read.
    pub entities_changed: usize,
    /// Open field conflicts after the merge.
    pub conflicts: usize,
}

impl Store {
    /// Merges every document of the Kith database at `other` into this one. The other file is
    /// opened read-only and never changed. Each document merges in its own transaction, so an
    /// interrupted merge leaves whole documents merged and can simply be run again.
    pub fn merge_file(&mut self, other: impl AsRef<Path>) -> Result<MergeReport> {
        let src = open::open_read_only(other.as_ref())?;
        let mut report = MergeReport::default();
        for id in documents::stored_doc_ids(&src)? {
            let theirs = documents::indexed_heads(&src, id)?;
            if theirs.is_some() && theirs == documents::indexed_heads(&self.conn, id)? {
                continue;
            }
            let bytes = documents::stored_bytes(&src, id)?;
            if bytes.is_empty() {
                continue;
            }
            if let Some(changed) = self.merge_changes(id, &bytes)? {
                report.docs_changed += 1;
                report.entities_changed += changed;
            }
        }
        report.conflicts = self.conflicts()?.len();
        Ok(report)
    }

    /// Applies stored or received changes (any concatenation of Automerge chunks) to one
    /// document and stores them with the rows they touch. `None` when nothing was new.
    pub(crate) fn merge_changes(&mut self, id: DocId, bytes: &[u8]) -> Result<Option<usize>> {
        let mut doc = self.take_doc(id)?;
        match self.apply_and_store(id, &mut doc, bytes) {
            Ok(changed) => {
                self.docs.put(id, doc);
                Ok(changed)
            }
            // The document may hold part of the input that the file does not: forget it.
            Err(e) => Err(e),
        }
    }

    fn apply_and_store(
        &self,
        id: DocId,
        doc: &mut AutoCommit,
        bytes: &[u8],
    ) -> Result<Option<usize>> {
        let before = doc.get_heads();
        doc.update_diff_cursor();
        let loaded = doc.load_incremental(bytes);
        let patches = doc.diff_incremental();
        doc.reset_diff_cursor();
        loaded?;
        let heads = doc.get_heads();
        if heads == before {
            return Ok(None);
        }
        let touched: Vec<EntityRef> = entities::touched(&patches);
        let chunk = doc.save_incremental();
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        documents::append_chunk(&tx, id, &chunk)?;
        documents::set_indexed_heads(&tx, id, &heads)?;
        if id.family == Family::Account {
            index::index_settings(&tx, doc)?;
        }
        for entity in &touched {
            index::entity(&tx, doc, *entity)?;
        }
        tx.commit()?;
        Ok(Some(touched.len()))
    }
}
