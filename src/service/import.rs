//! Imports: parse the files, check them against what is stored and write, all in one
//! transaction. Registries and rounds are parsed whole first; applications are parsed a
//! chunk at a time on another thread while the chunk before is checked and written, so a
//! large file's memory stays bounded. Identical data is a no-op.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::commands::record;
use super::{ImportSummary, Receipt, Service};
use crate::domain::{Application, Case, Change, Event, Municipality};
use crate::error::Result;
use crate::import::{self, ImportError, Problem, Source};
use crate::store::{NewCases, View, Writer};

impl Service {
    pub(super) fn import_registry(&self, actor: &str, sources: &[Source]) -> Result<Receipt> {
        let batch = import::parse_registry(sources)?;
        let at = self.now();
        self.store.write(|writer| {
            let stored: HashMap<String, Municipality> = writer
                .municipalities()?
                .into_iter()
                .map(|m| (m.number.clone(), m))
                .collect();
            let toml_numbers: HashMap<&str, &Municipality> = batch
                .municipalities
                .iter()
                .map(|m| (m.number.as_str(), m))
                .collect();
            let mut incoming: Vec<Municipality> = batch.municipalities.clone();
            for m in &batch.csv_municipalities {
                let mut m = m.clone();
                // CSV says nothing of language form or quality flag: keep what is known.
                if let Some(known) = toml_numbers
                    .get(m.number.as_str())
                    .copied()
                    .or(stored.get(&m.number))
                {
                    m.language_form = known.language_form;
                    m.needs_quality_development = known.needs_quality_development;
                }
                if !toml_numbers.contains_key(m.number.as_str()) {
                    incoming.push(m);
                }
            }
            let known = |number: &str| {
                stored.contains_key(number) || incoming.iter().any(|m| m.number == number)
            };
            for (network, file) in batch.networks.iter().zip(&batch.network_files) {
                let unknown = |field: String, number: &str| ImportError {
                    row: None,
                    file: file.clone(),
                    item: Some(network.id.clone()),
                    field: Some(field),
                    problem: Problem::UnknownMunicipality {
                        number: number.to_string(),
                    },
                };
                for (i, number) in network.members.iter().enumerate() {
                    if !known(number) {
                        return Err(unknown(format!("members[{i}]"), number).into());
                    }
                }
                for (i, person) in network.people.iter().enumerate() {
                    if let Some(number) = person.municipality.as_deref().filter(|n| !known(n)) {
                        return Err(unknown(format!("person[{i}].municipality"), number).into());
                    }
                }
            }
            let mut summary = ImportSummary::default();
            let (mut municipalities, mut networks) = (0, 0);
            for m in &incoming {
                match stored.get(&m.number) {
                    Some(old) if old == m => summary.unchanged += 1,
                    old => {
                        if old.is_some() {
                            summary.changed += 1;
                        } else {
                            summary.added += 1;
                        }
                        municipalities += 1;
                        writer.put_municipality(m)?;
                    }
                }
            }
            let named = store_municipality_details(writer, &batch.details)?;
            municipalities += named;
            summary.changed += named;
            networks += store_networks(writer, &batch.networks, &mut summary)?;
            let events = if municipalities + networks > 0 {
                let change = Change::RegistryChanged {
                    municipalities,
                    networks,
                    digest: crate::domain::registry::digest(
                        &writer.municipalities()?,
                        &writer.networks()?,
                        &writer.municipality_details()?,
                    ),
                };
                record(writer, actor, at, None, vec![change])?
            } else {
                Vec::new()
            };
            Ok(Receipt {
                events,
                import: Some(summary),
                ..Receipt::default()
            })
        })
    }

    pub(super) fn import_rounds(&self, actor: &str, sources: &[Source]) -> Result<Receipt> {
        let rounds = import::parse_rounds(sources)?;
        let at = self.now();
        self.store.write(|writer| {
            let mut summary = ImportSummary::default();
            let mut events = Vec::new();
            for (file_index, round, terms) in &rounds {
                let old = writer.round(&round.id)?;
                // The terms beside the round: recorded when they differ from what is
                // stored (none stored reads as none given).
                let old_terms = writer.round_terms(&round.id)?;
                let terms_changed = old_terms.clone().unwrap_or_default() != *terms;
                if terms_changed {
                    writer.put_round_terms(&round.id, terms)?;
                    let change = Change::RoundTermsChanged {
                        round: round.id.clone(),
                        before: old_terms.map(Box::new),
                        after: Box::new(terms.clone()),
                    };
                    events.extend(record(writer, actor, at, None, vec![change])?);
                }
                if old.as_ref() == Some(round) {
                    if terms_changed {
                        summary.changed += 1;
                    } else {
                        summary.unchanged += 1;
                    }
                    continue;
                }
                if let Some(old) = &old {
                    let file = &sources[*file_index].name;
                    check_round_update(writer, file, old, round)?;
                    summary.changed += 1;
                } else {
                    summary.added += 1;
                }
                writer.put_round(round)?;
                let change = Change::RoundChanged {
                    before: old.map(Box::new),
                    after: Box::new(round.clone()),
                };
                events.extend(record(writer, actor, at, None, vec![change])?);
            }
            Ok(Receipt {
                events,
                import: Some(summary),
                ..Receipt::default()
            })
        })
    }

