//! The importer and linter for existing Kubernetes manifests.
//!
//! [`import_manifest`] reads pasted YAML (one or more documents; Pod,
//! Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, and `List`
//! objects with `items`), finds each workload's pod-template annotations, and
//! reports what Kubernetes would do with them before Kata ever sees them:
//!
//! * Kata annotations on a controller's own `metadata.annotations` (or in a
//!   stray `annotations` field) never reach the pod (KA701);
//! * unquoted `false`, `2048`, `yes`, lists and maps are not strings: the API
//!   server rejects the object (KA702); an empty value is stored as `""` (KA703);
//! * duplicate keys (KA704), documents that are not workloads (KA705), a pod
//!   template without `runtimeClassName` (KA706), no workload at all (KA707),
//!   malformed objects (KA708), parts past the limits (KA709);
//! * then [`validate`](crate::validate()) on each workload's annotations:
//!   unknown and misspelled keys, gates, values.
//!
//! Hostile input ends in an [`Error`] or diagnostics, in time and memory
//! linear in the input: the text is at most [`MAX_INPUT_BYTES`], flow nesting
//! is bounded before libyaml sees it, aliases expand within a node and byte
//! budget, and document, workload and annotation counts are capped.

mod apply;
mod guard;
mod node;

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeSeed;
use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{Code, Diagnostic, Report, Severity};
use crate::request::{Request, Workload, WorkloadKind};
use crate::validate::validate;
use crate::Error;

pub use apply::apply_import;
use node::{Budget, Exhausted, Node, NodeSeed, Number, Str};

/// The largest text the importer reads (2 MiB).
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// The most YAML documents the importer reads.
pub const MAX_DOCUMENTS: usize = 1000;
/// The most workloads the importer reads (documents and `List` items together).
pub const MAX_WORKLOADS: usize = 256;
/// The most annotations per workload that go through the validator.
pub const MAX_ANNOTATIONS_CHECKED: usize = 256;
/// The most annotations over all workloads that go through the validator.
pub const MAX_ANNOTATIONS_CHECKED_TOTAL: usize = 2048;
/// Keys longer than this skip the validator's did-you-mean search; Kubernetes
/// allows 253 (prefix) + 1 + 63 (name) anyway.
pub const MAX_KEY_BYTES_CHECKED: usize = 317;
/// The most bytes of unknown Kata-looking keys that go through the validator
/// (each costs a did-you-mean search over the catalog).
pub const MAX_UNKNOWN_KEY_BYTES_CHECKED: usize = 32 * 1024;
/// The most value findings per annotation map.
const MAX_VALUE_FINDINGS: usize = 50;
/// The most duplicate-key findings per workload.
const MAX_DUPLICATES_REPORTED: usize = 50;

/// One object found in the pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportedWorkload {
    /// 0-based YAML document index (`List` items: the List's document).
    /// Messages count documents from 1.
    pub document: usize,
    /// The object kind.
    pub kind: WorkloadKind,
    /// `metadata.name` (or `generateName`), `""` if absent.
    pub name: String,
    /// `metadata.namespace`, `""` if absent.
    pub namespace: String,
    /// The first container of the pod template: its name, `""` if none.
    pub container_name: String,
    /// The first container's image, `""` if none.
    pub image: String,
    /// The first container's command, empty if none.
    pub command: Vec<String>,
    /// The pod template's `runtimeClassName`, `""` if absent.
    pub runtime_class_name: String,
    /// The pod-template annotations (what Kubernetes copies to pods), values
    /// as strings (a non-string scalar is converted to the string YAML 1.1
    /// would have produced, e.g. `false`→"false", and linted).
    pub annotations: BTreeMap<String, String>,
    /// Kata annotations on the controller's own metadata (NOT copied to pods),
    /// or in a stray `annotations` field Kubernetes does not know.
    pub misplaced: BTreeMap<String, String>,
}

/// What the importer found: the workloads and every finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    /// The workloads, in document order.
    pub workloads: Vec<ImportedWorkload>,
    /// Lint findings and the validator's findings for every workload, most
    /// severe first; with several workloads each message starts with the
    /// workload (`Deployment web: ...`).
    pub report: Report,
}

