//! What the Kubernetes API server checks on `metadata.annotations`
//! (apimachinery `ValidateAnnotations`, fact sheet §6).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic};

/// The most bytes all keys and values may take together.
pub const MAX_TOTAL_BYTES: usize = 256 * 1024;
/// The most characters the name part of a key may have.
pub const MAX_NAME_LEN: usize = 63;
/// The most characters the prefix (before `/`) may have.
pub const MAX_PREFIX_LEN: usize = 253;

/// Total size, and keys that differ only by case: the checks across keys.
/// Each key's own syntax and length is [`check_key`]. `folding` names the
/// keys that lower-casing changes ([`folds`], remembered per key by the
/// validator): only those can collide with another.
pub(crate) fn check(
    annotations: &BTreeMap<String, String>,
    folding: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    let total = annotations.iter().fold(0usize, |sum, (key, value)| {
        sum.saturating_add(key.len()).saturating_add(value.len())
    });
    if total > MAX_TOTAL_BYTES {
        out.push(Diagnostic::new(
            Code::TotalSizeTooLarge,
            None,
            format!("Annotations take {total} bytes; Kubernetes allows at most {MAX_TOTAL_BYTES} (keys plus values) and rejects the object. Shrink large values such as agent policies or init data."),
        ));
    }
    // Two keys can only collide when one of them has a letter that
    // lower-cases to something else; most requests have none.
    let folded: BTreeSet<Cow<'_, str>> = folding.iter().map(|key| go_lower(key)).collect();
    for lower in &folded {
        let keys: Vec<&str> = annotations
            .keys()
            .filter(|key| go_lower(key) == *lower)
            .map(String::as_str)
            .collect();
        if keys.len() > 1 {
            for key in &keys {
                out.push(Diagnostic::new(
                    Code::CaseDuplicate,
                    Some(key),
                    format!("Keys {keys:?} differ only by case; keep one, in lower case."),
                ));
            }
        }
    }
}

/// Whether the API server's lower-casing changes `key`.
pub(crate) fn folds(key: &str) -> bool {
    matches!(go_lower(key), Cow::Owned(_))
}

/// The key's own syntax and length.
pub(crate) fn check_key(key: &str, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = key_problem(key) {
        out.push(problem);
    }
}

/// The key as `IsQualifiedName` sees it: the API server lower-cases a key
/// with Go's `strings.ToLower` first (apimachinery
/// `pkg/api/validation/objectmeta.go`, `ValidateAnnotations`: "The rule is
/// QualifiedName except that case doesn't matter").
///
/// Go maps each rune by Unicode's simple lower-case mapping. Only three
/// kinds of rune come out as the ASCII the qualified-name syntax allows:
/// ASCII itself, U+0130 (capital I with dot above, to `i`) and U+212A
/// (Kelvin sign, to `k`). Every other non-ASCII rune stays non-ASCII and
/// fails the syntax whatever it maps to, so it is kept as it is: the verdict
/// is Go's without Unicode's case tables in the wasm build (and U+0130 gets
/// Go's `i`, where Rust's full mapping gives `i` plus a combining dot).
/// Borrowed when nothing changes.
fn go_lower(key: &str) -> Cow<'_, str> {
    // Bytes first: the check runs on every key of every call, and nearly
    // every key is lower-case ASCII.
    if !key.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        return Cow::Borrowed(key);
    }
    let changes = |c: char| c.is_ascii_uppercase() || matches!(c, '\u{130}' | '\u{212A}');
    if !key.chars().any(changes) {
        return Cow::Borrowed(key);
    }
    Cow::Owned(
        key.chars()
            .map(|c| match c {
                '\u{130}' => 'i',
                '\u{212A}' => 'k',
                c => c.to_ascii_lowercase(),
            })
            .collect(),
    )
}

/// Why the API server would refuse this key, if it would.
fn key_problem(key: &str) -> Option<Diagnostic> {
    let lower = go_lower(key);
    let parts: Vec<&str> = lower.split('/').collect();
    let (prefix, name) = match parts.as_slice() {
        [name] => (None, *name),
        [prefix, name] => (Some(*prefix), *name),
        _ => {
            return Some(invalid(key, "a key has at most one '/' (prefix/name)"));
        }
    };
    if let Some(prefix) = prefix {
        if prefix.len() > MAX_PREFIX_LEN {
            return Some(invalid(
                key,
                "the prefix before '/' must be at most 253 characters",
            ));
        }
        if !is_dns_subdomain(prefix) {
            return Some(invalid(key, "the prefix before '/' must be a DNS subdomain (lower-case letters, digits, '-' and '.')"));
        }
    }
    if name.len() > MAX_NAME_LEN {
        return Some(Diagnostic::new(
            Code::KeyTooLong,
            Some(key),
            format!("The name part is {} characters; Kubernetes allows at most {MAX_NAME_LEN} and rejects the object. This key can only be set outside Kubernetes (ctr, nerdctl, a raw OCI spec).", name.len()),
        ));
    }
    if !is_qualified_name_part(name) {
        return Some(invalid(key, "the name must be letters, digits, '-', '_' or '.', and start and end with a letter or digit"));
    }
    None
}

fn invalid(key: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidKeySyntax,
        Some(key),
        format!("Not a valid annotation key: {why}. Kubernetes rejects the object."),
    )
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
pub(crate) fn is_qualified_name_part(name: &str) -> bool {
    let bytes = name.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// DNS-1123 subdomain: dot-separated labels of `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
fn is_dns_subdomain(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.split('.').all(|label| {
            let bytes = label.as_bytes();
            match (bytes.first(), bytes.last()) {
                (Some(first), Some(last)) => {
                    (first.is_ascii_lowercase() || first.is_ascii_digit())
                        && (last.is_ascii_lowercase() || last.is_ascii_digit())
                        && bytes
                            .iter()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
                }
                _ => false,
            }
        })
}
