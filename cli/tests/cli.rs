//! The `kata-annotations` binary as users run it: formats, exit statuses,
//! standard input, directories, hostile files, and the same findings as the
//! library's importer (the one the page and the JS package call).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kata_annotations::import::import_bytes;
use kata_annotations::Request;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/manifests")
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kata-annotations"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn cli_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kata-annotations"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A run that stops before reading (a usage error) closes the pipe early.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    child.wait_with_output().expect("output")
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

#[test]
fn every_fixture_gets_the_importers_findings() {
    let output = cli(&[
        "lint",
        "--format",
        "json",
        &fixtures().display().to_string(),
    ]);
    let document = json_of(&output);
    let files = document["files"].as_array().expect("files");
    assert!(files.len() >= 15, "{}", files.len());
    for file in files {
        let path = file["path"].as_str().expect("path");
        let bytes = std::fs::read(path).expect("read");
        let expected: Vec<(String, String)> = match import_bytes(&bytes, &Request::default()) {
            Ok(imported) => imported
                .report
                .diagnostics
                .iter()
                .map(|d| (d.code.as_str().to_owned(), d.message.clone()))
                .collect(),
            Err(e) => vec![("KA710".to_owned(), e.to_string())],
        };
        let got: Vec<(String, String)> = file["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap_or_default().to_owned(),
                    f["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        assert_eq!(got, expected, "{path}");
    }
    assert_eq!(document["version"], 1);
}

#[test]
fn exit_status_follows_the_findings_and_fail_on() {
    assert_eq!(cli(&["lint", &fixture("pod.yaml")]).status.code(), Some(0));
    assert_eq!(
        cli(&["lint", &fixture("unquoted-bool.yaml")]).status.code(),
        Some(1)
    );
    assert_eq!(
        cli(&["lint", "--fail-on", "never", &fixture("unquoted-bool.yaml")])
            .status
            .code(),
        Some(0)
    );
    // Warnings only: clean by default, failing with --fail-on warning.
    let misplaced = fixture("deployment-misplaced.yaml");
    assert_eq!(cli(&["lint", &misplaced]).status.code(), Some(0));
    assert_eq!(
        cli(&["lint", "--fail-on", "warning", &misplaced])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(cli(&["lint", "no/such/file.yaml"]).status.code(), Some(2));
    assert_eq!(
        cli(&["lint", "--format", "xml", "."]).status.code(),
        Some(2)
    );
    assert_eq!(
        cli(&["lint", "--shim", "no-such-shim", "."]).status.code(),
        Some(2)
    );
}

#[test]
fn text_names_the_code_severity_gate_key_and_value() {
    let output = cli(&["lint", &fixture("unquoted-bool.yaml")]);
    let text = String::from_utf8_lossy(&output.stdout);
    // path:line:col of the annotation's key, as rustc and Ruff write it.
    let fixture_text = std::fs::read_to_string(fixture("unquoted-bool.yaml")).expect("read");
    let line = fixture_text
        .lines()
        .position(|l| l.contains("io.katacontainers.config.hypervisor.enable_iommu"))
        .expect("the key's line")
        + 1;
    let column = fixture_text
        .lines()
        .nth(line - 1)
        .map_or(0, |l| l.find("io.").unwrap_or(0) + 1);
    assert!(
        text.contains(&format!(
            "unquoted-bool.yaml:{line}:{column}: KA702 error [kubernetes] "
        )),
        "{line}:{column} {text}"
    );
    assert!(
        text.contains("    io.katacontainers.config.hypervisor.enable_iommu: \"yes\""),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(summary.contains("error(s)"), "{summary}");
}

#[test]
fn standard_input_and_a_hostile_file_among_others() {
    let text = std::fs::read_to_string(fixture("unquoted-bool.yaml")).expect("read");
    let output = cli_stdin(&["lint", "--format", "json", "-"], &text);
    let document = json_of(&output);
    assert_eq!(document["files"][0]["path"], "<stdin>");
    assert!(document["summary"]["errors"].as_u64() > Some(0));
    // A bomb gets its own finding; the next file is still checked.
    let output = cli(&[
        "lint",
        "--format",
        "json",
        &fixture("billion-laughs.yaml"),
        &fixture("unquoted-bool.yaml"),
    ]);
    let document = json_of(&output);
    assert_eq!(document["files"][0]["findings"][0]["code"], "KA710");
    assert!(!document["files"][1]["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn directories_are_walked_with_gitignore_and_exclude() {
    let dir = std::env::temp_dir().join(format!("kata-cli-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("apps")).expect("dir");
    std::fs::create_dir_all(dir.join("vendor")).expect("dir");
    std::fs::create_dir_all(dir.join("charts")).expect("dir");
    let bad = std::fs::read_to_string(fixture("unquoted-bool.yaml")).expect("read");
    for path in [
        "apps/a.yaml",
        "apps/b.yml",
        "vendor/c.yaml",
        "charts/d.yaml",
        "apps/notes.txt",
    ] {
        std::fs::write(dir.join(path), &bad).expect("write");
    }
    std::fs::write(dir.join(".gitignore"), "vendor/\n").expect("write");
    let output = cli(&[
        "lint",
        "--format",
        "json",
        "--exclude",
        "charts/**",
        &dir.display().to_string(),
    ]);
    let document = json_of(&output);
    let mut paths: Vec<String> = document["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap_or_default()
                .replace(&dir.display().to_string(), "")
        })
        .collect();
    paths.sort();
    assert_eq!(paths, ["/apps/a.yaml", "/apps/b.yml"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sarif_has_a_rule_per_code_and_a_result_per_finding() {
    let output = cli(&["lint", "--format", "sarif", &fixture("unquoted-bool.yaml")]);
    let log = json_of(&output);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), kata_annotations::Code::ALL.len());
    assert!(rules
        .iter()
        .all(|r| r["help"]["text"].as_str().is_some_and(|t| !t.is_empty())));
    let results = run["results"].as_array().expect("results");
    let json = json_of(&cli(&[
        "lint",
        "--format",
        "json",
        &fixture("unquoted-bool.yaml"),
    ]));
    assert_eq!(
        results.len(),
        json["files"][0]["findings"].as_array().map_or(0, Vec::len)
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // Findings about a key point at it.
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64() > Some(0), "{region}");
    // Zero findings is still a whole SARIF log, and nothing else is on stdout.
    let clean = json_of(&cli(&[
        "lint",
        "--format",
        "sarif",
        "--fail-on",
        "never",
        &fixture("configmap.yaml"),
    ]));
    assert!(clean["runs"][0]["results"].is_array());
}

#[test]
fn github_commands_escape_what_github_reads() {
    let output = cli(&["lint", "--format", "github", &fixture("unquoted-bool.yaml")]);
    let text = String::from_utf8_lossy(&output.stdout);
    let first = text.lines().next().expect("a command");
    assert!(first.starts_with("::error file="), "{first}");
    assert!(first.contains("title=KA702 [kubernetes]"), "{first}");
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
}

#[test]
fn explain_and_render() {
    let output = cli(&["explain", "ka401"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("KA401 (InvalidValue): error"), "{text}");
    assert_eq!(cli(&["explain", "KA999"]).status.code(), Some(2));
    let request =
        r#"{"annotations": {"io.katacontainers.config.hypervisor.default_memory": "4096"}}"#;
    let output = cli_stdin(&["render", "--output", "manifest", "-"], request);
    let manifest = String::from_utf8_lossy(&output.stdout);
    assert!(
        manifest.contains("io.katacontainers.config.hypervisor.default_memory: '4096'"),
        "{manifest}"
    );
    assert_eq!(
        cli_stdin(&["render", "--output", "nope", "-"], request)
            .status
            .code(),
        Some(2)
    );
}

/// The JSON output is what `docs/cli-output.schema.json` describes, for
/// every fixture at once (a hostile one among them) and for a clean file.
#[test]
fn json_output_matches_its_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/cli-output.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("schema"))
            .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for args in [
        vec![fixtures().display().to_string()],
        vec![fixture("configmap.yaml")],
    ] {
        let mut all = vec!["lint".to_owned(), "--format".to_owned(), "json".to_owned()];
        all.extend(args);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let document = json_of(&cli(&refs));
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    // The schema can fail: a document without its summary does not pass.
    let mut broken = json_of(&cli(&["lint", "--format", "json", &fixture("pod.yaml")]));
    broken.as_object_mut().expect("object").remove("summary");
    assert!(!validator.is_valid(&broken));
}

/// `.kata-annotations.toml` above the working directory sets the target,
/// exclusions and ignored codes; flags win over it.
#[test]
fn the_project_file_sets_defaults_and_ignores_codes() {
    let root = std::env::temp_dir().join(format!("kata-cli-project-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let work = root.join("deploy/apps");
    std::fs::create_dir_all(&work).expect("dir");
    std::fs::copy(fixture("unquoted-bool.yaml"), work.join("pod.yaml")).expect("copy");
    std::fs::write(
        root.join(".kata-annotations.toml"),
        "shim = \"qemu\"\nkata_version = \"3.28\"\nignore = [\"ka702\"]\n",
    )
    .expect("write");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kata-annotations"))
            .args(args)
            .current_dir(&work)
            .output()
            .expect("runs")
    };
    let document = json_of(&run(&["lint", "--format", "json", "pod.yaml"]));
    let codes: Vec<&str> = document["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(!codes.contains(&"KA702"), "ignored: {codes:?}");
    // The Go runtime's qemu shim does not enable default_vcpus: KA301.
    assert!(codes.contains(&"KA301"), "the project's shim: {codes:?}");
    let flagged = json_of(&run(&[
        "lint",
        "--format",
        "json",
        "--shim",
        "qemu-runtime-rs",
        "pod.yaml",
    ]));
    let codes: Vec<&str> = flagged["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    // runtime-rs' shim enables it.
    assert!(!codes.contains(&"KA301"), "the flag wins: {codes:?}");
    std::fs::write(
        root.join(".kata-annotations.toml"),
        "ignore = [\"KA999\"]\n",
    )
    .expect("write");
    assert_eq!(
        run(&["lint", "pod.yaml"]).status.code(),
        Some(2),
        "an unknown code is a usage error"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The official SARIF validator (npm `@microsoft/sarif-multitool`, which
/// `cargo xtask setup` installs into `.tools/`) finds no error and no
/// warning in our SARIF, with findings and with none.
#[test]
fn sarif_passes_the_sarif_multitool() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let multitool = root.join(".tools/node_modules/.bin/sarif-multitool");
    assert!(
        multitool.exists(),
        "{} is missing: run `cargo xtask setup` (or `cargo xtask test`, which runs it)",
        multitool.display()
    );
    let dir = std::env::temp_dir().join(format!("kata-cli-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let absolute = fixture("unquoted-bool.yaml");
    let cases = [
        (
            "findings",
            vec!["lint", "--format", "sarif", absolute.as_str()],
        ),
        (
            "relative",
            vec!["lint", "--format", "sarif", "../tests/fixtures/manifests"],
        ),
        (
            "clean",
            vec![
                "lint",
                "--format",
                "sarif",
                "--fail-on",
                "never",
                "../tests/fixtures/manifests/configmap.yaml",
            ],
        ),
    ];
    for (name, args) in cases {
        let log = dir.join(format!("{name}.sarif"));
        let output = Command::new(env!("CARGO_BIN_EXE_kata-annotations"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("runs");
        std::fs::write(&log, &output.stdout).expect("write");
        let report = dir.join(format!("{name}.validation.sarif"));
        let status = Command::new(&multitool)
            .args([
                "validate",
                &log.display().to_string(),
                "-o",
                &report.display().to_string(),
                "--log",
                "ForceOverwrite",
            ])
            .output()
            .expect("the multitool runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stdout)
        );
        let validation: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("JSON");
        let problems: Vec<String> = validation["runs"][0]["results"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| format!("{} {}", r["ruleId"], r["message"]))
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The help a person reads without the README: examples, the exit
/// statuses and where settings come from.
#[test]
fn help_texts_stand_on_their_own() {
    let top = cli(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let top = String::from_utf8_lossy(&top.stdout);
    for part in [
        "lint",
        "explain",
        "render",
        "Examples:",
        ".kata-annotations.toml",
    ] {
        assert!(top.contains(part), "{part}: {top}");
    }
    let lint = cli(&["lint", "--help"]);
    assert_eq!(lint.status.code(), Some(0));
    let lint = String::from_utf8_lossy(&lint.stdout);
    for part in [
        "Exit status: 0",
        "--fail-on",
        "--node-config",
        "sarif",
        "Examples:",
        "flags win",
    ] {
        assert!(lint.contains(part), "{part}: {lint}");
    }
}
