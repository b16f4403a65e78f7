//! The rules of a case, one invariant at a time.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;

fn round() -> Round {
    Round {
        id: "innlandet-2022".into(),
        county: "Innlandet".into(),
        year: 2022,
        deadline: NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(),
        funds_used_by: None,
        four_eyes: true,
        appeal_rights: false,
        pots: vec![
            Pot {
                id: "egeninitiert".into(),
                name: "Egeninitierte".into(),
                name_nn: Some("Eigeninitierte utviklingsprosjekt".into()),
                total: Money::kroner(1_100_000),
                partner_required: true,
            },
            Pot {
                id: "fosterhjem".into(),
                name: "Fosterhjem".into(),
                name_nn: Some("Utviklingsprosjekt på fosterheimsområdet".into()),
                total: Money::kroner(2_300_000),
                partner_required: false,
            },
        ],
    }
}

fn network() -> Network {
    Network {
        id: "innlandet-sor".into(),
        name: "Sør".into(),
        county: "Innlandet".into(),
        members: vec!["3403".into(), "3411".into(), "3412".into()],
        steering_group: vec![],
        people: vec![],
    }
}

fn application(submitted: &str) -> Application {
    Application {
        reference: "INN-1".into(),
        round: "innlandet-2022".into(),
        network: "innlandet-sor".into(),
        submitted: DateTime::parse_from_rfc3339(submitted).unwrap(),
        title: "Basisopplæring".into(),
        lead_municipality: "3403".into(),
        municipalities: vec!["3403".into(), "3411".into()],
        contact: None,
        requests: vec![Request {
            pot: "egeninitiert".into(),
            amount: Money::kroner(450_000),
        }],
        competence_partner: Some("Høgskolen i Innlandet".into()),
        bufetat: None,
        project_leader_percent: None,
        period: None,
        summary: None,
        plan: None,
        budget: vec![],
    }
}

fn case() -> Case {
    Case::new(application("2021-07-30T13:45:00+02:00"), at())
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 8, 10, 9, 0, 0).unwrap()
}

fn act(by: &str) -> Act<'_> {
    Act { by, at: at() }
}

/// The setting of checks in a one-county round.
fn setting<'a>(round: &'a Round, network: Option<&'a Network>) -> Setting<'a> {
    Setting {
        round,
        counties: std::slice::from_ref(&round.county),
        network,
    }
}

fn verdict(case: &Case, check: CheckId, network: Option<&Network>) -> Verdict {
    case.check_states(setting(&round(), network))
        .into_iter()
        .find(|s| s.id == check)
        .unwrap()
        .verdict()
}

fn mark_manual_checks(case: &mut Case) {
    for check in [
        CheckId::Plan,
        CheckId::Anchoring,
        CheckId::Form,
        CheckId::Purpose,
        CheckId::Costs,
    ] {
        case.record_check(act("kari"), check, Verdict::Met, None)
            .unwrap();
    }
}

#[test]
fn deadline_is_the_end_of_the_day_in_norway() {
    let in_time = Case::new(application("2021-08-01T23:59:00+02:00"), at());
    assert_eq!(verdict(&in_time, CheckId::Deadline, None), Verdict::Met);
    let late = Case::new(application("2021-08-02T00:00:00+02:00"), at());
    assert_eq!(verdict(&late, CheckId::Deadline, None), Verdict::NotMet);
    let late_utc = Case::new(application("2021-08-01T22:30:00+00:00"), at());
    assert_eq!(verdict(&late_utc, CheckId::Deadline, None), Verdict::NotMet);
}

#[test]
fn network_and_members_checks() {
    let case = case();
    assert_eq!(
        verdict(&case, CheckId::Network, Some(&network())),
        Verdict::Met
    );
    assert_eq!(verdict(&case, CheckId::Network, None), Verdict::NotMet);
    let mut elsewhere = network();
    elsewhere.county = "Vestland".into();
    assert_eq!(
        verdict(&case, CheckId::Network, Some(&elsewhere)),
        Verdict::NotMet
    );
    assert_eq!(
        verdict(&case, CheckId::Members, Some(&network())),
        Verdict::Met
    );
    let mut outsider = case.clone();
    outsider.application.municipalities.push("4601".into());
    assert_eq!(
        verdict(&outsider, CheckId::Members, Some(&network())),
        Verdict::NotMet
    );
}

