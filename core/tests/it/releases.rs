//! The catalog's per-release data against the Kata source.
//!
//! `fixtures/kata-releases/keys.tsv` lists, for every `x.y.0` tag from 3.2.0
//! to 4.1.0, the annotation keys each runtime defines. It is generated, not
//! written: `python3 core/tests/fixtures/kata-releases/extract.py` reads a
//! git mirror of kata-containers/kata-containers (`git show TAG:path`) and
//! resolves the key constants of
//! - Go: `src/runtime/pkg/annotations/annotations.go` (older tags:
//!   `src/runtime/virtcontainers/pkg/annotations/annotations.go`);
//! - runtime-rs: `src/libs/kata-types/src/annotations/mod.rs` (plus its
//!   third-party modules), marking a key `handled` when its constant is used
//!   anywhere besides its definition.
//!
//! The test walks every release and runtime and compares the key set with
//! what the catalog says that runtime of that release defines
//! (`Annotation::defined_at`), so a key's `since`, `history` and removal
//! releases are checked against the source, not against our memory of it.

use std::collections::{BTreeMap, BTreeSet};

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::target::Runtime;
use kata_annotations::version::Version;

const KEYS: &str = include_str!("../fixtures/kata-releases/keys.tsv");

/// (release, runtime) → key → handled (`defined` rows are false).
fn fixture() -> BTreeMap<(Version, Runtime), BTreeMap<String, bool>> {
    let mut out: BTreeMap<(Version, Runtime), BTreeMap<String, bool>> = BTreeMap::new();
    for line in KEYS.lines() {
        if line.starts_with('#') || line.starts_with("release\t") || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [release, runtime, key, status] = fields[..] else {
            panic!("malformed fixture line {line:?}");
        };
        let release: Version = release.parse().expect("release");
        let runtime = match runtime {
            "go" => Runtime::Go,
            "rust" => Runtime::Rust,
            other => panic!("unknown runtime {other:?}"),
        };
        out.entry((release, runtime))
            .or_default()
            .insert(key.to_owned(), status == "handled");
    }
    out
}

/// Renders a set of releases as ranges: `3.2–3.28, 4.0`.
fn ranges(set: &BTreeSet<Version>) -> String {
    let all: Vec<Version> = Version::releases().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < all.len() {
        if !set.contains(&all[i]) {
            i += 1;
            continue;
        }
        let start = all[i];
        while i + 1 < all.len() && set.contains(&all[i + 1]) {
            i += 1;
        }
        parts.push(if start == all[i] {
            start.to_string()
        } else {
            format!("{start}–{}", all[i])
        });
        i += 1;
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

#[test]
fn the_fixture_covers_every_supported_release() {
    let fixture = fixture();
    for release in Version::releases() {
        for runtime in Runtime::ALL {
            assert!(
                fixture
                    .get(&(release, runtime))
                    .is_some_and(|k| k.len() > 50),
                "no keys for {runtime} {release}"
            );
        }
    }
}

/// Keys a runtime reads through another project's constants, which
/// `extract.py` does not scan: the Go runtime takes containerd's sandbox
/// sizing keys from `github.com/containerd/containerd/pkg/cri/annotations`
/// (src/runtime/pkg/oci/utils.go:1556 at 4.1.0).
const READ_THROUGH_OTHERS: &[(&str, Runtime)] = &[
    ("io.kubernetes.cri.sandbox-cpu-period", Runtime::Go),
    ("io.kubernetes.cri.sandbox-cpu-quota", Runtime::Go),
    ("io.kubernetes.cri.sandbox-memory", Runtime::Go),
];

#[test]
fn every_release_defines_exactly_the_catalogs_keys() {
    let fixture = fixture();
    // (key, runtime) → (releases per fixture, releases per catalog)
    type Spans = (BTreeSet<Version>, BTreeSet<Version>);
    let mut spans: BTreeMap<(String, Runtime), Spans> = BTreeMap::new();
    for ((release, runtime), keys) in &fixture {
        for key in keys.keys() {
            spans
                .entry((key.clone(), *runtime))
                .or_default()
                .0
                .insert(*release);
        }
        for a in ANNOTATIONS {
            if a.defined_at(*runtime, *release) && !READ_THROUGH_OTHERS.contains(&(a.key, *runtime))
            {
                spans
                    .entry((a.key.to_owned(), *runtime))
                    .or_default()
                    .1
                    .insert(*release);
            }
        }
    }
    let wrong: Vec<String> = spans
        .iter()
        .filter(|(_, (source, catalog))| source != catalog)
        .map(|((key, runtime), (source, catalog))| {
            format!(
                "{key} ({runtime}): source {}, catalog {}",
                ranges(source),
                ranges(catalog)
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} keys disagree with the Kata source:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn runtime_rs_handles_exactly_the_keys_the_catalog_says() {
    let fixture = fixture();
    let mut wrong = Vec::new();
    for ((release, runtime), keys) in &fixture {
        if *runtime != Runtime::Rust {
            continue;
        }
        for (key, handled) in keys {
            let Some(a) = ANNOTATIONS.iter().find(|a| a.key == key) else {
                continue; // reported by the test above
            };
            let ours = a.support_at(Runtime::Rust, *release).handled();
            if ours != *handled {
                wrong.push(format!(
                    "{key} at {release}: source {}, catalog {}",
                    if *handled { "handled" } else { "unhandled" },
                    if ours { "handled" } else { "unhandled" }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} runtime-rs verdicts disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
