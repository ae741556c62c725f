//! The networking method, scenario by scenario, each on a fixed clock: the advice itself as tests.

use std::sync::Arc;

use chrono::NaiveDate;
use kith_core::model::{
    ContactPatch, Direction, ExchangeKind, Familiarity, Flow, LoopKind, MeetingKind, Met, NewContact,
    NewFollowUp, NewMeeting, Tier,
};
use kith_core::{Clock, Error, FixedClock, Id, InvalidInput, Kith};
use kith_scenarios::{DAY_MS, merge_both_ways, named, open_store_with};
use tempfile::TempDir;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at_date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()))
}

fn meeting(store: &mut Kith, kind: MeetingKind, with: Id) -> Id {
    store
        .log_meeting(NewMeeting {
            kind,
            occurred_at: None,
            participants: vec![with],
            title: None,
            purpose: Some("advice".into()),
            agenda: vec![],
            asks: vec!["two more names".into()],
            notes: None,
            outcome: None,
            next_step: None,
        })
        .unwrap()
        .id
}

#[test]
fn a_month_of_networking_meetings_grows_the_network_geometrically() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let mut frontier = vec![s.add_contact(named("Ana Seed")).unwrap().id];
    for week in 0..4 {
        let mut next = Vec::new();
        for (i, person) in frontier.iter().enumerate() {
            let m = meeting(&mut s, MeetingKind::Networking, *person);
            let names = [format!("W{week} P{i} A"), format!("W{week} P{i} B")];
            let gained = s.add_names_gained(m, &names, None).unwrap();
            assert!(gained.iter().all(|g| g.introducer == Some(*person)));
            next.extend(gained.iter().map(|g| g.contact));
        }
        frontier = next;
        clock.advance_ms(7 * DAY_MS);
    }
    clock.advance_ms(-DAY_MS);
    let y = s.yield_report().unwrap();
    assert_eq!((y.networking_meetings, y.names_gained), (15, 30));
    assert_eq!(y.per_meeting, 2.0);
    assert!(y.barren.is_empty());
    let review = s.weekly_review().unwrap();
    let trend: Vec<usize> = review.trend.iter().map(|(_, n)| *n).collect();
    assert_eq!(trend, vec![2, 4, 8, 16], "each week doubles the names gained");
    // Every name gained and never met waits to be contacted, oldest first.
    let waiting = s.names_not_contacted().unwrap();
    assert_eq!(waiting.len(), 16);
    let chains = s.chains(1).unwrap();
    assert_eq!(chains[0].depth(), 4, "Ana -> W0 -> W1 -> W2 -> W3");
}

#[test]
fn a_contact_who_only_takes_is_called_out() {
    let dir = TempDir::new().unwrap();
    let mut s = open_store_with(&dir.path().join("k.db"), clock());
    let dana = s.add_contact(named("Dana Levi")).unwrap().id;
    for kind in
        [ExchangeKind::Introduction, ExchangeKind::Advice, ExchangeKind::Recommendation, ExchangeKind::Favor]
    {
        s.record_exchange(dana, Flow::Received, kind, None).unwrap();
    }
    let b = s.balance(dana).unwrap();
    assert_eq!((b.gave, b.received), (0, 4));
    assert!(b.reading.starts_with("You have received 4 things from Dana and given 0"), "{}", b.reading);
    s.record_exchange(dana, Flow::Gave, ExchangeKind::Information, Some("sent the report")).unwrap();
    s.record_exchange(dana, Flow::Gave, ExchangeKind::Introduction, None).unwrap();
    s.record_exchange(dana, Flow::Gave, ExchangeKind::Advice, None).unwrap();
    assert_eq!(s.balance(dana).unwrap().reading, "Nearly even with Dana: you gave 3 and received 4 things.");
}

