//! Reading in domain words. [`View`] holds every query; [`Reader`] (a snapshot) and
//! [`Writer`] (a write transaction, in `super::write`, which sees its own changes) share
//! it.

use std::collections::BTreeMap;
use std::ops::Bound;

use redb::{ReadTransaction, ReadableTable, TableDefinition};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;
use super::aggregates::Aggregates;
use super::chain::{self, ChainReport};
use super::opened::opened;
use super::tables::{self, key2, prefix_range};
use super::write::Writer;
use crate::domain::{
    Case, CaseDetails, CaseLine, CaseState, Event, LetterRecord, Money, Municipality,
    MunicipalityDetails, Network, Official, Round, RoundTerms, User,
};

/// One network's requests and allocations in one round, per pot.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetworkTotals {
    pub cases: u64,
    pub requested: BTreeMap<String, Money>,
    pub allocated: BTreeMap<String, Money>,
}

impl NetworkTotals {
    pub(super) fn add(&mut self, case: &Case, sign: i8) {
        let apply = |map: &mut BTreeMap<String, Money>, pot: &str, amount: Money| {
            let entry = map.entry(pot.to_string()).or_insert(Money::ZERO);
            *entry = if sign > 0 {
                entry.plus(amount)
            } else {
                entry.minus(amount)
            };
            if entry.is_zero() {
                map.remove(pot);
            }
        };
        for request in &case.application.requests {
            apply(&mut self.requested, &request.pot, request.amount);
        }
        for (pot, amount) in &case.allocations {
            apply(&mut self.allocated, pot, *amount);
        }
        self.cases = if sign > 0 {
            self.cases + 1
        } else {
            self.cases.saturating_sub(1)
        };
    }

    /// Adds another's sums to these.
    pub(super) fn merge(&mut self, other: &NetworkTotals) {
        for (mine, theirs) in [
            (&mut self.requested, &other.requested),
            (&mut self.allocated, &other.allocated),
        ] {
            for (pot, amount) in theirs {
                let sum = mine.entry(pot.clone()).or_default();
                *sum = sum.plus(*amount);
            }
        }
        self.cases += other.cases;
    }
}

pub(super) type TextTable = TableDefinition<'static, &'static str, &'static [u8]>;

/// Amount per pot.
pub type PotAmounts = BTreeMap<String, Money>;

/// Called for each case's list line (`None` for a case without one), with its
/// reference; returns whether to go on.
pub type VisitLine<'a> = &'a mut dyn FnMut(&str, Option<CaseLine>) -> Result<bool, StoreError>;

/// Called for each entry of a scan; returns whether to go on.
pub type Visit<'a> = &'a mut dyn FnMut(&str, &[u8]) -> Result<bool, StoreError>;

pub(super) fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    what: impl FnOnce() -> String,
) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|_| StoreError::Corrupt { what: what() })
}

pub(super) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Most values stored (events, lines, cases) are a few hundred bytes: room for that
    // up front saves the vector's doublings on the way there.
    postcard::to_extend(value, Vec::with_capacity(256)).expect("domain types always encode")
}

/// Every key of a table.
pub fn unbounded() -> (Bound<&'static str>, Bound<&'static str>) {
    (Bound::Unbounded, Bound::Unbounded)
}

/// A composite key as a person reads it.
fn shown_key(key: &str) -> String {
    key.replace(tables::SEP, "/")
}

/// The tables [`Aggregates`] covers.
pub(super) const AGGREGATE_TABLES: [TextTable; 7] = [
    tables::POT_ALLOCATED,
    tables::STATE_COUNTS,
    tables::NETWORK_TOTALS,
    tables::NETWORK_GRANTS,
    tables::ROUND_CASES,
    tables::MUNICIPALITY_GRANTS,
    tables::MUNICIPALITY_CASES,
];

fn scan_table<T: ReadableTable<&'static str, &'static [u8]>>(
    table: &T,
    range: (Bound<&str>, Bound<&str>),
    f: Visit<'_>,
) -> Result<(), StoreError> {
    for entry in table.range::<&str>(range)? {
        let (key, value) = entry?;
        if !f(key.value(), value.value())? {
            break;
        }
    }
    Ok(())
}

