//! The containerd snippet, read by a real containerd: each emitted snippet is
//! written to a file, `containerd --config FILE config dump` loads (and, for
//! version 1, migrates) it, and the dumped runtime table must hold what we
//! emitted. Needs Debian's `containerd` (1.6, which reads config versions 1
//! and 2); the test fails when the binary is missing.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use kata_annotations::render::containerd::snippet;
use kata_annotations::request::{ContainerdOptions, Forwarding, Request};
use kata_annotations::target::{Hypervisor, Runtime};

/// A config file that removes itself.
struct TempConfig(PathBuf);

impl TempConfig {
    fn new(text: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "kata-annotations-containerd-{}-{}.toml",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, text).expect("write the config file");
        Self(path)
    }
}

impl Drop for TempConfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `containerd --config FILE config dump`, parsed.
fn dump(config: &str) -> toml::Table {
    let file = TempConfig::new(config);
    let output = match Command::new("containerd")
        .arg("--config")
        .arg(&file.0)
        .args(["config", "dump"])
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "the `containerd` binary is not on PATH: install Debian's containerd package \
             (`apt-get install containerd`) to run this test; CI installs it"
        ),
        Err(e) => panic!("could not run containerd: {e}"),
    };
    assert!(
        output.status.success(),
        "containerd rejected the config:\n{config}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 dump");
    toml::from_str(&text).unwrap_or_else(|e| panic!("dump is not TOML: {e}\n{text}"))
}

fn strings(value: &toml::Value) -> Vec<String> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

/// The handler's table in our snippet and in containerd's dump (which is
/// always version 2: containerd 1.6 migrates version 1 on load).
fn tables(request: &Request) -> (toml::Table, toml::Table) {
    let version = request.containerd.config_version;
    let handler = request.containerd.handler.as_str();
    let text = snippet(request).expect("renders");
    let ours: toml::Table = toml::from_str(&text).expect("snippet is TOML");
    let plugin = if version == 1 {
        "cri"
    } else {
        "io.containerd.grpc.v1.cri"
    };
    let emitted = ours["plugins"][plugin]["containerd"]["runtimes"][handler]
        .as_table()
        .expect("emitted table")
        .clone();
    let dumped = dump(&text);
    let loaded = dumped["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]
        .get(handler)
        .and_then(toml::Value::as_table)
        .unwrap_or_else(|| panic!("containerd dropped handler {handler:?}:\n{text}"))
        .clone();
    (emitted, loaded)
}

fn request(version: u8, forwarding: Forwarding, keys: &[&str], runtime: Runtime) -> Request {
    Request {
        annotations: keys
            .iter()
            .map(|k| ((*k).to_owned(), "1".to_owned()))
            .collect(),
        runtime,
        hypervisor: Hypervisor::Qemu,
        containerd: ContainerdOptions {
            config_version: version,
            handler: "kata-qemu".into(),
            forwarding,
            runtime_path: true,
            config_path: true,
        },
        ..Request::default()
    }
}

const KEYS: &[&str] = &[
    "io.katacontainers.config.hypervisor.default_memory",
    "io.katacontainers.config.hypervisor.kernel_params",
    "io.katacontainers.config.agent.kernel_modules",
    "io.katacontainers.config.runtime.disable_guest_seccomp",
    "sgx.intel.com/epc",
    "example.com/team",
];

#[test]
fn containerd_loads_the_pod_annotations_we_emit() {
    let mut cases = 0;
    for version in [1, 2] {
        for forwarding in [Forwarding::Exact, Forwarding::Wildcard] {
            for keys in [KEYS, &KEYS[..1], &[]] {
                for runtime in Runtime::ALL {
                    let r = request(version, forwarding, keys, runtime);
                    let (emitted, loaded) = tables(&r);
                    assert_eq!(
                        strings(&loaded["pod_annotations"]),
                        strings(&emitted["pod_annotations"]),
                        "v{version} {forwarding:?} {keys:?}"
                    );
                    assert_eq!(loaded["runtime_type"], emitted["runtime_type"]);
                    assert_eq!(loaded["runtime_path"], emitted["runtime_path"]);
                    assert_eq!(
                        loaded["options"]["ConfigPath"],
                        emitted["options"]["ConfigPath"]
                    );
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 24);
}

#[test]
fn containerd_loads_the_minimal_snippet() {
    for version in [1, 2] {
        let mut r = request(version, Forwarding::Exact, KEYS, Runtime::Rust);
        r.containerd.runtime_path = false;
        r.containerd.config_path = false;
        r.containerd.handler = "kata".into();
        let (emitted, loaded) = tables(&r);
        assert_eq!(
            strings(&loaded["pod_annotations"]),
            strings(&emitted["pod_annotations"])
        );
        assert_eq!(
            loaded["runtime_type"].as_str(),
            Some("io.containerd.kata.v2")
        );
        assert_eq!(loaded["runtime_path"].as_str(), Some(""));
    }
}
