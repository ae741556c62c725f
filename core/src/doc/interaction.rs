//! Meetings and follow-ups inside an interactions bucket. They reference contacts by id and
//! never embed them: a meeting has several participants.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, transaction::Transactable};

use super::entities::{EntityRef, Kind, find};
use super::record::Record;
use super::values::{self, int, object, string};
use crate::error::Result;
use crate::id::Id;
use crate::model::{Direction, FieldConflict, FollowUp, FollowUpStatus, Meeting, MeetingKind};

pub const MEETING_REGISTERS: &[&str] =
    &["kind", "occurred_at", "title", "purpose", "outcome", "next_step", "deleted_at"];
pub const FOLLOW_UP_REGISTERS: &[&str] =
    &["what", "due", "contact", "meeting", "direction", "kind", "status", "snoozed_until"];

const PARTICIPANTS: &str = "participants";
const AGENDA: &str = "agenda";
const ASKS: &str = "asks";
const NOTES: &str = "notes";

/// A new meeting's map with every container filled and `deleted_at` empty; the caller puts its
/// registers, then inserts it whole (`record` says why).
pub fn new_meeting(now: i64, participants: &[Id], agenda: &[String], asks: &[String], notes: &str) -> Record {
    let mut record = Record::new(now);
    record.map(PARTICIPANTS, participants.iter().map(|p| (p.to_string(), true.into())));
    record.list(AGENDA, agenda);
    record.list(ASKS, asks);
    record.text(NOTES, notes);
    record.put("deleted_at", ScalarValue::Null);
    record
}

fn container(doc: &AutoCommit, obj: &ObjId, key: &str, kind: ObjType) -> Result<ObjId> {
    object(doc, obj, key, kind)?
        .ok_or(crate::error::Error::Schema { expected: "meetings are created with all their containers" })
}

pub fn add_participant(doc: &mut AutoCommit, meeting: &ObjId, contact: Id) -> Result<()> {
    let map = container(doc, meeting, PARTICIPANTS, ObjType::Map)?;
    doc.put(&map, contact.to_string(), true)?;
    Ok(())
}

/// Swaps one participant for another (a contact merge, or its undoing).
pub fn replace_participant(doc: &mut AutoCommit, meeting: &ObjId, from: Id, to: Option<Id>) -> Result<()> {
    let map = container(doc, meeting, PARTICIPANTS, ObjType::Map)?;
    if doc.get(&map, from.to_string())?.is_some() {
        doc.delete(&map, from.to_string())?;
    }
    if let Some(to) = to {
        doc.put(&map, to.to_string(), true)?;
    }
    Ok(())
}

pub fn read_meeting(doc: &AutoCommit, id: Id) -> Result<Option<(Meeting, Vec<FieldConflict>)>> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Meeting, id))? else {
        return Ok(None);
    };
    let s = |key| string(doc, &obj, key);
    let list_of = |key| -> Result<Vec<String>> {
        Ok(match object(doc, &obj, key, ObjType::List)? {
            Some(list) => (0..doc.length(&list))
                .filter_map(|i| match doc.get(&list, i) {
                    Ok(Some((automerge::Value::Scalar(v), _))) => values::display(&v),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        })
    };
    let meeting = Meeting {
        id,
        kind: s("kind")?.and_then(|k| k.parse().ok()).unwrap_or(MeetingKind::Networking),
        occurred_at: int(doc, &obj, "occurred_at")?.unwrap_or_default(),
        participants: values::key_set(doc, &obj, PARTICIPANTS)?
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect(),
        title: s("title")?,
        purpose: s("purpose")?,
        agenda: list_of(AGENDA)?,
        asks: list_of(ASKS)?,
        notes: values::text(doc, &obj, NOTES)?,
        outcome: s("outcome")?,
        next_step: s("next_step")?,
        created_at: int(doc, &obj, "created_at")?.unwrap_or_default(),
        updated_at: int(doc, &obj, "updated_at")?.unwrap_or_default(),
        deleted_at: int(doc, &obj, "deleted_at")?,
    };
    Ok(Some((meeting, values::conflicts(doc, &obj, MEETING_REGISTERS)?)))
}

pub fn read_follow_up(doc: &AutoCommit, id: Id) -> Result<Option<(FollowUp, Vec<FieldConflict>)>> {
    let Some(obj) = find(doc, EntityRef::new(Kind::FollowUp, id))? else {
        return Ok(None);
    };
    let s = |key| string(doc, &obj, key);
    // A follow-up without a readable due date or text came from a foreign writer; skip it.
    let (Some(what), Some(due)) = (s("what")?, s("due")?.and_then(|d| d.parse().ok())) else {
        return Ok(None);
    };
    let follow_up = FollowUp {
        id,
        what,
        due,
        contact_id: s("contact")?.and_then(|v| v.parse().ok()),
        meeting_id: s("meeting")?.and_then(|v| v.parse().ok()),
        direction: s("direction")?.and_then(|v| v.parse().ok()).unwrap_or(Direction::IOwe),
        kind: s("kind")?.and_then(|v| v.parse().ok()),
        status: s("status")?.and_then(|v| v.parse().ok()).unwrap_or(FollowUpStatus::Open),
        snoozed_until: s("snoozed_until")?.and_then(|d| d.parse().ok()),
        done_at: int(doc, &obj, "done_at")?,
        created_at: int(doc, &obj, "created_at")?.unwrap_or_default(),
        updated_at: int(doc, &obj, "updated_at")?.unwrap_or_default(),
    };
    Ok(Some((follow_up, values::conflicts(doc, &obj, FOLLOW_UP_REGISTERS)?)))
}
