//! Application rounds and their pots.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::Money;
use super::time::end_of_oslo_day;

/// One of the funding schemes of a round, with the amount the county governor may grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pot {
    pub id: String,
    pub name: String,
    /// The name in nynorsk, for letters to nynorsk municipalities.
    pub name_nn: Option<String>,
    pub total: Money,
    /// Whether applicants must cooperate with a competence environment (the `partner` check).
    pub partner_required: bool,
}

/// One county's call for applications in one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: String,
    pub county: String,
    pub year: i32,
    /// Applications must be in by the end of this day, Norwegian time.
    pub deadline: NaiveDate,
    /// The date by which granted funds must be used.
    pub funds_used_by: Option<NaiveDate>,
    /// Whether the proposer and the approver must be different people.
    pub four_eyes: bool,
    /// Whether decisions are individual decisions (enkeltvedtak) with a right of appeal.
    pub appeal_rights: bool,
    pub pots: Vec<Pot>,
}

impl Round {
    pub fn pot(&self, id: &str) -> Option<&Pot> {
        self.pots.iter().find(|p| p.id == id)
    }

    /// The first instant that is too late.
    pub fn deadline_end(&self) -> DateTime<Utc> {
        end_of_oslo_day(self.deadline)
    }

    pub fn pot_ids(&self) -> Vec<String> {
        self.pots.iter().map(|p| p.id.clone()).collect()
    }
}
