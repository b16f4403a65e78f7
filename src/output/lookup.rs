//! A registry lookup as text: the same lines on the command line and in the review
//! screen's lookup popup.

use std::fmt::Write;

use crate::domain::text::safe_line;
use crate::i18n::Texts;
use crate::service::{LookupMatch, PersonEntry};

/// Untrusted text, safe for a terminal.
fn s(text: &str) -> String {
    safe_line(text).into_owned()
}

fn person_line(t: &dyn Texts, p: &PersonEntry, with_networks: bool) -> String {
    let l = t.labels();
    let mut parts = vec![s(&p.name)];
    if let Some(m) = &p.municipality {
        parts.push(format!("{} ({})", s(&m.name), s(&m.number)));
    }
    if !p.roles.is_empty() {
        parts.push(
            p.roles
                .iter()
                .map(|r| t.role(*r))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if with_networks {
        parts.push(format!(
            "{}: {}",
            l.networks.to_lowercase(),
            p.networks
                .iter()
                .map(|n| s(n))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    parts.push(
        p.email
            .as_deref()
            .map_or_else(|| l.email_not_shared.to_string(), s),
    );
    parts.join(" · ")
}

fn grants_lines(out: &mut String, heading: &str, grants: &[crate::service::Grant]) {
    if !grants.is_empty() {
        let _ = writeln!(out, "  {heading}:");
    }
    for g in grants {
        let amounts: Vec<String> = g
            .amounts
            .iter()
            .map(|(pot, m)| format!("{} {m}", s(pot)))
            .collect();
        let project = g
            .reference
            .as_deref()
            .map(|r| format!(" {}", s(r)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    {}{project} ({}): {}",
            s(&g.round),
            s(&g.network),
            amounts.join(", ")
        );
    }
}

pub fn lookup(t: &dyn Texts, matches: &[LookupMatch]) -> String {
    let mut out = String::new();
    for (i, m) in matches.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match m {
            LookupMatch::Municipality { .. } => lookup_municipality(&mut out, t, m),
            LookupMatch::Network { .. } => lookup_network(&mut out, t, m),
            LookupMatch::Person(p) => {
                let _ = writeln!(out, "{}", person_line(t, p, true));
            }
        }
    }
    out
}

/// A network's or a municipality's rounds, one line each.
pub fn history_lines(out: &mut String, t: &dyn Texts, history: &[crate::service::RoundFigures]) {
    if history.is_empty() {
        return;
    }
    let l = t.labels();
    let _ = writeln!(out, "  {}:", l.rounds_history);
    for line in history {
        let _ = writeln!(out, "    {}", figures_line(t, line));
    }
}

/// "2022 innlandet-2022: 3 søknader, søkt 1 200 000 kr, innvilget 800 000 kr".
pub fn figures_line(t: &dyn Texts, f: &crate::service::RoundFigures) -> String {
    let l = t.labels();
    let word = l.applications[usize::from(f.applications != 1)];
    format!(
        "{} {}: {} {word}, {} {}, {} {}",
        f.year,
        s(&f.round),
        f.applications,
        l.requested.to_lowercase(),
        f.requested,
        l.granted.to_lowercase(),
        f.granted
    )
}

fn people_lines(out: &mut String, t: &dyn Texts, label: &str, people: &[PersonEntry]) {
    if !people.is_empty() {
        let _ = writeln!(out, "  {label}:");
        for p in people {
            let _ = writeln!(out, "    {}", person_line(t, p, false));
        }
    }
}

fn lookup_municipality(out: &mut String, t: &dyn Texts, m: &LookupMatch) {
    let LookupMatch::Municipality {
        number,
        name,
        county,
        former_names,
        matched_former_name,
        needs_quality_development,
        memberships,
        coordinators,
        people,
        grants,
        network_grants,
        history,
        ..
    } = m
    else {
        return;
    };
    let l = t.labels();
    let mut head = format!("{} ({}) · {}", s(name), s(number), s(county));
    if !former_names.is_empty() {
        let names: Vec<String> = former_names.iter().map(|n| s(n)).collect();
        let _ = write!(head, " · {} {}", l.former_names, names.join(", "));
    }
    if let Some(former) = matched_former_name {
        let _ = write!(head, " · {} «{}»", l.matched, s(former));
    }
    if *needs_quality_development {
        let _ = write!(head, " · ⚑ {}", l.needs_quality_development);
    }
    let _ = writeln!(out, "{head}");
    if memberships.is_empty() {
        let _ = writeln!(out, "  {}: {}", l.networks, l.none);
    }
    for n in memberships {
        let steering = if n.steering_group {
            format!(" · {}", l.steering_group)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {}: {} ({}){steering}",
            l.network,
            s(&n.name),
            s(&n.id)
        );
    }
    people_lines(out, t, l.coordinators, coordinators);
    people_lines(out, t, l.people, people);
    grants_lines(out, l.municipality_grants, grants);
    grants_lines(out, l.network_grants, network_grants);
    history_lines(out, t, history);
}

fn lookup_network(out: &mut String, t: &dyn Texts, m: &LookupMatch) {
    let LookupMatch::Network {
        id,
        name,
        county,
        members,
        steering_group,
        people,
        grants,
        history,
    } = m
    else {
        return;
    };
    let l = t.labels();
    let names = |list: &[crate::service::MunicipalityRef]| {
        list.iter()
            .map(|m| format!("{} ({})", s(&m.name), s(&m.number)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "{} ({}) · {}", s(name), s(id), s(county));
    let _ = writeln!(out, "  {}: {}", l.members, names(members));
    if !steering_group.is_empty() {
        let _ = writeln!(
            out,
            "  {}: {}",
            l.steering_group_heading,
            names(steering_group)
        );
    }
    people_lines(out, t, l.people, people);
    grants_lines(out, t.labels().grants, grants);
    history_lines(out, t, history);
}
