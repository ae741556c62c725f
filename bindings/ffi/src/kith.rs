//! `Kith`: one open database, shared by the shell's threads. Every method is synchronous (call
//! it off the UI thread); the store sits behind a mutex, and listeners are called after the lock
//! is released, so a listener may call back into `Kith` and one that throws changes nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use chrono::Duration;
use kith_core::interchange::{self, Format, vcard};
use kith_core::model::FollowUpStatus;
use kith_core::{FollowUpQuery, ImportAction, ImportOptions, Store, method};

use crate::capture::{CaptureAction, CaptureOptions, CaptureOutcome, Draft};
use crate::error::{KithError, ListenerError, Result, day, id};
use crate::types::{
    Balance, Conflict, Contact, ContactChanges, ContactQuery, FollowUp, Meeting, Need, NewContact,
    NewFollowUp, NewMeeting, Reminder, TodayItem,
};

/// Why the data changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChangeReason {
    LocalEdit,
    Capture,
    Import,
    Merge,
    Sync,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChangeEvent {
    pub reason: ChangeReason,
    /// Contacts known to have changed (empty when the change came in bulk, e.g. a sync).
    pub contact_ids: Vec<String>,
}

/// Implemented by the shell (a view model) to refresh lists when data changes.
#[uniffi::export(foreign)]
pub trait ChangeListener: Send + Sync {
    fn on_change(&self, event: ChangeEvent) -> std::result::Result<(), ListenerError>;
}

type Listeners = Mutex<Vec<(u64, Arc<dyn ChangeListener>)>>;

/// Keeps a listener registered; dropping it (or `cancel`) unsubscribes.
#[derive(uniffi::Object)]
pub struct Subscription {
    listeners: Weak<Listeners>,
    id: u64,
}

