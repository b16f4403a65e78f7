//! Every user-facing text, in one place per language: [`nb`] (bokmål, the default),
//! [`nn`] (nynorsk) and [`en`]. Each implements [`Texts`], so the compiler refuses a
//! language that lacks a text.

mod en;
mod nb;
mod nn;
mod tui;
mod tui_nn;
mod usage;

pub use tui::TuiTexts;
pub use usage::{ManWords, UsageWords};

use crate::domain::{
    AmountError, CaseState, Change, CheckId, CheckSummary, Finding, Flag, Outcome, Refusal, Role,
    Verdict,
};
use crate::error::{Error, NotFound};
use crate::import::Problem;
use crate::service::ImportSummary;
use crate::store::StoreError;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// norsk bokmål
    #[default]
    Nb,
    /// norsk nynorsk
    Nn,
    /// English
    En,
}

impl Lang {
    pub fn texts(self) -> &'static dyn Texts {
        match self {
            Lang::Nb => &nb::Bokmal,
            Lang::Nn => &nn::Nynorsk,
            Lang::En => &en::English,
        }
    }

    /// Clap's own words (usage errors, possible values) in this language.
    pub fn usage_words(self) -> &'static UsageWords {
        match self {
            Lang::Nb => &usage::NB,
            Lang::Nn => &usage::NN,
            Lang::En => &usage::EN,
        }
    }

    /// The manual page's headings and extra sections in this language.
    pub fn man_words(self) -> &'static ManWords {
        match self {
            Lang::Nb => &usage::MAN_NB,
            Lang::Nn => &usage::MAN_NN,
            Lang::En => &usage::MAN_EN,
        }
    }

    /// `--lang` from the arguments or `TILSKUDD_LANG`, read before clap runs so that even
    /// the help comes in the right language.
    pub fn from_args_and_env(args: &[std::ffi::OsString]) -> Lang {
        let parse = |s: &str| match s {
            "en" => Some(Lang::En),
            "nb" => Some(Lang::Nb),
            "nn" => Some(Lang::Nn),
            _ => None,
        };
        let mut from_args = None;
        let mut iter = args.iter().map(|a| a.to_string_lossy());
        while let Some(arg) = iter.next() {
            if arg == "--lang" {
                from_args = iter.next().and_then(|v| parse(&v));
            } else if let Some(v) = arg.strip_prefix("--lang=") {
                from_args = parse(v);
            }
        }
        from_args
            .or_else(|| std::env::var("TILSKUDD_LANG").ok().and_then(|v| parse(&v)))
            .unwrap_or_default()
    }
}

