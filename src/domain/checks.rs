//! The rule checks of the guidelines: which apply, what the automatic ones say, and how a
//! recorded verdict combines with a computed one.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::application::Application;
use super::case::Outcome;
use super::money::Money;
use super::registry::Network;
use super::round::Round;

/// The checks, in the order advisers go through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckId {
    Deadline,
    Network,
    Members,
    Amount,
    Plan,
    Anchoring,
    Form,
    Partner,
    Purpose,
    Costs,
}

impl CheckId {
    pub const ALL: [CheckId; 10] = [
        CheckId::Deadline,
        CheckId::Network,
        CheckId::Members,
        CheckId::Amount,
        CheckId::Plan,
        CheckId::Anchoring,
        CheckId::Form,
        CheckId::Partner,
        CheckId::Purpose,
        CheckId::Costs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Deadline => "deadline",
            CheckId::Network => "network",
            CheckId::Members => "members",
            CheckId::Amount => "amount",
            CheckId::Plan => "plan",
            CheckId::Anchoring => "anchoring",
            CheckId::Form => "form",
            CheckId::Partner => "partner",
            CheckId::Purpose => "purpose",
            CheckId::Costs => "costs",
        }
    }

    pub fn parse(text: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The checks a reviewer judges, in order: every check that is not automatic.
    pub fn manual() -> impl Iterator<Item = CheckId> {
        CheckId::ALL.into_iter().filter(|c| !c.is_automatic())
    }

    /// Whether the check is judged for each pot an application asks from, as the
    /// guidelines give each pot its own purpose: a verdict may be recorded for one pot.
    pub fn is_per_pot(self) -> bool {
        self == CheckId::Purpose
    }

    /// Automatic checks are computed from the data; the others are the reviewer's judgement.
    pub fn is_automatic(self) -> bool {
        matches!(
            self,
            CheckId::Deadline
                | CheckId::Network
                | CheckId::Members
                | CheckId::Amount
                | CheckId::Partner
        )
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Met,
    NotMet,
    /// Not applicable to this application.
    Na,
    Unchecked,
}

impl Verdict {
    /// What a reviewer can record; `Unchecked` is where a check starts, not a verdict.
    pub const RECORDABLE: [Verdict; 3] = [Verdict::Met, Verdict::NotMet, Verdict::Na];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not-met",
            Verdict::Na => "na",
            Verdict::Unchecked => "unchecked",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        [
            Verdict::Met,
            Verdict::NotMet,
            Verdict::Na,
            Verdict::Unchecked,
        ]
        .into_iter()
        .find(|v| v.as_str() == text)
    }

    /// Whether this verdict lets a grant through.
    pub fn passes(self) -> bool {
        matches!(self, Verdict::Met | Verdict::Na)
    }
}

/// A verdict a person recorded: a manual judgement, or an override of a computed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRecord {
    pub verdict: Verdict,
    pub note: Option<String>,
    pub by: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// Why an automatic check came out as it did, in data the front-ends put into words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Finding {
    SubmittedInTime {
        submitted: DateTime<Utc>,
        deadline_end: DateTime<Utc>,
    },
    SubmittedLate {
        submitted: DateTime<Utc>,
        deadline_end: DateTime<Utc>,
    },
    NetworkRegistered {
        network: String,
        county: String,
    },
    NetworkUnknown {
        network: String,
    },
    NetworkOtherCounty {
        network: String,
        county: String,
        round_county: String,
    },
    AllMembers {
        count: usize,
    },
    NotMembers {
        municipalities: Vec<String>,
    },
    MembersUnknownNetwork,
    AmountsWithinPots,
    AmountNotPositive {
        pot: String,
    },
    AmountOverPotTotal {
        pot: String,
        amount: Money,
        total: Money,
    },
    PotNotInRound {
        pot: String,
    },
    NothingRequested,
    PartnerNamed {
        partner: String,
    },
    PartnerMissing {
        pots: Vec<String>,
    },
    PartnerNotRequired,
}

