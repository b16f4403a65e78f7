//! The filter query language of the case list: `state:received pot:fosterhjem
//! network:sogn text words`. Words without a key match reference, title and network;
//! everything is case- and diacritics-insensitive, and all parts must match.

use super::queries::{CaseRow, DueFilter, ListFilter};
use crate::domain::CaseState;
use crate::domain::text::fold;

/// Why a query could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum FilterError {
    #[error("unknown filter key {0}")]
    UnknownKey(String),
    #[error("unknown state {0}")]
    UnknownState(String),
    #[error("{0}: needs a value")]
    EmptyValue(String),
    #[error("unknown due value {0}")]
    UnknownDue(String),
}

/// Keys the language knows, with their Norwegian aliases.
const STATE_KEYS: [&str; 2] = ["state", "status"];
const POT_KEYS: [&str; 2] = ["pot", "pott"];
const NETWORK_KEYS: [&str; 2] = ["network", "nettverk"];
const DUE_KEYS: [&str; 2] = ["due", "forfall"];
const MUNICIPALITY_KEYS: [&str; 2] = ["municipality", "kommune"];

/// `due:` values: overdue only, or anything due.
fn parse_due(value: &str) -> Option<DueFilter> {
    match fold(value).as_str() {
        "overdue" | "forfalt" | "forfalle" => Some(DueFilter::Overdue),
        "all" | "any" | "alle" | "alt" | "yes" | "ja" => Some(DueFilter::Any),
        _ => None,
    }
}

/// The bokmål and nynorsk words people may type for a state, besides its id (folded,
/// spaces as hyphens): the screen's filter and the CLI's `--state` take both.
pub fn state_words(state: CaseState) -> &'static [&'static str] {
    match state {
        CaseState::Received => &["mottatt", "motteken"],
        CaseState::UnderReview => &[
            "under-behandling",
            "behandling",
            "under-handsaming",
            "handsaming",
        ],
        CaseState::Proposed => &["innstilt"],
        CaseState::Decided => &["vedtatt", "vedteken"],
        CaseState::LetterSent => &["brev-sendt", "sendt"],
        CaseState::Paid => &["betalt", "utbetalt"],
        CaseState::Reported => &["rapportert"],
        CaseState::Closed => &["avsluttet", "avslutta"],
    }
}

/// State names people may type: the ids, and the bokmål and nynorsk words.
fn parse_state(value: &str) -> Option<CaseState> {
    let folded = fold(value).replace(' ', "-");
    CaseState::parse(&folded).or_else(|| {
        CaseState::ALL
            .into_iter()
            .find(|state| state_words(*state).contains(&folded.as_str()))
    })
}

impl ListFilter {
    /// Reads a query; the round, if any, is kept from `self`.
    pub fn parse_query(&self, query: &str) -> Result<ListFilter, FilterError> {
        let mut filter = ListFilter {
            round: self.round.clone(),
            ..ListFilter::default()
        };
        for word in query.split_whitespace() {
            let Some((key, value)) = word.split_once(':') else {
                filter.words.push(fold(word));
                continue;
            };
            let key = fold(key);
            if value.is_empty() {
                return Err(FilterError::EmptyValue(format!("{key}:")));
            }
            if STATE_KEYS.contains(&key.as_str()) {
                let state = parse_state(value)
                    .ok_or_else(|| FilterError::UnknownState(value.to_string()))?;
                filter.state = Some(state);
            } else if POT_KEYS.contains(&key.as_str()) {
                filter.pot = Some(fold(value));
            } else if NETWORK_KEYS.contains(&key.as_str()) {
                filter.network = Some(fold(value));
            } else if MUNICIPALITY_KEYS.contains(&key.as_str()) {
                filter.municipality = Some(value.trim().to_string());
            } else if DUE_KEYS.contains(&key.as_str()) {
                let due =
                    parse_due(value).ok_or_else(|| FilterError::UnknownDue(value.to_string()))?;
                filter.due = Some(due);
            } else {
                return Err(FilterError::UnknownKey(format!("{key}:")));
            }
        }
        Ok(filter)
    }

    /// Whether the filter asks for nothing but a round: every case of it passes, and no
    /// case needs reading to tell.
    pub fn selects_by_round_only(&self) -> bool {
        self.state.is_none()
            && self.pot.is_none()
            && self.network.is_none()
            && self.words.is_empty()
            && self.due.is_none()
            && self.municipality.is_none()
    }

    /// Whether a case passes every part of the filter.
    pub fn matches(&self, row: &CaseRow) -> bool {
        // The row's text is folded only for a filter that compares it.
        let needs_text = self.pot.is_some() || self.network.is_some() || !self.words.is_empty();
        if needs_text {
            self.matches_keyed(row, &RowKeys::of(row))
        } else {
            self.matches_keyed(row, &RowKeys::default())
        }
    }

