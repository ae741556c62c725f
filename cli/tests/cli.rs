//! The `kith` binary as a user runs it: JSON shapes, exit codes, and that a failed command
//! changes nothing.

mod common;

use std::process::Command;

use common::{fails_with, kith, ok_json};
use serde_json::Value;
use tempfile::TempDir;

#[test]
fn a_contact_goes_through_its_life_with_a_stable_json_shape() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    ok_json(&db, &["init", "--region", "US"]);
    let c = ok_json(
        &db,
        &[
            "add",
            "--name",
            "Ana Díaz",
            "--email",
            "work:ana@acme.io",
            "--phone",
            "(415) 555-2671",
            "--org",
            "Acme",
            "--title",
            "CTO",
            "--tag",
            "climate",
            "--met-at",
            "Climate Mixer",
            "--note",
            "Wants a supplier intro",
        ],
    );
    for key in [
        "id",
        "name",
        "title",
        "organization",
        "emails",
        "phones",
        "websites",
        "tags",
        "met",
        "familiarity",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
        "conflicts",
    ] {
        assert!(c.get(key).is_some(), "missing {key}");
    }
    for key in ["full", "given", "family"] {
        assert!(c["name"].get(key).is_some());
    }
    for key in ["event", "place", "date", "introduced_by"] {
        assert!(c["met"].get(key).is_some());
    }
    assert_eq!(c["phones"][0]["e164"], "+14155552671");
    assert_eq!(c["phones"][0]["raw"], "(415) 555-2671");
    assert_eq!(c["emails"][0], serde_json::json!({"value": "ana@acme.io", "kind": "work"}));
    let id = c["id"].as_str().unwrap().to_string();

    let e =
        ok_json(&db, &["edit", &id, "--title", "CEO", "--add-tag", "vip", "--familiarity", "professional"]);
    assert_eq!(e["title"], "CEO");
    assert_eq!(e["tags"], serde_json::json!(["climate", "vip"]));
    let n = ok_json(&db, &["note", &id, "--append", "Coffee on Friday"]);
    assert_eq!(n["notes"], "Wants a supplier intro\nCoffee on Friday");
    let found = ok_json(&db, &["list", "--search", "diaz"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(ok_json(&db, &["list", "--tag", "vip"]).as_array().unwrap().len(), 1);

    let m = ok_json(
        &db,
        &[
            "meeting",
            "log",
            "--with",
            &id,
            "--kind",
            "coffee",
            "--purpose",
            "catch up",
            "--notes",
            "talked about grid batteries",
        ],
    );
    assert_eq!(m["kind"], "coffee");
    assert_eq!(ok_json(&db, &["list", "--search", "grid batt"]).as_array().unwrap().len(), 1);
    let f = ok_json(&db, &["followup", "add", "--what", "Send the deck", "--due", "today", "--contact", &id]);
    assert_eq!(ok_json(&db, &["followup", "list"]).as_array().unwrap().len(), 1);
    ok_json(&db, &["followup", "done", f["id"].as_str().unwrap()]);
    assert!(ok_json(&db, &["followup", "list"]).as_array().unwrap().is_empty());
    let shown = ok_json(&db, &["show", &id]);
    assert_eq!(shown["meetings"].as_array().unwrap().len(), 1);

    ok_json(&db, &["delete", &id]);
    assert!(ok_json(&db, &["list"]).as_array().unwrap().is_empty());
    assert_eq!(ok_json(&db, &["list", "--deleted"]).as_array().unwrap().len(), 1);
    ok_json(&db, &["restore", &id]);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 1);
    assert_eq!(ok_json(&db, &["doctor"])["healthy"], true);
}

