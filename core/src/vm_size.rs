//! What the sandbox VM gets: its vCPUs and memory for a request on its shim,
//! and which input decided them.
//!
//! containerd writes the pod's CPU and memory limits into the sandbox
//! (`io.kubernetes.cri.sandbox-cpu-quota`/`-period`/`-memory`). With
//! `static_sandbox_resource_mgmt` the runtime sizes the VM from them once:
//! - runtime-rs from 4.0: vCPUs = overhead + CPU limit, memory = overhead +
//!   memory limit, whenever the pod has a limit; `default_vcpus` and
//!   `default_memory` are then replaced, and `default_max_vcpus` always is
//!   (`src/runtime-rs/crates/resource/src/cpu_mem/initial_size.rs:170-187`, 4.1.0);
//! - runtime-rs before 4.0 and the Go runtime add the limits to the
//!   configured (or annotated) size (`initial_size.rs` at 3.32.0;
//!   `src/runtime/pkg/oci/utils.go:1334-1351`).
//!
//! Without static sizing the VM boots with the configured size and the
//! runtime hot-plugs each container's limits.
//!
//! Requests never size the VM: only limits reach the runtime.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{self, HYPERVISOR_PREFIX};
use crate::request::{Request, Resources};
use crate::shim::{Flavour, SHIMS};
use crate::target::{Hypervisor, Runtime, Target};
use crate::version::Version;

const MIB: u64 = 1024 * 1024;

/// The annotation that sets the VM's vCPUs before any limit.
pub const VCPUS_KEY: &str = "io.katacontainers.config.hypervisor.default_vcpus";
/// The annotation that sets the VM's memory (MiB) before any limit.
pub const MEMORY_KEY: &str = "io.katacontainers.config.hypervisor.default_memory";
/// The annotations [`vm_size`] reads: an edit of any other key leaves the size as it is.
pub const SIZE_KEYS: [&str; 2] = [VCPUS_KEY, MEMORY_KEY];

/// A Kubernetes CPU quantity (`2`, `1.5`, `500m`) in CPUs.
pub fn cpus(quantity: &str) -> Option<f64> {
    let quantity = quantity.trim();
    let (number, scale) = match quantity.strip_suffix('m') {
        Some(millis) => (millis, 1000.0),
        None => (quantity, 1.0),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    number
        .parse::<f64>()
        .ok()
        .map(|n| n / scale)
        .filter(|n| n.is_finite())
}

/// A Kubernetes memory quantity (`512Mi`, `2Gi`, `1G`, `1000000`) in bytes.
pub fn bytes(quantity: &str) -> Option<u64> {
    let quantity = quantity.trim();
    if quantity.is_empty() || quantity.starts_with(['-', '+']) {
        return None;
    }
    // Kubernetes writes kilo as `k` and the binary suffixes as `Ki`, `Mi`...;
    // byte-unit reads both (`Ki` as 1024, `k` as 1000) with the `true` flag
    // meaning "a bare number is bytes".
    byte_unit::Byte::parse_str(quantity, true)
        .ok()
        .map(|b| b.as_u64())
}

/// runtime-rs' per-shim overhead from 4.0 (`DEFOVERHEADVCPUS_*`,
/// `DEFOVERHEADMEMSZ_*` in src/runtime-rs/Makefile:181-204, 530-533, 4.1.0).
fn rust_overhead(flavour: Flavour) -> (f64, u64) {
    match flavour {
        Flavour::NvidiaGpu | Flavour::NvidiaGpuTdx | Flavour::NvidiaGpuSnp => (0.5, 512),
        Flavour::NvidiaCpu => (0.2, 128),
        Flavour::Se => (0.4, 768),
        Flavour::CocoDev | Flavour::Tdx | Flavour::Snp => (0.4, 128),
        _ => (0.2, 32),
    }
}

/// runtime-rs rounds the memory limit to whole MiB, up to an even number
/// (`convert_memory_to_mb`, initial_size.rs).
fn limit_mib(bytes: u64) -> u64 {
    let mib = bytes / MIB;
    mib + mib % 2
}

/// Where a figure of the VM's size comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decided {
    /// The pod's annotation (`default_vcpus`, `default_memory`).
    Annotation,
    /// The shim's configuration (no annotation, or one the runtime cannot read).
    Configuration,
    /// The pod's limits (with runtime-rs' overhead from 4.0).
    Limits,
}

impl Decided {
    /// Words for the page.
    pub fn label(self) -> &'static str {
        match self {
            Decided::Annotation => "the annotation",
            Decided::Configuration => "the shim's configuration",
            Decided::Limits => "the pod's limits",
        }
    }
}

/// How the runtime sizes the VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sizing {
    /// The VM boots at the configured size; each container's limits are
    /// hot-plugged on top when it starts.
    Dynamic,
    /// Sized once at boot, and the pod has no limits: the configured size.
    StaticWithoutLimits,
    /// Sized once at boot: the configured size plus the pod's limits
    /// (the Go runtime, runtime-rs before 4.0).
    StaticAdded,
    /// Sized once at boot: runtime-rs' overhead plus the pod's limits, the
    /// configured size and its annotations set aside (runtime-rs from 4.0).
    StaticFromLimits,
}

