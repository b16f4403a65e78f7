//! `tilskudd demo`: a database seeded from the bundled fixtures, with a few cases
//! already worked on by two advisers, so every screen has something to show.

use crate::cli::{Cli, demo_path};
use crate::domain::{CheckId, Money, Outcome, Verdict};
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::import::Source;
use crate::service::{Command, Service};
use crate::store::Store;

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

const MANUAL: [CheckId; 5] = [
    CheckId::Plan,
    CheckId::Anchoring,
    CheckId::Form,
    CheckId::Purpose,
    CheckId::Costs,
];

/// Imports the fixtures; on a fresh database also plays a short history of review work.
pub fn seed(service: &Service) -> Result<()> {
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
    let receipt = service.execute(
        system,
        Command::ImportApplications {
            sources: application_sources(),
            replace: false,
        },
    )?;
    if receipt.import.is_some_and(|s| s.added > 0) {
        play_history(service)?;
    }
    Ok(())
}

fn play_history(service: &Service) -> Result<()> {
    let check_all = |reference: &str, by: &str| -> Result<()> {
        for check in MANUAL {
            let reference = reference.to_string();
            service.execute(
                by,
                Command::RecordCheck {
                    reference,
                    check,
                    verdict: Verdict::Met,
                    note: None,
                },
            )?;
        }
        Ok(())
    };
    let allocate = |reference: &str, pot: &str, kroner: i64, by: &str| {
        let (reference, pot) = (reference.to_string(), pot.to_string());
        service.execute(
            by,
            Command::Allocate {
                reference,
                pot,
                amount: Money::kroner(kroner),
            },
        )
    };
    let propose = |reference: &str, outcome: Outcome, reason: &str, by: &str| {
        let (reference, reason) = (reference.to_string(), reason.to_string());
        service.execute(
            by,
            Command::Propose {
                reference,
                outcome,
                reason,
            },
        )
    };
    let approve = |reference: &str, by: &str| {
        service.execute(
            by,
            Command::Approve {
                reference: reference.to_string(),
            },
        )
    };

    check_all("INN-2022-001", "kari")?;
    allocate("INN-2022-001", "egeninitiert", 450_000, "kari")?;
    propose(
        "INN-2022-001",
        Outcome::Approve,
        "Godt forankret i alle fire kommuner, med kompetansemiljø og prosjektleder i 50 % stilling.",
        "kari",
    )?;
    approve("INN-2022-001", "ola")?;

    check_all("INN-2022-002", "kari")?;
    allocate("INN-2022-002", "fosterhjem", 600_000, "kari")?;
    propose(
        "INN-2022-002",
        Outcome::Partial,
        "Tiltaket er godt begrunnet; gruppeveiledningen dekkes innenfor kommunenes egne rammer.",
        "kari",
    )?;

    for check in [CheckId::Plan, CheckId::Anchoring, CheckId::Form] {
        let reference = "INN-2022-010".to_string();
        service.execute(
            "ola",
            Command::RecordCheck {
                reference,
                check,
                verdict: Verdict::Met,
                note: None,
            },
        )?;
    }
    allocate("INN-2022-010", "egeninitiert", 300_000, "ola")?;

    service.execute(
        "ola",
        Command::RecordCheck {
            reference: "INN-2022-004".into(),
            check: CheckId::Partner,
            verdict: Verdict::NotMet,
            note: Some(
                "Nettverket bekrefter på telefon at de ikke har avtale med et kompetansemiljø."
                    .into(),
            ),
        },
    )?;
    propose(
        "INN-2022-004",
        Outcome::Reject,
        "Retningslinjene krever samarbeid med et kompetansemiljø for egeninitierte prosjekter.",
        "ola",
    )?;

    check_all("TRO-2019-001", "kari")?;
    allocate("TRO-2019-001", "fosterhjem", 1_000_000, "kari")?;
    propose(
        "TRO-2019-001",
        Outcome::Partial,
        "Innvilget to stillinger av de omsøkte; resten av potten fordeles på de andre nettverkene.",
        "kari",
    )?;
    approve("TRO-2019-001", "ola")?;

    check_all("HOR-2018-001", "kari")?;
    allocate("HOR-2018-001", "egeninitiert", 400_000, "kari")?;
    propose(
        "HOR-2018-001",
        Outcome::Approve,
        "Prosjektet følgjer opp idé 1 frå oppstartsseminaret og er forankra i styringsgruppa.",
        "kari",
    )?;
    approve("HOR-2018-001", "kari")?;

    check_all("HOR-2018-002", "kari")?;
    allocate("HOR-2018-002", "egeninitiert", 300_000, "kari")?;
    propose(
        "HOR-2018-002",
        Outcome::Partial,
        "Evalueringa blir dekt av RKBU Vest innanfor fagsamlingane.",
        "kari",
    )?;
    approve("HOR-2018-002", "kari")?;
    Ok(())
}

pub fn run_demo(cli: &Cli, t: &dyn Texts) -> Result<()> {
    if let Some(socket) = &cli.server {
        return Err(Error::ServerUnavailable {
            socket: socket.clone(),
        });
    }
    let path = cli.db.clone().unwrap_or_else(demo_path);
    let service = Service::new(Store::open(&path)?);
    seed(&service)?;
    println!("{}", t.demo_ready(&path.display().to_string()));
    Ok(())
}
