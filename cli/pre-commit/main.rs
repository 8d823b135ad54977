//! `kata-annotations-pre-commit`: the CLI as pre-commit builds it from the
//! repository root (see `.pre-commit-hooks.yaml`). Same library, same
//! verdicts, same flags as `kata-annotations`.

fn main() -> std::process::ExitCode {
    kata_annotations_cli::main()
}
