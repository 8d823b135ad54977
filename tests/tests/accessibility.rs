//! Accessibility, in headless Chromium against the release bundle:
//!
//! - axe-core (WCAG 2.0/2.1 A and AA, contrast included) on every state of
//!   the page, in the light and the dark colour scheme;
//! - the main flow (search, tick, value, tabs, Copy) with the keyboard alone,
//!   checking where focus goes and that its ring shows;
//! - every Tab stop, forwards and backwards, on screen and not hidden under
//!   the sticky header; the switch and the module rows by keyboard;
//! - roles, states and id references (tabs, switch, lists, descriptions).
//!
//! axe-core comes from `.tools/` (`cargo xtask setup` installs it).

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use kata_e2e::page::{dom_id, open, row, tick, MEMORY};
use kata_e2e::Browser;
use serde_json::Value;

const MODULES: &str = "io.katacontainers.config.agent.kernel_modules";
const IOMMU: &str = "io.katacontainers.config.hypervisor.enable_iommu";
const BLOCK_DRIVER: &str = "io.katacontainers.config.hypervisor.block_device_driver";
const DAEMON: &str = "io.katacontainers.config.hypervisor.virtio_fs_daemon";
const DARK: &[&str] = &[
    "--force-dark-mode",
    "--blink-settings=preferredColorScheme=0",
];

/// Empties the search box, so every group shows again.
async fn clear_search(browser: &Browser) {
    browser
        .eval("const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new InputEvent('input', {bubbles: true})); return true")
        .await
        .expect("clear search");
}

/// The axe-core bundle `cargo xtask setup` puts in `.tools/`.
fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../.tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: axe-core is missing; run `cargo xtask setup` (it installs axe-core into .tools/)",
            path.display()
        )
    })
}

/// The WCAG 2.0/2.1 A and AA rules axe-core runs.
const AXE_RUN: &str = "const done = arguments[arguments.length - 1];
    const inject = window.axe ? Promise.resolve() : Promise.reject('axe-core is not loaded');
    inject
      .then(() => axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }))
      .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary })),
      })) }), e => done({ passes: 0, violations: [{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }] }));";

/// What axe-core reported, each element once, with the state it was first seen in.
#[derive(Default)]
struct Violations {
    seen: HashSet<(String, String)>,
    lines: Vec<String>,
}

impl Violations {
    /// Runs axe-core on the page as it is now and records what is new.
    async fn audit(&mut self, browser: &Browser, state: &str) {
        let loaded = browser
            .eval("return typeof window.axe === 'object'")
            .await
            .expect("probe axe");
        if loaded != true {
            browser
                .client
                .execute(&axe_source(), Vec::new())
                .await
                .expect("inject axe-core");
        }
        // Let Yew finish rendering the last change before auditing it.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let result = browser.eval_async(AXE_RUN).await.expect("axe.run");
        let passes = result["passes"].as_u64().unwrap_or_default();
        assert!(
            passes >= 10,
            "[{state}] axe-core checked almost nothing: {result}"
        );
        for violation in result["violations"].as_array().expect("axe returns a list") {
            let id = violation["id"].as_str().unwrap_or_default();
            let nodes: Vec<String> = violation["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| {
                    format!(
                        "{} ({})",
                        n["target"],
                        n["summary"].as_str().unwrap_or_default().replace('\n', " ")
                    )
                })
                .filter(|node| self.seen.insert((id.to_owned(), node.clone())))
                .collect();
            if nodes.is_empty() && !violation["nodes"].as_array().is_some_and(Vec::is_empty) {
                continue;
            }
            self.lines.push(format!(
                "[{state}] {id} ({}): {}\n    {}",
                violation["impact"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or_default(),
                nodes
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n    ")
            ));
        }
    }
}

