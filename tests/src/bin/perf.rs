//! `cargo xtask perf`: the configurator's figures, measured in headless
//! Chromium against the release bundle. A report, not a test: it prints
//! numbers and never fails on them.
//!
//! Every measurement is bounded: a page that never shows what we wait for
//! is reported as a timeout, never waited on forever. Times are the median
//! and 95th percentile over many runs.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::share;
use kata_annotations::Request;
use kata_e2e::page::{dom_id, editor, MEMORY};
use kata_e2e::{dist_dir, Browser, StaticServer};

/// Loads measured for time to interactive.
const LOADS: usize = 10;
/// Where the report leaves the every-key request's share link for
/// `tests/perf/load.mjs` (relative to `tests/`).
const EDIT_STATE: &str = "../target/perf-edit-state.txt";
/// Where the report leaves the every-key request and the native `validate`
/// median for `tests/perf/load.mjs` (relative to `tests/`).
const VALIDATE_INPUT: &str = "../target/perf-validate.json";
/// Edits measured (after [`WARM_UP`] unmeasured ones).
const EDITS: usize = 60;
/// Edits before measuring: the first ones pay for lazy set-up.
const WARM_UP: usize = 3;
/// How long one edit may take to show before it counts as a timeout.
const EDIT_DEADLINE_MS: u64 = 5_000;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

/// One measurement: its time in milliseconds, or that its deadline passed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sample {
    Ms(f64),
    TimedOut,
}

/// Median, 95th percentile (nearest rank), min and max of the samples that
/// finished, and how many timed out.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Summary {
    median: f64,
    p95: f64,
    min: f64,
    max: f64,
    finished: usize,
    timeouts: usize,
}

fn summarize(samples: &[Sample]) -> Option<Summary> {
    let mut times: Vec<f64> = samples
        .iter()
        .filter_map(|s| match s {
            Sample::Ms(ms) => Some(*ms),
            Sample::TimedOut => None,
        })
        .collect();
    let timeouts = samples.len() - times.len();
    times.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        // Nearest rank: the smallest value with at least p of the samples at or below it.
        let index = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1;
        times[index]
    };
    Some(Summary {
        median: *times.get(times.len().checked_sub(1)? / 2)?,
        p95: rank(0.95),
        min: *times.first()?,
        max: *times.last()?,
        finished: times.len(),
        timeouts,
    })
}

fn print_summary(what: &str, samples: &[Sample]) {
    match summarize(samples) {
        Some(s) => println!(
            "{what}: median {:.2} ms, p95 {:.2} ms (min {:.2}, max {:.2}; {} runs, {} timed out)",
            s.median, s.p95, s.min, s.max, s.finished, s.timeouts
        ),
        None => println!(
            "{what}: no run finished ({} runs, all timed out)",
            samples.len()
        ),
    }
}

/// One edit of the memory field, timed in the page from the input event to
/// the moment the manifest shows the new value. A MutationObserver on the
/// output sees the change as soon as it is in the DOM; a timer ends the wait
/// at the deadline. Returns the milliseconds, or `null` on timeout.
const EDIT_SCRIPT: &str = r#"
    const [inputId, value, deadline, done] = arguments;
    const input = document.getElementById(inputId);
    const output = document.getElementById('output-manifest');
    if (!input || !output) { done(null); return; }
    const shown = new RegExp("default_memory:\\s*['\"]?" + value + "['\"]?(\\s|$)");
    let finished = false;
    let observer = null;
    let timer = null;
    const finish = (result) => {
      if (finished) return;
      finished = true;
      if (observer) observer.disconnect();
      clearTimeout(timer);
      done(result);
    };
    const t0 = performance.now();
    observer = new MutationObserver(() => {
      if (shown.test(output.textContent)) finish(performance.now() - t0);
    });
    observer.observe(output, { childList: true, subtree: true, characterData: true });
    timer = setTimeout(() => finish(null), deadline);
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    if (shown.test(output.textContent)) finish(performance.now() - t0);
"#;

