//! Imports as a previewed, idempotent merge: a use-case over the store, not storage. `plan`
//! reads nothing but the read model and decides, per record: add it, update the contact it
//! exactly is (adding only what that contact lacks), add it as a look-alike of one, leave it as
//! a duplicate, or skip it with a reason. `apply` writes the plan. Running the same import twice
//! adds nothing: the second plan finds every record present.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::capture::Draft;
use crate::capture::dedup::{Evidence, Probe, fold, fuzzy};
use crate::error::Result;
use crate::id::Id;
use crate::model::validate::{self, address_key, email_key, phone_key};
use crate::model::{Contact, ContactPatch, NewContact, limits};
use crate::store::Store;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Default region for numbers written without a country code.
    pub region: Option<String>,
    /// Where these people were met (tags the event on every new contact).
    pub met_at: Option<String>,
    pub met_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportAction {
    Add,
    /// The record is a stored contact; these fields would be added to it.
    Update {
        contact: Id,
        adds: Vec<&'static str>,
    },
    /// The record is a stored contact (same e-mail or number, or the same name with nothing
    /// the stored one lacks) and brings nothing new.
    Exact {
        contact: Id,
    },
    /// The record only looks like a stored contact (name + organization): it is added as a new
    /// contact and listed as a suspected duplicate; merging is the user's explicit choice.
    LookAlike {
        contact: Id,
    },
    /// The record repeats an earlier one of the same file; what it adds joins that one.
    SameAsEarlier {
        record: usize,
    },
    Skip {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportItem {
    pub name: String,
    pub action: ImportAction,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub items: Vec<ImportItem>,
    adds: Vec<(usize, NewContact)>,
    updates: Vec<(Id, ContactPatch)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// New contacts, look-alikes included.
    pub added: usize,
    /// New contacts that look like a stored one (listed by `duplicates`).
    pub look_alikes: usize,
    pub updated: usize,
    pub duplicates: usize,
    pub skipped: usize,
    pub added_ids: Vec<Id>,
}

impl ImportPlan {
    /// Takes the planned patch for `contact` out of the plan (a capture applies it itself).
    pub(crate) fn take_update(&mut self, contact: Id) -> Option<ContactPatch> {
        let at = self.updates.iter().position(|(id, _)| *id == contact)?;
        Some(self.updates.remove(at).1)
    }

    pub fn summary(&self) -> ImportSummary {
        let count = |f: fn(&ImportAction) -> bool| self.items.iter().filter(|i| f(&i.action)).count();
        ImportSummary {
            added: count(|a| matches!(a, ImportAction::Add | ImportAction::LookAlike { .. })),
            look_alikes: count(|a| matches!(a, ImportAction::LookAlike { .. })),
            updated: count(|a| matches!(a, ImportAction::Update { .. })),
            duplicates: count(|a| {
                matches!(a, ImportAction::Exact { .. } | ImportAction::SameAsEarlier { .. })
            }),
            skipped: count(|a| matches!(a, ImportAction::Skip { .. })),
            added_ids: Vec::new(),
        }
    }
}

/// Drops values that fail validation (with a warning each) so one bad e-mail does not cost
/// the whole contact.
fn sanitize(new: &mut NewContact, warnings: &mut Vec<String>) {
    // A huge note (31 MB in one export) is cut to the limit rather than costing the contact.
    if let Some(notes) = &mut new.notes
        && notes.chars().count() > limits::NOTES
    {
        *notes = notes.chars().take(limits::NOTES).collect();
        warnings.push(format!("notes cut to {} characters", limits::NOTES));
    }
    new.emails.retain(|e| {
        let ok = validate::email(e).is_ok();
        if !ok {
            warnings.push(format!("e-mail {e:?} left out: malformed"));
        }
        ok
    });
    new.websites.retain(|w| {
        let ok = validate::url(w).is_ok();
        if !ok {
            warnings.push(format!("website {w:?} left out: malformed"));
        }
        ok
    });
    new.phones.retain(|p| p.chars().any(|c| c.is_ascii_digit()));
    new.addresses.retain(|a| validate::address(a).is_ok());
    if new.birthday.as_deref().is_some_and(|b| validate::birthday(b).is_err()) {
        warnings.push(format!("birthday {:?} left out: not a date", new.birthday.as_deref().unwrap_or("")));
        new.birthday = None;
    }
    if let Some(photo) = &new.photo
        && let Err(e) = validate::photo(photo)
    {
        warnings.push(format!("photo left out: {e}"));
        new.photo = None;
    }
    new.tags.retain(|t| validate::tag(t).is_ok());
}

fn probe(new: &NewContact, region: Option<&str>) -> Probe {
    Probe {
        name: new.name.clone(),
        family: new.family.clone(),
        organization: new.organization.clone(),
        emails: new
            .emails
            .iter()
            .filter_map(|e| validate::email(e).ok())
            .map(|e| email_key(&e.value))
            .collect(),
        phones: new
            .phones
            .iter()
            .filter_map(|p| validate::phone_or_unverified(p, region).ok()?.e164)
            .collect(),
    }
}

/// Adds `from`'s list values to `into` (a record repeated in one file).
fn absorb(into: &mut NewContact, from: NewContact) {
    for (mine, theirs) in [
        (&mut into.emails, from.emails),
        (&mut into.phones, from.phones),
        (&mut into.websites, from.websites),
        (&mut into.tags, from.tags),
    ] {
        for v in theirs {
            if !mine.contains(&v) {
                mine.push(v);
            }
        }
    }
    for a in from.addresses {
        if !into.addresses.iter().any(|x| address_key(&x.label) == address_key(&a.label)) {
            into.addresses.push(a);
        }
    }
    into.title = into.title.take().or(from.title);
    into.organization = into.organization.take().or(from.organization);
    into.birthday = into.birthday.take().or(from.birthday);
    into.photo = into.photo.take().or(from.photo);
}

/// What `new` would add to the stored `c`: only what `c` lacks; nothing is overwritten.
fn additions(c: &Contact, new: &NewContact, region: Option<&str>) -> (ContactPatch, Vec<&'static str>) {
    let mut patch = ContactPatch {
        keep_unverified_phones: true,
        region: region.map(str::to_string),
        ..ContactPatch::default()
    };
    let mut adds = Vec::new();
    let new_emails: Vec<String> = new
        .emails
        .iter()
        .filter(|e| {
            validate::email(e)
                .is_ok_and(|v| !c.emails.iter().any(|x| email_key(&x.value) == email_key(&v.value)))
        })
        .cloned()
        .collect();
    if !new_emails.is_empty() {
        adds.push("emails");
        patch.emails = Some(
            c.emails
                .iter()
                .map(|e| validate::with_kind(e.kind.as_deref(), &e.value))
                .chain(new_emails)
                .collect(),
        );
    }
    let new_phones: Vec<String> = new
        .phones
        .iter()
        .filter(|p| {
            validate::phone_or_unverified(p, region)
                .is_ok_and(|v| !c.phones.iter().any(|x| phone_key(x) == phone_key(&v)))
        })
        .cloned()
        .collect();
    if !new_phones.is_empty() {
        adds.push("phones");
        let stored = c
            .phones
            .iter()
            .map(|p| validate::with_kind(p.kind.as_deref(), p.e164.as_deref().unwrap_or(&p.raw)));
        patch.phones = Some(stored.chain(new_phones).collect());
    }
    let new_sites: Vec<String> = new
        .websites
        .iter()
        .filter(|w| validate::url(w).is_ok_and(|u| !c.websites.contains(&u)))
        .cloned()
        .collect();
    if !new_sites.is_empty() {
        adds.push("websites");
        patch.websites = Some(c.websites.iter().cloned().chain(new_sites).collect());
    }
    let new_addresses: Vec<_> = new
        .addresses
        .iter()
        .filter(|a| !c.addresses.iter().any(|x| address_key(&x.label) == address_key(&a.label)))
        .cloned()
        .collect();
    if !new_addresses.is_empty() {
        adds.push("addresses");
        patch.addresses = Some(c.addresses.iter().cloned().chain(new_addresses).collect());
    }
    let new_tags: Vec<String> =
        new.tags.iter().filter(|t| validate::tag(t).is_ok_and(|t| !c.tags.contains(&t))).cloned().collect();
    if !new_tags.is_empty() {
        adds.push("tags");
        patch.add_tags = new_tags;
    }
    if c.title.is_none() && new.title.is_some() {
        adds.push("title");
        patch.title = Some(new.title.clone());
    }
    if c.organization.is_none() && new.organization.is_some() {
        adds.push("organization");
        patch.organization = Some(new.organization.clone());
    }
    if c.birthday.is_none() && new.birthday.is_some() {
        adds.push("birthday");
        patch.birthday = Some(new.birthday.clone());
    }
    if c.photo_type.is_none() && new.photo.is_some() {
        adds.push("photo");
        patch.photo = Some(new.photo.clone());
    }
    if c.name.phonetic.is_none() && new.phonetic.is_some() {
        adds.push("phonetic name");
        patch.phonetic = Some(new.phonetic.clone());
    }
    let new_other: Vec<_> = new
        .other_fields
        .iter()
        .filter(|f| validate::other_field(f).is_ok_and(|f| !c.other_fields.contains(&f)))
        .cloned()
        .collect();
    if !new_other.is_empty() {
        adds.push("other fields");
        patch.other_fields = Some(c.other_fields.iter().cloned().chain(new_other).collect());
    }
    (patch, adds)
}

/// The records planned so far, indexed like the store: by e-mail, by number, by family name.
#[derive(Default)]
struct Seen {
    emails: HashMap<String, usize>,
    phones: HashMap<String, usize>,
    blocks: HashMap<String, Vec<(usize, Probe)>>,
}

impl Seen {
    fn find(&self, p: &Probe) -> Option<(usize, Vec<Evidence>)> {
        let email =
            p.emails.iter().find_map(|e| Some((*self.emails.get(e)?, vec![Evidence::SameEmail(e.clone())])));
        let phone = || {
            p.phones.iter().find_map(|n| Some((*self.phones.get(n)?, vec![Evidence::SamePhone(n.clone())])))
        };
        // Only the same e-mail or number joins two records of one file. Without either, only the
        // same name twice with nothing to tell them apart is one person (one export per vCard
        // version); look-alikes stay apart ("John" and "Jon Smith" at Globex are two people).
        let same_name = || {
            if !p.emails.is_empty() || !p.phones.is_empty() {
                return None;
            }
            let block = self.blocks.get(&p.block())?;
            block.iter().find_map(|(i, other)| {
                let bare = other.emails.is_empty() && other.phones.is_empty();
                (bare && fold(&other.name) == fold(&p.name) && other.organization == p.organization)
                    .then(|| (*i, fuzzy(p, other).unwrap_or_default()))
            })
        };
        email.or_else(phone).or_else(same_name)
    }

    fn insert(&mut self, index: usize, p: &Probe) {
        for e in &p.emails {
            self.emails.entry(e.clone()).or_insert(index);
        }
        for n in &p.phones {
            self.phones.entry(n.clone()).or_insert(index);
        }
        self.blocks.entry(p.block()).or_default().push((index, p.clone()));
    }
}

/// A look-alike that is this very record: the same name with nothing the record would add
/// (a name-only card imported twice). Only that counts as already known.
fn same_record(store: &Store, probe: &Probe, new: &NewContact, region: Option<&str>) -> Result<Option<Id>> {
    for (id, _) in store.look_alikes(probe, 20)? {
        let stored = store.contact(id)?;
        if fold(&stored.name.full) == fold(&new.name) && additions(&stored, new, region).1.is_empty() {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Decides what importing `drafts` would do, without writing anything.
pub(crate) fn plan(store: &Store, drafts: Vec<Draft>, options: &ImportOptions) -> Result<ImportPlan> {
    let region = match &options.region {
        Some(r) => Some(validate::region(r)?.as_ref().to_string()),
        None => store.default_region()?,
    };
    let mut plan = ImportPlan::default();
    let mut seen = Seen::default();
    for draft in drafts {
        let mut warnings = draft.warnings.clone();
        let name = draft.name.as_ref().map(|n| n.value.full.clone()).unwrap_or_default();
        let mut new = match draft.to_new_contact(region.as_deref(), options.met_at.clone(), options.met_on) {
            Ok(new) => new,
            Err(e) => {
                plan.items.push(ImportItem {
                    name,
                    action: ImportAction::Skip { reason: format!("{e}: no name, organization or e-mail") },
                    evidence: Vec::new(),
                    warnings,
                });
                continue;
            }
        };
        sanitize(&mut new, &mut warnings);
        if let Err(e) = store.validate_new(new.clone()) {
            plan.items.push(ImportItem {
                name: new.name,
                action: ImportAction::Skip { reason: e.to_string() },
                evidence: Vec::new(),
                warnings,
            });
            continue;
        }
        // The record's own country (its other numbers, its address) before the account's.
        let region = new.region.clone();
        let p = probe(&new, region.as_deref());
        let index = plan.items.len();
        // The same person twice in one file (one export per vCard version, say).
        if let Some((record, evidence)) = seen.find(&p) {
            if let Some((_, target)) = plan.adds.iter_mut().find(|(i, _)| *i == record) {
                absorb(target, new.clone());
            }
            plan.items.push(ImportItem {
                name: new.name,
                action: ImportAction::SameAsEarlier { record },
                evidence,
                warnings,
            });
            continue;
        }
        seen.insert(index, &p);
        let (action, evidence) = match store.find_duplicate(&p)? {
            Some((id, evidence)) if evidence.iter().any(Evidence::is_exact) => {
                let (patch, adds) = additions(&store.contact(id)?, &new, region.as_deref());
                if adds.is_empty() {
                    (ImportAction::Exact { contact: id }, evidence)
                } else {
                    plan.updates.push((id, patch));
                    (ImportAction::Update { contact: id, adds }, evidence)
                }
            }
            // A look-alike is a different record until the user says otherwise, unless it is
            // the same name and brings nothing (re-importing a name-only card adds nothing).
            Some((id, evidence)) => match same_record(store, &p, &new, region.as_deref())? {
                Some(same) => (ImportAction::Exact { contact: same }, evidence),
                None => {
                    plan.adds.push((index, new.clone()));
                    (ImportAction::LookAlike { contact: id }, evidence)
                }
            },
            None => {
                plan.adds.push((index, new.clone()));
                (ImportAction::Add, Vec::new())
            }
        };
        plan.items.push(ImportItem { name: new.name, action, evidence, warnings });
    }
    Ok(plan)
}

/// Writes a plan: every record was validated when planned; new contacts are written in
/// transactions of `BULK_BATCH`, updates one transaction each. `progress(done, total)` is
/// called as records are written.
pub(crate) fn apply(
    store: &mut Store,
    plan: ImportPlan,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary> {
    let mut summary = plan.summary();
    let total = plan.adds.len() + plan.updates.len();
    let mut done = 0;
    // All new contacts in one bulk write: it orders them by bucket, 1,000 per transaction
    // (measured: 5k contacts in 7 s, against 11 s when fed 500 at a time).
    let adds: Vec<NewContact> = plan.adds.into_iter().map(|(_, n)| n).collect();
    let ids = store.add_contacts_reporting(adds, &mut |written, _| progress(written, total))?;
    done += ids.len();
    summary.added_ids = ids;
    for (id, patch) in plan.updates {
        store.update_contact(id, patch)?;
        done += 1;
        progress(done, total);
    }
    Ok(summary)
}
