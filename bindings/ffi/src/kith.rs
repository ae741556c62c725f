//! `Kith` across the FFI: one delegation per core `Kith` method, converting types on the way.
//! The core sits behind a mutex (every call is synchronous; call off the UI thread). Change
//! events come from the core's write path and reach listeners after the lock is released, so
//! a listener may call back into `Kith`, and one that throws changes nothing.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use kith_core::{self as core, ImportAction};

use crate::capture::{CaptureAction, CaptureOptions, CaptureOutcome, CardLine, Draft};
use crate::error::{KithError, ListenerError, Result, day, id};
use crate::exchange::{BulkAction, BulkReport, EventReview, EventSession, MyCard, Selection};
use crate::service::{SyncService, SyncServiceOptions};
use crate::sync::{Pairing, PairingStart, SyncSession, SyncStart};
use crate::types::{
    Balance, Cadence, Chain, Conflict, Contact, ContactChanges, ContactQuery, Device, Direction,
    DoctorReport, Drift, ExchangeKind, Flow, FollowUp, IntroStatus, Introduction, KindTemplate, Meeting,
    MeetingKind, MergeReport, NameGained, Need, NeedMatch, NeedStatus, NewContact, NewFollowUp, NewMeeting,
    OpenLoop, Peer, Photo, Referral, ReferralStatus, Reminder, RiskReport, Settings, SyncReport, Template,
    Tier, TodayItem, WeeklyReview, YieldReport,
};
use kith_core::{CardPayload, QrImage};

/// Why the data changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChangeReason {
    LocalEdit,
    Capture,
    Import,
    Merge,
    Sync,
}

/// What one call changed, from the write path: refresh the screens that show these.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChangeEvent {
    pub reason: ChangeReason,
    pub contact_ids: Vec<String>,
    pub meeting_ids: Vec<String>,
    pub follow_up_ids: Vec<String>,
    /// Introductions, needs, exchanges, referrals and organizations.
    pub other_ids: Vec<String>,
    /// Settings, templates or paired devices changed.
    pub settings_changed: bool,
}

