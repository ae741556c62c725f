//! Time comes from an injected clock so that everything time-dependent (ids, due lists,
//! "today") is deterministic in tests. Instants are i64 milliseconds since the Unix epoch, UTC.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Local, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch, UTC.
    fn now_ms(&self) -> i64;
    /// The calendar date in the user's time zone; due dates are compared against it.
    fn today(&self) -> NaiveDate;
}

/// The wall clock and the machine's local time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis()
    }
    fn today(&self) -> NaiveDate {
        Local::now().date_naive()
    }
}

/// A clock that only moves when told to; "today" is the UTC date of its instant.
#[derive(Debug)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn new(now_ms: i64) -> Self {
        Self(AtomicI64::new(now_ms))
    }
    pub fn at_date(date: NaiveDate) -> Self {
        Self::new(date.and_hms_opt(9, 0, 0).expect("valid time").and_utc().timestamp_millis())
    }
    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
    fn today(&self) -> NaiveDate {
        DateTime::from_timestamp_millis(self.now_ms()).map(|t| t.date_naive()).unwrap_or_default()
    }
}
