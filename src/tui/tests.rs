//! The review screen without a terminal: keys in, `TestBackend` frames out. Snapshots
//! hold characters; a few explicit assertions check styles (the selection must stay
//! visible without colour).

use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use super::action::Action;
use super::app::{App, Focus};
use super::popups::Popup;
use super::view::Screen;
use super::view::theme::Theme;
use crate::i18n::Lang;
use crate::service::{Command, LocalSession, Service, Session};
use crate::store::Store;

pub(super) const COLOR: Theme = Theme { color: true };
pub(super) const NO_COLOR: Theme = Theme { color: false };

/// The demo database in memory, at a fixed time, and the screen on it as `kari`.
pub(super) fn demo(lang: Lang) -> (LocalSession, App) {
    let service = Service::with_clock(Store::in_memory().unwrap(), || {
        Utc.with_ymd_and_hms(2021, 8, 20, 8, 30, 0).unwrap()
    });
    crate::demo::seed(&service).unwrap();
    let session = LocalSession::new(service, "kari");
    let mut app = App::new(&session, lang.texts()).unwrap();
    app.clock = || "10:30:00".to_string();
    (session, app)
}

pub(super) fn draw(app: &mut App, theme: Theme, width: u16, height: u16) -> Buffer {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    app.fit(area, super::view::list_rows(app, area));
    let app = &*app;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(Screen { app, theme }, frame.area()))
        .unwrap();
    terminal.backend().buffer().clone()
}

pub(super) fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            // A wide character covers the next cell too; that cell holds no text.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub(super) fn keys(app: &mut App, service: &dyn Session, actions: &[Action]) {
    for action in actions {
        app.apply(service, *action);
    }
}

pub(super) fn typed(app: &mut App, service: &dyn Session, text: &str) {
    for c in text.chars() {
        app.apply(service, Action::Insert(c));
    }
}

fn screen(app: &mut App) -> String {
    text(&draw(app, COLOR, 120, 40))
}

#[test]
fn main_screen_in_both_languages() {
    let (_, mut app) = demo(Lang::Nb);
    insta::assert_snapshot!("main_nb", screen(&mut app));
    let (_, mut app) = demo(Lang::En);
    insta::assert_snapshot!("main_en", screen(&mut app));
}

#[test]
fn help_overlay() {
    let (service, mut app) = demo(Lang::Nb);
    keys(&mut app, &service, &[Action::Help]);
    insta::assert_snapshot!("help_nb", screen(&mut app));
    let (service, mut app) = demo(Lang::En);
    keys(&mut app, &service, &[Action::Help]);
    insta::assert_snapshot!("help_en", screen(&mut app));
}

#[test]
fn allocation_shows_the_remaining_while_typing_and_refuses_in_place() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Allocate],
    );
    typed(&mut app, &service, "400 000");
    let shown = screen(&mut app);
    assert!(shown.contains("→ 1 300 000 kr"), "{shown}");
    insta::assert_snapshot!("allocate_preview_nb", shown);
    typed(&mut app, &service, "0");
    let shown = screen(&mut app);
    assert!(shown.contains("✗"), "{shown}");
    insta::assert_snapshot!("allocate_refused_nb", shown);
    keys(&mut app, &service, &[Action::Cancel]);
    assert!(app.popup.is_none());
}

