//! `cargo xtask fuzz [--runs N | --minutes M] [TARGET...]`: a long fuzz run
//! on demand, never part of `cargo xtask test`.
//!
//! Each target of `fuzz/` (cargo-fuzz over libFuzzer, so it needs the
//! nightly toolchain and cargo-fuzz; both are installed when missing) runs
//! one after the other for the given executions or minutes, whichever ends
//! first. Its corpus starts from seeds made here from the project's own
//! fixtures and generators, and grows in `target/fuzz/corpus/`. The report
//! gives executions, coverage (libFuzzer's `cov`: instrumented edges reached,
//! of all edges) and every crash, whose input libFuzzer saves under
//! `target/fuzz/crashes/<target>/`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use kata_annotations::presets::PRESETS;
use kata_annotations::render::kata::drop_in;
use kata_annotations::target::{Hypervisor, Runtime};
use kata_annotations::{render, share, Request};

use crate::process::{root, run, step, ToolEnv};

/// The targets of `fuzz/fuzz_targets/`, in the order they run.
pub const TARGETS: &[&str] = &[
    "import",
    "node_config",
    "share",
    "validate_json",
    "validate_pairs",
];

/// cargo-fuzz's version: one that installs with this machine's stable rustc.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// How long each target runs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    /// Executions per target (libFuzzer `-runs`), if bounded by count.
    runs: Option<u64>,
    /// Seconds per target (libFuzzer `-max_total_time`).
    seconds: u64,
    targets: Vec<String>,
}

/// What one target's run reported.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Stats {
    executions: u64,
    /// Edges reached (`cov:`), and features (`ft:`, edges with hit counts).
    coverage: Option<(u64, u64)>,
    /// Instrumented edges in the binary (`inline 8-bit counters`).
    edges: Option<u64>,
    corpus: Option<u64>,
    /// The saved input of a crash (panic, timeout, out-of-memory).
    crash: Option<String>,
    /// The first line that says why it crashed.
    reason: Option<String>,
}

const USAGE: &str = "usage: cargo xtask fuzz [--runs N | --minutes M] [TARGET...]\n\
    N executions or M minutes per target (default 5 minutes); targets: import, node_config, share, validate_json, validate_pairs (default all)";

/// Runs the fuzz targets; fails when any crashed.
pub fn run_all(args: &[String]) -> Result<(), String> {
    let options = parse_args(args)?;
    let env = ToolEnv::new();
    tools(&env)?;
    let seeds = step("seed corpora from fixtures and generators", || {
        write_seeds()
    })?;
    // Build all targets once, so the per-target times below are fuzzing only.
    step("build the fuzz targets (nightly, libFuzzer)", || {
        run(
            "cargo fuzz build",
            env.command("cargo")
                .args(["+nightly", "fuzz", "build"])
                .args(BUILD_FLAGS),
        )
    })?;

    let mut results = Vec::new();
    for target in &options.targets {
        let stats = step(&format!("fuzz {target}"), || {
            fuzz_one(&env, target, &options, &seeds)
        })?;
        results.push((target.clone(), stats));
    }

    println!();
    println!(
        "{:<16} {:>12} {:>20} {:>8}  crash",
        "target", "executions", "coverage (edges)", "corpus"
    );
    let mut total = 0;
    let mut crashes = 0;
    for (target, stats) in &results {
        total += stats.executions;
        let coverage = match (stats.coverage, stats.edges) {
            (Some((cov, _)), Some(edges)) if edges > 0 => {
                format!(
                    "{cov} of {edges} ({:.1}%)",
                    cov as f64 * 100.0 / edges as f64
                )
            }
            (Some((cov, _)), _) => cov.to_string(),
            _ => "-".into(),
        };
        let crash = match (&stats.crash, &stats.reason) {
            (Some(path), Some(reason)) => format!("{path} ({reason})"),
            (Some(path), None) => path.clone(),
            (None, _) => "none".into(),
        };
        if stats.crash.is_some() {
            crashes += 1;
        }
        println!(
            "{target:<16} {:>12} {coverage:>20} {:>8}  {crash}",
            stats.executions,
            stats.corpus.map_or("-".into(), |c| c.to_string())
        );
    }
    println!(
        "fuzz: {total} executions over {} target(s), {crashes} crashed",
        results.len()
    );
    if crashes == 0 {
        Ok(())
    } else {
        Err(format!(
            "{crashes} target(s) crashed; reproduce with `cargo +nightly fuzz run {} TARGET FILE`",
            BUILD_FLAGS.join(" ")
        ))
    }
}

