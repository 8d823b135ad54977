//! The size profile in `docs/performance.md`: where the bytes of the app's
//! `.wasm` are, by crate, from `twiggy top` on the release build cargo leaves
//! in `target/` (before wasm-bindgen and wasm-opt, so names are still there;
//! wasm-opt shrinks every crate, so read the shares, not the byte counts).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// One item of `twiggy top --format json`.
struct Item {
    name: String,
    bytes: u64,
}

/// Items that never reach the browser: wasm-bindgen's metadata, its
/// describe functions and the name section (dropped by wasm-bindgen and wasm-opt).
fn is_build_only(name: &str) -> bool {
    name.starts_with("custom section")
        || name.contains("\"function names\" subsection")
        // wasm-bindgen's describe functions (and their exports) tell the CLI
        // the types; the CLI then deletes them.
        || name.contains("__wbindgen_describe")
}

/// The crate an item belongs to: the first path segment of its demangled
/// name, looking through `<T as Trait>` and `&`/`*` prefixes; data and
/// unnamed items are grouped by kind.
pub fn crate_of(name: &str) -> String {
    if name.starts_with("data segment") || name.starts_with("data[") {
        return "(data)".to_owned();
    }
    if name.starts_with("code[") || name.starts_with("elem[") || name.starts_with("import ") {
        return "(unnamed)".to_owned();
    }
    let path = strip_prefixes(name);
    // `<T as Trait>::f` for a generic or primitive `T`: the trait's crate.
    let path = match path.split_once(" as ") {
        Some((ty, rest)) if !ty.contains("::") => strip_prefixes(rest),
        _ => path,
    };
    let Some((head, _)) = path.split_once("::") else {
        return "(other)".to_owned();
    };
    // Symbol names may carry the crate's hash (`core[c5930c85a12de822]`);
    // inherent impls of primitives (`<str>::to_lowercase`) live in core.
    let head = head.split('[').next().unwrap_or(head).trim_end_matches('>');
    const PRIMITIVES: &[&str] = &[
        "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
        "isize", "f32", "f64", "char", "bool",
    ];
    if head.is_empty() || !head.chars().all(|c| c.is_alphanumeric() || c == '_') {
        "(other)".to_owned()
    } else if PRIMITIVES.contains(&head) {
        "core".to_owned()
    } else {
        head.to_owned()
    }
}

/// A name without leading `<`, `&`, `*`, `(`, `mut ` and `dyn `.
fn strip_prefixes(name: &str) -> &str {
    let mut rest = name;
    loop {
        let next = rest
            .trim_start_matches(['<', '&', '*', '(', ' '])
            .trim_start_matches("mut ")
            .trim_start_matches("dyn ");
        if next.len() == rest.len() {
            return rest;
        }
        rest = next;
    }
}

fn items(json: &str) -> Result<Vec<Item>, String> {
    let value: Value = serde_json::from_str(json).map_err(|e| format!("twiggy output: {e}"))?;
    let array = value
        .as_array()
        .ok_or_else(|| "twiggy output is not a list".to_owned())?;
    Ok(array
        .iter()
        .filter_map(|entry| {
            Some(Item {
                name: entry.get("name")?.as_str()?.to_owned(),
                bytes: entry.get("shallow_size")?.as_u64()?,
            })
        })
        .collect())
}

/// The Markdown page for `twiggy top --format json` output of `wasm_name`.
pub fn markdown(json: &str, wasm_name: &str) -> Result<String, String> {
    let items: Vec<Item> = items(json)?
        .into_iter()
        .filter(|i| !is_build_only(&i.name))
        .collect();
    let total: u64 = items.iter().map(|i| i.bytes).sum();
    if total == 0 {
        return Err("twiggy reported no code or data".to_owned());
    }
    let mut by_crate: BTreeMap<String, u64> = BTreeMap::new();
    for item in &items {
        *by_crate.entry(crate_of(&item.name)).or_default() += item.bytes;
    }
    let mut crates: Vec<(String, u64)> = by_crate.into_iter().collect();
    crates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut top: Vec<&Item> = items.iter().collect();
    top.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name)));

    let percent = |bytes: u64| bytes as f64 * 100.0 / total as f64;
    let mut out =
        format!("### `{wasm_name}`\n\nCode and data: {total} bytes.\n\n#### By crate\n\n");
    out.push_str("| crate | bytes | share |\n|---|---:|---:|\n");
    for (name, bytes) in crates.iter().take(30) {
        out.push_str(&format!(
            "| `{name}` | {bytes} | {:.1}% |\n",
            percent(*bytes)
        ));
    }
    let rest: u64 = crates.iter().skip(30).map(|(_, b)| b).sum();
    if rest > 0 {
        out.push_str(&format!(
            "| {} more | {rest} | {:.1}% |\n",
            crates.len() - 30,
            percent(rest)
        ));
    }
    out.push_str("\n#### Largest items\n\n| item | bytes | share |\n|---|---:|---:|\n");
    for item in top.iter().take(25) {
        let name = item.name.replace('|', "\\|");
        out.push_str(&format!(
            "| `{name}` | {} | {:.1}% |\n",
            item.bytes,
            percent(item.bytes)
        ));
    }
    Ok(out)
}