/// Parses pasted YAML (one or more documents; Pod, Deployment, StatefulSet,
/// DaemonSet, ReplicaSet, Job, CronJob, and `kind: List` with items), lints
/// it, and validates each workload's annotations with `base` (a Request whose
/// runtime/hypervisor/policy apply; its annotations/workload are replaced per
/// workload).
///
/// ```
/// use kata_annotations::import::import_manifest;
/// use kata_annotations::{Code, Request};
/// let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    \
///             io.katacontainers.config.runtime.disable_guest_seccomp: false\n\
///             spec:\n  runtimeClassName: kata\n  containers: [{name: c, image: busybox}]\n";
/// let imported = import_manifest(text, &Request::default()).unwrap();
/// assert_eq!(imported.workloads[0].annotations["io.katacontainers.config.runtime.disable_guest_seccomp"], "false");
/// assert!(imported.report.diagnostics.iter().any(|d| d.code == Code::NonStringValue));
/// ```
///
/// # Errors
///
/// [`Error::ImportTooLarge`] past [`MAX_INPUT_BYTES`]; [`Error::ImportSyntax`]
/// for text that is not YAML, nests too deeply, expands aliases too far, or
/// has more than [`MAX_DOCUMENTS`] documents or [`MAX_WORKLOADS`] workloads.
pub fn import_manifest(text: &str, base: &Request) -> Result<Imported, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::ImportTooLarge {
            bytes: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if let Err(at) = guard::check(text) {
        return Err(Error::ImportSyntax(format!(
            "brackets nest more than {} levels deep at line {}, column {}; no manifest nests like that, so the importer stops here",
            guard::MAX_FLOW_DEPTH,
            at.line,
            at.column
        )));
    }
    let documents = parse_documents(text)?;
    let mut lint = Lint {
        text,
        lines: LineIndex::new(text),
        found: Vec::new(),
        general: Vec::new(),
    };
    for (index, document) in documents.iter().enumerate() {
        lint.document(index, document)?;
    }
    Ok(lint.finish(base))
}

/// [`import_manifest`] for raw bytes: rejects invalid UTF-8 with the byte offset.
///
/// # Errors
///
/// As [`import_manifest`], and [`Error::ImportSyntax`] for bytes that are not UTF-8.
pub fn import_bytes(bytes: &[u8], base: &Request) -> Result<Imported, Error> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::ImportTooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => import_manifest(text, base),
        Err(error) => Err(Error::ImportSyntax(utf8_message(bytes, &error))),
    }
}

/// The request for one imported workload: base with that workload's
/// annotations and workload fields.
pub fn to_request(workload: &ImportedWorkload, base: &Request) -> Request {
    Request {
        annotations: workload.annotations.clone(),
        workload: Workload {
            kind: workload.kind,
            name: workload.name.clone(),
            namespace: workload.namespace.clone(),
            container_name: workload.container_name.clone(),
            image: workload.image.clone(),
            command: workload.command.clone(),
            runtime_class_name: workload.runtime_class_name.clone(),
            include_runtime_class: base.workload.include_runtime_class,
        },
        ..base.clone()
    }
}

fn utf8_message(bytes: &[u8], error: &std::str::Utf8Error) -> String {
    let offset = error.valid_up_to();
    let valid = &bytes[..offset];
    let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(
        &valid[valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1)..],
    )
    .chars()
    .count()
        + 1;
    let byte = bytes.get(offset).copied().unwrap_or_default();
    let hint = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        " The text looks like UTF-16: save it as UTF-8."
    } else {
        ""
    };
    format!("the manifest is not valid UTF-8: byte 0x{byte:02x} at byte offset {offset} (line {line}, column {column}) does not start a valid character.{hint}")
}

/// Reads every document into a [`Node`] tree.
fn parse_documents(text: &str) -> Result<Vec<Node>, Error> {
    let budget = Budget::new(text);
    let mut documents = Vec::new();
    // serde_yaml's iterator keeps yielding after a failed load: stop at the first error.
    for (index, deserializer) in serde_yaml::Deserializer::from_str(text).enumerate() {
        if index >= MAX_DOCUMENTS {
            return Err(Error::ImportSyntax(format!(
                "the manifest has more than {MAX_DOCUMENTS} YAML documents; the importer reads at most {MAX_DOCUMENTS}"
            )));
        }
        match (NodeSeed { budget: &budget }).deserialize(deserializer) {
            Ok(node) => documents.push(node),
            Err(error) => return Err(syntax_error(index, &error, budget.exhausted())),
        }
    }
    Ok(documents)
}

