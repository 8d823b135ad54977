//! The pasted file back, with one workload's pod-template annotations
//! replaced by the selection: every other document is kept byte for byte.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use super::layout::layout;
use super::ImportedWorkload;
use crate::Error;

/// Whether `line` is a YAML document marker: `---` (directives end) or
/// `...` (document end) at the start of a line, alone or before a space.
fn marker(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    ["---", "..."].iter().any(|m| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// Whether a stretch of text holds nothing but blank lines and comments.
fn empty(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    })
}

/// The byte ranges of the documents serde_yaml reads from `text`, each
/// starting at its `---` line when it has one. `None` when the markers do
/// not account for the documents serde_yaml sees (`%` directives, `...`).
fn document_spans(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    if text
        .lines()
        .any(|l| l.starts_with('%') || l.starts_with("..."))
    {
        return None;
    }
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if marker(line) {
            starts.push(offset);
        }
        offset += line.len();
    }
    let mut spans = Vec::new();
    // Text before the first marker is a document unless it is only comments.
    let first = starts.first().copied().unwrap_or(text.len());
    if !empty(&text[..first]) || starts.is_empty() {
        spans.push(0..first);
    }
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        spans.push(*start..end);
    }
    // A file that ends with a marker and nothing after it: libyaml does not
    // read an empty last document there when the marker is the only text.
    let count = serde_yaml::Deserializer::from_str(text).count();
    if spans.len() == count + 1 && spans.last().is_some_and(|s| empty(&text[s.clone()][3..])) {
        spans.pop();
    }
    (spans.len() == count).then_some(spans)
}

/// Sets `annotations` at `steps` + `annotations` under `root`, creating the
/// mappings on the way; an empty selection removes the field.
fn set_annotations(
    root: &mut Value,
    steps: &[&str],
    annotations: &BTreeMap<String, String>,
) -> Option<()> {
    let mut node = root;
    for step in steps {
        let map = node.as_mapping_mut()?;
        if !map.contains_key(*step) {
            map.insert(Value::from(*step), Value::Mapping(Mapping::new()));
        }
        node = map.get_mut(*step)?;
    }
    let map = node.as_mapping_mut()?;
    if annotations.is_empty() {
        map.remove("annotations");
    } else {
        let values: Mapping = annotations
            .iter()
            .map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str())))
            .collect();
        map.insert(Value::from("annotations"), Value::Mapping(values));
    }
    Some(())
}

/// `text` (the pasted manifest) with the pod-template annotations of
/// `workload` (one of its import's workloads) set to `annotations`. Every
/// other document is kept as it was written; the workload's own document is
/// written again by serde_yaml (with YAML 1.1 quoting), so its comments are
/// not kept.
///
/// # Errors
///
/// [`Error::Export`] when the text is not the one `workload` came from
/// or its document cannot be located or read.
pub fn export_file(
    text: &str,
    workload: &ImportedWorkload,
    annotations: &BTreeMap<String, String>,
) -> Result<String, Error> {
    let lost = |why: &str| {
        Error::Export(format!(
            "{} {}: {why}",
            workload.kind.as_str(),
            workload.name
        ))
    };
    let spans = document_spans(text).ok_or_else(|| {
        lost("the file's `---`, `...` or `%` lines do not separate its documents")
    })?;
    let span = spans
        .get(workload.document)
        .cloned()
        .ok_or_else(|| lost("the file has fewer documents"))?;
    let original = &text[span.clone()];
    // Keep the `---` line (and anything on it) as written.
    let head_len = if marker(original.lines().next().unwrap_or_default()) {
        original.find('\n').map_or(original.len(), |n| n + 1)
    } else {
        0
    };
    let body = &original[head_len..];
    let mut document: Value = serde_yaml::from_str(body)
        .map_err(|e| lost(&format!("its document does not read: {e}")))?;
    let object = match workload.item {
        Some(item) => document
            .get_mut("items")
            .and_then(|items| items.get_mut(item))
            .ok_or_else(|| lost("its List item is gone"))?,
        None => &mut document,
    };
    let kind_matches = object.get("kind").and_then(Value::as_str) == Some(workload.kind.as_str());
    if !kind_matches {
        return Err(lost("its document holds another object"));
    }
    set_annotations(object, layout(workload.kind).template_metadata, annotations)
        .ok_or_else(|| lost("its pod template is not a mapping"))?;
    let written = crate::yaml::to_kubernetes_yaml(&document)?;
    let mut out = String::with_capacity(text.len() + written.len());
    out.push_str(&text[..span.start]);
    out.push_str(&original[..head_len]);
    out.push_str(&written);
    out.push_str(&text[span.end..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_manifest;
    use crate::Request;

    const TWO: &str = "# two workloads\n\
apiVersion: v1\nkind: Pod\nmetadata:\n  name: first  # keep me\n  annotations:\n    io.katacontainers.config.hypervisor.default_memory: \"2048\"\n\
spec:\n  containers: [{name: a, image: busybox}]\n\
---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: b\n        image: nginx\n";

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn only_the_chosen_workload_changes() {
        let imported = import_manifest(TWO, &Request::default()).expect("imports");
        assert_eq!(imported.workloads.len(), 2);
        let chosen = &imported.workloads[1];
        let selection = map(&[("io.katacontainers.config.hypervisor.default_vcpus", "2")]);
        let out = export_file(TWO, chosen, &selection).expect("exports");
        let (first, second) = out
            .split_once("---\n")
            .unwrap_or_else(|| panic!("two documents: {out}"));
        assert_eq!(
            first,
            TWO.split_once("---\n").expect("two").0,
            "kept byte for byte"
        );
        assert!(second.contains("default_vcpus: '2'"), "{second}");
        assert!(second.contains("replicas: 2"), "{second}");
        let again = import_manifest(&out, &Request::default()).expect("reads back");
        assert_eq!(again.workloads[1].annotations, selection);
        assert_eq!(
            again.workloads[0].annotations,
            imported.workloads[0].annotations
        );
    }

    #[test]
    fn list_items_and_empty_selections() {
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: c, image: i}]}\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n    annotations: {io.katacontainers.config.hypervisor.default_memory: \"4096\"}\n  spec: {containers: [{name: c, image: i}]}\n";
        let imported = import_manifest(list, &Request::default()).expect("imports");
        let b = &imported.workloads[1];
        assert_eq!(b.item, Some(1));
        let out = export_file(list, b, &BTreeMap::new()).expect("exports");
        let again = import_manifest(&out, &Request::default()).expect("reads back");
        assert!(again.workloads[1].annotations.is_empty(), "{out}");
        assert_eq!(again.workloads[0].name, "a");
    }

    #[test]
    fn a_text_that_is_not_the_import_is_refused() {
        let imported = import_manifest(TWO, &Request::default()).expect("imports");
        let other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
        assert!(export_file(other, &imported.workloads[1], &BTreeMap::new()).is_err());
        assert!(export_file(other, &imported.workloads[0], &BTreeMap::new()).is_err());
    }
}
