//! Every popup and state of the review screen, in both languages, at the smallest
//! window it supports (80×24) and a few at a wide one: insta snapshots a reviewer reads
//! as a new user would.

use chrono::{TimeZone, Utc};

use super::action::Action;
use super::app::App;
use super::draft::{Draft, DraftKind};
use super::popups::{DraftOffer, Popup, ReasonFor};
use super::tests::{COLOR, NO_COLOR, demo, draw, keys, text, typed};
use crate::i18n::Lang;
use crate::service::{Command, LocalSession, Service, Session};
use crate::store::Store;

/// A state of the screen: what to do from the demo's start.
type Setup = fn(&LocalSession, &mut App);

fn to_received_case(s: &LocalSession, app: &mut App) {
    keys(app, s, &[Action::Down, Action::Down]);
}

const SCENES: &[(&str, Setup)] = &[
    ("start", |_, _| {}),
    ("case_focus", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Open]);
    }),
    ("help", |s, app| {
        keys(app, s, &[Action::Help]);
    }),
    ("help_end", |s, app| {
        keys(app, s, &[Action::Help, Action::Bottom]);
    }),
    ("verdict", |s, app| {
        to_received_case(s, app);
        keys(
            app,
            s,
            &[
                Action::Open,
                Action::Down,
                Action::Down,
                Action::Down,
                Action::Down,
            ],
        );
        keys(app, s, &[Action::EditCheck]);
    }),
    ("verdict_picked", |s, app| {
        to_received_case(s, app);
        keys(
            app,
            s,
            &[
                Action::Open,
                Action::Down,
                Action::Down,
                Action::Down,
                Action::Down,
            ],
        );
        keys(app, s, &[Action::Pick(1)]);
        typed(app, s, "Planen mangler tidsplan");
    }),
    ("allocate", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Allocate]);
        typed(app, s, "150000");
    }),
    ("allocate_refused", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Allocate]);
        typed(app, s, "5000000");
    }),
    ("propose", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Propose]);
        typed(app, s, "Godt forankret");
    }),
    ("propose_confirm", |s, app| {
        to_received_case(s, app);
        // The outcome offered fits the allocations: none, so a rejection.
        keys(app, s, &[Action::Propose]);
        typed(app, s, "Utenfor ordningens formål");
        keys(app, s, &[Action::Submit]);
    }),
    ("approve_confirm", |s, app| {
        keys(app, s, &[Action::Down, Action::Approve]);
    }),
    ("reopen", |s, app| {
        keys(app, s, &[Action::Reopen]);
        typed(app, s, "Ny opplysning om budsjettet");
    }),
    ("conflict", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Conflict]);
        typed(app, s, "Søsteren min leder prosjektet");
    }),
    ("conflict_confirm", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Conflict]);
        typed(app, s, "Søsteren min leder prosjektet");
        keys(app, s, &[Action::Submit]);
    }),
    ("batch_menu", |s, app| {
        keys(
            app,
            s,
            &[Action::Down, Action::Down, Action::ToggleMark, Action::Down],
        );
        keys(app, s, &[Action::ToggleMark, Action::Batch]);
    }),
    ("batch_verdict", |s, app| {
        keys(
            app,
            s,
            &[Action::Down, Action::Down, Action::ToggleMark, Action::Down],
        );
        keys(app, s, &[Action::ToggleMark, Action::Batch, Action::Submit]);
    }),
    ("batch_reject", |s, app| {
        keys(
            app,
            s,
            &[
                Action::Down,
                Action::Down,
                Action::ToggleMark,
                Action::Batch,
            ],
        );
        keys(app, s, &[Action::Down, Action::Submit]);
        typed(app, s, "Utenfor ordningen");
    }),
    ("round_menu", |s, app| {
        keys(app, s, &[Action::RoundMenu]);
    }),
    ("path", |s, app| {
        keys(app, s, &[Action::RoundMenu, Action::Submit]);
    }),
    ("lookup", |s, app| {
        keys(app, s, &[Action::Lookup]);
        typed(app, s, "hamar");
    }),
    ("letter", |s, app| {
        keys(app, s, &[Action::PreviewLetter]);
    }),
    ("letter_end", |s, app| {
        keys(app, s, &[Action::PreviewLetter, Action::Bottom]);
    }),
    ("draft", |_, app| {
        app.popup = Some(Popup::Draft(DraftOffer {
            draft: Draft {
                reference: "INN-2022-003".into(),
                kind: DraftKind::Reason(ReasonFor::Reopen),
                text: "Halvferdig begrunnelse".into(),
            },
        }));
    }),
    ("message_log", |s, app| {
        keys(app, s, &[Action::Down, Action::Approve]);
        keys(app, s, &[Action::PreviewLetter]);
        keys(app, s, &[Action::MessageLog]);
    }),
    ("long_refusal", |s, app| {
        to_received_case(s, app);
        keys(app, s, &[Action::Approve]);
    }),
    ("filter_typing", |s, app| {
        keys(app, s, &[Action::Filter]);
        typed(app, s, "state:proposed");
    }),
    ("empty_queue", |s, app| {
        keys(app, s, &[Action::Filter]);
        typed(app, s, "ingen-sak-heter-slik");
        keys(app, s, &[Action::Submit]);
    }),
    ("follow_up_menu", |s, app| {
        keys(app, s, &[Action::FollowUpMenu]);
    }),
    ("pay_form", |s, app| {
        sent_first_case(s, app);
        keys(app, s, &[Action::FollowUpMenu, Action::Submit]);
    }),
    ("paid_and_reported", |s, app| {
        let reference = sent_first_case(s, app);
        for command in [
            Command::Pay {
                reference: reference.clone(),
                amount: None,
                date: None,
            },
            Command::Report {
                reference: reference.clone(),
                spent: crate::domain::Money::kroner(400_000),
                received: None,
                note: Some("Færre samlinger enn planlagt".into()),
            },
            Command::Claim {
                reference,
                amount: None,
                reason: "Ubrukte midler".into(),
            },
        ] {
            s.execute(command).unwrap();
        }
        app.refresh(s).unwrap();
        keys(app, s, &[Action::Open]);
        keys(
            app,
            s,
            &[Action::PageDown, Action::PageDown, Action::PageDown],
        );
        keys(
            app,
            s,
            &[Action::PageDown, Action::PageDown, Action::PageDown],
        );
    }),
    ("due_queue", |s, app| {
        sent_first_case(s, app);
        keys(app, s, &[Action::DueQueue]);
    }),
    ("overview", |s, app| {
        keys(app, s, &[Action::Overview]);
    }),
    ("overview_networks", |s, app| {
        keys(app, s, &[Action::Overview, Action::FocusNext, Action::Down]);
    }),
    ("overview_filtered", |s, app| {
        keys(app, s, &[Action::Overview, Action::Filter]);
        typed(app, s, "ringsaker");
    }),
];

