//! `cargo xtask pkg`: the npm-ready JS/TS package of core in `pkg/`.

use std::path::Path;

use crate::dist::gzip_len;
use crate::process::{root, run, step, ToolEnv};

/// wasm-opt flags: size first, with the features rustc emits for wasm32.
pub const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// One entry point of the package: core built with `feature`, bound by
/// wasm-bindgen as `<name>.js` + `<name>_bg.wasm` in `out`, shrunk by wasm-opt.
fn build_entry(env: &ToolEnv, feature: &str, out: &Path, name: &str) -> Result<(), String> {
    step(
        &format!("core for wasm32 (release, feature {feature})"),
        || {
            run(
                "cargo build",
                env.command("cargo").args([
                    "build",
                    "--release",
                    "--target",
                    "wasm32-unknown-unknown",
                    "-p",
                    "kata-annotations",
                    "--features",
                    feature,
                    "--lib",
                ]),
            )
        },
    )?;
    step(&format!("wasm-bindgen --target web ({name})"), || {
        run(
            "wasm-bindgen",
            env.command("wasm-bindgen")
                .args(["--target", "web", "--out-name", name, "--out-dir"])
                .arg(out)
                .arg(root().join("target/wasm32-unknown-unknown/release/kata_annotations.wasm")),
        )
    })?;
    let wasm = out.join(format!("{name}_bg.wasm"));
    step(&format!("wasm-opt -Oz ({name})"), || {
        run(
            "wasm-opt",
            env.command("wasm-opt")
                .args(WASM_OPT_ARGS)
                .arg("-o")
                .arg(&wasm)
                .arg(&wasm),
        )
    })
}

/// Builds `pkg/`: two entry points, each an ES module (`--target web`) with
/// its `.d.ts` and `.wasm`: `.` (the whole API) and `./validate` (catalog and
/// validator only, in `validate/`, for pages that only check annotations);
/// then a `package.json` that maps them, and the sizes.
pub fn build(env: &ToolEnv) -> Result<(), String> {
    let out = root().join("pkg");
    let _ = std::fs::remove_dir_all(&out);
    build_entry(env, "wasm", &out, "kata_annotations")?;
    build_entry(
        env,
        "wasm-validate",
        &out.join("validate"),
        "kata_annotations_validate",
    )?;
    let manifest = format!(
        r#"{{
  "name": "kata-annotations",
  "version": "{}",
  "description": "Catalog, validator and generators for Kata Containers per-pod annotations (WebAssembly)",
  "license": "Apache-2.0",
  "type": "module",
  "main": "kata_annotations.js",
  "module": "kata_annotations.js",
  "types": "kata_annotations.d.ts",
  "exports": {{
    ".": {{ "types": "./kata_annotations.d.ts", "default": "./kata_annotations.js" }},
    "./validate": {{ "types": "./validate/kata_annotations_validate.d.ts", "default": "./validate/kata_annotations_validate.js" }},
    "./kata_annotations_bg.wasm": "./kata_annotations_bg.wasm",
    "./validate/kata_annotations_validate_bg.wasm": "./validate/kata_annotations_validate_bg.wasm"
  }},
  "files": ["kata_annotations_bg.wasm", "kata_annotations.js", "kata_annotations.d.ts", "kata_annotations_bg.wasm.d.ts", "validate/"],
  "sideEffects": ["./snippets/*"]
}}
"#,
        env!("CARGO_PKG_VERSION")
    );
    std::fs::write(out.join("package.json"), manifest).map_err(|e| e.to_string())?;
    println!("{:<40} {:>10} {:>10}", "pkg/ file", "bytes", "gzip -9");
    for dir in [out.clone(), out.join("validate")] {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            let shown = path
                .strip_prefix(&out)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            println!(
                "{:<40} {:>10} {:>10}",
                shown,
                bytes.len(),
                gzip_len(&bytes)?
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The package, the app and the floors `perf` compares it with must
    /// ask wasm-opt for the same features.
    #[test]
    fn index_html_uses_the_same_wasm_opt_features() {
        for page in [
            "index.html",
            "tests/hello/index.html",
            "tests/hello/floor.html",
        ] {
            let html = std::fs::read_to_string(crate::process::root().join(page)).expect(page);
            let params = html
                .split("data-wasm-opt-params=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("the page sets data-wasm-opt-params");
            let app: Vec<&str> = params.split_whitespace().collect();
            assert_eq!(app, super::WASM_OPT_ARGS[1..], "{page}");
            assert!(html.contains("data-wasm-opt=\"z\""), "{page}");
        }
    }
}
