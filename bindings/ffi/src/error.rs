//! The one error type foreign code sees, mapped from the core's errors in one place. Variants
//! follow what a caller can do about them; none carries user content (names, notes, numbers).

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
    /// A device was refused, or refused us: unknown, revoked, or a failed handshake (wrong code).
    #[error("refused: {reason}")]
    Refused { reason: String },
    /// The sync or pairing conversation broke (a malformed, truncated or unexpected frame).
    #[error("sync: {reason}")]
    Sync { reason: String },
    /// The object was closed; open a new one.
    #[error("this object was closed")]
    Closed,
}

impl From<kith_core::InvalidInput> for KithError {
    fn from(e: kith_core::InvalidInput) -> Self {
        kith_core::Error::from(e).into()
    }
}

/// Every core error maps by `Error::kind()`, the one classification the CLI's exit codes use too.
impl From<kith_core::Error> for KithError {
    fn from(e: kith_core::Error) -> Self {
        use kith_core::ErrorKind as K;
        let reason = e.to_string();
        match e.kind() {
            K::InvalidInput => {
                KithError::InvalidInput { field: e.field().unwrap_or("input").to_string(), reason }
            }
            K::NotFound => match e {
                kith_core::Error::NotFound { kind, id } => KithError::NotFound { kind: kind.to_string(), id },
                _ => KithError::NotFound { kind: "record".into(), id: String::new() },
            },
            K::Conflict => KithError::Conflict { reason },
            K::Busy => KithError::Busy,
            K::Storage => KithError::Storage { reason },
            K::Incompatible => KithError::Incompatible { reason },
            K::Refused => KithError::Refused { reason },
            K::Sync => KithError::Sync { reason },
        }
    }
}

/// Transport failures map by the same kinds; the core's own errors keep their shape.
impl From<kith_net::NetError> for KithError {
    fn from(e: kith_net::NetError) -> Self {
        use kith_core::ErrorKind as K;
        let kind = e.kind();
        match e {
            kith_net::NetError::Kith(e) => e.into(),
            other => {
                let reason = other.to_string();
                match kind {
                    K::Refused => KithError::Refused { reason },
                    K::Storage => KithError::Storage { reason },
                    _ => KithError::Sync { reason },
                }
            }
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
