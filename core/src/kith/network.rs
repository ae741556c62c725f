//! What a transport needs from the core to reach the account's devices: this device's network
//! key, where each paired device can be dialed, and the user's relay. The transport itself
//! (`kith-net`, over iroh) carries the same sealed session frames as any other.

use super::Kith;
use crate::error::{InvalidInput, Result};
use crate::model::{Device, validate};

const RELAY: &str = "sync.relay_url";

fn endpoint_key(device: &str) -> String {
    format!("endpoint.{device}")
}

impl Kith {
    /// The secret of this device's network endpoint, derived from its device key: nothing more
    /// to store or back up, and the endpoint stays the same for as long as the device key does.
    pub fn network_secret(&mut self) -> Result<[u8; 32]> {
        let identity = self.identity()?;
        Ok(blake3::derive_key("kith 2026-12 network endpoint secret", &identity.keypair.private))
    }

    /// Records where a device of the account can be dialed (its endpoint id, 64 hex digits).
    /// Replicated: a device learns the endpoints of devices it never met from the others.
    pub fn set_device_endpoint(&mut self, device: &str, endpoint: &str) -> Result<()> {
        let endpoint = endpoint.trim().to_ascii_lowercase();
        if endpoint.len() != 64 || !endpoint.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(InvalidInput::UnknownValue { field: "endpoint" }.into());
        }
        let key = endpoint_key(device);
        if self.store.setting(&key)?.as_deref() == Some(endpoint.as_str()) {
            return Ok(());
        }
        self.edit(|s| s.set_setting(&key, &endpoint))
    }

    /// The relay the user chose for sync across networks (replicated to every paired device).
    pub fn relay_url(&self) -> Result<Option<String>> {
        Ok(self.store.setting(RELAY)?.filter(|u| !u.is_empty()))
    }

    /// Sets (or, with `None`, clears) the relay: an `http://` or `https://` URL of a relay the
    /// user runs (`kith relay`) or trusts.
    pub fn set_relay_url(&mut self, url: Option<&str>) -> Result<()> {
        let value = match url.map(str::trim).filter(|u| !u.is_empty()) {
            // The wording names the relay: a bare "URL is malformed" reads as the contact's website.
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                validate::url(u).map_err(|_| InvalidInput::RelayUrl)?
            }
            Some(_) => return Err(InvalidInput::RelayUrl.into()),
            None => String::new(),
        };
        self.edit(|s| s.set_setting(RELAY, &value))
    }

    /// The devices to dial: paired, not revoked, not this one.
    pub fn sync_peers(&mut self) -> Result<Vec<Device>> {
        let me = self.identity()?.device_id;
        Ok(self.store.devices()?.into_iter().filter(|d| d.id != me && d.revoked_at.is_none()).collect())
    }
}
