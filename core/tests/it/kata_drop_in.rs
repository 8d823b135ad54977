//! The Kata drop-in does what it says: installed on the node (its lists fed
//! back as the request's policy), the validator finds nothing left to fix in
//! the node policy for the selected keys. And the drop-in TOML, the Helm
//! values and the CRI-O note read back as what the code meant to write.

use std::collections::BTreeMap;

use kata_annotations::catalog::{self, ANNOTATIONS, HYPERVISOR_PREFIX};
use kata_annotations::policy::{AllowList, PolicyInput};
use kata_annotations::render::kata::{drop_in, drop_in_policy, helm_values, policy_with_drop_in};
use kata_annotations::request::Request;
use kata_annotations::target::{Hypervisor, Runtime};
use kata_annotations::{validate, Code, Gate, Severity};

/// The hypervisors each runtime ships a configuration for, that we check.
fn targets() -> Vec<(Runtime, Hypervisor)> {
    let mut out = Vec::new();
    for runtime in Runtime::ALL {
        for hypervisor in Hypervisor::ALL {
            if hypervisor.supported_by(runtime) {
                out.push((runtime, hypervisor));
            }
        }
    }
    out
}

/// A value the shipped allow-lists do not allow, for restricted keys.
fn custom_value(key: &str) -> &'static str {
    match key.strip_prefix(HYPERVISOR_PREFIX) {
        Some("path") => "/opt/custom/bin/qemu-system-x86_64",
        Some("jailer_path") => "/opt/custom/bin/jailer",
        Some("virtio_fs_daemon") => "/opt/custom/libexec/virtiofsd",
        Some("vhost_user_store_path") => "/run/custom/vhost-user",
        Some("entropy_source") => "/dev/hwrng",
        _ => "1",
    }
}

fn hypervisor_keys() -> impl Iterator<Item = &'static str> {
    ANNOTATIONS
        .iter()
        .filter(|a| a.key.starts_with(HYPERVISOR_PREFIX) && !a.internal)
        .map(|a| a.key)
}

/// Whether runtime-rs fails the pod once the key is enabled (so the drop-in
/// must leave it out).
fn rust_cannot_enable(key: &str) -> bool {
    catalog::find(key).is_none_or(|a| !a.rust.handled())
}

fn request(runtime: Runtime, hypervisor: Hypervisor, pairs: &[(&str, &str)]) -> Request {
    Request {
        annotations: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        runtime,
        hypervisor,
        ..Request::default()
    }
}

/// KataPolicy errors and warnings about `keys` once the drop-in is installed.
fn policy_findings_after(request: &Request, keys: &[&str]) -> Vec<String> {
    let mut installed = request.clone();
    installed.policy = Some(policy_with_drop_in(request));
    policy_findings(&installed, keys)
}

/// KataPolicy errors and warnings about `keys`.
fn policy_findings(request: &Request, keys: &[&str]) -> Vec<String> {
    validate(request)
        .diagnostics
        .into_iter()
        .filter(|d| d.gate == Gate::KataPolicy)
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .filter(|d| d.key.as_deref().is_some_and(|k| keys.contains(&k)))
        .map(|d| format!("{} {:?}: {}", d.code.as_str(), d.key, d.message))
        .collect()
}

