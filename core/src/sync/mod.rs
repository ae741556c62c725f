//! Device-to-device sync, sans-I/O: sessions take frames (bytes) and return frames; shells carry
//! them over TCP, Bluetooth, a QR code or a file. A session opens with a manifest of document
//! digests so unchanged buckets cost nothing, then runs the Automerge sync protocol for the
//! buckets that differ, all of them batched into one frame per round. Every frame travels inside
//! a Noise channel between paired devices.

//!
//! Shells never drive these pieces directly: `Kith` runs the sealed sessions, pairing and
//! bundles. What is public here are the values they report and the key store a shell provides.

pub(crate) mod bundle;
mod channel;
mod devices;
pub mod frame;
mod identity;
mod pairing;
pub(crate) mod session;

pub use bundle::{BundleReport, MAX_BUNDLE};
pub(crate) use bundle::{export_bundle, import_bundle};
pub use channel::Keypair;
pub(crate) use channel::{Channel, KkInitiator, respond_kk};
pub use frame::{Frame, doc_from_code};
pub use identity::{FileKeyStore, Identity, KeyStore, device_id_for};
pub use pairing::Peer;
pub(crate) use pairing::{PairingAwaitingConfirmation, PairingCode, PairingInitiator, PairingResponder};
pub(crate) use session::Step;
pub use session::SyncStats;

pub use crate::doc::{DocId, Family, Layout};
pub use crate::error::SyncError;
pub use crate::model::Device;
pub(crate) use devices::{device_key, record_pairing};
