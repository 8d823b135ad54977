//! The request: the whole of a user's intent, as plain serde data. The URL
//! state, the JS API input and the Yew state all are (or hold) one request.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::policy::{NodePolicy, PolicyInput};
use crate::shim::Shim;
use crate::target::{Arch, Hypervisor, Runtime, Target};
use crate::version::Version;

/// What the user wants validated (and, later, rendered). Every field has a
/// default, so `{}` is a valid request; unknown fields are ignored so old
/// links and newer callers keep working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
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
    /// The Kata release on the node, `major.minor` (default: the newest this
    /// build knows). Verdicts, keys and shipped defaults follow it.
    #[cfg_attr(feature = "wasm-validate", tsify(type = "string"))]
    pub kata_version: Version,
    /// The kata-deploy shim the pod runs with (`qemu-coco-dev-runtime-rs`;
    /// `kata-<shim>` is accepted too). When set and known it decides the
    /// runtime and the hypervisor, and its shipped configuration is the node
    /// policy; when unset, the plain shim of `runtime` × `hypervisor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shim: Option<String>,
    /// The node policy; missing fields take the shipped defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyInput>,
    /// The workload the manifest describes.
    pub workload: Workload,
    /// How the containerd snippet is written.
    pub containerd: ContainerdOptions,
    /// How the admission policy is written.
    pub admission: AdmissionOptions,
}

/// The Kubernetes object kinds the manifest generator and the importer know.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
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
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
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
    /// The container's `resources` (requests and limits); empty leaves it out.
    pub resources: Resources,
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
            resources: Resources::default(),
            runtime_class_name: "kata".into(),
            include_runtime_class: false,
        }
    }
}

/// Which annotations containerd's `pod_annotations` forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Forwarding {
    /// Exactly the selected keys (least privilege).
    #[default]
    Exact,
    /// `io.katacontainers.*` (plus any selected key it does not cover).
    Wildcard,
}

/// What the API server does with a pod the admission policy refuses
/// (`validationActions` of the binding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
pub enum AdmissionAction {
    /// Refuse the pod.
    #[default]
    Deny,
    /// Admit it, with a warning to the client: for a roll-out.
    Warn,
    /// Admit it and record the refusal in the audit log: for a roll-out.
    Audit,
}

/// Which Kata annotation keys the admission policy lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum AllowedKeys {
    /// The keys of the current selection only.
    #[default]
    Selection,
    /// Every key the runtime applies and the node policy enables.
    NodePolicy,
}

/// Options of the admission policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct AdmissionOptions {
    /// What happens to a refused pod.
    pub action: AdmissionAction,
    /// Which keys are allowed.
    pub keys: AllowedKeys,
    /// Namespaces the policy applies to, as labels `key=value,key=value`
    /// (empty: every namespace).
    pub namespace_labels: String,
}

/// Options of the containerd snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
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
        let shim = self.resolved_shim();
        let mut target = Target::of_shim(shim, self.kata_version).on(self.arch);
        if !shim.exists() {
            // No runtime ships this pair; keep it so the verdict can say so.
            target.runtime = self.runtime;
            target.hypervisor = self.hypervisor;
        }
        target
    }

    /// Whether `other` names the same target: [`Request::target`] reads
    /// these fields only, so a page compares them instead of resolving both.
    pub fn same_target(&self, other: &Request) -> bool {
        self.runtime == other.runtime
            && self.hypervisor == other.hypervisor
            && self.arch == other.arch
            && self.kata_version == other.kata_version
            && self.shim == other.shim
    }

    /// The shim the request names, or the plain one of its runtime and hypervisor.
    pub fn resolved_shim(&self) -> &'static Shim {
        self.shim
            .as_deref()
            .and_then(Shim::find)
            .unwrap_or_else(|| Shim::new(self.runtime, self.hypervisor))
    }

    /// Makes `shim` the target: sets the shim name and its runtime and hypervisor.
    pub fn set_shim(&mut self, shim: &'static Shim) {
        self.runtime = shim.runtime;
        self.hypervisor = shim.hypervisor;
        self.shim = Some(shim.name.to_owned());
    }

    /// Whether `self` and `other` differ at most in their annotations'
    /// values: the same keys, target, policy, workload and output options.
    /// The outputs' descriptions and settings (`render::describe`,
    /// `Setting::info`) read nothing else, so an editor redraws its forms and
    /// checklist only when this is false (a registry test holds them to it).
    pub fn same_but_values(&self, other: &Request) -> bool {
        // Destructured, so a new field cannot be left out of the comparison.
        let Request {
            annotations,
            // The target's fields, compared by `same_target`.
            runtime: _,
            hypervisor: _,
            arch: _,
            kata_version: _,
            shim: _,
            policy,
            workload,
            containerd,
            admission,
        } = self;
        annotations.keys().eq(other.annotations.keys())
            && self.same_target(other)
            && *policy == other.policy
            && *workload == other.workload
            && *containerd == other.containerd
            && *admission == other.admission
    }

    /// The node policy in force: the user's fields over the shipped defaults.
    pub fn node_policy(&self) -> NodePolicy {
        NodePolicy::resolve(self.policy.as_ref(), self.target())
    }
}

/// A container's CPU and memory, as Kubernetes quantities (`500m`, `2`,
/// `1Gi`); an empty text leaves the field out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Resources {
    /// `resources.requests.cpu`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cpu_request: String,
    /// `resources.requests.memory`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub memory_request: String,
    /// `resources.limits.cpu`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cpu_limit: String,
    /// `resources.limits.memory`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub memory_limit: String,
}

impl Resources {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}
