//! The demo data: a database seeded from the bundled fixtures, with a few cases
//! already worked on by two advisers, so every screen has something to show.

use crate::domain::{CheckId, Money, Outcome, Verdict};
use crate::error::Result;
use crate::import::Source;
use crate::service::{Command, Receipt, Service};

fn source(name: &str, bytes: &[u8]) -> Source {
    Source {
        name: name.to_string(),
        bytes: bytes.to_vec(),
    }
}

/// The bundled registry files: municipalities (CSV), then language forms and networks.
pub fn registry_sources() -> Vec<Source> {
    vec![
        source(
            "fixtures/kommuner-2020.csv",
            include_bytes!("../fixtures/kommuner-2020.csv"),
        ),
        source(
            "fixtures/registry.toml",
            include_bytes!("../fixtures/registry.toml"),
        ),
    ]
}

pub fn round_sources() -> Vec<Source> {
    vec![
        source(
            "fixtures/rounds/innlandet-2022.toml",
            include_bytes!("../fixtures/rounds/innlandet-2022.toml"),
        ),
        source(
            "fixtures/rounds/trondelag-2019.toml",
            include_bytes!("../fixtures/rounds/trondelag-2019.toml"),
        ),
        source(
            "fixtures/rounds/hordaland-2018.toml",
            include_bytes!("../fixtures/rounds/hordaland-2018.toml"),
        ),
    ]
}

pub fn application_sources() -> Vec<Source> {
    vec![source(
        "fixtures/applications.json",
        include_bytes!("../fixtures/applications.json"),
    )]
}

