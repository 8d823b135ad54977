//! Each output fails on its own, in headless Chromium against the release
//! bundle: emptying the field an output needs shows that output's error next
//! to the form, the field stays to be refilled, and the other outputs stay.

use kata_e2e::page::open;
use kata_e2e::Browser;

/// Empties the text field `css` as a user does (select all, delete), so the
/// page sees an `input` event; WebDriver's own clear sends none.
async fn empty_field(browser: &Browser, css: &str) {
    let field = browser.find(css).await.expect("field");
    field.click().await.expect("focus the field");
    field
        .send_keys("\u{E009}a\u{E009}\u{E003}")
        .await
        .expect("select all and delete");
}

/// Whether an element with `id` is on the page now.
async fn present(browser: &Browser, id: &str) -> bool {
    browser
        .eval(&format!("return document.getElementById({id:?}) !== null"))
        .await
        .expect("query")
        == true
}

/// The id of the focused element.
async fn focused(browser: &Browser) -> serde_json::Value {
    browser
        .eval("return document.activeElement && document.activeElement.id")
        .await
        .expect("focus")
}

#[tokio::test]
async fn an_empty_workload_name_keeps_the_form_and_fails_only_the_manifest() {
    let (_server, browser) = open(&[]).await;
    browser
        .wait_text("#output-manifest", |t| t.contains("name: kata-pod"))
        .await
        .expect("the manifest renders");

    empty_field(&browser, "#workload-name").await;
    let error = browser
        .wait_text("#panel-manifest #error-manifest", |t| !t.is_empty())
        .await
        .expect("the manifest's error shows in its panel");
    assert!(error.contains("needs a name"), "{error}");
    assert!(!present(&browser, "output-manifest").await, "no stale text");
    assert!(
        !present(&browser, "download-manifest").await,
        "nothing to download"
    );
    // The form is still there, the field still focused: the user can go on typing.
    for id in ["workload-name", "workload-kind", "workload-image"] {
        assert!(present(&browser, id).await, "#{id} stays");
    }
    assert_eq!(focused(&browser).await, "workload-name");

    // The other outputs do not depend on the name and still render.
    browser.click("#tab-containerd").await.expect("tab");
    browser
        .wait_text("#output-containerd", |t| {
            t.contains("io.containerd.kata.v2")
        })
        .await
        .expect("containerd still renders");
    browser.click("#tab-kata").await.expect("tab");
    browser
        .wait_text("#output-helm", |t| t.contains("shims"))
        .await
        .expect("the Helm values still render");

    // Refilling the field brings the manifest back.
    browser.click("#tab-manifest").await.expect("tab");
    browser
        .type_into("#workload-name", "web")
        .await
        .expect("type a name");
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains("name: web"))
        .await
        .expect("the manifest comes back");
    assert!(manifest.contains("kind: Pod"), "{manifest}");
    assert!(
        !present(&browser, "error-manifest").await,
        "the error is gone"
    );
    let download = browser
        .wait_text("#download-manifest", |t| !t.is_empty())
        .await
        .expect("download button");
    assert_eq!(download, "Download web-pod.yaml");
    browser.close().await;
}

#[tokio::test]
async fn an_empty_handler_keeps_the_form_and_fails_only_what_names_it() {
    let (_server, browser) = open(&[]).await;
    browser.click("#tab-containerd").await.expect("tab");
    browser
        .wait_text("#output-containerd", |t| t.contains("runtimes.kata"))
        .await
        .expect("containerd renders");

    empty_field(&browser, "#containerd-handler").await;
    let error = browser
        .wait_text("#panel-containerd #error-containerd", |t| !t.is_empty())
        .await
        .expect("containerd's error shows in its panel");
    assert!(error.contains("handler"), "{error}");
    assert!(
        !present(&browser, "output-containerd").await,
        "no stale text"
    );
    for id in [
        "containerd-handler",
        "containerd-version",
        "containerd-forwarding",
    ] {
        assert!(present(&browser, id).await, "#{id} stays");
    }
    assert_eq!(focused(&browser).await, "containerd-handler");

    // CRI-O names the handler too: its tab shows its error and the same field.
    browser.click("#tab-crio").await.expect("tab");
    let error = browser
        .wait_text("#panel-crio #error-crio", |t| !t.is_empty())
        .await
        .expect("CRI-O's error");
    assert!(error.contains("handler"), "{error}");
    assert!(present(&browser, "containerd-handler").await);
    // The manifest and the Kata drop-in do not need it.
    browser.click("#tab-kata").await.expect("tab");
    browser
        .wait_text("#output-kata", |t| t.contains("[hypervisor.qemu]"))
        .await
        .expect("the drop-in still renders");
    browser.click("#tab-manifest").await.expect("tab");
    browser
        .wait_text("#output-manifest", |t| t.contains("name: kata-pod"))
        .await
        .expect("the manifest still renders");

    // Refilling the field (on the CRI-O tab) brings both back.
    browser.click("#tab-crio").await.expect("tab");
    browser
        .type_into("#containerd-handler", "kata-fc")
        .await
        .expect("type a handler");
    browser
        .wait_text("#output-crio", |t| t.contains("runtimes.kata-fc"))
        .await
        .expect("CRI-O comes back");
    browser.click("#tab-containerd").await.expect("tab");
    browser
        .wait_text("#output-containerd", |t| t.contains("runtimes.kata-fc"))
        .await
        .expect("containerd comes back");
    assert!(
        !present(&browser, "error-containerd").await,
        "the error is gone"
    );
    let download = browser
        .wait_text("#download-containerd", |t| !t.is_empty())
        .await
        .expect("download button");
    assert_eq!(download, "Download containerd-kata-fc.toml");
    browser.close().await;
}

