//! The few browser calls the app makes: clipboard, download, focus.
//! Failures are returned as text for the UI to show, never panics.

use wasm_bindgen::JsCast;

fn window() -> Result<web_sys::Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_owned())
}

/// Copies `text` to the clipboard; resolves when done.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = window()?.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused clipboard access".to_owned())
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot create the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "cannot create the file".to_owned())?;
    let document = window()?.document().ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot create a link".to_owned())?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The browser reads the blob after this task ends: release it later.
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 60_000);
    Ok(())
}

/// Moves keyboard focus to the element with `id` and scrolls it into view.
pub fn focus(id: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.focus();
    }
}

/// Whether an element with `id` is in the page.
pub fn exists(id: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .is_some()
}

/// Focuses `id` after the current render has reached the page.
pub fn focus_soon(id: String) {
    later(move || focus(&id));
}

/// Runs `task` in a later task of the event loop, after the current one
/// has finished (and the edit it made has reached the page).
pub fn later(task: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, task).forget();
}

/// A DOM id for a key's value editor (keys contain only `[a-z0-9._/-]`).
pub fn editor_id(key: &str) -> String {
    format!(
        "value-{}",
        key.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    )
}

/// The key the last state is kept under in local storage.
const STORAGE_KEY: &str = "kata-configurator.state";
/// The session storage keys of the tab's memory ([`tab_memory`]).
const TAB_STATE_KEY: &str = "kata-configurator.tab-state";
const TAB_BESIDE_KEY: &str = "kata-configurator.tab-beside";
/// The fragment parameter that carries a shared state.
const FRAGMENT_PREFIX: &str = "#s=";

/// The shared state in the URL fragment, if there is one.
pub fn fragment_state() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(FRAGMENT_PREFIX).map(str::to_owned)
}

/// The URL fragment as it is (with its `#`), when there is one.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    (!hash.is_empty()).then_some(hash)
}

/// Puts `state` in the URL fragment without adding a history entry.
pub fn set_fragment_state(state: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let fragment = format!("{FRAGMENT_PREFIX}{state}");
    if window.location().hash().ok().as_deref() == Some(fragment.as_str()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
    }
}

/// Clears the URL fragment.
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(href) = window.location().href() else {
        return;
    };
    // No fragment, nothing to clear: a history update costs milliseconds,
    // and a fresh page would pay them before its first input.
    let Some((without, _)) = href.split_once('#') else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(without));
    }
}

/// The page's address, fragment included.
pub fn href() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

fn storage() -> Option<web_sys::Storage> {
    // Some embedders (sandboxed iframes, webviews) refuse storage: do without.
    web_sys::window()?.local_storage().ok().flatten()
}

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The last state saved in local storage.
pub fn stored_state() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Saves the state in local storage (silently skipped where storage is refused).
pub fn store_state(state: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, state);
    }
}

/// Forgets the saved state.
pub fn clear_stored_state() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// The tab's memory (session storage, kept across reloads of one tab and
/// by no other tab): its newest state (`""` for the default state) and the
/// URL fragments that state is as new as or newer than (see
/// `crate::saving`).
pub fn tab_memory() -> Option<(String, Vec<String>)> {
    let storage = tab_storage()?;
    let state = storage.get_item(TAB_STATE_KEY).ok().flatten()?;
    let beside = tab_fragments(&storage);
    Some((
        state,
        beside
            .split('\n')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
    ))
}

/// The tab's remembered fragments, one a line.
fn tab_fragments(storage: &web_sys::Storage) -> String {
    storage
        .get_item(TAB_BESIDE_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Puts `state` in the tab's memory, newer than the fragment `beside` (the
/// one the URL has now, if any). False where session storage is refused or
/// full: the tab then has no memory to restore from.
pub fn remember_in_tab(state: &str, beside: Option<&str>) -> bool {
    let Some(storage) = tab_storage() else {
        return false;
    };
    if storage.set_item(TAB_STATE_KEY, state).is_err() {
        let _ = storage.remove_item(TAB_STATE_KEY);
        let _ = storage.remove_item(TAB_BESIDE_KEY);
        return false;
    }
    storage
        .set_item(TAB_BESIDE_KEY, beside.unwrap_or_default())
        .is_ok()
}

/// Records that the URL fragment now holds `fragment`, which the tab's
/// remembered state is as new as.
pub fn add_tab_fragment(fragment: &str) {
    let Some(storage) = tab_storage() else {
        return;
    };
    let mut beside = tab_fragments(&storage);
    if !beside.split('\n').any(|f| f == fragment) {
        if !beside.is_empty() {
            beside.push('\n');
        }
        beside.push_str(fragment);
        let _ = storage.set_item(TAB_BESIDE_KEY, &beside);
    }
}

/// Whether the page was opened by reloading it or by going back or forward
/// in the tab's history, not by following or typing a link.
pub fn opened_again() -> bool {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return false;
    };
    performance
        .get_entries_by_type("navigation")
        .get(0)
        .dyn_into::<web_sys::PerformanceNavigationTiming>()
        .is_ok_and(|entry| {
            matches!(
                entry.type_(),
                web_sys::NavigationType::Reload | web_sys::NavigationType::BackForward
            )
        })
}

/// Calls `f` when the page is hidden to be left or reloaded (`pagehide`),
/// for as long as the returned listener is kept.
pub fn on_page_hide(f: impl Fn() + 'static) -> Option<gloo_events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo_events::EventListener::new(
        &window,
        "pagehide",
        move |_| f(),
    ))
}

thread_local! {
    /// Whether the page was opened with `?timing` (by `cargo xtask perf`):
    /// only then does [`timed`] leave measures, so a long session does not
    /// fill the browser's performance buffer.
    static TIMING: bool = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.split(['?', '&']).any(|p| p == "timing"));
}

/// A timed stretch of work: on a page opened with `?timing`, dropping it
/// records the performance measure `name` from its start.
pub struct Span(Option<(web_sys::Performance, String)>);

/// Starts a [`Span`]: `let _span = dom::span("name");` times the rest of
/// the block, including the value it returns.
pub fn span(name: &str) -> Span {
    let performance = TIMING
        .with(|on| *on)
        .then(|| web_sys::window().and_then(|w| w.performance()))
        .flatten();
    Span(performance.map(|performance| {
        let _ = performance.mark(&format!("{name}:start"));
        (performance, name.to_owned())
    }))
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((performance, name)) = &self.0 {
            let start = format!("{name}:start");
            let _ = performance.measure_with_start_mark(name, &start);
            performance.clear_marks_with_mark_name(&start);
        }
    }
}

/// Runs `work` inside a [`Span`] named `name`.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let _span = span(name);
    work()
}

/// Sets a performance mark (read by `cargo xtask perf`).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
