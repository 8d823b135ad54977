//! Starts compiling a Trunk bundle's `.wasm` while the page is still loading.
//!
//! Trunk preloads the `.wasm` from `<head>`, but its loader is a module
//! script, which runs only after the document is parsed and the stylesheet
//! has arrived; only then does it hand the downloaded bytes to the engine.
//! Compiling the configurator's module takes longer than downloading it, so
//! the page waited for the compile after the download (the timeline is in
//! `docs/performance.md`, step 22). This rewrite adds a classic script at the
//! end of `<head>` that starts `WebAssembly.compileStreaming` on the
//! preloaded response (same URL and CORS mode, so the browser reuses it) and
//! makes Trunk's loader instantiate that module.
//!
//! The classic script is parsed before the deferred module script runs, so
//! the loader always finds the promise. When the server sends the `.wasm`
//! with another MIME type, streaming compilation fails and the promise
//! falls back to the URL, which wasm-bindgen's `init` fetches and compiles
//! itself, as before. An embedder with a nonce-based CSP puts its nonce on
//! this script as on Trunk's (docs/embedding.md).

use std::path::Path;

/// Rewrites the `index.html` of the Trunk bundle in `dist` (see the module
/// docs). Fails when the page is not the shape Trunk 0.21 writes, rather than
/// leave a page that loads the module twice.
pub fn compile_early(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let rewritten = rewrite(&html).map_err(|e| format!("{}: {e}", index.display()))?;
    std::fs::write(&index, rewritten).map_err(|e| format!("{}: {e}", index.display()))
}

/// The global the early script leaves its promise in.
const GLOBAL: &str = "__kataWasmModule";

/// `html` with the `.wasm` compiled from the end of `<head>`.
fn rewrite(html: &str) -> Result<String, String> {
    if html.contains(GLOBAL) {
        return Ok(html.to_owned());
    }
    const CALL: &str = "init({ module_or_path: '";
    let mut calls = html.match_indices(CALL);
    let (start, _) = calls
        .next()
        .ok_or("no Trunk loader (`init({ module_or_path: '…' })`) in the page")?;
    if calls.next().is_some() {
        return Err("more than one Trunk loader in the page".into());
    }
    let after = &html[start + CALL.len()..];
    let end = after
        .find("' })")
        .ok_or("the Trunk loader's call is not closed")?;
    let url = &after[..end];
    if !url.ends_with(".wasm") || url.contains(['"', '\'', '<', '>', '\\']) {
        return Err(format!("unexpected module URL {url:?} in the Trunk loader"));
    }
    if html.matches("</head>").count() != 1 {
        return Err("the page must have one </head>".into());
    }
    let call = format!("{CALL}{url}' }})");
    let from_early = format!("init({{ module_or_path: await (window.{GLOBAL} ?? '{url}') }})");
    let early = format!(
        "<script>window.{GLOBAL} = WebAssembly.compileStreaming(fetch('{url}')).catch(() => '{url}');</script>"
    );
    Ok(html
        .replacen(&call, &from_early, 1)
        .replacen("</head>", &format!("{early}</head>"), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of the page Trunk 0.21 writes (`tests/hello`'s, trimmed).
    const TRUNK_PAGE: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <title>Hello</title>
<script type="module">
import init, * as bindings from './kata-hello-86a4d0b7dc3e18b0.js';
const wasm = await init({ module_or_path: './kata-hello-86a4d0b7dc3e18b0_bg.wasm' });
</script>
  <link rel="preload" href="./kata-hello-86a4d0b7dc3e18b0_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"></head>
  <body></body>
</html>"#;

    #[test]
    fn the_loader_instantiates_the_module_compiled_from_the_head() {
        let page = rewrite(TRUNK_PAGE).expect("Trunk's page");
        let early = page
            .find("WebAssembly.compileStreaming(fetch('./kata-hello-86a4d0b7dc3e18b0_bg.wasm'))")
            .expect("the early compile");
        let preload = page
            .find("<link rel=\"preload\"")
            .expect("Trunk's preload stays");
        let loader = page
            .find("await (window.__kataWasmModule ?? './kata-hello-86a4d0b7dc3e18b0_bg.wasm')")
            .expect("the loader uses it");
        // After the preload (so the fetch reuses it), before the head ends.
        assert!(preload < early && early < page.find("</head>").expect("the head ends"));
        assert!(loader < early, "the module script stays where Trunk put it");
        assert!(
            !page.contains("module_or_path: './"),
            "no second fetch by URL"
        );
    }

    #[test]
    fn rewriting_twice_changes_nothing() {
        let once = rewrite(TRUNK_PAGE).expect("Trunk's page");
        assert_eq!(rewrite(&once).expect("a rewritten page"), once);
    }

    #[test]
    fn a_page_of_another_shape_is_refused() {
        assert!(rewrite("<html><head></head></html>").is_err());
        let twice = TRUNK_PAGE.replace(
            "</html>",
            "<script>init({ module_or_path: './b_bg.wasm' })</script></html>",
        );
        assert!(rewrite(&twice).is_err());
        let odd = TRUNK_PAGE.replace("_bg.wasm' })", "_bg.wasm?x=\"1\"' })");
        assert!(rewrite(&odd).is_err());
    }
}
