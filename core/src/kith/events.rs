//! Event sessions: start one at the door, and every card captured or contact added until it
//! ends is met there, on that day; in the lobby, the event's review lists who was met, what is
//! missing from each, and the notes so far.

use chrono::NaiveDate;

use super::Kith;
use crate::error::{InvalidInput, Result};
use crate::model::{Contact, EventSession, limits, validate};
use crate::store::ContactQuery;

/// The account setting holding the running session as one JSON value, so that two devices
/// starting different events concurrently leave one whole session, never a mix of both.
const CURRENT: &str = "event.current";

/// One person met at an event, as the lobby review shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct EventContact {
    pub contact: Contact,
    /// What the card did not give: `name`, `e-mail`, `phone`, `organization`, `title`.
    pub missing: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventReview {
    pub event: String,
    /// Most recently added first.
    pub people: Vec<EventContact>,
}

impl Kith {
    /// Starts an event session (today unless `date` says otherwise), replacing a running one.
    pub fn start_event(
        &mut self,
        name: &str,
        place: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Result<EventSession> {
        let name = validate::text(name).ok_or(InvalidInput::Missing { field: "event" })?;
        limits::text("event", &name, limits::SHORT_TEXT)?;
        let place = validate::optional_text(place);
        if let Some(p) = &place {
            limits::text("place", p, limits::SHORT_TEXT)?;
        }
        let session = EventSession { name, place, date: date.unwrap_or_else(|| self.clock().today()) };
        let json = serde_json::to_string(&(&session.name, &session.place, session.date.to_string()))
            .expect("sessions serialize");
        self.edit(|s| s.set_setting(CURRENT, &json))?;
        Ok(session)
    }

    /// Stops the running session; returns it, or `None` when none was running.
    pub fn stop_event(&mut self) -> Result<Option<EventSession>> {
        let current = self.current_event()?;
        if current.is_some() {
            self.edit(|s| s.set_setting(CURRENT, ""))?;
        }
        Ok(current)
    }

    /// The running session: one started for today (or a later day) and not stopped.
    pub fn current_event(&self) -> Result<Option<EventSession>> {
        let Some(json) = self.store.setting(CURRENT)?.filter(|j| !j.is_empty()) else { return Ok(None) };
        let Ok((name, place, date)) = serde_json::from_str::<(String, Option<String>, String)>(&json) else {
            return Ok(None);
        };
        let Ok(date) = date.parse::<NaiveDate>() else { return Ok(None) };
        Ok((date >= self.clock().today()).then_some(EventSession { name, place, date }))
    }

    /// Everyone met at `event` (the running one when `None`), with what each card lacked.
    pub fn event_review(&self, event: Option<&str>) -> Result<EventReview> {
        let event = match event {
            Some(e) => validate::text(e).ok_or(InvalidInput::Missing { field: "event" })?,
            None => self.current_event()?.map(|s| s.name).ok_or(InvalidInput::Missing { field: "event" })?,
        };
        let query = ContactQuery { event: Some(event.clone()), limit: usize::MAX, ..ContactQuery::default() };
        let mut contacts = self.store.contacts(&query)?;
        contacts.sort_by_key(|c| std::cmp::Reverse((c.created_at, c.id)));
        let people = contacts
            .into_iter()
            .map(|contact| EventContact { missing: missing(&contact), contact })
            .collect();
        Ok(EventReview { event, people })
    }
}

fn missing(c: &Contact) -> Vec<&'static str> {
    let checks = [
        ("name", c.tags.iter().any(|t| t == crate::capture::NEEDS_NAME_TAG)),
        ("e-mail", c.emails.is_empty()),
        ("phone", c.phones.is_empty()),
        ("organization", c.organization.is_none()),
        ("title", c.title.is_none()),
    ];
    checks.into_iter().filter(|(_, lacks)| *lacks).map(|(what, _)| what).collect()
}
