//! The short labels a catalog row shows about a key for the chosen target:
//! restricted, gated or enabled, which runtime applies it, removed, not
//! settable through Kubernetes. The UI and the JS package show these words;
//! only this module decides them.

use serde::Serialize;

use crate::catalog::{Annotation, Support};
use crate::target::{Runtime, Target};

/// What a badge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum BadgeKind {
    /// The value must match a `valid_*` list.
    Restricted,
    /// The node's `enable_annotations` matches the key.
    Enabled,
    /// The node's `enable_annotations` does not match the key.
    Gated,
    /// Only one runtime applies the key, or they read it differently.
    Support,
    /// The chosen runtime does not read the key.
    Unread,
    /// No runtime reads the key any more.
    Removed,
    /// The key is too long for the API server.
    Kubernetes,
}

impl BadgeKind {
    /// A stable class name for styling (`restricted`, `gated`, …).
    pub fn class(self) -> &'static str {
        match self {
            BadgeKind::Restricted => "restricted",
            BadgeKind::Enabled => "enabled",
            BadgeKind::Gated => "gated",
            BadgeKind::Support => "support",
            BadgeKind::Unread => "unread",
            BadgeKind::Removed => "removed",
            BadgeKind::Kubernetes => "k8s",
        }
    }
}

/// One badge: its kind, its text and the longer explanation (a tooltip).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Badge {
    /// What it says.
    pub kind: BadgeKind,
    /// The visible text.
    pub text: String,
    /// What it means, in a sentence.
    pub title: &'static str,
}

impl Badge {
    fn new(kind: BadgeKind, text: impl Into<String>, title: &'static str) -> Self {
        Self {
            kind,
            text: text.into(),
            title,
        }
    }
}

/// The short label for what each runtime does, when the runtimes differ.
fn support(go: Support, rust: Support, differs: bool) -> Option<Badge> {
    let (text, title) = match (go.applies(), rust.applies()) {
        (true, false) => ("Go only", "only the Go runtime applies this key"),
        (false, true) => ("runtime-rs only", "only runtime-rs applies this key"),
        (true, true) if differs => ("differs", "the runtimes read this key differently"),
        _ => return None,
    };
    Some(Badge::new(BadgeKind::Support, text, title))
}

/// The badges of `annotation` on `target` (its runtime at its release).
/// `enabled` is whether the node policy's `enable_annotations` matches it,
/// for keys it gates (`None` for keys it does not gate).
pub fn badges(annotation: &Annotation, target: Target, enabled: Option<bool>) -> Vec<Badge> {
    let mut out = Vec::new();
    let runtime = target.runtime;
    let version = target.version;
    let removed = annotation.removed_since_at(version);
    if let Some(list) = annotation.restricted {
        out.push(Badge::new(
            BadgeKind::Restricted,
            format!("restricted → {}", list.config_name()),
            "the value must match this list in the node's configuration",
        ));
    }
    match enabled {
        Some(true) => out.push(Badge::new(
            BadgeKind::Enabled,
            "enabled on node",
            "the node policy's enable_annotations matches this key",
        )),
        Some(false) => out.push(Badge::new(
            BadgeKind::Gated,
            "needs enable_annotations",
            "add this key to enable_annotations on the node (see the Kata config tab)",
        )),
        None => {}
    }
    out.extend(support(
        annotation.support_at(Runtime::Go, version),
        annotation.support_at(Runtime::Rust, version),
        annotation.differences.is_some(),
    ));
    match removed {
        Some(since) => out.push(Badge::new(
            BadgeKind::Removed,
            format!("removed in {since}"),
            "no runtime reads it any more",
        )),
        None if annotation
            .added_in(runtime)
            .is_some_and(|added| version < added) =>
        {
            out.push(Badge::new(
                BadgeKind::Unread,
                format!(
                    "{} reads it from {}",
                    runtime.label(),
                    annotation.added_in(runtime).unwrap_or(version)
                ),
                "the selected Kata release does not have this key yet",
            ));
        }
        None if !annotation.support_at(runtime, version).applies() => out.push(Badge::new(
            BadgeKind::Unread,
            format!("not read by {}", runtime.label()),
            "the selected runtime ignores this key",
        )),
        None => {}
    }
    if !annotation.kubernetes_settable() {
        out.push(Badge::new(
            BadgeKind::Kubernetes,
            "not settable through Kubernetes",
            "the key is longer than 63 characters; the API server rejects it",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{find, ANNOTATIONS};

    fn on(runtime: Runtime) -> Target {
        Target::new(runtime, crate::target::Hypervisor::Qemu)
    }

    fn kinds(key: &str, runtime: Runtime, enabled: Option<bool>) -> Vec<BadgeKind> {
        let annotation = find(key).expect("in the catalog");
        badges(annotation, on(runtime), enabled)
            .into_iter()
            .map(|b| b.kind)
            .collect()
    }

    #[test]
    fn a_restricted_gated_key_says_both_and_names_its_list() {
        let key = "io.katacontainers.config.hypervisor.path";
        let found = badges(find(key).expect("path"), on(Runtime::Go), Some(false));
        assert!(found
            .iter()
            .any(|b| b.kind == BadgeKind::Restricted && b.text.contains("valid_hypervisor_paths")));
        assert!(found.iter().any(|b| b.kind == BadgeKind::Gated));
        assert!(!found.iter().any(|b| b.kind == BadgeKind::Enabled));
    }

    #[test]
    fn enabled_replaces_gated() {
        let key = "io.katacontainers.config.hypervisor.default_memory";
        assert!(kinds(key, Runtime::Rust, Some(true)).contains(&BadgeKind::Enabled));
        assert!(!kinds(key, Runtime::Rust, Some(true)).contains(&BadgeKind::Gated));
        assert!(!kinds(key, Runtime::Rust, None).contains(&BadgeKind::Gated));
    }

    #[test]
    fn badges_follow_the_release() {
        let key = "io.katacontainers.config.hypervisor.kernel_verity_params";
        let annotation = find(key).expect("in the catalog");
        let old = Target {
            version: crate::version::v(3, 26),
            ..on(Runtime::Rust)
        };
        let found = badges(annotation, old, None);
        assert!(
            found
                .iter()
                .any(|b| b.kind == BadgeKind::Unread && b.text.contains("3.27")),
            "{found:?}"
        );
        assert!(!kinds(key, Runtime::Rust, None).contains(&BadgeKind::Unread));
    }

    #[test]
    fn support_and_unread_follow_the_catalog() {
        for a in ANNOTATIONS {
            for runtime in Runtime::ALL {
                let found: Vec<BadgeKind> = badges(a, on(runtime), None)
                    .iter()
                    .map(|b| b.kind)
                    .collect();
                let now = crate::version::Version::NEWEST;
                let unread = a.removed_since().is_none() && !a.support_at(runtime, now).applies();
                assert_eq!(
                    found.contains(&BadgeKind::Unread),
                    unread,
                    "{} {runtime:?}",
                    a.key
                );
                assert_eq!(
                    found.contains(&BadgeKind::Removed),
                    a.removed_since().is_some(),
                    "{}",
                    a.key
                );
                let one_sided = a.support_at(Runtime::Go, now).applies()
                    != a.support_at(Runtime::Rust, now).applies();
                if one_sided {
                    assert!(found.contains(&BadgeKind::Support), "{}", a.key);
                }
            }
        }
    }
}
