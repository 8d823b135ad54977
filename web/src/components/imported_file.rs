//! The imported file: which of its workloads the form edits, and the whole
//! file back with that workload's annotations set to the selection (core's
//! `import::export_file`), to copy or download.

use std::collections::BTreeMap;
use std::rc::Rc;

use kata_annotations::import::export_file;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yewdux::prelude::use_selector;

use super::outputs::copy_and_download;
use crate::state::{Action, ImportedFile, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// What the panel shows of the state.
#[derive(PartialEq)]
struct Shown {
    file: Option<Rc<ImportedFile>>,
    annotations: BTreeMap<String, String>,
}

/// The imported file, while there is one.
#[function_component(ImportedFilePanel)]
pub fn imported_file_panel(props: &Props) -> Html {
    let shown = use_selector(|s: &State| Shown {
        file: s.imported.clone(),
        annotations: s
            .imported
            .as_ref()
            .map(|_| s.request.annotations.clone())
            .unwrap_or_default(),
    });
    let status = use_state(String::new);
    let exported = use_memo(
        (shown.file.clone(), shown.annotations.clone()),
        |(file, annotations)| {
            let file = file.as_ref()?;
            let workload = file.chosen()?;
            Some(export_file(&file.text, workload, annotations).map_err(|e| e.to_string()))
        },
    );
    let Some(file) = &shown.file else {
        return Html::default();
    };
    let on_choose = props.on_action.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        Action::ChooseWorkload(select.value().parse().unwrap_or_default())
    });
    let options = file.workloads.iter().enumerate().map(|(i, w)| {
        let label = format!("{}. {} {}", i + 1, w.kind.as_str(), w.name);
        html! { <option value={i.to_string()} selected={i == file.chosen}>{ label }</option> }
    });
    let body = match &*exported {
        Some(Ok(text)) => html! {
            <>
                { copy_and_download("imported-file", "manifest.yaml", &text.clone().into(), "application/yaml", &status) }
                <pre id="output-imported-file" class="code" tabindex="0" role="region"
                    aria-labelledby="imported-file-title"><code>{ text }</code></pre>
            </>
        },
        Some(Err(error)) => html! {
            <p id="error-imported-file" class="render-error" role="alert">{ error }</p>
        },
        None => Html::default(),
    };
    html! {
        <section class="imported-file" id="imported-file" aria-labelledby="imported-file-title">
            <div class="output-head">
                <h2 id="imported-file-title">{ "Imported file" }</h2>
                <button type="button" class="small" id="forget-import"
                    onclick={props.on_action.reform(|_: MouseEvent| Action::ForgetImport)}>{ "Forget the file" }</button>
            </div>
            <label class="field">
                <span>{ format!("Workload to edit ({} in the file)", file.workloads.len()) }</span>
                <select id="import-workload" onchange={on_choose}>{ for options }</select>
            </label>
            <p class="hint">
                { "The file below is the pasted one with this workload's pod-template annotations set to the selection; every other document stays as pasted (this workload's own document is written again, without its comments)." }
            </p>
            { body }
            <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
        </section>
    }
}