/// One step of the demo's review history.
enum Step {
    /// Every manual check met.
    CheckAll(&'static str),
    Check(&'static str, CheckId, Verdict, &'static str),
    Allocate(&'static str, &'static str, u64),
    Propose(&'static str, Outcome, &'static str),
    Approve(&'static str),
}

/// Two advisers, Kari and Ola, at work; each step is `(who, what)`.
const HISTORY: &[(&str, Step)] = &[
    ("kari", Step::CheckAll("INN-2022-001")),
    (
        "kari",
        Step::Allocate("INN-2022-001", "egeninitiert", 450_000),
    ),
    (
        "kari",
        Step::Propose(
            "INN-2022-001",
            Outcome::Approve,
            "Godt forankret i alle fire kommuner, med kompetansemiljø og prosjektleder i 50 % stilling.",
        ),
    ),
    ("ola", Step::Approve("INN-2022-001")),
    ("kari", Step::CheckAll("INN-2022-002")),
    (
        "kari",
        Step::Allocate("INN-2022-002", "fosterhjem", 600_000),
    ),
    (
        "kari",
        Step::Propose(
            "INN-2022-002",
            Outcome::Partial,
            "Tiltaket er godt begrunnet; gruppeveiledningen dekkes innenfor kommunenes egne rammer.",
        ),
    ),
    (
        "ola",
        Step::Check("INN-2022-010", CheckId::Plan, Verdict::Met, ""),
    ),
    (
        "ola",
        Step::Check("INN-2022-010", CheckId::Anchoring, Verdict::Met, ""),
    ),
    (
        "ola",
        Step::Check("INN-2022-010", CheckId::Form, Verdict::Met, ""),
    ),
    (
        "ola",
        Step::Allocate("INN-2022-010", "egeninitiert", 300_000),
    ),
    (
        "ola",
        Step::Check(
            "INN-2022-004",
            CheckId::Partner,
            Verdict::NotMet,
            "Nettverket bekrefter på telefon at de ikke har avtale med et kompetansemiljø.",
        ),
    ),
    (
        "ola",
        Step::Propose(
            "INN-2022-004",
            Outcome::Reject,
            "Retningslinjene krever samarbeid med et kompetansemiljø for egeninitierte prosjekter.",
        ),
    ),
    ("kari", Step::CheckAll("TRO-2019-001")),
    (
        "kari",
        Step::Allocate("TRO-2019-001", "fosterhjem", 1_000_000),
    ),
    (
        "kari",
        Step::Propose(
            "TRO-2019-001",
            Outcome::Partial,
            "Innvilget to stillinger av de omsøkte; resten av potten fordeles på de andre nettverkene.",
        ),
    ),
    ("ola", Step::Approve("TRO-2019-001")),
    ("kari", Step::CheckAll("HOR-2018-001")),
    (
        "kari",
        Step::Allocate("HOR-2018-001", "egeninitiert", 400_000),
    ),
    (
        "kari",
        Step::Propose(
            "HOR-2018-001",
            Outcome::Approve,
            "Prosjektet følgjer opp idé 1 frå oppstartsseminaret og er forankra i styringsgruppa.",
        ),
    ),
    ("kari", Step::Approve("HOR-2018-001")),
    ("kari", Step::CheckAll("HOR-2018-002")),
    (
        "kari",
        Step::Allocate("HOR-2018-002", "egeninitiert", 300_000),
    ),
    (
        "kari",
        Step::Propose(
            "HOR-2018-002",
            Outcome::Partial,
            "Evalueringa blir dekt av RKBU Vest innanfor fagsamlingane.",
        ),
    ),
    ("kari", Step::Approve("HOR-2018-002")),
];

/// Imports the bundled registry, rounds and applications; the receipt is the
/// applications'.
pub fn import_fixtures(service: &Service) -> Result<Receipt> {
    let system = "demo";
    service.execute(
        system,
        Command::ImportRegistry {
            sources: registry_sources(),
        },
    )?;
    service.execute(
        system,
        Command::ImportRounds {
            sources: round_sources(),
        },
    )?;
    let applications = Command::ImportApplications {
        sources: application_sources(),
        replace: false,
    };
    service.execute(system, applications)
}

/// The demo's advisers: login, full name, title.
const OFFICIALS: [(&str, &str, &str); 3] = [
    ("kari", "Kari Nordmann", "rådgiver"),
    ("ola", "Ola Berg", "seksjonsleder"),
    ("per", "Per Haugen", "seniorrådgiver"),
];

/// Imports the fixtures; on a fresh database also plays a short history of review work.
pub fn seed(service: &Service) -> Result<()> {
    let receipt = import_fixtures(service)?;
    if receipt.import.is_some_and(|s| s.added > 0) {
        // The demo's advisers sign letters with their names and titles.
        for (login, name, title) in OFFICIALS {
            service.execute(
                "demo",
                Command::SetOfficial {
                    login: login.to_string(),
                    name: Some(name.to_string()),
                    title: Some(title.to_string()),
                },
            )?;
        }
        for (by, step) in HISTORY {
            for command in commands(step) {
                service.execute(by, command)?;
            }
        }
    }
    Ok(())
}

/// Whether the database is empty or holds nothing but what the demo put there: the demo
/// never mixes its examples into real work.
pub fn holds_only_demo_data(service: &Service) -> Result<bool> {
    let rounds = crate::import::parse_rounds(&round_sources())?;
    let applications = crate::import::parse_applications(&application_sources())?;
    let stored_rounds = service.rounds()?;
    if !stored_rounds
        .iter()
        .all(|r| rounds.iter().any(|(_, f, _)| f == r))
    {
        return Ok(false);
    }
    let cases = service.list(&crate::service::ListFilter::default())?;
    Ok(cases.iter().all(|c| {
        applications
            .iter()
            .any(|p| p.application.reference == c.reference)
    }))
}

fn commands(step: &Step) -> Vec<Command> {
    let check =
        |reference: &str, check: CheckId, verdict: Verdict, note: &str| Command::RecordCheck {
            reference: reference.to_string(),
            check,
            verdict,
            note: Some(note.to_string()).filter(|n| !n.is_empty()),
            pot: None,
        };
    match *step {
        Step::CheckAll(reference) => CheckId::manual()
            .map(|c| check(reference, c, Verdict::Met, ""))
            .collect(),
        Step::Check(reference, id, verdict, note) => vec![check(reference, id, verdict, note)],
        Step::Allocate(reference, pot, kroner) => vec![Command::Allocate {
            reference: reference.to_string(),
            pot: pot.to_string(),
            amount: Money::kroner(kroner),
        }],
        Step::Propose(reference, outcome, reason) => vec![Command::Propose {
            reference: reference.to_string(),
            outcome,
            reason: reason.to_string(),
        }],
        Step::Approve(reference) => vec![Command::Approve {
            proposal: None,
            reference: reference.to_string(),
        }],
    }
}
