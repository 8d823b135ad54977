//! Where each workload kind keeps its pod template, and the places where
//! annotations sit that never reach a pod.

use crate::request::WorkloadKind;

/// Where annotations sit in each kind, as paths of field names.
pub(super) struct Layout {
    /// The pod template's metadata: the right place.
    pub(super) template_metadata: &'static [&'static str],
    /// The pod spec.
    pub(super) pod_spec: &'static [&'static str],
    /// Other metadata Kubernetes does not copy to pods.
    pub(super) other_metadata: &'static [&'static [&'static str]],
    /// Objects where a bare `annotations` field is a mistake (Kubernetes has no such field).
    pub(super) stray: &'static [&'static [&'static str]],
}

pub(super) fn layout(kind: WorkloadKind) -> Layout {
    match kind {
        WorkloadKind::Pod => Layout {
            template_metadata: &["metadata"],
            pod_spec: &["spec"],
            other_metadata: &[],
            stray: &[&[], &["spec"]],
        },
        WorkloadKind::CronJob => Layout {
            template_metadata: &["spec", "jobTemplate", "spec", "template", "metadata"],
            pod_spec: &["spec", "jobTemplate", "spec", "template", "spec"],
            other_metadata: &[&["metadata"], &["spec", "jobTemplate", "metadata"]],
            stray: &[
                &[],
                &["spec"],
                &["spec", "jobTemplate"],
                &["spec", "jobTemplate", "spec"],
                &["spec", "jobTemplate", "spec", "template"],
                &["spec", "jobTemplate", "spec", "template", "spec"],
            ],
        },
        _ => Layout {
            template_metadata: &["spec", "template", "metadata"],
            pod_spec: &["spec", "template", "spec"],
            other_metadata: &[&["metadata"]],
            stray: &[
                &[],
                &["spec"],
                &["spec", "template"],
                &["spec", "template", "spec"],
            ],
        },
    }
}
