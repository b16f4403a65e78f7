//! The case commands through the real binary: rules, refusals and their messages.

use crate::util::TestDb;

const MANUAL: [&str; 5] = ["plan", "anchoring", "form", "purpose", "costs"];

fn check_all(db: &TestDb, reference: &str) {
    for check in MANUAL {
        db.run(&["check", reference, check, "met"]).ok();
    }
}

#[test]
fn a_whole_case_from_received_to_decided() {
    let db = TestDb::with_applications();
    assert_eq!(db.show("INN-2022-001")["state"], "received");
    db.run(&[
        "check",
        "INN-2022-001",
        "plan",
        "met",
        "--note",
        "Plan fra 2021",
    ])
    .ok()
    .stdout_has(&["oppfylt"]);
    let shown = db.show("INN-2022-001");
    assert_eq!(shown["state"], "under-review");
    assert_eq!(shown["checks"]["plan"]["verdict"], "met");
    assert_eq!(shown["checks"]["plan"]["by"], "kari");
    assert_eq!(shown["checks"]["plan"]["note"], "Plan fra 2021");
    assert_eq!(shown["checks"]["deadline"]["verdict"], "met");

    db.run(&[
        "allocate",
        "INN-2022-001",
        "egeninitiert",
        "kr",
        "450",
        "000,-",
    ])
    .ok()
    .stdout_has(&["0 kr → 450 000 kr", "gjenstår 650 000 kr"]);
    db.run(&["propose", "INN-2022-001", "approve", "--reason", "God plan"])
        .refused()
        .stderr_has(&["INN-2022-001", "anchoring", "ikke vurdert"]);
    check_all(&db, "INN-2022-001");
    db.run(&["propose", "INN-2022-001", "partial", "--reason", "God plan"])
        .refused()
        .stderr_has(&["innvilget", "approve"]);
    db.run(&["propose", "INN-2022-001", "approve", "--reason", "God plan"])
        .ok();
    assert_eq!(db.show("INN-2022-001")["proposal"]["by"], "kari");
    db.run(&["approve", "INN-2022-001"])
        .refused()
        .stderr_has(&["kari", "fire øyne"]);
    db.run_as("ola", &["approve", "INN-2022-001"]).ok();
    let shown = db.show("INN-2022-001");
    assert_eq!(shown["state"], "decided");
    assert_eq!(shown["decision"]["outcome"], "approve");
    assert_eq!(shown["decision"]["proposed_by"], "kari");
    assert_eq!(shown["decision"]["decided_by"], "ola");
    assert_eq!(shown["allocations"]["egeninitiert"], "450000");

    db.run(&["allocate", "INN-2022-001", "egeninitiert", "1"])
        .refused()
        .stderr_has(&["vedtatt", "reopen"]);
    db.run(&["reopen", "INN-2022-001", "--reason", " "])
        .refused()
        .stderr_has(&["begrunnelse"]);
    db.run_as(
        "ola",
        &[
            "reopen",
            "INN-2022-001",
            "--reason",
            "Nettverket trakk en kommune",
        ],
    )
    .ok();
    let shown = db.show("INN-2022-001");
    assert_eq!(shown["state"], "under-review");
    assert!(shown["decision"].is_null());
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"decided") && actions.contains(&"reopened"),
        "{actions:?}"
    );
}

#[test]
fn a_pot_is_never_overdrawn_and_refusals_change_nothing() {
    let db = TestDb::with_applications();
    db.run(&["allocate", "INN-2022-003", "egeninitiert", "200000"])
        .ok();
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "450 000"])
        .ok();
    db.run(&["allocate", "INN-2022-010", "egeninitiert", "350 000"])
        .ok();
    // 1 100 000 − 1 000 000 = 100 000 left; INN-2022-011 asks 250 000.
    db.run(&["allocate", "INN-2022-011", "egeninitiert", "250 000"])
        .refused()
        .stderr_has(&["egeninitiert", "100 000 kr"]);
    let (_, allocated, remaining) = db.pot("innlandet-2022", "egeninitiert");
    assert_eq!(
        (allocated.as_str(), remaining.as_str()),
        ("1000000", "100000")
    );
    assert_eq!(db.show("INN-2022-011")["state"], "received");
    db.run(&["allocate", "INN-2022-011", "egeninitiert", "100 000"])
        .ok();
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "450 001"])
        .refused()
        .stderr_has(&["450 001 kr", "450 000 kr"]);
    db.run(&["allocate", "INN-2022-001", "fosterhjem", "1"])
        .refused()
        .stderr_has(&["fosterhjem", "egeninitiert"]);
    db.run(&["allocate", "INN-2022-001", "kultur", "1"])
        .refused()
        .stderr_has(&["kultur", "egeninitiert, fosterhjem"]);
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "12,345"])
        .refused()
        .stderr_has(&["12,345"]);
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "-5"])
        .refused()
        .stderr_has(&["negative"]);
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "0"])
        .ok();
    let (_, allocated, _) = db.pot("innlandet-2022", "egeninitiert");
    assert_eq!(allocated, "650000");
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "0"])
        .ok()
        .stdout_has(&["Ingenting endret"]);
}

