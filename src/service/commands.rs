//! The case commands: load, apply the domain rule, store, record events, in one write
//! transaction.

use super::{Command, Receipt, Service};
use crate::domain::{Act, Case, Change, Event, Money, Network, Round, UserRole};
use crate::error::{Error, NotFound, Result};
use crate::store::{View, Writer};

/// What a case rule sees besides the case: its round, its network, and the store as of
/// this transaction (for pot balances).
pub(super) struct Context<'a, 't> {
    pub round: &'a Round,
    /// Every county the round covers.
    pub counties: &'a [String],
    pub network: Option<&'a Network>,
    pub writer: &'a Writer<'t>,
    pub act: Act<'a>,
    /// What followed the decision; stored again where a rule changed it.
    pub follow_up: std::cell::RefCell<crate::domain::follow_up::FollowUp>,
}

impl Context<'_, '_> {
    /// Who acts, when, and the date in Norway: what a follow-up rule is told.
    pub fn today(&self) -> crate::domain::follow_up::Today<'_> {
        crate::domain::follow_up::Today {
            act: self.act,
            date: crate::domain::time::to_oslo(self.act.at).date_naive(),
        }
    }

    /// What the automatic checks read.
    pub fn setting(&self) -> crate::domain::Setting<'_> {
        crate::domain::Setting {
            round: self.round,
            counties: self.counties,
            network: self.network,
        }
    }
}

impl Service {
    /// Carries out one command for `actor`, in one write transaction.
    pub fn execute(&self, actor: &str, command: Command) -> Result<Receipt> {
        self.run(actor, command, None, true, None)
    }

    /// [`Service::execute_seen`] for a server's client: their role was checked when the
    /// request arrived, and a case command's is checked again inside its transaction,
    /// so a user removed or demoted while the command waited for the writer is refused
    /// as at the door.
    pub(super) fn execute_for_peer(
        &self,
        login: &str,
        command: Command,
        seen: Option<u64>,
    ) -> Result<Receipt> {
        let needs = command.needs();
        self.run(login, command, seen, true, Some(needs))
    }

    /// Carries out a command given from a view that showed its case as of event `seen`:
    /// refused, with what changed, if the case has changed since.
    pub fn execute_seen(
        &self,
        actor: &str,
        command: Command,
        seen: Option<u64>,
    ) -> Result<Receipt> {
        self.run(actor, command, seen, true, None)
    }

    /// What the command would do, or why it would be refused, with nothing stored: the
    /// same rules on the same data, in a transaction that is rolled back. A front-end
    /// asks this before it shows a confirmation; `seen` as for [`Service::execute_seen`].
    pub fn rehearse_seen(
        &self,
        actor: &str,
        command: Command,
        seen: Option<u64>,
    ) -> Result<Receipt> {
        self.run(actor, command, seen, false, None)
    }

    /// `needs`: the role the actor must still hold when a case command runs.
    fn run(
        &self,
        actor: &str,
        command: Command,
        seen: Option<u64>,
        commit: bool,
        needs: Option<UserRole>,
    ) -> Result<Receipt> {
        if !commit {
            return match command.case_reference().map(str::to_string) {
                Some(_) => self.run_case_command(actor, command, seen, false, needs),
                None => Ok(Receipt::default()),
            };
        }
        match command {
            Command::ImportRegistry { sources } => self.import_registry(actor, &sources),
            Command::ImportRounds { sources } => self.import_rounds(actor, &sources),
            Command::ImportApplications { sources, replace } => {
                self.import_applications(actor, sources, replace)
            }
            Command::MarkSent {
                round,
                references,
                date,
                journal,
            } => self.mark_sent(actor, &round, &references, date, journal.as_deref()),
            Command::AddUser { login, role } => self.add_user(actor, &login, role),
            Command::RemoveUser { login } => self.remove_user(actor, &login),
            Command::RepairTotals => self.repair_totals(actor),
            Command::SetArchiveReference {
                reference,
                archive_reference,
            } => self.set_archive_reference(actor, &reference, &archive_reference),
            Command::SetOfficial { login, name, title } => {
                self.set_official(actor, &login, name.as_deref(), title.as_deref())
            }
            Command::DeclareTie {
                municipality,
                reason,
            } => self.declare_tie(actor, &municipality, &reason),
            Command::WithdrawTie {
                municipality,
                reason,
            } => self.withdraw_tie(actor, &municipality, reason.as_deref()),
            Command::SetThemes { reference, themes } => self.set_themes(actor, &reference, themes),
            Command::FlagPriority { municipality, note } => {
                self.flag_priority(actor, &municipality, note.as_deref())
            }
            Command::ClearPriority { municipality } => self.clear_priority(actor, &municipality),
            case_command => self.run_case_command(actor, case_command, seen, true, needs),
        }
    }

