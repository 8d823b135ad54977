//! The request fields an output's form edits: what each is called, which
//! control edits it, which choices it offers and what it holds now. The web
//! app draws an output's form from these, and JS callers learn from them
//! which request field an output depends on; neither lists choices itself.

use serde::Serialize;

use super::containerd;
use crate::request::{AdmissionAction, AllowedKeys, Forwarding, Request, WorkloadKind};

/// One request field an output's form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Setting {
    /// `workload.kind`.
    WorkloadKind,
    /// `workload.name`.
    WorkloadName,
    /// `workload.namespace`.
    WorkloadNamespace,
    /// `workload.containerName`.
    ContainerName,
    /// `workload.image`.
    Image,
    /// `workload.command`, edited as one line split on whitespace.
    Command,
    /// `workload.resources.cpuRequest` (a Kubernetes quantity; empty leaves it out).
    CpuRequest,
    /// `workload.resources.memoryRequest`.
    MemoryRequest,
    /// `workload.resources.cpuLimit`.
    CpuLimit,
    /// `workload.resources.memoryLimit`.
    MemoryLimit,
    /// `workload.runtimeClassName`.
    RuntimeClassName,
    /// `workload.includeRuntimeClass`.
    IncludeRuntimeClass,
    /// `containerd.configVersion`.
    ConfigVersion,
    /// `containerd.handler` (also the CRI-O handler and the RuntimeClass `handler`).
    Handler,
    /// `containerd.forwarding`.
    Forwarding,
    /// `containerd.runtimePath`.
    RuntimePath,
    /// `containerd.configPath`.
    ConfigPath,
    /// `admission.action`.
    AdmissionAction,
    /// `admission.keys`.
    AdmissionKeys,
    /// `admission.namespaceLabels`.
    AdmissionNamespaces,
}

/// A value a select offers: typed, so choosing one needs no parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Pick {
    /// A workload kind (`"Deployment"`).
    Kind(WorkloadKind),
    /// A containerd config version (`3`).
    ConfigVersion(u8),
    /// A forwarding mode (`"exact"`).
    Forwarding(Forwarding),
    /// What the API server does with a refused pod (`"Deny"`).
    Action(AdmissionAction),
    /// Which keys the admission policy allows (`"selection"`).
    Keys(AllowedKeys),
}

impl Pick {
    /// The value as text, as JSON spells it (`"Deployment"`, `"3"`,
    /// `"exact"`): a select option's value in a form.
    pub fn as_text(self) -> String {
        match self {
            Pick::Kind(kind) => kind.as_str().to_owned(),
            Pick::ConfigVersion(version) => version.to_string(),
            Pick::Forwarding(Forwarding::Exact) => "exact".to_owned(),
            Pick::Forwarding(Forwarding::Wildcard) => "wildcard".to_owned(),
            Pick::Action(AdmissionAction::Deny) => "Deny".to_owned(),
            Pick::Action(AdmissionAction::Warn) => "Warn".to_owned(),
            Pick::Action(AdmissionAction::Audit) => "Audit".to_owned(),
            Pick::Keys(AllowedKeys::Selection) => "selection".to_owned(),
            Pick::Keys(AllowedKeys::NodePolicy) => "nodePolicy".to_owned(),
        }
    }
}

/// One option of a select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
pub struct Choice {
    /// The value the request field takes.
    pub value: Pick,
    /// What the user reads.
    pub label: String,
}

/// The control that edits a setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(tag = "type", content = "choices", rename_all = "camelCase")]
pub enum Control {
    /// A one-line text field.
    Text,
    /// A checkbox.
    Check,
    /// A select with these choices, in order.
    Select(Vec<Choice>),
    /// A list of words edited as one line with shell quoting
    /// ([`crate::edit::split_command`] and [`crate::edit::join_command`]),
    /// so a word with spaces stays one word.
    Words,
}

/// What a setting holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Value {
    /// The text of a text field.
    Text(String),
    /// Whether a checkbox is ticked.
    Flag(bool),
    /// The chosen value of a select.
    Pick(Pick),
    /// The words of a word list.
    Words(Vec<String>),
}

/// A setting described for a request: everything a form needs to draw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SettingInfo {
    /// Which setting.
    pub setting: Setting,
    /// A stable id (the web app's DOM id of the control).
    pub id: &'static str,
    /// The request field, as a dotted path in the request's JSON.
    pub field: &'static str,
    /// The label.
    pub label: &'static str,
    /// An example value a text field shows while empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm-validate", tsify(optional))]
    pub placeholder: Option<&'static str>,
    /// The control and its choices.
    pub control: Control,
    /// What the request holds now.
    pub value: Value,
}

