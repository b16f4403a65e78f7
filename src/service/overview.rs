//! The whole round at a glance: where the money went by network and by municipality,
//! which municipalities no granted project reaches, each one's history across rounds,
//! and the advisers' commands that feed it (themes, priority flags).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::commands::{case_not_found, record};
use super::queries::{PotBalance, balances, round_counties};
use super::{Receipt, Service};
use crate::domain::overview::{self, Priority, Theme};
use crate::domain::{Money, Refusal, Round};
use crate::error::{NotFound, Result};
use crate::store::{PotAmounts, View};

/// What was applied for and granted in one round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundFigures {
    pub round: String,
    pub year: i32,
    pub applications: u64,
    pub requested: Money,
    pub granted: Money,
}

/// One network's part of a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkShare {
    pub id: String,
    pub name: Option<String>,
    pub applications: u64,
    pub requested: PotAmounts,
    pub granted: PotAmounts,
    /// Per pot: the network's part of what the pot granted, in percent (one decimal).
    pub share: BTreeMap<String, Decimal>,
    pub history: Vec<RoundFigures>,
}

impl NetworkShare {
    pub fn requested_total(&self) -> Money {
        self.requested.values().copied().sum()
    }

    pub fn granted_total(&self) -> Money {
        self.granted.values().copied().sum()
    }
}

/// A granted project a municipality takes part in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub reference: String,
    pub network: String,
    pub amounts: PotAmounts,
}

/// One municipality of the round's counties: where it belongs and what reached it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityCoverage {
    pub number: String,
    pub name: String,
    pub county: String,
    pub networks: Vec<String>,
    /// Flagged for special attention (it needs quality development).
    pub priority: bool,
    pub projects: Vec<Project>,
    pub granted: Money,
    pub history: Vec<RoundFigures>,
}

impl MunicipalityCoverage {
    /// Whether a granted project of the round reaches it.
    pub fn reached(&self) -> bool {
        !self.projects.is_empty()
    }
}

/// A round seen whole.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Overview {
    pub round: Round,
    pub pots: Vec<PotBalance>,
    pub networks: Vec<NetworkShare>,
    /// Flagged municipalities no granted project reaches first, then the others no
    /// project reaches, then those reached; by name within each.
    pub municipalities: Vec<MunicipalityCoverage>,
}

/// A municipality flagged for special attention, as `priority --list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityRow {
    pub municipality: String,
    pub name: Option<String>,
    /// Flagged in the registry file (`needs_quality_development`).
    pub registry: bool,
    /// Flagged by an adviser.
    pub flag: Option<Priority>,
}

/// Every round by year, then id.
fn rounds_by_year(view: &impl View) -> Result<Vec<Round>> {
    let mut rounds = view.rounds()?;
    rounds.sort_by(|a, b| (a.year, &a.id).cmp(&(b.year, &b.id)));
    Ok(rounds)
}

/// A network's figures in every round it applied or was granted in.
pub(super) fn network_history(
    view: &impl View,
    network: &str,
    rounds: &[Round],
) -> Result<Vec<RoundFigures>> {
    let granted: BTreeMap<String, PotAmounts> = view.network_grants(network)?.into_iter().collect();
    let mut history = Vec::new();
    for round in rounds {
        let totals = view
            .network_totals(&round.id)?
            .into_iter()
            .find(|(id, _)| id == network)
            .map(|(_, t)| t)
            .unwrap_or_default();
        let granted: Money = granted
            .get(&round.id)
            .map(|g| g.values().copied().sum())
            .unwrap_or_default();
        if totals.cases > 0 || !granted.is_zero() {
            history.push(RoundFigures {
                round: round.id.clone(),
                year: round.year,
                applications: totals.cases,
                requested: totals.requested.values().copied().sum(),
                granted,
            });
        }
    }
    Ok(history)
}

/// A municipality's figures in every round a project it takes part in applied or was
/// granted in.
pub(super) fn municipality_history(
    view: &impl View,
    number: &str,
    rounds: &[Round],
) -> Result<Vec<RoundFigures>> {
    let applied: BTreeMap<String, (u64, Money)> = view
        .municipality_applications(number)?
        .into_iter()
        .map(|(round, count, requested)| (round, (count, requested)))
        .collect();
    let mut granted: BTreeMap<String, Money> = BTreeMap::new();
    for (round, _, _, amounts) in view.municipality_grants(number)? {
        let entry = granted.entry(round).or_default();
        *entry = entry.plus(amounts.values().copied().sum());
    }
    Ok(rounds
        .iter()
        .filter(|r| applied.contains_key(&r.id) || granted.contains_key(&r.id))
        .map(|r| {
            let (applications, requested) = applied.get(&r.id).copied().unwrap_or_default();
            RoundFigures {
                round: r.id.clone(),
                year: r.year,
                applications,
                requested,
                granted: granted.get(&r.id).copied().unwrap_or_default(),
            }
        })
        .collect())
}