/// Every state worth auditing, in one session: the default page, every
/// group open, keys ticked with an invalid value, each output tab, and the
/// tool panels.
async fn audit_every_state(extra: &[&str], scheme: &str) {
    let (_server, browser) = open(extra).await;
    let dark = browser
        .eval("return matchMedia('(prefers-color-scheme: dark)').matches")
        .await
        .expect("media query");
    assert_eq!(
        dark,
        scheme == "dark",
        "the browser reports a {scheme} scheme"
    );
    let mut violations = Violations::default();
    violations
        .audit(&browser, &format!("{scheme}, default page"))
        .await;

    browser
        .eval("document.querySelectorAll('details.group').forEach(d => d.open = true); return true")
        .await
        .expect("open every group");
    violations
        .audit(&browser, &format!("{scheme}, every group open"))
        .await;

    tick(&browser, MEMORY).await;
    browser
        .type_into(&format!("#{}", dom_id("value", MEMORY)), "32")
        .await
        .expect("type");
    tick(&browser, MODULES).await;
    browser
        .type_into(
            &format!("#{}", dom_id("value", MODULES)),
            "bad module name!",
        )
        .await
        .expect("type");
    // A switch, a select and a restricted path (with its allow-list).
    tick(&browser, IOMMU).await;
    tick(&browser, BLOCK_DRIVER).await;
    tick(&browser, DAEMON).await;
    browser
        .type_into(
            &format!("#{}", dom_id("value", DAEMON)),
            "/usr/local/bin/virtiofsd",
        )
        .await
        .expect("type");
    browser
        .wait_text("#problems-list", |t| t.contains("KA404"))
        .await
        .expect("the invalid value is reported");
    clear_search(&browser).await;
    violations
        .audit(&browser, &format!("{scheme}, ticked with findings"))
        .await;
    browser
        .eval(&format!(
            "document.querySelector(\"{}\").scrollIntoView(); return true",
            row(MEMORY)
        ))
        .await
        .expect("scroll");
    browser
        .screenshot(&format!("accessibility-{scheme}-findings"))
        .await
        .expect("screenshot");

    for tab in ["containerd", "kata", "crio", "manifest"] {
        browser.click(&format!("#tab-{tab}")).await.expect("tab");
        browser.find(&format!("#panel-{tab}")).await.expect("panel");
        violations
            .audit(&browser, &format!("{scheme}, {tab} tab"))
            .await;
    }

    // chromedriver scrolls a clicked element to the very top, under the
    // sticky header: start from the top of the page.
    browser
        .eval("scrollTo(0, 0); return true")
        .await
        .expect("scroll");
    for panel in ["presets", "import", "policy", "init-data"] {
        browser
            .click(&format!("#open-{panel}"))
            .await
            .expect("open panel");
        browser
            .find(&format!("#panel-tool-{panel}"))
            .await
            .expect("panel");
        violations
            .audit(&browser, &format!("{scheme}, {panel} panel"))
            .await;
    }

    // A preset over a selection asks first; applying it leaves a notice.
    browser.click("#open-presets").await.expect("presets");
    browser
        .click("#panel-tool-presets button")
        .await
        .expect("preset");
    browser.find("#confirm-yes").await.expect("confirmation");
    violations
        .audit(&browser, &format!("{scheme}, preset confirmation"))
        .await;
    browser.click("#confirm-yes").await.expect("replace");
    browser.find("#notice").await.expect("notice");
    violations
        .audit(&browser, &format!("{scheme}, notice"))
        .await;
    browser
        .screenshot(&format!("accessibility-{scheme}"))
        .await
        .expect("screenshot");

    // A file of several workloads: the imported-file panel.
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/manifests/multi-document.yaml"
    ))
    .expect("fixture");
    browser
        .eval("scrollTo(0, 0); return true")
        .await
        .expect("scroll");
    browser.click("#open-import").await.expect("import");
    kata_e2e::page::fill(&browser, "import-text", &fixture).await;
    browser.click("#import-text-submit").await.expect("import");
    browser
        .find("#import-workload")
        .await
        .expect("imported file");
    violations
        .audit(&browser, &format!("{scheme}, imported file"))
        .await;
    browser.close().await;
    assert!(
        violations.lines.is_empty(),
        "axe-core violations (each element listed once, in the first state it showed in):\n{}",
        violations.lines.join("\n")
    );
}

