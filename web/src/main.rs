//! The configurator's entry point: mounts the Yew app on `<body>`.

fn main() {
    kata_configurator::run();
}
