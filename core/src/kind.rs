//! Value kinds, and how each runtime parses them.
//!
//! The parsers reproduce the real runtimes' behaviour (fact sheet §2.2, §2.6,
//! §10): Go `strconv` for the Go runtime, Rust `str::parse` after `trim()`
//! for runtime-rs, and the list syntaxes each runtime splits by hand.

use serde::Serialize;

/// The syntax of an annotation value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
