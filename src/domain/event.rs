//! Every change is an event: who, when, what, and the value before and after.
//!
//! Stored with postcard, which encodes an enum variant by its position: add new
//! variants at the end only, never reorder or remove one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::case::{CaseState, Decision, Proposal};
use super::checks::{CheckId, CheckRecord};
use super::money::Money;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the log, from 1, without gaps.
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub by: String,
    /// The case reference, for changes to a case.
    pub case: Option<String>,
    pub change: Change,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// An application arrived (or replaced an earlier version with `--replace`).
    Imported {
        replaced: bool,
    },
    StateChanged {
        from: CaseState,
        to: CaseState,
    },
    CheckRecorded {
        check: CheckId,
        before: Option<CheckRecord>,
        after: CheckRecord,
    },
    Allocated {
        pot: String,
        before: Money,
        after: Money,
    },
    Proposed {
        before: Option<Proposal>,
        after: Proposal,
    },
    /// A proposal stopped being valid because the amounts or checks under it changed.
    ProposalWithdrawn {
        proposal: Proposal,
    },
    Decided {
        decision: Decision,
    },
    Reopened {
        reason: String,
        decision: Decision,
    },
    ConflictDeclared {
        reason: String,
    },
    /// Municipalities and networks imported: how many were new or changed.
    RegistryImported {
        municipalities: usize,
        networks: usize,
    },
    RoundImported {
        round: String,
        replaced: bool,
    },
    /// A recorded verdict taken back (undo): the check is computed or unchecked again.
    CheckCleared {
        check: CheckId,
        before: CheckRecord,
    },
    /// The grant letter was written, in this form (`nb` or `nn`), dated this day.
    LetterSent {
        form: String,
        date: chrono::NaiveDate,
    },
    /// Someone may now use the server, in this role (`before`: their earlier role).
    UserAdded {
        login: String,
        role: super::access::UserRole,
        before: Option<super::access::UserRole>,
    },
    UserRemoved {
        login: String,
        role: super::access::UserRole,
    },
}

impl Change {
    /// The stable name front-ends and JSON use.
    pub fn action(&self) -> &'static str {
        match self {
            Change::Imported { .. } => "imported",
            Change::StateChanged { .. } => "state-changed",
            Change::CheckRecorded { .. } => "check-recorded",
            Change::Allocated { .. } => "allocated",
            Change::Proposed { .. } => "proposed",
            Change::ProposalWithdrawn { .. } => "proposal-withdrawn",
            Change::Decided { .. } => "decided",
            Change::Reopened { .. } => "reopened",
            Change::ConflictDeclared { .. } => "conflict-declared",
            Change::RegistryImported { .. } => "registry-imported",
            Change::RoundImported { .. } => "round-imported",
            Change::CheckCleared { .. } => "check-cleared",
            Change::LetterSent { .. } => "letter-sent",
            Change::UserAdded { .. } => "user-added",
            Change::UserRemoved { .. } => "user-removed",
        }
    }
}
