//! What popups share: their frame and placement, menus and fields, editing a field,
//! and scrolling text that stops at its end.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::domain::text::safe_line;
use crate::tui::action::Action;
use crate::tui::input::Input;
use crate::tui::view::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK};

/// The field's text with the cursor drawn as a reversed cell.
pub fn input_spans(input: &Input, theme: Theme) -> Vec<Span<'static>> {
    let text: Vec<char> = safe_line(input.text()).chars().collect();
    let at = input.cursor().min(text.len());
    let before: String = text[..at].iter().collect();
    let under: String = text
        .get(at)
        .map_or_else(|| " ".to_string(), char::to_string);
    let after: String = text
        .get(at + 1..)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    vec![
        Span::raw(before),
        Span::styled(under, theme.cursor()),
        Span::raw(after),
    ]
}

/// How wide a popup is on this screen.
pub fn width(area: Rect) -> u16 {
    area.width.saturating_sub(8).min(100)
}

/// How many rows the lines take when wrapped at `width`.
pub fn rows(lines: &[Line<'static>], width: u16) -> usize {
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.max(1))
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

/// A popup of its content's height, centred in `area`.
pub fn draw(title: &str, lines: Vec<Line<'static>>, area: Rect, theme: Theme, buf: &mut Buffer) {
    let width = width(area);
    let height = u16::try_from(rows(&lines, width.saturating_sub(2)))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    draw_in(title, lines, centered(area, width, height), theme, buf);
}

/// A popup in a given place.
pub fn draw_in(title: &str, lines: Vec<Line<'static>>, rect: Rect, theme: Theme, buf: &mut Buffer) {
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .title(format!(" {title} "))
                .border_style(theme.focused_border()),
        )
        .render(rect, buf);
}

/// A menu, one option a line, the chosen one marked.
pub fn menu(options: &[&str], chosen: usize, theme: Theme) -> Vec<Line<'static>> {
    options
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mark = if i == chosen {
                SELECTED_MARK
            } else {
                UNSELECTED_MARK
            };
            let line = format!("{mark}{text}");
            Line::from(if i == chosen {
                Span::styled(line, theme.selected())
            } else {
                Span::raw(line)
            })
        })
        .collect()
}

/// A row of options with the chosen one marked.
pub fn choices(
    options: &[&str],
    chosen: Option<usize>,
    active: bool,
    theme: Theme,
) -> Vec<Span<'static>> {
    options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let is_chosen = Some(i) == chosen;
            let text = format!(" {}{option} ", if is_chosen { "●" } else { "○" });
            if is_chosen && active {
                Span::styled(text, theme.selected())
            } else {
                Span::raw(text)
            }
        })
        .collect()
}

/// A field's name, marked when the field has the keys.
pub fn label(text: &str, active: bool, theme: Theme) -> Span<'static> {
    let mark = if active {
        SELECTED_MARK
    } else {
        UNSELECTED_MARK
    };
    Span::styled(
        format!("{mark}{text}: "),
        if active { theme.heading() } else { theme.dim() },
    )
}

pub fn field_line(name: &str, input: &Input, active: bool, theme: Theme) -> Line<'static> {
    let mut spans = vec![label(name, active, theme)];
    if active {
        spans.extend(input_spans(input, theme));
    } else {
        spans.push(Span::raw(safe_line(input.text()).into_owned()));
    }
    Line::from(spans)
}

/// Applies an editing key to a text field; whether it was one.
pub fn edit(input: &mut Input, action: Action) -> bool {
    match action {
        Action::Insert(c) => input.insert(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::Left => input.left(),
        Action::Right => input.right(),
        Action::Home => input.home(),
        Action::ClearToStart => input.clear_to_start(),
        Action::End => input.end(),
        _ => return false,
    }
    true
}

/// Which field of a two-field form has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Choice,
    Text,
}

impl Field {
    #[must_use]
    pub fn other(self) -> Field {
        match self {
            Field::Choice => Field::Text,
            Field::Text => Field::Choice,
        }
    }
}

/// The place of text that is read in a tall popup (help, letter, lookup, messages).
pub fn reading_area(area: Rect) -> Rect {
    let height = area.height.saturating_sub(4).max(6);
    centered(area, width(area), height)
}

/// Text for a reading popup on a screen of `area`, each line wrapped at words with its
/// continuation indented two more than an indented line's own indent, so a wrapped
/// address or amount still reads as part of its line (prose wraps flush).
pub fn hanging_lines(text: &str, area: Rect) -> Vec<Line<'static>> {
    let width = usize::from(reading_area(area).width.saturating_sub(2)).max(20);
    let mut lines = Vec::new();
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let rest = if indent == 0 {
            0
        } else {
            (indent + 2).min(width / 2)
        };
        let rows = crate::domain::text::wrap_words(body, width.saturating_sub(rest).max(10));
        for (i, row) in rows.into_iter().enumerate() {
            let pad = if i == 0 { indent } else { rest };
            lines.push(Line::from(format!("{}{row}", " ".repeat(pad))));
        }
    }
    lines
}

