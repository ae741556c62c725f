//! Automerge buckets: which document an entity lives in, how a document starts, how domain
//! writes become document operations and how a document's entities are read back.
//!
//! Each family (contacts, interactions) is split into the account's `Layout` of buckets (256,
//! or 64 for an account begun before layouts); an entity lives in bucket `blake3(id)[0]` masked
//! to the layout. One small account document holds settings. Why buckets and not one document
//! (too slow to load at 20k contacts) or one per contact (2.7x storage, costly sync): section 4
//! of the design brief (`../shared/design.md`), which ARCHITECTURE follows.

pub mod account;
pub mod cache;
pub mod contact;
pub mod entities;
pub mod interaction;
pub mod network;
pub mod organization;
pub mod record;
pub mod values;
pub mod vet;

use std::fmt;
use std::sync::OnceLock;

use automerge::{
    ActorId, AutoCommit, ChangeHash, ObjType, ROOT, transaction::CommitOptions, transaction::Transactable,
};

use crate::id::Id;

/// How many buckets each family of an account is split into. Fixed for an account's life: every
/// device of it must agree, or an entity would live in two documents. A sync's manifest carries
/// it, and a device holding no bucket yet takes its peer's.
///
/// A document is loaded whole to apply a peer's changes, so the bucket size sets what a sync
/// of scattered edits costs: at 20k contacts a 64-way bucket (312 contacts) loads in about
/// 10 ms and a 256-way one (78) in about 2.5 ms (ARCHITECTURE, "Bucket loads").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Accounts begun before layouts existed; their documents stay where they are.
    Buckets64,
    /// Every account begun since.
    Buckets256,
}

impl Layout {
    pub fn buckets(self) -> u16 {
        match self {
            Layout::Buckets64 => 64,
            Layout::Buckets256 => 256,
        }
    }

    pub fn from_buckets(n: i64) -> Option<Self> {
        match n {
            64 => Some(Layout::Buckets64),
            256 => Some(Layout::Buckets256),
            _ => None,
        }
    }

    /// The bucket of an entity id.
    fn bucket_of(self, id: &Id) -> u8 {
        let byte = blake3::hash(id.as_bytes()).as_bytes()[0];
        match self {
            Layout::Buckets64 => byte & 63,
            Layout::Buckets256 => byte,
        }
    }

    /// Every document of an account, in a fixed order: contacts, interactions, the account.
    pub fn docs(self) -> impl Iterator<Item = DocId> {
        let buckets = move |family| (0..self.buckets()).map(move |b| DocId { family, bucket: b as u8 });
        buckets(Family::Contacts).chain(buckets(Family::Interactions)).chain([DocId::ACCOUNT])
    }

    /// How many documents an account has.
    pub fn doc_count(self) -> usize {
        2 * self.buckets() as usize + 1
    }

    /// Whether `doc` is one of this layout's documents.
    pub fn holds(self, doc: DocId) -> bool {
        doc.family == Family::Account || u16::from(doc.bucket) < self.buckets()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Contacts,
    Interactions,
    Account,
}

impl Family {
    fn prefix(self) -> &'static str {
        match self {
            Family::Contacts => "contacts",
            Family::Interactions => "interactions",
            Family::Account => "account",
        }
    }

    /// The top-level maps of the family's documents, one slice per schema step. A new kind of
    /// entity gets its map in a new step, appended here and never changed afterwards.
    fn schema_steps(self) -> &'static [&'static [&'static str]] {
        use entities::*;
        match self {
            Family::Contacts => &[&[CONTACTS, ORGANIZATIONS]],
            Family::Interactions => &[&[MEETINGS, FOLLOW_UPS], &[INTRODUCTIONS, NEEDS, EXCHANGES, REFERRALS]],
            Family::Account => &[&[SETTINGS], &[DEVICES], &[REVOCATIONS]],
        }
    }
}

/// One Automerge document: a bucket of a family, or the account document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub family: Family,
    pub bucket: u8,
}

impl DocId {
    pub const ACCOUNT: DocId = DocId { family: Family::Account, bucket: 0 };

