//! The node policy: `enable_annotations` and the `valid_*` allow-lists of the
//! active `[hypervisor.<name>]` table, with the shipped defaults per runtime
//! and hypervisor (fact sheet §3).

use serde::{Deserialize, Serialize};

use crate::target::{Arch, Hypervisor, Runtime, Target};

/// Declares the `valid_*` allow-lists once. From one line per list come the
/// [`AllowList`] enum (with [`AllowList::ALL`] and the `configuration.toml`
/// names), the list fields of [`PolicyInput`] and [`NodePolicy`] (so the JSON
/// and TS field names are the camelCase of the config name), and their
/// accessors; every reader and writer of policies walks [`AllowList::ALL`]
/// through those accessors, so a new list needs nothing else.
macro_rules! allow_lists {
    ($($(#[$doc:meta])* $variant:ident => $field:ident,)+) => {
        /// The `valid_*` lists a restricted annotation's value must match.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
        #[serde(rename_all = "snake_case")]
        pub enum AllowList {
            $(
                #[doc = concat!("`", stringify!($field), "`")]
                $(#[$doc])*
                $variant,
            )+
        }

        impl AllowList {
            /// Every list the runtimes still check.
            pub const ALL: [AllowList; [$(stringify!($variant)),+].len()] =
                [$(AllowList::$variant),+];

            /// The list's name in `configuration.toml`.
            pub fn config_name(self) -> &'static str {
                match self {
                    $(AllowList::$variant => stringify!($field),)+
                }
            }
        }

        /// A node policy as the user gives it: every field optional; a missing field
        /// takes the shipped default of the target's runtime and hypervisor.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
        #[serde(rename_all = "camelCase", default)]
        pub struct PolicyInput {
            /// `enable_annotations`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub enable_annotations: Option<Vec<String>>,
            $(
                #[doc = concat!("`", stringify!($field), "`.")]
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<Vec<String>>,
            )+
        }

        impl PolicyInput {
            /// The entries of one allow-list, when the input sets it.
            pub fn list(&self, list: AllowList) -> Option<&[String]> {
                match list {
                    $(AllowList::$variant => self.$field.as_deref(),)+
                }
            }

            /// Mutable access to one allow-list (`None`: the shipped default).
            pub fn list_mut(&mut self, list: AllowList) -> &mut Option<Vec<String>> {
                match list {
                    $(AllowList::$variant => &mut self.$field,)+
                }
            }
        }

        /// A complete node policy.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct NodePolicy {
            /// Regexes matched (unanchored) against hypervisor key suffixes.
            pub enable_annotations: Vec<String>,
            $(
                #[doc = concat!("`", stringify!($field), "`.")]
                pub $field: Vec<String>,
            )+
        }

        impl NodePolicy {
            /// The entries of one allow-list.
            pub fn list(&self, list: AllowList) -> &[String] {
                match list {
                    $(AllowList::$variant => &self.$field,)+
                }
            }

            /// Mutable access to one allow-list.
            pub fn list_mut(&mut self, list: AllowList) -> &mut Vec<String> {
                match list {
                    $(AllowList::$variant => &mut self.$field,)+
                }
            }
        }
    };
}

// The `valid_*` lists: one line each. The variant's doc says which key it restricts.
allow_lists! {
    /// (for `path`).
    ValidHypervisorPaths => valid_hypervisor_paths,
    /// (for `jailer_path`).
    ValidJailerPaths => valid_jailer_paths,
    /// (for `virtio_fs_daemon`).
    ValidVirtioFsDaemonPaths => valid_virtio_fs_daemon_paths,
    /// (for `vhost_user_store_path`).
    ValidVhostUserStorePaths => valid_vhost_user_store_paths,
    /// (for `entropy_source`).
    ValidEntropySources => valid_entropy_sources,
}

impl AllowList {
    /// The list named `name` in `configuration.toml`.
    pub fn from_config_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.config_name() == name)
    }
}

