//! Kata annotations in places Kubernetes does not copy to pods.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::request::WorkloadKind;

use super::is_kata_key;

/// What one workload's misplaced annotations are measured against.
pub(super) struct Placement<'w> {
    /// The workload kind, to name whose metadata a key sits in.
    pub(super) kind: WorkloadKind,
    /// Where annotations belong: the pod template's `metadata.annotations`, dotted.
    pub(super) right: String,
    /// The annotations found there: a misplaced key with the same value is a harmless copy.
    pub(super) annotations: &'w BTreeMap<String, String>,
}

impl Placement<'_> {
    /// Reports the Kata keys of `map`, found at `where_`, which Kubernetes does not copy to
    /// pods; `stray` when `where_` is not a Kubernetes field at all. Each key also goes into
    /// `misplaced`.
    pub(super) fn report(
        &self,
        map: BTreeMap<String, String>,
        where_: &str,
        stray: bool,
        misplaced: &mut BTreeMap<String, String>,
        out: &mut Vec<Diagnostic>,
    ) {
        let right = &self.right;
        for (key, value) in map {
            if !is_kata_key(&key) {
                continue;
            }
            let diagnostic = if stray {
                Diagnostic::new(
                    Code::MisplacedAnnotation,
                    Some(&key),
                    format!("{where_} is not a Kubernetes field: kubectl's strict validation rejects the object and lenient clients drop it, so the pod never gets this annotation. Move it to {right}."),
                )
                .with_severity(Severity::Error)
            } else if self.annotations.get(&key) == Some(&value) {
                Diagnostic::new(
                    Code::MisplacedAnnotation,
                    Some(&key),
                    format!("Also set in {where_}, which Kubernetes does not copy to pods; the copy in {right} is the one that counts, so this one can go."),
                )
                .with_severity(Severity::Info)
            } else {
                let owner = if where_.starts_with("spec.jobTemplate") {
                    "the Job template's own metadata"
                } else {
                    match self.kind {
                        WorkloadKind::CronJob => "the CronJob's own metadata",
                        _ => "the controller's own metadata",
                    }
                };
                Diagnostic::new(
                    Code::MisplacedAnnotation,
                    Some(&key),
                    format!("In {where_} ({owner}): Kubernetes does not copy it to pods, so Kata never sees it. Move it to {right}."),
                )
            };
            out.push(diagnostic);
            misplaced.insert(key, value);
        }
    }
}
