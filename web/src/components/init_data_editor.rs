//! The init-data editor: write the TOML document and get the
//! `cc_init_data` value and its digest, or paste a value and see its
//! document. Core encodes, decodes and checks (`init_data`).

use std::rc::Rc;

use kata_annotations::init_data::{annotation_key, decode, encode, InitData, KEYS};
use kata_annotations::target::Target;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;
use yewdux::prelude::use_selector;

use super::outputs::copy_and_download;
use crate::state::{Action, State};

/// A document to start from: the three files the guest reads.
const TEMPLATE: &str = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n\"aa.toml\" = '''\n'''\n\n\"cdh.toml\" = '''\n'''\n\n\"policy.rego\" = '''\n'''\n";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// What the editor shows of the state.
#[derive(PartialEq)]
struct Shown {
    draft: Option<Rc<str>>,
    target: Target,
    /// The init-data keys the selection sets, with their values.
    set: Vec<(String, String)>,
}

fn warnings(list: &[String]) -> Html {
    if list.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="findings" role="list">
            { for list.iter().map(|w| html! {
                <li class="finding warning"><span class="severity">{ "warning" }</span>{ " " }{ w }</li>
            }) }
        </ul>
    }
}

fn digest(data: &InitData) -> Html {
    let Some(d) = &data.digest else {
        return html! { <p class="hint">{ "No digest: the document names no algorithm the runtimes know." }</p> };
    };
    html! {
        <dl class="digest" id="init-data-digest">
            <dt>{ format!("{} of the document", d.algorithm) }</dt><dd><code id="init-data-hex">{ &d.hex }</code></dd>
            <dt>{ "TDX mrconfigid (48 bytes)" }</dt><dd><code>{ &d.tdx_mrconfigid }</code></dd>
            <dt>{ "SNP host_data (32 bytes)" }</dt><dd><code>{ &d.snp_host_data }</code></dd>
        </dl>
    }
}

/// The editor, in the Init data tool panel.
#[function_component(InitDataEditor)]
pub fn init_data_editor(props: &Props) -> Html {
    let shown = use_selector(|s: &State| Shown {
        draft: s.init_data_draft.clone(),
        target: s.request.target(),
        set: s
            .request
            .annotations
            .iter()
            .filter(|(k, _)| KEYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    });
    let status = use_state(String::new);
    let pasted = use_state(String::new);
    let decoded = use_state(|| None::<Result<Vec<String>, String>>);
    let toml: Rc<str> = shown.draft.clone().unwrap_or_else(|| TEMPLATE.into());
    let encoded = use_memo(toml.clone(), |toml| encode(toml).map_err(|e| e.to_string()));
    let key = annotation_key(shown.target);
    let on_toml = props.on_action.reform(|e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        Action::InitDataDraft(area.value())
    });
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let on_decode = {
        let (pasted, decoded, on_action) =
            (pasted.clone(), decoded.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| match decode(&pasted) {
            Ok(data) => {
                on_action.emit(Action::InitDataDraft(data.toml));
                decoded.set(Some(Ok(data.warnings)));
            }
            Err(e) => decoded.set(Some(Err(e.to_string()))),
        })
    };
    let key_note = match key {
        Some(key) => {
            let wrong: Vec<&str> = shown
                .set
                .iter()
                .map(|(k, _)| k.as_str())
                .filter(|k| *k != key)
                .collect();
            html! {
                <p class="hint" id="init-data-key">
                    { format!("Kata {} with the {} reads ", shown.target.version, shown.target.runtime.label()) }
                    <code>{ key }</code>{ "." }
                    if !wrong.is_empty() {
                        <strong class="key-warning">{ format!(" The selection sets {} instead, which it does not read.", wrong.join(", ")) }</strong>
                    }
                </p>
            }
        }
        None => html! {
            <p class="hint" id="init-data-key">{ format!("Kata {} with the {} reads no init data.", shown.target.version, shown.target.runtime.label()) }</p>
        },
    };
    let result = match &*encoded {
        Ok(data) => {
            let use_it = props.on_action.reform({
                let value = data.value.clone();
                move |_: MouseEvent| Action::UseInitData(value.clone())
            });
            html! {
                <>
                    { warnings(&data.warnings) }
                    <div class="output-head">
                        <h4 id="init-data-value-title">{ "cc_init_data value (gzip, then base64, one line)" }</h4>
                        { copy_and_download("init-data", "initdata.b64", &data.value.clone().into(), "text/plain", &status) }
                    </div>
                    <pre id="init-data-encoded" class="code wrap" tabindex="0" role="region"
                        aria-labelledby="init-data-value-title"><code>{ &data.value }</code></pre>
                    { digest(data) }
                    if key.is_some() {
                        <button type="button" id="init-data-use" onclick={use_it}>{ "Use as the annotation" }</button>
                    }
                    <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
                </>
            }
        }
        Err(e) => html! { <p class="render-error" role="alert">{ e }</p> },
    };
    let decode_result = match &*decoded {
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="status" id="init-data-decoded">{ "Decoded into the document above." }</p> }
        }
        Some(Ok(list)) => html! { <div id="init-data-decoded">{ warnings(list) }</div> },
        Some(Err(e)) => {
            html! { <p class="render-error" id="init-data-decoded" role="alert">{ e }</p> }
        }
        None => Html::default(),
    };
    html! {
        <div class="init-data">
            { key_note }
            <label class="paste" for="init-data-toml">
                <span>{ "Init-data document (TOML: version, algorithm, [data] with aa.toml, cdh.toml, policy.rego)" }</span>
            </label>
            <textarea id="init-data-toml" rows="10" spellcheck="false" value={toml.to_string()} oninput={on_toml} />
            { result }
            <label class="paste" for="init-data-paste"><span>{ "Or paste a cc_init_data value to see its document" }</span></label>
            <textarea id="init-data-paste" rows="3" spellcheck="false" value={(*pasted).clone()} oninput={on_paste} />
            <button type="button" id="init-data-decode" onclick={on_decode}>{ "Decode" }</button>
            { decode_result }
        </div>
    }
}