impl NodePolicy {
    /// The user's fields over the shipped defaults of `target`.
    pub fn resolve(input: Option<&PolicyInput>, target: Target) -> Self {
        let mut policy = shipped(target);
        let Some(input) = input else {
            return policy;
        };
        if let Some(list) = &input.enable_annotations {
            policy.enable_annotations = list.clone();
        }
        for list in AllowList::ALL {
            if let Some(values) = input.list(list) {
                *policy.list_mut(list) = values.to_vec();
            }
        }
        policy
    }
}

/// kata-deploy installs everything under this prefix.
pub const KATA_PREFIX_DIR: &str = "/opt/kata";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The shipped policy of the target's shim at the target's release:
/// `enable_annotations` and the values of the `valid_*` lists its
/// configuration file has (kata-deploy's `$PREFIX = /opt/kata`). A list the
/// file lacks stays empty.
pub fn shipped(target: Target) -> NodePolicy {
    let shim = target.shim;
    let mut policy = NodePolicy {
        enable_annotations: strings(shim.enable_annotations(target.version)),
        ..NodePolicy::default()
    };
    for &list in shim.shipped.lists {
        let mut values = shipped_list(list, target.hypervisor, target.arch);
        if list == AllowList::ValidHypervisorPaths && target.hypervisor == Hypervisor::Qemu {
            for path in &mut values {
                path.push_str(shim.shipped.qemu_suffix);
            }
        }
        *policy.list_mut(list) = values;
    }
    policy
}

/// The value kata-deploy's configurations give a `valid_*` list, for a
/// configuration of `hypervisor` that has the list.
pub fn shipped_list(list: AllowList, hypervisor: Hypervisor, arch: Arch) -> Vec<String> {
    match list {
        AllowList::ValidHypervisorPaths => vec![match hypervisor {
            Hypervisor::Qemu => format!(
                "{KATA_PREFIX_DIR}/bin/qemu-system-{}",
                match arch {
                    Arch::X86_64 => "x86_64",
                    Arch::Aarch64 => "aarch64",
                    Arch::S390x => "s390x",
                    Arch::Ppc64le => "ppc64",
                }
            ),
            Hypervisor::Clh => format!("{KATA_PREFIX_DIR}/bin/cloud-hypervisor"),
            Hypervisor::Firecracker => format!("{KATA_PREFIX_DIR}/bin/firecracker"),
            Hypervisor::Stratovirt => format!("{KATA_PREFIX_DIR}/bin/stratovirt"),
            Hypervisor::Dragonball => format!("{KATA_PREFIX_DIR}/bin/dragonball"),
            Hypervisor::Openvmm => format!("{KATA_PREFIX_DIR}/bin/openvmm"),
            Hypervisor::Remote => String::new(),
        }],
        AllowList::ValidJailerPaths => vec![format!("{KATA_PREFIX_DIR}/bin/jailer")],
        AllowList::ValidVirtioFsDaemonPaths => vec![format!("{KATA_PREFIX_DIR}/libexec/virtiofsd")],
        AllowList::ValidVhostUserStorePaths => strings(&["/var/run/kata-containers/vhost-user"]),
        AllowList::ValidEntropySources => strings(&["/dev/urandom", "/dev/random", ""]),
    }
}

/// The outcome of matching a key suffix against `enable_annotations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnableCheck {
    /// Whether the runtime treats the key as enabled.
    pub enabled: bool,
    /// Entries that are not valid regexes (Go skips each; runtime-rs then enables nothing).
    pub invalid: Vec<String>,
}

/// One compiled `enable_annotations` entry.
#[derive(Debug)]
enum Matcher {
    /// No metacharacters: an unanchored match is a substring test.
    Literal(String),
    /// `^name$` with a literal name: equality.
    Exact(String),
    /// Anything else.
    Regex(regex_lite::Regex),
}

impl Matcher {
    fn compile(entry: &str) -> Result<Self, regex_lite::Error> {
        if regex_lite::escape(entry) == entry {
            return Ok(Matcher::Literal(entry.to_owned()));
        }
        if let Some(inner) = entry.strip_prefix('^').and_then(|e| e.strip_suffix('$')) {
            if regex_lite::escape(inner) == inner {
                return Ok(Matcher::Exact(inner.to_owned()));
            }
        }
        regex_lite::Regex::new(entry).map(Matcher::Regex)
    }

