//! Crashes: processes really killed (`kill -9`) at points they do not choose, then the
//! database checked: counts, sums and `audit --verify`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{BIN, TestDb, application, batch};

/// A small, reproducible stream of pauses: where each kill falls.
fn pauses(seed: u64, count: usize, max_ms: u64) -> Vec<Duration> {
    let mut x = seed | 1;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(x % max_ms)
        })
        .collect()
}

fn seed() -> u64 {
    u64::from(std::process::id()).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The program on the test database as `kari`, quiet: these tests look at the file.
fn tilskudd(db: &TestDb) -> Command {
    let mut command = db.command("kari");
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// The database is whole: the chain verifies, and `status` agrees with the cases.
/// Returns the number of cases in the Innlandet round.
fn assert_whole(db: &TestDb) -> usize {
    db.run(&["audit", "--verify"]).ok();
    let listed = db
        .run(&["list", "--round", "innlandet-2022", "--json"])
        .ok()
        .json();
    let count = listed["cases"].as_array().unwrap().len();
    let status = db.status("innlandet-2022");
    let counted: u64 = status["cases"].as_object().map_or(0, |states| {
        states.values().filter_map(serde_json::Value::as_u64).sum()
    });
    assert_eq!(
        usize::try_from(counted).unwrap(),
        count,
        "state counts against the cases"
    );
    count
}

/// An import killed at any moment stores all of it or none of it.
#[test]
fn an_import_killed_with_9_stores_all_or_nothing() {
    let db = TestDb::with_registry();
    let applications: Vec<serde_json::Value> = (0..3_000)
        .map(|i| application(&format!("KILL-{i:05}"), &serde_json::json!({})))
        .collect();
    let file = db.file("many.json", batch(&applications));
    let base = db.dir.path().join("base.redb");
    std::fs::copy(&db.path, &base).unwrap();
    // How long a whole import takes here: the kills fall before, during and after it.
    let started = Instant::now();
    tilskudd(&db)
        .args(["import", "applications", &file])
        .status()
        .unwrap();
    let whole = u64::try_from(started.elapsed().as_millis())
        .unwrap()
        .max(10);
    let mut outcomes = Vec::new();
    for pause in pauses(seed(), 8, whole * 13 / 10) {
        std::fs::copy(&base, &db.path).unwrap();
        let mut child = tilskudd(&db)
            .args(["import", "applications", &file])
            .spawn()
            .unwrap();
        std::thread::sleep(pause);
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let count = assert_whole(&db);
        assert!(
            count == 0 || count == 3_000,
            "after a kill at {pause:?}: {count} cases"
        );
        if finished {
            assert_eq!(count, 3_000, "an acknowledged import is all there");
        }
        outcomes.push(count);
    }
    eprintln!("cases after each kill: {outcomes:?}");
}

/// A stream of allocations, some killed mid-way: every acknowledged one is kept, and
/// the pot is the sum of its cases.
#[test]
fn allocations_killed_with_9_lose_nothing_acknowledged() {
    let db = TestDb::with_applications();
    let cases = ["INN-2022-002", "INN-2022-003", "INN-2022-012"];
    let mut attempts: Vec<(&str, i64, bool)> = Vec::new();
    for (n, pause) in pauses(seed(), 24, 60).into_iter().enumerate() {
        let reference = cases[n % cases.len()];
        let amount = 10_000 + i64::try_from(n).unwrap() * 1_000;
        let mut child = tilskudd(&db)
            .args(["allocate", reference, "fosterhjem", &amount.to_string()])
            .spawn()
            .unwrap();
        // Every other one is killed at a random point; the rest run to the end.
        if n % 2 == 0 {
            std::thread::sleep(pause);
            let _ = child.kill();
        }
        let acknowledged = child.wait().unwrap().success();
        attempts.push((reference, amount, acknowledged));
    }
    assert_whole(&db);
    let mut sum = 0;
    for reference in cases {
        let mine: Vec<&(&str, i64, bool)> = attempts.iter().filter(|a| a.0 == reference).collect();
        let stored = db.show(reference)["allocations"]["fosterhjem"]
            .as_str()
            .map_or(0, |a| a.parse::<i64>().unwrap());
        sum += stored;
        if let Some(last) = mine.iter().rposition(|a| a.2) {
            let possible: Vec<i64> = mine[last..].iter().map(|a| a.1).collect();
            assert!(
                possible.contains(&stored),
                "{reference}: stored {stored}, acknowledged {}",
                mine[last].1
            );
        }
    }
    let (_, allocated, _) = db.pot("innlandet-2022", "fosterhjem");
    assert_eq!(allocated.parse::<i64>().unwrap(), sum);
}

/// A review screen killed or hung up leaves the file usable by others at once.
#[test]
fn a_killed_screen_leaves_the_database_usable_at_once() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed (CI installs it in .ci/run)");
        return;
    }
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let socket = format!("tilskudd-crash-{}", std::process::id());
    let command = format!(
        "env TILSKUDD_USER=kari TERM=xterm-256color {BIN} --db {}",
        db.path.display()
    );
    for signal in ["KILL", "HUP"] {
        Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                &command,
            ])
            .status()
            .unwrap();
        let start = Instant::now();
        let pid = loop {
            let out = Command::new("tmux")
                .args(["-L", &socket, "display-message", "-p", "#{pane_pid}"])
                .output()
                .unwrap();
            let screen = Command::new("tmux")
                .args(["-L", &socket, "capture-pane", "-p"])
                .output()
                .unwrap();
            if String::from_utf8_lossy(&screen.stdout).contains("Saker") {
                break String::from_utf8_lossy(&out.stdout).trim().to_string();
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no screen");
            std::thread::sleep(Duration::from_millis(50));
        };
        Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        let started = Instant::now();
        db.run(&["allocate", "INN-2022-003", "egeninitiert", "100 000"])
            .ok();
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "waited {:?} after the screen was killed with {signal}",
            started.elapsed()
        );
        let _ = Command::new("tmux")
            .args(["-L", &socket, "kill-server"])
            .status();
    }
    db.run(&["audit", "--verify"]).ok();
}

