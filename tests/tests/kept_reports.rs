//! Property: the reports one handle keeps (Today, patched after each write where the write
//! touched; network risk, kept across writes that cannot move it) equal the same reports
//! computed afresh from the same file by a second handle, after any sequence of writes, merges,
//! settings changes and days passing, visited after every step or only now and then.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use kith_core::model::{
    ContactPatch, Direction, ExchangeKind, Familiarity, Flow, IntroStatus, LoopKind, NeedStatus, NewContact,
    NewFollowUp, Tier,
};
use kith_core::{FixedClock, Id, Kith};
use kith_scenarios::{DAY_MS, all_contact_ids, meeting_with, named, open_store_with};
use proptest::prelude::*;
use tempfile::TempDir;

#[derive(Debug, Clone)]
enum Op {
    Add { name: u8, birthday_in: Option<u8>, friendly: bool, cadence: Option<u8> },
    Rename(usize, u8),
    Title(usize, u8),
    Employer(usize, u8),
    IntroducedBy(usize, Option<usize>),
    Birthday(usize, u8),
    Familiarity(usize, u8),
    Tier(usize, u8),
    Delete(usize),
    Restore(usize),
    Meeting(usize, usize),
    FollowUp { contact: Option<usize>, they_owe: bool, recommendation: bool, due_in: u8 },
    Complete(usize),
    Reopen(usize),
    Snooze(usize, u8),
    Need(usize),
    ReviewNeed(usize, bool),
    CloseNeed(usize),
    Exchange(usize, bool),
    NamesGained(usize),
    Introduce(usize, usize),
    IntroStatus(usize, bool),
    MergeContacts(usize, usize),
    OverdueDays(bool, u8),
    TierDays(u8),
    Advance(u8),
    MergeIn,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<u8>(), prop::option::of(0u8..10), any::<bool>(), prop::option::of(1u8..20))
            .prop_map(|(name, birthday_in, friendly, cadence)| Op::Add { name, birthday_in, friendly, cadence }),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(c, n)| Op::Rename(c, n)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(c, n)| Op::Title(c, n)),
        1 => (any::<usize>(), 0u8..4).prop_map(|(c, o)| Op::Employer(c, o)),
        1 => (any::<usize>(), prop::option::of(any::<usize>())).prop_map(|(c, by)| Op::IntroducedBy(c, by)),
        1 => (any::<usize>(), 0u8..10).prop_map(|(c, d)| Op::Birthday(c, d)),
        1 => (any::<usize>(), 0u8..4).prop_map(|(c, f)| Op::Familiarity(c, f)),
        1 => (any::<usize>(), 0u8..4).prop_map(|(c, t)| Op::Tier(c, t)),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => any::<usize>().prop_map(Op::Restore),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Meeting(a, b)),
        3 => (prop::option::of(any::<usize>()), any::<bool>(), any::<bool>(), 0u8..10)
            .prop_map(|(contact, they_owe, recommendation, due_in)| Op::FollowUp { contact, they_owe, recommendation, due_in }),
        1 => any::<usize>().prop_map(Op::Complete),
        1 => any::<usize>().prop_map(Op::Reopen),
        1 => (any::<usize>(), 1u8..10).prop_map(|(i, d)| Op::Snooze(i, d)),
        2 => any::<usize>().prop_map(Op::Need),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, later)| Op::ReviewNeed(i, later)),
        1 => any::<usize>().prop_map(Op::CloseNeed),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(c, gave)| Op::Exchange(c, gave)),
        1 => any::<usize>().prop_map(Op::NamesGained),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Introduce(a, b)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, met)| Op::IntroStatus(i, met)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::MergeContacts(a, b)),
        1 => (any::<bool>(), 1u8..20).prop_map(|(i_owe, d)| Op::OverdueDays(i_owe, d)),
        1 => (1u8..30).prop_map(Op::TierDays),
        2 => (1u8..40).prop_map(Op::Advance),
        1 => Just(Op::MergeIn),
    ]
}

fn pick<T: Copy>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()])
}

fn follow_up(s: &Kith, i: usize) -> Option<Id> {
    let all: Vec<Id> = s.follow_ups(&Default::default()).unwrap().into_iter().map(|f| f.id).collect();
    pick(&all, i)
}

fn need(s: &Kith, i: usize) -> Option<Id> {
    let all: Vec<Id> = s.needs(None).unwrap().into_iter().map(|n| n.need.id).collect();
    pick(&all, i)
}

