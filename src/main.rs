//! The `tilskudd` binary: everything lives in the library.

use std::process::ExitCode;

// mimalloc in place of the system allocator: an import frees a chunk's cases on a thread
// of its own, and glibc's malloc spent a fifth of the import in its arenas and their
// locks (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tilskudd::cli::main_with_args(std::env::args_os().collect())
}
