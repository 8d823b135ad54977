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
        assert!(
            page.contains(&format!("| `{}` |", a.key)),
            "{} missing",
            a.key
        );
    }
    for code in kata_annotations::Code::ALL {
        assert!(page.contains(code.as_str()));
    }
}
