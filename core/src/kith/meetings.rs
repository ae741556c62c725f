//! Meetings (with the per-kind templates), follow-ups, and the reminders a phone schedules.

use chrono::Duration;

use super::Kith;
use crate::error::{InvalidInput, Result};
use crate::id::Id;
use crate::method::{self, Template};
use crate::model::{
    FollowUp, FollowUpStatus, Introduction, Meeting, MeetingKind, NewFollowUp, NewMeeting, limits, validate,
};
use crate::store::FollowUpQuery;

/// A local notification for an open follow-up, as a phone schedules it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub follow_up: Id,
    pub title: String,
    pub body: String,
    /// The day to remind on: the due day, or the snooze's end when later.
    pub on: chrono::NaiveDate,
    pub contact: Option<Id>,
}

/// How far ahead reminders may be asked for.
const MAX_REMINDER_DAYS: u32 = 366;

impl Kith {
    pub fn log_meeting(&mut self, new: NewMeeting) -> Result<Meeting> {
        self.edit(|s| s.log_meeting(new))
    }

    /// Logs a meeting whose purpose and agenda, where not given, come from its kind's template
    /// (the opener first): a networking meeting starts from "two more names".
    pub fn log_meeting_from_template(&mut self, mut new: NewMeeting) -> Result<Meeting> {
        let t = self.template(new.kind)?;
        new.purpose = new.purpose.or(Some(t.purpose));
        if new.agenda.is_empty() {
            new.agenda = t.opener.into_iter().chain(t.agenda).collect();
        }
        self.log_meeting(new)
    }

    /// Logs a meeting and the names it yielded, each a new contact introduced by its one
    /// participant. The names are checked before anything is written, so bad input stores
    /// neither the meeting nor any name.
    pub fn log_meeting_with_names(
        &mut self,
        new: NewMeeting,
        names: &[String],
    ) -> Result<(Meeting, Vec<Introduction>)> {
        if names.is_empty() {
            return Ok((self.log_meeting(new)?, Vec::new()));
        }
        limits::items("names", names, limits::ITEMS)?;
        for name in names {
            validate::name(name)?;
        }
        if new.participants.len() != 1 {
            return Err(InvalidInput::Missing { field: "introducer" }.into());
        }
        let meeting = self.log_meeting(new)?;
        let gained = self.add_names_gained(meeting.id, names, None)?;
        Ok((meeting, gained))
    }

    pub fn log_meetings(&mut self, new: Vec<NewMeeting>) -> Result<Vec<Id>> {
        self.edit(|s| s.log_meetings(new))
    }

    pub fn meeting(&self, id: Id) -> Result<Meeting> {
        self.store.meeting(id)
    }

    pub fn meetings_with(&self, contact: Id) -> Result<Vec<Meeting>> {
        self.store.meetings_with(contact)
    }

    /// The template for a kind: the user's edit if any, else the built-in one.
    pub fn template(&self, kind: MeetingKind) -> Result<Template> {
        method::template(&self.store, kind)
    }

    pub fn templates(&self) -> Result<Vec<(MeetingKind, Template)>> {
        method::templates(&self.store)
    }

    /// Edits a kind's template; the edit replicates to every device.
    pub fn set_template(&mut self, kind: MeetingKind, template: &Template) -> Result<()> {
        self.edit(|s| method::set_template(s, kind, template))
    }

    pub fn add_follow_up(&mut self, new: NewFollowUp) -> Result<FollowUp> {
        self.edit(|s| s.add_follow_up(new))
    }

    pub fn add_follow_ups(&mut self, new: Vec<NewFollowUp>) -> Result<Vec<Id>> {
        self.edit(|s| s.add_follow_ups(new))
    }

    pub fn complete_follow_up(&mut self, id: Id) -> Result<FollowUp> {
        self.edit(|s| s.complete_follow_up(id))
    }

    pub fn reopen_follow_up(&mut self, id: Id) -> Result<FollowUp> {
        self.edit(|s| s.reopen_follow_up(id))
    }

    pub fn snooze_follow_up(&mut self, id: Id, until: chrono::NaiveDate) -> Result<FollowUp> {
        self.edit(|s| s.snooze_follow_up(id, until))
    }

    pub fn follow_up(&self, id: Id) -> Result<FollowUp> {
        self.store.follow_up(id)
    }

    pub fn follow_ups(&self, query: &FollowUpQuery) -> Result<Vec<FollowUp>> {
        self.store.follow_ups(query)
    }

    /// Open follow-ups due today or earlier and not snoozed past today.
    pub fn due_follow_ups(&self) -> Result<Vec<FollowUp>> {
        self.store.due_follow_ups()
    }

    /// Open follow-ups to remind of within `days` from today, on the day each falls due (or
    /// its snooze ends): the shell schedules them (WorkManager, UNUserNotificationCenter)
    /// after every change. One snoozed past the window is not listed.
    pub fn upcoming_reminders(&self, days: u32) -> Result<Vec<Reminder>> {
        if days > MAX_REMINDER_DAYS {
            return Err(InvalidInput::OutOfRange { field: "days" }.into());
        }
        let last = self.clock().today() + Duration::days(i64::from(days));
        let q = FollowUpQuery {
            status: Some(FollowUpStatus::Open),
            due_by: Some(last),
            ..FollowUpQuery::default()
        };
        let mut out = Vec::new();
        for f in self.store.follow_ups(&q)? {
            let on = f.snoozed_until.filter(|d| *d > f.due).unwrap_or(f.due);
            if on > last {
                continue;
            }
            let who = f.contact_id.map(|c| self.store.contact(c)).transpose()?;
            out.push(Reminder {
                follow_up: f.id,
                title: who
                    .map_or_else(|| "Follow up".to_string(), |c| format!("Follow up with {}", c.name.full)),
                body: f.what,
                on,
                contact: f.contact_id,
            });
        }
        out.sort_by_key(|r| r.on);
        Ok(out)
    }
}
