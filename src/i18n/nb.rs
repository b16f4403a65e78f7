//! Norsk bokmål: the default.

use chrono::{DateTime, NaiveDate, Utc};

use super::{CliHelp, ImportKind, Labels, Texts, amounts_text, join_list, shown_list};
use crate::domain::time::{norwegian_date, norwegian_datetime, to_oslo};
use crate::domain::{
    AmountError, CaseState, Change, CheckId, CheckSummary, Finding, Outcome, Refusal, Role,
    RuleChange, Verdict,
};
use crate::error::{Error, NotFound, ServerProblem};
use crate::import::{Malformed, Problem};
use crate::service::ImportSummary;
use crate::store::StoreError;

pub struct Bokmal;

static LABELS: Labels = Labels {
    error: "feil",
    warning: "advarsel",
    hint: "tips",
    round: "Runde",
    deadline: "Søknadsfrist",
    funds_used_by: "Midlene brukt innen",
    four_eyes: "Fire øyne",
    appeal_rights: "Klagerett",
    pot: "Pott",
    total: "Ramme",
    allocated: "Tildelt",
    granted: "Innvilget",
    provisional: "Foreløpig",
    remaining: "Gjenstår",
    remaining_in_pot: "Gjenstår i potten",
    requested: "Søkt",
    cases: "Saker",
    no_cases: "Ingen saker.",
    no_rounds: "Ingen runder ennå. Importer en med `tilskudd import round FIL`.",
    reference: "Referanse",
    state: "Status",
    network: "Nettverk",
    networks: "Nettverk",
    title: "Tittel",
    checks: "Vilkår",
    submitted: "Sendt inn",
    lead_municipality: "Ansvarlig kommune",
    municipalities: "Kommuner",
    needs_quality_development: "behov for kvalitetsutvikling",
    contact: "Kontaktperson",
    competence_partner: "Kompetansemiljø",
    bufetat: "Bufetat med",
    project_leader: "Prosjektleder",
    period: "Prosjektperiode",
    summary: "Sammendrag",
    plan: "Prosjektplan",
    budget: "Budsjett",
    allocations: "Tildeling",
    proposal: "Innstilling",
    decision: "Vedtak",
    conflicts: "Inhabilitet",
    history: "Historikk",
    earlier_events: "  … {0} tidligere hendelser: `tilskudd audit {1}` viser alle.",
    rounds_history: "Runde for runde",
    applications: ["søknad", "søknader"],
    themes: "Temaer",
    unreached: "ikke nådd",
    share: "Andel",
    projects: "prosjekter",
    no_priorities: "Ingen kommuner er merket for særskilt oppmerksomhet.",
    from_registry: "fra registeret",
    reason: "Begrunnelse",
    proposed_by: "innstilt av",
    decided_by: "vedtatt av",
    none: "ingen",
    yes: "ja",
    no: "nei",
    unknown: "ukjent",
    county: "Fylke",
    matched: "treff på",
    former_names: "tidligere",
    steering_group: "styringsgruppe",
    steering_group_heading: "Styringsgruppe",
    members: "Medlemmer",
    coordinators: "Koordinatorer",
    people: "Kontaktpersoner",
    grants: "Tilskudd",
    municipality_grants: "Tilskudd til prosjekter kommunen er med i",
    network_grants: "Nettverkenes tilskudd i alt",
    email_not_shared: "e-post ikke delt",
    override_mark: "overstyrt",
    as_whole: "som for hele søknaden",
    automatic: "automatisk",
    by: "av",
    flags: "Merk",
    follow_up: "Etter vedtaket",
    paid: "Utbetalt",
    spent: "Brukt",
    claimed: "Krevd tilbake",
    repaid: "Tilbakebetalt",
    overdue: "forfalt",
    nothing_due: "Ingenting forfaller.",
    due_kinds: [
        "utbetaling",
        "sluttrapport",
        "tilbakebetaling",
        "frist for bruk",
    ],
    due_columns: ["Frist", "Hva", "Beløp"],
    adviser: "Rådgiver",
    no_ties: "Ingen har erklært seg inhabil for en kommune.",
    db_or_server: "--db og --server kan ikke brukes sammen: velg databasefilen eller tjeneren.",
};

