//! Synthetic data that looks like the real thing: real municipalities (from the bundled
//! 2020 list), networks of neighbouring municipalities within a county, amounts and
//! project titles like the seeds', and a share of cases already checked, proposed and
//! decided by two advisers. Deterministic for a given seed.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::json;

use crate::domain::{CheckId, Money, Outcome, Verdict};
use crate::import::Source;
use crate::service::Command;

pub struct Options {
    pub networks: usize,
    pub applications: usize,
    pub seed: u64,
}

/// Everything to import, then the review work to replay.
pub struct Generated {
    pub registry: Vec<Source>,
    pub rounds: Vec<Source>,
    pub applications: Vec<Source>,
    /// `(adviser, command)`, in order.
    pub review: Vec<(String, Command)>,
}

/// xorshift64*: small, fast and reproducible; no need for a crate.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST_NAMES: &[&str] = &[
    "Kari", "Ola", "Ingrid", "Lars", "Marit", "Jon", "Siri", "Anders", "Hege", "Per", "Solveig",
    "Eirik", "Guro", "Tor", "Randi", "Bjørn", "Astrid", "Håkon", "Liv", "Magnus", "Nora", "Sindre",
    "Tone", "Øyvind",
];
const LAST_NAMES: &[&str] = &[
    "Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Dahl", "Lie", "Moen",
    "Bakken", "Aune", "Stokke", "Vik", "Sæther", "Lund", "Strand", "Haugland", "Mjelde", "Kvaløy",
];
const PROJECTS: &[&str] = &[
    "Felles basisopplæring for nyansatte",
    "Felles fagutvikling for likere barnevernfaglige vurderinger",
    "Veiledningstilbud til fosterhjem",
    "Rekruttering av fosterhjem i slekt og nettverk",
    "Felles lederutvikling",
    "Samarbeid mellom barnevern og politi",
    "Kompetanseheving om minoriteter i barnevernet",
    "Felles barnevernvakt",
    "Implementering av ny barnevernlov",
    "Internkontroll og styringssystem",
    "Barnesamtalen i praksis",
    "Felles metodikk for evaluering av hjelpetiltak",
    "Kollegaveiledning på tvers av kommunegrensene",
    "Felles nettportal for tiltak og materiell",
];
const PARTNERS: &[&str] = &[
    "Høgskolen i Innlandet",
    "Høgskulen på Vestlandet",
    "RKBU Midt-Norge, NTNU",
    "RKBU Vest, NORCE",
    "RBUP Øst og Sør",
    "VID vitenskapelige høgskole",
    "Nasjonalt utviklingssenter for barn og unge",
];

struct Municipality {
    number: String,
    name: String,
    county: String,
}

fn municipalities() -> Vec<Municipality> {
    let csv = include_str!("../../fixtures/kommuner-2020.csv");
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.split(',');
            Some(Municipality {
                number: parts.next()?.to_string(),
                name: parts.next()?.to_string(),
                county: parts.next()?.to_string(),
            })
        })
        .collect()
}

fn round_id(county: &str) -> String {
    format!(
        "gen-{}-2022",
        crate::domain::text::fold(county).replace(' ', "-")
    )
}

struct Network {
    id: String,
    county: String,
    members: Vec<String>,
}

/// Networks of neighbouring municipalities (by number), spread over the counties by size.
fn networks(all: &[Municipality], count: usize) -> Vec<Network> {
    let mut by_county: BTreeMap<&str, Vec<&Municipality>> = BTreeMap::new();
    for m in all {
        by_county.entry(m.county.as_str()).or_default().push(m);
    }
    let total = all.len().max(1);
    let mut networks = Vec::new();
    for (county, members) in &by_county {
        let share = (count * members.len()).div_ceil(total).max(1);
        for i in 0..share {
            let size = (members.len() / share).clamp(2, 12);
            let start = (i * members.len()) / share;
            let chosen: Vec<String> = (0..size)
                .map(|k| members[(start + k) % members.len()].number.clone())
                .collect();
            networks.push(Network {
                id: format!(
                    "gen-{}-{i:04}",
                    crate::domain::text::fold(county).replace(' ', "-")
                ),
                county: (*county).to_string(),
                members: chosen,
            });
        }
    }
    networks.truncate(count.max(1));
    networks
}

