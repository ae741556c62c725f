//! The one write path. A closure applies domain operations to the documents it needs; then
//! each document commits, and its new chunk, the rows of every touched entity and its heads
//! are stored in one IMMEDIATE transaction. If anything fails, uncommitted operations are
//! rolled back and documents whose commit did not reach disk are dropped from memory, so memory
//! never runs ahead of the file.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{ActorId, AutoCommit, transaction::CommitOptions};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::documents::StoredDoc;
use super::{Store, documents, index, load_checked};
use crate::doc::cache::DocCache;
use crate::doc::entities::EntityRef;
use crate::doc::{DocId, Layout};
use crate::error::Result;

pub(crate) struct Batch<'s> {
    conn: &'s Connection,
    cache: &'s mut DocCache<StoredDoc>,
    actor: &'s ActorId,
    layout: Layout,
    rebuilds: &'s std::cell::Cell<u64>,
    docs: BTreeMap<DocId, StoredDoc>,
    touched: BTreeSet<EntityRef>,
    settings: bool,
    pub now: i64,
    pub today: NaiveDate,
}

impl Batch<'_> {
    pub fn conn(&self) -> &Connection {
        self.conn
    }

    pub fn doc(&mut self, id: DocId) -> Result<&mut AutoCommit> {
        if !self.docs.contains_key(&id) {
            let doc = match self.cache.take(id) {
                Some(doc) => doc,
                None => load_checked(self.conn, id, self.layout, self.actor, self.rebuilds)?,
            };
            self.docs.insert(id, doc);
        }
        Ok(&mut self.docs.get_mut(&id).expect("inserted above").doc)
    }

    /// The document holding `entity`, marking the entity for re-indexing.
    pub fn doc_for(&mut self, entity: EntityRef) -> Result<&mut AutoCommit> {
        self.touched.insert(entity);
        self.doc(entity.doc_id(self.layout))
    }

    /// Ends the current Automerge change in every document this batch holds.
    pub fn commit_changes(&mut self) {
        let time = self.now / 1000;
        for stored in self.docs.values_mut() {
            stored.doc.commit_with(CommitOptions::default().with_time(time));
        }
    }

    pub fn touch_settings(&mut self) {
        self.settings = true;
    }
}

/// The one way new changes of a document reach the file, inside the caller's transaction: its
/// chunk and heads, then the rows of every entity they touched as `index::read_doc` read them,
/// and the settings when the account document changed. Local writes, merges of another file and
/// received sync rounds all store through here (rounds having read their entities on the
/// threads that received them), so the read model can never lag its document. The derived rows
/// the entities owe go to `pending`, which the caller flushes once before it commits
/// (`index::Pending::flush`), whatever number of documents the transaction stores.
pub(crate) fn persist(
    tx: &Connection,
    id: DocId,
    chunk: &[u8],
    heads: &[automerge::ChangeHash],
    rows: &index::DocRows,
    pending: &mut index::Pending,
) -> Result<()> {
    documents::append_chunk(tx, id, chunk, heads)?;
    index::write_doc(tx, rows, pending)
}

/// `persist` for a document received whole (a new device's first sync): the bytes become its
/// snapshot as they came, with no re-save, and its rows come as `index::read_doc` read them.
/// Its derived rows are refreshed at once: its contacts are new, so their rowids rise as they
/// are written and FTS5 gains nothing from waiting, while the rows just written are still in
/// the page cache (left to the end of a round of 1,200 contacts, a 20k first sync took
/// 3.6-3.7 s instead of 2.9-3.0). Returns the contacts whose rows moved, as `Pending::flush`.
pub(crate) fn persist_whole(
    tx: &Connection,
    id: DocId,
    bytes: &[u8],
    heads: &[automerge::ChangeHash],
    rows: &index::DocRows,
    now: i64,
) -> Result<Vec<EntityRef>> {
    documents::write_snapshot(tx, id, bytes, heads, now)?;
    documents::set_indexed_heads(tx, id, heads)?;
    let mut pending = index::Pending::default();
    index::write_doc(tx, rows, &mut pending)?;
    pending.flush(tx)
}

/// Entities per transaction in bulk writes: one huge transaction would hold every change in
/// memory at once (752 MB for 10k contacts, measured), one per entity would be slow. A
/// transaction takes the next `BULK_BATCH` items in document order, so it spans a few buckets
/// rather than stopping at the end of one. Every commit writes the pages it dirtied to the
/// WAL and the checkpoints copy them again, so fewer, larger transactions write less. A 20k
/// bulk add (alternating runs, same peak memory of 90-170 MB): 250 and never past a bucket's
/// end (128 commits) 9.3/8.1/8.1 s; 1,000 within a bucket (64) 7.3/7.4/7.4 and 8.3/7.9/8.2 s;
/// 1,000 across buckets (20) 7.1/6.7/7.0 s.
pub(crate) const BULK_BATCH: usize = 1000;

impl Store {
    /// Writes many items in document order, `BULK_BATCH` per transaction. A document past
    /// the compaction bound is compacted once at the end rather than after every transaction:
    /// compacting re-saves a whole bucket, and a large import would otherwise do that over and over.
    pub(crate) fn bulk_write<T>(
        &mut self,
        items: Vec<(DocId, T)>,
        apply: impl FnMut(&mut Batch, T) -> Result<()>,
    ) -> Result<()> {
        self.bulk_write_reporting(items, apply, &mut |_, _| {})
    }