static HELP: CliHelp = CliHelp {
    about: "Behandle søknader om stimuleringsmidler fra læringsnettverk i barnevernet.\n\
            Uten kommando åpnes behandlingsskjermen.",
    template: "{about}\n\nBruk: {usage}\n\n{all-args}{after-help}",
    subcommand_template: "{about}\n\nBruk: {usage}\n\n{all-args}{after-help}",
    commands_heading: "Kommandoer",
    arguments_heading: "Argumenter",
    options_heading: "Valg",
    help_flag: "Vis hjelp",
    version_flag: "Vis versjon",
    entries: &[
        (
            ".db",
            "Databasefil [standard: ~/.local/share/tilskudd/tilskudd.redb]",
        ),
        (
            ".server",
            "Bruk en kjørende `tilskudd serve` på denne socketen i stedet for en fil",
        ),
        (
            ".lang",
            "Språk for alt som vises: nb (bokmål), nn (nynorsk) eller en (engelsk)",
        ),
        (
            "*.reference",
            "Sakens referanse, som i søknaden (for eksempel INN-2022-001)",
        ),
        (
            "*.json",
            "Skriv ett JSON-dokument på stdout, og ikke noe annet",
        ),
        (
            "*.round",
            "Bare denne runden (id, for eksempel innlandet-2022)",
        ),
        ("*.files", "Filene som skal importeres"),
        ("*.reason", "Begrunnelsen"),
        ("*.pot", "Pottens id (se `tilskudd status`)"),
        ("*.check", "Vilkåret"),
        (
            "*.verdict",
            "Vurderingen: met (oppfylt), not-met (ikke oppfylt) eller na (ikke relevant)",
        ),
        (
            "*.outcome",
            "Utfallet: approve (innvilget), partial (delvis) eller reject (avslag)",
        ),
        ("*.state", "Statusen"),
        ("*.shell", "Skallet"),
        ("demo", "Lag en ny database med eksempeldata og åpne den"),
        ("import", "Importer register, runder eller søknader"),
        (
            "import.registry",
            "Kommuner (TOML eller CSV) og nettverk (TOML)",
        ),
        ("import.round", "Runder med potter (TOML)"),
        (
            "import.applications",
            "Søknader (JSON, eller CSV eller Excel .xlsx med én rad per søknad); alle filer i én transaksjon, alt eller ingenting",
        ),
        (
            "import.applications.replace",
            "La en endret søknad erstatte den lagrede (føres i historikken)",
        ),
        (
            "lookup",
            "Finn kommune, tidligere navn, nettverk eller person, og hvem som hører hvor",
        ),
        (
            "lookup.query",
            "Navn, nummer, tidligere navn, nettverks-id eller person; skrivefeil tilgis",
        ),
        (
            "status",
            "Per pott: ramme, tildelt, gjenstår; saker per status",
        ),
        ("status.round", "Bare denne runden"),
        ("list", "Sakene, én per linje"),
        ("list.round", "Bare denne runden"),
        ("list.state", "Bare saker med denne statusen"),
        (
            "show",
            "Én sak: søknad, vilkår, tildeling, innstilling, vedtak, historikk",
        ),
        ("show.reference", "Søknadens referanse"),
        (
            "check",
            "Registrer vurderingen av et vilkår (et automatisk vurdert vilkår kan bare overstyres med --note)",
        ),
        (
            "check.note",
            "Hvorfor; påkrevd for å overstyre et automatisk vurdert vilkår (- leser teksten fra standard inn)",
        ),
        (
            "check.pot",
            "Bare for vilkåret purpose (formål), som vurderes per pott: vurderingen gjelder da bare denne potten",
        ),
        ("allocate", "Sett beløpet fra én pott (0 fjerner det)"),
        (
            "allocate.amount",
            "Beløpet, slik folk skriver det: 450000, \"450 000\", \"kr 450 000,-\"",
        ),
        ("propose", "Skriv innstillingen"),
        (
            "propose.reason",
            "Begrunnelsen, slik brevet vil gi den (- leser teksten fra standard inn)",
        ),
        (
            "approve",
            "Gjør innstillingen til vedtak; når runden følger fireøyneprinsippet, må en annen enn den som innstilte, vedta",
        ),
        ("reopen", "Gjenåpne en vedtatt sak"),
        (
            "reopen.reason",
            "Hvorfor saken gjenåpnes (- leser teksten fra standard inn)",
        ),
        (
            "conflict",
            "Erklær deg selv inhabil i en sak, eller i alle saker med en kommune (--municipality), til du trekker det tilbake",
        ),
        (
            "conflict.reason",
            "Grunnlaget (forvaltningsloven § 6) (- leser teksten fra standard inn)",
        ),
        (
            "conflict.municipality",
            "Kommunenummeret: inhabil i alle saker kommunen er med i, i alle runder",
        ),
        (
            "conflict.withdraw",
            "Trekk tilbake inhabiliteten for kommunen (--municipality)",
        ),
        (
            "conflict.list",
            "Vis alle erklærte inhabiliteter for kommuner",
        ),
        (
            "letters",
            "Skriv tilskuddsbrev for vedtatte saker, på kommunens målform",
        ),
        ("letters.out", "Mappen brevene skrives til"),
        (
            "letters.format",
            "md (Markdown, standard), docx (Word, til redigering) eller pdf (PDF/A, til arkivet)",
        ),
        (
            "letters.kind",
            "decision (vedtaksbrev, standard), notice (varsel om tilbakebetaling), claim (krav om tilbakebetaling) eller reminder (påminnelse om sluttrapport)",
        ),
        (
            "archive-ref",
            "Sett sakens saksnummer i arkivet, som brevene viser som «Vår ref.»",
        ),
        (
            "archive-ref.number",
            "Saksnummeret i arkivet (for eksempel 2022/1234)",
        ),
        (
            "sent",
            "Registrer at vedtaksbrevene er sendt: sakene får status «brev sendt»",
        ),
        (
            "sent.references",
            "Bare disse sakene (ellers alle vedtatte saker i runden)",
        ),
        ("sent.date", "Datoen brevene ble sendt (standard: i dag)"),
        ("sent.journal", "Journalpostnummeret i arkivet"),
        (
            "pay",
            "Registrer en utbetaling av tilskuddet (standard: alt som ikke er utbetalt); saken får status «betalt» når alt er utbetalt",
        ),
        ("pay.amount", "Beløpet som ble utbetalt"),
        ("pay.date", "Datoen for utbetalingen [standard: i dag]"),
        (
            "report",
            "Registrer sluttrapport og regnskap med det som er brukt; saken får status «rapportert»",
        ),
        ("report.spent", "Beløpet som er brukt, etter regnskapet"),
        (
            "report.received",
            "Datoen rapporten kom inn [standard: i dag]",
        ),
        (
            "report.note",
            "Merknad til rapporten (- leser teksten fra standard inn)",
        ),
        (
            "claim",
            "Krev tilbake ubrukte eller feilbrukte midler (standard: utbetalt minus brukt)",
        ),
        ("claim.amount", "Beløpet som kreves tilbake"),
        (
            "claim.reason",
            "Begrunnelsen for kravet (- leser teksten fra standard inn)",
        ),
        ("repaid", "Registrer penger som er betalt tilbake"),
        ("repaid.amount", "Beløpet som er betalt tilbake"),
        ("repaid.date", "Datoen for innbetalingen [standard: i dag]"),
        ("extend", "Forleng fristen for å bruke midlene for én sak"),
        (
            "extend.until",
            "Den nye fristen (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
        ),
        (
            "extend.reason",
            "Hvorfor fristen forlenges (- leser teksten fra standard inn)",
        ),
        ("close", "Avslutt en rapportert sak som ikke skylder noe"),
        (
            "due",
            "Det som forfaller: utbetalinger, sluttrapporter, tilbakebetalinger og frister for bruk",
        ),
        ("due.days", "Ta med det som forfaller innen så mange dager"),
        (
            "overview",
            "Hele runden: hvor pengene gikk per nettverk og kommune, og hvilke kommuner som ikke er med i noen innvilget søknad",
        ),
        ("overview.by", "Vis bare nettverk eller bare kommuner"),
        (
            "annual",
            "Årsrapporten til Bufdir: søkt, innvilget, utbetalt, brukt, tilbakebetalt og ubrukt per fylke, pott, nettverk, kommune og tema",
        ),
        ("annual.year", "Året rundene gjelder"),
        ("annual.format", "csv, json eller xlsx (Excel, med --out)"),
        ("annual.out", "Filen det skrives til [standard: skjermen]"),
        (
            "theme",
            "Registrer sakens temaer (prosjekttyper fra retningslinjene); uten temaer vises de registrerte",
        ),
        (
            "theme.themes",
            "Temaene, for eksempel methods foster-home-recruitment (se `tilskudd theme REF`)",
        ),
        ("theme.clear", "Fjern alle temaene"),
        (
            "priority",
            "Merk en kommune for særskilt oppmerksomhet (behov for kvalitetsutvikling), eller fjern merkingen",
        ),
        ("priority.municipality", "Kommunenummeret"),
        ("priority.note", "Hvorfor"),
        ("priority.clear", "Fjern merkingen"),
        ("priority.list", "Vis de merkede kommunene"),
        (
            "export",
            "Vedtak og beløp for regnskap og arkiv, én rad per sak og pott",
        ),
        ("export.format", "csv, json eller xlsx (Excel, med --out)"),
        ("export.out", "Filen det skrives til [standard: skjermen]"),
        (
            "export.delimiter",
            "Skilletegn i CSV (for eksempel ';' for norske regneark)",
        ),
        ("audit", "Hendelsesloggen: hvem, når, hva, før og etter"),
        ("audit.verify", "Kontroller at loggen er hel og uendret"),
        (
            "undo",
            "Angre din siste endring i saken (vilkårsvurdering, tildeling eller innstilling), om ingen andre har endret den siden",
        ),
        ("undo.reference", "Søknadens referanse"),
        (
            "approve.proposal",
            "Nummeret på innstillingen du har lest (fra `show`); avvist om den er en annen nå",
        ),
        (
            "audit.expect",
            "Siste hash slik den ble notert et annet sted; avvist om loggen nå slutter annerledes",
        ),
        (
            "dev.repair",
            "Regn ut alle summer på nytt fra sakene (etter en eldre versjon eller skade)",
        ),
        (
            "serve",
            "Tjeneren for flere saksbehandlere: eier databasen, svarer på en Unix-socket",
        ),
        (
            "serve.socket",
            "Socketen klientene kobler til (--server); gruppen til mappen avgjør hvem som slipper inn",
        ),
        (
            "serve.max_connections",
            "Høyst så mange tilkoblinger i alt (en behandlingsskjerm bruker to)",
        ),
        (
            "serve.max_per_user",
            "Høyst så mange tilkoblinger fra én bruker",
        ),
        (
            "serve.idle_timeout",
            "Lukk en tilkobling som ikke har sendt noe på så mange sekunder (klienten kobler til igjen)",
        ),
        (
            "serve.handshake_timeout",
            "Sekunder en ny tilkobling har på å hilse",
        ),
        (
            "users",
            "Hvem som kan bruke tjeneren, og til hva (bare administrator)",
        ),
        (
            "users.add",
            "Gi et påloggingsnavn tilgang, eller endre rollen",
        ),
        ("users.add.login", "Påloggingsnavnet på maskinen"),
        (
            "users.add.role",
            "reviewer (saksbehandler), approver (også vedtak) eller admin (også import, brukere, brev, eksport)",
        ),
        ("users.add.name", "Fullt navn, som brevene signeres med"),
        (
            "users.add.title",
            "Tittel under navnet i brevene («rådgiver»)",
        ),
        (
            "users.set",
            "Navn og tittel en bruker signerer brev med (tom tittel fjerner den)",
        ),
        ("users.set.login", "Påloggingsnavnet"),
        ("users.set.name", "Fullt navn, som brevene signeres med"),
        (
            "users.set.title",
            "Tittel under navnet i brevene («rådgiver»)",
        ),
        ("users.list", "Brukerne og rollene deres"),
        ("users.remove", "Ta bort en brukers tilgang"),
        ("users.remove.login", "Påloggingsnavnet"),
        ("dev", "Utviklerverktøy"),
        (
            "dev.generate",
            "Lag syntetiske, realistiske data i valgfri mengde",
        ),
        ("dev.generate.networks", "Antall nettverk"),
        ("dev.generate.applications", "Antall søknader"),
        (
            "dev.generate.seed",
            "Frø for tilfeldighetene (samme frø gir samme data)",
        ),
        (
            "dev.generate.out",
            "Skriv filene til denne mappen i stedet for å importere dem",
        ),
        ("dev.stats", "Hvor databasens bytes går, per tabell"),
        ("dev.compact", "Gi tilbake plassen filen ikke lenger bruker"),
        ("completions", "Skriv ut skallkomplettering"),
        ("man", "Skriv ut manualsiden (roff)"),
    ],
};

fn money(m: crate::domain::Money) -> String {
    m.to_string()
}

impl Texts for Bokmal {
    fn lang(&self) -> super::Lang {
        super::Lang::Nb
    }