    fn run_case_command(
        &self,
        actor: &str,
        command: Command,
        seen: Option<u64>,
        commit: bool,
        needs: Option<UserRole>,
    ) -> Result<Receipt> {
        let clock = std::sync::Arc::clone(&self.clock);
        let actor = actor.to_string();
        // May run more than once (a shared transaction starts again when another
        // command in it is refused), so it works on a copy of the command each time.
        let work = move |writer: &mut Writer| {
            if let Some(needs) = needs {
                super::users::still_allowed(writer, &actor, needs)?;
            }
            if let (Some(seen), Some(reference)) = (seen, command.case_reference()) {
                refuse_if_changed(writer, reference, seen)?;
            }
            // The time it runs, not the time it was asked: the log's times then follow
            // its order, also for a command that waited for a shared transaction.
            case_command_in(writer, &actor, clock(), command.clone())
        };
        if commit {
            self.store.write_shared(work)
        } else {
            self.store.rehearse(work)
        }
    }

    /// Several case commands, each by its own actor, in one write transaction: all or
    /// nothing. For bulk work on the local file (the data generator), never offered
    /// to a shared server, where identities come from the connection.
    pub fn execute_many(&self, steps: Vec<(String, Command)>) -> Result<usize> {
        let at = self.now();
        self.store.write(|writer| {
            let mut events = 0;
            for (actor, command) in steps {
                events += case_command_in(writer, &actor, at, command)?.events.len();
            }
            Ok(events)
        })
    }
}

