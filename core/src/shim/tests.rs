use std::collections::BTreeSet;

use super::*;
use crate::version::v;

#[test]
fn shim_paths_follow_kata_deploy() {
    let go = Shim::new(Runtime::Go, Hypervisor::Qemu);
    assert_eq!(
        go.config_path(Version::NEWEST),
        "/opt/kata/share/defaults/kata-containers/runtimes/qemu/configuration-qemu.toml"
    );
    assert_eq!(go.runtime_path(), "/opt/kata/bin/containerd-shim-kata-v2");
    let rs = Shim::new(Runtime::Rust, Hypervisor::Clh);
    assert_eq!(
        rs.drop_in_path(Version::NEWEST),
        "/opt/kata/share/defaults/kata-containers/runtime-rs/runtimes/clh-runtime-rs/config.d/50-kata-annotations.toml"
    );
    // kata-deploy called it cloud-hypervisor before 3.30.
    assert_eq!(
        rs.config_path(v(3, 29)),
        "/opt/kata/share/defaults/kata-containers/runtime-rs/runtimes/cloud-hypervisor/configuration-cloud-hypervisor.toml"
    );
    assert_eq!(
        rs.runtime_path(),
        "/opt/kata/runtime-rs/bin/containerd-shim-kata-v2"
    );
    assert_eq!(Shim::new(Runtime::Go, Hypervisor::Firecracker).name, "fc");
    assert!(!Shim::new(Runtime::Rust, Hypervisor::Firecracker).installed_at(Version::NEWEST));
    assert!(!Shim::new(Runtime::Go, Hypervisor::Dragonball).exists());
}

#[test]
fn names_and_runtime_classes_find_shims() {
    assert_eq!(
        Shim::find("kata-qemu-coco-dev").map(|s| s.runtime),
        Some(Runtime::Go)
    );
    assert_eq!(
        Shim::find("qemu-coco-dev-runtime-rs").map(|s| (s.runtime, s.flavour)),
        Some((Runtime::Rust, Flavour::CocoDev))
    );
    assert_eq!(
        Shim::find("kata-cloud-hypervisor").map(|s| s.name),
        Some("clh-runtime-rs")
    );
    assert_eq!(Shim::find("kata"), None);
    assert_eq!(Shim::find("kata-qemu-unknown"), None);
}

#[test]
fn names_are_unique_and_every_shim_is_reachable() {
    let mut names = BTreeSet::new();
    for shim in SHIMS {
        assert!(
            names.insert((shim.name, shim.runtime)),
            "{} twice",
            shim.name
        );
        // runtime-rs's remote configuration shares the Go shim's name; the
        // name finds kata-deploy's (Go) shim.
        if shim.installed_at(Version::NEWEST) || shim.name != "remote" {
            assert!(
                std::ptr::eq(Shim::find(shim.name).unwrap(), shim),
                "{}",
                shim.name
            );
        }
        assert!(shim.hypervisor.supported_by(shim.runtime), "{}", shim.name);
    }
}

#[test]
fn the_default_shim_is_runtime_rs_from_4_0() {
    assert_eq!(default_shim(v(3, 32)).name, "qemu");
    assert_eq!(default_shim(v(4, 0)).name, "qemu-runtime-rs");
}

/// The shims kata-deploy installs per release, from the chart and scripts of
/// every tag (`core/tests/fixtures/kata-releases/shims.tsv`, written by
/// `extract.py`; see `core/tests/it/releases.rs`). `remote` is left out: the
/// chart has it from 3.26 but off by default, and the fixture lists only the
/// shims a default install gives.
#[test]
fn every_release_installs_the_shims_kata_deploy_does() {
    const SHIMS_TSV: &str = include_str!("../../tests/fixtures/kata-releases/shims.tsv");
    let mut wrong = Vec::new();
    for version in Version::releases() {
        let expected: BTreeSet<(String, String)> = SHIMS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("release\t"))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|f| f[0] == version.to_string())
            .map(|f| (f[1].to_owned(), f[2].to_owned()))
            .collect();
        let ours: BTreeSet<(String, String)> = installed(version)
            .filter(|s| s.name != "remote")
            .map(|s| (s.name_at(version).to_owned(), s.runtime.to_string()))
            .collect();
        for missing in expected.difference(&ours) {
            wrong.push(format!(
                "{version}: kata-deploy installs {missing:?}, the table does not"
            ));
        }
        for extra in ours.difference(&expected) {
            wrong.push(format!(
                "{version}: the table installs {extra:?}, kata-deploy does not"
            ));
        }
        let default = SHIMS_TSV
            .lines()
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|f| f.len() == 4 && f[0] == version.to_string() && f[3] == "yes")
            .map(|f| f[1].to_owned());
        if default.as_deref() != Some(default_shim(version).name_at(version)) {
            wrong.push(format!("{version}: default shim {default:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
