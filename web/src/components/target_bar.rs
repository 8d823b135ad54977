//! The target bar: runtime, hypervisor, and the node policy in use.

use kata_annotations::request::Request;
use kata_annotations::target::{Hypervisor, Runtime};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub request: Request,
    pub policy_source: Option<String>,
    pub on_action: Callback<Action>,
}

#[function_component(TargetBar)]
pub fn target_bar(props: &Props) -> Html {
    let request = &props.request;
    let on_runtime = props.on_action.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        Action::SetRuntime(if select.value() == "go" {
            Runtime::Go
        } else {
            Runtime::Rust
        })
    });
    let on_hypervisor = props.on_action.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let chosen = Hypervisor::ALL
            .into_iter()
            .find(|h| h.table() == select.value())
            .unwrap_or_default();
        Action::SetHypervisor(chosen)
    });
    let policy = if request.policy.is_some() {
        "custom"
    } else {
        "shipped defaults"
    };
    html! {
        <header class="bar">
            <h1 class="title">{ "Kata pod configurator" }</h1>
            <div class="target">
                <label class="field">
                    <span>{ "Runtime" }</span>
                    <select id="runtime" onchange={on_runtime}>
                        <option value="rust" selected={request.runtime == Runtime::Rust}>{ "runtime-rs (Rust)" }</option>
                        <option value="go" selected={request.runtime == Runtime::Go}>{ "Go runtime" }</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ "Hypervisor" }</span>
                    <select id="hypervisor" onchange={on_hypervisor}>
                        { for Hypervisor::ALL.into_iter().map(|h| html! {
                            <option value={h.table()} selected={request.hypervisor == h}
                                disabled={!h.supported_by(request.runtime)}>
                                { h.label() }
                            </option>
                        }) }
                    </select>
                </label>
                <span class="policy" id="policy-label" title="enable_annotations and valid_* lists of the node">
                    { "Node policy: " }<strong>{ policy }</strong>
                </span>
            </div>
        </header>
    }
}
