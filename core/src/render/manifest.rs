//! The workload manifest: the annotations where Kubernetes copies them to
//! the pod, every value a string, in a deterministic order.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use super::registry::{file_name_part, Output, Placement, Tab};
use super::setting::Setting;
use crate::request::{Request, Resources, Workload, WorkloadKind};
use crate::yaml::{splice_stand_in, spliced_map, to_kubernetes_yaml};
use crate::Error;

/// What a CronJob runs on when the user has not said (every hour).
const DEFAULT_SCHEDULE: &str = "0 * * * *";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Object<'a> {
    api_version: &'a str,
    kind: &'a str,
    metadata: Metadata<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    handler: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spec: Option<Spec<'a>>,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Metadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    namespace: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a BTreeMap<&'a str, &'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations: Option<&'a BTreeMap<String, String>>,
}

#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct PodSpec<'a> {
    runtime_class_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    restart_policy: Option<&'a str>,
    containers: [Container<'a>; 1],
}

#[derive(Serialize, Clone, Copy)]
struct Container<'a> {
    name: &'a str,
    image: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    command: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    resources: Option<ResourceSpec<'a>>,
}

/// `resources:` with only the fields the workload sets.
#[derive(Serialize, Clone, Copy)]
struct ResourceSpec<'a> {
    #[serde(skip_serializing_if = "Quantities::is_empty")]
    requests: Quantities<'a>,
    #[serde(skip_serializing_if = "Quantities::is_empty")]
    limits: Quantities<'a>,
}

#[derive(Serialize, Clone, Copy)]
struct Quantities<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    cpu: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    memory: &'a str,
}

impl Quantities<'_> {
    fn is_empty(&self) -> bool {
        self.cpu.is_empty() && self.memory.is_empty()
    }
}

impl<'a> ResourceSpec<'a> {
    /// `None` when no field holds more than blanks (a form field the user
    /// cleared with spaces leaves no empty `resources: {}` behind).
    fn of(resources: &'a Resources) -> Option<Self> {
        let spec = Self {
            requests: Quantities {
                cpu: resources.cpu_request.trim(),
                memory: resources.memory_request.trim(),
            },
            limits: Quantities {
                cpu: resources.cpu_limit.trim(),
                memory: resources.memory_limit.trim(),
            },
        };
        (!spec.requests.is_empty() || !spec.limits.is_empty()).then_some(spec)
    }
}

#[derive(Serialize, Clone, Copy)]
struct Template<'a> {
    metadata: Metadata<'a>,
    spec: PodSpec<'a>,
}

#[derive(Serialize, Clone, Copy)]
struct Selector<'a> {
    #[serde(rename = "matchLabels")]
    match_labels: &'a BTreeMap<&'a str, &'a str>,
}

/// The `spec` of each kind.
#[derive(Serialize)]
#[serde(untagged)]
enum Spec<'a> {
    Pod(PodSpec<'a>),
    Controller(ControllerSpec<'a>),
    CronJob(CronJobSpec<'a>),
}

/// Deployment, ReplicaSet, StatefulSet, DaemonSet and Job specs.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct ControllerSpec<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selector: Option<Selector<'a>>,
    template: Template<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CronJobSpec<'a> {
    schedule: &'a str,
    job_template: JobTemplate<'a>,
}

#[derive(Serialize)]
struct JobTemplate<'a> {
    spec: ControllerSpec<'a>,
}

/// The manifest YAML: the workload, then the RuntimeClass when asked for.
pub fn manifest(request: &Request) -> Result<String, Error> {
    let workload = &request.workload;
    if workload.name.trim().is_empty() {
        return Err(Error::InvalidRequest("the workload needs a name".into()));
    }
    // The annotations are most of the document and an edit changes one of
    // them: each entry is written by serde_yaml on its own and remembered,
    // and so is the rest of the document while the workload stays the same.
    let annotations = &request.annotations;
    let spliced = match annotations.is_empty() {
        true => None,
        false => spliced_map(&skeleton(request)?, annotations)?,
    };
    let mut text = match spliced {
        Some(text) => text,
        None => workload_document(request, (!annotations.is_empty()).then_some(annotations))?,
    };
    if workload.include_runtime_class {
        text.push_str("---\n");
        text.push_str(&to_kubernetes_yaml(&Object {
            api_version: "node.k8s.io/v1",
            kind: "RuntimeClass",
            metadata: Metadata {
                name: Some(&workload.runtime_class_name),
                ..Metadata::default()
            },
            handler: Some(&request.containerd.handler),
            spec: None,
        })?);
    }
    Ok(text)
}

