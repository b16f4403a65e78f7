//! Plain output a person reads at a glance. All text from applications and the registry
//! goes through `safe_line`/`safe_block`: it never reaches the terminal raw.

use std::fmt::Write;

use super::table::{Align, Table};
use crate::domain::text::ellipsize as truncate;
use crate::domain::text::{safe_block, safe_line};
use crate::domain::{CaseState, CheckState, Event, Money, Verdict};
use crate::i18n::Texts;
use crate::service::{CaseRow, CaseView, RoundStatus};

fn s(text: &str) -> String {
    safe_line(text).into_owned()
}

fn yes_no(t: &dyn Texts, value: bool) -> &'static str {
    if value { t.labels().yes } else { t.labels().no }
}

pub fn status(t: &dyn Texts, rounds: &[RoundStatus]) -> String {
    let l = t.labels();
    if rounds.is_empty() {
        return format!("{}\n", l.no_rounds);
    }
    let mut out = String::new();
    for (i, status) in rounds.iter().enumerate() {
        let r = &status.round;
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} · {} {} · {} {} · {}: {} · {}: {}",
            s(&r.id),
            s(&r.county),
            r.year,
            l.deadline.to_lowercase(),
            t.date(r.deadline),
            l.four_eyes.to_lowercase(),
            yes_no(t, r.four_eyes),
            l.appeal_rights.to_lowercase(),
            yes_no(t, r.appeal_rights),
        );
        let mut table = Table::new(&[
            (l.pot, Align::Left),
            ("", Align::Left),
            (l.total, Align::Right),
            (l.granted, Align::Right),
            (l.provisional, Align::Right),
            (l.remaining, Align::Right),
        ]);
        // Granted and provisional apart: what is decided, and what only holds money
        // for cases still under review.
        for pot in &status.pots {
            table.row(vec![
                s(&pot.id),
                truncate(&s(&pot.name), 32),
                pot.total.to_string(),
                pot.granted.to_string(),
                pot.provisional.to_string(),
                pot.remaining.to_string(),
            ]);
        }
        out.push_str(&table.render("  "));
        let counts: Vec<(CaseState, u64)> = status.cases.iter().map(|(s, n)| (*s, *n)).collect();
        let _ = writeln!(out, "  {}: {}", l.cases, t.case_counts(&counts));
    }
    out
}

pub fn list(t: &dyn Texts, rows: &[CaseRow]) -> String {
    let l = t.labels();
    if rows.is_empty() {
        return format!("{}\n", l.no_cases);
    }
    let mut table = Table::new(&[
        (l.reference, Align::Left),
        (l.state, Align::Left),
        (l.network, Align::Left),
        (l.title, Align::Left),
        (l.requested, Align::Right),
        (l.allocated, Align::Right),
        (l.checks, Align::Left),
    ]);
    for row in rows {
        table.row(vec![
            s(&row.reference),
            t.state(row.state).to_string(),
            truncate(&s(&row.network), 20),
            truncate(&s(&row.title), 40),
            row.requested.to_string(),
            row.allocated.to_string(),
            t.check_summary(&row.checks),
        ]);
    }
    table.render("")
}

fn verdict_mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "✓",
        Verdict::NotMet => "✗",
        Verdict::Na => "–",
        Verdict::Unchecked => "?",
    }
}

fn check_line(t: &dyn Texts, state: &CheckState) -> String {
    let l = t.labels();
    let verdict = state.verdict();
    let mut detail = Vec::new();
    if let Some((computed, finding)) = &state.computed {
        let mut text = format!("{}: {}", l.automatic, s(&t.finding(finding)));
        if state.is_override() {
            text = format!("{} ({} {})", text, l.override_mark, t.verdict(*computed));
        }
        detail.push(text);
    }
    if let Some(record) = &state.recorded {
        let mut text = format!("{} {}, {}", l.by, s(&record.by), t.datetime(record.at));
        if let Some(note) = &record.note {
            let _ = write!(text, ": {}", s(note));
        }
        detail.push(text);
    }
    let mut text = format!(
        "  {} {:<10} {:<14} {}\n      {}\n",
        verdict_mark(verdict),
        state.id.as_str(),
        t.verdict(verdict),
        t.check(state.id),
        detail.join(" · ")
    )
    .replace("\n      \n", "\n");
    for pot in state.pots.iter().filter(|_| state.judged_per_pot()) {
        let verdict = state.pot_verdict(pot);
        let whose = match &pot.recorded {
            Some(record) => {
                let mut whose = format!("{} {}, {}", l.by, s(&record.by), t.datetime(record.at));
                if let Some(note) = &record.note {
                    let _ = write!(whose, ": {}", s(note));
                }
                whose
            }
            None => l.as_whole.to_string(),
        };
        let _ = writeln!(
            text,
            "      · {}: {} {} ({whose})",
            s(&pot.pot),
            verdict_mark(verdict),
            t.verdict(verdict)
        );
    }
    text
}