async fn edit_once(browser: &Browser, input_id: &str, value: &str) -> Result<Sample, String> {
    let args = vec![
        serde_json::json!(input_id),
        serde_json::json!(value),
        serde_json::json!(EDIT_DEADLINE_MS),
    ];
    // The page's own deadline ends the script; this one only guards against
    // a page that stopped running scripts at all.
    let call = browser.client.execute_async(EDIT_SCRIPT, args);
    match tokio::time::timeout(Duration::from_millis(EDIT_DEADLINE_MS + 10_000), call).await {
        Ok(Ok(value)) => Ok(value.as_f64().map_or(Sample::TimedOut, Sample::Ms)),
        Ok(Err(e)) => Err(format!("edit script failed: {e}")),
        Err(_) => Ok(Sample::TimedOut),
    }
}

/// Opens `url` after a blank page, so every load starts from nothing.
async fn open_fresh(browser: &Browser, url: &str) -> Result<(), String> {
    for page in ["about:blank", url] {
        browser.client.goto(page).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// One load of `url` from a blank page: milliseconds from navigation to the
/// app's `kata-interactive` mark, bounded by [`Browser::find`]'s wait.
async fn load_once(browser: &Browser, url: &str) -> Result<Sample, String> {
    open_fresh(browser, url).await?;
    if browser.find("#search").await.is_err() {
        return Ok(Sample::TimedOut);
    }
    let mark = browser
        .eval("const m = performance.getEntriesByName('kata-interactive')[0]; return m ? m.startTime : null")
        .await?;
    Ok(mark.as_f64().map_or(Sample::TimedOut, Sample::Ms))
}

/// Milliseconds from the app's `kata-start` mark (its wasm compiled and
/// running) to `kata-interactive` (first render done) on the current page.
async fn first_render(browser: &Browser) -> Result<Sample, String> {
    let ms = browser
        .eval(
            "const [s] = performance.getEntriesByName('kata-start'); \
             const [i] = performance.getEntriesByName('kata-interactive'); \
             return s && i ? i.startTime - s.startTime : null",
        )
        .await?;
    Ok(ms.as_f64().map_or(Sample::TimedOut, Sample::Ms))
}

/// The durations of every performance measure named `name` on the page.
async fn measures(browser: &Browser, name: &str) -> Result<Vec<Sample>, String> {
    let list = browser
        .client
        .execute(
            "return performance.getEntriesByName(arguments[0], 'measure').map(m => m.duration)",
            vec![serde_json::json!(name)],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(milliseconds(&list))
}

/// The numbers of a JSON list, as samples.
fn milliseconds(list: &serde_json::Value) -> Vec<Sample> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_f64)
        .map(Sample::Ms)
        .collect()
}

/// Calls of `validate` timed together as one sample: one call is near the
/// resolution of `performance.now()` in a page that is not cross-origin isolated.
const VALIDATE_BATCH: usize = 20;
/// Samples of [`VALIDATE_BATCH`] calls, in wasm and natively.
const VALIDATE_SAMPLES: usize = 60;

/// Calls of `validate` in wasm before timing: long enough for V8 to tier
/// the hot functions up (docs/performance.md, step 25).
const VALIDATE_WARM_UP: usize = 1000;

/// Times the package's validate-only entry in the page: `[runs, batch,
/// warm-up, request, done]`; returns each batch's milliseconds per call.
const VALIDATE_SCRIPT: &str = r#"
    const [runs, batch, warmUp, request, done] = arguments;
    (async () => {
      const api = await import('./validate/kata_annotations_validate.js');
      await api.default();
      for (let i = 0; i < warmUp; i++) api.validate(request);
      const times = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) api.validate(request);
        times.push((performance.now() - t0) / batch);
      }
      done(times);
    })().catch((e) => done(String(e)));
"#;

/// Where the hello-world bundle is (`cargo xtask perf` builds it there).
fn hello_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/hello-dist")
}

