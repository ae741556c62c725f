//! Device-to-device sync through encrypted sessions: convergence, cost, refusal, faults.

use kith_core::fuzzing::{RawResponder, apply_foreign_changes};
use kith_core::model::{ContactPatch, MeetingKind, NewContact, NewMeeting};
use kith_core::sync::{Frame, SyncError};
use kith_core::{ContactQuery, Error, Kith};
use kith_scenarios::{named, open_store, pair, sync, sync_cut_after};
use proptest::prelude::*;
use tempfile::TempDir;

fn device(dir: &TempDir, name: &str) -> Kith {
    open_store(&dir.path().join(format!("{name}.db")))
}

fn paired(dir: &TempDir) -> (Kith, Kith) {
    let (mut a, mut b) = (device(dir, "phone"), device(dir, "laptop"));
    pair(&mut a, &mut b);
    (a, b)
}

/// Two paired devices that share `n` contacts the first one added.
fn paired_sharing(dir: &TempDir, n: usize) -> (Kith, Kith, Vec<kith_core::Id>) {
    let (mut a, mut b) = paired(dir);
    let ids = a.add_contacts((0..n).map(|i| named(&format!("P{i}"))).collect()).unwrap();
    sync(&mut a, &mut b).unwrap();
    (a, b, ids)
}

fn same(a: &Kith, b: &Kith) {
    assert_eq!(a.diagnostics().read_model_dump().unwrap(), b.diagnostics().read_model_dump().unwrap());
}

#[test]
fn two_devices_converge_and_a_noop_sync_is_one_small_round_trip() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let c = a.add_contact(named("Ana")).unwrap();
    b.add_contact(named("Ben")).unwrap();
    let first = sync(&mut a, &mut b).unwrap();
    assert!(first.complete);
    assert_eq!(b.contact(c.id).unwrap().name.full, "Ana");
    same(&a, &b);
    let noop = sync(&mut a, &mut b).unwrap();
    assert_eq!(noop.stats.frames_sent, 1, "one round trip: the manifest out, `done` back");
    assert!(noop.stats.bytes_sent + noop.stats.bytes_received < 2048, "{:?}", noop.stats);
    same(&a, &b);
}

#[test]
fn a_mixer_of_edits_on_both_sides_syncs_in_three_round_trips() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, ids) = paired_sharing(&dir, 300);
    for (side, d) in [&mut a, &mut b].into_iter().enumerate() {
        for i in 0..100 {
            let id = ids[(i * 7 + side * 3) % ids.len()];
            if i % 2 == 0 {
                d.append_notes(id, &format!("note {side}-{i}")).unwrap();
            } else {
                d.update_contact(
                    id,
                    ContactPatch { title: Some(Some(format!("T{side}-{i}"))), ..Default::default() },
                )
                .unwrap();
            }
        }
    }
    let run = sync(&mut a, &mut b).unwrap();
    assert!(run.complete);
    // Each frame the initiator receives answers one it sent: that is a round trip. Three is the
    // design; Automerge's sync messages carry Bloom filters (1% false positives per change), and
    // a false positive on one of these 200 changes costs one more round now and then.
    assert!(run.stats.frames_received <= 4, "round trips: {:?}", run.stats);
    same(&a, &b);
    assert!(a.doctor(false).unwrap().is_healthy());
}

/// Buckets changed on one side only are pushed and acknowledged from what that side stores: it
/// loads none of them (a cold bucket at 20k contacts takes 13 ms to load), and both sides end
/// as a sync with every bucket loaded leaves them, so the next sync is a no-op.
#[test]
fn changes_made_on_one_side_sync_without_loading_them_there() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, ids) = paired_sharing(&dir, 300);
    sync(&mut a, &mut b).unwrap();
    for round in 0..4 {
        // The initiator pushes, then the responder, twice over.
        let a_pushes = round % 2 == 0;
        let (pushing, other) = if a_pushes { (&mut a, &mut b) } else { (&mut b, &mut a) };
        for i in 0..6 {
            let id = ids[(round * 31 + i * 47) % ids.len()];
            pushing
                .update_contact(
                    id,
                    ContactPatch { title: Some(Some(format!("R{round} {i}"))), ..Default::default() },
                )
                .unwrap();
            pushing.append_notes(id, &format!("round {round}")).unwrap();
        }
        pushing.diagnostics_mut().unload_docs();
        other.diagnostics_mut().unload_docs();
        let run = sync(&mut a, &mut b).unwrap();
        assert!(run.complete);
        let (pushing, other) = if a_pushes { (&a, &b) } else { (&b, &a) };
        assert_eq!(pushing.diagnostics().loaded_docs(), 0, "round {round}: the pushing side loads nothing");
        assert!(other.diagnostics().loaded_docs() > 0, "the other side loads what it applies");
        same(&a, &b);
        assert_eq!(sync(&mut a, &mut b).unwrap().stats.frames_sent, 1, "round {round}: then nothing is owed");
    }
    assert!(a.doctor(false).unwrap().is_healthy() && b.doctor(false).unwrap().is_healthy());
}