pub fn history_line(t: &dyn Texts, event: &Event) -> String {
    format!(
        "  {}  {:<10} {}\n",
        t.datetime(event.at),
        s(&event.by),
        s(&t.change(&event.change))
    )
}

pub fn show(t: &dyn Texts, view: &CaseView) -> String {
    let mut out = String::new();
    show_application(&mut out, t, view);
    show_review(&mut out, t, view);
    show_follow_up(&mut out, t, view);
    let _ = writeln!(out, "\n{}", t.labels().history);
    // A long history shows its latest events; `audit REF` (and `show --json`) has all.
    let skipped = view.history.len().saturating_sub(SHOWN_EVENTS as usize);
    let earlier = view.earlier_events + skipped;
    if earlier > 0 {
        let text = crate::domain::text::fill(
            t.labels().earlier_events,
            &[&earlier.to_string(), view.case.reference()],
        );
        let _ = writeln!(out, "{}", s(&text));
    }
    for event in &view.history[skipped..] {
        out.push_str(&history_line(t, event));
    }
    out
}

/// The events `show` lists at most: a case's latest work, a screen's worth.
pub const SHOWN_EVENTS: u32 = 50;

fn municipality_name(t: &dyn Texts, view: &CaseView, number: &str) -> String {
    view.municipalities
        .iter()
        .find(|(n, _)| n == number)
        .and_then(|(_, m)| m.as_ref())
        .map_or_else(
            || format!("{number} ({})", t.labels().unknown),
            |m| format!("{} ({number})", s(&m.name)),
        )
}