#[test]
fn a_whole_case_through_the_screen_and_approval_by_someone_else() {
    let (service, mut app) = demo(Lang::Nb);
    // INN-2022-003: judge the five manual checks, allocate, propose.
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Open],
    );
    assert_eq!(app.focus, Focus::Checks);
    for check in [4, 5, 6, 8, 9] {
        app.check_cursor = check;
        keys(&mut app, &service, &[Action::EditCheck]);
        insta::allow_duplicates! {
            if check == 4 {
                insta::assert_snapshot!("verdict_nb", screen(&mut app));
            }
        }
        keys(&mut app, &service, &[Action::Pick(0), Action::Submit]);
    }
    let view = service.case("INN-2022-003").unwrap();
    assert!(
        view.checks.iter().all(|c| c.verdict().passes()),
        "{:?}",
        view.checks
    );
    keys(&mut app, &service, &[Action::Allocate]);
    typed(&mut app, &service, "650000");
    keys(
        &mut app,
        &service,
        &[
            Action::Submit,
            Action::FocusNext,
            Action::Down,
            Action::Allocate,
        ],
    );
    typed(&mut app, &service, "200000");
    keys(&mut app, &service, &[Action::Submit, Action::Propose]);
    typed(&mut app, &service, "Godt forankret i alle fire kommuner");
    keys(&mut app, &service, &[Action::Submit]);
    insta::assert_snapshot!("propose_confirm_nb", screen(&mut app));
    keys(&mut app, &service, &[Action::Submit]);
    assert_eq!(
        service
            .case("INN-2022-003")
            .unwrap()
            .case
            .proposal
            .unwrap()
            .by,
        "kari"
    );
    // Four eyes: kari cannot approve her own proposal; the refusal shows in place.
    keys(&mut app, &service, &[Action::Approve]);
    assert!(app.popup.is_none());
    assert!(app.message.as_ref().unwrap().text.contains("fire øyne"));
    let service_of_ola = LocalSession::shared(service.service().clone(), "ola");
    let mut ola = App::new(&service_of_ola, Lang::Nb.texts()).unwrap();
    assert!(ola.list.select_reference("INN-2022-003"));
    ola.load_case(&service_of_ola);
    keys(
        &mut ola,
        &service_of_ola,
        &[Action::Approve, Action::Submit],
    );
    let decided = service.case("INN-2022-003").unwrap().case;
    assert_eq!(decided.decision.unwrap().decided_by, "ola");
    // kari's screen notices ola's change.
    app.poll(&service);
    assert!(app.message.as_ref().unwrap().text.contains("endret av ola"));
}

#[test]
fn undo_takes_back_the_last_change() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Allocate],
    );
    typed(&mut app, &service, "100000");
    keys(&mut app, &service, &[Action::Submit]);
    assert_eq!(
        service
            .case("INN-2022-003")
            .unwrap()
            .case
            .allocated_total()
            .to_string(),
        "100 000 kr"
    );
    keys(&mut app, &service, &[Action::Undo]);
    assert!(
        service
            .case("INN-2022-003")
            .unwrap()
            .case
            .allocated_total()
            .is_zero()
    );
    let said = &app.message.as_ref().unwrap().text;
    assert!(
        said.contains("Angret din siste endring i INN-2022-003"),
        "{said}"
    );
    assert!(said.contains("100 000 kr → 0 kr"), "{said}");
    keys(&mut app, &service, &[Action::Undo]);
    let said = &app.message.as_ref().unwrap().text;
    assert!(said.contains("var en angring"), "{said}");
}

#[test]
fn the_amount_follows_the_pot_and_ctrl_u_clears() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Allocate],
    );
    typed(&mut app, &service, "150000");
    keys(&mut app, &service, &[Action::Submit, Action::Allocate]);
    let amount = |app: &App| match &app.popup {
        Some(Popup::Allocate(form)) => form.amount().to_string(),
        _ => panic!("not the allocation form"),
    };
    assert_eq!(amount(&app), "150000");
    keys(&mut app, &service, &[Action::Down]);
    assert_eq!(amount(&app), "", "the other pot has nothing allocated");
    keys(&mut app, &service, &[Action::Up]);
    assert_eq!(amount(&app), "150000");
    keys(&mut app, &service, &[Action::End, Action::ClearToStart]);
    assert_eq!(amount(&app), "");
}

#[test]
fn refusals_on_the_screen_name_keys_not_flags() {
    let (service, mut app) = demo(Lang::Nb);
    // The first case is decided: no form opens, and the way out is a key.
    keys(&mut app, &service, &[Action::Allocate]);
    assert!(app.popup.is_none(), "no allocation form on a decided case");
    let said = &app.message.as_ref().unwrap().text;
    assert!(said.contains("Trykk R"), "{said}");
    assert!(!said.contains("--reason"), "{said}");
}

#[test]
fn a_conflict_declaration_is_confirmed_with_what_it_does() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Conflict],
    );
    typed(&mut app, &service, "Min søster leder prosjektet");
    keys(&mut app, &service, &[Action::Submit]);
    let shown = screen(&mut app);
    assert!(
        shown.contains("Erklær deg inhabil i INN-2022-003"),
        "{shown}"
    );
    assert!(
        shown.contains("Du kan ikke lenger behandle saken"),
        "{shown}"
    );
    assert!(
        service
            .case("INN-2022-003")
            .unwrap()
            .case
            .conflicts
            .is_empty()
    );
    keys(&mut app, &service, &[Action::Submit]);
    assert_eq!(
        service.case("INN-2022-003").unwrap().case.conflicts.len(),
        1
    );
}