#[test]
fn amount_and_partner_checks() {
    let mut case = case();
    assert_eq!(verdict(&case, CheckId::Amount, None), Verdict::Met);
    assert_eq!(verdict(&case, CheckId::Partner, None), Verdict::Met);
    case.application.requests[0].amount = Money::kroner(1_100_001);
    assert_eq!(verdict(&case, CheckId::Amount, None), Verdict::NotMet);
    case.application.requests[0].amount = Money::ZERO;
    assert_eq!(verdict(&case, CheckId::Amount, None), Verdict::NotMet);
    case.application.competence_partner = None;
    assert_eq!(verdict(&case, CheckId::Partner, None), Verdict::NotMet);
    case.application.requests[0].pot = "fosterhjem".into();
    assert_eq!(verdict(&case, CheckId::Partner, None), Verdict::Na);
    assert_eq!(verdict(&case, CheckId::Plan, None), Verdict::Unchecked);
}

#[test]
fn overriding_an_automatic_check_needs_a_note() {
    let mut case = case();
    let refused = case.record_check(act("kari"), CheckId::Deadline, Verdict::Met, None);
    assert_eq!(
        refused,
        Err(Refusal::OverrideNeedsNote {
            check: CheckId::Deadline
        })
    );
    let changes = case
        .record_check(
            act("kari"),
            CheckId::Deadline,
            Verdict::Met,
            Some("Sent by post in time"),
        )
        .unwrap();
    assert!(matches!(changes.last(), Some(Change::CheckRecorded { .. })));
    assert_eq!(case.state, CaseState::UnderReview);
}

#[test]
fn allocation_is_at_most_requested_and_remaining() {
    let round = round();
    let pot = &round.pots[0];
    let mut case = case();
    let over = case.allocate(act("kari"), pot, Money::kroner(450_001), Money::ZERO);
    assert!(matches!(over, Err(Refusal::OverRequested { .. })));
    let overdrawn = case.allocate(
        act("kari"),
        pot,
        Money::kroner(400_000),
        Money::kroner(800_000),
    );
    assert!(matches!(overdrawn, Err(Refusal::PotOverdrawn { .. })));
    case.allocate(
        act("kari"),
        pot,
        Money::kroner(300_000),
        Money::kroner(800_000),
    )
    .unwrap();
    // Raising its own allocation counts what the case already holds as available.
    case.allocate(
        act("kari"),
        pot,
        Money::kroner(400_000),
        Money::kroner(1_100_000),
    )
    .unwrap_err();
    case.allocate(
        act("kari"),
        pot,
        Money::kroner(300_000),
        Money::kroner(1_100_000),
    )
    .unwrap();
    let not_requested = case.allocate(act("kari"), &round.pots[1], Money::kroner(1), Money::ZERO);
    assert!(matches!(not_requested, Err(Refusal::NotRequested { .. })));
}

#[test]
fn approval_needs_every_check_and_four_eyes() {
    let round = round();
    let net = network();
    let mut case = case();
    case.allocate(
        act("kari"),
        &round.pots[0],
        Money::kroner(450_000),
        Money::ZERO,
    )
    .unwrap();
    let states = case.check_states(setting(&round, Some(&net)));
    let refused = case.propose(act("kari"), Outcome::Approve, "Good plan", &states, &round);
    assert!(matches!(refused, Err(Refusal::ChecksNotPassed { .. })));
    mark_manual_checks(&mut case);
    let states = case.check_states(setting(&round, Some(&net)));
    let mismatch = case.propose(act("kari"), Outcome::Partial, "Good plan", &states, &round);
    assert!(matches!(
        mismatch,
        Err(Refusal::OutcomeMismatch {
            fits: Outcome::Approve,
            ..
        })
    ));
    assert_eq!(
        case.propose(act("kari"), Outcome::Approve, "  ", &states, &round),
        Err(Refusal::ReasonRequired)
    );
    case.propose(act("kari"), Outcome::Approve, "Good plan", &states, &round)
        .unwrap();
    assert_eq!(case.state, CaseState::Proposed);
    let same_person = case.approve(act("kari"), &round, &states);
    assert!(matches!(same_person, Err(Refusal::FourEyes { .. })));
    case.approve(act("ola"), &round, &states).unwrap();
    assert_eq!(case.state, CaseState::Decided);
    assert_eq!(case.decision.as_ref().unwrap().decided_by, "ola");
}

