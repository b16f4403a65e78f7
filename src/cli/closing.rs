//! `letters`, `export` and `audit`: what leaves the tool when a round closes.

use std::path::Path;

use serde_json::json;

use super::{emit, emit_json, json as shapes};
use crate::domain::text::safe_line;
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::output::{unsent, write_letters};
use crate::service::Session;

/// Writes one letter per decided case into `out`, named after the reference.
pub fn letters(
    service: &dyn Session,
    t: &dyn Texts,
    round: &str,
    out: &Path,
    format: crate::letters::FileFormat,
    kind: crate::letters::LetterKind,
    json: bool,
) -> Result<()> {
    let letters = write_letters(service, round, out, format, kind)?;
    // Only decision letters are recorded as sent (`tilskudd sent`).
    let unsent = if kind == crate::letters::LetterKind::Decision {
        unsent(&letters)
    } else {
        0
    };
    if json {
        emit_json(&json!({
            "round": round,
            "dir": out.display().to_string(),
            "letters": letters.iter().map(|l| json!({
                "reference": l.reference,
                "file": out.join(format.file_name(l)).display().to_string(),
                "form": l.form.code(),
                "sent": l.sent,
            })).collect::<Vec<_>>(),
            "unsent": unsent,
        }));
    } else {
        emit(&format!(
            "{}\n",
            t.letters_written(letters.len(), unsent, &out.display().to_string(), round)
        ));
        for letter in &letters {
            emit(&format!(
                "  {} ({})\n",
                safe_line(&out.join(format.file_name(letter)).display().to_string()),
                letter.form.code()
            ));
        }
    }
    Ok(())
}

/// Decisions and amounts, one row per case and pot.
pub fn export(
    service: &dyn Session,
    t: &dyn Texts,
    round: &str,
    format: super::args::ExportFormat,
    out: Option<&Path>,
    delimiter: char,
) -> Result<()> {
    use super::args::ExportFormat;
    use crate::output::ExportFormat as Format;
    if !delimiter.is_ascii() || delimiter.is_ascii_alphanumeric() || delimiter == '"' {
        return Err(Error::BadDelimiter { delimiter });
    }
    if matches!(format, ExportFormat::Xlsx)
        && out.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Error::BinaryToTerminal);
    }
    let format = match format {
        ExportFormat::Csv => Format::Csv {
            delimiter: u8::try_from(delimiter).unwrap_or(b','),
        },
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Json => Format::Json,
    };
    match out {
        Some(path) => {
            let rows = crate::output::export_to_file(service, round, format, path)?;
            eprintln!("{}", t.export_written(rows, &path.display().to_string()));
        }
        None => {
            crate::output::export_to_stdout(service, round, format)?;
        }
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
