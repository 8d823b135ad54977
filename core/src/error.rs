//! The library's error type.

/// Everything that can go wrong inside this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// serde_yaml could not serialize the document.
    #[error("could not write YAML: {0}")]
    YamlWrite(#[from] serde_yaml::Error),
}
