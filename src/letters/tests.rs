//! Golden letters: both language forms, approval, partial grant and rejection, with and
//! without appeal rights. `UPDATE_GOLDEN=1 cargo test` rewrites the files; read every
//! changed one before committing it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::{Form, LetterInput, render};
use crate::domain::{
    Application, Case, CaseState, Contact, Decision, LanguageForm, Money, Municipality, Network,
    Office, Outcome, Pot, Request, Round, RoundTerms,
};

fn round(appeal_rights: bool) -> Round {
    Round {
        id: "vestland-2022".into(),
        county: "Vestland".into(),
        year: 2022,
        deadline: NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(),
        funds_used_by: NaiveDate::from_ymd_opt(2022, 12, 31),
        four_eyes: true,
        appeal_rights,
        pots: vec![
            Pot {
                id: "egeninitiert".into(),
                name: "Egeninitierte utviklingsprosjekter".into(),
                name_nn: Some("Eigeninitierte utviklingsprosjekt".into()),
                total: Money::kroner(1_100_000),
                partner_required: true,
            },
            Pot {
                id: "fosterhjem".into(),
                name: "Utviklingsprosjekt på fosterhjemsområdet".into(),
                name_nn: Some("Utviklingsprosjekt på fosterheimsområdet".into()),
                total: Money::kroner(2_300_000),
                partner_required: false,
            },
        ],
    }
}

fn lead(form: LanguageForm) -> Municipality {
    Municipality {
        number: "4622".into(),
        name: "Kvam".into(),
        county: "Vestland".into(),
        former_names: vec![],
        language_form: form,
        needs_quality_development: false,
    }
}

fn network() -> Network {
    Network {
        id: "hordaland".into(),
        name: "Læringsnettverket for barneverntenestene i Hordaland".into(),
        county: "Vestland".into(),
        members: vec!["4622".into()],
        steering_group: vec![],
        people: vec![],
    }
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 9, 1, 10, 0, 0).unwrap()
}

fn case(outcome: Outcome) -> Case {
    let application = Application {
        reference: "HOR-2022/007".into(),
        round: "vestland-2022".into(),
        network: "hordaland".into(),
        submitted: DateTime::parse_from_rfc3339("2021-07-30T13:45:00+02:00").unwrap(),
        title: "Felles basisopplæring for nyansatte".into(),
        lead_municipality: "4622".into(),
        municipalities: vec!["4622".into()],
        contact: Some(Contact {
            name: "Kari Nordmann".into(),
            email: Some("kari@kvam.kommune.no".into()),
            phone: None,
        }),
        requests: vec![
            Request {
                pot: "egeninitiert".into(),
                amount: Money::kroner(450_000),
            },
            Request {
                pot: "fosterhjem".into(),
                amount: Money::kroner(300_000),
            },
        ],
        competence_partner: Some("Høgskulen på Vestlandet".into()),
        bufetat: Some(true),
        project_leader_percent: Some(50),
        period: None,
        summary: Some(
            "Nyansatte sakshandsamarar får ei felles basisopplæring med ti samlingar i året."
                .into(),
        ),
        plan: None,
        budget: vec![],
    };
    let mut amounts = BTreeMap::new();
    let reason = match outcome {
        Outcome::Approve => {
            amounts.insert("egeninitiert".to_string(), Money::kroner(450_000));
            amounts.insert("fosterhjem".to_string(), Money::kroner(300_000));
            "Prosjektet er godt forankra og har eit kompetansemiljø med."
        }
        Outcome::Partial => {
            amounts.insert("egeninitiert".to_string(), Money::kroner(300_000));
            "Reisekostnadene blir ikkje dekte av ordninga."
        }
        Outcome::Reject => "Søknaden kom etter fristen.",
    };
    let mut case = Case::new(application, at());
    case.state = CaseState::Decided;
    case.allocations = amounts.clone();
    case.decision = Some(Decision {
        outcome,
        reason: reason.into(),
        proposed_by: "kari".into(),
        decided_by: "ola".into(),
        at: at(),
        amounts,
    });
    case
}

fn golden(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(text, expected, "{name} differs from the golden file");
}

