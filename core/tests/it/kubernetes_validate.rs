//! `kubernetes-validate --strict` (PyPI: the OpenAPI schemas of every
//! Kubernetes release, installed into `.tools/venv` by `cargo xtask setup`)
//! on generated objects: the API server's own schemas, unknown fields refused.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes each text to a file of its own and validates them all at
/// `version`; the tool's report, or why it failed.
pub fn check(name: &str, texts: &[String], version: &str) -> Result<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tool = root.join(".tools/venv/bin/kubernetes-validate");
    assert!(
        tool.exists(),
        "{} is missing: run `cargo xtask setup` (or `cargo xtask test`, which runs it)",
        tool.display()
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kubernetes-validate");
    std::fs::create_dir_all(&dir).expect("dir");
    let files: Vec<PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.join(format!("{name}-{i}.yaml"));
            std::fs::write(&path, text).expect("write");
            path
        })
        .collect();
    let output = Command::new(&tool)
        .args(["--strict", "-k", version])
        .args(&files)
        .output()
        .expect("kubernetes-validate runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(said)
    } else {
        Err(said)
    }
}
