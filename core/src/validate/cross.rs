//! Rules about pairs of annotations.

use crate::catalog::HYPERVISOR_PREFIX;
use crate::diagnostic::{Code, Diagnostic};
use crate::target::Runtime;

use super::Context;

fn hv(name: &str) -> String {
    format!("{HYPERVISOR_PREFIX}{name}")
}

/// Conflicts between keys that each parse fine.
pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let runtime = ctx.target.runtime;
    let set = |name: &str| ctx.value_of(&hv(name)).map(str::trim);
    let number = |name: &str| {
        set(name)
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| *v > 0)
    };

    if set("image").is_some() && set("initrd").is_some() {
        for name in ["image", "initrd"] {
            out.push(Diagnostic::new(
                Code::Conflict,
                Some(&hv(name)),
                "image and initrd cannot both be set: the runtime fails the pod with conflicting annotations. Keep one.",
            ));
        }
    }
    if runtime == Runtime::Go {
        let plugs = |name: &str| set(name).is_some_and(|v| !v.is_empty() && v != "no-port");
        if plugs("hot_plug_vfio") && plugs("cold_plug_vfio") {
            out.push(Diagnostic::new(
                Code::Conflict,
                Some(&hv("hot_plug_vfio")),
                "hot_plug_vfio and cold_plug_vfio exclude each other: the Go runtime applies cold_plug_vfio last and hot plug ends up off. Keep one.",
            ));
        }
    }
    if runtime == Runtime::Rust
        && number("pcie_root_port").is_some()
        && number("pcie_switch_port").is_some()
    {
        out.push(Diagnostic::new(
            Code::Conflict,
            Some(&hv("pcie_switch_port")),
            "runtime-rs refuses root ports and switch ports together and fails the pod. Keep one.",
        ));
    }
    if let (Some(logical), Some(physical)) = (
        number("blk_logical_sector_size"),
        number("blk_physical_sector_size"),
    ) {
        if logical > physical {
            out.push(Diagnostic::new(
                Code::Conflict,
                Some(&hv("blk_logical_sector_size")),
                format!("The logical sector size ({logical}) is larger than the physical one ({physical}); the pod fails."),
            ));
        }
    }
    if runtime == Runtime::Rust {
        let vcpus = set("default_vcpus").and_then(|v| v.parse::<f32>().ok());
        let max = number("default_max_vcpus");
        if let (Some(vcpus), Some(max)) = (vcpus, max) {
            if f64::from(vcpus) > max as f64 {
                out.push(Diagnostic::new(
                    Code::ValueAdjusted,
                    Some(&hv("default_vcpus")),
                    format!("default_vcpus exceeds default_max_vcpus ({max}); runtime-rs lowers it to {max}."),
                ));
            }
        }
    }
}
