#![no_main]
//! Any sequence of frames fed to a responder session: typed errors only, and the store stays
//! consistent.

use kith_core::Store;
use kith_core::sync::SyncSession;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("f.db")).expect("store");
    let mut session = SyncSession::respond("fuzzer");
    for frame in data.split(|b| *b == 0xFE) {
        if session.receive(&mut store, frame).is_err() {
            break;
        }
    }
    assert!(store.doctor(false).expect("doctor").is_healthy());
});
