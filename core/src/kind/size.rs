//! Sizes: memory sizes as runtime-rs reads them with byte-unit, and Kubernetes binary
//! quantities (`64Mi`) computed exactly.

use super::{err, show, who, ValueError};
use crate::target::Runtime;

/// runtime-rs `convert_to_megabytes`: `Byte::parse_str(value, true)`; a bare integer is MiB.
/// Returns the whole number of MiB before the `u32` cast, `None` when unparsable (ignored).
pub(super) fn rs_memory_mib(value: &str) -> Result<Option<u64>, ValueError> {
    let Ok(mut size) = byte_unit::Byte::parse_str(value, true) else {
        return Ok(None);
    };
    if value.trim().chars().all(|c| c.is_ascii_digit()) {
        size = byte_unit::Byte::from_u64_with_unit(size.as_u64(), byte_unit::Unit::MiB)
            .ok_or_else(|| {
                err(format!(
                    "{} MiB is too large for runtime-rs (it fails to convert it to bytes)",
                    value.trim()
                ))
            })?;
    }
    // f64 -> u64 `as` truncates towards zero and saturates, like the runtime's `as u32`.
    Ok(Some(
        size.get_adjusted_unit(byte_unit::Unit::MiB).get_value() as u64,
    ))
}

pub(super) fn parse_binary_quantity(runtime: Runtime, value: &str) -> Result<u64, ValueError> {
    let rt = who(runtime);
    let b = value.as_bytes();
    let mut i = 0;
    let mut negative = false;
    match b.first() {
        Some(b'+') => i = 1,
        Some(b'-') => {
            negative = true;
            i = 1;
        }
        _ => {}
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = &value[int_start..i];
    let mut frac_digits = "";
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = &value[frac_start..i];
    }
    let suffix = &value[i..];
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(err(format!(
            "{} is not a quantity; {rt} expects a number with a binary suffix, e.g. `64Mi`",
            show(value)
        )));
    }
    let exp: u32 = match suffix {
        "Ki" => 10,
        "Mi" => 20,
        "Gi" => 30,
        "Ti" => 40,
        "Pi" => 50,
        "Ei" => 60,
        "" => {
            return Err(err(format!(
                "{} has no unit; {rt} requires a binary suffix: Ki, Mi, Gi, Ti, Pi or Ei (e.g. `64Mi`)",
                show(value)
            )))
        }
        "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => {
            return Err(err(format!(
                "{} uses the decimal suffix `{suffix}`; {rt} requires a binary suffix: Ki, Mi, Gi, Ti, Pi or Ei",
                show(value)
            )))
        }
        _ => {
            return Err(err(format!(
                "{} has an unknown suffix {}; {rt} requires Ki, Mi, Gi, Ti, Pi or Ei (case-sensitive, no spaces, no `B`)",
                show(value),
                show(suffix)
            )))
        }
    };
    if negative {
        return Err(err(format!(
            "{} is negative; an EPC size must be positive",
            show(value)
        )));
    }
    let (whole, fraction) = scaled_by_pow2(int_digits, frac_digits, exp);
    if whole == 0 && fraction {
        return Err(err(format!(
            "{} is less than one byte; Kubernetes turns it into a decimal quantity, which {rt} rejects",
            show(value)
        )));
    }
    let cap = i64::MAX as u128;
    let bytes = whole.saturating_add(u128::from(fraction)).min(cap);
    Ok(bytes as u64)
}

