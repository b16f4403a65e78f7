//! Each command: its arguments turned into a service call, and the answer printed.

use std::path::Path;

use super::args::{self, Cli, Command, ImportWhat, JsonFlag, localized_command};
use super::session::{
    default_db_path, local_only, open_local, open_session, read_sources, server_socket,
};
use super::{closing, demo, emit, emit_json, json, overview, render, users};
use crate::domain::Money;
use crate::error::{Error, Result};
use crate::i18n::{ImportKind, Texts};
use crate::service::{self, ListFilter, Receipt, Service, Session};

pub(super) fn run(cli: &Cli, t: &'static dyn Texts) -> Result<()> {
    let Some(command) = cli.command.as_ref() else {
        let session = open_session(cli, false)?;
        let place = server_socket(cli).map_or_else(
            || cli.db.clone().unwrap_or_else(default_db_path),
            Path::to_path_buf,
        );
        return crate::tui::run(session.as_ref(), t, &place);
    };
    match command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                *shell,
                &mut localized_command(cli.lang),
                "tilskudd",
                &mut out,
            );
            emit(&String::from_utf8_lossy(&out));
            Ok(())
        }
        Command::Man => {
            let page =
                super::usage::man_page(localized_command(cli.lang), cli.lang).map_err(|e| {
                    Error::Output {
                        path: "stdout".into(),
                        message: e.to_string(),
                    }
                })?;
            emit(&page);
            Ok(())
        }
        Command::Demo => demo::run_demo(cli, t),
        Command::Serve {
            socket,
            max_connections,
            max_per_user,
            idle_timeout,
            handshake_timeout,
        } => {
            let options = crate::server::ServeOptions {
                socket: socket.clone(),
                db: cli.db.clone().unwrap_or_else(default_db_path),
                limits: crate::server::Limits {
                    max_connections: (*max_connections).max(1),
                    max_per_user: (*max_per_user).max(1),
                    idle: std::time::Duration::from_secs((*idle_timeout).max(1)),
                    handshake: std::time::Duration::from_secs((*handshake_timeout).max(1)),
                },
            };
            crate::server::serve(&options, t)
        }
        Command::Dev { what } => run_dev(cli, what, t),
        _ => {
            let creates = matches!(command, Command::Import { .. });
            run_with_session(command, open_session(cli, creates)?.as_ref(), t)
        }
    }
}

/// `tilskudd dev …`: the developer tools.
pub(super) fn run_dev(cli: &Cli, what: &args::DevWhat, t: &'static dyn Texts) -> Result<()> {
    match what {
        args::DevWhat::Generate {
            networks,
            applications,
            seed,
            out,
        } => {
            let options = crate::dev::generate::Options {
                networks: *networks,
                applications: *applications,
                seed: *seed,
            };
            if let Some(dir) = out {
                return crate::dev::write_files(&crate::dev::generate::generate(&options), dir);
            }
            local_only(cli, "dev generate")?;
            generate(&open_local(cli, true)?, t, &options)
        }
        args::DevWhat::Compact => {
            local_only(cli, "dev compact")?;
            open_local(cli, false)?.store().compact()?;
            Ok(())
        }
        args::DevWhat::Repair => {
            let session = open_session(cli, false)?;
            let receipt = session.execute(service::Command::RepairTotals)?;
            for event in &receipt.events {
                emit(&format!("{}\n", crate::i18n::event_line(t, event)));
            }
            Ok(())
        }
        args::DevWhat::Stats => {
            local_only(cli, "dev stats")?;
            let path = cli.db.clone().unwrap_or_else(default_db_path);
            emit(&crate::dev::stats(&open_local(cli, false)?, &path)?);
            Ok(())
        }
    }
}

