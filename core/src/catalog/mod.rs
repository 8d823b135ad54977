//! The catalog: every annotation Kata, containerd and the docs know, declared
//! once as data. Validation, the generated reference, the UI and the JS types
//! all read it from here.

mod entries;
mod restriction;

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::kind::Kind;
use crate::policy::AllowList;
use crate::target::{Runtime, Target};
use crate::version::Version;

pub use entries::ANNOTATIONS;
pub use restriction::{Restriction, RetiredList};

/// Every Kata key starts with this.
pub const KATA_PREFIX: &str = "io.katacontainers.";
/// Keys under this prefix are gated by `enable_annotations`.
pub const HYPERVISOR_PREFIX: &str = "io.katacontainers.config.hypervisor.";
/// Runtime keys.
pub const RUNTIME_PREFIX: &str = "io.katacontainers.config.runtime.";
/// Agent keys.
pub const AGENT_PREFIX: &str = "io.katacontainers.config.agent.";
/// Container keys the Go runtime reads per container.
pub const CONTAINER_PREFIX: &str = "io.katacontainers.container.";

/// Where a key belongs, for grouping in docs and UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "group", content = "section")]
pub enum Group {
    /// `io.katacontainers.*` keys outside `config.` (and internal OCI keys).
    Global,
    /// `io.katacontainers.config.runtime.*`.
    Runtime,
    /// `io.katacontainers.config.agent.*`.
    Agent,
    /// `io.katacontainers.config.hypervisor.*`, by section.
    Hypervisor(HypervisorSection),
    /// `io.katacontainers.container.*` and third-party keys read per container.
    Container,
}

/// The sub-groups of hypervisor keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum HypervisorSection {
    /// Kernel, image, initrd, firmware, hypervisor binary, their hashes.
    BootAssets,
    /// Kernel command line, machine type, guest hooks, confidential-computing data.
    Guest,
    /// vCPUs, memory, NUMA, hugepages, IOMMU.
    CpuMemory,
    /// virtio-fs / 9p.
    SharedFs,
    /// Block devices.
    Block,
    /// Network, rate limiters, entropy, vhost-user.
    Network,
    /// VFIO, PCIe ports, GPUs, swap.
    Devices,
}

impl Group {
    /// A human title, e.g. "Hypervisor · CPU & memory".
    pub fn title(self) -> &'static str {
        match self {
            Group::Global => "Global",
            Group::Runtime => "Runtime",
            Group::Agent => "Agent",
            Group::Container => "Container",
            Group::Hypervisor(s) => match s {
                HypervisorSection::BootAssets => "Hypervisor · Boot assets",
                HypervisorSection::Guest => "Hypervisor · Guest kernel & machine",
                HypervisorSection::CpuMemory => "Hypervisor · CPU & memory",
                HypervisorSection::SharedFs => "Hypervisor · Shared filesystem",
                HypervisorSection::Block => "Hypervisor · Block devices",
                HypervisorSection::Network => "Hypervisor · Network & entropy",
                HypervisorSection::Devices => "Hypervisor · Devices",
            },
        }
    }
}

/// What one runtime does with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum Support {
    /// Read and applied, with this value syntax.
    Reads {
        /// How this runtime parses the value.
        kind: Kind,
    },
    /// Read (parsed) but never applied: setting it has no effect.
    NoOp {
        /// How the runtime parses it, if it does (a bad value may still fail).
        kind: Option<Kind>,
    },
    /// Defined as a constant but not handled. For runtime-rs hypervisor keys
    /// this means "enabled → the pod fails with `Invalid annotation type`".
    Unhandled,
    /// The runtime does not know the key at all (ignored, unless a gate trips).
    Absent,
    /// Removed in this release.
    Removed {
        /// The Kata release that removed it, e.g. "2.4".
        #[cfg_attr(feature = "wasm-validate", tsify(type = "string"))]
        since: Version,
    },
}

/// A change of one runtime's support for a key within the supported releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "change")]
pub enum Change {
    /// The runtime first defines the key in this release.
    Added {
        /// Which runtime.
        runtime: Runtime,
        /// The release.
        #[cfg_attr(feature = "wasm-validate", tsify(type = "string"))]
        release: Version,
    },
    /// The runtime no longer defines the key from this release on.
    Removed {
        /// Which runtime.
        runtime: Runtime,
        /// The release.
        #[cfg_attr(feature = "wasm-validate", tsify(type = "string"))]
        release: Version,
    },
    /// The runtime still accepts the key but stops applying it from this
    /// release on (a no-op that parses as before).
    Ignored {
        /// Which runtime.
        runtime: Runtime,
        /// The release.
        #[cfg_attr(feature = "wasm-validate", tsify(type = "string"))]
        release: Version,
    },
}

