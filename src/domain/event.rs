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
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub by: String,
    /// The case reference, for changes to a case.
    pub case: Option<String>,
    pub change: Change,
}

impl Event {
    /// A change by `by` at `at`, not yet in the log: appending it gives its `seq`.
    pub fn new(at: DateTime<Utc>, by: &str, case: Option<&str>, change: Change) -> Event {
        Event {
            seq: 0,
            at,
            by: by.to_string(),
            case: case.map(str::to_string),
            change,
        }
    }
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
    /// An application arrived, or replaced an earlier version (`--replace`): with the
    /// digest of what was stored ([`super::Application::digest`]), so `audit --verify`
    /// can tell an application changed behind the log. Older logs have `Imported`.
    Received {
        replaced: bool,
        digest: String,
    },
    /// A round was imported or its rules changed: the whole round before (none when
    /// new) and after, so the audit shows what changed (four-eyes, appeal rights, pot
    /// totals, deadline). Older logs have `RoundImported`.
    RoundChanged {
        before: Option<Box<super::round::Round>>,
        after: Box<super::round::Round>,
    },
    /// The events after this one (by the same person, at the same instant) take back
    /// the change whose main event is `seq` (undo).
    Undone {
        seq: u64,
    },
    /// The running totals were computed again from the cases (`dev repair`); no case
    /// changed.
    TotalsRebuilt {
        cases: u64,
    },
    /// Municipalities and networks imported: how many were new or changed, and the
    /// digest of the whole registry after it ([`super::registry::digest`]), so a
    /// registry changed behind the log is noticed. Older logs have `RegistryImported`.
    RegistryChanged {
        municipalities: usize,
        networks: usize,
        digest: String,
    },
    /// The decision letter went out (`tilskudd sent`), in this form, on this day, with
    /// the archive's journal number where given. Writing the letter's files records
    /// nothing; older logs have `LetterSent` for the files written.
    LetterDispatched {
        form: String,
        date: chrono::NaiveDate,
        journal: Option<String>,
    },
    /// The full name and title a login signs letters with, set or changed.
    OfficialNamed {
        login: String,
        before: Option<super::access::Official>,
        after: super::access::Official,
    },
    /// A round's counties, report deadline or deciding body, set or changed.
    RoundTermsChanged {
        round: String,
        before: Option<Box<super::round::RoundTerms>>,
        after: Box<super::round::RoundTerms>,
    },
    /// A case's archive reference, the applicant's reference or the payee, set.
    CaseDetailsChanged {
        before: super::case::CaseDetails,
        after: super::case::CaseDetails,
    },
    /// The event's author declared a standing tie with a municipality (fvl. § 6).
    TieDeclared {
        municipality: String,
        reason: String,
    },
    /// The event's author withdrew their tie with a municipality.
    TieWithdrawn {
        municipality: String,
        reason: Option<String>,
    },
    /// One-line fields of an imported application held line breaks or control
    /// characters, folded away: each field with the text as the file had it.
    TextFolded {
        fields: Vec<(String, String)>,
    },
    /// A payment of the grant (or an instalment), on this date.
    Paid {
        amount: super::money::Money,
        date: chrono::NaiveDate,
    },
    /// The final report and accounts, with what was spent.
    ReportReceived {
        spent: super::money::Money,
        received: chrono::NaiveDate,
        note: Option<String>,
    },
    /// A claim for repayment.
    Claimed {
        amount: super::money::Money,
        reason: String,
    },
    /// Money received back.
    Repaid {
        amount: super::money::Money,
        date: chrono::NaiveDate,
    },
    /// A new use-by date for the case.
    Extended {
        until: chrono::NaiveDate,
        reason: String,
    },
    /// A verdict recorded (`after`) or taken back (`after: None`) for one pot alone, on
    /// a check judged per pot.
    PotCheckRecorded {
        check: CheckId,
        pot: String,
        before: Option<CheckRecord>,
        after: Option<CheckRecord>,
    },
    /// A case's themes (project kinds) recorded, replacing those before.
    ThemesSet {
        before: Vec<super::overview::Theme>,
        after: Vec<super::overview::Theme>,
    },
    /// A municipality flagged for special attention (it needs quality development), or
    /// the note of its flag changed.
    PriorityFlagged {
        municipality: String,
        note: Option<String>,
    },
    PriorityCleared {
        municipality: String,
    },
}

/// The event number of a case's current proposal: its last `Proposed` event, while the
/// case has a proposal. `approve --proposal SEQ` names a proposal by it.
pub fn current_proposal_seq(case: &super::case::Case, history: &[Event]) -> Option<u64> {
    case.proposal.as_ref()?;
    history
        .iter()
        .rev()
        .find(|e| matches!(e.change, Change::Proposed { .. }))
        .map(|e| e.seq)
}

impl Change {
    /// The stable name front-ends and JSON use.
    pub fn action(&self) -> &'static str {
        match self {
            Change::Imported { .. } | Change::Received { .. } => "imported",
            Change::StateChanged { .. } => "state-changed",
            Change::CheckRecorded { .. } | Change::PotCheckRecorded { after: Some(_), .. } => {
                "check-recorded"
            }
            Change::Allocated { .. } => "allocated",
            Change::Proposed { .. } => "proposed",
            Change::ProposalWithdrawn { .. } => "proposal-withdrawn",
            Change::Decided { .. } => "decided",
            Change::Reopened { .. } => "reopened",
            Change::ConflictDeclared { .. } => "conflict-declared",
            Change::RegistryImported { .. } | Change::RegistryChanged { .. } => "registry-imported",
            Change::RoundImported { .. }
            | Change::RoundChanged { .. }
            | Change::RoundTermsChanged { .. } => "round-imported",
            Change::CaseDetailsChanged { .. } => "details-changed",
            Change::CheckCleared { .. } | Change::PotCheckRecorded { after: None, .. } => {
                "check-cleared"
            }
            Change::LetterSent { .. } | Change::LetterDispatched { .. } => "letter-sent",
            Change::UserAdded { .. } => "user-added",
            Change::UserRemoved { .. } => "user-removed",
            Change::OfficialNamed { .. } => "official-named",
            Change::Undone { .. } => "undone",
            Change::TotalsRebuilt { .. } => "totals-rebuilt",
            Change::TieDeclared { .. } => "tie-declared",
            Change::TieWithdrawn { .. } => "tie-withdrawn",
            Change::TextFolded { .. } => "text-folded",
            Change::Paid { .. } => "paid",
            Change::ReportReceived { .. } => "reported",
            Change::Claimed { .. } => "claimed",
            Change::Repaid { .. } => "repaid",
            Change::Extended { .. } => "extended",
            Change::ThemesSet { .. } => "themes-set",
            Change::PriorityFlagged { .. } => "priority-flagged",
            Change::PriorityCleared { .. } => "priority-cleared",
        }
    }
}
