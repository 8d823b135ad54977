//! `kata-annotations`: the configurator's verdicts for manifests in Git, CI
//! and the terminal. Every verdict comes from the `kata-annotations` library
//! (the importer and the validator the page uses), so the CLI, the page and
//! the JS package never disagree.

mod args;
mod explain;
mod inputs;
mod lint;
mod output;
mod project;
mod render;
mod target;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Exit code for usage and I/O errors (clap uses 2 for usage errors too).
const USAGE_OR_IO: u8 = 2;

/// What can stop a command before it gives a verdict.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A flag or a settings file is wrong.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs the command line of this process: what the `kata-annotations`
/// binary (and the pre-commit hook's binary at the repository root) does.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Render(args) => render::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("kata-annotations: {error}");
            ExitCode::from(USAGE_OR_IO)
        }
    }
}
