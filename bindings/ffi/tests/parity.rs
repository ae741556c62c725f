//! The phone can do whatever the CLI can: every public method of the core's `Kith` (and of the
//! `Pairing` and `SyncSession` it hands out) has an FFI export of the same name, and every FFI
//! export is exercised by a binding test (Python or Kotlin). Both lists are read from the
//! sources, so a new method without an export, or an export no test calls, fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Core methods a shell reaches another way, each with the reason.
const NOT_EXPORTED: &[(&str, &str)] = &[
    ("open_with", "the FFI constructor `open` takes the options (key path, device name)"),
    ("clock", "the shells read their own clock; the core's is for its own dates"),
    ("take_changes", "the FFI delivers change events to subscribed listeners after each call"),
    ("diagnostics", "benchmark and test instruments, not a capability"),
    ("diagnostics_mut", "benchmark and test instruments, not a capability"),
    ("network_secret", "never leaves Rust: the transport (kith-net) derives its endpoint key from it"),
    ("set_device_endpoint", "written by the transport (kith-net) as devices pair and come online"),
    ("sync_peers", "the transport's dial list; shells show `devices`"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out
}

/// `pub fn` names per `impl TYPE {` block (blocks open and close at column 0). With
/// `exported_only`, only blocks right after `#[uniffi::export]`, plus exported free functions
/// (listed under "").
fn public_fns(source: &str, exported_only: bool) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut previous = "";
    for line in source.lines() {
        if let Some(rest) = line.strip_prefix("impl ") {
            let ty = rest.trim_end_matches(" {").split_whitespace().next().unwrap_or("").to_string();
            let exported = previous.trim() == "#[uniffi::export]";
            current = (!exported_only || exported).then_some(ty);
        } else if line == "}" {
            current = None;
        } else if let Some(name) = line.trim_start().strip_prefix("pub fn ") {
            let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let indented = line.starts_with("    ");
            match (&current, indented) {
                (Some(ty), true) => {
                    out.entry(ty.clone()).or_default().insert(name);
                }
                (None, false) if exported_only && previous.trim() == "#[uniffi::export]" => {
                    out.entry(String::new()).or_default().insert(name);
                }
                _ => {}
            }
        }
        if !line.trim().starts_with("///") {
            previous = line;
        }
    }
    out
}

fn merged(paths: &[PathBuf], exported_only: bool) -> BTreeMap<String, BTreeSet<String>> {
    let mut all: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        let source = std::fs::read_to_string(path).unwrap();
        for (ty, names) in public_fns(&source, exported_only) {
            all.entry(ty).or_default().extend(names);
        }
    }
    all
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_kith_method_has_an_ffi_export() {
    let core = merged(&files(&root().join("core/src/kith"), "rs"), false);
    let ffi = merged(&files(&root().join("bindings/ffi/src"), "rs"), true);
    let skipped: BTreeSet<&str> = NOT_EXPORTED.iter().map(|(n, _)| *n).collect();
    let mut missing = Vec::new();
    for ty in ["Kith", "Pairing", "SyncSession"] {
        let theirs = core.get(ty).unwrap_or_else(|| panic!("core has no impl {ty}"));
        assert!(theirs.len() > 3 || ty != "Kith", "the scan found too few Kith methods: {theirs:?}");
        let ours = ffi.get(ty).cloned().unwrap_or_default();
        for name in theirs {
            let excused = ty == "Kith" && skipped.contains(name.as_str());
            if !(ours.contains(name) || excused) {
                missing.push(format!("{ty}::{name}"));
            }
        }
    }
    let kith = core["Kith"].len();
    println!("parity: {kith} core Kith methods, {} FFI Kith exports", ffi["Kith"].len());
    assert!(missing.is_empty(), "core methods with no FFI export: {missing:?}");
}

#[test]
fn every_ffi_export_is_exercised_by_a_binding_test() {
    let ffi = merged(&files(&root().join("bindings/ffi/src"), "rs"), true);
    let mut tests = String::new();
    for path in files(&root().join("bindings/tests/python"), "py")
        .into_iter()
        .chain(files(&root().join("android/shared/src/test"), "kt"))
        .chain(files(&root().join("ui/src/desktopTest"), "kt"))
    {
        tests.push_str(&std::fs::read_to_string(path).unwrap());
    }
    let mut unexercised = Vec::new();
    let mut count = 0;
    for (ty, names) in &ffi {
        for name in names {
            count += 1;
            let called = [format!(".{name}("), format!(".{}(", camel(name)), format!("{}(", camel(name))]
                .iter()
                .any(|needle| tests.contains(needle.as_str()));
            if !called {
                unexercised.push(if ty.is_empty() { name.clone() } else { format!("{ty}::{name}") });
            }
        }
    }
    println!("parity: {count} FFI exports, each called by a binding test");
    assert!(count > 50, "the scan found too few exports: {count}");
    assert!(unexercised.is_empty(), "FFI exports no binding test calls: {unexercised:?}");
}
