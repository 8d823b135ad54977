//! `cargo xtask pkg`: the npm-ready JS/TS package of core in `pkg/`.

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

/// Builds `pkg/`: the `.wasm`, the ES module (`--target web`), the `.d.ts`
/// and a `package.json`; prints the sizes.
pub fn build(env: &ToolEnv) -> Result<(), String> {
    let out = root().join("pkg");
    step("core for wasm32 (release, feature wasm)", || {
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
                "wasm",
                "--lib",
            ]),
        )
    })?;
    let _ = std::fs::remove_dir_all(&out);
    step("wasm-bindgen --target web", || {
        run(
            "wasm-bindgen",
            env.command("wasm-bindgen")
                .args([
                    "--target",
                    "web",
                    "--out-name",
                    "kata_annotations",
                    "--out-dir",
                ])
                .arg(&out)
                .arg(root().join("target/wasm32-unknown-unknown/release/kata_annotations.wasm")),
        )
    })?;
    let wasm = out.join("kata_annotations_bg.wasm");
    step("wasm-opt -Oz", || {
        run(
            "wasm-opt",
            env.command("wasm-opt")
                .args(WASM_OPT_ARGS)
                .arg("-o")
                .arg(&wasm)
                .arg(&wasm),
        )
    })?;
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
  "files": ["kata_annotations_bg.wasm", "kata_annotations.js", "kata_annotations.d.ts", "kata_annotations_bg.wasm.d.ts"],
  "sideEffects": ["./snippets/*"]
}}
"#,
        env!("CARGO_PKG_VERSION")
    );
    std::fs::write(out.join("package.json"), manifest).map_err(|e| e.to_string())?;
    println!("{:<32} {:>10} {:>10}", "pkg/ file", "bytes", "gzip -9");
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .map_err(|e| e.to_string())?
        .flatten()
        .filter(|e| e.path().is_file())
        .collect();
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        println!(
            "{:<32} {:>10} {:>10}",
            entry.file_name().to_string_lossy(),
            bytes.len(),
            gzip_len(&bytes)?
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The package and the app must ask wasm-opt for the same features.
    #[test]
    fn index_html_uses_the_same_wasm_opt_features() {
        let html =
            std::fs::read_to_string(crate::process::root().join("index.html")).expect("index.html");
        let params = html
            .split("data-wasm-opt-params=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("index.html sets data-wasm-opt-params");
        let app: Vec<&str> = params.split_whitespace().collect();
        assert_eq!(app, super::WASM_OPT_ARGS[1..]);
    }
}
