//! The configurator as a library: the Yew app (`app`, `components`), its
//! state and reducer (`state`, tested natively with `cargo test`), and the
//! browser glue (`dom`). The binary only mounts [`app::App`].

mod app;
mod components;
mod dom;
pub mod state;

/// Mounts the app on `<body>`.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
