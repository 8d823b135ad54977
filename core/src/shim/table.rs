//! The shim table: every configuration kata-deploy installs, as data.
//!
//! Sources (at each release tag of kata-containers/kata-containers):
//! - the templates `src/runtime/config/configuration-*.toml.in` and
//!   `src/runtime-rs/config/configuration-*.toml.in` (which `valid_*` lists a
//!   file has, `image` or `initrd`);
//! - the Makefile variables they use, `src/runtime/Makefile` and
//!   `src/runtime-rs/Makefile` (`DEFENABLEANNOTATIONS*`, `DEFDISABLEBLOCK`,
//!   `DEFCREATECONTAINERTIMEOUT*`, `DEFSANDBOXCGROUPONLY*`,
//!   `DEFSTATICRESOURCEMGMT*`, `DEFAULTMEMORY_NV`...);
//! - kata-deploy's shim list (`tools/packaging/kata-deploy/`): which
//!   releases install each shim is checked against
//!   `core/tests/fixtures/kata-releases/shims.tsv`, extracted from the chart
//!   and scripts of every tag. `remote` is in the chart from 3.26 but off by
//!   default (`enabled: false`).
//!
//! `enable_annotations` histories are the `DEFENABLEANNOTATIONS*` values of
//! every `x.y.0` tag from 3.2.0 (diffed tag by tag).

use super::{Boot, Flavour, Shim, Shipped, Versioned};
use crate::policy::AllowList::{self, *};
use crate::target::{Hypervisor, Runtime};
use crate::version::{v, Version};

