//! The configurator as a library: the Yew app (`app`, `components`), its
//! state and reducer (`state`, tested natively with `cargo test`), and the
//! browser glue (`dom`). The binary only mounts [`app::App`].

mod app;
mod components;
mod dom;
mod row_feed;
mod saving;
pub mod state;

/// Mounts the app on `<body>`.
pub fn run() {
    // The wasm is compiled and started: the rest of the time to interactive
    // is the first render (`cargo xtask perf` reports both).
    dom::mark("kata-start");
    yew::Renderer::<app::App>::new().render();
}
