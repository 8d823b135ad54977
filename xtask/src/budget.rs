//! Size budgets: a regression guard on what a visitor downloads, checked by
//! `cargo xtask test` after the release bundle and the npm package are
//! built. The limits sit a little above the sizes last measured, so a change
//! that adds bytes has to raise them here, in review, on purpose.

use std::path::Path;

use crate::dist::gzip_len;

/// First load: every file Trunk writes to `dist/` (html, js, wasm, css), gzip -9.
/// Measured 466,409 B (flate2 best, clean clone) after #11, per-release shims and verdicts;
/// 476,398 B after #12 (the remembering validator, the edit path's memos, timing spans);
/// 486,809 B with the page's state in a yewdux store (the crate and one selector per
/// component: +10 KB for an edit 4.5 → 3.5 ms median); 491,950 B with #13's deep links and
/// the node policy's unlock list; 498,191 B with the VM size panel; 510,353 B with the
/// imported-file panel (and textwrap for the outputs' comments); 534,596 B with the init-data
/// editor (sha2 for its digests); 543,012 B with the kernel command line preview; 553,361 B
/// with #14's import positions in Problems and #15's admission policy (its rules, generator
/// and form); 556,683 B with the Kyverno policy beside it; 559,814 B with the verdict fixes
/// of a source audit (2026-12-03: release- and shim-dependent rules, init-data checked as
/// runtime-rs checks it); 545,818 B without Unicode's case tables (Kubernetes' key check folds
/// as Go does, search folds ASCII); 549,547 B with the edit path's memories (2026-12-04: the
/// manifest's skeleton and entries, Problems in runs); 555,427 B with the edit path of
/// 2026-12-04 (evening): the row feed, row heads and output forms as components of their
/// own, findings shared as `Arc`s, rustc-hash, stack-spelled key lookups (edit 1.5 → 0.9 ms
/// median from Playwright); 556,373 B with the catalog's hash index and the early compile's
/// script (2026-12-04, late: time to interactive 78 → 68 ms); 546,831 B with ryu's small
/// tables for serde_yaml's floats (2026-12-05); 547,814 B with the URL fragment written once
/// edits pause (gloo's timer and event listener; an edit's p95 3.6 → 1.7 ms); 549,278 B with
/// the tab's memory for a reload inside that pause (session storage, the navigation's type);
/// 549,114 B with step 28's storage touch and the stylesheet's `crossorigin`.
pub const FIRST_LOAD_GZIP: usize = 550_000;

/// The npm package's `.wasm`, gzip -9 (the whole JS API).
/// Measured 410,341 B after #11; 415,555 B after #12; 422,528 B after #13 (textwrap for the
/// generators' 80-column comments, import positions and List items, the export writer);
/// 437,596 B with #15's admission policy output, 440,745 B with its Kyverno form; 444,325 B
/// with the verdict fixes of 2026-12-03; 437,425 B without Unicode's case tables; 440,102 B
/// with the manifest writer's memory of its last document (2026-12-04); 443,302 B with the
/// validator's shared findings and its faster sort and lookups (2026-12-04, evening);
/// 445,784 B with the catalog's hash index (rustc-hash in core; `validate` in wasm -11 %);
/// 436,373 B with ryu's small tables (2026-12-05).
pub const PACKAGE_WASM_GZIP: usize = 438_000;

/// The package's `./validate` entry `.wasm` (catalog and validator), gzip -9.
/// Measured 265,749 B when it was split off (#12); 270,439 B after #15 (the request's
/// admission options); 273,512 B with the verdict fixes of 2026-12-03; 265,445 B without
/// Unicode's case tables; 268,359 B with the validator's shared findings, sort by key place
/// and stack-spelled lookups (2026-12-04, evening); 270,118 B with the catalog's hash index;
/// 269,853 B with ryu's small tables (2026-12-05; the entry prints floats with serde_json's own).
pub const VALIDATE_WASM_GZIP: usize = 271_000;

/// The gzip -9 size of every regular file directly in `dir` whose name ends
/// with one of `suffixes`.
fn gzip_total(dir: &Path, suffixes: &[&str]) -> Result<usize, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut total = 0;
    let mut seen = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !path.is_file() || !suffixes.iter().any(|s| name.ends_with(s)) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        total += gzip_len(&bytes)?;
        seen += 1;
    }
    if seen == 0 {
        return Err(format!(
            "{} has no {} file to measure",
            dir.display(),
            suffixes.join(" / ")
        ));
    }
    Ok(total)
}

/// One size against its limit.
fn within(what: &str, size: usize, limit: usize) -> Result<String, String> {
    if size <= limit {
        Ok(format!("{what}: {size} B gzip (budget {limit} B)"))
    } else {
        Err(format!(
            "{what} is {size} B gzip, over its budget of {limit} B by {} B; make it smaller, or raise the budget in xtask/src/budget.rs and say why",
            size - limit
        ))
    }
}

/// What a visitor downloads, gzip -9: the figures the budgets guard and
/// `cargo xtask perf` sets beside #12's targets.
pub struct Sizes {
    /// Every file Trunk writes to `dist/`.
    pub first_load: usize,
    /// The npm package's `.wasm` (the whole JS API).
    pub package: usize,
    /// The package's `./validate` entry `.wasm`.
    pub validate: usize,
}

/// Measures `dist/` and `pkg/` under `root`.
pub fn measure(root: &Path) -> Result<Sizes, String> {
    Ok(Sizes {
        first_load: gzip_total(&root.join("dist"), &[".html", ".js", ".wasm", ".css"])?,
        package: gzip_total(&root.join("pkg"), &[".wasm"])?,
        validate: gzip_total(&root.join("pkg/validate"), &[".wasm"])?,
    })
}

/// Checks `dist/` and `pkg/` under `root` against the budgets.
pub fn check(root: &Path) -> Result<(), String> {
    let Sizes {
        first_load,
        package,
        validate,
    } = measure(root)?;
    let results = [
        within("first load (dist/)", first_load, FIRST_LOAD_GZIP),
        within("npm package .wasm (pkg/)", package, PACKAGE_WASM_GZIP),
        within(
            "npm package ./validate .wasm (pkg/validate/)",
            validate,
            VALIDATE_WASM_GZIP,
        ),
    ];
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(line) => println!("    {line}"),
            Err(message) => failures.push(message),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-budget-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn totals_count_only_the_named_kinds() {
        let dir = scratch("kinds");
        std::fs::write(dir.join("a.wasm"), vec![0u8; 1000]).expect("write");
        std::fs::write(dir.join("b.js"), "x".repeat(1000)).expect("write");
        std::fs::write(dir.join("notes.txt"), "ignored").expect("write");
        let wasm = gzip_total(&dir, &[".wasm"]).expect("measures");
        let both = gzip_total(&dir, &[".wasm", ".js"]).expect("measures");
        assert!(wasm > 0 && both > wasm, "{wasm} {both}");
        assert!(gzip_total(&dir, &[".css"]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn over_budget_fails_and_names_the_excess() {
        assert!(within("x", 10, 10).is_ok());
        let message = within("first load", 12, 10).expect_err("over");
        assert!(message.contains("by 2 B"), "{message}");
    }
}
