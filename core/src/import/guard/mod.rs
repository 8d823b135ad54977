//! A pre-scan that bounds how deep flow collections (`[`, `{`) nest before
//! the text reaches libyaml.
//!
//! libyaml (inside serde_yaml) keeps one "simple key" slot per open flow
//! collection and walks every open slot for every token it scans. serde_yaml
//! loads a whole document into events before its own recursion limit (128)
//! applies, so a deep flow document costs depth × tokens first: 400 000
//! repetitions of `{a: ` (1.6 MB) took over nine minutes, 2 MB of `[` six
//! seconds. This scan rejects such text in linear time.
//!
//! The scan is a small non-deterministic automaton over libyaml's lexical
//! states (plain, quoted, comment, block scalar, anchor, tag; block or flow).
//! Where libyaml's choice depends on indentation the scan does not track (is
//! the next line a block scalar's content, or a plain scalar's continuation,
//! or a new token?), it follows every possibility at once, keeping per state
//! the range of flow depths it may have. The reported depth is therefore an
//! upper bound of libyaml's: text brackets can only raise it, never hide a
//! real one.

/// Deepest flow nesting the importer hands to libyaml. serde_yaml's own
/// recursion limit (128, block and flow levels together) rejects anything
/// deeper anyway, so a real manifest never comes close.
pub(crate) const MAX_FLOW_DEPTH: u32 = 128;

/// Where the scan stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// 1-based line of the bracket that went past the limit.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// Lexical states; each exists once in block context and once in flow context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    /// A token may start here.
    Tok,
    /// Inside a plain scalar, after a non-blank character.
    Plain,
    /// Inside a plain scalar, after a blank (a `#` here starts a comment).
    PlainBlank,
    /// A comment or directive, to the end of the line.
    Comment,
    /// A block scalar header (`|-`, `>2`), to the end of the line.
    Header,
    /// A line of block scalar content.
    Content,
    /// Inside `'...'`.
    Single,
    /// After the first quote of `''` inside `'...'`.
    SingleEsc,
    /// Inside `"..."`.
    Double,
    /// After a backslash inside `"..."`.
    DoubleEsc,
    /// An anchor or alias name.
    Name,
    /// A tag, up to the next blank.
    Tag,
    /// The rest of a `---` or `...` document marker.
    Marker,
}

const STATES: usize = 13;

impl S {
    const ALL: [S; STATES] = [
        S::Tok,
        S::Plain,
        S::PlainBlank,
        S::Comment,
        S::Header,
        S::Content,
        S::Single,
        S::SingleEsc,
        S::Double,
        S::DoubleEsc,
        S::Name,
        S::Tag,
        S::Marker,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// The states the automaton may be in: block states carry depth 0, flow
/// states a range of depths `lo..=hi` (`lo >= 1`).
#[derive(Clone, Copy)]
struct Set {
    /// Bit `i`: block state `i`; bit `STATES + i`: flow state `i`.
    mask: u32,
    flow: [Option<(u32, u32)>; STATES],
}

impl Set {
    const EMPTY: Set = Set {
        mask: 0,
        flow: [None; STATES],
    };

    fn add(&mut self, state: S, depth: Option<(u32, u32)>) {
        match depth {
            None => self.mask |= 1 << state.index(),
            Some((lo, hi)) => {
                self.mask |= 1 << (STATES + state.index());
                let slot = &mut self.flow[state.index()];
                *slot = Some(match *slot {
                    Some((l, h)) => (l.min(lo), h.max(hi)),
                    None => (lo, hi),
                });
            }
        }
    }

    fn max_depth(&self) -> u32 {
        self.flow
            .iter()
            .flatten()
            .map(|(_, hi)| *hi)
            .max()
            .unwrap_or(0)
    }

    /// Every state present: `(state, None)` in block context, `(state, Some(depths))` in flow.
    fn states(&self) -> impl Iterator<Item = (S, Option<(u32, u32)>)> + '_ {
        let mut bits = self.mask;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Some(if bit < STATES {
                (S::ALL[bit], None)
            } else {
                (S::ALL[bit - STATES], self.flow[bit - STATES])
            })
        })
    }
}

/// What follows the current character.
struct Ahead<'a> {
    rest: &'a str,
}

