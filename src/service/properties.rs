//! Property tests of the service's invariants under random sequences of commands by
//! several advisers, refusals included: a pot's balance is always the sum of its cases'
//! allocations and never more than the pot; a refused command changes nothing; the
//! audit chain stays whole.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::{Command, ListFilter, Service};
use crate::domain::{CheckId, Money, Outcome, Verdict};
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
const ACTORS: [&str; 3] = ["kari", "ola", "per"];

fn command() -> impl Strategy<Value = Command> {
    let manual: Vec<CheckId> = CheckId::manual().collect();
    let reference = proptest::sample::select(&REFERENCES[..]).prop_map(str::to_string);
    let reason = proptest::sample::select(&["", "Godt begrunnet"][..]).prop_map(str::to_string);
    prop_oneof![
        4 => (reference.clone(), proptest::sample::select(&POTS[..]), 0i64..30)
            .prop_map(|(reference, pot, steps)| Command::Allocate {
                reference,
                pot: pot.to_string(),
                amount: Money::kroner(steps * 50_000),
            }),
        4 => (
            reference.clone(),
            proptest::sample::select(manual.clone()),
            proptest::sample::select(&Verdict::RECORDABLE[..]),
        )
            .prop_map(|(reference, check, verdict)| Command::RecordCheck {
                reference,
                check,
                verdict,
                note: None,
            }),
        2 => (reference.clone(), proptest::sample::select(&Outcome::ALL[..]), reason.clone())
            .prop_map(|(reference, outcome, reason)| Command::Propose {
                reference,
                outcome,
                reason,
            }),
        2 => reference.clone().prop_map(|reference| Command::Approve { reference }),
        1 => (reference.clone(), reason.clone())
            .prop_map(|(reference, reason)| Command::Reopen { reference, reason }),
        1 => (reference.clone(), reason)
            .prop_map(|(reference, reason)| Command::DeclareConflict { reference, reason }),
        1 => reference.clone().prop_map(|reference| Command::WithdrawProposal { reference }),
        1 => (reference, proptest::sample::select(manual))
            .prop_map(|(reference, check)| Command::ClearCheck { reference, check }),
    ]
}

fn seeded() -> Service {
    let service = Service::with_clock(Store::in_memory().unwrap(), || {
        Utc.with_ymd_and_hms(2021, 9, 1, 9, 0, 0).unwrap()
    });
    crate::demo::import_fixtures(&service).unwrap();
    service
}

/// Every pot's stored balance against the sum of its cases' allocations.
fn check_pots(service: &Service) -> Result<(), TestCaseError> {
    let mut sums: BTreeMap<(String, String), Money> = BTreeMap::new();
    for row in service.list(&ListFilter::default()).unwrap() {
        let view = service.case(&row.reference).unwrap();
        for (pot, amount) in &view.case.allocations {
            let sum = sums
                .entry((row.round.clone(), pot.clone()))
                .or_insert(Money::ZERO);
            *sum = sum.plus(*amount);
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
                prop_assert_eq!(last, events + receipt.events.len() as u64);
            } else {
                // Refused: nothing stored, not even a bump of the change counter.
                prop_assert_eq!(service.last_event().unwrap(), events, "{:?}", command);
                prop_assert_eq!(service.changes().unwrap(), changes, "{:?}", command);
            }
            check_pots(&service)?;
        }
        let report = service.verify_audit().unwrap();
        prop_assert!(report.broken.is_none(), "{:?}", report.broken);
        prop_assert_eq!(report.events, service.last_event().unwrap());
    }
}
