//! `O`: the round seen whole. A gauge per pot (granted and provisional of its total), a
//! bar chart of what each network asked for and got, and the networks and
//! municipalities as lists: Tab moves between them, `/` filters, Enter opens the queue
//! filtered to the one selected, and the selected one's history across rounds shows
//! below. Reads well at 80×24 (one list at a time) and without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Cell, Clear, LineGauge, Paragraph, Row, StatefulWidget, Table,
    TableState, Widget, Wrap,
};

use super::frame::edit;
use super::{Form, Popup};
use crate::domain::money::group_thousands;
use crate::domain::text::{fold, safe_line};
use crate::service::{MunicipalityCoverage, NetworkShare, Overview, RoundFigures, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::input::Input;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::{SELECTED_MARK, Theme, UNSELECTED_MARK};

/// Which list has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Networks,
    Municipalities,
}

pub struct OverviewScreen {
    data: Option<Overview>,
    /// Why the overview could not be read, if it could not.
    error: Option<String>,
    side: Side,
    /// The selected row of each list, within what the filter leaves.
    cursors: [usize; 2],
    filter: Input,
    /// The filter is being typed.
    typing: bool,
}

/// Lists side by side from this width; one at a time below it.
const SIDE_BY_SIDE: u16 = 120;

impl OverviewScreen {
    pub fn open(app: &mut App, service: &dyn Session) -> Option<Popup> {
        let mut screen = OverviewScreen {
            data: None,
            error: None,
            side: Side::Municipalities,
            cursors: [0, 0],
            filter: Input::default(),
            typing: false,
        };
        screen.load(app, service);
        Some(Popup::Overview(screen))
    }

    fn load(&mut self, app: &App, service: &dyn Session) {
        let Some(round) = app.round_id() else {
            self.data = None;
            return;
        };
        match service.overview(Some(round)) {
            Ok(mut rounds) => {
                self.data = rounds.pop();
                self.error = None;
            }
            Err(e) => self.error = Some(app.t.error(&e)),
        }
        self.clamp();
    }

    fn side_index(&self) -> usize {
        match self.side {
            Side::Networks => 0,
            Side::Municipalities => 1,
        }
    }

    /// The networks the filter leaves, with their number in the chart.
    fn networks(&self) -> Vec<(usize, &NetworkShare)> {
        let wanted = fold(self.filter.text().trim());
        self.data
            .iter()
            .flat_map(|d| d.networks.iter().enumerate())
            .filter(|(_, n)| {
                wanted.is_empty()
                    || fold(&n.id).contains(&wanted)
                    || n.name
                        .as_deref()
                        .is_some_and(|name| fold(name).contains(&wanted))
            })
            .map(|(i, n)| (i + 1, n))
            .collect()
    }

    /// The municipalities the filter leaves (by number, name or network).
    fn municipalities(&self) -> Vec<&MunicipalityCoverage> {
        let wanted = fold(self.filter.text().trim());
        self.data
            .iter()
            .flat_map(|d| d.municipalities.iter())
            .filter(|m| {
                wanted.is_empty()
                    || m.number.starts_with(&wanted)
                    || fold(&m.name).contains(&wanted)
                    || m.networks.iter().any(|n| fold(n).contains(&wanted))
            })
            .collect()
    }

    fn len(&self) -> usize {
        match self.side {
            Side::Networks => self.networks().len(),
            Side::Municipalities => self.municipalities().len(),
        }
    }

    fn clamp(&mut self) {
        let side = self.side;
        for (i, s) in [Side::Networks, Side::Municipalities]
            .into_iter()
            .enumerate()
        {
            self.side = s;
            let len = self.len();
            self.cursors[i] = self.cursors[i].min(len.saturating_sub(1));
        }
        self.side = side;
    }

    /// The queue's filter for the selected row.
    fn queue_query(&self) -> Option<String> {
        let at = self.cursors[self.side_index()];
        match self.side {
            Side::Networks => self
                .networks()
                .get(at)
                .map(|(_, n)| format!("network:{}", n.id)),
            Side::Municipalities => self
                .municipalities()
                .get(at)
                .map(|m| format!("kommune:{}", m.number)),
        }
    }

    fn selected_history(&self) -> Option<(String, &[RoundFigures])> {
        let at = self.cursors[self.side_index()];
        match self.side {
            Side::Networks => self
                .networks()
                .get(at)
                .map(|(_, n)| (n.id.clone(), n.history.as_slice())),
            Side::Municipalities => self
                .municipalities()
                .get(at)
                .map(|m| (format!("{} {}", m.number, m.name), m.history.as_slice())),
        }
    }