impl From<core::ChangeEvent> for ChangeEvent {
    fn from(e: core::ChangeEvent) -> Self {
        let ids = |v: Vec<core::Id>| v.into_iter().map(|i| i.to_string()).collect();
        ChangeEvent {
            reason: match e.reason {
                core::ChangeReason::LocalEdit => ChangeReason::LocalEdit,
                core::ChangeReason::Capture => ChangeReason::Capture,
                core::ChangeReason::Import => ChangeReason::Import,
                core::ChangeReason::Merge => ChangeReason::Merge,
                core::ChangeReason::Sync => ChangeReason::Sync,
            },
            contact_ids: ids(e.contacts),
            meeting_ids: ids(e.meetings),
            follow_up_ids: ids(e.follow_ups),
            other_ids: ids(e.others),
            settings_changed: e.settings,
        }
    }
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
    /// `new`, `look_alike` (added, and listed by `duplicates`), `update`, `duplicate` or `skip`.
    pub action: String,
    pub contact_id: Option<String>,
    pub evidence: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ImportReport {
    pub dry_run: bool,
    pub added: u32,
    pub look_alikes: u32,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ExportFormat {
    VCard3,
    VCard4,
    Json,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ContactMerge {
    pub survivor: Contact,
    pub absorbed_id: String,
    pub references_moved: u32,
    pub values_added: u32,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct BundleReport {
    pub docs_changed: u32,
    pub entities_changed: u32,
}

#[derive(uniffi::Object)]
pub struct Kith {
    inner: Mutex<Option<core::Kith>>,
    listeners: Arc<Listeners>,
    next_listener: AtomicU64,
}

impl Kith {
    fn wrap(kith: core::Kith) -> Arc<Self> {
        Arc::new(Kith {
            inner: Mutex::new(Some(kith)),
            listeners: Arc::default(),
            next_listener: AtomicU64::new(1),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Option<core::Kith>> {
        // A panic in an earlier call poisons the mutex; the store is still consistent (every
        // write is one transaction), so the lock is recovered.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open core, then delivers its change events outside the lock.
    fn call<T>(&self, f: impl FnOnce(&mut core::Kith) -> core::Result<T>) -> Result<T> {
        let (outcome, events) = {
            let mut guard = self.lock();
            let kith = guard.as_mut().ok_or(KithError::Closed)?;
            let outcome = f(kith);
            (outcome, kith.take_changes())
        };
        self.notify(events);
        Ok(outcome?)
    }

    /// Runs `f` on this core and `other`'s, locked in a fixed order so two threads doing
    /// `a.f(b)` and `b.f(a)` cannot deadlock.
    fn call_pair<T>(
        &self,
        other: &Kith,
        f: impl FnOnce(&mut core::Kith, &mut core::Kith) -> core::Result<T>,
    ) -> Result<T> {
        if std::ptr::eq(self, other) {
            return Err(KithError::InvalidInput {
                field: "other".into(),
                reason: "a store cannot pair or sync with itself".into(),
            });
        }
        let (outcome, mine, theirs) = {
            let (mut a, mut b) = if (self as *const Kith) < (other as *const Kith) {
                let a = self.lock();
                (a, other.lock())
            } else {
                let b = other.lock();
                (self.lock(), b)
            };
            let (a, b) = (a.as_mut().ok_or(KithError::Closed)?, b.as_mut().ok_or(KithError::Closed)?);
            let outcome = f(a, b);
            (outcome, a.take_changes(), b.take_changes())
        };
        self.notify(mine);
        other.notify(theirs);
        Ok(outcome?)
    }

    fn notify(&self, events: Vec<core::ChangeEvent>) {
        if events.is_empty() {
            return;
        }
        let listeners: Vec<Arc<dyn ChangeListener>> = self
            .listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for event in events {
            let event = ChangeEvent::from(event);
            for listener in &listeners {
                // A failing listener is the shell's bug; the change itself is already saved.
                let _ = listener.on_change(event.clone());
            }
        }
    }
}

/// The sync service reaches the store as any call does: locked briefly, its change events
/// delivered to listeners afterwards.
impl kith_net::Shared for Kith {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut core::Kith) -> core::Result<T>,
    ) -> std::result::Result<T, kith_net::NetError> {
        let (outcome, events) = {
            let mut guard = self.lock();
            let Some(kith) = guard.as_mut() else {
                return Err(kith_net::NetError::Connection("the store is closed".into()));
            };
            let outcome = f(kith);
            (outcome, kith.take_changes())
        };
        self.notify(events);
        Ok(outcome?)
    }
}

fn ids(list: Vec<core::Id>) -> Vec<String> {
    list.into_iter().map(|i| i.to_string()).collect()
}

fn all<A, B: From<A>>(list: Vec<A>) -> Vec<B> {
    list.into_iter().map(B::from).collect()
}

fn import_line(item: core::ImportItem) -> ImportLine {
    let (action, contact) = match &item.action {
        ImportAction::Add => ("new", None),
        ImportAction::LookAlike { contact } => ("look_alike", Some(contact.to_string())),
        ImportAction::Update { contact, .. } => ("update", Some(contact.to_string())),
        ImportAction::Exact { contact } => ("duplicate", Some(contact.to_string())),
        ImportAction::SameAsEarlier { .. } => ("duplicate", None),
        ImportAction::Skip { .. } => ("skip", None),
    };
    ImportLine {
        name: item.name,
        action: action.to_string(),
        contact_id: contact,
        evidence: item.evidence.iter().map(ToString::to_string).collect(),
        warnings: item.warnings,
    }
}

fn opt_day(d: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    d.as_deref().map(day).transpose()
}

#[uniffi::export]
impl Kith {
    /// Opens (or creates) the database at `path`; the device key lives at `key_path` (default:
    /// `<path>.key`, app-private storage on a phone). `device_name` names this device to the
    /// devices it pairs with.
    #[uniffi::constructor(default(key_path = None, device_name = None))]
    pub fn open(path: String, key_path: Option<String>, device_name: Option<String>) -> Result<Arc<Self>> {
        let key = key_path.map_or_else(|| core::default_key_path(Path::new(&path)), Into::into);
        let options = core::KithOptions {
            key_store: Some(Box::new(core::sync::FileKeyStore::new(key))),
            device_name: device_name.unwrap_or_else(|| "Kith phone".into()),
            ..core::KithOptions::default()
        };
        let kith = core::Kith::open_with(&path, options)?;
        Ok(Arc::new(Kith {
            inner: Mutex::new(Some(kith)),
            listeners: Arc::default(),
            next_listener: AtomicU64::new(1),
        }))
    }

    /// Restores a passphrase-sealed backup into a store at `path` and opens it (replacing one
    /// there only with `overwrite`). It is a new device of the account: `lost_pairing` asks to
    /// pair it with the others.
    #[uniffi::constructor(default(key_path = None, device_name = None))]
    pub fn restore_backup(
        backup: String,
        passphrase: String,
        path: String,
        overwrite: bool,
        key_path: Option<String>,
        device_name: Option<String>,
    ) -> Result<Arc<Self>> {
        let key = key_path.map_or_else(|| core::default_key_path(Path::new(&path)), Into::into);
        let options = core::KithOptions {
            key_store: Some(Box::new(core::sync::FileKeyStore::new(key))),
            device_name: device_name.unwrap_or_else(|| "Kith phone".into()),
            ..core::KithOptions::default()
        };
        let kith = core::Kith::restore_backup(
            Path::new(&backup),
            &passphrase,
            Path::new(&path),
            overwrite,
            options,
        )?;
        Ok(Kith::wrap(kith))
    }

    /// Seals the whole store with a passphrase into the file at `out` (the shell then keeps it
    /// where the user chose, e.g. through a file picker). Returns its size in bytes.
    pub fn backup(&self, out: String, passphrase: String) -> Result<u64> {
        self.call(|k| k.backup(Path::new(&out), &passphrase))
    }

    /// Closes the database; every later call fails with `KithError::Closed`.
    pub fn close_store(&self) {
        self.lock().take();
    }

    pub fn subscribe(&self, listener: Arc<dyn ChangeListener>) -> Arc<Subscription> {
        let id = self.next_listener.fetch_add(1, Ordering::Relaxed);
        self.listeners.lock().unwrap_or_else(PoisonError::into_inner).push((id, listener));
        Arc::new(Subscription { listeners: Arc::downgrade(&self.listeners), id })
    }

    pub fn path(&self) -> Result<String> {
        self.call(|k| Ok(k.path().display().to_string()))
    }

    // Contacts

    pub fn default_region(&self) -> Result<Option<String>> {
        self.call(|k| k.default_region())
    }

    pub fn set_default_region(&self, region: String) -> Result<()> {
        self.call(|k| k.set_default_region(&region))
    }

    pub fn add_contact(&self, contact: NewContact) -> Result<Contact> {
        let new = contact.into_core()?;
        Ok(self.call(|k| k.add_contact(new))?.into())
    }

    pub fn add_contacts(&self, contacts: Vec<NewContact>) -> Result<Vec<String>> {
        let new = contacts.into_iter().map(NewContact::into_core).collect::<Result<Vec<_>>>()?;
        Ok(ids(self.call(|k| k.add_contacts(new))?))
    }

    pub fn update_contact(&self, contact_id: String, changes: ContactChanges) -> Result<Contact> {
        let (target, patch) = (id(&contact_id)?, changes.into_core()?);
        Ok(self.call(|k| k.update_contact(target, patch))?.into())
    }

    pub fn set_notes(&self, contact_id: String, notes: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.set_notes(target, &notes))?.into())
    }

    pub fn append_notes(&self, contact_id: String, text: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.append_notes(target, &text))?.into())
    }

    pub fn set_personal_notes(&self, contact_id: String, notes: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.set_personal_notes(target, &notes))?.into())
    }

