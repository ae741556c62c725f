//! A writer killed with SIGKILL at random moments never leaves a store that fails to open,
//! fails `doctor`, or lacks a write it reported as committed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use kith_core::{Id, Kith};
use rand::Rng;
use tempfile::TempDir;

/// Runs a helper, SIGKILLs it after `ms` milliseconds, and returns what it printed (each line
/// printed only after what it reports committed).
fn killed_after(mut command: Command, ms: u64) -> Vec<String> {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("helper starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(ms));
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    reader.join().unwrap();
    rx.try_iter().collect()
}

#[test]
fn sigkill_at_random_moments_loses_nothing_committed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("crash.db");
    let mut rng = rand::rng();
    let mut committed: Vec<(Id, Option<String>)> = Vec::new();
    for round in 0..50 {
        let mut writer = Command::new(env!("CARGO_BIN_EXE_crash_writer"));
        writer.arg(&db);
        for line in killed_after(writer, rng.random_range(5..120)) {
            let mut parts = line.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("add"), Some(id), None) => committed.push((id.parse().unwrap(), None)),
                (Some("note"), Some(id), Some(text)) => {
                    committed.push((id.parse().unwrap(), Some(text.to_string())))
                }
                _ => panic!("unexpected writer output"),
            }
        }
        let mut store = Kith::open(&db).unwrap_or_else(|e| panic!("round {round}: store does not open: {e}"));
        let report = store.doctor(false).unwrap();
        assert!(report.is_healthy(), "round {round}: {:?}", report.problems);
        for (id, note) in &committed {
            let c =
                store.contact(*id).unwrap_or_else(|e| panic!("round {round}: committed contact lost: {e}"));
            if let Some(note) = note {
                assert!(c.notes.contains(note.as_str()), "round {round}: committed note lost");
            }
        }
    }
    assert!(committed.len() > 50, "the writer made progress: {}", committed.len());
}

/// Two paired stores syncing frame by frame, killed with SIGKILL at random moments, 50 times:
/// both always open and pass `doctor`, no committed write is lost on its own side, whatever a
/// completed session delivered is on both, and a last sync converges them.
#[test]
fn sigkill_during_sync_rounds_loses_nothing_acknowledged() {
    let dir = TempDir::new().unwrap();
    let (a_db, b_db) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let mut rng = rand::rng();
    let (mut on_a, mut on_b, mut delivered): (Vec<Id>, Vec<Id>, Vec<Id>) =
        (Vec::new(), Vec::new(), Vec::new());
    let mut sessions = 0;
    for round in 0..50 {
        let mut syncer = Command::new(env!("CARGO_BIN_EXE_crash_syncer"));
        syncer.arg(&a_db).arg(&b_db);
        let mut pending = Vec::new();
        for line in killed_after(syncer, rng.random_range(20..200)) {
            match line.split_once(' ') {
                Some(("add-a", id)) => {
                    let id: Id = id.parse().unwrap();
                    on_a.push(id);
                    pending.push(id);
                }
                Some(("add-b", id)) => {
                    let id: Id = id.parse().unwrap();
                    on_b.push(id);
                    pending.push(id);
                }
                None if line == "synced" => {
                    sessions += 1;
                    delivered.append(&mut pending);
                }
                _ => panic!("unexpected syncer output: {line}"),
            }
        }
        let mut a = Kith::open(&a_db).unwrap_or_else(|e| panic!("round {round}: a does not open: {e}"));
        let mut b = Kith::open(&b_db).unwrap_or_else(|e| panic!("round {round}: b does not open: {e}"));
        for (name, k) in [("a", &mut a), ("b", &mut b)] {
            let report = k.doctor(false).unwrap();
            assert!(report.is_healthy(), "round {round}: {name}: {:?}", report.problems);
        }
        for id in &on_a {
            assert!(a.contact(*id).is_ok(), "round {round}: a lost its own committed contact");
        }
        for id in &on_b {
            assert!(b.contact(*id).is_ok(), "round {round}: b lost its own committed contact");
        }
        for id in &delivered {
            assert!(
                a.contact(*id).is_ok() && b.contact(*id).is_ok(),
                "round {round}: a synced contact is missing"
            );
        }
    }
    assert!(sessions > 10, "sessions completed: {sessions}");
    let mut a = Kith::open(&a_db).unwrap();
    let mut b = Kith::open(&b_db).unwrap();
    assert!(a.sync_with(&mut b).unwrap().complete);
    assert!(b.sync_with(&mut a).unwrap().complete);
    assert_eq!(a.diagnostics().read_model_dump().unwrap(), b.diagnostics().read_model_dump().unwrap());
    for id in on_a.iter().chain(&on_b) {
        assert!(a.contact(*id).is_ok() && b.contact(*id).is_ok());
    }
}
