//! Every key of the review screen, written once as data: what it is, where it works, what
//! it does and how it is described in each language. The key handler ([`map_key`]), the
//! footer ([`hints`]), the help overlay ([`help_lines`]) and the README's key table
//! ([`readme_table`], checked by a test) are all made from [`BINDINGS`].

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use crate::i18n::Lang;

/// What receives keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyContext {
    /// The case list.
    List,
    /// The checks of the open case.
    Checks,
    /// The allocation per pot of the open case.
    Allocation,
    /// A text field: letters are text.
    Text,
    /// A menu or choice: arrows choose, letters may be shortcuts.
    Choice,
    /// The verdict choice of a check: a choice with shortcut letters.
    Verdict,
    /// A yes/no question.
    Confirm,
    /// Text to read (help, letter, messages): it scrolls and stops at the end.
    Read,
    /// A search field over results that scroll.
    Search,
    /// An amount, over a list of pots that ↑/↓ choose from.
    Amount,
    /// The queue's filter being typed.
    Filter,
    /// A menu: a list of things to do, one chosen with Enter.
    Menu,
    /// The overview of a round: lists of networks and municipalities.
    Overview,
}

use KeyContext::{
    Allocation, Amount, Checks, Choice, Confirm, Filter, List, Menu, Overview, Read, Search, Text,
    Verdict,
};

const PANES: &[KeyContext] = &[List, Checks, Allocation];
const CASE_PANES: &[KeyContext] = &[Checks, Allocation];
const CHOICES: &[KeyContext] = &[Choice, Verdict];
const FIELDS: &[KeyContext] = &[Text, Search, Amount, Filter];
const FORMS: &[KeyContext] = &[Text, Choice, Verdict, Search, Amount];
const SCROLLS: &[KeyContext] = &[Read, Search];

/// A key as pressed: a code, with Ctrl or without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn c(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: false,
    }
}

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: true,
    }
}

/// Words in each language the screen speaks.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    pub nb: &'static str,
    pub nn: &'static str,
    pub en: &'static str,
}

impl Words {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nb => self.nb,
            Lang::Nn => self.nn,
            Lang::En => self.en,
        }
    }
}

const fn w(nb: &'static str, nn: &'static str, en: &'static str) -> Words {
    Words { nb, nn, en }
}

/// One key binding (or a few keys with one meaning).
pub struct Binding {
    /// The keys, as matched, each with what it does here.
    pub keys: &'static [(Key, Action)],
    /// The keys as a person reads them, in help, footer and README.
    pub shown: Words,
    /// Where the keys work.
    pub contexts: &'static [KeyContext],
    /// The footer's short word, where the key is worth a place there.
    pub hint: Option<Hint>,
    /// The help overlay's description; `None` for a key described by another line.
    pub help: Option<Words>,
}

/// A place in the footer.
#[derive(Clone, Copy, Debug)]
pub struct Hint {
    pub words: Words,
    /// Footers keep the hints of lowest rank when the window is narrow: 0 is never
    /// dropped (help, quit, cancel).
    pub rank: u8,
    /// The contexts whose footer shows it (a subset of the binding's).
    pub shown_in: &'static [KeyContext],
}

#[allow(clippy::unnecessary_wraps)] // reads as the field it fills: `hint: hint(…)` or `hint: None`
const fn hint(
    nb: &'static str,
    nn: &'static str,
    en: &'static str,
    rank: u8,
    shown_in: &'static [KeyContext],
) -> Option<Hint> {
    Some(Hint {
        words: w(nb, nn, en),
        rank,
        shown_in,
    })
}