#[test]
fn decided_cases_change_only_after_reopen() {
    let round = round();
    let mut case = case();
    let states = case.check_states(setting(&round, Some(&network())));
    case.propose(
        act("kari"),
        Outcome::Reject,
        "Outside the scheme",
        &states,
        &round,
    )
    .unwrap();
    case.approve(act("ola"), &round, &states).unwrap();
    let closed = case.allocate(act("kari"), &round.pots[0], Money::kroner(1), Money::ZERO);
    assert!(matches!(closed, Err(Refusal::CaseClosed { .. })));
    assert_eq!(case.reopen(act("ola"), ""), Err(Refusal::ReasonRequired));
    case.reopen(act("ola"), "New information from the network")
        .unwrap();
    assert_eq!(case.state, CaseState::UnderReview);
    assert!(case.decision.is_none());
    case.allocate(act("kari"), &round.pots[0], Money::kroner(1), Money::ZERO)
        .unwrap();
}

#[test]
fn rejection_releases_allocations_and_work_withdraws_a_proposal() {
    let round = round();
    let mut case = case();
    case.allocate(
        act("kari"),
        &round.pots[0],
        Money::kroner(100_000),
        Money::ZERO,
    )
    .unwrap();
    let states = case.check_states(setting(&round, None));
    let changes = case
        .propose(act("kari"), Outcome::Reject, "No plan", &states, &round)
        .unwrap();
    assert!(changes.contains(&Change::Allocated {
        pot: "egeninitiert".into(),
        before: Money::kroner(100_000),
        after: Money::ZERO
    }));
    assert!(case.allocations.is_empty());
    let changes = case
        .record_check(act("kari"), CheckId::Plan, Verdict::NotMet, None)
        .unwrap();
    assert!(matches!(changes[0], Change::ProposalWithdrawn { .. }));
    assert_eq!(case.state, CaseState::UnderReview);
}

#[test]
fn a_declared_conflict_bars_the_person() {
    let round = round();
    let mut case = case();
    case.declare_conflict(act("kari"), "My sister leads the project")
        .unwrap();
    let refused = case.allocate(act("kari"), &round.pots[0], Money::kroner(1), Money::ZERO);
    assert!(matches!(refused, Err(Refusal::Conflicted { .. })));
    assert!(matches!(
        case.declare_conflict(act("kari"), "again"),
        Err(Refusal::AlreadyDeclared { .. })
    ));
    case.allocate(act("ola"), &round.pots[0], Money::kroner(1), Money::ZERO)
        .unwrap();
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Random allocations by random cases never take a pot past its total.
        #[test]
        fn a_pot_is_never_overdrawn(steps in prop::collection::vec((0usize..5, 0u64..600_000), 1..60)) {
            let round = round();
            let pot = &round.pots[0];
            let mut cases: Vec<Case> = (0..5).map(|i| {
                let mut c = case();
                c.application.reference = format!("INN-{i}");
                c
            }).collect();
            for (which, kroner) in steps {
                let in_pot: Money = cases.iter().map(|c| c.allocated(&pot.id)).sum();
                let _ = cases[which].allocate(act("kari"), pot, Money::kroner(kroner), in_pot);
                let after: Money = cases.iter().map(|c| c.allocated(&pot.id)).sum();
                prop_assert!(after <= pot.total);
                prop_assert!(cases.iter().all(|c| c.allocated(&pot.id) <= Money::kroner(450_000)));
            }
        }
    }
}

#[test]
fn a_proposer_who_declares_a_conflict_loses_the_proposal() {
    let round = round();
    let mut case = case();
    let states = case.check_states(setting(&round, None));
    case.propose(
        act("kari"),
        Outcome::Reject,
        "Utenfor ordningen",
        &states,
        &round,
    )
    .unwrap();
    let changes = case.declare_conflict(act("kari"), "Nær familie").unwrap();
    assert!(matches!(changes[0], Change::ProposalWithdrawn { .. }));
    assert!(case.proposal.is_none());
    assert!(matches!(
        case.approve(act("ola"), &round, &states),
        Err(Refusal::NoProposal { .. })
    ));
}

/// What a proposal came to, in short.
#[derive(Debug, PartialEq, Eq)]
enum Came {
    Proposed,
    OnlyPartial,
    NoGrant,
}

