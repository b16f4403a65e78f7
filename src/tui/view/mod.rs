//! Drawing the review screen: `impl Widget for &App`, with one helper per part.

mod detail;
mod header;
mod list;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use theme::Theme;

/// The smallest window the full layout fits in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What the screen needs besides the state.
pub struct Screen<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

/// Where each part of the screen goes.
struct Areas {
    header: Rect,
    list: Rect,
    detail: Rect,
    footer: Rect,
}

fn layout(app: &App, area: Rect) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(header::height(app)),
        Constraint::Min(8),
        Constraint::Length(1 + message_lines(app, area.width)),
    ])
    .areas(area);
    let [list, detail] = if body.width >= 190 {
        Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(body)
    };
    Areas {
        header,
        list,
        detail,
        footer,
    }
}

/// How many cases the list shows in a window of `area`: its height less the borders and
/// the header row.
pub fn list_rows(app: &App, area: Rect) -> usize {
    usize::from(layout(app, area).list.height.saturating_sub(3)).max(1)
}

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Screen { app, theme } = self;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = app.t.tui().too_small(area.width, area.height);
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(area, buf);
            return;
        }
        let areas = layout(app, area);
        header::render(app, theme, areas.header, buf);
        list::render(app, theme, areas.list, buf);
        detail::render(app, theme, areas.detail, buf);
        render_footer(app, theme, areas.footer, buf);
        if let Some(popup) = &app.popup {
            popup.render(app, theme, area, buf);
        }
    }
}

/// The most lines a message takes: enough for a refusal that says what changed and what
/// to do, not so many that the list goes.
const MESSAGE_LINES: u16 = 4;

/// How many lines the footer needs above its hints: the message, wrapped at words and
/// read in full (up to [`MESSAGE_LINES`]), and the filter's prompt while it is typed.
fn message_lines(app: &App, width: u16) -> u16 {
    let prompt = u16::from(app.filter_input.is_some());
    let Some(message) = app.message.as_ref() else {
        return 1;
    };
    text_rows(&message.text, width) + prompt
}

/// The rows a message takes at this width.
fn text_rows(text: &str, width: u16) -> u16 {
    let text = crate::domain::text::safe_line(text);
    let width = usize::from(width.max(1));
    // Word wrapping leaves the end of each line short: count line by line.
    let mut lines = 1usize;
    let mut used = 0usize;
    for word in text.split(' ') {
        let w = unicode_width::UnicodeWidthStr::width(word);
        let needed = if used == 0 { w } else { used + 1 + w };
        if needed <= width {
            used = needed;
        } else {
            lines += 1;
            used = w.min(width);
            lines += w.saturating_sub(1) / width;
        }
    }
    u16::try_from(lines)
        .unwrap_or(MESSAGE_LINES)
        .min(MESSAGE_LINES)
}

fn render_footer(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let tt = app.t.tui();
    let prompt_rows = u16::from(app.filter_input.is_some());
    let [message, prompt, hints] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(prompt_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    // While the filter is typed, its prompt sits above the hints, and what is wrong
    // with the query shows above it.
    if let Some(input) = &app.filter_input {
        let mut spans = vec![Span::styled(tt.filter_prompt, theme.heading())];
        spans.extend(crate::tui::popups::frame::input_spans(input, theme));
        Paragraph::new(Line::from(spans)).render(prompt, buf);
    }
    if let Some(m) = &app.message {
        // Messages quote what users and files said: safe text, wrapped to be read whole.
        let text = crate::domain::text::safe_line(&m.text).into_owned();
        Paragraph::new(Span::styled(text, theme.message(m.level)))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(message, buf);
    }
    let hint = crate::tui::keys::hints(app.key_context(), app.t.lang(), hints.width);
    Paragraph::new(Span::styled(hint, theme.dim())).render(hints, buf);
}
