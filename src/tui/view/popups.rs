//! Popups drawn over the screen: help, forms, confirmations, lookup.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK};
use crate::domain::text::safe_line;
use crate::tui::app::App;
use crate::tui::input::Input;
use crate::tui::popup::{Field, OUTCOMES, Popup, ReasonFor, VERDICTS};

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

fn popup_area(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

fn draw(
    title: &str,
    lines: Vec<Line<'static>>,
    width: u16,
    area: Rect,
    theme: Theme,
    buf: &mut Buffer,
) {
    // Long lines wrap: count the rows they take.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let rect = popup_area(area, width, height);
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
fn menu(options: &[&str], chosen: usize, theme: Theme) -> Vec<Line<'static>> {
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
fn choices(options: &[&str], chosen: usize, active: bool, theme: Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let text = format!(" {}{option} ", if i == chosen { "●" } else { "○" });
        spans.push(if i == chosen && active {
            Span::styled(text, theme.selected())
        } else {
            Span::raw(text)
        });
    }
    Line::from(spans)
}

fn label(text: &str, active: bool, theme: Theme) -> Span<'static> {
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

fn field_line(name: &str, input: &Input, active: bool, theme: Theme) -> Line<'static> {
    let mut spans = vec![label(name, active, theme)];
    if active {
        spans.extend(input_spans(input, theme));
    } else {
        spans.push(Span::raw(safe_line(input.text()).into_owned()));
    }
    Line::from(spans)
}

