//! A writer killed with SIGKILL at random moments never leaves a store that fails to open,
//! fails `doctor`, or lacks a write it reported as committed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use kith_core::{Id, Kith};
use rand::Rng;
use tempfile::TempDir;

#[test]
fn sigkill_at_random_moments_loses_nothing_committed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("crash.db");
    let mut rng = rand::rng();
    let mut committed: Vec<(Id, Option<String>)> = Vec::new();
    for round in 0..50 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("writer starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(5..120)));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        reader.join().unwrap();
        for line in rx.try_iter() {
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
