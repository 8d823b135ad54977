//! The importer's input limits, and the budget that decides which imported
//! annotations still go through the validator.

use super::lint::is_kata_key;
use super::{to_request, ImportedWorkload};
use crate::catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::request::Request;

/// The largest text the importer reads (2 MiB).
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// The most YAML documents the importer reads.
pub const MAX_DOCUMENTS: usize = 1000;
/// The most workloads the importer reads (documents and `List` items together).
pub const MAX_WORKLOADS: usize = 256;
/// The most annotations per workload that go through the validator.
pub const MAX_ANNOTATIONS_CHECKED: usize = 256;
/// The most annotations over all workloads that go through the validator.
pub const MAX_ANNOTATIONS_CHECKED_TOTAL: usize = 2048;
/// Keys longer than this skip the validator's did-you-mean search; Kubernetes
/// allows 253 (prefix) + 1 + 63 (name) anyway.
pub const MAX_KEY_BYTES_CHECKED: usize = 317;
/// The most bytes of unknown Kata-looking keys that go through the validator
/// (each costs a did-you-mean search over the catalog).
pub const MAX_UNKNOWN_KEY_BYTES_CHECKED: usize = 32 * 1024;

/// What the validator may still be given, over all workloads.
pub(super) struct CheckBudget {
    /// Annotations.
    keys: usize,
    /// Bytes of keys that are not in the catalog but look like Kata keys: the
    /// validator searches the whole catalog for a near miss of each.
    unknown_bytes: usize,
}

impl CheckBudget {
    /// The budget of one import, before any workload is checked.
    pub(super) fn full() -> Self {
        Self {
            keys: MAX_ANNOTATIONS_CHECKED_TOTAL,
            unknown_bytes: MAX_UNKNOWN_KEY_BYTES_CHECKED,
        }
    }
}

/// The request the validator sees: what [`to_request`] builds, less keys
/// past the validator's limits (reported as not checked).
pub(super) fn checked_request(
    workload: &ImportedWorkload,
    base: &Request,
    budget: &mut CheckBudget,
    out: &mut Vec<Diagnostic>,
) -> Request {
    let mut request = to_request(workload, base);
    let mut longest = 0;
    let mut too_long = 0;
    let mut skipped = 0;
    let mut kept = 0;
    request.annotations.retain(|key, _| {
        if key.len() > MAX_KEY_BYTES_CHECKED {
            too_long += 1;
            longest = longest.max(key.len());
            return false;
        }
        if kept >= MAX_ANNOTATIONS_CHECKED || budget.keys == 0 {
            skipped += 1;
            return false;
        }
        if catalog::find(key).is_none() && is_kata_key(key) {
            if budget.unknown_bytes < key.len() {
                skipped += 1;
                return false;
            }
            budget.unknown_bytes -= key.len();
        }
        budget.keys -= 1;
        kept += 1;
        true
    });
    if too_long > 0 {
        out.push(Diagnostic::new(
            Code::KeyTooLong,
            None,
            format!("{too_long} annotation key(s) up to {longest} bytes long: Kubernetes allows at most 253 (prefix) + 1 + 63 (name) and rejects the object."),
        ));
    }
    if skipped > 0 {
        out.push(Diagnostic::new(
            Code::NotChecked,
            None,
            format!("{skipped} annotation(s) were not checked: the importer checks at most {MAX_ANNOTATIONS_CHECKED} per workload, {MAX_ANNOTATIONS_CHECKED_TOTAL} in all, and {} KiB of unknown Kata keys.", MAX_UNKNOWN_KEY_BYTES_CHECKED / 1024),
        ));
    }
    request
}
