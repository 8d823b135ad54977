//! Generators: everything a selection needs on the cluster and on the node,
//! each a pure function of the [`Request`].
//!
//! [`OUTPUTS`] lists them for the page and the JS API ([`registry`]): adding
//! an output is its generator file, declaring it here, and one line in that
//! list.

pub mod containerd;
pub mod crio;
pub mod kata;
mod kata_outputs;
pub mod manifest;
pub mod registry;
pub mod setting;

use serde::Serialize;

pub use registry::{describe, find, outputs, render_output, tabs, Output, OutputInfo, Tab};

use crate::request::Request;
use crate::Error;

/// Every output, in page order; each generator file defines its entry.
pub static OUTPUTS: &[Output] = &[
    manifest::OUTPUT,
    containerd::OUTPUT,
    kata_outputs::DROP_IN,
    kata_outputs::HELM_VALUES,
    crio::OUTPUT,
];

/// `lines` as TOML/YAML comments: `# line`, and a bare `#` for an empty line.
pub(crate) fn comment_block<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for line in lines {
        match line.as_ref() {
            "" => out.push_str("#\n"),
            text => {
                out.push_str("# ");
                out.push_str(text);
                out.push('\n');
            }
        }
    }
    out
}

/// Every generated text for one request: the answer of [`render`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    /// The workload manifest (YAML), with the RuntimeClass when asked for.
    pub manifest: String,
    /// The containerd runtime snippet (TOML).
    pub containerd: String,
    /// The Kata `config.d` drop-in (TOML).
    pub kata_drop_in: String,
    /// Where the drop-in goes on a kata-deploy node.
    pub kata_drop_in_path: String,
    /// The kata-deploy Helm values (YAML).
    pub helm_values: String,
    /// The CRI-O note and handler table (TOML with comments).
    pub crio: String,
}

/// Renders every output for `request`, or the first error.
///
/// Kept for existing callers (the JS `render(request)`): one failing output
/// fails them all here. New callers use [`render_output`], which fails only
/// the output that cannot be written, and [`describe`] for the list.
pub fn render(request: &Request) -> Result<Rendered, Error> {
    let drop_in = kata::drop_in(request)?;
    Ok(Rendered {
        manifest: manifest::manifest(request)?,
        containerd: containerd::snippet(request)?,
        kata_drop_in: drop_in.toml,
        kata_drop_in_path: drop_in.path,
        helm_values: kata::helm_values(request)?,
        crio: crio::note(request)?,
    })
}
