//! Closing a round: grant letters, exports for accounting, and the audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::commands::{case_not_found, record};
use super::{Receipt, Service};
use crate::domain::time::to_oslo;
use crate::domain::{Case, CaseState, Change, Event, LetterRecord, Money, Outcome, Refusal, Round};
use crate::error::{NotFound, Result};
use crate::letters::{self, Letter, LetterInput, LetterKind};
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
    /// After the decision, the case's amounts on this pot (split over its pots in
    /// proportion to what each granted): paid, spent, claimed, repaid.
    #[serde(default)]
    pub paid: Money,
    #[serde(default)]
    pub spent: Money,
    #[serde(default)]
    pub claimed: Money,
    #[serde(default)]
    pub repaid: Money,
}

/// A case's paid, spent, claimed and repaid, each spread over its pots.
fn after_decision(
    case: &Case,
    follow_up: &crate::domain::follow_up::FollowUp,
) -> [std::collections::BTreeMap<String, Money>; 4] {
    use crate::domain::follow_up::{granted, split};
    let granted = granted(case);
    [
        follow_up.paid(),
        follow_up.spent(),
        follow_up.claimed(),
        follow_up.repaid(),
    ]
    .map(|amount| split(amount, &granted))
}

pub(super) fn round_of(view: &impl View, id: &str) -> Result<Round> {
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

/// The longest journal number (journalpostnummer) kept with a sent letter.
const MAX_JOURNAL_CHARS: usize = 200;

/// The letter of a decided case, dated the day of its decision (Norwegian time): the
/// same letter however often it is written, and a new date when a reopened case is
/// decided again.
/// A number the archive gives (a journal entry, a case number): one line, with nothing
/// invisible, within [`MAX_JOURNAL_CHARS`].
fn archive_line(text: &str) -> Result<(), Refusal> {
    if text
        .chars()
        .any(|c| c.is_control() || crate::domain::text::is_invisible(c))
    {
        return Err(Refusal::NotOneLine);
    }
    if text.chars().count() > MAX_JOURNAL_CHARS {
        return Err(Refusal::TooLong {
            limit: MAX_JOURNAL_CHARS,
        });
    }
    Ok(())
}

/// What every letter of a round shares, read once for the round rather than once a
/// letter: its terms, and the municipalities' official names and numbers.
struct RoundLetters {
    round: Round,
    terms: Option<crate::domain::RoundTerms>,
    municipal: std::collections::BTreeMap<String, crate::domain::MunicipalityDetails>,
}

impl RoundLetters {
    fn load(view: &impl View, id: &str) -> Result<RoundLetters> {
        let round = round_of(view, id)?;
        Ok(RoundLetters {
            terms: view.round_terms(&round.id)?,
            municipal: view.municipality_details()?,
            round,
        })
    }
}

/// What a letter of `kind` is about in a case: whether it has one, its date, and who
/// signs it.
fn letter_terms<'c>(
    case: &'c Case,
    follow_up: &'c crate::domain::follow_up::FollowUp,
    report_due: Option<chrono::NaiveDate>,
    kind: LetterKind,
    today: chrono::NaiveDate,
) -> Option<(chrono::NaiveDate, Vec<&'c str>)> {
    let decision = case.decision.as_ref()?;
    let decided = to_oslo(decision.at).date_naive();
    let granted = !crate::domain::follow_up::granted(case).is_empty();
    match kind {
        LetterKind::Decision => {
            let mut logins = vec![decision.decided_by.as_str()];
            if decision.proposed_by != decision.decided_by {
                logins.push(decision.proposed_by.as_str());
            }
            Some((decided, logins))
        }
        LetterKind::Claim => {
            // The claim letter asks for what is owed; none once it is repaid.
            let claim = *follow_up.open_claims().last()?;
            Some((to_oslo(claim.at).date_naive(), vec![claim.by.as_str()]))
        }
        LetterKind::Notice => {
            let unspent = follow_up
                .paid()
                .minus(follow_up.spent())
                .minus(follow_up.claimed());
            (follow_up.report.is_some() && !unspent.is_zero())
                .then(|| (today, vec![decision.decided_by.as_str()]))
        }
        LetterKind::Reminder => {
            let unreported = matches!(
                case.state,
                CaseState::Decided | CaseState::LetterSent | CaseState::Paid
            );
            (granted && unreported && report_due.is_some_and(|d| d < today))
                .then(|| (today, vec![decision.decided_by.as_str()]))
        }
    }
}

