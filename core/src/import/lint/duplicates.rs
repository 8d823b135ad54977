//! Keys that appear more than once in one mapping.

use std::collections::BTreeMap;

use super::super::node::{Node, Str};
use super::super::tree::is_merge_key;
use super::Lint;
use crate::diagnostic::{Code, Diagnostic};

/// The most duplicate-key findings per workload.
const MAX_DUPLICATES_REPORTED: usize = 50;

impl Lint<'_> {
    /// Reports keys that appear more than once in one mapping, anywhere in the object.
    pub(super) fn duplicates(
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
}
