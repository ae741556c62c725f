//! The exchange at an event through the `kith` binary: my card as a QR code and a .vcf that
//! another store scans, an event session with its lobby review, bulk actions, and bad input.

mod common;

use common::{fails_with, kith, ok_json};
use tempfile::TempDir;

#[test]
fn my_card_is_shown_as_a_qr_code_and_scanned_by_another_store() {
    let dir = TempDir::new().unwrap();
    let me = dir.path().join("me.db");
    ok_json(&me, &["init", "--region", "US"]);
    let set = ok_json(
        &me,
        &[
            "card",
            "set",
            "--name",
            "Ana Reyes",
            "--org",
            "Brightwave Labs",
            "--phone",
            "(415) 555-0132",
            "--email",
            "ana@brightwave.io",
        ],
    );
    assert_eq!(set["phones"][0], "+14155550132");
    ok_json(
        &me,
        &["card", "set", "--profile", "personal", "--name", "Ana Reyes", "--phone", "+1 415 555 0199"],
    );
    assert_eq!(ok_json(&me, &["card", "list"]), serde_json::json!(["personal", "professional"]));
    let vcf = dir.path().join("ana.vcf");
    let shown = ok_json(&me, &["card", "show", "--vcf", vcf.to_str().unwrap()]);
    assert_eq!(shown["qr"]["ecc"], "M");
    assert!(shown["qr"]["version"].as_i64().unwrap() <= 11);
    let qr = shown["qr"]["text"].as_str().unwrap();
    let drawn = kith(&me, &["card", "show", "--qr"]);
    assert!(String::from_utf8_lossy(&drawn.stdout).contains('▀'), "a terminal QR code is drawn");

    let other = dir.path().join("other.db");
    let saved = ok_json(&other, &["capture", "--qr", qr]);
    assert_eq!(saved["name"]["full"], "Ana Reyes");
    assert_eq!(saved["organization"], "Brightwave Labs");
    assert_eq!(saved["phones"][0]["e164"], "+14155550132");
    let imported = ok_json(&other, &["import", vcf.to_str().unwrap()]);
    assert_eq!(
        imported["summary"]["added"].as_u64().unwrap() + imported["summary"]["duplicates"].as_u64().unwrap(),
        1
    );

    let err = fails_with(&me, &["card", "set", "--name", "Ana", "--email", "nope"], 2);
    assert!(err.contains("e-mail"), "{err}");
    let err = fails_with(&me, &["card", "show", "--profile", "nobody"], 3);
    assert!(err.contains("card profile"), "{err}");
}

#[test]
fn an_event_session_its_review_and_bulk_actions() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    ok_json(&db, &["init", "--region", "US"]);
    ok_json(&db, &["event", "start", "SaaStr", "--place", "San Mateo"]);
    assert_eq!(ok_json(&db, &["event", "show"])["event"], "SaaStr");
    let ben = ok_json(&db, &["add", "--name", "Ben Okafor", "--email", "ben@brightwave.io"]);
    assert_eq!(ben["met"]["event"], "SaaStr");
    let chen = ok_json(&db, &["capture", "--text", "Chen Wei / Globex / +1 212 555 0187"]);
    assert_eq!(chen["met"]["place"], "San Mateo");
    let review = ok_json(&db, &["event", "review"]);
    assert_eq!(review["people"].as_array().unwrap().len(), 2);
    assert!(
        review["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["missing"].as_array().unwrap().contains(&"e-mail".into()))
    );
    assert_eq!(ok_json(&db, &["review"])["events"], 1);
    assert_eq!(ok_json(&db, &["event", "stop"])["stopped"], "SaaStr");
    assert!(ok_json(&db, &["add", "--name", "Dana Lee"])["met"]["event"].is_null());

    let tagged = ok_json(&db, &["bulk", "--met-at", "SaaStr", "--add-tag", "saastr-2026"]);
    assert_eq!((tagged["selected"].as_u64(), tagged["changed"].as_u64()), (Some(2), Some(2)));
    let ids = format!("{},{}", ben["id"].as_str().unwrap(), chen["id"].as_str().unwrap());
    assert_eq!(ok_json(&db, &["bulk", "--ids", &ids, "--cadence", "30"])["changed"], 2);
    assert_eq!(ok_json(&db, &["bulk", "--ids", &ids, "--tier", "close"])["changed"], 2);
    assert_eq!(ok_json(&db, &["bulk", "--tag", "saastr-2026", "--delete"])["changed"], 2);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 1);
    assert_eq!(ok_json(&db, &["bulk", "--deleted", "--restore"])["changed"], 2);

    // Bad input: a clear error and nothing changed.
    fails_with(&db, &["bulk", "--ids", "not-an-id", "--delete"], 2);
    fails_with(&db, &["bulk", "--tag", "saastr-2026", "--cadence", "0"], 2);
    fails_with(&db, &["bulk", "--add-tag", "x"], 2);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 3);
}
