//! Verdicts taken from the runtimes' source, one row per rule.
//!
//! Every row names the shim and Kata release it is about, the annotations,
//! the findings that must appear and those that must not, and the line of
//! the Kata source (at the tag given, in kata-containers/kata-containers)
//! the verdict comes from. Hypervisor keys are enabled with `.*` unless a row
//! says otherwise, so the row tests the runtime's verdict, not the gate.

use kata_annotations::request::Request;
use kata_annotations::target::Arch;
use kata_annotations::{validate, Report};

/// One verdict.
struct Case {
    /// The issue item and a short name.
    what: &'static str,
    /// Where the rule is in the Kata source.
    source: &'static str,
    /// kata-deploy shim name.
    shim: &'static str,
    /// Kata release.
    version: &'static str,
    /// Annotations; a name without dots is a hypervisor key.
    set: &'static [(&'static str, &'static str)],
    /// `CODE name` findings that must be present.
    expect: &'static [&'static str],
    /// `CODE name` findings that must be absent.
    absent: &'static [&'static str],
}

const fn case(
    what: &'static str,
    source: &'static str,
    shim: &'static str,
    version: &'static str,
    set: &'static [(&'static str, &'static str)],
    expect: &'static [&'static str],
    absent: &'static [&'static str],
) -> Case {
    Case {
        what,
        source,
        shim,
        version,
        set,
        expect,
        absent,
    }
}

