//! Sync without addresses through the `kith` binary, on loopback only: devices paired once by
//! invite, a relay from `kith relay`, direct paths disabled; a relay that goes away mid-sync;
//! `--watch` carrying an edit with no command on the other side; three devices where two are
//! never online together. Every process started is stopped by its id, each wait is bounded.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{command as kith, fails_with, kith as run, ok_json as json};
use serde_json::Value;
use tempfile::TempDir;

/// A long-running command, stopped by its id when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a long-running command and reads its first JSON line.
fn start(db: &Path, args: &[&str]) -> (Running, Value) {
    let mut child =
        kith(db).args(args).arg("--json").stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    (Running(child), serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}")))
}

fn names(db: &Path) -> Vec<String> {
    let list = json(db, &["list", "--limit", "10000"]);
    let mut out: Vec<String> =
        list.as_array().unwrap().iter().map(|c| c["name"]["full"].as_str().unwrap().to_string()).collect();
    out.sort();
    out
}

/// Pairs `joiner` with `shower` by invite, directly on loopback (no relay needed to pair).
fn pair(shower: &Path, joiner: &Path) {
    let (showing, shown) = start(shower, &["pair", "--show", "--no-mdns"]);
    let invite = shown["invite"].as_str().unwrap().to_string();
    let joined = json(joiner, &["pair", "--join", &invite, "--no-mdns"]);
    assert!(joined["paired"]["device_id"].is_string());
    drop(showing);
}

fn relay(db: &Path, listen: &str) -> (Running, String) {
    let (running, shown) = start(db, &["relay", "--listen", listen]);
    (running, shown["relay"].as_str().unwrap().to_string())
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn two_devices_sync_through_the_relay_alone_with_no_address_given() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    pair(&a, &b);
    let (_relay, url) = relay(&a, "127.0.0.1:0");
    for db in [&a, &b] {
        json(db, &["init", "--relay", &url]);
    }
    // Concurrent edits, one on each device.
    json(&a, &["add", "--name", "Ana Reyes"]);
    json(&b, &["add", "--name", "Ben Okafor"]);
    let (_watching, _) = start(&a, &["sync", "--watch", "--relay-only"]);
    let synced = json(&b, &["sync", "--relay-only"]);
    let device = &synced["devices"][0];
    assert_eq!(device["synced"], true, "{synced}");
    assert_eq!(device["path"], "relay");
    assert_eq!(names(&a), ["Ana Reyes", "Ben Okafor"]);
    assert_eq!(names(&b), ["Ana Reyes", "Ben Okafor"]);

    // A revoked device is refused, and learns nothing new.
    json(&a, &["add", "--name", "Chen Wei"]);
    let b_id = json(&b, &["devices"])["this_device"].as_str().unwrap().to_string();
    json(&a, &["devices", "--revoke", &b_id]);
    let refused = run(&b, &["sync", "--relay-only", "--json"]);
    assert!(!refused.status.success(), "a revoked device syncs no more");
    assert_eq!(names(&b), ["Ana Reyes", "Ben Okafor"]);
}

#[test]
fn a_relay_gone_mid_sync_fails_clearly_and_the_next_sync_converges() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    pair(&a, &b);
    json(&b, &["seed", "--contacts", "3000", "--meetings", "0"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let (relay_process, url) = relay(&a, &listen);
    for db in [&a, &b] {
        json(db, &["init", "--relay", &url]);
    }
    let (_watching, _) = start(&a, &["sync", "--watch", "--relay-only"]);
    let syncing = kith(&b)
        .args(["sync", "--relay-only", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    drop(relay_process);
    let out = syncing.wait_with_output().unwrap();
    let before = names(&a).len();
    if out.status.success() {
        // The sync beat the kill on this machine: then it was whole.
        assert_eq!(before, 3000);
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not reached") || err.contains("connection"), "a clear error: {err}");
        // Whatever arrived before the cut came in whole rounds: every stored document's rows
        // match its heads (a new device's rounds carry whole buckets, so even all 3,000 may
        // have landed before the last answer was lost).
        assert!(before <= 3000, "{before}");
        assert_eq!(json(&a, &["doctor"])["healthy"], true, "nothing half-applied beyond whole rounds");
    }
    let (_relay_again, _) = relay(&a, &listen);
    let mut last = String::new();
    wait_for("the sync after the relay is back", Duration::from_secs(60), || {
        let out = run(&b, &["sync", "--relay-only", "--json"]);
        last = String::from_utf8_lossy(&out.stderr).to_string();
        out.status.success()
    });
    assert_eq!(names(&a).len(), 3000, "{last}");
    assert_eq!(names(&a), names(&b));
}

#[test]
fn watch_carries_an_edit_and_three_devices_converge_through_the_middle_one() {
    let dir = TempDir::new().unwrap();
    let (a, b, c) = (dir.path().join("a.db"), dir.path().join("b.db"), dir.path().join("c.db"));
    pair(&b, &a);
    pair(&b, &c);
    let (_relay, url) = relay(&b, "127.0.0.1:0");
    for db in [&a, &b, &c] {
        json(db, &["init", "--relay", &url]);
    }
    // B stays up; A's edit reaches it with no command run on B.
    let (_b_watching, _) = start(&b, &["sync", "--watch", "--relay-only"]);
    {
        let (_a_watching, _) = start(&a, &["sync", "--watch", "--relay-only"]);
        json(&a, &["add", "--name", "Ana Reyes"]);
        wait_for("A's edit on B", Duration::from_secs(30), || names(&b).contains(&"Ana Reyes".to_string()));
    }
    // A is gone; C comes online later and gets A's edit through B.
    json(&c, &["add", "--name", "Chen Wei"]);
    let synced = json(&c, &["sync", "--relay-only"]);
    assert!(synced["devices"].as_array().unwrap().iter().any(|d| d["synced"] == true), "{synced}");
    assert_eq!(names(&c), ["Ana Reyes", "Chen Wei"]);
    assert_eq!(names(&b), ["Ana Reyes", "Chen Wei"]);
}

#[test]
fn bad_networking_input_is_refused_clearly_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    json(&db, &["add", "--name", "Ana Reyes"]);
    let err = fails_with(&db, &["pair", "--join", "kith:pair/nonsense"], 2);
    assert!(err.contains("pairing invite"), "{err}");
    let err = fails_with(&db, &["pair"], 2);
    assert!(err.contains("--show"), "{err}");
    let err = fails_with(&db, &["init", "--relay", "ftp://relay.example"], 2);
    assert!(err.contains("URL"), "{err}");
    let err = fails_with(&db, &["relay", "--listen", "not an address"], 2);
    assert!(err.contains("listen"), "{err}");
    assert!(json(&db, &["init"])["relay"].is_null(), "a refused relay was not saved");
    // With no paired device, a sync says so and succeeds: nothing to do is not a failure.
    assert_eq!(json(&db, &["sync", "--no-mdns"])["devices"], serde_json::json!([]));
    assert_eq!(names(&db), ["Ana Reyes"]);
}
