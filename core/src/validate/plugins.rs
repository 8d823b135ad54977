//! What one hypervisor does with a value beyond parsing it: the rejections
//! of runtime-rs' per-hypervisor `validate()` (kata-types
//! `src/libs/kata-types/src/config/hypervisor/<name>.rs`), the keys a
//! hypervisor backend never reads, and the Go runtime's QEMU machine types.
//!
//! The runtime-rs rules are one table, each row citing the line at the 4.1.0
//! tag that makes it; the tests in `core/tests/it/verdicts.rs` replay them.

use crate::catalog::Annotation;
use crate::diagnostic::{Code, Diagnostic};
use crate::kind::Parsed;
use crate::target::{Arch, Hypervisor, Runtime};
use crate::version::v;

use super::rules::short_name;
use super::Context;

/// Which values a row is about.
#[derive(Clone, Copy)]
enum Test {
    /// A boolean `true`.
    True,
    /// A number above zero.
    Positive,
    /// Zero.
    Zero,
    /// Any non-empty text.
    NonEmpty,
    /// The empty text.
    Empty,
    /// Exactly this text.
    Is(&'static str),
    /// A non-empty text outside this set.
    NotIn(&'static [&'static str]),
}

impl Test {
    fn matches(self, value: &str, parsed: &Parsed) -> bool {
        match self {
            Test::True => matches!(parsed, Parsed::Bool(true)),
            Test::Positive => matches!(parsed, Parsed::Uint { value, .. } if *value > 0),
            Test::Zero => matches!(parsed, Parsed::Uint { value: 0, .. }),
            Test::NonEmpty => !value.is_empty(),
            Test::Empty => value.is_empty(),
            Test::Is(text) => value == text,
            Test::NotIn(allowed) => !value.is_empty() && !allowed.contains(&value),
        }
    }
}