/// `Change::Added` for catalog tables.
pub(crate) const fn added(runtime: Runtime, release: Version) -> Change {
    Change::Added { runtime, release }
}

/// `Change::Removed` for catalog tables.
pub(crate) const fn removed(runtime: Runtime, release: Version) -> Change {
    Change::Removed { runtime, release }
}

/// `Change::Ignored` for catalog tables.
pub(crate) const fn ignored(runtime: Runtime, release: Version) -> Change {
    Change::Ignored { runtime, release }
}

impl Support {
    /// The value syntax, if this runtime parses the value at all.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Support::Reads { kind } => Some(kind),
            Support::NoOp { kind } => kind,
            _ => None,
        }
    }

    /// Whether the runtime handles the key at all (applies it, or accepts it
    /// as a no-op). runtime-rs fails the pod for an enabled hypervisor key
    /// it does not handle.
    pub fn handled(self) -> bool {
        matches!(self, Support::Reads { .. } | Support::NoOp { .. })
    }

    /// Whether setting the key changes anything in this runtime.
    pub fn applies(self) -> bool {
        matches!(self, Support::Reads { .. })
    }
}

/// One annotation.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    /// The full key, e.g. `io.katacontainers.config.hypervisor.default_memory`.
    pub key: &'static str,
    /// Where it is listed.
    pub group: Group,
    /// One sentence in our own words.
    pub description: &'static str,
    /// The value the shipped configuration gives, in canonical form (`None`: unset / n/a).
    pub default: Option<&'static str>,
    /// What the Go runtime does with it.
    pub go: Support,
    /// What runtime-rs does with it.
    pub rust: Support,
    /// For restricted keys, the config list its value must match (`valid_hypervisor_paths`, ...).
    pub restricted: Option<Restriction>,
    /// How the runtimes differ for this key, when they do (§2.6 of the fact sheet).
    pub differences: Option<&'static str>,
    /// A security or operational caution, when one applies.
    pub risk: Option<&'static str>,
    /// The first Kata release that had the key (in both runtimes, unless
    /// `history` says otherwise), when after 2.0.
    #[cfg_attr(feature = "wasm-validate", tsify(type = "string | null"))]
    pub since: Option<Version>,
    /// When a runtime gained or dropped the key on its own. `go` and `rust`
    /// say what the runtime does while it has the key.
    pub history: &'static [Change],
    /// Set for keys users must not set (the runtime overwrites them).
    pub internal: bool,
}

impl Annotation {
    /// Whether `enable_annotations` gates this key.
    pub fn is_gated(&self) -> bool {
        self.key.starts_with(HYPERVISOR_PREFIX)
    }

    /// The suffix `enable_annotations` regexes are matched against.
    pub fn gate_name(&self) -> Option<&'static str> {
        self.key.strip_prefix(HYPERVISOR_PREFIX)
    }

    /// The `valid_*` list of the node policy this key's value must match, when
    /// the runtimes still check one.
    pub fn allow_list(&self) -> Option<AllowList> {
        self.restricted.and_then(Restriction::live)
    }

    /// What `runtime` does with the key while it has it (the newest behaviour).
    pub fn support(&self, runtime: Runtime) -> Support {
        match runtime {
            Runtime::Go => self.go,
            Runtime::Rust => self.rust,
        }
    }

    /// The value the target's shim ships for the key: its own default when it
    /// differs from the catalog's (Go QEMU) one.
    pub fn default_for(&self, target: Target) -> Option<&'static str> {
        target.shim.default_of(self.key).or(self.default)
    }

    /// The release in which `runtime` first defines the key (`None`: before 3.2).
    pub fn added_in(&self, runtime: Runtime) -> Option<Version> {
        self.history
            .iter()
            .find_map(|c| match *c {
                Change::Added {
                    runtime: r,
                    release,
                } if r == runtime => Some(release),
                _ => None,
            })
            .or(self.since)
    }

    /// The release from which `runtime` accepts the key but no longer
    /// applies it.
    pub fn ignored_in(&self, runtime: Runtime) -> Option<Version> {
        self.history.iter().find_map(|c| match *c {
            Change::Ignored {
                runtime: r,
                release,
            } if r == runtime => Some(release),
            _ => None,
        })
    }

    /// The release from which `runtime` no longer defines the key.
    pub fn removed_in(&self, runtime: Runtime) -> Option<Version> {
        self.history
            .iter()
            .find_map(|c| match *c {
                Change::Removed {
                    runtime: r,
                    release,
                } if r == runtime => Some(release),
                _ => None,
            })
            .or(match self.support(runtime) {
                Support::Removed { since } => Some(since),
                _ => None,
            })
    }

    /// What `runtime` of release `version` does with the key.
    pub fn support_at(&self, runtime: Runtime, version: Version) -> Support {
        if self.added_in(runtime).is_some_and(|added| version < added) {
            return Support::Absent;
        }
        match self.removed_in(runtime) {
            Some(since) if version >= since => Support::Removed { since },
            _ => match self.support(runtime) {
                // Removed before `since` with no record of how it was read.
                Support::Removed { .. } => Support::Unhandled,
                Support::Reads { kind }
                    if self
                        .ignored_in(runtime)
                        .is_some_and(|since| version >= since) =>
                {
                    Support::NoOp { kind: Some(kind) }
                }
                support => support,
            },
        }
    }

    /// Whether `runtime` of release `version` defines the key (reads it,
    /// ignores it, or knows it without handling it).
    pub fn defined_at(&self, runtime: Runtime, version: Version) -> bool {
        !matches!(
            self.support_at(runtime, version),
            Support::Absent | Support::Removed { .. }
        )
    }

    /// Whether Kubernetes accepts the key (the name part is at most 63 characters).
    pub fn kubernetes_settable(&self) -> bool {
        let name = self.key.rsplit('/').next().unwrap_or(self.key);
        name.len() <= 63
    }

    /// The release that removed the key from both runtimes, if it is gone from both.
    pub fn removed_since(&self) -> Option<Version> {
        self.removed_since_at(Version::NEWEST)
    }

    /// The release that removed the key from both runtimes, if both have
    /// dropped it by `version`.
    pub fn removed_since_at(&self, version: Version) -> Option<Version> {
        let gone = |runtime| match self.support_at(runtime, version) {
            Support::Removed { since } => Some(Some(since)),
            Support::Absent => Some(None),
            _ => None,
        };
        match (gone(Runtime::Go)?, gone(Runtime::Rust)?) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        }
    }
}

