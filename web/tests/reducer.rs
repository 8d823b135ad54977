//! The configurator's reducer, tested natively: every action the page can
//! dispatch, on the state it produces (no browser needed).

use std::rc::Rc;

use kata_annotations::catalog;
use kata_annotations::presets::PRESETS;
use kata_annotations::request::{Request, WorkloadKind};
use kata_annotations::shim::Shim;
use kata_annotations::target::{Hypervisor, Runtime};
use kata_annotations::version::Version;
use kata_annotations::Diagnostic;
use kata_configurator::state::{Action, ContainerdEdit, Panel, State, WorkloadEdit};
use yew::Reducible;

const MEMORY: &str = "io.katacontainers.config.hypervisor.default_memory";
const VCPUS: &str = "io.katacontainers.config.hypervisor.default_vcpus";

fn run(state: State, actions: impl IntoIterator<Item = Action>) -> State {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    Rc::try_unwrap(state).unwrap_or_else(|rc| (*rc).clone())
}

fn key(k: &str) -> &'static str {
    catalog::find(k).expect("catalog key").key
}

fn shim(name: &str) -> &'static Shim {
    Shim::find(name).expect("a known shim")
}

fn class(state: &State) -> &str {
    &state.request.workload.runtime_class_name
}

fn notice_is_error(state: &State) -> Option<bool> {
    state.notice.as_ref().map(|n| n.error)
}

#[test]
fn tick_starts_at_the_default_and_untick_removes() {
    let state = run(State::default(), [Action::Toggle(key(MEMORY), true)]);
    let default = catalog::find(MEMORY)
        .and_then(|a| a.default)
        .expect("has a default");
    assert_eq!(
        state.request.annotations.get(MEMORY).map(String::as_str),
        Some(default)
    );
    let state = run(
        state,
        [
            Action::SetValue(MEMORY.into(), "4096".into()),
            // Ticking again keeps the value the user set.
            Action::Toggle(key(MEMORY), true),
        ],
    );
    assert_eq!(state.request.annotations[MEMORY], "4096");
    let state = run(state, [Action::Toggle(key(MEMORY), false)]);
    assert!(state.request.annotations.is_empty());
}

#[test]
fn a_shim_switch_sets_runtime_and_hypervisor_and_keeps_the_annotations() {
    let state = run(
        State::default(),
        [
            Action::SetValue(VCPUS.into(), "2".into()),
            Action::SetShim(shim("clh")),
        ],
    );
    assert_eq!(state.request.shim.as_deref(), Some("clh"));
    assert_eq!(state.request.runtime, Runtime::Go);
    assert_eq!(state.request.hypervisor, Hypervisor::Clh);
    let target = state.request.target();
    assert_eq!(
        (target.runtime, target.hypervisor),
        (Runtime::Go, Hypervisor::Clh)
    );
    assert_eq!(state.request.annotations[VCPUS], "2");
    assert_eq!(state.request.policy, None);

    // A flavour of the same hypervisor is a shim of its own.
    let state = run(state, [Action::SetShim(shim("qemu-coco-dev-runtime-rs"))]);
    assert_eq!(
        state.request.resolved_shim().name,
        "qemu-coco-dev-runtime-rs"
    );
    assert_eq!(state.request.runtime, Runtime::Rust);
    assert_eq!(state.request.hypervisor, Hypervisor::Qemu);
}

