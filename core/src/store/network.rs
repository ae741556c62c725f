//! Writing the method's records: names gained, needs, exchanges, referrals I made, and the
//! account settings the method reads (tier cadences, loop thresholds, meeting templates).

use automerge::ScalarValue;
use chrono::NaiveDate;

use super::{Store, query};
use crate::doc::entities::{EntityRef, Kind, find};
use crate::doc::values::opt_str;
use crate::doc::{DocId, account, network as doc_network};
use crate::error::{Error, InvalidInput, Result};
use crate::id::Id;
use crate::model::{
    ExchangeKind, Flow, IntroStatus, Introduction, Met, NeedStatus, NewContact, ReferralEvent,
    ReferralStatus, limits, validate,
};

fn id_value(id: Option<Id>) -> ScalarValue {
    opt_str(id.map(|i| i.to_string()).as_deref())
}

impl Store {
    fn require(&self, kind: Kind, id: Id) -> Result<()> {
        let exists = match kind {
            Kind::Contact => query::contact_exists(&self.conn, id)?,
            Kind::Meeting => query::meeting(&self.conn, id)?.is_some(),
            other => query::record_exists(&self.conn, other, id)?,
        };
        exists.then_some(()).ok_or_else(|| Error::not_found(kind.name(), id))
    }

    /// Names gained at a meeting ("every meeting should yield two more names"): each becomes a
    /// contact (a name is enough) with an introduction from `introducer`, or from the meeting's
    /// only participant when none is given.
    pub fn add_names_gained(
        &mut self,
        meeting: Id,
        names: &[String],
        introducer: Option<Id>,
    ) -> Result<Vec<Introduction>> {
        limits::items("names", names, limits::ITEMS)?;
        let m = query::meeting(&self.conn, meeting)?.ok_or_else(|| Error::not_found("meeting", meeting))?;
        let introducer = match introducer {
            Some(i) => {
                self.require(Kind::Contact, i)?;
                Some(i)
            }
            None if m.participants.len() == 1 => Some(m.participants[0]),
            None => return Err(InvalidInput::Missing { field: "introducer" }.into()),
        };
        let names: Vec<String> = names.iter().map(|n| validate::name(n)).collect::<Result<_, _>>()?;
        if names.is_empty() {
            return Err(InvalidInput::Missing { field: "name" }.into());
        }
        let today = self.clock.today();
        let contacts: Vec<NewContact> = names
            .into_iter()
            .map(|name| NewContact {
                name,
                met: Met { introduced_by: introducer, date: Some(today), ..Met::default() },
                ..NewContact::default()
            })
            .collect();
        let ids = self.add_contacts(contacts)?;
        ids.into_iter().map(|contact| self.record_introduction(introducer, contact, Some(meeting))).collect()
    }

    /// Records that `introducer` put me in touch with `contact` (both already contacts).
    pub fn add_introduction(
        &mut self,
        introducer: Id,
        contact: Id,
        meeting: Option<Id>,
    ) -> Result<Introduction> {
        if introducer == contact {
            return Err(InvalidInput::UnknownValue {
                field: "introducer (a contact cannot introduce themselves)",
            }
            .into());
        }
        self.require(Kind::Contact, introducer)?;
        self.require(Kind::Contact, contact)?;
        if let Some(m) = meeting {
            self.require(Kind::Meeting, m)?;
        }
        // An introduction chain must never loop: refuse an edge back into the introducer's ancestry.
        if query::introducer_chain(&self.conn, introducer)?.contains(&contact) {
            return Err(
                InvalidInput::OutOfRange { field: "introducer (this would make a referral cycle)" }.into()
            );
        }
        self.record_introduction(Some(introducer), contact, meeting)
    }

