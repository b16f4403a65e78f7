//! The case commands: load, apply the domain rule, store, record events, in one write
//! transaction.

use super::{Command, Receipt, Service};
use crate::domain::{Act, Case, Change, Event, Network, Round};
use crate::error::{Error, NotFound, Result};
use crate::store::{View, Writer};

/// What a case rule sees besides the case: its round, its network, and the store as of
/// this transaction (for pot balances).
pub(super) struct Context<'a> {
    pub round: &'a Round,
    pub network: Option<&'a Network>,
    pub writer: &'a Writer,
    pub act: Act<'a>,
}

impl Service {
    /// Carries out one command for `actor`, in one write transaction.
    pub fn execute(&self, actor: &str, command: Command) -> Result<Receipt> {
        match command {
            Command::RecordCheck {
                reference,
                check,
                verdict,
                note,
            } => self.change_case(actor, &reference, |case, cx| {
                Ok(case.record_check(cx.act, check, verdict, note.as_deref())?)
            }),
            Command::Allocate {
                reference,
                pot,
                amount,
            } => self.change_case(actor, &reference, |case, cx| {
                let Some(pot) = cx.round.pot(&pot) else {
                    return Err(NotFound::Pot {
                        round: cx.round.id.clone(),
                        pot,
                        known: cx.round.pot_ids(),
                    }
                    .into());
                };
                // Read inside this write transaction: no one else can spend it meanwhile.
                let in_pot = cx.writer.pot_allocated(&cx.round.id, &pot.id)?;
                Ok(case.allocate(cx.act, pot, amount, in_pot)?)
            }),
            Command::Propose {
                reference,
                outcome,
                reason,
            } => self.change_case(actor, &reference, |case, cx| {
                let states = case.check_states(cx.round, cx.network);
                Ok(case.propose(cx.act, outcome, &reason, &states)?)
            }),
            Command::Approve { reference } => self.change_case(actor, &reference, |case, cx| {
                let states = case.check_states(cx.round, cx.network);
                Ok(case.approve(cx.act, cx.round.four_eyes, &states)?)
            }),
            Command::Reopen { reference, reason } => {
                self.change_case(actor, &reference, |case, cx| {
                    Ok(case.reopen(cx.act, &reason)?)
                })
            }
            Command::DeclareConflict { reference, reason } => {
                self.change_case(actor, &reference, |case, cx| {
                    Ok(case.declare_conflict(cx.act, &reason)?)
                })
            }
            Command::ImportRegistry { sources } => self.import_registry(actor, &sources),
            Command::ImportRounds { sources } => self.import_rounds(actor, &sources),
            Command::ImportApplications { sources, replace } => {
                self.import_applications(actor, &sources, replace)
            }
        }
    }

    fn change_case(
        &self,
        actor: &str,
        reference: &str,
        rule: impl FnOnce(&mut Case, &Context<'_>) -> Result<Vec<Change>>,
    ) -> Result<Receipt> {
        let at = self.now();
        self.store.write(|writer| {
            let Some(before) = writer.case(reference)? else {
                return Err(case_not_found(writer, reference));
            };
            let round_id = &before.application.round;
            let round = writer.round(round_id)?.ok_or_else(|| NotFound::Round {
                id: round_id.clone(),
                known: Vec::new(),
            })?;
            let network = writer.network(&before.application.network)?;
            let mut case = before.clone();
            let changes = {
                let cx = Context {
                    round: &round,
                    network: network.as_ref(),
                    writer,
                    act: Act { by: actor, at },
                };
                rule(&mut case, &cx)?
            };
            if changes.is_empty() {
                return Ok(Receipt::default());
            }
            writer.put_case(Some(&before), &case)?;
            let events = record(writer, actor, at, Some(reference), changes)?;
            Ok(Receipt {
                events,
                import: None,
            })
        })
    }
}

/// Appends the changes to the log as events.
pub(super) fn record(
    writer: &mut Writer,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
    case: Option<&str>,
    changes: Vec<Change>,
) -> Result<Vec<Event>> {
    changes
        .into_iter()
        .map(|change| {
            let mut event = Event {
                seq: 0,
                at,
                by: actor.to_string(),
                case: case.map(str::to_string),
                change,
            };
            event.seq = writer.append_event(event.clone())?;
            Ok(event)
        })
        .collect()
}

/// A case that is not there, with the references that look most like the one asked for.
pub(super) fn case_not_found(view: &impl View, reference: &str) -> Error {
    let wanted = crate::domain::text::fold(reference);
    let mut scored: Vec<(usize, String)> = Vec::new();
    let _ = view.scan(
        crate::store::tables::CASES,
        (std::ops::Bound::Unbounded, std::ops::Bound::Unbounded),
        &mut |key, _| {
            let folded = crate::domain::text::fold(key);
            let distance = crate::domain::text::edit_distance(&wanted, &folded);
            if distance <= 3 || folded.contains(&wanted) {
                scored.push((distance, key.to_string()));
            }
            Ok(scored.len() < 10_000)
        },
    );
    scored.sort();
    NotFound::Case {
        reference: reference.to_string(),
        suggestions: scored.into_iter().take(3).map(|(_, r)| r).collect(),
    }
    .into()
}