fn syntax_error(index: usize, error: &serde_yaml::Error, exhausted: Option<Exhausted>) -> Error {
    let at = error
        .location()
        .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
        .unwrap_or_default();
    let document = index + 1;
    let text = error.to_string();
    let message = match exhausted {
        Some(Exhausted::Nodes) => format!(
            "document {document}{at} has more than {} YAML nodes, counting every repetition of an alias (`*name`); no manifest is that large, and aliases that repeat large parts look like a \"billion laughs\" bomb",
            node::MAX_NODES
        ),
        Some(Exhausted::Bytes) => format!(
            "document {document}{at} holds more than {} MiB of text, counting every repetition of an alias (`*name`); aliases that repeat large parts look like a \"billion laughs\" bomb",
            node::MAX_SCALAR_BYTES / (1024 * 1024)
        ),
        None if text.starts_with("repetition limit exceeded") => format!(
            "document {document} expands aliases (`*name`) too often: it looks like a \"billion laughs\" bomb"
        ),
        None if text.starts_with("recursion limit exceeded") => format!(
            "document {document} nests more than 128 levels deep{at}; no manifest nests like that"
        ),
        None => format!("document {document}: {text}"),
    };
    Error::ImportSyntax(message)
}

/// Line numbers for byte offsets.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 1-based line of `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// Where annotations sit in each kind, as paths of field names.
struct Layout {
    /// The pod template's metadata: the right place.
    template_metadata: &'static [&'static str],
    /// The pod spec.
    pod_spec: &'static [&'static str],
    /// Other metadata Kubernetes does not copy to pods.
    other_metadata: &'static [&'static [&'static str]],
    /// Objects where a bare `annotations` field is a mistake (Kubernetes has no such field).
    stray: &'static [&'static [&'static str]],
}

fn layout(kind: WorkloadKind) -> Layout {
    match kind {
        WorkloadKind::Pod => Layout {
            template_metadata: &["metadata"],
            pod_spec: &["spec"],
            other_metadata: &[],
            stray: &[&[], &["spec"]],
        },
        WorkloadKind::CronJob => Layout {
            template_metadata: &["spec", "jobTemplate", "spec", "template", "metadata"],
            pod_spec: &["spec", "jobTemplate", "spec", "template", "spec"],
            other_metadata: &[&["metadata"], &["spec", "jobTemplate", "metadata"]],
            stray: &[
                &[],
                &["spec"],
                &["spec", "jobTemplate"],
                &["spec", "jobTemplate", "spec"],
                &["spec", "jobTemplate", "spec", "template"],
                &["spec", "jobTemplate", "spec", "template", "spec"],
            ],
        },
        _ => Layout {
            template_metadata: &["spec", "template", "metadata"],
            pod_spec: &["spec", "template", "spec"],
            other_metadata: &[&["metadata"]],
            stray: &[
                &[],
                &["spec"],
                &["spec", "template"],
                &["spec", "template", "spec"],
            ],
        },
    }
}

fn dotted(path: &[&str]) -> String {
    path.join(".")
}

/// A key Kata (or a catalog entry) reads, or a near miss of one.
fn is_kata_key(key: &str) -> bool {
    key.to_ascii_lowercase().contains("kata") || catalog::find(key).is_some()
}

/// The value of `name` in mapping `map`: the last explicit entry, else the
/// first merged (`<<`) mapping that has it.
fn field<'n>(map: &'n Node, name: &str) -> Option<&'n Node> {
    let Node::Map(pairs) = map else {
        return None;
    };
    pairs
        .iter()
        .rev()
        .find(|(k, _)| !is_merge_key(k) && k.as_str() == Some(name))
        .map(|(_, v)| v)
        .or_else(|| merged_sources(pairs).find_map(|source| field(source, name)))
}