/// One row of the grant rules: an application, the adviser's verdicts and amounts, and
/// the outcome proposed.
struct GrantRow {
    name: &'static str,
    partner: Option<&'static str>,
    requests: &'static [(usize, u64)],
    verdicts: &'static [(CheckId, Verdict)],
    /// Purpose as judged for one pot alone.
    purpose: &'static [(usize, Verdict)],
    allocations: &'static [(usize, u64)],
    outcome: Outcome,
    expect: Came,
}

fn propose_row(row: &GrantRow) -> Came {
    let round = round();
    let net = network();
    let mut application = application("2021-07-30T13:45:00+02:00");
    application.competence_partner = row.partner.map(str::to_string);
    application.requests = row
        .requests
        .iter()
        .map(|(pot, kroner)| Request {
            pot: round.pots[*pot].id.clone(),
            amount: Money::kroner(*kroner),
        })
        .collect();
    let mut case = Case::new(application, at());
    mark_manual_checks(&mut case);
    for (check, verdict) in row.verdicts {
        let note = Some("per row");
        case.record_check(act("kari"), *check, *verdict, note)
            .unwrap();
    }
    for (pot, verdict) in row.purpose {
        let pot = &round.pots[*pot].id;
        case.record_pot_check(act("kari"), CheckId::Purpose, pot, *verdict, None)
            .unwrap();
    }
    for (pot, kroner) in row.allocations {
        case.allocate(
            act("kari"),
            &round.pots[*pot],
            Money::kroner(*kroner),
            Money::ZERO,
        )
        .unwrap();
    }
    let states = case.check_states(setting(&round, Some(&net)));
    match case.propose(act("kari"), row.outcome, "Vurdert", &states, &round) {
        Ok(_) => Came::Proposed,
        Err(Refusal::OnlyPartialGrant { .. }) => Came::OnlyPartial,
        Err(Refusal::ChecksNotPassed { .. }) => Came::NoGrant,
        Err(other) => panic!("{}: {other:?}", row.name),
    }
}

/// The guidelines' conditions as they stop a grant: the partner is judged per pot (pot
/// 0 requires one, pot 1 does not), a request above the pot and costs outside the
/// scheme allow a partial grant, and every other condition stops any grant.
#[test]
fn which_checks_stop_which_grants() {
    use CheckId::{Costs, Plan};
    use Outcome::{Approve, Partial};
    use Verdict::{NotMet, Unchecked};
    let rows = [
        GrantRow {
            name: "no partner, a grant from the foster-home pot alone",
            partner: None,
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[],
            allocations: &[(1, 300_000)],
            outcome: Partial,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "no partner, money from the pot that requires one",
            partner: None,
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[],
            allocations: &[(0, 100_000), (1, 300_000)],
            outcome: Partial,
            expect: Came::OnlyPartial,
        },
        GrantRow {
            name: "no partner, only the foster-home pot asked: a full grant",
            partner: None,
            requests: &[(1, 300_000)],
            verdicts: &[],
            purpose: &[],
            allocations: &[(1, 300_000)],
            outcome: Approve,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "a request above the pot, granted in part within it",
            partner: Some("HINN"),
            requests: &[(0, 1_200_000)],
            verdicts: &[],
            purpose: &[],
            allocations: &[(0, 1_000_000)],
            outcome: Partial,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "a request above the pot cannot be approved in full",
            partner: Some("HINN"),
            requests: &[(0, 1_200_000)],
            verdicts: &[],
            purpose: &[],
            allocations: &[(0, 1_100_000)],
            outcome: Approve,
            expect: Came::OnlyPartial,
        },
        GrantRow {
            name: "costs outside the scheme, cut by a partial grant",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[(Costs, NotMet)],
            purpose: &[],
            allocations: &[(0, 200_000), (1, 300_000)],
            outcome: Partial,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "costs outside the scheme, approved in full",
            partner: Some("HINN"),
            requests: &[(1, 300_000)],
            verdicts: &[(Costs, NotMet)],
            purpose: &[],
            allocations: &[(1, 300_000)],
            outcome: Approve,
            expect: Came::OnlyPartial,
        },
        GrantRow {
            name: "no plan: no grant from either pot",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[(Plan, NotMet)],
            purpose: &[],
            allocations: &[(1, 100_000)],
            outcome: Partial,
            expect: Came::NoGrant,
        },
        GrantRow {
            name: "costs not yet judged: no grant",
            partner: Some("HINN"),
            requests: &[(1, 300_000)],
            verdicts: &[(Costs, Unchecked)],
            purpose: &[],
            allocations: &[(1, 100_000)],
            outcome: Partial,
            expect: Came::NoGrant,
        },
    ];
    for row in &rows {
        assert_eq!(propose_row(row), row.expect, "{}", row.name);
    }
}

