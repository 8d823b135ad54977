//! `.kata-annotations.toml`, found upward from the current directory: the
//! same settings as the flags (which win) plus codes to ignore.
//!
//! ```toml
//! shim = "qemu-tdx"
//! kata_version = "3.28"
//! node_config = "ops/kata/configuration.toml"   # relative to this file
//! exclude = ["charts/**"]
//! ignore = ["KA501"]                            # codes never reported
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::CliError;

/// The project file's name.
pub const FILE_NAME: &str = ".kata-annotations.toml";

/// What a project file may set.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// As `--shim`.
    pub shim: Option<String>,
    /// As `--kata-version`.
    pub kata_version: Option<String>,
    /// As `--node-config`, relative to the project file.
    pub node_config: Option<PathBuf>,
    /// Added to `--exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Codes never reported (`KA501`).
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// The nearest project file at or above `start`, read; `None` when there is none.
pub fn find(start: &Path) -> Result<Option<(PathBuf, Project)>, CliError> {
    for dir in start.ancestors() {
        let path = dir.join(FILE_NAME);
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| CliError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let mut project: Project = toml::from_str(&text)
            .map_err(|e| CliError::Usage(format!("{}: {}", path.display(), e.message())))?;
        if let Some(config) = &project.node_config {
            project.node_config = Some(dir.join(config));
        }
        for code in &mut project.ignore {
            *code = code.trim().to_ascii_uppercase();
            if !kata_annotations::Code::ALL
                .iter()
                .any(|c| c.as_str() == code)
            {
                return Err(CliError::Usage(format!(
                    "{}: ignore: no code {code}",
                    path.display()
                )));
            }
        }
        return Ok(Some((path, project)));
    }
    Ok(None)
}
