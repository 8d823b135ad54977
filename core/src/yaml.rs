//! YAML that Kubernetes reads back exactly as written.
//!
//! serde_yaml writes YAML 1.2: it quotes `false` and `2048` but leaves
//! `yes`, `on`, `y`, `0x10` or `1_000` plain. Kubernetes decodes manifests
//! with YAML 1.1 rules (sigs.k8s.io/yaml over yaml.v2), where those plain
//! scalars are booleans and numbers, and a non-string annotation value makes
//! the API server reject the object. So every document goes through
//! serde_yaml and then through [`quote_yaml11_scalars`], which single-quotes
//! the plain scalars a YAML 1.1 reader would retype.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::remembered;
use crate::Error;

/// Serializes `value` with serde_yaml, then quotes YAML 1.1 look-alikes.
pub fn to_kubernetes_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let text = serde_yaml::to_string(value)?;
    Ok(quote_yaml11_scalars(&text))
}

/// The key that holds a spliced map's place in the document (see [`spliced_map`]).
const SPLICE_MARK: &str = "kata-annotations-splice-point";

thread_local! {
    /// The last spliced map's indentation and entries in key order: (key,
    /// value, the entry as serde_yaml wrote it with YAML 1.1 look-alikes
    /// quoted, indented).
    static ENTRIES: RefCell<(String, Vec<remembered::Entry<String>>)> =
        const { RefCell::new((String::new(), Vec::new())) };
}

/// The one-entry map that holds a spliced map's place: a document written
/// with it in place of the real map is the skeleton [`spliced_map`] fills.
pub fn splice_stand_in() -> BTreeMap<String, String> {
    BTreeMap::from([(SPLICE_MARK.to_owned(), String::new())])
}

/// `skeleton` (a document written with [`splice_stand_in`] in the place of
/// `map`) with the stand-in's line replaced by `map`'s entries; `None` when
/// the stand-in's key is not there exactly once, so the caller writes the
/// whole document instead.
///
/// serde_yaml takes about half a microsecond a scalar natively (more in
/// wasm), and a workload with every
/// key set has a hundred annotations, most of its document; an edit in the
/// page changes one of them. Each entry is written by serde_yaml as a
/// one-entry block mapping, YAML 1.1 look-alikes quoted, remembered by key
/// and value, and indented to the stand-in's column. A block mapping's
/// entries do not depend on their neighbours or their column (serde_yaml
/// never folds lines), so the text is the one serde_yaml writes for the
/// whole document; a property test compares the two on arbitrary maps.
pub fn spliced_map(
    skeleton: &str,
    map: &BTreeMap<String, String>,
) -> Result<Option<String>, Error> {
    let Some((before, indent, after)) = splice_point(skeleton) else {
        return Ok(None);
    };
    let mut out = String::with_capacity(skeleton.len() + map.len() * 64);
    out.push_str(before);
    let (last_indent, entries) = ENTRIES.take();
    // Entries are remembered indented: another workload kind's column
    // writes them all again.
    let entries = if last_indent == indent {
        entries
    } else {
        Vec::new()
    };
    let kept = remembered::refresh(entries, map, |key, value| {
        let text = to_kubernetes_yaml(&BTreeMap::from([(key, value)]))?;
        Ok::<_, Error>(indented(&text, indent))
    })?;
    for (_, _, text) in &kept {
        out.push_str(text);
    }
    ENTRIES.set((indent.to_owned(), kept));
    out.push_str(after);
    Ok(Some(out))
}

