//! The review screen as a person meets it: the real binary in tmux, keys sent with
//! `send-keys`, the screen read with `capture-pane`.

use crate::server::Server;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{BIN, TestDb, Tmux};

/// The review screen on a server, as the user running the tests.
fn start_on_server(db: &TestDb, server: &Server, name: &str) -> Tmux {
    let command = format!(
        "env TILSKUDD_LANG=nb XDG_STATE_HOME={state} TERM=xterm-256color {BIN} --server {socket}",
        state = db.dir.path().join("state").display(),
        socket = server.socket.display()
    );
    Tmux::run(name, &command)
}

#[test]
fn a_whole_case_in_the_review_screen_and_approval_by_a_second_adviser() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let kari = Tmux::start(&db, "kari", "kari", &[]);
    kari.wait_for("Saker 13/13");
    // Filter to the foster-home cases that have not been looked at.
    kari.keys(&["/"]);
    kari.text("state:received pot:foster");
    kari.keys(&["Enter"]);
    kari.wait_for("Saker 3/13");
    kari.wait_for("INN-2022-003 · Rekruttering");
    // Open it and judge the five manual checks.
    kari.keys(&["Enter"]);
    for _ in 0..4 {
        kari.keys(&["j"]);
    }
    for (check, moves) in [
        ("plan", 0),
        ("anchoring", 1),
        ("form", 1),
        ("purpose", 2),
        ("costs", 1),
    ] {
        for _ in 0..moves {
            kari.keys(&["j"]);
        }
        kari.keys(&["c"]);
        kari.wait_for(check);
        kari.keys(&["m", "Enter"]);
        kari.wait_for(&format!("vilkår {check}: ikke vurdert → oppfylt"));
    }
    // Allocate and watch the pot's remaining: 2 300 000 − 600 000 − 650 000.
    kari.keys(&["a"]);
    kari.text("650 000");
    kari.wait_for("→ 1 050 000 kr");
    kari.keys(&["Enter"]);
    kari.wait_for("fosterhjem: 0 kr → 650 000 kr");
    kari.wait_for("gjenstår   1 050 000 kr");
    kari.keys(&["Tab", "j", "a"]);
    kari.text("200000");
    kari.keys(&["Enter"]);
    kari.wait_for("egeninitiert: 0 kr → 200 000 kr");
    kari.keys(&["i"]);
    kari.text("Godt forankret, med familieråd i alle kommunene");
    kari.keys(&["Enter"]);
    kari.wait_for("Bekreft? [j/n]");
    kari.keys(&["j"]);
    kari.wait_for("innstilt: innvilget");
    // Kari may not approve her own proposal.
    kari.keys(&["A"]);
    kari.wait_for("fire øyne");
    // Ola approves in a screen of his own; Kari's screen notices.
    let ola = Tmux::start(&db, "ola", "ola", &[]);
    ola.wait_for("Saker 13/13");
    ola.keys(&["/"]);
    ola.text("INN-2022-003");
    ola.keys(&["Enter", "A"]);
    ola.wait_for("Vedta INN-2022-003");
    ola.keys(&["j"]);
    ola.wait_for("vedtatt: innvilget");
    kari.wait_for("INN-2022-003 ble nettopp endret av ola.");
    let shown = db.show("INN-2022-003");
    assert_eq!(shown["decision"]["decided_by"], "ola");
    assert_eq!(shown["decision"]["proposed_by"], "kari");
    ola.keys(&["q"]);
    kari.keys(&["q"]);
}

#[test]
fn another_process_allocating_shows_in_an_open_screen() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let screen = Tmux::start(&db, "kari", "watch", &[]);
    screen.wait_for("gjenstår     350 000 kr");
    screen.keys(&["j", "j"]);
    screen.wait_for("INN-2022-003 · Rekruttering");
    db.run_as(
        "ola",
        &["allocate", "INN-2022-003", "egeninitiert", "150 000"],
    )
    .ok();
    screen.wait_for("gjenstår     200 000 kr");
    screen.wait_for("INN-2022-003 ble nettopp endret av ola.");
}

