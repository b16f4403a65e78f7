//! What is due after the decisions: payments not made, reports due or overdue, claims
//! not repaid, use-by dates passing.

use serde::{Deserialize, Serialize};

use super::commands::{Bar, Context, change_case};
use super::{Command, Receipt, Service};
use crate::domain::Change;
use crate::domain::follow_up::{self, FollowUp, granted};
use crate::domain::time::to_oslo;
use crate::domain::{Case, CaseState, Money, Round};
use crate::error::Result;
use crate::store::{View, Writer};

/// What is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// A decided grant not (fully) paid.
    Payment,
    /// The final report and accounts.
    Report,
    /// A claim not repaid.
    Repayment,
    /// The date the funds must be used by.
    UseBy,
}

impl DueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::Payment => "payment",
            DueKind::Report => "report",
            DueKind::Repayment => "repayment",
            DueKind::UseBy => "use-by",
        }
    }
}

/// One thing due in one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub reference: String,
    pub round: String,
    pub what: DueKind,
    pub date: chrono::NaiveDate,
    pub overdue: bool,
    /// The money it is about: unpaid, or owed on claims.
    pub amount: Option<Money>,
}

/// The most pressing thing due in a case, for the list: an overdue one before one
/// only due, the earliest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueMark {
    pub what: DueKind,
    pub date: chrono::NaiveDate,
    pub overdue: bool,
}

/// The farthest `due --days` looks.
const MAX_HORIZON_DAYS: u32 = 3_660;

/// How far ahead the list's `due:` filter and the header's count look.
pub const DUE_DAYS: u32 = 30;

/// The list's mark of what is due in a decided case, read in `view`.
pub(super) fn due_mark(
    view: &impl View,
    case: &Case,
    facts: &super::queries::RoundFacts,
    today: chrono::NaiveDate,
) -> Result<Option<DueMark>> {
    if case.decision.is_none() || case.state == CaseState::Closed {
        return Ok(None);
    }
    let round = &facts.round;
    let follow_up = view.follow_up(&round.id, case.reference())?;
    Ok(
        due_of(case, round, facts.report_due, &follow_up, today, DUE_DAYS)
            .into_iter()
            .min_by_key(|item| (!item.overdue, item.date))
            .map(|item| DueMark {
                what: item.what,
                date: item.date,
                overdue: item.overdue,
            }),
    )
}

/// Days after the decision a payment is expected, and after a claim its repayment.
pub const PAYMENT_DAYS: i64 = 30;
pub const REPAYMENT_DAYS: i64 = 30;

/// The final report is due three months after the use-by date, as the letters say,
/// where the round names no date of its own.
pub(super) fn report_due(
    terms_due: Option<chrono::NaiveDate>,
    use_by: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    terms_due.or_else(|| use_by.and_then(|d| d.checked_add_months(chrono::Months::new(3))))
}

/// What is due in one case, today, looking `days` ahead.
fn due_of(
    case: &Case,
    round: &Round,
    report_due_date: Option<chrono::NaiveDate>,
    follow_up: &FollowUp,
    today: chrono::NaiveDate,
    days: u32,
) -> Vec<DueItem> {
    let granted: Money = granted(case).values().copied().sum();
    let Some(decision) = case.decision.as_ref().filter(|_| !granted.is_zero()) else {
        return Vec::new();
    };
    // Ten years ahead covers every use-by date: a larger horizon is that one.
    let horizon = today
        .checked_add_signed(chrono::Duration::days(i64::from(
            days.min(MAX_HORIZON_DAYS),
        )))
        .unwrap_or(chrono::NaiveDate::MAX);
    let item = |what, date: chrono::NaiveDate, overdue: bool, amount| DueItem {
        reference: case.reference().to_string(),
        round: round.id.clone(),
        what,
        date,
        overdue,
        amount,
    };
    let mut items = Vec::new();
    let unpaid = granted.minus(follow_up.paid());
    let open = matches!(case.state, CaseState::Decided | CaseState::LetterSent);
    if open && !unpaid.is_zero() {
        let date = to_oslo(decision.at).date_naive() + chrono::Duration::days(PAYMENT_DAYS);
        items.push(item(DueKind::Payment, date, date < today, Some(unpaid)));
    }
    let use_by = follow_up.use_by(round.funds_used_by);
    let unreported = matches!(
        case.state,
        CaseState::Decided | CaseState::LetterSent | CaseState::Paid
    );
    if unreported {
        if let Some(date) = report_due(report_due_date, use_by).filter(|d| *d <= horizon) {
            items.push(item(DueKind::Report, date, date < today, None));
        }
        if let Some(date) = use_by.filter(|d| *d <= horizon) {
            items.push(item(DueKind::UseBy, date, date < today, None));
        }
    }
    let owed = follow_up.owed();
    if !owed.is_zero() {
        let claimed = follow_up
            .claims
            .last()
            .map_or(today, |c| to_oslo(c.at).date_naive());
        let date = claimed + chrono::Duration::days(REPAYMENT_DAYS);
        items.push(item(DueKind::Repayment, date, date < today, Some(owed)));
    }
    items
}

