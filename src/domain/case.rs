//! A case: an application under review, with its checks, allocations, proposal and
//! decision. The methods here are the rules; each returns the changes it made, so the
//! caller can record them as events, or a [`Refusal`] and no change at all.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::application::Application;
use super::checks::{self, CheckId, CheckRecord, CheckState, Verdict};
use super::event::Change;
use super::money::Money;
use super::refusal::Refusal;
use super::round::{Pot, Round};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseState {
    Received,
    UnderReview,
    Proposed,
    Decided,
    LetterSent,
    /// All that was granted is paid.
    Paid,
    /// The final report and accounts are in.
    Reported,
    /// Reported, and nothing is owed: the case is done.
    Closed,
}

impl CaseState {
    pub const ALL: [CaseState; 8] = [
        CaseState::Received,
        CaseState::UnderReview,
        CaseState::Proposed,
        CaseState::Decided,
        CaseState::LetterSent,
        CaseState::Paid,
        CaseState::Reported,
        CaseState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Received => "received",
            CaseState::UnderReview => "under-review",
            CaseState::Proposed => "proposed",
            CaseState::Decided => "decided",
            CaseState::LetterSent => "letter-sent",
            CaseState::Paid => "paid",
            CaseState::Reported => "reported",
            CaseState::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Paid, reported or closed: money has moved, and no reopening undoes it.
    pub fn is_after_payment(self) -> bool {
        matches!(
            self,
            CaseState::Paid | CaseState::Reported | CaseState::Closed
        )
    }

    /// Decided cases change only after a reopen (and only until the follow-up starts).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            CaseState::Decided
                | CaseState::LetterSent
                | CaseState::Paid
                | CaseState::Reported
                | CaseState::Closed
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Everything requested, from every pot.
    Approve,
    /// Less than requested, but something.
    Partial,
    Reject,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Approve, Outcome::Partial, Outcome::Reject];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approve => "approve",
            Outcome::Partial => "partial",
            Outcome::Reject => "reject",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// The adviser's recommendation (innstilling).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub outcome: Outcome,
    pub reason: String,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// The allocations the proposal was written for.
    pub amounts: BTreeMap<String, Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: String,
    pub proposed_by: String,
    pub decided_by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub amounts: BTreeMap<String, Money>,
}

/// When a case's grant letter was first written, and in which form: writing it again
/// gives the same letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterRecord {
    pub date: chrono::NaiveDate,
    pub form: String,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// What the archive and the applicant call a case, and who is paid: kept beside the
/// case, set by an import or `tilskudd archive-ref`, so cases stored by earlier versions
/// read as they were.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetails {
    /// The archive's case number (saksnummer): the letter's "Vår ref.".
    pub archive_reference: Option<String>,
    /// The applicant's own reference: the letter's "Deres ref.".
    pub applicant_reference: Option<String>,
    /// The participating municipality the grant is paid to, where not the lead one.
    pub payee: Option<String>,
}

impl CaseDetails {
    /// These details over `base`: what is given here replaces what is there.
    #[must_use]
    pub fn over(&self, base: &CaseDetails) -> CaseDetails {
        CaseDetails {
            archive_reference: self
                .archive_reference
                .clone()
                .or_else(|| base.archive_reference.clone()),
            applicant_reference: self
                .applicant_reference
                .clone()
                .or_else(|| base.applicant_reference.clone()),
            payee: self.payee.clone().or_else(|| base.payee.clone()),
        }
    }
}

/// A declaration that a person is not impartial in a case (Public Administration Act § 6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub person: String,
    pub reason: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub application: Application,
    pub state: CaseState,
    /// Verdicts people recorded; automatic checks without one are computed on the fly.
    pub checks: BTreeMap<CheckId, CheckRecord>,
    /// Amount per pot; a pot without an entry has nothing allocated.
    pub allocations: BTreeMap<String, Money>,
    pub proposal: Option<Proposal>,
    pub decision: Option<Decision>,
    pub conflicts: Vec<Conflict>,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub imported_at: DateTime<Utc>,
    /// Counts changes, so a view can tell that the case moved under it.
    pub revision: u64,
    /// Verdicts recorded for one pot alone, by pot, on checks judged per pot
    /// ([`CheckId::is_per_pot`]). Last, so the layout of earlier versions is a prefix.
    #[serde(default)]
    pub pot_checks: BTreeMap<String, BTreeMap<CheckId, CheckRecord>>,
}