/// `part` of `whole` in percent, to one decimal; zero of nothing.
fn percent(part: Money, whole: Money) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    (part.decimal() * Decimal::ONE_HUNDRED / whole.decimal()).round_dp(1)
}

/// Whether a municipality is flagged, by the registry or by an adviser.
pub(super) fn is_prioritized(
    municipality: &crate::domain::Municipality,
    flags: &BTreeMap<String, Priority>,
) -> bool {
    municipality.needs_quality_development || flags.contains_key(&municipality.number)
}

fn networks_of_round(
    view: &impl View,
    round: &Round,
    counties: &[String],
    rounds: &[Round],
    pots: &[PotBalance],
) -> Result<Vec<NetworkShare>> {
    let totals: BTreeMap<String, crate::store::NetworkTotals> =
        view.network_totals(&round.id)?.into_iter().collect();
    let registry = view.networks()?;
    let mut ids: Vec<String> = registry
        .iter()
        .filter(|n| counties.contains(&n.county))
        .map(|n| n.id.clone())
        .collect();
    ids.extend(
        totals
            .keys()
            .filter(|id| !ids.contains(id))
            .cloned()
            .collect::<Vec<_>>(),
    );
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let own = totals.get(&id).cloned().unwrap_or_default();
            let granted: PotAmounts = view
                .network_grants(&id)?
                .into_iter()
                .find(|(r, _)| *r == round.id)
                .map(|(_, g)| g)
                .unwrap_or_default();
            let share = pots
                .iter()
                .map(|pot| {
                    let part = granted.get(&pot.id).copied().unwrap_or_default();
                    (pot.id.clone(), percent(part, pot.granted))
                })
                .collect();
            Ok(NetworkShare {
                name: registry.iter().find(|n| n.id == id).map(|n| n.name.clone()),
                history: network_history(view, &id, rounds)?,
                applications: own.cases,
                requested: own.requested,
                granted,
                share,
                id,
            })
        })
        .collect()
}

fn municipalities_of_round(
    view: &impl View,
    round: &Round,
    counties: &[String],
    rounds: &[Round],
) -> Result<Vec<MunicipalityCoverage>> {
    let flags = view.priorities()?;
    let networks = view.networks()?;
    let mut all = Vec::new();
    for m in view.municipalities()? {
        if !counties.contains(&m.county) {
            continue;
        }
        let projects: Vec<Project> = view
            .municipality_grants(&m.number)?
            .into_iter()
            .filter(|(r, ..)| *r == round.id)
            .map(|(_, reference, network, amounts)| Project {
                reference,
                network,
                amounts,
            })
            .collect();
        all.push(MunicipalityCoverage {
            granted: projects
                .iter()
                .flat_map(|p| p.amounts.values().copied())
                .sum(),
            networks: networks
                .iter()
                .filter(|n| n.has_member(&m.number))
                .map(|n| n.id.clone())
                .collect(),
            priority: is_prioritized(&m, &flags),
            history: municipality_history(view, &m.number, rounds)?,
            projects,
            number: m.number,
            name: m.name,
            county: m.county,
        });
    }
    all.sort_by_cached_key(|m| {
        let group = match (m.priority, m.reached()) {
            (true, false) => 0,
            (false, false) => 1,
            (_, true) => 2,
        };
        (
            group,
            crate::domain::text::norwegian_sort_key(&m.name),
            m.number.clone(),
        )
    });
    Ok(all)
}

impl Service {
    /// One round seen whole, or every round (by year).
    pub fn overview(&self, round: Option<&str>) -> Result<Vec<Overview>> {
        self.store.read(|view| {
            let rounds = rounds_by_year(view)?;
            let chosen: Vec<&Round> = match round {
                Some(id) => {
                    let Some(found) = rounds.iter().find(|r| r.id == id) else {
                        return Err(NotFound::Round {
                            id: id.to_string(),
                            known: rounds.iter().map(|r| r.id.clone()).collect(),
                        }
                        .into());
                    };
                    vec![found]
                }
                None => rounds.iter().collect(),
            };
            chosen
                .into_iter()
                .map(|round| {
                    let counties = round_counties(view, round)?;
                    let pots = balances(view, round)?;
                    Ok(Overview {
                        networks: networks_of_round(view, round, &counties, &rounds, &pots)?,
                        municipalities: municipalities_of_round(view, round, &counties, &rounds)?,
                        pots,
                        round: round.clone(),
                    })
                })
                .collect()
        })
    }

