//! Helpers for editors: what a freshly ticked key starts with, and the
//! row form of list values. The UI calls these so it never formats or
//! splits values by its own rules.

use crate::catalog::Annotation;
use crate::kind::{self, Kind, Parsed};
use crate::target::Runtime;

/// The value a key starts with when the user ticks it: its default, or a
/// neutral value of its kind.
pub fn initial_value(annotation: &Annotation, runtime: Runtime) -> String {
    if let Some(default) = annotation.default {
        return default.to_owned();
    }
    match editor_kind(annotation, runtime) {
        Some(Kind::Bool) => "true".to_owned(),
        Some(Kind::Enum(values)) => values.first().map_or_else(String::new, |v| (*v).to_owned()),
        _ => String::new(),
    }
}

/// The kind the editor for `annotation` should offer on `runtime`: that
/// runtime's syntax, or the other runtime's when this one does not read it.
pub fn editor_kind(annotation: &Annotation, runtime: Runtime) -> Option<Kind> {
    let other = match runtime {
        Runtime::Go => Runtime::Rust,
        Runtime::Rust => Runtime::Go,
    };
    annotation
        .support(runtime)
        .kind()
        .or_else(|| annotation.support(other).kind())
}

/// One `kernel_modules` row: the module and its parameters as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModuleRow {
    /// The module name.
    pub name: String,
    /// Space-separated parameters.
    pub params: String,
}

/// Splits a `kernel_modules` value into rows (leniently, as the Go runtime
/// reads it, so half-typed input still shows up in the editor).
pub fn module_rows(value: &str) -> Vec<ModuleRow> {
    match kind::parse(Kind::KernelModules, Runtime::Go, value) {
        Ok(Parsed::Modules(modules)) => modules
            .into_iter()
            .map(|m| ModuleRow {
                name: m.name,
                params: m.params.join(" "),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Joins rows into the spelling both runtimes read the same way:
/// `mod1 p=1;mod2` (no space after `;`, single spaces between words).
pub fn join_module_rows(rows: &[ModuleRow]) -> String {
    rows.iter()
        .filter(|r| !r.name.trim().is_empty())
        .map(|r| {
            let words: Vec<&str> = std::iter::once(r.name.trim())
                .chain(r.params.split_whitespace())
                .collect();
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_rows_round_trip_to_the_canonical_spelling() {
        let rows = module_rows("e1000e EEE=1; i915  enable_guc=2 x=1 ;;");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].name, "i915");
        assert_eq!(
            join_module_rows(&rows),
            "e1000e EEE=1;i915 enable_guc=2 x=1"
        );
        for runtime in Runtime::ALL {
            assert!(kind::parse(Kind::KernelModules, runtime, &join_module_rows(&rows)).is_ok());
        }
    }

    #[test]
    fn ticked_keys_start_valid() {
        for a in crate::catalog::ANNOTATIONS
            .iter()
            .filter(|a| a.rust.applies())
        {
            let value = initial_value(a, Runtime::Rust);
            if let (Some(kind), false) = (a.rust.kind(), value.is_empty()) {
                assert!(
                    kind::parse(kind, Runtime::Rust, &value).is_ok(),
                    "{}: {value:?}",
                    a.key
                );
            }
        }
    }
}
