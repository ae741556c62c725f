//! Bucket layouts across devices: an account begun before layouts keeps its 64 buckets, a new
//! device joining it takes them, and two devices holding contacts in different layouts are
//! refused with a typed error and keep everything they hold.

use kith_core::fuzzing::{document_of, take_layout};
use kith_core::model::ContactPatch;
use kith_core::sync::{Family, Layout};
use kith_core::{ContactQuery, Error, ErrorKind, Kith};
use kith_scenarios::{meeting_with, named, open_store, pair, sync};
use tempfile::TempDir;

fn device(dir: &TempDir, name: &str) -> Kith {
    open_store(&dir.path().join(format!("{name}.db")))
}

fn same(a: &Kith, b: &Kith) {
    assert_eq!(a.diagnostics().read_model_dump().unwrap(), b.diagnostics().read_model_dump().unwrap());
}

fn names(k: &Kith) -> Vec<String> {
    let mut all: Vec<String> = k
        .contacts(&ContactQuery { limit: 1000, ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|c| c.name.full)
        .collect();
    all.sort();
    all
}

/// A device of an account begun before layouts: 64 buckets, holding contacts and a meeting.
fn old_account(dir: &TempDir, name: &str) -> Kith {
    let mut k = device(dir, name);
    take_layout(&mut k, Layout::Buckets64).unwrap();
    let ids = k.add_contacts((0..40).map(|i| named(&format!("Old {i}"))).collect()).unwrap();
    k.log_meeting(meeting_with(ids[..2].to_vec())).unwrap();
    k
}

/// The bucket an id lands in tells the layout apart: some of 40 ids land past bucket 63.
fn layout_of(k: &mut Kith) -> Layout {
    let ids: Vec<_> = k
        .contacts(&ContactQuery { limit: 1000, ..Default::default() })
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(ids.len() >= 20, "enough contacts to tell layouts apart");
    let wide = ids.iter().any(|id| document_of(k, Family::Contacts, id).bucket >= 64);
    if wide { Layout::Buckets256 } else { Layout::Buckets64 }
}

#[test]
fn a_new_device_takes_the_layout_of_an_account_begun_before_layouts_whichever_side_opens() {
    for new_opens in [true, false] {
        let dir = TempDir::new().unwrap();
        let mut old = old_account(&dir, "old");
        let mut new = device(&dir, "new");
        pair(&mut old, &mut new);
        let report = if new_opens { sync(&mut new, &mut old) } else { sync(&mut old, &mut new) }.unwrap();
        assert!(report.complete);
        same(&old, &new);
        assert_eq!(names(&new).len(), 40);
        assert_eq!(layout_of(&mut new), Layout::Buckets64, "new opens: {new_opens}");
        // Both write on; their edits meet in the same documents.
        let first = new.contacts(&ContactQuery { limit: 1, ..Default::default() }).unwrap()[0].id;
        new.update_contact(first, ContactPatch { title: Some(Some("Chair".into())), ..Default::default() })
            .unwrap();
        old.append_notes(first, "met again").unwrap();
        new.add_contact(named("Added on the new phone")).unwrap();
        assert!(sync(&mut old, &mut new).unwrap().complete);
        same(&old, &new);
        let merged = old.contact(first).unwrap();
        assert_eq!((merged.title.as_deref(), merged.notes.as_str()), (Some("Chair"), "met again"));
        assert!(new.doctor(false).unwrap().is_healthy());
    }
}

#[test]
fn devices_holding_contacts_in_different_layouts_are_refused_and_keep_them() {
    for old_opens in [true, false] {
        let dir = TempDir::new().unwrap();
        let mut old = old_account(&dir, "old");
        let mut new = device(&dir, "new");
        new.add_contacts((0..30).map(|i| named(&format!("New {i}"))).collect()).unwrap();
        pair(&mut old, &mut new);
        let (old_before, new_before) = (names(&old), names(&new));
        let refused = if old_opens { sync(&mut old, &mut new) } else { sync(&mut new, &mut old) };
        match refused {
            Err(e @ Error::LayoutMismatch { .. }) => assert_eq!(e.kind(), ErrorKind::Incompatible),
            other => panic!("expected a layout mismatch, got {other:?}"),
        }
        assert_eq!((names(&old), names(&new)), (old_before, new_before));
        assert_eq!((layout_of(&mut old), layout_of(&mut new)), (Layout::Buckets64, Layout::Buckets256));
        assert!(old.doctor(false).unwrap().is_healthy() && new.doctor(false).unwrap().is_healthy());
    }
}

#[test]
fn a_file_of_another_layout_merges_into_an_empty_device_and_not_into_a_full_one() {
    let dir = TempDir::new().unwrap();
    let old = old_account(&dir, "old");
    let file = old.path().to_path_buf();
    drop(old);
    let mut empty = device(&dir, "empty");
    empty.merge_file(&file).unwrap();
    assert_eq!(names(&empty).len(), 40);
    assert_eq!(layout_of(&mut empty), Layout::Buckets64);
    let mut full = device(&dir, "full");
    full.add_contacts((0..30).map(|i| named(&format!("New {i}"))).collect()).unwrap();
    let before = names(&full);
    assert!(matches!(full.merge_file(&file), Err(Error::LayoutMismatch { ours: 256, theirs: 64 })));
    assert_eq!(names(&full), before);
}

#[test]
fn a_bundle_carries_its_layout_to_a_new_device() {
    let dir = TempDir::new().unwrap();
    let mut old = old_account(&dir, "old");
    let mut new = device(&dir, "new");
    pair(&mut old, &mut new);
    let bundle = old.export_bundle(&new.device_id().unwrap()).unwrap();
    new.import_bundle(&bundle).unwrap();
    same(&old, &new);
    assert_eq!(layout_of(&mut new), Layout::Buckets64);
}

#[test]
fn a_bundle_from_before_layouts_still_imports() {
    let dir = TempDir::new().unwrap();
    let mut old = old_account(&dir, "old");
    let mut peer = device(&dir, "peer");
    take_layout(&mut peer, Layout::Buckets64).unwrap();
    pair(&mut old, &mut peer);
    let bundle = kith_core::fuzzing::export_bundle_v2(&mut old, &peer.device_id().unwrap()).unwrap();
    assert!(bundle.starts_with(b"KITHBND2"));
    let report = peer.import_bundle(&bundle).unwrap();
    assert!(report.docs_changed > 10 && report.entities_changed == 41, "{report:?}");
    same(&old, &peer);
    // A new device takes the 64 buckets such a bundle implies.
    let mut fresh = device(&dir, "fresh");
    pair(&mut old, &mut fresh);
    let bundle = kith_core::fuzzing::export_bundle_v2(&mut old, &fresh.device_id().unwrap()).unwrap();
    fresh.import_bundle(&bundle).unwrap();
    assert_eq!(layout_of(&mut fresh), Layout::Buckets64);
    same(&old, &fresh);
}

#[test]
fn a_document_outside_the_account_layout_is_refused_and_changes_nothing() {
    use kith_core::fuzzing::RawResponder;
    use kith_core::sync::{Frame, SyncError, doc_from_code};
    let dir = TempDir::new().unwrap();
    let mut old = old_account(&dir, "old");
    let before = old.diagnostics().read_model_dump().unwrap();
    let mut session = RawResponder::new("peer");
    session
        .receive(&mut old, &Frame::Manifest { epoch: 1, digests: vec![], messages: vec![] }.encode())
        .unwrap();
    // A well-formed sync message, for a bucket 64 buckets do not have.
    use automerge::sync::SyncDoc;
    let mut state = automerge::sync::State::new();
    let message = automerge::AutoCommit::new().sync().generate_sync_message(&mut state).unwrap().encode();
    let beyond = doc_from_code(200).unwrap();
    let round = Frame::Round { done: false, messages: vec![(beyond, message)] };
    assert!(matches!(
        session.receive(&mut old, &round.encode()),
        Err(Error::Sync(SyncError::Malformed("a document outside the account's layout")))
    ));
    assert_eq!(old.diagnostics().read_model_dump().unwrap(), before);
    assert_eq!(layout_of(&mut old), Layout::Buckets64);
}

#[test]
fn a_manifest_naming_an_unknown_layout_is_refused_and_changes_nothing() {
    use kith_core::fuzzing::RawResponder;
    use kith_core::sync::{Frame, SyncError};
    let dir = TempDir::new().unwrap();
    for mut k in [old_account(&dir, "old"), device(&dir, "empty")] {
        let before = (k.diagnostics().read_model_dump().unwrap(), k.diagnostics().layout());
        let mut session = RawResponder::new("peer");
        let unknown = Frame::Manifest { epoch: 7, digests: vec![], messages: vec![] }.encode();
        assert!(matches!(session.receive(&mut k, &unknown), Err(Error::Sync(SyncError::Protocol(_)))));
        assert_eq!((k.diagnostics().read_model_dump().unwrap(), k.diagnostics().layout()), before);
    }
}
