#![no_main]
//! Any sequence of frames fed to a responder session: typed errors only, and the store stays
//! consistent.

use kith_core::Kith;
use kith_core::fuzzing::RawResponder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Kith::open(dir.path().join("f.db")).expect("store");
    let mut session = RawResponder::new("fuzzer");
    for frame in data.split(|b| *b == 0xFE) {
        if session.receive(&mut store, frame).is_err() {
            break;
        }
    }
    assert!(store.doctor(false).expect("doctor").is_healthy());
});
