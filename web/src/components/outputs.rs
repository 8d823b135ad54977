//! The outputs, drawn from core's output registry: a tab bar, the open tab's
//! form and its outputs, each with copy and download, and the "Apply it"
//! checklist.
//!
//! Each output renders on its own and only while its tab is open; a failing
//! output shows its error in its own place, so the form that fixes it stays.

use kata_annotations::render::setting::{Control, Pick, Setting, Value};
use kata_annotations::render::{describe, find, tabs, Tab};

use kata_annotations::request::Request;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yewdux::prelude::use_selector;

use super::command_field::CommandField;
use super::RequestPart;
use crate::dom;
use crate::state::{Action, AdmissionEdit, ContainerdEdit, State, WorkloadEdit};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// What the tab bar, the form and the checklist show of the state: the open
/// tab and the request as far as it is not an annotation's value. They read
/// no value (core's `Request::same_but_values`), so typing a value redraws
/// only the outputs' texts ([`OutputView`] selects the whole request).
#[derive(PartialEq)]
struct Shown {
    part: RequestPart,
    tab: Tab,
}

/// The action that stores `value` in `setting`; `None` when the value does
/// not fit the setting (the controls only offer values that fit).
fn edit(setting: Setting, value: Value) -> Option<Action> {
    use Action::{Admission, Containerd, Workload};
    Some(match (setting, value) {
        (Setting::WorkloadKind, Value::Pick(Pick::Kind(kind))) => {
            Workload(WorkloadEdit::Kind(kind))
        }
        (Setting::WorkloadName, Value::Text(v)) => Workload(WorkloadEdit::Name(v)),
        (Setting::WorkloadNamespace, Value::Text(v)) => Workload(WorkloadEdit::Namespace(v)),
        (Setting::ContainerName, Value::Text(v)) => Workload(WorkloadEdit::ContainerName(v)),
        (Setting::Image, Value::Text(v)) => Workload(WorkloadEdit::Image(v)),
        (Setting::Command, Value::Words(v)) => Workload(WorkloadEdit::Command(v)),
        (Setting::CpuRequest, Value::Text(v)) => Workload(WorkloadEdit::CpuRequest(v)),
        (Setting::MemoryRequest, Value::Text(v)) => Workload(WorkloadEdit::MemoryRequest(v)),
        (Setting::CpuLimit, Value::Text(v)) => Workload(WorkloadEdit::CpuLimit(v)),
        (Setting::MemoryLimit, Value::Text(v)) => Workload(WorkloadEdit::MemoryLimit(v)),
        (Setting::RuntimeClassName, Value::Text(v)) => Workload(WorkloadEdit::RuntimeClassName(v)),
        (Setting::IncludeRuntimeClass, Value::Flag(v)) => {
            Workload(WorkloadEdit::IncludeRuntimeClass(v))
        }
        (Setting::ConfigVersion, Value::Pick(Pick::ConfigVersion(v))) => {
            Containerd(ContainerdEdit::Version(v))
        }
        (Setting::Handler, Value::Text(v)) => Containerd(ContainerdEdit::Handler(v)),
        (Setting::Forwarding, Value::Pick(Pick::Forwarding(v))) => {
            Containerd(ContainerdEdit::Forwarding(v))
        }
        (Setting::RuntimePath, Value::Flag(v)) => Containerd(ContainerdEdit::RuntimePath(v)),
        (Setting::ConfigPath, Value::Flag(v)) => Containerd(ContainerdEdit::ConfigPath(v)),
        (Setting::AdmissionAction, Value::Pick(Pick::Action(v))) => {
            Admission(AdmissionEdit::Action(v))
        }
        (Setting::AdmissionKeys, Value::Pick(Pick::Keys(v))) => Admission(AdmissionEdit::Keys(v)),
        (Setting::AdmissionNamespaces, Value::Text(v)) => {
            Admission(AdmissionEdit::NamespaceLabels(v))
        }
        _ => return None,
    })
}

