//! The manifest importer: fixtures for every kind and every lint, hostile
//! input, and fuzzing of `import_bytes`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kata_annotations::import::{
    import_bytes, import_manifest, to_request, Imported, ImportedWorkload, MAX_INPUT_BYTES,
};
use kata_annotations::request::WorkloadKind;
use kata_annotations::{Code, Error, Request, Severity};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const SECCOMP: &str = "io.katacontainers.config.runtime.disable_guest_seccomp";
const VCPUS: &str = "io.katacontainers.config.hypervisor.default_vcpus";

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/manifests"
    ))
}

fn fixture(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(name: &str) -> Imported {
    import_manifest(&fixture(name), &Request::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn codes(imported: &Imported) -> Vec<Code> {
    imported.report.diagnostics.iter().map(|d| d.code).collect()
}

/// Import-lint codes (KA7xx) only.
fn lint_codes(imported: &Imported) -> Vec<Code> {
    codes(imported)
        .into_iter()
        .filter(|c| c.as_str().starts_with("KA7"))
        .collect()
}

fn one(imported: &Imported) -> &ImportedWorkload {
    assert_eq!(imported.workloads.len(), 1, "{:#?}", imported.workloads);
    &imported.workloads[0]
}

/// A ceiling that only a runaway (an unbounded expansion, a quadratic scan
/// of megabytes) reaches: before the nesting pre-scan, 400k `{a: ` took
/// 553 s. It is not a speed goal: the figures are printed (`--nocapture`),
/// and speed is measured by `cargo bench` and `cargo xtask fuzz`, not here.
const RUNAWAY: Duration = Duration::from_secs(120);

/// Runs `f` and returns the result and the time; fails only on a runaway.
/// The `_expected` time is what the guard achieves on an idle machine.
fn timed<T>(_expected: Duration, f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    let took = start.elapsed();
    assert!(
        took < RUNAWAY,
        "took {took:?}: a runaway, not a slow machine"
    );
    (value, took)
}

#[test]
fn every_kind_reads_the_pod_template_annotations() {
    let table: &[(&str, WorkloadKind, &str, &str, &str)] = &[
        (
            "pod.yaml",
            WorkloadKind::Pod,
            "kata-pod",
            "app",
            "busybox:1.36",
        ),
        (
            "deployment.yaml",
            WorkloadKind::Deployment,
            "web",
            "nginx",
            "nginx:1.27",
        ),
        (
            "statefulset.yaml",
            WorkloadKind::StatefulSet,
            "web",
            "nginx",
            "nginx:1.27",
        ),
        (
            "daemonset.yaml",
            WorkloadKind::DaemonSet,
            "web",
            "nginx",
            "nginx:1.27",
        ),
        (
            "replicaset.yaml",
            WorkloadKind::ReplicaSet,
            "web",
            "nginx",
            "nginx:1.27",
        ),
        (
            "job.yaml",
            WorkloadKind::Job,
            "batch",
            "task",
            "busybox:1.36",
        ),
        (
            "cronjob.yaml",
            WorkloadKind::CronJob,
            "nightly",
            "backup",
            "busybox:1.36",
        ),
    ];
    for (file, kind, name, container, image) in table {
        let imported = import(file);
        let w = one(&imported);
        assert_eq!(w.kind, *kind, "{file}");
        assert_eq!(w.name, *name, "{file}");
        assert_eq!(w.container_name, *container, "{file}");
        assert_eq!(w.image, *image, "{file}");
        assert_eq!(w.runtime_class_name, "kata", "{file}");
        assert_eq!(
            w.annotations.get(VCPUS).map(String::as_str),
            Some("2"),
            "{file}"
        );
        assert_eq!(
            w.annotations.get(SECCOMP).map(String::as_str),
            Some("false"),
            "{file}"
        );
        assert!(w.misplaced.is_empty(), "{file}");
        assert_eq!(w.document, 0, "{file}");
        assert!(
            lint_codes(&imported).is_empty(),
            "{file}: {:#?}",
            imported.report
        );
    }
}

#[test]
fn the_validator_runs_on_imported_annotations() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    io.katacontainers.config.runtime.disable_guest_seccomp: \"maybe\"\n    io.katacontainers.config.agent.enable_tracing: \"yes\"\nspec:\n  containers: [{name: c, image: i}]\n";
    let imported = import_manifest(text, &Request::default()).expect("imports");
    let found: Vec<(&str, Option<&str>)> = imported
        .report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.key.as_deref()))
        .collect();
    // runtime-rs (the default) reads only `true`/`false` for booleans; neither key is gated.
    for key in [SECCOMP, "io.katacontainers.config.agent.enable_tracing"] {
        assert!(found.contains(&("KA401", Some(key))), "{key}: {found:?}");
    }
}