#[tokio::test]
async fn axe_finds_no_violations_in_the_light_scheme() {
    audit_every_state(&[], "light").await;
}

#[tokio::test]
async fn axe_finds_no_violations_in_the_dark_scheme() {
    audit_every_state(DARK, "dark").await;
}

/// Presses `keys` (characters or [`Key`] codes) on whatever has focus.
async fn press(browser: &Browser, keys: &str) {
    let mut actions = KeyActions::new("keyboard".into());
    for key in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    browser
        .client
        .perform_actions(actions)
        .await
        .expect("key presses");
    // Give Yew a moment to re-render after the key events.
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Shift+Tab: focus moves back one stop.
async fn shift_tab(browser: &Browser) {
    let (shift, tab): (char, char) = (Key::Shift.into(), Key::Tab.into());
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: shift })
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab })
        .then(KeyAction::Up { value: shift });
    browser
        .client
        .perform_actions(actions)
        .await
        .expect("shift+tab");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Ctrl+A: selects the focused field's text, so typing replaces it.
async fn select_all(browser: &Browser) {
    let control: char = Key::Control.into();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: control })
        .then(KeyAction::Down { value: 'a' })
        .then(KeyAction::Up { value: 'a' })
        .then(KeyAction::Up { value: control });
    browser
        .client
        .perform_actions(actions)
        .await
        .expect("ctrl+a");
}

/// The focused element: its id, a readable name, whether its focus ring is
/// drawn, and whether it is on screen and not covered (e.g. by the sticky
/// header) at its centre.
async fn focused(browser: &Browser) -> Value {
    browser
        .eval(
            "const el = document.activeElement;
             if (!el || el === document.body) return null;
             const style = getComputedStyle(el);
             const r = el.getBoundingClientRect();
             const x = r.left + r.width / 2, y = r.top + r.height / 2;
             const inView = x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight;
             const hit = inView ? document.elementFromPoint(x, y) : null;
             const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40);
             return { id: el.id, name: el.id || `<${el.tagName.toLowerCase()}> ${text}`,
                      outline: style.outlineStyle, outlineWidth: style.outlineWidth,
                      focusVisible: el.matches(':focus-visible'),
                      shown: !!hit && (el === hit || el.contains(hit)),
                      top: Math.round(r.top), bottom: Math.round(r.bottom),
                      covering: hit && hit !== el && !el.contains(hit) ? hit.tagName + '.' + hit.className : null };",
        )
        .await
        .expect("active element")
}

/// Asserts the focus ring of the focused element is drawn.
fn assert_focus_visible(element: &Value) {
    assert_eq!(
        element["focusVisible"], true,
        "keyboard focus matches :focus-visible: {element}"
    );
    assert_ne!(
        element["outline"], "none",
        "the focused element shows an outline: {element}"
    );
    assert_ne!(
        element["outlineWidth"], "0px",
        "the focused element shows an outline: {element}"
    );
    assert_eq!(
        element["shown"], true,
        "the focused element is on screen and not covered: {element}"
    );
}

/// Presses Tab until the element with `id` has focus; every element passed
/// on the way must show its focus ring. Returns the ids passed.
async fn tab_to(browser: &Browser, id: &str, at_most: usize) -> Vec<String> {
    let mut passed = Vec::new();
    for _ in 0..at_most {
        press(browser, &Key::Tab.to_string()).await;
        let element = focused(browser).await;
        assert!(!element.is_null(), "Tab leaves focus on an element");
        assert_focus_visible(&element);
        let here = element["id"].as_str().unwrap_or_default().to_owned();
        if here == id {
            return passed;
        }
        passed.push(element["name"].as_str().unwrap_or_default().to_owned());
    }
    panic!("#{id} not reached with {at_most} Tab presses; passed {passed:?}");
}

