//! Writing in domain words: one write transaction, which keeps every aggregate (pot
//! balances, state counts, network totals) in step with the cases it changes.

use std::cell::RefCell;

use redb::{Table, TableHandle, WriteTransaction};

use super::StoreError;
use super::aggregates::Aggregates;
use super::opened::{Opened, opened};
use std::collections::BTreeMap;

use super::chain;
use super::read::{AGGREGATE_TABLES, NetworkTotals, PotAmounts, TextTable, View, encode};
use super::tables::{self, key2};
use crate::domain::{
    Case, CaseDetails, CaseState, Event, LetterRecord, Money, Municipality, MunicipalityDetails,
    Network, Official, Outcome, Round, RoundTerms, User,
};

/// One write transaction. Changes to cases go through [`Writer::put_case`], which keeps
/// the balances and counts in step.
///
/// Every table it reads or writes stays open until the transaction ends: redb's open and
/// close of a table (each updates the tree of tables) cost more than a get or a put, and
/// a case command reads and writes some twenty, a shared transaction many times that.
pub struct Writer<'t> {
    pub(super) txn: &'t WriteTransaction,
    /// The text tables open in this transaction.
    /// (None is closed while a panic unwinds: see [`super::opened`].)
    open: RefCell<Vec<Opened<TextTableMut<'t>>>>,
    /// The log and its hashes, open in this transaction (opened together).
    #[allow(clippy::type_complexity)]
    log: RefCell<Option<(Opened<NumberedTableMut<'t>>, Opened<NumberedTableMut<'t>>)>>,
    /// A round, its terms or a network changed: what the cases' checks read, so every
    /// case's list line is computed again before the commit.
    lines_stale: bool,
    /// What the lines of the cases put so far were computed in, read once per
    /// transaction (a shared transaction puts many cases of one round). Emptied when
    /// a round, its terms or a network changes.
    line_settings: super::lines::LineSettings,
}

/// A text table open for writing in a transaction.
pub(super) type TextTableMut<'t> = Table<'t, &'static str, &'static [u8]>;

/// A numbered table (the log, its hashes) open for writing in a transaction.
pub(super) type NumberedTableMut<'t> = Table<'t, u64, &'static [u8]>;

/// Rolls back a transaction inside which a panic was caught (a bug, or a damaged page
/// that redb tripped over), once its writer was closed ([`Writer::close_after_panic`],
/// which says whether that went well). Where a panic inside redb left the transaction's
/// lock poisoned, closing its tables panics again, so they are left unclosed
/// ([`super::opened`]) and the transaction is dropped as redb drops one in a panic:
/// nothing of it is stored, but a process that goes on holding the database cannot begin
/// another write (the unclosed tables keep its turn), and must open the file anew.
pub(super) fn abort_after_panic(txn: WriteTransaction, closed: bool) -> Result<(), StoreError> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    match catch_unwind(AssertUnwindSafe(move || txn.abort())) {
        Ok(Ok(())) if closed => Ok(()),
        Ok(Err(e)) => Err(e.into()),
        _ => Err(StoreError::Poisoned {
            reason: "a write stopped inside the database; the file may be damaged".into(),
        }),
    }
}

