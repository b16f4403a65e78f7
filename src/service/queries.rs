//! Read-only questions, each answered from one consistent snapshot.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::Service;
use super::commands::case_not_found;
use crate::domain::{
    Case, CaseLine, CaseState, CheckState, CheckSummary, Event, Money, Municipality, Network, Round,
};
use crate::error::{NotFound, Result};
use crate::store::View;

/// A pot's balance: `remaining` is computed here, never by a front-end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PotBalance {
    pub id: String,
    pub name: String,
    pub total: Money,
    /// Granted and provisional together: what the pot has given or holds for cases.
    pub allocated: Money,
    pub remaining: Money,
    /// On decided (and later) cases.
    #[serde(default)]
    pub granted: Money,
    /// Allocated on cases not yet decided.
    #[serde(default)]
    pub provisional: Money,
    /// After the decisions, each case's amounts spread over its pots in proportion to
    /// what each granted: paid out, spent by the recipients, claimed back, repaid.
    /// Repaid money is shown, never put back in the pot.
    #[serde(default)]
    pub paid: Money,
    #[serde(default)]
    pub spent: Money,
    #[serde(default)]
    pub claimed: Money,
    #[serde(default)]
    pub repaid: Money,
}

/// A pot's total and what it has left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PotRoom {
    pub id: String,
    pub total: Money,
    pub remaining: Money,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RoundStatus {
    pub round: Round,
    pub pots: Vec<PotBalance>,
    pub cases: BTreeMap<CaseState, u64>,
    /// Requested and allocated per pot, for each network that applied.
    pub networks: Vec<NetworkBreakdown>,
}

/// One network's share of a round.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NetworkBreakdown {
    pub id: String,
    pub name: Option<String>,
    pub cases: u64,
    pub requested: BTreeMap<String, Money>,
    pub allocated: BTreeMap<String, Money>,
}

/// Which cases a list shows. Built directly, or from a query with
/// [`ListFilter::parse_query`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilter {
    pub round: Option<String>,
    pub state: Option<CaseState>,
    /// Folded text a requested pot's id must contain.
    pub pot: Option<String>,
    /// Folded text the network's id or name must contain.
    pub network: Option<String>,
    /// Folded words that must all occur in reference, title or network.
    pub words: Vec<String>,
    /// Only cases a municipality (by number) takes part in.
    #[serde(default)]
    pub municipality: Option<String>,
    /// Only cases with something due (`due:all`), or overdue (`due:overdue`).
    #[serde(default)]
    pub due: Option<DueFilter>,
}

/// Which cases the `due:` filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueFilter {
    Any,
    Overdue,
}

impl ListFilter {
    /// Whether the filter is more than a person types: its words and parts together
    /// longer than a lookup query may be. Each word costs a pass over every case.
    pub fn is_too_large(&self) -> bool {
        let parts = [&self.round, &self.pot, &self.network, &self.municipality];
        let length: usize = self
            .words
            .iter()
            .map(|w| w.chars().count() + 1)
            .sum::<usize>()
            + parts
                .iter()
                .filter_map(|p| p.as_deref())
                .map(|p| p.chars().count())
                .sum::<usize>();
        length > super::MAX_QUERY_CHARS
    }
}

/// One line of the case list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseRow {
    pub reference: String,
    pub round: String,
    pub network: String,
    pub network_name: Option<String>,
    pub title: String,
    pub state: CaseState,
    pub requested: Money,
    pub allocated: Money,
    pub checks: CheckSummary,
    /// The pots the application requests from.
    pub pots: Vec<String>,
    /// The outcome of the decision, or else of the proposal, where there is one.
    #[serde(default)]
    pub outcome: Option<crate::domain::Outcome>,
    /// The most pressing thing due in the case, if anything is (within 30 days).
    #[serde(default)]
    pub due: Option<super::follow_up::DueMark>,
    /// Who declared a conflict of interest in the case.
    #[serde(default)]
    pub conflicted: Vec<String>,
    /// The numbers of the municipalities taking part, lead first.
    #[serde(default)]
    pub municipalities: Vec<String>,
}

