//! containerd's `pod_annotations` matching (Go `path.Match`) and the snippet's
//! list: what we emit forwards exactly what was selected.

use std::collections::{BTreeMap, BTreeSet};

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::render::containerd::{forwarded, path_match, pod_annotations, snippet};
use kata_annotations::request::{ContainerdOptions, Forwarding, Request};
use kata_annotations::target::{Hypervisor, Runtime};
use kata_annotations::Error;

/// (pattern, key, Go's answer): hand-picked cases, each with the reason.
const TABLE: &[(&str, &str, bool)] = &[
    // Whole-string match; `.` is literal.
    (
        "io.katacontainers.config.hypervisor.default_memory",
        "io.katacontainers.config.hypervisor.default_memory",
        true,
    ),
    (
        "io.katacontainers.config.hypervisor.default_memory",
        "io.katacontainers.config.hypervisor.default_memory_x",
        false,
    ),
    (
        "io.katacontainers.config.hypervisor.default_memory",
        "xio.katacontainers.config.hypervisor.default_memory",
        false,
    ),
    ("io.katacontainers", "ioxkatacontainers", false),
    // The wildcard: every Kata key, not the bare prefix, nothing with `/`.
    (
        "io.katacontainers.*",
        "io.katacontainers.config.runtime.experimental",
        true,
    ),
    ("io.katacontainers.*", "io.katacontainers.", true),
    ("io.katacontainers.*", "io.katacontainers", false),
    ("io.katacontainers.*", "sgx.intel.com/epc", false),
    ("io.katacontainers.*", "io.katacontainers.x/y", false),
    // `*` alone: every key without `/`.
    ("*", "io.katacontainers.config.agent.kernel_modules", true),
    ("*", "sgx.intel.com/epc", false),
    ("*/*", "sgx.intel.com/epc", true),
    ("sgx.intel.com/*", "sgx.intel.com/epc", true),
    // `**` is two stars in Go, still stopping at `/` (glob would recurse).
    ("io.katacontainers.**", "io.katacontainers.a.b", true),
    ("io.katacontainers.**", "io.katacontainers.a/b", false),
    // `?`: one character, not `/`.
    ("sgx?intel?com?epc", "sgx.intel.com/epc", false),
    ("sgx.intel.com?epc", "sgx.intel.comxepc", true),
    ("?", "é", true),
    // Classes, negation with `^`, and classes that match `/` (glob's never do).
    (
        "io.katacontainers.[a-c]*",
        "io.katacontainers.config.x",
        true,
    ),
    (
        "io.katacontainers.[d-z]*",
        "io.katacontainers.config.x",
        false,
    ),
    ("[^a-z]*", "io.x", false),
    ("[^a-z]*", "Io.x", true),
    ("sgx.intel.com[/]epc", "sgx.intel.com/epc", true),
    ("sgx.intel.com[^a]epc", "sgx.intel.com/epc", true),
    ("a[^/]b", "a/b", false),
    ("[!]", "!", true),
    ("[!a]", "b", false),
    ("[\\]a]", "]", true),
    ("[\\-a]", "-", true),
    ("[b-a]", "a", false),
    ("[^b-a]", "/", true),
    // `\` escapes; the escaped character is literal.
    ("\\*", "*", true),
    ("\\*", "a", false),
    ("\\[a]", "[a]", true),
    ("[*]", "*", true),
    // Malformed patterns: Go returns an error, containerd skips the pattern.
    ("[", "[", false),
    ("io.katacontainers.[", "io.katacontainers.[", false),
    ("[]", "]", false),
    ("[]a]", "a", false),
    ("[a-]", "a", false),
    ("[a-c-e]", "a", false),
    ("a\\", "a\\", false),
    ("[^]", "a", false),
    // Case-sensitive.
    ("io.katacontainers.*", "IO.katacontainers.x", false),
    ("", "", true),
    ("", "a", false),
];

#[test]
fn path_match_table() {
    for (pattern, key, expected) in TABLE {
        assert_eq!(
            path_match(pattern, key),
            *expected,
            "path.Match({pattern:?}, {key:?})"
        );
    }
}

#[derive(serde::Deserialize)]
struct GoFixture {
    patterns: Vec<String>,
    keys: Vec<String>,
    malformed: Vec<String>,
    matches: Vec<(String, String)>,
}