#[test]
fn a_version_switch_changes_the_release_only() {
    let old = Version::new(3, 23);
    let state = run(
        State::default(),
        [
            Action::SetValue(MEMORY.into(), "4096".into()),
            Action::SetVersion(old),
        ],
    );
    assert_eq!(state.request.kata_version, old);
    assert_eq!(state.request.target().version, old);
    // The shim stays, even one kata-deploy did not install yet: the page marks it.
    assert_eq!(
        state.request.resolved_shim(),
        Shim::new(Runtime::Rust, Hypervisor::Qemu)
    );
    assert_eq!(state.request.annotations[MEMORY], "4096");
    assert_eq!(class(&state), "kata");
    let state = run(
        state,
        [
            Action::SetShim(shim("qemu-nvidia-gpu-runtime-rs")),
            Action::SetVersion(Version::new(3, 2)),
        ],
    );
    assert_eq!(
        state.request.resolved_shim().name,
        "qemu-nvidia-gpu-runtime-rs"
    );
    assert!(!state
        .request
        .resolved_shim()
        .installed_at(Version::new(3, 2)));
}

#[test]
fn the_runtime_class_follows_the_shim_unless_it_is_the_users_own() {
    // The generic `kata` follows the first pick.
    let state = run(State::default(), [Action::SetShim(shim("qemu-runtime-rs"))]);
    assert_eq!(class(&state), "kata-qemu-runtime-rs");
    // kata-deploy names the containerd handler the same way.
    assert_eq!(state.request.containerd.handler, "kata-qemu-runtime-rs");
    // The previous shim's RuntimeClass follows the next.
    let state = run(state, [Action::SetShim(shim("qemu-tdx"))]);
    assert_eq!(class(&state), "kata-qemu-tdx");

    // A renamed shim: its RuntimeClass is named for the chosen release, and
    // a release switch follows the rename.
    let state = run(
        state,
        [
            Action::SetVersion(Version::new(3, 23)),
            Action::SetShim(shim("clh-runtime-rs")),
        ],
    );
    assert_eq!(class(&state), "kata-cloud-hypervisor");
    let state = run(state, [Action::SetVersion(Version::new(3, 30))]);
    assert_eq!(class(&state), "kata-clh-runtime-rs");
    assert_eq!(state.request.containerd.handler, "kata-clh-runtime-rs");
    let state = run(state, [Action::SetShim(shim("dragonball"))]);
    assert_eq!(class(&state), "kata-dragonball");

    // A name of the user's own stays through shim and release switches.
    for custom in ["my-kata", "kata-qemu-tdx-custom", ""] {
        let state = run(
            State::default(),
            [
                Action::Workload(WorkloadEdit::RuntimeClassName(custom.into())),
                Action::Containerd(ContainerdEdit::Handler(custom.into())),
                Action::SetShim(shim("qemu-snp")),
                Action::SetVersion(Version::new(3, 5)),
                Action::SetShim(shim("fc")),
            ],
        );
        assert_eq!(class(&state), custom);
        assert_eq!(state.request.containerd.handler, custom);
        assert_eq!(state.request.resolved_shim().name, "fc");
    }
}

#[test]
fn an_old_link_names_the_plain_shim_of_its_pair() {
    // What a link from before shims holds: a runtime and a hypervisor.
    let old = Request {
        runtime: Runtime::Go,
        hypervisor: Hypervisor::Clh,
        ..Request::default()
    };
    let state = State::with_request(old);
    assert_eq!(state.request.shim, None);
    assert_eq!(
        state.request.resolved_shim(),
        Shim::new(Runtime::Go, Hypervisor::Clh)
    );
    assert_eq!(state.request.resolved_shim().name, "clh");
    // Picking a shim from there: the generic class follows, the pair changes.
    let state = run(state, [Action::SetShim(shim("fc"))]);
    assert_eq!(state.request.hypervisor, Hypervisor::Firecracker);
    assert_eq!(class(&state), "kata-fc");
}