/// Everything about one case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseView {
    pub case: Case,
    pub round: Round,
    pub network: Option<Network>,
    /// The application's municipalities (lead first), with the registry entry if known.
    pub municipalities: Vec<(String, Option<Municipality>)>,
    pub checks: Vec<CheckState>,
    /// What the adviser should weigh, though no rule stops a grant on it.
    #[serde(default)]
    pub flags: Vec<crate::domain::Flag>,
    /// Payments, report, claims, repayments and extension after the decision.
    #[serde(default)]
    pub follow_up: crate::domain::follow_up::FollowUp,
    /// The date the funds must be used by: the case's extension, else the round's.
    #[serde(default)]
    pub use_by: Option<chrono::NaiveDate>,
    pub balances: Vec<PotBalance>,
    /// The case's events in order: all of them, or the latest where fewer were asked
    /// for ([`Service::case_recent`]), with `earlier_events` before them.
    pub history: Vec<Event>,
    /// How many of the case's events precede `history`.
    #[serde(default)]
    pub earlier_events: usize,
    /// The event number of the current proposal, if there is one.
    #[serde(default)]
    pub proposal_event: Option<u64>,
    /// The archive's and the applicant's references, and the payee.
    #[serde(default)]
    pub details: crate::domain::CaseDetails,
    /// The project kinds an adviser recorded.
    #[serde(default)]
    pub themes: Vec<crate::domain::Theme>,
}

impl CaseView {
    /// The event number of the current proposal (`show --json`: `proposal.seq`).
    pub fn proposal_seq(&self) -> Option<u64> {
        self.proposal_event
    }
}

/// What a round's rows read besides the cases, read once for many rows: the round,
/// the counties it covers and its report deadline (both from its stored terms).
pub(super) struct RoundFacts {
    pub round: Round,
    pub counties: Vec<String>,
    pub report_due: Option<chrono::NaiveDate>,
}

impl RoundFacts {
    pub(super) fn load(view: &impl View, round: Round) -> Result<RoundFacts> {
        let terms = view.round_terms(&round.id)?;
        Ok(RoundFacts {
            counties: crate::domain::round::counties(&round, terms.as_ref()),
            report_due: terms.and_then(|t| t.report_due),
            round,
        })
    }
}

/// The list line of a case read whole (where it has no stored line).
fn row_of(case: &Case, facts: &RoundFacts, network: Option<&Network>, tied: &Tied) -> CaseRow {
    let setting = crate::domain::Setting {
        round: &facts.round,
        counties: &facts.counties,
        network,
    };
    row_from_line(case.line(setting), network.map(|n| n.name.clone()), tied)
}

/// The list line from a case's line and what lives elsewhere: the network's name and
/// standing ties. What is due is marked by [`with_due`].
fn row_from_line(line: CaseLine, network_name: Option<String>, tied: &Tied) -> CaseRow {
    let conflicted = conflicted(&line, tied);
    CaseRow {
        reference: line.reference,
        round: line.round,
        network: line.network,
        network_name,
        title: line.title,
        state: line.state,
        requested: line.requested,
        allocated: line.allocated,
        checks: line.checks,
        pots: line.pots,
        outcome: line.outcome,
        due: None,
        conflicted,
        municipalities: line.municipalities,
    }
}

/// The row with what is due in the case marked (`case` is read only where something
/// may fall due). A mark that cannot be read leaves the row unmarked: it is a hint, and
/// `audit --verify` names a damaged follow-up.
fn with_due(
    mut row: CaseRow,
    case: Option<&Case>,
    view: &impl View,
    facts: &RoundFacts,
    today: chrono::NaiveDate,
) -> CaseRow {
    if let Some(case) = case.filter(|c| c.may_fall_due()) {
        row.due = super::follow_up::due_mark(view, case, facts, today).unwrap_or(None);
    }
    row
}

/// The rounds (with their terms) and network names rows are built in, each read once.
struct RowSettings {
    rounds: HashMap<String, Option<RoundFacts>>,
    network_names: HashMap<String, Option<String>>,
    tied: Tied,
    today: chrono::NaiveDate,
}

impl RowSettings {
    fn new(view: &impl View, today: chrono::NaiveDate) -> Result<RowSettings> {
        Ok(RowSettings {
            rounds: HashMap::new(),
            network_names: HashMap::new(),
            tied: tied_persons(view)?,
            today,
        })
    }

    fn facts(&mut self, view: &impl View, round: &str) -> Result<Option<&RoundFacts>> {
        if !self.rounds.contains_key(round) {
            let facts = match view.round(round)? {
                Some(round) => Some(RoundFacts::load(view, round)?),
                None => None,
            };
            self.rounds.insert(round.to_string(), facts);
        }
        Ok(self.rounds.get(round).and_then(Option::as_ref))
    }

    fn network_name(&mut self, view: &impl View, id: &str) -> Result<Option<String>> {
        if !self.network_names.contains_key(id) {
            let name = view.network(id)?.map(|n| n.name);
            self.network_names.insert(id.to_string(), name);
        }
        Ok(self.network_names.get(id).cloned().flatten())
    }

