//! Rules about pairs of annotations.

use crate::diagnostic::{Code, Diagnostic};
use crate::shim::Boot;
use crate::target::{Hypervisor, Runtime};

use super::{hv, Context};

/// Conflicts between keys that each parse fine.
pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let runtime = ctx.target.runtime;
    let set = |name: &str| ctx.hv_value(name).map(str::trim);
    let number = |name: &str| {
        set(name)
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| *v > 0)
    };

    let named = |name: &str| set(name).is_some_and(|v| !v.is_empty());
    if named("image") && named("initrd") {
        for name in ["image", "initrd"] {
            out.push(Diagnostic::new(
                Code::Conflict,
                Some(&hv(name)),
                "image and initrd cannot both be set: the runtime fails the pod with conflicting annotations. Keep one.",
            ));
        }
    }
    check_boot(ctx, &set, out);
    check_irrelevant(ctx, out);
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
    check_go_max_vcpus(ctx, out);
    check_go_hash_without_path(ctx, out);
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

/// Go QEMU: more vCPUs than the maximum fails the pod.
///
/// Neither value is clamped to the other (`addHypervisorCPUOverrides`,
/// src/runtime/pkg/oci/utils.go:875-901, 3.32.0): QEMU's `-smp` gets
/// `CPUs` and `MaxCPUs` (qemu_arch_base.go:346-352) and govmm refuses
/// `MaxCPUs < CPUs` ("MaxCPUs %d must be equal to or greater than CPUs %d",
/// govmm/qemu/qemu.go:3232-3236), so the VM never starts. Confidential
/// guests pass no maximum (qemu_arch_base.go:359-363) and statically sized
/// shims overwrite it (utils.go:1344); a maximum of 0 becomes the
/// architecture's (hypervisor_config_linux.go:62-63).
fn check_go_max_vcpus(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let target = ctx.target;
    let annotated = ["default_vcpus", "default_max_vcpus"]
        .iter()
        .any(|name| ctx.hv_value(name).is_some());
    if target.runtime != Runtime::Go
        || target.hypervisor != Hypervisor::Qemu
        || !annotated
        || target.shim.flavour.confidential_guest()
        || target.shim.static_resources(target.version)
    {
        return;
    }
    let effective = |name: &str| ctx.hv_effective(name);
    let vcpus = effective("default_vcpus")
        .and_then(|v| v.parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v > 0.0);
    let max = effective("default_max_vcpus")
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|v| *v > 0);
    if let (Some(vcpus), Some(max)) = (vcpus, max) {
        let booted = vcpus.ceil();
        if booted > max as f32 {
            out.push(Diagnostic::new(
                Code::Conflict,
                Some(&hv("default_vcpus")),
                format!("The VM would boot with {booted} vCPUs but default_max_vcpus is {max}: QEMU refuses a maximum below the boot count and the Go runtime fails the pod. Raise default_max_vcpus or lower default_vcpus."),
            ));
        }
    }
}

/// The Go runtime's asset hashes and the path annotations they verify
/// (`AssetType.Annotations`, virtcontainers/types/asset.go, 3.32.0).
const GO_ASSET_HASHES: &[(&str, &str)] = &[
    ("kernel_hash", "kernel"),
    ("image_hash", "image"),
    ("initrd_hash", "initrd"),
    ("hypervisor_hash", "path"),
    ("jailer_hash", "jailer_path"),
    ("firmware_hash", "firmware"),
    ("firmware_volume_hash", "firmware_volume"),
];

/// Go: a hash checks only a file the same pod names.
///
/// `types.NewAsset` returns before it reads the hash when the pod has no
/// path annotation for the asset (virtcontainers/types/asset.go, the
/// `!ok || path == ""` branch, 3.32.0): the node's configured file is not
/// verified, and the hash does nothing.
fn check_go_hash_without_path(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.target.runtime != Runtime::Go {
        return;
    }
    let named = |name: &str| ctx.hv_value(name).is_some_and(|v| !v.is_empty());
    for (hash, path) in GO_ASSET_HASHES {
        if named(hash) && !named(path) {
            out.push(Diagnostic::new(
                Code::NoOpKey,
                Some(&hv(hash)),
                format!("The Go runtime checks this hash only against a {path} annotation in the same pod: without one it is ignored, and the node's configured file is not verified."),
            ));
        }
    }
}