/// One case command inside a write transaction.
fn case_command_in(
    writer: &mut Writer,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
    command: Command,
) -> Result<Receipt> {
    let change =
        |writer: &mut Writer,
         reference: &str,
         rule: &dyn Fn(&mut Case, &Context<'_, '_>) -> Result<Vec<Change>>| {
            change_case(writer, actor, at, reference, rule, Bar::TiesToo)
        };
    match command {
        Command::RecordCheck {
            reference,
            check,
            verdict,
            note,
            pot,
        } => change(writer, &reference, &|case, cx| match &pot {
            Some(pot) => Ok(case.record_pot_check(cx.act, check, pot, verdict, note.as_deref())?),
            None => Ok(case.record_check(cx.act, check, verdict, note.as_deref())?),
        }),
        Command::Allocate {
            reference,
            pot,
            amount,
        } => change(writer, &reference, &|case, cx| {
            let Some(pot) = cx.round.pot(&pot) else {
                return Err(NotFound::Pot {
                    round: cx.round.id.clone(),
                    pot: pot.clone(),
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
        } => change(writer, &reference, &|case, cx| {
            let states = case.check_states(cx.setting());
            Ok(case.propose(cx.act, outcome, &reason, &states, cx.round)?)
        }),
        Command::Approve {
            reference,
            proposal,
        } => change(writer, &reference, &|case, cx| approve(case, cx, proposal)),
        Command::Undo { reference } => change(writer, &reference, &undo),
        Command::Reopen { reference, reason } => change(writer, &reference, &|case, cx| {
            // Money paid or a report received is not undone by a new decision.
            if cx.follow_up.borrow().is_started() {
                return Err(crate::domain::Refusal::FollowUpStarted {
                    reference: case.reference().to_string(),
                }
                .into());
            }
            Ok(case.reopen(cx.act, &reason)?)
        }),
        command @ (Command::Pay { .. }
        | Command::Report { .. }
        | Command::Claim { .. }
        | Command::Repaid { .. }
        | Command::Extend { .. }
        | Command::Close { .. }) => super::follow_up::command_in(writer, actor, at, command),
        // Declaring oneself conflicted is never barred by a standing tie.
        Command::DeclareConflict { reference, reason } => change_case(
            writer,
            actor,
            at,
            &reference,
            &|case, cx| Ok(case.declare_conflict(cx.act, &reason)?),
            Bar::ConflictsOnly,
        ),
        Command::ClearCheck {
            reference,
            check,
            pot,
        } => change(writer, &reference, &|case, cx| match &pot {
            Some(pot) => Ok(case.clear_pot_check(cx.act, check, pot)?),
            None => Ok(case.clear_check(cx.act, check)?),
        }),
        Command::WithdrawProposal { reference } => change(writer, &reference, &|case, cx| {
            Ok(case.withdraw_proposal(cx.act)?)
        }),
        Command::ImportRegistry { .. }
        | Command::ImportRounds { .. }
        | Command::ImportApplications { .. }
        | Command::MarkSent { .. }
        | Command::AddUser { .. }
        | Command::RemoveUser { .. }
        | Command::RepairTotals
        | Command::SetOfficial { .. }
        | Command::SetArchiveReference { .. }
        | Command::DeclareTie { .. }
        | Command::WithdrawTie { .. }
        | Command::SetThemes { .. }
        | Command::FlagPriority { .. }
        | Command::ClearPriority { .. } => Ok(Receipt::default()),
    }
}

/// Refuses a command given from a view of the case as of event `seen` when the case
/// has changed since, saying what changed: checked inside the write transaction, so
/// nothing can slip in between.
fn refuse_if_changed(writer: &Writer, reference: &str, seen: u64) -> Result<()> {
    let changes: Vec<Event> = writer
        .case_events(reference)?
        .into_iter()
        .filter(|e| e.seq > seen)
        .collect();
    if changes.is_empty() {
        Ok(())
    } else {
        Err(crate::domain::Refusal::Stale {
            reference: reference.to_string(),
            changes,
        }
        .into())
    }
}

impl Service {
    /// What allocating `amount` from `pot` to a case would leave in the pot, or why it
    /// would be refused: the same rule as [`Command::Allocate`], nothing stored. A form
    /// asks this on every key press.
    pub fn preview_allocation(
        &self,
        actor: &str,
        reference: &str,
        pot: &str,
        amount: Money,
    ) -> Result<Money> {
        let at = self.now();
        self.store.read(|view| {
            let Some(mut case) = view.case(reference)? else {
                return Err(case_not_found(view, reference));
            };
            let round_id = case.application.round.clone();
            let round = view.round(&round_id)?.ok_or(NotFound::Round {
                id: round_id,
                known: vec![],
            })?;
            let Some(pot) = round.pot(pot) else {
                let known = round.pot_ids();
                return Err(NotFound::Pot {
                    round: round.id.clone(),
                    pot: pot.to_string(),
                    known,
                }
                .into());
            };
            let in_pot = view.pot_allocated(&round.id, &pot.id)?;
            let before = case.allocated(&pot.id);
            case.allocate(Act { by: actor, at }, pot, amount, in_pot)?;
            Ok(pot.room(in_pot, before).minus(amount))
        })
    }
}

/// Turns the proposal into the decision; with `proposal`, only if that is still the
/// proposal (the approver saw it, not one written since).
fn approve(case: &mut Case, cx: &Context<'_, '_>, proposal: Option<u64>) -> Result<Vec<Change>> {
    if let Some(expected) = proposal {
        let history = cx.writer.case_events(case.reference())?;
        let current = crate::domain::event::current_proposal_seq(case, &history);
        if current != Some(expected) {
            return Err(crate::domain::Refusal::ProposalChanged {
                reference: case.reference().to_string(),
                expected,
                current,
            }
            .into());
        }
    }
    let states = case.check_states(cx.setting());
    Ok(case.approve(cx.act, cx.round, &states)?)
}

/// Takes back the caller's own last change to the case, with what each pot can give it
/// read in this write transaction.
fn undo(case: &mut Case, cx: &Context<'_, '_>) -> Result<Vec<Change>> {
    let events = cx.writer.case_events(case.reference())?;
    let last = crate::domain::undo::last_change(case, cx.act.by, &events)?;
    // What each pot can give this case, read in this write transaction.
    let mut rooms = std::collections::BTreeMap::new();
    for pot in &cx.round.pots {
        let in_pot = cx.writer.pot_allocated(&cx.round.id, &pot.id)?;
        let room = pot.room(in_pot, case.allocated(&pot.id));
        rooms.insert(pot.id.clone(), room);
    }
    let room = |pot: &str| rooms.get(pot).copied().unwrap_or(Money::ZERO);
    Ok(crate::domain::undo::take_back(case, cx.act, last, &room)?)
}

/// Loads a case, applies a rule to it, stores it and records the events.
/// Who a change to a case bars: those tied to one of its municipalities too, or only
/// those who declared a conflict in the case (the rules check that).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Bar {
    TiesToo,
    ConflictsOnly,
}

pub(super) fn change_case(
    writer: &mut Writer,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
    reference: &str,
    rule: &dyn Fn(&mut Case, &Context<'_, '_>) -> Result<Vec<Change>>,
    bar: Bar,
) -> Result<Receipt> {
    {
        let Some(before) = writer.case(reference)? else {
            return Err(case_not_found(writer, reference));
        };
        let round_id = &before.application.round;
        let round = writer.round(round_id)?.ok_or_else(|| NotFound::Round {
            id: round_id.clone(),
            known: Vec::new(),
        })?;
        // A standing tie bars every change to the case but declaring a conflict in it.
        if bar == Bar::TiesToo {
            before.ensure_untied(actor, &writer.ties_of(actor)?)?;
        }
        let network = writer.network(&before.application.network)?;
        let counties = super::queries::round_counties(writer, &round)?;
        let mut case = before.clone();
        let follow_up_before = writer.follow_up(round_id, reference)?;
        let (changes, follow_up) = {
            let cx = Context {
                round: &round,
                counties: &counties,
                network: network.as_ref(),
                writer,
                act: Act { by: actor, at },
                follow_up: std::cell::RefCell::new(follow_up_before.clone()),
            };
            let changes = rule(&mut case, &cx)?;
            (changes, cx.follow_up.into_inner())
        };
        if changes.is_empty() {
            return Ok(Receipt::default());
        }
        writer.put_case(Some(&before), &case)?;
        if follow_up != follow_up_before {
            writer.put_follow_up(&case.application.round, case.reference(), &follow_up)?;
        }
        let events = record(writer, actor, at, Some(reference), changes)?;
        Ok(Receipt {
            events,
            ..Receipt::default()
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
    let events = changes
        .into_iter()
        .map(|change| Event::new(at, actor, case, change))
        .collect();
    Ok(writer.append_events(events)?)
}

/// References longer than this get no suggestions: no reference is that long, and the
/// comparison with every case would cost in proportion.
const SUGGEST_UP_TO_CHARS: usize = 48;

/// A case that is not there, with the references that look most like the one asked for.
pub(super) fn case_not_found(view: &impl View, reference: &str) -> Error {
    use crate::domain::text::{edit_distance, fold, within_edits};
    let wanted = fold(reference);
    let mut scored: Vec<(usize, String)> = Vec::new();
    if (1..=SUGGEST_UP_TO_CHARS).contains(&wanted.chars().count()) {
        let _ = view.scan(
            crate::store::tables::CASES,
            crate::store::unbounded(),
            &mut |key, _| {
                let folded = fold(key);
                // The bounded comparison settles nearly every key without a matrix.
                if within_edits(&wanted, &folded, 3) {
                    scored.push((edit_distance(&wanted, &folded), key.to_string()));
                } else if folded.contains(&wanted) {
                    scored.push((4, key.to_string()));
                }
                Ok(scored.len() < 1_000)
            },
        );
    }
    scored.sort();
    NotFound::Case {
        reference: reference.to_string(),
        suggestions: scored.into_iter().take(3).map(|(_, r)| r).collect(),
    }
    .into()
}

impl Service {
    /// Computes every running total again from the cases, recorded as an event.
    pub(super) fn repair_totals(&self, actor: &str) -> Result<Receipt> {
        let at = self.now();
        self.store.write(|writer| {
            let cases = writer.rebuild_aggregates()?;
            let change = Change::TotalsRebuilt {
                cases: cases as u64,
            };
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }
}

impl Service {
    /// The stored form of a reference given in another case, if a case has it; `None`
    /// where no case does (the caller then says "not found", with suggestions).
    pub(super) fn stored_reference(&self, reference: &str) -> Result<Option<String>> {
        self.store.read(|view| {
            if reference.chars().count() > crate::import::MAX_ID_CHARS {
                return Ok(None);
            }
            let wanted = crate::domain::text::reference_key(reference);
            let mut found = None;
            view.scan(
                crate::store::tables::CASES,
                crate::store::unbounded(),
                &mut |key, _| {
                    if crate::domain::text::reference_key(key) == wanted {
                        found = Some(key.to_string());
                    }
                    Ok(found.is_none())
                },
            )?;
            Ok(found)
        })
    }

    /// Each of `references` in its stored form where a case has it without regard to
    /// case (`hor-2018-001` for `HOR-2018-001`), else as given: for commands that name
    /// several cases, which [`Service::handle`]'s retry of one does not reach.
    pub(super) fn stored_forms(&self, references: &[String]) -> Result<Vec<String>> {
        // Which are stored as written, in one read; only the rest pay for a search.
        let as_written: Vec<bool> = self.store.read(|view| {
            references
                .iter()
                .map(|reference| Ok(view.case_line(reference)?.is_some()))
                .collect::<Result<_>>()
        })?;
        references
            .iter()
            .zip(as_written)
            .map(|(reference, stored)| {
                if stored {
                    return Ok(reference.clone());
                }
                Ok(self
                    .stored_reference(reference)?
                    .unwrap_or_else(|| reference.clone()))
            })
            .collect()
    }
}
