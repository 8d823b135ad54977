//! The command field: one line of shell words that edits a list, so an
//! imported `[sh, -c, "echo done"]` stays three words when edited.

use std::cell::RefCell;
use std::rc::Rc;

use kata_annotations::edit::{join_command, split_command};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: &'static str,
    pub label: &'static str,
    /// The words the request holds.
    pub value: Vec<String>,
    /// Receives the words whenever the typed line splits.
    pub on_change: Callback<Vec<String>>,
}

/// A text field showing the words joined with shell quoting. What the user
/// types stays as typed; the request changes only when the line splits, and
/// an open quote shows a message instead of changing anything.
#[function_component(CommandField)]
pub fn command_field(props: &Props) -> Html {
    let draft = use_state(|| join_command(&props.value));
    let error = use_state(|| None::<String>);
    // The words this field last sent: anything else in the props came from
    // outside (import, reset, a link) and replaces the draft.
    let sent: Rc<RefCell<Vec<String>>> = use_mut_ref(|| props.value.clone());
    if *sent.borrow() != props.value {
        *sent.borrow_mut() = props.value.clone();
        draft.set(join_command(&props.value));
        error.set(None);
    }
    let oninput = {
        let (draft, error, sent) = (draft.clone(), error.clone(), sent.clone());
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            match split_command(&text) {
                Ok(words) => {
                    error.set(None);
                    *sent.borrow_mut() = words.clone();
                    on_change.emit(words);
                }
                Err(why) => error.set(Some(why.to_string())),
            }
            draft.set(text);
        })
    };
    let error_id = format!("{}-error", props.id);
    html! {
        <label class="field">
            <span>{ props.label }</span>
            <input id={props.id} type="text" value={(*draft).clone()} {oninput} spellcheck="false"
                aria-invalid={error.is_some().to_string()}
                aria-describedby={error.is_some().then(|| error_id.clone())} />
            if let Some(message) = &*error {
                <span class="field-error" id={error_id} role="alert">{ message }</span>
            }
        </label>
    }
}
