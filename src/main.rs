//! The `tilskudd` binary: everything lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    tilskudd::cli::main_with_args(std::env::args_os().collect())
}