/// A received round refreshes the search rows of every document it brings once, at its end and
/// in rowid order, so FTS5 writes the round's terms as one index segment. Refreshed document by
/// document, each bucket's contacts started again near the lowest rowid, and FTS5 writes out
/// what it holds whenever a write goes back in rowid: a segment a document, each to be merged.
#[test]
fn a_received_round_writes_its_search_terms_as_one_segment() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    // Added one at a time, the laptop's contacts take rowids in no bucket's order.
    let ids: Vec<_> = (0..300).map(|i| b.add_contact(named(&format!("P{i}"))).unwrap().id).collect();
    sync(&mut a, &mut b).unwrap();
    // FTS5 merges segments as they pile up; the laptop's index keeps every one here, to count.
    let index = rusqlite::Connection::open(dir.path().join("laptop.db")).unwrap();
    index
        .execute_batch(
            "INSERT INTO contact_fts (contact_fts, rank) VALUES ('automerge', 0);
             INSERT INTO contact_fts (contact_fts, rank) VALUES ('crisismerge', 1000);",
        )
        .unwrap();
    // A segment's pages are stored under rowids whose bits from the 38th up are its number.
    let segments = || -> i64 {
        index
            .query_row("SELECT count(DISTINCT id >> 37) FROM contact_fts_data WHERE id >> 37 > 0", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let before = segments();
    for (i, id) in ids.iter().step_by(5).enumerate() {
        a.update_contact(
            *id,
            ContactPatch { title: Some(Some(format!("Curator {i}"))), ..Default::default() },
        )
        .unwrap();
    }
    let run = sync(&mut a, &mut b).unwrap();
    assert!(run.complete);
    // 60 contacts in some 40 of the 64 buckets: 21 segments when each document was refreshed alone.
    assert_eq!(segments() - before, 1, "one segment for the round");
    let found = b
        .contacts(&ContactQuery { search: Some("curator".into()), limit: 100, ..Default::default() })
        .unwrap();
    assert_eq!(found.len(), 60);
    same(&a, &b);
}

#[test]
fn a_session_gives_the_shells_loaded_document_budget_back() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let people: Vec<NewContact> = (0..400).map(|i| named(&format!("Person {i}"))).collect();
    let ids = a.add_contacts(people).unwrap();
    sync(&mut a, &mut b).unwrap();
    // The shell can afford 40 buckets; its edits spread over more than that.
    a.set_loaded_docs_capacity(40);
    for id in ids.iter().take(120) {
        a.update_contact(*id, ContactPatch { title: Some(Some("Edited".into())), ..Default::default() })
            .unwrap();
    }
    assert_eq!(a.diagnostics().loaded_docs(), 40);
    let resting = a.diagnostics().page_cache_kib().unwrap();
    sync(&mut a, &mut b).unwrap();
    assert_eq!(a.diagnostics().loaded_docs(), 40, "the session held more, then gave the budget back");
    assert_eq!(a.diagnostics().page_cache_kib().unwrap(), resting);
    // The default budget stays the default.
    assert!(b.diagnostics().loaded_docs() <= 8, "{}", b.diagnostics().loaded_docs());
    assert_eq!(b.diagnostics().page_cache_kib().unwrap(), resting);
}

#[test]
fn a_failed_session_gives_its_memory_back_too() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let people: Vec<NewContact> = (0..200).map(|i| named(&format!("Person {i}"))).collect();
    a.add_contacts(people).unwrap();
    let resting = b.diagnostics().page_cache_kib().unwrap();
    let (mut mine, hello) = a.start_sync(&b.device_id().unwrap()).unwrap();
    let mut theirs = b.accept_sync().unwrap();
    let reply = b.sync_receive(&mut theirs, &hello).unwrap().unwrap();
    let manifest = a.sync_receive(&mut mine, &reply).unwrap().unwrap();
    b.sync_receive(&mut theirs, &manifest).unwrap();
    assert!(b.diagnostics().page_cache_kib().unwrap() > resting, "a session holds a larger page cache");
    // The connection breaks mid-session: what arrives is no sealed frame of this session.
    assert!(b.sync_receive(&mut theirs, b"cut short").is_err());
    assert_eq!(b.diagnostics().page_cache_kib().unwrap(), resting);
    assert!(b.diagnostics().loaded_docs() <= 8, "{}", b.diagnostics().loaded_docs());
}

