//! The Kata drop-in and Helm values (placeholder: being written).

use crate::request::Request;
use crate::Error;

/// A drop-in file: where it goes and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropIn {
    /// The path on a kata-deploy node.
    pub path: String,
    /// The TOML text.
    pub toml: String,
}

/// The `config.d/50-*.toml` drop-in.
pub fn drop_in(_request: &Request) -> Result<DropIn, Error> {
    Ok(DropIn {
        path: String::new(),
        toml: String::new(),
    })
}

/// kata-deploy Helm values.
pub fn helm_values(_request: &Request) -> Result<String, Error> {
    Ok(String::new())
}
