//! The one catalog table: every annotation key, sorted by key.
//!
//! Plain data, nothing computed. Every fact here (keys, value syntax per
//! runtime, shipped defaults, allow-lists, release numbers) comes from the
//! project's fact sheet, `shared/reference/kata-annotations.md`; change that
//! page first, then this table. Descriptions, differences and risks are
//! written in our own words.
//!
//! Defaults are the values the shipped Go `configuration-qemu.toml` resolves
//! to on x86_64 with kata-deploy's `/opt/kata` prefix (runtime-rs values for
//! keys only runtime-rs has), in canonical form; `None` when unset, empty or
//! not applicable.

use super::{added, ignored, removed, Annotation, Group, HypervisorSection::*, Support::*};
use super::{Restriction::*, RetiredList::*};
use crate::kind::Kind::*;
use crate::policy::AllowList::*;
use crate::target::Runtime::{Go as GO, Rust as RS};
use crate::version::v;

/// The fields most entries leave at their "nothing to say" value.
const BASE: Annotation = Annotation {
    key: "",
    group: Group::Global,
    description: "",
    default: None,
    go: Absent,
    rust: Absent,
    restricted: None,
    differences: None,
    risk: None,
    since: None,
    history: &[],
    internal: false,
};

// Hypervisor sections, shortened.
const H_BOOT: Group = Group::Hypervisor(BootAssets);
const H_GUEST: Group = Group::Hypervisor(Guest);
const H_CPU: Group = Group::Hypervisor(CpuMemory);
const H_FS: Group = Group::Hypervisor(SharedFs);
const H_BLOCK: Group = Group::Hypervisor(Block);
const H_NET: Group = Group::Hypervisor(Network);
const H_DEV: Group = Group::Hypervisor(Devices);

// Value sets (fact sheet §1.2, §1.3, §2.3, §2.6).
const CONTAINER_TYPES: &[&str] = &["pod_sandbox", "pod_container", "single_container"];
const GO_BLOCK_DRIVERS: &[&str] = &[
    "virtio-scsi",
    "virtio-blk",
    "virtio-mmio",
    "nvdimm",
    "virtio-blk-ccw",
];
const RS_BLOCK_DRIVERS: &[&str] = &[
    "virtio-blk-pci",
    "virtio-blk-ccw",
    "virtio-blk-mmio",
    "virtio-pmem",
    "virtio-scsi",
];
const BLOCK_AIO: &[&str] = &["threads", "native", "io_uring"];
const VFIO_PORTS: &[&str] = &["no-port", "bridge-port", "root-port", "switch-port"];
const HUGEPAGE_TYPES: &[&str] = &["hugetlbfs", "thp"];
const GO_SHARED_FS: &[&str] = &["virtio-9p", "virtio-fs"];
const RS_SHARED_FS: &[&str] = &["virtio-fs", "inline-virtio-fs", "virtio-fs-nydus", "none"];
const GO_FS_CACHE: &[&str] = &["auto", "always", "metadata", "never"];
const RS_FS_CACHE: &[&str] = &["never", "auto", "always"];
const GO_NET_MODELS: &[&str] = &["default", "macvtap", "tcfilter", "none"];
const RS_NET_MODELS: &[&str] = &["macvtap", "tcfilter", "none", "l3forwarding"];
const VFIO_MODES: &[&str] = &["vfio", "guest-kernel"];
const RUNTIME_NAMES: &[&str] = &["virt-container", "linux-container", "wasm-container"];

// Texts shared by several entries.
const BOOT_FILE_DIFF: &str =
    "runtime-rs requires the file to exist on the host; Go only checks that the path is absolute.";
const BOOT_FILE_RISK: &str = "Lets the pod pick any host file to boot the VM from; there is no allow-list for it, only enable_annotations.";
const HOST_BINARY_RISK: &str = "Makes Kata execute a host binary chosen by the pod; allow exact paths only in the matching valid_* list.";
const ALLOW_LIST_DIFF: &str = "Go expands the allow-list globs on the host (only existing files match, `*` stops at `/`); runtime-rs matches the patterns as plain strings and `*` also crosses `/`.";
const HASH_DESC: &str = "Expected SHA-512 (lowercase hex) of the file named by the matching path annotation, checked before boot.";
const PCIE_PORT_DIFF: &str = "Go ignores 0 and sets no upper bound when parsing; runtime-rs accepts 0, rejects more than 16, and refuses root and switch ports together.";
const POLICY_SIZE_RISK: &str = "Carries a security-relevant document for the guest; the value is large and counts toward the 256 KiB Kubernetes annotation limit.";