    fn move_cursor(&mut self, action: Action) {
        let len = self.len();
        let cursor = &mut self.cursors[self.side_index()];
        *cursor = match action {
            Action::Up => cursor.saturating_sub(1),
            Action::Down => cursor.saturating_add(1),
            Action::PageUp => cursor.saturating_sub(10),
            Action::PageDown => cursor.saturating_add(10),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            _ => *cursor,
        }
        .min(len.saturating_sub(1));
    }

    fn type_filter(&mut self, action: Action) {
        match action {
            Action::Submit | Action::Cancel => self.typing = false,
            other => {
                if edit(&mut self.filter, other) {
                    self.cursors = [0, 0];
                }
            }
        }
    }
}

impl Form for OverviewScreen {
    fn context(&self) -> KeyContext {
        if self.typing {
            KeyContext::Filter
        } else {
            KeyContext::Overview
        }
    }

    fn takes_escape(&self) -> bool {
        self.typing
    }

    fn key(mut self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        if self.typing {
            self.type_filter(action);
            return Some(Popup::Overview(self));
        }
        match action {
            Action::Overview => return None,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_cursor(action),
            Action::FocusNext | Action::FocusPrev => {
                self.side = match self.side {
                    Side::Networks => Side::Municipalities,
                    Side::Municipalities => Side::Networks,
                };
            }
            Action::Filter => self.typing = true,
            Action::NextRound | Action::PrevRound => {
                app.switch_round(service, action == Action::NextRound);
                self.load(app, service);
            }
            Action::Open => {
                if let Some(query) = self.queue_query() {
                    app.show_queue_for(service, &query);
                    return None;
                }
            }
            _ => {}
        }
        Some(Popup::Overview(self))
    }

