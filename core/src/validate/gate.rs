//! The node policy gate: the target itself, `enable_annotations` and the
//! `valid_*` allow-lists (fact sheet §3).

use crate::catalog::Annotation;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::policy::{check_allowed, is_wildcard, AllowList, AllowVerdict};
use crate::target::Runtime;

use super::Context;

/// What the `enable_annotations` gate does with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Not gated, or enabled.
    Passes,
    /// Go: not enabled, sandbox creation fails.
    FailsPod,
    /// runtime-rs: not enabled, the key is dropped with a log warning.
    Ignored,
}

/// Findings about the target and the policy as a whole.
pub(crate) fn check_target(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let target = ctx.target;
    if !target.hypervisor.supported_by(target.runtime) {
        out.push(Diagnostic::new(
            Code::UnsupportedTarget,
            None,
            format!(
                "{} ships no configuration for {}; pick another hypervisor or runtime.",
                target.runtime.label(),
                target.hypervisor.table()
            ),
        ));
    }
    for entry in ctx.enable.invalid() {
        let message = match target.runtime {
            Runtime::Go => format!(
                "enable_annotations entry {entry:?} is not a valid regular expression; the Go runtime skips it."
            ),
            Runtime::Rust => format!(
                "enable_annotations entry {entry:?} is not a valid regular expression; runtime-rs then enables no hypervisor annotation at all. Fix or remove the entry."
            ),
        };
        let severity = match target.runtime {
            Runtime::Go => Severity::Warning,
            Runtime::Rust => Severity::Error,
        };
        out.push(Diagnostic::new(Code::InvalidEnableRegex, None, message).with_severity(severity));
    }
    for list in AllowList::ALL {
        for pattern in ctx.policy.list(list) {
            if target.runtime == Runtime::Rust && is_wildcard(pattern) {
                out.push(Diagnostic::new(
                    Code::BroadAllowPattern,
                    None,
                    format!(
                        "{} entry {pattern:?} is a wildcard; runtime-rs matches it as a string and `*` also crosses `/` and `..`. List exact paths.",
                        list.config_name()
                    ),
                ));
            }
        }
    }
}

/// Applies `enable_annotations` to a hypervisor key (other keys pass).
pub(crate) fn check_enabled(
    ctx: &Context<'_>,
    annotation: &Annotation,
    out: &mut Vec<Diagnostic>,
) -> Outcome {
    match annotation.gate_name() {
        Some(suffix) => check_suffix(ctx, annotation.key, suffix, out),
        None => Outcome::Passes,
    }
}

/// Applies `enable_annotations` to any hypervisor-prefixed key suffix.
pub(crate) fn check_suffix(
    ctx: &Context<'_>,
    key: &str,
    suffix: &str,
    out: &mut Vec<Diagnostic>,
) -> Outcome {
    if ctx.enable.enables(suffix) {
        return Outcome::Passes;
    }
    let table = ctx.target.hypervisor.table();
    let fix = format!(
        "add \"^{}$\" to enable_annotations in [hypervisor.{table}] (see the Kata drop-in)",
        regex_lite::escape(suffix)
    );
    match ctx.target.runtime {
        Runtime::Go => {
            out.push(Diagnostic::new(
                Code::NotEnabled,
                Some(key),
                format!("Not enabled on the node: the Go runtime fails the pod (\"annotation {key} is not enabled\"). To allow it, {fix}."),
            ));
            Outcome::FailsPod
        }
        Runtime::Rust => {
            out.push(
                Diagnostic::new(
                    Code::NotEnabled,
                    Some(key),
                    format!("Not enabled on the node: runtime-rs ignores it and only logs a warning, so the setting has no effect. To allow it, {fix}."),
                )
                .with_severity(Severity::Warning),
            );
            Outcome::Ignored
        }
    }
}

/// Checks a restricted key's value against its `valid_*` list.
pub(crate) fn check_allow_list(
    ctx: &Context<'_>,
    annotation: &Annotation,
    value: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(list) = annotation.allow_list() else {
        return;
    };
    let key = annotation.key;
    let patterns = ctx.policy.list(list);
    let name = list.config_name();
    match check_allowed(value, patterns, ctx.target.runtime) {
        AllowVerdict::Allowed {
            pattern,
            needs_file,
        } => {
            if needs_file {
                out.push(Diagnostic::new(
                    Code::NeedsHostFile,
                    Some(key),
                    format!("Allowed by {name} entry {pattern:?}, provided {value:?} exists on the node: the Go runtime expands the list on the host's filesystem."),
                ));
            }
        }
        AllowVerdict::Denied => {
            let listed = if patterns.is_empty() {
                format!(
                    "{name} is empty for [hypervisor.{}], so every value is refused",
                    ctx.target.hypervisor.table()
                )
            } else {
                format!("{name} allows {patterns:?}")
            };
            let empty_note = if value.is_empty() && ctx.target.runtime == Runtime::Go {
                " The Go runtime never matches an empty value, even with \"\" in the list."
            } else {
                ""
            };
            out.push(Diagnostic::new(
                Code::NotInAllowList,
                Some(key),
                format!("Restricted value {value:?} is not allowed: {listed}. The pod fails. Use an allowed value, or add the exact path to {name} on the node.{empty_note}"),
            ));
        }
    }
}
