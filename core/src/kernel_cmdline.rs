//! The guest kernel command line a shim boots with: the shim's shipped
//! `kernel_params` merged with the `kernel_params` annotation by the
//! runtime's own rule, between the parameters each runtime and hypervisor
//! add themselves; and warnings for parameters that open the guest.
//!
//! Rules (Kata 4.1.0):
//! - Go runtime: the annotation is split on whitespace (quotes not
//!   honoured); for each token every earlier entry with the same key is
//!   removed, then the token is appended, so a key repeated in the annotation
//!   keeps its last value (`src/runtime/pkg/oci/utils.go:690-712`). The list
//!   it edits also holds the runtime's `systemd.*`, `scsi_mod.scan` and
//!   `agent.*` entries (`src/runtime/pkg/katautils/config.go:1559-1609`).
//!   A token with an empty key fails the pod (`virtcontainers/hypervisor.go:931-938`).
//!   A `kernel_params` annotation `enable_annotations` does not match fails the pod.
//! - runtime-rs: `replace_kernel_params` removes from the configured
//!   parameters every entry whose key the annotation names, then appends all
//!   the annotation's tokens, duplicates kept (`src/libs/kata-types/src/config/hypervisor/mod.rs:573-630`);
//!   `agent.*` parameters are added before them afterwards, out of the
//!   annotation's reach (`src/runtime-rs/crates/runtimes/src/manager.rs:873-874`).
//!   An annotation that is not enabled is ignored.
//! - The agent reads `/proc/cmdline`: `agent.debug_console` (a bare word)
//!   starts a shell on vsock port `agent.debug_console_vport`; an invalid
//!   `agent.log` level stops the agent (`src/agent/src/config.rs:18-31, 228-254, 731-758`).
//!   No runtime keeps these out of a confidential guest; SNP measures the
//!   command line (`kernel-hashes=on`, `src/runtime/pkg/govmm/qemu/qemu.go:443`).

use serde::Serialize;

use crate::catalog::{self, HYPERVISOR_PREFIX};
use crate::policy::{EnableSet, NodePolicy};
use crate::request::Request;
use crate::target::{Hypervisor, Runtime, Target};

/// The annotation this preview is about.
pub const KERNEL_PARAMS: &str = "io.katacontainers.config.hypervisor.kernel_params";

/// What became of the `kernel_params` annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnnotationFate {
    /// The selection does not set it.
    NotSet,
    /// Merged into the command line.
    Applied,
    /// Not enabled on the node: the Go runtime fails the pod.
    FailsThePod,
    /// Not enabled on the node: runtime-rs ignores it.
    Ignored,
}

/// The command line for a request, in the order the guest kernel sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CmdlinePreview {
    /// What the runtime and the hypervisor put before the configured
    /// parameters (with the shipped configuration: debug off).
    pub before: &'static str,
    /// The shim's configured `kernel_params` (the shipped value).
    pub configured: Vec<String>,
    /// Configured entries the annotation replaced (same key).
    pub replaced: Vec<String>,
    /// The annotation's tokens as the runtime keeps them.
    pub from_annotation: Vec<String>,
    /// The configured parameters after the merge, then the annotation's.
    pub merged: Vec<String>,
    /// What the runtime or hypervisor adds after them, and whether it wins.
    pub after: &'static str,
    /// What became of the annotation.
    pub fate: AnnotationFate,
    /// Parameters that open the guest or stop it from booting, in words.
    pub warnings: Vec<String>,
}

/// A parameter's key: the text before the first `=`.
fn key(param: &str) -> &str {
    param.split_once('=').map_or(param, |(k, _)| k)
}

/// The Go runtime's merge: each token replaces every entry with its key.
fn merge_go(configured: &[String], tokens: &[String]) -> Vec<String> {
    let mut out = configured.to_vec();
    for token in tokens {
        out.retain(|p| key(p) != key(token));
        out.push(token.clone());
    }
    out
}

/// runtime-rs' merge: drop the configured entries the annotation names,
/// then append every annotation token.
fn merge_rust(configured: &[String], tokens: &[String]) -> Vec<String> {
    let mut out: Vec<String> = configured
        .iter()
        .filter(|p| !tokens.iter().any(|t| key(t) == key(p)))
        .map(|p| p.strip_suffix('=').unwrap_or(p).to_owned())
        .collect();
    out.extend(tokens.iter().cloned());
    out
}