#[test]
fn bad_input_fails_clearly_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    let c = ok_json(&db, &["add", "--name", "Ben"]);
    let id = c["id"].as_str().unwrap().to_string();
    let before = ok_json(&db, &["show", &id]);
    let err = fails_with(&db, &["add", "--name", "Cy", "--email", "not-an-email"], 2);
    assert!(err.contains("e-mail"), "{err}");
    fails_with(&db, &["add", "--name", "   "], 2);
    fails_with(&db, &["add", "--name", "Cy", "--phone", "12", "--region", "US"], 2);
    fails_with(&db, &["add", "--name", "Cy", "--website", "not a url"], 2);
    // A date offset past the calendar (it used to panic with exit 101).
    fails_with(&db, &["followup", "add", "--what", "x", "--due", "+99999999999999"], 2);
    fails_with(&db, &["edit", &id, "--email", "nope"], 2);
    fails_with(&db, &["edit", "not-an-id", "--title", "x"], 2);
    fails_with(&db, &["edit", "01a1c6a0-0000-7000-8000-000000000000", "--title", "x"], 3);
    fails_with(&db, &["delete", "01a1c6a0-0000-7000-8000-000000000000"], 3);
    fails_with(&db, &["followup", "add", "--what", "x", "--due", "someday"], 2);
    fails_with(&db, &["resolve", &id, "title", "--pick", "1"], 2);
    let json_err = kith(&db, &["add", "--name", "Cy", "--email", "bad", "--json"]);
    let body: Value = serde_json::from_slice(&json_err.stderr).unwrap();
    assert_eq!(body["error"]["kind"], "invalid_input");
    assert_eq!(ok_json(&db, &["show", &id]), before);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 1);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, not a database").unwrap();
    fails_with(&text, &["list"], 5);
    fails_with(&db, &["merge", text.to_str().unwrap()], 5);
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "hello, not a database");
    assert_eq!(ok_json(&db, &["show", &id]), before);
}

#[test]
fn two_databases_merge_and_a_conflict_is_resolved_by_pick() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let c = ok_json(&a, &["add", "--name", "Dana"]);
    let id = c["id"].as_str().unwrap().to_string();
    ok_json(&b, &["merge", a.to_str().unwrap()]);
    ok_json(&a, &["edit", &id, "--title", "Partner"]);
    ok_json(&b, &["edit", &id, "--title", "Principal"]);
    ok_json(&a, &["merge", b.to_str().unwrap()]);
    let conflicts = ok_json(&a, &["conflicts"]);
    assert_eq!(conflicts[0]["field"], "title");
    let values: Vec<&str> =
        conflicts[0]["values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let pick = values.iter().position(|v| *v == "Principal").unwrap() + 1;
    fails_with(&a, &["resolve", &id, "title", "--pick", "9"], 2);
    ok_json(&a, &["resolve", &id, "title", "--pick", &pick.to_string()]);
    ok_json(&b, &["merge", a.to_str().unwrap()]);
    for db in [&a, &b] {
        assert!(ok_json(db, &["conflicts"]).as_array().unwrap().is_empty());
        assert_eq!(ok_json(db, &["show", &id])["title"], "Principal");
    }
}

#[test]
fn the_default_database_lives_in_the_data_directory() {
    let home = TempDir::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["add", "--name", "Eve"])
        .env_remove("KITH_DB")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(home.path().join(".local/share/kith/kith.db").exists());
    let env_db = home.path().join("env.db");
    let out =
        Command::new(env!("CARGO_BIN_EXE_kith")).args(["list"]).env("KITH_DB", &env_db).output().unwrap();
    assert!(out.status.success());
    assert!(env_db.exists());
}

#[test]
fn seed_and_tour_run() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("seeded.db");
    let seeded = ok_json(&db, &["seed", "--contacts", "300", "--seed", "3"]);
    assert_eq!(seeded["contacts"], 300);
    assert_eq!(ok_json(&db, &["list", "--limit", "1000"]).as_array().unwrap().len(), 300);
    assert_eq!(ok_json(&db, &["doctor"])["healthy"], true);
    let tour = ok_json(&db, &["tour"]);
    assert_eq!(tour["consistent"], true);
    assert_eq!(tour["conflicts_left"], 0);
    assert_eq!(tour["contact"]["title"], "VP Data");
}

