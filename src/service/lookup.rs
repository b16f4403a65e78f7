//! Who belongs where: municipality (by name, number or former name), network (by id or
//! name) or person, forgiving of case, diacritics, prefixes and typos.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::Service;
use crate::domain::text::{edit_distance, fold, within_edits};
use crate::domain::{Money, Municipality, Network, Role};
use crate::error::{Error, NotFound, Result};
use crate::store::View;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityRef {
    pub number: String,
    pub name: String,
}

/// A network a municipality belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkMembership {
    pub id: String,
    pub name: String,
    pub steering_group: bool,
}

/// A person as a lookup may show them: the e-mail only with consent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonEntry {
    pub name: String,
    pub municipality: Option<MunicipalityRef>,
    pub roles: Vec<Role>,
    pub networks: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Granted amounts of one network in one round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub network: String,
    pub round: String,
    /// The project, where the grant is one case's (a municipality's projects); none
    /// for a network's sum over a round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub amounts: BTreeMap<String, Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LookupMatch {
    Municipality {
        number: String,
        name: String,
        county: String,
        former_names: Vec<String>,
        /// The former name the query matched, where it did.
        #[serde(skip_serializing_if = "Option::is_none")]
        matched_former_name: Option<String>,
        needs_quality_development: bool,
        networks: Vec<String>,
        memberships: Vec<NetworkMembership>,
        coordinators: Vec<PersonEntry>,
        people: Vec<PersonEntry>,
        /// What each granted project the municipality takes part in got.
        grants: Vec<Grant>,
        /// What its networks got in all, per round.
        #[serde(default)]
        network_grants: Vec<Grant>,
        /// What projects it takes part in applied for and got, round by round.
        #[serde(default)]
        history: Vec<super::RoundFigures>,
    },
    Network {
        id: String,
        name: String,
        county: String,
        members: Vec<MunicipalityRef>,
        steering_group: Vec<MunicipalityRef>,
        people: Vec<PersonEntry>,
        grants: Vec<Grant>,
        /// What it applied for and got, round by round.
        #[serde(default)]
        history: Vec<super::RoundFigures>,
    },
    Person(PersonEntry),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Municipality(usize),
    Network(usize),
    Person(usize),
}

/// How well a folded name matches a folded query: 100 exact, 90 prefix, 80 word prefix,
/// 60 inside, 50 or 45 with a typo, `None` not at all.
fn score(query: &str, name: &str) -> Option<u32> {
    if name == query {
        return Some(100);
    }
    if name.starts_with(query) {
        return Some(90);
    }
    if name.split(' ').any(|word| word.starts_with(query)) {
        return Some(80);
    }
    if query.len() >= 3 && name.contains(query) {
        return Some(60);
    }
    let allowed = match query.chars().count() {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    if within_edits(query, name, allowed) {
        return Some(50);
    }
    let prefix_end = name
        .char_indices()
        .nth(query.chars().count())
        .map_or(name.len(), |(at, _)| at);
    let typo_in_word = name.split(' ').any(|w| within_edits(query, w, allowed));
    (within_edits(query, &name[..prefix_end], allowed) || typo_in_word).then_some(45)
}

struct Registry {
    municipalities: Vec<Municipality>,
    networks: Vec<Network>,
    /// People grouped across networks: (entry with all networks, full e-mail if shared).
    people: Vec<PersonEntry>,
    by_number: HashMap<String, usize>,
    /// Municipalities advisers flagged for special attention.
    priorities: BTreeMap<String, crate::domain::Priority>,
    /// Every round, by year: for histories.
    rounds: Vec<crate::domain::Round>,
}

impl Registry {
    fn load(view: &impl View) -> Result<Registry> {
        let municipalities = view.municipalities()?;
        let networks = view.networks()?;
        let by_number: HashMap<String, usize> = municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.number.clone(), i))
            .collect();
        let mut people: Vec<PersonEntry> = Vec::new();
        let mut index: HashMap<(String, Option<String>), usize> = HashMap::new();
        for network in &networks {
            for person in &network.people {
                let key = (fold(&person.name), person.municipality.clone());
                let at = *index.entry(key).or_insert_with(|| {
                    people.push(PersonEntry {
                        name: person.name.clone(),
                        municipality: person
                            .municipality
                            .as_deref()
                            .map(|n| municipality_ref(&municipalities, &by_number, n)),
                        roles: Vec::new(),
                        networks: Vec::new(),
                        email: None,
                    });
                    people.len() - 1
                });
                let entry = &mut people[at];
                for role in &person.roles {
                    if !entry.roles.contains(role) {
                        entry.roles.push(*role);
                    }
                }
                entry.networks.push(network.id.clone());
                if entry.email.is_none() {
                    entry.email = person.shareable_email().map(str::to_string);
                }
            }
        }
        let mut rounds = view.rounds()?;
        rounds.sort_by(|a, b| (a.year, &a.id).cmp(&(b.year, &b.id)));
        Ok(Registry {
            municipalities,
            networks,
            people,
            by_number,
            priorities: view.priorities()?,
            rounds,
        })
    }

    fn reference(&self, number: &str) -> MunicipalityRef {
        municipality_ref(&self.municipalities, &self.by_number, number)
    }
}

