//! Per-key rules beyond syntax: ranges, limits per hypervisor and
//! architecture, values a runtime accepts but changes (fact sheet §2.3, §2.6, §10).

use crate::catalog::{Annotation, AGENT_PREFIX, HYPERVISOR_PREFIX, KATA_PREFIX, RUNTIME_PREFIX};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::kind::Parsed;
use crate::target::{Arch, Hypervisor, Runtime};

use super::Context;

/// What runtime-rs does with a host path it resolves (`resolve_path!`).
const HOST_PATH_CHECK: &str =
    "runtime-rs checks that this path exists on the host and fails the pod if it does not.";

/// The Go runtime's minimum VM memory (`MinHypervisorMemory`), in MiB.
pub const GO_MIN_MEMORY_MIB: u64 = 256;

/// The part of a key after its family prefix (`default_memory`, `experimental`, ...).
pub(crate) fn short_name(key: &str) -> &str {
    const PREFIXES: &[&str] = &[
        HYPERVISOR_PREFIX,
        RUNTIME_PREFIX,
        AGENT_PREFIX,
        "io.katacontainers.container.resource.",
        KATA_PREFIX,
    ];
    PREFIXES
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .unwrap_or(key)
}

/// Keys whose risk is a known vulnerability, so the note is a warning.
pub(crate) fn is_security_critical(key: &str) -> bool {
    short_name(key) == "virtio_fs_extra_args"
}

/// runtime-rs' largest `default_vcpus` per hypervisor plugin.
fn rust_max_vcpus(hypervisor: Hypervisor) -> u32 {
    match hypervisor {
        Hypervisor::Firecracker | Hypervisor::Remote => 32,
        _ => 256,
    }
}

/// runtime-rs' smallest `default_memory` per hypervisor, in MiB.
fn rust_min_memory_mib(hypervisor: Hypervisor) -> u64 {
    match hypervisor {
        Hypervisor::Firecracker => 128,
        _ => 64,
    }
}

/// The Go runtime's QEMU vCPU limit per architecture (govmm `MaxVCPUs`).
fn go_qemu_max_vcpus(arch: Arch) -> u64 {
    match arch {
        Arch::X86_64 => 240,
        Arch::Aarch64 => 123,
        Arch::S390x => 248,
        Arch::Ppc64le => 128,
    }
}

