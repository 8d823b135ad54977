//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint Kata Containers annotations in Kubernetes manifests with the
/// verdicts the Kata runtimes give, or explain a finding's code, or render
/// the files for a request.
#[derive(Debug, Parser)]
#[command(
    name = "kata-annotations",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  \
        kata-annotations lint k8s/                     check every *.yaml and *.yml below k8s/\n  \
        helm template chart | kata-annotations lint -  check rendered output from standard input\n  \
        kata-annotations lint --shim qemu-tdx --kata-version 3.28 k8s/\n  \
        kata-annotations explain KA401                 what a finding's code means\n\n\
        Settings: flags, else the nearest .kata-annotations.toml at or above the working directory\n\
        (shim, kata_version, node_config, exclude, ignore = [\"KA501\"])."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the io.katacontainers.* annotations of manifests (files,
    /// directories, or - for standard input).
    ///
    /// Exit status: 0 when nothing reaches --fail-on, 1 when a finding does,
    /// 2 on a usage or I/O error. A file that is not a manifest gets its own
    /// error and the others are still checked.
    ///
    /// The target (--shim, --kata-version, --node-config), --exclude and codes
    /// to ignore may also come from the nearest .kata-annotations.toml at or
    /// above the working directory; flags win.
    #[command(after_help = "Examples:\n  \
        kata-annotations lint k8s/ --format sarif > kata.sarif\n  \
        kata-annotations lint --fail-on warning --exclude 'charts/**' .\n  \
        kustomize build overlays/prod | kata-annotations lint - --format github")]
    Lint(LintArgs),
    /// Say what a finding's code means and how to fix it (e.g. KA401).
    Explain(ExplainArgs),
    /// Write one generated file (manifest, containerd snippet, Kata drop-in,
    /// ...) for a request given as JSON or YAML.
    Render(RenderArgs),
}

/// The node a verdict is for: as the configurator's target bar.
#[derive(Debug, Args, Clone, Default)]
pub struct TargetArgs {
    /// The kata-deploy shim on the node (the RuntimeClass without `kata-`):
    /// qemu-runtime-rs, qemu, clh, qemu-tdx, ... It decides the runtime and
    /// the hypervisor. Default: the release's default shim.
    #[arg(long, value_name = "NAME")]
    pub shim: Option<String>,
    /// The Kata release on the node (3.2 to 4.1). Default: the newest.
    #[arg(long = "kata-version", value_name = "X.Y")]
    pub kata_version: Option<String>,
    /// The node's configuration.toml or config.d drop-in: its
    /// enable_annotations and valid_* lists replace the shim's shipped ones.
    #[arg(long = "node-config", value_name = "FILE")]
    pub node_config: Option<PathBuf>,
}

/// How findings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per finding, `path:line:col: KA401 error [gate] message`.
    Text,
    /// One JSON document (see docs/cli-output.schema.json).
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::`).
    Github,
}

/// The least severe finding that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only: the pod would not start or the object is rejected.
    Error,
    /// Errors and warnings: settings ignored, changed or risky.
    Warning,
    /// Any finding.
    Info,
    /// Never fail on findings (I/O and usage errors still exit 2).
    Never,
}

/// `kata-annotations lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files and directories to check (directories: every *.yaml and *.yml
    /// below, skipping what .gitignore excludes); `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Skip files and directories matching this glob (repeatable), e.g.
    /// `--exclude 'charts/**'`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The least severe finding that makes the exit status 1.
    #[arg(long = "fail-on", value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Also print info findings (text and github formats).
    #[arg(long)]
    pub verbose: bool,
    /// Files checked at once (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// The node the verdicts are for.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `kata-annotations explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A finding's code, e.g. KA401 (case does not matter).
    pub code: String,
}

/// `kata-annotations render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The request (JSON or YAML, the configurator's request shape); `-`
    /// reads standard input.
    #[arg(value_name = "REQUEST", default_value = "-")]
    pub request: PathBuf,
    /// Which file to write (the library's list of outputs).
    #[arg(
        long,
        value_name = "ID",
        default_value = "manifest",
        value_parser = clap::builder::PossibleValuesParser::new(output_ids())
    )]
    pub output: String,
}

/// The ids of the library's outputs, each with its title as help.
fn output_ids() -> Vec<clap::builder::PossibleValue> {
    kata_annotations::render::OUTPUTS
        .iter()
        .map(|o| clap::builder::PossibleValue::new(o.id).help(o.title))
        .collect()
}
