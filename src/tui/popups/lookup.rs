//! `L`: the registry lookup, the same search and text as `tilskudd lookup`, answered
//! as you type; the results wrap and scroll.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{Reading, Scroll, edit, field_line};
use super::{Form, Popup};
use crate::service::Session;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

#[derive(Default)]
pub struct Lookup {
    input: Input,
    lines: Vec<Line<'static>>,
    scroll: Scroll,
}

/// The search field and the hint above the results.
const FIXED_ROWS: usize = 3;

impl Lookup {
    fn fixed(&self, app: &App, theme: Theme) -> Vec<Line<'static>> {
        let tt = app.t.tui();
        vec![
            field_line(tt.lookup_field, &self.input, true, theme),
            Line::from(Span::styled(tt.lookup_hint, theme.dim())),
            Line::from(""),
        ]
    }

    fn search(&mut self, app: &App, service: &dyn Session) {
        self.scroll = Scroll::default();
        let query = self.input.text();
        let text = if query.trim().chars().count() < 2 {
            String::new()
        } else {
            match service.lookup(query) {
                Ok(matches) => crate::output::lookup::lookup(app.t, &matches),
                Err(e) => app.t.error(&e),
            }
        };
        self.lines = super::frame::hanging_lines(&crate::domain::text::safe_block(&text), app.area);
    }
}

impl Form for Lookup {
    fn context(&self) -> KeyContext {
        KeyContext::Search
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        let (total, page) = Reading::measure(app.area, FIXED_ROWS, &self.lines);
        if self.scroll.key(action, total, page) {
            return Some(Popup::Lookup(self));
        }
        // Searched again only when the text changed: End moves the cursor, and must
        // not send the results back to their start.
        let before = self.input.text().to_string();
        if edit(&mut self.input, action) && self.input.text() != before {
            self.search(app, service);
        }
        Some(Popup::Lookup(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        Reading {
            title: app.t.tui().lookup_title,
            fixed: self.fixed(app, theme),
            lines: &self.lines,
            scroll: self.scroll,
        }
        .render(area, theme, buf);
    }
}
