//! The files to lint: paths as given, directories walked (`*.yaml`,
//! `*.yml`, `.gitignore` honoured, `--exclude` globs skipped), `-` for
//! standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

use crate::CliError;

/// One input: where it came from and its bytes, or why it could not be read.
pub struct Input {
    /// The path as printed (`<stdin>` for standard input).
    pub path: String,
    /// The content, or the read error.
    pub bytes: Result<Vec<u8>, String>,
}

fn is_manifest(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn read(path: &Path) -> Input {
    Input {
        path: path.display().to_string(),
        bytes: std::fs::read(path).map_err(|e| e.to_string()),
    }
}

/// Every input under `paths`, files in a stable (sorted) order per directory.
pub fn collect(paths: &[PathBuf], exclude: &[String]) -> Result<Vec<Input>, CliError> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            let read = std::io::stdin()
                .read_to_end(&mut bytes)
                .map(|_| bytes)
                .map_err(|e| e.to_string());
            inputs.push(Input {
                path: "<stdin>".into(),
                bytes: read,
            });
            continue;
        }
        if !path.exists() {
            return Err(CliError::Io {
                path: path.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such file or directory",
                ),
            });
        }
        if path.is_file() {
            inputs.push(read(path));
            continue;
        }
        let mut overrides = OverrideBuilder::new(path);
        for glob in exclude {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| CliError::Usage(format!("--exclude {glob}: {e}")))?;
        }
        let overrides = overrides
            .build()
            .map_err(|e| CliError::Usage(format!("--exclude: {e}")))?;
        let walker = WalkBuilder::new(path)
            .overrides(overrides)
            // A repository's .gitignore counts even outside a Git checkout.
            .require_git(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            if entry.file_type().is_some_and(|t| t.is_file()) && is_manifest(entry.path()) {
                inputs.push(read(entry.path()));
            }
        }
    }
    Ok(inputs)
}
