//! Replays every input kept in fuzz/regressions/ (crashes the fuzzers found, and hand-made
//! nasty frames) through the frame decoder and a responder session: typed errors, no panics,
//! a consistent store.

use kith_core::fuzzing::RawResponder;
use kith_core::sync::Frame;
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
        let mut session = RawResponder::new("replay");
        let _ = session.receive(&mut store, &bytes);
        let mut session = RawResponder::new("replay");
        let manifest = Frame::Manifest { epoch: 2, digests: vec![], messages: vec![] }.encode();
        session.receive(&mut store, &manifest).unwrap();
        let _ = session.receive(&mut store, &bytes);
    }
    assert!(store.doctor(false).unwrap().is_healthy());
}

/// Every capture parser on one input: a typed result, never a panic.
fn read_everything(bytes: &[u8]) {
    use kith_core::capture::{CardLine, qr, read_card};
    use kith_core::interchange::{self, Format, mecard};
    for format in [None, Some(Format::VCard), Some(Format::MeCard), Some(Format::LinkedInCsv)] {
        let _ = interchange::read(bytes, format);
    }
    let text = String::from_utf8_lossy(bytes);
    let _ = mecard::read(&text);
    let _ = qr::read_qr(&text);
    let lines: Vec<CardLine> = text.lines().map(CardLine::plain).collect();
    let _ = read_card(&lines, Some("US"));
    let _ = read_card(&lines, None);
    if let Ok(drafts) = interchange::read(bytes, None) {
        for d in drafts {
            let _ = d.to_new_contact(Some("DE"), None, None);
        }
    }
}

#[test]
fn capture_inputs_fail_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions-capture");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/regressions-capture exists")
        .map(|e| e.unwrap().path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10);
    for path in inputs {
        read_everything(&std::fs::read(&path).unwrap());
    }
}

mod capture_properties {
    use proptest::prelude::*;

    /// Text made of the tokens parsers branch on, so random inputs reach deep paths.
    fn vcardish() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "BEGIN:VCARD",
            "END:VCARD",
            "VERSION:2.1",
            "FN:",
            "N:",
            ";",
            ":",
            ",",
            "=",
            "=0D=0A",
            "\\",
            "\\n",
            "ENCODING=QUOTED-PRINTABLE",
            "CHARSET=SHIFT_JIS",
            "CHARSET=ISO-8859-1",
            "TYPE=",
            "\"",
            "item1.",
            "TEL",
            "EMAIL",
            "ADR",
            "PHOTO;ENCODING=b",
            "data:image/jpeg;base64,",
            "/9j/",
            "BDAY:--",
            "\n",
            "\r\n",
            " ",
            "\t",
            "MECARD:",
            "BIZCARD:",
            "+1 415",
            "555",
            "0",
            "O",
            "l",
            "ext.",
            "〒",
            "株式会社",
            "Ana",
            "Reyes",
            "@",
            ".com",
            "in/",
            "www.",
            "é",
            "\u{feff}",
            "\u{0301}",
        ]);
        prop::collection::vec(token, 0..60).prop_map(|t| t.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn structured_noise_never_panics(text in vcardish()) {
            super::read_everything(text.as_bytes());
        }

        #[test]
        fn raw_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            super::read_everything(&bytes);
        }
    }
}
