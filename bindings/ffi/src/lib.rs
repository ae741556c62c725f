//! `kith-ffi`: the one uniffi facade over `kith-core` for the Android, iOS and host shells.
//! One namespace (`kith`), proc-macros only. The `Kith` object delegates each call to the
//! core's `Kith`; `Pairing` and `SyncSession` hold a conversation's state while the shell
//! carries its frames. Every call is synchronous and meant for a background thread; every
//! error is a `KithError` (mapped from the core's `Error::kind()`); ids cross as strings,
//! instants as i64 milliseconds (UTC), days as `YYYY-MM-DD`. Generated bindings are never
//! committed: `bindings/generate.sh` makes them from the library they will load.

mod capture;
mod error;
mod exchange;
mod kith;
mod service;
mod sync;
mod types;

pub use capture::{CaptureOptions, CaptureOutcome, CardLine, Draft, warm_up};
pub use error::{KithError, ListenerError};
pub use kith::{ChangeEvent, ChangeListener, ChangeReason, Kith, Subscription};
pub use sync::{Pairing, SyncSession};
pub use types::{Contact, ContactChanges, ContactQuery, FollowUp, NewContact, NewFollowUp, NewMeeting};

/// The core's version, for an about screen and bug reports.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

uniffi::setup_scaffolding!("kith");
