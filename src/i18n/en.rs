//! English.

use chrono::{DateTime, NaiveDate, Utc};

use super::{CliHelp, ImportKind, Labels, Texts, amounts_text, join_list, shown_list};
use crate::domain::time::to_oslo;
use crate::domain::{
    AmountError, CaseState, Change, CheckId, CheckSummary, Finding, Outcome, Refusal, Role,
    RuleChange, Verdict,
};
use crate::error::{Error, NotFound, ServerProblem};
use crate::import::{Malformed, Problem};
use crate::service::ImportSummary;
use crate::store::StoreError;

pub struct English;

static LABELS: Labels = Labels {
    error: "error",
    warning: "warning",
    hint: "hint",
    round: "Round",
    deadline: "Deadline",
    funds_used_by: "Funds used by",
    four_eyes: "Four-eyes",
    appeal_rights: "Right of appeal",
    pot: "Pot",
    total: "Total",
    allocated: "Allocated",
    granted: "Granted",
    provisional: "Provisional",
    remaining: "Remaining",
    remaining_in_pot: "Remaining in pot",
    requested: "Requested",
    cases: "Cases",
    no_cases: "No cases.",
    no_rounds: "No rounds yet. Import one with `tilskudd import round FILE`.",
    reference: "Reference",
    state: "State",
    network: "Network",
    networks: "Networks",
    title: "Title",
    checks: "Criteria",
    submitted: "Submitted",
    lead_municipality: "Lead municipality",
    municipalities: "Municipalities",
    needs_quality_development: "needs quality development",
    contact: "Contact",
    competence_partner: "Competence partner",
    bufetat: "Bufetat involved",
    project_leader: "Project leader",
    period: "Period",
    summary: "Summary",
    plan: "Plan",
    budget: "Budget",
    allocations: "Allocations",
    proposal: "Proposal",
    decision: "Decision",
    conflicts: "Conflicts of interest",
    history: "History",
    earlier_events: "  … {0} earlier events: `tilskudd audit {1}` shows them all.",
    rounds_history: "Round by round",
    applications: ["application", "applications"],
    themes: "Themes",
    unreached: "not reached",
    share: "Share",
    projects: "projects",
    no_priorities: "No municipality is flagged for special attention.",
    from_registry: "from the registry",
    reason: "Reason",
    proposed_by: "proposed by",
    decided_by: "decided by",
    none: "none",
    yes: "yes",
    no: "no",
    unknown: "unknown",
    county: "County",
    matched: "matched",
    former_names: "formerly",
    steering_group: "steering group",
    steering_group_heading: "Steering group",
    members: "Members",
    coordinators: "Coordinators",
    people: "Contacts",
    grants: "Grants",
    municipality_grants: "Grants to projects the municipality takes part in",
    network_grants: "Its networks' grants in all",
    email_not_shared: "e-mail not shared",
    override_mark: "overridden",
    as_whole: "as for the whole application",
    automatic: "automatic",
    by: "by",
    flags: "Take note",
    follow_up: "After the decision",
    paid: "Paid",
    spent: "Spent",
    claimed: "Claimed",
    repaid: "Repaid",
    overdue: "overdue",
    nothing_due: "Nothing is due.",
    due_kinds: ["payment", "report", "repayment", "use-by date"],
    due_columns: ["Due", "What", "Amount"],
    adviser: "Adviser",
    no_ties: "No one has declared a conflict with a municipality.",
    db_or_server: "--db and --server cannot be used together: choose the database file or the server.",
};

