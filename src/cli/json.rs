//! The JSON documents of the interface contract. Fields may be added, never renamed.

use serde_json::{Map, Value, json};

use crate::domain::{CaseState, CheckState, Event};
use crate::i18n::Texts;
use crate::service::{CaseRow, CaseView, LookupMatch, PersonEntry, RoundStatus};

pub fn round_status(status: &RoundStatus) -> Value {
    let cases: Map<String, Value> = CaseState::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                json!(status.cases.get(s).copied().unwrap_or(0)),
            )
        })
        .collect();
    json!({
        "round": status.round.id,
        "county": status.round.county,
        "year": status.round.year,
        "deadline": status.round.deadline,
        "pots": status.pots.iter().map(|p| json!({
            "id": p.id,
            "name": p.name,
            "total": p.total,
            "allocated": p.allocated,
            "remaining": p.remaining,
            "granted": p.granted,
            "provisional": p.provisional,
            "paid": p.paid,
            "spent": p.spent,
            "claimed": p.claimed,
            "repaid": p.repaid,
        })).collect::<Vec<_>>(),
        "cases": cases,
        "networks": status.networks.iter().map(|n| json!({
            "id": n.id,
            "name": n.name,
            "cases": n.cases,
            "requested": n.requested,
            "allocated": n.allocated,
        })).collect::<Vec<_>>(),
    })
}

pub fn status(rounds: &[RoundStatus], one: bool) -> Value {
    match (one, rounds) {
        (true, [status]) => round_status(status),
        _ => json!({ "rounds": rounds.iter().map(round_status).collect::<Vec<_>>() }),
    }
}

/// One case of `list --json`.
#[derive(serde::Serialize)]
struct ListRow<'a> {
    reference: &'a str,
    round: &'a str,
    network: &'a str,
    title: &'a str,
    state: crate::domain::CaseState,
    requested: crate::domain::Money,
    allocated: crate::domain::Money,
    checks: crate::domain::CheckSummary,
}

/// `list --json`: `{"cases": [...]}`, each case written as it is read, one a line, so a
/// list of any length takes constant memory.
pub fn stream_list(
    service: &dyn crate::service::Session,
    filter: &crate::service::ListFilter,
) -> crate::error::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    // A closed pipe (`| head`) ends the output quietly: the write errors are ignored.
    // The opening is written with the first case: a refusal before it prints nothing.
    let mut first = true;
    let mut line = Vec::with_capacity(512);
    service.list_each(filter, &mut |r: CaseRow| {
        let row = ListRow {
            reference: &r.reference,
            round: &r.round,
            network: &r.network,
            title: &r.title,
            state: r.state,
            requested: r.requested,
            allocated: r.allocated,
            checks: r.checks,
        };
        let _ = out.write_all(if first { b"{\"cases\": [\n" } else { b",\n" });
        first = false;
        // As `emit_json` does for every other JSON: nothing that could steer a terminal.
        line.clear();
        let _ = serde_json::to_writer(&mut line, &row);
        let text = String::from_utf8_lossy(&line);
        let _ = out.write_all(crate::domain::text::safe_block(&text).as_bytes());
        Ok(())
    })?;
    let _ = out.write_all(if first { b"{\"cases\": [" } else { b"\n" });
    let _ = out.write_all(b"]}\n");
    let _ = out.flush();
    Ok(())
}

