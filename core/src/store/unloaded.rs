//! Sync steps for a document that is not loaded, answered from what is stored.
//!
//! Between two syncs most buckets change on one side only. That side pushes the changes after
//! the heads both shared, and the other acknowledges them with its new heads, which are then
//! ours. Automerge needs the document loaded to build the push and to take the acknowledgement
//! (its change graph), and loading a bucket rebuilds all of it: 13 ms at 20k contacts, on both
//! cores, for a push of a few hundred bytes. Yet everything those two steps read is stored: our
//! heads (recorded with the newest stored part) and the changes after the shared heads (the
//! chunks stored after the part recorded at exactly those heads, `documents::Recorded::part_at`).
//!
//! Each function follows `automerge::sync::SyncDoc` (0.12, pinned) step by step for the states
//! it accepts, leaves the sync state as Automerge would, and answers `None` for every other, so
//! the caller loads the document and lets Automerge decide. A test compares both on the same
//! states.

use automerge::sync::{self, BloomFilter, Capability, Have, Message, MessageFlags, MessageVersion};
use automerge::{Change, ChangeHash};
use rusqlite::Connection;

use super::documents::{self, Recorded};
use crate::doc::DocId;
use crate::error::Result;

/// Pushes no bigger than this are built unloaded. Automerge sends a document whole in place of
/// a third of its changes; unloaded we cannot count them, so a long tail is left to it.
const MAX_PUSH_BYTES: usize = 64 * 1024;
const MAX_PUSH_CHANGES: usize = 64;

/// What to send next for a document, decided without loading it.
#[derive(Debug)]
pub(super) enum Next {
    /// Nothing needs saying.
    Silent,
    Send(Message),
}

/// Our next sync message for `doc` where what is stored decides it (`peer_placed`). `None`:
/// load the document.
pub(super) fn next_message(conn: &Connection, doc: DocId, state: &mut sync::State) -> Result<Option<Next>> {
    let recorded = Recorded::read(conn, doc)?;
    let Some(ours) = recorded.newest().cloned() else { return Ok(None) };
    if !peer_placed(state, &ours) {
        return Ok(None);
    }
    // Ours after the shared heads: what our `have` summarises, and what the peer may lack.
    let Some(since_shared) = changes_after(conn, doc, &recorded, &state.shared_heads)? else {
        return Ok(None);
    };
    let peer_holds_ours = state.their_heads.as_ref() == Some(&ours);
    let to_send: Vec<&Change> = if peer_holds_ours {
        Vec::new()
    } else {
        since_shared.iter().filter(|c| !state.sent_hashes.contains(&c.hash())).collect()
    };
    let heads_unchanged = state.last_sent_heads == ours;
    if heads_unchanged && state.have_responded && (peer_holds_ours && to_send.is_empty() || state.in_flight) {
        return Ok(Some(Next::Silent));
    }
    state.have_responded = true;
    state.last_sent_heads.clone_from(&ours);
    state.sent_hashes.extend(to_send.iter().map(|c| c.hash()));
    let version = if state.their_capabilities.as_ref().is_some_and(|c| c.contains(&Capability::MessageV2)) {
        MessageVersion::V2
    } else {
        MessageVersion::V1
    };
    let changes: Vec<Vec<u8>> = match version {
        MessageVersion::V1 => to_send.iter().map(|c| c.raw_bytes().to_vec()).collect(),
        // One chunk of every change, or none at all.
        MessageVersion::V2 if to_send.is_empty() => Vec::new(),
        MessageVersion::V2 => vec![to_send.iter().flat_map(|c| c.raw_bytes().iter().copied()).collect()],
    };
    let mut flags = MessageFlags::new();
    flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
    let have = Have {
        last_sync: state.shared_heads.clone(),
        bloom: BloomFilter::from_hashes(since_shared.iter().map(Change::hash)),
    };
    state.in_flight = true;
    Ok(Some(Next::Send(Message {
        heads: ours,
        need: Vec::new(),
        have: vec![have],
        changes: changes.into(),
        flags: Some(flags),
        version,
    })))
}