/// Every query, built on three primitives that readers and writers provide.
pub trait View {
    fn get(&self, table: TextTable, key: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Calls `f` for each entry in key order until it returns `false`.
    fn scan(
        &self,
        table: TextTable,
        range: (Bound<&str>, Bound<&str>),
        f: Visit<'_>,
    ) -> Result<(), StoreError>;

    fn event(&self, seq: u64) -> Result<Option<Event>, StoreError>;

    /// These events, in the order asked, with the log opened once.
    fn events_at(&self, seqs: &[u64]) -> Result<Vec<Event>, StoreError>;

    /// Many keys of one table, with the table opened once.
    fn get_many<'k>(
        &self,
        table: TextTable,
        keys: impl Iterator<Item = &'k str>,
    ) -> Result<Vec<Option<Vec<u8>>>, StoreError>;

    /// Many cases at once, in the order asked; each boxed, as most are missing where
    /// many are asked for (an import asks for every case it reads): the list is then a
    /// word a case, not the size of one (some 700 bytes).
    fn cases<'k>(
        &self,
        references: impl Iterator<Item = &'k str>,
    ) -> Result<Vec<Option<Box<Case>>>, StoreError> {
        let stored = self.get_many(tables::CASES, references)?;
        let mut cases = Vec::with_capacity(stored.len());
        for bytes in stored {
            let case = bytes.map(|b| decode(&b, || "a case".to_string()));
            cases.push(case.transpose()?.map(Box::new));
        }
        Ok(cases)
    }

    /// Each of these cases, in the order given, handed to `f` one at a time (missing ones
    /// skipped) until it returns `false`: the table is opened once per few hundred cases,
    /// and memory stays constant however many there are.
    fn each_case_of(
        &self,
        references: &[String],
        f: &mut dyn FnMut(Case) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        for chunk in references.chunks(256) {
            for (reference, bytes) in chunk
                .iter()
                .zip(self.get_many(tables::CASES, chunk.iter().map(String::as_str))?)
            {
                let Some(bytes) = bytes else {
                    continue;
                };
                if !f(decode(&bytes, || format!("case {reference}"))?)? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Each of these cases' list lines, in the order given, handed to `f` with the
    /// reference (`None` for a case without a line), until it returns `false`.
    fn each_line_of(&self, references: &[String], f: VisitLine<'_>) -> Result<(), StoreError> {
        for chunk in references.chunks(256) {
            let lines = self.get_many(tables::CASE_LINES, chunk.iter().map(String::as_str))?;
            for (reference, bytes) in chunk.iter().zip(lines) {
                let line = bytes
                    .map(|b| decode(&b, || format!("list line {reference}")))
                    .transpose()?;
                if !f(reference, line)? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// A case's stored list line.
    fn case_line(&self, reference: &str) -> Result<Option<CaseLine>, StoreError> {
        self.get_decoded(tables::CASE_LINES, reference)
    }

    /// Every case's list line, in reference order, until `f` returns `false`.
    fn each_line(
        &self,
        f: &mut dyn FnMut(CaseLine) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        self.scan(tables::CASE_LINES, unbounded(), &mut |key, bytes| {
            f(decode(bytes, || format!("list line {key}"))?)
        })
    }

    fn last_event_seq(&self) -> Result<u64, StoreError>;

    /// Recomputes the hash chain over the whole event log.
    fn verify_chain(&self) -> Result<ChainReport, StoreError>;

    /// Every event, in order (for `audit`).
    fn events(&self) -> Result<Vec<Event>, StoreError> {
        let last = self.last_event_seq()?;
        (1..=last)
            .filter_map(|seq| self.event(seq).transpose())
            .collect()
    }

    fn letter(&self, reference: &str) -> Result<Option<LetterRecord>, StoreError> {
        self.get_decoded(tables::LETTERS, reference)
    }

    /// Per network in a round: `(network, totals)`, in network order.
    fn network_totals(&self, round: &str) -> Result<Vec<(String, NetworkTotals)>, StoreError> {
        let mut totals = Vec::new();
        let (start, end) = prefix_range(round);
        self.scan(
            tables::NETWORK_TOTALS,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let value: NetworkTotals = decode(bytes, || format!("network totals {key}"))?;
                if value.cases > 0 {
                    totals.push((key[start.len()..].to_string(), value));
                }
                Ok(true)
            },
        )?;
        Ok(totals)
    }

    fn get_decoded<T: DeserializeOwned>(
        &self,
        table: TextTable,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        self.get(table, key)?
            .map(|bytes| {
                decode(&bytes, || {
                    format!("{} {key}", redb::TableHandle::name(&table))
                })
            })
            .transpose()
    }

    fn all_decoded<T: DeserializeOwned>(&self, table: TextTable) -> Result<Vec<T>, StoreError> {
        let mut all = Vec::new();
        self.scan(table, unbounded(), &mut |key, bytes| {
            all.push(decode(bytes, || {
                format!("{} {key}", redb::TableHandle::name(&table))
            })?);
            Ok(true)
        })?;
        Ok(all)
    }

    fn changes(&self) -> Result<u64, StoreError> {
        Ok(self
            .get(tables::META, "changes")?
            .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
            .map_or(0, u64::from_le_bytes))
    }

    fn user(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.get_decoded(tables::USERS, login)
    }

    /// Every user of a server, by login.
    fn users(&self) -> Result<Vec<User>, StoreError> {
        self.all_decoded(tables::USERS)
    }

    /// What a round file says beyond the round's rules: counties, report deadline, the
    /// deciding body.
    fn round_terms(&self, id: &str) -> Result<Option<RoundTerms>, StoreError> {
        self.get_decoded(tables::ROUND_TERMS, id)
    }

    /// What the archive and the applicant call a case, and who is paid.
    fn case_details(&self, reference: &str) -> Result<CaseDetails, StoreError> {
        Ok(self
            .get_decoded(tables::CASE_DETAILS, reference)?
            .unwrap_or_default())
    }

    /// Every municipality's official name and number, where the registry gives them.
    fn municipality_details(&self) -> Result<BTreeMap<String, MunicipalityDetails>, StoreError> {
        let mut all = BTreeMap::new();
        self.scan(
            tables::MUNICIPALITY_DETAILS,
            unbounded(),
            &mut |key, bytes| {
                all.insert(
                    key.to_string(),
                    decode(bytes, || format!("municipality {key}"))?,
                );
                Ok(true)
            },
        )?;
        Ok(all)
    }

    /// The name and title a login signs with.
    fn official(&self, login: &str) -> Result<Option<Official>, StoreError> {
        self.get_decoded(tables::OFFICIALS, login)
    }

    /// Every login's name and title.
    fn officials(&self) -> Result<BTreeMap<String, Official>, StoreError> {
        let mut all = BTreeMap::new();
        self.scan(tables::OFFICIALS, unbounded(), &mut |key, bytes| {
            all.insert(
                key.to_string(),
                decode(bytes, || format!("official {key}"))?,
            );
            Ok(true)
        })?;
        Ok(all)
    }

    /// What followed a case's decision (nothing, for most).
    fn follow_up(
        &self,
        round: &str,
        reference: &str,
    ) -> Result<crate::domain::follow_up::FollowUp, StoreError> {
        Ok(self
            .get_decoded(tables::FOLLOW_UP, &key2(round, reference))?
            .unwrap_or_default())
    }

    /// The follow-ups of a round's cases: `(reference, follow-up)`.
    fn round_follow_ups(
        &self,
        round: &str,
    ) -> Result<Vec<(String, crate::domain::follow_up::FollowUp)>, StoreError> {
        let mut all = Vec::new();
        let (start, end) = prefix_range(round);
        self.scan(
            tables::FOLLOW_UP,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let follow_up = decode(bytes, || format!("follow-up {key}"))?;
                all.push((key[start.len()..].to_string(), follow_up));
                Ok(true)
            },
        )?;
        Ok(all)
    }

    /// One person's standing ties: municipality → tie.
    fn ties_of(&self, person: &str) -> Result<crate::domain::ties::Ties, StoreError> {
        let mut ties = crate::domain::ties::Ties::new();
        let (start, end) = prefix_range(person);
        self.scan(
            tables::STANDING_TIES,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let tie = decode(bytes, || format!("tie {key}"))?;
                ties.insert(key[start.len()..].to_string(), tie);
                Ok(true)
            },
        )?;
        Ok(ties)
    }

    /// Every standing tie: (person, municipality) → tie.
    fn all_ties(
        &self,
    ) -> Result<BTreeMap<(String, String), crate::domain::ties::StandingTie>, StoreError> {
        let mut all = BTreeMap::new();
        self.scan(tables::STANDING_TIES, unbounded(), &mut |key, bytes| {
            if let Some((person, municipality)) = key.split_once(tables::SEP) {
                let tie = decode(bytes, || format!("tie {key}"))?;
                all.insert((person.to_string(), municipality.to_string()), tie);
            }
            Ok(true)
        })?;
        Ok(all)
    }

    fn case(&self, reference: &str) -> Result<Option<Case>, StoreError> {
        self.get_decoded(tables::CASES, reference)
    }

    fn round(&self, id: &str) -> Result<Option<Round>, StoreError> {
        self.get_decoded(tables::ROUNDS, id)
    }

    fn rounds(&self) -> Result<Vec<Round>, StoreError> {
        self.all_decoded(tables::ROUNDS)
    }

    fn network(&self, id: &str) -> Result<Option<Network>, StoreError> {
        self.get_decoded(tables::NETWORKS, id)
    }

    fn networks(&self) -> Result<Vec<Network>, StoreError> {
        self.all_decoded(tables::NETWORKS)
    }

    fn municipality(&self, number: &str) -> Result<Option<Municipality>, StoreError> {
        self.get_decoded(tables::MUNICIPALITIES, number)
    }

    fn municipalities(&self) -> Result<Vec<Municipality>, StoreError> {
        self.all_decoded(tables::MUNICIPALITIES)
    }

    /// The sum of a pot's allocations over all cases.
    fn pot_allocated(&self, round: &str, pot: &str) -> Result<Money, StoreError> {
        Ok(self
            .get_decoded(tables::POT_ALLOCATED, &key2(round, pot))?
            .unwrap_or(Money::ZERO))
    }

    fn state_counts(&self, round: &str) -> Result<BTreeMap<CaseState, u64>, StoreError> {
        let mut counts = BTreeMap::new();
        let (start, end) = prefix_range(round);
        self.scan(
            tables::STATE_COUNTS,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let state = key.rsplit(tables::SEP).next().and_then(CaseState::parse);
                let count = <[u8; 8]>::try_from(bytes).map_or(0, u64::from_le_bytes);
                if let (Some(state), true) = (state, count > 0) {
                    counts.insert(state, count);
                }
                Ok(true)
            },
        )?;
        Ok(counts)
    }

    /// One `round SEP state` count.
    fn state_count(&self, key: &str) -> Result<u64, StoreError> {
        Ok(self
            .get(tables::STATE_COUNTS, key)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
            .map_or(0, u64::from_le_bytes))
    }

    /// Every aggregate, computed from the stored cases alone.
    fn computed_aggregates(&self) -> Result<Aggregates, StoreError> {
        let mut computed = Aggregates::default();
        self.scan(tables::CASES, unbounded(), &mut |key, bytes| {
            let case: Case = decode(bytes, || format!("case {key}"))?;
            computed.add(&case);
            Ok(true)
        })?;
        Ok(computed.normalized())
    }

    /// Every aggregate as stored.
    fn stored_aggregates(&self) -> Result<Aggregates, StoreError> {
        let mut stored = Aggregates::default();
        self.scan(tables::POT_ALLOCATED, unbounded(), &mut |key, bytes| {
            let amount = decode(bytes, || format!("pot total {}", shown_key(key)))?;
            stored.pots.insert(key.to_string(), amount);
            Ok(true)
        })?;
        self.scan(tables::STATE_COUNTS, unbounded(), &mut |key, bytes| {
            let count = <[u8; 8]>::try_from(bytes).map_err(|_| StoreError::Corrupt {
                what: format!("state count {}", shown_key(key)),
            })?;
            stored
                .states
                .insert(key.to_string(), u64::from_le_bytes(count));
            Ok(true)
        })?;
        self.scan(tables::NETWORK_TOTALS, unbounded(), &mut |key, bytes| {
            let totals = decode(bytes, || format!("network totals {}", shown_key(key)))?;
            stored.network_totals.insert(key.to_string(), totals);
            Ok(true)
        })?;
        self.scan(tables::NETWORK_GRANTS, unbounded(), &mut |key, bytes| {
            let grants = decode(bytes, || format!("grants {}", shown_key(key)))?;
            stored.grants.insert(key.to_string(), grants);
            Ok(true)
        })?;
        self.scan(tables::ROUND_CASES, unbounded(), &mut |key, _| {
            stored.round_cases.insert(key.to_string());
            Ok(true)
        })?;
        self.scan(
            tables::MUNICIPALITY_GRANTS,
            unbounded(),
            &mut |key, bytes| {
                let row = decode(bytes, || format!("municipality grants {}", shown_key(key)))?;
                stored.municipality_grants.insert(key.to_string(), row);
                Ok(true)
            },
        )?;
        self.scan(
            tables::MUNICIPALITY_CASES,
            unbounded(),
            &mut |key, bytes| {
                let row = decode(bytes, || {
                    format!("municipality applications {}", shown_key(key))
                })?;
                stored.municipality_cases.insert(key.to_string(), row);
                Ok(true)
            },
        )?;
        Ok(stored.normalized())
    }

    /// The references of a round's cases, in order.
    fn case_references(&self, round: &str) -> Result<Vec<String>, StoreError> {
        let mut references = Vec::new();
        let (start, end) = prefix_range(round);
        self.scan(
            tables::ROUND_CASES,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, _| {
                references.push(key[start.len()..].to_string());
                Ok(true)
            },
        )?;
        Ok(references)
    }

    /// Calls `f` for every case, in reference order, until it returns `false`.
    fn each_case(
        &self,
        f: &mut dyn FnMut(Case) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        self.scan(tables::CASES, unbounded(), &mut |key, bytes| {
            f(decode(bytes, || format!("case {key}"))?)
        })
    }

    fn case_events(&self, reference: &str) -> Result<Vec<Event>, StoreError> {
        self.events_at(&self.case_event_seqs(reference)?)
    }

    /// The numbers of a case's events, in order (the index only).
    fn case_event_seqs(&self, reference: &str) -> Result<Vec<u64>, StoreError> {
        let mut seqs = Vec::new();
        let (start, end) = prefix_range(reference);
        self.scan(
            tables::CASE_EVENTS,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, _| {
                if let Ok(seq) = key[start.len()..].parse::<u64>() {
                    seqs.push(seq);
                }
                Ok(true)
            },
        )?;
        Ok(seqs)
    }

    /// What a round's decisions granted, per pot: the sum over its networks. The
    /// table holds one row per network and round, so the scan is short.
    fn round_granted(&self, round: &str) -> Result<PotAmounts, StoreError> {
        let mut granted = PotAmounts::new();
        let suffix = format!("{}{round}", tables::SEP);
        self.scan(tables::NETWORK_GRANTS, unbounded(), &mut |key, bytes| {
            if key.ends_with(&suffix) {
                let amounts: PotAmounts = decode(bytes, || format!("grants {key}"))?;
                for (pot, amount) in amounts {
                    let sum = granted.entry(pot).or_default();
                    *sum = sum.plus(amount);
                }
            }
            Ok(true)
        })?;
        Ok(granted)
    }

    /// What each granted project a municipality takes part in got: `(round,
    /// reference, network, pot → amount)`, by round and reference.
    fn municipality_grants(
        &self,
        municipality: &str,
    ) -> Result<Vec<(String, String, String, PotAmounts)>, StoreError> {
        let mut grants = Vec::new();
        let (start, end) = prefix_range(municipality);
        self.scan(
            tables::MUNICIPALITY_GRANTS,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let (network, amounts): (String, PotAmounts) =
                    decode(bytes, || format!("municipality grants {key}"))?;
                if let Some((round, reference)) = key[start.len()..].split_once(tables::SEP) {
                    grants.push((round.to_string(), reference.to_string(), network, amounts));
                }
                Ok(true)
            },
        )?;
        Ok(grants)
    }

    /// How many applications a municipality took part in, and what they asked for,
    /// per round: `(round, applications, requested)`.
    fn municipality_applications(
        &self,
        municipality: &str,
    ) -> Result<Vec<(String, u64, Money)>, StoreError> {
        let mut rows = Vec::new();
        let (start, end) = prefix_range(municipality);
        self.scan(
            tables::MUNICIPALITY_CASES,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let (count, requested): (u64, Money) =
                    decode(bytes, || format!("municipality applications {key}"))?;
                rows.push((key[start.len()..].to_string(), count, requested));
                Ok(true)
            },
        )?;
        Ok(rows)
    }

    /// The cases of a round granted something, by reference: from the municipality
    /// grant index, without reading a case. What follows a decision concerns these alone.
    fn granted_references(
        &self,
        round: &str,
    ) -> Result<std::collections::BTreeSet<String>, StoreError> {
        let mut granted = std::collections::BTreeSet::new();
        self.scan(tables::MUNICIPALITY_GRANTS, unbounded(), &mut |key, _| {
            let mut parts = key.splitn(3, tables::SEP);
            if let (Some(_), Some(r), Some(reference)) = (parts.next(), parts.next(), parts.next())
                && r == round
            {
                granted.insert(reference.to_string());
            }
            Ok(true)
        })?;
        Ok(granted)
    }

    /// The municipalities flagged for special attention, by number.
    fn priorities(&self) -> Result<BTreeMap<String, crate::domain::Priority>, StoreError> {
        let mut all = BTreeMap::new();
        self.scan(tables::PRIORITIES, unbounded(), &mut |key, bytes| {
            all.insert(
                key.to_string(),
                decode(bytes, || format!("priority {key}"))?,
            );
            Ok(true)
        })?;
        Ok(all)
    }

    /// The themes recorded for a case; none where nobody recorded any.
    fn case_themes(&self, reference: &str) -> Result<Vec<crate::domain::Theme>, StoreError> {
        Ok(self
            .get_decoded(tables::CASE_THEMES, reference)?
            .unwrap_or_default())
    }

    /// Granted amounts per round for a network: `(round, pot → amount)`.
    fn network_grants(&self, network: &str) -> Result<Vec<(String, PotAmounts)>, StoreError> {
        let mut grants = Vec::new();
        let (start, end) = prefix_range(network);
        self.scan(
            tables::NETWORK_GRANTS,
            (Bound::Included(&start), Bound::Excluded(&end)),
            &mut |key, bytes| {
                let amounts: BTreeMap<String, Money> = decode(bytes, || format!("grants {key}"))?;
                if !amounts.is_empty() {
                    grants.push((key[start.len()..].to_string(), amounts));
                }
                Ok(true)
            },
        )?;
        Ok(grants)
    }
}

