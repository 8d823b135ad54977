//! The CRI-O note: a handler table in kata-deploy's form, with the notes
//! that matter (no allow-list needed, no Kata keys in allowed_annotations,
//! default_annotations since 1.32).

use kata_annotations::render::crio::note;
use kata_annotations::request::Request;
use kata_annotations::target::{Hypervisor, Runtime};
use kata_annotations::Error;

fn request(runtime: Runtime, hypervisor: Hypervisor) -> Request {
    let mut r = Request {
        runtime,
        hypervisor,
        ..Request::default()
    };
    r.annotations.insert(
        "io.katacontainers.config.hypervisor.default_memory".into(),
        "4096".into(),
    );
    r.annotations
        .insert("sgx.intel.com/epc".into(), "1Mi".into());
    r
}

#[test]
fn handler_table_reads_back() {
    // kata-deploy's install layout, written out (not taken from the code under
    // test): the shim binary per runtime, one configuration per shim.
    const DEFAULTS: &str = "/opt/kata/share/defaults/kata-containers";
    let table: &[(Runtime, Hypervisor, &str, String)] = &[
        (
            Runtime::Go,
            Hypervisor::Qemu,
            "/opt/kata/bin/containerd-shim-kata-v2",
            format!("{DEFAULTS}/runtimes/qemu/configuration-qemu.toml"),
        ),
        (
            Runtime::Rust,
            Hypervisor::Clh,
            "/opt/kata/runtime-rs/bin/containerd-shim-kata-v2",
            format!(
                "{DEFAULTS}/runtime-rs/runtimes/clh-runtime-rs/configuration-clh-runtime-rs.toml"
            ),
        ),
    ];
    for (runtime, hypervisor, shim_binary, config) in table {
        let r = request(*runtime, *hypervisor);
        let text = note(&r).expect("renders");
        let document: toml::Table = toml::from_str(&text).expect("TOML");
        let handler = document["crio"]["runtime"]["runtimes"]["kata"]
            .as_table()
            .expect("handler table");
        assert_eq!(
            handler["runtime_path"].as_str(),
            Some(*shim_binary),
            "{text}"
        );
        assert_eq!(
            handler["runtime_config_path"].as_str(),
            Some(config.as_str()),
            "{text}"
        );
    }
    for runtime in Runtime::ALL {
        for hypervisor in Hypervisor::ALL {
            let text = note(&request(runtime, hypervisor)).expect("renders");
            let document: toml::Table = toml::from_str(&text).expect("TOML");
            let handler = document["crio"]["runtime"]["runtimes"]["kata"]
                .as_table()
                .expect("handler table");
            assert_eq!(handler["runtime_type"].as_str(), Some("vm"));
            assert_eq!(handler["runtime_root"].as_str(), Some("/run/vc"));
            assert_eq!(
                handler["privileged_without_host_devices"].as_bool(),
                Some(true)
            );
            // No allowed_annotations, and the default_annotations example is commented out.
            assert_eq!(handler.len(), 5, "{text}");
        }
    }
}

#[test]
fn notes_say_what_crio_does_with_annotations() {
    let text = note(&request(Runtime::Rust, Hypervisor::Qemu)).expect("renders");
    for needle in [
        "CRI-O copies every pod annotation",
        "Do NOT add Kata keys to allowed_annotations",
        "invalid allowed_annotation",
        "Since CRI-O 1.32",
        "default_annotations",
    ] {
        assert!(
            crate::prose(&text).contains(needle),
            "{needle:?} missing:\n{text}"
        );
    }
}

/// Uncommented, the default_annotations example is valid TOML holding the selection.
#[test]
fn default_annotations_example_uncomments_to_the_selection() {
    let r = request(Runtime::Go, Hypervisor::Clh);
    let text = note(&r).expect("renders");
    let (_, example) = text.split_once("Uncomment").expect("example");
    // The example starts at its first table header, after the prose.
    let uncommented: String = example
        .lines()
        .skip_while(|l| !l.starts_with("# ["))
        .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
        .collect();
    let document: toml::Table = toml::from_str(&uncommented).expect("TOML");
    let defaults = document["crio"]["runtime"]["runtimes"]["kata"]["default_annotations"]
        .as_table()
        .expect("table");
    assert_eq!(defaults.len(), r.annotations.len());
    for (key, value) in &r.annotations {
        assert_eq!(defaults[key].as_str(), Some(value.as_str()));
    }
}

#[test]
fn empty_handler_is_an_error() {
    let mut r = request(Runtime::Go, Hypervisor::Qemu);
    r.containerd.handler = String::new();
    assert!(matches!(note(&r), Err(Error::InvalidRequest(_))));
}
