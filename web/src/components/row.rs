//! One catalog row: tick box, key, description, syntax, default, badges;
//! when ticked, the value editor and the findings for that key.

use kata_annotations::badge::badges;
use kata_annotations::catalog;
use kata_annotations::edit::editor_kind;
use kata_annotations::kind::{describe, Kind};
use kata_annotations::target::Target;
use kata_annotations::{Diagnostic, Severity};

use std::sync::Arc;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yewdux::prelude::use_dispatch;

use super::editor::{findings_id, Editor};
use crate::dom;
use crate::row_feed::use_row_feed;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub annotation_key: &'static str,
    /// The shim and release the verdicts are for.
    pub target: Target,
    /// For restricted keys: the node's allow-list patterns.
    pub allowed: Vec<String>,
    /// For hypervisor keys: whether the node's enable_annotations enables it.
    pub enabled: Option<bool>,
    pub on_action: Callback<Action>,
}

/// What the head of a row shows: all of it stays the same while the user
/// types a value, so a keystroke redraws only the editor and the findings.
#[derive(Properties, PartialEq)]
struct HeadProps {
    annotation_key: &'static str,
    target: Target,
    enabled: Option<bool>,
    ticked: bool,
    on_action: Callback<Action>,
}

/// The tick box, the key with its copy button, the description, syntax,
/// default and badges.
#[function_component(RowHead)]
fn row_head(props: &HeadProps) -> Html {
    let copied = use_state(|| false);
    let Some(annotation) = catalog::find(props.annotation_key) else {
        return html! {};
    };
    let key = annotation.key;
    let ticked = props.ticked;
    let removed = annotation.removed_since_at(props.target.version);
    let tick_id = format!("tick-{}", &dom::editor_id(key)[6..]);
    let on_tick = props.on_action.reform(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        Action::Toggle(key, input.checked())
    });
    let on_copy_key = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(dom::copy(key.to_owned()).await.is_ok());
            });
        })
    };
    let syntax =
        editor_kind(annotation, props.target.runtime).map(|k| describe(k, props.target.runtime));
    let badges = badges(annotation, props.target, props.enabled).into_iter().map(|b| {
        html! { <span class={classes!("badge", b.kind.class())} title={b.title}>{ b.text }</span> }
    });
    let short = key
        .strip_prefix(kata_annotations::catalog::KATA_PREFIX)
        .unwrap_or(key);
    html! {
        <div class="row-head">
            <input type="checkbox" id={tick_id.clone()} checked={ticked} disabled={removed.is_some()}
                onchange={on_tick} aria-describedby={format!("{tick_id}-desc")} />
            <div class="row-main">
                <div class="key-line">
                    <label for={tick_id.clone()} class="key"><code>{ short }</code></label>
                    <button type="button" class="icon-button copy-key" onclick={on_copy_key}
                        aria-label={format!("{} key {key}", if *copied { "Copied" } else { "Copy" })} title={key}>
                        { if *copied { "copied" } else { "copy key" } }
                    </button>
                </div>
                <p class="description" id={format!("{tick_id}-desc")}>{ annotation.description }</p>
                <p class="meta">
                    if let Some(syntax) = &syntax { <span class="syntax">{ syntax }</span> }
                    if let Some(default) = annotation.default_for(props.target) {
                        <span class="default">{ "default " }<code>{ default }</code></span>
                    }
                    { for badges }
                </p>
                if let Some(risk) = annotation.risk {
                    <p class="risk"><strong>{ "Risk: " }</strong>{ risk }</p>
                }
                if let Some(differences) = annotation.differences {
                    if ticked { <p class="differences"><strong>{ "Runtimes differ: " }</strong>{ differences }</p> }
                }
            </div>
        </div>
    }
}

#[function_component(Row)]
pub fn row(props: &Props) -> Html {
    let _span = dom::span("kata-view-row");
    // Not a selector per row: the row feed re-renders this row when its
    // key's value or findings change, and the row reads them here.
    use_row_feed(props.annotation_key);
    let state = use_dispatch::<State>().get();
    let value = state.request.annotations.get(props.annotation_key);
    let own_findings = state.verdict.findings(props.annotation_key);
    let Some(annotation) = catalog::find(props.annotation_key) else {
        return html! {};
    };
    let key = annotation.key;
    let own_findings: &[Arc<Diagnostic>] = own_findings.as_deref().unwrap_or_default();
    let ticked = value.is_some();
    let removed = annotation.removed_since_at(props.target.version);
    let findings: Vec<Html> = own_findings
        .iter()
        .map(|d| {
            // The severity in words too: colour alone must not carry it.
            html! {
                <li class={classes!("finding", d.severity.as_str())}>
                    <span class="severity">{ d.severity.as_str() }</span>{ " " }
                    <span class="code">{ d.code.as_str() }</span>{ " " }{ &d.message }
                </li>
            }
        })
        .collect();
    html! {
        <li class={classes!("row", ticked.then_some("ticked"), removed.map(|_| "removed"))} data-key={key}>
            <RowHead annotation_key={key} target={props.target} enabled={props.enabled} {ticked}
                on_action={props.on_action.clone()} />
            if let Some(value) = value {
                <div class="editor">
                    <Editor annotation_key={key} value={value.clone()}
                        kind={editor_kind(annotation, props.target.runtime).unwrap_or(Kind::Text)}
                        allowed={annotation.allow_list().map(|_| props.allowed.clone()).unwrap_or_default()}
                        invalid={own_findings.iter().any(|d| d.severity == Severity::Error)}
                        on_action={props.on_action.clone()} />
                    // Always there while ticked: the editor points at it
                    // (aria-describedby) and a live region must exist before
                    // its content changes to be announced.
                    <ul class="findings" id={findings_id(key)} role="list" aria-live="polite">{ for findings }</ul>
                </div>
            }
        </li>
    }
}
