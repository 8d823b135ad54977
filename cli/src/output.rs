//! The findings in each output format: text (rustc style, colour only on a
//! terminal), JSON, SARIF 2.1.0 and GitHub workflow commands.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use kata_annotations::{Code, Gate, Severity};
use serde_json::json;
use serde_sarif::sarif;

use crate::args::{Format, LintArgs};
use crate::lint::{FileResult, Finding};
use crate::CliError;

/// The JSON output's format version (bumped on an incompatible change).
pub const JSON_VERSION: u32 = 1;

/// The gate as the formats write it (`kata-value`).
fn gate_id(gate: Gate) -> String {
    serde_json::to_value(gate)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn io_error(source: std::io::Error) -> CliError {
    CliError::Io {
        path: "<stdout>".into(),
        source,
    }
}

/// Writes the findings of `results` to standard output in `args.format`,
/// and a one-line summary to standard error for the text format.
pub fn write(args: &LintArgs, results: &[FileResult]) -> Result<(), CliError> {
    let out = match args.format {
        Format::Text => text(results, args.verbose),
        Format::Json => json(results),
        Format::Sarif => sarif(results)?,
        Format::Github => github(results, args.verbose),
    };
    let mut stdout = anstream::stdout().lock();
    stdout.write_all(out.as_bytes()).map_err(io_error)?;
    stdout.flush().map_err(io_error)?;
    if args.format == Format::Text {
        let mut stderr = anstream::stderr().lock();
        let _ = writeln!(stderr, "{}", summary(results));
    }
    Ok(())
}

fn counts(results: &[FileResult]) -> (usize, usize, usize) {
    let all = results.iter().flat_map(|r| &r.findings);
    let count = |s: Severity| all.clone().filter(|f| f.diagnostic.severity == s).count();
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    )
}

fn summary(results: &[FileResult]) -> String {
    let (errors, warnings, infos) = counts(results);
    let unreadable = results.iter().filter(|r| r.io_error.is_some()).count();
    let mut line = format!(
        "{errors} error(s), {warnings} warning(s), {infos} note(s) in {} file(s)",
        results.len()
    );
    if unreadable > 0 {
        line.push_str(&format!("; {unreadable} could not be read"));
    }
    line
}

fn style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

fn shown(finding: &Finding, verbose: bool) -> bool {
    verbose || finding.diagnostic.severity != Severity::Info
}

/// `path: KA401 error [kata-value] message` and, indented, the key and value.
fn text(results: &[FileResult], verbose: bool) -> String {
    let mut out = String::new();
    for result in results {
        if let Some(error) = &result.io_error {
            let s = style(Severity::Error);
            out.push_str(&format!(
                "{}: {s}error{s:#}: cannot read: {error}\n",
                result.path
            ));
        }
        for finding in result.findings.iter().filter(|f| shown(f, verbose)) {
            let d = &finding.diagnostic;
            let s = style(d.severity);
            let at = finding
                .diagnostic
                .position
                .map(|p| format!(":{}:{}", p.line, p.column))
                .unwrap_or_default();
            out.push_str(&format!(
                "{}{at}: {s}{} {}{s:#} [{}] {}\n",
                result.path,
                d.code.as_str(),
                d.severity.as_str(),
                gate_id(d.gate),
                d.message
            ));
            if let Some(key) = &d.key {
                match &finding.value {
                    Some(value) => out.push_str(&format!("    {key}: {value:?}\n")),
                    None => out.push_str(&format!("    {key}\n")),
                }
            }
        }
    }
    out
}

/// The documented JSON document (`docs/cli-output.schema.json`).
fn json(results: &[FileResult]) -> String {
    let (errors, warnings, infos) = counts(results);
    let files: Vec<_> = results
        .iter()
        .map(|r| {
            let findings: Vec<_> = r
                .findings
                .iter()
                .map(|f| {
                    let d = &f.diagnostic;
                    json!({
                        "code": d.code.as_str(),
                        "severity": d.severity.as_str(),
                        "gate": gate_id(d.gate),
                        "key": d.key,
                        "value": f.value,
                        "line": f.diagnostic.position.map(|p| p.line),
                        "column": f.diagnostic.position.map(|p| p.column),
                        "message": d.message,
                    })
                })
                .collect();
            json!({ "path": r.path, "ioError": r.io_error, "findings": findings })
        })
        .collect();
    let document = json!({
        "version": JSON_VERSION,
        "files": files,
        "summary": { "files": results.len(), "errors": errors, "warnings": warnings, "infos": infos },
    });
    format!("{document:#}\n")
}

