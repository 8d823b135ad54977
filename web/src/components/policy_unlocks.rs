//! What the node's `enable_annotations` unlocks: each entry with the keys it
//! enables for the target, the ones broader than they read, and the anchored
//! form to use instead. Core decides all of it (`policy::unlocks`).

use kata_annotations::catalog::HYPERVISOR_PREFIX;
use kata_annotations::policy::{unlocks, NodePolicy, PolicyInput, Unlock};
use kata_annotations::target::{Runtime, Target};
use yew::prelude::*;
use yewdux::prelude::use_selector;

use crate::state::State;

/// What the list shows of the state.
#[derive(PartialEq)]
struct Shown {
    target: Target,
    policy: Option<PolicyInput>,
    custom: bool,
}

fn short(key: &str) -> &str {
    key.strip_prefix(HYPERVISOR_PREFIX).unwrap_or(key)
}

fn entry(unlock: &Unlock, runtime: Runtime) -> Html {
    let count = unlock.keys.len();
    let enables = match count {
        _ if unlock.invalid => match runtime {
            Runtime::Go => "not a valid regular expression: the Go runtime skips it".to_owned(),
            Runtime::Rust => {
                "not a valid regular expression: runtime-rs then enables no key at all".to_owned()
            }
        },
        0 => "enables no key of this release".to_owned(),
        1 => "enables 1 key".to_owned(),
        n => format!("enables {n} keys"),
    };
    let advice = unlock.broader.then(|| match &unlock.anchored {
        Some(anchored) => html! {
            <p class="unlock-advice">
                <strong>{ "Broader than it reads: " }</strong>
                { "matched anywhere in the name, it enables the other keys too. To enable only " }
                <code>{ &unlock.pattern }</code>{ ", write " }<code class="anchored">{ anchored }</code>{ "." }
            </p>
        },
        None if unlock.pattern.is_empty() => html! {
            <p class="unlock-advice"><strong>{ "Enables every hypervisor key: " }</strong>
                { "an empty entry matches any name." }</p>
        },
        None => html! {
            <p class="unlock-advice"><strong>{ "Broader than it reads: " }</strong>
                { "matched anywhere in the name, this word enables each key that contains it. List the keys you mean as " }
                <code>{ "^name$" }</code>{ "." }</p>
        },
    });
    html! {
        <li class={classes!("unlock", unlock.broader.then_some("broader"), unlock.invalid.then_some("invalid"))}
            data-pattern={unlock.pattern.clone()}>
            <code class="pattern">{ format!("\"{}\"", unlock.pattern) }</code>{ " " }
            <span class="enables">{ enables }</span>
            if count > 0 {
                <ul class="unlocked-keys" role="list">
                    { for unlock.keys.iter().map(|k| html! { <li><code>{ short(k) }</code></li> }) }
                </ul>
            }
            { for advice }
        </li>
    }
}

/// The entries of the node policy in use and what each one enables.
#[function_component(PolicyUnlocks)]
pub fn policy_unlocks() -> Html {
    let shown = use_selector(|s: &State| Shown {
        target: s.request.target(),
        policy: s.request.policy.clone(),
        custom: s.request.policy.is_some(),
    });
    let found = use_memo((shown.target, shown.policy.clone()), |(target, input)| {
        let policy = NodePolicy::resolve(input.as_ref(), *target);
        unlocks(&policy.enable_annotations, *target)
    });
    let whose = if shown.custom {
        "the pasted policy"
    } else {
        "the shim's shipped configuration"
    };
    html! {
        <section class="unlocks" id="policy-unlocks" aria-labelledby="unlocks-title">
            <h3 id="unlocks-title">{ format!("What enable_annotations unlocks ({whose})") }</h3>
            <p class="hint">
                { "Each entry is a regular expression that both runtimes match anywhere in the key's name after " }
                <code>{ HYPERVISOR_PREFIX }</code>{ " (unanchored): an entry can enable more keys than it names." }
            </p>
            if found.is_empty() {
                <p id="unlocks-empty">{ "enable_annotations is empty: no hypervisor annotation is enabled." }</p>
            } else {
                <ul id="unlocks-list" role="list">{ for found.iter().map(|u| entry(u, shown.target.runtime)) }</ul>
            }
        </section>
    }
}
