//! The root component: holds the state, asks core for the verdict and the
//! outputs (memoised on the request), and lays out the page.
//!
//! The app never validates or formats on its own: every rule and every
//! generated text comes from `kata_annotations`.

use std::rc::Rc;

use kata_annotations::{render, validate, Rendered, Report};
use yew::prelude::*;

use crate::components::catalog::Catalog;
use crate::components::outputs::Outputs;
use crate::components::problems::Problems;
use crate::components::target_bar::TargetBar;
use crate::state::{Action, State};

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let on_action = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let report: Rc<Report> = use_memo(state.request.clone(), validate);
    let rendered: Rc<Result<Rendered, String>> = use_memo(state.request.clone(), |request| {
        render(request).map_err(|e| e.to_string())
    });

    html! {
        <div class="app">
            <TargetBar request={state.request.clone()} on_action={on_action.clone()} />
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
                    <Problems report={report.clone()} />
                    <Outputs
                        request={state.request.clone()}
                        rendered={rendered}
                        tab={state.tab}
                        on_action={on_action}
                    />
                </section>
            </main>
        </div>
    }
}