#[test]
fn a_check_judged_again_starts_from_its_note() {
    let (service, mut app) = demo(Lang::Nb);
    service
        .execute(Command::RecordCheck {
            reference: "INN-2022-003".into(),
            check: crate::domain::CheckId::Plan,
            verdict: crate::domain::Verdict::Met,
            note: Some("Plan vedtatt i styret".into()),
            pot: None,
        })
        .unwrap();
    app.poll(&service);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Open],
    );
    let at = app
        .case
        .as_ref()
        .unwrap()
        .checks
        .iter()
        .position(|c| c.id == crate::domain::CheckId::Plan)
        .unwrap();
    app.check_cursor = at;
    keys(&mut app, &service, &[Action::EditCheck]);
    let draft = app.draft().expect("a verdict form with the note");
    assert_eq!(draft.text, "Plan vedtatt i styret");
}

#[test]
fn a_cancelled_proposal_keeps_its_text_for_the_session() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Propose],
    );
    typed(&mut app, &service, "Halvveis begrunnet");
    keys(&mut app, &service, &[Action::Cancel]);
    assert!(app.popup.is_none());
    keys(&mut app, &service, &[Action::Propose]);
    assert!(matches!(app.popup, Some(Popup::Propose(_))));
    assert_eq!(app.draft().unwrap().text, "Halvveis begrunnet");
}

#[test]
fn a_long_message_is_read_in_full_at_80_columns() {
    let (service, mut app) = demo(Lang::Nb);
    let long = "ola har endret INN-2022-003 etter deg (INN-2022-003: egeninitiert: 50 000 kr → 0 kr), så din siste endring angres ikke. Se saken og gjør endringen for hånd om den fortsatt skal bort.";
    app.error_text(long.into());
    let shown = text(&draw(&mut app, COLOR, 80, 24));
    let joined: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(joined.contains("om den fortsatt skal bort."), "{shown}");
    // The hints stay on the last line.
    assert!(
        shown.trim_end().lines().last().unwrap().contains("? hjelp"),
        "{shown}"
    );
    drop(service);
}

#[test]
fn undo_never_takes_back_over_a_colleague() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Allocate],
    );
    typed(&mut app, &service, "100000");
    keys(&mut app, &service, &[Action::Submit]);
    // Ola, on his own screen, changes the same case after kari.
    let ola = crate::service::LocalSession::shared(service.service().clone(), "ola");
    crate::service::Session::execute(
        &ola,
        Command::Allocate {
            reference: "INN-2022-003".into(),
            pot: "egeninitiert".into(),
            amount: crate::domain::Money::kroner(50_000),
        },
    )
    .unwrap();
    keys(&mut app, &service, &[Action::Undo]);
    let said = &app.message.as_ref().unwrap().text;
    assert!(
        said.contains("ola har endret INN-2022-003 etter deg"),
        "{said}"
    );
    let case = service.case("INN-2022-003").unwrap().case;
    assert_eq!(case.allocated("fosterhjem").to_string(), "100 000 kr");
    assert_eq!(case.allocated("egeninitiert").to_string(), "50 000 kr");
}

#[test]
fn filter_narrows_the_queue_and_n_steps_through_it() {
    let (service, mut app) = demo(Lang::Nb);
    keys(&mut app, &service, &[Action::Filter]);
    typed(&mut app, &service, "state:received pot:foster");
    keys(&mut app, &service, &[Action::Submit]);
    let shown = screen(&mut app);
    insta::assert_snapshot!("filter_nb", shown);
    let references: Vec<&str> = app.list.references().collect();
    assert_eq!(references, ["INN-2022-003", "INN-2022-009", "INN-2022-012"]);
    keys(&mut app, &service, &[Action::NextCase, Action::NextCase]);
    assert_eq!(app.selected_reference().as_deref(), Some("INN-2022-012"));
    keys(&mut app, &service, &[Action::NextCase]);
    assert!(app.message.as_ref().unwrap().text.contains("Ingen flere"));
    keys(&mut app, &service, &[Action::Filter]);
    typed(&mut app, &service, " farge:rød");
    assert!(app.message.as_ref().unwrap().text.contains("farge:"));
    // Enter does not take the unreadable query as the last readable one.
    keys(&mut app, &service, &[Action::Submit]);
    assert!(app.filter_input.is_some(), "the field stays open");
    keys(&mut app, &service, &[Action::Cancel]);
    // Esc on the queue clears the filter in force.
    keys(&mut app, &service, &[Action::Cancel]);
    assert_eq!(app.list.len(), app.list.total());
    assert!(app.filter_query.is_empty());
}

