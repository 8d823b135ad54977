//! Kata Containers per-pod annotations: the catalog, the validator and the
//! generators that turn a user's selection into a manifest and node-side
//! configuration.
//!
//! Everything here is a pure function of its input: no I/O, no global state.
//! The same code runs natively (tests, tools) and in the browser (the Yew app
//! links it as a Rust crate; the `wasm` feature adds the JS binding).
//!
//! ```
//! use kata_annotations::{validate, Request};
//! let request: Request = serde_json::from_str(r#"{
//!     "runtime": "go",
//!     "annotations": { "io.katacontainers.config.hypervisor.default_memory": "4096" }
//! }"#).unwrap();
//! let report = validate(&request);
//! // The Go runtime's shipped enable_annotations does not enable default_memory.
//! assert_eq!(report.diagnostics[0].code.as_str(), "KA301");
//! ```

pub mod admission;
pub mod badge;
pub mod catalog;
pub mod diagnostic;
pub mod edit;
pub mod error;
pub mod import;
pub mod init_data;
pub mod kernel_cmdline;
pub mod kind;
pub mod node_config;
pub mod path_match;
pub mod policy;
pub mod presets;
pub mod reference;
mod remembered;
pub mod render;
pub mod request;
pub mod share;
pub mod shim;
pub mod target;
pub mod validate;
pub mod version;
pub mod vm_size;
pub mod yaml;

#[cfg(feature = "wasm-validate")]
pub mod wasm;

pub use diagnostic::{Code, Diagnostic, Gate, Report, Severity};
pub use error::Error;
pub use render::{render, Rendered};
pub use request::Request;
pub use validate::validate;
