//! Import, node policy, sharing, presets, embedding under a strict CSP, and
//! safety against hostile text: in headless Chromium against the release bundle.

use kata_e2e::page::{choose, editor, fill, open_at, row, set_value, tick, MEMORY};
use kata_e2e::{dist_dir, Browser, ServeOptions, StaticServer};

const HUGEPAGES: &str = "io.katacontainers.config.hypervisor.enable_hugepages";

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/manifests")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sets a textarea's value the way a paste does, then submits its panel.
async fn paste(browser: &Browser, area: &str, text: &str) {
    fill(browser, area, text).await;
    browser
        .click(&format!("#{area}-submit"))
        .await
        .expect("submit");
}

async fn annotations_in_manifest(browser: &Browser) -> String {
    browser
        .wait_text("#output-manifest", |_| true)
        .await
        .expect("manifest")
}

#[tokio::test]
async fn import_fills_the_form_and_lints() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser.click("#open-import").await.expect("open import");
    paste(
        &browser,
        "import-text",
        &fixture("deployment-misplaced.yaml"),
    )
    .await;
    browser
        .wait_text("#notice", |t| t.contains("Imported Deployment web"))
        .await
        .expect("imported");
    let kind = browser
        .eval("return document.getElementById('workload-kind').value")
        .await
        .expect("kind");
    assert_eq!(kind, "Deployment");
    let problems = browser
        .wait_text("#problems-list", |t| t.contains("KA701"))
        .await
        .expect("lint");
    assert!(problems.contains("default_vcpus"), "{problems}");
    // Each import finding says where its key is written in the file (as the CLI does).
    for (key, at) in [
        ("default_vcpus", "line 9, col 5"),
        ("disable_guest_seccomp", "line 10, col 5"),
    ] {
        let placed = browser
            .eval(&format!(
                "return [...document.querySelectorAll('#problems-list .problem')]
                    .filter(p => p.textContent.includes('KA701') && p.textContent.includes('{key}'))
                    .map(p => p.querySelector('.where')?.textContent ?? '').join('|')"
            ))
            .await
            .expect("where");
        assert_eq!(placed, at, "{key}");
    }
    // The misplaced Kata keys are in the form now, and the manifest puts them on the pod template.
    let manifest = annotations_in_manifest(&browser).await;
    assert!(manifest.contains("template:"), "{manifest}");
    assert!(
        manifest.contains("io.katacontainers.config.hypervisor.default_vcpus: '2'"),
        "{manifest}"
    );
    // Editing afterwards works as usual.
    browser
        .type_into(
            &editor("io.katacontainers.config.hypervisor.default_vcpus"),
            "3",
        )
        .await
        .expect("edit");
    browser
        .wait_text("#output-manifest", |t| t.contains("default_vcpus: '3'"))
        .await
        .expect("edited");
    browser.close().await;
}

#[tokio::test]
async fn unquoted_values_are_reported_and_malformed_input_keeps_the_work() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    tick(&browser, MEMORY).await;
    browser
        .type_into(&editor(MEMORY), "4096")
        .await
        .expect("value");
    browser.click("#open-import").await.expect("open import");
    paste(&browser, "import-text", "kind: Pod\nmetadata: [unclosed").await;
    let notice = browser
        .wait_text("#notice", |t| t.contains("Import failed"))
        .await
        .expect("error");
    assert!(notice.contains("nothing changed"), "{notice}");
    let manifest = annotations_in_manifest(&browser).await;
    assert!(
        manifest.contains(&format!("{MEMORY}: '4096'")),
        "work kept: {manifest}"
    );
    paste(&browser, "import-text", &fixture("unquoted-bool.yaml")).await;
    browser
        .wait_text("#problems-list", |t| t.contains("KA702"))
        .await
        .expect("non-string value");
    browser.close().await;
}

