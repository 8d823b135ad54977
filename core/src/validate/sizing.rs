//! What the VM will really get (#11 §3), as findings: the size itself comes
//! from [`crate::vm_size`], which says how each runtime reaches it.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::request::Resources;
use crate::target::{Hypervisor, Runtime};
use crate::version::v;
use crate::vm_size::{bytes, cpus, vm_size, Sizing};

use super::{hv, Context};

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
        .any(|name| ctx.hv_value(name).is_some());
    let limited =
        !resources.cpu_limit.trim().is_empty() || !resources.memory_limit.trim().is_empty();
    // Nothing to explain until the request sizes the VM one way or the other.
    if bad || ctx.target.hypervisor == Hypervisor::Remote || !(sized_by_annotation || limited) {
        return;
    }
    let target = ctx.target;
    let runtime = target.runtime.label();
    let static_sizing = target.shim.static_resources(target.version);

    if static_sizing && ctx.hv_value("default_max_vcpus").is_some() {
        out.push(Diagnostic::new(
            Code::ValueAdjusted,
            Some(&hv("default_max_vcpus")),
            format!("The {} shim sizes the VM statically: {runtime} sets the maximum vCPUs to the vCPUs the VM boots with, so this has no effect.", target.shim_name()),
        ));
    }
    let Some(size) = vm_size(ctx.annotations, resources, target) else {
        return;
    };
    if size.sizing == Sizing::StaticFromLimits {
        for (name, what) in [("default_vcpus", "vCPUs"), ("default_memory", "memory")] {
            if ctx.hv_value(name).is_some() {
                out.push(Diagnostic::new(
                    Code::ValueAdjusted,
                    Some(&hv(name)),
                    format!("The pod sets limits, so runtime-rs replaces this with its overhead plus the limits: the VM's {what} come from the pod's resources, not from this annotation."),
                ));
            }
        }
    }
    let (cpu_limit, mem_limit) = (size.cpu_limit, size.memory_limit_mib);
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
            "The VM gets {} vCPUs and {} MiB. {}",
            (size.vcpus * 100.0).round() / 100.0,
            size.memory_mib.round(),
            size.how
        ),
    ));
}
