//! `c` (or Enter, `m`, `x` on a check): a verdict and note for one check of the open
//! case, or for one check of every marked case. It opens at the top of the screen, so
//! the case's evidence stays in view below it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{Field, choices, draw_in, edit, field_line, label, rows, width};
use super::{Form, Popup, open_reference};
use crate::domain::{CheckId, Verdict};
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::draft::{Draft, DraftKind};
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

/// The verdicts a reviewer can record, in menu order.
pub const VERDICTS: [Verdict; 3] = Verdict::RECORDABLE;

pub struct VerdictForm {
    check: CheckId,
    choice: usize,
    note: Input,
    field: Field,
    batch: bool,
}

impl VerdictForm {
    /// The selected check of the open case, starting from its verdict and note, or from
    /// the verdict picked with `m`/`x` (then the note has the keys: Enter saves).
    pub fn open(app: &App, picked: Option<usize>) -> Option<Popup> {
        let view = app.case.as_ref()?;
        let state = view.checks.get(app.check_cursor)?;
        let current = VERDICTS
            .iter()
            .position(|v| *v == state.verdict())
            .unwrap_or(0);
        // A check judged again starts from the note it has.
        let note = state
            .recorded
            .as_ref()
            .and_then(|r| r.note.as_deref())
            .unwrap_or_default();
        let mut form = Self::restored(state.id, picked.unwrap_or(current), note);
        if let (Popup::Verdict(form), None) = (&mut form, picked) {
            form.field = Field::Choice;
        }
        Some(form)
    }

    /// One check for every marked case, chosen in the form.
    pub fn open_batch(check: CheckId) -> Option<Popup> {
        Some(Popup::Verdict(VerdictForm {
            check,
            choice: 0,
            note: Input::default(),
            field: Field::Choice,
            batch: true,
        }))
    }

    pub fn restored(check: CheckId, choice: usize, note: &str) -> Popup {
        Popup::Verdict(VerdictForm {
            check,
            choice: choice.min(VERDICTS.len() - 1),
            note: Input::with_text(note),
            field: Field::Text,
            batch: false,
        })
    }

    fn save(self, app: &mut App, service: &dyn Session) -> Option<Popup> {
        let note = self.note.text().trim();
        let note = (!note.is_empty()).then(|| note.to_string());
        let references: Vec<String> = if self.batch {
            app.marked.iter().cloned().collect()
        } else {
            open_reference(app).into_iter().collect()
        };
        let commands: Vec<Command> = references
            .into_iter()
            .map(|reference| Command::RecordCheck {
                reference,
                check: self.check,
                verdict: VERDICTS[self.choice],
                note: note.clone(),
            })
            .collect();
        if self.batch {
            app.run_batch(service, commands);
            return None;
        }
        if app.execute(service, commands) {
            None
        } else {
            Some(Popup::Verdict(self))
        }
    }

    fn lines(&self, app: &App, theme: Theme) -> Vec<Line<'static>> {
        let t = app.t;
        let tt = t.tui();
        let on_choice = self.field == Field::Choice;
        let names: Vec<&str> = VERDICTS.iter().map(|v| t.verdict(*v)).collect();
        let mut lines = Vec::new();
        let check_line = format!("{} — {}", self.check.as_str(), t.check(self.check));
        if self.batch {
            lines.push(Line::from(vec![
                label(t.labels().checks, on_choice, theme),
                Span::raw(format!("↑/↓ {check_line}")),
            ]));
            lines.push(Line::from(format!("   {} {}", app.marked.len(), tt.marked)));
        } else {
            lines.push(Line::from(Span::styled(check_line, theme.heading())));
        }
        let mut verdict = vec![label(tt.verdict_label, on_choice, theme)];
        verdict.extend(choices(&names, self.choice, on_choice, theme));
        lines.push(Line::from(verdict));
        lines.push(field_line(tt.note_label, &self.note, !on_choice, theme));
        if self.check.is_automatic() {
            lines.push(Line::from(Span::styled(tt.note_required, theme.dim())));
        }
        lines
    }
}

impl Form for VerdictForm {
    fn context(&self) -> KeyContext {
        match self.field {
            Field::Choice => KeyContext::Verdict,
            Field::Text => KeyContext::Text,
        }
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        let count = VERDICTS.len();
        match (self.field, action) {
            (_, Action::FocusNext | Action::FocusPrev) => self.field = self.field.other(),
            (Field::Choice, Action::Up | Action::Down) if self.batch => {
                let all = CheckId::ALL;
                let at = all.iter().position(|c| *c == self.check).unwrap_or(0);
                let step = if action == Action::Up {
                    all.len() - 1
                } else {
                    1
                };
                self.check = all[(at + step) % all.len()];
            }
            (Field::Choice, Action::Left | Action::Up) => {
                self.choice = (self.choice + count - 1) % count;
            }
            (Field::Choice, Action::Right | Action::Down) => {
                self.choice = (self.choice + 1) % count;
            }
            (Field::Choice, Action::Pick(n)) => self.choice = usize::from(n).min(count - 1),
            (_, Action::Submit) => return self.save(app, service),
            (Field::Text, other) => {
                edit(&mut self.note, other);
            }
            _ => {}
        }
        Some(Popup::Verdict(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let lines = self.lines(app, theme);
        let title = if self.batch {
            app.t.tui().batch_verdict_title
        } else {
            app.t.tui().verdict_title
        };
        // At the top, over the list: the case pane, with the evidence, stays in view.
        let w = width(area);
        let height = u16::try_from(rows(&lines, w.saturating_sub(2)))
            .unwrap_or(u16::MAX)
            .saturating_add(2)
            .min(area.height);
        let x = area.x + (area.width - w) / 2;
        let rect = Rect::new(x, area.y + 1, w, height.min(area.height.saturating_sub(1)));
        draw_in(title, lines, rect, theme, buf);
    }

    fn draft(&self, app: &App) -> Option<Draft> {
        Draft::of(
            app,
            !self.batch,
            DraftKind::Verdict {
                check: self.check,
                choice: self.choice,
            },
            &self.note,
        )
    }
}