/// A check as it stands for one application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckState {
    pub id: CheckId,
    /// The computed verdict and its reason, for automatic checks.
    pub computed: Option<(Verdict, Finding)>,
    /// What a person recorded for the whole application, if anyone did.
    pub recorded: Option<CheckRecord>,
    /// For a check judged per pot ([`CheckId::is_per_pot`]) of an application to several
    /// pots: each requested pot, with the verdict recorded for it alone, if any. A pot
    /// without its own verdict has the whole application's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pots: Vec<PotCheck>,
}

/// One pot's own verdict on a check judged per pot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PotCheck {
    pub pot: String,
    pub recorded: Option<CheckRecord>,
}

impl CheckState {
    /// The verdict as a whole. Judged per pot, it is unchecked while a pot is, not met
    /// when no pot passes, and otherwise passes (the pots that fail are closed, see
    /// [`CheckState::failing_pots`]).
    pub fn verdict(&self) -> Verdict {
        if self.pots.is_empty() {
            return self.whole_verdict();
        }
        let verdicts: Vec<Verdict> = self.pots.iter().map(|p| self.pot_verdict(p)).collect();
        if verdicts.contains(&Verdict::Unchecked) {
            Verdict::Unchecked
        } else if !verdicts.iter().any(|v| v.passes()) {
            Verdict::NotMet
        } else if verdicts.contains(&Verdict::Met) {
            Verdict::Met
        } else {
            Verdict::Na
        }
    }

    /// The verdict for the whole application: a recorded one wins over a computed one
    /// (an override needs a note).
    pub fn whole_verdict(&self) -> Verdict {
        match (&self.recorded, &self.computed) {
            (Some(record), _) => record.verdict,
            (None, Some((verdict, _))) => *verdict,
            (None, None) => Verdict::Unchecked,
        }
    }

    /// One pot's verdict: its own where one was recorded, else the whole application's.
    pub fn pot_verdict(&self, pot: &PotCheck) -> Verdict {
        pot.recorded
            .as_ref()
            .map_or_else(|| self.whole_verdict(), |r| r.verdict)
    }

    /// Whether a pot has a verdict of its own: until one does, every pot has the
    /// whole application's, and a front-end need not list them.
    pub fn judged_per_pot(&self) -> bool {
        self.pots.iter().any(|p| p.recorded.is_some())
    }

    /// The pots whose verdict is not met, where the check is judged per pot.
    pub fn failing_pots(&self) -> Vec<&str> {
        self.pots
            .iter()
            .filter(|p| self.pot_verdict(p) == Verdict::NotMet)
            .map(|p| p.pot.as_str())
            .collect()
    }

    pub fn is_override(&self) -> bool {
        self.recorded.is_some() && self.computed.is_some()
    }
}

/// Counts for a compact summary: "6/10 met, 1 not met".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CheckSummary {
    pub met: usize,
    pub not_met: usize,
    pub na: usize,
    pub unchecked: usize,
}

impl CheckSummary {
    pub fn of(states: &[CheckState]) -> CheckSummary {
        let mut summary = CheckSummary::default();
        for state in states {
            match state.verdict() {
                Verdict::Met => summary.met += 1,
                Verdict::NotMet => summary.not_met += 1,
                Verdict::Na => summary.na += 1,
                Verdict::Unchecked => summary.unchecked += 1,
            }
        }
        summary
    }

    pub fn total(self) -> usize {
        self.met + self.not_met + self.na + self.unchecked
    }
}

/// What the automatic checks read besides the application: its round, the counties
/// the round covers (a body may cover several), and the registered network the
/// application names, if there is one.
#[derive(Clone, Copy, Debug)]
pub struct Setting<'a> {
    pub round: &'a Round,
    pub counties: &'a [String],
    pub network: Option<&'a Network>,
}

/// Computes the automatic checks of an application in its setting.
pub fn compute(
    check: CheckId,
    application: &Application,
    setting: Setting<'_>,
) -> Option<(Verdict, Finding)> {
    let Setting {
        round,
        counties,
        network,
    } = setting;
    let finding = match check {
        CheckId::Deadline => deadline(application, round),
        CheckId::Network => network_check(application, counties, network),
        CheckId::Members => members(application, network),
        CheckId::Amount => amount(application, round),
        CheckId::Partner => partner(application, round),
        _ => return None,
    };
    Some(finding)
}

