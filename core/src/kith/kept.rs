//! Reports kept until the data changes: the screens that show them (Today, network risk) ask
//! again on every visit, and between two writes the answer cannot differ.

use std::cell::RefCell;

use crate::error::Result;
use crate::store::Store;

/// The last report computed, with the data version and the inputs it was computed for.
pub(crate) struct Kept<K, T> {
    last: RefCell<Option<(DataVersion, K, T)>>,
}

/// This connection's writes and other connections' commits, as `Store::data_version` reads them.
type DataVersion = (u64, i64);

impl<K, T> Default for Kept<K, T> {
    fn default() -> Self {
        Self { last: RefCell::new(None) }
    }
}

impl<K: PartialEq, T: Clone> Kept<K, T> {
    /// The kept report if nothing changed since it was computed for `key`, else a fresh one.
    pub fn get(&self, store: &Store, key: K, compute: impl FnOnce() -> Result<T>) -> Result<T> {
        let version = store.data_version()?;
        if let Some((v, k, report)) = self.last.borrow().as_ref()
            && *v == version
            && *k == key
        {
            return Ok(report.clone());
        }
        let report = compute()?;
        *self.last.borrow_mut() = Some((version, key, report.clone()));
        Ok(report)
    }
}
