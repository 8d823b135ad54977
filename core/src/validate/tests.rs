//! Table-driven validator tests: every rule has a case that fails without it.

use std::collections::BTreeSet;

use super::rules::short_name;
use super::validate;
use crate::diagnostic::Severity;
use crate::policy::PolicyInput;
use crate::request::Request;
use crate::target::{Arch, Hypervisor, Runtime};

const HV: &str = "io.katacontainers.config.hypervisor.";

/// Builds a request; a key without a dot is a hypervisor suffix.
fn req(runtime: Runtime, pairs: &[(&str, &str)]) -> Request {
    Request {
        annotations: pairs
            .iter()
            .map(|(k, v)| {
                let key = if k.contains('.') || k.contains('/') {
                    (*k).to_owned()
                } else {
                    format!("{HV}{k}")
                };
                (key, (*v).to_owned())
            })
            .collect(),
        runtime,
        ..Request::default()
    }
}

fn enable_all(mut request: Request) -> Request {
    request.policy = Some(PolicyInput {
        enable_annotations: Some(vec![".*".into()]),
        ..PolicyInput::default()
    });
    request
}

fn with_hypervisor(mut request: Request, hypervisor: Hypervisor) -> Request {
    request.hypervisor = hypervisor;
    request
}

/// Asserts the errors and warnings are exactly `expected` ("KA301 default_memory"),
/// and that any info listed in `expected` is present too.
fn check(request: Request, expected: &[&str]) {
    let report = validate(&request);
    let render = |d: &crate::diagnostic::Diagnostic| {
        format!(
            "{} {}",
            d.code.as_str(),
            d.key.as_deref().map(short_name).unwrap_or("-")
        )
    };
    let got: BTreeSet<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info || expected.contains(&render(d).as_str()))
        .map(render)
        .collect();
    let want: BTreeSet<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        got, want,
        "\nrequest: {:?}\nreport: {:#?}",
        request.annotations, report.diagnostics
    );
}

use Runtime::{Go, Rust};

#[test]
fn clean_selection_on_shipped_defaults() {
    check(
        req(
            Rust,
            &[
                ("default_memory", "4096"),
                ("default_vcpus", "2"),
                ("io.katacontainers.config.agent.enable_tracing", "true"),
            ],
        ),
        &[],
    );
    check(
        req(
            Go,
            &[
                ("kernel_params", "quiet"),
                (
                    "io.katacontainers.config.runtime.disable_guest_seccomp",
                    "false",
                ),
            ],
        ),
        &[],
    );
}

#[test]
fn kubernetes_gate() {
    check(
        req(Rust, &[("vhost_user_reconnect_timeout_sec", "5")]),
        &[
            "KA101 vhost_user_reconnect_timeout_sec",
            "KA301 vhost_user_reconnect_timeout_sec",
        ],
    );
    check(
        req(Rust, &[("example.com/bad key", "x")]),
        &["KA104 example.com/bad key"],
    );
    check(req(Rust, &[("a/b/c", "x")]), &["KA104 a/b/c"]);
    check(
        req(Rust, &[("Example.com/x", "1"), ("example.com/X", "2")]),
        &["KA103 Example.com/x", "KA103 example.com/X"],
    );
    let big = "x".repeat(270_000);
    check(
        req(Rust, &[("example.com/big", big.as_str())]),
        &["KA102 -"],
    );
    check(
        req(
            Rust,
            &[("io.katacontainers.config.hypervisor.Default_Memory", "4096")],
        ),
        &["KA105 Default_Memory"],
    );
}