/// Whether `state` places the peer where what is stored decides our next message, both sides
/// reading and writing, with no reset pending and nothing asked for:
/// - at our heads: it holds all we hold, so no change of ours is missing from its `have`;
/// - at the shared heads with nothing after them (as `SyncSession` assumes of a peer that
///   acknowledged them and has said nothing newer): it lacks every change of ours after them.
fn peer_placed(state: &sync::State, ours: &[ChangeHash]) -> bool {
    let (Some(their_heads), Some(their_need), Some(their_have)) =
        (&state.their_heads, &state.their_need, &state.their_have)
    else {
        return false;
    };
    let at_shared_with_nothing_after = *their_heads == state.shared_heads
        && matches!(their_have.as_slice(), [Have { last_sync, bloom }]
            if *last_sync == state.shared_heads && *bloom == BloomFilter::default());
    !(state.read_only || state.peer_read_only || state.needs_reset || state.shared_heads.is_empty())
        && their_need.is_empty()
        && (their_heads == ours || at_shared_with_nothing_after)
}

/// Takes the peer's message for `doc` where what is stored decides its effect: it brings no
/// change and names exactly our heads (it acknowledges everything we hold). Returns whether it
/// was taken; if not, the caller loads the document and gives the message to Automerge.
pub(super) fn receive(
    conn: &Connection,
    doc: DocId,
    state: &mut sync::State,
    message: &Message,
) -> Result<bool> {
    if !message.changes.is_empty() || message.heads.is_empty() {
        return Ok(false);
    }
    if Recorded::read(conn, doc)?.newest() != Some(&message.heads) {
        return Ok(false);
    }
    state.in_flight = false;
    if let Some(flags) = message.flags {
        let mut capabilities = vec![Capability::MessageV2];
        if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
            capabilities.push(Capability::SyncReset);
        }
        state.their_capabilities = Some(capabilities);
        state.peer_read_only = flags.contains(MessageFlags::READ_ONLY);
    }
    // Everything we ever sent is ours, so history of our heads, which the peer now holds.
    state.sent_hashes.clear();
    state.last_sent_heads.clone_from(&message.heads);
    state.shared_heads.clone_from(&message.heads);
    state.their_have = Some(message.have.clone());
    state.their_heads = Some(message.heads.clone());
    state.their_need = Some(message.need.clone());
    Ok(true)
}

/// Whether `next_message` may answer for `doc` without loading it: checked before a session
/// loads the documents it will need (the answer itself may still ask for a load, when there is
/// too much to push).
pub(super) fn may_answer(conn: &Connection, doc: DocId, state: &sync::State) -> Result<bool> {
    let recorded = Recorded::read(conn, doc)?;
    Ok(recorded.newest().is_some_and(|ours| peer_placed(state, ours))
        && recorded.part_at(&state.shared_heads).is_some())
}

/// Our stored changes after `shared`, parsed, when they are few enough to push unloaded; `None`
/// when they are not known without loading, or too many. Empty when `shared` are our heads.
fn changes_after(
    conn: &Connection,
    doc: DocId,
    recorded: &Recorded,
    shared: &[ChangeHash],
) -> Result<Option<Vec<Change>>> {
    if recorded.newest().is_some_and(|ours| ours == shared) {
        return Ok(Some(Vec::new()));
    }
    let Some(part) = recorded.part_at(shared) else { return Ok(None) };
    let bytes = documents::parts_after(conn, doc, Some(part))?;
    if bytes.len() > MAX_PUSH_BYTES {
        return Ok(None);
    }
    let Some(changes) = split_changes(&bytes) else { return Ok(None) };
    Ok((changes.len() <= MAX_PUSH_CHANGES).then_some(changes))
}

/// Stored chunks (each an Automerge change, maybe deflated) parsed one by one; `None` if any
/// is not a whole change. Parsing a change does not check its checksum (loading does), so it is
/// checked here: the first four bytes of the change's hash.
fn split_changes(mut bytes: &[u8]) -> Option<Vec<Change>> {
    let mut changes = Vec::new();
    while !bytes.is_empty() {
        let len = chunk_len(bytes)?;
        let change = Change::try_from(&bytes[..len]).ok()?;
        if bytes[4..8] != change.hash().0[..4] {
            return None;
        }
        changes.push(change);
        bytes = &bytes[len..];
    }
    Some(changes)
}