    fn labels(&self) -> &'static Labels {
        &LABELS
    }

    fn state(&self, state: CaseState) -> &'static str {
        match state {
            CaseState::Received => "mottatt",
            CaseState::UnderReview => "under behandling",
            CaseState::Proposed => "innstilt",
            CaseState::Decided => "vedtatt",
            CaseState::LetterSent => "brev sendt",
            CaseState::Paid => "betalt",
            CaseState::Reported => "rapportert",
            CaseState::Closed => "avsluttet",
        }
    }

    fn verdict(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::Met => "oppfylt",
            Verdict::NotMet => "ikke oppfylt",
            Verdict::Na => "ikke relevant",
            Verdict::Unchecked => "ikke vurdert",
        }
    }

    fn outcome(&self, outcome: Outcome) -> &'static str {
        match outcome {
            Outcome::Approve => "innvilget",
            Outcome::Partial => "delvis innvilget",
            Outcome::Reject => "avslått",
        }
    }

    fn theme(&self, theme: crate::domain::Theme) -> &'static str {
        use crate::domain::Theme;
        match theme {
            Theme::NewMeasures => "Nye hjelpetiltak",
            Theme::Methods => "Metoder og verktøy",
            Theme::Leadership => "Lederutvikling og veiledningsfora",
            Theme::Minorities => "Minoriteter i barnevernet",
            Theme::SharedServices => "Felles tilbud (barnevernsvakt, fosterhjemsoppfølging)",
            Theme::Cooperation => "Samarbeid med andre tjenester",
            Theme::FosterHomeGuidance => "Veiledning av fosterforeldre og fosterbarn",
            Theme::FosterHomeRecruitment => "Rekruttering av fosterhjem",
            Theme::FamilyNetworkRecruitment => "Fosterhjem i slekt og nettverk",
        }
    }

    fn check(&self, check: CheckId) -> &'static str {
        match check {
            CheckId::Deadline => "Sendt innen fristen",
            CheckId::Network => "Registrert læringsnettverk i fylket",
            CheckId::Members => "Alle kommunene er medlemmer av nettverket",
            CheckId::Amount => "Søknadsbeløp positivt og innenfor potten",
            CheckId::Plan => "Plan for kompetanse- og kvalitetsutvikling",
            CheckId::Anchoring => "Forankret i ledelsen i hver kommune",
            CheckId::Form => "Fastsatt skjema med prosjektplan",
            CheckId::Partner => "Samarbeider med et kompetansemiljø",
            CheckId::Purpose => "Passer pottens formål",
            CheckId::Costs => {
                "Utviklingskostnader (for eksempel prosjektstillinger, ekstern kompetanse), ikke ordinær drift"
            }
        }
    }

    fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Contact => "kontaktperson",
            Role::Management => "ledelse",
            Role::Participant => "deltaker",
            Role::Leader => "leder",
            Role::Coordinator => "koordinator",
        }
    }

    fn date(&self, date: NaiveDate) -> String {
        norwegian_date(date)
    }

    fn datetime(&self, at: DateTime<Utc>) -> String {
        norwegian_datetime(at)
    }

    fn flag(&self, flag: &crate::domain::Flag) -> String {
        match flag {
            crate::domain::Flag::PeriodPastUseBy { period_end, use_by } => format!(
                "Prosjektperioden går til {}, men midlene må være brukt innen {}. Et tilskudd bør nevne det i vilkårene.",
                self.date(*period_end),
                self.date(*use_by)
            ),
            crate::domain::Flag::SingleMunicipality => "Bare én kommune: ordningen skal først og fremst fremme samarbeid på tvers av kommunegrenser.".into(),
        }
    }

    fn import_warning(&self, warning: &crate::import::ImportError) -> String {
        let place = super::import_place(warning, ["rad", "kolonnen", "feltet"]);
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
                "sendt {}, innen fristen {}",
                self.datetime(*submitted),
                last_day(deadline_end)
            ),
            Finding::SubmittedLate {
                submitted,
                deadline_end,
            } => format!(
                "sendt {}, etter fristen {}",
                self.datetime(*submitted),
                last_day(deadline_end)
            ),
            Finding::NetworkRegistered { network, county } => {
                format!("{network} er registrert i {county}")
            }
            Finding::NetworkUnknown { network } => {
                format!("{network} er ikke et registrert nettverk")
            }
            Finding::NetworkOtherCounty {
                network,
                county,
                round_county,
            } => {
                format!("{network} hører til {county}, ikke {round_county}")
            }
            Finding::AllMembers { count: 1 } => "kommunen er medlem".into(),
            Finding::AllMembers { count } => format!("alle {count} kommunene er medlemmer"),
            Finding::NotMembers { municipalities } => {
                format!(
                    "ikke medlemmer av nettverket: {}",
                    municipalities.join(", ")
                )
            }
            Finding::MembersUnknownNetwork => "nettverket er ikke registrert".into(),
            Finding::AmountsWithinPots => "alle beløp er positive og innenfor potten".into(),
            Finding::AmountNotPositive { pot } => format!("ikke søkt noe fra {pot}"),
            Finding::AmountOverPotTotal { pot, amount, total } => {
                format!(
                    "søkt {} fra {pot}, som har en ramme på {}",
                    money(*amount),
                    money(*total)
                )
            }
            Finding::PotNotInRound { pot } => format!("runden har ingen pott {pot}"),
            Finding::NothingRequested => "ikke søkt om noe".into(),
            Finding::PartnerNamed { partner } => format!("kompetansemiljø: {partner}"),
            Finding::PartnerMissing { pots } => {
                format!(
                    "ikke oppgitt kompetansemiljø, som kreves for {}",
                    pots.join(", ")
                )
            }
            Finding::PartnerNotRequired => {
                "ingen av pottene det er søkt fra krever kompetansemiljø".into()
            }
        }
    }

    fn check_summary(&self, s: &CheckSummary) -> String {
        let mut text = format!("{}/{} oppfylt", s.met, s.total());
        if s.not_met > 0 {
            text.push_str(&format!(", {} ikke oppfylt", s.not_met));
        }
        if s.unchecked > 0 {
            text.push_str(&format!(", {} åpne", s.unchecked));
        }
        if s.na > 0 {
            text.push_str(&format!(", {} ikke relevant", s.na));
        }
        text
    }

    fn case_counts(&self, counts: &[(CaseState, u64)]) -> String {
        if counts.is_empty() {
            return "ingen saker".into();
        }
        let parts: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("{n} {}", self.state(*s)))
            .collect();
        join_list(&parts, "og")
    }

    // One flat arm per kind of event: a table to read, not logic to split.
    #[allow(clippy::too_many_lines)]
    fn change(&self, change: &Change) -> String {
        match change {
            Change::Imported { replaced: false }
            | Change::Received {
                replaced: false, ..
            } => "søknad importert".into(),
            Change::Imported { replaced: true } | Change::Received { replaced: true, .. } => {
                "søknad erstattet av en ny versjon".into()
            }
            Change::Undone { seq } => format!("angret endring nr. {seq}:"),
            Change::TotalsRebuilt { cases } => {
                format!("summene regnet ut på nytt fra {cases} saker")
            }
            Change::RoundChanged {
                before: None,
                after,
            } => {
                format!("runde {} importert", after.id)
            }
            Change::RoundChanged {
                before: Some(before),
                after,
            } => self.round_changed(before, after),
            Change::StateChanged { from, to } => {
                format!("status {} → {}", self.state(*from), self.state(*to))
            }
            Change::CheckRecorded {
                check,
                before,
                after,
            } => {
                let before = before
                    .as_ref()
                    .map_or("ikke vurdert", |b| self.verdict(b.verdict));
                let note = after
                    .note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                format!(
                    "vilkår {check}: {before} → {}{note}",
                    self.verdict(after.verdict)
                )
            }
            Change::Allocated { pot, before, after } => {
                format!("{pot}: {} → {}", money(*before), money(*after))
            }
            Change::Proposed { after, .. } => {
                format!(
                    "innstilt: {} ({})",
                    self.outcome(after.outcome),
                    after.reason
                )
            }
            Change::ProposalWithdrawn { proposal } => {
                format!("innstillingen fra {} trukket tilbake", proposal.by)
            }
            Change::Decided { decision } => format!(
                "vedtatt: {}{} etter innstilling fra {} ({})",
                self.outcome(decision.outcome),
                amounts_text(&decision.amounts),
                decision.proposed_by,
                decision.reason
            ),
            Change::Reopened { reason, .. } => format!("gjenåpnet: {reason}"),
            Change::ConflictDeclared { reason } => format!("inhabilitet erklært: {reason}"),
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
                    "register importert: {municipalities} kommuner og {networks} nettverk nye eller endret"
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
                    .map_or("ikke vurdert", |b| self.verdict(b.verdict));
                match after {
                    Some(after) => {
                        let note = after
                            .note
                            .as_deref()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default();
                        format!(
                            "vilkår {check} for potten {pot}: {before} → {}{note}",
                            self.verdict(after.verdict)
                        )
                    }
                    None => format!("vilkår {check} for potten {pot}: {before} tatt tilbake"),
                }
            }
            Change::CheckCleared { check, before } => {
                format!(
                    "vilkår {check}: {} tatt tilbake",
                    self.verdict(before.verdict)
                )
            }
            Change::CaseDetailsChanged { before, after } => super::details_change(
                ["vår referanse", "søkerens referanse", "betales til"],
                before,
                after,
            ),
            Change::RoundTermsChanged { round, after, .. } => format!(
                "runde {}",
                super::terms_line(
                    ["avsender", "fylker", "rapportfrist", "ingen egne vilkår"],
                    round,
                    after,
                    &|d| self.date(d)
                )
            ),
            Change::TieDeclared {
                municipality,
                reason,
            } => {
                format!("erklærte seg inhabil for alle saker med kommune {municipality}: {reason}")
            }
            Change::TieWithdrawn {
                municipality,
                reason,
            } => match reason {
                Some(reason) => {
                    format!("trakk tilbake inhabiliteten for kommune {municipality}: {reason}")
                }
                None => format!("trakk tilbake inhabiliteten for kommune {municipality}"),
            },
            Change::TextFolded { fields } => format!(
                "linjeskift eller kontrolltegn fjernet fra {}",
                fields
                    .iter()
                    .map(|(field, original)| format!("{field} (originalt: {original:?})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Change::Paid { amount, date } => {
                format!("utbetalt {} den {}", money(*amount), self.date(*date))
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
                    "sluttrapport og regnskap mottatt {}, brukt {}{note}",
                    self.date(*received),
                    money(*spent)
                )
            }
            Change::Claimed { amount, reason } => {
                format!("krav om tilbakebetaling av {}: {reason}", money(*amount))
            }
            Change::Repaid { amount, date } => {
                format!("tilbakebetalt {} den {}", money(*amount), self.date(*date))
            }
            Change::ThemesSet { before, after } => {
                let list = |themes: &[crate::domain::Theme]| {
                    if themes.is_empty() {
                        return "ingen".to_string();
                    }
                    themes
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("temaer: {} → {}", list(before), list(after))
            }
            Change::PriorityFlagged { municipality, note } => {
                let note = note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                format!("kommune {municipality} merket for særskilt oppmerksomhet{note}")
            }
            Change::PriorityCleared { municipality } => {
                format!("kommune {municipality}: merkingen for særskilt oppmerksomhet er fjernet")
            }
            Change::Extended { until, reason } => {
                format!(
                    "fristen for å bruke midlene forlenget til {}: {reason}",
                    self.date(*until)
                )
            }
            Change::OfficialNamed { login, after, .. } => match &after.title {
                Some(title) => format!("{login} signerer som {}, {title}", after.name),
                None => format!("{login} signerer som {}", after.name),
            },
            Change::LetterDispatched {
                form,
                date,
                journal,
            } => {
                let journal = journal
                    .as_deref()
                    .map(|j| format!(", journalpost {j}"))
                    .unwrap_or_default();
                format!("vedtaksbrev sendt ({form}) {}{journal}", self.date(*date))
            }
            Change::LetterSent { form, date } => {
                format!(
                    "tilskuddsbrev skrevet ({form}), datert {}",
                    self.date(*date)
                )
            }
            Change::UserAdded {
                login,
                role,
                before: None,
            } => format!("{login} lagt til som {}", self.user_role(*role)),
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
                format!("{login} ({}) fjernet", self.user_role(*role))
            }
            Change::RoundImported { round, replaced } => {
                if *replaced {
                    format!("runde {round} oppdatert")
                } else {
                    format!("runde {round} importert")
                }
            }
        }
    }

    fn import_summary(&self, what: ImportKind, s: &ImportSummary) -> String {
        let noun = match what {
            ImportKind::Registry => "registeroppføringer",
            ImportKind::Rounds => "runder",
            ImportKind::Applications => "søknader",
        };
        format!(
            "Importerte {noun}: {} nye, {} endret, {} fantes fra før uendret.",
            s.added, s.changed, s.unchanged
        )
    }

    fn amount_error(&self, input: &str, error: &AmountError) -> String {
        let why = match error {
            AmountError::Empty => "det står ikke noe tall der".to_string(),
            AmountError::Words(word) => {
                format!("«{word}» er ikke et tall; skriv sifre, for eksempel 450 000")
            }
            AmountError::InvalidCharacter(c) => {
                format!("«{}» hører ikke hjemme i et beløp", c.escape_debug())
            }
            AmountError::Ambiguous => {
                let (whole, decimal) = super::ambiguous_readings(input);
                format!(
                    "komma fulgt av tre sifre kan bety tusen eller desimaler; skriv {whole} eller {decimal}"
                )
            }
            AmountError::TooManyDecimals => "mer enn to desimaler; øre er minste enhet".into(),
            AmountError::BadGrouping => "sifrene grupperes tre og tre: 1 100 000".into(),
            AmountError::Malformed => {
                "skilletegnene står feil; skriv for eksempel 450 000 eller 450000,50".into()
            }
            AmountError::TooLarge => "det er større enn 1 000 000 000 000 kr".into(),
            AmountError::Negative => "beløp kan ikke være negative".into(),
            AmountError::ZeroGroup => "en første gruppe med bare nuller gir ingen tusener; mente du øre, skriv for eksempel 0,05".into(),
            AmountError::DecimalNumber => {
                "et tall med desimaler eller eksponent i filen leses som flyttall og kan miste sifre; skriv beløp med øre som tekst i anførselstegn, for eksempel \"450 000,50\"".into()
            }
        };
        format!("«{}» er ikke et beløp: {why}", input.escape_debug())
    }

    fn screen_refusal(&self, r: &Refusal) -> Option<String> {
        Some(match r {
            Refusal::CaseClosed { reference, state } if state.is_after_payment() => format!(
                "{reference} har status «{}»: pengene er i bevegelse, og saken kan ikke endres eller gjenåpnes. Krev tilbake det som ikke skal brukes med `tilskudd claim`.",
                self.state(*state)
            ),
            Refusal::CaseClosed { reference, state } => format!(
                "{reference} har status «{}» og kan ikke endres. Trykk R for å gjenåpne saken først (en godkjenner kan det).",
                self.state(*state)
            ),
            Refusal::ReasonRequired => {
                "En begrunnelse er påkrevd: skriv den i feltet, og trykk Enter.".into()
            }
            Refusal::OverrideNeedsNote { check } => format!(
                "{check} er et automatisk vurdert vilkår; å overstyre det krever en merknad om hvorfor: skriv den i merknadsfeltet (Tab)."
            ),
            Refusal::ChecksNotPassed { reference, failing } => {
                let list = self.failing_checks(failing);
                format!(
                    "{reference} kan ikke innvilges: disse vilkårene er ikke oppfylt eller ikke vurdert ennå: {list}. Vurder dem med c, eller innstill på avslag med i."
                )
            }
            Refusal::OnlyPartialGrant {
                reference,
                failing,
                closed,
            } => {
                let list = self.failing_checks(failing);
                let closed = super::closed_pots(closed, "og ingenting fra", "og");
                format!(
                    "{reference} kan bare innvilges delvis: {list}. Sett lavere beløp med a{closed}, og innstill på delvis innvilgelse med i."
                )
            }
            Refusal::NoProposal { reference, state } => format!(
                "{reference} er {} og har ingen innstilling å vedta. Trykk i for å skrive en.",
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
                "{person} har erklært seg inhabil i {reference} og kan ikke behandle saken. En annen saksbehandler må ta den."
            ),
            Refusal::CaseClosed { reference, state } if state.is_after_payment() => format!(
                "{reference} har status «{}»: pengene er i bevegelse, og saken kan ikke endres eller gjenåpnes. Krev tilbake det som ikke skal brukes med `tilskudd claim`.",
                self.state(*state)
            ),
            Refusal::CaseClosed { reference, state } => format!(
                "{reference} har status «{}» og kan ikke endres. Gjenåpne saken først: tilskudd reopen {} --reason \"…\"",
                self.state(*state),
                super::shell_word(reference)
            ),
            Refusal::NotRequested {
                reference,
                pot,
                requested,
            } => format!(
                "{reference} har ikke søkt om midler fra potten {pot}. Den har søkt fra: {}.",
                requested.join(", ")
            ),
            Refusal::OverRequested {
                reference,
                pot,
                amount,
                requested,
            } => format!(
                "{} er mer enn de {} {reference} søkte om fra {pot}. Tildel høyst {}.",
                money(*amount),
                money(*requested),
                money(*requested)
            ),
            Refusal::PotOverdrawn {
                pot,
                amount,
                remaining,
            } => format!(
                "{} fra {pot} ville overskride potten: bare {} gjenstår. Tildel høyst det, eller senk en annen sak først.",
                money(*amount),
                money(*remaining)
            ),
            Refusal::OverrideNeedsNote { check } => format!(
                "{check} er et automatisk vurdert vilkår; å overstyre det krever en merknad om hvorfor: --note \"…\""
            ),
            Refusal::ReasonRequired => "En begrunnelse er påkrevd: --reason \"…\"".into(),
            Refusal::ChecksNotPassed { reference, failing } => {
                let list = self.failing_checks(failing);
                format!(
                    "{reference} kan ikke innvilges: disse vilkårene er ikke oppfylt eller ikke vurdert ennå: {list}. Registrer vurderingen med `tilskudd check`, eller innstill på avslag."
                )
            }
            Refusal::OnlyPartialGrant {
                reference,
                failing,
                closed,
            } => {
                let list = self.failing_checks(failing);
                let closed = super::closed_pots(closed, "og ingenting fra", "og");
                format!(
                    "{reference} kan bare innvilges delvis: {list}. Sett lavere beløp med `tilskudd allocate`{closed}, og innstill med `tilskudd propose {reference} partial`."
                )
            }
            Refusal::TiedToMunicipality {
                reference,
                person,
                municipality,
            } => format!(
                "{person} har erklært seg inhabil for saker med kommune {municipality}, som er med i {reference}, og kan ikke behandle saken. En kollega må ta den; inhabiliteten trekkes tilbake med `tilskudd conflict --withdraw --municipality {municipality}`."
            ),
            Refusal::TieAlreadyDeclared {
                person,
                municipality,
            } => format!("{person} har allerede erklært seg inhabil for kommune {municipality}."),
            Refusal::UnknownTheme { theme, known } => format!(
                "«{theme}» er ikke et tema. Temaene er: {}.",
                known.join(", ")
            ),
            Refusal::TiedPriority {
                person,
                municipality,
            } => format!(
                "{person} har erklært seg inhabil for kommune {municipality} og kan ikke merke den for særskilt oppmerksomhet eller fjerne merkingen. En kollega må gjøre det."
            ),
            Refusal::PriorityInRegistry { municipality } => format!(
                "Kommune {municipality} er merket for særskilt oppmerksomhet i registerfilen (needs_quality_development). Endre det i filen og importer registeret på nytt."
            ),
            Refusal::NotPrioritized { municipality } => format!(
                "Kommune {municipality} er ikke merket for særskilt oppmerksomhet, så det er ikke noe å fjerne. `tilskudd priority --list` viser de merkede."
            ),
            Refusal::NoTie {
                person,
                municipality,
            } => format!(
                "{person} har ingen erklært inhabilitet for kommune {municipality} å trekke tilbake. `tilskudd conflict --list` viser dem."
            ),
            Refusal::UnknownMunicipality { number } => format!(
                "Det finnes ingen kommune {number} i registeret. `tilskudd lookup NAVN` finner nummeret."
            ),
            Refusal::DateInFuture { date } => format!(
                "{} er fram i tid. Før det inn når det har skjedd, eller rett datoen.",
                self.date(*date)
            ),
            Refusal::BeforeDecision {
                reference,
                date,
                decided,
            } => format!(
                "{reference} ble vedtatt {}, etter {}. Sjekk datoen.",
                self.date(*decided),
                self.date(*date)
            ),
            Refusal::AmountZero => "Beløpet er null; oppgi et beløp større enn null.".into(),
            Refusal::WrongStateForFollowUp {
                reference,
                state,
                needed,
            } => format!(
                "{reference} har status «{}»; dette gjøres når saken har status {}.{}",
                self.state(*state),
                join_list(
                    &needed
                        .iter()
                        .map(|s| format!("«{}»", self.state(*s)))
                        .collect::<Vec<_>>(),
                    "eller"
                ),
                if *state == CaseState::Decided {
                    " Er vedtaksbrevet sendt, registrer det først med `tilskudd sent` (M i skjermbildet)."
                } else {
                    ""
                },
            ),
            Refusal::NothingUnpaid { reference, granted } if granted.is_zero() => {
                format!("{reference} fikk ikke tilskudd; det er ingenting å utbetale.")
            }
            Refusal::NothingUnpaid { reference, granted } => format!(
                "Alt som ble innvilget i {reference} ({}), er allerede utbetalt.",
                money(*granted)
            ),
            Refusal::OverGranted {
                reference,
                amount,
                unpaid,
            } => format!(
                "{} er mer enn de {} som gjenstår å utbetale i {reference}; det kan aldri utbetales mer enn innvilget.",
                money(*amount),
                money(*unpaid)
            ),
            Refusal::SpentOverGranted {
                reference,
                spent,
                granted,
            } => format!(
                "Brukt {} er mer enn de {} som ble innvilget i {reference}. Oppgi det som er brukt av tilskuddet.",
                money(*spent),
                money(*granted)
            ),
            Refusal::ClaimNeedsAmount { reference } => format!(
                "{reference} har ingen sluttrapport ennå, så det er ikke kjent hva som er ubrukt: oppgi beløpet med --amount."
            ),
            Refusal::OverClaimable {
                reference,
                amount,
                claimable,
            } => format!(
                "{} er mer enn de {} som kan kreves tilbake i {reference} (utbetalt, minus krav fra før).",
                money(*amount),
                money(*claimable)
            ),
            Refusal::OverOwed {
                reference,
                amount,
                owed,
            } if owed.is_zero() => format!(
                "{reference} skylder ingenting etter kravene (det er ikke registrert noe krav, eller alt er betalt tilbake), så {} kan ikke registreres som tilbakebetalt. Registrer kravet først: tilskudd claim {} --reason …",
                money(*amount),
                super::shell_word(reference)
            ),
            Refusal::OverOwed {
                reference,
                amount,
                owed,
            } => format!(
                "{} er mer enn de {} {reference} skylder etter kravene.",
                money(*amount),
                money(*owed)
            ),
            Refusal::NothingGranted { reference } => {
                format!("{reference} fikk ikke tilskudd; det er ingen frist å forlenge.")
            }
            Refusal::NotLater {
                reference,
                until,
                current,
            } => format!(
                "{} kan ikke bli ny frist for {reference} (fristen er nå {}): en forlengelse må være senere enn rundens frist, høyst ti år etter vedtaket, og en annen enn den som gjelder.",
                self.date(*until),
                self.date(*current)
            ),
            Refusal::StillOwed { reference, owed } => format!(
                "{reference} skylder fortsatt {}; registrer innbetalingen med `tilskudd repaid` før saken avsluttes.",
                money(*owed)
            ),
            Refusal::FollowUpStarted { reference } => format!(
                "{reference} har utbetalinger eller sluttrapport og kan ikke gjenåpnes; et nytt vedtak krever da krav om tilbakebetaling (`tilskudd claim`)."
            ),
            Refusal::Unclaimed { reference, unspent } => format!(
                "{reference} har fått utbetalt {} som ikke er brukt og ikke krevd tilbake; krev det tilbake med `tilskudd claim {reference} --reason …` før saken avsluttes.",
                money(*unspent)
            ),
            Refusal::SpentNotPaid { reference, unpaid } => format!(
                "{reference} har brukt {} mer enn som er utbetalt; registrer utbetalingen med `tilskudd pay {reference}` før saken avsluttes.",
                money(*unpaid)
            ),
            Refusal::OutcomeMismatch {
                reference,
                outcome,
                fits,
            } => format!(
                "Tildelingen i {reference} betyr «{}», ikke «{}». {}",
                self.outcome(*fits),
                self.outcome(*outcome),
                match fits {
                    Outcome::Reject => "Tildel et beløp først, eller innstill på avslag (reject).",
                    Outcome::Approve =>
                        "Alt det er søkt om er tildelt: innstill på innvilgelse (approve).",
                    Outcome::Partial =>
                        "Mindre enn søkt er tildelt: innstill på delvis innvilgelse (partial), eller tildel resten.",
                }
            ),
            Refusal::NoProposal { reference, state } => format!(
                "{reference} er {} og har ingen innstilling å vedta. Skriv en først: tilskudd propose {} …",
                self.state(*state),
                super::shell_word(reference)
            ),
            Refusal::FourEyes {
                reference,
                proposer,
            } => format!(
                "{proposer} innstilte i {reference}; runden følger fireøyneprinsippet (fire øyne), så en annen må fatte vedtaket."
            ),
            Refusal::AlreadySent { reference, sent } => format!(
                "{reference} er allerede registrert som sendt{}. Datoen og journalposten fra den gangen står; ingenting ble endret.",
                sent.map(|d| format!(" {}", self.date(d)))
                    .unwrap_or_default()
            ),
            Refusal::EmptyValue => "Verdien er tom; skriv den inn.".to_string(),
            Refusal::NameRequired => {
                "Et fullt navn er påkrevd: --name \"Fornavn Etternavn\".".to_string()
            }
            Refusal::NotOneLine => {
                "Teksten skal stå på én linje, uten linjeskift, kontrolltegn eller usynlige tegn."
                    .to_string()
            }
            Refusal::SignatoryUnnamed { login, reference } => format!(
                "Vedtaket i {reference} skal signeres av {login}, som ikke har noe navn registrert. Ingen brev ble skrevet. Registrer navn og tittel med `tilskudd users set {} --name \"Fullt navn\" --title \"rådgiver\"`.",
                super::shell_word(login)
            ),
            Refusal::NotInRound { reference, round } => format!(
                "{reference} hører ikke til runde {round}. Se rundens saker med `tilskudd list --round {round}`."
            ),
            Refusal::NotDecidedToSend { reference, state } => format!(
                "{reference} er {}, ikke vedtatt; det er ikke noe vedtaksbrev å sende ennå.",
                self.state(*state)
            ),
            Refusal::SentInFuture { date } => format!(
                "{} er fram i tid. Registrer brevene som sendt den dagen de går ut.",
                self.date(*date)
            ),
            Refusal::SentBeforeDecision {
                reference,
                date,
                decided,
            } => format!(
                "{reference} ble vedtatt {}, etter {}: et brev kan ikke være sendt før vedtaket. Sjekk datoen.",
                self.date(*decided),
                self.date(*date)
            ),
            Refusal::NotDecided { reference, state } => {
                format!(
                    "{reference} er {}, ikke vedtatt; det er ingenting å gjenåpne.",
                    self.state(*state)
                )
            }
            Refusal::NothingToUndo { reference, person } => format!(
                "{person} har ingen endring i {reference} som kan angres: bare en vilkårsvurdering, en tildeling eller en innstilling kan tas tilbake, og bare den siste."
            ),
            Refusal::ChangedByOther {
                reference,
                by,
                change,
            } => format!(
                "{by} har endret {reference} etter deg ({}), så din siste endring angres ikke. Se saken og gjør endringen for hånd om den fortsatt skal bort.",
                super::event_line(self, change)
            ),
            Refusal::AlreadyUndone { reference } => format!(
                "Din siste endring i {reference} var en angring. Gjør endringen på nytt om du vil ha den tilbake."
            ),
            Refusal::ProposalChanged {
                reference,
                expected,
                current,
            } => match current {
                Some(current) => format!(
                    "Innstillingen i {reference} er ikke lenger nr. {expected}, men nr. {current}. Se den nye (tilskudd show {}) før du vedtar.",
                    super::shell_word(reference)
                ),
                None => format!(
                    "{reference} har ingen innstilling nå, så nr. {expected} kan ikke vedtas. Se saken: tilskudd show {}",
                    super::shell_word(reference)
                ),
            },
            Refusal::AlreadyDeclared { reference, person } => {
                format!("{person} har allerede erklært seg inhabil i {reference}.")
            }
            Refusal::FileNamesClash {
                first,
                second,
                file,
            } => format!(
                "Brevene til {first} og {second} ville begge bli lagret som {file}, så ingen brev er skrevet eller merket sendt. Gi en av sakene en annen referanse (import --replace), og prøv igjen."
            ),
            Refusal::FileNameTooLong { reference, limit } => format!(
                "Referansen {reference} gir et filnavn på over {limit} byte, så ingen brev er skrevet eller merket sendt. Gi saken en kortere referanse."
            ),
            Refusal::TooMany { limit } => {
                format!("Mer enn {limit} på én gang; be om færre om gangen.")
            }
            Refusal::NotPerPot { check } => format!(
                "{check} vurderes for hele søknaden, ikke per pott; bare formål (purpose) vurderes per pott. Ta bort --pot."
            ),
            Refusal::PotNotRequested {
                reference,
                pot,
                requested,
            } => format!(
                "{reference} søker ikke om midler fra potten «{pot}». Velg en av pottene søknaden gjelder: {}.",
                requested.join(", ")
            ),
            Refusal::Unprintable { code } => format!(
                "Teksten har et tegn som ikke er tekst (U+{code:04X}), gjerne med fra en terminal eller en kopiert fil. Ingenting ble lagret; skriv teksten uten det."
            ),
            Refusal::UnprintableName { code } => format!(
                "Navnet du handler under (TILSKUDD_USER) har et tegn som ikke er tekst (U+{code:04X}). Ingenting ble gjort; sett TILSKUDD_USER til navnet ditt uten det."
            ),
            Refusal::TooLong { limit } => format!(
                "Teksten er lengre enn {limit} tegn. Kort den ned; en lang begrunnelse kan legges ved saken i arkivet og vises til."
            ),
            Refusal::InvalidLogin { login } => format!(
                "«{}» er ikke et brukernavn: bruk påloggingsnavnet på maskinen, med bare a–z, A–Z, 0–9, punktum, _, - og @ (ikke æøå, mellomrom eller usynlige tegn).",
                login.escape_debug()
            ),
            Refusal::NoSuchAccount { login } => format!(
                "«{login}» er ingen konto på denne maskinen (`getent passwd {login}` finner ingen). Sjekk stavemåten; kontoen må finnes før den kan få tilgang."
            ),
            Refusal::LastAdmin { login } => format!(
                "{login} er den siste administratoren og kan ikke fjernes eller settes ned. Gjør en annen til administrator først."
            ),
            Refusal::NoSuchUser { login } => {
                format!("{login} er ikke bruker av tjeneren. Se `tilskudd users list`.")
            }
            Refusal::Stale { reference, changes } => format!(
                "{reference} er endret siden du så den, så ingenting ble lagret. Se over saken og prøv igjen. Endringene:\n{}",
                super::stale_changes(self, changes, "til")
            ),
        }
    }

    // One flat arm per problem: a table to read, not logic to split.
    #[allow(clippy::too_many_lines)]
    fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::NotUtf8 { offset } => {
                format!("er ikke UTF-8-tekst (byte {offset}); lagre filen som UTF-8")
            }
            Problem::TooLarge { limit } => format!("er større enn {} MiB", limit / (1024 * 1024)),
            Problem::Syntax { line, column, what } => {
                let what = malformed(what);
                match (line, column) {
                    (Some(l), Some(c)) => format!("syntaksfeil på linje {l}, kolonne {c}: {what}"),
                    (Some(l), None) => format!("syntaksfeil på linje {l}: {what}"),
                    _ => format!("syntaksfeil: {what}"),
                }
            }
            Problem::NotWorkbook { words } => {
                let lead = "er ikke en Excel-arbeidsbok som kan leses; åpne den i Excel eller LibreOffice og lagre den som Excel-arbeidsbok (.xlsx)";
                match words {
                    Some(words) => format!("{lead}; Excel-leseren sier: {words}"),
                    None => lead.to_string(),
                }
            }
            Problem::UnknownFormat => "ukjent format; bruk .toml, .csv, .json eller .xlsx (et Excel-ark)".into(),
            Problem::CsvHeader { found } => {
                format!(
                    "overskriften må være number,name,county,former_names, eventuelt fulgt av official_name og org_number, ikke {found}"
                )
            }
            Problem::Missing => "mangler".into(),
            Problem::WrongType { expected } => format!(
                "må være {}",
                match expected.as_ref() {
                    "object" => "en tabell/et objekt",
                    "text" => "tekst",
                    "true/false" => "true eller false",
                    "whole number" => "et heltall",
                    "amount" => "et beløp",
                    "list" => "en liste",
                    other => other,
                }
            ),
            Problem::Empty => "er tomt".into(),
            Problem::DuplicateKey { key } => format!("nøkkelen «{key}» står to ganger"),
            Problem::TooLong { limit } => format!("er lengre enn de {limit} tegnene feltet kan ha"),
            Problem::TooMany { limit } => {
                format!("har flere enn de {limit} oppføringene listen kan ha")
            }
            Problem::TooManyValues { limit } => format!(
                "har flere enn de {limit} verdiene som kan leses på én gang; er det riktig fil? Del den opp om den er det"
            ),
            Problem::ControlCharacters => {
                "inneholder linjeskift eller andre kontrolltegn; skriv det på én linje".into()
            }
            Problem::Folded => "linjeskift og tabulatorer er byttet med mellomrom og andre kontrolltegn fjernet; originalen står i historikken".into(),
            Problem::UnknownColumn => format!(
                "er ikke en kolonne i søknadstabellen (feilstavet?); kolonnene er {} og én amount_<pott> per pott",
                crate::import::TABLE_COLUMNS.join(", ")
            ),
            Problem::UnknownField => "er ikke et felt i dette formatet (feilstavet?)".into(),
            Problem::InvalidDate { value } => {
                format!("«{value}» er ikke en dato; skriv ÅÅÅÅ-MM-DD")
            }
            Problem::InvalidDateTime { value } => {
                format!(
                    "«{value}» er ikke et tidspunkt; skriv for eksempel 2021-07-30T13:45:00+02:00"
                )
            }
            Problem::InvalidAmount { value, error } => self.amount_error(value, error),
            Problem::InvalidMunicipalityNumber { value } => {
                format!("«{value}» er ikke et kommunenummer (fire sifre, for eksempel 4622)")
            }
            Problem::InvalidChoice { value, allowed } => {
                format!("«{value}» er ikke en av {}", allowed.join(", "))
            }
            Problem::OutOfRange { value, min, max } => format!("{value} er utenfor {min}–{max}"),
            Problem::ExtraValues { values, columns } => format!(
                "har {values} verdier, men overskriften har bare {columns} kolonner; fjern det som står etter den siste, eller gi det en kolonne i overskriften"
            ),
            Problem::PeriodReversed => "perioden slutter før den begynner".into(),
            Problem::Duplicate { id } => format!("{id} står to ganger i denne importen"),
            Problem::NotAMember { number } => {
                format!("{number} er i styringsgruppen, men ikke medlem")
            }
            Problem::UnknownRound { id, known } => format!(
                "det finnes ingen runde {id}; importer den først med `tilskudd import round` (kjente: {})",
                if known.is_empty() {
                    LABELS.none.to_string()
                } else {
                    known.join(", ")
                }
            ),
            Problem::UnknownNetwork { id } => {
                format!(
                    "det finnes ikke noe nettverk {id}; importer det først med `tilskudd import registry`"
                )
            }
            Problem::UnknownMunicipality { number } => {
                format!(
                    "det finnes ingen kommune {number}; importer den først med `tilskudd import registry`"
                )
            }
            Problem::UnknownPot { pot, round, known } => {
                format!(
                    "runden {round} har ingen pott {pot} (den har: {})",
                    known.join(", ")
                )
            }
            Problem::ExistsDifferent { reference } => format!(
                "{reference} finnes allerede med annet innhold; legg til --replace for å erstatte den"
            ),
            Problem::ReplaceClosed { reference } => format!(
                "{reference} har innstilling eller vedtak og kan ikke erstattes; gjenåpne den først"
            ),
            Problem::ReplaceBelowAllocation { reference, pot } => format!(
                "den nye versjonen av {reference} søker mindre fra {pot} enn det som er tildelt; senk tildelingen først"
            ),
            Problem::PotBelowAllocated { pot } => {
                format!("potten {pot} ville bli mindre enn det som allerede er tildelt fra den")
            }
            Problem::ReplaceMovesAllocations { reference, round } => format!(
                "den nye versjonen flytter {reference} til runden {round}, men saken har tildelinger; sett dem til 0 først"
            ),
            Problem::ReplaceConflicted { reference, person } => format!(
                "{person} har meldt inhabilitet i {reference} og kan ikke erstatte søknaden; be en kollega gjøre det"
            ),
            Problem::FourEyesWhileProposed { round, cases } => format!(
                "runden {round} krever to personer (four_eyes), og {} venter på vedtak med innstilling gitt under den regelen ({}); fatt vedtak eller trekk innstillingene før four_eyes slås av",
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
                format!(" Mente du {}?", join_list(s, "eller"))
            }
        };
        match n {
            NotFound::Case {
                reference,
                suggestions,
            } => format!(
                "Det finnes ingen sak «{reference}».{} `tilskudd list` viser alle.",
                did_you_mean(suggestions)
            ),
            NotFound::RoundsOfYear { year, known } => {
                let mut years = known.clone();
                years.sort_unstable();
                years.dedup();
                let years: Vec<String> = years.iter().map(ToString::to_string).collect();
                if years.is_empty() {
                    format!(
                        "Det finnes ingen runde for {year}. Importer en med `tilskudd import round FIL`."
                    )
                } else {
                    format!(
                        "Det finnes ingen runde for {year}. Det finnes runder for: {}.",
                        years.join(", ")
                    )
                }
            }
            NotFound::Round { id, known } => format!(
                "Det finnes ingen runde «{id}». {}",
                if known.is_empty() {
                    "Importer en med `tilskudd import round FIL`.".to_string()
                } else {
                    format!("Kjente runder: {}.", known.join(", "))
                }
            ),
            NotFound::Pot { round, pot, known } => {
                format!(
                    "Runden {round} har ingen pott {pot}. Pottene: {}.",
                    known.join(", ")
                )
            }
            NotFound::Lookup { query, suggestions } => {
                format!("Ingen treff på «{query}».{}", did_you_mean(suggestions))
            }
            NotFound::NoRounds => LABELS.no_rounds.into(),
        }
    }

    fn store_error(&self, e: &StoreError) -> String {
        match e {
            StoreError::NotTilskudd { path } => format!(
                "{} er ikke en tilskudd-database. Filen er ikke rørt; oppgi en annen fil med --db.",
                path.display()
            ),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "{} er skrevet av en nyere tilskudd (skjema {found}; denne kjenner {supported}). Filen er ikke rørt; oppgrader tilskudd.",
                path.display()
            ),
            StoreError::Missing { path } => format!(
                "Databasen {} finnes ikke. Arbeider du på en felles tjener, sett TILSKUDD_SERVER eller `server` i /etc/tilskudd/config.toml; ellers importer data med `tilskudd import`, kjør `tilskudd demo`, eller oppgi riktig fil med --db.",
                path.display()
            ),
            StoreError::Busy { path } => format!(
                "{} er i bruk av en annen prosess, kanskje en `tilskudd serve`. Kjører en tjener på den, så bruk --server SOCKET; ellers prøv igjen om litt.",
                path.display()
            ),
            StoreError::Io { path, message } => {
                format!("Kan ikke bruke {}: {}.", path.display(), os_nb(message))
            }
            StoreError::DiskFull { path } => format!(
                "Disken der {} ligger, er full. Ingenting ble lagret, og det som var lagret fra før, er uendret. Frigjør plass og prøv igjen.",
                path.display()
            ),
            StoreError::Planted { path, owner } => format!(
                "{} finnes allerede, {}: en ny database lages ikke der, for andre kunne lese eller endre den. Velg en annen fil med --db, eller fjern den som ligger der om den er din.",
                path.display(),
                owner.map_or_else(
                    || "som en lenke".to_string(),
                    |uid| format!("tom og eid av en annen bruker (uid {uid})")
                )
            ),
            StoreError::Exposed { path, how } => {
                let path = path.display();
                match how {
                    crate::store::Exposure::WritableByAll => format!(
                        "{path} kan endres av alle brukere på maskinen, så det som står i den, kan ikke stoles på. Ingenting ble lest eller lagret. Er filen din, så steng den for andre med `chmod o-w {path}`; ellers bruk en annen fil med --db."
                    ),
                    crate::store::Exposure::OwnedByAnotherInOpenFolder { owner } => format!(
                        "{path} (eller en mappe på veien dit) ligger i en mappe alle kan skrive i, og eies av en annen bruker (uid {owner}): den kan være lagt der for at du skal bruke den. Ingenting ble lest eller lagret. Bruk en database i en mappe som er din, med --db."
                    ),
                    crate::store::Exposure::ReplaceableByAll => format!(
                        "{path} (eller en mappe på veien dit) ligger i en mappe der alle kan bytte ut filer, så det som står i den, kan ikke stoles på. Ingenting ble lest eller lagret. Flytt databasen til en mappe som er din, og bruk den med --db."
                    ),
                }
            }
            StoreError::ReadOnly { path } => format!(
                "{} ligger på en disk som bare kan leses. Ingenting ble lagret. Bruk en fil på en disk det kan skrives til.",
                path.display()
            ),
            StoreError::Corrupt { what } => format!(
                "Lagrede data kunne ikke leses ({what}); filen kan være skadet. Hent den fra sikkerhetskopi."
            ),
            StoreError::Database(message) => format!("Databasefeil: {message}."),
            StoreError::Poisoned { .. } => {
                "Databasen må åpnes på nytt etter en feil ved skriving; tjeneren starter på nytt av seg selv under systemd. Prøv igjen om litt.".to_string()
            }
        }
    }

    fn error(&self, e: &Error) -> String {
        match e {
            Error::Refused(r) => self.refusal(r),
            Error::Import(i) => {
                let place = super::import_place(i, ["rad", "kolonnen", "feltet"]);
                format!(
                    "{place}: {}. Ingenting ble importert.",
                    self.problem(&i.problem)
                )
            }
            Error::Store(s) => self.store_error(s),
            Error::NotFound(n) => self.not_found(n),
            Error::Amount { input, error } => format!("{}.", self.amount_error(input, error)),
            Error::EmptyQuery => {
                "Oppgi et navn, nummer, nettverk eller en person å slå opp.".into()
            }
            Error::Server(problem) => server_problem(problem),
            Error::UnknownUser { login, admins } => format!(
                "{login} er ikke bruker av denne tjeneren. Be {} legge deg til: tilskudd users add {login} --role reviewer",
                if admins.is_empty() {
                    "en administrator".to_string()
                } else {
                    join_list(admins, "eller")
                }
            ),
            Error::Forbidden { login, role, needs } => format!(
                "{login} er {} og kan ikke gjøre dette; det krever rollen {}. Be en administrator om det, eller om rollen.",
                self.user_role(*role),
                self.user_role(*needs)
            ),
            Error::Output { path, message } => {
                format!("Kan ikke skrive {path}: {}.", os_nb(message))
            }
            Error::Config { path, message } => format!(
                "Systemoppsettet {path} er feil: {message}. Det kan bare ha `server = \"/sti/til/socket\"`; be administratoren rette det."
            ),
            Error::Internal { message } => format!(
                "Noe gikk galt inne i tilskudd ({message}). Det som var i gang, ble ikke lagret. Databasefilen kan være skadet: kjør `tilskudd audit --verify`, hent filen fra sikkerhetskopi om den er det, og meld fra."
            ),
            Error::ChainBroken(broken) => match broken {
                crate::store::Break::Altered { seq } => format!(
                    "Hendelsesloggen er brutt ved hendelse {seq}: innholdet er endret etter at det ble skrevet. Hent databasen fra sikkerhetskopi og meld fra."
                ),
                crate::store::Break::Missing { seq } => format!(
                    "Hendelsesloggen er brutt: hendelse {seq} mangler. Hent databasen fra sikkerhetskopi og meld fra."
                ),
                crate::store::Break::Truncated { head, last } => format!(
                    "Hendelsesloggen er brutt: den slutter ved hendelse {last}, men det er ført {head}. Hent databasen fra sikkerhetskopi og meld fra."
                ),
            },
            Error::StateDiffers(m) => format!(
                "Lagret tilstand stemmer ikke med hendelsesloggen: {}, {}: loggen sier {}, lagret er {}. Er det bare summene, kjør `tilskudd dev repair`; ellers hent databasen fra sikkerhetskopi og meld fra.",
                m.subject, m.field, m.log, m.stored
            ),
            Error::HeadDiffers { head, expected } => format!(
                "Hendelsesloggen slutter ikke med den hashen som ble notert: siste hash er {head}, ventet {expected}. Loggen er endret eller byttet ut siden; hent databasen fra sikkerhetskopi og meld fra."
            ),
            Error::BadDate { input } => format!(
                "«{}» er ikke en dato: skriv den som 2021-09-01 eller 01.09.2021.",
                crate::domain::text::safe_line(input)
            ),
            Error::BadDelimiter { delimiter } => format!(
                "«{delimiter}» kan ikke skille kolonner; bruk ett tegn som ; , eller tabulator."
            ),
            Error::BinaryToTerminal => "Et Excel-ark kan ikke skrives til terminalen; oppgi en fil med --out, for eksempel --out eksport.xlsx.".into(),
            Error::NotATerminal => {
                "Behandlingsskjermen trenger en terminal. Bruk kommandoene (`tilskudd --help`) i skript.".into()
            }
            Error::DemoNotEmpty { path } => format!(
                "{path} inneholder andre data enn eksemplene; demo blander ikke eksempler inn i ekte arbeid. Oppgi en ny fil med --db, eller utelat --db."
            ),
            Error::ReadFile {
                path,
                missing: true,
                ..
            } => {
                format!(
                    "Finner ikke filen {path}. Sjekk navnet og mappen; ingenting ble importert."
                )
            }
            Error::ReadFile { path, message, .. } => {
                format!("Kan ikke lese {path} ({}); ingenting ble importert.", os_nb(message))
            }
        }
    }

    fn nothing_changed(&self) -> &'static str {
        "Ingenting endret: det var slik allerede."
    }

    fn demo_ready(&self, path: &str) -> String {
        format!("Demodatabase klar: {path}")
    }

    fn cli_help(&self) -> &'static CliHelp {
        &HELP
    }

    fn tui(&self) -> &'static super::TuiTexts {
        &super::tui::NB
    }

    fn letters_written(&self, count: usize, unsent: usize, dir: &str, round: &str) -> String {
        let mut text = format!("Skrev {count} brev til {dir}.");
        if unsent > 0 {
            let they = if unsent == 1 {
                "Ett av dem".to_string()
            } else {
                format!("{unsent} av dem")
            };
            text.push_str(&format!(
                " {they} er ikke registrert som sendt: når brevene er sendt, registrer det med `tilskudd sent --round {round}` (eller M i skjermbildet)."
            ));
        }
        text
    }

    fn export_written(&self, rows: usize, path: &str) -> String {
        format!("Skrev {rows} rader til {path}.")
    }

    fn chain_whole(&self, events: u64, head: &str) -> String {
        format!(
            "Hendelsesloggen er hel og uendret, og det som er lagret, stemmer med den: {events} hendelser. Siste hash: {head}"
        )
    }

    fn user_role(&self, role: crate::domain::UserRole) -> &'static str {
        match role {
            crate::domain::UserRole::Reviewer => "saksbehandler",
            crate::domain::UserRole::Approver => "godkjenner",
            crate::domain::UserRole::Admin => "administrator",
        }
    }

    fn serving(&self, socket: &str, db: &str, admin: &str) -> String {
        format!("tilskudd serve: lytter på {socket} (database {db}; administrator {admin})")
    }

    fn serving_limits(&self, connections: usize, per_user: usize, idle_secs: u64) -> String {
        format!(
            "tilskudd serve: høyst {connections} tilkoblinger, {per_user} per bruker; en tilkobling som tier i {idle_secs} s, lukkes"
        )
    }

    fn client_turned_away(&self, login: &str, problem: &ServerProblem) -> String {
        format!(
            "avviste en tilkobling fra {login}: {}",
            server_problem(problem)
        )
    }

    fn server_stopped(&self) -> String {
        "tilskudd serve: stoppet".into()
    }

    fn client_mismatch(&self, login: &str, protocol: u32, version: &str) -> String {
        format!(
            "avviste {login}: klienten bruker protokoll {protocol} (tilskudd {version}), tjeneren {} (tilskudd {})",
            crate::server::protocol::PROTOCOL,
            crate::server::protocol::VERSION
        )
    }

    fn client_refused(&self, login: &str) -> String {
        format!("avviste {login}: ikke bruker av tjeneren")
    }

    fn server_restarts_after_failure(&self) -> String {
        "tjeneren stopper for å åpne databasen på nytt etter en feil ved skriving; systemd starter den igjen".into()
    }

    fn request_failed(&self, login: &str) -> String {
        format!("en forespørsel fra {login} feilet inne i tjeneren; kjør `tilskudd audit --verify`")
    }

    fn users_heading(&self) -> [&'static str; 5] {
        [
            "BRUKER",
            "NAVN OG TITTEL",
            "ROLLE",
            "LAGT TIL AV",
            "LAGT TIL",
        ]
    }

    fn no_users(&self) -> &'static str {
        "Ingen brukere ennå. `tilskudd serve` gjør kontoen den kjører som til administrator; andre legges til med `tilskudd users add LOGIN --role reviewer|approver|admin`."
    }
}