static HELP: CliHelp = CliHelp {
    about: "Review and decide stimulus-fund applications from child-welfare learning networks.\n\
            Without a command, opens the review screen.",
    template: "{about}\n\n{usage-heading} {usage}\n\n{all-args}{after-help}",
    subcommand_template: "{about}\n\n{usage-heading} {usage}\n\n{all-args}{after-help}",
    commands_heading: "Commands",
    arguments_heading: "Arguments",
    options_heading: "Options",
    help_flag: "Print help",
    version_flag: "Print version",
    entries: &[
        (
            ".db",
            "Database file [default: ~/.local/share/tilskudd/tilskudd.redb]",
        ),
        (
            ".server",
            "Talk to a running `tilskudd serve` at this socket instead of opening a file",
        ),
        (
            ".lang",
            "Language of everything shown: nb (bokmål), nn (nynorsk) or en (English)",
        ),
        (
            "*.reference",
            "The case's reference, as in the application (e.g. INN-2022-001)",
        ),
        ("*.json", "Print one JSON document on stdout, nothing else"),
        ("*.round", "Only this round (its id, e.g. innlandet-2022)"),
        ("*.files", "The files to import"),
        ("*.reason", "The reason"),
        ("*.pot", "The pot's id (see `tilskudd status`)"),
        ("*.check", "The check"),
        (
            "*.verdict",
            "The verdict: met, not-met or na (not applicable)",
        ),
        ("*.outcome", "The outcome: approve, partial or reject"),
        ("*.state", "The state"),
        ("*.shell", "The shell"),
        (
            "demo",
            "Seed a fresh database from the bundled examples and open it",
        ),
        ("import", "Import the registry, rounds or applications"),
        (
            "import.registry",
            "Municipalities (TOML or CSV) and networks (TOML)",
        ),
        ("import.round", "Rounds with their pots (TOML)"),
        (
            "import.applications",
            "Applications (JSON, or CSV or Excel .xlsx with one row per application); all files in one transaction, all or nothing",
        ),
        (
            "import.applications.replace",
            "Let a changed application replace the stored one (recorded as an event)",
        ),
        (
            "lookup",
            "Find a municipality, former name, network or person, and who belongs where",
        ),
        (
            "lookup.query",
            "Name, number, former name, network id or person; typos are forgiven",
        ),
        (
            "status",
            "Per pot: total, allocated, remaining; cases per state",
        ),
        ("status.round", "Only this round"),
        ("list", "The cases, one a line"),
        ("list.round", "Only this round"),
        ("list.state", "Only cases in this state"),
        (
            "show",
            "One case: application, checks, allocations, proposal, decision, history",
        ),
        ("show.reference", "The application's reference"),
        (
            "check",
            "Record a check verdict (an automatic check is overridden only with --note)",
        ),
        (
            "check.note",
            "Why; required to override an automatic check (- reads the text from standard input)",
        ),
        (
            "check.pot",
            "Only for purpose, judged per pot: the verdict is for this pot alone",
        ),
        ("allocate", "Set the amount from one pot (0 removes it)"),
        (
            "allocate.amount",
            "The amount, as people write it: 450000, \"450 000\", \"kr 450 000,-\"",
        ),
        ("propose", "Write the proposal (innstilling)"),
        (
            "propose.reason",
            "The reasons, as the letter will give them (- reads the text from standard input)",
        ),
        (
            "approve",
            "Turn the proposal into the decision; under four-eyes, only by someone else",
        ),
        ("reopen", "Reopen a decided case"),
        (
            "reopen.reason",
            "Why the case is reopened (- reads the text from standard input)",
        ),
        (
            "conflict",
            "Declare your own conflict of interest in a case, or in every case of a municipality (--municipality) until you withdraw it",
        ),
        (
            "conflict.reason",
            "The grounds (Public Administration Act § 6) (- reads the text from standard input)",
        ),
        (
            "conflict.municipality",
            "The municipality number: barred from every case it takes part in, in every round",
        ),
        (
            "conflict.withdraw",
            "Withdraw your conflict with the municipality (--municipality)",
        ),
        (
            "conflict.list",
            "Show every declared conflict with a municipality",
        ),
        (
            "letters",
            "Write grant letters for decided cases, in the municipality's language form",
        ),
        ("letters.out", "The folder the letters go to"),
        (
            "letters.format",
            "md (Markdown, the default), docx (Word, for editing) or pdf (PDF/A, for the archive)",
        ),
        (
            "letters.kind",
            "decision (grant letters, the default), notice (of a repayment claim), claim (repayment claims) or reminder (of an overdue final report)",
        ),
        (
            "archive-ref",
            "Set the case's number in the archive, which letters show as \"Vår ref.\"",
        ),
        (
            "archive-ref.number",
            "The archive's case number (for example 2022/1234)",
        ),
        (
            "sent",
            "Record that the decision letters went out: the cases become letter sent",
        ),
        (
            "sent.references",
            "Only these cases (default: every decided case of the round)",
        ),
        ("sent.date", "The day the letters went out (default: today)"),
        ("sent.journal", "The archive's journal entry number"),
        (
            "pay",
            "Record a payment of the grant (default: all that is unpaid); the case is \"paid\" when all is",
        ),
        ("pay.amount", "The amount paid"),
        ("pay.date", "The date of the payment [default: today]"),
        (
            "report",
            "Record the final report and accounts with what was spent; the case is \"reported\"",
        ),
        ("report.spent", "The amount spent, by the accounts"),
        (
            "report.received",
            "The date the report came in [default: today]",
        ),
        (
            "report.note",
            "A note on the report (- reads the text from standard input)",
        ),
        (
            "claim",
            "Claim back unused or misused funds (default: paid less spent)",
        ),
        ("claim.amount", "The amount claimed"),
        (
            "claim.reason",
            "The grounds of the claim (- reads the text from standard input)",
        ),
        ("repaid", "Record money paid back"),
        ("repaid.amount", "The amount paid back"),
        ("repaid.date", "The date it came in [default: today]"),
        ("extend", "Extend the use-by date of one case"),
        ("extend.until", "The new date (YYYY-MM-DD or DD.MM.YYYY)"),
        (
            "extend.reason",
            "Why it is extended (- reads the text from standard input)",
        ),
        ("close", "Close a reported case that owes nothing"),
        (
            "due",
            "What is due: payments, final reports, repayments and use-by dates",
        ),
        ("due.days", "Include what falls due within this many days"),
        (
            "overview",
            "The whole round: where the money went by network and municipality, and which municipalities no granted application reaches",
        ),
        ("overview.by", "Show only networks or only municipalities"),
        (
            "annual",
            "The annual report to Bufdir: requested, granted, paid, spent, repaid and unspent per county, pot, network, municipality and theme",
        ),
        ("annual.year", "The year of the rounds"),
        ("annual.format", "csv, json or xlsx (Excel, with --out)"),
        ("annual.out", "The file to write [default: the screen]"),
        (
            "theme",
            "Record a case's themes (the guidelines' project kinds); without themes, show them",
        ),
        (
            "theme.themes",
            "The themes, for example methods foster-home-recruitment (see `tilskudd theme REF`)",
        ),
        ("theme.clear", "Remove every theme"),
        (
            "priority",
            "Flag a municipality for special attention (it needs quality development), or take the flag off",
        ),
        ("priority.municipality", "The municipality number"),
        ("priority.note", "Why"),
        ("priority.clear", "Take the flag off"),
        ("priority.list", "Show the flagged municipalities"),
        (
            "export",
            "Decisions and amounts for accounting and archive, one row per case and pot",
        ),
        ("export.format", "csv, json or xlsx (Excel, with --out)"),
        ("export.out", "The file to write [default: the screen]"),
        (
            "export.delimiter",
            "CSV separator (e.g. ';' for Norwegian spreadsheets)",
        ),
        (
            "audit",
            "The event history: who, when, what, before and after",
        ),
        ("audit.verify", "Check that the log is whole and unaltered"),
        (
            "undo",
            "Take back your last change to the case (a check, an allocation or a proposal), if nobody else changed it since",
        ),
        ("undo.reference", "The application's reference"),
        (
            "approve.proposal",
            "The number of the proposal you read (from `show`); refused if it is another now",
        ),
        (
            "audit.expect",
            "The head hash as recorded elsewhere; refused if the log now ends differently",
        ),
        (
            "dev.repair",
            "Compute every total again from the cases (after an older version or damage)",
        ),
        (
            "serve",
            "The server for several reviewers: owns the database, answers on a Unix socket",
        ),
        (
            "serve.socket",
            "The socket clients connect to (--server); its directory's group decides who gets in",
        ),
        (
            "serve.max_connections",
            "At most this many connections in all (a review screen uses two)",
        ),
        (
            "serve.max_per_user",
            "At most this many connections from one user",
        ),
        (
            "serve.idle_timeout",
            "Close a connection that sent nothing for this many seconds (the client connects again)",
        ),
        (
            "serve.handshake_timeout",
            "Seconds a new connection has to say hello",
        ),
        ("users", "Who may use the server, and for what (admin only)"),
        ("users.add", "Give a login access, or change its role"),
        ("users.add.login", "The login name on this machine"),
        (
            "users.add.role",
            "reviewer, approver (also decides) or admin (also imports, users, letters, export)",
        ),
        ("users.add.name", "Full name, which letters are signed with"),
        (
            "users.add.title",
            "Title under the name in letters (\"adviser\")",
        ),
        (
            "users.set",
            "The name and title a user signs letters with (an empty title removes it)",
        ),
        ("users.set.login", "The login name"),
        ("users.set.name", "Full name, which letters are signed with"),
        (
            "users.set.title",
            "Title under the name in letters (\"adviser\")",
        ),
        ("users.list", "The users and their roles"),
        ("users.remove", "Take a user's access away"),
        ("users.remove.login", "The login name"),
        ("dev", "Developer tools"),
        (
            "dev.generate",
            "Make synthetic, realistic data at any scale",
        ),
        ("dev.generate.networks", "Number of networks"),
        ("dev.generate.applications", "Number of applications"),
        (
            "dev.generate.seed",
            "Random seed (the same seed gives the same data)",
        ),
        (
            "dev.generate.out",
            "Write the files to this directory instead of importing them",
        ),
        ("dev.stats", "Where the database's bytes go, per table"),
        ("dev.compact", "Give back the space the file no longer uses"),
        ("completions", "Print shell completions"),
        ("man", "Print the manual page (roff)"),
    ],
};

fn money(m: crate::domain::Money) -> String {
    m.to_string()
}

impl Texts for English {
    fn lang(&self) -> super::Lang {
        super::Lang::En
    }

