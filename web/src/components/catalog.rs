//! The searchable, grouped catalog.

use std::rc::Rc;

use kata_annotations::catalog::{self, Group, ANNOTATIONS};
use kata_annotations::policy::EnableSet;
use kata_annotations::request::Request;
use kata_annotations::Report;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::row::Row;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub request: Request,
    pub report: Rc<Report>,
    pub search: String,
    pub on_action: Callback<Action>,
}

#[function_component(Catalog)]
pub fn catalog_list(props: &Props) -> Html {
    let on_search = props.on_action.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        Action::SetSearch(input.value())
    });
    let target = props.request.target();
    let policy = props.request.node_policy();
    let enable = EnableSet::new(&policy.enable_annotations, target.runtime);
    let policy = Rc::new(policy);
    let mut groups: Vec<Group> = ANNOTATIONS.iter().map(|a| a.group).collect();
    groups.sort();
    groups.dedup();
    let searching = !props.search.trim().is_empty();
    let ticked = props.request.annotations.len();
    let sections = groups.into_iter().map(|group| {
        let rows: Vec<_> = ANNOTATIONS
            .iter()
            .filter(|a| a.group == group && !a.internal && catalog::matches(a, &props.search))
            .collect();
        if rows.is_empty() {
            return html! {};
        }
        let selected = rows
            .iter()
            .filter(|a| props.request.annotations.contains_key(a.key))
            .count();
        let heading_id = format!(
            "group-{}",
            group
                .title()
                .to_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        html! {
            <details class="group" open={searching || selected > 0 || group == Group::Runtime}>
                <summary id={heading_id.clone()}>
                    <span class="group-title">{ group.title() }</span>
                    <span class="count">{ if rows.len() == 1 { "1 key".to_owned() } else { format!("{} keys", rows.len()) } }
                        if selected > 0 { { format!(" · {selected} ticked") } }
                    </span>
                </summary>
                <ul class="rows" role="list" aria-labelledby={heading_id}>
                    { for rows.into_iter().map(|a| html! {
                        <Row
                            key={a.key}
                            annotation_key={a.key}
                            value={props.request.annotations.get(a.key).cloned()}
                            target={target}
                            allowed={a.allow_list().map(|l| policy.list(l).to_vec()).unwrap_or_default()}
                            enabled={a.gate_name().map(|name| enable.enables(name))}
                            findings={props.report.for_key(a.key).cloned().collect::<Vec<_>>()}
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
                    value={props.search.clone()} oninput={on_search} autocomplete="off" />
                <span class="selected-count" aria-live="polite">{ format!("{ticked} selected") }</span>
            </div>
            { for sections }
        </>
    }
}
