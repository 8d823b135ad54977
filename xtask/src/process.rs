//! Running commands with the project's tool paths, and timing steps.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The workspace root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Tool locations every command runs with.
#[derive(Debug, Clone)]
pub struct ToolEnv {
    /// `PATH` with the repo's npm tools and `~/.cargo/bin` first.
    pub path: String,
}

impl ToolEnv {
    /// Builds the `PATH` the tasks use.
    pub fn new() -> Self {
        let mut dirs = vec![root().join(".tools/node_modules/.bin")];
        if let Some(home) = std::env::var_os("CARGO_HOME") {
            dirs.push(PathBuf::from(home).join("bin"));
        } else if let Some(home) = std::env::var_os("HOME") {
            dirs.push(PathBuf::from(home).join(".cargo/bin"));
        }
        let current = std::env::var_os("PATH").unwrap_or_default();
        dirs.extend(std::env::split_paths(&current));
        let path = std::env::join_paths(dirs)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| current.to_string_lossy().into_owned());
        Self { path }
    }

    /// A command in the workspace root with this `PATH`.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.current_dir(root()).env("PATH", &self.path);
        command
    }

    /// Whether `program` is an executable file in one of this `PATH`'s folders.
    pub fn on_path(&self, program: &str) -> bool {
        std::env::split_paths(&self.path).any(|dir| {
            let candidate = dir.join(program);
            candidate.is_file() && is_executable(&candidate)
        })
    }

    /// The first line a tool prints for `--version`, if it runs at all.
    pub fn version_of(&self, program: &str) -> Option<String> {
        let output = self
            .command(program)
            .arg("--version")
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .map(str::to_owned)
    }
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
    true
}

/// Runs `command`, streaming its output; fails with `what` if it fails.
pub fn run(what: &str, command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Prints a step's start and, when done, its duration.
pub fn step<T>(name: &str, body: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    println!("==> {name}");
    let start = Instant::now();
    let result = body();
    let seconds = start.elapsed().as_secs_f64();
    match &result {
        Ok(_) => println!("    {name}: done in {seconds:.1}s"),
        Err(_) => println!("    {name}: FAILED after {seconds:.1}s"),
    }
    result
}
