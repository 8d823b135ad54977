//! The typed link from a restricted catalog entry to the `valid_*` list its
//! value must match.

use std::fmt;

use serde::Serialize;

use crate::policy::AllowList;

/// The list a restricted key's value must match. Serialized as the list's
/// `configuration.toml` name (`"valid_hypervisor_paths"`), as the docs, the UI
/// and the JS API show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Restriction {
    /// A list the runtimes check (a node policy has it).
    Live(AllowList),
    /// A list no runtime reads any more; only keys that are gone name one.
    Retired(RetiredList),
}

/// `valid_*` lists the runtimes dropped together with the keys they restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RetiredList {
    /// `valid_ctlpaths` (for `ctlpath`).
    ValidCtlpaths,
    /// `valid_file_mem_backends` (for `file_mem_backend`).
    ValidFileMemBackends,
}

impl RetiredList {
    /// The list's name in `configuration.toml`.
    pub fn config_name(self) -> &'static str {
        match self {
            RetiredList::ValidCtlpaths => "valid_ctlpaths",
            RetiredList::ValidFileMemBackends => "valid_file_mem_backends",
        }
    }
}

impl Restriction {
    /// The list's name in `configuration.toml`.
    pub fn config_name(self) -> &'static str {
        match self {
            Restriction::Live(list) => list.config_name(),
            Restriction::Retired(list) => list.config_name(),
        }
    }

    /// The list a node policy holds, when the runtimes still check it.
    pub fn live(self) -> Option<AllowList> {
        match self {
            Restriction::Live(list) => Some(list),
            Restriction::Retired(_) => None,
        }
    }
}

impl fmt::Display for Restriction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.config_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_the_config_name() {
        let all = AllowList::ALL.into_iter().map(Restriction::Live).chain(
            [
                RetiredList::ValidCtlpaths,
                RetiredList::ValidFileMemBackends,
            ]
            .map(Restriction::Retired),
        );
        for restriction in all {
            assert_eq!(
                serde_json::to_value(restriction).expect("serializes"),
                serde_json::Value::String(restriction.config_name().to_owned())
            );
            assert_eq!(restriction.to_string(), restriction.config_name());
        }
    }
}