#[test]
fn unknown_and_revoked_devices_are_refused_before_any_document_moves() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let mut stranger = device(&dir, "stranger");
    let mut accomplice = device(&dir, "accomplice");
    pair(&mut stranger, &mut accomplice);
    // The stranger opens a sealed session as it would with any paired device; b never paired
    // with it and refuses at the handshake, before any document byte.
    let (_, hello) = stranger.start_sync(&accomplice.device_id().unwrap()).unwrap();
    let before = b.diagnostics().read_model_dump().unwrap();
    let mut session = b.accept_sync().unwrap();
    assert!(matches!(b.sync_receive(&mut session, &hello), Err(Error::Sync(SyncError::UnknownDevice))));
    assert_eq!(b.diagnostics().read_model_dump().unwrap(), before);
    sync(&mut a, &mut b).unwrap();
    b.revoke_device(&a.device_id().unwrap()).unwrap();
    a.add_contact(named("After revocation")).unwrap();
    assert!(matches!(sync(&mut a, &mut b), Err(Error::Sync(SyncError::RevokedDevice))));
    assert!(
        b.contacts(&ContactQuery { search: Some("revocation".into()), ..Default::default() })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_frames_are_typed_errors_and_change_nothing() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    a.add_contact(named("Ana")).unwrap();
    let before = b.diagnostics().read_model_dump().unwrap();
    let manifest = Frame::Manifest { epoch: 2, digests: vec![], messages: vec![] }.encode();
    let garbage: Vec<Vec<u8>> = vec![
        vec![],
        b"hello".to_vec(),
        manifest[..manifest.len() / 2].to_vec(),
        {
            let mut v = manifest.clone();
            v[2] = 99;
            v
        },
        Frame::Round {
            done: false,
            messages: vec![(kith_core::sync::doc_from_code(3).unwrap(), vec![1, 2, 3])],
        }
        .encode(),
    ];
    let a_id = a.device_id().unwrap();
    for (i, bad) in garbage.iter().enumerate() {
        let mut s = RawResponder::new(&a_id);
        assert!(s.receive(&mut b, bad).is_err(), "garbage {i} accepted");
        // And through the sealed door: refused at the handshake.
        let mut sealed = b.accept_sync().unwrap();
        assert!(b.sync_receive(&mut sealed, bad).is_err(), "sealed garbage {i} accepted");
    }
    // A valid manifest, then a round carrying a message that is not Automerge.
    let mut s = RawResponder::new(&a_id);
    s.receive(&mut b, &manifest).unwrap();
    let junk = Frame::Round {
        done: false,
        messages: vec![(kith_core::sync::doc_from_code(0).unwrap(), vec![0x42, 0xff, 0x00])],
    };
    assert!(matches!(s.receive(&mut b, &junk.encode()), Err(Error::Sync(SyncError::Malformed(_)))));
    assert_eq!(b.diagnostics().read_model_dump().unwrap(), before);
    assert!(b.doctor(false).unwrap().is_healthy());
    // And the next honest session still converges.
    assert!(sync(&mut a, &mut b).unwrap().complete);
    same(&a, &b);
}

#[test]
fn a_connection_dropped_at_every_point_resumes_and_converges() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let mut cut = 1;
    loop {
        a.add_contact(named(&format!("A{cut}"))).unwrap();
        b.add_contact(named(&format!("B{cut}"))).unwrap();
        let dropped = sync_cut_after(&mut a, &mut b, cut).unwrap();
        assert!(a.doctor(false).unwrap().is_healthy() && b.doctor(false).unwrap().is_healthy());
        let full = sync(&mut a, &mut b).unwrap();
        assert!(full.complete);
        same(&a, &b);
        if dropped || cut > 8 {
            break;
        }
        cut += 1;
    }
    let names = |d: &Kith| d.contacts(&ContactQuery { limit: 1000, ..Default::default() }).unwrap().len();
    assert_eq!(names(&a), 2 * cut);
}

#[test]
fn bundles_carry_what_the_peer_lacks_once() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    sync(&mut a, &mut b).unwrap();
    let c = a
        .add_contact(NewContact {
            name: "Offline Olga".into(),
            notes: Some("met on the train".into()),
            ..Default::default()
        })
        .unwrap();
    let bundle = a.export_bundle(&b.device_id().unwrap()).unwrap();
    let first = b.import_bundle(&bundle).unwrap();
    assert!(first.docs_changed >= 1);
    assert_eq!(b.contact(c.id).unwrap().notes, "met on the train");
    let before = b.diagnostics().read_model_dump().unwrap();
    assert_eq!(b.import_bundle(&bundle).unwrap().docs_changed, 0, "idempotent");
    assert_eq!(b.diagnostics().read_model_dump().unwrap(), before);
    let mut other = device(&dir, "other");
    assert!(other.import_bundle(&bundle).is_err(), "not paired, not for it");
    let mut tampered = bundle.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x55;
    assert!(b.import_bundle(&tampered).is_err());
    assert!(b.import_bundle(b"KITHBNDL").is_err());
}

