//! The VM size panel: the vCPUs and memory the sandbox VM gets for the
//! current selection on the chosen shim (and on the other runtime's shim of
//! the same kind), and which input decided each. Core computes it all
//! (`vm_size::vm_sizes_for`).

use kata_annotations::request::Request;
use kata_annotations::target::Runtime;
use kata_annotations::vm_size::{vm_sizes_for, VmSize, SIZE_KEYS};
use yew::prelude::*;
use yewdux::prelude::use_selector;

use super::RequestPart;
use crate::state::State;

/// What sizes the VM: the target, the resources and [`SIZE_KEYS`].
fn same_size(a: &Request, b: &Request) -> bool {
    a.same_target(b)
        && a.workload.resources == b.workload.resources
        && SIZE_KEYS
            .iter()
            .all(|key| a.annotations.get(*key) == b.annotations.get(*key))
}

fn figure(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    rounded.to_string()
}

fn decided(size: &VmSize) -> String {
    if size.vcpus_from == size.memory_from {
        size.vcpus_from.label().to_owned()
    } else {
        format!(
            "vCPUs: {}; memory: {}",
            size.vcpus_from.label(),
            size.memory_from.label()
        )
    }
}

fn row(size: &VmSize, first: bool) -> Html {
    html! {
        <tr class={classes!(first.then_some("chosen"))}
            data-runtime={if size.runtime == Runtime::Go { "go" } else { "rust" }}>
            <th scope="row"><code>{ format!("kata-{}", size.shim) }</code>{ format!(" ({})", size.runtime.label()) }</th>
            <td class="vcpus">{ figure(size.vcpus) }</td>
            <td class="memory">{ format!("{} MiB", size.memory_mib.round()) }</td>
            <td class="decided">{ decided(size) }</td>
        </tr>
    }
}

/// The VM size for the current selection.
#[function_component(VmSizePanel)]
pub fn vm_size_panel() -> Html {
    let shown = use_selector(|s: &State| RequestPart::new(&s.request, same_size));
    let request = &shown.request;
    let sizes = vm_sizes_for(
        &request.annotations,
        &request.workload.resources,
        request.target(),
    );
    let Some(chosen) = sizes.first() else {
        return html! {
            <section class="vm-size" id="vm-size" aria-labelledby="vm-size-title">
                <h2 id="vm-size-title">{ "VM size" }</h2>
                <p id="vm-size-how">{ "No figure: the remote hypervisor's instance type sizes the VM, or a resource field is not a Kubernetes quantity (see Problems)." }</p>
            </section>
        };
    };
    let r = &request.workload.resources;
    let quantity = |text: &str| {
        if text.trim().is_empty() {
            "none".to_owned()
        } else {
            text.trim().to_owned()
        }
    };
    html! {
        <section class="vm-size" id="vm-size" aria-labelledby="vm-size-title">
            <h2 id="vm-size-title">{ "VM size" }</h2>
            <table>
                <thead><tr>
                    <th scope="col">{ "shim" }</th><th scope="col">{ "vCPUs" }</th>
                    <th scope="col">{ "memory" }</th><th scope="col">{ "decided by" }</th>
                </tr></thead>
                <tbody>{ for sizes.iter().enumerate().map(|(i, s)| row(s, i == 0)) }</tbody>
            </table>
            <p id="vm-size-how">{ &chosen.how }</p>
            <p class="hint">
                { format!("Pod: requests {} CPU, {} memory; limits {} CPU, {} memory. ",
                    quantity(&r.cpu_request), quantity(&r.memory_request), quantity(&r.cpu_limit), quantity(&r.memory_limit)) }
                { "Requests never size the VM: only limits reach the runtime." }
                if let Some((cpu, mib)) = chosen.overhead {
                    { format!(" runtime-rs adds its overhead for this shim: {cpu} vCPUs, {mib} MiB.") }
                }
                if !chosen.set_aside.is_empty() {
                    { format!(" Set aside: {}.", chosen.set_aside.join(", ")) }
                }
            </p>
        </section>
    }
}