/// The VM's size for a request on one shim.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VmSize {
    /// The shim (its name at the release).
    pub shim: &'static str,
    /// Its runtime.
    pub runtime: Runtime,
    /// How that runtime sizes the VM on that shim.
    pub sizing: Sizing,
    /// The vCPUs the VM boots with (fractions are rounded up by the hypervisor).
    pub vcpus: f64,
    /// The memory it boots with, in MiB.
    pub memory_mib: f64,
    /// Which input decided the vCPUs.
    pub vcpus_from: Decided,
    /// Which input decided the memory.
    pub memory_from: Decided,
    /// The configured size (annotation or configuration), vCPUs and MiB.
    pub configured: (f64, f64),
    /// The pod's CPU limit, in CPUs.
    pub cpu_limit: Option<f64>,
    /// The pod's memory limit, in MiB as the runtime counts it.
    pub memory_limit_mib: Option<u64>,
    /// runtime-rs' overhead (vCPUs, MiB), when it applies.
    pub overhead: Option<(f64, u64)>,
    /// The size annotations the pod sets that this sizing sets aside (their
    /// names after `io.katacontainers.config.hypervisor.`).
    pub set_aside: Vec<&'static str>,
    /// One sentence on how the figures were reached.
    pub how: String,
}

/// The size the VM gets for `annotations` and `resources` on `target`'s
/// shim; `None` for the remote hypervisor (a cloud instance type decides)
/// or when a quantity is not one Kubernetes reads (the API server rejects
/// the pod first).
pub fn vm_size(
    annotations: &BTreeMap<String, String>,
    resources: &Resources,
    target: Target,
) -> Option<VmSize> {
    if target.hypervisor == Hypervisor::Remote {
        return None;
    }
    let cpu_limit = match resources.cpu_limit.trim() {
        "" => None,
        text => Some(cpus(text)?).filter(|c| *c > 0.0),
    };
    let memory_limit = match resources.memory_limit.trim() {
        "" => None,
        text => Some(bytes(text)?).filter(|b| *b > 0),
    };
    let configured = |key: &str, fallback: f64| -> (f64, Decided) {
        let set = annotations
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty());
        let from_annotation = set.and_then(|v| v.parse::<f64>().ok());
        match from_annotation {
            Some(n) => (n, Decided::Annotation),
            None => {
                let default = catalog::find(key)
                    .and_then(|a| a.default_for(target))
                    .and_then(|v| v.parse::<f64>().ok());
                (default.unwrap_or(fallback), Decided::Configuration)
            }
        }
    };
    let (base_vcpus, vcpus_set) = configured(VCPUS_KEY, 1.0);
    let (base_mib, memory_set) = configured(MEMORY_KEY, 2048.0);
    let runtime = target.runtime;
    let label = runtime.label();
    let shim = target.shim_name();
    let has_limits = cpu_limit.is_some() || memory_limit.is_some();
    let mut size = VmSize {
        shim,
        runtime,
        sizing: Sizing::Dynamic,
        vcpus: base_vcpus,
        memory_mib: base_mib,
        vcpus_from: vcpus_set,
        memory_from: memory_set,
        configured: (base_vcpus, base_mib),
        cpu_limit,
        memory_limit_mib: None,
        overhead: None,
        set_aside: Vec::new(),
        how: String::new(),
    };
    if !target.shim.static_resources(target.version) {
        size.memory_limit_mib = memory_limit.map(|b| b / MIB);
        size.how = format!("The {shim} shim sizes the VM dynamically: it boots at this size, and {label} hot-plugs each container's limits on top.");
    } else if !has_limits {
        size.sizing = Sizing::StaticWithoutLimits;
        size.how = format!("The {shim} shim sizes the VM statically and the pod sets no limits: all containers share this size, and it never grows.");
    } else if runtime == Runtime::Rust && target.version >= Version::new(4, 0) {
        let (cpu_overhead, mem_overhead) = rust_overhead(target.shim.flavour);
        let memory = memory_limit.map_or(0, limit_mib);
        size.sizing = Sizing::StaticFromLimits;
        size.vcpus = (cpu_overhead + cpu_limit.unwrap_or(0.0)).max(1.0);
        size.memory_mib = (mem_overhead + memory) as f64;
        size.vcpus_from = Decided::Limits;
        size.memory_from = Decided::Limits;
        size.memory_limit_mib = memory_limit.map(limit_mib);
        size.overhead = Some((cpu_overhead, mem_overhead));
        size.set_aside = [(vcpus_set, VCPUS_KEY), (memory_set, MEMORY_KEY)]
            .into_iter()
            .filter(|(from, _)| *from == Decided::Annotation)
            .map(|(_, key)| key.strip_prefix(HYPERVISOR_PREFIX).unwrap_or(key))
            .collect();
        size.how = format!("runtime-rs sizes the VM from the pod's limits: {cpu_overhead} vCPUs of overhead + {} CPU limit, {mem_overhead} MiB of overhead + {memory} MiB memory limit.", cpu_limit.unwrap_or(0.0));
    } else {
        let memory = memory_limit.map_or(0, |b| b / MIB);
        size.sizing = Sizing::StaticAdded;
        size.vcpus = base_vcpus + cpu_limit.unwrap_or(0.0);
        size.memory_mib = base_mib + memory as f64;
        size.memory_limit_mib = memory_limit.map(|b| b / MIB);
        if cpu_limit.is_some() {
            size.vcpus_from = Decided::Limits;
        }
        if memory_limit.is_some() {
            size.memory_from = Decided::Limits;
        }
        size.how = format!("{label} adds the pod's limits to the configured size: {base_vcpus} + {} vCPUs, {base_mib} + {memory} MiB.", cpu_limit.unwrap_or(0.0));
    }
    Some(size)
}