#[test]
fn changes_outside_the_schema_are_ignored_without_harm() {
    use automerge::{
        ActorId, AutoCommit, ObjType, ROOT, ReadDoc,
        transaction::{CommitOptions, Transactable},
    };
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let id = a.add_contact(named("Ana")).unwrap().id;
    sync(&mut a, &mut b).unwrap();
    // A foreign writer: the same genesis, then odd shapes everywhere.
    let mut foreign = AutoCommit::new().with_actor(ActorId::from([0u8; 16]));
    foreign.put_object(ROOT, "contacts", ObjType::Map).unwrap();
    foreign.put_object(ROOT, "organizations", ObjType::Map).unwrap();
    foreign.commit_with(CommitOptions::default().with_time(0));
    let mut evil = AutoCommit::new().with_actor(ActorId::from([9u8; 16]));
    evil.merge(&mut foreign).unwrap();
    let contacts = evil.get(ROOT, "contacts").unwrap().unwrap().1;
    evil.put(&contacts, "not-an-id", 42).unwrap();
    let odd = evil.put_object(&contacts, uuid_like(), ObjType::List).unwrap();
    evil.insert(&odd, 0, "list where a map belongs").unwrap();
    evil.put(ROOT, "unknown_root", "x").unwrap();
    evil.commit();
    let changes = evil.save_after(&foreign.get_heads());
    assert!(b.contact(id).is_ok());
    for code in 0..256u16 {
        let doc = kith_core::sync::doc_from_code(code).unwrap();
        let _ = apply_foreign_changes(&mut b, doc, &changes);
    }
    assert!(b.doctor(false).unwrap().is_healthy());
    assert!(sync(&mut b, &mut a).unwrap().complete);
    assert!(a.doctor(false).unwrap().is_healthy());
    same(&a, &b);
}

fn uuid_like() -> String {
    "01a20000-0000-7000-8000-000000000001".into()
}

