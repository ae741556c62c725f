//! Kith's core: contacts, meetings and follow-ups for people who network for a living.
//!
//! Replicated data lives in Automerge documents sharded into fixed hash buckets; SQLite holds
//! those documents (snapshot + incremental chunks) and a read model derived from them, in one
//! file, changed in one transaction per write. See `docs/ARCHITECTURE.md` for the tour.

//!
//! Shells reach the core through one object, `Kith` (see `kith/`); everything else exported
//! here is a plain value type that its methods take or return.

pub mod capture;
pub mod clock;
mod doc;
pub mod error;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod id;
pub mod interchange;
mod kith;
pub mod method;
pub mod model;
mod store;
pub mod sync;

pub use clock::{Clock, FixedClock, SystemClock};
pub use doc::entities::Kind as EntityKind;
pub use error::{Error, ErrorKind, InvalidInput, Result};
pub use id::Id;
pub use kith::{
    BulkAction, BulkReport, Cadence, CaptureOptions, CaptureOutcome, CardPayload, ChangeEvent, ChangeReason,
    DeviceView, Diagnostics, DiagnosticsMut, EventContact, EventReview, ExportFormat, Heads, ImportAction,
    ImportItem, ImportOptions, ImportReport, ImportSummary, Kith, KithOptions, MAX_BULK, Pairing,
    QR_BUDGET_BYTES, QR_MAX_VERSION, QrImage, Reminder, Selection, SyncReport, SyncSession,
    default_database_path, default_key_path,
};
/// The newest schema this build knows; a database written by a newer build is refused.
pub const SCHEMA_VERSION: u32 = store::migrations::LATEST;

pub use store::{
    ConflictEntry, ContactMerge, ContactQuery, DoctorReport, DocumentChanges, DuplicatePair, Evidence,
    FollowUpQuery, MergeReport,
};