#[tokio::test]
async fn pasted_node_policy_changes_the_verdict() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    // The Go runtime's QEMU shim.
    choose(&browser, "shim", "qemu").await;
    tick(&browser, MEMORY).await;
    tick(&browser, HUGEPAGES).await;
    browser
        .wait_text("#problems-list", |t| {
            t.contains("KA301") && t.contains("hypervisor.default_memory")
        })
        .await
        .expect("not enabled by default");
    browser.click("#open-policy").await.expect("open policy");
    paste(
        &browser,
        "policy-text",
        "[hypervisor.qemu]\nenable_annotations = [\"enable_iommu\", \"^default_memory$\"]\n",
    )
    .await;
    browser
        .wait_text("#policy-label", |t| t.contains("custom"))
        .await
        .expect("custom policy");
    let problems = browser
        .wait_text("#problems-list", |t| {
            !t.contains("hypervisor.default_memory")
        })
        .await
        .expect("memory now enabled");
    assert!(
        problems.contains("enable_hugepages") && problems.contains("KA301"),
        "{problems}"
    );
    browser
        .type_into("#search", "default_memory")
        .await
        .expect("search");
    browser
        .wait_text(&format!("{} .badge.enabled", row(MEMORY)), |t| {
            t == "enabled on node"
        })
        .await
        .expect("badge follows the pasted policy");
    // The panel stays open after a paste: it lists what the policy unlocks.
    browser
        .find("#panel-tool-policy #policy-unlocks")
        .await
        .expect("still open");
    paste(
        &browser,
        "policy-text",
        "[hypervisor.clh]\nenable_annotations = []\n",
    )
    .await;
    browser
        .wait_text("#notice", |t| t.contains("[hypervisor.clh]"))
        .await
        .expect("wrong table named");
    browser.close().await;
}

#[tokio::test]
async fn the_state_lives_in_the_link_and_in_local_storage() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser.grant("clipboard-read").await.expect("permission");
    browser.grant("clipboard-write").await.expect("permission");
    set_value(&browser, MEMORY, "6144").await;
    // Another edit, copied at once: inside the pause the fragment waits
    // for after an edit, Copy link brings the fragment up to date first.
    fill(&browser, &editor(MEMORY)[1..], "6145").await;
    browser.click("#copy-link").await.expect("copy link");
    browser
        .wait_text("#notice", |t| t.contains("Link copied"))
        .await
        .expect("copied");
    let copied = browser
        .eval_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERR ' + e))")
        .await
        .expect("clipboard");
    let link = browser.eval("return location.href").await.expect("href");
    let link = link.as_str().unwrap_or_default().to_owned();
    assert!(link.contains("#s=v1."), "{link}");
    assert_eq!(copied.as_str(), Some(link.as_str()));

    // With local storage emptied, the link alone restores the state.
    browser
        .eval("localStorage.clear(); return true")
        .await
        .expect("clear storage");
    browser.client.goto("about:blank").await.expect("leave");
    browser.client.goto(&link).await.expect("open link");
    browser
        .wait_text("#output-manifest", |t| {
            t.contains(&format!("{MEMORY}: '6145'"))
        })
        .await
        .expect("restored from link");

    // Reloading without the fragment restores the last state from local storage.
    browser.client.goto(server.url()).await.expect("reload");
    browser
        .wait_text("#output-manifest", |t| t.contains("'6145'"))
        .await
        .expect("restored from storage");
    browser.click("#reset").await.expect("reset");
    browser
        .wait_text("#output-manifest", |t| !t.contains("6145"))
        .await
        .expect("reset");
    // Reset leaves nothing behind: no fragment, nothing in storage.
    let left = browser
        .eval("return [location.hash, Object.keys(localStorage).length]")
        .await
        .expect("fragment and storage");
    assert_eq!(left, serde_json::json!(["", 0]), "after Reset");
    browser.client.goto(server.url()).await.expect("reload");
    let manifest = annotations_in_manifest(&browser).await;
    assert!(
        !manifest.contains("6145"),
        "reset forgets the stored state: {manifest}"
    );

    // A damaged link says so and does not break the page.
    browser
        .client
        .goto(&format!("{}#s=v1.%%%", server.url()))
        .await
        .expect("bad link");
    browser.client.refresh().await.expect("reload");
    browser
        .wait_text("#notice", |t| t.contains("Could not open the link"))
        .await
        .expect("notice");
    // Old links keep working: unknown fields are ignored, missing ones default.
    let old = format!("{}#s=v1.eyJydW50aW1lIjoiZ28iLCJmdXR1cmUiOjF9", server.url());
    browser.client.goto(&old).await.expect("old link");
    browser.client.refresh().await.expect("reload");
    browser.find("#search").await.expect("the app renders");
    // A link from before shims: its runtime and hypervisor name the plain shim.
    let shim = browser
        .eval("return document.getElementById('shim').value")
        .await
        .expect("shim");
    assert_eq!(shim, "qemu");
    browser
        .wait_text("#target-runtime", |t| t.contains("Go runtime"))
        .await
        .expect("the Go runtime");
    browser.close().await;
}

