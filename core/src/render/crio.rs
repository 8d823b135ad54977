//! The CRI-O side (fact sheet §5): a runtime handler table in kata-deploy's
//! form, with notes on how CRI-O treats annotations. CRI-O copies every pod
//! annotation into the sandbox's and each container's OCI spec, so unlike
//! containerd it needs no allow-list, and offers no gate either.

use std::collections::BTreeMap;

use serde::Serialize;

use super::comment_block;
use super::kata;
use super::registry::{file_name_part, Output, Placement, Tab};
use super::setting::Setting;
use crate::request::Request;
use crate::Error;

/// Where CRI-O reads drop-in configuration.
const CONF_DIR: &str = "/etc/crio/crio.conf.d";

/// The CRI-O note in the output list. It names the handler, so its form
/// has the handler field too (an empty handler fails this output).
pub const OUTPUT: Output = Output {
    id: "crio",
    title: "CRI-O",
    tab: Tab::CRIO,
    media_type: "application/toml",
    file_name,
    placement,
    settings: &[Setting::Handler],
    generate: note,
};

/// `99-<handler>.conf`: late in the directory, so it overrides what ships.
fn file_name(request: &Request) -> String {
    format!("99-{}.conf", file_name_part(&request.containerd.handler))
}

fn placement(request: &Request) -> Placement {
    Placement {
        path: Some(format!("{CONF_DIR}/{}", file_name(request))),
        how: "Save it on every CRI-O node, then restart CRI-O. CRI-O needs no allow-list: it \
              passes every pod annotation to Kata."
            .into(),
    }
}

/// `[crio.runtime.runtimes.<handler>]` as kata-deploy writes it.
#[derive(Debug, Serialize)]
struct Handler {
    runtime_path: &'static str,
    runtime_type: &'static str,
    runtime_root: &'static str,
    runtime_config_path: String,
    privileged_without_host_devices: bool,
}

/// `[crio.runtime.runtimes.<handler>.default_annotations]`, for the example.
#[derive(Debug, Serialize)]
struct Defaults<'a> {
    default_annotations: &'a BTreeMap<String, String>,
}

/// `{ crio = { runtime = { runtimes = { <handler> = T } } } }`.
#[derive(Debug, Serialize)]
struct Document<T> {
    crio: Crio<T>,
}

#[derive(Debug, Serialize)]
struct Crio<T> {
    runtime: Runtimes<T>,
}

#[derive(Debug, Serialize)]
struct Runtimes<T> {
    runtimes: BTreeMap<String, T>,
}

fn document<T>(handler: &str, table: T) -> Document<T> {
    Document {
        crio: Crio {
            runtime: Runtimes {
                runtimes: BTreeMap::from([(handler.to_owned(), table)]),
            },
        },
    }
}

/// The CRI-O handler for the RuntimeClass handler `request.containerd.handler`
/// (the same name in both CRI runtimes), with comments: CRI-O forwards every
/// pod annotation; `allowed_annotations` must not list Kata keys; since CRI-O
/// 1.32 `default_annotations` can pre-set keys for the handler's pods.
pub fn note(request: &Request) -> Result<String, Error> {
    let handler = request.containerd.handler.trim();
    if handler.is_empty() {
        return Err(Error::InvalidRequest(
            "the runtime handler (the RuntimeClass handler) is empty".into(),
        ));
    }
    let shim = request.resolved_shim();
    let table = Handler {
        runtime_path: shim.runtime_path(),
        runtime_type: "vm",
        runtime_root: "/run/vc",
        runtime_config_path: shim.config_path(request.kata_version),
        privileged_without_host_devices: true,
    };
    let body = toml::to_string_pretty(&document(handler, table))?;

    let mut out = String::new();
    out.push_str(&comment_block([
        format!(
            "CRI-O runtime handler \"{handler}\" ({}, [hypervisor.{}]),",
            request.runtime.label(),
            request.hypervisor.table()
        ),
        format!("as kata-deploy writes it. Put it in a file under {CONF_DIR}/ and restart CRI-O."),
        String::new(),
        "CRI-O copies every pod annotation into the specs Kata reads: there is no list to"
            .to_owned(),
        "extend (containerd's pod_annotations has no CRI-O counterpart), and no gate either, so"
            .to_owned(),
        "only Kata's enable_annotations limits hypervisor keys (see the Kata drop-in).".to_owned(),
        "Do NOT add Kata keys to allowed_annotations: it takes only CRI-O's own annotations,"
            .to_owned(),
        "and CRI-O fails config validation (\"invalid allowed_annotation\") on anything else."
            .to_owned(),
    ]));
    out.push_str(&comment_block(kata::shim_notes(request)));
    out.push('\n');
    out.push_str(&body);

    out.push('\n');
    out.push_str(&comment_block([
        "Since CRI-O 1.32 a handler can pre-set annotations for all of its pods (a pod's own",
        "value wins) with default_annotations. Uncomment to set the selection node-side:",
    ]));
    let defaults = Defaults {
        default_annotations: &request.annotations,
    };
    let example = toml::to_string_pretty(&document(handler, defaults))?;
    out.push_str(&super::commented_out(example.lines()));
    Ok(out)
}