/// Every binding, in the order help and README list them.
pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: &[
            (c('j'), Action::Down),
            (c('k'), Action::Up),
            (k(KeyCode::Down), Action::Down),
            (k(KeyCode::Up), Action::Up),
        ],
        shown: w("j/k ↑/↓", "j/k ↑/↓", "j/k ↑/↓"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "flytt i listen eller ruten",
            "flytt i lista eller ruta",
            "move in the list or pane",
        )),
    },
    Binding {
        keys: &[
            (c('g'), Action::Top),
            (c('G'), Action::Bottom),
            (k(KeyCode::Home), Action::Top),
            (k(KeyCode::End), Action::Bottom),
        ],
        shown: w("g/G", "g/G", "g/G"),
        contexts: PANES,
        hint: None,
        help: Some(w("først/sist", "først/sist", "first/last")),
    },
    Binding {
        keys: &[
            (k(KeyCode::PageUp), Action::PageUp),
            (k(KeyCode::PageDown), Action::PageDown),
            (c(' '), Action::PageDown),
            (ctrl('b'), Action::PageUp),
            (ctrl('d'), Action::PageDown),
        ],
        shown: w("PgUp/PgDn", "PgUp/PgDn", "PgUp/PgDn"),
        contexts: PANES,
        hint: hint(
            "PgUp/PgDn rull",
            "PgUp/PgDn rull",
            "PgUp/PgDn scroll",
            6,
            CASE_PANES,
        ),
        help: Some(w(
            "side opp/ned, eller rull saken",
            "side opp/ned, eller rull saka",
            "page up/down, or scroll the case",
        )),
    },
    Binding {
        keys: &[
            (k(KeyCode::Tab), Action::FocusNext),
            (k(KeyCode::BackTab), Action::FocusPrev),
        ],
        shown: w("Tab/Shift-Tab", "Tab/Shift-Tab", "Tab/Shift-Tab"),
        contexts: PANES,
        hint: hint("Tab rute", "Tab rute", "Tab pane", 5, PANES),
        help: Some(w(
            "neste/forrige rute: saker, vilkår, tildeling",
            "neste/førre rute: saker, vilkår, tildeling",
            "next/previous pane: cases, checks, allocation",
        )),
    },
    Binding {
        keys: &[(k(KeyCode::Enter), Action::Open)],
        shown: w("Enter", "Enter", "Enter"),
        contexts: PANES,
        hint: hint("Enter åpne", "Enter opne", "Enter open", 1, &[List]),
        help: Some(w(
            "åpne saken, eller vurder/tildel det valgte",
            "opne saka, eller vurder/tildel det valde",
            "open the case; judge or allocate the selected line",
        )),
    },
    Binding {
        keys: &[(c('n'), Action::NextCase), (c('p'), Action::PrevCase)],
        shown: w("n/p", "n/p", "n/p"),
        contexts: PANES,
        hint: hint("n/p neste", "n/p neste", "n/p next", 3, PANES),
        help: Some(w(
            "neste/forrige sak i køen (filteret)",
            "neste/førre sak i køen (filteret)",
            "next/previous case in the queue (the current filter)",
        )),
    },
    Binding {
        keys: &[(c('['), Action::PrevRound), (c(']'), Action::NextRound)],
        shown: w("[ / ]", "[ / ]", "[ / ]"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "forrige/neste runde",
            "førre/neste runde",
            "previous/next round",
        )),
    },
    Binding {
        keys: &[(c('/'), Action::Filter)],
        shown: w("/", "/", "/"),
        contexts: PANES,
        hint: hint("/ filter", "/ filter", "/ filter", 2, &[List]),
        help: Some(w(
            "filter: state:received pot:fosterhjem network:sogn ord (vises i tittelen; Esc i listen fjerner det)",
            "filter: state:received pot:fosterhjem network:sogn ord (blir vist i tittelen; Esc i lista fjernar det)",
            "filter: `state:received pot:fosterhjem network:sogn words` (shown in the queue's title; Esc on the queue clears it)",
        )),
    },
    Binding {
        keys: &[(c('c'), Action::EditCheck)],
        shown: w("c", "c", "c"),
        contexts: PANES,
        hint: hint(
            "Enter/c vurder",
            "Enter/c vurder",
            "Enter/c judge",
            1,
            &[Checks],
        ),
        help: Some(w(
            "vurder valgt vilkår (m/x/n: oppfylt/ikke/ikke relevant) med merknad",
            "vurder valt vilkår (m/x/n: oppfylt/ikkje/ikkje relevant) med merknad",
            "judge a check (`m` met, `x` not met, `n` not applicable) and note",
        )),
    },
    Binding {
        keys: &[(c('m'), Action::Pick(0)), (c('x'), Action::Pick(1))],
        shown: w("m / x", "m / x", "m / x"),
        contexts: &[Checks],
        hint: hint(
            "m/x oppfylt/ikke",
            "m/x oppfylt/ikkje",
            "m/x met/not",
            2,
            &[Checks],
        ),
        help: Some(w(
            "på et vilkår: vurder det som oppfylt / ikke oppfylt (skjemaet åpnes med valget)",
            "på eit vilkår: vurder det som oppfylt / ikkje oppfylt (skjemaet blir opna med valet)",
            "on a check: judge it met / not met (the form opens with that choice)",
        )),
    },
    Binding {
        keys: &[(c('a'), Action::Allocate)],
        shown: w("a", "a", "a"),
        contexts: PANES,
        hint: hint("a tildel", "a tildel", "a allocate", 2, PANES),
        help: Some(w(
            "tildel fra pott, med gjenstående i potten mens du skriver",
            "tildel frå pott, med det som står att i potten medan du skriv",
            "allocate, seeing the pot's remaining as you type",
        )),
    },
    Binding {
        keys: &[(c('i'), Action::Propose)],
        shown: w("i", "i", "i"),
        contexts: PANES,
        hint: hint("i innstill", "i innstill", "i propose", 3, PANES),
        help: Some(w(
            "skriv innstilling (innvilget, delvis, avslag), bekreftes først",
            "skriv innstilling (innvilga, delvis, avslag), må stadfestast først",
            "propose (approve, partial, reject), confirmed first",
        )),
    },
    Binding {
        keys: &[(c('A'), Action::Approve)],
        shown: w("A", "A", "A"),
        contexts: PANES,
        hint: hint("A vedta", "A vedta", "A approve", 3, &[List, Allocation]),
        help: Some(w(
            "vedta innstillingen (fire øyne: ikke din egen), bekreftes først",
            "vedta innstillinga (fire auge: ikkje di eiga), må stadfestast først",
            "approve the proposal (four eyes: not your own), confirmed first",
        )),
    },
    Binding {
        keys: &[(c('R'), Action::Reopen)],
        shown: w("R", "R", "R"),
        contexts: PANES,
        hint: hint("R gjenåpne", "R gjenopne", "R reopen", 6, &[Allocation]),
        help: Some(w(
            "gjenåpne en vedtatt sak, med begrunnelse",
            "gjenopne ei vedteken sak, med grunngiving",
            "reopen a decided case, with a reason",
        )),
    },
    Binding {
        keys: &[(c('H'), Action::Conflict)],
        shown: w("H", "H", "H"),
        contexts: PANES,
        hint: hint("H inhabil", "H inhabil", "H conflict", 7, &[Allocation]),
        help: Some(w(
            "erklær deg inhabil i saken (bekreftes først)",
            "erklær deg inhabil i saka (må stadfestast først)",
            "declare your conflict of interest (confirmed first)",
        )),
    },
    Binding {
        keys: &[(c('u'), Action::Undo)],
        shown: w("u", "u", "u"),
        contexts: PANES,
        hint: hint("u angre", "u angre", "u undo", 5, CASE_PANES),
        help: Some(w(
            "angre din siste endring i saken, før vedtak og om ingen har endret den etter deg",
            "angre den siste endringa di i saka, før vedtak og om ingen har endra saka etter deg",
            "undo your own last change to the case in view (before a decision, and only if nobody changed it since)",
        )),
    },
    Binding {
        keys: &[(c('v'), Action::ToggleMark), (c('V'), Action::Batch)],
        shown: w("v / V", "v / V", "v / V"),
        contexts: PANES,
        hint: hint("v merk", "v merk", "v mark", 4, &[List]),
        help: Some(w(
            "merk sak / én vurdering eller ett avslag for alle merkede",
            "merk sak / éi vurdering eller eitt avslag for alle merkte",
            "mark cases / one verdict or one rejection for all marked",
        )),
    },
    Binding {
        keys: &[(c('B'), Action::PreviewLetter)],
        shown: w("B", "B", "B"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "forhåndsvis tilskuddsbrevet for en vedtatt sak",
            "førehandsvis tilskotsbrevet for ei vedteken sak",
            "preview the grant letter of a decided case",
        )),
    },
    Binding {
        keys: &[(c('M'), Action::RoundMenu)],
        shown: w("M", "M", "M"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "avslutt runden: brev, eksport, kontroll av loggen",
            "avslutt runden: brev, eksport, kontroll av loggen",
            "close the round: letters, export, check the event log",
        )),
    },
    Binding {
        keys: &[(c('D'), Action::DueQueue)],
        shown: w("D", "D", "D"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "det som forfaller: utbetalinger, rapporter, tilbakebetalinger (D igjen: alle saker)",
            "det som forfell: utbetalingar, rapportar, tilbakebetalingar (D att: alle saker)",
            "what is due: payments, reports, repayments (D again: every case)",
        )),
    },
    Binding {
        keys: &[(c('U'), Action::FollowUpMenu)],
        shown: w("U", "U", "U"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "etter vedtaket: utbetal, sluttrapport, krev tilbake, tilbakebetalt, forleng, avslutt",
            "etter vedtaket: betal ut, sluttrapport, krev tilbake, tilbakebetalt, forleng, avslutt",
            "after the decision: pay, final report, claim, repaid, extend, close",
        )),
    },
    Binding {
        keys: &[(c('L'), Action::Lookup)],
        shown: w("L", "L", "L"),
        contexts: PANES,
        hint: hint("L søk", "L søk", "L lookup", 4, &[List]),
        help: Some(w(
            "søk i registeret: kommune, tidligere navn, nettverk, person",
            "søk i registeret: kommune, tidlegare namn, nettverk, person",
            "registry lookup, the same search as `tilskudd lookup`",
        )),
    },
    Binding {
        keys: &[(c('l'), Action::MessageLog)],
        shown: w("l", "l", "l"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "meldingene fra denne økten, nyeste først",
            "meldingane frå denne økta, nyaste først",
            "the messages of this session, newest first",
        )),
    },
    Binding {
        keys: &[(k(KeyCode::Esc), Action::Cancel)],
        shown: w("Esc", "Esc", "Esc"),
        contexts: PANES,
        hint: hint(
            "Esc til listen",
            "Esc til lista",
            "Esc to list",
            0,
            CASE_PANES,
        ),
        help: Some(w(
            "tilbake til listen; i listen: fjern filteret",
            "tilbake til lista; i lista: fjern filteret",
            "back to the list; on the list: clear the filter",
        )),
    },
    Binding {
        keys: &[(c('?'), Action::Help)],
        shown: w("?", "?", "?"),
        contexts: PANES,
        hint: hint("? hjelp", "? hjelp", "? help", 0, PANES),
        help: Some(w("alle taster", "alle tastar", "every key")),
    },
    Binding {
        keys: &[(c('q'), Action::Quit), (ctrl('c'), Action::Quit)],
        shown: w("q", "q", "q"),
        contexts: PANES,
        hint: hint("q slutt", "q slutt", "q quit", 0, &[List]),
        help: Some(w("avslutt", "avslutt", "quit")),
    },
    Binding {
        keys: &[(ctrl('z'), Action::Suspend)],
        shown: w("Ctrl-Z", "Ctrl-Z", "Ctrl-Z"),
        contexts: PANES,
        hint: None,
        help: Some(w(
            "til skallet (fg for å komme tilbake)",
            "til skalet (fg for å kome tilbake)",
            "to the shell (`fg` to come back)",
        )),
    },
    Binding {
        keys: &[(c('O'), Action::Overview)],
        shown: w("O", "O", "O"),
        contexts: &[List, Checks, Allocation, Overview],
        hint: hint("O oversikt", "O oversyn", "O overview", 6, &[List]),
        help: Some(w(
            "oversikt over runden: pottene, nettverkene og kommunene, og hvilke kommuner som ikke er med i noen innvilget søknad (O igjen: tilbake)",
            "oversyn over runden: pottane, nettverka og kommunane, og kva kommunar som ikkje er med i nokon innvilga søknad (O att: tilbake)",
            "the round seen whole: pots, networks, municipalities, and who no granted application reaches (O again: back)",
        )),
    },
    // On the overview.
    Binding {
        keys: &[
            (c('j'), Action::Down),
            (c('k'), Action::Up),
            (k(KeyCode::Down), Action::Down),
            (k(KeyCode::Up), Action::Up),
            (c('g'), Action::Top),
            (c('G'), Action::Bottom),
            (k(KeyCode::Home), Action::Top),
            (k(KeyCode::End), Action::Bottom),
            (k(KeyCode::PageUp), Action::PageUp),
            (k(KeyCode::PageDown), Action::PageDown),
        ],
        shown: w("j/k ↑/↓", "j/k ↑/↓", "j/k ↑/↓"),
        contexts: &[Overview],
        hint: hint("↑/↓ velg", "↑/↓ vel", "↑/↓ choose", 3, &[Overview]),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Tab), Action::FocusNext),
            (k(KeyCode::BackTab), Action::FocusPrev),
        ],
        shown: w("Tab", "Tab", "Tab"),
        contexts: &[Overview],
        hint: hint(
            "Tab nettverk/kommuner",
            "Tab nettverk/kommunar",
            "Tab networks/municipalities",
            2,
            &[Overview],
        ),
        help: Some(w(
            "i oversikten: bytt mellom nettverk og kommuner ([ / ]: runde, /: filter)",
            "i oversynet: byt mellom nettverk og kommunar ([ / ]: runde, /: filter)",
            "on the overview: switch between networks and municipalities (`[`/`]` round, `/` filter)",
        )),
    },
    Binding {
        keys: &[(k(KeyCode::Enter), Action::Open)],
        shown: w("Enter", "Enter", "Enter"),
        contexts: &[Overview],
        hint: hint(
            "Enter vis sakene",
            "Enter vis sakene",
            "Enter show the cases",
            1,
            &[Overview],
        ),
        help: Some(w(
            "i oversikten: køen med sakene til det valgte nettverket eller den valgte kommunen",
            "i oversynet: køen med sakene til det valde nettverket eller den valde kommunen",
            "on the overview: the queue of the selected network's or municipality's cases",
        )),
    },
    Binding {
        keys: &[
            (c('/'), Action::Filter),
            (c('['), Action::PrevRound),
            (c(']'), Action::NextRound),
        ],
        shown: w("/", "/", "/"),
        contexts: &[Overview],
        hint: hint("/ filter", "/ filter", "/ filter", 4, &[Overview]),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Esc), Action::Cancel),
            (c('q'), Action::Cancel),
            (ctrl('c'), Action::Cancel),
        ],
        shown: w("Esc", "Esc", "Esc"),
        contexts: &[Overview],
        hint: hint("Esc lukk", "Esc lukk", "Esc close", 0, &[Overview]),
        help: None,
    },
    // In forms.
    Binding {
        keys: &[],
        shown: w("bokstaver", "bokstavar", "letters"),
        contexts: FIELDS,
        hint: hint("Skriv", "Skriv", "Type", 9, &[Text]),
        help: None,
    },
    Binding {
        keys: &[(ctrl('u'), Action::ClearToStart), (ctrl('a'), Action::Home)],
        shown: w("Ctrl-U / Ctrl-A", "Ctrl-U / Ctrl-A", "Ctrl-U / Ctrl-A"),
        contexts: FIELDS,
        hint: None,
        help: Some(w(
            "i et tekstfelt: Ctrl-U tømmer det som står før markøren, Ctrl-A går til starten",
            "i eit tekstfelt: Ctrl-U tømer det som står før markøren, Ctrl-A går til starten",
            "in a text field: clear what is before the cursor / go to the start",
        )),
    },
    Binding {
        keys: &[
            (k(KeyCode::Left), Action::Left),
            (k(KeyCode::Right), Action::Right),
        ],
        shown: w("←/→", "←/→", "←/→"),
        contexts: CHOICES,
        hint: hint("←/→ velg", "←/→ vel", "←/→ choose", 2, CHOICES),
        help: Some(w(
            "i et valg: forrige/neste",
            "i eit val: førre/neste",
            "in a choice: previous/next",
        )),
    },
    Binding {
        keys: &[
            (c('m'), Action::Pick(0)),
            (c('o'), Action::Pick(0)),
            (c('y'), Action::Pick(0)),
        ],
        shown: w("m", "m", "m"),
        contexts: &[Verdict],
        hint: hint(
            "m/x/n oppfylt/ikke/ikke relevant",
            "m/x/n oppfylt/ikkje/ikkje relevant",
            "m/x/n met/not/not applicable",
            1,
            &[Verdict],
        ),
        help: Some(w(
            "i vurderingen: oppfylt (x ikke oppfylt, n ikke relevant)",
            "i vurderinga: oppfylt (x ikkje oppfylt, n ikkje relevant)",
            "in the verdict: met (`x` not met, `n` not applicable)",
        )),
    },
    Binding {
        keys: &[(c('x'), Action::Pick(1))],
        shown: w("x", "x", "x"),
        contexts: &[Verdict],
        hint: None,
        help: None,
    },
    Binding {
        keys: &[
            (c('n'), Action::Pick(2)),
            (c('r'), Action::Pick(2)),
            (c('-'), Action::Pick(2)),
        ],
        shown: w("n", "n", "n"),
        contexts: &[Verdict],
        hint: None,
        help: None,
    },
    Binding {
        keys: &[
            (c('j'), Action::Down),
            (c('k'), Action::Up),
            (k(KeyCode::Down), Action::Down),
            (k(KeyCode::Up), Action::Up),
        ],
        shown: w("j/k ↑/↓", "j/k ↑/↓", "j/k ↑/↓"),
        contexts: &[Choice, Read, Menu],
        hint: hint("↑/↓ velg", "↑/↓ vel", "↑/↓ choose", 2, &[Menu]),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Down), Action::Down),
            (k(KeyCode::Up), Action::Up),
        ],
        shown: w("↑/↓", "↑/↓", "↑/↓"),
        contexts: &[Text, Search, Verdict],
        hint: hint("↑/↓ rull", "↑/↓ rull", "↑/↓ scroll", 3, &[Search]),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Down), Action::Down),
            (k(KeyCode::Up), Action::Up),
        ],
        shown: w("↑/↓", "↑/↓", "↑/↓"),
        contexts: &[Amount],
        hint: hint("↑/↓ pott", "↑/↓ pott", "↑/↓ pot", 2, &[Amount]),
        help: Some(w(
            "i tildelingen: velg pott (beløpet følger potten)",
            "i tildelinga: vel pott (beløpet følgjer potten)",
            "in the allocation: choose the pot (the amount follows it)",
        )),
    },
    Binding {
        keys: &[
            (k(KeyCode::PageUp), Action::PageUp),
            (k(KeyCode::PageDown), Action::PageDown),
            (ctrl('b'), Action::PageUp),
            (ctrl('d'), Action::PageDown),
        ],
        shown: w("PgUp/PgDn", "PgUp/PgDn", "PgUp/PgDn"),
        contexts: SCROLLS,
        hint: hint(
            "PgUp/PgDn side",
            "PgUp/PgDn side",
            "PgUp/PgDn page",
            2,
            SCROLLS,
        ),
        help: Some(w(
            "i hjelp, brev, søk og meldinger: side opp/ned (Home/End: start/slutt)",
            "i hjelp, brev, søk og meldingar: side opp/ned (Home/End: start/slutt)",
            "in help, letter, lookup and messages: page up/down (Home/End: start/end)",
        )),
    },
    Binding {
        keys: &[(c(' '), Action::PageDown)],
        shown: w("Mellomrom", "Mellomrom", "Space"),
        contexts: &[Read],
        hint: None,
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Home), Action::Top),
            (k(KeyCode::End), Action::Bottom),
        ],
        shown: w("Home/End", "Home/End", "Home/End"),
        contexts: &[Read, Search],
        hint: None,
        help: None,
    },
    Binding {
        keys: &[(c('g'), Action::Top), (c('G'), Action::Bottom)],
        shown: w("g/G", "g/G", "g/G"),
        contexts: &[Read],
        hint: None,
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Home), Action::Home),
            (k(KeyCode::End), Action::End),
        ],
        shown: w("Home/End", "Home/End", "Home/End"),
        contexts: &[Text, Amount, Filter],
        hint: None,
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Left), Action::Left),
            (k(KeyCode::Right), Action::Right),
            (k(KeyCode::Backspace), Action::Backspace),
            (k(KeyCode::Delete), Action::Delete),
        ],
        shown: w("←/→", "←/→", "←/→"),
        contexts: FIELDS,
        hint: None,
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Tab), Action::FocusNext),
            (k(KeyCode::BackTab), Action::FocusPrev),
        ],
        shown: w("Tab/Shift-Tab", "Tab/Shift-Tab", "Tab/Shift-Tab"),
        contexts: &[Text, Choice, Verdict],
        hint: hint(
            "Tab neste felt",
            "Tab neste felt",
            "Tab next field",
            4,
            &[Text, Choice, Verdict],
        ),
        help: Some(w(
            "i et skjema: neste/forrige felt",
            "i eit skjema: neste/førre felt",
            "in a form: next/previous field",
        )),
    },
    Binding {
        keys: &[(k(KeyCode::Enter), Action::Submit)],
        shown: w("Enter", "Enter", "Enter"),
        contexts: FORMS,
        hint: hint(
            "Enter lagre",
            "Enter lagre",
            "Enter save",
            1,
            &[Text, Choice, Verdict, Amount],
        ),
        help: Some(w(
            "i et skjema: lagre (endringer bekreftes først)",
            "i eit skjema: lagre (endringar må stadfestast først)",
            "in a form: save (changes are confirmed first)",
        )),
    },
    Binding {
        keys: &[
            (c('j'), Action::Submit),
            (c('J'), Action::Submit),
            (c('y'), Action::Submit),
            (c('Y'), Action::Submit),
            (k(KeyCode::Enter), Action::Submit),
        ],
        shown: w("j/y", "j/y", "y/j"),
        contexts: &[Confirm],
        hint: hint(
            "j/Enter bekreft",
            "j/Enter stadfest",
            "y/Enter confirm",
            0,
            &[Confirm],
        ),
        help: Some(w(
            "i en bekreftelse: ja (j eller y, eller Enter)",
            "i ei stadfesting: ja (j eller y, eller Enter)",
            "in a confirmation: yes (`y` or `j`, or Enter)",
        )),
    },
    Binding {
        keys: &[
            (c('n'), Action::Cancel),
            (c('N'), Action::Cancel),
            (c('q'), Action::Cancel),
            (k(KeyCode::Esc), Action::Cancel),
            (ctrl('c'), Action::Cancel),
        ],
        shown: w("n", "n", "n"),
        contexts: &[Confirm],
        hint: hint(
            "n/Esc avbryt",
            "n/Esc avbryt",
            "n/Esc cancel",
            0,
            &[Confirm],
        ),
        help: Some(w(
            "i en bekreftelse: nei (n eller Esc)",
            "i ei stadfesting: nei (n eller Esc)",
            "in a confirmation: no (`n` or Esc)",
        )),
    },
    Binding {
        keys: &[
            (k(KeyCode::Esc), Action::Cancel),
            (ctrl('c'), Action::Cancel),
        ],
        shown: w("Esc", "Esc", "Esc"),
        contexts: FORMS,
        hint: hint("Esc avbryt", "Esc avbryt", "Esc cancel", 0, FORMS),
        help: Some(w(
            "i et skjema: avbryt",
            "i eit skjema: avbryt",
            "in a form: cancel",
        )),
    },
    Binding {
        keys: &[(k(KeyCode::Enter), Action::Submit)],
        shown: w("Enter", "Enter", "Enter"),
        contexts: &[Menu],
        hint: hint("Enter velg", "Enter vel", "Enter choose", 1, &[Menu]),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Esc), Action::Cancel),
            (c('q'), Action::Cancel),
            (ctrl('c'), Action::Cancel),
        ],
        shown: w("Esc", "Esc", "Esc"),
        contexts: &[Menu],
        hint: hint("Esc lukk", "Esc lukk", "Esc close", 0, &[Menu]),
        help: None,
    },
    Binding {
        keys: &[(k(KeyCode::Enter), Action::Submit)],
        shown: w("Enter", "Enter", "Enter"),
        contexts: &[Filter],
        hint: hint("Enter ferdig", "Enter ferdig", "Enter done", 1, &[Filter]),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Esc), Action::Cancel),
            (ctrl('c'), Action::Cancel),
        ],
        shown: w("Esc", "Esc", "Esc"),
        contexts: &[Filter],
        hint: hint(
            "Esc lukk (filteret blir stående)",
            "Esc lukk (filteret blir ståande)",
            "Esc close (the filter stays)",
            0,
            &[Filter],
        ),
        help: None,
    },
    Binding {
        keys: &[
            (k(KeyCode::Esc), Action::Cancel),
            (c('q'), Action::Cancel),
            (c('?'), Action::Cancel),
            (k(KeyCode::Enter), Action::Cancel),
            (ctrl('c'), Action::Cancel),
        ],
        shown: w("Esc", "Esc", "Esc"),
        contexts: &[Read],
        hint: hint("Esc lukk", "Esc lukk", "Esc close", 0, &[Read]),
        help: None,
    },
];

