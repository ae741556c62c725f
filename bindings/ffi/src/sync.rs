//! Pairing and sync sessions as objects the shell holds while it carries their frames over a
//! transport. They hold the core's state only; every step runs through `Kith` (the same
//! `pairing_receive` / `sync_receive` the CLI calls), so frames are sealed and checked in core.

use std::sync::{Mutex, PoisonError};

use kith_core as core;

use crate::types::{Peer, SyncReport};

#[derive(uniffi::Object)]
pub struct Pairing {
    pub(crate) inner: Mutex<core::Pairing>,
}

#[uniffi::export]
impl Pairing {
    /// The code to show as text and as a QR code; none on the joining side.
    pub fn code(&self) -> Option<String> {
        self.lock().code()
    }

    /// The other device, once paired.
    pub fn peer(&self) -> Option<Peer> {
        self.lock().peer().map(|p| Peer { device_id: p.device_id.clone(), name: p.name.clone() })
    }

    pub fn is_complete(&self) -> bool {
        self.lock().is_complete()
    }

    /// When the shown code stops being accepted (ms since the epoch).
    pub fn expires_at(&self) -> i64 {
        self.lock().expires_at()
    }

    /// Starts over for a new connection; the shown code stays good until it expires.
    pub fn restart(&self) -> crate::error::Result<()> {
        Ok(self.lock().restart()?)
    }
}

impl Pairing {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, core::Pairing> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(uniffi::Object)]
pub struct SyncSession {
    pub(crate) inner: Mutex<core::SyncSession>,
}

#[uniffi::export]
impl SyncSession {
    /// The peer's device id (the responder learns it from the handshake).
    pub fn peer(&self) -> Option<String> {
        self.lock().peer().map(str::to_string)
    }

    /// True once this side has nothing more to say: the transport may close.
    pub fn is_complete(&self) -> bool {
        self.lock().is_complete()
    }

    pub fn report(&self) -> SyncReport {
        self.lock().report().into()
    }
}

impl SyncSession {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, core::SyncSession> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A session or pairing just started, with the frame to send first.
#[derive(uniffi::Record)]
pub struct SyncStart {
    pub session: std::sync::Arc<SyncSession>,
    pub first_frame: Vec<u8>,
}

#[derive(uniffi::Record)]
pub struct PairingStart {
    pub pairing: std::sync::Arc<Pairing>,
    pub first_frame: Vec<u8>,
}
