//! Navigation in a [`Node`] tree as Kubernetes reads it: the last explicit
//! entry wins, and `<<` merge keys supply the rest.

use std::collections::BTreeSet;

use super::node::{Node, Str};

/// A field path as messages write it: `spec.template.metadata`.
pub(super) fn dotted(path: &[&str]) -> String {
    path.join(".")
}

/// The value of `name` in mapping `map`: the last explicit entry, else the
/// first merged (`<<`) mapping that has it.
pub(super) fn field<'n>(map: &'n Node, name: &str) -> Option<&'n Node> {
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

/// Follows `steps` field by field from `root`.
pub(super) fn path<'n>(root: &'n Node, steps: &[&str]) -> Option<&'n Node> {
    steps.iter().try_fold(root, |node, step| field(node, step))
}

/// A plain `<<` key: YAML's merge key (a quoted `"<<"` is an ordinary key).
pub(super) fn is_merge_key(key: &Node) -> bool {
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
pub(super) fn entries(map: &Node) -> Vec<(&Node, &Node)> {
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

/// The node as text; absent and null are both `""`.
pub(super) fn text_of(node: Option<&Node>) -> String {
    match node {
        None | Some(Node::Null) => String::new(),
        Some(node) => node.text(),
    }
}
