//! Property tests of the service's invariants under random sequences of commands by
//! several advisers, refusals included: a pot's balance is always the sum of its cases'
//! allocations and never more than the pot; a refused command changes nothing; the
//! audit chain stays whole and the stored state is what the log says; nobody decides
//! their own proposal where four-eyes held when it was made. Several admins import
//! rounds (four-eyes on and off, pots larger and smaller) and replace applications
//! (amounts changed, moved to another round) between the review commands.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::{Command, ListFilter, Service};
use crate::domain::{Change, CheckId, Money, Outcome, Verdict};
use crate::import::Source;
use crate::store::Store;

const REFERENCES: [&str; 6] = [
    "INN-2022-001",
    "INN-2022-002",
    "INN-2022-003",
    "INN-2022-010",
    "INN-2022-012",
    "TRO-2019-001",
];
const POTS: [&str; 3] = ["egeninitiert", "fosterhjem", "ingen-slik"];
/// Every one an admin: the local file trusts whoever writes it, so the rules must hold
/// between admins too.
const ACTORS: [&str; 3] = ["kari", "ola", "per"];

/// Municipalities advisers tie themselves to: two in the fixtures' cases, one unknown.
const TIED: [&str; 3] = ["3403", "3411", "9999"];

fn command() -> impl Strategy<Value = Command> {
    let manual: Vec<CheckId> = CheckId::manual().collect();
    let reference = proptest::sample::select(&REFERENCES[..]).prop_map(str::to_string);
    let reason = proptest::sample::select(&["", "Godt begrunnet"][..]).prop_map(str::to_string);
    prop_oneof![
        4 => (reference.clone(), proptest::sample::select(&POTS[..]), 0u64..30)
            .prop_map(|(reference, pot, steps)| Command::Allocate {
                reference,
                pot: pot.to_string(),
                amount: Money::kroner(steps * 50_000),
            }),
        4 => (
            reference.clone(),
            proptest::sample::select(manual.clone()),
            proptest::sample::select(&Verdict::RECORDABLE[..]),
            proptest::option::of(proptest::sample::select(&POTS[..])),
        )
            .prop_map(|(reference, check, verdict, pot)| Command::RecordCheck {
                reference,
                check,
                verdict,
                note: None,
                pot: pot.map(str::to_string),
            }),
        2 => (reference.clone(), proptest::sample::select(&Outcome::ALL[..]), reason.clone())
            .prop_map(|(reference, outcome, reason)| Command::Propose {
                reference,
                outcome,
                reason,
            }),
        2 => reference.clone().prop_map(|reference| Command::Approve { reference, proposal: None }),
        1 => (reference.clone(), 1u64..120).prop_map(|(reference, seq)| Command::Approve {
            reference,
            proposal: Some(seq),
        }),
        3 => reference.clone().prop_map(|reference| Command::Undo { reference }),
        1 => (any::<bool>(), proptest::sample::select(&["500 000", "1 100 000", "3 000 000"][..]))
            .prop_map(|(four_eyes, total)| Command::ImportRounds {
                sources: vec![Source {
                    name: "innlandet-2022.toml".into(),
                    bytes: round_toml(four_eyes, total).into_bytes(),
                }],
            }),
        1 => (
            proptest::sample::select(&["innlandet-2022", "trondelag-2019"][..]),
            proptest::sample::select(&["100 000", "650 000", "900 000"][..]),
        )
            .prop_map(|(round, amount)| Command::ImportApplications {
                sources: vec![Source {
                    name: "replace.json".into(),
                    bytes: replacement_json(round, amount).into_bytes(),
                }],
                replace: true,
            }),
        1 => (reference.clone(), reason.clone())
            .prop_map(|(reference, reason)| Command::Reopen { reference, reason }),
        1 => (reference.clone(), reason.clone())
            .prop_map(|(reference, reason)| Command::DeclareConflict { reference, reason }),
        1 => reference.clone().prop_map(|reference| Command::WithdrawProposal { reference }),
        1 => (
            reference.clone(),
            proptest::sample::select(manual),
            proptest::option::of(proptest::sample::select(&POTS[..])),
        )
            .prop_map(|(reference, check, pot)| Command::ClearCheck {
                reference,
                check,
                pot: pot.map(str::to_string),
            }),
        1 => (proptest::sample::select(&TIED[..]), reason)
            .prop_map(|(municipality, reason)| Command::DeclareTie {
                municipality: municipality.to_string(),
                reason,
            }),
        1 => proptest::sample::select(&TIED[..]).prop_map(|municipality| Command::WithdrawTie {
            municipality: municipality.to_string(),
            reason: None,
        }),
        7 => follow_up_command(),
    ]
}

