//! `cargo xtask test`: every check the project has, in one command.
//!
//! Order: format, lints (native and wasm32), native tests, wasm tests in
//! headless Chromium, the release bundle, end-to-end tests in headless
//! Chromium. The system packages the tests need are checked (and installed
//! as root on Debian) before anything is built. Every step runs even when an
//! earlier one failed, so one run shows everything; the last line is the
//! summary CI reads, and it counts at least one failure for every failed step.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::process::{root, run, step, ToolEnv};
use crate::{budget, dist, pkg, setup, snapshots};

#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }
}

/// How one step ended: what its output counted, and whether it succeeded.
#[derive(Debug, Clone)]
struct Outcome {
    name: String,
    /// The counts its `test result:` lines gave (zero when it printed none).
    counts: Counts,
    /// `None` when the step succeeded; otherwise why it failed.
    error: Option<String>,
}

impl Outcome {
    /// A check that is not a test runner (fmt, clippy, a set-up step): one
    /// passed check, or one failure.
    fn check(name: &str, result: Result<(), String>) -> Self {
        match result {
            Ok(()) => Self {
                name: name.to_owned(),
                counts: Counts {
                    passed: 1,
                    ..Counts::default()
                },
                error: None,
            },
            Err(message) => Self::failed(name, Counts::default(), message),
        }
    }

    fn failed(name: &str, counts: Counts, message: String) -> Self {
        Self {
            name: name.to_owned(),
            counts,
            error: Some(message),
        }
    }

    /// The failures this step adds to the summary: what it counted, and at
    /// least one when it failed at all (a build error, a crash, a non-zero
    /// exit with nothing parsed), so a failed step never adds zero.
    fn failures(&self) -> u64 {
        if self.error.is_none() && self.counts.failed == 0 {
            0
        } else {
            self.counts.failed.max(1)
        }
    }
}

/// The summary over every step: passes as counted, failures as
/// [`Outcome::failures`] gives them.
fn tally(outcomes: &[Outcome]) -> Counts {
    let mut total = Counts::default();
    for outcome in outcomes {
        total.add(Counts {
            failed: outcome.failures(),
            ..outcome.counts
        });
    }
    total
}