/// The round's office, as a round file gives it.
fn office_terms() -> RoundTerms {
    RoundTerms {
        counties: vec!["Vestland".into()],
        report_due: NaiveDate::from_ymd_opt(2023, 3, 1),
        office: Some(Office {
            name: "Statsforvalteren i Vestland".into(),
            name_nn: Some("Statsforvaltaren i Vestland".into()),
            org_number: Some("974 760 983".into()),
            address: Some("Postboks 7310, 5020 Bergen".into()),
            appeal_body: Some("Barne-, ungdoms- og familiedirektoratet (Bufdir)".into()),
            neutral_language: Some(LanguageForm::Nynorsk),
            guidelines: Some(
                "Retningslinjer for kommunale læringsnettverk og stimuleringsmidler (2021)".into(),
            ),
            call_date: NaiveDate::from_ymd_opt(2021, 3, 18),
        }),
    }
}

#[test]
fn letters_in_both_forms_for_every_outcome() {
    let date = NaiveDate::from_ymd_opt(2021, 9, 15).unwrap();
    let decider =
        crate::domain::Official::new("Bente Cecilie Foss", Some("seksjonsleder")).unwrap();
    let proposer = crate::domain::Official::new("Kari Nordmann", Some("rådgiver")).unwrap();
    let terms = office_terms();
    // Kvam's official name, where the registry gives it.
    let kvam: std::collections::BTreeMap<_, _> = [(
        "4622".to_string(),
        crate::domain::MunicipalityDetails {
            official_name: Some("Kvam herad".into()),
            org_number: Some("944 033 472".into()),
        },
    )]
    .into();
    let none = std::collections::BTreeMap::new();
    let other = Municipality {
        number: "4624".into(),
        name: "Bjørnafjorden".into(),
        ..lead(LanguageForm::Nynorsk)
    };
    for (form, code) in [(LanguageForm::Bokmal, "nb"), (LanguageForm::Nynorsk, "nn")] {
        for (outcome, word) in [
            (Outcome::Approve, "approve"),
            (Outcome::Partial, "partial"),
            (Outcome::Reject, "reject"),
            (Outcome::Partial, "changed"),
        ] {
            for appeal in [true, false] {
                let case = case(outcome);
                let round = round(appeal);
                let municipality = lead(form);
                let network = network();
                let changed = word == "changed";
                let input = LetterInput {
                    case: &case,
                    round: &round,
                    // A changed decision comes from a round with an office of its own.
                    terms: changed.then_some(&terms),
                    network: Some(&network),
                    lead: Some(&municipality),
                    others: vec![&other],
                    date,
                    signatories: vec![&decider, &proposer],
                    replaces: changed.then(|| NaiveDate::from_ymd_opt(2021, 9, 1).unwrap()),
                    failed: if outcome == Outcome::Approve {
                        Vec::new()
                    } else {
                        vec![(crate::domain::CheckId::Costs, Vec::new())]
                    },
                    // A changed decision is one the archive knows by its number.
                    details: crate::domain::CaseDetails {
                        archive_reference: changed.then(|| "2021/4711".to_string()),
                        applicant_reference: changed.then(|| "Kvam 21/88".to_string()),
                        payee: None,
                    },
                    payee: None,
                    municipal: if changed { &kvam } else { &none },
                };
                let letter = render(&input).unwrap();
                assert_eq!(letter.form.code(), code);
                assert_eq!(letter.file_name, "HOR-2022_007.md");
                let appeal_name = if appeal { "appeal" } else { "no-appeal" };
                golden(
                    &format!("letter-{code}-{word}-{appeal_name}.md"),
                    &letter.text,
                );
                // The screen's text says the same as the Markdown.
                let plain = letter.document.plain();
                let reference = if changed { "2021/4711" } else { "HOR-2022/007" };
                for fact in [reference, "Bjørnafjorden kommune", "Riksrevisjonen"] {
                    if outcome != Outcome::Reject || fact != "Riksrevisjonen" {
                        assert!(plain.contains(fact), "{fact}: {plain}");
                    }
                }
            }
        }
    }
}

#[test]
fn neutral_municipalities_get_bokmal_and_undecided_cases_no_letter() {
    assert_eq!(
        Form::for_municipality(Some(&lead(LanguageForm::Neutral))),
        Form::Bokmal
    );
    assert_eq!(Form::for_municipality(None), Form::Bokmal);
    let mut undecided = case(Outcome::Approve);
    undecided.decision = None;
    let round = round(true);
    let input = LetterInput {
        case: &undecided,
        round: &round,
        network: None,
        lead: None,
        date: NaiveDate::from_ymd_opt(2021, 9, 15).unwrap(),
        signatories: Vec::new(),
        terms: None,
        others: Vec::new(),
        replaces: None,
        failed: Vec::new(),
        details: crate::domain::CaseDetails::default(),
        payee: None,
        municipal: &std::collections::BTreeMap::new(),
    };
    assert!(render(&input).is_none());
}
