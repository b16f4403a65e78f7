//! `c` (or Enter, `m`, `x` on a check): a verdict and note for one check of the open
//! case, or for one check of every marked case. It opens at the top of the screen, so
//! the case's evidence stays in view below it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::confirm::Confirm;
use super::frame::{Field, choices, draw_in, edit, field_line, label, rows, width};
use super::{Form, Popup, open_reference};
use crate::domain::text::safe_line;
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
    /// The verdict chosen; none yet for a check nobody has judged.
    choice: Option<usize>,
    note: Input,
    field: Field,
    batch: bool,
    /// The case's last event when the form opened: a colleague's change since is
    /// refused on saving, with what changed, instead of being overwritten.
    seen: Option<u64>,
    /// What the verdict is for: the whole application (`None`), or one pot where the
    /// check is judged per pot. ↑/↓ move between them.
    scopes: Vec<Option<String>>,
    scope: usize,
}

impl VerdictForm {
    /// The selected check of the open case, starting from its verdict and note, or from
    /// the verdict picked with `m`/`x` (then the note has the keys: Enter saves).
    pub fn open(app: &App, picked: Option<usize>) -> Option<Popup> {
        let view = app.case.as_ref()?;
        let state = view.checks.get(app.check_cursor)?;
        let mut scopes = vec![None];
        scopes.extend(state.pots.iter().map(|p| Some(p.pot.clone())));
        let mut form = VerdictForm {
            check: state.id,
            choice: None,
            note: Input::default(),
            field: if picked.is_some() {
                Field::Text
            } else {
                Field::Choice
            },
            batch: false,
            seen: app.shown_event(),
            scopes,
            scope: 0,
        };
        form.load(app);
        form.choice = picked.or(form.choice);
        Some(Popup::Verdict(form))
    }

    /// The verdict and note recorded for the scope chosen, as the form's start: a
    /// check judged again starts from the note it has. A pot without its own verdict
    /// starts with none chosen.
    fn load(&mut self, app: &App) {
        let Some(state) = app
            .case
            .as_ref()
            .and_then(|v| v.checks.iter().find(|s| s.id == self.check))
        else {
            return;
        };
        let (verdict, record) = match &self.scopes[self.scope] {
            None => (Some(state.whole_verdict()), state.recorded.as_ref()),
            Some(pot) => {
                let own = state
                    .pots
                    .iter()
                    .find(|p| &p.pot == pot)
                    .and_then(|p| p.recorded.as_ref());
                (own.map(|r| r.verdict), own)
            }
        };
        self.choice = verdict.and_then(|v| VERDICTS.iter().position(|c| *c == v));
        self.note = Input::with_text(record.and_then(|r| r.note.as_deref()).unwrap_or_default());
    }

    /// One check for every marked case, chosen in the form, and confirmed.
    pub fn open_batch(check: CheckId) -> Option<Popup> {
        Some(Popup::Verdict(VerdictForm {
            check,
            choice: None,
            note: Input::default(),
            field: Field::Choice,
            batch: true,
            seen: None,
            scopes: vec![None],
            scope: 0,
        }))
    }

    pub fn restored(check: CheckId, choice: usize, note: &str, pot: Option<String>) -> Popup {
        let scopes = match pot {
            Some(pot) => vec![None, Some(pot)],
            None => vec![None],
        };
        Popup::Verdict(VerdictForm {
            check,
            choice: Some(choice.min(VERDICTS.len() - 1)),
            note: Input::with_text(note),
            field: Field::Text,
            batch: false,
            seen: None,
            scope: scopes.len() - 1,
            scopes,
        })
    }

    /// The pot the verdict is for, if one.
    fn pot(&self) -> Option<String> {
        self.scopes.get(self.scope).cloned().flatten()
    }

    fn save(self, app: &mut App, service: &dyn Session) -> Option<Popup> {
        let Some(choice) = self.choice else {
            app.warn(app.t.tui().choose_verdict.to_string());
            return Some(Popup::Verdict(self));
        };
        let note = self.note.text().trim();
        let note = (!note.is_empty()).then(|| note.to_string());
        let references: Vec<String> = if self.batch {
            app.marked.iter().cloned().collect()
        } else {
            open_reference(app).into_iter().collect()
        };
        let commands: Vec<Command> = references
            .iter()
            .map(|reference| Command::RecordCheck {
                reference: reference.clone(),
                check: self.check,
                verdict: VERDICTS[choice],
                note: note.clone(),
                pot: self.pot(),
            })
            .collect();
        if self.batch {
            // Many cases at once: confirmed, with each of them.
            let t = app.t;
            let mut lines = vec![
                format!("{}: {}", t.tui().verdict_label, t.verdict(VERDICTS[choice])),
                format!(
                    "{}: {}",
                    t.tui().note_label,
                    safe_line(note.as_deref().unwrap_or("–"))
                ),
                String::new(),
            ];
            lines.extend(references.iter().map(|r| safe_line(r).into_owned()));
            return Some(Popup::Confirm(Confirm {
                title: t
                    .tui()
                    .batch_verdict_confirm(self.check.as_str(), references.len()),
                lines,
                commands,
                batch: true,
                seen: None,
            }));
        }
        if app.execute_seen(service, commands, self.seen) {
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
                label(t.labels().checks, false, theme),
                Span::raw(format!("↑/↓ {check_line}")),
            ]));
            lines.push(Line::from(format!("   {} {}", app.marked.len(), tt.marked)));
        } else {
            lines.push(Line::from(Span::styled(check_line, theme.heading())));
        }
        if self.scopes.len() > 1 {
            let names: Vec<String> = self
                .scopes
                .iter()
                .map(|scope| match scope {
                    None => tt.whole_application.to_string(),
                    Some(pot) => safe_line(pot).into_owned(),
                })
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut scope = vec![label(tt.verdict_for, false, theme)];
            scope.extend(choices(&names, Some(self.scope), false, theme));
            scope.push(Span::styled("  ↑/↓", theme.dim()));
            lines.push(Line::from(scope));
        }
        let mut verdict = vec![label(tt.verdict_label, on_choice, theme)];
        verdict.extend(choices(&names, self.choice, on_choice, theme));
        if self.choice.is_none() {
            verdict.push(Span::styled(format!("  {}", tt.verdict_keys), theme.dim()));
        }
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
        let step = |choice: Option<usize>, forward: bool| {
            Some(match (choice, forward) {
                (None, true) => 0,
                (None, false) => count - 1,
                (Some(c), true) => (c + 1) % count,
                (Some(c), false) => (c + count - 1) % count,
            })
        };
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
            (Field::Choice, Action::Up | Action::Down) if self.scopes.len() > 1 => {
                let n = self.scopes.len();
                self.scope = if action == Action::Up {
                    (self.scope + n - 1) % n
                } else {
                    (self.scope + 1) % n
                };
                self.load(app);
            }
            (Field::Choice, Action::Left | Action::Up) => self.choice = step(self.choice, false),
            (Field::Choice, Action::Right | Action::Down) => self.choice = step(self.choice, true),
            // `m`, `x`, `n` choose, and the note takes the keys: Enter saves.
            (Field::Choice, Action::Pick(n)) => {
                self.choice = Some(usize::from(n).min(count - 1));
                self.field = Field::Text;
            }
            // Any other letter starts the note: text is never read as a choice.
            (Field::Choice, Action::Insert(c)) => {
                self.field = Field::Text;
                self.note.insert(c);
            }
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
                choice: self.choice.unwrap_or(0),
                pot: self.pot(),
            },
            &self.note,
        )
    }
}