thread_local! {
    /// The last workload written as a skeleton, and its text.
    static SKELETON: RefCell<Option<(Workload, Rc<str>)>> = const { RefCell::new(None) };
}

/// The workload's document with the splice stand-in for its annotations,
/// written again only when the workload changed.
fn skeleton(request: &Request) -> Result<Rc<str>, Error> {
    let known = SKELETON.with_borrow(|last| {
        last.as_ref()
            .filter(|(workload, _)| *workload == request.workload)
            .map(|(_, text)| text.clone())
    });
    if let Some(text) = known {
        return Ok(text);
    }
    let text: Rc<str> = workload_document(request, Some(&splice_stand_in()))?.into();
    SKELETON.set(Some((request.workload.clone(), text.clone())));
    Ok(text)
}

/// The workload's YAML document with `annotations` on the pod.
fn workload_document(
    request: &Request,
    annotations: Option<&BTreeMap<String, String>>,
) -> Result<String, Error> {
    let workload = &request.workload;
    let kind = workload.kind;
    let labels: BTreeMap<&str, &str> = BTreeMap::from([("app", workload.name.as_str())]);
    let is_job = matches!(kind, WorkloadKind::Job | WorkloadKind::CronJob);
    let pod_spec = PodSpec {
        runtime_class_name: &workload.runtime_class_name,
        // Jobs may not use the default restart policy `Always`.
        restart_policy: is_job.then_some("Never"),
        containers: [Container {
            name: &workload.container_name,
            image: &workload.image,
            command: &workload.command,
            resources: ResourceSpec::of(&workload.resources),
        }],
    };
    let own = Metadata {
        name: Some(&workload.name),
        namespace: &workload.namespace,
        ..Metadata::default()
    };
    let template = Template {
        metadata: Metadata {
            labels: (!is_job).then_some(&labels),
            annotations,
            ..Metadata::default()
        },
        spec: pod_spec,
    };
    let controller = ControllerSpec {
        replicas: Some(1),
        service_name: None,
        selector: Some(Selector {
            match_labels: &labels,
        }),
        template,
    };
    let job = ControllerSpec {
        replicas: None,
        service_name: None,
        selector: None,
        template,
    };
    let (metadata, spec) = match kind {
        WorkloadKind::Pod => (Metadata { annotations, ..own }, Spec::Pod(pod_spec)),
        WorkloadKind::Deployment | WorkloadKind::ReplicaSet => (own, Spec::Controller(controller)),
        WorkloadKind::StatefulSet => (
            own,
            Spec::Controller(ControllerSpec {
                service_name: Some(&workload.name),
                ..controller
            }),
        ),
        WorkloadKind::DaemonSet => (
            own,
            Spec::Controller(ControllerSpec {
                replicas: None,
                ..controller
            }),
        ),
        WorkloadKind::Job => (own, Spec::Controller(job)),
        WorkloadKind::CronJob => (
            own,
            Spec::CronJob(CronJobSpec {
                schedule: DEFAULT_SCHEDULE,
                job_template: JobTemplate { spec: job },
            }),
        ),
    };
    to_kubernetes_yaml(&Object {
        api_version: kind.api_version(),
        kind: kind.as_str(),
        metadata,
        handler: None,
        spec: Some(spec),
    })
}

/// The manifest in the output list.
pub const OUTPUT: Output = Output {
    id: "manifest",
    title: "Manifest",
    tab: Tab::MANIFEST,
    media_type: "application/yaml",
    file_name,
    placement,
    settings: &[
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
    ],
    generate: manifest,
};

/// `<name>-<kind>.yaml`.
fn file_name(request: &Request) -> String {
    let workload = &request.workload;
    format!(
        "{}-{}.yaml",
        file_name_part(&workload.name),
        workload.kind.as_str().to_ascii_lowercase()
    )
}

