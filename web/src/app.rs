//! The root component and the page's store: the state lives in a yewdux
//! store, the reducer asks core for the verdict when the request changes,
//! and each component selects what it shows. The root only lays out the
//! page and starts the saving (`saving`). The outputs render themselves, each only while
//! its tab is open (`components::outputs`).
//!
//! The app never validates or formats on its own: every rule and every
//! generated text comes from `kata_annotations`.

use std::rc::Rc;

use yew::prelude::*;
use yew::Reducible;
use yewdux::prelude::{use_dispatch, Reducer, Store};

use crate::components::catalog::Catalog;
use crate::components::imported_file::ImportedFilePanel;
use crate::components::kernel_cmdline::KernelCmdline;
use crate::components::outputs::Outputs;
use crate::components::problems::Problems;
use crate::components::target_bar::TargetBar;
use crate::components::toolbar::Toolbar;
use crate::components::vm_size::VmSizePanel;
use crate::dom;
use crate::row_feed;
use crate::saving;
use crate::state::{Action, State};

/// The page's store: components select the part of the state they show,
/// so an edit of one value re-renders that key's row and the outputs, not
/// the page.
impl Store for State {
    fn new(_: &yewdux::Context) -> Self {
        saving::initial_state()
    }

    fn should_notify(&self, old: &Self) -> bool {
        self.differs_from(old)
    }
}

impl Reducer<State> for Action {
    fn apply(self, state: Rc<State>) -> Rc<State> {
        dom::timed("kata-reduce", || state.reduce(self))
    }
}

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let _span = dom::span("kata-view-app");
    let dispatch = use_dispatch::<State>();
    // Kept for the page's life: dropping them ends the subscriptions.
    let _saver = use_memo((), {
        let dispatch = dispatch.clone();
        move |()| (saving::start(dispatch.clone()), row_feed::start(dispatch))
    });
    // One callback for the page's life: components compare props, and a new
    // callback every render would re-render them all.
    let on_action: Callback<Action> = (*use_memo((), move |()| {
        dispatch.apply_callback(|action: Action| action)
    }))
    .clone();
    // Marks the first render for the performance report (`cargo xtask perf`).
    use_effect_with((), |()| dom::mark("kata-interactive"));

    html! {
        <div class="app">
            <TargetBar on_action={on_action.clone()} />
            <Toolbar on_action={on_action.clone()} />
            <main class="layout">
                <section class="pane catalog-pane" aria-label="Annotations">
                    <Catalog on_action={on_action.clone()} />
                </section>
                <section class="pane output-pane" aria-label="Outputs and problems">
                    <Problems on_action={on_action.clone()} />
                    <VmSizePanel />
                    <KernelCmdline />
                    <ImportedFilePanel on_action={on_action.clone()} />
                    <Outputs on_action={on_action} />
                </section>
            </main>
        </div>
    }
}