#[tokio::test]
async fn an_edit_survives_a_reload_before_the_link_follows_it() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    tick(&browser, MEMORY).await;
    // The fragment follows the tick once changes pause.
    let first = browser
        .wait_eval("return location.hash", |hash| {
            hash.as_str().is_some_and(|h| h.starts_with("#s=v1."))
        })
        .await
        .expect("the link follows the tick");
    // An edit and a reload in one task: the reload loads the URL as it was,
    // whose fragment does not have the edit yet.
    let id = &editor(MEMORY)[1..];
    browser
        .eval(&format!(
            "const a = document.getElementById({id:?}); a.value = '7168'; \
             a.dispatchEvent(new InputEvent('input', {{ bubbles: true }})); \
             location.reload(); return true"
        ))
        .await
        .expect("edit and reload");
    browser
        .wait_text("#output-manifest", |t| {
            t.contains(&format!("{MEMORY}: '7168'"))
        })
        .await
        .expect("the edit is restored from the tab's memory");
    // And the link catches up with the restored state.
    browser
        .wait_eval("return location.hash", |hash| {
            hash.as_str().is_some_and(|h| h.starts_with("#s=v1.")) && *hash != first
        })
        .await
        .expect("the link follows the restored state");
    // The first link followed again (not reloaded) is that link's state,
    // though the tab's memory is newer than it.
    browser.client.goto("about:blank").await.expect("leave");
    let first_link = format!("{}{}", server.url(), first.as_str().unwrap_or_default());
    browser
        .client
        .goto(&first_link)
        .await
        .expect("the first link");
    browser
        .wait_text("#output-manifest", |t| {
            t.contains(&format!("{MEMORY}: '2048'"))
        })
        .await
        .expect("the first link's state");
    // A link from elsewhere still wins over what storage holds.
    let old = format!("{}#s=v1.eyJydW50aW1lIjoiZ28iLCJmdXR1cmUiOjF9", server.url());
    browser.client.goto("about:blank").await.expect("leave");
    browser.client.goto(&old).await.expect("the other link");
    browser
        .wait_text("#target-runtime", |t| t.contains("Go runtime"))
        .await
        .expect("the link's state");
    let manifest = annotations_in_manifest(&browser).await;
    assert!(!manifest.contains("7168"), "the link wins: {manifest}");
    browser.close().await;
}

#[tokio::test]
async fn presets_apply_and_ask_before_replacing() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser.click("#open-presets").await.expect("presets");
    browser.click("#preset-bigger-vm").await.expect("apply");
    browser
        .wait_text("#output-manifest", |t| t.contains("default_memory: '8192'"))
        .await
        .expect("applied");
    browser.click("#preset-debug-trace").await.expect("apply");
    browser
        .wait_text("#confirm-text", |t| t.contains("Replace your 2"))
        .await
        .expect("asks first");
    browser.click("#confirm-no").await.expect("keep");
    let manifest = annotations_in_manifest(&browser).await;
    assert!(
        manifest.contains("'8192'") && !manifest.contains("enable_tracing"),
        "{manifest}"
    );
    browser
        .click("#preset-debug-trace")
        .await
        .expect("apply again");
    browser.click("#confirm-yes").await.expect("replace");
    browser
        .wait_text("#output-manifest", |t| {
            t.contains("enable_tracing: 'true'") && !t.contains("8192")
        })
        .await
        .expect("replaced");
    browser.close().await;
}

