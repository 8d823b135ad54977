//! What the Kubernetes API server checks on `metadata.annotations`
//! (apimachinery `ValidateAnnotations`, fact sheet §6).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic};

/// The most bytes all keys and values may take together.
pub const MAX_TOTAL_BYTES: usize = 256 * 1024;
/// The most characters the name part of a key may have.
pub const MAX_NAME_LEN: usize = 63;
/// The most characters the prefix (before `/`) may have.
pub const MAX_PREFIX_LEN: usize = 253;

/// Total size, and keys that differ only by case: the checks across keys.
/// Each key's own syntax and length is [`check_key`].
pub(crate) fn check(annotations: &BTreeMap<String, String>, out: &mut Vec<Diagnostic>) {
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
    let folded: BTreeSet<String> = annotations
        .keys()
        .filter(|key| {
            key.bytes().any(|b| b.is_ascii_uppercase())
                || (!key.is_ascii() && key.chars().any(|c| c.to_lowercase().ne([c])))
        })
        .map(|key| key.to_lowercase())
        .collect();
    for lower in &folded {
        let keys: Vec<&str> = annotations
            .keys()
            .filter(|key| key.to_lowercase() == *lower)
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

/// The key's own syntax and length.
pub(crate) fn check_key(key: &str, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = key_problem(key) {
        out.push(problem);
    }
}

/// Why the API server would refuse this key, if it would.
/// Kubernetes lower-cases the key before `IsQualifiedName`.
fn key_problem(key: &str) -> Option<Diagnostic> {
    let lower = key.to_lowercase();
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
