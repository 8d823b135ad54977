//! The init-data editor's engine: a TOML init-data document to the
//! `cc_init_data` value the runtimes read (gzip, then standard padded
//! base64, one line) and back, with its digest as the runtimes compute it.
//!
//! Rules (Kata 4.1.0):
//! - the value is base64 (`+/`, padded) of gzip of the TOML: Go decodes it
//!   with `base64.NewDecoder(StdEncoding)` then gzip (`src/runtime/pkg/oci/utils.go:1101-1146`),
//!   runtime-rs with base64 `STANDARD` then `GzDecoder`
//!   (`src/libs/kata-types/src/initdata.rs:218-231`); Go skips line breaks,
//!   runtime-rs refuses them;
//! - the document: `version = "0.1.0"`, `algorithm` one of `sha256`, `sha384`,
//!   `sha512`, and a `[data]` table of strings (`initdata.rs:15-17, 49-58, 106-128`);
//! - the digest is the algorithm's hash of the decompressed TOML bytes as
//!   sent (`utils.go:1135`, `initdata.rs:132-153`), fitted to the TEE's
//!   field by cutting or zero-padding at the end: TDX `mrconfigid` 48 bytes,
//!   SNP `host_data` 32 (`initdata.rs:156-176`; Go `govmm/qemu/qemu.go:392-396`).
//!   runtime-rs 3.19–3.30 hashed a re-serialised TOML instead (fixed in 3.31).
//! - the key: `io.katacontainers.config.hypervisor.cc_init_data` from 3.20
//!   (runtime-rs from 3.19), `io.katacontainers.config.runtime.cc_init_data`
//!   on the Go runtime 3.16–3.19.

use std::io::{Read, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::Serialize;
use sha2::Digest as _;

use crate::target::{Runtime, Target};
use crate::version::Version;
use crate::Error;

/// The key init data is read from since 3.20 (runtime-rs: since 3.19).
pub const HYPERVISOR_KEY: &str = "io.katacontainers.config.hypervisor.cc_init_data";
/// The key the Go runtime read it from in 3.16–3.19.
pub const RUNTIME_KEY: &str = "io.katacontainers.config.runtime.cc_init_data";
/// Every key init data has had.
pub const KEYS: [&str; 2] = [HYPERVISOR_KEY, RUNTIME_KEY];

/// The largest document the editor decompresses (a bomb stops here).
const MAX_DOCUMENT_BYTES: u64 = 1 << 20;

/// The digest of an init-data document, as the runtimes compute it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InitDataDigest {
    /// The document's `algorithm`.
    pub algorithm: String,
    /// The hash of the TOML bytes, hex.
    pub hex: String,
    /// Fitted to TDX's 48-byte `mrconfigid`, base64 as passed to QEMU.
    pub tdx_mrconfigid: String,
    /// Fitted to SNP's 32-byte `host_data`, base64 as passed to QEMU.
    pub snp_host_data: String,
}

/// An init-data document and its encoded value, with what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InitData {
    /// The TOML document, as the runtime decompresses it.
    pub toml: String,
    /// The annotation value: gzip, then standard padded base64, one line.
    pub value: String,
    /// The digest, when the document names an algorithm the runtimes know.
    pub digest: Option<InitDataDigest>,
    /// What the runtimes would refuse or what looks wrong, in words.
    pub warnings: Vec<String>,
}

