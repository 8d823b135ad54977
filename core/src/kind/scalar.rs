//! Scalars: booleans, unsigned integers, floats, enum members and paths, as each runtime
//! parses them (Go through the `strconv` port, runtime-rs with `str::parse` after `trim()`).

use super::go_strconv::{go_parse_float32, go_parse_uint10, go_parse_uint_base0, lower, GoNumErr};
use super::{err, show, who, Parsed, ValueError};
use crate::target::Runtime;

/// What Go's `strconv.ParseBool` reads as true.
pub const GO_TRUE: [&str; 6] = ["1", "t", "T", "TRUE", "true", "True"];
/// What Go's `strconv.ParseBool` reads as false.
pub const GO_FALSE: [&str; 6] = ["0", "f", "F", "FALSE", "false", "False"];

pub(super) fn parse_bool(runtime: Runtime, value: &str) -> Result<bool, ValueError> {
    match runtime {
        // strconv.ParseBool
        Runtime::Go => match value {
            v if GO_TRUE.contains(&v) => Ok(true),
            v if GO_FALSE.contains(&v) => Ok(false),
            _ => Err(err(format!(
                "{} is not a boolean for the Go runtime: it accepts only 1, t, T, TRUE, true, True, 0, f, F, FALSE, false or False, with no spaces; write `true` or `false`",
                show(value)
            ))),
        },
        // str::parse::<bool> after trim()
        Runtime::Rust => match value.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(err(format!(
                "{} is not a boolean for runtime-rs: it accepts only `true` or `false` (lowercase)",
                show(value)
            ))),
        },
    }
}

/// Explains why the Go runtime's decimal `ParseUint` rejected `value`.
fn go_uint_error(value: &str, e: GoNumErr, max: &str) -> ValueError {
    if e == GoNumErr::Range {
        return err(format!(
            "{} is too large for the Go runtime (at most {max})",
            show(value)
        ));
    }
    let hint = if value.is_empty() {
        "the value is empty".to_string()
    } else if value.trim() != value {
        "it does not trim spaces".to_string()
    } else if value.starts_with('+') || value.starts_with('-') {
        "no sign is allowed".to_string()
    } else if value.contains('_') {
        "`_` separators are not allowed".to_string()
    } else if value.len() > 1 && value.starts_with('0') && lower(value.as_bytes()[1]) == b'x' {
        "hexadecimal is not allowed".to_string()
    } else {
        "only the digits 0-9 are allowed".to_string()
    };
    err(format!(
        "{} is not an unsigned decimal integer for the Go runtime: {hint}",
        show(value)
    ))
}

fn rs_uint_error(value: &str, e: &std::num::ParseIntError, max: &str) -> ValueError {
    use std::num::IntErrorKind;
    match e.kind() {
        IntErrorKind::PosOverflow => err(format!(
            "{} is too large for runtime-rs (at most {max}; it does not wrap)",
            show(value)
        )),
        IntErrorKind::Empty => err("runtime-rs needs a number here; the value is empty"),
        _ => err(format!(
            "{} is not an unsigned decimal integer for runtime-rs: it accepts digits with an optional leading `+` (no `-`, `_`, `0x` or decimals)",
            show(value)
        )),
    }
}

pub(super) fn parse_u32(runtime: Runtime, value: &str) -> Result<Parsed, ValueError> {
    match runtime {
        Runtime::Go => {
            let v = go_parse_uint10(value)
                .map_err(|e| go_uint_error(value, e, "18446744073709551615"))?;
            // The Go runtime stores the uint64 in a uint32 field: it wraps.
            let stored = v & u64::from(u32::MAX);
            Ok(Parsed::Uint {
                value: stored,
                wrapped_from: (v > u64::from(u32::MAX)).then_some(v),
            })
        }
        Runtime::Rust => value
            .trim()
            .parse::<u32>()
            .map(|v| Parsed::Uint {
                value: u64::from(v),
                wrapped_from: None,
            })
            .map_err(|e| rs_uint_error(value, &e, "4294967295")),
    }
}

