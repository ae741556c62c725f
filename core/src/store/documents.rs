//! Automerge documents at rest: a snapshot plus incremental chunks per document, and the heads
//! the read model reflects. Loading, appending and compacting happen here and nowhere else.

use automerge::{ActorId, AutoCommit, ChangeHash};
use rusqlite::{Connection, OptionalExtension, params};

use crate::doc::entities::EntityRef;
use crate::doc::vet::vet_changes;
use crate::doc::{DocId, Family, Layout, genesis};
use crate::error::Result;

/// A document is worth compacting (when the app is idle) past this many chunks, or when they
/// outweigh its snapshot. Not sooner: recent chunks are what another replica merging this file
/// reads instead of the whole document.
pub(crate) const COMPACT_AFTER_CHUNKS: i64 = 64;

/// A write compacts the document it wrote only past this many chunks (or chunks this many times
/// the snapshot): compacting re-saves a whole bucket, which made every 64th edit a 6-7 ms one.
/// Below the bound idle maintenance (`Store::maintain`) does it; the bound keeps loading a
/// document cheap on a device that never idles long enough.
pub(crate) const COMPACT_ON_WRITE_AFTER_CHUNKS: i64 = 4 * COMPACT_AFTER_CHUNKS;
const COMPACT_ON_WRITE_BYTES_FACTOR: i64 = 4;

/// Heads as stored: the 32-byte hashes, sorted, concatenated.
pub fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    let mut sorted: Vec<&ChangeHash> = heads.iter().collect();
    sorted.sort();
    sorted.iter().flat_map(|h| h.0).collect()
}

pub fn decode_heads(bytes: &[u8]) -> Vec<ChangeHash> {
    bytes.chunks_exact(32).map(|h| ChangeHash(h.try_into().expect("chunks_exact yields 32 bytes"))).collect()
}

/// The heads recorded with each stored part of a document, oldest first: the snapshot's as
/// part 0, then each chunk's under its sequence number (chunks number from 1). What is known of
/// a document's history without loading it, read once without the parts' bytes.
pub struct Recorded(Vec<(i64, Vec<ChangeHash>)>);

impl Recorded {
    pub fn read(conn: &Connection, doc_id: DocId) -> Result<Self> {
        let mut stmt = conn.prepare_cached(
            "SELECT 0, heads FROM am_snapshot WHERE doc_id = ?1
             UNION ALL SELECT seq, heads FROM am_chunk WHERE doc_id = ?1 ORDER BY 1",
        )?;
        let parts = stmt
            .query_map([doc_id.to_string()], |r| Ok((r.get(0)?, decode_heads(&r.get::<_, Vec<u8>>(1)?))))?;
        Ok(Self(parts.collect::<rusqlite::Result<_>>()?))
    }

    /// The heads recorded with the newest part: the heads of the document as stored. `None`
    /// while nothing of it is stored.
    pub fn newest(&self) -> Option<&Vec<ChangeHash>> {
        self.0.last().map(|(_, heads)| heads)
    }

    /// The newest part recorded at exactly `heads` (recorded heads are sorted). When that part
    /// was stored the document held exactly that history, so every later chunk holds only
    /// changes that are not history of `heads` (`parts_after`). `None`: what follows `heads`
    /// is not known without loading.
    pub fn part_at(&self, heads: &[ChangeHash]) -> Option<i64> {
        let mut wanted = heads.to_vec();
        wanted.sort();
        self.0.iter().rev().find(|(_, recorded)| *recorded == wanted).map(|(part, _)| *part)
    }
}

/// The stored parts after part `after` (as `Recorded` numbers them; `None`: every part, the
/// snapshot first), concatenated.
pub fn parts_after(conn: &Connection, doc_id: DocId, after: Option<i64>) -> Result<Vec<u8>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 0, bytes FROM am_snapshot WHERE doc_id = ?1 AND ?2 < 0
         UNION ALL SELECT seq, bytes FROM am_chunk WHERE doc_id = ?1 AND seq > ?2 ORDER BY 1",
    )?;
    let mut rows = stmt.query(params![doc_id.to_string(), after.unwrap_or(-1)])?;
    let mut bytes = Vec::new();
    while let Some(row) = rows.next()? {
        bytes.extend_from_slice(row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?);
    }
    Ok(bytes)
}

