//! Files as real exporters write them, each reproduced by a fixture written here: charsets
//! without a `CHARSET`, cards missing `END:VCARD`, national numbers, name-less cards, the
//! properties Kith has no field for, dialling pauses; and exports that readers take as written.

use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE, WINDOWS_1252};
use kith_core::interchange::{self, Format};
use kith_core::model::{Contact, OtherField};
use kith_core::{ContactQuery, Error, ExportFormat, ImportOptions, InvalidInput, Kith};
use kith_scenarios::open_store;
use tempfile::TempDir;

fn store(dir: &TempDir) -> Kith {
    open_store(&dir.path().join("k.db"))
}

/// Imports `bytes` with the account region `region` and returns every contact, by name.
fn import(bytes: &[u8], region: &str) -> (Vec<Contact>, Vec<String>) {
    let dir = TempDir::new().unwrap();
    let mut kith = store(&dir);
    kith.set_default_region(region).unwrap();
    let report = kith.import_contacts(bytes, None, &ImportOptions::default(), false, &mut |_, _| {}).unwrap();
    let warnings = report.items.iter().flat_map(|i| i.warnings.clone()).collect();
    (kith.contacts(&ContactQuery::default()).unwrap(), warnings)
}

fn one(bytes: &[u8]) -> Contact {
    let (contacts, _) = import(bytes, "US");
    assert_eq!(contacts.len(), 1, "{contacts:?}");
    contacts.into_iter().next().unwrap()
}

const AMELIE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lefèvre;Amélie\r\nFN:Amélie Lefèvre\r\nORG:Crédit Agricole\r\nEND:VCARD\r\n";

#[test]
fn windows_1252_and_latin_1_without_a_charset() {
    // Outlook: raw cp1252 bytes, no CHARSET anywhere.
    let (raw, _, _) = WINDOWS_1252.encode(AMELIE);
    assert_eq!(one(&raw).name.full, "Amélie Lefèvre");
    // Outlook 2.1: quoted-printable over cp1252, no CHARSET.
    let qp = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;Am=E9lie\r\nFN;ENCODING=QUOTED-PRINTABLE:Am=E9lie Lef=E8vre\r\nEND:VCARD\r\n";
    assert_eq!(one(qp).name.full, "Amélie Lefèvre");
    // Latin-1 (ISO-8859-1) has the same letters at the same bytes.
    let latin1: Vec<u8> =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Groß\r\nORG:Müller & Söhne\r\nEND:VCARD\r\n"
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
    let c = one(&latin1);
    assert_eq!((c.name.full.as_str(), c.organization.as_deref()), ("Jürgen Groß", Some("Müller & Söhne")));
}

#[test]
fn shift_jis_without_a_charset() {
    let card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:山田;太郎\r\nFN:山田 太郎\r\nORG:株式会社サンプル商事\r\nTITLE:営業部長\r\nNOTE:東京で会った。来月また連絡する。\r\nEND:VCARD\r\n";
    let (bytes, _, _) = SHIFT_JIS.encode(card);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is not UTF-8");
    let c = one(&bytes);
    assert_eq!(c.name.full, "山田 太郎");
    assert_eq!(c.organization.as_deref(), Some("株式会社サンプル商事"));
}

#[test]
fn utf8_with_and_without_a_byte_order_mark() {
    assert_eq!(one(AMELIE.as_bytes()).name.full, "Amélie Lefèvre");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), AMELIE.as_bytes()].concat();
    assert_eq!(one(&with_bom).name.full, "Amélie Lefèvre");
}

