//! A port of the parts of Go's `strconv` the Go runtime reads annotation values with
//! (`ParseUint` in base 10 and base 0, `ParseFloat` for 32 bits), so a value is accepted or
//! rejected exactly as the Go runtime would.

/// Why a Go `strconv` parse failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GoNumErr {
    Syntax,
    Range,
}

/// Go `strconv.ParseUint(s, 10, 64)`.
pub(super) fn go_parse_uint10(s: &str) -> Result<u64, GoNumErr> {
    if s.is_empty() {
        return Err(GoNumErr::Syntax);
    }
    let mut n: u64 = 0;
    for c in s.bytes() {
        if !c.is_ascii_digit() {
            return Err(GoNumErr::Syntax);
        }
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
            .ok_or(GoNumErr::Range)?;
    }
    Ok(n)
}

/// Go's `lower`: ASCII letters to lower case (other bytes come out changed, which the
/// callers' comparisons tolerate, as Go's do).
pub(super) fn lower(c: u8) -> u8 {
    c | 0x20
}

/// Go `strconv.underscoreOK`: underscores may only separate digits (or follow a base prefix).
fn go_underscore_ok(s: &[u8]) -> bool {
    // saw: b'^' start, b'0' digit or prefix, b'_' underscore, b'!' anything else
    let mut saw = b'^';
    let mut s = s;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            s = &s[1..];
        }
    }
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(lower(s[1]), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = lower(s[1]) == b'x';
    }
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&lower(c))) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go `strconv.ParseUint(s, 0, 64)`.
pub(super) fn go_parse_uint_base0(s0: &str) -> Result<u64, GoNumErr> {
    let b = s0.as_bytes();
    if b.is_empty() {
        return Err(GoNumErr::Syntax);
    }
    let (base, start): (u64, usize) = if b[0] == b'0' {
        if b.len() >= 3 {
            match lower(b[1]) {
                b'b' => (2, 2),
                b'o' => (8, 2),
                b'x' => (16, 2),
                _ => (8, 1),
            }
        } else {
            (8, 1)
        }
    } else {
        (10, 0)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in &b[start..] {
        let d = if c == b'_' {
            underscores = true;
            continue;
        } else if c.is_ascii_digit() {
            c - b'0'
        } else if lower(c).is_ascii_lowercase() {
            lower(c) - b'a' + 10
        } else {
            return Err(GoNumErr::Syntax);
        };
        if u64::from(d) >= base {
            return Err(GoNumErr::Syntax);
        }
        n = n
            .checked_mul(base)
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or(GoNumErr::Range)?;
    }
    if underscores && !go_underscore_ok(b) {
        return Err(GoNumErr::Syntax);
    }
    Ok(n)
}

fn common_prefix_len_ignore_case(s: &[u8], prefix: &[u8]) -> usize {
    let n = s.len().min(prefix.len());
    for i in 0..n {
        if s[i].to_ascii_lowercase() != prefix[i] {
            return i;
        }
    }
    n
}

/// Go `strconv.special`: infinities and NaN; returns the value and the bytes consumed.
fn go_special(s: &[u8]) -> Option<(f32, usize)> {
    let first = *s.first()?;
    match first {
        b'+' | b'-' | b'i' | b'I' => {
            let (neg, nsign) = match first {
                b'-' => (true, 1),
                b'+' => (false, 1),
                _ => (false, 0),
            };
            let mut n = common_prefix_len_ignore_case(&s[nsign..], b"infinity");
            if 3 < n && n < 8 {
                n = 3;
            }
            if n == 3 || n == 8 {
                let inf = if neg {
                    f32::NEG_INFINITY
                } else {
                    f32::INFINITY
                };
                return Some((inf, nsign + n));
            }
            None
        }
        b'n' | b'N' if common_prefix_len_ignore_case(s, b"nan") == 3 => Some((f32::NAN, 3)),
        _ => None,
    }
}

/// What Go's `readFloat` extracts from the longest float-looking prefix.
struct GoFloatPrefix {
    mantissa: u64,
    exp: i64,
    neg: bool,
    trunc: bool,
    hex: bool,
    /// Bytes consumed.
    len: usize,
}

/// Go `strconv.readFloat`. `None` when no well-formed number starts the string.
fn go_read_float(s: &[u8]) -> Option<GoFloatPrefix> {
    let mut i = 0;
    let mut underscores = false;
    let mut neg = false;
    if i >= s.len() {
        return None;
    }
    match s[i] {
        b'+' => i += 1,
        b'-' => {
            neg = true;
            i += 1;
        }
        _ => {}
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < s.len() && s[i] == b'0' && lower(s[i + 1]) == b'x' {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let mut sawdot = false;
    let mut sawdigits = false;
    let mut nd: i64 = 0;
    let mut nd_mant: i64 = 0;
    let mut dp: i64 = 0;
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < s.len() {
        let c = s[i];
        if c == b'_' {
            underscores = true;
            i += 1;
            continue;
        }
        if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            dp = nd;
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            sawdigits = true;
            if c == b'0' && nd == 0 {
                dp -= 1;
                i += 1;
                continue;
            }
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa
                    .wrapping_mul(base)
                    .wrapping_add(u64::from(c - b'0'));
                nd_mant += 1;
            } else if c != b'0' {
                trunc = true;
            }
            i += 1;
            continue;
        }
        if base == 16 && (b'a'..=b'f').contains(&lower(c)) {
            sawdigits = true;
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa
                    .wrapping_mul(16)
                    .wrapping_add(u64::from(lower(c) - b'a' + 10));
                nd_mant += 1;
            } else {
                trunc = true;
            }
            i += 1;
            continue;
        }
        break;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < s.len() && lower(s[i]) == exp_char {
        i += 1;
        if i >= s.len() {
            return None;
        }
        let mut esign: i64 = 1;
        if s[i] == b'+' {
            i += 1;
        } else if s[i] == b'-' {
            i += 1;
            esign = -1;
        }
        if i >= s.len() || !s[i].is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        // A hex float must have a `p` exponent.
        return None;
    }
    let exp = if mantissa != 0 { dp - nd_mant } else { 0 };
    if underscores && !go_underscore_ok(&s[..i]) {
        return None;
    }
    Some(GoFloatPrefix {
        mantissa,
        exp,
        neg,
        trunc,
        hex,
        len: i,
    })
}

/// Go `strconv.atofHex` for float32: rounds `mantissa * 2^exp` to nearest even.
/// Returns the value and whether it overflowed (range error).
fn go_atof_hex32(mut mantissa: u64, exp: i64, neg: bool, trunc: bool) -> (f32, bool) {
    const MANTBITS: u32 = 23;
    const EXPBITS: u32 = 8;
    const BIAS: i64 = -127;
    let max_exp: i64 = (1 << EXPBITS) + BIAS - 2;
    let min_exp: i64 = BIAS + 1;
    let mut exp = exp + i64::from(MANTBITS);
    while mantissa != 0 && mantissa >> (MANTBITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANTBITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANTBITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANTBITS == 0 {
        exp = BIAS;
    }
    let mut overflow = false;
    if exp > max_exp {
        mantissa = 1 << MANTBITS;
        exp = max_exp + 1;
        overflow = true;
    }
    let mut bits = mantissa & ((1 << MANTBITS) - 1);
    // (exp - BIAS) is in 0..=255 here.
    bits |= (((exp - BIAS) as u64) & ((1 << EXPBITS) - 1)) << MANTBITS;
    if neg {
        bits |= 1 << (MANTBITS + EXPBITS);
    }
    (f32::from_bits(bits as u32), overflow)
}

/// Go `strconv.ParseFloat(s, 32)`.
pub(super) fn go_parse_float32(s: &str) -> Result<f32, GoNumErr> {
    let b = s.as_bytes();
    if let Some((v, n)) = go_special(b) {
        return if n == b.len() {
            Ok(v)
        } else {
            Err(GoNumErr::Syntax)
        };
    }
    let p = go_read_float(b).ok_or(GoNumErr::Syntax)?;
    if p.len != b.len() {
        return Err(GoNumErr::Syntax);
    }
    if p.hex {
        let (v, overflow) = go_atof_hex32(p.mantissa, p.exp, p.neg, p.trunc);
        return if overflow {
            Err(GoNumErr::Range)
        } else {
            Ok(v)
        };
    }
    // Decimal: the syntax is Go's and was checked above; Rust's parser rounds the same digits
    // to float32 the same way (correctly rounded).
    let digits: String = s.chars().filter(|&c| c != '_').collect();
    match digits.parse::<f32>() {
        Ok(v) if v.is_infinite() => Err(GoNumErr::Range),
        Ok(v) => Ok(v),
        Err(_) => Err(GoNumErr::Syntax),
    }
}