/// Reads `[hypervisor.<table>]` of a drop-in back into a policy input.
fn parse_drop_in(text: &str, hypervisor: Hypervisor) -> PolicyInput {
    let document: toml::Table = toml::from_str(text).expect("drop-in is TOML");
    let mut input = PolicyInput::default();
    let Some(table) = document
        .get("hypervisor")
        .and_then(|h| h.get(hypervisor.table()))
        .and_then(toml::Value::as_table)
    else {
        panic!("no [hypervisor.{}] in\n{text}", hypervisor.table());
    };
    for (name, value) in table {
        let list: Vec<String> = value
            .as_array()
            .expect("array")
            .iter()
            .map(|v| v.as_str().expect("string").to_owned())
            .collect();
        let field = match AllowList::from_config_name(name) {
            Some(AllowList::ValidHypervisorPaths) => &mut input.valid_hypervisor_paths,
            Some(AllowList::ValidJailerPaths) => &mut input.valid_jailer_paths,
            Some(AllowList::ValidVirtioFsDaemonPaths) => &mut input.valid_virtio_fs_daemon_paths,
            Some(AllowList::ValidVhostUserStorePaths) => &mut input.valid_vhost_user_store_paths,
            Some(AllowList::ValidEntropySources) => &mut input.valid_entropy_sources,
            None if name == "enable_annotations" => &mut input.enable_annotations,
            None => panic!("unexpected key {name}"),
        };
        *field = Some(list);
    }
    input
}

/// The drop-in's TOML is exactly `drop_in_policy`, under the right table.
fn assert_round_trip(request: &Request) {
    let file = drop_in(request).expect("renders");
    assert_eq!(
        parse_drop_in(&file.toml, request.hypervisor),
        drop_in_policy(request),
        "{}",
        file.toml
    );
    assert_eq!(
        file.path,
        request.resolved_shim().drop_in_path(request.kata_version)
    );
    assert!(file.path.ends_with("/config.d/50-kata-annotations.toml"));
}

#[test]
fn every_hypervisor_key_alone_passes_the_node_policy_after_the_drop_in() {
    let mut checked = 0;
    let mut fixed = 0;
    for (runtime, hypervisor) in targets() {
        for key in hypervisor_keys() {
            let r = request(runtime, hypervisor, &[(key, custom_value(key))]);
            assert_round_trip(&r);
            if runtime == Runtime::Rust && rust_cannot_enable(key) {
                continue;
            }
            let before = policy_findings(&r, &[key]);
            let left = policy_findings_after(&r, &[key]);
            assert!(left.is_empty(), "{runtime} {hypervisor:?} {key}: {left:#?}");
            // The drop-in is needed exactly when the node refuses the key now.
            assert_eq!(
                before.is_empty(),
                drop_in_policy(&r) == PolicyInput::default(),
                "{runtime} {hypervisor:?} {key}: {before:#?}"
            );
            checked += 1;
            fixed += usize::from(!before.is_empty());
        }
    }
    assert!(checked > 500, "{checked}");
    assert!(fixed > 400, "{fixed}");
}

#[test]
fn all_hypervisor_keys_together_pass_the_node_policy_after_the_drop_in() {
    for (runtime, hypervisor) in targets() {
        let keys: Vec<&str> = hypervisor_keys()
            .filter(|k| runtime == Runtime::Go || !rust_cannot_enable(k))
            .collect();
        let pairs: Vec<(&str, &str)> = keys.iter().map(|k| (*k, custom_value(k))).collect();
        let r = request(runtime, hypervisor, &pairs);
        assert_round_trip(&r);
        let left = policy_findings_after(&r, &keys);
        assert!(left.is_empty(), "{runtime} {hypervisor:?}: {left:#?}");
        // Feeding drop_in_policy back directly is the same without a user policy.
        assert_eq!(policy_with_drop_in(&r), drop_in_policy(&r));
    }
}

