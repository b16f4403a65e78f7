//! What the popups do: open them with the right content, take their keys, and turn a
//! finished form into service commands. Every rule is the service's: a form asks it
//! (`rehearse`, `preview_allocation`) and shows the answer in place.

use crate::domain::text::safe_line;
use crate::domain::{Change, CheckId, Money, Outcome};
use crate::service::{Command, Session};

use super::action::Action;
use super::app::{App, Level, Message};
use super::draft::{Draft, DraftKind};
use super::input::Input;
use super::popup::{Field, OUTCOMES, PathFor, Popup, ReasonFor, VERDICTS};

fn open_reference(app: &App) -> Option<String> {
    app.case
        .as_ref()
        .map(|c| c.case.application.reference.clone())
}

/// Edits the selected check of the open case (or, in batch mode, one check of every
/// marked case).
pub fn open_verdict(app: &mut App, batch_check: Option<CheckId>) {
    let (check, current, note) = if let Some(check) = batch_check {
        (check, 0, Input::default())
    } else {
        let Some(view) = &app.case else { return };
        let Some(state) = view.checks.get(app.check_cursor) else {
            return;
        };
        let current = VERDICTS
            .iter()
            .position(|v| *v == state.verdict())
            .unwrap_or(0);
        // A check judged again starts from the note it has.
        let note = state
            .recorded
            .as_ref()
            .and_then(|r| r.note.as_deref())
            .map_or_else(Input::default, Input::with_text);
        (state.id, current, note)
    };
    app.popup = Some(Popup::Verdict {
        check,
        choice: current,
        note,
        field: Field::Choice,
        batch: batch_check.is_some(),
    });
}

pub fn open_allocate(app: &mut App, service: &dyn Session) {
    let Some(view) = &app.case else { return };
    let pots: Vec<String> = view
        .case
        .application
        .requests
        .iter()
        .map(|r| r.pot.clone())
        .collect();
    if pots.is_empty() {
        return;
    }
    let pot = app.pot_cursor.min(pots.len() - 1);
    let current = view.case.allocated(&pots[pot]);
    let amount = if current.is_zero() {
        Input::default()
    } else {
        Input::suggested(&current.plain())
    };
    app.popup = Some(Popup::Allocate {
        pots,
        pot,
        amount,
        preview: None,
    });
    refresh_preview(app, service);
}

pub fn open_propose(app: &mut App) {
    let Some(view) = &app.case else { return };
    let fits = view.case.fitting_outcome();
    let outcome = OUTCOMES.iter().position(|o| *o == fits).unwrap_or(0);
    // A reason written and cancelled earlier in this session is offered again.
    let reason = app
        .kept_reasons
        .remove(view.case.reference())
        .map_or_else(Input::default, |text| Input::with_text(&text));
    app.popup = Some(Popup::Propose {
        outcome,
        reason,
        field: Field::Text,
    });
}

pub fn open_reason(app: &mut App, purpose: ReasonFor) {
    if purpose != ReasonFor::BatchReject && app.case.is_none() {
        return;
    }
    app.popup = Some(Popup::Reason {
        purpose,
        input: Input::default(),
    });
}

pub fn open_batch(app: &mut App) {
    if app.marked.is_empty() {
        let text = app.t.tui().nothing_marked.to_string();
        app.message = Some(Message {
            level: Level::Warning,
            text,
        });
        return;
    }
    app.popup = Some(Popup::Batch { option: 0 });
}