fn server_problem(problem: &ServerProblem) -> String {
    match problem {
        ServerProblem::ConfiguredNotRunning { socket, config } => format!(
            "Tjeneren som {config} viser til, svarer ikke på {socket}. Be administratoren starte den (`systemctl start tilskudd`). Vil du arbeide i en egen fil, oppgi den med --db."
        ),
        ServerProblem::Busy {
            limit,
            per_user: true,
        } => format!(
            "Du har allerede {limit} tilkoblinger til tjeneren, så mange som den tar fra én bruker. Lukk noen av behandlingsskjermene dine og prøv igjen."
        ),
        ServerProblem::Busy {
            limit,
            per_user: false,
        } => format!(
            "Tjeneren har {limit} tilkoblinger, så mange som den tar. Prøv igjen om litt, og si fra til administratoren om det varer."
        ),
        ServerProblem::RequestsUnderWay { limit } => format!(
            "Du har hatt {limit} forespørsler under arbeid hos tjeneren i et halvt minutt, så mange som den tar fra én bruker om gangen. Vent til de er ferdige, og prøv igjen."
        ),
        ServerProblem::AnswerTooLarge { bytes, limit } => format!(
            "Svaret er {bytes} byte, mer enn tjeneren sender i ett svar ({limit} byte). Spør etter mindre: for eksempel historikken til én sak (tilskudd audit REF)."
        ),
        ServerProblem::TooLarge { bytes, limit } => format!(
            "Forespørselen er {bytes} byte, mer enn tjeneren tar ({limit} byte); bare import fra en administrator kan være større. Del den opp."
        ),
        ServerProblem::Untrusted {
            socket,
            server_uid,
            expected_uid,
        } => format!(
            "Prosessen som svarer på {socket}, kjører som uid {server_uid}, men mappen socketen ligger i tilhører uid {expected_uid}: det er ikke tjeneren, og ingenting ble sendt til den. Sjekk --server/TILSKUDD_SERVER, eller sett TILSKUDD_SERVER_UID til uid-en tjeneren kjører som."
        ),
        ServerProblem::NotRunning { socket } => format!(
            "Ingen tjener svarer på {socket}. Start den med `tilskudd serve --socket {socket}`, eller sjekk --server/TILSKUDD_SERVER."
        ),
        ServerProblem::NoAccess { socket, group } => match group {
            Some(group) => format!(
                "Du har ikke tilgang til {socket}. Be om å bli med i gruppen {group} (og logg inn på nytt)."
            ),
            None => format!("Du har ikke tilgang til {socket}. Be administratoren om tilgang."),
        },
        ServerProblem::Lost { socket } => format!(
            "Forbindelsen til tjeneren på {socket} ble brutt. Det siste du gjorde er kanskje ikke lagret: sjekk saken når tjeneren er tilbake."
        ),
        ServerProblem::VersionMismatch {
            client_protocol,
            client_version,
            server_protocol,
            server_version,
        } => {
            let upgrade = if client_protocol < server_protocol {
                "Oppgrader klienten (denne tilskudd)"
            } else {
                "Oppgrader tjeneren"
            };
            format!(
                "Klienten (tilskudd {client_version}, protokoll {client_protocol}) og tjeneren (tilskudd {server_version}, protokoll {server_protocol}) snakker ikke samme protokoll. {upgrade} så de er like."
            )
        }
        ServerProblem::Garbled { message } => {
            format!(
                "Uventet svar over forbindelsen: {message}. Er begge sider samme versjon av tilskudd?"
            )
        }
        ServerProblem::AlreadyServing { socket } => format!(
            "En tjener kjører allerede på {socket}. Stopp den først, eller velg en annen --socket."
        ),
        ServerProblem::NotASocket { socket } => format!(
            "{socket} finnes og er ikke en socket; den er ikke rørt. Velg en annen --socket."
        ),
        ServerProblem::Io { socket, message } => {
            format!("Kan ikke bruke socketen {socket}: {}.", os_nb(message))
        }
        ServerProblem::LocalOnly { command } => format!(
            "`tilskudd {command}` arbeider bare på en databasefil: bruk --db, ikke --server."
        ),
    }
}

