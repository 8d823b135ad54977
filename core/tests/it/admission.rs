//! The admission policy, checked by tools that are not ours: every CEL
//! expression is evaluated by an independent CEL implementation (the `cel`
//! crate, with the strings extension Kubernetes enables) against a table of
//! pods, and its verdict must be the validator's for the same pod; the
//! generated objects must read back as Kubernetes' own types
//! (`k8s-openapi`), field for field.

use std::collections::BTreeMap;
use std::sync::Arc;

use cel::{extensions, Context, Env, Program, Value};
use k8s_openapi::api::admissionregistration::v1::{
    ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding,
};
use kata_annotations::admission::{self, Plan, KEY_CODES, VALUE_CODES};
use kata_annotations::render::render_output;
use kata_annotations::request::{AdmissionAction, AllowedKeys};
use kata_annotations::{validate, Code, Request};

const SECCOMP: &str = "io.katacontainers.config.runtime.disable_guest_seccomp";
const MODULES: &str = "io.katacontainers.config.agent.kernel_modules";
const VCPUS: &str = "io.katacontainers.config.hypervisor.default_vcpus";

/// The policy's expressions, compiled once.
struct Compiled {
    env: Arc<Env>,
    condition: Program,
    rules: Vec<(admission::Rule, Program, Option<Program>)>,
}

fn env() -> Arc<Env> {
    let mut env = Env::stdlib();
    env.add_extension(extensions::strings)
        .expect("the strings extension");
    Arc::new(env)
}

fn compile(plan: &Plan) -> Compiled {
    let env = env();
    let program = |source: &str| {
        env.compile(source)
            .unwrap_or_else(|e| panic!("CEL does not parse {source}: {e:?}"))
    };
    Compiled {
        condition: program(&plan.match_condition),
        rules: plan
            .rules
            .iter()
            .map(|rule| {
                (
                    rule.clone(),
                    program(&rule.expression),
                    rule.message_expression.as_deref().map(program),
                )
            })
            .collect(),
        env,
    }
}

/// `Ok` when the API server admits the pod, else the refusing rule's message.
fn admits(policy: &Compiled, pod: &serde_json::Value) -> Result<(), String> {
    let mut context = Context::with_env(policy.env.clone());
    context
        .add_variable("object", cel::to_value(pod).expect("a pod as CEL"))
        .expect("object");
    let run = |program: &Program| {
        program
            .execute(&context)
            .unwrap_or_else(|e| panic!("evaluation failed for {pod}: {e:?}"))
    };
    if run(&policy.condition) != Value::Bool(true) {
        return Ok(());
    }
    for (rule, expression, message) in &policy.rules {
        match run(expression) {
            Value::Bool(true) => {}
            Value::Bool(false) => {
                return Err(match message.as_ref().map(run) {
                    Some(Value::String(text)) => text.to_string(),
                    Some(other) => panic!("{}: message is {other:?}", rule.name),
                    None => rule.message.clone(),
                });
            }
            other => panic!("{} gave {other:?}", rule.name),
        }
    }
    Ok(())
}

