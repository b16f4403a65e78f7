//! Builders for temporary databases and commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_tilskudd");

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A temporary directory with a database path in it.
pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// What a run printed, and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: &Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn refused(self) -> Run {
        assert_eq!(
            self.code, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "a refusal prints nothing on stdout: {}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, parts: &[&str]) -> Run {
        for part in parts {
            assert!(
                self.stderr.contains(part),
                "stderr lacks {part:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    #[track_caller]
    pub fn stderr_lacks(self, parts: &[&str]) -> Run {
        for part in parts {
            assert!(
                !self.stderr.contains(part),
                "stderr has {part:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    #[track_caller]
    pub fn stdout_has(self, parts: &[&str]) -> Run {
        for part in parts {
            assert!(
                self.stdout.contains(part),
                "stdout lacks {part:?}:\n{}",
                self.stdout
            );
        }
        self
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("test.redb");
        TestDb { dir, path }
    }

    /// A database with the bundled registry and rounds, and no applications.
    pub fn with_registry() -> TestDb {
        let db = TestDb::new();
        db.run(&[
            "import",
            "registry",
            fixture("kommuner-2020.csv").to_str().unwrap(),
            fixture("registry.toml").to_str().unwrap(),
        ])
        .ok();
        let rounds: Vec<String> = ["innlandet-2022", "trondelag-2019", "hordaland-2018"]
            .iter()
            .map(|r| fixture(&format!("rounds/{r}.toml")).display().to_string())
            .collect();
        let mut args = vec!["import", "round"];
        args.extend(rounds.iter().map(String::as_str));
        db.run(&args).ok();
        // The advisers the tests act as sign letters with names and titles.
        for (login, name, title) in [
            ("kari", "Kari Nordmann", "rådgiver"),
            ("ola", "Ola Berg", "seksjonsleder"),
            ("per", "Per Haugen", "seniorrådgiver"),
        ] {
            db.run(&["users", "set", login, "--name", name, "--title", title])
                .ok();
        }
        db
    }

    /// The registry, rounds and the twenty fixture applications.
    pub fn with_applications() -> TestDb {
        let db = TestDb::with_registry();
        db.run(&[
            "import",
            "applications",
            fixture("applications.json").to_str().unwrap(),
        ])
        .ok();
        db
    }

    pub fn command(&self, user: &str) -> Command {
        let mut command = Command::new(BIN);
        command
            .arg("--db")
            .arg(&self.path)
            .env("TILSKUDD_USER", user)
            .env_remove("TILSKUDD_DB")
            .env_remove("TILSKUDD_SERVER")
            .env_remove("TILSKUDD_LANG");
        command
    }

    /// Runs as the user `kari`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_as("kari", args)
    }

    pub fn run_as(&self, user: &str, args: &[&str]) -> Run {
        Run::of(
            &self
                .command(user)
                .args(args)
                .output()
                .expect("run tilskudd"),
        )
    }

    /// Writes a file in the test directory and returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write file");
        path.display().to_string()
    }

    /// `status --json` for a round.
    pub fn status(&self, round: &str) -> serde_json::Value {
        self.run(&["status", "--round", round, "--json"])
            .ok()
            .json()
    }

    pub fn pot(&self, round: &str, pot: &str) -> (String, String, String) {
        let status = self.status(round);
        let pot = status["pots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == pot)
            .expect("pot")
            .clone();
        let text = |k: &str| pot[k].as_str().unwrap().to_string();
        (text("total"), text("allocated"), text("remaining"))
    }

    pub fn case_count(&self) -> usize {
        self.run(&["list", "--json"]).ok().json()["cases"]
            .as_array()
            .unwrap()
            .len()
    }

    pub fn show(&self, reference: &str) -> serde_json::Value {
        self.run(&["show", reference, "--json"]).ok().json()
    }
}

/// One application in the JSON import format, with fields to override.
pub fn application(reference: &str, overrides: &serde_json::Value) -> serde_json::Value {
    let mut base = serde_json::json!({
        "reference": reference,
        "round": "innlandet-2022",
        "network": "innlandet-sor",
        "submitted": "2021-07-30T13:45:00+02:00",
        "title": "Felles basisopplæring",
        "lead_municipality": "3403",
        "municipalities": ["3403", "3411"],
        "requests": [{"pot": "egeninitiert", "amount": "450 000"}],
        "competence_partner": "Høgskolen i Innlandet"
    });
    if let (Some(base), Some(extra)) = (base.as_object_mut(), overrides.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    base
}

pub fn batch(applications: &[serde_json::Value]) -> String {
    serde_json::json!({ "applications": applications }).to_string()
}

// The review screen in a real terminal: tmux, driven with send-keys and read with
// capture-pane. The tmux server is the test's own (its own socket) and is killed when
// the driver is dropped, whether the test passed or not.

/// A tmux server of our own (its own socket), holding one window with the program.
pub struct Tmux {
    pub socket: String,
    pub session: String,
}

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Tmux {
    /// Starts `args` as `user` on the database, in a window of the given size.
    pub fn start(db: &TestDb, user: &str, name: &str, args: &[&str]) -> Tmux {
        let mut command = format!(
            "env TILSKUDD_USER={user} TILSKUDD_LANG=nb XDG_STATE_HOME={state} TERM=xterm-256color {BIN} --db {db}",
            state = db.dir.path().join("state").display(),
            db = db.path.display()
        );
        for arg in args {
            command.push(' ');
            command.push_str(arg);
        }
        Tmux::run(name, &command)
    }

    pub fn run(name: &str, command: &str) -> Tmux {
        Tmux::run_sized(name, command, 120, 40)
    }

    /// `command` in a window of `width`×`height`.
    pub fn run_sized(name: &str, command: &str, width: u16, height: u16) -> Tmux {
        let (width, height) = (width.to_string(), height.to_string());
        let socket = format!("tilskudd-test-{}-{name}", std::process::id());
        // Keep the window after the program ends, so its last screen can be read.
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                &width,
                "-y",
                &height,
                command,
            ])
            .status()
            .expect("tmux starts");
        assert!(status.success());
        let _ = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "set-option",
                "-t",
                name,
                "remain-on-exit",
                "on",
            ])
            .status();
        Tmux {
            socket,
            session: name.to_string(),
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", &self.session, key])
                .status()
                .unwrap();
            // Each key is its own event: the program handles them in order either way,
            // but a short pause keeps the screen readable when a test fails.
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn text(&self, text: &str) {
        Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "send-keys",
                "-t",
                &self.session,
                "-l",
                text,
            ])
            .status()
            .unwrap();
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "capture-pane",
                "-p",
                "-t",
                &self.session,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`: the program draws after every key and every
    /// change it notices, so this avoids racing its redraw.
    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "screen never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pane(&self, format: &str) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                &self.session,
                format,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// Skips a test where tmux is missing, except in CI, where that fails it.
macro_rules! require_tmux {
    () => {
        if !$crate::util::tmux_available() {
            // In CI a missing tmux is a broken set-up, not a reason to test less.
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is missing in CI (.ci/run installs it)"
            );
            eprintln!("skipped: tmux is not installed (CI installs it in .ci/run)");
            return;
        }
    };
}

/// Kari judges every manual check met, allocates 450 000 from egeninitiert and proposes
/// approval; Ola approves.
pub fn approve_by_kari_and_ola(db: &TestDb, case: &str) {
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run(&["check", case, check, "met"]).ok();
    }
    db.run(&["allocate", case, "egeninitiert", "450000"]).ok();
    db.run(&["propose", case, "approve", "--reason", "God plan"])
        .ok();
    db.run_as("ola", &["approve", case]).ok();
}
