//! The entity kinds stored in documents and where each lives.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc};

use super::{DocId, Family, Layout, values};
use crate::error::Result;
use crate::id::Id;

pub const CONTACTS: &str = "contacts";
pub const ORGANIZATIONS: &str = "organizations";
pub const MEETINGS: &str = "meetings";
pub const FOLLOW_UPS: &str = "follow_ups";
pub const SETTINGS: &str = "settings";
pub const INTRODUCTIONS: &str = "introductions";
pub const NEEDS: &str = "needs";
pub const EXCHANGES: &str = "exchanges";
pub const REFERRALS: &str = "referrals";
pub const DEVICES: &str = "devices";
/// Device id -> when it was revoked: a flat map beside the device list, so a revocation is a
/// register no concurrent pairing can hide.
pub const REVOCATIONS: &str = "revocations";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Contact,
    Organization,
    Meeting,
    FollowUp,
    Introduction,
    Need,
    Exchange,
    Referral,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Contact,
        Kind::Organization,
        Kind::Meeting,
        Kind::FollowUp,
        Kind::Introduction,
        Kind::Need,
        Kind::Exchange,
        Kind::Referral,
    ];

    pub fn family(self) -> Family {
        match self {
            Kind::Contact | Kind::Organization => Family::Contacts,
            Kind::Meeting
            | Kind::FollowUp
            | Kind::Introduction
            | Kind::Need
            | Kind::Exchange
            | Kind::Referral => Family::Interactions,
        }
    }

    pub fn root_key(self) -> &'static str {
        match self {
            Kind::Contact => CONTACTS,
            Kind::Organization => ORGANIZATIONS,
            Kind::Meeting => MEETINGS,
            Kind::FollowUp => FOLLOW_UPS,
            Kind::Introduction => INTRODUCTIONS,
            Kind::Need => NEEDS,
            Kind::Exchange => EXCHANGES,
            Kind::Referral => REFERRALS,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Organization => "organization",
            Kind::Meeting => "meeting",
            Kind::FollowUp => "follow-up",
            Kind::Introduction => "introduction",
            Kind::Need => "need",
            Kind::Exchange => "exchange",
            Kind::Referral => "referral",
        }
    }

    pub(super) fn from_root_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.root_key() == key)
    }
}

/// One entity of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    pub kind: Kind,
    pub id: Id,
}

impl EntityRef {
    pub fn new(kind: Kind, id: Id) -> Self {
        Self { kind, id }
    }
    pub fn doc_id(&self, layout: Layout) -> DocId {
        DocId::for_entity(self.kind.family(), &self.id, layout)
    }
}

/// The map that holds every entity of a kind in a document.
pub fn root_map(doc: &AutoCommit, kind: Kind) -> Result<Option<ObjId>> {
    super::root_object(doc, kind.family(), kind.root_key())
}

/// The entity's own map, if the document holds it.
pub fn find(doc: &AutoCommit, entity: EntityRef) -> Result<Option<ObjId>> {
    match root_map(doc, entity.kind)? {
        Some(root) => values::object(doc, &root, &entity.id.to_string(), ObjType::Map),
        None => Ok(None),
    }
}

/// Every entity a document holds, for re-materializing a whole bucket.
pub fn all_in(doc: &AutoCommit, family: Family) -> Result<Vec<EntityRef>> {
    let mut out = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| k.family() == family) {
        if let Some(root) = root_map(doc, kind)? {
            out.extend(doc.keys(&root).filter_map(|k| k.parse().ok()).map(|id| EntityRef::new(kind, id)));
        }
    }
    Ok(out)
}
