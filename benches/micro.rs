//! In-process costs, at 1 000, 10 000 and 100 000 generated applications (in memory, so
//! no disk in the figures; `bench/run.sh` measures the whole program on files):
//! amount parsing, import, lookup, `status`, the review screen's first frame, and one
//! key press to the next frame (update and render into a 200×60 `TestBackend`) with a
//! filter active.
//!
//! `cargo bench --bench micro`. The first run of each size builds its database (the
//! 100 000 one takes a while).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{TimeZone, Utc};
use divan::{Bencher, black_box};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tilskudd::dev::generate::{Generated, Options, generate};
use tilskudd::domain::Money;
use tilskudd::i18n::Lang;
use tilskudd::service::{Command, LocalSession, Service, Session};
use tilskudd::store::Store;
use tilskudd::tui::action::Action;
use tilskudd::tui::app::App;
use tilskudd::tui::view::Screen;
use tilskudd::tui::view::theme::Theme;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn main() {
    divan::main();
}

fn options(applications: usize) -> Options {
    Options {
        networks: (applications / 1_000).clamp(20, 100),
        applications,
        seed: 1,
    }
}

fn service() -> Service {
    Service::with_clock(Store::in_memory().expect("memory store"), || {
        Utc.with_ymd_and_hms(2021, 9, 1, 9, 0, 0).unwrap()
    })
}

/// Registry and rounds in, applications not yet.
fn prepared(data: &Generated) -> Service {
    let service = service();
    service
        .execute(
            "bench",
            Command::ImportRegistry {
                sources: data.registry.clone(),
            },
        )
        .expect("registry");
    service
        .execute(
            "bench",
            Command::ImportRounds {
                sources: data.rounds.clone(),
            },
        )
        .expect("rounds");
    service
}

/// A database of `n` applications with their review history, built once per size.
fn session(n: usize) -> Arc<LocalSession> {
    static BUILT: OnceLock<Mutex<HashMap<usize, Arc<LocalSession>>>> = OnceLock::new();
    let built = BUILT.get_or_init(Mutex::default);
    let mut built = built.lock().unwrap();
    Arc::clone(built.entry(n).or_insert_with(|| {
        let data = generate(&options(n));
        let service = prepared(&data);
        service
            .execute(
                "bench",
                Command::ImportApplications {
                    sources: data.applications,
                    replace: false,
                },
            )
            .expect("applications");
        service.execute_many(data.review).expect("review");
        Arc::new(LocalSession::new(service, "kari"))
    }))
}

#[divan::bench(args = ["450000", "kr 1 350 000,-", "900.000,-", "450 000,50", "12,345"])]
fn parse_amount(bencher: Bencher, input: &str) {
    bencher.bench(|| Money::parse(black_box(input)));
}

#[divan::bench(args = [1_000, 10_000], sample_count = 10, sample_size = 1)]
fn import(bencher: Bencher, n: usize) {
    let data = generate(&options(n));
    bencher
        .with_inputs(|| (prepared(&data), data.applications.clone()))
        .bench_values(|(service, sources)| {
            service
                .execute(
                    "bench",
                    Command::ImportApplications {
                        sources,
                        replace: false,
                    },
                )
                .expect("import")
        });
}

#[divan::bench(args = SIZES)]
fn lookup(bencher: Bencher, n: usize) {
    let session = session(n);
    bencher.bench(|| session.lookup(black_box("hamar")).expect("lookup"));
}

#[divan::bench(args = SIZES)]
fn status(bencher: Bencher, n: usize) {
    let session = session(n);
    bencher.bench(|| session.status(None).expect("status"));
}

/// What the screen's loop does for a frame: fit the list to the window, read the rows
/// it shows, draw.
fn draw(app: &mut App, session: &dyn Session, terminal: &mut Terminal<TestBackend>) {
    let area = ratatui::layout::Rect::new(0, 0, 200, 60);
    app.fit(area, tilskudd::tui::view::list_rows(app, area));
    app.read_visible(session);
    let app = &*app;
    terminal
        .draw(|frame| {
            frame.render_widget(
                Screen {
                    app,
                    theme: Theme { color: true },
                },
                frame.area(),
            );
        })
        .expect("draw");
}

