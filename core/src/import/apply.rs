//! The import-to-form merge: what a form (the page, or any JS caller)
//! should hold after importing one workload over its current request.

use crate::catalog;
use crate::request::Request;

use super::{to_request, ImportedWorkload};

/// The request a form holds after importing `workload` over `base`.
///
/// It differs from [`to_request`] (the request exactly as written) in two
/// ways that make the generated manifest the fix of the imported one:
/// - Kata keys found on the controller's own metadata (where Kubernetes does
///   not copy them to pods) move into the annotations, because the manifest
///   generator writes them where Kubernetes copies them. A key also present
///   in the pod template keeps the template's value.
/// - An empty `runtimeClassName` keeps the form's current one: a manifest
///   without it would not run in Kata at all, which is never what a user of
///   this tool wants.
///
/// Node policy and containerd options stay those of `base`; the target
/// follows the workload as [`to_request`] says.
pub fn apply_import(workload: &ImportedWorkload, base: &Request) -> Request {
    let mut form = to_request(workload, base);
    for (key, value) in &workload.misplaced {
        if catalog::find(key).is_some() {
            form.annotations
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
    }
    if form.workload.runtime_class_name.trim().is_empty() {
        form.workload
            .runtime_class_name
            .clone_from(&base.workload.runtime_class_name);
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_manifest;
    use crate::target::Runtime;

    fn first(yaml: &str, base: &Request) -> Request {
        let imported = import_manifest(yaml, base).expect("imports");
        apply_import(&imported.workloads[0], base)
    }

    #[test]
    fn misplaced_catalog_keys_move_in_and_template_values_win() {
        let yaml = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    io.katacontainers.config.hypervisor.default_vcpus: "8"
    io.katacontainers.config.hypervisor.default_memory: "4096"
    io.katacontainers.config.hypervisor.not_a_key: "1"
spec:
  template:
    metadata:
      annotations:
        io.katacontainers.config.hypervisor.default_vcpus: "2"
    spec:
      runtimeClassName: kata-qemu
      containers: [{name: app, image: nginx}]
"#;
        let form = first(yaml, &Request::default());
        let get = |k: &str| {
            form.annotations
                .get(&format!("io.katacontainers.config.hypervisor.{k}"))
                .cloned()
        };
        assert_eq!(get("default_vcpus").as_deref(), Some("2"));
        assert_eq!(get("default_memory").as_deref(), Some("4096"));
        assert_eq!(get("not_a_key"), None);
        assert_eq!(form.workload.runtime_class_name, "kata-qemu");
        assert_eq!(form.workload.name, "web");
    }

    #[test]
    fn an_empty_runtime_class_keeps_the_forms_and_the_target_stays() {
        let mut base = Request {
            runtime: Runtime::Go,
            ..Request::default()
        };
        base.workload.runtime_class_name = "kata-clh".into();
        let form = first(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n",
            &base,
        );
        assert_eq!(form.workload.runtime_class_name, "kata-clh");
        assert_eq!(form.runtime, Runtime::Go);
        assert_eq!(form.workload.name, "p");
    }
}
