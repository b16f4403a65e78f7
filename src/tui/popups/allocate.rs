//! `a` (or Enter on a pot): an amount from one of the pots the case requested, with the
//! pot's remaining after it, as the service computes it, while the amount is typed and
//! whenever a colleague's change arrives.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{draw, edit, input_spans};
use super::{Form, Popup, open_reference};
use crate::domain::Money;
use crate::domain::text::safe_line;
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK};

pub struct AllocateForm {
    pots: Vec<String>,
    pot: usize,
    amount: Input,
    /// The pot's remaining after the typed amount, or why it cannot be allocated.
    preview: Option<Result<String, String>>,
    /// The case's last event when the form opened: a colleague's change to the case
    /// since is refused on saving, with what changed, instead of being overwritten.
    seen: Option<u64>,
}

impl AllocateForm {
    /// The form on the selected pot of the open case, with its current amount.
    pub fn open(app: &App, service: &dyn Session) -> Option<Popup> {
        let view = app.case.as_ref()?;
        let pots: Vec<String> = view
            .case
            .application
            .requests
            .iter()
            .map(|r| r.pot.clone())
            .collect();
        if pots.is_empty() {
            return None;
        }
        let pot = app.pot_cursor.min(pots.len() - 1);
        let mut form = AllocateForm {
            pots,
            pot,
            amount: Input::default(),
            preview: None,
            seen: app.shown_event(),
        };
        form.amount = form.current_amount(app);
        form.refresh(app, service);
        Some(Popup::Allocate(form))
    }

    /// The pot being allocated from, and the service's answer for the typed amount.
    pub fn preview(&self) -> Option<(&str, &Result<String, String>)> {
        Some((self.pots[self.pot].as_str(), self.preview.as_ref()?))
    }

    /// The amount as typed.
    pub fn amount(&self) -> &str {
        self.amount.text()
    }

    /// What the case has from the chosen pot now, to start from.
    fn current_amount(&self, app: &App) -> Input {
        let current = app.case.as_ref().map_or(Money::ZERO, |view| {
            view.case.allocated(&self.pots[self.pot])
        });
        if current.is_zero() {
            Input::default()
        } else {
            Input::suggested(&current.plain())
        }
    }

    fn save(self, app: &mut App, service: &dyn Session) -> Option<Popup> {
        let reference = open_reference(app)?;
        match Money::parse(self.amount.text()) {
            Ok(amount) => {
                let commands = vec![Command::Allocate {
                    reference,
                    pot: self.pots[self.pot].clone(),
                    amount,
                }];
                if app.execute_seen(service, commands, self.seen) {
                    return None;
                }
            }
            Err(error) => app.error(&crate::error::Error::Amount {
                input: self.amount.text().to_string(),
                error,
            }),
        }
        Some(Popup::Allocate(self))
    }
}

impl Form for AllocateForm {
    fn context(&self) -> KeyContext {
        KeyContext::Amount
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        match action {
            Action::Up | Action::FocusPrev | Action::Down | Action::FocusNext => {
                let next = if matches!(action, Action::Up | Action::FocusPrev) {
                    self.pot.saturating_sub(1)
                } else {
                    (self.pot + 1).min(self.pots.len() - 1)
                };
                if next != self.pot {
                    // The amount is the new pot's: never one pot's figure under another.
                    self.pot = next;
                    self.amount = self.current_amount(app);
                }
            }
            Action::Submit => return self.save(app, service),
            other => {
                edit(&mut self.amount, other);
            }
        }
        self.refresh(app, service);
        Some(Popup::Allocate(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        let l = app.t.labels();
        let view = app.case.as_ref();
        let mut lines = Vec::new();
        for (i, id) in self.pots.iter().enumerate() {
            let requested = view
                .and_then(|v| v.case.application.requested(id))
                .map(|m| m.to_string())
                .unwrap_or_default();
            let mark = if i == self.pot {
                SELECTED_MARK
            } else {
                UNSELECTED_MARK
            };
            let text = format!(
                "{mark}{} ({} {requested})",
                safe_line(id),
                l.requested.to_lowercase()
            );
            lines.push(Line::from(if i == self.pot {
                Span::styled(text, theme.heading())
            } else {
                Span::raw(text)
            }));
        }
        let mut amount_line = vec![Span::styled(
            format!("  {}: ", tt.amount_label),
            theme.heading(),
        )];
        amount_line.extend(input_spans(&self.amount, theme));
        lines.push(Line::from(amount_line));
        match &self.preview {
            Some(Ok(after)) => lines.push(Line::from(vec![
                Span::raw(format!("{}: ", tt.remaining_after)),
                Span::styled(after.clone(), theme.money_ok()),
            ])),
            Some(Err(why)) => lines.push(Line::from(Span::styled(
                format!("✗ {why}"),
                theme.money_bad(),
            ))),
            None => {}
        }
        draw(tt.allocate_title, lines, area, theme, buf);
    }

    /// The remaining after the typed amount, asked of the service again: a colleague's
    /// allocation from the same pot shows at once, not only when saving is refused.
    fn refresh(&mut self, app: &App, service: &dyn Session) {
        let Some(reference) = open_reference(app) else {
            return;
        };
        if self.amount.is_empty() {
            self.preview = None;
            return;
        }
        let t = app.t;
        self.preview = Some(match Money::parse(self.amount.text()) {
            Err(error) => Err(t.error(&crate::error::Error::Amount {
                input: self.amount.text().to_string(),
                error,
            })),
            Ok(money) => service
                .preview_allocation(&reference, &self.pots[self.pot], money)
                .map(|remaining| remaining.to_string())
                .map_err(|e| t.error(&e)),
        });
    }
}
