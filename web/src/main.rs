//! The configurator's entry point: mounts the Yew app on `<body>`.

mod app;
mod components;
mod dom;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