/// The stored parts of a document that may hold changes `known` does not: parts are skipped
/// from the start up to the last one whose heads `known` already has (everything up to those
/// heads is then known too). Empty when nothing is new.
pub fn unknown_tail(
    conn: &Connection,
    doc_id: DocId,
    mut known: impl FnMut(&[ChangeHash]) -> bool,
) -> Result<Vec<u8>> {
    let Recorded(parts) = Recorded::read(conn, doc_id)?;
    let last_known = parts.iter().rev().find(|(_, heads)| known(heads)).map(|(part, _)| *part);
    parts_after(conn, doc_id, last_known)
}

/// Whether this document holds every change `heads` name, known without loading it: each is
/// among the heads recorded with one of its stored parts (a head brings its whole history).
/// `false` says only that it is not known so.
pub fn holds_heads(conn: &Connection, doc_id: DocId, heads: &[ChangeHash]) -> Result<bool> {
    let recorded: std::collections::HashSet<ChangeHash> =
        Recorded::read(conn, doc_id)?.0.into_iter().flat_map(|(_, heads)| heads).collect();
    Ok(heads.iter().all(|h| recorded.contains(h)))
}

/// A document as stored, whole (its snapshot, then its chunks) with the heads of the newest
/// part, without loading it; `None` while it has no snapshot (a young document, cheap to sync
/// change by change). What a peer holding nothing of the document can load in one step.
pub fn stored_whole(conn: &Connection, doc_id: DocId) -> Result<Option<(Vec<u8>, Vec<ChangeHash>)>> {
    let parts = stored(conn, doc_id)?;
    let (Some(mut bytes), Some(heads)) = (parts.snapshot, parts.heads) else { return Ok(None) };
    bytes.extend_from_slice(&parts.chunks);
    Ok(Some((bytes, heads)))
}

/// Whether the document has a snapshot (and so can be sent whole).
pub fn has_snapshot(conn: &Connection, doc_id: DocId) -> Result<bool> {
    let exists = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM am_snapshot WHERE doc_id = ?1)")?
        .query_row([doc_id.to_string()], |r| r.get(0))?;
    Ok(exists)
}

/// What is stored for a document: its snapshot, its chunks (in order, concatenated) and the
/// heads recorded with the newest of them.
pub(super) struct Stored {
    snapshot: Option<Vec<u8>>,
    chunks: Vec<u8>,
    heads: Option<Vec<ChangeHash>>,
}