    fn labels(&self) -> &'static Labels {
        &LABELS
    }

    fn state(&self, state: CaseState) -> &'static str {
        match state {
            CaseState::Received => "received",
            CaseState::UnderReview => "under review",
            CaseState::Proposed => "proposed",
            CaseState::Decided => "decided",
            CaseState::LetterSent => "letter sent",
            CaseState::Paid => "paid",
            CaseState::Reported => "reported",
            CaseState::Closed => "closed",
        }
    }

    fn verdict(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::Met => "met",
            Verdict::NotMet => "not met",
            Verdict::Na => "not applicable",
            Verdict::Unchecked => "not checked",
        }
    }

    fn outcome(&self, outcome: Outcome) -> &'static str {
        match outcome {
            Outcome::Approve => "approve",
            Outcome::Partial => "partial grant",
            Outcome::Reject => "reject",
        }
    }

    fn theme(&self, theme: crate::domain::Theme) -> &'static str {
        use crate::domain::Theme;
        match theme {
            Theme::NewMeasures => "New support measures",
            Theme::Methods => "Methods and tools",
            Theme::Leadership => "Leadership development and supervision",
            Theme::Minorities => "Minorities in child welfare",
            Theme::SharedServices => "Shared services (emergency service, foster-home follow-up)",
            Theme::Cooperation => "Cooperation with other services",
            Theme::FosterHomeGuidance => "Guidance of foster parents and children",
            Theme::FosterHomeRecruitment => "Recruitment of foster homes",
            Theme::FamilyNetworkRecruitment => "Foster homes in family and network",
        }
    }

    fn check(&self, check: CheckId) -> &'static str {
        match check {
            CheckId::Deadline => "Submitted by the deadline",
            CheckId::Network => "Registered learning network of the county",
            CheckId::Members => "Every municipality is a member of the network",
            CheckId::Amount => "Requested amount positive and within the pot",
            CheckId::Plan => "Competence and quality development plan",
            CheckId::Anchoring => "Anchored in each municipality's leadership",
            CheckId::Form => "Prescribed form with a project plan",
            CheckId::Partner => "Cooperates with a competence environment",
            CheckId::Purpose => "Fits the pot's purpose",
            CheckId::Costs => {
                "Development costs (for example project positions, external competence), not ordinary operations"
            }
        }
    }

    fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Contact => "contact",
            Role::Management => "management",
            Role::Participant => "participant",
            Role::Leader => "leader",
            Role::Coordinator => "coordinator",
        }
    }

    fn date(&self, date: NaiveDate) -> String {
        date.format("%Y-%m-%d").to_string()
    }

    fn datetime(&self, at: DateTime<Utc>) -> String {
        to_oslo(at).format("%Y-%m-%d %H:%M").to_string()
    }

    fn flag(&self, flag: &crate::domain::Flag) -> String {
        match flag {
            crate::domain::Flag::PeriodPastUseBy { period_end, use_by } => format!(
                "The project runs until {}, but the funds must be used by {}. A grant should say so in its conditions.",
                self.date(*period_end),
                self.date(*use_by)
            ),
            crate::domain::Flag::SingleMunicipality => "One municipality only: the scheme's first purpose is cooperation across municipal borders.".into(),
        }
    }

    fn import_warning(&self, warning: &crate::import::ImportError) -> String {
        let place = super::import_place(warning, ["row", "column", "field"]);
        format!("{place}: {}.", self.problem(&warning.problem))
    }

    fn finding(&self, finding: &Finding) -> String {
        let last_day = |end: &DateTime<Utc>| {
            self.date(to_oslo(*end - chrono::Duration::seconds(1)).date_naive())
        };
        match finding {
            Finding::SubmittedInTime {
                submitted,
                deadline_end,
            } => format!(
                "submitted {}, before the deadline {}",
                self.datetime(*submitted),
                last_day(deadline_end)
            ),
            Finding::SubmittedLate {
                submitted,
                deadline_end,
            } => format!(
                "submitted {}, after the deadline {}",
                self.datetime(*submitted),
                last_day(deadline_end)
            ),
            Finding::NetworkRegistered { network, county } => {
                format!("{network} is registered in {county}")
            }
            Finding::NetworkUnknown { network } => format!("{network} is not a registered network"),
            Finding::NetworkOtherCounty {
                network,
                county,
                round_county,
            } => {
                format!("{network} belongs to {county}, not {round_county}")
            }
            Finding::AllMembers { count: 1 } => "the municipality is a member".into(),
            Finding::AllMembers { count } => format!("all {count} municipalities are members"),
            Finding::NotMembers { municipalities } => {
                format!("not members of the network: {}", municipalities.join(", "))
            }
            Finding::MembersUnknownNetwork => "the network is not registered".into(),
            Finding::AmountsWithinPots => "every request is positive and within its pot".into(),
            Finding::AmountNotPositive { pot } => format!("nothing requested from {pot}"),
            Finding::AmountOverPotTotal { pot, amount, total } => {
                format!(
                    "{} requested from {pot}, whose total is {}",
                    money(*amount),
                    money(*total)
                )
            }
            Finding::PotNotInRound { pot } => format!("the round has no pot {pot}"),
            Finding::NothingRequested => "nothing requested".into(),
            Finding::PartnerNamed { partner } => format!("competence partner: {partner}"),
            Finding::PartnerMissing { pots } => {
                format!(
                    "no competence partner named, required for {}",
                    pots.join(", ")
                )
            }
            Finding::PartnerNotRequired => "no pot requested requires a partner".into(),
        }
    }

    fn check_summary(&self, s: &CheckSummary) -> String {
        let mut text = format!("{}/{} met", s.met, s.total());
        if s.not_met > 0 {
            text.push_str(&format!(", {} not met", s.not_met));
        }
        if s.unchecked > 0 {
            text.push_str(&format!(", {} open", s.unchecked));
        }
        if s.na > 0 {
            text.push_str(&format!(", {} not applicable", s.na));
        }
        text
    }

    fn case_counts(&self, counts: &[(CaseState, u64)]) -> String {
        if counts.is_empty() {
            return "no cases".into();
        }
        let parts: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("{n} {}", self.state(*s)))
            .collect();
        join_list(&parts, "and")
    }

    // One flat arm per kind of event: a table to read, not logic to split.
    #[allow(clippy::too_many_lines)]
    fn change(&self, change: &Change) -> String {
        match change {
            Change::Imported { replaced: false }
            | Change::Received {
                replaced: false, ..
            } => "application imported".into(),
            Change::Imported { replaced: true } | Change::Received { replaced: true, .. } => {
                "application replaced by a new version".into()
            }
            Change::Undone { seq } => format!("undid change no. {seq}:"),
            Change::TotalsRebuilt { cases } => format!("totals computed again from {cases} cases"),
            Change::RoundChanged {
                before: None,
                after,
            } => format!("round {} imported", after.id),
            Change::RoundChanged {
                before: Some(before),
                after,
            } => self.round_changed(before, after),
            Change::StateChanged { from, to } => {
                format!("state {} → {}", self.state(*from), self.state(*to))
            }
            Change::CheckRecorded {
                check,
                before,
                after,
            } => {
                let before = before
                    .as_ref()
                    .map_or("not checked", |b| self.verdict(b.verdict));
                let note = after
                    .note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                format!(
                    "check {check}: {before} → {}{note}",
                    self.verdict(after.verdict)
                )
            }
            Change::Allocated { pot, before, after } => {
                format!("{pot}: {} → {}", money(*before), money(*after))
            }
            Change::Proposed { after, .. } => {
                format!(
                    "proposed: {} ({})",
                    self.outcome(after.outcome),
                    after.reason
                )
            }
            Change::ProposalWithdrawn { proposal } => {
                format!("proposal by {} withdrawn", proposal.by)
            }
            Change::Decided { decision } => format!(
                "decided: {}{} on the proposal of {} ({})",
                self.outcome(decision.outcome),
                amounts_text(&decision.amounts),
                decision.proposed_by,
                decision.reason
            ),
            Change::Reopened { reason, .. } => format!("reopened: {reason}"),
            Change::ConflictDeclared { reason } => {
                format!("conflict of interest declared: {reason}")
            }
            Change::RegistryImported {
                municipalities,
                networks,
            }
            | Change::RegistryChanged {
                municipalities,
                networks,
                ..
            } => {
                format!(
                    "registry imported: {municipalities} municipalities, {networks} networks new or changed"
                )
            }
            Change::PotCheckRecorded {
                check,
                pot,
                before,
                after,
            } => {
                let before = before
                    .as_ref()
                    .map_or("not checked", |b| self.verdict(b.verdict));
                match after {
                    Some(after) => {
                        let note = after
                            .note
                            .as_deref()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default();
                        format!(
                            "check {check} for the pot {pot}: {before} → {}{note}",
                            self.verdict(after.verdict)
                        )
                    }
                    None => format!("check {check} for the pot {pot}: {before} taken back"),
                }
            }
            Change::CheckCleared { check, before } => {
                format!("check {check}: {} taken back", self.verdict(before.verdict))
            }
            Change::CaseDetailsChanged { before, after } => super::details_change(
                ["our reference", "the applicant's reference", "paid to"],
                before,
                after,
            ),
            Change::RoundTermsChanged { round, after, .. } => format!(
                "round {}",
                super::terms_line(
                    ["sender", "counties", "report due", "no terms of its own"],
                    round,
                    after,
                    &|d| self.date(d)
                )
            ),
            Change::TieDeclared {
                municipality,
                reason,
            } => format!(
                "declared a conflict in every case of municipality {municipality}: {reason}"
            ),
            Change::TieWithdrawn {
                municipality,
                reason,
            } => match reason {
                Some(reason) => {
                    format!("withdrew the conflict for municipality {municipality}: {reason}")
                }
                None => format!("withdrew the conflict for municipality {municipality}"),
            },
            Change::TextFolded { fields } => format!(
                "line breaks or control characters removed from {}",
                fields
                    .iter()
                    .map(|(field, original)| format!("{field} (originally {original:?})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Change::Paid { amount, date } => {
                format!("paid {} on {}", money(*amount), self.date(*date))
            }
            Change::ReportReceived {
                spent,
                received,
                note,
            } => {
                let note = note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                format!(
                    "final report and accounts received {}, spent {}{note}",
                    self.date(*received),
                    money(*spent)
                )
            }
            Change::Claimed { amount, reason } => {
                format!("repayment of {} claimed: {reason}", money(*amount))
            }
            Change::Repaid { amount, date } => {
                format!("{} repaid on {}", money(*amount), self.date(*date))
            }
            Change::ThemesSet { before, after } => {
                let list = |themes: &[crate::domain::Theme]| {
                    if themes.is_empty() {
                        return "none".to_string();
                    }
                    themes
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("themes: {} → {}", list(before), list(after))
            }
            Change::PriorityFlagged { municipality, note } => {
                let note = note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                format!("municipality {municipality} flagged for special attention{note}")
            }
            Change::PriorityCleared { municipality } => {
                format!("municipality {municipality}: flag for special attention removed")
            }
            Change::Extended { until, reason } => {
                format!("funds may be used until {}: {reason}", self.date(*until))
            }
            Change::OfficialNamed { login, after, .. } => match &after.title {
                Some(title) => format!("{login} signs as {}, {title}", after.name),
                None => format!("{login} signs as {}", after.name),
            },
            Change::LetterDispatched {
                form,
                date,
                journal,
            } => {
                let journal = journal
                    .as_deref()
                    .map(|j| format!(", journal entry {j}"))
                    .unwrap_or_default();
                format!(
                    "decision letter sent ({form}) on {}{journal}",
                    self.date(*date)
                )
            }
            Change::LetterSent { form, date } => {
                format!("grant letter written ({form}), dated {}", self.date(*date))
            }
            Change::UserAdded {
                login,
                role,
                before: None,
            } => format!("{login} added as {}", self.user_role(*role)),
            Change::UserAdded {
                login,
                role,
                before: Some(before),
            } => format!(
                "{login}: {} → {}",
                self.user_role(*before),
                self.user_role(*role)
            ),
            Change::UserRemoved { login, role } => {
                format!("{login} ({}) removed", self.user_role(*role))
            }
            Change::RoundImported { round, replaced } => {
                if *replaced {
                    format!("round {round} updated")
                } else {
                    format!("round {round} imported")
                }
            }
        }
    }

    fn import_summary(&self, what: ImportKind, s: &ImportSummary) -> String {
        let noun = match what {
            ImportKind::Registry => "registry entries",
            ImportKind::Rounds => "rounds",
            ImportKind::Applications => "applications",
        };
        format!(
            "Imported {noun}: {} new, {} changed, {} already there unchanged.",
            s.added, s.changed, s.unchanged
        )
    }

    fn amount_error(&self, input: &str, error: &AmountError) -> String {
        let why = match error {
            AmountError::Empty => "there is no number in it".to_string(),
            AmountError::Words(word) => {
                format!("\"{word}\" is not a number; write digits, e.g. 450 000")
            }
            AmountError::InvalidCharacter(c) => {
                format!("'{}' has no place in an amount", c.escape_debug())
            }
            AmountError::Ambiguous => {
                let (whole, decimal) = super::ambiguous_readings(input);
                format!(
                    "a comma followed by three digits could be thousands or decimals; write {whole} or {decimal}"
                )
            }
            AmountError::TooManyDecimals => {
                "more than two decimals; øre is the smallest unit".into()
            }
            AmountError::BadGrouping => "digits are grouped in threes: 1 100 000".into(),
            AmountError::Malformed => {
                "the separators are out of place; write e.g. 450 000 or 450000,50".into()
            }
            AmountError::TooLarge => "it is larger than 1 000 000 000 000 kr".into(),
            AmountError::Negative => "amounts cannot be negative".into(),
            AmountError::ZeroGroup => "a first group of only zeros makes no thousands; if øre were meant, write for example 0,05".into(),
            AmountError::DecimalNumber => {
                "a number with decimals or an exponent in the file is read as floating point and may lose digits; write amounts with øre as quoted text, for example \"450 000,50\"".into()
            }
        };
        format!("\"{}\" is not an amount: {why}", input.escape_debug())
    }

    fn screen_refusal(&self, r: &Refusal) -> Option<String> {
        Some(match r {
            Refusal::CaseClosed { reference, state } if state.is_after_payment() => format!(
                "{reference} has the state \"{}\": money has moved, and the case cannot be changed or reopened. Claim back what is not to be used with `tilskudd claim`.",
                self.state(*state)
            ),
            Refusal::CaseClosed { reference, state } => format!(
                "{reference} has the state \"{}\" and cannot be changed. Press R to reopen it first (an approver can).",
                self.state(*state)
            ),
            Refusal::ReasonRequired => {
                "A reason is required: write it in the field, and press Enter.".into()
            }
            Refusal::OverrideNeedsNote { check } => format!(
                "{check} is an automatic check; overriding it needs a note saying why: write it in the note field (Tab)."
            ),
            Refusal::ChecksNotPassed { reference, failing } => {
                let list = self.failing_checks(failing);
                format!(
                    "{reference} cannot be granted: these criteria are not met or not judged yet: {list}. Judge them with c, or propose a rejection with i."
                )
            }
            Refusal::OnlyPartialGrant {
                reference,
                failing,
                closed,
            } => {
                let list = self.failing_checks(failing);
                let closed = super::closed_pots(closed, "and nothing from", "and");
                format!(
                    "{reference} can be granted only in part: {list}. Set lower amounts with a{closed}, and propose a partial grant with i."
                )
            }
            Refusal::NoProposal { reference, state } => format!(
                "{reference} is {} and has no proposal to approve. Press i to write one.",
                self.state(*state)
            ),
            _ => return None,
        })
    }

    // One flat arm per refusal: a table to read, not logic to split.
    #[allow(clippy::too_many_lines)]
    fn refusal(&self, r: &Refusal) -> String {
        match r {
            Refusal::Conflicted { reference, person } => format!(
                "{person} has declared a conflict of interest in {reference} and cannot act on it. Another reviewer must take the case."
            ),
            Refusal::CaseClosed { reference, state } if state.is_after_payment() => format!(
                "{reference} has the state \"{}\": money has moved, and the case cannot be changed or reopened. Claim back what is not to be used with `tilskudd claim`.",
                self.state(*state)
            ),
            Refusal::CaseClosed { reference, state } => format!(
                "{reference} has the state \"{}\" and cannot change. Reopen it first: tilskudd reopen {} --reason \"…\"",
                self.state(*state),
                super::shell_word(reference)
            ),
            Refusal::NotRequested {
                reference,
                pot,
                requested,
            } => format!(
                "{reference} requested nothing from the pot {pot}. It requested from: {}.",
                requested.join(", ")
            ),
            Refusal::OverRequested {
                reference,
                pot,
                amount,
                requested,
            } => format!(
                "{} is more than the {} that {reference} requested from {pot}. Allocate at most {}.",
                money(*amount),
                money(*requested),
                money(*requested)
            ),
            Refusal::PotOverdrawn {
                pot,
                amount,
                remaining,
            } => format!(
                "{} from {pot} would overdraw the pot: only {} remains. Allocate at most that, or lower another case first.",
                money(*amount),
                money(*remaining)
            ),
            Refusal::OverrideNeedsNote { check } => format!(
                "{check} is an automatic check; overriding it needs a note saying why: --note \"…\""
            ),
            Refusal::ReasonRequired => "A reason is required: --reason \"…\"".into(),
            Refusal::ChecksNotPassed { reference, failing } => {
                let list = self.failing_checks(failing);
                format!(
                    "{reference} cannot be granted: these criteria are not met or not judged yet: {list}. Record them with `tilskudd check`, or propose a rejection."
                )
            }
            Refusal::OnlyPartialGrant {
                reference,
                failing,
                closed,
            } => {
                let list = self.failing_checks(failing);
                let closed = super::closed_pots(closed, "and nothing from", "and");
                format!(
                    "{reference} can be granted only in part: {list}. Set lower amounts with `tilskudd allocate`{closed}, and propose with `tilskudd propose {reference} partial`."
                )
            }
            Refusal::TiedToMunicipality {
                reference,
                person,
                municipality,
            } => format!(
                "{person} has declared a conflict with municipality {municipality}, which takes part in {reference}, and cannot work on the case. A colleague must take it; the conflict is withdrawn with `tilskudd conflict --withdraw --municipality {municipality}`."
            ),
            Refusal::TieAlreadyDeclared {
                person,
                municipality,
            } => format!(
                "{person} has already declared a conflict with municipality {municipality}."
            ),
            Refusal::UnknownTheme { theme, known } => format!(
                "\"{theme}\" is not a theme. The themes are: {}.",
                known.join(", ")
            ),
            Refusal::TiedPriority {
                person,
                municipality,
            } => format!(
                "{person} has declared a tie with municipality {municipality} and cannot flag it for special attention or take the flag off. A colleague must do it."
            ),
            Refusal::PriorityInRegistry { municipality } => format!(
                "Municipality {municipality} is flagged for special attention in the registry file (needs_quality_development). Change it there and import the registry again."
            ),
            Refusal::NotPrioritized { municipality } => format!(
                "Municipality {municipality} is not flagged for special attention, so there is nothing to remove. `tilskudd priority --list` shows the flagged ones."
            ),
            Refusal::NoTie {
                person,
                municipality,
            } => format!(
                "{person} has no declared conflict with municipality {municipality} to withdraw. `tilskudd conflict --list` shows them."
            ),
            Refusal::UnknownMunicipality { number } => format!(
                "There is no municipality {number} in the registry. `tilskudd lookup NAME` finds the number."
            ),
            Refusal::DateInFuture { date } => format!(
                "{} is in the future. Record it once it has happened, or correct the date.",
                self.date(*date)
            ),
            Refusal::BeforeDecision {
                reference,
                date,
                decided,
            } => format!(
                "{reference} was decided on {}, after {}. Check the date.",
                self.date(*decided),
                self.date(*date)
            ),
            Refusal::AmountZero => "The amount is zero; give an amount above zero.".into(),
            Refusal::WrongStateForFollowUp {
                reference,
                state,
                needed,
            } => format!(
                "{reference} is \"{}\"; this is done when the case is {}.{}",
                self.state(*state),
                join_list(
                    &needed
                        .iter()
                        .map(|s| format!("\"{}\"", self.state(*s)))
                        .collect::<Vec<_>>(),
                    "or"
                ),
                if *state == CaseState::Decided {
                    " If the decision letter went out, record that first with `tilskudd sent` (M on the screen)."
                } else {
                    ""
                },
            ),
            Refusal::NothingUnpaid { reference, granted } if granted.is_zero() => {
                format!("{reference} was granted nothing; there is nothing to pay.")
            }
            Refusal::NothingUnpaid { reference, granted } => format!(
                "All that {reference} was granted ({}) is paid already.",
                money(*granted)
            ),
            Refusal::OverGranted {
                reference,
                amount,
                unpaid,
            } => format!(
                "{} is more than the {} left to pay in {reference}; never more than granted is paid.",
                money(*amount),
                money(*unpaid)
            ),
            Refusal::SpentOverGranted {
                reference,
                spent,
                granted,
            } => format!(
                "{} spent is more than the {} granted in {reference}. Give what was spent of the grant.",
                money(*spent),
                money(*granted)
            ),
            Refusal::ClaimNeedsAmount { reference } => format!(
                "{reference} has no final report yet, so what is unused is not known: give the amount with --amount."
            ),
            Refusal::OverClaimable {
                reference,
                amount,
                claimable,
            } => format!(
                "{} is more than the {} that can be claimed back in {reference} (paid, less earlier claims).",
                money(*amount),
                money(*claimable)
            ),
            Refusal::OverOwed {
                reference,
                amount,
                owed,
            } if owed.is_zero() => format!(
                "{reference} owes nothing on claims (none is recorded, or all is repaid), so {} cannot be recorded as repaid. Record the claim first: tilskudd claim {} --reason …",
                money(*amount),
                super::shell_word(reference)
            ),
            Refusal::OverOwed {
                reference,
                amount,
                owed,
            } => format!(
                "{} is more than the {} {reference} owes on its claims.",
                money(*amount),
                money(*owed)
            ),
            Refusal::NothingGranted { reference } => {
                format!("{reference} was granted nothing; there is no use-by date to extend.")
            }
            Refusal::NotLater {
                reference,
                until,
                current,
            } => format!(
                "{} cannot be the new use-by date of {reference} (now {}): an extension must be later than the round's date, at most ten years after the decision, and differ from the one in force.",
                self.date(*until),
                self.date(*current)
            ),
            Refusal::StillOwed { reference, owed } => format!(
                "{reference} still owes {}; record the money received with `tilskudd repaid` before closing the case.",
                money(*owed)
            ),
            Refusal::FollowUpStarted { reference } => format!(
                "{reference} has payments or a report and cannot be reopened; a new decision then needs a repayment claim (`tilskudd claim`)."
            ),
            Refusal::Unclaimed { reference, unspent } => format!(
                "{reference} was paid {} that is neither spent nor claimed back; claim it with `tilskudd claim {reference} --reason …` before closing the case.",
                money(*unspent)
            ),
            Refusal::SpentNotPaid { reference, unpaid } => format!(
                "{reference} spent {} more than was paid; record the payment with `tilskudd pay {reference}` before closing the case.",
                money(*unpaid)
            ),
            Refusal::OutcomeMismatch {
                reference,
                outcome,
                fits,
            } => format!(
                "The allocations of {reference} make it \"{}\", not \"{}\". {}",
                self.outcome(*fits),
                self.outcome(*outcome),
                match fits {
                    Outcome::Reject => "Allocate an amount first, or propose reject.",
                    Outcome::Approve => "Everything requested is allocated: propose approve.",
                    Outcome::Partial =>
                        "Less than requested is allocated: propose partial, or allocate the rest.",
                }
            ),
            Refusal::NoProposal { reference, state } => format!(
                "{reference} is {} and has no proposal to approve. Write one first: tilskudd propose {} …",
                self.state(*state),
                super::shell_word(reference)
            ),
            Refusal::FourEyes {
                reference,
                proposer,
            } => format!(
                "{proposer} proposed {reference}; the round requires four eyes, so someone else must approve it."
            ),
            Refusal::AlreadySent { reference, sent } => format!(
                "{reference} is recorded as sent already{}. The date and journal entry from then stand; nothing was changed.",
                sent.map(|d| format!(" on {}", self.date(d)))
                    .unwrap_or_default()
            ),
            Refusal::EmptyValue => "The value is empty; give one.".to_string(),
            Refusal::NameRequired => "A full name is required: --name \"First Last\".".to_string(),
            Refusal::NotOneLine => {
                "The text must be one line, with no line breaks, control or invisible characters."
                    .to_string()
            }
            Refusal::SignatoryUnnamed { login, reference } => format!(
                "The decision in {reference} is signed by {login}, who has no name recorded. No letters were written. Record a name and title with `tilskudd users set {} --name \"Full Name\" --title \"adviser\"`.",
                super::shell_word(login)
            ),
            Refusal::NotInRound { reference, round } => format!(
                "{reference} is not in round {round}. See the round's cases with `tilskudd list --round {round}`."
            ),
            Refusal::NotDecidedToSend { reference, state } => format!(
                "{reference} is {}, not decided; there is no decision letter to send yet.",
                self.state(*state)
            ),
            Refusal::SentInFuture { date } => format!(
                "{} is in the future. Record letters as sent on the day they go out.",
                self.date(*date)
            ),
            Refusal::SentBeforeDecision {
                reference,
                date,
                decided,
            } => format!(
                "{reference} was decided on {}, after {}: a letter cannot have gone out before the decision. Check the date.",
                self.date(*decided),
                self.date(*date)
            ),
            Refusal::NotDecided { reference, state } => {
                format!(
                    "{reference} is {}, not decided; there is nothing to reopen.",
                    self.state(*state)
                )
            }
            Refusal::NothingToUndo { reference, person } => format!(
                "{person} has no change to {reference} that can be taken back: only a check, an allocation or a proposal, and only the last one."
            ),
            Refusal::ChangedByOther {
                reference,
                by,
                change,
            } => format!(
                "{by} changed {reference} after you ({}), so your last change is not undone. Look at the case and make the change by hand if it should still go.",
                super::event_line(self, change)
            ),
            Refusal::AlreadyUndone { reference } => format!(
                "Your last change to {reference} was an undo. Make the change again if you want it back."
            ),
            Refusal::ProposalChanged {
                reference,
                expected,
                current,
            } => match current {
                Some(current) => format!(
                    "The proposal of {reference} is no longer number {expected} but number {current}. Look at the new one (tilskudd show {}) before deciding.",
                    super::shell_word(reference)
                ),
                None => format!(
                    "{reference} has no proposal now, so number {expected} cannot be approved. See the case: tilskudd show {}",
                    super::shell_word(reference)
                ),
            },
            Refusal::AlreadyDeclared { reference, person } => {
                format!("{person} has already declared a conflict of interest in {reference}.")
            }
            Refusal::FileNamesClash {
                first,
                second,
                file,
            } => format!(
                "The letters of {first} and {second} would both be saved as {file}, so no letter was written or marked sent. Give one of the cases another reference (import --replace), and try again."
            ),
            Refusal::FileNameTooLong { reference, limit } => format!(
                "The reference {reference} makes a file name over {limit} bytes, so no letter was written or marked sent. Give the case a shorter reference."
            ),
            Refusal::TooMany { limit } => {
                format!("More than {limit} at once; ask for fewer at a time.")
            }
            Refusal::NotPerPot { check } => format!(
                "{check} is judged for the whole application, not per pot; only purpose is judged per pot. Leave out --pot."
            ),
            Refusal::PotNotRequested {
                reference,
                pot,
                requested,
            } => format!(
                "{reference} asks nothing from the pot \"{pot}\". Choose one of the pots the application asks from: {}.",
                requested.join(", ")
            ),
            Refusal::Unprintable { code } => format!(
                "The text holds a character that is no text (U+{code:04X}), often brought along from a terminal or a copied file. Nothing was stored; write the text without it."
            ),
            Refusal::UnprintableName { code } => format!(
                "The name you act under (TILSKUDD_USER) holds a character that is no text (U+{code:04X}). Nothing was done; set TILSKUDD_USER to your name without it."
            ),
            Refusal::TooLong { limit } => format!(
                "The text is longer than {limit} characters. Shorten it; a long reason can be filed with the case in the archive and referred to."
            ),
            Refusal::InvalidLogin { login } => format!(
                "\"{}\" is not a login name: use the name people log in with on this machine, with only a–z, A–Z, 0–9, dot, _, - and @ (no letters outside ASCII, spaces or invisible characters).",
                login.escape_debug()
            ),
            Refusal::NoSuchAccount { login } => format!(
                "\"{login}\" is no account on this machine (`getent passwd {login}` finds none). Check the spelling; the account must exist before it can be given access."
            ),
            Refusal::LastAdmin { login } => format!(
                "{login} is the last admin and cannot be removed or demoted. Make someone else admin first."
            ),
            Refusal::NoSuchUser { login } => {
                format!("{login} is not a user of the server. See `tilskudd users list`.")
            }
            Refusal::Stale { reference, changes } => format!(
                "{reference} changed after you saw it, so nothing was saved. Look the case over and try again. The changes:\n{}",
                super::stale_changes(self, changes, "more")
            ),
        }
    }

    // One flat arm per problem: a table to read, not logic to split.
    #[allow(clippy::too_many_lines)]
    fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::NotUtf8 { offset } => {
                format!("is not UTF-8 text (byte {offset}); save it as UTF-8")
            }
            Problem::TooLarge { limit } => format!("is larger than {} MiB", limit / (1024 * 1024)),
            Problem::Syntax { line, column, what } => {
                let what = malformed(what);
                match (line, column) {
                    (Some(l), Some(c)) => format!("syntax error at line {l}, column {c}: {what}"),
                    (Some(l), None) => format!("syntax error at line {l}: {what}"),
                    _ => format!("syntax error: {what}"),
                }
            }
            Problem::NotWorkbook { words } => {
                let lead = "is not an Excel workbook that can be read; open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)";
                match words {
                    Some(words) => format!("{lead}; the Excel reader says: {words}"),
                    None => lead.to_string(),
                }
            }
            Problem::UnknownFormat => "unknown format; use .toml, .csv, .json or .xlsx (an Excel workbook)".into(),
            Problem::CsvHeader { found } => {
                format!(
                    "the header must be number,name,county,former_names, optionally followed by official_name and org_number, not {found}"
                )
            }
            Problem::Missing => "is missing".into(),
            Problem::WrongType { expected } => format!(
                "must be {}",
                match expected.as_ref() {
                    "object" => "a table/object",
                    "text" => "text",
                    "true/false" => "true or false",
                    "whole number" => "a whole number",
                    "amount" => "an amount",
                    "list" => "a list",
                    other => other,
                }
            ),
            Problem::Empty => "is empty".into(),
            Problem::DuplicateKey { key } => format!("the key \"{key}\" appears twice"),
            Problem::TooLong { limit } => {
                format!("is longer than the {limit} characters the field may hold")
            }
            Problem::TooMany { limit } => {
                format!("has more than the {limit} entries the list may hold")
            }
            Problem::TooManyValues { limit } => format!(
                "has more than the {limit} values that can be read at once; is it the right file? If it is, split it up"
            ),
            Problem::ControlCharacters => {
                "holds line breaks or other control characters; write it on one line".into()
            }
            Problem::Folded => "line breaks and tabs became spaces and other control characters were removed; the original is in the history".into(),
            Problem::UnknownColumn => format!(
                "is not a column of the application table (misspelt?); the columns are {} and one amount_<pot> per pot",
                crate::import::TABLE_COLUMNS.join(", ")
            ),
            Problem::UnknownField => "is not a field of this format (misspelt?)".into(),
            Problem::InvalidDate { value } => {
                format!("\"{value}\" is not a date; write YYYY-MM-DD")
            }
            Problem::InvalidDateTime { value } => {
                format!("\"{value}\" is not a time; write e.g. 2021-07-30T13:45:00+02:00")
            }
            Problem::InvalidAmount { value, error } => self.amount_error(value, error),
            Problem::InvalidMunicipalityNumber { value } => {
                format!("\"{value}\" is not a municipality number (four digits, e.g. 4622)")
            }
            Problem::InvalidChoice { value, allowed } => {
                format!("\"{value}\" is not one of {}", allowed.join(", "))
            }
            Problem::OutOfRange { value, min, max } => format!("{value} is outside {min}–{max}"),
            Problem::ExtraValues { values, columns } => format!(
                "has {values} values but the header has only {columns} columns; remove what follows the last one, or give it a column in the header"
            ),
            Problem::PeriodReversed => "the period ends before it starts".into(),
            Problem::Duplicate { id } => format!("{id} appears twice in this import"),
            Problem::NotAMember { number } => {
                format!("{number} is in the steering group but not a member")
            }
            Problem::UnknownRound { id, known } => format!(
                "there is no round {id}; import it first with `tilskudd import round` (known: {})",
                if known.is_empty() {
                    LABELS.none.to_string()
                } else {
                    known.join(", ")
                }
            ),
            Problem::UnknownNetwork { id } => {
                format!("there is no network {id}; import it first with `tilskudd import registry`")
            }
            Problem::UnknownMunicipality { number } => {
                format!(
                    "there is no municipality {number}; import it first with `tilskudd import registry`"
                )
            }
            Problem::UnknownPot { pot, round, known } => {
                format!(
                    "the round {round} has no pot {pot} (it has: {})",
                    known.join(", ")
                )
            }
            Problem::ExistsDifferent { reference } => format!(
                "{reference} exists already with other content; add --replace to replace it"
            ),
            Problem::ReplaceClosed { reference } => format!(
                "{reference} has a proposal or decision and cannot be replaced; reopen it first"
            ),
            Problem::ReplaceBelowAllocation { reference, pot } => format!(
                "the new version of {reference} requests less from {pot} than is allocated; lower the allocation first"
            ),
            Problem::PotBelowAllocated { pot } => {
                format!("the pot {pot} would be smaller than what is already allocated from it")
            }
            Problem::ReplaceMovesAllocations { reference, round } => format!(
                "the new version moves {reference} to the round {round}, but the case has allocations; set them to 0 first"
            ),
            Problem::ReplaceConflicted { reference, person } => format!(
                "{person} declared a conflict of interest in {reference} and cannot replace its application; ask a colleague"
            ),
            Problem::FourEyesWhileProposed { round, cases } => format!(
                "the round {round} requires two people (four_eyes), and {} await a decision on a proposal made under that rule ({}); decide or withdraw them before turning four_eyes off",
                cases.len(),
                shown_list(cases)
            ),
        }
    }

    fn not_found(&self, n: &NotFound) -> String {
        let did_you_mean = |s: &[String]| {
            if s.is_empty() {
                String::new()
            } else {
                format!(" Did you mean {}?", join_list(s, "or"))
            }
        };
        match n {
            NotFound::Case {
                reference,
                suggestions,
            } => format!(
                "There is no case \"{reference}\".{} `tilskudd list` shows them all.",
                did_you_mean(suggestions)
            ),
            NotFound::RoundsOfYear { year, known } => {
                let mut years = known.clone();
                years.sort_unstable();
                years.dedup();
                let years: Vec<String> = years.iter().map(ToString::to_string).collect();
                if years.is_empty() {
                    format!(
                        "There is no round of {year}. Import one with `tilskudd import round FILE`."
                    )
                } else {
                    format!(
                        "There is no round of {year}. There are rounds of: {}.",
                        years.join(", ")
                    )
                }
            }
            NotFound::Round { id, known } => format!(
                "There is no round \"{id}\". {}",
                if known.is_empty() {
                    "Import one with `tilskudd import round FILE`.".to_string()
                } else {
                    format!("Known rounds: {}.", known.join(", "))
                }
            ),
            NotFound::Pot { round, pot, known } => {
                format!(
                    "The round {round} has no pot {pot}. Its pots: {}.",
                    known.join(", ")
                )
            }
            NotFound::Lookup { query, suggestions } => {
                format!("Nothing matches \"{query}\".{}", did_you_mean(suggestions))
            }
            NotFound::NoRounds => LABELS.no_rounds.into(),
        }
    }

    fn store_error(&self, e: &StoreError) -> String {
        match e {
            StoreError::NotTilskudd { path } => format!(
                "{} is not a tilskudd database. It was left untouched; give another file with --db.",
                path.display()
            ),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "{} was written by a newer tilskudd (schema {found}; this one knows {supported}). It was left untouched; upgrade tilskudd.",
                path.display()
            ),
            StoreError::Missing { path } => format!(
                "The database {} does not exist. If you work on a shared server, set TILSKUDD_SERVER or `server` in /etc/tilskudd/config.toml; otherwise import data with `tilskudd import`, run `tilskudd demo`, or give the right file with --db.",
                path.display()
            ),
            StoreError::Busy { path } => format!(
                "{} is in use by another process, perhaps a `tilskudd serve`. If a server runs on it, use --server SOCKET; otherwise try again in a moment.",
                path.display()
            ),
            StoreError::Io { path, message } => {
                format!("Cannot use {}: {message}.", path.display())
            }
            StoreError::DiskFull { path } => format!(
                "The disk holding {} is full. Nothing was stored, and what was stored before is unchanged. Free some space and try again.",
                path.display()
            ),
            StoreError::Planted { path, owner } => format!(
                "{} exists already, {}: no new database is made there, since others could read or change it. Choose another file with --db, or remove the one there if it is yours.",
                path.display(),
                owner.map_or_else(
                    || "as a link".to_string(),
                    |uid| format!("empty and owned by another user (uid {uid})")
                )
            ),
            StoreError::Exposed { path, how } => {
                let path = path.display();
                match how {
                    crate::store::Exposure::WritableByAll => format!(
                        "{path} can be changed by every user on the machine, so what it holds cannot be trusted. Nothing was read or stored. If the file is yours, close it to others with `chmod o-w {path}`; otherwise use another file with --db."
                    ),
                    crate::store::Exposure::OwnedByAnotherInOpenFolder { owner } => format!(
                        "{path} (or a folder on its way) is in a folder anyone may write, and another user (uid {owner}) owns it: it may have been put there for you to use. Nothing was read or stored. Use a database in a folder of your own, with --db."
                    ),
                    crate::store::Exposure::ReplaceableByAll => format!(
                        "{path} (or a folder on its way) is in a folder where anyone may replace files, so what it holds cannot be trusted. Nothing was read or stored. Move the database to a folder of your own and use it with --db."
                    ),
                }
            }
            StoreError::ReadOnly { path } => format!(
                "{} is on a disk that can only be read. Nothing was stored. Use a file on a disk that can be written.",
                path.display()
            ),
            StoreError::Corrupt { what } => format!(
                "Stored data could not be read ({what}); the file may be damaged. Restore it from a backup."
            ),
            StoreError::Database(message) => format!("Database error: {message}."),
            StoreError::Poisoned { reason } => format!(
                "The database must be opened again after a failure to write ({reason}); the server restarts itself under systemd. Try again in a moment."
            ),
        }
    }

    fn error(&self, e: &Error) -> String {
        match e {
            Error::Refused(r) => self.refusal(r),
            Error::Import(i) => {
                let place = super::import_place(i, ["row", "column", "field"]);
                format!(
                    "{place}: {}. Nothing was imported.",
                    self.problem(&i.problem)
                )
            }
            Error::Store(s) => self.store_error(s),
            Error::NotFound(n) => self.not_found(n),
            Error::Amount { input, error } => format!("{}.", self.amount_error(input, error)),
            Error::EmptyQuery => "Give a name, number, network or person to look up.".into(),
            Error::Server(problem) => server_problem(problem),
            Error::UnknownUser { login, admins } => format!(
                "{login} is not a user of this server. Ask {} to add you: tilskudd users add {login} --role reviewer",
                if admins.is_empty() {
                    "an admin".to_string()
                } else {
                    join_list(admins, "or")
                }
            ),
            Error::Forbidden { login, role, needs } => format!(
                "{login} is a {} and may not do this; it needs the {} role. Ask an admin to do it, or for the role.",
                self.user_role(*role),
                self.user_role(*needs)
            ),
            Error::Config { path, message } => format!(
                "The system configuration {path} is wrong: {message}. It may only hold `server = \"/path/to/socket\"`; ask the administrator to correct it."
            ),
            Error::Output { path, message } => format!("Cannot write {path}: {message}."),
            Error::Internal { message } => format!(
                "Something went wrong inside tilskudd ({message}). What was under way was not stored. The database file may be damaged: run `tilskudd audit --verify`, restore the file from a backup if it is, and report it."
            ),
            Error::ChainBroken(broken) => match broken {
                crate::store::Break::Altered { seq } => format!(
                    "The event log is broken at event {seq}: its content was changed after it was written. Restore the database from a backup and report it."
                ),
                crate::store::Break::Missing { seq } => format!(
                    "The event log is broken: event {seq} is missing. Restore the database from a backup and report it."
                ),
                crate::store::Break::Truncated { head, last } => format!(
                    "The event log is broken: it ends at event {last}, but {head} were recorded. Restore the database from a backup and report it."
                ),
            },
            Error::StateDiffers(m) => format!(
                "The stored state does not match the event log: {}, {}: the log says {}, stored is {}. If only the totals differ, run `tilskudd dev repair`; otherwise restore the database from a backup and report it.",
                m.subject, m.field, m.log, m.stored
            ),
            Error::HeadDiffers { head, expected } => format!(
                "The event log does not end with the hash that was recorded: its head is {head}, expected {expected}. The log was changed or swapped since; restore the database from a backup and report it."
            ),
            Error::BadDate { input } => format!(
                "\"{}\" is not a date: write it as 2021-09-01 or 01.09.2021.",
                crate::domain::text::safe_line(input)
            ),
            Error::BadDelimiter { delimiter } => format!(
                "\"{delimiter}\" cannot separate columns; use one character such as ; , or a tab."
            ),
            Error::BinaryToTerminal => "An Excel workbook cannot be written to the terminal; name a file with --out, for example --out export.xlsx.".into(),
            Error::NotATerminal => {
                "The review screen needs a terminal. Use the commands (`tilskudd --help`) in scripts.".into()
            }
            Error::DemoNotEmpty { path } => format!(
                "{path} holds other data than the examples; the demo does not mix examples into real work. Give a new file with --db, or leave --db out."
            ),
            Error::ReadFile {
                path,
                missing: true,
                ..
            } => {
                format!("There is no file {path}. Check the name and folder; nothing was imported.")
            }
            Error::ReadFile { path, message, .. } => {
                format!("Cannot read {path} ({message}); nothing was imported.")
            }
        }
    }

    fn nothing_changed(&self) -> &'static str {
        "Nothing changed: it was like that already."
    }

    fn demo_ready(&self, path: &str) -> String {
        format!("Demo database ready: {path}")
    }

    fn cli_help(&self) -> &'static CliHelp {
        &HELP
    }

    fn tui(&self) -> &'static super::TuiTexts {
        &super::tui::EN
    }

    fn letters_written(&self, count: usize, unsent: usize, dir: &str, round: &str) -> String {
        let letters = if count == 1 { "letter" } else { "letters" };
        let mut text = format!("Wrote {count} {letters} to {dir}.");
        if unsent > 0 {
            let they = if unsent == 1 {
                "One of them is".to_string()
            } else {
                format!("{unsent} of them are")
            };
            text.push_str(&format!(
                " {they} not recorded as sent: when the letters have gone out, record it with `tilskudd sent --round {round}` (or M on the review screen)."
            ));
        }
        text
    }

    fn export_written(&self, rows: usize, path: &str) -> String {
        format!("Wrote {rows} rows to {path}.")
    }

    fn chain_whole(&self, events: u64, head: &str) -> String {
        format!(
            "The event log is whole and unaltered, and what is stored agrees with it: {events} events. Last hash: {head}"
        )
    }

    fn user_role(&self, role: crate::domain::UserRole) -> &'static str {
        role.as_str()
    }

    fn serving(&self, socket: &str, db: &str, admin: &str) -> String {
        format!("tilskudd serve: listening on {socket} (database {db}; admin {admin})")
    }

    fn serving_limits(&self, connections: usize, per_user: usize, idle_secs: u64) -> String {
        format!(
            "tilskudd serve: at most {connections} connections, {per_user} per user; a connection quiet for {idle_secs} s is closed"
        )
    }

    fn client_turned_away(&self, login: &str, problem: &ServerProblem) -> String {
        format!(
            "turned a connection from {login} away: {}",
            server_problem(problem)
        )
    }

    fn server_stopped(&self) -> String {
        "tilskudd serve: stopped".into()
    }

    fn client_mismatch(&self, login: &str, protocol: u32, version: &str) -> String {
        format!(
            "turned {login} away: the client speaks protocol {protocol} (tilskudd {version}), the server {} (tilskudd {})",
            crate::server::protocol::PROTOCOL,
            crate::server::protocol::VERSION
        )
    }

    fn client_refused(&self, login: &str) -> String {
        format!("turned {login} away: not a user of the server")
    }

    fn server_restarts_after_failure(&self) -> String {
        "the server stops to open its database again after a failure to write; systemd starts it again".into()
    }

    fn request_failed(&self, login: &str) -> String {
        format!("a request by {login} failed inside the server; run `tilskudd audit --verify`")
    }

    fn users_heading(&self) -> [&'static str; 5] {
        ["USER", "NAME AND TITLE", "ROLE", "ADDED BY", "ADDED"]
    }

    fn no_users(&self) -> &'static str {
        "No users yet. `tilskudd serve` makes the account it runs as an admin; add others with `tilskudd users add LOGIN --role reviewer|approver|admin`."
    }
}