/// A catalog entry with everything derived from it, for the UI and the JS API.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AnnotationInfo {
    /// The entry itself.
    #[serde(flatten)]
    pub annotation: Annotation,
    /// The group's title, e.g. "Hypervisor · CPU & memory".
    pub group_title: &'static str,
    /// Whether `enable_annotations` gates the key.
    pub gated: bool,
    /// The suffix `enable_annotations` entries match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate_name: Option<&'static str>,
    /// Whether Kubernetes accepts the key.
    pub kubernetes_settable: bool,
    /// The release that removed the key from every runtime, if it is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm-validate", tsify(type = "string", optional))]
    pub removed_since: Option<Version>,
    /// The value syntax the Go runtime reads, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go_syntax: Option<String>,
    /// The value syntax runtime-rs reads, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_syntax: Option<String>,
}

impl AnnotationInfo {
    /// Derives the info for one entry.
    pub fn of(annotation: &Annotation) -> Self {
        let syntax = |runtime| {
            annotation
                .support(runtime)
                .kind()
                .map(|k| crate::kind::describe(k, runtime))
        };
        Self {
            annotation: *annotation,
            group_title: annotation.group.title(),
            gated: annotation.is_gated(),
            gate_name: annotation.gate_name(),
            kubernetes_settable: annotation.kubernetes_settable(),
            removed_since: annotation.removed_since(),
            go_syntax: syntax(Runtime::Go),
            rust_syntax: syntax(Runtime::Rust),
        }
    }
}

/// Every entry with its derived info.
pub fn infos() -> Vec<AnnotationInfo> {
    ANNOTATIONS.iter().map(AnnotationInfo::of).collect()
}

/// Whether `annotation` matches a search: every whitespace-separated term
/// must occur in the key, the description or the group, ignoring ASCII case.
/// The catalog's letters are ASCII, so Unicode's case tables (24 KB in the
/// wasm build) would fold nothing more.
pub fn matches(annotation: &Annotation, query: &str) -> bool {
    let haystack = format!(
        "{} {} {}",
        annotation.key,
        annotation.description,
        annotation.group.title()
    )
    .to_ascii_lowercase();
    query
        .split_whitespace()
        .all(|term| haystack.contains(&term.to_ascii_lowercase()))
}

/// Looks a key up (exact match).
///
/// By hash, not by a binary search of the sorted table: every key shares the
/// 18- to 36-byte prefix `io.katacontainers.config.hypervisor.`, so each
/// step of a search compares that prefix again, and wasm compares bytes one
/// at a time (its `memcmp` is a byte loop). The validator looks keys up
/// several times per key, on every edit.
pub fn find(key: &str) -> Option<&'static Annotation> {
    static BY_KEY: LazyLock<FxHashMap<&'static str, &'static Annotation>> =
        LazyLock::new(|| ANNOTATIONS.iter().map(|a| (a.key, a)).collect());
    BY_KEY.get(key).copied()
}

#[cfg(test)]
mod tests;
