//! The shims kata-deploy installs: one per runtime and hypervisor, each with
//! its own configuration directory and RuntimeClass. It lives outside the
//! renderers because more than the drop-in needs to name a node's files:
//! the containerd and CRI-O snippets do, and so will per-shim verdicts.

use crate::policy::KATA_PREFIX_DIR;
use crate::target::{Hypervisor, Runtime, Target};

/// The file name of the drop-in [`crate::render::kata::drop_in`] writes. kata-deploy reserves
/// `10-*` to `30-*` and writes the Helm `dropIn` value as
/// `50-user-overrides.toml`; Kata's docs suggest `50`–`89` for custom files.
pub const DROP_IN_FILE: &str = "50-kata-annotations.toml";

/// The shim (and configuration) kata-deploy installs for a runtime and a
/// hypervisor, named as kata-deploy names it (`utils/system.rs`,
/// `artifacts/install.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shim {
    /// The shim name, e.g. `qemu-runtime-rs`; also the RuntimeClass suffix
    /// kata-deploy uses (`kata-<name>`).
    pub name: &'static str,
    /// The runtime the shim runs.
    pub runtime: Runtime,
    /// Whether current kata-deploy installs this shim. When it does not, the
    /// paths below follow kata-deploy's layout for a configuration the
    /// runtime ships (or, for an unsupported pair, would ship).
    pub kata_deploy: bool,
}

impl Shim {
    /// The shim for `runtime` and `hypervisor`.
    ///
    /// kata-deploy's Go shims are `qemu`, `clh`, `fc` and `remote`; its
    /// runtime-rs shims are `qemu-runtime-rs`, `clh-runtime-rs` (called
    /// `cloud-hypervisor` before Kata 4.x) and `dragonball`. runtime-rs also
    /// ships `configuration-rs-fc.toml` and `configuration-remote.toml`, and
    /// the Go runtime `configuration-stratovirt.toml` (installed by older
    /// kata-deploy releases only); kata-deploy installs none of those now.
    pub fn new(runtime: Runtime, hypervisor: Hypervisor) -> Self {
        let (name, kata_deploy) = match (runtime, hypervisor) {
            (Runtime::Go, Hypervisor::Qemu) => ("qemu", true),
            (Runtime::Go, Hypervisor::Clh) => ("clh", true),
            (Runtime::Go, Hypervisor::Firecracker) => ("fc", true),
            (Runtime::Go, Hypervisor::Remote) => ("remote", true),
            (Runtime::Go, Hypervisor::Stratovirt) => ("stratovirt", false),
            (Runtime::Go, Hypervisor::Dragonball) => ("dragonball", false),
            (Runtime::Rust, Hypervisor::Qemu) => ("qemu-runtime-rs", true),
            (Runtime::Rust, Hypervisor::Clh) => ("clh-runtime-rs", true),
            (Runtime::Rust, Hypervisor::Dragonball) => ("dragonball", true),
            (Runtime::Rust, Hypervisor::Firecracker) => ("rs-fc", false),
            (Runtime::Rust, Hypervisor::Remote) => ("remote", false),
            (Runtime::Rust, Hypervisor::Stratovirt) => ("stratovirt", false),
        };
        Self {
            name,
            runtime,
            kata_deploy,
        }
    }

    /// The shim for a request's target.
    pub fn for_target(target: Target) -> Self {
        Self::new(target.runtime, target.hypervisor)
    }

    /// The directory holding the shim's configuration and its `config.d/`.
    pub fn config_dir(self) -> String {
        match self.runtime {
            Runtime::Go => format!(
                "{KATA_PREFIX_DIR}/share/defaults/kata-containers/runtimes/{}",
                self.name
            ),
            Runtime::Rust => format!(
                "{KATA_PREFIX_DIR}/share/defaults/kata-containers/runtime-rs/runtimes/{}",
                self.name
            ),
        }
    }

    /// The configuration file: what containerd's `options.ConfigPath` and
    /// CRI-O's `runtime_config_path` point at.
    pub fn config_path(self) -> String {
        format!("{}/configuration-{}.toml", self.config_dir(), self.name)
    }

    /// Where [`crate::render::kata::drop_in`] goes.
    pub fn drop_in_path(self) -> String {
        format!("{}/config.d/{DROP_IN_FILE}", self.config_dir())
    }

    /// The shim binary kata-deploy installs for the runtime.
    pub fn runtime_path(self) -> &'static str {
        runtime_path(self.runtime)
    }
}

/// The `containerd-shim-kata-v2` binary kata-deploy installs for `runtime`.
pub fn runtime_path(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Go => "/opt/kata/bin/containerd-shim-kata-v2",
        Runtime::Rust => "/opt/kata/runtime-rs/bin/containerd-shim-kata-v2",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shim_paths_follow_kata_deploy() {
        let go = Shim::new(Runtime::Go, Hypervisor::Qemu);
        assert_eq!(
            go.config_path(),
            "/opt/kata/share/defaults/kata-containers/runtimes/qemu/configuration-qemu.toml"
        );
        assert_eq!(go.runtime_path(), "/opt/kata/bin/containerd-shim-kata-v2");
        let rs = Shim::new(Runtime::Rust, Hypervisor::Clh);
        assert_eq!(
            rs.drop_in_path(),
            "/opt/kata/share/defaults/kata-containers/runtime-rs/runtimes/clh-runtime-rs/config.d/50-kata-annotations.toml"
        );
        assert_eq!(
            rs.runtime_path(),
            "/opt/kata/runtime-rs/bin/containerd-shim-kata-v2"
        );
        assert_eq!(Shim::new(Runtime::Go, Hypervisor::Firecracker).name, "fc");
        assert!(!Shim::new(Runtime::Rust, Hypervisor::Firecracker).kata_deploy);
    }
}
