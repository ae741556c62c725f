//! Capture and interchange through the `kith` binary: a card saved with its event and
//! follow-up, imports previewed and idempotent, exports that re-import, merges undone.

mod common;

use std::path::Path;

use common::{fails_with, ok_json};
use serde_json::Value;
use tempfile::TempDir;

const CARD: &str = "BRIGHTWAVE LABS\nAna Reyes\nHead of Partnerships\nT +1 415 555 0132 | M (415) 555-0187\nana.reyes@brightwave.io\n";

#[test]
fn a_card_is_saved_once_with_its_event_and_follow_up() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    ok_json(&db, &["init", "--region", "US"]);
    let card = dir.path().join("card.txt");
    std::fs::write(&card, CARD).unwrap();
    let draft = ok_json(&db, &["capture", "--text-file", card.to_str().unwrap(), "--dry-run"]);
    assert_eq!(draft["name"]["value"]["full"], "Ana Reyes");
    assert!(draft["phones"][1]["confidence"].as_f64().unwrap() > 0.5);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 0, "a dry run saves nothing");

    let saved = ok_json(
        &db,
        &[
            "capture",
            "--text-file",
            card.to_str().unwrap(),
            "--met-at",
            "SaaStr",
            "--follow-up-by",
            "2026-12-01",
        ],
    );
    assert_eq!(saved["met"]["event"], "SaaStr");
    assert_eq!(saved["phones"][1]["kind"], "mobile");
    assert_eq!(saved["capture"]["follow_up"]["due"], "2026-12-01");
    let again = ok_json(&db, &["capture", "--text-file", card.to_str().unwrap()]);
    assert_eq!(again["capture"]["action"], "duplicate");
    assert_eq!(again["id"], saved["id"]);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 1);

    let qr = ok_json(&db, &["capture", "--qr", "BIZCARD:N:Sean;X:Owen;C:Google;E:srowen@google.com;;"]);
    assert_eq!(qr["organization"], "Google");
    fails_with(&db, &["capture", "--text", "Thank you for visiting!"], 2);
    fails_with(&db, &["capture", "--qr", "hello"], 2);
    fails_with(&db, &["capture", "--text", "x", "--region", "ZZ"], 2);
    let junk = dir.path().join("ocr.json");
    std::fs::write(&junk, "{not json").unwrap();
    fails_with(&db, &["capture", "--lines-json", junk.to_str().unwrap()], 2);
    std::fs::write(&junk, r#"[{"bounds": {"x": 1}}]"#).unwrap();
    fails_with(&db, &["capture", "--lines-json", junk.to_str().unwrap()], 2);
    fails_with(&db, &["capture", "--text-file", card.to_str().unwrap(), "--follow-up-by", "someday"], 2);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 2, "refused captures saved nothing");
}

