//! `explain KA401`: what a code means, its gate and severity, and how to fix it.

use kata_annotations::Code;

use crate::args::ExplainArgs;
use crate::CliError;

/// What each gate is, for a reader who meets it in a finding.
fn gate_text(code: Code) -> &'static str {
    use kata_annotations::Gate;
    match code.gate() {
        Gate::Kubernetes => "Kubernetes: the API server (or kubectl) checks the object before any node sees it.",
        Gate::Containerd => "containerd: the CRI plugin forwards only the annotations its pod_annotations list matches.",
        Gate::KataPolicy => "Kata policy: the node's configuration (enable_annotations, valid_* lists) decides what a pod may set.",
        Gate::KataValue => "Kata value: the runtime parses the value and applies (or ignores) it.",
    }
}

/// Prints the explanation; 2 for a code that does not exist.
pub fn run(args: &ExplainArgs) -> Result<u8, CliError> {
    let wanted = args.code.trim().to_ascii_uppercase();
    let Some(code) = Code::ALL.iter().find(|c| c.as_str() == wanted) else {
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        return Err(CliError::Usage(format!(
            "no code {}; the codes are {}",
            args.code,
            known.join(", ")
        )));
    };
    println!(
        "{} ({:?}): {}",
        code.as_str(),
        code,
        code.default_severity().as_str()
    );
    println!();
    println!("{}", code.summary());
    println!();
    println!("Raised at the {}", gate_text(*code));
    println!(
        "The finding's message names the key, the value and the fix for the chosen shim and release; \
         docs/annotations.md lists every code."
    );
    Ok(0)
}
