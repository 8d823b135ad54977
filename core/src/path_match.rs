//! Go's `path.Match`, as containerd applies `pod_annotations`
//! (`GetPassthroughAnnotations` in containerd's CRI plugin): the rule for
//! which annotations reach the runtime. The validator (KA601) and the
//! containerd generator both use it, so it lives beside neither.

/// The `pod_annotations` pattern kata-deploy writes for every Kata handler
/// (and Kata's docs use): every `io.katacontainers.` key (none contains `/`).
/// The validator (KA601) and the containerd generator both read it here.
pub const KATA_WILDCARD: &str = "io.katacontainers.*";

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
    // kata-deploy's own pattern, asked about on every edit: a literal prefix
    // and one trailing `*`, which Go's `path.Match` takes as the prefix and
    // then any run of characters but `/`. Decided without compiling a glob.
    if let Some(prefix) = pattern.strip_suffix('*') {
        if !prefix.contains(['*', '?', '[', '\\']) {
            return key
                .strip_prefix(prefix)
                .is_some_and(|rest| !rest.contains('/'));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix-and-star shortcut gives Go's answers (`path.Match`, Go
    /// 1.22), the same as the glob route gives with a class in the pattern.
    #[test]
    fn a_prefix_and_a_star_match_as_go_does() {
        for (pattern, key, go) in [
            (
                "io.katacontainers.*",
                "io.katacontainers.config.hypervisor.x",
                true,
            ),
            ("io.katacontainers.*", "io.katacontainers.", true),
            ("io.katacontainers.*", "io.katacontainers", false),
            ("io.katacontainers.*", "io.katacontainers.x/y", false),
            ("io.katacontainers.*", "xio.katacontainers.x", false),
            ("a/*", "a/b", true),
            ("a/*", "a/b/c", false),
            ("*", "", true),
            ("*", "a/b", false),
            ("x]-*", "x]-y", true),
        ] {
            assert_eq!(path_match(pattern, key), go, "{pattern:?} {key:?}");
            // The same pattern with its first literal as a class goes the
            // glob way and must agree.
            if let Some(first) = pattern.chars().next().filter(|c| c.is_ascii_alphanumeric()) {
                let classed = format!("[{first}]{}", &pattern[first.len_utf8()..]);
                assert_eq!(path_match(&classed, key), go, "{classed:?} {key:?}");
            }
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
