//! What the sync engine needs from the store: digests of every document's heads (without
//! loading documents), Automerge sync messages per document, and applying a received round in
//! one transaction with the rows it touches and the peer's sync states.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Store, documents, unloaded};
use crate::doc::entities::{self, EntityRef};
use crate::doc::{DocId, Family, Layout, account, genesis_heads};
use crate::error::Result;
use crate::error::SyncError;
use crate::model::Device;

/// How every Automerge chunk (and so every raw change) begins.
const CHUNK_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

/// One document's changes after some heads, with the document as it was at them (benchmarks).
#[derive(Debug, Clone)]
pub struct DocumentChanges {
    pub doc: String,
    pub before: Vec<u8>,
    pub changes: Vec<u8>,
}

/// What one received round changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub docs_changed: usize,
    pub entities_changed: usize,
    /// Documents received whole: both sides now hold the same heads of them.
    pub whole: Vec<DocId>,
}

/// What a document's received changes touched, the chunk that stores them, and the rows of
/// what they touched as the document now holds them.
struct Vetted {
    entities: Vec<EntityRef>,
    chunk: Vec<u8>,
    rows: super::index::DocRows,
}

/// One document of a round, with what the peer sent for it, on its way through `receive_all`.
struct Received<'a> {
    id: DocId,
    bytes: &'a [u8],
    /// `None`: raw changes (a document too big for one frame).
    message: Option<sync::Message>,
    stored: documents::StoredDoc,
    state: &'a mut sync::State,
    /// What arrived, vetted; `None` when it changed nothing.
    outcome: Result<Option<Vetted>>,
}

/// Receives and vets each document's message and reads back what it touched, on several
/// threads when there are several: the documents are independent, and on one thread this was a
/// third of a loaded mixer round while the other cores idled (profiled at 20k); reading the
/// touched entities was another sixth, left on the writing thread. Rows are written afterwards,
/// in order, on the caller's.
fn receive_all(work: &mut [Received<'_>], layout: Layout) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(super::loader::LOAD_THREADS)
        .min(work.len());
    if threads <= 1 {
        work.iter_mut().for_each(|item| item.receive(layout));
        return;
    }
    // Each thread takes the next document left: their costs differ by the changes they bring.
    let queue = Mutex::new(work.iter_mut());
    let next = || queue.lock().unwrap_or_else(PoisonError::into_inner).next();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(item) = next() {
                    item.receive(layout);
                }
            });
        }
    });
}

impl Received<'_> {
    fn receive(&mut self, layout: Layout) {
        let stored = &mut self.stored;
        let before = stored.doc.get_heads();
        // A document that holds nothing yet (a new device's first sync) is indexed whole
        // afterwards: every entity in it is new, so naming them from the ops only costs.
        let empty = before == genesis_heads(self.id.family);
        let received = match self.message.take() {
            Some(message) => stored.doc.sync().receive_sync_message(self.state, message),
            None => stored.doc.load_incremental(self.bytes).map(drop),
        };
        let changed = stored.doc.get_heads() != before;
        // Refused before anything is read back (the round is stored whole or not at all).
        let vetted = match (received, changed, empty) {
            (Err(e), ..) => Err(e.into()),
            (Ok(()), false, _) => Ok(None),
            (Ok(()), true, true) => {
                entities::all_in(&stored.doc, self.id.family).map(|all| Some((all, stored.unsaved())))
            }
            (Ok(()), true, false) => stored.vet_received(self.id.family, &before).map(Some),
        };
        self.outcome = vetted.and_then(|vetted| {
            let Some((entities, chunk)) = vetted else { return Ok(None) };
            let rows = super::index::read_doc(self.id, layout, &stored.doc, &entities)?;
            Ok(Some(Vetted { entities, chunk, rows }))
        });
    }
}

/// A document received whole, loaded and read off the writing thread: what storing it needs.
struct Loaded {
    heads: Vec<automerge::ChangeHash>,
    entities: Vec<EntityRef>,
    rows: super::index::DocRows,
}

