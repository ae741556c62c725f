//! Meetings and follow-ups inside an interactions bucket. They reference contacts by id and
//! never embed them: a meeting has several participants.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, transaction::Transactable};

use super::entities::{EntityRef, Kind, find};
use super::record::Record;
use super::values::{self, object};
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
    let f = values::fields(doc, &obj);
    let meeting = Meeting {
        id,
        kind: f.parsed("kind").unwrap_or(MeetingKind::Networking),
        occurred_at: f.int("occurred_at").unwrap_or_default(),
        participants: f.key_set(doc, PARTICIPANTS).iter().filter_map(|p| p.parse().ok()).collect(),
        title: f.string("title"),
        purpose: f.string("purpose"),
        agenda: f.list(doc, AGENDA),
        asks: f.list(doc, ASKS),
        notes: f.text(doc, NOTES)?,
        outcome: f.string("outcome"),
        next_step: f.string("next_step"),
        created_at: f.int("created_at").unwrap_or_default(),
        updated_at: f.int("updated_at").unwrap_or_default(),
        deleted_at: f.int("deleted_at"),
    };
    Ok(Some((meeting, f.conflicts(doc, &obj, MEETING_REGISTERS)?)))
}

pub fn read_follow_up(doc: &AutoCommit, id: Id) -> Result<Option<(FollowUp, Vec<FieldConflict>)>> {
    let Some(obj) = find(doc, EntityRef::new(Kind::FollowUp, id))? else {
        return Ok(None);
    };
    let f = values::fields(doc, &obj);
    // A follow-up without a readable due date or text came from a foreign writer; skip it.
    let (Some(what), Some(due)) = (f.string("what"), f.parsed("due")) else {
        return Ok(None);
    };
    let follow_up = FollowUp {
        id,
        what,
        due,
        contact_id: f.parsed("contact"),
        meeting_id: f.parsed("meeting"),
        direction: f.parsed("direction").unwrap_or(Direction::IOwe),
        kind: f.parsed("kind"),
        status: f.parsed("status").unwrap_or(FollowUpStatus::Open),
        snoozed_until: f.parsed("snoozed_until"),
        done_at: f.int("done_at"),
        created_at: f.int("created_at").unwrap_or_default(),
        updated_at: f.int("updated_at").unwrap_or_default(),
    };
    Ok(Some((follow_up, f.conflicts(doc, &obj, FOLLOW_UP_REGISTERS)?)))
}
