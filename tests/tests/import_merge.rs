//! Imports as previewed, idempotent merges; merging two contacts and taking it back.

use chrono::NaiveDate;
use kith_core::capture::{CardLine, read_card};
use kith_core::interchange::{self, Format};
use kith_core::model::{ContactPatch, Direction, MeetingKind, NewContact, NewFollowUp, NewMeeting};
use kith_core::{ContactQuery, Error, ImportAction, ImportOptions, InvalidInput, Kith};
use kith_scenarios::{merge_both_ways, named, open_store};
use tempfile::TempDir;

const SAME_PERSON_THREE_TIMES: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Erika Mustermann\r\nN:Mustermann;Erika;;Dr.;\r\nORG:Wikimedia\r\nEMAIL:erika@mustermann.de\r\nTEL;TYPE=work:+49 221 9999123\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Mustermann;Erika\r\nFN:Erika Mustermann\r\nEMAIL;INTERNET:erika@mustermann.de\r\nTEL;HOME;VOICE:+49 221 1234567\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nORG:Brightwave\r\nEMAIL:ben@brightwave.io\r\nEND:VCARD\r\n";

fn import(store: &mut Kith, bytes: &[u8], format: Option<Format>) -> kith_core::ImportSummary {
    store.import_contacts(bytes, format, &ImportOptions::default(), false, &mut |_, _| {}).unwrap().summary
}

fn preview(store: &mut Kith, bytes: &[u8], format: Option<Format>) -> kith_core::ImportReport {
    store.import_contacts(bytes, format, &ImportOptions::default(), true, &mut |_, _| {}).unwrap()
}

fn count(store: &Kith) -> usize {
    store.contacts(&ContactQuery::default()).unwrap().len()
}

#[test]
fn a_dry_run_writes_nothing_and_a_second_import_adds_nothing() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let plan = preview(&mut store, SAME_PERSON_THREE_TIMES.as_bytes(), None);
    let actions: Vec<_> = plan.items.iter().map(|i| i.action.clone()).collect();
    assert_eq!(actions[0], ImportAction::Add);
    assert_eq!(actions[1], ImportAction::SameAsEarlier { record: 0 });
    assert_eq!(actions[2], ImportAction::Add);
    assert_eq!(count(&store), 0, "planning wrote nothing");

    let first = import(&mut store, SAME_PERSON_THREE_TIMES.as_bytes(), None);
    assert_eq!((first.added, first.duplicates), (2, 1));
    let erika = store.contacts(&ContactQuery { search: Some("Erika".into()), ..Default::default() }).unwrap();
    assert_eq!(erika[0].phones.len(), 2, "the repeated record's number joined the first");

    let again = import(&mut store, SAME_PERSON_THREE_TIMES.as_bytes(), None);
    assert_eq!((again.added, again.updated, again.duplicates), (0, 0, 3));
    assert_eq!(count(&store), 2);
}

#[test]
fn a_known_contact_is_updated_with_only_what_it_lacks() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let ben = store
        .add_contact(NewContact {
            emails: vec!["ben@brightwave.io".into()],
            title: Some("CTO".into()),
            ..named("Benjamin Okafor")
        })
        .unwrap();
    let vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Ben Okafor\nTITLE:Engineer\nEMAIL:BEN@brightwave.io\nTEL;TYPE=CELL:+1 415 555 0177\nEND:VCARD\n";
    let plan = preview(&mut store, vcf.as_bytes(), None);
    assert_eq!(plan.items[0].action, ImportAction::Update { contact: ben.id, adds: vec!["phones"] });
    import(&mut store, vcf.as_bytes(), None);
    let ben = store.contact(ben.id).unwrap();
    assert_eq!(ben.name.full, "Benjamin Okafor", "the stored name is never overwritten");
    assert_eq!(ben.title.as_deref(), Some("CTO"));
    assert_eq!(ben.phones[0].e164.as_deref(), Some("+14155550177"));
    let again = import(&mut store, vcf.as_bytes(), None);
    assert_eq!((again.added, again.updated, again.duplicates), (0, 0, 1));
}

