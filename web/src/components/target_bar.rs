//! The target bar: the Kata release, the kata-deploy shim (which decides the
//! runtime and the hypervisor, shown read-only), and the node policy in use.

use kata_annotations::shim::{Shim, SHIMS};
use kata_annotations::target::{Runtime, Target};
use kata_annotations::version::Version;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::dom;
use yewdux::prelude::use_selector;

use crate::state::{runtime_class, Action, State};

/// What the bar shows of the request.
#[derive(PartialEq)]
struct TargetOf {
    kata_version: Version,
    target: Target,
    resolved: &'static Shim,
    custom_policy: bool,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// An option's text: `kata-<name> (hint)`, the hint being the flavour, or
/// the hypervisor for a plain shim (`kata-fc (Firecracker)`); and a mark
/// when kata-deploy `version` does not install it.
fn shim_text(shim: &Shim, version: Version) -> String {
    let hint = shim.flavour.hint().unwrap_or(shim.hypervisor.label());
    let missing = if shim.installed_at(version) {
        String::new()
    } else {
        format!(" (not in {version})")
    };
    format!("{} ({hint}){missing}", runtime_class(shim, version))
}

/// The shims the select offers at `version`: the installed ones, plus the
/// resolved one when it is not (so the select shows what the verdicts use).
fn offered(version: Version, resolved: &'static Shim) -> impl Iterator<Item = &'static Shim> {
    SHIMS
        .iter()
        .filter(move |s| s.installed_at(version) || *s == resolved)
}

#[function_component(TargetBar)]
pub fn target_bar(props: &Props) -> Html {
    let _span = dom::span("kata-view-target");
    // Selected as a whole: the bar reads the release, the shim and the
    // policy, and an edit of a value changes none of them.
    let request = use_selector(|s: &State| TargetOf {
        kata_version: s.request.kata_version,
        target: s.request.target(),
        resolved: s.request.resolved_shim(),
        custom_policy: s.request.policy.is_some(),
    });
    let version = request.kata_version;
    let target = request.target;
    let resolved = request.resolved;

    let on_version = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let chosen = select.value();
            if let Some(version) = Version::releases().find(|v| v.to_string() == chosen) {
                on_action.emit(Action::SetVersion(version));
            }
        })
    };
    // An option's value is the shim's name; the same name can stand for two
    // shims (`remote` of either runtime), so the choice is looked up among
    // the offered ones, in the order the select lists them.
    let on_shim = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let chosen = select.value();
            if let Some(shim) = offered(version, resolved).find(|s| s.name == chosen) {
                on_action.emit(Action::SetShim(shim));
            }
        })
    };
    let groups = Runtime::ALL.into_iter().map(|runtime| {
        let options = offered(version, resolved)
            .filter(|s| s.runtime == runtime)
            .map(|shim| {
                html! {
                    <option value={shim.name} selected={shim == resolved}>
                        { shim_text(shim, version) }
                    </option>
                }
            });
        html! { <optgroup label={runtime.label()}>{ for options }</optgroup> }
    });
    // A pair no runtime ships (an old link): say so rather than pick another.
    let shown = if resolved.exists() {
        shim_text(resolved, version)
    } else {
        format!(
            "no shim for {} × {}",
            target.runtime.label(),
            target.hypervisor.label()
        )
    };
    let no_shim = (!resolved.exists()).then(|| {
        html! { <option value="" selected=true disabled=true>{ shown.clone() }</option> }
    });
    let policy = if request.custom_policy {
        "custom"
    } else {
        "shipped defaults"
    };
    html! {
        <header class="bar">
            <h1 class="title">{ "Kata pod configurator" }</h1>
            <div class="target">
                <label class="field">
                    <span>{ "Kata version" }</span>
                    <select id="kata-version" onchange={on_version}>
                        { for Version::releases().rev().map(|v| html! {
                            <option value={v.to_string()} selected={v == version}>{ v.to_string() }</option>
                        }) }
                    </select>
                </label>
                // The runtime and the hypervisor follow from the shim: shown
                // beside its label, so the bar stays one line on a laptop.
                <div class="field">
                    <span>
                        <label for="shim">{ "Shim" }</label>
                        <output id="target-runtime" for="shim" class="resolved"
                            title="the runtime and the hypervisor of the shim">
                            { format!("{} · {}", target.runtime.label(), target.hypervisor.label()) }
                        </output>
                    </span>
                    <select id="shim" onchange={on_shim} title={shown}>
                        { for no_shim }
                        { for groups }
                    </select>
                </div>
                <span class="policy" id="policy-label" title="enable_annotations and valid_* lists of the node">
                    { "Node policy: " }<strong>{ policy }</strong>
                </span>
            </div>
        </header>
    }
}
