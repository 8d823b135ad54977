//! The shims kata-deploy installs: one per runtime and hypervisor, each with
//! its own configuration directory and RuntimeClass. It lives outside the
//! renderers because more than the drop-in needs to name a node's files:
//! the containerd and CRI-O snippets do, and so will per-shim verdicts.

use serde::Serialize;

use crate::policy::{AllowList, KATA_PREFIX_DIR};
use crate::target::{Hypervisor, Runtime};
use crate::version::Version;

/// The file name of the drop-in [`crate::render::kata::drop_in`] writes. kata-deploy reserves
/// `10-*` to `30-*` and writes the Helm `dropIn` value as
/// `50-user-overrides.toml`; Kata's docs suggest `50`–`89` for custom files.
pub const DROP_IN_FILE: &str = "50-kata-annotations.toml";

mod table;

pub use table::SHIMS;

/// What sets a flavour of shim apart from the plain one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum Flavour {
    /// The plain shim of a hypervisor.
    Standard,
    /// Tuned for Azure (its own guest image and kernel).
    Azure,
    /// Confidential-containers stack without a TEE (for development).
    CocoDev,
    /// Intel TDX.
    Tdx,
    /// AMD SEV-SNP.
    Snp,
    /// IBM Secure Execution.
    Se,
    /// AMD SEV (before SNP; kata-deploy until 3.18).
    Sev,
    /// Arm CCA (kata-deploy 3.22 to 3.28).
    Cca,
    /// NVIDIA guest stack, no GPU passthrough.
    NvidiaCpu,
    /// NVIDIA GPU passthrough.
    NvidiaGpu,
    /// NVIDIA GPU passthrough in a TDX guest.
    NvidiaGpuTdx,
    /// NVIDIA GPU passthrough in an SEV-SNP guest.
    NvidiaGpuSnp,
}

impl Flavour {
    /// What sets the flavour apart, in a few words (`None` for plain shims).
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Flavour::Standard => return None,
            Flavour::Azure => "Azure",
            Flavour::CocoDev => "CoCo, no TEE",
            Flavour::Tdx => "Intel TDX",
            Flavour::Snp => "AMD SEV-SNP",
            Flavour::Se => "IBM SE",
            Flavour::Sev => "AMD SEV",
            Flavour::Cca => "Arm CCA",
            Flavour::NvidiaCpu => "NVIDIA, no GPU",
            Flavour::NvidiaGpu => "NVIDIA GPU",
            Flavour::NvidiaGpuTdx => "NVIDIA GPU, TDX",
            Flavour::NvidiaGpuSnp => "NVIDIA GPU, SNP",
        })
    }

    /// Whether the guest is a confidential VM (or its development stand-in).
    pub fn confidential(self) -> bool {
        matches!(
            self,
            Flavour::CocoDev
                | Flavour::Tdx
                | Flavour::Snp
                | Flavour::Se
                | Flavour::Sev
                | Flavour::Cca
                | Flavour::NvidiaGpuTdx
                | Flavour::NvidiaGpuSnp
        )
    }

    /// Whether the shipped configuration sets `confidential_guest = true`:
    /// every confidential flavour but CoCo-dev, which runs the confidential
    /// stack in a plain VM (configuration-qemu-coco-dev.toml.in leaves it
    /// unset, 4.1.0).
    pub fn confidential_guest(self) -> bool {
        self.confidential() && self != Flavour::CocoDev
    }
}

/// Which boot file the shipped configuration sets. runtime-rs refuses a
/// configuration with both (`Can not configure both initrd and image for
/// boot`), so an `image` or `initrd` annotation must not add the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Boot {
    /// `image = ...` (a rootfs disk image).
    Image,
    /// `initrd = ...`.
    Initrd,
    /// Neither (the remote hypervisor boots nothing locally).
    None,
}

/// A value that changed over releases: `(first release, value)` pairs, oldest
/// first; the value in force is the last whose release is not after the target.
pub type Versioned<T> = &'static [(Version, T)];

/// The value of `history` in force at `version` (the first entry before its release).
pub fn at<T: Copy>(history: Versioned<T>, version: Version) -> Option<T> {
    history
        .iter()
        .rev()
        .find(|(since, _)| *since <= version)
        .or_else(|| history.first())
        .map(|(_, value)| *value)
}

