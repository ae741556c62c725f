//! The method's records inside interactions buckets: introductions (names gained), needs,
//! exchanges and referrals I made. Each is a map of registers; a referral also keeps a list of
//! the statuses it went through (concurrent appends on two devices both survive).

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, ValueRef, transaction::Transactable};

use super::entities::{EntityRef, Kind, find};
use super::record::Record;
use super::values::{self, object};
use crate::error::Result;
use crate::id::Id;
use crate::model::{
    Exchange, FieldConflict, IntroStatus, Introduction, Need, NeedStatus, Referral, ReferralEvent,
    ReferralStatus,
};

pub const INTRODUCTION_REGISTERS: &[&str] = &["introducer", "contact", "meeting", "status"];
pub const NEED_REGISTERS: &[&str] = &["what", "status", "review_on"];
pub const EXCHANGE_REGISTERS: &[&str] = &["flow", "kind", "note"];
pub const REFERRAL_REGISTERS: &[&str] = &["to_contact", "company", "status", "note"];

const HISTORY: &str = "history";

/// Creates a record's map with its registers and timestamps (and a history list for
/// referrals), put whole (`record` says why).
pub fn create(
    doc: &mut AutoCommit,
    entity: EntityRef,
    now: i64,
    fields: &[(&str, ScalarValue)],
) -> Result<ObjId> {
    let mut record = Record::new(now);
    if entity.kind == Kind::Referral {
        record.list(HISTORY, &[]);
    }
    for (key, value) in fields {
        record.put(key, value.clone());
    }
    record.insert(doc, entity)
}

/// Writes the registers that differ and stamps `updated_at`.
pub fn update(doc: &mut AutoCommit, obj: &ObjId, now: i64, fields: &[(&str, ScalarValue)]) -> Result<()> {
    for (key, value) in fields {
        if values::scalar(doc, obj, key)?.as_ref() != Some(value) {
            doc.put(obj, *key, value.clone())?;
        }
    }
    doc.put(obj, "updated_at", ScalarValue::Timestamp(now))?;
    Ok(())
}

pub fn append_history(doc: &mut AutoCommit, referral: &ObjId, event: &ReferralEvent) -> Result<()> {
    let list = object(doc, referral, HISTORY, ObjType::List)?
        .ok_or(crate::error::Error::Schema { expected: "referrals are created with a history" })?;
    let at = doc.length(&list);
    let item = doc.insert_object(&list, at, ObjType::Map)?;
    doc.put(&item, "status", event.status.as_str())?;
    doc.put(&item, "at", ScalarValue::Timestamp(event.at))?;
    doc.put(&item, "note", values::opt_str(event.note.as_deref()))?;
    Ok(())
}

type Read<T> = Result<Option<(T, Vec<FieldConflict>)>>;

pub fn read_introduction(doc: &AutoCommit, id: Id) -> Read<Introduction> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Introduction, id))? else { return Ok(None) };
    let f = values::fields(doc, &obj);
    let Some(contact) = f.parsed("contact") else { return Ok(None) };
    let intro = Introduction {
        id,
        introducer: f.parsed("introducer"),
        contact,
        meeting: f.parsed("meeting"),
        status: f.parsed("status").unwrap_or(IntroStatus::Named),
        created_at: f.int("created_at").unwrap_or_default(),
        updated_at: f.int("updated_at").unwrap_or_default(),
    };
    Ok(Some((intro, f.conflicts(doc, &obj, INTRODUCTION_REGISTERS)?)))
}

pub fn read_need(doc: &AutoCommit, id: Id) -> Read<Need> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Need, id))? else { return Ok(None) };
    let f = values::fields(doc, &obj);
    let (Some(contact), Some(what)) = (f.parsed("contact"), f.string("what")) else {
        return Ok(None);
    };
    let need = Need {
        id,
        contact,
        what,
        status: f.parsed("status").unwrap_or(NeedStatus::Open),
        review_on: f.parsed("review_on"),
        reviewed_at: f.int("reviewed_at"),
        created_at: f.int("created_at").unwrap_or_default(),
        updated_at: f.int("updated_at").unwrap_or_default(),
    };
    Ok(Some((need, f.conflicts(doc, &obj, NEED_REGISTERS)?)))
}

pub fn read_exchange(doc: &AutoCommit, id: Id) -> Read<Exchange> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Exchange, id))? else { return Ok(None) };
    let f = values::fields(doc, &obj);
    let (Some(contact), Some(flow), Some(kind)) = (f.parsed("contact"), f.parsed("flow"), f.parsed("kind"))
    else {
        return Ok(None);
    };
    let exchange =
        Exchange { id, contact, flow, kind, note: f.string("note"), at: f.int("at").unwrap_or_default() };
    Ok(Some((exchange, f.conflicts(doc, &obj, EXCHANGE_REGISTERS)?)))
}

pub fn read_referral(doc: &AutoCommit, id: Id) -> Read<Referral> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Referral, id))? else { return Ok(None) };
    let f = values::fields(doc, &obj);
    let Some(candidate) = f.parsed("candidate") else { return Ok(None) };
    let mut history = Vec::new();
    if let Some(list) = f.object(HISTORY, ObjType::List) {
        for item in doc.list_range(&list, ..) {
            if !matches!(item.value, ValueRef::Object(ObjType::Map)) {
                continue;
            }
            let event = values::fields(doc, &item.id());
            let Some(status) = event.parsed("status") else { continue };
            history.push(ReferralEvent {
                status,
                at: event.int("at").unwrap_or_default(),
                note: event.string("note"),
            });
        }
    }
    let referral = Referral {
        id,
        candidate,
        to_contact: f.parsed("to_contact"),
        company: f.string("company"),
        status: f.parsed("status").unwrap_or(ReferralStatus::Pending),
        note: f.string("note"),
        history,
        created_at: f.int("created_at").unwrap_or_default(),
        updated_at: f.int("updated_at").unwrap_or_default(),
    };
    Ok(Some((referral, f.conflicts(doc, &obj, REFERRAL_REGISTERS)?)))
}
