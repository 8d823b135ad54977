//! Value kinds, and how each runtime parses them.
//!
//! The parsers reproduce the real runtimes' behaviour (fact sheet §2.2, §2.6,
//! §10): Go `strconv` for the Go runtime, Rust `str::parse` after `trim()`
//! for runtime-rs, and the list syntaxes each runtime splits by hand.

use serde::Serialize;

/// The syntax of an annotation value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "type", content = "values")]
pub enum Kind {
    /// A boolean (Go: `strconv.ParseBool`; runtime-rs: `true`/`false` after trimming).
    Bool,
    /// An unsigned 32-bit integer (Go: ParseUint then stored in uint32, wrapping).
    U32,
    /// An unsigned 64-bit integer.
    U64,
    /// An unsigned integer in any Go base (`strconv.ParseUint(v, 0, 64)`:
    /// decimal, `0x`, `0o`, `0b`, leading-0 octal, `_` separators).
    UintAnyBase,
    /// A 32-bit float (vCPUs).
    F32,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// An absolute host path.
    Path,
    /// Free text.
    Text,
    /// `mod1 param=1;mod2` guest kernel modules.
    KernelModules,
    /// Whitespace-separated `key[=value]` kernel parameters.
    KernelParams,
    /// `key=value,key=value` dm-verity parameters.
    KernelVerityParams,
    /// Comma-separated list.
    CommaList,
    /// Space-separated list.
    SpaceList,
    /// A JSON array of strings.
    JsonStringArray,
    /// A JSON document.
    Json,
    /// Standard, padded base64.
    Base64,
    /// base64 of gzip of a TOML init-data document.
    InitData,
    /// A memory size: a bare integer is MiB; units as runtime-rs' byte-unit reads them.
    MemorySize,
    /// A Kubernetes quantity with a binary suffix (`Ki`, `Mi`, ...).
    BinaryQuantity,
    /// Whitespace-separated host NUMA node sets in cpuset syntax.
    NumaMapping,
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

use std::io::Read;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::target::Runtime;

/// A value as a runtime reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A boolean.
    Bool(bool),
    /// An unsigned integer as the runtime stores it; `wrapped_from` is set when Go stored a larger
    /// value in a uint32 (it wraps silently).
    Uint {
        /// The value the runtime ends up with.
        value: u64,
        /// The value that was written, when the Go runtime truncated it to 32 bits.
        wrapped_from: Option<u64>,
    },
    /// A 32-bit float (may be NaN, infinite or negative for runtime-rs; range checks are the
    /// validator's job).
    Float(f32),
    /// A memory size in MiB as runtime-rs stores it (a `u32`, so values above 4294967295 MiB
    /// saturate); `None` when runtime-rs could not parse it and silently ignores the annotation
    /// (§10: unparsable `default_memory` is accepted and ignored). The Go runtime reads memory
    /// sizes as [`Parsed::Uint`].
    MemoryMib(Option<u64>),
    /// A string used as is (enum member, path, free text, decoded base64, init-data TOML).
    Text(String),
    /// A list of strings.
    List(Vec<String>),
    /// Guest kernel modules.
    Modules(Vec<KernelModule>),
    /// `key[=value]` pairs; `None` when the item had no `=`.
    Params(Vec<(String, Option<String>)>),
    /// A Kubernetes binary quantity in bytes (fractions rounded up, capped at 2^63-1).
    Bytes(u64),
}

/// One guest kernel module and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelModule {
    /// The module name given to `modprobe`.
    pub name: String,
    /// The parameters, in order.
    pub params: Vec<String>,
}

/// Why a runtime rejects a value: a message written for the user, saying what the runtime
/// accepts (e.g. "runtime-rs accepts only `true` or `false`").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

/// Parses `value` as `runtime` would for this kind.
///
/// Never panics, whatever the input.
pub fn parse(kind: Kind, runtime: Runtime, value: &str) -> Result<Parsed, ValueError> {
    match kind {
        Kind::Bool => parse_bool(runtime, value).map(Parsed::Bool),
        Kind::U32 => parse_u32(runtime, value),
        Kind::U64 => parse_u64(runtime, value).map(|value| Parsed::Uint {
            value,
            wrapped_from: None,
        }),
        Kind::UintAnyBase => parse_uint_any_base(runtime, value).map(|value| Parsed::Uint {
            value,
            wrapped_from: None,
        }),
        Kind::F32 => parse_f32(runtime, value).map(Parsed::Float),
        Kind::Enum(values) => parse_enum(runtime, values, value).map(Parsed::Text),
        Kind::Path => parse_path(runtime, value).map(Parsed::Text),
        Kind::Text => Ok(Parsed::Text(value.to_string())),
        Kind::KernelModules => match runtime {
            Runtime::Go => Ok(Parsed::Modules(go_kernel_modules(value))),
            Runtime::Rust => rs_kernel_modules(value).map(Parsed::Modules),
        },
        Kind::KernelParams => parse_kernel_params(runtime, value).map(Parsed::Params),
        Kind::KernelVerityParams => parse_verity(runtime, value).map(Parsed::Params),
        Kind::CommaList => Ok(Parsed::List(value.split(',').map(str::to_string).collect())),
        Kind::SpaceList => Ok(Parsed::List(
            value.split_whitespace().map(str::to_string).collect(),
        )),
        Kind::JsonStringArray => parse_json_string_array(value).map(Parsed::List),
        Kind::Json => parse_json_list(runtime, value).map(Parsed::Text),
        Kind::Base64 => decode_base64(runtime, value)
            .map(|bytes| Parsed::Text(String::from_utf8_lossy(&bytes).into_owned())),
        Kind::InitData => parse_initdata(runtime, value).map(Parsed::Text),
        Kind::MemorySize => match runtime {
            Runtime::Go => parse_u32(runtime, value),
            Runtime::Rust => rs_memory_mib(value)
                .map(|mib| Parsed::MemoryMib(mib.map(|m| m.min(u64::from(u32::MAX))))),
        },
        Kind::BinaryQuantity => parse_binary_quantity(runtime, value).map(Parsed::Bytes),
        Kind::NumaMapping => parse_numa_mapping(runtime, value).map(Parsed::List),
    }
}

