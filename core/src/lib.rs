//! Kith's core: contacts, meetings and follow-ups for people who network for a living.
//!
//! Replicated data lives in Automerge documents sharded into fixed hash buckets; SQLite holds
//! those documents (snapshot + incremental chunks) and a read model derived from them, in one
//! file, changed in one transaction per write. See `docs/ARCHITECTURE.md` for the tour.

pub mod capture;
pub mod clock;
mod doc;
pub mod error;
pub mod id;
pub mod interchange;
pub mod method;
pub mod model;
pub mod store;
pub mod sync;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, InvalidInput, Result};
pub use id::Id;
pub use store::{
    CaptureOptions, CaptureOutcome, ConflictEntry, ContactMerge, ContactQuery, DoctorReport, DuplicatePair,
    Evidence, FollowUpQuery, ImportAction, ImportItem, ImportOptions, ImportPlan, ImportSummary, MergeReport,
    Store,
};
