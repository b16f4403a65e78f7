//! `l`: the messages of this session, newest first, read in full.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{Reading, Scroll};
use super::{Form, Popup};
use crate::domain::text::safe_line;
use crate::service::Session;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

#[derive(Default)]
pub struct MessageLog {
    scroll: Scroll,
}

fn lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    if app.log.is_empty() {
        return vec![Line::from(Span::styled(
            app.t.tui().no_messages,
            theme.dim(),
        ))];
    }
    app.log
        .iter()
        .rev()
        .map(|m| {
            Line::from(vec![
                Span::styled(format!("{}  ", m.at), theme.dim()),
                Span::styled(safe_line(&m.text).into_owned(), theme.message(m.level)),
            ])
        })
        .collect()
}

impl Form for MessageLog {
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
        Some(Popup::Log(self))
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        Reading::show(
            app.t.tui().log_title,
            &lines(app, theme),
            self.scroll,
            area,
            theme,
            buf,
        );
    }
}
