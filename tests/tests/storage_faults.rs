//! The file under the store misbehaves: not ours, from the future, damaged, locked, full,
//! read-only. Each gets a clear typed error and nothing stored before is lost.

use std::time::Duration;

use kith_core::model::ContactPatch;
use kith_core::{Error, Kith};
use kith_scenarios::{named, open_store};
use rusqlite::Connection;
use tempfile::TempDir;

#[test]
fn a_file_that_is_not_a_kith_database_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "just some notes, definitely not SQLite").unwrap();
    assert!(matches!(Kith::open(&text), Err(Error::NotKith { .. })));
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "just some notes, definitely not SQLite");

    let other_app = dir.path().join("other.db");
    Connection::open(&other_app).unwrap().execute_batch("CREATE TABLE photos (id INTEGER)").unwrap();
    let before = std::fs::read(&other_app).unwrap();
    assert!(matches!(Kith::open(&other_app), Err(Error::NotKith { .. })));
    assert_eq!(std::fs::read(&other_app).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_kith_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kith.db");
    let mut s = open_store(&path);
    let c = s.add_contact(named("Nadia")).unwrap();
    drop(s);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", kith_core::SCHEMA_VERSION + 1)
        .unwrap();
    match Kith::open(&path) {
        Err(Error::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (kith_core::SCHEMA_VERSION + 1, kith_core::SCHEMA_VERSION))
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    Connection::open(&path).unwrap().pragma_update(None, "user_version", kith_core::SCHEMA_VERSION).unwrap();
    assert_eq!(open_store(&path).contact(c.id).unwrap().name.full, "Nadia");
}

#[test]
fn a_damaged_database_is_moved_aside_never_deleted() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kith.db");
    let mut s = open_store(&path);
    for i in 0..30 {
        s.add_contact(named(&format!("Person {i}"))).unwrap();
    }
    s.diagnostics().checkpoint().unwrap();
    drop(s);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    match Kith::open(&path) {
        Err(Error::Corrupt { moved_to }) => {
            assert_eq!(std::fs::read(&moved_to).unwrap(), bytes, "the damaged file is kept as it was");
            assert!(!path.exists());
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // A fresh store can start in its place.
    assert_eq!(open_store(&path).count_contacts().unwrap(), 0);
}

#[test]
fn a_locked_database_reports_busy_and_keeps_its_data() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kith.db");
    let mut s = open_store(&path);
    let c = s.add_contact(named("Omar")).unwrap();
    s.set_busy_timeout(Duration::from_millis(100)).unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let patch = ContactPatch { title: Some(Some("Chair".into())), ..Default::default() };
    assert!(matches!(s.update_contact(c.id, patch.clone()), Err(Error::Busy)));
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(s.contact(c.id).unwrap().title, None);
    assert!(s.doctor(false).unwrap().is_healthy());
    assert_eq!(s.update_contact(c.id, patch).unwrap().title.as_deref(), Some("Chair"));
}

#[test]
fn a_full_disk_fails_the_write_and_keeps_everything_before() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kith.db");
    let mut s = open_store(&path);
    let c = s.add_contact(named("Priya")).unwrap();
    let before = s.diagnostics().read_model_dump().unwrap();
    // Cap the file at its current size: the next page SQLite needs is "disk full".
    s.diagnostics().limit_growth(Some(0)).unwrap();
    let mut failed = false;
    for i in 0..200 {
        let filler =
            kith_core::model::NewContact { notes: Some("x".repeat(2000)), ..named(&format!("Filler {i}")) };
        match s.add_contact(filler) {
            Err(Error::DiskFull) => {
                failed = true;
                break;
            }
            Err(other) => panic!("expected DiskFull, got {other:?}"),
            Ok(_) => {}
        }
    }
    assert!(failed, "the capped file filled up");
    assert!(s.contact(c.id).is_ok());
    assert!(s.doctor(false).unwrap().is_healthy());
    s.diagnostics().limit_growth(None).unwrap();
    let patch = ContactPatch { title: Some(Some("Counsel".into())), ..Default::default() };
    assert_eq!(s.update_contact(c.id, patch).unwrap().title.as_deref(), Some("Counsel"));
    drop(s);
    let s = open_store(&path);
    assert_eq!(s.contact(c.id).unwrap().name.full, "Priya");
    assert!(before["contact"].iter().all(|row| row.contains("Priya")));
}

#[test]
fn a_read_only_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(locked.join("probe"), b"x").is_ok() {
        eprintln!("skipped: this user (root?) can write to read-only folders");
        return;
    }
    match Kith::open(locked.join("kith.db")) {
        Err(Error::ReadOnly | Error::CannotOpen { .. }) => {}
        other => panic!("expected ReadOnly, got {other:?}"),
    }
}

