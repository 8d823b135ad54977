//! The generated reference (`docs/annotations.md`), written from the catalog
//! and the diagnostic codes. A test keeps the committed file in step.

use std::fmt::Write as _;

use crate::catalog::{Annotation, Group, Support, ANNOTATIONS};
use crate::diagnostic::Code;
use crate::kind;
use crate::shim::{self, Shim, SHIMS};
use crate::target::Runtime;
use crate::validate::applies_on;
use crate::version::Version;

/// Where the reference links each key by default: the configurator
/// published one level above the docs (`dist/` at the site root, this page
/// under `docs/`).
pub const CONFIGURATOR: &str = "../";

/// The whole reference page as Markdown, each key linking to the
/// configurator at [`CONFIGURATOR`].
pub fn markdown() -> String {
    markdown_linking_to(CONFIGURATOR)
}

/// The reference page with each key (that a user sets) linking to the
/// configurator at `configurator`, opened with that key ticked and focused
/// (`<configurator>#key=<key>`).
pub fn markdown_linking_to(configurator: &str) -> String {
    let mut out = String::new();
    out.push_str("# Kata Containers pod annotations\n\n");
    out.push_str(
        "Generated from the catalog in `core/src/catalog/entries.rs` by `cargo xtask docs`; do not edit.\n\n\
         Columns: **Gate** — `E` when the node's `enable_annotations` must match the key (hypervisor keys), \
         `R` when a `valid_*` list also restricts the value. **Go** / **runtime-rs** — the value syntax that \
         runtime reads, or what it does instead. **Releases** — the Kata releases (3.2 to 4.1) in which each runtime \
         defines the key. **Shims** — the kata-deploy shims of the newest release that apply the key; for gated keys, \
         *enabled* lists those whose shipped `enable_annotations` already let it through (the rest need the node \
         change). **K8s** — ✗ when Kubernetes rejects the key (name over 63 characters).\n\n",
    );
    let mut groups: Vec<Group> = ANNOTATIONS.iter().map(|a| a.group).collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        let _ = writeln!(out, "## {}\n", group.title());
        out.push_str(
            "| Key | Default | Gate | Go | runtime-rs | Releases | Shims | K8s | Description |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for annotation in ANNOTATIONS.iter().filter(|a| a.group == group) {
            row(&mut out, annotation, configurator);
        }
        out.push('\n');
    }
    shims(&mut out);
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

/// The key, as a link that opens the configurator on it; the keys the
/// runtime sets itself have no editor to open.
fn key_cell(a: &Annotation, configurator: &str) -> String {
    if a.internal {
        format!("`{}`", a.key)
    } else {
        format!(
            "[`{}`]({configurator}{})",
            a.key,
            crate::share::key_fragment(a.key)
        )
    }
}

fn row(out: &mut String, a: &Annotation, configurator: &str) {
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
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        key_cell(a, configurator),
        a.default.map_or("—".to_owned(), |d| format!("`{d}`")),
        gate,
        cell(a.go, Runtime::Go),
        cell(a.rust, Runtime::Rust),
        releases(a),
        shim_cell(a),
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

/// `Go 3.2–3.31 · runtime-rs 3.19+`: the supported releases defining the key.
fn releases(a: &Annotation) -> String {
    let all: Vec<Version> = Version::releases().collect();
    let span = |runtime: Runtime| -> Option<String> {
        let defined: Vec<Version> = all
            .iter()
            .copied()
            .filter(|v| a.defined_at(runtime, *v))
            .collect();
        let (first, last) = (defined.first()?, defined.last()?);
        Some(
            match (*first == Version::OLDEST, *last == Version::NEWEST) {
                (true, true) => "all".to_owned(),
                (false, true) => format!("{first}+"),
                _ => format!("{first}–{last}"),
            },
        )
    };
    let parts: Vec<String> = Runtime::ALL
        .into_iter()
        .filter_map(|r| span(r).map(|s| format!("{} {s}", short_label(r))))
        .collect();
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join(" · ")
    }
}

fn short_label(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Go => "Go",
        Runtime::Rust => "rs",
    }
}

/// The newest release's shims that apply the key, per runtime; "all" when
/// every shim of that runtime does.
fn shim_cell(a: &Annotation) -> String {
    let version = Version::NEWEST;
    let mut parts = Vec::new();
    for runtime in Runtime::ALL {
        let installed: Vec<&Shim> = shim::installed(version)
            .filter(|s| s.runtime == runtime)
            .collect();
        let applying: Vec<(&Shim, bool)> = installed
            .iter()
            .filter_map(|s| applies_on(a, s, version).map(|enabled| (*s, enabled)))
            .collect();
        if applying.is_empty() {
            continue;
        }
        let names = |list: &[&Shim]| -> String {
            if list.len() == installed.len() {
                "all".to_owned()
            } else {
                list.iter()
                    .map(|s| s.name_at(version))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let all: Vec<&Shim> = applying.iter().map(|(s, _)| *s).collect();
        let mut text = format!("{}: {}", short_label(runtime), names(&all));
        if a.is_gated() {
            let enabled: Vec<&Shim> = applying
                .iter()
                .filter(|(_, e)| *e)
                .map(|(s, _)| *s)
                .collect();
            let _ = write!(
                text,
                " (enabled: {})",
                if enabled.is_empty() {
                    "none".to_owned()
                } else {
                    names(&enabled)
                }
            );
        }
        parts.push(text);
    }
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("; ")
    }
}

/// The kata-deploy shims, with the releases that install them.
fn shims(out: &mut String) {
    out.push_str(
        "## kata-deploy shims

",
    );
    out.push_str(
        "RuntimeClass `kata-<shim>`. *Installed* — the kata-deploy releases (3.2 to 4.1) that install it by default. \
         *enable_annotations* — what its shipped configuration enables at the newest release.\n\n",
    );
    out.push_str(
        "| Shim | Runtime | Hypervisor | Flavour | Installed | enable_annotations | Boots from | Static sizing |\n|---|---|---|---|---|---|---|---|\n",
    );
    let all: Vec<Version> = Version::releases().collect();
    for s in SHIMS.iter().filter(|s| s.kata_deploy.is_some()) {
        let installed: Vec<Version> = all.iter().copied().filter(|v| s.installed_at(*v)).collect();
        let span = match (installed.first(), installed.last()) {
            (Some(first), Some(last)) if *last == Version::NEWEST => format!("{first}+"),
            (Some(first), Some(last)) => format!("{first}–{last}"),
            _ => "off by default".to_owned(),
        };
        let name = match s.old_name {
            Some((old, renamed)) => format!("`{}` (`{old}` before {renamed})", s.name),
            None => format!("`{}`", s.name),
        };
        let enable = s.enable_annotations(Version::NEWEST);
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {:?} | {span} | {} | {:?} | {} |",
            s.runtime.label(),
            s.hypervisor.label(),
            s.flavour,
            if enable.is_empty() {
                "—".to_owned()
            } else {
                enable.join(", ")
            },
            s.shipped.boot,
            if s.static_resources(Version::NEWEST) {
                "yes"
            } else {
                "no"
            },
        );
    }
    out.push('\n');
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