/// A path as a SARIF artifact URI: `file://` for an absolute path, a
/// percent-encoded relative reference otherwise (`stdin` for standard input).
fn artifact_uri(path: &str) -> String {
    if path == "<stdin>" {
        return "stdin".into();
    }
    let as_path = std::path::Path::new(path);
    if as_path.is_absolute() {
        // SARIF forbids `..` in file URIs: name the file itself.
        let real = std::fs::canonicalize(as_path).unwrap_or_else(|_| as_path.to_path_buf());
        if let Ok(url) = url::Url::from_file_path(real) {
            return url.to_string();
        }
    }
    // Encode a relative path by joining it to a throwaway base and cutting the base off.
    let base = "file:///kata-annotations-base/";
    url::Url::parse(base)
        .and_then(|b| b.join(&path.replace('\\', "/")))
        .map(|u| u.as_str().trim_start_matches(base).to_owned())
        .unwrap_or_else(|_| path.replace('\\', "/"))
}

fn level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

/// SARIF 2.1.0: one run, a rule per code (with its help text), a result per finding.
fn sarif(results: &[FileResult]) -> Result<String, CliError> {
    let rules: Vec<sarif::ReportingDescriptor> = Code::ALL
        .iter()
        .map(|code| {
            let config = sarif::ReportingConfiguration::builder()
                .level(serde_json::Value::from(
                    level(code.default_severity()).to_string(),
                ))
                .build();
            sarif::ReportingDescriptor::builder()
                .id(code.as_str())
                .name(format!("{code:?}"))
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(code.summary())
                        .build(),
                )
                .full_description(
                    sarif::MultiformatMessageString::builder()
                        .text(code.summary())
                        .build(),
                )
                .help(
                    sarif::MultiformatMessageString::builder()
                        .text(format!(
                            "{} Run `kata-annotations explain {}` for more.",
                            code.summary(),
                            code.as_str()
                        ))
                        .build(),
                )
                .default_configuration(config)
                .build()
        })
        .collect();
    let mut sarif_results = Vec::new();
    for result in results {
        for finding in &result.findings {
            let d = &finding.diagnostic;
            let index = Code::ALL
                .iter()
                .position(|c| *c == d.code)
                .unwrap_or_default();
            let artifact = sarif::ArtifactLocation::builder()
                .uri(artifact_uri(&result.path))
                .build();
            // The key's line, or the whole file for a finding about no key.
            let region = match finding.diagnostic.position {
                Some(p) => sarif::Region::builder()
                    .start_line(p.line as i64)
                    .start_column(p.column as i64)
                    .build(),
                None => sarif::Region::builder()
                    .start_line(1)
                    .end_line(result.line_count as i64)
                    .build(),
            };
            let physical = sarif::PhysicalLocation::builder()
                .artifact_location(artifact)
                .region(region)
                .build();
            let location = sarif::Location::builder()
                .physical_location(physical)
                .build();
            sarif_results.push(
                sarif::Result::builder()
                    .rule_id(d.code.as_str())
                    .rule_index(index as i64)
                    .level(level(d.severity))
                    .message(sarif::Message::builder().text(&d.message).build())
                    .locations(vec![location])
                    .build(),
            );
        }
    }
    let driver = sarif::ToolComponent::builder()
        .name("kata-annotations")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(sarif_results)
        .build();
    let log = sarif::Sarif::builder()
        .version(sarif::Version::V2_1_0.to_string())
        .schema(sarif::SCHEMA_URL)
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log)
        .map(|text| text + "\n")
        .map_err(|e| CliError::Usage(format!("cannot write SARIF: {e}")))
}

/// A workflow command's value, escaped as GitHub reads it.
fn escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// `::error file=…,title=KA401::message` per finding.
fn github(results: &[FileResult], verbose: bool) -> String {
    let mut out = String::new();
    for result in results {
        if let Some(error) = &result.io_error {
            out.push_str(&format!(
                "::error file={}::{}\n",
                escape(&result.path, true),
                escape(&format!("cannot read: {error}"), false)
            ));
        }
        for finding in result.findings.iter().filter(|f| shown(f, verbose)) {
            let d = &finding.diagnostic;
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let at = finding
                .diagnostic
                .position
                .map(|p| format!(",line={},col={}", p.line, p.column))
                .unwrap_or_default();
            out.push_str(&format!(
                "::{command} file={}{at},title={}::{}\n",
                escape(&result.path, true),
                escape(&format!("{} [{}]", d.code.as_str(), gate_id(d.gate)), true),
                escape(&d.message, false)
            ));
        }
    }
    out
}
