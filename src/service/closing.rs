//! Closing a round: grant letters, exports for accounting, and the audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::commands::{case_not_found, record};
use super::{Receipt, Service};
use crate::domain::time::to_oslo;
use crate::domain::{Case, CaseState, Change, Event, LetterRecord, Money, Outcome, Round};
use crate::error::{NotFound, Result};
use crate::letters::{self, Letter, LetterInput};
use crate::store::{ChainReport, View};

/// One line of an export: one case and one pot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    pub reference: String,
    pub network: String,
    pub lead_municipality: String,
    pub lead_municipality_name: String,
    pub pot: String,
    pub requested: Money,
    pub allocated: Money,
    /// Empty until the case is decided.
    pub outcome: Option<Outcome>,
    pub proposed_by: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

fn round_of(view: &impl View, id: &str) -> Result<Round> {
    view.round(id)?.ok_or_else(|| {
        let known = view
            .rounds()
            .map(|r| r.into_iter().map(|r| r.id).collect())
            .unwrap_or_default();
        NotFound::Round {
            id: id.to_string(),
            known,
        }
        .into()
    })
}

/// The letter of a decided case: dated when it was first written, or `today`.
fn letter_of(
    view: &impl View,
    case: &Case,
    round: &Round,
    today: chrono::NaiveDate,
) -> Result<Option<Letter>> {
    let date = view.letter(case.reference())?.map_or(today, |r| r.date);
    let network = view.network(&case.application.network)?;
    let lead = view.municipality(&case.application.lead_municipality)?;
    Ok(letters::render(&LetterInput {
        case,
        round,
        network: network.as_ref(),
        lead: lead.as_ref(),
        date,
    }))
}

impl Service {
    fn today(&self) -> chrono::NaiveDate {
        to_oslo(self.now()).date_naive()
    }

    /// The grant letter of one case as it stands (a preview before it is sent).
    pub fn letter(&self, reference: &str) -> Result<Option<Letter>> {
        let today = self.today();
        self.store.read(|view| {
            let Some(case) = view.case(reference)? else {
                return Err(case_not_found(view, reference));
            };
            let round = round_of(view, &case.application.round)?;
            letter_of(view, &case, &round, today)
        })
    }

    /// Writes the letters of every decided case of a round; cases that had none move to
    /// `letter-sent` with an event. The letters come back in the receipt, for the
    /// front-end to save; asking again gives the same letters and no new events.
    pub(super) fn send_letters(&self, actor: &str, round: &str) -> Result<Receipt> {
        let at = self.now();
        let today = self.today();
        self.store.write(|writer| {
            let round = round_of(writer, round)?;
            let mut receipt = Receipt::default();
            for reference in writer.case_references(&round.id)? {
                let Some(before) = writer.case(&reference)? else {
                    continue;
                };
                if !before.state.is_closed() {
                    continue;
                }
                let Some(letter) = letter_of(writer, &before, &round, today)? else {
                    continue;
                };
                if before.state == CaseState::Decided {
                    // Sending the decision is work on the case: not by someone barred.
                    if before.is_conflicted(actor) {
                        return Err(crate::domain::Refusal::Conflicted {
                            reference,
                            person: actor.to_string(),
                        }
                        .into());
                    }
                    let mut case = before.clone();
                    case.state = CaseState::LetterSent;
                    case.revision += 1;
                    let date = writer.letter(&reference)?.map_or(today, |r| r.date);
                    let form = letter.form.code().to_string();
                    writer.put_letter(
                        &reference,
                        &LetterRecord {
                            date,
                            form: form.clone(),
                            by: actor.to_string(),
                            at,
                        },
                    )?;
                    writer.put_case(Some(&before), &case)?;
                    let changes = vec![
                        Change::LetterSent { form, date },
                        Change::StateChanged {
                            from: CaseState::Decided,
                            to: CaseState::LetterSent,
                        },
                    ];
                    receipt
                        .events
                        .extend(record(writer, actor, at, Some(&reference), changes)?);
                }
                receipt.letters.push(letter);
            }
            // All or nothing: a run that could not save every letter marks none.
            letters::check_file_names(&receipt.letters)?;
            Ok(receipt)
        })
    }

    /// One row per case and requested pot, for accounting and the archive.
    pub fn export(&self, round: &str) -> Result<Vec<ExportRow>> {
        self.store.read(|view| {
            let round = round_of(view, round)?;
            let mut rows = Vec::new();
            for reference in view.case_references(&round.id)? {
                let Some(case) = view.case(&reference)? else {
                    continue;
                };
                let app = &case.application;
                let lead_name = view
                    .municipality(&app.lead_municipality)?
                    .map(|m| m.name)
                    .unwrap_or_default();
                for request in &app.requests {
                    let decision = case.decision.as_ref();
                    rows.push(ExportRow {
                        reference: app.reference.clone(),
                        network: app.network.clone(),
                        lead_municipality: app.lead_municipality.clone(),
                        lead_municipality_name: lead_name.clone(),
                        pot: request.pot.clone(),
                        requested: request.amount,
                        allocated: case.allocated(&request.pot),
                        outcome: decision.map(|d| d.outcome),
                        proposed_by: decision.map(|d| d.proposed_by.clone()),
                        decided_by: decision.map(|d| d.decided_by.clone()),
                        decided_at: decision.map(|d| d.at),
                    });
                }
            }
            Ok(rows)
        })
    }

    /// The event history, of one case or of everything.
    pub fn audit(&self, reference: Option<&str>) -> Result<Vec<Event>> {
        self.store.read(|view| match reference {
            Some(reference) => {
                if view.case(reference)?.is_none() {
                    return Err(case_not_found(view, reference));
                }
                Ok(view.case_events(reference)?)
            }
            None => Ok(view.events()?),
        })
    }

    /// Checks that the event log is whole and unaltered, that the stored state is what
    /// the events say, and (with `expect`) that the head is the hash recorded elsewhere.
    pub fn verify_audit(&self, expect: Option<&str>) -> Result<ChainReport> {
        let _one_at_a_time = self
            .verifying
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.store.read(|view| {
            let mut report = view.verify_chain()?;
            if report.broken.is_none() {
                report.mismatch = super::verify::state_mismatch(view)?;
            }
            report.expected = expect.map(|e| e.trim().to_ascii_lowercase());
            Ok(report)
        })
    }
}
