//! The library's error type.

/// Everything that can go wrong inside this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// serde_yaml could not serialize a document.
    #[error("could not write YAML: {0}")]
    YamlWrite(#[from] serde_yaml::Error),
    /// The TOML library could not serialize a document.
    #[error("could not write TOML: {0}")]
    TomlWrite(#[from] toml::ser::Error),
    /// A request field has a value no generator can use.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// No output has this id.
    #[error("there is no output \"{id}\"; the outputs are {known}")]
    UnknownOutput {
        /// The id asked for.
        id: String,
        /// The ids there are, comma-separated.
        known: String,
    },
    /// Pasted text is larger than the importer reads.
    #[error("the manifest is {bytes} bytes; the importer reads at most {limit} bytes")]
    ImportTooLarge {
        /// The size of the input.
        bytes: usize,
        /// The most the importer reads.
        limit: usize,
    },
    /// Pasted text is not a YAML manifest the importer can read.
    #[error("cannot read the manifest: {0}")]
    ImportSyntax(String),
    /// An init-data document or value cannot be encoded or read (`init_data`).
    #[error("init data: {0}")]
    InitData(String),
    /// The pasted file cannot take the selection back (`import::export_file`).
    #[error("cannot write the file back: {0}")]
    Export(String),
}
