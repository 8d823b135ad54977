//! Value kinds, and how each runtime parses them.
//!
//! The parsers reproduce the real runtimes' behaviour (fact sheet §2.2, §2.6,
//! §10): Go `strconv` for the Go runtime, Rust `str::parse` after `trim()`
//! for runtime-rs, and the list syntaxes each runtime splits by hand.

mod canonical;
mod describe;
mod go_strconv;
mod init_data;
mod kernel_args;
mod lists;
mod scalar;
mod size;
#[cfg(test)]
pub(crate) mod test_support;

use serde::Serialize;

use crate::target::Runtime;

pub use canonical::canonical;
pub use describe::describe;
pub use scalar::{GO_FALSE, GO_TRUE};

pub(crate) use init_data::beyond_check as init_data_beyond_check;
/// The most init-data this tool decompresses, in MiB.
pub(crate) const INIT_DATA_CHECK_MIB: u64 = init_data::MAX_INITDATA_BYTES >> 20;
use init_data::{decode_base64, parse_initdata};
use kernel_args::{go_kernel_modules, parse_kernel_params, parse_verity, rs_kernel_modules};
use lists::{parse_json_list, parse_json_string_array, parse_numa_mapping};
use scalar::{
    parse_bool, parse_enum, parse_f32, parse_path, parse_u32, parse_u64, parse_uint_any_base,
};
use size::{parse_binary_quantity, rs_memory_mib};

/// The syntax of an annotation value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
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

/// Shorthand the parsers use for their messages.
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

/// The runtime as messages name it.
fn who(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Go => "the Go runtime",
        Runtime::Rust => "runtime-rs",
    }
}
