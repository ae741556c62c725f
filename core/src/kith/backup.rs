//! A backup that survives a lost phone: the whole store, sealed with a passphrase (age, scrypt
//! recipient), restorable on a new device. The restored store is the same account's data on a
//! new device: it gets its own key (pair it again), writes as its own Automerge actor, and so
//! merges with the other devices without loss. Nothing existing is overwritten unless asked.

use std::io::Write;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use super::{Kith, KithOptions};
use crate::error::{BackupError, Result};

/// Shorter passphrases are refused: the backup may sit in a cloud folder for years.
const MIN_PASSPHRASE_CHARS: usize = 10;

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

fn private_file(path: &Path) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    Ok(std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?)
}

/// Removes a file if it is there (a temporary, or a store being replaced with its sidecars).
fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

impl Kith {
    /// Seals the whole store with `passphrase` into `out` (written beside it, then renamed, so
    /// a failed backup never leaves half a file). Returns the backup's size in bytes.
    pub fn backup(&mut self, out: &Path, passphrase: &str) -> Result<u64> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(BackupError::WeakPassphrase { min_chars: MIN_PASSPHRASE_CHARS }.into());
        }
        // A consistent copy of the database, beside the store (its folder is private), sealed
        // into the backup and removed whatever happens.
        let snapshot = beside(self.path(), ".backup-snapshot");
        remove(&snapshot)?;
        let sealed = beside(out, ".partial");
        let outcome = (|| -> Result<u64> {
            self.store.copy_into(&snapshot)?;
            let encryptor = age::Encryptor::with_user_passphrase(SecretString::from(passphrase.to_owned()));
            let file = private_file(&sealed)?;
            let mut writer = encryptor.wrap_output(std::io::BufWriter::new(file))?;
            std::io::copy(&mut std::fs::File::open(&snapshot)?, &mut writer)?;
            let mut file = writer.finish()?.into_inner().map_err(|e| e.into_error())?;
            file.flush()?;
            file.sync_all()?;
            std::fs::rename(&sealed, out)?;
            Ok(std::fs::metadata(out)?.len())
        })();
        remove(&snapshot)?;
        if outcome.is_err() {
            let _ = remove(&sealed);
        }
        outcome
    }

    /// Restores a backup into a store at `into` and opens it. An existing store there is
    /// replaced only with `overwrite`. The restored store is a new device of the account (a new
    /// key unless `into` already had one): `lost_pairing` then asks to pair it again.
    pub fn restore_backup(
        backup: &Path,
        passphrase: &str,
        into: &Path,
        overwrite: bool,
        options: KithOptions,
    ) -> Result<Kith> {
        if into.exists() && !overwrite {
            return Err(BackupError::WouldOverwrite.into());
        }
        let plain = beside(into, ".restoring");
        remove(&plain)?;
        let outcome = (|| -> Result<()> {
            let file = std::io::BufReader::new(std::fs::File::open(backup)?);
            let decryptor = age::Decryptor::new_buffered(file).map_err(BackupError::from)?;
            if !decryptor.is_scrypt() {
                return Err(BackupError::NotABackup.into());
            }
            let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
            let mut reader = decryptor.decrypt(std::iter::once(&identity as _)).map_err(BackupError::from)?;
            let mut out = private_file(&plain)?;
            std::io::copy(&mut reader, &mut out).map_err(|_| BackupError::Damaged)?;
            out.sync_all()?;
            // It must be a Kith store before it replaces anything.
            drop(crate::store::Store::open_with_clock(&plain, options.clock.clone())?);
            for sidecar in ["-wal", "-shm"] {
                remove(&beside(into, sidecar))?;
                remove(&beside(&plain, sidecar))?;
            }
            std::fs::rename(&plain, into)?;
            Ok(())
        })();
        if outcome.is_err() {
            let _ = remove(&plain);
            for sidecar in ["-wal", "-shm"] {
                let _ = remove(&beside(&plain, sidecar));
            }
        }
        outcome?;
        Kith::open_with(into, options)
    }
}
