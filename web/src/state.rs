//! The app state: one [`Request`] (the user's whole intent) plus UI-only
//! state, changed only through [`Action`]s.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use kata_annotations::catalog;
use kata_annotations::edit::initial_value;
use kata_annotations::import::{apply_import, import_manifest, ImportedWorkload};
use kata_annotations::request::{Forwarding, Request, WorkloadKind};
use kata_annotations::shim::Shim;
use kata_annotations::validate::Validator;
use kata_annotations::version::Version;
use kata_annotations::{init_data, presets};
use kata_annotations::{node_config, Diagnostic};
use yew::Reducible;

/// Whether `key` has a row in the catalog (and so an editor that can be shown).
pub fn is_catalog_key(key: &str) -> bool {
    catalog::find(key).is_some()
}

/// The tool panels under the target bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    /// None open.
    #[default]
    Closed,
    /// Presets.
    Presets,
    /// Paste or drop a manifest.
    Import,
    /// Paste the node's Kata configuration.
    Policy,
    /// Write, encode or decode init data (`cc_init_data`).
    InitData,
}

/// A message for the user about the last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What happened.
    pub text: String,
    /// Whether it is a failure.
    pub error: bool,
}

/// The output tabs: core's output registry groups the outputs into them.
pub use kata_annotations::render::Tab;

/// Some findings, shared: the page compares them by pointer.
pub type Findings = Rc<[Arc<Diagnostic>]>;

/// Core's verdict on the current request, and the findings of each key.
///
/// Kept in the state so each part of the page picks only what it shows:
/// a catalog row its key's findings, the problems panel the report. The
/// validator remembers each key's findings between edits, so an edit
/// re-checks only the key it changed (plus the rules across keys).
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    validator: Rc<RefCell<Validator>>,
    /// Every finding for the request, most severe first. A finding that
    /// did not change is the same `Arc` from one verdict to the next.
    pub report: Rc<[Arc<Diagnostic>]>,
    by_key: Rc<HashMap<Rc<str>, Findings>>,
    /// Counts the verdicts of one chain of [`Verdict::next`] calls.
    generation: u64,
    /// The keys whose findings differ from the verdict one generation back.
    changed: Rc<[Rc<str>]>,
}

impl Verdict {
    /// The verdict on `request`, from a validator that remembers `self`'s.
    ///
    /// What did not change keeps its `Rc` (the report, each key's
    /// findings), so the page's comparisons of them are pointer compares.
    fn next(&self, request: &Request) -> Self {
        let report = self.validator.borrow_mut().findings(request);
        // Findings compare by pointer first: most are the validator's own.
        if *self.report == *report {
            return self.clone();
        }
        // Grouped by reference: a key whose findings did not change keeps
        // its name and findings `Rc`s, and only a changed key's are copied.
        let mut grouped: HashMap<&str, Vec<&Arc<Diagnostic>>> =
            HashMap::with_capacity_and_hasher(self.by_key.len(), Default::default());
        for d in &report {
            if let Some(key) = d.key.as_deref() {
                grouped.entry(key).or_default().push(d);
            }
        }
        let mut changed = Vec::new();
        let mut old_keys_seen = 0;
        let by_key: HashMap<Rc<str>, Findings> = grouped
            .into_iter()
            .map(|(key, findings)| match self.by_key.get_key_value(key) {
                Some((name, old)) if old.iter().eq(findings.iter().copied()) => {
                    old_keys_seen += 1;
                    (name.clone(), old.clone())
                }
                found => {
                    old_keys_seen += usize::from(found.is_some());
                    let key: Rc<str> = Rc::from(key);
                    changed.push(key.clone());
                    (key, findings.into_iter().cloned().collect())
                }
            })
            .collect();
        // Keys that had findings and have none now changed too.
        if old_keys_seen < self.by_key.len() {
            changed.extend(
                self.by_key
                    .keys()
                    .filter(|key| !by_key.contains_key(&***key))
                    .cloned(),
            );
        }
        Self {
            validator: self.validator.clone(),
            report: report.into(),
            by_key: Rc::new(by_key),
            generation: self.generation.wrapping_add(1),
            changed: changed.into(),
        }
    }

