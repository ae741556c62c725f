//! Property: random changes from a foreign writer (a buggy or hostile peer that speaks
//! Automerge but not Kith's schema), within a size bound, never make the store panic; after
//! them `doctor --repair` leaves a read model equal to a rebuild, and every read and a later
//! edit still answer with data or a typed error.

use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};
use kith_core::fuzzing::{apply_foreign_changes, save_document};
use kith_core::model::{ContactPatch, MeetingKind, NewContact, NewMeeting};
use kith_core::sync::Family;
use kith_core::{ContactQuery, FollowUpQuery};
use kith_scenarios::{named, open_store};
use proptest::prelude::*;
use tempfile::TempDir;

#[derive(Debug, Clone)]
enum Shape {
    Int(i64),
    Text(String),
    Null,
    Map,
    List,
}

#[derive(Debug, Clone)]
struct Edit {
    /// 0: the root, 1: the kind's map, 2: the entity, 3: a container inside it.
    depth: u8,
    key: String,
    shape: Shape,
    delete: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        any::<i64>().prop_map(Shape::Int),
        "[a-z@. ]{0,12}".prop_map(Shape::Text),
        Just(Shape::Null),
        Just(Shape::Map),
        Just(Shape::List),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("contacts".to_string()),
        Just("organizations".to_string()),
        Just("meetings".to_string()),
        Just("name".to_string()),
        Just("emails".to_string()),
        Just("phones".to_string()),
        Just("tags".to_string()),
        Just("notes".to_string()),
        Just("addresses".to_string()),
        Just("deleted_at".to_string()),
        Just("participants".to_string()),
        Just("01a20000-0000-7000-8000-000000000001".to_string()),
        "[a-z_]{1,8}",
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    (0u8..4, key(), shape(), prop::bool::weighted(0.15)).prop_map(|(depth, key, shape, delete)| Edit {
        depth,
        key,
        shape,
        delete,
    })
}

/// Where an edit lands: the object at `depth` along root -> kind map -> entity -> container.
fn target(doc: &AutoCommit, root_key: &str, entity: &str, depth: u8) -> Option<automerge::ObjId> {
    let mut obj = ROOT;
    for step in [root_key, entity, "emails"].into_iter().take(depth as usize) {
        match doc.get(&obj, step).ok()?? {
            (automerge::Value::Object(ObjType::Map), id) => obj = id,
            _ => return None,
        }
    }
    Some(obj)
}

fn apply(doc: &mut AutoCommit, obj: &automerge::ObjId, e: &Edit) {
    if e.delete {
        let _ = doc.delete(obj, e.key.as_str());
        return;
    }
    let _ = match &e.shape {
        Shape::Int(i) => doc.put(obj, e.key.as_str(), *i).map(drop),
        Shape::Text(t) => doc.put(obj, e.key.as_str(), t.as_str()).map(drop),
        Shape::Null => doc.put(obj, e.key.as_str(), ScalarValue::Null).map(drop),
        Shape::Map => doc.put_object(obj, e.key.as_str(), ObjType::Map).map(drop),
        Shape::List => doc.put_object(obj, e.key.as_str(), ObjType::List).map(drop),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn foreign_changes_never_panic_and_doctor_repairs(edits in prop::collection::vec(edit(), 1..12), on_meetings in any::<bool>()) {
        let dir = TempDir::new().unwrap();
        let mut s = open_store(&dir.path().join("k.db"));
        let ana = s.add_contact(NewContact { emails: vec!["ana@acme.io".into()], tags: vec!["x".into()], ..named("Ana") }).unwrap();
        let ben = s.add_contact(named("Ben")).unwrap().id;
        let meeting = s.log_meeting(NewMeeting {
            kind: MeetingKind::Coffee, occurred_at: None, participants: vec![ana.id, ben], title: None,
            purpose: None, agenda: vec![], asks: vec![], notes: Some("n".into()), outcome: None, next_step: None,
        }).unwrap().id;
        let (family, root_key, entity) = if on_meetings {
            (Family::Interactions, "meetings", meeting)
        } else {
            (Family::Contacts, "contacts", ana.id)
        };
        let doc_id = kith_core::fuzzing::document_of(&mut s, family, &entity);
        let mut doc = AutoCommit::load(&save_document(&mut s, doc_id).unwrap()).unwrap();
        let heads = doc.get_heads();
        for e in &edits {
            if let Some(obj) = target(&doc, root_key, &entity.to_string(), e.depth) {
                apply(&mut doc, &obj, e);
            }
        }
        doc.commit();
        let changes = doc.save_after(&heads);
        prop_assume!(!changes.is_empty());
        // Applying is refused or accepted; either way nothing panics.
        let _ = apply_foreign_changes(&mut s, doc_id, &changes);
        let _ = s.contacts(&ContactQuery::default());
        let _ = s.contact(ana.id);
        let _ = s.meeting(meeting);
        let _ = s.meetings_with(ana.id);
        let _ = s.follow_ups(&FollowUpQuery::default());
        let _ = s.today();
        let _ = s.update_contact(ana.id, ContactPatch { title: Some(Some("T".into())), emails: Some(vec!["n@acme.io".into()]), ..Default::default() });
        let _ = s.append_notes(ana.id, "more");
        let _ = s.export_contacts(kith_core::ExportFormat::VCard4);
        s.doctor(true).unwrap();
        let after = s.doctor(false).unwrap();
        prop_assert!(after.is_healthy(), "after repair: {:?}", after.problems);
        prop_assert!(s.add_contact(named("Cy")).is_ok(), "the store still takes writes");
    }
}
