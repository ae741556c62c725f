//! Organizations live in the contacts buckets under `organizations.<id>`, with an id derived
//! from the normalized name (see `model::Organization`).

use automerge::{AutoCommit, ObjType, ScalarValue, transaction::Transactable};

use super::entities::{EntityRef, Kind, find, root_map};
use super::values;
use crate::error::Result;
use crate::id::Id;
use crate::model::Organization;

/// Creates the organization unless this document already holds it.
pub fn ensure(doc: &mut AutoCommit, org: &Organization, now: i64) -> Result<bool> {
    if find(doc, EntityRef::new(Kind::Organization, org.id))?.is_some() {
        return Ok(false);
    }
    let root = root_map(doc, Kind::Organization)?.ok_or(crate::error::Error::Schema {
        expected: "contacts buckets start with an organizations map",
    })?;
    let obj = doc.put_object(&root, org.id.to_string(), ObjType::Map)?;
    doc.put(&obj, "name", org.name.as_str())?;
    doc.put(&obj, "created_at", ScalarValue::Timestamp(now))?;
    Ok(true)
}

pub fn read(doc: &AutoCommit, id: Id) -> Result<Option<(Organization, i64)>> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Organization, id))? else {
        return Ok(None);
    };
    let f = values::fields(doc, &obj);
    let Some(name) = f.string("name") else {
        return Ok(None);
    };
    Ok(Some((Organization { id, name }, f.int("created_at").unwrap_or_default())))
}
