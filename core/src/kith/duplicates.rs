//! Duplicates and merges: suspected pairs with their evidence, reversible contact merges, and
//! merging another database file of this account.

use std::path::Path;

use super::{ChangeReason, Kith};
use crate::error::Result;
use crate::id::Id;
use crate::model::Contact;
use crate::store::{ContactMerge, DuplicatePair, MergeReport};

impl Kith {
    /// Pairs of live contacts that look like one person, with the evidence.
    pub fn duplicates(&self) -> Result<Vec<DuplicatePair>> {
        self.store.duplicates()
    }

    /// Merges `absorbed` into `survivor` in one transaction; recorded, so `unmerge` undoes it.
    pub fn merge_contacts(&mut self, survivor: Id, absorbed: Id) -> Result<ContactMerge> {
        self.record(ChangeReason::Merge, |s| s.merge_contacts(survivor, absorbed))
    }

    pub fn unmerge(&mut self, absorbed: Id) -> Result<Contact> {
        self.record(ChangeReason::Merge, |s| s.unmerge(absorbed))
    }

    /// Merges another Kith database file (opened read-only): its contacts, meetings and method
    /// records, never its paired devices or settings (trust comes only from pairing here).
    pub fn merge_file(&mut self, other: &Path) -> Result<MergeReport> {
        self.record(ChangeReason::Merge, |s| s.merge_file(other))
    }
}
