use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use tempfile::TempDir;

use super::*;
use crate::clock::FixedClock;
use crate::doc::DocId;
use crate::doc::entities::{EntityRef, Kind};
use crate::error::{Error, InvalidInput};
use crate::id::Id;
use crate::model::{
    ContactPatch, Direction, Familiarity, MeetingKind, Met, NewContact, NewFollowUp, NewMeeting,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn store(dir: &TempDir, name: &str) -> Store {
    let clock = Arc::new(FixedClock::at_date(day(2026, 11, 20)));
    Store::open_with_clock(dir.path().join(name), clock).unwrap()
}

fn ana() -> NewContact {
    NewContact {
        name: "Ana Díaz".into(),
        title: Some("Head of Data".into()),
        organization: Some("Acme Robotics".into()),
        emails: vec!["work:ana@acme.io".into()],
        phones: vec!["mobile:+1 415 555 2671".into()],
        websites: vec!["ana.dev".into()],
        tags: vec!["Robotics".into(), "mixer".into()],
        met: Met { event: Some("Climate Mixer".into()), place: Some("Berlin".into()), ..Met::default() },
        notes: Some("Wants an intro to a battery supplier".into()),
        ..NewContact::default()
    }
}

/// A coffee with `participants` to learn about grid storage, and nothing else filled in.
fn coffee(participants: Vec<Id>) -> NewMeeting {
    NewMeeting {
        kind: MeetingKind::Coffee,
        occurred_at: None,
        participants,
        title: None,
        purpose: Some("Learn about grid storage".into()),
        agenda: vec![],
        notes: None,
        outcome: None,
        next_step: None,
        asks: vec![],
    }
}

#[test]
fn a_contact_round_trips_through_the_read_model() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    assert_eq!(c.name.full, "Ana Díaz");
    assert_eq!((c.name.given.as_deref(), c.name.family.as_deref()), (Some("Ana"), Some("Díaz")));
    assert_eq!(c.organization.as_deref(), Some("Acme Robotics"));
    assert_eq!(c.emails[0].value, "ana@acme.io");
    assert_eq!(c.phones[0].e164.as_deref(), Some("+14155552671"));
    assert_eq!(c.websites, vec!["https://ana.dev/"]);
    assert_eq!(c.tags, vec!["mixer", "robotics"]);
    assert_eq!(c.employment.len(), 1);
    assert_eq!(c.employment[0].since, Some(day(2026, 11, 20)));
    assert_eq!(c.notes, "Wants an intro to a battery supplier");
    drop(s);
    let s = store(&dir, "a.db");
    assert_eq!(s.contact(c.id).unwrap(), c);
    assert_eq!(s.loaded_docs(), 0, "opening and reading loads no document");
}