    pub fn for_entity(family: Family, id: &Id, layout: Layout) -> Self {
        if family == Family::Account {
            return Self::ACCOUNT;
        }
        Self { family, bucket: layout.bucket_of(id) }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "account" {
            return Some(Self::ACCOUNT);
        }
        let (prefix, hex) = s.split_once('/')?;
        let family = match prefix {
            "contacts" => Family::Contacts,
            "interactions" => Family::Interactions,
            _ => return None,
        };
        let bucket = u8::from_str_radix(hex, 16).ok()?;
        Some(Self { family, bucket })
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.family {
            Family::Account => f.write_str("account"),
            family => write!(f, "{}/{:02x}", family.prefix(), self.bucket),
        }
    }
}

/// The first changes of every document, byte-identical on every device: a fixed actor, time 0,
/// one change per schema step creating the family's top-level maps. Two devices that create the
/// same bucket independently therefore share the maps instead of holding two conflicting ones
/// (which would hide one side's entities). A step added in a later version reaches older
/// documents through `upgrade`, again byte-identical everywhere.
pub fn genesis(doc_id: DocId) -> AutoCommit {
    genesis_steps(doc_id, usize::MAX)
}

fn genesis_steps(doc_id: DocId, steps: usize) -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(ActorId::from([0u8; 16]));
    for keys in doc_id.family.schema_steps().iter().take(steps) {
        for key in *keys {
            doc.put_object(ROOT, *key, ObjType::Map).expect("a new document accepts maps");
        }
        doc.commit_with(CommitOptions::default().with_time(0));
    }
    doc
}

/// A top-level map as the genesis made it. A foreign writer that puts another map at the same
/// key replaces it at the root (or wins a conflict), hiding every entity; the genesis map,
/// identical on every device, still exists and is always the one read and written. Falls back
/// to the root's value for a document without it.
pub fn root_object(
    doc: &AutoCommit,
    family: Family,
    key: &str,
) -> crate::error::Result<Option<automerge::ObjId>> {
    use automerge::ReadDoc;
    static GENESIS: OnceLock<Vec<(Family, String, automerge::ObjId)>> = OnceLock::new();
    let known = GENESIS.get_or_init(|| {
        let mut out = Vec::new();
        for family in [Family::Contacts, Family::Interactions, Family::Account] {
            let g = genesis(DocId { family, bucket: 0 });
            for keys in family.schema_steps() {
                for k in *keys {
                    if let Ok(Some((_, id))) = g.get(ROOT, *k) {
                        out.push((family, k.to_string(), id));
                    }
                }
            }
        }
        out
    });
    let wanted = known.iter().find(|(f, k, _)| *f == family && k == key).map(|(_, _, id)| id);
    if let Some(id) = wanted
        && doc.object_type(id) == Ok(ObjType::Map)
    {
        return Ok(Some(id.clone()));
    }
    values::object(doc, &ROOT, key, ObjType::Map)
}

/// How deep Kith's own documents nest (root, kind map, entity, container, entry, …), with room
/// to spare. Received changes are placed by walking up from each object they write to, and a
/// change nesting thousands of maps would make that walk (and any patch built for it: 3,000
/// levels in 23 KB of changes took 940 MB) quadratic in depth, so deeper foreign structure is
/// refused.
pub const MAX_DEPTH: usize = 12;

/// The heads of a family's genesis: the same for every bucket, computed once per process.
pub fn genesis_heads(family: Family) -> &'static [ChangeHash] {
    static HEADS: [OnceLock<Vec<ChangeHash>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match family {
        Family::Contacts => 0,
        Family::Interactions => 1,
        Family::Account => 2,
    };
    HEADS[slot].get_or_init(|| genesis(DocId { family, bucket: 0 }).get_heads())
}