    fn is_match(&self, suffix: &str) -> bool {
        match self {
            Matcher::Literal(literal) => suffix.contains(literal.as_str()),
            Matcher::Exact(name) => suffix == name,
            Matcher::Regex(regex) => regex.is_match(suffix),
        }
    }
}

/// Compiled `enable_annotations`.
#[derive(Debug)]
pub struct EnableSet {
    runtime: Runtime,
    valid: Vec<Matcher>,
    invalid: Vec<String>,
}

impl EnableSet {
    /// Compiles the entries the way `runtime` does.
    pub fn new(entries: &[String], runtime: Runtime) -> Self {
        let mut valid = Vec::new();
        let mut invalid = Vec::new();
        for entry in entries {
            match Matcher::compile(entry) {
                Ok(matcher) => valid.push(matcher),
                Err(_) => invalid.push(entry.clone()),
            }
        }
        Self {
            runtime,
            valid,
            invalid,
        }
    }

    /// Entries that failed to compile.
    pub fn invalid(&self) -> &[String] {
        &self.invalid
    }

    /// Whether the suffix (key without `io.katacontainers.config.hypervisor.`) is enabled.
    /// Matching is unanchored in both runtimes; runtime-rs builds one set, so a
    /// single invalid entry disables every key.
    pub fn enables(&self, suffix: &str) -> bool {
        if self.runtime == Runtime::Rust && !self.invalid.is_empty() {
            return false;
        }
        self.valid.iter().any(|m| m.is_match(suffix))
    }
}

/// What one `enable_annotations` entry lets through on a node.
///
/// Both runtimes match each entry as a regular expression, unanchored,
/// against the key without `io.katacontainers.config.hypervisor.`: Go with
/// `regexp.MatchString` per entry (`src/runtime/pkg/oci/utils.go:294` and
/// `checkAnnotationNameIsValid`, :315, at 4.1.0), runtime-rs with one
/// `RegexSet` of all entries (`src/libs/kata-types/src/config/hypervisor/mod.rs:1456-1462`).
/// So `kernel` also enables `kernel_params` and `kernel_verity_params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unlock {
    /// The entry as written.
    pub pattern: String,
    /// The annotation keys it enables for the target, in catalog order.
    pub keys: Vec<&'static str>,
    /// Whether it is not a valid regular expression: Go skips it, and
    /// runtime-rs then enables no key at all.
    pub invalid: bool,
    /// Whether it reads as one key's name but, unanchored, enables other
    /// keys too, or is a plain word that enables several keys.
    pub broader: bool,
    /// The anchored entry that enables only the key it names (`^kernel$`),
    /// when it names one.
    pub anchored: Option<String>,
}

/// What each `enable_annotations` entry unlocks for `target`: the hypervisor
/// keys it matches among those the target's runtime defines at its release.
///
/// ```
/// use kata_annotations::policy::unlocks;
/// use kata_annotations::target::Target;
/// let found = unlocks(&["kernel".to_owned()], Target::default());
/// assert!(found[0].broader);
/// assert!(found[0].keys.contains(&"io.katacontainers.config.hypervisor.kernel_params"));
/// assert_eq!(found[0].anchored.as_deref(), Some("^kernel$"));
/// ```
pub fn unlocks(entries: &[String], target: Target) -> Vec<Unlock> {
    let gated: Vec<(&'static str, &'static str)> = crate::catalog::ANNOTATIONS
        .iter()
        .filter(|a| !a.internal && a.defined_at(target.runtime, target.version))
        .filter_map(|a| a.gate_name().map(|name| (a.key, name)))
        .collect();
    entries
        .iter()
        .map(|entry| {
            let Ok(matcher) = Matcher::compile(entry) else {
                return Unlock {
                    pattern: entry.clone(),
                    keys: Vec::new(),
                    invalid: true,
                    broader: false,
                    anchored: None,
                };
            };
            let keys: Vec<&'static str> = gated
                .iter()
                .filter(|(_, name)| matcher.is_match(name))
                .map(|(key, _)| *key)
                .collect();
            let (broader, anchored) = match &matcher {
                Matcher::Literal(word) => {
                    let names_a_key = gated.iter().any(|(_, name)| name == word);
                    let broader = if names_a_key {
                        keys.len() > 1
                    } else {
                        // An empty entry matches everything: broad, surely not meant.
                        keys.len() > 1 || word.is_empty()
                    };
                    (broader, names_a_key.then(|| format!("^{word}$")))
                }
                Matcher::Exact(_) | Matcher::Regex(_) => (false, None),
            };
            Unlock {
                pattern: entry.clone(),
                keys,
                invalid: false,
                broader,
                anchored: anchored.filter(|_| broader),
            }
        })
        .collect()
}

