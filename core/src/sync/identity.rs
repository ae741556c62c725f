//! This device's identity: a static X25519 key pair kept outside the database through a
//! `KeyStore` (a file on desktop; Keychain or Keystore in the shells). A copied database file
//! therefore never carries the device's identity along with it.

use std::io::Write;
use std::path::PathBuf;

use super::channel::{Keypair, hex, unhex};
use crate::error::{Error, Result};

/// Where the device's private key lives.
pub trait KeyStore: Send + Sync {
    fn load(&self) -> Result<Option<Keypair>>;
    fn save(&self, keys: &Keypair) -> Result<()>;
}

/// A key file readable only by its owner, written atomically.
pub struct FileKeyStore {
    path: PathBuf,
}

impl FileKeyStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }
}

const HEADER: &str = "kith-device-key v1";

impl KeyStore for FileKeyStore {
    fn load(&self) -> Result<Option<Keypair>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut lines = text.lines();
        let damaged = || Error::Io(std::io::Error::other("the device key file is damaged"));
        if lines.next() != Some(HEADER) {
            return Err(damaged());
        }
        let mut key = || -> Result<[u8; 32]> {
            let bytes = lines.next().and_then(unhex).ok_or_else(damaged)?;
            bytes.try_into().map_err(|_| damaged())
        };
        Ok(Some(Keypair { private: key()?, public: key()? }))
    }

    fn save(&self, keys: &Keypair) -> Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let tmp = self.path.with_extension("key-tmp");
        let mut file =
            std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?;
        writeln!(file, "{HEADER}\n{}\n{}", hex(&keys.private), hex(&keys.public))?;
        file.sync_all()?;
        std::fs::rename(&tmp, &self.path)?;
        Ok(())
    }
}

/// A device id: the first 8 bytes of a hash of its public key, so a claimed id can be checked
/// against the key that authenticated.
pub fn device_id_for(public: &[u8; 32]) -> String {
    hex(&blake3::hash(public).as_bytes()[..8])
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub device_id: String,
    pub keypair: Keypair,
}

impl Identity {
    /// This device's identity, created (and saved) on first use.
    pub fn load_or_create(keys: &dyn KeyStore) -> Result<Self> {
        let keypair = match keys.load()? {
            Some(k) => k,
            None => {
                let k = Keypair::generate();
                keys.save(&k)?;
                k
            }
        };
        Ok(Self { device_id: device_id_for(&keypair.public), keypair })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().unwrap();
        let store = FileKeyStore::new(dir.path().join("device.key"));
        let first = Identity::load_or_create(&store).unwrap();
        let again = Identity::load_or_create(&store).unwrap();
        assert_eq!(first.keypair, again.keypair);
        assert_eq!(first.device_id.len(), 16);
        let mode = std::fs::metadata(dir.path().join("device.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.path().join("device.key"), "garbage").unwrap();
        assert!(Identity::load_or_create(&store).is_err());
    }
}
