//! The Kata side of a selection: the `config.d` drop-in that enables the
//! selected hypervisor annotations and allows their restricted values, and
//! the kata-deploy Helm values that do the same through the chart
//! (fact sheet §3).
//!
//! Both start from the node policy in force ([`Request::node_policy`]: the
//! user's lists, or the shipped defaults) and add only what the selection
//! needs. A drop-in list *replaces* the list of the main file, so every list
//! the drop-in sets is complete: the current entries plus the additions.
//!
//! Where files live follows kata-deploy ([`Shim`]): each shim has its own
//! directory `…/runtimes/<shim>/` holding `configuration-<shim>.toml` and a
//! `config.d/` whose `*.toml` files are applied in file-name order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{self, HYPERVISOR_PREFIX};
use crate::policy::{check_allowed, AllowList, AllowVerdict, EnableSet, PolicyInput};
use crate::request::Request;
use crate::target::{Hypervisor, Runtime};
use crate::Error;

// The shim moved to its own module; these paths keep working.
pub use crate::shim::{runtime_path, Shim, DROP_IN_FILE};

/// Comment lines that say when the target is not what kata-deploy installs.
pub(crate) fn shim_notes(request: &Request) -> Vec<String> {
    let target = request.target();
    let shim = target.shim;
    let mut notes = Vec::new();
    if !target.hypervisor.supported_by(target.runtime) {
        notes.push(format!(
            "Note: {} ships no configuration for {}; nothing reads this until one exists.",
            target.runtime.label(),
            target.hypervisor.table()
        ));
    } else if !shim.installed_at(target.version) {
        notes.push(format!(
            "Note: kata-deploy {} does not install a \"{}\" shim; these paths assume its layout",
            target.version,
            target.shim_name()
        ));
        notes.push(format!(
            "(configuration-{}.toml copied to {}/).",
            target.shim_name(),
            shim.config_dir(target.version)
        ));
    }
    notes
}

/// A drop-in file: where it goes and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropIn {
    /// The path on a kata-deploy node.
    pub path: String,
    /// The TOML text.
    pub toml: String,
}

/// Why a selected annotation gets nothing in the drop-in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Skip {
    /// runtime-rs does not implement the key: enabling it fails the pod.
    Unimplemented(String),
    /// The Go runtime never matches an empty value against a `valid_*` list.
    EmptyGoValue(String, AllowList),
}

/// What the drop-in changes, and why.
#[derive(Debug, Clone)]
struct Plan {
    /// The lists the drop-in sets (`None`: left as they are).
    input: PolicyInput,
    /// Anchored `enable_annotations` entries added, with their keys.
    enabled: Vec<(String, String)>,
    /// Entries of the current list that are not valid regular expressions.
    dropped: Vec<String>,
    /// Selected annotations the drop-in cannot help.
    skipped: Vec<Skip>,
    /// Values added to `valid_*` lists: (list, key, entry).
    allowed: Vec<(AllowList, String, String)>,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.input == PolicyInput::default()
    }
}

/// Whether `runtime` can be given the hypervisor key `key` without failing
/// the pod: the Go runtime fails on any hypervisor-prefixed key that is not
/// enabled (so everything gets enabled); runtime-rs fails on an enabled key
/// it does not implement (so only the keys it reads get enabled).
fn can_enable(runtime: Runtime, key: &str) -> bool {
    match runtime {
        Runtime::Go => true,
        Runtime::Rust => catalog::find(key).is_some_and(|a| a.rust.handled()),
    }
}