    /// The row of a stored line; `None` where its round is gone.
    fn row_of_line(&mut self, view: &impl View, line: CaseLine) -> Result<Option<CaseRow>> {
        // Only a case where something may fall due is read whole, for its due mark.
        let case = if line.may_fall_due {
            view.case(&line.reference).ok().flatten()
        } else {
            None
        };
        let network_name = self.network_name(view, &line.network)?;
        let row = row_from_line(line, network_name, &self.tied);
        let today = self.today;
        let Some(facts) = self.facts(view, &row.round)? else {
            return Ok(None);
        };
        Ok(Some(with_due(row, case.as_ref(), view, facts, today)))
    }

    /// The row of a case read whole (one without a stored line); `None` where the case
    /// or its round is not there.
    fn row_of_case(&mut self, view: &impl View, reference: &str) -> Result<Option<CaseRow>> {
        let Some(case) = view.case(reference)? else {
            return Ok(None);
        };
        let network = view.network(&case.application.network)?;
        self.facts(view, &case.application.round)?;
        let Some(Some(facts)) = self.rounds.get(&case.application.round) else {
            return Ok(None);
        };
        let row = row_of(&case, facts, network.as_ref(), &self.tied);
        Ok(Some(with_due(row, Some(&case), view, facts, self.today)))
    }
}

/// At most this many events are looked at to tell what changed; beyond it a view
/// simply reloads everything.
const CHANGE_WINDOW: u64 = 500;

/// Paid, spent, claimed and repaid per pot in a round.
fn follow_up_sums(view: &impl View, round: &Round) -> Result<BTreeMap<String, [Money; 4]>> {
    use crate::domain::follow_up::{granted, split};
    let mut sums: BTreeMap<String, [Money; 4]> = BTreeMap::new();
    for (reference, follow_up) in view.round_follow_ups(&round.id)? {
        let Some(case) = view.case(&reference)? else {
            continue;
        };
        let granted = granted(&case);
        let amounts = [
            follow_up.paid(),
            follow_up.spent(),
            follow_up.claimed(),
            follow_up.repaid(),
        ];
        for (i, amount) in amounts.into_iter().enumerate() {
            for (pot, part) in split(amount, &granted) {
                let sum = &mut sums.entry(pot).or_default()[i];
                *sum = sum.plus(part);
            }
        }
    }
    Ok(sums)
}

pub(super) fn balances(view: &impl View, round: &Round) -> Result<Vec<PotBalance>> {
    let granted = view.round_granted(&round.id)?;
    let after = follow_up_sums(view, round)?;
    round
        .pots
        .iter()
        .map(|pot| {
            let allocated = view.pot_allocated(&round.id, &pot.id)?;
            let granted = granted.get(&pot.id).copied().unwrap_or_default();
            let [paid, spent, claimed, repaid] = after.get(&pot.id).copied().unwrap_or_default();
            Ok(PotBalance {
                paid,
                spent,
                claimed,
                repaid,
                id: pot.id.clone(),
                name: pot.name.clone(),
                total: pot.total,
                allocated,
                remaining: pot.total.minus(allocated),
                granted,
                provisional: allocated.minus(granted),
            })
        })
        .collect()
}

/// Who has a standing tie with each municipality: municipality → persons.
type Tied = BTreeMap<String, Vec<String>>;

fn tied_persons(view: &impl View) -> Result<Tied> {
    let mut tied = Tied::new();
    for (person, municipality) in view.all_ties()?.into_keys() {
        tied.entry(municipality).or_default().push(person);
    }
    Ok(tied)
}

/// Who may not work on the case: those who declared a conflict in it, and those with
/// a standing tie to a municipality in it.
fn conflicted(line: &CaseLine, tied: &Tied) -> Vec<String> {
    let mut persons = line.declared.clone();
    if tied.is_empty() {
        return persons;
    }
    for municipality in &line.municipalities {
        for person in tied.get(municipality).into_iter().flatten() {
            if !persons.contains(person) {
                persons.push(person.clone());
            }
        }
    }
    persons
}

/// Every county a round covers, from its stored terms.
pub(super) fn round_counties(view: &impl View, round: &Round) -> Result<Vec<String>> {
    let terms = view.round_terms(&round.id)?;
    Ok(crate::domain::round::counties(round, terms.as_ref()))
}

fn round_not_found(view: &impl View, id: &str) -> Result<NotFound> {
    Ok(NotFound::Round {
        id: id.to_string(),
        known: view.rounds()?.into_iter().map(|r| r.id).collect(),
    })
}

