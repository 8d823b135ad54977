//! The manifest importer over arbitrary bytes: what a user pastes or drops.
#![no_main]

use kata_annotations::import::{import_bytes, import_manifest, to_request};
use kata_annotations::{validate, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = Request::default();
    // Text goes through the paste path; anything else through the file-drop path.
    let imported = match std::str::from_utf8(data) {
        Ok(text) => import_manifest(text, &base),
        Err(_) => import_bytes(data, &base),
    };
    // What the app does next with an import: each workload becomes the form's request.
    if let Ok(imported) = imported {
        for workload in imported.workloads.iter().take(4) {
            let _ = validate(&to_request(workload, &base));
        }
    }
});