#[test]
fn search_folds_diacritics_and_matches_prefixes() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let a = s.add_contact(ana()).unwrap();
    s.add_contact(NewContact {
        name: "José Núñez".into(),
        tags: vec!["Finance".into()],
        ..Default::default()
    })
    .unwrap();
    let find = |s: &Store, q: &str| -> Vec<String> {
        s.contacts(&ContactQuery { search: Some(q.into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .map(|c| c.name.full)
            .collect()
    };
    assert_eq!(find(&s, "jose"), vec!["José Núñez"]);
    assert_eq!(find(&s, "nun"), vec!["José Núñez"]);
    assert_eq!(find(&s, "acme"), vec!["Ana Díaz"]);
    assert_eq!(find(&s, "batt"), vec!["Ana Díaz"], "notes are searched");
    assert_eq!(find(&s, "ana@acme"), vec!["Ana Díaz"]);
    assert!(
        find(&s, "\"AND* NEAR(").is_empty() || find(&s, "\"AND* NEAR(").len() <= 2,
        "syntax is quoted, not parsed"
    );
    let by_tag = s.contacts(&ContactQuery { tag: Some("Finance".into()), ..Default::default() }).unwrap();
    assert_eq!(by_tag.len(), 1);
    let by_event =
        s.contacts(&ContactQuery { event: Some("climate mixer".into()), ..Default::default() }).unwrap();
    assert_eq!(by_event[0].id, a.id);
    let by_org = s
        .contacts(&ContactQuery { organization: Some("acme robotics".into()), ..Default::default() })
        .unwrap();
    assert_eq!(by_org[0].id, a.id);
}

#[test]
fn meeting_notes_are_searchable_through_participants() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let a = s.add_contact(ana()).unwrap();
    s.log_meeting(NewMeeting {
        agenda: vec!["her team".into()],
        notes: Some("Mentioned the Zeppelin project".into()),
        ..coffee(vec![a.id])
    })
    .unwrap();
    let hits = s.contacts(&ContactQuery { search: Some("zeppel".into()), ..Default::default() }).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(s.meetings_with(a.id).unwrap()[0].agenda, vec!["her team"]);
}

/// The search row lists e-mails in the contact's order, tags alphabetically and meetings by
/// id, read through subqueries whose ORDER BY the primary keys satisfy (no sorting B-tree).
#[test]
fn a_search_row_keeps_each_list_in_its_order() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let a = s
        .add_contact(NewContact {
            emails: vec!["home:zoe@home.io".into(), "work:ana@acme.io".into()],
            tags: vec!["zeta".into(), "alpha".into(), "mixer".into()],
            ..ana()
        })
        .unwrap();
    let notes = ["second meeting", "first meeting", "third meeting"];
    let mut meetings: Vec<(String, &str)> = notes
        .iter()
        .map(|n| {
            let m = s.log_meeting(NewMeeting { notes: Some((*n).into()), ..coffee(vec![a.id]) }).unwrap();
            (m.id.to_string(), *n)
        })
        .collect();
    meetings.sort();
    let (emails, tags, met): (String, String, String) = s
        .conn
        .query_row("SELECT emails, tags, meetings FROM contact_fts", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(emails, "zoe@home.io ana@acme.io");
    assert_eq!(tags, "alpha mixer zeta");
    let order: Vec<usize> =
        meetings.iter().map(|(_, n)| met.find(n).expect("each meeting's notes")).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "meetings by id: {met}");
}

/// A write that changes nothing search reads leaves the contact's search row alone (FTS5 would
/// tokenize its old and new text and write a new index segment); one that does rewrites it.
#[test]
fn a_search_row_is_rewritten_only_when_what_it_reads_changes() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let a = s.add_contact(ana()).unwrap();
    let segments = |s: &Store| -> (i64, i64) {
        s.conn
            .query_row("SELECT count(*), max(id) FROM contact_fts_data", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    let before = segments(&s);
    let quiet = ContactPatch {
        cadence_days: Some(Some(30)),
        phones: Some(vec!["+14155550123".into()]),
        familiarity: Some(Familiarity::Professional),
        ..Default::default()
    };
    s.update_contact(a.id, quiet).unwrap();
    assert_eq!(segments(&s), before, "nothing search reads changed");
    s.update_contact(
        a.id,
        ContactPatch { title: Some(Some("Chief Data Officer".into())), ..Default::default() },
    )
    .unwrap();
    assert_ne!(segments(&s), before);
    let found =
        s.contacts(&query::ContactQuery { search: Some("chief".into()), ..Default::default() }).unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![a.id]);
    let stale =
        s.contacts(&query::ContactQuery { search: Some("head".into()), ..Default::default() }).unwrap();
    assert!(stale.is_empty(), "the old title is gone from the index");
}

