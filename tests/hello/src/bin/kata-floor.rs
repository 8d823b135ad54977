//! The floor for a page that does the configurator's work and nothing else:
//! Yew, the request from a shared link (`#s=…`), core's remembering
//! validator (as the configurator uses it) and the manifest writer, with one
//! input that sets the memory value. No catalog, no other output, no store. `cargo xtask perf` loads it beside the
//! configurator and the hello-world in the same run: its first load, time
//! to interactive and edit latency are what any page that validates
//! synchronously and writes the whole manifest on each keystroke costs.

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
