//! Human descriptions of each kind's syntax, per runtime, for the docs and the UI.

use super::Kind;
use crate::target::Runtime;

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
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kind::test_support::*;

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
}