/// Runs every check; `args` may hold `--no-browser` to run only the native part.
pub fn run_all(args: &[String]) -> Result<(), String> {
    let skip_browser = args.iter().any(|a| a == "--no-browser");
    let mut outcomes = Vec::new();

    // System packages first, before anything is built: a missing one stops
    // the run here with the line that installs it.
    let env = ToolEnv::new();
    let mut needs = vec![setup::NPM, setup::CONTAINERD, setup::PYTHON];
    if !skip_browser {
        needs.extend([setup::CHROMIUM, setup::CHROMEDRIVER]);
    }
    let prepared = setup::system(&env, &needs).and_then(|()| setup::tools());
    let env = match prepared {
        Ok(env) => env,
        Err(message) => {
            outcomes.push(Outcome::failed("set-up", Counts::default(), message));
            return finish(&outcomes);
        }
    };
    let chromedriver = which(&env, "chromedriver");

    outcomes.push(Outcome::check(
        "cargo fmt --check",
        step("cargo fmt --check", || {
            run(
                "cargo fmt",
                env.command("cargo").args(["fmt", "--all", "--", "--check"]),
            )
        }),
    ));
    outcomes.push(Outcome::check(
        "clippy (native)",
        step("clippy (native)", || {
            run(
                "clippy native",
                env.command("cargo").args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]),
            )
        }),
    ));
    outcomes.push(Outcome::check(
        "clippy (wasm32-unknown-unknown)",
        step("clippy (wasm32-unknown-unknown)", || {
            run(
                "clippy wasm32",
                env.command("cargo").args([
                    "clippy",
                    "--target",
                    "wasm32-unknown-unknown",
                    "-p",
                    "kata-annotations",
                    "-p",
                    "kata-configurator",
                    "-p",
                    "kata-hello",
                    "--features",
                    "kata-annotations/wasm",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]),
            )
        }),
    ));

    // insta lists every snapshot file an assertion touched here; files it
    // does not list are orphans (see `snapshots`).
    let references = root().join("target/insta-references.txt");
    let _ = std::fs::remove_file(&references);
    let native = test_step(
        "native tests",
        env.command("cargo")
            .args([
                "test",
                "--workspace",
                "--exclude",
                "kata-e2e",
                "--no-fail-fast",
            ])
            .env("INSTA_SNAPSHOT_REFERENCES_FILE", &references),
    );
    let native_ok = native.error.is_none();
    outcomes.push(native);
    outcomes.push(Outcome::check(
        "unreferenced snapshots",
        step("unreferenced snapshots", || {
            snapshots::check(&root(), &references, native_ok)
        }),
    ));

    if !skip_browser {
        outcomes.push(test_step(
            "wasm tests in headless Chromium (wasm-bindgen-test)",
            env.command("cargo")
                .args([
                    "test",
                    "-p",
                    "kata-annotations",
                    "--features",
                    "wasm",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--tests",
                    "--no-fail-fast",
                ])
                .env("CHROMEDRIVER", &chromedriver),
        ));
        let package = pkg::build(&env);
        let package_built = package.is_ok();
        match package {
            Ok(()) => outcomes.push(test_step(
                "npm package in Node (node --test)",
                env.command("node").args(["--test", "tests/node/"]),
            )),
            Err(message) => outcomes.push(Outcome::failed(
                "npm package build",
                Counts::default(),
                message,
            )),
        }
        let bundle = dist::build_release(&env);
        let bundle_built = bundle.is_ok();
        match bundle {
            Ok(()) => outcomes.push(test_step(
                "end-to-end tests in headless Chromium",
                env.command("cargo")
                    // Two browsers at a time: more only fight over the two cores.
                    .args([
                        "test",
                        "-p",
                        "kata-e2e",
                        "--no-fail-fast",
                        "--",
                        "--test-threads=2",
                    ])
                    .env("CHROMEDRIVER", &chromedriver),
            )),
            Err(message) => outcomes.push(Outcome::failed(
                "release bundle",
                Counts::default(),
                message,
            )),
        }
        // A failed build is already counted; measure only what was built.
        if package_built && bundle_built {
            outcomes.push(Outcome::check(
                "size budget",
                step("size budget (gzip -9)", || budget::check(&root())),
            ));
        }
    }
    finish(&outcomes)
}

/// Runs a test-runner step under [`step`]'s banner and timing.
fn test_step(name: &str, command: &mut Command) -> Outcome {
    let mut outcome = None;
    let _ = step(name, || {
        let ran = counted(name, command);
        let result = ran.error.clone().map_or(Ok(()), Err);
        outcome = Some(ran);
        result
    });
    outcome.unwrap_or_else(|| Outcome::failed(name, Counts::default(), "did not run".into()))
}

/// Prints each step's result and the summary line CI reads; fails when
/// anything failed.
fn finish(outcomes: &[Outcome]) -> Result<(), String> {
    let total = tally(outcomes);
    println!();
    for outcome in outcomes {
        let failures = outcome.failures();
        match &outcome.error {
            Some(message) => println!(
                "FAILED {}: {} passed, {failures} failed: {message}",
                outcome.name, outcome.counts.passed
            ),
            None if failures > 0 => println!(
                "FAILED {}: {} passed, {failures} failed",
                outcome.name, outcome.counts.passed
            ),
            None => println!(
                "ok     {}: {} passed, {} ignored",
                outcome.name, outcome.counts.passed, outcome.counts.ignored
            ),
        }
    }
    println!("summary: {} passed, {} failed", total.passed, total.failed);
    if total.failed == 0 {
        Ok(())
    } else {
        let steps = outcomes.iter().filter(|o| o.failures() > 0).count();
        Err(format!("{steps} step(s) failed"))
    }
}