#[test]
fn lookup_popup_uses_the_same_search() {
    let (service, mut app) = demo(Lang::Nb);
    keys(&mut app, &service, &[Action::Lookup]);
    typed(&mut app, &service, "radøy");
    let shown = screen(&mut app);
    assert!(shown.contains("Alver (4631)"), "{shown}");
    insta::assert_snapshot!("lookup_nb", shown);
}

#[test]
fn batch_rejects_every_marked_case() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::ToggleMark,
            Action::Down,
            Action::ToggleMark,
        ],
    );
    keys(&mut app, &service, &[Action::Batch]);
    insta::assert_snapshot!("batch_nb", screen(&mut app));
    keys(&mut app, &service, &[Action::Down, Action::Submit]);
    typed(
        &mut app,
        &service,
        "Kom etter fristen eller utenfor ordningen",
    );
    keys(&mut app, &service, &[Action::Submit, Action::Submit]);
    for reference in ["INN-2022-005", "INN-2022-006"] {
        let proposal = service.case(reference).unwrap().case.proposal.unwrap();
        assert_eq!(proposal.outcome, crate::domain::Outcome::Reject);
    }
    assert!(app.marked.is_empty());
}

#[test]
fn a_small_window_says_how_large_it_must_be() {
    let (_, mut app) = demo(Lang::Nb);
    let shown = text(&draw(&mut app, COLOR, 60, 20));
    assert!(shown.contains("80×24"), "{shown}");
    insta::assert_snapshot!("small_nb", shown);
    let (_, mut app) = demo(Lang::En);
    insta::assert_snapshot!("small_en", text(&draw(&mut app, COLOR, 60, 20)));
}

#[test]
fn without_colour_the_selection_is_marked_and_bold() {
    let (_, mut app) = demo(Lang::Nb);
    let buffer = draw(&mut app, NO_COLOR, 120, 40);
    let shown = text(&buffer);
    insta::assert_snapshot!("no_color_nb", shown);
    let row = (0..buffer.area.height)
        .find(|&y| buffer[(1, y)].symbol() == "▶")
        .expect("a ▶ on the selected row");
    let cell = &buffer[(10, row)];
    assert!(
        cell.modifier.contains(Modifier::BOLD),
        "selected row is bold: {cell:?}"
    );
    assert!(
        !cell.modifier.contains(Modifier::REVERSED),
        "no reverse video under NO_COLOR"
    );
    assert_eq!(
        cell.fg,
        ratatui::style::Color::Reset,
        "no colour under NO_COLOR"
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let service = Service::with_clock(Store::in_memory().unwrap(), || {
        Utc.with_ymd_and_hms(2021, 8, 20, 8, 30, 0).unwrap()
    });
    crate::demo::seed(&service).unwrap();
    let hostile = serde_json::json!({"applications": [{
        "reference": "EVIL-1", "round": "innlandet-2022", "network": "innlandet-sor",
        "submitted": "2021-07-30T10:00:00+02:00",
        "title": "Tittel \u{202e}snur\u{2066} 東京🙂 æøå",
        "contact": {"name": "Ola \u{202e}Nordmann"},
        "lead_municipality": "3403", "municipalities": ["3403"],
        "requests": [{"pot": "egeninitiert", "amount": "1000"}],
        "summary": "linje\u{1b}[31m rød\u{1b}]0;owned\u{7}\nneste linje\u{1b}[2J"
    }]});
    let source = crate::import::Source {
        name: "evil.json".into(),
        bytes: hostile.to_string().into_bytes(),
    };
    let service = LocalSession::new(service, "kari");
    service
        .execute(Command::ImportApplications {
            sources: vec![source],
            replace: false,
        })
        .unwrap();
    let mut app = App::new(&service, Lang::Nb.texts()).unwrap();
    app.filter = app.filter.parse_query("EVIL").unwrap();
    app.reload(&service).unwrap();
    let buffer = draw(&mut app, COLOR, 120, 40);
    for cell in buffer.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "raw control character in {cell:?}"
        );
    }
    let shown = text(&buffer);
    assert!(shown.contains("Tittel"), "{shown}");
    insta::assert_snapshot!("hostile_nb", shown);
}

