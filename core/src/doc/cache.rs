//! A small LRU of loaded bucket documents. Loading a 300-contact bucket costs tens of
//! milliseconds, so the few buckets being edited stay in memory; the rest stay on disk.

use super::DocId;

pub struct DocCache<T> {
    capacity: usize,
    /// Most recently used last. Boxed: taking from the middle shifts the entries after it, and
    /// a loaded document is 4 KB by value (memmove was 3% of a loaded mixer sync
    /// with every bucket cached, profiled).
    entries: Vec<(DocId, Box<T>)>,
}

impl<T> DocCache<T> {
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), entries: Vec::new() }
    }

    /// Removes and returns a loaded document; the caller puts it back when done with it.
    pub fn take(&mut self, id: DocId) -> Option<T> {
        let pos = self.entries.iter().position(|(d, _)| *d == id)?;
        Some(*self.entries.remove(pos).1)
    }

    pub fn contains(&self, id: DocId) -> bool {
        self.entries.iter().any(|(d, _)| *d == id)
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn put(&mut self, id: DocId, doc: T) {
        self.entries.retain(|(d, _)| *d != id);
        self.entries.push((id, Box::new(doc)));
        if self.entries.len() > self.capacity {
            self.entries.remove(0);
        }
    }

    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
        while self.entries.len() > self.capacity {
            self.entries.remove(0);
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Family;

    #[test]
    fn least_recently_used_goes_first() {
        let id = |bucket| DocId { family: Family::Contacts, bucket };
        let mut cache = DocCache::new(2);
        cache.put(id(1), "one");
        cache.put(id(2), "two");
        let one = cache.take(id(1)).unwrap();
        cache.put(id(1), one);
        cache.put(id(3), "three");
        assert!(cache.take(id(2)).is_none());
        assert!(cache.take(id(1)).is_some());
        assert_eq!(cache.len(), 1);
    }
}
