//! The JS binding, exercised in a real browser by wasm-bindgen-test.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use kata_annotations::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON parses")
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .unwrap_or_default()
}

fn error_message(value: JsValue) -> String {
    String::from(js_sys::Error::from(value).message())
}

#[wasm_bindgen_test]
fn catalog_lists_every_entry_as_plain_objects() {
    let list = js_sys::Array::from(&wasm::catalog().expect("catalog"));
    assert_eq!(
        list.length() as usize,
        kata_annotations::catalog::ANNOTATIONS.len()
    );
    let first = list.get(0);
    assert!(js_sys::Reflect::has(&first, &"key".into()).expect("object"));
    assert!(js_sys::Reflect::has(&first, &"groupTitle".into()).expect("object"));
}

#[wasm_bindgen_test]
fn validate_reports_with_camel_case_fields() {
    let report = wasm::validate(json(
        r#"{"runtime":"go","annotations":{"io.katacontainers.config.hypervisor.default_memory":"4096"}}"#,
    ))
    .expect("validates");
    let text = stringify(&report);
    assert!(text.contains(r#""code":"KA301""#), "{text}");
    assert!(text.contains(r#""severity":"error""#), "{text}");
    assert!(text.contains(r#""gate":"kata-policy""#), "{text}");
}

#[wasm_bindgen_test]
fn an_empty_request_takes_the_defaults() {
    let report = wasm::validate(json("{}")).expect("validates");
    assert_eq!(stringify(&report), r#"{"diagnostics":[]}"#);
    assert!(wasm::validate(JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn render_returns_every_output() {
    let rendered = wasm::render(json(
        r#"{"annotations":{"io.katacontainers.config.hypervisor.default_memory":"4096"},"workload":{"kind":"Deployment","name":"web"}}"#,
    ))
    .expect("renders");
    for field in ["manifest", "containerd", "kataDropIn", "helmValues", "crio"] {
        let value = js_sys::Reflect::get(&rendered, &field.into()).expect("field");
        assert!(value.is_string(), "{field} is a string");
    }
    let manifest = js_sys::Reflect::get(&rendered, &"manifest".into()).expect("manifest");
    assert!(manifest
        .as_string()
        .unwrap_or_default()
        .contains("default_memory: '4096'"));
}

#[wasm_bindgen_test]
fn a_malformed_request_is_a_clear_error() {
    let err = wasm::validate(json(r#"{"runtime":"java"}"#)).expect_err("rejected");
    let message = error_message(err);
    assert!(message.starts_with("invalid request"), "{message}");
    assert!(message.contains("java"), "{message}");
    let err = wasm::validate(json(r#"{"annotations":{"k":false}}"#)).expect_err("rejected");
    assert!(error_message(err).contains("invalid request"));
    let err = wasm::render(json(r#"{"workload":{"name":""}}"#)).expect_err("rejected");
    assert!(error_message(err).contains("name"));
}

#[wasm_bindgen_test]
fn yaml_quotes_boolean_strings() {
    let out = wasm::annotations_yaml(json(
        r#"{"io.katacontainers.config.runtime.disable_guest_seccomp":"false"}"#,
    ))
    .expect("renders");
    assert_eq!(
        out,
        "io.katacontainers.config.runtime.disable_guest_seccomp: 'false'\n"
    );
}

/// Requests the output tests run natively and through the binding: the
/// default, a full one, and ones that fail one output or two.
const OUTPUT_REQUESTS: [&str; 5] = [
    "{}",
    r#"{"runtime":"go","hypervisor":"clh","annotations":{"io.katacontainers.config.hypervisor.default_memory":"4096"},"workload":{"kind":"StatefulSet","name":"web"},"containerd":{"handler":"kata-clh","configVersion":2,"forwarding":"wildcard"}}"#,
    r#"{"workload":{"name":""}}"#,
    r#"{"containerd":{"handler":" "}}"#,
    r#"{"containerd":{"configVersion":9}}"#,
];

fn native_request(text: &str) -> kata_annotations::Request {
    serde_json::from_str(text).expect("test request parses")
}

fn parsed(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

#[wasm_bindgen_test]
fn outputs_describe_what_native_describes() {
    for text in OUTPUT_REQUESTS {
        let native = kata_annotations::render::describe(&native_request(text));
        let expected = serde_json::to_value(&native).expect("serializes");
        let answer = wasm::outputs(json(text)).expect("describes");
        assert_eq!(parsed(&stringify(&answer)), expected, "{text}");
    }
    let default = wasm::outputs(JsValue::UNDEFINED).expect("describes");
    assert_eq!(
        stringify(&default),
        stringify(&wasm::outputs(json("{}")).expect("describes"))
    );
}

#[wasm_bindgen_test]
fn render_output_answers_what_native_answers() {
    let mut failures = Vec::new();
    for text in OUTPUT_REQUESTS {
        let request = native_request(text);
        for output in kata_annotations::render::outputs() {
            let native = kata_annotations::render::render_output(output.id, &request);
            match (native, wasm::render_output(output.id, json(text))) {
                (Ok(expected), Ok(answer)) => assert_eq!(answer, expected, "{}", output.id),
                (Err(expected), Err(thrown)) => {
                    assert_eq!(error_message(thrown), expected.to_string(), "{}", output.id);
                    failures.push((text, output.id));
                }
                (native, _) => panic!("{} on {text}: native {native:?}, wasm differs", output.id),
            }
        }
    }
    // The failing requests fail only the outputs they concern.
    assert_eq!(
        failures,
        [
            (OUTPUT_REQUESTS[2], "manifest"),
            (OUTPUT_REQUESTS[3], "containerd"),
            (OUTPUT_REQUESTS[3], "crio"),
            (OUTPUT_REQUESTS[4], "containerd"),
        ]
    );
}

#[wasm_bindgen_test]
fn render_output_throws_an_error_naming_the_problem() {
    let thrown = wasm::render_output("pdf", json("{}")).expect_err("no such output");
    let message = error_message(thrown);
    assert!(message.contains("\"pdf\""), "{message}");
    let thrown =
        wasm::render_output("manifest", json(r#"{"workload":{"name":""}}"#)).expect_err("no name");
    assert!(error_message(thrown).contains("name"));
    let thrown = wasm::render_output("manifest", json(r#"{"runtime":"java"}"#)).expect_err("bad");
    assert!(error_message(thrown).starts_with("invalid request"));
}

// ---------------------------------------------------------------------------
// Every export against the native function on the same input: the binding
// only translates, so the answers (and the error messages) must be equal.

const FIXTURE_DEPLOYMENT: &str =
    include_str!("../../tests/fixtures/manifests/deployment-misplaced.yaml");
const FIXTURE_MULTI: &str = include_str!("../../tests/fixtures/manifests/multi-document.yaml");

fn same<T: serde::Serialize>(answer: &JsValue, native: &T, what: &str) {
    let expected = serde_json::to_value(native).expect("serializes");
    assert_eq!(parsed(&stringify(answer)), expected, "{what}");
}

#[wasm_bindgen_test]
fn catalog_and_presets_equal_native() {
    same(
        &wasm::catalog().expect("catalog"),
        &kata_annotations::catalog::infos(),
        "catalog",
    );
    same(
        &wasm::presets().expect("presets"),
        &kata_annotations::presets::PRESETS,
        "presets",
    );
}

#[wasm_bindgen_test]
fn validate_equals_native() {
    for text in OUTPUT_REQUESTS.iter().chain([
        r#"{"runtime":"go","annotations":{"io.katacontainers.config.hypervisor.default_memory":"4096","sgx.intel.com/epc":"1Mi"}}"#,
        r#"{"policy":{"enableAnnotations":["["]},"annotations":{"io.katacontainers.config.hypervisor.path":"/x"}}"#,
    ].iter()) {
        let native = kata_annotations::validate(&native_request(text));
        same(&wasm::validate(json(text)).expect("validates"), &native, text);
    }
}

#[wasm_bindgen_test]
fn import_manifest_and_apply_import_equal_native() {
    let base_text = r#"{"runtime":"go","workload":{"runtimeClassName":"kata-qemu"}}"#;
    let base = native_request(base_text);
    for yaml in [FIXTURE_DEPLOYMENT, FIXTURE_MULTI, "kind: Pod\n"] {
        let native = kata_annotations::import::import_manifest(yaml, &base).expect("imports");
        let answer = wasm::import_manifest(yaml, json(base_text)).expect("imports");
        same(&answer, &native, yaml);
        for (i, workload) in native.workloads.iter().enumerate() {
            let js_workload = js_sys::Reflect::get(
                &js_sys::Reflect::get(&answer, &"workloads".into()).expect("workloads"),
                &(i as u32).into(),
            )
            .expect("workload");
            let applied = wasm::apply_import(js_workload, json(base_text)).expect("applies");
            same(
                &applied,
                &kata_annotations::import::apply_import(workload, &base),
                "applyImport",
            );
        }
    }
    for bad in ["a: [", "\u{feff}{{{{"] {
        let native = kata_annotations::import::import_manifest(bad, &base);
        match (native, wasm::import_manifest(bad, JsValue::UNDEFINED)) {
            (Err(e), Err(thrown)) => assert_eq!(error_message(thrown), e.to_string()),
            (Ok(n), Ok(a)) => same(&a, &n, bad),
            (n, _) => panic!("{bad:?}: native {n:?}, wasm differs"),
        }
    }
}

#[wasm_bindgen_test]
fn read_node_config_equals_native() {
    use kata_annotations::target::Hypervisor;
    let toml = "[hypervisor.qemu]\nenable_annotations = [\"default_memory\"]\nvalid_hypervisor_paths = [\"/opt/kata/bin/*\"]\n";
    let native = kata_annotations::node_config::read(toml, Hypervisor::Qemu).expect("reads");
    same(
        &wasm::read_node_config(toml, "qemu".into()).expect("reads"),
        &native,
        "qemu",
    );
    for (text, hypervisor) in [(toml, Hypervisor::Clh), ("not toml = [", Hypervisor::Qemu)] {
        let expected = kata_annotations::node_config::read(text, hypervisor).expect_err("fails");
        let thrown = wasm::read_node_config(text, hypervisor.table().into()).expect_err("fails");
        assert_eq!(error_message(thrown), expected.to_string());
    }
    assert!(wasm::read_node_config(toml, "vmware".into()).is_err());
}

#[wasm_bindgen_test]
fn state_codec_equals_native_and_round_trips() {
    for text in OUTPUT_REQUESTS {
        let request = native_request(text);
        let native = kata_annotations::share::encode(&request).expect("encodes");
        let encoded = wasm::encode_state(json(text)).expect("encodes");
        assert_eq!(encoded, native, "{text}");
        let decoded = wasm::decode_state(&encoded).expect("decodes");
        same(&decoded, &request, text);
    }
    let expected = kata_annotations::share::decode("v1.%%%").expect_err("damaged");
    let thrown = wasm::decode_state("v1.%%%").expect_err("damaged");
    assert_eq!(error_message(thrown), expected.to_string());
}

#[wasm_bindgen_test]
fn annotations_yaml_equals_native() {
    let text = r#"{"io.katacontainers.config.hypervisor.default_vcpus":"2","a":"yes","b":"0x10"}"#;
    let map: std::collections::BTreeMap<String, String> = serde_json::from_str(text).expect("map");
    let native = kata_annotations::yaml::annotations_yaml(&map).expect("renders");
    assert_eq!(wasm::annotations_yaml(json(text)).expect("renders"), native);
}

#[wasm_bindgen_test]
fn releases_equal_native_oldest_first() {
    let native: Vec<String> = kata_annotations::version::Version::releases()
        .map(|v| v.to_string())
        .collect();
    same(&wasm::releases().expect("releases"), &native, "releases");
    let answer = js_sys::Array::from(&wasm::releases().expect("releases"));
    assert_eq!(answer.get(0).as_string().as_deref(), Some("3.2"));
    assert_eq!(
        answer.get(answer.length() - 1).as_string(),
        Some(kata_annotations::version::Version::NEWEST.to_string())
    );
}

#[wasm_bindgen_test]
fn shims_equal_native_per_release() {
    use kata_annotations::version::Version;
    let native = |version: Version| -> Vec<kata_annotations::shim::ShimInfo> {
        kata_annotations::shim::installed(version)
            .map(|s| s.info(version))
            .collect()
    };
    // Without a release: the newest.
    same(
        &wasm::shims(None).expect("shims"),
        &native(Version::NEWEST),
        "shims()",
    );
    for version in Version::releases() {
        let answer = wasm::shims(Some(version.to_string())).expect("shims");
        same(&answer, &native(version), &version.to_string());
    }
    // A tag with a patch number is the same release.
    same(
        &wasm::shims(Some("v3.23.1".into())).expect("shims"),
        &native(Version::new(3, 23)),
        "v3.23.1",
    );
    // The renamed shim goes by its name at the release.
    let text = stringify(&wasm::shims(Some("3.23".into())).expect("shims"));
    assert!(text.contains(r#""name":"cloud-hypervisor""#), "{text}");
    assert!(
        text.contains(r#""runtimeClass":"kata-qemu-runtime-rs""#),
        "{text}"
    );
    // Unknown and malformed releases throw what the native parser says.
    for bad in ["9.9", "3.x", ""] {
        let expected = bad
            .parse::<Version>()
            .expect_err("not a release")
            .to_string();
        let thrown = wasm::shims(Some(bad.into())).expect_err("rejected");
        assert_eq!(error_message(thrown), expected, "{bad:?}");
    }
}

#[wasm_bindgen_test]
fn requests_with_a_release_and_a_shim_answer_what_native_answers() {
    let text = r#"{"kataVersion":"3.23","shim":"qemu-runtime-rs","annotations":{"io.katacontainers.config.hypervisor.default_memory":"4096"},"workload":{"runtimeClassName":"kata-qemu-runtime-rs","resources":{"cpuRequest":"500m","memoryLimit":"2Gi"}}}"#;
    let request = native_request(text);
    same(
        &wasm::validate(json(text)).expect("validates"),
        &kata_annotations::validate(&request),
        "validate",
    );
    same(
        &wasm::outputs(json(text)).expect("describes"),
        &kata_annotations::render::describe(&request),
        "outputs",
    );
    let manifest = wasm::render_output("manifest", json(text)).expect("renders");
    assert_eq!(
        manifest,
        kata_annotations::render::render_output("manifest", &request).expect("renders")
    );
    assert!(
        manifest.contains("runtimeClassName: kata-qemu-runtime-rs"),
        "{manifest}"
    );
    let encoded = wasm::encode_state(json(text)).expect("encodes");
    assert_eq!(
        encoded,
        kata_annotations::share::encode(&request).expect("encodes")
    );
    same(
        &wasm::decode_state(&encoded).expect("decodes"),
        &request,
        "decodeState",
    );
}
