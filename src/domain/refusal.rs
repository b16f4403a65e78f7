//! Why the rules refuse an action. Front-ends put these into words (`crate::i18n`).

use super::case::{CaseState, Outcome};
use super::checks::{CheckId, Verdict};
use super::money::Money;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    #[error("{person} has declared a conflict of interest in {reference}")]
    Conflicted { reference: String, person: String },
    #[error("{reference} is {state:?}; reopen it first")]
    CaseClosed { reference: String, state: CaseState },
    #[error("{reference} requested nothing from pot {pot}")]
    NotRequested {
        reference: String,
        pot: String,
        requested: Vec<String>,
    },
    #[error("{amount} is more than the {requested} that {reference} requested from {pot}")]
    OverRequested {
        reference: String,
        pot: String,
        amount: Money,
        requested: Money,
    },
    #[error("{amount} from {pot} would overdraw it: {remaining} remains")]
    PotOverdrawn {
        pot: String,
        amount: Money,
        remaining: Money,
    },
    #[error("overriding the automatic check {check} needs a note")]
    OverrideNeedsNote { check: CheckId },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("checks not met in {reference}")]
    ChecksNotPassed {
        reference: String,
        failing: Vec<(CheckId, Verdict)>,
    },
    #[error("{reference}: the allocations do not match the outcome {outcome:?}")]
    OutcomeMismatch {
        reference: String,
        outcome: Outcome,
        fits: Outcome,
    },
    #[error("{reference} has no proposal to approve")]
    NoProposal { reference: String, state: CaseState },
    #[error("{reference} was proposed by {proposer}; someone else must approve it")]
    FourEyes { reference: String, proposer: String },
    #[error("{reference} is not decided")]
    NotDecided { reference: String, state: CaseState },
    #[error("{person} has already declared a conflict in {reference}")]
    AlreadyDeclared { reference: String, person: String },
    #[error("the text is longer than {limit} characters")]
    TooLong { limit: usize },
    /// A reason or note holds a character that is no text (an escape, a NUL, a
    /// direction override): `code` is the first, as a number.
    #[error("the text holds the unprintable character U+{code:04X}")]
    Unprintable { code: u32 },
    /// The name a local user acts under (`TILSKUDD_USER`) holds a character that is no
    /// text: it would be written into every event and export.
    #[error("the acting name holds the unprintable character U+{code:04X}")]
    UnprintableName { code: u32 },
    /// Two letters would be saved under one file name.
    #[error("the letters of {first} and {second} would both be {file}")]
    FileNamesClash {
        first: String,
        second: String,
        file: String,
    },
    #[error("the letter of {reference} would have a file name over {limit} bytes")]
    FileNameTooLong { reference: String, limit: usize },
    #[error("more than {limit} items in one request")]
    TooMany { limit: usize },
    #[error("{login:?} is not a login name")]
    InvalidLogin { login: String },
    #[error("{login} is the last admin")]
    LastAdmin { login: String },
    #[error("{login} is not a user")]
    NoSuchUser { login: String },
    #[error("{login} is not an account on this machine")]
    NoSuchAccount { login: String },
    /// Undo found no change of this person's that it can take back.
    #[error("{person} has no change to {reference} that can be taken back")]
    NothingToUndo { reference: String, person: String },
    /// Undo: someone else changed the case after the caller.
    #[error("{by} changed {reference} after you")]
    ChangedByOther {
        reference: String,
        by: String,
        change: Box<super::event::Event>,
    },
    /// Undo: the caller's last change was itself an undo.
    #[error("your last change to {reference} was an undo")]
    AlreadyUndone { reference: String },
    /// `approve --proposal SEQ`: the proposal is no longer that one.
    #[error("the proposal of {reference} is no longer number {expected}")]
    ProposalChanged {
        reference: String,
        expected: u64,
        current: Option<u64>,
    },
    /// The case changed after the caller's view of it: what changed since.
    #[error("{reference} changed after it was shown")]
    Stale {
        reference: String,
        changes: Vec<super::event::Event>,
    },
    /// A case named for a round it is not in.
    #[error("{reference} is not in round {round}")]
    NotInRound { reference: String, round: String },
    /// `sent` for a case with no decision to send.
    #[error("{reference} is {state:?}: there is no decision to send")]
    NotDecidedToSend { reference: String, state: CaseState },
    /// `sent` dated after today.
    #[error("{date} is in the future")]
    SentInFuture { date: chrono::NaiveDate },
    /// `sent` with a date or journal number for a letter already recorded as sent.
    #[error("{reference} is recorded as sent already")]
    AlreadySent {
        reference: String,
        sent: Option<chrono::NaiveDate>,
    },
    /// A value given as nothing (an archive reference of spaces).
    #[error("the value is empty")]
    EmptyValue,
    /// A signature without a name.
    #[error("a name is required")]
    NameRequired,
    /// Text that must be one line (a name, a title) holds a line break or control.
    #[error("the text must be one line")]
    NotOneLine,
    /// A letter would be signed by a login with no name recorded.
    #[error("{login} has no name to sign letters with")]
    SignatoryUnnamed { login: String, reference: String },
    /// `sent` dated before the decision.
    #[error("{reference} was decided on {decided}, after {date}")]
    SentBeforeDecision {
        reference: String,
        date: chrono::NaiveDate,
        decided: chrono::NaiveDate,
    },
    /// Checks that a partial grant gets past (a request above the pot, costs the scheme
    /// does not cover, no partner for a pot that needs one) stop a full approval.
    #[error("{reference} can be granted only in part")]
    OnlyPartialGrant {
        reference: String,
        failing: Vec<(CheckId, Verdict)>,
        /// The pots a failing check closes: a partial grant takes nothing from them.
        #[serde(default)]
        closed: Vec<String>,
    },
    /// A theme that is not one of the guidelines' project kinds.
    #[error("unknown theme {theme}")]
    UnknownTheme { theme: String, known: Vec<String> },
    /// A standing tie with a municipality bars judging its need for attention too.
    #[error("{person} has declared a tie with municipality {municipality}")]
    TiedPriority {
        person: String,
        municipality: String,
    },
    /// The registry file flags the municipality; an adviser cannot take that flag off.
    #[error("municipality {municipality} is flagged in the registry")]
    PriorityInRegistry { municipality: String },
    /// A municipality without the priority flag cannot lose it.
    #[error("municipality {municipality} is not flagged for special attention")]
    NotPrioritized { municipality: String },
    /// Only some checks are judged per pot.
    #[error("{check} is judged for the whole application, not per pot")]
    NotPerPot { check: CheckId },
    /// A verdict per pot names a pot the application does not ask from.
    #[error("{reference} asks nothing from pot {pot}")]
    PotNotRequested {
        reference: String,
        pot: String,
        requested: Vec<String>,
    },
    /// A standing tie bars the person from every case the municipality takes part in.
    #[error("{person} has declared a tie with municipality {municipality}, part of {reference}")]
    TiedToMunicipality {
        reference: String,
        person: String,
        municipality: String,
    },
    #[error("{person} has already declared a tie with municipality {municipality}")]
    TieAlreadyDeclared {
        person: String,
        municipality: String,
    },
    #[error("{person} has no tie with municipality {municipality} to withdraw")]
    NoTie {
        person: String,
        municipality: String,
    },
    #[error("there is no municipality {number} in the registry")]
    UnknownMunicipality { number: String },
    #[error("{date} is in the future")]
    DateInFuture { date: chrono::NaiveDate },
    #[error("{date} is before {reference} was decided ({decided})")]
    BeforeDecision {
        reference: String,
        date: chrono::NaiveDate,
        decided: chrono::NaiveDate,
    },
    #[error("the amount is zero")]
    AmountZero,
    /// A follow-up step where the case is not (yet, or any more).
    #[error("{reference} is {state:?}")]
    WrongStateForFollowUp {
        reference: String,
        state: CaseState,
        needed: Vec<CaseState>,
    },
    #[error("{reference} has nothing unpaid")]
    NothingUnpaid { reference: String, granted: Money },
    #[error("{amount} is more than the {unpaid} unpaid in {reference}")]
    OverGranted {
        reference: String,
        amount: Money,
        unpaid: Money,
    },
    #[error("{spent} spent is more than the {granted} granted in {reference}")]
    SpentOverGranted {
        reference: String,
        spent: Money,
        granted: Money,
    },
    #[error("{reference}: a claim before the report needs an amount")]
    ClaimNeedsAmount { reference: String },
    #[error("{amount} is more than the {claimable} that can be claimed in {reference}")]
    OverClaimable {
        reference: String,
        amount: Money,
        claimable: Money,
    },
    #[error("{amount} is more than the {owed} owed in {reference}")]
    OverOwed {
        reference: String,
        amount: Money,
        owed: Money,
    },
    #[error("{reference} granted nothing")]
    NothingGranted { reference: String },
    #[error("{until} is not later than {current} in {reference}")]
    NotLater {
        reference: String,
        until: chrono::NaiveDate,
        current: chrono::NaiveDate,
    },
    #[error("{reference} still owes {owed}")]
    StillOwed { reference: String, owed: Money },
    /// A decision whose follow-up has started (a payment, a report) is not reopened.
    #[error("{reference} has payments or a report")]
    FollowUpStarted { reference: String },
    /// Paid and not spent, and not claimed back: closing would forgive it.
    #[error("{reference} has {unspent} paid and unspent")]
    Unclaimed { reference: String, unspent: Money },
    /// The report shows more spent than paid: the rest is owed to the recipient.
    #[error("{reference} has {unpaid} spent and not paid")]
    SpentNotPaid { reference: String, unpaid: Money },
}
