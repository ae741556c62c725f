//! Opening the database file: refuse what is not ours, move a damaged file aside (never
//! delete it: it may hold the only copy of unsynced edits), set the pragmas, migrate.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::migrations;
use crate::error::{Error, Result};

/// `PRAGMA application_id` of every Kith database: "KITH".
pub const APPLICATION_ID: i32 = 0x4B49_5448;
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

enum FileKind {
    Missing,
    Sqlite,
    Other,
}

fn file_kind(path: &Path) -> Result<FileKind> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(e.into()),
    };
    let mut header = [0u8; 16];
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_MAGIC => Ok(FileKind::Sqlite),
        Ok(()) => Ok(FileKind::Other),
        // An empty file is what a crash right after creation leaves; SQLite treats it as new.
        Err(_) if file.metadata()?.len() == 0 => Ok(FileKind::Missing),
        Err(_) => Ok(FileKind::Other),
    }
}

/// Opens (creating if needed) a Kith database for reading and writing.
pub fn open_read_write(path: &Path) -> Result<Connection> {
    match file_kind(path)? {
        FileKind::Other => return Err(Error::NotKith { path: path.to_path_buf() }),
        FileKind::Missing => create_private(path),
        _ => {}
    }
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(e, path))?;
    // A file made by an older build (0644) is narrowed too, with its WAL and shared memory.
    for file in [path.to_path_buf(), sidecar(path, "-wal"), sidecar(path, "-shm")] {
        narrow(&file);
    }
    let opened = match prepare(conn, path) {
        Err(Error::Sqlite(e)) if is_damage(&e) => Err(move_aside(path)),
        // SQLite opens lazily: a read-only folder or file system shows up at the first write.
        Err(Error::Sqlite(e)) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
            Err(open_error(e, path))
        }
        other => other,
    };
    let stored = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    match opened {
        // A read-only mount, or a disk too full for the WAL's shared memory: open for reading,
        // so list, show and export still work; writes then fail with a clear error.
        Err(Error::ReadOnly | Error::DiskFull) if stored => reading_only(path),
        Err(Error::Sqlite(e)) if stored && e.sqlite_error_code() == Some(ErrorCode::SystemIoFailure) => {
            reading_only(path)
        }
        other => other,
    }
}

/// A store on a read-only mount (or a read-only file), opened for reading so that list, show
/// and export still work; every write then fails with `ReadOnly`. Only a store already at this
/// build's schema: an older one would need its migrations written first.
fn reading_only(path: &Path) -> Result<Connection> {
    let conn = match open_read_only(path) {
        Ok(conn) => conn,
        // SQLite cannot make the WAL's shared memory on a read-only mount. With no WAL frames
        // waiting (the store was closed cleanly), the file alone is the whole store: read it as
        // immutable. With frames waiting, reading the file alone would show stale data.
        Err(_) if std::fs::metadata(sidecar(path, "-wal")).map_or(true, |m| m.len() == 0) => immutable(path)?,
        Err(_) => return Err(Error::ReadOnly),
    };
    if migrations::version(&conn)? != migrations::LATEST {
        return Err(Error::ReadOnly);
    }
    Ok(conn)
}

fn immutable(path: &Path) -> Result<Connection> {
    let escaped = path.to_string_lossy().replace('%', "%25").replace('?', "%3f").replace('#', "%23");
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(format!("file:{escaped}?immutable=1"), flags)
        .map_err(|_| Error::ReadOnly)?;
    let app_id: i32 =
        conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|_| Error::ReadOnly)?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotKith { path: path.to_path_buf() });
    }
    Ok(conn)
}

/// A new database file readable by its owner only: it holds a person's whole network. SQLite
/// gives the WAL and shared-memory files the main file's permissions.
fn create_private(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    // Where this fails (a read-only folder) SQLite's own open reports it clearly.
    let _ = std::fs::OpenOptions::new().write(true).create(true).truncate(false).mode(0o600).open(path);
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Takes group and other permissions off a file the user owns (best effort: a read-only file
/// system keeps what it has).
fn narrow(file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(file)
        && meta.permissions().mode() & 0o077 != 0
    {
        let _ = std::fs::set_permissions(
            file,
            std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700),
        );
    }
}

/// Opens another Kith database read-only, e.g. to merge it; it is never modified.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    match file_kind(path)? {
        FileKind::Sqlite => {}
        FileKind::Missing => {
            return Err(Error::CannotOpen { path: path.to_path_buf() });
        }
        FileKind::Other => {
            return Err(Error::NotKith { path: path.to_path_buf() });
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    keep_statements(&conn)?;
    let not_kith = || Error::NotKith { path: path.to_path_buf() };
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|_| not_kith())?;
    if app_id != APPLICATION_ID {
        return Err(not_kith());
    }
    let version = migrations::version(&conn)?;
    if version > migrations::LATEST {
        return Err(Error::NewerSchema { found: version, supported: migrations::LATEST });
    }
    Ok(conn)
}