#[tokio::test]
async fn the_main_flow_works_with_the_keyboard_alone() {
    let (_server, browser) = open(&[]).await;
    browser.grant("clipboard-read").await.expect("permission");
    browser.grant("clipboard-write").await.expect("permission");
    let tick_id = dom_id("tick", MEMORY);
    let value_id = dom_id("value", MEMORY);

    // The target bar and the tools come first, then the search box.
    let before = tab_to(&browser, "search", 12).await;
    assert_eq!(
        before.first().map(String::as_str),
        Some("kata-version"),
        "the first Tab stop is the Kata version: {before:?}"
    );
    press(&browser, "default_memory").await;
    browser
        .wait_text(".selected-count", |_| true)
        .await
        .expect("catalog");
    let rows = browser
        .eval("return document.querySelectorAll('li.row').length")
        .await
        .expect("count");
    assert_eq!(rows, 1, "typing filters the catalog to one row");

    // Past the group heading to the row's checkbox; Space ticks it.
    let passed = tab_to(&browser, &tick_id, 3).await;
    assert!(
        passed
            .iter()
            .all(|p| p.starts_with("group-") || p == "<summary>"),
        "only the group heading lies between the search and the checkbox: {passed:?}"
    );
    press(&browser, &Key::Space.to_string()).await;
    let checked = browser
        .eval(&format!(
            "return document.getElementById('{tick_id}').checked"
        ))
        .await
        .expect("checked");
    assert_eq!(checked, true, "Space ticks the key");
    assert_eq!(
        focused(&browser).await["id"],
        tick_id.as_str(),
        "focus stays on the checkbox after ticking"
    );

    // Into the value editor; replace its text.
    let passed = tab_to(&browser, &value_id, 3).await;
    assert!(
        passed.len() <= 1,
        "at most the copy-key button lies between the checkbox and the editor: {passed:?}"
    );
    select_all(&browser).await;
    press(&browser, "3072").await;
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains("'3072'"))
        .await
        .expect("manifest updates");
    assert!(
        manifest.contains(&format!("{MEMORY}: '3072'")),
        "{manifest}"
    );

    // On to the tabs: only the selected tab is a Tab stop.
    let passed = tab_to(&browser, "tab-manifest", 15).await;
    assert!(
        !passed.iter().any(|p| p.starts_with("tab-")),
        "no other tab is a Tab stop: {passed:?}"
    );
    press(&browser, &Key::Right.to_string()).await;
    let element = focused(&browser).await;
    assert_eq!(
        element["id"], "tab-containerd",
        "ArrowRight moves to the next tab"
    );
    assert_focus_visible(&element);
    let selected = browser
        .eval("return document.getElementById('tab-containerd').getAttribute('aria-selected')")
        .await
        .expect("aria-selected");
    assert_eq!(selected, "true", "the focused tab is selected");
    let snippet = browser
        .wait_text("#output-containerd", |t| t.contains(MEMORY))
        .await
        .expect("containerd panel");
    assert!(snippet.contains("pod_annotations"), "{snippet}");
    press(&browser, &Key::Left.to_string()).await;
    press(&browser, &Key::Left.to_string()).await;
    let last = kata_annotations::render::tabs()
        .last()
        .map(|tab| format!("tab-{}", tab.id))
        .expect("tabs");
    assert_eq!(
        focused(&browser).await["id"],
        last.as_str(),
        "ArrowLeft from the first tab wraps to the last"
    );
    press(&browser, &Key::Right.to_string()).await;
    assert_eq!(
        focused(&browser).await["id"],
        "tab-manifest",
        "ArrowRight from the last tab wraps to the first"
    );
    press(&browser, &Key::End.to_string()).await;
    assert_eq!(
        focused(&browser).await["id"],
        last.as_str(),
        "End: last tab"
    );
    press(&browser, &Key::Home.to_string()).await;
    assert_eq!(
        focused(&browser).await["id"],
        "tab-manifest",
        "Home: first tab"
    );
    browser
        .find("#panel-manifest #output-manifest")
        .await
        .expect("manifest panel");

    // Through the workload form (with its four resource fields) to Copy; Enter copies.
    tab_to(&browser, "copy-manifest", 16).await;
    press(&browser, &Key::Enter.to_string()).await;
    browser
        .wait_text("#panel-manifest .output .status", |t| t.contains("Copied"))
        .await
        .expect("copied");
    let clipboard = browser
        .eval_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERR ' + e))")
        .await
        .expect("read clipboard");
    let clipboard = clipboard.as_str().unwrap_or_default();
    assert!(
        clipboard.contains(&format!("{MEMORY}: '3072'")),
        "the copied manifest holds the value: {clipboard}"
    );
    assert_eq!(
        focused(&browser).await["id"],
        "copy-manifest",
        "focus stays on Copy"
    );
    let errors = browser.console_errors().await.expect("logs");
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}