/// Where the floor that validates and writes the manifest is (`cargo xtask
/// perf` builds it there from `tests/hello/floor.html`).
fn floor_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/floor-dist")
}

/// Where the npm package is (`cargo xtask pkg`).
fn pkg_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../pkg")
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let dist = dist_dir();
    let server = StaticServer::start(&dist, &[]).map_err(|e| e.to_string())?;
    let hello = StaticServer::start(&hello_dir(), &[]).map_err(|e| e.to_string())?;
    let floor = StaticServer::start(&floor_dir(), &[]).map_err(|e| e.to_string())?;
    // The package is served from the workspace (whose `index.html` the server
    // wants to see) and loaded by a page under `pkg/`.
    let pkg = StaticServer::start(&pkg_dir().join(".."), &[]).map_err(|e| e.to_string())?;
    let browser = Browser::start().await?;
    let pages = Pages {
        app: &server,
        hello: &hello,
        floor: &floor,
        pkg: &pkg,
    };
    let result = report(&browser, &pages, &dist).await;
    browser.close().await;
    result
}

/// The files a page fetched on its first load (the document, then every
/// resource), each with its raw and gzip size; returns the gzip total.
async fn first_load(
    browser: &Browser,
    server: &StaticServer,
    dir: &std::path::Path,
    what: &str,
) -> Result<(Sample, usize), String> {
    let load = load_once(browser, server.url()).await?;
    let loaded = browser
        .eval("return performance.getEntriesByType('resource').map(e => e.name)")
        .await?;
    let mut files = vec!["index.html".to_owned()];
    for url in loaded
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u.as_str())
    {
        if let Some(name) = url.rsplit('/').next() {
            files.push(name.to_owned());
        }
    }
    let (mut raw, mut gz) = (0, 0);
    println!("{what}, first load:");
    for name in &files {
        let bytes = std::fs::read(dir.join(name)).unwrap_or_default();
        println!(
            "  {name:<48} {:>9} B  {:>8} B gzip",
            bytes.len(),
            gzip_len(&bytes)
        );
        raw += bytes.len();
        gz += gzip_len(&bytes);
    }
    println!(
        "  total {raw} B, {gz} B gzip ({:.1} KiB)",
        gz as f64 / 1024.0
    );
    Ok((load, gz))
}

/// The package's `.wasm` files, gzip -9.
fn package_sizes() {
    println!("npm package (cargo xtask pkg), .wasm gzip:");
    for (entry, file) in [
        (".", "kata_annotations_bg.wasm"),
        ("./validate", "validate/kata_annotations_validate_bg.wasm"),
    ] {
        match std::fs::read(pkg_dir().join(file)) {
            Ok(bytes) => println!(
                "  {entry:<12} {file:<48} {:>9} B  {:>8} B gzip",
                bytes.len(),
                gzip_len(&bytes)
            ),
            Err(e) => println!("  {entry:<12} {file}: {e}"),
        }
    }
}

/// Opens `link` from a blank page and times [`EDITS`] edits of the memory
/// field, the input `input_id` (after [`WARM_UP`] unmeasured ones), once
/// `ready` (a selector) is on the page.
async fn edit_run(
    browser: &Browser,
    link: &str,
    ready: &str,
    input_id: &str,
) -> Result<Vec<Sample>, String> {
    open_fresh(browser, link).await?;
    browser.find(ready).await?;
    browser.find("#output-manifest").await?;
    let mut edits = Vec::with_capacity(EDITS);
    for i in 0..WARM_UP + EDITS {
        if i == WARM_UP {
            // The `?timing` page's measures from here on are the measured edits'.
            browser
                .client
                .execute("performance.clearMeasures()", vec![])
                .await
                .map_err(|e| e.to_string())?;
        }
        let value = (3000 + i).to_string();
        let sample = edit_once(browser, input_id, &value).await?;
        if i >= WARM_UP {
            edits.push(sample);
        }
    }
    Ok(edits)
}

fn median_of(samples: &[Sample]) -> Option<f64> {
    summarize(samples).map(|s| s.median)
}