    /// The keys whose findings differ between `earlier` and this verdict:
    /// none when it is the same verdict, the changed keys when it is the
    /// next one, `None` (any key may have changed) otherwise.
    pub fn changed_since(&self, earlier: &Verdict) -> Option<&[Rc<str>]> {
        if self.is(earlier) {
            Some(&[])
        } else if Rc::ptr_eq(&self.validator, &earlier.validator)
            && self.generation == earlier.generation.wrapping_add(1)
        {
            Some(&self.changed)
        } else {
            None
        }
    }

    /// The findings about `key` (none when it has none).
    pub fn findings(&self, key: &str) -> Option<Findings> {
        self.by_key.get(key).cloned()
    }

    /// Whether `other` is this very verdict (not only an equal one): the
    /// cheap test for a part of the page that follows one store, where
    /// [`Verdict::next`] keeps the report while it stays the same.
    pub fn is(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// Two verdicts are equal when their reports are: the validator is only a
/// memory of past checks. [`Verdict::next`] keeps the report when it did not
/// change, so equal verdicts of one page share it and compare by pointer.
impl PartialEq for Verdict {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) || self.report == other.report
    }
}

/// A pasted manifest the page edits one workload of.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFile {
    /// The text as pasted.
    pub text: Rc<str>,
    /// Its workloads, in document order.
    pub workloads: Vec<ImportedWorkload>,
    /// The one the form edits (an index into `workloads`).
    pub chosen: usize,
}

impl ImportedFile {
    /// The workload the form edits.
    pub fn chosen(&self) -> Option<&ImportedWorkload> {
        self.workloads.get(self.chosen)
    }
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The request core validates and renders. Shared: the page's
    /// components hold it without copying, and an edit copies it once.
    pub request: Rc<Request>,
    /// The catalog filter.
    pub search: String,
    /// The open output tab.
    pub tab: Tab,
    /// The open tool panel.
    pub panel: Panel,
    /// The last action's message.
    pub notice: Option<Notice>,
    /// Lint findings from the last import (shown in Problems until dismissed).
    pub import_findings: Vec<Diagnostic>,
    /// A preset waiting for the user to confirm it replaces their selection.
    pub pending_preset: Option<&'static str>,
    /// Where the custom node policy came from.
    pub policy_source: Option<String>,
    /// The pasted node configuration, kept so a shim switch can read its
    /// hypervisor's own `[hypervisor.*]` table from it.
    pub pasted_policy: Option<Rc<str>>,
    /// Core's verdict on `request`, kept in step by the reducer.
    pub verdict: Verdict,
    /// The last imported file, while the user edits one of its workloads.
    pub imported: Option<Rc<ImportedFile>>,
    /// The init-data document being written (kept while the panel is closed).
    pub init_data_draft: Option<Rc<str>>,
}

impl Default for State {
    fn default() -> Self {
        Self::with_request(Request::default())
    }
}

impl State {
    /// A state around a restored request.
    pub fn with_request(request: Request) -> Self {
        let verdict = Verdict::default().next(&request);
        Self {
            request: Rc::new(request),
            search: String::new(),
            tab: Tab::default(),
            panel: Panel::default(),
            notice: None,
            import_findings: Vec::new(),
            pending_preset: None,
            policy_source: None,
            pasted_policy: None,
            verdict,
            imported: None,
            init_data_draft: None,
        }
    }

    /// Whether the page must redraw anything going from `old` to `self`:
    /// the request and the verdict by pointer (the reducer keeps each `Rc`
    /// while it does not change, so a new one is a changed one), the rest by
    /// value. Equality would compare a hundred annotations on every edit.
    pub fn differs_from(&self, old: &State) -> bool {
        // Destructured, so a new field cannot be left out.
        let State {
            request,
            search,
            tab,
            panel,
            notice,
            import_findings,
            pending_preset,
            policy_source,
            pasted_policy,
            verdict,
            imported,
            init_data_draft,
        } = self;
        !Rc::ptr_eq(request, &old.request)
            || !verdict.is(&old.verdict)
            || *search != old.search
            || *tab != old.tab
            || *panel != old.panel
            || *notice != old.notice
            || *import_findings != old.import_findings
            || *pending_preset != old.pending_preset
            || *policy_source != old.policy_source
            || *pasted_policy != old.pasted_policy
            || *imported != old.imported
            || *init_data_draft != old.init_data_draft
    }

    fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    /// Reads the pasted configuration's table for the current hypervisor.
    ///
    /// A paste stays the node policy across shim switches: each shim's
    /// hypervisor gets its own table of the same file, or the shim's shipped
    /// defaults (with a notice) when the file has none for it, and switching
    /// back reads that table again. A first paste that fails changes nothing.
    fn use_pasted_policy(&mut self, text: Rc<str>, switched: bool) {
        let hypervisor = self.request.target().hypervisor;
        match node_config::read(&text, hypervisor) {
            Ok(config) => {
                Rc::make_mut(&mut self.request).policy = Some(config.policy);
                self.policy_source = Some(format!("pasted [hypervisor.{}]", hypervisor.table()));
                self.pasted_policy = Some(text);
                let message = if switched {
                    format!(
                        "Node policy read again from the pasted configuration, for [hypervisor.{}].",
                        hypervisor.table()
                    )
                } else {
                    // The panel stays open: it lists what the policy unlocks.
                    "Node policy read from the pasted configuration; lists it does not set keep the shipped defaults.".to_owned()
                };
                self.notify(message, false);
            }
            Err(error) if switched => {
                Rc::make_mut(&mut self.request).policy = None;
                self.policy_source = None;
                self.notify(
                    format!(
                        "The shipped node policy of kata-{} applies now: {error}",
                        self.request.target().shim_name()
                    ),
                    true,
                );
            }
            Err(error) => self.notify(format!("Cannot use that configuration: {error}"), true),
        }
    }
}

/// The RuntimeClass kata-deploy creates for `shim` at `version`: `kata-<name>`.
pub fn runtime_class(shim: &Shim, version: Version) -> String {
    shim.runtime_class(version)
}

/// Whether a `runtimeClassName` follows the shim: the generic `kata`, or
/// the RuntimeClass of `shim` (under its name at `version` or any name it
/// had). A name of the user's own is kept.
fn follows_shim(class: &str, shim: &Shim, version: Version) -> bool {
    let class = class.trim();
    class == "kata"
        || class == runtime_class(shim, version)
        || class.strip_prefix("kata-").is_some_and(|name| {
            name == shim.name || shim.old_name.is_some_and(|(old, _)| old == name)
        })
}

/// A workload field edit.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkloadEdit {
    /// The object kind.
    Kind(WorkloadKind),
    /// `metadata.name`.
    Name(String),
    /// `metadata.namespace`.
    Namespace(String),
    /// The container's image.
    Image(String),
    /// The container's name.
    ContainerName(String),
    /// The command as words (the field splits the typed line with
    /// `kata_annotations::edit::split_command`).
    Command(Vec<String>),
    /// `resources.requests.cpu` (a Kubernetes quantity; empty leaves it out).
    CpuRequest(String),
    /// `resources.requests.memory`.
    MemoryRequest(String),
    /// `resources.limits.cpu`.
    CpuLimit(String),
    /// `resources.limits.memory`.
    MemoryLimit(String),
    /// `spec.runtimeClassName`.
    RuntimeClassName(String),
    /// Whether the RuntimeClass object is emitted too.
    IncludeRuntimeClass(bool),
}

/// A containerd option edit.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerdEdit {
    /// The containerd config version.
    Version(u8),
    /// The runtime handler name.
    Handler(String),
    /// Exact keys or the wildcard.
    Forwarding(Forwarding),
    /// Add kata-deploy's `runtime_path`.
    RuntimePath(bool),
    /// Add kata-deploy's `ConfigPath`.
    ConfigPath(bool),
}

/// An edit of the admission policy's options.
#[derive(Debug, Clone, PartialEq)]
pub enum AdmissionEdit {
    /// Deny, Warn or Audit.
    Action(kata_annotations::request::AdmissionAction),
    /// The selected keys, or every key the node policy enables.
    Keys(kata_annotations::request::AllowedKeys),
    /// The namespaces' labels, `key=value,...`.
    NamespaceLabels(String),
}

