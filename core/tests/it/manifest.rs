//! The manifest generator, checked against Kubernetes' typed API structs.

use std::collections::BTreeMap;

use k8s_openapi::api::{apps, batch, core as k8s_core, node};
use kata_annotations::render::manifest::manifest;
use kata_annotations::request::{Request, Workload, WorkloadKind};
use serde::de::DeserializeOwned;

fn request(kind: WorkloadKind) -> Request {
    Request {
        annotations: BTreeMap::from([
            (
                "io.katacontainers.config.hypervisor.default_memory".to_owned(),
                "4096".to_owned(),
            ),
            (
                "io.katacontainers.config.runtime.disable_guest_seccomp".to_owned(),
                "false".to_owned(),
            ),
            (
                "io.katacontainers.config.hypervisor.machine_accelerators".to_owned(),
                "on".to_owned(),
            ),
            (
                "io.katacontainers.config.hypervisor.kernel_params".to_owned(),
                "agent.log=debug quiet".to_owned(),
            ),
        ]),
        workload: Workload {
            kind,
            name: "web".into(),
            namespace: "team-a".into(),
            include_runtime_class: true,
            ..Workload::default()
        },
        ..Request::default()
    }
}

fn documents(text: &str) -> Vec<serde_yaml::Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|doc| serde::Deserialize::deserialize(doc).expect("valid YAML"))
        .collect()
}

fn typed<T: DeserializeOwned>(doc: &serde_yaml::Value) -> T {
    serde_yaml::from_value(doc.clone()).expect("deserializes into the typed Kubernetes object")
}

/// The controller's own annotations and its pod template's.
type Placement = (
    Option<BTreeMap<String, String>>,
    Option<BTreeMap<String, String>>,
);

fn expected() -> BTreeMap<String, String> {
    request(WorkloadKind::Pod).annotations
}

#[test]
fn pod_carries_annotations_on_its_own_metadata() {
    let docs = documents(&manifest(&request(WorkloadKind::Pod)).expect("renders"));
    let pod: k8s_core::v1::Pod = typed(&docs[0]);
    assert_eq!(pod.metadata.annotations, Some(expected()));
    assert_eq!(pod.metadata.namespace.as_deref(), Some("team-a"));
    let spec = pod.spec.expect("spec");
    assert_eq!(spec.runtime_class_name.as_deref(), Some("kata"));
    assert_eq!(
        spec.containers[0].command,
        Some(vec!["sleep".into(), "infinity".into()])
    );
}

#[test]
fn controllers_carry_annotations_on_the_pod_template_only() {
    let check = |kind: WorkloadKind, template: fn(&serde_yaml::Value) -> Placement| {
        let docs = documents(&manifest(&request(kind)).expect("renders"));
        let (own, pod) = template(&docs[0]);
        assert_eq!(
            own, None,
            "{kind:?}: the controller's own metadata must stay clean"
        );
        assert_eq!(pod, Some(expected()), "{kind:?}");
    };
    check(WorkloadKind::Deployment, |d| {
        let o: apps::v1::Deployment = typed(d);
        (
            o.metadata.annotations,
            o.spec.template.metadata.and_then(|m| m.annotations),
        )
    });
    check(WorkloadKind::StatefulSet, |d| {
        let o: apps::v1::StatefulSet = typed(d);
        (
            o.metadata.annotations,
            o.spec.template.metadata.and_then(|m| m.annotations),
        )
    });
    check(WorkloadKind::DaemonSet, |d| {
        let o: apps::v1::DaemonSet = typed(d);
        (
            o.metadata.annotations,
            o.spec.template.metadata.and_then(|m| m.annotations),
        )
    });
    check(WorkloadKind::ReplicaSet, |d| {
        let o: apps::v1::ReplicaSet = typed(d);
        (
            o.metadata.annotations,
            o.spec
                .template
                .and_then(|t| t.metadata)
                .and_then(|m| m.annotations),
        )
    });
    check(WorkloadKind::Job, |d| {
        let o: batch::v1::Job = typed(d);
        (
            o.metadata.annotations,
            o.spec
                .and_then(|s| s.template.metadata)
                .and_then(|m| m.annotations),
        )
    });
    check(WorkloadKind::CronJob, |d| {
        let o: batch::v1::CronJob = typed(d);
        (
            o.metadata.annotations,
            o.spec
                .job_template
                .spec
                .and_then(|s| s.template.metadata)
                .and_then(|m| m.annotations),
        )
    });
}

#[test]
fn selectors_match_template_labels() {
    let docs = documents(&manifest(&request(WorkloadKind::Deployment)).expect("renders"));
    let d: apps::v1::Deployment = typed(&docs[0]);
    let spec = d.spec;
    assert_eq!(
        spec.selector.match_labels,
        spec.template.metadata.and_then(|m| m.labels)
    );
}

#[test]
fn jobs_never_restart_in_place() {
    let docs = documents(&manifest(&request(WorkloadKind::Job)).expect("renders"));
    let job: batch::v1::Job = typed(&docs[0]);
    let policy = job
        .spec
        .and_then(|s| s.template.spec)
        .and_then(|s| s.restart_policy);
    assert_eq!(policy.as_deref(), Some("Never"));
}

#[test]
fn runtime_class_is_the_second_document() {
    let mut req = request(WorkloadKind::Pod);
    req.containerd.handler = "kata-qemu".into();
    let docs = documents(&manifest(&req).expect("renders"));
    assert_eq!(docs.len(), 2);
    let class: node::v1::RuntimeClass = typed(&docs[1]);
    assert_eq!(class.metadata.name.as_deref(), Some("kata"));
    assert_eq!(class.handler, "kata-qemu");
    req.workload.include_runtime_class = false;
    assert_eq!(documents(&manifest(&req).expect("renders")).len(), 1);
}

#[test]
fn every_value_is_a_quoted_string_where_yaml_would_retype_it() {
    let text = manifest(&request(WorkloadKind::Pod)).expect("renders");
    assert!(
        text.contains("io.katacontainers.config.runtime.disable_guest_seccomp: 'false'"),
        "{text}"
    );
    assert!(
        text.contains("io.katacontainers.config.hypervisor.default_memory: '4096'"),
        "{text}"
    );
    assert!(
        text.contains("io.katacontainers.config.hypervisor.machine_accelerators: 'on'"),
        "{text}"
    );
}

#[test]
fn output_is_deterministic() {
    let req = request(WorkloadKind::CronJob);
    assert_eq!(
        manifest(&req).expect("renders"),
        manifest(&req).expect("renders")
    );
}

#[test]
fn a_nameless_workload_is_an_error_not_a_broken_manifest() {
    let mut req = request(WorkloadKind::Pod);
    req.workload.name = " ".into();
    assert!(manifest(&req).is_err());
}

/// Every workload kind's manifest (with its RuntimeClass) passes
/// `kubernetes-validate --strict` at Kubernetes 1.30 and 1.37.
#[test]
fn kubernetes_validate_accepts_every_kind() {
    let texts: Vec<String> = WorkloadKind::ALL
        .into_iter()
        .map(|kind| manifest(&request(kind)).expect("renders"))
        .collect();
    for version in ["1.30.0", "1.37.0"] {
        let said = super::kubernetes_validate::check("manifest", &texts, version)
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        // Each file: the workload and its RuntimeClass.
        assert_eq!(
            said.matches(" passed for resource ").count(),
            2 * WorkloadKind::ALL.len(),
            "{version}: {said}"
        );
    }
}
