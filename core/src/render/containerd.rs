//! The containerd runtime table for the RuntimeClass handler, in the syntax
//! of the config `version` it goes into, and containerd's way of deciding
//! which pod annotations reach Kata (fact sheet §4).
//!
//! containerd copies a pod annotation into the OCI spec of the sandbox and
//! of every container when one of the handler's `pod_annotations` patterns
//! matches the key with Go's `path.Match` ([`path_match`]). Only what is
//! copied reaches Kata.

use std::collections::BTreeMap;

use serde::Serialize;

use super::kata;
use super::registry::{file_name_part, Output, Placement, Tab};
use super::setting::Setting;
use crate::request::{Forwarding, Request};
use crate::Error;

pub use crate::path_match::{escape, forwarded, path_match, KATA_WILDCARD};

/// The `runtime_type` for Kata's shim v2 (`containerd-shim-kata-v2`).
pub const RUNTIME_TYPE: &str = "io.containerd.kata.v2";

/// The config versions [`snippet`] writes, each with the containerd
/// releases that read it (a user picks by release, not by version).
pub const CONFIG_VERSIONS: [(u8, &str); 4] = [
    (1, "1 (containerd 1.3+)"),
    (2, "2 (containerd 1.3–1.7)"),
    (3, "3 (containerd 2.0+)"),
    (4, "4 (containerd 2.3+)"),
];

/// What a forwarding mode puts in `pod_annotations`, for a form.
pub fn forwarding_label(forwarding: Forwarding) -> &'static str {
    match forwarding {
        Forwarding::Exact => "exactly the selected keys",
        Forwarding::Wildcard => "io.katacontainers.* wildcard",
    }
}

/// The containerd snippet in the output list.
pub const OUTPUT: Output = Output {
    id: "containerd",
    title: "containerd runtime",
    tab: Tab::CONTAINERD,
    media_type: "application/toml",
    file_name,
    placement,
    settings: &[
        Setting::ConfigVersion,
        Setting::Forwarding,
        Setting::Handler,
        Setting::RuntimePath,
        Setting::ConfigPath,
    ],
    generate: snippet,
};

/// `containerd-<handler>.toml`.
fn file_name(request: &Request) -> String {
    format!(
        "containerd-{}.toml",
        file_name_part(&request.containerd.handler)
    )
}

fn placement(_: &Request) -> Placement {
    Placement {
        path: Some("/etc/containerd/config.toml".into()),
        how: "Merge the table into it on every node (its version line must match), then restart \
              containerd. The RuntimeClass handler must be the same name."
            .into(),
    }
}

/// The `pod_annotations` list for the request: the selected keys, sorted
/// (exact forwarding), or [`KATA_WILDCARD`] plus every selected key it does
/// not cover (wildcard forwarding).
pub fn pod_annotations(request: &Request) -> Vec<String> {
    let keys = request.annotations.keys();
    match request.containerd.forwarding {
        Forwarding::Exact => keys.map(|k| escape(k)).collect(),
        Forwarding::Wildcard => {
            let wildcard = [KATA_WILDCARD.to_owned()];
            let mut list = wildcard.to_vec();
            list.extend(keys.filter(|k| !forwarded(&wildcard, k)).map(|k| escape(k)));
            list
        }
    }
}

/// The runtime table's `options`.
#[derive(Debug, Serialize)]
struct Options {
    #[serde(rename = "ConfigPath")]
    config_path: String,
}

/// `[... .containerd.runtimes.<handler>]`.
#[derive(Debug, Serialize)]
struct RuntimeTable {
    runtime_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    runtime_path: Option<&'static str>,
    pod_annotations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Options>,
}

#[derive(Debug, Serialize)]
struct Runtimes {
    runtimes: BTreeMap<String, RuntimeTable>,
}

#[derive(Debug, Serialize)]
struct Plugin {
    containerd: Runtimes,
}

#[derive(Debug, Serialize)]
struct Document {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    plugins: BTreeMap<&'static str, Plugin>,
}

