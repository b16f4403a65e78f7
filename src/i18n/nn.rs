//! Nynorsk: `--lang nn`.

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

pub struct Nynorsk;

static LABELS: Labels = Labels {
    error: "feil",
    warning: "åtvaring",
    hint: "tips",
    round: "Runde",
    deadline: "Søknadsfrist",
    funds_used_by: "Midlane brukte innan",
    four_eyes: "Fire auge",
    appeal_rights: "Klagerett",
    pot: "Pott",
    total: "Ramme",
    allocated: "Tildelt",
    granted: "Innvilga",
    provisional: "Førebels",
    remaining: "Står att",
    remaining_in_pot: "Står att i potten",
    requested: "Søkt",
    cases: "Saker",
    no_cases: "Ingen saker.",
    no_rounds: "Ingen rundar enno. Importer ein med `tilskudd import round FIL`.",
    reference: "Referanse",
    state: "Status",
    network: "Nettverk",
    networks: "Nettverk",
    title: "Tittel",
    checks: "Vilkår",
    submitted: "Sendt inn",
    lead_municipality: "Ansvarleg kommune",
    municipalities: "Kommunar",
    needs_quality_development: "behov for kvalitetsutvikling",
    contact: "Kontaktperson",
    competence_partner: "Kompetansemiljø",
    bufetat: "Bufetat med",
    project_leader: "Prosjektleiar",
    period: "Prosjektperiode",
    summary: "Samandrag",
    plan: "Prosjektplan",
    budget: "Budsjett",
    allocations: "Tildeling",
    proposal: "Innstilling",
    decision: "Vedtak",
    conflicts: "Inhabilitet",
    history: "Historikk",
    earlier_events: "  … {0} tidlegare hendingar: `tilskudd audit {1}` viser alle.",
    rounds_history: "Runde for runde",
    applications: ["søknad", "søknader"],
    themes: "Tema",
    unreached: "ikkje nådd",
    share: "Prosentdel",
    projects: "prosjekt",
    no_priorities: "Ingen kommunar er merkte for særskild merksemd.",
    from_registry: "frå registeret",
    reason: "Grunngiving",
    proposed_by: "innstilt av",
    decided_by: "vedteke av",
    none: "ingen",
    yes: "ja",
    no: "nei",
    unknown: "ukjend",
    county: "Fylke",
    matched: "treff på",
    former_names: "tidlegare",
    steering_group: "styringsgruppe",
    steering_group_heading: "Styringsgruppe",
    members: "Medlemmer",
    coordinators: "Koordinatorar",
    people: "Kontaktpersonar",
    grants: "Tilskot",
    municipality_grants: "Tilskot til prosjekt kommunen er med i",
    network_grants: "Tilskota til nettverka i alt",
    email_not_shared: "e-post ikkje delt",
    override_mark: "overstyrt",
    as_whole: "som for heile søknaden",
    automatic: "automatisk",
    by: "av",
    flags: "Merk",
    follow_up: "Etter vedtaket",
    paid: "Utbetalt",
    spent: "Brukt",
    claimed: "Kravd tilbake",
    repaid: "Tilbakebetalt",
    overdue: "forfalle",
    nothing_due: "Ingenting forfell.",
    due_kinds: [
        "utbetaling",
        "sluttrapport",
        "tilbakebetaling",
        "frist for bruk",
    ],
    due_columns: ["Frist", "Kva", "Beløp"],
    adviser: "Rådgjevar",
    no_ties: "Ingen har erklært seg ugild for ein kommune.",
    db_or_server: "--db og --server kan ikkje brukast saman: vel databasefila eller tenaren.",
};