// ------------------------------------------------------ enable_annotations
// src/runtime/Makefile `DEFENABLEANNOTATIONS`.
const GO_ENABLE: &[(Version, &[&str])] = &[
    (v(3, 2), &["enable_iommu", "virtio_fs_extra_args"]),
    (
        v(3, 3),
        &["enable_iommu", "virtio_fs_extra_args", "kernel_params"],
    ),
    (
        v(3, 27),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "kernel_verity_params",
        ],
    ),
    (
        v(3, 31),
        &["enable_iommu", "kernel_params", "kernel_verity_params"],
    ),
];
// src/runtime/Makefile `DEFENABLEANNOTATIONSTEE` (3.6–3.19), then `DEFENABLEANNOTATIONS_COCO`.
const GO_ENABLE_COCO: &[(Version, &[&str])] = &[
    (v(3, 2), &["enable_iommu", "virtio_fs_extra_args"]),
    (
        v(3, 3),
        &["enable_iommu", "virtio_fs_extra_args", "kernel_params"],
    ),
    (
        v(3, 6),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "default_vcpus",
            "default_memory",
        ],
    ),
    (
        v(3, 20),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
    (
        v(3, 27),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
    (
        v(3, 31),
        &[
            "enable_iommu",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
];
// src/runtime-rs/Makefile `DEFENABLEANNOTATIONS`.
const RS_ENABLE: &[(Version, &[&str])] = &[
    (v(3, 2), &[]),
    (v(3, 3), &["kernel_params"]),
    (
        v(3, 24),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "default_vcpus",
            "default_memory",
        ],
    ),
    (
        v(3, 27),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
        ],
    ),
    (
        v(3, 31),
        &[
            "enable_iommu",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
        ],
    ),
];
// src/runtime-rs/Makefile `DEFENABLEANNOTATIONS_COCO` (from 3.20).
const RS_ENABLE_COCO: &[(Version, &[&str])] = &[
    (v(3, 2), &[]),
    (v(3, 3), &["kernel_params"]),
    (v(3, 20), &["kernel_params", "cc_init_data"]),
    (
        v(3, 24),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
    (
        v(3, 27),
        &[
            "enable_iommu",
            "virtio_fs_extra_args",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
    (
        v(3, 31),
        &[
            "enable_iommu",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
];
// src/runtime-rs/Makefile at 4.1.0: `DEFENABLEANNOTATIONS_NVIDIA := []`,
// `DEFENABLEANNOTATIONS_COCO_NVIDIA := ["cc_init_data"]`.
// Before 4.1 they used the plain and COCO lists.
const RS_ENABLE_NVIDIA: &[(Version, &[&str])] = &[
    (
        v(3, 31),
        &[
            "enable_iommu",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
        ],
    ),
    (v(4, 1), &[]),
];
const RS_ENABLE_COCO_NVIDIA: &[(Version, &[&str])] = &[
    (
        v(3, 31),
        &[
            "enable_iommu",
            "kernel_params",
            "kernel_verity_params",
            "default_vcpus",
            "default_memory",
            "cc_init_data",
        ],
    ),
    (v(4, 1), &["cc_init_data"]),
];
// The remote templates list their keys inline (`configuration-remote.toml.in`).
const GO_ENABLE_REMOTE: &[(Version, &[&str])] = &[(
    v(3, 2),
    &[
        "machine_type",
        "default_memory",
        "default_vcpus",
        "image",
        "default_gpus",
        "gpu_model",
        "cc_init_data",
    ],
)];
const RS_ENABLE_REMOTE: &[(Version, &[&str])] = &[(
    v(3, 2),
    &[
        "machine_type",
        "default_memory",
        "default_vcpus",
        "default_gpus",
        "default_gpu_model",
        "cc_init_data",
    ],
)];

// ------------------------------------------------------------ valid_* lists
// Which lists each template has; the values come from `policy::shipped_list`.
// Dragonball's `valid_hypervisor_paths` is `@DBVALIDHYPERVISORPATHS@`, which
// src/runtime-rs/Makefile sets to `[]` (line 109 at 4.1.0): no list at all.
const QEMU_LISTS: &[AllowList] = &[
    ValidHypervisorPaths,
    ValidVirtioFsDaemonPaths,
    ValidVhostUserStorePaths,
    ValidEntropySources,
];
// src/runtime/config/configuration-clh.toml.in; src/runtime-rs's CLH and
// Dragonball templates have no `valid_virtio_fs_daemon_paths`.
const GO_CLH_LISTS: &[AllowList] = &[ValidHypervisorPaths, ValidVirtioFsDaemonPaths];
const HYPERVISOR_ONLY: &[AllowList] = &[ValidHypervisorPaths];
const FC_LISTS: &[AllowList] = &[ValidHypervisorPaths, ValidJailerPaths, ValidEntropySources];
const STRATOVIRT_LISTS: &[AllowList] = &[ValidHypervisorPaths, ValidVirtioFsDaemonPaths];

// ------------------------------------------------------------ defaults
// Annotation defaults each shim ships that differ from the catalog's (Go
// QEMU) ones, at 4.1.0: the rows of
// core/tests/fixtures/kata-releases/shipped-4.1.tsv whose value differs, so
// `core/tests/it/releases.rs` checks every one. Templates without a
// `disable_block_device_use` line get the runtimes' built-in false.
const D_CLH: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/cloud-hypervisor"),
    ("hypervisor.block_device_driver", "virtio-blk"),
    ("hypervisor.disable_image_nvdimm", "true"),
];
const D_FC: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/firecracker"),
    ("hypervisor.block_device_driver", "virtio-mmio"),
    ("hypervisor.jailer_path", "/opt/kata/bin/jailer"),
    ("hypervisor.disable_block_device_use", "false"),
];
const D_STRATOVIRT: &[(&str, &str)] = &[("hypervisor.path", "/opt/kata/bin/stratovirt")];
const D_CLH_AZURE: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/cloud-hypervisor"),
    (
        "hypervisor.kernel",
        "/usr/share/cloud-hypervisor/vmlinux.bin",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-mariner.img",
    ),
    ("hypervisor.block_device_driver", "virtio-blk"),
    ("hypervisor.disable_image_nvdimm", "true"),
];
const D_QEMU_COCO_DEV: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-confidential.img",
    ),
    ("hypervisor.kernel_params", ""),
    ("hypervisor.shared_fs", "none"),
];
const D_QEMU_TDX: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-confidential.img",
    ),
    (
        "hypervisor.firmware",
        "/opt/kata/share/ovmf/OVMF.inteltdx.fd",
    ),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
];
const D_QEMU_SNP: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-confidential.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/AMDSEV.fd"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
];
const D_QEMU_SE: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/qemu-system-s390x"),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/kata-containers-se.img",
    ),
    ("hypervisor.machine_type", "s390-ccw-virtio"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "bridge-port"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.vfio_mode", "vfio"),
];
const D_QEMU_SEV: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-confidential.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/AMDSEV.fd"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
];
const D_QEMU_CCA: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-confidential.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/AMDSEV.fd"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
];
const D_QEMU_NVIDIA_CPU: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia.img",
    ),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses",
    ),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_NVIDIA_GPU: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia-gpu.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/OVMF.fd"),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses",
    ),
    ("hypervisor.default_memory", "8192"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.pcie_root_port", "8"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "1200"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_NVIDIA_GPU_TDX: &[(&str, &str)] = &[
    (
        "hypervisor.path",
        "/opt/kata/bin/qemu-system-x86_64-tdx-experimental",
    ),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia-gpu-confidential.img",
    ),
    (
        "hypervisor.firmware",
        "/opt/kata/share/ovmf/OVMF.inteltdx.fd",
    ),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses nvrc.smi.srs=1",
    ),
    ("hypervisor.default_memory", "8192"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "1200"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_NVIDIA_GPU_SNP: &[(&str, &str)] = &[
    (
        "hypervisor.path",
        "/opt/kata/bin/qemu-system-x86_64-snp-experimental",
    ),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia-gpu-confidential.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/AMDSEV.fd"),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses nvrc.smi.srs=1",
    ),
    ("hypervisor.default_memory", "8192"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "1200"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_RUNTIME_RS: &[(&str, &str)] = &[
    ("hypervisor.disable_block_device_use", "false"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_CLH_RUNTIME_RS: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/cloud-hypervisor"),
    ("hypervisor.block_device_driver", "virtio-blk-pci"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
    ("hypervisor.disable_block_device_use", "false"),
];
const D_DRAGONBALL: &[(&str, &str)] = &[
    ("hypervisor.path", ""),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinux-dragonball-experimental.container",
    ),
    (
        "hypervisor.kernel_params",
        "console=ttyS1 agent.log_vport=1025",
    ),
    ("hypervisor.block_device_driver", "virtio-blk-pci"),
    ("hypervisor.shared_fs", "inline-virtio-fs"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
    ("hypervisor.disable_block_device_use", "false"),
];
const D_RS_FC: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/firecracker"),
    ("hypervisor.block_device_driver", "virtio-mmio"),
    ("hypervisor.jailer_path", "/opt/kata/bin/jailer"),
    ("hypervisor.disable_block_device_use", "false"),
];
const D_CLH_AZURE_RUNTIME_RS: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/cloud-hypervisor"),
    (
        "hypervisor.kernel",
        "/usr/share/cloud-hypervisor/vmlinux.bin",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-mariner.img",
    ),
    ("hypervisor.block_device_driver", "virtio-blk-pci"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
    ("hypervisor.disable_block_device_use", "false"),
];
const D_OPENVMM_AZURE_RUNTIME_RS: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/openvmm"),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-mariner.img",
    ),
    (
        "hypervisor.kernel_params",
        "console=hvc0 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1",
    ),
    ("hypervisor.block_device_driver", "virtio-blk-pci"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
    ("hypervisor.disable_block_device_use", "false"),
];
const D_QEMU_COCO_DEV_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_TDX_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    (
        "hypervisor.firmware",
        "/opt/kata/share/ovmf/OVMF.inteltdx.fd",
    ),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_SNP_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz.container",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/AMDSEV.fd"),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_SE_RUNTIME_RS: &[(&str, &str)] = &[
    ("hypervisor.path", "/opt/kata/bin/qemu-system-s390x"),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/kata-containers-se-runtime-rs.img",
    ),
    ("hypervisor.machine_type", "s390-ccw-virtio"),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.block_device_driver", "virtio-blk-ccw"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
    ("runtime.vfio_mode", "vfio"),
];
const D_QEMU_NVIDIA_CPU_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.path",
        "/opt/kata/bin/qemu-system-x86_64-no-shared-fs",
    ),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia.img",
    ),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses",
    ),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "30"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_NVIDIA_GPU_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.path",
        "/opt/kata/bin/qemu-system-x86_64-no-shared-fs",
    ),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/OVMF.fd"),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses",
    ),
    ("hypervisor.default_memory", "8192"),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.pcie_root_port", "8"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "1200"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_NVIDIA_GPU_TDX_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.path",
        "/opt/kata/bin/qemu-system-x86_64-tdx-experimental",
    ),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia.img",
    ),
    (
        "hypervisor.firmware",
        "/opt/kata/share/ovmf/OVMF.inteltdx.fd",
    ),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses nvrc.smi.srs=1",
    ),
    ("hypervisor.default_memory", "8192"),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.pcie_root_port", "8"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "1200"),
    ("runtime.sandbox_cgroup_only", "true"),
];
const D_QEMU_NVIDIA_GPU_SNP_RUNTIME_RS: &[(&str, &str)] = &[
    (
        "hypervisor.path",
        "/opt/kata/bin/qemu-system-x86_64-snp-experimental",
    ),
    (
        "hypervisor.kernel",
        "/opt/kata/share/kata-containers/vmlinuz-nvidia-gpu.container",
    ),
    (
        "hypervisor.image",
        "/opt/kata/share/kata-containers/kata-containers-nvidia.img",
    ),
    ("hypervisor.firmware", "/opt/kata/share/ovmf/AMDSEV.fd"),
    (
        "hypervisor.kernel_params",
        "cgroup_no_v1=all pci=realloc pci=nocrs pci=assign-busses nvrc.smi.srs=1",
    ),
    ("hypervisor.default_memory", "8192"),
    ("hypervisor.disable_block_device_use", "false"),
    ("hypervisor.shared_fs", "none"),
    ("hypervisor.cold_plug_vfio", "root-port"),
    ("hypervisor.pcie_root_port", "8"),
    ("hypervisor.disable_image_nvdimm", "true"),
    ("runtime.create_container_timeout", "1200"),
    ("runtime.sandbox_cgroup_only", "true"),
];