/// The write-ahead log a write lets grow before it checkpoints it (pages of 4 KB). SQLite's
/// 1,000 made every 60th-odd edit copy 4 MB back into the file (the 7 ms edits at p99, measured);
/// idle maintenance checkpoints long before this bound, which only a device that never idles meets.
const WAL_PAGES_BEFORE_CHECKPOINT: i64 = 8 * 1024;

/// SQLite's page cache (KiB) outside sync sessions: SQLite's own default, which reads and
/// single writes fit.
const PAGE_CACHE_KIB: i64 = 2000;

/// The page cache while a sync session runs. A round of documents received whole writes some
/// 1,200 contacts' rows and search terms in one transaction: with 2 MB the cache filled, spilled
/// dirty pages to the WAL mid-transaction and read them back, a quarter of the writing thread
/// (profiled at 20k). The pages go back when the session ends.
const SESSION_PAGE_CACHE_KIB: i64 = 16 * 1024;

/// Sets the page cache for a sync session (`true`) or back to the resting size; shrinking it
/// frees the pages over the new bound.
pub(crate) fn set_session_page_cache(conn: &Connection, session: bool) -> Result<()> {
    let kib = if session { SESSION_PAGE_CACHE_KIB } else { PAGE_CACHE_KIB };
    conn.pragma_update(None, "cache_size", -kib)?;
    Ok(())
}

/// Prepared statements kept per connection: every statement the store runs fits.
const STATEMENT_CACHE: usize = 256;

/// Keeps every statement the store runs prepared, and valid from one use to the next.
/// - The read model's writers alone cycle through some 40 statements per entity; rusqlite's
///   default cache of 16 parsed them again on every write (8% of a first sync, profiled).
/// - SQLite marks a statement taking `max()` over a bound parameter as one a new value might
///   plan better, and rusqlite's cache clears the bindings of a statement it takes back, which
///   expires such a statement: each use parsed and planned it again (a contact's last touch and
///   a chunk's sequence number: 8% of a bulk add, profiled). The query planner stability
///   guarantee turns that off. No plan here depends on a bound value: the file has no ANALYZE
///   statistics and no LIKE takes a bound prefix.
fn keep_statements(conn: &Connection) -> Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

fn prepare(mut conn: Connection, path: &Path) -> Result<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    keep_statements(&conn)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        if objects > 0 || migrations::version(&conn)? > 0 {
            return Err(Error::NotKith { path: path.to_path_buf() });
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    // WAL: readers never block the writer; NORMAL sync is durable against a process crash.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::ReadOnly);
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", false)?;
    conn.pragma_update(None, "wal_autocheckpoint", WAL_PAGES_BEFORE_CHECKPOINT)?;
    set_session_page_cache(&conn, false)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

fn open_error(e: rusqlite::Error, path: &Path) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::CannotOpen) if folder_is_read_only(path) => Error::ReadOnly,
        Some(ErrorCode::CannotOpen) => Error::CannotOpen { path: path.to_path_buf() },
        _ => Error::from(e),
    }
}

/// Whether the database's folder refuses new files (permissions or a read-only mount). Only
/// asked after an open failed, so the probe file costs nothing on the normal path.
fn folder_is_read_only(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let probe = dir.join(format!(".kith-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => {
            matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
        }
    }
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}

/// Renames the damaged file (and its WAL) aside and reports where it went.
fn move_aside(path: &Path) -> Error {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3f");
    let moved_to = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
    if let Err(e) = std::fs::rename(path, &moved_to) {
        return Error::Io(e);
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{suffix}", moved_to.display()));
        }
    }
    Error::Corrupt { moved_to }
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;

    #[test]
    fn a_cached_statement_over_a_bound_parameter_is_planned_once() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_read_write(&dir.path().join("kith.db")).unwrap();
        let sql = "SELECT coalesce(max(seq), 0) + 1 FROM am_chunk WHERE doc_id = ?1";
        for doc in ["a", "b", "c"] {
            let next: i64 = conn.prepare_cached(sql).unwrap().query_row([doc], |r| r.get(0)).unwrap();
            assert_eq!(next, 1);
        }
        let reprepared = conn.prepare_cached(sql).unwrap().get_status(StatementStatus::RePrepare);
        assert_eq!(reprepared, 0, "each use of the statement parsed it again");
    }
}
