//! The problems panel: every finding with its code and gate; choosing one
//! moves focus to the field it is about.

use std::collections::BTreeMap;
use std::rc::Rc;

use kata_annotations::diagnostic::Position;
use kata_annotations::{Diagnostic, Report, Severity};
use yew::prelude::*;
use yewdux::prelude::use_selector;

use crate::dom;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// What the panel shows of the state.
#[derive(PartialEq)]
struct Shown {
    report: Rc<Report>,
    /// Lint findings from the last import.
    import_findings: Vec<Diagnostic>,
    /// Where the edited workload's keys are written in the imported file.
    positions: BTreeMap<String, Position>,
}

#[derive(Properties, PartialEq)]
struct ProblemProps {
    diagnostic: Diagnostic,
    /// Where the key is in the imported file, if it came from one.
    position: Option<Position>,
    on_action: Callback<Action>,
}

/// One finding: a button that moves focus to the field it is about.
#[function_component(Problem)]
fn problem(props: &ProblemProps) -> Html {
    let d = &props.diagnostic;
    let key = d.key.clone();
    let on_action = props.on_action.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        let Some(key) = &key else { return };
        let id = dom::editor_id(key);
        if !dom::exists(&id) && crate::state::is_catalog_key(key) {
            // The field is hidden by the search or a closed group: show its row first.
            on_action.emit(Action::SetSearch(key.clone()));
        }
        dom::focus_soon(id);
    });
    let severity = d.severity.as_str();
    html! {
        <li class={classes!("problem", severity)}>
            <button type="button" class="problem-button" {onclick}>
                <span class="severity">{ severity }</span>
                <span class="code">{ d.code.as_str() }</span>
                <span class="gate">{ d.gate.label() }</span>
                if let Some(key) = &d.key {
                    <code class="problem-key">{ key.strip_prefix(kata_annotations::catalog::KATA_PREFIX).unwrap_or(key) }</code>
                }
                if let Some(at) = props.position {
                    <span class="where" title="Where the key is written in the imported file">
                        { format!("line {}, col {}", at.line, at.column) }
                    </span>
                }
                <span class="message">{ &d.message }</span>
            </button>
        </li>
    }
}

#[function_component(Problems)]
pub fn problems(props: &Props) -> Html {
    let _span = dom::span("kata-view-problems");
    let shown = use_selector(|s: &State| Shown {
        report: s.verdict.report.clone(),
        import_findings: s.import_findings.clone(),
        positions: s
            .imported
            .as_ref()
            .and_then(|file| file.chosen())
            .map(|w| w.positions.clone())
            .unwrap_or_default(),
    });
    let diagnostics: Vec<&Diagnostic> = shown
        .import_findings
        .iter()
        .chain(shown.report.diagnostics.iter())
        .collect();
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let summary = if errors + warnings == 0 {
        "No problems: the runtime will accept and apply this selection.".to_owned()
    } else {
        format!("{errors} error(s), {warnings} warning(s)")
    };
    // Each finding is its own component, so an edit re-renders only the
    // findings that changed, not the whole list.
    let items = diagnostics.iter().enumerate().map(|(i, &d)| {
        // Import findings carry their own place (any workload of the file);
        // live findings are placed by the edited workload's keys.
        let position = d.position.or_else(|| {
            d.key
                .as_ref()
                .and_then(|key| shown.positions.get(key).copied())
        });
        html! { <Problem key={i} diagnostic={d.clone()} {position} on_action={props.on_action.clone()} /> }
    });
    html! {
        <section class="problems" aria-labelledby="problems-title">
            <h2 id="problems-title">{ "Problems" }
                <span class="counts">{ format!(" {errors} · {warnings} · {infos} notes") }</span>
            </h2>
            <p id="problems-summary" class={classes!("summary", (errors == 0).then_some("clean"))} role="status">{ summary }</p>
            if !diagnostics.is_empty() {
                <ul id="problems-list" role="list">{ for items }</ul>
            }
            if !shown.import_findings.is_empty() {
                <button type="button" class="small" id="dismiss-import"
                    onclick={props.on_action.reform(|_: MouseEvent| Action::Dismiss)}>
                    { format!("Clear the {} import finding(s)", shown.import_findings.len()) }
                </button>
            }
        </section>
    }
}
