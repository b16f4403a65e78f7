//! The round's export for accounting and the archive (one row per case and requested
//! pot), written as the rows are read: CSV and JSON in constant memory, Excel whole.

use std::io::Write;
use std::path::Path;

use crate::error::Result;
use crate::service::{ExportRow, Session};

/// The export's columns, in CSV and Excel alike.
pub(super) const HEADER: [&str; 15] = [
    "reference",
    "network",
    "lead_municipality",
    "lead_municipality_name",
    "pot",
    "requested",
    "allocated",
    "outcome",
    "proposed_by",
    "decided_by",
    "decided_at",
    "paid",
    "spent",
    "claimed",
    "repaid",
];

/// How the export is written.
#[derive(Clone, Copy, Debug)]
pub enum ExportFormat {
    /// Comma-separated (or by the given ASCII delimiter), a header line first.
    Csv { delimiter: u8 },
    /// `{"round": ..., "rows": [...]}`, a row a line.
    Json,
    /// An Excel workbook with numbers as numbers.
    Xlsx,
}

/// Writes the export to a file (see [`super::write_file`]); returns how many rows.
/// A refusal (an unknown round, say) leaves no file.
pub fn export_to_file(
    service: &dyn Session,
    round: &str,
    format: ExportFormat,
    path: &Path,
) -> Result<usize> {
    let mut rows = 0;
    super::write_file_with(path, &mut |out| {
        rows = write_export(service, round, format, out)?;
        Ok(())
    })?;
    Ok(rows)
}

/// Writes the export to standard output; a closed pipe (`| head`) ends it quietly.
pub fn export_to_stdout(service: &dyn Session, round: &str, format: ExportFormat) -> Result<usize> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let rows = write_export(service, round, format, &mut out)?;
    let _ = out.flush();
    Ok(rows)
}

/// The export's bytes, each row as it is read. Nothing is written before the first
/// row: a refusal before it leaves the output empty. Write errors are the caller's to
/// notice (see [`super::write_file_with`]).
fn write_export(
    service: &dyn Session,
    round: &str,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut rows = 0;
    match format {
        ExportFormat::Csv { delimiter } => {
            let delimiter = char::from(delimiter);
            let mut line = String::with_capacity(256);
            service.export_each(round, &mut |row| {
                line.clear();
                if rows == 0 {
                    super::csv_line(&mut line, &HEADER, delimiter);
                }
                csv_row(&mut line, &row, delimiter);
                let _ = out.write_all(line.as_bytes());
                rows += 1;
                Ok(())
            })?;
            if rows == 0 {
                super::csv_line(&mut line, &HEADER, delimiter);
                let _ = out.write_all(line.as_bytes());
            }
        }
        ExportFormat::Json => {
            let opening = format!(
                "{{\"round\": {}, \"rows\": [",
                serde_json::Value::from(round)
            );
            service.export_each(round, &mut |row| {
                if rows == 0 {
                    let _ = out.write_all(opening.as_bytes());
                    let _ = out.write_all(b"\n");
                } else {
                    let _ = out.write_all(b",\n");
                }
                let _ = serde_json::to_writer(&mut *out, &row);
                rows += 1;
                Ok(())
            })?;
            if rows == 0 {
                let _ = out.write_all(opening.as_bytes());
            } else {
                let _ = out.write_all(b"\n");
            }
            let _ = out.write_all(b"]}\n");
        }
        ExportFormat::Xlsx => {
            let all = service.export(round)?;
            rows = all.len();
            let _ = out.write_all(&super::xlsx(&all)?);
        }
    }
    Ok(rows)
}

/// One export row as a CSV line.
fn csv_row(line: &mut String, r: &ExportRow, delimiter: char) {
    super::csv_line(
        line,
        &[
            r.reference.as_str(),
            &r.network,
            &r.lead_municipality,
            &r.lead_municipality_name,
            &r.pot,
            &r.requested.plain(),
            &r.allocated.plain(),
            r.outcome.map_or("", |o| o.as_str()),
            r.proposed_by.as_deref().unwrap_or(""),
            r.decided_by.as_deref().unwrap_or(""),
            &r.decided_at.map(|at| at.to_rfc3339()).unwrap_or_default(),
            &r.paid.plain(),
            &r.spent.plain(),
            &r.claimed.plain(),
            &r.repaid.plain(),
        ],
        delimiter,
    );
}
