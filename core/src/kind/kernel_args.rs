//! Guest kernel arguments: `kernel_modules`, `kernel_params` and dm-verity parameters, split
//! by hand the way each runtime splits them.

use super::go_strconv::go_parse_uint10;
use super::{err, show, who, KernelModule, ValueError};
use crate::target::Runtime;

/// Go: split on `;`, each entry trimmed and split on whitespace; empty entries skipped.
pub(super) fn go_kernel_modules(value: &str) -> Vec<KernelModule> {
    value
        .split(';')
        .filter_map(|entry| {
            let mut words = entry.split_whitespace();
            let name = words.next()?.to_string();
            Some(KernelModule {
                name,
                params: words.map(str::to_string).collect(),
            })
        })
        .collect()
}

/// runtime-rs: split on `;` (no trimming; empty entries skipped); each entry split on single
/// spaces; a word containing `"` toggles "inside quotes", and words inside quotes are glued to
/// the previous parameter with a space.
pub(super) fn rs_kernel_modules(value: &str) -> Result<Vec<KernelModule>, ValueError> {
    let mut modules = Vec::new();
    for entry in value.split(';') {
        if entry.is_empty() {
            continue;
        }
        let mut name = String::new();
        let mut params: Vec<String> = Vec::new();
        let mut in_quote = false;
        for (index, word) in entry.split(' ').enumerate() {
            if index == 0 {
                name = word.to_string();
            } else if in_quote {
                if let Some(last) = params.last_mut() {
                    last.push(' ');
                    last.push_str(word);
                }
            } else {
                params.push(word.to_string());
            }
            if word.contains('"') {
                in_quote = !in_quote;
            }
        }
        if in_quote {
            let quotes = entry.matches('"').count();
            let why = if quotes % 2 == 0 {
                "runtime-rs toggles quoting once per word that contains `\"`, so a word with two quotes (like `p=\"x\"`) opens a quote that is never closed; quote only values that contain spaces, e.g. `p=\"a b\"`"
            } else {
                "the double quotes are unbalanced"
            };
            return Err(err(format!(
                "kernel module entry {} is rejected by runtime-rs: {why}",
                show(entry)
            )));
        }
        if name.is_empty() {
            return Err(err(format!(
                "runtime-rs does not trim module entries: {} starts with a space and makes a module with an empty name (e.g. `e1000e EEE=1; i915`); write `mod1 p=1;mod2` with no space after `;` and single spaces between words",
                show(entry)
            )));
        }
        if name.chars().any(char::is_whitespace) {
            return Err(err(format!(
                "runtime-rs splits module entries on single spaces only: in {} the module name would be {}; separate words with one space",
                show(entry),
                show(&name)
            )));
        }
        modules.push(KernelModule { name, params });
    }
    Ok(modules)
}

/// runtime-rs `split_kernel_params`: split on spaces outside double quotes; tokens trimmed.
fn rs_split_kernel_params(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    for c in value.chars() {
        if c == '"' {
            in_quote = !in_quote;
            current.push(c);
            continue;
        }
        if c == ' ' && !in_quote {
            let t = current.trim();
            if !t.is_empty() {
                out.push(t.to_string());
            }
            current.clear();
            continue;
        }
        current.push(c);
    }
    let t = current.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
    out
}

pub(super) fn parse_kernel_params(
    runtime: Runtime,
    value: &str,
) -> Result<Vec<(String, Option<String>)>, ValueError> {
    let tokens: Vec<String> = match runtime {
        Runtime::Go => value.split_whitespace().map(str::to_string).collect(),
        Runtime::Rust => rs_split_kernel_params(value),
    };
    let mut params = Vec::with_capacity(tokens.len());
    for token in tokens {
        let (key, val) = match token.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (token.clone(), None),
        };
        if key.is_empty() {
            return Err(err(format!(
                "kernel parameter {} has an empty name; {} accepts `key` or `key=value`",
                show(&token),
                who(runtime)
            )));
        }
        params.push((key, val));
    }
    Ok(params)
}

const VERITY_KEYS: [&str; 5] = [
    "root_hash",
    "salt",
    "data_blocks",
    "data_block_size",
    "hash_block_size",
];

