//! The words and figures the method shows a person, each kind of line on a fixed clock:
//! loops and their ageing both ways, touches from give and take, balance readings and which
//! of them reach Today, the weekly review's counts, and what a captured card is saved as.

use std::sync::Arc;

use chrono::NaiveDate;
use kith_core::capture::{CardLine, NEEDS_NAME_TAG};
use kith_core::method::TodayKind;
use kith_core::model::{Direction, ExchangeKind, Flow, MeetingKind, NewContact, NewFollowUp, NewMeeting};
use kith_core::{CaptureOptions, FixedClock, Id, Kith};
use kith_scenarios::{DAY_MS, named, open_store_with};
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 2026-12-01, the day the issue was reported.
fn store(dir: &TempDir) -> (Kith, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at_date(day(2026, 12, 1)));
    (open_store_with(&dir.path().join("k.db"), clock.clone()), clock)
}

fn owe(s: &mut Kith, who: Id, what: &str, due: NaiveDate, direction: Direction) -> Id {
    let f = NewFollowUp {
        what: what.into(),
        due,
        contact_id: Some(who),
        meeting_id: None,
        direction,
        kind: None,
    };
    s.add_follow_up(f).unwrap().id
}

#[test]
fn a_loop_past_due_ages_from_its_due_day_in_both_directions() {
    let dir = TempDir::new().unwrap();
    let (mut s, _) = store(&dir);
    let ana = s.add_contact(named("Ana Ruiz")).unwrap().id;
    let chen = s.add_contact(named("Chen Díaz")).unwrap().id;
    owe(&mut s, ana, "Send the deck", day(2026, 11, 10), Direction::IOwe);
    owe(&mut s, chen, "Send the hiring plan", day(2026, 11, 12), Direction::TheyOwe);

    let loops = s.open_loops().unwrap();
    let mine = loops.iter().find(|l| l.follow_up.contact_id == Some(ana)).unwrap();
    assert_eq!((mine.days_overdue, mine.overdue), (21, true));
    assert_eq!(mine.reading, "3 weeks past due");
    let theirs = loops.iter().find(|l| l.follow_up.contact_id == Some(chen)).unwrap();
    assert_eq!(theirs.days_overdue, 19);
    assert_eq!(theirs.reading, "2 weeks past due");
    assert_eq!(loops[0].follow_up.contact_id, Some(ana), "the longest past due first");

    let today = s.today().unwrap();
    let reasons: Vec<&str> = today.iter().map(|t| t.reason.as_str()).collect();
    assert!(reasons.contains(&"you owe Ana Ruiz this, 3 weeks past due"), "{reasons:?}");
    assert!(reasons.contains(&"Chen Díaz owes you this, 2 weeks past due; nudge them"), "{reasons:?}");
}

#[test]
fn a_loop_not_yet_due_reads_as_open_then_as_due() {
    let dir = TempDir::new().unwrap();
    let (mut s, clock) = store(&dir);
    let ana = s.add_contact(named("Ana Ruiz")).unwrap().id;
    owe(&mut s, ana, "Reply about the pilot", day(2026, 12, 12), Direction::IOwe);
    let l = &s.open_loops().unwrap()[0];
    assert_eq!((l.reading.as_str(), l.overdue), ("due in 11 days", false));
    clock.advance_ms(9 * DAY_MS);
    let l = &s.open_loops().unwrap()[0];
    assert_eq!((l.reading.as_str(), l.overdue), ("open 9 days (due in 2 days)", true), "older than 7 days");
    clock.advance_ms(2 * DAY_MS);
    assert_eq!(s.open_loops().unwrap()[0].reading, "due today");
    let item = s.today().unwrap().into_iter().find(|t| t.kind == TodayKind::FollowUp).unwrap();
    assert_eq!(item.reason, "you owe Ana Ruiz this, due today");
}