/// The longest reason or note kept: a page of text. More is a paste gone wrong.
pub const MAX_REASON_CHARS: usize = 10_000;

pub(super) fn within_limit(text: &str) -> Result<(), Refusal> {
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(Refusal::TooLong {
            limit: MAX_REASON_CHARS,
        });
    }
    if let Some(ch) = super::text::first_unprintable(text) {
        return Err(Refusal::Unprintable {
            code: u32::from(ch),
        });
    }
    Ok(())
}

/// A reason, trimmed: required, and within the limit.
pub(super) fn required_reason(reason: &str) -> Result<&str, Refusal> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::ReasonRequired);
    }
    within_limit(reason)?;
    Ok(reason)
}

/// Who acts, and when: every rule needs both.
#[derive(Clone, Copy, Debug)]
pub struct Act<'a> {
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

impl Case {
    pub fn new(application: Application, imported_at: DateTime<Utc>) -> Case {
        Case {
            application,
            state: CaseState::Received,
            checks: BTreeMap::new(),
            allocations: BTreeMap::new(),
            proposal: None,
            decision: None,
            conflicts: Vec::new(),
            imported_at,
            revision: 0,
            pot_checks: BTreeMap::new(),
        }
    }

    pub fn reference(&self) -> &str {
        &self.application.reference
    }

    pub fn allocated(&self, pot: &str) -> Money {
        self.allocations.get(pot).copied().unwrap_or(Money::ZERO)
    }

    pub fn allocated_total(&self) -> Money {
        self.allocations.values().copied().sum()
    }

    /// Every check as it stands: computed, recorded, or not yet looked at.
    pub fn check_states(&self, setting: checks::Setting<'_>) -> Vec<CheckState> {
        CheckId::ALL
            .into_iter()
            .map(|id| CheckState {
                id,
                computed: checks::compute(id, &self.application, setting),
                recorded: self.checks.get(&id).cloned(),
                pots: self.pot_checks_of(id),
            })
            .collect()
    }

    /// Each requested pot's own verdict on a check judged per pot, where the application
    /// asks from several pots or a pot has a verdict of its own; empty otherwise.
    fn pot_checks_of(&self, check: CheckId) -> Vec<checks::PotCheck> {
        if !check.is_per_pot() {
            return Vec::new();
        }
        let own = |pot: &str| self.pot_checks.get(pot).and_then(|c| c.get(&check));
        let pots = self.requested_pots();
        if pots.len() < 2 && !pots.iter().any(|p| own(p).is_some()) {
            return Vec::new();
        }
        pots.into_iter()
            .map(|pot| checks::PotCheck {
                recorded: own(pot).cloned(),
                pot: pot.to_string(),
            })
            .collect()
    }

    /// The pots the application asks from, each once, in its order.
    pub fn requested_pots(&self) -> Vec<&str> {
        let mut pots: Vec<&str> = Vec::new();
        for request in &self.application.requests {
            if !pots.contains(&request.pot.as_str()) {
                pots.push(&request.pot);
            }
        }
        pots
    }

    pub fn is_conflicted(&self, person: &str) -> bool {
        self.conflicts.iter().any(|c| c.person == person)
    }

    fn ensure_impartial(&self, person: &str) -> Result<(), Refusal> {
        if self.is_conflicted(person) {
            return Err(Refusal::Conflicted {
                reference: self.reference().to_string(),
                person: person.to_string(),
            });
        }
        Ok(())
    }

    /// Whether `person` may change the case now (an open case, no conflict of theirs):
    /// what a front-end asks before it opens a form for a change.
    pub fn may_change(&self, person: &str) -> Result<(), Refusal> {
        self.ensure_workable(person)
    }

    /// A person may work on an open case in which they have no conflict.
    /// Refused where `person` declared a conflict in the case: the follow-up of a grant
    /// is work on the case too.
    pub fn ensure_follow_up_by(&self, person: &str) -> Result<(), Refusal> {
        self.ensure_impartial(person)
    }

    /// Refused where one of `person`'s standing ties takes part in the case.
    pub fn ensure_untied(&self, person: &str, ties: &super::ties::Ties) -> Result<(), Refusal> {
        match super::ties::barring(&self.application, ties) {
            Some(municipality) => Err(Refusal::TiedToMunicipality {
                reference: self.reference().to_string(),
                person: person.to_string(),
                municipality: municipality.to_string(),
            }),
            None => Ok(()),
        }
    }

