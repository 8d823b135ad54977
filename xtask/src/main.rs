//! `cargo xtask <task>`: everything a developer or CI runs, in one place.
//!
//! - `setup`: install what is missing (wasm32 target, wasm-bindgen CLI of the
//!   locked version, Trunk, wasm-opt), printing each step and its time.
//! - `serve`: set up, then `trunk serve` at http://127.0.0.1:8080.
//! - `test`: set up (plus the system packages: containerd, Chromium), then
//!   every check; ends with one summary line.
//! - `dist`: set up, build the release bundle into `dist/`, print file sizes.
//! - `pkg`: set up, build the npm package of core (JS + `.d.ts` + `.wasm`) into `pkg/`.
//! - `perf`: build the bundle, a Yew hello-world and the package, write
//!   their size profile by crate to `docs/performance.md` (twiggy), and print
//!   load sizes, time to interactive next to the hello-world's, `validate`
//!   natively and in wasm, and edit latency with its breakdown.
//! - `fuzz`: run the libFuzzer targets of `fuzz/` for N executions or M
//!   minutes each; print executions, coverage and crashes (not part of `test`).
//! - `docs`: regenerate `docs/annotations.md` from the catalog.
//! - `size`: check the built `dist/` and `pkg/` against the size budgets
//!   (`test` runs the same check after building both).

mod budget;
mod dist;
mod fuzz;
mod layers;
mod loader;
mod pkg;
mod process;
mod profile;
mod rodata;
mod setup;
mod snapshots;
mod test;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::tools().map(|_| ()),
        Some("serve") => setup::tools().and_then(|env| dist::serve(&env)),
        Some("test") => test::run_all(&args[1..]),
        Some("fuzz") => fuzz::run_all(&args[1..]),
        Some("docs") => write_docs(),
        Some("size") => budget::check(&process::root()),
        // The browser is checked first: a missing package stops the task
        // before the long tool installs and builds.
        Some("perf") => setup::browser(&process::ToolEnv::new())
            .and_then(|()| setup::tools())
            .and_then(|env| {
                setup::twiggy(&env)?;
                let playwright = setup::playwright(&env)?;
                dist::build_release(&env)?;
                dist::build_hello(&env)?;
                pkg::build(&env)?;
                profile::write(&env, &process::root())?;
                // Optimised without LTO (`profile.perf`): the report times
                // `validate` natively, and LTO would only slow the build. The
                // native `validate` timer is the one the Playwright run
                // interleaves with its rounds in wasm.
                process::run(
                    "perf report and native validate timer (cargo build)",
                    env.command("cargo").args([
                        "build",
                        "-q",
                        "--profile",
                        "perf",
                        "-p",
                        "kata-e2e",
                        "--bin",
                        "perf",
                        "--bin",
                        "validate-native",
                    ]),
                )?;
                let report = process::root().join("target/perf/perf");
                process::run("perf report", &mut env.command(&report.to_string_lossy()))?;
                // Set beside #12's targets at the end of the script's output.
                let sizes = budget::measure(&process::root())?;
                // The same loads outside a WebDriver session (see the script).
                process::run(
                    "load times with Playwright",
                    env.command("node")
                        .env("PLAYWRIGHT_CORE", playwright)
                        .env("FIRST_LOAD_GZIP", sizes.first_load.to_string())
                        .env("PACKAGE_GZIP", sizes.package.to_string())
                        .env("VALIDATE_GZIP", sizes.validate.to_string())
                        // Left by the report: the request every edit starts from.
                        .env("EDIT_STATE", "target/perf-edit-state.txt")
                        .env("VALIDATE_INPUT", "target/perf-validate.json")
                        .env("NATIVE_VALIDATE", "target/perf/validate-native")
                        .env("PKG_DIR", "pkg")
                        .args([
                            "tests/perf/load.mjs",
                            "configurator=dist",
                            "floor=target/floor-dist",
                            "hello-world=target/hello-dist",
                        ]),
                )
            }),
        Some("pkg") => setup::tools().and_then(|env| pkg::build(&env)),
        Some("dist") => setup::tools().and_then(|env| dist::build_and_report(&env)),
        _ => {
            eprintln!("usage: cargo xtask <setup|serve|test|dist|pkg|perf|fuzz|docs|size>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the generated annotation reference.
fn write_docs() -> Result<(), String> {
    let path = process::root().join("docs/annotations.md");
    // `--configurator URL` links the keys to a configurator published
    // elsewhere than one level above the docs.
    let args: Vec<String> = std::env::args().collect();
    let text = match args.iter().position(|a| a == "--configurator") {
        Some(i) => {
            let url = args
                .get(i + 1)
                .ok_or("--configurator needs the configurator's URL")?;
            kata_annotations::reference::markdown_linking_to(url)
        }
        None => kata_annotations::reference::markdown(),
    };
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
