//! What the event log says the state is: each event applied in order to an empty
//! world. `audit --verify` compares this with what is stored, so a value changed in the
//! file behind the log's back (a decided amount, a pot total, a role) is found even
//! though every event is intact.

use std::collections::BTreeMap;

use super::access::UserRole;
use super::case::{Case, CaseState, Decision, Proposal};
use super::checks::{CheckId, CheckRecord};
use super::event::{Change, Event};
use super::money::Money;
use super::round::Round;

/// One case as its events leave it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplayedCase {
    pub state: Option<CaseState>,
    pub checks: BTreeMap<CheckId, CheckRecord>,
    /// Verdicts recorded for one pot alone.
    pub pot_checks: BTreeMap<String, BTreeMap<CheckId, CheckRecord>>,
    pub allocations: BTreeMap<String, Money>,
    pub proposal: Option<Proposal>,
    pub decision: Option<Decision>,
    /// Who declared a conflict, with the reason.
    pub conflicts: Vec<(String, String)>,
    /// The digest of the application as it last arrived; `None` for cases imported by
    /// versions that did not record one.
    pub digest: Option<String>,
    /// The letter written: its date and language form.
    pub letter: Option<(chrono::NaiveDate, String)>,
    /// The archive and applicant references and the payee.
    pub details: super::case::CaseDetails,
    /// Payments, report, claims, repayments and extension.
    pub follow_up: super::follow_up::FollowUp,
    /// The project kinds recorded.
    pub themes: Vec<super::overview::Theme>,
}

/// The world the log describes.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    pub cases: BTreeMap<String, ReplayedCase>,
    pub users: BTreeMap<String, UserRole>,
    /// Rounds whose content the log holds (imported by versions that record it).
    pub rounds: BTreeMap<String, Round>,
    /// The registry's digest after its last import, where the log holds one.
    pub registry: Option<String>,
    /// The names and titles logins sign with.
    pub officials: BTreeMap<String, super::access::Official>,
    /// The terms of each round whose terms the log holds.
    pub terms: BTreeMap<String, super::round::RoundTerms>,
    /// Standing ties: (person, municipality) → the reason.
    pub ties: BTreeMap<(String, String), String>,
    /// Municipalities flagged for special attention → the note.
    pub priorities: BTreeMap<String, Option<String>>,
}

/// Where the stored state and the log part ways.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mismatch {
    /// What differs: `case INN-2022-001`, `user kari`, `round innlandet-2022`, `pot …`.
    pub subject: String,
    /// Which part of it: `allocations`, `decision`, `role`, …
    pub field: String,
    /// What the log says, and what is stored, as short text.
    pub log: String,
    pub stored: String,
}

fn shown<T: std::fmt::Debug>(value: &T) -> String {
    let text = format!("{value:?}");
    if text.chars().count() > 200 {
        let cut: String = text.chars().take(200).collect();
        format!("{cut}…")
    } else {
        text
    }
}

impl Replay {
    /// Applies an event that is no case's (users, signatures, ties, rounds, the
    /// registry); `false` for a case's event.
    fn apply_to_world(&mut self, event: &Event) -> bool {
        match &event.change {
            Change::UserAdded { login, role, .. } => {
                self.users.insert(login.clone(), *role);
            }
            Change::UserRemoved { login, .. } => {
                self.users.remove(login);
            }
            Change::OfficialNamed { login, after, .. } => {
                self.officials.insert(login.clone(), after.clone());
            }
            Change::TieDeclared {
                municipality,
                reason,
            } => {
                let key = (event.by.clone(), municipality.clone());
                self.ties.insert(key, reason.clone());
            }
            Change::TieWithdrawn { municipality, .. } => {
                self.ties.remove(&(event.by.clone(), municipality.clone()));
            }
            Change::PriorityFlagged { municipality, note } => {
                self.priorities.insert(municipality.clone(), note.clone());
            }
            Change::PriorityCleared { municipality } => {
                self.priorities.remove(municipality);
            }
            Change::RoundTermsChanged { round, after, .. } => {
                self.terms.insert(round.clone(), (**after).clone());
            }
            Change::RoundChanged { after, .. } => {
                self.rounds.insert(after.id.clone(), (**after).clone());
            }
            Change::RoundImported { round, .. } => {
                // Content not recorded: whatever is stored stands.
                self.rounds.remove(round);
            }
            Change::RegistryChanged { digest, .. } => {
                self.registry = Some(digest.clone());
            }
            Change::RegistryImported { .. } => {
                self.registry = None;
            }
            _ => return false,
        }
        true
    }

