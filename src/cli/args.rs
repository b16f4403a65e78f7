//! The command line, as clap derive definitions. Help texts come from `crate::i18n` at
//! run time (see [`localized_command`]), so `--lang nb` gives Norwegian help.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::domain::{CaseState, CheckId, Outcome, UserRole, Verdict};
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(name = "tilskudd", version, disable_help_subcommand = true)]
pub struct Cli {
    #[arg(long, global = true, env = "TILSKUDD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[arg(long, global = true, env = "TILSKUDD_SERVER", value_name = "SOCKET")]
    pub server: Option<String>,
    #[arg(
        long,
        global = true,
        env = "TILSKUDD_LANG",
        value_enum,
        default_value = "nb"
    )]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Whether `--db` was given on the command line (not through `TILSKUDD_DB`): `demo`
    /// never seeds the database the environment points at.
    #[arg(skip)]
    pub db_on_command_line: bool,
    /// Whether `--server` was given on the command line (not through `TILSKUDD_SERVER`).
    #[arg(skip)]
    pub server_on_command_line: bool,
    /// The system configuration that named the server, where it was that file.
    #[arg(skip)]
    pub server_from_config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print one JSON document on stdout, nothing else
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Demo,
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    Lookup {
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Status {
        #[arg(long, value_name = "ID")]
        round: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    List {
        #[arg(long, value_name = "ID")]
        round: Option<String>,
        #[arg(long, value_name = "S", value_parser = state_names())]
        state: Option<CaseState>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Show {
        #[arg(value_name = "REF")]
        reference: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Check {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(value_name = "CHECK", value_parser = names(CHECKS, CheckId::as_str))]
        check: CheckId,
        #[arg(value_name = "VERDICT", value_parser = names(VERDICTS, Verdict::as_str))]
        verdict: Verdict,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// For purpose, judged per pot: the verdict is this pot's alone.
        #[arg(long, value_name = "POT")]
        pot: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Allocate {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(value_name = "POT")]
        pot: String,
        /// Words are joined, so `450 000` needs no quotes
        #[arg(required = true, num_args = 1.., allow_negative_numbers = true, value_name = "AMOUNT")]
        amount: Vec<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Propose {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(value_name = "OUTCOME", value_parser = names(OUTCOMES, Outcome::as_str))]
        outcome: Outcome,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Approve {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "SEQ")]
        proposal: Option<u64>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Reopen {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Conflict {
        #[arg(
            value_name = "REF",
            required_unless_present_any = ["municipality", "list", "withdraw"],
            conflicts_with = "municipality"
        )]
        reference: Option<String>,
        #[arg(long, value_name = "NUMBER")]
        municipality: Option<String>,
        #[arg(long, requires = "municipality")]
        withdraw: bool,
        #[arg(
            long,
            value_name = "TEXT",
            required_unless_present_any = ["withdraw", "list"]
        )]
        reason: Option<String>,
        #[arg(long, conflicts_with_all = ["reference", "municipality", "withdraw", "reason"])]
        list: bool,
        #[command(flatten)]
        output: JsonFlag,
    },
    Undo {
        #[arg(value_name = "REF")]
        reference: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Letters {
        #[arg(long, value_name = "ID")]
        round: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_enum, value_name = "FORMAT", default_value = "md")]
        format: crate::letters::FileFormat,
        #[arg(long, value_enum, value_name = "KIND", default_value = "decision")]
        kind: crate::letters::LetterKind,
        #[command(flatten)]
        output: JsonFlag,
    },
    ArchiveRef {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(value_name = "NUMBER")]
        number: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Sent {
        #[arg(long, value_name = "ID")]
        round: String,
        /// Only these cases (default: every decided case of the round).
        #[arg(value_name = "REF")]
        references: Vec<String>,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "TEXT")]
        journal: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Pay {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "AMOUNT")]
        amount: Option<String>,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Report {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "AMOUNT")]
        spent: String,
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Claim {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "AMOUNT")]
        amount: Option<String>,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Repaid {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "AMOUNT")]
        amount: String,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Extend {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "DATE")]
        until: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Close {
        #[arg(value_name = "REF")]
        reference: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    Due {
        #[arg(long, value_name = "ID")]
        round: Option<String>,
        /// Reports and use-by dates due within this many days.
        #[arg(long, value_name = "N", default_value_t = 30)]
        days: u32,
        #[command(flatten)]
        output: JsonFlag,
    },
    Overview {
        #[arg(long, value_name = "ID")]
        round: Option<String>,
        #[arg(long, value_enum, value_name = "BY")]
        by: Option<OverviewBy>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Annual {
        #[arg(long, value_name = "YYYY", allow_negative_numbers = true)]
        year: i32,
        #[arg(long, value_enum, value_name = "FORMAT", default_value = "csv")]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    Theme {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(value_name = "THEME")]
        themes: Vec<String>,
        #[arg(long, conflicts_with = "themes")]
        clear: bool,
        #[command(flatten)]
        output: JsonFlag,
    },
    Priority {
        #[arg(value_name = "NUMBER", required_unless_present = "list")]
        municipality: Option<String>,
        #[arg(long, value_name = "TEXT", conflicts_with = "clear")]
        note: Option<String>,
        #[arg(long, requires = "municipality")]
        clear: bool,
        #[arg(long, conflicts_with_all = ["municipality", "note", "clear"])]
        list: bool,
        #[command(flatten)]
        output: JsonFlag,
    },
    Export {
        #[arg(long, value_name = "ID")]
        round: String,
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "CHAR", default_value = ",")]
        delimiter: char,
    },
    Audit {
        #[arg(value_name = "REF")]
        reference: Option<String>,
        #[arg(long)]
        verify: bool,
        #[arg(long, value_name = "HASH")]
        expect: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    Serve {
        #[arg(long, value_name = "PATH")]
        socket: PathBuf,
        #[arg(long, value_name = "N", default_value_t = 512)]
        max_connections: usize,
        #[arg(long, value_name = "N", default_value_t = 32)]
        max_per_user: usize,
        #[arg(long, value_name = "SECONDS", default_value_t = 600)]
        idle_timeout: u64,
        #[arg(long, value_name = "SECONDS", default_value_t = 5)]
        handshake_timeout: u64,
    },
    Users {
        #[command(subcommand)]
        what: UsersWhat,
    },
    Dev {
        #[command(subcommand)]
        what: DevWhat,
    },
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    Man,
}

