//! `kith-net`: Kith's transports. A device is an iroh endpoint (QUIC dialed by public key)
//! whose key derives from its device key. Paired devices reach each other directly on the LAN
//! (mDNS), hole-punched, or through the relay the user chose; relays forward only QUIC
//! ciphertext. Inside each connection the core's own sealed session runs unchanged (Noise KK:
//! unknown and revoked devices are refused before any document byte), so this crate only moves
//! frames: the core decides what every frame says.
//!
//! `kith-core` stays sans-I/O; the CLI and the FFI each hand this crate their store through
//! [`Shared`].

mod error;
mod invite;
mod node;
#[cfg(feature = "relay-server")]
pub mod relay;
mod wire;

pub use error::NetError;
pub use invite::Invite;
pub use node::{Node, NodeOptions, Path, PeerOutcome, PeerReport};

use kith_core::Kith;

/// How the transport reaches the store it serves: one short call with the core locked. The
/// CLI wraps a `Mutex<Kith>`; the FFI its own handle, which delivers change events after the
/// call.
pub trait Shared: Send + Sync + 'static {
    fn with<T>(&self, f: impl FnOnce(&mut Kith) -> kith_core::Result<T>) -> Result<T, NetError>;
}

impl Shared for std::sync::Mutex<Kith> {
    fn with<T>(&self, f: impl FnOnce(&mut Kith) -> kith_core::Result<T>) -> Result<T, NetError> {
        let mut guard = self.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(f(&mut guard)?)
    }
}
