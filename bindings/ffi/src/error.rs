//! The one error type foreign code sees, mapped from the core's errors in one place. Variants
//! follow what a caller can do about them; none carries user content (names, notes, numbers).

use kith_core::sync::SyncError;

#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum KithError {
    /// The id names nothing (or something deleted): refresh the screen.
    #[error("no {kind} with id {id}")]
    NotFound { kind: String, id: String },
    /// Show the reason next to `field` and let the person correct it.
    #[error("{field}: {reason}")]
    InvalidInput { field: String, reason: String },
    /// The data changed under the caller (a conflict already settled, a merge already done).
    #[error("conflict: {reason}")]
    Conflict { reason: String },
    /// Another process holds the database: retry shortly.
    #[error("the database is busy")]
    Busy,
    /// Disk full, read-only, missing folder: tell the person, nothing was written.
    #[error("storage: {reason}")]
    Storage { reason: String },
    /// Not a Kith file, damaged (moved aside), from a newer app, or a peer speaking another protocol.
    #[error("incompatible: {reason}")]
    Incompatible { reason: String },
    /// The object was closed; open a new one.
    #[error("this object was closed")]
    Closed,
    /// A bug: report it. The core stays usable.
    #[error("internal: {reason}")]
    Internal { reason: String },
}

impl From<kith_core::InvalidInput> for KithError {
    fn from(e: kith_core::InvalidInput) -> Self {
        KithError::InvalidInput { field: e.field().to_string(), reason: e.to_string() }
    }
}

impl From<kith_core::Error> for KithError {
    fn from(e: kith_core::Error) -> Self {
        use kith_core::Error as E;
        match e {
            // A merge already done, or none to undo, conflicts with the current state.
            E::Invalid(kith_core::InvalidInput::AlreadyMerged | kith_core::InvalidInput::NotMerged) => {
                KithError::Conflict { reason: e.to_string() }
            }
            E::Invalid(invalid) => invalid.into(),
            E::NotFound { kind, id } => KithError::NotFound { kind: kind.to_string(), id },
            E::PickOutOfRange { .. } => {
                KithError::InvalidInput { field: "pick".into(), reason: e.to_string() }
            }
            E::NoConflict { .. } => KithError::Conflict { reason: e.to_string() },
            E::Busy => KithError::Busy,
            E::DiskFull | E::ReadOnly | E::CannotOpen { .. } | E::Io(_) | E::Sqlite(_) => {
                KithError::Storage { reason: e.to_string() }
            }
            E::NotKith { .. } | E::Corrupt { .. } | E::NewerSchema { .. } | E::Document(_) => {
                KithError::Incompatible { reason: e.to_string() }
            }
            E::Sync(sync) => sync.into(),
        }
    }
}

impl From<SyncError> for KithError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::UnknownDevice | SyncError::RevokedDevice | SyncError::Handshake => {
                KithError::InvalidInput { field: "peer".into(), reason: e.to_string() }
            }
            SyncError::UnsupportedVersion { .. } => KithError::Incompatible { reason: e.to_string() },
            SyncError::BadPairingCode => {
                KithError::InvalidInput { field: "pairing_code".into(), reason: e.to_string() }
            }
            _ => KithError::InvalidInput { field: "frame".into(), reason: e.to_string() },
        }
    }
}

/// A listener's failure: reported back to Rust instead of panicking, then ignored.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ListenerError {
    #[error("the listener failed: {reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ListenerError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ListenerError::Failed { reason: e.reason }
    }
}

pub type Result<T> = std::result::Result<T, KithError>;

/// Ids cross the FFI as strings; a malformed one is the caller's input error, not a crash.
pub fn id(text: &str) -> Result<kith_core::Id> {
    text.parse().map_err(|e: kith_core::InvalidInput| e.into())
}

pub fn day(text: &str) -> Result<chrono::NaiveDate> {
    Ok(kith_core::model::validate::date(text)?)
}