/// What sync rounds stored must load whole after a restart, sync on with nothing more to say,
/// and hand every change on when a third store merges the file (which skips stored parts by
/// the heads recorded with them).
#[test]
fn changes_stored_as_received_load_back_and_merge_on() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, ids) = paired_sharing(&dir, 40);
    for round in 0..3 {
        for (side, d) in [&mut a, &mut b].into_iter().enumerate() {
            for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 3 == (round + side) % 3) {
                d.append_notes(*id, &format!("r{round} s{side} {i}")).unwrap();
                let title = Some(Some(format!("T{round}-{side}-{i}")));
                d.update_contact(*id, ContactPatch { title, ..Default::default() }).unwrap();
            }
            d.add_contact(named(&format!("New {round}-{side}"))).unwrap();
        }
        assert!(sync(&mut a, &mut b).unwrap().complete);
    }
    same(&a, &b);
    let b_path = dir.path().join("laptop.db");
    drop(b);
    let mut b = device(&dir, "laptop");
    assert!(b.doctor(false).unwrap().is_healthy(), "every stored part loads and matches its rows");
    same(&a, &b);
    let again = sync(&mut a, &mut b).unwrap();
    assert_eq!(again.stats.frames_sent, 1, "nothing more to say after a restart: {:?}", again.stats);

    let mut c = device(&dir, "third");
    let a_path = a.path().to_path_buf();
    c.merge_file(&a_path).unwrap();
    c.merge_file(&b_path).unwrap();
    let all = ContactQuery { limit: 500, ..Default::default() };
    let shown = |k: &Kith| -> Vec<(String, Option<String>, String)> {
        let mut v: Vec<_> = k
            .contacts(&all)
            .unwrap()
            .into_iter()
            .map(|c| {
                let full = k.contact(c.id).unwrap();
                (full.name.full, full.title, full.notes)
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(shown(&c), shown(&b));
    assert!(c.doctor(false).unwrap().is_healthy());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// 3 to 5 replicas, random edits and random pairwise syncs with random dropped connections.
    /// After a final full round every replica has the same documents and read model, each equal to
    /// a rebuild from its documents, and no acknowledged edit is missing.
    #[test]
    fn replicas_converge(
        replicas in 3usize..=5,
        steps in prop::collection::vec((0usize..5, 0usize..5, 0u8..6, any::<u16>(), prop::option::of(1usize..6)), 5..30),
    ) {
        let dir = TempDir::new().unwrap();
        let mut devices: Vec<Kith> = (0..replicas).map(|i| device(&dir, &format!("r{i}"))).collect();
        for i in 0..replicas {
            for j in i + 1..replicas {
                let (left, right) = devices.split_at_mut(j);
                pair(&mut left[i], &mut right[0]);
            }
        }
        let mut added = Vec::new();
        for (x, y, op, n, drop) in steps {
            let (x, y) = (x % replicas, y % replicas);
            let known: Vec<_> = devices[x].contacts(&ContactQuery { limit: 500, ..Default::default() }).unwrap();
            match op {
                0 | 1 => added.push(devices[x].add_contact(named(&format!("N{n}"))).unwrap().id),
                2 if !known.is_empty() => {
                    let id = known[n as usize % known.len()].id;
                    devices[x].update_contact(id, ContactPatch { title: Some(Some(format!("T{n}"))), ..Default::default() }).unwrap();
                }
                3 if !known.is_empty() => {
                    devices[x].append_notes(known[n as usize % known.len()].id, &format!("n{n}")).unwrap();
                }
                4 if !known.is_empty() => {
                    devices[x].delete_contact(known[n as usize % known.len()].id).unwrap();
                }
                _ if x != y => {
                    let (lo, hi) = (x.min(y), x.max(y));
                    let (left, right) = devices.split_at_mut(hi);
                    let (p, q) = (&mut left[lo], &mut right[0]);
                    let (from, to) = if x < y { (p, q) } else { (q, p) };
                    match drop {
                        Some(cut) => { sync_cut_after(from, to, cut).unwrap(); }
                        None => { sync(from, to).unwrap(); }
                    }
                }
                _ => {}
            }
        }
        for _ in 0..2 {
            for i in 0..replicas {
                let j = (i + 1) % replicas;
                let (lo, hi) = (i.min(j), i.max(j));
                let (left, right) = devices.split_at_mut(hi);
                prop_assert!(sync(&mut left[lo], &mut right[0]).unwrap().complete);
            }
        }
        let reference = devices[0].diagnostics().read_model_dump().unwrap();
        for d in devices.iter_mut() {
            prop_assert_eq!(&d.diagnostics().read_model_dump().unwrap(), &reference);
            prop_assert!(d.doctor(false).unwrap().is_healthy());
            for id in &added {
                prop_assert!(d.contact(*id).is_ok(), "an acknowledged add is missing");
            }
        }
    }
}

/// `kith merge` of a file from someone else's account used to bring its device list along, and
/// one of those devices then synced in as a trusted peer. A merged file carries contacts and
/// the method's records, never trust.
#[test]
fn merging_another_accounts_file_carries_no_trust() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let mut victim_of = device(&dir, "stranger");
    let mut strangers_laptop = device(&dir, "strangers-laptop");
    pair(&mut victim_of, &mut strangers_laptop);
    let shared = victim_of.add_contact(named("Card From The Other File")).unwrap().id;
    let before: Vec<String> = a.devices().unwrap().into_iter().map(|d| d.device.id).collect();
    a.merge_file(victim_of.path()).unwrap();
    assert_eq!(a.contact(shared).unwrap().name.full, "Card From The Other File", "the contacts came");
    let after: Vec<String> = a.devices().unwrap().into_iter().map(|d| d.device.id).collect();
    assert_eq!(after, before, "no device of the other account is listed");
    // Their devices are refused at the handshake.
    let (_, hello) = victim_of.start_sync(&strangers_laptop.device_id().unwrap()).unwrap();
    let mut session = a.accept_sync().unwrap();
    assert!(matches!(a.sync_receive(&mut session, &hello), Err(Error::Sync(SyncError::UnknownDevice))));
    // The devices paired here still sync.
    assert!(sync(&mut a, &mut b).unwrap().complete);
}

/// Two devices that each paired with a third before syncing created its entry twice; when they
/// merged, the revoker's copy could lose and the revoked device synced again (4 of 6 runs).
/// A revocation wins over any concurrent state, every time.
#[test]
fn a_revocation_survives_concurrent_pairings_of_the_same_device() {
    for run in 0..8 {
        let dir = TempDir::new().unwrap();
        let (mut a, mut b) = paired(&dir);
        let mut d = device(&dir, "dee");
        pair(&mut a, &mut d);
        pair(&mut b, &mut d);
        let d_id = d.device_id().unwrap();
        a.revoke_device(&d_id).unwrap();
        sync(&mut a, &mut b).unwrap();
        sync(&mut b, &mut a).unwrap();
        for (side, k) in [("a", &mut a), ("b", &mut b)] {
            let listed = k.devices().unwrap().into_iter().find(|v| v.device.id == d_id).unwrap();
            assert!(
                listed.device.revoked_at.is_some(),
                "run {run}: {side} lists the revoked device as active"
            );
            assert!(
                matches!(sync(&mut d, k), Err(Error::Sync(SyncError::RevokedDevice))),
                "run {run}: {side} let the revoked device sync"
            );
        }
        // Pairing it again does not undo the revocation: it is refused.
        assert!(a.pair_with(&mut d).is_err(), "run {run}: a revoked device re-paired");
        assert!(
            a.devices().unwrap().iter().find(|v| v.device.id == d_id).unwrap().device.revoked_at.is_some()
        );
    }
}

/// Any bundle Kith writes, Kith reads: a bundle bigger than a sync frame (a 4,022-contact store
/// wrote a 3.6 MB bundle that its device then refused) imports whole.
#[test]
fn a_bundle_bigger_than_a_frame_imports() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let people: Vec<NewContact> = (0..1_500)
        .map(|i| {
            let mut x = i as u64 + 7;
            let note: String = (0..60)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    format!("{:x} ", x >> 44)
                })
                .collect();
            NewContact { notes: Some(note), ..named(&format!("Bundled Person {i}")) }
        })
        .collect();
    a.add_contacts(people).unwrap();
    let bundle = a.export_bundle(&b.device_id().unwrap()).unwrap();
    assert!(bundle.len() > 512 * 1024, "bigger than a frame: {} bytes", bundle.len());
    let report = b.import_bundle(&bundle).unwrap();
    assert!(report.entities_changed >= 1_500);
    assert_eq!(b.count_contacts().unwrap(), 1_500);
}