/// Shows what approving would do, after asking the service whether it may.
pub fn confirm_approve(app: &mut App, service: &dyn Session) {
    let Some(view) = &app.case else { return };
    let reference = view.case.application.reference.clone();
    let command = Command::Approve {
        reference: reference.clone(),
        proposal: None,
    };
    if let Err(e) = service.rehearse(command) {
        app.error(&e);
        return;
    }
    let Some(view) = &app.case else { return };
    let tt = app.t.tui();
    let mut lines = Vec::new();
    if let Some(p) = &view.case.proposal {
        lines.push(tt.proposal_by(app.t.outcome(p.outcome), &safe_line(&p.by)));
        lines.extend(amount_lines(app, &p.amounts, false));
        lines.push(format!(
            "{}: {}",
            app.t.labels().reason,
            safe_line(&p.reason)
        ));
    }
    let title = tt.approve_title(&reference);
    app.popup = Some(Popup::Confirm {
        title,
        lines,
        commands: vec![Command::Approve {
            reference,
            proposal: None,
        }],
        batch: false,
        seen: app.shown_event(),
    });
}

/// `pot: amount (requested …) · remaining …` for each pot, from the service's balances.
fn amount_lines(
    app: &App,
    amounts: &std::collections::BTreeMap<String, Money>,
    releasing: bool,
) -> Vec<String> {
    let Some(view) = &app.case else {
        return Vec::new();
    };
    let l = app.t.labels();
    view.case
        .application
        .requests
        .iter()
        .map(|r| {
            let amount = amounts.get(&r.pot).copied().unwrap_or(Money::ZERO);
            let remaining = view
                .balances
                .iter()
                .find(|b| b.id == r.pot)
                .map_or(Money::ZERO, |b| b.remaining);
            let after = if releasing {
                remaining.plus(view.case.allocated(&r.pot))
            } else {
                remaining
            };
            format!(
                "{}: {} ({} {}) · {} {}",
                safe_line(&r.pot),
                amount,
                l.requested.to_lowercase(),
                r.amount,
                l.remaining_in_pot.to_lowercase(),
                after
            )
        })
        .collect()
}

/// `B`: the letter of the open case, or why there is none yet.
pub fn open_letter(app: &mut App, service: &dyn Session) {
    let Some(reference) = open_reference(app) else {
        return;
    };
    match service.letter(&reference) {
        Ok(Some(letter)) => {
            let lines = letter.text.lines().map(str::to_string).collect();
            app.popup = Some(Popup::Letter { lines, scroll: 0 });
        }
        Ok(None) => {
            let text = app.t.tui().no_letter.to_string();
            app.message = Some(Message {
                level: Level::Warning,
                text,
            });
        }
        Err(e) => app.error(&e),
    }
}

/// Keys while a popup is open.
pub fn popup_key(app: &mut App, service: &dyn Session, action: Action) {
    let Some(popup) = app.popup.take() else {
        return;
    };
    if action == Action::Cancel {
        match &popup {
            Popup::Draft { .. } => {
                app.discard_draft();
                app.info(app.t.tui().draft_discarded.to_string());
            }
            // A proposal's reason is work: kept for the session, offered next time.
            Popup::Propose { reason, .. } if !reason.is_empty() => {
                if let Some(reference) = open_reference(app) {
                    app.kept_reasons
                        .insert(reference, reason.text().to_string());
                }
            }
            _ => {}
        }
        return;
    }
    app.popup = match popup {
        Popup::Help => None,
        Popup::Verdict {
            check,
            choice,
            note,
            field,
            batch,
        } => verdict_key(app, service, action, (check, choice, note, field, batch)),
        Popup::Allocate {
            pots,
            pot,
            amount,
            preview,
        } => {
            app.popup = Some(Popup::Allocate {
                pots,
                pot,
                amount,
                preview,
            });
            allocate_key(app, service, action);
            return;
        }
        Popup::Propose {
            outcome,
            reason,
            field,
        } => propose_key(app, service, action, outcome, reason, field),
        Popup::Reason { purpose, input } => reason_key(app, service, action, purpose, input),
        confirm @ Popup::Confirm { .. } => confirm_key(app, service, action, confirm),
        Popup::Lookup {
            input,
            lines,
            scroll,
        } => Some(lookup_key(app, service, action, input, lines, scroll)),
        Popup::Letter { lines, scroll } => match action {
            Action::Up => Some(Popup::Letter {
                lines,
                scroll: scroll.saturating_sub(1),
            }),
            Action::Down => Some(Popup::Letter {
                lines,
                scroll: scroll.saturating_add(1),
            }),
            Action::Submit => None,
            _ => Some(Popup::Letter { lines, scroll }),
        },
        Popup::Batch { option } => batch_key(app, action, option),
        Popup::RoundMenu { option } => round_menu_key(app, service, action, option),
        Popup::Path { purpose, mut input } => {
            if action == Action::Submit {
                write_round(app, service, purpose, input.text().trim());
                return;
            }
            edit(&mut input, action);
            Some(Popup::Path { purpose, input })
        }
        Popup::Draft { draft } => {
            if action == Action::Submit {
                app.discard_draft();
                restore_draft(app, service, &draft);
                return;
            }
            Some(Popup::Draft { draft })
        }
    };
}

