//! The domain: money, registry, rounds, applications, cases, checks and their rules.
//! Pure: no I/O, no clock (callers pass the time), no terminal.

pub mod access;
pub mod application;
pub mod case;
pub mod checks;
pub mod event;
pub mod follow_up;
pub mod line;
pub mod money;
pub mod overview;
pub mod refusal;
pub mod registry;
pub mod replay;
pub mod round;
pub mod text;
pub mod ties;
pub mod time;
pub mod undo;

#[cfg(test)]
mod case_tests;

pub use access::{Official, User, UserRole};
pub use application::{Application, BudgetLine, Contact, Period, Request};
pub use case::{
    Act, Case, CaseDetails, CaseState, Conflict, Decision, LetterRecord, Outcome, Proposal,
};
pub use checks::{CheckId, CheckRecord, CheckState, CheckSummary, Finding, Flag, Setting, Verdict};
pub use event::{Change, Event};
pub use line::CaseLine;
pub use money::{AmountError, Money};
pub use overview::{Priority, Theme};
pub use refusal::Refusal;
pub use registry::{LanguageForm, Municipality, MunicipalityDetails, Network, Person, Role};
pub use round::{Office, Pot, Round, RoundTerms, RuleChange};