/// Release build with debug assertions (integer overflow panics, as in a
/// debug build); no sanitizer: core forbids `unsafe`, so AddressSanitizer
/// would only slow every execution down.
/// The build goes to `target/fuzz/build`, ignored like every build.
const BUILD_FLAGS: &[&str] = &[
    "--release",
    "--debug-assertions",
    "--sanitizer",
    "none",
    "--target-dir",
    "target/fuzz/build",
];

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        runs: None,
        seconds: 5 * 60,
        targets: Vec::new(),
    };
    let mut minutes_given = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => {
                let n = iter.next().and_then(|n| n.replace('_', "").parse().ok());
                options.runs = Some(n.ok_or(USAGE)?);
            }
            "--minutes" => {
                let m: f64 = iter.next().and_then(|m| m.parse().ok()).ok_or(USAGE)?;
                if m.is_nan() || m <= 0.0 {
                    return Err(USAGE.into());
                }
                options.seconds = (m * 60.0).ceil() as u64;
                minutes_given = true;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            target if TARGETS.contains(&target) => options.targets.push(target.to_owned()),
            other => return Err(format!("unknown target or option {other:?}\n{USAGE}")),
        }
    }
    if options.runs.is_some() && !minutes_given {
        // A count alone: no time limit worth speaking of (a day).
        options.seconds = 24 * 60 * 60;
    }
    if options.targets.is_empty() {
        options.targets = TARGETS.iter().map(|t| (*t).to_owned()).collect();
    }
    Ok(options)
}

/// Installs the nightly toolchain and cargo-fuzz when missing.
fn tools(env: &ToolEnv) -> Result<(), String> {
    step("nightly toolchain (cargo-fuzz needs it)", || {
        let listed = env
            .command("rustup")
            .args(["toolchain", "list"])
            .output()
            .map_err(|e| format!("rustup: {e}"))?;
        if String::from_utf8_lossy(&listed.stdout)
            .lines()
            .any(|l| l.starts_with("nightly"))
        {
            println!("    present");
            return Ok(());
        }
        println!("    installing with rustup (minimal profile)");
        run(
            "rustup toolchain install nightly",
            env.command("rustup")
                .args(["toolchain", "install", "nightly", "--profile", "minimal"]),
        )
    })?;
    step(&format!("cargo-fuzz {CARGO_FUZZ_VERSION}"), || {
        let version = env
            .command("cargo")
            .args(["fuzz", "--version"])
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        if let Some(version) = version {
            println!("    present ({version})");
            return Ok(());
        }
        println!("    installing with cargo install (a few minutes, once)");
        run(
            "cargo install cargo-fuzz",
            env.command("cargo").args([
                "install",
                "cargo-fuzz",
                "--version",
                CARGO_FUZZ_VERSION,
                "--locked",
            ]),
        )
    })
}

