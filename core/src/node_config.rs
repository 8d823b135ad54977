//! Reading a node's policy from a pasted Kata `configuration.toml` or drop-in.

use crate::policy::{AllowList, PolicyInput};
use crate::target::Hypervisor;
use crate::Error;

/// The largest configuration the reader accepts.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;

/// What a pasted configuration says about the policy of one hypervisor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NodeConfig {
    /// The lists found; a list the text does not set stays `None` (shipped default).
    pub policy: PolicyInput,
    /// The `[hypervisor.*]` tables the text has.
    pub hypervisors: Vec<String>,
}

/// Reads `enable_annotations` and the `valid_*` lists of `[hypervisor.<table>]`.
///
/// Lists the text does not set stay unset, so they keep the shipped
/// defaults (as a drop-in would). A text without that table is an error
/// that names the tables it does have.
pub fn read(text: &str, hypervisor: Hypervisor) -> Result<NodeConfig, Error> {
    if text.len() > MAX_CONFIG_BYTES {
        return Err(Error::InvalidRequest(format!(
            "the configuration is {} bytes; at most {MAX_CONFIG_BYTES} are read",
            text.len()
        )));
    }
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Error::InvalidRequest(format!("not a TOML configuration: {}", e.message()))
    })?;
    let hypervisors: Vec<String> = table
        .get("hypervisor")
        .and_then(toml::Value::as_table)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    let name = hypervisor.table();
    let Some(section) = table
        .get("hypervisor")
        .and_then(|h| h.get(name))
        .and_then(toml::Value::as_table)
    else {
        let found = if hypervisors.is_empty() {
            "it has no [hypervisor.*] table".to_owned()
        } else {
            format!(
                "it has [hypervisor.{}]",
                hypervisors.join("], [hypervisor.")
            )
        };
        return Err(Error::InvalidRequest(format!(
            "no [hypervisor.{name}] table in the configuration: {found}; pick that hypervisor or paste its file"
        )));
    };
    let list = |field: &str| -> Result<Option<Vec<String>>, Error> {
        match section.get(field) {
            None => Ok(None),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str().map(str::to_owned).ok_or_else(|| {
                        Error::InvalidRequest(format!("{field} must be a list of strings"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(Error::InvalidRequest(format!(
                "{field} must be a list of strings"
            ))),
        }
    };
    let mut policy = PolicyInput {
        enable_annotations: list("enable_annotations")?,
        ..PolicyInput::default()
    };
    for allow in AllowList::ALL {
        *policy.list_mut(allow) = list(allow.config_name())?;
    }
    Ok(NodeConfig {
        policy,
        hypervisors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"
[hypervisor.qemu]
path = "/opt/kata/bin/qemu-system-x86_64"
enable_annotations = ["enable_iommu", "^default_memory$"]
valid_hypervisor_paths = ["/opt/kata/bin/qemu-system-x86_64"]
valid_entropy_sources = ["/dev/urandom", ""]

[hypervisor.qemu.extra]
x = 1

[agent.kata]
enable_tracing = false
"#;

    #[test]
    fn reads_the_lists_of_the_chosen_hypervisor() {
        let config = read(CONFIG, Hypervisor::Qemu).expect("reads");
        assert_eq!(
            config.policy.enable_annotations,
            Some(vec!["enable_iommu".into(), "^default_memory$".into()])
        );
        assert_eq!(
            config.policy.valid_entropy_sources,
            Some(vec!["/dev/urandom".into(), String::new()])
        );
        assert_eq!(config.policy.valid_jailer_paths, None);
        assert_eq!(config.hypervisors, ["qemu"]);
    }

    #[test]
    fn a_missing_table_names_the_ones_present() {
        let err = read(CONFIG, Hypervisor::Clh).expect_err("no clh");
        assert!(err.to_string().contains("[hypervisor.qemu]"), "{err}");
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        assert!(read("not = [toml", Hypervisor::Qemu)
            .expect_err("syntax")
            .to_string()
            .contains("TOML"));
        let wrong = "[hypervisor.qemu]\nenable_annotations = \"x\"";
        assert!(read(wrong, Hypervisor::Qemu)
            .expect_err("type")
            .to_string()
            .contains("list of strings"));
        let huge = "#".repeat(MAX_CONFIG_BYTES + 1);
        assert!(read(&huge, Hypervisor::Qemu).is_err());
    }
}
