//! The service: every command and query, every rule, every event. The CLI, the TUI and
//! the server call this and nothing below it.
//!
//! Commands go through [`Command`] and [`Service::execute`]: one write transaction each,
//! all or nothing, every change recorded as an event. Queries are plain methods that
//! read one consistent snapshot.

mod annual;
mod api;
mod closing;
mod commands;
mod filter;
mod follow_up;
mod import;
mod lookup;
mod overview;
mod queries;
mod ties;
mod users;
mod verify;

#[cfg(test)]
mod properties;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{CheckId, Event, Money, Outcome, UserRole, Verdict};
use crate::import::Source;
use crate::store::Store;

pub use annual::{AnnualReport, AnnualRow, Figures};
pub use api::{Caller, LocalSession, MAX_QUERY_CHARS, MAX_ROWS, Request, Response, Session};
pub use closing::ExportRow;
pub use filter::{FilterError, RowKeys, state_words};
pub use follow_up::{DueItem, DueKind, DueMark};

/// How far ahead the list's `due:` filter and the screen's count look, in days.
pub fn follow_up_days() -> u32 {
    follow_up::DUE_DAYS
}
pub use lookup::{Grant, LookupMatch, MunicipalityRef, NetworkMembership, PersonEntry};
pub use overview::{
    MunicipalityCoverage, NetworkShare, Overview, PriorityRow, Project, RoundFigures, unknown_theme,
};
pub use queries::{
    CaseRow, CaseView, DueFilter, ListFilter, NetworkBreakdown, PotBalance, PotRoom, RoundStatus,
};
pub use ties::TieRow;
pub use verify::audit_outcome;

/// Every change of state, one variant each.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Command {
    /// Record a verdict on a check: a manual judgement, or an override (with a note) of
    /// an automatic one.
    RecordCheck {
        reference: String,
        check: CheckId,
        verdict: Verdict,
        note: Option<String>,
        /// For a check judged per pot: the verdict is this pot's alone.
        #[serde(default)]
        pot: Option<String>,
    },
    /// Set the amount from one pot; zero removes the allocation.
    Allocate {
        reference: String,
        pot: String,
        amount: Money,
    },
    /// Write the proposal (innstilling) with its reason.
    Propose {
        reference: String,
        outcome: Outcome,
        reason: String,
    },
    /// Turn the proposal into the decision. `proposal`: the event number of the
    /// proposal the approver read (`show`); refused if the proposal is another now.
    Approve {
        reference: String,
        #[serde(default)]
        proposal: Option<u64>,
    },
    /// Reopen a decided case, with the reason.
    Reopen { reference: String, reason: String },
    /// Declare one's own conflict of interest in a case.
    DeclareConflict { reference: String, reason: String },
    /// Take back a recorded check verdict (undo): the whole application's, or one pot's.
    ClearCheck {
        reference: String,
        check: CheckId,
        #[serde(default)]
        pot: Option<String>,
    },
    /// Withdraw the proposal of a case that is not decided (undo).
    WithdrawProposal { reference: String },
    /// Municipalities (TOML or CSV) and networks (TOML).
    ImportRegistry { sources: Vec<Source> },
    /// Rounds with their pots (TOML).
    ImportRounds { sources: Vec<Source> },
    /// Applications (JSON), all files in one transaction. `replace` lets a changed
    /// application replace the stored one.
    ImportApplications { sources: Vec<Source>, replace: bool },
    /// The decision letters of a round went out: every decided case of the round, or
    /// the ones named, moves to `letter-sent`, dated (default today) and with the
    /// archive's journal number where given.
    MarkSent {
        round: String,
        references: Vec<String>,
        date: Option<chrono::NaiveDate>,
        journal: Option<String>,
    },
    /// Let a login use a server, in a role (or change its role).
    AddUser { login: String, role: UserRole },
    /// Take a login's access away.
    RemoveUser { login: String },
    /// Take back the caller's own last change to the case (undo).
    Undo { reference: String },
    /// Compute every running total again from the cases (`dev repair`).
    RepairTotals,
    /// The full name and title a login signs letters with; a title of `""` removes it,
    /// and what is not given stays as it was.
    SetOfficial {
        login: String,
        name: Option<String>,
        title: Option<String>,
    },
    /// The archive's case number (saksnummer) of a case, the letter's "Vår ref.".
    SetArchiveReference {
        reference: String,
        archive_reference: String,
    },
    /// Declare one's own standing tie with a municipality: barred from every case it
    /// takes part in, in every round, until withdrawn.
    DeclareTie {
        municipality: String,
        reason: String,
    },
    /// Withdraw one's own standing tie, with why where given.
    WithdrawTie {
        municipality: String,
        reason: Option<String>,
    },
    /// A payment of the grant (default: all that is unpaid), dated (default: today).
    Pay {
        reference: String,
        amount: Option<Money>,
        date: Option<chrono::NaiveDate>,
    },
    /// The final report and accounts: what was spent, when received, a note.
    Report {
        reference: String,
        spent: Money,
        received: Option<chrono::NaiveDate>,
        note: Option<String>,
    },
    /// A claim for repayment (default: paid less spent), with the reason.
    Claim {
        reference: String,
        amount: Option<Money>,
        reason: String,
    },
    /// Money received back on the claims.
    Repaid {
        reference: String,
        amount: Money,
        date: Option<chrono::NaiveDate>,
    },
    /// A new use-by date for one case, with the reason.
    Extend {
        reference: String,
        until: chrono::NaiveDate,
        reason: String,
    },
    /// Close a reported case that owes nothing.
    Close { reference: String },
    /// Record a case's themes (project kinds), replacing those it had.
    SetThemes {
        reference: String,
        themes: Vec<crate::domain::Theme>,
    },
    /// Flag a municipality for special attention (it needs quality development), or
    /// change the flag's note.
    FlagPriority {
        municipality: String,
        note: Option<String>,
    },
    /// Take the flag off a municipality.
    ClearPriority { municipality: String },
}

