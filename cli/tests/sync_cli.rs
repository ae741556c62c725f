//! The mixer story end to end through the CLI: pair two devices over loopback TCP, edit on
//! both, sync, see the merge; then a revoked device is refused.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

use common::{command as kith, kith as run, ok_json as json};
use serde_json::Value;
use tempfile::TempDir;

fn free_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("127.0.0.1:{}", l.local_addr().unwrap().port())
}

/// Starts a listening command and waits for its first JSON line.
fn listen(db: &Path, args: &[&str]) -> (Child, Value, BufReader<std::process::ChildStdout>) {
    let mut child =
        kith(db).args(args).arg("--json").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    (child, serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}")), reader)
}

fn finish(mut child: Child, mut reader: BufReader<std::process::ChildStdout>) -> String {
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert!(status.success(), "listener failed: {rest}");
    rest
}

#[test]
fn the_mixer_story_over_loopback() {
    let dir = TempDir::new().unwrap();
    let (phone, laptop) = (dir.path().join("phone.db"), dir.path().join("laptop.db"));

    let addr = free_port();
    let (shower, shown, reader) = listen(&phone, &["pair", "--show", "--listen", &addr, "--name", "phone"]);
    let code = shown["code"].as_str().unwrap().to_string();
    let joined = json(&laptop, &["pair", "--join", &code, "--connect", &addr, "--name", "laptop"]);
    finish(shower, reader);
    assert_eq!(joined["paired"]["name"], "phone");
    let phone_id = shown["device_id"].as_str().unwrap().to_string();

    // At the mixer, on the phone.
    let ana = json(&phone, &["add", "--name", "Ana Díaz", "--org", "Acme", "--met-at", "Climate Mixer"]);
    let ana = ana["id"].as_str().unwrap().to_string();
    json(&phone, &["followup", "add", "--what", "Send Ana the deck", "--due", "today", "--contact", &ana]);

    let addr = free_port();
    let (server, ready, reader) = listen(&laptop, &["sync", "--listen", &addr, "--once"]);
    assert_eq!(ready["listening"], addr.as_str());
    let first = json(&phone, &["sync", "--connect", &addr]);
    finish(server, reader);
    assert!(first["entities_changed"].as_u64().unwrap() == 0 || first["bytes_sent"].as_u64().unwrap() > 0);
    assert_eq!(json(&laptop, &["show", &ana])["organization"], "Acme");

    // Both edit offline, then sync again.
    json(&laptop, &["note", &ana, "--append", "Coffee next week"]);
    json(&laptop, &["edit", &ana, "--title", "VP Data"]);
    json(&phone, &["note", &ana, "--append", "Sent the photos"]);
    json(&phone, &["edit", &ana, "--title", "Director of Data"]);
    let addr = free_port();
    let (server, _, reader) = listen(&laptop, &["sync", "--listen", &addr, "--once"]);
    let second = json(&phone, &["sync", "--connect", &addr]);
    finish(server, reader);
    assert!(second["round_trips"].as_u64().unwrap() <= 3, "{second}");
    assert_eq!(second["conflicts"], 1);
    for db in [&phone, &laptop] {
        let notes = json(db, &["show", &ana])["notes"].as_str().unwrap().to_string();
        assert!(notes.contains("Coffee next week") && notes.contains("Sent the photos"), "{notes}");
        assert_eq!(json(db, &["followup", "list"]).as_array().unwrap().len(), 1);
    }
    let devices = json(&phone, &["devices"]);
    assert_eq!(devices["devices"].as_array().unwrap().len(), 2);
    assert_eq!(devices["open_conflicts"], 1);

    // A no-op sync is one small round trip.
    let addr = free_port();
    let (server, _, reader) = listen(&laptop, &["sync", "--listen", &addr, "--once"]);
    let noop = json(&phone, &["sync", "--connect", &addr]);
    finish(server, reader);
    assert_eq!(noop["round_trips"], 1);
    assert!(noop["bytes_sent"].as_u64().unwrap() + noop["bytes_received"].as_u64().unwrap() < 2048, "{noop}");

    // An offline bundle, imported twice, changes things once.
    json(&phone, &["add", "--name", "Ben Okafor"]);
    let laptop_id = json(&laptop, &["devices"])["this_device"].as_str().unwrap().to_string();
    let file = dir.path().join("for-laptop.kith");
    json(&phone, &["bundle", "export", "--for", &laptop_id, "--out", file.to_str().unwrap()]);
    assert!(
        json(&laptop, &["bundle", "import", file.to_str().unwrap()])["entities_changed"].as_u64().unwrap()
            >= 1
    );
    assert_eq!(json(&laptop, &["bundle", "import", file.to_str().unwrap()])["entities_changed"], 0);

    // The laptop revokes the phone: the phone's next session is refused.
    json(&laptop, &["devices", "--revoke", &phone_id]);
    let addr = free_port();
    let (mut server, _, _reader) = listen(&laptop, &["sync", "--listen", &addr, "--once"]);
    let refused = run(&phone, &["sync", "--connect", &addr]);
    assert!(!refused.status.success());
    let status = server.wait().unwrap();
    assert_eq!(status.code(), Some(7), "the listener reports the refusal");
}