static HELP: CliHelp = CliHelp {
    about: "Handsam søknader om stimuleringsmidlar frå læringsnettverk i barnevernet.\n\
            Utan kommando blir handsamingsskjermen opna.",
    template: "{about}\n\nBruk: {usage}\n\n{all-args}{after-help}",
    subcommand_template: "{about}\n\nBruk: {usage}\n\n{all-args}{after-help}",
    commands_heading: "Kommandoar",
    arguments_heading: "Argument",
    options_heading: "Val",
    help_flag: "Vis hjelp",
    version_flag: "Vis versjon",
    entries: &[
        (
            ".db",
            "Databasefil [standard: ~/.local/share/tilskudd/tilskudd.redb]",
        ),
        (
            ".server",
            "Bruk ein køyrande `tilskudd serve` på denne socketen i staden for ei fil",
        ),
        (
            ".lang",
            "Språk for alt som blir vist: nb (bokmål), nn (nynorsk) eller en (engelsk)",
        ),
        (
            "*.reference",
            "Referansen til saka, som i søknaden (til dømes INN-2022-001)",
        ),
        (
            "*.json",
            "Skriv eitt JSON-dokument på stdout, og ikkje noko anna",
        ),
        (
            "*.round",
            "Berre denne runden (id, til dømes innlandet-2022)",
        ),
        ("*.files", "Filene som skal importerast"),
        ("*.reason", "Grunngivinga"),
        ("*.pot", "ID-en til potten (sjå `tilskudd status`)"),
        ("*.check", "Vilkåret"),
        (
            "*.verdict",
            "Vurderinga: met (oppfylt), not-met (ikkje oppfylt) eller na (ikkje relevant)",
        ),
        (
            "*.outcome",
            "Utfallet: approve (innvilga), partial (delvis) eller reject (avslag)",
        ),
        ("*.state", "Statusen"),
        ("*.shell", "Skalet"),
        ("demo", "Lag ein ny database med eksempeldata og opne den"),
        ("import", "Importer register, rundar eller søknader"),
        (
            "import.registry",
            "Kommunar (TOML eller CSV) og nettverk (TOML)",
        ),
        ("import.round", "Rundar med pottar (TOML)"),
        (
            "import.applications",
            "Søknader (JSON, eller CSV eller Excel .xlsx med éi rad per søknad); alle filene i éin transaksjon, alt eller ingenting",
        ),
        (
            "import.applications.replace",
            "La ein endra søknad erstatte den lagra (blir ført i historikken)",
        ),
        (
            "lookup",
            "Finn kommune, tidlegare namn, nettverk eller person, og kven som høyrer til kvar",
        ),
        (
            "lookup.query",
            "Namn, nummer, tidlegare namn, nettverks-id eller person; skrivefeil gjer ingenting",
        ),
        (
            "status",
            "Per pott: ramme, tildelt, står att; saker per status",
        ),
        ("status.round", "Berre denne runden"),
        ("list", "Sakene, éi per linje"),
        ("list.round", "Berre denne runden"),
        ("list.state", "Berre saker med denne statusen"),
        (
            "show",
            "Éi sak: søknad, vilkår, tildeling, innstilling, vedtak, historikk",
        ),
        ("show.reference", "Referansen til søknaden"),
        (
            "check",
            "Før inn vurderinga av eit vilkår (eit automatisk vurdert vilkår kan berre overstyrast med --note)",
        ),
        (
            "check.note",
            "Kvifor; må vere med for å overstyre eit automatisk vurdert vilkår (- les teksten frå standard inn)",
        ),
        (
            "check.pot",
            "Berre for vilkåret purpose (formål), som blir vurdert per pott: vurderinga gjeld då berre denne potten",
        ),
        ("allocate", "Set beløpet frå éin pott (0 fjernar det)"),
        (
            "allocate.amount",
            "Beløpet, slik folk skriv det: 450000, \"450 000\", \"kr 450 000,-\"",
        ),
        ("propose", "Skriv innstillinga"),
        (
            "propose.reason",
            "Grunngivinga, slik brevet vil gi ho (- les teksten frå standard inn)",
        ),
        (
            "approve",
            "Gjer innstillinga om til vedtak; når runden følgjer fireaugeprinsippet, må ein annan enn den som innstilte, gjere vedtaket",
        ),
        ("reopen", "Gjenopne ei vedteken sak"),
        (
            "reopen.reason",
            "Kvifor saka blir gjenopna (- les teksten frå standard inn)",
        ),
        (
            "conflict",
            "Erklær deg sjølv ugild i ei sak, eller i alle saker med ein kommune (--municipality), til du trekkjer det tilbake",
        ),
        (
            "conflict.reason",
            "Grunnlaget (forvaltningslova § 6) (- les teksten frå standard inn)",
        ),
        (
            "conflict.municipality",
            "Kommunenummeret: ugild i alle saker kommunen er med i, i alle rundar",
        ),
        (
            "conflict.withdraw",
            "Trekk tilbake ugildskapen for kommunen (--municipality)",
        ),
        (
            "conflict.list",
            "Vis alle erklærte ugildskapar for kommunar",
        ),
        (
            "letters",
            "Skriv tilskotsbrev for vedtekne saker, på målforma til kommunen",
        ),
        ("letters.out", "Mappa breva blir skrivne til"),
        (
            "letters.format",
            "md (Markdown, standard), docx (Word, til redigering) eller pdf (PDF/A, til arkivet)",
        ),
        (
            "letters.kind",
            "decision (vedtaksbrev, standard), notice (varsel om tilbakebetaling), claim (krav om tilbakebetaling) eller reminder (påminning om sluttrapport)",
        ),
        (
            "archive-ref",
            "Set saksnummeret til saka i arkivet, som breva viser som «Vår ref.»",
        ),
        (
            "archive-ref.number",
            "Saksnummeret i arkivet (til dømes 2022/1234)",
        ),
        (
            "sent",
            "Registrer at vedtaksbreva er sende: sakene får status «brev sendt»",
        ),
        (
            "sent.references",
            "Berre desse sakene (elles alle vedtekne saker i runden)",
        ),
        ("sent.date", "Datoen breva vart sende (standard: i dag)"),
        ("sent.journal", "Journalpostnummeret i arkivet"),
        (
            "pay",
            "Registrer ei utbetaling av tilskotet (standard: alt som ikkje er utbetalt); saka får status «betalt» når alt er utbetalt",
        ),
        ("pay.amount", "Beløpet som vart utbetalt"),
        ("pay.date", "Datoen for utbetalinga [standard: i dag]"),
        (
            "report",
            "Registrer sluttrapport og rekneskap med det som er brukt; saka får status «rapportert»",
        ),
        ("report.spent", "Beløpet som er brukt, etter rekneskapen"),
        (
            "report.received",
            "Datoen rapporten kom inn [standard: i dag]",
        ),
        (
            "report.note",
            "Merknad til rapporten (- les teksten frå standard inn)",
        ),
        (
            "claim",
            "Krev tilbake ubrukte eller feilbrukte midlar (standard: utbetalt minus brukt)",
        ),
        ("claim.amount", "Beløpet som blir kravd tilbake"),
        (
            "claim.reason",
            "Grunngivinga for kravet (- les teksten frå standard inn)",
        ),
        ("repaid", "Registrer pengar som er betalte tilbake"),
        ("repaid.amount", "Beløpet som er betalt tilbake"),
        ("repaid.date", "Datoen for innbetalinga [standard: i dag]"),
        ("extend", "Forleng fristen for å bruke midlane for éi sak"),
        (
            "extend.until",
            "Den nye fristen (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
        ),
        (
            "extend.reason",
            "Kvifor fristen blir forlengd (- les teksten frå standard inn)",
        ),
        ("close", "Avslutt ei rapportert sak som ikkje skuldar noko"),
        (
            "due",
            "Det som forfell: utbetalingar, sluttrapportar, tilbakebetalingar og fristar for bruk",
        ),
        ("due.days", "Ta med det som forfell innan så mange dagar"),
        (
            "overview",
            "Heile runden: kvar pengane gjekk per nettverk og kommune, og kva kommunar som ikkje er med i nokon innvilga søknad",
        ),
        ("overview.by", "Vis berre nettverk eller berre kommunar"),
        (
            "annual",
            "Årsrapporten til Bufdir: søkt, innvilga, utbetalt, brukt, tilbakebetalt og ubrukt per fylke, pott, nettverk, kommune og tema",
        ),
        ("annual.year", "Året rundane gjeld"),
        ("annual.format", "csv, json eller xlsx (Excel, med --out)"),
        (
            "annual.out",
            "Fila det blir skrive til [standard: skjermen]",
        ),
        (
            "theme",
            "Registrer tema for saka (prosjekttypar frå retningslinjene); utan tema blir dei registrerte temaa viste",
        ),
        (
            "theme.themes",
            "Temaa, til dømes methods foster-home-recruitment (sjå `tilskudd theme REF`)",
        ),
        ("theme.clear", "Fjern alle temaa"),
        (
            "priority",
            "Merk ein kommune for særskild merksemd (behov for kvalitetsutvikling), eller fjern merket",
        ),
        ("priority.municipality", "Kommunenummeret"),
        ("priority.note", "Kvifor"),
        ("priority.clear", "Fjern merket"),
        ("priority.list", "Vis dei merkte kommunane"),
        (
            "export",
            "Vedtak og beløp for rekneskap og arkiv, éi rad per sak og pott",
        ),
        ("export.format", "csv, json eller xlsx (Excel, med --out)"),
        (
            "export.out",
            "Fila det blir skrive til [standard: skjermen]",
        ),
        (
            "export.delimiter",
            "Skiljeteikn i CSV (til dømes ';' for norske rekneark)",
        ),
        ("audit", "Hendingsloggen: kven, når, kva, før og etter"),
        ("audit.verify", "Kontroller at loggen er heil og uendra"),
        (
            "undo",
            "Angre den siste endringa di i saka (vilkårsvurdering, tildeling eller innstilling), om ingen andre har endra saka sidan",
        ),
        ("undo.reference", "Referansen til søknaden"),
        (
            "approve.proposal",
            "Nummeret på innstillinga du har lese (frå `show`); blir avvist om saka no har ei anna",
        ),
        (
            "audit.expect",
            "Den siste hashen slik han vart notert ein annan stad; blir avvist om loggen no sluttar annleis",
        ),
        (
            "dev.repair",
            "Rekn ut alle summane på nytt frå sakene (etter ein eldre versjon eller skade)",
        ),
        (
            "serve",
            "Tenaren for fleire sakshandsamarar: eig databasen, svarar på ein Unix-socket",
        ),
        (
            "serve.socket",
            "Socketen klientane koplar seg til (--server); gruppa til mappa avgjer kven som slepp inn",
        ),
        (
            "serve.max_connections",
            "Høgst så mange tilkoplingar i alt (ein handsamingsskjerm brukar to)",
        ),
        (
            "serve.max_per_user",
            "Høgst så mange tilkoplingar frå éin brukar",
        ),
        (
            "serve.idle_timeout",
            "Lukk ei tilkopling som ikkje har sendt noko på så mange sekund (klienten koplar til på nytt)",
        ),
        (
            "serve.handshake_timeout",
            "Sekund ei ny tilkopling har på å helse",
        ),
        (
            "users",
            "Kven som kan bruke tenaren, og til kva (berre administrator)",
        ),
        (
            "users.add",
            "Gi eit påloggingsnamn tilgang, eller endre rolla",
        ),
        ("users.add.login", "Påloggingsnamnet på maskina"),
        (
            "users.add.role",
            "reviewer (sakshandsamar), approver (også vedtak) eller admin (også import, brukarar, brev, eksport)",
        ),
        ("users.add.name", "Fullt namn, som breva blir signerte med"),
        (
            "users.add.title",
            "Tittel under namnet i breva, på bokmål («rådgiver» blir «rådgjevar» i nynorskbrev)",
        ),
        (
            "users.set",
            "Namn og tittel ein brukar signerer brev med (tom tittel fjernar tittelen)",
        ),
        ("users.set.login", "Påloggingsnamnet"),
        ("users.set.name", "Fullt namn, som breva blir signerte med"),
        (
            "users.set.title",
            "Tittel under namnet i breva, på bokmål («rådgiver» blir «rådgjevar» i nynorskbrev)",
        ),
        ("users.list", "Brukarane og rollene deira"),
        ("users.remove", "Ta bort tilgangen til ein brukar"),
        ("users.remove.login", "Påloggingsnamnet"),
        ("dev", "Utviklarverktøy"),
        (
            "dev.generate",
            "Lag syntetiske, realistiske data i valfri mengd",
        ),
        ("dev.generate.networks", "Talet på nettverk"),
        ("dev.generate.applications", "Talet på søknader"),
        (
            "dev.generate.seed",
            "Frø for tilfeldigheitene (same frø gir same data)",
        ),
        (
            "dev.generate.out",
            "Skriv filene til denne mappa i staden for å importere dei",
        ),
        ("dev.stats", "Kva bytane i databasen går til, per tabell"),
        ("dev.compact", "Gi tilbake plassen fila ikkje lenger brukar"),
        ("completions", "Skriv ut fullføring for skalet"),
        ("man", "Skriv ut manualsida (roff)"),
    ],
};

fn money(m: crate::domain::Money) -> String {
    m.to_string()
}

impl Texts for Nynorsk {
    fn lang(&self) -> super::Lang {
        super::Lang::Nn
    }

