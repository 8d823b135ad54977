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

/// Every kata-deploy shim's shipped configuration at 4.1.0, regenerated from
/// the templates and Makefile variables at the tag (`make` substitution only;
/// x86_64 build, qemu-se* s390x): `fixtures/kata-releases/shipped-4.1.tsv`.
const SHIPPED_4_1: &str = include_str!("../fixtures/kata-releases/shipped-4.1.tsv");

/// The catalog key a configuration setting is the default of.
fn annotation_for(setting: &str, runtime: Runtime) -> Option<&'static str> {
    let key = match (setting, runtime) {
        // runtime-rs keeps the timeout under [agent.kata].
        ("agent.kata.create_container_timeout", Runtime::Rust) => {
            "io.katacontainers.config.runtime.create_container_timeout".to_owned()
        }
        ("hypervisor.default_maxvcpus", _) => {
            "io.katacontainers.config.hypervisor.default_max_vcpus".to_owned()
        }
        (s, _) => format!("io.katacontainers.config.{s}"),
    };
    ANNOTATIONS.iter().find(|a| a.key == key).map(|a| a.key)
}

#[test]
fn shims_ship_what_the_4_1_templates_say() {
    use kata_annotations::policy::{shipped, AllowList};
    use kata_annotations::shim::{Boot, Shim};
    use kata_annotations::target::Target;

    let version = Version::NEWEST;
    let mut wrong = Vec::new();
    let mut compared = 0;
    for line in SHIPPED_4_1.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, setting, value, _source] = fields[..] else {
            panic!("malformed line {line:?}");
        };
        let shim = Shim::find(name).unwrap_or_else(|| panic!("no shim {name}"));
        let target = Target::of_shim(shim, version);
        let policy = shipped(target);
        let text = value.trim_matches('"');
        let list = |v: &str| -> Vec<String> {
            serde_json::from_str(v).unwrap_or_else(|e| panic!("{name} {setting}: {e}"))
        };
        let mut check = |ok: bool, ours: String| {
            compared += 1;
            if !ok {
                wrong.push(format!("{name}\t{setting}\t{value}\tours: {ours}"));
            }
        };
        match setting {
            "hypervisor.enable_annotations" => {
                let theirs = list(value);
                check(
                    theirs == policy.enable_annotations,
                    format!("{:?}", policy.enable_annotations),
                );
            }
            "hypervisor.image" | "hypervisor.initrd" => {
                let sets = !value.starts_with("ABSENT") && !text.is_empty();
                let ours = shim.shipped.boot
                    == if setting == "hypervisor.image" {
                        Boot::Image
                    } else {
                        Boot::Initrd
                    };
                check(sets == ours, format!("{:?}", shim.shipped.boot));
            }
            "runtime.static_sandbox_resource_mgmt" => {
                let ours = shim.static_resources(version);
                check((text == "true") == ours, ours.to_string());
            }
            s if s.starts_with("hypervisor.valid_") => {
                let Some(allow) = AllowList::from_config_name(&s["hypervisor.".len()..]) else {
                    continue; // lists the runtimes no longer check
                };
                let theirs = if value == "ABSENT" {
                    Vec::new()
                } else {
                    list(value)
                };
                check(
                    theirs == policy.list(allow),
                    format!("{:?}", policy.list(allow)),
                );
            }
            _ => {
                let Some(key) = annotation_for(setting, shim.runtime) else {
                    continue;
                };
                if value.starts_with("ABSENT") {
                    continue; // the runtime's built-in default
                }
                let annotation = ANNOTATIONS.iter().find(|a| a.key == key).expect("key");
                let ours = annotation.default_for(target).unwrap_or("");
                check(ours == text, ours.to_owned());
            }
        }
    }
    assert!(compared > 500, "{compared}");
    assert!(
        wrong.is_empty(),
        "{} shipped settings differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
