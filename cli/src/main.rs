//! The `kata-annotations` binary: everything is in the library, which the
//! pre-commit hook's binary (the repository's root package) shares.

fn main() -> std::process::ExitCode {
    kata_annotations_cli::main()
}
