//! The open case: application, checklist, allocation per pot, proposal and decision,
//! the application's texts, and the history. Long text scrolls.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK, verdict_mark};
use crate::domain::text::{safe_block, safe_line};
use crate::service::CaseView;
use crate::tui::app::{App, Focus};

fn s(text: &str) -> String {
    safe_line(text).into_owned()
}

pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let tt = app.t.tui();
    let focused = matches!(app.focus, Focus::Checks | Focus::Allocation) && app.popup.is_none();
    let Some(view) = &app.case else {
        let block = Block::bordered()
            .title(format!(" {} ", tt.case))
            .border_style(theme.border());
        Paragraph::new(Span::styled(tt.no_case, theme.dim()))
            .block(block)
            .render(area, buf);
        return;
    };
    let app_ = &view.case.application;
    let title = format!(" {} · {} ", s(&app_.reference), s(&app_.title));
    let block = Block::bordered()
        .title(Line::from(Span::styled(title, theme.heading())))
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        });
    let (lines, cursor_line) = lines(app, theme, view);
    // Keep the cursor of the focused section in view, on top of the user's own scrolling.
    // Lines wrap, so count the rows each takes up to the cursor.
    let height = usize::from(area.height.saturating_sub(2));
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let rows_to = |end: usize| -> usize {
        lines[..end]
            .iter()
            .map(|l| l.width().max(1).div_ceil(width))
            .sum()
    };
    let needed = cursor_line.map_or(0, |c| (rows_to(c + 1) + 1).saturating_sub(height));
    let scroll = u16::try_from(needed)
        .unwrap_or(u16::MAX)
        .max(app.detail_scroll);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(area, buf);
}

fn section(title: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(title.to_string(), theme.heading()))
}

/// The lines of the case, and the line of the focused section's cursor.
fn lines(app: &App, theme: Theme, view: &CaseView) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cursor = None;
    application_lines(app, theme, view, &mut lines);
    check_lines(app, theme, view, &mut lines, &mut cursor);
    allocation_lines(app, theme, view, &mut lines, &mut cursor);
    decision_lines(app, theme, view, &mut lines);
    text_lines(app, theme, view, &mut lines);
    history_lines(app, theme, view, &mut lines);
    (lines, cursor)
}

type Lines = Vec<Line<'static>>;

fn application_lines(app: &App, theme: Theme, view: &CaseView, lines: &mut Lines) {
    let t = app.t;
    let l = t.labels();
    let case = &view.case;
    let a = &case.application;
    let network = view.network.as_ref().map_or_else(
        || format!("{} ({})", s(&a.network), l.unknown),
        |n| format!("{} ({})", s(&n.name), s(&n.id)),
    );
    lines.push(Line::from(vec![
        Span::styled(t.state(case.state).to_string(), theme.state(case.state)),
        Span::raw(format!(" · {}: {network}", l.network)),
    ]));
    let municipalities: Vec<Span<'static>> = view
        .municipalities
        .iter()
        .enumerate()
        .flat_map(|(i, (number, m))| {
            let name = m.as_ref().map_or_else(|| number.clone(), |m| s(&m.name));
            let mut spans = vec![Span::raw(format!(
                "{}{name} ({number})",
                if i == 0 { "" } else { ", " }
            ))];
            if m.as_ref().is_some_and(|m| m.needs_quality_development) {
                spans.push(Span::styled(" ⚑", theme.marked()));
            }
            spans
        })
        .collect();
    let mut line = vec![Span::raw(format!("{}: ", l.municipalities))];
    line.extend(municipalities);
    lines.push(Line::from(line));
    let mut facts = vec![format!(
        "{}: {}",
        l.submitted,
        t.datetime(a.submitted.with_timezone(&chrono::Utc))
    )];
    facts.push(format!(
        "{}: {}",
        l.competence_partner,
        a.competence_partner
            .as_deref()
            .map_or_else(|| l.none.to_string(), s)
    ));
    if let Some(b) = a.bufetat {
        facts.push(format!("{}: {}", l.bufetat, if b { l.yes } else { l.no }));
    }
    if let Some(p) = a.project_leader_percent {
        facts.push(format!("{}: {p} %", l.project_leader));
    }
    if let Some(p) = a.period {
        facts.push(format!(
            "{}: {}–{}",
            l.period,
            t.date(p.start),
            t.date(p.end)
        ));
    }
    lines.push(Line::from(facts.join(" · ")));
    if let Some(c) = &a.contact {
        let email = c
            .email
            .as_deref()
            .map(|e| format!(" <{}>", s(e)))
            .unwrap_or_default();
        lines.push(Line::from(format!("{}: {}{email}", l.contact, s(&c.name))));
    }
}