#[test]
fn edits_change_only_what_they_name_and_keep_job_history() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    let patch = ContactPatch {
        organization: Some(Some("Globex".into())),
        title: Some(Some("VP Data".into())),
        familiarity: Some(Familiarity::Professional),
        add_tags: vec!["vip".into()],
        remove_tags: vec!["mixer".into()],
        ..Default::default()
    };
    let e = s.update_contact(c.id, patch).unwrap();
    assert_eq!(e.organization.as_deref(), Some("Globex"));
    assert_eq!(e.title.as_deref(), Some("VP Data"));
    assert_eq!(e.tags, vec!["robotics", "vip"]);
    assert_eq!(e.familiarity, Familiarity::Professional);
    assert_eq!(e.emails, c.emails);
    let history: Vec<_> = e.employment.iter().map(|j| (j.organization.as_str(), j.until.is_some())).collect();
    assert!(
        history.contains(&("Acme Robotics", true)) && history.contains(&("Globex", false)),
        "{history:?}"
    );
}

/// Rows written new and rows written again (child rows, participants, search rows replaced)
/// equal a rebuild from the documents (the doctor) after each step.
#[test]
fn rows_written_new_and_written_again_equal_a_rebuild() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    s.log_meeting(coffee(vec![c.id])).unwrap();
    assert!(s.doctor(false).unwrap().is_healthy());
    let patch = ContactPatch {
        emails: Some(vec!["home:ana@example.org".into()]),
        add_tags: vec!["vip".into()],
        remove_tags: vec!["mixer".into()],
        ..Default::default()
    };
    s.update_contact(c.id, patch).unwrap();
    let twin = s.add_contact(ana()).unwrap();
    s.log_meeting(coffee(vec![c.id, twin.id])).unwrap();
    assert!(s.doctor(false).unwrap().is_healthy());
    let search_rows: i64 = s.conn.query_row("SELECT count(*) FROM contact_fts", [], |r| r.get(0)).unwrap();
    assert_eq!(search_rows, 2, "one search row a contact");
    let hits =
        s.contacts(&ContactQuery { search: Some("example.org".into()), ..Default::default() }).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn bad_input_is_typed_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    let before = s.read_model_dump().unwrap();
    let cases: Vec<(ContactPatch, InvalidInput)> = vec![
        (ContactPatch { name: Some("  ".into()), ..Default::default() }, InvalidInput::EmptyName),
        (ContactPatch { emails: Some(vec!["nope".into()]), ..Default::default() }, InvalidInput::Email),
        (ContactPatch { websites: Some(vec!["not a url".into()]), ..Default::default() }, InvalidInput::Url),
        (
            ContactPatch { phones: Some(vec!["12".into()]), region: Some("US".into()), ..Default::default() },
            InvalidInput::Phone { region: "US".into() },
        ),
    ];
    for (patch, expected) in cases {
        match s.update_contact(c.id, patch) {
            Err(Error::Invalid(got)) => assert_eq!(got, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
    }
    let unknown = Id::new_v7(1);
    assert!(matches!(s.update_contact(unknown, ContactPatch::default()), Err(Error::NotFound { .. })));
    assert!(matches!(s.delete_contact(unknown), Err(Error::NotFound { .. })));
    assert!(matches!(s.add_contact(NewContact::default()), Err(Error::Invalid(InvalidInput::EmptyName))));
    assert_eq!(s.read_model_dump().unwrap(), before);
    assert!(s.doctor(false).unwrap().is_healthy());
}

#[test]
fn soft_delete_hides_and_restore_brings_back() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    s.delete_contact(c.id).unwrap();
    assert!(s.contacts(&ContactQuery::default()).unwrap().is_empty());
    assert_eq!(s.contacts(&ContactQuery { deleted: true, ..Default::default() }).unwrap().len(), 1);
    let r = s.restore_contact(c.id).unwrap();
    assert_eq!(r.deleted_at, None);
    assert_eq!(s.contacts(&ContactQuery::default()).unwrap().len(), 1);
}

#[test]
fn notes_append_and_set() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(NewContact { name: "Ben".into(), ..Default::default() }).unwrap();
    s.append_notes(c.id, "first").unwrap();
    assert_eq!(s.append_notes(c.id, "second").unwrap().notes, "first\nsecond");
    assert_eq!(s.set_notes(c.id, "replaced").unwrap().notes, "replaced");
}

