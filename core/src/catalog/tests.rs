//! Invariants of the catalog table.

use super::*;
use crate::kind;

#[test]
fn keys_are_unique_and_sorted() {
    for pair in ANNOTATIONS.windows(2) {
        assert!(
            pair[0].key < pair[1].key,
            "{} must sort before {}",
            pair[0].key,
            pair[1].key
        );
    }
    for a in ANNOTATIONS {
        assert_eq!(find(a.key).map(|f| f.key), Some(a.key));
    }
}

#[test]
fn find_knows_exactly_the_catalog_keys() {
    for a in ANNOTATIONS {
        // A prefix, an extension and another case of a key are other keys.
        let shorter = &a.key[..a.key.len() - 1];
        let longer = format!("{}x", a.key);
        let upper = a.key.to_ascii_uppercase();
        for other in [shorter, longer.as_str(), upper.as_str()] {
            if ANNOTATIONS.iter().all(|b| b.key != other) {
                assert!(find(other).is_none(), "{other} is not in the catalog");
            }
        }
    }
    assert!(find("").is_none());
}

#[test]
fn every_default_is_valid_for_every_runtime_that_reads_the_key() {
    for a in ANNOTATIONS {
        let Some(default) = a.default else { continue };
        for runtime in Runtime::ALL {
            if let Support::Reads { kind } = a.support(runtime) {
                assert!(
                    kind::parse(kind, runtime, default).is_ok(),
                    "{}: default {default:?} is not valid for {runtime:?}",
                    a.key
                );
            }
        }
    }
}

#[test]
fn all_keys_of_the_original_doc_table_are_present() {
    let table = include_str!("../../tests/fixtures/original-doc-keys.tsv");
    let keys: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("key\t") && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(keys.len(), 64);
    for key in keys {
        assert!(find(key).is_some(), "{key} is missing from the catalog");
    }
}

#[test]
fn removed_keys_of_the_original_table_say_since_when() {
    for (key, since) in [
        ("io.katacontainers.config_path", "4.0"),
        ("io.katacontainers.config.agent.trace_mode", "2.3"),
        ("io.katacontainers.config.hypervisor.enable_swap", "3.14"),
        (
            "io.katacontainers.config.hypervisor.file_mem_backend",
            "3.32",
        ),
    ] {
        assert_eq!(
            find(key)
                .and_then(Annotation::removed_since)
                .map(|v| v.to_string()),
            Some(since.to_owned()),
            "{key}"
        );
    }
}

#[test]
fn groups_match_prefixes() {
    for a in ANNOTATIONS {
        let ok = match a.group {
            Group::Hypervisor(_) => a.key.starts_with(HYPERVISOR_PREFIX),
            Group::Runtime => a.key.starts_with(RUNTIME_PREFIX),
            Group::Agent => a.key.starts_with(AGENT_PREFIX),
            Group::Container => {
                a.key.starts_with(CONTAINER_PREFIX) || !a.key.starts_with(KATA_PREFIX)
            }
            Group::Global => {
                (a.key.starts_with(KATA_PREFIX) && !a.key.starts_with("io.katacontainers.config."))
                    || (a.internal && a.key.starts_with("io.kubernetes.cri."))
            }
        };
        assert!(ok, "{} is in the wrong group {:?}", a.key, a.group);
    }
}

#[test]
fn restricted_keys_name_a_list_the_runtimes_check() {
    for a in ANNOTATIONS.iter().filter(|a| a.restricted.is_some()) {
        let live = Runtime::ALL
            .into_iter()
            .any(|r| a.support_at(r, crate::version::Version::NEWEST).applies());
        let known = a.allow_list().is_some();
        assert_eq!(live, known, "{}: restricted list {:?}", a.key, a.restricted);
        assert!(a.is_gated(), "{} is restricted but not gated", a.key);
    }
}

#[test]
fn descriptions_are_present_and_tidy() {
    for a in ANNOTATIONS {
        assert!(a.description.len() > 10, "{} needs a description", a.key);
        assert_eq!(a.description.trim(), a.description, "{}", a.key);
    }
}

#[test]
fn only_one_key_is_too_long_for_kubernetes() {
    let too_long: Vec<&str> = ANNOTATIONS
        .iter()
        .filter(|a| !a.kubernetes_settable())
        .map(|a| a.key)
        .collect();
    assert_eq!(
        too_long,
        ["io.katacontainers.config.hypervisor.vhost_user_reconnect_timeout_sec"]
    );
}

#[test]
fn search_matches_key_description_and_group_terms() {
    let memory = find("io.katacontainers.config.hypervisor.default_memory").expect("known");
    assert!(matches(memory, "default_memory"));
    assert!(matches(memory, "MEMORY cpu"));
    assert!(matches(memory, ""));
    assert!(!matches(memory, "memory nvidia"));
}
