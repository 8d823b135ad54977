//! containerd's gate: `pod_annotations` forwards only the keys it matches
//! (Go `path.Match`, see `crate::path_match`); every other
//! annotation is dropped before Kata starts. kata-deploy configures every
//! Kata handler with `pod_annotations = ["io.katacontainers.*"]`, so a key
//! Kata reads outside that prefix never arrives unless the node's list names
//! it (`tools/packaging/kata-deploy` in the Kata repository writes that
//! pattern; containerd's `GetPassthroughAnnotations` applies it).

use crate::catalog::Annotation;
use crate::diagnostic::{Code, Diagnostic};
use crate::path_match::{path_match, KATA_WILDCARD};

/// KA601 for a catalog key that kata-deploy's containerd pattern drops.
pub(super) fn check(annotation: &Annotation, out: &mut Vec<Diagnostic>) {
    if path_match(KATA_WILDCARD, annotation.key) {
        return;
    }
    out.push(Diagnostic::new(
        Code::NotForwarded,
        Some(annotation.key),
        format!(
            "containerd drops this key on a kata-deploy node: its pod_annotations is [\"{KATA_WILDCARD}\"]. Add the key to pod_annotations (the containerd tab's snippet lists it) or Kata never sees it."
        ),
    ));
}
