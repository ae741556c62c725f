//! The card reader on arbitrary OCR text.
#![no_main]

use kith_core::capture::{CardLine, read_card};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<CardLine> = text.lines().map(CardLine::plain).collect();
    let _ = read_card(&lines, Some("US"));
    let _ = read_card(&lines, None);
});
