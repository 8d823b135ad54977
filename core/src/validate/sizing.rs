//! What the VM will really get: the size annotations against the pod's
//! limits and the shim's sizing mode (#11 §3).
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

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::request::Resources;
use crate::shim::Flavour;
use crate::target::{Hypervisor, Runtime};
use crate::version::v;

use super::{hv, Context};

const MIB: u64 = 1024 * 1024;

/// A Kubernetes CPU quantity (`2`, `1.5`, `500m`) in CPUs.
pub(crate) fn cpus(quantity: &str) -> Option<f64> {
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
pub(crate) fn bytes(quantity: &str) -> Option<u64> {
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

/// Findings about the pod's resources and what the VM gets.
pub(crate) fn check(ctx: &Context<'_>, resources: &Resources, out: &mut Vec<Diagnostic>) {
    let mut bad = false;
    for (field, text, ok) in [
        (
            "CPU request",
            &resources.cpu_request,
            cpus(&resources.cpu_request).is_some(),
        ),
        (
            "CPU limit",
            &resources.cpu_limit,
            cpus(&resources.cpu_limit).is_some(),
        ),
        (
            "memory request",
            &resources.memory_request,
            bytes(&resources.memory_request).is_some(),
        ),
        (
            "memory limit",
            &resources.memory_limit,
            bytes(&resources.memory_limit).is_some(),
        ),
    ] {
        if !text.trim().is_empty() && !ok {
            bad = true;
            out.push(Diagnostic::new(
                Code::MalformedWorkload,
                None,
                format!("The {field} {text:?} is not a Kubernetes quantity (e.g. 500m or 2 for CPU, 512Mi or 2Gi for memory): the API server rejects the pod."),
            ));
        }
    }
    let sized_by_annotation = ["default_vcpus", "default_memory", "default_max_vcpus"]
        .iter()
        .any(|name| ctx.value_of(&hv(name)).is_some());
    let limited =
        !resources.cpu_limit.trim().is_empty() || !resources.memory_limit.trim().is_empty();
    // Nothing to explain until the request sizes the VM one way or the other.
    if bad || ctx.target.hypervisor == Hypervisor::Remote || !(sized_by_annotation || limited) {
        return;
    }
    let cpu_limit = cpus(&resources.cpu_limit).filter(|c| *c > 0.0);
    let mem_limit = bytes(&resources.memory_limit).filter(|b| *b > 0);
    let target = ctx.target;
    let number = |name: &str| -> Option<f64> {
        ctx.effective(&hv(name)).and_then(|v| v.parse::<f64>().ok())
    };
    let base_vcpus = number("default_vcpus").unwrap_or(1.0);
    let base_mib = number("default_memory").unwrap_or(2048.0);
    let runtime = target.runtime.label();
    let static_sizing = target.shim.static_resources(target.version);
    let has_limits = cpu_limit.is_some() || mem_limit.is_some();

    if static_sizing && ctx.value_of(&hv("default_max_vcpus")).is_some() {
        out.push(Diagnostic::new(
            Code::ValueAdjusted,
            Some(&hv("default_max_vcpus")),
            format!("The {} shim sizes the VM statically: {runtime} sets the maximum vCPUs to the vCPUs the VM boots with, so this has no effect.", target.shim_name()),
        ));
    }

    let (vcpus, mib, how) = if !static_sizing {
        (
            base_vcpus,
            base_mib,
            format!("The {} shim sizes the VM dynamically: it boots at this size, and {runtime} hot-plugs each container's limits on top.", target.shim_name()),
        )
    } else if !has_limits {
        (
            base_vcpus,
            base_mib,
            format!("The {} shim sizes the VM statically and the pod sets no limits: all containers share this size, and it never grows.", target.shim_name()),
        )
    } else if target.runtime == Runtime::Rust && target.version >= v(4, 0) {
        let (cpu_overhead, mem_overhead) = rust_overhead(target.shim.flavour);
        let vcpus = (cpu_overhead + cpu_limit.unwrap_or(0.0)).max(1.0);
        let mib = (mem_overhead + mem_limit.map_or(0, limit_mib)) as f64;
        for (name, what) in [("default_vcpus", "vCPUs"), ("default_memory", "memory")] {
            if ctx.value_of(&hv(name)).is_some() {
                out.push(Diagnostic::new(
                    Code::ValueAdjusted,
                    Some(&hv(name)),
                    format!("The pod sets limits, so runtime-rs replaces this with its overhead plus the limits: the VM's {what} come from the pod's resources, not from this annotation."),
                ));
            }
        }
        (
            vcpus,
            mib,
            format!("runtime-rs sizes the VM from the pod's limits: {cpu_overhead} vCPUs of overhead + {} CPU limit, {mem_overhead} MiB of overhead + {} MiB memory limit.", cpu_limit.unwrap_or(0.0), mem_limit.map_or(0, limit_mib)),
        )
    } else {
        let vcpus = base_vcpus + cpu_limit.unwrap_or(0.0);
        let mib = base_mib + mem_limit.map_or(0, |b| b / MIB) as f64;
        (
            vcpus,
            mib,
            format!("{runtime} adds the pod's limits to the configured size: {base_vcpus} + {} vCPUs, {base_mib} + {} MiB.", cpu_limit.unwrap_or(0.0), mem_limit.map_or(0, |b| b / MIB)),
        )
    };
    if mem_limit.is_none()
        && cpu_limit.is_some()
        && static_sizing
        && target.runtime == Runtime::Rust
        && target.version >= v(4, 0)
    {
        out.push(Diagnostic::new(
            Code::VmSizing,
            None,
            "The pod limits CPU but not memory: runtime-rs then gives the VM only its memory overhead. Set a memory limit.",
        ).with_severity(Severity::Warning));
    }
    out.push(Diagnostic::new(
        Code::VmSizing,
        None,
        format!(
            "The VM gets {} vCPUs and {} MiB. {how}",
            (vcpus * 100.0).round() / 100.0,
            mib.round()
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