#[test]
fn a_recommendation_owed_for_ninety_days_tops_today() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let eli = s.add_contact(named("Eli Cohen")).unwrap().id;
    let farah = s.add_contact(named("Farah Aziz")).unwrap().id;
    let today = clock.today();
    s.add_follow_up(NewFollowUp {
        what: "Write Eli's LinkedIn recommendation".into(),
        due: today + chrono::Duration::days(14),
        contact_id: Some(eli),
        meeting_id: None,
        direction: Direction::IOwe,
        kind: Some(LoopKind::Recommendation),
    })
    .unwrap();
    clock.advance_ms(90 * DAY_MS);
    let today = clock.today();
    // Plenty of other things compete for attention today.
    s.add_follow_up(NewFollowUp {
        what: "Send Farah the deck".into(),
        due: today - chrono::Duration::days(3),
        contact_id: Some(farah),
        meeting_id: None,
        direction: Direction::IOwe,
        kind: Some(LoopKind::Article),
    })
    .unwrap();
    s.update_contact(farah, ContactPatch { tier: Some(Some(Tier::Close)), ..Default::default() }).unwrap();
    let m = meeting(&mut s, MeetingKind::Networking, farah);
    s.add_names_gained(m, &["Gil Ross".to_string()], None).unwrap();
    let items = s.today().unwrap();
    assert!(items.len() >= 3, "{items:?}");
    assert_eq!(items[0].title, "Write Eli's LinkedIn recommendation");
    // Asked 90 days ago, due after 14: 76 days past due.
    assert_eq!(items[0].reason, "Eli Cohen is waiting for your recommendation, 2 months past due");
    let loops = s.open_loops().unwrap();
    assert!(loops[0].overdue && loops[0].age_days == 90);
}