fn path<'n>(root: &'n Node, steps: &[&str]) -> Option<&'n Node> {
    steps.iter().try_fold(root, |node, step| field(node, step))
}

fn is_merge_key(key: &Node) -> bool {
    matches!(key, Node::Str(Str { value, quoted: false, .. }) if value == "<<")
}

/// The mappings a `<<` entry merges in, in precedence order.
fn merged_sources(pairs: &[(Node, Node)]) -> impl Iterator<Item = &Node> {
    pairs
        .iter()
        .filter(|(k, _)| is_merge_key(k))
        .flat_map(|(_, v)| match v {
            Node::Map(_) => std::slice::from_ref(v).iter(),
            Node::Seq(items) => items.iter(),
            _ => [].iter(),
        })
        .filter(|v| matches!(v, Node::Map(_)))
}

/// Every entry of a mapping, merges resolved: explicit entries in order
/// (duplicates included), then merged entries no explicit key overrides.
fn entries(map: &Node) -> Vec<(&Node, &Node)> {
    let Node::Map(pairs) = map else {
        return Vec::new();
    };
    let mut out: Vec<(&Node, &Node)> = pairs
        .iter()
        .filter(|(k, _)| !is_merge_key(k))
        .map(|(k, v)| (k, v))
        .collect();
    let mut seen: BTreeSet<String> = out.iter().filter_map(|(k, _)| k.key_text()).collect();
    for source in merged_sources(pairs) {
        for (k, v) in entries(source) {
            if let Some(text) = k.key_text() {
                if seen.insert(text) {
                    out.push((k, v));
                }
            }
        }
    }
    out
}

fn text_of(node: Option<&Node>) -> String {
    match node {
        None | Some(Node::Null) => String::new(),
        Some(node) => node.text(),
    }
}

/// One workload and its own findings, before messages get their prefix.
struct Found {
    workload: ImportedWorkload,
    diagnostics: Vec<Diagnostic>,
}

/// The import in progress.
struct Lint<'t> {
    text: &'t str,
    lines: LineIndex,
    found: Vec<Found>,
    /// Findings about documents rather than workloads.
    general: Vec<Diagnostic>,
}

