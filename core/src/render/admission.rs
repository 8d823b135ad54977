//! The admission policy as Kubernetes objects: a `ValidatingAdmissionPolicy`
//! and its `ValidatingAdmissionPolicyBinding` (`admissionregistration.k8s.io/v1`,
//! built into Kubernetes 1.30 and later) holding the CEL rules of
//! [`crate::admission::plan`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::comment_block;
use super::registry::{file_name_part, Output, Placement, Tab};
use super::setting::Setting;
use crate::admission::{self, namespace_labels, Plan, Reason};
use crate::request::{AdmissionAction, AllowedKeys, Request};
use crate::Error;

/// The admission policy in the output list.
pub const OUTPUT: Output = Output {
    id: "admission-policy",
    title: "ValidatingAdmissionPolicy",
    tab: Tab::ADMISSION,
    media_type: "application/yaml",
    file_name,
    placement,
    settings: SETTINGS,
    generate,
};

/// The form of both admission policies (this one and Kyverno's).
pub(super) const SETTINGS: &[Setting] = &[
    Setting::AdmissionAction,
    Setting::AdmissionKeys,
    Setting::AdmissionNamespaces,
    Setting::RuntimeClassName,
];

fn file_name(request: &Request) -> String {
    format!("{}.yaml", policy_name(request))
}

fn placement(request: &Request) -> Placement {
    Placement {
        path: None,
        how: format!(
            "Apply it to the cluster (Kubernetes 1.30 or later): kubectl apply -f {}. The API \
             server then checks every new pod of runtimeClassName {}; start with Warn or Audit \
             to see what it would refuse.",
            file_name(request),
            request.workload.runtime_class_name.trim()
        ),
    }
}