/// The hash of `bytes` with `algorithm` (`sha256`, `sha384`, `sha512`).
fn hash(algorithm: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "sha256" => sha2::Sha256::digest(bytes).to_vec(),
        "sha384" => sha2::Sha384::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

/// `digest` cut or zero-padded at the end to `len` bytes, base64.
fn fitted(digest: &[u8], len: usize) -> String {
    let mut field = digest.to_vec();
    field.resize(len, 0);
    STANDARD.encode(field)
}

/// The digest of `toml` for the algorithm it names.
pub fn digest(toml: &str) -> Option<InitDataDigest> {
    let table: toml::Table = toml::from_str(toml).ok()?;
    let algorithm = table.get("algorithm")?.as_str()?.to_owned();
    let bytes = hash(&algorithm, toml.as_bytes())?;
    Some(InitDataDigest {
        hex: bytes.iter().map(|b| format!("{b:02x}")).collect(),
        tdx_mrconfigid: fitted(&bytes, 48),
        snp_host_data: fitted(&bytes, 32),
        algorithm,
    })
}

/// What the runtimes check in the document, as warnings.
fn check_document(toml: &str) -> Vec<String> {
    let table: toml::Table = match toml::from_str(toml) {
        Ok(table) => table,
        Err(e) => return vec![format!("Not valid TOML: {}", e.message())],
    };
    let mut warnings = Vec::new();
    match table.get("version").and_then(toml::Value::as_str) {
        Some("0.1.0") => {}
        Some(other) => warnings.push(format!(
            "version is \"{other}\": the guest's agent accepts only \"0.1.0\"."
        )),
        None => warnings.push("version = \"0.1.0\" is missing.".to_owned()),
    }
    match table.get("algorithm").and_then(toml::Value::as_str) {
        Some("sha256" | "sha384" | "sha512") => {}
        Some(other) => warnings.push(format!(
            "algorithm \"{other}\" is none of sha256, sha384, sha512: the Go runtime crashes on it and runtime-rs refuses it."
        )),
        None => warnings.push(
            "algorithm is missing: the Go runtime crashes without it and runtime-rs refuses it."
                .to_owned(),
        ),
    }
    match table.get("data") {
        Some(toml::Value::Table(data)) => {
            for (name, value) in data {
                if !value.is_str() {
                    warnings.push(format!("data.\"{name}\" must be a string."));
                }
            }
        }
        Some(_) => warnings.push("data must be a table of strings.".to_owned()),
        None => warnings
            .push("The [data] table is missing: runtime-rs refuses the document.".to_owned()),
    }
    warnings
}

/// Encodes a TOML init-data document into the annotation value.
///
/// # Errors
///
/// [`Error::InitData`] when the document is larger than the runtimes' guard
/// or gzip fails.
pub fn encode(toml: &str) -> Result<InitData, Error> {
    if toml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::InitData(format!(
            "the document is {} bytes; at most {MAX_DOCUMENT_BYTES} are read",
            toml.len()
        )));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(toml.as_bytes())
        .and_then(|()| gz.finish())
        .map(|bytes| InitData {
            toml: toml.to_owned(),
            value: STANDARD.encode(bytes),
            digest: digest(toml),
            warnings: check_document(toml),
        })
        .map_err(|e| Error::InitData(format!("gzip failed: {e}")))
}

/// Decodes a pasted annotation value: forgiving about what a paste adds
/// (line breaks, surrounding space, quotes) but saying so, and about a value
/// encoded twice. The returned `value` is the clean one-line form.
///
/// # Errors
///
/// [`Error::InitData`] when the text is not base64 of gzip of UTF-8 text.
pub fn decode(pasted: &str) -> Result<InitData, Error> {
    let mut warnings = Vec::new();
    let mut text = pasted.trim().trim_matches(['"', '\'']).to_owned();
    if text.contains(['\n', '\r']) {
        warnings.push("The value is split over lines: runtime-rs refuses line breaks (the Go runtime skips them). Use it on one line.".to_owned());
    }
    text.retain(|c| !c.is_whitespace());
    if text.contains(['-', '_']) {
        warnings.push("The value uses the URL-safe alphabet (- and _): both runtimes need the standard one (+ and /).".to_owned());
        text = text.replace('-', "+").replace('_', "/");
    }
    let unpadded = text.len() % 4 != 0;
    if unpadded {
        warnings.push("The = padding is missing: both runtimes refuse an unpadded value (runtime-rs before 4.0 took it).".to_owned());
        while text.len() % 4 != 0 {
            text.push('=');
        }
    }
    let mut bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|e| Error::InitData(format!("not base64: {e}")))?;
    // Encoded twice: the base64 decodes to base64 text of a gzip stream.
    let twice = !bytes.starts_with(&[0x1f, 0x8b]);
    if twice {
        let inner = std::str::from_utf8(&bytes)
            .ok()
            .map(|s| s.trim().to_owned())
            .and_then(|s| STANDARD.decode(s).ok())
            .filter(|b| b.starts_with(&[0x1f, 0x8b]));
        match inner {
            Some(inner) => {
                warnings.push("The value is base64 of base64 (encoded twice): the runtimes decode it once and find no gzip. The clean value is below.".to_owned());
                bytes = inner;
            }
            None => {
                return Err(Error::InitData(
                    "the base64 does not hold gzip data (init data is gzip, then base64)".into(),
                ))
            }
        }
    }
    let mut toml = String::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_string(&mut toml)
        .map_err(|e| Error::InitData(format!("not gzip of UTF-8 text: {e}")))?;
    if toml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::InitData(format!(
            "it decompresses to more than {MAX_DOCUMENT_BYTES} bytes"
        )));
    }
    warnings.extend(check_document(&toml));
    // A paste that needed no cleaning stays byte for byte: gzip output
    // differs between tools, and only the document decides the digest.
    let clean = if twice { STANDARD.encode(&bytes) } else { text };
    Ok(InitData {
        digest: digest(&toml),
        toml,
        value: clean,
        warnings,
    })
}

