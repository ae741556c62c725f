//! The method's records inside interactions buckets: introductions (names gained), needs,
//! exchanges and referrals I made. Each is a map of registers; a referral also keeps a list of
//! the statuses it went through (concurrent appends on two devices both survive).

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, transaction::Transactable};

use super::entities::{EntityRef, Kind, find};
use super::record::Record;
use super::values::{self, int, object, string};
use crate::error::Result;
use crate::id::Id;
use crate::model::{
    Exchange, ExchangeKind, FieldConflict, Flow, IntroStatus, Introduction, Need, NeedStatus, Referral,
    ReferralEvent, ReferralStatus,
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

fn id_of(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<Id>> {
    Ok(string(doc, obj, key)?.and_then(|v| v.parse().ok()))
}

type Read<T> = Result<Option<(T, Vec<FieldConflict>)>>;

pub fn read_introduction(doc: &AutoCommit, id: Id) -> Read<Introduction> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Introduction, id))? else { return Ok(None) };
    let Some(contact) = id_of(doc, &obj, "contact")? else { return Ok(None) };
    let intro = Introduction {
        id,
        introducer: id_of(doc, &obj, "introducer")?,
        contact,
        meeting: id_of(doc, &obj, "meeting")?,
        status: string(doc, &obj, "status")?.and_then(|s| s.parse().ok()).unwrap_or(IntroStatus::Named),
        created_at: int(doc, &obj, "created_at")?.unwrap_or_default(),
        updated_at: int(doc, &obj, "updated_at")?.unwrap_or_default(),
    };
    Ok(Some((intro, values::conflicts(doc, &obj, INTRODUCTION_REGISTERS)?)))
}

pub fn read_need(doc: &AutoCommit, id: Id) -> Read<Need> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Need, id))? else { return Ok(None) };
    let (Some(contact), Some(what)) = (id_of(doc, &obj, "contact")?, string(doc, &obj, "what")?) else {
        return Ok(None);
    };
    let need = Need {
        id,
        contact,
        what,
        status: string(doc, &obj, "status")?.and_then(|s| s.parse().ok()).unwrap_or(NeedStatus::Open),
        review_on: string(doc, &obj, "review_on")?.and_then(|d| d.parse().ok()),
        reviewed_at: int(doc, &obj, "reviewed_at")?,
        created_at: int(doc, &obj, "created_at")?.unwrap_or_default(),
        updated_at: int(doc, &obj, "updated_at")?.unwrap_or_default(),
    };
    Ok(Some((need, values::conflicts(doc, &obj, NEED_REGISTERS)?)))
}

pub fn read_exchange(doc: &AutoCommit, id: Id) -> Read<Exchange> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Exchange, id))? else { return Ok(None) };
    let parsed = (
        id_of(doc, &obj, "contact")?,
        string(doc, &obj, "flow")?.and_then(|f| f.parse::<Flow>().ok()),
        string(doc, &obj, "kind")?.and_then(|k| k.parse::<ExchangeKind>().ok()),
    );
    let (Some(contact), Some(flow), Some(kind)) = parsed else { return Ok(None) };
    let exchange = Exchange {
        id,
        contact,
        flow,
        kind,
        note: string(doc, &obj, "note")?,
        at: int(doc, &obj, "at")?.unwrap_or_default(),
    };
    Ok(Some((exchange, values::conflicts(doc, &obj, EXCHANGE_REGISTERS)?)))
}

pub fn read_referral(doc: &AutoCommit, id: Id) -> Read<Referral> {
    let Some(obj) = find(doc, EntityRef::new(Kind::Referral, id))? else { return Ok(None) };
    let Some(candidate) = id_of(doc, &obj, "candidate")? else { return Ok(None) };
    let mut history = Vec::new();
    if let Some(list) = object(doc, &obj, HISTORY, ObjType::List)? {
        for i in 0..doc.length(&list) {
            let Some((automerge::Value::Object(ObjType::Map), item)) = doc.get(&list, i)? else { continue };
            let Some(status) = string(doc, &item, "status")?.and_then(|s| s.parse().ok()) else { continue };
            history.push(ReferralEvent {
                status,
                at: int(doc, &item, "at")?.unwrap_or_default(),
                note: string(doc, &item, "note")?,
            });
        }
    }
    let referral = Referral {
        id,
        candidate,
        to_contact: id_of(doc, &obj, "to_contact")?,
        company: string(doc, &obj, "company")?,
        status: string(doc, &obj, "status")?.and_then(|s| s.parse().ok()).unwrap_or(ReferralStatus::Pending),
        note: string(doc, &obj, "note")?,
        history,
        created_at: int(doc, &obj, "created_at")?.unwrap_or_default(),
        updated_at: int(doc, &obj, "updated_at")?.unwrap_or_default(),
    };
    Ok(Some((referral, values::conflicts(doc, &obj, REFERRAL_REGISTERS)?)))
}
