//! The app state: one [`Request`] (the user's whole intent) plus UI-only
//! state, changed only through [`Action`]s.

use std::rc::Rc;

use kata_annotations::catalog;
use kata_annotations::edit::initial_value;
use kata_annotations::request::{Forwarding, Request, WorkloadKind};
use kata_annotations::target::{Hypervisor, Runtime};
use yew::Reducible;

/// The output tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The workload manifest.
    #[default]
    Manifest,
    /// The containerd snippet.
    Containerd,
    /// The Kata drop-in and Helm values.
    Kata,
    /// The CRI-O note.
    Crio,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Manifest, Tab::Containerd, Tab::Kata, Tab::Crio];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Manifest => "Manifest",
            Tab::Containerd => "containerd",
            Tab::Kata => "Kata config",
            Tab::Crio => "CRI-O",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Tab::Manifest => "manifest",
            Tab::Containerd => "containerd",
            Tab::Kata => "kata",
            Tab::Crio => "crio",
        }
    }
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// The request core validates and renders.
    pub request: Request,
    /// The catalog filter.
    pub search: String,
    /// The open output tab.
    pub tab: Tab,
}

/// A workload field edit.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkloadEdit {
    Kind(WorkloadKind),
    Name(String),
    Namespace(String),
    Image(String),
    ContainerName(String),
    Command(String),
    RuntimeClassName(String),
    IncludeRuntimeClass(bool),
}

/// A containerd option edit.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerdEdit {
    Version(u8),
    Handler(String),
    Forwarding(Forwarding),
    RuntimePath(bool),
    ConfigPath(bool),
}

/// Every change the UI can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetRuntime(Runtime),
    SetHypervisor(Hypervisor),
    /// Tick or untick a catalog key.
    Toggle(&'static str, bool),
    /// Set a ticked key's value.
    SetValue(String, String),
    SetSearch(String),
    SetTab(Tab),
    Workload(WorkloadEdit),
    Containerd(ContainerdEdit),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let request = &mut next.request;
        match action {
            Action::SetRuntime(runtime) => request.runtime = runtime,
            Action::SetHypervisor(hypervisor) => request.hypervisor = hypervisor,
            Action::Toggle(key, on) => {
                if on {
                    if let Some(annotation) = catalog::find(key) {
                        request
                            .annotations
                            .entry(key.to_owned())
                            .or_insert_with(|| initial_value(annotation, request.runtime));
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
                    WorkloadEdit::Command(v) => {
                        w.command = v.split_whitespace().map(str::to_owned).collect()
                    }
                    WorkloadEdit::RuntimeClassName(v) => w.runtime_class_name = v,
                    WorkloadEdit::IncludeRuntimeClass(v) => w.include_runtime_class = v,
                }
            }
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
        }
        Rc::new(next)
    }
}