fn registry(all: &[Municipality], networks: &[Network], random: &mut Random) -> String {
    let names: BTreeMap<&str, &str> = all
        .iter()
        .map(|m| (m.number.as_str(), m.name.as_str()))
        .collect();
    let mut toml = String::new();
    for n in networks {
        let first = names.get(n.members[0].as_str()).copied().unwrap_or("?");
        let _ = writeln!(
            toml,
            "[[network]]\nid = \"{}\"\nname = \"Læringsnettverk {first} og omegn\"\ncounty = \"{}\"",
            n.id, n.county
        );
        let members: Vec<String> = n.members.iter().map(|m| format!("\"{m}\"")).collect();
        let _ = writeln!(
            toml,
            "members = [{}]\nsteering_group = [{}]\n",
            members.join(", "),
            members[..2.min(members.len())].join(", ")
        );
        for (i, member) in n.members.iter().take(4).enumerate() {
            let (first_name, last_name) = (random.pick(FIRST_NAMES), random.pick(LAST_NAMES));
            let role = if i == 0 {
                "\"coordinator\", \"contact\""
            } else {
                "\"contact\""
            };
            let email = format!(
                "{}.{}@example.kommune.no",
                crate::domain::text::fold(first_name),
                crate::domain::text::fold(last_name)
            );
            let _ = writeln!(
                toml,
                "[[network.person]]\nname = \"{first_name} {last_name}\"\nmunicipality = \"{member}\"\nroles = [{role}]\nemail = \"{email}\"\nshare_email = {}\n",
                random.chance(70)
            );
        }
    }
    toml
}