fn placement(_: &Request) -> Placement {
    Placement {
        path: None,
        how: "Apply it with kubectl apply -f once the node side is in place; only pods started \
              after that get the settings (Kata reads them when a pod starts)."
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest written the plain way: serde_yaml over the whole document.
    fn written_whole(request: &Request) -> String {
        let map = (!request.annotations.is_empty()).then_some(&request.annotations);
        let mut text = workload_document(request, map).expect("renders");
        if request.workload.include_runtime_class {
            let spliced = manifest(request).expect("renders");
            let at = spliced.find("---\n").expect("a second document");
            text.push_str(&spliced[at..]);
        }
        text
    }

    /// serde_yaml over the whole document against the splice, on random
    /// maps (proptest is native-only).
    #[cfg(not(target_arch = "wasm32"))]
    mod differential {
        use proptest::prelude::*;

        use super::written_whole;
        use crate::render::manifest::manifest;
        use crate::request::{Request, WorkloadKind};

        /// Text that YAML quotes, folds or blocks in every way it can: quotes,
        /// `: ` and ` #`, line breaks and blank lines, tabs, YAML 1.1 words and
        /// numbers, leading and trailing blanks, non-ASCII.
        fn tricky() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-z0-9._/-]{1,60}",
                "[ a-zA-Z0-9:#'\"\\\n\t.|>{}\\[\\],&*!%@`?~é-]{0,40}",
                Just("yes".to_owned()),
                Just("0x10".to_owned()),
                Just("a\n\n  b\n".to_owned()),
                "[a-z ]{130,140}",
            ]
        }

        proptest! {
            #[test]
            fn spliced_annotations_read_as_serde_yaml_writes_them(
                annotations in proptest::collection::btree_map(tricky(), tricky(), 0..12),
                kind in prop_oneof![Just(WorkloadKind::Pod), Just(WorkloadKind::Deployment), Just(WorkloadKind::CronJob)],
                runtime_class in any::<bool>(),
            ) {
                let mut request = Request { annotations, ..Request::default() };
                request.workload.kind = kind;
                request.workload.include_runtime_class = runtime_class;
                prop_assert_eq!(manifest(&request).expect("renders"), written_whole(&request));
            }
        }
    }

    #[test]
    fn an_edit_after_a_remembered_render_gives_the_fresh_text() {
        let mut request = Request::default();
        for i in 0..5 {
            request
                .annotations
                .insert(format!("io.katacontainers.k{i}"), format!("v{i}"));
        }
        let first = manifest(&request).expect("renders");
        assert_eq!(first, written_whole(&request));
        request
            .annotations
            .insert("io.katacontainers.k2".into(), "on".into());
        let edited = manifest(&request).expect("renders");
        assert_ne!(edited, first);
        assert!(edited.contains("io.katacontainers.k2: 'on'\n"), "{edited}");
        assert_eq!(edited, written_whole(&request));
    }

    #[test]
    fn a_workload_field_that_holds_the_splice_mark_falls_back_to_the_whole_document() {
        let mut request = Request::default();
        request.annotations.insert("a".into(), "b".into());
        request.workload.image = "kata-annotations-splice-point".into();
        let text = manifest(&request).expect("renders");
        assert!(text.contains("a: b\n"), "{text}");
        assert_eq!(text, written_whole(&request));
    }

    #[test]
    fn resources_write_only_the_fields_that_hold_a_quantity() {
        let mut request = Request::default();
        let plain = manifest(&request).expect("renders");
        assert!(!plain.contains("resources"), "{plain}");

        request.workload.resources.cpu_request = " 500m ".into();
        request.workload.resources.memory_limit = "2Gi".into();
        let text = manifest(&request).expect("renders");
        assert!(
            text.contains(
                "    resources:\n      requests:\n        cpu: '500m'\n      limits:\n        memory: '2Gi'\n"
            ),
            "{text}"
        );

        // Blanks are no quantity: no empty `resources: {}`.
        request.workload.resources.cpu_request = "  ".into();
        request.workload.resources.memory_limit = "\t".into();
        assert_eq!(manifest(&request).expect("renders"), plain);
    }
}
