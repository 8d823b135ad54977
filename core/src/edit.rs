//! Helpers for editors: what a freshly ticked key starts with, and the
//! row form of list values. The UI calls these so it never formats or
//! splits values by its own rules.

use crate::catalog::Annotation;
use crate::kind::{self, Kind, Parsed};
use crate::target::{Runtime, Target};

/// The value a key starts with when the user ticks it: its default, or a
/// neutral value of its kind.
pub fn initial_value(annotation: &Annotation, target: Target) -> String {
    if let Some(default) = annotation.default_for(target) {
        return default.to_owned();
    }
    match editor_kind(annotation, target.runtime) {
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

/// The hint an empty value field shows for a kind.
pub fn placeholder(kind: Kind) -> &'static str {
    match kind {
        Kind::U32 | Kind::U64 | Kind::UintAnyBase => "a whole number",
        Kind::F32 => "a number",
        Kind::MemorySize => "MiB, e.g. 4096 (runtime-rs also reads 4Gi)",
        Kind::Path => "/absolute/path",
        Kind::KernelParams => "key=value key2",
        Kind::CommaList => "a,b,c",
        Kind::SpaceList => "a b c",
        Kind::JsonStringArray => "[\"--option=value\"]",
        Kind::KernelVerityParams => {
            "root_hash=…,salt=…,data_blocks=…,data_block_size=4096,hash_block_size=4096"
        }
        _ => "",
    }
}

/// A command line typed as one text that does not split into words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandLineError {
    /// A quote is open at the end (or a backslash ends the text).
    #[error("a quote is not closed: close it, or put a backslash before a literal quote")]
    UnbalancedQuote,
}

/// Splits a command line the way a POSIX shell splits words, so
/// `sh -c "echo done"` gives `["sh", "-c", "echo done"]`. The UI's
/// command and args fields edit a list through this and [`join_command`].
pub fn split_command(text: &str) -> Result<Vec<String>, CommandLineError> {
    shlex::split(text).ok_or(CommandLineError::UnbalancedQuote)
}

/// Joins words into a command line that [`split_command`] reads back as the
/// same words (quoting only the words that need it).
pub fn join_command(words: &[String]) -> String {
    // A NUL byte cannot be quoted for a shell; drop it rather than lose the
    // whole line (Kubernetes would not accept it in a container command either).
    let cleaned: Vec<String> = words.iter().map(|w| w.replace('\0', "")).collect();
    shlex::try_join(cleaned.iter().map(String::as_str)).unwrap_or_default()
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
    fn commands_round_trip_with_their_quotes() {
        let words = split_command(r#"sh -c "echo done" 'a b' c\ d"#).expect("splits");
        assert_eq!(words, ["sh", "-c", "echo done", "a b", "c d"]);
        assert_eq!(split_command(&join_command(&words)), Ok(words));
        for words in [
            vec![],
            vec!["".to_owned()],
            vec!["it's".to_owned(), "\"q\"".to_owned(), "$HOME".to_owned()],
            vec![
                "tab\there".to_owned(),
                "new\nline".to_owned(),
                "ü".to_owned(),
            ],
        ] {
            assert_eq!(
                split_command(&join_command(&words)),
                Ok(words.clone()),
                "{words:?}"
            );
        }
        assert_eq!(
            join_command(&["sleep".into(), "infinity".into()]),
            "sleep infinity"
        );
        assert_eq!(
            split_command(r#"sh -c "echo"#),
            Err(CommandLineError::UnbalancedQuote)
        );
    }

    #[test]
    fn every_kind_with_free_text_has_a_placeholder() {
        for kind in [Kind::U32, Kind::Path, Kind::KernelParams, Kind::MemorySize] {
            assert!(!placeholder(kind).is_empty(), "{kind:?}");
        }
        assert_eq!(placeholder(Kind::Bool), "");
    }

    #[test]
    fn non_empty_initial_values_parse() {
        for a in crate::catalog::ANNOTATIONS
            .iter()
            .filter(|a| a.rust.applies())
        {
            let value = initial_value(a, Target::default());
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