/// `kata-annotations-<runtime class>`: one policy per RuntimeClass.
pub(super) fn policy_name(request: &Request) -> String {
    let class: String = file_name_part(&request.workload.runtime_class_name)
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("kata-annotations-{}", class.trim_matches(['-', '.']))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Object<S> {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: S,
}

#[derive(Serialize)]
struct Metadata {
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicySpec {
    failure_policy: &'static str,
    match_constraints: MatchConstraints,
    match_conditions: Vec<Named>,
    validations: Vec<Validation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchConstraints {
    resource_rules: Vec<ResourceRule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceRule {
    api_groups: [&'static str; 1],
    api_versions: [&'static str; 1],
    operations: [&'static str; 1],
    resources: [&'static str; 1],
}

/// A named CEL condition (`matchConditions`, Kyverno's `celPreconditions`).
#[derive(Serialize)]
pub(super) struct Named {
    pub(super) name: &'static str,
    pub(super) expression: String,
}

/// One CEL validation, as both Kubernetes and Kyverno write it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Validation {
    expression: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_expression: Option<String>,
    reason: Reason,
}

/// The plan's rules as validations.
pub(super) fn validations(plan: &Plan) -> Vec<Validation> {
    plan.rules
        .iter()
        .map(|rule| Validation {
            expression: rule.expression.clone(),
            message: rule.message.clone(),
            message_expression: rule.message_expression.clone(),
            reason: rule.reason,
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BindingSpec {
    policy_name: String,
    validation_actions: [AdmissionAction; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    match_resources: Option<MatchResources>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchResources {
    namespace_selector: Selector,
}

/// A label selector with labels only.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Selector {
    pub(super) match_labels: BTreeMap<String, String>,
}

/// The header: what the policy enforces and what stays on the node.
pub(super) fn header(request: &Request, plan: &Plan) -> String {
    let target = request.target();
    let mut lines = vec![
        format!(
            "Kata annotations admission policy for pods of runtimeClassName {}: {} on Kata {}, from the configurator's selection and node policy.",
            plan.runtime_class,
            target.runtime.label(),
            target.version
        ),
        String::new(),
        "The API server refuses such a pod when it sets:".to_owned(),
        format!(
            "- an io.katacontainers.* key other than {} ({} key(s));",
            match request.admission.keys {
                AllowedKeys::Selection => "the selected ones the node applies",
                AllowedKeys::NodePolicy => "those the runtime applies and the node policy enables",
            },
            plan.allowed.len()
        ),
        "- a misspelled prefix (io.kata-containers., kata., ...) or mixed case;".to_owned(),
        format!(
            "- a value the runtime cannot parse, for the {} key(s) whose syntax CEL says exactly (booleans, unsigned integers, enums).",
            plan.rules.iter().filter(|r| r.key.is_some()).count()
        ),
    ];
    let left_out: Vec<&String> = request
        .annotations
        .keys()
        .filter(|k| k.starts_with(crate::catalog::KATA_PREFIX) && !plan.allowed.contains(k))
        .collect();
    if request.admission.keys == AllowedKeys::Selection && !left_out.is_empty() {
        lines.push(
            "Selected keys it refuses too, because the node would refuse or ignore them (see Problems):"
                .to_owned(),
        );
        lines.extend(left_out.iter().map(|k| format!("  {k}")));
    }
    lines.extend([
        String::new(),
        "Only the node checks the rest, so this policy is not the whole validator:".to_owned(),
        "- ranges that depend on the node or on other keys (memory minimums, vCPUs, ports);"
            .to_owned(),
        "- valid_* path lists (the node matches globs and reads its files);".to_owned(),
        "- whether containerd forwards the key (pod_annotations) and what the VM gets;".to_owned(),
    ]);
    if !plan.node_only.is_empty() {
        lines.push("- the values of these allowed keys, whose syntax CEL cannot say exactly (sizes, floats, lists, paths, kernel parameters) or which the runtime corrects instead of failing:".to_owned());
        lines.extend(plan.node_only.iter().map(|n| format!("  {}", n.key)));
    }
    lines.push(String::new());
    lines.push(
        "Pods of other RuntimeClasses are not checked. Only pod creation is checked: Kata reads annotations when it starts the sandbox, and updates (finalizers, labels) must not be refused.".to_owned(),
    );
    comment_block(lines)
}

/// Fails when the request names no RuntimeClass: a policy for every pod
/// would refuse Kata keys on pods that never run Kata.
pub(super) fn require_runtime_class(request: &Request) -> Result<(), Error> {
    if request.workload.runtime_class_name.trim().is_empty() {
        return Err(Error::InvalidRequest(
            "the admission policy needs the RuntimeClass of the Kata pods (runtimeClassName)"
                .into(),
        ));
    }
    Ok(())
}

/// The policy and its binding, as two YAML documents.
fn generate(request: &Request) -> Result<String, Error> {
    require_runtime_class(request)?;
    let labels = namespace_labels(&request.admission.namespace_labels)?;
    let plan = admission::plan(request);
    let name = policy_name(request);
    let policy = Object {
        api_version: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: Metadata { name: name.clone() },
        spec: PolicySpec {
            failure_policy: "Fail",
            match_constraints: MatchConstraints {
                resource_rules: vec![ResourceRule {
                    api_groups: [""],
                    api_versions: ["v1"],
                    operations: ["CREATE"],
                    resources: ["pods"],
                }],
            },
            match_conditions: vec![Named {
                name: "kata-runtime-class",
                expression: plan.match_condition.clone(),
            }],
            validations: validations(&plan),
        },
    };
    let binding = Object {
        api_version: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: Metadata { name: name.clone() },
        spec: BindingSpec {
            policy_name: name,
            validation_actions: [request.admission.action],
            match_resources: (!labels.is_empty()).then_some(MatchResources {
                namespace_selector: Selector {
                    match_labels: labels,
                },
            }),
        },
    };
    Ok(format!(
        "{}{}---\n{}",
        header(request, &plan),
        crate::yaml::to_kubernetes_yaml(&policy)?,
        crate::yaml::to_kubernetes_yaml(&binding)?
    ))
}
