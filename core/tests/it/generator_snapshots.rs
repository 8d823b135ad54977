//! Snapshots of every node-side generator (containerd, Kata drop-in, Helm
//! values, CRI-O) across both runtimes, the hypervisors kata-deploy ships,
//! every containerd config version and both forwarding modes. Review a
//! changed `.snap` by eye; `INSTA_UPDATE=always cargo test -p kata-annotations`
//! rewrites them (CI never does).

use kata_annotations::render::{containerd, crio, kata};
use kata_annotations::request::{ContainerdOptions, Forwarding, Request};
use kata_annotations::target::{Hypervisor, Runtime};

/// The targets: both runtimes with qemu, clh, firecracker and remote, and
/// runtime-rs's dragonball.
const TARGETS: &[(Runtime, Hypervisor)] = &[
    (Runtime::Go, Hypervisor::Qemu),
    (Runtime::Go, Hypervisor::Clh),
    (Runtime::Go, Hypervisor::Firecracker),
    (Runtime::Go, Hypervisor::Remote),
    (Runtime::Rust, Hypervisor::Qemu),
    (Runtime::Rust, Hypervisor::Clh),
    (Runtime::Rust, Hypervisor::Firecracker),
    (Runtime::Rust, Hypervisor::Dragonball),
    (Runtime::Rust, Hypervisor::Remote),
];

/// A selection that exercises every branch: keys the shipped lists already
/// enable, keys they do not, a restricted value outside its allow-list, an
/// ungated runtime key, an agent key and a key with `/`.
fn selection(hypervisor: Hypervisor) -> Vec<(String, String)> {
    let binary = match hypervisor {
        Hypervisor::Qemu => "qemu-system-x86_64",
        Hypervisor::Clh => "cloud-hypervisor",
        Hypervisor::Firecracker => "firecracker",
        Hypervisor::Dragonball => "dragonball",
        Hypervisor::Remote => "remote",
        Hypervisor::Stratovirt => "stratovirt",
        Hypervisor::Openvmm => "openvmm",
    };
    [
        (
            "io.katacontainers.config.hypervisor.default_memory",
            "4096".to_owned(),
        ),
        (
            "io.katacontainers.config.hypervisor.default_vcpus",
            "2".to_owned(),
        ),
        (
            "io.katacontainers.config.hypervisor.enable_hugepages",
            "true".to_owned(),
        ),
        (
            "io.katacontainers.config.hypervisor.kernel_params",
            "quiet".to_owned(),
        ),
        (
            "io.katacontainers.config.hypervisor.path",
            format!("/opt/custom/bin/{binary}"),
        ),
        (
            "io.katacontainers.config.runtime.disable_guest_seccomp",
            "false".to_owned(),
        ),
        (
            "io.katacontainers.config.agent.kernel_modules",
            "e1000e".to_owned(),
        ),
        ("sgx.intel.com/epc", "1Mi".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn request(runtime: Runtime, hypervisor: Hypervisor) -> Request {
    Request {
        annotations: selection(hypervisor).into_iter().collect(),
        runtime,
        hypervisor,
        containerd: ContainerdOptions {
            config_version: 3,
            handler: format!("kata-{}", kata::Shim::new(runtime, hypervisor).name),
            forwarding: Forwarding::Exact,
            runtime_path: true,
            config_path: true,
        },
        ..Request::default()
    }
}

fn name(runtime: Runtime, hypervisor: Hypervisor) -> String {
    format!("{runtime}_{}", hypervisor.table())
}

#[test]
fn containerd_per_target() {
    for &(runtime, hypervisor) in TARGETS {
        let text = containerd::snippet(&request(runtime, hypervisor)).expect("renders");
        insta::assert_snapshot!(format!("containerd_{}", name(runtime, hypervisor)), text);
    }
}

#[test]
fn containerd_per_version_and_forwarding() {
    for version in 1..=4 {
        for forwarding in [Forwarding::Exact, Forwarding::Wildcard] {
            let mut r = request(Runtime::Rust, Hypervisor::Qemu);
            r.containerd = ContainerdOptions {
                config_version: version,
                forwarding,
                ..ContainerdOptions::default()
            };
            let mode = match forwarding {
                Forwarding::Exact => "exact",
                Forwarding::Wildcard => "wildcard",
            };
            let text = containerd::snippet(&r).expect("renders");
            insta::assert_snapshot!(format!("containerd_v{version}_{mode}"), text);
        }
    }
}

#[test]
fn kata_drop_in_per_target() {
    for &(runtime, hypervisor) in TARGETS {
        let file = kata::drop_in(&request(runtime, hypervisor)).expect("renders");
        insta::assert_snapshot!(
            format!("drop_in_{}", name(runtime, hypervisor)),
            format!("path: {}\n---\n{}", file.path, file.toml)
        );
    }
}

#[test]
fn helm_values_per_target() {
    for &(runtime, hypervisor) in TARGETS {
        let text = kata::helm_values(&request(runtime, hypervisor)).expect("renders");
        insta::assert_snapshot!(format!("helm_{}", name(runtime, hypervisor)), text);
    }
}

#[test]
fn crio_note_per_target() {
    for &(runtime, hypervisor) in TARGETS {
        let text = crio::note(&request(runtime, hypervisor)).expect("renders");
        insta::assert_snapshot!(format!("crio_{}", name(runtime, hypervisor)), text);
    }
}

#[test]
fn empty_selection() {
    let r = Request::default();
    insta::assert_snapshot!(
        "empty_containerd",
        containerd::snippet(&r).expect("renders")
    );
    let file = kata::drop_in(&r).expect("renders");
    insta::assert_snapshot!(
        "empty_drop_in",
        format!("path: {}\n---\n{}", file.path, file.toml)
    );
    insta::assert_snapshot!("empty_helm", kata::helm_values(&r).expect("renders"));
    insta::assert_snapshot!("empty_crio", crio::note(&r).expect("renders"));
}
