//! Reading and writing in domain words. [`View`] holds every query; [`Reader`] (a
//! snapshot) and [`Writer`] (a write transaction, which sees its own changes) share it.

use std::collections::BTreeMap;
use std::ops::Bound;

use redb::{ReadTransaction, ReadableTable, TableDefinition, WriteTransaction};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;
use super::aggregates::Aggregates;
use super::chain::{self, ChainReport};
use super::tables::{self, key2, prefix_range};
use crate::domain::{
    Case, CaseState, Event, LetterRecord, Money, Municipality, Network, Outcome, Round, User,
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
    fn merge(&mut self, other: &NetworkTotals) {
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

type TextTable = TableDefinition<'static, &'static str, &'static [u8]>;

/// Amount per pot.
pub type PotAmounts = BTreeMap<String, Money>;

/// Called for each entry of a scan; returns whether to go on.
pub type Visit<'a> = &'a mut dyn FnMut(&str, &[u8]) -> Result<bool, StoreError>;

fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    what: impl FnOnce() -> String,
) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|_| StoreError::Corrupt { what: what() })
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("domain types always encode")
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
const AGGREGATE_TABLES: [TextTable; 5] = [
    tables::POT_ALLOCATED,
    tables::STATE_COUNTS,
    tables::NETWORK_TOTALS,
    tables::NETWORK_GRANTS,
    tables::ROUND_CASES,
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

    /// Many keys of one table, with the table opened once.
    fn get_many<'k>(
        &self,
        table: TextTable,
        keys: impl Iterator<Item = &'k str>,
    ) -> Result<Vec<Option<Vec<u8>>>, StoreError>;

    /// Many cases at once, in the order asked.
    fn cases<'k>(
        &self,
        references: impl Iterator<Item = &'k str>,
    ) -> Result<Vec<Option<Case>>, StoreError> {
        self.get_many(tables::CASES, references)?
            .into_iter()
            .map(|bytes| {
                bytes
                    .map(|b| decode(&b, || "a case".to_string()))
                    .transpose()
            })
            .collect()
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
        seqs.into_iter()
            .filter_map(|seq| self.event(seq).transpose())
            .collect()
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
                    &self.txn.open_table(tables::EVENTS)?,
                    &self.txn.open_table(tables::EVENT_HASHES)?,
                    &self.txn.open_table(tables::META)?,
                )
            }

            fn get(&self, table: TextTable, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
                let table = self.txn.open_table(table)?;
                Ok(table.get(key)?.map(|v| v.value().to_vec()))
            }

            fn scan(
                &self,
                table: TextTable,
                range: (Bound<&str>, Bound<&str>),
                f: Visit<'_>,
            ) -> Result<(), StoreError> {
                scan_table(&self.txn.open_table(table)?, range, f)
            }

            fn get_many<'k>(
                &self,
                table: TextTable,
                keys: impl Iterator<Item = &'k str>,
            ) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
                let table = self.txn.open_table(table)?;
                keys.map(|key| Ok(table.get(key)?.map(|v| v.value().to_vec())))
                    .collect()
            }

            fn event(&self, seq: u64) -> Result<Option<Event>, StoreError> {
                let table = self.txn.open_table(tables::EVENTS)?;
                let bytes = table.get(seq)?.map(|v| v.value().to_vec());
                bytes
                    .map(|b| decode(&b, || format!("event {seq}")))
                    .transpose()
            }

            fn last_event_seq(&self) -> Result<u64, StoreError> {
                let table = self.txn.open_table(tables::EVENTS)?;
                Ok(table.last()?.map_or(0, |(k, _)| k.value()))
            }
        }
    };
}

impl_view!(Reader);
impl_view!(Writer);

/// One write transaction. Changes to cases go through [`Writer::put_case`], which keeps
/// the balances and counts in step.
pub struct Writer {
    txn: WriteTransaction,
}

impl Writer {
    pub(super) fn new(txn: WriteTransaction) -> Writer {
        Writer { txn }
    }

    pub(super) fn abort(self) -> Result<(), StoreError> {
        self.txn.abort()?;
        Ok(())
    }

    pub(super) fn commit(self) -> Result<(), StoreError> {
        let changes = self.changes()? + 1;
        self.txn
            .open_table(tables::META)?
            .insert("changes", changes.to_le_bytes().as_slice())?;
        self.txn.commit()?;
        Ok(())
    }