impl Service {
    /// Balances and case counts for one round, or for every round.
    pub fn status(&self, round: Option<&str>) -> Result<Vec<RoundStatus>> {
        self.store.read(|view| {
            let rounds = match round {
                Some(id) => vec![
                    view.round(id)?
                        .ok_or_else(|| round_not_found(view, id).unwrap_or(NotFound::NoRounds))?,
                ],
                None => view.rounds()?,
            };
            rounds
                .into_iter()
                .map(|round| {
                    let networks = view
                        .network_totals(&round.id)?
                        .into_iter()
                        .map(|(id, totals)| {
                            Ok(NetworkBreakdown {
                                name: view.network(&id)?.map(|n| n.name),
                                id,
                                cases: totals.cases,
                                requested: totals.requested,
                                allocated: totals.allocated,
                            })
                        })
                        .collect::<Result<Vec<_>>>()?;
                    Ok(RoundStatus {
                        pots: balances(view, &round)?,
                        cases: view.state_counts(&round.id)?,
                        networks,
                        round,
                    })
                })
                .collect()
        })
    }

    /// What each pot of a round holds and has left: the figures an allocation is
    /// answered with, without the follow-up sums of [`Service::status`].
    pub fn pot_rooms(&self, round: &str) -> Result<Vec<PotRoom>> {
        self.store.read(|view| {
            let Some(round) = view.round(round)? else {
                return Err(round_not_found(view, round)?.into());
            };
            round
                .pots
                .iter()
                .map(|pot| {
                    let allocated = view.pot_allocated(&round.id, &pot.id)?;
                    Ok(PotRoom {
                        id: pot.id.clone(),
                        total: pot.total,
                        remaining: pot.total.minus(allocated),
                    })
                })
                .collect()
        })
    }

    pub fn rounds(&self) -> Result<Vec<Round>> {
        self.store.read(|view| Ok(view.rounds()?))
    }