    fn record_introduction(
        &mut self,
        introducer: Option<Id>,
        contact: Id,
        meeting: Option<Id>,
    ) -> Result<Introduction> {
        let id = self.write(|b| {
            let id = Id::new_v7(b.now);
            let now = b.now;
            let fields = [
                ("introducer", id_value(introducer)),
                ("contact", id_value(Some(contact))),
                ("meeting", id_value(meeting)),
                ("status", IntroStatus::Named.as_str().into()),
            ];
            doc_network::create(
                b.doc_for(EntityRef::new(Kind::Introduction, id))?,
                EntityRef::new(Kind::Introduction, id),
                now,
                &fields,
            )?;
            Ok(id)
        })?;
        query::introduction(&self.conn, id)?.ok_or_else(|| Error::not_found("introduction", id))
    }

    pub fn set_introduction_status(&mut self, id: Id, status: IntroStatus) -> Result<Introduction> {
        self.update_record(Kind::Introduction, id, &[("status", status.as_str().into())])?;
        query::introduction(&self.conn, id)?.ok_or_else(|| Error::not_found("introduction", id))
    }

    /// Writes registers of an existing record of the method.
    fn update_record(&mut self, kind: Kind, id: Id, fields: &[(&str, ScalarValue)]) -> Result<()> {
        self.require(kind, id)?;
        let entity = EntityRef::new(kind, id);
        self.write(|b| {
            let now = b.now;
            let doc = b.doc_for(entity)?;
            let obj = find(doc, entity)?.ok_or_else(|| Error::not_found(kind.name(), id))?;
            doc_network::update(doc, &obj, now, fields)
        })
    }

