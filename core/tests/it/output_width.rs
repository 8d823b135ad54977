//! Generated files fit a narrow panel and a terminal: every comment line is
//! at most 80 columns, for every output, shim and release.

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::render::{render_output, OUTPUTS};
use kata_annotations::request::Request;
use kata_annotations::shim::SHIMS;
use kata_annotations::version::Version;

/// The widest a generated comment line may be, in characters.
const WIDTH: usize = 80;

fn requests() -> Vec<Request> {
    let mut every = Request::default();
    for a in ANNOTATIONS.iter().filter(|a| !a.internal) {
        let value = a.default.unwrap_or("1").to_owned();
        every.annotations.insert(a.key.to_owned(), value);
    }
    let mut out = Vec::new();
    for base in [Request::default(), every] {
        for shim in SHIMS {
            for version in [Version::OLDEST, Version::NEWEST] {
                let mut request = base.clone();
                request.set_shim(shim);
                request.kata_version = version;
                out.push(request);
            }
        }
    }
    out
}

#[test]
fn generated_comments_wrap_at_80_columns() {
    let mut long = Vec::new();
    for request in requests() {
        for output in OUTPUTS {
            let Ok(text) = render_output(output.id, &request) else {
                continue;
            };
            for line in text.lines() {
                let trimmed = line.trim_start();
                // A word longer than the line (a path) stands on a line of its
                // own; commented-out TOML (an example to uncomment) is code.
                let body = trimmed.trim_start_matches('#').trim_start();
                let words = body.split_whitespace().count();
                let code = body.starts_with(['"', '[']);
                if trimmed.starts_with('#') && line.chars().count() > WIDTH && words > 1 && !code {
                    long.push(format!("{}: {line}", output.id));
                }
            }
        }
    }
    long.sort();
    long.dedup();
    assert!(
        long.is_empty(),
        "{} comment lines over {WIDTH} columns, e.g.:\n{}",
        long.len(),
        long.iter().take(15).cloned().collect::<Vec<_>>().join("\n")
    );
}
