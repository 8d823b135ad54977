//! The admission policy: CEL rules the API server evaluates on a pod that
//! runs with the chosen Kata RuntimeClass, from the same selection and node
//! policy the validator judges. A rule refuses exactly what the validator
//! reports with the codes it names ([`Rule::enforces`]); everything else
//! stays on the node ([`Plan::node_only`]).
//!
//! Kata gates only hypervisor keys, and only on the node (`enable_annotations`);
//! runtime, agent and container keys are never gated. The policy lets the
//! cluster refuse them, and typos, before a pod is scheduled.

pub mod pattern;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{self, KATA_PREFIX};
use crate::diagnostic::Code;
use crate::kind::{Kind, GO_FALSE, GO_TRUE};
use crate::request::{AllowedKeys, Request};
use crate::target::Runtime;
use crate::validate::{
    check_kubernetes_key, is_qualified_name_part, parse_failure_may_be_lenient, validate,
    WRONG_PREFIXES,
};
use crate::Error;

/// Findings about the key itself, which the key rules refuse: the key is
/// unknown, misspelled, removed, not read by the runtime, internal, not
/// implemented, not enabled, or in mixed case.
pub const KEY_CODES: &[Code] = &[
    Code::UnknownKey,
    Code::WrongPrefix,
    Code::RemovedKey,
    Code::NotReadByRuntime,
    Code::InternalKey,
    Code::UnimplementedKey,
    Code::NotEnabled,
    Code::MixedCaseKey,
];

/// Findings about a value's syntax, which the value rules refuse.
pub const VALUE_CODES: &[Code] = &[Code::InvalidValue, Code::ValueWraps];

/// The pod's annotations in CEL.
const ANNOTATIONS: &str = "object.metadata.annotations";

/// Why the API server refuses (`reason` of a validation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reason {
    /// The key is not allowed here.
    Forbidden,
    /// The value is not one the runtime accepts.
    Invalid,
}

/// One CEL validation: the pod passes when `expression` is true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// A stable name (`kata-keys`, `kata-prefixes`, `value-<short key>`).
    pub name: String,
    /// The CEL expression over `object` (the pod).
    pub expression: String,
    /// The message when it is false.
    pub message: String,
    /// A CEL message naming the offending key, when the rule covers many keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_expression: Option<String>,
    /// Forbidden (keys) or Invalid (values).
    pub reason: Reason,
    /// The key a value rule checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'static str>,
    /// The validator's codes this rule refuses.
    pub enforces: &'static [Code],
}

/// A key whose value only the node can judge, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeOnly {
    /// The key.
    pub key: String,
    /// What the node checks that the policy does not.
    pub why: String,
}

/// Everything the policy says, for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The RuntimeClass whose pods the policy checks.
    pub runtime_class: String,
    /// The CEL condition that selects those pods.
    pub match_condition: String,
    /// The Kata keys a pod may set.
    pub allowed: Vec<String>,
    /// The validations, keys first.
    pub rules: Vec<Rule>,
    /// The allowed keys whose values are left to the node.
    pub node_only: Vec<NodeOnly>,
}

/// The policy for `request`: its target, node policy, selection and
/// admission options.
pub fn plan(request: &Request) -> Plan {
    let runtime_class = request.workload.runtime_class_name.trim().to_owned();
    let allowed = allowed_keys(request);
    let target = request.target();
    let mut rules = vec![keys_rule(&allowed, &runtime_class), prefixes_rule()];
    let mut node_only = Vec::new();
    for key in &allowed {
        let Some(annotation) = catalog::find(key) else {
            continue;
        };
        let kind = annotation.support_at(target.runtime, target.version).kind();
        let checked = kind
            .filter(|_| !parse_failure_may_be_lenient(key, target.runtime))
            .and_then(|kind| value_syntax(kind, target.runtime));
        match checked {
            Some((regex, allowed_text)) => rules.push(value_rule(
                annotation.key,
                &regex,
                &allowed_text,
                target.runtime,
            )),
            None => node_only.push(NodeOnly {
                key: key.clone(),
                why: match kind {
                    Some(kind) => format!(
                        "syntax {}, and rules that depend on the node",
                        crate::kind::describe(kind, target.runtime)
                    ),
                    None => "no value syntax: the runtime does not parse it".to_owned(),
                },
            }),
        }
    }
    Plan {
        match_condition: match_condition(&runtime_class),
        runtime_class,
        allowed,
        rules,
        node_only,
    }
}

