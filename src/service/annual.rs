//! The annual report to the directorate: for the rounds of one year, per county, pot,
//! network, municipality and theme, what was applied for, granted, paid, spent, repaid
//! and left unspent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Service;
use crate::domain::follow_up::{FollowUp, granted, split};
use crate::domain::{Case, Money, Theme};
use crate::error::{NotFound, Result};
use crate::store::View;

/// Applications, granted projects and money, summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub applications: u64,
    /// Applications granted something.
    pub projects: u64,
    pub requested: Money,
    pub granted: Money,
    pub paid: Money,
    pub spent: Money,
    pub repaid: Money,
    /// Paid and, by the final report, not spent.
    pub unspent: Money,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.applications += other.applications;
        self.projects += other.projects;
        for (mine, theirs) in [
            (&mut self.requested, other.requested),
            (&mut self.granted, other.granted),
            (&mut self.paid, other.paid),
            (&mut self.spent, other.spent),
            (&mut self.repaid, other.repaid),
            (&mut self.unspent, other.unspent),
        ] {
            *mine = mine.plus(theirs);
        }
    }
}

/// One row: what one lead municipality's applications in one network asked from one
/// pot and what came of it, in one county. The rows partition the year's money: summed
/// over any of the four keys they give the totals by the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualRow {
    pub county: String,
    pub pot: String,
    pub network: String,
    /// The lead municipality (the applicant).
    pub municipality: String,
    pub municipality_name: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualReport {
    pub year: i32,
    pub rounds: Vec<String>,
    /// By county, pot, network and municipality.
    pub rows: Vec<AnnualRow>,
    /// Granted projects per theme; every theme is listed.
    pub themes: BTreeMap<String, u64>,
    pub total: Figures,
}

/// One case's figures, whole and per pot.
fn case_figures(case: &Case, follow_up: &FollowUp) -> (Figures, BTreeMap<String, Figures>) {
    let granted_per_pot = granted(case);
    let granted_total: Money = granted_per_pot.values().copied().sum();
    let unspent = match &follow_up.report {
        Some(_) => follow_up
            .paid()
            .checked_minus(follow_up.spent())
            .unwrap_or(Money::ZERO),
        None => Money::ZERO,
    };
    let whole = Figures {
        applications: 1,
        projects: u64::from(!granted_total.is_zero()),
        requested: case.application.requested_total(),
        granted: granted_total,
        paid: follow_up.paid(),
        spent: follow_up.spent(),
        repaid: follow_up.repaid(),
        unspent,
    };
    let mut pots: BTreeMap<String, Figures> = BTreeMap::new();
    for request in &case.application.requests {
        let pot = pots.entry(request.pot.clone()).or_default();
        pot.applications = 1;
        pot.requested = pot.requested.plus(request.amount);
    }
    for (pot, amount) in &granted_per_pot {
        let entry = pots.entry(pot.clone()).or_default();
        entry.granted = *amount;
        entry.projects = u64::from(!amount.is_zero());
    }
    for (i, amount) in [whole.paid, whole.spent, whole.repaid, whole.unspent]
        .into_iter()
        .enumerate()
    {
        for (pot, part) in split(amount, &granted_per_pot) {
            let entry = pots.entry(pot).or_default();
            let field = match i {
                0 => &mut entry.paid,
                1 => &mut entry.spent,
                2 => &mut entry.repaid,
                _ => &mut entry.unspent,
            };
            *field = field.plus(part);
        }
    }
    (whole, pots)
}

/// Figures by (county, pot, network, lead municipality).
type Sums = BTreeMap<(String, String, String, String), Figures>;