#[test]
fn a_professional_only_contact_never_gets_a_personal_prompt() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let tomorrow = clock.today().succ_opt().unwrap().format("%m-%d").to_string();
    let add = |s: &mut Kith, name: &str, f: Familiarity| {
        s.add_contact(NewContact {
            name: name.into(),
            familiarity: Some(f),
            birthday: Some(tomorrow.clone()),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    let pro = add(&mut s, "Hana Pro", Familiarity::Professional);
    let unknown = add(&mut s, "Ivo Unknown", Familiarity::Unknown);
    let friend = add(&mut s, "Jun Friend", Familiarity::Friendly);
    s.set_personal_notes(pro, "two kids").unwrap();
    let items = s.today().unwrap();
    let prompted: Vec<Option<Id>> = items
        .iter()
        .filter(|i| i.kind == kith_core::method::TodayKind::Birthday)
        .map(|i| i.contact)
        .collect();
    assert_eq!(prompted, vec![Some(friend)]);
    assert!(!items.iter().any(|i| i.contact == Some(pro) || i.contact == Some(unknown)));
    assert_eq!(s.contact(pro).unwrap().personal_notes, "two kids");
}

#[test]
fn removing_an_introducer_shows_who_hangs_on_them() {
    let dir = TempDir::new().unwrap();
    let mut s = open_store_with(&dir.path().join("k.db"), clock());
    let ana = s
        .add_contact(NewContact {
            name: "Ana".into(),
            organization: Some("Acme".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let m = meeting(&mut s, MeetingKind::Networking, ana);
    let gained = s.add_names_gained(m, &["Ben".into(), "Chen".into(), "Dov".into()], None).unwrap();
    // Ben introduced Eve: she hangs on Ben and, through him, on Ana.
    let eve = s.add_contact(NewContact { name: "Eve".into(), ..Default::default() }).unwrap().id;
    s.add_introduction(gained[0].contact, eve, None).unwrap();
    // Chen was later met in person: no longer reached only through Ana.
    meeting(&mut s, MeetingKind::Coffee, gained[1].contact);
    for i in 0..3 {
        s.add_contact(NewContact {
            name: format!("Acme {i}"),
            organization: Some("Acme".into()),
            ..Default::default()
        })
        .unwrap();
    }
    let r = s.network_risk(10).unwrap();
    let hang: Vec<(&str, usize)> = r.hanging.iter().map(|h| (h.name.as_str(), h.count)).collect();
    assert_eq!(hang, vec![("Ana", 3), ("Ben", 1)], "Ben, Dov and Eve hang on Ana; Eve on Ben");
    assert_eq!(r.active_contacts, 8);
    assert_eq!(r.employers[0].organization, "Acme");
    assert_eq!(r.employers[0].contacts, 4);
    assert!((r.employers[0].share - 0.5).abs() < 1e-9);
}

/// The risk report is kept between visits, and is never stale: a write here, or another
/// process's write to the same file, is seen on the next ask.
#[test]
fn the_kept_risk_report_follows_every_change_here_and_in_another_process() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("k.db");
    let mut s = open_store_with(&path, clock());
    let ana = s.add_contact(NewContact { name: "Ana".into(), ..Default::default() }).unwrap().id;
    let m = meeting(&mut s, MeetingKind::Networking, ana);
    s.add_names_gained(m, &["Ben".into(), "Chen".into()], None).unwrap();
    let first = s.network_risk(10).unwrap();
    assert_eq!(s.network_risk(10).unwrap(), first, "asked again unchanged");
    assert_eq!(first.hanging[0].count, 2);

    s.add_names_gained(m, &["Dov".into()], None).unwrap();
    assert_eq!(s.network_risk(10).unwrap().hanging[0].count, 3, "a write here is seen");

    let mut other = open_store_with(&path, clock());
    other.add_names_gained(m, &["Eli".into()], None).unwrap();
    assert_eq!(s.network_risk(10).unwrap().hanging[0].count, 4, "another connection's write is seen");
    assert_eq!(s.network_risk(1).unwrap().hanging.len(), 1, "the limit is part of the key");
}

/// A write that leaves every contact's name, employer, introducer and meetings alike keeps the
/// report; each of those moves it, and the next ask shows the move.
#[test]
fn the_kept_risk_report_moves_with_names_introducers_and_meetings_only() {
    let dir = TempDir::new().unwrap();
    let mut s = open_store_with(&dir.path().join("k.db"), clock());
    let ana = s.add_contact(named("Ana")).unwrap().id;
    let introduced_by_ana = |s: &mut Kith, name: &str| {
        let met = Met { introduced_by: Some(ana), ..Default::default() };
        s.add_contact(NewContact { met, ..named(name) }).unwrap().id
    };
    let ben = introduced_by_ana(&mut s, "Ben");
    let chen = introduced_by_ana(&mut s, "Chen");
    let first = s.network_risk(10).unwrap();
    assert_eq!((first.hanging[0].contact, first.hanging[0].count), (ana, 2));

    let title = ContactPatch {
        title: Some(Some("Partner".into())),
        add_tags: vec!["vc".into()],
        ..Default::default()
    };
    s.update_contact(ana, title).unwrap();
    s.add_need(ben, "an intro to a battery engineer", None).unwrap();
    assert_eq!(s.network_risk(10).unwrap(), first, "a title, a tag and a need move nothing");

    s.update_contact(ana, ContactPatch { name: Some("Ana Reyes".into()), ..Default::default() }).unwrap();
    assert_eq!(s.network_risk(10).unwrap().hanging[0].name, "Ana Reyes", "names are shown");

    meeting(&mut s, MeetingKind::Networking, ben);
    assert_eq!(s.network_risk(10).unwrap().hanging[0].count, 1, "a meeting reaches Ben directly");

    s.update_contact(chen, ContactPatch { introduced_by: Some(None), ..Default::default() }).unwrap();
    assert!(s.network_risk(10).unwrap().hanging.is_empty(), "nobody hangs on Ana any more");

    s.update_contact(ben, ContactPatch { organization: Some(Some("Volta".into())), ..Default::default() })
        .unwrap();
    let employers = s.network_risk(10).unwrap().employers;
    assert_eq!((employers[0].organization.as_str(), employers[0].contacts), ("Volta", 1));
}

#[test]
fn needs_are_matched_and_reviewed() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let kai = s
        .add_contact(NewContact { name: "Kai".into(), tags: vec!["climate".into()], ..Default::default() })
        .unwrap()
        .id;
    let lea = s.add_contact(named("Lea")).unwrap().id;
    let need = s.add_need(kai, "Looking for a battery engineer for her startup", None).unwrap();
    s.add_need(lea, "Wants to move into product design", None).unwrap();
    let m = s.match_needs("Saw a job lead: senior battery engineers at Volta").unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].need.contact_name, "Kai");
    assert_eq!(s.match_needs("climate fund newsletter").unwrap()[0].need.need.id, need, "tags match too");
    // The need's search row follows the contact's tags, and only they move it.
    let title = ContactPatch { title: Some(Some("Founder".into())), ..Default::default() };
    s.update_contact(kai, title).unwrap();
    assert_eq!(s.match_needs("climate").unwrap().len(), 1, "a title edit keeps the tags' match");
    let retag = ContactPatch {
        add_tags: vec!["solar".into()],
        remove_tags: vec!["climate".into()],
        ..Default::default()
    };
    s.update_contact(kai, retag).unwrap();
    assert_eq!(s.match_needs("solar panels").unwrap().len(), 1, "a new tag matches");
    assert!(s.match_needs("climate").unwrap().is_empty(), "a removed tag no longer does");
    assert!(s.needs_to_review().unwrap().is_empty());
    clock.advance_ms(31 * DAY_MS);
    assert_eq!(s.needs_to_review().unwrap().len(), 2);
    s.review_need(need, None).unwrap();
    assert_eq!(s.needs_to_review().unwrap().len(), 1);
    s.set_need_status(need, kith_core::model::NeedStatus::Helped).unwrap();
    assert!(s.match_needs("battery").unwrap().is_empty(), "closed needs are not matched");
}

#[test]
fn drifting_contacts_are_ranked_and_a_touch_resets_the_cadence() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let mo = s
        .add_contact(NewContact { name: "Mo".into(), cadence_days: Some(30), ..Default::default() })
        .unwrap()
        .id;
    let nia = s
        .add_contact(NewContact { name: "Nia".into(), tier: Some(Tier::Regular), ..Default::default() })
        .unwrap()
        .id;
    s.add_contact(named("Never Nagged")).unwrap();
    clock.advance_ms(140 * DAY_MS);
    let d = s.drifting().unwrap();
    assert_eq!(d.iter().map(|x| x.contact).collect::<Vec<_>>(), vec![mo, nia]);
    assert!(d[1].reason.contains("140 days ago, cadence 90"), "{}", d[1].reason);
    meeting(&mut s, MeetingKind::Message, mo);
    assert_eq!(s.drifting().unwrap().iter().map(|x| x.contact).collect::<Vec<_>>(), vec![nia]);
}