    /// Applies one event.
    pub fn apply(&mut self, event: &Event) {
        if self.apply_to_world(event) {
            return;
        }
        let Some(reference) = &event.case else {
            return;
        };
        let case = self.cases.entry(reference.clone()).or_default();
        match &event.change {
            Change::Imported { replaced } => {
                if !replaced {
                    *case = ReplayedCase::default();
                    case.state = Some(CaseState::Received);
                }
                case.digest = None;
            }
            Change::Received { replaced, digest } => {
                if !replaced {
                    *case = ReplayedCase::default();
                    case.state = Some(CaseState::Received);
                }
                case.digest = Some(digest.clone());
            }
            Change::StateChanged { to, .. } => case.state = Some(*to),
            Change::CheckRecorded { check, after, .. } => {
                case.checks.insert(*check, after.clone());
            }
            Change::CheckCleared { check, .. } => {
                case.checks.remove(check);
            }
            Change::PotCheckRecorded {
                check, pot, after, ..
            } => {
                let checks = case.pot_checks.entry(pot.clone()).or_default();
                match after {
                    Some(after) => {
                        checks.insert(*check, after.clone());
                    }
                    None => {
                        checks.remove(check);
                    }
                }
                case.pot_checks.retain(|_, checks| !checks.is_empty());
            }
            Change::Allocated { pot, after, .. } => {
                if after.is_zero() {
                    case.allocations.remove(pot);
                } else {
                    case.allocations.insert(pot.clone(), *after);
                }
            }
            Change::Proposed { after, .. } => case.proposal = Some(after.clone()),
            Change::ProposalWithdrawn { .. } => case.proposal = None,
            Change::Decided { decision } => case.decision = Some(decision.clone()),
            Change::Reopened { .. } => {
                case.decision = None;
                case.proposal = None;
                case.letter = None;
            }
            Change::CaseDetailsChanged { after, .. } => case.details = after.clone(),
            Change::LetterSent { form, date } | Change::LetterDispatched { form, date, .. } => {
                case.letter = Some((*date, form.clone()));
            }
            Change::ConflictDeclared { reason } => {
                case.conflicts.push((event.by.clone(), reason.clone()));
            }
            Change::ThemesSet { after, .. } => case.themes.clone_from(after),
            Change::Paid { .. }
            | Change::ReportReceived { .. }
            | Change::Claimed { .. }
            | Change::Repaid { .. }
            | Change::Extended { .. } => case.follow_up.apply(&event.change, &event.by, event.at),
            Change::RegistryImported { .. }
            | Change::RegistryChanged { .. }
            | Change::RoundImported { .. }
            | Change::RoundChanged { .. }
            | Change::UserAdded { .. }
            | Change::UserRemoved { .. }
            | Change::OfficialNamed { .. }
            | Change::TieDeclared { .. }
            | Change::TieWithdrawn { .. }
            | Change::PriorityFlagged { .. }
            | Change::PriorityCleared { .. }
            | Change::TextFolded { .. }
            | Change::RoundTermsChanged { .. }
            | Change::Undone { .. }
            | Change::TotalsRebuilt { .. } => {}
        }
    }

