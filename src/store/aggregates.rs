//! The running totals kept beside the cases (pot balances, state counts, per-network
//! totals, grant history, the round index), computed afresh from the cases alone.
//!
//! Writes keep these in step with `CASES` one change at a time. [`Aggregates`] is the
//! same arithmetic done from scratch: `audit --verify` compares it with what is stored,
//! and `dev repair` writes it over what is stored when the two have come apart (a damaged
//! file, or a total older versions let grow past what it could read back).

use std::collections::{BTreeMap, BTreeSet};

use super::read::{NetworkTotals, PotAmounts};
use super::tables::{self, key2, key3};
use crate::domain::{Case, Money, Outcome};

/// Every aggregate, keyed as in its table. Zero sums, zero counts and empty maps are
/// left out, so two aggregates that mean the same compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aggregates {
    /// `round SEP pot` → allocated.
    pub pots: BTreeMap<String, Money>,
    /// `round SEP state` → count.
    pub states: BTreeMap<String, u64>,
    /// `round SEP network` → totals.
    pub network_totals: BTreeMap<String, NetworkTotals>,
    /// `network SEP round` → granted per pot.
    pub grants: BTreeMap<String, PotAmounts>,
    /// `round SEP reference`.
    pub round_cases: BTreeSet<String>,
    /// `municipality SEP round SEP reference` → the network and what it granted.
    pub municipality_grants: BTreeMap<String, (String, PotAmounts)>,
    /// `municipality SEP round` → applications it took part in, and what they asked.
    pub municipality_cases: BTreeMap<String, (u64, Money)>,
}

/// One case's share of the municipality application totals: one application and its
/// requested sum for each participating municipality.
pub fn municipality_case_rows(case: &Case) -> Vec<(String, (u64, Money))> {
    let application = &case.application;
    let requested = application.requested_total();
    application
        .all_municipalities()
        .into_iter()
        .map(|m| (key2(m, &application.round), (1, requested)))
        .collect()
}

/// Adds (or with `sign` < 0 takes away) one share to a municipality's totals.
pub fn add_share(total: &mut (u64, Money), share: (u64, Money), sign: i8) {
    if sign > 0 {
        total.0 += share.0;
        total.1 = total.1.plus(share.1);
    } else {
        total.0 = total.0.saturating_sub(share.0);
        total.1 = total.1.minus(share.1);
    }
}

/// The rows of the municipality grant index one decided case gives: one per
/// participating municipality; none for a rejection or an undecided case.
pub fn municipality_grant_rows(case: &Case) -> Vec<(String, (String, PotAmounts))> {
    let Some(decision) = case
        .decision
        .as_ref()
        .filter(|d| d.outcome != Outcome::Reject)
    else {
        return Vec::new();
    };
    let amounts: PotAmounts = decision
        .amounts
        .iter()
        .filter(|(_, m)| !m.is_zero())
        .map(|(pot, m)| (pot.clone(), *m))
        .collect();
    if amounts.is_empty() {
        return Vec::new();
    }
    let application = &case.application;
    application
        .all_municipalities()
        .into_iter()
        .map(|m| {
            let key = key3(m, &application.round, case.reference());
            (key, (application.network.clone(), amounts.clone()))
        })
        .collect()
}

impl Aggregates {
    /// Adds one case's share.
    pub fn add(&mut self, case: &Case) {
        let round = &case.application.round;
        self.round_cases.insert(key2(round, case.reference()));
        for (pot, amount) in &case.allocations {
            let sum = self.pots.entry(key2(round, pot)).or_default();
            *sum = sum.plus(*amount);
        }
        *self
            .states
            .entry(key2(round, case.state.as_str()))
            .or_default() += 1;
        self.network_totals
            .entry(key2(round, &case.application.network))
            .or_default()
            .add(case, 1);
        if let Some(decision) = case
            .decision
            .as_ref()
            .filter(|d| d.outcome != Outcome::Reject)
        {
            let grants = self
                .grants
                .entry(key2(&case.application.network, round))
                .or_default();
            for (pot, amount) in &decision.amounts {
                let sum = grants.entry(pot.clone()).or_default();
                *sum = sum.plus(*amount);
            }
        }
        self.municipality_grants
            .extend(municipality_grant_rows(case));
        for (key, share) in municipality_case_rows(case) {
            add_share(self.municipality_cases.entry(key).or_default(), share, 1);
        }
    }

    /// Leaves out what means nothing: zero sums and counts, empty maps.
    #[must_use]
    pub fn normalized(mut self) -> Aggregates {
        self.pots.retain(|_, m| !m.is_zero());
        self.states.retain(|_, n| *n > 0);
        for totals in self.network_totals.values_mut() {
            totals.requested.retain(|_, m| !m.is_zero());
            totals.allocated.retain(|_, m| !m.is_zero());
        }
        self.network_totals
            .retain(|_, t| t != &NetworkTotals::default());
        for grants in self.grants.values_mut() {
            grants.retain(|_, m| !m.is_zero());
        }
        self.grants.retain(|_, g| !g.is_empty());
        self.municipality_cases
            .retain(|_, (n, m)| *n > 0 || !m.is_zero());
        self
    }

    /// The first way `stored` differs from `self` (computed from the cases): which
    /// total (table and key), what the cases say, and what is stored.
    pub fn first_difference(&self, stored: &Aggregates) -> Option<(String, String, String)> {
        fn first<V: PartialEq + std::fmt::Debug>(
            what: &str,
            computed: &BTreeMap<String, V>,
            stored: &BTreeMap<String, V>,
        ) -> Option<(String, String, String)> {
            let keys: BTreeSet<&String> = computed.keys().chain(stored.keys()).collect();
            keys.into_iter().find_map(|key| {
                let (c, s) = (computed.get(key), stored.get(key));
                (c != s).then(|| {
                    let subject = format!("{what} {}", key.replace(tables::SEP, "/"));
                    (subject, format!("{c:?}"), format!("{s:?}"))
                })
            })
        }
        first("pot", &self.pots, &stored.pots)
            .or_else(|| first("state count", &self.states, &stored.states))
            .or_else(|| {
                first(
                    "network totals",
                    &self.network_totals,
                    &stored.network_totals,
                )
            })
            .or_else(|| first("grants", &self.grants, &stored.grants))
            .or_else(|| {
                first(
                    "municipality grants",
                    &self.municipality_grants,
                    &stored.municipality_grants,
                )
            })
            .or_else(|| {
                first(
                    "municipality applications",
                    &self.municipality_cases,
                    &stored.municipality_cases,
                )
            })
            .or_else(|| {
                let key = self
                    .round_cases
                    .symmetric_difference(&stored.round_cases)
                    .next()?;
                let listed = |set: &BTreeSet<String>| format!("{}", set.contains(key));
                Some((
                    format!("round index {}", key.replace(tables::SEP, "/")),
                    listed(&self.round_cases),
                    listed(&stored.round_cases),
                ))
            })
    }
}