/// The API server lower-cases a key with Go's simple case mapping before
/// the syntax check: U+0130 becomes `i` and the Kelvin sign `k`, so those
/// keys pass; any other non-ASCII letter stays non-ASCII and is refused.
#[test]
fn kubernetes_lowers_keys_as_go_does() {
    check(req(Rust, &[("example.com/\u{130}d", "x")]), &[]);
    check(req(Rust, &[("example.com/\u{212A}ey", "x")]), &[]);
    check(req(Rust, &[("\u{212A}ata.example.com/x", "x")]), &[]);
    check(
        req(Rust, &[("example.com/\u{c4}pfel", "x")]),
        &["KA104 example.com/\u{c4}pfel"],
    );
    check(
        req(Rust, &[("example.com/\u{e4}pfel", "x")]),
        &["KA104 example.com/\u{e4}pfel"],
    );
    // The dotted capital I and the Kelvin sign fold onto ASCII keys.
    check(
        req(
            Rust,
            &[("example.com/key", "1"), ("example.com/\u{212A}ey", "2")],
        ),
        &["KA103 example.com/key", "KA103 example.com/\u{212A}ey"],
    );
}

#[test]
fn keys_unknown_misspelled_removed() {
    check(
        req(
            Rust,
            &[(
                "io.kata-containers.config.hypervisor.default_memory",
                "4096",
            )],
        ),
        &["KA202 io.kata-containers.config.hypervisor.default_memory"],
    );
    check(
        req(
            Rust,
            &[("io.katacontainers.config.agent.enable_tracng", "true")],
        ),
        &["KA201 enable_tracng"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.config.agent.trace_mode", "static")],
        ),
        &["KA203 trace_mode"],
    );
    check(
        req(Rust, &[("io.katacontainers.config_path", "/x")]),
        &["KA203 config_path"],
    );
    check(
        req(Rust, &[("io.katacontainers.pkg.oci.bundle_path", "/x")]),
        &["KA206 pkg.oci.bundle_path"],
    );
    check(
        req(Rust, &[("io.katacontainers.enable_vcpus_pinning", "true")]),
        &["KA204 enable_vcpus_pinning"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.config.runtime.guest_selinux_label", "x")],
        ),
        &["KA205 guest_selinux_label"],
    );
    // Someone else's annotation is none of our business.
    check(req(Rust, &[("example.com/team", "blue")]), &[]);
}

#[test]
fn enable_annotations_gate_differs_per_runtime() {
    check(
        req(Go, &[("default_memory", "4096")]),
        &["KA301 default_memory"],
    );
    let report = validate(&req(Rust, &[("enable_hugepages", "true")]));
    assert_eq!(
        report.diagnostics[0].severity,
        Severity::Warning,
        "{report:?}"
    );
    check(
        req(Rust, &[("enable_hugepages", "true")]),
        &["KA301 enable_hugepages"],
    );
    // Unanchored: enable_iommu enables enable_iommu_platform.
    check(req(Go, &[("enable_iommu_platform", "true")]), &[]);
    // Unknown hypervisor keys hit the gate too.
    check(
        req(Go, &[("default_maxvcpus", "4")]),
        &["KA301 default_maxvcpus", "KA201 default_maxvcpus"],
    );
    check(
        enable_all(req(Rust, &[("default_maxvcpus", "4")])),
        &["KA207 default_maxvcpus"],
    );
    // runtime-rs fails enabled keys it does not implement.
    check(
        enable_all(req(Rust, &[("kernel_hash", "ab")])),
        &["KA207 kernel_hash"],
    );
    check(
        enable_all(req(Rust, &[("msize_9p", "8192")])),
        &["KA207 msize_9p"],
    );
}

#[test]
fn invalid_enable_regex() {
    let mut request = req(Rust, &[("default_memory", "4096")]);
    request.policy = Some(PolicyInput {
        enable_annotations: Some(vec!["[invalid".into(), "default_memory".into()]),
        ..PolicyInput::default()
    });
    check(request.clone(), &["KA302 -", "KA301 default_memory"]);
    request.runtime = Go;
    check(request, &["KA302 -"]);
}

