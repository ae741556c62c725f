#![no_main]
//! Any bytes: decoding returns a frame or a typed error, never panics; a decoded frame
//! re-encodes to the same bytes.

use kith_core::sync::Frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = Frame::decode(data) {
        assert_eq!(frame.encode(), data);
    }
});
