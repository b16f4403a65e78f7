//! What the front-ends put out the same way: grant letters and exports written to
//! files (so that nobody else's file is touched and no half file is left), and a
//! registry lookup as text ([`lookup`]). Shared by the command line and the review
//! screen, so neither imports the other.

mod annual;
mod export;
pub mod lookup;
mod xlsx;

pub use annual::{annual_csv, annual_xlsx};
pub use export::{ExportFormat, export_to_file, export_to_stdout};
pub use xlsx::xlsx;

use std::path::Path;

use crate::error::{Error, Result};
use crate::service::Session;

/// Writes a file without following a link someone may have planted at its path. A new
/// file or a regular one: the bytes go to a new file in the same folder (created
/// exclusively, so nothing there is opened), which is then renamed over the path (which
/// replaces a link, never its target, and never leaves half a file); the file is its
/// owner's alone, as letters and exports name people. A terminal or device such as
/// `/dev/stdout` (which only root can make) is written to as it is, never through a
/// link; a pipe or socket someone left at the path is refused, for it could hand the
/// text to them or hang.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file_with(path, &mut |out| {
        let _ = out.write_all(bytes);
        Ok(())
    })
}

/// [`write_file`] for what is written a piece at a time: `content` writes the file's
/// content (its write errors may be ignored: the first one is kept and reported with the
/// path). A refusal from `content` leaves no file, and the path as it was.
pub fn write_file_with(
    path: &Path,
    content: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let fail = |p: &Path, e: &std::io::Error| Error::Output {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let kind = meta.file_type();
        if kind.is_fifo() || kind.is_socket() || kind.is_block_device() {
            let refused =
                std::io::Error::new(std::io::ErrorKind::InvalidInput, crate::error::NOT_A_FILE);
            return Err(fail(path, &refused));
        }
        if kind.is_char_device() {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
                .open(path)
                .map_err(|e| fail(path, &e))?;
            let mut out = KeepsFirstError::new(file);
            content(&mut out)?;
            // A terminal cannot be synced, only flushed.
            return out.finish(false).map_err(|e| fail(path, &e));
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
        let file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)
        {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(path, &e)),
        };
        let mut out = KeepsFirstError::new(file);
        let written = match content(&mut out) {
            Ok(()) => out.finish(true).map_err(|e| fail(path, &e)),
            Err(e) => Err(e),
        };
        let renamed =
            written.and_then(|()| std::fs::rename(&temporary, path).map_err(|e| fail(path, &e)));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        return renamed;
    }
    Err(fail(
        path,
        &std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temporary name"),
    ))
}

/// A buffered file that keeps the first write error, so that code writing to it may
/// go on as if nothing failed and the error is still reported once, at the end.
struct KeepsFirstError {
    out: std::io::BufWriter<std::fs::File>,
    error: Option<std::io::Error>,
}

impl KeepsFirstError {
    fn new(file: std::fs::File) -> KeepsFirstError {
        KeepsFirstError {
            out: std::io::BufWriter::with_capacity(64 * 1024, file),
            error: None,
        }
    }

    /// Everything written (and with `sync`, on disk), or the first error.
    fn finish(mut self, sync: bool) -> std::io::Result<()> {
        use std::io::Write;
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        let file = self
            .out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        if sync { file.sync_all() } else { Ok(()) }
    }
}

impl std::io::Write for KeepsFirstError {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(e) = &self.error {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        self.out.write(bytes).inspect_err(|e| {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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

/// Saves the round's decision letters in `out`, one file per decided case; records
/// nothing (sending is `tilskudd sent`). The same letters give the same files, byte for
/// byte. Shared by the command line and the review screen.
pub fn write_letters(
    service: &dyn Session,
    round: &str,
    out: &Path,
    format: crate::letters::FileFormat,
    kind: crate::letters::LetterKind,
) -> Result<Vec<crate::letters::Letter>> {
    let letters = service.letters(round, kind)?;
    // Every file made before any is written: a letter that cannot be made stops the run.
    let mut files = Vec::with_capacity(letters.len());
    for letter in &letters {
        let bytes = format.bytes(letter).map_err(|message| Error::Output {
            path: format.file_name(letter),
            message,
        })?;
        files.push((format.file_name(letter), bytes));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::Output {
        path: out.display().to_string(),
        message: e.to_string(),
    })?;
    refuse_planted_outputs(out)?;
    for (name, bytes) in &files {
        write_file(&out.join(name), bytes)?;
    }
    Ok(letters)
}

/// How many letters are not recorded as sent.
pub fn unsent(letters: &[crate::letters::Letter]) -> usize {
    letters.iter().filter(|l| !l.sent).count()
}

/// Refuses a letters folder where something that is not a file waits under a letter's
/// name (a pipe or socket someone left there), before any letter is written.
fn refuse_planted_outputs(out: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let letter = entry
            .path()
            .extension()
            .is_some_and(|e| e == "md" || e == "docx");
        if letter && (kind.is_fifo() || kind.is_socket() || kind.is_block_device() || kind.is_dir())
        {
            return Err(Error::Output {
                path: entry.path().display().to_string(),
                message: crate::error::NOT_A_FILE.into(),
            });
        }
    }
    Ok(())
}

/// One CSV line, with a line break. A cell is quoted where it holds the delimiter, a
/// quote or a line break, and also where it holds any other common separator (`;`, `,`,
/// a tab): a spreadsheet that splits on another separator than the one written (`;` in
/// Norwegian Excel) then still keeps the cell whole, so no part of it becomes a formula
/// cell.
pub(crate) fn csv_line(out: &mut String, cells: &[&str], delimiter: char) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        let cell = spreadsheet_text(cell);
        if cell.contains([delimiter, '"', '\n', '\r', ';', ',', '\t']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push('\n');
}

/// What followed a case's decision, one line each (use-by date, payments, the report,
/// claims, repayments), for `show` and the review screen alike; empty before a decision.
pub fn follow_up_lines(t: &dyn crate::i18n::Texts, view: &crate::service::CaseView) -> Vec<String> {
    use crate::domain::text::safe_line;
    let l = t.labels();
    let follow_up = &view.follow_up;
    let mut lines = Vec::new();
    if view.case.decision.is_none() {
        return lines;
    }
    if let Some(use_by) = view.use_by {
        let extended = follow_up
            .extension
            .as_ref()
            .map(|e| format!(" ({})", safe_line(&e.reason)))
            .unwrap_or_default();
        lines.push(format!("{}: {}{extended}", l.funds_used_by, t.date(use_by)));
    }
    for p in &follow_up.payments {
        lines.push(format!(
            "{}: {} {} ({})",
            l.paid,
            p.amount,
            t.date(p.date),
            safe_line(&p.by)
        ));
    }
    if let Some(r) = &follow_up.report {
        let note = r
            .note
            .as_deref()
            .map(|n| format!(": {}", safe_line(n)))
            .unwrap_or_default();
        lines.push(format!(
            "{}: {} ({}){note}",
            l.spent,
            r.spent,
            t.date(r.received)
        ));
    }
    for c in &follow_up.claims {
        lines.push(format!(
            "{}: {} ({})",
            l.claimed,
            c.amount,
            safe_line(&c.reason)
        ));
    }
    for r in &follow_up.repayments {
        lines.push(format!("{}: {} {}", l.repaid, r.amount, t.date(r.date)));
    }
    lines
}
