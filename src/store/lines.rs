//! Each case's list line (`CASE_LINES`), kept in step with the case and with what its
//! automatic checks read: the round, the counties it covers and the network. A list or
//! a filter then reads a small line per case instead of the whole case.

use std::collections::HashMap;

use redb::{ReadableTable, WriteTransaction};

use super::StoreError;
use super::opened::opened;
use super::read::{TxnView, View, decode, encode};
use super::tables;
use super::write::Writer;
use crate::domain::{Case, CaseLine, Network, Round, Setting};

/// Lines as stored, one per case asked for (`None` for a case without a line).
pub(super) type EncodedLines = Vec<Option<Vec<u8>>>;

/// The rounds (with their counties) and networks lines are computed in, each read once:
/// for writing lines, and for `audit --verify` to compute what they should be.
#[derive(Default)]
pub struct LineSettings {
    rounds: HashMap<String, Option<(Round, Vec<String>)>>,
    networks: HashMap<String, Option<Network>>,
}

impl LineSettings {
    /// The case's line, or `None` where its round is not stored (a case is listed only
    /// in a round that exists).
    pub fn line(&mut self, view: &impl View, case: &Case) -> Result<Option<CaseLine>, StoreError> {
        self.load(view, case)?;
        Ok(self.line_of(case))
    }

    /// Reads the case's round, terms and network, where not read yet.
    fn load(&mut self, view: &impl View, case: &Case) -> Result<(), StoreError> {
        let round_id = &case.application.round;
        if !self.rounds.contains_key(round_id) {
            let round = view.round(round_id)?;
            let terms = view.round_terms(round_id)?;
            let setting = round.map(|round| {
                let counties = crate::domain::round::counties(&round, terms.as_ref());
                (round, counties)
            });
            self.rounds.insert(round_id.clone(), setting);
        }
        let network_id = &case.application.network;
        if !self.networks.contains_key(network_id) {
            self.networks
                .insert(network_id.clone(), view.network(network_id)?);
        }
        Ok(())
    }

    /// The line of a case whose setting is loaded.
    fn line_of(&self, case: &Case) -> Option<CaseLine> {
        let (round, counties) = self
            .rounds
            .get(&case.application.round)
            .and_then(Option::as_ref)?;
        let setting = Setting {
            round,
            counties,
            network: self
                .networks
                .get(&case.application.network)
                .and_then(Option::as_ref),
        };
        Some(case.line(setting))
    }

    /// The encoded lines of new cases (in their order), computed on another core while
    /// `meanwhile` runs on this one: an import stores the cases themselves meanwhile.
    pub(super) fn lines_beside<T>(
        &mut self,
        txn: &WriteTransaction,
        cases: &[&Case],
        meanwhile: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<(T, EncodedLines), StoreError> {
        let view = TxnView::new(txn);
        for case in cases {
            self.load(&view, case)?;
        }
        let settings = &*self;
        std::thread::scope(|scope| {
            let lines = scope.spawn(move || {
                cases
                    .iter()
                    .map(|case| settings.line_of(case).map(|line| encode(&line)))
                    .collect::<Vec<_>>()
            });
            let done = meanwhile()?;
            let lines = lines
                .join()
                .map_err(|_| StoreError::Database("computing the list lines failed".into()))?;
            Ok((done, lines))
        })
    }

    /// Stores the case's line (or removes a line it can no longer have).
    pub(super) fn put(&mut self, writer: &Writer<'_>, case: &Case) -> Result<(), StoreError> {
        let line = self.line(writer, case)?;
        let reference = case.reference();
        writer.with_table(tables::CASE_LINES, |lines| {
            match line {
                Some(line) => lines.insert(reference, encode(&line).as_slice())?,
                None => lines.remove(reference)?,
            };
            Ok(())
        })
    }
}

/// Computes every case's line again: after a change to a round, its terms or a network
/// (which the checks read), and for a file that has no lines yet.
pub(super) fn refresh_all(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.delete_table(tables::CASE_LINES)?;
    let mut settings = LineSettings::default();
    let view = TxnView::new(txn);
    let cases = opened(txn.open_table(tables::CASES)?);
    let mut lines = opened(txn.open_table(tables::CASE_LINES)?);
    for entry in cases.iter()? {
        let (_, bytes) = entry?;
        // A case this version cannot read is left for `audit --verify` to name; it has
        // no line, and a list reads it whole.
        let Ok(case) = decode::<Case>(bytes.value(), String::new) else {
            continue;
        };
        if let Some(line) = settings.line(&view, &case)? {
            lines.insert(case.reference(), encode(&line).as_slice())?;
        }
    }
    Ok(())
}