/// The canonical spelling of a value both runtimes accept identically, if there is one (e.g.
/// Bool "True" → "true", U32 "+5"/"05" → "5"), used by the UI to normalise input. `None` when
/// the value is invalid for both runtimes, or when no spelling means the same to both (e.g. a
/// uint32 the Go runtime would wrap, a negative float the Go runtime rejects, a kernel module
/// parameter with quoted spaces).
pub fn canonical(kind: Kind, value: &str) -> Option<String> {
    let candidate = canonical_candidate(kind, value)?;
    accepted_identically(kind, &candidate).then_some(candidate)
}

/// A short human description of the syntax for docs/UI, per runtime, e.g.
/// "boolean: true or false" / "unsigned 32-bit integer (decimal)".
pub fn describe(kind: Kind, runtime: Runtime) -> String {
    let go = runtime == Runtime::Go;
    match kind {
        Kind::Bool if go => {
            "boolean: true or false (also 1, t, T, TRUE, True, 0, f, F, FALSE, False; no spaces)"
                .to_string()
        }
        Kind::Bool => "boolean: true or false (lowercase; surrounding spaces ignored)".to_string(),
        Kind::U32 if go => {
            "unsigned 32-bit integer (decimal digits only; values above 4294967295 wrap around)"
                .to_string()
        }
        Kind::U32 => {
            "unsigned 32-bit integer (decimal, at most 4294967295; surrounding spaces ignored)"
                .to_string()
        }
        Kind::U64 if go => "unsigned 64-bit integer (decimal digits only)".to_string(),
        Kind::U64 => "unsigned 64-bit integer (decimal; surrounding spaces ignored)".to_string(),
        Kind::UintAnyBase if go => {
            "unsigned integer: decimal, 0x hex, 0o or leading-0 octal, 0b binary; `_` may separate digits"
                .to_string()
        }
        Kind::UintAnyBase => {
            "unsigned 64-bit integer (decimal; runtime-rs does not read this key)".to_string()
        }
        Kind::F32 if go => {
            "non-negative number (32-bit float: decimal, exponent or hex-float notation)".to_string()
        }
        Kind::F32 => {
            "number (32-bit float: decimal or exponent notation; surrounding spaces ignored)"
                .to_string()
        }
        Kind::Enum(values) => format!("one of: {}", values.join(", ")),
        Kind::Path => "absolute host path (starts with /), used exactly as written".to_string(),
        Kind::Text => "free text".to_string(),
        Kind::KernelModules if go => {
            "kernel modules: `module param=value …` entries separated by `;`".to_string()
        }
        Kind::KernelModules => {
            "kernel modules: `module param=value …` entries separated by `;` (no space after `;`, single spaces between words; a double-quoted value may contain spaces)"
                .to_string()
        }
        Kind::KernelParams if go => {
            "kernel parameters: whitespace-separated `key` or `key=value`".to_string()
        }
        Kind::KernelParams => {
            "kernel parameters: space-separated `key` or `key=value` (double quotes keep spaces inside a value)"
                .to_string()
        }
        Kind::KernelVerityParams => {
            "dm-verity parameters: `root_hash=…,salt=…,data_blocks=N,data_block_size=N,hash_block_size=N` (non-zero numbers; block sizes multiples of 512)"
                .to_string()
        }
        Kind::CommaList => "comma-separated list".to_string(),
        Kind::SpaceList => "space-separated list".to_string(),
        Kind::JsonStringArray => {
            "JSON array of strings, e.g. [\"--thread-pool-size=4\"]".to_string()
        }
        Kind::Json => "JSON array of objects".to_string(),
        Kind::Base64 => "standard base64 (with `=` padding)".to_string(),
        Kind::InitData => {
            "standard padded base64 of a gzip-compressed TOML init-data document (version, algorithm sha256/sha384/sha512, [data])"
                .to_string()
        }
        Kind::MemorySize if go => {
            "memory size in MiB: unsigned 32-bit integer (decimal digits only)".to_string()
        }
        Kind::MemorySize => {
            "memory size: a plain integer is MiB; or a number with a unit, e.g. 512Mi, 2Gi, 2 GiB (K/M/G/T are powers of 1000, Ki/Mi/Gi/Ti powers of 1024); an unparsable value is silently ignored"
                .to_string()
        }
        Kind::BinaryQuantity => {
            "Kubernetes quantity with a binary suffix: Ki, Mi, Gi, Ti, Pi or Ei (e.g. 64Mi)"
                .to_string()
        }
        Kind::NumaMapping => {
            "space-separated host NUMA node sets, each in cpuset syntax (0, 0-1, 2,3)".to_string()
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers shared by the parsers
// ---------------------------------------------------------------------------

fn err(msg: impl Into<String>) -> ValueError {
    ValueError(msg.into())
}

/// The value, quoted with escapes, shortened for messages.
fn show(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

fn who(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Go => "the Go runtime",
        Runtime::Rust => "runtime-rs",
    }
}

/// Why a Go `strconv` parse failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GoNumErr {
    Syntax,
    Range,
}

// ---------------------------------------------------------------------------
// Bool
// ---------------------------------------------------------------------------

fn parse_bool(runtime: Runtime, value: &str) -> Result<bool, ValueError> {
    match runtime {
        // strconv.ParseBool
        Runtime::Go => match value {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
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

// ---------------------------------------------------------------------------
// Unsigned integers
// ---------------------------------------------------------------------------

/// Go `strconv.ParseUint(s, 10, 64)`.
fn go_parse_uint10(s: &str) -> Result<u64, GoNumErr> {
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

fn lower(c: u8) -> u8 {
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
fn go_parse_uint_base0(s0: &str) -> Result<u64, GoNumErr> {
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

fn parse_u32(runtime: Runtime, value: &str) -> Result<Parsed, ValueError> {
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

fn parse_u64(runtime: Runtime, value: &str) -> Result<u64, ValueError> {
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

fn parse_uint_any_base(runtime: Runtime, value: &str) -> Result<u64, ValueError> {
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

// ---------------------------------------------------------------------------
// Floats
// ---------------------------------------------------------------------------

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
fn go_parse_float32(s: &str) -> Result<f32, GoNumErr> {
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

fn parse_f32(runtime: Runtime, value: &str) -> Result<f32, ValueError> {
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

fn parse_enum(runtime: Runtime, values: &[&str], value: &str) -> Result<String, ValueError> {
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

fn parse_path(runtime: Runtime, value: &str) -> Result<String, ValueError> {
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

// ---------------------------------------------------------------------------
// Kernel modules and parameters
// ---------------------------------------------------------------------------

/// Go: split on `;`, each entry trimmed and split on whitespace; empty entries skipped.
fn go_kernel_modules(value: &str) -> Vec<KernelModule> {
    value
        .split(';')
        .filter_map(|entry| {
            let mut words = entry.split_whitespace();
            let name = words.next()?.to_string();
            Some(KernelModule {
                name,
                params: words.map(str::to_string).collect(),
            })
        })
        .collect()
}

/// runtime-rs: split on `;` (no trimming; empty entries skipped); each entry split on single
/// spaces; a word containing `"` toggles "inside quotes", and words inside quotes are glued to
/// the previous parameter with a space.
fn rs_kernel_modules(value: &str) -> Result<Vec<KernelModule>, ValueError> {
    let mut modules = Vec::new();
    for entry in value.split(';') {
        if entry.is_empty() {
            continue;
        }
        let mut name = String::new();
        let mut params: Vec<String> = Vec::new();
        let mut in_quote = false;
        for (index, word) in entry.split(' ').enumerate() {
            if index == 0 {
                name = word.to_string();
            } else if in_quote {
                if let Some(last) = params.last_mut() {
                    last.push(' ');
                    last.push_str(word);
                }
            } else {
                params.push(word.to_string());
            }
            if word.contains('"') {
                in_quote = !in_quote;
            }
        }
        if in_quote {
            let quotes = entry.matches('"').count();
            let why = if quotes % 2 == 0 {
                "runtime-rs toggles quoting once per word that contains `\"`, so a word with two quotes (like `p=\"x\"`) opens a quote that is never closed; quote only values that contain spaces, e.g. `p=\"a b\"`"
            } else {
                "the double quotes are unbalanced"
            };
            return Err(err(format!(
                "kernel module entry {} is rejected by runtime-rs: {why}",
                show(entry)
            )));
        }
        if name.is_empty() {
            return Err(err(format!(
                "runtime-rs does not trim module entries: {} starts with a space and makes a module with an empty name (e.g. `e1000e EEE=1; i915`); write `mod1 p=1;mod2` with no space after `;` and single spaces between words",
                show(entry)
            )));
        }
        if name.chars().any(char::is_whitespace) {
            return Err(err(format!(
                "runtime-rs splits module entries on single spaces only: in {} the module name would be {}; separate words with one space",
                show(entry),
                show(&name)
            )));
        }
        modules.push(KernelModule { name, params });
    }
    Ok(modules)
}

/// runtime-rs `split_kernel_params`: split on spaces outside double quotes; tokens trimmed.
fn rs_split_kernel_params(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    for c in value.chars() {
        if c == '"' {
            in_quote = !in_quote;
            current.push(c);
            continue;
        }
        if c == ' ' && !in_quote {
            let t = current.trim();
            if !t.is_empty() {
                out.push(t.to_string());
            }
            current.clear();
            continue;
        }
        current.push(c);
    }
    let t = current.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
    out
}

fn parse_kernel_params(
    runtime: Runtime,
    value: &str,
) -> Result<Vec<(String, Option<String>)>, ValueError> {
    let tokens: Vec<String> = match runtime {
        Runtime::Go => value.split_whitespace().map(str::to_string).collect(),
        Runtime::Rust => rs_split_kernel_params(value),
    };
    let mut params = Vec::with_capacity(tokens.len());
    for token in tokens {
        let (key, val) = match token.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (token.clone(), None),
        };
        if key.is_empty() {
            return Err(err(format!(
                "kernel parameter {} has an empty name; {} accepts `key` or `key=value`",
                show(&token),
                who(runtime)
            )));
        }
        params.push((key, val));
    }
    Ok(params)
}

// ---------------------------------------------------------------------------
// dm-verity parameters
// ---------------------------------------------------------------------------

const VERITY_KEYS: [&str; 5] = [
    "root_hash",
    "salt",
    "data_blocks",
    "data_block_size",
    "hash_block_size",
];

fn parse_verity(
    runtime: Runtime,
    value: &str,
) -> Result<Vec<(String, Option<String>)>, ValueError> {
    let ignored = match runtime {
        Runtime::Go => value.is_empty(),
        Runtime::Rust => value.trim().is_empty(),
    };
    if ignored {
        return Ok(Vec::new());
    }
    let rt = who(runtime);
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    for field in value.split(',') {
        let field = field.trim();
        if field.is_empty() {
            continue;
        }
        let Some((key, val)) = field.split_once('=') else {
            return Err(err(format!(
                "kernel_verity_params entry {} is not `key=value`",
                show(field)
            )));
        };
        if runtime == Runtime::Go && !VERITY_KEYS.contains(&key) {
            return Err(err(format!(
                "unknown kernel_verity_params key {}; {rt} accepts only {}",
                show(key),
                VERITY_KEYS.join(", ")
            )));
        }
        pairs.push((key.to_string(), Some(val.to_string())));
    }
    // Later entries win, as with a map.
    let get = |k: &str| -> Option<&str> {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.as_deref())
    };
    for key in VERITY_KEYS {
        if get(key).is_none() {
            return Err(err(format!(
                "kernel_verity_params is missing `{key}`; {rt} needs root_hash, salt, data_blocks, data_block_size and hash_block_size"
            )));
        }
    }
    if runtime == Runtime::Go && get("root_hash").is_some_and(str::is_empty) {
        return Err(err("kernel_verity_params `root_hash` is empty"));
    }
    if get("salt").is_some_and(str::is_empty) {
        return Err(err(format!(
            "kernel_verity_params `salt` is empty; {rt} needs it"
        )));
    }
    for key in ["data_blocks", "data_block_size", "hash_block_size"] {
        let raw = get(key).unwrap_or_default();
        let n = match runtime {
            Runtime::Go => go_parse_uint10(raw).ok(),
            Runtime::Rust => raw.parse::<u64>().ok(),
        };
        let Some(n) = n else {
            return Err(err(format!(
                "kernel_verity_params `{key}` = {} is not an unsigned decimal integer",
                show(raw)
            )));
        };
        if n == 0 {
            return Err(err(format!(
                "kernel_verity_params `{key}` must be non-zero"
            )));
        }
        if key != "data_blocks" && n % 512 != 0 {
            return Err(err(format!(
                "kernel_verity_params `{key}` = {n} is not a multiple of 512"
            )));
        }
    }
    Ok(pairs)
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/// Go `json.Unmarshal` into `[]string`: `null` is an empty list and a `null` element is `""`.
fn parse_json_string_array(value: &str) -> Result<Vec<String>, ValueError> {
    let parsed: serde_json::Value = serde_json::from_str(value).map_err(|e| {
        err(format!(
            "not valid JSON ({e}); write a JSON array of strings, e.g. [\"--thread-pool-size=4\"]"
        ))
    })?;
    match parsed {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::String(s) => Ok(s),
                serde_json::Value::Null => Ok(String::new()),
                other => Err(err(format!(
                    "the JSON array must contain only strings, found {other}"
                ))),
            })
            .collect(),
        _ => Err(err(
            "expected a JSON array of strings, e.g. [\"--thread-pool-size=4\"]",
        )),
    }
}

fn parse_json_list(runtime: Runtime, value: &str) -> Result<String, ValueError> {
    let parsed: serde_json::Value = serde_json::from_str(value).map_err(|e| {
        err(format!(
            "not valid JSON ({e}); {} expects a JSON array of objects",
            who(runtime)
        ))
    })?;
    match &parsed {
        serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_object) => {
            Ok(parsed.to_string())
        }
        serde_json::Value::Array(_) => {
            Err(err("every element of the JSON array must be an object"))
        }
        _ => Err(err(format!(
            "{} expects a JSON array of objects",
            who(runtime)
        ))),
    }
}

// ---------------------------------------------------------------------------
// Base64 and init-data
// ---------------------------------------------------------------------------

/// Go's `base64.StdEncoding`: padded, non-canonical trailing bits tolerated.
const GO_STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

fn base64_hint(value: &str) -> &'static str {
    if value.contains('-') || value.contains('_') {
        " (it looks URL-safe; use the standard alphabet with `+` and `/`)"
    } else if value.trim() != value {
        " (remove the surrounding whitespace)"
    } else if value.trim_end_matches('=').len() == value.len() && value.len() % 4 != 0 {
        " (the `=` padding is missing)"
    } else {
        ""
    }
}

fn decode_base64(runtime: Runtime, value: &str) -> Result<Vec<u8>, ValueError> {
    match runtime {
        Runtime::Go => {
            // Go's decoder skips `\r` and `\n` anywhere in the input.
            let cleaned: String = value.chars().filter(|&c| c != '\r' && c != '\n').collect();
            GO_STD.decode(cleaned.as_bytes()).map_err(|e| {
                err(format!(
                    "not standard padded base64 for the Go runtime ({e}){}",
                    base64_hint(value)
                ))
            })
        }
        Runtime::Rust => STANDARD.decode(value.as_bytes()).map_err(|e| {
            err(format!(
                "not standard padded base64 for runtime-rs ({e}){}",
                base64_hint(value)
            ))
        }),
    }
}

/// Largest init-data document we are willing to decompress.
const MAX_INITDATA_BYTES: u64 = 1 << 20;

/// Gunzips at most [`MAX_INITDATA_BYTES`]; `multi` reads concatenated members like Go does.
fn gunzip_bounded(data: &[u8], multi: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let reader: Box<dyn Read + '_> = if multi {
        Box::new(flate2::read::MultiGzDecoder::new(data))
    } else {
        Box::new(flate2::read::GzDecoder::new(data))
    };
    reader
        .take(MAX_INITDATA_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not gzip data ({e})"))?;
    if out.len() as u64 > MAX_INITDATA_BYTES {
        return Err("it decompresses to more than 1 MiB, which is refused".to_string());
    }
    Ok(out)
}

/// Looks a key up like BurntSushi/toml does for a tagged struct field: exact, then ignoring case.
fn toml_field<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    table.get(key).or_else(|| {
        table
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn parse_initdata(runtime: Runtime, value: &str) -> Result<String, ValueError> {
    if value.is_empty() {
        return Ok(String::new());
    }
    match runtime {
        Runtime::Go => {
            let bytes = decode_base64(Runtime::Go, value)?;
            let doc = gunzip_bounded(&bytes, true)
                .map_err(|e| err(format!("init-data is rejected by the Go runtime: {e}")))?;
            let text = String::from_utf8(doc).map_err(|_| {
                err("init-data is rejected by the Go runtime: the document is not UTF-8 TOML")
            })?;
            let table: toml::Table = toml::from_str(&text).map_err(|e| {
                err(format!(
                    "init-data is rejected by the Go runtime: the document is not valid TOML ({})",
                    e.message()
                ))
            })?;
            if let Some(v) = toml_field(&table, "version") {
                if !v.is_str() {
                    return Err(err("init-data `version` must be a string"));
                }
            }
            let algorithm = match toml_field(&table, "algorithm") {
                None => "",
                Some(toml::Value::String(s)) => s.as_str(),
                Some(_) => return Err(err("init-data `algorithm` must be a string")),
            };
            if !matches!(algorithm, "sha256" | "sha384" | "sha512") {
                return Err(err(format!(
                    "init-data `algorithm` is {}; the Go runtime accepts only sha256, sha384 or sha512 (anything else crashes the shim)",
                    show(algorithm)
                )));
            }
            if let Some(data) = toml_field(&table, "data") {
                let Some(data) = data.as_table() else {
                    return Err(err("init-data `data` must be a table of strings"));
                };
                if let Some((k, _)) = data.iter().find(|(_, v)| !v.is_str()) {
                    return Err(err(format!("init-data `data.{k}` must be a string")));
                }
            }
            Ok(text)
        }
        Runtime::Rust => {
            // runtime-rs decodes and gunzips with unwrap(): any failure panics the shim.
            let panic = |why: String| {
                err(format!(
                    "the runtime-rs shim would panic on this init-data: {why}; give standard padded base64 of a gzip-compressed TOML document"
                ))
            };
            let bytes = STANDARD.decode(value.as_bytes()).map_err(|e| {
                panic(format!(
                    "it is not standard padded base64 ({e}){}",
                    base64_hint(value)
                ))
            })?;
            let doc = gunzip_bounded(&bytes, false).map_err(panic)?;
            String::from_utf8(doc).map_err(|_| panic("the document is not UTF-8".to_string()))
        }
    }
}

// ---------------------------------------------------------------------------
// Memory sizes
// ---------------------------------------------------------------------------

/// runtime-rs `convert_to_megabytes`: `Byte::parse_str(value, true)`; a bare integer is MiB.
/// Returns the whole number of MiB before the `u32` cast, `None` when unparsable (ignored).
fn rs_memory_mib(value: &str) -> Result<Option<u64>, ValueError> {
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

// ---------------------------------------------------------------------------
// Kubernetes binary quantities
// ---------------------------------------------------------------------------

fn parse_binary_quantity(runtime: Runtime, value: &str) -> Result<u64, ValueError> {
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

// ---------------------------------------------------------------------------
// NUMA mapping
// ---------------------------------------------------------------------------

fn parse_numa_mapping(runtime: Runtime, value: &str) -> Result<Vec<String>, ValueError> {
    let rt = who(runtime);
    let node = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse::<u64>().ok().filter(|&n| n <= i64::MAX as u64)
    };
    let mut items = Vec::new();
    for item in value.split_whitespace() {
        for element in item.split(',') {
            let ok = match element.split_once('-') {
                None => node(element).is_some(),
                Some((a, z)) => match (node(a), node(z)) {
                    (Some(a), Some(z)) if a <= z => true,
                    (Some(_), Some(_)) => {
                        return Err(err(format!(
                            "NUMA node range {} runs backwards; write the lower node first",
                            show(element)
                        )))
                    }
                    _ => false,
                },
            };
            if !ok {
                return Err(err(format!(
                    "{} in {} is not a NUMA node set; {rt} expects cpuset syntax such as `0`, `0-1` or `2,3`, items separated by spaces",
                    show(element),
                    show(item)
                )));
            }
        }
        items.push(item.to_string());
    }
    Ok(items)
}

// ---------------------------------------------------------------------------
// Canonical spelling
// ---------------------------------------------------------------------------

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
    use std::io::Write;

    const GO: Runtime = Runtime::Go;
    const RS: Runtime = Runtime::Rust;
    const ENUM: Kind = Kind::Enum(&["virtio-fs", "virtio-9p"]);

    /// The one helper every table goes through.
    fn check(kind: Kind, runtime: Runtime, input: &str, expect_ok: bool) -> Option<Parsed> {
        let got = parse(kind, runtime, input);
        assert_eq!(
            got.is_ok(),
            expect_ok,
            "{kind:?} {runtime:?} {input:?} -> {got:?}"
        );
        if let Err(e) = &got {
            assert!(!e.0.is_empty(), "empty message for {kind:?} {input:?}");
        }
        got.ok()
    }

    fn table(kind: Kind, runtime: Runtime, ok: &[&str], bad: &[&str]) {
        for v in ok {
            check(kind, runtime, v, true);
        }
        for v in bad {
            check(kind, runtime, v, false);
        }
    }

    fn uint(v: u64) -> Parsed {
        Parsed::Uint {
            value: v,
            wrapped_from: None,
        }
    }

    fn float(kind_rt: Runtime, input: &str) -> f32 {
        match check(Kind::F32, kind_rt, input, true) {
            Some(Parsed::Float(f)) => f,
            other => panic!("{other:?}"),
        }
    }

    fn mem(input: &str) -> Option<u64> {
        match check(Kind::MemorySize, RS, input, true) {
            Some(Parsed::MemoryMib(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    fn modules(runtime: Runtime, input: &str) -> Vec<(String, Vec<String>)> {
        match check(Kind::KernelModules, runtime, input, true) {
            Some(Parsed::Modules(m)) => m.into_iter().map(|m| (m.name, m.params)).collect(),
            other => panic!("{other:?}"),
        }
    }

    fn m(name: &str, params: &[&str]) -> (String, Vec<String>) {
        (
            name.to_string(),
            params.iter().map(|p| p.to_string()).collect(),
        )
    }

    fn gzip_b64(doc: &[u8]) -> String {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(doc).unwrap();
        STANDARD.encode(enc.finish().unwrap())
    }

    const INITDATA: &str =
        "version = \"0.1.0\"\nalgorithm = \"sha384\"\n\n[data]\n\"aa.toml\" = '''\nx = 1\n'''\n";

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
                &["/usr/bin/qemu-system-x86_64", "/"],
                &["relative/x", "/x ", " /x", "", "~/x", "/x\n"],
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

    #[test]
    fn kernel_modules_go() {
        assert_eq!(
            modules(GO, "e1000e EEE=1; i915"),
            vec![m("e1000e", &["EEE=1"]), m("i915", &[])]
        );
        assert_eq!(modules(GO, ""), vec![]);
        assert_eq!(modules(GO, ";; ;"), vec![]);
        assert_eq!(
            modules(GO, "  a  b=1 \t c ; d"),
            vec![m("a", &["b=1", "c"]), m("d", &[])]
        );
        assert_eq!(modules(GO, "m p=\"a b\""), vec![m("m", &["p=\"a", "b\""])]);
    }

    #[test]
    fn kernel_modules_rust() {
        table(
            Kind::KernelModules,
            RS,
            &["", "a;", ";a", "a;;b", "mod1 p=1;mod2"],
            &[
                "e1000e EEE=1; i915",
                " i915",
                "m \"p",
                "m p=\"x\"",
                "m\tp=1",
                " ",
            ],
        );
        assert_eq!(
            modules(RS, "e1000e EEE=1;i915"),
            vec![m("e1000e", &["EEE=1"]), m("i915", &[])]
        );
        assert_eq!(
            modules(RS, "m p=\"a b\" q=1"),
            vec![m("m", &["p=\"a b\"", "q=1"])]
        );
        assert_eq!(modules(RS, "a  b"), vec![m("a", &["", "b"])]);
        let msg = parse(Kind::KernelModules, RS, "e1000e EEE=1; i915")
            .unwrap_err()
            .0;
        assert!(
            msg.contains("empty name") && msg.contains("mod1 p=1;mod2"),
            "{msg}"
        );
        let msg = parse(Kind::KernelModules, RS, "m p=\"x\"").unwrap_err().0;
        assert!(msg.contains("two quotes"), "{msg}");
    }

    #[test]
    fn kernel_params() {
        let expect = Parsed::Params(vec![
            ("a".into(), Some("1".into())),
            ("b".into(), None),
            ("c".into(), Some("d=e".into())),
            ("f".into(), Some(String::new())),
        ]);
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::KernelParams, rt, "a=1 b  c=d=e f=", true),
                Some(expect.clone())
            );
            table(Kind::KernelParams, rt, &["", "  "], &["=x", "=", "a =x"]);
        }
        // Go splits on any whitespace; runtime-rs on spaces only.
        assert_eq!(
            check(Kind::KernelParams, GO, "a=1\tb=2", true),
            Some(Parsed::Params(vec![
                ("a".into(), Some("1".into())),
                ("b".into(), Some("2".into()))
            ]))
        );
        assert_eq!(
            check(Kind::KernelParams, RS, "a=1\tb=2", true),
            Some(Parsed::Params(vec![("a".into(), Some("1\tb=2".into()))]))
        );
        // runtime-rs keeps quoted spaces together; Go does not.
        assert_eq!(
            check(Kind::KernelParams, RS, "x=\"a b\" y", true),
            Some(Parsed::Params(vec![
                ("x".into(), Some("\"a b\"".into())),
                ("y".into(), None)
            ]))
        );
        match check(Kind::KernelParams, GO, "x=\"a b\" y", true) {
            Some(Parsed::Params(p)) => assert_eq!(p.len(), 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kernel_verity_params() {
        let good = "root_hash=abc,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096";
        for rt in [GO, RS] {
            check(Kind::KernelVerityParams, rt, good, true);
            assert_eq!(
                check(Kind::KernelVerityParams, rt, "", true),
                Some(Parsed::Params(vec![]))
            );
            table(
                Kind::KernelVerityParams,
                rt,
                &[
                    "root_hash=abc, salt=def, data_blocks=8, data_block_size=512, hash_block_size=1024,",
                ],
                &[
                    "root_hash=abc,data_blocks=1,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=,data_blocks=1,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=0,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=1,data_block_size=1000,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=100",
                    "root_hash=abc,salt=def,data_blocks=x,data_block_size=4096,hash_block_size=4096",
                    "salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096,badfield",
                ],
            );
        }
        // §10: runtime-rs accepts an empty root_hash and unknown fields; Go does not.
        let empty_hash =
            "root_hash=,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096";
        let unknown = format!("{good},mode=kernelinit");
        check(Kind::KernelVerityParams, GO, empty_hash, false);
        check(Kind::KernelVerityParams, RS, empty_hash, true);
        check(Kind::KernelVerityParams, GO, &unknown, false);
        check(Kind::KernelVerityParams, RS, &unknown, true);
        // Number syntax follows each runtime's integer parser.
        let plus = "root_hash=a,salt=b,data_blocks=+1,data_block_size=512,hash_block_size=512";
        check(Kind::KernelVerityParams, GO, plus, false);
        check(Kind::KernelVerityParams, RS, plus, true);
        // Whitespace only: Go parses it (and fails), runtime-rs ignores it.
        check(Kind::KernelVerityParams, GO, "  ", false);
        check(Kind::KernelVerityParams, RS, "  ", true);
    }

    #[test]
    fn lists() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::CommaList, rt, "a, b", true),
                Some(Parsed::List(vec!["a".into(), " b".into()]))
            );
            assert_eq!(
                check(Kind::SpaceList, rt, " a  b\t", true),
                Some(Parsed::List(vec!["a".into(), "b".into()]))
            );
            assert_eq!(
                check(Kind::SpaceList, rt, "", true),
                Some(Parsed::List(vec![]))
            );
        }
    }

    #[test]
    fn json_string_array_like_go_unmarshal() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::JsonStringArray, rt, r#"["--a", "b"]"#, true),
                Some(Parsed::List(vec!["--a".into(), "b".into()]))
            );
            assert_eq!(
                check(Kind::JsonStringArray, rt, "null", true),
                Some(Parsed::List(vec![]))
            );
            assert_eq!(
                check(Kind::JsonStringArray, rt, r#"["a", null]"#, true),
                Some(Parsed::List(vec!["a".into(), String::new()]))
            );
            table(
                Kind::JsonStringArray,
                rt,
                &[" [] "],
                &["[1]", r#""a""#, "[", "--a", "", r#"["a"] x"#, "{}"],
            );
        }
    }

    #[test]
    fn json_list_of_objects() {
        for rt in [GO, RS] {
            table(
                Kind::Json,
                rt,
                &[r#"[{"name":"x","src_ctr":"a"}]"#, "[]"],
                &["{}", "[1]", "x", "", "null"],
            );
        }
    }

    #[test]
    fn base64_policy() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::Base64, rt, "aGVsbG8=", true),
                Some(Parsed::Text("hello".into()))
            );
            table(
                Kind::Base64,
                rt,
                &[""],
                &["aGVsbG8", "-_8=", "aGVsbG8=x", " aGVsbG8="],
            );
        }
        // Go skips newlines and tolerates non-zero trailing bits.
        check(Kind::Base64, GO, "aGVs\nbG8=\r\n", true);
        check(Kind::Base64, RS, "aGVs\nbG8=", false);
        check(Kind::Base64, GO, "aGVsbG9=", true);
        check(Kind::Base64, RS, "aGVsbG9=", false);
        assert!(parse(Kind::Base64, GO, "aGVsbG8")
            .unwrap_err()
            .0
            .contains("padding"));
    }

    #[test]
    fn initdata() {
        let good = gzip_b64(INITDATA.as_bytes());
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::InitData, rt, &good, true),
                Some(Parsed::Text(INITDATA.into()))
            );
            assert_eq!(
                check(Kind::InitData, rt, "", true),
                Some(Parsed::Text(String::new()))
            );
            // Not gzip, unpadded, leading space, URL-safe garbage, too large.
            let plain = STANDARD.encode(INITDATA);
            let unpadded = good.trim_end_matches('=').to_string();
            let spaced = format!(" {good}");
            let huge = gzip_b64(&vec![b'a'; 2 << 20]);
            for bad in [plain.as_str(), &spaced, "-_-_", &huge] {
                check(Kind::InitData, rt, bad, false);
            }
            if unpadded != good {
                check(Kind::InitData, rt, &unpadded, false);
            }
        }
        let msg = parse(Kind::InitData, RS, &STANDARD.encode("x"))
            .unwrap_err()
            .0;
        assert!(msg.contains("panic"), "{msg}");
        // Go decodes the TOML and needs a known algorithm; runtime-rs does not look (§10).
        let md5 = gzip_b64(b"version = \"0.1.0\"\nalgorithm = \"md5\"\n[data]\n");
        check(Kind::InitData, GO, &md5, false);
        check(Kind::InitData, RS, &md5, true);
        let not_toml = gzip_b64(b"this is = = not toml");
        check(Kind::InitData, GO, &not_toml, false);
        check(Kind::InitData, RS, &not_toml, true);
        let bad_data = gzip_b64(b"algorithm = \"sha256\"\n[data]\nk = 1\n");
        check(Kind::InitData, GO, &bad_data, false);
        // Go leaves missing fields empty; only the algorithm is needed.
        let minimal = gzip_b64(b"algorithm = \"sha512\"\n");
        check(Kind::InitData, GO, &minimal, true);
        // Go reads concatenated gzip members and skips newlines in base64.
        let wrapped = format!("{}\n{}", &good[..8], &good[8..]);
        check(Kind::InitData, GO, &wrapped, true);
        check(Kind::InitData, RS, &wrapped, false);
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

    #[test]
    fn numa_mapping() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::NumaMapping, rt, " 0 1-2  3,4 0-1,4 ", true),
                Some(Parsed::List(vec![
                    "0".into(),
                    "1-2".into(),
                    "3,4".into(),
                    "0-1,4".into()
                ]))
            );
            table(
                Kind::NumaMapping,
                rt,
                &["", "1-1"],
                &["2-1", "a", "0,,1", "1-", "-1", "0 - 1", "0,", "+1", "1-2-3"],
            );
        }
    }

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

    #[test]
    fn describe_covers_every_kind() {
        for kind in all_kinds() {
            for rt in [GO, RS] {
                assert!(!describe(kind, rt).is_empty(), "{kind:?}");
            }
        }
        assert_eq!(
            describe(Kind::Bool, RS),
            "boolean: true or false (lowercase; surrounding spaces ignored)"
        );
        assert!(describe(ENUM, GO).contains("virtio-fs, virtio-9p"));
    }

    fn all_kinds() -> Vec<Kind> {
        vec![
            Kind::Bool,
            Kind::U32,
            Kind::U64,
            Kind::UintAnyBase,
            Kind::F32,
            ENUM,
            Kind::Path,
            Kind::Text,
            Kind::KernelModules,
            Kind::KernelParams,
            Kind::KernelVerityParams,
            Kind::CommaList,
            Kind::SpaceList,
            Kind::JsonStringArray,
            Kind::Json,
            Kind::Base64,
            Kind::InitData,
            Kind::MemorySize,
            Kind::BinaryQuantity,
            Kind::NumaMapping,
        ]
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
                    assert!(
                        accepted_identically(kind, &c),
                        "{kind:?} {input:?} -> {c:?}"
                    );
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
