//! The containerd runtime table for the RuntimeClass handler, in the syntax
//! of the config `version` it goes into, and containerd's way of deciding
//! which pod annotations reach Kata (fact sheet §4).
//!
//! containerd copies a pod annotation into the OCI spec of the sandbox and
//! of every container when one of the handler's `pod_annotations` patterns
//! matches the key with Go's `path.Match` ([`path_match`]). Only what is
//! copied reaches Kata.

use std::collections::BTreeMap;

use serde::Serialize;

use super::kata::{self, Shim};
use super::registry::{file_name_part, Output, Placement, Tab};
use super::setting::Setting;
use crate::request::{Forwarding, Request};
use crate::Error;

/// The pattern kata-deploy and Kata's docs use: every `io.katacontainers.`
/// key (none contains `/`).
pub const KATA_WILDCARD: &str = "io.katacontainers.*";

/// The `runtime_type` for Kata's shim v2 (`containerd-shim-kata-v2`).
pub const RUNTIME_TYPE: &str = "io.containerd.kata.v2";

/// The config versions [`snippet`] writes, each with the containerd
/// releases that read it (a user picks by release, not by version).
pub const CONFIG_VERSIONS: [(u8, &str); 4] = [
    (1, "1 (containerd 1.3+)"),
    (2, "2 (containerd 1.3–1.7)"),
    (3, "3 (containerd 2.0+)"),
    (4, "4 (containerd 2.3+)"),
];

/// What a forwarding mode puts in `pod_annotations`, for a form.
pub fn forwarding_label(forwarding: Forwarding) -> &'static str {
    match forwarding {
        Forwarding::Exact => "exactly the selected keys",
        Forwarding::Wildcard => "io.katacontainers.* wildcard",
    }
}

/// The containerd snippet in the output list.
pub const OUTPUT: Output = Output {
    id: "containerd",
    title: "containerd runtime",
    tab: Tab::CONTAINERD,
    media_type: "application/toml",
    file_name,
    placement,
    settings: &[
        Setting::ConfigVersion,
        Setting::Forwarding,
        Setting::Handler,
        Setting::RuntimePath,
        Setting::ConfigPath,
    ],
    generate: snippet,
};

/// `containerd-<handler>.toml`.
fn file_name(request: &Request) -> String {
    format!(
        "containerd-{}.toml",
        file_name_part(&request.containerd.handler)
    )
}

fn placement(_: &Request) -> Placement {
    Placement {
        path: Some("/etc/containerd/config.toml".into()),
        how: "Merge the table into it on every node (its version line must match), then restart \
              containerd. The RuntimeClass handler must be the same name."
            .into(),
    }
}

/// One element of a parsed Go `path.Match` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A character that matches itself (escaped or not).
    Literal(char),
    /// `*`: any run of characters other than `/`.
    Star,
    /// `?`: one character other than `/`.
    Any,
    /// `[...]` or `[^...]`: inclusive ranges (a single character is `c-c`).
    Class {
        /// `[^...]`.
        negated: bool,
        /// The ranges as written; `lo > hi` is valid and matches nothing.
        ranges: Vec<(char, char)>,
    },
}

/// Reads one class character as Go's `getEsc` does: `-` and `]` must be
/// escaped, `\` escapes the next character, and the class must go on after it.
fn class_char(chars: &[char], i: &mut usize) -> Option<char> {
    let mut c = *chars.get(*i)?;
    if c == '-' || c == ']' {
        return None;
    }
    if c == '\\' {
        *i += 1;
        c = *chars.get(*i)?;
    }
    *i += 1;
    // Go: "if len(nchunk) == 0 { err = ErrBadPattern }".
    (*i < chars.len()).then_some(c)
}