#[uniffi::export]
impl Subscription {
    pub fn cancel(&self) {
        if let Some(listeners) = self.listeners.upgrade() {
            listeners.lock().unwrap_or_else(PoisonError::into_inner).retain(|(i, _)| *i != self.id);
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ImportLine {
    pub name: String,
    /// `new`, `update`, `duplicate` or `skip`.
    pub action: String,
    pub contact_id: Option<String>,
    pub evidence: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ImportReport {
    pub added: u32,
    pub updated: u32,
    pub duplicates: u32,
    pub skipped: u32,
    pub lines: Vec<ImportLine>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DuplicatePair {
    pub a: Contact,
    pub b: Contact,
    pub evidence: Vec<String>,
}

#[derive(uniffi::Object)]
pub struct Kith {
    store: Mutex<Option<Store>>,
    listeners: Arc<Listeners>,
    next_listener: AtomicU64,
}

impl Kith {
    /// Runs `f` on the open store. A panic in an earlier call poisons the mutex; the store
    /// itself is still consistent (every write is one transaction), so the lock is recovered.
    pub(crate) fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> kith_core::Result<T>) -> Result<T> {
        let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let store = guard.as_mut().ok_or(KithError::Closed)?;
        Ok(f(store)?)
    }

    pub(crate) fn notify(&self, reason: ChangeReason, contact_ids: Vec<String>) {
        let listeners: Vec<Arc<dyn ChangeListener>> = self
            .listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            // A failing listener is the shell's bug; the change itself is already saved.
            let _ = listener.on_change(ChangeEvent { reason, contact_ids: contact_ids.clone() });
        }
    }

    fn edit(
        &self,
        f: impl FnOnce(&mut Store) -> kith_core::Result<kith_core::model::Contact>,
    ) -> Result<Contact> {
        let c = self.with_store(f)?;
        self.notify(ChangeReason::LocalEdit, vec![c.id.to_string()]);
        Ok(c.into())
    }
}

#[uniffi::export]
impl Kith {
    /// Opens (or creates) the database at `path`.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        let store = Store::open(&path)?;
        Ok(Arc::new(Kith {
            store: Mutex::new(Some(store)),
            listeners: Arc::default(),
            next_listener: AtomicU64::new(1),
        }))
    }

    /// Closes the database; every later call fails with `KithError::Closed`.
    pub fn close_store(&self) {
        self.store.lock().unwrap_or_else(PoisonError::into_inner).take();
    }

    pub fn subscribe(&self, listener: Arc<dyn ChangeListener>) -> Arc<Subscription> {
        let id = self.next_listener.fetch_add(1, Ordering::Relaxed);
        self.listeners.lock().unwrap_or_else(PoisonError::into_inner).push((id, listener));
        Arc::new(Subscription { listeners: Arc::downgrade(&self.listeners), id })
    }

    pub fn set_default_region(&self, region: String) -> Result<()> {
        self.with_store(|s| s.set_default_region(&region))
    }

    pub fn default_region(&self) -> Result<Option<String>> {
        self.with_store(|s| s.default_region())
    }

    // Contacts

    pub fn add_contact(&self, contact: NewContact) -> Result<Contact> {
        let new = contact.into_core()?;
        self.edit(|s| s.add_contact(new))
    }

    pub fn update_contact(&self, contact_id: String, changes: ContactChanges) -> Result<Contact> {
        let (target, patch) = (id(&contact_id)?, changes.into_core()?);
        self.edit(|s| s.update_contact(target, patch))
    }

    pub fn append_notes(&self, contact_id: String, text: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        self.edit(|s| s.append_notes(target, &text))
    }

    pub fn delete_contact(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        self.edit(|s| s.delete_contact(target))
    }

    pub fn restore_contact(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        self.edit(|s| s.restore_contact(target))
    }

    pub fn contact(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.with_store(|s| s.contact(target))?.into())
    }

    pub fn contacts(&self, query: ContactQuery) -> Result<Vec<Contact>> {
        let q = kith_core::ContactQuery {
            search: query.search,
            tag: query.tag,
            limit: query.limit as usize,
            offset: query.offset as usize,
            ..kith_core::ContactQuery::default()
        };
        Ok(self.with_store(|s| s.contacts(&q))?.into_iter().map(Contact::from).collect())
    }

    pub fn count_contacts(&self) -> Result<u64> {
        self.with_store(|s| s.count_contacts())
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let list = self.with_store(|s| s.conflicts())?;
        Ok(list
            .into_iter()
            .map(|c| Conflict {
                entity_id: c.entity_id.to_string(),
                kind: c.kind.to_string(),
                field: c.conflict.field,
                values: c.conflict.values,
            })
            .collect())
    }

    /// Settles a conflict with the value at `pick` (0-based, as `conflicts` lists them).
    pub fn resolve_conflict(&self, entity_id: String, field: String, pick: u32) -> Result<()> {
        let target = id(&entity_id)?;
        self.with_store(|s| s.resolve_conflict(target, &field, pick as usize))?;
        self.notify(ChangeReason::LocalEdit, vec![entity_id]);
        Ok(())
    }

    // Meetings and follow-ups

    pub fn log_meeting(&self, meeting: NewMeeting) -> Result<Meeting> {
        let new = meeting.into_core()?;
        let m = self.with_store(|s| s.log_meeting(new))?;
        self.notify(ChangeReason::LocalEdit, m.participants.iter().map(ToString::to_string).collect());
        Ok(m.into())
    }

    pub fn meetings_with(&self, contact_id: String) -> Result<Vec<Meeting>> {
        let target = id(&contact_id)?;
        Ok(self.with_store(|s| s.meetings_with(target))?.into_iter().map(Meeting::from).collect())
    }

    pub fn add_follow_up(&self, follow_up: NewFollowUp) -> Result<FollowUp> {
        let new = follow_up.into_core()?;
        let f = self.with_store(|s| s.add_follow_up(new))?;
        self.notify(ChangeReason::LocalEdit, f.contact_id.iter().map(ToString::to_string).collect());
        Ok(f.into())
    }

    pub fn complete_follow_up(&self, follow_up_id: String) -> Result<FollowUp> {
        let target = id(&follow_up_id)?;
        let f = self.with_store(|s| s.complete_follow_up(target))?;
        self.notify(ChangeReason::LocalEdit, f.contact_id.iter().map(ToString::to_string).collect());
        Ok(f.into())
    }

    pub fn snooze_follow_up(&self, follow_up_id: String, until: String) -> Result<FollowUp> {
        let (target, until) = (id(&follow_up_id)?, day(&until)?);
        Ok(self.with_store(|s| s.snooze_follow_up(target, until))?.into())
    }

    /// Open follow-ups due within `days` from today, as local notifications show them: the
    /// shell schedules them (WorkManager, UNUserNotificationCenter) after every change.
    pub fn upcoming_reminders(&self, days: u32) -> Result<Vec<Reminder>> {
        self.with_store(|s| {
            let today = s.clock().today();
            let q = FollowUpQuery {
                status: Some(FollowUpStatus::Open),
                due_by: Some(today + Duration::days(i64::from(days))),
                ..FollowUpQuery::default()
            };
            let mut out = Vec::new();
            for f in s.follow_ups(&q)? {
                let who = match f.contact_id {
                    Some(c) => Some(s.contact(c)?.name.full),
                    None => None,
                };
                let due = f.snoozed_until.filter(|d| *d > f.due).unwrap_or(f.due);
                out.push(Reminder {
                    follow_up_id: f.id.to_string(),
                    title: who.map_or_else(|| "Follow up".to_string(), |w| format!("Follow up with {w}")),
                    body: f.what,
                    due: due.to_string(),
                    contact_id: f.contact_id.map(|c| c.to_string()),
                });
            }
            Ok(out)
        })
    }

    // The networking method

    pub fn today(&self) -> Result<Vec<TodayItem>> {
        Ok(self.with_store(|s| method::today(s))?.into_iter().map(TodayItem::from).collect())
    }

    pub fn balance(&self, contact_id: String) -> Result<Balance> {
        let target = id(&contact_id)?;
        let b = self.with_store(|s| method::balance(s, target))?;
        Ok(Balance {
            contact_id: b.contact.to_string(),
            gave: b.gave as u32,
            received: b.received as u32,
            reading: b.reading,
        })
    }

    pub fn add_need(&self, contact_id: String, what: String, review_on: Option<String>) -> Result<String> {
        let (target, review_on) = (id(&contact_id)?, review_on.as_deref().map(day).transpose()?);
        let need = self.with_store(|s| s.add_need(target, &what, review_on))?;
        self.notify(ChangeReason::LocalEdit, vec![contact_id]);
        Ok(need.to_string())
    }

    pub fn needs(&self, contact_id: Option<String>) -> Result<Vec<Need>> {
        let target = contact_id.as_deref().map(id).transpose()?;
        let views = self.with_store(|s| method::needs(s, target))?;
        Ok(views
            .into_iter()
            .map(|v| Need {
                id: v.need.id.to_string(),
                contact_id: v.need.contact.to_string(),
                what: v.need.what,
                status: v.need.status.to_string(),
                review_on: v.need.review_on.map(|d| d.to_string()),
            })
            .collect())
    }

    // Capture and interchange

    /// Saves a reviewed draft (and the follow-up promised) in one transaction.
    pub fn save_capture(&self, draft: Draft, options: CaptureOptions) -> Result<CaptureOutcome> {
        let (draft, options) = (kith_core::capture::Draft::from(draft), options.into_core()?);
        let saved = self.with_store(|s| s.save_capture(&draft, &options))?;
        let action = match saved.action {
            ImportAction::Add => CaptureAction::Added,
            ImportAction::Update { .. } => CaptureAction::Updated,
            _ => CaptureAction::AlreadyKnown,
        };
        self.notify(ChangeReason::Capture, vec![saved.contact.id.to_string()]);
        Ok(CaptureOutcome {
            contact: saved.contact.into(),
            action,
            evidence: saved.evidence.iter().map(ToString::to_string).collect(),
            warnings: saved.warnings,
            follow_up: saved.follow_up.map(FollowUp::from),
        })
    }

    /// Imports a vCard, MECARD or LinkedIn CSV file (`format` guessed when absent). With
    /// `dry_run`, reports what would happen and writes nothing.
    pub fn import_contacts(
        &self,
        bytes: Vec<u8>,
        format: Option<String>,
        dry_run: bool,
        region: Option<String>,
    ) -> Result<ImportReport> {
        let format = format.as_deref().map(str::parse::<Format>).transpose()?;
        let drafts = interchange::read(&bytes, format)?;
        let options = ImportOptions { region, ..ImportOptions::default() };
        let (summary, lines) = self.with_store(|s| {
            let plan = s.plan_import(drafts, &options)?;
            let lines = plan.items.iter().map(import_line).collect::<Vec<_>>();
            let summary = if dry_run { plan.summary() } else { s.apply_import(plan, &mut |_, _| {})? };
            Ok((summary, lines))
        })?;
        if !dry_run && summary.added + summary.updated > 0 {
            self.notify(ChangeReason::Import, summary.added_ids.iter().map(ToString::to_string).collect());
        }
        Ok(ImportReport {
            added: summary.added as u32,
            updated: summary.updated as u32,
            duplicates: summary.duplicates as u32,
            skipped: summary.skipped as u32,
            lines,
        })
    }

    /// Every live contact as vCard 4.0 (`version4`) or 3.0.
    pub fn export_vcard(&self, version4: bool) -> Result<String> {
        let version = if version4 { vcard::Version::V4 } else { vcard::Version::V3 };
        self.with_store(|s| {
            let contacts =
                s.contacts(&kith_core::ContactQuery { limit: usize::MAX, ..Default::default() })?;
            let mut out = String::new();
            for c in &contacts {
                let photo = if c.photo_type.is_some() { s.photo(c.id)? } else { None };
                vcard::write(&mut out, c, photo.as_ref(), version);
            }
            Ok(out)
        })
    }

    pub fn duplicates(&self) -> Result<Vec<DuplicatePair>> {
        let pairs = self.with_store(|s| s.duplicates())?;
        Ok(pairs
            .into_iter()
            .map(|p| DuplicatePair {
                a: p.a.into(),
                b: p.b.into(),
                evidence: p.evidence.iter().map(ToString::to_string).collect(),
            })
            .collect())
    }

    /// Merges `other` into `keep` (reversible with `unmerge(other)`).
    pub fn merge_contacts(&self, keep: String, other: String) -> Result<Contact> {
        let (keep_id, other_id) = (id(&keep)?, id(&other)?);
        let merged = self.with_store(|s| s.merge_contacts(keep_id, other_id))?;
        self.notify(ChangeReason::Merge, vec![keep, other]);
        Ok(merged.survivor.into())
    }

    pub fn unmerge(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        let c = self.with_store(|s| s.unmerge(target))?;
        self.notify(ChangeReason::Merge, vec![contact_id]);
        Ok(c.into())
    }
}

fn import_line(item: &kith_core::ImportItem) -> ImportLine {
    let (action, contact) = match &item.action {
        ImportAction::Add => ("new", None),
        ImportAction::Update { contact, .. } => ("update", Some(contact.to_string())),
        ImportAction::Duplicate { contact } => ("duplicate", Some(contact.to_string())),
        ImportAction::SameAsEarlier { .. } => ("duplicate", None),
        ImportAction::Skip { .. } => ("skip", None),
    };
    ImportLine {
        name: item.name.clone(),
        action: action.to_string(),
        contact_id: contact,
        evidence: item.evidence.iter().map(ToString::to_string).collect(),
        warnings: item.warnings.clone(),
    }
}