/// The data and the review work, for `options`.
#[allow(clippy::too_many_lines)] // one pass that keeps the pots' balances in step
pub fn generate(options: &Options) -> Generated {
    let mut random = Random(options.seed.max(1) ^ 0x9E37_79B9_7F4A_7C15);
    let all = municipalities();
    let networks = networks(&all, options.networks);
    let registry_toml = registry(&all, &networks, &mut random);
    let mut requested: BTreeMap<(String, &str), Money> = BTreeMap::new();
    let mut applications = Vec::with_capacity(options.applications);
    let mut plans = Vec::new();
    for i in 0..options.applications {
        let network = &networks[random.below(networks.len())];
        let round = round_id(&network.county);
        let reference = format!("GEN-{:07}", i + 1);
        let lead = network.members[0].clone();
        let mut members = vec![lead.clone()];
        for _ in 0..=random.below(3) {
            let m = random.pick(&network.members).clone();
            if !members.contains(&m) {
                members.push(m);
            }
        }
        if random.chance(3) {
            members.push(random.pick(&all).number.clone());
        }
        let pots: Vec<&str> = match random.below(10) {
            0..=5 => vec!["egeninitiert"],
            6..=8 => vec!["fosterhjem"],
            _ => vec!["egeninitiert", "fosterhjem"],
        };
        let amounts: Vec<(String, Money)> = pots
            .iter()
            .map(|pot| {
                (
                    String::from(*pot),
                    Money::kroner((random.below(86) as u64 + 5) * 10_000),
                )
            })
            .collect();
        for (pot, amount) in &amounts {
            let entry = requested
                .entry((
                    round.clone(),
                    if pot == "egeninitiert" {
                        "egeninitiert"
                    } else {
                        "fosterhjem"
                    },
                ))
                .or_insert(Money::ZERO);
            *entry = entry.plus(*amount);
        }
        let late = random.chance(4);
        let day = if late { 2 } else { 1 + random.below(28) };
        let month = if late { 8 } else { 7 };
        let partner = (pots.contains(&"fosterhjem") && pots.len() == 1 || random.chance(85))
            .then(|| random.pick(PARTNERS).to_string());
        applications.push(json!({
            "reference": reference,
            "round": round,
            "network": network.id,
            "submitted": format!("2021-{month:02}-{day:02}T{:02}:{:02}:00+02:00", 8 + random.below(9), random.below(60)),
            "title": random.pick(PROJECTS),
            "lead_municipality": lead,
            "municipalities": members,
            "requests": amounts.iter().map(|(p, a)| json!({"pot": p, "amount": a.plain()})).collect::<Vec<_>>(),
            "competence_partner": partner,
            "bufetat": pots.contains(&"fosterhjem"),
            "project_leader_percent": random.below(5) * 20,
            "summary": "Prosjektet skal styrke samarbeidet mellom kommunene i nettverket.",
        }));
        let fit = !late && (partner.is_some() || pots == ["fosterhjem"]);
        plans.push((
            reference,
            round,
            amounts,
            fit && !members.iter().any(|m| !network.members.contains(m)),
        ));
    }
    // Money is scarce, as in the seeds: the pots hold about 60 % of what is asked.
    let counties: Vec<&str> = {
        let mut c: Vec<&str> = networks.iter().map(|n| n.county.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut totals: BTreeMap<(String, &str), Money> = BTreeMap::new();
    let mut rounds_toml = String::new();
    for county in &counties {
        let id = round_id(county);
        let _ = writeln!(
            rounds_toml,
            "[[round]]\nid = \"{id}\"\ncounty = \"{county}\"\nyear = 2022\ndeadline = \"2021-08-01\"\nfunds_used_by = \"2022-12-31\"\nfour_eyes = true\nappeal_rights = false\n"
        );
        for (pot, name, floor, partner) in [
            (
                "egeninitiert",
                "Egeninitierte utviklingsprosjekter",
                1_100_000,
                true,
            ),
            (
                "fosterhjem",
                "Utviklingsprosjekt på fosterhjemsområdet",
                2_300_000,
                false,
            ),
        ] {
            let asked = requested
                .get(&(id.clone(), pot))
                .copied()
                .unwrap_or(Money::ZERO);
            let total = Money::kroner(
                ((asked.decimal() * rust_decimal::Decimal::new(6, 1))
                    .trunc()
                    .to_string()
                    .parse::<u64>()
                    .unwrap_or(0)
                    / 10_000
                    * 10_000)
                    .max(floor),
            );
            totals.insert((id.clone(), pot), total);
            let _ = writeln!(
                rounds_toml,
                "[[round.pot]]\nid = \"{pot}\"\nname = \"{name}\"\ntotal = \"{}\"\npartner_required = {partner}\n",
                total.plain()
            );
        }
    }
    let mut remaining = totals;
    let mut review = Vec::new();
    for (reference, round, amounts, fit) in plans {
        let roll = random.below(100);
        if roll >= 40 {
            continue;
        }
        let kari = || "kari".to_string();
        for check in [
            CheckId::Plan,
            CheckId::Anchoring,
            CheckId::Form,
            CheckId::Purpose,
            CheckId::Costs,
        ] {
            let verdict = if fit {
                Verdict::Met
            } else {
                *random.pick(&[Verdict::Met, Verdict::NotMet])
            };
            review.push((
                kari(),
                Command::RecordCheck {
                    reference: reference.clone(),
                    check,
                    verdict,
                    note: None,
                    pot: None,
                },
            ));
        }
        if roll >= 25 {
            continue;
        }
        if !fit {
            review.push((
                kari(),
                Command::Propose {
                    reference: reference.clone(),
                    outcome: Outcome::Reject,
                    reason: "Oppfyller ikke retningslinjene.".into(),
                },
            ));
            if roll < 15 {
                review.push((
                    "ola".to_string(),
                    Command::Approve {
                        reference,
                        proposal: None,
                    },
                ));
            }
            continue;
        }
        let mut partial = false;
        let mut granted = false;
        for (pot, asked) in &amounts {
            let key = (
                round.clone(),
                if pot == "egeninitiert" {
                    "egeninitiert"
                } else {
                    "fosterhjem"
                },
            );
            let left = remaining.get(&key).copied().unwrap_or(Money::ZERO);
            let amount = if random.chance(30) {
                Money::kroner(asked.decimal().to_string().parse::<u64>().unwrap_or(0) / 2)
            } else {
                *asked
            }
            .min(left);
            if amount.is_zero() {
                partial = true;
                continue;
            }
            partial |= amount < *asked;
            granted = true;
            remaining.insert(key, left.minus(amount));
            review.push((
                kari(),
                Command::Allocate {
                    reference: reference.clone(),
                    pot: pot.clone(),
                    amount,
                },
            ));
        }
        let outcome = match (granted, partial) {
            (false, _) => Outcome::Reject,
            (true, true) => Outcome::Partial,
            (true, false) => Outcome::Approve,
        };
        review.push((
            kari(),
            Command::Propose {
                reference: reference.clone(),
                outcome,
                reason: "Godt forankret i nettverket.".into(),
            },
        ));
        if roll < 15 {
            review.push((
                "ola".to_string(),
                Command::Approve {
                    reference,
                    proposal: None,
                },
            ));
        }
    }
    Generated {
        registry: vec![
            Source {
                name: "kommuner-2020.csv".into(),
                bytes: include_bytes!("../../fixtures/kommuner-2020.csv").to_vec(),
            },
            Source {
                name: "generated-networks.toml".into(),
                bytes: registry_toml.into_bytes(),
            },
        ],
        rounds: vec![Source {
            name: "generated-rounds.toml".into(),
            bytes: rounds_toml.into_bytes(),
        }],
        applications: vec![Source {
            name: "generated-applications.json".into(),
            bytes: json!({ "applications": applications })
                .to_string()
                .into_bytes(),
        }],
        review,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Service;
    use crate::store::Store;

    #[test]
    fn generated_data_imports_and_its_review_replays() {
        let generated = generate(&Options {
            networks: 12,
            applications: 300,
            seed: 7,
        });
        let service = Service::new(Store::in_memory().unwrap());
        service
            .execute(
                "dev",
                Command::ImportRegistry {
                    sources: generated.registry,
                },
            )
            .unwrap();
        service
            .execute(
                "dev",
                Command::ImportRounds {
                    sources: generated.rounds,
                },
            )
            .unwrap();
        let receipt = service
            .execute(
                "dev",
                Command::ImportApplications {
                    sources: generated.applications,
                    replace: false,
                },
            )
            .unwrap();
        assert_eq!(receipt.import.unwrap().added, 300);
        service.execute_many(generated.review).unwrap();
        let status = service.status(None).unwrap();
        assert_eq!(status.len(), 3);
        for round in &status {
            for pot in &round.pots {
                assert!(pot.remaining >= Money::ZERO, "{pot:?}");
            }
            assert!(
                round.cases.keys().count() >= 3,
                "cases in several states: {:?}",
                round.cases
            );
        }
    }
}
