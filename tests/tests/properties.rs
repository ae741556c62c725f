//! Property: after any random sequence of operations and merges on two replicas, each read
//! model equals a rebuild from its documents, and after a final exchange both read the same.

use chrono::NaiveDate;
use kith_core::model::{ContactPatch, Direction, ExchangeKind, Flow, MeetingKind, NewFollowUp, NewMeeting};
use kith_core::{Id, Kith};
use kith_scenarios::{all_contact_ids, merge_both_ways, named, open_store};
use proptest::prelude::*;
use tempfile::TempDir;

#[derive(Debug, Clone)]
enum Op {
    Add(u8),
    Title(usize, u8),
    Tag(usize, u8, bool),
    Note(usize, u8),
    Delete(usize),
    Restore(usize),
    Resolve,
    Meeting(usize, usize),
    FollowUp(usize),
    CompleteFollowUp(usize),
    Need(usize),
    Exchange(usize, bool),
    NamesGained(usize),
    Cadence(usize, u8),
    MergeIn,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<u8>().prop_map(Op::Add),
        3 => (any::<usize>(), 0u8..4).prop_map(|(c, v)| Op::Title(c, v)),
        2 => (any::<usize>(), 0u8..3, any::<bool>()).prop_map(|(c, t, add)| Op::Tag(c, t, add)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(c, n)| Op::Note(c, n)),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => any::<usize>().prop_map(Op::Restore),
        1 => Just(Op::Resolve),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Meeting(a, b)),
        1 => any::<usize>().prop_map(Op::FollowUp),
        1 => any::<usize>().prop_map(Op::CompleteFollowUp),
        1 => any::<usize>().prop_map(Op::Need),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(c, gave)| Op::Exchange(c, gave)),
        1 => any::<usize>().prop_map(Op::NamesGained),
        1 => (any::<usize>(), 1u8..200).prop_map(|(c, d)| Op::Cadence(c, d)),
        2 => Just(Op::MergeIn),
    ]
}

fn pick(ids: &[Id], i: usize) -> Option<Id> {
    (!ids.is_empty()).then(|| ids[i % ids.len()])
}

fn run(s: &mut Kith, other: &std::path::Path, op: &Op) {
    let known = all_contact_ids(s);
    match *op {
        Op::Add(n) => {
            s.add_contact(named(&format!("Person {n}"))).unwrap();
        }
        Op::Title(c, v) => {
            if let Some(id) = pick(&known, c) {
                let patch = ContactPatch { title: Some(Some(format!("Title {v}"))), ..Default::default() };
                s.update_contact(id, patch).unwrap();
            }
        }
        Op::Tag(c, t, add) => {
            if let Some(id) = pick(&known, c) {
                let tag = vec![format!("tag{t}")];
                let patch = if add {
                    ContactPatch { add_tags: tag, ..Default::default() }
                } else {
                    ContactPatch { remove_tags: tag, ..Default::default() }
                };
                s.update_contact(id, patch).unwrap();
            }
        }
        Op::Note(c, n) => {
            if let Some(id) = pick(&known, c) {
                s.append_notes(id, &format!("note {n}")).unwrap();
            }
        }
        Op::Delete(c) => {
            if let Some(id) = pick(&known, c) {
                s.delete_contact(id).unwrap();
            }
        }
        Op::Restore(c) => {
            if let Some(id) = pick(&known, c) {
                s.restore_contact(id).unwrap();
            }
        }
        Op::Resolve => {
            if let Some(first) = s.conflicts().unwrap().first() {
                s.resolve_conflict(first.entity_id, &first.conflict.field.clone(), 0).unwrap();
            }
        }
        Op::Meeting(a, b) => {
            if let (Some(x), Some(y)) = (pick(&known, a), pick(&known, b)) {
                let mut participants = vec![x, y];
                participants.dedup();
                s.log_meeting(NewMeeting {
                    kind: MeetingKind::Networking,
                    occurred_at: None,
                    participants,
                    title: None,
                    purpose: Some("two more names".into()),
                    agenda: vec![],
                    notes: Some(format!("talked {a}")),
                    outcome: None,
                    next_step: None,
                    asks: vec![],
                })
                .unwrap();
            }
        }
        Op::FollowUp(c) => {
            s.add_follow_up(NewFollowUp {
                what: format!("follow up {c}"),
                due: NaiveDate::from_ymd_opt(2026, 11, 20 + (c % 5) as u32).unwrap(),
                contact_id: pick(&known, c),
                meeting_id: None,
                direction: Direction::IOwe,
                kind: None,
            })
            .unwrap();
        }
        Op::CompleteFollowUp(i) => {
            let open = s.follow_ups(&Default::default()).unwrap();
            if !open.is_empty() {
                s.complete_follow_up(open[i % open.len()].id).unwrap();
            }
        }
        Op::Need(c) => {
            if let Some(id) = pick(&known, c) {
                s.add_need(id, &format!("needs a {} intro", c % 7), None).unwrap();
            }
        }
        Op::Exchange(c, gave) => {
            if let Some(id) = pick(&known, c) {
                let flow = if gave { Flow::Gave } else { Flow::Received };
                s.record_exchange(id, flow, ExchangeKind::Advice, None).unwrap();
            }
        }
        Op::NamesGained(c) => {
            if let Some(id) = pick(&known, c) {
                let m = s.meetings_with(id).unwrap().first().map(|m| m.id);
                if let Some(m) = m {
                    s.add_names_gained(m, &[format!("Gained {c}")], Some(id)).unwrap();
                }
            }
        }
        Op::Cadence(c, days) => {
            if let Some(id) = pick(&known, c) {
                let patch = ContactPatch { cadence_days: Some(Some(u32::from(days))), ..Default::default() };
                s.update_contact(id, patch).unwrap();
            }
        }
        Op::MergeIn => {
            s.merge_file(other).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn read_models_match_rebuilds_and_each_other(ops in prop::collection::vec((any::<bool>(), op()), 1..40)) {
        let dir = TempDir::new().unwrap();
        let (pa, pb) = (dir.path().join("a.db"), dir.path().join("b.db"));
        let mut a = open_store(&pa);
        let mut b = open_store(&pb);
        for (on_a, op) in &ops {
            if *on_a { run(&mut a, &pb, op) } else { run(&mut b, &pa, op) }
        }
        for s in [&mut a, &mut b] {
            let report = s.doctor(false).unwrap();
            prop_assert!(report.is_healthy(), "{:?}", report.problems);
        }
        merge_both_ways(&mut a, &mut b);
        prop_assert_eq!(a.diagnostics().read_model_dump().unwrap(), b.diagnostics().read_model_dump().unwrap());
        prop_assert_eq!(a.today().unwrap(), b.today().unwrap());
        prop_assert_eq!(a.yield_report().unwrap(), b.yield_report().unwrap());
        prop_assert_eq!(a.balances().unwrap(), b.balances().unwrap());
        prop_assert_eq!(a.network_risk(20).unwrap(), b.network_risk(20).unwrap());
        prop_assert_eq!(a.drifting().unwrap(), b.drifting().unwrap());
        for s in [&mut a, &mut b] {
            let report = s.doctor(false).unwrap();
            prop_assert!(report.is_healthy(), "{:?}", report.problems);
        }
    }
}
