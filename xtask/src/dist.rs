//! The Trunk builds: the dev server and the release bundle with its sizes.

use std::io::Write;

use flate2::{write::GzEncoder, Compression};

use crate::loader;
use crate::process::{root, run, step, ToolEnv};

/// `trunk serve`: a dev build at http://127.0.0.1:8080 that reloads on change.
pub fn serve(env: &ToolEnv) -> Result<(), String> {
    println!("==> serving the configurator at http://127.0.0.1:8080 (Ctrl-C stops)");
    run("trunk serve", env.command("trunk").arg("serve"))
}

/// `trunk build --release` into `dist/`, its `.wasm` compiled from `<head>`
/// (`loader`).
pub fn build_release(env: &ToolEnv) -> Result<(), String> {
    step("release bundle (trunk build --release)", || {
        run(
            "trunk build --release",
            env.command("trunk").args(["build", "--release"]),
        )?;
        loader::compile_early(&root().join("dist"))
    })
}

/// The floors `cargo xtask perf` compares with (`tests/hello/`), built like
/// the app (release profile, the same wasm-opt settings): the Yew
/// hello-world into `target/hello-dist`, and the page that only validates
/// and writes the manifest into `target/floor-dist`.
pub fn build_hello(env: &ToolEnv) -> Result<(), String> {
    for (page, dist) in [
        ("tests/hello/index.html", "target/hello-dist"),
        ("tests/hello/floor.html", "target/floor-dist"),
    ] {
        step(
            &format!("floor bundle {page} (trunk build --release)"),
            || {
                run(
                    &format!("trunk build --release {page}"),
                    // The target goes first: `--release` takes an optional value.
                    env.command("trunk")
                        .args(["build", page, "--release", "--dist", dist]),
                )?;
                // Loaded the way the app is, so the comparison is of the pages.
                loader::compile_early(&root().join(dist))
            },
        )?;
    }
    Ok(())
}

/// Builds the release bundle and prints each file's raw and gzip size.
pub fn build_and_report(env: &ToolEnv) -> Result<(), String> {
    build_release(env)?;
    let rows = sizes()?;
    println!("{:<48} {:>10} {:>10}", "dist/ file", "bytes", "gzip -9");
    let (mut raw_total, mut gz_total) = (0, 0);
    for (name, raw, gz) in &rows {
        println!("{name:<48} {raw:>10} {gz:>10}");
        raw_total += raw;
        gz_total += gz;
    }
    println!("{:<48} {raw_total:>10} {gz_total:>10}", "total");
    Ok(())
}

/// `(file name, raw bytes, gzip -9 bytes)` for every file in `dist/`, sorted.
pub fn sizes() -> Result<Vec<(String, usize, usize)>, String> {
    let dist = root().join("dist");
    let mut rows = Vec::new();
    let entries = std::fs::read_dir(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        rows.push((
            entry.file_name().to_string_lossy().into_owned(),
            bytes.len(),
            gzip_len(&bytes)?,
        ));
    }
    rows.sort();
    Ok(rows)
}

/// The size of `bytes` after `gzip -9`.
pub fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map(|gz| gz.len())
        .map_err(|e| format!("gzip: {e}"))
}
