//! A Yew hello-world: the smallest page that does what the configurator's
//! first paint does (a search box, one YAML text from serde_yaml, one glob
//! pattern match), for `cargo xtask perf` to load beside the configurator
//! in the same run. Its size, time to interactive and edit latency (the
//! input's text written into the YAML) are the floor the configurator's
//! figures are compared with.

use std::collections::BTreeMap;

use yew::prelude::*;

#[function_component(Hello)]
fn hello() -> Html {
    let pattern = use_state(|| "io.katacontainers.*".to_owned());
    let key = "io.katacontainers.config.hypervisor.default_memory";
    let matches = glob::Pattern::new(&pattern).is_ok_and(|p| p.matches(key));
    let yaml =
        serde_yaml::to_string(&BTreeMap::from([(key, pattern.as_str())])).unwrap_or_default();
    let oninput = {
        let pattern = pattern.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            pattern.set(input.value());
        })
    };
    // The same mark the configurator sets after its first render.
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("kata-interactive");
        }
    });
    html! {
        <main>
            <h1>{ "Hello" }</h1>
            <label for="search">{ "Pattern" }</label>
            <input id="search" type="search" value={(*pattern).clone()} {oninput} />
            <p>{ if matches { "matches" } else { "does not match" } }</p>
            <pre id="output-manifest">{ yaml }</pre>
        </main>
    }
}

fn main() {
    yew::Renderer::<Hello>::new().render();
}