#[test]
fn restricted_values() {
    let path = |runtime, value: &str| enable_all(req(runtime, &[("path", value)]));
    check(path(Rust, "/opt/kata/bin/qemu-system-x86_64"), &[]);
    check(
        path(Go, "/opt/kata/bin/qemu-system-x86_64"),
        &["KA304 path"],
    );
    check(path(Rust, "/usr/bin/qemu-system-x86_64"), &["KA303 path"]);
    check(
        path(Rust, "/opt/kata/bin/../bin/qemu-system-x86_64"),
        &["KA303 path"],
    );
    check(
        // filepath.Glob never yields "": the allow-list refuses it
        // (src/runtime/pkg/oci/utils.go:645-648, 4.1.0).
        enable_all(req(Go, &[("entropy_source", "")])),
        &["KA303 entropy_source"],
    );
    // Allowed, but runtime-rs QEMU always uses /dev/urandom
    // (qemu/cmdline_generator.rs:1620-1626 at 4.1.0).
    check(
        enable_all(req(Rust, &[("entropy_source", "/dev/random")])),
        &["KA205 entropy_source"],
    );
    let clh = with_hypervisor(
        enable_all(req(Rust, &[("entropy_source", "/dev/random")])),
        Hypervisor::Clh,
    );
    check(clh, &["KA303 entropy_source"]);
    let mut wild = enable_all(req(Rust, &[("path", "/opt/kata/bin/../../usr/bin/x")]));
    if let Some(policy) = wild.policy.as_mut() {
        policy.valid_hypervisor_paths = Some(vec!["/opt/kata/bin/*".into()]);
    }
    check(wild, &["KA306 -"]);
}

#[test]
fn value_syntax_per_runtime() {
    check(
        req(
            Rust,
            &[("io.katacontainers.config.agent.enable_tracing", "True")],
        ),
        &["KA401 enable_tracing"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.config.agent.enable_tracing", "True")],
        ),
        &["KA407 enable_tracing", "KA408 enable_tracing"],
    );
    check(
        req(
            Go,
            &[(
                "io.katacontainers.config.agent.container_pipe_size",
                "4294967297",
            )],
        ),
        &["KA402 container_pipe_size"],
    );
    check(
        req(
            Rust,
            &[(
                "io.katacontainers.config.agent.container_pipe_size",
                "4294967296",
            )],
        ),
        &["KA401 container_pipe_size"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.config.agent.container_pipe_size", "+5")],
        ),
        &["KA401 container_pipe_size"],
    );
    check(
        req(Rust, &[("default_memory", "abc")]),
        &["KA403 default_memory"],
    );
    check(
        req(Rust, &[("default_memory", "2G")]),
        &["KA406 default_memory"],
    );
    check(req(Rust, &[("default_memory", "2Gi")]), &[]);
    check(
        enable_all(req(Go, &[("default_memory", "2Gi")])),
        &["KA401 default_memory"],
    );
    check(
        enable_all(req(Go, &[("virtio_fs_extra_args", "--thread-pool-size=4")])),
        &["KA401 virtio_fs_extra_args", "KA501 virtio_fs_extra_args"],
    );
    check(
        enable_all(req(Rust, &[("virtio_fs_cache", "none")])),
        &["KA406 virtio_fs_cache"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.config.runtime.enable_pprof", "yes")],
        ),
        &["KA403 enable_pprof"],
    );
    check(
        req(
            Rust,
            &[("io.katacontainers.config.runtime.enable_pprof", "yes")],
        ),
        &["KA205 enable_pprof", "KA401 enable_pprof"],
    );
}

