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
