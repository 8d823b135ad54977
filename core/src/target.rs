//! What the user runs: the Kata runtime, the hypervisor and the architecture.

use serde::{Deserialize, Serialize};

use crate::shim::Shim;
use crate::version::Version;

/// The Kata runtime (shim) that reads the annotations.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    /// The Go runtime (`src/runtime`, `/opt/kata/bin/containerd-shim-kata-v2`).
    Go,
    /// runtime-rs (`src/runtime-rs`), kata-deploy's default shim since Kata 4.0.
    #[default]
    Rust,
}

impl Runtime {
    /// Both runtimes, Go first.
    pub const ALL: [Runtime; 2] = [Runtime::Go, Runtime::Rust];

    /// The name users know it by.
    pub fn label(self) -> &'static str {
        match self {
            Runtime::Go => "Go runtime",
            Runtime::Rust => "runtime-rs",
        }
    }
}

/// The hypervisor, i.e. the `[hypervisor.<name>]` table of the Kata configuration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Hypervisor {
    /// QEMU (`[hypervisor.qemu]`).
    #[default]
    Qemu,
    /// Cloud Hypervisor (`[hypervisor.clh]`).
    Clh,
    /// Firecracker (`[hypervisor.firecracker]`).
    #[serde(alias = "fc")]
    Firecracker,
    /// Dragonball, built into runtime-rs (`[hypervisor.dragonball]`).
    Dragonball,
    /// The remote hypervisor of peer pods (`[hypervisor.remote]`).
    Remote,
    /// StratoVirt, Go runtime only (`[hypervisor.stratovirt]`).
    Stratovirt,
    /// OpenVMM, runtime-rs only, from Kata 4.1 (`[hypervisor.openvmm]`).
    Openvmm,
}

impl Hypervisor {
    /// Every hypervisor.
    pub const ALL: [Hypervisor; 7] = [
        Hypervisor::Qemu,
        Hypervisor::Clh,
        Hypervisor::Firecracker,
        Hypervisor::Dragonball,
        Hypervisor::Remote,
        Hypervisor::Stratovirt,
        Hypervisor::Openvmm,
    ];

    /// The name of its table in `configuration.toml`.
    pub fn table(self) -> &'static str {
        match self {
            Hypervisor::Qemu => "qemu",
            Hypervisor::Clh => "clh",
            Hypervisor::Firecracker => "firecracker",
            Hypervisor::Dragonball => "dragonball",
            Hypervisor::Remote => "remote",
            Hypervisor::Stratovirt => "stratovirt",
            Hypervisor::Openvmm => "openvmm",
        }
    }

    /// The name users know it by.
    pub fn label(self) -> &'static str {
        match self {
            Hypervisor::Qemu => "QEMU",
            Hypervisor::Clh => "Cloud Hypervisor",
            Hypervisor::Firecracker => "Firecracker",
            Hypervisor::Dragonball => "Dragonball",
            Hypervisor::Remote => "remote (peer pods)",
            Hypervisor::Stratovirt => "StratoVirt",
            Hypervisor::Openvmm => "OpenVMM",
        }
    }

    /// Whether `runtime` ships a configuration for this hypervisor.
    pub fn supported_by(self, runtime: Runtime) -> bool {
        !matches!(
            (self, runtime),
            (Hypervisor::Dragonball | Hypervisor::Openvmm, Runtime::Go)
                | (Hypervisor::Stratovirt, Runtime::Rust)
        )
    }
}

/// The CPU architecture of the node (QEMU's vCPU limits depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    /// x86_64 / amd64.
    #[default]
    #[serde(alias = "amd64")]
    X86_64,
    /// aarch64 / arm64.
    #[serde(alias = "arm64")]
    Aarch64,
    /// IBM Z.
    S390x,
    /// POWER.
    Ppc64le,
}

/// Everything about the node that decides a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The runtime; runtime-rs unless said otherwise.
    pub runtime: Runtime,
    /// The hypervisor; QEMU unless said otherwise.
    pub hypervisor: Hypervisor,
    /// The node's architecture; x86_64 unless said otherwise.
    pub arch: Arch,
    /// The Kata release on the node; the newest unless said otherwise.
    pub version: Version,
    /// The shim (RuntimeClass) the pod runs with; its runtime and hypervisor
    /// are the two fields above.
    pub shim: &'static Shim,
}

impl Target {
    /// The plain shim of `runtime` and `hypervisor` at the newest release, on x86_64.
    pub fn new(runtime: Runtime, hypervisor: Hypervisor) -> Self {
        Self::of_shim(Shim::new(runtime, hypervisor), Version::NEWEST)
    }

    /// A shim at a release, on x86_64.
    pub fn of_shim(shim: &'static Shim, version: Version) -> Self {
        Self {
            runtime: shim.runtime,
            hypervisor: shim.hypervisor,
            arch: shim.arch().unwrap_or_default(),
            version,
            shim,
        }
    }

    /// The same target on another architecture (a shim tied to one keeps it).
    pub fn on(self, arch: Arch) -> Self {
        Self {
            arch: self.shim.arch().unwrap_or(arch),
            ..self
        }
    }

    /// The shim's name at the target's release (`cloud-hypervisor` before 3.30).
    pub fn shim_name(&self) -> &'static str {
        self.shim.name_at(self.version)
    }
}

impl Default for Target {
    fn default() -> Self {
        Self::new(Runtime::default(), Hypervisor::default())
    }
}

impl std::fmt::Display for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Runtime::Go => "go",
            Runtime::Rust => "rust",
        })
    }
}
