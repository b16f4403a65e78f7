//! Imports: parse every file first, then check against what is stored and write, all in
//! one transaction. Identical data is a no-op.

use std::collections::{BTreeMap, HashMap};

use super::commands::record;
use super::{ImportSummary, Receipt, Service};
use crate::domain::{Case, Change, Municipality};
use crate::error::Result;
use crate::import::{self, ImportError, Problem, Source};
use crate::store::View;

impl Service {
    pub(super) fn import_registry(&self, actor: &str, sources: &[Source]) -> Result<Receipt> {
        let batch = import::parse_registry(sources)?;
        let at = self.now();
        self.store.write(|writer| {
            let stored: HashMap<String, Municipality> = writer
                .municipalities()?
                .into_iter()
                .map(|m| (m.number.clone(), m))
                .collect();
            let toml_numbers: HashMap<&str, &Municipality> = batch
                .municipalities
                .iter()
                .map(|m| (m.number.as_str(), m))
                .collect();
            let mut incoming: Vec<Municipality> = batch.municipalities.clone();
            for m in &batch.csv_municipalities {
                let mut m = m.clone();
                // CSV says nothing of language form or quality flag: keep what is known.
                if let Some(known) = toml_numbers
                    .get(m.number.as_str())
                    .copied()
                    .or(stored.get(&m.number))
                {
                    m.language_form = known.language_form;
                    m.needs_quality_development = known.needs_quality_development;
                }
                if !toml_numbers.contains_key(m.number.as_str()) {
                    incoming.push(m);
                }
            }
            let known = |number: &str| {
                stored.contains_key(number) || incoming.iter().any(|m| m.number == number)
            };
            for (network, file) in batch.networks.iter().zip(&batch.network_files) {
                let unknown = |field: String, number: &str| ImportError {
                    file: file.clone(),
                    item: Some(network.id.clone()),
                    field: Some(field),
                    problem: Problem::UnknownMunicipality {
                        number: number.to_string(),
                    },
                };
                for (i, number) in network.members.iter().enumerate() {
                    if !known(number) {
                        return Err(unknown(format!("members[{i}]"), number).into());
                    }
                }
                for (i, person) in network.people.iter().enumerate() {
                    if let Some(number) = person.municipality.as_deref().filter(|n| !known(n)) {
                        return Err(unknown(format!("person[{i}].municipality"), number).into());
                    }
                }
            }
            let mut summary = ImportSummary::default();
            let (mut municipalities, mut networks) = (0, 0);
            for m in &incoming {
                match stored.get(&m.number) {
                    Some(old) if old == m => summary.unchanged += 1,
                    old => {
                        if old.is_some() {
                            summary.changed += 1
                        } else {
                            summary.added += 1
                        }
                        municipalities += 1;
                        writer.put_municipality(m)?;
                    }
                }
            }
            for network in &batch.networks {
                match writer.network(&network.id)? {
                    Some(old) if &old == network => summary.unchanged += 1,
                    old => {
                        if old.is_some() {
                            summary.changed += 1
                        } else {
                            summary.added += 1
                        }
                        networks += 1;
                        writer.put_network(network)?;
                    }
                }
            }
            let events = if municipalities + networks > 0 {
                let change = Change::RegistryImported {
                    municipalities,
                    networks,
                };
                record(writer, actor, at, None, vec![change])?
            } else {
                Vec::new()
            };
            Ok(Receipt {
                events,
                import: Some(summary),
            })
        })
    }

    pub(super) fn import_rounds(&self, actor: &str, sources: &[Source]) -> Result<Receipt> {
        let rounds = import::parse_rounds(sources)?;
        let at = self.now();
        self.store.write(|writer| {
            let mut summary = ImportSummary::default();
            let mut events = Vec::new();
            for (file_index, round) in &rounds {
                let old = writer.round(&round.id)?;
                if old.as_ref() == Some(round) {
                    summary.unchanged += 1;
                    continue;
                }
                if let Some(old) = &old {
                    for pot in &old.pots {
                        let allocated = writer.pot_allocated(&old.id, &pot.id)?;
                        let new_total = round.pot(&pot.id).map(|p| p.total);
                        if !allocated.is_zero() && new_total.is_none_or(|t| t < allocated) {
                            return Err(ImportError {
                                file: sources[*file_index].name.clone(),
                                item: Some(round.id.clone()),
                                field: Some("pot".into()),
                                problem: Problem::PotBelowAllocated {
                                    pot: pot.id.clone(),
                                },
                            }
                            .into());
                        }
                    }
                    summary.changed += 1;
                } else {
                    summary.added += 1;
                }
                writer.put_round(round)?;
                let change = Change::RoundImported {
                    round: round.id.clone(),
                    replaced: old.is_some(),
                };
                events.extend(record(writer, actor, at, None, vec![change])?);
            }
            Ok(Receipt {
                events,
                import: Some(summary),
            })
        })
    }