fn municipality_ref(
    all: &[Municipality],
    by_number: &HashMap<String, usize>,
    number: &str,
) -> MunicipalityRef {
    MunicipalityRef {
        number: number.to_string(),
        name: by_number
            .get(number)
            .map_or_else(|| number.to_string(), |&i| all[i].name.clone()),
    }
}

fn network_people(registry: &Registry, network: &Network) -> Vec<PersonEntry> {
    network
        .people
        .iter()
        .map(|p| PersonEntry {
            name: p.name.clone(),
            municipality: p.municipality.as_deref().map(|n| registry.reference(n)),
            roles: p.roles.clone(),
            networks: vec![network.id.clone()],
            email: p.shareable_email().map(str::to_string),
        })
        .collect()
}

fn grants(view: &impl View, network: &str) -> Result<Vec<Grant>> {
    Ok(view
        .network_grants(network)?
        .into_iter()
        .map(|(round, amounts)| Grant {
            network: network.to_string(),
            round,
            reference: None,
            amounts,
        })
        .collect())
}

/// The granted projects a municipality takes part in, by round and reference.
fn project_grants(view: &impl View, municipality: &str) -> Result<Vec<Grant>> {
    Ok(view
        .municipality_grants(municipality)?
        .into_iter()
        .map(|(round, reference, network, amounts)| Grant {
            network,
            round,
            reference: Some(reference),
            amounts,
        })
        .collect())
}

impl Service {
    /// Finds municipalities, networks and people matching `query`. Nothing found is an
    /// error carrying "did you mean" suggestions.
    pub fn lookup(&self, query: &str) -> Result<Vec<LookupMatch>> {
        let wanted = fold(query);
        if wanted.is_empty() {
            return Err(Error::EmptyQuery);
        }
        self.store.read(|view| {
            let registry = Registry::load(view)?;
            let mut names: Vec<(String, Target, Option<String>)> = Vec::new();
            for (i, m) in registry.municipalities.iter().enumerate() {
                names.push((m.number.clone(), Target::Municipality(i), None));
                names.push((fold(&m.name), Target::Municipality(i), None));
                for former in &m.former_names {
                    names.push((fold(former), Target::Municipality(i), Some(former.clone())));
                }
            }
            for (i, n) in registry.networks.iter().enumerate() {
                names.push((fold(&n.id), Target::Network(i), None));
                names.push((fold(&n.name), Target::Network(i), None));
            }
            for (i, p) in registry.people.iter().enumerate() {
                names.push((fold(&p.name), Target::Person(i), None));
            }
            let mut best = best_scores(&wanted, &names);
            if best.is_empty() && wanted.contains(' ') {
                // "nye alver": any word of three letters or more that finds something.
                for word in wanted.split(' ').filter(|w| w.chars().count() >= 3) {
                    for (target, hit) in best_scores(word, &names) {
                        let entry = best.entry(target).or_insert((0, None));
                        if hit.0 > entry.0 {
                            *entry = hit;
                        }
                    }
                }
            }
            let top = best.values().map(|(s, _)| *s).max().unwrap_or(0);
            if top == 0 {
                return Err(NotFound::Lookup {
                    query: query.to_string(),
                    suggestions: suggestions(&wanted, &names, &registry),
                }
                .into());
            }
            // Exact matches hide prefixes, and prefixes hide typos.
            let floor = match top {
                100 => 100,
                80..=99 => 80,
                _ => 0,
            };
            let mut hits: Vec<(u32, Target, Option<String>)> = best
                .into_iter()
                .filter(|(_, (s, _))| *s >= floor)
                .map(|(t, (s, f))| (s, t, f))
                .collect();
            hits.sort_by_key(|(s, t, _)| {
                let (kind, i) = match t {
                    Target::Municipality(i) => (0, *i),
                    Target::Network(i) => (1, *i),
                    Target::Person(i) => (2, *i),
                };
                (std::cmp::Reverse(*s), kind, i)
            });
            hits.into_iter()
                .map(|(_, target, former)| describe(view, &registry, target, former))
                .collect()
        })
    }
}

