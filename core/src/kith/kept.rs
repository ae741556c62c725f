//! Reports kept until the data changes: the screens that show them (Today, network risk) ask
//! again on every visit, and between two writes the answer cannot differ.

use std::cell::RefCell;
use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::doc::entities::{EntityRef, Kind};
use crate::error::Result;
use crate::method::scope::Scope;
use crate::method::{self, RiskInputs, RiskReport, TodayItem};
use crate::store::{Changed, Store};

/// This connection's writes and other connections' commits, as `Store::data_version` reads them.
type DataVersion = (u64, i64);

/// The entities writes changed since a kept report was computed, as `saw` was told them.
#[derive(Default)]
struct Since {
    changed: Changed,
    /// More changed than a patch is worth (an import): not kept, the next visit recomputes.
    overflowed: bool,
}

impl Since {
    fn saw(&mut self, changed: &Changed) {
        if self.overflowed {
            return;
        }
        self.changed.entities.extend(changed.entities.iter().copied());
        self.changed.settings |= changed.settings;
        if self.changed.entities.len() > MAX_SEEN {
            *self = Since { changed: Changed::default(), overflowed: true };
        }
    }

    /// Takes what was seen, with the changes a call has made but not reported yet (`record`
    /// hands them to `saw` after it).
    fn take(cell: &RefCell<Since>, store: &Store) -> Since {
        let mut since = std::mem::take(&mut *cell.borrow_mut());
        since.changed.entities.extend(store.changed().entities.iter().copied());
        since.changed.settings |= store.changed().settings;
        since
    }
}

/// Network risk, kept between visits and across writes that cannot move it (a title, tags, a
/// note, a need, a follow-up): see `RiskInputs`. Anything else recomputes it whole (~35 ms at
/// 20k contacts).
#[derive(Default)]
pub(crate) struct KeptRisk {
    last: RefCell<Option<ComputedRisk>>,
    since: RefCell<Since>,
}

struct ComputedRisk {
    version: DataVersion,
    rebuilds: u64,
    limit: usize,
    report: RiskReport,
    inputs: RiskInputs,
}

impl KeptRisk {
    /// Notes what a write changed (every writing call reports here before its event is made).
    pub fn saw(&self, changed: &Changed) {
        self.since.borrow_mut().saw(changed);
    }

    pub fn get(&self, store: &Store, limit: usize) -> Result<RiskReport> {
        let (version, rebuilds) = (store.data_version()?, store.unrecorded_rebuilds());
        let mut last = self.last.borrow_mut();
        if let Some(kept) = last.as_mut()
            && (kept.rebuilds, kept.limit) == (rebuilds, limit)
        {
            if kept.version == version {
                return Ok(kept.report.clone());
            }
            // Only this connection wrote, and it told us what (another's commit names nothing).
            // What was seen is taken here: a read that fails cannot prove the report unmoved,
            // so it is recomputed below rather than kept without those changes.
            let since = Since::take(&self.since, store);
            if kept.version.1 == version.1
                && !since.overflowed
                && unmoved(store, &kept.inputs, &since.changed).unwrap_or(false)
            {
                kept.version = version;
                return Ok(kept.report.clone());
            }
        }
        // Taken before computing: a failure below leaves nothing kept.
        *last = None;
        *self.since.borrow_mut() = Since::default();
        let (report, inputs) = method::network_risk(store, limit)?;
        *last = Some(ComputedRisk { version, rebuilds, limit, report: report.clone(), inputs });
        Ok(report)
    }
}

