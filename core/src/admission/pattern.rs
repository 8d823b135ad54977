//! Regular expressions (RE2 syntax, which CEL's `matches()` uses) for the
//! value syntaxes the admission policy checks, built to accept exactly what
//! the runtime's parser accepts.

/// The characters Rust's `str::trim` removes (Unicode `White_Space`), as a
/// regex class: runtime-rs trims values before parsing them.
pub const RUST_WHITESPACE: &str = r"[\t\n\x{0B}\x{0C}\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";

/// `text` with every regex metacharacter escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A regex (no anchors) for the decimal numbers 1..=`max` written without
/// leading zeros: every shorter length, then, digit by digit, the numbers of
/// `max`'s length that stay below it.
pub fn decimal_up_to(max: u64) -> String {
    let digits: Vec<u8> = max.to_string().bytes().map(|b| b - b'0').collect();
    let len = digits.len();
    let mut alternatives = Vec::new();
    if len > 1 {
        alternatives.push(format!("[1-9][0-9]{{0,{}}}", len - 2));
    }
    for (i, &d) in digits.iter().enumerate() {
        let low = u8::from(i == 0);
        if d > low {
            let prefix: String = digits[..i].iter().map(|d| char::from(b'0' + d)).collect();
            let rest = len - i - 1;
            let class = if d - 1 == low {
                format!("{low}")
            } else {
                format!("[{low}-{}]", d - 1)
            };
            let tail = match rest {
                0 => String::new(),
                1 => "[0-9]".to_owned(),
                n => format!("[0-9]{{{n}}}"),
            };
            alternatives.push(format!("{prefix}{class}{tail}"));
        }
    }
    alternatives.push(max.to_string());
    format!("(?:{})", alternatives.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(pattern: &str) -> regex_lite::Regex {
        regex_lite::Regex::new(&format!("^(?:{pattern})$")).expect("valid regex")
    }

    #[test]
    fn decimal_ranges_accept_exactly_the_numbers_up_to_max() {
        for max in [
            1,
            9,
            10,
            19,
            20,
            99,
            100,
            255,
            1000,
            4_294_967_295,
            u64::MAX,
        ] {
            let re = full(&decimal_up_to(max));
            let mut probes: Vec<u64> = (0..=300).collect();
            for near in [max.saturating_sub(1), max, max.saturating_add(1)] {
                probes.push(near);
            }
            probes.extend([max / 10, max / 7, 999_999, 4_294_967_296]);
            for n in probes {
                assert_eq!(
                    re.is_match(&n.to_string()),
                    (1..=max).contains(&n),
                    "{n} ≤ {max}"
                );
            }
            let bigger = format!("{max}0");
            assert!(!re.is_match(&bigger), "{bigger}");
            assert!(!re.is_match("01"), "no leading zero");
        }
    }

    #[test]
    fn the_whitespace_class_is_what_str_trim_removes() {
        let re = full(RUST_WHITESPACE);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                re.is_match(&c.to_string()),
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn escaped_text_matches_itself_only() {
        for text in ["io.katacontainers/", "a+b*c?", "(x)|[y]{z}^$\\"] {
            let re = full(&escape(text));
            assert!(re.is_match(text));
            assert!(!re.is_match(&format!("{text}x")));
        }
    }
}
