//! Meetings and follow-ups: logged against contacts, stored in the interactions buckets.

use automerge::ScalarValue;
use automerge::transaction::Transactable;
use chrono::NaiveDate;

use super::batch::Batch;
use super::{FollowUpQuery, Store, query};
use crate::doc::entities::{EntityRef, Kind, find};
use crate::doc::interaction as doc_interaction;
use crate::doc::record::Record;
use crate::doc::values::{self, opt_str};
use crate::error::{Error, InvalidInput, Result};
use crate::id::Id;
use crate::model::{FollowUp, FollowUpStatus, Meeting, NewFollowUp, NewMeeting, limits, validate};

impl Store {
    pub fn log_meeting(&mut self, new: NewMeeting) -> Result<Meeting> {
        let id = self.log_meetings(vec![new])?[0];
        self.meeting(id)
    }

    /// Logs many meetings, validated first, written bucket by bucket (see `add_contacts`).
    pub fn log_meetings(&mut self, new: Vec<NewMeeting>) -> Result<Vec<Id>> {
        let now = self.clock.now_ms();
        let mut items = Vec::with_capacity(new.len());
        for meeting in new {
            limits::meeting(&meeting)?;
            if meeting.participants.is_empty() {
                return Err(InvalidInput::Missing { field: "participants" }.into());
            }
            // A meeting is logged after it happened; a minute of clock skew is forgiven.
            if meeting.occurred_at.is_some_and(|at| at > now + 60_000) {
                return Err(InvalidInput::OutOfRange { field: "at" }.into());
            }
            for p in &meeting.participants {
                if !query::contact_exists(&self.conn, *p)? {
                    return Err(Error::not_found("contact", p));
                }
            }
            let id = Id::new_v7(now);
            items.push((EntityRef::new(Kind::Meeting, id).doc_id(self.layout), (id, meeting)));
        }
        let ids = items.iter().map(|(_, (id, _))| *id).collect();
        self.bulk_write(items, |b, (id, new)| {
            let agenda: Vec<String> = new.agenda.iter().filter_map(|a| validate::text(a)).collect();
            let asks: Vec<String> = new.asks.iter().filter_map(|a| validate::text(a)).collect();
            let notes = new.notes.as_deref().unwrap_or("");
            let mut meeting = doc_interaction::new_meeting(b.now, &new.participants, &agenda, &asks, notes);
            meeting.put("kind", new.kind.as_str().into());
            meeting.put("occurred_at", ScalarValue::Timestamp(new.occurred_at.unwrap_or(b.now)));
            for (key, value) in [
                ("title", &new.title),
                ("purpose", &new.purpose),
                ("outcome", &new.outcome),
                ("next_step", &new.next_step),
            ] {
                meeting.put(key, opt_str(validate::optional_text(value.as_deref()).as_deref()));
            }
            let entity = EntityRef::new(Kind::Meeting, id);
            meeting.insert(b.doc_for(entity)?, entity)?;
            Ok(())
        })?;
        Ok(ids)
    }

    pub fn meeting(&self, id: Id) -> Result<Meeting> {
        query::meeting(&self.conn, id)?.ok_or_else(|| Error::not_found("meeting", id))
    }

    /// Meetings a contact took part in, newest first.
    pub fn meetings_with(&self, contact: Id) -> Result<Vec<Meeting>> {
        query::meetings_with(&self.conn, contact)
    }

    pub fn add_follow_up(&mut self, new: NewFollowUp) -> Result<FollowUp> {
        let id = self.add_follow_ups(vec![new])?[0];
        self.follow_up(id)
    }

    /// Adds many follow-ups, validated first, written bucket by bucket (see `add_contacts`).
    pub fn add_follow_ups(&mut self, new: Vec<NewFollowUp>) -> Result<Vec<Id>> {
        let now = self.clock.now_ms();
        let mut items = Vec::with_capacity(new.len());
        for f in new {
            let what = self.check_follow_up(&f)?;
            let id = Id::new_v7(now);
            items.push((EntityRef::new(Kind::FollowUp, id).doc_id(self.layout), (id, what, f)));
        }
        let ids = items.iter().map(|(_, (id, _, _))| *id).collect();
        self.bulk_write(items, |b, (id, what, new)| write_follow_up(b, id, &what, &new))?;
        Ok(ids)
    }

