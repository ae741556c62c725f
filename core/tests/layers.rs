//! The layers as `docs/architecture.json` draws them: each module of kith-core imports only the
//! modules listed for it (storage knows nothing of peers, the method nothing of sync), and
//! nothing outside core names the store. Read from the sources, so a new import fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Every `crate::NAME` a module's files mention.
fn imports(dir: &Path, names: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for file in sources(dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if names.contains(&name) {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn modules_import_only_what_the_architecture_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("../docs/architecture.json")).unwrap();
    let arch: serde_json::Value = serde_json::from_str(&text).unwrap();
    let modules = arch["modules"].as_object().unwrap();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut broken = Vec::new();
    for (module, allowed) in modules {
        let allowed: BTreeSet<String> =
            allowed.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
        let dir = root.join("src").join(module);
        assert!(dir.is_dir(), "architecture.json names {module}, which core/src lacks");
        for used in imports(&dir, &names) {
            if used != *module && !allowed.contains(&used) {
                broken.push(format!("{module} imports {used}"));
            }
        }
    }
    assert!(broken.is_empty(), "imports the architecture does not allow: {broken:?}");
}

#[test]
fn nothing_outside_core_reaches_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    for dir in ["cli/src", "cli/tests", "bindings/ffi/src", "tests/src", "tests/tests", "fuzz/fuzz_targets"] {
        for file in sources(&root.join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            if text.contains("kith_core::store") || text.contains("kith_core::Store") {
                offenders.push(file.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "files reaching past Kith: {offenders:?}");
}
