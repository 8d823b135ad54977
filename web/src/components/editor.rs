//! Typed value editors: a switch for booleans, a select for enums, a number
//! field, a path field that shows the allowed patterns, a row editor for
//! kernel modules, and a text field for the other list syntaxes.

use kata_annotations::edit::{join_module_rows, module_rows, placeholder, ModuleRow};
use kata_annotations::kind::Kind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::dom::{self, editor_id};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub annotation_key: &'static str,
    pub value: String,
    pub kind: Kind,
    /// For restricted keys: the node's allow-list patterns.
    pub allowed: Vec<String>,
    /// Whether core reports an error for this key (for `aria-invalid`).
    pub invalid: bool,
    pub on_action: Callback<Action>,
}

/// The DOM id of the list of findings under a key's editor (the row renders
/// it; the editor's field names it in `aria-describedby`).
pub fn findings_id(key: &str) -> String {
    format!("{}-findings", editor_id(key))
}

#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let key = props.annotation_key;
    let id = editor_id(key);
    let findings = findings_id(key);
    let set = {
        let on_action = props.on_action.clone();
        move |value: String| on_action.emit(Action::SetValue(key.to_owned(), value))
    };
    let label = html! { <label class="visually-hidden" for={id.clone()}>{ format!("Value of {key}") }</label> };
    match props.kind {
        Kind::Bool => {
            let on = props.value == "true";
            let onclick = {
                let set = set.clone();
                Callback::from(move |_: MouseEvent| {
                    set(if on { "false" } else { "true" }.to_owned())
                })
            };
            let canonical = props.value == "true" || props.value == "false";
            html! {
                <div class="value-row">
                    <button type="button" id={id} role="switch" class={classes!("switch", on.then_some("on"))}
                        aria-checked={on.to_string()} aria-label={format!("{key} is {}", props.value)}
                        aria-invalid={props.invalid.to_string()} aria-describedby={findings} {onclick}>
                        <span class="knob" aria-hidden="true"></span>
                        <span class="switch-text">{ if canonical { props.value.clone() } else { format!("{} (as typed)", props.value) } }</span>
                    </button>
                </div>
            }
        }
        Kind::Enum(values) => {
            let onchange = Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                set(select.value());
            });
            let known = values.contains(&props.value.as_str());
            html! {
                <div class="value-row">
                    { label }
                    <select id={id} {onchange} aria-invalid={props.invalid.to_string()} aria-describedby={findings}>
                        if !known {
                            <option value={props.value.clone()} selected=true>{ format!("{} (not valid here)", props.value) }</option>
                        }
                        { for values.iter().map(|v| html! {
                            <option value={*v} selected={props.value == *v}>{ *v }</option>
                        }) }
                    </select>
                </div>
            }
        }
        Kind::KernelModules => html! {
            <ModulesEditor id={id} label={format!("Value of {key}")} describedby={findings}
                value={props.value.clone()} on_change={Callback::from(set)} invalid={props.invalid} />
        },
        kind => {
            let oninput = Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                set(input.value());
            });
            let numeric = matches!(
                kind,
                Kind::U32 | Kind::U64 | Kind::F32 | Kind::UintAnyBase | Kind::MemorySize
            );
            let list_id = format!("{id}-allowed");
            let allowed_id = format!("{id}-allowed-text");
            let described = if props.allowed.is_empty() {
                findings
            } else {
                format!("{allowed_id} {findings}")
            };
            html! {
                <div class="value-row">
                    { label }
                    <input id={id} type="text" class={classes!("value", numeric.then_some("numeric"))}
                        inputmode={if numeric { "decimal" } else { "text" }}
                        spellcheck="false" autocomplete="off"
                        placeholder={placeholder(kind)} value={props.value.clone()} {oninput}
                        aria-invalid={props.invalid.to_string()} aria-describedby={described}
                        list={(!props.allowed.is_empty()).then(|| list_id.clone())} />
                    if !props.allowed.is_empty() {
                        <datalist id={list_id}>
                            { for props.allowed.iter().map(|p| html! { <option value={p.clone()} /> }) }
                        </datalist>
                        <p class="allowed" id={allowed_id}>{ "Allowed on the node: " }
                            { for props.allowed.iter().map(|p| html! { <code>{ if p.is_empty() { "\"\"".to_owned() } else { p.clone() } }</code> }) }
                        </p>
                    }
                </div>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ModulesProps {
    id: String,
    /// The group's accessible name.
    label: String,
    /// The id of the findings list.
    describedby: String,
    value: String,
    on_change: Callback<String>,
    invalid: bool,
}

/// Module + parameters rows; every edit writes the canonical joined value.
/// The rows live in local state so an empty new row can exist before the
/// user types into it; a value changed from outside resets them.
#[function_component(ModulesEditor)]
fn modules_editor(props: &ModulesProps) -> Html {
    let initial = || {
        let rows = module_rows(&props.value);
        if rows.is_empty() {
            vec![ModuleRow::default()]
        } else {
            rows
        }
    };
    let rows = use_state(initial);
    if join_module_rows(&rows) != join_module_rows(&module_rows(&props.value)) {
        rows.set(initial());
    }
    // Adding or removing a row moves focus to the row's module field (the
    // pressed "remove" button goes away with its row), once it is rendered.
    let name_id = {
        let id = props.id.clone();
        move |i: usize| {
            if i == 0 {
                id.clone()
            } else {
                format!("{id}-{i}")
            }
        }
    };
    let pending_focus = use_mut_ref(|| None::<usize>);
    {
        let pending_focus = pending_focus.clone();
        let name_id = name_id.clone();
        use_effect(move || {
            if let Some(i) = pending_focus.borrow_mut().take() {
                dom::focus(&name_id(i));
            }
        });
    }
    let update = {
        let rows = rows.clone();
        let on_change = props.on_change.clone();
        move |next: Vec<ModuleRow>| {
            on_change.emit(join_module_rows(&next));
            rows.set(next);
        }
    };
    let count = rows.len();
    let lines = rows.iter().enumerate().map(|(i, row)| {
        let edit = |name: bool| {
            let rows = rows.clone();
            let update = update.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let mut next = (*rows).clone();
                if name { next[i].name = input.value() } else { next[i].params = input.value() }
                update(next);
            })
        };
        let remove = {
            let rows = rows.clone();
            let update = update.clone();
            let pending_focus = pending_focus.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*rows).clone();
                next.remove(i);
                *pending_focus.borrow_mut() = Some(i.min(next.len().saturating_sub(1)));
                update(next);
            })
        };
        html! {
            <div class="module-row">
                <input id={name_id(i)} type="text" placeholder="module" aria-label={format!("Module {}", i + 1)}
                    value={row.name.clone()} oninput={edit(true)} spellcheck="false"
                    aria-invalid={props.invalid.to_string()}
                    aria-describedby={(i == 0).then(|| props.describedby.clone())} />
                <input type="text" placeholder="param=value …" aria-label={format!("Parameters of module {}", i + 1)}
                    value={row.params.clone()} oninput={edit(false)} spellcheck="false" />
                <button type="button" class="icon-button" onclick={remove} disabled={count == 1}
                    aria-label={format!("Remove module {}", i + 1)}>{ "remove" }</button>
            </div>
        }
    });
    let add = {
        let rows = rows.clone();
        let pending_focus = pending_focus.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*rows).clone();
            next.push(ModuleRow::default());
            *pending_focus.borrow_mut() = Some(next.len() - 1);
            rows.set(next);
        })
    };
    html! {
        <div class="modules" role="group" aria-label={props.label.clone()}>
            { for lines }
            <button type="button" class="small" onclick={add}>{ "add module" }</button>
        </div>
    }
}
