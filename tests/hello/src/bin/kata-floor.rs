//! The floor for a page that does the configurator's work and nothing else:
//! Yew, the request from a shared link (`#s=…`), core's remembering
//! validator (as the configurator uses it) and the manifest writer, with one
//! input that sets the memory value. No catalog, no other output, no store. `cargo xtask perf` loads it beside the
//! configurator and the hello-world in the same run: its first load, time
//! to interactive and edit latency are what any page that validates
//! synchronously and writes the whole manifest on each keystroke costs.
//! Opened with `?validate-timing`, it also times `validate` in wasm.

use std::rc::Rc;

use kata_annotations::validate::Validator;
use kata_annotations::{render, share, Request};
use yew::prelude::*;

const MEMORY: &str = "io.katacontainers.config.hypervisor.default_memory";

/// The request in the URL fragment, or the default one.
fn linked_request() -> Request {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|hash| hash.strip_prefix("#s=").map(str::to_owned))
        .and_then(|text| share::decode(&text).ok())
        .unwrap_or_default()
}

/// Whether the page's query has `flag` (`?validate-timing`).
fn asked_for(flag: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.trim_start_matches('?').split('&').any(|p| p == flag))
}

/// Fresh `validate` calls per timed batch, and batches.
const VALIDATE_BATCH: usize = 10;
const VALIDATE_RUNS: usize = 30;
/// Calls before timing. V8 starts wasm in its baseline compiler and tiers
/// hot functions up in the background: after 50 calls the first third of
/// the timed batches still ran 2–3× slower than the rest
/// (docs/performance.md, step 25).
const VALIDATE_WARM_UP: usize = 1000;

/// Times a fresh `validate` of `request` in wasm, with no JS boundary (the
/// package's entry adds serde-wasm-bindgen both ways): one performance
/// measure `kata-validate-batch` per batch, read by `cargo xtask perf`.
fn time_validate(performance: &web_sys::Performance, request: &Request) {
    // Warm-up, so the engine has optimised the validator before it is timed.
    for _ in 0..VALIDATE_WARM_UP {
        std::hint::black_box(kata_annotations::validate(std::hint::black_box(request)));
    }
    for _ in 0..VALIDATE_RUNS {
        let _ = performance.mark("kata-validate:start");
        for _ in 0..VALIDATE_BATCH {
            std::hint::black_box(kata_annotations::validate(std::hint::black_box(request)));
        }
        let _ = performance.measure_with_start_mark("kata-validate-batch", "kata-validate:start");
    }
}

#[function_component(Floor)]
fn floor() -> Html {
    let request = use_state(|| Rc::new(linked_request()));
    let validator = use_mut_ref(Validator::default);
    let report = validator.borrow_mut().validate(&request);
    let manifest = render::manifest::manifest(&request).unwrap_or_else(|e| e.to_string());
    let oninput = {
        let request = request.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (**request).clone();
            next.annotations.insert(MEMORY.to_owned(), input.value());
            request.set(Rc::new(next));
        })
    };
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("kata-interactive");
            if asked_for("validate-timing") {
                time_validate(&performance, &linked_request());
            }
        }
    });
    let value = request.annotations.get(MEMORY).cloned().unwrap_or_default();
    html! {
        <main>
            <label for="search">{ "Memory (MiB)" }</label>
            <input id="search" value={value} {oninput} />
            <p>{ format!("{} findings", report.diagnostics.len()) }</p>
            <pre id="output-manifest">{ manifest }</pre>
        </main>
    }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