/// A parse failure the runtime forgives (or treats differently from a
/// failed pod). `Some(findings)` replaces the generic "rejects" error.
pub(crate) fn lenient_parse_failure(
    ctx: &Context<'_>,
    key: &str,
    value: &str,
) -> Option<Vec<Diagnostic>> {
    let runtime = ctx.target.runtime;
    match (short_name(key), runtime) {
        // Only the virtio-fs daemon's set-up checks the cache mode: Go's
        // virtiofsd.valid() (virtiofsd.go:220-231, 3.32.0) runs only for
        // virtio-fs and virtio-fs-nydus (qemu.go:1605-1606), runtime-rs'
        // validate_virtio_fs not for shared_fs none (kata-types
        // config/hypervisor/mod.rs:1531-1534, 1553-1555, 4.1.0). Where the
        // irrelevance rules cancel the key, any value passes.
        ("virtio_fs_cache", _) if super::cross::is_cancelled(ctx, "virtio_fs_cache") => {
            Some(Vec::new())
        }
        // virtiofsd.valid() reads an empty mode as auto
        // (src/runtime/virtcontainers/virtiofsd.go:220-222, 3.2.0 to 4.1.0).
        ("virtio_fs_cache", Runtime::Go) if value.is_empty() => Some(vec![Diagnostic::new(
            Code::ValueAdjusted,
            Some(key),
            "The Go runtime reads an empty cache mode as \"auto\". Write \"auto\".",
        )]),
        // With block devices off, BlockDeviceInfo::adjust_config clears the
        // driver and validate skips it (kata-types config/hypervisor/mod.rs:
        // 345-351, 397-400, 4.1.0); the irrelevance rules note it.
        ("block_device_driver", Runtime::Rust)
            if super::cross::is_cancelled(ctx, "block_device_driver") =>
        {
            Some(Vec::new())
        }
        // addHypervisorGPUOverrides returns before parsing unless the
        // hypervisor is remote (src/runtime/pkg/oci/utils.go:903-906, 3.32.0).
        ("default_gpus", Runtime::Go) if ctx.target.hypervisor != Hypervisor::Remote => {
            Some(vec![Diagnostic::new(
                Code::ValueAdjusted,
                Some(key),
                "The Go runtime reads this only for the remote hypervisor; here the value is never parsed and has no effect.",
            )])
        }
        ("enable_pprof", Runtime::Go) => Some(vec![Diagnostic::new(
            Code::ValueIgnored,
            Some(key),
            format!("The Go runtime treats {value:?} as false and keeps pprof off. Write \"true\" or \"false\"."),
        )]),
        ("virtio_fs_cache", Runtime::Rust) if value == "none" => Some(vec![Diagnostic::new(
            Code::ValueAdjusted,
            Some(key),
            "runtime-rs reads the deprecated \"none\" as \"never\" and logs a deprecation warning. Write \"never\".",
        )]),
        // addHypervisorPCIePortOverride("") is NoPort (utils.go:726-735, 4.1.0).
        ("hot_plug_vfio" | "cold_plug_vfio", Runtime::Go) if value.is_empty() => Some(vec![Diagnostic::new(
            Code::ValueAdjusted,
            Some(key),
            "The Go runtime reads an empty value as \"no-port\" (and, as for any value, sets the other VFIO plug mode to no-port too).",
        )]),
        // runtime-rs trims these two before parsing (annotations/mod.rs:419, :938).
        ("shared_fs" | "hugepage_type", Runtime::Rust)
            if !value.trim().is_empty()
                && value.trim() != value
                && crate::catalog::find(key)
                    .and_then(|a| a.support_at(runtime, ctx.target.version).kind())
                    .is_some_and(|k| crate::kind::parse(k, runtime, value.trim()).is_ok()) =>
        {
            Some(vec![Diagnostic::new(
                Code::NonCanonical,
                Some(key),
                format!("runtime-rs trims this to {:?}; write it without the spaces.", value.trim()),
            )])
        }
        // adjust_config puts a built-in default in these when empty:
        // shared_fs (hypervisor/mod.rs:1536-1538), block_device_driver
        // (:353-355), virtio_fs_cache (:1581-1583), internetworking_model
        // (config/runtime.rs:236-238); an empty vfio_mode acts as guest-kernel
        // (runtime-rs resource/src/manager_inner.rs:623-626).
        (name, Runtime::Rust) if value.is_empty() => rust_empty_default(name).map(|default| {
            vec![Diagnostic::new(
                Code::ValueAdjusted,
                Some(key),
                format!("runtime-rs replaces an empty value with its built-in default {default:?}, which may not be the shim's. Write the value you want."),
            )]
        }),
        // The remote hypervisor takes an image name, not a host path.
        ("image", Runtime::Go) if ctx.target.hypervisor == Hypervisor::Remote => Some(Vec::new()),
        _ => None,
    }
}

/// Whether [`lenient_parse_failure`] may answer for `key` on `runtime`, so
/// that a value the key's kind rejects is not always `KA401`. The admission
/// policy checks values only where this is false: its verdict must be the
/// validator's.
pub(crate) fn parse_failure_may_be_lenient(key: &str, runtime: Runtime) -> bool {
    let name = short_name(key);
    matches!(
        (name, runtime),
        (
            "enable_pprof"
                | "hot_plug_vfio"
                | "cold_plug_vfio"
                | "image"
                | "virtio_fs_cache"
                | "default_gpus",
            Runtime::Go
        ) | (
            "virtio_fs_cache" | "shared_fs" | "hugepage_type",
            Runtime::Rust
        )
    ) || (runtime == Runtime::Rust && rust_empty_default(name).is_some())
}

/// The value runtime-rs gives an enum key left empty.
fn rust_empty_default(name: &str) -> Option<&'static str> {
    Some(match name {
        "shared_fs" => "virtio-fs",
        "block_device_driver" => "virtio-blk-pci",
        "virtio_fs_cache" => "never",
        "internetworking_model" => "tcfilter",
        "vfio_mode" => "guest-kernel",
        _ => return None,
    })
}