impl Setting {
    /// A stable id, used as the control's DOM id (the end-to-end tests and
    /// links into the page rely on them).
    pub fn id(self) -> &'static str {
        match self {
            Setting::WorkloadKind => "workload-kind",
            Setting::WorkloadName => "workload-name",
            Setting::WorkloadNamespace => "workload-namespace",
            Setting::ContainerName => "workload-container",
            Setting::Image => "workload-image",
            Setting::Command => "workload-command",
            Setting::CpuRequest => "workload-cpu-request",
            Setting::MemoryRequest => "workload-memory-request",
            Setting::CpuLimit => "workload-cpu-limit",
            Setting::MemoryLimit => "workload-memory-limit",
            Setting::RuntimeClassName => "runtime-class",
            Setting::IncludeRuntimeClass => "include-runtime-class",
            Setting::ConfigVersion => "containerd-version",
            Setting::Handler => "containerd-handler",
            Setting::Forwarding => "containerd-forwarding",
            Setting::RuntimePath => "containerd-runtime-path",
            Setting::ConfigPath => "containerd-config-path",
            Setting::AdmissionAction => "admission-action",
            Setting::AdmissionKeys => "admission-keys",
            Setting::AdmissionNamespaces => "admission-namespaces",
        }
    }

    /// The request field it edits, as a dotted path in the request's JSON.
    pub fn field(self) -> &'static str {
        match self {
            Setting::WorkloadKind => "workload.kind",
            Setting::WorkloadName => "workload.name",
            Setting::WorkloadNamespace => "workload.namespace",
            Setting::ContainerName => "workload.containerName",
            Setting::Image => "workload.image",
            Setting::Command => "workload.command",
            Setting::CpuRequest => "workload.resources.cpuRequest",
            Setting::MemoryRequest => "workload.resources.memoryRequest",
            Setting::CpuLimit => "workload.resources.cpuLimit",
            Setting::MemoryLimit => "workload.resources.memoryLimit",
            Setting::RuntimeClassName => "workload.runtimeClassName",
            Setting::IncludeRuntimeClass => "workload.includeRuntimeClass",
            Setting::ConfigVersion => "containerd.configVersion",
            Setting::Handler => "containerd.handler",
            Setting::Forwarding => "containerd.forwarding",
            Setting::RuntimePath => "containerd.runtimePath",
            Setting::ConfigPath => "containerd.configPath",
            Setting::AdmissionAction => "admission.action",
            Setting::AdmissionKeys => "admission.keys",
            Setting::AdmissionNamespaces => "admission.namespaceLabels",
        }
    }

    /// The label.
    pub fn label(self) -> &'static str {
        match self {
            Setting::WorkloadKind => "Kind",
            Setting::WorkloadName => "Name",
            Setting::WorkloadNamespace => "Namespace",
            Setting::ContainerName => "Container",
            Setting::Image => "Image",
            Setting::Command => "Command",
            Setting::CpuRequest => "CPU request",
            Setting::MemoryRequest => "Memory request",
            Setting::CpuLimit => "CPU limit",
            Setting::MemoryLimit => "Memory limit",
            Setting::RuntimeClassName => "runtimeClassName",
            Setting::IncludeRuntimeClass => "Add the RuntimeClass",
            Setting::ConfigVersion => "Config version",
            Setting::Handler => "Handler",
            Setting::Forwarding => "pod_annotations",
            Setting::RuntimePath => "kata-deploy runtime_path",
            Setting::ConfigPath => "kata-deploy ConfigPath",
            Setting::AdmissionAction => "When a pod breaks a rule",
            Setting::AdmissionKeys => "Allowed Kata keys",
            Setting::AdmissionNamespaces => "Namespaces with labels",
        }
    }

    /// An example value for an empty text field (a Kubernetes quantity for
    /// the resources).
    pub fn placeholder(self) -> Option<&'static str> {
        match self {
            Setting::CpuRequest => Some("500m"),
            Setting::MemoryRequest => Some("1Gi"),
            Setting::CpuLimit => Some("2"),
            Setting::MemoryLimit => Some("2Gi"),
            Setting::AdmissionNamespaces => Some("all; or team=a,tier=b"),
            _ => None,
        }
    }

    /// The control that edits it, with its choices.
    pub fn control(self) -> Control {
        match self {
            Setting::WorkloadKind => Control::Select(
                WorkloadKind::ALL
                    .into_iter()
                    .map(|kind| Choice {
                        value: Pick::Kind(kind),
                        label: kind.as_str().to_owned(),
                    })
                    .collect(),
            ),
            Setting::ConfigVersion => Control::Select(
                containerd::CONFIG_VERSIONS
                    .iter()
                    .map(|&(version, label)| Choice {
                        value: Pick::ConfigVersion(version),
                        label: label.to_owned(),
                    })
                    .collect(),
            ),
            Setting::Forwarding => Control::Select(
                [Forwarding::Exact, Forwarding::Wildcard]
                    .into_iter()
                    .map(|mode| Choice {
                        value: Pick::Forwarding(mode),
                        label: containerd::forwarding_label(mode).to_owned(),
                    })
                    .collect(),
            ),
            Setting::AdmissionAction => Control::Select(
                [
                    (AdmissionAction::Deny, "Deny (refuse the pod)"),
                    (AdmissionAction::Warn, "Warn (admit, warn)"),
                    (AdmissionAction::Audit, "Audit (admit, log)"),
                ]
                .into_iter()
                .map(|(action, label)| Choice {
                    value: Pick::Action(action),
                    label: label.to_owned(),
                })
                .collect(),
            ),
            Setting::AdmissionKeys => Control::Select(
                [
                    (AllowedKeys::Selection, "The selection"),
                    (AllowedKeys::NodePolicy, "All the node enables"),
                ]
                .into_iter()
                .map(|(keys, label)| Choice {
                    value: Pick::Keys(keys),
                    label: label.to_owned(),
                })
                .collect(),
            ),
            Setting::IncludeRuntimeClass | Setting::RuntimePath | Setting::ConfigPath => {
                Control::Check
            }
            Setting::Command => Control::Words,
            Setting::WorkloadName
            | Setting::WorkloadNamespace
            | Setting::ContainerName
            | Setting::Image
            | Setting::RuntimeClassName
            | Setting::CpuRequest
            | Setting::MemoryRequest
            | Setting::CpuLimit
            | Setting::MemoryLimit
            | Setting::Handler
            | Setting::AdmissionNamespaces => Control::Text,
        }
    }

    /// What `request` holds for it.
    pub fn value(self, request: &Request) -> Value {
        let workload = &request.workload;
        let options = &request.containerd;
        let resources = &workload.resources;
        match self {
            Setting::WorkloadKind => Value::Pick(Pick::Kind(workload.kind)),
            Setting::WorkloadName => Value::Text(workload.name.clone()),
            Setting::WorkloadNamespace => Value::Text(workload.namespace.clone()),
            Setting::ContainerName => Value::Text(workload.container_name.clone()),
            Setting::Image => Value::Text(workload.image.clone()),
            Setting::Command => Value::Words(workload.command.clone()),
            Setting::CpuRequest => Value::Text(resources.cpu_request.clone()),
            Setting::MemoryRequest => Value::Text(resources.memory_request.clone()),
            Setting::CpuLimit => Value::Text(resources.cpu_limit.clone()),
            Setting::MemoryLimit => Value::Text(resources.memory_limit.clone()),
            Setting::RuntimeClassName => Value::Text(workload.runtime_class_name.clone()),
            Setting::IncludeRuntimeClass => Value::Flag(workload.include_runtime_class),
            Setting::ConfigVersion => Value::Pick(Pick::ConfigVersion(options.config_version)),
            Setting::Handler => Value::Text(options.handler.clone()),
            Setting::Forwarding => Value::Pick(Pick::Forwarding(options.forwarding)),
            Setting::RuntimePath => Value::Flag(options.runtime_path),
            Setting::ConfigPath => Value::Flag(options.config_path),
            Setting::AdmissionAction => Value::Pick(Pick::Action(request.admission.action)),
            Setting::AdmissionKeys => Value::Pick(Pick::Keys(request.admission.keys)),
            Setting::AdmissionNamespaces => Value::Text(request.admission.namespace_labels.clone()),
        }
    }

    /// Everything a form needs to draw it for `request`.
    pub fn info(self, request: &Request) -> SettingInfo {
        SettingInfo {
            setting: self,
            id: self.id(),
            field: self.field(),
            label: self.label(),
            placeholder: self.placeholder(),
            control: self.control(),
            value: self.value(request),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Setting; 20] = [
        Setting::WorkloadKind,
        Setting::WorkloadName,
        Setting::WorkloadNamespace,
        Setting::ContainerName,
        Setting::Image,
        Setting::Command,
        Setting::CpuRequest,
        Setting::MemoryRequest,
        Setting::CpuLimit,
        Setting::MemoryLimit,
        Setting::RuntimeClassName,
        Setting::IncludeRuntimeClass,
        Setting::ConfigVersion,
        Setting::Handler,
        Setting::Forwarding,
        Setting::RuntimePath,
        Setting::ConfigPath,
        Setting::AdmissionAction,
        Setting::AdmissionKeys,
        Setting::AdmissionNamespaces,
    ];

    #[test]
    fn ids_and_fields_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.id(), b.id());
                assert_ne!(a.field(), b.field());
            }
        }
    }

    /// A request that sets every optional field, so that each is in its JSON.
    fn full() -> Request {
        let mut request = Request::default();
        request.workload.resources = crate::request::Resources {
            cpu_request: "500m".into(),
            memory_request: "1Gi".into(),
            cpu_limit: "2".into(),
            memory_limit: "2Gi".into(),
        };
        request
    }

    #[test]
    fn fields_name_request_fields() {
        let request = full();
        let json = serde_json::to_value(&request).expect("serializes");
        for setting in ALL {
            let found = setting
                .field()
                .split('.')
                .try_fold(&json, |value, part| value.get(part));
            assert!(found.is_some(), "{} is not in the request", setting.field());
            // The value the setting reports is the one at that field.
            let reported = serde_json::to_value(setting.value(&request)).expect("serializes");
            assert_eq!(found, Some(&reported), "{}", setting.field());
        }
    }

    #[test]
    fn the_resources_are_text_fields_with_quantity_examples() {
        let request = full();
        for (setting, label, example, value) in [
            (Setting::CpuRequest, "CPU request", "500m", "500m"),
            (Setting::MemoryRequest, "Memory request", "1Gi", "1Gi"),
            (Setting::CpuLimit, "CPU limit", "2", "2"),
            (Setting::MemoryLimit, "Memory limit", "2Gi", "2Gi"),
        ] {
            let info = setting.info(&request);
            assert_eq!(info.label, label);
            assert_eq!(info.placeholder, Some(example));
            assert_eq!(info.control, Control::Text);
            assert_eq!(info.value, Value::Text(value.to_owned()));
        }
        assert_eq!(Setting::WorkloadName.placeholder(), None);
        let json = serde_json::to_value(Setting::WorkloadName.info(&request)).expect("json");
        assert!(json.get("placeholder").is_none(), "{json}");
    }

    #[test]
    fn every_select_holds_one_of_its_choices() {
        let request = Request::default();
        for setting in ALL {
            match (setting.control(), setting.value(&request)) {
                (Control::Select(choices), Value::Pick(pick)) => {
                    assert!(choices.iter().any(|c| c.value == pick), "{setting:?}");
                }
                (Control::Text, Value::Text(_))
                | (Control::Check, Value::Flag(_))
                | (Control::Words, Value::Words(_)) => {}
                (control, value) => panic!("{setting:?}: {control:?} holds {value:?}"),
            }
        }
    }

    #[test]
    fn choice_texts_are_the_json_values_and_unique() {
        for setting in ALL {
            let Control::Select(choices) = setting.control() else {
                continue;
            };
            let texts: Vec<String> = choices.iter().map(|c| c.value.as_text()).collect();
            for (choice, text) in choices.iter().zip(&texts) {
                let json = serde_json::to_value(choice.value).expect("serializes");
                let expected = json
                    .as_str()
                    .map_or_else(|| json.to_string(), str::to_owned);
                assert_eq!(*text, expected, "{setting:?}");
            }
            for (i, a) in texts.iter().enumerate() {
                assert!(!texts[i + 1..].contains(a), "{setting:?}: {a} twice");
            }
        }
    }

    #[test]
    fn config_versions_are_labelled_with_containerd_releases() {
        let Control::Select(choices) = Setting::ConfigVersion.control() else {
            panic!("a select");
        };
        let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "1 (containerd 1.3+)",
                "2 (containerd 1.3–1.7)",
                "3 (containerd 2.0+)",
                "4 (containerd 2.3+)"
            ]
        );
    }
}
