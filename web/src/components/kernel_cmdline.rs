//! The guest kernel command line the chosen shim boots with: what the
//! runtime adds, the shim's configured `kernel_params` merged with the
//! annotation by that runtime's rule, and warnings. Core computes it all
//! (`kernel_cmdline::preview`).

use kata_annotations::kernel_cmdline::{preview, AnnotationFate, KERNEL_PARAMS};
use kata_annotations::request::Request;
use yew::prelude::*;
use yewdux::prelude::use_selector;

use super::RequestPart;
use crate::state::State;

/// What changes the command line: `preview` reads the target, the policy
/// and `kernel_params`.
fn same_cmdline(a: &Request, b: &Request) -> bool {
    a.same_target(b)
        && a.policy == b.policy
        && a.annotations.get(KERNEL_PARAMS) == b.annotations.get(KERNEL_PARAMS)
}

fn tokens(list: &[String], class: &'static str) -> Html {
    html! { <>{ for list.iter().map(|t| html! { <><code class={class}>{ t }</code>{ " " }</> }) }</> }
}

/// The preview panel.
#[function_component(KernelCmdline)]
pub fn kernel_cmdline() -> Html {
    let shown = use_selector(|s: &State| RequestPart::new(&s.request, same_cmdline));
    let p = preview(&shown.request);
    let fate = match p.fate {
        AnnotationFate::NotSet => "The selection does not set kernel_params: the shim boots with its configured parameters.",
        AnnotationFate::Applied => "The kernel_params annotation is merged in: a parameter it names replaces the configured one with the same key.",
        AnnotationFate::FailsThePod => "The node's enable_annotations does not enable kernel_params: the Go runtime refuses the pod.",
        AnnotationFate::Ignored => "The node's enable_annotations does not enable kernel_params: runtime-rs ignores the annotation.",
    };
    let line = p.merged.join(" ");
    html! {
        <section class="cmdline" id="kernel-cmdline" aria-labelledby="cmdline-title">
            <h2 id="cmdline-title">{ "Guest kernel command line" }</h2>
            <p class="hint">{ format!("{} adds first: {}.", shown.request.target().runtime.label(), p.before) }</p>
            <pre id="cmdline-merged" class="code wrap" tabindex="0" role="region" aria-labelledby="cmdline-title"><code>{ if line.is_empty() { "(no configured parameters)".to_owned() } else { line } }</code></pre>
            <p class="hint">{ format!("Then: {}.", p.after) }</p>
            <p id="cmdline-fate">{ fate }</p>
            if !p.replaced.is_empty() {
                <p id="cmdline-replaced">{ "Replaced from the configuration: " }{ tokens(&p.replaced, "replaced") }</p>
            }
            if !p.warnings.is_empty() {
                <ul class="findings" id="cmdline-warnings" role="list">
                    { for p.warnings.iter().map(|w| html! {
                        <li class="finding warning"><span class="severity">{ "warning" }</span>{ " " }{ w }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