    fn labels(&self) -> &'static Labels {
        &LABELS
    }

    fn state(&self, state: CaseState) -> &'static str {
        match state {
            CaseState::Received => "motteken",
            CaseState::UnderReview => "under handsaming",
            CaseState::Proposed => "innstilt",
            CaseState::Decided => "vedteken",
            CaseState::LetterSent => "brev sendt",
            CaseState::Paid => "betalt",
            CaseState::Reported => "rapportert",
            CaseState::Closed => "avslutta",
        }
    }

    fn verdict(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::Met => "oppfylt",
            Verdict::NotMet => "ikkje oppfylt",
            Verdict::Na => "ikkje relevant",
            Verdict::Unchecked => "ikkje vurdert",
        }
    }

    fn outcome(&self, outcome: Outcome) -> &'static str {
        match outcome {
            Outcome::Approve => "innvilga",
            Outcome::Partial => "delvis innvilga",
            Outcome::Reject => "avslått",
        }
    }

    fn theme(&self, theme: crate::domain::Theme) -> &'static str {
        use crate::domain::Theme;
        match theme {
            Theme::NewMeasures => "Nye hjelpetiltak",
            Theme::Methods => "Metodar og verktøy",
            Theme::Leadership => "Leiarutvikling og rettleiingsforum",
            Theme::Minorities => "Minoritetar i barnevernet",
            Theme::SharedServices => "Felles tilbod (barnevernsvakt, fosterheimsoppfølging)",
            Theme::Cooperation => "Samarbeid med andre tenester",
            Theme::FosterHomeGuidance => "Rettleiing av fosterforeldre og fosterborn",
            Theme::FosterHomeRecruitment => "Rekruttering av fosterheimar",
            Theme::FamilyNetworkRecruitment => "Fosterheim i slekt og nettverk",
        }
    }

    fn check(&self, check: CheckId) -> &'static str {
        match check {
            CheckId::Deadline => "Sendt innan fristen",
            CheckId::Network => "Registrert læringsnettverk i fylket",
            CheckId::Members => "Alle kommunane er medlemmer av nettverket",
            CheckId::Amount => "Søknadsbeløp positivt og innanfor potten",
            CheckId::Plan => "Plan for kompetanse- og kvalitetsutvikling",
            CheckId::Anchoring => "Forankra i leiinga i kvar kommune",
            CheckId::Form => "Fastsett skjema med prosjektplan",
            CheckId::Partner => "Samarbeider med eit kompetansemiljø",
            CheckId::Purpose => "Passar føremålet med potten",
            CheckId::Costs => {
                "Utviklingskostnader (til dømes prosjektstillingar, ekstern kompetanse), ikkje ordinær drift"
            }
        }
    }

    fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Contact => "kontaktperson",
            Role::Management => "leiing",
            Role::Participant => "deltakar",
            Role::Leader => "leiar",
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
                "Prosjektperioden går til {}, men midlane må vere brukte innan {}. Eit tilskot bør nemne det i vilkåra.",
                self.date(*period_end),
                self.date(*use_by)
            ),
            crate::domain::Flag::SingleMunicipality => "Berre éin kommune: ordninga skal først og fremst fremje samarbeid på tvers av kommunegrenser.".into(),
        }
    }

    fn import_warning(&self, warning: &crate::import::ImportError) -> String {
        let place = super::import_place(warning, ["rad", "kolonna", "feltet"]);
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
                "sendt {}, innan fristen {}",
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
                format!("{network} er ikkje eit registrert nettverk")
            }
            Finding::NetworkOtherCounty {
                network,
                county,
                round_county,
            } => {
                format!("{network} høyrer til {county}, ikkje {round_county}")
            }
            Finding::AllMembers { count: 1 } => "kommunen er medlem".into(),
            Finding::AllMembers { count } => format!("alle {count} kommunane er medlemmer"),
            Finding::NotMembers { municipalities } => {
                format!(
                    "ikkje medlemmer av nettverket: {}",
                    municipalities.join(", ")
                )
            }
            Finding::MembersUnknownNetwork => "nettverket er ikkje registrert".into(),
            Finding::AmountsWithinPots => "alle beløpa er positive og innanfor potten".into(),
            Finding::AmountNotPositive { pot } => format!("ikkje søkt noko frå {pot}"),
            Finding::AmountOverPotTotal { pot, amount, total } => {
                format!(
                    "søkt {} frå {pot}, som har ei ramme på {}",
                    money(*amount),
                    money(*total)
                )
            }
            Finding::PotNotInRound { pot } => format!("runden har ingen pott {pot}"),
            Finding::NothingRequested => "ikkje søkt om noko".into(),
            Finding::PartnerNamed { partner } => format!("kompetansemiljø: {partner}"),
            Finding::PartnerMissing { pots } => {
                format!(
                    "ikkje oppgitt kompetansemiljø, som er eit krav for {}",
                    pots.join(", ")
                )
            }
            Finding::PartnerNotRequired => {
                "ingen av pottane det er søkt frå, krev kompetansemiljø".into()
            }
        }
    }

    fn check_summary(&self, s: &CheckSummary) -> String {
        let mut text = format!("{}/{} oppfylt", s.met, s.total());
        if s.not_met > 0 {
            text.push_str(&format!(", {} ikkje oppfylt", s.not_met));
        }
        if s.unchecked > 0 {
            text.push_str(&format!(", {} opne", s.unchecked));
        }
        if s.na > 0 {
            text.push_str(&format!(", {} ikkje relevant", s.na));
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
                "søknad erstatta av ein ny versjon".into()
            }
            Change::Undone { seq } => format!("angra endring nr. {seq}:"),
            Change::TotalsRebuilt { cases } => {
                format!("summane rekna ut på nytt frå {cases} saker")
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
                    .map_or("ikkje vurdert", |b| self.verdict(b.verdict));
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
                format!("innstillinga frå {} trekt tilbake", proposal.by)
            }
            Change::Decided { decision } => format!(
                "vedteken: {}{} etter innstilling frå {} ({})",
                self.outcome(decision.outcome),
                amounts_text(&decision.amounts),
                decision.proposed_by,
                decision.reason
            ),
            Change::Reopened { reason, .. } => format!("gjenopna: {reason}"),
            Change::ConflictDeclared { reason } => format!("ugildskap erklært: {reason}"),
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
                    "register importert: {municipalities} kommunar og {networks} nettverk nye eller endra"
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
                    .map_or("ikkje vurdert", |b| self.verdict(b.verdict));
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
                    None => format!("vilkår {check} for potten {pot}: {before} teke tilbake"),
                }
            }
            Change::CheckCleared { check, before } => {
                format!(
                    "vilkår {check}: {} teke tilbake",
                    self.verdict(before.verdict)
                )
            }
            Change::CaseDetailsChanged { before, after } => super::details_change(
                [
                    "vår referanse",
                    "referansen til søkjaren",
                    "blir betalt til",
                ],
                before,
                after,
            ),
            Change::RoundTermsChanged { round, after, .. } => format!(
                "runde {}",
                super::terms_line(
                    ["avsendar", "fylke", "rapportfrist", "ingen eigne vilkår"],
                    round,
                    after,
                    &|d| self.date(d)
                )
            ),
            Change::TieDeclared {
                municipality,
                reason,
            } => format!("erklærte seg ugild i alle saker med kommune {municipality}: {reason}"),
            Change::TieWithdrawn {
                municipality,
                reason,
            } => match reason {
                Some(reason) => {
                    format!("trekte tilbake ugildskapen for kommune {municipality}: {reason}")
                }
                None => format!("trekte tilbake ugildskapen for kommune {municipality}"),
            },
            Change::TextFolded { fields } => format!(
                "linjeskift eller kontrollteikn fjerna frå {}",
                fields
                    .iter()
                    .map(|(field, original)| format!("{field} (opphavleg: {original:?})"))
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
                    "sluttrapport og rekneskap motteke {}, brukt {}{note}",
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
                format!("tema: {} → {}", list(before), list(after))
            }
            Change::PriorityFlagged { municipality, note } => {
                let note = note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                format!("kommune {municipality} merkt for særskild merksemd{note}")
            }
            Change::PriorityCleared { municipality } => {
                format!("kommune {municipality}: merket for særskild merksemd fjerna")
            }
            Change::Extended { until, reason } => {
                format!(
                    "fristen for å bruke midlane forlengd til {}: {reason}",
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
                format!("tilskotsbrev skrive ({form}), datert {}", self.date(*date))
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
                format!("{login} ({}) fjerna", self.user_role(*role))
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
            ImportKind::Registry => "registeroppføringar",
            ImportKind::Rounds => "rundar",
            ImportKind::Applications => "søknader",
        };
        format!(
            "Importerte {noun}: {} nye, {} endra, {} fanst frå før og er uendra.",
            s.added, s.changed, s.unchanged
        )
    }

    fn amount_error(&self, input: &str, error: &AmountError) -> String {
        let why = match error {
            AmountError::Empty => "det står ikkje noko tal der".to_string(),
            AmountError::Words(word) => {
                format!("«{word}» er ikkje eit tal; skriv siffer, til dømes 450 000")
            }
            AmountError::InvalidCharacter(c) => {
                format!("«{}» høyrer ikkje heime i eit beløp", c.escape_debug())
            }
            AmountError::Ambiguous => {
                let (whole, decimal) = super::ambiguous_readings(input);
                format!(
                    "komma følgt av tre siffer kan tyde tusen eller desimalar; skriv {whole} eller {decimal}"
                )
            }
            AmountError::TooManyDecimals => "meir enn to desimalar; øre er den minste eininga".into(),
            AmountError::BadGrouping => "sifra blir grupperte tre og tre: 1 100 000".into(),
            AmountError::Malformed => {
                "skiljeteikna står feil; skriv til dømes 450 000 eller 450000,50".into()
            }
            AmountError::TooLarge => "det er meir enn 1 000 000 000 000 kr".into(),
            AmountError::Negative => "beløp kan ikkje vere negative".into(),
            AmountError::ZeroGroup => "ei første gruppe med berre nullar gir ingen tusen; meinte du øre, skriv til dømes 0,05".into(),
            AmountError::DecimalNumber => {
                "eit tal med desimalar eller eksponent i fila blir lese som flyttal og kan miste siffer; skriv beløp med øre som tekst i hermeteikn, til dømes \"450 000,50\"".into()
            }
        };
        format!("«{}» er ikkje eit beløp: {why}", input.escape_debug())
    }

    fn screen_refusal(&self, r: &Refusal) -> Option<String> {
        Some(match r {
            Refusal::CaseClosed { reference, state } if state.is_after_payment() => format!(
                "{reference} har status «{}»: pengane er i rørsle, og saka kan ikkje endrast eller gjenopnast. Krev tilbake det som ikkje skal brukast med `tilskudd claim`.",
                self.state(*state)
            ),
            Refusal::CaseClosed { reference, state } => format!(
                "{reference} har status «{}» og kan ikkje endrast. Trykk R for å gjenopne saka først (ein godkjennar kan gjere det).",
                self.state(*state)
            ),
            Refusal::ReasonRequired => {
                "Du må skrive ei grunngiving: skriv ho i feltet, og trykk Enter.".into()
            }
            Refusal::OverrideNeedsNote { check } => format!(
                "{check} er eit automatisk vurdert vilkår; for å overstyre vurderinga må du skrive ein merknad om kvifor: skriv han i merknadsfeltet (Tab)."
            ),
            Refusal::ChecksNotPassed { reference, failing } => {
                let list = self.failing_checks(failing);
                format!(
                    "{reference} kan ikkje innvilgast: desse vilkåra er ikkje oppfylte eller ikkje vurderte enno: {list}. Vurder dei med c, eller innstill på avslag med i."
                )
            }
            Refusal::OnlyPartialGrant {
                reference,
                failing,
                closed,
            } => {
                let list = self.failing_checks(failing);
                let closed = super::closed_pots(closed, "og ingenting frå", "og");
                format!(
                    "{reference} kan berre innvilgast delvis: {list}. Set lågare beløp med a{closed}, og innstill på delvis innvilging med i."
                )
            }
            Refusal::NoProposal { reference, state } => format!(
                "{reference} er {} og har inga innstilling å vedta. Trykk i for å skrive ei.",
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
                "{person} har erklært seg ugild i {reference} og kan ikkje handsame saka. Ein annan sakshandsamar må ta over saka."
            ),
            Refusal::CaseClosed { reference, state } if state.is_after_payment() => format!(
                "{reference} har status «{}»: pengane er i rørsle, og saka kan ikkje endrast eller gjenopnast. Krev tilbake det som ikkje skal brukast med `tilskudd claim`.",
                self.state(*state)
            ),
            Refusal::CaseClosed { reference, state } => format!(
                "{reference} har status «{}» og kan ikkje endrast. Gjenopne saka først: tilskudd reopen {} --reason \"…\"",
                self.state(*state),
                super::shell_word(reference)
            ),
            Refusal::NotRequested {
                reference,
                pot,
                requested,
            } => format!(
                "{reference} har ikkje søkt om midlar frå potten {pot}. Det er søkt frå: {}.",
                requested.join(", ")
            ),
            Refusal::OverRequested {
                reference,
                pot,
                amount,
                requested,
            } => format!(
                "{} er meir enn dei {} {reference} søkte om frå {pot}. Tildel høgst {}.",
                money(*amount),
                money(*requested),
                money(*requested)
            ),
            Refusal::PotOverdrawn {
                pot,
                amount,
                remaining,
            } => format!(
                "{} frå {pot} ville overskride potten: berre {} står att. Tildel høgst det, eller set ned tildelinga i ei anna sak først.",
                money(*amount),
                money(*remaining)
            ),
            Refusal::OverrideNeedsNote { check } => format!(
                "{check} er eit automatisk vurdert vilkår; for å overstyre vurderinga må du skrive ein merknad om kvifor: --note \"…\""
            ),
            Refusal::ReasonRequired => "Du må skrive ei grunngiving: --reason \"…\"".into(),
            Refusal::ChecksNotPassed { reference, failing } => {
                let list = self.failing_checks(failing);
                format!(
                    "{reference} kan ikkje innvilgast: desse vilkåra er ikkje oppfylte eller ikkje vurderte enno: {list}. Vurder dei med `tilskudd check`, eller innstill på avslag."
                )
            }
            Refusal::OnlyPartialGrant {
                reference,
                failing,
                closed,
            } => {
                let list = self.failing_checks(failing);
                let closed = super::closed_pots(closed, "og ingenting frå", "og");
                format!(
                    "{reference} kan berre innvilgast delvis: {list}. Set lågare beløp med `tilskudd allocate`{closed}, og innstill med `tilskudd propose {reference} partial`."
                )
            }
            Refusal::TiedToMunicipality {
                reference,
                person,
                municipality,
            } => format!(
                "{person} har erklært seg ugild i saker med kommune {municipality}, som er med i {reference}, og kan ikkje handsame saka. Ein kollega må ta ho; ugildskapen blir trekt tilbake med `tilskudd conflict --withdraw --municipality {municipality}`."
            ),
            Refusal::TieAlreadyDeclared {
                person,
                municipality,
            } => format!("{person} har alt erklært seg ugild for kommune {municipality}."),
            Refusal::UnknownTheme { theme, known } => format!(
                "«{theme}» er ikkje eit tema. Temaa er: {}.",
                known.join(", ")
            ),
            Refusal::TiedPriority {
                person,
                municipality,
            } => format!(
                "{person} har erklært seg ugild for kommune {municipality} og kan ikkje merke han for særskild merksemd eller fjerne merket. Ein kollega må gjere det."
            ),
            Refusal::PriorityInRegistry { municipality } => format!(
                "Kommune {municipality} er merkt for særskild merksemd i registerfila (needs_quality_development). Endre det i fila og importer registeret på nytt."
            ),
            Refusal::NotPrioritized { municipality } => format!(
                "Kommune {municipality} er ikkje merkt for særskild merksemd, så det er ikkje noko å fjerne. `tilskudd priority --list` viser dei merkte."
            ),
            Refusal::NoTie {
                person,
                municipality,
            } => format!(
                "{person} har inga erklært ugildskap for kommune {municipality} å trekkje tilbake. `tilskudd conflict --list` viser dei."
            ),
            Refusal::UnknownMunicipality { number } => format!(
                "Det finst ingen kommune {number} i registeret. `tilskudd lookup NAMN` finn nummeret."
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
                "{reference} vart vedteken {}, etter {}. Sjekk datoen.",
                self.date(*decided),
                self.date(*date)
            ),
            Refusal::AmountZero => "Beløpet er null; oppgi eit beløp større enn null.".into(),
            Refusal::WrongStateForFollowUp {
                reference,
                state,
                needed,
            } => format!(
                "{reference} har status «{}»; dette blir gjort når saka har status {}.{}",
                self.state(*state),
                join_list(
                    &needed
                        .iter()
                        .map(|s| format!("«{}»", self.state(*s)))
                        .collect::<Vec<_>>(),
                    "eller"
                ),
                if *state == CaseState::Decided {
                    " Er vedtaksbrevet sendt, registrer det først med `tilskudd sent` (M i skjermbiletet)."
                } else {
                    ""
                },
            ),
            Refusal::NothingUnpaid { reference, granted } if granted.is_zero() => {
                format!("{reference} fekk ikkje tilskot; det er ingenting å betale ut.")
            }
            Refusal::NothingUnpaid { reference, granted } => format!(
                "Alt som vart innvilga i {reference} ({}), er alt utbetalt.",
                money(*granted)
            ),
            Refusal::OverGranted {
                reference,
                amount,
                unpaid,
            } => format!(
                "{} er meir enn dei {} som står att å betale ut i {reference}; det kan aldri betalast ut meir enn innvilga.",
                money(*amount),
                money(*unpaid)
            ),
            Refusal::SpentOverGranted {
                reference,
                spent,
                granted,
            } => format!(
                "Brukt {} er meir enn dei {} som vart innvilga i {reference}. Oppgi det som er brukt av tilskotet.",
                money(*spent),
                money(*granted)
            ),
            Refusal::ClaimNeedsAmount { reference } => format!(
                "{reference} har inga sluttrapport enno, så det er ikkje kjent kva som er ubrukt: oppgi beløpet med --amount."
            ),
            Refusal::OverClaimable {
                reference,
                amount,
                claimable,
            } => format!(
                "{} er meir enn dei {} som kan krevjast tilbake i {reference} (utbetalt, minus krav frå før).",
                money(*amount),
                money(*claimable)
            ),
            Refusal::OverOwed {
                reference,
                amount,
                owed,
            } if owed.is_zero() => format!(
                "{reference} skuldar ingenting etter krava (det er ikkje registrert noko krav, eller alt er betalt tilbake), så {} kan ikkje registrerast som tilbakebetalt. Registrer kravet først: tilskudd claim {} --reason …",
                money(*amount),
                super::shell_word(reference)
            ),
            Refusal::OverOwed {
                reference,
                amount,
                owed,
            } => format!(
                "{} er meir enn dei {} {reference} skuldar etter krava.",
                money(*amount),
                money(*owed)
            ),
            Refusal::NothingGranted { reference } => {
                format!("{reference} fekk ikkje tilskot; det er ingen frist å forlengje.")
            }
            Refusal::NotLater {
                reference,
                until,
                current,
            } => format!(
                "{} kan ikkje bli ny frist for {reference} (fristen er no {}): ei forlenging må vere seinare enn fristen i runden, høgst ti år etter vedtaket, og ein annan enn den som gjeld.",
                self.date(*until),
                self.date(*current)
            ),
            Refusal::StillOwed { reference, owed } => format!(
                "{reference} skuldar framleis {}; registrer innbetalinga med `tilskudd repaid` før saka blir avslutta.",
                money(*owed)
            ),
            Refusal::FollowUpStarted { reference } => format!(
                "{reference} har utbetalingar eller sluttrapport og kan ikkje gjenopnast; eit nytt vedtak krev då krav om tilbakebetaling (`tilskudd claim`)."
            ),
            Refusal::Unclaimed { reference, unspent } => format!(
                "{reference} har fått utbetalt {} som ikkje er brukt og ikkje kravd tilbake; krev det tilbake med `tilskudd claim {reference} --reason …` før saka blir avslutta.",
                money(*unspent)
            ),
            Refusal::SpentNotPaid { reference, unpaid } => format!(
                "{reference} har brukt {} meir enn det som er utbetalt; registrer utbetalinga med `tilskudd pay {reference}` før saka blir avslutta.",
                money(*unpaid)
            ),
            Refusal::OutcomeMismatch {
                reference,
                outcome,
                fits,
            } => format!(
                "Tildelinga i {reference} tyder «{}», ikkje «{}». {}",
                self.outcome(*fits),
                self.outcome(*outcome),
                match fits {
                    Outcome::Reject => "Tildel eit beløp først, eller innstill på avslag (reject).",
                    Outcome::Approve =>
                        "Alt det er søkt om, er tildelt: innstill på innvilging (approve).",
                    Outcome::Partial =>
                        "Mindre enn det er søkt om, er tildelt: innstill på delvis innvilging (partial), eller tildel resten.",
                }
            ),
            Refusal::NoProposal { reference, state } => format!(
                "{reference} er {} og har inga innstilling å vedta. Skriv ei først: tilskudd propose {} …",
                self.state(*state),
                super::shell_word(reference)
            ),
            Refusal::FourEyes {
                reference,
                proposer,
            } => format!(
                "{proposer} innstilte i {reference}; runden følgjer fireaugeprinsippet (fire auge), så ein annan må gjere vedtaket."
            ),
            Refusal::AlreadySent { reference, sent } => format!(
                "{reference} er allereie registrert som sendt{}. Datoen og journalposten frå den gongen står; ingenting vart endra.",
                sent.map(|d| format!(" {}", self.date(d)))
                    .unwrap_or_default()
            ),
            Refusal::EmptyValue => "Verdien er tom; skriv inn ein verdi.".to_string(),
            Refusal::NameRequired => {
                "Du må oppgi eit fullt namn: --name \"Førenamn Etternamn\".".to_string()
            }
            Refusal::NotOneLine => {
                "Teksten skal stå på éi linje, utan linjeskift, kontrollteikn eller usynlege teikn."
                    .to_string()
            }
            Refusal::SignatoryUnnamed { login, reference } => format!(
                "Vedtaket i {reference} skal signerast av {login}, som ikkje har noko namn registrert. Ingen brev vart skrivne. Registrer namn og tittel med `tilskudd users set {} --name \"Fullt namn\" --title \"rådgiver\"`.",
                super::shell_word(login)
            ),
            Refusal::NotInRound { reference, round } => format!(
                "{reference} høyrer ikkje til runde {round}. Sjå sakene i runden med `tilskudd list --round {round}`."
            ),
            Refusal::NotDecidedToSend { reference, state } => format!(
                "{reference} er {}, ikkje vedteken; det er ikkje noko vedtaksbrev å sende enno.",
                self.state(*state)
            ),
            Refusal::SentInFuture { date } => format!(
                "{} er fram i tid. Registrer breva som sende den dagen dei går ut.",
                self.date(*date)
            ),
            Refusal::SentBeforeDecision {
                reference,
                date,
                decided,
            } => format!(
                "{reference} vart vedteken {}, etter {}: eit brev kan ikkje vere sendt før vedtaket. Sjekk datoen.",
                self.date(*decided),
                self.date(*date)
            ),
            Refusal::NotDecided { reference, state } => {
                format!(
                    "{reference} er {}, ikkje vedteken; det er ingenting å gjenopne.",
                    self.state(*state)
                )
            }
            Refusal::NothingToUndo { reference, person } => format!(
                "{person} har inga endring i {reference} som kan angrast: berre ei vilkårsvurdering, ei tildeling eller ei innstilling kan takast tilbake, og berre den siste."
            ),
            Refusal::ChangedByOther {
                reference,
                by,
                change,
            } => format!(
                "{by} har endra {reference} etter deg ({}), så den siste endringa di blir ikkje angra. Sjå saka og gjer endringa for hand om ho framleis skal bort.",
                super::event_line(self, change)
            ),
            Refusal::AlreadyUndone { reference } => format!(
                "Den siste endringa di i {reference} var ei angring. Gjer endringa på nytt om du vil ha ho tilbake."
            ),
            Refusal::ProposalChanged {
                reference,
                expected,
                current,
            } => match current {
                Some(current) => format!(
                    "Innstillinga i {reference} er ikkje lenger nr. {expected}, men nr. {current}. Sjå den nye (tilskudd show {}) før du vedtek.",
                    super::shell_word(reference)
                ),
                None => format!(
                    "{reference} har inga innstilling no, så nr. {expected} kan ikkje bli vedteken. Sjå saka: tilskudd show {}",
                    super::shell_word(reference)
                ),
            },
            Refusal::AlreadyDeclared { reference, person } => {
                format!("{person} har allereie erklært seg ugild i {reference}.")
            }
            Refusal::FileNamesClash {
                first,
                second,
                file,
            } => format!(
                "Breva til {first} og {second} ville begge bli lagra som {file}, så ingen brev er skrivne eller merkte som sende. Gi ei av sakene ein annan referanse (import --replace), og prøv igjen."
            ),
            Refusal::FileNameTooLong { reference, limit } => format!(
                "Referansen {reference} gir eit filnamn på over {limit} byte, så ingen brev er skrivne eller merkte som sende. Gi saka ein kortare referanse."
            ),
            Refusal::TooMany { limit } => {
                format!("Meir enn {limit} på éin gong; be om færre om gongen.")
            }
            Refusal::NotPerPot { check } => format!(
                "{check} blir vurdert for heile søknaden, ikkje per pott; berre formål (purpose) blir vurdert per pott. Ta bort --pot."
            ),
            Refusal::PotNotRequested {
                reference,
                pot,
                requested,
            } => format!(
                "{reference} søkjer ikkje om midlar frå potten «{pot}». Vel ein av pottane søknaden gjeld: {}.",
                requested.join(", ")
            ),
            Refusal::Unprintable { code } => format!(
                "Teksten har eit teikn som ikkje er tekst (U+{code:04X}), gjerne med frå ein terminal eller ei kopiert fil. Ingenting vart lagra; skriv teksten utan det."
            ),
            Refusal::UnprintableName { code } => format!(
                "Namnet du handlar under (TILSKUDD_USER) har eit teikn som ikkje er tekst (U+{code:04X}). Ingenting vart gjort; set TILSKUDD_USER til namnet ditt utan det."
            ),
            Refusal::TooLong { limit } => format!(
                "Teksten er lengre enn {limit} teikn. Kort han ned; ei lang grunngiving kan leggjast ved saka i arkivet og visast til."
            ),
            Refusal::InvalidLogin { login } => format!(
                "«{}» er ikkje eit brukarnamn: bruk påloggingsnamnet på maskina, med berre a–z, A–Z, 0–9, punktum, _, - og @ (ikkje æøå, mellomrom eller usynlege teikn).",
                login.escape_debug()
            ),
            Refusal::NoSuchAccount { login } => format!(
                "«{login}» er ingen konto på denne maskina (`getent passwd {login}` finn ingen). Sjekk stavemåten; kontoen må finnast før han kan få tilgang."
            ),
            Refusal::LastAdmin { login } => format!(
                "{login} er den siste administratoren og kan ikkje fjernast eller setjast ned. Gjer ein annan til administrator først."
            ),
            Refusal::NoSuchUser { login } => {
                format!("{login} er ikkje brukar av tenaren. Sjå `tilskudd users list`.")
            }
            Refusal::Stale { reference, changes } => format!(
                "{reference} er endra sidan du såg saka, så ingenting vart lagra. Sjå over saka og prøv igjen. Endringane:\n{}",
                super::stale_changes(self, changes, "til")
            ),
        }
    }

    // One flat arm per problem: a table to read, not logic to split.
    #[allow(clippy::too_many_lines)]
    fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::NotUtf8 { offset } => {
                format!("er ikkje UTF-8-tekst (byte {offset}); lagre fila som UTF-8")
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
                let lead = "er ikkje ei Excel-arbeidsbok som kan lesast; opna ho i Excel eller LibreOffice og lagra ho som Excel-arbeidsbok (.xlsx)";
                match words {
                    Some(words) => format!("{lead}; Excel-lesaren seier: {words}"),
                    None => lead.to_string(),
                }
            }
            Problem::UnknownFormat => "ukjent format; bruk .toml, .csv, .json eller .xlsx (eit Excel-ark)".into(),
            Problem::CsvHeader { found } => {
                format!(
                    "overskrifta må vere number,name,county,former_names, eventuelt følgd av official_name og org_number, ikkje {found}"
                )
            }
            Problem::Missing => "manglar".into(),
            Problem::WrongType { expected } => format!(
                "må vere {}",
                match expected.as_ref() {
                    "object" => "ein tabell/eit objekt",
                    "text" => "tekst",
                    "true/false" => "true eller false",
                    "whole number" => "eit heiltal",
                    "amount" => "eit beløp",
                    "list" => "ei liste",
                    other => other,
                }
            ),
            Problem::Empty => "er tomt".into(),
            Problem::DuplicateKey { key } => format!("nøkkelen «{key}» står to gonger"),
            Problem::TooLong { limit } => format!("er lengre enn dei {limit} teikna feltet kan ha"),
            Problem::TooMany { limit } => {
                format!("har fleire enn dei {limit} oppføringane lista kan ha")
            }
            Problem::TooManyValues { limit } => format!(
                "har fleire enn dei {limit} verdiane som kan lesast på ein gong; er det rett fil? Del ho opp om ho er det"
            ),
            Problem::ControlCharacters => {
                "inneheld linjeskift eller andre kontrollteikn; skriv det på éi linje".into()
            }
            Problem::Folded => "linjeskift og tabulatorar er bytte med mellomrom og andre kontrollteikn fjerna; originalen står i historikken".into(),
            Problem::UnknownColumn => format!(
                "er ikkje ei kolonne i søknadstabellen (feilstava?); kolonnene er {} og éi amount_<pott> per pott",
                crate::import::TABLE_COLUMNS.join(", ")
            ),
            Problem::UnknownField => "er ikkje eit felt i dette formatet (feilstava?)".into(),
            Problem::InvalidDate { value } => {
                format!("«{value}» er ikkje ein dato; skriv ÅÅÅÅ-MM-DD")
            }
            Problem::InvalidDateTime { value } => {
                format!(
                    "«{value}» er ikkje eit tidspunkt; skriv til dømes 2021-07-30T13:45:00+02:00"
                )
            }
            Problem::InvalidAmount { value, error } => self.amount_error(value, error),
            Problem::InvalidMunicipalityNumber { value } => {
                format!("«{value}» er ikkje eit kommunenummer (fire siffer, til dømes 4622)")
            }
            Problem::InvalidChoice { value, allowed } => {
                format!("«{value}» er ikkje ein av {}", allowed.join(", "))
            }
            Problem::OutOfRange { value, min, max } => format!("{value} er utanfor {min}–{max}"),
            Problem::ExtraValues { values, columns } => format!(
                "har {values} verdiar, men overskrifta har berre {columns} kolonnar; fjern det som står etter den siste, eller gi det ein kolonne i overskrifta"
            ),
            Problem::PeriodReversed => "perioden sluttar før han byrjar".into(),
            Problem::Duplicate { id } => format!("{id} står to gonger i denne importen"),
            Problem::NotAMember { number } => {
                format!("{number} er i styringsgruppa, men ikkje medlem")
            }
            Problem::UnknownRound { id, known } => format!(
                "det finst ingen runde {id}; importer han først med `tilskudd import round` (kjende: {})",
                if known.is_empty() {
                    LABELS.none.to_string()
                } else {
                    known.join(", ")
                }
            ),
            Problem::UnknownNetwork { id } => {
                format!(
                    "det finst ikkje noko nettverk {id}; importer det først med `tilskudd import registry`"
                )
            }
            Problem::UnknownMunicipality { number } => {
                format!(
                    "det finst ingen kommune {number}; importer han først med `tilskudd import registry`"
                )
            }
            Problem::UnknownPot { pot, round, known } => {
                format!(
                    "runden {round} har ingen pott {pot} (han har: {})",
                    known.join(", ")
                )
            }
            Problem::ExistsDifferent { reference } => format!(
                "{reference} finst allereie med anna innhald; legg til --replace for å erstatte han"
            ),
            Problem::ReplaceClosed { reference } => format!(
                "{reference} har innstilling eller vedtak og kan ikkje erstattast; gjenopne saka først"
            ),
            Problem::ReplaceBelowAllocation { reference, pot } => format!(
                "den nye versjonen av {reference} søkjer om mindre frå {pot} enn det som er tildelt; set ned tildelinga først"
            ),
            Problem::PotBelowAllocated { pot } => {
                format!("potten {pot} ville bli mindre enn det som allereie er tildelt frå han")
            }
            Problem::ReplaceMovesAllocations { reference, round } => format!(
                "den nye versjonen flyttar {reference} til runden {round}, men saka har tildelingar; set dei til 0 først"
            ),
            Problem::ReplaceConflicted { reference, person } => format!(
                "{person} har meldt ugildskap i {reference} og kan ikkje erstatte søknaden; be ein kollega gjere det"
            ),
            Problem::FourEyesWhileProposed { round, cases } => format!(
                "runden {round} krev to personar (four_eyes), og {} ventar på vedtak med innstilling gitt under den regelen ({}); gjer vedtak eller trekk tilbake innstillingane før four_eyes blir slått av",
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
                format!(" Meinte du {}?", join_list(s, "eller"))
            }
        };
        match n {
            NotFound::Case {
                reference,
                suggestions,
            } => format!(
                "Det finst inga sak «{reference}».{} `tilskudd list` viser alle.",
                did_you_mean(suggestions)
            ),
            NotFound::RoundsOfYear { year, known } => {
                let mut years = known.clone();
                years.sort_unstable();
                years.dedup();
                let years: Vec<String> = years.iter().map(ToString::to_string).collect();
                if years.is_empty() {
                    format!(
                        "Det finst ingen runde for {year}. Importer ein med `tilskudd import round FIL`."
                    )
                } else {
                    format!(
                        "Det finst inga runde for {year}. Det finst rundar for: {}.",
                        years.join(", ")
                    )
                }
            }
            NotFound::Round { id, known } => format!(
                "Det finst ingen runde «{id}». {}",
                if known.is_empty() {
                    "Importer ein med `tilskudd import round FIL`.".to_string()
                } else {
                    format!("Kjende rundar: {}.", known.join(", "))
                }
            ),
            NotFound::Pot { round, pot, known } => {
                format!(
                    "Runden {round} har ingen pott {pot}. Pottane: {}.",
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
                "{} er ikkje ein tilskudd-database. Fila er ikkje rørt; oppgi ei anna fil med --db.",
                path.display()
            ),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "{} er skriven av ein nyare tilskudd (skjema {found}; denne kjenner {supported}). Fila er ikkje rørt; oppgrader tilskudd.",
                path.display()
            ),
            StoreError::Missing { path } => format!(
                "Databasen {} finst ikkje. Arbeider du på ein felles tenar, set TILSKUDD_SERVER eller `server` i /etc/tilskudd/config.toml; elles kan du importere data med `tilskudd import`, køyre `tilskudd demo` eller oppgi rett fil med --db.",
                path.display()
            ),
            StoreError::Busy { path } => format!(
                "{} er i bruk av ein annan prosess, kanskje ein `tilskudd serve`. Køyrer ein tenar på fila, så bruk --server SOCKET; elles prøv igjen om litt.",
                path.display()
            ),
            StoreError::Io { path, message } => {
                format!("Kan ikkje bruke {}: {}.", path.display(), os_nn(message))
            }
            StoreError::DiskFull { path } => format!(
                "Disken der {} ligg, er full. Ingenting vart lagra, og det som var lagra frå før, er uendra. Frigjer plass og prøv igjen.",
                path.display()
            ),
            StoreError::Planted { path, owner } => format!(
                "{} finst allereie, {}: ein ny database blir ikkje laga der, for andre kunne lese eller endre han. Vel ei anna fil med --db, eller fjern det som ligg der, om det er ditt.",
                path.display(),
                owner.map_or_else(
                    || "som ei lenkje".to_string(),
                    |uid| format!("tom og eigd av ein annan brukar (uid {uid})")
                )
            ),
            StoreError::Exposed { path, how } => {
                let path = path.display();
                match how {
                    crate::store::Exposure::WritableByAll => format!(
                        "{path} kan endrast av alle brukarar på maskina, så det som står i ho, kan ikkje stolast på. Ingenting vart lese eller lagra. Er fila di, så steng ho for andre med `chmod o-w {path}`; elles bruk ei anna fil med --db."
                    ),
                    crate::store::Exposure::OwnedByAnotherInOpenFolder { owner } => format!(
                        "{path} (eller ei mappe på vegen dit) ligg i ei mappe alle kan skrive i, og er eigd av ein annan brukar (uid {owner}): ho kan vere lagd der for at du skal bruke ho. Ingenting vart lese eller lagra. Bruk ein database i ei mappe som er di, med --db."
                    ),
                    crate::store::Exposure::ReplaceableByAll => format!(
                        "{path} (eller ei mappe på vegen dit) ligg i ei mappe der alle kan byte ut filer, så det som står i ho, kan ikkje stolast på. Ingenting vart lese eller lagra. Flytt databasen til ei mappe som er di, og bruk han med --db."
                    ),
                }
            }
            StoreError::ReadOnly { path } => format!(
                "{} ligg på ein disk som berre kan lesast. Ingenting vart lagra. Bruk ei fil på ein disk det kan skrivast til.",
                path.display()
            ),
            StoreError::Corrupt { what } => format!(
                "Lagra data kunne ikkje lesast ({what}); fila kan vere skadd. Hent ho frå tryggingskopi."
            ),
            StoreError::Database(message) => format!("Databasefeil: {message}."),
            StoreError::Poisoned { .. } => {
                "Databasen må opnast på nytt etter ein feil ved skriving; tenaren startar på nytt av seg sjølv under systemd. Prøv igjen om litt.".to_string()
            }
        }
    }

    fn error(&self, e: &Error) -> String {
        match e {
            Error::Refused(r) => self.refusal(r),
            Error::Import(i) => {
                let place = super::import_place(i, ["rad", "kolonna", "feltet"]);
                format!(
                    "{place}: {}. Ingenting vart importert.",
                    self.problem(&i.problem)
                )
            }
            Error::Store(s) => self.store_error(s),
            Error::NotFound(n) => self.not_found(n),
            Error::Amount { input, error } => format!("{}.", self.amount_error(input, error)),
            Error::EmptyQuery => {
                "Oppgi eit namn, eit nummer, eit nettverk eller ein person å slå opp.".into()
            }
            Error::Server(problem) => server_problem(problem),
            Error::UnknownUser { login, admins } => format!(
                "{login} er ikkje brukar av denne tenaren. Be {} om å leggje deg til: tilskudd users add {login} --role reviewer",
                if admins.is_empty() {
                    "ein administrator".to_string()
                } else {
                    join_list(admins, "eller")
                }
            ),
            Error::Forbidden { login, role, needs } => format!(
                "{login} er {} og kan ikkje gjere dette; det krev rolla {}. Be ein administrator om det, eller om rolla.",
                self.user_role(*role),
                self.user_role(*needs)
            ),
            Error::Output { path, message } => {
                format!("Kan ikkje skrive {path}: {}.", os_nn(message))
            }
            Error::Config { path, message } => format!(
                "Systemoppsettet {path} er feil: {message}. Det kan berre innehalde `server = \"/sti/til/socket\"`; be administratoren rette det."
            ),
            Error::Internal { message } => format!(
                "Noko gjekk gale inne i tilskudd ({message}). Det som var i gang, vart ikkje lagra. Databasefila kan vere skadd: køyr `tilskudd audit --verify`, hent fila frå tryggingskopi om ho er skadd, og meld frå."
            ),
            Error::ChainBroken(broken) => match broken {
                crate::store::Break::Altered { seq } => format!(
                    "Hendingsloggen er broten ved hending {seq}: innhaldet er endra etter at det vart skrive. Hent databasen frå tryggingskopi og meld frå."
                ),
                crate::store::Break::Missing { seq } => format!(
                    "Hendingsloggen er broten: hending {seq} manglar. Hent databasen frå tryggingskopi og meld frå."
                ),
                crate::store::Break::Truncated { head, last } => format!(
                    "Hendingsloggen er broten: han sluttar ved hending {last}, men det er ført {head}. Hent databasen frå tryggingskopi og meld frå."
                ),
            },
            Error::StateDiffers(m) => format!(
                "Lagra tilstand stemmer ikkje med hendingsloggen: {}, {}: loggen seier {}, lagra er {}. Er det berre summane, køyr `tilskudd dev repair`; elles hent databasen frå tryggingskopi og meld frå.",
                m.subject, m.field, m.log, m.stored
            ),
            Error::HeadDiffers { head, expected } => format!(
                "Hendingsloggen sluttar ikkje med den hashen som vart notert: siste hash er {head}, venta {expected}. Loggen er endra eller bytt ut sidan; hent databasen frå tryggingskopi og meld frå."
            ),
            Error::BadDate { input } => format!(
                "«{}» er ikkje ein dato: skriv datoen som 2021-09-01 eller 01.09.2021.",
                crate::domain::text::safe_line(input)
            ),
            Error::BadDelimiter { delimiter } => format!(
                "«{delimiter}» kan ikkje skilje kolonnar; bruk eitt teikn som ; , eller tabulator."
            ),
            Error::BinaryToTerminal => "Eit Excel-ark kan ikkje skrivast til terminalen; oppgi ei fil med --out, til dømes --out eksport.xlsx.".into(),
            Error::NotATerminal => {
                "Handsamingsskjermen treng ein terminal. Bruk kommandoane (`tilskudd --help`) i skript.".into()
            }
            Error::DemoNotEmpty { path } => format!(
                "{path} inneheld andre data enn eksempla; demo blandar ikkje eksempel inn i verkeleg arbeid. Oppgi ei ny fil med --db, eller køyr utan --db."
            ),
            Error::ReadFile {
                path,
                missing: true,
                ..
            } => {
                format!(
                    "Finn ikkje fila {path}. Sjekk namnet og mappa; ingenting vart importert."
                )
            }
            Error::ReadFile { path, message, .. } => {
                format!("Kan ikkje lese {path} ({}); ingenting vart importert.", os_nn(message))
            }
        }
    }

    fn nothing_changed(&self) -> &'static str {
        "Ingenting er endra: det var slik frå før."
    }

    fn demo_ready(&self, path: &str) -> String {
        format!("Demodatabase klar: {path}")
    }

    fn cli_help(&self) -> &'static CliHelp {
        &HELP
    }

    fn tui(&self) -> &'static super::TuiTexts {
        &super::tui_nn::NN
    }

    fn letters_written(&self, count: usize, unsent: usize, dir: &str, round: &str) -> String {
        let mut text = format!("Skreiv {count} brev til {dir}.");
        if unsent > 0 {
            let they = if unsent == 1 {
                "Eitt av dei er ikkje registrert som sendt".to_string()
            } else {
                format!("{unsent} av dei er ikkje registrerte som sende")
            };
            text.push_str(&format!(
                " {they}: når breva er sende, registrer det med `tilskudd sent --round {round}` (eller M på skjermen)."
            ));
        }
        text
    }

    fn export_written(&self, rows: usize, path: &str) -> String {
        format!("Skreiv {rows} rader til {path}.")
    }

    fn chain_whole(&self, events: u64, head: &str) -> String {
        format!(
            "Hendingsloggen er heil og uendra, og det som er lagra, stemmer med han: {events} hendingar. Siste hash: {head}"
        )
    }

    fn user_role(&self, role: crate::domain::UserRole) -> &'static str {
        match role {
            crate::domain::UserRole::Reviewer => "sakshandsamar",
            crate::domain::UserRole::Approver => "godkjennar",
            crate::domain::UserRole::Admin => "administrator",
        }
    }

    fn serving(&self, socket: &str, db: &str, admin: &str) -> String {
        format!("tilskudd serve: lyttar på {socket} (database {db}; administrator {admin})")
    }

    fn serving_limits(&self, connections: usize, per_user: usize, idle_secs: u64) -> String {
        format!(
            "tilskudd serve: høgst {connections} tilkoplingar, {per_user} per brukar; ei tilkopling som teier i {idle_secs} s, blir lukka"
        )
    }

    fn client_turned_away(&self, login: &str, problem: &ServerProblem) -> String {
        format!(
            "avviste ei tilkopling frå {login}: {}",
            server_problem(problem)
        )
    }

    fn server_stopped(&self) -> String {
        "tilskudd serve: stoppa".into()
    }

    fn client_mismatch(&self, login: &str, protocol: u32, version: &str) -> String {
        format!(
            "avviste {login}: klienten brukar protokoll {protocol} (tilskudd {version}), tenaren {} (tilskudd {})",
            crate::server::protocol::PROTOCOL,
            crate::server::protocol::VERSION
        )
    }

    fn client_refused(&self, login: &str) -> String {
        format!("avviste {login}: ikkje brukar av tenaren")
    }

    fn server_restarts_after_failure(&self) -> String {
        "tenaren stoppar for å opne databasen på nytt etter ein feil ved skriving; systemd startar han igjen".into()
    }

    fn request_failed(&self, login: &str) -> String {
        format!("ein førespurnad frå {login} feila inne i tenaren; køyr `tilskudd audit --verify`")
    }

    fn users_heading(&self) -> [&'static str; 5] {
        [
            "BRUKAR",
            "NAMN OG TITTEL",
            "ROLLE",
            "LAGT TIL AV",
            "LAGT TIL",
        ]
    }

    fn no_users(&self) -> &'static str {
        "Ingen brukarar enno. `tilskudd serve` gjer kontoen den køyrer som, til administrator; andre legg du til med `tilskudd users add LOGIN --role reviewer|approver|admin`."
    }
}

