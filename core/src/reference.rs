//! The generated reference (`docs/annotations.md`), written from the catalog
//! and the diagnostic codes. A test keeps the committed file in step.

use std::fmt::Write as _;

use crate::catalog::{Annotation, Group, Support, ANNOTATIONS};
use crate::diagnostic::Code;
use crate::kind;
use crate::target::Runtime;

/// The whole reference page as Markdown.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# Kata Containers pod annotations\n\n");
    out.push_str(
        "Generated from the catalog in `core/src/catalog/entries.rs` by `cargo xtask docs`; do not edit.\n\n\
         Columns: **Gate** — `E` when the node's `enable_annotations` must match the key (hypervisor keys), \
         `R` when a `valid_*` list also restricts the value. **Go** / **runtime-rs** — the value syntax that \
         runtime reads, or what it does instead. **K8s** — ✗ when Kubernetes rejects the key (name over 63 characters).\n\n",
    );
    let mut groups: Vec<Group> = ANNOTATIONS.iter().map(|a| a.group).collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        let _ = writeln!(out, "## {}\n", group.title());
        out.push_str("| Key | Default | Gate | Go | runtime-rs | K8s | Description |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        for annotation in ANNOTATIONS.iter().filter(|a| a.group == group) {
            row(&mut out, annotation);
        }
        out.push('\n');
    }
    out.push_str(
        "## Diagnostic codes\n\n| Code | Severity | Gate | Meaning |\n|---|---|---|---|\n",
    );
    for code in Code::ALL {
        let _ = writeln!(
            out,
            "| {} | {:?} | {:?} | {} |",
            code.as_str(),
            code.default_severity(),
            code.gate(),
            code.summary()
        );
    }
    out
}

fn row(out: &mut String, a: &Annotation) {
    let gate = match (a.is_gated(), a.restricted) {
        (true, Some(list)) => format!("E, R `{list}`"),
        (true, None) => "E".to_owned(),
        (false, _) => "—".to_owned(),
    };
    let mut description = a.description.to_owned();
    if let Some(d) = a.differences {
        let _ = write!(description, " *Differences:* {d}");
    }
    if let Some(r) = a.risk {
        let _ = write!(description, " *Risk:* {r}");
    }
    if let Some(since) = a.since {
        let _ = write!(description, " (since {since})");
    }
    let _ = writeln!(
        out,
        "| `{}` | {} | {} | {} | {} | {} | {} |",
        a.key,
        a.default.map_or("—".to_owned(), |d| format!("`{d}`")),
        gate,
        cell(a.go, Runtime::Go),
        cell(a.rust, Runtime::Rust),
        if a.kubernetes_settable() {
            "✓"
        } else {
            "✗"
        },
        escape(&description),
    );
}

fn cell(support: Support, runtime: Runtime) -> String {
    match support {
        Support::Reads { kind } => escape(&kind::describe(kind, runtime)),
        Support::NoOp { .. } => "no effect".to_owned(),
        Support::Unhandled => "unhandled (fails if enabled)".to_owned(),
        Support::Absent => "not read".to_owned(),
        Support::Removed { since } => format!("removed in {since}"),
    }
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
