//! Developer tools: `tilskudd dev generate`, synthetic but realistic data at any scale,
//! and `tilskudd dev stats`, where a database's bytes go.

pub mod generate;

use std::fmt::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::import::Source;
use crate::service::Service;

/// Writes generated files into `dir`: `registry/`, `rounds/`, `applications/`, for
/// benchmarks that import them as a user would.
pub fn write_files(data: &generate::Generated, dir: &Path) -> Result<()> {
    for (sub, sources) in [
        ("registry", &data.registry),
        ("rounds", &data.rounds),
        ("applications", &data.applications),
    ] {
        let sub = dir.join(sub);
        std::fs::create_dir_all(&sub).map_err(|e| output_error(&sub, &e))?;
        for Source { name, bytes } in sources {
            let path = sub.join(name);
            std::fs::write(&path, bytes).map_err(|e| output_error(&path, &e))?;
        }
    }
    Ok(())
}

fn output_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Output {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Per table: entries' bytes and tree overhead, then the file's size.
pub fn stats(service: &Service, path: &Path) -> Result<String> {
    let sizes = service.store().table_sizes()?;
    let file = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut out = String::new();
    // Hundredths of a MiB, in whole numbers: exact, and no float casts.
    let mib = |bytes: u64| {
        let hundredths = bytes * 100 / (1024 * 1024);
        format!("{:>6}.{:02} MiB", hundredths / 100, hundredths % 100)
    };
    let _ = writeln!(out, "{:<20} {:>13} {:>13}", "table", "stored", "overhead");
    let (mut stored, mut overhead) = (0, 0);
    for size in &sizes {
        let _ = writeln!(
            out,
            "{:<20} {} {}",
            size.table,
            mib(size.stored),
            mib(size.overhead)
        );
        stored += size.stored;
        overhead += size.overhead;
    }
    let _ = writeln!(
        out,
        "{:<20} {} {}",
        "all tables",
        mib(stored),
        mib(overhead)
    );
    let _ = writeln!(out, "{:<20} {}", "file", mib(file));
    Ok(out)
}