#[test]
fn the_round_menu_writes_letters_and_the_export_and_checks_the_log() {
    let (service, mut app) = demo(Lang::Nb);
    let dir = tempfile::tempdir().unwrap();
    keys(&mut app, &service, &[Action::RoundMenu]);
    insta::assert_snapshot!("round_menu_nb", screen(&mut app));
    keys(&mut app, &service, &[Action::Submit]);
    // Replace the suggested folder with one in the temporary directory.
    for _ in 0..40 {
        app.apply(&service, Action::Backspace);
    }
    typed(
        &mut app,
        &service,
        &dir.path().join("brev").display().to_string(),
    );
    keys(&mut app, &service, &[Action::Submit]);
    assert!(
        dir.path().join("brev/INN-2022-001.md").exists(),
        "{:?}",
        app.message
    );
    // Writing the files sends nothing: the case is still only decided.
    let state = |service: &LocalSession| service.case("INN-2022-001").unwrap().case.state;
    assert_eq!(state(&service), crate::domain::CaseState::Decided);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("ikke registrert som sendt"),
        "{:?}",
        app.message
    );
    // Recording them as sent is its own choice, confirmed.
    keys(
        &mut app,
        &service,
        &[
            Action::RoundMenu,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Submit,
        ],
    );
    let shown = screen(&mut app);
    assert!(shown.contains("INN-2022-001"), "{shown}");
    keys(&mut app, &service, &[Action::Submit]);
    assert_eq!(state(&service), crate::domain::CaseState::LetterSent);
    keys(
        &mut app,
        &service,
        &[
            Action::RoundMenu,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Submit,
        ],
    );
    for _ in 0..40 {
        app.apply(&service, Action::Backspace);
    }
    typed(
        &mut app,
        &service,
        &dir.path().join("eksport.csv").display().to_string(),
    );
    keys(&mut app, &service, &[Action::Submit]);
    let csv = std::fs::read_to_string(dir.path().join("eksport.csv")).unwrap();
    assert!(csv.starts_with("reference;network;"), "{csv}");
    keys(
        &mut app,
        &service,
        &[Action::RoundMenu, Action::Bottom, Action::Submit],
    );
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("hel og uendret")
    );
    // The letter of a decided case, previewed.
    keys(&mut app, &service, &[Action::PreviewLetter]);
    let shown = screen(&mut app);
    assert!(shown.contains("Vedtak om tilskudd"), "{shown}");
}

/// A large round opens reading only the rows it shows; a filter reads the rest once;
/// moving through the list reads what comes into view.
/// A session on 3 000 generated applications, reviewed in part.
fn generated_session() -> LocalSession {
    let service = Service::with_clock(Store::in_memory().unwrap(), || {
        Utc.with_ymd_and_hms(2021, 9, 1, 9, 0, 0).unwrap()
    });
    let data = crate::dev::generate::generate(&crate::dev::generate::Options {
        networks: 20,
        applications: 3_000,
        seed: 7,
    });
    for command in [
        Command::ImportRegistry {
            sources: data.registry,
        },
        Command::ImportRounds {
            sources: data.rounds,
        },
        Command::ImportApplications {
            sources: data.applications,
            replace: false,
        },
    ] {
        service.execute("test", command).unwrap();
    }
    service.execute_many(data.review).unwrap();
    LocalSession::new(service, "kari")
}

#[test]
fn a_large_round_opens_reading_only_what_it_shows() {
    let session = generated_session();
    let mut app = App::new(&session, Lang::Nb.texts()).unwrap();
    let read = |app: &App| app.list.rows_read();
    assert!(
        app.list.total() > 500,
        "{} cases in the round",
        app.list.total()
    );
    assert!(read(&app) <= 100, "{} rows read to open", read(&app));
    let screen = text(&draw(&mut app, COLOR, 120, 40));
    let unread = |app: &App| {
        app.list
            .visible()
            .filter(|&p| app.list.row_at(p).is_none())
            .count()
    };
    assert_eq!(unread(&app), 0, "every shown row is read:\n{screen}");
    keys(&mut app, &session, &[Action::Bottom]);
    let screen = text(&draw(&mut app, COLOR, 120, 40));
    let last = app
        .list
        .reference_at(app.list.len() - 1)
        .unwrap()
        .to_string();
    assert!(screen.contains(&last), "{screen}");
    assert!(read(&app) <= 200);
    app.filter = app.filter.parse_query("state:received").unwrap();
    app.reload(&session).unwrap();
    assert_eq!(read(&app), app.list.total(), "a filter reads every row");
    assert!(app.list.len() < app.list.total());
}