#[test]
fn per_key_ranges() {
    check(
        enable_all(req(Go, &[("default_memory", "128")])),
        &["KA404 default_memory"],
    );
    check(
        enable_all(with_hypervisor(
            req(Go, &[("default_memory", "128")]),
            Hypervisor::Remote,
        )),
        &[],
    );
    check(
        req(Rust, &[("default_memory", "32")]),
        &["KA404 default_memory"],
    );
    check(
        with_hypervisor(
            req(Rust, &[("default_memory", "100")]),
            Hypervisor::Firecracker,
        ),
        &["KA404 default_memory"],
    );
    check(
        req(Rust, &[("default_vcpus", "257")]),
        &["KA404 default_vcpus"],
    );
    check(
        with_hypervisor(
            req(Rust, &[("default_vcpus", "33")]),
            Hypervisor::Firecracker,
        ),
        &["KA404 default_vcpus"],
    );
    check(
        req(Rust, &[("default_vcpus", "-1")]),
        &["KA406 default_vcpus"],
    );
    check(
        enable_all(req(Go, &[("default_max_vcpus", "241")])),
        &["KA404 default_max_vcpus"],
    );
    let mut arm = enable_all(req(Go, &[("default_max_vcpus", "124")]));
    arm.arch = Arch::Aarch64;
    check(arm, &["KA404 default_max_vcpus"]);
    check(
        enable_all(req(Go, &[("indep_iothreads", "0")])),
        &["KA404 indep_iothreads"],
    );
    check(
        enable_all(req(Go, &[("indep_iothreads", "51")])),
        &["KA404 indep_iothreads"],
    );
    check(enable_all(req(Rust, &[("indep_iothreads", "51")])), &[]);
    check(
        // 0 fails the parse; the shipped shared_fs (virtio-fs) would make any
        // other value useless (hypervisor_config_linux.go:66-68).
        enable_all(req(Go, &[("msize_9p", "0")])),
        &["KA404 msize_9p", "KA205 msize_9p"],
    );
    check(
        enable_all(req(Rust, &[("blk_logical_sector_size", "1000")])),
        &["KA404 blk_logical_sector_size"],
    );
    check(
        enable_all(req(Rust, &[("pcie_root_port", "17")])),
        &["KA404 pcie_root_port"],
    );
    check(
        enable_all(req(Go, &[("pcie_root_port", "17")])),
        &["KA404 pcie_root_port"],
    );
    check(
        enable_all(req(Go, &[("memory_slots", "0")])),
        &["KA406 memory_slots"],
    );
    check(
        enable_all(req(Rust, &[("network_queues", "300")])),
        &["KA406 network_queues"],
    );
    check(
        req(
            Rust,
            &[(
                "io.katacontainers.config.runtime.create_container_timeout",
                "4294968",
            )],
        ),
        &["KA404 create_container_timeout"],
    );
    check(
        req(
            Go,
            &[(
                "io.katacontainers.config.runtime.experimental",
                "force_guest_pull",
            )],
        ),
        &["KA401 experimental"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.container.resource.swappiness", "201")],
        ),
        &["KA404 swappiness"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.container.resource.swappiness", "0x10")],
        ),
        &[],
    );
    check(
        enable_all(req(Go, &[("default_gpus", "1")])),
        &["KA406 default_gpus"],
    );
    check(
        enable_all(req(Rust, &[("enable_guest_swap", "true")])),
        &["KA405 enable_guest_swap"],
    );
    check(
        enable_all(req(Rust, &[("kernel_params", "agent.debug_console")])),
        &["KA501 kernel_params"],
    );
}

#[test]
fn cross_key_conflicts() {
    check(
        enable_all(req(Go, &[("image", "/a.img"), ("initrd", "/b.img")])),
        &["KA405 image", "KA405 initrd"],
    );
    check(
        enable_all(req(
            Go,
            &[
                ("hot_plug_vfio", "root-port"),
                ("cold_plug_vfio", "root-port"),
            ],
        )),
        &["KA405 hot_plug_vfio"],
    );
    check(
        enable_all(req(
            Rust,
            &[("pcie_root_port", "2"), ("pcie_switch_port", "2")],
        )),
        &["KA405 pcie_switch_port"],
    );
    check(
        enable_all(req(
            Rust,
            &[
                ("blk_logical_sector_size", "4096"),
                ("blk_physical_sector_size", "512"),
            ],
        )),
        &["KA405 blk_logical_sector_size"],
    );
    check(
        enable_all(req(
            Rust,
            &[("default_vcpus", "8"), ("default_max_vcpus", "4")],
        )),
        // qemu-runtime-rs sizes statically at 4.1, so the maximum is then
        // replaced too (initial_size.rs:187).
        &["KA406 default_vcpus", "KA406 default_max_vcpus"],
    );
}

