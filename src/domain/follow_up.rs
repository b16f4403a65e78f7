//! After the decision (økonomireglementet § 6.3): payment, the final report and
//! accounts, repayment claims and the money received back, extensions of the use-by
//! date, and closing. Each rule takes the case and its follow-up, changes both, and
//! returns the changes to record, or a [`Refusal`] and no change at all.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::case::{Act, Case, CaseState, Outcome, required_reason, within_limit};
use super::event::Change;
use super::money::Money;
use super::refusal::Refusal;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub amount: Money,
    pub date: NaiveDate,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// The recipient's final report and accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub spent: Money,
    pub received: NaiveDate,
    pub note: Option<String>,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// A claim for unused or misused funds: a decision of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub amount: Money,
    pub reason: String,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repayment {
    pub amount: Money,
    pub date: NaiveDate,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// A new use-by date for one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub until: NaiveDate,
    pub reason: String,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// Everything after a case's decision, kept beside the case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub payments: Vec<Payment>,
    pub report: Option<Report>,
    pub claims: Vec<Claim>,
    pub repayments: Vec<Repayment>,
    pub extension: Option<Extension>,
}

impl FollowUp {
    pub fn paid(&self) -> Money {
        self.payments.iter().map(|p| p.amount).sum()
    }

    pub fn claimed(&self) -> Money {
        self.claims.iter().map(|c| c.amount).sum()
    }

    pub fn repaid(&self) -> Money {
        self.repayments.iter().map(|r| r.amount).sum()
    }

    pub fn spent(&self) -> Money {
        self.report.as_ref().map_or(Money::ZERO, |r| r.spent)
    }

    /// Claimed and not yet received back.
    pub fn owed(&self) -> Money {
        self.claimed().minus(self.repaid())
    }

    /// The claims not yet repaid in full, oldest first: repayments settle the oldest
    /// claims first.
    pub fn open_claims(&self) -> Vec<&Claim> {
        let mut settled = self.repaid();
        self.claims
            .iter()
            .filter(|claim| {
                if let Some(left) = settled.checked_minus(claim.amount) {
                    settled = left;
                    false
                } else {
                    settled = Money::ZERO;
                    true
                }
            })
            .collect()
    }

    /// The date the funds must be used by: the extension's, else the round's.
    pub fn use_by(&self, round_use_by: Option<NaiveDate>) -> Option<NaiveDate> {
        self.extension.as_ref().map(|e| e.until).or(round_use_by)
    }

    /// Whether anything has happened after the decision that a reopening would undo.
    pub fn is_started(&self) -> bool {
        *self != FollowUp::default()
    }

    /// Applies a recorded change (the log's replay, and the rules below alike).
    pub fn apply(&mut self, change: &Change, by: &str, at: DateTime<Utc>) {
        let by = by.to_string();
        match change {
            Change::Paid { amount, date } => self.payments.push(Payment {
                amount: *amount,
                date: *date,
                by,
                at,
            }),
            Change::ReportReceived {
                spent,
                received,
                note,
            } => {
                self.report = Some(Report {
                    spent: *spent,
                    received: *received,
                    note: note.clone(),
                    by,
                    at,
                });
            }
            Change::Claimed { amount, reason } => self.claims.push(Claim {
                amount: *amount,
                reason: reason.clone(),
                by,
                at,
            }),
            Change::Repaid { amount, date } => self.repayments.push(Repayment {
                amount: *amount,
                date: *date,
                by,
                at,
            }),
            Change::Extended { until, reason } => {
                self.extension = Some(Extension {
                    until: *until,
                    reason: reason.clone(),
                    by,
                    at,
                });
            }
            _ => {}
        }
    }
}

/// What the decision granted, per pot (nothing for a rejection or no decision).
pub fn granted(case: &Case) -> BTreeMap<String, Money> {
    match &case.decision {
        Some(d) if d.outcome != Outcome::Reject => d.amounts.clone(),
        _ => BTreeMap::new(),
    }
}

/// An amount spread over the pots in proportion to what each granted, to the øre; the
/// last pot takes what rounding leaves, so the parts add up to the whole.
pub fn split(amount: Money, granted: &BTreeMap<String, Money>) -> BTreeMap<String, Money> {
    let total: Money = granted.values().copied().sum();
    let mut parts = BTreeMap::new();
    if total.is_zero() {
        return parts;
    }
    let mut left = amount;
    let count = granted.len();
    for (i, (pot, share)) in granted.iter().enumerate() {
        let part = if i + 1 == count {
            left
        } else {
            amount.times_fraction(*share, total)
        };
        left = left.minus(part);
        parts.insert(pot.clone(), part);
    }
    parts
}