    /// Checks a new follow-up's text and references; returns the text to store.
    pub(super) fn check_follow_up(&self, f: &NewFollowUp) -> Result<String> {
        limits::follow_up(f)?;
        let what = validate::text(&f.what).ok_or(InvalidInput::Missing { field: "what" })?;
        if let Some(c) = f.contact_id
            && !query::contact_exists(&self.conn, c)?
        {
            return Err(Error::not_found("contact", c));
        }
        if let Some(m) = f.meeting_id
            && query::meeting(&self.conn, m)?.is_none()
        {
            return Err(Error::not_found("meeting", m));
        }
        Ok(what)
    }

    pub fn complete_follow_up(&mut self, id: Id) -> Result<FollowUp> {
        let now = self.clock.now_ms();
        self.edit_follow_up(
            id,
            &[("status", FollowUpStatus::Done.as_str().into()), ("done_at", ScalarValue::Timestamp(now))],
        )
    }

    pub fn reopen_follow_up(&mut self, id: Id) -> Result<FollowUp> {
        self.edit_follow_up(
            id,
            &[("status", FollowUpStatus::Open.as_str().into()), ("done_at", ScalarValue::Null)],
        )
    }

    /// Hides an open follow-up from due lists until `until`.
    pub fn snooze_follow_up(&mut self, id: Id, until: NaiveDate) -> Result<FollowUp> {
        self.edit_follow_up(id, &[("snoozed_until", until.to_string().into())])
    }

    fn edit_follow_up(&mut self, id: Id, puts: &[(&str, ScalarValue)]) -> Result<FollowUp> {
        self.follow_up(id)?;
        let entity = EntityRef::new(Kind::FollowUp, id);
        self.write(|b| {
            let now = b.now;
            let doc = b.doc_for(entity)?;
            let obj = find(doc, entity)?.ok_or_else(|| Error::not_found("follow-up", id))?;
            for (key, value) in puts {
                if values::scalar(doc, &obj, key)?.as_ref() != Some(value) {
                    doc.put(&obj, *key, value.clone())?;
                }
            }
            doc.put(&obj, "updated_at", ScalarValue::Timestamp(now))?;
            Ok(())
        })?;
        self.follow_up(id)
    }

    pub fn follow_up(&self, id: Id) -> Result<FollowUp> {
        query::follow_up(&self.conn, id)?.ok_or_else(|| Error::not_found("follow-up", id))
    }

    pub fn follow_ups(&self, q: &FollowUpQuery) -> Result<Vec<FollowUp>> {
        query::follow_ups(&self.conn, q)
    }

    /// Open follow-ups due today or earlier and not snoozed past today, oldest due first.
    pub fn due_follow_ups(&self) -> Result<Vec<FollowUp>> {
        let today = self.clock.today();
        query::follow_ups(
            &self.conn,
            &FollowUpQuery {
                status: Some(FollowUpStatus::Open),
                due_by: Some(today),
                awake_on: Some(today),
                ..Default::default()
            },
        )
    }
}

/// Writes a checked follow-up into its bucket.
pub(super) fn write_follow_up(b: &mut Batch, id: Id, what: &str, new: &NewFollowUp) -> Result<()> {
    let mut follow_up = Record::new(b.now);
    follow_up.put("what", what.into());
    follow_up.put("due", new.due.to_string().into());
    follow_up.put("contact", opt_str(new.contact_id.map(|c| c.to_string()).as_deref()));
    follow_up.put("meeting", opt_str(new.meeting_id.map(|m| m.to_string()).as_deref()));
    follow_up.put("direction", new.direction.as_str().into());
    follow_up.put("kind", opt_str(new.kind.map(|k| k.as_str())));
    follow_up.put("status", FollowUpStatus::Open.as_str().into());
    follow_up.put("snoozed_until", ScalarValue::Null);
    follow_up.put("done_at", ScalarValue::Null);
    let entity = EntityRef::new(Kind::FollowUp, id);
    follow_up.insert(b.doc_for(entity)?, entity)?;
    Ok(())
}
