//! `overview`, `annual`, `theme` and `priority`: the round seen whole, the report to the
//! directorate, and what advisers record for them.

use std::fmt::Write;
use std::path::Path;

use serde_json::{Value, json};

use super::args::{Command, ExportFormat, JsonFlag, OverviewBy};
use super::dispatch::{print_either, report, text_arg};
use super::emit_data;
use super::table::{Align, Table};
use crate::domain::Theme;
use crate::domain::text::safe_line;
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::output::write_file;
use crate::service::{self, MunicipalityCoverage, NetworkShare, Overview, Session};

fn s(text: &str) -> String {
    safe_line(text).into_owned()
}

/// The commands of this module.
pub fn run(command: &Command, service: &dyn Session, t: &dyn Texts) -> Result<()> {
    match command {
        Command::Overview { round, by, output } => {
            overview(service, t, round.as_deref(), *by, output)
        }
        Command::Annual { year, format, out } => annual(service, t, *year, *format, out.as_deref()),
        Command::Theme {
            reference,
            themes,
            clear,
            output,
        } => theme(service, t, reference, themes, *clear, output),
        Command::Priority {
            municipality,
            note,
            clear,
            output,
            ..
        } => priority(
            service,
            t,
            municipality.as_deref(),
            note.as_deref(),
            *clear,
            output,
        ),
        _ => Ok(()),
    }
}

/// `overview [--round ID] [--by network|municipality]`.
pub fn overview(
    service: &dyn Session,
    t: &dyn Texts,
    round: Option<&str>,
    by: Option<OverviewBy>,
    output: &JsonFlag,
) -> Result<()> {
    // Without --round, the newest round (by year): one round, one shape.
    let rounds: Vec<Overview> = service.overview(round)?.pop().into_iter().collect();
    let (networks, municipalities) = match by {
        None => (true, true),
        Some(OverviewBy::Network) => (true, false),
        Some(OverviewBy::Municipality) => (false, true),
    };
    print_either(
        output,
        || {
            rounds.first().map_or_else(
                || json!({ "round": null }),
                |o| overview_json(o, networks, municipalities),
            )
        },
        || {
            let mut out = String::new();
            for (i, o) in rounds.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                overview_text(&mut out, t, o, networks, municipalities);
            }
            if rounds.is_empty() {
                let _ = writeln!(out, "{}", t.labels().no_rounds);
            }
            out
        },
    );
    Ok(())
}

fn overview_json(o: &Overview, networks: bool, municipalities: bool) -> Value {
    let mut value = json!({
        "round": o.round.id,
        "county": o.round.county,
        "year": o.round.year,
        "pots": o.pots.iter().map(|p| json!({
            "id": p.id, "name": p.name, "total": p.total, "allocated": p.allocated,
            "remaining": p.remaining, "granted": p.granted, "provisional": p.provisional,
        })).collect::<Vec<_>>(),
    });
    if networks {
        value["networks"] = o
            .networks
            .iter()
            .map(|n| {
                // The share as a fraction of what the pot granted (0.455, not 45.5 %).
                let share: serde_json::Map<String, Value> = n
                    .share
                    .iter()
                    .map(|(pot, percent)| {
                        let fraction = (*percent / rust_decimal::Decimal::ONE_HUNDRED)
                            .round_dp(4)
                            .normalize();
                        let number: f64 = fraction.to_string().parse().unwrap_or(0.0);
                        (pot.clone(), json!(number))
                    })
                    .collect();
                json!({
                    "id": n.id, "name": n.name, "applications": n.applications,
                    "requested": n.requested_total(), "requested_by_pot": n.requested,
                    "granted": n.granted, "granted_total": n.granted_total(),
                    "share": share, "history": n.history,
                })
            })
            .collect();
    }
    if municipalities {
        value["municipalities"] = o
            .municipalities
            .iter()
            .map(|m| {
                json!({
                    "number": m.number, "name": m.name, "county": m.county,
                    "networks": m.networks, "needs_quality_development": m.priority,
                    "reached": m.reached(),
                    "projects": m.projects.iter().map(|p| &p.reference).collect::<Vec<_>>(),
                    "project_grants": m.projects, "granted": m.granted, "history": m.history,
                })
            })
            .collect();
    }
    value
}

fn overview_text(
    out: &mut String,
    t: &dyn Texts,
    o: &Overview,
    networks: bool,
    municipalities: bool,
) {
    let l = t.labels();
    let r = &o.round;
    let _ = writeln!(out, "{} · {} {}", s(&r.id), s(&r.county), r.year);
    let mut pots = Table::new(&[
        (l.pot, Align::Left),
        (l.total, Align::Right),
        (l.granted, Align::Right),
        (l.provisional, Align::Right),
        (l.remaining, Align::Right),
    ]);
    for p in &o.pots {
        pots.row(vec![
            s(&p.id),
            p.total.to_string(),
            p.granted.to_string(),
            p.provisional.to_string(),
            p.remaining.to_string(),
        ]);
    }
    out.push_str(&pots.render("  "));
    if networks {
        out.push('\n');
        out.push_str(&network_table(t, o));
    }
    if municipalities {
        out.push('\n');
        out.push_str(&municipality_table(t, &o.municipalities));
    }
}