/// A foreign change that replaces a contact's e-mail list with a string made the next e-mail
/// edit panic. Every container read from replicated data is checked: the edit is refused with a
/// typed error, nothing stored changes, and the rest of the store works.
#[test]
fn a_container_replaced_by_a_foreign_writer_is_a_typed_error_not_a_panic() {
    use automerge::{AutoCommit, ROOT, ReadDoc, transaction::Transactable};
    use kith_core::fuzzing::save_document;
    use kith_core::sync::Family;
    let dir = TempDir::new().unwrap();
    let mut a = device(&dir, "a");
    let ana = a.add_contact(NewContact { emails: vec!["ana@acme.io".into()], ..named("Ana") }).unwrap();
    let doc_id = kith_core::fuzzing::document_of(&mut a, Family::Contacts, &ana.id);
    let mut doc = AutoCommit::load(&save_document(&mut a, doc_id).unwrap()).unwrap();
    let heads = doc.get_heads();
    let contacts = doc.get(ROOT, "contacts").unwrap().unwrap().1;
    let entry = doc.get(&contacts, ana.id.to_string()).unwrap().unwrap().1;
    doc.put(&entry, "emails", "not a list").unwrap();
    doc.commit();
    let before = a.diagnostics().read_model_dump().unwrap();
    // Refused whole, before anything is stored: the e-mail list stays a list.
    let refused = apply_foreign_changes(&mut a, doc_id, &doc.save_after(&heads));
    assert!(matches!(refused, Err(Error::Schema { .. })), "{refused:?}");
    assert_eq!(a.diagnostics().read_model_dump().unwrap(), before);
    let patch = ContactPatch { emails: Some(vec!["new@acme.io".into()]), ..Default::default() };
    assert_eq!(a.update_contact(ana.id, patch).unwrap().emails[0].value, "new@acme.io");
    // A name that is not text (it bypassed validation and showed a blank contact) likewise.
    let mut doc = AutoCommit::load(&save_document(&mut a, doc_id).unwrap()).unwrap();
    let heads = doc.get_heads();
    let contacts = doc.get(ROOT, "contacts").unwrap().unwrap().1;
    let entry = doc.get(&contacts, ana.id.to_string()).unwrap().unwrap().1;
    doc.put(&entry, "name", 42).unwrap();
    doc.commit();
    assert!(matches!(
        apply_foreign_changes(&mut a, doc_id, &doc.save_after(&heads)),
        Err(Error::Schema { .. })
    ));
    assert_eq!(a.contact(ana.id).unwrap().name.full, "Ana");
    assert_eq!(a.add_contact(named("Ben")).unwrap().name.full, "Ben", "the store still works");
}

fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A 400 KB photo (under the 512 KB photo limit) made every sync fail for good: a document's
/// changes had to fit one 256 KB frame. Large changes now span frames, and several photos in
/// one bucket sync too.
#[test]
fn photos_bigger_than_a_frame_sync() {
    use kith_core::model::Photo;
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    let photo =
        |seed: u64, len: usize| Some(Photo { media_type: "image/jpeg".into(), bytes: noise(seed, len) });
    let big = a.add_contact(NewContact { photo: photo(1, 400 * 1024), ..named("Big Photo") }).unwrap().id;
    let report = sync(&mut a, &mut b).unwrap();
    assert!(report.complete);
    assert_eq!(b.photo(big).unwrap().unwrap().bytes.len(), 400 * 1024);
    // Many photos, several per bucket, in one sync.
    let people: Vec<NewContact> = (0..40)
        .map(|i| NewContact { photo: photo(10 + i, 120 * 1024), ..named(&format!("Photo {i}")) })
        .collect();
    a.add_contacts(people).unwrap();
    assert!(sync(&mut a, &mut b).unwrap().complete);
    same(&a, &b);
    assert_eq!(b.count_contacts().unwrap(), 41);
    // And the other way, after an edit on each side.
    b.update_contact(big, ContactPatch { title: Some(Some("Photographer".into())), ..Default::default() })
        .unwrap();
    assert!(sync(&mut b, &mut a).unwrap().complete);
    assert_eq!(a.contact(big).unwrap().title.as_deref(), Some("Photographer"));
}

/// Importing a bundle records what its sender holds, so the bundle sent back carries only what
/// is new here (it used to send the sender all its own changes again, and never shrank).
#[test]
fn a_bundle_back_carries_only_what_is_new() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    sync(&mut a, &mut b).unwrap();
    a.add_contacts((0..200).map(|i| named(&format!("From A {i}"))).collect()).unwrap();
    let to_b = a.export_bundle(&b.device_id().unwrap()).unwrap();
    b.import_bundle(&to_b).unwrap();
    b.add_contact(named("From B")).unwrap();
    let back = b.export_bundle(&a.device_id().unwrap()).unwrap();
    assert!(
        back.len() * 10 < to_b.len(),
        "{} bytes back for one contact, {} out for 200",
        back.len(),
        to_b.len()
    );
    assert!(a.import_bundle(&back).unwrap().entities_changed >= 1);
    assert_eq!(a.count_contacts().unwrap(), 201);
    assert!(sync(&mut a, &mut b).unwrap().complete);
    same(&a, &b);
}

