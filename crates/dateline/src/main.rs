//! The `dateline` binary: parses flags and hands over to `dateline_cli`.

fn main() -> std::process::ExitCode {
    dateline_cli::main()
}