/// What a shim's shipped `configuration-<name>.toml` sets that verdicts depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// `enable_annotations`, per release.
    pub enable_annotations: Versioned<&'static [&'static str]>,
    /// The `valid_*` lists the file has (a list it lacks is empty, and
    /// runtime-rs then refuses every value of the restricted key).
    pub lists: &'static [AllowList],
    /// The boot file it sets.
    pub boot: Boot,
    /// `static_sandbox_resource_mgmt`, per release: size the VM once, from the pod's limits.
    pub static_resources: Versioned<bool>,
    /// What kata-deploy's QEMU binary name carries after `qemu-system-<arch>`
    /// for this shim (`-no-shared-fs`, `-tdx-experimental`...).
    pub qemu_suffix: &'static str,
    /// Annotation defaults that differ from the catalog's (Go QEMU) ones:
    /// `(key, canonical value)`, with the key relative to `io.katacontainers.config.`.
    pub defaults: &'static [(&'static str, &'static str)],
}

/// A shim kata-deploy installs (or a runtime ships a configuration for):
/// its runtime, hypervisor, flavour and shipped configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shim {
    /// The shim name, e.g. `qemu-runtime-rs`; also the RuntimeClass suffix
    /// kata-deploy uses (`kata-<name>`) and the configuration file's stem.
    pub name: &'static str,
    /// The name before a rename, and the release that renamed it.
    pub old_name: Option<(&'static str, Version)>,
    /// The runtime the shim runs.
    pub runtime: Runtime,
    /// The hypervisor of its configuration.
    pub hypervisor: Hypervisor,
    /// Plain, confidential, GPU...
    pub flavour: Flavour,
    /// Whether kata-deploy installs it, and from which release to which
    /// (exclusive); `None`: the runtime ships the configuration but
    /// kata-deploy installs no shim for it.
    pub kata_deploy: Option<(Version, Option<Version>)>,
    /// Its shipped configuration.
    pub shipped: Shipped,
}

/// A shim as the JS API and the UI list it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ShimInfo {
    /// The name at the asked release.
    pub name: &'static str,
    /// `kata-<name>`.
    pub runtime_class: String,
    /// Its runtime.
    pub runtime: Runtime,
    /// Its hypervisor.
    pub hypervisor: Hypervisor,
    /// Its flavour.
    pub flavour: Flavour,
    /// Whether kata-deploy installs it at the asked release.
    pub installed: bool,
    /// The configuration file kata-deploy points the shim at.
    pub config_path: String,
    /// The shipped `enable_annotations` at the asked release.
    pub enable_annotations: &'static [&'static str],
    /// The boot file its configuration sets.
    pub boot: Boot,
    /// Whether it sizes the VM from the pod's limits.
    pub static_resources: bool,
}