/// Purpose judged for one pot closes only that pot: a partial grant from the other
/// stays possible, a full approval does not, and a pot it fits nowhere leaves no grant.
#[test]
fn purpose_judged_per_pot_closes_only_that_pot() {
    use CheckId::Purpose;
    use Outcome::{Approve, Partial};
    use Verdict::{Met, Na, NotMet};
    let rows = [
        GrantRow {
            name: "purpose fits the foster-home pot only: a grant from it alone",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[(0, NotMet)],
            allocations: &[(1, 300_000)],
            outcome: Partial,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "purpose fits the foster-home pot only: money from the other",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[(0, NotMet)],
            allocations: &[(0, 100_000), (1, 300_000)],
            outcome: Partial,
            expect: Came::OnlyPartial,
        },
        GrantRow {
            name: "purpose fits the foster-home pot only: no full approval",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[(0, NotMet)],
            allocations: &[(0, 450_000), (1, 300_000)],
            outcome: Approve,
            expect: Came::OnlyPartial,
        },
        GrantRow {
            name: "purpose not met as a whole, but met for the foster-home pot",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[(Purpose, NotMet)],
            purpose: &[(1, Met)],
            allocations: &[(1, 300_000)],
            outcome: Partial,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "no partner for one pot and purpose not met for the other: no grant",
            partner: None,
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[(1, NotMet)],
            allocations: &[(1, 100_000)],
            outcome: Partial,
            expect: Came::NoGrant,
        },
        GrantRow {
            name: "purpose fits neither pot: no grant",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[(0, NotMet), (1, NotMet)],
            allocations: &[(1, 100_000)],
            outcome: Partial,
            expect: Came::NoGrant,
        },
        GrantRow {
            name: "purpose of the only pot asked not met: no grant",
            partner: Some("HINN"),
            requests: &[(1, 300_000)],
            verdicts: &[],
            purpose: &[(1, NotMet)],
            allocations: &[(1, 100_000)],
            outcome: Partial,
            expect: Came::NoGrant,
        },
        GrantRow {
            name: "purpose not applicable to one pot and met for the other: full approval",
            partner: Some("HINN"),
            requests: &[(0, 450_000), (1, 300_000)],
            verdicts: &[],
            purpose: &[(0, Na)],
            allocations: &[(0, 450_000), (1, 300_000)],
            outcome: Approve,
            expect: Came::Proposed,
        },
        GrantRow {
            name: "no partner and only the partner pot asked: no grant",
            partner: None,
            requests: &[(0, 450_000)],
            verdicts: &[],
            purpose: &[],
            allocations: &[(0, 100_000)],
            outcome: Partial,
            expect: Came::NoGrant,
        },
    ];
    for row in &rows {
        assert_eq!(propose_row(row), row.expect, "{}", row.name);
    }
}

/// Purpose is the one check judged per pot, for pots the application asks from; a
/// pot's own verdict is recorded, shown beside the whole one, and taken back.
#[test]
fn purpose_is_judged_per_pot() {
    let round = round();
    let net = network();
    let mut application = application("2021-07-30T13:45:00+02:00");
    application.requests.push(Request {
        pot: "fosterhjem".into(),
        amount: Money::kroner(100_000),
    });
    let mut case = Case::new(application, at());
    assert_eq!(
        case.record_pot_check(act("kari"), CheckId::Plan, "fosterhjem", Verdict::Met, None),
        Err(Refusal::NotPerPot {
            check: CheckId::Plan
        })
    );
    let refused = case.record_pot_check(act("kari"), CheckId::Purpose, "annet", Verdict::Met, None);
    assert!(matches!(refused, Err(Refusal::PotNotRequested { .. })));
    let purpose = |case: &Case| {
        case.check_states(setting(&round, Some(&net)))
            .into_iter()
            .find(|s| s.id == CheckId::Purpose)
            .unwrap()
    };
    assert_eq!(purpose(&case).pots.len(), 2, "both pots listed");
    assert_eq!(purpose(&case).verdict(), Verdict::Unchecked);
    case.record_check(act("kari"), CheckId::Purpose, Verdict::Met, None)
        .unwrap();
    // The pot is named as people type it, and stored as the application spells it.
    let changes = case
        .record_pot_check(
            act("kari"),
            CheckId::Purpose,
            "FOSTERHJEM",
            Verdict::NotMet,
            Some("Ikke fosterhjem"),
        )
        .unwrap();
    assert!(
        matches!(changes.last(), Some(Change::PotCheckRecorded { pot, .. }) if pot == "fosterhjem")
    );
    let state = purpose(&case);
    assert_eq!(state.verdict(), Verdict::Met, "one pot still passes");
    assert_eq!(state.failing_pots(), vec!["fosterhjem"]);
    case.clear_pot_check(act("kari"), CheckId::Purpose, "fosterhjem")
        .unwrap();
    assert!(purpose(&case).failing_pots().is_empty());
    assert!(case.pot_checks.is_empty());
}

