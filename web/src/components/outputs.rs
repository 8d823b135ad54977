//! The outputs: manifest, containerd, Kata and CRI-O tabs, each with copy
//! and download, plus the "apply it" checklist.

use std::rc::Rc;

use kata_annotations::request::{Forwarding, Request, WorkloadKind};
use kata_annotations::Rendered;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::command_field::CommandField;
use crate::dom;
use crate::state::{Action, ContainerdEdit, Tab, WorkloadEdit};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub request: Request,
    pub rendered: Rc<Result<Rendered, String>>,
    pub tab: Tab,
    pub on_action: Callback<Action>,
}

/// One text output with its copy and download buttons.
#[derive(Properties, PartialEq)]
struct BlockProps {
    id: &'static str,
    title: String,
    text: String,
    file_name: String,
    mime: &'static str,
}

#[function_component(OutputBlock)]
fn output_block(props: &BlockProps) -> Html {
    let status = use_state(String::new);
    let on_copy = {
        let text = props.text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
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
        let (name, text, mime) = (props.file_name.clone(), props.text.clone(), props.mime);
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(match dom::download(&name, &text, mime) {
                Ok(()) => format!("Downloaded {name}."),
                Err(e) => format!("Download failed: {e}"),
            });
        })
    };
    html! {
        <div class="output">
            <div class="output-head">
                <h3 id={format!("title-{}", props.id)}>{ &props.title }</h3>
                <div class="actions">
                    <button type="button" id={format!("copy-{}", props.id)} onclick={on_copy}>{ "Copy" }</button>
                    <button type="button" id={format!("download-{}", props.id)} onclick={on_download}>
                        { format!("Download {}", props.file_name) }
                    </button>
                </div>
            </div>
            // Focusable so keyboard users can scroll it; a named region so
            // screen readers say what got focus.
            <pre id={format!("output-{}", props.id)} class="code" tabindex="0" role="region"
                aria-labelledby={format!("title-{}", props.id)}><code>{ &props.text }</code></pre>
            <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
        </div>
    }
}

fn text_field(id: &'static str, label: &'static str, value: &str, on: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(input.value());
    });
    html! {
        <label class="field">
            <span>{ label }</span>
            <input {id} type="text" value={value.to_owned()} {oninput} spellcheck="false" />
        </label>
    }
}

fn check_field(id: &'static str, label: &'static str, checked: bool, on: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(input.checked());
    });
    html! {
        <label class="check">
            <input {id} type="checkbox" {checked} {onchange} />
            <span>{ label }</span>
        </label>
    }
}