impl Shim {
    /// The plain shim for `runtime` and `hypervisor` (for unsupported pairs,
    /// a placeholder that ships nothing).
    pub fn new(runtime: Runtime, hypervisor: Hypervisor) -> &'static Shim {
        SHIMS
            .iter()
            .find(|s| {
                s.runtime == runtime && s.hypervisor == hypervisor && s.flavour == Flavour::Standard
            })
            .unwrap_or(&table::NOTHING)
    }

    /// Looks a shim up by its kata-deploy name (current or former), or by its
    /// RuntimeClass name `kata-<name>`.
    pub fn find(name: &str) -> Option<&'static Shim> {
        let name = name.trim();
        let exact = |n: &str| {
            SHIMS
                .iter()
                .find(|s| s.name == n || s.old_name.is_some_and(|(old, _)| old == n))
        };
        exact(name).or_else(|| name.strip_prefix("kata-").and_then(exact))
    }

    /// The name kata-deploy gives the shim at `version`.
    pub fn name_at(&self, version: Version) -> &'static str {
        match self.old_name {
            Some((old, renamed)) if version < renamed => old,
            _ => self.name,
        }
    }

    /// The architecture the shim exists for, when it is tied to one (IBM
    /// Secure Execution is s390x only).
    pub fn arch(&self) -> Option<crate::target::Arch> {
        (self.flavour == Flavour::Se).then_some(crate::target::Arch::S390x)
    }

    /// The RuntimeClass (and containerd handler) kata-deploy `version` creates
    /// for the shim: `kata-<name at version>`.
    pub fn runtime_class(&self, version: Version) -> String {
        format!("kata-{}", self.name_at(version))
    }

    /// Whether kata-deploy `version` installs the shim.
    pub fn installed_at(&self, version: Version) -> bool {
        self.kata_deploy.is_some_and(|(since, until)| {
            since <= version && until.is_none_or(|until| version < until)
        })
    }

    /// Whether the runtime ships a configuration for the hypervisor at all.
    pub fn exists(&self) -> bool {
        !std::ptr::eq(self, &table::NOTHING)
    }

    /// The shipped `enable_annotations` at `version`.
    pub fn enable_annotations(&self, version: Version) -> &'static [&'static str] {
        at(self.shipped.enable_annotations, version).unwrap_or(&[])
    }

    /// Whether the shipped configuration sizes the VM statically at `version`.
    pub fn static_resources(&self, version: Version) -> bool {
        at(self.shipped.static_resources, version).unwrap_or(false)
    }

    /// The shipped default of a catalog key, when this shim's differs from the catalog's.
    pub fn default_of(&self, key: &str) -> Option<&'static str> {
        let relative = key.strip_prefix("io.katacontainers.config.")?;
        self.shipped
            .defaults
            .iter()
            .find(|(k, _)| *k == relative)
            .map(|(_, v)| *v)
    }

    /// The shim as the JS API lists it, at `version`.
    pub fn info(&self, version: Version) -> ShimInfo {
        let name = self.name_at(version);
        ShimInfo {
            name,
            runtime_class: self.runtime_class(version),
            runtime: self.runtime,
            hypervisor: self.hypervisor,
            flavour: self.flavour,
            installed: self.installed_at(version),
            config_path: self.config_path(version),
            enable_annotations: self.enable_annotations(version),
            boot: self.shipped.boot,
            static_resources: self.static_resources(version),
        }
    }

    /// The directory holding the shim's configuration and its `config.d/`
    /// on a node with kata-deploy `version`.
    pub fn config_dir(&self, version: Version) -> String {
        let name = self.name_at(version);
        match self.runtime {
            Runtime::Go => {
                format!("{KATA_PREFIX_DIR}/share/defaults/kata-containers/runtimes/{name}")
            }
            Runtime::Rust => format!(
                "{KATA_PREFIX_DIR}/share/defaults/kata-containers/runtime-rs/runtimes/{name}"
            ),
        }
    }

    /// The configuration file: what containerd's `options.ConfigPath` and
    /// CRI-O's `runtime_config_path` point at.
    pub fn config_path(&self, version: Version) -> String {
        format!(
            "{}/configuration-{}.toml",
            self.config_dir(version),
            self.name_at(version)
        )
    }

    /// Where [`crate::render::kata::drop_in`] goes.
    pub fn drop_in_path(&self, version: Version) -> String {
        format!("{}/config.d/{DROP_IN_FILE}", self.config_dir(version))
    }

    /// The shim binary kata-deploy installs for the runtime.
    pub fn runtime_path(&self) -> &'static str {
        runtime_path(self.runtime)
    }
}

/// Every shim `version` of kata-deploy installs.
pub fn installed(version: Version) -> impl Iterator<Item = &'static Shim> {
    SHIMS.iter().filter(move |s| s.installed_at(version))
}

/// The default shim of kata-deploy `version`: runtime-rs QEMU from 4.0, Go QEMU before.
pub fn default_shim(version: Version) -> &'static Shim {
    let runtime = if version >= crate::version::v(4, 0) {
        Runtime::Rust
    } else {
        Runtime::Go
    };
    Shim::new(runtime, Hypervisor::Qemu)
}

/// The `containerd-shim-kata-v2` binary kata-deploy installs for `runtime`.
pub fn runtime_path(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Go => "/opt/kata/bin/containerd-shim-kata-v2",
        Runtime::Rust => "/opt/kata/runtime-rs/bin/containerd-shim-kata-v2",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
