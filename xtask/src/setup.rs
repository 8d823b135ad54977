//! Idempotent installation of the build and test tools.
//!
//! Each tool is checked first and installed only when missing or of the
//! wrong version, so a machine that has everything passes in about a second.

use std::path::Path;

use crate::process::{root, run, step, ToolEnv};

/// Trunk's version: 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "0.21.14";
/// binaryen's npm package: Debian's wasm-opt is too old for current rustc output.
const BINARYEN_VERSION: &str = "132";
/// axe-core's npm package: the accessibility checks the end-to-end tests inject.
const AXE_VERSION: &str = "4.14.1";
/// The SARIF multitool's npm package: the CLI tests validate its SARIF with it.
pub const SARIF_MULTITOOL_VERSION: &str = "5.7.0";

/// pre-commit (PyPI): the CLI tests run the repository's hook with it.
pub const PRE_COMMIT_VERSION: &str = "4.7.0";
/// Kyverno's CRDs as Python models (PyPI): the core tests check the
/// generated ClusterPolicy against them. 1.13.4.0 is the newest that
/// installs on Python 3.11.
pub const KYVERNO_MODELS_VERSION: &str = "1.13.4.0";
/// kubernetes-validate (PyPI): the Kubernetes OpenAPI schemas of every
/// release, strict; the core tests check generated objects with it.
pub const KUBERNETES_VALIDATE_VERSION: &str = "1.37.0";

/// Installs what the build needs; returns the tool environment.
pub fn tools() -> Result<ToolEnv, String> {
    let env = ToolEnv::new();
    let wasm_bindgen = locked_wasm_bindgen_version()?;
    check_trunk_toml(&wasm_bindgen)?;

    step("wasm32-unknown-unknown target", || {
        let installed = env
            .command("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .map_err(|e| format!("rustup: {e}"))?;
        if String::from_utf8_lossy(&installed.stdout).contains("wasm32-unknown-unknown") {
            println!("    present");
            return Ok(());
        }
        println!("    installing with rustup");
        run(
            "rustup target add",
            env.command("rustup")
                .args(["target", "add", "wasm32-unknown-unknown"]),
        )
    })?;

    // Not --locked: one of its locked dependencies is missing from the registry here.
    CargoTool {
        krate: "wasm-bindgen-cli",
        binary: "wasm-bindgen",
        reports: "wasm-bindgen",
        version: &wasm_bindgen,
        locked: false,
        wait: "a few minutes",
    }
    .install(&env, &format!("wasm-bindgen CLI {wasm_bindgen}"))?;

    CargoTool {
        krate: "trunk",
        binary: "trunk",
        reports: "trunk",
        version: TRUNK_VERSION,
        locked: true,
        wait: "10-20 minutes on 2 cores, once",
    }
    .install(&env, &format!("Trunk {TRUNK_VERSION}"))?;

    step(
        &format!(
            "npm tools: wasm-opt (binaryen@{BINARYEN_VERSION}), axe-core {AXE_VERSION}, SARIF multitool {SARIF_MULTITOOL_VERSION}"
        ),
        || {
            if npm_tools_present(&env) {
                println!("    present");
                return Ok(());
            }
            println!("    installing into .tools/ with npm");
            npm_install(&env)
        },
    )?;

    let python_label: Vec<String> = PYTHON_PACKAGES
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    step(
        &format!("Python tools: {} (PyPI)", python_label.join(", ")),
        || python_tools(&env),
    )?;

    Ok(env)
}

/// Whether `.tools/` holds every npm tool at its version: wasm-opt says
/// its version, axe-core's bundle names it on its first line, the SARIF
/// multitool's package.json holds it.
fn npm_tools_present(env: &ToolEnv) -> bool {
    let tools = root().join(".tools/node_modules");
    let wasm_opt = env
        .version_of(&tools.join(".bin/wasm-opt").to_string_lossy())
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}")));
    let axe = std::fs::read_to_string(tools.join("axe-core/axe.min.js")).is_ok_and(|text| {
        text.lines().next().map(str::trim_end) == Some(&format!("/*! axe v{AXE_VERSION}"))
    });
    let multitool = std::fs::read_to_string(tools.join("@microsoft/sarif-multitool/package.json"))
        .is_ok_and(|text| text.contains(&format!("\"version\": \"{SARIF_MULTITOOL_VERSION}\"")));
    wasm_opt && axe && multitool
}

