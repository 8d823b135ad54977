//! Importing picks the target from the manifest: the shim from a
//! `kata-<shim>` runtimeClassName, the release from a pasted RuntimeClass's
//! `katacontainers.io/kata-version` (kata-deploy's chart stamps it,
//! `helm-chart/kata-deploy/templates/_helpers.tpl:51` at 4.1.0), and the
//! container's resources.

use kata_annotations::import::{apply_import, import_manifest, to_request};
use kata_annotations::request::Request;
use kata_annotations::target::Runtime;
use kata_annotations::version::Version;

#[test]
fn the_runtime_class_name_picks_the_shim() {
    let yaml = r#"
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    io.katacontainers.config.hypervisor.default_memory: "4096"
spec:
  runtimeClassName: kata-qemu-coco-dev
  containers:
    - name: app
      image: busybox
      resources:
        limits: { cpu: 500m, memory: 1Gi }
        requests: { memory: 512Mi }
"#;
    let base = Request::default();
    let imported = import_manifest(yaml, &base).expect("imports");
    let request = apply_import(&imported.workloads[0], &base);
    assert_eq!(request.shim.as_deref(), Some("qemu-coco-dev"));
    assert_eq!(request.runtime, Runtime::Go);
    assert_eq!(request.workload.resources.cpu_limit, "500m");
    assert_eq!(request.workload.resources.memory_limit, "1Gi");
    assert_eq!(request.workload.resources.memory_request, "512Mi");
    // The Go coco shim enables default_memory (DEFENABLEANNOTATIONS_COCO):
    // no KA301, where the plain Go qemu shim would refuse it.
    assert!(
        !imported
            .report
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "KA301"),
        "{:?}",
        imported.report.diagnostics
    );
}

#[test]
fn a_pasted_runtime_class_gives_the_release_and_kata_means_its_default_shim() {
    let yaml = r#"
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata
  annotations:
    katacontainers.io/kata-version: "3.28.0"
handler: kata
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  runtimeClassName: kata
  containers:
    - name: app
      image: busybox
"#;
    let base = Request::default();
    let imported = import_manifest(yaml, &base).expect("imports");
    assert_eq!(
        imported.workloads[0].kata_version.as_deref(),
        Some("3.28.0")
    );
    let request = to_request(&imported.workloads[0], &base);
    assert_eq!(
        request.kata_version,
        "3.28".parse::<Version>().expect("known")
    );
    // kata-deploy's default shim before 4.0 is the Go runtime's qemu.
    assert_eq!(request.shim.as_deref(), Some("qemu"));
    assert_eq!(request.runtime, Runtime::Go);
}

#[test]
fn an_unknown_class_keeps_the_forms_target() {
    let yaml = r#"
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  runtimeClassName: my-kata
  containers: [{ name: app, image: busybox }]
"#;
    let base: Request =
        serde_json::from_str(r#"{"shim":"clh-runtime-rs","kataVersion":"3.30"}"#).expect("request");
    let imported = import_manifest(yaml, &base).expect("imports");
    let request = to_request(&imported.workloads[0], &base);
    assert_eq!(request.shim.as_deref(), Some("clh-runtime-rs"));
    assert_eq!(request.kata_version.to_string(), "3.30");
}
