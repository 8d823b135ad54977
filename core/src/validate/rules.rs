//! Per-key rules beyond syntax: ranges, limits per hypervisor and
//! architecture, values a runtime accepts but changes (fact sheet §2.3, §2.6, §10).

use crate::catalog::{Annotation, AGENT_PREFIX, HYPERVISOR_PREFIX, KATA_PREFIX, RUNTIME_PREFIX};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::kind::Parsed;
use crate::target::{Arch, Hypervisor, Runtime};

use super::Context;

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
        // The remote hypervisor takes an image name, not a host path.
        ("image", Runtime::Go) if ctx.target.hypervisor == Hypervisor::Remote => Some(Vec::new()),
        _ => None,
    }
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
    match (short_name(key), runtime, parsed) {
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
                } else if vcpus.is_nan() || vcpus < 0.0 {
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
        ("default_memory", Runtime::Go, _) => {
            if let Some(mib) = uint {
                if mib < GO_MIN_MEMORY_MIB && !remote {
                    push(Code::OutOfRange, format!("The Go runtime needs at least {GO_MIN_MEMORY_MIB} MiB and fails the pod."));
                }
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
        ("memory_slots", Runtime::Go, _) if uint == Some(0) => {
            push(
                Code::ValueAdjusted,
                "The Go runtime ignores 0 and keeps the configured slots.".into(),
            );
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
        ("pcie_root_port" | "pcie_switch_port", Runtime::Go, _) if uint == Some(0) => {
            push(
                Code::ValueAdjusted,
                "The Go runtime ignores 0 and keeps the configured value.".into(),
            );
        }
        ("msize_9p", Runtime::Go, _) if uint == Some(0) => {
            push(
                Code::OutOfRange,
                "The Go runtime rejects 0 and fails the pod.".into(),
            );
        }
        ("indep_iothreads", Runtime::Go, _) if uint.is_some_and(|v| v == 0 || v > 50) => {
            push(
                Code::OutOfRange,
                "The Go runtime accepts 1 to 50 and fails the pod otherwise.".into(),
            );
        }
        ("blk_logical_sector_size" | "blk_physical_sector_size", _, _) => {
            if let Some(size) = uint.filter(|v| *v != 0) {
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
        ("create_container_timeout", Runtime::Rust, _) => {
            if let Some(seconds) = uint {
                let millis = seconds.saturating_mul(1000);
                if millis > u64::from(u32::MAX) {
                    push(Code::OutOfRange, format!("runtime-rs stores the timeout in 32-bit milliseconds: {seconds} s silently becomes {} ms. Use at most 4294967 s.", millis % (1u64 << 32)));
                }
            }
        }
        ("experimental", Runtime::Go, _) => {
            push(Code::InvalidValue, "The Go runtime registers no experimental features, so any value fails the pod. On runtime-rs, use \"force_guest_pull\".".into());
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
        ("kernel" | "image" | "initrd" | "firmware" | "guest_hook_path", Runtime::Rust, _)
            if !value.is_empty() =>
        {
            push(Code::NodeDependent, "runtime-rs checks that this path exists on the host and fails the pod if it does not.".into());
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
