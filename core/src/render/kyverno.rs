//! The admission policy for clusters that run Kyverno: a `ClusterPolicy`
//! (`kyverno.io/v1`, Kyverno 1.13 and later: CEL validation with a rule-level
//! `failureAction`) holding the same CEL rules as the
//! ValidatingAdmissionPolicy, from the same [`crate::admission::plan`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::admission::{
    header, policy_name, require_runtime_class, validations, Named, Selector, Validation, SETTINGS,
};
use super::registry::{Output, Placement, Tab};
use crate::admission::{self, namespace_labels};
use crate::request::{AdmissionAction, Request};
use crate::Error;

/// The Kyverno policy in the output list.
pub const OUTPUT: Output = Output {
    id: "kyverno-policy",
    title: "Kyverno ClusterPolicy",
    tab: Tab::ADMISSION,
    media_type: "application/yaml",
    file_name,
    placement,
    settings: SETTINGS,
    generate,
};

fn file_name(request: &Request) -> String {
    format!("{}-kyverno.yaml", policy_name(request))
}

fn placement(request: &Request) -> Placement {
    Placement {
        path: None,
        how: format!(
            "Instead of the ValidatingAdmissionPolicy, where Kyverno 1.13 or later runs: kubectl \
             apply -f {}. Same rules; Warn admits the pod with a warning, Audit records it in a \
             policy report.",
            file_name(request)
        ),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClusterPolicy {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: Spec,
}

#[derive(Serialize)]
struct Metadata {
    name: String,
    annotations: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Spec {
    /// Admission only: a background scan would judge running pods, which
    /// Kata has already started.
    background: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    emit_warning: bool,
    rules: Vec<KyvernoRule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KyvernoRule {
    name: &'static str,
    #[serde(rename = "match")]
    matches: Match,
    cel_preconditions: Vec<Named>,
    validate: Validate,
}

#[derive(Serialize)]
struct Match {
    any: Vec<Filter>,
}

#[derive(Serialize)]
struct Filter {
    resources: Resources,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resources {
    kinds: [&'static str; 1],
    operations: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace_selector: Option<Selector>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Validate {
    failure_action: &'static str,
    cel: Cel,
}

#[derive(Serialize)]
struct Cel {
    expressions: Vec<Validation>,
}

fn generate(request: &Request) -> Result<String, Error> {
    require_runtime_class(request)?;
    let labels = namespace_labels(&request.admission.namespace_labels)?;
    let plan = admission::plan(request);
    let action = request.admission.action;
    let policy = ClusterPolicy {
        api_version: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: Metadata {
            // Not the ValidatingAdmissionPolicy's name: Kyverno's
            // generateValidatingAdmissionPolicy would create one of its own name.
            name: format!("{}-kyverno", policy_name(request)),
            annotations: [
                (
                    "policies.kyverno.io/title",
                    format!("Kata annotations for runtimeClassName {}", plan.runtime_class),
                ),
                // Kyverno copies Pod rules to workload controllers; 1.13.0
                    // drops celPreconditions in that copy (pkg/autogen/rule.go,
                    // fixed in 1.13.1), and a controller's object has no
                    // runtimeClassName anyway: pods are checked when created.
                (
                    "pod-policies.kyverno.io/autogen-controllers",
                    "none".to_owned(),
                ),
                (
                    "policies.kyverno.io/description",
                    "Refuses io.katacontainers.* keys and values the Kata runtime on the node would reject or ignore (see the comment above).".to_owned(),
                ),
            ]
            .into(),
        },
        spec: Spec {
            background: false,
            emit_warning: action == AdmissionAction::Warn,
            rules: vec![KyvernoRule {
                name: "kata-annotations",
                matches: Match {
                    any: vec![Filter {
                        resources: Resources {
                            kinds: ["Pod"],
                            operations: ["CREATE"],
                            namespace_selector: (!labels.is_empty())
                                .then_some(Selector { match_labels: labels }),
                        },
                    }],
                },
                cel_preconditions: vec![Named {
                    name: "kata-runtime-class",
                    expression: plan.match_condition.clone(),
                }],
                validate: Validate {
                    failure_action: match action {
                        AdmissionAction::Deny => "Enforce",
                        AdmissionAction::Warn | AdmissionAction::Audit => "Audit",
                    },
                    cel: Cel {
                        expressions: validations(&plan),
                    },
                },
            }],
        },
    };
    Ok(format!(
        "{}{}",
        header(request, &plan),
        crate::yaml::to_kubernetes_yaml(&policy)?
    ))
}