impl Lint<'_> {
    fn document(&mut self, index: usize, node: &Node) -> Result<(), Error> {
        let number = index + 1;
        let kind = match node {
            Node::Null => return Ok(()),
            Node::Map(_) => text_of(field(node, "kind")),
            other => {
                self.general.push(Diagnostic::new(
                    Code::SkippedDocument,
                    None,
                    format!(
                        "Document {number} is {}, not a Kubernetes object; skipped.",
                        other.describe()
                    ),
                ));
                return Ok(());
            }
        };
        if kind == "List" || (kind.ends_with("List") && field(node, "items").is_some()) {
            let Some(Node::Seq(items)) = field(node, "items") else {
                self.general.push(Diagnostic::new(
                    Code::MalformedWorkload,
                    None,
                    format!("Document {number} is a {kind} whose `items` is not a list; skipped."),
                ));
                return Ok(());
            };
            for (position, item) in items.iter().enumerate() {
                let item_kind = text_of(field(item, "kind"));
                let label = format!("item {} of the {kind} in document {number}", position + 1);
                self.object(index, item, &item_kind, &label)?;
            }
            return Ok(());
        }
        self.object(index, node, &kind, &format!("document {number}"))
    }

    /// One object: a workload, or a skipped document.
    fn object(&mut self, index: usize, node: &Node, kind: &str, label: &str) -> Result<(), Error> {
        let Some(workload_kind) = WorkloadKind::from_kind(kind) else {
            let name = text_of(path(node, &["metadata", "name"]));
            let what = match (kind.is_empty(), name.is_empty()) {
                (true, _) => "has no `kind`".to_owned(),
                (false, true) => format!("is a {kind}"),
                (false, false) => format!("is a {kind} ({name})"),
            };
            self.general.push(Diagnostic::new(
                Code::SkippedDocument,
                None,
                format!(
                    "{} {what}, not a workload the importer reads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob); skipped.",
                    capitalized(label)
                ),
            ));
            return Ok(());
        };
        if self.found.len() >= MAX_WORKLOADS {
            return Err(Error::ImportSyntax(format!(
                "the manifest has more than {MAX_WORKLOADS} workloads; the importer reads at most {MAX_WORKLOADS}"
            )));
        }
        let found = self.workload(index, node, workload_kind);
        self.found.push(found);
        Ok(())
    }

    fn workload(&self, document: usize, node: &Node, kind: WorkloadKind) -> Found {
        let layout = layout(kind);
        let mut out = Vec::new();
        let name = match path(node, &["metadata", "name"]) {
            Some(n) if !matches!(n, Node::Null) => n.text(),
            _ => text_of(path(node, &["metadata", "generateName"])),
        };
        let namespace = text_of(path(node, &["metadata", "namespace"]));
        let pod_spec = path(node, layout.pod_spec);
        if pod_spec.is_none() {
            out.push(Diagnostic::new(
                Code::MalformedWorkload,
                None,
                format!(
                    "There is no pod spec at {}: the API server rejects the object.",
                    dotted(layout.pod_spec)
                ),
            ));
        }
        let container = pod_spec
            .and_then(|spec| field(spec, "containers"))
            .and_then(|c| match c {
                Node::Seq(items) => items.first(),
                _ => None,
            });
        let command = match container.and_then(|c| field(c, "command")) {
            Some(Node::Seq(items)) => items.iter().map(Node::text).collect(),
            Some(Node::Null) | None => Vec::new(),
            Some(other) => vec![other.text()],
        };
        let runtime_class_name = text_of(pod_spec.and_then(|spec| field(spec, "runtimeClassName")));

        // The right place.
        let template_path = {
            let mut p = layout.template_metadata.to_vec();
            p.push("annotations");
            p
        };
        let annotations = self.annotation_map(
            path(node, layout.template_metadata).and_then(|m| field(m, "annotations")),
            &dotted(&template_path),
            &mut out,
        );

        // Places Kubernetes does not copy to pods.
        let mut misplaced = BTreeMap::new();
        for metadata in layout.other_metadata {
            let mut p = metadata.to_vec();
            p.push("annotations");
            let where_ = dotted(&p);
            let map = self.annotation_map(
                path(node, metadata).and_then(|m| field(m, "annotations")),
                &where_,
                &mut out,
            );
            self.misplaced(
                map,
                &where_,
                false,
                kind,
                &layout,
                &annotations,
                &mut misplaced,
                &mut out,
            );
        }
        for parent in layout.stray {
            let holder = if parent.is_empty() {
                Some(node)
            } else {
                path(node, parent)
            };
            let Some(stray) = holder.and_then(|h| field(h, "annotations")) else {
                continue;
            };
            let mut p = parent.to_vec();
            p.push("annotations");
            let where_ = dotted(&p);
            let map = self.annotation_map(Some(stray), &where_, &mut out);
            self.misplaced(
                map,
                &where_,
                true,
                kind,
                &layout,
                &annotations,
                &mut misplaced,
                &mut out,
            );
        }

        if pod_spec.is_some() && runtime_class_name.is_empty() {
            let spec = dotted(layout.pod_spec);
            out.push(Diagnostic::new(
                Code::NoRuntimeClass,
                None,
                format!("{spec}.runtimeClassName is not set: the pod runs with the cluster's default runtime, not Kata, and no Kata annotation has any effect. Set it to your Kata RuntimeClass (for example `runtimeClassName: kata`)."),
            ));
        }

        self.duplicates(node, &mut String::new(), &mut 0, &mut out);

        Found {
            workload: ImportedWorkload {
                document,
                kind,
                name,
                namespace,
                container_name: text_of(container.and_then(|c| field(c, "name"))),
                image: text_of(container.and_then(|c| field(c, "image"))),
                command,
                runtime_class_name,
                annotations,
                misplaced,
            },
            diagnostics: out,
        }
    }

    /// Reports the Kata keys of an annotation map Kubernetes does not copy to pods.
    #[allow(clippy::too_many_arguments)]
    fn misplaced(
        &self,
        map: BTreeMap<String, String>,
        where_: &str,
        stray: bool,
        kind: WorkloadKind,
        layout: &Layout,
        annotations: &BTreeMap<String, String>,
        misplaced: &mut BTreeMap<String, String>,
        out: &mut Vec<Diagnostic>,
    ) {
        let right = {
            let mut p = layout.template_metadata.to_vec();
            p.push("annotations");
            dotted(&p)
        };
        for (key, value) in map {
            if !is_kata_key(&key) {
                continue;
            }
            let diagnostic = if stray {
                Diagnostic::new(
                    Code::MisplacedAnnotation,
                    Some(&key),
                    format!("{where_} is not a Kubernetes field: kubectl's strict validation rejects the object and lenient clients drop it, so the pod never gets this annotation. Move it to {right}."),
                )
                .with_severity(Severity::Error)
            } else if annotations.get(&key) == Some(&value) {
                Diagnostic::new(
                    Code::MisplacedAnnotation,
                    Some(&key),
                    format!("Also set in {where_}, which Kubernetes does not copy to pods; the copy in {right} is the one that counts, so this one can go."),
                )
                .with_severity(Severity::Info)
            } else {
                let owner = if where_.starts_with("spec.jobTemplate") {
                    "the Job template's own metadata"
                } else {
                    match kind {
                        WorkloadKind::CronJob => "the CronJob's own metadata",
                        _ => "the controller's own metadata",
                    }
                };
                Diagnostic::new(
                    Code::MisplacedAnnotation,
                    Some(&key),
                    format!("In {where_} ({owner}): Kubernetes does not copy it to pods, so Kata never sees it. Move it to {right}."),
                )
            };
            out.push(diagnostic);
            misplaced.insert(key, value);
        }
    }

    /// Reads one `annotations` field into strings, linting values Kubernetes
    /// would not take as strings.
    fn annotation_map(
        &self,
        node: Option<&Node>,
        where_: &str,
        out: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        let pairs = match node {
            None | Some(Node::Null) => return map,
            Some(node @ Node::Map(_)) => entries(node),
            Some(other) => {
                out.push(Diagnostic::new(
                    Code::MalformedWorkload,
                    None,
                    format!(
                        "{where_} is {}; Kubernetes expects a mapping of keys to string values and rejects the object.",
                        other.describe()
                    ),
                ));
                return map;
            }
        };
        let first = out.len();
        for (key_node, value) in pairs {
            let Some(key) = key_node.key_text() else {
                out.push(Diagnostic::new(
                    Code::MalformedWorkload,
                    None,
                    format!(
                        "{where_} has a key that is {}; annotation keys are strings.",
                        key_node.describe()
                    ),
                ));
                continue;
            };
            let text = match value {
                Node::Str(s) if !s.retyped => s.value.clone(),
                Node::Null => {
                    out.push(Diagnostic::new(
                        Code::NullValue,
                        Some(&key),
                        format!("{where_}: this annotation has no value (null). Kubernetes stores an empty string, and `kubectl apply` deletes a key set to null on update. Write the value in quotes, e.g. `{key}: \"true\"`, or remove the line."),
                    ));
                    String::new()
                }
                other => {
                    let raw = self
                        .raw_scalar(key_node, other)
                        .unwrap_or_else(|| other.text());
                    let why = match other {
                        Node::Str(_) => format!(
                            "YAML 1.1, which Kubernetes uses, reads the unquoted `{raw}` as {}",
                            yaml11_type(&raw)
                        ),
                        Node::Bool(_) | Node::Number(_) => {
                            format!("the unquoted `{raw}` is {}", other.describe())
                        }
                        _ => format!("the value is {}", other.describe()),
                    };
                    out.push(Diagnostic::new(
                        Code::NonStringValue,
                        Some(&key),
                        format!("{where_}: {why}, not a string, and the API server rejects the object (\"cannot unmarshal … into Go struct field ObjectMeta.metadata.annotations of type string\"). Quote it: `{key}: \"{}\"`.", raw.escape_default()),
                    ));
                    raw
                }
            };
            map.insert(key, text);
        }
        let found = out.len() - first;
        if found > MAX_VALUE_FINDINGS {
            let dropped = found - MAX_VALUE_FINDINGS;
            out.truncate(first + MAX_VALUE_FINDINGS);
            out.push(Diagnostic::new(
                Code::NotChecked,
                None,
                format!("{where_}: {dropped} more findings like the ones above are not shown."),
            ));
        }
        map
    }

    /// The scalar as written after `key:` in the text, when the key's position
    /// is known and the text reads back as the same value.
    fn raw_scalar(&self, key: &Node, value: &Node) -> Option<String> {
        if let Node::Str(s) = value {
            return Some(s.value.clone());
        }
        let Node::Str(Str {
            span: Some((_, end)),
            quoted,
            ..
        }) = key
        else {
            return None;
        };
        let mut rest = self.text.get(*end..)?;
        if *quoted {
            rest = rest.get(1..)?;
        }
        let rest = rest
            .trim_start_matches([' ', '\t'])
            .strip_prefix(':')?
            .trim_start_matches([' ', '\t', '\r', '\n']);
        let token = rest
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '#'))
            .next()?;
        if token.is_empty() || token.len() > 64 {
            return None;
        }
        let parsed: serde_yaml::Value = serde_yaml::from_str(token).ok()?;
        let same = match (value, &parsed) {
            (Node::Bool(a), serde_yaml::Value::Bool(b)) => a == b,
            (Node::Number(n), serde_yaml::Value::Number(p)) => {
                let p = if let Some(u) = p.as_u64() {
                    Number::Unsigned(u128::from(u))
                } else if let Some(i) = p.as_i64() {
                    Number::Signed(i128::from(i))
                } else {
                    Number::Float(p.as_f64().unwrap_or(f64::NAN))
                };
                p.to_string() == n.to_string()
            }
            _ => false,
        };
        same.then(|| token.to_owned())
    }

    /// Reports keys that appear more than once in one mapping, anywhere in the object.
    fn duplicates(
        &self,
        node: &Node,
        at: &mut String,
        reported: &mut usize,
        out: &mut Vec<Diagnostic>,
    ) {
        match node {
            Node::Map(pairs) => {
                let mut seen: BTreeMap<String, Vec<&Node>> = BTreeMap::new();
                for (k, _) in pairs.iter().filter(|(k, _)| !is_merge_key(k)) {
                    if let Some(text) = k.key_text() {
                        seen.entry(text).or_default().push(k);
                    }
                }
                let in_annotations = at.ends_with("annotations");
                for (key, nodes) in seen.iter().filter(|(_, n)| n.len() > 1) {
                    if *reported >= MAX_DUPLICATES_REPORTED {
                        break;
                    }
                    *reported += 1;
                    let lines: Vec<String> = nodes
                        .iter()
                        .filter_map(|n| match n {
                            Node::Str(Str {
                                span: Some((start, _)),
                                ..
                            }) => Some(self.lines.line(*start).to_string()),
                            _ => None,
                        })
                        .collect();
                    let lines = if lines.len() == nodes.len() {
                        format!(" (lines {})", lines.join(", "))
                    } else {
                        String::new()
                    };
                    let where_ = if at.is_empty() {
                        "the top level"
                    } else {
                        at.as_str()
                    };
                    out.push(Diagnostic::new(
                        Code::DuplicateKey,
                        in_annotations.then_some(key.as_str()),
                        format!("`{key}` appears {} times in {where_}{lines}. YAML forbids duplicate keys: kubectl's strict validation rejects the object, other readers keep only one of the values (the importer kept the last). Keep one.", nodes.len()),
                    ));
                }
                for (k, v) in pairs {
                    let Some(name) = k.key_text() else { continue };
                    let len = at.len();
                    if !at.is_empty() {
                        at.push('.');
                    }
                    at.push_str(&name);
                    self.duplicates(v, at, reported, out);
                    at.truncate(len);
                }
            }
            Node::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("[{i}]"));
                    self.duplicates(item, at, reported, out);
                    at.truncate(len);
                }
            }
            Node::Tagged(_, inner) => self.duplicates(inner, at, reported, out),
            _ => {}
        }
    }

    /// Validates every workload and assembles the report.
    fn finish(self, base: &Request) -> Imported {
        let several = self.found.len() > 1;
        let mut labels: Vec<String> = self
            .found
            .iter()
            .map(|f| {
                let w = &f.workload;
                if w.name.is_empty() {
                    w.kind.as_str().to_owned()
                } else {
                    format!("{} {}", w.kind.as_str(), w.name)
                }
            })
            .collect();
        // Same kind and name twice: tell them apart by document.
        let repeated: Vec<bool> = labels
            .iter()
            .map(|label| labels.iter().filter(|l| *l == label).count() > 1)
            .collect();
        for ((label, repeated), found) in labels.iter_mut().zip(repeated).zip(&self.found) {
            if repeated {
                *label = format!("{label} (document {})", found.workload.document + 1);
            }
        }
        let mut diagnostics = self.general;
        if self.found.is_empty() {
            diagnostics.push(Diagnostic::new(
                Code::NoWorkload,
                None,
                "No workload found: paste a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob (several may be separated by `---`).",
            ));
        }
        let mut budget = CheckBudget {
            keys: MAX_ANNOTATIONS_CHECKED_TOTAL,
            unknown_bytes: MAX_UNKNOWN_KEY_BYTES_CHECKED,
        };
        let mut workloads = Vec::with_capacity(self.found.len());
        for (found, label) in self.found.into_iter().zip(labels) {
            let mut own = found.diagnostics;
            let request = checked_request(&found.workload, base, &mut budget, &mut own);
            own.extend(validate(&request).diagnostics);
            for mut d in own {
                if several {
                    d.message = format!("{label}: {}", d.message);
                }
                diagnostics.push(d);
            }
            workloads.push(found.workload);
        }
        // Most severe first; otherwise in document order.
        diagnostics.sort_by_key(|d| d.severity);
        Imported {
            workloads,
            report: Report { diagnostics },
        }
    }
}

