//! One store subscriber for every catalog row.
//!
//! A hundred rows that each select their value and findings cost a hundred
//! lookups, copies and comparisons on every keystroke, for the one row that
//! changed. The feed instead walks the request's keys once against the
//! state it saw last, takes the keys whose findings changed from the verdict
//! ([`Verdict::changed_since`](crate::state::Verdict::changed_since)), and
//! re-renders only those keys' rows. A row reads its value and findings from
//! the store when it renders.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use yew::prelude::*;
use yewdux::prelude::Dispatch;

use crate::state::State;

/// The rows on the page, by key; a key may have more than one row.
type Rows = HashMap<&'static str, Vec<(u32, UseForceUpdateHandle)>>;

thread_local! {
    static ROWS: RefCell<Rows> = RefCell::default();
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Starts the feed; it runs while the returned dispatch is kept.
pub fn start(dispatch: Dispatch<State>) -> Dispatch<State> {
    let last = RefCell::new(dispatch.get());
    dispatch.subscribe_silent(move |state: Rc<State>| {
        let previous = last.replace(state.clone());
        let Some(findings) = state.verdict.changed_since(&previous.verdict) else {
            // Not one step of the same verdict chain: any row may have changed.
            wake(None);
            return;
        };
        let mut keys: Vec<&str> = findings.iter().map(|key| &**key).collect();
        if !Rc::ptr_eq(&previous.request, &state.request) {
            keys.extend(changed_values(
                &previous.request.annotations,
                &state.request.annotations,
            ));
        }
        wake(Some(&keys));
    })
}

/// Re-renders the calling row when `key`'s value or findings change.
#[hook]
pub fn use_row_feed(key: &'static str) {
    let update = use_force_update();
    use_effect_with(key, move |&key| {
        let id = NEXT_ID.with(|next| {
            let id = next.get();
            next.set(id.wrapping_add(1));
            id
        });
        ROWS.with(|rows| rows.borrow_mut().entry(key).or_default().push((id, update)));
        move || {
            ROWS.with(|rows| {
                let mut rows = rows.borrow_mut();
                if let Some(list) = rows.get_mut(key) {
                    list.retain(|(other, _)| *other != id);
                    if list.is_empty() {
                        rows.remove(key);
                    }
                }
            });
        }
    });
}

/// The keys set, unset or given another value between `old` and `new`, in
/// one walk of the two sorted maps.
fn changed_values<'a>(
    old: &'a BTreeMap<String, String>,
    new: &'a BTreeMap<String, String>,
) -> Vec<&'a str> {
    let mut changed = Vec::new();
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    loop {
        match (old.peek(), new.peek()) {
            (None, None) => return changed,
            (Some((key, _)), None) => {
                changed.push(key.as_str());
                old.next();
            }
            (None, Some((key, _))) => {
                changed.push(key.as_str());
                new.next();
            }
            (Some((a, va)), Some((b, vb))) => match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    changed.push(a.as_str());
                    old.next();
                }
                std::cmp::Ordering::Greater => {
                    changed.push(b.as_str());
                    new.next();
                }
                std::cmp::Ordering::Equal => {
                    if va != vb {
                        changed.push(a.as_str());
                    }
                    old.next();
                    new.next();
                }
            },
        }
    }
}

/// Re-renders the rows of `keys`, or every row. The handles are taken out
/// first: a row may render, and so register or leave, while they are called.
fn wake(keys: Option<&[&str]>) {
    let handles: Vec<UseForceUpdateHandle> = ROWS.with(|rows| {
        let rows = rows.borrow();
        let lists: Vec<&Vec<(u32, UseForceUpdateHandle)>> = match keys {
            Some(keys) => keys.iter().filter_map(|key| rows.get(key)).collect(),
            None => rows.values().collect(),
        };
        lists
            .into_iter()
            .flatten()
            .map(|(_, handle)| handle.clone())
            .collect()
    });
    for handle in handles {
        handle.force_update();
    }
}

#[cfg(test)]
mod tests {
    use super::changed_values;
    use std::collections::BTreeMap;

    fn map<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, String> {
        BTreeMap::from(pairs.map(|(k, v)| (k.to_owned(), v.to_owned())))
    }

    #[test]
    fn a_walk_finds_every_key_set_unset_or_changed() {
        let old = map([("a", "1"), ("b", "2"), ("c", "3"), ("e", "5")]);
        let new = map([("b", "2"), ("c", "30"), ("d", "4"), ("e", "5"), ("f", "6")]);
        assert_eq!(changed_values(&old, &new), ["a", "c", "d", "f"]);
        assert_eq!(changed_values(&new, &new), Vec::<&str>::new());
        assert_eq!(changed_values(&BTreeMap::new(), &old), ["a", "b", "c", "e"]);
    }
}
