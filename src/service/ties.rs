//! Standing ties: an adviser's declared conflict with a municipality, which bars them
//! from every case it takes part in (the rule is `Case::ensure_untied`, applied to
//! every case command in `commands.rs`).

use serde::{Deserialize, Serialize};

use super::commands::record;
use super::{Receipt, Service};
use crate::domain::ties;
use crate::error::Result;
use crate::store::View;

/// One standing tie, as `conflict --list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieRow {
    pub person: String,
    pub municipality: String,
    /// The municipality's name, where the registry knows it.
    pub name: Option<String>,
    pub reason: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl Service {
    pub(super) fn declare_tie(
        &self,
        actor: &str,
        municipality: &str,
        reason: &str,
    ) -> Result<Receipt> {
        let at = self.now();
        let municipality = municipality.trim();
        self.store.write(|writer| {
            let known = writer.municipality(municipality)?.is_some();
            let current = writer.ties_of(actor)?;
            let (tie, change) = ties::declare(&current, actor, municipality, known, reason, at)?;
            writer.put_tie(actor, municipality, &tie)?;
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }

    pub(super) fn withdraw_tie(
        &self,
        actor: &str,
        municipality: &str,
        reason: Option<&str>,
    ) -> Result<Receipt> {
        let at = self.now();
        let municipality = municipality.trim();
        self.store.write(|writer| {
            let current = writer.ties_of(actor)?;
            let change = ties::withdraw(&current, actor, municipality, reason)?;
            writer.remove_tie(actor, municipality)?;
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }

    /// Every standing tie, by person and municipality.
    pub fn ties(&self) -> Result<Vec<TieRow>> {
        self.store.read(|view| {
            view.all_ties()?
                .into_iter()
                .map(|((person, municipality), tie)| {
                    Ok(TieRow {
                        name: view.municipality(&municipality)?.map(|m| m.name),
                        person,
                        municipality,
                        reason: tie.reason,
                        at: tie.at,
                    })
                })
                .collect()
        })
    }
}