#[test]
fn referrals_i_made_keep_their_history() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let ola = s.add_contact(named("Ola")).unwrap().id;
    let r = s.add_referral(ola, None, Some("Acme"), Some("for the data role")).unwrap();
    clock.advance_ms(30 * DAY_MS);
    s.update_referral(r, kith_core::model::ReferralStatus::Hired, Some("started in March")).unwrap();
    let all = s.referrals().unwrap();
    let steps: Vec<&str> = all[0].history.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(steps, vec!["pending", "hired"]);
    assert_eq!(all[0].company.as_deref(), Some("Acme"));
}

#[test]
fn bad_method_input_is_refused_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let mut s = open_store_with(&dir.path().join("k.db"), clock());
    let a = s.add_contact(named("Ana")).unwrap().id;
    let b = s.add_contact(named("Ben")).unwrap().id;
    let c = s.add_contact(named("Chen")).unwrap().id;
    s.add_introduction(a, b, None).unwrap();
    s.add_introduction(b, c, None).unwrap();
    let before = s.diagnostics().read_model_dump().unwrap();
    let unknown = Id::new_v7(5);
    assert!(matches!(s.add_introduction(a, a, None), Err(Error::Invalid(_))), "self-referral");
    assert!(matches!(s.add_introduction(c, a, None), Err(Error::Invalid(_))), "a cycle");
    assert!(matches!(s.add_introduction(unknown, a, None), Err(Error::NotFound { .. })));
    assert!(matches!(s.add_need(unknown, "x", None), Err(Error::NotFound { .. })));
    assert!(matches!(s.add_need(a, "  ", None), Err(Error::Invalid(InvalidInput::Missing { .. }))));
    assert!(matches!(
        s.record_exchange(unknown, Flow::Gave, ExchangeKind::Advice, None),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(s.add_referral(a, Some(a), None, None), Err(Error::Invalid(_))));
    assert!(matches!(s.add_referral(a, None, None, None), Err(Error::Invalid(_))));
    assert!(matches!(s.add_names_gained(unknown, &["X".into()], None), Err(Error::NotFound { .. })));
    let future = s.clock().now_ms() + 3 * DAY_MS;
    let tomorrow_meeting = NewMeeting {
        kind: MeetingKind::Coffee,
        occurred_at: Some(future),
        participants: vec![a],
        title: None,
        purpose: None,
        agenda: vec![],
        asks: vec![],
        notes: None,
        outcome: None,
        next_step: None,
    };
    assert!(matches!(s.log_meeting(tomorrow_meeting), Err(Error::Invalid(InvalidInput::OutOfRange { .. }))));
    let zero = ContactPatch { cadence_days: Some(Some(0)), ..Default::default() };
    assert!(matches!(s.update_contact(a, zero), Err(Error::Invalid(InvalidInput::OutOfRange { .. }))));
    assert_eq!(s.diagnostics().read_model_dump().unwrap(), before);
    // A loop that arrives anyway (two devices each adding one edge) is cut, never followed.
    assert_eq!(s.chains(5).unwrap()[0].depth(), 2);
}