/// The annotation key `target`'s runtime reads init data from, or `None`
/// when it reads none at that release.
pub fn annotation_key(target: Target) -> Option<&'static str> {
    let v = target.version;
    match target.runtime {
        Runtime::Go if v >= Version::new(3, 20) => Some(HYPERVISOR_KEY),
        Runtime::Go if v >= Version::new(3, 16) => Some(RUNTIME_KEY),
        Runtime::Rust if v >= Version::new(3, 19) => Some(HYPERVISOR_KEY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str =
        "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n\"aa.toml\" = '''\n'''\n";

    #[test]
    fn encode_then_decode_gives_the_document_and_the_same_digest() {
        let encoded = encode(DOC).expect("encodes");
        assert!(encoded.warnings.is_empty(), "{:?}", encoded.warnings);
        assert!(!encoded.value.contains('\n'));
        let decoded = decode(&encoded.value).expect("decodes");
        assert_eq!(decoded.toml, DOC);
        assert_eq!(decoded.digest, encoded.digest);
        assert_eq!(decoded.value, encoded.value);
        let digest = encoded.digest.expect("sha256");
        assert_eq!(digest.hex.len(), 64);
    }

    #[test]
    fn pasting_mistakes_are_named_and_cleaned() {
        let value = encode(DOC).expect("encodes").value;
        let split = format!("{}\n{}", &value[..20], &value[20..]);
        let decoded = decode(&split).expect("decodes");
        assert!(decoded.warnings[0].contains("split over lines"));
        assert_eq!(decoded.value, value);
        let twice = STANDARD.encode(&value);
        let decoded = decode(&twice).expect("decodes");
        assert!(decoded.warnings.iter().any(|w| w.contains("encoded twice")));
        assert_eq!(decoded.toml, DOC);
        assert!(decode("not base64 at all!").is_err());
        assert!(decode(&STANDARD.encode("plain text")).is_err());
    }

    #[test]
    fn the_document_is_checked_as_the_runtimes_check_it() {
        let bad = encode("version = \"0.2.0\"\nalgorithm = \"md5\"\n").expect("encodes");
        assert_eq!(bad.warnings.len(), 3, "{:?}", bad.warnings);
        assert!(bad.digest.is_none());
    }

    #[test]
    fn the_key_follows_the_runtime_and_release() {
        let at = |runtime, major, minor| {
            annotation_key(Target {
                runtime,
                version: Version::new(major, minor),
                ..Target::default()
            })
        };
        assert_eq!(
            at(Runtime::Go, 3, 18),
            Some("io.katacontainers.config.runtime.cc_init_data")
        );
        assert_eq!(
            at(Runtime::Go, 3, 20),
            Some("io.katacontainers.config.hypervisor.cc_init_data")
        );
        assert_eq!(
            at(Runtime::Rust, 3, 19),
            Some("io.katacontainers.config.hypervisor.cc_init_data")
        );
        assert_eq!(at(Runtime::Go, 3, 8), None);
    }
}