pub(super) fn run_with_session(
    command: &Command,
    service: &dyn Session,
    t: &'static dyn Texts,
) -> Result<()> {
    match command {
        Command::Import { what } => run_import(what, service, t),
        Command::Users { what } => users::run(what, service, t),
        Command::Due {
            round,
            days,
            output,
        } => print_due(service, t, round.as_deref(), *days, output),
        Command::Conflict {
            list: true, output, ..
        } => print_ties(service, t, output),
        Command::Lookup { query, output } => {
            let matches = match service.lookup(&query.join(" ")) {
                Err(Error::NotFound(crate::error::NotFound::Lookup { query, suggestions })) => {
                    // A script still gets its one JSON document; the exit status says 1.
                    if output.json {
                        emit_json(
                            &serde_json::json!({ "matches": [], "suggestions": suggestions }),
                        );
                    }
                    return Err(crate::error::NotFound::Lookup { query, suggestions }.into());
                }
                other => other?,
            };
            print_either(
                output,
                || json::lookup(&matches),
                || crate::output::lookup::lookup(t, &matches),
            );
            Ok(())
        }
        Command::Status { round, output } => {
            let rounds = service.status(round.as_deref())?;
            let one = round.is_some();
            print_either(
                output,
                || json::status(&rounds, one),
                || render::status(t, &rounds),
            );
            Ok(())
        }
        Command::List {
            round,
            state,
            output,
        } => {
            let filter = ListFilter {
                round: round.clone(),
                state: *state,
                ..ListFilter::default()
            };
            if output.json {
                // Streamed: a row is printed as it is read, in constant memory.
                return json::stream_list(service, &filter);
            }
            let rows = service.list(&filter)?;
            emit(&render::list(t, &rows));
            Ok(())
        }
        Command::Letters {
            round,
            out,
            format,
            kind,
            output,
        } => closing::letters(service, t, round, out, *format, *kind, output.json),
        Command::Export {
            round,
            format,
            out,
            delimiter,
        } => closing::export(service, t, round, *format, out.as_deref(), *delimiter),
        Command::Overview { .. }
        | Command::Annual { .. }
        | Command::Theme { .. }
        | Command::Priority { .. } => overview::run(command, service, t),
        Command::Audit {
            reference,
            verify,
            expect,
            output,
        } => closing::audit(
            service,
            t,
            reference.as_deref(),
            *verify,
            expect.as_deref(),
            output.json,
        ),
        Command::Show { reference, output } => show(service, t, reference, output),
        _ => {
            let Some((command, output)) = case_command(command)? else {
                return Ok(());
            };
            report(service, t, command, output)
        }
    }
}

/// `show`: the text lists a case's latest events, JSON has them all.
fn show(service: &dyn Session, t: &dyn Texts, reference: &str, output: &JsonFlag) -> Result<()> {
    let view = if output.json {
        service.case(reference)?
    } else {
        service.case_recent(reference, render::SHOWN_EVENTS)?
    };
    print_either(output, || json::show(t, &view), || render::show(t, &view));
    Ok(())
}

/// `due`: what is due or overdue.
fn print_due(
    service: &dyn Session,
    t: &dyn Texts,
    round: Option<&str>,
    days: u32,
    output: &JsonFlag,
) -> Result<()> {
    let items = service.due(round, days)?;
    if output.json {
        emit_json(&serde_json::json!({ "due": items }));
    } else {
        emit(&render::due(t, &items));
    }
    Ok(())
}

/// `conflict --list`: every standing tie.
fn print_ties(service: &dyn Session, t: &dyn Texts, output: &JsonFlag) -> Result<()> {
    let ties = service.ties()?;
    if output.json {
        emit_json(&serde_json::json!({ "ties": ties }));
    } else {
        emit(&render::ties(t, &ties));
    }
    Ok(())
}

pub(super) fn print_either(
    output: &JsonFlag,
    as_json: impl FnOnce() -> serde_json::Value,
    as_text: impl FnOnce() -> String,
) {
    if output.json {
        emit_json(&as_json());
    } else {
        emit(&as_text());
    }
}

pub(super) fn run_import(what: &ImportWhat, service: &dyn Session, t: &dyn Texts) -> Result<()> {
    let (kind, command) = match what {
        ImportWhat::Registry { files } => (
            ImportKind::Registry,
            service::Command::ImportRegistry {
                sources: read_sources(files)?,
            },
        ),
        ImportWhat::Round { files } => (
            ImportKind::Rounds,
            service::Command::ImportRounds {
                sources: read_sources(files)?,
            },
        ),
        ImportWhat::Applications { files, replace } => (
            ImportKind::Applications,
            service::Command::ImportApplications {
                sources: read_sources(files)?,
                replace: *replace,
            },
        ),
    };
    let receipt = service.execute(command)?;
    // What was changed to take the files in, one line each, on standard error with
    // the errors' format: a script reading the summary is not disturbed.
    for warning in &receipt.warnings {
        eprintln!(
            "{}: {}",
            t.labels().warning,
            crate::domain::text::safe_line(&t.import_warning(warning))
        );
    }
    let summary = receipt.import.unwrap_or_default();
    emit(&format!("{}\n", t.import_summary(kind, &summary)));
    Ok(())
}

