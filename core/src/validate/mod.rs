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
pub(crate) use keys::WRONG_PREFIXES;
mod kubernetes;
pub(crate) use kubernetes::{check_key as check_kubernetes_key, is_qualified_name_part};
mod plugins;
mod rules;
pub(crate) use rules::parse_failure_may_be_lenient;
mod shared_mounts;
mod sizing;
mod value;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use crate::catalog::{self, Annotation};
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::policy::{EnableSet, NodePolicy, PolicyInput};
use crate::remembered;
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
    pub enable: &'a EnableSet,
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

    /// [`Context::value_of`] the hypervisor key `name` (its short name).
    pub fn hv_value(&self, name: &str) -> Option<&str> {
        with_hv_key(name, |key| self.value_of(key))
    }

    /// [`Context::effective`] of the hypervisor key `name` (its short name).
    pub fn hv_effective(&self, name: &str) -> Option<&str> {
        with_hv_key(name, |key| self.effective(key))
    }
}

/// Calls `f` with the hypervisor key `name`, spelled out on the stack: the
/// rules across keys look up dozens of keys by short name on every call,
/// and a heap string each would cost more than the lookups.
fn with_hv_key<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    let prefix = catalog::HYPERVISOR_PREFIX.as_bytes();
    let mut buffer = [0u8; 128];
    let len = prefix.len() + name.len();
    if let Some(spelled) = buffer.get_mut(..len) {
        spelled[..prefix.len()].copy_from_slice(prefix);
        spelled[prefix.len()..].copy_from_slice(name.as_bytes());
        if let Ok(key) = std::str::from_utf8(spelled) {
            return f(key);
        }
    }
    f(&hv(name))
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

/// The keys whose values the per-key checks read besides the key's own
/// (runtime-rs' block-device rules look at `disable_block_device_use`,
/// `plugins::block_devices_off`). The per-key checks see only these, so a
/// rule that reads any other key fails its own tests instead of making a
/// cached verdict stale.
const CONTEXT_KEYS: &[&str] = &["io.katacontainers.config.hypervisor.disable_block_device_use"];

/// Validates a request and returns every finding, most severe first.
pub fn validate(request: &Request) -> Report {
    let findings = Validator::default().findings(request);
    // The validator and its memory are gone: each finding has one owner
    // left and is moved out, not copied.
    Report {
        diagnostics: findings.into_iter().map(Arc::unwrap_or_clone).collect(),
    }
}

/// A validator that remembers each key's findings between calls, for an
/// editor that validates after every keystroke.
///
/// A key's findings depend on its value, the target, the node policy and
/// the [`CONTEXT_KEYS`]; while those stay the same, a key whose value did
/// not change keeps its findings and only the edited key is checked again.
/// The checks across keys (pairs, VM sizing, Kubernetes' size limit) run on
/// every call. `Validator::validate` and [`validate`] give the same report.
#[derive(Debug, Default)]
pub struct Validator {
    memo: Option<Memo>,
}

/// What the last call saw, and each key's findings then.
#[derive(Debug)]
struct Memo {
    target: Target,
    /// The request's policy as written: while it and the target stay the
    /// same, the resolved `policy` does too.
    input: Option<PolicyInput>,
    policy: NodePolicy,
    enable: EnableSet,
    context: BTreeMap<String, String>,
    /// Each key's findings for its value, in key order.
    keys: Vec<remembered::Entry<Checked>>,
}

/// What the validator remembers of one key and its value.
#[derive(Debug)]
struct Checked {
    /// The findings of the key's checks, shared with the reports that hold
    /// them: first the `own` ones about the key itself, then any about
    /// another key.
    findings: Vec<Arc<Diagnostic>>,
    own: usize,
    /// Whether the key changes when lower-cased (`kubernetes::folds`).
    folds: bool,
}

impl Checked {
    /// `findings` of `key`'s checks, its own first.
    fn new(key: &str, mut findings: Vec<Diagnostic>) -> Self {
        // Stable, so each part keeps its order.
        findings.sort_by_key(|d| d.key.as_deref() != Some(key));
        let own = findings
            .iter()
            .take_while(|d| d.key.as_deref() == Some(key))
            .count();
        Self {
            findings: findings.into_iter().map(Arc::new).collect(),
            own,
            folds: kubernetes::folds(key),
        }
    }
}

impl Validator {
    /// Every finding for `request`, most severe first.
    pub fn validate(&mut self, request: &Request) -> Report {
        Report {
            diagnostics: self
                .findings(request)
                .into_iter()
                .map(Arc::unwrap_or_clone)
                .collect(),
        }
    }

