//! A YAML tree that keeps what typed deserialization loses: duplicate keys
//! (a mapping is a list of pairs), whether a string was a plain scalar that a
//! YAML 1.1 reader would retype, and where keys sit in the text. Built by a
//! serde visitor over serde_yaml's events, within a node and byte budget that
//! bounds what aliases can expand to.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::yaml::yaml11_would_retype;

/// The most nodes all documents may expand to (aliases included).
pub(crate) const MAX_NODES: usize = 250_000;
/// The most scalar bytes all documents may expand to (aliases included).
pub(crate) const MAX_SCALAR_BYTES: usize = 8 * 1024 * 1024;

/// One YAML node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false` (YAML 1.2 spellings; `yes`/`on` arrive as plain strings).
    Bool(bool),
    /// An integer or float, as serde_yaml read it.
    Number(Number),
    /// A string.
    Str(Str),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order, duplicates kept.
    Map(Vec<(Node, Node)>),
    /// A node with a custom tag (`!foo`).
    Tagged(String, Box<Node>),
}

/// A number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// Non-negative integer.
    Unsigned(u128),
    /// Negative integer.
    Signed(i128),
    /// Float.
    Float(f64),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(x) if x.is_nan() => f.write_str(".nan"),
            Number::Float(x) if x.is_infinite() => {
                f.write_str(if x > 0.0 { ".inf" } else { "-.inf" })
            }
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A string scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Str {
    /// The value.
    pub value: String,
    /// Byte range of the scalar's text in the input, when serde_yaml lent it
    /// (single-line scalars without escapes).
    pub span: Option<(usize, usize)>,
    /// Written in quotes.
    pub quoted: bool,
    /// A plain scalar that YAML 1.1 (Kubernetes) reads as a bool, number or null.
    pub retyped: bool,
}

impl Node {
    /// The node's kind, for messages.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::Str(s) if s.retyped => {
                "a plain scalar that YAML 1.1 reads as a boolean, number or null"
            }
            Node::Str(_) => "a string",
            Node::Seq(_) => "a sequence",
            Node::Map(_) => "a mapping",
            Node::Tagged(..) => "a tagged value",
        }
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(&s.value),
            _ => None,
        }
    }

    /// Scalars as Kubernetes' YAML-to-JSON step would key them; `None` for collections.
    pub(crate) fn key_text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.value.clone()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Number(n) => Some(n.to_string()),
            Node::Null => Some("null".to_owned()),
            _ => None,
        }
    }

    /// A one-line text form: scalars as written (as far as known), collections as JSON.
    pub(crate) fn text(&self) -> String {
        match self {
            Node::Null => String::new(),
            Node::Bool(b) => b.to_string(),
            Node::Number(n) => n.to_string(),
            Node::Str(s) => s.value.clone(),
            Node::Seq(_) | Node::Map(_) | Node::Tagged(..) => {
                serde_json::to_string(&self.to_json()).unwrap_or_default()
            }
        }
    }

    fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => match *n {
                Number::Unsigned(u) => {
                    u64::try_from(u).map_or_else(|_| Value::String(u.to_string()), Value::from)
                }
                Number::Signed(i) => {
                    i64::try_from(i).map_or_else(|_| Value::String(i.to_string()), Value::from)
                }
                Number::Float(x) => serde_json::Number::from_f64(x)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number),
            },
            Node::Str(s) => Value::String(s.value.clone()),
            Node::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Map(pairs) => Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.key_text().unwrap_or_else(|| k.text()), v.to_json()))
                    .collect(),
            ),
            Node::Tagged(tag, inner) => {
                let mut map = serde_json::Map::new();
                map.insert(format!("!{tag}"), inner.to_json());
                Value::Object(map)
            }
        }
    }
}

/// Which budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exhausted {
    /// Too many nodes.
    Nodes,
    /// Too many scalar bytes.
    Bytes,
}

/// State shared by every seed of one import: the input (to locate lent
/// strings) and the budgets.
pub(crate) struct Budget<'t> {
    text: &'t str,
    nodes: Cell<usize>,
    bytes: Cell<usize>,
    exhausted: Cell<Option<Exhausted>>,
}