#[derive(Debug, Subcommand)]
pub enum UsersWhat {
    Add {
        #[arg(value_name = "LOGIN")]
        login: String,
        #[arg(long, value_name = "ROLE", value_parser = names(ROLES, UserRole::as_str))]
        role: UserRole,
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
    },
    Set {
        #[arg(value_name = "LOGIN")]
        login: String,
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
    },
    List {
        #[command(flatten)]
        output: JsonFlag,
    },
    Remove {
        #[arg(value_name = "LOGIN")]
        login: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevWhat {
    Generate {
        #[arg(long, value_name = "N", default_value_t = 20)]
        networks: usize,
        #[arg(long, value_name = "M", default_value_t = 1000)]
        applications: usize,
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Write the files to this directory instead of importing them
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Where the database's bytes go, per table
    Stats,
    /// Give the file's unused space back
    Compact,
    /// Compute every running total again from the cases
    Repair,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    Registry {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    Round {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    Applications {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OverviewBy {
    Network,
    Municipality,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

/// A clap parser that takes exactly the domain's names for `T` (`deadline`, `not-met`,
/// `under-review`): the domain stays free of clap, and nothing is listed twice.
fn names<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl clap::builder::TypedValueParser<Value = T> {
    clap::builder::PossibleValuesParser::new(all.iter().map(|v| name(*v))).map(move |text| {
        *all.iter()
            .find(|v| name(**v) == text)
            .expect("a listed name")
    })
}

/// The states by id, each also by its bokmål and nynorsk words (`mottatt`, `vedteken`):
/// the help lists the ids, and the words a Norwegian user types are taken as well.
fn state_names() -> impl clap::builder::TypedValueParser<Value = CaseState> {
    use clap::builder::PossibleValue;
    let values = STATES.iter().map(|state| {
        PossibleValue::new(state.as_str())
            .aliases(crate::service::state_words(*state).iter().copied())
    });
    clap::builder::PossibleValuesParser::new(values).map(|text| {
        STATES
            .iter()
            .copied()
            .find(|state| {
                state.as_str() == text
                    || crate::service::state_words(*state).contains(&text.as_str())
            })
            .expect("a listed name or word")
    })
}

const CHECKS: &[CheckId] = &CheckId::ALL;
const VERDICTS: &[Verdict] = &Verdict::RECORDABLE;
const OUTCOMES: &[Outcome] = &Outcome::ALL;
const STATES: &[CaseState] = &CaseState::ALL;
const ROLES: &[UserRole] = &UserRole::ALL;

/// The clap command with about and help texts in `lang`.
pub fn localized_command(lang: Lang) -> clap::Command {
    let help = lang.texts().cli_help();
    let mut command = Cli::command()
        .about(help.about)
        .after_help(lang.usage_words().after_help)
        .help_template(help.template)
        .mut_subcommand("import", |c| c.help_template(help.subcommand_template))
        .mut_subcommand("users", |c| c.help_template(help.subcommand_template))
        .mut_subcommand("dev", |c| c.help_template(help.subcommand_template));
    for (path, text) in help.entries {
        if let Some(arg) = path.strip_prefix("*.") {
            command = everywhere(command, arg, text);
            continue;
        }
        let parts: Vec<&str> = path.split('.').collect();
        command = apply(command, &parts, text, help.subcommand_template);
    }
    let command = command.disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help(help.version_flag),
    );
    let command = headings(command, help);
    super::usage::annotate(command, lang.usage_words())
}

/// Section headings and the help flag in the chosen language, on every subcommand.
fn headings(command: clap::Command, help: &'static crate::i18n::CliHelp) -> clap::Command {
    let mut command = command
        .subcommand_help_heading(help.commands_heading)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(help.help_flag),
        );
    let args: Vec<(String, bool)> = command
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (order, (id, positional)) in args.into_iter().enumerate() {
        let heading = if positional {
            help.arguments_heading
        } else {
            help.options_heading
        };
        // A heading changes clap's ordering; keep the order of the definition.
        command = command.mut_arg(id, |a| a.help_heading(heading).display_order(order));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |s| headings(s, help));
    }
    command
}

/// The help of an argument that many subcommands share (`REF`, `--json`).
fn everywhere(command: clap::Command, arg: &str, text: &'static str) -> clap::Command {
    let mut command = command;
    if command.get_arguments().any(|a| a.get_id() == arg) {
        command = command.mut_arg(arg, |a| a.help(text));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |s| everywhere(s, arg, text));
    }
    command
}

fn apply(
    command: clap::Command,
    path: &[&str],
    text: &'static str,
    template: &'static str,
) -> clap::Command {
    match path {
        ["", arg] => {
            let arg = (*arg).to_string();
            if command.get_arguments().any(|a| a.get_id() == arg.as_str()) {
                command.mut_arg(arg, |a| a.help(text))
            } else {
                command
            }
        }
        [sub] => command.mut_subcommand(*sub, |c| c.about(text).help_template(template)),
        [sub, rest @ ..] => {
            let rest: Vec<&str> = rest.to_vec();
            command.mut_subcommand(*sub, move |c| {
                if c.get_subcommands().any(|s| s.get_name() == rest[0]) && rest.len() == 1 {
                    c.mut_subcommand(rest[0], |s| s.about(text).help_template(template))
                } else if rest.len() == 1 && c.get_arguments().any(|a| a.get_id() == rest[0]) {
                    c.mut_arg(rest[0], |a| a.help(text))
                } else if rest.len() == 1 {
                    c
                } else {
                    apply(c, &rest, text, template)
                }
            })
        }
        [] => command,
    }
}
