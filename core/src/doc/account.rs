//! The account document: settings and the paired devices, shared by every device of one person.

use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, transaction::Transactable};

use super::entities::{DEVICES, REVOCATIONS, SETTINGS};
use super::values::{self, int, object, string};
use crate::error::Result;

pub fn put_setting(doc: &mut AutoCommit, key: &str, value: &str) -> Result<()> {
    let settings = super::root_object(doc, super::Family::Account, SETTINGS)?
        .ok_or(crate::error::Error::Schema { expected: "the account starts with settings" })?;
    doc.put(&settings, key, value)?;
    Ok(())
}

pub fn settings(doc: &AutoCommit) -> Result<Vec<(String, String)>> {
    let Some(settings) = super::root_object(doc, super::Family::Account, SETTINGS)? else {
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

/// A paired device as the account document records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: String,
    pub name: String,
    /// The device's static X25519 public key, hex.
    pub public_key: String,
    pub paired_at: i64,
    pub revoked_at: Option<i64>,
}

/// Records a paired device (or refreshes its name); a known device keeps its pairing time.
pub fn put_device(doc: &mut AutoCommit, device: &DeviceRecord) -> Result<()> {
    let devices = super::root_object(doc, super::Family::Account, DEVICES)?
        .ok_or(crate::error::Error::Schema { expected: "the account has a device list" })?;
    let entry = match object(doc, &devices, &device.id, ObjType::Map)? {
        Some(entry) => entry,
        None => {
            let entry = doc.put_object(&devices, device.id.as_str(), ObjType::Map)?;
            doc.put(&entry, "public_key", device.public_key.as_str())?;
            doc.put(&entry, "paired_at", ScalarValue::Timestamp(device.paired_at))?;
            doc.put(&entry, "revoked_at", ScalarValue::Null)?;
            entry
        }
    };
    if string(doc, &entry, "name")?.as_deref() != Some(device.name.as_str()) {
        doc.put(&entry, "name", device.name.as_str())?;
    }
    Ok(())
}

/// Revocation is a write like any other, so it reaches every device with the next sync. It
/// goes into the flat revocations map: two devices that each paired with this one created its
/// device entry twice, and a merge shows only one of those entries, but every value of a
/// revocation register is seen, so a revocation is never hidden.
pub fn revoke_device(doc: &mut AutoCommit, id: &str, at: i64) -> Result<bool> {
    let devices = super::root_object(doc, super::Family::Account, DEVICES)?
        .ok_or(crate::error::Error::Schema { expected: "the account has a device list" })?;
    if object(doc, &devices, id, ObjType::Map)?.is_none() {
        return Ok(false);
    }
    let revocations = super::root_object(doc, super::Family::Account, REVOCATIONS)?
        .ok_or(crate::error::Error::Schema { expected: "the account has a revocation list" })?;
    doc.put(&revocations, id, ScalarValue::Timestamp(at))?;
    Ok(true)
}

/// The earliest revocation of a device among every concurrent value: in the revocations map,
/// or (from older builds) in any of its device entries.
fn revoked_at(doc: &AutoCommit, devices: &automerge::ObjId, id: &str) -> Result<Option<i64>> {
    let mut earliest: Option<i64> = None;
    let mut note = |t: i64| earliest = Some(earliest.map_or(t, |e| e.min(t)));
    if let Some(revocations) = super::root_object(doc, super::Family::Account, REVOCATIONS)? {
        for (value, _) in doc.get_all(&revocations, id)? {
            if let automerge::Value::Scalar(s) = value
                && let ScalarValue::Timestamp(t) | ScalarValue::Int(t) = s.as_ref()
            {
                note(*t);
            }
        }
    }
    for (value, entry) in doc.get_all(devices, id)? {
        if matches!(value, automerge::Value::Object(ObjType::Map))
            && let Some(t) = int(doc, &entry, "revoked_at")?
        {
            note(t);
        }
    }
    Ok(earliest)
}

pub fn devices(doc: &AutoCommit) -> Result<Vec<DeviceRecord>> {
    let Some(devices) = super::root_object(doc, super::Family::Account, DEVICES)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for id in doc.keys(&devices).collect::<Vec<_>>() {
        let Some(entry) = object(doc, &devices, &id, ObjType::Map)? else { continue };
        let Some(public_key) = string(doc, &entry, "public_key")? else { continue };
        out.push(DeviceRecord {
            name: string(doc, &entry, "name")?.unwrap_or_default(),
            public_key,
            paired_at: int(doc, &entry, "paired_at")?.unwrap_or_default(),
            revoked_at: revoked_at(doc, &devices, &id)?,
            id,
        });
    }
    Ok(out)
}