/// The action for a key, if it has one here.
pub fn map_key(context: KeyContext, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let pressed = Key {
        code: key.code,
        ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
    };
    // Shift is part of the character (`A`, `?`); Ctrl-L redraws everywhere.
    if pressed == ctrl('l') {
        return Some(Action::Redraw);
    }
    for binding in BINDINGS {
        if !binding.contexts.contains(&context) {
            continue;
        }
        if let Some((_, action)) = binding.keys.iter().find(|(k, _)| *k == pressed) {
            return Some(*action);
        }
    }
    // In a text field every other character is text; in a verdict, a letter that is
    // not a choice starts the note.
    match (context, pressed) {
        (
            Text | Search | Verdict | Amount | Filter,
            Key {
                code: KeyCode::Char(ch),
                ctrl: false,
            },
        ) => Some(Action::Insert(ch)),
        (
            Text | Search | Choice | Verdict | Confirm | Read | Amount | Filter | Menu | Overview,
            k,
        ) if k == ctrl('z') => Some(Action::Suspend),
        _ => None,
    }
}

/// The footer for a context: the hints that fit the width, the rank-0 ones (help, quit,
/// cancel) always, then by rank while they fit, shown in table order.
pub fn hints(context: KeyContext, lang: Lang, width: u16) -> String {
    const SEPARATOR: &str = " · ";
    let all: Vec<Hint> = BINDINGS
        .iter()
        .filter_map(|b| b.hint)
        .filter(|h| h.shown_in.contains(&context))
        .collect();
    let width = usize::from(width);
    let join = |kept: &[bool]| -> String {
        all.iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .map(|(h, _)| h.words.get(lang))
            .collect::<Vec<_>>()
            .join(SEPARATOR)
    };
    let mut kept: Vec<bool> = all.iter().map(|h| h.rank == 0).collect();
    let mut ranks: Vec<u8> = all.iter().map(|h| h.rank).filter(|r| *r > 0).collect();
    ranks.sort_unstable();
    ranks.dedup();
    for rank in ranks {
        for (i, h) in all.iter().enumerate() {
            if h.rank != rank {
                continue;
            }
            kept[i] = true;
            if unicode_width::UnicodeWidthStr::width(join(&kept).as_str()) > width {
                kept[i] = false;
            }
        }
    }
    join(&kept)
}