impl<'t> Writer<'t> {
    pub(super) fn new(txn: &'t WriteTransaction) -> Writer<'t> {
        Writer {
            txn,
            open: RefCell::new(Vec::new()),
            log: RefCell::new(None),
            lines_stale: false,
            line_settings: super::lines::LineSettings::default(),
        }
    }

    /// What the writer does before its transaction commits: every list line computed
    /// again where what they are computed in changed, the change counter counted up, and
    /// every table closed (redb commits only a transaction whose tables are closed).
    pub(super) fn finish(self) -> Result<(), StoreError> {
        if self.lines_stale {
            super::lines::refresh_all(self.raw())?;
        }
        let changes = self.changes()? + 1;
        self.put(tables::META, "changes", changes.to_le_bytes().as_slice())
    }

    /// Closes the writer's tables after a panic was caught in its transaction; false
    /// where closing panicked too (see [`abort_after_panic`]).
    pub(super) fn close_after_panic(self) -> bool {
        let closing = std::panic::AssertUnwindSafe(move || drop(self));
        std::panic::catch_unwind(closing).is_ok()
    }

    /// Runs `f` on `table`, opened at its first use in the transaction and kept open.
    /// `f` must not use the writer: the open tables are borrowed while it runs.
    pub(super) fn with_table<R>(
        &self,
        table: TextTable,
        f: impl FnOnce(&mut TextTableMut<'t>) -> Result<R, redb::StorageError>,
    ) -> Result<R, StoreError> {
        let mut open = self.open.borrow_mut();
        let at = if let Some(at) = open.iter().position(|t| t.name() == table.name()) {
            at
        } else {
            open.push(opened(self.txn.open_table(table)?));
            open.len() - 1
        };
        Ok(f(&mut open[at])?)
    }

    /// Runs `f` on the log and its hashes, kept open as the other tables are.
    pub(super) fn with_log<R>(
        &self,
        f: impl FnOnce(&mut NumberedTableMut<'t>, &mut NumberedTableMut<'t>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut log = self.log.borrow_mut();
        let open = match log.take() {
            Some(open) => open,
            None => (
                opened(self.txn.open_table(tables::EVENTS)?),
                opened(self.txn.open_table(tables::EVENT_HASHES)?),
            ),
        };
        let (events, hashes) = log.insert(open);
        f(&mut *events, &mut *hashes)
    }

    /// `table` out of the open tables (opened if it was not), for a reader that may use
    /// the writer while it reads (a scan's visitor); [`Writer::give_back`] after.
    pub(super) fn take_table(
        &self,
        table: TextTable,
    ) -> Result<Opened<TextTableMut<'t>>, StoreError> {
        let mut open = self.open.borrow_mut();
        match open.iter().position(|t| t.name() == table.name()) {
            Some(at) => Ok(open.swap_remove(at)),
            None => Ok(opened(self.txn.open_table(table)?)),
        }
    }

    pub(super) fn give_back(&self, table: Opened<TextTableMut<'t>>) {
        self.open.borrow_mut().push(table);
    }

    /// The transaction itself, every table closed first: for what opens tables of its
    /// own (the list lines' upkeep) or deletes one.
    pub(super) fn raw(&self) -> &'t WriteTransaction {
        self.open.borrow_mut().clear();
        self.log.borrow_mut().take();
        self.txn
    }

    /// A round, its terms or a network changed: what every line is computed in.
    fn settings_changed(&mut self) {
        self.lines_stale = true;
        self.line_settings = super::lines::LineSettings::default();
    }

    fn put(&self, table: TextTable, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.with_table(table, |t| t.insert(key, bytes).map(drop))
    }

    fn remove(&self, table: TextTable, key: &str) -> Result<(), StoreError> {
        self.with_table(table, |t| t.remove(key).map(drop))
    }

    pub fn put_municipality(&mut self, municipality: &Municipality) -> Result<(), StoreError> {
        self.put(
            tables::MUNICIPALITIES,
            &municipality.number,
            &encode(municipality),
        )
    }

    pub fn put_network(&mut self, network: &Network) -> Result<(), StoreError> {
        self.settings_changed();
        self.put(tables::NETWORKS, &network.id, &encode(network))
    }

    pub fn put_round(&mut self, round: &Round) -> Result<(), StoreError> {
        self.settings_changed();
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
                if before.application != after.application {
                    self.adjust_municipality_cases(before, -1)?;
                    self.adjust_municipality_cases(after, 1)?;
                }
            } else {
                self.remove_case_aggregates(before)?;
                self.add_case_aggregates(after)?;
            }
        } else {
            self.add_case_aggregates(after)?;
        }
        if let Some(before) = before {
            // A new decision needs a new letter.
            if before.decision.is_some() && after.decision.is_none() {
                self.remove(tables::LETTERS, reference)?;
            }
        }
        self.move_network_totals(before, after)?;
        // Taken out for the while: the settings read through the writer itself.
        let mut settings = std::mem::take(&mut self.line_settings);
        let put = settings.put(self, after);
        self.line_settings = settings;
        put?;
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
        self.adjust_municipality_cases(case, 1)?;
        self.adjust_grants(case, 1)
    }

    fn remove_case_aggregates(&mut self, case: &Case) -> Result<(), StoreError> {
        let round = &case.application.round;
        self.remove(tables::ROUND_CASES, &key2(round, case.reference()))?;
        for (pot, amount) in &case.allocations {
            self.add_to_pot(round, pot, Money::ZERO, *amount)?;
        }
        self.add_state_count(round, case.state, -1)?;
        self.adjust_municipality_cases(case, -1)?;
        self.adjust_grants(case, -1)
    }

    /// Adds (`sign` > 0) or takes away a case's share of the municipality application
    /// totals.
    fn adjust_municipality_cases(&mut self, case: &Case, sign: i8) -> Result<(), StoreError> {
        for (key, share) in super::aggregates::municipality_case_rows(case) {
            let mut total: (u64, Money) = self
                .get_decoded(tables::MUNICIPALITY_CASES, &key)?
                .unwrap_or_default();
            super::aggregates::add_share(&mut total, share, sign);
            if total.0 == 0 && total.1.is_zero() {
                self.remove(tables::MUNICIPALITY_CASES, &key)?;
            } else {
                self.put(tables::MUNICIPALITY_CASES, &key, &encode(&total))?;
            }
        }
        Ok(())
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
        self.put(tables::NETWORK_GRANTS, &key, &encode(&grants))?;
        for (key, row) in super::aggregates::municipality_grant_rows(case) {
            if sign > 0 {
                self.put(tables::MUNICIPALITY_GRANTS, &key, &encode(&row))?;
            } else {
                self.remove(tables::MUNICIPALITY_GRANTS, &key)?;
            }
        }
        Ok(())
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
        self.with_log(|log, hashes| {
            self.with_table(tables::CASE_EVENTS, |by_case| {
                let mut key = String::new();
                for event in &mut events {
                    last += 1;
                    event.seq = last;
                    if let Some(case) = &event.case {
                        key.clear();
                        key.push_str(case);
                        key.push(tables::SEP);
                        push_zero_padded(&mut key, last);
                        by_case.insert(key.as_str(), [].as_slice())?;
                    }
                    let bytes = encode(&*event);
                    previous = chain::link(&previous, &bytes);
                    log.insert(last, bytes.as_slice())?;
                    hashes.insert(last, previous.as_slice())?;
                }
                Ok(())
            })
        })?;
        self.put(
            tables::META,
            "chain-head",
            &chain::encode_head(last, &previous),
        )?;
        Ok(events)
    }

    /// Stores cases that are not stored yet, with their aggregates: what
    /// [`Writer::put_case`] does for a new case, with each table opened once and each
    /// aggregate written once, for imports of many. The cases were made ready
    /// ([`NewCases::new`]) on whichever thread had the time.
    pub fn put_new_cases(&mut self, new: &NewCases) -> Result<(), StoreError> {
        let in_order: Vec<&Case> = new.order.iter().map(|&i| &new.cases[i]).collect();
        // The list lines' settings are read on their own, beside the writer's tables.
        let txn = self.raw();
        let ((), lines) =
            super::lines::LineSettings::default().lines_beside(txn, &in_order, || {
                let mut stored = opened(txn.open_table(tables::CASES)?);
                for &i in &new.order {
                    stored.insert(new.cases[i].reference(), new.encoded[i].as_slice())?;
                }
                Ok(())
            })?;
        self.with_table(tables::CASE_LINES, |stored| {
            for (case, line) in in_order.iter().zip(lines) {
                if let Some(line) = line {
                    stored.insert(case.reference(), line.as_slice())?;
                }
            }
            Ok(())
        })?;
        self.add_aggregates(&new.added)
    }

    /// Adds each aggregate's sums to what is stored, each written once.
    fn add_aggregates(&mut self, added: &Aggregates) -> Result<(), StoreError> {
        // `round_cases` is a sorted set: sorted inserts.
        self.with_table(tables::ROUND_CASES, |listed| {
            for key in &added.round_cases {
                listed.insert(key.as_str(), [].as_slice())?;
            }
            Ok(())
        })?;
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
        for (key, row) in &added.municipality_grants {
            self.put(tables::MUNICIPALITY_GRANTS, key, &encode(row))?;
        }
        for (key, share) in &added.municipality_cases {
            let mut total: (u64, Money) = self
                .get_decoded(tables::MUNICIPALITY_CASES, key)?
                .unwrap_or_default();
            super::aggregates::add_share(&mut total, *share, 1);
            self.put(tables::MUNICIPALITY_CASES, key, &encode(&total))?;
        }
        Ok(())
    }

    /// Throws away every aggregate and computes it again from the cases: the repair for
    /// totals that no longer agree with the cases, or can no longer be read. Returns how
    /// many cases were counted.
    pub fn rebuild_aggregates(&mut self) -> Result<usize, StoreError> {
        let computed = self.computed_aggregates()?;
        let txn = self.raw();
        for table in AGGREGATE_TABLES {
            txn.delete_table(table)?;
            txn.open_table(table)?;
        }
        self.add_aggregates(&computed)?;
        super::lines::refresh_all(self.raw())?;
        Ok(computed.round_cases.len())
    }

    pub fn put_user(&mut self, user: &User) -> Result<(), StoreError> {
        self.put(tables::USERS, &user.login, &encode(user))
    }

    pub fn put_municipality_details(
        &mut self,
        number: &str,
        details: &MunicipalityDetails,
    ) -> Result<(), StoreError> {
        self.put(tables::MUNICIPALITY_DETAILS, number, &encode(details))
    }

    pub fn put_case_details(
        &mut self,
        reference: &str,
        details: &CaseDetails,
    ) -> Result<(), StoreError> {
        self.put(tables::CASE_DETAILS, reference, &encode(details))
    }

    pub fn put_round_terms(&mut self, id: &str, terms: &RoundTerms) -> Result<(), StoreError> {
        self.settings_changed();
        self.put(tables::ROUND_TERMS, id, &encode(terms))
    }

    pub fn put_official(&mut self, login: &str, official: &Official) -> Result<(), StoreError> {
        self.put(tables::OFFICIALS, login, &encode(official))
    }

    pub fn put_follow_up(
        &mut self,
        round: &str,
        reference: &str,
        follow_up: &crate::domain::follow_up::FollowUp,
    ) -> Result<(), StoreError> {
        self.put(
            tables::FOLLOW_UP,
            &key2(round, reference),
            &encode(follow_up),
        )
    }

    pub fn put_tie(
        &mut self,
        person: &str,
        municipality: &str,
        tie: &crate::domain::ties::StandingTie,
    ) -> Result<(), StoreError> {
        self.put(
            tables::STANDING_TIES,
            &key2(person, municipality),
            &encode(tie),
        )
    }

    pub fn remove_tie(&mut self, person: &str, municipality: &str) -> Result<(), StoreError> {
        self.remove(tables::STANDING_TIES, &key2(person, municipality))
    }

    /// Flags (`Some`) or unflags a municipality for special attention.
    pub fn put_priority(
        &mut self,
        municipality: &str,
        priority: Option<&crate::domain::Priority>,
    ) -> Result<(), StoreError> {
        if let Some(priority) = priority {
            return self.put(tables::PRIORITIES, municipality, &encode(priority));
        }
        self.remove(tables::PRIORITIES, municipality)
    }

    /// Stores a case's themes; none removes the entry.
    pub fn put_case_themes(
        &mut self,
        reference: &str,
        themes: &[crate::domain::Theme],
    ) -> Result<(), StoreError> {
        if themes.is_empty() {
            return self.remove(tables::CASE_THEMES, reference);
        }
        self.put(tables::CASE_THEMES, reference, &encode(&themes))
    }

    pub fn remove_user(&mut self, login: &str) -> Result<(), StoreError> {
        self.remove(tables::USERS, login)
    }

    pub fn put_letter(&mut self, reference: &str, record: &LetterRecord) -> Result<(), StoreError> {
        self.put(tables::LETTERS, reference, &encode(record))
    }

    /// Takes `before` out of its network's totals and adds `after` to its own: one read
    /// and at most one write where both are the same network's (nearly every change),
    /// none where the totals come out as they were (a check, a note).
    fn move_network_totals(
        &mut self,
        before: Option<&Case>,
        after: &Case,
    ) -> Result<(), StoreError> {
        let key_of = |case: &Case| key2(&case.application.round, &case.application.network);
        let after_key = key_of(after);
        if let Some(before) = before {
            let before_key = key_of(before);
            if before_key == after_key {
                let stored: NetworkTotals = self
                    .get_decoded(tables::NETWORK_TOTALS, &after_key)?
                    .unwrap_or_default();
                let mut totals = stored.clone();
                totals.add(before, -1);
                totals.add(after, 1);
                if totals == stored {
                    return Ok(());
                }
                return self.put(tables::NETWORK_TOTALS, &after_key, &encode(&totals));
            }
            self.adjust_network_totals(&before_key, before, -1)?;
        }
        self.adjust_network_totals(&after_key, after, 1)
    }

    fn adjust_network_totals(
        &mut self,
        key: &str,
        case: &Case,
        sign: i8,
    ) -> Result<(), StoreError> {
        let mut totals: NetworkTotals = self
            .get_decoded(tables::NETWORK_TOTALS, key)?
            .unwrap_or_default();
        totals.add(case, sign);
        self.put(tables::NETWORK_TOTALS, key, &encode(&totals))
    }
}