#[test]
fn a_dropped_connection_keeps_the_reason_being_typed() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let first = Tmux::start(&db, "kari", "first", &[]);
    first.wait_for("Saker 13/13");
    first.keys(&["j", "j", "i"]);
    first.text("Halvveis skrevet begrunnelse");
    first.wait_for("Halvveis skrevet begrunnelse");
    // What a dropped SSH connection sends.
    let pid = first.pane("#{pane_pid}");
    Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    let start = Instant::now();
    while first.pane("#{pane_dead}") != "1" {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the program ends on SIGHUP"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Dropped again while the draft is offered: it is still there next time.
    let dropped = Tmux::start(&db, "kari", "dropped", &[]);
    dropped.wait_for("Halvveis skrevet begrunnelse");
    let pid = dropped.pane("#{pane_pid}");
    Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    let start = Instant::now();
    while dropped.pane("#{pane_dead}") != "1" {
        assert!(start.elapsed() < Duration::from_secs(5), "ends on SIGHUP");
        std::thread::sleep(Duration::from_millis(50));
    }
    let second = Tmux::start(&db, "kari", "second", &[]);
    second.wait_for("Utkast fra forrige økt");
    second.wait_for("Halvveis skrevet begrunnelse");
    second.keys(&["Enter"]);
    second.wait_for("Innstilling");
    let screen = second.wait_for("Halvveis skrevet begrunnelse");
    assert!(screen.contains("INN-2022-003"), "{screen}");
}

#[test]
fn the_terminal_is_restored_on_quit() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    // A shell of its own, so what is left on the terminal after quitting can be read.
    let session = Tmux::run_sized("shell", "sh", 100, 30);
    session.text(&format!(
        "TILSKUDD_USER=kari {BIN} --db {} ; echo EXITED=$?",
        db.path.display()
    ));
    session.keys(&["Enter"]);
    session.wait_for("Saker 13/13");
    session.keys(&["q"]);
    let screen = session.wait_for("EXITED=0");
    assert!(
        !screen.contains("Saker 13/13"),
        "the alternate screen is left:\n{screen}"
    );
}

