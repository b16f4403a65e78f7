//! A case's line in a list: what the queue, `list` and a filter read of it, kept small
//! so that a round of tens of thousands is listed without reading every case whole.

use serde::{Deserialize, Serialize};

use super::case::{Case, CaseState, Outcome};
use super::checks::{CheckSummary, Setting};
use super::money::Money;

/// What a list shows of a case, computed from the case in its setting (the round, its
/// counties and the network, which the automatic checks read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub reference: String,
    pub round: String,
    pub network: String,
    pub title: String,
    pub state: CaseState,
    pub requested: Money,
    pub allocated: Money,
    pub checks: CheckSummary,
    /// The pots the application requests from, in its order.
    pub pots: Vec<String>,
    /// The outcome of the decision, or else of the proposal, where there is one.
    pub outcome: Option<Outcome>,
    /// Who declared a conflict of interest in the case itself.
    pub declared: Vec<String>,
    /// The municipalities taking part, lead first, each once.
    pub municipalities: Vec<String>,
    /// Whether something may fall due in the case (it is decided and not closed): only
    /// then is the case's follow-up read for a list's due mark.
    pub may_fall_due: bool,
}

impl Case {
    /// The case's list line in its setting.
    pub fn line(&self, setting: Setting<'_>) -> CaseLine {
        let application = &self.application;
        CaseLine {
            reference: application.reference.clone(),
            round: application.round.clone(),
            network: application.network.clone(),
            title: application.title.clone(),
            state: self.state,
            requested: application.requested_total(),
            allocated: self.allocated_total(),
            checks: CheckSummary::of(&self.check_states(setting)),
            pots: application.requests.iter().map(|r| r.pot.clone()).collect(),
            outcome: self
                .decision
                .as_ref()
                .map(|d| d.outcome)
                .or(self.proposal.as_ref().map(|p| p.outcome)),
            declared: self.conflicts.iter().map(|c| c.person.clone()).collect(),
            municipalities: application
                .all_municipalities()
                .into_iter()
                .map(str::to_string)
                .collect(),
            may_fall_due: self.may_fall_due(),
        }
    }

    /// Whether something may still fall due (a payment, a report, a repayment): the
    /// case is decided and not closed.
    pub fn may_fall_due(&self) -> bool {
        self.decision.is_some() && self.state != CaseState::Closed
    }
}