/// `dev generate`: imports synthetic data and replays its review, saying how long each
/// part took.
pub(super) fn generate(
    service: &Service,
    t: &dyn Texts,
    options: &crate::dev::generate::Options,
) -> Result<()> {
    let started = std::time::Instant::now();
    let data = crate::dev::generate::generate(options);
    let made = started.elapsed();
    let actor = "dev";
    service.execute(
        actor,
        service::Command::ImportRegistry {
            sources: data.registry,
        },
    )?;
    service.execute(
        actor,
        service::Command::ImportRounds {
            sources: data.rounds,
        },
    )?;
    let started = std::time::Instant::now();
    let receipt = service.execute(
        actor,
        service::Command::ImportApplications {
            sources: data.applications,
            replace: false,
        },
    )?;
    let imported = started.elapsed();
    let summary = receipt.import.unwrap_or_default();
    emit(&format!(
        "{}\n",
        t.import_summary(ImportKind::Applications, &summary)
    ));
    let started = std::time::Instant::now();
    let events = if summary.added > 0 {
        service.execute_many(data.review)?
    } else {
        0
    };
    emit(&format!(
        "generate {:.0} ms · import {:.0} ms · review ({events} events) {:.0} ms\n",
        made.as_secs_f64() * 1000.0,
        imported.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64() * 1000.0
    ));
    Ok(())
}