/// What each runtime and hypervisor adds around the configured parameters
/// (shipped configuration, debug off; the research notes cite each piece).
fn around(target: Target) -> (&'static str, &'static str) {
    match (target.runtime, target.hypervisor) {
        (Runtime::Go, Hypervisor::Qemu) => (
            "the architecture's defaults (amd64: tsc=reliable no_timer_check … pci=lastbus=0), root= for the image, console=hvc0 console=hvc1, quiet, panic=1, nr_cpus= (not on confidential guests), selinux=, then systemd.unit=/systemd.mask= (image), scsi_mod.scan=none (virtio-scsi) and the configured agent.* parameters",
            "fips=1 on a FIPS host, and kata.extension.* for guest extensions",
        ),
        (Runtime::Go, Hypervisor::Clh) => (
            "root=/dev/vda1 rootflags=… rootfstype=…, panic=1 no_timer_check noreplace-smp, quiet, then systemd.unit=/systemd.mask= (image) and the configured agent.* parameters",
            "fips=1 on a FIPS host",
        ),
        (Runtime::Go, Hypervisor::Firecracker) => (
            "systemd.unit=/systemd.mask= (image) and the configured agent.* parameters",
            "fips=1 on a FIPS host, then Firecracker's own root=… pci=off reboot=k panic=1 iommu=off net.ifnames=0 random.trust_cpu=on acpi=off 8250.nr_uarts=0 agent.log_vport=1025, which come last and win over the same keys above",
        ),
        (Runtime::Rust, Hypervisor::Qemu) => (
            "reboot=k panic=1 systemd.unit=kata-containers.target systemd.mask=systemd-networkd.service systemd.mask=systemd-networkd.socket, root= for the image, then the configured agent.* parameters (sorted)",
            "selinux=, kata.extension.*, intel_iommu=on iommu=pt with IOMMU, and console=hvc0",
        ),
        (Runtime::Rust, Hypervisor::Clh) => (
            "reboot=k panic=1 systemd.unit=… systemd.mask=… ×2, quiet, root=/dev/vda1 rootflags=… rootfstype=ext4, no_timer_check noreplace-smp systemd.log_target=console, then the configured agent.* parameters",
            "nothing",
        ),
        (Runtime::Rust, Hypervisor::Firecracker) => (
            "reboot=k panic=1 systemd.unit=… systemd.mask=… ×2, pci=off iommu=off, root= for the image, then the configured agent.* parameters",
            "nothing (a parameter with an empty key makes the whole command line empty)",
        ),
        (Runtime::Rust, Hypervisor::Dragonball) => (
            "reboot=k panic=1 systemd.unit=… systemd.mask=… ×2, root= for the image, then the configured agent.* parameters",
            "agent.passfd_listener_port= when set, then Dragonball's virtio_mmio.device= per device (and root=/dev/vda ro when no root= is given)",
        ),
        _ => (
            "the runtime's own parameters",
            "whatever the hypervisor adds",
        ),
    }
}

/// Parameters that open the guest, or stop its agent, with the reason.
fn warnings(tokens: &[String], target: Target) -> Vec<String> {
    let confidential = target.shim.flavour.confidential();
    let mut out = Vec::new();
    for token in tokens {
        let (k, value) = token
            .split_once('=')
            .map_or((token.as_str(), None), |(k, v)| (k, Some(v)));
        if k.is_empty() {
            out.push(format!("\"{token}\" has no key: the Go runtime fails the pod, runtime-rs fails the VM's start (Firecracker boots with an empty command line)."));
            continue;
        }
        if token.contains('"') && target.runtime == Runtime::Go {
            out.push(format!("\"{token}\": the Go runtime splits the annotation on spaces without honouring quotes."));
        }
        match (k, value) {
            ("agent.debug_console", Some(_)) => out.push(
                "agent.debug_console takes no value: the agent only knows the bare word, so agent.debug_console=… does nothing.".to_owned(),
            ),
            ("agent.debug_console", None) if confidential => out.push(format!(
                "agent.debug_console opens a root shell into the {} guest over vsock: nothing in Kata keeps it out of a confidential guest, and it defeats the isolation the TEE gives. The command line is measured on SNP, so attestation no longer matches a reference value made without it.",
                target.shim_name()
            )),
            ("agent.debug_console", None) => out.push(
                "agent.debug_console opens a root shell into the guest over vsock (port agent.debug_console_vport): for debugging only.".to_owned(),
            ),
            ("agent.log", Some(level)) => {
                const LEVELS: &[&str] = &["fatal", "panic", "critical", "error", "warn", "warning", "info", "debug", "trace"];
                if !LEVELS.contains(&level) {
                    out.push(format!("agent.log={level} is no log level the agent knows (fatal … trace): the agent stops at boot and the pod never starts."));
                } else if confidential && matches!(level, "debug" | "trace") {
                    out.push(format!("agent.log={level} in a confidential guest: the agent's logs can carry what the TEE protects."));
                }
            }
            ("agent.debug_console_vport" | "agent.log_vport" | "agent.devmode" | "agent.config_file", _) if confidential => {
                out.push(format!("{k} in a confidential guest: a debugging parameter the TEE's users do not expect."));
            }
            _ => {}
        }
    }
    out
}

