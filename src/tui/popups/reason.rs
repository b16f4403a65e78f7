//! A free-text reason: reopening a case, declaring a conflict of interest, or rejecting
//! every marked case. Each is confirmed with its effect before it is made.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::confirm::Confirm;
use super::frame::{draw, edit, field_line};
use super::{Form, Popup, open_reference};
use crate::domain::text::safe_line;
use crate::domain::{Change, Outcome};
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::draft::{Draft, DraftKind};
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

/// What a free-text reason is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReasonFor {
    Reopen,
    Conflict,
    /// One rejection reason for every marked case.
    BatchReject,
}

pub struct ReasonForm {
    purpose: ReasonFor,
    input: Input,
}

impl ReasonForm {
    pub fn open(purpose: ReasonFor) -> Popup {
        Self::with_text(purpose, "")
    }

    /// The form for reopening the open case or declaring a conflict in it, opened only
    /// where the service would take the change: a dry run with a stand-in reason says
    /// at once, before anything is typed, that an undecided case cannot be reopened or
    /// a conflict is already declared.
    pub fn open_for_case(
        app: &mut App,
        service: &dyn Session,
        purpose: ReasonFor,
    ) -> Option<Popup> {
        let reference = open_reference(app)?;
        let reason = "-".to_string();
        let command = match purpose {
            ReasonFor::Conflict => Command::DeclareConflict { reference, reason },
            _ => Command::Reopen { reference, reason },
        };
        match service.rehearse(command) {
            Ok(_) => Some(Self::open(purpose)),
            Err(e) => {
                app.error(&e);
                None
            }
        }
    }

    pub fn with_text(purpose: ReasonFor, text: &str) -> Popup {
        Popup::Reason(ReasonForm {
            purpose,
            input: Input::with_text(text),
        })
    }

    /// Every marked case rejected with the reason: confirmed with the list of cases, and
    /// what each gives back to the pots.
    fn batch_reject(app: &App, service: &dyn Session, reason: &str) -> Popup {
        let commands = app
            .marked
            .iter()
            .map(|r| Command::Propose {
                reference: r.clone(),
                outcome: Outcome::Reject,
                reason: reason.to_string(),
            })
            .collect();
        let allocated = app.t.labels().allocated.to_lowercase();
        let lines = app
            .marked
            .iter()
            .map(|r| match service.row(r) {
                Ok(Some(row)) if !row.allocated.is_zero() => format!(
                    "{}: {allocated} {} → {}",
                    safe_line(r),
                    row.allocated,
                    crate::domain::Money::ZERO
                ),
                _ => safe_line(r).into_owned(),
            })
            .collect();
        Popup::Confirm(Confirm {
            title: app.t.tui().batch_reject_title(app.marked.len()),
            lines,
            commands,
            batch: true,
            seen: None,
        })
    }

    /// Reopening or a conflict: asked of the service first, then confirmed with what
    /// it does.
    fn case_change(self, app: &mut App, service: &dyn Session, reason: &str) -> Option<Popup> {
        let reference = open_reference(app)?;
        let tt = app.t.tui();
        let command = match self.purpose {
            ReasonFor::Conflict => Command::DeclareConflict {
                reference: reference.clone(),
                reason: reason.to_string(),
            },
            _ => Command::Reopen {
                reference: reference.clone(),
                reason: reason.to_string(),
            },
        };
        let rehearsed = match service.rehearse(command.clone()) {
            Ok(receipt) => receipt,
            Err(e) => {
                app.error(&e);
                return Some(Popup::Reason(self));
            }
        };
        let reason_line = format!("{}: {}", app.t.labels().reason, safe_line(reason));
        if self.purpose == ReasonFor::Conflict {
            // A declaration bars the person for good: confirmed, with what it does,
            // and what else it changes (a proposal of one's own withdrawn).
            let mut lines = vec![tt.conflict_consequence.to_string(), reason_line];
            lines.extend(
                rehearsed
                    .events
                    .iter()
                    .filter(|e| !matches!(e.change, Change::ConflictDeclared { .. }))
                    .map(|e| safe_line(&app.t.change(&e.change)).into_owned()),
            );
            return Some(Confirm::of_case(
                app,
                tt.conflict_title(&reference),
                lines,
                command,
            ));
        }
        let mut lines = Vec::new();
        if let Some(d) = app.case.as_ref().and_then(|v| v.case.decision.as_ref()) {
            lines.push(tt.decision_kept(app.t.outcome(d.outcome), &safe_line(&d.decided_by)));
        }
        lines.push(reason_line);
        Some(Confirm::of_case(
            app,
            tt.reopen_title(&reference),
            lines,
            command,
        ))
    }
}

impl Form for ReasonForm {
    fn context(&self) -> KeyContext {
        KeyContext::Text
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        if action != Action::Submit {
            edit(&mut self.input, action);
            return Some(Popup::Reason(self));
        }
        let reason = self.input.text().trim().to_string();
        match self.purpose {
            ReasonFor::BatchReject => Some(Self::batch_reject(app, service, &reason)),
            ReasonFor::Reopen | ReasonFor::Conflict => self.case_change(app, service, &reason),
        }
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        draw(
            heading(app, self.purpose),
            vec![field_line(tt.reason_label, &self.input, true, theme)],
            area,
            theme,
            buf,
        );
    }

    fn draft(&self, app: &App) -> Option<Draft> {
        Draft::of(
            app,
            self.purpose != ReasonFor::BatchReject,
            DraftKind::Reason(self.purpose),
            &self.input,
        )
    }
}

/// The form's heading, also naming a draft of it.
pub fn heading(app: &App, purpose: ReasonFor) -> &'static str {
    let tt = app.t.tui();
    match purpose {
        ReasonFor::Reopen => tt.reopen_heading,
        ReasonFor::Conflict => tt.conflict_heading,
        ReasonFor::BatchReject => tt.batch_reject_heading,
    }
}
