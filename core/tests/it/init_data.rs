//! The init-data editor against real values: Kata's own test and docs
//! values decode to their documents and digests, and what the editor
//! encodes decodes back to the same document and digest.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kata_annotations::init_data::{decode, encode};

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/init-data"
    ))
}

fn read(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn digests(name: &str) -> BTreeMap<String, String> {
    read(name)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn kata_values_decode_to_their_documents_and_digests() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".b64"))
        else {
            continue;
        };
        let expected_toml = read(&format!("{stem}.toml"));
        let expected = digests(&format!("{stem}.digest.txt"));
        let decoded = decode(&read(&format!("{stem}.b64"))).expect(stem);
        assert_eq!(decoded.toml, expected_toml, "{stem}");
        assert!(
            decoded.warnings.is_empty(),
            "{stem}: {:?}",
            decoded.warnings
        );
        let digest = decoded.digest.clone().expect("an algorithm");
        assert_eq!(digest.algorithm, expected["algorithm"], "{stem}");
        assert_eq!(digest.hex, expected["raw_digest_hex"], "{stem}");
        assert_eq!(
            digest.tdx_mrconfigid, expected["tdx_mrconfigid_48_b64"],
            "{stem}"
        );
        assert_eq!(
            digest.snp_host_data, expected["snp_hostdata_32_b64"],
            "{stem}"
        );
        // The editor's own encoding reads back to the same document and digest.
        let encoded = encode(&decoded.toml).expect("encodes");
        let again = decode(&encoded.value).expect("decodes");
        assert_eq!(again.toml, expected_toml, "{stem}");
        assert_eq!(again.digest, decoded.digest, "{stem}");
        seen += 1;
    }
    assert_eq!(seen, 3, "every fixture was checked");
}

/// The Go unit test's value is accepted by the validator too (one verdict).
#[test]
fn the_validator_accepts_what_the_editor_encodes() {
    use kata_annotations::{validate, Request, Severity};
    let key = "io.katacontainers.config.hypervisor.cc_init_data";
    let encoded = encode(&read("01-go-utils_test.toml")).expect("encodes");
    let mut request = Request::default();
    request.annotations.insert(key.to_owned(), encoded.value);
    let report = validate(&request);
    let bad: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.key.as_deref() == Some(key)
                && d.severity == Severity::Error
                && d.code.as_str().starts_with("KA4")
        })
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}