#[test]
fn unsupported_target() {
    check(
        with_hypervisor(req(Go, &[]), Hypervisor::Dragonball),
        &["KA305 -"],
    );
}

#[test]
fn every_finding_carries_a_message_and_a_stable_code() {
    let request = enable_all(req(
        Go,
        &[
            ("default_memory", "1"),
            ("path", "/x"),
            ("io.katacontainers.config.runtime.experimental", ""),
        ],
    ));
    let report = validate(&request);
    assert!(report.diagnostics.len() >= 3);
    for d in &report.diagnostics {
        assert!(d.code.as_str().starts_with("KA") && d.code.as_str().len() == 5);
        assert!(d.message.len() > 20, "{d:?}");
        // A finding about a key names a key the request has, so the UI can lead to it.
        if let Some(key) = &d.key {
            assert!(request.annotations.contains_key(key), "{d:?}");
        }
    }
}

#[test]
fn keys_outside_kata_deploys_containerd_pattern_are_not_forwarded() {
    // kata-deploy writes pod_annotations = ["io.katacontainers.*"]; path.Match's
    // `*` does not match the `/` of a third-party key, nor another prefix.
    check(
        req(Go, &[("sgx.intel.com/epc", "4Mi")]),
        &["KA601 sgx.intel.com/epc"],
    );
    check(
        req(
            Go,
            &[("io.katacontainers.config.agent.enable_tracing", "true")],
        ),
        &[],
    );
}

/// `request` on the named kata-deploy shim at `version`.
fn on(mut request: Request, shim: &str, version: (u8, u8)) -> Request {
    request.set_shim(crate::shim::Shim::find(shim).expect("a known shim"));
    request.kata_version = crate::version::v(version.0, version.1);
    request
}

#[test]
fn the_cache_mode_is_checked_only_where_a_virtio_fs_daemon_starts() {
    // Go: virtiofsd.valid() maps "" to auto (virtiofsd.go:220-222).
    check(
        enable_all(on(req(Go, &[("virtio_fs_cache", "")]), "qemu", (3, 32))),
        &["KA406 virtio_fs_cache"],
    );
    // No daemon (the shim ships shared_fs = none): any value passes, to no effect.
    for shim in ["qemu-tdx", "qemu-snp-runtime-rs"] {
        check(
            enable_all(on(req(Go, &[("virtio_fs_cache", "bogus")]), shim, (4, 1))),
            &["KA205 virtio_fs_cache"],
        );
    }
    // A daemon starts: the value is still checked.
    check(
        enable_all(on(req(Go, &[("virtio_fs_cache", "bogus")]), "qemu", (4, 1))),
        &["KA401 virtio_fs_cache"],
    );
    // metadata arrived in Go's virtiofsd check at 3.20.
    check(
        enable_all(on(
            req(Go, &[("virtio_fs_cache", "metadata")]),
            "qemu",
            (3, 19),
        )),
        &["KA401 virtio_fs_cache"],
    );
    check(
        enable_all(on(
            req(Go, &[("virtio_fs_cache", "metadata")]),
            "qemu",
            (3, 20),
        )),
        &[],
    );
}

#[test]
fn go_fails_the_pod_when_vcpus_exceed_their_maximum() {
    let pair = [("default_vcpus", "4"), ("default_max_vcpus", "2")];
    check(
        enable_all(on(req(Go, &pair), "qemu", (3, 32))),
        &["KA405 default_vcpus"],
    );
    check(
        enable_all(on(
            req(Go, &[("default_vcpus", "2.5"), ("default_max_vcpus", "3")]),
            "qemu",
            (4, 1),
        )),
        &[],
    );
    // A confidential guest passes no maximum to QEMU (and qemu-tdx sizes
    // the VM statically, which makes the maximum moot).
    check(
        enable_all(on(req(Go, &pair), "qemu-tdx", (3, 32))),
        &["KA406 default_max_vcpus"],
    );
}

