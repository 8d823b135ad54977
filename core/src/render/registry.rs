//! The outputs as one list: what each is called, which tab of the page shows
//! it, its file name and media type, where it goes, which request fields its
//! form edits, and its generator. The list itself is [`super::OUTPUTS`].
//!
//! Each output fails on its own: [`render_output`] gives one output's text or
//! its own error, so a request that one generator cannot use (an empty
//! workload name) still renders every other output.

use serde::Serialize;

use super::setting::{Setting, SettingInfo};
use super::OUTPUTS;
use crate::request::Request;
use crate::Error;

/// A tab of the page: outputs shown together. Tabs are data, named by the
/// outputs that use them, so a new output can join a tab or open its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
pub struct Tab {
    /// A stable id (the web app's `tab-<id>` and `panel-<id>` DOM ids).
    pub id: &'static str,
    /// The tab's label.
    pub label: &'static str,
}

impl Tab {
    /// The workload manifest.
    pub const MANIFEST: Tab = Tab {
        id: "manifest",
        label: "Manifest",
    };
    /// The containerd runtime table.
    pub const CONTAINERD: Tab = Tab {
        id: "containerd",
        label: "containerd",
    };
    /// The Kata configuration: drop-in and Helm values.
    pub const KATA: Tab = Tab {
        id: "kata",
        label: "Kata config",
    };
    /// The CRI-O handler.
    pub const CRIO: Tab = Tab {
        id: "crio",
        label: "CRI-O",
    };
    /// The cluster's admission policy.
    pub const ADMISSION: Tab = Tab {
        id: "admission",
        label: "Admission policy",
    };

    /// The outputs this tab shows, in registry order.
    pub fn outputs(self) -> impl Iterator<Item = &'static Output> {
        OUTPUTS.iter().filter(move |output| output.tab == self)
    }

    /// The settings of this tab's outputs, each once, in order: the tab's form.
    pub fn settings(self) -> Vec<Setting> {
        let mut settings = Vec::new();
        for setting in self.outputs().flat_map(|output| output.settings) {
            if !settings.contains(setting) {
                settings.push(*setting);
            }
        }
        settings
    }
}

impl Default for Tab {
    /// The first tab of the page.
    fn default() -> Self {
        OUTPUTS.first().map_or(Tab::MANIFEST, |output| output.tab)
    }
}

/// Where a file goes and how to put it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
pub struct Placement {
    /// The path on the node, when the file has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm-validate", tsify(optional))]
    pub path: Option<String>,
    /// What to do with it.
    pub how: String,
}

/// One output: its description and its generator. Every field that depends
/// on the request is a function of it.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// A stable id (`renderOutput`'s argument; the web app's `output-<id>`).
    pub id: &'static str,
    /// The title above the text.
    pub title: &'static str,
    /// The tab that shows it.
    pub tab: Tab,
    /// The media type of a downloaded file.
    pub media_type: &'static str,
    /// The file name to download it as.
    pub file_name: fn(&Request) -> String,
    /// Where it goes.
    pub placement: fn(&Request) -> Placement,
    /// The request fields its form edits (the ones it depends on most).
    pub settings: &'static [Setting],
    /// The generator.
    pub generate: fn(&Request) -> Result<String, Error>,
}

/// An output described for one request: what the JS API's `outputs()`
/// returns and what the web app draws a block from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm-validate", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct OutputInfo {
    /// The id.
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// The tab that shows it.
    pub tab: Tab,
    /// The file name for this request.
    pub file_name: String,
    /// The media type.
    pub media_type: &'static str,
    /// Where it goes, for this request.
    pub placement: Placement,
    /// Its form's fields, with their values in this request.
    pub settings: Vec<SettingInfo>,
}

impl Output {
    /// Its text for `request`, or why it cannot be written.
    pub fn render(&self, request: &Request) -> Result<String, Error> {
        (self.generate)(request)
    }

    /// Its description for `request`.
    pub fn info(&self, request: &Request) -> OutputInfo {
        OutputInfo {
            id: self.id,
            title: self.title,
            tab: self.tab,
            file_name: (self.file_name)(request),
            media_type: self.media_type,
            placement: (self.placement)(request),
            settings: self
                .settings
                .iter()
                .map(|setting| setting.info(request))
                .collect(),
        }
    }
}

/// Every output, in page order.
pub fn outputs() -> &'static [Output] {
    OUTPUTS
}