pub(super) fn stored(conn: &Connection, doc_id: DocId) -> Result<Stored> {
    let key = doc_id.to_string();
    let snapshot: Option<(Vec<u8>, Vec<u8>)> = conn
        .prepare_cached("SELECT bytes, heads FROM am_snapshot WHERE doc_id = ?1")?
        .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut heads = snapshot.as_ref().map(|(_, h)| decode_heads(h));
    let mut chunks = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT bytes, heads FROM am_chunk WHERE doc_id = ?1 ORDER BY seq")?;
    let mut rows = stmt.query([&key])?;
    while let Some(row) = rows.next()? {
        chunks.extend_from_slice(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
        heads = Some(decode_heads(row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?));
    }
    Ok(Stored { snapshot: snapshot.map(|(b, _)| b), chunks, heads })
}

/// A loaded document and the heads of what of it is stored.
///
/// Automerge's own `save_incremental` does not know what a freshly loaded document already has
/// on disk and would re-save the whole history (230 KB for a 300-contact bucket, measured), so
/// the store tracks the stored heads itself and saves only what comes after them.
pub struct StoredDoc {
    pub doc: AutoCommit,
    saved: Vec<ChangeHash>,
}

impl StoredDoc {
    /// The changes not yet stored, as one chunk (empty when there are none).
    pub fn unsaved(&mut self) -> Vec<u8> {
        if self.doc.get_heads() == self.saved { Vec::new() } else { self.doc.save_after(&self.saved) }
    }

    /// What a sync or a file just brought after `before`, vetted (`vet_changes`): the entities
    /// it touched and the chunk that stores everything unsaved. Automerge rebuilds changes from
    /// its operations on every ask and `save_after` asks again, so when `before` is what is
    /// stored, the chunk is the vetted changes themselves (what `save_after` returns too).
    pub fn vet_received(
        &mut self,
        family: Family,
        before: &[ChangeHash],
    ) -> Result<(Vec<EntityRef>, Vec<u8>)> {
        let changes = self.doc.get_changes(before);
        let touched = vet_changes(&self.doc, family, &changes)?;
        let chunk = if self.saved == before {
            changes.iter().flat_map(|c| c.raw_bytes().iter().copied()).collect()
        } else {
            self.unsaved()
        };
        Ok((touched, chunk))
    }

    /// Records that everything up to the current heads is stored.
    pub fn mark_saved(&mut self) {
        self.saved = self.doc.get_heads();
    }
}

/// The document as stored, writing as `actor`; a document never written starts from genesis,
/// with nothing of it stored yet.
pub fn load(conn: &Connection, doc_id: DocId, actor: &ActorId) -> Result<StoredDoc> {
    assemble(doc_id, stored(conn, doc_id)?, actor)
}

/// A document from its stored parts (no I/O).
pub(super) fn assemble(doc_id: DocId, parts: Stored, actor: &ActorId) -> Result<StoredDoc> {
    let Some(expected) = parts.heads else {
        let mut doc = genesis(doc_id);
        doc.set_actor(actor.clone());
        return Ok(StoredDoc { doc, saved: Vec::new() });
    };
    // The snapshot is one self-contained document. Chunks are applied as changes: Automerge
    // queues a change until its dependencies arrive, so the order changes were saved in (which
    // need not be causal when concurrent changes interleave) does not matter.
    let mut doc = match &parts.snapshot {
        Some(snapshot) => AutoCommit::load(snapshot)?,
        None => genesis(doc_id),
    };
    if !parts.chunks.is_empty() {
        doc.load_incremental(&parts.chunks)?;
    }
    // Everything the newest part recorded must be there; anything less is damage, not a
    // document to index.
    if !doc.get_missing_deps(&expected).is_empty() {
        return Err(automerge::AutomergeError::MissingDeps.into());
    }
    let saved = doc.get_heads();
    // Schema steps this build knows and the stored document lacks; stored with the next write.
    crate::doc::upgrade(&mut doc, doc_id)?;
    doc.set_actor(actor.clone());
    Ok(StoredDoc { doc, saved })
}

pub fn indexed_heads(conn: &Connection, doc_id: DocId) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT indexed_heads FROM doc_state WHERE doc_id = ?1", [doc_id.to_string()], |r| {
            r.get(0)
        })
        .optional()?)
}

/// How this database's entities are split into documents.
pub fn layout(conn: &Connection) -> Result<Layout> {
    let buckets: i64 = conn.query_row("SELECT buckets FROM bucket_layout WHERE id = 1", [], |r| r.get(0))?;
    Layout::from_buckets(buckets)
        .ok_or(crate::error::Error::Schema { expected: "a layout of 64 or 256 buckets" })
}

/// The layout of a database file of any schema: one from before layouts keeps 64 buckets.
pub fn layout_of_any(conn: &Connection) -> Result<Layout> {
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bucket_layout')",
        [],
        |r| r.get(0),
    )?;
    if known { layout(conn) } else { Ok(Layout::Buckets64) }
}

pub fn set_layout(conn: &Connection, layout: Layout) -> Result<()> {
    conn.execute("UPDATE bucket_layout SET buckets = ?1 WHERE id = 1", [layout.buckets()])?;
    Ok(())
}

/// Whether any bucket document (not the account document) is stored.
pub fn holds_bucket_docs(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM am_snapshot WHERE doc_id <> 'account')
             OR EXISTS (SELECT 1 FROM am_chunk WHERE doc_id <> 'account')",
        [],
        |r| r.get(0),
    )?)
}

