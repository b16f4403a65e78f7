//! `?`: every key, from the key table, in a popup that scrolls.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{Reading, Scroll};
use super::{Form, Popup};
use crate::service::Session;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::{KeyContext, help_lines};
use crate::tui::view::theme::Theme;

#[derive(Default)]
pub struct Help {
    scroll: Scroll,
}

/// The width of the key column.
const KEY_WIDTH: usize = 16;

/// The keys and what they do, the description wrapped under itself.
fn lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let inner = usize::from(super::frame::reading_area(app.area).width.saturating_sub(2));
    let room = inner.saturating_sub(KEY_WIDTH + 2).max(20);
    let mut lines = Vec::new();
    for (key, what) in help_lines(app.t.lang()) {
        // The README's code marks are not needed on the screen.
        let what = what.replace('`', "");
        for (i, row) in crate::domain::text::wrap_words(&what, room)
            .into_iter()
            .enumerate()
        {
            let key = if i == 0 { key } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{key:>KEY_WIDTH$}  "), theme.heading()),
                Span::raw(row),
            ]));
        }
    }
    // What the marks mean, after the keys.
    for legend in app.t.tui().help_legend {
        lines.push(Line::from(""));
        for row in crate::domain::text::wrap_words(legend, inner.saturating_sub(2).max(20)) {
            lines.push(Line::from(Span::styled(format!("  {row}"), theme.dim())));
        }
    }
    lines
}

impl Form for Help {
    fn context(&self) -> KeyContext {
        KeyContext::Read
    }

    fn key(mut self, app: &mut App, _: &dyn Session, action: Action) -> Option<Popup> {
        Reading::scroll_key(
            &mut self.scroll,
            action,
            app.area,
            &lines(app, Theme::default()),
        );
        Some(Popup::Help(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        Reading::show(
            app.t.tui().help_title,
            &lines(app, theme),
            self.scroll,
            area,
            theme,
            buf,
        );
    }
}
