//! `cargo xtask perf`: the configurator's figures, measured in headless
//! Chromium against the release bundle. A report, not a test: it prints
//! numbers and never fails on them.

use std::collections::BTreeMap;
use std::io::Write;

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::share;
use kata_annotations::Request;
use kata_e2e::{dist_dir, Browser, StaticServer};

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let dist = dist_dir();
    let server = StaticServer::start(&dist, &[]).map_err(|e| e.to_string())?;
    let browser = Browser::start().await?;

    // First load: what the page fetched, and when it became interactive.
    browser
        .client
        .goto(server.url())
        .await
        .map_err(|e| e.to_string())?;
    browser.find("#search").await?;
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
    println!("first load:");
    for name in &files {
        let bytes = std::fs::read(dist.join(name)).unwrap_or_default();
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
    let interactive = browser
        .eval("const m = performance.getEntriesByName('kata-interactive')[0]; return m ? m.startTime : null")
        .await?;
    println!("navigation to interactive: {interactive} ms");

    // Every key ticked, then one edit: time until every output shows it.
    let request = Request {
        annotations: ANNOTATIONS
            .iter()
            .filter(|a| a.removed_since().is_none() && !a.internal)
            .map(|a| (a.key.to_owned(), a.default.unwrap_or("1").to_owned()))
            .collect::<BTreeMap<_, _>>(),
        ..Request::default()
    };
    let count = request.annotations.len();
    let link = format!(
        "{}#s={}",
        server.url(),
        share::encode(&request).map_err(|e| e.to_string())?
    );
    browser
        .client
        .goto("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    browser
        .client
        .goto(&link)
        .await
        .map_err(|e| e.to_string())?;
    browser
        .find("#value-io-katacontainers-config-hypervisor-default-memory")
        .await?;
    let script = r#"
        const done = arguments[arguments.length - 1];
        const input = document.getElementById('value-io-katacontainers-config-hypervisor-default-memory');
        const output = document.getElementById('output-manifest');
        const times = [];
        let i = 0;
        function step() {
          if (i === 30) { done(times); return; }
          const value = String(3000 + i++);
          const t0 = performance.now();
          input.value = value;
          input.dispatchEvent(new InputEvent('input', { bubbles: true }));
          const check = () => {
            if (output.textContent.includes("default_memory: '" + value + "'")) {
              times.push(performance.now() - t0);
              setTimeout(step, 0);
            } else {
              queueMicrotask(check);
            }
          };
          check();
        }
        step();
    "#;
    let times = browser.eval_async(script).await?;
    let mut times: Vec<f64> = times
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    times.sort_by(f64::total_cmp);
    if let (Some(min), Some(median), Some(max)) =
        (times.first(), times.get(times.len() / 2), times.last())
    {
        println!("edit to all outputs updated, {count} keys ticked: median {median:.1} ms (min {min:.1}, max {max:.1}, {} edits)", times.len());
    }
    browser.close().await;
    Ok(())
}