fn letter_of(
    view: &impl View,
    shared: &RoundLetters,
    case: &Case,
    kind: LetterKind,
    today: chrono::NaiveDate,
) -> Result<Option<Letter>> {
    let round = &shared.round;
    let follow_up = view.follow_up(&round.id, case.reference())?;
    let use_by = follow_up.use_by(round.funds_used_by);
    let report_due = crate::service::follow_up::report_due(
        shared.terms.as_ref().and_then(|t| t.report_due),
        use_by,
    );
    let Some((date, logins)) = letter_terms(case, &follow_up, report_due, kind, today) else {
        return Ok(None);
    };
    let network = view.network(&case.application.network)?;
    let lead = view.municipality(&case.application.lead_municipality)?;
    // Signed with full names and titles, never with logins: a login with no name
    // recorded stops the letter, saying who and how to fix it.
    let mut officials = Vec::new();
    for login in logins {
        let Some(official) = view.official(login)? else {
            return Err(Refusal::SignatoryUnnamed {
                login: login.to_string(),
                reference: case.reference().to_string(),
            }
            .into());
        };
        officials.push(official);
    }
    let app = &case.application;
    let mut others = Vec::new();
    for number in app
        .municipalities
        .iter()
        .filter(|n| **n != app.lead_municipality)
    {
        if let Some(m) = view.municipality(number)? {
            others.push(m);
        }
    }
    // After a reopening, the decision this one replaces: the last one reopened.
    let replaces = view
        .case_events(case.reference())?
        .iter()
        .rev()
        .find_map(|e| match &e.change {
            Change::Reopened { decision, .. } => Some(to_oslo(decision.at).date_naive()),
            _ => None,
        });
    let details = view.case_details(case.reference())?;
    let payee = match &details.payee {
        Some(number) => view.municipality(number)?,
        None => None,
    };
    let counties = crate::domain::round::counties(round, shared.terms.as_ref());
    let setting = crate::domain::Setting {
        round,
        counties: &counties,
        network: network.as_ref(),
    };
    // Not met as a whole, or (judged per pot) not met for some of the pots.
    let failed = case
        .check_states(setting)
        .into_iter()
        .filter_map(|s| match s.verdict() {
            crate::domain::Verdict::NotMet => Some((s.id, Vec::new())),
            v if v.passes() && !s.failing_pots().is_empty() => {
                let pots = s.failing_pots().into_iter().map(str::to_string).collect();
                Some((s.id, pots))
            }
            _ => None,
        })
        .collect();
    let input = LetterInput {
        case,
        round,
        terms: shared.terms.as_ref(),
        network: network.as_ref(),
        lead: lead.as_ref(),
        others: others.iter().collect(),
        date,
        signatories: officials.iter().collect(),
        replaces,
        failed,
        details,
        payee: payee.as_ref(),
        municipal: &shared.municipal,
    };
    Ok(match kind {
        LetterKind::Decision => letters::render(&input),
        kind => {
            let after = letters::FollowUpInput {
                follow_up: &follow_up,
                report_due,
            };
            letters::render_follow_up(&input, &after, kind)
        }
    })
}

impl Service {
    pub(super) fn today(&self) -> chrono::NaiveDate {
        to_oslo(self.now()).date_naive()
    }