fn server_problem(problem: &ServerProblem) -> String {
    match problem {
        ServerProblem::ConfiguredNotRunning { socket, config } => format!(
            "Tenaren som {config} viser til, svarar ikkje på {socket}. Be administratoren starte han (`systemctl start tilskudd`). Vil du arbeide i ei eiga fil, oppgi ho med --db."
        ),
        ServerProblem::Busy {
            limit,
            per_user: true,
        } => format!(
            "Du har allereie {limit} tilkoplingar til tenaren, så mange som han tek imot frå éin brukar. Lukk nokre av handsamingsskjermane dine og prøv igjen."
        ),
        ServerProblem::Busy {
            limit,
            per_user: false,
        } => format!(
            "Tenaren har {limit} tilkoplingar, så mange som han tek imot. Prøv igjen om litt, og sei frå til administratoren om det varer ved."
        ),
        ServerProblem::RequestsUnderWay { limit } => format!(
            "Du har hatt {limit} førespurnader under arbeid hos tenaren i eit halvt minutt, så mange som han tek imot frå éin brukar om gongen. Vent til dei er ferdige, og prøv igjen."
        ),
        ServerProblem::AnswerTooLarge { bytes, limit } => format!(
            "Svaret er {bytes} byte, meir enn tenaren sender i eitt svar ({limit} byte). Spør etter mindre: til dømes historikken til éi sak (tilskudd audit REF)."
        ),
        ServerProblem::TooLarge { bytes, limit } => format!(
            "Førespurnaden er {bytes} byte, meir enn tenaren tek imot ({limit} byte); berre import frå ein administrator kan vere større. Del han opp."
        ),
        ServerProblem::Untrusted {
            socket,
            server_uid,
            expected_uid,
        } => format!(
            "Prosessen som svarar på {socket}, køyrer som uid {server_uid}, men mappa socketen ligg i, høyrer til uid {expected_uid}: det er ikkje tenaren, og ingenting vart sendt til han. Sjekk --server/TILSKUDD_SERVER, eller set TILSKUDD_SERVER_UID til uid-en tenaren køyrer som."
        ),
        ServerProblem::NotRunning { socket } => format!(
            "Ingen tenar svarar på {socket}. Start ein med `tilskudd serve --socket {socket}`, eller sjekk --server/TILSKUDD_SERVER."
        ),
        ServerProblem::NoAccess { socket, group } => match group {
            Some(group) => format!(
                "Du har ikkje tilgang til {socket}. Be om å bli med i gruppa {group} (og logg inn på nytt)."
            ),
            None => format!("Du har ikkje tilgang til {socket}. Be administratoren om tilgang."),
        },
        ServerProblem::Lost { socket } => format!(
            "Sambandet med tenaren på {socket} vart brote. Det siste du gjorde, er kanskje ikkje lagra: sjekk saka når tenaren er tilbake."
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
                "Oppgrader tenaren"
            };
            format!(
                "Klienten (tilskudd {client_version}, protokoll {client_protocol}) og tenaren (tilskudd {server_version}, protokoll {server_protocol}) snakkar ikkje same protokoll. {upgrade} så dei er like."
            )
        }
        ServerProblem::Garbled { message } => {
            format!(
                "Uventa svar over sambandet: {message}. Køyrer begge sidene same versjon av tilskudd?"
            )
        }
        ServerProblem::AlreadyServing { socket } => format!(
            "Ein tenar køyrer allereie på {socket}. Stopp han først, eller vel ein annan --socket."
        ),
        ServerProblem::NotASocket { socket } => format!(
            "{socket} finst og er ikkje ein socket; han er ikkje rørt. Vel ein annan --socket."
        ),
        ServerProblem::Io { socket, message } => {
            format!("Kan ikkje bruke socketen {socket}: {}.", os_nn(message))
        }
        ServerProblem::LocalOnly { command } => format!(
            "`tilskudd {command}` arbeider berre på ei databasefil: bruk --db, ikkje --server."
        ),
    }
}