#[test]
fn resource_edits_fill_the_workload() {
    let state = run(
        State::default(),
        [
            Action::Workload(WorkloadEdit::CpuRequest("500m".into())),
            Action::Workload(WorkloadEdit::MemoryRequest("1Gi".into())),
            Action::Workload(WorkloadEdit::CpuLimit("2".into())),
            Action::Workload(WorkloadEdit::MemoryLimit("2Gi".into())),
        ],
    );
    let resources = &state.request.workload.resources;
    assert_eq!(
        (
            resources.cpu_request.as_str(),
            resources.memory_request.as_str(),
            resources.cpu_limit.as_str(),
            resources.memory_limit.as_str()
        ),
        ("500m", "1Gi", "2", "2Gi")
    );
    let cleared = run(
        state,
        [
            Action::Workload(WorkloadEdit::CpuRequest(String::new())),
            Action::Workload(WorkloadEdit::MemoryRequest(String::new())),
            Action::Workload(WorkloadEdit::CpuLimit(String::new())),
            Action::Workload(WorkloadEdit::MemoryLimit(String::new())),
        ],
    );
    assert!(cleared.request.workload.resources.is_empty());
    assert_eq!(*cleared.request, Request::default());
}

const TWO_TABLES: &str = r#"
[hypervisor.qemu]
enable_annotations = ["default_memory"]

[hypervisor.clh]
enable_annotations = ["default_vcpus"]
valid_hypervisor_paths = ["/opt/clh"]
"#;

fn enabled(state: &State) -> Option<Vec<String>> {
    state
        .request
        .policy
        .as_ref()
        .and_then(|p| p.enable_annotations.clone())
}

#[test]
fn a_pasted_policy_is_read_again_for_each_shim() {
    let state = run(State::default(), [Action::PastePolicy(TWO_TABLES.into())]);
    assert_eq!(enabled(&state), Some(vec!["default_memory".to_owned()]));
    assert_eq!(
        state.policy_source.as_deref(),
        Some("pasted [hypervisor.qemu]")
    );

    let state = run(state, [Action::SetShim(shim("clh-runtime-rs"))]);
    assert_eq!(enabled(&state), Some(vec!["default_vcpus".to_owned()]));
    assert_eq!(
        state.policy_source.as_deref(),
        Some("pasted [hypervisor.clh]")
    );
    assert_eq!(notice_is_error(&state), Some(false));

    // No [hypervisor.firecracker] table: the shipped defaults, and a notice that says so.
    let state = run(state, [Action::SetShim(shim("fc"))]);
    assert_eq!(state.request.policy, None);
    assert_eq!(state.policy_source, None);
    assert_eq!(notice_is_error(&state), Some(true));
    let notice = state
        .notice
        .as_ref()
        .map(|n| n.text.as_str())
        .unwrap_or_default();
    assert!(notice.contains("kata-fc"), "{notice}");

    // The paste is kept: switching back reads its table again, for a
    // flavour of the hypervisor too.
    let state = run(state, [Action::SetShim(shim("qemu-coco-dev"))]);
    assert_eq!(enabled(&state), Some(vec!["default_memory".to_owned()]));
    assert_eq!(notice_is_error(&state), Some(false));

    // A release switch keeps the policy; so does picking the same shim again.
    let again = run(
        state.clone(),
        [
            Action::Dismiss,
            Action::SetVersion(Version::new(3, 20)),
            Action::SetShim(shim("qemu-coco-dev")),
        ],
    );
    assert_eq!(again.request.policy, state.request.policy);
    assert_eq!(again.notice, None);

    let state = run(state, [Action::ResetPolicy, Action::SetShim(shim("clh"))]);
    assert_eq!(state.request.policy, None);
}

#[test]
fn a_bad_policy_paste_changes_nothing() {
    let before = run(
        State::default(),
        [Action::SetValue(VCPUS.into(), "2".into())],
    );
    for text in ["not = [toml", "[hypervisor.clh]\nenable_annotations = []\n"] {
        let after = run(before.clone(), [Action::PastePolicy(text.into())]);
        assert_eq!(after.request, before.request, "{text}");
        assert_eq!(after.pasted_policy, None);
        assert_eq!(notice_is_error(&after), Some(true));
    }
}