pub fn event(t: &dyn Texts, event: &Event) -> Value {
    // The change serializes as `{"allocated": {...}}`: flatten it under "action".
    let fields = match serde_json::to_value(&event.change) {
        Ok(Value::Object(outer)) => outer.into_iter().next().map(|(_, v)| v),
        _ => None,
    };
    let mut map = match fields {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    map.insert("action".into(), json!(event.change.action()));
    map.insert("seq".into(), json!(event.seq));
    map.insert("at".into(), json!(event.at));
    map.insert("by".into(), json!(event.by));
    map.insert("case".into(), json!(event.case));
    map.insert("description".into(), json!(t.change(&event.change)));
    Value::Object(map)
}

fn check(t: &dyn Texts, state: &CheckState) -> Value {
    let source = match (&state.recorded, &state.computed) {
        (Some(_), Some(_)) => "override",
        (None, Some(_)) => "automatic",
        (Some(_) | None, None) => "manual",
    };
    let recorded = state.recorded.as_ref();
    json!({
        "verdict": state.verdict(),
        "note": recorded.and_then(|r| r.note.clone()),
        "by": recorded.map(|r| r.by.clone()),
        "at": recorded.map(|r| r.at),
        "source": source,
        "automatic": state.computed.as_ref().map(|(v, _)| *v),
        "finding": state.computed.as_ref().map(|(_, f)| t.finding(f)),
        "passes": state.verdict().passes(),
        "pots": pots(state),
    })
}

/// Each requested pot's verdict on a check judged per pot; `null` for other checks.
fn pots(state: &CheckState) -> Value {
    if state.pots.is_empty() {
        return Value::Null;
    }
    let pots: serde_json::Map<String, Value> = state
        .pots
        .iter()
        .map(|pot| {
            let own = pot.recorded.as_ref();
            let value = json!({
                "verdict": state.pot_verdict(pot),
                "own": own.is_some(),
                "note": own.and_then(|r| r.note.clone()),
                "by": own.map(|r| r.by.clone()),
                "at": own.map(|r| r.at),
            });
            (pot.pot.clone(), value)
        })
        .collect();
    Value::Object(pots)
}

/// What followed the decision, in `show --json`.
fn follow_up(view: &CaseView) -> Value {
    let follow_up = &view.follow_up;
    json!({
        "use_by": view.use_by,
        "payments": follow_up.payments.iter().map(|p| json!({"amount": p.amount, "date": p.date, "by": p.by})).collect::<Vec<_>>(),
        "report": follow_up.report.as_ref().map(|r| json!({"spent": r.spent, "received": r.received, "note": r.note, "by": r.by})),
        "claims": follow_up.claims.iter().map(|c| json!({"amount": c.amount, "reason": c.reason, "by": c.by, "at": c.at})).collect::<Vec<_>>(),
        "repaid": follow_up.repaid(),
        "extension": follow_up.extension.as_ref().map(|e| json!({"until": e.until, "reason": e.reason, "by": e.by, "at": e.at})),
    })
}

pub fn show(t: &dyn Texts, view: &CaseView) -> Value {
    let case = &view.case;
    let app = &case.application;
    let checks: Map<String, Value> = view
        .checks
        .iter()
        .map(|c| (c.id.as_str().to_string(), check(t, c)))
        .collect();
    let allocations: Map<String, Value> = case
        .allocations
        .iter()
        .map(|(p, m)| (p.clone(), json!(m)))
        .collect();
    let failing: Vec<&str> = view
        .checks
        .iter()
        .filter(|c| !c.verdict().passes())
        .map(|c| c.id.as_str())
        .collect();
    let mut shown = json!({
        "reference": app.reference,
        "round": app.round,
        "network": app.network,
        "title": app.title,
        "state": case.state,
        "submitted": app.submitted,
        "lead_municipality": app.lead_municipality,
        "municipalities": view.municipalities.iter().map(|(n, m)| json!({
            "number": n,
            "name": m.as_ref().map(|m| m.name.clone()),
            "needs_quality_development": m.as_ref().is_some_and(|m| m.needs_quality_development),
        })).collect::<Vec<_>>(),
        "contact": app.contact.as_ref().map(|c| json!({"name": c.name, "email": c.email, "phone": c.phone})),
        "competence_partner": app.competence_partner,
        "bufetat": app.bufetat,
        "project_leader_percent": app.project_leader_percent,
        "period": app.period.map(|p| json!({"start": p.start, "end": p.end})),
        "summary": app.summary,
        "plan": app.plan,
        "budget": app.budget.iter().map(|b| json!({"item": b.item, "amount": b.amount})).collect::<Vec<_>>(),
        "requests": app.requests.iter().map(|r| json!({"pot": r.pot, "amount": r.amount})).collect::<Vec<_>>(),
        "checks": checks,
        "flags": view
            .flags
            .iter()
            .map(|f| {
                // {"flag": "period-past-use-by", "period_end": …, "text": "…"}
                let mut flag = json!(f);
                flag["text"] = json!(t.flag(f));
                flag
            })
            .collect::<Vec<_>>(),
        "checks_unmet": failing,
        "themes": view.themes,
        "allocations": allocations,
        "allocated": case.allocated_total(),
        "requested": app.requested_total(),
        "pots": view.balances.iter().map(|b| json!({
            "id": b.id, "name": b.name, "total": b.total, "allocated": b.allocated, "remaining": b.remaining,
        })).collect::<Vec<_>>(),
        "proposal": case.proposal.as_ref().map(|p| json!({
            "outcome": p.outcome, "reason": p.reason, "by": p.by, "at": p.at, "amounts": p.amounts,
            "seq": view.proposal_seq(),
        })),
        "decision": case.decision.as_ref().map(|d| json!({
            "outcome": d.outcome, "reason": d.reason, "proposed_by": d.proposed_by,
            "decided_by": d.decided_by, "at": d.at, "amounts": d.amounts,
        })),
        "conflicts": case.conflicts.iter().map(|c| json!({"person": c.person, "reason": c.reason, "at": c.at})).collect::<Vec<_>>(),
        "revision": case.revision,
        "archive_reference": view.details.archive_reference,
        "applicant_reference": view.details.applicant_reference,
        "payee": view.details.payee,
        "history": view.history.iter().map(|e| event(t, e)).collect::<Vec<_>>(),
    });
    if let (Some(shown), Value::Object(after)) = (shown.as_object_mut(), follow_up(view)) {
        shown.extend(after);
    }
    shown
}

fn person(p: &PersonEntry) -> Value {
    let mut value = json!({
        "name": p.name,
        "municipality": p.municipality.as_ref().map(|m| m.number.clone()),
        "municipality_name": p.municipality.as_ref().map(|m| m.name.clone()),
        "roles": p.roles,
        "networks": p.networks,
    });
    if let (Some(email), Value::Object(map)) = (&p.email, &mut value) {
        map.insert("email".into(), json!(email));
    }
    value
}

pub fn lookup(matches: &[LookupMatch]) -> Value {
    let items: Vec<Value> = matches
        .iter()
        .map(|m| match m {
            LookupMatch::Person(p) => {
                let mut value = person(p);
                if let Value::Object(map) = &mut value {
                    map.insert("kind".into(), json!("person"));
                }
                value
            }
            LookupMatch::Municipality {
                coordinators,
                people,
                ..
            } => {
                let mut value = serde_json::to_value(m).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut value {
                    map.insert(
                        "coordinators".into(),
                        coordinators.iter().map(person).collect(),
                    );
                    map.insert("people".into(), people.iter().map(person).collect());
                }
                value
            }
            LookupMatch::Network { people, .. } => {
                let mut value = serde_json::to_value(m).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut value {
                    map.insert("people".into(), people.iter().map(person).collect());
                }
                value
            }
        })
        .collect();
    json!({ "matches": items })
}

/// What a command did, for `--json` on commands that change things.
pub fn receipt(t: &dyn Texts, events: &[Event]) -> Value {
    json!({ "changed": !events.is_empty(), "events": events.iter().map(|e| event(t, e)).collect::<Vec<_>>() })
}