    fn refresh(&mut self, app: &App, service: &dyn Session) {
        self.load(app, service);
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        // The footer's hints stay in view below.
        let area = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        Clear.render(area, buf);
        let tt = app.t.tui();
        let title = match &self.data {
            Some(d) => format!(
                " {} · {} · {} {} ",
                tt.overview_title,
                safe_line(&d.round.id),
                safe_line(&d.round.county),
                d.round.year
            ),
            None => format!(" {} ", tt.overview_title),
        };
        let block = Block::bordered()
            .title(title)
            .border_style(theme.focused_border());
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(data) = &self.data else {
            let text = self.error.as_deref().unwrap_or(tt.no_overview);
            Paragraph::new(safe_line(text).into_owned())
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        let lines_per_pot = if pots_fit_one_line(app, data, inner.width) {
            1
        } else {
            2
        };
        let pots = u16::try_from(data.pots.len() * lines_per_pot).unwrap_or(u16::MAX);
        let chart = if inner.height >= 40 { 14 } else { 7 };
        let [pot_area, chart_area, lists, history] = Layout::vertical([
            Constraint::Length(pots),
            Constraint::Length(chart),
            Constraint::Min(4),
            Constraint::Length(2),
        ])
        .areas(inner);
        render_pots(app, theme, data, pot_area, buf);
        render_chart(app, theme, data, chart_area, buf);
        self.render_lists(app, theme, lists, buf);
        self.render_history(app, theme, history, buf);
    }
}

/// A pot's figures after its gauge: granted, provisional, remaining.
fn pot_figures(app: &App, pot: &crate::service::PotBalance) -> String {
    let l = app.t.labels();
    format!(
        " {} {} · {} {} · {} {}",
        l.granted.to_lowercase(),
        group_thousands(pot.granted),
        l.provisional.to_lowercase(),
        group_thousands(pot.provisional),
        l.remaining.to_lowercase(),
        group_thousands(pot.remaining),
    )
}

fn pot_id_width(data: &Overview) -> usize {
    data.pots
        .iter()
        .map(|p| p.id.chars().count())
        .max()
        .unwrap_or(0)
}

/// Whether each pot's gauge and figures share one line (else the figures go below).
fn pots_fit_one_line(app: &App, data: &Overview, width: u16) -> bool {
    let widest = data
        .pots
        .iter()
        .map(|p| pot_figures(app, p).chars().count())
        .max()
        .unwrap_or(0);
    pot_id_width(data) + 6 + widest <= usize::from(width)
}

/// A gauge per pot: what is granted or held for cases, of its total.
fn render_pots(app: &App, theme: Theme, data: &Overview, area: Rect, buf: &mut Buffer) {
    let id_width = pot_id_width(data);
    let one_line = pots_fit_one_line(app, data, area.width);
    let step = if one_line { 1 } else { 2 };
    for (row, pot) in (area.y..area.bottom()).step_by(step).zip(&data.pots) {
        let figures = pot_figures(app, pot);
        let figures_width = u16::try_from(figures.chars().count()).unwrap_or(u16::MAX);
        let line = Rect::new(area.x, row, area.width, 1);
        let [gauge, text] = if one_line {
            Layout::horizontal([Constraint::Min(10), Constraint::Length(figures_width)]).areas(line)
        } else {
            let below = Rect::new(area.x, row + 1, area.width, 1).intersection(area);
            [line, below]
        };
        let ratio = if pot.total.is_zero() {
            0.0
        } else {
            let allocated: f64 = pot.allocated.plain().parse().unwrap_or(0.0);
            let total: f64 = pot.total.plain().parse().unwrap_or(1.0);
            (allocated / total).clamp(0.0, 1.0)
        };
        LineGauge::default()
            .ratio(ratio)
            .label(format!("{:<id_width$}", safe_line(&pot.id)))
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol(symbols::line::HORIZONTAL)
            .filled_style(theme.money_ok())
            .unfilled_style(theme.dim())
            .render(gauge, buf);
        Paragraph::new(figures).render(text, buf);
    }
}

/// Whole kroner, for a bar's height.
fn kroner(money: crate::domain::Money) -> u64 {
    money
        .plain()
        .split('.')
        .next()
        .and_then(|k| k.parse().ok())
        .unwrap_or(0)
}

/// Requested and granted per network, side by side; the groups are numbered as the
/// network list is.
fn render_chart(app: &App, theme: Theme, data: &Overview, area: Rect, buf: &mut Buffer) {
    let tt = app.t.tui();
    let groups: Vec<BarGroup> = data
        .networks
        .iter()
        .enumerate()
        .map(|(i, n)| {
            BarGroup::default()
                .label(Line::from(format!("{}", i + 1)))
                .bars(&[
                    Bar::default()
                        .value(kroner(n.requested_total()))
                        .text_value(tt.requested_mark)
                        .style(theme.dim()),
                    Bar::default()
                        .value(kroner(n.granted_total()))
                        .text_value(tt.granted_mark)
                        .style(theme.money_ok()),
                ])
        })
        .collect();
    // Wider bars where there is room: a group is two bars and a gap.
    let count = u16::try_from(data.networks.len().max(1)).unwrap_or(u16::MAX);
    let bar_width = (area.width.saturating_sub(2) / count)
        .saturating_sub(2)
        .saturating_div(2)
        .clamp(2, 8);
    // Groups that fit: the rest are cut, and the title says how many show.
    let shown = usize::from(area.width.saturating_sub(2) / (2 * bar_width + 2).max(1))
        .min(data.networks.len());
    let title = if shown < data.networks.len() {
        format!(" {} · 1–{shown} / {} ", tt.chart_title, data.networks.len())
    } else {
        format!(" {} ", tt.chart_title)
    };
    let mut chart = BarChart::default()
        .block(Block::bordered().title(title).border_style(theme.border()))
        .bar_width(bar_width)
        .bar_gap(0)
        .group_gap(2)
        .value_style(
            theme
                .heading()
                .add_modifier(ratatui::style::Modifier::REVERSED),
        );
    for group in groups {
        chart = chart.data(group);
    }
    chart.render(area, buf);
}

impl OverviewScreen {
    fn render_lists(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        if area.width >= SIDE_BY_SIDE {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                    .areas(area);
            self.render_networks(app, theme, left, buf);
            self.render_municipalities(app, theme, right, buf);
        } else {
            match self.side {
                Side::Networks => self.render_networks(app, theme, area, buf),
                Side::Municipalities => self.render_municipalities(app, theme, area, buf),
            }
        }
    }

    /// A list's frame: its title, the filter where one is set, and the key to the other
    /// list where only one shows.
    fn list_block(&self, app: &App, theme: Theme, side: Side, area: Rect) -> Block<'static> {
        let l = app.t.labels();
        let tt = app.t.tui();
        let mut title = match side {
            Side::Networks => l.networks.to_string(),
            Side::Municipalities => l.municipalities.to_string(),
        };
        if area.width < SIDE_BY_SIDE {
            let other = match side {
                Side::Networks => tt.switch_to_municipalities,
                Side::Municipalities => tt.switch_to_networks,
            };
            title = format!("{title} · {other}");
        }
        if self.typing || !self.filter.text().is_empty() {
            title = format!("{title} · / {}", safe_line(self.filter.text()));
        }
        let style = if side == self.side {
            theme.focused_border()
        } else {
            theme.border()
        };
        Block::bordered()
            .title(format!(" {title} "))
            .border_style(style)
    }