    pub(super) fn import_applications(
        &self,
        actor: &str,
        files: Vec<Source>,
        replace: bool,
    ) -> Result<Receipt> {
        let sources = files.as_slice();
        let at = self.now();
        // Read a chunk at a time inside the one transaction: a large import never holds
        // all its applications at once, and a problem anywhere still stores nothing.
        let receipt: Result<Receipt> = self.store.write(|writer| -> Result<Receipt> {
            std::thread::scope(|scope| {
                // A chunk's cases, once stored, are freed on a thread of their own: the
                // writer's thread is the import's critical path, and giving back the
                // memory of 100 000 applications was a twentieth of its time.
                let (discard, discarded) = std::sync::mpsc::sync_channel::<Vec<Case>>(2);
                scope.spawn(move || discarded.into_iter().for_each(drop));
                let mut import = ApplicationImport {
                    actor,
                    at,
                    replace,
                    sources,
                    known: Known::load(writer)?,
                    by_key: None,
                    summary: ImportSummary::default(),
                    warnings: Vec::new(),
                    discard,
                };
                import::parse_applications_streamed(
                    sources,
                    |parsed| ReadChunk::new(parsed, at),
                    |chunk| import.take(writer, chunk),
                )?;
                // The events are counted, not held: see `Receipt::events`.
                Ok(Receipt {
                    events: Vec::new(),
                    import: Some(import.summary),
                    warnings: import.warnings,
                })
            })
        });
        // An error about an application of a table, placed by its row and column.
        let receipt = receipt.map_err(|e| match e {
            crate::error::Error::Import(error) => import::locate(error, sources).into(),
            other => other,
        })?;
        // A large import leaves the file's length up to twice what it holds (redb grows
        // it by doubling). Where that room takes up disk it is given back; where the
        // filesystem keeps it as a hole, as Linux's do, compacting would cost a pass
        // over the whole file for nothing. The import itself is committed already, so a
        // compaction that cannot run (another process holds the file) changes nothing
        // and is left for the next time. The files' text is no longer needed: not held
        // through the compaction's reading.
        drop(files);
        if receipt.import.is_some_and(|s| s.added >= COMPACT_AFTER) {
            let _ = self.store.compact_where_room_takes_disk();
        }
        Ok(receipt)
    }
}

/// An import of applications under way: what it checks against, and what it has done.
struct ApplicationImport<'a> {
    actor: &'a str,
    at: chrono::DateTime<chrono::Utc>,
    replace: bool,
    sources: &'a [Source],
    known: Known,
    /// Stored references by their case-free key, read the first time one is needed.
    by_key: Option<HashMap<String, String>>,
    summary: ImportSummary,
    /// Fields folded to one line, as warnings.
    warnings: Vec<ImportError>,
    /// Where stored cases go to be freed.
    discard: std::sync::mpsc::SyncSender<Vec<Case>>,
}

/// A chunk as the reading thread hands it over: its applications as new cases made
/// ready to store (most of a large import is new cases), and what came with each.
struct ReadChunk {
    new: NewCases,
    /// Beside each of the cases, in order.
    with: Vec<import::Accompanying>,
}

impl ReadChunk {
    fn new(parsed: Vec<import::Parsed>, at: chrono::DateTime<chrono::Utc>) -> ReadChunk {
        let mut cases = Vec::with_capacity(parsed.len());
        let mut with = Vec::with_capacity(parsed.len());
        for parsed in parsed {
            cases.push(Case::new(parsed.application, at));
            with.push(parsed.with);
        }
        ReadChunk {
            new: NewCases::new(cases),
            with,
        }
    }
}