#[test]
fn import_fills_the_form_and_keeps_quoted_command_words() {
    let yaml = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    io.katacontainers.config.hypervisor.default_memory: "4096"
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          command: [sh, -c, "echo done"]
"#;
    let state = run(
        State {
            panel: Panel::Import,
            ..State::default()
        },
        [Action::Import(yaml.into())],
    );
    let request = &state.request;
    assert_eq!(request.workload.kind, WorkloadKind::Deployment);
    assert_eq!(request.workload.command, ["sh", "-c", "echo done"]);
    // A key on the controller's metadata moves into the form; the import's
    // runtimeClassName is empty, so the form's stays.
    assert_eq!(request.annotations[MEMORY], "4096");
    assert_eq!(
        request.workload.runtime_class_name,
        Request::default().workload.runtime_class_name
    );
    assert!(state
        .import_findings
        .iter()
        .any(|d| d.code.as_str() == "KA701"));
    assert_eq!(state.panel, Panel::Closed);
}

#[test]
fn a_failed_import_changes_nothing() {
    let before = run(
        State::default(),
        [Action::SetValue(VCPUS.into(), "2".into())],
    );
    for text in ["kind: [unclosed", "just: a map\n"] {
        let after = run(before.clone(), [Action::Import(text.into())]);
        assert_eq!(after.request, before.request, "{text}");
        assert_eq!(notice_is_error(&after), Some(true), "{text}");
    }
}

#[test]
fn command_edits_hold_words() {
    let words = vec!["sh".to_owned(), "-c".to_owned(), "echo done".to_owned()];
    let state = run(
        State::default(),
        [Action::Workload(WorkloadEdit::Command(words.clone()))],
    );
    assert_eq!(state.request.workload.command, words);
}

#[test]
fn a_preset_asks_before_replacing_a_selection() {
    let preset = &PRESETS[0];
    let applied = run(State::default(), [Action::ApplyPreset(preset.id)]);
    assert_eq!(applied.request.annotations, preset.annotation_map());
    assert_eq!(applied.pending_preset, None);

    let mine = run(
        State::default(),
        [Action::SetValue(VCPUS.into(), "3".into())],
    );
    let asked = run(mine.clone(), [Action::ApplyPreset(PRESETS[1].id)]);
    assert_eq!(asked.pending_preset, Some(PRESETS[1].id));
    assert_eq!(asked.request, mine.request);
    let declined = run(asked.clone(), [Action::ConfirmPreset(false)]);
    assert_eq!(declined.request, mine.request);
    assert_eq!(declined.pending_preset, None);
    let accepted = run(asked, [Action::ConfirmPreset(true)]);
    assert_eq!(accepted.request.annotations, PRESETS[1].annotation_map());

    let unknown = run(mine.clone(), [Action::ApplyPreset("no-such-preset")]);
    assert_eq!(unknown, mine);
}

#[test]
fn reset_starts_over_from_every_state() {
    let busy = run(
        State::default(),
        [
            Action::SetValue(VCPUS.into(), "2".into()),
            Action::SetVersion(Version::new(3, 23)),
            Action::SetShim(shim("qemu")),
            Action::Workload(WorkloadEdit::MemoryLimit("2Gi".into())),
            Action::PastePolicy(TWO_TABLES.into()),
            Action::SetSearch("mem".into()),
            Action::Workload(WorkloadEdit::Name("x".into())),
        ],
    );
    let reset = run(busy, [Action::Reset]);
    assert_eq!(*reset.request, Request::default());
    assert_eq!(reset.pasted_policy, None);
    assert_eq!(reset.search, "");
    assert_eq!(
        State {
            notice: None,
            ..reset
        },
        State::default()
    );
}