/// A filter typed the moment a large round opens: no key waits for the whole round.
/// The list says it is still searching, the rest is read between keys, and the queue
/// then holds exactly what the filter set in one go holds.
#[test]
fn a_filter_typed_at_once_on_a_large_round_fills_in_between_keys() {
    let session = generated_session();
    let mut app = App::new(&session, Lang::Nb.texts()).unwrap();
    draw(&mut app, COLOR, 120, 40);
    let query = "state:received";
    keys(&mut app, &session, &[Action::Filter]);
    let mut typed = 0;
    for c in query.chars() {
        keys(&mut app, &session, &[Action::Insert(c)]);
        typed += 1;
        if typed == 3 {
            // "sta": a free-text filter already, on a round not read yet.
            assert!(
                app.list.rows_read() < app.list.total(),
                "{} of {} rows read after three keys",
                app.list.rows_read(),
                app.list.total()
            );
            assert!(app.list.is_partial());
            let screen = text(&draw(&mut app, COLOR, 120, 40));
            assert!(screen.contains("søker …"), "{screen}");
            assert!(!screen.contains("Ingen saker passer"), "{screen}");
        }
    }
    keys(&mut app, &session, &[Action::Submit]);
    let selected_before = app.list.selected_reference().map(str::to_string);
    while app.read_ahead(&session) {}
    assert!(!app.list.is_partial());
    let screen = text(&draw(&mut app, COLOR, 120, 40));
    assert!(!screen.contains("søker …"), "{screen}");
    // The selection stayed on its case while rows joined.
    if let Some(reference) = selected_before {
        assert_eq!(app.list.selected_reference(), Some(reference.as_str()));
    }
    let filled: Vec<String> = app.list.references().map(str::to_string).collect();
    let mut whole = App::new(&session, Lang::Nb.texts()).unwrap();
    whole.filter = whole.filter.parse_query(query).unwrap();
    whole.reload(&session).unwrap();
    let expected: Vec<String> = whole.list.references().map(str::to_string).collect();
    assert!(!expected.is_empty() && expected.len() < whole.list.total());
    assert_eq!(filled, expected);
}

#[test]
fn a_change_that_cannot_apply_is_refused_before_its_form_opens() {
    let (service, mut app) = demo(Lang::Nb);
    // INN-2022-003 is received: there is no decision to reopen.
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Reopen],
    );
    assert!(
        app.popup.is_none(),
        "no reason form for a case with no decision"
    );
    let said = app
        .message
        .as_ref()
        .expect("the screen says why")
        .text
        .clone();
    assert!(said.contains("INN-2022-003"), "{said}");
    // A decided case takes reopening: its form opens.
    keys(&mut app, &service, &[Action::Top, Action::Reopen]);
    assert!(matches!(app.popup, Some(Popup::Reason(_))));
}

#[test]
fn an_open_allocation_form_follows_a_colleagues_change() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Allocate],
    );
    typed(&mut app, &service, "300000");
    let preview = |app: &App| match &app.popup {
        Some(Popup::Allocate(form)) => form.preview().map(|(_, p)| p.clone()),
        _ => None,
    };
    let before = preview(&app).expect("a preview").expect("it fits");
    // Ola takes most of the same pot for another case.
    let ola = LocalSession::shared(service.service().clone(), "ola");
    let pot = match &app.popup {
        Some(Popup::Allocate(form)) => form.preview().unwrap().0.to_string(),
        _ => unreachable!(),
    };
    ola.execute(Command::Allocate {
        reference: "INN-2022-012".into(),
        pot: pot.clone(),
        amount: crate::domain::Money::parse("900000").unwrap(),
    })
    .unwrap();
    app.poll(&service);
    let after = preview(&app).expect("still a preview");
    assert_ne!(
        Ok(before),
        after,
        "the remaining follows the colleague's change"
    );
}

#[test]
fn counts_of_cases_are_in_the_right_number() {
    for (lang, one, two) in [
        (Lang::Nb, "1 av 1 sak endret.", "Avslå 2 saker"),
        (Lang::En, "1 of 1 case changed.", "Reject 2 cases"),
    ] {
        let tt = lang.texts().tui();
        assert_eq!(tt.batch_done(1, 1), one);
        assert_eq!(tt.batch_reject_title(2), two);
    }
}

#[test]
fn a_note_typed_in_the_verdict_form_is_text_never_a_choice() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Open],
    );
    app.check_cursor = 6; // form: not judged yet
    keys(&mut app, &service, &[Action::EditCheck]);
    // Enter with no verdict chosen asks for one and keeps the form.
    keys(&mut app, &service, &[Action::Submit]);
    assert!(matches!(app.popup, Some(Popup::Verdict(_))));
    assert!(app.message.as_ref().unwrap().text.contains("m oppfylt"));
    // Letters that are not m/x/n start the note (as the key map sends them).
    for c in "ikke nok".chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        let action = super::keys::map_key(app.key_context(), key).unwrap();
        app.apply(&service, action);
    }
    assert_eq!(app.draft().unwrap().text, "ikke nok");
    // The note has the keys now; Tab back to the verdict, x, Enter.
    keys(
        &mut app,
        &service,
        &[Action::FocusPrev, Action::Pick(1), Action::Submit],
    );
    let view = service.case("INN-2022-003").unwrap();
    let form = view
        .checks
        .iter()
        .find(|c| c.id == crate::domain::CheckId::Form)
        .unwrap();
    assert_eq!(form.verdict(), crate::domain::Verdict::NotMet);
    assert_eq!(
        form.recorded.as_ref().unwrap().note.as_deref(),
        Some("ikke nok")
    );
}