/// The command line `request`'s shim boots with.
pub fn preview(request: &Request) -> CmdlinePreview {
    let target = request.target();
    let configured: Vec<String> = catalog::find(KERNEL_PARAMS)
        .and_then(|a| a.default_for(target))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let annotation = request.annotations.get(KERNEL_PARAMS).map(String::as_str);
    let policy = NodePolicy::resolve(request.policy.as_ref(), target);
    let enabled = EnableSet::new(&policy.enable_annotations, target.runtime).enables(
        KERNEL_PARAMS
            .strip_prefix(HYPERVISOR_PREFIX)
            .unwrap_or(KERNEL_PARAMS),
    );
    let tokens: Vec<String> = match target.runtime {
        Runtime::Go => annotation
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        // runtime-rs splits on single spaces; empty pieces are not parameters.
        Runtime::Rust => annotation
            .unwrap_or_default()
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    let fate = match (annotation.map(str::trim), enabled, target.runtime) {
        (None | Some(""), _, _) => AnnotationFate::NotSet,
        (_, true, _) => AnnotationFate::Applied,
        (_, false, Runtime::Go) => AnnotationFate::FailsThePod,
        (_, false, Runtime::Rust) => AnnotationFate::Ignored,
    };
    let applied: &[String] = if fate == AnnotationFate::Applied {
        &tokens
    } else {
        &[]
    };
    let merged = match target.runtime {
        Runtime::Go => merge_go(&configured, applied),
        Runtime::Rust => merge_rust(&configured, applied),
    };
    let replaced = configured
        .iter()
        .filter(|p| applied.iter().any(|t| key(t) == key(p)))
        .cloned()
        .collect();
    let from_annotation = match target.runtime {
        // A key repeated in the annotation keeps only its last value.
        Runtime::Go => merge_go(&[], applied),
        Runtime::Rust => applied.to_vec(),
    };
    let (before, after) = around(target);
    CmdlinePreview {
        before,
        configured,
        replaced,
        from_annotation,
        merged,
        after,
        fate,
        warnings: warnings(applied, target),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shim::Shim;
    use crate::version::Version;

    fn request(shim: &str, value: &str) -> Request {
        let mut r = Request::default();
        r.set_shim(Shim::find(shim).expect("shim"));
        r.kata_version = Version::NEWEST;
        r.annotations
            .insert(KERNEL_PARAMS.to_owned(), value.to_owned());
        r
    }

    #[test]
    fn go_replaces_by_key_and_keeps_the_last_of_a_repeated_key() {
        let p = preview(&request("qemu", "cgroup_no_v1=memory quiet foo=1 foo=2"));
        assert_eq!(p.fate, AnnotationFate::Applied);
        assert_eq!(p.replaced, ["cgroup_no_v1=all"]);
        assert_eq!(
            p.merged,
            [
                "systemd.unified_cgroup_hierarchy=1",
                "cgroup_no_v1=memory",
                "quiet",
                "foo=2"
            ]
        );
    }

    #[test]
    fn runtime_rs_keeps_every_token_of_the_annotation() {
        let p = preview(&request(
            "qemu-runtime-rs",
            "cgroup_no_v1=memory foo=1 foo=2",
        ));
        assert_eq!(
            p.merged,
            [
                "systemd.unified_cgroup_hierarchy=1",
                "cgroup_no_v1=memory",
                "foo=1",
                "foo=2"
            ]
        );
    }

    #[test]
    fn a_debug_console_in_a_confidential_guest_is_flagged() {
        let p = preview(&request(
            "qemu-tdx",
            "agent.debug_console agent.debug_console_vport=1026",
        ));
        assert!(
            p.warnings
                .iter()
                .any(|w| w.contains("root shell") && w.contains("confidential")),
            "{:?}",
            p.warnings
        );
        let plain = preview(&request("qemu", "agent.debug_console=1 agent.log=verbose"));
        assert_eq!(plain.warnings.len(), 2, "{:?}", plain.warnings);
    }

    #[test]
    fn a_disabled_annotation_fails_on_go_and_is_ignored_by_runtime_rs() {
        for (shim, fate) in [
            ("qemu", AnnotationFate::FailsThePod),
            ("qemu-runtime-rs", AnnotationFate::Ignored),
        ] {
            let mut r = request(shim, "quiet");
            r.policy = Some(crate::policy::PolicyInput {
                enable_annotations: Some(vec!["^default_memory$".into()]),
                ..Default::default()
            });
            let p = preview(&r);
            assert_eq!(p.fate, fate, "{shim}");
            assert_eq!(p.merged, p.configured, "{shim}");
        }
    }
}