/// Adds the schema steps a stored document lacks. Returns whether anything was added.
pub fn upgrade(doc: &mut AutoCommit, doc_id: DocId) -> crate::error::Result<bool> {
    if doc.get_missing_deps(genesis_heads(doc_id.family)).is_empty() {
        return Ok(false);
    }
    let mut latest = genesis(doc_id);
    doc.merge(&mut latest)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_round_trip() {
        for id in Layout::Buckets256.docs() {
            assert_eq!(DocId::parse(&id.to_string()), Some(id));
        }
        assert_eq!(Layout::Buckets64.doc_count(), 129);
        assert_eq!(Layout::Buckets256.doc_count(), 513);
        assert!(!Layout::Buckets64.holds(DocId::parse("contacts/40").unwrap()));
        assert!(Layout::Buckets256.holds(DocId::parse("contacts/40").unwrap()));
        assert_eq!(DocId::parse("contacts/100"), None);
    }

    #[test]
    fn genesis_is_identical_everywhere() {
        let mut a = genesis(DocId { family: Family::Contacts, bucket: 3 });
        let mut b = genesis(DocId { family: Family::Contacts, bucket: 9 });
        assert_eq!(a.get_heads(), b.get_heads());
        assert_eq!(a.save(), b.save());
    }

    #[test]
    fn an_old_document_upgrades_to_the_same_steps_as_a_new_one() {
        let id = DocId { family: Family::Interactions, bucket: 1 };
        let mut old = genesis_steps(id, 1).with_actor(ActorId::from([7u8; 16]));
        let meetings = old.get(ROOT, entities::MEETINGS).unwrap().unwrap().1;
        old.put_object(&meetings, "m1", ObjType::Map).unwrap();
        old.commit();
        assert!(upgrade(&mut old, id).unwrap());
        assert!(!upgrade(&mut old, id).unwrap());
        let mut fresh = genesis(id);
        assert!(old.get_missing_deps(&fresh.get_heads()).is_empty());
        use automerge::ReadDoc;
        for key in [entities::NEEDS, entities::MEETINGS] {
            assert_eq!(old.get(ROOT, key).unwrap().unwrap().1, fresh.get(ROOT, key).unwrap().unwrap().1);
        }
    }

    #[test]
    fn buckets_spread_ids() {
        for layout in [Layout::Buckets64, Layout::Buckets256] {
            let mut seen = std::collections::HashSet::new();
            for i in 0..5000 {
                seen.insert(DocId::for_entity(Family::Contacts, &Id::new_v7(i * 1000), layout).bucket);
            }
            assert_eq!(seen.len(), layout.buckets() as usize);
            assert_eq!(layout.docs().count(), layout.doc_count());
        }
    }

    #[test]
    fn a_256_bucket_splits_the_64_bucket_its_entities_lived_in() {
        // The 64-way bucket is the low six bits of the 256-way one, as it was before layouts.
        for i in 0..500 {
            let id = Id::new_v7(i * 7919);
            let wide = DocId::for_entity(Family::Contacts, &id, Layout::Buckets256).bucket;
            let narrow = DocId::for_entity(Family::Contacts, &id, Layout::Buckets64).bucket;
            assert_eq!(wide & 63, narrow);
            assert_eq!(narrow, blake3::hash(id.as_bytes()).as_bytes()[0] & 63);
        }
    }
}

#[cfg(test)]
mod root_tests {
    use super::*;
    use automerge::{ReadDoc, transaction::Transactable};

    #[test]
    fn a_foreign_root_map_does_not_hide_the_genesis_one() {
        let id = DocId { family: Family::Contacts, bucket: 3 };
        let mut doc = genesis(id).with_actor(ActorId::from([5u8; 16]));
        let contacts = doc.get(ROOT, "contacts").unwrap().unwrap().1;
        doc.put_object(&contacts, "x", ObjType::Map).unwrap();
        doc.commit();
        let mut foreign = doc.fork().with_actor(ActorId::from([9u8; 16]));
        let heads = foreign.get_heads();
        foreign.put_object(ROOT, "contacts", ObjType::Map).unwrap();
        foreign.commit();
        doc.load_incremental(&foreign.save_after(&heads)).unwrap();
        let found = root_object(&doc, Family::Contacts, "contacts").unwrap().unwrap();
        assert_eq!(found, contacts, "the genesis map, not the foreign one at the root");
        assert_eq!(doc.keys(&found).collect::<Vec<_>>(), vec!["x".to_string()]);
    }
}
