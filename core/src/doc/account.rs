//! The account document: settings shared by every device of one person.

use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, transaction::Transactable};

use super::entities::SETTINGS;
use super::values::{self, object};
use crate::error::Result;

pub fn put_setting(doc: &mut AutoCommit, key: &str, value: &str) -> Result<()> {
    let settings = object(doc, &ROOT, SETTINGS, ObjType::Map)?.expect("the account starts with settings");
    doc.put(&settings, key, value)?;
    Ok(())
}

pub fn settings(doc: &AutoCommit) -> Result<Vec<(String, String)>> {
    let Some(settings) = object(doc, &ROOT, SETTINGS, ObjType::Map)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for key in doc.keys(&settings).collect::<Vec<_>>() {
        if let Some(value) = values::string(doc, &settings, &key)? {
            out.push((key, value));
        }
    }
    Ok(out)
}