/// The length of the chunk `bytes` begin with: magic and checksum (8 bytes), its type (1), its
/// body's length (LEB128), then the body.
fn chunk_len(bytes: &[u8]) -> Option<usize> {
    let (mut body, mut shift, mut at) = (0usize, 0u32, 9usize);
    loop {
        let byte = *bytes.get(at)?;
        at += 1;
        body |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 35 {
            return None;
        }
    }
    let len = at.checked_add(body)?;
    (len <= bytes.len()).then_some(len)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use automerge::sync::{Capability, SyncDoc};
    use tempfile::TempDir;

    use super::*;
    use crate::clock::FixedClock;
    use crate::doc::Family;
    use crate::model::{ContactPatch, NewContact};
    use crate::store::Store;

    /// A contact whose bucket holds a history of edits, with the heads stored after it and two
    /// more edits after those: what a push after them carries.
    fn edited_after_shared(dir: &TempDir) -> (Store, DocId, Vec<ChangeHash>) {
        let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()));
        let mut s = Store::open_with_clock(dir.path().join("a.db"), clock).unwrap();
        let c = s.add_contact(NewContact { name: "Ana Díaz".into(), ..Default::default() }).unwrap();
        let title = |t: String| ContactPatch { title: Some(Some(t)), ..Default::default() };
        for i in 0..12 {
            s.update_contact(c.id, title(format!("Title {i}"))).unwrap();
        }
        let doc = DocId::for_entity(Family::Contacts, &c.id, s.layout());
        let shared = Recorded::read(&s.conn, doc).unwrap().newest().unwrap().clone();
        s.update_contact(c.id, title("Head of Data".into())).unwrap();
        s.append_notes(c.id, "wants an intro").unwrap();
        s.unload_docs();
        (s, doc, shared)
    }

    /// The state `SyncSession` gives a peer that acknowledged `shared` and said nothing newer.
    fn assumed_at(shared: &[ChangeHash], v2: bool) -> sync::State {
        let mut state = sync::State::new();
        state.shared_heads = shared.to_vec();
        state.their_heads = Some(shared.to_vec());
        state.their_need = Some(Vec::new());
        state.their_have = Some(vec![Have { last_sync: shared.to_vec(), bloom: Default::default() }]);
        if v2 {
            state.their_capabilities = Some(vec![Capability::MessageV2, Capability::SyncReset]);
        }
        state
    }

    #[test]
    fn a_push_and_its_acknowledgement_unloaded_are_what_automerge_makes_of_them() {
        for v2 in [false, true] {
            let dir = TempDir::new().unwrap();
            let (s, doc, shared) = edited_after_shared(&dir);
            let mut loaded = documents::load(&s.conn, doc, &automerge::ActorId::random()).unwrap().doc;
            let (mut unloaded_state, mut automerge_state) =
                (assumed_at(&shared, v2), assumed_at(&shared, v2));

            let Some(Next::Send(push)) = next_message(&s.conn, doc, &mut unloaded_state).unwrap() else {
                panic!("a push after the shared heads is built unloaded")
            };
            let expected = loaded.sync().generate_sync_message(&mut automerge_state).unwrap();
            assert_eq!(push.changes.len(), if v2 { 1 } else { 2 }, "both edits are pushed");
            assert_eq!(push.clone().encode(), expected.clone().encode());
            assert_eq!(unloaded_state, automerge_state);

            // The peer, holding the shared history, takes the push and acknowledges it.
            let mut peer = loaded.fork_at(&shared).unwrap();
            let mut peer_state = sync::State::new();
            peer.sync().receive_sync_message(&mut peer_state, expected).unwrap();
            let ack = peer.sync().generate_sync_message(&mut peer_state).unwrap();
            assert!(ack.changes.is_empty());
            assert!(receive(&s.conn, doc, &mut unloaded_state, &ack).unwrap());
            loaded.sync().receive_sync_message(&mut automerge_state, ack).unwrap();
            assert_eq!(unloaded_state, automerge_state);

            // Both sides hold the same heads now: there is nothing more to say.
            assert!(matches!(next_message(&s.conn, doc, &mut unloaded_state).unwrap(), Some(Next::Silent)));
            assert_eq!(loaded.sync().generate_sync_message(&mut automerge_state), None);
            assert_eq!(unloaded_state, automerge_state);
        }
    }

    #[test]
    fn a_snapshot_at_the_shared_heads_answers_and_one_past_them_does_not() {
        let dir = TempDir::new().unwrap();
        let (mut s, doc, shared) = edited_after_shared(&dir);
        // Compacted after the two edits: the snapshot is recorded past the shared heads, and
        // what follows those is folded into it.
        s.compact().unwrap();
        assert!(next_message(&s.conn, doc, &mut assumed_at(&shared, true)).unwrap().is_none());
        assert!(!may_answer(&s.conn, doc, &assumed_at(&shared, true)).unwrap());
        // A peer at the snapshot's heads is pushed the chunks stored after it.
        let ours = Recorded::read(&s.conn, doc).unwrap().newest().unwrap().clone();
        let contact = s.contacts(&Default::default()).unwrap()[0].id;
        s.append_notes(contact, "after the snapshot").unwrap();
        s.unload_docs();
        let mut state = assumed_at(&ours, true);
        assert!(may_answer(&s.conn, doc, &state).unwrap());
        let Some(Next::Send(push)) = next_message(&s.conn, doc, &mut state).unwrap() else {
            panic!("the chunk after the snapshot is pushed unloaded")
        };
        let mut loaded = documents::load(&s.conn, doc, &automerge::ActorId::random()).unwrap().doc;
        let mut expected_state = assumed_at(&ours, true);
        let expected = loaded.sync().generate_sync_message(&mut expected_state).unwrap();
        assert_eq!((push.encode(), state), (expected.encode(), expected_state));
    }

    /// Stored bytes that are not whole changes (a damaged part) are never pushed: the split
    /// refuses them, so the caller loads the document and Automerge reports the damage.
    #[test]
    fn damaged_stored_changes_are_not_split_into_a_push() {
        let dir = TempDir::new().unwrap();
        let (s, doc, shared) = edited_after_shared(&dir);
        let recorded = Recorded::read(&s.conn, doc).unwrap();
        let tail = documents::parts_after(&s.conn, doc, recorded.part_at(&shared)).unwrap();
        assert_eq!(split_changes(&tail).map(|c| c.len()), Some(2));
        assert!(split_changes(&tail[..tail.len() - 1]).is_none(), "cut short");
        let mut flipped = tail.clone();
        flipped[20] ^= 0xff;
        assert!(split_changes(&flipped).is_none(), "checksum broken");
        assert!(
            split_changes(&[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
                .is_none()
        );
    }

    #[test]
    fn what_storage_cannot_decide_is_left_to_automerge() {
        let dir = TempDir::new().unwrap();
        let (s, doc, shared) = edited_after_shared(&dir);
        // The peer has changes of its own, summarised in its bloom filter.
        let mut state = assumed_at(&shared, true);
        state.their_have = Some(vec![Have {
            last_sync: shared.clone(),
            bloom: BloomFilter::from_hashes([ChangeHash([7; 32])].iter()),
        }]);
        assert!(next_message(&s.conn, doc, &mut state.clone()).unwrap().is_none());
        // Heads no stored part was recorded at: what follows them is not known unloaded.
        let unknown = assumed_at(&[ChangeHash([9; 32])], true);
        assert!(next_message(&s.conn, doc, &mut unknown.clone()).unwrap().is_none());
        assert!(!may_answer(&s.conn, doc, &unknown).unwrap());
        // An answer naming heads this side does not hold, or bringing changes, needs the document.
        let ours = Recorded::read(&s.conn, doc).unwrap().newest().unwrap().clone();
        let mut other = Message {
            heads: vec![ChangeHash([9; 32])],
            need: Vec::new(),
            have: Vec::new(),
            changes: Vec::<Vec<u8>>::new().into(),
            flags: None,
            version: MessageVersion::V2,
        };
        assert!(!receive(&s.conn, doc, &mut state, &other).unwrap());
        other.heads = ours;
        other.changes = vec![vec![1, 2, 3]].into();
        assert!(!receive(&s.conn, doc, &mut state, &other).unwrap());
    }
}
