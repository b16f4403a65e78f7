//! What the command line says about itself: clap's own words (usage errors, possible
//! values, defaults) and the manual page's sections, in each language. Templates hold
//! `{0}`, `{1}` for the values.

/// Clap's messages and markers, which clap itself knows only in English.
pub struct UsageWords {
    pub usage: &'static str,
    /// `{0}`: the command, to be run with `--help`.
    pub more_help: &'static str,
    /// `{0}`: the value, `{1}`: the option.
    pub invalid_value: &'static str,
    pub possible_values: &'static str,
    pub unknown_argument: &'static str,
    pub unknown_command: &'static str,
    pub did_you_mean: &'static str,
    pub missing: &'static str,
    /// `{0}` cannot be used with `{1}`.
    pub conflict: &'static str,
    pub choose_command: &'static str,
    /// `{0}`: an option given a value it takes none of, or too many.
    pub wrong_values: &'static str,
    pub default: &'static str,
    pub environment: &'static str,
    /// After the main help: the environment variables, so `--help` names them.
    pub after_help: &'static str,
}

/// A manual page's section headings (`clap_mangen` writes them in English) and the
/// sections it does not write.
pub struct ManWords {
    /// `clap_mangen`'s headings and ours.
    pub headings: [(&'static str, &'static str); 6],
    /// Extra sections: heading, then entries of (term, text); a term of "" is a
    /// paragraph.
    pub sections: &'static [(&'static str, &'static [(&'static str, &'static str)])],
}

pub static NB: UsageWords = UsageWords {
    usage: "Bruk",
    more_help: "Mer hjelp: {0} --help",
    invalid_value: "«{0}» er ikke en gyldig verdi for {1}",
    possible_values: "mulige verdier",
    unknown_argument: "ukjent valg {0}",
    unknown_command: "ukjent kommando {0}",
    did_you_mean: "mente du {0}?",
    missing: "mangler",
    conflict: "{0} kan ikke brukes sammen med {1}",
    choose_command: "velg en kommando",
    wrong_values: "feil antall verdier for {0}",
    default: "standard",
    environment: "miljøvariabel",
    after_help: "Miljøvariabler: TILSKUDD_DB (databasefil), TILSKUDD_SERVER (tjenerens socket), TILSKUDD_LANG (nb, nn eller en), TILSKUDD_USER (hvem du er på en lokal fil), TILSKUDD_CONFIG (systemoppsettet, standard /etc/tilskudd/config.toml). `tilskudd man` viser hele håndboken.",
};

pub static NN: UsageWords = UsageWords {
    usage: "Bruk",
    more_help: "Meir hjelp: {0} --help",
    invalid_value: "«{0}» er ikkje ein gyldig verdi for {1}",
    possible_values: "moglege verdiar",
    unknown_argument: "ukjent val {0}",
    unknown_command: "ukjend kommando {0}",
    did_you_mean: "meinte du {0}?",
    missing: "manglar",
    conflict: "{0} kan ikkje brukast saman med {1}",
    choose_command: "vel ein kommando",
    wrong_values: "feil tal på verdiar for {0}",
    default: "standard",
    environment: "miljøvariabel",
    after_help: "Miljøvariablar: TILSKUDD_DB (databasefil), TILSKUDD_SERVER (socketen til tenaren), TILSKUDD_LANG (nb, nn eller en), TILSKUDD_USER (kven du er på ei lokal fil), TILSKUDD_CONFIG (systemoppsettet, standard /etc/tilskudd/config.toml). `tilskudd man` viser heile handboka.",
};

pub static EN: UsageWords = UsageWords {
    usage: "Usage",
    more_help: "More help: {0} --help",
    invalid_value: "'{0}' is not a valid value for {1}",
    possible_values: "possible values",
    unknown_argument: "unknown option {0}",
    unknown_command: "unknown command {0}",
    did_you_mean: "did you mean {0}?",
    missing: "missing",
    conflict: "{0} cannot be used with {1}",
    choose_command: "choose a command",
    wrong_values: "wrong number of values for {0}",
    default: "default",
    environment: "environment",
    after_help: "Environment: TILSKUDD_DB (database file), TILSKUDD_SERVER (the server's socket), TILSKUDD_LANG (nb, nn or en), TILSKUDD_USER (who you are on a local file), TILSKUDD_CONFIG (the system configuration, default /etc/tilskudd/config.toml). `tilskudd man` shows the whole manual.",
};