    /// The first way a stored case differs from what the log says of it.
    pub fn compare_case(&self, case: &Case) -> Option<Mismatch> {
        let subject = format!("case {}", case.reference());
        let differ = |field: &str, log: String, stored: String| {
            Some(Mismatch {
                subject: subject.clone(),
                field: field.to_string(),
                log,
                stored,
            })
        };
        let Some(replayed) = self.cases.get(case.reference()) else {
            return differ("imported", "no".into(), "a stored case".into());
        };
        if replayed.state != Some(case.state) {
            return differ("state", shown(&replayed.state), shown(&Some(case.state)));
        }
        if replayed.allocations != case.allocations {
            return differ(
                "allocations",
                shown(&replayed.allocations),
                shown(&case.allocations),
            );
        }
        if replayed.checks != case.checks {
            return differ("checks", shown(&replayed.checks), shown(&case.checks));
        }
        if replayed.pot_checks != case.pot_checks {
            return differ(
                "pot checks",
                shown(&replayed.pot_checks),
                shown(&case.pot_checks),
            );
        }
        if replayed.proposal != case.proposal {
            return differ("proposal", shown(&replayed.proposal), shown(&case.proposal));
        }
        if replayed.decision != case.decision {
            return differ("decision", shown(&replayed.decision), shown(&case.decision));
        }
        let conflicts: Vec<(String, String)> = case
            .conflicts
            .iter()
            .map(|c| (c.person.clone(), c.reason.clone()))
            .collect();
        if replayed.conflicts != conflicts {
            return differ("conflicts", shown(&replayed.conflicts), shown(&conflicts));
        }
        if let Some(digest) = &replayed.digest {
            let stored = case.application.digest();
            if &stored != digest {
                return differ("application", digest.clone(), stored);
            }
        }
        None
    }

    /// The first stored user whose role is not what the log says, or a user one of
    /// the two lacks.
    pub fn compare_users(&self, stored: &BTreeMap<String, UserRole>) -> Option<Mismatch> {
        let logins: std::collections::BTreeSet<&String> =
            self.users.keys().chain(stored.keys()).collect();
        logins.into_iter().find_map(|login| {
            let (log, kept) = (self.users.get(login), stored.get(login));
            (log != kept).then(|| Mismatch {
                subject: format!("user {login}"),
                field: "role".into(),
                log: shown(&log),
                stored: shown(&kept),
            })
        })
    }

    /// The first login whose stored name or title is not what the log says.
    pub fn compare_officials(
        &self,
        stored: &BTreeMap<String, super::access::Official>,
    ) -> Option<Mismatch> {
        let logins: std::collections::BTreeSet<&String> =
            self.officials.keys().chain(stored.keys()).collect();
        logins.into_iter().find_map(|login| {
            let (log, kept) = (self.officials.get(login), stored.get(login));
            (log != kept).then(|| Mismatch {
                subject: format!("user {login}"),
                field: "name".into(),
                log: shown(&log),
                stored: shown(&kept),
            })
        })
    }

    /// The first standing tie stored but not in the log, or the other way round.
    pub fn compare_ties(
        &self,
        stored: &BTreeMap<(String, String), super::ties::StandingTie>,
    ) -> Option<Mismatch> {
        let keys: std::collections::BTreeSet<&(String, String)> =
            self.ties.keys().chain(stored.keys()).collect();
        keys.into_iter().find_map(|key| {
            let log = self.ties.get(key);
            let kept = stored.get(key).map(|t| &t.reason);
            (log != kept).then(|| Mismatch {
                subject: format!("user {}", key.0),
                field: format!("tie {}", key.1),
                log: shown(&log),
                stored: shown(&kept),
            })
        })
    }

    /// The first municipality flagged in the store but not in the log, or the other way
    /// round, or with another note.
    pub fn compare_priorities(
        &self,
        stored: &BTreeMap<String, super::overview::Priority>,
    ) -> Option<Mismatch> {
        let keys: std::collections::BTreeSet<&String> =
            self.priorities.keys().chain(stored.keys()).collect();
        keys.into_iter().find_map(|key| {
            let log = self.priorities.get(key);
            let kept = stored.get(key).map(|p| &p.note);
            (log != kept).then(|| Mismatch {
                subject: format!("municipality {key}"),
                field: "priority".into(),
                log: shown(&log),
                stored: shown(&kept),
            })
        })
    }