#[function_component(Outputs)]
pub fn outputs(props: &Props) -> Html {
    let request = &props.request;
    let workload = &request.workload;
    let containerd = &request.containerd;
    let on = props.on_action.clone();
    let wl =
        move |f: fn(String) -> WorkloadEdit| on.reform(move |v: String| Action::Workload(f(v)));
    let on = props.on_action.clone();
    let ctd =
        move |f: fn(bool) -> ContainerdEdit| on.reform(move |v: bool| Action::Containerd(f(v)));

    let tabs = Tab::ALL.into_iter().map(|tab| {
        let selected = tab == props.tab;
        let onclick = props
            .on_action
            .reform(move |_: MouseEvent| Action::SetTab(tab));
        let onkeydown = {
            let on_action = props.on_action.clone();
            Callback::from(move |e: KeyboardEvent| {
                let index = Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
                let next = match e.key().as_str() {
                    "ArrowRight" => Tab::ALL[(index + 1) % Tab::ALL.len()],
                    "ArrowLeft" => Tab::ALL[(index + Tab::ALL.len() - 1) % Tab::ALL.len()],
                    "Home" => Tab::ALL[0],
                    "End" => Tab::ALL[Tab::ALL.len() - 1],
                    _ => return,
                };
                e.prevent_default();
                on_action.emit(Action::SetTab(next));
                dom::focus(&format!("tab-{}", next.id()));
            })
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{}", tab.id())}
                aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tab.id())}
                tabindex={if selected { "0" } else { "-1" }} {onclick} {onkeydown}>
                { tab.label() }
            </button>
        }
    });

    let body = match &*props.rendered {
        Err(error) => {
            html! { <p class="render-error" role="alert">{ format!("Cannot generate: {error}") }</p> }
        }
        Ok(rendered) => match props.tab {
            Tab::Manifest => {
                let on_kind = props.on_action.reform(|e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    Action::Workload(WorkloadEdit::Kind(
                        WorkloadKind::from_kind(&select.value()).unwrap_or_default(),
                    ))
                });
                let file = format!(
                    "{}-{}.yaml",
                    workload.name.trim(),
                    workload.kind.as_str().to_lowercase()
                );
                html! {
                    <>
                        <div class="form">
                            <label class="field">
                                <span>{ "Kind" }</span>
                                <select id="workload-kind" onchange={on_kind}>
                                    { for WorkloadKind::ALL.into_iter().map(|k| html! {
                                        <option value={k.as_str()} selected={k == workload.kind}>{ k.as_str() }</option>
                                    }) }
                                </select>
                            </label>
                            { text_field("workload-name", "Name", &workload.name, wl(WorkloadEdit::Name)) }
                            { text_field("workload-namespace", "Namespace", &workload.namespace, wl(WorkloadEdit::Namespace)) }
                            { text_field("workload-container", "Container", &workload.container_name, wl(WorkloadEdit::ContainerName)) }
                            { text_field("workload-image", "Image", &workload.image, wl(WorkloadEdit::Image)) }
                            <CommandField id="workload-command" label="Command" value={workload.command.clone()}
                                on_change={props.on_action.reform(|v| Action::Workload(WorkloadEdit::Command(v)))} />
                            { text_field("runtime-class", "runtimeClassName", &workload.runtime_class_name, wl(WorkloadEdit::RuntimeClassName)) }
                            { check_field("include-runtime-class", "Add the RuntimeClass", workload.include_runtime_class, props.on_action.reform(|v| Action::Workload(WorkloadEdit::IncludeRuntimeClass(v)))) }
                        </div>
                        <OutputBlock id="manifest" title="Manifest" text={rendered.manifest.clone()} file_name={file} mime="application/yaml" />
                    </>
                }
            }
            Tab::Containerd => {
                let on_version = props.on_action.reform(|e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    Action::Containerd(ContainerdEdit::Version(select.value().parse().unwrap_or(3)))
                });
                let on_forwarding = props.on_action.reform(|e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    Action::Containerd(ContainerdEdit::Forwarding(
                        if select.value() == "wildcard" {
                            Forwarding::Wildcard
                        } else {
                            Forwarding::Exact
                        },
                    ))
                });
                let on = props.on_action.clone();
                html! {
                    <>
                        <div class="form">
                            <label class="field">
                                <span>{ "Config version" }</span>
                                <select id="containerd-version" onchange={on_version}>
                                    { for [(1u8, "1 (containerd 1.3+)"), (2, "2 (containerd 1.3–1.7)"), (3, "3 (containerd 2.0+)"), (4, "4 (containerd 2.3+)")].into_iter().map(|(v, label)| html! {
                                        <option value={v.to_string()} selected={containerd.config_version == v}>{ label }</option>
                                    }) }
                                </select>
                            </label>
                            <label class="field">
                                <span>{ "pod_annotations" }</span>
                                <select id="containerd-forwarding" onchange={on_forwarding}>
                                    <option value="exact" selected={containerd.forwarding == Forwarding::Exact}>{ "exactly the selected keys" }</option>
                                    <option value="wildcard" selected={containerd.forwarding == Forwarding::Wildcard}>{ "io.katacontainers.* wildcard" }</option>
                                </select>
                            </label>
                            { text_field("containerd-handler", "Handler", &containerd.handler, on.reform(|v| Action::Containerd(ContainerdEdit::Handler(v)))) }
                            { check_field("containerd-runtime-path", "kata-deploy runtime_path", containerd.runtime_path, ctd(ContainerdEdit::RuntimePath)) }
                            { check_field("containerd-config-path", "kata-deploy ConfigPath", containerd.config_path, ctd(ContainerdEdit::ConfigPath)) }
                        </div>
                        <OutputBlock id="containerd" title="containerd runtime" text={rendered.containerd.clone()}
                            file_name={format!("containerd-{}.toml", containerd.handler.trim())} mime="application/toml" />
                    </>
                }
            }
            Tab::Kata => html! {
                <>
                    <p class="hint">{ "Goes to " }<code>{ &rendered.kata_drop_in_path }</code></p>
                    <OutputBlock id="kata" title="Kata drop-in" text={rendered.kata_drop_in.clone()}
                        file_name="50-kata-annotations.toml" mime="application/toml" />
                    <OutputBlock id="helm" title="kata-deploy Helm values" text={rendered.helm_values.clone()}
                        file_name="kata-deploy-values.yaml" mime="application/yaml" />
                </>
            },
            Tab::Crio => html! {
                <OutputBlock id="crio" title="CRI-O" text={rendered.crio.clone()}
                    file_name="99-kata.conf" mime="application/toml" />
            },
        },
    };

    html! {
        <section class="outputs" aria-labelledby="outputs-title">
            <h2 id="outputs-title" class="visually-hidden">{ "Generated files" }</h2>
            <div role="tablist" aria-label="Outputs" class="tabs">{ for tabs }</div>
            <div role="tabpanel" id={format!("panel-{}", props.tab.id())} aria-labelledby={format!("tab-{}", props.tab.id())} class="panel">
                { body }
            </div>
            <details class="apply" open=true>
                <summary>{ "Apply it" }</summary>
                <ol>
                    <li>{ "Kata config tab: save the drop-in at the path shown, on every node (or set the Helm values and upgrade kata-deploy)." }</li>
                    <li>{ "containerd tab: merge the table into " }<code>{ "/etc/containerd/config.toml" }</code>{ " (match its version line), then restart containerd. CRI-O needs no allow-list: see the CRI-O tab." }</li>
                    <li>{ "Manifest tab: " }<code>{ "kubectl apply -f" }</code>{ " the file; new pods pick the settings up (Kata reads them only when a pod starts)." }</li>
                </ol>
            </details>
        </section>
    }
}
