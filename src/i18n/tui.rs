//! The review screen's texts. Templates hold `{0}`, `{1}` for the values.

use crate::domain::text::fill;
use crate::service::FilterError;

pub struct TuiTexts {
    pub app_name: &'static str,
    pub cases: &'static str,
    pub case: &'static str,
    pub no_case: &'static str,
    pub empty_queue: &'static str,
    /// The filter has seen {0} of the round's {1} cases so far; the rest are being read.
    pub reading_rows: &'static str,
    pub no_rounds: &'static str,
    pub filter_prompt: &'static str,
    pub filter_label: &'static str,
    pub marked: &'static str,
    pub queue_end: &'static str,
    pub nothing_marked: &'static str,
    pub nothing_to_undo: &'static str,
    /// Neither `HOME` nor `XDG_STATE_HOME` is set: drafts cannot be kept.
    pub no_drafts: &'static str,
    pub draft_discarded: &'static str,
    pub verdict_title: &'static str,
    pub batch_verdict_title: &'static str,
    pub verdict_label: &'static str,
    /// What a verdict on a check judged per pot is for: the whole application or a pot.
    pub verdict_for: &'static str,
    pub whole_application: &'static str,
    pub verdict_keys: &'static str,
    pub choose_verdict: &'static str,
    pub(super) batch_verdict_confirm: &'static str,
    pub note_label: &'static str,
    pub note_required: &'static str,
    pub allocate_title: &'static str,
    pub pot_label: &'static str,
    pub amount_label: &'static str,
    pub remaining_after: &'static str,
    pub propose_heading: &'static str,
    pub outcome_label: &'static str,
    pub reason_label: &'static str,
    pub reopen_heading: &'static str,
    pub conflict_heading: &'static str,
    pub batch_reject_heading: &'static str,
    pub confirm_question: &'static str,
    pub lookup_title: &'static str,
    /// The overview screen (`O`).
    pub overview_title: &'static str,
    pub chart_title: &'static str,
    pub requested_mark: &'static str,
    pub granted_mark: &'static str,
    pub switch_to_municipalities: &'static str,
    pub switch_to_networks: &'static str,
    pub no_overview: &'static str,
    pub nothing_matches: &'static str,
    pub lookup_hint: &'static str,
    pub lookup_field: &'static str,
    pub log_title: &'static str,
    pub no_messages: &'static str,
    pub see_log: &'static str,
    pub batch_title: &'static str,
    pub batch_options: [&'static str; 2],
    pub draft_title: &'static str,
    pub draft_question: &'static str,
    pub help_title: &'static str,
    /// What the marks on the screen mean, under the keys in the help.
    pub help_legend: [&'static str; 2],
    pub budget_sum: &'static str,
    pub round_menu_title: &'static str,
    pub round_menu: [&'static str; 6],
    pub sent_title: &'static str,
    pub sent_explained: &'static str,
    pub nothing_to_send: &'static str,
    pub folder_label: &'static str,
    pub file_label: &'static str,
    pub letter_title: &'static str,
    pub no_letter: &'static str,
    pub you: &'static str,
    pub round_of: &'static str,
    /// The server answers again after the connection was lost.
    pub reconnected: &'static str,
    /// The server stopped answering while the screen was open.
    pub connection_lost: &'static str,
    pub(super) changed_by: &'static str,
    pub(super) proposal_by: &'static str,
    pub(super) approve_title: &'static str,
    pub(super) propose_title: &'static str,
    pub(super) reopen_title: &'static str,
    pub(super) conflict_title: &'static str,
    pub conflict_consequence: &'static str,
    pub(super) batch_reject_title: &'static str,
    pub(super) decision_kept: &'static str,
    pub(super) batch_done: &'static str,
    /// "1 sak", "2 saker": one case, and more.
    pub(super) case_counted: [&'static str; 2],
    pub(super) undone: &'static str,
    pub(super) server_upgraded: &'static str,
    pub(super) not_utf8: &'static str,
    pub(super) too_small: &'static str,
    pub(super) filter_unknown_key: &'static str,
    pub(super) filter_unknown_state: &'static str,
    pub(super) filter_unknown_due: &'static str,
    /// The header's count of what is overdue in the round: `{0}`.
    pub(super) overdue_count: &'static str,
    /// `U`: after the decision.
    pub follow_up_title: &'static str,
    pub follow_up_menu: [&'static str; 6],
    /// The follow-up forms' fields: amount, date, spent, note, reason, new use-by date.
    pub follow_up_fields: [&'static str; 6],
    pub follow_up_undecided: &'static str,
    pub(super) filter_empty_value: &'static str,
    pub(super) draft_found: &'static str,
}

impl TuiTexts {
    pub fn changed_by(&self, reference: &str, by: &str) -> String {
        fill(self.changed_by, &[reference, by])
    }
    pub fn proposal_by(&self, outcome: &str, by: &str) -> String {
        fill(self.proposal_by, &[outcome, by])
    }
    pub fn approve_title(&self, reference: &str) -> String {
        fill(self.approve_title, &[reference])
    }
    pub fn propose_title(&self, reference: &str) -> String {
        fill(self.propose_title, &[reference])
    }
    pub fn reopen_title(&self, reference: &str) -> String {
        fill(self.reopen_title, &[reference])
    }
    pub fn conflict_title(&self, reference: &str) -> String {
        fill(self.conflict_title, &[reference])
    }
    /// A number of cases, in the right number.
    fn cases(&self, count: usize) -> String {
        let word = if count == 1 {
            self.case_counted[0]
        } else {
            self.case_counted[1]
        };
        format!("{count} {word}")
    }
    pub fn batch_verdict_confirm(&self, check: &str, count: usize) -> String {
        fill(self.batch_verdict_confirm, &[check, &self.cases(count)])
    }
    pub fn batch_reject_title(&self, count: usize) -> String {
        fill(self.batch_reject_title, &[&self.cases(count)])
    }
    pub fn decision_kept(&self, outcome: &str, by: &str) -> String {
        fill(self.decision_kept, &[outcome, by])
    }
    pub fn batch_done(&self, done: usize, total: usize) -> String {
        fill(self.batch_done, &[&done.to_string(), &self.cases(total)])
    }
    pub fn undone(&self, reference: &str) -> String {
        fill(self.undone, &[reference])
    }
    pub fn not_utf8(&self, locale: &str) -> String {
        fill(self.not_utf8, &[locale])
    }
    pub fn server_upgraded(&self, version: &str) -> String {
        fill(self.server_upgraded, &[version])
    }
    pub fn too_small(&self, width: u16, height: u16) -> String {
        fill(self.too_small, &[&width.to_string(), &height.to_string()])
    }
    pub fn draft_found(&self, what: &str, reference: &str) -> String {
        fill(self.draft_found, &[what, reference])
    }
    pub fn filter_error(&self, error: &FilterError) -> String {
        match error {
            FilterError::UnknownKey(key) => fill(self.filter_unknown_key, &[key]),
            FilterError::UnknownState(state) => fill(self.filter_unknown_state, &[state]),
            FilterError::EmptyValue(key) => fill(self.filter_empty_value, &[key]),
            FilterError::UnknownDue(value) => fill(self.filter_unknown_due, &[value]),
        }
    }
    pub fn overdue_count(&self, count: usize) -> String {
        fill(self.overdue_count, &[&count.to_string()])
    }
}

pub static NB: TuiTexts = TuiTexts {
    app_name: "tilskudd",
    cases: "Saker",
    case: "Sak",
    no_case: "Ingen sak valgt.",
    empty_queue: "Ingen saker passer filteret. Esc eller / for å endre det.",
    reading_rows: "søker … {0} av {1} lest",
    no_rounds: "Ingen runder ennå. Importer med `tilskudd import round FIL` og `tilskudd import applications FIL`.",
    filter_prompt: "Filter: ",
    filter_label: "filter",
    marked: "merket",
    queue_end: "Ingen flere saker i køen.",
    nothing_marked: "Ingen saker er merket. Merk med v først.",
    nothing_to_undo: "Åpne saken du vil angre i først.",
    no_drafts: "Utkast kan ikke tas vare på hvis forbindelsen brytes: verken HOME eller XDG_STATE_HOME er satt.",
    draft_discarded: "Utkastet er forkastet.",
    verdict_title: "Vurder vilkår",
    batch_verdict_title: "Vurder vilkår for alle merkede saker",
    verdict_label: "Vurdering",
    verdict_for: "Gjelder",
    whole_application: "hele søknaden",
    verdict_keys: "m oppfylt · x ikke oppfylt · n ikke relevant",
    choose_verdict: "Velg en vurdering først: m oppfylt, x ikke oppfylt eller n ikke relevant.",
    batch_verdict_confirm: "Vurder {0} i {1}",
    note_label: "Merknad",
    note_required: "Et automatisk vurdert vilkår overstyres bare med merknad.",
    allocate_title: "Tildel fra pott",
    pot_label: "Pott",
    amount_label: "Beløp",
    remaining_after: "Gjenstår i potten etter",
    propose_heading: "Innstilling",
    outcome_label: "Utfall",
    reason_label: "Begrunnelse",
    reopen_heading: "Gjenåpne saken",
    conflict_heading: "Erklær deg inhabil i saken",
    batch_reject_heading: "Avslå alle merkede saker",
    confirm_question: "Bekreft? [j/n]",
    lookup_title: "Søk i registeret",
    overview_title: "Oversikt",
    chart_title: "Søkt (s) og innvilget (i) per nettverk",
    requested_mark: "s",
    granted_mark: "i",
    switch_to_municipalities: "Tab: kommuner",
    switch_to_networks: "Tab: nettverk",
    no_overview: "Ingen runde å vise. Importer en med `tilskudd import round FIL`.",
    nothing_matches: "Ingen treff med dette filteret.",
    lookup_hint: "Kommune, tidligere navn, nettverk eller person: minst to tegn.",
    lookup_field: "Søk",
    log_title: "Meldinger i denne økten, nyeste først",
    no_messages: "Ingen meldinger ennå.",
    see_log: "Alle avvisningene: trykk l.",
    batch_title: "Merkede saker",
    batch_options: [
        "Vurder ett vilkår for alle",
        "Avslå alle med én begrunnelse",
    ],
    draft_title: "Utkast fra forrige økt",
    draft_question: "Enter/j: fortsett med utkastet · Esc/n: forkast det",
    help_title: "Taster",
    help_legend: [
        "Køen: ✓ innvilget, ½ delvis innvilget, ✗ avslått (innstilt eller vedtatt); ● merket; ! du har erklært deg inhabil.",
        "Vilkår: 4/10 er oppfylt av alle; ✗ ikke oppfylt, ? ikke vurdert, – ikke relevant.",
    ],
    budget_sum: "Sum",
    round_menu_title: "Avslutt runden",
    sent_title: "Registrer som sendt i dag",
    sent_explained: "Disse sakene får status «brev sendt», med dagens dato. Gjør det når brevene faktisk er sendt; et journalpostnummer kan føres med `tilskudd sent --journal`.",
    nothing_to_send: "Ingen vedtatte saker venter på å bli registrert som sendt.",
    round_menu: [
        "Skriv vedtaksbrev for vedtatte saker til en mappe (Markdown)",
        "Skriv vedtaksbrev som Word-filer (DOCX) til en mappe",
        "Skriv vedtaksbrev som PDF/A til en mappe, for arkivet",
        "Eksporter vedtak og beløp til CSV (;)",
        "Registrer vedtaksbrevene som sendt i dag",
        "Kontroller at hendelsesloggen er hel",
    ],
    folder_label: "Mappe",
    file_label: "Fil",
    letter_title: "Tilskuddsbrev (forhåndsvisning)",
    no_letter: "Saken har ikke noe vedtak ennå, så det finnes ikke noe brev.",
    you: "deg",
    round_of: "runde",
    reconnected: "Forbindelsen til tjeneren er tilbake; skjermen er oppdatert.",
    connection_lost: "Tjeneren svarer ikke; skjermen viser det som var, og prøver igjen hvert sekund.",
    changed_by: "{0} ble nettopp endret av {1}.",
    proposal_by: "Innstilling: {0}, av {1}",
    approve_title: "Vedta {0}",
    propose_title: "Innstill i {0}",
    reopen_title: "Gjenåpne {0}",
    conflict_title: "Erklær deg inhabil i {0}",
    conflict_consequence: "Du kan ikke lenger behandle saken (vilkår, tildeling, innstilling, vedtak). Erklæringen kan ikke angres.",
    batch_reject_title: "Avslå {0}",
    decision_kept: "Vedtaket ({0}, av {1}) blir stående i historikken.",
    batch_done: "{0} av {1} endret.",
    case_counted: ["sak", "saker"],
    undone: "Angret din siste endring i {0}:",
    not_utf8: "Terminalen er satt opp for {0}, ikke UTF-8: æ, ø og å kan vises feil og ikke la seg skrive. Sett LANG=nb_NO.UTF-8 (eller C.UTF-8) og start igjen.",
    server_upgraded: "Tjeneren er oppgradert til versjon {0} mens skjermen var åpen. Ingenting sendes mer herfra: avslutt med q og start tilskudd igjen.",
    too_small: "Vinduet er {0}×{1}. tilskudd trenger minst 80×24: gjør vinduet større.",
    filter_unknown_key: "Ukjent filter «{0}». Bruk status:, pott:, nettverk:, forfall: (eller state:, pot:, network:, due:) eller fritekst.",
    filter_unknown_state: "Ukjent status «{0}». Bruk mottatt, under-behandling, innstilt, vedtatt, brev-sendt, betalt, rapportert eller avsluttet (eller received, under-review, proposed, decided, letter-sent, paid, reported, closed).",
    filter_unknown_due: "Ukjent verdi «{0}» for due:. Bruk due:overdue (det som er forfalt) eller due:all (alt som forfaller innen 30 dager).",
    overdue_count: "forfalt {0}",
    follow_up_title: "Etter vedtaket",
    follow_up_menu: [
        "Registrer utbetaling",
        "Registrer sluttrapport og regnskap",
        "Krev tilbakebetaling",
        "Registrer tilbakebetaling",
        "Forleng fristen for bruk",
        "Avslutt saken",
    ],
    follow_up_fields: [
        "Beløp",
        "Dato (tom: i dag)",
        "Brukt",
        "Merknad",
        "Begrunnelse",
        "Ny frist",
    ],
    follow_up_undecided: "Saken er ikke vedtatt ennå: utbetaling, rapport og krav kommer etter vedtaket.",
    filter_empty_value: "«{0}» mangler en verdi.",
    draft_found: "{0} i {1}",
};

pub static EN: TuiTexts = TuiTexts {
    app_name: "tilskudd",
    cases: "Cases",
    case: "Case",
    no_case: "No case selected.",
    empty_queue: "No case matches the filter. Esc or / to change it.",
    reading_rows: "searching … {0} of {1} read",
    no_rounds: "No rounds yet. Import with `tilskudd import round FILE` and `tilskudd import applications FILE`.",
    filter_prompt: "Filter: ",
    filter_label: "filter",
    marked: "marked",
    queue_end: "No more cases in the queue.",
    nothing_marked: "No case is marked. Mark with v first.",
    nothing_to_undo: "Open the case to undo in first.",
    no_drafts: "Drafts cannot be kept if the connection drops: neither HOME nor XDG_STATE_HOME is set.",
    draft_discarded: "The draft was discarded.",
    verdict_title: "Judge check",
    batch_verdict_title: "Judge a check for every marked case",
    verdict_label: "Verdict",
    verdict_for: "For",
    whole_application: "the whole application",
    verdict_keys: "m met · x not met · n not applicable",
    choose_verdict: "Choose a verdict first: m met, x not met or n not applicable.",
    batch_verdict_confirm: "Judge {0} in {1}",
    note_label: "Note",
    note_required: "An automatic check is overridden only with a note.",
    allocate_title: "Allocate from pot",
    pot_label: "Pot",
    amount_label: "Amount",
    remaining_after: "Remaining in pot after",
    propose_heading: "Proposal",
    outcome_label: "Outcome",
    reason_label: "Reason",
    reopen_heading: "Reopen the case",
    conflict_heading: "Declare your conflict of interest",
    batch_reject_heading: "Reject every marked case",
    confirm_question: "Confirm? [y/n]",
    lookup_title: "Registry lookup",
    overview_title: "Overview",
    chart_title: "Requested (r) and granted (g) per network",
    requested_mark: "r",
    granted_mark: "g",
    switch_to_municipalities: "Tab: municipalities",
    switch_to_networks: "Tab: networks",
    no_overview: "No round to show. Import one with `tilskudd import round FILE`.",
    nothing_matches: "Nothing matches the filter.",
    lookup_hint: "Municipality, former name, network or person: two letters or more.",
    lookup_field: "Search",
    log_title: "Messages of this session, newest first",
    no_messages: "No messages yet.",
    see_log: "Every refusal: press l.",
    batch_title: "Marked cases",
    batch_options: ["Judge one check for all", "Reject all with one reason"],
    draft_title: "Draft from the last session",
    draft_question: "Enter/y: go on with the draft · Esc/n: discard it",
    help_title: "Keys",
    help_legend: [
        "The queue: ✓ approve, ½ partial grant, ✗ reject (proposed or decided); ● marked; ! you declared a conflict of interest.",
        "Checks: 4/10 are met of all; ✗ not met, ? not checked, – not applicable.",
    ],
    budget_sum: "Total",
    round_menu_title: "Close the round",
    sent_title: "Record as sent today",
    sent_explained: "These cases become letter sent, dated today. Do it when the letters have actually gone out; a journal entry number can be recorded with `tilskudd sent --journal`.",
    nothing_to_send: "No decided case is waiting to be recorded as sent.",
    round_menu: [
        "Write decision letters for decided cases to a folder (Markdown)",
        "Write decision letters as Word files (DOCX) to a folder",
        "Write decision letters as PDF/A to a folder, for the archive",
        "Export decisions and amounts to CSV (;)",
        "Record the decision letters as sent today",
        "Check that the event log is whole",
    ],
    folder_label: "Folder",
    file_label: "File",
    letter_title: "Grant letter (preview)",
    no_letter: "The case has no decision yet, so there is no letter.",
    you: "you",
    round_of: "round",
    reconnected: "The server answers again; the screen is up to date.",
    connection_lost: "The server does not answer; the screen shows what was, and tries again every second.",
    changed_by: "{0} was just changed by {1}.",
    proposal_by: "Proposal: {0}, by {1}",
    approve_title: "Approve {0}",
    propose_title: "Propose in {0}",
    reopen_title: "Reopen {0}",
    conflict_title: "Declare a conflict of interest in {0}",
    conflict_consequence: "You can no longer work on the case (checks, allocation, proposal, decision). The declaration cannot be undone.",
    batch_reject_title: "Reject {0}",
    decision_kept: "The decision ({0}, by {1}) stays in the history.",
    batch_done: "{0} of {1} changed.",
    case_counted: ["case", "cases"],
    undone: "Undid your last change in {0}:",
    not_utf8: "The terminal is set up for {0}, not UTF-8: æ, ø and å may show wrongly and cannot be typed. Set LANG=nb_NO.UTF-8 (or C.UTF-8) and start again.",
    server_upgraded: "The server was upgraded to version {0} while this screen was open. Nothing more is sent from here: quit with q and start tilskudd again.",
    too_small: "The window is {0}×{1}. tilskudd needs at least 80×24: make it larger.",
    filter_unknown_key: "Unknown filter \"{0}\". Use state:, pot:, network:, due: or free text.",
    filter_unknown_state: "Unknown state \"{0}\". Use received, under-review, proposed, decided, letter-sent, paid, reported or closed.",
    filter_unknown_due: "Unknown value \"{0}\" for due:. Use due:overdue (what is overdue) or due:all (all that falls due within 30 days).",
    overdue_count: "overdue {0}",
    follow_up_title: "After the decision",
    follow_up_menu: [
        "Record a payment",
        "Record the final report and accounts",
        "Claim repayment",
        "Record money repaid",
        "Extend the use-by date",
        "Close the case",
    ],
    follow_up_fields: [
        "Amount",
        "Date (empty: today)",
        "Spent",
        "Note",
        "Reason",
        "New date",
    ],
    follow_up_undecided: "The case is not decided yet: payments, reports and claims come after the decision.",
    filter_empty_value: "\"{0}\" needs a value.",
    draft_found: "{0} in {1}",
};