impl Ahead<'_> {
    fn next(&self) -> Option<char> {
        self.rest.chars().next()
    }

    /// libyaml's `IS_BLANKZ` on the next character: blank, break or end.
    fn blankz(&self) -> bool {
        self.next()
            .is_none_or(|c| is_blank(c) || is_break(c) || c == '\0')
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's line breaks: `\r`, `\n`, NEL, LS and PS.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Returns the deepest flow nesting libyaml could reach, or where it passes
/// [`MAX_FLOW_DEPTH`].
pub(crate) fn check(text: &str) -> Result<u32, TooDeep> {
    // Fast path: no more openers than the limit, no deeper nesting.
    let openers = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if openers <= MAX_FLOW_DEPTH as usize {
        return Ok(openers as u32);
    }
    scan(text)
}

/// The automaton itself, without the fast path.
fn scan(text: &str) -> Result<u32, TooDeep> {
    let mut set = Set::EMPTY;
    set.add(S::Tok, None);
    let mut deepest = 0;
    let (mut line, mut column) = (1usize, 0usize);
    for (index, c) in text.char_indices() {
        let ahead = Ahead {
            rest: &text[index + c.len_utf8()..],
        };
        let at_line_start = column == 0;
        column += 1;
        if c == '\r' && ahead.next() == Some('\n') {
            // CR LF is one break: let the LF do the work.
            continue;
        }
        let mut next = Set::EMPTY;
        if is_break(c) {
            for (state, depth) in set.states() {
                on_break(state, depth.is_some(), depth, &mut next);
            }
            line += 1;
            column = 0;
        } else {
            let marker = at_line_start
                && (text[index..].starts_with("---") || text[index..].starts_with("..."))
                && Ahead {
                    rest: &text[index + 3..],
                }
                .blankz();
            for (state, depth) in set.states() {
                // A document marker ends every block construct but a quoted scalar (an error there).
                let state = if depth.is_none() && marker && !matches!(state, S::Single | S::Double)
                {
                    S::Marker
                } else {
                    state
                };
                step(state, depth, c, &ahead, at_line_start, &mut next);
            }
        }
        set = next;
        let depth = if set.mask >> STATES == 0 {
            0
        } else {
            set.max_depth()
        };
        if depth > MAX_FLOW_DEPTH {
            return Err(TooDeep { line, column });
        }
        deepest = deepest.max(depth);
    }
    Ok(deepest)
}

/// A line break in `state`.
fn on_break(state: S, flow: bool, depth: Option<(u32, u32)>, next: &mut Set) {
    let same = |s: S, next: &mut Set| next.add(s, depth);
    match state {
        S::Single | S::Double => same(state, next),
        // `\` before a break continues the line.
        S::DoubleEsc => same(S::Double, next),
        S::Plain | S::PlainBlank if flow => same(S::PlainBlank, next),
        // The next line may continue the plain scalar, or start a token:
        // that depends on indentation, so follow both.
        S::Plain | S::PlainBlank => {
            same(S::PlainBlank, next);
            same(S::Tok, next);
        }
        // Same for block scalar content.
        S::Header | S::Content if !flow => {
            same(S::Content, next);
            same(S::Tok, next);
        }
        _ => same(S::Tok, next),
    }
}

/// One non-break character `c` in `state`.
fn step(
    state: S,
    depth: Option<(u32, u32)>,
    c: char,
    ahead: &Ahead<'_>,
    line_start: bool,
    next: &mut Set,
) {
    let flow = depth.is_some();
    let mut go = |s: S| next.add(s, depth);
    match state {
        S::Tok => token(depth, c, ahead, line_start, next),
        S::Plain | S::PlainBlank => {
            if is_blank(c) {
                go(S::PlainBlank);
            } else if c == '#' && state == S::PlainBlank {
                go(S::Comment);
            } else if c == ':'
                && (ahead.blankz() || (flow && ahead.next().is_some_and(is_flow_indicator)))
            {
                // The value indicator (or, in flow before an indicator, an error).
                go(S::Tok);
            } else if flow && is_flow_indicator(c) {
                token(depth, c, ahead, line_start, next);
            } else {
                go(S::Plain);
            }
        }
        S::Comment | S::Header | S::Content => go(state),
        S::Single => {
            if c == '\'' {
                go(if ahead.next() == Some('\'') {
                    S::SingleEsc
                } else {
                    S::Tok
                });
            } else {
                go(S::Single);
            }
        }
        S::SingleEsc => go(S::Single),
        S::Double => match c {
            '\\' => go(S::DoubleEsc),
            '"' => go(S::Tok),
            _ => go(S::Double),
        },
        S::DoubleEsc => go(S::Double),
        S::Name => {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                go(S::Name);
            } else {
                token(depth, c, ahead, line_start, next);
            }
        }
        S::Tag => go(if is_blank(c) { S::Tok } else { S::Tag }),
        S::Marker => {
            if c == '-' || c == '.' {
                go(S::Marker);
            } else {
                token(depth, c, ahead, line_start, next);
            }
        }
    }
}

fn is_flow_indicator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

/// `c` where a token may start (libyaml's `fetch_next_token`).
fn token(depth: Option<(u32, u32)>, c: char, ahead: &Ahead<'_>, line_start: bool, next: &mut Set) {
    let flow = depth.is_some();
    let mut go = |s: S| next.add(s, depth);
    match c {
        ' ' | '\t' => go(S::Tok),
        // A byte-order mark is skipped at a line start and starts a plain scalar elsewhere.
        '\u{feff}' => {
            go(S::Tok);
            go(S::Plain);
        }
        '#' => go(S::Comment),
        '[' | '{' => {
            let (lo, hi) = depth.unwrap_or((0, 0));
            next.add(S::Tok, Some((lo + 1, hi.saturating_add(1))));
        }
        ']' | '}' => match depth {
            Some((lo, hi)) => {
                if lo <= 1 {
                    next.add(S::Tok, None);
                }
                if hi >= 2 {
                    next.add(S::Tok, Some((lo.saturating_sub(1).max(1), hi - 1)));
                }
            }
            // A stray closer in block context is an error; carry on as a token start.
            None => go(S::Tok),
        },
        ',' => go(S::Tok),
        '-' if ahead.blankz() => go(S::Tok),
        '?' | ':' if flow || ahead.blankz() => go(S::Tok),
        '*' | '&' => go(S::Name),
        '!' => go(S::Tag),
        '|' | '>' if !flow => go(S::Header),
        '\'' => go(S::Single),
        '"' => go(S::Double),
        // A directive at the start of a line, to its end.
        '%' if line_start && !flow => go(S::Comment),
        // Characters that cannot start a token: libyaml stops with an error.
        '|' | '>' | '%' | '@' | '`' => go(S::Tok),
        _ => go(S::Plain),
    }
}

#[cfg(test)]
mod tests;