    fn create_record(&mut self, kind: Kind, fields: Vec<(&'static str, ScalarValue)>) -> Result<Id> {
        self.write(|b| {
            let id = Id::new_v7(b.now);
            let now = b.now;
            let entity = EntityRef::new(kind, id);
            doc_network::create(b.doc_for(entity)?, entity, now, &fields)?;
            Ok(id)
        })
    }

    /// Something a contact is looking for, to be reviewed by `review_on`.
    pub fn add_need(&mut self, contact: Id, what: &str, review_on: Option<NaiveDate>) -> Result<Id> {
        limits::text("what", what, limits::LINE)?;
        let what = validate::text(what).ok_or(InvalidInput::Missing { field: "what" })?;
        self.require(Kind::Contact, contact)?;
        self.create_record(
            Kind::Need,
            vec![
                ("contact", id_value(Some(contact))),
                ("what", what.into()),
                ("status", NeedStatus::Open.as_str().into()),
                ("review_on", opt_str(review_on.map(|d| d.to_string()).as_deref())),
                ("reviewed_at", ScalarValue::Null),
            ],
        )
    }

    pub fn set_need_status(&mut self, id: Id, status: NeedStatus) -> Result<()> {
        self.update_record(Kind::Need, id, &[("status", status.as_str().into())])
    }

    /// Marks a need as looked at now, optionally with the next review date.
    pub fn review_need(&mut self, id: Id, next: Option<NaiveDate>) -> Result<()> {
        let now = self.clock.now_ms();
        let mut fields = vec![("reviewed_at", ScalarValue::Timestamp(now))];
        if let Some(next) = next {
            fields.push(("review_on", next.to_string().into()));
        }
        self.update_record(Kind::Need, id, &fields)
    }

    /// Something given to or received from a contact.
    pub fn record_exchange(
        &mut self,
        contact: Id,
        flow: Flow,
        kind: ExchangeKind,
        note: Option<&str>,
    ) -> Result<Id> {
        self.require(Kind::Contact, contact)?;
        if let Some(note) = note {
            limits::text("note", note, limits::LINE)?;
        }
        let at = self.clock.now_ms();
        self.create_record(
            Kind::Exchange,
            vec![
                ("contact", id_value(Some(contact))),
                ("flow", flow.as_str().into()),
                ("kind", kind.as_str().into()),
                ("note", opt_str(validate::optional_text(note).as_deref())),
                ("at", ScalarValue::Timestamp(at)),
            ],
        )
    }

    /// I recommended `candidate` to a contact or to a company.
    pub fn add_referral(
        &mut self,
        candidate: Id,
        to_contact: Option<Id>,
        company: Option<&str>,
        note: Option<&str>,
    ) -> Result<Id> {
        self.require(Kind::Contact, candidate)?;
        limits::text("company", company.unwrap_or(""), limits::SHORT_TEXT)?;
        limits::text("note", note.unwrap_or(""), limits::LINE)?;
        let company = validate::optional_text(company);
        match (to_contact, &company) {
            (None, None) => return Err(InvalidInput::Missing { field: "to (a contact or a company)" }.into()),
            (Some(to), _) if to == candidate => {
                return Err(InvalidInput::UnknownValue {
                    field: "to (a contact cannot be referred to themselves)",
                }
                .into());
            }
            (Some(to), _) => self.require(Kind::Contact, to)?,
            _ => {}
        }
        let note = validate::optional_text(note);
        let now = self.clock.now_ms();
        let id = self.create_record(
            Kind::Referral,
            vec![
                ("candidate", id_value(Some(candidate))),
                ("to_contact", id_value(to_contact)),
                ("company", opt_str(company.as_deref())),
                ("status", ReferralStatus::Pending.as_str().into()),
                ("note", opt_str(note.as_deref())),
            ],
        )?;
        self.append_referral_event(id, ReferralEvent { status: ReferralStatus::Pending, at: now, note })?;
        Ok(id)
    }

    /// A referral's outcome moved on; the history keeps every step.
    pub fn update_referral(&mut self, id: Id, status: ReferralStatus, note: Option<&str>) -> Result<()> {
        self.require(Kind::Referral, id)?;
        limits::text("note", note.unwrap_or(""), limits::LINE)?;
        let note = validate::optional_text(note);
        let at = self.clock.now_ms();
        let mut fields = vec![("status", status.as_str().into())];
        if let Some(n) = &note {
            fields.push(("note", n.as_str().into()));
        }
        self.update_record(Kind::Referral, id, &fields)?;
        self.append_referral_event(id, ReferralEvent { status, at, note })
    }

    fn append_referral_event(&mut self, id: Id, event: ReferralEvent) -> Result<()> {
        let entity = EntityRef::new(Kind::Referral, id);
        self.write(|b| {
            let doc = b.doc_for(entity)?;
            let obj = find(doc, entity)?.ok_or_else(|| Error::not_found("referral", id))?;
            doc_network::append_history(doc, &obj, &event)
        })
    }

    /// An account setting shared by every device (see `method::Settings` for the keys used).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|b| {
            account::put_setting(b.doc(DocId::ACCOUNT)?, key, value)?;
            b.touch_settings();
            Ok(())
        })
    }

    /// The contact a need, exchange or introduction belongs to now (`None` once its row is gone).
    pub(crate) fn contact_of(&self, entity: EntityRef) -> Result<Option<Id>> {
        query::contact_of(&self.conn, entity.kind, entity.id)
    }

    /// The names a contact introduced.
    pub(crate) fn introduced_by(&self, introducer: Id) -> Result<Vec<Id>> {
        query::introduced_by(&self.conn, introducer)
    }

    /// Names gained at a meeting.
    pub fn introductions_from(&self, meeting: Id) -> Result<Vec<Introduction>> {
        query::introductions_from(&self.conn, meeting)
    }

    /// Referrals I made, newest first, each with its history.
    pub fn referrals(&self) -> Result<Vec<crate::model::Referral>> {
        query::referrals(&self.conn)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        query::setting(&self.conn, key)
    }

    /// Every setting whose key starts with `prefix`, by key.
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        query::settings_with_prefix(&self.conn, prefix)
    }

    /// Several settings in one transaction.
    pub fn set_settings(&mut self, pairs: &[(String, String)]) -> Result<()> {
        self.write(|b| {
            let doc = b.doc(DocId::ACCOUNT)?;
            for (key, value) in pairs {
                account::put_setting(doc, key, value)?;
            }
            b.touch_settings();
            Ok(())
        })
    }
}