#[test]
fn a_look_alike_is_added_and_listed_never_merged() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let ana = store
        .add_contact(NewContact { organization: Some("Acme, Inc.".into()), ..named("Ana Reyes") })
        .unwrap();
    let csv = "Notes:\nsome notes\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Reyes,https://www.linkedin.com/in/anareyes,,ACME,Head of Growth,12 Mar 2024\n";
    let plan = preview(&mut store, csv.as_bytes(), Some(Format::LinkedInCsv));
    assert_eq!(plan.items[0].action, ImportAction::LookAlike { contact: ana.id });
    assert!(!plan.items[0].evidence.is_empty());
    assert_eq!((plan.summary.added, plan.summary.look_alikes), (1, 1));
    assert_eq!(store.duplicates().unwrap().len(), 0);
    let done = import(&mut store, csv.as_bytes(), Some(Format::LinkedInCsv));
    assert_eq!((done.added, done.look_alikes), (1, 1), "a different record until the user merges");
    assert_eq!(store.contact(ana.id).unwrap().organization.as_deref(), Some("Acme, Inc."), "untouched");
    let pairs = store.duplicates().unwrap();
    assert_eq!(pairs.len(), 1, "kith duplicates lists the pair");
    let again = import(&mut store, csv.as_bytes(), Some(Format::LinkedInCsv));
    assert_eq!((again.added, again.duplicates), (0, 1), "a second run adds nothing");
    // Two different people with one name: both kept.
    let two = "BEGIN:VCARD\nFN:Maria Garcia\nEMAIL:maria@one.example\nEND:VCARD\nBEGIN:VCARD\nFN:Maria Garcia\nORG:Other\nEND:VCARD\n";
    let before = count(&store);
    import(&mut store, two.as_bytes(), None);
    assert!(count(&store) > before, "the second Maria is a different person");
}

#[test]
fn bad_files_are_refused_and_change_nothing() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    import(&mut store, SAME_PERSON_THREE_TIMES.as_bytes(), None);
    let before = store.diagnostics().read_model_dump().unwrap();
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(matches!(interchange::read(&junk, None), Err(InvalidInput::NoRecords { .. })));
    assert!(matches!(interchange::read(&junk, Some(Format::VCard)), Err(InvalidInput::NoRecords { .. })));
    let huge = vec![b'A'; interchange::MAX_IMPORT_BYTES + 1];
    assert!(matches!(interchange::read(&huge, None), Err(InvalidInput::FileTooLarge { .. })));
    let missing = interchange::read(b"Name,Company\nAna,Acme\n", Some(Format::LinkedInCsv));
    assert!(matches!(missing, Err(InvalidInput::MissingColumn { column: "First Name", .. })));
    // A 10 MB photo keeps the contact and drops the photo, with a warning.
    let photo = format!(
        "BEGIN:VCARD\nFN:Big Photo\nEMAIL:big@photo.example\nPHOTO;ENCODING=b;TYPE=JPEG:{}\nEND:VCARD\n",
        "A".repeat(10 << 20)
    );
    let drafts = interchange::read(photo.as_bytes(), None).unwrap();
    assert!(drafts[0].photo.is_none() && !drafts[0].warnings.is_empty());
    // A record with a bad e-mail is imported without it.
    let bad = "BEGIN:VCARD\nFN:Odd Mail\nEMAIL:not-an-email\nEND:VCARD\n";
    let plan = preview(&mut store, bad.as_bytes(), None);
    assert_eq!(plan.items[0].action, ImportAction::Add);
    assert_eq!(plan.items[0].warnings.len(), 1);
    assert_eq!(
        store.diagnostics().read_model_dump().unwrap(),
        before,
        "refused and planned imports changed nothing"
    );
}

