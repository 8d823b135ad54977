//! The share decoder over arbitrary text: a URL fragment or stored state
//! anyone can craft. A decoded request is then validated and rendered, as
//! the app does on load.
#![no_main]

use kata_annotations::{render, share, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(request) = share::decode(text) {
        let _ = validate(&request);
        let _ = render(&request);
        let _ = share::encode(&request);
    }
});
