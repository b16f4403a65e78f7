//! Files that are not what they claim are refused and left untouched.

use crate::util::TestDb;

#[test]
fn a_file_that_is_not_a_tilskudd_database_is_left_untouched() {
    let db = TestDb::new();
    let content = b"Dette er et brev, ikke en database.\n".repeat(100);
    std::fs::write(&db.path, &content).unwrap();
    db.run(&["status"])
        .refused()
        .stderr_has(&["ikke en tilskudd-database", "ikke rørt"]);
    db.run(&[
        "import",
        "registry",
        crate::util::fixture("registry.toml").to_str().unwrap(),
    ])
    .refused();
    assert_eq!(std::fs::read(&db.path).unwrap(), content);
}

#[test]
fn another_programs_redb_file_is_refused() {
    let db = TestDb::new();
    {
        let other = redb::Database::create(&db.path).unwrap();
        let txn = other.begin_write().unwrap();
        {
            let table: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("their-table");
            txn.open_table(table).unwrap().insert("x", 1).unwrap();
        }
        txn.commit().unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    db.run(&["--lang", "en", "list"])
        .refused()
        .stderr_has(&["is not a tilskudd database"]);
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let db = TestDb::with_registry();
    {
        let file = redb::Database::create(&db.path).unwrap();
        let txn = file.begin_write().unwrap();
        {
            let meta: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new("meta-1");
            txn.open_table(meta)
                .unwrap()
                .insert("schema", 99u32.to_le_bytes().as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    db.run(&["status"])
        .refused()
        .stderr_has(&["nyere tilskudd", "skjema 99"]);
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[test]
fn only_an_import_creates_a_database() {
    let db = TestDb::new();
    let nested = db.dir.path().join("a/b/c.redb");
    let run = |args: &[&str]| {
        std::process::Command::new(crate::util::BIN)
            .arg("--db")
            .arg(&nested)
            .args(args)
            .env("TILSKUDD_USER", "kari")
            .output()
            .unwrap()
    };
    let status = run(&["status"]);
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("finnes ikke"));
    assert!(
        !nested.exists() && !db.dir.path().join("a").exists(),
        "a read creates nothing"
    );
    let import = run(&[
        "import",
        "round",
        crate::util::fixture("rounds/innlandet-2022.toml")
            .to_str()
            .unwrap(),
    ]);
    assert!(import.status.success());
    assert!(nested.exists());
}

#[test]
fn demo_never_mixes_examples_into_real_work() {
    let db = TestDb::new();
    let other = db.file("r.toml", "id = \"innlandet-2022\"\ncounty = \"Viken\"\nyear = 2022\ndeadline = 2021-08-01\n[[pot]]\nid = \"p\"\ntotal = 100\n");
    db.run(&["import", "round", &other]).ok();
    db.run(&["demo"]).refused().stderr_has(&["andre data"]);
    assert_eq!(db.status("innlandet-2022")["county"], "Viken");
    let fresh = TestDb::new();
    fresh.run(&["demo"]).ok();
    fresh.run(&["demo"]).ok();
    assert_eq!(fresh.case_count(), 20, "a second demo run adds nothing");
}

/// A database written by schema 1 (pots without a nynorsk name, no hash chain) opens,
/// is migrated, and its events verify.
#[test]
fn a_schema_1_database_is_migrated() {
    #[derive(serde::Serialize)]
    struct PotV1 {
        id: String,
        name: String,
        total: String,
        partner_required: bool,
    }
    #[derive(serde::Serialize)]
    struct RoundV1 {
        id: String,
        county: String,
        year: i32,
        deadline: chrono::NaiveDate,
        funds_used_by: Option<chrono::NaiveDate>,
        four_eyes: bool,
        appeal_rights: bool,
        pots: Vec<PotV1>,
    }
    let db = TestDb::new();
    {
        let file = redb::Database::create(&db.path).unwrap();
        let txn = file.begin_write().unwrap();
        {
            let text = |name| redb::TableDefinition::<&str, &[u8]>::new(name);
            let mut meta = txn.open_table(text("meta-1")).unwrap();
            meta.insert("application", b"tilskudd".as_slice()).unwrap();
            meta.insert("schema", 1u32.to_le_bytes().as_slice())
                .unwrap();
            meta.insert("changes", 0u64.to_le_bytes().as_slice())
                .unwrap();
            for name in [
                "municipalities-1",
                "networks-1",
                "cases-1",
                "round-cases-1",
                "pot-allocated-1",
                "state-counts-1",
                "network-grants-1",
                "case-events-1",
            ] {
                txn.open_table(text(name)).unwrap();
            }
            txn.open_table(redb::TableDefinition::<u64, &[u8]>::new("events-1"))
                .unwrap();
            let round = RoundV1 {
                id: "r1".into(),
                county: "Innlandet".into(),
                year: 2022,
                deadline: chrono::NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(),
                funds_used_by: None,
                four_eyes: true,
                appeal_rights: false,
                pots: vec![PotV1 {
                    id: "p".into(),
                    name: "Pott".into(),
                    total: "1000".into(),
                    partner_required: false,
                }],
            };
            txn.open_table(text("rounds-1"))
                .unwrap()
                .insert("r1", postcard::to_allocvec(&round).unwrap().as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let status = db.status("r1");
    assert_eq!(status["pots"][0]["total"], "1000");
    db.run(&["audit", "--verify"]).ok();
}

/// A truncated file, and one with damage anywhere: every command answers with exit 0
/// or a clear refusal (never a crash or a backtrace), and a reading command leaves the
/// file byte for byte as it was.
#[test]
fn truncated_and_damaged_files_get_a_clear_answer_and_stay_as_they_were() {
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let good = std::fs::read(&db.path).unwrap();
    let check = |bytes: &[u8], what: &str| {
        std::fs::write(&db.path, bytes).unwrap();
        for args in [
            &["list"][..],
            &["audit", "--verify"],
            &["show", "INN-2022-003"],
        ] {
            let run = db.run(args);
            assert!(
                run.code == 0 || run.code == 1,
                "{what}, {args:?}: exit {}\n{}",
                run.code,
                run.stderr
            );
            assert!(
                !run.stderr.contains("panicked") && !run.stderr.contains("backtrace"),
                "{what}, {args:?}: {}",
                run.stderr
            );
            if run.code == 1 {
                assert!(run.stderr.starts_with("feil: "), "{what}: {}", run.stderr);
            }
            assert_eq!(
                std::fs::read(&db.path).unwrap(),
                bytes,
                "{what}, {args:?} changed it"
            );
        }
    };
    check(&good[..good.len() / 2], "cut in half");
    check(&good[..100], "cut to 100 bytes");
    let mut headless = good.clone();
    headless[64..264].fill(0);
    check(&headless, "header zeroed");
    db.run(&["list"]).refused().stderr_has(&["skadet"]);
    for offset in (0..good.len()).step_by(4096).skip(1) {
        let mut damaged = good.clone();
        let end = (offset + 356).min(damaged.len());
        for (i, byte) in damaged[offset + 100..end].iter_mut().enumerate() {
            *byte = [0xde, 0xad, 0xbe, 0xef][i % 4];
        }
        check(&damaged, &format!("damage at {offset}"));
    }
}

/// Damage in the tree of tables, where redb panics as it opens a table and leaves its
/// transaction's lock poisoned: a write answers with a clear message and exit 1, never
/// an abort (closing the other open tables used to panic again, and a panic during a
/// panic aborts the process). A server on such a file answers the write, then carries on
/// or stops with status 75 for its supervisor to open the file anew; the damage never
/// kills it.
#[test]
fn damage_in_the_tree_of_tables_never_aborts_a_write() {
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let good = std::fs::read(&db.path).unwrap();
    // The pages that hold the tree of tables name every table.
    let pages: std::collections::BTreeSet<usize> = good
        .windows(b"case-events-1".len())
        .enumerate()
        .filter(|(_, bytes)| *bytes == b"case-events-1")
        .map(|(at, _)| at / 4096 * 4096)
        .collect();
    assert!(!pages.is_empty());
    let mut panicked = Vec::new();
    for &page in &pages {
        for at in page..page + 128 {
            for value in [0x0e, 0xff] {
                let mut damaged = good.clone();
                damaged[at] = value;
                std::fs::write(&db.path, &damaged).unwrap();
                let run = db.run(&["allocate", "INN-2022-003", "egeninitiert", "1000"]);
                assert!(
                    run.code == 0 || run.code == 1,
                    "{value:#x} at {at}: exit {}\n{}",
                    run.code,
                    run.stderr
                );
                if run.stderr.contains("inne i tilskudd") {
                    panicked.push(damaged);
                }
            }
        }
    }
    assert!(!panicked.is_empty(), "no damage made redb panic");
    for damaged in panicked.iter().step_by(panicked.len().div_ceil(3)) {
        std::fs::write(&db.path, damaged).unwrap();
        damaged_server_answers_and_is_not_killed(&db);
    }
}

fn damaged_server_answers_and_is_not_killed(db: &TestDb) {
    use std::time::{Duration, Instant};
    let socket = db.dir.path().join("damaged.sock");
    let _ = std::fs::remove_file(&socket);
    let mut server = std::process::Command::new(crate::util::BIN)
        .arg("--db")
        .arg(&db.path)
        .args(["serve", "--socket"])
        .arg(&socket)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let client = || {
        crate::util::Run::of(
            &std::process::Command::new(crate::util::BIN)
                .arg("--server")
                .arg(&socket)
                .args(["allocate", "INN-2022-003", "egeninitiert", "1000"])
                .env_remove("TILSKUDD_DB")
                .output()
                .unwrap(),
        )
    };
    let started = Instant::now();
    // It listens, or refuses the file at its start (its first write may be the one).
    let mut ended = None;
    while ended.is_none() && std::os::unix::net::UnixStream::connect(&socket).is_err() {
        ended = server.try_wait().unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never listened"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    if ended.is_none() {
        let run = client();
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        let asked = Instant::now();
        while ended.is_none() && asked.elapsed() < Duration::from_millis(500) {
            ended = server.try_wait().unwrap();
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    match ended {
        // Still up: it goes on answering.
        None => {
            let run = client();
            assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
            assert_eq!(server.try_wait().unwrap(), None, "{}", run.stderr);
            let _ = server.kill();
            let _ = server.wait();
        }
        Some(status) => assert!(
            matches!(status.code(), Some(1 | 75)),
            "the server ended by {status}"
        ),
    }
}

/// A database file others could have put in place or could change is refused before
/// anything is read from or written to it, as ssh refuses such key files: one anyone may
/// write, one in a folder where anyone may replace files, and (run as root, with another
/// account to own it) one another user put in a folder anyone may write, or a link they
/// put there. One's own file in such a folder (`/tmp`), and one root owns, are used.
#[test]
fn a_database_others_could_plant_or_change_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    let good = std::fs::read(&db.path).unwrap();
    let mode = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    let allocate = |path: &std::path::Path| {
        crate::util::Run::of(
            &std::process::Command::new(crate::util::BIN)
                .arg("--db")
                .arg(path)
                .args(["allocate", "INN-2022-003", "egeninitiert", "1000"])
                .env("TILSKUDD_USER", "kari")
                .env_remove("TILSKUDD_DB")
                .env_remove("TILSKUDD_SERVER")
                .env_remove("TILSKUDD_LANG")
                .output()
                .unwrap(),
        )
    };
    mode(&db.path, 0o666);
    allocate(&db.path).refused().stderr_has(&[
        "kan endres av alle",
        "chmod o-w",
        "Ingenting ble lest",
    ]);
    assert_eq!(std::fs::read(&db.path).unwrap(), good);
    mode(&db.path, 0o600);

    let open = db.dir.path().join("open");
    std::fs::create_dir(&open).unwrap();
    mode(db.dir.path(), 0o755);
    mode(&open, 0o777);
    let replaceable = open.join("a.redb");
    std::fs::write(&replaceable, &good).unwrap();
    mode(&replaceable, 0o600);
    allocate(&replaceable)
        .refused()
        .stderr_has(&["alle kan bytte ut filer"]);
    assert_eq!(std::fs::read(&replaceable).unwrap(), good);
    // Nor is a new one made there.
    allocate(&open.join("new.redb")).refused();
    assert!(!open.join("new.redb").exists());

    // With the sticky bit (as /tmp): one's own file is used.
    mode(&open, 0o1777);
    allocate(&replaceable).ok();
    if !nix::unistd::Uid::current().is_root() {
        return;
    }
    let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap().uid;
    let planted = open.join("planted.redb");
    std::fs::write(&planted, &good).unwrap();
    mode(&planted, 0o600);
    std::os::unix::fs::chown(&planted, Some(nobody.as_raw()), None).unwrap();
    allocate(&planted)
        .refused()
        .stderr_has(&[&format!("uid {nobody}"), "mappe alle kan skrive i"]);
    assert_eq!(std::fs::read(&planted).unwrap(), good);
    let link = open.join("link.redb");
    std::os::unix::fs::symlink(&replaceable, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(nobody.as_raw()), None).unwrap();
    allocate(&link)
        .refused()
        .stderr_has(&[&format!("uid {nobody}")]);
    // A folder another user made in an open folder, or a link to one: not used either.
    let theirs = open.join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    let inside = theirs.join("db.redb");
    std::fs::write(&inside, &good).unwrap();
    mode(&inside, 0o600);
    std::os::unix::fs::chown(&theirs, Some(nobody.as_raw()), None).unwrap();
    allocate(&inside)
        .refused()
        .stderr_has(&[&format!("uid {nobody}")]);
    let to_theirs = db.dir.path().join("to-theirs");
    std::os::unix::fs::symlink(&theirs, &to_theirs).unwrap();
    allocate(&to_theirs.join("db.redb"))
        .refused()
        .stderr_has(&[&format!("uid {nobody}")]);
    // Nor a file in a folder of root's, inside an open folder without the sticky bit.
    mode(&open, 0o777);
    let rooted = open.join("rooted");
    std::fs::create_dir(&rooted).unwrap();
    std::fs::write(rooted.join("db.redb"), &good).unwrap();
    allocate(&rooted.join("db.redb"))
        .refused()
        .stderr_has(&["alle kan bytte ut filer"]);
    mode(&open, 0o1777);
    // Root's own file there is used.
    std::os::unix::fs::chown(&planted, Some(0), None).unwrap();
    allocate(&planted).ok();
}

/// Compacting gives unused room back and keeps every case and event as it was.
#[test]
fn compacting_keeps_everything() {
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    // Some churn, so there is room to give back.
    for amount in ["100 000", "200 000", "150 000"] {
        db.run(&["allocate", "INN-2022-003", "egeninitiert", amount])
            .ok();
    }
    let before = db.run(&["list", "--json"]).ok().stdout;
    let audit = db.run(&["audit", "--json"]).ok().stdout;
    let size = std::fs::metadata(&db.path).unwrap().len();
    db.run(&["dev", "compact"]).ok();
    assert!(std::fs::metadata(&db.path).unwrap().len() <= size);
    assert_eq!(db.run(&["list", "--json"]).ok().stdout, before);
    assert_eq!(db.run(&["audit", "--json"]).ok().stdout, audit);
    db.run(&["audit", "--verify"]).ok();
}

/// A schema 7 database (before the municipality grant index) has the index filled in
/// from its decided cases when opened: lookups show the projects, and the totals verify.
#[test]
fn a_schema_7_database_gets_its_municipality_grants() {
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    {
        let file = redb::Database::open(&db.path).unwrap();
        let txn = file.begin_write().unwrap();
        let text = |name| redb::TableDefinition::<&str, &[u8]>::new(name);
        txn.delete_table(text("municipality-grants-1")).unwrap();
        txn.open_table(text("meta-1"))
            .unwrap()
            .insert("schema", 7u32.to_le_bytes().as_slice())
            .unwrap();
        txn.commit().unwrap();
    }
    db.run(&["lookup", "hamar"])
        .ok()
        .stdout_has(&["INN-2022-001", "450 000 kr"]);
    db.run(&["audit", "--verify"]).ok();
}