/// One form control, as core describes it.
fn setting_field(setting: Setting, request: &Request, on_action: &Callback<Action>) -> Html {
    let info = setting.info(request);
    let id = info.id;
    let emit = {
        let on_action = on_action.clone();
        move |value: Value| {
            if let Some(action) = edit(setting, value) {
                on_action.emit(action);
            }
        }
    };
    match (info.control, info.value) {
        (Control::Text, Value::Text(value)) => {
            let oninput = Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                emit(Value::Text(input.value()));
            });
            let placeholder = info.placeholder.map(|example| format!("e.g. {example}"));
            html! {
                <label class="field">
                    <span>{ info.label }</span>
                    <input {id} type="text" {value} {placeholder} {oninput} spellcheck="false" />
                </label>
            }
        }
        (Control::Check, Value::Flag(checked)) => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                emit(Value::Flag(input.checked()));
            });
            html! {
                <label class="check">
                    <input {id} type="checkbox" {checked} {onchange} />
                    <span>{ info.label }</span>
                </label>
            }
        }
        (Control::Select(choices), Value::Pick(current)) => {
            // The options' values are core's text for each choice; a change
            // maps back to the typed value, so the page never parses one.
            let picks: Vec<Pick> = choices.iter().map(|choice| choice.value).collect();
            let onchange = Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                let chosen = select.value();
                if let Some(pick) = picks.iter().find(|pick| pick.as_text() == chosen) {
                    emit(Value::Pick(*pick));
                }
            });
            html! {
                <label class="field">
                    <span>{ info.label }</span>
                    <select {id} {onchange}>
                        { for choices.iter().map(|choice| html! {
                            <option value={choice.value.as_text()} selected={choice.value == current}>{ &choice.label }</option>
                        }) }
                    </select>
                </label>
            }
        }
        (Control::Words, Value::Words(words)) => html! {
            <CommandField {id} label={info.label} value={words}
                on_change={Callback::from(move |words| emit(Value::Words(words)))} />
        },
        // Core pairs every control with its kind of value; nothing to draw otherwise.
        _ => Html::default(),
    }
}

/// The Copy and Download buttons of a generated text (`copy-<id>`,
/// `download-<id>`); what happened goes to `status`.
/// The text is shared with the callbacks, not copied: a manifest is
/// redrawn on every keystroke.
pub(crate) fn copy_and_download(
    id: &str,
    file_name: &str,
    text: &AttrValue,
    mime: &'static str,
    status: &UseStateHandle<String>,
) -> Html {
    let on_copy = {
        let text = text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.to_string();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match dom::copy(text).await {
                    Ok(()) => "Copied to the clipboard.".into(),
                    Err(e) => format!("Copy failed: {e}"),
                });
            });
        })
    };
    let on_download = {
        let (name, text) = (file_name.to_owned(), text.clone());
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(match dom::download(&name, &text, mime) {
                Ok(()) => format!("Downloaded {name}."),
                Err(e) => format!("Download failed: {e}"),
            });
        })
    };
    html! {
        <div class="actions">
            <button type="button" id={format!("copy-{id}")} onclick={on_copy}>{ "Copy" }</button>
            <button type="button" id={format!("download-{id}")} onclick={on_download}>
                { format!("Download {file_name}") }
            </button>
        </div>
    }
}

/// One output: rendered only while its tab is open, again only when the
/// request changes; its text with copy and download, or its own error.
#[derive(Properties, PartialEq)]
struct ViewProps {
    id: &'static str,
}