/// The application as the network sent it.
fn show_application(out: &mut String, t: &dyn Texts, view: &CaseView) {
    let l = t.labels();
    let case = &view.case;
    let app = &case.application;
    let _ = writeln!(out, "{} · {}", s(&app.reference), s(&app.title));
    let network = view.network.as_ref().map_or_else(
        || format!("{} ({})", s(&app.network), l.unknown),
        |n| format!("{} ({})", s(&n.name), s(&n.id)),
    );
    let _ = writeln!(
        out,
        "{}: {} · {}: {} · {}: {}",
        l.state,
        t.state(case.state),
        l.round,
        s(&app.round),
        l.network,
        network
    );
    let submitted = app.submitted.with_timezone(&chrono::Utc);
    let _ = writeln!(out, "{}: {}", l.submitted, t.datetime(submitted));
    let lead = municipality_name(t, view, &app.lead_municipality);
    let _ = writeln!(out, "{}: {lead}", l.lead_municipality);
    let municipalities: Vec<String> = view
        .municipalities
        .iter()
        .map(|(number, m)| {
            let name = municipality_name(t, view, number);
            if m.as_ref().is_some_and(|m| m.needs_quality_development) {
                format!("{name} ⚑ {}", l.needs_quality_development)
            } else {
                name
            }
        })
        .collect();
    let _ = writeln!(out, "{}: {}", l.municipalities, municipalities.join(", "));
    if let Some(contact) = &app.contact {
        let email = contact
            .email
            .as_deref()
            .map(|e| format!(" <{}>", s(e)))
            .unwrap_or_default();
        let phone = contact
            .phone
            .as_deref()
            .map(|p| format!(" {}", s(p)))
            .unwrap_or_default();
        let _ = writeln!(out, "{}: {}{email}{phone}", l.contact, s(&contact.name));
    }
    let partner = app
        .competence_partner
        .as_deref()
        .map_or_else(|| l.none.to_string(), s);
    let _ = writeln!(out, "{}: {partner}", l.competence_partner);
    if let Some(bufetat) = app.bufetat {
        let _ = writeln!(out, "{}: {}", l.bufetat, yes_no(t, bufetat));
    }
    if let Some(percent) = app.project_leader_percent {
        let _ = writeln!(out, "{}: {percent} %", l.project_leader);
    }
    if let Some(period) = app.period {
        let _ = writeln!(
            out,
            "{}: {}–{}",
            l.period,
            t.date(period.start),
            t.date(period.end)
        );
    }
    for (label, text) in [(l.summary, &app.summary), (l.plan, &app.plan)] {
        if let Some(text) = text {
            let _ = writeln!(out, "\n{label}");
            for line in safe_block(text).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if !app.budget.is_empty() {
        let _ = writeln!(out, "\n{}", l.budget);
        let mut table = Table::new(&[("", Align::Left), ("", Align::Right)]);
        for line in &app.budget {
            table.row(vec![s(&line.item), line.amount.to_string()]);
        }
        let total: Money = app.budget.iter().map(|b| b.amount).sum();
        table.row(vec![String::new(), total.to_string()]);
        let rendered = table.render("  ");
        // The first line holds the (empty) headers.
        out.push_str(rendered.split_once('\n').map_or("", |(_, rest)| rest));
    }
}

/// Checks, allocations, proposal, decision and conflicts.
fn show_review(out: &mut String, t: &dyn Texts, view: &CaseView) {
    let l = t.labels();
    let case = &view.case;
    let summary = t.check_summary(&crate::domain::CheckSummary::of(&view.checks));
    let _ = writeln!(out, "\n{} ({summary})", l.checks);
    for state in &view.checks {
        out.push_str(&check_line(t, state));
    }
    if !view.flags.is_empty() {
        let _ = writeln!(out, "\n{}", l.flags);
        for flag in &view.flags {
            let _ = writeln!(out, "  ! {}", t.flag(flag));
        }
    }
    if !view.themes.is_empty() {
        let names: Vec<&str> = view.themes.iter().map(|th| t.theme(*th)).collect();
        let _ = writeln!(out, "\n{}: {}", l.themes, names.join(", "));
    }
    let _ = writeln!(out, "\n{}", l.allocations);
    let mut table = Table::new(&[
        (l.pot, Align::Left),
        (l.requested, Align::Right),
        (l.allocated, Align::Right),
        (l.remaining_in_pot, Align::Right),
    ]);
    for request in &case.application.requests {
        let remaining = view
            .balances
            .iter()
            .find(|b| b.id == request.pot)
            .map(|b| b.remaining.to_string())
            .unwrap_or_default();
        let allocated = case.allocated(&request.pot).to_string();
        table.row(vec![
            s(&request.pot),
            request.amount.to_string(),
            allocated,
            remaining,
        ]);
    }
    out.push_str(&table.render("  "));
    match &case.proposal {
        Some(p) => {
            let _ = writeln!(
                out,
                "\n{} #{}: {} — {}, {}\n  {}",
                l.proposal,
                view.proposal_seq().unwrap_or_default(),
                t.outcome(p.outcome),
                s(&p.by),
                t.datetime(p.at),
                s(&p.reason)
            );
        }
        None => {
            let _ = writeln!(out, "\n{}: {}", l.proposal, l.none);
        }
    }
    match &case.decision {
        Some(d) => {
            let _ = writeln!(
                out,
                "{}: {} — {} {}, {} {}, {}\n  {}",
                l.decision,
                t.outcome(d.outcome),
                l.proposed_by,
                s(&d.proposed_by),
                l.decided_by,
                s(&d.decided_by),
                t.datetime(d.at),
                s(&d.reason)
            );
        }
        None => {
            let _ = writeln!(out, "{}: {}", l.decision, l.none);
        }
    }
    if !case.conflicts.is_empty() {
        let _ = writeln!(out, "{}:", l.conflicts);
        for c in &case.conflicts {
            let _ = writeln!(
                out,
                "  {} — {}: {}",
                s(&c.person),
                t.datetime(c.at),
                s(&c.reason)
            );
        }
    }
}

/// `conflict --list`: who has a standing tie with which municipality, and why.
pub fn ties(t: &dyn Texts, ties: &[crate::service::TieRow]) -> String {
    let l = t.labels();
    if ties.is_empty() {
        return format!("{}\n", l.no_ties);
    }
    let mut table = Table::new(&[
        (l.adviser, Align::Left),
        (l.municipalities, Align::Left),
        (l.reason, Align::Left),
        ("", Align::Left),
    ]);
    for tie in ties {
        let municipality = match &tie.name {
            Some(name) => format!("{} {}", tie.municipality, s(name)),
            None => tie.municipality.clone(),
        };
        table.row(vec![
            s(&tie.person),
            s(&municipality),
            truncate(&s(&tie.reason), 50),
            t.datetime(tie.at),
        ]);
    }
    table.render("")
}

/// Payments, the report, claims and repayments, and the use-by date, once decided.
fn show_follow_up(out: &mut String, t: &dyn Texts, view: &CaseView) {
    let lines = crate::output::follow_up_lines(t, view);
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", t.labels().follow_up);
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
}

/// `due`: what is due or overdue, by date.
pub fn due(t: &dyn Texts, items: &[crate::service::DueItem]) -> String {
    let l = t.labels();
    if items.is_empty() {
        return format!("{}\n", l.nothing_due);
    }
    let [when, what, amount] = l.due_columns;
    let mut table = Table::new(&[
        (when, Align::Left),
        (l.reference, Align::Left),
        (l.round, Align::Left),
        (what, Align::Left),
        (amount, Align::Right),
        ("", Align::Left),
    ]);
    for item in items {
        table.row(vec![
            t.date(item.date),
            s(&item.reference),
            s(&item.round),
            l.due_kinds[item.what as usize].to_string(),
            item.amount.map(|m| m.to_string()).unwrap_or_default(),
            if item.overdue {
                l.overdue.to_string()
            } else {
                String::new()
            },
        ]);
    }
    table.render("")
}