/// Parses a pattern with Go `path.Match` syntax; `None` when Go would return
/// `ErrBadPattern` (containerd then skips the pattern: it matches nothing).
fn parse(pattern: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => {
                // Go treats `**` as two stars; glob would read it as `**`.
                if tokens.last() != Some(&Token::Star) {
                    tokens.push(Token::Star);
                }
                i += 1;
            }
            '?' => {
                tokens.push(Token::Any);
                i += 1;
            }
            '\\' => {
                tokens.push(Token::Literal(*chars.get(i + 1)?));
                i += 2;
            }
            '[' => {
                i += 1;
                let negated = chars.get(i) == Some(&'^');
                if negated {
                    i += 1;
                }
                let mut ranges = Vec::new();
                loop {
                    if chars.get(i) == Some(&']') && !ranges.is_empty() {
                        i += 1;
                        break;
                    }
                    let lo = class_char(&chars, &mut i)?;
                    let mut hi = lo;
                    if chars.get(i) == Some(&'-') {
                        i += 1;
                        hi = class_char(&chars, &mut i)?;
                    }
                    ranges.push((lo, hi));
                }
                tokens.push(Token::Class { negated, ranges });
            }
            c => {
                tokens.push(Token::Literal(c));
                i += 1;
            }
        }
    }
    Some(tokens)
}

/// A character written so that glob reads it literally.
fn glob_literal(c: char, out: &mut String) {
    if matches!(c, '*' | '?' | '[') {
        out.push('[');
        out.push(c);
        out.push(']');
    } else {
        out.push(c);
    }
}

/// Splits `ranges` into the ranges left after removing `c`, and whether `c`
/// was in them.
fn take_char(ranges: Vec<(char, char)>, c: char) -> (Vec<(char, char)>, bool) {
    let mut found = false;
    let mut rest = Vec::new();
    for (lo, hi) in ranges {
        if lo <= c && c <= hi {
            found = true;
            if let Some(before) = char::from_u32(c as u32 - 1).filter(|b| lo <= *b) {
                rest.push((lo, before));
            }
            if let Some(after) = char::from_u32(c as u32 + 1).filter(|a| *a <= hi) {
                rest.push((after, hi));
            }
        } else {
            rest.push((lo, hi));
        }
    }
    (rest, found)
}

/// A Go class as a glob pattern piece that matches the same characters
/// other than `/`; `None` when that set is empty.
///
/// glob's class syntax differs: `[!` negates (Go: `[^`), `]` may only come
/// first, `!` may not come first, `x-y` is a range anywhere and there is no
/// escaping. So `]`, `-` and `!` are taken out of the ranges and put where
/// glob reads them literally: `]` first, `!` after the ranges, `-` last.
fn glob_class(negated: bool, ranges: &[(char, char)]) -> Option<String> {
    let ranges: Vec<(char, char)> = ranges.iter().copied().filter(|(l, h)| l <= h).collect();
    // `/` never matches here (glob requires a literal separator); the caller
    // adds the variant where the class stands for `/`.
    let (ranges, _) = take_char(ranges, '/');
    let (ranges, close) = take_char(ranges, ']');
    let (ranges, dash) = take_char(ranges, '-');
    let (ranges, bang) = take_char(ranges, '!');
    if ranges.is_empty() && !close && !dash && !bang {
        // Negated and empty: any character but `/`. Not negated: nothing.
        return negated.then(|| "?".to_owned());
    }
    if !negated && !close && !dash && ranges.is_empty() {
        // Only `!`: `[!]` would read as a negation in glob.
        return Some("!".to_owned());
    }
    if !negated && !close && !dash && !bang && ranges.len() == 1 && ranges[0].0 == ranges[0].1 {
        let mut out = String::new();
        glob_literal(ranges[0].0, &mut out);
        return Some(out);
    }
    let mut out = String::from("[");
    if negated {
        out.push('!');
    }
    if close {
        out.push(']');
    }
    let mut body = String::new();
    for (lo, hi) in &ranges {
        body.push(*lo);
        if lo != hi {
            body.push('-');
            body.push(*hi);
        }
    }
    if !negated && !close && body.is_empty() && bang {
        // `!` may not open a plain class: lead with `-` (then `!` is literal).
        out.push_str("-!");
    } else {
        out.push_str(&body);
        if bang {
            out.push('!');
        }
        if dash {
            out.push('-');
        }
    }
    out.push(']');
    Some(out)
}