/// An `image` or `initrd` annotation against the boot file the shim ships.
///
/// runtime-rs sets only the annotated field (kata-types
/// `annotations/mod.rs:656-663`, 4.1.0), and `BootInfo::validate`
/// (`config/hypervisor/mod.rs:532-536`) refuses both set: "Can not
/// configure both initrd and image for boot". An empty annotation clears the
/// other field. The Go runtime lets the annotation replace the configured
/// file (`virtcontainers/hypervisor.go:964-1005`).
fn check_boot<'a>(
    ctx: &Context<'_>,
    set: &impl Fn(&str) -> Option<&'a str>,
    out: &mut Vec<Diagnostic>,
) {
    let shipped = ctx.target.shim.shipped.boot;
    let runtime = ctx.target.runtime;
    let hypervisor = ctx.target.hypervisor;
    // An empty image leaves runtime-rs nothing to boot from (qemu.rs:143-151,
    // ch.rs:124-128, dragonball.rs:136-140; Firecracker is in `plugins`).
    if runtime == Runtime::Rust
        && set("image") == Some("")
        && set("initrd").is_none_or(str::is_empty)
        && shipped == Boot::Image
        && !matches!(hypervisor, Hypervisor::Firecracker | Hypervisor::Remote)
    {
        out.push(Diagnostic::new(
            Code::Conflict,
            Some(&hv("image")),
            format!("An empty image clears the shipped one and leaves no initrd: runtime-rs fails the pod on {} (\"Both guest boot image and initrd ... are empty\"). Set an initrd too, or remove the annotation.", hypervisor.label()),
        ));
    }
    let (given, other, ships_other) = match (set("initrd"), set("image")) {
        (Some(initrd), None) if !initrd.is_empty() => ("initrd", "image", shipped == Boot::Image),
        (None, Some(image)) if !image.is_empty() => ("image", "initrd", shipped == Boot::Initrd),
        _ => return,
    };
    if !ships_other {
        return;
    }
    let shim = ctx.target.shim_name();
    match ctx.target.runtime {
        Runtime::Rust => out.push(Diagnostic::new(
            Code::Conflict,
            Some(&hv(given)),
            format!("The {shim} shim ships an {other}; runtime-rs keeps it and fails the pod: \"Can not configure both initrd and image for boot\". Also set {other} to \"\" to boot from this {given} instead."),
        )),
        Runtime::Go => out.push(
            Diagnostic::new(
                Code::RuntimeDifference,
                Some(&hv(given)),
                format!("The Go runtime boots from this {given} instead of the {other} the {shim} shim ships. runtime-rs would refuse the pair unless {other} is also set to \"\"."),
            )
            .with_severity(crate::diagnostic::Severity::Info),
        ),
    }
}

/// Keys another setting makes irrelevant: (setting, its value, the keys
/// that then do nothing, why, source at 4.1.0).
type Irrelevance = (
    Runtime,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

static IRRELEVANT: &[Irrelevance] = &[
    // kata-types config/hypervisor/mod.rs:1531-1534: no virtio-fs at all.
    (
        Runtime::Rust,
        "shared_fs",
        "none",
        &[
            "virtio_fs_cache",
            "virtio_fs_cache_size",
            "virtio_fs_extra_args",
            "virtio_fs_daemon",
        ],
        "shared_fs is none",
    ),
    // mod.rs:1574, 1603: the inline daemon runs inside runtime-rs.
    (
        Runtime::Rust,
        "shared_fs",
        "inline-virtio-fs",
        &["virtio_fs_daemon", "virtio_fs_extra_args"],
        "shared_fs is inline-virtio-fs, whose daemon runs inside runtime-rs",
    ),
    // mod.rs:346-351, 398-400: block devices off skips the block settings.
    (
        Runtime::Rust,
        "disable_block_device_use",
        "true",
        &[
            "block_device_driver",
            "block_device_aio",
            "block_device_num_queues",
            "block_device_queue_size",
        ],
        "disable_block_device_use is true",
    ),
    // src/runtime/pkg/oci/utils.go:1054-1056: 9p needs no virtio-fs daemon.
    (
        Runtime::Go,
        "shared_fs",
        "virtio-9p",
        &[
            "virtio_fs_cache",
            "virtio_fs_cache_size",
            "virtio_fs_extra_args",
            "virtio_fs_daemon",
        ],
        "shared_fs is virtio-9p",
    ),
    // virtcontainers/hypervisor_config_linux.go:66-68: msize only for 9p.
    (
        Runtime::Go,
        "shared_fs",
        "virtio-fs",
        &["msize_9p"],
        "shared_fs is virtio-fs",
    ),
    (
        Runtime::Go,
        "shared_fs",
        "none",
        &[
            "msize_9p",
            "virtio_fs_cache",
            "virtio_fs_cache_size",
            "virtio_fs_extra_args",
            "virtio_fs_daemon",
        ],
        "shared_fs is none",
    ),
];

/// The rows of [`IRRELEVANT`] in force on the target.
fn in_force<'c>(ctx: &'c Context<'_>) -> impl Iterator<Item = &'static Irrelevance> + 'c {
    IRRELEVANT.iter().filter(|(runtime, setting, value, _, _)| {
        *runtime == ctx.target.runtime && ctx.hv_effective(setting) == Some(value)
    })
}

/// Whether another setting cancels the hypervisor key `name` (its short
/// name): the runtime then never reads, nor checks, its value.
pub(crate) fn is_cancelled(ctx: &Context<'_>, name: &str) -> bool {
    in_force(ctx).any(|(_, _, _, keys, _)| keys.contains(&name))
}

/// Notes keys whose effect another setting (annotated, or the shim's) cancels.
fn check_irrelevant(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let target = ctx.target;
    for (runtime, setting, _, keys, why) in in_force(ctx) {
        let from_shim = ctx.hv_value(setting).is_none();
        for name in *keys {
            let key = hv(name);
            let Some(annotation) = crate::catalog::find(&key) else {
                continue;
            };
            if ctx.value_of(&key).is_none() || !ctx.support(annotation, *runtime).applies() {
                continue;
            }
            let source = if from_shim {
                format!(" (the {} shim's setting)", target.shim_name())
            } else {
                String::new()
            };
            out.push(Diagnostic::new(
                Code::NoOpKey,
                Some(&key),
                format!("{why}{source}, so this has no effect."),
            ));
        }
    }
}