/// A consistent snapshot.
pub struct Reader {
    txn: ReadTransaction,
}

impl Reader {
    pub(super) fn new(txn: ReadTransaction) -> Reader {
        Reader { txn }
    }
}

/// The primitives read the same way from a read and a write transaction; only the
/// table types differ, so one macro writes both.
macro_rules! impl_view {
    ($type:ty) => {
        impl View for $type {
            fn verify_chain(&self) -> Result<ChainReport, StoreError> {
                chain::verify(
                    &*opened(self.txn.open_table(tables::EVENTS)?),
                    &*opened(self.txn.open_table(tables::EVENT_HASHES)?),
                    &*opened(self.txn.open_table(tables::META)?),
                )
            }

            fn get(&self, table: TextTable, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
                Ok(get_in(&*opened(self.txn.open_table(table)?), key)?)
            }

            fn scan(
                &self,
                table: TextTable,
                range: (Bound<&str>, Bound<&str>),
                f: Visit<'_>,
            ) -> Result<(), StoreError> {
                scan_table(&*opened(self.txn.open_table(table)?), range, f)
            }

            fn get_many<'k>(
                &self,
                table: TextTable,
                keys: impl Iterator<Item = &'k str>,
            ) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
                let table = opened(self.txn.open_table(table)?);
                keys.map(|key| Ok(get_in(&*table, key)?)).collect()
            }

            fn event(&self, seq: u64) -> Result<Option<Event>, StoreError> {
                event_in(&*opened(self.txn.open_table(tables::EVENTS)?), seq)
            }

            fn events_at(&self, seqs: &[u64]) -> Result<Vec<Event>, StoreError> {
                events_in(&*opened(self.txn.open_table(tables::EVENTS)?), seqs)
            }

            fn last_event_seq(&self) -> Result<u64, StoreError> {
                last_seq_in(&*opened(self.txn.open_table(tables::EVENTS)?))
            }
        }
    };
}

