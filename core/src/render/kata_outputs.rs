//! The output-list entries of the two generators in [`super::kata`]. They
//! live apart from `kata.rs` only because that file is being split (its
//! `Shim` moves out); they call its public functions and nothing else.

use super::kata;
use super::registry::{Output, Placement, Tab};
use crate::request::Request;
use crate::Error;

/// The Kata `config.d` drop-in in the output list.
pub const DROP_IN: Output = Output {
    id: "kata",
    title: "Kata drop-in",
    tab: Tab::KATA,
    media_type: "application/toml",
    file_name: drop_in_file_name,
    placement: drop_in_placement,
    settings: &[],
    generate: drop_in,
};

/// The kata-deploy Helm values in the output list.
pub const HELM_VALUES: Output = Output {
    id: "helm",
    title: "kata-deploy Helm values",
    tab: Tab::KATA,
    media_type: "application/yaml",
    file_name: helm_file_name,
    placement: helm_placement,
    settings: &[],
    generate: kata::helm_values,
};

fn drop_in(request: &Request) -> Result<String, Error> {
    kata::drop_in(request).map(|drop_in| drop_in.toml)
}

fn drop_in_file_name(_: &Request) -> String {
    kata::DROP_IN_FILE.to_owned()
}

fn drop_in_placement(request: &Request) -> Placement {
    Placement {
        path: Some(request.resolved_shim().drop_in_path(request.kata_version)),
        how: "Save it at this path on every node (or set the Helm values instead and upgrade \
              kata-deploy); the shim reads it when the next pod starts."
            .into(),
    }
}

fn helm_file_name(_: &Request) -> String {
    "kata-deploy-values.yaml".to_owned()
}

fn helm_placement(_: &Request) -> Placement {
    Placement {
        path: None,
        how: "Merge these into the kata-deploy chart's values (helm upgrade … -f \
              kata-deploy-values.yaml) instead of installing the drop-in by hand."
            .into(),
    }
}
