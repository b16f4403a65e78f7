//! The two menus: closing the round (`M`) and acting on the marked cases (`V`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::confirm::Confirm;
use super::frame::{draw, menu};
use super::path::{PathFor, PathForm};
use super::reason::{ReasonFor, ReasonForm};
use super::verdict::VerdictForm;
use super::{Form, Popup};
use crate::domain::CheckId;
use crate::domain::text::safe_line;
use crate::letters::FileFormat;
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

/// The option after a movement key, within `0..count`.
fn moved(option: usize, action: Action, count: usize) -> Option<usize> {
    match action {
        Action::Up | Action::Left => Some(option.saturating_sub(1)),
        Action::Down | Action::Right => Some((option + 1).min(count - 1)),
        Action::Top => Some(0),
        Action::Bottom => Some(count - 1),
        _ => None,
    }
}

/// Closing the round: letters, export, a check of the event log.
#[derive(Default)]
pub struct RoundMenu {
    option: usize,
}

impl RoundMenu {
    pub fn open(app: &App) -> Option<Popup> {
        app.round_id()?;
        Some(Popup::RoundMenu(RoundMenu::default()))
    }
}

impl Form for RoundMenu {
    fn context(&self) -> KeyContext {
        KeyContext::Menu
    }

    fn key(self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        let round = app.round_id()?.to_string();
        let options = app.t.tui().round_menu.len();
        if let Some(option) = moved(self.option, action, options) {
            return Some(Popup::RoundMenu(RoundMenu { option }));
        }
        if action != Action::Submit {
            return Some(Popup::RoundMenu(self));
        }
        match self.option {
            0 => Some(PathForm::open(PathFor::Letters(FileFormat::Md), &round)),
            1 => Some(PathForm::open(PathFor::Letters(FileFormat::Docx), &round)),
            2 => Some(PathForm::open(PathFor::Letters(FileFormat::Pdf), &round)),
            3 => Some(PathForm::open(PathFor::Export, &round)),
            4 => confirm_sent(app, service, &round),
            _ => {
                app.check_audit(service);
                None
            }
        }
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        let round = app.round_id().unwrap_or_default();
        draw(
            &format!("{} {}", tt.round_menu_title, safe_line(round)),
            menu(&tt.round_menu, self.option, theme),
            area,
            theme,
            buf,
        );
    }
}

/// Recording the round's unsent decision letters as sent today, confirmed with the
/// cases it moves.
fn confirm_sent(app: &mut App, service: &dyn Session, round: &str) -> Option<Popup> {
    let letters = match service.letters(round, crate::letters::LetterKind::Decision) {
        Ok(letters) => letters,
        Err(e) => {
            app.error(&e);
            return None;
        }
    };
    let unsent: Vec<String> = letters
        .iter()
        .filter(|l| !l.sent)
        .map(|l| safe_line(&l.reference).into_owned())
        .collect();
    let tt = app.t.tui();
    if unsent.is_empty() {
        app.info(tt.nothing_to_send.to_string());
        return None;
    }
    let mut lines = vec![tt.sent_explained.to_string(), String::new()];
    lines.push(crate::i18n::shown_list(&unsent));
    Some(Popup::Confirm(Confirm {
        title: tt.sent_title.to_string(),
        lines,
        commands: vec![Command::MarkSent {
            round: round.to_string(),
            references: letters
                .into_iter()
                .filter(|l| !l.sent)
                .map(|l| l.reference)
                .collect(),
            date: None,
            journal: None,
        }],
        batch: false,
        seen: None,
    }))
}

/// What to do with the marked cases.
#[derive(Default)]
pub struct BatchMenu {
    option: usize,
}

impl BatchMenu {
    pub fn open(app: &mut App) -> Option<Popup> {
        if app.marked.is_empty() {
            app.warn(app.t.tui().nothing_marked.to_string());
            return None;
        }
        Some(Popup::Batch(BatchMenu::default()))
    }
}

impl Form for BatchMenu {
    fn context(&self) -> KeyContext {
        KeyContext::Menu
    }

    fn key(self, app: &mut App, _: &dyn Session, action: Action) -> Option<Popup> {
        let options = app.t.tui().batch_options.len();
        if let Some(option) = moved(self.option, action, options) {
            return Some(Popup::Batch(BatchMenu { option }));
        }
        match action {
            Action::Submit if self.option == 0 => VerdictForm::open_batch(CheckId::Plan),
            Action::Submit => Some(ReasonForm::open(ReasonFor::BatchReject)),
            _ => Some(Popup::Batch(self)),
        }
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        draw(
            &format!("{} ({})", tt.batch_title, app.marked.len()),
            menu(&tt.batch_options, self.option, theme),
            area,
            theme,
            buf,
        );
    }
}