#[test]
fn automatic_checks_are_computed_and_overridden_only_with_a_note() {
    let db = TestDb::with_applications();
    let verdict = |reference: &str, check: &str| {
        db.show(reference)["checks"][check]["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(verdict("INN-2022-005", "deadline"), "not-met");
    assert!(
        db.show("INN-2022-005")["checks"]["deadline"]["finding"]
            .as_str()
            .unwrap()
            .contains("etter fristen 01.08.2021")
    );
    assert_eq!(verdict("INN-2022-006", "members"), "not-met");
    assert_eq!(verdict("INN-2022-007", "network"), "not-met");
    assert_eq!(verdict("INN-2022-008", "amount"), "not-met");
    assert_eq!(verdict("INN-2022-009", "amount"), "not-met");
    assert_eq!(verdict("INN-2022-004", "partner"), "not-met");
    assert_eq!(verdict("INN-2022-002", "partner"), "na");
    assert_eq!(verdict("INN-2022-001", "plan"), "unchecked");
    db.run(&["check", "INN-2022-005", "deadline", "met"])
        .refused()
        .stderr_has(&["deadline", "--note"]);
    db.run(&[
        "check",
        "INN-2022-005",
        "deadline",
        "met",
        "--note",
        "Postlagt i tide",
    ])
    .ok();
    let check = &db.show("INN-2022-005")["checks"]["deadline"];
    assert_eq!(check["verdict"], "met");
    assert_eq!(check["source"], "override");
    assert_eq!(check["automatic"], "not-met");
    let unknown = db.run(&["check", "INN-2022-005", "budget", "met"]);
    assert_eq!(unknown.code, 2, "an unknown check is a usage error");
    assert!(unknown.stderr.contains("budget") && unknown.stderr.contains("deadline"));
}

#[test]
fn rejection_needs_no_checks_and_releases_the_allocation() {
    let db = TestDb::with_applications();
    db.run(&["allocate", "INN-2022-004", "egeninitiert", "100 000"])
        .ok();
    db.run(&[
        "propose",
        "INN-2022-004",
        "reject",
        "--reason",
        "Mangler kompetansemiljø",
    ])
    .ok();
    let (_, allocated, _) = db.pot("innlandet-2022", "egeninitiert");
    assert_eq!(allocated, "0");
    db.run_as("ola", &["approve", "INN-2022-004"]).ok();
    assert_eq!(db.show("INN-2022-004")["decision"]["outcome"], "reject");
}

#[test]
fn a_declared_conflict_bars_the_person_and_shows_who_stepped_in() {
    let db = TestDb::with_applications();
    db.run(&[
        "conflict",
        "INN-2022-010",
        "--reason",
        "Søsteren min leder prosjektet",
    ])
    .ok();
    db.run(&["allocate", "INN-2022-010", "egeninitiert", "1000"])
        .refused()
        .stderr_has(&["kari", "inhabil"]);
    db.run(&["conflict", "INN-2022-010", "--reason", "igjen"])
        .refused()
        .stderr_has(&["allerede"]);
    db.run_as("ola", &["allocate", "INN-2022-010", "egeninitiert", "1000"])
        .ok();
    let shown = db.show("INN-2022-010");
    assert_eq!(shown["conflicts"][0]["person"], "kari");
    let last = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["by"], "ola");
}

#[test]
fn unknown_cases_get_suggestions_and_english_works() {
    let db = TestDb::with_applications();
    db.run(&["show", "INN-2022-01"]).refused().stderr_has(&[
        "INN-2022-01",
        "Mente du",
        "INN-2022-011",
    ]);
    db.run(&["--lang", "en", "show", "INN-2022-01"])
        .refused()
        .stderr_has(&["There is no case", "Did you mean"]);
    db.run(&["--lang", "en", "list"])
        .ok()
        .stdout_has(&["Reference", "received"]);
    db.run(&["status", "--round", "nordland-2019"])
        .refused()
        .stderr_has(&["nordland-2019", "innlandet-2022"]);
    let run = db
        .command("kari")
        .args(["list"])
        .env("TILSKUDD_LANG", "en")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&run.stdout).contains("Requested"));
}