impl_view!(Reader);
impl_view!(TxnView<'_>);

/// A writer reads through the tables it keeps open (see [`Writer`]).
impl View for Writer<'_> {
    fn verify_chain(&self) -> Result<ChainReport, StoreError> {
        self.with_log(|events, hashes| {
            let meta = self.take_table(tables::META)?;
            let report = chain::verify(events, hashes, &*meta);
            self.give_back(meta);
            report
        })
    }

    fn get(&self, table: TextTable, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with_table(table, |t| get_in(t, key))
    }

    fn scan(
        &self,
        table: TextTable,
        range: (Bound<&str>, Bound<&str>),
        f: Visit<'_>,
    ) -> Result<(), StoreError> {
        // Out of the open tables while it is read: the visitor may use the writer.
        let scanned = self.take_table(table)?;
        let result = scan_table(&*scanned, range, f);
        self.give_back(scanned);
        result
    }

    fn get_many<'k>(
        &self,
        table: TextTable,
        keys: impl Iterator<Item = &'k str>,
    ) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        self.with_table(table, |t| keys.map(|key| get_in(t, key)).collect())
    }

    fn event(&self, seq: u64) -> Result<Option<Event>, StoreError> {
        self.with_log(|events, _| event_in(events, seq))
    }

    fn events_at(&self, seqs: &[u64]) -> Result<Vec<Event>, StoreError> {
        self.with_log(|events, _| events_in(events, seqs))
    }

    fn last_event_seq(&self) -> Result<u64, StoreError> {
        self.with_log(|events, _| last_seq_in(events))
    }
}

