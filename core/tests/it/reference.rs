//! `docs/annotations.md` is generated from the catalog; this fails when it is stale.

#[test]
fn generated_reference_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/annotations.md");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let fresh = kata_annotations::reference::markdown();
    assert!(
        committed == fresh,
        "docs/annotations.md is stale: run `cargo xtask docs` and commit the result"
    );
}

#[test]
fn reference_lists_every_key_and_code() {
    let page = kata_annotations::reference::markdown();
    for a in kata_annotations::catalog::ANNOTATIONS {
        // Keys a user sets link to the configurator opened on them; the ones
        // the runtime sets itself have nothing to open.
        let cell = if a.internal {
            format!("| `{}` |", a.key)
        } else {
            format!("| [`{0}`](../#key={0}) |", a.key)
        };
        assert!(page.contains(&cell), "{} missing: {cell}", a.key);
    }
    for code in kata_annotations::Code::ALL {
        assert!(page.contains(code.as_str()));
    }
}

/// A documentation site that publishes the configurator elsewhere gets its
/// own links.
#[test]
fn reference_links_to_the_configurator_it_is_given() {
    let page =
        kata_annotations::reference::markdown_linking_to("https://docs.example/configurator/");
    assert!(page.contains(
        "[`io.katacontainers.config.hypervisor.default_memory`](https://docs.example/configurator/#key=io.katacontainers.config.hypervisor.default_memory)"
    ));
}