#[test]
fn the_networking_method_from_the_command_line() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("m.db");
    let ana = ok_json(&db, &["add", "--name", "Ana Díaz", "--tag", "climate", "--cadence", "30"]);
    let ana = ana["id"].as_str().unwrap().to_string();
    let m = ok_json(
        &db,
        &["meeting", "log", "--with", &ana, "--kind", "networking", "--template", "--ask", "two names"],
    );
    assert_eq!(m["purpose"], "Learn about their field and gain two more names");
    assert!(m["agenda"][0].as_str().unwrap().contains("not asking you for a job"));
    assert_eq!(m["asks"][0], "two names");
    let meeting = m["id"].as_str().unwrap().to_string();
    let gained =
        ok_json(&db, &["names", "add", "--meeting", &meeting, "--name", "Ben Okafor", "--name", "Chen Wei"]);
    assert_eq!(gained.as_array().unwrap().len(), 2);
    assert_eq!(gained[0]["introducer"], ana.as_str());
    let names = ok_json(&db, &["names", "list"]);
    assert_eq!(names["not_contacted"].as_array().unwrap().len(), 2);
    assert_eq!(names["yield_per_meeting"], 2.0);
    assert_eq!(ok_json(&db, &["meeting", "show", &meeting])["names_gained"].as_array().unwrap().len(), 2);
    let intro = gained[0]["id"].as_str().unwrap().to_string();
    assert_eq!(ok_json(&db, &["names", "status", &intro, "--status", "contacted"])["status"], "contacted");
    assert_eq!(ok_json(&db, &["names", "yield"])["names_gained"], 2);

    let need = ok_json(
        &db,
        &["need", "add", "--contact", &ana, "--what", "a battery engineer", "--review-on", "+14"],
    );
    assert_eq!(need["status"], "open");
    let matched = ok_json(&db, &["match", "job lead: battery engineers at Volta"]);
    assert_eq!(matched[0]["contact_name"], "Ana Díaz");
    ok_json(&db, &["received", "--contact", &ana, "--kind", "advice"]);
    ok_json(&db, &["received", "--contact", &ana, "--kind", "introduction"]);
    let b = ok_json(&db, &["received", "--contact", &ana, "--kind", "favor"]);
    assert!(
        b["reading"].as_str().unwrap().starts_with("You have received 3 things from Ana and given 0"),
        "{b}"
    );
    assert_eq!(ok_json(&db, &["balance", &ana])["received"], 3);
    ok_json(&db, &["gave", "--contact", &ana, "--kind", "information", "--note", "sent the report"]);

    ok_json(
        &db,
        &[
            "followup",
            "add",
            "--what",
            "Recommend Ana",
            "--due",
            "today",
            "--contact",
            &ana,
            "--kind",
            "recommendation",
        ],
    );
    let loops = ok_json(&db, &["loops", "--overdue-after", "5"]);
    assert_eq!(loops[0]["kind"], "recommendation");
    let today = ok_json(&db, &["today"]);
    assert_eq!(today[0]["title"], "Recommend Ana");
    let r = ok_json(
        &db,
        &["referral", "add", "--candidate", gained[1]["contact"].as_str().unwrap(), "--company", "Acme"],
    );
    let rid = r["id"].as_str().unwrap().to_string();
    let r = ok_json(&db, &["referral", "update", &rid, "--status", "hired"]);
    assert_eq!(r["history"].as_array().unwrap().len(), 2);
    assert_eq!(ok_json(&db, &["referral", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(ok_json(&db, &["cadence", "set", &ana, "--tier", "close"])["tier"], "close");
    assert_eq!(ok_json(&db, &["cadence", "tiers", "--close", "21"])["close"], 21);
    assert!(ok_json(&db, &["drifting"]).as_array().unwrap().is_empty());
    let risk = ok_json(&db, &["network", "risk"]);
    assert_eq!(risk["hanging"][0]["count"], 2, "Ben and Chen were reached only through Ana: {risk}");
    let review = ok_json(&db, &["review", "--week"]);
    assert_eq!(review["names_gained"], 2);
    assert_eq!(ok_json(&db, &["meeting", "templates"]).as_array().unwrap().len(), 7);
    let edited = ok_json(&db, &["meeting", "templates", "--kind", "coffee", "--purpose", "Stay close"]);
    assert!(edited.as_array().unwrap().iter().any(|t| t["kind"] == "coffee" && t["purpose"] == "Stay close"));

    let before = ok_json(&db, &["show", &ana]);
    fails_with(&db, &["cadence", "set", &ana, "--days", "0"], 2);
    fails_with(&db, &["names", "introduce", "--by", &ana, "--contact", &ana], 2);
    fails_with(&db, &["need", "add", "--contact", "01a1c6a0-0000-7000-8000-000000000000", "--what", "x"], 3);
    fails_with(&db, &["gave", "--contact", &ana, "--kind", "bribe"], 2);
    fails_with(&db, &["meeting", "log", "--with", &ana, "--at", "2099-01-01"], 2);
    fails_with(&db, &["referral", "update", &rid, "--status", "famous"], 2);
    assert_eq!(ok_json(&db, &["show", &ana]), before);
    fails_with(&db, &["cadence", "tiers", "--close", "0"], 2);
    fails_with(&db, &["loops", "--overdue-after", "0"], 2);
    fails_with(&db, &["meeting", "templates", "--kind", "coffee"], 2);
    fails_with(&db, &["meeting", "templates", "--kind", "brunch", "--purpose", "x"], 2);
    fails_with(&db, &["need", "done", "01a1c6a0-0000-7000-8000-000000000000"], 3);
    fails_with(&db, &["referral", "update", "01a1c6a0-0000-7000-8000-000000000000", "--status", "hired"], 3);
    fails_with(&db, &["names", "status", &intro, "--status", "famous"], 2);
    fails_with(&db, &["balance", "01a1c6a0-0000-7000-8000-000000000000"], 3);
    assert_eq!(ok_json(&db, &["show", &ana]), before);
    let work = ok_json(&db, &["show", &ana, "--work"]);
    assert_eq!(work["personal_notes"], "");
}

/// The demo network reads like a person's: the same seed gives the same network, and every
/// loop and meeting purpose comes from a phrase a person would write.
#[test]
fn the_seeded_network_reads_like_a_real_one_and_repeats_per_seed() {
    let dir = tempfile::TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for db in [&a, &b] {
        ok_json(db, &["seed", "--contacts", "200", "--seed", "7"]);
    }
    let whats = |db: &std::path::Path| -> Vec<String> {
        let loops = ok_json(db, &["followup", "list", "--all"]);
        loops.as_array().unwrap().iter().map(|l| l["what"].as_str().unwrap().to_string()).collect()
    };
    let (wa, wb) = (whats(&a), whats(&b));
    assert_eq!(wa.len(), 20);
    let mut sorted_a = wa.clone();
    let mut sorted_b = wb.clone();
    sorted_a.sort();
    sorted_b.sort();
    assert_eq!(sorted_a, sorted_b, "deterministic per seed");
    let starts = ["Send ", "Intro ", "Recommend ", "Reply to ", "Share the "];
    let owed = [" to send the ", " to intro me ", " to share the ", " to reply about "];
    for what in &wa {
        assert!(
            starts.iter().any(|s| what.starts_with(s)) || owed.iter().any(|o| what.contains(o)),
            "reads like word salad: {what}"
        );
    }
    let today = ok_json(&a, &["today"]);
    assert!(today.as_array().unwrap().iter().any(|t| t["kind"] == "name_to_contact"), "names gained wait");
    let review = ok_json(&a, &["review", "--week"]);
    let trend: u64 =
        review["trend"].as_array().unwrap().iter().map(|w| w["names_gained"].as_u64().unwrap()).sum();
    assert!(trend > 0, "a campaign under way in the last four weeks: {review}");
}

/// `kith backup` and `kith restore --backup` from the command line: the passphrase from a
/// file, a wrong one refused, the store restored into a new place.
#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, new) = (dir.path().join("k.db"), dir.path().join("new.db"));
    ok_json(&db, &["add", "--name", "Ana Díaz"]);
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, "correct horse battery\n").unwrap();
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not the passphrase\n").unwrap();
    let file = dir.path().join("k.kithbackup");
    let file_arg = file.to_str().unwrap();
    ok_json(&db, &["backup", "--out", file_arg, "--passphrase-file", pass.to_str().unwrap()]);
    fails_with(&new, &["restore", "--backup", file_arg, "--passphrase-file", wrong.to_str().unwrap()], 2);
    assert!(!new.exists());
    let restored =
        ok_json(&new, &["restore", "--backup", file_arg, "--passphrase-file", pass.to_str().unwrap()]);
    assert_eq!(restored["contacts"], 1);
    assert_eq!(ok_json(&new, &["list"])[0]["name"]["full"], "Ana Díaz");
    fails_with(&new, &["restore", "--backup", file_arg, "--passphrase-file", pass.to_str().unwrap()], 2);
    // No passphrase at all, a passphrase file that is not there, a folder that is not there:
    // clear errors, and no backup or temporary left behind.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["--db", db.to_str().unwrap(), "backup", "--out", file_arg])
        .env_remove("KITH_PASSPHRASE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let missing = dir.path().join("no-such-file");
    fails_with(&db, &["backup", "--out", file_arg, "--passphrase-file", missing.to_str().unwrap()], 1);
    let nowhere = dir.path().join("no").join("such").join("k.kithbackup");
    fails_with(
        &db,
        &["backup", "--out", nowhere.to_str().unwrap(), "--passphrase-file", pass.to_str().unwrap()],
        1,
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("backup-snapshot") || n.ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}
