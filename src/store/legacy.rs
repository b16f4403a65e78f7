//! Layouts that earlier schemas stored, read only by the migrations that rewrite them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::case::{CaseState, Conflict, Decision, Proposal};
use crate::domain::{Application, Case, CheckId, CheckRecord, Money};

/// A case as schemas 1 to 9 stored it: without verdicts per pot.
#[derive(Deserialize)]
struct CaseV9 {
    application: Application,
    state: CaseState,
    checks: BTreeMap<CheckId, CheckRecord>,
    allocations: BTreeMap<String, Money>,
    proposal: Option<Proposal>,
    decision: Option<Decision>,
    conflicts: Vec<Conflict>,
    imported_at: DateTime<Utc>,
    revision: u64,
}

impl From<CaseV9> for Case {
    fn from(old: CaseV9) -> Case {
        Case {
            application: old.application,
            state: old.state,
            checks: old.checks,
            allocations: old.allocations,
            proposal: old.proposal,
            decision: old.decision,
            conflicts: old.conflicts,
            imported_at: old.imported_at,
            revision: old.revision,
            pot_checks: BTreeMap::new(),
        }
    }
}

/// A stored case in this version's layout or an earlier one, and whether it was the
/// earlier one (to be written again); `None` where neither reads it.
pub(super) fn read_case(bytes: &[u8]) -> Option<(Case, bool)> {
    // The current layout first: earlier bytes end where it expects the verdicts per
    // pot, so they never read as a current case.
    if let Ok(case) = postcard::from_bytes::<Case>(bytes) {
        return Some((case, false));
    }
    postcard::from_bytes::<CaseV9>(bytes)
        .ok()
        .map(|old| (old.into(), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Written<'a> {
        application: &'a Application,
        state: CaseState,
        checks: &'a BTreeMap<CheckId, CheckRecord>,
        allocations: &'a BTreeMap<String, Money>,
        proposal: &'a Option<Proposal>,
        decision: &'a Option<Decision>,
        conflicts: &'a Vec<Conflict>,
        imported_at: DateTime<Utc>,
        revision: u64,
    }

    /// What schema 9 wrote for `case`.
    pub(crate) fn as_schema_9(case: &Case) -> Vec<u8> {
        postcard::to_allocvec(&Written {
            application: &case.application,
            state: case.state,
            checks: &case.checks,
            allocations: &case.allocations,
            proposal: &case.proposal,
            decision: &case.decision,
            conflicts: &case.conflicts,
            imported_at: case.imported_at,
            revision: case.revision,
        })
        .unwrap()
    }

    #[test]
    fn a_schema_9_case_reads_without_verdicts_per_pot_and_a_current_one_as_it_is() {
        let application: Application = serde_json::from_value(serde_json::json!({
            "reference": "INN-1", "round": "r", "network": "n",
            "submitted": "2021-07-30T13:45:00+02:00", "title": "Basis",
            "lead_municipality": "3403", "municipalities": ["3403", "3411"],
            "budget": [], "requests": [{"pot": "egeninitiert", "amount": "450000"},
                         {"pot": "fosterhjem", "amount": "100000"}],
        }))
        .unwrap();
        let mut case = Case::new(application, chrono::Utc::now());
        case.revision = 7;
        let (old, rewrite) = read_case(&as_schema_9(&case)).unwrap();
        assert!(rewrite);
        assert_eq!(old, case);
        let record = CheckRecord {
            verdict: crate::domain::Verdict::NotMet,
            note: None,
            by: "kari".into(),
            at: case.imported_at,
        };
        case.set_pot_check("fosterhjem", CheckId::Purpose, Some(record));
        let (new, rewrite) = read_case(&postcard::to_allocvec(&case).unwrap()).unwrap();
        assert!(!rewrite);
        assert_eq!(new, case);
        assert!(read_case(b"not a case").is_none());
    }

    /// Migration 10 writes an earlier case again in the current layout.
    #[test]
    fn migration_10_rewrites_schema_9_cases() {
        use redb::ReadableDatabase;
        let db = redb::Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .unwrap();
        super::super::migrations::run(&db).unwrap();
        let application: Application = serde_json::from_value(serde_json::json!({
            "reference": "INN-2", "round": "r", "network": "n",
            "submitted": "2021-07-30T13:45:00+02:00", "title": "Basis",
            "lead_municipality": "3403", "municipalities": ["3403"],
            "budget": [], "requests": [{"pot": "fosterhjem", "amount": "100000"}],
        }))
        .unwrap();
        let case = Case::new(application, chrono::Utc::now());
        let txn = db.begin_write().unwrap();
        {
            let mut cases = txn.open_table(crate::store::tables::CASES).unwrap();
            cases
                .insert("INN-2", as_schema_9(&case).as_slice())
                .unwrap();
            let mut meta = txn.open_table(crate::store::tables::META).unwrap();
            meta.insert("schema", 9u32.to_le_bytes().as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
        super::super::migrations::run(&db).unwrap();
        let txn = db.begin_read().unwrap();
        let cases = txn.open_table(crate::store::tables::CASES).unwrap();
        let bytes = cases.get("INN-2").unwrap().unwrap();
        assert_eq!(postcard::from_bytes::<Case>(bytes.value()).unwrap(), case);
    }
}