#[allow(clippy::too_many_lines)] // one arm per popup reads better than a dozen helpers
pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(popup) = &app.popup else { return };
    let t = app.t;
    let tt = t.tui();
    let l = t.labels();
    let width = area.width.saturating_sub(8).min(100);
    match popup {
        Popup::Help => {
            let lines = tt
                .help
                .iter()
                .map(|(key, what)| {
                    Line::from(vec![
                        Span::styled(format!("{key:>14}  "), theme.heading()),
                        Span::raw(*what),
                    ])
                })
                .collect();
            draw(tt.help_title, lines, width, area, theme, buf);
        }
        Popup::Verdict {
            check,
            choice,
            note,
            field,
            batch,
        } => {
            let names: Vec<&str> = VERDICTS.iter().map(|v| t.verdict(*v)).collect();
            let mut lines = Vec::new();
            let check_line = format!("{} — {}", check.as_str(), t.check(*check));
            if *batch {
                lines.push(Line::from(vec![
                    label(l.checks, *field == Field::Choice, theme),
                    Span::raw(format!("↑/↓ {check_line}")),
                ]));
                lines.push(Line::from(format!("   {} {}", app.marked.len(), tt.marked)));
            } else {
                lines.push(Line::from(Span::styled(check_line, theme.heading())));
            }
            let mut verdict = vec![label(tt.verdict_label, *field == Field::Choice, theme)];
            verdict.extend(choices(&names, *choice, *field == Field::Choice, theme).spans);
            lines.push(Line::from(verdict));
            lines.push(field_line(
                tt.note_label,
                note,
                *field == Field::Text,
                theme,
            ));
            if check.is_automatic() {
                lines.push(Line::from(Span::styled(tt.note_required, theme.dim())));
            }
            let title = if *batch {
                tt.batch_verdict_title
            } else {
                tt.verdict_title
            };
            draw(title, lines, width, area, theme, buf);
        }
        Popup::Allocate {
            pots,
            pot,
            amount,
            preview,
        } => {
            let mut lines = Vec::new();
            let view = app.case.as_ref();
            for (i, id) in pots.iter().enumerate() {
                let requested = view
                    .and_then(|v| v.case.application.requested(id))
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                let mark = if i == *pot {
                    SELECTED_MARK
                } else {
                    UNSELECTED_MARK
                };
                let text = format!(
                    "{mark}{} ({} {requested})",
                    safe_line(id),
                    l.requested.to_lowercase()
                );
                lines.push(Line::from(if i == *pot {
                    Span::styled(text, theme.heading())
                } else {
                    Span::raw(text)
                }));
            }
            let mut amount_line = vec![Span::styled(
                format!("  {}: ", tt.amount_label),
                theme.heading(),
            )];
            amount_line.extend(input_spans(amount, theme));
            lines.push(Line::from(amount_line));
            match preview {
                Some(Ok(after)) => lines.push(Line::from(vec![
                    Span::raw(format!("{}: ", tt.remaining_after)),
                    Span::styled(after.clone(), theme.money_ok()),
                ])),
                Some(Err(why)) => lines.push(Line::from(Span::styled(
                    format!("✗ {why}"),
                    theme.money_bad(),
                ))),
                None => {}
            }
            draw(tt.allocate_title, lines, width, area, theme, buf);
        }
        Popup::Propose {
            outcome,
            reason,
            field,
        } => {
            let names: Vec<&str> = OUTCOMES.iter().map(|o| t.outcome(*o)).collect();
            let mut first = vec![label(tt.outcome_label, *field == Field::Choice, theme)];
            first.extend(choices(&names, *outcome, *field == Field::Choice, theme).spans);
            let lines = vec![
                Line::from(first),
                field_line(tt.reason_label, reason, *field == Field::Text, theme),
            ];
            draw(tt.propose_heading, lines, width, area, theme, buf);
        }
        Popup::Reason { purpose, input } => {
            let title = match purpose {
                ReasonFor::Reopen => tt.reopen_heading,
                ReasonFor::Conflict => tt.conflict_heading,
                ReasonFor::BatchReject => tt.batch_reject_heading,
            };
            draw(
                title,
                vec![field_line(tt.reason_label, input, true, theme)],
                width,
                area,
                theme,
                buf,
            );
        }
        Popup::Confirm { title, lines, .. } => {
            let mut shown: Vec<Line<'static>> =
                lines.iter().map(|l| Line::from(l.clone())).collect();
            shown.push(Line::from(""));
            shown.push(Line::from(Span::styled(
                tt.confirm_question,
                theme.heading(),
            )));
            draw(&safe_line(title), shown, width, area, theme, buf);
        }
        Popup::Lookup {
            input,
            lines,
            scroll,
        } => {
            let height = area.height.saturating_sub(4).max(6);
            let rect = popup_area(area, width, height);
            Clear.render(rect, buf);
            let mut shown = vec![
                field_line(tt.lookup_title, input, true, theme),
                Line::from(Span::styled(tt.lookup_hint, theme.dim())),
                Line::from(""),
            ];
            shown.extend(
                lines
                    .iter()
                    .skip(usize::from(*scroll))
                    .map(|l| Line::from(l.clone())),
            );
            Paragraph::new(shown)
                .block(Block::bordered().border_style(theme.focused_border()))
                .render(rect, buf);
        }
        Popup::Letter { lines, scroll } => {
            let height = area.height.saturating_sub(4).max(6);
            let rect = popup_area(area, width, height);
            Clear.render(rect, buf);
            let shown: Vec<Line<'static>> = lines
                .iter()
                .skip(usize::from(*scroll))
                .map(|l| Line::from(l.clone()))
                .collect();
            Paragraph::new(shown)
                .wrap(Wrap { trim: false })
                .block(
                    Block::bordered()
                        .title(format!(" {} ", tt.letter_title))
                        .title_bottom(format!(" {} ", tt.letter_hint))
                        .border_style(theme.focused_border()),
                )
                .render(rect, buf);
        }
        Popup::RoundMenu { option } => {
            let lines = menu(&tt.round_menu, *option, theme);
            let round = app.round_id().unwrap_or_default();
            draw(
                &format!("{} {}", tt.round_menu_title, safe_line(round)),
                lines,
                width,
                area,
                theme,
                buf,
            );
        }
        Popup::Path { purpose, input } => {
            let (title, label) = match purpose {
                crate::tui::popup::PathFor::Letters => (tt.round_menu[0], tt.folder_label),
                crate::tui::popup::PathFor::Export => (tt.round_menu[1], tt.file_label),
            };
            draw(
                title,
                vec![field_line(label, input, true, theme)],
                width,
                area,
                theme,
                buf,
            );
        }
        Popup::Batch { option } => {
            let lines = menu(&tt.batch_options, *option, theme);
            draw(
                &format!("{} ({})", tt.batch_title, app.marked.len()),
                lines,
                width,
                area,
                theme,
                buf,
            );
        }
        Popup::Draft { draft } => {
            let what = match &draft.kind {
                crate::tui::draft::DraftKind::Propose { .. } => tt.propose_heading,
                crate::tui::draft::DraftKind::Verdict { .. } => tt.note_label,
                crate::tui::draft::DraftKind::Reason(ReasonFor::Reopen) => tt.reopen_heading,
                crate::tui::draft::DraftKind::Reason(ReasonFor::Conflict) => tt.conflict_heading,
                crate::tui::draft::DraftKind::Reason(ReasonFor::BatchReject) => {
                    tt.batch_reject_heading
                }
            };
            let lines = vec![
                Line::from(Span::styled(
                    tt.draft_found(what, &safe_line(&draft.reference)),
                    theme.heading(),
                )),
                Line::from(format!("«{}»", safe_line(&draft.text))),
                Line::from(""),
                Line::from(Span::styled(tt.draft_question, theme.dim())),
            ];
            draw(tt.draft_title, lines, width, area, theme, buf);
        }
    }
}