/// Escapes glob metacharacters so that an allow-list entry matches exactly
/// one value, both for Go's `filepath.Glob` and runtime-rs's `glob::Pattern`
/// (a bracketed single character means itself in both; `]` outside a class
/// is literal in both, and `[]]` would be malformed for Go).
fn escape_glob(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '*' | '?' | '[' | '\\' => {
                out.push('[');
                out.push(c);
                if c == '\\' {
                    out.push('\\');
                }
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

fn plan(request: &Request) -> Plan {
    let runtime = request.runtime;
    let current = request.node_policy();
    let mut input = PolicyInput::default();
    let mut skipped = Vec::new();

    // Entries that do not compile do nothing for Go and disable every key for
    // runtime-rs; a complete list is the moment to leave them out.
    let probe = EnableSet::new(&current.enable_annotations, runtime);
    let dropped: Vec<String> = probe.invalid().to_vec();
    let mut enable: Vec<String> = current
        .enable_annotations
        .iter()
        .filter(|e| !dropped.contains(e))
        .cloned()
        .collect();
    let set = EnableSet::new(&enable, runtime);

    let mut enabled = Vec::new();
    for key in request.annotations.keys() {
        let Some(suffix) = key.strip_prefix(HYPERVISOR_PREFIX) else {
            continue;
        };
        if !can_enable(runtime, key) {
            skipped.push(Skip::Unimplemented(key.clone()));
            continue;
        }
        if set.enables(suffix) {
            continue;
        }
        let entry = format!("^{}$", regex_lite::escape(suffix));
        if !enable.contains(&entry) {
            enable.push(entry.clone());
            enabled.push((entry, key.clone()));
        }
    }
    if !enabled.is_empty() || !dropped.is_empty() {
        input.enable_annotations = Some(enable);
    }

    let mut lists: BTreeMap<&'static str, (AllowList, Vec<String>)> = BTreeMap::new();
    let mut allowed = Vec::new();
    for (key, value) in &request.annotations {
        let Some(list) = catalog::find(key).and_then(|a| a.allow_list()) else {
            continue;
        };
        if !can_enable(runtime, key) {
            continue;
        }
        let entries = &mut lists
            .entry(list.config_name())
            .or_insert_with(|| (list, current.list(list).to_vec()))
            .1;
        if check_allowed(value, entries, runtime) != AllowVerdict::Denied {
            continue;
        }
        if runtime == Runtime::Go && value.is_empty() {
            skipped.push(Skip::EmptyGoValue(key.clone(), list));
            continue;
        }
        let entry = escape_glob(value);
        entries.push(entry.clone());
        allowed.push((list, key.clone(), entry));
    }
    for (list, entries) in lists.into_values() {
        if entries.as_slice() != current.list(list) {
            *input.list_mut(list) = Some(entries);
        }
    }
    Plan {
        input,
        enabled,
        dropped,
        skipped,
        allowed,
    }
}

/// The lists [`drop_in`] sets, as a policy input: feed it back as
/// [`Request::policy`] to see the request as the node will after the drop-in
/// is installed. Lists the drop-in leaves alone are `None`.
pub fn drop_in_policy(request: &Request) -> PolicyInput {
    plan(request).input
}

/// The request's own policy input with the drop-in's lists laid over it: the
/// node's policy once the drop-in is installed. Equal to [`drop_in_policy`]
/// for a request without a policy of its own.
pub fn policy_with_drop_in(request: &Request) -> PolicyInput {
    let mut policy = request.policy.clone().unwrap_or_default();
    let drop_in = drop_in_policy(request);
    let overlay = |base: &mut Option<Vec<String>>, set: Option<&[String]>| {
        if let Some(set) = set {
            *base = Some(set.to_vec());
        }
    };
    overlay(
        &mut policy.enable_annotations,
        drop_in.enable_annotations.as_deref(),
    );
    for list in AllowList::ALL {
        overlay(policy.list_mut(list), drop_in.list(list));
    }
    policy
}

/// The `policy` lists as TOML values under `[hypervisor.<table>]`.
fn hypervisor_table(input: &PolicyInput, with_enable: bool) -> toml::Table {
    let mut table = toml::Table::new();
    let mut put = |name: &str, list: Option<&[String]>| {
        if let Some(list) = list {
            table.insert(
                name.to_owned(),
                toml::Value::Array(list.iter().cloned().map(toml::Value::String).collect()),
            );
        }
    };
    if with_enable {
        put("enable_annotations", input.enable_annotations.as_deref());
    }
    for list in AllowList::ALL {
        put(list.config_name(), input.list(list));
    }
    table
}

/// `{ hypervisor = { <table> = … } }` serialized.
fn hypervisor_document(hypervisor: Hypervisor, table: toml::Table) -> Result<String, Error> {
    let mut tables = toml::Table::new();
    tables.insert(hypervisor.table().to_owned(), toml::Value::Table(table));
    let mut document = toml::Table::new();
    document.insert("hypervisor".to_owned(), toml::Value::Table(tables));
    Ok(toml::to_string_pretty(&document)?)
}

/// Comment lines for what the plan could not do.
fn skip_notes(plan: &Plan, runtime: Runtime) -> Vec<String> {
    let mut notes = Vec::new();
    for entry in &plan.dropped {
        notes.push(format!(
            "Left out {entry:?}: not a valid regular expression ({}).",
            match runtime {
                Runtime::Go => "the Go runtime skips it",
                Runtime::Rust => "runtime-rs would then enable no hypervisor annotation at all",
            }
        ));
    }
    for skip in &plan.skipped {
        match skip {
            Skip::Unimplemented(key) => notes.push(format!(
                "Not enabled: runtime-rs does not implement {key}; enabled, it would fail the pod (\"Invalid annotation type\"). Remove the annotation."
            )),
            Skip::EmptyGoValue(key, list) => notes.push(format!(
                "Not allowed: {key} is empty, and the Go runtime never matches an empty value against {}.",
                list.config_name()
            )),
        }
    }
    notes
}

/// The `config.d/50-kata-annotations.toml` drop-in for the request's shim:
/// `[hypervisor.<table>]` with the complete `enable_annotations` (the node's
/// current entries plus an anchored `^name$` entry for each selected
/// hypervisor key they do not enable yet) and, for each restricted value the
/// current `valid_*` list refuses, that complete list plus the exact value.
pub fn drop_in(request: &Request) -> Result<DropIn, Error> {
    let target = request.target();
    let shim = target.shim;
    let plan = plan(request);
    let table = target.hypervisor.table();
    let path = shim.drop_in_path(target.version);

    let mut lines = vec![
        format!(
            "Kata drop-in for the {} shim \"{}\" ([hypervisor.{table}]).",
            target.runtime.label(),
            target.shim_name()
        ),
        format!("Install it as {path}"),
        format!(
            "The runtime applies every config.d/*.toml over configuration-{}.toml in file-name",
            target.shim_name()
        ),
        "order when it starts a pod; pods created before keep their settings.".to_owned(),
    ];
    lines.extend(shim_notes(request));
    lines.push(String::new());
    if plan.is_empty() {
        lines.push(
            "Nothing to change: the node's policy already lets the selected annotations through,"
                .to_owned(),
        );
        lines.push("so this file is not needed.".to_owned());
    } else {
        lines.push(
            "A list set here REPLACES the one in the main file, so each list below is complete:"
                .to_owned(),
        );
        lines.push(
            "the node's current entries (keep them) plus what the selected annotations need."
                .to_owned(),
        );
        if !plan.enabled.is_empty() {
            lines.push(
                "enable_annotations entries are regular expressions matched anywhere in the part of"
                    .to_owned(),
            );
            lines.push(format!(
                "the key after \"{HYPERVISOR_PREFIX}\"; the added ones are anchored:"
            ));
            for (entry, key) in &plan.enabled {
                lines.push(format!("  {entry}  for {key}"));
            }
        }
        for list in AllowList::ALL {
            let added: Vec<_> = plan.allowed.iter().filter(|(l, _, _)| *l == list).collect();
            if added.is_empty() {
                continue;
            }
            lines.push(format!(
                "{} gets the exact value (no wildcard) of:",
                list.config_name()
            ));
            for (_, key, entry) in added {
                lines.push(format!("  {entry:?}  for {key}"));
            }
        }
    }
    lines.extend(skip_notes(&plan, target.runtime));

    let body = hypervisor_document(target.hypervisor, hypervisor_table(&plan.input, true))?;
    Ok(DropIn {
        path,
        toml: format!("{}\n{body}", super::comment_block(&lines)),
    })
}

/// One shim's kata-deploy chart values.
#[derive(Debug, Serialize)]
struct ShimValues {
    #[serde(rename = "allowedHypervisorAnnotations")]
    allowed_hypervisor_annotations: Vec<String>,
    #[serde(rename = "dropIn", skip_serializing_if = "Option::is_none")]
    drop_in: Option<String>,
}

/// The chart's global `env` block of releases before 3.23.
#[derive(Debug, Serialize)]
struct EnvValues {
    #[serde(rename = "allowedHypervisorAnnotations")]
    allowed_hypervisor_annotations: String,
}

/// The part of the chart's values this module sets.
#[derive(Debug, Serialize)]
struct HelmValues {
    #[serde(skip_serializing_if = "Option::is_none")]
    env: Option<EnvValues>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    shims: BTreeMap<&'static str, ShimValues>,
}

/// The chart's shape for allowed annotations, per kata-deploy release
/// (`tools/packaging/kata-deploy/helm-chart/kata-deploy/values.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChartShape {
    /// Before 3.8 there is no chart (3.3–3.7: the DaemonSet's
    /// `ALLOWED_HYPERVISOR_ANNOTATIONS`; 3.2: nothing at all).
    NoChart,
    /// 3.8–3.22: one space-separated `env.allowedHypervisorAnnotations` for every shim.
    GlobalEnv,
    /// 3.23–3.31: `shims.<shim>.allowedHypervisorAnnotations`, no `dropIn`.
    PerShim,
    /// 3.32 on: per shim, with `shims.<shim>.dropIn`.
    PerShimWithDropIn,
}

impl ChartShape {
    fn of(version: crate::version::Version) -> Self {
        use crate::version::v;
        if version < v(3, 8) {
            ChartShape::NoChart
        } else if version < v(3, 23) {
            ChartShape::GlobalEnv
        } else if version < v(3, 32) {
            ChartShape::PerShim
        } else {
            ChartShape::PerShimWithDropIn
        }
    }
}

/// kata-deploy Helm values for the request's shim:
/// `shims.<shim>.allowedHypervisorAnnotations` with the anchored entries the
/// selection needs, and, when a restricted value needs a `valid_*` list, the
/// chart's `shims.<shim>.dropIn` with those lists (the chart has no value for
/// them; it writes `dropIn` as `config.d/50-user-overrides.toml`).
pub fn helm_values(request: &Request) -> Result<String, Error> {
    let target = request.target();
    let plan = plan(request);
    let allowed: Vec<String> = plan.enabled.iter().map(|(e, _)| e.clone()).collect();
    let valid_lists = hypervisor_table(&plan.input, false);
    let drop_in = if valid_lists.is_empty() {
        None
    } else {
        Some(hypervisor_document(target.hypervisor, valid_lists)?)
    };

    let shape = ChartShape::of(target.version);
    let mut lines = vec![
        format!(
            "kata-deploy {} Helm values for the {} shim \"{}\" (RuntimeClass kata-{}).",
            target.version,
            target.runtime.label(),
            target.shim_name(),
            target.shim_name()
        ),
        "Pass with `helm upgrade --install ... -f this-file.yaml` next to your other values."
            .to_owned(),
        "kata-deploy merges allowedHypervisorAnnotations into enable_annotations of the shim's"
            .to_owned(),
        format!(
            "configuration-{}.toml (sorted, de-duplicated), keeping the entries it ships.",
            target.shim_name()
        ),
        "Helm replaces lists and strings: merge these with values you already set.".to_owned(),
    ];
    match shape {
        ChartShape::NoChart => lines.push(format!(
            "kata-deploy {} has no Helm chart: put the same entries, space-separated, in the DaemonSet's ALLOWED_HYPERVISOR_ANNOTATIONS (from 3.3), or use the Kata drop-in.",
            target.version
        )),
        ChartShape::GlobalEnv => lines.push(
            "Before 3.23 the chart has one env.allowedHypervisorAnnotations for every shim (space-separated)."
                .to_owned(),
        ),
        ChartShape::PerShim if drop_in.is_some() => lines.push(
            "The chart has no dropIn before 3.32: install the valid_* lists with the Kata drop-in."
                .to_owned(),
        ),
        _ => {}
    }
    let drop_in = drop_in.filter(|_| shape == ChartShape::PerShimWithDropIn);
    if drop_in.is_some() {
        lines.push(
            "The valid_* allow-lists have no value of their own: dropIn sets them (complete lists),"
                .to_owned(),
        );
        lines.push(
            "written as config.d/50-user-overrides.toml. Keep enable_annotations out of dropIn:"
                .to_owned(),
        );
        lines.push("a drop-in list would replace the merged one.".to_owned());
    }
    if plan.is_empty() {
        lines.push(
            "Nothing to add: the node's policy already lets the selected annotations through."
                .to_owned(),
        );
    }
    lines.extend(shim_notes(request));
    lines.extend(skip_notes(&plan, target.runtime));

    let values = match shape {
        ChartShape::NoChart | ChartShape::GlobalEnv => HelmValues {
            env: Some(EnvValues {
                allowed_hypervisor_annotations: allowed.join(" "),
            }),
            shims: BTreeMap::new(),
        },
        ChartShape::PerShim | ChartShape::PerShimWithDropIn => HelmValues {
            env: None,
            shims: BTreeMap::from([(
                target.shim_name(),
                ShimValues {
                    allowed_hypervisor_annotations: allowed,
                    drop_in,
                },
            )]),
        },
    };
    let yaml = crate::yaml::to_kubernetes_yaml(&values)?;
    Ok(format!("{}{yaml}", super::comment_block(&lines)))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Every list goes node-config TOML → [`PolicyInput`] → drop-in (and the
    /// Helm `dropIn`) → read back, through a key the catalog restricts with it.
    #[test]
    fn every_allow_list_round_trips_through_node_config_and_drop_in() {
        use crate::node_config;
        let table = Hypervisor::Qemu.table();
        for list in AllowList::ALL {
            let name = list.config_name();
            let key = catalog::ANNOTATIONS
                .iter()
                .find(|a| a.allow_list() == Some(list) && a.go.applies())
                .unwrap_or_else(|| panic!("no key the Go runtime reads is restricted by {name}"))
                .key;
            let config = format!("[hypervisor.{table}]\n{name} = [\"/opt/a\", \"/opt/b/*\"]\n");
            let read = node_config::read(&config, Hypervisor::Qemu).expect("reads");
            let current = vec!["/opt/a".to_owned(), "/opt/b/*".to_owned()];
            assert_eq!(read.policy.list(list), Some(current.as_slice()), "{name}");

            let mut r = request(Runtime::Go, Hypervisor::Qemu, &[(key, "/custom/x")]);
            r.policy = Some(read.policy);
            let mut expected = current.clone();
            expected.push("/custom/x".to_owned());

            let file = drop_in(&r).expect("renders");
            let back = node_config::read(&file.toml, Hypervisor::Qemu).expect("reads back");
            assert_eq!(back.policy.list(list), Some(expected.as_slice()), "{name}");

            let helm: serde_yaml::Value =
                serde_yaml::from_str(&helm_values(&r).expect("renders")).expect("YAML");
            let shim = r.resolved_shim().name;
            let embedded = helm["shims"][shim]["dropIn"].as_str().expect("dropIn");
            let back = node_config::read(embedded, Hypervisor::Qemu).expect("reads back");
            assert_eq!(back.policy.list(list), Some(expected.as_slice()), "{name}");
        }
    }

    #[test]
    fn glob_escape_matches_only_the_value() {
        for value in ["/opt/x[1]/qemu", "/opt/*", "/a?b", r"/a\b", "/plain/path"] {
            let entry = escape_glob(value);
            let patterns = vec![entry.clone()];
            for runtime in Runtime::ALL {
                assert!(
                    check_allowed(value, &patterns, runtime) != AllowVerdict::Denied,
                    "{value:?} via {entry:?} ({runtime})"
                );
            }
            assert_eq!(
                check_allowed("/opt/other", &patterns, Runtime::Rust),
                AllowVerdict::Denied
            );
        }
    }

    #[test]
    fn nothing_selected_changes_nothing() {
        let r = request(Runtime::Rust, Hypervisor::Qemu, &[]);
        assert_eq!(drop_in_policy(&r), PolicyInput::default());
        let d = drop_in(&r).expect("renders");
        assert!(d.toml.contains("Nothing to change"), "{}", d.toml);
    }

    #[test]
    fn already_enabled_keys_add_nothing() {
        let r = request(
            Runtime::Rust,
            Hypervisor::Qemu,
            &[("io.katacontainers.config.hypervisor.default_memory", "4096")],
        );
        assert_eq!(drop_in_policy(&r), PolicyInput::default());
    }

    #[test]
    fn runtime_rs_unimplemented_keys_are_not_enabled() {
        let key = "io.katacontainers.config.hypervisor.kernel_hash";
        let r = request(Runtime::Rust, Hypervisor::Qemu, &[(key, "ab")]);
        assert_eq!(drop_in_policy(&r), PolicyInput::default());
        assert!(drop_in(&r).expect("renders").toml.contains(key));
        let go = request(Runtime::Go, Hypervisor::Qemu, &[(key, "ab")]);
        let enable = drop_in_policy(&go).enable_annotations.expect("set");
        assert!(enable.contains(&"^kernel_hash$".to_owned()));
    }

    #[test]
    fn invalid_entries_are_left_out_of_the_complete_list() {
        let mut r = request(
            Runtime::Rust,
            Hypervisor::Qemu,
            &[("io.katacontainers.config.hypervisor.default_memory", "4096")],
        );
        r.policy = Some(PolicyInput {
            enable_annotations: Some(vec!["[bad".into(), "default_memory".into()]),
            ..PolicyInput::default()
        });
        assert_eq!(
            drop_in_policy(&r).enable_annotations,
            Some(vec!["default_memory".to_owned()])
        );
    }

    #[test]
    fn helm_values_take_the_charts_shape_of_the_release() {
        let with = |version: &str| {
            let mut r = request(
                Runtime::Rust,
                Hypervisor::Qemu,
                &[
                    (
                        "io.katacontainers.config.hypervisor.enable_hugepages",
                        "true",
                    ),
                    (
                        "io.katacontainers.config.hypervisor.path",
                        "/opt/custom/qemu",
                    ),
                ],
            );
            r.kata_version = version.parse().expect("known release");
            let text = helm_values(&r).expect("renders");
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
            (text, yaml)
        };
        // 3.8–3.22: one global, space-separated env value.
        let (text, yaml) = with("3.20");
        assert!(yaml["env"]["allowedHypervisorAnnotations"]
            .as_str()
            .is_some_and(|v| v.contains("^enable_hugepages$") && v.contains(' ')));
        assert!(yaml.get("shims").is_none(), "{text}");
        // 3.23–3.31: per shim, no dropIn (the valid_* list goes to the Kata drop-in).
        let (text, yaml) = with("3.25");
        let shim = &yaml["shims"]["qemu-runtime-rs"];
        assert!(shim["allowedHypervisorAnnotations"].is_sequence(), "{text}");
        assert!(shim.get("dropIn").is_none(), "{text}");
        assert!(text.contains("no dropIn before 3.32"), "{text}");
        // 3.32 on: dropIn carries the valid_* lists.
        let (text, yaml) = with("4.1");
        assert!(
            yaml["shims"]["qemu-runtime-rs"]["dropIn"]
                .as_str()
                .is_some_and(|d| d.contains("valid_hypervisor_paths")),
            "{text}"
        );
        // No chart before 3.8.
        let (text, _) = with("3.5");
        assert!(text.contains("has no Helm chart"), "{text}");
    }
}