/// Fixed words: headings, column titles, labels.
pub struct Labels {
    pub error: &'static str,
    /// Before a warning: something was changed to take input in, nothing refused.
    pub warning: &'static str,
    pub hint: &'static str,
    pub round: &'static str,
    pub deadline: &'static str,
    pub funds_used_by: &'static str,
    pub four_eyes: &'static str,
    pub appeal_rights: &'static str,
    pub pot: &'static str,
    pub total: &'static str,
    pub allocated: &'static str,
    /// Allocated on decided (and later) cases.
    pub granted: &'static str,
    /// Allocated on cases not yet decided.
    pub provisional: &'static str,
    pub remaining: &'static str,
    pub requested: &'static str,
    pub remaining_in_pot: &'static str,
    pub cases: &'static str,
    pub no_cases: &'static str,
    pub no_rounds: &'static str,
    pub reference: &'static str,
    pub state: &'static str,
    pub network: &'static str,
    pub networks: &'static str,
    pub title: &'static str,
    pub checks: &'static str,
    pub submitted: &'static str,
    pub lead_municipality: &'static str,
    pub municipalities: &'static str,
    pub needs_quality_development: &'static str,
    pub contact: &'static str,
    pub competence_partner: &'static str,
    pub bufetat: &'static str,
    pub project_leader: &'static str,
    pub period: &'static str,
    pub summary: &'static str,
    pub plan: &'static str,
    pub budget: &'static str,
    pub allocations: &'static str,
    pub proposal: &'static str,
    pub decision: &'static str,
    pub conflicts: &'static str,
    pub history: &'static str,
    /// The history of `show` cut to its latest events: how many came before, and the
    /// case's reference (`{0}`, `{1}`).
    pub earlier_events: &'static str,
    /// A network's or municipality's rounds: "Runde for runde".
    pub rounds_history: &'static str,
    /// "{n} søknader": one and many.
    pub applications: [&'static str; 2],
    pub themes: &'static str,
    /// A municipality no granted project of the round reaches.
    pub unreached: &'static str,
    pub share: &'static str,
    pub projects: &'static str,
    /// `priority --list` with nothing flagged.
    pub no_priorities: &'static str,
    /// Flagged by the registry file, not by an adviser.
    pub from_registry: &'static str,
    pub reason: &'static str,
    pub proposed_by: &'static str,
    pub decided_by: &'static str,
    pub none: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub unknown: &'static str,
    pub county: &'static str,
    pub former_names: &'static str,
    /// Before the former name a lookup matched.
    pub matched: &'static str,
    pub steering_group: &'static str,
    pub members: &'static str,
    pub steering_group_heading: &'static str,
    pub coordinators: &'static str,
    pub people: &'static str,
    pub grants: &'static str,
    /// A municipality's granted projects, and its networks' sums, in a lookup.
    pub municipality_grants: &'static str,
    pub network_grants: &'static str,
    pub email_not_shared: &'static str,
    pub override_mark: &'static str,
    /// A pot without a verdict of its own on a check judged per pot.
    pub as_whole: &'static str,
    pub automatic: &'static str,
    pub by: &'static str,
    /// The heading over a case's flags.
    pub flags: &'static str,
    /// What followed the decision, in `show`.
    pub follow_up: &'static str,
    pub paid: &'static str,
    pub spent: &'static str,
    pub claimed: &'static str,
    pub repaid: &'static str,
    pub overdue: &'static str,
    pub nothing_due: &'static str,
    /// What is due, in `DueKind` order: payment, report, repayment, use-by.
    pub due_kinds: [&'static str; 4],
    /// `due`'s columns besides reference and round: the date, what, the amount.
    pub due_columns: [&'static str; 3],
    /// The column of logins in `conflict --list`.
    pub adviser: &'static str,
    pub no_ties: &'static str,
    /// Usage error: both `--db` and `--server` on the command line.
    pub db_or_server: &'static str,
}

/// Everything a front-end says, in one language.
pub trait Texts: Sync {
    /// Which language these are.
    fn lang(&self) -> Lang;
    fn labels(&self) -> &'static Labels;
    fn state(&self, state: CaseState) -> &'static str;
    fn verdict(&self, verdict: Verdict) -> &'static str;
    fn outcome(&self, outcome: Outcome) -> &'static str;
    /// What the check asks, in a few words.
    fn check(&self, check: CheckId) -> &'static str;
    /// A project kind's name.
    fn theme(&self, theme: crate::domain::Theme) -> &'static str;
    fn role(&self, role: Role) -> &'static str;
    fn date(&self, date: chrono::NaiveDate) -> String;
    fn datetime(&self, at: chrono::DateTime<chrono::Utc>) -> String;
    fn finding(&self, finding: &Finding) -> String;
    /// An import's warning: where, and what was changed.
    fn import_warning(&self, warning: &crate::import::ImportError) -> String;
    /// What an adviser should weigh, though no rule stops a grant on it.
    fn flag(&self, flag: &Flag) -> String;
    fn check_summary(&self, summary: &CheckSummary) -> String;
    fn case_counts(&self, counts: &[(CaseState, u64)]) -> String;
    fn change(&self, change: &Change) -> String;
    fn import_summary(&self, what: ImportKind, summary: &ImportSummary) -> String;
    fn amount_error(&self, input: &str, error: &AmountError) -> String;
    fn refusal(&self, refusal: &Refusal) -> String;
    /// A refusal as the review screen says it, where the way out is a key rather than a
    /// command-line flag; `None` where the words are the same everywhere.
    fn screen_refusal(&self, refusal: &Refusal) -> Option<String>;
    fn problem(&self, problem: &Problem) -> String;
    fn not_found(&self, not_found: &NotFound) -> String;
    fn store_error(&self, error: &StoreError) -> String;
    /// The whole message for an error: what is wrong, where, and what to do.
    fn error(&self, error: &Error) -> String;
    /// The server's log line when it stops so its database is opened anew.
    fn server_restarts_after_failure(&self) -> String;
    /// Printed after a command that changed nothing.
    fn nothing_changed(&self) -> &'static str;
    fn demo_ready(&self, path: &str) -> String;
    fn cli_help(&self) -> &'static CliHelp;
    fn tui(&self) -> &'static TuiTexts;
    fn letters_written(&self, count: usize, unsent: usize, dir: &str, round: &str) -> String;
    fn export_written(&self, rows: usize, path: &str) -> String;
    fn chain_whole(&self, events: u64, head: &str) -> String;
    fn user_role(&self, role: crate::domain::UserRole) -> &'static str;
    /// `serve` has started.
    fn serving(&self, socket: &str, db: &str, admin: &str) -> String;
    fn server_stopped(&self) -> String;
    /// The caps `serve` runs with.
    fn serving_limits(&self, connections: usize, per_user: usize, idle_secs: u64) -> String;
    /// A connection was turned away at a cap.
    fn client_turned_away(&self, login: &str, problem: &crate::error::ServerProblem) -> String;
    /// A client with another protocol version was turned away.
    fn client_mismatch(&self, login: &str, protocol: u32, version: &str) -> String;
    /// A client the users table does not know was turned away.
    fn client_refused(&self, login: &str) -> String;
    /// A request failed inside the server (the client was told, the server goes on).
    fn request_failed(&self, login: &str) -> String;
    /// The header of `users list`.
    fn users_heading(&self) -> [&'static str; 5];
    /// `users list` on a database no server has used yet.
    fn no_users(&self) -> &'static str;
}

/// The changes that made a view stale, a line each, at most five.
pub fn stale_changes(t: &dyn Texts, changes: &[crate::domain::Event], more: &str) -> String {
    let mut lines: Vec<String> = changes
        .iter()
        .take(5)
        .map(|e| {
            format!(
                "  {} {}: {}",
                t.datetime(e.at),
                crate::domain::text::safe_line(&e.by),
                crate::domain::text::safe_line(&t.change(&e.change))
            )
        })
        .collect();
    if changes.len() > 5 {
        lines.push(format!("  … {} {more}", changes.len() - 5));
    }
    lines.join("\n")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Registry,
    Rounds,
    Applications,
}

/// Help texts for the command line: `(path, text)`, where the path is a subcommand
/// (`status`), an argument of one (`status.round`), or a global argument (`.db`).
pub struct CliHelp {
    pub about: &'static str,
    pub entries: &'static [(&'static str, &'static str)],
    /// Clap's help template, with the usage heading in this language.
    pub template: &'static str,
    pub subcommand_template: &'static str,
    pub commands_heading: &'static str,
    pub arguments_heading: &'static str,
    pub options_heading: &'static str,
    pub help_flag: &'static str,
    pub version_flag: &'static str,
}

/// One event in a line, safe to print: `INN-2022-001: fosterhjem: 0 kr → 600 000 kr`.
pub fn event_line(t: &dyn Texts, event: &crate::domain::Event) -> String {
    let change = t.change(&event.change);
    let change = crate::domain::text::safe_line(&change);
    match &event.case {
        Some(case) => format!("{}: {change}", crate::domain::text::safe_line(case)),
        None => change.into_owned(),
    }
}

/// What changed in a case's references and payee, each part as `label: before → after`;
/// `labels` name our reference, the applicant's reference and the payee.
pub fn details_change(
    labels: [&str; 3],
    before: &crate::domain::CaseDetails,
    after: &crate::domain::CaseDetails,
) -> String {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
    let pairs = [
        (&before.archive_reference, &after.archive_reference),
        (&before.applicant_reference, &after.applicant_reference),
        (&before.payee, &after.payee),
    ];
    labels
        .iter()
        .zip(pairs)
        .filter(|(_, (b, a))| b != a)
        .map(|(label, (b, a))| format!("{label}: {} → {}", shown(b), shown(a)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A round's terms as one line: `words` are "sender", "counties", "report due" and the
/// text for no terms; `date` writes a date.
pub fn terms_line(
    words: [&str; 4],
    round: &str,
    terms: &crate::domain::RoundTerms,
    date: &dyn Fn(chrono::NaiveDate) -> String,
) -> String {
    let mut parts = Vec::new();
    if let Some(office) = &terms.office {
        parts.push(format!("{} {}", words[0], office.name));
    }
    if !terms.counties.is_empty() {
        parts.push(format!("{} {}", words[1], terms.counties.join(", ")));
    }
    if let Some(due) = terms.report_due {
        parts.push(format!("{} {}", words[2], date(due)));
    }
    if parts.is_empty() {
        parts.push(words[3].to_string());
    }
    format!("{round}: {}", parts.join(", "))
}

/// A word as a shell reads it: quoted where it holds anything but plain characters,
/// so a hint can be pasted as it is.
pub fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./:@+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The two ways to read an ambiguous amount like `450,000`: `("450000", "450,00")`.
pub fn ambiguous_readings(input: &str) -> (String, String) {
    let (whole, fraction) = input.rsplit_once(',').unwrap_or((input, ""));
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    let fraction: String = fraction.chars().filter(char::is_ascii_digit).collect();
    let cents: String = fraction.chars().take(2).collect();
    (format!("{whole}{fraction}"), format!("{whole},{cents}"))
}

/// Joins items for a sentence: `a, b og c`.
pub fn join_list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// The first few of a list, with how many more: `A, B, C (+4)`.
pub fn shown_list(items: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" (+{})", items.len() - SHOWN));
    }
    text
}

/// `, egeninitiert 450 000 kr, fosterhjem 100 000 kr`: the amounts of a decision, or
/// nothing where there are none.
pub fn amounts_text(amounts: &std::collections::BTreeMap<String, crate::domain::Money>) -> String {
    amounts
        .iter()
        .fold(String::new(), |mut out, (pot, amount)| {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!(", {pot} {amount}"));
            out
        })
}

/// What the operating system said, in the reader's language where it is one of the
/// common failures: its messages ("No such file or directory (os error 2)") are English.
/// `words` holds one text per [`OS_ERRORS`] entry, then one for
/// [`crate::error::NOT_A_FILE`]; a message with another code, or none,
/// is passed on as it is.
fn os_message(message: &str, words: &[&str; OS_ERRORS.len() + 1]) -> String {
    if message == crate::error::NOT_A_FILE {
        return words[OS_ERRORS.len()].to_string();
    }
    let code = message
        .rsplit_once("(os error ")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .and_then(|code| code.parse::<i32>().ok());
    OS_ERRORS
        .iter()
        .position(|known| Some(*known) == code)
        .map_or_else(|| message.to_string(), |i| words[i].to_string())
}

/// The error numbers [`os_message`] translates: ENOENT, EACCES, EEXIST, ENOTDIR, EISDIR,
/// ENOSPC, EROFS, ECONNREFUSED, ENAMETOOLONG, ELOOP.
const OS_ERRORS: [i32; 10] = [2, 13, 17, 20, 21, 28, 30, 111, 36, 40];

/// Where in an import something is: the file, the row of a table, the item and the
/// field (a column, in a table), with the words of one language.
fn import_place(
    i: &crate::import::ImportError,
    [row_word, column_word, field_word]: [&str; 3],
) -> String {
    let mut place = i.file.clone();
    if let Some(row) = i.row {
        place.push_str(&format!(", {row_word} {row}"));
    }
    if let Some(item) = &i.item {
        place.push_str(&format!(", {item}"));
    }
    // In a table (a row given), the field is a column.
    let field_word = if i.row.is_some() {
        column_word
    } else {
        field_word
    };
    if let Some(field) = &i.field {
        place.push_str(&format!(", {field_word} {field}"));
    }
    place
}

/// " (and nothing from «a» and «b»)" where a failing check closes pots; nothing where
/// none is closed.
fn closed_pots(closed: &[String], nothing_from: &str, and: &str) -> String {
    if closed.is_empty() {
        return String::new();
    }
    let pots: Vec<String> = closed.iter().map(|p| format!("«{p}»")).collect();
    format!(" ({nothing_from} {})", pots.join(&format!(" {and} ")))
}

#[cfg(test)]
mod tests {
    use super::Lang;
    use crate::error::Error;

    #[test]
    fn the_systems_common_failures_are_said_in_norwegian() {
        let failure = |e: std::io::Error| Error::Output {
            path: "/x/brev.md".into(),
            message: e.to_string(),
        };
        let denied = failure(std::io::Error::from_raw_os_error(13));
        assert_eq!(
            Lang::Nb.texts().error(&denied),
            "Kan ikke skrive /x/brev.md: ingen tilgang."
        );
        assert!(
            Lang::En
                .texts()
                .error(&denied)
                .contains("Permission denied")
        );
        // A failure without a known number is passed on as the system said it.
        let odd = failure(std::io::Error::other("odd"));
        assert_eq!(
            Lang::Nb.texts().error(&odd),
            "Kan ikke skrive /x/brev.md: odd."
        );
    }
}