/// The help overlay's lines: keys and what they do, in table order.
pub fn help_lines(lang: Lang) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter_map(|b| b.help.map(|h| (b.shown.get(lang), h.get(lang))))
        .collect()
}

/// The README's key table, in English, as Markdown.
pub fn readme_table() -> String {
    let mut out = String::from("| key | does |\n| --- | --- |\n");
    for (key, what) in help_lines(Lang::En) {
        out.push_str(&format!("| `{key}` | {what} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn browsing_keys() {
        let b = |c| map_key(KeyContext::List, key(c));
        assert_eq!(b(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(b(KeyCode::Down), Some(Action::Down));
        assert_eq!(b(KeyCode::Char('k')), Some(Action::Up));
        assert_eq!(b(KeyCode::Up), Some(Action::Up));
        assert_eq!(b(KeyCode::Char('g')), Some(Action::Top));
        assert_eq!(b(KeyCode::Char('G')), Some(Action::Bottom));
        assert_eq!(b(KeyCode::End), Some(Action::Bottom));
        assert_eq!(b(KeyCode::PageDown), Some(Action::PageDown));
        assert_eq!(b(KeyCode::PageUp), Some(Action::PageUp));
        assert_eq!(b(KeyCode::Char(' ')), Some(Action::PageDown));
        assert_eq!(b(KeyCode::Tab), Some(Action::FocusNext));
        assert_eq!(b(KeyCode::BackTab), Some(Action::FocusPrev));
        assert_eq!(b(KeyCode::Char('n')), Some(Action::NextCase));
        assert_eq!(b(KeyCode::Char('p')), Some(Action::PrevCase));
        assert_eq!(b(KeyCode::Char('[')), Some(Action::PrevRound));
        assert_eq!(b(KeyCode::Char(']')), Some(Action::NextRound));
        assert_eq!(b(KeyCode::Char('/')), Some(Action::Filter));
        assert_eq!(b(KeyCode::Char('?')), Some(Action::Help));
        assert_eq!(b(KeyCode::Char('u')), Some(Action::Undo));
        assert_eq!(b(KeyCode::Char('v')), Some(Action::ToggleMark));
        assert_eq!(b(KeyCode::Char('V')), Some(Action::Batch));
        assert_eq!(b(KeyCode::Char('q')), Some(Action::Quit));
        assert_eq!(b(KeyCode::Char('l')), Some(Action::MessageLog));
        assert_eq!(b(KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(b(KeyCode::Char('x')), None);
        assert_eq!(
            b(KeyCode::Char('m')),
            None,
            "m means something on a check only"
        );
        let on_check = |c| map_key(KeyContext::Checks, key(c));
        assert_eq!(on_check(KeyCode::Char('m')), Some(Action::Pick(0)));
        assert_eq!(on_check(KeyCode::Char('x')), Some(Action::Pick(1)));
    }

    #[test]
    fn text_fields_take_letters_and_control_keys_still_work() {
        let t = |c| map_key(KeyContext::Text, key(c));
        assert_eq!(t(KeyCode::Char('q')), Some(Action::Insert('q')));
        assert_eq!(t(KeyCode::Char('n')), Some(Action::Insert('n')));
        assert_eq!(t(KeyCode::Char('j')), Some(Action::Insert('j')));
        assert_eq!(t(KeyCode::Enter), Some(Action::Submit));
        assert_eq!(t(KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(t(KeyCode::Backspace), Some(Action::Backspace));
        assert_eq!(t(KeyCode::Delete), Some(Action::Delete));
        assert_eq!(t(KeyCode::Left), Some(Action::Left));
        assert_eq!(t(KeyCode::Right), Some(Action::Right));
        assert_eq!(t(KeyCode::Home), Some(Action::Home));
        assert_eq!(t(KeyCode::End), Some(Action::End));
        let with_ctrl = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        assert_eq!(
            map_key(KeyContext::Text, with_ctrl('c')),
            Some(Action::Cancel)
        );
        assert_eq!(
            map_key(KeyContext::List, with_ctrl('c')),
            Some(Action::Quit)
        );
        assert_eq!(
            map_key(KeyContext::Text, with_ctrl('z')),
            Some(Action::Suspend)
        );
        assert_eq!(
            map_key(KeyContext::List, with_ctrl('z')),
            Some(Action::Suspend)
        );
        assert_eq!(
            map_key(KeyContext::Text, with_ctrl('u')),
            Some(Action::ClearToStart)
        );
        assert_eq!(
            map_key(KeyContext::Text, with_ctrl('a')),
            Some(Action::Home)
        );
        assert_eq!(
            map_key(KeyContext::Read, with_ctrl('l')),
            Some(Action::Redraw)
        );
    }

    #[test]
    fn confirm_choice_verdict_and_reading() {
        let in_ = |context, code| map_key(context, key(code));
        assert_eq!(in_(Confirm, KeyCode::Char('j')), Some(Action::Submit));
        assert_eq!(in_(Confirm, KeyCode::Char('y')), Some(Action::Submit));
        assert_eq!(in_(Confirm, KeyCode::Enter), Some(Action::Submit));
        assert_eq!(in_(Confirm, KeyCode::Char('n')), Some(Action::Cancel));
        assert_eq!(in_(Confirm, KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(in_(Confirm, KeyCode::Char('x')), None);
        assert_eq!(in_(Verdict, KeyCode::Char('m')), Some(Action::Pick(0)));
        assert_eq!(in_(Verdict, KeyCode::Char('x')), Some(Action::Pick(1)));
        assert_eq!(in_(Verdict, KeyCode::Char('n')), Some(Action::Pick(2)));
        assert_eq!(in_(Verdict, KeyCode::Left), Some(Action::Left));
        assert_eq!(in_(Choice, KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(
            in_(Choice, KeyCode::Char('m')),
            None,
            "no verdict letters on a menu"
        );
        assert_eq!(in_(Read, KeyCode::PageDown), Some(Action::PageDown));
        assert_eq!(in_(Read, KeyCode::Char(' ')), Some(Action::PageDown));
        assert_eq!(in_(Read, KeyCode::End), Some(Action::Bottom));
        assert_eq!(in_(Read, KeyCode::Char('q')), Some(Action::Cancel));
        assert_eq!(
            in_(Read, KeyCode::Char('x')),
            None,
            "a stray key leaves the text open"
        );
        assert_eq!(in_(Search, KeyCode::PageDown), Some(Action::PageDown));
        assert_eq!(in_(Search, KeyCode::Char('q')), Some(Action::Insert('q')));
    }

    #[test]
    fn every_footer_keeps_help_and_quit_or_cancel_at_80_columns() {
        for lang in [Lang::Nb, Lang::Nn, Lang::En] {
            let list = hints(List, lang, 80);
            assert!(list.contains('?') && list.contains('q'), "{list}");
            assert!(
                unicode_width::UnicodeWidthStr::width(list.as_str()) <= 80,
                "{list}"
            );
            let wide = hints(List, lang, 200);
            assert!(wide.len() > list.len(), "a wide footer shows more: {wide}");
            for context in [Checks, Allocation] {
                let footer = hints(context, lang, 80);
                assert!(footer.contains('?') && footer.contains("Esc"), "{footer}");
            }
            for context in [Text, Choice, Verdict, Search, Read, Confirm] {
                let footer = hints(context, lang, 80);
                assert!(footer.contains("Esc"), "{context:?}: {footer}");
            }
            assert!(
                !hints(Choice, lang, 200).contains("m/x/n"),
                "menus have no verdict keys"
            );
            assert!(hints(Verdict, lang, 200).contains("m/x/n"));
        }
    }

    #[test]
    fn the_readme_table_is_the_key_table() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("README.md");
        let start = "<!-- keys: made from src/tui/keys.rs -->\n";
        let end = "<!-- end of keys -->";
        let table = readme
            .split_once(start)
            .and_then(|(_, rest)| rest.split_once(end))
            .map(|(table, _)| table)
            .expect("README.md marks its key table");
        let wanted = readme_table();
        assert_eq!(
            table, wanted,
            "README's key table differs from the bindings; put this between the marks:\n{wanted}"
        );
    }
}