/// The first case of the round (decided in the demo), recorded as sent: where the
/// follow-up starts.
fn sent_first_case(s: &LocalSession, app: &mut App) -> String {
    keys(app, s, &[Action::Top]);
    let view = app.case.clone().expect("a case is open");
    let reference = view.case.reference().to_string();
    s.execute(Command::MarkSent {
        round: view.case.application.round.clone(),
        references: vec![reference.clone()],
        date: None,
        journal: None,
    })
    .unwrap();
    app.refresh(s).unwrap();
    reference
}

#[test]
fn every_popup_and_state_at_80_by_24_in_both_languages() {
    for lang in [Lang::Nb, Lang::Nn, Lang::En] {
        for (name, setup) in SCENES {
            let (session, mut app) = demo(lang);
            // The window's size is known before the keys, as in the real loop.
            draw(&mut app, COLOR, 80, 24);
            setup(&session, &mut app);
            let shown = text(&draw(&mut app, COLOR, 80, 24));
            insta::assert_snapshot!(format!("{name}_{lang:?}_80x24"), shown);
        }
    }
}

#[test]
fn wide_layouts_in_both_languages() {
    for lang in [Lang::Nb, Lang::Nn, Lang::En] {
        // The first scenes, and the case whose money has moved: its follow-up shows.
        let wide = SCENES[..5].iter().chain(
            SCENES
                .iter()
                .filter(|(name, _)| *name == "paid_and_reported"),
        );
        for (name, setup) in wide {
            let (session, mut app) = demo(lang);
            draw(&mut app, COLOR, 200, 50);
            setup(&session, &mut app);
            let shown = text(&draw(&mut app, COLOR, 200, 50));
            insta::assert_snapshot!(format!("{name}_{lang:?}_200x50"), shown);
        }
    }
}

/// The overview at the smallest and a large window, in every language, with colour and
/// without: without colour the selected row still carries its mark and bold.
#[test]
fn the_overview_at_both_sizes_in_every_language_and_without_colour() {
    for lang in [Lang::Nb, Lang::Nn, Lang::En] {
        for (width, height) in [(80, 24), (200, 60)] {
            for (theme, tag) in [(COLOR, "colour"), (NO_COLOR, "no_colour")] {
                let (session, mut app) = demo(lang);
                draw(&mut app, theme, width, height);
                keys(&mut app, &session, &[Action::Overview]);
                let buffer = draw(&mut app, theme, width, height);
                let shown = text(&buffer);
                assert!(shown.contains('▶'), "{shown}");
                let marked = (0..height).find_map(|y| {
                    (0..width)
                        .find(|x| buffer[(*x, y)].symbol() == "▶")
                        .map(|x| (x, y))
                });
                let (x, y) = marked.expect("a selected row");
                let style = buffer[(x + 2, y)].style();
                assert!(
                    style.add_modifier.contains(ratatui::style::Modifier::BOLD),
                    "the selection is bold without colour too"
                );
                if theme == COLOR || lang == Lang::Nb {
                    insta::assert_snapshot!(
                        format!("overview_{lang:?}_{width}x{height}_{tag}"),
                        shown
                    );
                }
            }
        }
    }
}

#[test]
fn without_colour_every_popup_marks_its_choice() {
    let (session, mut app) = demo(Lang::Nb);
    keys(&mut app, &session, &[Action::RoundMenu]);
    let shown = text(&draw(&mut app, NO_COLOR, 80, 24));
    assert!(shown.contains('▶'), "{shown}");
}

#[test]
fn an_empty_database_says_how_to_begin() {
    for lang in [Lang::Nb, Lang::Nn, Lang::En] {
        let service = Service::with_clock(Store::in_memory().unwrap(), || {
            Utc.with_ymd_and_hms(2021, 8, 20, 8, 30, 0).unwrap()
        });
        let session = LocalSession::new(service, "kari");
        let mut app = App::new(&session, lang.texts()).unwrap();
        let shown = text(&draw(&mut app, COLOR, 80, 24));
        assert!(shown.contains("tilskudd import round"), "{shown}");
        insta::assert_snapshot!(format!("empty_database_{lang:?}"), shown);
        // Nothing to act on: no key opens a form or fails loudly.
        for action in [
            Action::Open,
            Action::Allocate,
            Action::Propose,
            Action::Approve,
        ] {
            app.apply(&session, action);
            assert!(app.popup.is_none(), "{action:?}");
        }
    }
}
