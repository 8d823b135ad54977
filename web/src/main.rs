//! The configurator's entry point: mounts the Yew app on `<body>`.

mod app;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