impl Command {
    /// The case reference a case command names, to be put in its stored form.
    pub fn case_reference_mut(&mut self) -> Option<&mut String> {
        match self {
            Command::RecordCheck { reference, .. }
            | Command::Allocate { reference, .. }
            | Command::Propose { reference, .. }
            | Command::Approve { reference, .. }
            | Command::Reopen { reference, .. }
            | Command::DeclareConflict { reference, .. }
            | Command::ClearCheck { reference, .. }
            | Command::WithdrawProposal { reference }
            | Command::Undo { reference }
            | Command::SetArchiveReference { reference, .. }
            | Command::Pay { reference, .. }
            | Command::Report { reference, .. }
            | Command::Claim { reference, .. }
            | Command::Repaid { reference, .. }
            | Command::Extend { reference, .. }
            | Command::SetThemes { reference, .. }
            | Command::Close { reference } => Some(reference),
            Command::ImportRegistry { .. }
            | Command::ImportRounds { .. }
            | Command::ImportApplications { .. }
            | Command::MarkSent { .. }
            | Command::AddUser { .. }
            | Command::RemoveUser { .. }
            | Command::RepairTotals
            | Command::SetOfficial { .. }
            | Command::DeclareTie { .. }
            | Command::FlagPriority { .. }
            | Command::ClearPriority { .. }
            | Command::WithdrawTie { .. } => None,
        }
    }

    /// The case a case command acts on.
    pub fn case_reference(&self) -> Option<&str> {
        match self {
            Command::RecordCheck { reference, .. }
            | Command::Allocate { reference, .. }
            | Command::Propose { reference, .. }
            | Command::Approve { reference, .. }
            | Command::Undo { reference }
            | Command::Reopen { reference, .. }
            | Command::DeclareConflict { reference, .. }
            | Command::ClearCheck { reference, .. }
            | Command::WithdrawProposal { reference }
            | Command::SetArchiveReference { reference, .. }
            | Command::Pay { reference, .. }
            | Command::Report { reference, .. }
            | Command::Claim { reference, .. }
            | Command::Repaid { reference, .. }
            | Command::Extend { reference, .. }
            | Command::SetThemes { reference, .. }
            | Command::Close { reference } => Some(reference),
            Command::ImportRegistry { .. }
            | Command::ImportRounds { .. }
            | Command::ImportApplications { .. }
            | Command::MarkSent { .. }
            | Command::AddUser { .. }
            | Command::RemoveUser { .. }
            | Command::RepairTotals
            | Command::SetOfficial { .. }
            | Command::DeclareTie { .. }
            | Command::FlagPriority { .. }
            | Command::ClearPriority { .. }
            | Command::WithdrawTie { .. } => None,
        }
    }
}

/// What a command did.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Receipt {
    /// The events recorded, in order; empty when the command changed nothing. An import
    /// of applications leaves its events out and counts them in its summary
    /// ([`ImportSummary::logged`]): it records one or more per application, and 100 000
    /// events held for the answer were 40 MB of memory and of the server's answer.
    pub events: Vec<Event>,
    pub import: Option<ImportSummary>,
    /// What an import changed to take a file in (a title folded to one line), placed
    /// like errors; nothing refused.
    #[serde(default)]
    pub warnings: Vec<crate::import::ImportError>,
}

impl Receipt {
    /// How many events the command recorded, whether the receipt holds them or counts them.
    pub fn recorded(&self) -> u64 {
        self.events.len() as u64 + self.import.map_or(0, |summary| summary.logged)
    }
}

/// Counts for an import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Events the import recorded that its receipt leaves out (see [`Receipt::events`]).
    #[serde(default)]
    pub logged: u64,
}

type Clock = std::sync::Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub struct Service {
    store: Store,
    clock: Clock,
    /// Held while `audit --verify` reads the whole file: one at a time, so callers
    /// asking again and again cost the server one core at most.
    verifying: std::sync::Mutex<()>,
    /// Held shared by a server's client for the whole of a request, from the check of
    /// their role to its answer, and exclusively while a user is added or removed: a
    /// change of who may do what waits for the requests under way, and every request
    /// after it sees it.
    membership: std::sync::RwLock<()>,
}

impl Service {
    pub fn new(store: Store) -> Service {
        Service {
            store,
            clock: std::sync::Arc::new(Utc::now),
            verifying: std::sync::Mutex::new(()),
            membership: std::sync::RwLock::new(()),
        }
    }

    /// A service whose clock is given, for tests and reproducible demos.
    pub fn with_clock(
        store: Store,
        clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static,
    ) -> Service {
        Service {
            store,
            clock: std::sync::Arc::new(clock),
            verifying: std::sync::Mutex::new(()),
            membership: std::sync::RwLock::new(()),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}