    fn render_networks(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let l = app.t.labels();
        let networks = self.networks();
        let rows: Vec<Row> = networks
            .iter()
            .map(|(number, n)| {
                let name = match &n.name {
                    Some(name) => format!("{} {}", n.id, name),
                    None => n.id.clone(),
                };
                Row::new(vec![
                    Cell::from(format!("{number:>2}")),
                    Cell::from(safe_line(&name).into_owned()),
                    right(format!("{}", n.applications)),
                    right(group_thousands(n.requested_total())),
                    right(group_thousands(n.granted_total())),
                ])
            })
            .collect();
        let applications = capitalized(l.applications[1]);
        let widest = |amount: fn(&NetworkShare) -> crate::domain::Money| {
            networks
                .iter()
                .map(|(_, n)| chars(&group_thousands(amount(n))))
                .max()
                .unwrap_or(0)
        };
        let widths = [
            Constraint::Length(2),
            Constraint::Min(10),
            Constraint::Length(chars(&applications)),
            Constraint::Length(chars(l.requested).max(widest(NetworkShare::requested_total))),
            Constraint::Length(chars(l.granted).max(widest(NetworkShare::granted_total))),
        ];
        let header = Row::new(vec![
            Cell::from(""),
            Cell::from(l.network),
            right(applications),
            right(l.requested.to_string()),
            right(l.granted.to_string()),
        ])
        .style(theme.heading());
        self.render_table(app, theme, Side::Networks, rows, header, &widths, area, buf);
    }

    fn render_municipalities(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let l = app.t.labels();
        let rows: Vec<Row> = self
            .municipalities()
            .into_iter()
            .map(|m| {
                let reach = if m.reached() {
                    format!("{}", m.projects.len())
                } else {
                    l.unreached.to_string()
                };
                let style = if m.reached() {
                    Style::new()
                } else {
                    theme.warning()
                };
                Row::new(vec![
                    Cell::from(if m.priority { "⚑" } else { " " }),
                    Cell::from(format!("{} {}", m.number, safe_line(&m.name))),
                    Cell::from(safe_line(&m.networks.join(", ")).into_owned()),
                    right(reach).style(style),
                    right(group_thousands(m.granted)),
                ])
            })
            .collect();
        let projects = capitalized(l.projects);
        let granted = self
            .municipalities()
            .iter()
            .map(|m| chars(&group_thousands(m.granted)))
            .max()
            .unwrap_or(0);
        let widths = [
            Constraint::Length(1),
            Constraint::Min(14),
            Constraint::Min(8),
            Constraint::Length(chars(&projects).max(chars(l.unreached))),
            Constraint::Length(chars(l.granted).max(granted)),
        ];
        let header = Row::new(vec![
            Cell::from(""),
            Cell::from(l.municipalities),
            Cell::from(l.networks),
            right(projects),
            right(l.granted.to_string()),
        ])
        .style(theme.heading());
        self.render_table(
            app,
            theme,
            Side::Municipalities,
            rows,
            header,
            &widths,
            area,
            buf,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn render_table(
        &self,
        app: &App,
        theme: Theme,
        side: Side,
        rows: Vec<Row>,
        header: Row,
        widths: &[Constraint],
        area: Rect,
        buf: &mut Buffer,
    ) {
        let empty = rows.is_empty();
        let block = self.list_block(app, theme, side, area);
        let focused = side == self.side;
        let table = Table::new(rows, widths.to_vec())
            .header(header)
            .block(block)
            .column_spacing(1)
            .row_highlight_style(if focused {
                theme.selected()
            } else {
                Style::new()
            })
            // The other list keeps its place, unmarked: one selection on the screen.
            .highlight_symbol(if focused {
                SELECTED_MARK
            } else {
                UNSELECTED_MARK
            })
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        let index = match side {
            Side::Networks => 0,
            Side::Municipalities => 1,
        };
        let mut state = TableState::default().with_selected(Some(self.cursors[index]));
        StatefulWidget::render(table, area, buf, &mut state);
        if empty && !self.filter.text().is_empty() {
            let inner = Rect {
                y: area.y + 2,
                height: area.height.saturating_sub(3),
                x: area.x + 2,
                width: area.width.saturating_sub(4),
            };
            Paragraph::new(app.t.tui().nothing_matches)
                .style(theme.dim())
                .render(inner, buf);
        }
    }

    /// The selected network's or municipality's rounds.
    fn render_history(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let Some((name, history)) = self.selected_history() else {
            return;
        };
        let lines: Vec<String> = history
            .iter()
            .map(|f| crate::output::lookup::figures_line(app.t, f))
            .collect();
        let text = format!(
            "{} ({}): {}",
            app.t.labels().rounds_history,
            safe_line(&name),
            if lines.is_empty() {
                app.t.labels().none.to_string()
            } else {
                lines.join(" · ")
            }
        );
        Paragraph::new(Text::from(Line::from(Span::styled(text, theme.dim()))))
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}

/// A column's width for text that must show whole.
fn chars(text: &str) -> u16 {
    u16::try_from(unicode_width::UnicodeWidthStr::width(text)).unwrap_or(u16::MAX)
}

fn right(text: String) -> Cell<'static> {
    Cell::from(Text::from(text).alignment(Alignment::Right))
}

/// "søknader" → "Søknader", for a column heading.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
