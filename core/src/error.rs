//! Errors. `InvalidInput` says which field is wrong and why; `Error` is everything a core call
//! can fail with. Neither ever carries user content (names, notes, e-mails): error strings end up
//! in logs and crash reports.

use std::path::PathBuf;

use rusqlite::ErrorCode;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Input that fails validation. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidInput {
    #[error("name is empty")]
    EmptyName,
    #[error("e-mail address is malformed")]
    Email,
    #[error("phone number cannot be parsed as a number of region {region}")]
    Phone { region: String },
    #[error("region must be a two-letter country code known to the phone-number metadata")]
    Region,
    #[error("URL is malformed")]
    Url,
    #[error("relay must be an http:// or https:// URL")]
    RelayUrl,
    #[error("id is not a UUID")]
    Id,
    #[error("date must be written YYYY-MM-DD")]
    Date,
    #[error("tag is empty")]
    EmptyTag,
    #[error("{field} is not one of the allowed values")]
    UnknownValue { field: &'static str },
    #[error("{field} is required")]
    Missing { field: &'static str },
    #[error("{field} is out of range")]
    OutOfRange { field: &'static str },
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field} has more than {max} items")]
    TooMany { field: &'static str, max: usize },
    #[error("a contact cannot be merged with itself")]
    SameContact,
    #[error("the contact is not merged into another")]
    NotMerged,
    #[error("the contact is already merged into another")]
    AlreadyMerged,
    #[error("the file is larger than the import limit of {limit_mb} MB")]
    FileTooLarge { limit_mb: u32 },
    #[error("no {format} records were found in the input")]
    NoRecords { format: &'static str },
    #[error("there are no contacts to export")]
    NothingToExport,
    #[error("the {format} header lacks the column {column}")]
    MissingColumn { format: &'static str, column: &'static str },
}

impl InvalidInput {
    /// The field the problem is about, for shells that highlight it.
    pub fn field(&self) -> &'static str {
        match self {
            Self::EmptyName => "name",
            Self::Email => "email",
            Self::Phone { .. } | Self::Region => "phone",
            Self::Url => "website",
            Self::RelayUrl => "relay",
            Self::Id => "id",
            Self::Date => "date",
            Self::EmptyTag => "tag",
            Self::UnknownValue { field }
            | Self::Missing { field }
            | Self::OutOfRange { field }
            | Self::TooLong { field, .. }
            | Self::TooMany { field, .. } => field,
            Self::SameContact | Self::NotMerged | Self::AlreadyMerged => "contact",
            Self::FileTooLarge { .. }
            | Self::NoRecords { .. }
            | Self::MissingColumn { .. }
            | Self::NothingToExport => "file",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0}")]
    Invalid(#[from] InvalidInput),
    #[error("no {kind} with id {id}")]
    NotFound { kind: &'static str, id: String },
    #[error("{field} of {id} has no conflict to resolve")]
    NoConflict { id: String, field: String },
    #[error("pick {pick} is out of range: the conflict has {count} values")]
    PickOutOfRange { pick: usize, count: usize },
    #[error("{} is not a Kith database", path.display())]
    NotKith { path: PathBuf },
    #[error("the database is damaged; it was moved aside to {} and nothing was deleted", moved_to.display())]
    Corrupt { moved_to: PathBuf },
    #[error("the database was written by a newer Kith (schema {found}; this build knows up to {supported})")]
    NewerSchema { found: u32, supported: u32 },
    #[error("the database is locked by another process; try again")]
    Busy,
    #[error("the disk is full; nothing was written")]
    DiskFull,
    #[error("the database cannot be written now: its file, folder or disk is read-only or full")]
    ReadOnly,
    #[error("cannot open the database file at {}", path.display())]
    CannotOpen { path: PathBuf },
    #[error("a stored document is damaged: {0}")]
    Document(#[from] automerge::AutomergeError),
    /// Replicated data that breaks the schema (a foreign or buggy writer replaced a container):
    /// the write is refused, nothing stored changes, `doctor` reports what it sees.
    #[error("a stored document breaks the schema: {expected}")]
    Schema { expected: &'static str },
    #[error("storage error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// Two devices (or a merged file) split their entities into different numbers of buckets
    /// and both hold entities, so neither can take the other's layout. Nothing was changed.
    #[error(
        "this device keeps its contacts in {ours} buckets and the other side in {theirs}, and both hold contacts: \
         export one side's contacts, start it afresh and import them there"
    )]
    LayoutMismatch { ours: u16, theirs: u16 },
    #[error("sync: {0}")]
    Sync(#[from] SyncError),
    #[error("backup: {0}")]
    Backup(#[from] BackupError),
}

/// What can go wrong with a backup. Nothing existing is changed when it does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("the passphrase must have at least {min_chars} characters")]
    WeakPassphrase { min_chars: usize },
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    #[error("the file is not a Kith backup")]
    NotABackup,
    #[error("the backup is damaged")]
    Damaged,
    #[error("a store already exists there; restore over it only on purpose")]
    WouldOverwrite,
}

impl From<age::DecryptError> for BackupError {
    fn from(e: age::DecryptError) -> Self {
        use age::DecryptError as D;
        match e {
            // At the header, a passphrase that does not unwrap the file key fails to decrypt.
            D::NoMatchingKeys | D::KeyDecryptionFailed | D::DecryptionFailed => BackupError::WrongPassphrase,
            D::InvalidHeader | D::UnknownFormat => BackupError::NotABackup,
            _ => BackupError::Damaged,
        }
    }
}

impl From<age::EncryptError> for Error {
    fn from(e: age::EncryptError) -> Self {
        Error::Io(std::io::Error::other(e.to_string()))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::ReadOnly) => Self::ReadOnly,
            _ => Self::Sqlite(e),
        }
    }
}

/// What a caller can do about an error: the one classification every shell maps from (the
/// CLI's exit codes, the FFI's `KithError`), so they never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input is wrong; show the reason next to `Error::field()`. Nothing was written.
    InvalidInput,
    /// The id names nothing (or something deleted).
    NotFound,
    /// The data changed under the caller: a conflict already settled, a merge already done.
    Conflict,
    /// Another process holds the database: retry shortly.
    Busy,
    /// Disk full, read-only, missing folder or another storage failure.
    Storage,
    /// Not a Kith file, damaged (moved aside), from a newer build, or a peer of another protocol.
    Incompatible,
    /// A peer was refused, or refused us: unknown, revoked, or a failed handshake.
    Refused,
    /// The sync or pairing conversation broke (malformed, truncated or unexpected frames).
    Sync,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Busy => "busy",
            Self::Storage => "storage",
            Self::Incompatible => "incompatible",
            Self::Refused => "refused",
            Self::Sync => "sync",
        }
    }
}

impl Error {
    pub(crate) fn not_found(kind: &'static str, id: impl ToString) -> Self {
        Self::NotFound { kind, id: id.to_string() }
    }

    /// The classification shells map from; see `ErrorKind`.
    pub fn kind(&self) -> ErrorKind {
        use SyncError as S;
        match self {
            Self::Invalid(InvalidInput::AlreadyMerged | InvalidInput::NotMerged)
            | Self::NoConflict { .. } => ErrorKind::Conflict,
            Self::Invalid(_)
            | Self::PickOutOfRange { .. }
            | Self::Sync(S::BadPairingCode | S::PairingExpired) => ErrorKind::InvalidInput,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Busy => ErrorKind::Busy,
            Self::DiskFull | Self::ReadOnly | Self::CannotOpen { .. } | Self::Io(_) | Self::Sqlite(_) => {
                ErrorKind::Storage
            }
            Self::NotKith { .. }
            | Self::Corrupt { .. }
            | Self::NewerSchema { .. }
            | Self::Document(_)
            | Self::Schema { .. }
            | Self::LayoutMismatch { .. } => ErrorKind::Incompatible,
            Self::Sync(S::UnsupportedVersion { .. }) => ErrorKind::Incompatible,
            Self::Sync(S::UnknownDevice | S::RevokedDevice | S::Handshake) => ErrorKind::Refused,
            Self::Sync(_) => ErrorKind::Sync,
            Self::Backup(BackupError::NotABackup | BackupError::Damaged) => ErrorKind::Incompatible,
            Self::Backup(_) => ErrorKind::InvalidInput,
        }
    }

    /// The input field an `InvalidInput` error is about, for shells that highlight it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid(e) => Some(e.field()),
            Self::PickOutOfRange { .. } => Some("pick"),
            Self::Sync(SyncError::BadPairingCode | SyncError::PairingExpired) => Some("pairing_code"),
            Self::Backup(BackupError::WeakPassphrase { .. } | BackupError::WrongPassphrase) => {
                Some("passphrase")
            }
            Self::Backup(BackupError::WouldOverwrite) => Some("into"),
            _ => None,
        }
    }
}

