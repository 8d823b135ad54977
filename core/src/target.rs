//! What the user runs: the Kata runtime, the hypervisor and the architecture.

use serde::{Deserialize, Serialize};

/// The Kata runtime (shim) that reads the annotations.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
}

impl Hypervisor {
    /// Every hypervisor.
    pub const ALL: [Hypervisor; 6] = [
        Hypervisor::Qemu,
        Hypervisor::Clh,
        Hypervisor::Firecracker,
        Hypervisor::Dragonball,
        Hypervisor::Remote,
        Hypervisor::Stratovirt,
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
        }
    }

    /// Whether `runtime` ships a configuration for this hypervisor.
    pub fn supported_by(self, runtime: Runtime) -> bool {
        !matches!(
            (self, runtime),
            (Hypervisor::Dragonball, Runtime::Go) | (Hypervisor::Stratovirt, Runtime::Rust)
        )
    }
}

/// The CPU architecture of the node (QEMU's vCPU limits depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Target {
    /// The runtime; runtime-rs unless said otherwise.
    pub runtime: Runtime,
    /// The hypervisor; QEMU unless said otherwise.
    pub hypervisor: Hypervisor,
    /// The node's architecture; x86_64 unless said otherwise.
    pub arch: Arch,
}

impl std::fmt::Display for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Runtime::Go => "go",
            Runtime::Rust => "rust",
        })
    }
}