#[test]
fn workload_fields_are_read() {
    let pod = import("pod.yaml");
    let w = one(&pod);
    assert_eq!(w.namespace, "demo");
    assert_eq!(w.command, ["sleep", "infinity"]);
    let job = import("job.yaml");
    assert_eq!(one(&job).command, ["sh", "-c", "echo done"]);
    let request = to_request(w, &Request::default());
    assert_eq!(request.annotations, w.annotations);
    assert_eq!(request.workload.kind, WorkloadKind::Pod);
    assert_eq!(request.workload.namespace, "demo");
    assert_eq!(request.workload.runtime_class_name, "kata");
}

#[test]
fn the_base_request_keeps_its_target_and_policy() {
    let base = Request {
        runtime: kata_annotations::target::Runtime::Go,
        ..Request::default()
    };
    let imported = import_manifest(&fixture("pod.yaml"), &base).expect("imports");
    let request = to_request(one(&imported), &base);
    assert_eq!(request.runtime, base.runtime);
    // The same findings; the importer adds where each key is written.
    let mut placed = kata_annotations::validate(&request).diagnostics;
    for d in &mut placed {
        d.position = d
            .key
            .as_ref()
            .and_then(|k| one(&imported).positions.get(k).copied());
    }
    assert_eq!(imported.report.diagnostics, placed);
}

/// A lint code and the key it is about.
type Expected = &'static [(Code, Option<&'static str>)];

/// (fixture, expected lint codes with the key they are about, workload count)
#[test]
fn lints() {
    let table: &[(&str, Expected, usize)] = &[
        (
            "deployment-misplaced.yaml",
            &[
                (Code::MisplacedAnnotation, Some(SECCOMP)),
                (Code::MisplacedAnnotation, Some(VCPUS)),
            ],
            1,
        ),
        (
            "unquoted-bool.yaml",
            &[
                (Code::NonStringValue, Some(SECCOMP)),
                (Code::NonStringValue, Some(VCPUS)),
                (
                    Code::NonStringValue,
                    Some("io.katacontainers.config.hypervisor.enable_iommu"),
                ),
            ],
            1,
        ),
        (
            "duplicate-key.yaml",
            &[(Code::DuplicateKey, Some(VCPUS))],
            1,
        ),
        ("misspelled-key.yaml", &[], 1),
        (
            "multi-document.yaml",
            &[
                (Code::SkippedDocument, None),
                (Code::SkippedDocument, None),
                (Code::NoRuntimeClass, None),
            ],
            2,
        ),
        ("list.yaml", &[], 2),
        (
            "configmap.yaml",
            &[(Code::SkippedDocument, None), (Code::NoWorkload, None)],
            0,
        ),
    ];
    for (file, expected, workloads) in table {
        let imported = import(file);
        assert_eq!(imported.workloads.len(), *workloads, "{file}");
        let mut got: Vec<(Code, Option<&str>)> = imported
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str().starts_with("KA7"))
            .map(|d| (d.code, d.key.as_deref()))
            .collect();
        got.sort();
        let mut want = expected.to_vec();
        want.sort();
        assert_eq!(got, want, "{file}: {:#?}", imported.report);
        for d in &imported.report.diagnostics {
            assert!(!d.message.is_empty());
        }
    }
}

#[test]
fn misplaced_annotations_are_kept_apart_and_explained() {
    let imported = import("deployment-misplaced.yaml");
    let w = one(&imported);
    assert!(w.annotations.is_empty());
    assert_eq!(
        w.misplaced.len(),
        2,
        "only the Kata keys: {:?}",
        w.misplaced
    );
    assert_eq!(w.misplaced[SECCOMP], "false");
    let d = imported
        .report
        .for_key(SECCOMP)
        .find(|d| d.code == Code::MisplacedAnnotation)
        .expect("lint");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("spec.template.metadata.annotations"),
        "{}",
        d.message
    );
    assert!(d.message.contains("does not copy"), "{}", d.message);
}

#[test]
fn cronjob_job_template_metadata_is_also_the_wrong_place() {
    let text = fixture("cronjob.yaml").replace(
        "  jobTemplate:\n    spec:\n",
        "  jobTemplate:\n    metadata:\n      annotations:\n        io.katacontainers.config.hypervisor.default_memory: \"4096\"\n    spec:\n",
    );
    let imported = import_manifest(&text, &Request::default()).expect("imports");
    let w = one(&imported);
    assert_eq!(
        w.misplaced["io.katacontainers.config.hypervisor.default_memory"],
        "4096"
    );
    let d = imported
        .report
        .for_key("io.katacontainers.config.hypervisor.default_memory")
        .find(|d| d.code == Code::MisplacedAnnotation)
        .expect("lint");
    assert!(
        d.message
            .contains("spec.jobTemplate.spec.template.metadata.annotations"),
        "{}",
        d.message
    );
}

