//! The life of a grant after its decision, one rule at a time.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::case::Decision;
use crate::domain::{Application, Request};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today(by: &str) -> Today<'_> {
    Today {
        act: Act {
            by,
            at: Utc.with_ymd_and_hms(2022, 6, 1, 9, 0, 0).unwrap(),
        },
        date: day(2022, 6, 1),
    }
}

fn granted_case(amounts: &[(&str, u64)]) -> Case {
    let application = Application {
        reference: "INN-1".into(),
        round: "innlandet-2022".into(),
        network: "innlandet-sor".into(),
        submitted: chrono::DateTime::parse_from_rfc3339("2021-07-30T13:45:00+02:00").unwrap(),
        title: "Basisopplæring".into(),
        lead_municipality: "3403".into(),
        municipalities: vec!["3403".into(), "3411".into()],
        contact: None,
        requests: amounts
            .iter()
            .map(|(pot, kr)| Request {
                pot: (*pot).into(),
                amount: Money::kroner(*kr),
            })
            .collect(),
        competence_partner: None,
        bufetat: None,
        project_leader_percent: None,
        period: None,
        summary: None,
        plan: None,
        budget: vec![],
    };
    let mut case = Case::new(
        application,
        Utc.with_ymd_and_hms(2021, 8, 1, 9, 0, 0).unwrap(),
    );
    case.decision = Some(Decision {
        outcome: Outcome::Approve,
        reason: "God plan".into(),
        proposed_by: "kari".into(),
        decided_by: "ola".into(),
        at: Utc.with_ymd_and_hms(2021, 9, 15, 9, 0, 0).unwrap(),
        amounts: amounts
            .iter()
            .map(|(pot, kr)| ((*pot).to_string(), Money::kroner(*kr)))
            .collect(),
    });
    case.state = CaseState::LetterSent;
    case
}

/// The whole life: two instalments, a report with money left, the claim, the money
/// back, and closing; every wrong step refused on the way.
#[test]
fn a_grant_from_payment_to_closing() {
    let mut case = granted_case(&[("egeninitiert", 300_000), ("fosterhjem", 150_000)]);
    let mut follow_up = FollowUp::default();
    let t = today("ola");
    assert!(matches!(
        close(&mut case, &follow_up, t),
        Err(Refusal::WrongStateForFollowUp { .. })
    ));
    pay(
        &mut case,
        &mut follow_up,
        t,
        Some(Money::kroner(200_000)),
        None,
    )
    .unwrap();
    assert_eq!(case.state, CaseState::LetterSent);
    assert!(matches!(
        pay(
            &mut case,
            &mut follow_up,
            t,
            Some(Money::kroner(300_000)),
            None
        ),
        Err(Refusal::OverGranted { .. })
    ));
    assert!(matches!(
        pay(&mut case, &mut follow_up, t, None, Some(day(2030, 1, 1))),
        Err(Refusal::DateInFuture { .. })
    ));
    assert!(matches!(
        pay(&mut case, &mut follow_up, t, None, Some(day(2021, 9, 1))),
        Err(Refusal::BeforeDecision { .. })
    ));
    pay(&mut case, &mut follow_up, t, None, Some(day(2022, 1, 10))).unwrap();
    assert_eq!(case.state, CaseState::Paid);
    assert_eq!(follow_up.paid(), Money::kroner(450_000));
    assert!(matches!(
        pay(&mut case, &mut follow_up, t, None, None),
        Err(Refusal::WrongStateForFollowUp { .. })
    ));
    assert!(matches!(
        report(
            &mut case,
            &mut follow_up,
            t,
            Money::kroner(500_000),
            None,
            None
        ),
        Err(Refusal::SpentOverGranted { .. })
    ));
    report(
        &mut case,
        &mut follow_up,
        t,
        Money::kroner(400_000),
        None,
        Some("Mindre reising"),
    )
    .unwrap();
    assert_eq!(case.state, CaseState::Reported);
    claim(&mut case, &mut follow_up, t, None, "Ubrukte midler").unwrap();
    assert_eq!(follow_up.claimed(), Money::kroner(50_000));
    assert!(matches!(
        close(&mut case, &follow_up, t),
        Err(Refusal::StillOwed { .. })
    ));
    assert!(matches!(
        repaid(&mut case, &mut follow_up, t, Money::kroner(60_000), None),
        Err(Refusal::OverOwed { .. })
    ));
    repaid(&mut case, &mut follow_up, t, Money::kroner(50_000), None).unwrap();
    close(&mut case, &follow_up, t).unwrap();
    assert_eq!(case.state, CaseState::Closed);
}

#[test]
fn claims_need_an_amount_before_the_report_and_stay_within_what_was_paid() {
    let mut case = granted_case(&[("egeninitiert", 300_000)]);
    let mut follow_up = FollowUp::default();
    let t = today("ola");
    assert!(matches!(
        claim(&mut case, &mut follow_up, t, None, "Misbruk"),
        Err(Refusal::ClaimNeedsAmount { .. })
    ));
    pay(
        &mut case,
        &mut follow_up,
        t,
        Some(Money::kroner(100_000)),
        None,
    )
    .unwrap();
    assert!(matches!(
        claim(
            &mut case,
            &mut follow_up,
            t,
            Some(Money::kroner(100_001)),
            "Misbruk"
        ),
        Err(Refusal::OverClaimable { .. })
    ));
    assert_eq!(
        claim(
            &mut case,
            &mut follow_up,
            t,
            Some(Money::kroner(100_000)),
            "  "
        ),
        Err(Refusal::ReasonRequired)
    );
    claim(
        &mut case,
        &mut follow_up,
        t,
        Some(Money::kroner(100_000)),
        "Misbruk",
    )
    .unwrap();
}

#[test]
fn an_extension_moves_the_use_by_date_forward_only() {
    let mut case = granted_case(&[("egeninitiert", 300_000)]);
    let mut follow_up = FollowUp::default();
    let t = today("ola");
    let round = Some(day(2022, 12, 31));
    assert!(matches!(
        extend(
            &mut case,
            &mut follow_up,
            t,
            round,
            day(2022, 6, 30),
            "Forsinket"
        ),
        Err(Refusal::NotLater { .. })
    ));
    extend(
        &mut case,
        &mut follow_up,
        t,
        round,
        day(2023, 6, 30),
        "Forsinket oppstart",
    )
    .unwrap();
    assert_eq!(follow_up.use_by(round), Some(day(2023, 6, 30)));
}

#[test]
fn amounts_split_over_pots_in_proportion_and_add_up() {
    let granted: BTreeMap<String, Money> = [
        ("a".to_string(), Money::kroner(100_000)),
        ("b".to_string(), Money::kroner(200_000)),
    ]
    .into_iter()
    .collect();
    let parts = split(Money::kroner(100_000), &granted);
    assert_eq!(parts["a"].plain(), "33333.33");
    assert_eq!(parts["b"].plain(), "66666.67");
    let sum: Money = parts.values().copied().sum();
    assert_eq!(sum, Money::kroner(100_000));
}
