//! `U`: after the decision. A menu (pay, final report, claim, repaid, extend, close),
//! then a form of the step's fields; each step is asked of the service first and
//! confirmed with what it records, like every change on the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::confirm::Confirm;
use super::frame::{draw, edit, field_line, menu};
use super::{Form, Popup, open_reference};
use crate::domain::Money;
use crate::domain::text::safe_line;
use crate::error::Error;
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

/// The steps, in menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Pay,
    Report,
    Claim,
    Repaid,
    Extend,
    Close,
}

const STEPS: [Step; 6] = [
    Step::Pay,
    Step::Report,
    Step::Claim,
    Step::Repaid,
    Step::Extend,
    Step::Close,
];

pub struct FollowUpMenu {
    option: usize,
}

impl FollowUpMenu {
    /// The menu for the open case, where it has a decision.
    pub fn open(app: &mut App, _service: &dyn Session) -> Option<Popup> {
        let view = app.case.as_ref()?;
        if view.case.decision.is_none() {
            app.warn(app.t.tui().follow_up_undecided.to_string());
            return None;
        }
        Some(Popup::FollowUpMenu(FollowUpMenu { option: 0 }))
    }
}

impl Form for FollowUpMenu {
    fn context(&self) -> KeyContext {
        KeyContext::Menu
    }

    fn key(self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        let last = STEPS.len() - 1;
        let option = match action {
            Action::Up | Action::Left => self.option.saturating_sub(1),
            Action::Down | Action::Right => (self.option + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Submit => return FollowUpForm::open(app, service, STEPS[self.option]),
            _ => self.option,
        };
        Some(Popup::FollowUpMenu(FollowUpMenu { option }))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        let reference = open_reference_shown(app);
        draw(
            &format!("{} · {reference}", tt.follow_up_title),
            menu(&tt.follow_up_menu, self.option, theme),
            area,
            theme,
            buf,
        );
    }
}

fn open_reference_shown(app: &App) -> String {
    app.case
        .as_ref()
        .map(|v| safe_line(v.case.reference()).into_owned())
        .unwrap_or_default()
}

/// One step's fields.
pub struct FollowUpForm {
    step: Step,
    inputs: Vec<Input>,
    focus: usize,
}

impl FollowUpForm {
    /// The step's form, its fields filled where the case says what they will be (the
    /// amount unpaid, the amount owed, today). Closing has no fields: it is confirmed.
    fn open(app: &mut App, service: &dyn Session, step: Step) -> Option<Popup> {
        let view = app.case.as_ref()?;
        let follow_up = &view.follow_up;
        let granted: Money = crate::domain::follow_up::granted(&view.case)
            .values()
            .copied()
            .sum();
        // A date left empty is today, as the service counts it.
        let today = String::new();
        let amount = |m: Money| {
            if m.is_zero() {
                String::new()
            } else {
                m.to_string()
            }
        };
        let inputs: Vec<String> = match step {
            Step::Pay => vec![amount(granted.minus(follow_up.paid())), today],
            Step::Report => vec![String::new(), today, String::new()],
            Step::Claim | Step::Extend => vec![String::new(), String::new()],
            Step::Repaid => vec![amount(follow_up.owed()), today],
            Step::Close => {
                let form = FollowUpForm {
                    step,
                    inputs: Vec::new(),
                    focus: 0,
                };
                return form.submit(app, service);
            }
        };
        Some(Popup::FollowUp(FollowUpForm {
            step,
            // What the form fills in is a suggestion: the first key typed replaces it,
            // as an amount's field does, so typing `-5` never reads `200 000 kr-5`.
            inputs: inputs.iter().map(|t| Input::suggested(t)).collect(),
            focus: 0,
        }))
    }

    fn labels(&self, app: &App) -> Vec<&'static str> {
        let tt = app.t.tui();
        let [amount, date, spent, note, reason, until] = tt.follow_up_fields;
        match self.step {
            Step::Pay | Step::Repaid => vec![amount, date],
            Step::Report => vec![spent, date, note],
            Step::Claim => vec![amount, reason],
            Step::Extend => vec![until, reason],
            Step::Close => Vec::new(),
        }
    }

