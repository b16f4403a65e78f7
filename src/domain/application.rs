//! An application as the network sent it. Never changed by review: review state lives
//! in [`super::case::Case`].

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money::Money;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub pot: String,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub item: String,
    pub amount: Money,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// The case id (`INN-2022-001`), unique across rounds.
    pub reference: String,
    pub round: String,
    pub network: String,
    /// When it was sent, with the sender's offset as written.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub submitted: DateTime<FixedOffset>,
    pub title: String,
    pub lead_municipality: String,
    pub municipalities: Vec<String>,
    pub contact: Option<Contact>,
    pub requests: Vec<Request>,
    pub competence_partner: Option<String>,
    pub bufetat: Option<bool>,
    pub project_leader_percent: Option<u32>,
    pub period: Option<Period>,
    pub summary: Option<String>,
    pub plan: Option<String>,
    pub budget: Vec<BudgetLine>,
}

impl Application {
    pub fn requested(&self, pot: &str) -> Option<Money> {
        self.requests
            .iter()
            .filter(|r| r.pot == pot)
            .map(|r| r.amount)
            .reduce(Money::plus)
    }

    pub fn requested_total(&self) -> Money {
        self.requests.iter().map(|r| r.amount).sum()
    }

    /// SHA-256 over the application's JSON form, hex: recorded in the log when it
    /// arrives, so a stored application that differs from what arrived is noticed. A
    /// field added later must be left out of the JSON while empty, so older digests
    /// still match.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        /// The JSON goes straight into the hash: no buffer for it (an import of a
        /// hundred thousand digests them all).
        struct Hashing(Sha256);
        impl std::io::Write for Hashing {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut hashing = Hashing(Sha256::new());
        serde_json::to_writer(&mut hashing, self).expect("an application always serializes");
        let mut out = String::with_capacity(64);
        for byte in hashing.0.finalize() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        out
    }

    /// The lead municipality first, then the others, without repeats.
    pub fn all_municipalities(&self) -> Vec<&str> {
        let mut all = Vec::with_capacity(self.municipalities.len() + 1);
        all.push(self.lead_municipality.as_str());
        // A few are compared in a row; a list of thousands (an import may hold 10 000)
        // through a set, or every check of the case took a quarter of a second.
        if self.municipalities.len() <= 16 {
            for m in &self.municipalities {
                if !all.contains(&m.as_str()) {
                    all.push(m);
                }
            }
        } else {
            let mut seen = std::collections::HashSet::with_capacity(all.capacity());
            seen.insert(self.lead_municipality.as_str());
            all.extend(
                self.municipalities
                    .iter()
                    .map(String::as_str)
                    .filter(|m| seen.insert(*m)),
            );
        }
        all
    }
}
