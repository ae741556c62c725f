//! Device-to-device sync, sans-I/O: sessions take frames (bytes) and return frames; shells carry
//! them over TCP, Bluetooth, a QR code or a file. A session opens with a manifest of document
//! digests so unchanged buckets cost nothing, then runs the Automerge sync protocol for the
//! buckets that differ, all of them batched into one frame per round. Every frame travels inside
//! a Noise channel between paired devices.

//!
//! Shells never drive these pieces directly: `Kith` runs the sealed sessions, pairing and
//! bundles. What is public here are the values they report and the key store a shell provides.

mod bundle;
mod channel;
pub mod frame;
mod identity;
mod pairing;
pub(crate) mod session;

pub use bundle::BundleReport;
pub(crate) use bundle::{export_bundle, import_bundle};
pub use channel::Keypair;
pub(crate) use channel::unhex as channel_unhex;
pub(crate) use channel::{Channel, KkInitiator, respond_kk};
pub use frame::{Frame, doc_from_code};
pub use identity::{FileKeyStore, Identity, KeyStore, device_id_for};
pub use pairing::Peer;
pub(crate) use pairing::{PairingAwaitingConfirmation, PairingCode, PairingInitiator, PairingResponder};
pub(crate) use session::Step;
pub use session::SyncStats;

pub use crate::doc::{DocId, Family};

/// A paired device as this device knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub name: String,
    pub public_key: String,
    pub paired_at: i64,
    pub revoked_at: Option<i64>,
    /// When this device last completed a sync with it (local knowledge, not replicated).
    pub last_sync_at: Option<i64>,
}

/// What can go wrong between two devices. Nothing stored is lost when it does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("the frame is truncated")]
    Truncated,
    #[error("the frame is {size} bytes, over the limit")]
    FrameTooLarge { size: usize },
    #[error("malformed: {0}")]
    Malformed(&'static str),
    #[error("the peer speaks sync protocol {found}; this build speaks {supported}")]
    UnsupportedVersion { found: u8, supported: u8 },
    #[error("the peer is not a paired device")]
    UnknownDevice,
    #[error("the peer's device was revoked")]
    RevokedDevice,
    #[error("the secure handshake failed (wrong key or pairing code)")]
    Handshake,
    #[error("a frame failed to decrypt")]
    Decrypt,
    #[error("the peer broke the protocol: {0}")]
    Protocol(&'static str),
    #[error("a document's changes do not fit in one frame")]
    DocumentTooLarge,
    #[error("the pairing code is not valid")]
    BadPairingCode,
    #[error("the pairing code expired; show a new one")]
    PairingExpired,
}
