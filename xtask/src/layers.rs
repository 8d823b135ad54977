//! The dependency rules between modules, checked by reading the source:
//! `crate::…` paths in core and the `use` lines of web. ARCHITECTURE.md
//! states the same rules; this test keeps them true.

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use crate::process::root;

    /// Every `.rs` file under `dir`.
    fn sources(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        out.sort();
        out
    }

    /// The top-level module a file of `core/src` belongs to (`validate` for
    /// `validate/gate.rs`, `badge` for `badge.rs`).
    fn module_of(src: &Path, file: &Path) -> String {
        let relative = file.strip_prefix(src).unwrap_or(file);
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        first.trim_end_matches(".rs").to_owned()
    }

    /// The top-level modules a source text names through `crate::`, both
    /// `crate::a::b` and the items of `crate::{a, b::c}`.
    fn crate_references(text: &str) -> BTreeSet<String> {
        let ident = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // Top-level items of the group, up to its closing brace.
                let mut depth = 0usize;
                let mut item_start = true;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && !c.is_whitespace() => {
                            item_start = false;
                            out.insert(ident(&group[i..]));
                        }
                        _ => {}
                    }
                }
            } else {
                out.insert(ident(rest));
            }
        }
        out.retain(|m| !m.is_empty());
        out
    }

    fn core_graph() -> BTreeMap<String, BTreeSet<String>> {
        let src = root().join("core/src");
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in sources(&src) {
            let module = module_of(&src, &file);
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let refs = crate_references(&text);
            graph
                .entry(module.clone())
                .or_default()
                .extend(refs.into_iter().filter(|r| *r != module));
        }
        graph
    }

    #[test]
    fn the_reference_reader_sees_groups_and_paths() {
        let refs = crate_references(
            "use crate::a::X;\nuse crate::{b, c::{D, E}, d::F};\nlet x = crate::e::f();",
        );
        let want: BTreeSet<String> = ["a", "b", "c", "d", "e"].map(String::from).into();
        assert_eq!(refs, want);
    }

    /// The data modules hold facts and types; the engines read them. A data
    /// module that imported an engine would make the catalog depend on
    /// rules, and the layers could no longer be read (or shipped) apart.
    #[test]
    fn data_modules_never_import_the_engines() {
        let data = [
            "target",
            "kind",
            "diagnostic",
            "catalog",
            "policy",
            "request",
            "error",
        ];
        let engines = [
            "validate",
            "render",
            "import",
            "share",
            "node_config",
            "presets",
            "edit",
            "badge",
            "reference",
            "vm_size",
            "init_data",
            "kernel_cmdline",
            "wasm",
        ];
        let graph = core_graph();
        for module in data {
            let Some(refs) = graph.get(module) else {
                continue;
            };
            for engine in engines {
                assert!(
                    !refs.contains(engine),
                    "core module `{module}` imports `{engine}`"
                );
            }
        }
        assert!(graph.contains_key("catalog") && graph.contains_key("validate"));
    }

    /// The validator and the generators are independent: a verdict never
    /// depends on how an output is written, and an output never re-validates
    /// (the admission policies read verdicts only through `admission::plan`).
    #[test]
    fn validate_and_render_never_import_each_other_or_the_importer() {
        let graph = core_graph();
        for (module, forbidden) in [
            ("validate", &["render", "import", "wasm", "admission"][..]),
            ("render", &["validate", "import", "wasm"][..]),
        ] {
            let refs = graph.get(module).cloned().unwrap_or_default();
            for &f in forbidden {
                assert!(!refs.contains(f), "core module `{module}` imports `{f}`");
            }
        }
    }

    /// Only the binding module knows JS: the library stays plain Rust.
    #[test]
    fn only_the_binding_module_knows_js() {
        let src = root().join("core/src");
        for file in sources(&src) {
            if module_of(&src, &file) == "wasm" {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for word in ["wasm_bindgen", "JsValue", "serde_wasm_bindgen", "js_sys"] {
                assert!(!text.contains(word), "{} names {word}", file.display());
            }
        }
    }

    /// The web app never validates on its own and asks core once per change:
    /// only `state` (the reducer, which keeps the verdict in step with the
    /// request) calls core's validator, and only `dom` touches the browser's
    /// window (storage, location, clipboard).
    #[test]
    fn web_keeps_its_seams() {
        let src = root().join("web/src");
        let files = sources(&src);
        assert!(files.len() > 5, "web/src has its files");
        for file in files {
            let name = file
                .strip_prefix(&src)
                .unwrap_or(&file)
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if name != "dom.rs" {
                assert!(
                    !text.contains("web_sys::window"),
                    "{name} reaches the window"
                );
            }
            if name != "state.rs" {
                let validates = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .any(|l| l.contains("validate(") || l.contains("Validator"));
                assert!(!validates, "{name} calls the validator");
            }
            if name != "app.rs" {
                for call in ["render_output(", "render("] {
                    let calls = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .any(|l| {
                            l.contains(&format!("kata_annotations::{call}"))
                                || l.contains(&format!(" {call}"))
                        });
                    assert!(!calls, "{name} calls {call}");
                }
            }
        }
    }
}
