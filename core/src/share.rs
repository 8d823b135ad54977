//! Sharing: a request as a compact text for a URL fragment or local storage.
//!
//! Only fields that differ from the defaults are kept, as JSON, in base64url.
//! Decoding takes missing fields as defaults and ignores unknown ones, so
//! links keep working when fields are added or removed.

use base64::Engine as _;
use serde_json::Value;

use crate::request::Request;
use crate::Error;

/// The version tag in front of every encoded state.
const PREFIX: &str = "v1.";
/// The longest encoded state we read (a request is far smaller).
const MAX_ENCODED: usize = 512 * 1024;

/// Encodes a request, leaving out every field that has its default value.
pub fn encode(request: &Request) -> Result<String, Error> {
    let mut value =
        serde_json::to_value(request).map_err(|e| Error::InvalidRequest(e.to_string()))?;
    let defaults = serde_json::to_value(Request::default())
        .map_err(|e| Error::InvalidRequest(e.to_string()))?;
    prune(&mut value, &defaults);
    let json = serde_json::to_string(&value).map_err(|e| Error::InvalidRequest(e.to_string()))?;
    Ok(format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    ))
}

/// Decodes a state written by [`encode`] (any version this build reads).
pub fn decode(text: &str) -> Result<Request, Error> {
    let damaged =
        |why: String| Error::InvalidRequest(format!("the shared state is damaged: {why}"));
    let text = text.trim();
    if text.len() > MAX_ENCODED {
        return Err(damaged(format!(
            "{} bytes is more than a shared state can be",
            text.len()
        )));
    }
    let payload = text
        .strip_prefix(PREFIX)
        .ok_or_else(|| damaged("it does not start with \"v1.\"".into()))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|e| damaged(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))
}

/// The fragment parameter of a deep link to one annotation.
const KEY_PARAM: &str = "key=";

/// The URL fragment that opens the configurator with `key` ticked and its
/// editor focused: `#key=<key>`. Documentation links to it from a reference
/// table (annotation keys are URL-safe as they are).
///
/// ```
/// let fragment = kata_annotations::share::key_fragment("io.katacontainers.config.hypervisor.default_memory");
/// assert_eq!(fragment, "#key=io.katacontainers.config.hypervisor.default_memory");
/// ```
pub fn key_fragment(key: &str) -> String {
    format!("#{KEY_PARAM}{key}")
}

/// The annotation a deep-link fragment (`#key=…`, the `#` optional) names:
/// `Ok(None)` when the fragment is not a deep link, an error naming the key
/// when the catalog has no annotation a user sets under that name.
pub fn linked_key(fragment: &str) -> Result<Option<&'static str>, Error> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(rest) = fragment.strip_prefix(KEY_PARAM) else {
        return Ok(None);
    };
    // Parameters a later version may add after the key are ignored.
    let key = rest.split('&').next().unwrap_or_default().trim();
    match crate::catalog::find(key) {
        Some(annotation) if !annotation.internal => Ok(Some(annotation.key)),
        Some(_) => Err(Error::InvalidRequest(format!(
            "the link names {key}, which the runtime sets itself"
        ))),
        None => {
            let shown: String = key.chars().take(80).collect();
            Err(Error::InvalidRequest(format!(
                "the link names \"{shown}\", which is not a Kata annotation this page knows"
            )))
        }
    }
}

