//! This device and the devices paired with it: the list (with what each has not seen),
//! revocation, and sealed bundles for a hand-over with no network.

use super::{ChangeReason, Kith};
use crate::error::{InvalidInput, Result};
use crate::sync::{self, BundleReport, Device};

/// A paired device as a devices screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceView {
    pub device: Device,
    pub this_device: bool,
    /// Documents holding changes it has not acknowledged (0 for this device).
    pub pending: usize,
}

impl Kith {
    /// This device's id (a hash of its public key), creating its key on first use.
    pub fn device_id(&mut self) -> Result<String> {
        Ok(self.identity()?.device_id)
    }

    pub fn device_name(&self) -> &str {
        &self.device_name
    }

    /// Every device of the account, as the replicated device list holds it.
    pub fn devices(&mut self) -> Result<Vec<DeviceView>> {
        let me = self.identity()?.device_id;
        let mut out = Vec::new();
        for device in self.store.devices()? {
            let this_device = device.id == me;
            let pending = if this_device { 0 } else { self.store.pending_for(&device.id)? };
            out.push(DeviceView { device, this_device, pending });
        }
        Ok(out)
    }

    /// True when this store was paired but not with this device's key: the key was lost (a
    /// deleted key file, a new phone restored from a copy) and a new one made, so the devices
    /// paired before no longer know this one. The user must pair them again.
    pub fn lost_pairing(&mut self) -> Result<bool> {
        let me = self.identity()?.device_id;
        let devices = self.store.devices()?;
        Ok(!devices.is_empty() && !devices.iter().any(|d| d.id == me))
    }

    /// Revokes a paired device: every device refuses it from its next session on.
    pub fn revoke_device(&mut self, device: &str) -> Result<()> {
        if device == self.identity()?.device_id {
            return Err(
                InvalidInput::UnknownValue { field: "device (this device cannot revoke itself)" }.into()
            );
        }
        self.edit(|s| s.revoke_device(device))
    }

    /// The one paired, unrevoked device other than this one; an error names why there is not
    /// exactly one (none paired, or several to choose from).
    pub fn only_peer(&mut self) -> Result<String> {
        let me = self.identity()?.device_id;
        let others: Vec<Device> =
            self.store.devices()?.into_iter().filter(|d| d.id != me && d.revoked_at.is_none()).collect();
        match others.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(sync::SyncError::UnknownDevice.into()),
            _ => Err(InvalidInput::Missing { field: "peer (several devices are paired)" }.into()),
        }
    }

    /// Seals, for `peer`, every change it has not acknowledged: a file to hand over.
    pub fn export_bundle(&mut self, peer: &str) -> Result<Vec<u8>> {
        let me = self.identity()?;
        sync::export_bundle(&mut self.store, &me, peer)
    }

    /// Opens a bundle a paired device sealed for this one and applies it (idempotent).
    pub fn import_bundle(&mut self, bytes: &[u8]) -> Result<BundleReport> {
        let me = self.identity()?;
        self.record(ChangeReason::Sync, |s| sync::import_bundle(s, &me, bytes))
    }
}