impl ApplicationImport<'_> {
    /// Checks and stores one chunk of applications.
    fn take(&mut self, writer: &mut Writer, chunk: ReadChunk) -> Result<()> {
        let (actor, at) = (self.actor, self.at);
        let ReadChunk { new, with } = chunk;
        let stored = writer.cases(new.cases().iter().map(Case::reference))?;
        let mut batch = Batch {
            new_digests: Vec::with_capacity(with.len()),
            ..Batch::default()
        };
        // Which of the chunk's cases are new after all.
        let mut is_new = Vec::with_capacity(with.len());
        for ((with, case), mut before) in with.into_iter().zip(new.cases()).zip(stored) {
            let import::Accompanying {
                file_index,
                mut digest,
                given: import::Given { details, themes },
                folded,
            } = with;
            let mut application = Cow::Borrowed(&case.application);
            if before.is_none() {
                // References compare without regard to case: one written `inn-1` where
                // `INN-1` is stored is that case, under its stored name.
                if let Some((reference, old)) =
                    stored_as_written(writer, &mut self.by_key, case.reference())?
                {
                    application.to_mut().reference = reference;
                    digest = application.digest();
                    before = Some(Box::new(old));
                }
            }
            let file = &self.sources[file_index].name;
            let reference = application.reference.clone();
            let at_field = |field: &str, problem: Problem| ImportError {
                row: None,
                file: file.clone(),
                item: Some(reference.clone()),
                field: Some(field.to_string()),
                problem,
            };
            self.known.check(&application, &at_field)?;
            let unchanged = before
                .as_ref()
                .is_some_and(|old| old.application == *application);
            // Fields folded to one line: warned of, and their originals kept in the log.
            if !folded.is_empty() && !unchanged {
                batch
                    .originals
                    .push((reference.clone(), folded_fields(&folded)));
            }
            let warnings = folded.into_iter().map(|(warning, _)| warning);
            self.warnings.extend(warnings);
            if details != crate::domain::CaseDetails::default() {
                batch.details_given.push((reference.clone(), details));
            }
            // Themes come with a new or replaced application; an unchanged one is
            // skipped whole, and themes set by hand since stay.
            if let Some(themes) = themes.filter(|_| !unchanged) {
                batch.themes_given.push((reference.clone(), themes));
            }
            is_new.push(before.is_none());
            let summary = &mut self.summary;
            let case = match &before {
                Some(_) if unchanged => {
                    summary.unchanged += 1;
                    continue;
                }
                Some(old) if self.replace => {
                    summary.changed += 1;
                    replacement(old, application.into_owned(), actor, &at_field)?
                }
                Some(_) => {
                    let problem = Problem::ExistsDifferent {
                        reference: reference.clone(),
                    };
                    return Err(at_field("reference", problem).into());
                }
                None => {
                    summary.added += 1;
                    batch.new_digests.push(digest);
                    continue;
                }
            };
            writer.put_case(before.as_deref(), &case)?;
            batch.replaced.push((reference, digest));
        }
        // Made ready for all of them; where some were stored already, made again for
        // the new ones alone.
        batch.new_cases = if is_new.iter().all(|&new| new) {
            Some(new)
        } else {
            let cases = new.into_cases().into_iter().zip(&is_new);
            let cases = cases.filter_map(|(case, &new)| new.then_some(case));
            Some(NewCases::new(cases.collect()))
        };
        self.summary.logged += store_batch(writer, actor, at, batch, &self.discard)?;
        Ok(())
    }
}

/// The networks of an import, counted in `summary`; how many were new or changed.
fn store_networks(
    writer: &mut crate::store::Writer,
    networks: &[crate::domain::Network],
    summary: &mut ImportSummary,
) -> Result<usize> {
    let mut stored = 0;
    for network in networks {
        match writer.network(&network.id)? {
            Some(old) if &old == network => summary.unchanged += 1,
            old => {
                if old.is_some() {
                    summary.changed += 1;
                } else {
                    summary.added += 1;
                }
                stored += 1;
                writer.put_network(network)?;
            }
        }
    }
    Ok(stored)
}