#[test]
fn json_shapes_follow_the_contract() {
    let db = TestDb::with_applications();
    let status = db.status("innlandet-2022");
    assert_eq!(status["round"], "innlandet-2022");
    for key in [
        "id",
        "name",
        "total",
        "allocated",
        "remaining",
        "granted",
        "provisional",
    ] {
        assert!(status["pots"][0].get(key).is_some(), "pot lacks {key}");
    }
    assert_eq!(status["cases"]["received"], 13);
    let all = db.run(&["status", "--json"]).ok().json();
    assert_eq!(all["rounds"].as_array().unwrap().len(), 3);
    let list = db
        .run(&["list", "--round", "trondelag-2019", "--json"])
        .ok()
        .json();
    let cases = list["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for key in [
        "reference",
        "round",
        "network",
        "title",
        "state",
        "requested",
        "allocated",
    ] {
        assert!(cases[0].get(key).is_some(), "list lacks {key}");
    }
    let received = db
        .run(&["list", "--state", "received", "--json"])
        .ok()
        .json();
    assert_eq!(received["cases"].as_array().unwrap().len(), 20);
    let shown = db.show("INN-2022-003");
    for key in [
        "reference",
        "round",
        "network",
        "title",
        "state",
        "requests",
        "checks",
        "allocations",
        "proposal",
        "decision",
        "history",
    ] {
        assert!(shown.get(key).is_some(), "show lacks {key}");
    }
    assert_eq!(shown["requests"][0]["amount"], "650000");
    assert_eq!(shown["checks"].as_object().unwrap().len(), 10);
    assert!(shown["proposal"].is_null());
}

#[test]
fn help_completions_and_man_page() {
    let db = TestDb::new();
    db.run(&["--help"])
        .ok()
        .stdout_has(&["Kommandoer", "lookup", "Behandle søknader"]);
    db.run(&["--lang", "en", "--help"])
        .ok()
        .stdout_has(&["Review and decide"]);
    db.run(&["allocate", "--help"])
        .ok()
        .stdout_has(&["Sett beløpet"]);
    db.run(&["completions", "bash"])
        .ok()
        .stdout_has(&["tilskudd"]);
    db.run(&["man"]).ok().stdout_has(&[".TH"]);
    let usage = db.run(&["allocate", "X"]);
    assert_eq!(usage.code, 2);
}

/// A standing tie with a municipality bars the adviser from every case it takes part
/// in, until withdrawn; both are in the log, and a colleague is not barred.
#[test]
fn a_standing_tie_bars_every_case_of_the_municipality_until_withdrawn() {
    let db = TestDb::with_applications();
    // 3411 leads one case and takes part in another, in this round and another year's.
    let file = db.file(
        "ringsaker.json",
        crate::util::batch(&[
            crate::util::application(
                "INN-2022-TIE1",
                &serde_json::json!({"lead_municipality": "3411", "municipalities": ["3411", "3403"]}),
            ),
            crate::util::application("INN-2022-TIE2", &serde_json::json!({})),
        ]),
    );
    db.run(&["import", "applications", &file]).ok();
    let lead = "3411".to_string();
    let tied_cases = ["INN-2022-TIE1".to_string(), "INN-2022-TIE2".to_string()];
    db.run(&["conflict", "--municipality", "9999", "--reason", "x"])
        .refused()
        .stderr_has(&["9999", "registeret"]);
    // Without a reason: a usage error, nothing declared.
    assert_eq!(db.run(&["conflict", "--municipality", &lead]).code, 2);
    db.run(&[
        "conflict",
        "--municipality",
        &lead,
        "--reason",
        "Ektefellen min er barnevernleder der",
    ])
    .ok();
    for case in &tied_cases {
        db.run(&["allocate", case, "egeninitiert", "1000"])
            .refused()
            .stderr_has(&["kari", &lead, case]);
        db.run(&["propose", case, "reject", "--reason", "x"])
            .refused()
            .stderr_has(&["--withdraw"]);
    }
    db.run_as("ola", &["allocate", &tied_cases[0], "egeninitiert", "1000"])
        .ok();
    db.run(&["conflict", "--list"])
        .ok()
        .stdout_has(&["kari", &lead, "Ektefellen"]);
    let ties = db.run(&["conflict", "--list", "--json"]).ok().json();
    assert_eq!(ties["ties"][0]["person"], "kari");
    db.run(&["conflict", "--withdraw", "--municipality", &lead])
        .ok();
    db.run(&["conflict", "--withdraw", "--municipality", &lead])
        .refused()
        .stderr_has(&[&lead]);
    db.run(&["allocate", &tied_cases[1], "egeninitiert", "1000"])
        .ok();
    db.run(&["audit", "--verify"]).ok();
    db.run(&["audit"])
        .ok()
        .stdout_has(&["inhabil for alle saker med kommune", "trakk tilbake"]);
}

