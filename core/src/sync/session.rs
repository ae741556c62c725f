//! One sync session with a peer: the protocol's state machine, bytes in and bytes out.
//!
//! The initiator sends a manifest; the responder answers with sync messages for every document
//! whose digest differs (or `done` at once when nothing does: a no-op sync is one round trip).
//! Then both sides alternate rounds until one has nothing more to say. Each received round is
//! stored in one transaction before the answer is produced, so a connection dropped at any point
//! loses nothing, and the next session resumes from the persisted sync states.

use std::collections::{BTreeMap, BTreeSet};

use automerge::sync;

use super::SyncError;
use super::frame::{Frame, MAX_FRAME, MAX_SINGLE, MAX_WHOLE_FRAME};
use crate::doc::{DocId, Family, Layout, genesis_heads};
use crate::error::Result;
use crate::store::{Store, in_step_at};

/// The manifest's epoch names the sender's bucket layout: 1 for the 64 buckets of every account
/// begun before layouts, 2 for 256.
fn epoch_of(layout: Layout) -> u32 {
    match layout {
        Layout::Buckets64 => 1,
        Layout::Buckets256 => 2,
    }
}

fn layout_of(epoch: u32) -> Result<Layout> {
    match epoch {
        1 => Ok(Layout::Buckets64),
        2 => Ok(Layout::Buckets256),
        _ => Err(SyncError::Protocol("the peer's buckets are from an unknown epoch").into()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Responder, before the manifest.
    AwaitManifest,
    /// Exchanging rounds.
    Rounds,
    /// We said `done`; the peer may still answer with more.
    SentDone,
    Finished,
}

/// What to do after receiving a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Send this frame, then wait for the next one.
    Send(Vec<u8>),
    /// Nothing more to send: the session is over.
    Finished,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    pub frames_sent: usize,
    pub frames_received: usize,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    /// What both directions' frames held before compression (the protocol's own size).
    pub plain_bytes: u64,
    /// Documents that differed in the manifest.
    pub docs_differing: usize,
    /// Documents that received changes.
    pub docs_changed: usize,
    /// Documents sent or received whole, for a side holding nothing of them (a new device).
    pub docs_whole: usize,
    pub entities_changed: usize,
}

impl SyncStats {
    /// Counts the traffic of a session's earlier opening (one that changed layouts) in this one.
    fn add(&mut self, earlier: SyncStats) {
        self.frames_sent += earlier.frames_sent;
        self.frames_received += earlier.frames_received;
        self.bytes_sent += earlier.bytes_sent;
        self.bytes_received += earlier.bytes_received;
        self.plain_bytes += earlier.plain_bytes;
    }
}

pub struct SyncSession {
    peer: String,
    initiator: bool,
    phase: Phase,
    states: BTreeMap<DocId, sync::State>,
    active: BTreeSet<DocId>,
    /// Documents sent or received whole this session: both sides hold the same heads, so
    /// there is nothing to generate for them (which would load them) unless the peer speaks.
    settled: BTreeSet<DocId>,
    stats: SyncStats,
}

impl SyncSession {
    /// Starts a session with `peer` (a paired device id); returns the manifest to send.
    pub fn initiate(store: &mut Store, peer: &str) -> Result<(Self, Vec<u8>)> {
        let mut session = Self::new(peer, Phase::Rounds);
        session.initiator = true;
        store.hold_for_session()?;
        // Documents changed since the peer last acknowledged them open the conversation now.
        // One the peer never acknowledged anything of waits for its answer to the manifest: if
        // it holds nothing, it gets the document whole rather than a sync message per bucket
        // (which would load every bucket here to build blooms of every change).
        for id in store.unacknowledged(peer)? {
            if !store.sync_state(peer, id)?.shared_heads.is_empty() {
                session.active.insert(id);
            }
        }
        // The peer acknowledged our shared heads last time: send what follows them right away.
        let changed: Vec<DocId> = session.active.iter().copied().collect();
        session.assume_peer_at_shared_heads(store, &changed)?;
        session.preload(store, changed)?;
        let messages = session.generate(store)?;
        let manifest =
            Frame::Manifest { epoch: epoch_of(store.layout()), digests: store.doc_digests()?, messages };
        let manifest = session.count_sent(&manifest);
        Ok((session, manifest))
    }

    /// Waits for a peer's manifest.
    pub fn respond(peer: &str) -> Self {
        Self::new(peer, Phase::AwaitManifest)
    }

    fn new(peer: &str, phase: Phase) -> Self {
        Self {
            peer: peer.to_string(),
            initiator: false,
            phase,
            states: BTreeMap::new(),
            active: BTreeSet::new(),
            settled: BTreeSet::new(),
            stats: SyncStats::default(),
        }
    }

    pub fn stats(&self) -> SyncStats {
        self.stats
    }

    /// Request/response pairs so far: for the initiator, every frame it received answered one it
    /// sent (a last `done` needs no answer); for the responder, every frame it sent.
    pub fn round_trips(&self) -> usize {
        if self.initiator { self.stats.frames_received } else { self.stats.frames_sent }
    }

    /// True once this side has nothing more to say: the transport may close.
    pub fn is_complete(&self) -> bool {
        matches!(self.phase, Phase::SentDone | Phase::Finished)
    }

    /// Encodes a frame to send, counting it.
    fn count_sent(&mut self, frame: &Frame) -> Vec<u8> {
        let (wire, plain) = frame.encode_counted();
        self.stats.frames_sent += 1;
        self.stats.bytes_sent += wire.len() as u64;
        self.stats.plain_bytes += plain as u64;
        wire
    }

    pub fn receive(&mut self, store: &mut Store, bytes: &[u8]) -> Result<Step> {
        if self.phase == Phase::Finished {
            return Err(SyncError::Protocol("frame after the session finished").into());
        }
        self.stats.frames_received += 1;
        self.stats.bytes_received += bytes.len() as u64;
        let (frame, plain) = Frame::decode_counted(bytes)?;
        self.stats.plain_bytes += plain as u64;
        // Keep every bucket this session touches loaded until it ends.
        store.hold_for_session()?;
        let step = match (self.phase, frame) {
            (Phase::AwaitManifest, Frame::Manifest { epoch, digests, messages }) => {
                let layout = layout_of(epoch)?;
                if layout != store.layout() {
                    if store.holds_bucket_docs()? {
                        // Ours stays: the initiator takes it and opens again if it holds no
                        // bucket, or says why not (`LayoutMismatch`) on the side that asked.
                        let ours = Frame::Manifest {
                            epoch: epoch_of(store.layout()),
                            digests: vec![],
                            messages: vec![],
                        };
                        return Ok(Step::Send(self.count_sent(&ours)));
                    }
                    store.adopt_layout(layout)?;
                }
                let ours: BTreeMap<DocId, [u8; 8]> = store.doc_digests()?.into_iter().collect();
                let theirs: BTreeMap<DocId, [u8; 8]> = digests.into_iter().collect();
                // A zero digest: that side holds nothing of the document but its genesis.
                let holds = |digests: &BTreeMap<DocId, [u8; 8]>, id: &DocId| {
                    digests.get(id).is_some_and(|d| *d != [0; 8])
                };
                self.active = ours
                    .iter()
                    .filter(|(id, d)| theirs.get(id).unwrap_or(&[0; 8]) != *d)
                    .map(|(id, _)| *id)
                    .collect();
                let heard: BTreeSet<DocId> = messages.iter().map(|(id, _)| *id).collect();
                // Where the initiator holds nothing, it gets the document whole.
                for id in self.active.iter().filter(|id| !holds(&theirs, id)) {
                    let state = self.states.entry(*id).or_default();
                    state.their_heads = Some(genesis_heads(id.family).to_vec());
                }
                // Where the peer sent nothing it has changed nothing since it last acknowledged
                // our shared heads: push our changes after them now instead of asking first.
                let quiet: Vec<DocId> =
                    self.active.iter().filter(|id| !heard.contains(id)).copied().collect();
                self.assume_peer_at_shared_heads(store, &quiet)?;
                // Both sides hold something of these: each is loaded here to apply the peer's
                // changes or to answer it (unless what is stored answers), so they load together.
                let both = self.active.iter().copied().filter(|id| holds(&ours, id) && holds(&theirs, id));
                self.preload(store, both.collect())?;
                self.apply(store, messages)?;
                self.stats.docs_differing = self.active.len();
                self.phase = Phase::Rounds;
                self.next_round(store, false)?
            }
            (Phase::Rounds | Phase::SentDone, Frame::Round { done, messages }) => {
                let heard = !messages.is_empty();
                self.apply(store, messages)?;
                self.next_round(store, done && !heard)?
            }
            // The responder keeps another layout and holds buckets.
            (Phase::Rounds, Frame::Manifest { epoch, digests, messages })
                if self.initiator
                    && self.stats.frames_received == 1
                    && digests.is_empty()
                    && messages.is_empty() =>
            {
                let layout = layout_of(epoch)?;
                if layout == store.layout() {
                    return Err(SyncError::Protocol("unexpected manifest").into());
                }
                store.adopt_layout(layout)?;
                let earlier = self.stats;
                let (fresh, manifest) = Self::initiate(store, &self.peer)?;
                *self = fresh;
                self.stats.add(earlier);
                Step::Send(manifest)
            }
            (Phase::AwaitManifest, _) => return Err(SyncError::Protocol("expected a manifest").into()),
            (_, Frame::Manifest { .. }) => return Err(SyncError::Protocol("unexpected manifest").into()),
            (Phase::Finished, _) => unreachable!("checked above"),
        };
        if self.is_complete() {
            store.finish_sync(&self.peer, &self.states, self.stats.bytes_sent, self.stats.bytes_received)?;
            store.release_session()?;
        }
        Ok(step)
    }

    /// Lets Automerge send our changes after the shared heads without first hearing the peer's
    /// heads, for documents where the peer is believed to be exactly there (it acknowledged them
    /// and has said nothing newer). If the belief is wrong, the protocol's next round repairs it.
    fn assume_peer_at_shared_heads(&mut self, store: &Store, docs: &[DocId]) -> Result<()> {
        for id in docs {
            if !self.states.contains_key(id) {
                self.states.insert(*id, store.sync_state(&self.peer, *id)?);
            }
            let state = self.states.get_mut(id).expect("inserted above");
            if state.their_heads.is_none() && !state.shared_heads.is_empty() {
                let shared = state.shared_heads.clone();
                state.their_heads = Some(shared.clone());
                state.their_need = Some(Vec::new());
                state.their_have = Some(vec![sync::Have { last_sync: shared, bloom: Default::default() }]);
            }
        }
        Ok(())
    }

    /// Loads together (`Store::preload`) the documents among `docs` that answering the peer will
    /// load: those what is stored cannot answer for.
    fn preload(&mut self, store: &mut Store, docs: Vec<DocId>) -> Result<()> {
        let mut wanted = Vec::with_capacity(docs.len());
        for id in docs {
            if !self.states.contains_key(&id) {
                self.states.insert(id, store.sync_state(&self.peer, id)?);
            }
            if store.needs_loading_for_sync(id, &self.states[&id])? {
                wanted.push(id);
            }
        }
        store.preload(wanted)
    }

    /// Stores a round's messages (one transaction) and makes their documents active.
    fn apply(&mut self, store: &mut Store, messages: Vec<(DocId, Vec<u8>)>) -> Result<()> {
        for (id, _) in &messages {
            self.settled.remove(id);
            if self.active.insert(*id) {
                self.stats.docs_differing += 1;
            }
            if !self.states.contains_key(id) {
                self.states.insert(*id, store.sync_state(&self.peer, *id)?);
            }
        }
        let applied = store.receive_round(&self.peer, messages, &mut self.states)?;
        self.stats.docs_whole += applied.whole.len();
        self.settled.extend(applied.whole);
        self.stats.docs_changed += applied.docs_changed;
        self.stats.entities_changed += applied.entities_changed;
        Ok(())
    }

    /// Builds the next round from every active document, within the frame cap. `peer_done`: the
    /// peer said it has nothing more, so if we have nothing either, the session is over.
    fn next_round(&mut self, store: &mut Store, peer_done: bool) -> Result<Step> {
        let messages = self.generate(store)?;
        if messages.is_empty() {
            if peer_done {
                self.phase = Phase::Finished;
                return Ok(Step::Finished);
            }
            self.phase = Phase::SentDone;
            let frame = self.count_sent(&Frame::Round { done: true, messages });
            return Ok(Step::Send(frame));
        }
        self.phase = Phase::Rounds;
        let frame = self.count_sent(&Frame::Round { done: false, messages });
        Ok(Step::Send(frame))
    }

    /// The next sync message of every active document that has one, as many as fit a frame.
    fn generate(&mut self, store: &mut Store) -> Result<Vec<(DocId, Vec<u8>)>> {
        let mut messages = Vec::new();
        let mut size = 16;
        // Documents that name contacts go before the contacts' own. A new device receiving
        // everything then builds each contact's derived rows (its search row with its meetings'
        // text, its last touch) once, as the contact arrives, instead of rewriting them for
        // every interactions bucket that names it after.
        let (contacts, naming): (Vec<DocId>, Vec<DocId>) =
            self.active.iter().partition(|id| id.family == Family::Contacts);
        for id in naming.into_iter().chain(contacts) {
            if self.settled.contains(&id) {
                continue;
            }
            if !self.states.contains_key(&id) {
                self.states.insert(id, store.sync_state(&self.peer, id)?);
            }
            let state = self.states.get_mut(&id).expect("inserted above");
            // The peer holds nothing of it but its genesis: the document as stored, whole,
            // loads there in one step instead of replaying its history change by change.
            if state.their_heads.as_deref() == Some(genesis_heads(id.family))
                && let Some((whole, heads)) = store.whole_document(id)?
                && whole.len() <= MAX_SINGLE
            {
                if size + whole.len() + 5 > MAX_WHOLE_FRAME && !messages.is_empty() {
                    break;
                }
                size += whole.len() + 5;
                in_step_at(state, &heads);
                self.settled.insert(id);
                self.stats.docs_whole += 1;
                messages.push((id, whole));
                continue;
            }
            // Generating records what was sent; keep the old state in case it does not fit.
            let before = state.clone();
            let Some(message) = store.sync_message(id, state)? else { continue };
            if size + message.len() + 5 > MAX_FRAME {
                *state = before;
                if messages.is_empty() {
                    // This document alone overflows a frame (large photos): send the changes the
                    // peer lacks as raw changes, as many as fit. The peer's reply announces its
                    // new heads, and the next round sends the rest.
                    let heads = state.their_heads.clone().unwrap_or_else(|| state.shared_heads.clone());
                    let raw = store.changes_within(id, &heads, MAX_FRAME - size - 5, MAX_SINGLE)?;
                    messages.push((id, raw));
                }
                break;
            }
            size += message.len() + 5;
            messages.push((id, message));
        }
        Ok(messages)
    }
}