/// The rules for one parsed value.
pub(crate) fn check(
    ctx: &Context<'_>,
    annotation: &Annotation,
    value: &str,
    parsed: &Parsed,
    out: &mut Vec<Diagnostic>,
) {
    let key = annotation.key;
    let runtime = ctx.target.runtime;
    let hypervisor = ctx.target.hypervisor;
    let remote = hypervisor == Hypervisor::Remote;
    let mut push =
        |code: Code, message: String| out.push(Diagnostic::new(code, Some(key), message));
    let uint = match parsed {
        Parsed::Uint { value, .. } => Some(*value),
        _ => None,
    };
    // Go checks most ranges on the parsed 64-bit number and casts to 32 bits
    // only when storing (src/runtime/pkg/oci/utils.go:1504-1513, 4.1.0).
    let unwrapped = match parsed {
        Parsed::Uint {
            value,
            wrapped_from,
        } => Some(wrapped_from.unwrap_or(*value)),
        _ => None,
    };
    match (short_name(key), runtime, parsed) {
        // Kata 3.2's Go runtime read a whole number with ParseUint
        // (src/runtime/pkg/oci/utils.go:685-691 at 3.2.0); the float parse
        // (setFloat32WithCheck) arrived in 3.3.0.
        ("default_vcpus", Runtime::Go, _)
            if ctx.target.version < crate::version::v(3, 3)
                && (value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit())) =>
        {
            push(Code::InvalidValue, "Kata 3.2's Go runtime reads a whole number of vCPUs here (no fraction, sign or exponent) and fails the pod otherwise. Write e.g. 2.".into());
        }
        ("default_vcpus", _, Parsed::Float(vcpus)) => {
            let vcpus = *vcpus;
            if runtime == Runtime::Rust {
                let max = rust_max_vcpus(hypervisor);
                if vcpus > max as f32 {
                    push(
                        Code::OutOfRange,
                        format!(
                            "runtime-rs allows at most {max} vCPUs for {} and the pod fails.",
                            hypervisor.table()
                        ),
                    );
                } else if vcpus.is_nan() {
                    // Every comparison with NaN is false, so no clamp applies
                    // (kata-types hypervisor/mod.rs:708-717); QEMU gets
                    // `-smp` from `NaN.ceil() as u32`, which is 0.
                    push(Code::ValueAdjusted, "runtime-rs keeps NaN through its checks and starts QEMU with 0 vCPUs. Write a number.".into());
                } else if vcpus < 0.0 {
                    push(Code::ValueAdjusted, format!("runtime-rs accepts {value:?} but then uses the host's CPU count. Write a positive number."));
                } else if vcpus == 0.0 {
                    push(
                        Code::ValueAdjusted,
                        "runtime-rs turns 0 into 1 vCPU.".into(),
                    );
                }
                push(Code::NodeDependent, "runtime-rs caps this at the host's CPUs; with static_sandbox_resource_mgmt and pod CPU limits it replaces the value by overhead + limits.".into());
            } else {
                if vcpus.is_nan() {
                    push(Code::ValueAdjusted, "The Go runtime lets NaN through its checks; the resulting vCPU count is undefined. Write a number.".into());
                } else if vcpus == 0.0 {
                    push(
                        Code::ValueAdjusted,
                        "The Go runtime turns 0 into 1 vCPU.".into(),
                    );
                }
                if !remote {
                    push(
                        Code::NodeDependent,
                        "The Go runtime fails the pod if this exceeds the node's CPU count.".into(),
                    );
                }
            }
        }
        ("default_max_vcpus", Runtime::Go, _) => {
            let max = go_qemu_max_vcpus(ctx.target.arch);
            match uint {
                Some(v) if hypervisor == Hypervisor::Qemu && v > max => push(
                    Code::OutOfRange,
                    format!("QEMU on this architecture allows at most {max} vCPUs; the Go runtime fails the pod."),
                ),
                Some(0) => push(Code::ValueAdjusted, "The Go runtime replaces 0 with the architecture's maximum.".into()),
                _ => {}
            }
            if !remote {
                push(
                    Code::NodeDependent,
                    "The Go runtime fails the pod if this exceeds the node's CPU count.".into(),
                );
            }
        }
        ("default_max_vcpus", Runtime::Rust, _) if uint == Some(0) => {
            push(
                Code::ValueAdjusted,
                "runtime-rs replaces 0 with the host's CPU count.".into(),
            );
        }
        // utils.go:782-787 checks the 64-bit value; a wrapped 0 is then
        // replaced by the built-in default (hypervisor_config_linux.go:43-45).
        ("default_memory", Runtime::Go, _) => match (unwrapped, uint) {
            (Some(mib), _) if mib < GO_MIN_MEMORY_MIB && !remote => {
                push(Code::OutOfRange, format!("The Go runtime needs at least {GO_MIN_MEMORY_MIB} MiB and fails the pod."));
            }
            (Some(_), Some(0)) => push(Code::ValueAdjusted, "This wraps to 0 MiB, which the Go runtime replaces with its built-in default: the annotation has no effect.".into()),
            (Some(_), Some(stored)) if stored < GO_MIN_MEMORY_MIB && !remote => push(Code::OutOfRange, format!("This passes the Go runtime's check but wraps to {stored} MiB: the VM gets too little memory to boot.")),
            _ => {}
        },
        // Before 3.32 kata-types read the value with byte_unit, where a bare
        // number is bytes (annotations/mod.rs:805-811 at 3.31.0); 3.32
        // introduced convert_to_megabytes (mod.rs:816).
        ("default_memory", Runtime::Rust, _)
            if ctx.target.version < crate::version::v(3, 32)
                && !value.trim().is_empty()
                && value.trim().bytes().all(|b| b.is_ascii_digit()) =>
        {
            let bytes: u64 = value.trim().parse().unwrap_or(u64::MAX);
            let mib = bytes / (1024 * 1024);
            let min = rust_min_memory_mib(hypervisor);
            if mib < min {
                push(Code::OutOfRange, format!("Before Kata 3.32 runtime-rs reads a bare number as bytes: {value} is {mib} MiB, below the {min} MiB minimum, and the pod fails. Write {value}Mi."));
            } else {
                push(Code::ValueAdjusted, format!("Before Kata 3.32 runtime-rs reads a bare number as bytes: {value} is {mib} MiB. Write a unit (Mi, Gi)."));
            }
        }
        ("default_memory", Runtime::Rust, Parsed::MemoryMib(Some(mib))) => {
            let min = rust_min_memory_mib(hypervisor);
            if *mib < min {
                push(Code::OutOfRange, format!("runtime-rs reads this as {mib} MiB; {} needs at least {min} MiB and the pod fails.", hypervisor.table()));
            } else if has_decimal_unit(value) {
                push(Code::ValueAdjusted, format!("runtime-rs reads units as powers of 1000 here: {value:?} is {mib} MiB. Write Mi/Gi for powers of 1024."));
            }
            push(Code::NodeDependent, "runtime-rs caps this at the host's memory; with static_sandbox_resource_mgmt and pod memory limits it replaces the value by overhead + limits.".into());
        }
        // QEMU gets the slots as a uint8 (virtcontainers/qemu.go:348, 3.32.0);
        // govmm writes `slots=` only when that is above 0 (govmm/qemu/qemu.go:3201).
        ("memory_slots", Runtime::Go, _)
            if hypervisor == Hypervisor::Qemu
                && !ctx.target.shim.flavour.confidential_guest()
                && uint.is_some_and(|v| v >= 256) =>
        {
            let slots = uint.unwrap_or_default() % 256;
            let then = if slots == 0 {
                "0, and QEMU then gets no memory slots at all".to_owned()
            } else {
                format!("{slots}")
            };
            push(Code::ValueAdjusted, format!("The Go runtime passes QEMU only the low 8 bits of this: {value} becomes {then}. Use at most 255."));
        }
        // A confidential guest forces NVDIMM off (qemu_amd64.go:136-144, 3.32.0).
        ("disable_image_nvdimm", Runtime::Go, Parsed::Bool(false))
            if hypervisor == Hypervisor::Qemu && ctx.target.shim.flavour.confidential_guest() =>
        {
            push(Code::ValueIgnored, "A confidential guest cannot use NVDIMM: the Go runtime turns it off again and logs a warning, so this has no effect.".into());
        }
        // Firecracker's configuration has no virtio-fs daemon, and
        // addHypervisorSharedFSOverrides refuses virtio-fs without one
        // (src/runtime/pkg/oci/utils.go:1058-1060; katautils/config.go:821).
        ("shared_fs", Runtime::Go, _)
            if value == "virtio-fs"
                && hypervisor == Hypervisor::Firecracker
                && ctx
                    .hv_value("virtio_fs_daemon")
                    .is_none_or(|d| d.is_empty()) =>
        {
            push(Code::InvalidValue, "Firecracker has no virtio-fs daemon: the Go runtime fails the pod with \"cannot enable virtio-fs without daemon path\".".into());
        }
        ("memory_slots", Runtime::Go, _) if unwrapped == Some(0) => {
            push(
                Code::ValueAdjusted,
                "The Go runtime ignores 0 and keeps the configured slots.".into(),
            );
        }
        // utils.go:759-776, 792-798: the `> 0` test sees the 64-bit number,
        // the stored 32-bit one is 0.
        ("memory_slots" | "pcie_root_port" | "pcie_switch_port", Runtime::Go, _)
            if uint == Some(0) && unwrapped != Some(0) =>
        {
            push(Code::ValueAdjusted, "This wraps to 0, which the Go runtime stores over the configured value.".into());
        }
        // Firecracker keeps the 0 and fails (see `plugins`).
        ("memory_slots", Runtime::Rust, _)
            if uint == Some(0) && hypervisor != Hypervisor::Firecracker =>
        {
            push(
                Code::ValueAdjusted,
                "runtime-rs turns 0 into 128 slots.".into(),
            );
        }
        ("pcie_root_port" | "pcie_switch_port", Runtime::Rust, _)
            if uint.is_some_and(|v| v > 16) =>
        {
            push(
                Code::OutOfRange,
                "runtime-rs allows at most 16 ports and fails the pod.".into(),
            );
        }
        ("pcie_root_port", Runtime::Go, _) if uint.is_some_and(|v| v > 16) => {
            push(Code::OutOfRange, "QEMU supports at most 16 root ports: the Go runtime accepts this, then fails when a VFIO device needs a root port.".into());
        }
        ("pcie_root_port" | "pcie_switch_port", Runtime::Go, _) if unwrapped == Some(0) => {
            push(
                Code::ValueAdjusted,
                "The Go runtime ignores 0 and keeps the configured value.".into(),
            );
        }
        ("msize_9p", Runtime::Go, _) if unwrapped == Some(0) => {
            push(
                Code::OutOfRange,
                "The Go runtime rejects 0 and fails the pod.".into(),
            );
        }
        // utils.go:1068-1074; hypervisor_config_linux.go:66-68.
        ("msize_9p", Runtime::Go, _) if uint == Some(0) => {
            push(Code::ValueAdjusted, "This wraps to 0, which the Go runtime replaces with the default 8192: no effect.".into());
        }
        ("indep_iothreads", Runtime::Go, _) if unwrapped.is_some_and(|v| v == 0 || v > 50) => {
            push(
                Code::OutOfRange,
                "The Go runtime accepts 1 to 50 and fails the pod otherwise.".into(),
            );
        }
        ("blk_logical_sector_size" | "blk_physical_sector_size", _, _) => {
            // Go checks the 64-bit value (utils.go:993-1011).
            if let Some(size) = unwrapped.filter(|v| *v != 0) {
                if !(size.is_power_of_two() && (512..=65536).contains(&size)) {
                    push(
                        Code::OutOfRange,
                        "Must be 0 or a power of two from 512 to 65536; the pod fails otherwise."
                            .into(),
                    );
                }
            }
        }
        ("network_queues", Runtime::Rust, _) => match uint {
            Some(0) => push(
                Code::ValueAdjusted,
                "runtime-rs turns 0 into 1 queue.".into(),
            ),
            Some(v) if v > 256 => push(
                Code::ValueAdjusted,
                "runtime-rs caps this at 256 queues.".into(),
            ),
            _ => {}
        },
        // Before 3.20 virtiofsd.valid() knew only auto, always and never
        // (virtiofsd.go:219-223 at 3.2.0 to 3.19.0; metadata at 3.20.0).
        ("virtio_fs_cache", Runtime::Go, _)
            if value == "metadata"
                && ctx.target.version < crate::version::v(3, 20)
                && !super::cross::is_cancelled(ctx, "virtio_fs_cache") =>
        {
            push(Code::InvalidValue, "Before Kata 3.20 the Go runtime's virtio-fs daemon set-up knows only auto, always and never: \"metadata\" fails the pod.".into());
        }
        // The timeout becomes time.Duration(x) * time.Second in int64
        // nanoseconds (kata_agent.go:407, 3.32.0) and the CreateContainer
        // deadline (:2648-2649): zero, or a product that overflows to zero or
        // below, has passed already, and every container fails, the pod's own
        // sandbox container included.
        ("create_container_timeout", Runtime::Go, _)
            if uint.is_some_and(|s| (s as i64).wrapping_mul(1_000_000_000) <= 0) =>
        {
            push(Code::OutOfRange, "The Go runtime turns this into a create-container deadline that has already passed (0, or seconds that overflow Go's 64-bit nanoseconds): every container fails, the pod's own included. Use 1 to 9223372036.".into());
        }
        // CoCo hardening, from 3.28: validateHypervisorConfig refuses
        // virtio-mmio for confidential guests
        // (virtcontainers/hypervisor_config_linux.go:57-60, 3.32.0).
        ("block_device_driver", Runtime::Go, _)
            if value == "virtio-mmio"
                && ctx.target.shim.flavour.confidential_guest()
                && ctx.target.version >= crate::version::v(3, 28) =>
        {
            push(Code::InvalidValue, "Confidential guests must not use virtio-mmio: the Go runtime fails the pod. Use virtio-blk-pci or virtio-scsi.".into());
        }
        // clh.go:403-410 (3.32.0), on every VM start.
        ("shared_fs", Runtime::Go, _)
            if value == "virtio-9p" && hypervisor == Hypervisor::Clh =>
        {
            push(Code::InvalidValue, "Cloud Hypervisor supports only virtio-fs file sharing: the Go runtime fails the pod with virtio-9p.".into());
        }
        // runtime-rs' Runtime::validate knew only macvtap, none and tcfilter
        // before 4.1 (kata-types config/runtime.rs:265-273 at 3.32.0,
        // :263-270 at 4.0.0).
        ("internetworking_model", Runtime::Rust, _)
            if value.trim() == "l3forwarding" && ctx.target.version < crate::version::v(4, 1) =>
        {
            push(Code::InvalidValue, "runtime-rs accepts l3forwarding from Kata 4.1; before that it fails the pod. Use tcfilter or macvtap.".into());
        }
        // 3.32.0: each path is canonicalised on the host (kata-types
        // config/runtime.rs:244-256) and bind-mounted into the shared
        // directory (runtime-rs share_fs/sandbox_bind_mounts.rs:63-120);
        // from 4.0.0 the annotation only logs a warning
        // (annotations/mod.rs:1148-1154).
        // adjust_config fills in /var/run/vhost-user when the store is on and
        // no path is configured, then resolves it on the host (kata-types
        // config/hypervisor/mod.rs:383-391, config/default.rs:39, 4.1.0),
        // unless block devices are off (:345-351).
        ("enable_vhost_user_store", Runtime::Rust, Parsed::Bool(true))
            if !super::plugins::block_devices_off(ctx) =>
        {
            push(Code::NeedsHostFile, "runtime-rs uses this only to check that the vhost-user store directory (/var/run/vhost-user unless the node sets vhost_user_store_path) exists on the host: the pod fails when it does not, and nothing else changes.".into());
        }
        // (The catalog marks the key ignored from 4.0, so this runs before.)
        ("sandbox_bind_mounts", Runtime::Rust, _) => {
            push(Code::NodeDependent, "runtime-rs bind-mounts each host path into the guest's shared directory, read-only unless it ends in :rw; a path missing on the host fails the pod.".into());
        }
        // Before 3.24 the annotation replaced the configured parameters
        // (annotations/mod.rs:622-624 at 3.23.0); 3.24.0 merges by key
        // (replace_kernel_params, :630-632).
        ("kernel_params", Runtime::Rust, _) if ctx.target.version < crate::version::v(3, 24) => {
            push(Code::ValueAdjusted, "Before Kata 3.24 runtime-rs replaces the shim's whole kernel_params with this value, dropping the configured parameters; from 3.24 it replaces only the parameters you name.".into());
        }
        ("create_container_timeout", Runtime::Rust, _) => {
            // The value is the timeout of every agent request
            // (annotations/mod.rs:1068-1077 sets request_timeout_ms;
            // agent/src/kata/mod.rs:84-93 hands it to each client, 4.1.0),
            // where 0 means none.
            if uint == Some(0) {
                push(Code::ValueAdjusted, "runtime-rs uses this as the timeout of every agent request, and 0 means none: a guest that stops answering hangs the pod's start and every exec instead of failing them.".into());
            }
            if let Some(seconds) = uint {
                let millis = seconds.saturating_mul(1000);
                if millis > u64::from(u32::MAX) {
                    push(Code::OutOfRange, format!("runtime-rs stores the timeout in 32-bit milliseconds: {seconds} s silently becomes {} ms. Use at most 4294967 s.", millis % (1u64 << 32)));
                }
            }
        }
        // kata-types config/mod.rs:236-243 sends `agent.cdh_api_timeout=<ms/1000>`
        // when non-zero; the agent keeps its 50 s default for 0
        // (src/agent/src/config.rs:469-475, 4.1.0).
        ("cdh_api_timeout_ms", Runtime::Rust, _) => match uint {
            Some(ms) if (1..1000).contains(&ms) => push(Code::ValueAdjusted, format!("runtime-rs passes whole seconds to the guest: {ms} ms becomes 0 s, which the agent ignores (it keeps its 50 s default). Use at least 1000.")),
            Some(ms) if ms % 1000 != 0 => push(Code::ValueAdjusted, format!("runtime-rs passes whole seconds to the guest: {ms} ms becomes {} s.", ms / 1000)),
            _ => {}
        },
        ("shared_mounts", Runtime::Rust, _) => {
            if let Some(error) = super::shared_mounts::error(value) {
                push(
                    Code::InvalidValue,
                    format!("runtime-rs rejects this and the pod fails: {error}"),
                );
            }
        }
        ("experimental", Runtime::Go, _) => {
            push(Code::InvalidValue, "The Go runtime registers no experimental features, so any value fails the pod. On runtime-rs, use \"force_guest_pull\".".into());
        }
        // ParseUint(s, 0, 64) then int64(...) (virtcontainers/container.go:
        // 766-774, 3.32.0): from 2^63 the limit turns negative.
        ("swap_in_bytes", Runtime::Go, _) if uint.is_some_and(|v| v > i64::MAX as u64) => {
            let stored = uint.unwrap_or_default() as i64;
            push(Code::ValueAdjusted, format!("The Go runtime stores this as a signed 64-bit number: it becomes {stored}, a negative swap limit instead of the one written. Use at most 9223372036854775807."));
        }
        ("swappiness", Runtime::Go, _) if uint.is_some_and(|v| v > 200) => {
            push(
                Code::OutOfRange,
                "The Go runtime allows at most 200 and fails the container.".into(),
            );
        }
        ("default_gpus" | "default_gpu_model", Runtime::Go, _) if !remote => {
            push(
                Code::ValueAdjusted,
                "The Go runtime applies this only for the remote hypervisor; here it is ignored."
                    .into(),
            );
        }
        // src/runtime/pkg/oci/utils.go:714-721 stores any non-empty value; a
        // blank one parses to no parameters, and GetKernelRootParams
        // (virtcontainers/hypervisor.go:132-136) then sets up no dm-verity.
        ("kernel_verity_params", Runtime::Go, _)
            if !value.is_empty() && value.trim().is_empty() =>
        {
            push(Code::ValueAdjusted, "The Go runtime stores this blank value over the configured verity parameters: the guest boots without dm-verity. Remove the annotation to keep the node's.".into());
        }
        // runtime-rs splits each module entry on single spaces
        // (src/runtime-rs/crates/agent/src/types.rs:439-486, 4.1.0) and the
        // agent passes every piece to modprobe (src/agent/src/rpc.rs:2576-2580):
        // a double or a trailing space hands modprobe an empty argument.
        ("kernel_modules", Runtime::Rust, _)
            if value.split(';').any(|entry| {
                !entry.trim().is_empty() && (entry.contains("  ") || entry.ends_with(' '))
            }) =>
        {
            push(Code::ValueAdjusted, "runtime-rs splits a module entry on single spaces: a double or trailing space passes an empty argument to modprobe. Use one space between words and none at the end.".into());
        }
        // Go drops earlier parameters with the same key (hypervisor.go:1135-1151);
        // runtime-rs appends every token it is given (kata-types hypervisor/mod.rs:573-630).
        ("kernel_params", _, Parsed::Params(params))
            if params
                .iter()
                .enumerate()
                .any(|(i, (k, _))| params[..i].iter().any(|(earlier, _)| earlier == k)) =>
        {
            out.push(
                Diagnostic::new(Code::RuntimeDifference, Some(key), "A parameter repeats: the Go runtime keeps only the last, runtime-rs passes all of them to the guest kernel (which usually takes the last).")
                    .with_severity(Severity::Info),
            );
        }
        // An odd number of quotes swallows every later word of the command
        // line, including the parameters the runtime appends.
        ("kernel_params", _, _) if value.matches('"').count() % 2 == 1 => {
            push(Code::ValueAdjusted, "An unclosed double quote: the guest kernel reads every later word of its command line, including the runtime's own parameters, as part of this value. Close the quote.".into());
        }
        ("kernel_params", _, _) if value.contains("debug_console") => {
            out.push(
                Diagnostic::new(Code::Risk, Some(key), "This turns on the agent's debug console: a root shell into the guest. Keep it to debugging.")
                    .with_severity(Severity::Warning),
            );
        }
        // virtcontainers/types/asset.go:178-181 (4.1.0): an empty asset path is no asset.
        ("kernel" | "image" | "initrd" | "firmware" | "firmware_volume", Runtime::Go, _)
            if value.is_empty() =>
        {
            push(Code::ValueAdjusted, "The Go runtime treats an empty path as unset: the configured file stays. Remove the annotation.".into());
        }
        // resolve_path! canonicalises each of these on the host (kata-types
        // config/hypervisor/mod.rs:515-518 boot files, :968 entropy_source,
        // :1575-1578 virtio_fs_daemon when the daemon is external,
        // :1884-1887 prefetch list; qemu.rs:57 and ch.rs:59 the binary; 4.1.0).
        ("kernel" | "image" | "initrd" | "firmware" | "guest_hook_path" | "entropy_source"
            | "prefetch_files.list", Runtime::Rust, _)
            if !value.is_empty() =>
        {
            push(Code::NodeDependent, HOST_PATH_CHECK.into());
        }
        ("path", Runtime::Rust, _)
            if !value.is_empty() && matches!(hypervisor, Hypervisor::Qemu | Hypervisor::Clh) =>
        {
            push(Code::NodeDependent, HOST_PATH_CHECK.into());
        }
        ("virtio_fs_daemon", Runtime::Rust, _)
            if !value.is_empty() && !super::cross::is_cancelled(ctx, "virtio_fs_daemon") =>
        {
            push(Code::NodeDependent, HOST_PATH_CHECK.into());
        }
        // kind/init_data.rs: a document above the tool's own bound passes
        // unchecked; neither runtime has a bound.
        ("cc_init_data", runtime, _) if crate::kind::init_data_beyond_check(runtime, value) => {
            push(
                Code::NodeDependent,
                format!(
                    "The document decompresses to more than {} MiB, more than this tool reads, so it was not checked. Neither runtime limits its size: each reads it whole when the pod starts, and a document it refuses fails the pod then.",
                    crate::kind::INIT_DATA_CHECK_MIB
                ),
            );
        }
        ("hypervisor_name" | "agent_name", Runtime::Rust, _) => {
            push(Code::NodeDependent, "Must name a section present in the node's configuration; otherwise runtime-rs silently ignores it.".into());
        }
        _ => {}
    }
}

/// Whether a size string uses a decimal unit (`2G`, `512MB`), which
/// runtime-rs reads as powers of 1000.
fn has_decimal_unit(value: &str) -> bool {
    let unit: String = value
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .to_ascii_lowercase();
    matches!(
        unit.as_str(),
        "k" | "kb" | "m" | "mb" | "g" | "gb" | "t" | "tb" | "p" | "pb"
    )
}