#[test]
fn stray_annotations_fields_are_errors() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    annotations:\n      io.katacontainers.config.hypervisor.default_vcpus: \"2\"\n    spec:\n      runtimeClassName: kata\n      containers: [{name: c, image: i}]\n";
    let imported = import_manifest(text, &Request::default()).expect("imports");
    let d = imported
        .report
        .for_key(VCPUS)
        .find(|d| d.code == Code::MisplacedAnnotation)
        .expect("lint");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message
            .contains("spec.template.annotations is not a Kubernetes field"),
        "{}",
        d.message
    );
    assert_eq!(one(&imported).misplaced[VCPUS], "2");
}

#[test]
fn the_same_key_in_both_places_is_only_redundant() {
    let text = fixture("deployment.yaml").replace(
        "  labels:\n    app: web\nspec:",
        "  labels:\n    app: web\n  annotations:\n    io.katacontainers.config.hypervisor.default_vcpus: \"2\"\nspec:",
    );
    let imported = import_manifest(&text, &Request::default()).expect("imports");
    let d = imported
        .report
        .for_key(VCPUS)
        .find(|d| d.code == Code::MisplacedAnnotation)
        .expect("lint");
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn unquoted_values_are_converted_and_rejected() {
    let imported = import("unquoted-bool.yaml");
    let w = one(&imported);
    assert_eq!(w.annotations[SECCOMP], "false");
    assert_eq!(w.annotations[VCPUS], "2");
    assert_eq!(
        w.annotations["io.katacontainers.config.hypervisor.enable_iommu"],
        "yes"
    );
    let d = imported
        .report
        .for_key(SECCOMP)
        .find(|d| d.code == Code::NonStringValue)
        .expect("lint");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("API server rejects"), "{}", d.message);
    assert!(
        d.message.contains(&format!("{SECCOMP}: \\\"false\\\""))
            || d.message.contains(&format!("{SECCOMP}: \"false\"")),
        "{}",
        d.message
    );
    let yes = imported
        .report
        .for_key("io.katacontainers.config.hypervisor.enable_iommu")
        .find(|d| d.code == Code::NonStringValue)
        .expect("lint");
    assert!(yes.message.contains("YAML 1.1"), "{}", yes.message);
}

#[test]
fn scalars_keep_the_spelling_the_user_wrote() {
    let table: &[(&str, &str, Option<Code>)] = &[
        ("0x10", "0x10", Some(Code::NonStringValue)),
        ("1.50", "1.50", Some(Code::NonStringValue)),
        ("1e3", "1e3", Some(Code::NonStringValue)),
        ("True", "True", Some(Code::NonStringValue)),
        ("on", "on", Some(Code::NonStringValue)),
        ("1_000", "1_000", Some(Code::NonStringValue)),
        ("-7", "-7", Some(Code::NonStringValue)),
        ("~", "", Some(Code::NullValue)),
        ("", "", Some(Code::NullValue)),
        ("[a, b]", "[\"a\",\"b\"]", Some(Code::NonStringValue)),
        ("{a: 1}", "{\"a\":1}", Some(Code::NonStringValue)),
        ("!!str yes", "yes", None),
        ("'yes'", "yes", None),
        ("\"0x10\"", "0x10", None),
        ("|\n      multi\n      line", "multi\nline\n", None),
        ("plain text", "plain text", None),
        (
            "!custom x",
            "{\"!custom\":\"x\"}",
            Some(Code::NonStringValue),
        ),
    ];
    for (written, expected, code) in table {
        let text = format!(
            "kind: Pod\nmetadata:\n  annotations:\n    example.com/k: {written}\nspec:\n  runtimeClassName: kata\n  containers: []\n"
        );
        let imported = import_manifest(&text, &Request::default())
            .unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(
            one(&imported).annotations["example.com/k"],
            *expected,
            "{written}"
        );
        let found: Vec<Code> = imported
            .report
            .for_key("example.com/k")
            .map(|d| d.code)
            .filter(|c| c.as_str().starts_with("KA7"))
            .collect();
        assert_eq!(
            found,
            code.iter().copied().collect::<Vec<_>>(),
            "{written}: {:#?}",
            imported.report
        );
    }
}

