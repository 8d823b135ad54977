//! The request: the whole of a user's intent, as plain serde data. The URL
//! state, the JS API input and the Yew state all are (or hold) one request.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::policy::{NodePolicy, PolicyInput};
use crate::target::{Arch, Hypervisor, Runtime, Target};

/// What the user wants validated (and, later, rendered). Every field has a
/// default, so `{}` is a valid request; unknown fields are ignored so old
/// links and newer callers keep working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Request {
    /// Annotation key → value, exactly as they would appear in the manifest.
    pub annotations: BTreeMap<String, String>,
    /// The runtime that reads them (default: runtime-rs).
    pub runtime: Runtime,
    /// The hypervisor of the RuntimeClass (default: QEMU).
    pub hypervisor: Hypervisor,
    /// The node architecture (default: x86_64).
    pub arch: Arch,
    /// The node policy; missing fields take the shipped defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyInput>,
    /// The workload the manifest describes.
    pub workload: Workload,
    /// How the containerd snippet is written.
    pub containerd: ContainerdOptions,
}

/// The Kubernetes object kinds the manifest generator and the importer know.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum WorkloadKind {
    /// A bare Pod.
    #[default]
    Pod,
    /// apps/v1 Deployment.
    Deployment,
    /// apps/v1 StatefulSet.
    StatefulSet,
    /// apps/v1 DaemonSet.
    DaemonSet,
    /// apps/v1 ReplicaSet.
    ReplicaSet,
    /// batch/v1 Job.
    Job,
    /// batch/v1 CronJob.
    CronJob,
}

impl WorkloadKind {
    /// Every kind.
    pub const ALL: [WorkloadKind; 7] = [
        WorkloadKind::Pod,
        WorkloadKind::Deployment,
        WorkloadKind::StatefulSet,
        WorkloadKind::DaemonSet,
        WorkloadKind::ReplicaSet,
        WorkloadKind::Job,
        WorkloadKind::CronJob,
    ];

    /// The `kind:` field.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Pod => "Pod",
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::ReplicaSet => "ReplicaSet",
            WorkloadKind::Job => "Job",
            WorkloadKind::CronJob => "CronJob",
        }
    }

    /// The `apiVersion:` field.
    pub fn api_version(self) -> &'static str {
        match self {
            WorkloadKind::Pod => "v1",
            WorkloadKind::Job | WorkloadKind::CronJob => "batch/v1",
            _ => "apps/v1",
        }
    }

    /// Parses a `kind:` value.
    pub fn from_kind(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == kind)
    }
}

/// The workload around the annotations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Workload {
    /// The object kind.
    pub kind: WorkloadKind,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`; empty leaves it out.
    pub namespace: String,
    /// The container's name.
    pub container_name: String,
    /// The container's image.
    pub image: String,
    /// The container's command; empty leaves it out.
    pub command: Vec<String>,
    /// `spec.runtimeClassName`, which is also the RuntimeClass's name.
    pub runtime_class_name: String,
    /// Also emit the RuntimeClass object as a second document.
    pub include_runtime_class: bool,
}

impl Default for Workload {
    fn default() -> Self {
        Self {
            kind: WorkloadKind::Pod,
            name: "kata-pod".into(),
            namespace: String::new(),
            container_name: "app".into(),
            image: "busybox:1.36".into(),
            command: vec!["sleep".into(), "infinity".into()],
            runtime_class_name: "kata".into(),
            include_runtime_class: false,
        }
    }
}

/// Which annotations containerd's `pod_annotations` forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Forwarding {
    /// Exactly the selected keys (least privilege).
    #[default]
    Exact,
    /// `io.katacontainers.*` (plus any selected key it does not cover).
    Wildcard,
}

/// Options of the containerd snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerdOptions {
    /// The containerd config `version` (1, 2, 3; 4 writes the same runtime table as 3).
    pub config_version: u8,
    /// The runtime handler name (the RuntimeClass `handler`).
    pub handler: String,
    /// Exact keys or the wildcard.
    pub forwarding: Forwarding,
    /// Add kata-deploy's `runtime_path` for the chosen runtime.
    pub runtime_path: bool,
    /// Add kata-deploy's `options.ConfigPath` for the chosen runtime and hypervisor.
    pub config_path: bool,
}

impl Default for ContainerdOptions {
    fn default() -> Self {
        Self {
            config_version: 3,
            handler: "kata".into(),
            forwarding: Forwarding::Exact,
            runtime_path: false,
            config_path: false,
        }
    }
}

impl Request {
    /// The runtime, hypervisor and architecture.
    pub fn target(&self) -> Target {
        Target {
            runtime: self.runtime,
            hypervisor: self.hypervisor,
            arch: self.arch,
        }
    }

    /// The node policy in force: the user's fields over the shipped defaults.
    pub fn node_policy(&self) -> NodePolicy {
        NodePolicy::resolve(self.policy.as_ref(), self.target())
    }
}