pub(super) fn parse_u64(runtime: Runtime, value: &str) -> Result<u64, ValueError> {
    match runtime {
        Runtime::Go => {
            go_parse_uint10(value).map_err(|e| go_uint_error(value, e, "18446744073709551615"))
        }
        Runtime::Rust => value
            .trim()
            .parse::<u64>()
            .map_err(|e| rs_uint_error(value, &e, "18446744073709551615")),
    }
}

pub(super) fn parse_uint_any_base(runtime: Runtime, value: &str) -> Result<u64, ValueError> {
    match runtime {
        Runtime::Go => go_parse_uint_base0(value).map_err(|e| match e {
            GoNumErr::Range => err(format!(
                "{} is too large for the Go runtime (at most 18446744073709551615)",
                show(value)
            )),
            GoNumErr::Syntax => err(format!(
                "{} is not an unsigned integer for the Go runtime: it accepts decimal, 0x hex, 0o or leading-0 octal and 0b binary digits, with `_` only between digits (no sign, no spaces)",
                show(value)
            )),
        }),
        Runtime::Rust => parse_u64(runtime, value),
    }
}

pub(super) fn parse_f32(runtime: Runtime, value: &str) -> Result<f32, ValueError> {
    match runtime {
        Runtime::Go => {
            // setFloat32WithCheck: ParseFloat(v, 32), then < 0 and > MaxFloat32 are errors.
            let v = go_parse_float32(value).map_err(|e| match e {
                GoNumErr::Range => err(format!(
                    "{} is out of range for a 32-bit float in the Go runtime",
                    show(value)
                )),
                GoNumErr::Syntax => err(format!(
                    "{} is not a number for the Go runtime: it accepts a non-negative decimal such as `2` or `1.5` (no spaces)",
                    show(value)
                )),
            })?;
            if v < 0.0 {
                return Err(err(format!(
                    "{} is negative; the Go runtime accepts only values ≥ 0",
                    show(value)
                )));
            }
            if v > f32::MAX {
                return Err(err(format!(
                    "{} is infinite; the Go runtime rejects it as too large",
                    show(value)
                )));
            }
            Ok(v)
        }
        Runtime::Rust => value.trim().parse::<f32>().map_err(|_| {
            err(format!(
                "{} is not a number for runtime-rs: it accepts a decimal such as `2` or `1.5` (exponents allowed, no hex, no `_`)",
                show(value)
            ))
        }),
    }
}

// ---------------------------------------------------------------------------
// Enum, Path
// ---------------------------------------------------------------------------

pub(super) fn parse_enum(
    runtime: Runtime,
    values: &[&str],
    value: &str,
) -> Result<String, ValueError> {
    if values.contains(&value) {
        return Ok(value.to_string());
    }
    let list = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let extra = if values.contains(&value.trim()) {
        " (remove the surrounding spaces)"
    } else if values.iter().any(|v| v.eq_ignore_ascii_case(value.trim())) {
        " (the match is case-sensitive)"
    } else {
        ""
    };
    Err(err(format!(
        "{} is not accepted: {} accepts only {list}{extra}",
        show(value),
        who(runtime)
    )))
}

