//! Unreferenced insta snapshots: a `.snap` file no assertion reads any more
//! (a renamed or deleted test) would otherwise sit in the tree forever and
//! look like coverage. insta itself appends the path of every snapshot an
//! assertion touches to `$INSTA_SNAPSHOT_REFERENCES_FILE` (the hook
//! cargo-insta's `--unreferenced=reject` uses), so the test step sets that
//! variable and this module compares the list with the files on disk: no
//! extra tool to install.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Folders never searched for snapshots: build output, tools, VCS.
const SKIP: &[&str] = &["target", ".git", ".tools", "node_modules", "dist", "pkg"];

/// Fails, naming each file, when a `.snap` under `root` is not listed in
/// `references`. `tests_passed` says whether every test ran to the end:
/// without the list (the tests did not build or run) there is nothing to
/// compare, which is a failure only when the tests claim to have passed.
pub fn check(root: &Path, references: &Path, tests_passed: bool) -> Result<(), String> {
    let mut existing = Vec::new();
    find_snapshots(root, &mut existing);
    let listed = match std::fs::read_to_string(references) {
        Ok(text) => text,
        Err(_) if existing.is_empty() => String::new(),
        Err(_) if !tests_passed => {
            println!("    skipped: the native tests did not run to the end");
            return Ok(());
        }
        Err(e) => return Err(format!("{}: {e}", references.display())),
    };
    let referenced: BTreeSet<PathBuf> = listed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| canonical(Path::new(l.trim())))
        .collect();
    let existing: Vec<PathBuf> = existing.iter().map(|p| canonical(p)).collect();
    let orphans = unreferenced(&existing, &referenced);
    println!(
        "    {} snapshot files, {} referenced by a test",
        existing.len(),
        existing.len() - orphans.len()
    );
    if orphans.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "{} snapshot file(s) no test references (delete them, or restore the test){}:",
        orphans.len(),
        if tests_passed {
            ""
        } else {
            "; some tests failed, which may have kept them from being read"
        }
    );
    for orphan in &orphans {
        let shown = orphan.strip_prefix(canonical(root)).unwrap_or(orphan);
        message.push_str(&format!("\n        {}", shown.display()));
    }
    Err(message)
}

/// The files of `existing` that `referenced` does not hold, in order.
fn unreferenced(existing: &[PathBuf], referenced: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    existing
        .iter()
        .filter(|p| !referenced.contains(*p))
        .cloned()
        .collect()
}

/// The path with symlinks and `..` resolved, so both sides compare equal.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Every `*.snap` file below `dir` (pending `.snap.new` files are not
/// snapshots yet), skipping [`SKIP`].
fn find_snapshots(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                find_snapshots(&path, out);
            }
        } else if name.ends_with(".snap") {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_files_no_test_read() {
        let existing = vec![
            PathBuf::from("/w/core/tests/it/snapshots/it__a__x.snap"),
            PathBuf::from("/w/core/tests/it/snapshots/it__a__y.snap"),
        ];
        let referenced =
            BTreeSet::from([PathBuf::from("/w/core/tests/it/snapshots/it__a__x.snap")]);
        assert_eq!(
            unreferenced(&existing, &referenced),
            vec![PathBuf::from("/w/core/tests/it/snapshots/it__a__y.snap")]
        );
        assert!(unreferenced(&existing[..1], &referenced).is_empty());
    }

    /// End to end on a scratch folder: an orphan fails the check and is named.
    #[test]
    fn an_orphan_file_fails_the_check() {
        let dir = std::env::temp_dir().join(format!("xtask-snapshots-{}", std::process::id()));
        let snaps = dir.join("core/tests/it/snapshots");
        std::fs::create_dir_all(&snaps).expect("scratch folder");
        std::fs::create_dir_all(dir.join("target/x")).expect("scratch folder");
        let kept = snaps.join("it__m__kept.snap");
        std::fs::write(&kept, "").expect("write");
        std::fs::write(snaps.join("it__m__orphan.snap"), "").expect("write");
        std::fs::write(snaps.join("it__m__pending.snap.new"), "").expect("write");
        std::fs::write(dir.join("target/x/ignored.snap"), "").expect("write");
        let references = dir.join("references.txt");
        std::fs::write(&references, format!("{}\n", kept.display())).expect("write");

        let result = check(&dir, &references, true);
        let message = result.expect_err("the orphan is reported");
        assert!(message.contains("it__m__orphan.snap"), "{message}");
        assert!(!message.contains("kept"), "{message}");
        assert!(!message.contains("ignored"), "{message}");
        assert!(message.starts_with("1 snapshot"), "{message}");

        std::fs::write(
            &references,
            format!(
                "{}\n{}\n",
                kept.display(),
                snaps.join("it__m__orphan.snap").display()
            ),
        )
        .expect("write");
        assert_eq!(check(&dir, &references, true), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