/// The Kata keys the policy lets through: every catalog key on which the
/// validator reports none of [`KEY_CODES`] for the request's target and
/// node policy (the key-level verdict does not depend on the value), and in
/// [`AllowedKeys::Selection`] mode only those the selection sets.
pub fn allowed_keys(request: &Request) -> Vec<String> {
    let passes = |key: &str| {
        let mut probe = request.clone();
        probe.annotations = [(key.to_owned(), String::new())].into();
        !validate(&probe)
            .diagnostics
            .iter()
            .any(|d| d.key.as_deref() == Some(key) && KEY_CODES.contains(&d.code))
    };
    let candidates: Vec<String> = match request.admission.keys {
        AllowedKeys::Selection => request
            .annotations
            .keys()
            .filter(|k| k.starts_with(KATA_PREFIX))
            .cloned()
            .collect(),
        AllowedKeys::NodePolicy => catalog::ANNOTATIONS
            .iter()
            .map(|a| a.key.to_owned())
            .collect(),
    };
    candidates.into_iter().filter(|k| passes(k)).collect()
}

/// `key=value,key=value` as labels; every key and value as Kubernetes checks them.
pub fn namespace_labels(text: &str) -> Result<BTreeMap<String, String>, Error> {
    let mut labels = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(Error::InvalidRequest(format!(
                "namespace labels: {pair:?} is not key=value"
            )));
        };
        let (key, value) = (key.trim(), value.trim());
        let mut problems = Vec::new();
        check_kubernetes_key(key, &mut problems);
        if key.is_empty() || !problems.is_empty() {
            return Err(Error::InvalidRequest(format!(
                "namespace labels: {key:?} is not a label key"
            )));
        }
        if !value.is_empty() && !is_qualified_name_part(value) {
            return Err(Error::InvalidRequest(format!(
                "namespace labels: {value:?} is not a label value (at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit)"
            )));
        }
        labels.insert(key.to_owned(), value.to_owned());
    }
    Ok(labels)
}

/// A CEL string literal (single quotes) of `text`.
pub fn cel_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The condition that selects the pods of `runtime_class`.
fn match_condition(runtime_class: &str) -> String {
    format!(
        "has(object.spec.runtimeClassName) && object.spec.runtimeClassName == {}",
        cel_string(runtime_class)
    )
}

fn cel_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|k| cel_string(k)).collect();
    format!("[{}]", items.join(", "))
}

/// Only the allowed `io.katacontainers.` keys.
fn keys_rule(allowed: &[String], runtime_class: &str) -> Rule {
    let list = cel_list(allowed);
    let prefix = cel_string(KATA_PREFIX);
    let which = if allowed.is_empty() {
        "none".to_owned()
    } else if allowed.len() <= 12 {
        allowed.join(", ")
    } else {
        format!("the {} keys listed in this policy", allowed.len())
    };
    Rule {
        name: "kata-keys".into(),
        expression: format!(
            "!has({ANNOTATIONS}) || {ANNOTATIONS}.all(k, !k.startsWith({prefix}) || k in {list})"
        ),
        message: format!(
            "Pods of runtimeClassName {runtime_class} may set only these Kata annotations: {which}."
        ),
        message_expression: Some(format!(
            "{} + {ANNOTATIONS}.filter(k, k.startsWith({prefix}) && !(k in {list}))[0] + {}",
            cel_string("annotation "),
            cel_string(&format!(
                " is not allowed on runtimeClassName {runtime_class}: allowed Kata annotations: {which}"
            ))
        )),
        reason: Reason::Forbidden,
        key: None,
        enforces: KEY_CODES,
    }
}