    /// `bulk_write`, calling `progress(written, total)` after each transaction.
    pub(crate) fn bulk_write_reporting<T>(
        &mut self,
        mut items: Vec<(DocId, T)>,
        mut apply: impl FnMut(&mut Batch, T) -> Result<()>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<()> {
        items.sort_by_key(|(doc, _)| *doc);
        let (total, mut written) = (items.len(), 0);
        let mut items = items.into_iter();
        let mut touched = BTreeSet::new();
        loop {
            let group: Vec<(DocId, T)> = items.by_ref().take(BULK_BATCH).collect();
            if group.is_empty() {
                break;
            }
            touched.extend(group.iter().map(|(doc, _)| *doc));
            // One Automerge change per item, as if entered one at a time: a sync later sends the few
            // changes a peer lacks instead of whole documents.
            let count = group.len();
            self.write_with(false, |b| {
                group.into_iter().try_for_each(|(_, item)| {
                    apply(b, item)?;
                    b.commit_changes();
                    Ok(())
                })
            })?;
            written += count;
            progress(written, total);
        }
        // Large transactions leave the search index in segments that FTS5 would otherwise merge
        // during the next few small writes: after a 20k bulk add, edits' p99 went from 0.8 to
        // 8 ms. Merged here at once (145 ms at 20k), only when the write took several
        // transactions, and like compaction below not the write's failure if it fails.
        if total > BULK_BATCH {
            let _ = index::merge_search_segments(&self.conn);
        }
        // Everything is written; compaction only tidies the file, so its failure (a full disk)
        // must not report the write as failed. As for one write, only a document past the bound
        // is compacted here (`add_contact` comes this way too); the rest waits for `maintain`.
        for id in touched {
            if documents::compaction(&self.conn, id).is_ok_and(|c| c == documents::Compaction::Overdue)
                && let Ok(mut stored) = self.take_doc(id)
            {
                let _ = self.compact_doc(id, &mut stored);
                self.docs.put(id, stored);
            }
        }
        Ok(())
    }

    pub(crate) fn write<T>(&mut self, apply: impl FnOnce(&mut Batch) -> Result<T>) -> Result<T> {
        self.write_with(true, apply)
    }

    fn write_with<T>(&mut self, compact: bool, apply: impl FnOnce(&mut Batch) -> Result<T>) -> Result<T> {
        let mut batch = Batch {
            conn: &self.conn,
            cache: &mut self.docs,
            actor: &self.actor,
            layout: self.layout,
            rebuilds: &self.unrecorded_rebuilds,
            docs: BTreeMap::new(),
            touched: BTreeSet::new(),
            settings: false,
            now: self.clock.now_ms(),
            today: self.clock.today(),
        };
        let outcome = apply(&mut batch);
        let Batch { mut docs, touched, settings, now, .. } = batch;
        let value = match outcome {
            Ok(value) => value,
            Err(e) => {
                for (id, mut stored) in docs {
                    stored.doc.rollback();
                    self.docs.put(id, stored);
                }
                return Err(e);
            }
        };
        let mut written = Vec::new();
        for (id, stored) in docs.iter_mut() {
            stored.doc.commit_with(CommitOptions::default().with_time(now / 1000));
            let chunk = stored.unsaved();
            if !chunk.is_empty() {
                written.push((*id, chunk, stored.doc.get_heads()));
            }
        }
        match self.store_batch(&docs, &written, &touched) {
            Ok(moved) => {
                self.changed.entities.extend(touched.iter().copied().chain(moved));
                self.changed.settings |= settings;
                for (id, mut stored) in docs {
                    stored.mark_saved();
                    // The write is committed: compaction only tidies the file, so its failure
                    // (a full disk) must not be reported as the write's. The next write retries.
                    // Below the bound it waits for idle maintenance (`maintain`).
                    if compact
                        && written.iter().any(|(w, _, _)| *w == id)
                        && documents::compaction(&self.conn, id)
                            .is_ok_and(|c| c == documents::Compaction::Overdue)
                    {
                        let _ = self.compact_doc(id, &mut stored);
                    }
                    self.docs.put(id, stored);
                }
                Ok(value)
            }
            // The documents hold changes the file does not: forget them; they reload from disk.
            Err(e) => Err(e),
        }
    }

    fn store_batch(
        &self,
        docs: &BTreeMap<DocId, StoredDoc>,
        written: &[(DocId, Vec<u8>, Vec<automerge::ChangeHash>)],
        touched: &BTreeSet<EntityRef>,
    ) -> Result<Vec<EntityRef>> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let mut pending = index::Pending::default();
        for (id, chunk, heads) in written {
            let entities: Vec<EntityRef> =
                touched.iter().filter(|e| e.doc_id(self.layout) == *id).copied().collect();
            let rows = index::read_doc(*id, self.layout, &docs[id].doc, &entities)?;
            persist(&tx, *id, chunk, heads, &rows, &mut pending)?;
        }
        let moved = pending.flush(&tx)?;
        tx.commit()?;
        Ok(moved)
    }
}