/// What follows a decision: letters sent, payments, reports, claims, repayments, closing.
fn follow_up_command() -> impl Strategy<Value = Command> {
    let reference = proptest::sample::select(&REFERENCES[..]).prop_map(str::to_string);
    prop_oneof![
        2 => (reference.clone(), proptest::option::of(0u64..12)).prop_map(|(reference, steps)| {
            Command::Pay {
                reference,
                amount: steps.map(|s| Money::kroner(s * 50_000)),
                date: None,
            }
        }),
        1 => (reference.clone(), 0u64..12).prop_map(|(reference, steps)| Command::Report {
            reference,
            spent: Money::kroner(steps * 50_000),
            received: None,
            note: None,
        }),
        1 => (reference.clone(), proptest::option::of(0u64..12)).prop_map(|(reference, steps)| {
            Command::Claim {
                reference,
                amount: steps.map(|s| Money::kroner(s * 25_000)),
                reason: "Ubrukt".into(),
            }
        }),
        1 => (reference.clone(), 0u64..12).prop_map(|(reference, steps)| Command::Repaid {
            reference,
            amount: Money::kroner(steps * 25_000),
            date: None,
        }),
        1 => reference.clone().prop_map(|reference| Command::Close { reference }),
        1 => proptest::sample::select(&["innlandet-2022", "trondelag-2019"][..]).prop_map(|round| {
            Command::MarkSent {
                round: round.to_string(),
                references: Vec::new(),
                date: None,
                journal: None,
            }
        }),
    ]
}

/// The Innlandet round with four-eyes and the first pot's total as given.
fn round_toml(four_eyes: bool, total: &str) -> String {
    format!(
        "id = \"innlandet-2022\"\ncounty = \"Innlandet\"\nyear = 2022\ndeadline = \"2021-08-01\"\n\
         funds_used_by = \"2022-12-31\"\nfour_eyes = {four_eyes}\nappeal_rights = false\n\
         [[pot]]\nid = \"egeninitiert\"\nname = \"Egeninitierte\"\ntotal = \"{total}\"\npartner_required = true\n\
         [[pot]]\nid = \"fosterhjem\"\nname = \"Fosterhjem\"\ntotal = \"2 300 000\"\npartner_required = false\n"
    )
}

/// INN-2022-003 in `round`, asking `amount` from the foster-home pot.
fn replacement_json(round: &str, amount: &str) -> String {
    format!(
        r#"{{"applications": [{{"reference": "INN-2022-003", "round": "{round}", "network": "innlandet-ost",
        "submitted": "2021-07-31T22:15:00+02:00", "title": "Rekruttering", "lead_municipality": "3401",
        "municipalities": ["3401", "3414"], "requests": [{{"pot": "fosterhjem", "amount": "{amount}"}}]}}]}}"#
    )
}