/// The documents this database holds anything for.
pub fn stored_doc_ids(conn: &Connection) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare(
        "SELECT doc_id FROM am_snapshot UNION SELECT doc_id FROM am_chunk UNION SELECT doc_id FROM doc_state",
    )?;
    let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.iter().filter_map(|s| DocId::parse(s)).collect())
}

pub fn set_indexed_heads(conn: &Connection, doc_id: DocId, heads: &[ChangeHash]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO doc_state (doc_id, indexed_heads) VALUES (?1, ?2)
         ON CONFLICT (doc_id) DO UPDATE SET indexed_heads = excluded.indexed_heads",
    )?
    .execute(params![doc_id.to_string(), encode_heads(heads)])?;
    Ok(())
}

/// Appends a chunk and records the document's heads after it and as indexed.
pub fn append_chunk(conn: &Connection, doc_id: DocId, bytes: &[u8], heads: &[ChangeHash]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO am_chunk (doc_id, seq, bytes, heads)
         VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM am_chunk WHERE doc_id = ?1), ?2, ?3)",
    )?
    .execute(params![doc_id.to_string(), bytes, encode_heads(heads)])?;
    set_indexed_heads(conn, doc_id, heads)
}

/// How much a document's chunks call for folding them into a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compaction {
    NotYet,
    /// Worth doing when the app is idle.
    Due,
    /// Past the bound a write keeps: the write that got here does it.
    Overdue,
}

pub fn compaction(conn: &Connection, doc_id: DocId) -> Result<Compaction> {
    let key = doc_id.to_string();
    let (chunks, chunk_bytes): (i64, i64) = conn
        .prepare_cached("SELECT count(*), coalesce(sum(length(bytes)), 0) FROM am_chunk WHERE doc_id = ?1")?
        .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let snapshot_bytes: i64 = conn
        .prepare_cached("SELECT length(bytes) FROM am_snapshot WHERE doc_id = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    Ok(Compaction::of(chunks, chunk_bytes, snapshot_bytes))
}

impl Compaction {
    fn of(chunks: i64, chunk_bytes: i64, snapshot_bytes: i64) -> Self {
        let floor = snapshot_bytes.max(16 * 1024);
        if chunks > COMPACT_ON_WRITE_AFTER_CHUNKS
            || (chunks > 1 && chunk_bytes > COMPACT_ON_WRITE_BYTES_FACTOR * floor)
        {
            Compaction::Overdue
        } else if chunks > COMPACT_AFTER_CHUNKS || (chunks > 1 && chunk_bytes > floor) {
            Compaction::Due
        } else {
            Compaction::NotYet
        }
    }
}

/// Documents due for compaction, the most chunks first.
pub fn due_for_compaction(conn: &Connection) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.doc_id, count(*) AS n, sum(length(c.bytes)), coalesce(length(s.bytes), 0)
           FROM am_chunk c LEFT JOIN am_snapshot s ON s.doc_id = c.doc_id
          GROUP BY c.doc_id ORDER BY n DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
    })?;
    let mut due = Vec::new();
    for row in rows {
        let (id, chunks, chunk_bytes, snapshot_bytes) = row?;
        if Compaction::of(chunks, chunk_bytes, snapshot_bytes) >= Compaction::Due {
            due.extend(DocId::parse(&id));
        }
    }
    Ok(due)
}

/// Replaces snapshot + chunks with one fresh snapshot. The caller holds the transaction.
pub fn write_snapshot(
    conn: &Connection,
    doc_id: DocId,
    snapshot: &[u8],
    heads: &[ChangeHash],
    now: i64,
) -> Result<()> {
    let key = doc_id.to_string();
    conn.execute(
        "INSERT INTO am_snapshot (doc_id, bytes, heads, saved_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (doc_id) DO UPDATE SET bytes = excluded.bytes, heads = excluded.heads,
             saved_at = excluded.saved_at",
        params![key, snapshot, encode_heads(heads), now],
    )?;
    conn.execute("DELETE FROM am_chunk WHERE doc_id = ?1", [&key])?;
    Ok(())
}