/// An application to both pots is judged for purpose per pot: a pot it does not fit is
/// closed, the other stays open for a partial grant, and the letter says which pot the
/// criterion failed for.
#[test]
fn purpose_is_judged_per_pot_and_closes_only_that_pot() {
    let db = TestDb::with_applications();
    let case = "INN-2022-003";
    check_all(&db, case);
    db.run(&["check", case, "plan", "met", "--pot", "fosterhjem"])
        .refused()
        .stderr_has(&["plan", "per pott", "--pot"]);
    db.run(&["check", case, "purpose", "met", "--pot", "annet"])
        .refused()
        .stderr_has(&[case, "«annet»", "fosterhjem, egeninitiert"]);
    db.run(&[
        "check",
        case,
        "purpose",
        "not-met",
        "--pot",
        "Egeninitiert",
        "--note",
        "Ikke tjenesteutvikling",
    ])
    .ok();
    let purpose = &db.show(case)["checks"]["purpose"];
    assert_eq!(purpose["verdict"], "met", "{purpose}");
    assert_eq!(purpose["pots"]["egeninitiert"]["verdict"], "not-met");
    assert_eq!(purpose["pots"]["egeninitiert"]["own"], true);
    assert_eq!(
        purpose["pots"]["egeninitiert"]["note"],
        "Ikke tjenesteutvikling"
    );
    assert_eq!(purpose["pots"]["fosterhjem"]["verdict"], "met");
    assert_eq!(purpose["pots"]["fosterhjem"]["own"], false);
    db.run(&["show", case]).ok().stdout_has(&[
        "· egeninitiert: ✗ ikke oppfylt",
        "· fosterhjem: ✓ oppfylt (som for hele søknaden)",
    ]);

    // Taken back with undo, and recorded again.
    db.run(&["undo", case]).ok();
    assert!(db.show(case)["checks"]["purpose"]["pots"]["egeninitiert"]["own"] == false);
    db.run(&["check", case, "purpose", "not-met", "--pot", "egeninitiert"])
        .ok();

    db.run(&["allocate", case, "egeninitiert", "200000"]).ok();
    db.run(&["allocate", case, "fosterhjem", "650000"]).ok();
    db.run(&["propose", case, "approve", "--reason", "Godt prosjekt"])
        .refused()
        .stderr_has(&[
            "bare innvilges delvis",
            "purpose",
            "ingenting fra «egeninitiert»",
        ]);
    db.run(&["allocate", case, "egeninitiert", "0"]).ok();
    db.run(&["propose", case, "partial", "--reason", "Bare fosterhjem"])
        .ok();
    db.run_as("ola", &["approve", case]).ok();
    let out = db.dir.path().join("letters");
    let out_s = out.to_str().unwrap();
    db.run(&["letters", "--round", "innlandet-2022", "--out", out_s])
        .ok();
    let letter = std::fs::read_to_string(out.join(format!("{case}.md"))).unwrap();
    assert!(letter.contains("(gjelder «"), "{letter}");
    db.run(&["audit", "--verify"]).ok();
}

