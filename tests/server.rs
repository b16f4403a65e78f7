//! The shared server as advisers meet it: a real `tilskudd serve` and real client
//! processes on its socket.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::accounts::{Accounts, id_of};
use crate::util::{BIN, Run, TestDb, application, batch};

/// A running `tilskudd serve` on a test database, killed (-9) when dropped.
pub struct Server {
    child: Option<Child>,
    pub socket: PathBuf,
    db: PathBuf,
    log: PathBuf,
    /// More `serve` flags.
    flags: Vec<String>,
    /// The open-files limit (soft and hard) to run under, like `ulimit -n`.
    open_files: Option<u32>,
}

impl Server {
    pub fn start(db: &TestDb) -> Server {
        Server::start_on(db, &db.dir.path().join("tilskudd.sock"))
    }

    pub fn start_on(db: &TestDb, socket: &Path) -> Server {
        Server::start_with(db, socket, &[], None)
    }

    /// With more `serve` flags, and under an open-files limit where given.
    pub fn start_with(
        db: &TestDb,
        socket: &Path,
        flags: &[&str],
        open_files: Option<u32>,
    ) -> Server {
        let log = db.dir.path().join("serve.log");
        let mut server = Server {
            child: None,
            socket: socket.to_path_buf(),
            db: db.path.clone(),
            log,
            flags: flags.iter().map(ToString::to_string).collect(),
            open_files,
        };
        server.spawn();
        server
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let mut command = match self.open_files {
            // The shell sets the limit, then becomes the server.
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), BIN]);
                sh
            }
            None => Command::new(BIN),
        };
        let child = command
            .arg("--db")
            .arg(&self.db)
            .arg("serve")
            .arg("--socket")
            .arg(&self.socket)
            .args(&self.flags)
            .env_remove("TILSKUDD_SERVER")
            .env_remove("TILSKUDD_DB")
            .env_remove("TILSKUDD_LANG")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("serve starts");
        self.child = Some(child);
        let start = Instant::now();
        while UnixStream::connect(&self.socket).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the server never listened:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `kill -9`: no chance to tidy up.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A client command on this server, as the user running the tests.
    pub fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command
            .arg("--server")
            .arg(&self.socket)
            .env_remove("TILSKUDD_DB")
            .env_remove("TILSKUDD_SERVER")
            .env_remove("TILSKUDD_LANG");
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(&self.command().args(args).output().expect("client runs"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Eight cases that each ask 500 000 from `fosterhjem` (2 300 000 in all).
fn eight_cases(db: &TestDb) -> Vec<String> {
    let references: Vec<String> = (1..=8).map(|i| format!("SRV-{i}")).collect();
    let applications: Vec<serde_json::Value> = references
        .iter()
        .map(|r| {
            application(
                r,
                &serde_json::json!({"requests": [{"pot": "fosterhjem", "amount": "500 000"}]}),
            )
        })
        .collect();
    let file = db.file("eight.json", batch(&applications));
    db.run(&["import", "applications", &file]).ok();
    references
}

fn allocated(server: &Server, reference: &str) -> i64 {
    let shown = server.run(&["show", reference, "--json"]).ok().json();
    shown["allocations"]["fosterhjem"]
        .as_str()
        .map_or(0, |a| a.parse().unwrap())
}

fn pot(server: &Server) -> (i64, i64) {
    let status = server
        .run(&["status", "--round", "innlandet-2022", "--json"])
        .ok()
        .json();
    let pot = status["pots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "fosterhjem")
        .unwrap()
        .clone();
    let number = |k: &str| pot[k].as_str().unwrap().parse::<i64>().unwrap();
    (number("allocated"), number("remaining"))
}

/// Eight client processes at once, each setting its own case's amount again and again
/// from one pot that cannot hold them all. The pot is never overdrawn, and each case
/// holds exactly the last amount its client was told was saved.
#[test]
fn eight_clients_hammering_one_pot_never_overdraw_it() {
    let db = TestDb::with_registry();
    let references = eight_cases(&db);
    let server = Server::start(&db);
    let last_acknowledged: Vec<i64> = std::thread::scope(|scope| {
        let workers: Vec<_> = references
            .iter()
            .enumerate()
            .map(|(i, reference)| {
                let server = &server;
                scope.spawn(move || {
                    let mut acknowledged = 0;
                    for round in 0..8i64 {
                        // Amounts differ per client and round: 150 000 … 500 000.
                        let step = (i64::try_from(i).unwrap() * 7 + round * 3) % 8;
                        let amount = 150_000 + step * 50_000;
                        let run =
                            server.run(&["allocate", reference, "fosterhjem", &amount.to_string()]);
                        match run.code {
                            0 => acknowledged = amount,
                            1 => assert!(run.stderr.contains("potten"), "{}", run.stderr),
                            other => panic!("exit {other}: {}", run.stderr),
                        }
                    }
                    acknowledged
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let (allocated_total, remaining) = pot(&server);
    assert!(allocated_total <= 2_300_000, "overdrawn: {allocated_total}");
    assert_eq!(remaining, 2_300_000 - allocated_total);
    for (reference, acknowledged) in references.iter().zip(&last_acknowledged) {
        assert_eq!(allocated(&server, reference), *acknowledged, "{reference}");
    }
    assert_eq!(allocated_total, last_acknowledged.iter().sum::<i64>());
    server.run(&["audit", "--verify"]).ok();
}

/// A stream of allocations, the server killed with -9 in the middle of it: after a
/// restart every acknowledged allocation is there, and the event log is whole.
#[test]
fn kill_9_of_the_server_loses_no_acknowledged_write() {
    let db = TestDb::with_registry();
    let references = eight_cases(&db);
    let mut server = Server::start(&db);
    // (reference, amount, acknowledged) for every attempt, in order.
    let attempts: Arc<Mutex<Vec<(String, i64, bool)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let socket = server.socket.clone();
    let writer = {
        let attempts = Arc::clone(&attempts);
        let stop = Arc::clone(&stop);
        let references = references.clone();
        std::thread::spawn(move || {
            let mut n = 0usize;
            while !stop.load(Ordering::SeqCst) {
                let reference = &references[n % 8];
                // Small amounts: the pot never refuses, so every answer is about the crash.
                let amount = 10_000 + i64::try_from(n).unwrap() * 100;
                let out = Command::new(BIN)
                    .arg("--server")
                    .arg(&socket)
                    .args(["allocate", reference, "fosterhjem", &amount.to_string()])
                    .env_remove("TILSKUDD_DB")
                    .output()
                    .unwrap();
                attempts
                    .lock()
                    .unwrap()
                    .push((reference.clone(), amount, out.status.success()));
                n += 1;
            }
        })
    };
    // Kill at a point that falls somewhere in the stream, not on a boundary we chose.
    let start = Instant::now();
    while attempts.lock().unwrap().len() < 12 {
        assert!(start.elapsed() < Duration::from_secs(30), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    let jitter = u64::from(std::process::id() % 37);
    std::thread::sleep(Duration::from_millis(jitter));
    server.kill();
    std::thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    // The socket file the dead server left is replaced.
    assert!(server.socket.exists(), "a killed server leaves its socket");
    server.restart();
    let attempts = attempts.lock().unwrap().clone();
    let acknowledged = attempts.iter().filter(|a| a.2).count();
    assert!(acknowledged >= 12, "{acknowledged} acknowledged");
    for reference in &references {
        let mine: Vec<&(String, i64, bool)> =
            attempts.iter().filter(|a| &a.0 == reference).collect();
        let Some(last_ack) = mine.iter().rposition(|a| a.2) else {
            continue;
        };
        let stored = allocated(&server, reference);
        // The acknowledged amount, or one sent after it whose answer the crash ate.
        let possible: Vec<i64> = mine[last_ack..].iter().map(|a| a.1).collect();
        assert!(
            possible.contains(&stored),
            "{reference}: stored {stored}, acknowledged {}, later attempts {:?}",
            mine[last_ack].1,
            &possible[1..]
        );
    }
    server.run(&["audit", "--verify"]).ok();
}

#[test]
fn a_second_server_and_a_stale_socket() {
    let db = TestDb::with_registry();
    let mut server = Server::start(&db);
    // On the same socket: refused while the first one lives.
    let second = Command::new(BIN)
        .arg("--db")
        .arg(db.dir.path().join("other.redb"))
        .arg("serve")
        .arg("--socket")
        .arg(&server.socket)
        .output()
        .unwrap();
    let second = Run::of(&second).refused();
    assert!(
        second.stderr.contains("kjører allerede"),
        "{}",
        second.stderr
    );
    // On the same database through another socket: refused too, at once.
    let started = Instant::now();
    let third = Command::new(BIN)
        .arg("--db")
        .arg(&db.path)
        .arg("serve")
        .arg("--socket")
        .arg(db.dir.path().join("other.sock"))
        .output()
        .unwrap();
    Run::of(&third).refused().stderr_has(&["i bruk"]);
    assert!(started.elapsed() < Duration::from_secs(5), "not waited for");
    assert!(!db.dir.path().join("other.sock").exists(), "no socket left");
    // A socket in a folder that does not exist: refused, and no database made.
    let nowhere = Command::new(BIN)
        .arg("--db")
        .arg(db.dir.path().join("never.redb"))
        .arg("serve")
        .arg("--socket")
        .arg(db.dir.path().join("missing").join("tilskudd.sock"))
        .output()
        .unwrap();
    Run::of(&nowhere).refused().stderr_has(&["finnes ikke"]);
    assert!(!db.dir.path().join("never.redb").exists());
    // A socket path that holds a file is left alone.
    let file = db.file("not-a-socket", "keep me");
    let fourth = Command::new(BIN)
        .arg("--db")
        .arg(db.dir.path().join("fourth.redb"))
        .arg("serve")
        .arg("--socket")
        .arg(&file)
        .output()
        .unwrap();
    Run::of(&fourth).refused().stderr_has(&["ikke en socket"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    // Killed, the server leaves a stale socket; the next one replaces it.
    server.kill();
    assert!(server.socket.exists());
    server.restart();
    server.run(&["status"]).ok();
    // The database is the server's alone, the socket its group's.
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db.path), 0o600);
    assert_eq!(mode(&server.socket), 0o660);
}

#[test]
fn clients_are_told_what_is_wrong_with_the_connection() {
    let db = TestDb::with_registry();
    // Nothing listens.
    let missing = db.dir.path().join("none.sock");
    let run = Run::of(
        &Command::new(BIN)
            .arg("--server")
            .arg(&missing)
            .arg("status")
            .output()
            .unwrap(),
    );
    run.refused()
        .stderr_has(&["Ingen tjener svarer", "tilskudd serve"]);
    // A server of a newer protocol: the client says to upgrade the client.
    let fake = db.dir.path().join("fake.sock");
    let listener = std::os::unix::net::UnixListener::bind(&fake).unwrap();
    let answering = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut line = String::new();
        BufReader::new(stream.try_clone().unwrap())
            .read_line(&mut line)
            .unwrap();
        stream.write_all(b"tilskudd-protocol 999 9.9.9\n").unwrap();
        line
    });
    let run = Run::of(
        &Command::new(BIN)
            .arg("--server")
            .arg(&fake)
            .args(["--lang", "en", "status"])
            .output()
            .unwrap(),
    );
    run.refused()
        .stderr_has(&["protocol 999", "9.9.9", "Upgrade the client"]);
    assert!(answering.join().unwrap().starts_with("tilskudd-protocol "));
    // An older client at the real server: turned away, told the server's version.
    let server = Server::start(&db);
    let mut stream = UnixStream::connect(&server.socket).unwrap();
    stream.write_all(b"tilskudd-protocol 0 0.0.1\n").unwrap();
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply).unwrap();
    assert!(reply.starts_with("tilskudd-protocol 3 "), "{reply}");
    let start = Instant::now();
    while !server.log().contains("protokoll 0") {
        assert!(start.elapsed() < Duration::from_secs(5), "{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    // Clients that die mid-request, or send nonsense, harm nobody.
    for junk in [
        &b"GET / HTTP/1.1\r\n\r\n"[..],
        b"tilskudd-protocol 3 x\n\xff\xff\xff\xff",
    ] {
        let mut stream = UnixStream::connect(&server.socket).unwrap();
        let _ = stream.write_all(junk);
    }
    let mut half = UnixStream::connect(&server.socket).unwrap();
    half.write_all(b"tilskudd-protocol 3 x\n").unwrap();
    half.write_all(&100u32.to_be_bytes()).unwrap();
    half.write_all(b"{\"Request\":").unwrap();
    drop(half);
    // Clients that connect and say nothing, or subscribe and never read, hold up no one.
    let idle: Vec<UnixStream> = (0..20)
        .map(|_| UnixStream::connect(&server.socket).unwrap())
        .collect();
    let mut deaf = UnixStream::connect(&server.socket).unwrap();
    deaf.write_all(b"tilskudd-protocol 3 x\n").unwrap();
    let subscribe = b"\"Subscribe\"";
    deaf.write_all(&u32::try_from(subscribe.len()).unwrap().to_be_bytes())
        .unwrap();
    deaf.write_all(subscribe).unwrap();
    let started = Instant::now();
    server.run(&["status"]).ok();
    assert!(started.elapsed() < Duration::from_secs(5));
    drop((idle, deaf));
    // `--db` and `--server` together is a usage error; demo and dev are local only.
    let both = Run::of(
        &server
            .command()
            .arg("--db")
            .arg(&db.path)
            .arg("status")
            .output()
            .unwrap(),
    );
    assert_eq!(both.code, 2, "{}", both.stderr);
    server
        .run(&["dev", "generate", "--applications", "10"])
        .refused()
        .stderr_has(&["--db"]);
}

/// The users a server knows, and what each role may do.
#[test]
fn users_are_managed_by_admins_and_listed() {
    let db = TestDb::with_registry();
    let server = Server::start(&db);
    let me = server.run(&["users", "list", "--json"]).ok().json();
    let users = me["users"].as_array().unwrap();
    assert_eq!(
        users.len(),
        1,
        "the account running serve is the first admin"
    );
    assert_eq!(users[0]["role"], "admin");
    let admin = users[0]["login"].as_str().unwrap().to_string();
    server
        .run(&["users", "add", "daemon", "--role", "approver"])
        .ok()
        .stdout_has(&["daemon lagt til som godkjenner"]);
    server
        .run(&["users", "add", "daemon", "--role", "reviewer"])
        .ok()
        .stdout_has(&["godkjenner → saksbehandler"]);
    server
        .run(&["users", "add", "daemon", "--role", "boss"])
        .stderr_has(&["boss"]);
    server
        .run(&["users", "remove", &admin])
        .refused()
        .stderr_has(&["siste administratoren"]);
    server.run(&["users", "remove", "daemon"]).ok();
    server
        .run(&["users", "remove", "daemon"])
        .refused()
        .stderr_has(&["ikke bruker"]);
    let audit = server.run(&["audit"]).ok();
    assert!(audit.stdout.contains("daemon lagt til"), "{}", audit.stdout);
    // Locally, the file's owner manages the users a server will have.
    drop(server);
    db.run(&["users", "add", "bin", "--role", "admin"]).ok();
    let listed = db.run(&["users", "list"]).ok();
    assert!(listed.stdout.contains("bin"), "{}", listed.stdout);
}

impl Accounts {
    /// A folder of this group's for a server's socket, and a copy of the binary every
    /// test account can run: `(socket, binary)`.
    pub fn shared_place(&self, db: &TestDb) -> (PathBuf, PathBuf) {
        let shared = db.dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::os::unix::fs::chown(&shared, None, Some(self.gid())).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o750)).unwrap();
        std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = db.dir.path().join("tilskudd");
        std::fs::copy(BIN, &bin).unwrap();
        (shared.join("tilskudd.sock"), bin)
    }
}

/// A client process running as another user, with that user's groups (`setpriv`,
/// from util-linux, since std cannot set supplementary groups on stable Rust).
pub fn run_as(server: &Server, bin: &Path, name: &str, args: &[&str]) -> Run {
    let mut command = Command::new("setpriv");
    command
        .arg(format!("--reuid={}", id_of("-u", name)))
        .arg(format!("--regid={}", id_of("-g", name)))
        .arg("--init-groups")
        .arg(bin)
        .arg("--server")
        .arg(&server.socket)
        .args(args)
        // Claims of identity that the server must ignore.
        .env("TILSKUDD_USER", "root")
        .env("USER", "root")
        .env_remove("TILSKUDD_DB")
        .env_remove("TILSKUDD_LANG")
        .env("HOME", "/tmp");
    Run::of(&command.output().unwrap())
}

#[test]
fn identities_come_from_the_kernel_and_roles_are_enforced() {
    let Some(accounts) = Accounts::create("r", &["rev", "app", "new"], &["out"]) else {
        return;
    };
    let db = TestDb::with_applications();
    // The directory belongs to the reviewers' group, so the socket does too; the binary
    // is copied where every test user can run it.
    let (socket, bin) = accounts.shared_place(&db);
    let server = Server::start_on(&db, &socket);
    let (rev, app) = (Accounts::login("rev"), Accounts::login("app"));
    server
        .run(&["users", "add", &rev, "--role", "reviewer"])
        .ok();
    server
        .run(&["users", "add", &app, "--role", "approver"])
        .ok();
    let as_user = |name: &str, args: &[&str]| run_as(&server, &bin, name, args);

    // Outside the group: the socket keeps them out, and says which group lets one in.
    as_user("out", &["status"])
        .refused()
        .stderr_has(&["ikke tilgang", &accounts.group]);
    // In the group but not a user: refused, naming an admin to ask.
    let admin = server.run(&["users", "list", "--json"]).ok().json()["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["role"] == "admin")
        .unwrap()["login"]
        .as_str()
        .unwrap()
        .to_string();
    as_user("new", &["status"])
        .refused()
        .stderr_has(&["ikke bruker av denne tjeneren", &admin]);

    // The reviewer works a case; TILSKUDD_USER=root in its environment changes nothing.
    let case = "INN-2022-001";
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        as_user("rev", &["check", case, check, "met"]).ok();
    }
    as_user("rev", &["allocate", case, "egeninitiert", "450 000"]).ok();
    let history = server.run(&["audit", case, "--json"]).ok().json();
    let actors: Vec<&str> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["by"].as_str().unwrap())
        .collect();
    assert!(actors.contains(&rev.as_str()), "{actors:?}");
    assert!(
        !actors.contains(&"root"),
        "a claimed identity was believed: {actors:?}"
    );
    as_user("rev", &["propose", case, "approve", "--reason", "Godt"]).ok();
    // A reviewer may not decide, nor manage users.
    as_user("rev", &["approve", case])
        .refused()
        .stderr_has(&["saksbehandler", "godkjenner"]);
    // Nor rebuild the totals, nor take back someone else's change.
    as_user("rev", &["dev", "repair"])
        .refused()
        .stderr_has(&["administrator"]);
    as_user("app", &["undo", case])
        .refused()
        .stderr_has(&[&format!("{rev} har endret")]);
    as_user("rev", &["users", "add", &rev, "--role", "admin"])
        .refused()
        .stderr_has(&["administrator"]);
    // The approver decides: someone else than the proposer, as four-eyes wants.
    as_user("app", &["approve", case]).ok();
    let decided = server.run(&["show", case, "--json"]).ok().json();
    assert_eq!(decided["decision"]["decided_by"], app.as_str(), "{decided}");
    // After the decision: the money is the approver's, the report the reviewer's.
    for login in [&rev, &app] {
        server
            .run(&[
                "users",
                "set",
                login,
                "--name",
                "Test Testesen",
                "--title",
                "rådgiver",
            ])
            .ok();
    }
    as_user("app", &["sent", "--round", "innlandet-2022", case]).ok();
    as_user("rev", &["pay", case])
        .refused()
        .stderr_has(&["godkjenner"]);
    as_user("app", &["pay", case]).ok();
    as_user("rev", &["report", case, "--spent", "450 000"]).ok();
    as_user("rev", &["close", case])
        .refused()
        .stderr_has(&["godkjenner"]);
    as_user("app", &["close", case]).ok();
    // A file larger than a reviewer may send is refused by its size, said as such: the
    // server answers before it closes, while the client is still sending.
    let large = socket.with_file_name("stor.json");
    let padding = "a".repeat(2 * 1024 * 1024);
    std::fs::write(
        &large,
        format!(r#"{{"applications": [], "x": "{padding}"}}"#),
    )
    .unwrap();
    let large = large.to_str().unwrap();
    as_user("rev", &["import", "applications", large])
        .refused()
        .stderr_has(&["byte", "administrator"]);
    server.run(&["audit", "--verify"]).ok();
}

/// The machine's configuration names the server: every command uses it with no flag or
/// variable, never a private database, and says whom to ask when it does not answer.
#[test]
fn the_system_configuration_names_the_server() {
    let db = TestDb::with_applications();
    let server = Server::start(&db);
    let home = db.dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let config = db.file(
        "config.toml",
        format!("server = \"{}\"\n", server.socket.display()),
    );
    let run = |config: &str, args: &[&str]| {
        Run::of(
            &Command::new(BIN)
                .args(args)
                .env("TILSKUDD_CONFIG", config)
                .env("HOME", &home)
                .env_remove("XDG_DATA_HOME")
                .env_remove("TILSKUDD_DB")
                .env_remove("TILSKUDD_SERVER")
                .env_remove("TILSKUDD_LANG")
                .output()
                .unwrap(),
        )
    };
    let status = run(&config, &["status", "--json"]).ok().json();
    assert!(status["rounds"].is_array(), "{status}");
    // Stopped: an error naming the socket and the file, and no private database made.
    let mut server = server;
    server.kill();
    let _ = std::fs::remove_file(&server.socket);
    run(
        &config,
        &[
            "import",
            "round",
            crate::util::fixture("rounds/innlandet-2022.toml")
                .to_str()
                .unwrap(),
        ],
    )
    .refused()
    .stderr_has(&[
        &config,
        &server.socket.display().to_string(),
        "administratoren",
    ]);
    assert!(!home.join(".local/share/tilskudd").exists());
    // A flag still wins, and a wrong file is named.
    run(&config, &["--db", db.path.to_str().unwrap(), "status"]).ok();
    let wrong = db.file("wrong.toml", "sever = \"/x\"\n");
    run(&wrong, &["status"]).refused().stderr_has(&[&wrong]);
}