/// Official names and numbers: set where the file gives them, kept where it does not.
/// How many municipalities changed.
fn store_municipality_details(
    writer: &mut crate::store::Writer,
    given: &[(String, crate::domain::MunicipalityDetails)],
) -> Result<usize> {
    let stored = writer.municipality_details()?;
    let mut changed = 0;
    for (number, given) in given {
        let before = stored.get(number).cloned().unwrap_or_default();
        let after = crate::domain::MunicipalityDetails {
            official_name: given.official_name.clone().or(before.official_name.clone()),
            org_number: given.org_number.clone().or(before.org_number.clone()),
        };
        if after != before {
            writer.put_municipality_details(number, &after)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// An import that adds this many cases compacts the file after it.
const COMPACT_AFTER: usize = 10_000;

/// What an application may refer to: the stored rounds, networks and municipalities.
struct Known {
    rounds: BTreeMap<String, crate::domain::Round>,
    networks: HashSet<String>,
    municipalities: HashSet<String>,
}

impl Known {
    fn load(view: &impl View) -> Result<Known> {
        Ok(Known {
            rounds: view
                .rounds()?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect(),
            networks: view.networks()?.into_iter().map(|n| n.id).collect(),
            municipalities: view
                .municipalities()?
                .into_iter()
                .map(|m| m.number)
                .collect(),
        })
    }

    /// Every id the application names must exist.
    fn check(
        &self,
        application: &Application,
        at_field: &dyn Fn(&str, Problem) -> ImportError,
    ) -> Result<(), ImportError> {
        let Some(round) = self.rounds.get(&application.round) else {
            let id = application.round.clone();
            let known = self.rounds.keys().cloned().collect();
            return Err(at_field("round", Problem::UnknownRound { id, known }));
        };
        if !self.networks.contains(&application.network) {
            let id = application.network.clone();
            return Err(at_field("network", Problem::UnknownNetwork { id }));
        }
        if !self.municipalities.contains(&application.lead_municipality) {
            let number = application.lead_municipality.clone();
            return Err(at_field(
                "lead_municipality",
                Problem::UnknownMunicipality { number },
            ));
        }
        for (i, number) in application.municipalities.iter().enumerate() {
            if !self.municipalities.contains(number) {
                let number = number.clone();
                let field = format!("municipalities[{i}]");
                return Err(at_field(&field, Problem::UnknownMunicipality { number }));
            }
        }
        for (i, request) in application.requests.iter().enumerate() {
            if round.pot(&request.pot).is_none() {
                let problem = Problem::UnknownPot {
                    pot: request.pot.clone(),
                    round: round.id.clone(),
                    known: round.pot_ids(),
                };
                return Err(at_field(&format!("requests[{i}].pot"), problem));
            }
        }
        Ok(())
    }
}

/// The case with its application replaced (`--replace`), where the review allows it.
fn replacement(
    old: &Case,
    application: Application,
    actor: &str,
    at_field: &dyn Fn(&str, Problem) -> ImportError,
) -> Result<Case, ImportError> {
    let reference = application.reference.clone();
    if old.is_conflicted(actor) {
        let person = actor.to_string();
        return Err(at_field(
            "reference",
            Problem::ReplaceConflicted { reference, person },
        ));
    }
    if old.state.is_closed() || old.proposal.is_some() {
        return Err(at_field("reference", Problem::ReplaceClosed { reference }));
    }
    if application.round != old.application.round && !old.allocations.is_empty() {
        let round = application.round.clone();
        return Err(at_field(
            "round",
            Problem::ReplaceMovesAllocations { reference, round },
        ));
    }
    for (pot, amount) in &old.allocations {
        if application.requested(pot).is_none_or(|r| r < *amount) {
            let pot = pot.clone();
            return Err(at_field(
                "requests",
                Problem::ReplaceBelowAllocation { reference, pot },
            ));
        }
    }
    let mut case = old.clone();
    case.application = application;
    case.revision += 1;
    Ok(case)
}

/// A round may change only in ways that keep what was done under it sound: no pot below
/// what is allocated from it, and four-eyes not turned off while proposals made under
/// it wait for a decision.
fn check_round_update(
    writer: &crate::store::Writer,
    file: &str,
    old: &crate::domain::Round,
    round: &crate::domain::Round,
) -> Result<()> {
    let refuse = |field: &str, problem: Problem| ImportError {
        row: None,
        file: file.to_string(),
        item: Some(round.id.clone()),
        field: Some(field.to_string()),
        problem,
    };
    for pot in &old.pots {
        let allocated = writer.pot_allocated(&old.id, &pot.id)?;
        let new_total = round.pot(&pot.id).map(|p| p.total);
        if !allocated.is_zero() && new_total.is_none_or(|t| t < allocated) {
            let pot = pot.id.clone();
            return Err(refuse("pot", Problem::PotBelowAllocated { pot }).into());
        }
    }
    if old.four_eyes && !round.four_eyes {
        let mut waiting = Vec::new();
        for reference in writer.case_references(&round.id)? {
            if let Some(case) = writer.case(&reference)? {
                if case.proposal.is_some() && !case.state.is_closed() {
                    waiting.push(reference);
                }
            }
        }
        if !waiting.is_empty() {
            let problem = Problem::FourEyesWhileProposed {
                round: round.id.clone(),
                cases: waiting,
            };
            return Err(refuse("four_eyes", problem).into());
        }
    }
    Ok(())
}

/// Every stored reference by its case-free key, read once per import.
fn stored_reference_keys(view: &impl View) -> Result<HashMap<String, String>> {
    let mut keys = HashMap::new();
    view.scan(
        crate::store::tables::CASES,
        crate::store::unbounded(),
        &mut |key, _| {
            keys.insert(crate::domain::text::reference_key(key), key.to_string());
            Ok(true)
        },
    )?;
    Ok(keys)
}

/// What an import of applications stores after the cases it replaced: the new cases,
/// the originals of folded fields, and the references and payees given; and the events
/// of all of it, with those of the cases replaced.
#[derive(Default)]
struct Batch {
    /// Cases replaced (stored already), each with its new application's digest.
    replaced: Vec<(String, String)>,
    /// New cases, and beside them each one's application's digest.
    new_cases: Option<NewCases>,
    new_digests: Vec<String>,
    originals: Vec<(String, Vec<(String, String)>)>,
    details_given: Vec<(String, crate::domain::CaseDetails)>,
    themes_given: Vec<(String, Vec<crate::domain::Theme>)>,
}

/// Stores a chunk's batch; how many events it recorded.
fn store_batch(
    writer: &mut Writer,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
    batch: Batch,
    discard: &std::sync::mpsc::SyncSender<Vec<Case>>,
) -> Result<u64> {
    let Batch {
        replaced,
        new_cases,
        new_digests,
        originals,
        details_given,
        themes_given,
    } = batch;
    // New cases, the bulk of an import, go in together; so do the events of the whole
    // batch, in the order they happen: one pass over the log's tables, not one per event.
    let new_cases = new_cases.unwrap_or_else(|| NewCases::new(Vec::new()));
    writer.put_new_cases(&new_cases)?;
    let event = |case: &str, change: Change| Event::new(at, actor, Some(case), change);
    let received = |reference: &str, replaced: bool, digest: String| {
        event(reference, Change::Received { replaced, digest })
    };
    let mut events: Vec<Event> = Vec::with_capacity(replaced.len() + new_cases.cases().len());
    events.extend(
        replaced
            .into_iter()
            .map(|(reference, digest)| received(&reference, true, digest)),
    );
    events.extend(
        new_cases
            .cases()
            .iter()
            .zip(new_digests)
            .map(|(case, digest)| received(case.reference(), false, digest)),
    );
    // Where the freeing thread is gone, they are freed here.
    let _ = discard.send(new_cases.into_cases());
    for (reference, fields) in originals {
        events.push(event(&reference, Change::TextFolded { fields }));
    }
    // What the file says of references and the payee is set over what is stored;
    // what it leaves out stays (an archive reference set by hand is kept).
    for (reference, given) in details_given {
        let before = writer.case_details(&reference)?;
        let after = given.over(&before);
        if after != before {
            writer.put_case_details(&reference, &after)?;
            events.push(event(
                &reference,
                Change::CaseDetailsChanged { before, after },
            ));
        }
    }
    for (reference, themes) in themes_given {
        let before = writer.case_themes(&reference)?;
        if let Some(change) = crate::domain::overview::set_themes(&before, themes) {
            if let Change::ThemesSet { after, .. } = &change {
                writer.put_case_themes(&reference, after)?;
            }
            events.push(event(&reference, change));
        }
    }
    Ok(writer.append_events(events)?.len() as u64)
}

/// Each folded field with the text the file had.
fn folded_fields(folded: &[(ImportError, String)]) -> Vec<(String, String)> {
    folded
        .iter()
        .map(|(warning, original)| (warning.field.clone().unwrap_or_default(), original.clone()))
        .collect()
}

/// The stored case a reference names in another case (`inn-1` for `INN-1`), with its
/// stored reference; the keys are read at the first need.
fn stored_as_written(
    writer: &Writer,
    by_key: &mut Option<HashMap<String, String>>,
    reference: &str,
) -> Result<Option<(String, Case)>> {
    let keys = match by_key {
        Some(keys) => keys,
        None => by_key.insert(stored_reference_keys(writer)?),
    };
    // Into an empty database (the largest imports), nothing to look for.
    if keys.is_empty() {
        return Ok(None);
    }
    let key = crate::domain::text::reference_key(reference);
    match keys.get(&key) {
        Some(stored) => Ok(writer.case(stored)?.map(|case| (stored.clone(), case))),
        None => Ok(None),
    }
}