    /// A network's or a municipality's figures across rounds.
    pub fn history_of_network(&self, network: &str) -> Result<Vec<RoundFigures>> {
        self.store
            .read(|view| network_history(view, network, &rounds_by_year(view)?))
    }

    pub fn history_of_municipality(&self, number: &str) -> Result<Vec<RoundFigures>> {
        self.store
            .read(|view| municipality_history(view, number, &rounds_by_year(view)?))
    }

    /// Every municipality flagged for special attention, by number.
    pub fn priorities(&self) -> Result<Vec<PriorityRow>> {
        self.store.read(|view| {
            let flags = view.priorities()?;
            let mut rows: BTreeMap<String, PriorityRow> = BTreeMap::new();
            for m in view.municipalities()? {
                if is_prioritized(&m, &flags) {
                    rows.insert(
                        m.number.clone(),
                        PriorityRow {
                            flag: flags.get(&m.number).cloned(),
                            municipality: m.number,
                            name: Some(m.name),
                            registry: m.needs_quality_development,
                        },
                    );
                }
            }
            // A flag on a municipality the registry no longer has still shows.
            for (number, flag) in flags {
                rows.entry(number.clone()).or_insert(PriorityRow {
                    municipality: number,
                    name: None,
                    registry: false,
                    flag: Some(flag),
                });
            }
            Ok(rows.into_values().collect())
        })
    }

    /// The themes recorded for a case.
    pub fn themes(&self, reference: &str) -> Result<Vec<Theme>> {
        self.store.read(|view| {
            let Some(case) = view.case(reference)? else {
                return Err(case_not_found(view, reference));
            };
            Ok(view.case_themes(case.reference())?)
        })
    }

    pub(super) fn set_themes(
        &self,
        actor: &str,
        reference: &str,
        themes: Vec<Theme>,
    ) -> Result<Receipt> {
        let at = self.now();
        self.store.write(|writer| {
            let Some(case) = writer.case(reference)? else {
                return Err(case_not_found(writer, reference));
            };
            // Work on the case: not by someone barred from it.
            case.ensure_untied(actor, &writer.ties_of(actor)?)?;
            case.ensure_follow_up_by(actor)?;
            let reference = case.reference();
            let before = writer.case_themes(reference)?;
            let Some(change) = overview::set_themes(&before, themes) else {
                return Ok(Receipt::default());
            };
            if let crate::domain::Change::ThemesSet { after, .. } = &change {
                writer.put_case_themes(reference, after)?;
            }
            Ok(Receipt {
                events: record(writer, actor, at, Some(reference), vec![change])?,
                ..Receipt::default()
            })
        })
    }

    pub(super) fn flag_priority(
        &self,
        actor: &str,
        municipality: &str,
        note: Option<&str>,
    ) -> Result<Receipt> {
        let at = self.now();
        let municipality = municipality.trim();
        self.store.write(|writer| {
            ensure_untied(writer, actor, municipality)?;
            let known = writer.municipality(municipality)?.is_some();
            let flags = writer.priorities()?;
            let current = flags.get(municipality);
            let Some((flag, change)) =
                overview::flag(current, municipality, known, note, actor, at)?
            else {
                return Ok(Receipt::default());
            };
            writer.put_priority(municipality, Some(&flag))?;
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }

    pub(super) fn clear_priority(&self, actor: &str, municipality: &str) -> Result<Receipt> {
        let at = self.now();
        let municipality = municipality.trim();
        self.store.write(|writer| {
            ensure_untied(writer, actor, municipality)?;
            let flags = writer.priorities()?;
            let in_registry = writer
                .municipality(municipality)?
                .is_some_and(|m| m.needs_quality_development);
            if in_registry && !flags.contains_key(municipality) {
                return Err(Refusal::PriorityInRegistry {
                    municipality: municipality.to_string(),
                }
                .into());
            }
            let change = overview::unflag(flags.get(municipality), municipality)?;
            writer.put_priority(municipality, None)?;
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }
}

/// Refused where `actor` declared a standing tie with the municipality.
fn ensure_untied(writer: &crate::store::Writer, actor: &str, municipality: &str) -> Result<()> {
    if writer.ties_of(actor)?.contains_key(municipality) {
        return Err(Refusal::TiedPriority {
            person: actor.to_string(),
            municipality: municipality.to_string(),
        }
        .into());
    }
    Ok(())
}

/// Refused where no such theme: what the themes are.
pub fn unknown_theme(word: &str) -> Refusal {
    Refusal::UnknownTheme {
        theme: word.to_string(),
        known: Theme::ALL.iter().map(|t| t.as_str().to_string()).collect(),
    }
}