#[tokio::test]
async fn works_under_a_path_prefix_and_a_strict_webview_csp() {
    let nonce = "r4nd0mN0nc3";
    let csp = format!(
        "default-src 'none'; script-src 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
    );
    let server = StaticServer::start_with(
        &dist_dir(),
        ServeOptions {
            headers: vec![("Content-Security-Policy".into(), csp)],
            prefix: "docs/tools/kata/".into(),
            nonce: Some(nonce.into()),
        },
    )
    .expect("served");
    let browser = open_at(&server, &[]).await;
    browser
        .eval("document.body.classList.add('vscode-dark'); document.documentElement.style.setProperty('--vscode-editor-background', 'rgb(1, 2, 3)'); return true")
        .await
        .expect("webview theme");
    tick(&browser, MEMORY).await;
    browser
        .wait_text("#output-manifest", |t| t.contains(MEMORY))
        .await
        .expect("works");
    let background = browser
        .eval("return getComputedStyle(document.body).backgroundColor")
        .await
        .expect("style");
    assert_eq!(background, "rgb(1, 2, 3)", "follows --vscode-* variables");
    let errors = browser.console_errors().await.expect("logs");
    assert!(
        errors.is_empty(),
        "console errors or CSP violations: {errors:?}"
    );
    let requests = browser
        .eval("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin + '/docs/tools/kata/'))")
        .await
        .expect("requests");
    assert_eq!(
        requests,
        serde_json::json!([]),
        "only its own assets are requested"
    );
    // The early compile (xtask `loader`) reuses Trunk's preload of the
    // module: one download, and the module it compiled is the one running.
    let modules = browser
        .eval("return Promise.resolve(window.__kataWasmModule).then(m => [performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length, m instanceof WebAssembly.Module])")
        .await
        .expect("module requests");
    assert_eq!(
        modules,
        serde_json::json!([1, true]),
        "[.wasm downloads, compiled early]"
    );
    browser.close().await;
}

#[tokio::test]
async fn imported_text_is_never_html() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser
        .eval("window.alert = () => { window.__pwned = true }; return true")
        .await
        .expect("trap");
    browser.click("#open-import").await.expect("open import");
    paste(&browser, "import-text", &fixture("xss.yaml")).await;
    browser
        .wait_text("#notice", |t| t.contains("Imported Pod"))
        .await
        .expect("imported");
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains("onerror"))
        .await
        .expect("manifest");
    assert!(
        manifest.contains("<img src=x onerror=alert(1)>"),
        "{manifest}"
    );
    let injected = browser
        .eval("return [window.__pwned === true, document.querySelectorAll('img, svg, b, script:not([type]):not([nonce])').length]")
        .await
        .expect("probe");
    assert_eq!(injected[0], false, "no script ran");
    let scripts = browser
        .eval("return [...document.querySelectorAll('img, svg, b')].length")
        .await
        .expect("count");
    assert_eq!(scripts, 0, "no element was created from the text");
    browser.close().await;
}

#[tokio::test]
async fn the_command_field_keeps_quoted_arguments() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser.click("#open-import").await.expect("open import");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: quoted}\nspec:\n  runtimeClassName: kata\n  containers:\n    - name: app\n      image: busybox\n      command: [sh, -c, \"echo done\"]\n";
    paste(&browser, "import-text", pod).await;
    browser
        .wait_text("#notice", |t| t.contains("Imported Pod quoted"))
        .await
        .expect("imported");
    let shown = browser
        .eval("return document.getElementById('workload-command').value")
        .await
        .expect("command field");
    assert_eq!(shown, "sh -c 'echo done'", "three words, quoted");

    // Editing keeps every quoted word whole.
    browser
        .type_into("#workload-command", r#"sh -c "echo hi there" 'a b'"#)
        .await
        .expect("type");
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains("- echo hi there"))
        .await
        .expect("manifest follows");
    assert!(manifest.contains("- a b"), "{manifest}");
    assert!(!manifest.contains("- there"), "{manifest}");

    // A line with an open quote (pasted at once) says so and changes nothing.
    browser
        .eval(
            r#"const f = document.getElementById('workload-command'); f.value = 'sh -c "echo';
               f.dispatchEvent(new InputEvent('input', { bubbles: true })); return true"#,
        )
        .await
        .expect("paste an open quote");
    browser
        .wait_text("#workload-command-error", |t| t.contains("quote"))
        .await
        .expect("message");
    let manifest = annotations_in_manifest(&browser).await;
    assert!(manifest.contains("- echo hi there"), "{manifest}");
    browser.close().await;
}

/// The link `docs/annotations.md` gives a key, as its fragment (`#key=…`).
fn reference_link(key: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/annotations.md");
    let page = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = format!("[`{key}`](");
    let at = page
        .find(&start)
        .unwrap_or_else(|| panic!("{key} has no link"));
    let rest = &page[at + start.len()..];
    let link = &rest[..rest.find(')').expect("link closes")];
    link[link.find('#').expect("a fragment")..].to_owned()
}

