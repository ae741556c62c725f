//! Device-to-device sync as frames: the shell carries each frame over its transport (Nearby
//! Connections, MultipeerConnectivity, a socket) and hands the peer's answer back. Frames are
//! checked, versioned and capped by the core; a malformed one is `KithError::InvalidInput`.

use std::sync::{Arc, Mutex, PoisonError};

use kith_core::sync::{self as core, Step};

use crate::error::Result;
use crate::kith::{ChangeReason, Kith};

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncStats {
    pub frames_sent: u64,
    pub frames_received: u64,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub entities_changed: u64,
}

#[derive(uniffi::Object)]
pub struct SyncSession {
    kith: Arc<Kith>,
    inner: Mutex<core::SyncSession>,
    first_frame: Option<Vec<u8>>,
}

#[uniffi::export]
impl SyncSession {
    /// Starts a sync with `peer` (a paired device's id); send `first_frame()` to it.
    #[uniffi::constructor]
    pub fn initiate(kith: Arc<Kith>, peer: String) -> Result<Arc<Self>> {
        let (session, frame) = kith.with_store(|s| core::SyncSession::initiate(s, &peer))?;
        Ok(Arc::new(SyncSession { kith, inner: Mutex::new(session), first_frame: Some(frame) }))
    }

    /// Waits for `peer` to start; feed its frames to `receive`.
    #[uniffi::constructor]
    pub fn respond(kith: Arc<Kith>, peer: String) -> Arc<Self> {
        Arc::new(SyncSession {
            kith,
            inner: Mutex::new(core::SyncSession::respond(&peer)),
            first_frame: None,
        })
    }

    /// The initiator's opening frame (none for a responder).
    pub fn first_frame(&self) -> Option<Vec<u8>> {
        self.first_frame.clone()
    }

    /// Takes the peer's frame; returns the frame to send back, or none when this side is done.
    /// Everything a frame carried is stored before this returns.
    pub fn receive(&self, frame: Vec<u8>) -> Result<Option<Vec<u8>>> {
        let mut session = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let before = session.stats().entities_changed;
        let step = self.kith.with_store(|s| session.receive(s, &frame))?;
        let changed = session.stats().entities_changed > before;
        drop(session);
        if changed {
            self.kith.notify(ChangeReason::Sync, Vec::new());
        }
        Ok(match step {
            Step::Send(bytes) => Some(bytes),
            Step::Finished => None,
        })
    }

    /// True once this side has nothing more to say: the transport may close.
    pub fn is_complete(&self) -> bool {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).is_complete()
    }

    pub fn stats(&self) -> SyncStats {
        let s = self.inner.lock().unwrap_or_else(PoisonError::into_inner).stats();
        SyncStats {
            frames_sent: s.frames_sent as u64,
            frames_received: s.frames_received as u64,
            bytes_sent: s.bytes_sent,
            bytes_received: s.bytes_received,
            entities_changed: s.entities_changed as u64,
        }
    }
}
