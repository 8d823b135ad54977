//! The JS/TS binding. It only translates: decode with serde-wasm-bindgen,
//! call the library, encode the answer. Every failure becomes a JS `Error`.
//! This is the only module that knows `JsValue`.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

fn js_error(message: impl std::fmt::Display) -> JsValue {
    JsError::new(&message.to_string()).into()
}

/// Canonical YAML of an annotation map (`Record<string, string>`).
#[wasm_bindgen(js_name = annotationsYaml)]
pub fn annotations_yaml(annotations: JsValue) -> Result<String, JsValue> {
    let map: BTreeMap<String, String> = serde_wasm_bindgen::from_value(annotations)
        .map_err(|e| js_error(format!("annotations must be a Record<string, string>: {e}")))?;
    crate::yaml::annotations_yaml(&map).map_err(js_error)
}
