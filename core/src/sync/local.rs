//! Two stores in one process syncing through real encrypted sessions, frames passed in memory.
//! Used by benchmarks and by host tests of the bindings; shells carry frames over a transport.

use super::channel::{KkInitiator, respond_kk};
use super::identity::Identity;
use super::session::{Step, SyncSession, SyncStats};
use crate::error::Result;
use crate::store::Store;

/// The initiator's view of a session run in memory.
#[derive(Debug, Clone, Copy)]
pub struct LocalRun {
    pub stats: SyncStats,
    /// Whether both sides reached the end (false when `drop_after` cut the connection).
    pub completed: bool,
}

/// Runs one session from `a` to `b`. With `drop_after`, the connection is cut after that many
/// frames, as a dropped radio link would.
pub fn sync_in_memory(
    a: &mut Store,
    a_id: &Identity,
    b: &mut Store,
    b_id: &Identity,
    drop_after: Option<usize>,
) -> Result<LocalRun> {
    let key_b = a.device_key(&b_id.device_id)?;
    let (init, first) = KkInitiator::start(&a_id.keypair, &a_id.device_id, &key_b)?;
    let (mut chan_b, reply, peer) = respond_kk(&b_id.keypair, &first, |id| b.device_key(id))?;
    let mut chan_a = init.finish(&reply)?;
    let (mut sa, manifest) = SyncSession::initiate(a, &b_id.device_id)?;
    let mut sb = SyncSession::respond(&peer);
    let mut to_b = Some(chan_a.seal(&manifest)?);
    let mut to_a = None;
    let mut frames = 0;
    loop {
        if drop_after.is_some_and(|limit| frames >= limit) {
            return Ok(LocalRun { stats: sa.stats(), completed: false });
        }
        if let Some(sealed) = to_b.take() {
            frames += 1;
            match sb.receive(b, &chan_b.open(&sealed)?)? {
                Step::Send(f) => to_a = Some(chan_b.seal(&f)?),
                Step::Finished => break,
            }
        } else if let Some(sealed) = to_a.take() {
            frames += 1;
            match sa.receive(a, &chan_a.open(&sealed)?)? {
                Step::Send(f) => to_b = Some(chan_a.seal(&f)?),
                Step::Finished => break,
            }
        } else {
            break;
        }
    }
    Ok(LocalRun { stats: sa.stats(), completed: sa.is_complete() && sb.is_complete() })
}
