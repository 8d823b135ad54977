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
