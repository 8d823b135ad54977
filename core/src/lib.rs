//! Kata Containers per-pod annotations: the catalog, the validator and the
//! generators that turn a user's selection into a manifest and node-side
//! configuration.
//!
//! Everything here is a pure function of its input: no I/O, no global state.
//! The same code runs natively (tests, CLI) and in the browser (the Yew app
//! links it as a Rust crate; the `wasm` feature adds the JS binding).

pub mod catalog;
pub mod error;
pub mod kind;
pub mod target;
pub mod yaml;

#[cfg(feature = "wasm")]
pub mod wasm;

pub use error::Error;
