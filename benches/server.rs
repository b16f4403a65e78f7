//! Requests per second and latency (p50/p99) of a real `tilskudd serve` with eight
//! clients at once, each on its own connection, on 1 000 generated applications.
//!
//! `cargo bench --bench server` prints the figures. The mix per client: 60 % case
//! views, 20 % `status`, 20 % check verdicts (writes: those that arrive together share
//! one transaction, and each is on disk before its answer).
//!
//! Run as root (with `useradd` and `setpriv`), it also measures writes from clients of
//! as many logins, each a process of its own throwaway system user: advisers each have
//! their own login, and a server limits how many requests one login has under way.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tilskudd::domain::{CaseState, CheckId, Verdict};
use tilskudd::server::RemoteSession;
use tilskudd::service::{Command as Do, ListFilter, Session};

#[path = "../tests/accounts.rs"]
mod accounts;

use accounts::{Accounts, id_of};

const BIN: &str = env!("CARGO_BIN_EXE_tilskudd");
const CLIENTS: usize = 8;
const REQUESTS_PER_CLIENT: usize = 2_000;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    if let Ok(spec) = std::env::var(CLIENT) {
        client_process(&spec);
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.redb");
    let socket = dir.path().join("bench.sock");
    let generated = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args([
            "dev",
            "generate",
            "--networks",
            "40",
            "--applications",
            "1000",
        ])
        .output()
        .expect("generate");
    assert!(generated.status.success(), "{generated:?}");
    // The store the server holds, in process: writers on threads of their own, without
    // the server's per-login limit of requests under way.
    for threads in [1, 8, 32] {
        writes_in_process(&db, threads);
    }
    let server = serve(&db, &socket);
    let open = RemoteSession::connect(&socket).expect("connect");
    let references = under_review(&open);

    let started = Instant::now();
    let per_client: Vec<Vec<(Kind, Duration)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (socket, references) = (&socket, &references);
                scope.spawn(move || run_client(socket, references, client))
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let elapsed = started.elapsed();
    let all: Vec<(Kind, Duration)> = per_client.into_iter().flatten().collect();
    println!(
        "server, {CLIENTS} clients × {REQUESTS_PER_CLIENT} requests on 1 000 applications: {:.0} requests/s",
        f64::from(u32::try_from(all.len()).unwrap()) / elapsed.as_secs_f64()
    );
    for kind in [Kind::Case, Kind::Status, Kind::Check, Kind::All] {
        let mut times: Vec<Duration> = all
            .iter()
            .filter(|(k, _)| kind == Kind::All || *k == kind)
            .map(|(_, t)| *t)
            .collect();
        times.sort();
        println!(
            "  {:<8} n={:<6} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
            kind.name(),
            times.len(),
            percentile(&times, 50),
            percentile(&times, 99),
            percentile(&times, 100),
        );
    }
    // The clients share one login, and a login has at most four requests under way:
    // past four clients, more wait at the server's gate.
    for clients in [1, 4, 8] {
        writes_only(&socket, &references, clients);
    }
    drop(server);
    for logins in [8, 16] {
        writes_by_logins(dir.path(), &db, logins);
    }
}

/// The environment variable that makes this program one client of
/// [`writes_by_logins`]: `socket|start (ns since 1970)|writes|seed`.
const CLIENT: &str = "TILSKUDD_BENCH_CLIENT";