#[test]
fn today_and_reports_agree_on_two_replicas_after_a_merge() {
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut a = open_store_with(&dir.path().join("a.db"), clock.clone());
    let mut b = open_store_with(&dir.path().join("b.db"), clock.clone());
    let ana = a
        .add_contact(NewContact { name: "Ana".into(), cadence_days: Some(30), ..Default::default() })
        .unwrap()
        .id;
    merge_both_ways(&mut a, &mut b);
    let m = meeting(&mut a, MeetingKind::Networking, ana);
    a.add_names_gained(m, &["Ben".into(), "Chen".into()], None).unwrap();
    b.record_exchange(ana, Flow::Received, ExchangeKind::Advice, None).unwrap();
    b.add_need(ana, "a designer for her team", None).unwrap();
    b.add_follow_up(NewFollowUp {
        what: "Thank Ana".into(),
        due: clock.today(),
        contact_id: Some(ana),
        meeting_id: None,
        direction: Direction::IOwe,
        kind: Some(LoopKind::Reply),
    })
    .unwrap();
    clock.advance_ms(45 * DAY_MS);
    merge_both_ways(&mut a, &mut b);
    assert_eq!(a.today().unwrap(), b.today().unwrap());
    assert_eq!(a.yield_report().unwrap(), b.yield_report().unwrap());
    assert_eq!(a.balances().unwrap(), b.balances().unwrap());
    assert_eq!(a.network_risk(10).unwrap(), b.network_risk(10).unwrap());
    assert_eq!(a.weekly_review().unwrap(), b.weekly_review().unwrap());
    assert!(!a.today().unwrap().is_empty());
}

/// Today is kept between visits too, and is never stale: a write here or in another process,
/// or a new day, is seen on the next ask.
#[test]
fn the_kept_today_list_follows_every_change_and_the_day() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("k.db");
    let clock = clock();
    let mut s = open_store_with(&path, clock.clone());
    let ana = s.add_contact(named("Ana Reyes")).unwrap().id;
    let owe = |what: &str, days: i64| NewFollowUp {
        what: what.into(),
        due: clock.today() + chrono::Duration::days(days),
        contact_id: Some(ana),
        meeting_id: None,
        direction: Direction::IOwe,
        kind: None,
    };
    s.add_follow_up(owe("Send the deck", 0)).unwrap();
    let first = s.today().unwrap();
    assert_eq!(s.today().unwrap(), first, "asked again unchanged");
    let titles =
        |items: &[kith_core::method::TodayItem]| items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
    assert!(titles(&first).contains(&"Send the deck".to_string()));

    s.add_follow_up(owe("Intro to Ben", 0)).unwrap();
    assert!(titles(&s.today().unwrap()).contains(&"Intro to Ben".to_string()), "a write here is seen");

    let mut other = open_store_with(&path, clock.clone());
    other.add_follow_up(owe("Reply about the role", 0)).unwrap();
    assert!(titles(&s.today().unwrap()).contains(&"Reply about the role".to_string()), "another process");

    s.add_follow_up(owe("Call back tomorrow", 1)).unwrap();
    assert!(!titles(&s.today().unwrap()).contains(&"Call back tomorrow".to_string()));
    clock.advance_ms(24 * 3600 * 1000);
    assert!(titles(&s.today().unwrap()).contains(&"Call back tomorrow".to_string()), "a new day is seen");
}