fn seeded() -> Service {
    // A clock that moves a second per reading, as a real one would between commands.
    let tick = std::sync::atomic::AtomicI64::new(0);
    let start = Utc.with_ymd_and_hms(2021, 9, 1, 9, 0, 0).unwrap();
    let service = Service::with_clock(Store::in_memory().unwrap(), move || {
        start + chrono::Duration::seconds(tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    });
    crate::demo::import_fixtures(&service).unwrap();
    service
}

/// Every pot's stored balance against the sum of its cases' allocations.
fn check_pots(service: &Service) -> Result<(), TestCaseError> {
    let mut sums: BTreeMap<(String, String), Money> = BTreeMap::new();
    let mut granted: BTreeMap<(String, String), Money> = BTreeMap::new();
    for row in service.list(&ListFilter::default()).unwrap() {
        let view = service.case(&row.reference).unwrap();
        let follow_up = &view.follow_up;
        let case_granted: Money = crate::domain::follow_up::granted(&view.case)
            .values()
            .copied()
            .sum();
        prop_assert!(
            follow_up.paid() <= case_granted,
            "{} paid past granted",
            row.reference
        );
        prop_assert!(
            follow_up.claimed() <= follow_up.paid(),
            "{} claimed past paid",
            row.reference
        );
        prop_assert!(
            follow_up.repaid() <= follow_up.claimed(),
            "{} repaid past claimed",
            row.reference
        );
        for (pot, amount) in &view.case.allocations {
            let key = (row.round.clone(), pot.clone());
            let sum = sums.entry(key.clone()).or_insert(Money::ZERO);
            *sum = sum.plus(*amount);
            if view.case.decision.is_some() {
                let sum = granted.entry(key).or_insert(Money::ZERO);
                *sum = sum.plus(*amount);
            }
        }
    }
    for round in service.status(None).unwrap() {
        let mut cases = 0;
        for count in round.cases.values() {
            cases += count;
        }
        let listed = service
            .list(&ListFilter {
                round: Some(round.round.id.clone()),
                ..ListFilter::default()
            })
            .unwrap();
        prop_assert_eq!(
            cases,
            listed.len() as u64,
            "state counts of {}",
            round.round.id
        );
        for pot in round.pots {
            let sum = sums
                .get(&(round.round.id.clone(), pot.id.clone()))
                .copied()
                .unwrap_or(Money::ZERO);
            prop_assert_eq!(pot.allocated, sum, "{} {}", round.round.id, pot.id);
            prop_assert!(pot.allocated <= pot.total, "{} overdrawn", pot.id);
            prop_assert_eq!(pot.remaining, pot.total.minus(pot.allocated));
            let decided = granted
                .get(&(round.round.id.clone(), pot.id.clone()))
                .copied()
                .unwrap_or(Money::ZERO);
            prop_assert_eq!(pot.granted, decided, "granted {}", pot.id);
            prop_assert_eq!(pot.granted.plus(pot.provisional), pot.allocated);
            prop_assert!(pot.paid <= pot.granted, "{} paid past granted", pot.id);
            prop_assert!(pot.repaid <= pot.claimed, "{} repaid past claimed", pot.id);
            prop_assert!(pot.claimed <= pot.paid, "{} claimed past paid", pot.id);
        }
    }
    Ok(())
}

/// No change to a case by someone who, at the time, had a standing tie with one of its
/// municipalities, read from the log alone.
fn check_ties(service: &Service) -> Result<(), TestCaseError> {
    let mut ties = std::collections::BTreeSet::<(String, String)>::new();
    for event in service.audit(None).unwrap() {
        match &event.change {
            Change::TieDeclared { municipality, .. } => {
                ties.insert((event.by.clone(), municipality.clone()));
            }
            Change::TieWithdrawn { municipality, .. } => {
                ties.remove(&(event.by.clone(), municipality.clone()));
            }
            // Imports replace applications for everyone; no one works on the case. Declaring
            // a conflict in a case steps back from it, which a tie never bars.
            Change::Imported { .. } | Change::Received { .. } | Change::ConflictDeclared { .. } => {
            }
            _ => {
                let Some(reference) = &event.case else {
                    continue;
                };
                let application = service.case(reference).unwrap().case.application;
                for municipality in application.all_municipalities() {
                    prop_assert!(
                        !ties.contains(&(event.by.clone(), municipality.to_string())),
                        "{} changed {} while tied to {}",
                        event.by,
                        reference,
                        municipality
                    );
                }
            }
        }
    }
    Ok(())
}

/// No decision by its own proposer where the round required four-eyes when the
/// proposal was made, read from the log alone.
fn check_four_eyes(service: &Service) -> Result<(), TestCaseError> {
    let mut four_eyes: BTreeMap<String, bool> = BTreeMap::new();
    let mut proposed_under: BTreeMap<String, bool> = BTreeMap::new();
    let rounds: BTreeMap<String, String> = service
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|row| (row.reference, row.round))
        .collect();
    for round in service.rounds().unwrap() {
        four_eyes.entry(round.id.clone()).or_insert(round.four_eyes);
    }
    let events = service.audit(None).unwrap();
    // The fixtures' rounds as first imported.
    for event in &events {
        if let Change::RoundChanged {
            before: None,
            after,
        } = &event.change
        {
            four_eyes.insert(after.id.clone(), after.four_eyes);
        }
    }
    for event in &events {
        let case = event.case.clone().unwrap_or_default();
        let round = rounds.get(&case).cloned().unwrap_or_default();
        match &event.change {
            Change::RoundChanged { after, .. } => {
                four_eyes.insert(after.id.clone(), after.four_eyes);
            }
            Change::Proposed { .. } => {
                let required = four_eyes.get(&round).copied().unwrap_or(true);
                proposed_under.insert(case, required);
            }
            Change::Decided { decision } if decision.proposed_by == decision.decided_by => {
                prop_assert!(
                    !proposed_under.get(&case).copied().unwrap_or(true),
                    "{} decided by its own proposer {} under four-eyes",
                    case,
                    decision.decided_by
                );
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn pots_and_the_audit_chain_hold_under_any_commands(
        steps in proptest::collection::vec(
            (proptest::sample::select(&ACTORS[..]), command()),
            1..40,
        )
    ) {
        let service = seeded();
        for (actor, command) in steps {
            let (events, changes) = (service.last_event().unwrap(), service.changes().unwrap());
            if let Ok(receipt) = service.execute(actor, command.clone()) {
                let last = service.last_event().unwrap();
                prop_assert_eq!(last, events + receipt.recorded());
            } else {
                // Refused: nothing stored, not even a bump of the change counter.
                prop_assert_eq!(service.last_event().unwrap(), events, "{:?}", command);
                prop_assert_eq!(service.changes().unwrap(), changes, "{:?}", command);
            }
            check_pots(&service)?;
            let report = service.verify_audit(None).unwrap();
            prop_assert!(report.broken.is_none(), "{:?}", report.broken);
            prop_assert!(report.mismatch.is_none(), "after {:?}: {:?}", command, report.mismatch);
            prop_assert_eq!(report.events, service.last_event().unwrap());
        }
        check_four_eyes(&service)?;
        check_ties(&service)?;
    }
}