/// Whether a class token can match `/` in Go (glob's version never does).
fn class_matches_slash(negated: bool, ranges: &[(char, char)]) -> bool {
    let listed = ranges.iter().any(|(lo, hi)| *lo <= '/' && '/' <= *hi);
    listed != negated
}

/// Writes the glob pattern for `tokens`, where the classes whose indexes are
/// in `as_slash` stand for a literal `/`. `None` when some class can match
/// nothing in this variant.
fn glob_pattern(tokens: &[Token], as_slash: &[usize]) -> Option<String> {
    let mut out = String::new();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Token::Literal(c) => glob_literal(*c, &mut out),
            Token::Star => out.push('*'),
            Token::Any => out.push('?'),
            Token::Class { .. } if as_slash.contains(&index) => out.push('/'),
            Token::Class { negated, ranges } => out.push_str(&glob_class(*negated, ranges)?),
        }
    }
    Some(out)
}

/// Calls `f` with every `k`-element subset of `items[start..]` (added to
/// `chosen`), until it returns true.
fn any_subset(
    items: &[usize],
    k: usize,
    start: usize,
    chosen: &mut Vec<usize>,
    f: &dyn Fn(&[usize]) -> bool,
) -> bool {
    if chosen.len() == k {
        return f(chosen);
    }
    for i in start..items.len() {
        if items.len() - i < k - chosen.len() {
            break;
        }
        chosen.push(items[i]);
        if any_subset(items, k, i + 1, chosen, f) {
            return true;
        }
        chosen.pop();
    }
    false
}

/// Go's `path.Match(pattern, key)` as containerd uses it for
/// `pod_annotations`: the whole key must match; `*` matches any run of
/// characters other than `/`, `?` one character other than `/`; `[...]` and
/// `[^...]` are character classes with ranges; `\` escapes the next
/// character. A malformed pattern (e.g. an unclosed `[`) is an error in Go,
/// which containerd ignores: it matches nothing here.
///
/// Built over `glob::Pattern` with `require_literal_separator`, after
/// translating what glob reads differently: Go's `[^` is glob's `[!`; `\`
/// escapes in Go and is literal in glob (escaped characters become literals,
/// metacharacters bracketed); `**` is recursive in glob and two stars in Go
/// (collapsed to one); glob's classes never match `/` while Go's can, so a
/// class that can match `/` is also tried as a literal `/` (once per `/` of
/// the key that no literal `/` of the pattern accounts for); Go's syntax
/// errors (`[]`, an unescaped `-` or `]` opening a range, a trailing `\`,
/// an empty class) are checked here first, since glob accepts some of them.
///
/// ```
/// use kata_annotations::render::containerd::path_match;
/// assert!(path_match("io.katacontainers.*", "io.katacontainers.config.hypervisor.default_memory"));
/// assert!(!path_match("io.katacontainers.*", "sgx.intel.com/epc"));
/// assert!(!path_match("io.katacontainers.*", "io.katacontainers"));
/// assert!(!path_match("io.katacontainers.[", "io.katacontainers.["));
/// ```
pub fn path_match(pattern: &str, key: &str) -> bool {
    let Some(tokens) = parse(pattern) else {
        return false;
    };
    let literal_slashes = tokens.iter().filter(|t| **t == Token::Literal('/')).count();
    let key_slashes = key.matches('/').count();
    let Some(needed) = key_slashes.checked_sub(literal_slashes) else {
        return false;
    };
    let slash_classes: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t, Token::Class { negated, ranges } if class_matches_slash(*negated, ranges)))
        .map(|(i, _)| i)
        .collect();
    if needed > slash_classes.len() {
        return false;
    }
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let try_variant = |as_slash: &[usize]| {
        glob_pattern(&tokens, as_slash)
            .and_then(|p| glob::Pattern::new(&p).ok())
            .is_some_and(|p| p.matches_with(key, options))
    };
    any_subset(&slash_classes, needed, 0, &mut Vec::new(), &try_variant)
}

