//! Entity ids: UUIDv7 (time-ordered, so new rows append to SQLite's b-trees), minted from the
//! injected clock. Ids cross every boundary as their hyphenated lower-case string.

use std::fmt;
use std::str::FromStr;

use uuid::{NoContext, Timestamp, Uuid};

use crate::error::InvalidInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Uuid);

impl Id {
    pub fn new_v7(now_ms: i64) -> Self {
        let ms = now_ms.max(0) as u64;
        let ts = Timestamp::from_unix(NoContext, ms / 1000, ((ms % 1000) * 1_000_000) as u32);
        Self(Uuid::new_v7(ts))
    }

    /// A name-derived id, the same on every device: two phones that both create the
    /// organization "Acme" offline create the same entity instead of two look-alikes.
    pub fn derived(namespace: &str, key: &str) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(namespace.as_bytes());
        hasher.update(&[0]);
        hasher.update(key.as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        Self(Uuid::new_v8(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for Id {
    type Err = InvalidInput;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(Self).map_err(|_| InvalidInput::Id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v7_ids_sort_by_time_and_round_trip() {
        let a = Id::new_v7(1_700_000_000_000);
        let b = Id::new_v7(1_700_000_001_000);
        assert!(a < b);
        assert_eq!(a.to_string().parse::<Id>().unwrap(), a);
    }

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        assert_eq!(Id::derived("org", "acme"), Id::derived("org", "acme"));
        assert_ne!(Id::derived("org", "acme"), Id::derived("org", "acme inc"));
    }

    #[test]
    fn garbage_is_a_typed_error() {
        assert_eq!("not-an-id".parse::<Id>(), Err(InvalidInput::Id));
    }
}
