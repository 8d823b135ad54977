//! The validator on a request deserialized from arbitrary JSON: what the JS
//! binding's `validate(request)` receives.
#![no_main]

use kata_annotations::{validate, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = serde_json::from_slice::<Request>(data) {
        let _ = validate(&request);
    }
});
