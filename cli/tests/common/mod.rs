//! Running the `kith` binary from the CLI tests.
#![allow(dead_code)] // each test file uses its own subset

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// The `kith` command on `db`, to run or spawn.
pub fn command(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kith"));
    c.arg("--db").arg(db).env_remove("KITH_DB");
    c
}

pub fn kith(db: &Path, args: &[&str]) -> Output {
    command(db).args(args).output().unwrap()
}

pub fn ok_json(db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = kith(db, &all);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

pub fn fails_with(db: &Path, args: &[&str], code: i32) -> String {
    let out = kith(db, args);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing on stdout when failing");
    String::from_utf8(out.stderr).unwrap()
}