/// A body covering several counties takes networks from each of them.
#[test]
fn a_round_over_several_counties_takes_networks_from_each() {
    let round = round();
    let mut net = network();
    net.county = "Hedmark".into();
    let case = case();
    let counties = ["Innlandet".to_string(), "Hedmark".to_string()];
    let network_verdict = |counties: &[String]| {
        let setting = Setting {
            round: &round,
            counties,
            network: Some(&net),
        };
        case.check_states(setting)
            .into_iter()
            .find(|s| s.id == CheckId::Network)
            .unwrap()
            .verdict()
    };
    assert_eq!(network_verdict(&counties), Verdict::Met);
    assert_eq!(network_verdict(&counties[..1]), Verdict::NotMet);
}

/// A project past the use-by date and a single municipality are flagged, not refused.
#[test]
fn flags_name_what_the_guidelines_weigh() {
    let use_by = NaiveDate::from_ymd_opt(2022, 12, 31).unwrap();
    let mut application = application("2021-07-30T13:45:00+02:00");
    assert!(checks::flags(&application, Some(use_by)).is_empty());
    application.period = Some(Period {
        start: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
    });
    application.municipalities = vec!["3403".into()];
    assert_eq!(
        checks::flags(&application, Some(use_by)),
        vec![
            Flag::PeriodPastUseBy {
                period_end: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
                use_by,
            },
            Flag::SingleMunicipality,
        ]
    );
    assert_eq!(
        checks::flags(&application, None),
        vec![Flag::SingleMunicipality]
    );
}

/// The digest recorded when an application arrives is what it always was: SHA-256 over
/// its JSON, in lower-case hex (older logs hold digests computed so).
#[test]
fn an_applications_digest_is_sha256_of_its_json_in_hex() {
    use sha2::{Digest, Sha256};
    let application = application("2021-07-30T13:45:00+02:00");
    let json = serde_json::to_vec(&application).unwrap();
    let expected = Sha256::digest(&json)
        .iter()
        .fold(String::new(), |mut out, b| {
            use std::fmt::Write;
            let _ = write!(out, "{b:02x}");
            out
        });
    assert_eq!(application.digest(), expected);
    assert_eq!(expected.len(), 64);
}

#[test]
fn reasons_and_notes_hold_text_only() {
    use super::case::{required_reason, within_limit};
    // Line breaks and tabs are text; an escape, a NUL or a direction override is not.
    assert!(within_limit("Nei.\nSe vedlegg\tside 2.\r\n").is_ok());
    for bad in ["Nei\u{1b}[2J", "ok\0", "a\u{202e}b", "x\u{7f}", "y\u{85}"] {
        assert!(
            matches!(within_limit(bad), Err(Refusal::Unprintable { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(
        required_reason("  \u{1b}]0;title\u{7}  "),
        Err(Refusal::Unprintable { code: 0x1b })
    );
}

#[test]
fn all_municipalities_lists_the_lead_first_and_each_once_however_many() {
    let mut few = application("2021-07-01T12:00:00+02:00");
    few.municipalities = vec!["3411".into(), "3403".into(), "3411".into()];
    assert_eq!(few.all_municipalities(), ["3403", "3411"]);
    let mut many = few.clone();
    many.municipalities = (0..40).map(|i| format!("{:04}", i % 25)).collect();
    many.municipalities.push("3403".into());
    let all = many.all_municipalities();
    assert_eq!(all.len(), 26);
    assert_eq!(all[0], "3403");
    assert_eq!(
        all[1..],
        (0..25).map(|i| format!("{i:04}")).collect::<Vec<_>>()
    );
}