/// runtime-rs fails the pod on an enabled key it does not implement, so the
/// drop-in leaves those keys out and says why; the Go runtime fails the pod
/// on any key that is not enabled, so it enables them all.
#[test]
fn keys_runtime_rs_does_not_implement_are_left_out_with_a_note() {
    let unimplemented: Vec<&str> = hypervisor_keys()
        .filter(|k| rust_cannot_enable(k))
        .collect();
    assert!(!unimplemented.is_empty());
    for key in unimplemented {
        let r = request(Runtime::Rust, Hypervisor::Qemu, &[(key, "1")]);
        let file = drop_in(&r).expect("renders");
        assert!(
            crate::prose(&file.toml)
                .contains(&format!("Not enabled: runtime-rs does not implement {key}")),
            "{}",
            file.toml
        );
        let enabled = drop_in_policy(&r).enable_annotations.unwrap_or_default();
        let suffix = key.strip_prefix(HYPERVISOR_PREFIX).expect("hypervisor key");
        assert!(!enabled.contains(&format!("^{suffix}$")), "{key}");
        // Enabling it would be worse: the pod fails instead of ignoring the key.
        let mut forced = r.clone();
        forced.policy = Some(PolicyInput {
            enable_annotations: Some(vec![".*".into()]),
            ..PolicyInput::default()
        });
        let codes: Vec<Code> = validate(&forced).for_key(key).map(|d| d.code).collect();
        assert!(
            codes.contains(&Code::UnimplementedKey) || codes.contains(&Code::RemovedKey),
            "{key}: {codes:?}"
        );

        let go = request(Runtime::Go, Hypervisor::Qemu, &[(key, "1")]);
        assert!(policy_findings_after(&go, &[key]).is_empty(), "{key}");
    }
}

#[test]
fn restricted_values_get_exact_entries_and_keep_the_current_ones() {
    let restricted = [
        ("path", AllowList::ValidHypervisorPaths),
        ("jailer_path", AllowList::ValidJailerPaths),
        ("virtio_fs_daemon", AllowList::ValidVirtioFsDaemonPaths),
        ("vhost_user_store_path", AllowList::ValidVhostUserStorePaths),
        ("entropy_source", AllowList::ValidEntropySources),
    ];
    for (runtime, hypervisor) in targets() {
        for (suffix, list) in restricted {
            let key = format!("{HYPERVISOR_PREFIX}{suffix}");
            let value = custom_value(&key);
            let r = request(runtime, hypervisor, &[(&key, value)]);
            let shipped = r.node_policy().list(list).to_vec();
            let after = kata_annotations::policy::NodePolicy::resolve(
                Some(&policy_with_drop_in(&r)),
                r.target(),
            );
            let mut expected = shipped.clone();
            expected.push(value.to_owned());
            assert_eq!(
                after.list(list),
                expected.as_slice(),
                "{runtime} {hypervisor:?} {key}"
            );
            assert!(policy_findings_after(&r, &[&key]).is_empty());

            // A value the list already allows changes nothing.
            if let Some(allowed) = shipped.iter().find(|v| !v.is_empty()) {
                let r = request(runtime, hypervisor, &[(&key, allowed)]);
                let input = drop_in_policy(&r);
                let field = match list {
                    AllowList::ValidHypervisorPaths => input.valid_hypervisor_paths,
                    AllowList::ValidJailerPaths => input.valid_jailer_paths,
                    AllowList::ValidVirtioFsDaemonPaths => input.valid_virtio_fs_daemon_paths,
                    AllowList::ValidVhostUserStorePaths => input.valid_vhost_user_store_paths,
                    AllowList::ValidEntropySources => input.valid_entropy_sources,
                };
                assert_eq!(field, None, "{runtime} {hypervisor:?} {key}");
            }
        }
    }
}

#[test]
fn a_user_policy_is_kept_and_extended() {
    for runtime in Runtime::ALL {
        let memory = format!("{HYPERVISOR_PREFIX}default_memory");
        let path = format!("{HYPERVISOR_PREFIX}path");
        let mut r = request(
            runtime,
            Hypervisor::Qemu,
            &[(&memory, "4096"), (&path, "/usr/local/bin/qemu")],
        );
        r.policy = Some(PolicyInput {
            enable_annotations: Some(vec!["^default_vcpus$".into(), "[broken".into()]),
            valid_hypervisor_paths: Some(vec!["/usr/bin/qemu".into()]),
            ..PolicyInput::default()
        });
        let input = drop_in_policy(&r);
        assert_eq!(
            input.enable_annotations,
            Some(vec![
                "^default_vcpus$".to_owned(),
                "^default_memory$".to_owned(),
                "^path$".to_owned()
            ])
        );
        assert_eq!(
            input.valid_hypervisor_paths,
            Some(vec![
                "/usr/bin/qemu".to_owned(),
                "/usr/local/bin/qemu".to_owned()
            ])
        );
        assert_round_trip(&r);
        assert!(drop_in(&r)
            .expect("renders")
            .toml
            .contains("Left out \"[broken\""));
        assert!(policy_findings_after(&r, &[&memory, &path]).is_empty());
    }
}

