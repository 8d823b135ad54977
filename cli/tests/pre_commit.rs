//! The repository's pre-commit hook (`.pre-commit-hooks.yaml`) as a user
//! gets it: the real `pre-commit` (PyPI, installed into `.tools/venv` by
//! `cargo xtask setup`) builds the hook from this repository with cargo and
//! runs it in a scratch Git repository holding a good and a bad manifest.
//!
//! `pre-commit try-repo` reads the repository the way a `repo:` entry in a
//! `.pre-commit-config.yaml` does (on a clean checkout it uses HEAD; with
//! uncommitted changes, a shadow commit of them).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: good
  annotations:
    io.katacontainers.config.hypervisor.default_memory: "4096"
spec:
  runtimeClassName: kata-qemu-runtime-rs
  containers:
  - name: app
    image: busybox
"#;

/// [`GOOD`] with a value runtime-rs refuses: it reads booleans with Rust's
/// `bool::from_str`, so `maybe` fails the pod (KA401), on line 6.
fn bad() -> String {
    GOOD.replace("name: good", "name: bad").replace(
        "hypervisor.default_memory: \"4096\"",
        "runtime.disable_guest_seccomp: \"maybe\"",
    )
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository root")
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// Runs the hook on `files` of the scratch repository `dir`.
fn hook(dir: &Path, files: &[&str]) -> Output {
    let root = repo_root();
    let pre_commit = root.join(".tools/venv/bin/pre-commit");
    assert!(
        pre_commit.exists(),
        "{} is missing: run `cargo xtask setup` (or `cargo xtask test`, which runs it)",
        pre_commit.display()
    );
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit");
    Command::new(pre_commit)
        .arg("try-repo")
        .arg(&root)
        .arg("kata-annotations")
        .arg("--files")
        .args(files)
        .current_dir(dir)
        // pre-commit's own cache, kept between runs.
        .env("PRE_COMMIT_HOME", work.join("home"))
        // `cargo install` builds in a target folder of its own (the one
        // running this test is locked), kept so that later runs rebuild
        // only the changed crates; and a quick release profile: the shipped
        // one is tuned for wasm size (LTO, one codegen unit), which would
        // take minutes here and proves nothing more about the hook.
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .output()
        .expect("pre-commit runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_hook_passes_a_good_manifest_and_fails_a_bad_one() {
    let dir = std::env::temp_dir().join(format!("kata-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    git(&dir, &["init", "--quiet"]);
    std::fs::write(dir.join("good.yaml"), GOOD).expect("write");
    std::fs::write(dir.join("bad.yaml"), bad()).expect("write");
    git(&dir, &["add", "good.yaml", "bad.yaml"]);

    let good = hook(&dir, &["good.yaml"]);
    let said = text(&good);
    assert_eq!(good.status.code(), Some(0), "{said}");
    assert!(
        said.contains("Kata annotations") && said.contains("Passed"),
        "{said}"
    );

    let bad = hook(&dir, &["good.yaml", "bad.yaml"]);
    let said = text(&bad);
    assert_eq!(bad.status.code(), Some(1), "{said}");
    assert!(said.contains("Failed"), "{said}");
    assert!(
        said.contains("bad.yaml:6:5: KA401 error [kata-value]"),
        "the hook prints the finding with its position: {said}"
    );
    assert!(!said.contains("good.yaml:"), "{said}");

    // The project file at the repository's root applies to the hook too.
    std::fs::write(dir.join(".kata-annotations.toml"), "ignore = [\"KA401\"]\n").expect("write");
    let ignored = hook(&dir, &["bad.yaml"]);
    let said = text(&ignored);
    assert_eq!(ignored.status.code(), Some(0), "{said}");

    let _ = std::fs::remove_dir_all(&dir);
}