    pub fn append_personal_notes(&self, contact_id: String, text: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.append_personal_notes(target, &text))?.into())
    }

    pub fn delete_contact(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.delete_contact(target))?.into())
    }

    pub fn restore_contact(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.restore_contact(target))?.into())
    }

    pub fn contact(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.contact(target))?.into())
    }

    /// The contact without personal notes and birthday, for a work context.
    pub fn work_view(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.work_view(target))?.into())
    }

    pub fn photo(&self, contact_id: String) -> Result<Option<Photo>> {
        let target = id(&contact_id)?;
        let photo = self.call(|k| k.photo(target))?;
        Ok(photo.map(|p| Photo { media_type: p.media_type, bytes: p.bytes }))
    }

    pub fn contacts(&self, query: ContactQuery) -> Result<Vec<Contact>> {
        let q = query.into_core();
        Ok(all(self.call(|k| k.contacts(&q))?))
    }

    /// One change to many contacts (ids, or every contact a query lists) in one write.
    pub fn bulk(&self, selection: Selection, action: BulkAction) -> Result<BulkReport> {
        let (selection, action) = (selection.into_core()?, core::BulkAction::from(action));
        Ok(self.call(|k| k.bulk(&selection, &action))?.into())
    }

    pub fn count_contacts(&self) -> Result<u64> {
        self.call(|k| k.count_contacts())
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let list = self.call(|k| k.conflicts())?;
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
        self.call(|k| k.resolve_conflict(target, &field, pick as usize))
    }

    // Meetings and follow-ups

    pub fn log_meeting(&self, meeting: NewMeeting) -> Result<Meeting> {
        let new = meeting.into_core()?;
        Ok(self.call(|k| k.log_meeting(new))?.into())
    }

    /// Logs a meeting whose purpose and agenda, where not given, come from its kind's template.
    pub fn log_meeting_from_template(&self, meeting: NewMeeting) -> Result<Meeting> {
        let new = meeting.into_core()?;
        Ok(self.call(|k| k.log_meeting_from_template(new))?.into())
    }

    /// Logs a meeting and the names it yielded (each a new contact introduced by its one
    /// participant); bad names store nothing.
    pub fn log_meeting_with_names(&self, meeting: NewMeeting, names: Vec<String>) -> Result<Meeting> {
        let new = meeting.into_core()?;
        Ok(self.call(|k| k.log_meeting_with_names(new, &names))?.0.into())
    }

    pub fn log_meetings(&self, meetings: Vec<NewMeeting>) -> Result<Vec<String>> {
        let new = meetings.into_iter().map(NewMeeting::into_core).collect::<Result<Vec<_>>>()?;
        Ok(ids(self.call(|k| k.log_meetings(new))?))
    }

    pub fn meeting(&self, meeting_id: String) -> Result<Meeting> {
        let target = id(&meeting_id)?;
        Ok(self.call(|k| k.meeting(target))?.into())
    }

    pub fn meetings_with(&self, contact_id: String) -> Result<Vec<Meeting>> {
        let target = id(&contact_id)?;
        Ok(all(self.call(|k| k.meetings_with(target))?))
    }

    pub fn template(&self, kind: MeetingKind) -> Result<Template> {
        self.call(|k| k.template(kind))
    }

    pub fn templates(&self) -> Result<Vec<KindTemplate>> {
        let list = self.call(|k| k.templates())?;
        Ok(list.into_iter().map(|(kind, template)| KindTemplate { kind, template }).collect())
    }

    pub fn set_template(&self, kind: MeetingKind, template: Template) -> Result<()> {
        self.call(|k| k.set_template(kind, &template))
    }

    pub fn add_follow_up(&self, follow_up: NewFollowUp) -> Result<FollowUp> {
        let new = follow_up.into_core()?;
        Ok(self.call(|k| k.add_follow_up(new))?.into())
    }

    pub fn add_follow_ups(&self, follow_ups: Vec<NewFollowUp>) -> Result<Vec<String>> {
        let new = follow_ups.into_iter().map(NewFollowUp::into_core).collect::<Result<Vec<_>>>()?;
        Ok(ids(self.call(|k| k.add_follow_ups(new))?))
    }

    pub fn complete_follow_up(&self, follow_up_id: String) -> Result<FollowUp> {
        let target = id(&follow_up_id)?;
        Ok(self.call(|k| k.complete_follow_up(target))?.into())
    }

    pub fn reopen_follow_up(&self, follow_up_id: String) -> Result<FollowUp> {
        let target = id(&follow_up_id)?;
        Ok(self.call(|k| k.reopen_follow_up(target))?.into())
    }

    pub fn snooze_follow_up(&self, follow_up_id: String, until: String) -> Result<FollowUp> {
        let (target, until) = (id(&follow_up_id)?, day(&until)?);
        Ok(self.call(|k| k.snooze_follow_up(target, until))?.into())
    }

    pub fn follow_up(&self, follow_up_id: String) -> Result<FollowUp> {
        let target = id(&follow_up_id)?;
        Ok(self.call(|k| k.follow_up(target))?.into())
    }

    /// Every follow-up, or those of one contact.
    pub fn follow_ups(&self, contact_id: Option<String>) -> Result<Vec<FollowUp>> {
        let q =
            core::FollowUpQuery { contact: contact_id.as_deref().map(id).transpose()?, ..Default::default() };
        Ok(all(self.call(|k| k.follow_ups(&q))?))
    }

    pub fn due_follow_ups(&self) -> Result<Vec<FollowUp>> {
        Ok(all(self.call(|k| k.due_follow_ups())?))
    }

    /// Open follow-ups to remind of within `days`: the shell schedules them after every change.
    pub fn upcoming_reminders(&self, days: u32) -> Result<Vec<Reminder>> {
        Ok(all(self.call(|k| k.upcoming_reminders(days))?))
    }

    // Capture and interchange

    /// Reads OCR lines into a draft; numbers without a country code take `region`, else the
    /// account's default region.
    pub fn read_card(&self, lines: Vec<CardLine>, region: Option<String>) -> Result<Draft> {
        let lines: Vec<core::capture::CardLine> = lines.into_iter().map(Into::into).collect();
        Ok(self.call(|k| k.read_card(&lines, region.as_deref()))?.into())
    }

    /// Reads a QR payload: vCard, MECARD, BIZCARD or a LinkedIn profile link.
    pub fn read_qr(&self, payload: String) -> Result<Draft> {
        Ok(self.call(|k| k.read_qr(&payload))?.into())
    }

    /// Saves a reviewed draft (and the follow-up promised) in one transaction; met today
    /// unless `met_on` says otherwise.
    pub fn save_capture(&self, draft: Draft, options: CaptureOptions) -> Result<CaptureOutcome> {
        let (draft, options) = (core::capture::Draft::from(draft), options.into_core()?);
        let saved = self.call(|k| k.save_capture(&draft, &options))?;
        let action = match saved.action {
            ImportAction::Add => CaptureAction::Added,
            ImportAction::LookAlike { .. } => CaptureAction::AddedLookAlike,
            ImportAction::Update { .. } => CaptureAction::Updated,
            _ => CaptureAction::AlreadyKnown,
        };
        Ok(CaptureOutcome {
            contact: saved.contact.into(),
            action,
            evidence: saved.evidence.iter().map(ToString::to_string).collect(),
            warnings: saved.warnings,
            follow_up: saved.follow_up.map(FollowUp::from),
        })
    }

    /// Imports a vCard, MECARD/BIZCARD or LinkedIn CSV file (`format`: `vcard`, `mecard`,
    /// `linkedin-csv`; guessed when absent). With `dry_run`, reports and writes nothing.
    pub fn import_contacts(
        &self,
        bytes: Vec<u8>,
        format: Option<String>,
        dry_run: bool,
        region: Option<String>,
        met_at: Option<String>,
    ) -> Result<ImportReport> {
        let format = format.as_deref().map(str::parse::<core::interchange::Format>).transpose()?;
        let options = core::ImportOptions { region, met_at, met_on: None };
        let report = self.call(|k| k.import_contacts(&bytes, format, &options, dry_run, &mut |_, _| {}))?;
        let s = report.summary;
        Ok(ImportReport {
            dry_run: report.dry_run,
            added: s.added as u32,
            look_alikes: s.look_alikes as u32,
            updated: s.updated as u32,
            duplicates: s.duplicates as u32,
            skipped: s.skipped as u32,
            lines: report.items.into_iter().map(import_line).collect(),
        })
    }

    /// Every live contact as vCard 3.0, 4.0 or JSON.
    pub fn export_contacts(&self, format: ExportFormat) -> Result<String> {
        let format = match format {
            ExportFormat::VCard3 => core::ExportFormat::VCard3,
            ExportFormat::VCard4 => core::ExportFormat::VCard4,
            ExportFormat::Json => core::ExportFormat::Json,
        };
        self.call(|k| k.export_contacts(format))
    }

    /// The sync service over the network (LAN, hole-punched, or the account's relay). One per
    /// store; `shutdown` it before closing the store.
    pub fn sync_service(self: Arc<Self>, options: SyncServiceOptions) -> Result<Arc<SyncService>> {
        SyncService::open(self, options)
    }

    /// This device's network endpoint id (what a relay admits), known before any service runs.
    pub fn endpoint_id(&self) -> Result<String> {
        Ok(kith_net::Node::<Kith>::endpoint_of(self)?)
    }

    /// The relay for sync across networks (replicated to every paired device), if one is set.
    pub fn relay_url(&self) -> Result<Option<String>> {
        self.call(|k| k.relay_url())
    }

    /// Sets the relay (`http://` or `https://`, e.g. one the user runs with `kith relay`);
    /// `None` clears it.
    pub fn set_relay_url(&self, url: Option<String>) -> Result<()> {
        self.call(|k| k.set_relay_url(url.as_deref()))
    }

    // My card and event sessions

    /// Sets (replaces) a profile of my card: `professional`, `personal` or a name of my own.
    pub fn set_card(&self, profile: String, card: MyCard) -> Result<MyCard> {
        self.call(|k| k.set_card(&profile, card))
    }

    pub fn card(&self, profile: String) -> Result<MyCard> {
        self.call(|k| k.card(&profile))
    }

    pub fn card_profiles(&self) -> Result<Vec<String>> {
        self.call(|k| k.card_profiles())
    }

    pub fn delete_card(&self, profile: String) -> Result<()> {
        self.call(|k| k.delete_card(&profile))
    }

    /// The profile's QR code to show and its `.vcf` to share.
    pub fn card_payload(&self, profile: String) -> Result<CardPayload> {
        self.call(|k| k.card_payload(&profile))
    }

    /// The QR code of `text` (a pairing invite from the sync service) for the screen to draw.
    pub fn qr_code(&self, text: String) -> Result<QrImage> {
        Ok(core::Kith::qr_code(&text)?)
    }

    /// Starts an event session (today unless `date`, `YYYY-MM-DD`, says otherwise).
    pub fn start_event(
        &self,
        name: String,
        place: Option<String>,
        date: Option<String>,
    ) -> Result<EventSession> {
        let date = date.as_deref().map(day).transpose()?;
        Ok(self.call(|k| k.start_event(&name, place.as_deref(), date))?.into())
    }

    pub fn stop_event(&self) -> Result<Option<EventSession>> {
        Ok(self.call(|k| k.stop_event())?.map(Into::into))
    }

    pub fn current_event(&self) -> Result<Option<EventSession>> {
        Ok(self.call(|k| k.current_event())?.map(Into::into))
    }

    /// Everyone met at `event` (the running one when `None`), with what each card lacked.
    pub fn event_review(&self, event: Option<String>) -> Result<EventReview> {
        Ok(self.call(|k| k.event_review(event.as_deref()))?.into())
    }

    // Duplicates and merges

    pub fn duplicates(&self) -> Result<Vec<DuplicatePair>> {
        let pairs = self.call(|k| k.duplicates())?;
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
    pub fn merge_contacts(&self, keep: String, other: String) -> Result<ContactMerge> {
        let (keep, other) = (id(&keep)?, id(&other)?);
        let m = self.call(|k| k.merge_contacts(keep, other))?;
        Ok(ContactMerge {
            survivor: m.survivor.into(),
            absorbed_id: m.absorbed.to_string(),
            references_moved: m.references_moved as u32,
            values_added: m.values_added as u32,
        })
    }

    pub fn unmerge(&self, contact_id: String) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.unmerge(target))?.into())
    }

    /// Merges every document of another Kith database file (opened read-only).
    pub fn merge_file(&self, other_path: String) -> Result<MergeReport> {
        let r = self.call(|k| k.merge_file(Path::new(&other_path)))?;
        Ok(MergeReport {
            docs_changed: r.docs_changed as u32,
            entities_changed: r.entities_changed as u32,
            conflicts: r.conflicts as u32,
        })
    }

    // The networking method

    pub fn today(&self) -> Result<Vec<TodayItem>> {
        Ok(all(self.call(|k| k.today())?))
    }

    pub fn weekly_review(&self) -> Result<WeeklyReview> {
        Ok(self.call(|k| k.weekly_review())?.into())
    }

    /// Names gained at a meeting; each becomes a contact introduced by `introducer_id` (or the
    /// meeting's only participant).
    pub fn add_names_gained(
        &self,
        meeting_id: String,
        names: Vec<String>,
        introducer_id: Option<String>,
    ) -> Result<Vec<Introduction>> {
        let (meeting, by) = (id(&meeting_id)?, introducer_id.as_deref().map(id).transpose()?);
        Ok(all(self.call(|k| k.add_names_gained(meeting, &names, by))?))
    }

    pub fn add_introduction(
        &self,
        introducer_id: String,
        contact_id: String,
        meeting_id: Option<String>,
    ) -> Result<Introduction> {
        let (by, who) = (id(&introducer_id)?, id(&contact_id)?);
        let meeting = meeting_id.as_deref().map(id).transpose()?;
        Ok(self.call(|k| k.add_introduction(by, who, meeting))?.into())
    }

    pub fn set_introduction_status(
        &self,
        introduction_id: String,
        status: IntroStatus,
    ) -> Result<Introduction> {
        let target = id(&introduction_id)?;
        Ok(self.call(|k| k.set_introduction_status(target, status))?.into())
    }

    pub fn introductions_from(&self, meeting_id: String) -> Result<Vec<Introduction>> {
        let target = id(&meeting_id)?;
        Ok(all(self.call(|k| k.introductions_from(target))?))
    }

    pub fn yield_report(&self) -> Result<YieldReport> {
        Ok(self.call(|k| k.yield_report())?.into())
    }

    pub fn names_not_contacted(&self) -> Result<Vec<NameGained>> {
        Ok(all(self.call(|k| k.names_not_contacted())?))
    }

    pub fn chains(&self, limit: u32) -> Result<Vec<Chain>> {
        Ok(all(self.call(|k| k.chains(limit as usize))?))
    }

    pub fn add_need(&self, contact_id: String, what: String, review_on: Option<String>) -> Result<String> {
        let (target, review_on) = (id(&contact_id)?, opt_day(review_on)?);
        Ok(self.call(|k| k.add_need(target, &what, review_on))?.to_string())
    }

    pub fn needs(&self, contact_id: Option<String>) -> Result<Vec<Need>> {
        let target = contact_id.as_deref().map(id).transpose()?;
        Ok(all(self.call(|k| k.needs(target))?))
    }

    pub fn needs_to_review(&self) -> Result<Vec<Need>> {
        Ok(all(self.call(|k| k.needs_to_review())?))
    }

    pub fn set_need_status(&self, need_id: String, status: NeedStatus) -> Result<()> {
        let target = id(&need_id)?;
        self.call(|k| k.set_need_status(target, status))
    }

    pub fn review_need(&self, need_id: String, next_review_on: Option<String>) -> Result<()> {
        let (target, next) = (id(&need_id)?, opt_day(next_review_on)?);
        self.call(|k| k.review_need(target, next))
    }

    /// Whom could this help? Open needs whose words match the text.
    pub fn match_needs(&self, text: String) -> Result<Vec<NeedMatch>> {
        let matches = self.call(|k| k.match_needs(&text))?;
        Ok(matches.into_iter().map(|m| NeedMatch { need: m.need.into(), score: m.score }).collect())
    }

    pub fn record_exchange(
        &self,
        contact_id: String,
        flow: Flow,
        kind: ExchangeKind,
        note: Option<String>,
    ) -> Result<String> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.record_exchange(target, flow, kind, note.as_deref()))?.to_string())
    }

    pub fn balance(&self, contact_id: String) -> Result<Balance> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.balance(target))?.into())
    }

    pub fn balances(&self) -> Result<Vec<Balance>> {
        Ok(all(self.call(|k| k.balances())?))
    }

    pub fn open_loops(&self) -> Result<Vec<OpenLoop>> {
        Ok(all(self.call(|k| k.open_loops())?))
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self.call(|k| k.settings())?.into())
    }

    pub fn set_overdue_days(&self, direction: Direction, days: u32) -> Result<()> {
        self.call(|k| k.set_overdue_days(direction, days))
    }

    pub fn set_tier_days(&self, tier: Tier, days: u32) -> Result<()> {
        self.call(|k| k.set_tier_days(tier, days))
    }

    pub fn set_cadence(&self, contact_id: String, cadence: Cadence) -> Result<Contact> {
        let target = id(&contact_id)?;
        Ok(self.call(|k| k.set_cadence(target, cadence.into()))?.into())
    }

    pub fn drifting(&self) -> Result<Vec<Drift>> {
        Ok(all(self.call(|k| k.drifting())?))
    }

    pub fn add_referral(
        &self,
        candidate_id: String,
        to_contact_id: Option<String>,
        company: Option<String>,
        note: Option<String>,
    ) -> Result<String> {
        let (candidate, to) = (id(&candidate_id)?, to_contact_id.as_deref().map(id).transpose()?);
        Ok(self.call(|k| k.add_referral(candidate, to, company.as_deref(), note.as_deref()))?.to_string())
    }

    pub fn update_referral(
        &self,
        referral_id: String,
        status: ReferralStatus,
        note: Option<String>,
    ) -> Result<()> {
        let target = id(&referral_id)?;
        self.call(|k| k.update_referral(target, status, note.as_deref()))
    }

    pub fn referrals(&self) -> Result<Vec<Referral>> {
        Ok(all(self.call(|k| k.referrals())?))
    }

    pub fn network_risk(&self, limit: u32) -> Result<RiskReport> {
        Ok(self.call(|k| k.network_risk(limit as usize))?.into())
    }

    // Devices, pairing and sync

    pub fn device_id(&self) -> Result<String> {
        self.call(|k| k.device_id())
    }

    pub fn device_name(&self) -> Result<String> {
        self.call(|k| Ok(k.device_name().to_string()))
    }

    pub fn devices(&self) -> Result<Vec<Device>> {
        Ok(all(self.call(|k| k.devices())?))
    }

    pub fn revoke_device(&self, device_id: String) -> Result<()> {
        self.call(|k| k.revoke_device(&device_id))
    }

    /// True when this store was paired but not with this device's key (the key was lost and a
    /// new one made): tell the user to pair the other devices again.
    pub fn lost_pairing(&self) -> Result<bool> {
        self.call(|k| k.lost_pairing())
    }

    /// The one paired, unrevoked device other than this one.
    pub fn only_peer(&self) -> Result<String> {
        self.call(|k| k.only_peer())
    }

    /// Shows a pairing code (text and QR payload); carry the other device's frames to
    /// `pairing_receive`.
    pub fn start_pairing(&self) -> Result<Arc<Pairing>> {
        let pairing = self.call(|k| k.start_pairing())?;
        Ok(Arc::new(Pairing { inner: Mutex::new(pairing) }))
    }

    /// Joins the device showing `code` (typed or scanned); send `first_frame` to it.
    pub fn join_pairing(&self, code: String) -> Result<PairingStart> {
        let (pairing, first_frame) = self.call(|k| k.join_pairing(&code))?;
        Ok(PairingStart { pairing: Arc::new(Pairing { inner: Mutex::new(pairing) }), first_frame })
    }

    /// The other device's frame in; the frame to send back out, or none when this side is done.
    pub fn pairing_receive(&self, pairing: Arc<Pairing>, frame: Vec<u8>) -> Result<Option<Vec<u8>>> {
        let mut pairing = pairing.lock();
        self.call(|k| k.pairing_receive(&mut pairing, &frame))
    }

    /// Pairs with another store open in this process (frames passed in memory).
    pub fn pair_with(&self, other: Arc<Kith>) -> Result<Peer> {
        let peer = self.call_pair(&other, |a, b| a.pair_with(b))?;
        Ok(Peer { device_id: peer.device_id, name: peer.name })
    }

    /// Starts a sealed sync with a paired device; send `first_frame` to it.
    pub fn start_sync(&self, peer: String) -> Result<SyncStart> {
        let (session, first_frame) = self.call(|k| k.start_sync(&peer))?;
        Ok(SyncStart { session: Arc::new(SyncSession { inner: Mutex::new(session) }), first_frame })
    }

    /// Waits for a paired device to start a sync; carry its frames to `sync_receive`.
    pub fn accept_sync(&self) -> Result<Arc<SyncSession>> {
        let session = self.call(|k| k.accept_sync())?;
        Ok(Arc::new(SyncSession { inner: Mutex::new(session) }))
    }

    /// The peer's sealed frame in; the sealed frame to send back, or none when this side is
    /// done. Unknown and revoked devices are refused at the first frame.
    pub fn sync_receive(&self, session: Arc<SyncSession>, frame: Vec<u8>) -> Result<Option<Vec<u8>>> {
        let mut session = session.lock();
        self.call(|k| k.sync_receive(&mut session, &frame))
    }

    /// Syncs with another store open in this process through a sealed session.
    pub fn sync_with(&self, other: Arc<Kith>) -> Result<SyncReport> {
        Ok(self.call_pair(&other, |a, b| a.sync_with(b))?.into())
    }

    /// Seals, for `peer`, every change it has not acknowledged: a file to hand over.
    pub fn export_bundle(&self, peer: String) -> Result<Vec<u8>> {
        self.call(|k| k.export_bundle(&peer))
    }

    pub fn import_bundle(&self, bundle: Vec<u8>) -> Result<BundleReport> {
        let r = self.call(|k| k.import_bundle(&bundle))?;
        Ok(BundleReport { docs_changed: r.docs_changed as u32, entities_changed: r.entities_changed as u32 })
    }

    // Maintenance

    pub fn doctor(&self, repair: bool) -> Result<DoctorReport> {
        let r = self.call(|k| k.doctor(repair))?;
        Ok(DoctorReport {
            docs_checked: r.docs_checked as u32,
            healthy: r.is_healthy(),
            problems: r.problems,
            unchecked: r.unchecked,
            repaired: r.repaired,
        })
    }

    /// Idle maintenance: compacts at most `max_docs` documents whose history grew (writes leave
    /// it to now). The sync service runs it between rounds; call it as the app goes to the
    /// background too. Returns how many it compacted.
    pub fn maintain(&self, max_docs: u32) -> Result<u32> {
        self.call(|k| k.maintain(max_docs))
    }

    pub fn compact(&self) -> Result<u32> {
        Ok(self.call(|k| k.compact())? as u32)
    }

    pub fn set_busy_timeout(&self, millis: u32) -> Result<()> {
        self.call(|k| k.set_busy_timeout(std::time::Duration::from_millis(millis.into())))
    }

    /// How many bucket documents stay loaded (default 8): a memory budget.
    pub fn set_loaded_docs_capacity(&self, capacity: u32) -> Result<()> {
        self.call(|k| {
            k.set_loaded_docs_capacity(capacity as usize);
            Ok(())
        })
    }
}
