//! Changes received from a peer or a file, looked at op by op once Automerge has applied them:
//! refused where they break the schema, and otherwise named by the entities they touch, so that
//! only those are read back into the read model.
//!
//! Naming entities from the ops, not from Automerge's patches, costs one walk up the parents of
//! each object the changes wrote to; patches also re-walk every path and build values nobody
//! reads (a tenth of a loaded mixer sync, profiled). The ops name a superset of what patches
//! name: an op that loses a conflict still names its entity, which is then read back unchanged.

use std::collections::HashMap;

use automerge::legacy::{Key, ObjectId, OpType};
use automerge::{AutoCommit, Change, ObjId, Prop, ReadDoc, ScalarValue};

use super::entities::{self, EntityRef, Kind};
use super::{Family, MAX_DEPTH};
use crate::error::{Error, Result};

/// An entity's fields that hold containers: a scalar put there would break every later read.
const CONTAINERS: &[&str] = &[
    "emails",
    "phones",
    "websites",
    "tags",
    "addresses",
    "notes",
    "personal_notes",
    "participants",
    "employment",
];

/// Where an object sits: how many objects hold it (counted to one past `MAX_DEPTH`), the kind
/// whose map it is under, and the key of the entity holding it (for objects inside an entity).
#[derive(Clone)]
struct Place {
    depth: usize,
    kind: Option<Kind>,
    entity: Option<String>,
}

impl Place {
    /// The entity that what is written under `key` here belongs to: a kind's map names it by
    /// the key (an entity's own map sits under its id); anything deeper belongs to its holder's.
    fn entity_under(&self, key: Option<&str>) -> Option<String> {
        if self.depth == 1 { key.map(str::to_string) } else { self.entity.clone() }
    }

    /// The place of an object made under `key` of the object at this place.
    fn below(&self, key: Option<&str>) -> Place {
        Place { depth: self.depth + 1, kind: self.kind, entity: self.entity_under(key) }
    }
}

fn place(doc: &AutoCommit, obj: &ObjId) -> Place {
    // Nearest holder first, the root last. An object the document does not hold has none.
    let chain: Vec<(ObjId, Prop)> = match doc.parents(obj) {
        Ok(parents) => parents.take(MAX_DEPTH + 1).map(|p| (p.obj, p.prop)).collect(),
        Err(_) => Vec::new(),
    };
    let depth = chain.len();
    let key = |i: usize| match chain.get(i) {
        Some((_, Prop::Map(key))) => Some(key.clone()),
        _ => None,
    };
    let kind = match chain.last() {
        Some((root, _)) if *root == automerge::ROOT && depth <= MAX_DEPTH => {
            key(depth - 1).and_then(|k| Kind::from_root_key(&k))
        }
        _ => None,
    };
    let entity = if depth >= 2 { key(depth - 2) } else { None };
    Place { depth, kind, entity }
}

