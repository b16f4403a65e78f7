//! The one API below every front-end, as data: a [`Request`] in, a [`Response`] out.
//! [`Service::handle`] answers it for a caller, after checking the caller may ask it;
//! a [`Session`] is how a front-end asks, on a local file ([`LocalSession`]) or over a
//! server's socket (`crate::server::RemoteSession`), with the same typed methods.

use std::sync::{Arc, PoisonError};

use serde::{Deserialize, Serialize};

use super::{
    CaseRow, CaseView, Command, ExportRow, ListFilter, LookupMatch, Receipt, RoundStatus, Service,
};
use crate::domain::{Event, Money, Round, User, UserRole};
use crate::error::{Error, NotFound, Result, ServerProblem};
use crate::letters::Letter;
use crate::store::ChainReport;

/// Who is asking, and how far they are trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Local mode: whoever can write the database file may do everything in it.
    Owner(String),
    /// A server's client, named by the kernel (peer credentials); its role comes from
    /// the users table.
    Peer(String),
}

impl Caller {
    pub fn login(&self) -> &str {
        match self {
            Caller::Owner(login) | Caller::Peer(login) => login,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// Carry out a command. `seen`: the last event of the case as the caller's screen
    /// shows it; if the case changed since, the command is refused with what changed.
    Execute {
        command: Command,
        seen: Option<u64>,
    },
    /// What the command would do, nothing stored.
    Rehearse {
        command: Command,
        seen: Option<u64>,
    },
    /// What would remain in the pot after this allocation.
    PreviewAllocation {
        reference: String,
        pot: String,
        amount: Money,
    },
    Lookup {
        query: String,
    },
    Status {
        round: Option<String>,
    },
    Rounds,
    List {
        filter: ListFilter,
    },
    Case {
        reference: String,
    },
    Row {
        reference: String,
    },
    References {
        round: String,
    },
    Rows {
        references: Vec<String>,
    },
    LastEvent,
    ChangedSince {
        seq: u64,
    },
    Changes,
    Letter {
        reference: String,
    },
    Export {
        round: String,
    },
    Audit {
        reference: Option<String>,
    },
    /// `expect`: the head hash recorded elsewhere, to compare with.
    VerifyAudit {
        expect: Option<String>,
    },
    Users,
    /// Who the caller is, with their role.
    WhoAmI,
    /// Whether the caller may change the case now: answered `Allowed`, or refused with
    /// why (decided, or a conflict of theirs). A screen asks before it opens a form.
    MayChange {
        reference: String,
    },
    /// Every letter of a kind of a round (decision letters by default), as it is
    /// written (nothing recorded).
    Letters {
        round: String,
        #[serde(default)]
        kind: crate::letters::LetterKind,
    },
    /// The names and titles logins sign letters with.
    Officials,
    /// Every standing tie between an adviser and a municipality.
    Ties,
    /// What is due or overdue after the decisions.
    Due {
        round: Option<String>,
        days: u32,
    },
    /// Each pot of a round: its total and what it has left.
    PotRooms {
        round: String,
    },
    /// One round, or every round, seen whole: networks, municipalities, pots.
    Overview {
        round: Option<String>,
    },
    /// The municipalities flagged for special attention.
    Priorities,
    /// The themes recorded for a case.
    Themes {
        reference: String,
    },
    /// The annual report for the rounds of a year.
    Annual {
        year: i32,
    },
    /// A case with only its latest events (`show`).
    CaseRecent {
        reference: String,
        events: u32,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    Receipt(Receipt),
    Amount(Money),
    Lookup(Vec<LookupMatch>),
    Status(Vec<RoundStatus>),
    Rounds(Vec<Round>),
    List(Vec<CaseRow>),
    Case(Box<CaseView>),
    Row(Option<CaseRow>),
    References(Vec<String>),
    Rows(Vec<Option<CaseRow>>),
    Seq(u64),
    Changed {
        last: u64,
        cases: Option<Vec<String>>,
    },
    Letter(Option<Letter>),
    Export(Vec<ExportRow>),
    Events(Vec<Event>),
    Chain(ChainReport),
    Users(Vec<User>),
    User(User),
    Allowed,
    Letters(Vec<Letter>),
    Officials(std::collections::BTreeMap<String, crate::domain::Official>),
    Ties(Vec<super::TieRow>),
    Due(Vec<super::DueItem>),
    Overview(Vec<super::Overview>),
    PotRooms(Vec<super::PotRoom>),
    Priorities(Vec<super::PriorityRow>),
    Themes(Vec<crate::domain::Theme>),
    Annual(Box<super::AnnualReport>),
}

/// The most references one `Rows` request may name: a screen asks for a window of rows.
pub const MAX_ROWS: usize = 2_000;

/// The longest lookup query: longer than any name, with room to spare.
pub const MAX_QUERY_CHARS: usize = 200;

impl Request {
    /// The case reference a request names, to be put in its stored form (`Rows` asks
    /// for references a screen was given, already stored ones).
    fn case_reference_mut(&mut self) -> Option<&mut String> {
        match self {
            Request::Execute { command, .. } | Request::Rehearse { command, .. } => {
                command.case_reference_mut()
            }
            Request::PreviewAllocation { reference, .. }
            | Request::Case { reference }
            | Request::CaseRecent { reference, .. }
            | Request::Row { reference }
            | Request::Letter { reference }
            | Request::Themes { reference }
            | Request::MayChange { reference } => Some(reference),
            Request::Audit { reference } => reference.as_mut(),
            _ => None,
        }
    }

    /// Refuses a request larger than its kind needs, before any work is done for it:
    /// one request must not cost the server what a thousand would.
    pub fn check_bounds(&self) -> Result<()> {
        match self {
            Request::Rows { references } if references.len() > MAX_ROWS => {
                Err(crate::domain::Refusal::TooMany { limit: MAX_ROWS }.into())
            }
            Request::List { filter } if filter.is_too_large() => {
                Err(crate::domain::Refusal::TooLong {
                    limit: MAX_QUERY_CHARS,
                }
                .into())
            }
            Request::Lookup { query } if query.chars().count() > MAX_QUERY_CHARS => {
                Err(crate::domain::Refusal::TooLong {
                    limit: MAX_QUERY_CHARS,
                }
                .into())
            }
            _ => Ok(()),
        }
    }

    /// The least role that may ask this on a server.
    pub fn needs(&self) -> UserRole {
        match self {
            Request::Execute { command, .. } | Request::Rehearse { command, .. } => command.needs(),
            Request::Export { .. } | Request::Users => UserRole::Admin,
            // The report to the directorate is the decider's to give.
            Request::Annual { .. } => UserRole::Approver,
            Request::PreviewAllocation { .. }
            | Request::Lookup { .. }
            | Request::Status { .. }
            | Request::Rounds
            | Request::List { .. }
            | Request::Case { .. }
            | Request::CaseRecent { .. }
            | Request::Row { .. }
            | Request::References { .. }
            | Request::Rows { .. }
            | Request::LastEvent
            | Request::ChangedSince { .. }
            | Request::Changes
            | Request::Letter { .. }
            | Request::Letters { .. }
            | Request::Officials
            | Request::Ties
            | Request::Due { .. }
            | Request::Overview { .. }
            | Request::PotRooms { .. }
            | Request::Priorities
            | Request::Themes { .. }
            | Request::Audit { .. }
            | Request::VerifyAudit { .. }
            | Request::WhoAmI
            | Request::MayChange { .. } => UserRole::Reviewer,
        }
    }
}

impl Command {
    /// The least role that may give this command on a server.
    pub fn needs(&self) -> UserRole {
        match self {
            Command::RecordCheck { .. }
            | Command::Allocate { .. }
            | Command::Propose { .. }
            | Command::DeclareConflict { .. }
            | Command::ClearCheck { .. }
            | Command::WithdrawProposal { .. }
            | Command::Undo { .. }
            | Command::SetArchiveReference { .. }
            | Command::DeclareTie { .. }
            | Command::WithdrawTie { .. }
            | Command::SetThemes { .. }
            | Command::FlagPriority { .. }
            | Command::ClearPriority { .. }
            | Command::Report { .. } => UserRole::Reviewer,
            // Sending a decision, and what touches the money after it (payments,
            // claims, extensions, closing), is the decider's work (or an admin's).
            Command::Approve { .. }
            | Command::Reopen { .. }
            | Command::MarkSent { .. }
            | Command::Pay { .. }
            | Command::Claim { .. }
            | Command::Repaid { .. }
            | Command::Extend { .. }
            | Command::Close { .. } => UserRole::Approver,
            Command::ImportRegistry { .. }
            | Command::ImportRounds { .. }
            | Command::ImportApplications { .. }
            | Command::AddUser { .. }
            | Command::RemoveUser { .. }
            | Command::RepairTotals
            | Command::SetOfficial { .. } => UserRole::Admin,
        }
    }
}

impl Service {
    /// Answers one request for `caller`, after checking that the caller may ask it.
    pub fn handle(&self, caller: &Caller, mut request: Request) -> Result<Response> {
        // Who acts is written into every event and export. A server's callers are
        // named by the kernel and checked when added; a local name may be anything
        // `TILSKUDD_USER` says, and one holding an escape would steer the terminal of
        // whoever reads the history.
        if let Caller::Owner(login) = caller {
            if let Some(ch) = crate::domain::text::first_unprintable_in_line(login) {
                let code = u32::from(ch);
                return Err(crate::domain::Refusal::UnprintableName { code }.into());
            }
        }
        request.check_bounds()?;
        // References compare without regard to case: a case not found as written is
        // looked for as `inn-2022-001` = `INN-2022-001`, and the request asked again
        // with the stored form. Only a miss pays for the search.
        let again = request
            .case_reference_mut()
            .is_some()
            .then(|| request.clone());
        match self.dispatch(caller, request) {
            Err(error @ Error::NotFound(NotFound::Case { .. })) if again.is_some() => {
                let mut request = again.expect("checked just above");
                let reference = request.case_reference_mut().expect("a case request");
                match self.stored_reference(reference)? {
                    Some(stored) if stored != *reference => {
                        *reference = stored;
                        self.dispatch(caller, request)
                    }
                    _ => Err(error),
                }
            }
            answer => answer,
        }
    }

    /// [`Service::handle`] for a request whose references are as stored.
    fn dispatch(&self, caller: &Caller, request: Request) -> Result<Response> {
        let actor = caller.login();
        // Held until the answer: see `Service::membership`.
        let changes_users = matches!(
            &request,
            Request::Execute {
                command: Command::AddUser { .. } | Command::RemoveUser { .. },
                ..
            }
        );
        let membership = &self.membership;
        // A change of users waits for the requests under way whoever gives it (the
        // server's own account too); the owner's other requests need no role, so no hold.
        let (_using, _changing) = match caller {
            _ if changes_users => (
                None,
                Some(membership.write().unwrap_or_else(PoisonError::into_inner)),
            ),
            Caller::Owner(_) => (None, None),
            Caller::Peer(_) => (
                Some(membership.read().unwrap_or_else(PoisonError::into_inner)),
                None,
            ),
        };
        let role = match caller {
            Caller::Owner(_) => UserRole::Admin,
            Caller::Peer(login) => {
                let user = self.user(login)?;
                let needs = request.needs();
                if !user.role.allows(needs) {
                    return Err(Error::Forbidden {
                        login: login.clone(),
                        role: user.role,
                        needs,
                    });
                }
                user.role
            }
        };
        Ok(match request {
            Request::Execute { command, seen } => Response::Receipt(match caller {
                Caller::Peer(_) => self.execute_for_peer(actor, command, seen)?,
                Caller::Owner(_) => self.execute_seen(actor, command, seen)?,
            }),
            Request::Rehearse { command, seen } => {
                Response::Receipt(self.rehearse_seen(actor, command, seen)?)
            }
            Request::PreviewAllocation {
                reference,
                pot,
                amount,
            } => Response::Amount(self.preview_allocation(actor, &reference, &pot, amount)?),
            Request::Lookup { query } => Response::Lookup(self.lookup(&query)?),
            Request::Status { round } => Response::Status(self.status(round.as_deref())?),
            Request::Rounds => Response::Rounds(self.rounds()?),
            Request::List { filter } => Response::List(self.list(&filter)?),
            Request::Case { reference } => Response::Case(Box::new(self.case(&reference)?)),
            Request::CaseRecent { reference, events } => Response::Case(Box::new(
                self.case_recent(&reference, usize::try_from(events).unwrap_or(usize::MAX))?,
            )),
            Request::Row { reference } => Response::Row(self.row(&reference)?),
            Request::References { round } => Response::References(self.references(&round)?),
            Request::Rows { references } => Response::Rows(self.rows(&references)?),
            Request::LastEvent => Response::Seq(self.last_event()?),
            Request::ChangedSince { seq } => {
                let (last, cases) = self.changed_since(seq)?;
                Response::Changed { last, cases }
            }
            Request::Changes => Response::Seq(self.changes()?),
            Request::Letter { reference } => Response::Letter(self.letter(&reference)?),
            Request::Letters { round, kind } => {
                Response::Letters(self.round_letters(&round, kind)?)
            }
            Request::Officials => Response::Officials(self.officials()?),
            Request::Ties => Response::Ties(self.ties()?),
            Request::Due { round, days } => Response::Due(self.due(round.as_deref(), days)?),
            Request::Overview { round } => Response::Overview(self.overview(round.as_deref())?),
            Request::PotRooms { round } => Response::PotRooms(self.pot_rooms(&round)?),
            Request::Priorities => Response::Priorities(self.priorities()?),
            Request::Themes { reference } => Response::Themes(self.themes(&reference)?),
            Request::Annual { year } => Response::Annual(Box::new(self.annual(year)?)),
            Request::Export { round } => Response::Export(self.export(&round)?),
            Request::Audit { reference } => Response::Events(self.audit(reference.as_deref())?),
            Request::VerifyAudit { expect } => {
                Response::Chain(self.verify_audit(expect.as_deref())?)
            }
            Request::Users => Response::Users(self.users()?),
            Request::MayChange { reference } => {
                self.may_change(actor, &reference)?;
                Response::Allowed
            }
            Request::WhoAmI => Response::User(match caller {
                Caller::Peer(login) => self.user(login)?,
                Caller::Owner(login) => User {
                    login: login.clone(),
                    role,
                    added_by: login.clone(),
                    added_at: self.now(),
                },
            }),
        })
    }
}

/// Unpacks the one response variant a request expects.
macro_rules! expect {
    ($response:expr, $variant:ident $( { $($field:ident),* } )? $( ($value:ident) )? => $out:expr) => {
        match $response? {
            Response::$variant $( { $($field),* } )? $( ($value) )? => Ok($out),
            other => Err(Error::Server(ServerProblem::Garbled {
                message: format!("unexpected answer {other:?}").chars().take(200).collect(),
            })),
        }
    };
}

/// How a front-end talks to the service: the same methods whether the database is a
/// local file or behind a server. Who is acting is the session's, not the caller's, to say.
pub trait Session: Send + Sync {
    /// Answers one request.
    fn call(&self, request: Request) -> Result<Response>;

    /// The login the session acts as.
    fn who(&self) -> &str;

    /// The change counter: an open view polls it to notice others' changes. A remote
    /// session answers from the server's pushed notices, without a round trip.
    fn changes(&self) -> Result<u64> {
        expect!(self.call(Request::Changes), Seq(n) => n)
    }

    fn execute(&self, command: Command) -> Result<Receipt> {
        self.execute_seen(command, None)
    }

    /// Carries out a command made from a view that showed the case as of event `seen`.
    fn execute_seen(&self, command: Command, seen: Option<u64>) -> Result<Receipt> {
        expect!(self.call(Request::Execute { command, seen }), Receipt(r) => r)
    }

    fn rehearse(&self, command: Command) -> Result<Receipt> {
        self.rehearse_seen(command, None)
    }

    fn rehearse_seen(&self, command: Command, seen: Option<u64>) -> Result<Receipt> {
        expect!(self.call(Request::Rehearse { command, seen }), Receipt(r) => r)
    }

    fn preview_allocation(&self, reference: &str, pot: &str, amount: Money) -> Result<Money> {
        let request = Request::PreviewAllocation {
            reference: reference.to_string(),
            pot: pot.to_string(),
            amount,
        };
        expect!(self.call(request), Amount(m) => m)
    }

    fn lookup(&self, query: &str) -> Result<Vec<LookupMatch>> {
        let query = query.to_string();
        expect!(self.call(Request::Lookup { query }), Lookup(m) => m)
    }

    fn status(&self, round: Option<&str>) -> Result<Vec<RoundStatus>> {
        let round = round.map(str::to_string);
        expect!(self.call(Request::Status { round }), Status(s) => s)
    }

    fn rounds(&self) -> Result<Vec<Round>> {
        expect!(self.call(Request::Rounds), Rounds(r) => r)
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<CaseRow>> {
        let filter = filter.clone();
        expect!(self.call(Request::List { filter }), List(rows) => rows)
    }

    /// The list, each row handed to `visit` as it comes: a session on a file reads and
    /// hands on one case at a time, in constant memory.
    fn list_each(
        &self,
        filter: &ListFilter,
        visit: &mut dyn FnMut(CaseRow) -> Result<()>,
    ) -> Result<()> {
        for row in self.list(filter)? {
            visit(row)?;
        }
        Ok(())
    }

    fn case(&self, reference: &str) -> Result<CaseView> {
        let reference = reference.to_string();
        expect!(self.call(Request::Case { reference }), Case(view) => *view)
    }

    /// The case with only its latest `events` events (and how many came before).
    fn case_recent(&self, reference: &str, events: u32) -> Result<CaseView> {
        let reference = reference.to_string();
        expect!(self.call(Request::CaseRecent { reference, events }), Case(view) => *view)
    }

    fn row(&self, reference: &str) -> Result<Option<CaseRow>> {
        let reference = reference.to_string();
        expect!(self.call(Request::Row { reference }), Row(row) => row)
    }

    fn references(&self, round: &str) -> Result<Vec<String>> {
        let round = round.to_string();
        expect!(self.call(Request::References { round }), References(r) => r)
    }

    fn rows(&self, references: Vec<String>) -> Result<Vec<Option<CaseRow>>> {
        expect!(self.call(Request::Rows { references }), Rows(r) => r)
    }

    fn last_event(&self) -> Result<u64> {
        expect!(self.call(Request::LastEvent), Seq(n) => n)
    }

    fn changed_since(&self, seq: u64) -> Result<(u64, Option<Vec<String>>)> {
        expect!(self.call(Request::ChangedSince { seq }), Changed { last, cases } => (last, cases))
    }

    fn letter(&self, reference: &str) -> Result<Option<Letter>> {
        let reference = reference.to_string();
        expect!(self.call(Request::Letter { reference }), Letter(l) => l)
    }

    fn officials(&self) -> Result<std::collections::BTreeMap<String, crate::domain::Official>> {
        expect!(self.call(Request::Officials), Officials(o) => o)
    }

    fn letters(&self, round: &str, kind: crate::letters::LetterKind) -> Result<Vec<Letter>> {
        let round = round.to_string();
        expect!(self.call(Request::Letters { round, kind }), Letters(l) => l)
    }

    fn ties(&self) -> Result<Vec<super::TieRow>> {
        expect!(self.call(Request::Ties), Ties(t) => t)
    }

    fn due(&self, round: Option<&str>, days: u32) -> Result<Vec<super::DueItem>> {
        let round = round.map(str::to_string);
        expect!(self.call(Request::Due { round, days }), Due(d) => d)
    }

    fn overview(&self, round: Option<&str>) -> Result<Vec<super::Overview>> {
        let round = round.map(str::to_string);
        expect!(self.call(Request::Overview { round }), Overview(o) => o)
    }

    fn pot_rooms(&self, round: &str) -> Result<Vec<super::PotRoom>> {
        let round = round.to_string();
        expect!(self.call(Request::PotRooms { round }), PotRooms(p) => p)
    }

    fn priorities(&self) -> Result<Vec<super::PriorityRow>> {
        expect!(self.call(Request::Priorities), Priorities(p) => p)
    }

    fn themes(&self, reference: &str) -> Result<Vec<crate::domain::Theme>> {
        let reference = reference.to_string();
        expect!(self.call(Request::Themes { reference }), Themes(t) => t)
    }

    fn annual(&self, year: i32) -> Result<super::AnnualReport> {
        expect!(self.call(Request::Annual { year }), Annual(a) => *a)
    }

    fn export(&self, round: &str) -> Result<Vec<ExportRow>> {
        let round = round.to_string();
        expect!(self.call(Request::Export { round }), Export(rows) => rows)
    }

    /// The export, each row handed to `visit` as it comes: a session on a file reads and
    /// hands on one case at a time, in constant memory.
    fn export_each(
        &self,
        round: &str,
        visit: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<()> {
        for row in self.export(round)? {
            visit(row)?;
        }
        Ok(())
    }

    fn audit(&self, reference: Option<&str>) -> Result<Vec<Event>> {
        let reference = reference.map(str::to_string);
        expect!(self.call(Request::Audit { reference }), Events(e) => e)
    }

    fn verify_audit(&self, expect: Option<&str>) -> Result<ChainReport> {
        let expect = expect.map(str::to_string);
        expect!(self.call(Request::VerifyAudit { expect }), Chain(report) => report)
    }

    fn users(&self) -> Result<Vec<User>> {
        expect!(self.call(Request::Users), Users(u) => u)
    }

    fn whoami(&self) -> Result<User> {
        expect!(self.call(Request::WhoAmI), User(u) => u)
    }

    /// Whether this user may change the case now, or why not.
    fn may_change(&self, reference: &str) -> Result<()> {
        let reference = reference.to_string();
        expect!(self.call(Request::MayChange { reference }), Allowed => ())
    }
}

/// A session on a database file, for the one person who can write it.
pub struct LocalSession {
    service: Arc<Service>,
    caller: Caller,
}

impl LocalSession {
    pub fn new(service: Service, login: &str) -> LocalSession {
        LocalSession::shared(Arc::new(service), login)
    }

    /// Another person's session on the same service (tests with several advisers).
    pub fn shared(service: Arc<Service>, login: &str) -> LocalSession {
        LocalSession {
            service,
            caller: Caller::Owner(login.to_string()),
        }
    }

    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }
}

impl Session for LocalSession {
    fn call(&self, request: Request) -> Result<Response> {
        self.service.handle(&self.caller, request)
    }

    fn list_each(
        &self,
        filter: &ListFilter,
        visit: &mut dyn FnMut(CaseRow) -> Result<()>,
    ) -> Result<()> {
        // The bounds a request would be held to; the owner of the file may ask it all.
        Request::List {
            filter: filter.clone(),
        }
        .check_bounds()?;
        self.service.list_each(filter, visit)
    }

    fn export_each(
        &self,
        round: &str,
        visit: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<()> {
        // The owner of the file holds every role an export asks for.
        self.service.export_each(round, visit)
    }

    fn who(&self) -> &str {
        self.caller.login()
    }
}
