//! The configurator's main flows, in headless Chromium against the release bundle.

use kata_e2e::page::{choose, editor, open, row, tick, MEMORY};
use kata_e2e::Browser;

const PIPE: &str = "io.katacontainers.config.agent.container_pipe_size";
const DAEMON: &str = "io.katacontainers.config.hypervisor.virtio_fs_daemon";

/// Waits (briefly) for keyboard focus to land on the element with `id`.
async fn assert_focus_moves_to(browser: &Browser, id: &str) {
    let mut focused = serde_json::Value::Null;
    for _ in 0..50 {
        focused = browser
            .eval("return document.activeElement && document.activeElement.id")
            .await
            .expect("focus");
        if focused == id {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("focus is on {focused}, not #{id}");
}

async fn no_console_errors(browser: &Browser) {
    let errors = browser.console_errors().await.expect("logs");
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[tokio::test]
async fn search_tick_and_set_a_value_updates_manifest_and_containerd() {
    let (_server, browser) = open(&[]).await;
    browser
        .type_into("#search", "default_memory")
        .await
        .expect("search");
    let visible = browser
        .eval("return document.querySelectorAll('li.row').length")
        .await
        .expect("count");
    assert_eq!(visible, 1, "search narrows the catalog to one row");
    tick(&browser, MEMORY).await;
    browser
        .type_into(&editor(MEMORY), "4096")
        .await
        .expect("type");
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains("'4096'"))
        .await
        .expect("manifest updates");
    assert!(
        manifest.contains(&format!("{MEMORY}: '4096'")),
        "{manifest}"
    );
    tick(&browser, PIPE).await;
    browser.click("#tab-containerd").await.expect("tab");
    let snippet = browser
        .wait_text("#output-containerd", |t| t.contains("pod_annotations"))
        .await
        .expect("containerd tab");
    let forwarded: Vec<&str> = snippet
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("\"io.katacontainers"))
        .collect();
    assert_eq!(
        forwarded,
        [format!("\"{PIPE}\","), format!("\"{MEMORY}\",")],
        "{snippet}"
    );
    assert!(
        !snippet.contains("io.katacontainers.*\""),
        "exact keys by default"
    );
    no_console_errors(&browser).await;
    browser
        .screenshot("configurator-light")
        .await
        .expect("screenshot");
    browser.close().await;
}

#[tokio::test]
async fn an_invalid_value_shows_inline_and_in_problems() {
    let (_server, browser) = open(&[]).await;
    tick(&browser, MEMORY).await;
    browser
        .type_into(&editor(MEMORY), "32")
        .await
        .expect("type");
    let inline = browser
        .wait_text(&format!("{} .finding.error", row(MEMORY)), |t| {
            t.contains("KA404")
        })
        .await
        .expect("inline error");
    assert!(inline.contains("64 MiB"), "{inline}");
    let problems = browser
        .wait_text("#problems-list", |t| t.contains("KA404"))
        .await
        .expect("problems entry");
    assert!(problems.contains("hypervisor.default_memory"), "{problems}");
    // Choosing the problem focuses the field.
    browser
        .click("#problems-list .problem.error button")
        .await
        .expect("click problem");
    assert_focus_moves_to(&browser, editor(MEMORY).trim_start_matches('#')).await;
    // A problem whose field is hidden by the search still leads to it.
    browser
        .type_into("#search", "tracing")
        .await
        .expect("hide the row");
    browser
        .click("#problems-list .problem.error button")
        .await
        .expect("click problem");
    browser
        .find(&editor(MEMORY))
        .await
        .expect("the row is shown again");
    assert_focus_moves_to(&browser, editor(MEMORY).trim_start_matches('#')).await;
    browser
        .type_into(&editor(MEMORY), "2048")
        .await
        .expect("fix");
    browser
        .wait_text("#problems-summary", |t| t.starts_with("No problems"))
        .await
        .expect("clean again");
    browser.close().await;
}

#[tokio::test]
async fn switching_to_a_go_shim_changes_the_verdict() {
    let (_server, browser) = open(&[]).await;
    tick(&browser, PIPE).await;
    browser.type_into(&editor(PIPE), "+5").await.expect("type");
    browser
        .wait_text("#problems-summary", |t| t.starts_with("No problems"))
        .await
        .expect("runtime-rs accepts +5");
    // kata-qemu runs the Go runtime.
    choose(&browser, "shim", "qemu").await;
    browser
        .wait_text("#target-runtime", |t| t.contains("Go runtime"))
        .await
        .expect("the shim's runtime is shown");
    let problems = browser
        .wait_text("#problems-list", |t| t.contains("KA401"))
        .await
        .expect("Go rejects +5");
    assert!(problems.contains("container_pipe_size"), "{problems}");
    browser.close().await;
}

#[tokio::test]
async fn a_restricted_key_shows_its_list_and_the_drop_in_allows_the_value() {
    let (_server, browser) = open(&[]).await;
    browser
        .type_into("#search", "virtio_fs_daemon")
        .await
        .expect("search");
    let badge = browser
        .wait_text(&format!("{} .badge.restricted", row(DAEMON)), |t| {
            !t.is_empty()
        })
        .await
        .expect("badge");
    assert_eq!(badge, "restricted → valid_virtio_fs_daemon_paths");
    tick(&browser, DAEMON).await;
    browser
        .type_into(&editor(DAEMON), "/usr/local/bin/virtiofsd")
        .await
        .expect("type");
    // runtime-rs ignores the key until the node enables it: the finding says so.
    browser
        .wait_text(&format!("{} .finding.warning", row(DAEMON)), |t| {
            t.contains("KA301")
        })
        .await
        .expect("not enabled by the shipped policy");
    browser.click("#tab-kata").await.expect("tab");
    let drop_in = browser
        .wait_text("#output-kata", |t| {
            t.contains("valid_virtio_fs_daemon_paths")
        })
        .await
        .expect("drop-in");
    assert!(
        drop_in.contains("\"/usr/local/bin/virtiofsd\""),
        "{drop_in}"
    );
    assert!(drop_in.contains("\"^virtio_fs_daemon$\""), "{drop_in}");
    browser.close().await;
}

#[tokio::test]
async fn copy_and_download_work() {
    let (_server, browser) = open(&[]).await;
    browser.grant("clipboard-read").await.expect("permission");
    browser.grant("clipboard-write").await.expect("permission");
    tick(&browser, MEMORY).await;
    browser.click("#copy-manifest").await.expect("copy");
    browser
        .wait_text(".output .status", |t| t.contains("Copied"))
        .await
        .expect("copied");
    let clipboard = browser
        .eval_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERR ' + e))")
        .await
        .expect("read clipboard");
    let manifest = browser
        .wait_text("#output-manifest", |_| true)
        .await
        .expect("manifest");
    assert_eq!(
        clipboard.as_str().map(str::trim_end),
        Some(manifest.trim_end())
    );

    // Headless Chromium's download manager never finishes a file on this
    // closed network, so the test catches what the page hands to it: the
    // link's file name and the blob behind it.
    browser
        .eval(
            "window.__downloads = [];
             HTMLAnchorElement.prototype.click = function () {
               const name = this.download;
               fetch(this.href).then(r => r.text()).then(text => window.__downloads.push({ name, text }));
             };
             return true",
        )
        .await
        .expect("hook");
    browser.click("#download-manifest").await.expect("download");
    let mut downloaded = serde_json::Value::Null;
    for _ in 0..100 {
        downloaded = browser
            .eval("return window.__downloads[0] || null")
            .await
            .expect("read");
        if !downloaded.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(downloaded["name"], "kata-pod-pod.yaml");
    assert_eq!(
        downloaded["text"].as_str().map(str::trim_end),
        Some(manifest.trim_end())
    );
    browser.close().await;
}

#[tokio::test]
async fn dark_scheme_screenshot_and_narrow_panel() {
    let (_server, browser) = open(&[
        "--force-dark-mode",
        "--blink-settings=preferredColorScheme=0",
    ])
    .await;
    tick(&browser, MEMORY).await;
    // The page's own colours, not the browser's flag: the dark palette's
    // background and text (web/style.css) are what the body paints.
    let colours = browser
        .eval("const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]")
        .await
        .expect("computed style");
    assert_eq!(colours[0], "rgb(13, 17, 23)", "dark background: {colours}");
    assert_ne!(colours[1], "rgb(0, 0, 0)", "light text on dark: {colours}");
    browser
        .screenshot("configurator-dark")
        .await
        .expect("screenshot");
    browser
        .client
        .set_window_size(360, 800)
        .await
        .expect("resize");
    let overflow = browser
        .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .expect("layout");
    assert_eq!(overflow, 0, "no horizontal scrolling at 360 px");
    browser
        .screenshot("configurator-narrow")
        .await
        .expect("screenshot");
    no_console_errors(&browser).await;
    browser.close().await;
}

/// A fresh page opens every group closed, and a closed group draws only its
/// heading (the first render stays small: with one group open it took
/// 60 ms instead of 14, past Yew's 16 ms slice); opening it, as a user
/// does by clicking the heading, draws its rows, which work like any other.
#[tokio::test]
async fn a_closed_group_draws_its_rows_when_opened() {
    let (_server, browser) = open(&[]).await;
    assert_eq!(
        browser
            .eval("return [document.querySelectorAll('li.row').length, document.querySelectorAll('details.group[open]').length]")
            .await
            .expect("count"),
        serde_json::json!([0, 0]),
        "a fresh page draws no rows and opens no group"
    );
    let rows_in_agent = "return document.getElementById('group-agent').closest('details').querySelectorAll('li.row').length";
    assert_eq!(
        browser.eval(rows_in_agent).await.expect("count"),
        0,
        "the closed Agent group draws no rows"
    );
    browser.click("#group-agent").await.expect("open the group");
    browser
        .click(&format!("{} input[type=checkbox]", row(PIPE)))
        .await
        .expect("tick a row of the opened group");
    browser.find(&editor(PIPE)).await.expect("editor appears");
    let drawn = browser.eval(rows_in_agent).await.expect("count");
    assert!(
        drawn.as_u64().is_some_and(|n| n > 1),
        "the opened group draws all its rows: {drawn}"
    );
    browser
        .wait_text("#output-manifest", |t| t.contains(PIPE))
        .await
        .expect("the manifest has the key");
    no_console_errors(&browser).await;
    browser.close().await;
}