    /// The command the fields make, or what is wrong with one of them.
    fn command(&self, reference: String) -> Result<Command, Error> {
        let text = |i: usize| self.inputs.get(i).map_or("", |input| input.text().trim());
        let amount = |i: usize| -> Result<Option<Money>, Error> {
            let input = text(i);
            if input.is_empty() {
                return Ok(None);
            }
            Money::parse(input)
                .map(Some)
                .map_err(|error| Error::Amount {
                    input: input.to_string(),
                    error,
                })
        };
        let date = |i: usize| -> Result<Option<chrono::NaiveDate>, Error> {
            let input = text(i);
            if input.is_empty() {
                return Ok(None);
            }
            chrono::NaiveDate::parse_from_str(input, "%d.%m.%Y")
                .or_else(|_| chrono::NaiveDate::parse_from_str(input, "%Y-%m-%d"))
                .map(Some)
                .map_err(|_| Error::BadDate {
                    input: input.to_string(),
                })
        };
        let optional = |i: usize| Some(text(i).to_string()).filter(|t| !t.is_empty());
        Ok(match self.step {
            Step::Pay => Command::Pay {
                reference,
                amount: amount(0)?,
                date: date(1)?,
            },
            Step::Report => Command::Report {
                reference,
                spent: amount(0)?.unwrap_or(Money::ZERO),
                received: date(1)?,
                note: optional(2),
            },
            Step::Claim => Command::Claim {
                reference,
                amount: amount(0)?,
                reason: text(1).to_string(),
            },
            Step::Repaid => Command::Repaid {
                reference,
                amount: amount(0)?.unwrap_or(Money::ZERO),
                date: date(1)?,
            },
            Step::Extend => Command::Extend {
                reference,
                until: date(0)?.ok_or_else(|| Error::BadDate {
                    input: String::new(),
                })?,
                reason: text(1).to_string(),
            },
            Step::Close => Command::Close { reference },
        })
    }

    /// Asks the service; a refusal shows with the form still open, else the step is
    /// confirmed with what it would record.
    fn submit(self, app: &mut App, service: &dyn Session) -> Option<Popup> {
        let reference = open_reference(app)?;
        let command = match self.command(reference.clone()) {
            Ok(command) => command,
            Err(e) => {
                app.error(&e);
                return self.reopened();
            }
        };
        let receipt = match service.rehearse(command.clone()) {
            Ok(receipt) => receipt,
            Err(e) => {
                app.error(&e);
                return self.reopened();
            }
        };
        let lines = receipt
            .events
            .iter()
            .map(|e| safe_line(&app.t.change(&e.change)).into_owned())
            .collect();
        let step = STEPS.iter().position(|s| *s == self.step).unwrap_or(0);
        let title = format!(
            "{} · {}",
            app.t.tui().follow_up_menu[step],
            safe_line(&reference)
        );
        Some(Confirm::of_case(app, title, lines, command))
    }

    /// The form again after a refusal (closing has none to return to).
    fn reopened(self) -> Option<Popup> {
        (self.step != Step::Close).then_some(Popup::FollowUp(self))
    }
}

impl Form for FollowUpForm {
    fn context(&self) -> KeyContext {
        KeyContext::Text
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        let count = self.inputs.len().max(1);
        match action {
            Action::Submit => return self.submit(app, service),
            Action::FocusNext | Action::Down => self.focus = (self.focus + 1) % count,
            Action::FocusPrev | Action::Up => self.focus = (self.focus + count - 1) % count,
            other => {
                if let Some(input) = self.inputs.get_mut(self.focus) {
                    edit(input, other);
                }
            }
        }
        Some(Popup::FollowUp(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        let step = STEPS.iter().position(|s| *s == self.step).unwrap_or(0);
        let lines = self
            .labels(app)
            .into_iter()
            .zip(&self.inputs)
            .enumerate()
            .map(|(i, (label, input))| field_line(label, input, i == self.focus, theme))
            .collect();
        draw(
            &format!(
                "{} · {}",
                tt.follow_up_menu[step],
                open_reference_shown(app)
            ),
            lines,
            area,
            theme,
            buf,
        );
    }
}