/// `int.frac * 2^exp`: the integer part (saturating) and whether a fraction remains.
fn scaled_by_pow2(int_digits: &str, frac_digits: &str, exp: u32) -> (u128, bool) {
    let int_digits = int_digits.trim_start_matches('0');
    if int_digits.len() > 30 {
        return (u128::MAX, false);
    }
    let frac_trimmed = frac_digits.trim_end_matches('0');
    const MAX_FRAC: usize = 100;
    let sticky = frac_trimmed.len() > MAX_FRAC;
    let frac_kept = &frac_trimmed[..frac_trimmed.len().min(MAX_FRAC)];
    // Decimal digits, least significant first.
    let mut digits: Vec<u8> = int_digits
        .bytes()
        .chain(frac_kept.bytes())
        .rev()
        .map(|c| c - b'0')
        .collect();
    for _ in 0..exp {
        let mut carry = 0u8;
        for d in digits.iter_mut() {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    let scale = frac_kept.len();
    let fraction = sticky || digits.iter().take(scale).any(|&d| d != 0);
    let mut whole: u128 = 0;
    for &d in digits.iter().skip(scale).rev() {
        whole = whole.saturating_mul(10).saturating_add(u128::from(d));
    }
    (whole, fraction)
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::kind::test_support::*;
    use crate::kind::{parse, Kind, Parsed};

    fn mem(input: &str) -> Option<u64> {
        match check(Kind::MemorySize, RS, input, true) {
            Some(Parsed::MemoryMib(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn memory_size_rust_uses_byte_unit() {
        assert_eq!(mem("2048"), Some(2048));
        assert_eq!(mem(" 2048 "), Some(2048));
        assert_eq!(mem("2G"), Some(1907));
        assert_eq!(mem("2GB"), Some(1907));
        assert_eq!(mem("512M"), Some(488));
        assert_eq!(mem("2Gi"), Some(2048));
        assert_eq!(mem("2GiB"), Some(2048));
        assert_eq!(mem("2 GiB"), Some(2048));
        assert_eq!(mem("2gib"), Some(2048));
        assert_eq!(mem("512Mi"), Some(512));
        assert_eq!(mem("2048.7"), Some(0));
        assert_eq!(mem("2048B"), Some(0));
        assert_eq!(mem("1.5Gi"), Some(1536));
        for ignored in [
            "abc", "", "-1", "+2048", "0x800", "2_048", "2048r", "2 G iB",
        ] {
            assert_eq!(mem(ignored), None, "{ignored}");
        }
        // The runtime keeps a u32: saturates instead of wrapping.
        assert_eq!(mem("4294967296"), Some(u64::from(u32::MAX)));
        // A bare integer too large to turn into bytes is an error in runtime-rs.
        check(Kind::MemorySize, RS, "17592186044416", false);
        check(Kind::MemorySize, RS, "17592186044415", true);
    }

    #[test]
    fn memory_size_go_is_u32() {
        assert_eq!(check(Kind::MemorySize, GO, "2048", true), Some(uint(2048)));
        assert_eq!(
            check(Kind::MemorySize, GO, "4294967297", true),
            Some(Parsed::Uint {
                value: 1,
                wrapped_from: Some(4294967297)
            })
        );
        table(
            Kind::MemorySize,
            GO,
            &[],
            &["2Gi", "2G", " 2048", "+2048", ""],
        );
    }

    #[test]
    fn binary_quantity() {
        let cases = [
            ("64Mi", 64 << 20),
            ("1Ki", 1024),
            ("1.5Ki", 1536),
            (".5Ki", 512),
            ("1.Ki", 1024),
            ("+1Gi", 1 << 30),
            ("0Ki", 0),
            ("1Ei", 1 << 60),
            ("8Ei", i64::MAX as u64),
            ("0.1Ki", 103),
            ("0064Mi", 64 << 20),
        ];
        for rt in [GO, RS] {
            for (v, n) in cases {
                assert_eq!(
                    check(Kind::BinaryQuantity, rt, v, true),
                    Some(Parsed::Bytes(n)),
                    "{v}"
                );
            }
            table(
                Kind::BinaryQuantity,
                rt,
                &[],
                &[
                    "64M", "64", "64MiB", "64mi", "-1Ki", "1e3", "Ki", "", " 1Ki", "1Ki ",
                    "0.0001Ki", "1k", "1 Ki", ".", "1..5Ki",
                ],
            );
        }
        assert!(parse(Kind::BinaryQuantity, GO, "64M")
            .unwrap_err()
            .0
            .contains("decimal suffix"));
    }
}
