//! Contacts as JSON: the export format for tools and the shape the CLI prints. Fields may be
//! added; existing fields never change meaning. Instants are RFC 3339 UTC with milliseconds.

use chrono::{DateTime, SecondsFormat};
use serde_json::{Value, json};

use crate::model::{Contact, OtherField};

pub fn instant(ms: i64) -> Value {
    DateTime::from_timestamp_millis(ms)
        .map(|t| Value::String(t.to_rfc3339_opts(SecondsFormat::Millis, true)))
        .unwrap_or(Value::Null)
}

pub fn contact(c: &Contact) -> Value {
    json!({
        "id": c.id.to_string(),
        "name": {"full": c.name.full, "given": c.name.given, "family": c.name.family, "phonetic": c.name.phonetic},
        "title": c.title,
        "organization": c.organization,
        "emails": c.emails.iter().map(|e| json!({"value": e.value, "kind": e.kind})).collect::<Vec<_>>(),
        "phones": c.phones.iter().map(|p| json!({"e164": p.e164, "raw": p.raw, "kind": p.kind})).collect::<Vec<_>>(),
        "websites": c.websites,
        "addresses": c.addresses.iter().map(|a| json!({
            "kind": a.kind, "label": a.label, "street": a.street, "locality": a.locality,
            "region": a.region, "postcode": a.postcode, "country": a.country,
        })).collect::<Vec<_>>(),
        "photo": c.photo_type,
        "merged_into": c.merged_into.map(|i| i.to_string()),
        "tags": c.tags,
        "met": {
            "event": c.met.event,
            "place": c.met.place,
            "date": c.met.date.map(|d| d.to_string()),
            "introduced_by": c.met.introduced_by.map(|i| i.to_string()),
        },
        "familiarity": c.familiarity.as_str(),
        "cadence_days": c.cadence_days,
        "notes": c.notes,
        "personal_notes": c.personal_notes,
        "birthday": c.birthday,
        "other_fields": c.other_fields.iter().map(other_field).collect::<Vec<_>>(),
        "tier": c.tier.map(|t| t.as_str()),
        "employment": c.employment.iter().map(|e| json!({
            "organization": e.organization,
            "title": e.title,
            "since": e.since.map(|d| d.to_string()),
            "until": e.until.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "created_at": instant(c.created_at),
        "updated_at": instant(c.updated_at),
        "deleted_at": c.deleted_at.map_or(Value::Null, instant),
        "conflicts": c.conflicts.iter().map(|f| json!({"field": f.field, "values": f.values})).collect::<Vec<_>>(),
    })
}

pub fn other_field(f: &OtherField) -> Value {
    json!({"property": f.property, "label": f.label, "value": f.value})
}

/// Every contact as one pretty-printed JSON array.
pub fn write(contacts: &[Contact]) -> String {
    serde_json::to_string_pretty(&contacts.iter().map(contact).collect::<Vec<_>>())
        .expect("JSON values serialize")
}