/// New cases made ready to store, away from the writer: each encoded, their order by
/// reference found, their aggregates summed. None of it needs the database, so an import
/// makes them on its reading thread while the writer's thread stores the chunk before.
pub struct NewCases {
    /// In the order given (the order their events are logged in).
    cases: Vec<Case>,
    encoded: Vec<Vec<u8>>,
    /// Indexes into `cases` by reference: in key order, each table's pages fill up one
    /// after another instead of splitting all over (faster, and a smaller file).
    order: Vec<usize>,
    added: Aggregates,
}

impl NewCases {
    pub fn new(cases: Vec<Case>) -> NewCases {
        let encoded = cases.iter().map(encode).collect();
        let mut order: Vec<usize> = (0..cases.len()).collect();
        order.sort_unstable_by(|&a, &b| cases[a].reference().cmp(cases[b].reference()));
        let mut added = Aggregates::default();
        for case in &cases {
            added.add(case);
        }
        NewCases {
            cases,
            encoded,
            order,
            added,
        }
    }

    /// The cases, in the order given.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    pub fn into_cases(self) -> Vec<Case> {
        self.cases
    }
}

/// `n` in 20 digits, zeros in front (as `{n:020}` writes it, which went through the
/// formatting machinery once an event: a tenth of the log's cost in an import).
fn push_zero_padded(key: &mut String, mut n: u64) {
    let mut digits = [b'0'; 20];
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + u8::try_from(n % 10).expect("a digit");
        n /= 10;
    }
    key.push_str(std::str::from_utf8(&digits).expect("ASCII digits"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Change;
    use crate::service::{Command, Service};
    use crate::store::Store;

    /// Tables stay open across a transaction's gets, puts and scans: a scan's visitor
    /// writes through the writer, the scanned table is read and written after it, the
    /// log is appended to and read back, and all of it is there after the commit.
    #[test]
    fn tables_kept_open_read_and_write_as_opened_ones() {
        let store = Store::in_memory().unwrap();
        store
            .write(|w| -> Result<(), StoreError> {
                w.put(tables::OFFICIALS, "a", b"1")?;
                w.put(tables::OFFICIALS, "b", b"2")?;
                let mut seen = Vec::new();
                w.scan(
                    tables::OFFICIALS,
                    super::super::unbounded(),
                    &mut |key, bytes| {
                        seen.push(key.to_string());
                        w.put(tables::PRIORITIES, key, bytes)?;
                        Ok(true)
                    },
                )?;
                assert_eq!(seen, ["a", "b"]);
                w.put(tables::OFFICIALS, "c", b"3")?;
                assert_eq!(w.get(tables::OFFICIALS, "a")?.as_deref(), Some(&b"1"[..]));
                w.remove(tables::OFFICIALS, "b")?;
                let event = Event::new(
                    chrono::Utc::now(),
                    "kari",
                    Some("X-1"),
                    Change::Imported { replaced: false },
                );
                let seq = w.append_event(event.clone())?;
                assert_eq!(w.event(seq)?.map(|e| e.by), Some("kari".to_string()));
                assert_eq!(w.last_event_seq()?, seq);
                assert!(w.verify_chain()?.broken.is_none());
                Ok(())
            })
            .unwrap();
        store
            .read(|r| -> Result<(), StoreError> {
                assert_eq!(r.get(tables::OFFICIALS, "b")?, None);
                assert_eq!(r.get(tables::OFFICIALS, "c")?.as_deref(), Some(&b"3"[..]));
                assert_eq!(r.get(tables::PRIORITIES, "b")?.as_deref(), Some(&b"2"[..]));
                assert_eq!(r.last_event_seq()?, 1);
                Ok(())
            })
            .unwrap();
    }

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

    #[test]
    fn zero_padded_as_formatting_pads() {
        for n in [0, 7, 10, 12_345, u64::MAX / 3, u64::MAX] {
            let mut key = String::from("k\u{1f}");
            super::push_zero_padded(&mut key, n);
            assert_eq!(key, format!("k\u{1f}{n:020}"));
        }
    }
}