const ENVIRONMENT_NB: &[(&str, &str)] = &[
    ("TILSKUDD_DB", "Databasefilen, når --db ikke er gitt."),
    (
        "TILSKUDD_SERVER",
        "Socketen til en kjørende `tilskudd serve`; alle kommandoer og skjermen bruker den.",
    ),
    (
        "TILSKUDD_LANG",
        "Språket: nb (bokmål), nn (nynorsk) eller en (engelsk).",
    ),
    (
        "TILSKUDD_USER",
        "Hvem som handler på en lokal fil (standard: innloggingsnavnet); på en tjener avgjør forbindelsen det.",
    ),
    (
        "TILSKUDD_CONFIG",
        "Systemoppsettet i stedet for /etc/tilskudd/config.toml.",
    ),
    (
        "TILSKUDD_SERVER_UID",
        "Brukeren tjeneren kjører som, der den ikke eier socketens mappe.",
    ),
    ("NO_COLOR", "Skjermen uten farger."),
];

const FILES_NB: &[(&str, &str)] = &[
    (
        "/etc/tilskudd/config.toml",
        "Systemoppsettet: `server = \"/run/tilskudd/tilskudd.sock\"` lar alle bruke tjeneren.",
    ),
    (
        "~/.local/share/tilskudd/tilskudd.redb",
        "Den personlige databasen, der ingen tjener er satt opp.",
    ),
    (
        "~/.local/state/tilskudd/",
        "Utkast fra behandlingsskjermen som ikke er lagret ennå.",
    ),
];

const EXIT_NB: &[(&str, &str)] = &[
    ("0", "Utført."),
    (
        "1",
        "Avvist eller feil: ingenting ble endret, og meldingen sier hvorfor.",
    ),
    ("2", "Feil bruk av kommandolinjen."),
];

const EXAMPLES_NB: &[(&str, &str)] = &[
    (
        "tilskudd demo",
        "Lag en demodatabase og åpne behandlingsskjermen.",
    ),
    (
        "tilskudd import applications soknader.xlsx",
        "Importer søknader fra skjemaløsningens Excel-eksport.",
    ),
    (
        "tilskudd status --round innlandet-2022",
        "Potter og saker i en runde.",
    ),
    (
        "tilskudd allocate INN-2022-001 egeninitiert \"450 000\"",
        "Tildel et beløp fra en pott.",
    ),
    (
        "tilskudd propose INN-2022-001 approve --reason \"God plan\"",
        "Skriv innstillingen; en kollega vedtar med `tilskudd approve`.",
    ),
    (
        "tilskudd letters --round innlandet-2022 --out brev --format pdf",
        "Skriv vedtaksbrevene; `tilskudd sent` registrerer at de er sendt.",
    ),
];

pub static MAN_NB: ManWords = ManWords {
    headings: [
        ("NAME", "NAVN"),
        ("SYNOPSIS", "OVERSIKT"),
        ("DESCRIPTION", "BESKRIVELSE"),
        ("OPTIONS", "VALG"),
        ("SUBCOMMANDS", "KOMMANDOER"),
        ("VERSION", "VERSJON"),
    ],
    sections: &[
        ("MILJØ", ENVIRONMENT_NB),
        ("FILER", FILES_NB),
        ("AVSLUTNINGSSTATUS", EXIT_NB),
        ("EKSEMPLER", EXAMPLES_NB),
    ],
};

const ENVIRONMENT_NN: &[(&str, &str)] = &[
    ("TILSKUDD_DB", "Databasefila, når --db ikkje er gitt."),
    (
        "TILSKUDD_SERVER",
        "Socketen til ein køyrande `tilskudd serve`; alle kommandoane og skjermen brukar han.",
    ),
    (
        "TILSKUDD_LANG",
        "Språket: nb (bokmål), nn (nynorsk) eller en (engelsk).",
    ),
    (
        "TILSKUDD_USER",
        "Kven som handlar på ei lokal fil (standard: innloggingsnamnet); på ein tenar avgjer sambandet det.",
    ),
    (
        "TILSKUDD_CONFIG",
        "Systemoppsettet i staden for /etc/tilskudd/config.toml.",
    ),
    (
        "TILSKUDD_SERVER_UID",
        "Brukaren tenaren køyrer som, der han ikkje eig mappa til socketen.",
    ),
    ("NO_COLOR", "Skjermen utan fargar."),
];

const FILES_NN: &[(&str, &str)] = &[
    (
        "/etc/tilskudd/config.toml",
        "Systemoppsettet: `server = \"/run/tilskudd/tilskudd.sock\"` lèt alle bruke tenaren.",
    ),
    (
        "~/.local/share/tilskudd/tilskudd.redb",
        "Den personlege databasen, der ingen tenar er sett opp.",
    ),
    (
        "~/.local/state/tilskudd/",
        "Utkast frå handsamingsskjermen som ikkje er lagra enno.",
    ),
];

