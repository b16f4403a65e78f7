//! Requests per second and latency (p50/p99) of a real `tilskudd serve` with eight
//! clients at once, each on its own connection, on 1 000 generated applications.
//!
//! `cargo bench --bench server` prints the figures. The mix per client: 60 % case
//! views, 20 % `status`, 20 % check verdicts (writes: those that arrive together share
//! one transaction, and each is on disk before its answer).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tilskudd::domain::{CaseState, CheckId, Verdict};
use tilskudd::server::RemoteSession;
use tilskudd::service::{Command as Do, ListFilter, Session};

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
    let _server = Killed(
        Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .arg("serve")
            .arg("--socket")
            .arg(&socket)
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    wait_for(&socket);
    let open = RemoteSession::connect(&socket).expect("connect");
    let filter = ListFilter {
        state: Some(CaseState::UnderReview),
        ..ListFilter::default()
    };
    let references: Vec<String> = open
        .list(&filter)
        .expect("list")
        .into_iter()
        .map(|r| r.reference)
        .collect();
    assert!(!references.is_empty(), "no cases under review");

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
                            let reference =
                                &references[(client * 7919 + i * 31) % references.len()];
                            let verdict = if i % 2 == 0 {
                                Verdict::Met
                            } else {
                                Verdict::Na
                            };
                            let start = Instant::now();
                            session
                                .execute(Do::RecordCheck {
                                    reference: reference.clone(),
                                    check: CheckId::Anchoring,
                                    verdict,
                                    note: None,
                                    pot: None,
                                })
                                .expect("check");
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
        let reference = &references[(client * 7919 + i * 31) % references.len()];
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
                let verdict = if i % 2 == 0 {
                    Verdict::Met
                } else {
                    Verdict::Na
                };
                session
                    .execute(Do::RecordCheck {
                        reference: reference.clone(),
                        check: CheckId::Plan,
                        verdict,
                        note: None,
                        pot: None,
                    })
                    .expect("check");
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
    let open = ListFilter {
        state: Some(CaseState::UnderReview),
        ..ListFilter::default()
    };
    let references: Vec<String> = session
        .list(&open)
        .expect("list")
        .into_iter()
        .map(|r| r.reference)
        .collect();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let (session, references) = (&session, &references);
            scope.spawn(move || {
                for i in 0..WRITES {
                    let reference = &references[(thread * 7919 + i * 31) % references.len()];
                    let verdict = if i % 2 == 0 {
                        Verdict::Met
                    } else {
                        Verdict::Na
                    };
                    session
                        .execute(Do::RecordCheck {
                            reference: reference.clone(),
                            check: CheckId::Form,
                            verdict,
                            note: Some(format!("{thread}")),
                            pot: None,
                        })
                        .expect("check");
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

/// The `p`th percentile (0–100) of sorted times, in milliseconds.
fn percentile(sorted: &[Duration], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (sorted.len() - 1) * p / 100;
    sorted[rank].as_secs_f64() * 1000.0
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