    pub(super) fn import_applications(
        &self,
        actor: &str,
        sources: &[Source],
        replace: bool,
    ) -> Result<Receipt> {
        let applications = import::parse_applications(sources)?;
        let at = self.now();
        self.store.write(|writer| {
            let rounds: BTreeMap<String, crate::domain::Round> = writer
                .rounds()?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect();
            let networks: HashMap<String, ()> =
                writer.networks()?.into_iter().map(|n| (n.id, ())).collect();
            let municipalities: HashMap<String, ()> = writer
                .municipalities()?
                .into_iter()
                .map(|m| (m.number, ()))
                .collect();
            let mut summary = ImportSummary::default();
            let mut events = Vec::new();
            for (file_index, application) in applications {
                let at_field = |field: &str, problem: Problem| ImportError {
                    file: sources[file_index].name.clone(),
                    item: Some(application.reference.clone()),
                    field: Some(field.to_string()),
                    problem,
                };
                let Some(round) = rounds.get(&application.round) else {
                    return Err(at_field(
                        "round",
                        Problem::UnknownRound {
                            id: application.round.clone(),
                            known: rounds.keys().cloned().collect(),
                        },
                    )
                    .into());
                };
                if !networks.contains_key(&application.network) {
                    return Err(at_field(
                        "network",
                        Problem::UnknownNetwork {
                            id: application.network.clone(),
                        },
                    )
                    .into());
                }
                if !municipalities.contains_key(&application.lead_municipality) {
                    let number = application.lead_municipality.clone();
                    return Err(at_field(
                        "lead_municipality",
                        Problem::UnknownMunicipality { number },
                    )
                    .into());
                }
                for (i, number) in application.municipalities.iter().enumerate() {
                    if !municipalities.contains_key(number) {
                        let number = number.clone();
                        return Err(at_field(
                            &format!("municipalities[{i}]"),
                            Problem::UnknownMunicipality { number },
                        )
                        .into());
                    }
                }
                for (i, request) in application.requests.iter().enumerate() {
                    if round.pot(&request.pot).is_none() {
                        return Err(at_field(
                            &format!("requests[{i}].pot"),
                            Problem::UnknownPot {
                                pot: request.pot.clone(),
                                round: round.id.clone(),
                                known: round.pot_ids(),
                            },
                        )
                        .into());
                    }
                }
                let reference = application.reference.clone();
                let before = writer.case(&reference)?;
                let (case, replaced) = match &before {
                    Some(old) if old.application == application => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Some(_) if !replace => {
                        return Err(
                            at_field("reference", Problem::ExistsDifferent { reference }).into(),
                        );
                    }
                    Some(old) => {
                        if old.state.is_closed() || old.proposal.is_some() {
                            return Err(at_field(
                                "reference",
                                Problem::ReplaceClosed { reference },
                            )
                            .into());
                        }
                        for (pot, amount) in &old.allocations {
                            if application.requested(pot).is_none_or(|r| r < *amount) {
                                let pot = pot.clone();
                                return Err(at_field(
                                    "requests",
                                    Problem::ReplaceBelowAllocation { reference, pot },
                                )
                                .into());
                            }
                        }
                        let mut case = old.clone();
                        case.application = application;
                        case.revision += 1;
                        summary.changed += 1;
                        (case, true)
                    }
                    None => {
                        summary.added += 1;
                        (Case::new(application, at), false)
                    }
                };
                writer.put_case(before.as_ref(), &case)?;
                events.extend(record(
                    writer,
                    actor,
                    at,
                    Some(&reference),
                    vec![Change::Imported { replaced }],
                )?);
            }
            Ok(Receipt {
                events,
                import: Some(summary),
            })
        })
    }
}
