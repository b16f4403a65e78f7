//! The command-line front-end: parse, call the service, print. No rules live here.

mod args;
pub(crate) mod closing;
pub mod config;
mod json;
mod render;
mod table;
mod users;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use args::{Cli, Command, localized_command};
use args::{ImportWhat, JsonFlag};

use crate::domain::Money;
use crate::error::{Error, Result, ServerProblem};
use crate::i18n::{ImportKind, Lang, Texts};
use crate::import::Source;
use crate::server::RemoteSession;
use crate::service::{self, ListFilter, LocalSession, Receipt, Service, Session};
use crate::store::Store;

/// Runs the program with these arguments; what `main` calls.
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> ExitCode {
    let lang = Lang::from_args_and_env(&args);
    // Putting every help text into the chosen language is a quarter of a quick
    // command's time: parse plainly first, and localize only to show help or an error.
    let wants_help = args.iter().skip(1).any(|a| {
        matches!(
            a.to_str(),
            Some("-h" | "--help" | "help" | "-V" | "--version")
        )
    });
    let plain = (!wants_help)
        .then(|| Cli::command().try_get_matches_from(args.clone()).ok())
        .flatten();
    let parsed = match plain {
        Some(matches) => Ok(matches),
        None => localized_command(lang).try_get_matches_from(args),
    };
    let matches = match parsed {
        Ok(matches) => matches,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(mut cli) => {
            let given =
                |id| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
            cli.db_on_command_line = given("db");
            cli.server_on_command_line = given("server");
            if cli.db_on_command_line && cli.server_on_command_line {
                let _ = localized_command(lang)
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        lang.texts().labels().db_or_server,
                    )
                    .print();
                return ExitCode::from(2);
            }
            cli
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let texts = cli.lang.texts();
    let mut cli = cli;
    // Neither flag nor environment says where the data is: the system configuration may.
    if cli.db.is_none() && cli.server.is_none() {
        let path = config::path();
        match config::load(&path) {
            Ok(config) => {
                if let Some(server) = config.server {
                    cli.server = Some(server);
                    cli.server_from_config = Some(path);
                }
            }
            Err(e) => {
                eprintln!("{}: {}", texts.labels().error, texts.error(&e));
                return ExitCode::from(1);
            }
        }
    }
    match run_guarded(&cli, texts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote what the user or a file said: shown safely, like all output.
            let message = texts.error(&e);
            eprintln!(
                "{}: {}",
                texts.labels().error,
                crate::domain::text::safe_block(&message)
            );
            ExitCode::from(1)
        }
    }
}

/// Runs a command, turning a panic (a bug, or a damaged file that redb reads without a
/// checksum and trips over) into a clear error instead of a backtrace. The work under way
/// was in a write transaction, which unwinding drops: nothing half-done is stored.
fn run_guarded(cli: &Cli, t: &'static dyn Texts) -> Result<()> {
    static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| {
                let file = l.file().rsplit('/').next().unwrap_or_default();
                format!(" ({file}:{})", l.line())
            })
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut slot) = PANIC.lock() {
            *slot = Some(format!("{what}{place}"));
        }
    }));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli, t))).unwrap_or_else(|_| {
        let message = PANIC
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
            .unwrap_or_default();
        Err(Error::Internal { message })
    })
}

/// Prints text for a person to stdout; a closed pipe (`tilskudd list | head`) is not an
/// error. Whatever the renderers did, nothing that could steer a terminal (escape
/// sequences, bidirectional overrides) gets through: this is the last line of defence.
fn emit(text: &str) {
    emit_data(crate::domain::text::safe_block(text).as_bytes());
}

/// Prints data as it is (an export a script redirects to a file).
fn emit_data(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
}

fn emit_json(value: &serde_json::Value) {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    emit(&text);
}

/// `$XDG_DATA_HOME/tilskudd/tilskudd.redb`, or `~/.local/share/...`.
pub fn default_db_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("tilskudd").join("tilskudd.redb")
}

