//! Core's integration tests, as one test binary: each former
//! `core/tests/*.rs` is a module here, so `cargo test` links one executable
//! instead of one per file (each link costs tens of seconds on two cores).
//!
//! Snapshots live in `snapshots/` beside this file and are named
//! `it__<module>__<name>.snap` after the module path.
//! The JS binding's browser tests stay in `core/tests/wasm_binding.rs`: they
//! build only for wasm32 with the `wasm` feature.
#![cfg(not(target_arch = "wasm32"))]

mod admission;
mod containerd_forwarding;
mod containerd_real;
mod crio_note;
mod generator_snapshots;
mod import;
mod import_target;
mod incremental;
mod init_data;
mod kata_drop_in;
mod kubernetes_validate;
mod manifest;
mod output_width;
mod properties;
mod reference;
mod releases;
mod verdicts;

/// The comments of a generated file as running text: consecutive comment
/// lines joined with a space, so a test finds a sentence however the
/// generator wrapped it at 80 columns.
pub(crate) fn prose(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.trim_start().strip_prefix('#') {
            Some(body) if !body.trim().is_empty() => {
                out.push_str(body.trim());
                out.push(' ');
            }
            _ => out.push('\n'),
        }
    }
    out
}