/// Seed folders per target: inputs that already reach deep (valid
/// manifests, node configs, share links, requests), so mutation starts from
/// the interesting paths rather than from nothing.
fn write_seeds() -> Result<PathBuf, String> {
    let dir = root().join("target/fuzz/seeds");
    let mut requests = vec![Request::default()];
    for preset in PRESETS {
        for runtime in Runtime::ALL {
            let mut request = Request {
                runtime,
                ..Request::default()
            };
            request.annotations.extend(preset.full_annotations());
            requests.push(request);
        }
    }
    let mut count = 0;
    let mut put = |target: &str, name: String, bytes: &[u8]| -> Result<(), String> {
        let folder = dir.join(target);
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let path = folder.join(name);
        count += 1;
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    for (i, request) in requests.iter().enumerate() {
        if let Ok(rendered) = render(request) {
            put(
                "import",
                format!("rendered-{i}.yaml"),
                rendered.manifest.as_bytes(),
            )?;
        }
        for (h, hypervisor) in Hypervisor::ALL.iter().enumerate() {
            let on = Request {
                hypervisor: *hypervisor,
                ..request.clone()
            };
            if let Ok(file) = drop_in(&on) {
                // The target reads its first byte as the hypervisor index.
                let mut bytes = vec![u8::try_from(h).unwrap_or(0)];
                bytes.extend_from_slice(file.toml.as_bytes());
                put("node_config", format!("drop-in-{i}-{h}.toml"), &bytes)?;
            }
        }
        if let Ok(link) = share::encode(request) {
            put("share", format!("link-{i}.txt"), link.as_bytes())?;
        }
        if let Ok(json) = serde_json::to_vec(request) {
            put("validate_json", format!("request-{i}.json"), &json)?;
        }
    }
    put("validate_pairs", "empty".into(), b"")?;
    println!("    {count} seeds in {}", dir.display());
    Ok(dir)
}

/// Runs one target, streaming libFuzzer's periodic lines and keeping the
/// full log in `target/fuzz/logs/<target>.log`.
fn fuzz_one(env: &ToolEnv, target: &str, options: &Options, seeds: &Path) -> Result<Stats, String> {
    let base = root().join("target/fuzz");
    let corpus = base.join("corpus").join(target);
    let crashes = base.join("crashes").join(target);
    let logs = base.join("logs");
    for dir in [&corpus, &crashes, &logs] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut command = env.command("cargo");
    command
        .args(["+nightly", "fuzz", "run"])
        .args(BUILD_FLAGS)
        .arg(target)
        .arg(&corpus)
        .arg(seeds.join(target));
    if target == "import" {
        command.arg(root().join("tests/fixtures/manifests"));
    }
    command.arg("--");
    if let Some(runs) = options.runs {
        command.arg(format!("-runs={runs}"));
    }
    command.args([
        format!("-max_total_time={}", options.seconds),
        format!("-artifact_prefix={}/", crashes.display()),
        // A single input taking this long is a hang, reported as a crash.
        "-timeout=20".into(),
        "-print_final_stats=1".into(),
        "-print_pcs=0".into(),
    ]);
    let log_path = logs.join(format!("{target}.log"));
    let mut log = String::new();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if shown(&line) {
                println!("    {line}");
            }
            log.push_str(&line);
            log.push('\n');
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    std::fs::write(&log_path, &log).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let stats = parse_log(&log);
    if !status.success() && stats.crash.is_none() {
        return Err(format!(
            "cargo fuzz run {target} failed ({status}) without a crash; see {}",
            log_path.display()
        ));
    }
    Ok(stats)
}

/// The lines worth echoing: start, power-of-two pulses, the end, and crashes.
fn shown(line: &str) -> bool {
    [
        "INITED",
        "pulse",
        "DONE",
        "Done ",
        "panicked",
        "ERROR",
        "Test unit written",
        "stat::number_of_executed_units",
    ]
    .iter()
    .any(|needle| line.contains(needle))
}

/// Reads libFuzzer's output: status lines (`#N  pulse  cov: C ft: F corp: K/...`),
/// the module line (`Loaded 1 modules (E inline 8-bit counters)`), final stats
/// and the crash artifact line.
fn parse_log(log: &str) -> Stats {
    let mut stats = Stats::default();
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix('#') {
            let mut words = rest.split_whitespace();
            if let Some(n) = words.next().and_then(|n| n.parse::<u64>().ok()) {
                stats.executions = stats.executions.max(n);
            }
            let cov = number_after(line, "cov:");
            let ft = number_after(line, "ft:");
            if let (Some(cov), Some(ft)) = (cov, ft) {
                stats.coverage = Some((cov, ft));
            }
            if let Some(corp) = number_after(line, "corp:") {
                stats.corpus = Some(corp);
            }
        } else if line.contains("inline 8-bit counters") {
            // "INFO: Loaded 1 modules   (12345 inline 8-bit counters): ..."
            stats.edges = line
                .split('(')
                .nth(1)
                .and_then(|s| s.split_whitespace().next())
                .and_then(|n| n.parse().ok());
        } else if let Some(n) = line
            .strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            stats.executions = stats.executions.max(n);
        } else if let Some(n) = line
            .strip_prefix("Done ")
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
        {
            stats.executions = stats.executions.max(n);
        } else if let Some((_, path)) = line.split_once("Test unit written to ") {
            stats.crash = Some(path.trim().to_owned());
        } else if stats.reason.is_none()
            && (line.contains("panicked at") || line.contains("ERROR: libFuzzer:"))
        {
            stats.reason = Some(line.trim().to_owned());
        }
    }
    stats
}