/// Refuses the `changes` (just applied to `doc`) that break the schema where it matters: an
/// object deeper than `MAX_DEPTH`, an entity's name that is not a non-empty text, or a scalar
/// where an entity holds a container (a foreign writer's `emails: "x"`). Returns the entities
/// they touched, sorted; every entity of the family when one of them wrote to the document's
/// root.
pub fn vet_changes(doc: &AutoCommit, family: Family, changes: &[Change]) -> Result<Vec<EntityRef>> {
    let refuse = |expected| Err(Error::Schema { expected });
    let mut places: HashMap<ObjId, Place> = HashMap::new();
    let mut touched = Vec::new();
    let mut at_root = false;
    for change in changes {
        let change = change.decode();
        for (n, op) in change.operations.iter().enumerate() {
            let ObjectId::Id(obj) = &op.obj else {
                at_root = true;
                continue;
            };
            let obj = ObjId::Id(obj.counter(), obj.actor().clone(), 0);
            let at = places.entry(obj).or_insert_with_key(|obj| place(doc, obj)).clone();
            let key = match &op.key {
                Key::Map(key) => Some(key.as_str()),
                Key::Seq(_) => None,
            };
            // A made object sits one below the one it is made in: its place needs no walk up
            // the document (most objects a new entity's changes write to are made in them).
            // Ops of a change are numbered from its start op, so the op's number is its id.
            if matches!(op.action, OpType::Make(_)) {
                if at.depth + 1 > MAX_DEPTH {
                    return refuse("objects no deeper than the schema allows");
                }
                let made = ObjId::Id(change.start_op.get() + n as u64, change.actor_id.clone(), 0);
                places.insert(made, at.below(key));
            }
            let entity = at.entity_under(key);
            if let (Some(kind), Some(Ok(id))) = (at.kind, entity.as_deref().map(str::parse)) {
                touched.push(EntityRef::new(kind, id));
            }
            // The account document's entries (devices, settings) have a schema of their own.
            if family == Family::Account {
                continue;
            }
            // Entity maps sit two levels down: root -> kind map -> entity.
            let (OpType::Put(value), Some(key), 2) = (&op.action, key, at.depth) else { continue };
            let text = matches!(value, ScalarValue::Str(t) if !t.trim().is_empty());
            if key == "name" && !text {
                return refuse("a name that is text");
            }
            if CONTAINERS.contains(&key) {
                return refuse("containers where the schema has them");
            }
        }
    }
    if at_root {
        return entities::all_in(doc, family);
    }
    touched.sort();
    touched.dedup();
    Ok(touched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{DocId, genesis};
    use automerge::{ActorId, ChangeHash, ObjType, ROOT, transaction::Transactable};

    const ANA: &str = "01a20000-0000-7000-8000-000000000001";
    const BEN: &str = "01a20000-0000-7000-8000-000000000002";
    const CAL: &str = "01a20000-0000-7000-8000-000000000003";

    fn contact(id: &str) -> EntityRef {
        EntityRef::new(Kind::Contact, id.parse().unwrap())
    }

    /// A bucket holding Ana (with notes) and Ben (with e-mails), and a second device's fork of it.
    fn two_devices() -> (AutoCommit, AutoCommit, ObjId) {
        let mut doc =
            genesis(DocId { family: Family::Contacts, bucket: 3 }).with_actor(ActorId::from([5u8; 16]));
        let contacts = doc.get(ROOT, "contacts").unwrap().unwrap().1;
        for id in [ANA, BEN] {
            let entry = doc.put_object(&contacts, id, ObjType::Map).unwrap();
            doc.put(&entry, "name", id).unwrap();
            let notes = doc.put_object(&entry, "notes", ObjType::Text).unwrap();
            doc.splice_text(&notes, 0, 0, "met at the mixer").unwrap();
            doc.put_object(&entry, "emails", ObjType::Map).unwrap();
        }
        doc.commit();
        let other = doc.fork().with_actor(ActorId::from([9u8; 16]));
        (doc, other, contacts)
    }

    fn received(
        doc: &mut AutoCommit,
        other: &mut AutoCommit,
        heads: &[ChangeHash],
    ) -> Result<Vec<EntityRef>> {
        other.commit();
        doc.load_incremental(&other.save_after(heads)).unwrap();
        let changes = doc.get_changes(heads);
        vet_changes(doc, Family::Contacts, &changes)
    }

    #[test]
    fn the_entities_named_are_those_the_changes_wrote_to() {
        let (mut doc, mut other, contacts) = two_devices();
        let heads = doc.get_heads();
        let ana = other.get(&contacts, ANA).unwrap().unwrap().1;
        let notes = other.get(&ana, "notes").unwrap().unwrap().1;
        other.splice_text(&notes, 16, 0, ", then coffee").unwrap();
        let cal = other.put_object(&contacts, CAL, ObjType::Map).unwrap();
        other.put(&cal, "name", "Cal").unwrap();
        assert_eq!(received(&mut doc, &mut other, &heads).unwrap(), vec![contact(ANA), contact(CAL)]);

        // One level further down (an e-mail's own map), and a register of the entity itself.
        let heads = doc.get_heads();
        let ben = other.get(&contacts, BEN).unwrap().unwrap().1;
        let emails = other.get(&ben, "emails").unwrap().unwrap().1;
        let email = other.put_object(&emails, "ben@example.com", ObjType::Map).unwrap();
        other.put(&email, "value", "ben@example.com").unwrap();
        assert_eq!(received(&mut doc, &mut other, &heads).unwrap(), vec![contact(BEN)]);

        // A deleted entity is named by the key deleted from its kind's map.
        let heads = doc.get_heads();
        other.delete(&contacts, CAL).unwrap();
        assert_eq!(received(&mut doc, &mut other, &heads).unwrap(), vec![contact(CAL)]);
    }

    #[test]
    fn a_write_to_the_root_names_every_entity_of_the_family() {
        let (mut doc, mut other, _) = two_devices();
        let heads = doc.get_heads();
        other.put(ROOT, "written_by", "a newer build").unwrap();
        assert_eq!(received(&mut doc, &mut other, &heads).unwrap(), vec![contact(ANA), contact(BEN)]);
    }

    #[test]
    fn keys_that_are_no_ids_name_nothing() {
        let (mut doc, mut other, contacts) = two_devices();
        let heads = doc.get_heads();
        other.put(&contacts, "not-an-id", "x").unwrap();
        assert_eq!(received(&mut doc, &mut other, &heads).unwrap(), vec![]);
    }

    #[test]
    fn structure_deeper_than_the_bound_is_refused() {
        let (mut doc, mut other, contacts) = two_devices();
        let heads = doc.get_heads();
        let mut obj = other.get(&contacts, ANA).unwrap().unwrap().1;
        for i in 0..MAX_DEPTH {
            obj = other.put_object(&obj, format!("k{i}"), ObjType::Map).unwrap();
        }
        assert!(matches!(received(&mut doc, &mut other, &heads), Err(Error::Schema { .. })));
    }

    /// Objects made in the changes are placed from the op that made them, not by a walk up
    /// the document: a new entity is checked and named as one already there.
    #[test]
    fn an_entity_made_in_the_changes_is_checked_and_named() {
        let (mut doc, mut other, contacts) = two_devices();
        let heads = doc.get_heads();
        let cal = other.put_object(&contacts, CAL, ObjType::Map).unwrap();
        other.put(&cal, "name", " ").unwrap();
        assert!(matches!(received(&mut doc, &mut other, &heads), Err(Error::Schema { .. })));

        let (mut doc, mut other, contacts) = two_devices();
        let heads = doc.get_heads();
        let cal = other.put_object(&contacts, CAL, ObjType::Map).unwrap();
        other.put(&cal, "name", "Cal").unwrap();
        other.commit();
        // Written again in a later change: the place made in the first one still holds.
        let notes = other.put_object(&cal, "notes", ObjType::Text).unwrap();
        other.splice_text(&notes, 0, 0, "met at the booth").unwrap();
        assert_eq!(received(&mut doc, &mut other, &heads).unwrap(), vec![contact(CAL)]);
    }

    #[test]
    fn a_scalar_over_a_container_and_a_blank_name_are_refused() {
        for (key, value) in [("emails", "x"), ("name", " ")] {
            let (mut doc, mut other, contacts) = two_devices();
            let heads = doc.get_heads();
            let ana = other.get(&contacts, ANA).unwrap().unwrap().1;
            other.put(&ana, key, value).unwrap();
            assert!(matches!(received(&mut doc, &mut other, &heads), Err(Error::Schema { .. })), "{key}");
        }
    }
}