#[tokio::test]
async fn a_link_from_the_reference_ticks_and_focuses_its_key() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    // The reader's last session is kept: the link adds its key to it.
    tick(&browser, HUGEPAGES).await;
    browser
        .wait_text("#output-manifest", |t| t.contains(HUGEPAGES))
        .await
        .expect("ticked");
    // The fragment follows once changes pause.
    browser
        .wait_eval("return location.hash.startsWith('#s=')", |saved| {
            *saved == serde_json::json!(true)
        })
        .await
        .expect("the selection is saved in the link");
    browser.client.goto("about:blank").await.expect("leave");

    let link = format!("{}{}", server.url(), reference_link(MEMORY));
    browser.client.goto(&link).await.expect("open the link");
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains(MEMORY))
        .await
        .expect("the linked key is ticked");
    assert!(
        manifest.contains(HUGEPAGES),
        "the stored selection stays: {manifest}"
    );
    let editor_id = editor(MEMORY)[1..].to_owned();
    let mut focused = serde_json::Value::Null;
    for _ in 0..50 {
        focused = browser
            .eval("return document.activeElement && document.activeElement.id")
            .await
            .expect("focus");
        if focused == serde_json::json!(editor_id) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        focused,
        serde_json::json!(editor_id),
        "the key's editor has focus"
    );
    // The link turns into a link to the whole state, like any edit.
    browser
        .wait_eval("return location.hash", |hash| {
            hash.as_str().is_some_and(|h| h.starts_with("#s=v1."))
        })
        .await
        .expect("the link becomes the state's link");

    // A link to a key the catalog does not have says so and changes nothing.
    browser.client.goto("about:blank").await.expect("leave");
    let bad = format!(
        "{}#key=io.katacontainers.config.hypervisor.default_memroy",
        server.url()
    );
    browser.client.goto(&bad).await.expect("open the bad link");
    let notice = browser
        .wait_text("#notice", |t| t.contains("default_memroy"))
        .await
        .expect("the page says what is wrong");
    assert!(notice.contains("not a Kata annotation"), "{notice}");
    let manifest = annotations_in_manifest(&browser).await;
    assert!(
        manifest.contains(MEMORY) && manifest.contains(HUGEPAGES),
        "{manifest}"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_policy_panel_lists_what_each_enable_annotations_entry_unlocks() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser.click("#open-policy").await.expect("open policy");
    // Before any paste: the shim's shipped entries.
    let shipped = browser
        .wait_text("#policy-unlocks", |t| t.contains("shipped configuration"))
        .await
        .expect("the shipped policy's entries");
    assert!(shipped.contains("unanchored"), "{shipped}");
    paste(
        &browser,
        "policy-text",
        "[hypervisor.qemu]\nenable_annotations = [\"kernel\", \"^default_memory$\", \"iommu\"]\n",
    )
    .await;
    let list = browser
        .wait_text("#unlocks-list", |t| t.contains("^kernel$"))
        .await
        .expect("the pasted entries");
    let entry = |pattern: &str| format!("#unlocks-list li.unlock[data-pattern='{pattern}']");
    let kernel = browser
        .wait_text(&entry("kernel"), |_| true)
        .await
        .expect("kernel listed");
    for key in ["kernel_params", "kernel_verity_params"] {
        assert!(kernel.contains(key), "kernel also enables {key}: {kernel}");
    }
    assert!(kernel.contains("Broader than it reads"), "{kernel}");
    let memory = browser
        .wait_text(&entry("^default_memory$"), |_| true)
        .await
        .expect("memory listed");
    assert!(
        memory.contains("enables 1 key") && !memory.contains("Broader"),
        "{memory}"
    );
    let iommu = browser
        .wait_text(&entry("iommu"), |_| true)
        .await
        .expect("iommu listed");
    assert!(
        iommu.contains("enable_iommu") && iommu.contains("^name$"),
        "{iommu}"
    );
    assert!(list.contains("\"kernel\""), "{list}");
    browser
        .wait_text("#policy-unlocks h3", |t| t.contains("pasted policy"))
        .await
        .expect("says whose entries");
    let broad = browser
        .eval("return document.querySelectorAll('#unlocks-list li.unlock.broader').length")
        .await
        .expect("count");
    assert_eq!(broad, serde_json::json!(2), "kernel and iommu are flagged");
    browser
        .eval("document.getElementById('policy-unlocks').scrollIntoView(); return true")
        .await
        .expect("scroll");
    browser
        .screenshot("policy-unlocks")
        .await
        .expect("screenshot");
    browser.close().await;
}