fn server_problem(problem: &ServerProblem) -> String {
    match problem {
        ServerProblem::ConfiguredNotRunning { socket, config } => format!(
            "The server {config} points to does not answer on {socket}. Ask the administrator to start it (`systemctl start tilskudd`). To work in a file of your own, give it with --db."
        ),
        ServerProblem::Busy {
            limit,
            per_user: true,
        } => format!(
            "You hold {limit} connections to the server already, as many as it takes from one user. Close some of your review screens and try again."
        ),
        ServerProblem::Busy {
            limit,
            per_user: false,
        } => format!(
            "The server holds {limit} connections, as many as it takes. Try again in a while, and tell the administrator if it lasts."
        ),
        ServerProblem::RequestsUnderWay { limit } => format!(
            "You have had {limit} requests under way at the server for half a minute, as many as it takes from one user at a time. Wait for them to finish, and try again."
        ),
        ServerProblem::AnswerTooLarge { bytes, limit } => format!(
            "The answer is {bytes} bytes, more than the server sends in one answer ({limit} bytes). Ask for less: for example one case's history (tilskudd audit REF)."
        ),
        ServerProblem::TooLarge { bytes, limit } => format!(
            "The request is {bytes} bytes, more than the server takes ({limit} bytes); only an administrator's import may be larger. Split it up."
        ),
        ServerProblem::Untrusted {
            socket,
            server_uid,
            expected_uid,
        } => format!(
            "The process answering on {socket} runs as uid {server_uid}, but the socket's folder belongs to uid {expected_uid}: it is not the server, and nothing was sent to it. Check --server/TILSKUDD_SERVER, or set TILSKUDD_SERVER_UID to the uid the server runs as."
        ),
        ServerProblem::NotRunning { socket } => format!(
            "No server answers on {socket}. Start one with `tilskudd serve --socket {socket}`, or check --server/TILSKUDD_SERVER."
        ),
        ServerProblem::NoAccess { socket, group } => match group {
            Some(group) => format!(
                "You may not connect to {socket}. Ask to join the group {group} (then log in again)."
            ),
            None => format!("You may not connect to {socket}. Ask the server's admin for access."),
        },
        ServerProblem::Lost { socket } => format!(
            "The connection to the server on {socket} broke. What you just did may not have been saved: check the case once the server is back."
        ),
        ServerProblem::VersionMismatch {
            client_protocol,
            client_version,
            server_protocol,
            server_version,
        } => {
            let upgrade = if client_protocol < server_protocol {
                "Upgrade the client (this tilskudd)"
            } else {
                "Upgrade the server"
            };
            format!(
                "The client (tilskudd {client_version}, protocol {client_protocol}) and the server (tilskudd {server_version}, protocol {server_protocol}) speak different protocols. {upgrade} so that they match."
            )
        }
        ServerProblem::Garbled { message } => format!(
            "Unexpected answer over the connection: {message}. Are both sides the same version of tilskudd?"
        ),
        ServerProblem::AlreadyServing { socket } => {
            format!("A server already runs on {socket}. Stop it first, or choose another --socket.")
        }
        ServerProblem::NotASocket { socket } => format!(
            "{socket} exists and is not a socket; it was left alone. Choose another --socket."
        ),
        ServerProblem::Io { socket, message } => {
            format!("Cannot use the socket {socket}: {message}.")
        }
        ServerProblem::LocalOnly { command } => {
            format!("`tilskudd {command}` works on a database file only: use --db, not --server.")
        }
    }
}