#[test]
fn imports_preview_merge_and_round_trip_through_export() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    let vcf = dir.path().join("people.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Reyes\nEMAIL:ana@acme.com\nTEL;TYPE=CELL:+1 415 555 0187\nADR;TYPE=WORK:;;500 Howard St;San Francisco;CA;94107;USA\nBDAY:--05-17\nCATEGORIES:climate,saastr\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nN:Okafor;Ben\nEMAIL;INTERNET:ben@brightwave.io\nEND:VCARD\n",
    )
    .unwrap();
    let preview = ok_json(&db, &["import", vcf.to_str().unwrap(), "--dry-run"]);
    assert_eq!(preview["summary"]["added"], 2);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 0);
    let first = ok_json(&db, &["import", vcf.to_str().unwrap()]);
    assert_eq!(first["summary"]["added"], 2);
    let second = ok_json(&db, &["import", vcf.to_str().unwrap()]);
    assert_eq!(
        (second["summary"]["added"].as_u64(), second["summary"]["duplicates"].as_u64()),
        (Some(0), Some(2))
    );

    for format in ["vcard3", "vcard4"] {
        let out = dir.path().join(format!("out-{format}.vcf"));
        ok_json(&db, &["export", "--format", format, "--out", out.to_str().unwrap()]);
        let other = dir.path().join(format!("other-{format}.db"));
        ok_json(&other, &["import", out.to_str().unwrap()]);
        let mut a = ok_json(&db, &["export", "--format", "json"]).as_array().unwrap().clone();
        let mut b = ok_json(&other, &["export", "--format", "json"]).as_array().unwrap().clone();
        for list in [&mut a, &mut b] {
            for c in list.iter_mut() {
                for volatile in ["id", "created_at", "updated_at", "employment"] {
                    c.as_object_mut().unwrap().remove(volatile);
                }
            }
            list.sort_by_key(|c| c["name"]["full"].as_str().unwrap().to_string());
        }
        assert_eq!(a, b, "{format}: export then import keeps every field");
    }

    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, [0u8, 159, 146, 150, 255, 1, 2, 3]).unwrap();
    let before = ok_json(&db, &["export", "--format", "json"]);
    fails_with(&db, &["import", junk.to_str().unwrap()], 2);
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, "Name,Company\nAna,Acme\n").unwrap();
    fails_with(&db, &["import", csv.to_str().unwrap(), "--format", "linkedin-csv"], 2);
    assert_eq!(ok_json(&db, &["export", "--format", "json"]), before, "failed imports changed nothing");
    let nowhere = dir.path().join("no/such/folder/out.vcf");
    fails_with(&db, &["export", "--format", "vcard3", "--out", nowhere.to_str().unwrap()], 1);
    assert!(!nowhere.exists() && !nowhere.with_extension("partial").exists(), "no half-written export");
}

#[test]
fn duplicates_merge_and_unmerge() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    let a = ok_json(&db, &["add", "--name", "Ana Reyes", "--org", "Acme", "--email", "ana@acme.com"]);
    let b = ok_json(&db, &["add", "--name", "Ana  Reyes", "--org", "ACME Inc", "--phone", "+14155550187"]);
    let (a, b) = (a["id"].as_str().unwrap().to_string(), b["id"].as_str().unwrap().to_string());
    let pairs = ok_json(&db, &["duplicates"]);
    assert_eq!(pairs.as_array().unwrap().len(), 1);
    let merged = ok_json(&db, &["merge-contacts", &a, &b]);
    assert_eq!(merged["phones"][0]["e164"], "+14155550187");
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 1);
    let back = ok_json(&db, &["unmerge", &b]);
    assert_eq!(back["merged_into"], Value::Null);
    assert_eq!(ok_json(&db, &["list"]).as_array().unwrap().len(), 2);
    assert_eq!(ok_json(&db, &["show", &a])["phones"].as_array().unwrap().len(), 0);
    fails_with(&db, &["merge-contacts", &a, &a], 2);
    fails_with(&db, &["unmerge", &a], 2);
}

#[test]
fn eval_capture_scores_the_shipped_corpus() {
    let dir = TempDir::new().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/capture-corpus");
    let report = ok_json(&dir.path().join("k.db"), &["eval-capture", corpus.to_str().unwrap()]);
    assert!(report["cards"].as_u64().unwrap() >= 80);
    assert_eq!(report["fields_from_negative_cards"], 0);
    fails_with(&dir.path().join("k.db"), &["eval-capture", dir.path().to_str().unwrap()], 2);
}

/// Sizes are checked before reading: `import /dev/zero` grew until memory ran out and a 3 GB
/// bundle was read whole. Both are refused after reading one byte past their limit. The test
/// stops the process itself if it runs past its bound.
#[test]
fn endless_and_oversized_files_are_refused_without_reading_them_whole() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("k.db");
    for args in [&["import", "/dev/zero"][..], &["bundle", "import", "/dev/zero"][..]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > std::time::Duration::from_secs(60) {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let status = status.unwrap_or_else(|| panic!("{args:?} was still reading after 60 s"));
        assert_eq!(status.code(), Some(2), "{args:?}");
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(err.contains("larger than"), "{args:?}: {err}");
    }
}