/// Which hypervisors a row covers.
#[derive(Clone, Copy)]
enum On {
    Only(&'static [Hypervisor]),
    Except(&'static [Hypervisor]),
}

impl On {
    fn covers(self, hypervisor: Hypervisor) -> bool {
        match self {
            On::Only(list) => list.contains(&hypervisor),
            On::Except(list) => !list.contains(&hypervisor),
        }
    }
}

/// What runtime-rs does.
#[derive(Clone, Copy)]
enum Outcome {
    /// The sandbox fails with this message (`{value}` is replaced).
    Fails(&'static str),
    /// The value is accepted and does nothing; the text says why.
    NoEffect(&'static str),
}

/// One runtime-rs rule.
struct Rule {
    key: &'static str,
    on: On,
    test: Test,
    outcome: Outcome,
    /// Block-device rules do not apply when block devices are off
    /// (`BlockDeviceInfo::validate` returns early, hypervisor/mod.rs:398-400).
    unless_block_devices_off: bool,
}

const fn rule(key: &'static str, on: On, test: Test, outcome: Outcome) -> Rule {
    Rule {
        key,
        on,
        test,
        outcome,
        unless_block_devices_off: false,
    }
}

use Hypervisor::{Clh, Dragonball, Firecracker, Qemu, Remote};

const DB: On = On::Only(&[Dragonball]);
const DB_PCI: &str = "dragonball hypervisor does not support PCI hotplug options";
const DB_IOMMU: &str = "dragonball hypervisor does not support vIOMMU";

/// runtime-rs per-hypervisor rules, in kata-types' own order (tag 4.1.0).
static RULES: &[Rule] = &[
    // config/hypervisor/dragonball.rs `validate()`.
    rule(
        "path",
        DB,
        Test::NonEmpty,
        Outcome::Fails("Path for dragonball hypervisor should be empty"),
    ), // :92-96
    rule(
        "enable_iothreads",
        DB,
        Test::True,
        Outcome::Fails("dragonball hypervisor doesn't support IO threads."),
    ), // :113-117
    Rule {
        unless_block_devices_off: true,
        ..rule(
            "block_device_driver",
            DB,
            Test::NotIn(&["virtio-blk-pci", "virtio-blk-mmio", "virtio-pmem"]),
            Outcome::Fails("{value} is unsupported block device type."),
        ) // :119-128
    },
    rule(
        "firmware",
        DB,
        Test::NonEmpty,
        Outcome::Fails("Firmware for dragonball hypervisor should be empty"),
    ), // :142-146
    rule("enable_iommu", DB, Test::True, Outcome::Fails(DB_IOMMU)), // :158-162
    rule(
        "enable_iommu_platform",
        DB,
        Test::True,
        Outcome::Fails(DB_IOMMU),
    ), // :158-162
    rule("pcie_root_port", DB, Test::Positive, Outcome::Fails(DB_PCI)), // :163-170
    // The same check named hotplug_vfio_on_root_bus while runtime-rs still
    // read it (dragonball.rs:160-168 at 3.32.0; the key is gone from 4.0).
    rule(
        "hotplug_vfio_on_root_bus",
        DB,
        Test::True,
        Outcome::Fails(DB_PCI),
    ),
    rule(
        "pcie_switch_port",
        DB,
        Test::Positive,
        Outcome::Fails(DB_PCI),
    ), // :163-170
    rule(
        "machine_type",
        DB,
        Test::NonEmpty,
        Outcome::Fails("dragonball hypervisor does not support machine_type"),
    ), // :172-176
    rule(
        "rootless",
        DB,
        Test::True,
        Outcome::Fails("dragonball hypervisor does not support rootless mode"),
    ), // :183-187
    rule(
        "shared_fs",
        DB,
        Test::NotIn(&["virtio-fs", "inline-virtio-fs", "none"]),
        Outcome::Fails("dragonball hypervisor doesn't support {value}"),
    ), // :189-195
    // Each plugin's adjust_config puts a relative default in an empty
    // kernel, which BootInfo::adjust_config (mod.rs:515) then cannot
    // resolve: `vmlinuz` for QEMU (qemu.rs:66-68), Cloud Hypervisor
    // (ch.rs:65-67) and Dragonball (dragonball.rs:55-57), `vmlinux` for
    // Firecracker (firecracker.rs:55-58; config/default.rs:57-100).
    rule(
        "kernel",
        On::Only(&[Qemu, Clh, Dragonball]),
        Test::Empty,
        Outcome::Fails(
            "guest kernel image file vmlinuz is invalid: No such file or directory (os error 2)",
        ),
    ),
    rule(
        "kernel",
        On::Only(&[Firecracker]),
        Test::Empty,
        Outcome::Fails(
            "guest kernel image file vmlinux is invalid: No such file or directory (os error 2)",
        ),
    ),
    // config/hypervisor/qemu.rs `validate()`.
    rule(
        "jailer_path",
        On::Only(&[Qemu]),
        Test::NonEmpty,
        Outcome::Fails("Path for QEMU jailer should be empty"),
    ), // :108-112
    Rule {
        unless_block_devices_off: true,
        ..rule(
            "block_device_driver",
            On::Only(&[Qemu]),
            Test::Is("virtio-blk-mmio"),
            Outcome::Fails("Qemu doesn't support virtio-blk-mmio"),
        ) // :119-125
    },
    rule(
        "enable_guest_swap",
        On::Only(&[Qemu]),
        Test::True,
        Outcome::Fails("Qemu hypervisor doesn't support enable_guest_swap"),
    ), // :177-181
    // config/hypervisor/ch.rs `validate()`.
    rule(
        "jailer_path",
        On::Only(&[Clh]),
        Test::NonEmpty,
        Outcome::Fails("Path for CH jailer should be empty"),
    ), // :102-104
    // config/hypervisor/firecracker.rs `validate()` wants an image, never an initrd.
    rule(
        "image",
        On::Only(&[Firecracker]),
        Test::Empty,
        Outcome::Fails("Both guest boot image and initrd for firecracker are empty"),
    ), // :92-96
    // Firecracker's adjust_config never defaults memory_slots, so
    // MemoryInfo::validate (hypervisor/mod.rs:1232-1236) sees the 0.
    rule(
        "memory_slots",
        On::Only(&[Firecracker]),
        Test::Zero,
        Outcome::Fails("Configured memory slots for guest VM are zero"),
    ),
    // config/hypervisor/remote.rs `validate()`.
    rule(
        "initrd",
        On::Only(&[Remote]),
        Test::NonEmpty,
        Outcome::Fails("Remote hypervisor does not support initrd"),
    ), // :103-107
    // Keys only one backend reads (`git grep -w <field> 4.1.0 -- src/runtime-rs`):
    // dragonball/inner.rs:227-234 and inner_device.rs:468 read the
    // hugepage and DAX-window fields; ch-config/src/convert.rs:553-567 reads
    // the entropy source, which qemu/cmdline_generator.rs:1620-1626 hard-codes
    // to /dev/urandom.
    rule(
        "enable_hugepages",
        On::Except(&[Dragonball]),
        Test::NonEmpty,
        Outcome::NoEffect("only the Dragonball backend reads it"),
    ),
    rule(
        "hugepage_type",
        On::Except(&[Dragonball]),
        Test::NonEmpty,
        Outcome::NoEffect("only the Dragonball backend reads it"),
    ),
    rule(
        "virtio_fs_cache_size",
        On::Except(&[Dragonball]),
        Test::NonEmpty,
        Outcome::NoEffect("only the Dragonball backend reads it"),
    ),
    rule(
        "entropy_source",
        On::Except(&[Clh]),
        Test::NonEmpty,
        Outcome::NoEffect(
            "only the Cloud Hypervisor backend reads it; runtime-rs QEMU always uses /dev/urandom",
        ),
    ),
    // qemu.rs and remote.rs read machine_type; ch.rs and firecracker.rs never do.
    rule(
        "machine_type",
        On::Only(&[Clh, Firecracker]),
        Test::NonEmpty,
        Outcome::NoEffect("this backend has no machine types"),
    ),
];

/// Whether runtime-rs on `hypervisor` never reads the key, whatever its value.
pub(crate) fn rust_ignores(key: &str, hypervisor: Hypervisor) -> bool {
    let name = short_name(key);
    RULES.iter().any(|r| {
        r.key == name
            && matches!(r.outcome, Outcome::NoEffect(_))
            && matches!(r.test, Test::NonEmpty)
            && r.on.covers(hypervisor)
    })
}

/// The machine types the Go runtime's QEMU accepts on `arch` at `version`
/// (`supportedQemuMachines` in src/runtime/virtcontainers/qemu_<arch>.go;
/// qemu_amd64.go also listed `virt` until 3.16).
fn go_qemu_machines(arch: Arch, version: crate::version::Version) -> &'static [&'static str] {
    match arch {
        Arch::X86_64 if version < v(3, 17) => &["q35", "microvm", "virt"],
        Arch::X86_64 => &["q35", "microvm"],
        Arch::Aarch64 => &["virt"],
        Arch::S390x => &["s390-ccw-virtio"],
        Arch::Ppc64le => &["pseries"],
    }
}

/// Whether block devices are off: the request's value, else the shim's.
pub(crate) fn block_devices_off(ctx: &Context<'_>) -> bool {
    ctx.effective("io.katacontainers.config.hypervisor.disable_block_device_use") == Some("true")
}

/// The per-hypervisor findings for one parsed value.
pub(crate) fn check(
    ctx: &Context<'_>,
    annotation: &Annotation,
    value: &str,
    parsed: &Parsed,
    out: &mut Vec<Diagnostic>,
) {
    let key = annotation.key;
    let name = short_name(key);
    let hypervisor = ctx.target.hypervisor;
    match ctx.target.runtime {
        Runtime::Go => {
            if name == "machine_type" && hypervisor == Qemu && !value.is_empty() {
                let machines = go_qemu_machines(ctx.target.arch, ctx.target.version);
                if !machines.contains(&value) {
                    out.push(Diagnostic::new(
                        Code::Conflict,
                        Some(key),
                        format!(
                            "The Go runtime's QEMU fails the pod: \"unrecognised machinetype: {value}\". It accepts {} on this architecture.",
                            machines.join(", ")
                        ),
                    ));
                }
            }
        }
        Runtime::Rust => {
            let rows = RULES.iter().filter(|r| {
                r.key == name
                    && r.on.covers(hypervisor)
                    && r.test.matches(value, parsed)
                    && !(r.unless_block_devices_off && block_devices_off(ctx))
            });
            for row in rows {
                out.push(match row.outcome {
                    Outcome::Fails(message) => Diagnostic::new(
                        Code::Conflict,
                        Some(key),
                        format!(
                            "runtime-rs fails the pod on {}: \"{}\".",
                            hypervisor.label(),
                            message.replace("{value}", value)
                        ),
                    ),
                    Outcome::NoEffect(why) => Diagnostic::new(
                        Code::NoOpKey,
                        Some(key),
                        format!(
                            "runtime-rs on {} accepts this but it has no effect: {why}.",
                            hypervisor.label()
                        ),
                    ),
                });
            }
        }
    }
}