impl Bokmal {
    /// `plan (ikke vurdert), form (ikke oppfylt)`: the checks that stand in the way.
    fn failing_checks(&self, failing: &[(CheckId, crate::domain::Verdict)]) -> String {
        failing
            .iter()
            .map(|(c, v)| format!("{c} «{}» ({})", self.check(*c), self.verdict(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A round's update, rule by rule.
    fn round_changed(&self, before: &crate::domain::Round, after: &crate::domain::Round) -> String {
        let yes_no = |b: bool| if b { "ja" } else { "nei" };
        let date = |d: Option<NaiveDate>| d.map_or("ingen".to_string(), |d| self.date(d));
        let total = |m: Option<crate::domain::Money>| m.map_or("ingen pott".to_string(), money);
        let parts: Vec<String> = after
            .rule_changes(before)
            .into_iter()
            .map(|c| match c {
                RuleChange::FourEyes { before, after } => {
                    format!(
                        "to personer (four_eyes) {} → {}",
                        yes_no(before),
                        yes_no(after)
                    )
                }
                RuleChange::AppealRights { before, after } => {
                    format!("klagerett {} → {}", yes_no(before), yes_no(after))
                }
                RuleChange::Deadline { before, after } => {
                    format!("søknadsfrist {} → {}", self.date(before), self.date(after))
                }
                RuleChange::FundsUsedBy { before, after } => {
                    format!("midlene brukt innen {} → {}", date(before), date(after))
                }
                RuleChange::PotTotal { pot, before, after } => {
                    format!("pott {pot} {} → {}", total(before), total(after))
                }
                RuleChange::PartnerRequired { pot, after } => {
                    format!("pott {pot} krever kompetansemiljø: {}", yes_no(after))
                }
                RuleChange::Description => "navn eller fylke".to_string(),
            })
            .collect();
        format!("runde {} endret: {}", after.id, parts.join("; "))
    }
}

/// The operating system's common failures in bokmål.
fn os_nb(message: &str) -> String {
    super::os_message(
        message,
        &[
            "finnes ikke",
            "ingen tilgang",
            "finnes allerede",
            "en del av stien er ikke en mappe",
            "er en mappe",
            "disken er full",
            "filsystemet kan bare leses",
            "ingen svarer der",
            "navnet er for langt",
            "for mange lenker etter hverandre",
            "ikke en vanlig fil, men en mappe, pipe, socket eller enhet",
        ],
    )
}

/// What breaks a file's format, in words (see `import::Malformed`).
fn malformed(what: &Malformed) -> String {
    match what {
        Malformed::EndsEarly => "teksten slutter før verdien gjør (mangler en ], } eller et anførselstegn?)".into(),
        Malformed::ExpectedValue => "her skulle det stå en verdi: tekst i anførselstegn, et tall, en liste, et objekt, true, false eller null".into(),
        Malformed::BareWord => "et ord uten anførselstegn; bare true, false og null kan stå uten".into(),
        Malformed::ExpectedCommaOr(close) => format!("her skulle det stå et komma eller {close}"),
        Malformed::ExpectedColon => "etter en nøkkel skal det stå kolon (:)".into(),
        Malformed::KeyNotText => "en nøkkel skal være tekst i doble anførselstegn".into(),
        Malformed::TrailingComma => "et komma rett foran ] eller } er ikke lov i JSON".into(),
        Malformed::TrailingCharacters => "noe står etter slutten av verdien; en JSON-fil har én verdi".into(),
        Malformed::TooDeep => "lister og objekter ligger for dypt inni hverandre".into(),
        Malformed::ControlCharacter => "et kontrolltegn (tabulator eller linjeskift) i en tekst; skriv det som \\t eller \\n".into(),
        Malformed::InvalidEscape => "en omvendt skråstrek (\\) i en tekst følges av noe som ikke er en gyldig tegnkode".into(),
        Malformed::InvalidNumber => "ugyldig tall".into(),
        Malformed::NumberOutOfRange => "tallet er for stort".into(),
        Malformed::InvalidUnicode => "en \\u-kode som ikke er et tegn".into(),
        Malformed::ValueOrQuotes => "her mangler en verdi, eller en tekst står uten anførselstegn".into(),
        Malformed::NotToml { ending } => format!("filen er en .{ending}-fil, ikke TOML: runder og nettverk leses fra .toml-filer, kommuner også fra .csv"),
        Malformed::ExpectedEquals => "en nøkkel uten verdi; skriv nøkkel = verdi".into(),
        Malformed::ExpectedLineEnd => "her skulle linjen slutte; hver nøkkel = verdi står på sin egen linje".into(),
        Malformed::DuplicateKey => "en nøkkel eller tabell er gitt to ganger".into(),
        Malformed::UnclosedList => "en liste er ikke lukket med ]".into(),
        Malformed::UnclosedTable => "en tabelloverskrift er ikke lukket med ]".into(),
        Malformed::UnclosedText => "en tekst er ikke lukket med sitt anførselstegn".into(),
        Malformed::Reader { format, words } => format!("{format}-leseren sier: {words}"),
    }
}
