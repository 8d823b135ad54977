//! Validating a request that sets every catalog key: `cargo bench -p kata-annotations`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    divan::main();
}

// divan does not build for wasm32; the benchmark is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::BTreeMap;

    use divan::{black_box, Bencher};
    use kata_annotations::catalog::ANNOTATIONS;
    use kata_annotations::policy::PolicyInput;
    use kata_annotations::target::Runtime;
    use kata_annotations::validate::Validator;
    use kata_annotations::{render, validate, Request};

    const MEMORY: &str = "io.katacontainers.config.hypervisor.default_memory";

    /// Every key, with its default where it has one and a short text otherwise.
    fn every_key(runtime: Runtime) -> Request {
        Request {
            annotations: ANNOTATIONS
                .iter()
                .map(|a| (a.key.to_owned(), a.default.unwrap_or("1").to_owned()))
                .collect::<BTreeMap<_, _>>(),
            runtime,
            policy: Some(PolicyInput {
                enable_annotations: Some(vec![".*".into()]),
                ..PolicyInput::default()
            }),
            ..Request::default()
        }
    }

    #[divan::bench(args = [Runtime::Go, Runtime::Rust])]
    fn validate_every_key(bencher: Bencher<'_, '_>, runtime: Runtime) {
        let request = every_key(runtime);
        bencher.bench(|| validate(black_box(&request)));
    }

    #[divan::bench(args = [Runtime::Go, Runtime::Rust])]
    fn validate_every_key_shipped_policy(bencher: Bencher<'_, '_>, runtime: Runtime) {
        let mut request = every_key(runtime);
        request.policy = None;
        bencher.bench(|| validate(black_box(&request)));
    }

    /// The memory value toggled between two numbers, as a keystroke would.
    fn keystroke<'a>(request: &'a mut Request, n: &mut u32) -> &'a Request {
        *n = n.wrapping_add(1);
        request
            .annotations
            .insert(MEMORY.to_owned(), (2048 + *n % 2).to_string());
        request
    }

    /// One keystroke in the editor: the memory value changes among every
    /// key set, and the remembering validator checks the request again (the
    /// page's reducer does this on each edit).
    #[divan::bench(args = [Runtime::Go, Runtime::Rust])]
    fn validate_one_edit_remembering(bencher: Bencher<'_, '_>, runtime: Runtime) {
        let mut request = every_key(runtime);
        request.policy = None;
        let mut validator = Validator::default();
        validator.validate(&request);
        let mut n = 0u32;
        bencher.bench_local(|| validator.validate(black_box(keystroke(&mut request, &mut n))));
    }

    /// The manifest the page shows for every key set, after one edit (the
    /// other entries are remembered from the call before).
    #[divan::bench]
    fn render_manifest_one_edit(bencher: Bencher<'_, '_>) {
        let mut request = every_key(Runtime::Rust);
        let mut n = 0u32;
        bencher
            .bench_local(|| render::manifest::manifest(black_box(keystroke(&mut request, &mut n))));
    }
}
