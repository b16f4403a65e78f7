//! The open case: application, checklist, allocation per pot, proposal and decision,
//! the application's texts, and the history. Long text scrolls.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK, verdict_mark};
use crate::domain::text::{safe_block, safe_line};
use crate::service::CaseView;
use crate::tui::app::{App, Focus};

fn s(text: &str) -> String {
    safe_line(text).into_owned()
}

/// From this inner width the case pane shows the application's texts (summary, plan,
/// budget) in a column of their own beside the checks.
const SPLIT_WIDTH: u16 = 110;

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
    let inner = block.inner(area);
    block.render(area, buf);
    let mut evidence = Vec::new();
    text_lines(app, theme, view, &mut evidence);
    if inner.width >= SPLIT_WIDTH && !evidence.is_empty() {
        // The evidence beside the judgement: checks on the left, the application's
        // texts on the right, each scrolling on its own.
        let [left, _, right] = Layout::horizontal([
            Constraint::Percentage(58),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let (lines, cursor) = lines(app, theme, view, left.width, false);
        scrolled(lines, cursor, 0, left, buf);
        // The texts start with an empty line; at the top of a column it is not needed.
        let evidence: Vec<Line<'static>> = evidence.into_iter().skip(1).collect();
        Paragraph::new(evidence)
            .wrap(Wrap { trim: false })
            .scroll((app.detail_scroll, 0))
            .render(right, buf);
    } else {
        let (lines, cursor) = lines(app, theme, view, inner.width, true);
        scrolled(lines, cursor, app.detail_scroll, inner, buf);
    }
}

/// Lines scrolled so the focused section's cursor is in view, on top of the user's own
/// scrolling. Lines wrap, so the rows up to the cursor are counted.
fn scrolled(
    lines: Vec<Line<'static>>,
    cursor_line: Option<usize>,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = usize::from(area.height);
    let width = area.width.max(1);
    let needed = cursor_line.map_or(0, |c| {
        let rows = Paragraph::new(lines[..=c].to_vec())
            .wrap(Wrap { trim: false })
            .line_count(width);
        rows.saturating_sub(height)
    });
    let scroll = u16::try_from(needed).unwrap_or(u16::MAX).max(scroll);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(area, buf);
}

fn section(title: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(title.to_string(), theme.heading()))
}

