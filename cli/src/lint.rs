//! `lint`: each input through the importer (which validates every
//! workload), then the findings in the chosen format and the exit status.

use kata_annotations::import::import_bytes;
use kata_annotations::{Diagnostic, Severity};

use crate::args::{FailOn, LintArgs};
use crate::{inputs, output, project, target, CliError};

/// Findings for one input.
pub struct FileResult {
    /// The path as given (`<stdin>` for standard input).
    pub path: String,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
    /// Why the file could not be read at all (I/O).
    pub io_error: Option<String>,
    /// How many lines the file has (a whole-file finding spans them).
    pub line_count: usize,
}

/// One finding, with the value of the key it is about when the file has one.
pub struct Finding {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// The annotation's value in the file.
    pub value: Option<String>,
}

/// Whether a finding of `severity` fails the run under `fail_on`.
pub fn fails(severity: Severity, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::Error => severity == Severity::Error,
        FailOn::Warning => severity != Severity::Info,
        FailOn::Info => true,
    }
}

/// Checks one input's bytes.
fn check(
    path: String,
    bytes: Result<Vec<u8>, String>,
    base: &kata_annotations::Request,
) -> FileResult {
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            return FileResult {
                path,
                findings: Vec::new(),
                io_error: Some(error),
                line_count: 1,
            }
        }
    };
    let findings = match import_bytes(&bytes, base) {
        Ok(imported) => imported
            .report
            .diagnostics
            .into_iter()
            .map(|diagnostic| {
                // The workload the finding is about: the one whose key sits
                // where the importer placed the finding (several workloads
                // may set the same key to different values).
                let value = diagnostic.key.as_ref().and_then(|key| {
                    let mut owners = imported.workloads.iter().filter(|w| {
                        diagnostic.position.is_none()
                            || w.positions.get(key) == diagnostic.position.as_ref()
                    });
                    owners
                        .find_map(|w| w.annotations.get(key).or_else(|| w.misplaced.get(key)))
                        .cloned()
                });
                Finding { diagnostic, value }
            })
            .collect(),
        // Not a manifest (not YAML, hostile, too large): a finding of its own.
        Err(error) => vec![Finding {
            diagnostic: Diagnostic::new(
                kata_annotations::Code::Unreadable,
                None,
                error.to_string(),
            ),
            value: None,
        }],
    };
    let newlines = bytes.iter().filter(|b| **b == b'\n').count();
    let line_count = newlines + usize::from(!bytes.ends_with(b"\n"));
    FileResult {
        path,
        findings,
        io_error: None,
        line_count: line_count.max(1),
    }
}

/// Runs `lint`; the exit status.
pub fn run(args: &LintArgs) -> Result<u8, CliError> {
    let cwd = std::env::current_dir().map_err(|source| CliError::Io {
        path: ".".into(),
        source,
    })?;
    let project = project::find(&cwd)?.map(|(_, p)| p).unwrap_or_default();
    // Flags win over the project file.
    let mut target_args = args.target.clone();
    target_args.shim = target_args.shim.or(project.shim);
    target_args.kata_version = target_args.kata_version.or(project.kata_version);
    target_args.node_config = target_args.node_config.or(project.node_config);
    let base = target::base_request(&target_args)?;
    let mut exclude = args.exclude.clone();
    exclude.extend(project.exclude);
    let inputs = inputs::collect(&args.paths, &exclude)?;
    // Files are independent: check them on a pool, keeping the input order.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| CliError::Usage(format!("--jobs: {e}")))?;
    let mut results: Vec<FileResult> = pool.install(|| {
        use rayon::prelude::*;
        inputs
            .into_par_iter()
            .map(|input| check(input.path, input.bytes, &base))
            .collect()
    });
    for result in &mut results {
        result.findings.retain(|f| {
            !project
                .ignore
                .iter()
                .any(|code| code == f.diagnostic.code.as_str())
        });
    }
    output::write(args, &results)?;
    let io_failed = results.iter().any(|r| r.io_error.is_some());
    let failed = results
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| fails(f.diagnostic.severity, args.fail_on));
    Ok(if io_failed {
        crate::USAGE_OR_IO
    } else {
        u8::from(failed)
    })
}