/// Every annotation, sorted by key (byte order) so [`super::find`] can
/// binary-search it.
pub static ANNOTATIONS: &[Annotation] = &[
    // ---------------------------------------------------------------- global
    Annotation {
        key: "io.katacontainers.asset_hash_type",
        group: Group::Global,
        description: "Meant to name the hash algorithm of the boot-asset *_hash annotations; no runtime reads it (they always use SHA-512).",
        default: Some("sha512"),
        // src/runtime/pkg/oci/utils.go:1290 and :539-552 (4.1.0): the map asset.go:195 looks
        // this key up in only ever holds the bundle path and the asset path/hash pairs.
        go: NoOp { kind: None },
        differences: Some("The Go runtime defines it but never sees it: any value is ignored and hashes are checked with SHA-512. runtime-rs defines io.katacontainers.config.hypervisor.asset_hash_type instead and never handles it."),
        ..BASE
    },
    // ----------------------------------------------------------------- agent
    Annotation {
        key: "io.katacontainers.config.agent.cdh_api_timeout",
        group: Group::Agent,
        description: "Timeout of the guest's confidential data hub API, in seconds; documented, but neither runtime reads it as an annotation.",
        differences: Some("The doc lists it as a Go annotation, but Go only has it as a config option; runtime-rs offers cdh_api_timeout_ms instead."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.cdh_api_timeout_ms",
        group: Group::Agent,
        description: "Timeout of the guest's confidential data hub API, in milliseconds.",
        rust: Reads { kind: U32 },
        differences: Some("Go has no such annotation; its cdh_api_timeout (seconds) is a config option only."),
        history: &[added(RS, v(3, 31))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.container_pipe_size",
        group: Group::Agent,
        description: "Size of the pipes the guest agent creates for container output; 0 keeps the agent's own default.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.enable_tracing",
        group: Group::Agent,
        description: "Turns on tracing in the guest agent.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.kernel_modules",
        group: Group::Agent,
        description: "Guest kernel modules to load at boot: `module param=value` entries separated by semicolons.",
        go: Reads { kind: KernelModules },
        rust: Reads { kind: KernelModules },
        differences: Some("Go trims each entry and replaces the configured list; runtime-rs splits on single spaces without trimming (write `a p=1;b`, no space after `;`), allows double-quoted parameters, and appends to the configured list."),
        risk: Some("A module that the guest kernel does not have makes sandbox creation fail."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.policy",
        group: Group::Agent,
        description: "Security policy the guest agent enforces, base64-encoded.",
        go: Reads { kind: Base64 },
        differences: Some("runtime-rs takes the agent policy only from its configuration file."),
        risk: Some(POLICY_SIZE_RISK),
        since: Some(v(3, 3)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.trace_mode",
        group: Group::Agent,
        description: "Former agent tracing mode; no longer exists.",
        go: Removed { since: v(2, 3) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.agent.trace_type",
        group: Group::Agent,
        description: "Former agent tracing type; no longer exists.",
        go: Removed { since: v(2, 3) },
        ..BASE
    },
    // ------------------------------------------------------------ hypervisor
    Annotation {
        key: "io.katacontainers.config.hypervisor.asset_hash_type",
        group: H_BOOT,
        description: "Documented name of the asset hash algorithm; no runtime acts on this key.",
        rust: Unhandled,
        differences: Some("Go reads io.katacontainers.asset_hash_type instead; runtime-rs defines this key but does not handle it."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.blk_logical_sector_size",
        group: H_BLOCK,
        description: "Logical sector size shown to the guest for block devices, in bytes: 0 for the default, else a power of two from 512 to 65536.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        since: Some(v(3, 29)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.blk_physical_sector_size",
        group: H_BLOCK,
        description: "Physical sector size shown to the guest for block devices, in bytes: 0 for the default, else a power of two from 512 to 65536, not below the logical size.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        since: Some(v(3, 29)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_aio",
        group: H_BLOCK,
        description: "Asynchronous I/O mechanism QEMU uses for block devices.",
        default: Some("io_uring"),
        go: Reads { kind: Enum(BLOCK_AIO) },
        since: Some(v(3, 0)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_cache_direct",
        group: H_BLOCK,
        description: "Opens block devices with O_DIRECT so I/O bypasses the host page cache.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_cache_noflush",
        group: H_BLOCK,
        description: "Makes the hypervisor ignore the guest's flush requests on block devices.",
        default: Some("false"),
        go: Reads { kind: Bool },
        // kata-types annotations/mod.rs:603 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(Bool) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_cache_set",
        group: H_BLOCK,
        description: "Applies the block_device_cache_* settings to the VM's block devices.",
        default: Some("false"),
        go: Reads { kind: Bool },
        // kata-types annotations/mod.rs:583 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(Bool) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_driver",
        group: H_BLOCK,
        description: "Driver used to attach block devices to the VM.",
        default: Some("virtio-scsi"),
        go: Reads { kind: Enum(GO_BLOCK_DRIVERS) },
        rust: Reads { kind: Enum(RS_BLOCK_DRIVERS) },
        differences: Some("The runtimes name the drivers differently (Go: virtio-blk, virtio-mmio, nvdimm; runtime-rs: virtio-blk-pci, virtio-blk-mmio, virtio-pmem); runtime-rs checks the value only when block devices are in use."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_num_queues",
        group: H_BLOCK,
        description: "Number of queues of each block device.",
        rust: Reads { kind: U64 },
        history: &[added(RS, v(3, 24))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.block_device_queue_size",
        group: H_BLOCK,
        description: "Depth of each block device queue.",
        rust: Reads { kind: U32 },
        history: &[added(RS, v(3, 24))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.cc_init_data",
        group: H_GUEST,
        description: "Confidential-computing init data for the guest: a TOML document, gzip-compressed, then base64-encoded.",
        go: Reads { kind: InitData },
        rust: Reads { kind: InitData },
        differences: Some("Go checks the document when it reads the annotation and needs only a known hash algorithm; runtime-rs decodes it (a malformed encoding crashes the shim) and, when the sandbox starts, needs version 0.1.0, a known algorithm and a [data] table of strings."),
        risk: Some(POLICY_SIZE_RISK),
        since: Some(v(3, 20)),
        history: &[added(RS, v(3, 19))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.cold_plug_vfio",
        group: H_DEV,
        description: "PCIe port type VFIO devices are attached to before the VM boots; setting it turns hot-plugging off.",
        default: Some("no-port"),
        go: Reads { kind: Enum(VFIO_PORTS) },
        differences: Some("Documented for runtime-rs too, but only the Go runtime reads it."),
        since: Some(v(3, 2)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.cpu_features",
        group: H_GUEST,
        description: "Comma-separated CPU feature flags added to the guest CPU model.",
        default: Some("pmu=off"),
        go: Reads { kind: CommaList },
        rust: Reads { kind: CommaList },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.ctlpath",
        group: H_BOOT,
        description: "Former path of the ACRN hypervisor control binary; no longer exists.",
        go: Removed { since: v(3, 10) },
        rust: Reads { kind: Path },
        history: &[removed(RS, v(3, 10))],
        restricted: Some(Retired(ValidCtlpaths)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.default_gpu_model",
        group: H_DEV,
        description: "GPU model to request for the pod VM (remote hypervisor only).",
        go: Reads { kind: Text },
        rust: Reads { kind: Text },
        since: Some(v(3, 11)),
        history: &[added(RS, v(3, 19))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.default_gpus",
        group: H_DEV,
        description: "Number of GPUs to request for the pod VM (remote hypervisor only).",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        since: Some(v(3, 11)),
        history: &[added(RS, v(3, 19))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.default_max_vcpus",
        group: H_CPU,
        description: "Most vCPUs the pod VM can grow to; 0 means the built-in maximum.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        differences: Some("Go rejects values above the host CPU count (and, for QEMU, the architecture limit); runtime-rs does not reject them but turns 0 or anything above the host CPU count into the host CPU count."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.default_memory",
        group: H_CPU,
        description: "Memory of the pod VM at boot, in MiB.",
        default: Some("2048"),
        go: Reads { kind: U32 },
        rust: Reads { kind: MemorySize },
        differences: Some("Go takes a plain number of MiB, at least 256; runtime-rs also takes sizes with units (`2Gi`; `2G` is decimal), needs at least 64 MiB on QEMU, silently ignores a value it cannot parse, and with static sandbox sizing replaces the value instead of adding pod limits to it."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.default_vcpus",
        group: H_CPU,
        description: "Number of vCPUs of the pod VM at boot; fractions are allowed.",
        default: Some("1"),
        go: Reads { kind: F32 },
        rust: Reads { kind: F32 },
        differences: Some("Go rejects values above the host CPU count; runtime-rs rejects values above the hypervisor's limit (256 for QEMU) and clamps the rest to the host CPU count, and with static sandbox sizing replaces the value instead of adding pod limits to it."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.disable_block_device_use",
        group: H_BLOCK,
        description: "Keeps Kata from using block devices for container storage.",
        default: Some("true"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.disable_image_nvdimm",
        group: H_DEV,
        description: "Attaches the guest image without using an NVDIMM device.",
        default: Some("false"),
        go: Reads { kind: Bool },
        // kata-types annotations/mod.rs:613 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(Bool) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.disable_vhost_net",
        group: H_NET,
        description: "Turns off vhost-net acceleration for the VM's network interfaces.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_guest_swap",
        group: H_DEV,
        description: "Lets the guest use swap space.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        differences: Some("runtime-rs rejects true on QEMU."),
        since: Some(v(2, 2)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_hugepages",
        group: H_CPU,
        description: "Backs guest memory with host huge pages.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_iommu",
        group: H_CPU,
        description: "Gives the pod VM a virtual IOMMU.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_iommu_platform",
        group: H_CPU,
        description: "Sets the IOMMU platform flag on the VM's virtio devices.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_iothreads",
        group: H_BLOCK,
        description: "Handles block I/O in a separate thread (virtio-scsi).",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_mem_prealloc",
        group: H_CPU,
        description: "Allocates all guest memory on the host when the VM starts.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_swap",
        group: H_CPU,
        description: "Former switch for swapping VM memory on the host; no longer exists.",
        go: Removed { since: v(2, 4) },
        rust: Reads { kind: Bool },
        history: &[removed(RS, v(3, 14))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_vhost_user_store",
        group: H_NET,
        description: "Lets the VM use vhost-user block or SCSI devices provided by the host.",
        default: Some("false"),
        go: Reads { kind: Bool },
        // kata-types annotations/mod.rs:631 (4.1.0) parses it; only
        // BlockDeviceInfo::adjust_config reads it, to require the store
        // directory on the host (config/hypervisor/mod.rs:383-391).
        rust: Reads { kind: Bool },
        differences: Some("runtime-rs uses it only to require the vhost-user store directory on the host; it attaches no vhost-user device."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.enable_virtio_mem",
        group: H_CPU,
        description: "Resizes guest memory with virtio-mem.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.entropy_source",
        group: H_NET,
        description: "Host device that feeds the guest's random number generator.",
        default: Some("/dev/urandom"),
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        restricted: Some(Live(ValidEntropySources)),
        differences: Some("Go always rejects an empty value, even though the shipped list has an empty entry; runtime-rs accepts it when the list has one. Go also expands the list globs on the host, runtime-rs matches them as strings."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.file_mem_backend",
        group: H_CPU,
        description: "Former host directory for file-backed guest memory; no longer exists.",
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        history: &[removed(GO, v(3, 32)), removed(RS, v(3, 32))],
        restricted: Some(Retired(ValidFileMemBackends)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.firmware",
        group: H_BOOT,
        description: "Host path of the firmware the VM boots with.",
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        differences: Some(BOOT_FILE_DIFF),
        risk: Some(BOOT_FILE_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.firmware_hash",
        group: H_BOOT,
        description: HASH_DESC,
        go: Reads { kind: Text },
        rust: Unhandled,
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.firmware_volume",
        group: H_BOOT,
        description: "Host path of a firmware volume handed to the VM.",
        go: Reads { kind: Path },
        risk: Some(BOOT_FILE_RISK),
        since: Some(v(2, 4)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.firmware_volume_hash",
        group: H_BOOT,
        description: HASH_DESC,
        go: Reads { kind: Text },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.guest_hook_path",
        group: H_GUEST,
        description: "Directory inside the guest holding OCI hooks to run for each container.",
        go: Reads { kind: Text },
        rust: Reads { kind: Path },
        differences: Some("runtime-rs requires the path to exist on the host, although the hooks live in the guest."),
        risk: Some("The hook programs found there run inside the guest for every container."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.hot_plug_vfio",
        group: H_DEV,
        description: "PCIe port type VFIO devices are hot-plugged into; setting it turns cold-plugging off.",
        default: Some("no-port"),
        go: Reads { kind: Enum(VFIO_PORTS) },
        since: Some(v(3, 2)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.hotplug_vfio_on_root_bus",
        group: H_DEV,
        description: "Former switch to hot-plug VFIO devices on the root bus; replaced by hot_plug_vfio.",
        go: Removed { since: v(3, 2) },
        rust: Reads { kind: Bool },
        history: &[removed(RS, v(4, 0))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.hugepage_type",
        group: H_CPU,
        description: "Kind of huge pages backing guest memory: hugetlbfs or transparent huge pages.",
        default: Some("hugetlbfs"),
        rust: Reads { kind: Enum(HUGEPAGE_TYPES) },
        history: &[added(RS, v(3, 3))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.hypervisor_hash",
        group: H_BOOT,
        description: "Expected SHA-512 (lowercase hex) of the hypervisor binary named by the path annotation.",
        go: Reads { kind: Text },
        differences: Some("runtime-rs calls this key path_hash (and does not handle it)."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.hypervisorctl_hash",
        group: H_BOOT,
        description: "Former expected SHA-512 of the ACRN control binary; no longer exists.",
        go: Reads { kind: Text },
        rust: Unhandled,
        history: &[removed(GO, v(3, 10)), removed(RS, v(3, 10))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.image",
        group: H_BOOT,
        description: "Host path of the guest root filesystem image; cannot be combined with initrd.",
        default: Some("/opt/kata/share/kata-containers/kata-containers.img"),
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        differences: Some(BOOT_FILE_DIFF),
        risk: Some(BOOT_FILE_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.image_hash",
        group: H_BOOT,
        description: HASH_DESC,
        go: Reads { kind: Text },
        rust: Unhandled,
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.indep_iothreads",
        group: H_BLOCK,
        description: "Number of independent I/O threads the VM gets for block devices.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        differences: Some("Go accepts only 1 to 50; runtime-rs accepts any u32."),
        since: Some(v(3, 24)),
        history: &[added(RS, v(3, 32))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.initrd",
        group: H_BOOT,
        description: "Host path of the guest initrd, used instead of an image.",
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        differences: Some(BOOT_FILE_DIFF),
        risk: Some(BOOT_FILE_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.initrd_hash",
        group: H_BOOT,
        description: HASH_DESC,
        go: Reads { kind: Text },
        rust: Unhandled,
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.jailer_hash",
        group: H_BOOT,
        description: HASH_DESC,
        go: Reads { kind: Text },
        rust: Unhandled,
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.jailer_path",
        group: H_BOOT,
        description: "Host path of the jailer binary that confines the hypervisor (Firecracker).",
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        restricted: Some(Live(ValidJailerPaths)),
        differences: Some("runtime-rs rejects any jailer path on QEMU. Go expands the allow-list globs on the host, runtime-rs matches them as strings."),
        risk: Some(HOST_BINARY_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.kernel",
        group: H_BOOT,
        description: "Host path of the guest kernel.",
        default: Some("/opt/kata/share/kata-containers/vmlinux.container"),
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        differences: Some(BOOT_FILE_DIFF),
        risk: Some(BOOT_FILE_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.kernel_hash",
        group: H_BOOT,
        description: HASH_DESC,
        go: Reads { kind: Text },
        rust: Unhandled,
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.kernel_params",
        group: H_GUEST,
        description: "Extra guest kernel command-line parameters; each replaces a configured one with the same name, the rest are appended.",
        default: Some("cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1"),
        go: Reads { kind: KernelParams },
        rust: Reads { kind: KernelParams },
        risk: Some("Allowed by default in both runtimes, yet powerful: a parameter such as agent.debug_console opens a console into the guest."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.kernel_verity_params",
        group: H_GUEST,
        description: "dm-verity settings that protect the guest root filesystem, as comma-separated key=value pairs.",
        go: Reads { kind: KernelVerityParams },
        rust: Reads { kind: KernelVerityParams },
        differences: Some("Go requires root_hash, salt, data_blocks, data_block_size and hash_block_size with valid numbers; runtime-rs also accepts an empty root_hash and unknown fields."),
        since: Some(v(3, 27)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.machine_accelerators",
        group: H_GUEST,
        description: "Machine-specific accelerators passed to the hypervisor.",
        go: Reads { kind: Text },
        rust: Reads { kind: Text },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.machine_type",
        group: H_GUEST,
        description: "Machine type the hypervisor emulates, such as q35.",
        default: Some("q35"),
        go: Reads { kind: Text },
        rust: Reads { kind: Text },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.memory_offset",
        group: H_CPU,
        description: "Extra memory space the hypervisor reserves for NVDIMM devices; 0 adds none.",
        default: Some("0"),
        go: Reads { kind: U64 },
        // kata-types annotations/mod.rs:623 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(U64) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.memory_slots",
        group: H_CPU,
        description: "Number of slots available for hot-plugging memory into the VM.",
        default: Some("10"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        differences: Some("Go ignores 0 and keeps the configured value; runtime-rs accepts 0 and turns it into 128."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.msize_9p",
        group: H_FS,
        description: "Message size of virtio-9p shares, in bytes; must not be 0.",
        default: Some("8192"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        history: &[removed(RS, v(3, 29))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.network_queues",
        group: H_NET,
        description: "Number of queues of each VM network interface (capped at 256).",
        rust: Reads { kind: U32 },
        history: &[added(RS, v(3, 27))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.numa_mapping",
        group: H_CPU,
        description: "Host NUMA nodes behind each guest NUMA node: one cpuset-style entry per guest node, separated by spaces.",
        go: Reads { kind: NumaMapping },
        since: Some(v(3, 27)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.path",
        group: H_BOOT,
        description: "Host path of the hypervisor binary that runs the pod VM.",
        default: Some("/opt/kata/bin/qemu-system-x86_64"),
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        restricted: Some(Live(ValidHypervisorPaths)),
        differences: Some(ALLOW_LIST_DIFF),
        risk: Some(HOST_BINARY_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.path_hash",
        group: H_BOOT,
        description: "runtime-rs name for the expected SHA-512 of the hypervisor binary; defined but not handled.",
        rust: Unhandled,
        differences: Some("Go calls this key hypervisor_hash."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.pcie_root_port",
        group: H_DEV,
        description: "Number of PCIe root ports to create, e.g. for hot-plugging VFIO devices.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        differences: Some(PCIE_PORT_DIFF),
        history: &[added(GO, v(3, 6))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.pcie_switch_port",
        group: H_DEV,
        description: "Number of PCIe switch ports to create, e.g. for hot-plugging VFIO devices.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        differences: Some(PCIE_PORT_DIFF),
        since: Some(v(3, 6)),
        history: &[added(RS, v(3, 17))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.prefetch_files.list",
        group: H_GUEST,
        description: "Host path of a list of container-image files to prefetch for the guest.",
        rust: Reads { kind: Text },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.reclaim_guest_freed_memory",
        group: H_CPU,
        description: "Lets the host take back memory the guest has freed.",
        default: Some("false"),
        go: Reads { kind: Bool },
        since: Some(v(3, 17)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.rootless",
        group: H_GUEST,
        description: "Runs the hypervisor as an unprivileged host user (QEMU).",
        default: Some("false"),
        go: NoOp { kind: Some(Bool) },
        rust: Reads { kind: Bool },
        differences: Some("Go parses the value but keeps using the configured setting."),
        since: Some(v(2, 3)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.rx_rate_limiter_max_rate",
        group: H_NET,
        description: "Cap on the VM's inbound network bandwidth, in bits per second; 0 means no cap.",
        default: Some("0"),
        go: Reads { kind: U64 },
        // kata-types annotations/mod.rs:878 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(U64) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.shared_fs",
        group: H_FS,
        description: "Filesystem that shares container files between host and guest.",
        default: Some("virtio-fs"),
        go: Reads { kind: Enum(GO_SHARED_FS) },
        rust: Reads { kind: Enum(RS_SHARED_FS) },
        differences: Some("Only Go accepts virtio-9p; only runtime-rs accepts inline-virtio-fs, virtio-fs-nydus and none."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.tx_rate_limiter_max_rate",
        group: H_NET,
        description: "Cap on the VM's outbound network bandwidth, in bits per second; 0 means no cap.",
        default: Some("0"),
        go: Reads { kind: U64 },
        // kata-types annotations/mod.rs:888 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(U64) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.use_legacy_serial",
        group: H_GUEST,
        description: "Uses a legacy serial device for the guest console where the architecture has one.",
        default: Some("false"),
        go: Reads { kind: Bool },
        since: Some(v(2, 5)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.use_vsock",
        group: H_NET,
        description: "Former switch for vsock agent communication; no longer exists, though still documented.",
        go: Removed { since: v(2, 0) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.vhost_user_reconnect_timeout_sec",
        group: H_NET,
        description: "Seconds to wait for a vhost-user backend to come back after it disconnects; the key is too long for Kubernetes.",
        default: Some("0"),
        go: Reads { kind: U32 },
        since: Some(v(3, 1)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.vhost_user_store_path",
        group: H_NET,
        description: "Host directory holding the sockets and device nodes of vhost-user devices.",
        default: Some("/var/run/kata-containers/vhost-user"),
        go: Reads { kind: Path },
        // kata-types annotations/mod.rs:641 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(Path) },
        restricted: Some(Live(ValidVhostUserStorePaths)),
        differences: Some(ALLOW_LIST_DIFF),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.virtio_fs_cache",
        group: H_FS,
        description: "Caching mode of the virtio-fs daemon.",
        default: Some("auto"),
        go: Reads { kind: Enum(GO_FS_CACHE) },
        rust: Reads { kind: Enum(RS_FS_CACHE) },
        differences: Some("Only Go accepts metadata, and checks the value only when virtiofsd starts; runtime-rs still maps the deprecated none to never."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.virtio_fs_cache_size",
        group: H_FS,
        description: "Size of the virtio-fs DAX window, in MiB; 0 turns DAX off.",
        default: Some("0"),
        go: Reads { kind: U32 },
        rust: Reads { kind: U32 },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.virtio_fs_daemon",
        group: H_FS,
        description: "Host path of the virtio-fs daemon binary.",
        default: Some("/opt/kata/libexec/virtiofsd"),
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        restricted: Some(Live(ValidVirtioFsDaemonPaths)),
        differences: Some(ALLOW_LIST_DIFF),
        risk: Some(HOST_BINARY_RISK),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.hypervisor.virtio_fs_extra_args",
        group: H_FS,
        description: "Extra command-line options for the virtio-fs daemon, added after the configured ones.",
        go: Reads { kind: JsonStringArray },
        rust: Reads { kind: CommaList },
        differences: Some("Go wants a JSON array of strings; runtime-rs wants a comma-separated list."),
        risk: Some("Injected daemon options could expose the host root filesystem to the guest (GHSA-rr59-xxvx-96qr); Kata 3.2.0 to 3.30.x allowed this key by default, 3.31.0 removed it from the default enable_annotations."),
        ..BASE
    },
    // --------------------------------------------------------------- runtime
    Annotation {
        key: "io.katacontainers.config.runtime.agent_name",
        group: Group::Runtime,
        description: "Picks the [agent.<name>] section of the configuration to use; an unknown name is silently ignored.",
        rust: Reads { kind: Text },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.cc_init_data",
        group: Group::Runtime,
        description: "Former key of the confidential-computing init data; moved to io.katacontainers.config.hypervisor.cc_init_data.",
        go: Reads { kind: InitData },
        history: &[removed(GO, v(3, 20))],
        since: Some(v(3, 8)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.create_container_timeout",
        group: Group::Runtime,
        description: "How long the runtime waits for the guest to create a container, in seconds.",
        default: Some("60"),
        go: Reads { kind: U64 },
        rust: Reads { kind: U32 },
        differences: Some("Go takes any 64-bit number of seconds; runtime-rs takes a u32 and multiplies it by 1000 in 32 bits, so values above 4294967 wrap around."),
        since: Some(v(3, 4)),
        history: &[added(RS, v(3, 19))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.disable_guest_empty_dir",
        group: Group::Runtime,
        description: "Former runtime-rs switch that kept emptyDir volumes on the host instead of creating them in the guest.",
        default: Some("false"),
        rust: Reads { kind: Bool },
        history: &[added(RS, v(3, 23)), removed(RS, v(4, 0))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.disable_guest_seccomp",
        group: Group::Runtime,
        description: "Turns off seccomp filtering of container processes inside the guest.",
        default: Some("true"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        risk: Some("Guest seccomp is off by default (true); containers then run without syscall filtering inside the VM. Set \"false\" to turn it on."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.disable_new_netns",
        group: Group::Runtime,
        description: "Runs the hypervisor without a network namespace of its own; meaningful only with internetworking_model none.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.enable_pprof",
        group: Group::Runtime,
        description: "Turns on pprof profiling in the shim's management server.",
        default: Some("false"),
        go: Reads { kind: Bool },
        // kata-types annotations/mod.rs:1101 (4.1.0) parses it; nothing in src/runtime-rs reads the field.
        rust: NoOp { kind: Some(Bool) },
        differences: Some("Go treats a value it cannot parse as false; runtime-rs fails the pod."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.enable_vcpus_pinning",
        group: Group::Runtime,
        description: "Pins the VM's vCPU threads to host CPUs.",
        default: Some("false"),
        rust: Reads { kind: Bool },
        differences: Some("Go reads io.katacontainers.enable_vcpus_pinning instead."),
        history: &[added(RS, v(3, 30))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.experimental",
        group: Group::Runtime,
        description: "Experimental runtime features to turn on.",
        go: Reads { kind: SpaceList },
        rust: Reads { kind: CommaList },
        differences: Some("Go takes space-separated names and fails on any it does not know (it knows none today, so every value fails); runtime-rs takes a comma-separated list, appends it unchecked, and understands force_guest_pull."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.experimental_force_guest_pull",
        group: Group::Runtime,
        description: "Makes the guest pull container images itself instead of the host.",
        default: Some("false"),
        go: Reads { kind: Bool },
        differences: Some("runtime-rs has no such key; set experimental to force_guest_pull there."),
        since: Some(v(3, 18)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.guest_selinux_label",
        group: Group::Runtime,
        description: "SELinux label for container processes in the guest; defined but never read, so it has no effect.",
        go: NoOp { kind: None },
        since: Some(v(3, 1)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.hypervisor_name",
        group: Group::Runtime,
        description: "Picks the [hypervisor.<name>] section of the configuration to use; an unknown name is silently ignored.",
        rust: Reads { kind: Text },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.internetworking_model",
        group: Group::Runtime,
        description: "How the VM is connected to the pod's network interfaces.",
        default: Some("tcfilter"),
        go: Reads { kind: Enum(GO_NET_MODELS) },
        rust: Reads { kind: Enum(RS_NET_MODELS) },
        differences: Some("Only Go accepts default (an alias of tcfilter); only runtime-rs accepts l3forwarding."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.name",
        group: Group::Runtime,
        description: "Kind of container runtime runtime-rs uses for the sandbox.",
        rust: Reads { kind: Enum(RUNTIME_NAMES) },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.sandbox_bind_mounts",
        group: Group::Runtime,
        description: "Host paths runtime-rs bind-mounts into the guest's shared directory (read-only unless `:rw`); from Kata 4.0 it refuses them from workloads and ignores the annotation.",
        // kata-types annotations/mod.rs:1181-1190 and config/runtime.rs:
        // 244-256 at 3.32.0; refused from 4.0.0 (mod.rs:1148-1154).
        rust: Reads { kind: SpaceList },
        history: &[ignored(RS, v(4, 0))],
        risk: Some("Before Kata 4.0 any pod could expose a host path to its VM, read-write with `:rw`: refuse the key at admission on older nodes."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.sandbox_cgroup_only",
        group: Group::Runtime,
        description: "Places all of Kata's host-side processes in the pod's own cgroup.",
        default: Some("false"),
        go: Reads { kind: Bool },
        rust: Reads { kind: Bool },
        risk: Some("Changes how the VM's host resources are accounted: the hypervisor and helpers must then fit within the pod's own cgroup limits."),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.shared_mounts",
        group: Group::Runtime,
        description: "Mount points whose contents are shared directly between the pod's containers, as JSON.",
        rust: Reads { kind: Json },
        history: &[added(RS, v(3, 3))],
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.config.runtime.vfio_mode",
        group: Group::Runtime,
        description: "How VFIO devices reach containers: as VFIO devices, or bound to guest kernel drivers.",
        default: Some("guest-kernel"),
        go: Reads { kind: Enum(VFIO_MODES) },
        rust: Reads { kind: Enum(VFIO_MODES) },
        since: Some(v(2, 3)),
        ..BASE
    },
    // ---------------------------------------------------------- global (cont)
    Annotation {
        key: "io.katacontainers.config_path",
        group: Group::Global,
        description: "Former per-pod choice of the Kata configuration file; no longer exists.",
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        history: &[removed(GO, v(4, 0)), removed(RS, v(4, 0))],
        ..BASE
    },
    // ------------------------------------------------------------- container
    Annotation {
        key: "io.katacontainers.container.resource.swap_in_bytes",
        group: Group::Container,
        description: "Swap limit of a container, in bytes; read for each container.",
        go: Reads { kind: UintAnyBase },
        // kata-types annotations/mod.rs has a getter (4.1.0:478) that nothing in runtime-rs calls.
        rust: NoOp { kind: None },
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.container.resource.swappiness",
        group: Group::Container,
        description: "Swappiness (0 to 200) of a container's memory; read for each container.",
        go: Reads { kind: UintAnyBase },
        // kata-types annotations/mod.rs:458 (4.1.0) parses it, but no runtime-rs code calls the getter.
        rust: NoOp { kind: None },
        ..BASE
    },
    // ---------------------------------------------------------- global (cont)
    Annotation {
        key: "io.katacontainers.enable_vcpus_pinning",
        group: Group::Global,
        description: "Pins the VM's vCPU threads to host CPUs.",
        default: Some("false"),
        go: Reads { kind: Bool },
        differences: Some("runtime-rs reads io.katacontainers.config.runtime.enable_vcpus_pinning instead."),
        since: Some(v(3, 1)),
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.pkg.oci.bundle_path",
        group: Group::Global,
        description: "Path of the container's OCI bundle; the runtime sets it itself.",
        go: Reads { kind: Path },
        rust: Reads { kind: Path },
        internal: true,
        ..BASE
    },
    Annotation {
        key: "io.katacontainers.pkg.oci.container_type",
        group: Group::Global,
        description: "Whether the container is the pod sandbox or a workload container; the runtime sets it itself.",
        go: Reads { kind: Enum(CONTAINER_TYPES) },
        rust: Reads { kind: Enum(CONTAINER_TYPES) },
        internal: true,
        ..BASE
    },
    // ---------------------------------------------------------- containerd
    // containerd's CRI plugin writes these from the pod's resources; the Go
    // runtime reads them through containerd's package (src/runtime/pkg/oci/
    // utils.go:1556, 4.1.0), runtime-rs through kata-types
    // annotations/cri_containerd.rs. Both size a static sandbox from them.
    Annotation {
        key: "io.kubernetes.cri.sandbox-cpu-period",
        group: Group::Global,
        description: "CPU CFS period of the pod's limits, written by containerd; with static sizing the VM's vCPUs come from it.",
        go: Reads { kind: U64 },
        rust: Reads { kind: U64 },
        internal: true,
        ..BASE
    },
    Annotation {
        key: "io.kubernetes.cri.sandbox-cpu-quota",
        group: Group::Global,
        description: "CPU CFS quota of the pod's limits, written by containerd; with static sizing the VM's vCPUs come from it.",
        go: Reads { kind: Text },
        rust: Reads { kind: Text },
        internal: true,
        ..BASE
    },
    Annotation {
        key: "io.kubernetes.cri.sandbox-memory",
        group: Group::Global,
        description: "Memory limit of the pod in bytes, written by containerd; with static sizing the VM's memory comes from it.",
        go: Reads { kind: Text },
        rust: Reads { kind: Text },
        internal: true,
        ..BASE
    },
    // ----------------------------------------------------------- third party
    Annotation {
        key: "sgx.intel.com/epc",
        group: Group::Container,
        description: "Intel SGX enclave page cache to give the VM, as a Kubernetes quantity with a binary suffix such as 4Mi; read once per pod.",
        go: Reads { kind: BinaryQuantity },
        // src/runtime/pkg/oci/utils.go:653-666 reads it only while building the
        // sandbox config (:1327), i.e. from the pod sandbox's spec; runtime-rs
        // defines it (kata-types annotations/thirdparty.rs:12) and never reads it.
        differences: Some("The Go runtime reads it once per pod, from the sandbox (what containerd forwards of the pod's annotations), so containerd's pod_annotations must list it; a value on a container spec does nothing. runtime-rs never reads it."),
        ..BASE
    },
];
