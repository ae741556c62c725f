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