impl English {
    /// `plan (ikke vurdert), form (ikke oppfylt)`: the checks that stand in the way.
    fn failing_checks(&self, failing: &[(CheckId, crate::domain::Verdict)]) -> String {
        failing
            .iter()
            .map(|(c, v)| format!("{c} \"{}\" ({})", self.check(*c), self.verdict(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A round's update, rule by rule.
    fn round_changed(&self, before: &crate::domain::Round, after: &crate::domain::Round) -> String {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let date = |d: Option<NaiveDate>| d.map_or("none".to_string(), |d| self.date(d));
        let total = |m: Option<crate::domain::Money>| m.map_or("no pot".to_string(), money);
        let parts: Vec<String> = after
            .rule_changes(before)
            .into_iter()
            .map(|c| match c {
                RuleChange::FourEyes { before, after } => {
                    format!("four-eyes {} → {}", yes_no(before), yes_no(after))
                }
                RuleChange::AppealRights { before, after } => {
                    format!("right of appeal {} → {}", yes_no(before), yes_no(after))
                }
                RuleChange::Deadline { before, after } => {
                    format!("deadline {} → {}", self.date(before), self.date(after))
                }
                RuleChange::FundsUsedBy { before, after } => {
                    format!("funds used by {} → {}", date(before), date(after))
                }
                RuleChange::PotTotal { pot, before, after } => {
                    format!("pot {pot} {} → {}", total(before), total(after))
                }
                RuleChange::PartnerRequired { pot, after } => {
                    format!("pot {pot} requires a competence partner: {}", yes_no(after))
                }
                RuleChange::Description => "names or county".to_string(),
            })
            .collect();
        format!("round {} updated: {}", after.id, parts.join("; "))
    }
}

/// What breaks a file's format, in words (see `import::Malformed`).
fn malformed(what: &Malformed) -> String {
    match what {
        Malformed::EndsEarly => "the text ends before the value does (a ], } or quote missing?)".into(),
        Malformed::ExpectedValue => "a value was expected here: text in quotes, a number, a list, an object, true, false or null".into(),
        Malformed::BareWord => "a word without quotes; only true, false and null go without".into(),
        Malformed::ExpectedCommaOr(close) => format!("a comma or {close} was expected here"),
        Malformed::ExpectedColon => "a key must be followed by a colon (:)".into(),
        Malformed::KeyNotText => "a key must be text in double quotes".into(),
        Malformed::TrailingComma => "a comma right before ] or } is not allowed in JSON".into(),
        Malformed::TrailingCharacters => "something follows the end of the value; a JSON file holds one value".into(),
        Malformed::TooDeep => "lists and objects are nested too deep".into(),
        Malformed::ControlCharacter => "a control character (a tab or line break) in a text; write it as \\t or \\n".into(),
        Malformed::InvalidEscape => "a backslash (\\) in a text is followed by what is no valid escape".into(),
        Malformed::InvalidNumber => "invalid number".into(),
        Malformed::NumberOutOfRange => "the number is too large".into(),
        Malformed::InvalidUnicode => "a \\u code that is no character".into(),
        Malformed::ValueOrQuotes => "a value is missing here, or a text is without its quotes".into(),
        Malformed::NotToml { ending } => format!("the file is a .{ending} file, not TOML: rounds and networks are read from .toml files, municipalities also from .csv"),
        Malformed::ExpectedEquals => "a key without a value; write key = value".into(),
        Malformed::ExpectedLineEnd => "the line should end here; each key = value has a line of its own".into(),
        Malformed::DuplicateKey => "a key or table is given twice".into(),
        Malformed::UnclosedList => "a list is not closed with ]".into(),
        Malformed::UnclosedTable => "a table header is not closed with ]".into(),
        Malformed::UnclosedText => "a text is not closed with its quote".into(),
        Malformed::Reader { format, words } => format!("the {format} reader says: {words}"),
    }
}
