//! Helpers the parser tests of every `kind` module share.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::{parse, Kind, Parsed};
use crate::target::Runtime;

pub(super) const GO: Runtime = Runtime::Go;
pub(super) const RS: Runtime = Runtime::Rust;
pub(super) const ENUM: Kind = Kind::Enum(&["virtio-fs", "virtio-9p"]);

/// The one helper every table goes through.
pub(super) fn check(kind: Kind, runtime: Runtime, input: &str, expect_ok: bool) -> Option<Parsed> {
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

pub(super) fn table(kind: Kind, runtime: Runtime, ok: &[&str], bad: &[&str]) {
    for v in ok {
        check(kind, runtime, v, true);
    }
    for v in bad {
        check(kind, runtime, v, false);
    }
}

pub(super) fn uint(v: u64) -> Parsed {
    Parsed::Uint {
        value: v,
        wrapped_from: None,
    }
}

/// Standard base64 of `doc` gzipped: how init-data is written.
pub(crate) fn gzip_b64(doc: &[u8]) -> String {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(doc).unwrap();
    STANDARD.encode(enc.finish().unwrap())
}

pub(super) const INITDATA: &str =
    "version = \"0.1.0\"\nalgorithm = \"sha384\"\n\n[data]\n\"aa.toml\" = '''\nx = 1\n'''\n";

pub(super) fn all_kinds() -> Vec<Kind> {
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
