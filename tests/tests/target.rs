//! The target bar (Kata release and kata-deploy shim) and the manifest's
//! resource fields, in headless Chromium against the release bundle.

use kata_e2e::page::{choose, open, row, tick, MEMORY};
use kata_e2e::Browser;

/// The value and the visible option texts of the `<select>` with `id`.
async fn select_state(browser: &Browser, id: &str) -> (String, Vec<String>) {
    let answer = browser
        .eval(&format!(
            "const s = document.getElementById({id:?}); \
             return [s.value, [...s.options].map(o => o.textContent)]"
        ))
        .await
        .expect("read the select");
    let value = answer[0].as_str().unwrap_or_default().to_owned();
    let texts = answer[1]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (value, texts)
}

#[tokio::test]
async fn an_older_release_and_its_shim_change_the_verdict_and_the_runtime_class() {
    let (_server, browser) = open(&[]).await;
    // The newest release, newest first, is chosen; its default shim is runtime-rs QEMU.
    let (version, versions) = select_state(&browser, "kata-version").await;
    assert_eq!(
        versions.first().map(String::as_str),
        Some(version.as_str()),
        "{versions:?}"
    );
    assert_eq!(versions.last().map(String::as_str), Some("3.2"));
    let (shim, _) = select_state(&browser, "shim").await;
    assert_eq!(shim, "qemu-runtime-rs");
    browser
        .wait_text("#target-runtime", |t| t == "runtime-rs · QEMU")
        .await
        .expect("the shim's runtime and hypervisor");

    // kata-qemu-runtime-rs enables default_memory in the newest release...
    tick(&browser, MEMORY).await;
    browser
        .wait_text(&format!("{} .badge.enabled", row(MEMORY)), |t| {
            t == "enabled on node"
        })
        .await
        .expect("enabled at the newest release");

    // ...and not in 3.23, where runtime-rs ignores it.
    choose(&browser, "kata-version", "3.23").await;
    choose(&browser, "shim", "qemu-runtime-rs").await;
    browser
        .wait_text(&format!("{} .badge.gated", row(MEMORY)), |t| {
            t == "needs enable_annotations"
        })
        .await
        .expect("not enabled in 3.23");
    let problems = browser
        .wait_text("#problems-list", |t| t.contains("KA301"))
        .await
        .expect("the verdict follows the release");
    assert!(problems.contains("hypervisor.default_memory"), "{problems}");
    browser
        .wait_text("#output-manifest", |t| {
            t.contains("runtimeClassName: kata-qemu-runtime-rs")
        })
        .await
        .expect("the RuntimeClass follows the shim");

    // The shims kata-deploy 3.23 installs, by their names then.
    let (shim, options) = select_state(&browser, "shim").await;
    assert_eq!(shim, "qemu-runtime-rs");
    assert!(
        options
            .iter()
            .any(|o| o.starts_with("kata-cloud-hypervisor ")),
        "{options:?}"
    );
    assert!(
        !options.iter().any(|o| o.contains("nvidia-gpu-runtime-rs")),
        "not installed before 3.31: {options:?}"
    );
    let groups = browser
        .eval("return [...document.querySelectorAll('#shim optgroup')].map(g => g.label)")
        .await
        .expect("groups");
    assert_eq!(groups, serde_json::json!(["Go runtime", "runtime-rs"]));

    // A shim the release does not install stays chosen, and says so.
    choose(&browser, "kata-version", "3.2").await;
    let mut chosen = String::new();
    for _ in 0..50 {
        let (value, options) = select_state(&browser, "shim").await;
        chosen = options
            .iter()
            .find(|o| o.starts_with("kata-qemu-runtime-rs "))
            .cloned()
            .unwrap_or_default();
        if value == "qemu-runtime-rs" && chosen.ends_with("(not in 3.2)") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(chosen.ends_with("(not in 3.2)"), "{chosen:?}");

    // A Go shim: the runtime shown and the RuntimeClass follow.
    choose(&browser, "shim", "clh").await;
    browser
        .wait_text("#target-runtime", |t| t == "Go runtime · Cloud Hypervisor")
        .await
        .expect("the Go runtime");
    browser
        .wait_text("#output-manifest", |t| {
            t.contains("runtimeClassName: kata-clh")
        })
        .await
        .expect("the RuntimeClass follows");

    // The link keeps the release and the shim.
    browser.client.refresh().await.expect("reload");
    browser.find("#search").await.expect("the app renders");
    let (version, _) = select_state(&browser, "kata-version").await;
    let (shim, _) = select_state(&browser, "shim").await;
    assert_eq!((version.as_str(), shim.as_str()), ("3.2", "clh"));
    let errors = browser.console_errors().await.expect("logs");
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}

#[tokio::test]
async fn resource_fields_fill_the_manifest() {
    let (_server, browser) = open(&[]).await;
    let placeholders = browser
        .eval(
            "return ['cpu-request', 'memory-request', 'cpu-limit', 'memory-limit']
               .map(f => document.getElementById('workload-' + f).placeholder)",
        )
        .await
        .expect("the fields");
    assert_eq!(
        placeholders,
        serde_json::json!(["e.g. 500m", "e.g. 1Gi", "e.g. 2", "e.g. 2Gi"])
    );
    browser
        .type_into("#workload-cpu-request", "500m")
        .await
        .expect("type");
    browser
        .type_into("#workload-memory-limit", "2Gi")
        .await
        .expect("type");
    let manifest = browser
        .wait_text("#output-manifest", |t| t.contains("memory: '2Gi'"))
        .await
        .expect("the manifest follows");
    assert!(
        manifest.contains("resources:\n      requests:\n        cpu: '500m'\n      limits:\n        memory: '2Gi'"),
        "{manifest}"
    );
    browser.close().await;
}

/// The figures of the VM size table's row for `runtime`: vCPUs, memory and
/// what decided them.
async fn vm_size_row(browser: &Browser, runtime: &str) -> serde_json::Value {
    let script = format!(
        "const r = document.querySelector(\"#vm-size tr[data-runtime='{runtime}']\");
         return r && [r.querySelector('.vcpus').textContent, r.querySelector('.memory').textContent,
                      r.querySelector('.decided').textContent]"
    );
    browser.eval(&script).await.expect("the VM size table")
}

#[tokio::test]
async fn the_vm_size_follows_the_annotations_and_the_pod_limits() {
    let (_server, browser) = open(&[]).await;
    choose(&browser, "shim", "qemu-runtime-rs").await;
    tick(&browser, MEMORY).await;
    browser
        .type_into(&kata_e2e::page::editor(MEMORY), "4096")
        .await
        .expect("type");
    browser
        .wait_text("#vm-size", |t| t.contains("4096 MiB"))
        .await
        .expect("the annotation sizes the VM");
    let rs = vm_size_row(&browser, "rust").await;
    assert_eq!(rs[1], "4096 MiB", "{rs}");
    assert_eq!(
        rs[2], "vCPUs: the shim's configuration; memory: the annotation",
        "{rs}"
    );
    // A memory limit: runtime-rs (4.x, static sizing) sizes the VM from the
    // limits plus its overhead and sets the annotation aside.
    browser
        .type_into("#workload-memory-limit", "1Gi")
        .await
        .expect("type");
    browser
        .type_into("#workload-cpu-limit", "2")
        .await
        .expect("type");
    let panel = browser
        .wait_text("#vm-size", |t| t.contains("Set aside: default_memory"))
        .await
        .expect("the limits decide");
    let rs = vm_size_row(&browser, "rust").await;
    assert_eq!(
        rs,
        serde_json::json!(["2.2", "1056 MiB", "the pod's limits"]),
        "{panel}"
    );
    assert!(panel.contains("overhead"), "{panel}");
    // The Go runtime's shim of the same kind is shown beside it.
    let go = vm_size_row(&browser, "go").await;
    assert!(go.is_array(), "the Go counterpart is listed: {panel}");
    browser.close().await;
}

const KERNEL_PARAMS: &str = "io.katacontainers.config.hypervisor.kernel_params";

/// The guest command line follows each runtime's merge rule, and a debug
/// console in a confidential guest is called out.
#[tokio::test]
async fn the_kernel_command_line_merges_by_the_shims_runtime() {
    let (_server, browser) = open(&[]).await;
    choose(&browser, "shim", "qemu").await;
    tick(&browser, KERNEL_PARAMS).await;
    browser
        .type_into(
            &kata_e2e::page::editor(KERNEL_PARAMS),
            "cgroup_no_v1=memory foo=1 foo=2",
        )
        .await
        .expect("type");
    // Go: a repeated key keeps its last value; the configured one is replaced.
    let go = browser
        .wait_text("#cmdline-merged", |t| t.contains("foo=2"))
        .await
        .expect("the Go merge");
    assert_eq!(
        go,
        "systemd.unified_cgroup_hierarchy=1 cgroup_no_v1=memory foo=2"
    );
    let replaced = browser
        .wait_text("#cmdline-replaced", |_| true)
        .await
        .expect("what was replaced");
    assert!(replaced.contains("cgroup_no_v1=all"), "{replaced}");
    // runtime-rs keeps every token of the annotation.
    choose(&browser, "shim", "qemu-runtime-rs").await;
    let rs = browser
        .wait_text("#cmdline-merged", |t| t.contains("foo=1"))
        .await
        .expect("the runtime-rs merge");
    assert_eq!(
        rs,
        "systemd.unified_cgroup_hierarchy=1 cgroup_no_v1=memory foo=1 foo=2"
    );
    // A debug console on a confidential shim.
    choose(&browser, "shim", "qemu-tdx").await;
    browser
        .type_into(
            &kata_e2e::page::editor(KERNEL_PARAMS),
            " agent.debug_console",
        )
        .await
        .expect("type");
    let warnings = browser
        .wait_text("#cmdline-warnings", |t| t.contains("root shell"))
        .await
        .expect("the warning");
    assert!(warnings.contains("confidential"), "{warnings}");
    browser
        .eval("document.getElementById('vm-size').scrollIntoView(); return true")
        .await
        .expect("scroll");
    browser
        .screenshot("vm-and-cmdline")
        .await
        .expect("screenshot");
    browser.close().await;
}