/// What the validator may still be given, over all workloads.
struct CheckBudget {
    /// Annotations.
    keys: usize,
    /// Bytes of keys that are not in the catalog but look like Kata keys: the
    /// validator searches the whole catalog for a near miss of each.
    unknown_bytes: usize,
}

/// The request the validator sees: what [`to_request`] builds, less keys
/// past the validator's limits (reported as not checked).
fn checked_request(
    workload: &ImportedWorkload,
    base: &Request,
    budget: &mut CheckBudget,
    out: &mut Vec<Diagnostic>,
) -> Request {
    let mut request = to_request(workload, base);
    let mut longest = 0;
    let mut too_long = 0;
    let mut skipped = 0;
    let mut kept = 0;
    request.annotations.retain(|key, _| {
        if key.len() > MAX_KEY_BYTES_CHECKED {
            too_long += 1;
            longest = longest.max(key.len());
            return false;
        }
        if kept >= MAX_ANNOTATIONS_CHECKED || budget.keys == 0 {
            skipped += 1;
            return false;
        }
        if catalog::find(key).is_none() && is_kata_key(key) {
            if budget.unknown_bytes < key.len() {
                skipped += 1;
                return false;
            }
            budget.unknown_bytes -= key.len();
        }
        budget.keys -= 1;
        kept += 1;
        true
    });
    if too_long > 0 {
        out.push(Diagnostic::new(
            Code::KeyTooLong,
            None,
            format!("{too_long} annotation key(s) up to {longest} bytes long: Kubernetes allows at most 253 (prefix) + 1 + 63 (name) and rejects the object."),
        ));
    }
    if skipped > 0 {
        out.push(Diagnostic::new(
            Code::NotChecked,
            None,
            format!("{skipped} annotation(s) were not checked: the importer checks at most {MAX_ANNOTATIONS_CHECKED} per workload, {MAX_ANNOTATIONS_CHECKED_TOTAL} in all, and {} KiB of unknown Kata keys.", MAX_UNKNOWN_KEY_BYTES_CHECKED / 1024),
        ));
    }
    request
}

/// What a YAML 1.1 reader makes of a plain scalar [`crate::yaml::yaml11_would_retype`] flags.
fn yaml11_type(plain: &str) -> &'static str {
    const BOOLS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if BOOLS.contains(&plain) {
        "a boolean"
    } else if matches!(plain, "~" | "null" | "Null" | "NULL" | "") {
        "null"
    } else {
        "a number"
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