fn deadline(application: &Application, round: &Round) -> (Verdict, Finding) {
    let submitted = application.submitted.with_timezone(&Utc);
    let deadline_end = round.deadline_end();
    if submitted < deadline_end {
        (
            Verdict::Met,
            Finding::SubmittedInTime {
                submitted,
                deadline_end,
            },
        )
    } else {
        (
            Verdict::NotMet,
            Finding::SubmittedLate {
                submitted,
                deadline_end,
            },
        )
    }
}

fn network_check(
    application: &Application,
    counties: &[String],
    network: Option<&Network>,
) -> (Verdict, Finding) {
    match network {
        None => (
            Verdict::NotMet,
            Finding::NetworkUnknown {
                network: application.network.clone(),
            },
        ),
        Some(n) if !counties.contains(&n.county) => (
            Verdict::NotMet,
            Finding::NetworkOtherCounty {
                network: n.name.clone(),
                county: n.county.clone(),
                round_county: counties.join(" / "),
            },
        ),
        Some(n) => (
            Verdict::Met,
            Finding::NetworkRegistered {
                network: n.name.clone(),
                county: n.county.clone(),
            },
        ),
    }
}

fn members(application: &Application, network: Option<&Network>) -> (Verdict, Finding) {
    let Some(network) = network else {
        return (Verdict::NotMet, Finding::MembersUnknownNetwork);
    };
    let all = application.all_municipalities();
    let outside: Vec<String> = all
        .iter()
        .filter(|m| !network.has_member(m))
        .map(|m| (*m).to_string())
        .collect();
    if outside.is_empty() {
        (Verdict::Met, Finding::AllMembers { count: all.len() })
    } else {
        (
            Verdict::NotMet,
            Finding::NotMembers {
                municipalities: outside,
            },
        )
    }
}

fn amount(application: &Application, round: &Round) -> (Verdict, Finding) {
    if application.requests.is_empty() {
        return (Verdict::NotMet, Finding::NothingRequested);
    }
    for request in &application.requests {
        let Some(pot) = round.pot(&request.pot) else {
            return (
                Verdict::NotMet,
                Finding::PotNotInRound {
                    pot: request.pot.clone(),
                },
            );
        };
        if request.amount <= Money::ZERO {
            return (
                Verdict::NotMet,
                Finding::AmountNotPositive {
                    pot: pot.id.clone(),
                },
            );
        }
        if request.amount > pot.total {
            return (
                Verdict::NotMet,
                Finding::AmountOverPotTotal {
                    pot: pot.id.clone(),
                    amount: request.amount,
                    total: pot.total,
                },
            );
        }
    }
    (Verdict::Met, Finding::AmountsWithinPots)
}

fn partner(application: &Application, round: &Round) -> (Verdict, Finding) {
    let requiring: Vec<String> = application
        .requests
        .iter()
        .filter(|r| round.pot(&r.pot).is_some_and(|p| p.partner_required))
        .map(|r| r.pot.clone())
        .collect();
    let named = application
        .competence_partner
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    match (requiring.is_empty(), named) {
        (true, _) => (Verdict::Na, Finding::PartnerNotRequired),
        (false, Some(partner)) => (
            Verdict::Met,
            Finding::PartnerNamed {
                partner: partner.to_string(),
            },
        ),
        (false, None) => (Verdict::NotMet, Finding::PartnerMissing { pots: requiring }),
    }
}

/// What a grant that a check does not pass still allows, as the guidelines read:
/// partial grants exist to cut what cannot be funded.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Reach {
    /// Unjudged, or a condition of every grant (deadline, network, plan …): no grant.
    EveryGrant,
    /// A request above the pot, or costs the scheme does not cover: a partial grant
    /// within the pot is possible, a full approval is not.
    FullGrant,
    /// Only these pots are closed: those that require the competence partner the
    /// application does not name, or those whose purpose it does not fit.
    Pots(Vec<String>),
}