fn month_day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Applies one step; a step the data refuses (merging a contact into itself, restoring a live
/// one) is an answer too, and is skipped.
fn run(s: &mut Kith, clock: &FixedClock, other: &std::path::Path, op: &Op) {
    let known = all_contact_ids(s);
    let today = s.clock().today();
    let patch = |s: &mut Kith, c: usize, patch: ContactPatch| {
        if let Some(id) = pick(&known, c) {
            let _ = s.update_contact(id, patch);
        }
    };
    match *op {
        Op::Add { name, birthday_in, friendly, cadence } => {
            let contact = NewContact {
                birthday: birthday_in
                    .map(|d| month_day(today - Duration::days(3650) + Duration::days(d.into()))),
                familiarity: Some(if friendly { Familiarity::Friendly } else { Familiarity::Professional }),
                cadence_days: cadence.map(u32::from),
                ..named(&format!("Person {name}"))
            };
            s.add_contact(contact).unwrap();
        }
        Op::Rename(c, n) => {
            patch(s, c, ContactPatch { name: Some(format!("Renamed {n}")), ..Default::default() })
        }
        Op::Title(c, n) => {
            patch(s, c, ContactPatch { title: Some(Some(format!("Title {n}"))), ..Default::default() })
        }
        Op::Employer(c, o) => {
            let organization = (o > 0).then(|| format!("Employer {o}"));
            patch(s, c, ContactPatch { organization: Some(organization), ..Default::default() })
        }
        Op::IntroducedBy(c, by) => {
            let introducer = by.and_then(|b| pick(&known, b));
            patch(s, c, ContactPatch { introduced_by: Some(introducer), ..Default::default() })
        }
        Op::Birthday(c, d) => {
            let birthday = month_day(today - Duration::days(7300) + Duration::days(d.into()));
            patch(s, c, ContactPatch { birthday: Some(Some(birthday)), ..Default::default() })
        }
        Op::Familiarity(c, f) => {
            let familiarity = [
                Familiarity::Unknown,
                Familiarity::Professional,
                Familiarity::Friendly,
                Familiarity::Personal,
            ][f as usize];
            patch(s, c, ContactPatch { familiarity: Some(familiarity), ..Default::default() })
        }
        Op::Tier(c, t) => {
            let tier = [None, Some(Tier::Close), Some(Tier::Regular), Some(Tier::Occasional)][t as usize];
            patch(s, c, ContactPatch { tier: Some(tier), ..Default::default() })
        }
        Op::Delete(c) => {
            if let Some(id) = pick(&known, c) {
                let _ = s.delete_contact(id);
            }
        }
        Op::Restore(c) => {
            if let Some(id) = pick(&known, c) {
                let _ = s.restore_contact(id);
            }
        }
        Op::Meeting(a, b) => {
            if let (Some(x), Some(y)) = (pick(&known, a), pick(&known, b)) {
                let mut participants = vec![x, y];
                participants.dedup();
                let _ = s.log_meeting(meeting_with(participants));
            }
        }
        Op::FollowUp { contact, they_owe, recommendation, due_in } => {
            let _ = s.add_follow_up(NewFollowUp {
                what: format!("follow up {due_in}"),
                due: today + Duration::days(i64::from(due_in) - 3),
                contact_id: contact.and_then(|c| pick(&known, c)),
                meeting_id: None,
                direction: if they_owe { Direction::TheyOwe } else { Direction::IOwe },
                kind: recommendation.then_some(LoopKind::Recommendation),
            });
        }
        Op::Complete(i) => {
            if let Some(id) = follow_up(s, i) {
                let _ = s.complete_follow_up(id);
            }
        }
        Op::Reopen(i) => {
            if let Some(id) = follow_up(s, i) {
                let _ = s.reopen_follow_up(id);
            }
        }
        Op::Snooze(i, days) => {
            if let Some(id) = follow_up(s, i) {
                let _ = s.snooze_follow_up(id, today + Duration::days(days.into()));
            }
        }
        Op::Need(c) => {
            if let Some(id) = pick(&known, c) {
                let review_on = (c % 3 == 0).then(|| today - Duration::days(1));
                let _ = s.add_need(id, &format!("needs a {} intro", c % 7), review_on);
            }
        }
        Op::ReviewNeed(i, later) => {
            if let Some(id) = need(s, i) {
                let _ = s.review_need(id, later.then(|| today + Duration::days(5)));
            }
        }
        Op::CloseNeed(i) => {
            if let Some(id) = need(s, i) {
                let _ = s.set_need_status(id, NeedStatus::Helped);
            }
        }
        Op::Exchange(c, gave) => {
            if let Some(id) = pick(&known, c) {
                let flow = if gave { Flow::Gave } else { Flow::Received };
                let _ = s.record_exchange(id, flow, ExchangeKind::Advice, None);
            }
        }
        Op::NamesGained(c) => {
            if let Some(id) = pick(&known, c)
                && let Some(m) = s.meetings_with(id).unwrap().first().map(|m| m.id)
            {
                let _ = s.add_names_gained(m, &[format!("Gained {c}")], Some(id));
            }
        }
        Op::Introduce(a, b) => {
            if let (Some(x), Some(y)) = (pick(&known, a), pick(&known, b)) {
                let _ = s.add_introduction(x, y, None);
            }
        }
        Op::IntroStatus(i, met) => {
            let named: Vec<Id> =
                s.names_not_contacted().unwrap().into_iter().map(|n| n.introduction.id).collect();
            if let Some(id) = pick(&named, i) {
                let _ = s
                    .set_introduction_status(id, if met { IntroStatus::Met } else { IntroStatus::Contacted });
            }
        }
        Op::MergeContacts(a, b) => {
            if let (Some(x), Some(y)) = (pick(&known, a), pick(&known, b)) {
                let _ = s.merge_contacts(x, y);
            }
        }
        Op::OverdueDays(i_owe, days) => {
            let direction = if i_owe { Direction::IOwe } else { Direction::TheyOwe };
            s.set_overdue_days(direction, days.into()).unwrap();
        }
        Op::TierDays(days) => s.set_tier_days(Tier::Regular, days.into()).unwrap(),
        Op::Advance(days) => clock.advance_ms(i64::from(days) * DAY_MS),
        Op::MergeIn => {
            let _ = s.merge_file(other);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn kept_reports_equal_reports_computed_afresh(
        ops in prop::collection::vec((any::<bool>(), any::<bool>(), op()), 1..50),
    ) {
        let dir = TempDir::new().unwrap();
        let (pa, pb) = (dir.path().join("a.db"), dir.path().join("b.db"));
        let clock = Arc::new(FixedClock::new(1_795_165_200_000));
        let mut kept = open_store_with(&pa, clock.clone());
        let afresh = open_store_with(&pa, clock.clone());
        let mut other = open_store_with(&pb, clock.clone());
        for (on_other, visit, op) in &ops {
            if *on_other && !matches!(op, Op::MergeIn) {
                run(&mut other, &clock, &pa, op);
                continue;
            }
            run(&mut kept, &clock, &pb, op);
            if *visit {
                prop_assert_eq!(kept.today().unwrap(), afresh.today().unwrap(), "after {:?}", op);
                prop_assert_eq!(kept.network_risk(10).unwrap(), afresh.network_risk(10).unwrap(), "after {:?}", op);
            }
        }
        prop_assert_eq!(kept.today().unwrap(), afresh.today().unwrap());
        prop_assert_eq!(kept.network_risk(10).unwrap(), afresh.network_risk(10).unwrap());
    }
}

#[test]
fn a_meeting_takes_its_participants_off_the_kept_today() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a.db");
    let clock = Arc::new(FixedClock::new(1_795_165_200_000));
    let mut kith = open_store_with(&path, clock.clone());
    let ana = kith.add_contact(NewContact { cadence_days: Some(7), ..named("Ana Reyes") }).unwrap().id;
    let ben = kith.add_contact(named("Ben Okafor")).unwrap().id;
    clock.advance_ms(30 * DAY_MS);
    let before = kith.today().unwrap();
    assert!(before.iter().any(|i| i.contact == Some(ana)), "Ana drifts after 30 days: {before:?}");

    kith.log_meeting(meeting_with(vec![ana, ben])).unwrap();
    // Their last touch moved: the change event names them, so their screens refresh too.
    let event = kith.take_changes().pop().expect("the meeting's event");
    assert_eq!(event.meetings.len(), 1);
    assert!(event.contacts.contains(&ana) && event.contacts.contains(&ben), "{event:?}");
    let after = kith.today().unwrap();
    assert!(!after.iter().any(|i| i.contact == Some(ana)), "met today, Ana no longer drifts: {after:?}");
    assert_eq!(after, open_store_with(&path, clock).today().unwrap());
}

#[test]
fn an_import_too_large_to_patch_is_recomputed_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a.db");
    let clock = Arc::new(FixedClock::new(1_795_165_200_000));
    let mut kith = open_store_with(&path, clock.clone());
    assert!(kith.today().unwrap().is_empty());
    let today = kith.clock().today();
    let imported: Vec<NewContact> = (0..1200)
        .map(|i| NewContact {
            familiarity: Some(Familiarity::Friendly),
            birthday: (i % 100 == 0).then(|| today.format("1990-%m-%d").to_string()),
            ..named(&format!("Imported {i}"))
        })
        .collect();
    kith.add_contacts(imported).unwrap();
    let after = kith.today().unwrap();
    assert_eq!(after.iter().filter(|i| i.reason == "birthday today").count(), 12, "{after:?}");
    assert_eq!(after, open_store_with(&path, clock).today().unwrap());
}
