//! The rest of the JS API (feature `wasm`): generators, importer,
//! node-config reader, share codec. See the parent module for the split.

use wasm_bindgen::prelude::*;

use super::{js_error, request_from, to_js};

/// Every generated text for a request, or the first output's error.
///
/// Kept for existing callers: one failing output fails the whole answer.
/// `outputs()` and `renderOutput()` give each output on its own.
#[wasm_bindgen(unchecked_return_type = "Rendered")]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let rendered = crate::render(&request_from(request)?).map_err(js_error)?;
    to_js(&rendered)
}

/// Every output (id, title, tab, file name, media type, where it goes, the
/// request fields its form edits), in page order, described for a request
/// (file names and paths depend on it; the default request when omitted).
#[wasm_bindgen(unchecked_return_type = "OutputInfo[]")]
pub fn outputs(
    #[wasm_bindgen(unchecked_param_type = "Request | undefined")] request: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&crate::render::describe(&request_from(request)?))
}

/// The text of the output `id` (one of the ids `outputs()` lists) for a
/// request. Throws an `Error` whose message names the problem when that
/// output cannot be written or there is no such output; other outputs of the
/// same request are not affected.
#[wasm_bindgen(js_name = renderOutput)]
pub fn render_output(
    id: &str,
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
) -> Result<String, JsValue> {
    crate::render::render_output(id, &request_from(request)?).map_err(js_error)
}

/// Reads pasted YAML (one or more documents) into workloads, their
/// annotations and the lint and validation findings. The optional request
/// gives the runtime, hypervisor and node policy to validate against.
#[wasm_bindgen(js_name = importManifest, unchecked_return_type = "Imported")]
pub fn import_manifest(
    yaml: &str,
    #[wasm_bindgen(unchecked_param_type = "Request | undefined")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let base = request_from(request)?;
    let imported = crate::import::import_manifest(yaml, &base).map_err(js_error)?;
    to_js(&imported)
}

/// The request a form should hold after importing one workload of
/// `importManifest`'s answer over `request`: Kata keys from the
/// controller's own metadata move into the annotations, and an empty
/// `runtimeClassName` keeps the request's (see `apply_import` in Rust).
#[wasm_bindgen(js_name = applyImport, unchecked_return_type = "Request")]
pub fn apply_import(
    #[wasm_bindgen(unchecked_param_type = "ImportedWorkload")] workload: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Request | undefined")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let workload: crate::import::ImportedWorkload = serde_wasm_bindgen::from_value(workload)
        .map_err(|e| js_error(format!("invalid workload: {e}")))?;
    to_js(&crate::import::apply_import(
        &workload,
        &request_from(request)?,
    ))
}

/// Reads the node policy (`enable_annotations`, `valid_*`) of one hypervisor
/// from a pasted Kata `configuration.toml` or drop-in.
#[wasm_bindgen(js_name = readNodeConfig, unchecked_return_type = "NodeConfig")]
pub fn read_node_config(
    toml: &str,
    #[wasm_bindgen(unchecked_param_type = "Hypervisor")] hypervisor: JsValue,
) -> Result<JsValue, JsValue> {
    let hypervisor: crate::target::Hypervisor = serde_wasm_bindgen::from_value(hypervisor)
        .map_err(|e| js_error(format!("invalid hypervisor: {e}")))?;
    to_js(&crate::node_config::read(toml, hypervisor).map_err(js_error)?)
}

/// The state of a request as a compact text for a URL fragment.
#[wasm_bindgen(js_name = encodeState)]
pub fn encode_state(
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
) -> Result<String, JsValue> {
    crate::share::encode(&request_from(request)?).map_err(js_error)
}

/// The request a state written by `encodeState` holds.
#[wasm_bindgen(js_name = decodeState, unchecked_return_type = "Request")]
pub fn decode_state(state: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::share::decode(state).map_err(js_error)?)
}

/// Canonical YAML of an annotation map (`Record<string, string>`).
#[wasm_bindgen(js_name = annotationsYaml)]
pub fn annotations_yaml(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] annotations: JsValue,
) -> Result<String, JsValue> {
    let map: std::collections::BTreeMap<String, String> =
        serde_wasm_bindgen::from_value(annotations)
            .map_err(|e| js_error(format!("annotations must be a Record<string, string>: {e}")))?;
    crate::yaml::annotations_yaml(&map).map_err(js_error)
}
