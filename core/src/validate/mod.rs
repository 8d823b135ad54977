//! The validator: every problem in a request, as the real runtimes, containerd
//! and Kubernetes would see it.
//!
//! Order of the checks mirrors the path an annotation takes: the API server
//! ([`kubernetes`]), the key itself ([`keys`]), the node policy ([`gate`]),
//! then the runtime parsing the value ([`value`], [`rules`]) and pairs of keys
//! ([`cross`]). Nothing stops at the first finding.

mod cross;
mod forwarding;
mod gate;
mod keys;
mod kubernetes;
mod plugins;
mod rules;
mod shared_mounts;
mod sizing;
mod value;

use std::collections::BTreeMap;

use crate::catalog::{self, Annotation};
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::policy::{EnableSet, NodePolicy};
use crate::request::Request;
use crate::target::Target;

/// The full key of a hypervisor annotation named by its suffix.
pub(crate) fn hv(name: &str) -> String {
    format!("{}{name}", catalog::HYPERVISOR_PREFIX)
}

/// Everything a check needs to know about the request.
pub(crate) struct Context<'a> {
    pub target: Target,
    pub policy: &'a NodePolicy,
    pub enable: EnableSet,
    pub annotations: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    /// What `runtime`, at the target's release, does with `annotation`.
    pub fn support(
        &self,
        annotation: &Annotation,
        runtime: crate::target::Runtime,
    ) -> catalog::Support {
        annotation.support_at(runtime, self.target.version)
    }

    /// The value a key has on the target: the request's (trimmed, when not
    /// blank), else the shim's shipped default.
    pub fn effective(&self, key: &str) -> Option<&str> {
        self.value_of(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .or_else(|| catalog::find(key).and_then(|a| a.default_for(self.target)))
    }

    /// The value of a catalog key, if the request sets it.
    pub fn value_of(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }
}

/// Whether `shim` at `version` applies `annotation` at all: its runtime reads
/// the key, its hypervisor backend uses it, and (for gated keys) whether the
/// shipped `enable_annotations` lets it through. `None`: never applied.
pub fn applies_on(
    annotation: &Annotation,
    shim: &crate::shim::Shim,
    version: crate::version::Version,
) -> Option<bool> {
    if !annotation.support_at(shim.runtime, version).applies()
        || (shim.runtime == crate::target::Runtime::Rust
            && plugins::rust_ignores(annotation.key, shim.hypervisor))
    {
        return None;
    }
    let enabled = match annotation.gate_name() {
        Some(name) => {
            let entries: Vec<String> = shim
                .enable_annotations(version)
                .iter()
                .map(|e| (*e).to_owned())
                .collect();
            EnableSet::new(&entries, shim.runtime).enables(name)
        }
        None => true,
    };
    Some(enabled)
}

/// Validates a request and returns every finding, most severe first.
pub fn validate(request: &Request) -> Report {
    let policy = request.node_policy();
    let target = request.target();
    let ctx = Context {
        target,
        policy: &policy,
        enable: EnableSet::new(&policy.enable_annotations, target.runtime),
        annotations: &request.annotations,
    };
    let mut out = Vec::new();
    gate::check_target(&ctx, &mut out);
    kubernetes::check(&request.annotations, &mut out);
    for (key, value) in &request.annotations {
        match catalog::find(key) {
            Some(annotation) => check_known(&ctx, annotation, value, &mut out),
            None => keys::check_unknown(&ctx, key, &mut out),
        }
    }
    cross::check(&ctx, &mut out);
    sizing::check(&ctx, &request.workload.resources, &mut out);
    out.sort_by(|a, b| {
        (a.severity, &a.key, a.code, &a.message).cmp(&(b.severity, &b.key, b.code, &b.message))
    });
    out.dedup();
    Report { diagnostics: out }
}

/// The checks for a key the catalog knows.
fn check_known(ctx: &Context<'_>, annotation: &Annotation, value: &str, out: &mut Vec<Diagnostic>) {
    let key = annotation.key;
    forwarding::check(annotation, out);
    if annotation.internal {
        out.push(Diagnostic::new(
            Code::InternalKey,
            Some(key),
            "The runtime sets this key itself and discards your value; remove it.",
        ));
        return;
    }
    // runtime-rs drops a key that is not enabled, so its value never matters;
    // Go fails the pod, and the value is still worth checking for the fix.
    let gate = gate::check_enabled(ctx, annotation, out);
    if gate == gate::Outcome::Ignored || !keys::check_support(ctx, annotation, gate, out) {
        return;
    }
    if let Some(risk) = annotation.risk {
        out.push(Diagnostic::new(Code::Risk, Some(key), risk).with_severity(
            if rules::is_security_critical(key) {
                crate::diagnostic::Severity::Warning
            } else {
                crate::diagnostic::Severity::Info
            },
        ));
    }
    value::check(ctx, annotation, value, out);
    gate::check_allow_list(ctx, annotation, value, out);
}

#[cfg(test)]
mod tests;