    fn ensure_workable(&self, person: &str) -> Result<(), Refusal> {
        self.ensure_impartial(person)?;
        if self.state.is_closed() {
            return Err(Refusal::CaseClosed {
                reference: self.reference().to_string(),
                state: self.state,
            });
        }
        Ok(())
    }

    fn set_state(&mut self, to: CaseState, changes: &mut Vec<Change>) {
        if self.state != to {
            changes.push(Change::StateChanged {
                from: self.state,
                to,
            });
            self.state = to;
        }
    }

    /// Review work on a proposed case makes the proposal stale: it is withdrawn, openly.
    fn begin_work(&mut self, changes: &mut Vec<Change>) {
        if let Some(proposal) = self.proposal.take() {
            changes.push(Change::ProposalWithdrawn { proposal });
        }
        self.set_state(CaseState::UnderReview, changes);
    }

    fn finish(&mut self, changes: Vec<Change>) -> Vec<Change> {
        if !changes.is_empty() {
            self.revision += 1;
        }
        changes
    }

    /// Records a verdict. Overriding a computed verdict needs a note.
    pub fn record_check(
        &mut self,
        act: Act<'_>,
        check: CheckId,
        verdict: Verdict,
        note: Option<&str>,
    ) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(note) = note {
            within_limit(note)?;
        }
        if check.is_automatic() && note.is_none() {
            return Err(Refusal::OverrideNeedsNote { check });
        }
        let after = CheckRecord {
            verdict,
            note: note.map(str::to_string),
            by: act.by.to_string(),
            at: act.at,
        };
        let before = self.checks.get(&check).cloned();
        if before
            .as_ref()
            .is_some_and(|b| b.verdict == after.verdict && b.note == after.note)
        {
            return Ok(Vec::new());
        }
        let mut changes = Vec::new();
        self.begin_work(&mut changes);
        self.checks.insert(check, after.clone());
        changes.push(Change::CheckRecorded {
            check,
            before,
            after,
        });
        Ok(self.finish(changes))
    }

    /// Records a verdict for one pot alone, on a check judged per pot: the purpose of
    /// an application to two pots may fit one and not the other.
    pub fn record_pot_check(
        &mut self,
        act: Act<'_>,
        check: CheckId,
        pot: &str,
        verdict: Verdict,
        note: Option<&str>,
    ) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        let pot = self.ensure_per_pot(check, pot)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(note) = note {
            within_limit(note)?;
        }
        let after = CheckRecord {
            verdict,
            note: note.map(str::to_string),
            by: act.by.to_string(),
            at: act.at,
        };
        let before = self.pot_check(&pot, check).cloned();
        if before
            .as_ref()
            .is_some_and(|b| b.verdict == after.verdict && b.note == after.note)
        {
            return Ok(Vec::new());
        }
        let mut changes = Vec::new();
        self.begin_work(&mut changes);
        self.set_pot_check(&pot, check, Some(after.clone()));
        changes.push(Change::PotCheckRecorded {
            check,
            pot,
            before,
            after: Some(after),
        });
        Ok(self.finish(changes))
    }

    /// Takes back the verdict recorded for one pot: it has the whole application's again.
    pub fn clear_pot_check(
        &mut self,
        act: Act<'_>,
        check: CheckId,
        pot: &str,
    ) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        let pot = self.ensure_per_pot(check, pot)?;
        let Some(before) = self.pot_check(&pot, check).cloned() else {
            return Ok(Vec::new());
        };
        let mut changes = Vec::new();
        self.begin_work(&mut changes);
        self.set_pot_check(&pot, check, None);
        changes.push(Change::PotCheckRecorded {
            check,
            pot,
            before: Some(before),
            after: None,
        });
        Ok(self.finish(changes))
    }

    /// The pot as the application spells it, where `check` is judged per pot and the
    /// application asks from `pot` (compared without regard to case).
    fn ensure_per_pot(&self, check: CheckId, pot: &str) -> Result<String, Refusal> {
        if !check.is_per_pot() {
            return Err(Refusal::NotPerPot { check });
        }
        let requested = self.requested_pots();
        requested
            .iter()
            .find(|p| p.eq_ignore_ascii_case(pot.trim()))
            .map(|p| (*p).to_string())
            .ok_or_else(|| Refusal::PotNotRequested {
                reference: self.reference().to_string(),
                pot: pot.to_string(),
                requested: requested.iter().map(|p| (*p).to_string()).collect(),
            })
    }

    /// The verdict recorded for `pot` alone on `check`, if any.
    pub fn pot_check(&self, pot: &str, check: CheckId) -> Option<&CheckRecord> {
        self.pot_checks.get(pot).and_then(|c| c.get(&check))
    }

    /// Sets or removes (`None`) the verdict recorded for `pot` alone: what a rule, an
    /// undo and a replay all do.
    pub fn set_pot_check(&mut self, pot: &str, check: CheckId, record: Option<CheckRecord>) {
        match record {
            Some(record) => {
                self.pot_checks
                    .entry(pot.to_string())
                    .or_default()
                    .insert(check, record);
            }
            None => {
                if let Some(checks) = self.pot_checks.get_mut(pot) {
                    checks.remove(&check);
                    if checks.is_empty() {
                        self.pot_checks.remove(pot);
                    }
                }
            }
        }
    }

    /// Takes back a recorded verdict, so the check is computed (or unchecked) again.
    pub fn clear_check(&mut self, act: Act<'_>, check: CheckId) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        let Some(before) = self.checks.get(&check).cloned() else {
            return Ok(Vec::new());
        };
        let mut changes = Vec::new();
        self.begin_work(&mut changes);
        self.checks.remove(&check);
        changes.push(Change::CheckCleared { check, before });
        Ok(self.finish(changes))
    }

    /// Withdraws the proposal, back to review.
    pub fn withdraw_proposal(&mut self, act: Act<'_>) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        if self.proposal.is_none() {
            return Err(Refusal::NoProposal {
                reference: self.reference().to_string(),
                state: self.state,
            });
        }
        let mut changes = Vec::new();
        self.begin_work(&mut changes);
        Ok(self.finish(changes))
    }

    /// Sets the amount from one pot. `allocated_in_pot` is the pot's sum over all cases,
    /// read in the same write transaction, so two advisers cannot both spend the last krone.
    pub fn allocate(
        &mut self,
        act: Act<'_>,
        pot: &Pot,
        amount: Money,
        allocated_in_pot: Money,
    ) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        let reference = self.reference().to_string();
        let before = self.allocated(&pot.id);
        if amount == before {
            return Ok(Vec::new());
        }
        if !amount.is_zero() {
            let Some(requested) = self.application.requested(&pot.id) else {
                return Err(Refusal::NotRequested {
                    reference,
                    pot: pot.id.clone(),
                    requested: self
                        .application
                        .requests
                        .iter()
                        .map(|r| r.pot.clone())
                        .collect(),
                });
            };
            if amount > requested {
                return Err(Refusal::OverRequested {
                    reference,
                    pot: pot.id.clone(),
                    amount,
                    requested,
                });
            }
            let remaining = pot.room(allocated_in_pot, before);
            if amount > remaining {
                return Err(Refusal::PotOverdrawn {
                    pot: pot.id.clone(),
                    amount,
                    remaining,
                });
            }
        }
        let mut changes = Vec::new();
        self.begin_work(&mut changes);
        if amount.is_zero() {
            self.allocations.remove(&pot.id);
        } else {
            self.allocations.insert(pot.id.clone(), amount);
        }
        changes.push(Change::Allocated {
            pot: pot.id.clone(),
            before,
            after: amount,
        });
        Ok(self.finish(changes))
    }

    /// The outcome the current allocations amount to.
    pub fn fitting_outcome(&self) -> Outcome {
        let total = self.allocated_total();
        if total.is_zero() {
            return Outcome::Reject;
        }
        let full = self.application.requests.iter().all(|r| {
            self.allocated(&r.pot) >= self.application.requested(&r.pot).unwrap_or(r.amount)
        });
        if full {
            Outcome::Approve
        } else {
            Outcome::Partial
        }
    }

    /// Refused where a check stops a grant of `outcome` with the current allocations.
    fn ensure_checks_allow(
        &self,
        outcome: Outcome,
        states: &[CheckState],
        round: &Round,
    ) -> Result<(), Refusal> {
        let requested = self.requested_pots();
        let found = checks::blocking(states, outcome, &self.allocations, &requested, round);
        if found.failing.is_empty() {
            return Ok(());
        }
        let reference = self.reference().to_string();
        Err(if found.partial_would_pass {
            Refusal::OnlyPartialGrant {
                reference,
                failing: found.failing,
                closed: found.closed,
            }
        } else {
            Refusal::ChecksNotPassed {
                reference,
                failing: found.failing,
            }
        })
    }

    /// Writes the proposal. A grant needs every applicable check met and allocations that
    /// fit the outcome; a rejection releases whatever was allocated.
    pub fn propose(
        &mut self,
        act: Act<'_>,
        outcome: Outcome,
        reason: &str,
        check_states: &[CheckState],
        round: &Round,
    ) -> Result<Vec<Change>, Refusal> {
        self.ensure_workable(act.by)?;
        let reason = required_reason(reason)?;
        let reference = self.reference().to_string();
        let mut changes = Vec::new();
        if outcome == Outcome::Reject {
            for (pot, amount) in std::mem::take(&mut self.allocations) {
                changes.push(Change::Allocated {
                    pot,
                    before: amount,
                    after: Money::ZERO,
                });
            }
        } else {
            self.ensure_checks_allow(outcome, check_states, round)?;
            let fits = self.fitting_outcome();
            if fits != outcome {
                return Err(Refusal::OutcomeMismatch {
                    reference,
                    outcome,
                    fits,
                });
            }
        }
        let before = self.proposal.take();
        let after = Proposal {
            outcome,
            reason: reason.to_string(),
            by: act.by.to_string(),
            at: act.at,
            amounts: self.allocations.clone(),
        };
        self.proposal = Some(after.clone());
        self.set_state(CaseState::Proposed, &mut changes);
        changes.push(Change::Proposed { before, after });
        Ok(self.finish(changes))
    }

    /// Turns the proposal into the decision.
    pub fn approve(
        &mut self,
        act: Act<'_>,
        round: &Round,
        check_states: &[CheckState],
    ) -> Result<Vec<Change>, Refusal> {
        let four_eyes = round.four_eyes;
        self.ensure_workable(act.by)?;
        let reference = self.reference().to_string();
        let Some(proposal) = self.proposal.clone() else {
            return Err(Refusal::NoProposal {
                reference,
                state: self.state,
            });
        };
        if four_eyes && proposal.by == act.by {
            return Err(Refusal::FourEyes {
                reference,
                proposer: proposal.by,
            });
        }
        if proposal.outcome != Outcome::Reject {
            // The registry may have changed since the proposal: look again.
            self.ensure_checks_allow(proposal.outcome, check_states, round)?;
        }
        let decision = Decision {
            outcome: proposal.outcome,
            reason: proposal.reason.clone(),
            proposed_by: proposal.by.clone(),
            decided_by: act.by.to_string(),
            at: act.at,
            amounts: self.allocations.clone(),
        };
        let mut changes = Vec::new();
        self.decision = Some(decision.clone());
        self.set_state(CaseState::Decided, &mut changes);
        changes.push(Change::Decided { decision });
        Ok(self.finish(changes))
    }

    /// Opens a decided case for change again; the decision stays in the history.
    pub fn reopen(&mut self, act: Act<'_>, reason: &str) -> Result<Vec<Change>, Refusal> {
        self.ensure_impartial(act.by)?;
        let reason = required_reason(reason)?;
        let reference = self.reference().to_string();
        let (true, Some(decision)) = (self.state.is_closed(), self.decision.take()) else {
            return Err(Refusal::NotDecided {
                reference,
                state: self.state,
            });
        };
        let mut changes = vec![Change::Reopened {
            reason: reason.to_string(),
            decision,
        }];
        self.proposal = None;
        self.set_state(CaseState::UnderReview, &mut changes);
        Ok(self.finish(changes))
    }

    /// Declares the acting person's own conflict of interest, which bars them from the case.
    pub fn declare_conflict(&mut self, act: Act<'_>, reason: &str) -> Result<Vec<Change>, Refusal> {
        let reason = required_reason(reason)?;
        if self.is_conflicted(act.by) {
            return Err(Refusal::AlreadyDeclared {
                reference: self.reference().to_string(),
                person: act.by.to_string(),
            });
        }
        let mut changes = Vec::new();
        // A person who is not impartial may not have prepared the case either: their
        // proposal goes.
        if self.proposal.as_ref().is_some_and(|p| p.by == act.by) && !self.state.is_closed() {
            self.begin_work(&mut changes);
        }
        self.conflicts.push(Conflict {
            person: act.by.to_string(),
            reason: reason.to_string(),
            at: act.at,
        });
        changes.push(Change::ConflictDeclared {
            reason: reason.to_string(),
        });
        Ok(self.finish(changes))
    }
}