/// The things a follow-up rule is told: who acts, when, and today's date in Norway.
#[derive(Clone, Copy, Debug)]
pub struct Today<'a> {
    pub act: Act<'a>,
    pub date: NaiveDate,
}

fn decided_on(case: &Case) -> Option<NaiveDate> {
    case.decision
        .as_ref()
        .map(|d| super::time::to_oslo(d.at).date_naive())
}

/// A date given for something that happened: not in the future, not before the
/// decision.
fn check_date(case: &Case, date: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    if date > today {
        return Err(Refusal::DateInFuture { date });
    }
    if let Some(decided) = decided_on(case).filter(|d| date < *d) {
        return Err(Refusal::BeforeDecision {
            reference: case.reference().to_string(),
            date,
            decided,
        });
    }
    Ok(())
}

fn positive(amount: Money) -> Result<Money, Refusal> {
    if amount.is_zero() {
        return Err(Refusal::AmountZero);
    }
    Ok(amount)
}

/// Refused unless the case is in one of `states`, saying which it is in.
fn ensure_state(case: &Case, states: &[CaseState]) -> Result<(), Refusal> {
    if states.contains(&case.state) {
        return Ok(());
    }
    Err(Refusal::WrongStateForFollowUp {
        reference: case.reference().to_string(),
        state: case.state,
        needed: states.to_vec(),
    })
}

fn set_state(case: &mut Case, to: CaseState, changes: &mut Vec<Change>) {
    if case.state != to {
        changes.push(Change::StateChanged {
            from: case.state,
            to,
        });
        case.state = to;
    }
}

/// A payment (by default all that is unpaid), never more than granted; the case is
/// `paid` when all is.
pub fn pay(
    case: &mut Case,
    follow_up: &mut FollowUp,
    today: Today<'_>,
    amount: Option<Money>,
    date: Option<NaiveDate>,
) -> Result<Vec<Change>, Refusal> {
    case.ensure_follow_up_by(today.act.by)?;
    ensure_state(case, &[CaseState::LetterSent, CaseState::Reported])?;
    let granted: Money = granted(case).values().copied().sum();
    let unpaid = granted.minus(follow_up.paid());
    if unpaid.is_zero() {
        return Err(Refusal::NothingUnpaid {
            reference: case.reference().to_string(),
            granted,
        });
    }
    let amount = positive(amount.unwrap_or(unpaid))?;
    if amount > unpaid {
        return Err(Refusal::OverGranted {
            reference: case.reference().to_string(),
            amount,
            unpaid,
        });
    }
    let date = date.unwrap_or(today.date);
    check_date(case, date, today.date)?;
    let change = Change::Paid { amount, date };
    follow_up.apply(&change, today.act.by, today.act.at);
    let mut changes = vec![change];
    if amount == unpaid && case.state == CaseState::LetterSent {
        set_state(case, CaseState::Paid, &mut changes);
    }
    Ok(changes)
}

/// The final report and accounts, with what was spent; the case is `reported`.
pub fn report(
    case: &mut Case,
    follow_up: &mut FollowUp,
    today: Today<'_>,
    spent: Money,
    received: Option<NaiveDate>,
    note: Option<&str>,
) -> Result<Vec<Change>, Refusal> {
    case.ensure_follow_up_by(today.act.by)?;
    ensure_state(case, &[CaseState::LetterSent, CaseState::Paid])?;
    let granted: Money = granted(case).values().copied().sum();
    if spent > granted {
        return Err(Refusal::SpentOverGranted {
            reference: case.reference().to_string(),
            spent,
            granted,
        });
    }
    let received = received.unwrap_or(today.date);
    check_date(case, received, today.date)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if let Some(note) = note {
        within_limit(note)?;
    }
    let change = Change::ReportReceived {
        spent,
        received,
        note: note.map(str::to_string),
    };
    follow_up.apply(&change, today.act.by, today.act.at);
    let mut changes = vec![change];
    set_state(case, CaseState::Reported, &mut changes);
    Ok(changes)
}