/// The pages a report loads, each from its own server.
struct Pages<'a> {
    /// The configurator's release bundle.
    app: &'a StaticServer,
    /// The Yew hello-world.
    hello: &'a StaticServer,
    /// The page that only validates and writes the manifest.
    floor: &'a StaticServer,
    /// The workspace, for the npm package under `pkg/`.
    pkg: &'a StaticServer,
}

/// What the floor page is called in the report.
const FLOOR: &str = "floor (Yew + validate + manifest, no UI)";

async fn report(
    browser: &Browser,
    pages: &Pages<'_>,
    dist: &std::path::Path,
) -> Result<(), String> {
    let Pages {
        app: server,
        hello,
        floor,
        pkg,
    } = *pages;
    // First load: what each page fetched; then loads of the pages in turn,
    // so all see the same machine.
    let (app_first, _) = first_load(browser, server, dist, "configurator").await?;
    let (hello_first, _) = first_load(browser, hello, &hello_dir(), "Yew hello-world").await?;
    let (floor_first, _) = first_load(browser, floor, &floor_dir(), FLOOR).await?;
    package_sizes();
    let (mut app_loads, mut hello_loads) = (vec![app_first], vec![hello_first]);
    let mut floor_loads = vec![floor_first];
    let mut renders = Vec::new();
    while app_loads.len() < LOADS {
        app_loads.push(load_once(browser, server.url()).await?);
        renders.push(first_render(browser).await?);
        hello_loads.push(load_once(browser, hello.url()).await?);
        floor_loads.push(load_once(browser, floor.url()).await?);
    }
    print_summary("navigation to interactive, configurator", &app_loads);
    print_summary(
        "  of which the first render (kata-start to interactive)",
        &renders,
    );
    print_summary("navigation to interactive, Yew hello-world", &hello_loads);
    print_summary(&format!("navigation to interactive, {FLOOR}"), &floor_loads);
    if let Some(base) = median_of(&hello_loads) {
        for (what, loads) in [("configurator", &app_loads), ("floor", &floor_loads)] {
            if let Some(median) = median_of(loads) {
                println!("  {what} / hello-world, medians: {:.2}×", median / base);
            }
        }
    }

    // Every key set: validate natively, then in wasm through the package.
    let request = Request {
        annotations: ANNOTATIONS
            .iter()
            .filter(|a| a.removed_since().is_none() && !a.internal)
            .map(|a| (a.key.to_owned(), a.default.unwrap_or("1").to_owned()))
            .collect::<BTreeMap<_, _>>(),
        ..Request::default()
    };
    let count = request.annotations.len();
    let native: Vec<Sample> =
        kata_e2e::time_validate_natively(&request, VALIDATE_SAMPLES, VALIDATE_BATCH)
            .into_iter()
            .map(Sample::Ms)
            .collect();
    print_summary(
        &format!("validate natively, {count} keys set (per call)"),
        &native,
    );
    browser
        .client
        .goto(&format!("{}pkg/package.json", pkg.url()))
        .await
        .map_err(|e| e.to_string())?;
    let times = browser
        .client
        .execute_async(
            VALIDATE_SCRIPT,
            vec![
                serde_json::json!(VALIDATE_SAMPLES),
                serde_json::json!(VALIDATE_BATCH),
                serde_json::json!(VALIDATE_WARM_UP),
                serde_json::to_value(&request).map_err(|e| e.to_string())?,
            ],
        )
        .await
        .map_err(|e| format!("validate script failed: {e}"))?;
    if !times.is_array() {
        return Err(format!("validate in the page failed: {times}"));
    }
    let wasm = milliseconds(&times);
    print_summary(
        &format!("validate in wasm (package ./validate, from JS), {count} keys set (per call)"),
        &wasm,
    );
    if let (Some(w), Some(n)) = (median_of(&wasm), median_of(&native)) {
        println!("  wasm / native, medians: {:.2}×", w / n);
    }
    // The request and the native figure for the Playwright run, which times
    // `validate` in wasm outside a WebDriver session, with and without the
    // JS boundary (`tests/perf/load.mjs`).
    if let Some(native) = median_of(&native) {
        let saved = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(VALIDATE_INPUT);
        let input = serde_json::json!({ "request": &request, "nativeMs": native });
        if let Err(e) = std::fs::write(&saved, input.to_string()) {
            println!("  (could not save the request for the Playwright run: {e})");
        }
    }

    // Every key ticked, then edits: time until the manifest shows each one,
    // on a plain page; then the same edits on a page opened with `?timing`,
    // which records how long each part took (performance measures) at a
    // cost of its own, so its total is not the figure.
    let state = share::encode(&request).map_err(|e| e.to_string())?;
    // The same request for the Playwright run (`tests/perf/load.mjs`),
    // which times the same edit outside a WebDriver session.
    let saved = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EDIT_STATE);
    if let Err(e) = std::fs::write(&saved, &state) {
        println!("  (could not save the request for the Playwright edits: {e})");
    }
    let (ready, input_id) = (editor(MEMORY), dom_id("value", MEMORY));
    let link = format!("{}#s={state}", server.url());
    let edits = edit_run(browser, &link, &ready, &input_id).await?;
    print_summary(
        &format!("edit to manifest updated, {count} keys ticked"),
        &edits,
    );
    // The same edit on the floors: the hello-world writes the input into
    // one YAML line; the floor validates the same request and writes its
    // whole manifest on each keystroke.
    let hello_edits = edit_run(browser, hello.url(), "#search", "search").await?;
    print_summary(
        "  the same edit, Yew hello-world (one YAML line)",
        &hello_edits,
    );
    let link = format!("{}#s={state}", floor.url());
    let floor_edits = edit_run(browser, &link, "#search", "search").await?;
    print_summary(&format!("  the same edit, {FLOOR}"), &floor_edits);
    let link = format!("{}?timing#s={state}", server.url());
    let timed = edit_run(browser, &link, &ready, &input_id).await?;
    print_summary("  the same with ?timing (its parts below)", &timed);
    // Measures were cleared after the warm-up, so each list holds the
    // measured edits only: the parts on an edit's path have one sample per
    // edit, and the views an edit should not reach have none.
    for (name, what) in [
        (
            "kata-reduce",
            "the reducer, with validate (in the input event)",
        ),
        ("kata-view-row", "the edited row's view"),
        ("kata-view-problems", "the problems' view"),
        ("kata-render-manifest", "render the manifest"),
        (
            "kata-save",
            "save the state (next task, off the edit's path)",
        ),
    ] {
        print_summary(&format!("  {what}"), &measures(browser, name).await?);
    }
    for (name, what) in [
        ("kata-view-app", "the page"),
        ("kata-view-target", "the target bar"),
        ("kata-view-catalog", "the catalog"),
        (
            "kata-view-outputs",
            "the outputs' tab bar, form and checklist",
        ),
    ] {
        let runs = measures(browser, name).await?.len();
        println!("  {what}: re-rendered {runs} times in {EDITS} edits");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{summarize, Sample};

    #[test]
    fn median_and_p95_by_nearest_rank() {
        let samples: Vec<Sample> = (1..=20).rev().map(|n| Sample::Ms(n as f64)).collect();
        let s = summarize(&samples).expect("samples");
        assert_eq!((s.median, s.p95, s.min, s.max), (10.0, 19.0, 1.0, 20.0));
        assert_eq!((s.finished, s.timeouts), (20, 0));
    }

    #[test]
    fn timeouts_are_counted_not_averaged() {
        let samples = [Sample::Ms(4.0), Sample::TimedOut, Sample::Ms(2.0)];
        let s = summarize(&samples).expect("two finished");
        assert_eq!((s.median, s.p95, s.finished, s.timeouts), (2.0, 4.0, 2, 1));
        assert_eq!(summarize(&[Sample::TimedOut]), None);
    }
}