    /// The decision letter of one case as it stands.
    pub fn letter(&self, reference: &str) -> Result<Option<Letter>> {
        self.store.read(|view| {
            let Some(case) = view.case(reference)? else {
                return Err(case_not_found(view, reference));
            };
            let shared = RoundLetters::load(view, &case.application.round)?;
            letter_of(view, &shared, &case, LetterKind::Decision, self.today())
        })
    }

    /// The decision letters of every decided case of a round (sent or not), for the
    /// front-end to save. Nothing is recorded: writing files is not sending them
    /// ([`Command::MarkSent`](super::Command::MarkSent) is). Refused whole when two
    /// letters could not be saved side by side.
    pub fn round_letters(&self, round: &str, kind: LetterKind) -> Result<Vec<Letter>> {
        let today = self.today();
        self.store.read(|view| {
            let shared = RoundLetters::load(view, round)?;
            let mut letters = Vec::new();
            for reference in view.case_references(&shared.round.id)? {
                let Some(case) = view.case(&reference)? else {
                    continue;
                };
                if !case.state.is_closed() {
                    continue;
                }
                if let Some(letter) = letter_of(view, &shared, &case, kind, today)? {
                    letters.push(letter);
                }
            }
            letters::check_file_names(&letters)?;
            Ok(letters)
        })
    }