/// Every change the UI can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Choose the Kata release on the node.
    SetVersion(Version),
    /// Choose the kata-deploy shim: it decides the runtime and the
    /// hypervisor (a pasted policy is read again for it).
    SetShim(&'static Shim),
    /// Tick or untick a catalog key.
    Toggle(&'static str, bool),
    /// Set a ticked key's value.
    SetValue(String, String),
    /// Filter the catalog.
    SetSearch(String),
    /// Show another output tab.
    SetTab(Tab),
    /// Edit the workload.
    Workload(WorkloadEdit),
    /// Edit the containerd options.
    Containerd(ContainerdEdit),
    /// Edit the admission policy's options.
    Admission(AdmissionEdit),
    /// Open a tool panel (or close it when it is open).
    TogglePanel(Panel),
    /// Apply a preset; asks first when it would replace a selection.
    ApplyPreset(&'static str),
    /// The user confirmed (true) or declined the pending preset.
    ConfirmPreset(bool),
    /// Import a pasted or dropped manifest.
    Import(String),
    /// Edit another workload of the imported file (an index into its workloads).
    ChooseWorkload(usize),
    /// Forget the imported file (the form keeps its values).
    ForgetImport,
    /// Keep the init-data document being written.
    InitDataDraft(String),
    /// Set the init-data annotation the target reads to this value.
    UseInitData(String),
    /// Read the node policy from a pasted configuration.
    PastePolicy(String),
    /// Go back to the shipped policy.
    ResetPolicy,
    /// Start over.
    Reset,
    /// Forget the import findings and the notice.
    Dismiss,
    /// Show a message.
    Notify(String, bool),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let request = Rc::make_mut(&mut next.request);
        match action {
            Action::SetVersion(version) => {
                // A RuntimeClass named after the shim keeps naming it when
                // the release renames the shim (`cloud-hypervisor` before 3.30).
                let shim = request.resolved_shim();
                let before = runtime_class(shim, request.kata_version);
                for name in [
                    &mut request.workload.runtime_class_name,
                    &mut request.containerd.handler,
                ] {
                    if *name == before {
                        *name = runtime_class(shim, version);
                    }
                }
                request.kata_version = version;
            }
            Action::SetShim(shim) => {
                let before = request.resolved_shim();
                let class = &mut request.workload.runtime_class_name;
                if follows_shim(class, before, request.kata_version) {
                    *class = runtime_class(shim, request.kata_version);
                }
                // kata-deploy names the containerd/CRI-O handler like the
                // RuntimeClass (`kata-<shim>`).
                let handler = &mut request.containerd.handler;
                if follows_shim(handler, before, request.kata_version) {
                    *handler = runtime_class(shim, request.kata_version);
                }
                request.set_shim(shim);
                if before != shim {
                    if let Some(text) = next.pasted_policy.clone() {
                        next.use_pasted_policy(text, true);
                    }
                }
            }
            Action::Toggle(key, on) => {
                if on {
                    if let Some(annotation) = catalog::find(key) {
                        let target = request.target();
                        request
                            .annotations
                            .entry(key.to_owned())
                            .or_insert_with(|| initial_value(annotation, target));
                    }
                } else {
                    request.annotations.remove(key);
                }
            }
            Action::SetValue(key, value) => {
                request.annotations.insert(key, value);
            }
            Action::SetSearch(search) => next.search = search,
            Action::SetTab(tab) => next.tab = tab,
            Action::Workload(edit) => {
                let w = &mut request.workload;
                match edit {
                    WorkloadEdit::Kind(kind) => w.kind = kind,
                    WorkloadEdit::Name(v) => w.name = v,
                    WorkloadEdit::Namespace(v) => w.namespace = v,
                    WorkloadEdit::Image(v) => w.image = v,
                    WorkloadEdit::ContainerName(v) => w.container_name = v,
                    WorkloadEdit::Command(v) => w.command = v,
                    WorkloadEdit::CpuRequest(v) => w.resources.cpu_request = v,
                    WorkloadEdit::MemoryRequest(v) => w.resources.memory_request = v,
                    WorkloadEdit::CpuLimit(v) => w.resources.cpu_limit = v,
                    WorkloadEdit::MemoryLimit(v) => w.resources.memory_limit = v,
                    WorkloadEdit::RuntimeClassName(v) => w.runtime_class_name = v,
                    WorkloadEdit::IncludeRuntimeClass(v) => w.include_runtime_class = v,
                }
            }
            Action::TogglePanel(panel) => {
                next.panel = if next.panel == panel {
                    Panel::Closed
                } else {
                    panel
                };
            }
            Action::ApplyPreset(id) => {
                let Some(preset) = presets::find(id) else {
                    return self;
                };
                if preset.replaces(&request.annotations) {
                    next.pending_preset = Some(preset.id);
                } else {
                    request.annotations = preset.annotation_map();
                    next.pending_preset = None;
                    next.notify(format!("Applied the preset \"{}\".", preset.title), false);
                }
            }
            Action::ConfirmPreset(yes) => {
                if let (true, Some(preset)) = (yes, next.pending_preset.and_then(presets::find)) {
                    Rc::make_mut(&mut next.request).annotations = preset.annotation_map();
                    next.notify(format!("Applied the preset \"{}\".", preset.title), false);
                }
                next.pending_preset = None;
            }
            Action::Import(text) => match import_manifest(&text, request) {
                Ok(imported) => match imported.workloads.first() {
                    Some(first) => {
                        let count = imported.workloads.len();
                        let label = format!("{} {}", first.kind.as_str(), first.name);
                        next.request = Rc::new(apply_import(first, &next.request));
                        next.import_findings = imported.report.diagnostics;
                        let more = if count > 1 {
                            format!(" The text has {count} workloads: choose the one to edit under Imported file.")
                        } else {
                            String::new()
                        };
                        next.imported = Some(Rc::new(ImportedFile {
                            text: text.into(),
                            workloads: imported.workloads,
                            chosen: 0,
                        }));
                        next.notify(format!("Imported {label}.{more}"), false);
                        next.panel = Panel::Closed;
                    }
                    None => {
                        next.import_findings = imported.report.diagnostics;
                        next.notify(
                            "No Pod or workload found in the text; nothing changed.",
                            true,
                        );
                    }
                },
                Err(error) => next.notify(format!("Import failed, nothing changed: {error}"), true),
            },
            Action::ChooseWorkload(index) => {
                let Some(file) = next.imported.clone() else {
                    return self;
                };
                let Some(workload) = file.workloads.get(index) else {
                    return self;
                };
                // The form takes the chosen workload as an import does; the
                // file keeps every workload as pasted.
                next.request = Rc::new(apply_import(workload, &next.request));
                next.notify(
                    format!("Editing {} {}.", workload.kind.as_str(), workload.name),
                    false,
                );
                next.imported = Some(Rc::new(ImportedFile {
                    chosen: index,
                    ..(*file).clone()
                }));
            }
            Action::ForgetImport => next.imported = None,
            Action::InitDataDraft(text) => next.init_data_draft = Some(text.into()),
            Action::UseInitData(value) => {
                let target = request.target();
                match init_data::annotation_key(target) {
                    Some(key) => {
                        // The other release's key would be the wrong one here.
                        for other in init_data::KEYS {
                            request.annotations.remove(other);
                        }
                        request.annotations.insert(key.to_owned(), value);
                        next.notify(format!("Set {key}."), false);
                    }
                    None => next.notify(
                        format!(
                            "The {} of Kata {} reads no init data.",
                            target.runtime.label(),
                            target.version
                        ),
                        true,
                    ),
                }
            }
            Action::PastePolicy(text) => next.use_pasted_policy(text.into(), false),
            Action::ResetPolicy => {
                request.policy = None;
                next.policy_source = None;
                next.pasted_policy = None;
            }
            Action::Reset => {
                return Rc::new(State {
                    notice: Some(Notice {
                        text: "Started over.".into(),
                        error: false,
                    }),
                    ..State::default()
                });
            }
            Action::Dismiss => {
                next.import_findings.clear();
                next.notice = None;
            }
            Action::Notify(text, error) => next.notify(text, error),
            Action::Containerd(edit) => {
                let c = &mut request.containerd;
                match edit {
                    ContainerdEdit::Version(v) => c.config_version = v,
                    ContainerdEdit::Handler(v) => c.handler = v,
                    ContainerdEdit::Forwarding(v) => c.forwarding = v,
                    ContainerdEdit::RuntimePath(v) => c.runtime_path = v,
                    ContainerdEdit::ConfigPath(v) => c.config_path = v,
                }
            }
            Action::Admission(edit) => {
                let a = &mut request.admission;
                match edit {
                    AdmissionEdit::Action(v) => a.action = v,
                    AdmissionEdit::Keys(v) => a.keys = v,
                    AdmissionEdit::NamespaceLabels(v) => a.namespace_labels = v,
                }
            }
        }
        // Actions that leave the request as it was (search, tabs, panels)
        // keep the same one, so nothing that reads only the request changes.
        if next.request == self.request {
            next.request = self.request.clone();
        } else {
            next.verdict = self.verdict.next(&next.request);
        }
        Rc::new(next)
    }
}