// `static_sandbox_resource_mgmt`: runtime-rs' plain QEMU, CLH and Dragonball
// turned it on in 3.32 (src/runtime-rs/Makefile `DEFSTATICRESOURCEMGMT_QEMU`,
// `_CLH`, `_DB`; the x86_64 value was false until 3.31).
const STATIC: Versioned<bool> = &[(v(3, 2), true)];
const DYNAMIC: Versioned<bool> = &[(v(3, 2), false)];
const STATIC_FROM_3_32: Versioned<bool> = &[(v(3, 2), false), (v(3, 32), true)];

const fn shipped(
    enable_annotations: &'static [(Version, &'static [&'static str])],
    lists: &'static [AllowList],
    boot: Boot,
    static_resources: Versioned<bool>,
    defaults: &'static [(&'static str, &'static str)],
) -> Shipped {
    Shipped {
        enable_annotations,
        lists,
        boot,
        static_resources,
        defaults,
        qemu_suffix: "",
    }
}

const fn shim(
    name: &'static str,
    runtime: Runtime,
    hypervisor: Hypervisor,
    flavour: Flavour,
    kata_deploy: Option<(Version, Option<Version>)>,
    shipped: Shipped,
) -> Shim {
    Shim {
        name,
        old_name: None,
        runtime,
        hypervisor,
        flavour,
        kata_deploy,
        shipped,
    }
}

use Boot::{Image, Initrd};
use Flavour::*;
use Hypervisor::{Clh, Dragonball, Firecracker, Openvmm, Qemu, Remote, Stratovirt};
use Runtime::{Go, Rust};

const fn from(since: Version) -> Option<(Version, Option<Version>)> {
    Some((since, None))
}

/// Stands in for a runtime × hypervisor pair no runtime ships.
pub(super) static NOTHING: Shim = shim(
    "none",
    Go,
    Qemu,
    Standard,
    None,
    shipped(&[], &[], Boot::None, DYNAMIC, &[]),
);

/// Every shim, plain ones first, in kata-deploy's order.
pub static SHIMS: &[Shim] = &[
    shim(
        "qemu",
        Go,
        Qemu,
        Standard,
        from(v(3, 2)),
        shipped(GO_ENABLE, QEMU_LISTS, Image, DYNAMIC, &[]),
    ),
    shim(
        "clh",
        Go,
        Clh,
        Standard,
        from(v(3, 2)),
        shipped(GO_ENABLE, GO_CLH_LISTS, Image, DYNAMIC, D_CLH),
    ),
    shim(
        "fc",
        Go,
        Firecracker,
        Standard,
        from(v(3, 2)),
        shipped(GO_ENABLE, FC_LISTS, Image, STATIC, D_FC),
    ),
    shim(
        "remote",
        Go,
        Remote,
        Standard,
        from(v(3, 26)),
        shipped(GO_ENABLE_REMOTE, &[], Boot::None, STATIC, &[]),
    ),
    shim(
        "stratovirt",
        Go,
        Stratovirt,
        Standard,
        Some((v(3, 3), Some(v(3, 23)))),
        shipped(GO_ENABLE, STRATOVIRT_LISTS, Image, STATIC, D_STRATOVIRT),
    ),
    shim(
        "clh-azure",
        Go,
        Clh,
        Azure,
        from(v(3, 32)),
        shipped(GO_ENABLE, GO_CLH_LISTS, Image, STATIC, D_CLH_AZURE),
    ),
    shim(
        "qemu-coco-dev",
        Go,
        Qemu,
        CocoDev,
        from(v(3, 5)),
        shipped(GO_ENABLE_COCO, QEMU_LISTS, Image, STATIC, D_QEMU_COCO_DEV),
    ),
    shim(
        "qemu-tdx",
        Go,
        Qemu,
        Tdx,
        from(v(3, 2)),
        shipped(GO_ENABLE_COCO, QEMU_LISTS, Image, STATIC, D_QEMU_TDX),
    ),
    shim(
        "qemu-snp",
        Go,
        Qemu,
        Snp,
        from(v(3, 2)),
        shipped(GO_ENABLE_COCO, QEMU_LISTS, Image, STATIC, D_QEMU_SNP),
    ),
    shim(
        "qemu-se",
        Go,
        Qemu,
        Se,
        from(v(3, 23)),
        shipped(GO_ENABLE_COCO, QEMU_LISTS, Boot::None, STATIC, D_QEMU_SE),
    ),
    shim(
        "qemu-sev",
        Go,
        Qemu,
        Sev,
        Some((v(3, 2), Some(v(3, 19)))),
        shipped(GO_ENABLE_COCO, QEMU_LISTS, Initrd, STATIC, D_QEMU_SEV),
    ),
    shim(
        "qemu-cca",
        Go,
        Qemu,
        Cca,
        Some((v(3, 22), Some(v(3, 29)))),
        shipped(GO_ENABLE_COCO, QEMU_LISTS, Image, STATIC, D_QEMU_CCA),
    ),
    shim(
        "qemu-nvidia-cpu",
        Go,
        Qemu,
        NvidiaCpu,
        from(v(4, 0)),
        shipped(GO_ENABLE, QEMU_LISTS, Image, STATIC, D_QEMU_NVIDIA_CPU),
    ),
    shim(
        "qemu-nvidia-gpu",
        Go,
        Qemu,
        NvidiaGpu,
        from(v(3, 2)),
        shipped(GO_ENABLE, QEMU_LISTS, Image, STATIC, D_QEMU_NVIDIA_GPU),
    ),
    shim(
        "qemu-nvidia-gpu-tdx",
        Go,
        Qemu,
        NvidiaGpuTdx,
        from(v(3, 5)),
        Shipped {
            qemu_suffix: "-tdx-experimental",
            ..shipped(
                GO_ENABLE_COCO,
                QEMU_LISTS,
                Image,
                STATIC,
                D_QEMU_NVIDIA_GPU_TDX,
            )
        },
    ),
    shim(
        "qemu-nvidia-gpu-snp",
        Go,
        Qemu,
        NvidiaGpuSnp,
        from(v(3, 5)),
        Shipped {
            qemu_suffix: "-snp-experimental",
            ..shipped(
                GO_ENABLE_COCO,
                QEMU_LISTS,
                Image,
                STATIC,
                D_QEMU_NVIDIA_GPU_SNP,
            )
        },
    ),
    shim(
        "qemu-runtime-rs",
        Rust,
        Qemu,
        Standard,
        from(v(3, 6)),
        shipped(
            RS_ENABLE,
            QEMU_LISTS,
            Image,
            STATIC_FROM_3_32,
            D_QEMU_RUNTIME_RS,
        ),
    ),
    Shim {
        old_name: Some(("cloud-hypervisor", v(3, 30))),
        ..shim(
            "clh-runtime-rs",
            Rust,
            Clh,
            Standard,
            from(v(3, 3)),
            shipped(
                RS_ENABLE,
                HYPERVISOR_ONLY,
                Image,
                STATIC_FROM_3_32,
                D_CLH_RUNTIME_RS,
            ),
        )
    },
    shim(
        "dragonball",
        Rust,
        Dragonball,
        Standard,
        from(v(3, 2)),
        shipped(RS_ENABLE, &[], Image, STATIC_FROM_3_32, D_DRAGONBALL),
    ),
    shim(
        "rs-fc",
        Rust,
        Firecracker,
        Standard,
        None,
        shipped(RS_ENABLE, FC_LISTS, Image, STATIC, D_RS_FC),
    ),
    shim(
        "remote",
        Rust,
        Remote,
        Standard,
        None,
        shipped(RS_ENABLE_REMOTE, &[], Boot::None, STATIC, &[]),
    ),
    shim(
        "clh-azure-runtime-rs",
        Rust,
        Clh,
        Azure,
        from(v(3, 32)),
        shipped(
            RS_ENABLE,
            HYPERVISOR_ONLY,
            Image,
            STATIC,
            D_CLH_AZURE_RUNTIME_RS,
        ),
    ),
    shim(
        "openvmm-azure-runtime-rs",
        Rust,
        Openvmm,
        Azure,
        from(v(4, 1)),
        shipped(
            RS_ENABLE,
            HYPERVISOR_ONLY,
            Image,
            STATIC,
            D_OPENVMM_AZURE_RUNTIME_RS,
        ),
    ),
    shim(
        "qemu-coco-dev-runtime-rs",
        Rust,
        Qemu,
        CocoDev,
        from(v(3, 23)),
        shipped(
            RS_ENABLE_COCO,
            QEMU_LISTS,
            Image,
            STATIC,
            D_QEMU_COCO_DEV_RUNTIME_RS,
        ),
    ),
    shim(
        "qemu-tdx-runtime-rs",
        Rust,
        Qemu,
        Tdx,
        from(v(3, 26)),
        shipped(
            RS_ENABLE_COCO,
            QEMU_LISTS,
            Image,
            STATIC,
            D_QEMU_TDX_RUNTIME_RS,
        ),
    ),
    shim(
        "qemu-snp-runtime-rs",
        Rust,
        Qemu,
        Snp,
        from(v(3, 26)),
        shipped(
            RS_ENABLE_COCO,
            QEMU_LISTS,
            Image,
            STATIC,
            D_QEMU_SNP_RUNTIME_RS,
        ),
    ),
    shim(
        "qemu-se-runtime-rs",
        Rust,
        Qemu,
        Se,
        from(v(3, 15)),
        shipped(
            RS_ENABLE_COCO,
            QEMU_LISTS,
            Boot::None,
            STATIC,
            D_QEMU_SE_RUNTIME_RS,
        ),
    ),
    shim(
        "qemu-nvidia-cpu-runtime-rs",
        Rust,
        Qemu,
        NvidiaCpu,
        from(v(4, 0)),
        Shipped {
            qemu_suffix: "-no-shared-fs",
            ..shipped(
                RS_ENABLE_NVIDIA,
                QEMU_LISTS,
                Image,
                STATIC,
                D_QEMU_NVIDIA_CPU_RUNTIME_RS,
            )
        },
    ),
    shim(
        "qemu-nvidia-gpu-runtime-rs",
        Rust,
        Qemu,
        NvidiaGpu,
        from(v(3, 31)),
        Shipped {
            qemu_suffix: "-no-shared-fs",
            ..shipped(
                RS_ENABLE_NVIDIA,
                QEMU_LISTS,
                Image,
                STATIC,
                D_QEMU_NVIDIA_GPU_RUNTIME_RS,
            )
        },
    ),
    shim(
        "qemu-nvidia-gpu-tdx-runtime-rs",
        Rust,
        Qemu,
        NvidiaGpuTdx,
        from(v(3, 31)),
        Shipped {
            qemu_suffix: "-tdx-experimental",
            ..shipped(
                RS_ENABLE_COCO_NVIDIA,
                QEMU_LISTS,
                Image,
                STATIC,
                D_QEMU_NVIDIA_GPU_TDX_RUNTIME_RS,
            )
        },
    ),
    shim(
        "qemu-nvidia-gpu-snp-runtime-rs",
        Rust,
        Qemu,
        NvidiaGpuSnp,
        from(v(3, 31)),
        Shipped {
            qemu_suffix: "-snp-experimental",
            ..shipped(
                RS_ENABLE_COCO_NVIDIA,
                QEMU_LISTS,
                Image,
                STATIC,
                D_QEMU_NVIDIA_GPU_SNP_RUNTIME_RS,
            )
        },
    ),
];