/// From nothing to the first frame: load the round, the queue and the first case, draw.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn first_frame(bencher: Bencher, n: usize) {
    let session = session(n);
    bencher.bench(|| {
        let mut app = App::new(session.as_ref(), Lang::Nb.texts()).expect("app");
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        draw(&mut app, session.as_ref(), &mut terminal);
        app
    });
}

/// One key press (down, or up at the end) to the next frame, with a filter active.
#[divan::bench(args = SIZES)]
fn key_to_frame(bencher: Bencher, n: usize) {
    let session = session(n);
    let mut app = App::new(session.as_ref(), Lang::Nb.texts()).expect("app");
    app.filter = app.filter.parse_query("state:received").expect("filter");
    app.reload(session.as_ref()).expect("reload");
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let mut down = true;
    bencher.bench_local(|| {
        let before = app.list.selected();
        app.apply(
            session.as_ref(),
            if down { Action::Down } else { Action::Up },
        );
        if app.list.selected() == before {
            down = !down;
        }
        draw(&mut app, session.as_ref(), &mut terminal);
    });
}

/// Typing a filter on a fresh screen, a frame after every key, as a person types it:
/// each key reads a bounded number of rows more and filters what is read. With
/// `until_whole`, the screen then reads the rest of the round as it does while nobody
/// types (a frame after each chunk) until the queue is whole.
fn type_filter(bencher: Bencher, query: &str, n: usize, idle_first: bool, until_whole: bool) {
    let session = session(n);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    bencher
        .with_inputs(|| {
            let mut app = App::new(session.as_ref(), Lang::Nb.texts()).expect("app");
            let mut first = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
            draw(&mut app, session.as_ref(), &mut first);
            // The screen reads rows ahead while nobody types.
            while idle_first && app.list.read_ahead(session.as_ref(), 500) {}
            app
        })
        .bench_local_values(|mut app| {
            app.apply(session.as_ref(), Action::Filter);
            for c in query.chars() {
                app.apply(session.as_ref(), Action::Insert(c));
                draw(&mut app, session.as_ref(), &mut terminal);
            }
            app.apply(session.as_ref(), Action::Submit);
            while until_whole && app.list.is_partial() {
                app.read_ahead(session.as_ref());
                draw(&mut app, session.as_ref(), &mut terminal);
            }
            app
        });
}

/// `/network:gen-innlandet-0001`: 26 keys.
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn type_network_filter(bencher: Bencher, n: usize) {
    type_filter(bencher, "network:gen-innlandet-0001", n, false, false);
}

/// The same, until the queue is whole: the keys, then the rest of the round read as
/// the screen reads it between keys.
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn type_network_filter_until_whole(bencher: Bencher, n: usize) {
    type_filter(bencher, "network:gen-innlandet-0001", n, false, true);
}

/// The same, typed after the screen sat idle long enough to read the rows ahead.
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn type_network_filter_after_idle(bencher: Bencher, n: usize) {
    type_filter(bencher, "network:gen-innlandet-0001", n, true, false);
}

/// `/state:received`: 14 keys.
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn type_state_filter(bencher: Bencher, n: usize) {
    type_filter(bencher, "state:received", n, false, false);
}

/// What a filter's first key costs on a fresh screen: the list lines of the largest
/// round, read as the screen reads them (in batches a request may hold).
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn read_round_rows(bencher: Bencher, n: usize) {
    let session = session(n);
    let largest = session
        .rounds()
        .expect("rounds")
        .into_iter()
        .map(|r| session.references(&r.id).expect("references"))
        .max_by_key(Vec::len)
        .expect("a round");
    bencher.bench(|| {
        for batch in largest.chunks(tilskudd::service::MAX_ROWS) {
            divan::black_box(session.rows(batch.to_vec()).expect("rows"));
        }
    });
}
