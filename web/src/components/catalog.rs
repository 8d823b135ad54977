//! The searchable, grouped catalog.

use kata_annotations::catalog::{self, Group, ANNOTATIONS};
use std::collections::BTreeSet;

use kata_annotations::policy::{EnableSet, NodePolicy};
use kata_annotations::Request;
use web_sys::{HtmlDetailsElement, HtmlInputElement};
use yew::prelude::*;
use yewdux::prelude::use_selector;

use super::row::Row;
use super::RequestPart;
use crate::dom;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_action: Callback<Action>,
}

/// What the catalog shows of the state: not the values or the findings,
/// which each row reads when the row feed wakes it, so editing a value does
/// not re-render the catalog.
#[derive(PartialEq)]
struct Shown {
    part: RequestPart,
    search: String,
}

/// What the catalog reads of the request: the target, the policy and the
/// ticked keys, compared in place, so the catalog copies no key on an edit.
fn same_catalog(a: &Request, b: &Request) -> bool {
    a.same_target(b) && a.policy == b.policy && a.annotations.keys().eq(b.annotations.keys())
}

#[function_component(Catalog)]
pub fn catalog_list(props: &Props) -> Html {
    let _span = dom::span("kata-view-catalog");
    let shown = use_selector(|s: &State| Shown {
        part: RequestPart::new(&s.request, same_catalog),
        search: s.search.clone(),
    });
    let request = &shown.part.request;
    let on_search = props.on_action.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        Action::SetSearch(input.value())
    });
    let target = request.target();
    // The node policy and its compiled enable_annotations change only with
    // the target or the pasted policy, not with an edit of a value.
    let node = use_memo((target, request.policy.clone()), |(target, input)| {
        let policy = NodePolicy::resolve(input.as_ref(), *target);
        let enable = EnableSet::new(&policy.enable_annotations, target.runtime);
        (policy, enable)
    });
    let (policy, enable) = &*node;
    let is_ticked = |key: &str| request.annotations.contains_key(key);
    let mut groups: Vec<Group> = ANNOTATIONS.iter().map(|a| a.group).collect();
    groups.sort();
    groups.dedup();
    let searching = !shown.search.trim().is_empty();
    let ticked = request.annotations.len();
    // Groups the user opened. A closed group draws only its heading, and
    // every group starts closed unless it holds a ticked key or a search
    // is on: rows are most of the first render's elements, and with one
    // group open the first render outgrew Yew's 16 ms slice, so the
    // browser laid out and painted the page before it became interactive.
    let opened = use_state(BTreeSet::<Group>::new);
    let sections = groups.into_iter().map(|group| {
        let rows: Vec<_> = ANNOTATIONS
            .iter()
            .filter(|a| a.group == group && !a.internal && catalog::matches(a, &shown.search))
            .collect();
        if rows.is_empty() {
            return html! {};
        }
        let selected = rows
            .iter()
            .filter(|a| is_ticked(a.key))
            .count();
        let heading_id = format!(
            "group-{}",
            group
                .title()
                .to_ascii_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        let open = searching || selected > 0 || opened.contains(&group);
        let ontoggle = {
            let opened = opened.clone();
            Callback::from(move |e: Event| {
                let details: HtmlDetailsElement = e.target_unchecked_into();
                let mut now = (*opened).clone();
                let changed = if details.open() {
                    now.insert(group)
                } else {
                    now.remove(&group)
                };
                if changed {
                    opened.set(now);
                }
            })
        };
        let count = rows.len();
        let rows = if open { rows } else { Vec::new() };
        html! {
            <details class="group" {open} {ontoggle}>
                <summary id={heading_id.clone()}>
                    <span class="group-title">{ group.title() }</span>
                    <span class="count">{ if count == 1 { "1 key".to_owned() } else { format!("{count} keys") } }
                        if selected > 0 { { format!(" · {selected} ticked") } }
                    </span>
                </summary>
                <ul class="rows" role="list" aria-labelledby={heading_id}>
                    { for rows.into_iter().map(|a| html! {
                        <Row
                            key={a.key}
                            annotation_key={a.key}
                            target={target}
                            allowed={a.allow_list().map(|l| policy.list(l).to_vec()).unwrap_or_default()}
                            enabled={a.gate_name().map(|name| enable.enables(name))}
                            on_action={props.on_action.clone()}
                        />
                    }) }
                </ul>
            </details>
        }
    });
    html! {
        <>
            <h2 class="visually-hidden">{ "Annotations" }</h2>
            <div class="search">
                <label for="search" class="visually-hidden">{ "Search annotations" }</label>
                <input id="search" type="search" placeholder="Search annotations: key, description, group"
                    value={shown.search.clone()} oninput={on_search} autocomplete="off" />
                <span class="selected-count" aria-live="polite">{ format!("{ticked} selected") }</span>
            </div>
            { for sections }
        </>
    }
}