/// The number right after `label` in `line` (`corp: 12/3Kb` gives 12).
fn number_after(line: &str, label: &str) -> Option<u64> {
    let rest = line.split_once(label)?.1.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = "\
INFO: Running with entropic power schedule (0xFF, 100).
INFO: Seed: 1234
INFO: Loaded 1 modules   (48211 inline 8-bit counters): 48211 [0x1, 0x2),
INFO:       51 files found in target/fuzz/corpus/import
#52\tINITED cov: 3120 ft: 9001 corp: 40/21Kb exec/s: 0 rss: 48Mb
#1048576\tpulse  cov: 4100 ft: 15000 corp: 300/90Kb lim: 4096 exec/s: 20000 rss: 90Mb
#2000000\tDONE   cov: 4200 ft: 15500 corp: 310/95Kb lim: 4096 exec/s: 20000 rss: 91Mb
Done 2000000 runs in 100 second(s)
stat::number_of_executed_units: 2000000
stat::average_exec_per_sec:     20000
";

    #[test]
    fn reads_a_clean_run() {
        let stats = parse_log(CLEAN);
        assert_eq!(stats.executions, 2_000_000);
        assert_eq!(stats.coverage, Some((4200, 15500)));
        assert_eq!(stats.edges, Some(48211));
        assert_eq!(stats.corpus, Some(310));
        assert_eq!(stats.crash, None);
    }

    #[test]
    fn reads_a_crash_and_its_input() {
        let log = "\
INFO: Loaded 1 modules   (100 inline 8-bit counters): 100 [0x1, 0x2),
#1024\tpulse  cov: 50 ft: 60 corp: 5/1Kb exec/s: 500 rss: 40Mb

thread '<unnamed>' panicked at core/src/share.rs:40:5:
index out of bounds
==77== ERROR: libFuzzer: deadly signal
MS: 1 ChangeBit-; base unit: 0
artifact_prefix='target/fuzz/crashes/share/'; Test unit written to target/fuzz/crashes/share/crash-da39a3ee
stat::number_of_executed_units: 1337
";
        let stats = parse_log(log);
        assert_eq!(stats.executions, 1337);
        assert_eq!(
            stats.crash.as_deref(),
            Some("target/fuzz/crashes/share/crash-da39a3ee")
        );
        assert_eq!(
            stats.reason.as_deref(),
            Some("thread '<unnamed>' panicked at core/src/share.rs:40:5:")
        );
    }

    #[test]
    fn arguments_pick_targets_and_limits() {
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let all = args(&[]).expect("defaults");
        assert_eq!(all.targets.len(), TARGETS.len());
        assert_eq!((all.runs, all.seconds), (None, 300));
        let some = args(&["--runs", "2_000_000", "share"]).expect("runs");
        assert_eq!(some.runs, Some(2_000_000));
        assert_eq!(some.targets, vec!["share".to_owned()]);
        assert!(
            some.seconds >= 3600,
            "a count alone is not cut short by time"
        );
        let both = args(&["--minutes", "1.5", "--runs", "10"]).expect("both");
        assert_eq!((both.runs, both.seconds), (Some(10), 90));
        assert!(args(&["--runs"]).is_err());
        assert!(args(&["--minutes", "0"]).is_err());
        assert!(args(&["no_such_target"]).is_err());
    }
}
