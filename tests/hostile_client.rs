//! A colleague who writes their own client: every attack of the invariants issue sent
//! by hand over the socket protocol (or by a file planted where the program looks),
//! each refused with a clear error and nothing changed. Also floods of connections
//! that must not keep another adviser from an answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::accounts::{Accounts, id_of};
use crate::server::{Server, run_as};
use crate::util::{BIN, TestDb, application, batch};

/// A client that speaks the protocol by hand: hello, welcome, then frames of JSON.
struct Wire {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    pub welcome: Value,
}

impl Wire {
    fn connect(socket: &Path) -> Wire {
        let stream = UnixStream::connect(socket).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut writer = stream.try_clone().unwrap();
        writer.write_all(b"tilskudd-protocol 3 hostile\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut hello = String::new();
        reader.read_line(&mut hello).unwrap();
        assert!(hello.starts_with("tilskudd-protocol 3 "), "{hello}");
        let mut wire = Wire {
            reader,
            writer,
            welcome: Value::Null,
        };
        wire.welcome = wire.read().expect("a welcome");
        wire
    }

    fn send_raw(&mut self, body: &[u8]) -> std::io::Result<()> {
        let length = u32::try_from(body.len()).unwrap().to_be_bytes();
        self.writer.write_all(&length)?;
        self.writer.write_all(body)
    }

    fn read(&mut self) -> Option<Value> {
        let mut length = [0u8; 4];
        self.reader.read_exact(&mut length).ok()?;
        let mut body = vec![0u8; u32::from_be_bytes(length) as usize];
        self.reader.read_exact(&mut body).ok()?;
        serde_json::from_slice(&body).ok()
    }

    /// Sends a request (the `Request` variant's JSON) and returns the answer:
    /// `Ok(response)` or `Err(error)` as the server put them.
    fn ask(&mut self, request: &Value) -> Result<Value, Value> {
        let message = json!({ "Request": request });
        if self
            .send_raw(&serde_json::to_vec(&message).unwrap())
            .is_err()
        {
            return Err(json!("connection closed"));
        }
        let answer = self.read().ok_or_else(|| json!("connection closed"))?;
        let answer = answer["Answer"].clone();
        match (answer.get("Ok"), answer.get("Err")) {
            (Some(ok), _) => Ok(ok.clone()),
            (_, Some(err)) => Err(err.clone()),
            _ => Err(answer),
        }
    }

    fn execute(&mut self, command: &Value) -> Result<Value, Value> {
        self.ask(&json!({ "Execute": { "command": command, "seen": null } }))
    }
}

/// A server on the fixtures with ten applications, and the state to compare with.
fn started() -> (TestDb, Server) {
    let db = TestDb::with_applications();
    let server = Server::start(&db);
    (db, server)
}

fn pots(server: &Server) -> Value {
    server
        .run(&["status", "--round", "innlandet-2022", "--json"])
        .ok()
        .json()["pots"]
        .clone()
}

fn verified(server: &Server) {
    server.run(&["audit", "--verify"]).ok();
}

#[test]
fn amounts_that_are_not_amounts_never_reach_a_pot() {
    let (_db, server) = started();
    let before = pots(&server);
    for amount in ["-1000000", "-0.01", "1.001", "1e30", "-1000000000000"] {
        let mut wire = Wire::connect(&server.socket);
        let answer = wire.execute(&json!({ "Allocate": {
            "reference": "INN-2022-001", "pot": "egeninitiert", "amount": amount
        }}));
        let error = answer.expect_err(amount).to_string();
        assert!(error.contains("not an amount"), "{amount}: {error}");
    }
    // Larger than any single amount: a well-formed number, refused by the rule.
    let mut wire = Wire::connect(&server.socket);
    let answer = wire.execute(&json!({ "Allocate": {
        "reference": "INN-2022-001", "pot": "egeninitiert", "amount": "1000000000000000"
    }}));
    assert!(
        answer
            .expect_err("huge")
            .to_string()
            .contains("OverRequested"),
        "refused by the request it exceeds"
    );
    // A preview is the same rule.
    let answer = wire.ask(&json!({ "PreviewAllocation": {
        "reference": "INN-2022-001", "pot": "egeninitiert", "amount": "-5"
    }}));
    assert!(answer.is_err());
    assert_eq!(pots(&server), before);
    verified(&server);
}

#[test]
fn the_largest_valid_requests_never_lock_a_round() {
    let db = TestDb::with_registry();
    let huge = json!({"requests": [{"pot": "fosterhjem", "amount": "999 999 999 999"}]});
    let applications: Vec<Value> = (1..=3)
        .map(|i| application(&format!("BIG-{i}"), &huge))
        .collect();
    let file = db.file("big.json", batch(&applications));
    db.run(&["import", "applications", &file]).ok();
    let status = db.run(&["status", "--json"]).ok().json();
    assert!(status["rounds"].is_array(), "{status}");
    db.run(&["show", "BIG-1"]).ok();
    db.run(&["allocate", "BIG-1", "fosterhjem", "100 000"]).ok();
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn four_eyes_cannot_be_switched_off_under_a_waiting_proposal() {
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run(&["check", case, check, "met"]).ok();
    }
    db.run(&["allocate", case, "egeninitiert", "450 000"]).ok();
    db.run(&["propose", case, "approve", "--reason", "Godt"])
        .ok();
    let round = std::fs::read_to_string(crate::util::fixture("rounds/innlandet-2022.toml"))
        .unwrap()
        .replace("four_eyes = true", "four_eyes = false");
    let file = db.file("relaxed.toml", round);
    db.run(&["import", "round", &file])
        .refused()
        .stderr_has(&["four_eyes", case]);
    db.run(&["approve", case])
        .refused()
        .stderr_has(&["fire øyne"]);
    // A change of rules that is allowed is an event with before and after.
    let round = std::fs::read_to_string(crate::util::fixture("rounds/innlandet-2022.toml"))
        .unwrap()
        .replace("kr. 2. 300. 000,-", "2 400 000");
    let file = db.file("larger.toml", round);
    db.run(&["import", "round", &file]).ok();
    db.run(&["audit"])
        .ok()
        .stdout_has(&["fosterhjem 2 300 000 kr → 2 400 000 kr"]);
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn a_conflict_bars_replacing_the_application_and_moves_keep_pots_whole() {
    let db = TestDb::with_applications();
    let case = "INN-2022-003";
    db.run(&["conflict", case, "--reason", "Min søster leder prosjektet"])
        .ok();
    let changed = application(case, &json!({"title": "Noe annet"}));
    let file = db.file("changed.json", batch(&[changed]));
    db.run(&["import", "applications", "--replace", &file])
        .refused()
        .stderr_has(&["inhabil", case]);
    assert_ne!(db.show(case)["title"], "Noe annet");
    // Someone else allocates to another case, then tries to move it to another round.
    let other = "INN-2022-001";
    db.run_as("ola", &["allocate", other, "egeninitiert", "100 000"])
        .ok();
    let moved = application(
        other,
        &json!({"round": "trondelag-2019", "network": "innlandet-sor",
                 "requests": [{"pot": "fosterhjem", "amount": "450 000"}]}),
    );
    let file = db.file("moved.json", batch(&[moved]));
    db.run_as("ola", &["import", "applications", "--replace", &file])
        .refused()
        .stderr_has(&["tildelinger"]);
    // Decided by others, the case's letter is not kari's to send either; writing the
    // files records nothing, so anyone may.
    db.run_as("per", &["propose", case, "reject", "--reason", "Nei"])
        .ok();
    db.run_as("ola", &["approve", case]).ok();
    let out = db.dir.path().join("letters");
    letters(&db, "kari", &out).ok();
    assert_eq!(db.show(case)["state"], "decided");
    let sent = |user: &str| db.run_as(user, &["sent", "--round", "innlandet-2022", case]);
    sent("kari").refused().stderr_has(&["inhabil", case]);
    sent("ola").ok();
    assert_eq!(db.show(case)["state"], "letter-sent");
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn undo_takes_back_only_ones_own_last_change() {
    let db = TestDb::with_applications();
    let case = "INN-2022-003";
    db.run_as("kari", &["allocate", case, "fosterhjem", "100 000"])
        .ok();
    db.run_as("ola", &["allocate", case, "egeninitiert", "50 000"])
        .ok();
    db.run_as("kari", &["undo", case])
        .refused()
        .stderr_has(&["ola har endret", case]);
    db.run_as("ola", &["undo", case])
        .ok()
        .stdout_has(&["50 000 kr → 0 kr"]);
    // Ola's change and its undo came after kari's: hers is not the last change.
    db.run_as("kari", &["undo", case])
        .refused()
        .stderr_has(&["ola har endret"]);
    db.run_as("ola", &["undo", case])
        .refused()
        .stderr_has(&["angring"]);
    db.run_as("kari", &["allocate", case, "egeninitiert", "20 000"])
        .ok();
    db.run_as("kari", &["undo", case])
        .ok()
        .stdout_has(&["20 000 kr → 0 kr"]);
    assert_eq!(
        db.show(case)["allocations"],
        json!({"fosterhjem": "100000"})
    );
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn approve_decides_exactly_the_proposal_it_was_told() {
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run_as("kari", &["check", case, check, "met"]).ok();
    }
    db.run_as("kari", &["allocate", case, "egeninitiert", "450 000"])
        .ok();
    db.run_as("kari", &["propose", case, "approve", "--reason", "Først"])
        .ok();
    let first = db.show(case)["proposal"]["seq"].as_u64().unwrap();
    db.run_as("kari", &["propose", case, "approve", "--reason", "Endret"])
        .ok();
    let second = db.show(case)["proposal"]["seq"].as_u64().unwrap();
    assert!(second > first);
    db.run_as("ola", &["approve", case, "--proposal", &first.to_string()])
        .refused()
        .stderr_has(&[&format!("nr. {second}")]);
    db.run_as("ola", &["approve", case, "--proposal", &second.to_string()])
        .ok()
        .stdout_has(&["egeninitiert 450 000 kr", "kari", "Endret"]);
}

#[test]
fn a_changed_file_fails_verification_though_the_log_is_whole() {
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    db.run(&["allocate", case, "egeninitiert", "450 000"]).ok();
    let head = db.run(&["audit", "--verify", "--json"]).ok().json()["head"]
        .as_str()
        .unwrap()
        .to_string();
    db.run(&["audit", "--verify", "--expect", &head]).ok();
    db.run(&["audit", "--verify", "--expect", &"0".repeat(64)])
        .refused()
        .stderr_has(&["siste hash er", &head]);
    // Someone with write access to the file raises the amount, events untouched.
    {
        let store = tilskudd::store::Store::open(&db.path).unwrap();
        store
            .write(|writer| -> Result<(), tilskudd::store::StoreError> {
                use tilskudd::store::View;
                let before = writer.case(case)?.unwrap();
                let mut after = before.clone();
                after.allocations.insert(
                    "egeninitiert".into(),
                    tilskudd::domain::Money::kroner(500_000),
                );
                writer.put_case(Some(&before), &after)
            })
            .unwrap();
    }
    db.run(&["audit", "--verify"]).refused().stderr_has(&[
        "stemmer ikke med hendelsesloggen",
        case,
        "allocations",
    ]);
}

/// Requests larger than their kind needs are refused before they cost the server.
#[test]
fn oversized_requests_are_refused_without_harm() {
    let (_db, server) = started();
    let mut wire = Wire::connect(&server.socket);
    // Too many rows at once.
    let references: Vec<String> = (0..3_000).map(|i| format!("X-{i}")).collect();
    let error = wire
        .ask(&json!({ "Rows": { "references": references } }))
        .expect_err("too many rows")
        .to_string();
    assert!(error.contains("TooMany"), "{error}");
    // A long lookup query, and a reference no case can have: answered at once.
    let error = wire
        .ask(&json!({ "Lookup": { "query": "a".repeat(5_000) } }))
        .expect_err("long query")
        .to_string();
    assert!(error.contains("TooLong"), "{error}");
    let started = Instant::now();
    let error = wire
        .ask(&json!({ "Case": { "reference": "INN".repeat(30_000) } }))
        .expect_err("no such case")
        .to_string();
    assert!(error.contains("NotFound"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // A 12 MB list, from an admin even: a large frame must be an import.
    let references: Vec<String> = (0..1_000_000).map(|i| format!("R-{i:08}")).collect();
    let body = serde_json::to_vec(&json!({ "Request": { "Rows": { "references": references } } }))
        .unwrap();
    assert!(body.len() > 12_000_000);
    let mut wire = Wire::connect(&server.socket);
    wire.send_raw(&body).unwrap();
    let answer = wire.read().expect("an answer before the connection ends");
    assert!(answer.to_string().contains("TooLarge"), "{answer}");
    let peak = peak_memory_kib(server.pid());
    eprintln!("server peak memory after the oversized requests: {peak} KiB");
    assert!(peak < 200 * 1024, "the server grew to {peak} KiB");
    server.run(&["status"]).ok();
    verified(&server);
}

/// `VmHWM` (the peak resident size) of a process, in KiB.
fn peak_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A process on a socket in a folder that belongs to someone else is not the server:
/// the client sends it nothing.
#[test]
fn a_planted_socket_is_not_trusted() {
    let Some(accounts) = Accounts::create("p", &[], &["eve"]) else {
        return;
    };
    let db = TestDb::with_registry();
    let eve_uid = id_of("-u", "eve");
    let folder = db.dir.path().join("run");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o1777)).unwrap();
    // Eve's socket in a folder anyone may write, that root owns.
    let socket = folder.join("tilskudd.sock");
    let bin = db.dir.path().join("tilskudd");
    std::fs::copy(BIN, &bin).unwrap();
    // Eve's own tilskudd server, in a folder anyone may write that root owns.
    let eve_db = folder.join("eve.redb");
    let mut fake = std::process::Command::new("setpriv")
        .arg(format!("--reuid={eve_uid}"))
        .arg(format!("--regid={}", id_of("-g", "eve")))
        .arg("--init-groups")
        .arg(&bin)
        .arg("--db")
        .arg(&eve_db)
        .arg("serve")
        .arg("--socket")
        .arg(&socket)
        .env("HOME", &folder)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while UnixStream::connect(&socket).is_err() {
        assert!(start.elapsed() < Duration::from_secs(10), "no fake server");
        std::thread::sleep(Duration::from_millis(20));
    }
    let secret = db.file("secret.json", batch(&[application("SECRET-1", &json!({}))]));
    let run = crate::util::Run::of(
        &std::process::Command::new(BIN)
            .arg("--server")
            .arg(&socket)
            .args(["import", "applications", &secret])
            .output()
            .unwrap(),
    );
    run.refused()
        .stderr_has(&["ikke tjeneren", &format!("uid {eve_uid}")]);
    let _ = fake.kill();
    let _ = fake.wait();
    // Eve's server heard nothing: her database (read as Eve; anyone else is refused
    // a database another user put in a folder anyone may write) has no case.
    let cases = crate::util::Run::of(
        &std::process::Command::new("setpriv")
            .arg(format!("--reuid={eve_uid}"))
            .arg(format!("--regid={}", id_of("-g", "eve")))
            .arg("--init-groups")
            .arg(&bin)
            .arg("--db")
            .arg(&eve_db)
            .args(["list", "--json"])
            .env("HOME", &folder)
            .output()
            .unwrap(),
    )
    .ok();
    assert!(!cases.stdout.contains("SECRET"), "{}", cases.stdout);
    crate::util::Run::of(
        &std::process::Command::new(BIN)
            .arg("--db")
            .arg(&eve_db)
            .args(["list", "--json"])
            .output()
            .unwrap(),
    )
    .refused()
    .stderr_has(&[&format!("uid {eve_uid}")]);
    drop(accounts);
}

/// One account opens connection after connection, and another drips its handshake a
/// byte at a time: the server, under the default open-files limit, turns the flood away
/// with a clear answer and still answers another adviser at once.
#[test]
fn a_flood_of_connections_keeps_nobody_else_out() {
    let Some(accounts) = Accounts::create("f", &["other"], &[]) else {
        return;
    };
    let db = TestDb::with_applications();
    let (socket, bin) = accounts.shared_place(&db);
    let server = Server::start_with(&db, &socket, &["--handshake-timeout", "2"], Some(1024));
    let other = Accounts::login("other");
    server
        .run(&["users", "add", &other, "--role", "reviewer"])
        .ok();
    // 600 connections from this account that say nothing, and 100 that say hello and
    // then nothing: each newcomer takes the place of an older one, so the server holds
    // at most 32 of this account's and nobody is kept out, this account included.
    let mut held = Vec::new();
    for i in 0..700 {
        let Ok(mut stream) = UnixStream::connect(&server.socket) else {
            continue;
        };
        if i >= 600 {
            let _ = stream.write_all(b"tilskudd-protocol 3 flood\n");
        }
        held.push(stream);
    }
    let started = Instant::now();
    server.run(&["status"]).ok();
    let own = started.elapsed();
    // Three open files a connection, 32 connections for this account at most.
    let files = std::fs::read_dir(format!("/proc/{}/fd", server.pid())).map_or(0, Iterator::count);
    assert!(files < 3 * 32 + 30, "the server holds {files} open files");
    // Another adviser is answered, and told what they asked.
    let started = Instant::now();
    let run = run_as(&server, &bin, "other", &["status", "--json"]);
    let waited = started.elapsed();
    let run = run.ok();
    assert!(run.json()["rounds"].is_array());
    eprintln!(
        "under a flood of 700 connections: the flooding account answered in {} ms, another user in {} ms",
        own.as_millis(),
        waited.as_millis()
    );
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    // Drippers, let in now the flood has gone: a byte now and then, never finishing
    // the handshake. The deadline (2 s here) is for the whole handshake.
    drop(held);
    let mut drippers: Vec<UnixStream> = (0..10)
        .filter_map(|_| UnixStream::connect(&server.socket).ok())
        .collect();
    for _ in 0..3 {
        for stream in &mut drippers {
            let _ = stream.write_all(b"t");
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    for mut stream in drippers {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let mut rest = Vec::new();
        let ended = match stream.read_to_end(&mut rest) {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        };
        assert!(ended, "a dripping handshake is cut off");
    }
    // The log says "busy" a few times, not six hundred.
    let log = server.log();
    let lines = log.lines().filter(|l| l.contains("avviste")).count();
    assert!(lines < 20, "{lines} log lines:\n{log}");
}

/// Files others could read, or plant links at.
#[test]
#[allow(clippy::too_many_lines)] // one story: a database, letters, an export
fn files_are_private_and_planted_links_are_not_followed() {
    let db = TestDb::new();
    // A new database, and its new folders, are its owner's alone.
    let path = db.dir.path().join("new/sub/tilskudd.redb");
    crate::util::Run::of(
        &std::process::Command::new(BIN)
            .arg("--db")
            .arg(&path)
            .args(["import", "round"])
            .arg(crate::util::fixture("rounds/innlandet-2022.toml"))
            .output()
            .unwrap(),
    )
    .ok();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&db.dir.path().join("new")), 0o700);
    // An empty file someone else left where a new database would go, or a link: not used.
    let planted = db.dir.path().join("planted.redb");
    std::fs::write(&planted, "").unwrap();
    std::os::unix::fs::chown(&planted, Some(65_534), Some(65_534)).unwrap();
    let linked = db.dir.path().join("linked.redb");
    std::os::unix::fs::symlink(db.dir.path().join("elsewhere.redb"), &linked).unwrap();
    for (path, says) in [(&planted, "uid 65534"), (&linked, "lenke")] {
        crate::util::Run::of(
            &std::process::Command::new(BIN)
                .arg("--db")
                .arg(path)
                .args(["import", "round"])
                .arg(crate::util::fixture("rounds/innlandet-2022.toml"))
                .output()
                .unwrap(),
        )
        .refused()
        .stderr_has(&[says]);
    }
    assert!(!db.dir.path().join("elsewhere.redb").exists());

    // Two references that make one file name: refused before anything is marked sent.
    let db = TestDb::with_registry();
    let references = ["COL/1", "COL_1", "=1+1"];
    let applications: Vec<Value> = references
        .iter()
        .map(|r| application(r, &json!({})))
        .collect();
    let file = db.file("col.json", batch(&applications));
    db.run(&["import", "applications", &file]).ok();
    for reference in references {
        db.run_as("kari", &["propose", reference, "reject", "--reason", "Nei"])
            .ok();
        db.run_as("ola", &["approve", reference]).ok();
    }
    let out = db.dir.path().join("letters");
    letters(&db, "kari", &out)
        .refused()
        .stderr_has(&["COL/1", "COL_1", "COL_1.md"]);
    assert_eq!(db.show("COL/1")["state"], "decided");
    assert!(std::fs::read_dir(&out).map_or(0, Iterator::count) == 0);

    // A link planted where a letter or an export goes is replaced, its target untouched.
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    db.run_as("kari", &["propose", case, "reject", "--reason", "Nei"])
        .ok();
    db.run_as("ola", &["approve", case]).ok();
    let victim = db.file("victim.txt", "keep");
    // A pipe left under a letter's name: refused before the case is marked sent.
    let piped = db.dir.path().join("piped");
    std::fs::create_dir(&piped).unwrap();
    nix::unistd::mkfifo(
        &piped.join("INN-2022-001.md"),
        nix::sys::stat::Mode::from_bits_truncate(0o666),
    )
    .unwrap();
    letters(&db, "kari", &piped)
        .refused()
        .stderr_has(&["INN-2022-001.md"]);
    assert_eq!(db.show(case)["state"], "decided");
    let out = db.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("INN-2022-001.md")).unwrap();
    letters(&db, "kari", &out).ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    let letter = std::fs::read_to_string(out.join("INN-2022-001.md")).unwrap();
    assert!(letter.contains("Nei"), "{letter}");
    assert_eq!(mode(&out.join("INN-2022-001.md")), 0o600);
    let export = out.join("export.csv");
    std::os::unix::fs::symlink(&victim, &export).unwrap();
    db.run(&[
        "export",
        "--round",
        "innlandet-2022",
        "--format",
        "csv",
        "--out",
        export.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
}

/// Text from an application stays text in a letter and an export.
#[test]
fn application_text_cannot_take_over_a_letter_or_a_spreadsheet() {
    let db = TestDb::with_registry();
    let hostile = application(
        "=HYPER-1",
        &json!({
            "title": "<!-- skjult",
            "summary": "# Innvilget med 5 000 000 kr\n| a | b |\n[klikk](http://x)"
        }),
    );
    let file = db.file("hostile.json", batch(&[hostile]));
    db.run(&["import", "applications", &file]).ok();
    db.run_as(
        "kari",
        &[
            "propose",
            "=HYPER-1",
            "reject",
            "--reason",
            "**Avslag** <b>",
        ],
    )
    .ok();
    db.run_as("ola", &["approve", "=HYPER-1"]).ok();
    let out = db.dir.path().join("letters");
    letters(&db, "kari", &out).ok();
    let letter = std::fs::read_to_string(out.join("_HYPER-1.md")).unwrap();
    assert!(
        letter.contains("\\# Innvilget med 5 000 000 kr"),
        "{letter}"
    );
    assert!(letter.contains("\\| a \\| b \\|"), "{letter}");
    assert!(letter.contains("\\<\\!-- skjult"), "{letter}");
    assert!(letter.contains("\\*\\*Avslag\\*\\* \\<b\\>"), "{letter}");
    assert!(!letter.lines().any(|l| l.starts_with("# Innvilget")));
    let csv = db
        .run(&["export", "--round", "innlandet-2022", "--format", "csv"])
        .ok()
        .stdout;
    assert!(csv.contains("'=HYPER-1"), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("=HYPER")), "{csv}");
}

/// Logins that read like another: refused.
#[test]
fn look_alike_logins_are_refused() {
    let db = TestDb::with_registry();
    for login in ["kari\u{200b}", "k\u{430}ri", "kari ola", "kåre"] {
        db.run(&["users", "add", login, "--role", "reviewer"])
            .refused()
            .stderr_has(&["brukernavn"]);
    }
    db.run(&["users", "add", "daemon", "--role", "reviewer"])
        .ok();
    // A typo: no such account on the machine.
    db.run(&["users", "add", "daemonn", "--role", "reviewer"])
        .refused()
        .stderr_has(&["ingen konto"]);
}

/// A connection that says nothing is let go; the client connects again unasked.
#[test]
fn an_idle_connection_is_closed_and_the_client_carries_on() {
    let db = TestDb::with_applications();
    let server = Server::start_with(
        &db,
        &db.dir.path().join("tilskudd.sock"),
        &["--idle-timeout", "1"],
        None,
    );
    let session = tilskudd::server::RemoteSession::connect(&server.socket).unwrap();
    let first = tilskudd::service::Session::status(&session, None).unwrap();
    std::thread::sleep(Duration::from_millis(2_500));
    let second = tilskudd::service::Session::status(&session, None).unwrap();
    assert_eq!(first.len(), second.len());
    // A raw connection that stays silent is closed by the server.
    let mut quiet = Wire::connect(&server.socket);
    std::thread::sleep(Duration::from_millis(2_500));
    assert!(quiet.read().is_none(), "closed, not answered");
}

/// A proposal made under four-eyes, withdrawn, four-eyes turned off, the withdrawal
/// undone: the proposal does not come back for its author to approve.
#[test]
fn undo_does_not_bring_back_a_proposal_from_under_other_rules() {
    let db = TestDb::with_applications();
    let case = "INN-2022-003";
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run_as("kari", &["check", case, check, "met"]).ok();
    }
    db.run_as("kari", &["allocate", case, "fosterhjem", "100 000"])
        .ok();
    db.run_as("kari", &["propose", case, "partial", "--reason", "Delvis"])
        .ok();
    db.run_as("ola", &["allocate", case, "fosterhjem", "0"])
        .ok();
    let round = std::fs::read_to_string(crate::util::fixture("rounds/innlandet-2022.toml"))
        .unwrap()
        .replace("four_eyes = true", "four_eyes = false");
    let file = db.file("relaxed.toml", round);
    db.run(&["import", "round", &file]).ok();
    db.run_as("ola", &["undo", case]).ok();
    let shown = db.show(case);
    assert_eq!(shown["proposal"], Value::Null, "{shown}");
    assert_eq!(shown["allocations"]["fosterhjem"], "100000");
    db.run_as("kari", &["approve", case]).refused();
    db.run(&["audit", "--verify"]).ok();
}

/// References compare without regard to case, and no reference hides a character one
/// cannot see: `inn-2022-001` is INN-2022-001, and no second case looks the same.
#[test]
fn references_that_read_alike_are_one_case() {
    let db = TestDb::with_applications();
    let shown = db.show("inn-2022-001");
    assert_eq!(shown["reference"], "INN-2022-001");
    db.run(&["allocate", "inn-2022-003", "fosterhjem", "10 000"])
        .ok();
    let history = db.run(&["audit", "INN-2022-003", "--json"]).ok().json();
    assert!(
        history["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "allocated"),
        "{history}"
    );
    // The same application in other letters is the same case: identical is skipped,
    // different is refused unless --replace.
    let lower = application("inn-2022-001", &json!({"title": "Noe helt annet"}));
    let file = db.file("lower.json", batch(&[lower]));
    db.run(&["import", "applications", &file])
        .refused()
        .stderr_has(&["INN-2022-001"]);
    let twice = batch(&[
        application("NEW-1", &json!({})),
        application("new-1", &json!({})),
    ]);
    let file = db.file("twice.json", twice);
    db.run(&["import", "applications", &file]).refused();
    let hidden = batch(&[application("NEW-2\u{200b}", &json!({}))]);
    let file = db.file("hidden.json", hidden);
    db.run(&["import", "applications", &file]).refused();
    db.run(&["audit", "--verify"]).ok();
}

/// `letters` for the Innlandet round into `out`, as `user`.
fn letters(db: &TestDb, user: &str, out: &Path) -> crate::util::Run {
    db.run_as(
        user,
        &[
            "letters",
            "--round",
            "innlandet-2022",
            "--out",
            out.to_str().unwrap(),
        ],
    )
}

/// A reason given as `-` is read from standard input, so it never stands on a command
/// line where everyone on the machine can read it in `ps`.
#[test]
fn a_private_reason_comes_from_standard_input() {
    use std::process::Stdio;
    let db = TestDb::with_applications();
    let mut child = db
        .command("kari")
        .args(["conflict", "INN-2022-005", "--reason", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Min bror leder prosjektet\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    crate::util::Run::of(&out).ok();
    let shown = db.show("INN-2022-005");
    assert_eq!(shown["conflicts"][0]["reason"], "Min bror leder prosjektet");
}

/// What the second red-team pass found: files that are no files at an import's path, a
/// list filter of a hundred thousand words, a removed user's notices.
#[test]
fn second_pass_findings_are_refused() {
    let (db, server) = started();
    // A pipe would hang the import, a device never end: refused before reading.
    let fifo = db.dir.path().join("inbox.json");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o666)).unwrap();
    let zero = db.dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [&fifo, &zero] {
        server
            .run(&["import", "applications", path.to_str().unwrap()])
            .refused()
            .stderr_has(&[path.to_str().unwrap()]);
    }
    // A filter longer than anyone types is refused before any case is read.
    let mut wire = Wire::connect(&server.socket);
    let words: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
    let error = wire
        .ask(&json!({ "List": { "filter": {
            "round": null, "state": null, "pot": null, "network": null, "words": words
        }}}))
        .expect_err("too long")
        .to_string();
    assert!(error.contains("TooLong"), "{error}");
    // A subscription ends when its user is removed: here the test's own account,
    // once another admin is there to remove it.
    let mut notices = Wire::connect(&server.socket);
    notices.send_raw(br#""Subscribe""#).unwrap();
    assert!(notices.read().is_some(), "the first notice");
    server
        .run(&["users", "add", "daemon", "--role", "admin"])
        .ok();
    assert!(notices.read().is_some(), "the notice of that change");
    let me = server.run(&["users", "list", "--json"]).ok().json()["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] != "daemon")
        .unwrap()["login"]
        .as_str()
        .unwrap()
        .to_string();
    server.run(&["users", "remove", &me]).ok();
    assert!(notices.read().is_none(), "no more notices once removed");
}

/// What the third red-team pass found: subscriptions opened and dropped by the hundred
/// must not leave threads, files or memory behind, and requests sent a byte at a time
/// must not hold their places against the same account's next command.
#[test]
fn churned_subscriptions_and_dripped_requests_hold_nothing() {
    let (_db, server) = started();
    let threads =
        || std::fs::read_dir(format!("/proc/{}/task", server.pid())).map_or(0, Iterator::count);
    for _ in 0..300 {
        let mut wire = Wire::connect(&server.socket);
        wire.send_raw(br#""Subscribe""#).unwrap();
        let _ = wire.read();
    }
    std::thread::sleep(Duration::from_millis(1_500));
    let left = threads();
    assert!(
        left < 20,
        "{left} threads after 300 subscriptions came and went"
    );
    // Thirty-two requests that announce 100 000 bytes and send one now and then.
    let mut drippers: Vec<Wire> = (0..32)
        .map(|_| {
            let mut wire = Wire::connect(&server.socket);
            wire.writer.write_all(&100_000u32.to_be_bytes()).unwrap();
            wire.writer.write_all(b"{").unwrap();
            wire
        })
        .collect();
    server.run(&["status"]).ok();
    for wire in &mut drippers {
        let _ = wire.writer.write_all(b" ");
    }
    server.run(&["status"]).ok();
    verified(&server);
}

/// The rule as the issue states it: the server must run as the socket folder's owner,
/// or as `TILSKUDD_SERVER_UID`; root is no exception.
#[test]
fn a_server_not_owning_its_socket_folder_is_not_trusted() {
    let db = TestDb::with_applications();
    let folder = db.dir.path().join("theirs");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::chown(&folder, Some(65_534), None).unwrap();
    let server = Server::start_on(&db, &folder.join("tilskudd.sock"));
    server
        .run(&["status"])
        .refused()
        .stderr_has(&["ikke tjeneren", "uid 65534"]);
    let run = crate::util::Run::of(
        &server
            .command()
            .env("TILSKUDD_SERVER_UID", "0")
            .arg("status")
            .output()
            .unwrap(),
    );
    run.ok();
}

/// The follow-up by hand over the socket: amounts that are not amounts, more than
/// granted, dates past any sense, a horizon of four billion days, a tie to a
/// municipality no registry has: each refused (or answered) without harm.
#[test]
fn follow_up_values_the_cli_refuses_are_refused_on_the_wire_too() {
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    crate::util::approve_by_kari_and_ola(&db, case);
    db.run_as("ola", &["sent", "--round", "innlandet-2022", case])
        .ok();
    let server = Server::start(&db);
    let refused = [
        json!({ "Pay": { "reference": case, "amount": "-5", "date": null } }),
        json!({ "Pay": { "reference": case, "amount": "450000.01", "date": null } }),
        json!({ "Pay": { "reference": case, "amount": null, "date": "9999-12-31" } }),
        json!({ "Report": { "reference": case, "spent": "1000000000000", "received": null, "note": null } }),
        json!({ "Claim": { "reference": case, "amount": "1", "reason": "x" } }),
        json!({ "Repaid": { "reference": case, "amount": "1", "date": null } }),
        json!({ "Extend": { "reference": case, "until": "9999-12-31", "reason": "x" } }),
        json!({ "Close": { "reference": case } }),
        json!({ "DeclareTie": { "municipality": "9".repeat(10_000), "reason": "x" } }),
    ];
    // A fresh connection each: a frame the server cannot read ends its connection.
    for command in &refused {
        let answer = Wire::connect(&server.socket).execute(command);
        let error = answer.expect_err("refused").to_string();
        assert!(!error.contains("connection closed"), "{command}: {error}");
    }
    let mut wire = Wire::connect(&server.socket);
    let due = wire.ask(&json!({ "Due": { "round": null, "days": u32::MAX } }));
    assert!(due.is_ok(), "{due:?}");
    let shown = server.run(&["show", case, "--json"]).ok().json();
    assert_eq!(shown["payments"], json!([]));
    assert_eq!(shown["state"], "letter-sent");
    verified(&server);
}

/// A direction override in a title reaches no terminal: `list --json` writes it as
/// `show --json` does, as a replacement character.
#[test]
fn list_json_neutralizes_what_could_steer_a_terminal_like_show() {
    let db = TestDb::with_registry();
    let hostile = application("BIDI-1", &json!({ "title": "Fosterhjem \u{202e}gninnalp" }));
    let file = db.file("bidi.json", batch(&[hostile]));
    db.run(&["import", "applications", &file]).ok();
    let listed = db.run(&["list", "--json"]).ok();
    assert!(!listed.stdout.contains('\u{202e}'), "{}", listed.stdout);
    let title = listed.json()["cases"][0]["title"].clone();
    assert_eq!(title, db.show("BIDI-1")["title"]);
    assert_eq!(title, "Fosterhjem \u{fffd}gninnalp");
}

/// A hand-written client asking for a case's latest events: none, more than there are,
/// or by a reference typed in lower case, gets the case and no more than it has.
#[test]
fn a_case_with_its_latest_events_takes_any_count() {
    let (_db, server) = started();
    let mut wire = Wire::connect(&server.socket);
    let whole = wire
        .ask(&json!({ "Case": { "reference": "INN-2022-001" } }))
        .expect("the case");
    let all = whole["Case"]["history"].as_array().unwrap().len();
    for (events, shown) in [(0u64, 0usize), (1, 1), (u64::from(u32::MAX), all)] {
        let answer = wire
            .ask(&json!({ "CaseRecent": { "reference": "inn-2022-001", "events": events } }))
            .expect("the case");
        let case = &answer["Case"];
        assert_eq!(case["history"].as_array().unwrap().len(), shown, "{events}");
        assert_eq!(case["earlier_events"], json!(all - shown), "{events}");
    }
    // A count that is not a u32 is a malformed request: refused, nothing read.
    let mut wire = Wire::connect(&server.socket);
    let refused = wire.ask(&json!({ "CaseRecent": { "reference": "INN-2022-001", "events": -1 } }));
    assert!(refused.is_err(), "{refused:?}");
    verified(&server);
}

/// A single row asked for by a reference typed in lower case is that case's row, as
/// `show` finds it; an unknown reference is no row, not an error.
#[test]
fn a_row_asked_for_in_lower_case_is_the_cases_row() {
    let (_db, server) = started();
    let mut wire = Wire::connect(&server.socket);
    let exact = wire
        .ask(&json!({ "Row": { "reference": "INN-2022-001" } }))
        .expect("the row");
    assert_eq!(exact["Row"]["reference"], "INN-2022-001", "{exact}");
    let lower = wire
        .ask(&json!({ "Row": { "reference": "inn-2022-001" } }))
        .expect("the row");
    assert_eq!(lower, exact);
    let unknown = wire
        .ask(&json!({ "Row": { "reference": "INN-1999-404" } }))
        .expect("an answer");
    assert_eq!(unknown["Row"], json!(null), "{unknown}");
    verified(&server);
}
