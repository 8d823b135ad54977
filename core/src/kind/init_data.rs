//! Base64 values and init data (base64 of gzip of a TOML document), decoded as each runtime
//! decodes them, with the decompressed size bounded.

use std::io::Read;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::{err, show, ValueError};
use crate::target::Runtime;

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

pub(super) fn decode_base64(runtime: Runtime, value: &str) -> Result<Vec<u8>, ValueError> {
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

/// The largest init-data document this tool decompresses. A bound of ours,
/// not the runtimes': a 256 KiB annotation can inflate to gigabytes, and the
/// check runs in a browser. Neither runtime limits the size: Go reads the
/// whole document (`io.ReadAll`, runtime/pkg/oci/utils.go:1113, 4.1.0) and so
/// does runtime-rs (`read_to_string`, kata-types src/initdata.rs:225-228).
pub(crate) const MAX_INITDATA_BYTES: u64 = 1 << 20;

/// Gunzips at most [`MAX_INITDATA_BYTES`]; `multi` reads concatenated members
/// like Go does. `Ok(None)` when the document is larger than that.
fn gunzip_bounded(data: &[u8], multi: bool) -> Result<Option<Vec<u8>>, String> {
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
    Ok((out.len() as u64 <= MAX_INITDATA_BYTES).then_some(out))
}

/// Whether `value` is init-data whose document is larger than this tool
/// reads, so [`parse_initdata`] let it pass unchecked.
pub(crate) fn beyond_check(runtime: Runtime, value: &str) -> bool {
    decode_base64(runtime, value)
        .is_ok_and(|bytes| matches!(gunzip_bounded(&bytes, runtime == Runtime::Go), Ok(None)))
}

/// runtime-rs parses and validates the document when the sandbox starts
/// (`prepare_initdata_device_config` → `calculate_initdata_digest`,
/// virt_container/src/sandbox.rs:831-852; `InitData::validate`,
/// initdata.rs:108-124, 4.1.0; the same since 3.19): any failure fails the
/// pod. Its serde struct (initdata.rs:49-57) needs `version` and
/// `algorithm` as strings and `data` as a table of strings, by exact name;
/// other fields are ignored. Read here from a plain table, which says the
/// same without a second, typed TOML deserializer in the wasm.
fn check_rs_document(text: &str) -> Result<(), ValueError> {
    let fails = |why: String| {
        err(format!(
            "runtime-rs refuses this init-data when the sandbox starts: {why}"
        ))
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        fails(format!(
            "the document is not valid TOML ({})",
            e.message().trim()
        ))
    })?;
    let string = |name: &str| match table.get(name) {
        Some(toml::Value::String(s)) => Ok(s.as_str()),
        Some(_) => Err(fails(format!("`{name}` must be a string"))),
        None => Err(fails(format!("`{name}` is missing"))),
    };
    let version = string("version")?;
    let algorithm = string("algorithm")?;
    match table.get("data") {
        Some(toml::Value::Table(data)) => {
            if let Some((k, _)) = data.iter().find(|(_, v)| !v.is_str()) {
                return Err(fails(format!("`data.{k}` must be a string")));
            }
        }
        Some(_) => return Err(fails("`data` must be a table of strings".to_owned())),
        None => return Err(fails("the `[data]` table is missing".to_owned())),
    }
    if version != "0.1.0" {
        return Err(fails(format!(
            "`version` is {}, and only \"0.1.0\" is supported",
            show(version)
        )));
    }
    if !matches!(algorithm, "sha256" | "sha384" | "sha512") {
        return Err(fails(format!(
            "`algorithm` is {}; runtime-rs accepts sha256, sha384 or sha512 (lowercase)",
            show(algorithm)
        )));
    }
    Ok(())
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

pub(super) fn parse_initdata(runtime: Runtime, value: &str) -> Result<String, ValueError> {
    if value.is_empty() {
        return Ok(String::new());
    }
    match runtime {
        Runtime::Go => {
            let bytes = decode_base64(Runtime::Go, value)?;
            let Some(doc) = gunzip_bounded(&bytes, true)
                .map_err(|e| err(format!("init-data is rejected by the Go runtime: {e}")))?
            else {
                // Too large for this tool to read; the validator says so.
                return Ok(String::new());
            };
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
            let Some(doc) = gunzip_bounded(&bytes, false).map_err(panic)? else {
                // Too large for this tool to read; the validator says so.
                return Ok(String::new());
            };
            let text = String::from_utf8(doc)
                .map_err(|_| panic("the document is not UTF-8".to_string()))?;
            check_rs_document(&text)?;
            Ok(text)
        }
    }
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

    use crate::kind::test_support::*;
    use crate::kind::{parse, Kind, Parsed};

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
            // Not gzip, unpadded, leading space, URL-safe garbage.
            let plain = STANDARD.encode(INITDATA);
            let unpadded = good.trim_end_matches('=').to_string();
            let spaced = format!(" {good}");
            // Larger than this tool reads: not refused (the runtimes have no
            // bound), passed unchecked for the validator to say so.
            let huge = gzip_b64(&vec![b'a'; 2 << 20]);
            assert_eq!(
                check(Kind::InitData, rt, &huge, true),
                Some(Parsed::Text(String::new()))
            );
            assert!(super::beyond_check(rt, &huge));
            assert!(!super::beyond_check(rt, &good));
            for bad in [plain.as_str(), &spaced, "-_-_"] {
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
        // Go decodes the TOML and needs a known algorithm; runtime-rs parses
        // and validates the document when the sandbox starts.
        let md5 = gzip_b64(b"version = \"0.1.0\"\nalgorithm = \"md5\"\n[data]\n");
        check(Kind::InitData, GO, &md5, false);
        check(Kind::InitData, RS, &md5, false);
        let not_toml = gzip_b64(b"this is = = not toml");
        check(Kind::InitData, GO, &not_toml, false);
        check(Kind::InitData, RS, &not_toml, false);
        let bad_data = gzip_b64(b"version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\nk = 1\n");
        check(Kind::InitData, GO, &bad_data, false);
        check(Kind::InitData, RS, &bad_data, false);
        let new_version = gzip_b64(b"version = \"0.2.0\"\nalgorithm = \"sha256\"\n[data]\n");
        check(Kind::InitData, RS, &new_version, false);
        // Go leaves missing fields empty and needs only the algorithm;
        // runtime-rs needs version, algorithm and data.
        let minimal = gzip_b64(b"algorithm = \"sha512\"\n");
        check(Kind::InitData, GO, &minimal, true);
        check(Kind::InitData, RS, &minimal, false);
        // Go reads concatenated gzip members and skips newlines in base64.
        let wrapped = format!("{}\n{}", &good[..8], &good[8..]);
        check(Kind::InitData, GO, &wrapped, true);
        check(Kind::InitData, RS, &wrapped, false);
    }
}