/// A confirmation: `j`/Enter makes the write, anything else leaves it open.
fn confirm_key(
    app: &mut App,
    service: &dyn Session,
    action: Action,
    popup: Popup,
) -> Option<Popup> {
    let Popup::Confirm {
        commands,
        batch,
        seen,
        ..
    } = &popup
    else {
        return Some(popup);
    };
    if action != Action::Submit {
        return Some(popup);
    }
    let commands = commands.clone();
    if *batch {
        run_batch(app, service, commands);
    } else {
        app.execute_seen(service, commands, *seen);
    }
    None
}

/// The round menu: letters, export, or a check of the audit trail.
fn round_menu_key(
    app: &mut App,
    service: &dyn Session,
    action: Action,
    option: usize,
) -> Option<Popup> {
    let round = app.round_id()?.to_string();
    match action {
        Action::Up | Action::Left => Some(Popup::RoundMenu {
            option: option.saturating_sub(1),
        }),
        Action::Down | Action::Right => Some(Popup::RoundMenu {
            option: (option + 1).min(2),
        }),
        Action::Submit if option == 0 => {
            let folder = format!(
                "brev-{}",
                crate::letters::file_name(&round).trim_end_matches(".md")
            );
            Some(Popup::Path {
                purpose: PathFor::Letters,
                input: Input::with_text(&folder),
            })
        }
        Action::Submit if option == 1 => {
            let file = crate::letters::file_name(&round).replace(".md", ".csv");
            Some(Popup::Path {
                purpose: PathFor::Export,
                input: Input::with_text(&file),
            })
        }
        Action::Submit => {
            match service.verify_audit(None) {
                Ok(report) => match crate::service::audit_outcome(&report) {
                    Ok(()) => app.info(app.t.chain_whole(report.events, &report.head)),
                    Err(e) => app.error(&e),
                },
                Err(e) => app.error(&e),
            }
            None
        }
        _ => Some(Popup::RoundMenu { option }),
    }
}

/// Writes the round's letters to a folder, or its export to a CSV file.
fn write_round(app: &mut App, service: &dyn Session, purpose: PathFor, path: &str) {
    let Some(round) = app.round_id().map(str::to_string) else {
        return;
    };
    let path = std::path::Path::new(path);
    let outcome = match purpose {
        PathFor::Letters => crate::output::write_letters(service, &round, path).map(|receipt| {
            let sent = crate::output::newly_sent(&receipt);
            app.t
                .letters_written(receipt.letters.len(), sent, &path.display().to_string())
        }),
        PathFor::Export => service
            .export(&round)
            .map(|rows| (crate::output::csv(&rows, b';'), rows.len()))
            .and_then(|(bytes, rows)| {
                crate::output::write_file(path, &bytes)?;
                Ok(app.t.export_written(rows, &path.display().to_string()))
            }),
    };
    match outcome {
        Ok(text) => {
            app.info(text);
            let _ = app.refresh(service);
        }
        Err(e) => app.error(&e),
    }
}