type Names = [(String, Target, Option<String>)];

/// The best score each target gets for the query, with the former name that gave it.
fn best_scores(wanted: &str, names: &Names) -> HashMap<Target, (u32, Option<String>)> {
    let mut best: HashMap<Target, (u32, Option<String>)> = HashMap::new();
    for (name, target, former) in names {
        let Some(points) = score(wanted, name) else {
            continue;
        };
        let entry = best.entry(*target).or_insert((0, None));
        if points > entry.0 {
            *entry = (points, former.clone());
        }
    }
    best
}

fn describe(
    view: &impl View,
    registry: &Registry,
    target: Target,
    former: Option<String>,
) -> Result<LookupMatch> {
    Ok(match target {
        Target::Municipality(i) => {
            let m = &registry.municipalities[i];
            let networks: Vec<&Network> = registry
                .networks
                .iter()
                .filter(|n| n.has_member(&m.number))
                .collect();
            let mut network_grants = Vec::new();
            for n in &networks {
                network_grants.extend(grants(view, &n.id)?);
            }
            LookupMatch::Municipality {
                number: m.number.clone(),
                name: m.name.clone(),
                county: m.county.clone(),
                former_names: m.former_names.clone(),
                matched_former_name: former,
                needs_quality_development: super::overview::is_prioritized(m, &registry.priorities),
                networks: networks.iter().map(|n| n.id.clone()).collect(),
                memberships: networks
                    .iter()
                    .map(|n| NetworkMembership {
                        id: n.id.clone(),
                        name: n.name.clone(),
                        steering_group: n.steering_group.contains(&m.number),
                    })
                    .collect(),
                coordinators: networks
                    .iter()
                    .flat_map(|n| network_people(registry, n))
                    .filter(|p| p.roles.contains(&Role::Coordinator))
                    .collect(),
                people: networks
                    .iter()
                    .flat_map(|n| network_people(registry, n))
                    .filter(|p| {
                        p.municipality
                            .as_ref()
                            .is_some_and(|r| r.number == m.number)
                    })
                    .collect(),
                grants: project_grants(view, &m.number)?,
                network_grants,
                history: super::overview::municipality_history(view, &m.number, &registry.rounds)?,
            }
        }
        Target::Network(i) => {
            let n = &registry.networks[i];
            LookupMatch::Network {
                id: n.id.clone(),
                name: n.name.clone(),
                county: n.county.clone(),
                members: n.members.iter().map(|m| registry.reference(m)).collect(),
                steering_group: n
                    .steering_group
                    .iter()
                    .map(|m| registry.reference(m))
                    .collect(),
                people: network_people(registry, n),
                grants: grants(view, &n.id)?,
                history: super::overview::network_history(view, &n.id, &registry.rounds)?,
            }
        }
        Target::Person(i) => LookupMatch::Person(registry.people[i].clone()),
    })
}

/// The closest names, for "did you mean".
fn suggestions(
    wanted: &str,
    names: &[(String, Target, Option<String>)],
    registry: &Registry,
) -> Vec<String> {
    let mut scored: Vec<(usize, String)> = names
        .iter()
        .map(|(name, target, former)| {
            let shown = match (target, former) {
                (_, Some(former)) => former.clone(),
                (Target::Municipality(i), None) => registry.municipalities[*i].name.clone(),
                (Target::Network(i), None) => registry.networks[*i].id.clone(),
                (Target::Person(i), None) => registry.people[*i].name.clone(),
            };
            let prefix: String = name.chars().take(wanted.chars().count()).collect();
            (
                edit_distance(wanted, name).min(edit_distance(wanted, &prefix) + 1),
                shown,
            )
        })
        .filter(|(d, _)| *d <= 3.max(wanted.chars().count() / 2))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}
