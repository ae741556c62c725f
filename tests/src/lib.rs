//! Helpers shared by the cross-crate scenario tests in `tests/tests/`.

use std::path::Path;
use std::sync::Arc;

use kith_core::model::NewContact;
use kith_core::{FixedClock, Store};

/// A store on a fixed clock (2026-11-20 09:00 UTC) so runs are repeatable.
pub fn open_store(path: &Path) -> Store {
    let clock = Arc::new(FixedClock::new(1_795_165_200_000));
    Store::open_with_clock(path, clock).expect("store opens")
}

pub fn named(name: &str) -> NewContact {
    NewContact { name: name.to_string(), ..NewContact::default() }
}

/// Merges both ways so the two files hold the same changes.
pub fn merge_both_ways(a: &mut Store, b: &mut Store) {
    let (pa, pb) = (a.path().to_path_buf(), b.path().to_path_buf());
    a.merge_file(&pb).expect("merge b into a");
    b.merge_file(&pa).expect("merge a into b");
}

/// A store on a clock the test moves.
pub fn open_store_with(path: &Path, clock: Arc<FixedClock>) -> Store {
    Store::open_with_clock(path, clock).expect("store opens")
}

pub const DAY_MS: i64 = 86_400_000;

use kith_core::sync::{
    Channel, Identity, Keypair, KkInitiator, Step, SyncSession, SyncStats, device_id_for, respond_kk,
};

/// A device: a store and its identity.
pub struct Device {
    pub store: Store,
    pub identity: Identity,
}

pub fn identity() -> Identity {
    let keypair = Keypair::generate();
    Identity { device_id: device_id_for(&keypair.public), keypair }
}

/// Pairs two devices as a completed pairing handshake would record it.
pub fn pair(a: &mut Device, b: &mut Device) {
    let peer = |d: &Device| kith_core::sync::Peer {
        device_id: d.identity.device_id.clone(),
        name: d.identity.device_id.clone(),
        public_key: d.identity.keypair.public,
    };
    let (pa, pb) = (peer(a), peer(b));
    a.store.record_pairing(&a.identity, &pa.name, &pb).unwrap();
    b.store.record_pairing(&b.identity, &pb.name, &pa).unwrap();
}

/// The initiator's view of a session run in memory.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub stats: SyncStats,
    /// Whether both sides reached the end (false when the connection was dropped).
    pub completed: bool,
}

/// Runs one encrypted sync session from `a` to `b`, passing frames in memory. With
/// `drop_after`, the connection is cut after that many frames.
pub fn sync(a: &mut Device, b: &mut Device, drop_after: Option<usize>) -> kith_core::Result<Run> {
    let key_b = a.store.device_key(&b.identity.device_id)?;
    let (init, first) = KkInitiator::start(&a.identity.keypair, &a.identity.device_id, &key_b)?;
    let (mut chan_b, reply, peer) = respond_kk(&b.identity.keypair, &first, |id| b.store.device_key(id))?;
    let mut chan_a: Channel = init.finish(&reply)?;
    let (mut sa, manifest) = SyncSession::initiate(&mut a.store, &b.identity.device_id)?;
    let mut sb = SyncSession::respond(&peer);
    let mut to_b = Some(chan_a.seal(&manifest)?);
    let mut to_a = None;
    let mut frames = 0;
    loop {
        if drop_after.is_some_and(|limit| frames >= limit) {
            return Ok(Run { stats: sa.stats(), completed: false });
        }
        if let Some(sealed) = to_b.take() {
            frames += 1;
            match sb.receive(&mut b.store, &chan_b.open(&sealed)?)? {
                Step::Send(f) => to_a = Some(chan_b.seal(&f)?),
                Step::Finished => break,
            }
        } else if let Some(sealed) = to_a.take() {
            frames += 1;
            match sa.receive(&mut a.store, &chan_a.open(&sealed)?)? {
                Step::Send(f) => to_b = Some(chan_a.seal(&f)?),
                Step::Finished => break,
            }
        } else {
            break;
        }
    }
    Ok(Run { stats: sa.stats(), completed: sa.is_complete() && sb.is_complete() })
}
