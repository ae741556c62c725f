//! Dates and times as people type them.

use chrono::{Datelike, Duration, Local, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use kith_core::InvalidInput;

/// YYYY-MM-DD, today, tomorrow, yesterday, +N or -N (days from today) or a weekday name (the
/// next one). An offset past the calendar's range is a clear error, never a panic.
pub fn day(input: &str, today: NaiveDate) -> Result<NaiveDate, InvalidInput> {
    let s = input.trim().to_lowercase();
    match s.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return Ok(today + Duration::days(1)),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    if let Some((sign, n)) =
        s.strip_prefix('+').map(|n| (1, n)).or_else(|| s.strip_prefix('-').map(|n| (-1, n)))
    {
        let n: i64 = n.trim_end_matches('d').parse().map_err(|_| InvalidInput::Date)?;
        let offset = Duration::try_days(sign * n).ok_or(InvalidInput::OutOfRange { field: "date" })?;
        return today.checked_add_signed(offset).ok_or(InvalidInput::OutOfRange { field: "date" });
    }
    if let Ok(weekday) = s.parse::<Weekday>() {
        let ahead =
            (7 + weekday.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
        return Ok(today + Duration::days(if ahead == 0 { 7 } else { ahead }));
    }
    kith_core::model::validate::date(&s)
}

/// An instant (ms UTC) from local date/time text: now, today, YYYY-MM-DD, YYYY-MM-DDTHH:MM.
pub fn instant(input: &str, now_ms: i64, today: NaiveDate) -> Result<i64, InvalidInput> {
    let s = input.trim();
    if s.eq_ignore_ascii_case("now") {
        return Ok(now_ms);
    }
    let local = if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
        t
    } else {
        day(s, today)?.and_hms_opt(12, 0, 0).expect("noon exists")
    };
    Local.from_local_datetime(&local).earliest().map(|t| t.timestamp_millis()).ok_or(InvalidInput::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_offsets() {
        let friday = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(day("tomorrow", friday).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 21).unwrap());
        assert_eq!(day("+3", friday).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(day("monday", friday).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(day("friday", friday).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(day("2026-12-01", friday).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(day("next week", friday), Err(InvalidInput::Date));
        assert_eq!(day("+x", friday), Err(InvalidInput::Date));
        assert_eq!(day("-2", friday).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 18).unwrap());
        // Offsets past the calendar's range (they used to panic, exit 101).
        assert_eq!(day("+99999999999999", friday), Err(InvalidInput::OutOfRange { field: "date" }));
        assert_eq!(day("+999999999", friday), Err(InvalidInput::OutOfRange { field: "date" }));
        assert_eq!(day("-99999999999999", friday), Err(InvalidInput::OutOfRange { field: "date" }));
    }
}