#[test]
fn bad_pairing_input_is_refused() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    let out = run(&db, &["pair", "--join", "KITH1NOTACODE", "--connect", "127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let junk = dir.path().join("junk.kith");
    std::fs::write(&junk, "not a bundle").unwrap();
    let out = run(&db, &["bundle", "import", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(8), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&db, &["bundle", "export", "--for", "0123456789abcdef", "--out", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(7), "not a paired device: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&junk).unwrap(), "not a bundle");
    let out = run(&db, &["sync", "--connect", "127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(7), "no paired device: {}", String::from_utf8_lossy(&out.stderr));
}

/// A peer that connects and drops the link before the session ends: the listener reports the
/// session as incomplete (it used to print a summary and exit 0).
#[test]
fn a_session_the_peer_cut_off_is_reported_incomplete() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    let addr = free_port();
    let (mut server, _, _reader) = listen(&db, &["sync", "--listen", &addr, "--once"]);
    drop(std::net::TcpStream::connect(&addr).unwrap());
    let status = server.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(server.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(8), "incomplete is a sync failure: {err}");
    assert!(err.contains("incomplete"), "{err}");
}

/// A listening device serves more than one connection, and a client that sends a byte and then
/// nothing holds only its own connection: a paired device syncs meanwhile (one slow client used
/// to block the single-threaded listener for everyone).
#[test]
fn a_slow_client_does_not_block_a_paired_device() {
    let dir = TempDir::new().unwrap();
    let (phone, laptop) = (dir.path().join("phone.db"), dir.path().join("laptop.db"));
    let addr = free_port();
    let (shower, shown, reader) = listen(&phone, &["pair", "--show", "--listen", &addr, "--name", "phone"]);
    let code = shown["code"].as_str().unwrap().to_string();
    json(&laptop, &["pair", "--join", &code, "--connect", &addr, "--name", "laptop"]);
    finish(shower, reader);
    json(&phone, &["add", "--name", "Ana Díaz"]);

    let addr = free_port();
    let (mut server, _, _reader) = listen(&laptop, &["sync", "--listen", &addr]);
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    std::io::Write::write_all(&mut slow, &[0]).unwrap();
    // The client gives up after 30 s without an answer: behind a blocked listener it failed.
    let synced = run(&phone, &["sync", "--connect", &addr, "--json"]);
    server.kill().unwrap();
    server.wait().unwrap();
    drop(slow);
    assert!(synced.status.success(), "{}", String::from_utf8_lossy(&synced.stderr));
    assert_eq!(json(&laptop, &["list"]).as_array().unwrap().len(), 1);
}

/// Whoever connects first to a shown code no longer spends it: a stranger's connection fails,
/// the device keeps listening, and the code's holder pairs.
#[test]
fn a_stranger_connecting_first_does_not_spend_the_code() {
    let dir = TempDir::new().unwrap();
    let (phone, laptop) = (dir.path().join("phone.db"), dir.path().join("laptop.db"));
    let addr = free_port();
    let (shower, shown, reader) = listen(&phone, &["pair", "--show", "--listen", &addr, "--name", "phone"]);
    let code = shown["code"].as_str().unwrap().to_string();
    let mut stranger = std::net::TcpStream::connect(&addr).unwrap();
    std::io::Write::write_all(&mut stranger, &[0, 0, 0, 5, 1, 2, 3, 4, 5]).unwrap();
    drop(stranger);
    let joined = json(&laptop, &["pair", "--join", &code, "--connect", &addr, "--name", "laptop"]);
    finish(shower, reader);
    assert_eq!(joined["paired"]["name"], "phone");
    assert_eq!(json(&phone, &["devices"])["devices"].as_array().unwrap().len(), 2);
}

/// A lost key file silently became a new identity; now every device command says so and tells
/// the user to pair again.
#[test]
fn a_lost_key_file_is_reported() {
    let dir = TempDir::new().unwrap();
    let (phone, laptop) = (dir.path().join("phone.db"), dir.path().join("laptop.db"));
    let addr = free_port();
    let (shower, shown, reader) = listen(&phone, &["pair", "--show", "--listen", &addr, "--name", "phone"]);
    json(&laptop, &["pair", "--join", shown["code"].as_str().unwrap(), "--connect", &addr]);
    finish(shower, reader);
    let quiet = run(&laptop, &["devices"]);
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("warning"));
    std::fs::remove_file(dir.path().join("laptop.db.key")).unwrap();
    let warned = run(&laptop, &["devices"]);
    assert!(warned.status.success());
    assert!(String::from_utf8_lossy(&warned.stderr).contains("Pair them again"), "{warned:?}");
}
