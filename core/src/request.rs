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
