//! Replays every input kept in fuzz/regressions/ (crashes the fuzzers found, and hand-made
//! nasty frames) through the frame decoder and a responder session: typed errors, no panics,
//! a consistent store.

use kith_core::sync::{Frame, SyncSession};
use kith_scenarios::open_store;
use tempfile::TempDir;

#[test]
fn every_kept_input_fails_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut inputs: Vec<_> =
        std::fs::read_dir(&dir).expect("fuzz/regressions exists").map(|e| e.unwrap().path()).collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let tmp = TempDir::new().unwrap();
    let mut store = open_store(&tmp.path().join("r.db"));
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        if let Ok(frame) = Frame::decode(&bytes) {
            assert_eq!(frame.encode(), bytes, "{} does not round-trip", path.display());
        }
        let mut session = SyncSession::respond("replay");
        let _ = session.receive(&mut store, &bytes);
        let mut session = SyncSession::respond("replay");
        let manifest = Frame::Manifest { epoch: 1, digests: vec![], messages: vec![] }.encode();
        session.receive(&mut store, &manifest).unwrap();
        let _ = session.receive(&mut store, &bytes);
    }
    assert!(store.doctor(false).unwrap().is_healthy());
}