    /// The cases that pass the filter, in reference order.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<CaseRow>> {
        let mut rows = Vec::new();
        self.list_each(filter, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// The cases that pass the filter, in reference order, each handed to `visit` as it
    /// is read: a list of any length in constant memory.
    pub fn list_each(
        &self,
        filter: &ListFilter,
        visit: &mut dyn FnMut(CaseRow) -> Result<()>,
    ) -> Result<()> {
        let today = self.today();
        self.store.read(|view| {
            if let Some(id) = &filter.round
                && view.round(id)?.is_none()
            {
                return Err(round_not_found(view, id)?.into());
            }
            let mut settings = RowSettings::new(view, today)?;
            let mut failed = None;
            let mut add = |row: Result<Option<CaseRow>>| -> bool {
                let outcome = match row {
                    Ok(Some(row)) if filter.matches(&row) => visit(row),
                    Ok(_) => Ok(()),
                    Err(e) => Err(e),
                };
                if let Err(e) = outcome {
                    failed = Some(e);
                }
                failed.is_none()
            };
            let wanted = |state: CaseState| filter.state.is_none_or(|s| s == state);
            if let Some(round) = &filter.round {
                view.each_line_of(&view.case_references(round)?, &mut |reference, line| {
                    Ok(match line {
                        Some(line) if !wanted(line.state) => true,
                        Some(line) => add(settings.row_of_line(view, line)),
                        None => add(settings.row_of_case(view, reference)),
                    })
                })?;
            } else {
                view.each_line(&mut |line| {
                    Ok(!wanted(line.state) || add(settings.row_of_line(view, line)))
                })?;
            }
            failed.map_or(Ok(()), Err)
        })
    }

    /// One case with everything a reviewer needs to judge it.
    pub fn case(&self, reference: &str) -> Result<CaseView> {
        self.case_with_history(reference, None)
    }

    /// [`Service::case`] with only the latest `events` of its history (and how many
    /// came before): what `show` lists, without reading a long history whole.
    pub fn case_recent(&self, reference: &str, events: usize) -> Result<CaseView> {
        self.case_with_history(reference, Some(events))
    }

    fn case_with_history(&self, reference: &str, latest: Option<usize>) -> Result<CaseView> {
        self.store.read(|view| {
            let Some(case) = view.case(reference)? else {
                return Err(case_not_found(view, reference));
            };
            let round_id = case.application.round.clone();
            let round = view.round(&round_id)?.ok_or_else(|| NotFound::Round {
                id: round_id,
                known: vec![],
            })?;
            let network = view.network(&case.application.network)?;
            let counties = round_counties(view, &round)?;
            let setting = crate::domain::Setting {
                round: &round,
                counties: &counties,
                network: network.as_ref(),
            };
            let checks = case.check_states(setting);
            // Each with its priority flag as the overview has it: from the registry, or
            // set by an adviser.
            let flags = view.priorities()?;
            let municipalities = case
                .application
                .all_municipalities()
                .into_iter()
                .map(|n| {
                    let found = view.municipality(n)?.map(|mut m| {
                        m.needs_quality_development = super::overview::is_prioritized(&m, &flags);
                        m
                    });
                    Ok((n.to_string(), found))
                })
                .collect::<Result<Vec<_>>>()?;
            let follow_up = view.follow_up(&round.id, reference)?;
            let use_by = follow_up.use_by(round.funds_used_by);
            let seqs = view.case_event_seqs(reference)?;
            let earlier_events = latest.map_or(0, |n| seqs.len().saturating_sub(n));
            let history = view.events_at(&seqs[earlier_events..])?;
            let mut proposal_event = crate::domain::event::current_proposal_seq(&case, &history);
            if case.proposal.is_some() && proposal_event.is_none() {
                // Made before the latest events: looked for backwards, one at a time.
                for &seq in seqs[..earlier_events].iter().rev() {
                    let Some(event) = view.event(seq)? else {
                        continue;
                    };
                    if matches!(event.change, crate::domain::Change::Proposed { .. }) {
                        proposal_event = Some(seq);
                        break;
                    }
                }
            }
            Ok(CaseView {
                details: view.case_details(reference)?,
                themes: view.case_themes(reference)?,
                flags: crate::domain::checks::flags(&case.application, use_by),
                follow_up,
                use_by,
                checks,
                balances: balances(view, &round)?,
                history,
                earlier_events,
                proposal_event,
                municipalities,
                network,
                round,
                case,
            })
        })
    }

    /// The list line of one case.
    pub fn row(&self, reference: &str) -> Result<Option<CaseRow>> {
        if let Some(row) = self.rows(&[reference.to_string()])?.pop().flatten() {
            return Ok(Some(row));
        }
        // Written otherwise than stored (`inn-1` for `INN-1`): that case, as `show`
        // finds it.
        match self.stored_reference(reference)? {
            Some(stored) if stored != reference => Ok(self.rows(&[stored])?.pop().flatten()),
            _ => Ok(None),
        }
    }

    /// The references of a round's cases, in order: cheap (the index only), so a view
    /// can know the whole list and read rows only for what it shows.
    pub fn references(&self, round: &str) -> Result<Vec<String>> {
        self.store.read(|view| Ok(view.case_references(round)?))
    }

    /// The list lines of these cases, in the order asked (`None` for one not there).
    pub fn rows(&self, references: &[String]) -> Result<Vec<Option<CaseRow>>> {
        let today = self.today();
        self.store.read(|view| {
            let mut settings = RowSettings::new(view, today)?;
            let mut rows = Vec::with_capacity(references.len());
            let mut failed = None;
            view.each_line_of(references, &mut |reference, line| {
                let row = match line {
                    Some(line) => settings.row_of_line(view, line),
                    None => settings.row_of_case(view, reference),
                };
                match row {
                    Ok(row) => rows.push(row),
                    Err(e) => failed = Some(e),
                }
                Ok(failed.is_none())
            })?;
            failed.map_or(Ok(rows), Err)
        })
    }

    /// The number of the last event: where a view is.
    pub fn last_event(&self) -> Result<u64> {
        self.store.read(|view| Ok(view.last_event_seq()?))
    }

    /// What changed after event `seq`: the new last event, and the cases touched, or
    /// `None` where anything but cases changed (or too much to list), so a view reloads.
    pub fn changed_since(&self, seq: u64) -> Result<(u64, Option<Vec<String>>)> {
        self.store.read(|view| {
            let last = view.last_event_seq()?;
            if last < seq || last - seq > CHANGE_WINDOW {
                return Ok((last, None));
            }
            let mut cases = Vec::new();
            for n in seq + 1..=last {
                match view.event(n)?.and_then(|e| e.case) {
                    Some(reference) => {
                        if !cases.contains(&reference) {
                            cases.push(reference);
                        }
                    }
                    None => return Ok((last, None)),
                }
            }
            Ok((last, Some(cases)))
        })
    }

    /// The change counter: an open view polls it to notice others' changes.
    pub fn changes(&self) -> Result<u64> {
        Ok(self.store.changes()?)
    }
}

impl Service {
    /// Whether `actor` may change the case now, or the refusal that says why not.
    pub fn may_change(&self, actor: &str, reference: &str) -> Result<()> {
        self.store.read(|view| {
            let Some(case) = view.case(reference)? else {
                return Err(super::commands::case_not_found(view, reference));
            };
            case.ensure_untied(actor, &view.ties_of(actor)?)?;
            Ok(case.may_change(actor)?)
        })
    }
}