/// Whether the entities changed leave every input of the risk report as it was.
fn unmoved(store: &Store, inputs: &RiskInputs, changed: &Changed) -> Result<bool> {
    for &entity in &changed.entities {
        let contact = match entity.kind {
            Kind::Contact => entity.id,
            // An introduction names its contact's introducer; one whose row is gone cannot say whose.
            Kind::Introduction => match store.contact_of(entity)? {
                Some(contact) => contact,
                None => return Ok(false),
            },
            // Employers are shown by name.
            Kind::Organization => return Ok(false),
            // A meeting's participants, before and after, come along as changed contacts
            // (`index::write_doc`); the rest feeds no edge and no name.
            Kind::Meeting | Kind::FollowUp | Kind::Need | Kind::Exchange | Kind::Referral => continue,
        };
        if !inputs.holds(store, contact)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Today, kept between visits like any report, and after a write patched rather than rebuilt:
/// the items about what the write touched are recomputed and spliced into the rest (at 20k
/// contacts a full Today reads about 1,800 items; an edit touches one contact's).
#[derive(Default)]
pub(crate) struct KeptToday {
    last: RefCell<Option<Computed>>,
    since: RefCell<Since>,
}

struct Computed {
    version: DataVersion,
    rebuilds: u64,
    day: NaiveDate,
    items: Vec<TodayItem>,
}

impl KeptToday {
    /// Notes what a write changed (every writing call reports here before its event is made).
    pub fn saw(&self, changed: &Changed) {
        self.since.borrow_mut().saw(changed);
    }

    pub fn get(&self, store: &Store) -> Result<Vec<TodayItem>> {
        let (version, rebuilds, day) =
            (store.data_version()?, store.unrecorded_rebuilds(), store.clock().today());
        let mut last = self.last.borrow_mut();
        if let Some(kept) = last.as_ref()
            && (kept.version, kept.rebuilds, kept.day) == (version, rebuilds, day)
        {
            return Ok(kept.items.clone());
        }
        // Taken before computing: a failure below leaves nothing kept, so the changes it drops
        // cannot be missed by a later patch.
        let previous = last.take();
        let Since { changed: since, overflowed } = Since::take(&self.since, store);
        let patchable = |kept: &Computed| {
            // The same day, no other connection's commit, no unrecorded rebuild, no setting moved,
            // not too much changed.
            kept.day == day
                && kept.version.1 == version.1
                && kept.rebuilds == rebuilds
                && !since.settings
                && !overflowed
        };
        let scope = match &previous {
            Some(kept) if patchable(kept) => touched(store, &since.entities)?,
            _ => None,
        };
        let items = match (previous, scope) {
            (Some(kept), Some(scope)) => {
                let mut items = kept.items;
                items.retain(|i| !scope.covers(i.contact, i.follow_up()));
                items.extend(method::today(store, &scope)?);
                method::rank(&mut items);
                items
            }
            _ => method::today(store, &Scope::All)?,
        };
        *last = Some(Computed { version, rebuilds, day, items: items.clone() });
        Ok(items)
    }
}

/// Past this many touched contacts a full Today costs no more than a scoped one.
const MAX_TOUCHED: usize = 200;

/// Changed entities kept for the next visit's patch, at most (a meeting brings its participants
/// along, a merge many buckets' worth); past it the visit recomputes.
const MAX_SEEN: usize = 4 * MAX_TOUCHED;

/// What Today must recompute after these entities changed, read from the read model as the
/// writes left it; `None` when only a full recomputation is right:
/// - a need, exchange or introduction whose row is gone cannot say whose it was;
/// - past `MAX_TOUCHED`, scoping saves nothing.
///
/// A meeting moves its participants' last touch and what "not contacted yet" reads: the write
/// path records its participants, before and after, as changed contacts (`index::write_doc`).
/// A contact's name also shows on the names it introduced, so those come along. Organizations
/// and referrals feed no Today section.
fn touched(store: &Store, changed: &BTreeSet<EntityRef>) -> Result<Option<Scope>> {
    let (mut contacts, mut follow_ups) = (BTreeSet::new(), BTreeSet::new());
    for &entity in changed {
        match entity.kind {
            Kind::Contact => {
                contacts.insert(entity.id);
                contacts.extend(store.introduced_by(entity.id)?);
            }
            // Found by id: it may be about no one, or have moved to another contact.
            Kind::FollowUp => {
                follow_ups.insert(entity.id);
            }
            Kind::Need | Kind::Exchange | Kind::Introduction => match store.contact_of(entity)? {
                Some(contact) => {
                    contacts.insert(contact);
                }
                None => return Ok(None),
            },
            Kind::Meeting | Kind::Organization | Kind::Referral => {}
        }
        if contacts.len() + follow_ups.len() > MAX_TOUCHED {
            return Ok(None);
        }
    }
    Ok(Some(Scope::Touched { contacts, follow_ups }))
}