    /// The findings of [`Validator::validate`], shared with the validator's
    /// memory: a finding of a key that did not change is the very one the
    /// last call returned, so an editor compares findings by pointer and
    /// copies none.
    pub fn findings(&mut self, request: &Request) -> Vec<Arc<Diagnostic>> {
        let target = request.target();
        let context: BTreeMap<String, String> = CONTEXT_KEYS
            .iter()
            .filter_map(|k| Some(((*k).to_owned(), request.annotations.get(*k)?.clone())))
            .collect();
        let memo = match self.memo.take() {
            Some(memo)
                if memo.target == target
                    && memo.input == request.policy
                    && memo.context == context =>
            {
                memo
            }
            _ => {
                let policy = NodePolicy::resolve(request.policy.as_ref(), target);
                Memo {
                    enable: EnableSet::new(&policy.enable_annotations, target.runtime),
                    target,
                    input: request.policy.clone(),
                    policy,
                    context,
                    keys: Vec::new(),
                }
            }
        };
        let Memo {
            keys: remembered, ..
        } = memo;
        let whole = Context {
            target,
            policy: &memo.policy,
            enable: &memo.enable,
            annotations: &request.annotations,
        };
        let per_key = Context {
            annotations: &memo.context,
            ..whole
        };
        let mut before = Vec::new();
        gate::check_target(&whole, &mut before);
        let Ok(kept) = remembered::refresh(remembered, &request.annotations, |key, value| {
            Ok::<_, Infallible>(Checked::new(key, fresh(&per_key, key, value)))
        });
        let folding: Vec<&str> = kept
            .iter()
            .filter(|(_, _, checked)| checked.folds)
            .map(|(key, _, _)| key.as_str())
            .collect();
        kubernetes::check(&request.annotations, &folding, &mut before);
        let mut after = Vec::new();
        cross::check(&whole, &mut after);
        sizing::check(&whole, &request.workload.resources, &mut after);
        let out = sorted(&kept, before, after);
        self.memo = Some(Memo { keys: kept, ..memo });
        out
    }
}

/// Every finding, most severe first: sorted by severity, key, code and
/// message, without duplicates.
///
/// A key is compared by its place among the request's keys (`kept` is in
/// key order) rather than by its text, which keeps the order and saves a
/// string comparison per step of the sort. A finding about a key the
/// request does not set sits between its neighbours (an odd place) and
/// falls back to the text against another such key. Equal findings keep
/// the order they came in: `before`, each key's, then `after`.
fn sorted(
    kept: &[remembered::Entry<Checked>],
    before: Vec<Diagnostic>,
    after: Vec<Diagnostic>,
) -> Vec<Arc<Diagnostic>> {
    let place = |key: &Option<String>| match key {
        None => 0,
        Some(key) => match kept.binary_search_by(|(k, _, _)| k.as_str().cmp(key)) {
            Ok(i) => 2 * i + 2,
            Err(i) => 2 * i + 1,
        },
    };
    let mut placed: Vec<(usize, Arc<Diagnostic>)> = before
        .into_iter()
        .map(|d| (place(&d.key), Arc::new(d)))
        .collect();
    for (i, (_, _, checked)) in kept.iter().enumerate() {
        let (own, others) = checked.findings.split_at(checked.own);
        placed.extend(own.iter().map(|d| (2 * i + 2, d.clone())));
        placed.extend(others.iter().map(|d| (place(&d.key), d.clone())));
    }
    placed.extend(after.into_iter().map(|d| (place(&d.key), Arc::new(d))));
    placed.sort_by(|(pa, a), (pb, b)| {
        a.severity
            .cmp(&b.severity)
            .then(pa.cmp(pb))
            .then_with(|| {
                if pa % 2 == 1 {
                    a.key.cmp(&b.key)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then(a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    let mut out: Vec<Arc<Diagnostic>> = placed.into_iter().map(|(_, d)| d).collect();
    out.dedup();
    out
}

/// The findings about one key, checked now.
fn fresh(ctx: &Context<'_>, key: &str, value: &str) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    check_key(ctx, key, value, &mut findings);
    findings
}

/// The findings about one key, known to the catalog or not.
fn check_key(ctx: &Context<'_>, key: &str, value: &str, out: &mut Vec<Diagnostic>) {
    kubernetes::check_key(key, out);
    match catalog::find(key) {
        Some(annotation) => check_known(ctx, annotation, value, out),
        None => keys::check_unknown(ctx, key, out),
    }
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
