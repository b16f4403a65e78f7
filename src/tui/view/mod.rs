//! Drawing the review screen: `impl Widget for &App`, with one helper per part.

mod detail;
mod header;
mod list;
mod popups;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, Focus};
use super::keymap::KeyContext;
use theme::Theme;

/// The smallest window the full layout fits in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What the screen needs besides the state.
pub struct Screen<'a> {
    pub app: &'a App,
    pub theme: Theme,
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
        let header_height = header::height(app);
        let [top, body, footer] = Layout::vertical([
            Constraint::Length(header_height),
            Constraint::Min(8),
            Constraint::Length(1 + message_lines(app, area.width)),
        ])
        .areas(area);
        header::render(app, theme, top, buf);
        let (list_area, detail_area) = if body.width >= 190 {
            let [l, d] =
                Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
                    .areas(body);
            (l, d)
        } else {
            let [l, d] = Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(body);
            (l, d)
        };
        list::render(app, theme, list_area, buf);
        detail::render(app, theme, detail_area, buf);
        render_footer(app, theme, footer, buf);
        popups::render(app, theme, area, buf);
    }
}

/// The most lines a message takes: enough for a refusal that says what changed and what
/// to do, not so many that the list goes.
const MESSAGE_LINES: u16 = 4;

/// How many lines the message needs at this width, wrapped at words: read in full, up
/// to [`MESSAGE_LINES`].
fn message_lines(app: &App, width: u16) -> u16 {
    let Some(message) = app.message.as_ref().filter(|_| app.filter_input.is_none()) else {
        return 1;
    };
    let text = crate::domain::text::safe_line(&message.text);
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
    let [message, hints] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if let Some(input) = &app.filter_input {
        let mut spans = vec![Span::styled(tt.filter_prompt, theme.heading())];
        spans.extend(popups::input_spans(input, theme));
        Paragraph::new(Line::from(spans)).render(message, buf);
    } else if let Some(m) = &app.message {
        // Messages quote what users and files said: safe text, wrapped to be read whole.
        let text = crate::domain::text::safe_line(&m.text).into_owned();
        Paragraph::new(Span::styled(text, theme.message(m.level)))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(message, buf);
    }
    let hint = match app.key_context() {
        KeyContext::Text => tt.hints_text,
        KeyContext::Choice => tt.hints_choice,
        KeyContext::Confirm => tt.hints_confirm,
        KeyContext::Help => "",
        KeyContext::Browse => match app.focus {
            Focus::List => tt.hints_list,
            Focus::Checks => tt.hints_checks,
            Focus::Allocation => tt.hints_allocation,
        },
    };
    Paragraph::new(Span::styled(fit_hints(hint, hints.width), theme.dim())).render(hints, buf);
}

/// The key hints that fit the width: the last two (help and quit, or their like) always,
/// then as many of the others as fit, in order, dropping from the end of the rest.
fn fit_hints(hint: &str, width: u16) -> String {
    const SEPARATOR: &str = " · ";
    let parts: Vec<&str> = hint.split(SEPARATOR).collect();
    let width = usize::from(width);
    let measure =
        |parts: &[&str]| unicode_width::UnicodeWidthStr::width(parts.join(SEPARATOR).as_str());
    if parts.len() <= 2 || measure(&parts) <= width {
        return hint.to_string();
    }
    let (rest, kept) = parts.split_at(parts.len() - 2);
    let mut shown: Vec<&str> = Vec::new();
    for part in rest {
        let mut candidate = shown.clone();
        candidate.push(part);
        candidate.extend_from_slice(kept);
        if measure(&candidate) > width {
            break;
        }
        shown.push(part);
    }
    shown.extend_from_slice(kept);
    shown.join(SEPARATOR)
}
