//! Offline bundles: everything a paired peer has not acknowledged, sealed to that peer in one
//! file, for a hand-over with no radio link (a file share, a QR sequence). Sealed with a one-way
//! Noise K message: only the peer can open it, and it proves which device made it. Importing the
//! same bundle twice changes nothing.

use snow::Builder;

use super::SyncError;
use super::channel::{Channel, PROLOGUE};
use super::identity::Identity;
use crate::doc::{DocId, Layout};
use crate::error::Result;
use crate::store::Store;

const ONE_WAY: &str = "Noise_K_25519_ChaChaPoly_BLAKE2s";

/// The largest bundle Kith writes, and so the largest it reads: far above a first sync of a big
/// network (a 20k-contact store is about 20 MB), far below what would strain a phone's memory.
pub const MAX_BUNDLE: usize = 64 * 1024 * 1024;
/// Sealing adds 16 bytes and a length per 64 KiB piece.
const SEALED_MAX: usize = MAX_BUNDLE + MAX_BUNDLE / 4096 + 1024;
/// Version 1 carried changes only; version 2 also carries the sender's heads per document, so
/// the importer records what the sender holds and its own bundles back stay small. Version 3
/// carries the sender's bucket layout and names documents in two bytes (`doc::Layout`); the
/// versions before it knew only 64 buckets.
const MAGIC_V1: &[u8; 8] = b"KITHBNDL";
const MAGIC_V2: &[u8; 8] = b"KITHBND2";
const MAGIC: &[u8; 8] = b"KITHBND3";

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
    export(store, me, peer, MAGIC)
}

/// A bundle as builds before layouts wrote it (version 2: one-byte document codes, 64 buckets),
/// so tests can check that such a file still imports.
#[cfg(feature = "fuzzing")]
pub fn export_bundle_v2(store: &mut Store, me: &Identity, peer: &str) -> Result<Vec<u8>> {
    if store.layout() != Layout::Buckets64 {
        return Err(SyncError::Malformed("version 2 bundles hold 64 buckets").into());
    }
    export(store, me, peer, MAGIC_V2)
}

fn export(store: &mut Store, me: &Identity, peer: &str, magic: &[u8; 8]) -> Result<Vec<u8>> {
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
        if magic == MAGIC {
            payload.extend_from_slice(&super::frame::doc_code(doc).to_be_bytes());
        } else {
            // Version 2's codes (`frame::doc_from_code_64`); its layout is 64 buckets.
            payload.push(match doc.family {
                crate::doc::Family::Contacts => doc.bucket,
                crate::doc::Family::Interactions => 64 + doc.bucket,
                crate::doc::Family::Account => 128,
            });
        }
        payload.extend_from_slice(&(changes.len() as u32).to_be_bytes());
        payload.extend_from_slice(&changes);
        let heads = store.doc_heads(doc)?;
        payload.push(heads.len().min(255) as u8);
        for h in heads.iter().take(255) {
            payload.extend_from_slice(&h.0);
        }
        count += 1;
    }
    let mut plain = if magic == MAGIC { store.layout().buckets().to_be_bytes().to_vec() } else { Vec::new() };
    plain.extend_from_slice(&count.to_be_bytes());
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
    let mut out = magic.to_vec();
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
    let (rest, version) = if let Some(rest) = bytes.strip_prefix(MAGIC) {
        (rest, 3)
    } else if let Some(rest) = bytes.strip_prefix(MAGIC_V2) {
        (rest, 2)
    } else if let Some(rest) = bytes.strip_prefix(MAGIC_V1) {
        (rest, 1)
    } else {
        return Err(SyncError::Malformed("not a Kith bundle").into());
    };
    let with_heads = version >= 2;
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
    let u16_at = |pos: usize| -> std::result::Result<u16, SyncError> {
        let bytes = plain.get(pos..pos + 2).ok_or(SyncError::Truncated)?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    };
    let (layout, mut pos) = if version >= 3 {
        let buckets = u16_at(0)?;
        (Layout::from_buckets(i64::from(buckets)).ok_or(SyncError::Malformed("bucket layout"))?, 2)
    } else {
        (Layout::Buckets64, 0)
    };
    let count = u16_at(pos)?;
    pos += 2;
    let mut parts: Vec<(DocId, &[u8], Vec<automerge::ChangeHash>)> = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let doc = if version >= 3 {
            pos += 2;
            super::frame::doc_from_code(u16_at(pos - 2)?)
        } else {
            pos += 1;
            super::frame::doc_from_code_64(*plain.get(pos - 1).ok_or(SyncError::Truncated)?)
        };
        let doc = doc.filter(|d| layout.holds(*d)).ok_or(SyncError::Malformed("unknown document"))?;
        let len = plain.get(pos..pos + 4).ok_or(SyncError::Truncated)?;
        let len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
        let changes = plain.get(pos + 4..pos + 4 + len).ok_or(SyncError::Truncated)?;
        pos += 4 + len;
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
    // A device holding no bucket yet takes the sender's layout; one holding some must share it.
    store.adopt_layout(layout)?;
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