/// A `--reason` or `--note`: the text itself, or with `-` what standard input holds, so
/// a reason need not stand on a command line, where everyone on the machine can read it
/// in `ps` while the command runs.
pub(super) fn text_arg(value: &str) -> Result<String> {
    use std::io::Read;
    if value != "-" {
        return Ok(value.to_string());
    }
    // A little more than the longest reason kept, so an over-long one is refused by
    // the rule, with its message, not cut here.
    let limit = (crate::domain::case::MAX_REASON_CHARS * 4 + 1) as u64;
    let mut text = String::new();
    std::io::stdin()
        .lock()
        .take(limit)
        .read_to_string(&mut text)
        .map_err(|e| Error::ReadFile {
            path: "-".into(),
            missing: false,
            message: e.to_string(),
        })?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// The service command for a case subcommand, with its output flag.
#[allow(clippy::too_many_lines)] // one arm per command that becomes a service command
pub(super) fn case_command(command: &Command) -> Result<Option<(service::Command, &JsonFlag)>> {
    use service::Command as Do;
    Ok(Some(match command {
        Command::Check {
            reference,
            check,
            verdict,
            note,
            pot,
            output,
        } => {
            let check = *check;
            let note = note.as_deref().map(text_arg).transpose()?;
            let (reference, verdict) = (reference.clone(), *verdict);
            (
                Do::RecordCheck {
                    reference,
                    check,
                    verdict,
                    note,
                    pot: pot.clone(),
                },
                output,
            )
        }
        Command::Allocate {
            reference,
            pot,
            amount,
            output,
        } => {
            let input = amount.join(" ");
            let amount = Money::parse(&input).map_err(|error| Error::Amount {
                input: input.clone(),
                error,
            })?;
            (
                Do::Allocate {
                    reference: reference.clone(),
                    pot: pot.clone(),
                    amount,
                },
                output,
            )
        }
        Command::Propose {
            reference,
            outcome,
            reason,
            output,
        } => {
            let (reference, reason, outcome) = (reference.clone(), text_arg(reason)?, *outcome);
            (
                Do::Propose {
                    reference,
                    outcome,
                    reason,
                },
                output,
            )
        }
        Command::Approve {
            reference,
            proposal,
            output,
        } => (
            Do::Approve {
                reference: reference.clone(),
                proposal: *proposal,
            },
            output,
        ),
        Command::Reopen {
            reference,
            reason,
            output,
        } => (
            Do::Reopen {
                reference: reference.clone(),
                reason: text_arg(reason)?,
            },
            output,
        ),
        Command::Conflict {
            reference,
            municipality,
            withdraw,
            reason,
            output,
            ..
        } => {
            let reason = reason.as_deref().map(text_arg).transpose()?;
            let command = match (reference, municipality) {
                (Some(reference), _) => Do::DeclareConflict {
                    reference: reference.clone(),
                    reason: reason.unwrap_or_default(),
                },
                (None, Some(municipality)) if *withdraw => Do::WithdrawTie {
                    municipality: municipality.clone(),
                    reason,
                },
                (None, Some(municipality)) => Do::DeclareTie {
                    municipality: municipality.clone(),
                    reason: reason.unwrap_or_default(),
                },
                // `--list`: a query, answered in `run_with_session`.
                (None, None) => return Ok(None),
            };
            (command, output)
        }
        Command::Undo { reference, output } => (
            Do::Undo {
                reference: reference.clone(),
            },
            output,
        ),
        Command::Pay {
            reference,
            amount,
            date,
            output,
        } => (
            Do::Pay {
                reference: reference.clone(),
                amount: amount.as_deref().map(amount_arg).transpose()?,
                date: date.as_deref().map(date_arg).transpose()?,
            },
            output,
        ),
        Command::Report {
            reference,
            spent,
            received,
            note,
            output,
        } => (
            Do::Report {
                reference: reference.clone(),
                spent: amount_arg(spent)?,
                received: received.as_deref().map(date_arg).transpose()?,
                note: note.as_deref().map(text_arg).transpose()?,
            },
            output,
        ),
        Command::Claim {
            reference,
            amount,
            reason,
            output,
        } => (
            Do::Claim {
                reference: reference.clone(),
                amount: amount.as_deref().map(amount_arg).transpose()?,
                reason: text_arg(reason)?,
            },
            output,
        ),
        Command::Repaid {
            reference,
            amount,
            date,
            output,
        } => (
            Do::Repaid {
                reference: reference.clone(),
                amount: amount_arg(amount)?,
                date: date.as_deref().map(date_arg).transpose()?,
            },
            output,
        ),
        Command::Extend {
            reference,
            until,
            reason,
            output,
        } => (
            Do::Extend {
                reference: reference.clone(),
                until: date_arg(until)?,
                reason: text_arg(reason)?,
            },
            output,
        ),
        Command::Close { reference, output } => (
            Do::Close {
                reference: reference.clone(),
            },
            output,
        ),
        Command::ArchiveRef {
            reference,
            number,
            output,
        } => (
            Do::SetArchiveReference {
                reference: reference.clone(),
                archive_reference: number.clone(),
            },
            output,
        ),
        Command::Sent {
            round,
            references,
            date,
            journal,
            output,
        } => (
            Do::MarkSent {
                round: round.clone(),
                references: references.clone(),
                date: date.as_deref().map(date_arg).transpose()?,
                journal: journal.clone(),
            },
            output,
        ),
        _ => return Ok(None),
    }))
}

/// An amount as advisers write it: `450 000`, `kr 450 000,50`.
fn amount_arg(text: &str) -> Result<Money> {
    Money::parse(text).map_err(|error| Error::Amount {
        input: text.to_string(),
        error,
    })
}

/// A date as advisers write it: `2021-09-01` or `01.09.2021`.
fn date_arg(text: &str) -> Result<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .map_err(|_| Error::BadDate {
            input: text.to_string(),
        })
}

/// Runs a case command and says what changed, with the pot balances after it.
pub(super) fn report(
    service: &dyn Session,
    t: &dyn Texts,
    command: service::Command,
    output: &JsonFlag,
) -> Result<()> {
    let reference = command.case_reference().unwrap_or_default().to_string();
    let reference = reference.as_str();
    let Receipt { events, .. } = service.execute(command)?;
    if output.json {
        emit_json(&json::receipt(t, &events));
        return Ok(());
    }
    if events.is_empty() {
        emit(&format!("{}\n", t.nothing_changed()));
        return Ok(());
    }
    let mut out = String::new();
    for event in &events {
        out.push_str(&crate::i18n::event_line(t, event));
        out.push('\n');
    }
    if events
        .iter()
        .any(|e| matches!(e.change, crate::domain::Change::Allocated { .. }))
    {
        // The pots' figures alone: not the whole case with its history.
        let l = t.labels();
        let round = service.row(reference)?.map(|row| row.round);
        let pots = match round {
            Some(round) => service.pot_rooms(&round)?,
            None => Vec::new(),
        };
        for pot in &pots {
            out.push_str(&format!(
                "  {}: {} {} · {} {}\n",
                crate::domain::text::safe_line(&pot.id),
                l.remaining.to_lowercase(),
                pot.remaining,
                l.total.to_lowercase(),
                pot.total
            ));
        }
    }
    emit(&out);
    Ok(())
}