/// A follow-up rule: the case, its follow-up, who acts and today, and the round's
/// use-by date.
type FollowUpRule<'a> = dyn Fn(
        &mut Case,
        &mut FollowUp,
        follow_up::Today<'_>,
        Option<chrono::NaiveDate>,
    ) -> std::result::Result<Vec<Change>, crate::domain::Refusal>
    + 'a;

/// A follow-up command inside a write transaction: the case and its follow-up
/// loaded, the rule applied, both stored, the events recorded.
pub(super) fn command_in(
    writer: &mut Writer,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
    command: Command,
) -> Result<Receipt> {
    // Each step is a rule on the case and its follow-up, told who, when and today.
    let mut follow = |reference: &str, rule: &FollowUpRule<'_>| {
        let step = |case: &mut Case, cx: &Context<'_, '_>| -> Result<Vec<Change>> {
            let mut follow_up = cx.follow_up.borrow_mut();
            let use_by = cx.round.funds_used_by;
            Ok(rule(case, &mut follow_up, cx.today(), use_by)?)
        };
        change_case(writer, actor, at, reference, &step, Bar::TiesToo)
    };
    match command {
        Command::Pay {
            reference,
            amount,
            date,
        } => follow(&reference, &|case, f, today, _| {
            follow_up::pay(case, f, today, amount, date)
        }),
        Command::Report {
            reference,
            spent,
            received,
            note,
        } => follow(&reference, &|case, f, today, _| {
            follow_up::report(case, f, today, spent, received, note.as_deref())
        }),
        Command::Claim {
            reference,
            amount,
            reason,
        } => follow(&reference, &|case, f, today, _| {
            follow_up::claim(case, f, today, amount, &reason)
        }),
        Command::Repaid {
            reference,
            amount,
            date,
        } => follow(&reference, &|case, f, today, _| {
            follow_up::repaid(case, f, today, amount, date)
        }),
        Command::Extend {
            reference,
            until,
            reason,
        } => follow(&reference, &|case, f, today, use_by| {
            follow_up::extend(case, f, today, use_by, until, &reason)
        }),
        Command::Close { reference } => follow(&reference, &|case, f, today, _| {
            follow_up::close(case, f, today)
        }),
        _ => Ok(Receipt::default()),
    }
}

impl Service {
    /// What is due or overdue, in one round or all, by date.
    pub fn due(&self, round: Option<&str>, days: u32) -> Result<Vec<DueItem>> {
        let today = self.today();
        self.store.read(|view| {
            let rounds = match round {
                Some(id) => vec![super::closing::round_of(view, id)?],
                None => view.rounds()?,
            };
            let mut items = Vec::new();
            for round in &rounds {
                let terms_due = view.round_terms(&round.id)?.and_then(|t| t.report_due);
                // Only a grant has anything due: the cases granted something, read one
                // at a time, not every case of the round.
                let references = view.granted_references(&round.id)?;
                let follow_ups: std::collections::HashMap<String, FollowUp> =
                    view.round_follow_ups(&round.id)?.into_iter().collect();
                for reference in &references {
                    let Some(case) = view.case(reference)? else {
                        continue;
                    };
                    if case.decision.is_none() {
                        continue;
                    }
                    let follow_up = follow_ups
                        .get(case.reference())
                        .cloned()
                        .unwrap_or_default();
                    items.extend(due_of(&case, round, terms_due, &follow_up, today, days));
                }
            }
            items.sort_by(|a, b| {
                (a.date, &a.reference, a.what).cmp(&(b.date, &b.reference, b.what))
            });
            Ok(items)
        })
    }
}
