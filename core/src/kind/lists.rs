//! List syntaxes other than kernel arguments: JSON arrays and host NUMA node sets. (Comma and
//! space lists are a plain `split` in [`super::parse`].)

use super::{err, show, who, ValueError};
use crate::target::Runtime;

/// Go `json.Unmarshal` into `[]string`: `null` is an empty list and a `null` element is `""`.
pub(super) fn parse_json_string_array(value: &str) -> Result<Vec<String>, ValueError> {
    let parsed: serde_json::Value = serde_json::from_str(value).map_err(|e| {
        err(format!(
            "not valid JSON ({e}); write a JSON array of strings, e.g. [\"--thread-pool-size=4\"]"
        ))
    })?;
    match parsed {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::String(s) => Ok(s),
                serde_json::Value::Null => Ok(String::new()),
                other => Err(err(format!(
                    "the JSON array must contain only strings, found {other}"
                ))),
            })
            .collect(),
        _ => Err(err(
            "expected a JSON array of strings, e.g. [\"--thread-pool-size=4\"]",
        )),
    }
}

pub(super) fn parse_json_list(runtime: Runtime, value: &str) -> Result<String, ValueError> {
    let parsed: serde_json::Value = serde_json::from_str(value).map_err(|e| {
        err(format!(
            "not valid JSON ({e}); {} expects a JSON array of objects",
            who(runtime)
        ))
    })?;
    match &parsed {
        serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_object) => {
            Ok(parsed.to_string())
        }
        serde_json::Value::Array(_) => {
            Err(err("every element of the JSON array must be an object"))
        }
        _ => Err(err(format!(
            "{} expects a JSON array of objects",
            who(runtime)
        ))),
    }
}

pub(super) fn parse_numa_mapping(runtime: Runtime, value: &str) -> Result<Vec<String>, ValueError> {
    let rt = who(runtime);
    let node = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse::<u64>().ok().filter(|&n| n <= i64::MAX as u64)
    };
    let mut items = Vec::new();
    for item in value.split_whitespace() {
        for element in item.split(',') {
            let ok = match element.split_once('-') {
                None => node(element).is_some(),
                Some((a, z)) => match (node(a), node(z)) {
                    (Some(a), Some(z)) if a <= z => true,
                    (Some(_), Some(_)) => {
                        return Err(err(format!(
                            "NUMA node range {} runs backwards; write the lower node first",
                            show(element)
                        )))
                    }
                    _ => false,
                },
            };
            if !ok {
                return Err(err(format!(
                    "{} in {} is not a NUMA node set; {rt} expects cpuset syntax such as `0`, `0-1` or `2,3`, items separated by spaces",
                    show(element),
                    show(item)
                )));
            }
        }
        items.push(item.to_string());
    }
    Ok(items)
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::kind::test_support::*;
    use crate::kind::{Kind, Parsed};

    #[test]
    fn lists() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::CommaList, rt, "a, b", true),
                Some(Parsed::List(vec!["a".into(), " b".into()]))
            );
            assert_eq!(
                check(Kind::SpaceList, rt, " a  b\t", true),
                Some(Parsed::List(vec!["a".into(), "b".into()]))
            );
            assert_eq!(
                check(Kind::SpaceList, rt, "", true),
                Some(Parsed::List(vec![]))
            );
        }
    }

    #[test]
    fn json_string_array_like_go_unmarshal() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::JsonStringArray, rt, r#"["--a", "b"]"#, true),
                Some(Parsed::List(vec!["--a".into(), "b".into()]))
            );
            assert_eq!(
                check(Kind::JsonStringArray, rt, "null", true),
                Some(Parsed::List(vec![]))
            );
            assert_eq!(
                check(Kind::JsonStringArray, rt, r#"["a", null]"#, true),
                Some(Parsed::List(vec!["a".into(), String::new()]))
            );
            table(
                Kind::JsonStringArray,
                rt,
                &[" [] "],
                &["[1]", r#""a""#, "[", "--a", "", r#"["a"] x"#, "{}"],
            );
        }
    }

    #[test]
    fn json_list_of_objects() {
        for rt in [GO, RS] {
            table(
                Kind::Json,
                rt,
                &[r#"[{"name":"x","src_ctr":"a"}]"#, "[]"],
                &["{}", "[1]", "x", "", "null"],
            );
        }
    }

    #[test]
    fn numa_mapping() {
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::NumaMapping, rt, " 0 1-2  3,4 0-1,4 ", true),
                Some(Parsed::List(vec![
                    "0".into(),
                    "1-2".into(),
                    "3,4".into(),
                    "0-1,4".into()
                ]))
            );
            table(
                Kind::NumaMapping,
                rt,
                &["", "1-1"],
                &["2-1", "a", "0,,1", "1-", "-1", "0 - 1", "0,", "+1", "1-2-3"],
            );
        }
    }
}