/// Two more foreign shapes that broke the read model: a second `contacts` map at the root (its
/// empty map could win and hide every contact, and `doctor --repair` would then drop them),
/// and a contact placed in a bucket its id does not hash to (listed, but it could not be shown,
/// edited or deleted). The genesis map is always the one read; a misplaced entity is ignored.
#[test]
fn a_replaced_root_map_or_a_misplaced_contact_does_no_harm() {
    use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, transaction::Transactable};
    use kith_core::fuzzing::save_document;
    use kith_core::sync::Family;
    for actor in 0..6u8 {
        let dir = TempDir::new().unwrap();
        let mut a = device(&dir, "a");
        let ana = a.add_contact(named("Ana")).unwrap().id;
        let doc_id = kith_core::fuzzing::document_of(&mut a, Family::Contacts, &ana);
        let bytes = save_document(&mut a, doc_id).unwrap();
        // Different foreign actors win the conflict differently: try several.
        let mut doc = AutoCommit::load(&bytes).unwrap().with_actor(automerge::ActorId::from([actor + 1; 16]));
        let heads = doc.get_heads();
        doc.put_object(ROOT, "contacts", ObjType::Map).unwrap();
        doc.commit();
        apply_foreign_changes(&mut a, doc_id, &doc.save_after(&heads)).unwrap();
        assert_eq!(a.contact(ana).unwrap().name.full, "Ana", "actor {actor}: the contact is still there");
        a.doctor(true).unwrap();
        assert_eq!(a.contact(ana).unwrap().name.full, "Ana", "actor {actor}: repair kept it");
        let patch = ContactPatch { title: Some(Some("Chair".into())), ..Default::default() };
        assert_eq!(a.update_contact(ana, patch).unwrap().title.as_deref(), Some("Chair"));
    }

    let dir = TempDir::new().unwrap();
    let mut a = device(&dir, "a");
    let ana = a.add_contact(named("Ana")).unwrap().id;
    let home = kith_core::fuzzing::document_of(&mut a, Family::Contacts, &ana);
    let elsewhere =
        (0..256u16).map(|c| kith_core::sync::doc_from_code(c).unwrap()).find(|d| *d != home).unwrap();
    let mut doc = AutoCommit::load(&save_document(&mut a, elsewhere).unwrap()).unwrap();
    let heads = doc.get_heads();
    let contacts = doc.get(ROOT, "contacts").unwrap().unwrap().1;
    let stray_id = "01a20000-0000-7000-8000-00000000abcd";
    let stray = doc.put_object(&contacts, stray_id, ObjType::Map).unwrap();
    doc.put(&stray, "name", "Stray").unwrap();
    doc.commit();
    apply_foreign_changes(&mut a, elsewhere, &doc.save_after(&heads)).unwrap();
    let listed: Vec<String> =
        a.contacts(&ContactQuery::default()).unwrap().into_iter().map(|c| c.name.full).collect();
    assert_eq!(listed, vec!["Ana".to_string()], "the misplaced contact is not listed");
    assert!(a.doctor(false).unwrap().is_healthy());
}

/// A foreign change nesting 3,000 maps (23 KB) took a listener to 941 MB while patches were
/// built (quadratic in depth). Structure deeper than the schema allows is refused before
/// anything is read back, whether it comes in a merge, a bundle or a sync round, and nothing
/// is stored.
#[test]
fn structure_deeper_than_the_schema_is_refused() {
    use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, transaction::Transactable};
    use kith_core::fuzzing::save_document;
    use kith_core::sync::Family;
    let dir = TempDir::new().unwrap();
    let mut a = device(&dir, "a");
    let ana = a.add_contact(named("Ana")).unwrap().id;
    let doc_id = kith_core::fuzzing::document_of(&mut a, Family::Contacts, &ana);
    let mut doc = AutoCommit::load(&save_document(&mut a, doc_id).unwrap()).unwrap();
    let heads = doc.get_heads();
    let contacts = doc.get(ROOT, "contacts").unwrap().unwrap().1;
    let mut obj = doc.get(&contacts, ana.to_string()).unwrap().unwrap().1;
    for i in 0..3_000 {
        obj = doc.put_object(&obj, format!("k{i}"), ObjType::Map).unwrap();
    }
    doc.commit();
    let before = a.diagnostics().read_model_dump().unwrap();
    let refused = apply_foreign_changes(&mut a, doc_id, &doc.save_after(&heads));
    assert!(matches!(refused, Err(Error::Schema { .. })), "{refused:?}");

    // The same through a sync round, the deep change carried as raw changes (as a document too
    // big for one frame travels).
    let mut session = RawResponder::new("peer");
    session
        .receive(&mut a, &Frame::Manifest { epoch: 2, digests: vec![], messages: vec![] }.encode())
        .unwrap();
    let round = Frame::Round { done: false, messages: vec![(doc_id, doc.save_after(&heads))] }.encode();
    let refused_round = matches!(session.receive(&mut a, &round), Err(Error::Schema { .. }));
    assert!(refused_round, "the deep round is refused");
    assert_eq!(a.diagnostics().read_model_dump().unwrap(), before, "nothing stored");
    assert!(a.doctor(false).unwrap().is_healthy());
    assert_eq!(a.add_contact(named("Ben")).unwrap().name.full, "Ben");
}

