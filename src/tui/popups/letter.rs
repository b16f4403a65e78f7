//! `B`: the grant letter of the open case as it will be written, to read and scroll.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::frame::{Reading, Scroll};
use super::{Form, Popup, open_reference};
use crate::service::Session;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

pub struct Letter {
    lines: Vec<Line<'static>>,
    scroll: Scroll,
}

impl Letter {
    /// The letter of the open case, or why there is none yet (said on the screen).
    pub fn open(app: &mut App, service: &dyn Session) -> Option<Popup> {
        let reference = open_reference(app)?;
        match service.letter(&reference) {
            Ok(Some(letter)) => Some(Popup::Letter(Letter {
                lines: super::frame::hanging_lines(
                    &crate::domain::text::safe_block(&letter.document.plain()),
                    app.area,
                ),
                scroll: Scroll::default(),
            })),
            Ok(None) => {
                app.warn(app.t.tui().no_letter.to_string());
                None
            }
            Err(e) => {
                app.error(&e);
                None
            }
        }
    }
}

impl Form for Letter {
    fn context(&self) -> KeyContext {
        KeyContext::Read
    }

    fn key(mut self, app: &mut App, _: &dyn Session, action: Action) -> Option<Popup> {
        Reading::scroll_key(&mut self.scroll, action, app.area, &self.lines);
        Some(Popup::Letter(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let title = app.t.tui().letter_title;
        Reading::show(title, &self.lines, self.scroll, area, theme, buf);
    }
}