/// A claim for repayment, by default what was paid and not spent; never more than was
/// paid, claims before it counted.
pub fn claim(
    case: &mut Case,
    follow_up: &mut FollowUp,
    today: Today<'_>,
    amount: Option<Money>,
    reason: &str,
) -> Result<Vec<Change>, Refusal> {
    case.ensure_follow_up_by(today.act.by)?;
    ensure_state(
        case,
        &[CaseState::LetterSent, CaseState::Paid, CaseState::Reported],
    )?;
    let reason = required_reason(reason)?;
    let claimable = follow_up.paid().minus(follow_up.claimed());
    let amount = match amount {
        Some(amount) => amount,
        None if follow_up.report.is_some() => follow_up
            .paid()
            .minus(follow_up.spent())
            .minus(follow_up.claimed()),
        None => {
            return Err(Refusal::ClaimNeedsAmount {
                reference: case.reference().to_string(),
            });
        }
    };
    let amount = positive(amount)?;
    if amount > claimable {
        return Err(Refusal::OverClaimable {
            reference: case.reference().to_string(),
            amount,
            claimable,
        });
    }
    let change = Change::Claimed {
        amount,
        reason: reason.to_string(),
    };
    follow_up.apply(&change, today.act.by, today.act.at);
    Ok(vec![change])
}

/// Money received back, never more than is owed.
pub fn repaid(
    case: &mut Case,
    follow_up: &mut FollowUp,
    today: Today<'_>,
    amount: Money,
    date: Option<NaiveDate>,
) -> Result<Vec<Change>, Refusal> {
    case.ensure_follow_up_by(today.act.by)?;
    let owed = follow_up.owed();
    let amount = positive(amount)?;
    if amount > owed {
        return Err(Refusal::OverOwed {
            reference: case.reference().to_string(),
            amount,
            owed,
        });
    }
    let date = date.unwrap_or(today.date);
    check_date(case, date, today.date)?;
    let change = Change::Repaid { amount, date };
    follow_up.apply(&change, today.act.by, today.act.at);
    Ok(vec![change])
}

/// How far after the decision a use-by date may be extended.
const MAX_EXTENSION_YEARS: u32 = 10;

/// A new use-by date, later than the round's and within ten years of the decision,
/// with the reason; another extension corrects a mistaken one.
pub fn extend(
    case: &mut Case,
    follow_up: &mut FollowUp,
    today: Today<'_>,
    round_use_by: Option<NaiveDate>,
    until: NaiveDate,
    reason: &str,
) -> Result<Vec<Change>, Refusal> {
    case.ensure_follow_up_by(today.act.by)?;
    ensure_state(
        case,
        &[CaseState::Decided, CaseState::LetterSent, CaseState::Paid],
    )?;
    if granted(case).is_empty() {
        return Err(Refusal::NothingGranted {
            reference: case.reference().to_string(),
        });
    }
    let reason = required_reason(reason)?;
    // Later than the round's own date (an extension, not a cut), within ten years of
    // the decision; a mistaken extension is corrected by another.
    let decided = decided_on(case).unwrap_or(today.date);
    let latest = decided
        .checked_add_months(chrono::Months::new(12 * MAX_EXTENSION_YEARS))
        .unwrap_or(decided);
    let floor = round_use_by.unwrap_or(decided);
    if until <= floor || until > latest || follow_up.use_by(round_use_by) == Some(until) {
        return Err(Refusal::NotLater {
            reference: case.reference().to_string(),
            until,
            current: follow_up.use_by(round_use_by).unwrap_or(floor),
        });
    }
    let change = Change::Extended {
        until,
        reason: reason.to_string(),
    };
    follow_up.apply(&change, today.act.by, today.act.at);
    Ok(vec![change])
}

/// Closes a reported case that owes nothing.
pub fn close(
    case: &mut Case,
    follow_up: &FollowUp,
    today: Today<'_>,
) -> Result<Vec<Change>, Refusal> {
    case.ensure_follow_up_by(today.act.by)?;
    ensure_state(case, &[CaseState::Reported])?;
    // Spent and not yet paid is owed to the recipient: paid first, then closed.
    let unpaid_spent = follow_up.spent().minus(follow_up.paid());
    if !unpaid_spent.is_zero() {
        return Err(Refusal::SpentNotPaid {
            reference: case.reference().to_string(),
            unpaid: unpaid_spent,
        });
    }
    // Paid and not spent is owed too, once claimed: a case is not closed on it.
    let unclaimed = follow_up
        .paid()
        .minus(follow_up.spent())
        .minus(follow_up.claimed());
    if !unclaimed.is_zero() {
        return Err(Refusal::Unclaimed {
            reference: case.reference().to_string(),
            unspent: unclaimed,
        });
    }
    let owed = follow_up.owed();
    if !owed.is_zero() {
        return Err(Refusal::StillOwed {
            reference: case.reference().to_string(),
            owed,
        });
    }
    let mut changes = Vec::new();
    set_state(case, CaseState::Closed, &mut changes);
    Ok(changes)
}

#[cfg(test)]
mod tests;