/// How a runtime matches a value against a `valid_*` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowVerdict {
    /// An entry matches.
    Allowed {
        /// The matching entry.
        pattern: String,
        /// Go: the match also needs the file to exist on the node.
        needs_file: bool,
    },
    /// No entry matches.
    Denied,
}

/// Checks `value` against `patterns` as `runtime` does (fact sheet §3.3).
///
/// Go expands each entry with `filepath.Glob` on the host and compares the
/// value with the results: `*` stops at `/`, `""` matches nothing, and a
/// missing file never matches. runtime-rs compiles each entry as a
/// `glob::Pattern` and matches the string: `*` crosses `/`, `""` matches `""`.
pub fn check_allowed(value: &str, patterns: &[String], runtime: Runtime) -> AllowVerdict {
    for pattern in patterns {
        let matched = match runtime {
            Runtime::Go => {
                !pattern.is_empty()
                    && glob::Pattern::new(pattern).is_ok_and(|p| {
                        p.matches_with(
                            value,
                            glob::MatchOptions {
                                case_sensitive: true,
                                require_literal_separator: true,
                                // Go's filepath.Match has no hidden-file rule.
                                require_literal_leading_dot: false,
                            },
                        )
                    })
            }
            Runtime::Rust => {
                if pattern.is_empty() {
                    value.is_empty()
                } else {
                    glob::Pattern::new(pattern).is_ok_and(|p| p.matches(value))
                }
            }
        };
        if matched {
            return AllowVerdict::Allowed {
                pattern: pattern.clone(),
                needs_file: runtime == Runtime::Go,
            };
        }
    }
    AllowVerdict::Denied
}

