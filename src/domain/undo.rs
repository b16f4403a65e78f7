//! Undo from the log: a person takes back their own last change to a case, by the
//! `before` values its events hold, and only while nobody else has changed the case
//! since. The caller runs this inside the write transaction that stores the result, so
//! nothing can slip in between the check and the change.
//!
//! A change is what one command did: its main event (a verdict, a verdict taken back,
//! an allocation, a proposal) and the events it caused just before it (a proposal
//! withdrawn, a state change, allocations released by a rejection), all by the same
//! person at the same instant. An undo itself is not taken back (make the change again
//! instead): one level, as in vi. A proposal that the change withdrew stays withdrawn
//! and is written again: it was made under the rules of its moment.

use super::case::{Act, Case, CaseState};
use super::event::{Change, Event};
use super::money::Money;
use super::refusal::Refusal;

/// Whether an event is a command's main change, one that undo can take back.
fn is_undoable_main(change: &Change) -> bool {
    matches!(
        change,
        Change::CheckRecorded { .. }
            | Change::CheckCleared { .. }
            | Change::PotCheckRecorded { .. }
            | Change::Allocated { .. }
            | Change::Proposed { .. }
    )
}

/// Whether an event may have come from the same command as `main`, just before it.
fn is_side_effect(change: &Change, main: &Change) -> bool {
    match change {
        Change::ProposalWithdrawn { .. } | Change::StateChanged { .. } => true,
        // A rejection releases the allocations just before it is proposed.
        Change::Allocated { after, .. } => {
            matches!(main, Change::Proposed { .. }) && after.is_zero()
        }
        _ => false,
    }
}

/// The events of the last change to the case, oldest first, if it was `person`'s and
/// can be taken back; otherwise why not.
pub fn last_change<'e>(
    case: &Case,
    person: &str,
    events: &'e [Event],
) -> Result<&'e [Event], Refusal> {
    let reference = case.reference().to_string();
    let nothing = || Refusal::NothingToUndo {
        reference: reference.clone(),
        person: person.to_string(),
    };
    let Some(last) = events.last() else {
        return Err(nothing());
    };
    if last.by != person {
        return Err(Refusal::ChangedByOther {
            reference: reference.clone(),
            by: last.by.clone(),
            change: Box::new(last.clone()),
        });
    }
    // Everything this person did at that instant: one command.
    let run = events
        .iter()
        .rev()
        .take_while(|e| e.by == last.by && e.at == last.at)
        .count();
    let run = &events[events.len() - run..];
    if run
        .iter()
        .any(|e| matches!(e.change, Change::Undone { .. }))
    {
        return Err(Refusal::AlreadyUndone { reference });
    }
    if !is_undoable_main(&last.change) {
        return Err(nothing());
    }
    let side_effects = run[..run.len() - 1]
        .iter()
        .rev()
        .take_while(|e| is_side_effect(&e.change, &last.change))
        .count();
    Ok(&run[run.len() - 1 - side_effects..])
}

/// Takes back `change` (the events of one change, oldest first) on `case`. `room` says
/// how much a pot can give this case now (its remaining plus what the case holds), so
/// an allocation put back never overdraws it.
pub fn take_back(
    case: &mut Case,
    act: Act<'_>,
    change: &[Event],
    room: &dyn Fn(&str) -> Money,
) -> Result<Vec<Change>, Refusal> {
    let reference = case.reference().to_string();
    if case.is_conflicted(act.by) {
        return Err(Refusal::Conflicted {
            reference,
            person: act.by.to_string(),
        });
    }
    if case.state.is_closed() {
        return Err(Refusal::CaseClosed {
            reference,
            state: case.state,
        });
    }
    let Some(main) = change.last() else {
        return Ok(Vec::new());
    };
    let mut changes = vec![Change::Undone { seq: main.seq }];
    let mut state = case.state;
    // Newest first: each event's `before` is the value before it.
    for event in change.iter().rev() {
        reverse(case, &event.change, room, &mut state, &mut changes)?;
    }
    // A case whose last proposal went back stays under review, never "proposed"
    // without a proposal.
    if case.proposal.is_none() && state == CaseState::Proposed {
        changes.push(Change::StateChanged {
            from: state,
            to: CaseState::UnderReview,
        });
        state = CaseState::UnderReview;
    }
    case.state = state;
    case.revision += 1;
    Ok(changes)
}

/// Puts back what one event changed, adding the events that say so.
fn reverse(
    case: &mut Case,
    change: &Change,
    room: &dyn Fn(&str) -> Money,
    state: &mut CaseState,
    changes: &mut Vec<Change>,
) -> Result<(), Refusal> {
    match change {
        Change::CheckRecorded {
            check,
            before: Some(before),
            after,
        } => {
            case.checks.insert(*check, before.clone());
            changes.push(Change::CheckRecorded {
                check: *check,
                before: Some(after.clone()),
                after: before.clone(),
            });
        }
        Change::CheckRecorded {
            check,
            before: None,
            after,
        } => {
            case.checks.remove(check);
            changes.push(Change::CheckCleared {
                check: *check,
                before: after.clone(),
            });
        }
        Change::CheckCleared { check, before } => {
            case.checks.insert(*check, before.clone());
            changes.push(Change::CheckRecorded {
                check: *check,
                before: None,
                after: before.clone(),
            });
        }
        Change::PotCheckRecorded {
            check,
            pot,
            before,
            after,
        } => {
            case.set_pot_check(pot, *check, before.clone());
            changes.push(Change::PotCheckRecorded {
                check: *check,
                pot: pot.clone(),
                before: after.clone(),
                after: before.clone(),
            });
        }
        Change::Allocated { pot, before, after } => {
            if *before > case.allocated(pot) {
                let room = room(pot);
                if *before > room {
                    return Err(Refusal::PotOverdrawn {
                        pot: pot.clone(),
                        amount: *before,
                        remaining: room,
                    });
                }
            }
            if before.is_zero() {
                case.allocations.remove(pot);
            } else {
                case.allocations.insert(pot.clone(), *before);
            }
            changes.push(Change::Allocated {
                pot: pot.clone(),
                before: *after,
                after: *before,
            });
        }
        Change::Proposed { before, after } => {
            case.proposal.clone_from(before);
            changes.push(match before {
                Some(before) => Change::Proposed {
                    before: Some(after.clone()),
                    after: before.clone(),
                },
                None => Change::ProposalWithdrawn {
                    proposal: after.clone(),
                },
            });
        }
        // A proposal the change withdrew is not brought back: it was made under the
        // rules of its moment (four-eyes may have been turned off since, which a
        // waiting proposal prevents), so it is written again if it still stands.
        Change::StateChanged {
            from: CaseState::Proposed,
            ..
        } if case.proposal.is_none() => {}
        Change::StateChanged { from, to } if *state == *to => {
            changes.push(Change::StateChanged {
                from: *to,
                to: *from,
            });
            *state = *from;
        }
        _ => {}
    }
    Ok(())
}