/// What can go wrong between two devices. Nothing stored is lost when it does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("the frame is truncated")]
    Truncated,
    #[error("the frame is {size} bytes, over the limit")]
    FrameTooLarge { size: usize },
    #[error("malformed: {0}")]
    Malformed(&'static str),
    #[error("the peer speaks sync protocol {found}; this build speaks {supported}")]
    UnsupportedVersion { found: u8, supported: u8 },
    #[error("the peer is not a paired device")]
    UnknownDevice,
    #[error("the peer's device was revoked")]
    RevokedDevice,
    #[error("the secure handshake failed (wrong key or pairing code)")]
    Handshake,
    #[error("a frame failed to decrypt")]
    Decrypt,
    #[error("the peer broke the protocol: {0}")]
    Protocol(&'static str),
    #[error("a document's changes do not fit in one frame")]
    DocumentTooLarge,
    #[error("the pairing code is not valid")]
    BadPairingCode,
    #[error("the pairing code expired; show a new one")]
    PairingExpired,
    #[error("the bundle is {size} bytes, over the {limit}-byte limit; sync instead, or bundle after a sync")]
    BundleTooLarge { size: usize, limit: usize },
    /// The transport could not carry the session (a device not reached, a link that broke).
    #[error("{0}")]
    Transport(String),
}
