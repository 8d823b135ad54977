//! The tool row: presets, import, node policy, share and reset, with their
//! panels and the message about the last action.

use kata_annotations::presets::{self, PRESETS};
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use yewdux::prelude::use_selector;

use super::init_data_editor::InitDataEditor;
use super::policy_unlocks::PolicyUnlocks;
use crate::dom;
use crate::state::{Action, Notice, Panel, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// What the tool row shows of the state.
#[derive(PartialEq)]
struct Shown {
    panel: Panel,
    notice: Option<Notice>,
    pending_preset: Option<&'static str>,
    custom_policy: bool,
    selected: usize,
}

fn panel_button(
    label: &'static str,
    id: &'static str,
    panel: Panel,
    open: Panel,
    on_action: &Callback<Action>,
) -> Html {
    let expanded = panel == open;
    html! {
        <button type="button" id={format!("open-{id}")} aria-expanded={expanded.to_string()}
            aria-controls={format!("panel-tool-{id}")}
            onclick={on_action.reform(move |_: MouseEvent| Action::TogglePanel(panel))}>
            { label }
        </button>
    }
}

/// A text area that also takes a dropped file; `submit` receives the text.
#[derive(Properties, PartialEq)]
struct PasteProps {
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    button: &'static str,
    submit: Callback<String>,
    on_action: Callback<Action>,
}

#[function_component(PasteBox)]
fn paste_box(props: &PasteProps) -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let submit = props.submit.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let submit = submit.clone();
            let on_action = on_action.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(value) => submit.emit(value.as_string().unwrap_or_default()),
                    Err(_) => on_action.emit(Action::Notify(
                        "Cannot read the dropped file as text.".into(),
                        true,
                    )),
                }
            });
        })
    };
    let onclick = {
        let text = text.clone();
        let submit = props.submit.clone();
        Callback::from(move |_: MouseEvent| submit.emit((*text).clone()))
    };
    html! {
        <div class="paste">
            <label for={props.id}>{ props.label }</label>
            <textarea id={props.id} rows="8" spellcheck="false" placeholder={props.placeholder}
                value={(*text).clone()} {oninput} {ondragover} {ondrop} />
            <button type="button" id={format!("{}-submit", props.id)} {onclick}>{ props.button }</button>
        </div>
    }
}

#[function_component(Toolbar)]
pub fn toolbar(props: &Props) -> Html {
    let shown = use_selector(|s: &State| Shown {
        panel: s.panel,
        notice: s.notice.clone(),
        pending_preset: s.pending_preset,
        custom_policy: s.request.policy.is_some(),
        selected: s.request.annotations.len(),
    });
    let on = &props.on_action;
    let copy_link = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| {
            let on = on.clone();
            // The fragment follows edits after a pause: bring it up to date.
            crate::saving::flush();
            let Some(link) = dom::href() else { return };
            wasm_bindgen_futures::spawn_local(async move {
                let message = match dom::copy(link).await {
                    Ok(()) => (
                        "Link copied: it holds the whole configuration.".to_owned(),
                        false,
                    ),
                    Err(e) => (
                        format!("Copy failed: {e}. Copy the address bar instead."),
                        true,
                    ),
                };
                on.emit(Action::Notify(message.0, message.1));
            });
        })
    };
    let reset = on.reform(|_: MouseEvent| {
        dom::clear_fragment();
        dom::clear_stored_state();
        Action::Reset
    });
    let panel = match shown.panel {
        Panel::Closed => html! {},
        Panel::Presets => html! {
            <div class="tool-panel" id="panel-tool-presets" role="region" aria-label="Presets">
                <ul class="presets" role="list">
                    { for PRESETS.iter().map(|p| {
                        let id = p.id;
                        html! {
                            <li>
                                <button type="button" id={format!("preset-{id}")}
                                    onclick={on.reform(move |_: MouseEvent| Action::ApplyPreset(id))}>{ p.title }</button>
                                <span class="preset-description">{ p.description }</span>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        },
        Panel::Import => html! {
            <div class="tool-panel" id="panel-tool-import" role="region" aria-label="Import a manifest">
                <PasteBox id="import-text" label="Paste or drop a manifest (Pod, Deployment, … or a List; several documents are fine)"
                    placeholder="apiVersion: v1\nkind: Pod\n…" button="Import"
                    submit={on.reform(Action::Import)} on_action={on.clone()} />
            </div>
        },
        Panel::Policy => html! {
            <div class="tool-panel" id="panel-tool-policy" role="region" aria-label="Node policy">
                <PasteBox id="policy-text" label="Paste the node's Kata configuration.toml or a config.d drop-in"
                    placeholder="[hypervisor.qemu]\nenable_annotations = [\"enable_iommu\"]" button="Use this policy"
                    submit={on.reform(Action::PastePolicy)} on_action={on.clone()} />
                if shown.custom_policy {
                    <button type="button" id="policy-reset" onclick={on.reform(|_: MouseEvent| Action::ResetPolicy)}>
                        { "Back to the shipped defaults" }
                    </button>
                }
                <PolicyUnlocks />
            </div>
        },
        Panel::InitData => html! {
            <div class="tool-panel" id="panel-tool-init-data" role="region" aria-label="Init data">
                <InitDataEditor on_action={on.clone()} />
            </div>
        },
    };
    let confirm = shown.pending_preset.and_then(presets::find).map(|preset| html! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
            <p id="confirm-text">{ format!("Replace your {} selected annotation(s) with the preset \"{}\"?", shown.selected, preset.title) }</p>
            <button type="button" id="confirm-yes" onclick={on.reform(|_: MouseEvent| Action::ConfirmPreset(true))}>{ "Replace" }</button>
            <button type="button" id="confirm-no" onclick={on.reform(|_: MouseEvent| Action::ConfirmPreset(false))}>{ "Keep mine" }</button>
        </div>
    });
    html! {
        <div class="toolbar-wrap">
            <div class="toolbar" role="toolbar" aria-label="Tools">
                { panel_button("Presets", "presets", Panel::Presets, shown.panel, on) }
                { panel_button("Import…", "import", Panel::Import, shown.panel, on) }
                { panel_button("Node policy…", "policy", Panel::Policy, shown.panel, on) }
                { panel_button("Init data…", "init-data", Panel::InitData, shown.panel, on) }
                <button type="button" id="copy-link" onclick={copy_link}>{ "Copy link" }</button>
                <button type="button" id="reset" onclick={reset}>{ "Reset" }</button>
            </div>
            { panel }
            { for confirm }
            if let Some(notice) = &shown.notice {
                <p id="notice" class={classes!("notice", notice.error.then_some("error"))}
                    role={if notice.error { "alert" } else { "status" }}>
                    { &notice.text }
                    <button type="button" class="icon-button" aria-label="Dismiss"
                        onclick={on.reform(|_: MouseEvent| Action::Dismiss)}>{ "dismiss" }</button>
                </p>
            }
        </div>
    }
}