/// A device whose buckets are compacted into snapshots, and a new device holding nothing: the
/// first sync carries whole documents (either side may start it), and afterwards both sides
/// record the same heads, so edits on both sides sync as usual and a no-op stays one round trip.
#[test]
fn a_new_device_receives_whole_documents_and_syncs_on_from_them() {
    for new_device_starts in [false, true] {
        let dir = TempDir::new().unwrap();
        let (mut a, mut b) = paired(&dir);
        let people: Vec<NewContact> = (0..300).map(|i| named(&format!("Person {i}"))).collect();
        let ids = a.add_contacts(people).unwrap();
        a.log_meeting(NewMeeting {
            kind: MeetingKind::Coffee,
            occurred_at: None,
            participants: vec![ids[1], ids[2]],
            title: None,
            purpose: None,
            agenda: vec![],
            asks: vec![],
            notes: Some("talked batteries".into()),
            outcome: None,
            next_step: None,
        })
        .unwrap();
        assert!(a.compact().unwrap() > 0, "the buckets now have snapshots");
        // The new device already holds one contact of its own: its bucket syncs change by change.
        let own = b.add_contact(named("Bea")).unwrap();
        a.diagnostics_mut().unload_docs();
        let first = if new_device_starts { sync(&mut b, &mut a) } else { sync(&mut a, &mut b) }.unwrap();
        assert!(first.complete);
        assert!(first.stats.docs_whole > 32, "the compacted buckets crossed whole: {:?}", first.stats);
        // What crossed whole was read from the file: the full device loaded only the documents
        // both sides hold something of (the account and Bea's bucket).
        assert!(a.diagnostics().loaded_docs() <= 2, "{} loaded", a.diagnostics().loaded_docs());
        same(&a, &b);
        assert_eq!(b.count_contacts().unwrap(), 301);
        assert_eq!(a.contact(own.id).unwrap().name.full, "Bea");
        let search = ContactQuery { search: Some("Person 299".into()), ..Default::default() };
        assert_eq!(b.contacts(&search).unwrap().len(), 1, "the new device's search index is whole");
        let batteries = ContactQuery { search: Some("batteries".into()), ..Default::default() };
        assert_eq!(b.contacts(&batteries).unwrap().len(), 2, "meeting notes reach the participants' rows");

        let noop = sync(&mut a, &mut b).unwrap();
        assert_eq!(noop.stats.frames_sent, 1, "both sides hold the same heads: {:?}", noop.stats);
        let title = |t: &str| ContactPatch { title: Some(Some(t.into())), ..Default::default() };
        a.update_contact(ids[7], title("on the phone")).unwrap();
        b.update_contact(ids[7], ContactPatch { add_tags: vec!["met".into()], ..Default::default() })
            .unwrap();
        b.update_contact(ids[42], title("on the laptop")).unwrap();
        sync(&mut b, &mut a).unwrap();
        same(&a, &b);
        let merged = a.contact(ids[7]).unwrap();
        assert_eq!(merged.title.as_deref(), Some("on the phone"));
        assert_eq!(merged.tags, vec!["met".to_string()]);
        assert_eq!(a.contact(ids[42]).unwrap().title.as_deref(), Some("on the laptop"));
    }
}

/// A whole document for a bucket the new device holds nothing of, from a writer that did not
/// start from the shared genesis, is refused as malformed with nothing stored, and the next
/// honest session still converges.
#[test]
fn a_whole_document_without_the_shared_genesis_is_refused_and_changes_nothing() {
    use automerge::transaction::Transactable;
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = paired(&dir);
    a.add_contact(named("Ana")).unwrap();
    let before = b.diagnostics().read_model_dump().unwrap();
    let mut stranger = automerge::AutoCommit::new();
    stranger.put(automerge::ROOT, "contacts", "not a map").unwrap();
    let mut s = RawResponder::new(&a.device_id().unwrap());
    s.receive(&mut b, &Frame::Manifest { epoch: 2, digests: vec![], messages: vec![] }.encode()).unwrap();
    let round = Frame::Round {
        done: false,
        messages: vec![(kith_core::sync::doc_from_code(0).unwrap(), stranger.save())],
    };
    assert!(matches!(s.receive(&mut b, &round.encode()), Err(Error::Sync(SyncError::Malformed(_)))));
    assert_eq!(b.diagnostics().read_model_dump().unwrap(), before);
    assert!(b.doctor(false).unwrap().is_healthy());
    assert!(sync(&mut a, &mut b).unwrap().complete);
    same(&a, &b);
}