#[test]
fn follow_ups_come_due_and_get_done() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    let due = s
        .add_follow_up(NewFollowUp {
            what: "Send the deck".into(),
            due: day(2026, 11, 19),
            contact_id: Some(c.id),
            meeting_id: None,
            direction: Direction::IOwe,
            kind: None,
        })
        .unwrap();
    s.add_follow_up(NewFollowUp {
        what: "Ask about the role".into(),
        due: day(2026, 12, 1),
        contact_id: Some(c.id),
        meeting_id: None,
        direction: Direction::TheyOwe,
        kind: None,
    })
    .unwrap();
    assert_eq!(s.due_follow_ups().unwrap().iter().map(|f| f.id).collect::<Vec<_>>(), vec![due.id]);
    s.snooze_follow_up(due.id, day(2026, 11, 25)).unwrap();
    assert!(s.due_follow_ups().unwrap().is_empty());
    s.complete_follow_up(due.id).unwrap();
    assert_eq!(s.follow_up(due.id).unwrap().status, crate::model::FollowUpStatus::Done);
    assert!(matches!(
        s.add_follow_up(NewFollowUp {
            what: " ".into(),
            due: day(2026, 11, 19),
            contact_id: None,
            meeting_id: None,
            direction: Direction::IOwe,
            kind: None,
        }),
        Err(Error::Invalid(InvalidInput::Missing { field: "what" }))
    ));
}

#[test]
fn chunks_compact_into_snapshots_without_changing_anything() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    for i in 0..100 {
        s.append_notes(c.id, &format!("line {i}")).unwrap();
    }
    let most: i64 = s
        .conn
        .query_row("SELECT max(n) FROM (SELECT count(*) AS n FROM am_chunk GROUP BY doc_id)", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(most <= documents::COMPACT_ON_WRITE_AFTER_CHUNKS, "writes keep chunk counts bounded: {most}");
    assert!(most > documents::COMPACT_AFTER_CHUNKS, "writes leave compaction to idle maintenance: {most}");
    let before = s.read_model_dump().unwrap();
    // Idle maintenance compacts what is due, within its budget, and nothing else.
    assert_eq!(s.maintain(0).unwrap(), 0);
    assert_eq!(s.maintain(8).unwrap(), 1);
    assert_eq!(s.maintain(8).unwrap(), 0, "nothing is due any more");
    let most: i64 = s
        .conn
        .query_row(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM am_chunk GROUP BY doc_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(most <= 1, "the due document was folded into its snapshot: {most}");
    assert_eq!(s.read_model_dump().unwrap(), before);
    s.compact().unwrap();
    let chunks: i64 = s.conn.query_row("SELECT count(*) FROM am_chunk", [], |r| r.get(0)).unwrap();
    assert_eq!(chunks, 0);
    drop(s);
    let mut s = store(&dir, "a.db");
    assert!(s.doctor(false).unwrap().is_healthy());
    assert_eq!(s.read_model_dump().unwrap(), before);
}

#[test]
fn doctor_finds_and_repairs_a_damaged_read_model() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    s.conn.execute("UPDATE contact SET full_name = 'tampered'", []).unwrap();
    s.conn.execute("DELETE FROM contact_tag", []).unwrap();
    let report = s.doctor(false).unwrap();
    assert!(report.problems.iter().any(|p| p.starts_with("contact:")), "{report:?}");
    let repaired = s.doctor(true).unwrap();
    assert!(repaired.repaired);
    assert!(s.doctor(false).unwrap().is_healthy());
    assert_eq!(s.contact(c.id).unwrap().name.full, "Ana Díaz");
}

