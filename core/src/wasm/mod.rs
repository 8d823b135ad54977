//! The JS/TS binding. It only translates: decode with serde-wasm-bindgen,
//! call the library, encode the answer. Every failure becomes a JS `Error`.
//! This is the only module that knows `JsValue`; the TypeScript types come
//! from the Rust types (tsify), so they cannot drift.
//!
//! Two builds share it. The `wasm-validate` feature exports what a docs
//! page needs to check annotations (catalog, releases, shims, presets,
//! validate); LTO then drops the generators, the importer and the share
//! codec, which nothing exported reaches. The `wasm` feature adds `full`:
//! the generators, the importer, the node-config reader and the share codec.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::request::Request;

pub(crate) fn js_error(message: impl std::fmt::Display) -> JsValue {
    JsError::new(&message.to_string()).into()
}

/// Plain JS objects (not `Map`s) and numbers, as JSON would give them.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(format!("could not encode the answer: {e}")))
}

pub(crate) fn request_from(value: JsValue) -> Result<Request, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Request::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(format!("invalid request: {e}")))
}

/// Every catalog entry with its metadata.
#[wasm_bindgen(unchecked_return_type = "AnnotationInfo[]")]
pub fn catalog() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::infos())
}

/// Every Kata release verdicts are given for (`"3.2"` … `"4.1"`), oldest first.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn releases() -> Result<JsValue, JsValue> {
    let all: Vec<String> = crate::version::Version::releases()
        .map(|v| v.to_string())
        .collect();
    to_js(&all)
}

/// The shims kata-deploy installs at `release` (the newest when omitted),
/// with their runtime, hypervisor, shipped `enable_annotations` and
/// configuration path.
#[wasm_bindgen(unchecked_return_type = "ShimInfo[]")]
pub fn shims(
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] release: Option<String>,
) -> Result<JsValue, JsValue> {
    let version = match release {
        Some(text) => text.parse::<crate::version::Version>().map_err(js_error)?,
        None => crate::version::Version::NEWEST,
    };
    let infos: Vec<_> = crate::shim::installed(version)
        .map(|s| s.info(version))
        .collect();
    to_js(&infos)
}

/// Every finding for a request.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&crate::validate(&request_from(request)?))
}

/// The presets.
#[wasm_bindgen(unchecked_return_type = "Preset[]")]
pub fn presets() -> Result<JsValue, JsValue> {
    to_js(&crate::presets::PRESETS)
}

#[cfg(feature = "wasm")]
mod full;
#[cfg(feature = "wasm")]
pub use full::*;