/// The bytes under `key` in a text table, if there are any.
fn get_in(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<Vec<u8>>, redb::StorageError> {
    Ok(table.get(key)?.map(|v| v.value().to_vec()))
}

/// The event numbered `seq` in the log, if there is one.
fn event_in(
    table: &impl ReadableTable<u64, &'static [u8]>,
    seq: u64,
) -> Result<Option<Event>, StoreError> {
    let bytes = table.get(seq)?.map(|v| v.value().to_vec());
    bytes
        .map(|b| decode(&b, || format!("event {seq}")))
        .transpose()
}

/// The events numbered `seqs` that are in the log, in that order.
fn events_in(
    table: &impl ReadableTable<u64, &'static [u8]>,
    seqs: &[u64],
) -> Result<Vec<Event>, StoreError> {
    let mut events = Vec::with_capacity(seqs.len());
    for &seq in seqs {
        if let Some(bytes) = table.get(seq)? {
            events.push(decode(bytes.value(), || format!("event {seq}"))?);
        }
    }
    Ok(events)
}

/// The number of the log's last event; 0 for an empty log.
fn last_seq_in(table: &impl ReadableTable<u64, &'static [u8]>) -> Result<u64, StoreError> {
    Ok(table.last()?.map_or(0, |(k, _)| k.value()))
}

/// A write transaction read as a [`View`], where no [`Writer`] is at hand (migrations,
/// the list lines' upkeep).
pub(super) struct TxnView<'t> {
    txn: &'t redb::WriteTransaction,
}

impl<'t> TxnView<'t> {
    pub(super) fn new(txn: &'t redb::WriteTransaction) -> TxnView<'t> {
        TxnView { txn }
    }
}