impl<'t> Budget<'t> {
    /// A fresh budget for `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        Self {
            text,
            nodes: Cell::new(0),
            bytes: Cell::new(0),
            exhausted: Cell::new(None),
        }
    }

    /// Which budget ran out, if one did.
    pub(crate) fn exhausted(&self) -> Option<Exhausted> {
        self.exhausted.get()
    }

    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let nodes = self.nodes.get() + 1;
        let total = self.bytes.get().saturating_add(bytes);
        self.nodes.set(nodes);
        self.bytes.set(total);
        let exhausted = if nodes > MAX_NODES {
            Some(Exhausted::Nodes)
        } else if total > MAX_SCALAR_BYTES {
            Some(Exhausted::Bytes)
        } else {
            None
        };
        match exhausted {
            Some(which) => {
                self.exhausted.set(Some(which));
                Err(E::custom(
                    "the document expands to more than the importer reads",
                ))
            }
            None => Ok(()),
        }
    }

    /// The byte range of `s` in the input, if `s` points into it.
    fn span_of(&self, s: &str) -> Option<(usize, usize)> {
        let base = self.text.as_ptr() as usize;
        let start = (s.as_ptr() as usize).checked_sub(base)?;
        let end = start.checked_add(s.len())?;
        (end <= self.text.len()).then_some((start, end))
    }

    /// A string node for a lent (borrowed) scalar: its position tells whether
    /// it was quoted, plain or explicitly tagged.
    fn lent(&self, s: &str) -> Str {
        let Some((start, end)) = self.span_of(s) else {
            return owned(s.to_owned());
        };
        let before = &self.text[..start];
        let quoted = before.ends_with(['\'', '"']);
        // `!!str yes` is a string in both YAML versions.
        let tagged = before
            .trim_end_matches([' ', '\t'])
            .rsplit([' ', '\t', '\n', '\r', '[', '{', ',', ':'])
            .next()
            .is_some_and(|word| word.starts_with('!'));
        Str {
            value: s.to_owned(),
            span: Some((start, end)),
            quoted,
            retyped: !quoted && !tagged && yaml11_would_retype(s),
        }
    }
}

/// A string serde_yaml built itself (escapes, folded lines, block scalars):
/// never a plain single-line scalar, so never retyped.
fn owned(value: String) -> Str {
    Str {
        value,
        span: None,
        quoted: false,
        retyped: false,
    }
}

/// Deserializes one [`Node`], charging the budget.
#[derive(Clone, Copy)]
pub(crate) struct NodeSeed<'b, 't> {
    /// The shared budget.
    pub budget: &'b Budget<'t>,
}

impl<'de, 'b, 't> DeserializeSeed<'de> for NodeSeed<'b, 't> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'b, 't> Visitor<'de> for NodeSeed<'b, 't> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        self.budget.charge(0)?;
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        self.visit_i128(i128::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        self.budget.charge(0)?;
        Ok(Node::Number(if v < 0 {
            Number::Signed(v)
        } else {
            Number::Unsigned(v.unsigned_abs())
        }))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        self.visit_u128(u128::from(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        self.budget.charge(0)?;
        Ok(Node::Number(Number::Unsigned(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        self.budget.charge(0)?;
        Ok(Node::Number(Number::Float(v)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node, E> {
        self.budget.charge(v.len())?;
        Ok(Node::Str(self.budget.lent(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        self.budget.charge(v.len())?;
        Ok(Node::Str(owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        self.budget.charge(v.len())?;
        Ok(Node::Str(owned(v)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        self.visit_string(String::from_utf8_lossy(v).into_owned())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.budget.charge(0)?;
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.budget.charge(0)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        self.budget.charge(0)?;
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            pairs.push((key, value));
        }
        Ok(Node::Map(pairs))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        // serde_yaml hands custom tags (`!foo value`) over as enums.
        let (tag, variant): (String, _) = data.variant()?;
        let inner = variant.newtype_variant_seed(self)?;
        Ok(Node::Tagged(tag, Box::new(inner)))
    }
}