#[test]
fn an_empty_value_cannot_be_allowed_for_go_and_the_drop_in_says_so() {
    let key = format!("{HYPERVISOR_PREFIX}entropy_source");
    let r = request(Runtime::Go, Hypervisor::Qemu, &[(&key, "")]);
    let file = drop_in(&r).expect("renders");
    assert!(
        file.toml.contains("never matches an empty value"),
        "{}",
        file.toml
    );
    assert_eq!(drop_in_policy(&r).valid_entropy_sources, None);
    // runtime-rs matches the shipped "" entry.
    let r = request(Runtime::Rust, Hypervisor::Qemu, &[(&key, "")]);
    assert!(policy_findings_after(&r, &[&key]).is_empty());
}

#[test]
fn non_hypervisor_keys_need_no_drop_in() {
    let r = request(
        Runtime::Go,
        Hypervisor::Qemu,
        &[
            (
                "io.katacontainers.config.runtime.disable_guest_seccomp",
                "false",
            ),
            ("io.katacontainers.config.agent.kernel_modules", "e1000"),
            ("sgx.intel.com/epc", "1Mi"),
        ],
    );
    assert_eq!(drop_in_policy(&r), PolicyInput::default());
    assert_round_trip(&r);
}

/// The chart's structure: `shims.<shim>.allowedHypervisorAnnotations` and,
/// for the `valid_*` lists, `shims.<shim>.dropIn` (a TOML string).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Values {
    shims: BTreeMap<String, ShimValues>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ShimValues {
    allowed_hypervisor_annotations: Vec<String>,
    drop_in: Option<String>,
}

#[test]
fn helm_values_carry_the_same_additions() {
    for (runtime, hypervisor) in targets() {
        let keys: Vec<String> = hypervisor_keys()
            .filter(|k| runtime == Runtime::Go || !rust_cannot_enable(k))
            .map(str::to_owned)
            .collect();
        let pairs: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), custom_value(k))).collect();
        let r = request(runtime, hypervisor, &pairs);
        let text = helm_values(&r).expect("renders");
        let values: Values = serde_yaml::from_str(&text).expect("values are YAML");
        let shim = r.resolved_shim();
        assert_eq!(values.shims.len(), 1);
        let shim_values = &values.shims[shim.name];

        // kata-deploy merges the entries into the shipped list: the result
        // enables what the drop-in's complete list enables.
        let input = drop_in_policy(&r);
        let mut merged = r.node_policy().enable_annotations;
        merged.extend(shim_values.allowed_hypervisor_annotations.iter().cloned());
        assert_eq!(
            Some(merged),
            input.enable_annotations,
            "{runtime} {hypervisor:?}"
        );

        // dropIn holds the valid_* lists and never enable_annotations.
        let drop_in_text = shim_values.drop_in.as_deref().expect("dropIn");
        let lists = parse_drop_in(drop_in_text, hypervisor);
        assert_eq!(lists.enable_annotations, None);
        assert_eq!(
            lists,
            PolicyInput {
                enable_annotations: None,
                ..input
            }
        );
        assert!(crate::prose(&text).contains("kata-deploy merges allowedHypervisorAnnotations"));
    }
}

#[test]
fn helm_values_without_additions_are_empty_lists() {
    let r = request(Runtime::Rust, Hypervisor::Qemu, &[]);
    let values: Values = serde_yaml::from_str(&helm_values(&r).expect("renders")).expect("YAML");
    let shim = &values.shims["qemu-runtime-rs"];
    assert!(shim.allowed_hypervisor_annotations.is_empty());
    assert!(shim.drop_in.is_none());
}