/// Whether containerd forwards `key` given the handler's `pod_annotations`.
pub fn forwarded(patterns: &[String], key: &str) -> bool {
    patterns.iter().any(|p| path_match(p, key))
}

/// A key written as a `path.Match` pattern that matches only that key.
pub fn escape(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if matches!(c, '*' | '?' | '[' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `pod_annotations` list for the request: the selected keys, sorted
/// (exact forwarding), or [`KATA_WILDCARD`] plus every selected key it does
/// not cover (wildcard forwarding).
pub fn pod_annotations(request: &Request) -> Vec<String> {
    let keys = request.annotations.keys();
    match request.containerd.forwarding {
        Forwarding::Exact => keys.map(|k| escape(k)).collect(),
        Forwarding::Wildcard => {
            let wildcard = [KATA_WILDCARD.to_owned()];
            let mut list = wildcard.to_vec();
            list.extend(keys.filter(|k| !forwarded(&wildcard, k)).map(|k| escape(k)));
            list
        }
    }
}

/// The runtime table's `options`.
#[derive(Debug, Serialize)]
struct Options {
    #[serde(rename = "ConfigPath")]
    config_path: String,
}

/// `[... .containerd.runtimes.<handler>]`.
#[derive(Debug, Serialize)]
struct RuntimeTable {
    runtime_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    runtime_path: Option<&'static str>,
    pod_annotations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Options>,
}

#[derive(Debug, Serialize)]
struct Runtimes {
    runtimes: BTreeMap<String, RuntimeTable>,
}

#[derive(Debug, Serialize)]
struct Plugin {
    containerd: Runtimes,
}

#[derive(Debug, Serialize)]
struct Document {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    plugins: BTreeMap<&'static str, Plugin>,
}

/// The CRI plugin that holds the runtime tables in config `version`, the
/// `version` line to write, and what the version is for.
fn plugin_for(version: u8) -> Result<(&'static str, Option<u8>, &'static str), Error> {
    match version {
        1 => Ok(("cri", None, "config version 1 (no `version` line; pod_annotations needs containerd 1.3+; 2.x migrates it)")),
        2 => Ok(("io.containerd.grpc.v1.cri", Some(2), "config version 2 (containerd 1.3 to 1.7; 2.x still reads it)")),
        3 => Ok(("io.containerd.cri.v1.runtime", Some(3), "config version 3 (containerd 2.0+)")),
        4 => Ok(("io.containerd.cri.v1.runtime", Some(4), "config version 4 (containerd 2.3+; same runtime table as version 3)")),
        other => Err(Error::InvalidRequest(format!(
            "containerd config version {other} does not exist; use 1, 2, 3 or 4"
        ))),
    }
}

/// The runtime table for `request.containerd.handler` in the syntax of
/// `request.containerd.config_version`, with comments on what it forwards.
pub fn snippet(request: &Request) -> Result<String, Error> {
    let options = &request.containerd;
    let handler = options.handler.trim();
    if handler.is_empty() {
        return Err(Error::InvalidRequest(
            "the containerd handler (the RuntimeClass handler) is empty".into(),
        ));
    }
    let (plugin, version, about) = plugin_for(options.config_version)?;
    let shim = Shim::for_target(request.target());
    let pod_annotations = pod_annotations(request);

    let mut lines = vec![
        format!(
            "containerd runtime handler \"{handler}\" ({}, [hypervisor.{}]),",
            request.runtime.label(),
            request.hypervisor.table()
        ),
        format!("{about}."),
        "Merge it into /etc/containerd/config.toml of the same config version (or into a file"
            .to_owned(),
        "that config imports), then restart containerd. The RuntimeClass handler must match."
            .to_owned(),
        "pod_annotations holds Go path.Match patterns: containerd copies a pod annotation into"
            .to_owned(),
        "the specs Kata reads only when a pattern matches its whole key.".to_owned(),
    ];
    let selected = request.annotations.len();
    match options.forwarding {
        Forwarding::Exact if selected == 0 => {
            lines.push("No annotation selected: containerd forwards none.".to_owned());
        }
        Forwarding::Exact => lines.push(format!(
            "Forwards exactly the {selected} selected key{}; list any key you add later here too.",
            if selected == 1 { "" } else { "s" }
        )),
        Forwarding::Wildcard => {
            lines.push(format!(
                "{KATA_WILDCARD} forwards every io.katacontainers. key, including runtime, agent and"
            ));
            lines.push(
                "container keys that no Kata setting gates. It stops at `/`, so selected keys with a"
                    .to_owned(),
            );
            lines.push(
                "`/` (such as sgx.intel.com/epc) and keys outside it are listed too.".to_owned(),
            );
        }
    }
    if !options.config_path {
        lines.push(
            "Without options.ConfigPath the shim reads its default configuration; kata-deploy's is"
                .to_owned(),
        );
        lines.push(format!("  {}", shim.config_path()));
    }
    if options.runtime_path || options.config_path {
        lines.extend(kata::shim_notes(request));
    }

    let table = RuntimeTable {
        runtime_type: RUNTIME_TYPE,
        runtime_path: options.runtime_path.then(|| shim.runtime_path()),
        pod_annotations,
        options: options.config_path.then(|| Options {
            config_path: shim.config_path(),
        }),
    };
    let document = Document {
        version,
        plugins: BTreeMap::from([(
            plugin,
            Plugin {
                containerd: Runtimes {
                    runtimes: BTreeMap::from([(handler.to_owned(), table)]),
                },
            },
        )]),
    };
    let body = toml::to_string_pretty(&document)?;
    let mut out = super::comment_block(&lines);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_config_versions_are_the_written_ones() {
        for (version, label) in CONFIG_VERSIONS {
            assert!(plugin_for(version).is_ok(), "{version}");
            assert!(
                label.starts_with(&format!("{version} (containerd ")),
                "{label}"
            );
        }
        for version in [0, 5, 255] {
            assert!(plugin_for(version).is_err(), "{version}");
        }
    }

    #[test]
    fn go_syntax_errors_match_nothing() {
        for pattern in [
            "[", "a[", "[]", "[^]", "[a", "[a-", "[a-]", "[-a]", "[]a]", "a\\", "[\\", "[a\\",
        ] {
            assert!(parse(pattern).is_none(), "{pattern:?} should be malformed");
            assert!(!path_match(pattern, pattern), "{pattern:?}");
        }
    }

    #[test]
    fn classes_translate_to_equivalent_glob() {
        assert_eq!(glob_class(false, &[('a', 'c')]).as_deref(), Some("[a-c]"));
        assert_eq!(glob_class(true, &[('a', 'c')]).as_deref(), Some("[!a-c]"));
        assert_eq!(glob_class(false, &[('!', '!')]).as_deref(), Some("!"));
        assert_eq!(
            glob_class(false, &[('!', '!'), ('-', '-')]).as_deref(),
            Some("[-!]")
        );
        assert_eq!(
            glob_class(false, &[(']', ']'), ('a', 'a')]).as_deref(),
            Some("[]a]")
        );
        assert_eq!(glob_class(false, &[('*', '*')]).as_deref(), Some("[*]"));
        assert_eq!(glob_class(false, &[('b', 'a')]), None);
        assert_eq!(glob_class(true, &[('b', 'a')]).as_deref(), Some("?"));
    }

    #[test]
    fn escaped_keys_match_only_themselves() {
        for key in ["a*b", "a?b", "a[b", "a\\b", "io.katacontainers.x"] {
            let pattern = escape(key);
            assert!(path_match(&pattern, key), "{pattern:?}");
            assert!(!path_match(&pattern, "axb"), "{pattern:?}");
        }
    }
}
