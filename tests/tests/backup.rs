//! A backup that survives a lost phone: sealed with a passphrase, restored on a new device of
//! the same account, which pairs again and merges with the others without loss.

use kith_core::error::BackupError;
use kith_core::model::ContactPatch;
use kith_core::{Error, Kith, KithOptions};
use kith_scenarios::{named, open_store, pair, sync};
use tempfile::TempDir;

const PASS: &str = "correct horse battery staple";

#[test]
fn a_lost_phone_comes_back_from_its_backup_and_merges_without_loss() {
    let dir = TempDir::new().unwrap();
    let (mut phone, mut laptop) =
        (open_store(&dir.path().join("phone.db")), open_store(&dir.path().join("laptop.db")));
    pair(&mut phone, &mut laptop);
    let ana = phone.add_contact(named("Ana Díaz")).unwrap().id;
    phone.append_notes(ana, "Met at the mixer").unwrap();
    let file = dir.path().join("phone.kithbackup");
    assert!(phone.backup(&file, PASS).unwrap() > 0);
    // After the backup, the laptop keeps working; then the phone is lost.
    sync(&mut phone, &mut laptop).unwrap();
    laptop
        .update_contact(ana, ContactPatch { title: Some(Some("VP Data".into())), ..Default::default() })
        .unwrap();
    let expected = phone.diagnostics().read_model_dump().unwrap();
    drop(phone);

    // The new phone: a different folder, no key.
    let new_dir = TempDir::new().unwrap();
    let into = new_dir.path().join("kith.db");
    let mut restored = Kith::restore_backup(&file, PASS, &into, false, KithOptions::default()).unwrap();
    assert_eq!(restored.diagnostics().read_model_dump().unwrap()["contact"], expected["contact"]);
    assert!(restored.lost_pairing().unwrap(), "a new device of the account: pair again");
    restored.append_notes(ana, "Coffee on Friday").unwrap();

    restored.pair_with(&mut laptop).unwrap();
    assert!(!restored.lost_pairing().unwrap());
    sync(&mut restored, &mut laptop).unwrap();
    sync(&mut laptop, &mut restored).unwrap();
    for k in [&restored, &laptop] {
        let c = k.contact(ana).unwrap();
        assert_eq!(c.title.as_deref(), Some("VP Data"), "the laptop's edit after the backup");
        assert!(c.notes.contains("Met at the mixer") && c.notes.contains("Coffee on Friday"), "{}", c.notes);
    }
    assert_eq!(
        restored.diagnostics().read_model_dump().unwrap()["contact"],
        laptop.diagnostics().read_model_dump().unwrap()["contact"]
    );
}

#[test]
fn bad_passphrases_files_and_targets_are_clear_errors_that_change_nothing() {
    let dir = TempDir::new().unwrap();
    let mut phone = open_store(&dir.path().join("phone.db"));
    phone.add_contact(named("Ben Okafor")).unwrap();
    let file = dir.path().join("b.kithbackup");
    assert!(matches!(phone.backup(&file, "short"), Err(Error::Backup(BackupError::WeakPassphrase { .. }))));
    assert!(!file.exists());
    phone.backup(&file, PASS).unwrap();

    let into = dir.path().join("restored.db");
    let restore = |from: &std::path::Path, pass: &str, overwrite: bool| {
        Kith::restore_backup(from, pass, &into, overwrite, KithOptions::default()).map(drop)
    };
    assert!(matches!(
        restore(&file, "not the passphrase", false),
        Err(Error::Backup(BackupError::WrongPassphrase))
    ));
    let junk = dir.path().join("junk");
    std::fs::write(&junk, "not a backup at all").unwrap();
    assert!(matches!(restore(&junk, PASS, false), Err(Error::Backup(BackupError::NotABackup))));
    let mut tampered = std::fs::read(&file).unwrap();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 1;
    let damaged = dir.path().join("damaged");
    std::fs::write(&damaged, tampered).unwrap();
    assert!(matches!(restore(&damaged, PASS, false), Err(Error::Backup(BackupError::Damaged))));
    assert!(!into.exists(), "failed restores leave nothing behind");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 6, "no temporary left over");

    // An existing store is replaced only on purpose.
    let mut other = open_store(&into);
    other.add_contact(named("Someone Else")).unwrap();
    drop(other);
    assert!(matches!(restore(&file, PASS, false), Err(Error::Backup(BackupError::WouldOverwrite))));
    assert_eq!(open_store(&into).count_contacts().unwrap(), 1);
    restore(&file, PASS, true).unwrap();
    let back = open_store(&into);
    let names: Vec<String> =
        back.contacts(&Default::default()).unwrap().into_iter().map(|c| c.name.full).collect();
    assert_eq!(names, vec!["Ben Okafor".to_string()]);
}
