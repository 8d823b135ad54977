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
mod export;
mod guard;
mod layout;
mod limits;
mod lint;
mod node;
mod tree;

use std::collections::BTreeMap;

use serde::de::DeserializeSeed;
use serde::Serialize;

use crate::diagnostic::Report;
use crate::request::{Request, Resources, Workload, WorkloadKind};
use crate::shim::Shim;
use crate::version::Version;
use crate::Error;

pub use apply::apply_import;
pub use export::export_file;
pub use limits::{
    MAX_ANNOTATIONS_CHECKED, MAX_ANNOTATIONS_CHECKED_TOTAL, MAX_DOCUMENTS, MAX_INPUT_BYTES,
    MAX_KEY_BYTES_CHECKED, MAX_UNKNOWN_KEY_BYTES_CHECKED, MAX_WORKLOADS,
};

use lint::Lint;
use node::{Budget, Exhausted, Node, NodeSeed};

pub use crate::diagnostic::Position;

/// One object found in the pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportedWorkload {
    /// 0-based YAML document index (`List` items: the List's document).
    /// Messages count documents from 1.
    pub document: usize,
    /// 0-based position in the `items` of a `List`; `None` for a document of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm-validate", tsify(optional))]
    pub item: Option<usize>,
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
    /// The first container's CPU and memory requests and limits.
    pub resources: Resources,
    /// The pod template's `runtimeClassName`, `""` if absent.
    pub runtime_class_name: String,
    /// The Kata release the pasted RuntimeClass of that name carries
    /// (`katacontainers.io/kata-version`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kata_version: Option<String>,
    /// The pod-template annotations (what Kubernetes copies to pods), values
    /// as strings (a non-string scalar is converted to the string YAML 1.1
    /// would have produced, e.g. `false`→"false", and linted).
    pub annotations: BTreeMap<String, String>,
    /// Kata annotations on the controller's own metadata (NOT copied to pods),
    /// or in a stray `annotations` field Kubernetes does not know.
    pub misplaced: BTreeMap<String, String>,
    /// Where each annotation key of `annotations` and `misplaced` is written
    /// (keys serde_yaml could place: single-line keys without escapes).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "wasm-validate", tsify(optional))]
    pub positions: BTreeMap<String, Position>,
}

/// What the importer found: the workloads and every finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
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
    let mut lint = Lint::new(text);
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
///
/// The target follows the workload where it says something: a
/// `runtimeClassName` of the form `kata-<shim>` (kata-deploy's RuntimeClass
/// names) picks that shim, and a pasted RuntimeClass's release picks the
/// version (and, for kata-deploy's `kata` RuntimeClass, that release's
/// default shim). Anything else keeps `base`'s target.
pub fn to_request(workload: &ImportedWorkload, base: &Request) -> Request {
    let mut request = Request {
        annotations: workload.annotations.clone(),
        workload: Workload {
            kind: workload.kind,
            name: workload.name.clone(),
            namespace: workload.namespace.clone(),
            container_name: workload.container_name.clone(),
            image: workload.image.clone(),
            command: workload.command.clone(),
            resources: workload.resources.clone(),
            runtime_class_name: workload.runtime_class_name.clone(),
            include_runtime_class: base.workload.include_runtime_class,
        },
        ..base.clone()
    };
    if let Some(version) = workload
        .kata_version
        .as_deref()
        .and_then(|v| v.parse::<Version>().ok())
    {
        request.kata_version = version;
    }
    let class = workload.runtime_class_name.trim();
    if let Some(shim) = class.strip_prefix("kata-").and_then(Shim::find) {
        request.set_shim(shim);
    } else if class == "kata" && workload.kata_version.is_some() {
        // kata-deploy's own `kata` RuntimeClass runs its default shim
        // (`defaultShim`: qemu before 4.0, qemu-runtime-rs since).
        request.set_shim(crate::shim::default_shim(request.kata_version));
    }
    request
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
