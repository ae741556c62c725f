//! The vCard reader on arbitrary bytes: typed errors, never a panic.
#![no_main]

use kith_core::interchange::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(drafts) = interchange::read(data, Some(Format::VCard)) {
        for d in drafts {
            let _ = d.to_new_contact(Some("US"), None, None);
        }
    }
});
