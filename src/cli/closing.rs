//! `letters`, `export` and `audit`: what leaves the tool when a round closes.

use std::path::Path;

use serde_json::json;

use super::{emit, emit_data, emit_json, json as shapes};
use crate::domain::text::safe_line;
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::service::{Command, ExportRow, Session};

/// Writes a file without following a link someone may have planted at its path. A new
/// file or a regular one: the bytes go to a new file in the same folder (created
/// exclusively, so nothing there is opened), which is then renamed over the path (which
/// replaces a link, never its target, and never leaves half a file). Something else
/// that is there (a device such as `/dev/stdout`, a pipe) is written to as it is, but
/// never through a link.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let fail = |p: &Path, e: &std::io::Error| Error::Output {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let kind = meta.file_type();
        if !kind.is_file() && !kind.is_symlink() && !kind.is_dir() {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
                .open(path)
                .map_err(|e| fail(path, &e))?;
            return file.write_all(bytes).map_err(|e| fail(path, &e));
        }
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, &e))?;
    let name = path
        .file_name()
        .map_or_else(|| "tilskudd".into(), |n| n.to_string_lossy().into_owned());
    for attempt in 0..100u32 {
        let temporary = dir.join(format!(".{name}.{}-{attempt}.tmp", std::process::id()));
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(path, &e)),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        drop(file);
        if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
            let _ = std::fs::remove_file(&temporary);
            return Err(fail(path, &e));
        }
        return Ok(());
    }
    Err(fail(
        path,
        &std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temporary name"),
    ))
}

/// A cell as a spreadsheet shows it: text that starts like a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`, so a reference or title from an
/// application cannot run as a formula when the export is opened.
fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Sends the round's letters and saves them in `out`: `(letters, newly sent)`. Shared
/// by the command line and the review screen.
pub(crate) fn write_letters(
    service: &dyn Session,
    round: &str,
    out: &Path,
) -> Result<crate::service::Receipt> {
    std::fs::create_dir_all(out).map_err(|e| Error::Output {
        path: out.display().to_string(),
        message: e.to_string(),
    })?;
    let receipt = service.execute(Command::SendLetters {
        round: round.to_string(),
    })?;
    for letter in &receipt.letters {
        write_file(&out.join(&letter.file_name), letter.text.as_bytes())?;
    }
    Ok(receipt)
}

/// How many of a receipt's events sent a letter.
pub(crate) fn newly_sent(receipt: &crate::service::Receipt) -> usize {
    receipt
        .events
        .iter()
        .filter(|e| matches!(e.change, crate::domain::Change::LetterSent { .. }))
        .count()
}

/// Writes one letter per decided case into `out`, named after the reference.
pub fn letters(
    service: &dyn Session,
    t: &dyn Texts,
    round: &str,
    out: &Path,
    json: bool,
) -> Result<()> {
    let receipt = write_letters(service, round, out)?;
    let sent = newly_sent(&receipt);
    if json {
        emit_json(&json!({
            "round": round,
            "dir": out.display().to_string(),
            "letters": receipt.letters.iter().map(|l| json!({
                "reference": l.reference,
                "file": out.join(&l.file_name).display().to_string(),
                "form": l.form.code(),
            })).collect::<Vec<_>>(),
            "newly_sent": sent,
        }));
    } else {
        emit(&format!(
            "{}\n",
            t.letters_written(receipt.letters.len(), sent, &out.display().to_string())
        ));
        for letter in &receipt.letters {
            emit(&format!(
                "  {} ({})\n",
                safe_line(&out.join(&letter.file_name).display().to_string()),
                letter.form.code()
            ));
        }
    }
    Ok(())
}

const HEADER: [&str; 11] = [
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
];

pub(crate) fn csv(rows: &[ExportRow], delimiter: u8) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Output {
        path: "csv".into(),
        message: e.to_string(),
    };
    writer.write_record(HEADER).map_err(fail)?;
    for r in rows {
        let cells = [
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
        ];
        writer
            .write_record(cells.map(spreadsheet_text).iter().map(AsRef::<str>::as_ref))
            .map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Error::Output {
        path: "csv".into(),
        message: e.to_string(),
    })
}

/// Decisions and amounts, one row per case and pot.
pub fn export(
    service: &dyn Session,
    t: &dyn Texts,
    round: &str,
    as_csv: bool,
    out: Option<&Path>,
    delimiter: char,
) -> Result<()> {
    if !delimiter.is_ascii() || delimiter.is_ascii_alphanumeric() || delimiter == '"' {
        return Err(Error::BadDelimiter { delimiter });
    }
    let rows = service.export(round)?;
    let bytes = if as_csv {
        csv(&rows, u8::try_from(delimiter).unwrap_or(b','))?
    } else {
        let mut text = serde_json::to_string_pretty(&json!({ "round": round, "rows": rows }))
            .unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    };
    match out {
        Some(path) => {
            write_file(path, &bytes)?;
            eprintln!(
                "{}",
                t.export_written(rows.len(), &path.display().to_string())
            );
        }
        None => emit_data(&bytes),
    }
    Ok(())
}

/// The history, or a check that it is whole.
pub fn audit(
    service: &dyn Session,
    t: &dyn Texts,
    reference: Option<&str>,
    verify: bool,
    expect: Option<&str>,
    json: bool,
) -> Result<()> {
    if verify || expect.is_some() {
        let report = service.verify_audit(expect)?;
        let outcome = crate::service::audit_outcome(&report);
        if json {
            emit_json(&serde_json::to_value(&report).unwrap_or_default());
        } else if outcome.is_ok() {
            emit(&format!("{}\n", t.chain_whole(report.events, &report.head)));
        }
        return outcome;
    }
    let events = service.audit(reference)?;
    if json {
        emit_json(
            &json!({ "events": events.iter().map(|e| shapes::event(t, e)).collect::<Vec<_>>() }),
        );
    } else {
        let mut out = String::new();
        for event in &events {
            let case = event
                .case
                .as_deref()
                .map(|c| safe_line(c).into_owned())
                .unwrap_or_default();
            out.push_str(&format!(
                "{:>6}  {}  {:<10} {:<14} {}\n",
                event.seq,
                t.datetime(event.at),
                safe_line(&event.by),
                case,
                safe_line(&t.change(&event.change))
            ));
        }
        emit(&out);
    }
    Ok(())
}