/// A position in text that scrolls, kept within the text: the last page shows the end,
/// never rows past it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    pub offset: usize,
}

impl Scroll {
    /// Moves for a key, given the text's rows and the rows in view; whether it was a
    /// scrolling key.
    pub fn key(&mut self, action: Action, total: usize, page: usize) -> bool {
        let last = total.saturating_sub(page.max(1));
        let page = page.saturating_sub(1).max(1);
        self.offset = match action {
            Action::Up => self.offset.saturating_sub(1),
            Action::Down => self.offset.saturating_add(1),
            Action::PageUp => self.offset.saturating_sub(page),
            Action::PageDown => self.offset.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        }
        .min(last);
        true
    }

    /// The offset to draw at, for text of `total` rows in `page` rows.
    pub fn shown(self, total: usize, page: usize) -> u16 {
        u16::try_from(self.offset.min(total.saturating_sub(page))).unwrap_or(u16::MAX)
    }
}

/// Text to read in a tall popup: title, lines, a footer line, scrolled.
pub struct Reading<'a> {
    pub title: &'a str,
    /// Lines above the scrolling text (a search field), not scrolled.
    pub fixed: Vec<Line<'static>>,
    pub lines: &'a [Line<'static>],
    pub scroll: Scroll,
}

impl Reading<'_> {
    /// A key on text to read in full (no fixed lines): scrolls within it.
    pub fn scroll_key(scroll: &mut Scroll, action: Action, area: Rect, lines: &[Line<'static>]) {
        let (total, page) = Self::measure(area, 0, lines);
        scroll.key(action, total, page);
    }

    /// Text to read in full (no fixed lines), drawn at its scroll position.
    pub fn show(
        title: &str,
        lines: &[Line<'static>],
        scroll: Scroll,
        area: Rect,
        theme: Theme,
        buf: &mut Buffer,
    ) {
        Reading {
            title,
            fixed: Vec::new(),
            lines,
            scroll,
        }
        .render(area, theme, buf);
    }

    /// The rows of text and the rows in view, on a screen of `area`.
    pub fn measure(area: Rect, fixed: usize, lines: &[Line<'static>]) -> (usize, usize) {
        let rect = reading_area(area);
        let inner_width = rect.width.saturating_sub(2);
        let page = usize::from(rect.height.saturating_sub(2)).saturating_sub(fixed);
        (rows(lines, inner_width), page.max(1))
    }

    pub fn render(self, area: Rect, theme: Theme, buf: &mut Buffer) {
        let rect = reading_area(area);
        Clear.render(rect, buf);
        let fixed_rows = u16::try_from(self.fixed.len()).unwrap_or(0);
        let (total, page) = Self::measure(area, self.fixed.len(), self.lines);
        let block = Block::bordered()
            .title(format!(" {} ", self.title))
            .border_style(theme.focused_border());
        let inner = block.inner(rect);
        block.render(rect, buf);
        let [top, body] =
            ratatui::layout::Layout::vertical([Constraint::Length(fixed_rows), Constraint::Min(1)])
                .areas(inner);
        Paragraph::new(self.fixed).render(top, buf);
        let offset = self.scroll.shown(total, page);
        Paragraph::new(self.lines.to_vec())
            .wrap(Wrap { trim: false })
            .scroll((offset, 0))
            .render(body, buf);
        // Where in the text: shown when it does not fit.
        if total > page {
            let end = (usize::from(offset) + page).min(total);
            let at = format!(" {}–{}/{} ", usize::from(offset) + 1, end, total);
            let at_width = unicode_width::UnicodeWidthStr::width(at.as_str());
            let x = rect
                .right()
                .saturating_sub(u16::try_from(at_width).unwrap_or(0) + 1);
            buf.set_string(x, rect.bottom().saturating_sub(1), at, theme.dim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_end_and_the_start() {
        let mut s = Scroll::default();
        assert!(s.key(Action::PageDown, 30, 10));
        assert_eq!(s.offset, 9);
        s.key(Action::PageDown, 30, 10);
        s.key(Action::PageDown, 30, 10);
        assert_eq!(s.offset, 20, "the last page ends with the last row");
        s.key(Action::Down, 30, 10);
        assert_eq!(s.offset, 20);
        s.key(Action::Top, 30, 10);
        assert_eq!(s.offset, 0);
        s.key(Action::Up, 30, 10);
        assert_eq!(s.offset, 0);
        s.key(Action::Bottom, 30, 10);
        assert_eq!(s.offset, 20);
        s.key(Action::Bottom, 5, 10);
        assert_eq!(s.offset, 0, "text shorter than a page does not scroll");
        assert!(!s.key(Action::Submit, 30, 10));
    }
}
