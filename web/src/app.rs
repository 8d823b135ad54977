//! The root component.
//!
//! The app never validates or formats on its own: it holds the user's text
//! and asks `kata_annotations` for every answer it shows.

use kata_annotations::yaml::{annotations_yaml, parse_key_values};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

const EXAMPLE: &str = "io.katacontainers.config.hypervisor.default_memory=4096\n\
io.katacontainers.config.runtime.disable_guest_seccomp=false\n";

/// The page: annotation lines in, canonical YAML out.
#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(|| EXAMPLE.to_owned());
    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            text.set(area.value());
        })
    };

    let (map, rejected) = parse_key_values(&text);
    let output = match annotations_yaml(&map) {
        Ok(yaml) => yaml,
        Err(err) => format!("# {err}"),
    };

    html! {
        <main class="page">
            <header class="bar">
                <h1>{ "Kata annotations configurator" }</h1>
            </header>
            <section class="panes">
                <div class="pane">
                    <label for="annotations-input">{ "Annotations, one key=value per line" }</label>
                    <textarea id="annotations-input" spellcheck="false"
                        value={(*text).clone()} oninput={on_input} rows="10" />
                    if !rejected.is_empty() {
                        <ul id="rejected-lines" class="problems" role="list">
                            { for rejected.iter().map(|(line, content)| html! {
                                <li>{ format!("line {line}: no '=' in {content:?}") }</li>
                            }) }
                        </ul>
                    }
                </div>
                <div class="pane">
                    <label for="yaml-output">{ "metadata.annotations" }</label>
                    <pre id="yaml-output" class="output"><code>{ output }</code></pre>
                </div>
            </section>
        </main>
    }
}