impl Service {
    /// The report for the rounds of `year`.
    pub fn annual(&self, year: i32) -> Result<AnnualReport> {
        self.store.read(|view| {
            let rounds: Vec<crate::domain::Round> = view
                .rounds()?
                .into_iter()
                .filter(|r| r.year == year)
                .collect();
            if rounds.is_empty() {
                return Err(NotFound::RoundsOfYear {
                    year,
                    known: view.rounds()?.into_iter().map(|r| r.year).collect(),
                }
                .into());
            }
            let networks: BTreeMap<String, crate::domain::Network> = view
                .networks()?
                .into_iter()
                .map(|n| (n.id.clone(), n))
                .collect();
            let mut sums = Sums::new();
            let mut total = Figures::default();
            // Every theme is listed, a theme no case has with zero: the count is asked for.
            let mut themes: BTreeMap<String, u64> = Theme::ALL
                .iter()
                .map(|t| (t.as_str().to_string(), 0))
                .collect();
            for round in &rounds {
                for reference in view.case_references(&round.id)? {
                    let Some(case) = view.case(&reference)? else {
                        continue;
                    };
                    let follow_up = view.follow_up(&round.id, &reference)?;
                    let (whole, pots) = case_figures(&case, &follow_up);
                    total.add(&whole);
                    let application = &case.application;
                    let county = networks
                        .get(&application.network)
                        .map_or(round.county.as_str(), |n| n.county.as_str());
                    for (pot, figures) in pots {
                        let key = (
                            county.to_string(),
                            pot,
                            application.network.clone(),
                            application.lead_municipality.clone(),
                        );
                        sums.entry(key).or_default().add(&figures);
                    }
                    if whole.projects > 0 {
                        for theme in view.case_themes(&reference)? {
                            *themes.entry(theme.as_str().to_string()).or_default() += 1;
                        }
                    }
                }
            }
            let names: BTreeMap<String, String> = view
                .municipalities()?
                .into_iter()
                .map(|m| (m.number, m.name))
                .collect();
            let rows = sums
                .into_iter()
                .map(
                    |((county, pot, network, municipality), figures)| AnnualRow {
                        municipality_name: names.get(&municipality).cloned(),
                        county,
                        pot,
                        network,
                        municipality,
                        figures,
                    },
                )
                .collect();
            Ok(AnnualReport {
                year,
                rounds: rounds.into_iter().map(|r| r.id).collect(),
                rows,
                themes,
                total,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspent_is_what_was_paid_and_by_the_report_not_spent() {
        let mut follow_up = FollowUp::default();
        let at = chrono::Utc::now();
        let date = chrono::NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
        follow_up.payments.push(crate::domain::follow_up::Payment {
            amount: Money::kroner(300),
            date,
            by: "ola".into(),
            at,
        });
        let application: crate::domain::Application = serde_json::from_value(serde_json::json!({
            "reference": "R-1", "round": "r", "network": "n",
            "submitted": "2021-07-30T13:45:00+02:00", "title": "T",
            "lead_municipality": "3403", "municipalities": [], "budget": [],
            "requests": [{"pot": "a", "amount": "400"}, {"pot": "b", "amount": "100"}],
        }))
        .unwrap();
        let mut case = Case::new(application, at);
        case.decision = Some(crate::domain::Decision {
            outcome: crate::domain::Outcome::Partial,
            reason: "x".into(),
            proposed_by: "kari".into(),
            decided_by: "ola".into(),
            at,
            amounts: [
                ("a".to_string(), Money::kroner(200)),
                ("b".to_string(), Money::kroner(100)),
            ]
            .into(),
        });
        let (whole, pots) = case_figures(&case, &follow_up);
        assert_eq!(whole.unspent, Money::ZERO, "no report yet");
        assert_eq!(pots["a"].paid, Money::kroner(200));
        follow_up.report = Some(crate::domain::follow_up::Report {
            spent: Money::kroner(240),
            received: date,
            note: None,
            by: "kari".into(),
            at,
        });
        let (whole, pots) = case_figures(&case, &follow_up);
        assert_eq!(whole.unspent, Money::kroner(60));
        assert_eq!(pots["a"].unspent.plus(pots["b"].unspent), Money::kroner(60));
        assert_eq!(whole.requested, Money::kroner(500));
        assert_eq!((whole.projects, pots["b"].projects), (1, 1));
    }
}