/// The verdict follows the request through every action: it equals a fresh
/// `validate` of the state's request, and each key's findings are the
/// report's findings about that key.
#[test]
fn the_verdict_is_core_s_verdict_on_the_request_after_each_action() {
    let actions = [
        Action::Toggle(key(MEMORY), true),
        Action::SetValue(MEMORY.into(), "lots".into()),
        Action::Toggle(key(VCPUS), true),
        Action::SetValue(VCPUS.into(), "-1".into()),
        Action::SetSearch("memory".into()),
        Action::SetShim(shim("clh")),
        Action::SetValue(MEMORY.into(), "4096".into()),
        Action::Toggle(key(VCPUS), false),
    ];
    let mut state = Rc::new(State::default());
    let mut seen_findings = false;
    for action in actions {
        state = state.reduce(action);
        let fresh = kata_annotations::validate(&state.request);
        let shown: Vec<Diagnostic> = state.verdict.report.iter().map(|d| (**d).clone()).collect();
        assert_eq!(shown, fresh.diagnostics);
        for k in [MEMORY, VCPUS] {
            let about: Vec<_> = fresh
                .diagnostics
                .iter()
                .filter(|d| d.key.as_deref() == Some(k))
                .cloned()
                .collect();
            seen_findings |= !about.is_empty();
            let found: Vec<Diagnostic> = state
                .verdict
                .findings(k)
                .iter()
                .flat_map(|f| f.iter().map(|d| (**d).clone()))
                .collect();
            assert_eq!(found, about);
        }
    }
    assert!(seen_findings, "the bad values were flagged");
}

/// An action that does not change the request keeps the same request and
/// verdict, so the parts of the page that show only them are not redrawn.
#[test]
fn ui_only_actions_keep_the_request_and_the_verdict() {
    let before = Rc::new(run(State::default(), [Action::Toggle(key(MEMORY), true)]));
    let after = before.clone().reduce(Action::SetSearch("vcpu".into()));
    assert!(Rc::ptr_eq(&before.request, &after.request));
    assert!(Rc::ptr_eq(&before.verdict.report, &after.verdict.report));
    let edited = after
        .clone()
        .reduce(Action::SetValue(MEMORY.into(), "4096".into()));
    assert!(!Rc::ptr_eq(&after.request, &edited.request));
}

/// An edit keeps what it did not change: the findings of the keys it did
/// not touch keep their `Rc`, and an edit whose verdict is the same keeps
/// the verdict, so the page compares pointers, not findings.
#[test]
fn an_edit_keeps_the_findings_it_did_not_change() {
    let before = run(
        State::default(),
        [
            Action::Toggle(key(MEMORY), true),
            Action::Toggle(key(VCPUS), true),
            Action::SetValue(VCPUS.into(), "-1".into()),
        ],
    );
    let vcpus = before.verdict.findings(VCPUS).expect("-1 vCPUs is flagged");
    let edited = Rc::new(before.clone()).reduce(Action::SetValue(MEMORY.into(), "lots".into()));
    assert!(
        !edited.verdict.is(&before.verdict),
        "a new finding, a new verdict"
    );
    let kept = edited.verdict.findings(VCPUS).expect("still flagged");
    assert!(Rc::ptr_eq(&vcpus, &kept));
    assert!(edited.verdict.findings(MEMORY).is_some());

    // The same value again: the request differs from no request, but the
    // verdict on it is the one the page already shows.
    let again = edited
        .clone()
        .reduce(Action::SetValue(MEMORY.into(), "lots".into()));
    assert!(edited.verdict.is(&again.verdict));
}