/// A contact's list rows are rewritten only where a list changed (`contact_lists`): a row planted
/// behind the read model's back survives an edit of another list, and a repair still replaces it.
#[test]
fn an_edit_leaves_unchanged_list_rows_alone_and_a_repair_rewrites_them() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    s.conn.execute("UPDATE contact_tag SET tag = 'planted' WHERE tag = 'mixer'", []).unwrap();
    let title = ContactPatch { title: Some(Some("CTO".into())), ..Default::default() };
    s.update_contact(c.id, title).unwrap();
    s.append_notes(c.id, "Met again at the expo").unwrap();
    let tags = |s: &Store| -> Vec<String> {
        let mut stmt = s.conn.prepare("SELECT tag FROM contact_tag ORDER BY tag").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(tags(&s), vec!["planted", "robotics"], "a title and a note left the tag rows alone");
    assert!(!s.doctor(false).unwrap().is_healthy());
    assert!(s.doctor(true).unwrap().repaired);
    assert_eq!(tags(&s), vec!["mixer", "robotics"]);
    assert!(s.doctor(false).unwrap().is_healthy());
    s.conn.execute("UPDATE contact_email SET value = 'planted@example.org'", []).unwrap();
    s.update_contact(c.id, ContactPatch { add_tags: vec!["vip".into()], ..Default::default() }).unwrap();
    assert_eq!(tags(&s), vec!["mixer", "robotics", "vip"], "a changed list is rewritten");
    let email = |s: &Store| -> String {
        s.conn.query_row("SELECT value FROM contact_email", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(email(&s), "planted@example.org", "the e-mails were left alone");
    assert!(s.doctor(true).unwrap().repaired);
    assert_eq!(email(&s), "ana@acme.io");
    assert!(s.doctor(false).unwrap().is_healthy());
}

#[test]
fn stale_read_rows_are_rematerialized_when_a_bucket_loads() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let c = s.add_contact(ana()).unwrap();
    s.conn.execute("UPDATE contact SET full_name = 'stale'", []).unwrap();
    s.conn.execute("UPDATE doc_state SET indexed_heads = x'00'", []).unwrap();
    s.unload_docs();
    s.append_notes(c.id, "more").unwrap();
    assert_eq!(s.contact(c.id).unwrap().name.full, "Ana Díaz");
}

#[test]
fn default_region_applies_to_local_numbers() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    assert!(matches!(s.set_default_region("Atlantis"), Err(Error::Invalid(InvalidInput::Region))));
    s.set_default_region("de").unwrap();
    assert_eq!(s.default_region().unwrap().as_deref(), Some("DE"));
    let c = s
        .add_contact(NewContact {
            name: "Lena".into(),
            phones: vec!["030 1234567".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(c.phones[0].e164.as_deref(), Some("+49301234567"));
}

#[test]
fn broad_searches_list_name_matches_first_and_page_without_gaps() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let mut people: Vec<NewContact> =
        (0..520).map(|i| NewContact { name: format!("Anna Person{i:03}"), ..Default::default() }).collect();
    people.extend((0..30).map(|i| NewContact {
        name: format!("Zed Notes{i:02}"),
        notes: Some("Anna's colleague".into()),
        ..Default::default()
    }));
    s.add_contacts(people).unwrap();
    let mut seen = Vec::new();
    for page in 0.. {
        let q =
            ContactQuery { search: Some("ann".into()), limit: 100, offset: page * 100, ..Default::default() };
        let rows = s.contacts(&q).unwrap();
        if rows.is_empty() {
            break;
        }
        seen.extend(rows.into_iter().map(|c| c.name.full));
    }
    assert_eq!(seen.len(), 550);
    assert!(seen[..520].iter().all(|n| n.starts_with("Anna")), "name matches come first");
    assert!(seen[520..].iter().all(|n| n.starts_with("Zed")));
    let mut sorted = seen[..520].to_vec();
    sorted.sort();
    assert_eq!(sorted, seen[..520]);
    let narrow = s.contacts(&ContactQuery { search: Some("notes07".into()), ..Default::default() }).unwrap();
    assert_eq!(narrow.len(), 1);
}

#[test]
fn an_edit_after_reopening_stores_only_the_new_change() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let ids = s
        .add_contacts((0..200).map(|i| NewContact { name: format!("P {i}"), ..Default::default() }).collect())
        .unwrap();
    s.compact().unwrap();
    drop(s);
    let mut s = store(&dir, "a.db");
    s.update_contact(ids[0], ContactPatch { title: Some(Some("CTO".into())), ..Default::default() }).unwrap();
    let (chunks, biggest): (i64, i64) = s
        .conn
        .query_row("SELECT count(*), max(length(bytes)) FROM am_chunk", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(chunks, 1);
    assert!(biggest < 512, "one small change, not the whole document again: {biggest} bytes");
}

/// Compaction runs after a write commits. When it fails (a full disk), the write still
/// succeeded and must say so: an error here made a retry append the note twice.
#[test]
fn a_failed_compaction_after_the_commit_is_not_the_writes_failure() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "k.db");
    let id = s.add_contact(ana()).unwrap().id;
    s.fail_compaction.set(true);
    let mut expected = s.contact(id).unwrap().notes;
    // Enough history that a write compacts (past the bound writes keep), not idle maintenance.
    for i in 0..80 {
        let line = format!("{i}: {}", "x".repeat(1200 + i));
        let c = s.append_notes(id, &line).expect("the write committed, whatever compaction did");
        expected = format!("{expected}\n{line}");
        assert_eq!(c.notes, expected);
    }
    let doc = DocId::for_entity(crate::doc::Family::Contacts, &id, s.layout());
    assert_eq!(
        documents::compaction(&s.conn, doc).unwrap(),
        documents::Compaction::Overdue,
        "compaction was due and failed"
    );
    s.fail_compaction.set(false);
    s.append_notes(id, "after").unwrap();
    assert_eq!(
        documents::compaction(&s.conn, doc).unwrap(),
        documents::Compaction::NotYet,
        "the next write compacted"
    );
    drop(s);
    assert!(store(&dir, "k.db").contact(id).unwrap().notes.ends_with("\nafter"));
}