static CASES: &[Case] = &[
    // ------------------------------------------------------------ §1.1
    case(
        "1.1 Go never reads asset_hash_type: any value is accepted and ignored",
        "src/runtime/pkg/oci/utils.go:1290, :539-552; virtcontainers/types/asset.go:195 (4.1.0)",
        "qemu", "4.1",
        &[("io.katacontainers.asset_hash_type", "md5")],
        &["KA205 asset_hash_type"],
        &["KA401 asset_hash_type"],
    ),
    // ------------------------------------------------------------ §1.2
    case(
        "1.2 Go keeps unknown kernel_verity_params fields",
        "src/runtime/virtcontainers/hypervisor.go:241-245 (4.1.0)",
        "qemu", "4.1",
        &[("kernel_verity_params", "root_hash=ab,salt=cd,data_blocks=8,data_block_size=4096,hash_block_size=4096,mode=x")],
        &[],
        &["KA401 kernel_verity_params"],
    ),
    case(
        "1.2 runtime-rs refuses an empty kernel_verity_params key",
        "src/libs/kata-types/src/config/hypervisor/mod.rs:117-122 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("kernel_verity_params", "root_hash=ab,salt=cd,data_blocks=8,data_block_size=4096,hash_block_size=4096,=x")],
        &["KA401 kernel_verity_params"],
        &[],
    ),
    case(
        "1.2 Go accepts an empty kernel_verity_params key",
        "src/runtime/virtcontainers/hypervisor.go:245 (4.1.0)",
        "qemu", "4.1",
        &[("kernel_verity_params", "root_hash=ab,salt=cd,data_blocks=8,data_block_size=4096,hash_block_size=4096,=x")],
        &[],
        &["KA401 kernel_verity_params"],
    ),
    case(
        "1.2 Go: a blank value switches dm-verity off",
        "src/runtime/pkg/oci/utils.go:714-721; virtcontainers/hypervisor.go:132-136 (4.1.0)",
        "qemu", "4.1",
        &[("kernel_verity_params", " ")],
        &["KA406 kernel_verity_params"],
        &["KA401 kernel_verity_params"],
    ),
    // ------------------------------------------------------------ §1.3
    case(
        "1.3 runtime-rs parses enable_pprof but never applies it",
        "kata-types annotations/mod.rs:1101-1108; no reader in src/runtime-rs (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("io.katacontainers.config.runtime.enable_pprof", "true")],
        &["KA205 enable_pprof"],
        &[],
    ),
    case(
        "1.3 a bad value of a parse-only key still fails the pod",
        "kata-types annotations/mod.rs:878-887 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("rx_rate_limiter_max_rate", "-1")],
        &["KA205 rx_rate_limiter_max_rate", "KA401 rx_rate_limiter_max_rate"],
        &[],
    ),
    case(
        "1.3 memory_offset, tx rate, block cache, nvdimm: no effect",
        "kata-types annotations/mod.rs:583-645, 888-897 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[
            ("memory_offset", "1024"),
            ("tx_rate_limiter_max_rate", "1000"),
            ("block_device_cache_set", "true"),
            ("block_device_cache_noflush", "true"),
            ("disable_image_nvdimm", "true"),
        ],
        &[
            "KA205 memory_offset",
            "KA205 tx_rate_limiter_max_rate",
            "KA205 block_device_cache_set",
            "KA205 block_device_cache_noflush",
            "KA205 disable_image_nvdimm",
        ],
        &[],
    ),
    case(
        "1.3 the Go runtime applies the same keys",
        "src/runtime/pkg/oci/utils.go (4.1.0)",
        "qemu", "4.1",
        &[("block_device_cache_set", "true"), ("disable_image_nvdimm", "true")],
        &[],
        &["KA205 block_device_cache_set", "KA205 disable_image_nvdimm"],
    ),
    // ------------------------------------------------------------ §1.4
    case(
        "1.4 hugepages only matter on Dragonball (QEMU: no effect)",
        "runtime-rs crates/hypervisor/src/dragonball/inner.rs:227-234 is the only reader (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("enable_hugepages", "true"), ("hugepage_type", "thp"), ("virtio_fs_cache_size", "1024")],
        &["KA205 enable_hugepages", "KA205 hugepage_type", "KA205 virtio_fs_cache_size"],
        &[],
    ),
    case(
        "1.4 hugepages apply on Dragonball",
        "runtime-rs dragonball/inner.rs:227-234, inner_device.rs:468 (4.1.0)",
        "dragonball", "4.1",
        &[("enable_hugepages", "true"), ("hugepage_type", "thp"), ("virtio_fs_cache_size", "1024")],
        &[],
        &["KA205 enable_hugepages", "KA205 hugepage_type", "KA205 virtio_fs_cache_size"],
    ),
    case(
        "1.4 runtime-rs QEMU ignores entropy_source (always /dev/urandom)",
        "runtime-rs crates/hypervisor/src/qemu/cmdline_generator.rs:1620-1626 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("entropy_source", "/dev/random")],
        &["KA205 entropy_source"],
        &["KA303 entropy_source"],
    ),
    // ------------------------------------------------------------ §1.5
    case(
        "1.5 runtime-rs CLH ships no valid_virtio_fs_daemon_paths: every value refused",
        "src/runtime-rs/config/configuration-clh-runtime-rs.toml.in; kata-types config/mod.rs:358-373 (4.1.0)",
        "clh-runtime-rs", "4.1",
        &[("virtio_fs_daemon", "/opt/kata/libexec/virtiofsd")],
        &["KA303 virtio_fs_daemon"],
        &[],
    ),
    case(
        "1.5 Dragonball ships no valid_virtio_fs_daemon_paths either",
        "src/runtime-rs/config/configuration-dragonball.toml.in (4.1.0)",
        "dragonball", "4.1",
        &[("virtio_fs_daemon", "/opt/kata/libexec/virtiofsd")],
        &["KA303 virtio_fs_daemon"],
        &[],
    ),
    case(
        "1.5 runtime-rs QEMU ships the list",
        "src/runtime-rs/config/configuration-qemu-runtime-rs.toml.in:193 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("virtio_fs_daemon", "/opt/kata/libexec/virtiofsd")],
        &[],
        &["KA303 virtio_fs_daemon"],
    ),
    // ------------------------------------------------------------ §1.6
    case(
        "1.6 runtime-rs refuses initrd alone when the shim ships an image",
        "kata-types annotations/mod.rs:656-663; config/hypervisor/mod.rs:532-536 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("initrd", "/opt/kata/share/kata-containers/kata-containers-initrd.img")],
        &["KA405 initrd"],
        &[],
    ),
    case(
        "1.6 ... unless image is also set to empty",
        "kata-types annotations/mod.rs:656-659 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("initrd", "/opt/kata/share/kata-containers/kata-containers-initrd.img"), ("image", "")],
        &[],
        &["KA405 initrd"],
    ),
    case(
        "1.6 the Go runtime lets the initrd replace the shipped image",
        "src/runtime/virtcontainers/hypervisor.go:964-1005 (4.1.0)",
        "qemu", "4.1",
        &[("initrd", "/opt/kata/share/kata-containers/kata-containers-initrd.img")],
        &[],
        &["KA405 initrd"],
    ),
    case(
        "1.6 qemu-se ships neither, so an initrd is fine on runtime-rs",
        "src/runtime-rs/config/configuration-qemu-se-runtime-rs.toml.in (4.1.0)",
        "qemu-se-runtime-rs", "4.1",
        &[("initrd", "/opt/kata/share/kata-containers/kata-containers-initrd.img")],
        &[],
        &["KA405 initrd"],
    ),
    // ------------------------------------------------------------ §1.7
    case(
        "1.7 Go QEMU on amd64 refuses a machine type outside q35/microvm",
        "src/runtime/virtcontainers/qemu_amd64.go supportedQemuMachines (4.1.0)",
        "qemu", "4.1",
        &[("machine_type", "pc")],
        &["KA405 machine_type"],
        &[],
    ),
    case(
        "1.7 Go QEMU on amd64 takes q35",
        "src/runtime/virtcontainers/qemu_amd64.go (4.1.0)",
        "qemu", "4.1",
        &[("machine_type", "q35")],
        &[],
        &["KA405 machine_type"],
    ),
    case(
        "1.7 Go QEMU on amd64 still took virt in 3.16",
        "src/runtime/virtcontainers/qemu_amd64.go (3.16.0)",
        "qemu", "3.16",
        &[("machine_type", "virt")],
        &[],
        &["KA405 machine_type"],
    ),
    case(
        "1.7 runtime-rs QEMU passes any machine type to QEMU",
        "kata-types config/hypervisor/qemu.rs (no check, 4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("machine_type", "pc")],
        &[],
        &["KA405 machine_type"],
    ),
    // ------------------------------------------------------------ §1.8
    case(
        "1.8 Dragonball refuses vIOMMU, PCIe ports, machine_type, firmware, rootless, iothreads",
        "kata-types config/hypervisor/dragonball.rs:113-187 (4.1.0)",
        "dragonball", "4.1",
        &[
            ("enable_iommu", "true"),
            ("enable_iommu_platform", "true"),
            ("pcie_root_port", "1"),
            ("machine_type", "q35"),
            ("firmware", "/opt/kata/share/ovmf/OVMF.fd"),
            ("rootless", "true"),
            ("enable_iothreads", "true"),
        ],
        &[
            "KA405 enable_iommu",
            "KA405 enable_iommu_platform",
            "KA405 pcie_root_port",
            "KA405 machine_type",
            "KA405 firmware",
            "KA405 rootless",
            "KA405 enable_iothreads",
        ],
        &[],
    ),
    case(
        "1.8 Dragonball refuses block drivers outside virtio-blk-pci/-mmio/virtio-pmem",
        "kata-types config/hypervisor/dragonball.rs:119-128 (4.1.0)",
        "dragonball", "4.1",
        &[("block_device_driver", "virtio-scsi")],
        &["KA405 block_device_driver"],
        &[],
    ),
    case(
        "1.8 Dragonball takes virtio-blk-mmio",
        "kata-types config/hypervisor/dragonball.rs:119-128 (4.1.0)",
        "dragonball", "4.1",
        &[("block_device_driver", "virtio-blk-mmio"), ("pcie_root_port", "0")],
        &[],
        &["KA405 block_device_driver", "KA405 pcie_root_port"],
    ),
    case(
        "1.8 runtime-rs QEMU refuses virtio-blk-mmio",
        "kata-types config/hypervisor/qemu.rs:119-125 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("block_device_driver", "virtio-blk-mmio")],
        &["KA405 block_device_driver"],
        &[],
    ),
    case(
        "1.8 ... unless block devices are off",
        "kata-types config/hypervisor/mod.rs:398-400 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("block_device_driver", "virtio-blk-mmio"), ("disable_block_device_use", "true")],
        &[],
        &["KA405 block_device_driver"],
    ),
    case(
        "1.8 runtime-rs CLH refuses any jailer_path",
        "kata-types config/hypervisor/ch.rs:102-104 (4.1.0)",
        "clh-runtime-rs", "4.1",
        &[("jailer_path", "/opt/kata/bin/jailer")],
        &["KA405 jailer_path"],
        &[],
    ),
    case(
        "1.8 the Dragonball rules are runtime-rs QEMU's non-issues",
        "kata-types config/hypervisor/qemu.rs (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("enable_iommu", "true"), ("rootless", "true"), ("enable_iothreads", "true")],
        &[],
        &["KA405 enable_iommu", "KA405 rootless", "KA405 enable_iothreads"],
    ),
    case(
        "1.8 Firecracker keeps memory_slots=0 and fails",
        "kata-types config/hypervisor/mod.rs:1232-1236; firecracker.rs adjust (4.1.0)",
        "rs-fc", "4.1",
        &[("memory_slots", "0")],
        &["KA405 memory_slots"],
        &[],
    ),
    // ------------------------------------------------------------ §1.9
    case(
        "1.9 hypervisorctl_hash existed until 3.9 (Go read it, runtime-rs did not handle it)",
        "src/runtime/virtcontainers/pkg/annotations/annotations.go (3.9.0, gone in 3.10.0)",
        "qemu", "4.1",
        &[("hypervisorctl_hash", "abc")],
        &["KA203 hypervisorctl_hash"],
        &["KA201 hypervisorctl_hash"],
    ),
    case(
        "1.9 runtime-rs read msize_9p until 3.28",
        "kata-types annotations/mod.rs (3.28.0; gone in 3.29.0)",
        "qemu-runtime-rs", "3.28",
        &[("msize_9p", "8192")],
        &[],
        &["KA203 msize_9p", "KA204 msize_9p"],
    ),
    case(
        "1.9 ... and dropped it in 3.29: enabled, it now fails the pod (Invalid annotation type)",
        "kata-types annotations/mod.rs:1027-1031 (3.29.0)",
        "qemu-runtime-rs", "3.29",
        &[("msize_9p", "8192")],
        &["KA207 msize_9p"],
        &[],
    ),
    case(
        "1.9 runtime-rs had hotplug_vfio_on_root_bus until 3.32",
        "kata-types annotations/mod.rs:724 (3.32.0; gone in 4.0.0)",
        "qemu-runtime-rs", "3.32",
        &[("hotplug_vfio_on_root_bus", "true")],
        &[],
        &["KA203 hotplug_vfio_on_root_bus"],
    ),
    case(
        "1.9 runtime-rs disable_guest_empty_dir existed 3.23 to 3.32",
        "kata-types annotations/mod.rs:1126 (3.32.0)",
        "qemu-runtime-rs", "3.30",
        &[("io.katacontainers.config.runtime.disable_guest_empty_dir", "true")],
        &[],
        &["KA201 disable_guest_empty_dir", "KA203 disable_guest_empty_dir"],
    ),
    case(
        "1.9 the runtime. cc_init_data key was Go-only, before 3.20",
        "src/runtime/pkg/oci/utils.go (3.19.0)",
        "qemu", "3.19",
        &[("io.katacontainers.config.runtime.cc_init_data", "")],
        &[],
        &["KA203 cc_init_data", "KA204 cc_init_data"],
    ),
    case(
        "1.9 runtime-rs never had the runtime. cc_init_data key",
        "kata-types annotations/mod.rs (3.8.0 to 3.19.0)",
        "qemu-runtime-rs", "3.19",
        &[("io.katacontainers.config.runtime.cc_init_data", "")],
        &["KA204 cc_init_data"],
        &[],
    ),
    case(
        "1.9 runtime-rs reads hypervisor.cc_init_data from 3.19, Go from 3.20",
        "kata-types annotations/mod.rs (3.19.0); src/runtime/pkg/oci/utils.go (3.20.0)",
        "qemu", "3.19",
        &[("cc_init_data", "")],
        &["KA204 cc_init_data"],
        &[],
    ),
    case(
        "1.9 network_queues is runtime-rs from 3.27 only: enabled on 3.26 it fails the pod",
        "kata-types annotations/mod.rs (3.26.0 has no arm for it)",
        "qemu-runtime-rs", "3.26",
        &[("network_queues", "2")],
        &["KA207 network_queues"],
        &[],
    ),
    case(
        "1.9 Go reads an empty hot_plug_vfio as no-port",
        "src/runtime/pkg/oci/utils.go:726-735 (4.1.0)",
        "qemu", "4.1",
        &[("hot_plug_vfio", "")],
        &["KA406 hot_plug_vfio"],
        &["KA401 hot_plug_vfio"],
    ),
    case(
        "1.9 Go treats an empty asset path as unset",
        "src/runtime/virtcontainers/types/asset.go:178-181 (4.1.0)",
        "qemu", "4.1",
        &[("kernel", "")],
        &["KA406 kernel"],
        &["KA401 kernel"],
    ),
    case(
        "1.9 Go's allow-list glob has no leading-dot rule",
        "src/runtime/pkg/oci/utils.go:301-312 filepath.Glob (4.1.0)",
        "qemu", "4.1",
        &[("virtio_fs_daemon", "/opt/kata/libexec/.virtiofsd")],
        &[],
        &["KA401 virtio_fs_daemon"],
    ),
    case(
        "1.9 cdh_api_timeout_ms below 1000 reaches the agent as 0 s",
        "kata-types config/mod.rs:236-243; src/agent/src/config.rs:469-475 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("io.katacontainers.config.agent.cdh_api_timeout_ms", "999")],
        &["KA406 cdh_api_timeout_ms"],
        &[],
    ),
    // ------------------------------------------------------------ §1.10
    case(
        "1.10 runtime-rs fills an empty shared_fs with virtio-fs",
        "kata-types config/hypervisor/mod.rs:1536-1538 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("shared_fs", "")],
        &["KA406 shared_fs"],
        &["KA401 shared_fs"],
    ),
    case(
        "1.10 runtime-rs trims shared_fs",
        "kata-types annotations/mod.rs:419, :938 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("shared_fs", " virtio-fs ")],
        &["KA408 shared_fs"],
        &["KA401 shared_fs"],
    ),
    case(
        "1.10 runtime-rs uses block_device_driver untrimmed",
        "kata-types config/hypervisor/mod.rs:401-413 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("block_device_driver", " virtio-scsi")],
        &["KA401 block_device_driver"],
        &[],
    ),
    case(
        "1.10 Go checks the range before wrapping: 2^32+512 is not a sector size",
        "src/runtime/pkg/oci/utils.go:993-1001, :1504-1513 (4.1.0)",
        "qemu", "4.1",
        &[("blk_logical_sector_size", "4294967808")],
        &["KA404 blk_logical_sector_size"],
        &[],
    ),
    case(
        "1.10 Go: default_memory 2^32 passes the minimum and wraps to 0, then the default",
        "src/runtime/pkg/oci/utils.go:782-787; hypervisor_config_linux.go:43-45 (4.1.0)",
        "qemu", "4.1",
        &[("default_memory", "4294967296")],
        &["KA406 default_memory"],
        &["KA404 default_memory"],
    ),
    case(
        "1.10 runtime-rs shared_mounts: every field is required",
        "kata-types config/shared_mount.rs:42-103 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("io.katacontainers.config.runtime.shared_mounts", r#"[{"name":"m"}]"#)],
        &["KA401 shared_mounts"],
        &[],
    ),
    case(
        "1.10 runtime-rs shared_mounts: unknown fields are refused",
        "kata-types config/shared_mount.rs:10-39 deny_unknown_fields (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("io.katacontainers.config.runtime.shared_mounts", r#"[{"name":"m","src_ctr":"a","src_path":"/d","dst_ctr":"b","dst_path":"/d","x":1}]"#)],
        &["KA401 shared_mounts"],
        &[],
    ),
    case(
        "1.10 shared_fs=none makes the virtio-fs keys irrelevant",
        "kata-types config/hypervisor/mod.rs:1531-1534 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("shared_fs", "none"), ("virtio_fs_cache", "always")],
        &["KA205 virtio_fs_cache"],
        &[],
    ),
    case(
        "1.10 ... and so does a shim that ships shared_fs=none",
        "src/runtime-rs/config/configuration-qemu-snp-runtime-rs.toml.in (4.1.0)",
        "qemu-snp-runtime-rs", "4.1",
        &[("virtio_fs_cache", "always")],
        &["KA205 virtio_fs_cache"],
        &[],
    ),
    case(
        "1.10 static sizing makes default_max_vcpus irrelevant on runtime-rs",
        "runtime-rs crates/resource/src/cpu_mem/initial_size.rs:187 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("default_max_vcpus", "8")],
        &["KA406 default_max_vcpus"],
        &[],
    ),
    case(
        "1.10 ... not on the Go runtime's dynamically sized QEMU",
        "src/runtime/Makefile DEFSTATICRESOURCEMGMT_QEMU ?= false (4.1.0)",
        "qemu", "4.1",
        &[("default_max_vcpus", "8")],
        &[],
        &["KA406 default_max_vcpus"],
    ),
    case(
        "1.10 kernel_modules: a double space reaches modprobe as an empty argument on runtime-rs",
        "src/runtime-rs/crates/agent/src/types.rs:439-486 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("io.katacontainers.config.agent.kernel_modules", "e1000e  EEE=1")],
        &["KA406 kernel_modules"],
        &[],
    ),
    case(
        "1.10 kernel_modules: Go splits on any whitespace",
        "src/runtime/virtcontainers/kata_agent.go:887-906 (4.1.0)",
        "qemu", "4.1",
        &[("io.katacontainers.config.agent.kernel_modules", "e1000e  EEE=1")],
        &[],
        &["KA406 kernel_modules", "KA401 kernel_modules"],
    ),
    case(
        "1.10 kernel_params: a repeated key differs between the runtimes",
        "src/runtime/virtcontainers/hypervisor.go:1135-1151; kata-types hypervisor/mod.rs:573-630 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("kernel_params", "a=1 a=2")],
        &["KA407 kernel_params"],
        &["KA401 kernel_params"],
    ),
    case(
        "1.10 kernel_params: an unclosed quote swallows the rest of the command line",
        "src/runtime-rs/crates/hypervisor/src/kernel_param.rs:28-58 (4.1.0)",
        "qemu-runtime-rs", "4.1",
        &[("kernel_params", "foo=\"a b")],
        &["KA406 kernel_params"],
        &[],
    ),
    // ------------------------------------------------------------ §2
    case(
        "2 runtime-rs before 3.32 read a bare default_memory as bytes",
        "kata-types annotations/mod.rs:805-811 byte_unit::Byte::parse_str (3.31.0)",
        "qemu-runtime-rs", "3.31",
        &[("default_memory", "4096")],
        &["KA404 default_memory"],
        &[],
    ),
    case(
        "2 ... and as MiB from 3.32",
        "kata-types annotations/mod.rs:816 convert_to_megabytes (3.32.0)",
        "qemu-runtime-rs", "3.32",
        &[("default_memory", "4096")],
        &[],
        &["KA404 default_memory"],
    ),
    case(
        "2 kernel_verity_params does not exist before 3.27",
        "src/runtime/pkg/oci/utils.go (3.26.0 has no handler; 3.27.0 adds it)",
        "qemu", "3.26",
        &[("kernel_verity_params", "root_hash=ab")],
        &["KA204 kernel_verity_params"],
        &["KA401 kernel_verity_params"],
    ),
    case(
        "2 config_path still existed in 3.32",
        "src/runtime/virtcontainers/pkg/annotations/annotations.go (3.32.0; gone in 4.0.0)",
        "qemu", "3.32",
        &[("io.katacontainers.config_path", "/etc/kata/configuration.toml")],
        &[],
        &["KA203 config_path"],
    ),
    case(
        "2 config_path is gone in 4.0",
        "src/runtime/virtcontainers/pkg/annotations/annotations.go (4.0.0)",
        "qemu", "4.0",
        &[("io.katacontainers.config_path", "/etc/kata/configuration.toml")],
        &["KA203 config_path"],
        &[],
    ),
];