impl Nynorsk {
    /// `plan (ikkje vurdert), form (ikkje oppfylt)`: the checks that stand in the way.
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
                        "to personar (four_eyes) {} → {}",
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
                    format!("midlane brukte innan {} → {}", date(before), date(after))
                }
                RuleChange::PotTotal { pot, before, after } => {
                    format!("pott {pot} {} → {}", total(before), total(after))
                }
                RuleChange::PartnerRequired { pot, after } => {
                    format!("pott {pot} krev kompetansemiljø: {}", yes_no(after))
                }
                RuleChange::Description => "namn eller fylke".to_string(),
            })
            .collect();
        format!("runde {} endra: {}", after.id, parts.join("; "))
    }
}

/// The operating system's common failures in nynorsk.
fn os_nn(message: &str) -> String {
    super::os_message(
        message,
        &[
            "finst ikkje",
            "ingen tilgang",
            "finst allereie",
            "ein del av stien er ikkje ei mappe",
            "er ei mappe",
            "disken er full",
            "filsystemet kan berre lesast",
            "ingen svarar der",
            "namnet er for langt",
            "for mange lenkjer etter kvarandre",
            "ikkje ei vanleg fil, men ei mappe, ein pipe, ein socket eller ei eining",
        ],
    )
}

/// What breaks a file's format, in words (see `import::Malformed`).
fn malformed(what: &Malformed) -> String {
    match what {
        Malformed::EndsEarly => "teksten sluttar før verdien gjer det (manglar ein ], } eller eit hermeteikn?)".into(),
        Malformed::ExpectedValue => "her skulle det stå ein verdi: tekst i hermeteikn, eit tal, ei liste, eit objekt, true, false eller null".into(),
        Malformed::BareWord => "eit ord utan hermeteikn; berre true, false og null kan stå utan".into(),
        Malformed::ExpectedCommaOr(close) => format!("her skulle det stå eit komma eller {close}"),
        Malformed::ExpectedColon => "etter ein nøkkel skal det stå kolon (:)".into(),
        Malformed::KeyNotText => "ein nøkkel skal vere tekst i doble hermeteikn".into(),
        Malformed::TrailingComma => "eit komma rett framfor ] eller } er ikkje lov i JSON".into(),
        Malformed::TrailingCharacters => "noko står etter slutten av verdien; ei JSON-fil har éin verdi".into(),
        Malformed::TooDeep => "lister og objekt ligg for djupt inni kvarandre".into(),
        Malformed::ControlCharacter => "eit kontrollteikn (tabulator eller linjeskift) i ein tekst; skriv det som \\t eller \\n".into(),
        Malformed::InvalidEscape => "ein omvend skråstrek (\\) i ein tekst blir følgd av noko som ikkje er ein gyldig teiknkode".into(),
        Malformed::InvalidNumber => "ugyldig tal".into(),
        Malformed::NumberOutOfRange => "talet er for stort".into(),
        Malformed::InvalidUnicode => "ein \\u-kode som ikkje er eit teikn".into(),
        Malformed::ValueOrQuotes => "her manglar ein verdi, eller ein tekst står utan hermeteikn".into(),
        Malformed::NotToml { ending } => format!("fila er ei .{ending}-fil, ikkje TOML: rundar og nettverk blir lesne frå .toml-filer, kommunar også frå .csv"),
        Malformed::ExpectedEquals => "ein nøkkel utan verdi; skriv nøkkel = verdi".into(),
        Malformed::ExpectedLineEnd => "her skulle linja slutte; kvar nøkkel = verdi står på si eiga linje".into(),
        Malformed::DuplicateKey => "ein nøkkel eller tabell er gitt to gonger".into(),
        Malformed::UnclosedList => "ei liste er ikkje lukka med ]".into(),
        Malformed::UnclosedTable => "ei tabelloverskrift er ikkje lukka med ]".into(),
        Malformed::UnclosedText => "ein tekst er ikkje lukka med hermeteiknet sitt".into(),
        Malformed::Reader { format, words } => format!("{format}-lesaren seier: {words}"),
    }
}
