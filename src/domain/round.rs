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

/// The body that decides a round's applications and sends its letters, from the round
/// file's `[office]`: where it is not given, letters name the county governor of the
/// round's county.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// The official name in bokmål ("Statsforvalteren i Vestfold og Telemark").
    pub name: String,
    /// The official name in nynorsk ("Statsforvaltaren i Vestland").
    pub name_nn: Option<String>,
    pub org_number: Option<String>,
    pub address: Option<String>,
    /// Who hears an appeal, where decisions can be appealed.
    pub appeal_body: Option<String>,
    /// The form letters take for municipalities whose language form is neutral.
    pub neutral_language: Option<super::registry::LanguageForm>,
    /// The guidelines the decisions rest on.
    pub guidelines: Option<String>,
    /// The date of the call for applications.
    pub call_date: Option<NaiveDate>,
}

/// Every county a round covers: its terms' list, or else its one county.
pub fn counties(round: &Round, terms: Option<&RoundTerms>) -> Vec<String> {
    match terms {
        Some(terms) if !terms.counties.is_empty() => terms.counties.clone(),
        _ => vec![round.county.clone()],
    }
}

/// What a round file says beyond its rules and pots: the counties it covers (a body may
/// cover several), when the final report is due, and the body that decides it. Kept
/// beside the round, so rounds stored by earlier versions read as they were.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundTerms {
    /// Every county the round covers; empty where it is the round's one county.
    pub counties: Vec<String>,
    /// The final report and accounts are due.
    pub report_due: Option<NaiveDate>,
    pub office: Option<Office>,
}

impl Pot {
    /// What the pot can give one case: what no case holds yet (`allocated` is the sum
    /// over all cases), plus what this case holds already.
    pub fn room(&self, allocated: Money, held: Money) -> Money {
        self.total.minus(allocated).plus(held)
    }
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

/// One rule of a round that an update changed, for the audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleChange {
    FourEyes {
        before: bool,
        after: bool,
    },
    AppealRights {
        before: bool,
        after: bool,
    },
    Deadline {
        before: NaiveDate,
        after: NaiveDate,
    },
    FundsUsedBy {
        before: Option<NaiveDate>,
        after: Option<NaiveDate>,
    },
    /// A pot's total; `None` where the pot is new or gone.
    PotTotal {
        pot: String,
        before: Option<Money>,
        after: Option<Money>,
    },
    PartnerRequired {
        pot: String,
        after: bool,
    },
    /// County, year or a name: what the round is called, not how it decides.
    Description,
}

impl Round {
    /// What an update from `before` to `self` changes, rules first.
    pub fn rule_changes(&self, before: &Round) -> Vec<RuleChange> {
        let mut changes = Vec::new();
        if before.four_eyes != self.four_eyes {
            changes.push(RuleChange::FourEyes {
                before: before.four_eyes,
                after: self.four_eyes,
            });
        }
        if before.appeal_rights != self.appeal_rights {
            changes.push(RuleChange::AppealRights {
                before: before.appeal_rights,
                after: self.appeal_rights,
            });
        }
        if before.deadline != self.deadline {
            changes.push(RuleChange::Deadline {
                before: before.deadline,
                after: self.deadline,
            });
        }
        if before.funds_used_by != self.funds_used_by {
            changes.push(RuleChange::FundsUsedBy {
                before: before.funds_used_by,
                after: self.funds_used_by,
            });
        }
        let mut pots: Vec<&str> = before.pots.iter().map(|p| p.id.as_str()).collect();
        pots.extend(
            self.pots
                .iter()
                .map(|p| p.id.as_str())
                .filter(|id| before.pot(id).is_none()),
        );
        for id in pots {
            let (old, new) = (before.pot(id), self.pot(id));
            let (old_total, new_total) = (old.map(|p| p.total), new.map(|p| p.total));
            if old_total != new_total {
                changes.push(RuleChange::PotTotal {
                    pot: id.to_string(),
                    before: old_total,
                    after: new_total,
                });
            }
            if let (Some(old), Some(new)) = (old, new) {
                if old.partner_required != new.partner_required {
                    changes.push(RuleChange::PartnerRequired {
                        pot: id.to_string(),
                        after: new.partner_required,
                    });
                }
            }
        }
        let described = |r: &Round| {
            (
                r.county.clone(),
                r.year,
                r.pots
                    .iter()
                    .map(|p| (p.name.clone(), p.name_nn.clone()))
                    .collect::<Vec<_>>(),
            )
        };
        if described(before) != described(self) {
            changes.push(RuleChange::Description);
        }
        changes
    }
}