#[function_component(OutputView)]
fn output_view(props: &ViewProps) -> Html {
    let request = use_selector(|s: &State| s.request.clone());
    let status = use_state(String::new);
    // Only what the block shows: `Output::info` would also describe the
    // form's fields, which the tab's form draws, not the block.
    let view = use_memo((props.id, (*request).clone()), |(id, request)| {
        find(id).map(|output| {
            (
                output,
                (output.file_name)(request),
                (output.placement)(request).path,
                dom::timed(&format!("kata-render-{id}"), || output.render(request))
                    .map(AttrValue::from)
                    .map_err(|e| e.to_string()),
            )
        })
    });
    let Some((info, file_name, path, text)) = &*view else {
        return Html::default();
    };
    let id = info.id;
    let hint = path.as_ref().map(|path| {
        html! { <p class="hint">{ "Goes to " }<code>{ path }</code></p> }
    });
    let (actions, body) = match text {
        Ok(text) => {
            let actions = copy_and_download(id, file_name, text, info.media_type, &status);
            // Focusable so keyboard users can scroll it; a named region so
            // screen readers say what got focus.
            let body = html! {
                <pre id={format!("output-{id}")} class="code" tabindex="0" role="region"
                    aria-labelledby={format!("title-{id}")}><code>{ text.clone() }</code></pre>
            };
            (actions, body)
        }
        // Nothing to copy or download: the error takes the text's place,
        // under the form that can fix it.
        Err(error) => (
            Html::default(),
            html! {
                <p id={format!("error-{id}")} class="render-error" role="alert">
                    { format!("Cannot generate the {}: {error}", info.title) }
                </p>
            },
        ),
    };
    html! {
        <div class="output" id={format!("block-{id}")}>
            <div class="output-head">
                <h3 id={format!("title-{id}")}>{ info.title }</h3>
                { actions }
            </div>
            { for hint }
            { body }
            <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
        </div>
    }
}

#[function_component(Outputs)]
pub fn outputs(props: &Props) -> Html {
    let _span = dom::span("kata-view-outputs");
    let shown = use_selector(|s: &State| Shown {
        part: RequestPart::new(&s.request, Request::same_but_values),
        tab: s.tab,
    });
    let request = &shown.part.request;
    let all_tabs = tabs();
    let tab_buttons = all_tabs.iter().map(|&tab| {
        let selected = tab == shown.tab;
        let onclick = props
            .on_action
            .reform(move |_: MouseEvent| Action::SetTab(tab));
        let onkeydown = {
            let on_action = props.on_action.clone();
            let all = all_tabs.clone();
            Callback::from(move |e: KeyboardEvent| {
                let count = all.len();
                let index = all.iter().position(|t| *t == tab).unwrap_or(0);
                let next = match e.key().as_str() {
                    "ArrowRight" => (index + 1) % count,
                    "ArrowLeft" => (index + count - 1) % count,
                    "Home" => 0,
                    "End" => count - 1,
                    _ => return,
                };
                let Some(next) = all.get(next).copied() else {
                    return;
                };
                e.prevent_default();
                on_action.emit(Action::SetTab(next));
                dom::focus(&format!("tab-{}", next.id));
            })
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{}", tab.id)}
                aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tab.id)}
                tabindex={if selected { "0" } else { "-1" }} {onclick} {onkeydown}>
                { tab.label }
            </button>
        }
    });

    let settings = shown.tab.settings();
    let form = (!settings.is_empty()).then(|| {
        html! {
            <div class="form">
                { for settings.into_iter().map(|s| setting_field(s, request, &props.on_action)) }
            </div>
        }
    });
    // Keyed, so switching tabs never hands one output's memo to another.
    let views = shown.tab.outputs().map(|output| {
        html! { <OutputView key={output.id} id={output.id} /> }
    });
    let steps = describe(request).into_iter().map(|info| {
        html! {
            <li>
                <strong>{ info.title }</strong>{ format!(" ({})", info.file_name) }
                { for info.placement.path.map(|path| html! { <>{ " → " }<code>{ path }</code></> }) }
                { format!(": {}", info.placement.how) }
            </li>
        }
    });

    html! {
        <section class="outputs" aria-labelledby="outputs-title">
            <h2 id="outputs-title" class="visually-hidden">{ "Generated files" }</h2>
            <div role="tablist" aria-label="Outputs" class="tabs">{ for tab_buttons }</div>
            <div role="tabpanel" id={format!("panel-{}", shown.tab.id)} aria-labelledby={format!("tab-{}", shown.tab.id)} class="panel">
                { for form }
                { for views }
            </div>
            <details class="apply" open=true>
                <summary>{ "Apply it" }</summary>
                <ol>{ for steps }</ol>
            </details>
        </section>
    }
}
