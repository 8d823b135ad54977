//! The scan against hand-picked texts, and against a model of libyaml's nesting.

use super::*;

fn depth(text: &str) -> u32 {
    check(text).unwrap_or(u32::MAX)
}

/// Pads `text` with enough balanced brackets in a comment-free string to
/// leave the fast path.
fn slow(text: &str) -> String {
    format!("pad: '{}'\n{text}", "[".repeat(200))
}

#[test]
fn counts_flow_nesting() {
    assert_eq!(depth(&slow("a: [[1, {b: [2]}]]\n")), 4);
    assert_eq!(depth(&slow("a: b\n")), 0);
}

#[test]
fn brackets_in_quotes_comments_and_plain_text_do_not_count() {
    assert_eq!(
        depth(&slow("a: \"[[[[\"\nb: '{{{'\nc: x [[[ y\n# [[[[\n")),
        0
    );
    assert_eq!(depth(&slow("a: ['[[', \"]]\", x]\n")), 1);
}

#[test]
fn closers_in_strings_do_not_hide_depth() {
    let text = slow(&format!("a: {}\n", "[ \"]\" ".repeat(300)));
    assert!(check(&text).is_err());
}

#[test]
fn deep_flow_is_rejected_with_a_position() {
    let err = check(&"{a: ".repeat(1000)).expect_err("too deep");
    assert_eq!(err.line, 1);
    assert_eq!(err.column, 4 * 128 + 1);
    assert!(check(&"[".repeat(2_000_000)).is_err());
}

#[test]
fn block_scalar_text_may_be_structure_so_it_counts() {
    // Whether `[` on the second line is text or a token depends on indentation:
    // the scan assumes the worst.
    let text = slow(&format!("a: |\n  {}\n", "[".repeat(200)));
    assert!(check(&text).is_err());
}

#[test]
fn document_markers_and_byte_order_marks_reset_to_a_token_start() {
    let text = slow(&format!("a: x\n--- {}\n", "[".repeat(200)));
    assert!(check(&text).is_err());
    let text = slow(&format!("\u{feff}{}\n", "[".repeat(200)));
    assert!(check(&text).is_err());
}

/// Random valid YAML with a known flow depth: the scan never reports less
/// than libyaml nests (libyaml's depth is known by construction; serde_yaml
/// confirms the text is valid).
#[cfg(not(target_arch = "wasm32"))]
mod differential {
    use proptest::prelude::*;

    use super::super::scan;

    #[derive(Debug, Clone)]
    enum Tree {
        Plain(String),
        Single(String),
        Double(String),
        Literal(Vec<String>),
        FlowSeq(Vec<Tree>),
        FlowMap(Vec<(String, Tree)>),
        BlockSeq(Vec<Tree>),
        BlockMap(Vec<(String, Tree)>),
    }

    fn word() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9]{0,5}"
    }

    /// Text that is tricky for a lexer: brackets, quotes, hashes.
    fn tricky() -> impl Strategy<Value = String> {
        "[a-z \\[\\]{}#'\",:|>&*!-]{0,12}"
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = prop_oneof![
            (word(), "[a-z0-9'\"#\\[\\]{}]{0,6}")
                .prop_map(|(w, rest)| Tree::Plain(format!("{w}{rest}"))),
            tricky().prop_map(Tree::Single),
            tricky().prop_map(Tree::Double),
            proptest::collection::vec(tricky(), 1..4).prop_map(Tree::Literal),
        ];
        leaf.prop_recursive(8, 64, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Tree::FlowSeq),
                proptest::collection::vec((word(), inner.clone()), 0..4).prop_map(Tree::FlowMap),
                proptest::collection::vec(inner.clone(), 1..4).prop_map(Tree::BlockSeq),
                proptest::collection::vec((word(), inner), 1..4).prop_map(Tree::BlockMap),
            ]
        })
    }

    fn single(s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    fn double(s: &str) -> String {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }

    /// Renders `tree` in flow context; returns the deepest flow level inside.
    fn flow(tree: &Tree, depth: u32, out: &mut String) -> u32 {
        match tree {
            Tree::Plain(p) => {
                // Flow plain scalars cannot hold flow indicators; quote instead.
                if p.contains(['[', ']', '{', '}', ',', '#', '\'', '"']) {
                    out.push_str(&double(p));
                } else {
                    out.push_str(p);
                }
                depth
            }
            Tree::Single(s) => {
                out.push_str(&single(s));
                depth
            }
            Tree::Double(s) => {
                out.push_str(&double(s));
                depth
            }
            Tree::Literal(lines) => {
                out.push_str(&double(&lines.join(" ")));
                depth
            }
            Tree::FlowSeq(items) | Tree::BlockSeq(items) => {
                out.push('[');
                let mut deepest = depth + 1;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(if i % 2 == 0 { ", " } else { ",\n  # [[ \"\n  " });
                    }
                    deepest = deepest.max(flow(item, depth + 1, out));
                }
                out.push(']');
                deepest
            }
            Tree::FlowMap(pairs) | Tree::BlockMap(pairs) => {
                out.push('{');
                let mut deepest = depth + 1;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str(": ");
                    deepest = deepest.max(flow(v, depth + 1, out));
                }
                out.push('}');
                deepest
            }
        }
    }

    /// Renders `tree` as a block value at `indent`, after `key:` or `-`.
    fn block(tree: &Tree, indent: usize, out: &mut String) -> u32 {
        let pad = " ".repeat(indent);
        match tree {
            Tree::Plain(p) => {
                out.push(' ');
                out.push_str(p);
                out.push_str(" # ]] '\n");
                0
            }
            Tree::Single(s) => {
                out.push(' ');
                out.push_str(&single(s));
                out.push('\n');
                0
            }
            Tree::Double(s) => {
                out.push(' ');
                out.push_str(&double(s));
                out.push('\n');
                0
            }
            Tree::Literal(lines) => {
                out.push_str(" |\n");
                for line in lines {
                    out.push_str(&pad);
                    out.push_str("  ");
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
                0
            }
            Tree::FlowSeq(_) | Tree::FlowMap(_) => {
                out.push(' ');
                let d = flow(tree, 0, out);
                out.push('\n');
                d
            }
            Tree::BlockSeq(items) => {
                out.push('\n');
                let mut deepest = 0;
                for item in items {
                    out.push_str(&pad);
                    out.push('-');
                    deepest = deepest.max(block(item, indent + 2, out));
                }
                deepest
            }
            Tree::BlockMap(pairs) => {
                out.push('\n');
                let mut deepest = 0;
                for (k, v) in pairs {
                    out.push_str(&pad);
                    out.push_str(k);
                    out.push(':');
                    deepest = deepest.max(block(v, indent + 2, out));
                }
                deepest
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn scan_never_reports_less_than_libyaml_nests(tree in tree()) {
            let mut text = String::from("root:");
            let depth = block(&tree, 2, &mut text);
            // Only valid YAML counts: what libyaml reads to the end.
            prop_assume!(serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok());
            let scanned = scan(&text).unwrap_or(u32::MAX);
            prop_assert!(scanned >= depth, "scan {scanned} < {depth} for\n{text}");
        }
    }
}
