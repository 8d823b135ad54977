//! Where the page keeps its state between visits: local storage (the last
//! state, for a page opened without a link) and the tab's memory (session
//! storage, for a reload), written in the task after each change, and the
//! URL fragment (the shareable link), written once changes pause.
//!
//! Why the fragment waits: `history.replaceState` costs the browser several
//! milliseconds, and done after every keystroke it landed on the next
//! keystroke's path (an edit's p95 was 3.6 ms with it, 1.7 ms without; step
//! 27 of `docs/performance.md`). So the fragment follows [`FRAGMENT_PAUSE_MS`]
//! after the last change, at once before a link is copied, and at once when
//! the state goes back to the default (Reset).
//!
//! A reload inside that pause loads the URL as it was, one step behind (the
//! URL of a reload is chosen before the page hears of it). So the tab also
//! remembers its newest state and the fragments that state is as new as or
//! newer than: the one the URL had when the state was remembered, and each
//! one written since. A page reloaded (or reached again through the tab's
//! history) on one of those fragments restores the tab's state. A link
//! followed or typed, in this tab or another, is restored from the link.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use kata_annotations::{share, Request};
use yew::Reducible;
use yewdux::prelude::Dispatch;

use crate::dom;
use crate::state::{Action, Notice, State};

/// How long changes must pause before the URL fragment follows them.
pub const FRAGMENT_PAUSE_MS: u32 = 400;

/// What the fragment should become.
enum FragmentWrite {
    Set(String),
    Clear,
}

thread_local! {
    /// The request changed since the last write to storage.
    static UNSAVED: RefCell<Option<Rc<Request>>> = RefCell::default();
    /// The fragment write waiting for the pause, and the pause's timer. The
    /// timer is kept after it fires (dropping a callback while it runs is an
    /// error) and dropped, so cancelled, when the next write replaces it.
    static FRAGMENT: RefCell<(Option<FragmentWrite>, Option<Timeout>)> = const {
        RefCell::new((None, None))
    };
}

/// The state to start from: a shared link wins, then the last session; a
/// deep link to one key (`#key=…`, from the documentation) ticks that key in
/// the last session's state and moves focus to its editor.
pub fn initial_state() -> State {
    match dom::fragment().as_deref().map(share::linked_key) {
        Some(Ok(Some(key))) => {
            dom::focus_soon(dom::editor_id(key));
            let state = Rc::new(stored().unwrap_or_default()).reduce(Action::Toggle(key, true));
            return Rc::unwrap_or_clone(state);
        }
        Some(Err(error)) => return with_link_error(&error.to_string()),
        Some(Ok(None)) | None => {}
    }
    let Some(text) = dom::fragment_state() else {
        return stored().unwrap_or_default();
    };
    if let Some(state) = tab_state_beside(&text) {
        return state;
    }
    match share::decode(&text) {
        Ok(request) => State::with_request(request),
        Err(error) => with_link_error(&error.to_string()),
    }
}

/// The tab's own state, when the page was reloaded (or reached through the
/// tab's history) on a fragment that state is as new as or newer than.
fn tab_state_beside(fragment: &str) -> Option<State> {
    if !dom::opened_again() {
        return None;
    }
    let (state, beside) = dom::tab_memory()?;
    if !beside.iter().any(|f| f == fragment) {
        return None;
    }
    if state.is_empty() {
        // Reset, or every key unticked, inside the pause.
        return Some(State::default());
    }
    // Unreadable (a later version's format): the fragment decides.
    share::decode(&state).ok().map(State::with_request)
}

/// The last session, with a notice that the link could not be opened.
fn with_link_error(error: &str) -> State {
    State {
        notice: Some(Notice {
            text: format!("Could not open the link: {error}"),
            error: true,
        }),
        ..stored().unwrap_or_default()
    }
}

fn stored() -> Option<State> {
    dom::stored_state()
        .and_then(|text| share::decode(&text).ok())
        .map(State::with_request)
}

/// Saves the request after each change, once for a burst of changes made
/// in one task, and the request the page opened with, so a state that came
/// from a link is in storage too. Runs while the returned values are kept.
pub fn start(dispatch: Dispatch<State>) -> (Dispatch<State>, Option<EventListener>) {
    let last = RefCell::new(None::<Rc<Request>>);
    let dispatch = dispatch.subscribe(move |state: Rc<State>| {
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
        let first = UNSAVED.with(|unsaved| {
            unsaved
                .borrow_mut()
                .replace(state.request.clone())
                .is_none()
        });
        if first {
            // Not on the edit's own path: encoding the state and writing
            // storage cost more than the edit itself.
            dom::later(save_to_storage);
        }
    });
    // Leaving or reloading: a change made in this very task reaches
    // storage. Not the fragment: the URL a reload loads is already chosen,
    // and the tab's memory records which fragments its state is newer than.
    (dispatch, dom::on_page_hide(save_to_storage))
}

/// Writes what is waiting now: storage, then the fragment (before a link is
/// copied).
pub fn flush() {
    save_to_storage();
    write_fragment();
}

fn save_to_storage() {
    let Some(request) = UNSAVED.with(|unsaved| unsaved.borrow_mut().take()) else {
        return;
    };
    dom::timed("kata-save", || {
        let beside = dom::fragment_state();
        // The default request is stored as nothing, so Reset leaves an empty
        // fragment and storage, and a fresh page has nothing to restore. Any
        // change back to the default (Reset, the last key unticked) clears
        // the fragment without the pause: it is rare, and cheap.
        let (write, pause) = if *request == Request::default() {
            dom::clear_stored_state();
            dom::remember_in_tab("", beside.as_deref());
            (FragmentWrite::Clear, 0)
        } else {
            let Ok(text) = share::encode(&request) else {
                return;
            };
            dom::store_state(&text);
            // Where the tab cannot remember (session storage refused), a
            // reload inside the pause would lose the change: no pause.
            let pause = if dom::remember_in_tab(&text, beside.as_deref()) {
                FRAGMENT_PAUSE_MS
            } else {
                0
            };
            (FragmentWrite::Set(text), pause)
        };
        let timer = Timeout::new(pause, write_fragment);
        FRAGMENT.with(|fragment| *fragment.borrow_mut() = (Some(write), Some(timer)));
    });
}

fn write_fragment() {
    let Some(write) = FRAGMENT.with(|fragment| fragment.borrow_mut().0.take()) else {
        return;
    };
    match write {
        FragmentWrite::Set(text) => {
            dom::set_fragment_state(&text);
            dom::add_tab_fragment(&text);
        }
        FragmentWrite::Clear => dom::clear_fragment(),
    }
}