/// `text` with each line indented by `indent`, but its empty lines, which
/// serde_yaml leaves unindented in a literal block.
fn indented(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + indent.len());
    for line in text.split_inclusive('\n') {
        if line != "\n" {
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

/// Splits `skeleton` around the stand-in's line: the text before it, the
/// line's indentation, and the text after it. `None` unless the mark is
/// there exactly once, as the key of an empty string.
fn splice_point(skeleton: &str) -> Option<(&str, &str, &str)> {
    let at = skeleton.find(SPLICE_MARK)?;
    if skeleton[at + SPLICE_MARK.len()..].contains(SPLICE_MARK) {
        return None;
    }
    let line_start = skeleton[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = &skeleton[line_start..at];
    let rest = skeleton[at + SPLICE_MARK.len()..].strip_prefix(": ''\n")?;
    indent
        .bytes()
        .all(|b| b == b' ')
        .then(|| (&skeleton[..line_start], indent, rest))
}

/// Renders `annotations` as a YAML mapping, keys sorted, every value a string.
///
/// ```
/// use std::collections::BTreeMap;
/// let mut a = BTreeMap::new();
/// a.insert("io.katacontainers.config.runtime.disable_guest_seccomp".to_owned(), "false".to_owned());
/// a.insert("io.katacontainers.config.hypervisor.machine_accelerators".to_owned(), "on".to_owned());
/// let yaml = kata_annotations::yaml::annotations_yaml(&a).unwrap();
/// assert_eq!(yaml, "io.katacontainers.config.hypervisor.machine_accelerators: 'on'\n\
///                   io.katacontainers.config.runtime.disable_guest_seccomp: 'false'\n");
/// ```
pub fn annotations_yaml(annotations: &BTreeMap<String, String>) -> Result<String, Error> {
    if annotations.is_empty() {
        return Ok(String::new());
    }
    to_kubernetes_yaml(annotations)
}

/// Parses `key=value` lines (blank lines and `#` comments skipped) into a map.
///
/// Lines without `=` are returned in the error list with their line number,
/// so a caller can show them instead of dropping the user's text.
pub fn parse_key_values(text: &str) -> (BTreeMap<String, String>, Vec<(usize, String)>) {
    let mut map = BTreeMap::new();
    let mut rejected = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match trimmed.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                map.insert(key.trim().to_owned(), value.to_owned());
            }
            _ => rejected.push((index + 1, line.to_owned())),
        }
    }
    (map, rejected)
}

/// Whether a YAML 1.1 reader (yaml.v2) would take this plain scalar for a
/// bool, null or number. Errs towards quoting: an extra pair of quotes is
/// harmless, a missing one gets the manifest rejected.
pub fn yaml11_would_retype(plain: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF", ".nan",
        ".NaN", ".NAN",
    ];
    if WORDS.contains(&plain) {
        return true;
    }
    // Every YAML 1.1 / Go-strconv number starts with a digit, a sign or a dot
    // and uses only these characters (hex digits, base prefixes, `_`, `:`, exponents).
    plain.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
        && plain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-' | ':'))
        && plain.chars().any(|c| c.is_ascii_digit())
}