fn utf16(encoding: &'static encoding_rs::Encoding, text: &str, bom: bool) -> Vec<u8> {
    // encoding_rs encodes only to UTF-8 for UTF-16 labels; write the code units by hand.
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = Vec::new();
    if bom {
        out.extend(if encoding == UTF_16LE { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for u in units {
        out.extend(if encoding == UTF_16LE { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn utf16_little_and_big_endian_with_and_without_a_byte_order_mark() {
    for encoding in [UTF_16LE, UTF_16BE] {
        for bom in [true, false] {
            let bytes = utf16(encoding, AMELIE, bom);
            let c = one(&bytes);
            assert_eq!(c.name.full, "Amélie Lefèvre", "{} bom={bom}", encoding.name());
            assert_eq!(c.organization.as_deref(), Some("Crédit Agricole"));
        }
    }
}

#[test]
fn a_card_missing_its_end_does_not_swallow_the_next() {
    let file = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Reyes\r\nEMAIL:ana@acme.com\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nEMAIL:ben@brightwave.io\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chen Wei\r\nEND:VCARD\r\n";
    let (contacts, warnings) = import(file.as_bytes(), "US");
    let mut names: Vec<(String, Vec<String>)> = contacts
        .iter()
        .map(|c| (c.name.full.clone(), c.emails.iter().map(|e| e.value.clone()).collect()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            ("Ana Reyes".into(), vec!["ana@acme.com".into()]),
            ("Ben Okafor".into(), vec!["ben@brightwave.io".into()]),
            ("Chen Wei".into(), vec![]),
        ]
    );
    assert!(warnings.iter().any(|w| w.contains("END:VCARD")), "{warnings:?}");
}

#[test]
fn a_national_number_takes_the_cards_own_country() {
    // Its other number's country code first: the account region (FR) does not apply.
    let apple = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Lee\r\nTEL;TYPE=CELL:+1 617 555 0100\r\nitem1.TEL:(617) 555-0199\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nEND:VCARD\r\n";
    let (c, _) = import(apple.as_bytes(), "FR");
    let e164: Vec<Option<&str>> = c[0].phones.iter().map(|p| p.e164.as_deref()).collect();
    assert_eq!(e164, vec![Some("+16175550100"), Some("+16175550199")]);
    assert_eq!(c[0].phones[1].kind.as_deref(), Some("other"), "the X-ABLabel became the kind");
    // Then its address's country.
    let berlin = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonas Weber\r\nTEL;TYPE=WORK:030 1234567\r\nADR;TYPE=WORK:;;Unter den Linden 1;Berlin;;10117;Deutschland\r\nEND:VCARD\r\n";
    let (c, _) = import(berlin.as_bytes(), "US");
    assert_eq!(c[0].phones[0].e164.as_deref(), Some("+49301234567"));
    // Then the account's region.
    let plain = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Martin\r\nTEL:01 42 68 53 00\r\nEND:VCARD\r\n";
    let (c, _) = import(plain.as_bytes(), "FR");
    assert_eq!(c[0].phones[0].e164.as_deref(), Some("+33142685300"));
}

#[test]
fn a_card_without_a_name_is_kept_and_marked() {
    let file = "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+1 415 555 0132\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:front-desk@acme.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nORG:Globex\r\nTEL:+1 212 555 0187\r\nEND:VCARD\r\n";
    let (contacts, _) = import(file.as_bytes(), "US");
    let mut names: Vec<&str> = contacts.iter().map(|c| c.name.full.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["+1 415 555 0132", "Globex", "front-desk@acme.com"]);
    assert!(contacts.iter().all(|c| c.tags.contains(&"needs-name".to_string())));
}

const RICH: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tanaka;Yuki;;;\r\nFN:Yuki Tanaka\r\nX-PHONETIC-FIRST-NAME:ユキ\r\nX-PHONETIC-LAST-NAME:タナカ\r\nNICKNAME:Yu\r\nORG:Acme;Research;Robotics\r\nTITLE:Lead\r\nitem1.EMAIL;type=INTERNET:yuki@acme.com\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nIMPP;X-SERVICE-TYPE=Skype:skype:yuki.t\r\nitem2.X-ABRELATEDNAMES:Kenji Tanaka\r\nitem2.X-ABLabel:_$!<Spouse>!$_\r\nANNIVERSARY:2015-06-20\r\nX-TWITTER:@yukit\r\nTEL;TYPE=WORK:+1 415 555 0100p123\r\nEND:VCARD\r\n";

#[test]
fn properties_without_a_field_are_kept_and_exported_back() {
    let (contacts, warnings) = import(RICH.as_bytes(), "US");
    let c = &contacts[0];
    assert_eq!(c.name.phonetic.as_deref(), Some("ユキ タナカ"));
    assert_eq!(c.emails[0].kind.as_deref(), Some("work"));
    let field = |property: &str, label: Option<&str>, value: &str| OtherField {
        property: property.into(),
        label: label.map(str::to_string),
        value: value.into(),
    };
    for want in [
        field("NICKNAME", None, "Yu"),
        field("ORG", Some("unit"), "Research"),
        field("ORG", Some("unit"), "Robotics"),
        field("IMPP", Some("skype"), "skype:yuki.t"),
        field("RELATED", Some("spouse"), "Kenji Tanaka"),
        field("ANNIVERSARY", None, "2015-06-20"),
        field("X-TWITTER", None, "@yukit"),
    ] {
        assert!(c.other_fields.contains(&want), "{want:?} in {:?}", c.other_fields);
    }
    // A pause before digits is an extension, said so.
    assert_eq!(c.phones[0].e164.as_deref(), Some("+14155550100;ext=123"));
    assert!(warnings.iter().any(|w| w.contains("kept as extension 123")), "{warnings:?}");

    // Every kept value survives an export and an import in both versions.
    let dir = TempDir::new().unwrap();
    let mut kith = store(&dir);
    kith.import_contacts(RICH.as_bytes(), None, &ImportOptions::default(), false, &mut |_, _| {}).unwrap();
    for format in [ExportFormat::VCard3, ExportFormat::VCard4] {
        let out = kith.export_contacts(format).unwrap();
        assert!(out.contains("ORG:Acme;Research;Robotics"), "{out}");
        let (again, _) = import(out.as_bytes(), "US");
        assert_eq!(again[0].other_fields, c.other_fields, "{format:?}");
        assert_eq!(again[0].name.phonetic, c.name.phonetic, "{format:?}");
    }
}

#[test]
fn exports_escape_as_rfc_6868_and_6350_say() {
    let dir = TempDir::new().unwrap();
    let mut kith = store(&dir);
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Reyes; PhD\r\nNOTE:Met at the mixer, then; lunch\r\nURL:https://acme.com/team?a=1,2;b\r\nADR;TYPE=work:;;500 Howard St;San Francisco;CA;94107;USA\r\nEND:VCARD\r\n";
    kith.import_contacts(card.as_bytes(), None, &ImportOptions::default(), false, &mut |_, _| {}).unwrap();
    for format in [ExportFormat::VCard3, ExportFormat::VCard4] {
        let out = kith.export_contacts(format).unwrap().replace("\r\n ", "");
        assert!(out.contains("FN:Ana Reyes; PhD\r\n"), "no \\; in a text value: {out}");
        assert!(out.contains("NOTE:Met at the mixer\\, then; lunch\r\n"), "{out}");
        assert!(out.contains("URL:https://acme.com/team?a=1,2;b\r\n"), "no escapes in a URI: {out}");
        assert!(out.contains("LABEL=\"500 Howard St^n94107 San Francisco CA^nUSA\""), "{out}");
        assert!(!out.contains("LABEL=\"500 Howard St\\n"), "{out}");
    }
}

#[test]
fn an_empty_store_refuses_a_vcard_export_clearly() {
    let dir = TempDir::new().unwrap();
    let mut kith = store(&dir);
    let err = kith.export_contacts(ExportFormat::VCard3).unwrap_err();
    assert!(matches!(err, Error::Invalid(InvalidInput::NothingToExport)), "{err:?}");
    assert_eq!(kith.export_contacts(ExportFormat::Json).unwrap().trim(), "[]");
}

#[test]
fn the_reader_sniffs_utf16_files() {
    let bytes = utf16(UTF_16LE, AMELIE, false);
    assert!(interchange::read(&bytes, None).is_ok(), "a UTF-16 file is recognized as vCard");
    assert!(interchange::read(&bytes, Some(Format::VCard)).is_ok());
}