/// The Python packages the tests use, with their versions.
const PYTHON_PACKAGES: [(&str, &str); 3] = [
    ("pre-commit", PRE_COMMIT_VERSION),
    ("cloudcoil-models-kyverno", KYVERNO_MODELS_VERSION),
    ("kubernetes-validate", KUBERNETES_VALIDATE_VERSION),
];

/// Installs [`PYTHON_PACKAGES`] into the virtual environment `.tools/venv`
/// (its own Python packages, none of the system's).
fn python_tools(env: &ToolEnv) -> Result<(), String> {
    let venv = root().join(".tools/venv");
    let python = venv.join("bin/python");
    let wanted: Vec<String> = PYTHON_PACKAGES
        .iter()
        .map(|(name, version)| format!("{name}=={version}"))
        .collect();
    // `name==version` per line, as pip would write a requirement.
    let names: Vec<String> = PYTHON_PACKAGES
        .iter()
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    let installed = env
        .command(&python.to_string_lossy())
        .args([
            "-c",
            &format!(
                "import importlib.metadata as m\nfor n in ({},):\n    print(f'{{n}}=={{m.version(n)}}')",
                names.join(", ")
            ),
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().map(str::to_owned).collect::<Vec<_>>());
    if installed.as_deref() == Some(&wanted[..]) {
        println!("    present");
        return Ok(());
    }
    println!("    installing into .tools/venv with pip");
    if !python.exists() {
        run(
            "python3 -m venv",
            env.command("python3").args(["-m", "venv"]).arg(&venv),
        )
        .map_err(|e| {
            format!("{e}\n    (Debian: apt-get install python3-venv gives python3 its venv module)")
        })?;
    }
    run(
        "pip install",
        env.command(&venv.join("bin/pip").to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(&wanted),
    )
}

/// Installs every npm tool into `.tools/` in one `npm install`: with
/// `--no-save`, npm removes what the command does not name, so naming only
/// one package would drop the other.
fn npm_install(env: &ToolEnv) -> Result<(), String> {
    if env.version_of("npm").is_none() {
        return Err(
            "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)".into(),
        );
    }
    run(
        "npm install",
        env.command("npm").args([
            "install",
            "--prefix",
            ".tools",
            "--no-audit",
            "--no-fund",
            "--no-save",
            &format!("binaryen@{BINARYEN_VERSION}"),
            &format!("axe-core@{AXE_VERSION}"),
            &format!("@microsoft/sarif-multitool@{SARIF_MULTITOOL_VERSION}"),
        ]),
    )
}

/// A program a task needs on `PATH` and the Debian package that provides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// The executable looked up on `PATH`.
    pub program: &'static str,
    /// The Debian package that installs it.
    pub package: &'static str,
}

/// npm: installs wasm-opt and axe-core into `.tools/` (Debian's npm brings node too).
pub const NPM: Need = Need {
    program: "npm",
    package: "npm",
};
/// containerd: the native tests load generated snippets with the real binary.
pub const CONTAINERD: Need = Need {
    program: "containerd",
    package: "containerd",
};
/// Python with its venv module: pre-commit installs into `.tools/venv`.
pub const PYTHON: Need = Need {
    program: "python3",
    package: "python3-venv",
};
/// Headless Chromium for the wasm tests, the end-to-end tests and `perf`.
pub const CHROMIUM: Need = Need {
    program: "chromium",
    package: "chromium",
};
/// chromedriver: the WebDriver server the browser suites talk to.
pub const CHROMEDRIVER: Need = Need {
    program: "chromedriver",
    package: "chromium-driver",
};

/// What to do about missing system packages.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// Everything is on `PATH`.
    Nothing,
    /// Root on Debian: install these packages with apt-get.
    Install(Vec<&'static str>),
    /// Anyone else: stop and print this line for the user to run.
    Tell(String),
}

/// Decides, from what is missing and where we run, whether to install or
/// to stop with the exact command that would install it.
pub fn plan(missing: &[Need], is_root: bool, is_debian: bool) -> Plan {
    let mut packages: Vec<&'static str> = Vec::new();
    for need in missing {
        if !packages.contains(&need.package) {
            packages.push(need.package);
        }
    }
    if packages.is_empty() {
        return Plan::Nothing;
    }
    if is_root && is_debian {
        return Plan::Install(packages);
    }
    let sudo = if is_root { "" } else { "sudo " };
    let line = format!(
        "{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends {}",
        packages.join(" ")
    );
    let programs: Vec<&str> = missing.iter().map(|n| n.program).collect();
    Plan::Tell(if is_debian {
        format!(
            "missing on PATH: {}; install with:\n    {line}",
            programs.join(", ")
        )
    } else {
        format!(
            "missing on PATH: {}; install them with your package manager (on Debian:\n    {line}\n)",
            programs.join(", ")
        )
    })
}

/// Makes sure every program in `needs` is on `PATH`, before anything is
/// built: installs the missing ones with apt-get when running as root on
/// Debian, otherwise fails with the exact install line.
pub fn system(env: &ToolEnv, needs: &[Need]) -> Result<(), String> {
    let names: Vec<&str> = needs.iter().map(|n| n.program).collect();
    step(&format!("system packages ({})", names.join(", ")), || {
        let missing: Vec<Need> = needs
            .iter()
            .copied()
            .filter(|n| !env.on_path(n.program))
            .collect();
        let is_root = env
            .command("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        match plan(&missing, is_root, Path::new("/etc/debian_version").exists()) {
            Plan::Nothing => {
                println!("    present");
                Ok(())
            }
            Plan::Tell(message) => Err(message),
            Plan::Install(packages) => {
                println!("    installing with apt-get: {}", packages.join(" "));
                apt_install(env, &packages)?;
                let still: Vec<&str> = missing
                    .iter()
                    .filter(|n| !env.on_path(n.program))
                    .map(|n| n.program)
                    .collect();
                if still.is_empty() {
                    Ok(())
                } else {
                    Err(format!("still missing after apt-get: {}", still.join(", ")))
                }
            }
        }
    })
}

/// Makes sure Chromium and chromedriver exist (see [`system`]).
pub fn browser(env: &ToolEnv) -> Result<(), String> {
    system(env, &[CHROMIUM, CHROMEDRIVER])
}

/// `apt-get update` then `apt-get install -y` the packages.
pub fn apt_install(env: &ToolEnv, packages: &[&str]) -> Result<(), String> {
    run(
        "apt-get update",
        env.command("apt-get")
            .args(["update", "-qq"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    run(
        "apt-get install",
        env.command("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The wasm-bindgen version `Cargo.lock` holds: the CLI must be the same.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock_path = root().join("Cargo.lock");
    let text =
        std::fs::read_to_string(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let lock: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    lock.get("package")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .find(|p| p.get("name").and_then(toml::Value::as_str) == Some("wasm-bindgen"))
        .and_then(|p| p.get("version").and_then(toml::Value::as_str))
        .map(str::to_owned)
        .ok_or_else(|| "Cargo.lock has no wasm-bindgen package".into())
}

/// Trunk must be told the same wasm-bindgen version, or it tries to download one.
fn check_trunk_toml(version: &str) -> Result<(), String> {
    let path = root().join("Trunk.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let pinned = table
        .get("tools")
        .and_then(|t| t.get("wasm_bindgen"))
        .and_then(toml::Value::as_str);
    if pinned == Some(version) {
        Ok(())
    } else {
        Err(format!(
            "Trunk.toml [tools] wasm_bindgen is {pinned:?} but Cargo.lock has {version}: make them equal"
        ))
    }
}

/// The twiggy version `cargo xtask perf` profiles with.
const TWIGGY_VERSION: &str = "0.8.0";

/// Installs twiggy when missing (only `perf` needs it).
pub fn twiggy(env: &ToolEnv) -> Result<(), String> {
    CargoTool {
        krate: "twiggy",
        binary: "twiggy",
        // The binary calls itself twiggy-opt.
        reports: "twiggy-opt",
        version: TWIGGY_VERSION,
        locked: true,
        wait: "a few minutes, once",
    }
    .install(env, &format!("twiggy {TWIGGY_VERSION}"))
}

/// playwright-core (npm; it downloads no browser): `cargo xtask perf` times
/// page loads with it outside a WebDriver session.
const PLAYWRIGHT_VERSION: &str = "1.65.2";

/// Installs playwright-core into `.tools/perf` (a prefix of its own, so
/// npm never prunes the build tools of `.tools/` around it); returns the
/// package's folder for `tests/perf/load.mjs`.
pub fn playwright(env: &ToolEnv) -> Result<std::path::PathBuf, String> {
    let prefix = root().join(".tools/perf");
    let package = prefix.join("node_modules/playwright-core");
    step(
        &format!("playwright-core {PLAYWRIGHT_VERSION} (npm, perf only)"),
        || {
            let installed = std::fs::read_to_string(package.join("package.json"))
                .is_ok_and(|text| text.contains(&format!("\"version\": \"{PLAYWRIGHT_VERSION}\"")));
            if installed {
                println!("    present");
                return Ok(());
            }
            run(
                "npm install playwright-core",
                env.command("npm").args([
                    "install",
                    "--prefix",
                    ".tools/perf",
                    "--no-audit",
                    "--no-fund",
                    "--no-save",
                    &format!("playwright-core@{PLAYWRIGHT_VERSION}"),
                ]),
            )
        },
    )?;
    Ok(package)
}

/// A tool installed with `cargo install` at a pinned version.
struct CargoTool<'a> {
    /// The crate to install.
    krate: &'a str,
    /// The program it puts on the PATH.
    binary: &'a str,
    /// What `<binary> --version` prints before the version number.
    reports: &'a str,
    version: &'a str,
    locked: bool,
    /// How long the install takes, for the user waiting on it.
    wait: &'a str,
}

impl CargoTool<'_> {
    /// Installs the tool unless the pinned version is already there.
    fn install(&self, env: &ToolEnv, label: &str) -> Result<(), String> {
        step(label, || {
            let want = format!("{} {}", self.reports, self.version);
            if env.version_of(self.binary).as_deref() == Some(want.as_str()) {
                println!("    present");
                return Ok(());
            }
            println!("    installing with cargo install ({})", self.wait);
            let mut command = env.command("cargo");
            command.args(["install", self.krate, "--version", self.version, "--force"]);
            if self.locked {
                command.arg("--locked");
            }
            run(&format!("cargo install {}", self.krate), &mut command)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{plan, Plan, CHROMEDRIVER, CHROMIUM, CONTAINERD};

    #[test]
    fn nothing_missing_installs_nothing() {
        assert_eq!(plan(&[], true, true), Plan::Nothing);
        assert_eq!(plan(&[], false, false), Plan::Nothing);
    }

    #[test]
    fn root_on_debian_installs_each_package_once() {
        assert_eq!(
            plan(
                &[CONTAINERD, CHROMIUM, CHROMEDRIVER, CONTAINERD],
                true,
                true
            ),
            Plan::Install(vec!["containerd", "chromium", "chromium-driver"])
        );
    }

    #[test]
    fn others_get_the_exact_install_line() {
        let Plan::Tell(text) = plan(&[CONTAINERD], false, true) else {
            panic!("a non-root user cannot install");
        };
        assert!(
            text.contains("sudo apt-get install -y --no-install-recommends containerd"),
            "{text}"
        );
        let Plan::Tell(text) = plan(&[CHROMIUM, CHROMEDRIVER], true, false) else {
            panic!("apt-get is only used on Debian");
        };
        assert!(
            text.contains("apt-get install -y --no-install-recommends chromium chromium-driver"),
            "{text}"
        );
        assert!(!text.contains("sudo"), "{text}");
    }

    #[test]
    fn trunk_pins_the_locked_wasm_bindgen() {
        let locked = super::locked_wasm_bindgen_version().expect("Cargo.lock readable");
        super::check_trunk_toml(&locked).expect("Trunk.toml matches Cargo.lock");
    }
}