/// The VM's size for `request` on its shim, then on the same kind of shim
/// of the other runtime when the release installs one (`kata-qemu` beside
/// `kata-qemu-runtime-rs`), so the page can say what switching would change.
pub fn vm_sizes(request: &Request) -> Vec<VmSize> {
    vm_sizes_for(
        &request.annotations,
        &request.workload.resources,
        request.target(),
    )
}

/// [`vm_sizes`] from the parts of a request that size the VM.
pub fn vm_sizes_for(
    annotations: &BTreeMap<String, String>,
    resources: &Resources,
    target: Target,
) -> Vec<VmSize> {
    let counterpart = SHIMS.iter().find(|s| {
        s.runtime != target.runtime
            && s.hypervisor == target.hypervisor
            && s.flavour == target.shim.flavour
            && s.installed_at(target.version)
    });
    std::iter::once(target)
        .chain(counterpart.map(|shim| Target::of_shim(shim, target.version)))
        .filter_map(|t| vm_size(annotations, resources, t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shim::Shim;
    use crate::version::v;

    #[test]
    fn quantities_read_like_kubernetes() {
        assert_eq!(cpus("500m"), Some(0.5));
        assert_eq!(cpus("2"), Some(2.0));
        assert_eq!(cpus("1.5"), Some(1.5));
        assert_eq!(cpus("-1"), None);
        assert_eq!(cpus("two"), None);
        assert_eq!(bytes("2Gi"), Some(2 * 1024 * MIB));
        assert_eq!(bytes("512Mi"), Some(512 * MIB));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("1000"), Some(1000));
        assert_eq!(bytes("-1Gi"), None);
        assert_eq!(bytes("lots"), None);
        assert_eq!(limit_mib(3 * MIB), 4);
        assert_eq!(limit_mib(512 * MIB), 512);
    }

    fn target(shim: &str, version: Version) -> Target {
        let shim = Shim::find(shim).expect("shim");
        Target::of_shim(shim, version)
    }

    #[test]
    fn limits_decide_on_runtime_rs_from_4_0_and_add_up_on_go() {
        let annotations = BTreeMap::from([(
            format!("{HYPERVISOR_PREFIX}default_memory"),
            "4096".to_owned(),
        )]);
        let resources = Resources {
            cpu_limit: "2".into(),
            memory_limit: "1Gi".into(),
            ..Resources::default()
        };
        let rs = vm_size(&annotations, &resources, target("qemu-runtime-rs", v(4, 1)));
        let rs = rs.expect("sized");
        assert_eq!(rs.sizing, Sizing::StaticFromLimits);
        assert_eq!((rs.vcpus, rs.memory_mib), (2.2, 1056.0));
        assert_eq!(rs.memory_from, Decided::Limits);
        assert_eq!(rs.set_aside, ["default_memory"]);
        let go = vm_size(&annotations, &resources, target("qemu", v(3, 32))).expect("sized");
        if go.sizing == Sizing::StaticAdded {
            assert_eq!(go.memory_mib, 4096.0 + 1024.0);
        } else {
            assert_eq!(go.sizing, Sizing::Dynamic);
            assert_eq!(
                (go.memory_mib, go.memory_from),
                (4096.0, Decided::Annotation)
            );
        }
        let none = vm_size(
            &annotations,
            &Resources::default(),
            target("qemu-runtime-rs", v(4, 1)),
        );
        assert_eq!(none.expect("sized").memory_from, Decided::Annotation);
        let mut request = Request::default();
        request.set_shim(Shim::find("qemu-runtime-rs").expect("shim"));
        request.workload.resources = resources.clone();
        let both = vm_sizes(&request);
        assert_eq!(both.len(), 2, "runtime-rs, then the Go counterpart");
        assert_eq!(both[0].runtime, Runtime::Rust);
        assert_eq!(both[1].runtime, Runtime::Go);
        assert_eq!(both[1].shim, "qemu");
        let bad = Resources {
            memory_limit: "lots".into(),
            ..Resources::default()
        };
        assert_eq!(
            vm_size(&annotations, &bad, target("qemu-runtime-rs", v(4, 1))),
            None
        );
    }
}