/// The terminal vanishing (the SSH connection or tmux server gone) ends the program
/// instead of leaving it spinning on a dead terminal (crossterm issue 793).
#[test]
fn a_vanished_terminal_ends_the_program() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let screen = Tmux::start(&db, "kari", "vanish", &[]);
    screen.wait_for("Saker 13/13");
    let pid = screen.pane("#{pane_pid}");
    let _ = Command::new("tmux")
        .args(["-L", &screen.socket, "kill-server"])
        .status();
    let start = Instant::now();
    loop {
        // Gone, or a zombie waiting for a parent that no longer reaps it.
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let running = state.split_whitespace().nth(2).is_some_and(|s| s != "Z");
        if !running {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "still running on a dead terminal: {state}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Through the server: another client's allocation shows in an open screen within a
/// second, and an approval confirmed on a view that has gone stale is refused with what
/// changed.
#[test]
fn an_open_screen_on_the_server_follows_other_clients() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let server = Server::start(&db);
    let screen = start_on_server(&db, &server, "served");
    screen.wait_for("gjenstår     350 000 kr");
    screen.keys(&["j", "j"]);
    screen.wait_for("INN-2022-003 · Rekruttering");
    server
        .run(&["allocate", "INN-2022-003", "egeninitiert", "150 000"])
        .ok();
    screen.wait_for("gjenstår     200 000 kr");
    // INN-2022-002 waits for approval; the confirmation is open when someone else
    // changes the allocation under it.
    screen.keys(&["/"]);
    screen.text("INN-2022-002");
    screen.keys(&["Enter", "A"]);
    screen.wait_for("Vedta INN-2022-002");
    server
        .run(&["allocate", "INN-2022-002", "fosterhjem", "500 000"])
        .ok();
    screen.keys(&["j"]);
    screen.wait_for("endret siden du så den");
    assert_eq!(db_state(&server, "INN-2022-002"), "under-review");
    screen.keys(&["q"]);
}

fn db_state(server: &Server, reference: &str) -> String {
    server.run(&["show", reference, "--json"]).ok().json()["state"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An idle screen writes nothing: over SSH that is no packets at all, and the
/// server's idle-logout policies can see it is idle.
#[test]
fn an_idle_screen_writes_nothing() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let screen = Tmux::start(&db, "kari", "idle", &[]);
    screen.wait_for("Saker 13/13");
    std::thread::sleep(Duration::from_millis(500));
    let log = db.dir.path().join("idle-output");
    Command::new("tmux")
        .args([
            "-L",
            &screen.socket,
            "pipe-pane",
            "-o",
            "-t",
            &screen.session,
            &format!("cat >> {}", log.display()),
        ])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let written = std::fs::metadata(&log).map_or(0, |m| m.len());
    eprintln!("an idle screen wrote {written} bytes in 3 s");
    assert_eq!(written, 0, "an idle screen wrote {written} bytes");
    // A change still shows: a key is drawn at once.
    screen.keys(&["j"]);
    let start = Instant::now();
    while std::fs::metadata(&log).map_or(0, |m| m.len()) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the key was not drawn"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A screen with no controlling terminal gets no SIGHUP when its terminal goes away:
/// the hang-up itself ends it, with the reason being typed kept as a draft.
#[test]
fn a_screen_ends_when_its_terminal_closes_without_a_signal() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let command = format!(
        "setsid -w env TILSKUDD_USER=kari TILSKUDD_LANG=nb XDG_STATE_HOME={state} TERM=xterm-256color {BIN} --db {db}",
        state = db.dir.path().join("state").display(),
        db = db.path.display()
    );
    let screen = Tmux::run("nosignal", &command);
    screen.wait_for("Saker 13/13");
    screen.keys(&["j", "j", "i"]);
    screen.text("Skrevet uten signal");
    screen.wait_for("Skrevet uten signal");
    let pids = || {
        let out = Command::new("pgrep")
            .args(["-f", &db.path.display().to_string()])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(!pids().is_empty(), "the screen runs");
    let _ = Command::new("tmux")
        .args(["-L", &screen.socket, "kill-server"])
        .status();
    let start = Instant::now();
    loop {
        let running = pids().iter().any(|pid| {
            let process = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            process.split_whitespace().nth(2).is_some_and(|s| s != "Z")
        });
        if !running {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "still running 2 s after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let next = Tmux::start(&db, "kari", "after", &[]);
    next.wait_for("Skrevet uten signal");
}

/// The server upgraded under an open screen (another protocol on the socket): the
/// screen says so once, what to do, and stops asking.
#[test]
fn a_screen_whose_server_was_upgraded_says_so_once() {
    require_tmux!();
    let db = TestDb::with_applications();
    let mut server = Server::start(&db);
    let screen = start_on_server(&db, &server, "upgraded");
    screen.wait_for("Saker");
    server.kill();
    let _ = std::fs::remove_file(&server.socket);
    // The new server, as far as the old screen can tell: it speaks protocol 999.
    let listener = std::os::unix::net::UnixListener::bind(&server.socket).unwrap();
    listener.set_nonblocking(true).unwrap();
    let mut connections = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        match listener.accept() {
            Ok((mut stream, _)) => {
                connections += 1;
                let _ = std::io::Write::write_all(&mut stream, b"tilskudd-protocol 999 9.9.9\n");
            }
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    screen.wait_for("oppgradert til versjon 9.9.9");
    assert!(connections <= 2, "asked {connections} times in 5 s");
}

/// A terminal set up for another character set than UTF-8 is told so at start.
#[test]
fn a_terminal_that_is_not_utf8_is_told_so() {
    require_tmux!();
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let command = format!(
        "env LC_ALL= LC_CTYPE= LANG=nb_NO.ISO-8859-1 TILSKUDD_USER=kari TILSKUDD_LANG=nb XDG_STATE_HOME={state} TERM=xterm-256color {BIN} --db {db}",
        state = db.dir.path().join("state").display(),
        db = db.path.display()
    );
    let screen = Tmux::run("latin1", &command);
    screen.wait_for("ikke UTF-8");
}