#[test]
fn a_batch_verdict_is_confirmed_before_it_is_saved() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::ToggleMark],
    );
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::ToggleMark, Action::Batch],
    );
    keys(&mut app, &service, &[Action::Submit, Action::Pick(0)]);
    typed(&mut app, &service, "Sett av to");
    keys(&mut app, &service, &[Action::Submit]);
    assert!(
        matches!(app.popup, Some(Popup::Confirm(_))),
        "a confirmation first"
    );
    let shown = screen(&mut app);
    assert!(
        shown.contains("INN-2022-003") && shown.contains("INN-2022-004"),
        "{shown}"
    );
    let plan = |s: &LocalSession| {
        s.case("INN-2022-003")
            .unwrap()
            .checks
            .iter()
            .find(|c| c.id == crate::domain::CheckId::Plan)
            .unwrap()
            .verdict()
    };
    assert_eq!(plan(&service), crate::domain::Verdict::Unchecked);
    keys(&mut app, &service, &[Action::Submit]);
    assert_eq!(plan(&service), crate::domain::Verdict::Met);
}

#[test]
fn a_form_does_not_overwrite_a_colleagues_change_made_while_it_was_open() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Allocate],
    );
    typed(&mut app, &service, "50000");
    let ola = LocalSession::shared(service.service().clone(), "ola");
    let pot = match &app.popup {
        Some(Popup::Allocate(form)) => form.preview().unwrap().0.to_string(),
        _ => unreachable!(),
    };
    ola.execute(Command::Allocate {
        reference: "INN-2022-003".into(),
        pot: pot.clone(),
        amount: crate::domain::Money::parse("200000").unwrap(),
    })
    .unwrap();
    keys(&mut app, &service, &[Action::Submit]);
    let held = service.case("INN-2022-003").unwrap().case.allocated(&pot);
    assert_eq!(
        held,
        crate::domain::Money::parse("200000").unwrap(),
        "ola's amount stands"
    );
    let said = &app.message.as_ref().unwrap().text;
    assert!(said.contains("ola"), "{said}");
}

#[test]
fn end_in_the_lookup_goes_to_the_end_of_the_results() {
    let (service, mut app) = demo(Lang::Nb);
    draw(&mut app, COLOR, 80, 24);
    keys(&mut app, &service, &[Action::Lookup]);
    typed(&mut app, &service, "in");
    keys(&mut app, &service, &[Action::Bottom]);
    let shown = text(&draw(&mut app, COLOR, 80, 24));
    let counter = shown
        .lines()
        .find_map(|l| l.split(' ').find(|w| w.contains('–') && w.contains('/')))
        .unwrap_or_default()
        .to_string();
    let (range, total) = counter.split_once('/').expect("a position counter");
    assert!(range.ends_with(total), "{counter}\n{shown}");
}