#[test]
fn duplicate_keys_are_a_lint_not_a_failure() {
    let imported = import("duplicate-key.yaml");
    let w = one(&imported);
    assert_eq!(
        w.annotations[VCPUS], "4",
        "the last value wins, as in Kubernetes' JSON decoding"
    );
    let d = imported
        .report
        .for_key(VCPUS)
        .find(|d| d.code == Code::DuplicateKey)
        .expect("lint");
    assert!(d.message.contains("lines 6, 7"), "{}", d.message);
    // Duplicates outside annotations are reported too, without a key.
    let text = "kind: Pod\nmetadata:\n  name: a\n  name: b\nspec:\n  runtimeClassName: kata\n  containers: []\n";
    let imported = import_manifest(text, &Request::default()).expect("imports");
    assert_eq!(one(&imported).name, "b");
    let d = &imported.report.diagnostics[0];
    assert_eq!((d.code, d.key.as_deref()), (Code::DuplicateKey, None));
    assert!(
        d.message.contains("`name` appears 2 times in metadata"),
        "{}",
        d.message
    );
}

#[test]
fn misspelled_keys_get_a_suggestion_from_the_validator() {
    let imported = import("misspelled-key.yaml");
    let d = imported
        .report
        .for_key("io.katacontainers.config.hypervisor.default_memroy")
        .find(|d| d.message.contains("Did you mean"))
        .expect("did you mean");
    assert!(
        d.message
            .contains("io.katacontainers.config.hypervisor.default_memory"),
        "{}",
        d.message
    );
}

#[test]
fn lists_and_multi_document_files_give_one_workload_per_object() {
    let list = import("list.yaml");
    let names: Vec<(&str, WorkloadKind, usize)> = list
        .workloads
        .iter()
        .map(|w| (w.name.as_str(), w.kind, w.document))
        .collect();
    assert_eq!(
        names,
        [
            ("frontend", WorkloadKind::Deployment, 0),
            ("debug", WorkloadKind::Pod, 0)
        ]
    );
    assert_eq!(list.workloads[1].command, ["sleep", "3600"]);

    let multi = import("multi-document.yaml");
    let names: Vec<(&str, WorkloadKind, usize)> = multi
        .workloads
        .iter()
        .map(|w| (w.name.as_str(), w.kind, w.document))
        .collect();
    assert_eq!(
        names,
        [
            ("api", WorkloadKind::Deployment, 2),
            ("migrate", WorkloadKind::Job, 3)
        ]
    );
    // Several workloads: every workload finding names its workload.
    let d = multi
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::NoRuntimeClass)
        .expect("lint");
    assert!(d.message.starts_with("Job migrate: "), "{}", d.message);
    let skipped: Vec<&str> = multi
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SkippedDocument)
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        skipped[0].contains("Document 1 is the RuntimeClass kata;"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].contains("Document 2 is a ConfigMap (settings)"),
        "{skipped:?}"
    );
}

#[test]
fn same_named_workloads_are_told_apart_by_document() {
    let pod = fixture("pod.yaml");
    let text = format!("{pod}---\n{}", pod.replace("\"2\"", "2"));
    let imported = import_manifest(&text, &Request::default()).expect("imports");
    let d = imported
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::NonStringValue)
        .expect("lint");
    assert!(
        d.message.starts_with("Pod kata-pod (document 2): "),
        "{}",
        d.message
    );
}