/// Every output described for `request`, in page order.
pub fn describe(request: &Request) -> Vec<OutputInfo> {
    OUTPUTS.iter().map(|output| output.info(request)).collect()
}

/// The output with `id`.
pub fn find(id: &str) -> Option<&'static Output> {
    OUTPUTS.iter().find(|output| output.id == id)
}

/// The tabs, in page order: each tab once, where its first output is.
pub fn tabs() -> Vec<Tab> {
    let mut tabs: Vec<Tab> = Vec::new();
    for output in OUTPUTS {
        if !tabs.contains(&output.tab) {
            tabs.push(output.tab);
        }
    }
    tabs
}

/// The text of the output `id` for `request`, or that output's own error.
pub fn render_output(id: &str, request: &Request) -> Result<String, Error> {
    let output = find(id).ok_or_else(|| Error::UnknownOutput {
        id: id.to_owned(),
        known: OUTPUTS
            .iter()
            .map(|output| output.id)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    output.render(request)
}

/// `text` as a file name: path separators and characters that Windows or a
/// shell would trip on become `-`, so a request field cannot add a folder.
pub fn file_name_part(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::WorkloadKind;

    fn failing(request: &Request) -> Vec<&'static str> {
        OUTPUTS
            .iter()
            .filter(|output| output.render(request).is_err())
            .map(|output| output.id)
            .collect()
    }

    /// `Request::same_but_values` promises that the descriptions and the
    /// settings read no annotation's value: a page relies on it to skip
    /// redrawing them while the user types a value.
    #[test]
    fn descriptions_and_settings_read_no_annotation_value() {
        let mut request = Request::default();
        for annotation in crate::catalog::ANNOTATIONS {
            request
                .annotations
                .insert(annotation.key.to_owned(), "1".to_owned());
        }
        request.shim = Some("qemu-coco-dev-runtime-rs".to_owned());
        let mut retyped = request.clone();
        for (i, value) in retyped.annotations.values_mut().enumerate() {
            *value = format!("other value {i}: /opt/kata, true, 4096");
        }
        assert!(request.same_but_values(&retyped));
        assert_eq!(describe(&request), describe(&retyped));
        for output in OUTPUTS {
            for setting in output.tab.settings() {
                assert_eq!(
                    setting.info(&request),
                    setting.info(&retyped),
                    "{setting:?}"
                );
            }
        }
        retyped
            .annotations
            .insert("example.com/new".into(), "x".into());
        assert!(!request.same_but_values(&retyped), "a new key is a change");
    }

    /// `Request::same_target` compares what `Request::target` reads: two
    /// requests it calls the same have the same target, whatever else differs.
    #[test]
    fn the_same_target_is_the_same_target() {
        let mut a = Request::default();
        a.annotations.insert(
            "io.katacontainers.config.hypervisor.default_memory".into(),
            "1".into(),
        );
        let mut b = a.clone();
        b.workload.name = "other".into();
        b.annotations.clear();
        b.policy = Some(Default::default());
        assert!(a.same_target(&b));
        assert_eq!(a.target(), b.target());
        for shim in crate::shim::SHIMS.iter().take(6) {
            b.set_shim(shim);
            assert_eq!(a.same_target(&b), a.target() == b.target(), "{}", shim.name);
            a.set_shim(shim);
            assert!(a.same_target(&b));
            assert_eq!(a.target(), b.target());
        }
    }

    #[test]
    fn ids_are_unique() {
        for (i, a) in OUTPUTS.iter().enumerate() {
            for b in &OUTPUTS[i + 1..] {
                assert_ne!(a.id, b.id, "two outputs share an id");
            }
        }
    }

    #[test]
    fn tab_ids_are_unique_and_every_tab_shows_something() {
        let tabs = tabs();
        for (i, a) in tabs.iter().enumerate() {
            for b in &tabs[i + 1..] {
                assert_ne!(a.id, b.id, "{a:?} and {b:?}");
            }
        }
        let ids: Vec<&str> = tabs.iter().map(|t| t.id).collect();
        assert_eq!(ids, ["manifest", "containerd", "kata", "crio", "admission"]);
        for tab in tabs {
            assert!(tab.outputs().next().is_some(), "{tab:?}");
        }
        assert_eq!(Tab::default(), Tab::MANIFEST);
    }

    #[test]
    fn the_kata_tab_holds_the_drop_in_and_the_helm_values() {
        let ids: Vec<&str> = Tab::KATA.outputs().map(|o| o.id).collect();
        assert_eq!(ids, ["kata", "helm"]);
    }

    #[test]
    fn every_output_renders_for_the_default_request() {
        let request = Request::default();
        for output in OUTPUTS {
            let text = output
                .render(&request)
                .unwrap_or_else(|e| panic!("{}: {e}", output.id));
            assert!(!text.trim().is_empty(), "{} is empty", output.id);
            assert_eq!(render_output(output.id, &request).ok(), Some(text));
        }
    }

    #[test]
    fn an_empty_workload_name_fails_only_the_manifest() {
        let mut request = Request::default();
        request.workload.name = "  ".into();
        assert_eq!(failing(&request), ["manifest"]);
        let error = render_output("manifest", &request).expect_err("no name");
        assert!(error.to_string().contains("name"), "{error}");
    }

    #[test]
    fn an_empty_handler_fails_only_the_outputs_that_name_it() {
        let mut request = Request::default();
        request.containerd.handler = String::new();
        assert_eq!(failing(&request), ["containerd", "crio"]);
        // Each failing output's form has the field that fixes it.
        for id in ["containerd", "crio"] {
            let output = find(id).expect("registered");
            assert!(output.settings.contains(&Setting::Handler), "{id}");
        }
        let manifest = find("manifest").expect("registered");
        assert!(manifest.settings.contains(&Setting::WorkloadName));
    }

    #[test]
    fn an_unknown_id_is_an_error_that_lists_the_known_ones() {
        let error = render_output("pdf", &Request::default()).expect_err("unknown");
        let message = error.to_string();
        assert!(message.contains("\"pdf\""), "{message}");
        assert!(message.contains("manifest, containerd"), "{message}");
    }

    #[test]
    fn file_names_follow_the_request() {
        let mut request = Request::default();
        request.workload.name = "web".into();
        request.workload.kind = WorkloadKind::StatefulSet;
        request.containerd.handler = "kata-qemu".into();
        let name = |id: &str| find(id).map(|output| (output.file_name)(&request));
        // By id, not the whole list: a new output must not have to edit this test.
        assert_eq!(name("manifest").as_deref(), Some("web-statefulset.yaml"));
        assert_eq!(
            name("containerd").as_deref(),
            Some("containerd-kata-qemu.toml")
        );
        assert_eq!(name("kata").as_deref(), Some("50-kata-annotations.toml"));
        assert_eq!(name("helm").as_deref(), Some("kata-deploy-values.yaml"));
        assert_eq!(name("crio").as_deref(), Some("99-kata-qemu.conf"));
    }

    #[test]
    fn file_names_are_unique() {
        let infos = describe(&Request::default());
        for (i, a) in infos.iter().enumerate() {
            for b in &infos[i + 1..] {
                assert_ne!(a.file_name, b.file_name, "{} and {}", a.id, b.id);
            }
        }
    }

    #[test]
    fn file_names_never_hold_a_folder() {
        let mut request = Request::default();
        request.workload.name = "../etc/passwd".into();
        request.containerd.handler = "a\\b:c".into();
        for info in describe(&request) {
            assert!(
                !info.file_name.contains(['/', '\\', ':']),
                "{}: {}",
                info.id,
                info.file_name
            );
        }
    }

    #[test]
    fn media_types_match_the_file_names() {
        for info in describe(&Request::default()) {
            let extension = info.file_name.rsplit('.').next().unwrap_or_default();
            match extension {
                "yaml" => assert_eq!(info.media_type, "application/yaml", "{}", info.id),
                "toml" | "conf" => assert_eq!(info.media_type, "application/toml", "{}", info.id),
                _ => assert!(info.media_type.contains('/'), "{}", info.id),
            }
        }
    }

    #[test]
    fn the_drop_in_goes_where_the_shim_reads_it() {
        use crate::target::Runtime;
        let mut request = Request::default();
        let rust = find("kata").expect("registered").info(&request).placement;
        request.runtime = Runtime::Go;
        let go = find("kata").expect("registered").info(&request).placement;
        let (rust, go) = (rust.path.expect("a path"), go.path.expect("a path"));
        assert!(
            rust.ends_with("/config.d/50-kata-annotations.toml"),
            "{rust}"
        );
        assert_ne!(rust, go);
        // The drop-in itself says the same path.
        let text = render_output("kata", &request).expect("renders");
        assert!(text.contains(&go), "{text}");
    }
}
