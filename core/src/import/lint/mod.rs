//! The linter: walks each document, reads every workload's annotations, and
//! reports what Kubernetes would do with them.

mod annotation_values;
mod duplicates;
mod misplaced;

use std::collections::BTreeMap;

use super::layout::layout;
use super::limits::{checked_request, CheckBudget, MAX_WORKLOADS};
use super::node::Node;
use super::tree::{dotted, field, path, text_of};
use super::{Imported, ImportedWorkload};
use crate::catalog;
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::request::{Request, Resources, WorkloadKind};
use crate::validate::validate;
use crate::Error;
use misplaced::Placement;

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

    /// 1-based line and column (in characters) of `offset` in `text`.
    fn position(&self, text: &str, offset: usize) -> super::Position {
        let line = self.line(offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        super::Position { line, column }
    }
}

/// A key Kata (or a catalog entry) reads, or a near miss of one.
pub(super) fn is_kata_key(key: &str) -> bool {
    key.to_ascii_lowercase().contains("kata") || catalog::find(key).is_some()
}

/// One workload and its own findings, before messages get their prefix.
struct Found {
    workload: ImportedWorkload,
    diagnostics: Vec<Diagnostic>,
}

/// The import in progress.
pub(super) struct Lint<'t> {
    text: &'t str,
    lines: LineIndex,
    found: Vec<Found>,
    /// Findings about documents rather than workloads.
    general: Vec<Diagnostic>,
    /// RuntimeClass name → the Kata release kata-deploy stamped on it.
    versions: BTreeMap<String, String>,
}

/// The annotation kata-deploy's chart puts on the RuntimeClasses it creates
/// (`helm-chart/kata-deploy/templates/_helpers.tpl`, from the chart's appVersion).
pub const KATA_VERSION_ANNOTATION: &str = "katacontainers.io/kata-version";

impl<'t> Lint<'t> {
    /// A linter for `text`, before any document is read.
    pub(super) fn new(text: &'t str) -> Self {
        Self {
            text,
            lines: LineIndex::new(text),
            found: Vec::new(),
            general: Vec::new(),
            versions: BTreeMap::new(),
        }
    }

    /// Lints one document: a workload, a `List` of them, or something skipped.
    pub(super) fn document(&mut self, index: usize, node: &Node) -> Result<(), Error> {
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
                self.object(index, Some(position), item, &item_kind, &label)?;
            }
            return Ok(());
        }
        self.object(index, None, node, &kind, &format!("document {number}"))
    }

    /// One object: a workload, or a skipped document.
    fn object(
        &mut self,
        index: usize,
        item: Option<usize>,
        node: &Node,
        kind: &str,
        label: &str,
    ) -> Result<(), Error> {
        if kind == "RuntimeClass" {
            self.runtime_class(node, label);
            return Ok(());
        }
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
        let found = self.workload(index, item, node, workload_kind);
        self.found.push(found);
        Ok(())
    }

    /// A RuntimeClass: remembers the Kata release kata-deploy stamped on it.
    fn runtime_class(&mut self, node: &Node, label: &str) {
        let name = text_of(path(node, &["metadata", "name"]));
        let version = path(node, &["metadata", "annotations"])
            .and_then(|a| field(a, KATA_VERSION_ANNOTATION))
            .map(Node::text);
        let message = match &version {
            Some(version) => {
                self.versions.insert(name.clone(), version.clone());
                format!("{} is the RuntimeClass {name} of Kata {version}: workloads that use it are checked for that release.", capitalized(label))
            }
            None => format!("{} is the RuntimeClass {name}; it names no Kata release ({KATA_VERSION_ANNOTATION}), so the selected one is used.", capitalized(label)),
        };
        self.general
            .push(Diagnostic::new(Code::SkippedDocument, None, message));
    }

    fn workload(
        &self,
        document: usize,
        item: Option<usize>,
        node: &Node,
        kind: WorkloadKind,
    ) -> Found {
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
        let placement = Placement {
            kind,
            right: dotted(&template_path),
            annotations: &annotations,
        };
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
            placement.report(map, &where_, false, &mut misplaced, &mut out);
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
            placement.report(map, &where_, true, &mut misplaced, &mut out);
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

        // Where each annotation key is written: the right place first, so a
        // key that is also misplaced points at the one Kubernetes copies.
        let mut positions = BTreeMap::new();
        let holders = std::iter::once(layout.template_metadata)
            .chain(layout.other_metadata.iter().copied())
            .filter_map(|metadata| path(node, metadata))
            .chain(layout.stray.iter().filter_map(|parent| {
                if parent.is_empty() {
                    Some(node)
                } else {
                    path(node, parent)
                }
            }));
        for holder in holders {
            if let Some(map) = field(holder, "annotations") {
                self.key_positions(map, &mut positions);
            }
        }

        Found {
            workload: ImportedWorkload {
                document,
                item,
                kind,
                name,
                namespace,
                container_name: text_of(container.and_then(|c| field(c, "name"))),
                image: text_of(container.and_then(|c| field(c, "image"))),
                command,
                resources: resources(container),
                runtime_class_name,
                kata_version: None,
                annotations,
                misplaced,
                positions,
            },
            diagnostics: out,
        }
    }

    /// Records where each key of the `annotations` mapping `map` is written
    /// (the last occurrence of a duplicate, as the importer keeps the last);
    /// keys already placed keep their place.
    fn key_positions(&self, map: &Node, into: &mut BTreeMap<String, super::Position>) {
        let Node::Map(pairs) = map else {
            return;
        };
        let mut here = BTreeMap::new();
        for (key, _) in pairs {
            if let Node::Str(super::node::Str {
                value,
                span: Some((start, _)),
                ..
            }) = key
            {
                here.insert(value.clone(), self.lines.position(self.text, *start));
            }
        }
        for (key, position) in here {
            into.entry(key).or_insert(position);
        }
    }

    /// Validates every workload and assembles the report.
    pub(super) fn finish(self, base: &Request) -> Imported {
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
        let mut budget = CheckBudget::full();
        let mut workloads = Vec::with_capacity(self.found.len());
        for (mut found, label) in self.found.into_iter().zip(labels) {
            found.workload.kata_version = self
                .versions
                .get(&found.workload.runtime_class_name)
                .cloned();
            let mut own = found.diagnostics;
            let request = checked_request(&found.workload, base, &mut budget, &mut own);
            own.extend(validate(&request).diagnostics);
            for mut d in own {
                if d.position.is_none() {
                    d.position = d
                        .key
                        .as_ref()
                        .and_then(|key| found.workload.positions.get(key).copied());
                }
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

/// The first container's CPU and memory requests and limits.
fn resources(container: Option<&Node>) -> Resources {
    let of = |group: &str, name: &str| {
        text_of(container.and_then(|c| path(c, &["resources", group, name])))
    };
    Resources {
        cpu_request: of("requests", "cpu"),
        memory_request: of("requests", "memory"),
        cpu_limit: of("limits", "cpu"),
        memory_limit: of("limits", "memory"),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}
