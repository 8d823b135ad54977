//! Annotation values Kubernetes would not take as strings: unquoted
//! booleans and numbers, nulls, lists and maps.

use std::collections::BTreeMap;

use super::super::node::{Node, Number, Str};
use super::super::tree::entries;
use super::Lint;
use crate::diagnostic::{Code, Diagnostic};

/// The most value findings per annotation map.
const MAX_VALUE_FINDINGS: usize = 50;

impl Lint<'_> {
    /// Reads one `annotations` field into strings, linting values Kubernetes
    /// would not take as strings.
    pub(super) fn annotation_map(
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