fn request_for(case: &Case) -> Request {
    let mut request: Request = serde_json::from_value(serde_json::json!({
        "shim": case.shim,
        "kataVersion": case.version,
        "policy": { "enableAnnotations": [".*"] },
    }))
    .unwrap_or_else(|e| panic!("{}: {e}", case.what));
    request.arch = Arch::X86_64;
    for (name, value) in case.set {
        let full = if name.contains('.') {
            (*name).to_owned()
        } else {
            format!("io.katacontainers.config.hypervisor.{name}")
        };
        request.annotations.insert(full, (*value).to_owned());
    }
    request
}

fn findings(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let key = d.key.as_deref().unwrap_or("-");
            let name = key.rsplit(['.', '/']).next().unwrap_or(key);
            format!("{} {name}", d.code.as_str())
        })
        .collect()
}

#[test]
fn every_verdict_matches_the_runtime_source() {
    let mut wrong = Vec::new();
    for case in CASES {
        let request = request_for(case);
        assert_eq!(
            request.target().shim_name(),
            case.shim,
            "{}: unknown shim",
            case.what
        );
        let report = validate(&request);
        let got = findings(&report);
        for want in case.expect {
            if !got.iter().any(|g| g == want) {
                wrong.push(format!(
                    "{} [{}]: missing {want}; got {got:?}",
                    case.what, case.source
                ));
            }
        }
        for not in case.absent {
            if got.iter().any(|g| g == not) {
                wrong.push(format!(
                    "{} [{}]: unexpected {not}; got {got:?}",
                    case.what, case.source
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} verdicts disagree with the runtimes:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

/// The VM size for a pod with limits, per shim and release (#11 §3).
#[test]
fn the_vm_size_follows_the_shim_the_release_and_the_pods_limits() {
    let sized = |shim: &str, version: &str, memory_annotation: Option<&str>| {
        let mut request: Request = serde_json::from_value(serde_json::json!({
            "shim": shim,
            "kataVersion": version,
            "policy": { "enableAnnotations": [".*"] },
            "workload": { "resources": { "cpuLimit": "2", "memoryLimit": "4Gi" } },
        }))
        .expect("request");
        if let Some(mib) = memory_annotation {
            request.annotations.insert(
                "io.katacontainers.config.hypervisor.default_memory".into(),
                mib.into(),
            );
        }
        validate(&request)
    };
    let size = |report: &Report| {
        report
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "KA410" && d.message.starts_with("The VM gets"))
            .map(|d| d.message.clone())
            .unwrap_or_default()
    };
    // 4.x replaces the size by overhead + limits (initial_size.rs:170-187 at 4.1.0):
    // 0.2 + 2 vCPUs, 32 + 4096 MiB; the annotation is overridden.
    let rs41 = sized("qemu-runtime-rs", "4.1", Some("8192"));
    assert!(
        size(&rs41).starts_with("The VM gets 2.2 vCPUs and 4128 MiB"),
        "{}",
        size(&rs41)
    );
    assert!(findings(&rs41).contains(&"KA406 default_memory".to_owned()));
    // 3.32 added the limits to the configured (here annotated) size.
    let rs332 = sized("qemu-runtime-rs", "3.32", Some("8192"));
    assert!(
        size(&rs332).starts_with("The VM gets 3 vCPUs and 12288 MiB"),
        "{}",
        size(&rs332)
    );
    assert!(!findings(&rs332).contains(&"KA406 default_memory".to_owned()));
    // Before 3.32 qemu-runtime-rs sized dynamically on x86_64.
    let rs331 = sized("qemu-runtime-rs", "3.31", None);
    assert!(size(&rs331).contains("hot-plugs"), "{}", size(&rs331));
    // The Go runtime's QEMU sizes dynamically: the annotation is the boot size.
    let go = sized("qemu", "4.1", Some("8192"));
    assert!(
        size(&go).starts_with("The VM gets 1 vCPUs and 8192 MiB"),
        "{}",
        size(&go)
    );
    // A confidential shim has a larger overhead (DEFOVERHEADMEMSZ_TEE).
    let tdx = sized("qemu-tdx-runtime-rs", "4.1", None);
    assert!(
        size(&tdx).starts_with("The VM gets 2.4 vCPUs and 4224 MiB"),
        "{}",
        size(&tdx)
    );
    // Quantities Kubernetes refuses are named.
    let bad: Request = serde_json::from_value(serde_json::json!({
        "workload": { "resources": { "memoryLimit": "4 gigs" } },
    }))
    .expect("request");
    assert!(findings(&validate(&bad)).contains(&"KA708 -".to_owned()));
}