/// Every pattern × key of the fixture agrees with Go's `path.Match`, run by
/// `fixtures/go_path_match.go`.
#[test]
fn path_match_agrees_with_go() {
    let text = include_str!("../fixtures/go_path_match.json");
    let fixture: GoFixture = serde_json::from_str(text).expect("fixture parses");
    let matches: BTreeSet<(String, String)> = fixture.matches.into_iter().collect();
    let mut checked = 0;
    for pattern in &fixture.patterns {
        for key in &fixture.keys {
            let go = matches.contains(&(pattern.clone(), key.clone()));
            assert_eq!(
                path_match(pattern, key),
                go,
                "path.Match({pattern:?}, {key:?}); malformed in Go: {}",
                fixture.malformed.contains(pattern)
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn wildcard_matches_every_kata_catalog_key_without_a_slash() {
    let wildcard = ["io.katacontainers.*".to_owned()];
    for annotation in ANNOTATIONS {
        let expected =
            !annotation.key.contains('/') && annotation.key.starts_with("io.katacontainers.");
        assert_eq!(
            forwarded(&wildcard, annotation.key),
            expected,
            "{}",
            annotation.key
        );
    }
    assert!(!forwarded(&wildcard, "io.katacontainers"));
    assert!(!forwarded(&wildcard, "sgx.intel.com/epc"));
    assert!(!forwarded(&[], "io.katacontainers.x"));
}

const FOREIGN: &[&str] = &[
    "sgx.intel.com/epc",
    "example.com/owner",
    "team",
    "io.katacontainers",
    "io.kata-containers.config.hypervisor.default_memory",
    "io.katacontainers.config.hypervisor.Default_memory",
];

/// Every catalog key and a few foreign ones.
fn universe() -> Vec<String> {
    ANNOTATIONS
        .iter()
        .map(|a| a.key.to_owned())
        .chain(FOREIGN.iter().map(|k| (*k).to_owned()))
        .collect()
}

fn request(selected: &[String], version: u8, forwarding: Forwarding) -> Request {
    Request {
        annotations: selected
            .iter()
            .map(|k| (k.clone(), "x".to_owned()))
            .collect(),
        containerd: ContainerdOptions {
            config_version: version,
            forwarding,
            runtime_path: true,
            config_path: true,
            ..ContainerdOptions::default()
        },
        ..Request::default()
    }
}

/// The runtime table of the emitted snippet, parsed back with `toml`.
fn runtime_table(text: &str, version: u8, handler: &str) -> toml::Table {
    let document: toml::Table = toml::from_str(text).expect("snippet is TOML");
    let plugin = match version {
        1 => "cri",
        2 => "io.containerd.grpc.v1.cri",
        _ => "io.containerd.cri.v1.runtime",
    };
    if version >= 2 {
        assert_eq!(
            document.get("version").and_then(toml::Value::as_integer),
            Some(i64::from(version))
        );
    } else {
        assert!(document.get("version").is_none());
    }
    document["plugins"][plugin]["containerd"]["runtimes"][handler]
        .as_table()
        .expect("runtime table")
        .clone()
}

fn parsed_pod_annotations(text: &str, version: u8) -> Vec<String> {
    runtime_table(text, version, "kata")["pod_annotations"]
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

/// Selections: each key alone, every key, every other key, nothing.
fn selections() -> Vec<Vec<String>> {
    let all = universe();
    let mut out: Vec<Vec<String>> = all.iter().map(|k| vec![k.clone()]).collect();
    out.push(all.clone());
    out.push(all.iter().step_by(2).cloned().collect());
    out.push(all.iter().skip(1).step_by(3).cloned().collect());
    out.push(Vec::new());
    out
}

#[test]
fn exact_forwarding_forwards_exactly_the_selection() {
    let all = universe();
    for version in 1..=4 {
        for selected in selections() {
            let text = snippet(&request(&selected, version, Forwarding::Exact)).expect("renders");
            let patterns = parsed_pod_annotations(&text, version);
            let mut sorted = patterns.clone();
            sorted.sort();
            assert_eq!(patterns, sorted, "sorted");
            for key in &all {
                assert_eq!(
                    forwarded(&patterns, key),
                    selected.contains(key),
                    "v{version} {key} with {patterns:?}"
                );
            }
        }
    }
}

#[test]
fn wildcard_forwarding_forwards_every_selected_key() {
    let all = universe();
    for version in 1..=4 {
        for selected in selections() {
            let text =
                snippet(&request(&selected, version, Forwarding::Wildcard)).expect("renders");
            let patterns = parsed_pod_annotations(&text, version);
            assert_eq!(patterns[0], "io.katacontainers.*");
            for key in &selected {
                assert!(forwarded(&patterns, key), "v{version} {key} {patterns:?}");
            }
            // Nothing beyond the wildcard's reach and the selection.
            for key in &all {
                let expected = selected.contains(key) || path_match("io.katacontainers.*", key);
                assert_eq!(forwarded(&patterns, key), expected, "{key}");
            }
            // Only keys the wildcard misses are listed on their own.
            for extra in &patterns[1..] {
                assert!(!path_match("io.katacontainers.*", extra), "{extra}");
            }
        }
    }
}

#[test]
fn keys_with_pattern_characters_are_escaped() {
    let odd = vec!["a*b".to_owned(), "x[1]".to_owned(), "q?".to_owned()];
    let r = request(&odd, 3, Forwarding::Exact);
    let patterns = pod_annotations(&r);
    for key in &odd {
        assert!(forwarded(&patterns, key), "{key}");
    }
    for other in ["aXb", "x1", "qq"] {
        assert!(!forwarded(&patterns, other), "{other}");
    }
}

#[test]
fn runtime_table_content() {
    let selected = vec!["io.katacontainers.config.hypervisor.default_memory".to_owned()];
    for runtime in Runtime::ALL {
        for version in 1..=4 {
            let mut r = request(&selected, version, Forwarding::Exact);
            r.runtime = runtime;
            r.hypervisor = Hypervisor::Clh;
            let table = runtime_table(&snippet(&r).expect("renders"), version, "kata");
            assert_eq!(
                table["runtime_type"].as_str(),
                Some("io.containerd.kata.v2")
            );
            let (path, config) = match runtime {
                Runtime::Go => (
                    "/opt/kata/bin/containerd-shim-kata-v2",
                    "/opt/kata/share/defaults/kata-containers/runtimes/clh/configuration-clh.toml",
                ),
                Runtime::Rust => (
                    "/opt/kata/runtime-rs/bin/containerd-shim-kata-v2",
                    "/opt/kata/share/defaults/kata-containers/runtime-rs/runtimes/clh-runtime-rs/configuration-clh-runtime-rs.toml",
                ),
            };
            assert_eq!(table["runtime_path"].as_str(), Some(path));
            assert_eq!(table["options"]["ConfigPath"].as_str(), Some(config));
        }
    }
    // Both optional fields are left out unless asked for.
    let mut r = request(&selected, 3, Forwarding::Exact);
    r.containerd.runtime_path = false;
    r.containerd.config_path = false;
    let table = runtime_table(&snippet(&r).expect("renders"), 3, "kata");
    let keys: Vec<&str> = table.keys().map(String::as_str).collect();
    assert_eq!(keys, ["pod_annotations", "runtime_type"]);
}

#[test]
fn empty_selection_forwards_nothing_and_says_so() {
    let text = snippet(&request(&[], 2, Forwarding::Exact)).expect("renders");
    assert!(parsed_pod_annotations(&text, 2).is_empty());
    assert!(text.contains("No annotation selected"), "{text}");
}

#[test]
fn handler_names_are_quoted_as_needed() {
    let mut r = request(&[], 2, Forwarding::Exact);
    r.containerd.handler = "kata.qemu".into();
    let text = snippet(&r).expect("renders");
    let table = runtime_table(&text, 2, "kata.qemu");
    assert!(table.contains_key("runtime_type"));
}

#[test]
fn bad_options_are_typed_errors() {
    for version in [0, 5, 42] {
        let r = request(&[], version, Forwarding::Exact);
        assert!(
            matches!(snippet(&r), Err(Error::InvalidRequest(_))),
            "version {version}"
        );
    }
    let mut r = request(&[], 3, Forwarding::Exact);
    r.containerd.handler = "  ".into();
    assert!(matches!(snippet(&r), Err(Error::InvalidRequest(_))));
}

#[test]
fn exact_keys_are_the_sorted_selection() {
    let selected: BTreeMap<String, String> = [
        ("sgx.intel.com/epc", "1"),
        ("io.katacontainers.config.hypervisor.default_memory", "2048"),
        ("io.katacontainers.config.agent.kernel_modules", "m"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let r = Request {
        annotations: selected.clone(),
        ..Request::default()
    };
    // Written out: byte order, so the third-party key comes last.
    assert_eq!(
        pod_annotations(&r),
        [
            "io.katacontainers.config.agent.kernel_modules",
            "io.katacontainers.config.hypervisor.default_memory",
            "sgx.intel.com/epc",
        ]
    );
}
