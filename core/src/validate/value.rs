//! The value as the runtime parses it, then the per-key rules.

use crate::catalog::{Annotation, Support};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::kind::{self, Parsed};
use crate::target::Runtime;

use super::{plugins, rules, Context};

/// Parses the value as the target runtime does, then applies the key's rules.
pub(crate) fn check(
    ctx: &Context<'_>,
    annotation: &Annotation,
    value: &str,
    out: &mut Vec<Diagnostic>,
) {
    let runtime = ctx.target.runtime;
    let key = annotation.key;
    let Some(kind) = ctx.support(annotation, runtime).kind() else {
        return;
    };
    match kind::parse(kind, runtime, value) {
        Err(error) => {
            if let Some(findings) = rules::lenient_parse_failure(ctx, key, value) {
                out.extend(findings);
            } else {
                out.push(Diagnostic::new(
                    Code::InvalidValue,
                    Some(key),
                    format!(
                        "{} rejects {value:?} and the pod fails: {error}",
                        runtime.label()
                    ),
                ));
            }
        }
        Ok(parsed) => {
            match &parsed {
                Parsed::Uint {
                    value: stored,
                    wrapped_from: Some(original),
                } => out.push(Diagnostic::new(
                    Code::ValueWraps,
                    Some(key),
                    format!("The Go runtime stores this in 32 bits: {original} silently becomes {stored}. Use at most 4294967295."),
                )),
                Parsed::MemoryMib(None) => out.push(Diagnostic::new(
                    Code::ValueIgnored,
                    Some(key),
                    format!("runtime-rs cannot read {value:?} as a size and silently keeps the configured memory. Write MiB as a plain number (e.g. 4096) or with a unit (4Gi)."),
                )),
                _ => {}
            }
            rules::check(ctx, annotation, value, &parsed, out);
            plugins::check(ctx, annotation, value, &parsed, out);
            check_canonical(annotation, value, out);
        }
    }
    check_other_runtime(ctx, annotation, value, out);
}

/// Suggests the canonical spelling when the value has one and differs from it.
fn check_canonical(annotation: &Annotation, value: &str, out: &mut Vec<Diagnostic>) {
    let Some(kind) = annotation.go.kind().or(annotation.rust.kind()) else {
        return;
    };
    if let Some(canonical) = kind::canonical(kind, value) {
        if canonical != value {
            out.push(Diagnostic::new(
                Code::NonCanonical,
                Some(annotation.key),
                format!("Write {canonical:?}: the one spelling both runtimes read the same way."),
            ));
        }
    }
}

/// Notes when the other runtime would judge the same value differently, so
/// a switch of RuntimeClass does not come as a surprise.
fn check_other_runtime(
    ctx: &Context<'_>,
    annotation: &Annotation,
    value: &str,
    out: &mut Vec<Diagnostic>,
) {
    let runtime = ctx.target.runtime;
    let other = match runtime {
        Runtime::Go => Runtime::Rust,
        Runtime::Rust => Runtime::Go,
    };
    let (Support::Reads { kind: here }, Support::Reads { kind: there }) = (
        ctx.support(annotation, runtime),
        ctx.support(annotation, other),
    ) else {
        return;
    };
    let ok_here = kind::parse(here, runtime, value).is_ok();
    if let (true, Err(error)) = (ok_here, kind::parse(there, other, value)) {
        out.push(
            Diagnostic::new(
                Code::RuntimeDifference,
                Some(annotation.key),
                format!(
                    "{} accepts this, but {} would reject it: {error}",
                    runtime.label(),
                    other.label()
                ),
            )
            .with_severity(Severity::Info),
        );
    }
}