    /// [`ListFilter::matches`] with the row's text folded beforehand: a screen that
    /// filters the same rows on every key press folds each row once.
    pub fn matches_keyed(&self, row: &CaseRow, keys: &RowKeys) -> bool {
        if self.round.as_ref().is_some_and(|r| *r != row.round) {
            return false;
        }
        if self.state.is_some_and(|s| s != row.state) {
            return false;
        }
        let due_passes = match (self.due, row.due) {
            (Some(_), None) => false,
            (Some(DueFilter::Overdue), Some(mark)) => mark.overdue,
            (None | Some(DueFilter::Any), _) => true,
        };
        if !due_passes {
            return false;
        }
        if let Some(pot) = &self.pot
            && !keys.pots.iter().any(|p| p.contains(pot.as_str()))
        {
            return false;
        }
        if let Some(number) = &self.municipality
            && !row.municipalities.contains(number)
        {
            return false;
        }
        if let Some(wanted) = &self.network
            && !keys.network().contains(wanted.as_str())
        {
            return false;
        }
        self.words
            .iter()
            .all(|w| keys.haystack.contains(w.as_str()))
    }
}

/// A row's text as the filter compares it, folded once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowKeys {
    /// Reference, title, then network id and name: the words of a query search it all.
    haystack: String,
    /// Where the network's id and name start in `haystack`.
    network_at: usize,
    pots: Vec<String>,
}

impl RowKeys {
    pub fn of(row: &CaseRow) -> RowKeys {
        RowKeys::with_network(row, &RowKeys::network_of(row))
    }

    /// The row's network id and name, folded: the same for every row of a network, so a
    /// list of many rows folds it once per network ([`RowKeys::with_network`]).
    pub fn network_of(row: &CaseRow) -> String {
        fold(&format!(
            "{} {}",
            row.network,
            row.network_name.as_deref().unwrap_or("")
        ))
    }

    /// The keys of a row whose folded network is already at hand.
    pub fn with_network(row: &CaseRow, network: &str) -> RowKeys {
        let mut haystack = format!("{} {} ", fold(&row.reference), fold(&row.title));
        let network_at = haystack.len();
        haystack.push_str(network);
        RowKeys {
            haystack,
            network_at,
            pots: row.pots.iter().map(|p| fold(p)).collect(),
        }
    }

    fn network(&self) -> &str {
        &self.haystack[self.network_at..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CheckSummary, Money};

    fn row() -> CaseRow {
        CaseRow {
            reference: "INN-2022-002".into(),
            round: "innlandet-2022".into(),
            network: "innlandet-nord".into(),
            network_name: Some("Læringsnettverk Lillehammer og Gudbrandsdalen".into()),
            title: "Veiledningstilbud til fosterhjem".into(),
            state: CaseState::UnderReview,
            requested: Money::kroner(1),
            allocated: Money::ZERO,
            checks: CheckSummary::default(),
            pots: vec!["fosterhjem".into()],
            outcome: None,
            due: None,
            conflicted: Vec::new(),
            municipalities: vec!["3405".into(), "3441".into()],
        }
    }

    fn parse(query: &str) -> ListFilter {
        ListFilter::default().parse_query(query).unwrap()
    }

    #[test]
    fn every_part_must_match() {
        assert!(parse("state:under-review pot:foster network:nord").matches(&row()));
        assert!(parse("status:behandling nettverk:gudbrandsdal").matches(&row()));
        assert!(parse("status:under-handsaming").matches(&row()));
        assert!(parse("veiledning INN-2022").matches(&row()));
        assert!(!parse("state:received").matches(&row()));
        assert!(!parse("pot:egen").matches(&row()));
        assert!(!parse("network:sogn").matches(&row()));
        assert!(!parse("veiledning kultur").matches(&row()));
        assert!(parse("").matches(&row()));
        assert!(parse("kommune:3441 state:behandling").matches(&row()));
        assert!(!parse("municipality:3403").matches(&row()));
        assert!(!parse("kommune:3441").selects_by_round_only());
    }

    #[test]
    fn bad_queries_say_why() {
        let base = ListFilter::default();
        assert_eq!(
            base.parse_query("farge:rød"),
            Err(FilterError::UnknownKey("farge:".into()))
        );
        assert_eq!(
            base.parse_query("state:ferdig"),
            Err(FilterError::UnknownState("ferdig".into()))
        );
        assert_eq!(
            base.parse_query("pot:"),
            Err(FilterError::EmptyValue("pot:".into()))
        );
    }
}