/// Who is acting in local mode: `TILSKUDD_USER`, or the login name.
pub fn local_identity() -> String {
    std::env::var("TILSKUDD_USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| whoami::username().ok())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The server's socket, where commands go to a server: `--server`, or
/// `TILSKUDD_SERVER` unless `--db` is on the command line.
pub fn server_socket(cli: &Cli) -> Option<&Path> {
    cli.server
        .as_deref()
        .filter(|s| !s.is_empty() && (cli.server_on_command_line || !cli.db_on_command_line))
        .map(Path::new)
}

/// The service on the configured database file. Only imports create a missing one.
pub fn open_local(cli: &Cli, create: bool) -> Result<Service> {
    let path = cli.db.clone().unwrap_or_else(default_db_path);
    let store = if create {
        Store::open(&path)?
    } else {
        Store::open_existing(&path)?
    };
    Ok(Service::new(store))
}

/// A session on the configured server, or on the database file as the local user.
fn open_session(cli: &Cli, create: bool) -> Result<Box<dyn Session>> {
    match server_socket(cli) {
        Some(socket) => match (RemoteSession::connect(socket), &cli.server_from_config) {
            (Ok(session), _) => Ok(Box::new(session)),
            // The machine says this is where the server is: say so, and who to ask.
            (
                Err(Error::Server(crate::error::ServerProblem::NotRunning { socket })),
                Some(config),
            ) => Err(Error::Server(
                crate::error::ServerProblem::ConfiguredNotRunning {
                    socket,
                    config: config.display().to_string(),
                },
            )),
            (Err(e), _) => Err(e),
        },
        None => Ok(Box::new(LocalSession::new(
            open_local(cli, create)?,
            &local_identity(),
        ))),
    }
}

/// Refuses a command that works on a database file only when a server is configured.
fn local_only(cli: &Cli, command: &str) -> Result<()> {
    match server_socket(cli) {
        Some(_) => Err(Error::Server(ServerProblem::LocalOnly {
            command: command.to_string(),
        })),
        None => Ok(()),
    }
}

/// Reads the files to import: regular files only (a pipe would hang, a device never
/// end), and no more of each than an import takes, so a file planted where an admin
/// imports from cannot fill the memory.
fn read_sources(files: &[PathBuf]) -> Result<Vec<Source>> {
    use std::io::Read;
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let fail = |e: &std::io::Error| Error::ReadFile {
                path: name.clone(),
                missing: e.kind() == std::io::ErrorKind::NotFound,
                message: e.to_string(),
            };
            let meta = std::fs::metadata(path).map_err(|e| fail(&e))?;
            if !meta.is_file() {
                let e = std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file (a folder, pipe or device)",
                );
                return Err(fail(&e));
            }
            let limit = crate::import::MAX_FILE_BYTES as u64;
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
                .map_err(|e| fail(&e))?;
            if bytes.len() as u64 > limit {
                return Err(crate::import::ImportError::file(
                    &name,
                    crate::import::Problem::TooLarge {
                        limit: crate::import::MAX_FILE_BYTES,
                    },
                )
                .into());
            }
            Ok(Source { name, bytes })
        })
        .collect()
}

fn run(cli: &Cli, t: &'static dyn Texts) -> Result<()> {
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
            let mut out = Vec::new();
            clap_mangen::Man::new(localized_command(cli.lang))
                .render(&mut out)
                .map_err(|e| Error::Output {
                    path: "stdout".into(),
                    message: e.to_string(),
                })?;
            emit(&String::from_utf8_lossy(&out));
            Ok(())
        }
        Command::Demo => crate::demo::run_demo(cli, t),
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
fn run_dev(cli: &Cli, what: &args::DevWhat, t: &'static dyn Texts) -> Result<()> {
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

fn run_with_session(command: &Command, service: &dyn Session, t: &'static dyn Texts) -> Result<()> {
    match command {
        Command::Import { what } => run_import(what, service, t),
        Command::Users { what } => users::run(what, service, t),
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
            let rows = service.list(&filter)?;
            print_either(output, || json::list(&rows), || render::list(t, &rows));
            Ok(())
        }
        Command::Letters { round, out, output } => {
            closing::letters(service, t, round, out, output.json)
        }
        Command::Export {
            round,
            format,
            out,
            delimiter,
        } => {
            let as_csv = matches!(format, args::ExportFormat::Csv);
            closing::export(service, t, round, as_csv, out.as_deref(), *delimiter)
        }
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
        Command::Show { reference, output } => {
            let view = service.case(reference)?;
            print_either(output, || json::show(t, &view), || render::show(t, &view));
            Ok(())
        }
        _ => {
            let Some((command, output)) = case_command(command)? else {
                return Ok(());
            };
            report(service, t, command, output)
        }
    }
}

fn print_either(
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

fn run_import(what: &ImportWhat, service: &dyn Session, t: &dyn Texts) -> Result<()> {
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
    let summary = receipt.import.unwrap_or_default();
    emit(&format!("{}\n", t.import_summary(kind, &summary)));
    Ok(())
}

/// `dev generate`: imports synthetic data and replays its review, saying how long each
/// part took.
fn generate(
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
fn text_arg(value: &str) -> Result<String> {
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
fn case_command(command: &Command) -> Result<Option<(service::Command, &JsonFlag)>> {
    use service::Command as Do;
    Ok(Some(match command {
        Command::Check {
            reference,
            check,
            verdict,
            note,
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
            reason,
            output,
        } => (
            Do::DeclareConflict {
                reference: reference.clone(),
                reason: text_arg(reason)?,
            },
            output,
        ),
        Command::Undo { reference, output } => (
            Do::Undo {
                reference: reference.clone(),
            },
            output,
        ),
        _ => return Ok(None),
    }))
}

/// Runs a case command and says what changed, with the pot balances after it.
fn report(
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
        let view = service.case(reference)?;
        let l = t.labels();
        for pot in &view.balances {
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

/// The path a demo database goes to when `--db` is not given.
pub fn demo_path() -> PathBuf {
    std::env::temp_dir().join(format!("tilskudd-demo-{}.redb", std::process::id()))
}
