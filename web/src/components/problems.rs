//! The problems panel: every finding with its code and gate; choosing one
//! moves focus to the field it is about.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use kata_annotations::diagnostic::Position;
use kata_annotations::{Diagnostic, Severity};
use yew::prelude::*;
use yewdux::prelude::use_selector;

use crate::dom;
use crate::state::{Action, State, Verdict};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// How many findings one [`ProblemChunk`] draws.
const CHUNK: usize = 16;

/// What the panel shows of the state.
struct Shown {
    /// Core's verdict.
    verdict: Verdict,
    /// Lint findings from the last import.
    import_findings: Vec<Diagnostic>,
    /// Where the edited workload's keys are written in the imported file.
    positions: BTreeMap<String, Position>,
}

/// The verdict compares by identity: the store keeps it while it stays the
/// same, so a new one is a changed one and a hundred findings need no
/// comparing on each edit.
impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        self.verdict.is(&other.verdict)
            && self.import_findings == other.import_findings
            && self.positions == other.positions
    }
}

#[derive(Properties, PartialEq)]
struct ProblemProps {
    /// Compared by pointer first: the verdict keeps a finding that did
    /// not change.
    diagnostic: Arc<Diagnostic>,
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

/// A run of consecutive findings, drawn as one component so that an edit
/// which changes one finding re-renders its run, not every finding: the
/// panel keeps a run's `Rc` while the run's findings stay the same.
#[derive(Properties)]
struct ChunkProps {
    items: Rc<[Arc<Diagnostic>]>,
    /// Where the edited workload's keys are written in the imported file.
    positions: Rc<BTreeMap<String, Position>>,
    on_action: Callback<Action>,
}

/// A run compares by identity ([`chunks`] keeps the `Rc` of a run that did
/// not change), so the runs an edit left alone cost a pointer compare each.
impl PartialEq for ChunkProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.items, &other.items)
            && self.positions == other.positions
            && self.on_action == other.on_action
    }
}

#[function_component(ProblemChunk)]
fn problem_chunk(props: &ChunkProps) -> Html {
    let items = props.items.iter().enumerate().map(|(i, d)| {
        // Import findings carry their own place (any workload of the file);
        // live findings are placed by the edited workload's keys.
        let position = d.position.or_else(|| {
            d.key
                .as_ref()
                .and_then(|key| props.positions.get(key).copied())
        });
        html! { <Problem key={i} diagnostic={d.clone()} {position} on_action={props.on_action.clone()} /> }
    });
    html! { <>{ for items }</> }
}

/// `diagnostics` cut into runs of [`CHUNK`], each run taken from `previous`
/// when it holds the same findings there.
fn chunks(
    diagnostics: &[Arc<Diagnostic>],
    previous: &[Rc<[Arc<Diagnostic>]>],
) -> Vec<Rc<[Arc<Diagnostic>]>> {
    diagnostics
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, run)| match previous.get(i) {
            Some(old) if **old == *run => old.clone(),
            _ => run.into(),
        })
        .collect()
}

#[function_component(Problems)]
pub fn problems(props: &Props) -> Html {
    let _span = dom::span("kata-view-problems");
    let shown = use_selector(|s: &State| Shown {
        verdict: s.verdict.clone(),
        import_findings: s.import_findings.clone(),
        positions: s
            .imported
            .as_ref()
            .and_then(|file| file.chosen())
            .map(|w| w.positions.clone())
            .unwrap_or_default(),
    });
    let diagnostics: Vec<Arc<Diagnostic>> = shown
        .import_findings
        .iter()
        .map(|d| Arc::new(d.clone()))
        .chain(shown.verdict.report.iter().cloned())
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
    let runs = use_mut_ref(Vec::new);
    let current = chunks(&diagnostics, &runs.borrow());
    *runs.borrow_mut() = current.clone();
    let positions = Rc::new(shown.positions.clone());
    let items = current.into_iter().enumerate().map(|(i, items)| {
        html! { <ProblemChunk key={i} {items} positions={positions.clone()} on_action={props.on_action.clone()} /> }
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

#[cfg(test)]
mod tests {
    use super::*;
    use kata_annotations::diagnostic::Code;

    fn finding(n: usize) -> Diagnostic {
        Diagnostic::new(
            Code::Risk,
            Some(&format!("key-{n}")),
            format!("finding {n}"),
        )
    }

    #[test]
    fn runs_whose_findings_did_not_change_keep_their_rc() {
        let list: Vec<Arc<Diagnostic>> = (0..40).map(|n| Arc::new(finding(n))).collect();
        let first = chunks(&list, &[]);
        assert_eq!(
            first.iter().map(|c| c.len()).collect::<Vec<_>>(),
            [16, 16, 8]
        );

        // Equal findings in new `Arc`s count as the same: the import's are
        // made anew on each render.
        let mut edited: Vec<Arc<Diagnostic>> =
            list.iter().map(|d| Arc::new((**d).clone())).collect();
        edited[20] = Arc::new(finding(99));
        let second = chunks(&edited, &first);
        assert!(Rc::ptr_eq(&first[0], &second[0]));
        assert!(!Rc::ptr_eq(&first[1], &second[1]));
        assert_eq!(*second[1][4], finding(99));
        assert!(Rc::ptr_eq(&first[2], &second[2]));

        // One finding fewer shifts every run after it.
        let third = chunks(&list[1..], &first);
        assert!(third.iter().zip(&first).all(|(a, b)| !Rc::ptr_eq(a, b)));
        assert_eq!(third.iter().map(|c| c.len()).sum::<usize>(), 39);
    }
}