#[test]
fn markup_in_names_and_values_is_kept_as_plain_text() {
    let imported = import("xss.yaml");
    let w = one(&imported);
    assert_eq!(w.name, "<script>alert(1)</script>");
    assert_eq!(w.namespace, "<img src=x onerror=alert(1)>");
    assert_eq!(w.container_name, "<b>bold</b>");
    assert_eq!(w.runtime_class_name, "\"><script>alert(2)</script>");
    assert_eq!(w.command[2], "echo '<script>alert(3)</script>'");
    assert_eq!(
        w.annotations["io.katacontainers.config.hypervisor.kernel_params"],
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(
        w.annotations["<script>alert('key')</script>"],
        "</textarea><svg onload=alert(1)>"
    );
    // The JSON the UI gets carries the same text (escaped only as JSON requires).
    let json = serde_json::to_string(&imported).expect("serializes");
    let back: serde_json::Value = serde_json::from_str(&json).expect("parses");
    assert_eq!(back["workloads"][0]["name"], "<script>alert(1)</script>");
    assert_eq!(
        back["workloads"][0]["runtimeClassName"],
        "\"><script>alert(2)</script>"
    );
}

#[test]
fn merge_keys_are_resolved_like_kubernetes_does() {
    let text = "kind: Pod\nmetadata:\n  annotations:\n    <<: {io.katacontainers.config.hypervisor.default_vcpus: \"2\", a.b/c: \"x\"}\n    a.b/c: \"y\"\nspec:\n  runtimeClassName: kata\n  containers: []\n";
    let imported = import_manifest(text, &Request::default()).expect("imports");
    let w = one(&imported);
    assert_eq!(w.annotations[VCPUS], "2");
    assert_eq!(w.annotations["a.b/c"], "y");
    assert!(!lint_codes(&imported).contains(&Code::DuplicateKey));
}

#[test]
fn malformed_objects_are_reported() {
    let table: &[(&str, Code)] = &[
        (
            "kind: Pod\nmetadata:\n  annotations: [a, b]\nspec: {runtimeClassName: kata}\n",
            Code::MalformedWorkload,
        ),
        (
            "kind: Deployment\nmetadata: {name: d}\nspec: {}\n",
            Code::MalformedWorkload,
        ),
        ("kind: List\nitems: 3\n", Code::MalformedWorkload),
        ("- just\n- a list\n", Code::SkippedDocument),
        ("just a string\n", Code::SkippedDocument),
        ("metadata: {name: x}\n", Code::SkippedDocument),
        ("", Code::NoWorkload),
        ("# only a comment\n", Code::NoWorkload),
    ];
    for (text, code) in table {
        let imported =
            import_manifest(text, &Request::default()).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(
            codes(&imported).contains(code),
            "{text:?}: {:#?}",
            imported.report
        );
    }
}

#[test]
fn syntax_errors_name_the_document_and_line() {
    let text = "kind: Pod\n---\nkind: Pod\nmetadata: [unclosed\n";
    match import_manifest(text, &Request::default()) {
        Err(Error::ImportSyntax(message)) => {
            assert!(message.starts_with("document 2"), "{message}");
            assert!(message.contains("line"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------- hostile input

#[test]
fn alias_bomb_is_refused() {
    let (result, took) = timed(Duration::from_secs(1), || {
        import_manifest(&fixture("billion-laughs.yaml"), &Request::default())
    });
    match result {
        Err(Error::ImportSyntax(message)) => {
            assert!(message.contains("billion laughs"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    eprintln!("alias bomb: {took:?}");
}

#[test]
fn quadratic_alias_expansion_is_refused() {
    // Few aliases, each expanding a large anchor: under serde_yaml's own
    // repetition limit, but quadratic. The node budget stops it.
    let mut text = String::from("a: &a [");
    text.push_str(&"x,".repeat(20_000));
    text.push_str("]\nb: [");
    text.push_str(&"*a,".repeat(20_000));
    text.push_str("]\n");
    let (result, took) = timed(Duration::from_secs(1), || {
        import_manifest(&text, &Request::default())
    });
    match result {
        Err(Error::ImportSyntax(message)) => {
            assert!(message.contains("billion laughs"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    eprintln!("quadratic aliases: {took:?}");
    // A large string repeated: the byte budget.
    let text = format!(
        "a: &a {}\nb: [{}]\n",
        "x".repeat(1_000_000),
        "*a,".repeat(50)
    );
    let (result, took) = timed(Duration::from_secs(1), || {
        import_manifest(&text, &Request::default())
    });
    assert!(
        matches!(result, Err(Error::ImportSyntax(ref m)) if m.contains("MiB")),
        "{result:?}"
    );
    eprintln!("repeated large string: {took:?}");
}

#[test]
fn ten_megabytes_are_refused_at_once() {
    let big = "a".repeat(10 * 1024 * 1024);
    let (result, took) = timed(Duration::from_millis(100), || {
        import_manifest(&big, &Request::default())
    });
    assert!(
        matches!(result, Err(Error::ImportTooLarge { bytes, limit }) if bytes == big.len() && limit == MAX_INPUT_BYTES),
        "{result:?}"
    );
    let (result, _) = timed(Duration::from_millis(100), || {
        import_bytes(big.as_bytes(), &Request::default())
    });
    assert!(matches!(result, Err(Error::ImportTooLarge { .. })));
    eprintln!("10 MB: {took:?}");
}

#[test]
fn deep_nesting_is_refused() {
    let table: Vec<(&str, String)> = vec![
        ("10k [", "[".repeat(10_000)),
        (
            "10k [ closed",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        ("2M [", "[".repeat(2_000_000)),
        ("400k {a:", "{a: ".repeat(400_000)),
        ("1M {", "{".repeat(1_000_000)),
        (
            "closers hidden in strings",
            format!("a: {}", "[ \"]\" ".repeat(300_000)),
        ),
        (
            "block nesting",
            (0..2_000)
                .map(|i| format!("{}- \n", " ".repeat(i)))
                .collect(),
        ),
        (
            "block mappings",
            (0..1_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect(),
        ),
    ];
    for (name, text) in table {
        let (result, took) = timed(Duration::from_secs(1), || {
            import_manifest(&text, &Request::default())
        });
        match result {
            Err(Error::ImportSyntax(message)) => {
                assert!(message.contains("levels deep"), "{name}: {message}");
            }
            other => panic!("{name}: {other:?}"),
        }
        eprintln!("{name}: {took:?}");
    }
}

#[test]
fn invalid_utf8_is_refused_with_its_offset() {
    let mut bytes = fixture("pod.yaml").into_bytes();
    bytes.insert(20, 0xff);
    let (result, took) = timed(Duration::from_millis(100), || {
        import_bytes(&bytes, &Request::default())
    });
    match result {
        Err(Error::ImportSyntax(message)) => {
            assert!(message.contains("byte offset 20"), "{message}");
            assert!(message.contains("0xff"), "{message}");
            assert!(message.contains("line 2"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("kind: Pod".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    match import_bytes(&utf16, &Request::default()) {
        Err(Error::ImportSyntax(message)) => assert!(message.contains("UTF-16"), "{message}"),
        other => panic!("{other:?}"),
    }
    eprintln!("invalid UTF-8: {took:?}");
}

#[test]
fn document_and_workload_counts_are_capped() {
    let (result, took) = timed(Duration::from_secs(1), || {
        import_manifest(&"---\n".repeat(500_000), &Request::default())
    });
    assert!(
        matches!(result, Err(Error::ImportSyntax(ref m)) if m.contains("documents")),
        "{result:?}"
    );
    eprintln!("500k documents: {took:?}");
    let text = format!(
        "kind: List\nitems:\n{}",
        "- kind: Pod\n  spec: {runtimeClassName: kata}\n".repeat(300)
    );
    let (result, took) = timed(Duration::from_secs(2), || {
        import_manifest(&text, &Request::default())
    });
    assert!(
        matches!(result, Err(Error::ImportSyntax(ref m)) if m.contains("workloads")),
        "{result:?}"
    );
    eprintln!("300 workloads: {took:?}");
}

#[test]
fn many_long_unknown_keys_stay_fast() {
    // The validator's did-you-mean search is costly per key: the importer caps what it sees.
    let mut text =
        String::from("kind: Pod\nspec: {runtimeClassName: kata}\nmetadata:\n  annotations:\n");
    for i in 0..3_000 {
        text.push_str(&format!(
            "    io.katacontainers.config.hypervisor.{}{i}: \"1\"\n",
            "x".repeat(250)
        ));
    }
    // libyaml allows implicit keys up to 1024 characters: a longer one needs `? key`.
    text.push_str(&format!(
        "    ? io.katacontainers.{}\n    : \"1\"\n",
        "y".repeat(400_000)
    ));
    let (result, took) = timed(Duration::from_secs(5), || {
        import_manifest(&text, &Request::default())
    });
    let imported = result.expect("imports");
    assert!(codes(&imported).contains(&Code::NotChecked));
    assert!(codes(&imported).contains(&Code::KeyTooLong));
    eprintln!("3000 long unknown keys: {took:?}");
}

#[test]
fn findings_per_annotation_map_are_capped() {
    let mut text =
        String::from("kind: Pod\nspec: {runtimeClassName: kata}\nmetadata:\n  annotations:\n");
    for i in 0..10_000 {
        text.push_str(&format!("    example.com/k{i}: {i}\n"));
    }
    let (result, took) = timed(Duration::from_secs(5), || {
        import_manifest(&text, &Request::default())
    });
    let imported = result.expect("imports");
    assert_eq!(one(&imported).annotations.len(), 10_000);
    let values = codes(&imported)
        .iter()
        .filter(|c| **c == Code::NonStringValue)
        .count();
    assert_eq!(values, 50);
    assert!(imported
        .report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("9950 more findings")));
    eprintln!("10000 unquoted numbers: {took:?}");
}

#[test]
fn a_large_kubectl_dump_imports() {
    // What `kubectl get deploy -o yaml` prints for many deployments: each
    // carries its last applied configuration as JSON (brackets everywhere).
    let deployment = fixture("deployment.yaml");
    let json = serde_json::to_string(&serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "args": ["--a", "--b"], "env": [{"name": "X", "value": "[y]"}]}]}}},
        "padding": vec!["[{x}]"; 1000],
    }))
    .expect("json");
    let mut text = String::from("apiVersion: v1\nkind: List\nitems:\n");
    let item = deployment.replace(
        "metadata:\n  name: web\n",
        &format!("metadata:\n  name: web\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {json}\n"),
    );
    let item: String = item.lines().map(|l| format!("  {l}\n")).collect();
    let item = format!("-{}", &item[1..]);
    while text.len() + item.len() < MAX_INPUT_BYTES {
        text.push_str(&item);
    }
    let (result, took) = timed(Duration::from_secs(10), || {
        import_manifest(&text, &Request::default())
    });
    let imported = result.expect("imports");
    assert!(
        imported.workloads.len() > 100,
        "{}",
        imported.workloads.len()
    );
    assert!(imported
        .workloads
        .iter()
        .all(|w| w.annotations[VCPUS] == "2"));
    eprintln!(
        "{} bytes, {} workloads: {took:?}",
        text.len(),
        imported.workloads.len()
    );
}

// ---------------------------------------------------------------- fuzzing

fn fuzz_one(bytes: &[u8], executions: &AtomicUsize, slowest: &std::sync::Mutex<Duration>) {
    let start = Instant::now();
    let result = import_bytes(bytes, &Request::default());
    let took = start.elapsed();
    if let Ok(dir) = std::env::var("IMPORT_FUZZ_SLOW_DIR") {
        if took > Duration::from_millis(50) {
            let _ = std::fs::write(
                format!("{dir}/slow-{}-{}.yaml", took.as_millis(), bytes.len()),
                bytes,
            );
        }
    }
    executions.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut worst) = slowest.lock() {
        *worst = (*worst).max(took);
    }
    assert!(
        took < RUNAWAY,
        "{took:?} for {} bytes: {:?}",
        bytes.len(),
        String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
    );
    if let Ok(imported) = result {
        // Whatever comes back serializes (the UI and the JS binding need it).
        assert!(serde_json::to_string(&imported).is_ok());
    }
}

fn all_fixtures() -> Vec<Vec<u8>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| std::fs::read(p).expect("reads"))
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let yamlish = prop_oneof![
        Just(b"[".to_vec()),
        Just(b"{".to_vec()),
        Just(b"]".to_vec()),
        Just(b"'".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b": ".to_vec()),
        Just(b"- ".to_vec()),
        Just(b"&a ".to_vec()),
        Just(b"*a".to_vec()),
        Just(b"|\n".to_vec()),
        Just(b"#".to_vec()),
        Just(b"---\n".to_vec()),
        Just(b"!!str ".to_vec()),
        Just(b"<<: ".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), yamlish).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Remove(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if let Some(byte) = bytes.get_mut(i % len) {
                    *byte ^= b | 1;
                }
            }
            Mutation::Insert(i, s) => {
                let at = i % (bytes.len() + 1);
                bytes.splice(at..at, s.iter().copied());
            }
            Mutation::Remove(i, n) => {
                let at = i % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
            Mutation::Duplicate(i, n) => {
                let at = i % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
    }
    bytes
}

fn fuzz_cases() -> u32 {
    std::env::var("IMPORT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

#[test]
fn fuzz_arbitrary_bytes_never_panic() {
    let executions = AtomicUsize::new(0);
    let slowest = std::sync::Mutex::new(Duration::ZERO);
    let mut runner = TestRunner::new(Config {
        cases: fuzz_cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..2048),
        // Valid UTF-8, mostly YAML punctuation: deeper paths through the parser.
        2 => proptest::collection::vec(
            proptest::sample::select("[]{}'\"#:-|>&*!?,%@` \n\r\tak0~\u{85}\u{2028}\u{feff}é".chars().collect::<Vec<_>>()),
            0..4096
        )
        .prop_map(|chars| chars.into_iter().collect::<String>().into_bytes()),
        1 => any::<String>().prop_map(String::into_bytes),
    ];
    let started = Instant::now();
    let result = runner.run(&strategy, |bytes| {
        fuzz_one(&bytes, &executions, &slowest);
        Ok(())
    });
    eprintln!(
        "fuzz arbitrary bytes: {} executions in {:?}, slowest {:?}",
        executions.load(Ordering::Relaxed),
        started.elapsed(),
        slowest.lock().map(|d| *d).unwrap_or_default()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn fuzz_mutated_fixtures_never_panic() {
    let seeds = all_fixtures();
    let executions = AtomicUsize::new(0);
    let slowest = std::sync::Mutex::new(Duration::ZERO);
    let mut runner = TestRunner::new(Config {
        cases: fuzz_cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..6));
    let started = Instant::now();
    let result = runner.run(&strategy, |(seed, mutations)| {
        let bytes = apply(seeds[seed].clone(), &mutations);
        fuzz_one(&bytes, &executions, &slowest);
        Ok(())
    });
    eprintln!(
        "fuzz mutated fixtures: {} executions in {:?}, slowest {:?}",
        executions.load(Ordering::Relaxed),
        started.elapsed(),
        slowest.lock().map(|d| *d).unwrap_or_default()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Every workload of every fixture written back into its file with its own
/// annotations reads back as the same workloads; with a new selection, only
/// that workload's annotations change.
#[test]
fn export_writes_one_workload_back_and_keeps_the_rest() {
    use kata_annotations::import::export_file;
    let selection: std::collections::BTreeMap<String, String> = [(
        "io.katacontainers.config.hypervisor.default_vcpus".to_owned(),
        "3".to_owned(),
    )]
    .into();
    let mut exported = 0;
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let Ok(imported) = import_manifest(&text, &Request::default()) else {
            continue;
        };
        for (index, workload) in imported.workloads.iter().enumerate() {
            let same = match export_file(&text, workload, &workload.annotations) {
                Ok(same) => same,
                // serde_yaml reads no mapping with a duplicate key: the file
                // must be fixed (the importer flags it) before it is written back.
                Err(e) if e.to_string().contains("duplicate entry") => continue,
                Err(e) => panic!("{}: {e}", path.display()),
            };
            let again = import_manifest(&same, &Request::default()).expect("reads back");
            // Positions move with the rewritten document; everything else stays.
            assert_eq!(
                without_positions(&again.workloads),
                without_positions(&imported.workloads),
                "{}",
                path.display()
            );
            let changed = export_file(&text, workload, &selection).expect("exports");
            let again = import_manifest(&changed, &Request::default()).expect("reads back");
            for (other, (before, after)) in
                imported.workloads.iter().zip(&again.workloads).enumerate()
            {
                if other == index {
                    assert_eq!(after.annotations, selection, "{}", path.display());
                } else {
                    assert_eq!(
                        without_positions(std::slice::from_ref(after)),
                        without_positions(std::slice::from_ref(before)),
                        "{} workload {other}",
                        path.display()
                    );
                }
            }
            exported += 1;
        }
    }
    assert!(exported >= 10, "{exported} workloads exported");
}

fn without_positions(
    workloads: &[kata_annotations::import::ImportedWorkload],
) -> Vec<kata_annotations::import::ImportedWorkload> {
    workloads
        .iter()
        .cloned()
        .map(|mut w| {
            w.positions.clear();
            w
        })
        .collect()
}

/// Every annotation key of every fixture is placed where it is written.
#[test]
fn annotation_keys_carry_their_line_and_column() {
    let text = fixture("multi-document.yaml");
    let imported = import_manifest(&text, &Request::default()).expect("imports");
    let mut placed = 0;
    for workload in &imported.workloads {
        for (key, position) in &workload.positions {
            let line = text
                .lines()
                .nth(position.line - 1)
                .expect("the line exists");
            let column: String = line.chars().skip(position.column - 1).collect();
            assert!(
                column.starts_with(key.as_str()),
                "{key} at {position:?}: {line}"
            );
            placed += 1;
        }
        for key in workload.annotations.keys() {
            assert!(workload.positions.contains_key(key), "{key} has a position");
        }
    }
    assert_eq!(placed, 2);
    let deployment = &imported.workloads[0];
    assert_eq!(
        deployment.positions["io.katacontainers.config.hypervisor.default_vcpus"],
        kata_annotations::import::Position {
            line: 28,
            column: 9
        }
    );
}

/// Each finding about a key carries that key's place in its own workload,
/// even when several workloads write the same key.
#[test]
fn findings_point_at_the_workload_they_are_about() {
    let pod = |name: &str, value: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  annotations:\n    \
             io.katacontainers.config.runtime.disable_guest_seccomp: \"{value}\"\n\
             spec:\n  runtimeClassName: kata-qemu-runtime-rs\n  containers: [{{name: c, image: busybox}}]\n"
        )
    };
    let text = format!("{}---\n{}", pod("good", "true"), pod("bad", "maybe"));
    let imported = import_manifest(&text, &Request::default()).expect("imports");
    let key = "io.katacontainers.config.runtime.disable_guest_seccomp";
    let rejected: Vec<_> = imported
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InvalidValue)
        .collect();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    let position = rejected[0].position.expect("placed");
    assert_eq!(
        (position.line, position.column),
        (16, 5),
        "the second document's key"
    );
    assert!(text
        .lines()
        .nth(position.line - 1)
        .is_some_and(|l| l.trim_start().starts_with(key)));
    // The validator alone knows no text: it places nothing.
    let request = kata_annotations::import::to_request(&imported.workloads[1], &Request::default());
    assert!(kata_annotations::validate(&request)
        .diagnostics
        .iter()
        .all(|d| d.position.is_none()));
}