/// A search is bounded: 4,000 words took 4 s (each word a pass over the index); more than 32
/// is a clear error, 32 still searches.
#[test]
fn a_search_of_thousands_of_words_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "k.db");
    s.add_contact(ana()).unwrap();
    let words = |n: usize| (0..n).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
    let q = |search: String| ContactQuery { search: Some(search), limit: 10, ..ContactQuery::default() };
    assert!(matches!(
        s.contacts(&q(words(4_000))),
        Err(Error::Invalid(InvalidInput::OutOfRange { field: "search (at most 32 words)" }))
    ));
    assert!(s.contacts(&q(words(32))).unwrap().is_empty());
    assert_eq!(s.contacts(&q("ana acme".into())).unwrap().len(), 1);
}

/// `n` contacts named by their number.
fn people(n: usize) -> Vec<NewContact> {
    (0..n).map(|i| NewContact { name: format!("Person {i}"), ..NewContact::default() }).collect()
}

/// A store of 300 people, compacted: every bucket that holds someone has a snapshot.
fn compacted_people(dir: &TempDir) -> Store {
    let mut s = store(dir, "a.db");
    s.add_contacts(people(300)).unwrap();
    s.compact().unwrap();
    s
}

#[test]
fn documents_loaded_together_are_the_documents_loaded_one_by_one() {
    let dir = TempDir::new().unwrap();
    let mut s = compacted_people(&dir);
    let c = s.add_contact(ana()).unwrap();
    s.append_notes(c.id, "a chunk after the snapshot").unwrap();
    let docs: Vec<DocId> = s.layout().docs().collect();
    s.set_loaded_docs_capacity(docs.len());
    s.unload_docs();
    // One bucket's rows lag its heads: loading it, together or alone, re-materializes them.
    let lagging = DocId::for_entity(crate::doc::Family::Contacts, &c.id, s.layout());
    s.conn.execute("UPDATE contact SET full_name = 'stale' WHERE id = ?1", [c.id.to_string()]).unwrap();
    s.conn
        .execute("UPDATE doc_state SET indexed_heads = x'00' WHERE doc_id = ?1", [lagging.to_string()])
        .unwrap();
    // A damaged bucket is left for its use to report. It must have a snapshot to damage: 300
    // random ids leave a given bucket empty about once in a hundred runs.
    let damaged = docs
        .iter()
        .copied()
        .find(|d| {
            *d != lagging && d.family == lagging.family && documents::has_snapshot(&s.conn, *d).unwrap()
        })
        .unwrap();
    let damaging = "UPDATE am_snapshot SET bytes = x'856f4a83deadbeef' WHERE doc_id = ?1";
    assert_eq!(s.conn.execute(damaging, [damaged.to_string()]).unwrap(), 1);
    s.preload(docs.iter().copied()).unwrap();
    assert_eq!(s.loaded_docs(), docs.len() - 1, "every bucket but the damaged one");
    assert_eq!(s.contact(c.id).unwrap().name.full, "Ana Díaz");
    for id in docs.iter().copied().filter(|d| *d != damaged) {
        let mut together = s.take_doc(id).unwrap();
        let mut alone = documents::load(&s.conn, id, &s.actor).unwrap();
        assert_eq!(together.doc.get_heads(), alone.doc.get_heads(), "{id}");
        assert_eq!(together.unsaved(), alone.unsaved(), "{id}");
    }
    assert!(s.take_doc(damaged).is_err());
}

