//! Offline bundles: everything a paired peer has not acknowledged, sealed to that peer in one
//! file, for a hand-over with no radio link (a file share, a QR sequence). Sealed with a one-way
//! Noise K message: only the peer can open it, and it proves which device made it. Importing the
//! same bundle twice changes nothing.

use snow::Builder;

use super::SyncError;
use super::channel::{Channel, PROLOGUE};
use super::identity::Identity;
use crate::doc::DocId;
use crate::error::Result;
use crate::store::Store;

const ONE_WAY: &str = "Noise_K_25519_ChaChaPoly_BLAKE2s";

/// The largest bundle Kith writes, and so the largest it reads: far above a first sync of a big
/// network (a 20k-contact store is about 20 MB), far below what would strain a phone's memory.
pub const MAX_BUNDLE: usize = 64 * 1024 * 1024;
/// Sealing adds 16 bytes and a length per 64 KiB piece.
const SEALED_MAX: usize = MAX_BUNDLE + MAX_BUNDLE / 4096 + 1024;
/// Version 1 carried changes only; version 2 also carries the sender's heads per document, so
/// the importer records what the sender holds and its own bundles back stay small.
const MAGIC_V1: &[u8; 8] = b"KITHBNDL";
const MAGIC: &[u8; 8] = b"KITHBND2";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BundleReport {
    pub docs_changed: usize,
    pub entities_changed: usize,
}

fn noise_err(_: snow::Error) -> SyncError {
    SyncError::Handshake
}

/// Seals, for `peer`, every change it has not acknowledged in a sync.
pub fn export_bundle(store: &mut Store, me: &Identity, peer: &str) -> Result<Vec<u8>> {
    let remote = super::device_key(store, peer)?;
    let mut payload = Vec::new();
    let mut count: u16 = 0;
    for (doc, digest) in store.doc_digests()? {
        if digest == [0; 8] {
            continue;
        }
        let acknowledged = store.sync_state(peer, doc)?.shared_heads;
        let changes = store.changes_since(doc, &acknowledged)?;
        if changes.is_empty() {
            continue;
        }
        payload.push(super::frame::doc_code(doc));
        payload.extend_from_slice(&(changes.len() as u32).to_be_bytes());
        payload.extend_from_slice(&changes);
        let heads = store.doc_heads(doc)?;
        payload.push(heads.len().min(255) as u8);
        for h in heads.iter().take(255) {
            payload.extend_from_slice(&h.0);
        }
        count += 1;
    }
    let mut plain = count.to_be_bytes().to_vec();
    plain.extend_from_slice(&payload);
    // Any bundle Kith writes, Kith reads: refuse here rather than write one the peer cannot open.
    if plain.len() > MAX_BUNDLE {
        return Err(SyncError::BundleTooLarge { size: plain.len(), limit: MAX_BUNDLE }.into());
    }
    let mut state = Builder::new(ONE_WAY.parse().expect("valid Noise pattern"))
        .local_private_key(&me.keypair.private)
        .and_then(|b| b.remote_public_key(&remote))
        .and_then(|b| b.prologue(PROLOGUE))
        .and_then(|b| b.build_initiator())
        .map_err(noise_err)?;
    let mut buf = vec![0u8; 1024];
    let n = state.write_message(&[], &mut buf).map_err(noise_err)?;
    let mut out = MAGIC.to_vec();
    out.push(me.device_id.len() as u8);
    out.extend_from_slice(me.device_id.as_bytes());
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&buf[..n]);
    out.extend_from_slice(&Channel::new(state)?.seal(&plain)?);
    Ok(out)
}

/// Opens a bundle made by a paired device for this one and applies its changes.
pub fn import_bundle(store: &mut Store, me: &Identity, bytes: &[u8]) -> Result<BundleReport> {
    if bytes.len() > SEALED_MAX + 1024 {
        return Err(SyncError::BundleTooLarge { size: bytes.len(), limit: MAX_BUNDLE }.into());
    }
    let (rest, with_heads) = match (bytes.strip_prefix(MAGIC), bytes.strip_prefix(MAGIC_V1)) {
        (Some(rest), _) => (rest, true),
        (None, Some(rest)) => (rest, false),
        (None, None) => return Err(SyncError::Malformed("not a Kith bundle").into()),
    };
    let id_len = *rest.first().ok_or(SyncError::Truncated)? as usize;
    let sender = rest.get(1..1 + id_len).ok_or(SyncError::Truncated)?;
    let sender = std::str::from_utf8(sender).map_err(|_| SyncError::Malformed("device id"))?;
    let rest = &rest[1 + id_len..];
    let hs_len = u16::from_be_bytes([
        *rest.first().ok_or(SyncError::Truncated)?,
        *rest.get(1).ok_or(SyncError::Truncated)?,
    ]) as usize;
    let hs = rest.get(2..2 + hs_len).ok_or(SyncError::Truncated)?;
    let remote = super::device_key(store, sender)?;
    let mut state = Builder::new(ONE_WAY.parse().expect("valid Noise pattern"))
        .local_private_key(&me.keypair.private)
        .and_then(|b| b.remote_public_key(&remote))
        .and_then(|b| b.prologue(PROLOGUE))
        .and_then(|b| b.build_responder())
        .map_err(noise_err)?;
    let mut buf = vec![0u8; 1024];
    state.read_message(hs, &mut buf).map_err(|_| SyncError::Handshake)?;
    let plain = Channel::new(state)?.open_within(&rest[2 + hs_len..], SEALED_MAX)?;
    // Parse everything before applying anything: a damaged bundle changes nothing.
    let count = u16::from_be_bytes([
        *plain.first().ok_or(SyncError::Truncated)?,
        *plain.get(1).ok_or(SyncError::Truncated)?,
    ]);
    let mut parts: Vec<(DocId, &[u8], Vec<automerge::ChangeHash>)> = Vec::with_capacity(count as usize);
    let mut pos = 2;
    for _ in 0..count {
        let doc = super::frame::doc_from_code(*plain.get(pos).ok_or(SyncError::Truncated)?)
            .ok_or(SyncError::Malformed("unknown document"))?;
        let len = plain.get(pos + 1..pos + 5).ok_or(SyncError::Truncated)?;
        let len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
        let changes = plain.get(pos + 5..pos + 5 + len).ok_or(SyncError::Truncated)?;
        pos += 5 + len;
        let mut heads = Vec::new();
        if with_heads {
            let n = *plain.get(pos).ok_or(SyncError::Truncated)? as usize;
            let bytes = plain.get(pos + 1..pos + 1 + 32 * n).ok_or(SyncError::Truncated)?;
            heads = bytes
                .chunks_exact(32)
                .map(|h| automerge::ChangeHash(h.try_into().expect("32 bytes")))
                .collect();
            pos += 1 + 32 * n;
        }
        parts.push((doc, changes, heads));
    }
    if pos != plain.len() {
        return Err(SyncError::Malformed("trailing bytes").into());
    }
    let mut report = BundleReport::default();
    for (doc, changes, heads) in parts {
        if let Some(n) = store.apply_changes(doc, changes)? {
            report.docs_changed += 1;
            report.entities_changed += n;
        }
        // The sender holds these heads, and now so does this device: what it bundles back
        // starts from there instead of resending the sender its own changes.
        if !heads.is_empty() {
            store.acknowledge(sender, doc, &heads)?;
        }
    }
    Ok(report)
}