#[tokio::test]
async fn every_tab_stop_shows_its_focus_on_screen_both_ways() {
    let (_server, browser) = open(&[]).await;
    // Short enough that the page scrolls under the sticky header.
    browser
        .client
        .set_window_size(1000, 600)
        .await
        .expect("resize");
    tick(&browser, MEMORY).await;
    tick(&browser, MODULES).await;
    // The ticked keys are kept in the URL: a reload starts Tab at the top.
    browser.client.refresh().await.expect("reload");
    browser
        .find(&format!("#{}", dom_id("value", MODULES)))
        .await
        .expect("the selection is restored");

    let mut forward = Vec::new();
    let mut problems = Vec::new();
    for _ in 0..400 {
        press(&browser, &Key::Tab.to_string()).await;
        let element = focused(&browser).await;
        if element.is_null() || (element["id"] == "kata-version" && !forward.is_empty()) {
            break;
        }
        if element["shown"] != true || element["outline"] == "none" {
            problems.push(format!("Tab: {element}"));
        }
        forward.push(element["name"].as_str().unwrap_or_default().to_owned());
    }
    assert!(forward.len() > 40, "Tab walks the whole page: {forward:?}");
    assert!(
        forward.iter().any(|n| n == "copy-manifest"),
        "Tab reaches the outputs: {forward:?}"
    );

    // Back up from the end: elements come in at the top, under the header.
    let mut backward = Vec::new();
    for _ in 0..forward.len() + 5 {
        shift_tab(&browser).await;
        let element = focused(&browser).await;
        if element.is_null() {
            break;
        }
        if element["shown"] != true || element["outline"] == "none" {
            problems.push(format!("Shift+Tab: {element}"));
        }
        backward.push(element["name"].as_str().unwrap_or_default().to_owned());
        if element["id"] == "kata-version" {
            break;
        }
    }
    assert_eq!(
        backward.last().map(String::as_str),
        Some("kata-version"),
        "Shift+Tab walks back to the first stop: {backward:?}"
    );
    browser.close().await;
    assert!(
        problems.is_empty(),
        "focused elements off screen, covered or without a ring:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_switch_and_the_module_rows_work_with_the_keyboard() {
    let (_server, browser) = open(&[]).await;
    let switch = dom_id("value", IOMMU);
    let modules = dom_id("value", MODULES);

    // The boolean switch: Space and Enter flip it; focus stays.
    tick(&browser, IOMMU).await;
    browser
        .eval(&format!(
            "document.getElementById('{}').focus(); return true",
            dom_id("tick", IOMMU)
        ))
        .await
        .expect("focus the checkbox");
    tab_to(&browser, &switch, 3).await;
    let switch_state = format!(
        "const s = document.getElementById('{switch}');
         return [s.getAttribute('role'), s.getAttribute('aria-checked'), document.activeElement === s]"
    );
    assert_eq!(
        browser.eval(&switch_state).await.expect("switch state"),
        serde_json::json!(["switch", "false", true])
    );
    press(&browser, &Key::Space.to_string()).await;
    assert_eq!(
        browser.eval(&switch_state).await.expect("switch state"),
        serde_json::json!(["switch", "true", true])
    );
    browser
        .wait_text("#output-manifest", |t| {
            t.contains(&format!("{IOMMU}: 'true'"))
        })
        .await
        .expect("manifest says true");
    press(&browser, &Key::Enter.to_string()).await;
    assert_eq!(
        browser.eval(&switch_state).await.expect("switch state"),
        serde_json::json!(["switch", "false", true])
    );

    // Module rows: adding one moves focus into it, removing one moves focus
    // to the row that takes its place instead of losing it.
    tick(&browser, MODULES).await;
    browser
        .eval(&format!(
            "document.getElementById('{}').focus(); return true",
            dom_id("tick", MODULES)
        ))
        .await
        .expect("focus the checkbox");
    tab_to(&browser, &modules, 3).await;
    let group = browser
        .eval(&format!(
            "const g = document.getElementById('{modules}').closest('[role=group]');
             return g && g.getAttribute('aria-label')"
        ))
        .await
        .expect("group");
    assert_eq!(group, format!("Value of {MODULES}").as_str());
    press(&browser, "vfio").await;
    // Past the parameters field (the only row's remove button is disabled).
    press(&browser, &Key::Tab.to_string()).await;
    press(&browser, &Key::Tab.to_string()).await;
    let element = focused(&browser).await;
    assert_eq!(
        element["name"].as_str().map(|n| n.ends_with("add module")),
        Some(true),
        "{element}"
    );
    press(&browser, &Key::Enter.to_string()).await;
    let second = format!("{modules}-1");
    assert_eq!(
        focused(&browser).await["id"],
        second.as_str(),
        "the new row's module field has focus"
    );
    press(&browser, "nvme").await;
    browser
        .wait_text("#output-manifest", |t| t.contains("nvme"))
        .await
        .expect("both modules");
    press(&browser, &Key::Tab.to_string()).await;
    press(&browser, &Key::Tab.to_string()).await;
    let element = focused(&browser).await;
    assert_eq!(element["name"], "<button> Remove module 2", "{element}");
    assert_focus_visible(&element);
    press(&browser, &Key::Enter.to_string()).await;
    assert_eq!(
        focused(&browser).await["id"],
        modules.as_str(),
        "focus goes to the remaining row, not to the page"
    );
    let manifest = browser
        .wait_text("#output-manifest", |t| !t.contains("nvme"))
        .await
        .expect("one module");
    assert!(manifest.contains("vfio"), "{manifest}");
    browser.close().await;
}

#[tokio::test]
async fn roles_states_and_references_are_what_assistive_technology_expects() {
    let (_server, browser) = open(&[]).await;
    tick(&browser, MEMORY).await;
    browser
        .type_into(&format!("#{}", dom_id("value", MEMORY)), "32")
        .await
        .expect("type");
    tick(&browser, IOMMU).await;
    clear_search(&browser).await;
    browser
        .wait_text("#problems-list", |t| t.contains("KA404"))
        .await
        .expect("finding");
    browser
        .find(&format!("#{}", dom_id("value", MEMORY)))
        .await
        .expect("both editors show");
    let report = browser
        .client
        .execute(
            "const q = (s, root = document) => [...root.querySelectorAll(s)];
             const tablists = q('[role=tablist]');
             const tabs = q('[role=tab]').map(t => ({
               id: t.id, selected: t.getAttribute('aria-selected'), tabindex: t.getAttribute('tabindex'),
               controls: t.getAttribute('aria-controls'), inList: !!t.closest('[role=tablist]') }));
             const panels = q('[role=tabpanel]').map(p => ({ id: p.id, labelledby: p.getAttribute('aria-labelledby') }));
             const switches = q('[role=switch]').map(s => ({ tag: s.tagName, checked: s.getAttribute('aria-checked') }));
             const lists = q('ul').map(u => ({ id: u.id || u.className, role: u.getAttribute('role'),
               onlyItems: [...u.children].every(c => c.tagName === 'LI') }));
             // Every id reference resolves (aria-controls may name a panel that
             // is not rendered while its tab is not selected or its button collapsed).
             const broken = [];
             for (const attr of ['aria-controls', 'aria-labelledby', 'aria-describedby']) {
               for (const el of q(`[${attr}]`)) {
                 if (attr === 'aria-controls' && (el.getAttribute('aria-selected') === 'false'
                     || el.getAttribute('aria-expanded') === 'false')) continue;
                 for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                   if (!document.getElementById(id)) broken.push(`${el.id || el.tagName} ${attr}=${id}`);
                 }
               }
             }
             const editor = document.getElementById(arguments[0]);
             const described = (editor.getAttribute('aria-describedby') || '').split(/\\s+/)
               .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent).join(' ');
             const regions = q('pre.code').map(p => ({ role: p.getAttribute('role'),
               name: (document.getElementById(p.getAttribute('aria-labelledby')) || {}).textContent }));
             return { tablists: tablists.length, tablistLabel: tablists[0] && tablists[0].getAttribute('aria-label'),
                      tabs, panels, switches, lists, broken, invalid: editor.getAttribute('aria-invalid'),
                      described, regions };",
            vec![serde_json::json!(dom_id("value", MEMORY))],
        )
        .await
        .expect("report");
    browser.close().await;

    // Tabs: one labelled tablist with core's tabs, one selected and in the
    // Tab order, each controlling its panel; the panel is labelled by its tab.
    assert_eq!(report["tablists"], 1, "{report}");
    assert_eq!(report["tablistLabel"], "Outputs", "{report}");
    let tabs = report["tabs"].as_array().expect("tabs");
    assert_eq!(
        tabs.len(),
        kata_annotations::render::tabs().len(),
        "{report}"
    );
    for tab in tabs {
        let id = tab["id"].as_str().unwrap_or_default();
        let selected = tab["selected"] == "true";
        assert_eq!(tab["inList"], true, "{tab}");
        assert_eq!(
            tab["controls"],
            id.replace("tab-", "panel-").as_str(),
            "{tab}"
        );
        assert_eq!(
            tab["tabindex"],
            if selected { "0" } else { "-1" },
            "roving tabindex: {tab}"
        );
        assert!(
            tab["selected"] == "true" || tab["selected"] == "false",
            "{tab}"
        );
    }
    let selected: Vec<&Value> = tabs.iter().filter(|t| t["selected"] == "true").collect();
    assert_eq!(selected.len(), 1, "{report}");
    assert_eq!(
        report["panels"],
        serde_json::json!([{ "id": selected[0]["controls"], "labelledby": selected[0]["id"] }]),
        "{report}"
    );
    // The boolean editor is a switch with its state.
    assert_eq!(
        report["switches"],
        serde_json::json!([{ "tag": "BUTTON", "checked": "false" }]),
        "{report}"
    );
    // Unstyled lists keep their list role (Safari drops it with list-style: none).
    for list in report["lists"].as_array().expect("lists") {
        assert_eq!(list["role"], "list", "{list}");
        assert_eq!(list["onlyItems"], true, "{list}");
    }
    assert_eq!(
        report["broken"],
        serde_json::json!([]),
        "dangling id references"
    );
    // The invalid field says so and is described by its finding.
    assert_eq!(report["invalid"], "true", "{report}");
    assert!(
        report["described"]
            .as_str()
            .is_some_and(|d| d.contains("KA404")),
        "{report}"
    );
    // The focusable code blocks are regions named by their headings: the
    // guest command line and the open output.
    assert_eq!(
        report["regions"],
        serde_json::json!([
            { "role": "region", "name": "Guest kernel command line" },
            { "role": "region", "name": "Manifest" }
        ]),
        "{report}"
    );
}