    fn put(&self, table: TextTable, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.txn.open_table(table)?.insert(key, bytes)?;
        Ok(())
    }

    pub fn put_municipality(&mut self, municipality: &Municipality) -> Result<(), StoreError> {
        self.put(
            tables::MUNICIPALITIES,
            &municipality.number,
            &encode(municipality),
        )
    }

    pub fn put_network(&mut self, network: &Network) -> Result<(), StoreError> {
        self.put(tables::NETWORKS, &network.id, &encode(network))
    }

    pub fn put_round(&mut self, round: &Round) -> Result<(), StoreError> {
        self.put(tables::ROUNDS, &round.id, &encode(round))
    }

    /// Stores a case, updating pot balances, state counts and grant history from the
    /// difference between `before` (as stored) and `after`.
    pub fn put_case(&mut self, before: Option<&Case>, after: &Case) -> Result<(), StoreError> {
        let reference = after.reference();
        let round = &after.application.round;
        if let Some(before) = before {
            if &before.application.round == round {
                self.adjust_pots(round, before, after)?;
                if before.state != after.state {
                    self.add_state_count(round, before.state, -1)?;
                    self.add_state_count(round, after.state, 1)?;
                }
                if before.decision != after.decision
                    || before.application.network != after.application.network
                {
                    self.adjust_grants(before, -1)?;
                    self.adjust_grants(after, 1)?;
                }
            } else {
                self.remove_case_aggregates(before)?;
                self.add_case_aggregates(after)?;
            }
        } else {
            self.add_case_aggregates(after)?;
        }
        if let Some(before) = before {
            self.adjust_network_totals(before, -1)?;
            // A new decision needs a new letter.
            if before.decision.is_some() && after.decision.is_none() {
                self.txn.open_table(tables::LETTERS)?.remove(reference)?;
            }
        }
        self.adjust_network_totals(after, 1)?;
        // `ROUND_CASES` already lists the case: `add_case_aggregates` put it there.
        self.put(tables::CASES, reference, &encode(after))
    }

    fn add_case_aggregates(&mut self, case: &Case) -> Result<(), StoreError> {
        let round = &case.application.round;
        self.put(tables::ROUND_CASES, &key2(round, case.reference()), &[])?;
        for (pot, amount) in &case.allocations {
            self.add_to_pot(round, pot, *amount, Money::ZERO)?;
        }
        self.add_state_count(round, case.state, 1)?;
        self.adjust_grants(case, 1)
    }

    fn remove_case_aggregates(&mut self, case: &Case) -> Result<(), StoreError> {
        let round = &case.application.round;
        self.txn
            .open_table(tables::ROUND_CASES)?
            .remove(key2(round, case.reference()).as_str())?;
        for (pot, amount) in &case.allocations {
            self.add_to_pot(round, pot, Money::ZERO, *amount)?;
        }
        self.add_state_count(round, case.state, -1)?;
        self.adjust_grants(case, -1)
    }

    fn adjust_pots(&mut self, round: &str, before: &Case, after: &Case) -> Result<(), StoreError> {
        let pots: std::collections::BTreeSet<&String> = before
            .allocations
            .keys()
            .chain(after.allocations.keys())
            .collect();
        for pot in pots {
            let (old, new) = (before.allocated(pot), after.allocated(pot));
            if old != new {
                self.add_to_pot(round, pot, new, old)?;
            }
        }
        Ok(())
    }

    fn add_to_pot(
        &mut self,
        round: &str,
        pot: &str,
        add: Money,
        subtract: Money,
    ) -> Result<(), StoreError> {
        let key = key2(round, pot);
        let current: Money = self
            .get_decoded(tables::POT_ALLOCATED, &key)?
            .unwrap_or(Money::ZERO);
        self.put(
            tables::POT_ALLOCATED,
            &key,
            &encode(&current.plus(add).minus(subtract)),
        )
    }

    fn add_state_count(
        &mut self,
        round: &str,
        state: CaseState,
        delta: i64,
    ) -> Result<(), StoreError> {
        let key = key2(round, state.as_str());
        let current = self.state_count(&key)?;
        let next = current.saturating_add_signed(delta);
        self.put(tables::STATE_COUNTS, &key, next.to_le_bytes().as_slice())
    }

