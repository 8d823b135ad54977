//! The validator on a request built from arbitrary key-value pairs: keys
//! mostly from the catalog (so values reach each kind's parser), some
//! arbitrary; values arbitrary; every runtime, hypervisor, architecture,
//! Kata release and shim.
#![no_main]

use std::collections::BTreeMap;

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::shim::SHIMS;
use kata_annotations::target::{Arch, Hypervisor, Runtime};
use kata_annotations::version::Version;
use kata_annotations::{validate, Request};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Values near the edges of what the kinds parse, mixed with arbitrary text.
const EDGES: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "+1",
    "true",
    "false",
    "TRUE",
    "t",
    "F",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "0x10",
    "1e3",
    "NaN",
    "1Gi",
    "1G",
    "512Mi",
    "[]",
    "[\"a\"]",
    "a,b",
    "*",
    "/",
    "/usr/bin/*",
    "\u{0}",
    "é",
];

fn request(u: &mut Unstructured<'_>) -> Result<Request> {
    let mut annotations = BTreeMap::new();
    let pairs = u.int_in_range(0..=24)?;
    for _ in 0..pairs {
        let key = match u.int_in_range(0..=7)? {
            0 => String::from(u.arbitrary::<&str>()?),
            1 => format!("io.katacontainers.{}", u.arbitrary::<&str>()?),
            _ => ANNOTATIONS[u.choose_index(ANNOTATIONS.len())?]
                .key
                .to_owned(),
        };
        let value = if u.ratio(1, 3)? {
            (*u.choose(EDGES)?).to_owned()
        } else {
            String::from(u.arbitrary::<&str>()?)
        };
        annotations.insert(key, value);
    }
    Ok(Request {
        annotations,
        runtime: *u.choose(&Runtime::ALL)?,
        hypervisor: *u.choose(&Hypervisor::ALL)?,
        arch: *u.choose(&[Arch::X86_64, Arch::Aarch64, Arch::S390x, Arch::Ppc64le])?,
        kata_version: *u.choose(&Version::releases().collect::<Vec<_>>())?,
        shim: if u.arbitrary()? {
            Some(u.choose(SHIMS)?.name.to_owned())
        } else {
            None
        },
        ..Request::default()
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    if let Ok(request) = request(&mut u) {
        let _ = validate(&request);
    }
});