/// A merge loads only the documents that lack changes of the file: where every head the file
/// records is one this file recorded too, it holds them all and nothing needs loading.
#[test]
fn a_merge_loads_only_the_documents_lacking_changes() {
    let dir = TempDir::new().unwrap();
    let mut a = store(&dir, "a.db");
    let ids: Vec<Id> = a.add_contacts(people(200)).unwrap();
    let mut b = store(&dir, "b.db");
    b.merge_file(a.path()).unwrap();
    a.append_notes(ids[0], "met again at the climate mixer").unwrap();

    // What b has, a holds: every head b recorded is one a recorded before its edit.
    a.unload_docs();
    assert_eq!(a.merge_file(b.path()).unwrap().docs_changed, 0);
    assert_eq!(a.loaded_docs(), 0, "a holds all of b without loading anything");

    // b lacks the edit in one bucket, and loads that one.
    b.unload_docs();
    let merged = b.merge_file(a.path()).unwrap();
    assert_eq!((merged.docs_changed, b.loaded_docs()), (1, 1));
    assert_eq!(b.contact(ids[0]).unwrap().notes, "met again at the climate mixer");
}

/// A bulk write of several transactions merges the search index afterwards; what it wrote
/// is found, and the index agrees with the read model.
#[test]
fn a_bulk_add_of_several_transactions_is_searchable() {
    let dir = TempDir::new().unwrap();
    let mut s = store(&dir, "a.db");
    let people: Vec<NewContact> = (0..batch::BULK_BATCH + 200)
        .map(|i| NewContact {
            name: format!("Person {i}"),
            tags: vec![format!("cohort{}", i % 7)],
            ..NewContact::default()
        })
        .collect();
    s.add_contacts(people).unwrap();
    let query = ContactQuery { search: Some("cohort3".into()), limit: 2000, ..Default::default() };
    let found = s.contacts(&query).unwrap();
    assert_eq!(found.len(), (0..batch::BULK_BATCH + 200).filter(|i| i % 7 == 3).count());
    assert!(s.doctor(false).unwrap().is_healthy());
}

/// A loader dropped with documents still queued (a merge stopped by an error) returns at once,
/// without loading them: a worker waiting for work must not keep the drop waiting.
#[test]
fn a_loader_dropped_with_documents_queued_returns() {
    let dir = TempDir::new().unwrap();
    let s = compacted_people(&dir);
    let docs: Vec<DocId> = s.layout().docs().collect();
    let parts: Vec<_> = docs.iter().map(|id| documents::stored(&s.conn, *id).unwrap()).collect();
    let actor = s.actor.clone();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut loader = loader::Loader::new(&actor, docs.len());
        for (i, part) in parts.into_iter().enumerate() {
            loader.submit(i, docs[i], part);
        }
        let first = loader.next().map(|(_, _, loaded)| loaded.is_ok());
        drop(loader);
        // An idle loader (nothing queued, workers waiting) drops too.
        drop(loader::Loader::new(&actor, 2));
        done.send(first).unwrap();
    });
    let first = finished.recv_timeout(std::time::Duration::from_secs(60)).expect("the loader dropped");
    assert_eq!(first, Some(true));
}