    fn adjust_grants(&mut self, case: &Case, sign: i8) -> Result<(), StoreError> {
        let Some(decision) = case
            .decision
            .as_ref()
            .filter(|d| d.outcome != Outcome::Reject)
        else {
            return Ok(());
        };
        let key = key2(&case.application.network, &case.application.round);
        let mut grants: BTreeMap<String, Money> = self
            .get_decoded(tables::NETWORK_GRANTS, &key)?
            .unwrap_or_default();
        for (pot, amount) in &decision.amounts {
            let entry = grants.entry(pot.clone()).or_insert(Money::ZERO);
            *entry = if sign > 0 {
                entry.plus(*amount)
            } else {
                entry.minus(*amount)
            };
            if entry.is_zero() {
                grants.remove(pot);
            }
        }
        self.put(tables::NETWORK_GRANTS, &key, &encode(&grants))
    }

    /// Appends an event to the log, chained to the one before, and returns its number.
    pub fn append_event(&mut self, event: Event) -> Result<u64, StoreError> {
        let appended = self.append_events(vec![event])?;
        Ok(appended.last().map_or(0, |e| e.seq))
    }

    /// Appends events in order, each chained to the one before, numbering them; each
    /// table is opened once however many there are.
    pub fn append_events(&mut self, mut events: Vec<Event>) -> Result<Vec<Event>, StoreError> {
        if events.is_empty() {
            return Ok(events);
        }
        let (mut last, mut previous) = self
            .get(tables::META, "chain-head")?
            .and_then(|v| chain::decode_head(&v))
            .unwrap_or((0, chain::GENESIS));
        {
            let mut log = self.txn.open_table(tables::EVENTS)?;
            let mut hashes = self.txn.open_table(tables::EVENT_HASHES)?;
            let mut by_case = self.txn.open_table(tables::CASE_EVENTS)?;
            let mut key = String::new();
            for event in &mut events {
                last += 1;
                event.seq = last;
                if let Some(case) = &event.case {
                    key.clear();
                    key.push_str(case);
                    key.push(tables::SEP);
                    let _ = std::fmt::Write::write_fmt(&mut key, format_args!("{last:020}"));
                    by_case.insert(key.as_str(), [].as_slice())?;
                }
                let bytes = encode(&*event);
                previous = chain::link(&previous, &bytes);
                log.insert(last, bytes.as_slice())?;
                hashes.insert(last, previous.as_slice())?;
            }
        }
        self.put(
            tables::META,
            "chain-head",
            &chain::encode_head(last, &previous),
        )?;
        Ok(events)
    }

    /// Stores cases that are not stored yet, with their aggregates: what
    /// [`Writer::put_case`] does for a new case, with each table opened once and each
    /// aggregate written once, for imports of many.
    pub fn put_new_cases(&mut self, cases: &[Case]) -> Result<(), StoreError> {
        let mut added = Aggregates::default();
        {
            // In key order, each table's pages fill up one after another instead of
            // splitting all over: faster, and a smaller file.
            let mut in_order: Vec<&Case> = cases.iter().collect();
            in_order.sort_unstable_by(|a, b| a.reference().cmp(b.reference()));
            let mut stored = self.txn.open_table(tables::CASES)?;
            for case in &in_order {
                stored.insert(case.reference(), encode(*case).as_slice())?;
                added.add(case);
            }
        }
        self.add_aggregates(&added)
    }