const EXIT_NN: &[(&str, &str)] = &[
    ("0", "Utført."),
    (
        "1",
        "Avvist eller feil: ingenting vart endra, og meldinga seier kvifor.",
    ),
    ("2", "Feil bruk av kommandolinja."),
];

const EXAMPLES_NN: &[(&str, &str)] = &[
    (
        "tilskudd demo",
        "Lag ein demodatabase og opne handsamingsskjermen.",
    ),
    (
        "tilskudd import applications soknader.xlsx",
        "Importer søknader frå Excel-eksporten til skjemaløysinga.",
    ),
    (
        "tilskudd status --round innlandet-2022",
        "Pottar og saker i ein runde.",
    ),
    (
        "tilskudd allocate INN-2022-001 egeninitiert \"450 000\"",
        "Tildel eit beløp frå ein pott.",
    ),
    (
        "tilskudd propose INN-2022-001 approve --reason \"God plan\"",
        "Skriv innstillinga; ein kollega vedtek med `tilskudd approve`.",
    ),
    (
        "tilskudd letters --round innlandet-2022 --out brev --format pdf",
        "Skriv vedtaksbreva; `tilskudd sent` registrerer at dei er sende.",
    ),
];

pub static MAN_NN: ManWords = ManWords {
    headings: [
        ("NAME", "NAMN"),
        ("SYNOPSIS", "OVERSYN"),
        ("DESCRIPTION", "SKILDRING"),
        ("OPTIONS", "VAL"),
        ("SUBCOMMANDS", "KOMMANDOAR"),
        ("VERSION", "VERSJON"),
    ],
    sections: &[
        ("MILJØ", ENVIRONMENT_NN),
        ("FILER", FILES_NN),
        ("AVSLUTTINGSSTATUS", EXIT_NN),
        ("DØME", EXAMPLES_NN),
    ],
};

const ENVIRONMENT_EN: &[(&str, &str)] = &[
    ("TILSKUDD_DB", "The database file, where --db is not given."),
    (
        "TILSKUDD_SERVER",
        "The socket of a running `tilskudd serve`; every command and the screen use it.",
    ),
    (
        "TILSKUDD_LANG",
        "The language: nb (bokmål), nn (nynorsk) or en (English).",
    ),
    (
        "TILSKUDD_USER",
        "Who acts on a local file (default: the login name); on a server the connection decides.",
    ),
    (
        "TILSKUDD_CONFIG",
        "The system configuration instead of /etc/tilskudd/config.toml.",
    ),
    (
        "TILSKUDD_SERVER_UID",
        "The user the server runs as, where it does not own the socket's folder.",
    ),
    ("NO_COLOR", "The screen without colours."),
];

const FILES_EN: &[(&str, &str)] = &[
    (
        "/etc/tilskudd/config.toml",
        "The system configuration: `server = \"/run/tilskudd/tilskudd.sock\"` makes everyone use the server.",
    ),
    (
        "~/.local/share/tilskudd/tilskudd.redb",
        "The personal database, where no server is configured.",
    ),
    (
        "~/.local/state/tilskudd/",
        "Drafts from the review screen not yet saved.",
    ),
];

const EXIT_EN: &[(&str, &str)] = &[
    ("0", "Done."),
    (
        "1",
        "Refused or failed: nothing was changed, and the message says why.",
    ),
    ("2", "Wrong use of the command line."),
];

const EXAMPLES_EN: &[(&str, &str)] = &[
    (
        "tilskudd demo",
        "Make a demo database and open the review screen.",
    ),
    (
        "tilskudd import applications applications.xlsx",
        "Import applications from the forms system's Excel export.",
    ),
    (
        "tilskudd status --round innlandet-2022",
        "Pots and cases of a round.",
    ),
    (
        "tilskudd allocate INN-2022-001 egeninitiert \"450 000\"",
        "Allocate an amount from a pot.",
    ),
    (
        "tilskudd propose INN-2022-001 approve --reason \"Good plan\"",
        "Write the proposal; a colleague decides with `tilskudd approve`.",
    ),
    (
        "tilskudd letters --round innlandet-2022 --out letters --format pdf",
        "Write the decision letters; `tilskudd sent` records that they went out.",
    ),
];

pub static MAN_EN: ManWords = ManWords {
    headings: [
        ("NAME", "NAME"),
        ("SYNOPSIS", "SYNOPSIS"),
        ("DESCRIPTION", "DESCRIPTION"),
        ("OPTIONS", "OPTIONS"),
        ("SUBCOMMANDS", "SUBCOMMANDS"),
        ("VERSION", "VERSION"),
    ],
    sections: &[
        ("ENVIRONMENT", ENVIRONMENT_EN),
        ("FILES", FILES_EN),
        ("EXIT STATUS", EXIT_EN),
        ("EXAMPLES", EXAMPLES_EN),
    ],
};
