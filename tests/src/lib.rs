//! Helpers shared by the cross-crate scenario tests in `tests/tests/`. Scenarios reach the core
//! as every shell does: through `Kith`.

use std::path::Path;
use std::sync::Arc;

use kith_core::model::{MeetingKind, NewContact, NewMeeting};
use kith_core::{ContactQuery, FixedClock, Id, Kith, KithOptions, SyncReport};

/// A store on a fixed clock (2026-11-20 09:00 UTC) so runs are repeatable.
pub fn open_store(path: &Path) -> Kith {
    open_store_with(path, Arc::new(FixedClock::new(1_795_165_200_000)))
}

/// Every contact's id, deleted ones too, sorted: what a property test's steps pick from.
pub fn all_contact_ids(s: &Kith) -> Vec<Id> {
    let live = s.contacts(&ContactQuery { limit: 1000, ..Default::default() }).expect("contacts");
    let gone =
        s.contacts(&ContactQuery { deleted: true, limit: 1000, ..Default::default() }).expect("deleted");
    let mut all: Vec<Id> = live.into_iter().chain(gone).map(|c| c.id).collect();
    all.sort();
    all
}

pub fn named(name: &str) -> NewContact {
    NewContact { name: name.to_string(), ..NewContact::default() }
}

/// A networking meeting with `participants`, held now, with nothing else noted.
pub fn meeting_with(participants: Vec<Id>) -> NewMeeting {
    NewMeeting {
        kind: MeetingKind::Networking,
        occurred_at: None,
        participants,
        title: None,
        purpose: None,
        agenda: vec![],
        notes: None,
        outcome: None,
        next_step: None,
        asks: vec![],
    }
}

/// Merges both ways so the two files hold the same changes.
pub fn merge_both_ways(a: &mut Kith, b: &mut Kith) {
    let (pa, pb) = (a.path().to_path_buf(), b.path().to_path_buf());
    a.merge_file(&pb).expect("merge b into a");
    b.merge_file(&pa).expect("merge a into b");
}

/// A store on a clock the test moves.
pub fn open_store_with(path: &Path, clock: Arc<FixedClock>) -> Kith {
    Kith::open_with(path, KithOptions { clock, ..KithOptions::default() }).expect("store opens")
}

pub const DAY_MS: i64 = 86_400_000;

/// Pairs two devices through the real pairing handshake, in memory.
pub fn pair(a: &mut Kith, b: &mut Kith) {
    a.pair_with(b).expect("pairing succeeds");
}

/// Runs one sealed sync session from `a` to `b` in memory.
pub fn sync(a: &mut Kith, b: &mut Kith) -> kith_core::Result<SyncReport> {
    a.sync_with(b)
}

/// Runs a sealed session from `a` to `b` but cuts the link after `frames` frames (a radio link
/// that drops); returns whether the session completed anyway.
pub fn sync_cut_after(a: &mut Kith, b: &mut Kith, frames: usize) -> kith_core::Result<bool> {
    let peer = b.device_id()?;
    let (mut mine, first) = a.start_sync(&peer)?;
    let mut theirs = b.accept_sync()?;
    let mut to_b = Some(first);
    let mut sent = 1;
    while let Some(frame) = to_b.take() {
        if sent > frames {
            return Ok(false);
        }
        let Some(reply) = b.sync_receive(&mut theirs, &frame)? else { break };
        sent += 1;
        if sent > frames {
            return Ok(false);
        }
        to_b = a.sync_receive(&mut mine, &reply)?;
        sent += 1;
    }
    Ok(mine.is_complete() && theirs.is_complete())
}
