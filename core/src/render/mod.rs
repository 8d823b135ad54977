//! Generators: everything a selection needs on the cluster and on the node,
//! each a pure function of the [`Request`].
//!
//! [`OUTPUTS`] lists them for the page and the JS API ([`registry`]): adding
//! an output is its generator file, declaring it here, and one line in that
//! list.

pub mod admission;
pub mod containerd;
pub mod crio;
pub mod kata;
mod kata_outputs;
mod kyverno;
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
    admission::OUTPUT,
    kyverno::OUTPUT,
];

/// The widest a generated comment line is, `# ` included: it fits an
/// 80-column terminal and the page's narrowest code panel.
pub const COMMENT_WIDTH: usize = 80;

/// `lines` as TOML/YAML comments, re-filled to [`COMMENT_WIDTH`].
///
/// Consecutive lines of prose are one paragraph until a line ends a
/// sentence (`.`), so each statement starts on a line of its own; an
/// empty line is a bare `#`; a line that starts with a space or `- ` stands
/// on its own, wrapped under its own indent. A word longer than the line (a
/// path) is never split.
pub(crate) fn comment_block<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    let mut paragraph = String::new();
    for line in lines {
        let line = line.as_ref().trim_end();
        if line.is_empty() {
            push_wrapped(&mut out, &std::mem::take(&mut paragraph), "");
            out.push_str("#\n");
        } else if line.starts_with(' ') || line.starts_with("- ") {
            push_wrapped(&mut out, &std::mem::take(&mut paragraph), "");
            let indent = &line[..line.len() - line.trim_start_matches([' ', '-']).len()];
            push_wrapped(&mut out, line, &" ".repeat(indent.len()));
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line);
            if line.ends_with('.') {
                push_wrapped(&mut out, &std::mem::take(&mut paragraph), "");
            }
        }
    }
    push_wrapped(&mut out, &paragraph, "");
    out
}

/// `text` as comment lines of at most [`COMMENT_WIDTH`] columns; lines
/// after the first start with `indent`.
fn push_wrapped(out: &mut String, text: &str, indent: &str) {
    if text.is_empty() {
        return;
    }
    let options = textwrap::Options::new(COMMENT_WIDTH - 2)
        .subsequent_indent(indent)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, options) {
        out.push_str("# ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Lines of commented-out TOML or YAML (an example to uncomment): `# line`,
/// as they are, never re-filled.
pub(crate) fn commented_out<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for line in lines {
        out.push('#');
        if !line.as_ref().is_empty() {
            out.push(' ');
            out.push_str(line.as_ref());
        }
        out.push('\n');
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
