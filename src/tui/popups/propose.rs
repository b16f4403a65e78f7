//! `i`: the proposal (innstilling): an outcome and its reason, asked of the service and
//! then confirmed with the amounts and what remains in each pot.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::confirm::Confirm;
use super::frame::{Field, choices, draw, edit, field_line, label};
use super::{Form, Popup, open_reference};
use crate::domain::text::safe_line;
use crate::domain::{Money, Outcome};
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::draft::{Draft, DraftKind};
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

/// The outcomes of a proposal, in menu order.
pub const OUTCOMES: [Outcome; 3] = Outcome::ALL;

pub struct ProposeForm {
    outcome: usize,
    reason: Input,
    field: Field,
    /// The case's last event when the form opened: the confirmation is refused if a
    /// colleague changed the case since.
    seen: Option<u64>,
}

impl ProposeForm {
    /// The form for the open case, with the outcome its allocations fit and a reason
    /// written and cancelled earlier in this session.
    pub fn open(app: &mut App) -> Option<Popup> {
        let view = app.case.as_ref()?;
        let fits = view.case.fitting_outcome();
        let outcome = OUTCOMES.iter().position(|o| *o == fits).unwrap_or(0);
        let reason = app
            .kept_reasons
            .remove(view.case.reference())
            .unwrap_or_default();
        let seen = app.shown_event();
        let mut form = Self::restored(outcome, &reason);
        if let Popup::Propose(form) = &mut form {
            form.seen = seen;
        }
        Some(form)
    }

    pub fn restored(outcome: usize, reason: &str) -> Popup {
        Popup::Propose(ProposeForm {
            outcome: outcome.min(OUTCOMES.len() - 1),
            reason: Input::with_text(reason),
            field: Field::Text,
            seen: None,
        })
    }
}

/// `pot: amount (requested …) · remaining …` for each pot. The remaining is the
/// service's: as it is, or, with `releasing`, what the service says the pot would hold
/// with nothing from this case (a rejection gives its allocations back).
pub fn amount_lines(
    app: &App,
    service: &dyn Session,
    amounts: &std::collections::BTreeMap<String, Money>,
    releasing: bool,
) -> Vec<String> {
    let Some(view) = &app.case else {
        return Vec::new();
    };
    let l = app.t.labels();
    let reference = view.case.reference();
    view.case
        .application
        .requests
        .iter()
        .map(|r| {
            let amount = amounts.get(&r.pot).copied().unwrap_or(Money::ZERO);
            let now = || {
                view.balances
                    .iter()
                    .find(|b| b.id == r.pot)
                    .map_or(Money::ZERO, |b| b.remaining)
            };
            let remaining = if releasing {
                service
                    .preview_allocation(reference, &r.pot, Money::ZERO)
                    .unwrap_or_else(|_| now())
            } else {
                now()
            };
            // A rejection gives back what the case holds: said, never done silently.
            let amount = if releasing {
                format!("{} → {amount}", view.case.allocated(&r.pot))
            } else {
                amount.to_string()
            };
            format!(
                "{}: {} ({} {}) · {} {}",
                safe_line(&r.pot),
                amount,
                l.requested.to_lowercase(),
                r.amount,
                l.remaining_in_pot.to_lowercase(),
                remaining
            )
        })
        .collect()
}

fn confirm_lines(app: &App, service: &dyn Session, outcome: Outcome, reason: &str) -> Vec<String> {
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
    lines.extend(amount_lines(app, service, &amounts, releasing));
    lines.push(format!(
        "{}: {}",
        app.t.labels().reason,
        safe_line(reason.trim())
    ));
    lines
}

impl Form for ProposeForm {
    fn context(&self) -> KeyContext {
        match self.field {
            Field::Choice => KeyContext::Choice,
            Field::Text => KeyContext::Text,
        }
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        let count = OUTCOMES.len();
        match (self.field, action) {
            (_, Action::FocusNext | Action::FocusPrev) => self.field = self.field.other(),
            (Field::Choice, Action::Left | Action::Up) => {
                self.outcome = (self.outcome + count - 1) % count;
            }
            (Field::Choice, Action::Right | Action::Down) => {
                self.outcome = (self.outcome + 1) % count;
            }
            (_, Action::Submit) => {
                let reference = open_reference(app)?;
                let outcome = OUTCOMES[self.outcome];
                let command = Command::Propose {
                    reference: reference.clone(),
                    outcome,
                    reason: self.reason.text().to_string(),
                };
                // Ask first: a refusal shows here, with the form still open.
                if let Err(e) = service.rehearse(command.clone()) {
                    app.error(&e);
                    return Some(Popup::Propose(self));
                }
                // Kept in case the confirmation is declined.
                app.kept_reasons
                    .insert(reference.clone(), self.reason.text().to_string());
                let lines = confirm_lines(app, service, outcome, self.reason.text());
                let title = app.t.tui().propose_title(&reference);
                let seen = self.seen.or(app.shown_event());
                return Some(Popup::Confirm(Confirm {
                    title,
                    lines,
                    commands: vec![command],
                    batch: false,
                    seen,
                }));
            }
            (Field::Text, other) => {
                edit(&mut self.reason, other);
            }
            _ => {}
        }
        Some(Popup::Propose(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let t = app.t;
        let tt = t.tui();
        let names: Vec<&str> = OUTCOMES.iter().map(|o| t.outcome(*o)).collect();
        let on_choice = self.field == Field::Choice;
        let mut first = vec![label(tt.outcome_label, on_choice, theme)];
        first.extend(choices(&names, Some(self.outcome), on_choice, theme));
        let lines = vec![
            Line::from(first),
            field_line(tt.reason_label, &self.reason, !on_choice, theme),
        ];
        draw(tt.propose_heading, lines, area, theme, buf);
    }

    fn draft(&self, app: &App) -> Option<Draft> {
        Draft::of(
            app,
            true,
            DraftKind::Propose {
                outcome: self.outcome,
            },
            &self.reason,
        )
    }

    /// A reason is work: kept for the session, offered the next time.
    fn cancel(self, app: &mut App) {
        if let Some(reference) = open_reference(app)
            && !self.reason.is_empty()
        {
            app.kept_reasons
                .insert(reference, self.reason.text().to_string());
        }
    }
}