fn network_table(t: &dyn Texts, o: &Overview) -> String {
    let l = t.labels();
    let share_headers: Vec<String> = o
        .pots
        .iter()
        .map(|p| format!("{} {}", l.share, p.id))
        .collect();
    let applications = capitalized(l.applications[1]);
    let mut columns = vec![
        (l.network, Align::Left),
        (applications.as_str(), Align::Right),
        (l.requested, Align::Right),
        (l.granted, Align::Right),
    ];
    columns.extend(share_headers.iter().map(|h| (h.as_str(), Align::Right)));
    let mut table = Table::new(&columns);
    for n in &o.networks {
        let mut row = vec![
            network_name(n),
            n.applications.to_string(),
            n.requested_total().to_string(),
            n.granted_total().to_string(),
        ];
        row.extend(o.pots.iter().map(|p| {
            n.share
                .get(&p.id)
                .map(|share| format!("{share} %").replace('.', ","))
                .unwrap_or_default()
        }));
        table.row(row);
    }
    table.render("  ")
}

/// "søknader" → "Søknader", for a column heading.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn network_name(n: &NetworkShare) -> String {
    match &n.name {
        Some(name) => format!("{} {}", s(&n.id), s(name)),
        None => s(&n.id),
    }
}

fn municipality_table(t: &dyn Texts, all: &[MunicipalityCoverage]) -> String {
    let l = t.labels();
    let projects = capitalized(l.projects);
    let mut table = Table::new(&[
        ("", Align::Left),
        (l.municipalities, Align::Left),
        (l.networks, Align::Left),
        (projects.as_str(), Align::Right),
        (l.granted, Align::Right),
    ]);
    for m in all {
        table.row(vec![
            if m.priority { "⚑" } else { "" }.to_string(),
            format!("{} {}", s(&m.number), s(&m.name)),
            m.networks
                .iter()
                .map(|n| s(n))
                .collect::<Vec<_>>()
                .join(", "),
            if m.reached() {
                m.projects.len().to_string()
            } else {
                l.unreached.to_string()
            },
            m.granted.to_string(),
        ]);
    }
    table.render("  ")
}

/// `annual --year YYYY --format csv|json|xlsx [--out FILE]`.
pub fn annual(
    service: &dyn Session,
    t: &dyn Texts,
    year: i32,
    format: ExportFormat,
    out: Option<&Path>,
) -> Result<()> {
    if format == ExportFormat::Xlsx
        && out.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Error::BinaryToTerminal);
    }
    let report = service.annual(year)?;
    let bytes = match format {
        ExportFormat::Csv => crate::output::annual_csv(&report),
        ExportFormat::Xlsx => crate::output::annual_xlsx(&report)?,
        ExportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            text.into_bytes()
        }
    };
    match out {
        Some(path) => {
            write_file(path, &bytes)?;
            eprintln!(
                "{}",
                t.export_written(report.rows.len() + 1, &path.display().to_string())
            );
        }
        None => emit_data(&bytes),
    }
    Ok(())
}

/// `theme REF [THEME...] [--clear]`: records the themes; with none named, shows them.
pub fn theme(
    service: &dyn Session,
    t: &dyn Texts,
    reference: &str,
    themes: &[String],
    clear: bool,
    output: &JsonFlag,
) -> Result<()> {
    if themes.is_empty() && !clear {
        let current = service.themes(reference)?;
        print_either(
            output,
            || json!({ "reference": reference, "themes": current }),
            || themes_text(t, &current),
        );
        return Ok(());
    }
    let parsed = Theme::parse_list(&themes.join(" ")).map_err(|w| service::unknown_theme(&w))?;
    if parsed.is_empty() && !clear {
        return Err(service::unknown_theme("").into());
    }
    let command = service::Command::SetThemes {
        reference: reference.to_string(),
        themes: parsed,
    };
    report(service, t, command, output)
}

/// The themes a case has (marked), among all there are.
fn themes_text(t: &dyn Texts, current: &[Theme]) -> String {
    let mut out = String::new();
    for theme in Theme::ALL {
        let mark = if current.contains(&theme) { "✓" } else { " " };
        let _ = writeln!(out, "  {mark} {:<19} {}", theme.as_str(), t.theme(theme));
    }
    out
}

/// `priority NUMBER [--note TEXT]`, `priority NUMBER --clear`, `priority --list`.
pub fn priority(
    service: &dyn Session,
    t: &dyn Texts,
    municipality: Option<&str>,
    note: Option<&str>,
    clear: bool,
    output: &JsonFlag,
) -> Result<()> {
    let Some(municipality) = municipality else {
        let rows = service.priorities()?;
        print_either(
            output,
            || json!({ "priorities": rows }),
            || priorities_text(t, &rows),
        );
        return Ok(());
    };
    let command = if clear {
        service::Command::ClearPriority {
            municipality: municipality.to_string(),
        }
    } else {
        service::Command::FlagPriority {
            municipality: municipality.to_string(),
            note: note.map(text_arg).transpose()?,
        }
    };
    report(service, t, command, output)
}

fn priorities_text(t: &dyn Texts, rows: &[service::PriorityRow]) -> String {
    let l = t.labels();
    if rows.is_empty() {
        return format!("{}\n", l.no_priorities);
    }
    let mut table = Table::new(&[
        (l.municipalities, Align::Left),
        (l.reason, Align::Left),
        ("", Align::Left),
    ]);
    for row in rows {
        let name = row.name.as_deref().map(s).unwrap_or_default();
        let (note, who) = match &row.flag {
            Some(flag) => (
                flag.note.as_deref().map(s).unwrap_or_default(),
                format!("{} {}, {}", l.by, s(&flag.by), t.datetime(flag.at)),
            ),
            None => (String::new(), l.from_registry.to_string()),
        };
        table.row(vec![format!("{} {name}", s(&row.municipality)), note, who]);
    }
    table.render("")
}