/// No near-miss prefix (`io.kata-containers.`, ...), and no mixed-case
/// `io.katacontainers.`: Kata reads neither, so the setting would be lost.
/// `lowerAscii()` (Kubernetes' CEL strings library) lowers ASCII letters
/// only, as the validator's `to_ascii_lowercase` does.
fn prefixes_rule() -> Rule {
    let misspelled: Vec<String> = WRONG_PREFIXES
        .iter()
        .chain(std::iter::once(&KATA_PREFIX))
        .map(|p| format!("k.lowerAscii().startsWith({})", cel_string(p)))
        .collect();
    let misspelled = format!("({})", misspelled.join(" || "));
    let prefix = cel_string(KATA_PREFIX);
    Rule {
        name: "kata-prefixes".into(),
        expression: format!(
            "!has({ANNOTATIONS}) || {ANNOTATIONS}.all(k, k.startsWith({prefix}) || !{misspelled})"
        ),
        message: format!(
            "Kata reads only annotation keys that start with {KATA_PREFIX} exactly (lowercase); a key like io.kata-containers.… is ignored."
        ),
        message_expression: Some(format!(
            "{} + {ANNOTATIONS}.filter(k, !k.startsWith({prefix}) && {misspelled})[0] + {}",
            cel_string("annotation "),
            cel_string(&format!(
                " is misspelled: Kata reads only keys that start with {KATA_PREFIX}"
            ))
        )),
        reason: Reason::Forbidden,
        key: None,
        enforces: &[Code::WrongPrefix, Code::MixedCaseKey],
    }
}

/// The regex a value of `kind` must match for `runtime`, and the allowed
/// values in words; `None` where CEL cannot say it exactly.
fn value_syntax(kind: Kind, runtime: Runtime) -> Option<(String, String)> {
    use pattern::{decimal_up_to, escape, RUST_WHITESPACE as WS};
    // runtime-rs parses with `str::parse` after `trim()`: an optional `+`
    // and leading zeros; Go's `strconv.ParseUint(v, 10, 64)` takes digits
    // only (kind/go_strconv.rs) and the uint32 fields wrap above u32::MAX,
    // which the validator reports as an error (KA402).
    let uint = |max: u64| match runtime {
        Runtime::Go => (
            format!("^0*(?:0|{})$", decimal_up_to(max)),
            format!("a decimal number from 0 to {max} (digits only)"),
        ),
        Runtime::Rust => (
            format!("^{WS}*\\+?0*(?:0|{}){WS}*$", decimal_up_to(max)),
            format!("a decimal number from 0 to {max}"),
        ),
    };
    Some(match kind {
        Kind::Bool => match runtime {
            // strconv.ParseBool.
            Runtime::Go => {
                let spellings: Vec<&str> = GO_TRUE.iter().chain(&GO_FALSE).copied().collect();
                let others: Vec<&str> = spellings
                    .iter()
                    .copied()
                    .filter(|s| !["true", "false"].contains(s))
                    .collect();
                (
                    format!("^(?:{})$", spellings.join("|")),
                    format!("true or false (or {})", others.join(", ")),
                )
            }
            Runtime::Rust => (
                format!("^{WS}*(?:true|false){WS}*$"),
                "true or false".to_owned(),
            ),
        },
        Kind::U32 => uint(u64::from(u32::MAX)),
        Kind::U64 => uint(u64::MAX),
        Kind::Enum(values) => {
            let escaped: Vec<String> = values.iter().map(|v| escape(v)).collect();
            (
                format!("^(?:{})$", escaped.join("|")),
                format!("one of {}", values.join(", ")),
            )
        }
        _ => return None,
    })
}

fn value_rule(key: &'static str, regex: &str, allowed: &str, runtime: Runtime) -> Rule {
    let name = format!(
        "value-{}",
        key.strip_prefix(KATA_PREFIX)
            .unwrap_or(key)
            .replace(['.', '_'], "-")
    );
    let literal = cel_string(key);
    Rule {
        name,
        expression: format!(
            "!has({ANNOTATIONS}) || !({literal} in {ANNOTATIONS}) || {ANNOTATIONS}[{literal}].matches({})",
            cel_string(regex)
        ),
        message: format!("{key} must be {allowed}: {} refuses anything else and the pod fails.", runtime.label()),
        message_expression: None,
        reason: Reason::Invalid,
        key: Some(key),
        enforces: VALUE_CODES,
    }
}
