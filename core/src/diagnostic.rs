//! Diagnostics: what the validator reports, with stable codes.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The pod will not start, or Kubernetes rejects the object.
    Error,
    /// The pod starts, but the setting is ignored, changed, or risky.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// The lower-case word the UI and the CLI print (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which gate on the way from the manifest to the VM raises the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    /// The Kubernetes API server (key syntax, sizes, string values).
    Kubernetes,
    /// containerd's `pod_annotations` forwarding.
    Containerd,
    /// The node's Kata configuration: `enable_annotations` and the `valid_*` lists.
    KataPolicy,
    /// The Kata runtime parsing and checking the value.
    KataValue,
}

impl Gate {
    /// Every gate, in the order an annotation meets them.
    pub const ALL: [Gate; 4] = [
        Gate::Kubernetes,
        Gate::Containerd,
        Gate::KataPolicy,
        Gate::KataValue,
    ];

    /// The name people use for the gate.
    pub fn label(self) -> &'static str {
        match self {
            Gate::Kubernetes => "Kubernetes",
            Gate::Containerd => "containerd",
            Gate::KataPolicy => "Kata policy",
            Gate::KataValue => "Kata value",
        }
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $severity:ident, $gate:ident; )*) => {
        /// Every diagnostic code. Codes are stable: a code is never reused
        /// for another meaning; retired codes stay reserved.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
        pub enum Code {
            $( $(#[doc = $doc])* #[serde(rename = $code)] $variant, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code text, e.g. `KA101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity this code normally has (a few rules lower it, e.g. for the runtime not in use).
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The gate this code belongs to.
            pub fn gate(self) -> Gate {
                match self { $(Code::$variant => Gate::$gate,)* }
            }

            /// One line on what the code means (the generated reference lists these).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    /// The key's name part is longer than 63 characters; the API server rejects the object.
    KeyTooLong = "KA101", Error, Kubernetes;
    /// Keys and values together exceed 262144 bytes; the API server rejects the object.
    TotalSizeTooLarge = "KA102", Error, Kubernetes;
    /// Two keys differ only by letter case.
    CaseDuplicate = "KA103", Error, Kubernetes;
    /// The key is not a valid Kubernetes qualified name.
    InvalidKeySyntax = "KA104", Error, Kubernetes;
    /// The key has upper-case letters: Kubernetes accepts it, but Kata and containerd match exactly.
    MixedCaseKey = "KA105", Error, Kubernetes;

    /// An `io.katacontainers.` key no runtime knows.
    UnknownKey = "KA201", Warning, KataValue;
    /// A near-miss prefix such as `io.kata-containers.`: no runtime reads the key.
    WrongPrefix = "KA202", Error, KataValue;
    /// The key was removed from Kata.
    RemovedKey = "KA203", Warning, KataValue;
    /// The selected runtime does not read this key.
    NotReadByRuntime = "KA204", Warning, KataValue;
    /// The runtime parses the key but never applies it.
    NoOpKey = "KA205", Warning, KataValue;
    /// The runtime sets this key itself and discards the user's value.
    InternalKey = "KA206", Warning, KataValue;
    /// runtime-rs fails the pod for an enabled hypervisor key it does not implement.
    UnimplementedKey = "KA207", Error, KataValue;

    /// A hypervisor key that `enable_annotations` does not enable.
    NotEnabled = "KA301", Error, KataPolicy;
    /// An `enable_annotations` entry is not a valid regular expression.
    InvalidEnableRegex = "KA302", Warning, KataPolicy;
    /// A restricted value that the `valid_*` list does not allow.
    NotInAllowList = "KA303", Error, KataPolicy;
    /// The allow-list check also depends on the node's filesystem.
    NeedsHostFile = "KA304", Info, KataPolicy;
    /// The runtime ships no configuration for the hypervisor.
    UnsupportedTarget = "KA305", Error, KataPolicy;
    /// An allow-list entry with a wildcard that lets more through than intended.
    BroadAllowPattern = "KA306", Warning, KataPolicy;

    /// The runtime cannot parse the value.
    InvalidValue = "KA401", Error, KataValue;
    /// Go stores the number in 32 bits and it silently wraps.
    ValueWraps = "KA402", Error, KataValue;
    /// runtime-rs cannot parse the value and silently ignores the annotation.
    ValueIgnored = "KA403", Warning, KataValue;
    /// The value parses but is outside the range the runtime allows.
    OutOfRange = "KA404", Error, KataValue;
    /// Two annotations that cannot be used together.
    Conflict = "KA405", Error, KataValue;
    /// The runtime accepts the value but changes it (clamps, defaults, overrides).
    ValueAdjusted = "KA406", Warning, KataValue;
    /// The value is accepted here but the other runtime reads it differently.
    RuntimeDifference = "KA407", Info, KataValue;
    /// The value is not in canonical form (e.g. `True` for `true`).
    NonCanonical = "KA408", Info, KataValue;
    /// The value depends on the node (host CPUs, files, guest modules).
    NodeDependent = "KA409", Info, KataValue;
    /// What the VM will really get, from the size annotations, the pod's limits and the shim's sizing mode.
    VmSizing = "KA410", Info, KataValue;

    /// The setting has a security or operational risk.
    Risk = "KA501", Warning, KataValue;

    /// kata-deploy's containerd `pod_annotations` (`io.katacontainers.*`) does not forward this key: containerd drops it and the setting is silently ignored.
    NotForwarded = "KA601", Warning, Containerd;

    /// A Kata annotation where Kubernetes does not copy it to pods (the controller's own metadata, or a stray `annotations` field).
    MisplacedAnnotation = "KA701", Warning, Kubernetes;
    /// An annotation value that is not a string (unquoted `false`, `2048`, `yes`, a list or a map): the API server rejects the object.
    NonStringValue = "KA702", Error, Kubernetes;
    /// An annotation without a value (null): Kubernetes stores an empty string, and `kubectl apply` may delete the key.
    NullValue = "KA703", Warning, Kubernetes;
    /// A key that appears twice in one mapping: strict validation rejects the object, other readers keep only one value.
    DuplicateKey = "KA704", Error, Kubernetes;
    /// A document that is not a workload the importer reads (ConfigMap, Service, ...): skipped.
    SkippedDocument = "KA705", Info, Kubernetes;
    /// The pod template sets no `runtimeClassName`: the pod runs with the default runtime, not Kata.
    NoRuntimeClass = "KA706", Warning, Kubernetes;
    /// The pasted text holds no workload.
    NoWorkload = "KA707", Info, Kubernetes;
    /// A workload field has the wrong shape (annotations not a mapping, no pod template): the API server rejects the object.
    MalformedWorkload = "KA708", Error, Kubernetes;
    /// Part of the manifest was not checked: it is past the importer's limits.
    NotChecked = "KA709", Info, Kubernetes;
    /// The file is not a manifest the importer can read (not YAML, not UTF-8, too large, or hostile): nothing in it was checked.
    Unreadable = "KA710", Error, Kubernetes;
}

/// Where something is in a pasted or linted manifest: 1-based line and
/// column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

/// One finding about a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// The annotation it is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The gate that raises it.
    pub gate: Gate,
    /// What happens and how to fix it.
    pub message: String,
    /// Where the annotation's key is written, for a finding of an imported
    /// manifest (the importer sets it; the validator knows no text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm-validate", tsify(optional))]
    pub position: Option<Position>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity and gate.
    pub fn new(code: Code, key: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            key: key.map(str::to_owned),
            gate: code.gate(),
            message: message.into(),
            position: None,
        }
    }

    /// The same diagnostic with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Everything the validator found, most severe first, then by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether anything would stop the pod (or the object) outright.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The findings about one key.
    pub fn for_key<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics
            .iter()
            .filter(move |d| d.key.as_deref() == Some(key))
    }
}