#[test]
fn go_rules_of_one_hypervisor_or_flavour() {
    // Only the remote hypervisor parses default_gpus (utils.go:903-906).
    check(
        enable_all(on(req(Go, &[("default_gpus", "abc")]), "qemu", (3, 32))),
        &["KA406 default_gpus"],
    );
    check(
        enable_all(on(req(Go, &[("shared_fs", "virtio-9p")]), "clh", (3, 32))),
        &["KA401 shared_fs"],
    );
    check(
        enable_all(on(
            req(Go, &[("block_device_driver", "virtio-mmio")]),
            "qemu-tdx",
            (3, 28),
        )),
        &["KA401 block_device_driver"],
    );
    check(
        enable_all(on(
            req(Go, &[("block_device_driver", "virtio-mmio")]),
            "qemu-tdx",
            (3, 27),
        )),
        &[],
    );
}

#[test]
fn go_create_container_timeout_must_leave_a_deadline() {
    const KEY: &str = "io.katacontainers.config.runtime.create_container_timeout";
    for (seconds, fails) in [
        ("0", true),
        ("1", false),
        ("9223372036", false),
        ("9223372037", true),
        ("18446744073709551615", true),
    ] {
        let expected: &[&str] = if fails {
            &["KA404 create_container_timeout"]
        } else {
            &[]
        };
        check(on(req(Go, &[(KEY, seconds)]), "qemu", (4, 1)), expected);
    }
    // runtime-rs: 0 is no timeout at all, for every agent request.
    check(
        on(req(Rust, &[(KEY, "0")]), "qemu-runtime-rs", (4, 1)),
        &["KA406 create_container_timeout"],
    );
}

#[test]
fn runtime_rs_release_and_setting_dependent_rules() {
    const MODEL: &str = "io.katacontainers.config.runtime.internetworking_model";
    check(
        on(
            req(Rust, &[(MODEL, "l3forwarding")]),
            "qemu-runtime-rs",
            (4, 0),
        ),
        &["KA401 internetworking_model"],
    );
    check(
        on(
            req(Rust, &[(MODEL, "l3forwarding")]),
            "qemu-runtime-rs",
            (4, 1),
        ),
        &[],
    );
    // Block devices off: the driver is cleared before it is checked.
    check(
        enable_all(req(
            Rust,
            &[
                ("disable_block_device_use", "true"),
                ("block_device_driver", "bogus"),
            ],
        )),
        &["KA205 block_device_driver"],
    );
    // Every plugin defaults an empty kernel to a relative file it cannot find.
    for shim in ["clh-runtime-rs", "dragonball", "rs-fc"] {
        check(
            enable_all(on(req(Rust, &[("kernel", "")]), shim, (4, 1))),
            &["KA405 kernel"],
        );
    }
}

#[test]
fn runtime_rs_sandbox_bind_mounts_and_kernel_params_by_release() {
    const BIND: &str = "io.katacontainers.config.runtime.sandbox_bind_mounts";
    // Applied up to 3.32 (a node-dependent info), refused from workloads from 4.0.
    check(
        on(req(Rust, &[(BIND, "/etc")]), "qemu-runtime-rs", (3, 32)),
        &["KA409 sandbox_bind_mounts"],
    );
    check(
        on(req(Rust, &[(BIND, "/etc")]), "qemu-runtime-rs", (4, 0)),
        &["KA205 sandbox_bind_mounts"],
    );
    check(
        enable_all(on(
            req(Rust, &[("kernel_params", "quiet")]),
            "qemu-runtime-rs",
            (3, 23),
        )),
        &["KA406 kernel_params"],
    );
    check(
        enable_all(on(
            req(Rust, &[("kernel_params", "quiet")]),
            "qemu-runtime-rs",
            (3, 24),
        )),
        &[],
    );
}

#[test]
fn go_read_whole_vcpus_before_3_3() {
    for (version, value, expected) in [
        ((3, 2), "1.5", &["KA401 default_vcpus"][..]),
        ((3, 2), "+1", &["KA401 default_vcpus"][..]),
        ((3, 2), "2", &[][..]),
        ((3, 3), "1.5", &[][..]),
    ] {
        check(
            enable_all(on(req(Go, &[("default_vcpus", value)]), "qemu", version)),
            expected,
        );
    }
}

