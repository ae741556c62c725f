//! `Kith`: the one entry object of the core. Every shell (the CLI, the FFI and so the phones)
//! reaches the product only through it, so whatever one shell can do, every shell can, and the
//! orchestration around a capability (defaults, secure sessions, change events, error kinds)
//! exists once. One file per job; each method is a short use-case over the store, the method,
//! capture, interchange and sync modules.
//!
//! Writes record what they changed; `take_changes` hands those events to the shell after the
//! call, so a shell can notify its listeners outside any lock it holds.

mod backup;
mod bulk;
mod capture;
mod card;
mod changes;
mod contacts;
mod devices;
mod duplicates;
mod events;
mod import;
mod interchange;
mod kept;
mod maintenance;
mod meetings;
mod method;
mod network;
mod pairing;
mod qr;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use bulk::{BulkAction, BulkReport, MAX_BULK, Selection};
pub use capture::{CaptureOptions, CaptureOutcome};
pub use card::{CardPayload, QR_BUDGET_BYTES, QR_MAX_VERSION};
pub use changes::{ChangeEvent, ChangeReason};
pub use devices::DeviceView;
pub use events::{EventContact, EventReview};
pub use import::{ImportAction, ImportItem, ImportOptions, ImportSummary};
pub use interchange::{ExportFormat, ImportReport};
pub use maintenance::{Diagnostics, DiagnosticsMut, Heads};
pub use meetings::Reminder;
pub use method::Cadence;
pub use pairing::Pairing;
pub use qr::QrImage;
pub use sync::{SyncReport, SyncSession};

use crate::clock::{Clock, SystemClock};
use crate::error::{InvalidInput, Result};
use crate::store::Store;
use crate::sync::{FileKeyStore, Identity, KeyStore};

/// How to open a `Kith` beyond the database path; every field has a default.
pub struct KithOptions {
    /// The clock every date and "days ago" comes from [default: the system clock].
    pub clock: Arc<dyn Clock>,
    /// Where this device's private key lives [default: a 0600 file `<db>.key` beside the database].
    pub key_store: Option<Box<dyn KeyStore>>,
    /// How this device names itself to the devices it pairs with.
    pub device_name: String,
}

impl Default for KithOptions {
    fn default() -> Self {
        Self { clock: Arc::new(SystemClock), key_store: None, device_name: "Kith device".into() }
    }
}

pub struct Kith {
    store: Store,
    keys: Box<dyn KeyStore>,
    /// Loaded on first use: reading contacts never needs the private key.
    identity: Option<Identity>,
    device_name: String,
    events: Vec<ChangeEvent>,
    /// The last network-risk report (a dominator tree over every contact, ~35 ms at 20k), kept
    /// across writes that cannot move it.
    risk: kept::KeptRisk,
    /// The last Today list (~7 ms at 20k contacts), patched after writes.
    today: kept::KeptToday,
}

/// The database a laptop uses when none is named: `$KITH_DB`, else `kith.db` in the platform's
/// data directory (created on first use). The CLI and the desktop app open the same one; phones
/// pass their app-private path instead.
pub fn default_database_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("KITH_DB").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "kith").ok_or(InvalidInput::Missing { field: "db" })?;
    std::fs::create_dir_all(dirs.data_dir())?;
    Ok(dirs.data_dir().join("kith.db"))
}

/// The key file beside a database when no key store is given.
pub fn default_key_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.key", db.display()))
}

impl Kith {
    /// Opens (or creates) the database at `path`, with the system clock and a key file beside it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, KithOptions::default())
    }

    pub fn open_with(path: impl AsRef<Path>, options: KithOptions) -> Result<Self> {
        let path = path.as_ref();
        let store = Store::open_with_clock(path, options.clock)?;
        let keys = options.key_store.unwrap_or_else(|| Box::new(FileKeyStore::new(default_key_path(path))));
        Ok(Self {
            store,
            keys,
            identity: None,
            device_name: options.device_name,
            events: Vec::new(),
            risk: Default::default(),
            today: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn clock(&self) -> &dyn Clock {
        self.store.clock()
    }

    /// The changes made since the last call, oldest first (one event per writing call).
    pub fn take_changes(&mut self) -> Vec<ChangeEvent> {
        std::mem::take(&mut self.events)
    }

    /// Runs a writing use-case and records what it changed as one event with `reason`. The
    /// entities come from the write path, so an event never guesses.
    fn record<T>(&mut self, reason: ChangeReason, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let outcome = f(&mut self.store);
        // Even a call that failed half-way (a merge of many documents) may have committed parts.
        let changed = self.store.take_changed();
        self.today.saw(&changed);
        self.risk.saw(&changed);
        if let Some(event) = ChangeEvent::from_changed(reason, changed) {
            self.events.push(event);
        }
        outcome
    }

    fn edit<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.record(ChangeReason::LocalEdit, f)
    }

    #[cfg(feature = "fuzzing")]
    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// This device's identity, created and saved on first use.
    pub(crate) fn identity(&mut self) -> Result<Identity> {
        if self.identity.is_none() {
            self.identity = Some(Identity::load_or_create(self.keys.as_ref())?);
        }
        Ok(self.identity.clone().expect("loaded above"))
    }
}

impl std::fmt::Debug for Kith {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kith").field("path", &self.store.path()).finish_non_exhaustive()
    }
}
