//! A folder for the round's letters, or a file for its export, typed and written.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::frame::{draw, edit, field_line};
use super::{Form, Popup};
use crate::service::Session;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

/// What a typed path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathFor {
    /// A folder for the round's decision letters, in a format.
    Letters(crate::letters::FileFormat),
    /// A CSV file for the round's export.
    Export,
}

pub struct PathForm {
    purpose: PathFor,
    input: Input,
}

impl PathForm {
    /// The form with a name made from the round's id.
    pub fn open(purpose: PathFor, round: &str) -> Popup {
        let base = crate::letters::file_name(round);
        let name = match purpose {
            PathFor::Letters(_) => format!("brev-{}", base.trim_end_matches(".md")),
            PathFor::Export => base.replace(".md", ".csv"),
        };
        Popup::Path(PathForm {
            purpose,
            input: Input::with_text(&name),
        })
    }
}

impl Form for PathForm {
    fn context(&self) -> KeyContext {
        KeyContext::Text
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        if action == Action::Submit {
            app.write_round(service, self.purpose, self.input.text().trim());
            return None;
        }
        edit(&mut self.input, action);
        Some(Popup::Path(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        let (title, label) = match self.purpose {
            PathFor::Letters(crate::letters::FileFormat::Md) => (tt.round_menu[0], tt.folder_label),
            PathFor::Letters(crate::letters::FileFormat::Docx) => {
                (tt.round_menu[1], tt.folder_label)
            }
            PathFor::Letters(crate::letters::FileFormat::Pdf) => {
                (tt.round_menu[2], tt.folder_label)
            }
            PathFor::Export => (tt.round_menu[3], tt.file_label),
        };
        draw(
            title,
            vec![field_line(label, &self.input, true, theme)],
            area,
            theme,
            buf,
        );
    }
}