/// Both runtimes' verity parsers (Go: src/runtime/virtcontainers/hypervisor.go:230-306,
/// runtime-rs: src/libs/kata-types/src/config/hypervisor/mod.rs:99-208, at 4.1.0):
/// blank means none, `,`-separated trimmed `key=value` fields, unknown keys
/// kept, the last of a repeated key wins. They differ on an empty key
/// (runtime-rs refuses `=x`) and an empty `root_hash` (Go refuses it).
pub(super) fn parse_verity(
    runtime: Runtime,
    value: &str,
) -> Result<Vec<(String, Option<String>)>, ValueError> {
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    let rt = who(runtime);
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    for field in value.split(',') {
        let field = field.trim();
        if field.is_empty() {
            continue;
        }
        let Some((key, val)) = field.split_once('=') else {
            return Err(err(format!(
                "kernel_verity_params entry {} is not `key=value`",
                show(field)
            )));
        };
        if runtime == Runtime::Rust && key.is_empty() {
            return Err(err(format!(
                "kernel_verity_params entry {} has an empty key; {rt} refuses it (\"Invalid kernel_verity_params entry\")",
                show(field)
            )));
        }
        pairs.push((key.to_string(), Some(val.to_string())));
    }
    // Later entries win, as with a map.
    let get = |k: &str| -> Option<&str> {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.as_deref())
    };
    for key in VERITY_KEYS {
        if get(key).is_none() {
            return Err(err(format!(
                "kernel_verity_params is missing `{key}`; {rt} needs root_hash, salt, data_blocks, data_block_size and hash_block_size"
            )));
        }
    }
    if runtime == Runtime::Go && get("root_hash").is_some_and(str::is_empty) {
        return Err(err("kernel_verity_params `root_hash` is empty"));
    }
    if get("salt").is_some_and(str::is_empty) {
        return Err(err(format!(
            "kernel_verity_params `salt` is empty; {rt} needs it"
        )));
    }
    for key in ["data_blocks", "data_block_size", "hash_block_size"] {
        let raw = get(key).unwrap_or_default();
        let n = match runtime {
            Runtime::Go => go_parse_uint10(raw).ok(),
            Runtime::Rust => raw.parse::<u64>().ok(),
        };
        let Some(n) = n else {
            return Err(err(format!(
                "kernel_verity_params `{key}` = {} is not an unsigned decimal integer",
                show(raw)
            )));
        };
        if n == 0 {
            return Err(err(format!(
                "kernel_verity_params `{key}` must be non-zero"
            )));
        }
        if key != "data_blocks" && n % 512 != 0 {
            return Err(err(format!(
                "kernel_verity_params `{key}` = {n} is not a multiple of 512"
            )));
        }
    }
    Ok(pairs)
}
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::kind::test_support::*;
    use crate::kind::{parse, Kind, Parsed};
    use crate::target::Runtime;

    fn modules(runtime: Runtime, input: &str) -> Vec<(String, Vec<String>)> {
        match check(Kind::KernelModules, runtime, input, true) {
            Some(Parsed::Modules(m)) => m.into_iter().map(|m| (m.name, m.params)).collect(),
            other => panic!("{other:?}"),
        }
    }

    fn m(name: &str, params: &[&str]) -> (String, Vec<String>) {
        (
            name.to_string(),
            params.iter().map(|p| p.to_string()).collect(),
        )
    }

    #[test]
    fn kernel_modules_go() {
        assert_eq!(
            modules(GO, "e1000e EEE=1; i915"),
            vec![m("e1000e", &["EEE=1"]), m("i915", &[])]
        );
        assert_eq!(modules(GO, ""), vec![]);
        assert_eq!(modules(GO, ";; ;"), vec![]);
        assert_eq!(
            modules(GO, "  a  b=1 \t c ; d"),
            vec![m("a", &["b=1", "c"]), m("d", &[])]
        );
        assert_eq!(modules(GO, "m p=\"a b\""), vec![m("m", &["p=\"a", "b\""])]);
    }

    #[test]
    fn kernel_modules_rust() {
        table(
            Kind::KernelModules,
            RS,
            &["", "a;", ";a", "a;;b", "mod1 p=1;mod2"],
            &[
                "e1000e EEE=1; i915",
                " i915",
                "m \"p",
                "m p=\"x\"",
                "m\tp=1",
                " ",
            ],
        );
        assert_eq!(
            modules(RS, "e1000e EEE=1;i915"),
            vec![m("e1000e", &["EEE=1"]), m("i915", &[])]
        );
        assert_eq!(
            modules(RS, "m p=\"a b\" q=1"),
            vec![m("m", &["p=\"a b\"", "q=1"])]
        );
        assert_eq!(modules(RS, "a  b"), vec![m("a", &["", "b"])]);
        let msg = parse(Kind::KernelModules, RS, "e1000e EEE=1; i915")
            .unwrap_err()
            .0;
        assert!(
            msg.contains("empty name") && msg.contains("mod1 p=1;mod2"),
            "{msg}"
        );
        let msg = parse(Kind::KernelModules, RS, "m p=\"x\"").unwrap_err().0;
        assert!(msg.contains("two quotes"), "{msg}");
    }

    #[test]
    fn kernel_params() {
        let expect = Parsed::Params(vec![
            ("a".into(), Some("1".into())),
            ("b".into(), None),
            ("c".into(), Some("d=e".into())),
            ("f".into(), Some(String::new())),
        ]);
        for rt in [GO, RS] {
            assert_eq!(
                check(Kind::KernelParams, rt, "a=1 b  c=d=e f=", true),
                Some(expect.clone())
            );
            table(Kind::KernelParams, rt, &["", "  "], &["=x", "=", "a =x"]);
        }
        // Go splits on any whitespace; runtime-rs on spaces only.
        assert_eq!(
            check(Kind::KernelParams, GO, "a=1\tb=2", true),
            Some(Parsed::Params(vec![
                ("a".into(), Some("1".into())),
                ("b".into(), Some("2".into()))
            ]))
        );
        assert_eq!(
            check(Kind::KernelParams, RS, "a=1\tb=2", true),
            Some(Parsed::Params(vec![("a".into(), Some("1\tb=2".into()))]))
        );
        // runtime-rs keeps quoted spaces together; Go does not.
        assert_eq!(
            check(Kind::KernelParams, RS, "x=\"a b\" y", true),
            Some(Parsed::Params(vec![
                ("x".into(), Some("\"a b\"".into())),
                ("y".into(), None)
            ]))
        );
        match check(Kind::KernelParams, GO, "x=\"a b\" y", true) {
            Some(Parsed::Params(p)) => assert_eq!(p.len(), 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kernel_verity_params() {
        let good = "root_hash=abc,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096";
        for rt in [GO, RS] {
            check(Kind::KernelVerityParams, rt, good, true);
            assert_eq!(
                check(Kind::KernelVerityParams, rt, "", true),
                Some(Parsed::Params(vec![]))
            );
            table(
                Kind::KernelVerityParams,
                rt,
                &[
                    "root_hash=abc, salt=def, data_blocks=8, data_block_size=512, hash_block_size=1024,",
                ],
                &[
                    "root_hash=abc,data_blocks=1,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=,data_blocks=1,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=0,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=1,data_block_size=1000,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=100",
                    "root_hash=abc,salt=def,data_blocks=x,data_block_size=4096,hash_block_size=4096",
                    "salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096",
                    "root_hash=abc,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096,badfield",
                ],
            );
        }
        // runtime-rs accepts an empty root_hash; Go refuses it (hypervisor.go:252-254).
        let empty_hash =
            "root_hash=,salt=def,data_blocks=1,data_block_size=4096,hash_block_size=4096";
        check(Kind::KernelVerityParams, GO, empty_hash, false);
        check(Kind::KernelVerityParams, RS, empty_hash, true);
        // Both keep unknown fields (Go hypervisor.go:245; kata-types
        // config/hypervisor/mod.rs:123, 4.1.0).
        let unknown = format!("{good},mode=kernelinit");
        check(Kind::KernelVerityParams, GO, &unknown, true);
        check(Kind::KernelVerityParams, RS, &unknown, true);
        // An empty key: Go keeps it, runtime-rs refuses the entry (mod.rs:117-122).
        let empty_key = format!("{good},=x");
        check(Kind::KernelVerityParams, GO, &empty_key, true);
        check(Kind::KernelVerityParams, RS, &empty_key, false);
        // Number syntax follows each runtime's integer parser.
        let plus = "root_hash=a,salt=b,data_blocks=+1,data_block_size=512,hash_block_size=512";
        check(Kind::KernelVerityParams, GO, plus, false);
        check(Kind::KernelVerityParams, RS, plus, true);
        // Whitespace only parses to nothing in both (hypervisor.go:232-234).
        check(Kind::KernelVerityParams, GO, "  ", true);
        check(Kind::KernelVerityParams, RS, "  ", true);
    }
}