/// The lines of the case, and the line of the focused section's cursor. With
/// `evidence`, the application's texts come after its facts and before the checks, in
/// the order `tilskudd show` prints them.
fn lines(
    app: &App,
    theme: Theme,
    view: &CaseView,
    width: u16,
    evidence: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cursor = None;
    application_lines(app, theme, view, &mut lines);
    if evidence {
        text_lines(app, theme, view, &mut lines);
    }
    check_lines(app, theme, view, width, &mut lines, &mut cursor);
    allocation_lines(app, theme, view, &mut lines, &mut cursor);
    decision_lines(app, theme, view, &mut lines);
    follow_up_lines(app, theme, view, &mut lines);
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
        // A no-break space: "40 %" is never split at the end of a line.
        facts.push(format!("{}: {p}\u{a0}%", l.project_leader));
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

/// How far a check's detail (finding, who judged it, the note) is indented under it.
const DETAIL_INDENT: usize = 6;

fn check_lines(
    app: &App,
    theme: Theme,
    view: &CaseView,
    width: u16,
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
        let verdict = state.verdict();
        // The check's name wraps under itself, never back to the pane's edge.
        let head = format!(
            "{} {:<14} {:<10} ",
            verdict_mark(verdict),
            t.verdict(verdict),
            state.id.as_str()
        );
        let indent = UNSELECTED_MARK.chars().count() + head.chars().count();
        let room = usize::from(width).saturating_sub(indent).max(12);
        let mut name_rows = crate::domain::text::wrap_words(t.check(state.id), room).into_iter();
        let mut line = Line::from(vec![
            Span::raw(if selected {
                SELECTED_MARK
            } else {
                UNSELECTED_MARK
            }),
            Span::styled(
                format!("{} {:<14}", verdict_mark(verdict), t.verdict(verdict)),
                theme.verdict(verdict),
            ),
            Span::raw(format!(
                " {:<10} {}",
                state.id.as_str(),
                name_rows.next().unwrap_or_default()
            )),
        ]);
        if selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
        for row in name_rows {
            let mut line = Line::from(format!("{}{row}", " ".repeat(indent)));
            if selected {
                line = line.style(theme.selected());
            }
            lines.push(line);
        }
        // What the check found and who judged it, on lines of their own, indented
        // under the check however they wrap.
        let mut detail = Vec::new();
        if let Some((_, finding)) = &state.computed {
            detail.push(s(&t.finding(finding)));
        }
        if let Some(record) = &state.recorded {
            let note = record
                .note
                .as_deref()
                .map(|n| format!(": {}", s(n)))
                .unwrap_or_default();
            let what = if state.is_override() {
                format!("{} ", l.override_mark)
            } else {
                String::new()
            };
            detail.push(format!(
                "{what}{} {}, {}{note}",
                l.by,
                s(&record.by),
                t.datetime(record.at)
            ));
        }
        // A check judged per pot: each pot's verdict, its own or the whole one's.
        for pot in state.pots.iter().filter(|_| state.judged_per_pot()) {
            let verdict = state.pot_verdict(pot);
            let whose = pot.recorded.as_ref().map_or_else(
                || l.as_whole.to_string(),
                |r| {
                    let note = r.note.as_deref().map(|n| format!(": {}", s(n)));
                    format!("{} {}{}", l.by, s(&r.by), note.unwrap_or_default())
                },
            );
            detail.push(format!(
                "{}: {} {} ({whose})",
                s(&pot.pot),
                verdict_mark(verdict),
                t.verdict(verdict)
            ));
        }
        for text in detail {
            let text = format!("— {text}");
            let room = usize::from(width).saturating_sub(DETAIL_INDENT).max(20);
            for row in crate::domain::text::wrap_words(&text, room) {
                lines.push(Line::from(Span::styled(
                    format!("{}{row}", " ".repeat(DETAIL_INDENT)),
                    theme.dim(),
                )));
            }
        }
        // The whole check, its detail too, is kept in view when it is selected.
        if selected {
            *cursor = Some(lines.len() - 1);
        }
    }
    flag_lines(app, theme, view, width, lines);
}

/// What the adviser should weigh beside the checks, each wrapped under its mark.
fn flag_lines(app: &App, theme: Theme, view: &CaseView, width: u16, lines: &mut Lines) {
    if view.flags.is_empty() {
        return;
    }
    let t = app.t;
    lines.push(Line::from(""));
    lines.push(section(t.labels().flags, theme));
    let room = usize::from(width).saturating_sub(DETAIL_INDENT).max(20);
    for flag in &view.flags {
        for (i, row) in crate::domain::text::wrap_words(&t.flag(flag), room)
            .into_iter()
            .enumerate()
        {
            let mark = if i == 0 { "! " } else { "  " };
            let indent = " ".repeat(DETAIL_INDENT.saturating_sub(2));
            lines.push(Line::from(Span::styled(
                format!("{indent}{mark}{row}"),
                theme.warning(),
            )));
        }
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

/// What followed the decision: payments, the report, claims and repayments.
fn follow_up_lines(app: &App, theme: Theme, view: &CaseView, lines: &mut Lines) {
    let texts = crate::output::follow_up_lines(app.t, view);
    if texts.is_empty() {
        return;
    }
    lines.push(Line::from(""));
    lines.push(section(app.t.labels().follow_up, theme));
    for text in texts {
        lines.push(Line::from(format!("  {text}")));
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
        let total: crate::domain::Money = a.budget.iter().map(|b| b.amount).sum();
        lines.push(Line::from(Span::styled(
            format!("  {:>13}  {}", total.to_string(), app.t.tui().budget_sum),
            theme.heading(),
        )));
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
