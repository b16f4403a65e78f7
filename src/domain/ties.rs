//! Standing ties (forvaltningsloven § 6): a conflict an adviser declares with a
//! municipality (a spouse on its staff, a seat on its council). It bars them from every
//! case that municipality takes part in, in every round, until they withdraw it; both
//! are events in the log.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::application::Application;
use super::case::{required_reason, within_limit};
use super::event::Change;
use super::refusal::Refusal;

/// One declared tie: why, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingTie {
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// One person's ties: municipality number → tie.
pub type Ties = BTreeMap<String, StandingTie>;

/// Declares `person`'s tie with `municipality` (which the registry must know).
pub fn declare(
    ties: &Ties,
    person: &str,
    municipality: &str,
    known: bool,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(StandingTie, Change), Refusal> {
    if !known {
        return Err(Refusal::UnknownMunicipality {
            number: municipality.to_string(),
        });
    }
    if ties.contains_key(municipality) {
        return Err(Refusal::TieAlreadyDeclared {
            person: person.to_string(),
            municipality: municipality.to_string(),
        });
    }
    let reason = required_reason(reason)?.to_string();
    let tie = StandingTie {
        reason: reason.clone(),
        at,
    };
    let change = Change::TieDeclared {
        municipality: municipality.to_string(),
        reason,
    };
    Ok((tie, change))
}

/// Withdraws `person`'s tie with `municipality`, with why where given.
pub fn withdraw(
    ties: &Ties,
    person: &str,
    municipality: &str,
    reason: Option<&str>,
) -> Result<Change, Refusal> {
    if !ties.contains_key(municipality) {
        return Err(Refusal::NoTie {
            person: person.to_string(),
            municipality: municipality.to_string(),
        });
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(reason) = reason {
        within_limit(reason)?;
    }
    Ok(Change::TieWithdrawn {
        municipality: municipality.to_string(),
        reason: reason.map(str::to_string),
    })
}

/// The first municipality of the application `ties` bar, if any.
pub fn barring<'a>(application: &'a Application, ties: &Ties) -> Option<&'a str> {
    application
        .all_municipalities()
        .into_iter()
        .find(|m| ties.contains_key(*m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 3, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_tie_is_declared_once_with_a_reason_and_withdrawn_once() {
        let mut ties = Ties::new();
        assert_eq!(
            declare(&ties, "kari", "4631", false, "Ektefelle", at()).unwrap_err(),
            Refusal::UnknownMunicipality {
                number: "4631".into()
            }
        );
        assert_eq!(
            declare(&ties, "kari", "4631", true, "  ", at()).unwrap_err(),
            Refusal::ReasonRequired
        );
        let (tie, change) = declare(&ties, "kari", "4631", true, "Ektefelle", at()).unwrap();
        assert_eq!(
            change,
            Change::TieDeclared {
                municipality: "4631".into(),
                reason: "Ektefelle".into()
            }
        );
        ties.insert("4631".into(), tie);
        assert!(matches!(
            declare(&ties, "kari", "4631", true, "Igjen", at()),
            Err(Refusal::TieAlreadyDeclared { .. })
        ));
        withdraw(&ties, "kari", "4631", None).unwrap();
        ties.remove("4631");
        assert!(matches!(
            withdraw(&ties, "kari", "4631", None),
            Err(Refusal::NoTie { .. })
        ));
    }
}