    /// Records that the decision letters of a round went out: every decided case, or
    /// the ones named (each must be a decided case of the round). Cases already sent
    /// are left as they are. All or nothing.
    pub(super) fn mark_sent(
        &self,
        actor: &str,
        round: &str,
        references: &[String],
        date: Option<chrono::NaiveDate>,
        journal: Option<&str>,
    ) -> Result<Receipt> {
        let at = self.now();
        let given_date = date.is_some();
        let date = date.unwrap_or_else(|| self.today());
        let journal = journal.map(str::trim).filter(|j| !j.is_empty());
        if let Some(journal) = journal {
            archive_line(journal)?;
        }
        if date > self.today() {
            return Err(Refusal::SentInFuture { date }.into());
        }
        let today = self.today();
        let references = self.stored_forms(references)?;
        self.store.write(|writer| {
            let shared = RoundLetters::load(writer, round)?;
            let round = &shared.round;
            let named = !references.is_empty();
            let ties = writer.ties_of(actor)?;
            let wanted: Vec<String> = if named {
                references.clone()
            } else {
                writer.case_references(&round.id)?
            };
            let mut receipt = Receipt::default();
            for reference in wanted {
                let Some(before) = writer.case(&reference)? else {
                    return Err(case_not_found(writer, &reference));
                };
                if named && before.application.round != round.id {
                    return Err(Refusal::NotInRound {
                        reference,
                        round: round.id.clone(),
                    }
                    .into());
                }
                match before.state {
                    CaseState::Decided => {}
                    // Named with a date or journal number for a letter already recorded
                    // as sent: said, never dropped quietly.
                    CaseState::LetterSent if named && (given_date || journal.is_some()) => {
                        let sent = writer.letter(&reference)?.map(|r| r.date);
                        return Err(Refusal::AlreadySent { reference, sent }.into());
                    }
                    CaseState::LetterSent => continue,
                    state if named => {
                        return Err(Refusal::NotDecidedToSend { reference, state }.into());
                    }
                    _ => continue,
                }
                let Some(letter) =
                    letter_of(writer, &shared, &before, LetterKind::Decision, today)?
                else {
                    continue;
                };
                // Sending the decision is work on the case: not by someone barred, by a
                // conflict in it or a standing tie with one of its municipalities.
                before.ensure_untied(actor, &ties)?;
                if before.is_conflicted(actor) {
                    return Err(Refusal::Conflicted {
                        reference,
                        person: actor.to_string(),
                    }
                    .into());
                }
                if let Some(decided) = before.decision.as_ref().map(|d| to_oslo(d.at).date_naive())
                    && date < decided
                {
                    return Err(Refusal::SentBeforeDecision {
                        reference,
                        date,
                        decided,
                    }
                    .into());
                }
                let mut case = before.clone();
                case.state = CaseState::LetterSent;
                case.revision += 1;
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
                    Change::LetterDispatched {
                        form,
                        date,
                        journal: journal.map(str::to_string),
                    },
                    Change::StateChanged {
                        from: CaseState::Decided,
                        to: CaseState::LetterSent,
                    },
                ];
                receipt
                    .events
                    .extend(record(writer, actor, at, Some(&reference), changes)?);
            }
            Ok(receipt)
        })
    }

    /// Sets the archive's case number of a case (the letter's "Vår ref.").
    pub(super) fn set_archive_reference(
        &self,
        actor: &str,
        reference: &str,
        archive_reference: &str,
    ) -> Result<Receipt> {
        let archive_reference = archive_reference.trim();
        if archive_reference.is_empty() {
            return Err(Refusal::EmptyValue.into());
        }
        archive_line(archive_reference)?;
        let at = self.now();
        self.store.write(|writer| {
            let Some(case) = writer.case(reference)? else {
                return Err(case_not_found(writer, reference));
            };
            // Work on the case: not by someone who declared a conflict in it, or who
            // has a standing tie with one of its municipalities.
            case.ensure_untied(actor, &writer.ties_of(actor)?)?;
            if case.is_conflicted(actor) {
                return Err(Refusal::Conflicted {
                    reference: reference.to_string(),
                    person: actor.to_string(),
                }
                .into());
            }
            let before = writer.case_details(reference)?;
            let after = crate::domain::CaseDetails {
                archive_reference: Some(archive_reference.to_string()),
                ..before.clone()
            };
            if after == before {
                return Ok(Receipt::default());
            }
            writer.put_case_details(reference, &after)?;
            let change = Change::CaseDetailsChanged { before, after };
            Ok(Receipt {
                events: record(writer, actor, at, Some(reference), vec![change])?,
                ..Receipt::default()
            })
        })
    }

    /// One row per case and requested pot, for accounting and the archive.
    pub fn export(&self, round: &str) -> Result<Vec<ExportRow>> {
        let mut rows = Vec::new();
        self.export_each(round, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// The export's rows, in reference order, each handed to `visit` as it is read: an
    /// export of any length in constant memory.
    pub fn export_each(
        &self,
        round: &str,
        visit: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<()> {
        self.store.read(|view| {
            let round = round_of(view, round)?;
            let mut follow_ups: std::collections::HashMap<_, _> =
                view.round_follow_ups(&round.id)?.into_iter().collect();
            // Most of a round's cases share a few hundred lead municipalities.
            let mut names: std::collections::HashMap<String, String> =
                std::collections::HashMap::new();
            let mut failed = None;
            view.each_case_of(&view.case_references(&round.id)?, &mut |case| {
                let follow_up = follow_ups.remove(case.reference()).unwrap_or_default();
                let after = after_decision(&case, &follow_up);
                let app = &case.application;
                let lead_name = if let Some(name) = names.get(&app.lead_municipality) {
                    name.clone()
                } else {
                    let name = view
                        .municipality(&app.lead_municipality)?
                        .map(|m| m.name)
                        .unwrap_or_default();
                    names.insert(app.lead_municipality.clone(), name.clone());
                    name
                };
                let decision = case.decision.as_ref();
                for request in &app.requests {
                    let row = ExportRow {
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
                        paid: after[0].get(&request.pot).copied().unwrap_or_default(),
                        spent: after[1].get(&request.pot).copied().unwrap_or_default(),
                        claimed: after[2].get(&request.pot).copied().unwrap_or_default(),
                        repaid: after[3].get(&request.pot).copied().unwrap_or_default(),
                    };
                    if let Err(e) = visit(row) {
                        failed = Some(e);
                        return Ok(false);
                    }
                }
                Ok(true)
            })?;
            failed.map_or(Ok(()), Err)
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
