//! Builders for temporary databases and commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