/// An absolute path, used as written. The empty text parses: what it means
/// depends on the key and the runtime (unset, cleared, refused by an
/// allow-list, or replaced by a default), which the rules and the
/// allow-list gate say.
pub(super) fn parse_path(runtime: Runtime, value: &str) -> Result<String, ValueError> {
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.trim() != value {
        return Err(err(format!(
            "{} has leading or trailing whitespace; {} uses the path exactly as written, so it names a different file",
            show(value),
            who(runtime)
        )));
    }
    if !value.starts_with('/') {
        return Err(err(format!(
            "{} is not an absolute path; {} needs a host path starting with `/`",
            show(value),
            who(runtime)
        )));
    }
    Ok(value.to_string())
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::kind::test_support::*;
    use crate::kind::{parse, Kind, Parsed};
    use crate::target::Runtime;

    fn float(kind_rt: Runtime, input: &str) -> f32 {
        match check(Kind::F32, kind_rt, input, true) {
            Some(Parsed::Float(f)) => f,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bool_go_accepts_exactly_parsebool_spellings() {
        for v in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(check(Kind::Bool, GO, v, true), Some(Parsed::Bool(true)));
        }
        for v in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(check(Kind::Bool, GO, v, true), Some(Parsed::Bool(false)));
        }
        table(
            Kind::Bool,
            GO,
            &[],
            &["yes", "on", " true", "true ", "tRUE", "", "2", "no", "off"],
        );
    }

    #[test]
    fn bool_rust_accepts_only_lowercase_words_after_trim() {
        assert_eq!(
            check(Kind::Bool, RS, " true ", true),
            Some(Parsed::Bool(true))
        );
        assert_eq!(
            check(Kind::Bool, RS, "\tfalse\n", true),
            Some(Parsed::Bool(false))
        );
        table(
            Kind::Bool,
            RS,
            &["true", "false"],
            &["True", "1", "t", "TRUE", "0", "f", "yes", "on", ""],
        );
        let msg = parse(Kind::Bool, RS, "True").unwrap_err().0;
        assert!(msg.contains("`true` or `false`"), "{msg}");
    }

    #[test]
    fn u32_go_is_strict_decimal_and_wraps() {
        table(
            Kind::U32,
            GO,
            &["0", "5", "4294967295", "18446744073709551615"],
            &[
                "+5",
                " 5",
                "5 ",
                "-1",
                "0x10",
                "1_0",
                "",
                "1.5",
                "1e3",
                "18446744073709551616",
            ],
        );
        assert_eq!(
            check(Kind::U32, GO, "4294967297", true),
            Some(Parsed::Uint {
                value: 1,
                wrapped_from: Some(4294967297)
            })
        );
        assert_eq!(
            check(Kind::U32, GO, "4294967296", true),
            Some(Parsed::Uint {
                value: 0,
                wrapped_from: Some(4294967296)
            })
        );
        assert_eq!(
            check(Kind::U32, GO, "4294967295", true),
            Some(uint(4294967295))
        );
        assert!(parse(Kind::U32, GO, "+5").unwrap_err().0.contains("sign"));
    }

    #[test]
    fn u32_rust_trims_allows_plus_and_rejects_overflow() {
        for v in ["+5", "05", " 5", "5 ", "+05"] {
            assert_eq!(check(Kind::U32, RS, v, true), Some(uint(5)));
        }
        table(
            Kind::U32,
            RS,
            &["0", "4294967295"],
            &[
                "4294967296",
                "-1",
                "-0",
                "0x10",
                "1_0",
                "",
                "1e3",
                "1.5",
                "+",
                "+-5",
            ],
        );
        assert!(parse(Kind::U32, RS, "4294967296")
            .unwrap_err()
            .0
            .contains("does not wrap"));
    }

    #[test]
    fn u64_both_runtimes() {
        table(
            Kind::U64,
            GO,
            &["0", "18446744073709551615"],
            &["18446744073709551616", "+5", " 5", "-1", ""],
        );
        table(
            Kind::U64,
            RS,
            &["0", "+5", " 5", "18446744073709551615"],
            &["18446744073709551616", "-1", "", "0x5"],
        );
        assert_eq!(
            check(Kind::U64, GO, "4294967297", true),
            Some(uint(4294967297))
        );
    }

    #[test]
    fn uint_any_base_go_follows_parseuint_base0() {
        let cases = [
            ("0x1f", 31),
            ("0X1F", 31),
            ("0o17", 15),
            ("0O17", 15),
            ("017", 15),
            ("0b101", 5),
            ("0B101", 5),
            ("1_000", 1000),
            ("0x_1f", 31),
            ("0_7", 7),
            ("0", 0),
            ("00", 0),
            ("10", 10),
            ("200", 200),
        ];
        for (v, n) in cases {
            assert_eq!(check(Kind::UintAnyBase, GO, v, true), Some(uint(n)), "{v}");
        }
        table(
            Kind::UintAnyBase,
            GO,
            &[],
            &[
                "08",
                "0x",
                "0b",
                "0o",
                "1__0",
                "_1",
                "1_",
                "0x1_",
                "0x_",
                "+1",
                "-1",
                " 1",
                "",
                "0x1g",
                "0b102",
                "18446744073709551616",
                "0x10000000000000000",
            ],
        );
        // runtime-rs never reads these keys; it would parse plain decimal.
        assert_eq!(check(Kind::UintAnyBase, RS, "+5", true), Some(uint(5)));
        assert_eq!(check(Kind::UintAnyBase, RS, "010", true), Some(uint(10)));
        check(Kind::UintAnyBase, RS, "0x10", false);
    }

    #[test]
    fn f32_go_follows_parsefloat32_and_kata_checks() {
        table(
            Kind::F32,
            GO,
            &[
                "1.5",
                "2",
                "1e2",
                "1E2",
                "+2",
                "0x1p-2",
                "NaN",
                "nan",
                "NAN",
                "-0",
                "0.0",
                ".5",
                "5.",
                "1_000.5",
                "3.4028235e38",
                "1e-50",
                "0x1.8p1",
                "0X1P-2",
            ],
            &[
                "-1", "-0.5", "Inf", "inf", "+Inf", "Infinity", "-inf", "1e39", "abc", "", " 1",
                "1 ", "0x1", "+nan", "-nan", "1__0", "_1", "1_", "1e", "1.5.5", "0x", "infin",
                "nanx", "0x1p128", "1,5",
            ],
        );
        assert_eq!(float(GO, "0x1p-2"), 0.25);
        assert_eq!(float(GO, "0x1.8p1"), 3.0);
        assert_eq!(float(GO, "1_000.5"), 1000.5);
        assert_eq!(float(GO, "1.5"), 1.5);
        assert!(float(GO, "NaN").is_nan());
        assert_eq!(float(GO, "0x1.fffffep127"), f32::MAX);
        assert_eq!(float(GO, "0x1p-149").to_bits(), 1);
        assert_eq!(float(GO, "0x1p-150"), 0.0); // ties to even: rounds to zero
        assert_eq!(float(GO, "0x1.000001p0"), 1.0); // below half an ulp
        assert_eq!(float(GO, "0x1.000003p0"), 1.0000002); // above half: rounds up
        assert!(parse(Kind::F32, GO, "-1").unwrap_err().0.contains("≥ 0"));
        assert!(parse(Kind::F32, GO, "1e39")
            .unwrap_err()
            .0
            .contains("range"));
    }

    #[test]
    fn f32_rust_uses_str_parse_after_trim() {
        table(
            Kind::F32,
            RS,
            &[
                "inf", "NaN", "-1", "+5", "1e2", " 1.5 ", "1e39", "-inf", "infinity", ".5",
            ],
            &["0x1p-2", "1_0", "", "abc", "1,5", "0x10"],
        );
        assert_eq!(float(RS, "-1"), -1.0);
        assert!(float(RS, "inf").is_infinite());
        assert!(float(RS, "NaN").is_nan());
    }

    #[test]
    fn enum_is_exact_and_case_sensitive() {
        for rt in [GO, RS] {
            assert_eq!(
                check(ENUM, rt, "virtio-fs", true),
                Some(Parsed::Text("virtio-fs".into()))
            );
            table(
                ENUM,
                rt,
                &["virtio-9p"],
                &[" virtio-fs", "virtio-fs ", "Virtio-FS", ""],
            );
        }
        let msg = parse(ENUM, GO, "nope").unwrap_err().0;
        assert!(msg.contains("`virtio-fs`, `virtio-9p`"), "{msg}");
        assert!(parse(ENUM, RS, "virtio-fs ")
            .unwrap_err()
            .0
            .contains("spaces"));
    }

    #[test]
    fn path_must_be_absolute_and_untrimmed() {
        for rt in [GO, RS] {
            table(
                Kind::Path,
                rt,
                // The empty text parses; the rules say what each key does with it.
                &["/usr/bin/qemu-system-x86_64", "/", ""],
                &["relative/x", "/x ", " /x", "~/x", "/x\n"],
            );
        }
        assert!(parse(Kind::Path, RS, "/x ")
            .unwrap_err()
            .0
            .contains("whitespace"));
        assert_eq!(
            check(Kind::Text, GO, " any thing ", true),
            Some(Parsed::Text(" any thing ".into()))
        );
        check(Kind::Text, RS, "", true);
    }
}