/// A file with two workloads: the form edits the first, then the one the
/// user chooses; the file keeps both.
#[test]
fn choosing_a_workload_of_the_imported_file_edits_that_one() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/manifests/multi-document.yaml"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let state = run(State::default(), [Action::Import(text.clone())]);
    let file = state.imported.clone().expect("the file is kept");
    assert_eq!(file.workloads.len(), 2);
    assert_eq!(&*file.text, text.as_str());
    assert_eq!(state.request.workload.name, "api");
    assert!(state
        .notice
        .as_ref()
        .is_some_and(|n| n.text.contains("2 workloads")));
    let state = run(state, [Action::ChooseWorkload(1)]);
    assert_eq!(state.request.workload.name, "migrate");
    assert_eq!(state.request.workload.kind, WorkloadKind::Job);
    assert_eq!(
        state
            .request
            .annotations
            .get("io.katacontainers.config.runtime.disable_guest_seccomp")
            .map(String::as_str),
        Some("false")
    );
    assert_eq!(state.imported.as_ref().map(|f| f.chosen), Some(1));
    // An index the file does not have changes nothing.
    let same = run(state.clone(), [Action::ChooseWorkload(7)]);
    assert_eq!(same, state);
    let forgotten = run(state, [Action::ForgetImport]);
    assert!(forgotten.imported.is_none());
    assert_eq!(
        forgotten.request.workload.name, "migrate",
        "the form keeps its values"
    );
}

/// The row feed wakes only the rows `changed_since` names, so it must name
/// every key whose findings changed, and give up (`None`) on a verdict that
/// is not the next one.
#[test]
fn a_verdict_names_the_keys_whose_findings_changed() {
    let findings = |state: &State, k: &str| state.verdict.findings(k).map(|f| f.to_vec());
    let start = run(
        State::default(),
        [
            Action::Toggle(key(MEMORY), true),
            Action::Toggle(key(VCPUS), true),
        ],
    );
    let changed = |before: &State, after: &State| -> Option<Vec<String>> {
        let mut keys: Vec<String> = after
            .verdict
            .changed_since(&before.verdict)?
            .iter()
            .map(|k| k.to_string())
            .collect();
        keys.sort();
        Some(keys)
    };
    // A bad value: its key gains an error, the other key is left alone.
    let bad = run(
        start.clone(),
        [Action::SetValue(MEMORY.into(), "lots".into())],
    );
    assert_ne!(findings(&bad, MEMORY), findings(&start, MEMORY));
    assert_eq!(changed(&start, &bad), Some(vec![MEMORY.to_owned()]));
    // Back to a good value: the same key, whose findings are gone or back.
    let good = run(
        bad.clone(),
        [Action::SetValue(MEMORY.into(), "4096".into())],
    );
    assert_eq!(changed(&bad, &good), Some(vec![MEMORY.to_owned()]));
    // Unticking a key with findings names it too.
    let unticked = run(bad.clone(), [Action::Toggle(key(MEMORY), false)]);
    assert_eq!(findings(&unticked, MEMORY), None);
    assert!(changed(&bad, &unticked).is_some_and(|keys| keys.contains(&MEMORY.to_owned())));
    // The same verdict: nothing; two steps apart or another chain: unknown.
    assert_eq!(changed(&good, &good), Some(vec![]));
    assert_eq!(changed(&start, &good), None);
    assert_eq!(changed(&State::default(), &start), None);
}

/// The store notifies the page only when `differs_from` says so: every
/// change must count, and an action that changes nothing must not.
#[test]
fn a_state_differs_exactly_when_an_action_changed_it() {
    let start = run(State::default(), [Action::Toggle(key(MEMORY), true)]);
    let same = run(
        start.clone(),
        [
            Action::SetValue(MEMORY.into(), start.request.annotations[MEMORY].clone()),
            Action::SetSearch(String::new()),
        ],
    );
    assert!(!same.differs_from(&start));
    for action in [
        Action::SetValue(MEMORY.into(), "4096".into()),
        Action::SetSearch("memory".into()),
        Action::Toggle(key(VCPUS), true),
        Action::Workload(WorkloadEdit::Name("web".into())),
        Action::Notify("hello".into(), false),
    ] {
        let next = run(start.clone(), [action.clone()]);
        assert!(next.differs_from(&start), "{action:?}");
        assert_ne!(next, start, "{action:?}");
    }
}