#[test]
fn giving_and_receiving_are_touches_and_the_review_counts_agree() {
    let dir = TempDir::new().unwrap();
    let (mut s, clock) = store(&dir);
    // Met 40 days ago, with a 30-day cadence.
    clock.advance_ms(-40 * DAY_MS);
    let dana = s.add_contact(NewContact { cadence_days: Some(30), ..named("Dana Levi") }).unwrap().id;
    s.log_meeting(NewMeeting {
        kind: MeetingKind::Coffee,
        occurred_at: None,
        participants: vec![dana],
        title: None,
        purpose: None,
        agenda: vec![],
        asks: vec![],
        notes: None,
        outcome: None,
        next_step: None,
    })
    .unwrap();
    clock.advance_ms(40 * DAY_MS);
    let drifting = s.drifting().unwrap();
    assert_eq!(drifting.len(), 1);
    assert_eq!(drifting[0].days_since_touch, 40);
    assert_eq!(drifting[0].reason, "last touch 40 days ago, cadence 30");

    s.record_exchange(dana, Flow::Gave, ExchangeKind::Advice, None).unwrap();
    assert!(s.drifting().unwrap().is_empty(), "advice given is contact: the cadence starts over");
    let review = s.weekly_review().unwrap();
    assert_eq!((review.gave, review.received, review.contacts_touched), (1, 0, 1));
}

#[test]
fn balance_readings_say_what_they_mean_and_only_a_lopsided_one_reaches_today() {
    let dir = TempDir::new().unwrap();
    let (mut s, _) = store(&dir);
    let ana = s.add_contact(named("Ana Ruiz")).unwrap().id;
    assert_eq!(s.balance(ana).unwrap().reading, "Nothing has gone either way with Ana yet.");
    s.record_exchange(ana, Flow::Received, ExchangeKind::Advice, None).unwrap();
    let b = s.balance(ana).unwrap();
    assert_eq!(b.reading, "Nearly even with Ana: you gave 0 and received 1 thing.");
    assert!(!b.owe_back);
    s.record_exchange(ana, Flow::Gave, ExchangeKind::Introduction, None).unwrap();
    assert_eq!(s.balance(ana).unwrap().reading, "Even with Ana: you each gave 1 thing.");
    assert!(!s.today().unwrap().iter().any(|t| t.kind == TodayKind::GiveBack));
    for kind in [ExchangeKind::Favor, ExchangeKind::Referral] {
        s.record_exchange(ana, Flow::Received, kind, None).unwrap();
    }
    let b = s.balance(ana).unwrap();
    assert_eq!(b.reading, "You have received 3 things from Ana and given 1. Time to offer something.");
    assert!(b.owe_back);
    let give_back: Vec<_> =
        s.today().unwrap().into_iter().filter(|t| t.kind == TodayKind::GiveBack).collect();
    assert_eq!(give_back.len(), 1);
    assert_eq!(give_back[0].title, "Offer Ana something back");
}

#[test]
fn a_card_in_capitals_saves_a_readable_organization_and_a_nameless_card_is_marked() {
    let dir = TempDir::new().unwrap();
    let (mut s, _) = store(&dir);
    let lines = ["ACME ROBOTICS", "Ana Díaz", "Head of Data", "ana@acme.io"].map(CardLine::plain);
    let draft = s.read_card(&lines, Some("US")).unwrap();
    assert_eq!(draft.organization.as_ref().unwrap().value, "ACME ROBOTICS", "the draft shows it as printed");
    let saved = s.save_capture(&draft, &CaptureOptions::default()).unwrap().contact;
    assert_eq!(saved.organization.as_deref(), Some("Acme Robotics"));
    assert!(saved.notes.contains("Organization as printed: ACME ROBOTICS"));
    assert!(!saved.tags.iter().any(|t| t == NEEDS_NAME_TAG));

    let only_mail = s.read_card(&[CardLine::plain("lena@park.example")], Some("US")).unwrap();
    let saved = s.save_capture(&only_mail, &CaptureOptions::default()).unwrap().contact;
    assert_eq!(saved.name.full, "lena@park.example", "a placeholder name");
    assert!(saved.tags.iter().any(|t| t == NEEDS_NAME_TAG), "marked for review");
}