fn pod(runtime_class: Option<&str>, annotations: &[(&str, &str)]) -> serde_json::Value {
    let mut metadata = serde_json::json!({ "name": "p", "namespace": "default" });
    if !annotations.is_empty() {
        let map: BTreeMap<&str, &str> = annotations.iter().copied().collect();
        metadata["annotations"] = serde_json::json!(map);
    }
    let mut spec = serde_json::json!({ "containers": [{ "name": "c", "image": "busybox" }] });
    if let Some(class) = runtime_class {
        spec["runtimeClassName"] = serde_json::json!(class);
    }
    serde_json::json!({ "apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec })
}

fn request(shim: &str, version: &str, keys: AllowedKeys) -> Request {
    let mut request: Request = serde_json::from_value(serde_json::json!({
        "shim": shim,
        "kataVersion": version,
        "workload": { "runtimeClassName": format!("kata-{shim}") },
    }))
    .expect("request");
    request.admission.keys = keys;
    request
}

/// The codes of the validator's findings that the policy enforces for this
/// pod: findings about the key itself, and value findings of keys the
/// policy checks values of.
fn validator_refuses(base: &Request, plan: &Plan, annotations: &[(&str, &str)]) -> Vec<Code> {
    let mut request = base.clone();
    request.annotations = annotations
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let value_checked = |key: &str| plan.rules.iter().any(|r| r.key == Some(key));
    validate(&request)
        .diagnostics
        .iter()
        .filter(|d| {
            KEY_CODES.contains(&d.code)
                || (VALUE_CODES.contains(&d.code) && d.key.as_deref().is_some_and(value_checked))
        })
        .map(|d| d.code)
        .collect()
}

const TARGETS: &[(&str, &str)] = &[
    ("qemu-runtime-rs", "4.1"),
    ("qemu", "4.1"),
    ("clh", "3.32"),
    ("qemu-tdx", "3.28"),
    ("qemu", "3.2"),
];

/// The table of pods: the policy admits a pod of the Kata RuntimeClass
/// exactly when the validator reports none of the codes the policy
/// enforces; pods of other RuntimeClasses are never checked.
#[test]
fn the_policy_refuses_what_the_validator_refuses() {
    for &(shim, version) in TARGETS {
        let base = request(shim, version, AllowedKeys::NodePolicy);
        let plan = admission::plan(&base);
        let policy = compile(&plan);
        let class = format!("kata-{shim}");
        let table: &[(&str, &[(&str, &str)])] = &[
            ("no annotations", &[]),
            ("good", &[(SECCOMP, "false"), ("example.com/team", "a")]),
            ("bad value", &[(SECCOMP, "maybe")]),
            (
                "unknown key",
                &[("io.katacontainers.config.hypervisor.nonsense", "1")],
            ),
            (
                "wrong prefix",
                &[(
                    "io.kata-containers.config.hypervisor.default_memory",
                    "4096",
                )],
            ),
            ("wrong prefix, upper case", &[("KATA.config", "x")]),
            (
                "mixed case",
                &[("io.katacontainers.config.hypervisor.Default_memory", "4096")],
            ),
            (
                "gated key",
                &[("io.katacontainers.config.hypervisor.path", "/usr/bin/qemu")],
            ),
            ("kernel modules", &[(MODULES, "e1000e")]),
            ("vcpus", &[(VCPUS, "2")]),
            (
                "removed key",
                &[("io.katacontainers.config.hypervisor.use_vsock", "true")],
            ),
        ];
        for (name, annotations) in table {
            let refused = validator_refuses(&base, &plan, annotations);
            let verdict = admits(&policy, &pod(Some(&class), annotations));
            assert_eq!(
                verdict.is_ok(),
                refused.is_empty(),
                "{shim} {version}, {name}: policy {verdict:?}, validator {refused:?}"
            );
            // The same pod elsewhere is none of the policy's business.
            assert_eq!(admits(&policy, &pod(Some("runc"), annotations)), Ok(()));
            assert_eq!(admits(&policy, &pod(None, annotations)), Ok(()));
        }
    }
}

/// Values the runtimes' parsers disagree about: signs, spaces (ASCII and
/// Unicode), leading zeros, the edges of 32 and 64 bits, other digits,
/// case, enum members with spaces.
fn corpus(enum_values: &[&str]) -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        " ",
        "true",
        "false",
        "True",
        "TRUE",
        "t",
        "F",
        "1",
        "0",
        " true",
        "false ",
        "\u{a0}true",
        "true\u{3000}",
        "\u{200b}true",
        "yes",
        "on",
        "maybe",
        "42",
        "+42",
        " 42",
        "42 ",
        "\t7\n",
        "007",
        "-1",
        "-0",
        "0x10",
        "1_000",
        "1.5",
        "1e3",
        "٤٢",
        "4294967295",
        "4294967296",
        "04294967295",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999",
        "+",
        "++1",
        "none",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    for value in enum_values {
        values.push((*value).to_owned());
        values.push(format!(" {value}"));
        values.push(value.to_ascii_uppercase());
    }
    values
}

/// Every value rule against many values, on Go and runtime-rs shims of
/// several releases: CEL refuses a value exactly when the validator
/// reports it cannot be parsed.
#[test]
fn value_rules_accept_exactly_what_the_runtime_parses() {
    let mut checked = 0;
    for &(shim, version) in TARGETS {
        let base = request(shim, version, AllowedKeys::NodePolicy);
        let plan = admission::plan(&base);
        let policy = compile(&plan);
        let class = format!("kata-{shim}");
        for rule in plan.rules.iter().filter(|r| r.key.is_some()) {
            let key = rule.key.expect("a value rule");
            // An enum's members, as the catalog has them for this runtime.
            let target = base.target();
            let members: &[&str] = match kata_annotations::catalog::find(key)
                .and_then(|a| a.support_at(target.runtime, target.version).kind())
            {
                Some(kata_annotations::kind::Kind::Enum(values)) => values,
                _ => &[],
            };
            for value in corpus(members) {
                let annotations = [(key, value.as_str())];
                let refused = validator_refuses(&base, &plan, &annotations);
                let verdict = admits(&policy, &pod(Some(&class), &annotations));
                assert_eq!(
                    verdict.is_ok(),
                    refused.is_empty(),
                    "{shim} {version} {key}={value:?}: policy {verdict:?}, validator {refused:?}"
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} key-value cases");
    assert!(checked > 1000, "only {checked} cases");
}

/// In selection mode only the selected keys pass, and the message names
/// the key that does not.
#[test]
fn selection_mode_allows_only_the_selected_keys() {
    let mut base = request("qemu-runtime-rs", "4.1", AllowedKeys::Selection);
    base.annotations.insert(SECCOMP.into(), "false".into());
    // Not in the shipped enable_annotations of qemu-runtime-rs: the node refuses it.
    let driver = "io.katacontainers.config.hypervisor.block_device_driver";
    base.annotations
        .insert(driver.into(), "virtio-blk-pci".into());
    let plan = admission::plan(&base);
    assert_eq!(plan.allowed, [SECCOMP]);
    let text = render_output("admission-policy", &base).expect("renders");
    let header: String = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert!(
        header.contains("Selected keys it refuses too") && header.contains(driver),
        "{header}"
    );
    let policy = compile(&plan);
    let class = "kata-qemu-runtime-rs";
    assert_eq!(
        admits(&policy, &pod(Some(class), &[(SECCOMP, "true")])),
        Ok(())
    );
    let refused = admits(
        &policy,
        &pod(Some(class), &[(SECCOMP, "true"), (MODULES, "e1000e")]),
    )
    .expect_err("kernel modules are not selected");
    assert!(refused.contains(MODULES), "{refused}");
    assert!(
        refused.contains(SECCOMP),
        "names what is allowed: {refused}"
    );
    let refused = admits(&policy, &pod(Some(class), &[("io.kata-containers.x", "1")]))
        .expect_err("misspelled");
    assert!(refused.contains("io.kata-containers.x"), "{refused}");
    let refused = admits(&policy, &pod(Some(class), &[(SECCOMP, "yes")])).expect_err("bad value");
    assert!(refused.contains("true or false"), "{refused}");
}

/// The three ways the form is used: Deny for the selection everywhere,
/// Warn for every enabled key in labelled namespaces, Audit for the
/// selection in namespaces with two labels; each with one key selected.
fn option_requests() -> Vec<(AdmissionAction, &'static str, Request)> {
    [
        (AdmissionAction::Deny, "", AllowedKeys::Selection),
        (
            AdmissionAction::Warn,
            "kata-policy=enforced",
            AllowedKeys::NodePolicy,
        ),
        (
            AdmissionAction::Audit,
            "team=a, tier=gold",
            AllowedKeys::Selection,
        ),
    ]
    .into_iter()
    .map(|(action, labels, keys)| {
        let mut request = request("qemu-runtime-rs", "4.1", keys);
        request.annotations.insert(SECCOMP.into(), "false".into());
        request.admission.action = action;
        request.admission.namespace_labels = labels.into();
        (action, labels, request)
    })
    .collect()
}

fn documents(text: &str) -> Vec<serde_json::Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|doc| {
            let value: serde_yaml::Value = serde::Deserialize::deserialize(doc).expect("YAML");
            serde_json::to_value(value).expect("JSON")
        })
        .collect()
}

/// Each generated object reads back as Kubernetes' type with nothing lost
/// (a field Kubernetes does not know would be dropped and show here).
#[test]
fn the_objects_are_kubernetes_admissionregistration_v1() {
    for (action, labels, request) in option_requests() {
        let text = render_output("admission-policy", &request).expect("renders");
        let docs = documents(&text);
        assert_eq!(docs.len(), 2, "{text}");
        let policy: ValidatingAdmissionPolicy =
            serde_json::from_value(docs[0].clone()).expect("a ValidatingAdmissionPolicy");
        assert_eq!(serde_json::to_value(&policy).expect("json"), docs[0]);
        let binding: ValidatingAdmissionPolicyBinding =
            serde_json::from_value(docs[1].clone()).expect("a binding");
        assert_eq!(serde_json::to_value(&binding).expect("json"), docs[1]);
        let spec = binding.spec;
        assert_eq!(Some(spec.policy_name), policy.metadata.name);
        assert_eq!(spec.validation_actions, vec![format!("{action:?}")]);
        let selector = spec
            .match_resources
            .and_then(|m| m.namespace_selector)
            .and_then(|s| s.match_labels);
        assert_eq!(
            selector.map(|l| l.len()).unwrap_or(0),
            labels.matches('=').count()
        );
        // The comment says what stays on the node.
        assert!(text.contains("Only the node checks the rest"), "{text}");
    }
}

#[test]
fn bad_options_fail_this_output_only() {
    let mut request = request("qemu-runtime-rs", "4.1", AllowedKeys::Selection);
    request.admission.namespace_labels = "team".into();
    let error = render_output("admission-policy", &request).expect_err("not key=value");
    assert!(error.to_string().contains("key=value"), "{error}");
    request.admission.namespace_labels = "team=not a value".into();
    assert!(render_output("admission-policy", &request).is_err());
    request.admission.namespace_labels.clear();
    request.workload.runtime_class_name = " ".into();
    assert!(render_output("admission-policy", &request).is_err());
    assert!(
        render_output("manifest", &request).is_err()
            || render_output("containerd", &request).is_ok()
    );
}

/// The Kyverno ClusterPolicy reads back unchanged as Kyverno's own
/// `ClusterPolicy` (Python models generated from Kyverno's CRDs, installed
/// into `.tools/venv` by `cargo xtask setup`), and holds exactly the
/// ValidatingAdmissionPolicy's CEL, which the tests above evaluate.
#[test]
fn the_kyverno_policy_is_a_kyverno_cluster_policy_with_the_same_cel() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".tools/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `cargo xtask setup` (or `cargo xtask test`, which runs it)",
        python.display()
    );
    let mut lines = String::new();
    for (action, labels, keys, failure, warn) in [
        (
            AdmissionAction::Deny,
            "",
            AllowedKeys::Selection,
            "Enforce",
            false,
        ),
        (
            AdmissionAction::Warn,
            "team=a",
            AllowedKeys::NodePolicy,
            "Audit",
            true,
        ),
        (
            AdmissionAction::Audit,
            "",
            AllowedKeys::NodePolicy,
            "Audit",
            false,
        ),
    ] {
        let mut request = request("qemu", "3.32", keys);
        request.annotations.insert(SECCOMP.into(), "false".into());
        request.admission.action = action;
        request.admission.namespace_labels = labels.into();
        let kyverno = documents(&render_output("kyverno-policy", &request).expect("renders"));
        assert_eq!(kyverno.len(), 1);
        let policy = &kyverno[0];
        let rule = &policy["spec"]["rules"][0];
        assert_eq!(rule["validate"]["failureAction"], failure);
        assert_eq!(
            policy["spec"]["emitWarning"].as_bool().unwrap_or(false),
            warn
        );
        let vap = documents(&render_output("admission-policy", &request).expect("renders"));
        assert_eq!(
            rule["validate"]["cel"]["expressions"],
            vap[0]["spec"]["validations"]
        );
        assert_eq!(
            rule["celPreconditions"][0]["expression"],
            vap[0]["spec"]["matchConditions"][0]["expression"]
        );
        lines.push_str(&serde_json::to_string(policy).expect("json"));
        lines.push('\n');
    }
    let mut child = Command::new(python)
        .arg(root.join("core/tests/fixtures/kyverno/check.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(lines.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("output");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}");
    assert_eq!(said.lines().filter(|l| *l == "ok").count(), 3, "{said}");
}

/// `kubernetes-validate --strict` accepts the policy and its binding at
/// 1.30, the first release with `admissionregistration.k8s.io/v1`
/// policies, and at its newest; and refuses a misspelled field.
#[test]
fn kubernetes_validate_accepts_the_policy_and_the_binding() {
    let texts: Vec<String> = option_requests()
        .iter()
        .map(|(_, _, request)| render_output("admission-policy", request).expect("renders"))
        .collect();

    for version in ["1.30.0", "1.37.0"] {
        let said = super::kubernetes_validate::check("policy", &texts, version)
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(
            said.matches(" passed for resource ").count(),
            6,
            "{version}: {said}"
        );
    }
    let bad = texts[0].replace("validationActions", "validationAction");
    assert!(super::kubernetes_validate::check("bad-policy", &[bad], "1.30.0").is_err());
}