/// On a 360 px screen every output's Copy and Download buttons stay in
/// view, and a long line scrolls inside its code block instead of widening
/// the page.
#[tokio::test]
async fn at_360_px_every_output_keeps_its_buttons_in_view() {
    let (_server, browser) = open(&[]).await;
    // A selection with long values: the preset with the most keys.
    browser.click("#open-presets").await.expect("presets");
    let first = browser
        .eval("return document.querySelector('.presets button').id")
        .await
        .expect("a preset");
    browser
        .click(&format!("#{}", first.as_str().unwrap_or_default()))
        .await
        .expect("apply");
    browser
        .client
        .set_window_size(360, 800)
        .await
        .expect("resize");
    let tabs = browser
        .eval("return [...document.querySelectorAll('[role=tab]')].map(t => t.id)")
        .await
        .expect("tabs");
    let tabs: Vec<String> = serde_json::from_value(tabs).expect("ids");
    assert!(tabs.len() >= 4, "{tabs:?}");
    let mut checked = 0;
    for tab in tabs {
        browser.click(&format!("#{tab}")).await.expect("open tab");
        let report = browser
            .eval(
                "const w = document.documentElement.clientWidth; const bad = []; let n = 0;
                 for (const block of document.querySelectorAll('[role=tabpanel] .output')) {
                   for (const b of block.querySelectorAll('.actions button')) {
                     n++;
                     const r = b.getBoundingClientRect();
                     if (r.left < 0 || r.right > w || r.width === 0) bad.push(block.id + ' ' + b.id);
                   }
                   const pre = block.querySelector('pre');
                   if (pre && pre.getBoundingClientRect().right > w) bad.push(block.id + ' code block');
                 }
                 return [n, bad, document.documentElement.scrollWidth - w]",
            )
            .await
            .expect("layout");
        assert_eq!(report[1], serde_json::json!([]), "{tab}: {report}");
        assert_eq!(report[2], 0, "{tab}: the page does not scroll sideways");
        checked += report[0].as_u64().unwrap_or(0);
    }
    assert!(checked >= 8, "copy and download of every output: {checked}");
    browser.close().await;
}

/// The admission policy: its own tab and form, the selected key in its
/// CEL, the action chosen in the form, a bad label failing only this output,
/// and its file and "where it goes" in the list of steps.
#[tokio::test]
async fn the_admission_policy_follows_the_selection_and_its_form() {
    const SECCOMP: &str = "io.katacontainers.config.runtime.disable_guest_seccomp";
    let (_server, browser) = open(&[]).await;
    kata_e2e::page::tick(&browser, SECCOMP).await;
    browser.click("#tab-admission").await.expect("tab");
    let policy = browser
        .wait_text("#output-admission-policy", |t| t.contains(SECCOMP))
        .await
        .expect("the policy renders with the selected key");
    assert!(
        policy.contains("kind: ValidatingAdmissionPolicyBinding"),
        "{policy}"
    );
    assert!(
        policy.contains("object.spec.runtimeClassName == 'kata'"),
        "{policy}"
    );
    assert!(policy.contains("- Deny"), "{policy}");
    assert!(policy.contains("Only the node checks the rest"), "{policy}");

    let kyverno = browser
        .wait_text("#output-kyverno-policy", |t| {
            t.contains("kind: ClusterPolicy")
        })
        .await
        .expect("the Kyverno policy renders beside it");
    assert!(
        kyverno.contains("failureAction: Enforce") && kyverno.contains(SECCOMP),
        "{kyverno}"
    );

    kata_e2e::page::choose(&browser, "admission-action", "Warn").await;
    browser
        .wait_text("#output-admission-policy", |t| t.contains("- Warn"))
        .await
        .expect("the binding warns");
    browser
        .wait_text("#output-kyverno-policy", |t| {
            t.contains("emitWarning: true")
        })
        .await
        .expect("Kyverno warns");

    kata_e2e::page::fill(&browser, "admission-namespaces", "team a").await;
    let error = browser
        .wait_text("#panel-admission #error-admission-policy", |t| {
            !t.is_empty()
        })
        .await
        .expect("the label's error");
    assert!(error.contains("key=value"), "{error}");
    kata_e2e::page::fill(&browser, "admission-namespaces", "kata-policy=enforced").await;
    browser
        .wait_text("#output-admission-policy", |t| {
            t.contains("kata-policy: enforced")
        })
        .await
        .expect("the namespace selector");
    browser
        .eval("document.getElementById('panel-admission').scrollIntoView(); return true")
        .await
        .expect("scroll");
    browser
        .screenshot("admission-policy")
        .await
        .expect("screenshot");
    let download = browser
        .wait_text("#download-admission-policy", |t| !t.is_empty())
        .await
        .expect("download button");
    assert_eq!(download, "Download kata-annotations-kata.yaml");
    let steps = browser
        .eval("return document.querySelector('.outputs').textContent")
        .await
        .expect("steps");
    let steps = steps.as_str().unwrap_or_default();
    assert!(
        steps.contains("ValidatingAdmissionPolicy (kata-annotations-kata.yaml)")
            && steps.contains("kubectl apply -f kata-annotations-kata.yaml"),
        "{steps}"
    );
    browser.close().await;
}