    /// Adds each aggregate's sums to what is stored, each written once.
    fn add_aggregates(&mut self, added: &Aggregates) -> Result<(), StoreError> {
        {
            // `round_cases` is a sorted set: sorted inserts.
            let mut listed = self.txn.open_table(tables::ROUND_CASES)?;
            for key in &added.round_cases {
                listed.insert(key.as_str(), [].as_slice())?;
            }
        }
        for (key, count) in &added.states {
            let current = self.state_count(key)?;
            self.put(
                tables::STATE_COUNTS,
                key,
                current.saturating_add(*count).to_le_bytes().as_slice(),
            )?;
        }
        for (key, amount) in &added.pots {
            let current: Money = self
                .get_decoded(tables::POT_ALLOCATED, key)?
                .unwrap_or_default();
            self.put(tables::POT_ALLOCATED, key, &encode(&current.plus(*amount)))?;
        }
        for (key, totals) in &added.network_totals {
            let mut sums: NetworkTotals = self
                .get_decoded(tables::NETWORK_TOTALS, key)?
                .unwrap_or_default();
            sums.merge(totals);
            self.put(tables::NETWORK_TOTALS, key, &encode(&sums))?;
        }
        for (key, amounts) in &added.grants {
            let mut grants: PotAmounts = self
                .get_decoded(tables::NETWORK_GRANTS, key)?
                .unwrap_or_default();
            for (pot, amount) in amounts {
                let sum = grants.entry(pot.clone()).or_default();
                *sum = sum.plus(*amount);
            }
            self.put(tables::NETWORK_GRANTS, key, &encode(&grants))?;
        }
        Ok(())
    }

    /// Throws away every aggregate and computes it again from the cases: the repair for
    /// totals that no longer agree with the cases, or can no longer be read. Returns how
    /// many cases were counted.
    pub fn rebuild_aggregates(&mut self) -> Result<usize, StoreError> {
        let computed = self.computed_aggregates()?;
        for table in AGGREGATE_TABLES {
            self.txn.delete_table(table)?;
            self.txn.open_table(table)?;
        }
        self.add_aggregates(&computed)?;
        Ok(computed.round_cases.len())
    }

    pub fn put_user(&mut self, user: &User) -> Result<(), StoreError> {
        self.put(tables::USERS, &user.login, &encode(user))
    }

    pub fn remove_user(&mut self, login: &str) -> Result<(), StoreError> {
        self.txn.open_table(tables::USERS)?.remove(login)?;
        Ok(())
    }

    pub fn put_letter(&mut self, reference: &str, record: &LetterRecord) -> Result<(), StoreError> {
        self.put(tables::LETTERS, reference, &encode(record))
    }

    fn adjust_network_totals(&mut self, case: &Case, sign: i8) -> Result<(), StoreError> {
        let key = key2(&case.application.round, &case.application.network);
        let mut totals: NetworkTotals = self
            .get_decoded(tables::NETWORK_TOTALS, &key)?
            .unwrap_or_default();
        totals.add(case, sign);
        self.put(tables::NETWORK_TOTALS, &key, &encode(&totals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Command, Service};
    use crate::store::Store;

    /// Totals an older version let grow past what it could read back, and totals that
    /// disagree with the cases: `audit --verify` names them, `dev repair` mends them.
    #[test]
    fn damaged_totals_are_found_and_rebuilt_from_the_cases() {
        let service = Service::new(Store::in_memory().unwrap());
        crate::demo::import_fixtures(&service).unwrap();
        service
            .execute(
                "kari",
                Command::Allocate {
                    reference: "INN-2022-003".into(),
                    pot: "fosterhjem".into(),
                    amount: Money::kroner(100_000),
                },
            )
            .unwrap();
        let pot = key2("innlandet-2022", "fosterhjem");
        // Not an amount at all: what an overflowing total looked like.
        service
            .store()
            .write(|w| w.put(tables::POT_ALLOCATED, &pot, &encode(&"-99e30".to_string())))
            .unwrap();
        assert!(service.status(Some("innlandet-2022")).is_err());
        let report = service.verify_audit(None).unwrap();
        let mismatch = report.mismatch.expect("unreadable total found");
        assert!(mismatch.subject.contains("pot total"), "{mismatch:?}");
        // Readable but wrong.
        service
            .store()
            .write(|w| w.put(tables::POT_ALLOCATED, &pot, &encode(&Money::kroner(7))))
            .unwrap();
        let mismatch = service.verify_audit(None).unwrap().mismatch.unwrap();
        assert!(mismatch.subject.contains("fosterhjem"), "{mismatch:?}");
        service.execute("kari", Command::RepairTotals).unwrap();
        assert!(service.verify_audit(None).unwrap().mismatch.is_none());
        let status = service.status(Some("innlandet-2022")).unwrap();
        let fosterhjem = status[0]
            .pots
            .iter()
            .find(|p| p.id == "fosterhjem")
            .unwrap();
        assert_eq!(fosterhjem.allocated, Money::kroner(100_000));
    }
}
