//! The anchors Kith's sync is measured against, on the same edits: raw Automerge sync of the
//! same documents in memory (no manifest, framing, storage or read model), and the floor,
//! applying the same changes to documents already loaded. Both run after the devices' figures
//! are taken, so their memory does not count in the devices' peak.
//!
//! Not one single document: the buckets cannot be merged into one, since each numbers its own
//! changes per actor (Automerge refuses the duplicate sequence numbers).

use std::time::Instant;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use kith_core::DocumentChanges;
use kith_core::Error;
use serde_json::{Value, json};

use crate::bench::{fail, ms};

/// One mixer's edits, per document either side changed: the document both held before, and
/// each side's changes.
#[derive(Default)]
pub struct MixerEdits {
    pub docs: Vec<DocEdits>,
}

#[derive(Default)]
pub struct DocEdits {
    pub before: Vec<u8>,
    pub changes_a: Vec<u8>,
    pub changes_b: Vec<u8>,
}

impl MixerEdits {
    /// Pairs each side's `changes_per_document` by document.
    pub fn pair(a: Vec<DocumentChanges>, b: Vec<DocumentChanges>) -> Self {
        let mut docs: std::collections::BTreeMap<String, DocEdits> = Default::default();
        for c in a {
            let d = docs.entry(c.doc).or_default();
            (d.before, d.changes_a) = (c.before, c.changes);
        }
        for c in b {
            let d = docs.entry(c.doc).or_default();
            (d.before, d.changes_b) = (c.before, c.changes);
        }
        Self { docs: docs.into_values().collect() }
    }
}

#[derive(Default)]
struct Measured {
    bytes: usize,
    messages: usize,
    raw_ms: f64,
    floor_ms: f64,
}

fn am(e: automerge::AutomergeError) -> Error {
    fail(&format!("anchor: {e}"))
}

/// Raw sync and floor for one mixer's edits, with the ratios of Kith's figures to them.
pub fn anchors(edits: &MixerEdits, bucketed: &Value) -> Result<Value, Error> {
    let mut m = Measured::default();
    for doc in &edits.docs {
        measure_doc(doc, &mut m)?;
    }
    let (bytes, messages, raw_ms, floor_ms) = (m.bytes, m.messages, m.raw_ms, m.floor_ms);
    let moved =
        bucketed["bytes_sent"].as_u64().unwrap_or(0) + bucketed["bytes_received"].as_u64().unwrap_or(0);
    let took = bucketed["ms"].as_f64().unwrap_or(0.0);
    let ratio = |x: f64, y: f64| if y > 0.0 { (x / y * 100.0).round() / 100.0 } else { 0.0 };
    Ok(json!({
        "raw_sync": {"bytes": bytes, "messages": messages, "ms": (raw_ms * 10.0).round() / 10.0},
        "floor_ms": (floor_ms * 10.0).round() / 10.0,
        "bytes_vs_raw": ratio(moved as f64, bytes as f64),
        "ms_vs_raw": ratio(took, raw_ms),
        "ms_vs_floor": ratio(took, floor_ms),
    }))
}

fn measure_doc(edits: &DocEdits, m: &mut Measured) -> Result<(), Error> {
    let side = |changes: &[u8]| -> Result<AutoCommit, Error> {
        let mut doc = AutoCommit::load(&edits.before).map_err(am)?;
        doc.load_incremental(changes).map_err(am)?;
        Ok(doc)
    };
    let (mut a, mut b) = (side(&edits.changes_a)?, side(&edits.changes_b)?);
    let shared = AutoCommit::load(&edits.before).map_err(am)?.get_heads();

    // The floor: each side applies the other's changes to its loaded document.
    let (mut fa, mut fb) = (a.clone(), b.clone());
    let t = Instant::now();
    fa.load_incremental(&edits.changes_b).map_err(am)?;
    fb.load_incremental(&edits.changes_a).map_err(am)?;
    m.floor_ms += ms(t);

    // Raw sync from the heads both held, as persisted sync states would start it.
    let state = || {
        let mut s = sync::State::new();
        s.shared_heads = shared.clone();
        s
    };
    let (mut sa, mut sb) = (state(), state());
    let t = Instant::now();
    // One message from each side per turn, as two peers alternating would send them.
    let mut send = |from: &mut AutoCommit,
                    to: &mut AutoCommit,
                    from_state: &mut sync::State,
                    to_state: &mut sync::State|
     -> Result<bool, Error> {
        let Some(msg) = from.sync().generate_sync_message(from_state) else { return Ok(false) };
        let encoded = msg.encode();
        m.bytes += encoded.len();
        m.messages += 1;
        let decoded = sync::Message::decode(&encoded).map_err(|e| fail(&format!("anchor: {e}")))?;
        to.sync().receive_sync_message(to_state, decoded).map_err(am)?;
        Ok(true)
    };
    loop {
        let a_said = send(&mut a, &mut b, &mut sa, &mut sb)?;
        let b_said = send(&mut b, &mut a, &mut sb, &mut sa)?;
        if !a_said && !b_said {
            break;
        }
    }
    m.raw_ms += ms(t);
    if a.get_heads() != b.get_heads() {
        return Err(fail("anchor: the documents did not converge"));
    }
    Ok(())
}