/// Runs a `cargo test`-style command, echoing stdout and adding up its
/// `test result:` lines; the outcome keeps the counts even when it failed.
fn counted(name: &str, command: &mut Command) -> Outcome {
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::failed(name, Counts::default(), format!("cannot start: {e}")),
    };
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(found) = parse_result_line(&line) {
                counts.add(found);
            }
        }
    }
    match child.wait() {
        Ok(status) if status.success() => Outcome {
            name: name.to_owned(),
            counts,
            error: None,
        },
        Ok(status) => Outcome::failed(name, counts, format!("exited with {status}")),
        Err(e) => Outcome::failed(name, counts, e.to_string()),
    }
}

/// Reads `test result: ok. 3 passed; 0 failed; 1 ignored; ...` (cargo,
/// wasm-bindgen-test) and `# pass 3` / `# fail 0` (node's test runner).
fn parse_result_line(line: &str) -> Option<Counts> {
    let line = line.trim();
    if let Some(n) = line.strip_prefix("# pass ").and_then(|n| n.parse().ok()) {
        return Some(Counts {
            passed: n,
            ..Counts::default()
        });
    }
    if let Some(n) = line.strip_prefix("# fail ").and_then(|n| n.parse().ok()) {
        return Some(Counts {
            failed: n,
            ..Counts::default()
        });
    }
    let rest = line.strip_prefix("test result: ")?;
    let mut counts = Counts::default();
    for part in rest.split([';', '.']) {
        let mut words = part.split_whitespace();
        let (Some(number), Some(label)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match label {
            "passed" => counts.passed = number,
            "failed" => counts.failed = number,
            "ignored" => counts.ignored = number,
            _ => {}
        }
    }
    Some(counts)
}

fn which(env: &ToolEnv, program: &str) -> String {
    env.command("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| program.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{parse_result_line, tally, Counts, Outcome};

    fn counts(passed: u64, failed: u64) -> Counts {
        Counts {
            passed,
            failed,
            ignored: 0,
        }
    }

    fn step(counted: Counts, error: Option<&str>) -> Outcome {
        Outcome {
            name: "step".into(),
            counts: counted,
            error: error.map(str::to_owned),
        }
    }

    #[test]
    fn passing_steps_add_their_counts() {
        let total = tally(&[step(counts(30, 0), None), step(counts(70, 0), None)]);
        assert_eq!(total, counts(100, 0));
    }

    #[test]
    fn a_failed_step_without_counts_is_one_failure() {
        // `cargo test` that stopped at a panicking binary, or fmt/clippy failing.
        let total = tally(&[
            step(counts(30, 0), None),
            step(counts(0, 0), Some("exited with 101")),
        ]);
        assert_eq!(total, counts(30, 1));
    }

    #[test]
    fn a_failed_step_keeps_its_parsed_failures() {
        let total = tally(&[step(counts(5, 3), Some("exited with 101"))]);
        assert_eq!(total, counts(5, 3));
    }

    #[test]
    fn counted_failures_fail_even_with_a_clean_exit() {
        let total = tally(&[step(counts(5, 2), None)]);
        assert_eq!(total, counts(5, 2));
    }

    #[test]
    fn checks_count_one_pass_or_one_failure() {
        let total = tally(&[
            Outcome::check("fmt", Ok(())),
            Outcome::check("clippy", Err("warnings".into())),
        ]);
        assert_eq!(total, counts(1, 1));
    }

    #[test]
    fn reads_cargo_and_wasm_bindgen_summaries() {
        let c = parse_result_line(
            "test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        )
        .expect("a result line");
        assert_eq!((c.passed, c.failed, c.ignored), (12, 0, 2));
        let c = parse_result_line("test result: FAILED. 1 passed; 3 failed; 0 ignored")
            .expect("a result line");
        assert_eq!((c.passed, c.failed), (1, 3));
        assert!(parse_result_line("running 3 tests").is_none());
        let c = parse_result_line("# pass 5").expect("node summary");
        assert_eq!((c.passed, c.failed), (5, 0));
        let c = parse_result_line("# fail 2").expect("node summary");
        assert_eq!(c.failed, 2);
    }
}