#[tokio::test]
async fn a_two_workload_paste_exports_back_with_only_the_chosen_one_changed() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    let text = fixture("multi-document.yaml");
    browser.click("#open-import").await.expect("open import");
    paste(&browser, "import-text", &text).await;
    browser
        .wait_text("#notice", |t| t.contains("2 workloads"))
        .await
        .expect("imported");
    choose(&browser, "import-workload", "1").await;
    browser
        .wait_text("#notice", |t| t.contains("Editing Job migrate"))
        .await
        .expect("the Job is edited");
    tick(&browser, MEMORY).await;
    browser
        .type_into(&editor(MEMORY), "3072")
        .await
        .expect("value");
    let exported = browser
        .wait_text("#output-imported-file", |t| t.contains("'3072'"))
        .await
        .expect("the file follows the selection");
    // Everything before the Job's document is the pasted text, unchanged.
    let job_at = text.find("kind: Job").expect("fixture has a Job");
    let head = &text[..text[..job_at].rfind("---\n").expect("a marker") + 4];
    assert!(exported.starts_with(head), "kept as pasted:\n{exported}");
    let job = &exported[head.len()..];
    assert!(
        job.contains("name: migrate") && job.contains(MEMORY),
        "{job}"
    );
    assert!(job.contains("disable_guest_seccomp: 'false'"), "{job}");
    assert!(
        !head.contains(MEMORY),
        "the Deployment keeps its annotations"
    );
    let download = browser
        .eval("return document.getElementById('download-imported-file').textContent")
        .await
        .expect("button");
    assert_eq!(download, "Download manifest.yaml");
    browser.close().await;
}

/// A file of the init-data fixtures (values and digests from Kata's tests).
fn init_data_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/init-data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn init_data_round_trips_with_its_digest() {
    let server = StaticServer::start(&dist_dir(), &[]).expect("served");
    let browser = open_at(&server, &[]).await;
    browser
        .click("#open-init-data")
        .await
        .expect("open the editor");
    // The value from Kata's Go unit test decodes to its document and digest.
    let value = init_data_fixture("01-go-utils_test.b64");
    fill(&browser, "init-data-paste", value.trim()).await;
    browser.click("#init-data-decode").await.expect("decode");
    browser
        .wait_text("#init-data-decoded", |t| t.contains("Decoded"))
        .await
        .expect("decoded");
    let toml = browser
        .eval("return document.getElementById('init-data-toml').value")
        .await
        .expect("document");
    assert_eq!(toml, init_data_fixture("01-go-utils_test.toml"));
    let hex = browser
        .wait_text("#init-data-hex", |t| !t.is_empty())
        .await
        .expect("digest");
    assert_eq!(
        hex, "c6694bb7a29d6f37ec72a15582e004b9f3142159682db8509a304407419a49e5",
        "the digest Kata's test expects"
    );
    // Using it sets the key this release reads, on one line.
    browser.click("#init-data-use").await.expect("use");
    let manifest = browser
        .wait_text("#output-manifest", |t| {
            t.contains("io.katacontainers.config.hypervisor.cc_init_data")
        })
        .await
        .expect("the annotation is set");
    let line = manifest
        .lines()
        .find(|l| l.contains("cc_init_data"))
        .expect("its line");
    assert!(line.contains("H4sI"), "gzip, then base64: {line}");
    browser
        .eval("document.getElementById('panel-tool-init-data').scrollIntoView(); return true")
        .await
        .expect("scroll");
    browser.screenshot("init-data").await.expect("screenshot");

    // A value encoded twice is named and cleaned.
    let twice = base64_of(value.trim());
    fill(&browser, "init-data-paste", &twice).await;
    browser.click("#init-data-decode").await.expect("decode");
    browser
        .wait_text("#init-data-decoded", |t| t.contains("encoded twice"))
        .await
        .expect("double encoding named");
    browser.close().await;
}

/// Standard padded base64, as a user's second `base64` call would write it.
fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}
