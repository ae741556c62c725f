//! MECARD / BIZCARD / QR payloads on arbitrary text.
#![no_main]

use kith_core::capture::qr;
use kith_core::interchange::mecard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = mecard::read(&text);
    let _ = qr::read_qr(&text);
});