/// Today reads only the rows that ask for action (SQL filters ahead of the rules): on each
/// rule's boundary day it shows exactly what the full lists say it should, no more, no fewer.
#[test]
fn today_shows_everything_on_each_rules_boundary_and_nothing_before_it() {
    use kith_core::method::TodayKind;
    let dir = TempDir::new().unwrap();
    let clock = clock();
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let owe = |s: &mut Kith, what: &str, who: Id, due: NaiveDate| {
        s.add_follow_up(NewFollowUp {
            what: what.into(),
            due,
            contact_id: Some(who),
            meeting_id: None,
            direction: Direction::IOwe,
            kind: Some(LoopKind::Article),
        })
        .unwrap()
        .id
    };
    let cadenced = |s: &mut Kith, name: &str| {
        s.add_contact(NewContact { name: name.into(), cadence_days: Some(30), ..Default::default() })
            .unwrap()
            .id
    };
    let start = clock.today();
    let ana = cadenced(&mut s, "Ana Old");
    let aged = owe(&mut s, "Send Ana the deck", ana, start + chrono::Duration::days(60));
    let snoozed = owe(&mut s, "Intro Ana to Ben", ana, start);
    s.snooze_follow_up(snoozed, start + chrono::Duration::days(40)).unwrap();
    let old_need = s.add_need(ana, "a designer", None).unwrap();
    clock.advance_ms(DAY_MS);
    let ben = cadenced(&mut s, "Ben New");
    let young = owe(&mut s, "Send Ben the deck", ben, start + chrono::Duration::days(60));
    clock.advance_ms(DAY_MS);
    let new_need = s.add_need(ben, "a mentor", None).unwrap();
    let of = |items: &[kith_core::method::TodayItem], kind: TodayKind| -> Vec<Id> {
        let mut ids: Vec<Id> = items.iter().filter(|i| i.kind == kind).map(|i| i.subject).collect();
        ids.sort();
        ids
    };

    // Day 7: the first loop is a week old (the I-owe threshold), the second six days.
    clock.advance_ms(5 * DAY_MS);
    let items = s.today().unwrap();
    assert_eq!(of(&items, TodayKind::FollowUp), vec![aged], "{items:?}");
    let expected: Vec<Id> = s
        .open_loops()
        .unwrap()
        .into_iter()
        .filter(|l| l.overdue && l.follow_up.snoozed_until.is_none_or(|u| u <= clock.today()))
        .map(|l| l.follow_up.id)
        .collect();
    assert_eq!(expected, vec![aged]);
    assert!(!of(&items, TodayKind::FollowUp).contains(&young));

    // Day 31: Ana is 31 days untouched on a 30-day cadence, Ben exactly 30; the first need has
    // waited 31 days for a look (the threshold is 30), the second 29.
    clock.advance_ms(24 * DAY_MS);
    let items = s.today().unwrap();
    assert_eq!(of(&items, TodayKind::Drifting), vec![ana], "{items:?}");
    assert_eq!(of(&items, TodayKind::NeedReview), vec![old_need]);
    let to_review: Vec<Id> =
        s.needs(None).unwrap().into_iter().filter(|n| n.review_reason.is_some()).map(|n| n.need.id).collect();
    assert_eq!(to_review, vec![old_need]);
    assert!(!of(&items, TodayKind::NeedReview).contains(&new_need));
    // The snoozed loop wakes on its day and not before.
    assert!(!of(&items, TodayKind::FollowUp).contains(&snoozed));
    clock.advance_ms(9 * DAY_MS);
    assert!(of(&s.today().unwrap(), TodayKind::FollowUp).contains(&snoozed));
}

/// Birthdays across the turn of the year, and 29 February in a year without one.
#[test]
fn birthdays_in_the_coming_week_cross_the_year_and_leap_days() {
    use kith_core::method::TodayKind;
    let dir = TempDir::new().unwrap();
    let clock = Arc::new(FixedClock::at_date(NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()));
    let mut s = open_store_with(&dir.path().join("k.db"), clock.clone());
    let friend = |s: &mut Kith, name: &str, birthday: &str| {
        let new = NewContact {
            name: name.into(),
            familiarity: Some(Familiarity::Friendly),
            birthday: Some(birthday.into()),
            ..Default::default()
        };
        s.add_contact(new).unwrap().id
    };
    let in_a_week = friend(&mut s, "Ana Week", "01-04");
    friend(&mut s, "Ben Eight", "01-05");
    let leap = friend(&mut s, "Chen Leap", "1992-02-29");
    let birthdays = |s: &Kith| -> Vec<(Id, String)> {
        s.today()
            .unwrap()
            .into_iter()
            .filter(|i| i.kind == TodayKind::Birthday)
            .map(|i| (i.subject, i.reason))
            .collect()
    };
    assert_eq!(birthdays(&s), vec![(in_a_week, "birthday in 7 days".to_string())]);
    // 2027 has no 29 February: the birthday falls on 1 March, a week after the 22nd.
    clock.advance_ms(56 * DAY_MS);
    assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2027, 2, 22).unwrap());
    assert_eq!(birthdays(&s), vec![(leap, "birthday in 7 days".to_string())]);
}
