//! `io.katacontainers.config.runtime.shared_mounts` as runtime-rs reads it:
//! `serde_json::from_str::<Vec<SharedMount>>` (kata-types
//! `annotations/mod.rs:1145-1147`) into a struct that denies unknown fields
//! (`config/shared_mount.rs:10-39`), then `SharedMount::validate`
//! (`shared_mount.rs:42-103`, all at 4.1.0).

use serde::Deserialize;

/// One entry, with kata-types' field names.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedMount {
    #[serde(default)]
    name: String,
    #[serde(default)]
    src_ctr: String,
    #[serde(default)]
    src_path: String,
    #[serde(default)]
    dst_ctr: String,
    #[serde(default)]
    dst_path: String,
}

/// Whether a path is what `^(/[-\w.]+)+/?$` accepts: absolute, no empty
/// segment, each segment word characters, `-` or `.`.
fn is_clean_path(path: &str) -> bool {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let Some(rest) = trimmed.strip_prefix('/') else {
        return false;
    };
    !rest.is_empty()
        && rest.split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
        })
}

/// The error runtime-rs gives the value, if any.
pub(crate) fn error(value: &str) -> Option<String> {
    let mounts: Vec<SharedMount> = match serde_json::from_str(value) {
        Ok(mounts) => mounts,
        Err(e) => return Some(e.to_string()),
    };
    for mount in &mounts {
        let fields = [
            ("name", &mount.name),
            ("src_ctr", &mount.src_ctr),
            ("dst_ctr", &mount.dst_ctr),
            ("src_path", &mount.src_path),
            ("dst_path", &mount.dst_path),
        ];
        if let Some((field, _)) = fields.iter().find(|(_, v)| v.is_empty()) {
            return Some(format!("shared_mount: field '{field}' couldn't be empty."));
        }
        for (field, path) in [("src_path", &mount.src_path), ("dst_path", &mount.dst_path)] {
            if !is_clean_path(path) {
                return Some(format!(
                    "shared_mount '{}': {field} is invalid. It must be an absolute path of letters, digits, `_`, `-` and `.`.",
                    mount.name
                ));
            }
            if path.split('/').any(|segment| segment == "..") {
                return Some(format!(
                    "shared_mount '{}': {field} couldn't contain '..' directory.",
                    mount.name
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        r#"[{"name":"m","src_ctr":"a","src_path":"/d","dst_ctr":"b","dst_path":"/d/"}]"#;

    #[test]
    fn accepts_what_kata_types_accepts() {
        for value in [
            "[]",
            GOOD,
            r#"[{"name":"m","src_ctr":"a","src_path":"/a/./b","dst_ctr":"b","dst_path":"/données"}]"#,
        ] {
            assert_eq!(error(value), None, "{value}");
        }
    }

    #[test]
    fn refuses_what_kata_types_refuses() {
        for (value, needle) in [
            (r#"[{"name":"m"}]"#, "'src_ctr' couldn't be empty"),
            (
                r#"[{"name":"","src_ctr":"a","src_path":"/d","dst_ctr":"b","dst_path":"/d"}]"#,
                "'name'",
            ),
            (
                r#"[{"name":"m","src_ctr":"a","src_path":"/d","dst_ctr":"b","dst_path":"/d","extra":1}]"#,
                "unknown field",
            ),
            (
                r#"[{"name":1,"src_ctr":"a","src_path":"/d","dst_ctr":"b","dst_path":"/d"}]"#,
                "invalid type",
            ),
            (
                r#"[{"name":"m","name":"n","src_ctr":"a","src_path":"/d","dst_ctr":"b","dst_path":"/d"}]"#,
                "duplicate field",
            ),
            (
                r#"[{"name":"m","src_ctr":"a","src_path":"d","dst_ctr":"b","dst_path":"/d"}]"#,
                "src_path is invalid",
            ),
            (
                r#"[{"name":"m","src_ctr":"a","src_path":"/a b","dst_ctr":"b","dst_path":"/d"}]"#,
                "src_path is invalid",
            ),
            (
                r#"[{"name":"m","src_ctr":"a","src_path":"/a//b","dst_ctr":"b","dst_path":"/d"}]"#,
                "src_path is invalid",
            ),
            (
                r#"[{"name":"m","src_ctr":"a","src_path":"/a/../b","dst_ctr":"b","dst_path":"/d"}]"#,
                "'..'",
            ),
            ("null", "invalid type"),
            ("{}", "invalid type"),
        ] {
            let got = error(value).unwrap_or_default();
            assert!(got.contains(needle), "{value}: {got}");
        }
    }
}
