//! Which devices may sync: the account's device list (stored by the store) read as keys, and a
//! completed pairing written into it.

use super::SyncError;
use super::channel::{hex, unhex};
use super::identity::Identity;
use super::pairing::Peer;
use crate::error::Result;
use crate::model::Device;
use crate::store::Store;

/// The static key of a paired device that may sync; unknown and revoked devices are refused.
pub(crate) fn device_key(store: &Store, id: &str) -> Result<[u8; 32]> {
    match store.device(id)? {
        None => Err(SyncError::UnknownDevice.into()),
        Some(Device { revoked_at: Some(_), .. }) => Err(SyncError::RevokedDevice.into()),
        Some(device) => {
            let bytes = unhex(&device.public_key).ok_or(SyncError::UnknownDevice)?;
            Ok(bytes.try_into().map_err(|_| SyncError::UnknownDevice)?)
        }
    }
}

/// Records a completed pairing: both devices join the account's device list.
pub(crate) fn record_pairing(store: &mut Store, me: &Identity, my_name: &str, peer: &Peer) -> Result<()> {
    let now = store.clock().now_ms();
    let device = |id: &str, name: &str, key: &[u8; 32]| Device {
        id: id.to_string(),
        name: name.to_string(),
        public_key: hex(key),
        paired_at: now,
        revoked_at: None,
        last_sync_at: None,
        endpoint: None,
    };
    store.record_devices(&[
        device(&me.device_id, my_name, &me.keypair.public),
        device(&peer.device_id, &peer.name, &peer.public_key),
    ])
}
