//! The header: the round and every pot with total, allocated and remaining, and what
//! the remaining would become while an amount is typed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::theme::Theme;
use crate::domain::text::safe_line;
use crate::tui::app::App;
use crate::tui::popups::Popup;

pub fn height(app: &App) -> u16 {
    let pots = app.rounds.get(app.round).map_or(0, |r| r.pots.len());
    u16::try_from(pots).unwrap_or(4).min(4) + 2
}

pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let t = app.t;
    let l = t.labels();
    let tt = t.tui();
    let mut lines = Vec::new();
    let Some(status) = app.rounds.get(app.round) else {
        lines.push(Line::from(Span::styled(tt.no_rounds, theme.dim())));
        Paragraph::new(lines)
            .block(
                Block::new()
                    .borders(Borders::BOTTOM)
                    .border_style(theme.border()),
            )
            .render(area, buf);
        return;
    };
    lines.push(title_line(app, status, theme, area.width));
    // While an amount is typed: the pot it is for, and the service's answer.
    let preview = match &app.popup {
        Some(Popup::Allocate(form)) => form.preview(),
        _ => None,
    };
    let name_width = status
        .pots
        .iter()
        .map(|p| p.id.chars().count())
        .max()
        .unwrap_or(0);
    // Amounts line up in columns where there is room; a narrow window gets them as they are.
    let w = if area.width >= 110 { 14 } else { 0 };
    for pot in status.pots.iter().take(4) {
        let after =
            preview
                .filter(|(pot_id, _)| *pot_id == pot.id)
                .map(|(_, answer)| match answer {
                    Ok(after) => Span::styled(format!("  → {after}"), theme.marked()),
                    Err(_) => Span::styled("  → ✗".to_string(), theme.money_bad()),
                });
        let name = Span::styled(
            format!("{:<name_width$}  ", safe_line(&pot.id)),
            theme.heading(),
        );
        let total = format!("{} {:>w$} · ", l.total.to_lowercase(), pot.total);
        let rest = format!(
            "{} {:>w$} · {} ",
            l.allocated.to_lowercase(),
            pot.allocated,
            l.remaining.to_lowercase()
        );
        let remaining = Span::styled(
            format!("{:>w$}", pot.remaining.to_string()),
            theme.money_ok(),
        );
        // The remaining after the typed amount is what matters while typing: on a narrow
        // window the pot's total gives way to it.
        let full = name.width()
            + total.len()
            + rest.len()
            + remaining.width()
            + after.as_ref().map_or(0, Span::width);
        let mut spans = vec![name];
        if full <= usize::from(area.width) || after.is_none() {
            spans.push(Span::raw(total));
        }
        spans.extend([Span::raw(rest), remaining]);
        spans.extend(after);
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme.border()),
        )
        .render(area, buf);
}

/// The round, its deadline and who is working, with the filter and marks in force.
fn title_line(
    app: &App,
    status: &crate::service::RoundStatus,
    theme: Theme,
    width: u16,
) -> Line<'static> {
    let t = app.t;
    let l = t.labels();
    let tt = t.tui();
    let round = &status.round;
    // Who is working is never cut: on a narrow window the county and year give way.
    let with_county = format!(
        "· {} {}/{}: {} ({} {}) · {} {} · {}",
        tt.round_of,
        app.round + 1,
        app.rounds.len(),
        safe_line(&round.id),
        safe_line(&round.county),
        round.year,
        l.deadline.to_lowercase(),
        t.date(round.deadline),
        safe_line(&app.actor),
    );
    let fits = unicode_width::UnicodeWidthStr::width(with_county.as_str()) + tt.app_name.len()
        < usize::from(width);
    let round_text = if fits {
        with_county
    } else {
        format!(
            "· {} {}/{}: {} · {} {} · {}",
            tt.round_of,
            app.round + 1,
            app.rounds.len(),
            safe_line(&round.id),
            l.deadline.to_lowercase(),
            t.date(round.deadline),
            safe_line(&app.actor),
        )
    };
    let mut title = vec![
        Span::styled(format!("{} ", tt.app_name), theme.heading()),
        Span::raw(round_text),
    ];
    if !app.filter_query.is_empty() {
        title.push(Span::styled(
            format!(" · {}: {}", tt.filter_label, safe_line(&app.filter_query)),
            theme.marked(),
        ));
    }
    if !app.marked.is_empty() {
        title.push(Span::styled(
            format!(" · {} {}", app.marked.len(), tt.marked),
            theme.marked(),
        ));
    }
    if app.overdue > 0 {
        title.push(Span::styled(
            format!(" · {}", tt.overdue_count(app.overdue)),
            theme.money_bad(),
        ));
    }
    Line::from(title)
}