/// Writes only, from `logins` client processes, each its own system user and login.
fn writes_by_logins(dir: &Path, db: &Path, logins: usize) {
    const WRITES: usize = 300;
    let names: Vec<String> = (0..logins).map(|i| format!("w{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(accounts) = Accounts::create("bench", &names, &[]) else {
        println!("writes only, {logins} logins: skipped (needs root, useradd and setpriv)");
        return;
    };
    for login in names.iter().map(|name| Accounts::login(name)) {
        let added = Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(["users", "add", &login, "--role", "reviewer"])
            .output()
            .expect("users add");
        assert!(added.status.success(), "{added:?}");
    }
    // A folder of the group's holds the socket; the clients run a copy of this program
    // from a folder they can read.
    let shared = dir.join(format!("shared-{logins}"));
    std::fs::create_dir(&shared).expect("shared folder");
    std::os::unix::fs::chown(&shared, None, Some(accounts.gid())).expect("chown");
    set_mode(&shared, 0o750);
    set_mode(dir, 0o755);
    let program = dir.join(format!("bench-client-{logins}"));
    std::fs::copy(std::env::current_exe().expect("this program"), &program).expect("copy");
    set_mode(&program, 0o755);
    let socket = shared.join("bench.sock");
    let _server = serve(db, &socket);
    // Every client connects and reads its cases first, then all start at once.
    let start = unix_nanos() + 1_500_000_000;
    let clients: Vec<Child> = names
        .iter()
        .enumerate()
        .map(|(seed, name)| {
            Command::new("setpriv")
                .arg(format!("--reuid={}", id_of("-u", name)))
                .arg(format!("--regid={}", id_of("-g", name)))
                .arg("--init-groups")
                .arg(&program)
                .env(
                    CLIENT,
                    format!("{}|{start}|{WRITES}|{seed}", socket.display()),
                )
                .stdout(Stdio::piped())
                .spawn()
                .expect("client")
        })
        .collect();
    let mut times = Vec::new();
    let (mut first, mut last) = (u128::MAX, 0);
    for client in clients {
        let out = client.wait_with_output().expect("client output");
        assert!(out.status.success(), "a client failed: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let span: Vec<u128> = lines
            .next()
            .expect("span")
            .split(' ')
            .map(|n| n.parse().expect("ns"))
            .collect();
        first = first.min(span[0]);
        last = last.max(span[1]);
        times.extend(lines.map(|l| Duration::from_nanos(l.parse().expect("ns"))));
    }
    times.sort();
    let elapsed = Duration::from_nanos(u64::try_from(last - first).expect("span"));
    println!(
        "writes only, {logins} logins × 1 client × {WRITES}: {:.0} durable writes/s, p50 {:.3} ms, p99 {:.3} ms",
        f64::from(u32::try_from(times.len()).unwrap()) / elapsed.as_secs_f64(),
        percentile(&times, 50),
        percentile(&times, 99),
    );
}

/// One client of [`writes_by_logins`]: prints when it started and ended (ns since
/// 1970), then each write's time in ns, a line each.
fn client_process(spec: &str) {
    let parts: Vec<&str> = spec.split('|').collect();
    let [socket, start, writes, seed] = parts[..] else {
        panic!("{CLIENT}: socket|start|writes|seed, not {spec}");
    };
    let (start, writes, seed): (u128, usize, usize) = (
        start.parse().expect("start"),
        writes.parse().expect("writes"),
        seed.parse().expect("seed"),
    );
    let session = RemoteSession::connect(Path::new(socket)).expect("connect");
    let references = under_review(&session);
    while unix_nanos() < start {
        std::thread::sleep(Duration::from_micros(200));
    }
    let began = unix_nanos();
    let times: Vec<Duration> = (0..writes)
        .map(|i| {
            let at = Instant::now();
            record_verdict(
                &session,
                pick(&references, seed, i),
                CheckId::Anchoring,
                i,
                None,
            );
            at.elapsed()
        })
        .collect();
    println!("{began} {}", unix_nanos());
    for time in times {
        println!("{}", time.as_nanos());
    }
}

fn unix_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos()
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Writes alone: every client records verdicts as fast as the server acknowledges them,
/// each durable before its answer (the server flushes them in groups).
fn writes_only(socket: &Path, references: &[String], clients: usize) {
    const WRITES: usize = 300;
    let started = Instant::now();
    let mut times: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                scope.spawn(move || {
                    let session = RemoteSession::connect(socket).expect("connect");
                    (0..WRITES)
                        .map(|i| {
                            let start = Instant::now();
                            let reference = pick(references, client, i);
                            record_verdict(&session, reference, CheckId::Anchoring, i, None);
                            start.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let elapsed = started.elapsed();
    times.sort();
    println!(
        "writes only, {clients} clients × {WRITES}: {:.0} durable writes/s, p50 {:.3} ms, p99 {:.3} ms",
        f64::from(u32::try_from(times.len()).unwrap()) / elapsed.as_secs_f64(),
        percentile(&times, 50),
        percentile(&times, 99),
    );
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Case,
    Status,
    Check,
    All,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Case => "show",
            Kind::Status => "status",
            Kind::Check => "check",
            Kind::All => "all",
        }
    }
}

fn run_client(socket: &Path, references: &[String], client: usize) -> Vec<(Kind, Duration)> {
    let session = RemoteSession::connect(socket).expect("connect");
    let mut times = Vec::with_capacity(REQUESTS_PER_CLIENT);
    for i in 0..REQUESTS_PER_CLIENT {
        let reference = pick(references, client, i);
        let kind = match i % 5 {
            0 => Kind::Status,
            1 => Kind::Check,
            _ => Kind::Case,
        };
        let start = Instant::now();
        match kind {
            Kind::Case => {
                session.case(reference).expect("case");
            }
            Kind::Status => {
                session.status(None).expect("status");
            }
            Kind::Check | Kind::All => {
                record_verdict(&session, reference, CheckId::Plan, i, None);
            }
        }
        times.push((kind, start.elapsed()));
    }
    times
}

/// Durable writes on the held store from `threads` threads at once, each its own
/// command (a verdict), acknowledged only once on disk; the commands of the moment
/// share a transaction.
fn writes_in_process(db: &Path, threads: usize) {
    const WRITES: usize = 300;
    let service =
        tilskudd::service::Service::new(tilskudd::store::Store::open_held(db).expect("held store"));
    let session = tilskudd::service::LocalSession::new(service, "bench");
    let references = under_review(&session);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let (session, references) = (&session, &references);
            scope.spawn(move || {
                for i in 0..WRITES {
                    let reference = pick(references, thread, i);
                    let note = Some(format!("{thread}"));
                    record_verdict(session, reference, CheckId::Form, i, note);
                }
            });
        }
    });
    let total = u32::try_from(threads * WRITES).unwrap();
    println!(
        "in process, {threads} writers × {WRITES}: {:.0} durable writes/s",
        f64::from(total) / started.elapsed().as_secs_f64()
    );
}

/// The cases under review, by reference: what the clients write to.
fn under_review(session: &impl Session) -> Vec<String> {
    let filter = ListFilter {
        state: Some(CaseState::UnderReview),
        ..ListFilter::default()
    };
    let references: Vec<String> = session
        .list(&filter)
        .expect("list")
        .into_iter()
        .map(|r| r.reference)
        .collect();
    assert!(!references.is_empty(), "no cases under review");
    references
}

/// The case client `client` writes to the `i`th time: spread over the cases, and
/// different for each client.
fn pick(references: &[String], client: usize, i: usize) -> &str {
    &references[(client * 7919 + i * 31) % references.len()]
}

/// A client's `i`th verdict on `reference`: met and not relevant by turns, each a
/// durable write.
fn record_verdict(
    session: &impl Session,
    reference: &str,
    check: CheckId,
    i: usize,
    note: Option<String>,
) {
    let verdict = if i % 2 == 0 {
        Verdict::Met
    } else {
        Verdict::Na
    };
    session
        .execute(Do::RecordCheck {
            reference: reference.to_string(),
            check,
            verdict,
            note,
            pot: None,
        })
        .expect("check");
}

/// The `p`th percentile (0–100) of sorted times, in milliseconds.
fn percentile(sorted: &[Duration], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (sorted.len() - 1) * p / 100;
    sorted[rank].as_secs_f64() * 1000.0
}

/// `tilskudd serve` on `db`, listening once this returns; killed when dropped.
fn serve(db: &Path, socket: &Path) -> Killed {
    let server = Killed(
        Command::new(BIN)
            .arg("--db")
            .arg(db)
            .arg("serve")
            .arg("--socket")
            .arg(socket)
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    wait_for(socket);
    server
}

fn wait_for(socket: &Path) {
    let start = Instant::now();
    while std::os::unix::net::UnixStream::connect(socket).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "server never listened"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