/// A small file system of our own (root only; skipped otherwise), unmounted on drop.
struct TinyFs {
    dir: std::path::PathBuf,
}

impl TinyFs {
    fn mount(parent: &Path, kilobytes: u32) -> Option<TinyFs> {
        let dir = parent.join("tiny");
        std::fs::create_dir_all(&dir).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kilobytes}k"), "tmpfs"])
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if mounted {
            Some(TinyFs { dir })
        } else {
            eprintln!("skipped: mounting a small tmpfs needs root (CI runs as root)");
            None
        }
    }

    fn read_only(&self) {
        assert!(
            Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(&self.dir)
                .status()
                .unwrap()
                .success()
        );
    }
}

impl Drop for TinyFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

/// A full disk and a read-only one: a clear refusal, and what was stored before stays
/// whole and usable.
#[test]
fn a_full_or_read_only_disk_is_refused_clearly_and_harms_nothing() {
    let db = TestDb::new();
    let Some(tiny) = TinyFs::mount(db.dir.path(), 700) else {
        return;
    };
    let on_tiny = TestDb {
        dir: tempfile::tempdir().unwrap(),
        path: tiny.dir.join("full.redb"),
    };
    on_tiny
        .run(&["demo", "--db", on_tiny.path.to_str().unwrap()])
        .ok();
    let before = on_tiny.case_count();
    let applications: Vec<serde_json::Value> = (0..4_000)
        .map(|i| application(&format!("FULL-{i:05}"), &serde_json::json!({})))
        .collect();
    let file = db.file("many.json", batch(&applications));
    on_tiny
        .run(&["import", "applications", &file])
        .refused()
        .stderr_has(&["full.redb"]);
    assert_eq!(on_tiny.case_count(), before, "nothing of the import stored");
    on_tiny.run(&["audit", "--verify"]).ok();
    on_tiny
        .run(&["allocate", "INN-2022-003", "egeninitiert", "1000"])
        .ok();
    // Read-only: reading works, writing is refused with the reason.
    tiny.read_only();
    on_tiny.run(&["status"]).ok();
    on_tiny
        .run(&["allocate", "INN-2022-003", "egeninitiert", "2000"])
        .refused()
        .stderr_has(&["full.redb"]);
    on_tiny
        .run(&[
            "import",
            "registry",
            "--db",
            tiny.dir.join("new.redb").to_str().unwrap(),
            &file,
        ])
        .refused()
        .stderr_has(&["new.redb"]);
    // An export onto a full device says so, and leaves no half file behind.
    db.run(&["demo"]).ok();
    db.run(&[
        "export",
        "--round",
        "innlandet-2022",
        "--format",
        "csv",
        "--out",
        "/dev/full",
    ])
    .refused()
    .stderr_has(&["/dev/full"]);
}
