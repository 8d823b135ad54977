//! The JS binding, exercised in a real browser by wasm-bindgen-test.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use std::collections::BTreeMap;

use kata_annotations::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js_map(pairs: &[(&str, &str)]) -> JsValue {
    let map: BTreeMap<&str, &str> = pairs.iter().copied().collect();
    serde_wasm_bindgen::to_value(&map).expect("encodes")
}

#[wasm_bindgen_test]
fn yaml_quotes_boolean_strings() {
    let out = wasm::annotations_yaml(js_map(&[(
        "io.katacontainers.config.runtime.disable_guest_seccomp",
        "false",
    )]))
    .expect("renders");
    assert_eq!(
        out,
        "io.katacontainers.config.runtime.disable_guest_seccomp: 'false'\n"
    );
}

#[wasm_bindgen_test]
fn non_string_values_are_a_js_error() {
    let bad = js_sys::JSON::parse(r#"{"a": false}"#).expect("json");
    let err = wasm::annotations_yaml(bad).expect_err("rejected");
    let message = js_sys::Error::from(err).message();
    assert!(
        String::from(message).contains("Record<string, string>"),
        "unexpected message"
    );
}