/// The `.wasm` files profiled, as cargo leaves them in `target/`: the app,
/// and the core library as last built (by `cargo xtask pkg`, the package's
/// `./validate` entry).
const PROFILED: &[(&str, &str)] = &[
    ("kata-configurator.wasm", "the configurator (first load)"),
    (
        "kata_annotations.wasm",
        "the npm package's `./validate` entry",
    ),
];

/// One section of the page: twiggy's profile of `file`.
fn section(env: &crate::process::ToolEnv, root: &Path, file: &str) -> Result<String, String> {
    let wasm = root
        .join("target/wasm32-unknown-unknown/release")
        .join(file);
    if !wasm.is_file() {
        return Err(format!(
            "{} is missing: build the release bundle and the package first",
            wasm.display()
        ));
    }
    let output = env
        .command("twiggy")
        .args(["top", "-n", "1000000", "--format", "json"])
        .arg(&wasm)
        .output()
        .map_err(|e| format!("twiggy: {e} (install it with `cargo install twiggy --locked`)"))?;
    if !output.status.success() {
        return Err(format!(
            "twiggy failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    markdown(&String::from_utf8_lossy(&output.stdout), file)
}

/// Runs twiggy on the app's and the validate entry's `.wasm` and writes
/// `docs/performance.md`, after `summary` (the figures the perf report
/// measured, written by hand when they change).
pub fn write(env: &crate::process::ToolEnv, root: &Path) -> Result<(), String> {
    let path = root.join("docs/performance.md");
    // The hand-written part above the marker stays; the profile below it is regenerated.
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let head = old
        .split_once(MARKER)
        .map_or("# Performance\n\n", |(head, _)| head)
        .to_owned();
    let mut text = format!(
        "{head}{MARKER}\n\nWritten by `cargo xtask perf` from `twiggy top` on the release builds \
         cargo leaves in `target/` before wasm-bindgen and wasm-opt (names are still there). \
         Build-only sections (wasm-bindgen metadata, the name section) are left out. wasm-opt -Oz \
         shrinks every crate afterwards, so read the shares, not the byte counts; the figures the \
         user downloads are in the perf report above.\n\n"
    );
    for (file, what) in PROFILED {
        text.push_str(&format!("Profile of {what}:\n\n"));
        text.push_str(&section(env, root, file)?);
        text.push('\n');
        if *file == "kata-configurator.wasm" {
            text.push_str(&crate::rodata::section(env, root)?);
            text.push('\n');
        }
    }
    std::fs::write(&path, text.trim_end().to_owned() + "\n")
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// The line that starts the generated part of `docs/performance.md`.
const MARKER: &str = "## Where the bytes are";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_their_crate() {
        assert_eq!(crate_of("serde_yaml::de::from_str::h1"), "serde_yaml");
        assert_eq!(
            crate_of("<kata_configurator::state::State as yew::Reducible>::reduce::h2"),
            "kata_configurator"
        );
        assert_eq!(
            crate_of("<&mut serde_json::Serializer as Foo>::x"),
            "serde_json"
        );
        assert_eq!(crate_of("data segment \".rodata\""), "(data)");
        assert_eq!(crate_of("code[12]"), "(unnamed)");
        assert_eq!(crate_of("memcpy"), "(other)");
        assert_eq!(crate_of("core[c5930c85a12de822]::num::flt2dec::x"), "core");
        assert_eq!(crate_of("<&T as core::fmt::Display>::fmt::h4"), "core");
        assert_eq!(crate_of("<str>::to_lowercase"), "core");
        assert_eq!(
            crate_of("<dlmalloc[e24a]::dlmalloc::Dlmalloc<A>>::malloc"),
            "dlmalloc"
        );
    }

    #[test]
    fn the_page_groups_by_crate_and_drops_build_only_sections() {
        let json = r#"[
            {"name":"custom section '__wasm_bindgen_unstable'","shallow_size":900,"shallow_size_percent":1.0},
            {"name":"\"function names\" subsection","shallow_size":800,"shallow_size_percent":1.0},
            {"name":"__wbindgen_describe___wbg_x","shallow_size":700,"shallow_size_percent":1.0},
            {"name":"serde_yaml::a::h1","shallow_size":60,"shallow_size_percent":1.0},
            {"name":"serde_yaml::b::h2","shallow_size":20,"shallow_size_percent":1.0},
            {"name":"toml::c::h3","shallow_size":20,"shallow_size_percent":1.0}
        ]"#;
        let page = markdown(json, "x.wasm").expect("renders");
        assert!(page.contains("Code and data: 100 bytes."), "{page}");
        assert!(page.starts_with("### `x.wasm`"), "{page}");
        assert!(page.contains("| `serde_yaml` | 80 | 80.0% |"), "{page}");
        assert!(!page.contains("__wasm_bindgen_unstable"), "{page}");
        assert!(markdown("[]", "x.wasm").is_err());
        assert!(markdown("not json", "x.wasm").is_err());
    }
}