    /// Whether a case's stored themes are what the log says of them.
    pub fn compare_themes(
        &self,
        reference: &str,
        stored: &[super::overview::Theme],
    ) -> Option<Mismatch> {
        let logged = self
            .cases
            .get(reference)
            .map(|c| c.themes.clone())
            .unwrap_or_default();
        (logged != stored).then(|| Mismatch {
            subject: format!("case {reference}"),
            field: "themes".into(),
            log: shown(&logged),
            stored: shown(&stored),
        })
    }

    /// Whether a case's stored follow-up is what the log says of it.
    pub fn compare_follow_up(
        &self,
        reference: &str,
        stored: &super::follow_up::FollowUp,
    ) -> Option<Mismatch> {
        let logged = self
            .cases
            .get(reference)
            .map(|c| c.follow_up.clone())
            .unwrap_or_default();
        (logged != *stored).then(|| Mismatch {
            subject: format!("case {reference}"),
            field: "follow-up".into(),
            log: shown(&logged),
            stored: shown(stored),
        })
    }

    /// Whether a round's stored terms are what the log last recorded of them (none
    /// stored and none logged agree).
    pub fn compare_terms(
        &self,
        round: &str,
        stored: Option<&super::round::RoundTerms>,
    ) -> Option<Mismatch> {
        let logged = self.terms.get(round);
        (logged != stored).then(|| Mismatch {
            subject: format!("round {round}"),
            field: "terms".into(),
            log: shown(&logged),
            stored: shown(&stored),
        })
    }

    /// Whether a stored round is what the log last recorded of it.
    pub fn compare_round(&self, round: &Round) -> Option<Mismatch> {
        let recorded = self.rounds.get(&round.id)?;
        (recorded != round).then(|| Mismatch {
            subject: format!("round {}", round.id),
            field: "rules".into(),
            log: shown(recorded),
            stored: shown(round),
        })
    }

    /// Whether a case's stored details are the ones the log set.
    pub fn compare_details(
        &self,
        reference: &str,
        stored: &super::case::CaseDetails,
    ) -> Option<Mismatch> {
        let logged = self
            .cases
            .get(reference)
            .map(|c| c.details.clone())
            .unwrap_or_default();
        (&logged != stored).then(|| Mismatch {
            subject: format!("case {reference}"),
            field: "details".into(),
            log: shown(&logged),
            stored: shown(stored),
        })
    }

    /// Whether a case's stored letter record is the one the log wrote.
    pub fn compare_letter(
        &self,
        reference: &str,
        stored: Option<&(chrono::NaiveDate, String)>,
    ) -> Option<Mismatch> {
        let logged = self.cases.get(reference).and_then(|c| c.letter.as_ref());
        (logged != stored).then(|| Mismatch {
            subject: format!("case {reference}"),
            field: "letter".into(),
            log: shown(&logged),
            stored: shown(&stored),
        })
    }

    /// A round the log recorded that is no longer stored.
    pub fn missing_round(&self, stored: &dyn Fn(&str) -> bool) -> Option<Mismatch> {
        self.rounds
            .keys()
            .find(|id| !stored(id))
            .map(|id| Mismatch {
                subject: format!("round {id}"),
                field: "imported".into(),
                log: "yes".into(),
                stored: "no round".into(),
            })
    }

    /// Whether the stored registry is the one the last import left.
    pub fn compare_registry(&self, stored_digest: &str) -> Option<Mismatch> {
        let logged = self.registry.as_ref()?;
        (logged != stored_digest).then(|| Mismatch {
            subject: "registry".into(),
            field: "municipalities and networks".into(),
            log: logged.clone(),
            stored: stored_digest.to_string(),
        })
    }
}