/// A tmpfs of a given size, unmounted on drop; `None` where this user may not mount.
struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Self> {
        let dir = TempDir::new().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self { dir })
    }

    fn remount_read_only(&self) -> bool {
        std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_really_full_disk_fails_the_write_and_keeps_everything_before() {
    let Some(fs) = Tmpfs::mount("1m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let path = fs.dir.path().join("kith.db");
    let mut s = open_store(&path);
    let first = s.add_contact(named("Quinn")).unwrap();
    let mut kept = vec![first.id];
    let mut full = false;
    for i in 0..2000 {
        let mut c = named(&format!("Filler {i}"));
        c.notes = Some("n".repeat(3000));
        match s.add_contact(c) {
            Ok(c) => kept.push(c.id),
            Err(Error::DiskFull) => {
                full = true;
                break;
            }
            Err(other) => panic!("expected DiskFull, got {other:?}"),
        }
    }
    assert!(full, "the tmpfs filled up");
    drop(s);
    let mut s = open_store(&path);
    for id in &kept {
        assert!(s.contact(*id).is_ok(), "a committed contact was lost");
    }
    assert!(s.doctor(false).unwrap().is_healthy());
}

#[test]
fn a_read_only_file_system_still_reads_refuses_writes_and_loses_nothing() {
    let Some(fs) = Tmpfs::mount("4m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let path = fs.dir.path().join("kith.db");
    let mut s = open_store(&path);
    let rosa = s.add_contact(named("Rosa")).unwrap().id;
    s.diagnostics().checkpoint().unwrap();
    drop(s);
    let before = std::fs::read(&path).unwrap();
    assert!(fs.remount_read_only());
    // Reading still works (it used to block even `list` and `export`); writing is refused.
    let mut s = Kith::open(&path).expect("a read-only store opens for reading");
    assert_eq!(s.contact(rosa).unwrap().name.full, "Rosa");
    assert!(s.export_contacts(kith_core::ExportFormat::VCard4).unwrap().contains("Rosa"));
    assert!(matches!(s.add_contact(named("Sam")), Err(Error::ReadOnly)));
    let report = s.doctor(false).unwrap();
    assert!(report.is_healthy(), "no false damage on a read-only store: {:?}", report.problems);
    drop(s);
    match Kith::open(fs.dir.path().join("new.db")) {
        Err(Error::ReadOnly) => {}
        other => panic!("expected ReadOnly, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The database holds a person's whole network: it and its WAL and shared-memory files are
/// readable by the owner only (they were created 0644 while the key file was 0600), and a
/// file an older build made is narrowed on open.
#[test]
fn the_database_and_its_sidecars_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kith.db");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let mut s = open_store(&path);
    s.add_contact(named("Tess")).unwrap();
    assert_eq!(mode(&path), 0o600);
    for suffix in ["-wal", "-shm"] {
        let side = dir.path().join(format!("kith.db{suffix}"));
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{suffix}");
        }
    }
    drop(s);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = open_store(&path);
    assert_eq!(mode(&path), 0o600, "an older file is narrowed on open");
    assert_eq!(s.count_contacts().unwrap(), 1);
}

/// `doctor` checks addresses (a forged address row passed), runs SQLite's own check, and
/// reports no false damage while another process holds the write lock.
#[test]
fn doctor_sees_forged_addresses_and_no_false_damage_under_a_lock() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kith.db");
    let mut s = open_store(&path);
    let id = s.add_contact(named("Una")).unwrap().id;
    drop(s);
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO contact_address (contact_id, pos, label) VALUES (?1, 0, 'Forged Street 1')",
            [id.to_string()],
        )
        .unwrap();
    let mut s = open_store(&path);
    let report = s.doctor(false).unwrap();
    assert!(report.problems.iter().any(|p| p.contains("contact_address")), "{:?}", report.problems);
    assert!(s.doctor(true).unwrap().repaired);
    assert!(s.doctor(false).unwrap().is_healthy());
    assert!(s.contact(id).unwrap().addresses.is_empty());

    let locker = Connection::open(&path).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    s.set_busy_timeout(Duration::from_millis(200)).unwrap();
    let report = s.doctor(false).unwrap();
    assert!(report.is_healthy(), "a lock is not damage: {:?}", report.problems);
    assert!(!report.unchecked.is_empty(), "it says what it could not check");
    locker.execute_batch("ROLLBACK").unwrap();
}

/// A disk so full that SQLite cannot make the WAL's shared memory blocked even `list` and
/// `export`; the store now opens for reading, and a write is a clear error.
#[test]
fn a_full_disk_still_lists_and_exports() {
    let Some(fs) = Tmpfs::mount("2m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let path = fs.dir.path().join("kith.db");
    let mut s = open_store(&path);
    let id = s.add_contact(named("Vera")).unwrap().id;
    drop(s);
    // Fill the disk to the last byte.
    let mut filler = std::fs::File::create(fs.dir.path().join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);
    let mut s = Kith::open(&path).expect("a full disk still opens for reading");
    assert_eq!(s.contact(id).unwrap().name.full, "Vera");
    assert!(s.export_contacts(kith_core::ExportFormat::VCard3).unwrap().contains("Vera"));
    assert!(matches!(s.add_contact(named("Will")), Err(Error::ReadOnly | Error::DiskFull)));
}