impl Loaded {
    /// Loads the document and reads every entity in it; the document itself is not kept (the
    /// next use loads it from its new snapshot, with this build's schema steps).
    fn read(id: DocId, layout: Layout, bytes: &[u8]) -> Result<Loaded> {
        let mut doc = load_whole(id, bytes)?;
        let entities = entities::all_in(&doc, id.family)?;
        let rows = super::index::read_doc(id, layout, &doc, &entities)?;
        Ok(Loaded { heads: doc.get_heads(), entities, rows })
    }
}

impl Store {
    /// An 8-byte digest of each document's heads as the read model reflects them; a document
    /// holding only its genesis digests as zeros, like one never stored.
    pub(crate) fn doc_digests(&self) -> Result<Vec<(DocId, [u8; 8])>> {
        let mut stored: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT doc_id, indexed_heads FROM doc_state")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
            let (id, heads) = row?;
            stored.insert(id, heads);
        }
        let empty: BTreeMap<Family, Vec<u8>> = [Family::Contacts, Family::Interactions, Family::Account]
            .into_iter()
            .map(|f| (f, documents::encode_heads(genesis_heads(f))))
            .collect();
        Ok(self
            .layout
            .docs()
            .map(|id| {
                let digest = match stored.get(&id.to_string()) {
                    Some(heads) if *heads != empty[&id.family] => {
                        let mut d = [0u8; 8];
                        d.copy_from_slice(&blake3::hash(heads).as_bytes()[..8]);
                        d
                    }
                    _ => [0u8; 8],
                };
                (id, digest)
            })
            .collect())
    }

    /// The sync state this device keeps for `peer` and a document; fresh if none.
    pub(crate) fn sync_state(&self, peer: &str, doc: DocId) -> Result<sync::State> {
        let bytes: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT state FROM sync_state WHERE peer = ?1 AND doc_id = ?2")?
            .query_row(params![peer, doc.to_string()], |r| r.get(0))
            .optional()?;
        // A state that no longer decodes (e.g. from an older format) costs bytes, not data.
        Ok(bytes.and_then(|b| sync::State::decode(&b).ok()).unwrap_or_default())
    }

    /// The next Automerge sync message for a document, if it has anything to say.
    pub(crate) fn sync_message(&mut self, doc: DocId, state: &mut sync::State) -> Result<Option<Vec<u8>>> {
        if !self.docs.contains(doc)
            && let Some(next) = unloaded::next_message(&self.conn, doc, state)?
        {
            return Ok(match next {
                unloaded::Next::Silent => None,
                unloaded::Next::Send(message) => Some(message.encode()),
            });
        }
        let mut stored = self.take_doc(doc)?;
        let message = stored.doc.sync().generate_sync_message(state).map(|m| m.encode());
        self.docs.put(doc, stored);
        Ok(message)
    }

    /// Applies one received round: every document's changes, the rows they touch, the new heads
    /// and the peer's sync states, in one transaction. Nothing is stored if any message fails.
    /// A whole document for one this device holds nothing of is loaded as it came and stored
    /// as its snapshot; its state then records the peer as holding exactly those heads.
    pub(crate) fn receive_round(
        &mut self,
        peer: &str,
        messages: Vec<(DocId, Vec<u8>)>,
        states: &mut BTreeMap<DocId, sync::State>,
    ) -> Result<Applied> {
        // A document code this account's layout lacks would be stored where nothing reads it.
        if messages.iter().any(|(id, _)| !self.layout.holds(*id)) {
            return Err(SyncError::Malformed("a document outside the account's layout").into());
        }
        let mut fresh = Vec::new();
        for (i, (id, bytes)) in messages.iter().enumerate() {
            if is_whole_document(bytes) && self.holds_nothing(*id)? {
                fresh.push(i);
            }
        }
        // Documents received whole are loaded and read on a thread of their own while this one
        // writes the rows of the ones before them (a first sync was a fifth loading, half
        // reading and writing rows). The channel holds one: at most three such documents' rows
        // are in memory at once, and no document outlives its reading.
        std::thread::scope(|scope| {
            let (loaded_tx, loaded) = std::sync::mpsc::sync_channel(1);
            let (messages, fresh, layout) = (&messages, &fresh, self.layout);
            scope.spawn(move || {
                for &i in fresh {
                    let (id, bytes) = &messages[i];
                    // The receiver is gone when the round failed: nothing more is wanted.
                    if loaded_tx.send((i, Loaded::read(*id, layout, bytes))).is_err() {
                        break;
                    }
                }
            });
            self.apply_round(peer, messages, fresh, loaded, states)
        })
    }

    /// `receive_round` on this thread: the documents not received whole, then those received
    /// whole as `loaded` yields them, all in one transaction.
    fn apply_round(
        &mut self,
        peer: &str,
        messages: &[(DocId, Vec<u8>)],
        fresh: &[usize],
        loaded: std::sync::mpsc::Receiver<(usize, Result<Loaded>)>,
        states: &mut BTreeMap<DocId, sync::State>,
    ) -> Result<Applied> {
        // A document too big for one frame comes as raw changes (they start with the Automerge
        // chunk magic, `None` here); everything else is a sync message.
        let mut synced = Vec::with_capacity(messages.len());
        let not_whole = messages.iter().enumerate().filter(|(i, _)| !fresh.contains(i)).map(|(_, m)| m);
        for (id, bytes) in not_whole {
            let message = if bytes.starts_with(&CHUNK_MAGIC) {
                None
            } else {
                Some(sync::Message::decode(bytes).map_err(|_| SyncError::Malformed("sync message"))?)
            };
            synced.push((*id, bytes.as_slice(), message));
        }
        let answered = self.answer_unloaded(&mut synced, states)?;
        self.preload(synced.iter().map(|(id, _, _)| *id))?;
        let mut taken = Vec::with_capacity(messages.len());
        let outcome = (|| -> Result<Vec<(DocId, Vetted)>> {
            // One message a document: each is received with its own sync state, on its own thread.
            let ids: BTreeSet<DocId> = synced.iter().map(|(id, ..)| *id).collect();
            if ids.len() < synced.len() {
                return Err(SyncError::Malformed("a document twice in one round").into());
            }
            for id in &ids {
                states.entry(*id).or_default();
            }
            let mut state_of: BTreeMap<DocId, &mut sync::State> =
                states.iter_mut().filter(|(id, _)| ids.contains(id)).map(|(id, s)| (*id, s)).collect();
            let mut work = Vec::with_capacity(synced.len());
            for (id, bytes, message) in synced {
                let state = state_of.remove(&id).expect("one state for each document, made above");
                let stored = self.take_doc(id)?;
                work.push(Received { id, bytes, message, stored, state, outcome: Ok(None) });
            }
            receive_all(&mut work, self.layout);
            let mut touched = Vec::new();
            for Received { id, stored, outcome, .. } in work {
                taken.push((id, stored));
                if let Some(vetted) = outcome? {
                    touched.push((id, vetted));
                }
            }
            Ok(touched)
        })();
        // On failure the documents may hold changes the file does not: they are dropped.
        let touched = outcome?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let mut applied = Applied::default();
        // Every document's derived rows, refreshed once at the end of the round.
        let mut pending = super::index::Pending::default();
        for (id, stored) in taken.iter_mut() {
            if let Some((_, vetted)) = touched.iter().find(|(t, _)| t == id) {
                let heads = stored.doc.get_heads();
                super::batch::persist(&tx, *id, &vetted.chunk, &heads, &vetted.rows, &mut pending)?;
                applied.docs_changed += 1;
                applied.entities_changed += vetted.entities.len();
            }
            if let Some(state) = states.get(id) {
                save_state(&tx, peer, *id, state)?;
            }
        }
        for id in &answered {
            save_state(&tx, peer, *id, &states[id])?;
        }
        // Contacts whose rows moved with what arrived (a meeting's participants).
        let mut moved = pending.flush(&tx)?;
        let now = self.clock.now_ms();
        let mut whole = Vec::with_capacity(fresh.len());
        for (i, outcome) in loaded {
            let (id, bytes) = (messages[i].0, messages[i].1.as_slice());
            let Loaded { heads, entities, rows } = outcome?;
            moved.extend(super::batch::persist_whole(&tx, id, bytes, &heads, &rows, now)?);
            let state = states.entry(id).or_default();
            in_step_at(state, &heads);
            save_state(&tx, peer, id, state)?;
            applied.docs_changed += 1;
            applied.entities_changed += entities.len();
            applied.whole.push(id);
            whole.push((id, entities));
        }
        tx.commit()?;
        for (id, vetted) in touched {
            self.changed.record(id, vetted.entities);
        }
        self.changed.entities.extend(moved);
        for (id, mut stored) in taken {
            stored.mark_saved();
            self.docs.put(id, stored);
        }
        // A copy loaded before the round (its genesis, for a read) is stale now.
        for (id, entities) in whole {
            drop(self.docs.take(id));
            self.changed.record(id, entities);
        }
        Ok(applied)
    }

    /// Takes out of `synced` the peer's messages that can be received without loading their
    /// documents, and receives them:
    /// - one that only says the peer holds nothing of a document but its genesis, where this
    ///   device has the document stored whole: the reply is then the document as stored, read
    ///   from SQLite (`whole_document`). Each is received against the bare genesis, which leaves
    ///   its sync state as the loaded document would: the message carries no change, names only
    ///   heads both documents hold, and nothing was sent that it could acknowledge. A first sync
    ///   from a full device loaded every bucket for these messages alone.
    /// - one that acknowledges everything this device holds of an unloaded document
    ///   (`unloaded::receive`): the answer to a push of changes only this side made.
    ///
    /// Returns the documents answered so.
    fn answer_unloaded(
        &self,
        synced: &mut Vec<(DocId, &[u8], Option<sync::Message>)>,
        states: &mut BTreeMap<DocId, sync::State>,
    ) -> Result<Vec<DocId>> {
        let mut answered = Vec::new();
        let mut rest = Vec::with_capacity(synced.len());
        for (id, bytes, message) in synced.drain(..) {
            let state = states.entry(id).or_default();
            match message {
                Some(message) if self.only_genesis_held(id, &message, state)? => {
                    crate::doc::genesis(id).sync().receive_sync_message(state, message)?;
                    answered.push(id);
                }
                Some(message)
                    if !self.docs.contains(id) && unloaded::receive(&self.conn, id, state, &message)? =>
                {
                    answered.push(id);
                }
                message => rest.push((id, bytes, message)),
            }
        }
        *synced = rest;
        Ok(answered)
    }

    /// Whether `message` only says the peer holds the genesis of a document this device has
    /// stored whole and not loaded, with nothing sent yet that it could acknowledge.
    fn only_genesis_held(&self, id: DocId, message: &sync::Message, state: &sync::State) -> Result<bool> {
        Ok(message.changes.is_empty()
            && message.heads == genesis_heads(id.family)
            && state.sent_hashes.is_empty()
            && !self.docs.contains(id)
            && documents::has_snapshot(&self.conn, id)?)
    }

    /// True while this device holds nothing of a document but its genesis.
    fn holds_nothing(&self, doc: DocId) -> Result<bool> {
        Ok(match documents::indexed_heads(&self.conn, doc)? {
            None => true,
            Some(heads) => heads == documents::encode_heads(genesis_heads(doc.family)),
        })
    }

    /// A document whole as stored, for a peer that holds nothing of it (no document is loaded);
    /// `None` when it is young enough to sync change by change.
    pub(crate) fn whole_document(&self, doc: DocId) -> Result<Option<(Vec<u8>, Vec<automerge::ChangeHash>)>> {
        documents::stored_whole(&self.conn, doc)
    }

    /// Whether a sync round would load `doc` to answer the peer in `state`: not if it is loaded
    /// already, or if what is stored answers (`unloaded`).
    pub(crate) fn needs_loading_for_sync(&self, doc: DocId, state: &sync::State) -> Result<bool> {
        Ok(!self.docs.contains(doc) && !unloaded::may_answer(&self.conn, doc, state)?)
    }

    /// Records the end of a session: the peer's states and when we last synced.
    pub(crate) fn finish_sync(
        &self,
        peer: &str,
        states: &BTreeMap<DocId, sync::State>,
        sent: u64,
        received: u64,
    ) -> Result<()> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        for (id, state) in states {
            save_state(&tx, peer, *id, state)?;
        }
        tx.execute(
            "INSERT INTO sync_peer (peer, last_sync_at, bytes_sent, bytes_received) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (peer) DO UPDATE SET last_sync_at = excluded.last_sync_at,
                 bytes_sent = excluded.bytes_sent, bytes_received = excluded.bytes_received",
            params![peer, self.clock.now_ms(), sent as i64, received as i64],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records a paired device in the account document (replicated to every device).
    /// Revokes a paired device: it is refused from its next session on, on every device.
    pub fn revoke_device(&mut self, id: &str) -> Result<()> {
        let at = self.clock.now_ms();
        let found = self.write(|b| {
            let found = account::revoke_device(b.doc(DocId::ACCOUNT)?, id, at)?;
            b.touch_settings();
            Ok(found)
        })?;
        found.then_some(()).ok_or_else(|| crate::Error::not_found("device", id))
    }

    /// Paired devices, as the account document lists them.
    pub fn devices(&self) -> Result<Vec<Device>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.name, d.public_key, d.paired_at, d.revoked_at, p.last_sync_at, nullif(e.value, '')
               FROM device d LEFT JOIN sync_peer p ON p.peer = d.id
               LEFT JOIN setting e ON e.key = 'endpoint.' || d.id
              ORDER BY d.paired_at, d.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Device {
                id: r.get(0)?,
                name: r.get(1)?,
                public_key: r.get(2)?,
                paired_at: r.get(3)?,
                revoked_at: r.get(4)?,
                last_sync_at: r.get(5)?,
                endpoint: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many documents hold local changes a peer has not acknowledged yet.
    pub fn pending_for(&self, peer: &str) -> Result<usize> {
        Ok(self.unacknowledged(peer)?.len())
    }
}

/// Whether `bytes` begin with a whole Automerge document (chunk type 0 after the magic and
/// checksum) rather than changes or a sync message.
fn is_whole_document(bytes: &[u8]) -> bool {
    bytes.starts_with(&CHUNK_MAGIC) && bytes.get(8) == Some(&0)
}

/// Loads a document received whole. It must grow from this family's genesis, as every
/// replica's does: one that does not would merge as a second, conflicting set of roots.
fn load_whole(id: DocId, bytes: &[u8]) -> Result<AutoCommit> {
    let mut doc = AutoCommit::load(bytes).map_err(|_| SyncError::Malformed("document"))?;
    if genesis_heads(id.family).iter().any(|h| doc.get_change_by_hash(h).is_none()) {
        return Err(SyncError::Malformed("document without its genesis").into());
    }
    Ok(doc)
}

/// Records, in a sync state, that both sides hold exactly `heads`: nothing is owed either way
/// and nothing needs saying until one side changes.
pub(crate) fn in_step_at(state: &mut sync::State, heads: &[automerge::ChangeHash]) {
    state.shared_heads = heads.to_vec();
    state.last_sent_heads = heads.to_vec();
    state.their_heads = Some(heads.to_vec());
    state.their_need = Some(Vec::new());
    state.their_have = Some(vec![sync::Have { last_sync: heads.to_vec(), bloom: Default::default() }]);
    state.have_responded = true;
    state.in_flight = false;
}

fn save_state(conn: &rusqlite::Connection, peer: &str, doc: DocId, state: &sync::State) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (peer, doc_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (peer, doc_id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![peer, doc.to_string(), state.encode()])?;
    Ok(())
}

impl Store {
    /// One device of the account's list, revoked or not.
    pub fn device(&self, id: &str) -> Result<Option<Device>> {
        Ok(self.devices()?.into_iter().find(|d| d.id == id))
    }

    /// Adds devices to the account's list (replicated); a device already listed keeps its entry.
    pub fn record_devices(&mut self, devices: &[Device]) -> Result<()> {
        self.write(|b| {
            let doc = b.doc(DocId::ACCOUNT)?;
            for d in devices {
                let record = account::DeviceRecord {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    public_key: d.public_key.clone(),
                    paired_at: d.paired_at,
                    revoked_at: d.revoked_at,
                };
                account::put_device(doc, &record)?;
            }
            b.touch_settings();
            Ok(())
        })
    }

    /// The changes of one document after `heads`, in causal order, as raw change chunks: as many
    /// as fit in `budget` bytes, and at least the first (refused above `single` bytes).
    pub(crate) fn changes_within(
        &mut self,
        doc: DocId,
        heads: &[automerge::ChangeHash],
        budget: usize,
        single: usize,
    ) -> Result<Vec<u8>> {
        let mut stored = self.take_doc(doc)?;
        let mut out = Vec::new();
        for change in stored.doc.get_changes(heads) {
            let bytes = change.raw_bytes();
            if out.is_empty() && bytes.len() > single {
                self.docs.put(doc, stored);
                return Err(SyncError::DocumentTooLarge.into());
            }
            if !out.is_empty() && out.len() + bytes.len() > budget {
                break;
            }
            out.extend_from_slice(bytes);
        }
        self.docs.put(doc, stored);
        Ok(out)
    }

    /// A document's heads as the read model reflects them.
    pub(crate) fn doc_heads(&self, doc: DocId) -> Result<Vec<automerge::ChangeHash>> {
        Ok(documents::indexed_heads(&self.conn, doc)?
            .map(|h| documents::decode_heads(&h))
            .unwrap_or_default())
    }

    /// Records that `peer` holds `heads` of a document (learned from its bundle), once this
    /// device holds them too; a sync or bundle to it then starts from there.
    pub(crate) fn acknowledge(
        &mut self,
        peer: &str,
        doc: DocId,
        heads: &[automerge::ChangeHash],
    ) -> Result<()> {
        let mut stored = self.take_doc(doc)?;
        let held = stored.doc.get_missing_deps(heads).is_empty()
            && heads.iter().all(|h| stored.doc.get_change_by_hash(h).is_some());
        self.docs.put(doc, stored);
        if held {
            let mut state = self.sync_state(peer, doc)?;
            state.shared_heads = heads.to_vec();
            save_state(&self.conn, peer, doc, &state)?;
        }
        Ok(())
    }

    /// One document whole, as Automerge bytes.
    #[cfg(feature = "fuzzing")]
    pub(crate) fn document_save(&mut self, doc: DocId) -> Result<Vec<u8>> {
        let mut stored = self.take_doc(doc)?;
        let bytes = stored.doc.save();
        self.docs.put(doc, stored);
        Ok(bytes)
    }

    /// The changes of one document after `heads` (everything when `heads` is empty).
    pub(crate) fn changes_since(&mut self, doc: DocId, heads: &[automerge::ChangeHash]) -> Result<Vec<u8>> {
        let mut stored = self.take_doc(doc)?;
        let bytes = stored.doc.save_after(heads);
        self.docs.put(doc, stored);
        Ok(bytes)
    }

    /// Applies raw Automerge changes (a bundle's, or another writer's) to one document, with the
    /// rows they touch, in one transaction; `None` when nothing was new.
    pub fn apply_changes(&mut self, doc: DocId, bytes: &[u8]) -> Result<Option<usize>> {
        let mut stored = self.take_doc(doc)?;
        // On failure the document may hold changes the file does not: it is dropped, not kept.
        let touched = self.apply_and_store(doc, &mut stored, bytes)?;
        self.docs.put(doc, stored);
        Ok(touched.map(|(touched, moved)| {
            let n = touched.len();
            self.changed.record(doc, touched);
            self.changed.entities.extend(moved);
            n
        }))
    }
}

impl Store {
    /// Documents whose heads the peer has not acknowledged (local changes it has not seen).
    pub(crate) fn unacknowledged(&self, peer: &str) -> Result<Vec<DocId>> {
        let mut out = Vec::new();
        for (id, digest) in self.doc_digests()? {
            if digest == [0u8; 8] {
                continue;
            }
            let ours = documents::indexed_heads(&self.conn, id)?.unwrap_or_default();
            if documents::encode_heads(&self.sync_state(peer, id)?.shared_heads) != ours {
                out.push(id);
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Every document's heads as the read model reflects them (for measuring what changed).
    pub fn heads(&self) -> Result<Vec<(DocId, Vec<automerge::ChangeHash>)>> {
        let mut out = Vec::new();
        for id in self.layout.docs() {
            out.push((
                id,
                documents::indexed_heads(&self.conn, id)?
                    .map(|h| documents::decode_heads(&h))
                    .unwrap_or_default(),
            ));
        }
        Ok(out)
    }

    /// The size of every change made after `heads` (as `heads` returned them): the ideal cost of
    /// telling a peer that had exactly those heads. Loads every document; for benchmarks.
    pub fn bytes_since(&mut self, heads: &[(DocId, Vec<automerge::ChangeHash>)]) -> Result<u64> {
        let mut total = 0;
        for (id, h) in heads {
            total += self.changes_since(*id, h)?.len() as u64;
        }
        Ok(total)
    }

    /// Per changed document: its name, itself at `heads` (saved) and the changes since.
    pub fn changes_per_document(
        &mut self,
        heads: &[(DocId, Vec<automerge::ChangeHash>)],
    ) -> Result<Vec<DocumentChanges>> {
        let mut out = Vec::new();
        for (id, h) in heads {
            let changes = self.changes_since(*id, h)?;
            if changes.is_empty() {
                continue;
            }
            let mut stored = self.take_doc(*id)?;
            let before = stored.doc.fork_at(h).map(|mut d| d.save());
            self.docs.put(*id, stored);
            out.push(DocumentChanges { doc: id.to_string(), before: before?, changes });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ScalarValue};

    use super::*;
    use crate::Error;

    const BUCKET: DocId = DocId { family: Family::Contacts, bucket: 3 };

    fn malformed(outcome: Result<AutoCommit>) -> bool {
        matches!(outcome, Err(Error::Sync(SyncError::Malformed(_))))
    }

    #[test]
    fn a_whole_document_must_grow_from_its_genesis() {
        let mut grown = crate::doc::genesis(BUCKET);
        grown.put(ROOT, "note", ScalarValue::Str("hi".into())).unwrap();
        let bytes = grown.save();
        assert!(is_whole_document(&bytes));
        assert!(load_whole(BUCKET, &bytes).is_ok());

        let mut stranger = AutoCommit::new();
        stranger.put(ROOT, "contacts", ScalarValue::Str("not a map".into())).unwrap();
        assert!(malformed(load_whole(BUCKET, &stranger.save())), "no genesis: a second set of roots");

        let mut damaged = bytes.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 0xff;
        assert!(malformed(load_whole(BUCKET, &damaged)));
        assert!(!is_whole_document(&grown.save_after(genesis_heads(Family::Contacts))));
    }
}