/// The menu for marked cases: a verdict for all, or a rejection for all.
fn batch_key(app: &mut App, action: Action, option: usize) -> Option<Popup> {
    match action {
        Action::Up | Action::Left => Some(Popup::Batch {
            option: option.saturating_sub(1),
        }),
        Action::Down | Action::Right => Some(Popup::Batch {
            option: (option + 1).min(1),
        }),
        Action::Submit if option == 0 => {
            open_verdict(app, Some(CheckId::Plan));
            app.popup.take()
        }
        Action::Submit => {
            open_reason(app, ReasonFor::BatchReject);
            app.popup.take()
        }
        _ => Some(Popup::Batch { option }),
    }
}

/// Applies an editing key to a text field; whether it was one.
pub(super) fn edit(input: &mut Input, action: Action) -> bool {
    match action {
        Action::Insert(c) => input.insert(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::Left => input.left(),
        Action::Right => input.right(),
        Action::Home => input.home(),
        Action::ClearToStart => input.clear_to_start(),
        Action::End => input.end(),
        _ => return false,
    }
    true
}

/// Shortcut letters for verdicts, in English and Norwegian.
fn verdict_shortcut(c: char) -> Option<usize> {
    match c {
        'm' | 'o' | 'y' => Some(0),
        'x' | 'i' => Some(1),
        'n' | 'r' | '-' => Some(2),
        _ => None,
    }
}

type VerdictForm = (CheckId, usize, Input, Field, bool);

fn verdict_key(
    app: &mut App,
    service: &dyn Session,
    action: Action,
    form: VerdictForm,
) -> Option<Popup> {
    let (mut check, mut choice, mut note, mut field, batch) = form;
    match (field, action) {
        (_, Action::FocusNext | Action::FocusPrev) => {
            field = if field == Field::Choice {
                Field::Text
            } else {
                Field::Choice
            };
        }
        (Field::Choice, Action::Up | Action::Down) if batch => {
            let at = CheckId::ALL.iter().position(|c| *c == check).unwrap_or(0);
            let step = if action == Action::Up {
                CheckId::ALL.len() - 1
            } else {
                1
            };
            check = CheckId::ALL[(at + step) % CheckId::ALL.len()];
        }
        (Field::Choice, Action::Left | Action::Up) => choice = (choice + 2) % 3,
        (Field::Choice, Action::Right | Action::Down) => choice = (choice + 1) % 3,
        (Field::Choice, Action::Insert(c)) => {
            if let Some(v) = verdict_shortcut(c) {
                choice = v;
            }
        }
        (_, Action::Submit) => {
            let note_text = Some(note.text().trim().to_string()).filter(|n| !n.is_empty());
            let references: Vec<String> = if batch {
                app.marked.iter().cloned().collect()
            } else {
                open_reference(app).into_iter().collect()
            };
            let commands: Vec<Command> = references
                .iter()
                .map(|reference| Command::RecordCheck {
                    reference: reference.clone(),
                    check,
                    verdict: VERDICTS[choice],
                    note: note_text.clone(),
                })
                .collect();
            if batch {
                run_batch(app, service, commands);
                return None;
            }
            if app.execute(service, commands) {
                return None;
            }
        }
        (Field::Text, other) => {
            edit(&mut note, other);
        }
        _ => {}
    }
    Some(Popup::Verdict {
        check,
        choice,
        note,
        field,
        batch,
    })
}

fn allocate_key(app: &mut App, service: &dyn Session, action: Action) {
    let Some(Popup::Allocate {
        pots, pot, amount, ..
    }) = app.popup.as_mut()
    else {
        return;
    };
    match action {
        Action::Up | Action::FocusPrev | Action::Down | Action::FocusNext => {
            let next = if matches!(action, Action::Up | Action::FocusPrev) {
                pot.saturating_sub(1)
            } else {
                (*pot + 1).min(pots.len() - 1)
            };
            if next != *pot {
                // The amount is the new pot's: never one pot's figure under another.
                *pot = next;
                let current = app
                    .case
                    .as_ref()
                    .map_or(Money::ZERO, |view| view.case.allocated(&pots[next]));
                *amount = if current.is_zero() {
                    Input::default()
                } else {
                    Input::suggested(&current.plain())
                };
            }
        }
        Action::Submit => {
            let Some(reference) = open_reference(app) else {
                return;
            };
            let Some(Popup::Allocate {
                pots, pot, amount, ..
            }) = app.popup.clone()
            else {
                return;
            };
            match Money::parse(amount.text()) {
                Ok(money) => {
                    let commands = vec![Command::Allocate {
                        reference,
                        pot: pots[pot].clone(),
                        amount: money,
                    }];
                    let keep = app.popup.take();
                    if !app.execute(service, commands) {
                        app.popup = keep;
                    }
                }
                Err(error) => {
                    let e = crate::error::Error::Amount {
                        input: amount.text().to_string(),
                        error,
                    };
                    app.error(&e);
                }
            }
            return;
        }
        other => {
            edit(amount, other);
        }
    }
    refresh_preview(app, service);
}

/// What the pot's remaining would become with the typed amount, or why it cannot be.
fn refresh_preview(app: &mut App, service: &dyn Session) {
    let Some(reference) = open_reference(app) else {
        return;
    };
    let t = app.t;
    let Some(Popup::Allocate {
        pots,
        pot,
        amount,
        preview,
    }) = app.popup.as_mut()
    else {
        return;
    };
    if amount.is_empty() {
        *preview = None;
        return;
    }
    *preview = Some(match Money::parse(amount.text()) {
        Err(error) => Err(t.error(&crate::error::Error::Amount {
            input: amount.text().to_string(),
            error,
        })),
        Ok(money) => service
            .preview_allocation(&reference, &pots[*pot], money)
            .map(|remaining| remaining.to_string())
            .map_err(|e| t.error(&e)),
    });
}

fn propose_key(
    app: &mut App,
    service: &dyn Session,
    action: Action,
    mut outcome: usize,
    mut reason: Input,
    mut field: Field,
) -> Option<Popup> {
    match (field, action) {
        (_, Action::FocusNext | Action::FocusPrev) => {
            field = if field == Field::Choice {
                Field::Text
            } else {
                Field::Choice
            };
        }
        (Field::Choice, Action::Left | Action::Up) => outcome = (outcome + 2) % 3,
        (Field::Choice, Action::Right | Action::Down) => outcome = (outcome + 1) % 3,
        (_, Action::Submit) => {
            let reference = open_reference(app)?;
            let command = Command::Propose {
                reference: reference.clone(),
                outcome: OUTCOMES[outcome],
                reason: reason.text().to_string(),
            };
            // Ask first: a refusal shows here, with the form still open.
            if let Err(e) = service.rehearse(command.clone()) {
                app.error(&e);
                return Some(Popup::Propose {
                    outcome,
                    reason,
                    field,
                });
            }
            let lines = propose_lines(app, OUTCOMES[outcome], reason.text());
            let title = app.t.tui().propose_title(&reference);
            return Some(Popup::Confirm {
                title,
                lines,
                commands: vec![command],
                batch: false,
                seen: app.shown_event(),
            });
        }
        (Field::Text, other) => {
            edit(&mut reason, other);
        }
        _ => {}
    }
    Some(Popup::Propose {
        outcome,
        reason,
        field,
    })
}

fn propose_lines(app: &App, outcome: Outcome, reason: &str) -> Vec<String> {
    let Some(view) = &app.case else {
        return Vec::new();
    };
    let mut lines = vec![format!(
        "{}: {}",
        app.t.labels().proposal,
        app.t.outcome(outcome)
    )];
    let releasing = outcome == Outcome::Reject;
    let amounts = if releasing {
        std::collections::BTreeMap::default()
    } else {
        view.case.allocations.clone()
    };
    lines.extend(amount_lines(app, &amounts, releasing));
    lines.push(format!(
        "{}: {}",
        app.t.labels().reason,
        safe_line(reason.trim())
    ));
    lines
}

fn reason_key(
    app: &mut App,
    service: &dyn Session,
    action: Action,
    purpose: ReasonFor,
    mut input: Input,
) -> Option<Popup> {
    if action != Action::Submit {
        edit(&mut input, action);
        return Some(Popup::Reason { purpose, input });
    }
    let reason = input.text().trim().to_string();
    let tt = app.t.tui();
    match purpose {
        ReasonFor::BatchReject => {
            let commands: Vec<Command> = app
                .marked
                .iter()
                .map(|r| Command::Propose {
                    reference: r.clone(),
                    outcome: Outcome::Reject,
                    reason: reason.clone(),
                })
                .collect();
            let lines = app
                .marked
                .iter()
                .map(|r| safe_line(r).into_owned())
                .collect();
            let title = tt.batch_reject_title(app.marked.len());
            Some(Popup::Confirm {
                title,
                lines,
                commands,
                batch: true,
                seen: None,
            })
        }
        ReasonFor::Reopen | ReasonFor::Conflict => {
            let reference = open_reference(app)?;
            let command = if purpose == ReasonFor::Reopen {
                Command::Reopen {
                    reference: reference.clone(),
                    reason: reason.clone(),
                }
            } else {
                Command::DeclareConflict {
                    reference: reference.clone(),
                    reason: reason.clone(),
                }
            };
            let rehearsed = match service.rehearse(command.clone()) {
                Ok(receipt) => receipt,
                Err(e) => {
                    app.error(&e);
                    return Some(Popup::Reason { purpose, input });
                }
            };
            if purpose == ReasonFor::Conflict {
                // A declaration bars the person for good: confirmed, with what it does.
                let mut lines = vec![tt.conflict_consequence.to_string()];
                lines.push(format!("{}: {}", app.t.labels().reason, safe_line(&reason)));
                // And what else it changes (a proposal of one's own withdrawn).
                lines.extend(
                    rehearsed
                        .events
                        .iter()
                        .filter(|e| !matches!(e.change, Change::ConflictDeclared { .. }))
                        .map(|e| safe_line(&app.t.change(&e.change)).into_owned()),
                );
                return Some(Popup::Confirm {
                    title: tt.conflict_title(&reference),
                    lines,
                    commands: vec![command],
                    batch: false,
                    seen: app.shown_event(),
                });
            }
            let mut lines = Vec::new();
            if let Some(d) = app.case.as_ref().and_then(|v| v.case.decision.as_ref()) {
                lines.push(tt.decision_kept(app.t.outcome(d.outcome), &safe_line(&d.decided_by)));
            }
            lines.push(format!("{}: {}", app.t.labels().reason, safe_line(&reason)));
            Some(Popup::Confirm {
                title: tt.reopen_title(&reference),
                lines,
                commands: vec![command],
                batch: false,
                seen: app.shown_event(),
            })
        }
    }
}

/// Runs one command per marked case, going on past refusals, and says how it went.
fn run_batch(app: &mut App, service: &dyn Session, commands: Vec<Command>) {
    let total = commands.len();
    let mut refused = Vec::new();
    for command in commands {
        let reference = command.case_reference().unwrap_or_default().to_string();
        if let Err(e) = service.execute(command) {
            refused.push(format!("{}: {}", safe_line(&reference), app.t.error(&e)));
        }
    }
    let done = total - refused.len();
    let mut text = app.t.tui().batch_done(done, total);
    if let Some(first) = refused.first() {
        text = format!("{text} {first}");
    }
    let level = if refused.is_empty() {
        Level::Info
    } else {
        Level::Warning
    };
    app.marked.clear();
    let _ = app.refresh(service);
    app.message = Some(Message { level, text });
}

fn lookup_key(
    app: &mut App,
    service: &dyn Session,
    action: Action,
    mut input: Input,
    mut lines: Vec<String>,
    mut scroll: u16,
) -> Popup {
    match action {
        Action::Up => scroll = scroll.saturating_sub(1),
        Action::Down => scroll = scroll.saturating_add(1),
        Action::Submit => {}
        other => {
            if edit(&mut input, other) {
                scroll = 0;
                lines = if input.text().trim().chars().count() < 2 {
                    Vec::new()
                } else {
                    match service.lookup(input.text()) {
                        Ok(matches) => crate::output::lookup::lookup(app.t, &matches)
                            .lines()
                            .map(str::to_string)
                            .collect(),
                        Err(e) => vec![app.t.error(&e)],
                    }
                };
            }
        }
    }
    Popup::Lookup {
        input,
        lines,
        scroll,
    }
}

/// `u`: takes back the user's own last change to the case in view, through the service,
/// which refuses (saying who) when someone else changed the case since, or it is decided.
pub fn undo(app: &mut App, service: &dyn Session) {
    let Some(reference) = open_reference(app) else {
        let text = app.t.tui().nothing_to_undo.to_string();
        app.info(text);
        return;
    };
    let command = Command::Undo {
        reference: reference.clone(),
    };
    match service.execute(command) {
        Ok(receipt) => {
            // The first event names what was taken back; the others are how.
            let how: Vec<String> = receipt
                .events
                .iter()
                .skip(1)
                .map(|e| app.t.change(&e.change))
                .collect();
            let text = format!(
                "{} {}",
                app.t.tui().undone(&safe_line(&reference)),
                safe_line(&how.join("; "))
            );
            app.info(text);
        }
        Err(e) => app.error(&e),
    }
    if let Err(e) = app.refresh(service) {
        app.error(&e);
    }
}

/// The draft of the form that was open when the program ended, for saving.
pub fn draft_of(app: &App) -> Option<Draft> {
    let popup = app.popup.as_ref()?;
    let text = popup.unsaved_text()?.to_string();
    let reference = open_reference(app).unwrap_or_default();
    let kind = match popup {
        Popup::Propose { outcome, .. } => DraftKind::Propose { outcome: *outcome },
        Popup::Verdict { check, choice, .. } => DraftKind::Verdict {
            check: *check,
            choice: *choice,
        },
        Popup::Reason { purpose, .. } => DraftKind::Reason(*purpose),
        _ => return None,
    };
    Some(Draft {
        reference,
        kind,
        text,
    })
}

/// Opens the draft's case and its form again, with the text as it was.
fn restore_draft(app: &mut App, service: &dyn Session, draft: &Draft) {
    if !draft.reference.is_empty() {
        app.filter = crate::service::ListFilter {
            round: app.filter.round.clone(),
            ..Default::default()
        };
        app.filter_query.clear();
        // The case may be in another round: look in each.
        for round in 0..app.rounds.len() {
            app.round = round;
            let _ = app.reload(service);
            if let Some(at) = app
                .queue
                .iter()
                .position(|&i| app.refs[i] == draft.reference)
            {
                app.selected = at;
                app.load_case(service);
                break;
            }
        }
    }
    let text = Input::with_text(&draft.text);
    app.popup = Some(match draft.kind.clone() {
        DraftKind::Propose { outcome } => Popup::Propose {
            outcome,
            reason: text,
            field: Field::Text,
        },
        DraftKind::Verdict { check, choice } => Popup::Verdict {
            check,
            choice,
            note: text,
            field: Field::Text,
            batch: false,
        },
        DraftKind::Reason(purpose) => Popup::Reason {
            purpose,
            input: text,
        },
    });
}
