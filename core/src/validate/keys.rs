//! The key itself: unknown, misspelled, removed, or not read by the runtime.

use crate::catalog::{self, Annotation, Support, HYPERVISOR_PREFIX, KATA_PREFIX};
use crate::diagnostic::{Code, Diagnostic};
use crate::target::Runtime;

use super::gate::{self, Outcome};
use super::Context;

/// Prefixes people type instead of `io.katacontainers.` (fact sheet §7).
pub(crate) const WRONG_PREFIXES: &[&str] = &[
    "io.kata-containers.",
    "io.katacontainer.",
    "io.kata.",
    "katacontainers.",
    "io.katacontainers/",
    "kata.",
];

/// Reports what the runtime does with a catalog key it may not apply.
/// Returns whether the value is worth checking.
pub(crate) fn check_support(
    ctx: &Context<'_>,
    annotation: &Annotation,
    gate: Outcome,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let runtime = ctx.target.runtime;
    let key = annotation.key;
    let other = other_runtime(runtime);
    let elsewhere = if ctx.support(annotation, other).applies() {
        format!(" {} reads it.", other.label())
    } else {
        String::new()
    };
    let hint = annotation
        .differences
        .map(|d| format!(" {d}"))
        .unwrap_or_default();
    let support = ctx.support(annotation, runtime);
    let version = ctx.target.version;
    if gate == Outcome::Passes
        && runtime == Runtime::Rust
        && annotation.is_gated()
        && !support.handled()
    {
        out.push(unimplemented(key));
        return false;
    }
    match support {
        Support::Reads { .. } => true,
        Support::NoOp { kind } => {
            out.push(Diagnostic::new(
                Code::NoOpKey,
                Some(key),
                format!(
                    "{} accepts this key but never applies it: setting it has no effect.{hint}",
                    runtime.label()
                ),
            ));
            kind.is_some()
        }
        Support::Removed { since } if annotation.removed_since_at(version).is_none() => {
            out.push(Diagnostic::new(
                Code::RemovedKey,
                Some(key),
                format!(
                    "{} dropped this key in Kata {since}: it has no effect on this node (Kata {version}).{elsewhere} Remove it.{hint}",
                    runtime.label()
                ),
            ));
            false
        }
        Support::Removed { since } => {
            out.push(Diagnostic::new(
                Code::RemovedKey,
                Some(key),
                format!("Removed in Kata {since}: no runtime reads it any more, so it has no effect. Remove it.{hint}"),
            ));
            false
        }
        Support::Absent
            if annotation
                .added_in(runtime)
                .is_some_and(|added| version < added) =>
        {
            let added = annotation.added_in(runtime).unwrap_or(version);
            out.push(Diagnostic::new(
                Code::NotReadByRuntime,
                Some(key),
                format!(
                    "{} reads this key from Kata {added} on; this node has Kata {version}, where it has no effect. Upgrade Kata or remove the key.{hint}",
                    runtime.label()
                ),
            ));
            false
        }
        Support::Unhandled | Support::Absent => {
            if let Some(since) = annotation.removed_since_at(version) {
                out.push(Diagnostic::new(
                    Code::RemovedKey,
                    Some(key),
                    format!("Removed in Kata {since}: it has no effect. Remove it.{hint}"),
                ));
            } else {
                out.push(Diagnostic::new(
                    Code::NotReadByRuntime,
                    Some(key),
                    format!(
                        "{} does not read this key: it has no effect.{elsewhere}{hint}",
                        runtime.label()
                    ),
                ));
            }
            false
        }
    }
}

fn unimplemented(key: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnimplementedKey,
        Some(key),
        "Enabled on the node, but runtime-rs does not implement this key: it fails the pod (\"Invalid annotation type\"). Remove the annotation, or narrow enable_annotations with anchored entries (\"^name$\").",
    )
}

fn other_runtime(runtime: Runtime) -> Runtime {
    match runtime {
        Runtime::Go => Runtime::Rust,
        Runtime::Rust => Runtime::Go,
    }
}

/// Findings for a key the catalog does not have.
pub(crate) fn check_unknown(ctx: &Context<'_>, key: &str, out: &mut Vec<Diagnostic>) {
    let lower = key.to_ascii_lowercase();
    if lower != key {
        if let Some(found) = catalog::find(&lower) {
            out.push(Diagnostic::new(
                Code::MixedCaseKey,
                Some(key),
                format!("Kubernetes accepts mixed case, but Kata and containerd match keys exactly: write {:?}.", found.key),
            ));
            return;
        }
    }
    for wrong in WRONG_PREFIXES {
        if let Some(rest) = lower.strip_prefix(wrong) {
            let candidate = format!("{KATA_PREFIX}{rest}");
            let suggestion = catalog::find(&candidate)
                .map(|a| a.key.to_owned())
                .or_else(|| did_you_mean(&candidate).map(str::to_owned));
            let fix = suggestion
                .map(|s| format!(" Did you mean {s:?}?"))
                .unwrap_or_default();
            out.push(Diagnostic::new(
                Code::WrongPrefix,
                Some(key),
                format!("Kata reads only keys that start with \"{KATA_PREFIX}\"; this one is ignored.{fix}"),
            ));
            return;
        }
    }
    if !key.starts_with(KATA_PREFIX) {
        // Someone else's annotation: only Kubernetes' rules apply.
        return;
    }
    let fix = did_you_mean(key)
        .map(|s| format!(" Did you mean {s:?}?"))
        .unwrap_or_default();
    if let Some(suffix) = key.strip_prefix(HYPERVISOR_PREFIX) {
        // The gate applies to every hypervisor-prefixed key, known or not.
        match gate::check_suffix(ctx, key, suffix, out) {
            Outcome::Passes if ctx.target.runtime == Runtime::Rust => {
                out.push(Diagnostic::new(
                    Code::UnimplementedKey,
                    Some(key),
                    format!("Enabled on the node, but runtime-rs knows no such hypervisor key: it fails the pod (\"Invalid annotation type\").{fix}"),
                ));
                return;
            }
            Outcome::Ignored | Outcome::FailsPod if fix.is_empty() => return,
            _ => {}
        }
    }
    out.push(Diagnostic::new(
        Code::UnknownKey,
        Some(key),
        format!("No Kata runtime knows this key; it is ignored.{fix}"),
    ));
}

/// The catalog key closest to `key`, if one is close enough to be a typo.
pub fn did_you_mean(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    let best = catalog::ANNOTATIONS
        .iter()
        .filter(|a| !a.internal)
        .map(|a| (strsim::damerau_levenshtein(&key, a.key), a.key))
        .min_by_key(|(distance, _)| *distance)?;
    // Long keys share a long prefix: judge the distance against the suffix.
    let suffix_len = key.rsplit('.').next().map_or(key.len(), str::len).max(4);
    (best.0 <= (suffix_len / 3).max(2)).then_some(best.1)
}