/// Whether an allow-list entry has glob metacharacters.
pub fn is_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        strings(items)
    }

    #[test]
    fn enable_matching_is_unanchored() {
        let set = EnableSet::new(&list(&["enable_iommu", "path"]), Runtime::Go);
        assert!(set.enables("enable_iommu_platform"));
        assert!(set.enables("jailer_path"));
        assert!(set.enables("vhost_user_store_path"));
        assert!(!set.enables("default_memory"));
        let anchored = EnableSet::new(&list(&["^path$"]), Runtime::Rust);
        assert!(anchored.enables("path"));
        assert!(!anchored.enables("jailer_path"));
    }

    #[test]
    fn kernel_params_does_not_enable_kernel_verity_params() {
        let set = EnableSet::new(&list(&["kernel_params"]), Runtime::Go);
        assert!(!set.enables("kernel_verity_params"));
        let set = EnableSet::new(&list(&["kernel"]), Runtime::Go);
        assert!(set.enables("kernel_verity_params"));
    }

    #[test]
    fn an_invalid_regex_is_skipped_by_go_and_disables_all_in_rust() {
        let entries = list(&["[invalid", "default_memory"]);
        assert!(EnableSet::new(&entries, Runtime::Go).enables("default_memory"));
        let rust = EnableSet::new(&entries, Runtime::Rust);
        assert!(!rust.enables("default_memory"));
        assert_eq!(rust.invalid(), ["[invalid".to_owned()]);
    }

    #[test]
    fn literal_fast_paths_agree_with_the_regex() {
        let entries = [
            "path",
            "^path$",
            "^default_memory$",
            "kernel_params",
            "^a.b$",
            ".*",
            "",
        ];
        let suffixes = [
            "path",
            "jailer_path",
            "default_memory",
            "kernel_params",
            "axb",
            "a.b",
            "",
        ];
        for entry in entries {
            let regex = regex_lite::Regex::new(entry).expect("valid");
            let matcher = Matcher::compile(entry).expect("valid");
            for suffix in suffixes {
                assert_eq!(
                    matcher.is_match(suffix),
                    regex.is_match(suffix),
                    "{entry:?} on {suffix:?}"
                );
            }
        }
    }

    #[test]
    fn unlocks_lists_what_each_entry_enables_and_flags_the_broad_ones() {
        let target = Target::default();
        let found = unlocks(
            &list(&[
                "kernel",
                "^kernel_params$",
                "default_memory",
                "iommu",
                "[bad",
                "^(path|jailer_path)$",
            ]),
            target,
        );
        let by = |p: &str| found.iter().find(|u| u.pattern == p).expect("listed");
        let kernel = by("kernel");
        assert!(kernel.broader && kernel.keys.len() >= 3, "{kernel:?}");
        assert!(kernel
            .keys
            .contains(&"io.katacontainers.config.hypervisor.kernel_verity_params"));
        assert_eq!(kernel.anchored.as_deref(), Some("^kernel$"));
        let exact = by("^kernel_params$");
        assert_eq!(
            exact.keys,
            ["io.katacontainers.config.hypervisor.kernel_params"]
        );
        assert!(!exact.broader && exact.anchored.is_none());
        let memory = by("default_memory");
        assert_eq!(
            memory.keys,
            ["io.katacontainers.config.hypervisor.default_memory"]
        );
        assert!(!memory.broader, "a name that matches only its key is fine");
        let word = by("iommu");
        assert!(word.broader && word.anchored.is_none(), "{word:?}");
        assert!(by("[bad").invalid && by("[bad").keys.is_empty());
        assert!(
            !by("^(path|jailer_path)$").broader,
            "a regex says what it means"
        );
        // The listed keys are exactly the ones the runtime's matching enables.
        for unlock in found.iter().filter(|u| !u.invalid) {
            let set = EnableSet::new(std::slice::from_ref(&unlock.pattern), target.runtime);
            for a in crate::catalog::ANNOTATIONS
                .iter()
                .filter(|a| a.defined_at(target.runtime, target.version) && !a.internal)
            {
                if let Some(name) = a.gate_name() {
                    assert_eq!(
                        unlock.keys.contains(&a.key),
                        set.enables(name),
                        "{} {}",
                        unlock.pattern,
                        a.key
                    );
                }
            }
        }
    }

    #[test]
    fn empty_entry_enables_everything() {
        assert!(EnableSet::new(&list(&[""]), Runtime::Rust).enables("anything"));
    }

    #[test]
    fn go_globs_stop_at_slash_and_rust_globs_cross_it() {
        let patterns = list(&["/opt/kata/bin/*"]);
        let sneaky = "/opt/kata/bin/../../../usr/bin/x";
        assert_eq!(
            check_allowed(sneaky, &patterns, Runtime::Go),
            AllowVerdict::Denied
        );
        assert!(matches!(
            check_allowed(sneaky, &patterns, Runtime::Rust),
            AllowVerdict::Allowed { .. }
        ));
        assert!(matches!(
            check_allowed("/opt/kata/bin/qemu", &patterns, Runtime::Go),
            AllowVerdict::Allowed {
                needs_file: true,
                ..
            }
        ));
    }

    #[test]
    fn empty_entry_matches_empty_value_only_in_rust() {
        let patterns = list(&["/dev/urandom", ""]);
        assert_eq!(
            check_allowed("", &patterns, Runtime::Go),
            AllowVerdict::Denied
        );
        assert!(matches!(
            check_allowed("", &patterns, Runtime::Rust),
            AllowVerdict::Allowed { .. }
        ));
    }

    #[test]
    fn no_normalisation_of_paths() {
        let patterns = list(&["/opt/kata/bin/qemu-system-x86_64"]);
        for value in [
            "/opt/kata/bin/../bin/qemu-system-x86_64",
            "/opt/kata//bin/qemu-system-x86_64",
            "/opt/kata/bin/qemu-system-x86_64 ",
        ] {
            for runtime in Runtime::ALL {
                assert_eq!(
                    check_allowed(value, &patterns, runtime),
                    AllowVerdict::Denied,
                    "{value:?}"
                );
            }
        }
    }

    #[test]
    fn user_fields_replace_shipped_lists_one_by_one() {
        let target = Target::default();
        let input = PolicyInput {
            enable_annotations: Some(list(&["^default_memory$"])),
            ..PolicyInput::default()
        };
        let policy = NodePolicy::resolve(Some(&input), target);
        assert_eq!(policy.enable_annotations, list(&["^default_memory$"]));
        assert_eq!(
            policy.valid_hypervisor_paths,
            list(&["/opt/kata/bin/qemu-system-x86_64"])
        );
    }

    #[test]
    fn list_names_agree_everywhere() {
        for allow in AllowList::ALL {
            let name = allow.config_name();
            assert_eq!(AllowList::from_config_name(name), Some(allow));
            assert_eq!(
                serde_json::to_value(allow).expect("serializes"),
                serde_json::Value::String(name.to_owned()),
            );
            let mut input = PolicyInput::default();
            *input.list_mut(allow) = Some(list(&[name]));
            let json = serde_json::to_value(&input).expect("serializes");
            let camel = camel_case(name);
            assert_eq!(json[camel.as_str()][0], name, "{json}");
            let back: PolicyInput = serde_json::from_value(json).expect("deserializes");
            assert_eq!(back.list(allow), Some(&[name.to_owned()][..]));
        }
    }

    fn camel_case(snake: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn shipped_defaults_differ_between_runtimes() {
        let go = shipped(Target::new(Runtime::Go, Hypervisor::Qemu));
        let rust = shipped(Target::default());
        assert!(!go.enable_annotations.contains(&"default_memory".to_owned()));
        assert!(rust
            .enable_annotations
            .contains(&"default_memory".to_owned()));
        let fc = shipped(Target::new(Runtime::Rust, Hypervisor::Firecracker));
        assert_eq!(fc.valid_jailer_paths, list(&["/opt/kata/bin/jailer"]));
        assert!(fc.valid_vhost_user_store_paths.is_empty());
    }

    #[test]
    fn shipped_policy_follows_the_shim_and_the_release() {
        use crate::shim::Shim;
        use crate::version::v;
        let of =
            |name: &str, version| shipped(Target::of_shim(Shim::find(name).expect(name), version));
        // src/runtime-rs/Makefile at 4.1.0: DEFENABLEANNOTATIONS_NVIDIA := [].
        assert!(of("qemu-nvidia-gpu-runtime-rs", v(4, 1))
            .enable_annotations
            .is_empty());
        assert_eq!(
            of("qemu-nvidia-gpu-snp-runtime-rs", v(4, 1)).enable_annotations,
            list(&["cc_init_data"])
        );
        // runtime-rs enabled default_memory only from 3.24.
        assert_eq!(
            of("qemu-runtime-rs", v(3, 23)).enable_annotations,
            list(&["kernel_params"])
        );
        // runtime-rs CLH and Dragonball ship no valid_virtio_fs_daemon_paths.
        assert!(of("clh-runtime-rs", v(4, 1))
            .valid_virtio_fs_daemon_paths
            .is_empty());
        assert!(of("dragonball", v(4, 1))
            .valid_virtio_fs_daemon_paths
            .is_empty());
        assert!(!of("clh", v(4, 1)).valid_virtio_fs_daemon_paths.is_empty());
    }
}
