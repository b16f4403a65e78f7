//! Each case's list line (`CASE_LINES`), kept in step with the case and with what its
//! automatic checks read: the round, the counties it covers and the network. A list or
//! a filter then reads a small line per case instead of the whole case.

use std::collections::HashMap;

use redb::{ReadableTable, WriteTransaction};

use super::StoreError;
use super::read::{TextTable, decode, encode};
use super::tables;
use crate::domain::{Case, CaseLine, Network, Round, RoundTerms, Setting};

/// The rounds (with their counties) and networks lines were computed in, each read once.
#[derive(Default)]
pub(super) struct Settings {
    rounds: HashMap<String, Option<(Round, Vec<String>)>>,
    networks: HashMap<String, Option<Network>>,
}

impl Settings {
    /// The case's line, or `None` where its round is not stored (a case is listed only
    /// in a round that exists).
    pub(super) fn line(
        &mut self,
        txn: &WriteTransaction,
        case: &Case,
    ) -> Result<Option<CaseLine>, StoreError> {
        let round_id = &case.application.round;
        if !self.rounds.contains_key(round_id) {
            let round: Option<Round> = get(txn, tables::ROUNDS, round_id)?;
            let terms: Option<RoundTerms> = get(txn, tables::ROUND_TERMS, round_id)?;
            let setting = round.map(|round| {
                let counties = crate::domain::round::counties(&round, terms.as_ref());
                (round, counties)
            });
            self.rounds.insert(round_id.clone(), setting);
        }
        let network_id = &case.application.network;
        if !self.networks.contains_key(network_id) {
            let network = get(txn, tables::NETWORKS, network_id)?;
            self.networks.insert(network_id.clone(), network);
        }
        let Some((round, counties)) = self.rounds.get(round_id).and_then(Option::as_ref) else {
            return Ok(None);
        };
        let setting = Setting {
            round,
            counties,
            network: self.networks.get(network_id).and_then(Option::as_ref),
        };
        Ok(Some(case.line(setting)))
    }

    /// Stores the case's line (or removes a line it can no longer have).
    pub(super) fn put(&mut self, txn: &WriteTransaction, case: &Case) -> Result<(), StoreError> {
        self.put_all(txn, &[case])
    }

    /// [`Settings::put`] for many cases, with the table opened once.
    pub(super) fn put_all(
        &mut self,
        txn: &WriteTransaction,
        cases: &[&Case],
    ) -> Result<(), StoreError> {
        let mut lines = txn.open_table(tables::CASE_LINES)?;
        for case in cases {
            match self.line(txn, case)? {
                Some(line) => lines.insert(case.reference(), encode(&line).as_slice())?,
                None => lines.remove(case.reference())?,
            };
        }
        Ok(())
    }
}

/// Computes every case's line again: after a change to a round, its terms or a network
/// (which the checks read), and for a file that has no lines yet.
pub(super) fn refresh_all(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.delete_table(tables::CASE_LINES)?;
    let mut settings = Settings::default();
    let cases = txn.open_table(tables::CASES)?;
    let mut lines = txn.open_table(tables::CASE_LINES)?;
    for entry in cases.iter()? {
        let (_, bytes) = entry?;
        // A case this version cannot read is left for `audit --verify` to name; it has
        // no line, and a list reads it whole.
        let Ok(case) = decode::<Case>(bytes.value(), String::new) else {
            continue;
        };
        if let Some(line) = settings.line(txn, &case)? {
            lines.insert(case.reference(), encode(&line).as_slice())?;
        }
    }
    Ok(())
}

fn get<T: serde::de::DeserializeOwned>(
    txn: &WriteTransaction,
    table: TextTable,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let name = redb::TableHandle::name(&table).to_string();
    let opened = txn.open_table(table)?;
    let value = opened.get(key)?;
    value
        .map(|bytes| decode(bytes.value(), || format!("{name} {key}")))
        .transpose()
}
