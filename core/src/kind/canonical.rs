//! Canonical spellings: the one way to write a value that both runtimes read identically.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::init_data::decode_base64;
use super::size::rs_memory_mib;
use super::{parse, Kind, Parsed};
use crate::target::Runtime;

/// The canonical spelling of a value both runtimes accept identically, if there is one (e.g.
/// Bool "True" → "true", U32 "+5"/"05" → "5"), used by the UI to normalise input. `None` when
/// the value is invalid for both runtimes, or when no spelling means the same to both (e.g. a
/// uint32 the Go runtime would wrap, a negative float the Go runtime rejects, a kernel module
/// parameter with quoted spaces).
pub fn canonical(kind: Kind, value: &str) -> Option<String> {
    let candidate = canonical_candidate(kind, value)?;
    accepted_identically(kind, &candidate).then_some(candidate)
}

/// The first runtime's reading of `value`, Go first.
fn first_accepted(kind: Kind, value: &str) -> Option<Parsed> {
    parse(kind, Runtime::Go, value)
        .or_else(|_| parse(kind, Runtime::Rust, value))
        .ok()
}

fn join_params(params: &[(String, Option<String>)], sep: &str) -> String {
    params
        .iter()
        .map(|(k, v)| match v {
            Some(v) => format!("{k}={v}"),
            None => k.clone(),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn canonical_candidate(kind: Kind, value: &str) -> Option<String> {
    match kind {
        Kind::Bool => match first_accepted(kind, value)? {
            Parsed::Bool(b) => Some(b.to_string()),
            _ => None,
        },
        Kind::U32 | Kind::U64 | Kind::UintAnyBase => match first_accepted(kind, value)? {
            Parsed::Uint {
                value,
                wrapped_from: None,
            } => Some(value.to_string()),
            _ => None,
        },
        Kind::F32 => match first_accepted(kind, value)? {
            // `-0` is accepted by both runtimes; write it as `0`.
            Parsed::Float(f) if f.is_finite() && f >= 0.0 => Some(if f == 0.0 {
                "0".to_string()
            } else {
                format!("{f}")
            }),
            _ => None,
        },
        Kind::Enum(_) | Kind::Path | Kind::Text | Kind::CommaList => {
            first_accepted(kind, value).map(|_| value.to_string())
        }
        Kind::KernelModules => match first_accepted(kind, value)? {
            Parsed::Modules(modules) => Some(
                modules
                    .iter()
                    .map(|m| {
                        std::iter::once(m.name.as_str())
                            .chain(m.params.iter().map(String::as_str))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
            _ => None,
        },
        Kind::KernelParams => match first_accepted(kind, value)? {
            Parsed::Params(p) => Some(join_params(&p, " ")),
            _ => None,
        },
        Kind::KernelVerityParams => match first_accepted(kind, value)? {
            Parsed::Params(p) => Some(join_params(&p, ",")),
            _ => None,
        },
        Kind::SpaceList | Kind::NumaMapping => match first_accepted(kind, value)? {
            Parsed::List(items) => Some(items.join(" ")),
            _ => None,
        },
        Kind::JsonStringArray => match first_accepted(kind, value)? {
            Parsed::List(items) => serde_json::to_string(&items).ok(),
            _ => None,
        },
        Kind::Json => match first_accepted(kind, value)? {
            Parsed::Text(compact) => Some(compact),
            _ => None,
        },
        Kind::Base64 => decode_base64(Runtime::Go, value)
            .or_else(|_| decode_base64(Runtime::Rust, value))
            .ok()
            .map(|bytes| STANDARD.encode(bytes)),
        Kind::InitData => {
            if value.is_empty() {
                return Some(String::new());
            }
            first_accepted(kind, value)?;
            decode_base64(Runtime::Go, value)
                .or_else(|_| decode_base64(Runtime::Rust, value))
                .ok()
                .map(|bytes| STANDARD.encode(bytes))
        }
        Kind::MemorySize => {
            if let Ok(Parsed::Uint {
                value,
                wrapped_from: None,
            }) = parse(kind, Runtime::Go, value)
            {
                return Some(value.to_string());
            }
            match rs_memory_mib(value) {
                Ok(Some(mib)) if mib <= u64::from(u32::MAX) => Some(mib.to_string()),
                _ => None,
            }
        }
        Kind::BinaryQuantity => match first_accepted(kind, value)? {
            Parsed::Bytes(bytes) => {
                if bytes == 0 {
                    return Some("0Ki".to_string());
                }
                if bytes % 1024 != 0 {
                    return Some(value.trim_start_matches('+').to_string());
                }
                let units = [
                    ("Ei", 60),
                    ("Pi", 50),
                    ("Ti", 40),
                    ("Gi", 30),
                    ("Mi", 20),
                    ("Ki", 10),
                ];
                units
                    .iter()
                    .find(|(_, shift)| bytes % (1u64 << shift) == 0)
                    .map(|(suffix, shift)| format!("{}{suffix}", bytes >> shift))
            }
            _ => None,
        },
    }
}

/// Whether both runtimes accept `candidate` and read the same thing from it.
fn accepted_identically(kind: Kind, candidate: &str) -> bool {
    let (Ok(go), Ok(rs)) = (
        parse(kind, Runtime::Go, candidate),
        parse(kind, Runtime::Rust, candidate),
    ) else {
        return false;
    };
    match (&go, &rs) {
        (
            Parsed::Uint {
                value,
                wrapped_from: None,
            },
            Parsed::MemoryMib(Some(mib)),
        ) => value == mib,
        (
            Parsed::Uint {
                wrapped_from: Some(_),
                ..
            },
            _,
        ) => false,
        (Parsed::Float(a), Parsed::Float(b)) => a.to_bits() == b.to_bits(),
        _ => go == rs,
    }
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kind::test_support::*;

    #[test]
    fn canonical_spellings() {
        let cases: &[(Kind, &str, Option<&str>)] = &[
            (Kind::Bool, "True", Some("true")),
            (Kind::Bool, "1", Some("true")),
            (Kind::Bool, " false ", Some("false")),
            (Kind::Bool, "yes", None),
            (Kind::U32, "+5", Some("5")),
            (Kind::U32, "05", Some("5")),
            (Kind::U32, " 5", Some("5")),
            (Kind::U32, "4294967297", None),
            (Kind::U32, "4294967296", None),
            (Kind::U32, "abc", None),
            (Kind::U64, "007", Some("7")),
            (Kind::UintAnyBase, "0x1f", Some("31")),
            (Kind::UintAnyBase, "010", Some("8")),
            (Kind::UintAnyBase, "+5", Some("5")),
            (Kind::F32, "1.50", Some("1.5")),
            (Kind::F32, "0x1p-2", Some("0.25")),
            (Kind::F32, "1e2", Some("100")),
            (Kind::F32, "-0", Some("0")),
            (Kind::F32, " 2 ", Some("2")),
            (Kind::F32, "-1", None),
            (Kind::F32, "NaN", None),
            (Kind::F32, "inf", None),
            (ENUM, "virtio-fs", Some("virtio-fs")),
            (ENUM, " virtio-fs", None),
            (Kind::Path, "/a", Some("/a")),
            (Kind::Path, "a", None),
            (Kind::Text, " x ", Some(" x ")),
            (
                Kind::KernelModules,
                "e1000e  EEE=1; i915",
                Some("e1000e EEE=1;i915"),
            ),
            (Kind::KernelModules, "", Some("")),
            (Kind::KernelModules, "m p=\"a b\"", None),
            (Kind::KernelParams, "a=1   b", Some("a=1 b")),
            (Kind::KernelParams, "x=\"a b\"", None),
            (Kind::KernelParams, "=x", None),
            (
                Kind::KernelVerityParams,
                "root_hash=a, salt=b, data_blocks=1, data_block_size=512, hash_block_size=512",
                Some("root_hash=a,salt=b,data_blocks=1,data_block_size=512,hash_block_size=512"),
            ),
            (
                Kind::KernelVerityParams,
                "root_hash=,salt=b,data_blocks=1,data_block_size=512,hash_block_size=512",
                None,
            ),
            (Kind::CommaList, "a, b", Some("a, b")),
            (Kind::SpaceList, "  a   b ", Some("a b")),
            (
                Kind::JsonStringArray,
                r#"[ "a" , "b" ]"#,
                Some(r#"["a","b"]"#),
            ),
            (Kind::JsonStringArray, "null", Some("[]")),
            (
                Kind::Json,
                r#"[ {"b":1, "a":2} ]"#,
                Some(r#"[{"a":2,"b":1}]"#),
            ),
            (Kind::Base64, "aGVs\nbG8=", Some("aGVsbG8=")),
            (Kind::Base64, "aGVsbG8", None),
            (Kind::MemorySize, "2Gi", Some("2048")),
            (Kind::MemorySize, "2048", Some("2048")),
            (Kind::MemorySize, " 2048", Some("2048")),
            (Kind::MemorySize, "2G", Some("1907")),
            (Kind::MemorySize, "abc", None),
            (Kind::MemorySize, "+2048", None),
            (Kind::MemorySize, "4294967297", None),
            (Kind::BinaryQuantity, "+1024Ki", Some("1Mi")),
            (Kind::BinaryQuantity, "0.5Mi", Some("512Ki")),
            (Kind::BinaryQuantity, "1.5Ki", Some("1.5Ki")),
            (Kind::BinaryQuantity, "0Ki", Some("0Ki")),
            (Kind::BinaryQuantity, "0.0Mi", Some("0Ki")),
            (Kind::BinaryQuantity, "64M", None),
            (Kind::NumaMapping, " 0  1-2 ", Some("0 1-2")),
            (Kind::NumaMapping, "2-1", None),
        ];
        for (kind, input, want) in cases {
            assert_eq!(
                canonical(*kind, input).as_deref(),
                *want,
                "{kind:?} {input:?}"
            );
        }
        let good = gzip_b64(INITDATA.as_bytes());
        assert_eq!(canonical(Kind::InitData, &good), Some(good.clone()));
        assert_eq!(canonical(Kind::InitData, ""), Some(String::new()));
        let md5 = gzip_b64(b"algorithm = \"md5\"\n");
        assert_eq!(canonical(Kind::InitData, &md5), None);
    }

    /// Deterministic pseudo-random inputs: no panic anywhere, and `canonical` is idempotent
    /// and always yields a value both runtimes accept identically.
    #[test]
    fn no_panics_and_canonical_is_stable() {
        const ALPHABET: &[char] = &[
            '0', '1', '2', '5', '9', '+', '-', '_', '.', ' ', '\t', 'x', 'X', 'b', 'o', 'e', 'E',
            'p', 'P', 'i', 'I', 'n', 'N', 'a', 'f', 't', 'T', 'r', 'u', ';', '=', ',', '"', '/',
            'k', 'K', 'M', 'G', '[', ']', '{', '}', 'é', '\n', 'B', 'y',
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut inputs: Vec<String> = vec![
            "0".repeat(5000),
            "9".repeat(400),
            format!("0.{}1Ki", "0".repeat(300)),
            format!("1{}Ki", "0".repeat(300)),
            format!("0x1p{}", "9".repeat(50)),
            format!("0x1p-{}", "9".repeat(50)),
            format!("0x{}p0", "f".repeat(40)),
            "1e99999999999999999999".into(),
            "\u{0}".into(),
            "🦀".into(),
        ];
        for _ in 0..4000 {
            let len = (next() % 14) as usize;
            inputs.push(
                (0..len)
                    .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                    .collect(),
            );
        }
        for kind in all_kinds() {
            for input in &inputs {
                let _ = parse(kind, GO, input);
                let _ = parse(kind, RS, input);
                if let Some(c) = canonical(kind, input) {
                    // The canonical spelling keeps a meaning the input had: some
                    // runtime that read the input reads the same value from it
                    // (equal values, so -0 is 0; or equal Debug text, so NaN is
                    // NaN). Where the runtimes read the input differently,
                    // canonical follows one of them, never neither.
                    let kept = [GO, RS].into_iter().any(|runtime| {
                        match (parse(kind, runtime, input), parse(kind, runtime, &c)) {
                            (Ok(read), Ok(again)) => {
                                again == read || format!("{again:?}") == format!("{read:?}")
                            }
                            _ => false,
                        }
                    });
                    assert!(kept, "{kind:?} {input:?} -> {c:?} changes its meaning");
                    assert_eq!(
                        canonical(kind, &c).as_deref(),
                        Some(c.as_str()),
                        "not idempotent: {kind:?} {input:?}"
                    );
                }
            }
        }
    }
}