/// The line `list` shows of a case (its checks among it) follows what the checks read:
/// a network that loses a member changes the line of every case naming it, at once,
/// and `audit --verify` holds the stored lines to their cases.
#[test]
fn list_lines_follow_the_registry_their_checks_read() {
    let db = TestDb::with_applications();
    let line = |reference: &str| {
        let listed = db
            .run(&["list", "--round", "innlandet-2022", "--json"])
            .ok()
            .json();
        listed["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["reference"] == reference)
            .cloned()
            .unwrap()
    };
    let members_verdict =
        |reference: &str| db.show(reference)["checks"]["members"]["verdict"].clone();
    assert_eq!(members_verdict("INN-2022-001"), "met");
    let before = line("INN-2022-001");
    // 3411 (Løten) takes part in INN-2022-001; the network no longer has it as a member.
    let registry = std::fs::read_to_string(crate::util::fixture("registry.toml")).unwrap();
    let changed = registry.replace(
        r#"members = ["3403", "3411", "3412", "3413", "3420", "3422"]"#,
        r#"members = ["3403", "3412", "3413", "3420", "3422"]"#,
    );
    assert_ne!(
        changed, registry,
        "the fixture names the members as expected"
    );
    let path = db.dir.path().join("registry.toml");
    std::fs::write(&path, changed).unwrap();
    db.run(&[
        "import",
        "registry",
        crate::util::fixture("kommuner-2020.csv").to_str().unwrap(),
        path.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(members_verdict("INN-2022-001"), "not-met");
    let after = line("INN-2022-001");
    assert_eq!(
        after["checks"]["met"].as_u64().unwrap() + 1,
        before["checks"]["met"].as_u64().unwrap(),
        "{before} → {after}"
    );
    assert_eq!(
        after["checks"]["not-met"].as_u64().unwrap(),
        before["checks"]["not-met"].as_u64().unwrap() + 1
    );
    // A case not naming the network keeps its line.
    assert_eq!(line("INN-2022-002")["checks"], before_other(&db));
    db.run(&["audit", "--verify"]).ok();
}

/// INN-2022-002's checks as `show` counts them.
fn before_other(db: &TestDb) -> serde_json::Value {
    let shown = db.show("INN-2022-002");
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    for (_, check) in shown["checks"].as_object().unwrap() {
        let key = match check["verdict"].as_str().unwrap() {
            "met" => "met",
            "not-met" => "not-met",
            "na" => "na",
            _ => "unchecked",
        };
        *counts.entry(key.to_string()).or_default() += 1;
    }
    serde_json::json!({
        "met": counts.get("met").copied().unwrap_or(0),
        "not-met": counts.get("not-met").copied().unwrap_or(0),
        "na": counts.get("na").copied().unwrap_or(0),
        "unchecked": counts.get("unchecked").copied().unwrap_or(0),
    })
}

/// `show` lists a long history's latest events and says how many came before; the
/// proposal's number is the same whether the history is read whole or not.
#[test]
fn show_lists_the_latest_events_of_a_long_history() {
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    check_all(&db, case);
    db.run(&["allocate", case, "egeninitiert", "450000"]).ok();
    db.run(&["propose", case, "approve", "--reason", "God plan"])
        .ok();
    // Sixty changes after the proposal that leave it standing.
    for n in 0..60 {
        db.run(&["archive-ref", case, &format!("2021/{n}")]).ok();
    }
    let json = db.show(case);
    let all = json["history"].as_array().unwrap().len();
    let proposal = json["proposal"]["seq"].as_u64().unwrap();
    assert!(all > 60, "{all}");
    let earlier = all - 50;
    let text = db.run(&["show", case]).ok().stdout_has(&[
        &format!("{earlier} tidligere hendelser"),
        &format!("#{proposal}"),
    ]);
    // The latest 50: the archive references from 2021/10 on.
    assert_eq!(
        text.stdout.matches("vår referanse:").count(),
        50,
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("2021/9 → 2021/10\n"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("→ 2021/9\n"), "{}", text.stdout);
}

/// A reason or note that holds an escape (which would steer the terminal of whoever
/// reads the history) is refused with the character named, and nothing changes; one of
/// several lines is kept as written.
#[test]
fn a_reason_with_an_escape_is_refused_and_lines_are_kept() {
    let db = TestDb::with_applications();
    let case = "INN-2022-003";
    let before = db.show(case);
    db.run(&["propose", case, "reject", "--reason", "Nei\u{1b}[2J takk"])
        .refused()
        .stderr_has(&["U+001B", "Ingenting ble lagret"]);
    db.run(&["check", case, "anchoring", "met", "--note", "ok\u{7}"])
        .refused()
        .stderr_has(&["U+0007"]);
    // Nor may the name one acts under on a local file hold one.
    db.run_as(
        "Mallory\u{1b}]0;x\u{7}",
        &["propose", case, "reject", "--reason", "Nei"],
    )
    .refused()
    .stderr_has(&["TILSKUDD_USER", "U+001B"]);
    assert_eq!(db.show(case), before);
    db.run(&["propose", case, "reject", "--reason", "Nei.\nSe vedlegg."])
        .ok();
    assert_eq!(db.show(case)["proposal"]["reason"], "Nei.\nSe vedlegg.");
}
