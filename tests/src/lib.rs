//! Harness for the end-to-end tests: serve the built `dist/` on loopback,
//! start chromedriver, and hand each test a headless Chromium session.
//!
//! The tests run against what users get (the release bundle), so the
//! caller builds `dist/` first (`cargo xtask test` does).

pub mod browser;
pub mod page;
pub mod server;

pub use browser::Browser;
pub use server::{ServeOptions, StaticServer};

use std::path::PathBuf;

/// Where the built bundle is: `$KATA_DIST` or `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("KATA_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// Where tests leave screenshots: `<workspace>/target/e2e`.
pub fn artifacts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e")
}

/// Times a fresh `kata_annotations::validate` of `request` natively:
/// `batches` samples of `batch` calls each, in milliseconds per call, after
/// a short warm-up. Shared by the perf report and the native timer the
/// Playwright run calls (`src/bin/validate-native.rs`).
pub fn time_validate_natively(
    request: &kata_annotations::Request,
    batches: usize,
    batch: usize,
) -> Vec<f64> {
    for _ in 0..batch * 5 {
        std::hint::black_box(kata_annotations::validate(std::hint::black_box(request)));
    }
    (0..batches)
        .map(|_| {
            let t0 = std::time::Instant::now();
            for _ in 0..batch {
                std::hint::black_box(kata_annotations::validate(std::hint::black_box(request)));
            }
            t0.elapsed().as_secs_f64() * 1000.0 / batch as f64
        })
        .collect()
}
