//! `audit --verify` beyond the hash chain: the events replayed and compared with the
//! stored cases, users and rounds, and the stored running totals compared with the sums
//! of the cases.

use std::collections::BTreeMap;

use crate::domain::replay::{Mismatch, Replay};
use crate::error::{Error, Result};
use crate::store::{ChainReport, StoreError, View};

/// The first place the stored state differs from the log, or from its own cases. Read
/// as a stream, one case's events at a time, so a log of any length is verified in
/// little memory.
pub(super) fn state_mismatch(view: &impl View) -> Result<Option<Mismatch>> {
    // Each case against its own events.
    let mut found = None;
    let mut stored_cases = std::collections::HashSet::new();
    let mut lines = LineCheck::default();
    view.each_case(&mut |case| {
        stored_cases.insert(case.reference().to_string());
        let mut replay = Replay::default();
        for event in view.case_events(case.reference())? {
            replay.apply(&event);
        }
        found = replay.compare_case(&case);
        if found.is_none() {
            let letter = view.letter(case.reference())?.map(|r| (r.date, r.form));
            found = replay.compare_letter(case.reference(), letter.as_ref());
        }
        if found.is_none() {
            found = replay.compare_details(case.reference(), &view.case_details(case.reference())?);
        }
        if found.is_none() {
            let stored = view.follow_up(&case.application.round, case.reference())?;
            found = replay.compare_follow_up(case.reference(), &stored);
        }
        if found.is_none() {
            let stored = view.case_themes(case.reference())?;
            found = replay.compare_themes(case.reference(), &stored);
        }
        if found.is_none() {
            found = lines.mismatch(view, &case)?;
        }
        Ok(found.is_none())
    })?;
    if found.is_some() {
        return Ok(found);
    }
    // A case the log has events of, that is not stored.
    view.scan(
        crate::store::tables::CASE_EVENTS,
        crate::store::unbounded(),
        &mut |key, _| {
            let reference = key.split(crate::store::tables::SEP).next().unwrap_or(key);
            if !stored_cases.contains(reference) {
                found = Some(Mismatch {
                    subject: format!("case {reference}"),
                    field: "imported".into(),
                    log: "yes".into(),
                    stored: "no case".into(),
                });
            }
            Ok(found.is_none())
        },
    )?;
    if found.is_some() {
        return Ok(found);
    }
    // A follow-up stored for no case (or under another round than its case's).
    view.scan(
        crate::store::tables::FOLLOW_UP,
        crate::store::unbounded(),
        &mut |key, _| {
            let reference = key.split(crate::store::tables::SEP).nth(1).unwrap_or(key);
            if !stored_cases.contains(reference) {
                found = Some(Mismatch {
                    subject: format!("case {reference}"),
                    field: "follow-up".into(),
                    log: "no case".into(),
                    stored: "a follow-up".into(),
                });
            }
            Ok(found.is_none())
        },
    )?;
    if found.is_some() {
        return Ok(found);
    }
    if let Some(differs) = world_mismatch(view)? {
        return Ok(Some(differs));
    }
    // The running totals against the cases.
    let computed = view.computed_aggregates()?;
    let stored = match view.stored_aggregates() {
        Ok(stored) => stored,
        Err(StoreError::Corrupt { what }) => {
            return Ok(Some(Mismatch {
                subject: what,
                field: "totals".into(),
                log: "readable".into(),
                stored: "unreadable".into(),
            }));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(computed
        .first_difference(&stored)
        .map(|(subject, log, stored)| Mismatch {
            subject,
            field: "totals".into(),
            log,
            stored,
        }))
}

/// Each case's stored list line against the line its case gives in its setting, with
/// each round and network read once.
#[derive(Default)]
struct LineCheck {
    settings: crate::store::LineSettings,
}

impl LineCheck {
    fn mismatch(
        &mut self,
        view: &impl View,
        case: &crate::domain::Case,
    ) -> std::result::Result<Option<Mismatch>, StoreError> {
        let expected = self.settings.line(view, case)?;
        let stored = view.case_line(case.reference()).ok().flatten();
        if stored == expected {
            return Ok(None);
        }
        let describe = |line: Option<&crate::domain::CaseLine>| {
            line.map_or_else(
                || "none".to_string(),
                |l| {
                    format!(
                        "{} {} {} kr, {} of {} checks met",
                        l.state.as_str(),
                        l.title,
                        l.allocated.plain(),
                        l.checks.met,
                        l.checks.total()
                    )
                },
            )
        };
        Ok(Some(Mismatch {
            subject: format!("case {}", case.reference()),
            field: "list line".into(),
            log: describe(expected.as_ref()),
            stored: describe(stored.as_ref()),
        }))
    }
}

/// What a verification means for the user: done, or the first thing wrong.
pub fn audit_outcome(report: &ChainReport) -> Result<()> {
    if let Some(broken) = &report.broken {
        return Err(Error::ChainBroken(broken.clone()));
    }
    if let Some(mismatch) = &report.mismatch {
        return Err(Error::StateDiffers(mismatch.clone()));
    }
    if let Some(expected) = report.expected.as_ref().filter(|e| **e != report.head) {
        return Err(Error::HeadDiffers {
            head: report.head.clone(),
            expected: expected.clone(),
        });
    }
    Ok(())
}

/// Users, signatures, ties, rounds and the registry against the events that are no
/// case's.
fn world_mismatch(view: &impl View) -> Result<Option<Mismatch>> {
    let mut world = Replay::default();
    for seq in 1..=view.last_event_seq()? {
        if let Some(event) = view.event(seq)?.filter(|e| e.case.is_none()) {
            world.apply(&event);
        }
    }
    let users: BTreeMap<_, _> = view
        .users()?
        .into_iter()
        .map(|u| (u.login, u.role))
        .collect();
    if let Some(user) = world.compare_users(&users) {
        return Ok(Some(user));
    }
    if let Some(official) = world.compare_officials(&view.officials()?) {
        return Ok(Some(official));
    }
    if let Some(tie) = world.compare_ties(&view.all_ties()?) {
        return Ok(Some(tie));
    }
    if let Some(priority) = world.compare_priorities(&view.priorities()?) {
        return Ok(Some(priority));
    }
    let rounds = view.rounds()?;
    for round in &rounds {
        if let Some(differs) = world.compare_round(round) {
            return Ok(Some(differs));
        }
        let terms = view.round_terms(&round.id)?;
        if let Some(differs) = world.compare_terms(&round.id, terms.as_ref()) {
            return Ok(Some(differs));
        }
    }
    if let Some(gone) = world.missing_round(&|id| rounds.iter().any(|r| r.id == id)) {
        return Ok(Some(gone));
    }
    let registry = crate::domain::registry::digest(
        &view.municipalities()?,
        &view.networks()?,
        &view.municipality_details()?,
    );
    if let Some(differs) = world.compare_registry(&registry) {
        return Ok(Some(differs));
    }
    Ok(None)
}