#[test]
fn a_captured_card_commits_with_event_and_follow_up_in_one_draft() {
    let lines: Vec<CardLine> =
        ["Ana Reyes", "Head of Partnerships", "Brightwave Labs", "ana@brightwave.io", "M +1 415 555 0187"]
            .map(CardLine::plain)
            .to_vec();
    let draft = read_card(&lines, Some("US")).unwrap();
    let new = draft.to_new_contact(Some("US"), Some("SaaStr 2026".into()), None).unwrap();
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let c = store.add_contact(new).unwrap();
    assert_eq!(c.met.event.as_deref(), Some("SaaStr 2026"));
    assert_eq!(c.phones[0].kind.as_deref(), Some("mobile"));
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn merging_moves_references_and_unmerging_brings_them_back() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("phone.db"));
    let keep =
        store.add_contact(NewContact { emails: vec!["ana@acme.com".into()], ..named("Ana Reyes") }).unwrap();
    let dup = store
        .add_contact(NewContact {
            emails: vec!["ana.reyes@gmail.com".into()],
            title: Some("Head of Growth".into()),
            tags: vec!["saastr".into()],
            notes: Some("Met at the Brightwave booth".into()),
            ..named("Ana R.")
        })
        .unwrap();
    let friend = store.add_contact(named("Ben Okafor")).unwrap();
    store
        .update_contact(friend.id, ContactPatch { introduced_by: Some(Some(dup.id)), ..Default::default() })
        .unwrap();
    let meeting = store
        .log_meeting(NewMeeting {
            kind: MeetingKind::Networking,
            occurred_at: None,
            participants: vec![dup.id],
            title: Some("Coffee".into()),
            purpose: None,
            agenda: vec![],
            asks: vec![],
            notes: None,
            outcome: None,
            next_step: None,
        })
        .unwrap();
    let follow_up = store
        .add_follow_up(NewFollowUp {
            what: "Send the deck".into(),
            due: day("2026-11-27"),
            contact_id: Some(dup.id),
            meeting_id: Some(meeting.id),
            direction: Direction::IOwe,
            kind: None,
        })
        .unwrap();
    let need = store.add_need(dup.id, "A designer", None).unwrap();
    let referral = store.add_referral(dup.id, Some(friend.id), Some("Acme"), None).unwrap();

    let merged = store.merge_contacts(keep.id, dup.id).unwrap();
    assert_eq!(merged.references_moved, 5);
    let survivor = store.contact(keep.id).unwrap();
    assert_eq!(survivor.emails.len(), 2);
    assert_eq!(survivor.title.as_deref(), Some("Head of Growth"));
    assert!(survivor.notes.contains("Brightwave booth"));
    assert_eq!(store.meetings_with(keep.id).unwrap()[0].id, meeting.id);
    assert_eq!(store.follow_up(follow_up.id).unwrap().contact_id, Some(keep.id));
    assert_eq!(store.contact(friend.id).unwrap().met.introduced_by, Some(keep.id));
    assert_eq!(store.referrals().unwrap()[0].candidate, keep.id);
    assert!(store.contact(dup.id).unwrap().deleted_at.is_some());
    assert_eq!(store.contact(dup.id).unwrap().merged_into, Some(keep.id));
    assert_eq!(count(&store), 2);

    // The merge travels to another replica like any change.
    let mut laptop = open_store(&dir.path().join("laptop.db"));
    merge_both_ways(&mut store, &mut laptop);
    assert_eq!(
        laptop.diagnostics().read_model_dump().unwrap(),
        store.diagnostics().read_model_dump().unwrap()
    );

    let back = store.unmerge(dup.id).unwrap();
    assert!(back.deleted_at.is_none() && back.merged_into.is_none());
    let survivor = store.contact(keep.id).unwrap();
    assert_eq!(survivor.emails.len(), 1);
    assert_eq!(survivor.title, None);
    assert!(!survivor.notes.contains("Brightwave booth"));
    assert!(survivor.tags.is_empty());
    assert_eq!(store.meetings_with(dup.id).unwrap()[0].id, meeting.id);
    assert!(store.meetings_with(keep.id).unwrap().is_empty());
    assert_eq!(store.follow_up(follow_up.id).unwrap().contact_id, Some(dup.id));
    assert_eq!(store.contact(friend.id).unwrap().met.introduced_by, Some(dup.id));
    assert_eq!(store.referrals().unwrap()[0].candidate, dup.id);
    let _ = (need, referral);
    assert_eq!(count(&store), 3);
}

#[test]
fn merge_errors_are_typed() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let a = store.add_contact(named("A Person")).unwrap();
    let b = store.add_contact(named("B Person")).unwrap();
    assert!(matches!(store.merge_contacts(a.id, a.id), Err(Error::Invalid(InvalidInput::SameContact))));
    assert!(matches!(store.unmerge(a.id), Err(Error::Invalid(InvalidInput::NotMerged))));
    store.merge_contacts(a.id, b.id).unwrap();
    assert!(matches!(store.merge_contacts(a.id, b.id), Err(Error::Invalid(InvalidInput::AlreadyMerged))));
}

#[test]
fn a_capture_of_someone_known_updates_them_and_adds_the_follow_up_together() {
    use kith_core::CaptureOptions;
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let ana = store
        .add_contact(NewContact { emails: vec!["ana@brightwave.io".into()], ..named("Ana Reyes") })
        .unwrap();
    let lines: Vec<CardLine> =
        ["Ana Reyes", "ana@brightwave.io", "M +1 415 555 0187"].map(CardLine::plain).to_vec();
    let draft = read_card(&lines, Some("US")).unwrap();
    let options = CaptureOptions {
        region: Some("US".into()),
        met_at: Some("SaaStr".into()),
        follow_up_by: Some(day("2026-11-25")),
        ..CaptureOptions::default()
    };
    let saved = store.save_capture(&draft, &options).unwrap();
    assert_eq!(saved.contact.id, ana.id);
    assert_eq!(saved.action, ImportAction::Update { contact: ana.id, adds: vec!["phones"] });
    assert_eq!(saved.follow_up.as_ref().unwrap().contact_id, Some(ana.id));
    assert_eq!(count(&store), 1);
    let before = store.diagnostics().read_model_dump().unwrap();
    let bad = CaptureOptions { region: Some("ZZ".into()), ..options };
    assert!(store.save_capture(&draft, &bad).is_err());
    assert_eq!(store.diagnostics().read_model_dump().unwrap(), before, "a refused capture writes nothing");
}

