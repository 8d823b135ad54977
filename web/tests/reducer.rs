//! The configurator's reducer, tested natively: every action the page can
//! dispatch, on the state it produces (no browser needed).

use std::rc::Rc;

use kata_annotations::catalog;
use kata_annotations::presets::PRESETS;
use kata_annotations::request::{Request, WorkloadKind};
use kata_annotations::target::{Hypervisor, Runtime};
use kata_configurator::state::{Action, Panel, State, WorkloadEdit};
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
fn runtime_and_hypervisor_switches_change_the_target_only() {
    let state = run(
        State::default(),
        [
            Action::SetValue(VCPUS.into(), "2".into()),
            Action::SetRuntime(Runtime::Go),
            Action::SetHypervisor(Hypervisor::Clh),
        ],
    );
    assert_eq!(state.request.runtime, Runtime::Go);
    assert_eq!(state.request.hypervisor, Hypervisor::Clh);
    assert_eq!(state.request.annotations[VCPUS], "2");
    assert_eq!(state.request.policy, None);
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
fn a_pasted_policy_is_read_again_for_each_hypervisor() {
    let state = run(State::default(), [Action::PastePolicy(TWO_TABLES.into())]);
    assert_eq!(enabled(&state), Some(vec!["default_memory".to_owned()]));
    assert_eq!(
        state.policy_source.as_deref(),
        Some("pasted [hypervisor.qemu]")
    );

    let state = run(state, [Action::SetHypervisor(Hypervisor::Clh)]);
    assert_eq!(enabled(&state), Some(vec!["default_vcpus".to_owned()]));
    assert_eq!(
        state.policy_source.as_deref(),
        Some("pasted [hypervisor.clh]")
    );
    assert_eq!(notice_is_error(&state), Some(false));

    // No [hypervisor.firecracker] table: the shipped defaults, and a notice that says so.
    let state = run(state, [Action::SetHypervisor(Hypervisor::Firecracker)]);
    assert_eq!(state.request.policy, None);
    assert_eq!(state.policy_source, None);
    assert_eq!(notice_is_error(&state), Some(true));

    // The paste is kept: switching back reads its table again.
    let state = run(state, [Action::SetHypervisor(Hypervisor::Qemu)]);
    assert_eq!(enabled(&state), Some(vec!["default_memory".to_owned()]));

    let state = run(
        state,
        [Action::ResetPolicy, Action::SetHypervisor(Hypervisor::Clh)],
    );
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
            Action::SetRuntime(Runtime::Go),
            Action::PastePolicy(TWO_TABLES.into()),
            Action::SetSearch("mem".into()),
            Action::Workload(WorkloadEdit::Name("x".into())),
        ],
    );
    let reset = run(busy, [Action::Reset]);
    assert_eq!(reset.request, Request::default());
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
