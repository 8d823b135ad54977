//! The root component: holds the state, asks core for the verdict (memoised
//! on the request), and lays out the page. The outputs render themselves,
//! each only while its tab is open (`components::outputs`).
//!
//! The app never validates or formats on its own: every rule and every
//! generated text comes from `kata_annotations`.

use std::rc::Rc;

use kata_annotations::validate::Validator;
use kata_annotations::{share, Report, Request};
use yew::prelude::*;

use crate::components::catalog::Catalog;
use crate::components::outputs::Outputs;
use crate::components::problems::Problems;
use crate::components::target_bar::TargetBar;
use crate::components::toolbar::Toolbar;
use crate::dom;
use crate::state::{Action, Notice, State};

/// The state to start from: a shared link wins, then the last session.
fn initial_state() -> State {
    if let Some(text) = dom::fragment_state() {
        return match share::decode(&text) {
            Ok(request) => State::with_request(request),
            Err(error) => State {
                notice: Some(Notice {
                    text: format!("Could not open the link: {error}"),
                    error: true,
                }),
                ..stored().unwrap_or_default()
            },
        };
    }
    stored().unwrap_or_default()
}

fn stored() -> Option<State> {
    dom::stored_state()
        .and_then(|text| share::decode(&text).ok())
        .map(State::with_request)
}

/// Saves `request` in the URL fragment and local storage. The default request
/// is stored as nothing, so Reset leaves an empty fragment and storage, and a
/// fresh page has nothing to restore.
fn persist(request: &Request) {
    if *request == Request::default() {
        dom::clear_fragment();
        dom::clear_stored_state();
    } else if let Ok(text) = share::encode(request) {
        dom::set_fragment_state(&text);
        dom::store_state(&text);
    }
}

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let _span = dom::span("kata-view-app");
    let state = use_reducer(initial_state);
    // Every change goes to the URL fragment (for sharing) and local storage,
    // but not on the edit's own path: encoding the state and writing the
    // history entry and storage cost more than the edit itself, so they run
    // in the next task, once for a burst of edits made in one task, after
    // the edit has reached the page. Nothing waits long enough for a reload
    // or a "Copy link" to see an old state.
    let unsaved = use_mut_ref(|| None::<Rc<Request>>);
    use_effect_with(state.request.clone(), {
        let unsaved = unsaved.clone();
        move |request| {
            let first = unsaved.borrow_mut().replace(request.clone()).is_none();
            if first {
                dom::later(move || {
                    if let Some(request) = unsaved.borrow_mut().take() {
                        dom::timed("kata-save", || persist(&request));
                    }
                });
            }
        }
    });
    // One callback for the page's life: rows compare props, and a new
    // callback every render would re-render every row on every edit.
    let on_action: Callback<Action> = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |()| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };
    // Marks the first render for the performance report (`cargo xtask perf`).
    use_effect_with((), |()| dom::mark("kata-interactive"));
    // Core remembers each key's findings between edits, so an edit checks
    // only the key it changed (plus the rules across keys).
    let validator = use_mut_ref(Validator::default);
    let report: Rc<Report> = use_memo(state.request.clone(), move |request| {
        dom::timed("kata-validate", || validator.borrow_mut().validate(request))
    });

    html! {
        <div class="app">
            <TargetBar request={state.request.clone()} policy_source={state.policy_source.clone()} on_action={on_action.clone()} />
            <Toolbar panel={state.panel} notice={state.notice.clone()} pending_preset={state.pending_preset}
                custom_policy={state.request.policy.is_some()} selected={state.request.annotations.len()}
                on_action={on_action.clone()} />
            <main class="layout">
                <section class="pane catalog-pane" aria-label="Annotations">
                    <Catalog
                        request={state.request.clone()}
                        report={report.clone()}
                        search={state.search.clone()}
                        on_action={on_action.clone()}
                    />
                </section>
                <section class="pane output-pane" aria-label="Outputs and problems">
                    <Problems report={report.clone()} import_findings={state.import_findings.clone()} on_action={on_action.clone()} />
                    <Outputs
                        request={state.request.clone()}
                        tab={state.tab}
                        on_action={on_action}
                    />
                </section>
            </main>
        </div>
    }
}
