//! The JSON shapes tools rely on. Fields may be added; existing fields never change meaning.

use kith_core::capture::{Draft, Scored};
use kith_core::model::{FollowUp, Meeting};
use kith_core::{ConflictEntry, DoctorReport, MergeReport};
use serde_json::{Value, json};

/// Contacts and instants have one JSON shape, the export's (see `kith_core::interchange::json`).
pub use kith_core::interchange::json::{contact, instant};

fn opt_instant(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, instant)
}

fn scored<T>(s: &Scored<T>, value: impl FnOnce(&T) -> Value) -> Value {
    json!({"value": value(&s.value), "confidence": (s.confidence * 100.0).round() / 100.0})
}

/// A draft from a card or QR code: every field with the reader's confidence.
pub fn draft(d: &Draft) -> Value {
    json!({
        "name": d.name.as_ref().map(|n| scored(n, |n| json!({
            "full": n.full, "given": n.given, "family": n.family,
            "honorific": n.honorific, "credentials": n.credentials, "phonetic": n.phonetic,
        }))),
        "title": d.title.as_ref().map(|t| scored(t, |t| json!(t))),
        "organization": d.organization.as_ref().map(|o| scored(o, |o| json!(o))),
        "emails": d.emails.iter().map(|e| scored(e, |e| json!({"value": e.value, "kind": e.kind}))).collect::<Vec<_>>(),
        "phones": d.phones.iter().map(|p| scored(p, |p| json!({"e164": p.e164, "raw": p.raw, "kind": p.kind}))).collect::<Vec<_>>(),
        "websites": d.websites.iter().map(|w| scored(w, |w| json!(w))).collect::<Vec<_>>(),
        "socials": d.socials.iter().map(|s| scored(s, |s| json!({"network": s.network, "handle": s.handle, "url": s.url}))).collect::<Vec<_>>(),
        "addresses": d.addresses.iter().map(|a| scored(a, |a| json!({
            "label": a.label, "street": a.street, "locality": a.locality, "region": a.region,
            "postcode": a.postcode, "country": a.country,
        }))).collect::<Vec<_>>(),
        "birthday": d.birthday,
        "notes": d.notes,
        "other_fields": d.other_fields.iter().map(other_field).collect::<Vec<_>>(),
        "region": d.region,
        "warnings": d.warnings,
    })
}

pub use kith_core::interchange::json::other_field;

pub fn meeting(m: &Meeting) -> Value {
    json!({
        "id": m.id.to_string(),
        "kind": m.kind.as_str(),
        "at": instant(m.occurred_at),
        "participants": m.participants.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "title": m.title,
        "purpose": m.purpose,
        "agenda": m.agenda,
        "asks": m.asks,
        "notes": m.notes,
        "outcome": m.outcome,
        "next_step": m.next_step,
        "created_at": instant(m.created_at),
        "updated_at": instant(m.updated_at),
        "deleted_at": opt_instant(m.deleted_at),
    })
}

pub fn follow_up(f: &FollowUp) -> Value {
    json!({
        "id": f.id.to_string(),
        "what": f.what,
        "due": f.due.to_string(),
        "contact": f.contact_id.map(|i| i.to_string()),
        "meeting": f.meeting_id.map(|i| i.to_string()),
        "direction": f.direction.as_str(),
        "kind": f.kind.map(|k| k.as_str()),
        "status": f.status.as_str(),
        "snoozed_until": f.snoozed_until.map(|d| d.to_string()),
        "done_at": opt_instant(f.done_at),
        "created_at": instant(f.created_at),
    })
}

pub fn conflict(c: &ConflictEntry) -> Value {
    json!({"id": c.entity_id.to_string(), "kind": c.kind, "field": c.conflict.field, "values": c.conflict.values})
}

pub fn merge(r: &MergeReport) -> Value {
    json!({"docs_changed": r.docs_changed, "entities_changed": r.entities_changed, "conflicts": r.conflicts})
}

pub fn doctor(r: &DoctorReport) -> Value {
    json!({"healthy": r.is_healthy(), "docs_checked": r.docs_checked, "problems": r.problems, "unchecked": r.unchecked, "repaired": r.repaired})
}

pub fn need(n: &kith_core::method::NeedView) -> Value {
    json!({
        "id": n.need.id.to_string(),
        "contact": n.need.contact.to_string(),
        "contact_name": n.contact_name,
        "what": n.need.what,
        "status": n.need.status.as_str(),
        "review_on": n.need.review_on.map(|d| d.to_string()),
        "reviewed_at": opt_instant(n.need.reviewed_at),
        "review_reason": n.review_reason,
        "created_at": instant(n.need.created_at),
    })
}

pub fn balance(b: &kith_core::method::Balance) -> Value {
    json!({"contact": b.contact.to_string(), "name": b.name, "gave": b.gave, "received": b.received,
           "reading": b.reading, "owe_back": b.owe_back})
}

pub fn introduction(i: &kith_core::model::Introduction) -> Value {
    json!({
        "id": i.id.to_string(),
        "introducer": i.introducer.map(|x| x.to_string()),
        "contact": i.contact.to_string(),
        "meeting": i.meeting.map(|x| x.to_string()),
        "status": i.status.as_str(),
        "created_at": instant(i.created_at),
    })
}

pub fn referral(r: &kith_core::model::Referral) -> Value {
    json!({
        "id": r.id.to_string(),
        "candidate": r.candidate.to_string(),
        "to_contact": r.to_contact.map(|x| x.to_string()),
        "company": r.company,
        "status": r.status.as_str(),
        "note": r.note,
        "history": r.history.iter().map(|e| json!({"status": e.status.as_str(), "at": instant(e.at), "note": e.note})).collect::<Vec<_>>(),
        "created_at": instant(r.created_at),
        "updated_at": instant(r.updated_at),
    })
}

pub fn today_item(t: &kith_core::method::TodayItem) -> Value {
    json!({
        "kind": t.kind.as_str(),
        "score": t.score,
        "title": t.title,
        "reason": t.reason,
        "subject": t.subject.to_string(),
        "contact": t.contact.map(|c| c.to_string()),
    })
}

pub fn open_loop(l: &kith_core::method::OpenLoop) -> Value {
    let mut v = follow_up(&l.follow_up);
    v["age_days"] = json!(l.age_days);
    v["days_overdue"] = json!(l.days_overdue);
    v["overdue"] = json!(l.overdue);
    v["reading"] = json!(l.reading);
    v["contact_name"] = json!(l.contact_name);
    v
}

pub fn drift(d: &kith_core::method::Drift) -> Value {
    json!({
        "contact": d.contact.to_string(),
        "name": d.name,
        "days_since_touch": d.days_since_touch,
        "cadence_days": d.cadence_days,
        "reason": d.reason,
    })
}
