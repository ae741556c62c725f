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

use kith_core::sync::{Identity, Keypair, device_id_for};

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

/// Runs one encrypted sync session from `a` to `b` in memory; `drop_after` cuts it.
pub fn sync(
    a: &mut Device,
    b: &mut Device,
    drop_after: Option<usize>,
) -> kith_core::Result<kith_core::sync::LocalRun> {
    kith_core::sync::sync_in_memory(&mut a.store, &a.identity, &mut b.store, &b.identity, drop_after)
}
