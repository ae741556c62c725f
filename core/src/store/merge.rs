//! Merging another Kith database file into this one: the simplest replica exchange. Each
//! document's stored changes are applied to ours; the read model is updated for the entities
//! the new changes touch (named from their ops), never from a whole-document diff.

use std::path::Path;

use rusqlite::{Transaction, TransactionBehavior};

use super::documents::StoredDoc;
use super::loader::Loader;
use super::{Store, documents, open};
use crate::doc::DocId;
use crate::doc::entities::EntityRef;
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
    /// Merges the contacts, meetings and method records of the Kith database at `other` into
    /// this one; its account document (paired devices, settings) is left out, so a file from
    /// someone else's account can never make their devices trusted here. The other file is
    /// opened read-only and never changed. Each document merges in its own transaction, so an
    /// interrupted merge leaves whole documents merged and can simply be run again.
    pub fn merge_file(&mut self, other: impl AsRef<Path>) -> Result<MergeReport> {
        let src = open::open_read_only(other.as_ref())?;
        // Both files must split entities alike, or the other's would land where nothing reads
        // them; a device holding no bucket yet takes the file's layout.
        if documents::holds_bucket_docs(&src)? {
            self.adopt_layout(documents::layout_of_any(&src)?)?;
        }
        let mut report = MergeReport::default();
        let mut differing = Vec::new();
        for id in documents::stored_doc_ids(&src)? {
            if !self.layout.holds(id) {
                return Err(crate::error::Error::Schema {
                    expected: "documents within the file's bucket layout",
                });
            }
            // Trust and settings never travel in a file: the device list (and the account's
            // settings beside it) change only by pairing and sync with a device paired here.
            if id == DocId::ACCOUNT {
                continue;
            }
            let Some(theirs) = documents::indexed_heads(&src, id)? else {
                continue;
            };
            if Some(&theirs) != documents::indexed_heads(&self.conn, id)?.as_ref() {
                differing.push((id, theirs));
            }
        }
        // A document already holding every change the file has needs nothing, and no load.
        let mut lacking = Vec::with_capacity(differing.len());
        for (id, theirs) in differing {
            if !documents::holds_heads(&self.conn, id, &documents::decode_heads(&theirs))? {
                lacking.push((id, theirs));
            }
        }
        let (loaded, cold): (Vec<_>, Vec<_>) =
            lacking.into_iter().partition(|(id, _)| self.docs.contains(*id));
        for (id, theirs) in loaded {
            self.merge_doc(&src, id, &theirs, &mut report)?;
        }
        // The rest load on worker threads and merge here as each finishes.
        let mut loader = Loader::new(&self.actor, cold.len());
        let mut queued = cold.iter().enumerate();
        loop {
            while loader.wants_more() {
                let Some((i, (id, _))) = queued.next() else { break };
                loader.submit(i, *id, documents::stored(&self.conn, *id)?);
            }
            let Some((i, id, loaded)) = loader.next() else { break };
            self.keep_loaded(id, loaded)?;
            self.merge_doc(&src, id, &cold[i].1, &mut report)?;
        }
        report.conflicts = self.conflicts()?.len();
        Ok(report)
    }

    /// Merges one document from `src`, whose indexed heads are `theirs`.
    fn merge_doc(
        &mut self,
        src: &rusqlite::Connection,
        id: DocId,
        theirs: &[u8],
        report: &mut MergeReport,
    ) -> Result<()> {
        let mut stored = self.take_doc(id)?;
        // Read only the stored parts that hold changes we lack; nothing if we have them all.
        let outcome = if stored.doc.get_missing_deps(&documents::decode_heads(theirs)).is_empty() {
            Ok(None)
        } else {
            documents::unknown_tail(src, id, |heads| stored.doc.get_missing_deps(heads).is_empty())
                .and_then(|bytes| self.apply_and_store(id, &mut stored, &bytes))
        };
        // On failure the document may hold changes the file does not: it is not kept.
        if let Some((touched, moved)) = outcome? {
            report.docs_changed += 1;
            report.entities_changed += touched.len();
            self.changed.record(id, touched);
            self.changed.entities.extend(moved);
        }
        self.docs.put(id, stored);
        Ok(())
    }

    /// Applies raw changes and stores them with their rows; returns the entities they touched
    /// and the contacts whose rows moved with them, or `None` when nothing was new.
    pub(crate) fn apply_and_store(
        &self,
        id: DocId,
        stored: &mut StoredDoc,
        bytes: &[u8],
    ) -> Result<Option<(Vec<EntityRef>, Vec<EntityRef>)>> {
        let doc = &mut stored.doc;
        let before = doc.get_heads();
        doc.load_incremental(bytes)?;
        let heads = doc.get_heads();
        if heads == before {
            return Ok(None);
        }
        // Refused (and the document dropped by the caller) before anything is stored.
        let (touched, chunk) = stored.vet_received(id.family, &before)?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let mut pending = super::index::Pending::default();
        let rows = super::index::read_doc(id, self.layout, &stored.doc, &touched)?;
        super::batch::persist(&tx, id, &chunk, &heads, &rows, &mut pending)?;
        let moved = pending.flush(&tx)?;
        tx.commit()?;
        stored.mark_saved();
        Ok(Some((touched, moved)))
    }
}