/// Removes from `value` every object member equal to the same member of `defaults`.
fn prune(value: &mut Value, defaults: &Value) {
    let (Value::Object(map), Value::Object(defaults)) = (value, defaults) else {
        return;
    };
    map.retain(|key, member| match defaults.get(key) {
        Some(default) if default == member => false,
        Some(default) => {
            prune(member, default);
            !matches!(member, Value::Object(m) if m.is_empty())
        }
        None => true,
    });
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_key_link_names_a_catalog_key_and_round_trips() {
        const MEMORY: &str = "io.katacontainers.config.hypervisor.default_memory";
        let fragment = key_fragment(MEMORY);
        assert_eq!(linked_key(&fragment).ok().flatten(), Some(MEMORY));
        assert_eq!(linked_key(&fragment[1..]).ok().flatten(), Some(MEMORY));
        assert_eq!(
            linked_key(&format!("{fragment}&later=1")).ok().flatten(),
            Some(MEMORY)
        );
        assert!(matches!(linked_key("#s=v1.e30"), Ok(None)));
        assert!(matches!(linked_key(""), Ok(None)));
    }

    #[test]
    fn a_key_link_to_no_annotation_or_an_internal_one_is_an_error() {
        let unknown = linked_key("#key=io.katacontainers.config.hypervisor.default_memroy")
            .expect_err("a misspelt key");
        assert!(unknown.to_string().contains("default_memroy"), "{unknown}");
        let hostile = "x".repeat(10_000);
        let long = linked_key(&format!("#key={hostile}")).expect_err("not a key");
        assert!(long.to_string().len() < 300, "the message stays short");
        let internal = linked_key("#key=io.katacontainers.pkg.oci.bundle_path")
            .expect_err("set by the runtime");
        assert!(internal.to_string().contains("sets itself"), "{internal}");
    }

    use super::*;
    use crate::request::WorkloadKind;
    use crate::target::Runtime;

    fn sample() -> Request {
        let mut request = Request {
            runtime: Runtime::Go,
            ..Request::default()
        };
        request.workload.kind = WorkloadKind::Deployment;
        request.annotations.insert(
            "io.katacontainers.config.hypervisor.default_memory".into(),
            "4096".into(),
        );
        request
    }

    #[test]
    fn round_trips() {
        let request = sample();
        assert_eq!(
            decode(&encode(&request).expect("encodes")).expect("decodes"),
            request
        );
        assert_eq!(
            decode(&encode(&Request::default()).expect("encodes")).expect("decodes"),
            Request::default()
        );
    }

    #[test]
    fn defaults_are_left_out() {
        let text = encode(&sample()).expect("encodes");
        let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim_start_matches(PREFIX))
            .expect("base64");
        let value: Value = serde_json::from_slice(&json).expect("json");
        assert_eq!(
            value,
            serde_json::json!({
                "annotations": { "io.katacontainers.config.hypervisor.default_memory": "4096" },
                "runtime": "go",
                "workload": { "kind": "Deployment" }
            })
        );
        assert_eq!(encode(&Request::default()).expect("encodes"), "v1.e30");
    }

    #[test]
    fn the_release_the_shim_and_the_resources_round_trip() {
        use crate::shim::Shim;
        use crate::target::Hypervisor;
        use crate::version::Version;

        let mut request = Request {
            kata_version: Version::new(3, 23),
            ..Request::default()
        };
        request.set_shim(Shim::find("qemu-coco-dev-runtime-rs").expect("a kata-deploy shim"));
        request.workload.runtime_class_name = "kata-qemu-coco-dev-runtime-rs".into();
        request.workload.resources.cpu_request = "500m".into();
        request.workload.resources.memory_limit = "2Gi".into();

        let text = encode(&request).expect("encodes");
        let back = decode(&text).expect("decodes");
        assert_eq!(back, request);
        assert_eq!(back.resolved_shim().name, "qemu-coco-dev-runtime-rs");
        assert_eq!(back.target().version, Version::new(3, 23));

        // Only what differs from the defaults: the unset resource fields stay out.
        let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim_start_matches(PREFIX))
            .expect("base64");
        let value: Value = serde_json::from_slice(&json).expect("json");
        assert_eq!(value["kataVersion"], "3.23");
        assert_eq!(value["shim"], "qemu-coco-dev-runtime-rs");
        assert_eq!(
            value["workload"]["resources"],
            serde_json::json!({ "cpuRequest": "500m", "memoryLimit": "2Gi" })
        );

        // A link from before shims: runtime and hypervisor name the plain shim.
        let old = format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(r#"{"runtime":"go","hypervisor":"clh"}"#)
        );
        let opened = decode(&old).expect("decodes");
        assert_eq!(opened.shim, None);
        assert_eq!(opened.kata_version, Version::NEWEST);
        assert_eq!(
            opened.resolved_shim(),
            Shim::new(Runtime::Go, Hypervisor::Clh)
        );
        assert_eq!(opened.resolved_shim().name, "clh");
    }

    #[test]
    fn unknown_fields_are_ignored_and_missing_ones_default() {
        let json =
            r#"{"runtime":"go","futureField":{"x":1},"workload":{"name":"web","later":true}}"#;
        let text = format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
        );
        let request = decode(&text).expect("decodes");
        assert_eq!(request.runtime, Runtime::Go);
        assert_eq!(request.workload.name, "web");
        assert_eq!(request.workload.runtime_class_name, "kata");
    }

    #[test]
    fn damaged_states_are_errors() {
        for bad in [
            "",
            "v2.e30",
            "v1.!!!",
            "v1.bm90IGpzb24",
            "v1.eyJydW50aW1lIjoiamF2YSJ9",
        ] {
            let err = decode(bad).expect_err("rejected");
            assert!(err.to_string().contains("damaged"), "{bad}: {err}");
        }
    }
}