/// The CRI plugin that holds the runtime tables in config `version`, the
/// `version` line to write, and what the version is for.
fn plugin_for(version: u8) -> Result<(&'static str, Option<u8>, &'static str), Error> {
    match version {
        1 => Ok(("cri", None, "config version 1 (no `version` line; pod_annotations needs containerd 1.3+; 2.x migrates it)")),
        2 => Ok(("io.containerd.grpc.v1.cri", Some(2), "config version 2 (containerd 1.3 to 1.7; 2.x still reads it)")),
        3 => Ok(("io.containerd.cri.v1.runtime", Some(3), "config version 3 (containerd 2.0+)")),
        4 => Ok(("io.containerd.cri.v1.runtime", Some(4), "config version 4 (containerd 2.3+; same runtime table as version 3)")),
        other => Err(Error::InvalidRequest(format!(
            "containerd config version {other} does not exist; use 1, 2, 3 or 4"
        ))),
    }
}

/// The runtime table for `request.containerd.handler` in the syntax of
/// `request.containerd.config_version`, with comments on what it forwards.
pub fn snippet(request: &Request) -> Result<String, Error> {
    let options = &request.containerd;
    let handler = options.handler.trim();
    if handler.is_empty() {
        return Err(Error::InvalidRequest(
            "the containerd handler (the RuntimeClass handler) is empty".into(),
        ));
    }
    let (plugin, version, about) = plugin_for(options.config_version)?;
    let shim = request.resolved_shim();
    let pod_annotations = pod_annotations(request);

    let mut lines = vec![
        format!(
            "containerd runtime handler \"{handler}\" ({}, [hypervisor.{}]),",
            request.runtime.label(),
            request.hypervisor.table()
        ),
        format!("{about}."),
        "Merge it into /etc/containerd/config.toml of the same config version (or into a file"
            .to_owned(),
        "that config imports), then restart containerd. The RuntimeClass handler must match."
            .to_owned(),
        "pod_annotations holds Go path.Match patterns: containerd copies a pod annotation into"
            .to_owned(),
        "the specs Kata reads only when a pattern matches its whole key.".to_owned(),
    ];
    let selected = request.annotations.len();
    match options.forwarding {
        Forwarding::Exact if selected == 0 => {
            lines.push("No annotation selected: containerd forwards none.".to_owned());
        }
        Forwarding::Exact => lines.push(format!(
            "Forwards exactly the {selected} selected key{}; list any key you add later here too.",
            if selected == 1 { "" } else { "s" }
        )),
        Forwarding::Wildcard => {
            lines.push(format!(
                "{KATA_WILDCARD} forwards every io.katacontainers. key, including runtime, agent and"
            ));
            lines.push(
                "container keys that no Kata setting gates. It stops at `/`, so selected keys with a"
                    .to_owned(),
            );
            lines.push(
                "`/` (such as sgx.intel.com/epc) and keys outside it are listed too.".to_owned(),
            );
        }
    }
    if !options.config_path {
        lines.push(
            "Without options.ConfigPath the shim reads its default configuration; kata-deploy's is"
                .to_owned(),
        );
        lines.push(format!("  {}", shim.config_path(request.kata_version)));
    }
    if options.runtime_path || options.config_path {
        lines.extend(kata::shim_notes(request));
    }

    let table = RuntimeTable {
        runtime_type: RUNTIME_TYPE,
        runtime_path: options.runtime_path.then(|| shim.runtime_path()),
        pod_annotations,
        options: options.config_path.then(|| Options {
            config_path: shim.config_path(request.kata_version),
        }),
    };
    let document = Document {
        version,
        plugins: BTreeMap::from([(
            plugin,
            Plugin {
                containerd: Runtimes {
                    runtimes: BTreeMap::from([(handler.to_owned(), table)]),
                },
            },
        )]),
    };
    let body = toml::to_string_pretty(&document)?;
    let mut out = super::comment_block(&lines);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_config_versions_are_the_written_ones() {
        for (version, label) in CONFIG_VERSIONS {
            assert!(plugin_for(version).is_ok(), "{version}");
            assert!(
                label.starts_with(&format!("{version} (containerd ")),
                "{label}"
            );
        }
        for version in [0, 5, 255] {
            assert!(plugin_for(version).is_err(), "{version}");
        }
    }
}