/// After the decision on the screen: `U` opens the steps, a payment is typed, asked of
/// the service, confirmed, and recorded; the header counts what is overdue, and `D`
/// shows the queue of what is due, and every case again.
#[test]
fn a_payment_through_the_screen_and_the_queue_of_what_is_due() {
    let (service, mut app) = demo(Lang::Nb);
    keys(&mut app, &service, &[Action::Top]);
    let view = app.case.clone().expect("a case is open");
    let (reference, round) = (
        view.case.reference().to_string(),
        view.case.application.round.clone(),
    );
    assert!(view.case.decision.is_some(), "the first case is decided");
    // Not before the letter is sent: the service says so, the menu stays usable.
    keys(&mut app, &service, &[Action::FollowUpMenu]);
    assert!(matches!(app.popup, Some(Popup::FollowUpMenu(_))));
    keys(&mut app, &service, &[Action::Submit, Action::Submit]);
    assert!(
        matches!(app.popup, Some(Popup::FollowUp(_))),
        "refused: the form stays"
    );
    keys(&mut app, &service, &[Action::Cancel]);
    service
        .execute(Command::MarkSent {
            round: round.clone(),
            references: vec![reference.clone()],
            date: None,
            journal: None,
        })
        .unwrap();
    app.refresh(&service).unwrap();
    keys(&mut app, &service, &[Action::FollowUpMenu, Action::Submit]);
    let shown = text(&draw(&mut app, NO_COLOR, 100, 30));
    assert!(shown.contains("Registrer utbetaling"), "{shown}");
    assert!(shown.contains("Beløp"), "{shown}");
    // The amount unpaid is filled in; Enter asks, Enter again confirms.
    keys(&mut app, &service, &[Action::Submit]);
    assert!(
        matches!(app.popup, Some(Popup::Confirm(_))),
        "{:?}",
        app.message.as_ref().map(|m| m.text.clone())
    );
    keys(&mut app, &service, &[Action::Submit]);
    let after = service.case(&reference).unwrap();
    assert_eq!(after.case.state, crate::domain::CaseState::Paid);
    assert!(!after.follow_up.payments.is_empty());
    // The queue of what is due, and back.
    keys(&mut app, &service, &[Action::DueQueue]);
    assert_eq!(app.filter_query, "due:all");
    keys(&mut app, &service, &[Action::DueQueue]);
    assert_eq!(app.filter_query, "");
}

/// Purpose on an application to both pots: ↑/↓ in the verdict form choose what the
/// verdict is for, and the pot's own verdict shows under the check.
#[test]
fn purpose_is_judged_for_one_pot_in_the_verdict_form() {
    let (service, mut app) = demo(Lang::Nb);
    keys(
        &mut app,
        &service,
        &[Action::Down, Action::Down, Action::Open],
    );
    app.check_cursor = 8; // purpose
    keys(&mut app, &service, &[Action::EditCheck, Action::Down]);
    let form = screen(&mut app);
    assert!(form.contains("Gjelder"), "{form}");
    insta::assert_snapshot!("verdict_per_pot_nb", form);
    keys(&mut app, &service, &[Action::Pick(1)]);
    typed(&mut app, &service, "Ikke fosterhjem");
    keys(&mut app, &service, &[Action::Submit]);
    assert!(app.popup.is_none(), "saved");
    let view = service.case("INN-2022-003").unwrap();
    let purpose = view
        .checks
        .iter()
        .find(|c| c.id == crate::domain::CheckId::Purpose)
        .unwrap();
    assert_eq!(purpose.failing_pots(), vec!["fosterhjem"]);
    assert_eq!(purpose.whole_verdict(), crate::domain::Verdict::Unchecked);
    let shown = text(&draw(&mut app, NO_COLOR, 160, 50));
    assert!(
        shown.contains("fosterhjem: ✗ ikke oppfylt (av kari: Ikke fosterhjem)"),
        "{shown}"
    );
    // The form opens again on the whole application; ↓ brings back the pot's verdict.
    keys(&mut app, &service, &[Action::EditCheck, Action::Down]);
    let Some(Popup::Verdict(_)) = &app.popup else {
        panic!("the form")
    };
    assert!(screen(&mut app).contains("Ikke fosterhjem"));
}

/// The overview's Enter on a municipality opens the queue with that municipality's
/// cases; on a network, with the network's.
#[test]
fn the_overview_opens_the_queue_for_a_municipality_or_a_network() {
    let (service, mut app) = demo(Lang::Nb);
    keys(&mut app, &service, &[Action::Overview]);
    assert!(matches!(app.popup, Some(Popup::Overview(_))));
    keys(&mut app, &service, &[Action::Filter]);
    typed(&mut app, &service, "3411");
    keys(&mut app, &service, &[Action::Submit, Action::Open]);
    assert!(app.popup.is_none(), "the queue is back");
    assert_eq!(app.filter_query, "kommune:3411");
    assert!(!app.list.is_empty());
    for i in 0..app.list.len() {
        let row = app.list.row_at(i).expect("rows are loaded");
        assert!(row.municipalities.iter().any(|m| m == "3411"), "{row:?}");
    }
    keys(
        &mut app,
        &service,
        &[Action::Overview, Action::FocusNext, Action::Open],
    );
    assert!(
        app.filter_query.starts_with("network:"),
        "{}",
        app.filter_query
    );
    // Esc while the filter is typed closes the field, not the overview.
    keys(
        &mut app,
        &service,
        &[Action::Overview, Action::Filter, Action::Cancel],
    );
    assert!(matches!(app.popup, Some(Popup::Overview(_))));
    keys(&mut app, &service, &[Action::Overview]);
    assert!(app.popup.is_none(), "O again leaves it");
}
