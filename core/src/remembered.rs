//! What was worked out per entry of a sorted string map, kept between calls
//! for an editor that changes one entry per keystroke (the remembering
//! validator, the manifest writer).

use std::collections::BTreeMap;

/// One entry's memory: its key, the value it was worked out for, and what
/// was worked out.
pub(crate) type Entry<T> = (String, String, T);

/// The memory for `map`, in key order: an entry of `remembered` whose key
/// and value are still in `map` is kept, every other entry of `map` is
/// worked out again with `make(key, value)`, and keys `map` no longer has
/// are dropped.
///
/// `remembered` is in key order (it came from this function), like the
/// map, so one walk pairs the two without hashing every key each call.
pub(crate) fn refresh<T, E>(
    remembered: Vec<Entry<T>>,
    map: &BTreeMap<String, String>,
    mut make: impl FnMut(&str, &str) -> Result<T, E>,
) -> Result<Vec<Entry<T>>, E> {
    let mut old = remembered.into_iter().peekable();
    let mut kept = Vec::with_capacity(map.len());
    for (key, value) in map {
        while old.next_if(|(seen, _, _)| seen < key).is_some() {}
        let entry = match old.next_if(|(seen, _, _)| seen == key) {
            Some(entry) if entry.1 == *value => entry,
            Some((seen, _, _)) => (seen, value.clone(), make(key, value)?),
            None => (key.clone(), value.clone(), make(key, value)?),
        };
        kept.push(entry);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_key_values;

    /// `key=value` lines as a map.
    fn map(lines: &str) -> BTreeMap<String, String> {
        parse_key_values(lines).0
    }

    #[test]
    fn only_new_and_changed_entries_are_worked_out_again() {
        let mut made = Vec::new();
        let mut make = |k: &str, v: &str| {
            made.push(format!("{k}={v}"));
            Ok::<_, ()>(format!("<{v}>"))
        };
        let first = refresh(Vec::new(), &map("a=1\nb=2\nc=3"), &mut make);
        let first = first.expect("infallible");
        let second = refresh(first, &map("a=1\nc=9\nd=4"), &mut make).expect("infallible");
        assert_eq!(made, ["a=1", "b=2", "c=3", "c=9", "d=4"]);
        let texts: Vec<_> = second.iter().map(|(k, _, t)| format!("{k}{t}")).collect();
        assert_eq!(texts, ["a<1>", "c<9>", "d<4>"]);
    }

    #[test]
    fn an_error_is_returned() {
        let out = refresh(Vec::new(), &map("a=1"), |_, _| Err::<(), _>("no"));
        assert_eq!(out, Err("no"));
    }
}
