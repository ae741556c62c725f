//! For fuzzers and their replayed regressions only (feature `fuzzing`): the raw sync protocol
//! beneath the sealed channel, which no shell can reach, so hostile frames can be fed to it
//! without first breaking Noise.

use crate::Kith;
use crate::error::Result;
use crate::sync::session::SyncSession;

/// A responder session fed frames in the clear.
pub struct RawResponder(SyncSession);

impl RawResponder {
    pub fn new(peer: &str) -> Self {
        Self(SyncSession::respond(peer))
    }

    /// Feeds one frame; what the session would answer is dropped.
    pub fn receive(&mut self, kith: &mut Kith, frame: &[u8]) -> Result<()> {
        self.0.receive(kith.store_mut(), frame).map(drop)
    }
}

/// Applies raw Automerge changes to one document as if a foreign writer had sent them.
pub fn apply_foreign_changes(
    kith: &mut Kith,
    doc: crate::sync::DocId,
    changes: &[u8],
) -> Result<Option<usize>> {
    kith.store_mut().apply_changes(doc, changes)
}

/// One document as Automerge bytes, for building foreign changes against it.
pub fn save_document(kith: &mut Kith, doc: crate::sync::DocId) -> Result<Vec<u8>> {
    kith.store_mut().document_save(doc)
}

/// The document an entity of `family` lives in, in this account's bucket layout.
pub fn document_of(kith: &mut Kith, family: crate::sync::Family, id: &crate::Id) -> crate::sync::DocId {
    crate::sync::DocId::for_entity(family, id, kith.store_mut().layout())
}

/// Splits this device's entities as an account of `layout` does, as a device that has joined
/// one would; refused once it holds any bucket (`Error::LayoutMismatch`). Tests build accounts
/// begun before layouts with it.
pub fn take_layout(kith: &mut Kith, layout: crate::doc::Layout) -> Result<()> {
    kith.store_mut().adopt_layout(layout)
}

/// A bundle for `peer` in the format of builds before layouts (version 2), from a device of
/// 64 buckets: files made then must still import.
pub fn export_bundle_v2(kith: &mut Kith, peer: &str) -> Result<Vec<u8>> {
    let me = kith.identity()?;
    crate::sync::bundle::export_bundle_v2(kith.store_mut(), &me, peer)
}