fn check_lines(
    app: &App,
    theme: Theme,
    view: &CaseView,
    lines: &mut Lines,
    cursor: &mut Option<usize>,
) {
    let t = app.t;
    let l = t.labels();
    lines.push(Line::from(""));
    let summary = crate::domain::CheckSummary::of(&view.checks);
    lines.push(section(
        &format!("{} ({})", l.checks, t.check_summary(&summary)),
        theme,
    ));
    for (i, state) in view.checks.iter().enumerate() {
        let selected = app.focus == Focus::Checks && i == app.check_cursor;
        if selected {
            *cursor = Some(lines.len());
        }
        let verdict = state.verdict();
        let mut spans = vec![
            Span::raw(if selected {
                SELECTED_MARK
            } else {
                UNSELECTED_MARK
            }),
            Span::styled(
                format!("{} {:<14}", verdict_mark(verdict), t.verdict(verdict)),
                theme.verdict(verdict),
            ),
            Span::raw(format!(" {:<10} {}", state.id.as_str(), t.check(state.id))),
        ];
        if let Some((_, finding)) = &state.computed {
            spans.push(Span::styled(
                format!(" — {}", s(&t.finding(finding))),
                theme.dim(),
            ));
        }
        if let Some(record) = &state.recorded {
            let note = record
                .note
                .as_deref()
                .map(|n| format!(": {}", s(n)))
                .unwrap_or_default();
            let what = if state.is_override() {
                format!(" {}", l.override_mark)
            } else {
                String::new()
            };
            spans.push(Span::styled(
                format!(
                    " —{what} {} {}, {}{note}",
                    l.by,
                    s(&record.by),
                    t.datetime(record.at)
                ),
                theme.dim(),
            ));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
}

fn allocation_lines(
    app: &App,
    theme: Theme,
    view: &CaseView,
    lines: &mut Lines,
    cursor: &mut Option<usize>,
) {
    let t = app.t;
    let l = t.labels();
    let case = &view.case;
    let a = &case.application;
    lines.push(Line::from(""));
    lines.push(section(l.allocations, theme));
    for (i, request) in a.requests.iter().enumerate() {
        let selected = app.focus == Focus::Allocation && i == app.pot_cursor;
        if selected {
            *cursor = Some(lines.len());
        }
        let remaining = view
            .balances
            .iter()
            .find(|b| b.id == request.pot)
            .map(|b| b.remaining.to_string())
            .unwrap_or_default();
        let mut line = Line::from(vec![
            Span::raw(if selected {
                SELECTED_MARK
            } else {
                UNSELECTED_MARK
            }),
            Span::styled(format!("{:<14}", s(&request.pot)), theme.heading()),
            Span::raw(format!(
                " {} {:>13} · {} ",
                l.requested.to_lowercase(),
                request.amount.to_string(),
                l.allocated.to_lowercase()
            )),
            Span::styled(
                format!("{:>13}", case.allocated(&request.pot).to_string()),
                theme.money_ok(),
            ),
            Span::raw(format!(
                " · {} {remaining}",
                l.remaining_in_pot.to_lowercase()
            )),
        ]);
        if selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
}

fn decision_lines(app: &App, theme: Theme, view: &CaseView, lines: &mut Lines) {
    let t = app.t;
    let l = t.labels();
    let case = &view.case;
    lines.push(Line::from(""));
    match &case.proposal {
        Some(p) => {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", l.proposal), theme.heading()),
                Span::raw(format!(
                    "{} — {}, {}",
                    t.outcome(p.outcome),
                    s(&p.by),
                    t.datetime(p.at)
                )),
            ]));
            lines.push(Line::from(format!("  {}", s(&p.reason))));
        }
        None => lines.push(Line::from(vec![
            Span::styled(format!("{}: ", l.proposal), theme.heading()),
            Span::raw(l.none),
        ])),
    }
    match &case.decision {
        Some(d) => {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", l.decision), theme.heading()),
                Span::raw(format!(
                    "{} — {} {}, {} {}, {}",
                    t.outcome(d.outcome),
                    l.proposed_by,
                    s(&d.proposed_by),
                    l.decided_by,
                    s(&d.decided_by),
                    t.datetime(d.at)
                )),
            ]));
            lines.push(Line::from(format!("  {}", s(&d.reason))));
        }
        None => lines.push(Line::from(vec![
            Span::styled(format!("{}: ", l.decision), theme.heading()),
            Span::raw(l.none),
        ])),
    }
    for c in &case.conflicts {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", l.conflicts), theme.marked()),
            Span::raw(format!("{} — {}", s(&c.person), s(&c.reason))),
        ]));
    }
}

fn text_lines(app: &App, theme: Theme, view: &CaseView, lines: &mut Lines) {
    let l = app.t.labels();
    let a = &view.case.application;
    for (label, text) in [(l.summary, &a.summary), (l.plan, &a.plan)] {
        if let Some(text) = text {
            lines.push(Line::from(""));
            lines.push(section(label, theme));
            for line in safe_block(text).lines() {
                lines.push(Line::from(line.to_string()));
            }
        }
    }
    if !a.budget.is_empty() {
        lines.push(Line::from(""));
        lines.push(section(l.budget, theme));
        for b in &a.budget {
            lines.push(Line::from(format!(
                "  {:>13}  {}",
                b.amount.to_string(),
                s(&b.item)
            )));
        }
    }
}

fn history_lines(app: &App, theme: Theme, view: &CaseView, lines: &mut Lines) {
    let t = app.t;
    let l = t.labels();
    lines.push(Line::from(""));
    lines.push(section(l.history, theme));
    for event in view.history.iter().rev() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}  {:<10} ", t.datetime(event.at), s(&event.by)),
                theme.dim(),
            ),
            Span::raw(s(&t.change(&event.change))),
        ]));
    }
}
