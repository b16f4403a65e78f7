//! The command-line front-end: parse, call the service, print. No rules live here.

mod args;
pub(crate) mod closing;
pub mod config;
mod demo;
mod dispatch;
mod json;
mod overview;
mod render;
mod session;
mod table;
mod usage;
mod users;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use args::{Cli, Command, localized_command};

use crate::error::{Error, Result};
use crate::i18n::{Lang, Texts};

/// Runs the program with these arguments; what `main` calls.
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> ExitCode {
    let lang = Lang::from_args_and_env(&args);
    let args = usage::help_as_flag(args);
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
        Err(e) if e.use_stderr() => {
            eprint!("{}", usage::usage_error(&e, lang));
            return ExitCode::from(2);
        }
        Err(e) => {
            // Help and version, already in the chosen language.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(mut cli) => {
            let given =
                |id| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
            cli.db_on_command_line = given("db");
            cli.server_on_command_line = given("server");
            if cli.db_on_command_line && cli.server_on_command_line {
                let labels = lang.texts().labels();
                eprintln!("{}: {}", labels.error, labels.db_or_server);
                return ExitCode::from(2);
            }
            cli
        }
        Err(e) => {
            eprint!("{}", usage::usage_error(&e, lang));
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
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch::run(cli, t))).unwrap_or_else(
        |_| {
            let message = PANIC
                .lock()
                .ok()
                .and_then(|mut slot| slot.take())
                .unwrap_or_default();
            Err(Error::Internal { message })
        },
    )
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