/// How far a check that does not pass reaches, or `None` where it passes.
fn reach(state: &CheckState, round: &Round) -> Option<Reach> {
    let verdict = state.verdict();
    if verdict == Verdict::Unchecked {
        return Some(Reach::EveryGrant);
    }
    let failing = state.failing_pots();
    if !failing.is_empty() {
        return Some(Reach::Pots(
            failing.into_iter().map(str::to_string).collect(),
        ));
    }
    if verdict.passes() {
        return None;
    }
    Some(match state.id {
        CheckId::Amount | CheckId::Costs => Reach::FullGrant,
        CheckId::Partner => Reach::Pots(
            round
                .pots
                .iter()
                .filter(|p| p.partner_required)
                .map(|p| p.id.clone())
                .collect(),
        ),
        _ => Reach::EveryGrant,
    })
}

/// The checks that stop a grant of `outcome` with these allocations, and whether a
/// partial grant would get past every one of them. A rejection is never stopped.
/// `requested` are the pots the application asks from: a check that closes all of
/// them leaves no partial grant either.
pub fn blocking(
    states: &[CheckState],
    outcome: Outcome,
    allocations: &BTreeMap<String, Money>,
    requested: &[&str],
    round: &Round,
) -> Blocking {
    let mut blocking = Blocking::default();
    if outcome == Outcome::Reject {
        return blocking;
    }
    // Pots closed by any failing check: when together they close every pot asked
    // from, no partial grant is left either.
    let mut closed_anywhere: Vec<String> = Vec::new();
    for state in states {
        let stops = match reach(state, round) {
            None => false,
            Some(Reach::EveryGrant) => {
                blocking.partial_would_pass = false;
                true
            }
            Some(Reach::FullGrant) => outcome == Outcome::Approve,
            Some(Reach::Pots(closed)) => {
                closed_anywhere.extend(closed.iter().cloned());
                let stops = allocations
                    .iter()
                    .any(|(pot, amount)| !amount.is_zero() && closed.contains(pot));
                if stops {
                    for pot in closed {
                        if !blocking.closed.contains(&pot) {
                            blocking.closed.push(pot);
                        }
                    }
                }
                stops
            }
        };
        if stops {
            let verdict = match state.verdict() {
                // Judged per pot and passing as a whole: what stops is a pot's not-met.
                v if v.passes() => Verdict::NotMet,
                v => v,
            };
            blocking.failing.push((state.id, verdict));
        }
    }
    if blocking.failing.is_empty()
        || requested
            .iter()
            .all(|pot| closed_anywhere.iter().any(|c| c == pot))
    {
        blocking.partial_would_pass = false;
    }
    blocking
}

/// What [`blocking`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocking {
    pub failing: Vec<(CheckId, Verdict)>,
    /// Every failing check allows a partial grant (with other amounts): the refusal
    /// says so, instead of sending the adviser to reject.
    pub partial_would_pass: bool,
    /// The pots a failing check closes that the allocations take from: a partial
    /// grant takes nothing from them.
    pub closed: Vec<String>,
}

impl Default for Blocking {
    fn default() -> Self {
        Blocking {
            failing: Vec::new(),
            partial_would_pass: true,
            closed: Vec::new(),
        }
    }
}

/// What an adviser should weigh, though no rule stops a grant on it: the guidelines'
/// purpose and terms say it, not a condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "kebab-case")]
pub enum Flag {
    /// The project runs past the date the funds must be used by; a grant names it in
    /// the letter's conditions.
    PeriodPastUseBy {
        period_end: NaiveDate,
        use_by: NaiveDate,
    },
    /// Cooperation across municipal borders is the scheme's first purpose; this
    /// application names one municipality.
    SingleMunicipality,
}

/// The flags of an application in its round (`use_by` as extended for the case).
pub fn flags(application: &Application, use_by: Option<NaiveDate>) -> Vec<Flag> {
    let mut flags = Vec::new();
    if let (Some(period), Some(use_by)) = (&application.period, use_by) {
        if period.end > use_by {
            flags.push(Flag::PeriodPastUseBy {
                period_end: period.end,
                use_by,
            });
        }
    }
    if application.all_municipalities().len() < 2 {
        flags.push(Flag::SingleMunicipality);
    }
    flags
}
