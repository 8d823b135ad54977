//! Property tests: canonical values validate clean; no input panics.

use std::collections::BTreeMap;

use kata_annotations::catalog::{Support, ANNOTATIONS};
use kata_annotations::kind::{self, Kind};
use kata_annotations::policy::PolicyInput;
use kata_annotations::target::Runtime;
use kata_annotations::{validate, Code, Request};
use proptest::prelude::*;

/// A value of `kind`, as a user might type it.
fn value_for(kind: Kind) -> BoxedStrategy<String> {
    match kind {
        Kind::Bool => prop_oneof![Just("true".to_owned()), Just("false".to_owned())].boxed(),
        Kind::U32 => any::<u32>().prop_map(|v| v.to_string()).boxed(),
        Kind::U64 | Kind::UintAnyBase => any::<u64>().prop_map(|v| v.to_string()).boxed(),
        Kind::F32 => (0u32..256).prop_map(|v| v.to_string()).boxed(),
        Kind::Enum(values) => proptest::sample::select(values)
            .prop_map(str::to_owned)
            .boxed(),
        Kind::MemorySize => (0u32..1_000_000).prop_map(|v| v.to_string()).boxed(),
        _ => "[a-z0-9=_.-]{0,12}".boxed(),
    }
}

/// A catalog entry, a runtime, and a value of the kind that runtime reads.
fn key_runtime_value() -> impl Strategy<Value = (usize, Runtime, String)> {
    (
        0..ANNOTATIONS.len(),
        prop_oneof![Just(Runtime::Go), Just(Runtime::Rust)],
    )
        .prop_flat_map(|(index, runtime)| {
            let kind = ANNOTATIONS[index]
                .support(runtime)
                .kind()
                .unwrap_or(Kind::Text);
            (Just(index), Just(runtime), value_for(kind))
        })
}

fn syntax_codes() -> [Code; 3] {
    [Code::InvalidValue, Code::ValueWraps, Code::ValueIgnored]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever `canonical` returns is read identically by both runtimes:
    /// it never draws a syntax finding on a runtime that reads the key.
    #[test]
    fn canonical_values_validate_clean((index, runtime, raw) in key_runtime_value()) {
        let annotation = &ANNOTATIONS[index];
        let Support::Reads { kind } = annotation.support(runtime) else { return Ok(()) };
        let Some(canonical) = kind::canonical(kind, &raw) else { return Ok(()) };
        // The Go runtime registers no experimental feature: it rejects every value by design.
        if runtime == Runtime::Go && annotation.key.ends_with("runtime.experimental") {
            return Ok(());
        }
        let request = Request {
            annotations: BTreeMap::from([(annotation.key.to_owned(), canonical.clone())]),
            runtime,
            policy: Some(PolicyInput { enable_annotations: Some(vec![".*".into()]), ..PolicyInput::default() }),
            ..Request::default()
        };
        for d in &validate(&request).diagnostics {
            prop_assert!(!syntax_codes().contains(&d.code), "{} = {canonical:?} on {runtime:?}: {d:?}", annotation.key);
        }
    }

    /// Arbitrary keys and values never panic the validator.
    #[test]
    fn validator_never_panics(pairs in proptest::collection::btree_map(".{0,80}", ".{0,80}", 0..8), go in any::<bool>()) {
        let request = Request {
            annotations: pairs,
            runtime: if go { Runtime::Go } else { Runtime::Rust },
            ..Request::default()
        };
        let _ = validate(&request);
    }

    /// Arbitrary values on every catalog key never panic the validator.
    #[test]
    fn catalog_keys_with_any_value_never_panic(index in 0..ANNOTATIONS.len(), value in ".{0,64}", go in any::<bool>()) {
        let request = Request {
            annotations: BTreeMap::from([(ANNOTATIONS[index].key.to_owned(), value)]),
            runtime: if go { Runtime::Go } else { Runtime::Rust },
            policy: Some(PolicyInput { enable_annotations: Some(vec![".*".into()]), ..PolicyInput::default() }),
            ..Request::default()
        };
        let _ = validate(&request);
    }
}
