//! `cargo xtask test`: every check the project has, in one command.
//!
//! Order: format, lints (native and wasm32), native tests, wasm tests in
//! headless Chromium, the release bundle, end-to-end tests in headless
//! Chromium. Every step runs even when an earlier test step failed, so one
//! run shows everything; the last line is the summary CI reads.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::process::{run, step, ToolEnv};
use crate::{dist, pkg, setup};

#[derive(Default, Debug, Clone, Copy)]
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

/// Runs every check; `args` may hold `--no-e2e` to skip the browser suites.
pub fn run_all(args: &[String]) -> Result<(), String> {
    let skip_browser = args.iter().any(|a| a == "--no-browser");
    let env = setup::tools()?;
    if !skip_browser {
        setup::browser(&env)?;
    }
    let chromedriver = which(&env, "chromedriver");

    step("cargo fmt --check", || {
        run(
            "cargo fmt",
            env.command("cargo").args(["fmt", "--all", "--", "--check"]),
        )
    })?;
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
    })?;
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
                "--features",
                "kata-annotations/wasm",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )
    })?;

    let mut failures = Vec::new();
    let mut record = |name: &str, result: Result<Counts, String>| -> Counts {
        match result {
            Ok(counts) => counts,
            Err(message) => {
                failures.push(format!("{name}: {message}"));
                Counts::default()
            }
        }
    };

    let native = record(
        "native tests",
        step("native tests", || {
            counted(
                env.command("cargo")
                    .args(["test", "--workspace", "--exclude", "kata-e2e"]),
            )
        }),
    );

    let (mut wasm, mut e2e) = (Counts::default(), Counts::default());
    if !skip_browser {
        wasm = record(
            "wasm tests in Chromium",
            step(
                "wasm tests in headless Chromium (wasm-bindgen-test)",
                || {
                    counted(
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
                            ])
                            .env("CHROMEDRIVER", &chromedriver),
                    )
                },
            ),
        );
        let node = record(
            "npm package in Node",
            pkg::build(&env).and_then(|()| {
                step("npm package in Node (node --test)", || {
                    counted(env.command("node").args(["--test", "tests/node/"]))
                })
            }),
        );
        wasm.add(node);
        let built = dist::build_release(&env);
        e2e = record(
            "end-to-end tests",
            built.and_then(|()| {
                step("end-to-end tests in headless Chromium", || {
                    counted(
                        env.command("cargo")
                            // Two browsers at a time: more only fight over the two cores.
                            .args(["test", "-p", "kata-e2e", "--", "--test-threads=2"])
                            .env("CHROMEDRIVER", &chromedriver),
                    )
                })
            }),
        );
    }

    let mut total = Counts::default();
    for counts in [native, wasm, e2e] {
        total.add(counts);
    }
    println!();
    for failure in &failures {
        println!("FAILED {failure}");
    }
    println!(
        "native {} passed; wasm-in-browser and Node {} passed; end-to-end {} passed; {} ignored",
        native.passed, wasm.passed, e2e.passed, total.ignored
    );
    println!("summary: {} passed, {} failed", total.passed, total.failed);
    if failures.is_empty() && total.failed == 0 {
        Ok(())
    } else {
        Err(format!("{} step(s) failed", failures.len().max(1)))
    }
}

/// Runs a `cargo test`-style command, echoing stdout and adding up its
/// `test result:` lines.
fn counted(command: &mut Command) -> Result<Counts, String> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(found) = parse_result_line(&line) {
                counts.add(found);
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(counts)
    } else {
        Err(format!(
            "{} passed, {} failed ({status})",
            counts.passed, counts.failed
        ))
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
    use super::parse_result_line;

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
