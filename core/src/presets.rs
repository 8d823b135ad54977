//! Presets: starting points that show real uses of the annotations.

use std::collections::BTreeMap;

/// A named selection of annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// A stable identifier.
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// What it is for, and what the node needs.
    pub description: &'static str,
    /// Key suffixes under `io.katacontainers.` and their values.
    pub annotations: &'static [(&'static str, &'static str)],
}

impl Preset {
    /// The preset's annotations with full keys, as a request holds them.
    pub fn annotation_map(&self) -> BTreeMap<String, String> {
        self.full_annotations().collect()
    }

    /// Whether applying the preset over `current` would drop something the
    /// user chose, so a UI should ask before it does.
    pub fn replaces(&self, current: &BTreeMap<String, String>) -> bool {
        !current.is_empty() && *current != self.annotation_map()
    }

    /// The preset's annotations with full keys.
    pub fn full_annotations(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.annotations
            .iter()
            .map(|(k, v)| (format!("io.katacontainers.{k}"), (*v).to_owned()))
    }
}

/// Base64 of gzip of a small init-data document (an attestation agent URL).
const INIT_DATA: &str = "H4sIAAAAAAACAxWNywrDIBAA7/sVYS/eNpb2IIF+SQhh09oo8RF0W/r50esMw/xsqT6n4TmgphtpBA57Ll5c7Kw6vpsHAsxvFl4AmUlyDNikUgpmyYdN6yunj98rHVtd4FtCT53IOY1jQ2T/HM9gJ6NNG/TuAg98QVt3AAAA";

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Every preset.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "bigger-vm",
        title: "Bigger VM",
        description: "4 vCPUs and 8 GiB of memory for the pod VM. runtime-rs enables both keys by default; the Go runtime needs them in enable_annotations.",
        annotations: &[
            ("config.hypervisor.default_vcpus", "4"),
            ("config.hypervisor.default_memory", "8192"),
        ],
    },
    Preset {
        id: "kernel-modules",
        title: "Guest kernel modules",
        description: "Load modules in the guest at boot (they must exist in the guest kernel) and pass a kernel parameter.",
        annotations: &[
            ("config.agent.kernel_modules", "br_netfilter;nf_conntrack"),
            ("config.hypervisor.kernel_params", "net.ifnames=0"),
        ],
    },
    Preset {
        id: "debug-trace",
        title: "Debug and trace",
        description: "Agent tracing, debug logs in the guest and pprof in the shim: for a test cluster, not production.",
        annotations: &[
            ("config.agent.enable_tracing", "true"),
            ("config.hypervisor.kernel_params", "agent.log=debug"),
            ("config.runtime.enable_pprof", "true"),
        ],
    },
    Preset {
        id: "gpu-vfio",
        title: "GPU / VFIO passthrough",
        description: "Cold-plug a VFIO device behind a PCIe root port with more memory (Go runtime; runtime-rs takes the port count only). The device itself comes from a device plugin.",
        annotations: &[
            ("config.hypervisor.cold_plug_vfio", "root-port"),
            ("config.hypervisor.pcie_root_port", "1"),
            ("config.hypervisor.default_memory", "16384"),
        ],
    },
    Preset {
        id: "coco-init-data",
        title: "Confidential containers init data",
        description: "Pass init data (here: the attestation agent's KBS URL) to a confidential guest. Enabled by default only in the CoCo configurations.",
        annotations: &[("config.hypervisor.cc_init_data", INIT_DATA)],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Gate, Severity};
    use crate::policy::PolicyInput;
    use crate::request::Request;
    use crate::target::{Hypervisor, Runtime};

    #[test]
    fn find_returns_the_preset_with_that_id_only() {
        for preset in PRESETS {
            assert_eq!(find(preset.id).map(|p| p.title), Some(preset.title));
        }
        assert!(find("no-such-preset").is_none());
    }

    #[test]
    fn a_preset_replaces_only_a_different_non_empty_selection() {
        let preset = &PRESETS[0];
        assert!(!preset.replaces(&BTreeMap::new()));
        assert!(!preset.replaces(&preset.annotation_map()));
        let mut mine = preset.annotation_map();
        mine.insert(
            "io.katacontainers.config.agent.enable_tracing".into(),
            "true".into(),
        );
        assert!(preset.replaces(&mine));
    }

    #[test]
    fn every_preset_key_is_in_the_catalog() {
        for preset in PRESETS {
            for (key, _) in preset.full_annotations() {
                assert!(crate::catalog::find(&key).is_some(), "{}: {key}", preset.id);
            }
        }
    }

    #[test]
    fn every_preset_value_is_valid_on_an_enabling_node() {
        for preset in PRESETS {
            for runtime in Runtime::ALL {
                let request = Request {
                    annotations: preset.full_annotations().collect(),
                    runtime,
                    hypervisor: Hypervisor::Qemu,
                    policy: Some(PolicyInput {
                        enable_annotations: Some(vec![".*".into()]),
                        ..PolicyInput::default()
                    }),
                    ..Request::default()
                };
                let report = crate::validate(&request);
                let bad: Vec<_> = report
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        d.severity == Severity::Error
                            && d.gate == Gate::KataValue
                            && d.code.as_str() != "KA207"
                    })
                    .collect();
                assert!(bad.is_empty(), "{} on {runtime:?}: {bad:#?}", preset.id);
            }
        }
        assert!(PRESETS.len() >= 5);
    }
}