/// Different people in one file stay different people: only the same e-mail or number joins
/// two records (two "Maria Garcia" cards and "John"/"Jon Smith" at Globex used to become one
/// contact; a file of 10,000 distinct people added 4).
#[test]
fn one_file_never_fuses_different_people() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Maria Garcia\nEMAIL:maria@madrid.example\nADR:;;Calle 1;Madrid;;28001;Spain\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nFN:Maria Garcia\nEMAIL:mgarcia@lima.example\nADR:;;Av 2;Lima;;15001;Peru\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nFN:John Smith\nORG:Globex\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nFN:Jon Smith\nORG:Globex\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nFN:Ivy Chen\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:4.0\nFN:Ivy Chen\nEND:VCARD\n";
    let summary = import(&mut store, vcf.as_bytes(), None);
    assert_eq!((summary.added, summary.duplicates), (5, 1), "only the bare repeat of Ivy joined");
    assert_eq!(count(&store), 5);

    let mut many = String::new();
    for i in 0..2_000 {
        let family = ["Smith", "Garcia", "Kim", "Okafor"][i % 4];
        many.push_str(&format!(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Person{i} {family}\nEMAIL:p{i}@people.example\nEND:VCARD\n"
        ));
    }
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("many.db"));
    assert_eq!(import(&mut store, many.as_bytes(), None).added, 2_000);
    let most = store
        .contacts(&ContactQuery { limit: 5_000, ..Default::default() })
        .unwrap()
        .iter()
        .map(|c| c.emails.len())
        .max()
        .unwrap();
    assert_eq!(most, 1, "no contact swallowed others' e-mails");
}

/// Every user-visible field is bounded with an error naming it (a 31 MB note took 10 GB to
/// import and 17 GB to edit); an import cuts an oversized note with a warning instead of
/// losing the contact.
#[test]
fn oversized_fields_are_clear_errors_and_imports_cut_huge_notes() {
    use kith_core::model::limits;
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir.path().join("k.db"));
    let huge = "x".repeat(limits::NOTES + 1);
    let too_long = |r: kith_core::Result<kith_core::model::Contact>, field: &str| match r {
        Err(Error::Invalid(InvalidInput::TooLong { field: f, .. })) => assert_eq!(f, field),
        other => panic!("expected {field} too long, got {other:?}"),
    };
    too_long(store.add_contact(NewContact { notes: Some(huge.clone()), ..named("Ana") }), "notes");
    too_long(store.add_contact(NewContact { title: Some("t".repeat(301)), ..named("Ana") }), "title");
    let tags: Vec<String> = (0..=limits::ITEMS).map(|i| format!("t{i}")).collect();
    assert!(matches!(
        store.add_contact(NewContact { tags, ..named("Ana") }),
        Err(Error::Invalid(InvalidInput::TooMany { field: "tags", .. }))
    ));
    let ana = store.add_contact(named("Ana")).unwrap().id;
    too_long(store.set_notes(ana, &huge), "notes");
    store.set_notes(ana, &"y".repeat(limits::NOTES - 10)).unwrap();
    too_long(store.append_notes(ana, "twenty more characters"), "notes");
    assert_eq!(store.contact(ana).unwrap().notes.len(), limits::NOTES - 10, "nothing changed");

    let vcf = format!(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Big Note\nEMAIL:big@note.example\nNOTE:{}\nEND:VCARD\n",
        "z".repeat(3_000_000)
    );
    let report = store
        .import_contacts(vcf.as_bytes(), None, &ImportOptions::default(), false, &mut |_, _| {})
        .unwrap();
    assert_eq!(report.summary.added, 1);
    assert!(
        report.items[0].warnings.iter().any(|w| w.contains("notes cut")),
        "{:?}",
        report.items[0].warnings
    );
    let big =
        store.contacts(&ContactQuery { search: Some("big note".into()), ..Default::default() }).unwrap();
    assert_eq!(big[0].notes.chars().count(), limits::NOTES);
    let patch = ContactPatch { title: Some(Some("Editor".into())), ..Default::default() };
    assert_eq!(store.update_contact(big[0].id, patch).unwrap().title.as_deref(), Some("Editor"));
}
