//! The root component and the page's store: the state lives in a yewdux
//! store, the reducer asks core for the verdict when the request changes,
//! and each component selects what it shows. The root only lays out the
//! page and saves changes. The outputs render themselves, each only while
//! its tab is open (`components::outputs`).
//!
//! The app never validates or formats on its own: every rule and every
//! generated text comes from `kata_annotations`.

use std::cell::RefCell;
use std::rc::Rc;

use kata_annotations::{share, Request};
use yew::prelude::*;
use yew::Reducible;
use yewdux::prelude::{use_dispatch, Dispatch, Reducer, Store};

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
use crate::state::{Action, Notice, State};

/// The state to start from: a shared link wins, then the last session; a
/// deep link to one key (`#key=…`, from the documentation) ticks that key in
/// the last session's state and moves focus to its editor.
fn initial_state() -> State {
    match dom::fragment().as_deref().map(share::linked_key) {
        Some(Ok(Some(key))) => {
            dom::focus_soon(dom::editor_id(key));
            let state = Rc::new(stored().unwrap_or_default()).reduce(Action::Toggle(key, true));
            return Rc::unwrap_or_clone(state);
        }
        Some(Err(error)) => {
            return State {
                notice: Some(Notice {
                    text: format!("Could not open the link: {error}"),
                    error: true,
                }),
                ..stored().unwrap_or_default()
            };
        }
        Some(Ok(None)) | None => {}
    }
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

/// The page's store: components select the part of the state they show,
/// so an edit of one value re-renders that key's row and the outputs, not
/// the page.
impl Store for State {
    fn new(_: &yewdux::Context) -> Self {
        initial_state()
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

/// Saves the request in the next task after each change, once for a burst
/// of changes made in one task; and the request the page opened with, so a
/// state that came from a link is in storage too.
///
/// Every change goes to the URL fragment (for sharing) and local storage,
/// but not on the edit's own path: encoding the state and writing the
/// history entry and storage cost more than the edit itself. Nothing waits
/// long enough for a reload or a "Copy link" to see an old state.
fn save_later(dispatch: Dispatch<State>) -> Dispatch<State> {
    let unsaved = Rc::new(RefCell::new(None::<Rc<Request>>));
    let last = RefCell::new(None::<Rc<Request>>);
    dispatch.subscribe(move |state: Rc<State>| {
        // By pointer: the reducer keeps the request's `Rc` when it does not
        // change, and a deep compare of a hundred annotations per edit would
        // cost more than the rare save of an equal request.
        if last
            .borrow()
            .as_ref()
            .is_some_and(|last| Rc::ptr_eq(last, &state.request))
        {
            return;
        }
        last.replace(Some(state.request.clone()));
        let first = unsaved
            .borrow_mut()
            .replace(state.request.clone())
            .is_none();
        if first {
            let unsaved = unsaved.clone();
            dom::later(move || {
                if let Some(request) = unsaved.borrow_mut().take() {
                    dom::timed("kata-save", || persist(&request));
                }
            });
        }
    })
}

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let _span = dom::span("kata-view-app");
    let dispatch = use_dispatch::<State>();
    // Kept for the page's life: dropping them ends the subscriptions.
    let _saver = use_memo((), {
        let dispatch = dispatch.clone();
        move |()| (save_later(dispatch.clone()), row_feed::start(dispatch))
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