#[test]
fn go_qemu_and_firecracker_limits_past_parsing() {
    check(
        enable_all(on(req(Go, &[("memory_slots", "300")]), "qemu", (3, 32))),
        &["KA406 memory_slots"],
    );
    check(
        enable_all(on(req(Go, &[("memory_slots", "255")]), "qemu", (3, 32))),
        &[],
    );
    check(
        enable_all(on(
            req(Go, &[("disable_image_nvdimm", "false")]),
            "qemu-snp",
            (3, 32),
        )),
        &["KA403 disable_image_nvdimm"],
    );
    check(
        enable_all(on(
            req(Go, &[("disable_image_nvdimm", "false")]),
            "qemu",
            (3, 32),
        )),
        &[],
    );
    check(
        enable_all(on(req(Go, &[("shared_fs", "virtio-fs")]), "fc", (3, 32))),
        &["KA401 shared_fs"],
    );
}

#[test]
fn dragonball_refused_root_bus_hotplug_while_runtime_rs_read_it() {
    check(
        enable_all(on(
            req(Rust, &[("hotplug_vfio_on_root_bus", "true")]),
            "dragonball",
            (3, 32),
        )),
        &["KA405 hotplug_vfio_on_root_bus"],
    );
    check(
        enable_all(on(
            req(Rust, &[("hotplug_vfio_on_root_bus", "false")]),
            "dragonball",
            (3, 32),
        )),
        &[],
    );
}

#[test]
fn runtime_rs_wants_the_vhost_user_store_on_the_host() {
    check(
        enable_all(req(Rust, &[("enable_vhost_user_store", "true")])),
        &["KA304 enable_vhost_user_store"],
    );
    check(
        enable_all(req(Rust, &[("enable_vhost_user_store", "false")])),
        &[],
    );
}

#[test]
fn go_checks_a_hash_only_against_a_path_the_pod_names() {
    let hash = "ab".repeat(64);
    check(
        enable_all(req(Go, &[("kernel_hash", hash.as_str())])),
        &["KA205 kernel_hash"],
    );
    let both = req(
        Go,
        &[
            ("kernel_hash", hash.as_str()),
            ("kernel", "/opt/kata/vmlinuz"),
        ],
    );
    let report = validate(&enable_all(both));
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "KA205"),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn runtime_rs_resolves_these_paths_on_the_host() {
    for (key, value) in [
        ("entropy_source", "/dev/urandom"),
        ("path", "/opt/kata/bin/qemu-system-x86_64"),
        (
            "io.katacontainers.config.hypervisor.prefetch_files.list",
            "/opt/kata/prefetch.list",
        ),
        ("virtio_fs_daemon", "/opt/kata/libexec/virtiofsd"),
    ] {
        let report = validate(&enable_all(req(Rust, &[(key, value)])));
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() == "KA409" && d.message.contains("exists on the host")),
            "{key}: {:?}",
            report.diagnostics
        );
    }
}

#[test]
fn runtime_rs_passes_an_empty_modprobe_argument_for_a_trailing_space() {
    const MODULES: &str = "io.katacontainers.config.agent.kernel_modules";
    for value in ["e1000e ", "e1000e  p=1", "i915;e1000e "] {
        check(req(Rust, &[(MODULES, value)]), &["KA406 kernel_modules"]);
    }
    check(req(Rust, &[(MODULES, "e1000e p=1;i915")]), &[]);
}

#[test]
fn go_swap_limits_from_2_to_the_63_turn_negative() {
    const SWAP: &str = "io.katacontainers.container.resource.swap_in_bytes";
    check(
        req(Go, &[(SWAP, "18446744073709551615")]),
        &["KA406 swap_in_bytes"],
    );
    check(req(Go, &[(SWAP, "9223372036854775807")]), &[]);
}

