//! Core's integration tests, as one test binary: each former
//! `core/tests/*.rs` is a module here, so `cargo test` links one executable
//! instead of one per file (each link costs tens of seconds on two cores).
//!
//! Snapshots live in `snapshots/` beside this file and are named
//! `it__<module>__<name>.snap` after the module path.
//! The JS binding's browser tests stay in `core/tests/wasm_binding.rs`: they
//! build only for wasm32 with the `wasm` feature.
#![cfg(not(target_arch = "wasm32"))]

mod containerd_forwarding;
mod containerd_real;
mod crio_note;
mod generator_snapshots;
mod import;
mod import_target;
mod incremental;
mod kata_drop_in;
mod manifest;
mod properties;
mod reference;
mod releases;
mod verdicts;