/// Single-quotes every plain block-style scalar value in serde_yaml output
/// that [`yaml11_would_retype`]. Keys, quoted values and the content of
/// literal blocks are left as they are.
pub fn quote_yaml11_scalars(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // Indentation of the line that opened a literal block (`key: |-`).
    let mut literal_parent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start().len();
        if let Some(parent) = literal_parent {
            if body.trim().is_empty() || indent > parent {
                out.push_str(line);
                continue;
            }
            literal_parent = None;
        }
        let (head, value) = split_value(body);
        if value.starts_with('|') || value.starts_with('>') {
            literal_parent = Some(indent);
        }
        let plain = !value.starts_with(['\'', '"', '|', '>', '[', '{', '&', '*', '!', '#']);
        if plain && !value.is_empty() && yaml11_would_retype(value) && is_yaml12_string(value) {
            out.push_str(head);
            out.push('\'');
            out.push_str(value);
            out.push('\'');
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Whether serde_yaml (YAML 1.2) reads the plain scalar as a string. A plain
/// `1` or `true` in its output was a real number or bool and stays as it is;
/// a plain `yes` or `0x1g` was a string that YAML 1.1 would retype.
fn is_yaml12_string(plain: &str) -> bool {
    matches!(
        serde_yaml::from_str::<serde_yaml::Value>(plain),
        Ok(serde_yaml::Value::String(_))
    )
}

/// Splits a block-style line into everything up to the value, and the value.
fn split_value(line: &str) -> (&str, &str) {
    let mut start = line.len() - line.trim_start().len();
    while line[start..].starts_with("- ") {
        start += 2;
    }
    let rest = &line[start..];
    let key_end = match rest.chars().next() {
        Some(q @ ('\'' | '"')) => closing_quote(rest, q).map(|end| end + 1),
        _ => Some(0),
    };
    let Some(key_end) = key_end else {
        return (line, "");
    };
    match rest[key_end..].find(": ") {
        Some(colon) => {
            let split = start + key_end + colon + 2;
            (&line[..split], &line[split..])
        }
        // `key:` opening a nested block, or a bare sequence item.
        None if rest.ends_with(':') => (line, ""),
        None => (&line[..start], rest),
    }
}

/// Byte index of the quote closing the quoted scalar at the start of `s`.
fn closing_quote(s: &str, quote: char) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match (bytes[i], quote) {
            (b'\\', '"') => i += 2,
            (b'\'', '\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            (b, q) if b == q as u8 => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn values_that_yaml11_would_retype_are_quoted() {
        let yaml = annotations_yaml(&map(&[
            ("a", "false"),
            ("b", "2048"),
            ("c", "yes"),
            ("d", "1.5"),
            ("e", "plain"),
            ("f", "y"),
            ("g", "0x10"),
            ("h", "1_000"),
            ("i", "Off"),
            ("j", "virtio-fs"),
        ]))
        .expect("serializes");
        assert_eq!(
            yaml,
            "a: 'false'\nb: '2048'\nc: 'yes'\nd: '1.5'\ne: plain\nf: 'y'\ng: '0x10'\nh: '1_000'\ni: 'Off'\nj: virtio-fs\n"
        );
    }

    #[test]
    fn real_numbers_and_bools_stay_plain() {
        #[derive(Serialize)]
        struct Spec {
            replicas: u32,
            paused: bool,
            ratio: f64,
            label: &'static str,
        }
        let yaml = to_kubernetes_yaml(&Spec {
            replicas: 1,
            paused: false,
            ratio: 0.5,
            label: "1",
        })
        .expect("serializes");
        assert_eq!(yaml, "replicas: 1\npaused: false\nratio: 0.5\nlabel: '1'\n");
    }

    #[test]
    fn nested_sequences_and_quoted_keys_are_handled() {
        #[derive(Serialize)]
        struct Doc {
            args: Vec<&'static str>,
            nested: BTreeMap<&'static str, &'static str>,
            text: &'static str,
        }
        let doc = Doc {
            args: vec!["yes", "sleep", "10"],
            nested: [("a: b", "on"), ("'q'", "off")].into_iter().collect(),
            text: "line one\n- yes\nkey: no\n",
        };
        let yaml = to_kubernetes_yaml(&doc).expect("serializes");
        assert!(yaml.contains("- 'yes'\n- sleep\n- '10'\n"), "{yaml}");
        assert!(yaml.contains("'a: b': 'on'"), "{yaml}");
        assert!(yaml.contains("'''q''': 'off'"), "{yaml}");
        // Literal block content is text, not YAML: untouched.
        assert!(yaml.contains("  - yes\n  key: no\n"), "{yaml}");
    }

    #[test]
    fn output_reads_back_as_the_same_strings() {
        let input = map(&[
            ("k", "on"),
            ("n", "007"),
            ("x", "a: b"),
            ("y", ""),
            ("z", "it's"),
        ]);
        let yaml = annotations_yaml(&input).expect("serializes");
        let back: BTreeMap<String, String> = serde_yaml::from_str(&yaml).expect("parses");
        assert_eq!(back, input);
    }

    #[test]
    fn yaml11_retyping_covers_bools_nulls_and_numbers() {
        for s in [
            "yes", "N", "~", "", "12", "-3", "+0.5", ".5", "1e3", "0o17", "1:30", ".nan",
        ] {
            assert!(yaml11_would_retype(s), "{s:?} should be quoted");
        }
        for s in [
            "virtio-fs",
            "q35",
            "yess",
            "-",
            "console=ttyS0",
            "/dev/urandom",
            "pmu=off",
        ] {
            assert!(!yaml11_would_retype(s), "{s:?} needs no quotes");
        }
    }

    #[test]
    fn empty_map_is_empty_text() {
        assert_eq!(annotations_yaml(&BTreeMap::new()).expect("serializes"), "");
    }

    #[test]
    fn key_value_lines_are_parsed_and_bad_lines_reported() {
        let (parsed, rejected) = parse_key_values("# c\n a = 1\n\nnoequals\n=x\nb==2");
        assert_eq!(parsed, map(&[("a", " 1"), ("b", "=2")]));
        assert_eq!(
            rejected,
            vec![(4, "noequals".to_owned()), (5, "=x".to_owned())]
        );
    }
}
