//! What the tests need to know about the configurator's page: selectors
//! for a key's row and editor, and the common steps (open, tick a key).

use crate::{dist_dir, Browser, StaticServer};

/// The key most tests edit: the VM's memory, a number every runtime reads.
pub const MEMORY: &str = "io.katacontainers.config.hypervisor.default_memory";

/// The catalog row of `key`.
pub fn row(key: &str) -> String {
    format!("li.row[data-key='{key}']")
}

/// The DOM id the app derives from a key: `<prefix>-` plus the key with
/// every non-alphanumeric character turned into `-`.
pub fn dom_id(prefix: &str, key: &str) -> String {
    format!(
        "{prefix}-{}",
        key.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    )
}

/// The selector of `key`'s value editor.
pub fn editor(key: &str) -> String {
    format!("#{}", dom_id("value", key))
}

/// Opens the page served by `server` in a new browser and waits for the app.
pub async fn open_at(server: &StaticServer, extra: &[&str]) -> Browser {
    let browser = Browser::start_with(extra).await.expect("browser starts");
    browser.client.goto(server.url()).await.expect("page loads");
    browser.find("#search").await.expect("the app renders");
    browser
}

/// Serves `dist/` and opens it.
pub async fn open(extra: &[&str]) -> (StaticServer, Browser) {
    let server = StaticServer::start(&dist_dir(), &[]).expect("dist/ is served");
    let browser = open_at(&server, extra).await;
    (server, browser)
}

/// Finds `key` with the search box, ticks it and waits for its editor.
pub async fn tick(browser: &Browser, key: &str) {
    browser
        .type_into("#search", key.rsplit('.').next().unwrap_or(key))
        .await
        .expect("search");
    browser
        .click(&format!("{} input[type=checkbox]", row(key)))
        .await
        .expect("tick");
    browser.find(&editor(key)).await.expect("editor appears");
}

/// Ticks `key`, types `value` into its editor and waits until the manifest
/// shows it quoted.
pub async fn set_value(browser: &Browser, key: &str, value: &str) {
    tick(browser, key).await;
    browser.type_into(&editor(key), value).await.expect("value");
    browser
        .wait_text("#output-manifest", |t| t.contains(&format!("'{value}'")))
        .await
        .expect("the manifest shows the value");
}

/// Sets the text field or area with `id` to `text` the way a paste does
/// (one `input` event), for texts too long to type key by key.
pub async fn fill(browser: &Browser, id: &str, text: &str) {
    let script = format!(
        "const a = document.getElementById({id:?}); a.value = {text}; \
         a.dispatchEvent(new InputEvent('input', {{ bubbles: true }})); return true",
        text = serde_json::to_string(text).expect("json")
    );
    browser.eval(&script).await.expect("fill");
}

/// Chooses `value` in the `<select>` with `id`, as a user's pick does.
pub async fn choose(browser: &Browser, id: &str, value: &str) {
    let script = format!(
        "const s = document.getElementById({id:?}); s.value = {value:?}; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
    );
    browser.eval(&script).await.expect("choose an option");
}
