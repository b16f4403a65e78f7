//! The case list: the review queue. Only the rows that fit are drawn, so it stays fast
//! with any number of cases.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Widget};

use super::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK};
use crate::domain::CheckSummary;
use crate::domain::text::{fill, safe_line};
use crate::tui::app::{App, Focus};

/// `6/10 ✗1 ?3`: met of all, not met, open.
/// `4/10 ✗1 ?4 –1`: met of all, then not met, not judged, and not applicable, so the
/// count agrees with the case pane's "4/10 oppfylt".
pub fn compact_checks(s: &CheckSummary) -> String {
    let mut text = format!("{}/{}", s.met, s.total());
    if s.not_met > 0 {
        text.push_str(&format!(" ✗{}", s.not_met));
    }
    if s.unchecked > 0 {
        text.push_str(&format!(" ?{}", s.unchecked));
    }
    if s.na > 0 {
        text.push_str(&format!(" –{}", s.na));
    }
    text
}

/// The outcome of a proposed or decided case, as a mark after its state.
fn outcome_mark(outcome: Option<crate::domain::Outcome>) -> &'static str {
    match outcome {
        Some(crate::domain::Outcome::Approve) => " ✓",
        Some(crate::domain::Outcome::Partial) => " ½",
        Some(crate::domain::Outcome::Reject) => " ✗",
        None => "",
    }
}

pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let tt = app.t.tui();
    let l = app.t.labels();
    let focused = app.focus == Focus::List && app.popup.is_none();
    // The filter in force is always in view: an empty queue is never a mystery.
    let (shown, total) = (app.list.len(), app.list.total());
    let title = if app.filter_query.trim().is_empty() {
        format!(" {} {shown}/{total} ", tt.cases)
    } else if app.list.is_partial() {
        // Typed before the whole round was read: more may join.
        format!(
            " {} {shown}/{total} · / {} · {} ",
            tt.cases,
            crate::domain::text::safe_line(app.filter_query.trim()),
            fill(
                tt.reading_rows,
                &[&app.list.rows_read().to_string(), &total.to_string()]
            )
        )
    } else {
        format!(
            " {} {shown}/{total} · / {} ",
            tt.cases,
            crate::domain::text::safe_line(app.filter_query.trim())
        )
    };
    let block = Block::bordered().title(title).border_style(if focused {
        theme.focused_border()
    } else {
        theme.border()
    });
    let inner = block.inner(area);
    block.render(area, buf);
    if app.list.is_empty() {
        let text = if app.rounds.is_empty() {
            tt.no_rounds.to_string()
        } else if app.list.is_partial() {
            // Nothing yet, but not "nothing matches": the rest is still being read.
            fill(
                tt.reading_rows,
                &[&app.list.rows_read().to_string(), &total.to_string()],
            )
        } else {
            tt.empty_queue.to_string()
        };
        Paragraph::new(Span::styled(text, theme.dim())).render(inner, buf);
        return;
    }
    // What is in view was set when the window or the selection last changed.
    let visible = app.list.visible();
    let reference_width = visible
        .clone()
        .filter_map(|position| app.list.reference_at(position))
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(9)
        .clamp(9, 24);
    // Amounts show whole: their columns are as wide as the widest in view.
    let amount_width = |amount: fn(&crate::service::CaseRow) -> crate::domain::Money| {
        let widest = visible
            .clone()
            .filter_map(|position| app.list.row_at(position))
            .map(|row| unicode_width::UnicodeWidthStr::width(amount(row).to_string().as_str()))
            .max()
            .unwrap_or(0);
        u16::try_from(widest).unwrap_or(u16::MAX).max(13)
    };
    // On a narrow list the requested amount gives way to the title.
    let requested = if inner.width < 100 {
        0
    } else {
        amount_width(|row| row.requested)
    };
    let network = if inner.width < 110 { 0 } else { 15 };
    let widths = [
        // The selection (two columns), the batch mark and the conflict mark.
        Constraint::Length(4),
        Constraint::Length(16),
        Constraint::Length(u16::try_from(reference_width).unwrap_or(12)),
        Constraint::Length(network),
        Constraint::Min(16),
        Constraint::Length(requested),
        Constraint::Length(amount_width(|row| row.allocated)),
        Constraint::Length(14),
    ];
    // The title's column, as the table lays it out: a title cut short says so.
    let title_width = Layout::horizontal(widths).spacing(1).split(inner)[4].width;
    let rows: Vec<Row> = visible
        .map(|position| {
            let selected = position == app.list.selected();
            list_row(app, theme, position, selected, usize::from(title_width))
        })
        .collect();
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(l.state),
        Cell::from(l.reference),
        Cell::from(l.network),
        Cell::from(l.title),
        Cell::from(Line::from(l.requested).right_aligned()),
        Cell::from(Line::from(l.allocated).right_aligned()),
        Cell::from(l.checks),
    ])
    .style(theme.heading());
    Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .render(inner, buf);
}

/// One line of the list: the case at this position of the queue.
fn list_row(
    app: &App,
    theme: Theme,
    position: usize,
    selected: bool,
    title_width: usize,
) -> Row<'static> {
    let reference = app.list.reference_at(position).unwrap_or_default();
    let row = app.list.row_at(position);
    let marked = app.marked.contains(reference);
    // `!`: this user declared a conflict in the case, and may not work on it.
    let barred = row.is_some_and(|row| row.conflicted.contains(&app.actor));
    let mark = format!(
        "{}{}{}",
        if selected {
            SELECTED_MARK
        } else {
            UNSELECTED_MARK
        },
        if marked { "●" } else { " " },
        if barred { "!" } else { "" }
    );
    let mark = Cell::from(Span::styled(mark, theme.marked()));
    let reference_cell = Cell::from(safe_line(reference).into_owned());
    // A row not read yet (only while a large list is being scrolled) shows its
    // reference; the rest follows on the next frame.
    let cells = match row {
        Some(row) => vec![
            mark,
            Cell::from(Span::styled(
                format!("{}{}", app.t.state(row.state), outcome_mark(row.outcome)),
                theme.state(row.state),
            )),
            reference_cell,
            Cell::from(Span::styled(
                safe_line(&row.network).into_owned(),
                theme.dim(),
            )),
            Cell::from(crate::domain::text::ellipsize(
                &safe_line(&row.title),
                title_width,
            )),
            Cell::from(Line::from(row.requested.to_string()).right_aligned()),
            Cell::from(Line::from(row.allocated.to_string()).right_aligned()),
            Cell::from(compact_checks(&row.checks)),
        ],
        None => vec![mark, Cell::from("…"), reference_cell],
    };
    let row_widget = Row::new(cells);
    if selected {
        row_widget.style(theme.selected())
    } else {
        row_widget
    }
}