/// Init-data larger than the tool reads (1 MiB) is not refused: neither
/// runtime limits the document (Go `io.ReadAll`, runtime/pkg/oci/utils.go:1113;
/// runtime-rs `read_to_string`, kata-types initdata.rs:225-228; 4.1.0). The
/// tool says it did not check it; a small document is checked as before.
#[test]
fn init_data_beyond_the_tools_bound_is_unchecked_not_refused() {
    let gzip_b64 = |doc: &str| crate::kind::test_support::gzip_b64(doc.as_bytes());
    let big = format!(
        "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n\"aa.toml\" = \"{}\"\n",
        "x".repeat(2_000_000)
    );
    let small = "version = \"0.1.0\"\nalgorithm = \"md5\"\n[data]\n";
    let key = "io.katacontainers.config.hypervisor.cc_init_data";
    for (runtime, shim) in [(Go, "qemu-tdx"), (Rust, "qemu-coco-dev-runtime-rs")] {
        let big = gzip_b64(&big);
        check(
            enable_all(on(req(runtime, &[(key, &big)]), shim, (4, 1))),
            &["KA409 cc_init_data"],
        );
        let report = validate(&enable_all(on(req(runtime, &[(key, &big)]), shim, (4, 1))));
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.message.contains("not checked")),
            "{:#?}",
            report.diagnostics
        );
        // An unknown algorithm in a small document is still refused.
        check(
            enable_all(on(req(runtime, &[(key, &gzip_b64(small))]), shim, (4, 1))),
            &["KA401 cc_init_data"],
        );
    }
}

/// The report's order by key place is the order by key text: findings about
/// keys the request sets, about keys it does not set (between them), about
/// no key, of every severity, with ties and duplicates.
#[test]
fn ordering_by_key_place_is_ordering_by_key_text() {
    use super::{sorted, Checked};
    use crate::diagnostic::{Code, Diagnostic};
    let finding = |code: Code, key: Option<&str>, message: &str, severity: Severity| {
        Diagnostic::new(code, key, message).with_severity(severity)
    };
    let (e, w, i) = (Severity::Error, Severity::Warning, Severity::Info);
    let kept: Vec<(String, String, Checked)> = ["b.k", "d.k", "f.k"]
        .iter()
        .map(|key| {
            let findings = vec![
                finding(Code::Risk, Some(key), "risk", i),
                finding(Code::Conflict, Some(key), "z", w),
                finding(Code::Conflict, Some(key), "a", w),
                // A per-key check may name another key.
                finding(Code::Conflict, Some("c.k"), "other", e),
                finding(Code::Risk, Some(key), "own, after another's", i),
            ];
            (
                (*key).to_owned(),
                String::new(),
                Checked::new(key, findings),
            )
        })
        .collect();
    let before = vec![
        finding(Code::TotalSizeTooLarge, None, "size", e),
        finding(Code::Conflict, Some("e.k"), "not set", w),
        finding(Code::Conflict, Some("a.k"), "first", w),
        finding(Code::Conflict, Some("c.k"), "other", e),
    ];
    let after = vec![
        finding(Code::Conflict, Some("d.k"), "a", w),
        finding(Code::Conflict, Some("g.k"), "last", i),
        finding(Code::Conflict, Some("c.k"), "between", w),
        // Two keys not set with the same place: their text decides.
        finding(Code::Conflict, Some("c.j"), "between", w),
        finding(Code::Risk, None, "none", w),
    ];
    let mut expected: Vec<Diagnostic> = before.clone();
    for (_, _, checked) in &kept {
        expected.extend(checked.findings.iter().map(|d| (**d).clone()));
    }
    expected.extend(after.iter().cloned());
    expected.sort_by(|a, b| {
        (a.severity, &a.key, a.code, &a.message).cmp(&(b.severity, &b.key, b.code, &b.message))
    });
    expected.dedup();
    let sorted: Vec<Diagnostic> = sorted(&kept, before, after)
        .into_iter()
        .map(std::sync::Arc::unwrap_or_clone)
        .collect();
    assert_eq!(sorted, expected);
}
