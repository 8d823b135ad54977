//! A page refused its storage: in headless Chromium against the release
//! bundle.
//!
//! A sandboxed frame without `allow-same-origin`, or a browser that blocks
//! site data, throws a `SecurityError` on any touch of `localStorage` or
//! `sessionStorage`. The test makes the page's storage throw the same way from
//! a script that runs before the page's own. (Serving the page with the CSP
//! `sandbox` directive, or starting Chromium with site data blocked, does the
//! same for real, but then Chromium now and then never sent the page's
//! `.wasm` request, in up to half the runs on 2026-12-05: docs/performance.md,
//! step 28.)

use kata_e2e::page::{set_value, MEMORY};
use kata_e2e::{dist_dir, Browser, StaticServer};

/// What a storage-refusing browser does on each touch of storage.
const REFUSE_STORAGE: &str = "for (const name of ['localStorage', 'sessionStorage']) { \
     Object.defineProperty(window, name, { configurable: true, get() { \
     throw new DOMException('storage is refused in this test', 'SecurityError'); } }); }";

/// The storage touch at the top of `index.html` and the app's saving swallow
/// the `SecurityError`, and the page works with no error in the console
/// (without the touch's `try`, its uncaught error is one).
#[tokio::test]
async fn works_where_storage_is_refused() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = Browser::start().await.expect("browser starts");
    browser
        .on_new_document(REFUSE_STORAGE)
        .await
        .expect("storage refused");
    browser.client.goto(server.url()).await.expect("page loads");
    browser.find("#search").await.expect("the app renders");
    let refused = browser
        .eval("try { localStorage.length; return 'allowed'; } catch (e) { return e.name; }")
        .await
        .expect("probe storage");
    assert_eq!(refused, "SecurityError", "the page's storage is refused");
    set_value(&browser, MEMORY, "6144").await;
    let errors = browser.console_errors().await.expect("logs");
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}