/// Documents received whole are loaded on a second thread while earlier ones are indexed: a
/// damaged one late in a round must still leave nothing of the round stored, and the round
/// sent again whole and sound must then index every document in it.
#[test]
fn a_round_of_whole_documents_is_stored_whole_or_not_at_all() {
    let dir = TempDir::new().unwrap();
    let mut sender = store(&dir, "sender.db");
    let names = ["Ana Díaz", "Bo Lind", "Chen Wei", "Dara Okafor", "Eli Moss", "Fay Ruiz"];
    let ids: Vec<Id> = names
        .iter()
        .map(|name| {
            sender.add_contact(NewContact { name: (*name).into(), ..NewContact::default() }).unwrap().id
        })
        .collect();
    sender.compact().unwrap();
    let mut buckets: Vec<DocId> =
        ids.iter().map(|id| EntityRef::new(Kind::Contact, *id).doc_id(sender.layout())).collect();
    buckets.sort();
    buckets.dedup();
    assert!(buckets.len() >= 3, "the contacts span several buckets");
    let round: Vec<(DocId, Vec<u8>)> =
        buckets.iter().map(|id| (*id, sender.whole_document(*id).unwrap().expect("compacted").0)).collect();

    let mut receiver = store(&dir, "receiver.db");
    let mut damaged = round.clone();
    let last = damaged.last_mut().unwrap();
    let end = last.1.len() - 1;
    last.1[end] ^= 0xff;
    let mut states = BTreeMap::new();
    let refused = receiver.receive_round("sender", damaged, &mut states);
    assert!(matches!(refused, Err(Error::Sync(crate::error::SyncError::Malformed(_)))), "{refused:?}");
    assert_eq!(receiver.count_contacts().unwrap(), 0, "nothing of a refused round is stored");

    let applied = receiver.receive_round("sender", round, &mut BTreeMap::new()).unwrap();
    assert_eq!(applied.whole, buckets);
    assert_eq!(receiver.count_contacts().unwrap(), names.len() as u64);
    for (id, name) in ids.iter().zip(names) {
        assert_eq!(receiver.contact(*id).unwrap().name.full, name);
    }
}

/// A round is one message a document: a peer naming a document twice is refused before any
/// document is touched, and the same changes sent once are then applied.
#[test]
fn a_round_naming_a_document_twice_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut sender = store(&dir, "sender.db");
    let ana = sender.add_contact(ana()).unwrap().id;
    let bucket = EntityRef::new(Kind::Contact, ana).doc_id(sender.layout());
    sender.compact().unwrap();
    let whole = |s: &Store| s.whole_document(bucket).unwrap().expect("compacted").0;
    let mut receiver = store(&dir, "receiver.db");
    receiver.receive_round("sender", vec![(bucket, whole(&sender))], &mut BTreeMap::new()).unwrap();

    let title = ContactPatch { title: Some(Some("Chief Data Officer".into())), ..Default::default() };
    sender.update_contact(ana, title).unwrap();
    sender.compact().unwrap();
    let newer = whole(&sender);
    let twice = vec![(bucket, newer.clone()), (bucket, newer.clone())];
    let refused = receiver.receive_round("sender", twice, &mut BTreeMap::new());
    assert!(matches!(refused, Err(Error::Sync(crate::error::SyncError::Malformed(_)))), "{refused:?}");
    assert_eq!(receiver.contact(ana).unwrap().title.as_deref(), Some("Head of Data"));

    receiver.receive_round("sender", vec![(bucket, newer)], &mut BTreeMap::new()).unwrap();
    assert_eq!(receiver.contact(ana).unwrap().title.as_deref(), Some("Chief Data Officer"));
}
