//! After the decision: payment, report, claim, repayment, extension and closing, by the
//! real binary, with every wrong step refused and nothing changed by a refusal.

use crate::util::{TestDb, approve_by_kari_and_ola};

/// A decided grant of 450 000 kr from one pot (INN-2022-001 in the fixtures).
fn granted() -> (TestDb, &'static str) {
    let db = TestDb::with_applications();
    let case = "INN-2022-001";
    approve_by_kari_and_ola(&db, case);
    (db, case)
}

#[test]
fn the_whole_life_of_a_grant() {
    let (db, case) = granted();
    // Not before the letter went out.
    db.run_as("ola", &["pay", case])
        .refused()
        .stderr_has(&[case, "vedtatt", "brev sendt"]);
    // The letter is written (nothing recorded), then recorded as sent.
    let out = db.dir.path().join("brev");
    db.run(&[
        "letters",
        "--round",
        "innlandet-2022",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    assert!(out.join(format!("{case}.md")).exists());
    db.run_as("ola", &["sent", "--round", "innlandet-2022", case])
        .ok();
    // Two instalments; never more than granted.
    db.run_as("ola", &["pay", case, "--amount", "200 000"])
        .ok()
        .stdout_has(&["utbetalt 200 000 kr"]);
    db.run_as("ola", &["pay", case, "--amount", "300 000"])
        .refused()
        .stderr_has(&["300 000 kr", "250 000 kr"]);
    db.run_as("ola", &["pay", case, "--date", "2099-01-01"])
        .refused()
        .stderr_has(&["fram i tid"]);
    db.run_as("ola", &["pay", case])
        .ok()
        .stdout_has(&["betalt"]);
    assert_eq!(db.show(case)["state"], "paid");
    // The report with money left, the claim by default of what is unspent.
    db.run(&[
        "report",
        case,
        "--spent",
        "380 000",
        "--note",
        "Færre samlinger",
    ])
    .ok();
    assert_eq!(db.show(case)["state"], "reported");
    db.run_as("ola", &["close", case])
        .refused()
        .stderr_has(&[case, "70 000 kr", "tilskudd claim"]);
    db.run_as("ola", &["claim", case, "--reason", "Ubrukte midler"])
        .ok()
        .stdout_has(&["70 000 kr"]);
    let due = db.run(&["due", "--json"]).ok().json();
    let repayment = due["due"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["reference"] == case && d["what"] == "repayment")
        .expect("the claim is due");
    assert_eq!(repayment["overdue"], false);
    db.run_as("ola", &["close", case])
        .refused()
        .stderr_has(&["70 000 kr", "tilskudd repaid"]);
    db.run_as("ola", &["repaid", case, "--amount", "80 000"])
        .refused();
    db.run_as("ola", &["repaid", case, "--amount", "70 000"])
        .ok();
    db.run_as("ola", &["close", case]).ok();
    let shown = db.show(case);
    assert_eq!(shown["state"], "closed");
    assert_eq!(shown["payments"].as_array().unwrap().len(), 2);
    assert_eq!(shown["payments"][0]["amount"], "200000");
    assert_eq!(shown["report"]["spent"], "380000");
    assert_eq!(shown["claims"][0]["amount"], "70000");
    assert_eq!(shown["repaid"], "70000");
    let pot = &db.status("innlandet-2022")["pots"][0];
    assert_eq!(pot["paid"], "450000");
    assert_eq!(pot["spent"], "380000");
    assert_eq!(pot["claimed"], "70000");
    assert_eq!(pot["repaid"], "70000");
    // Repaid money is shown, not put back: the pot's granted and remaining stand.
    assert_eq!(pot["granted"], "450000");
    // A case whose money has moved is not reopened.
    db.run_as("ola", &["reopen", case, "--reason", "Feil"])
        .refused()
        .stderr_has(&["tilskudd claim"]);
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn extensions_and_roles() {
    let (db, case) = granted();
    db.run_as(
        "ola",
        &[
            "extend",
            case,
            "--until",
            "2023-06-30",
            "--reason",
            "Sen oppstart",
        ],
    )
    .ok();
    let shown = db.show(case);
    assert_eq!(shown["use_by"], "2023-06-30");
    // Not before the round's own date, nor past ten years, nor the same again.
    let extend = |until: &str| {
        db.run_as(
            "ola",
            &["extend", case, "--until", until, "--reason", "Igjen"],
        )
    };
    extend("2022-06-30").refused().stderr_has(&["30.06.2023"]);
    extend("9999-12-31").refused();
    extend("2023-06-30").refused();
    // A mistaken extension is corrected by another.
    extend("2023-03-31").ok();
    assert_eq!(db.show(case)["use_by"], "2023-03-31");
    db.run(&["due", "--days", "4294967295"]).ok();
    // Follow-up steps on a case not granted are refused, saying where the case is.
    db.run_as("ola", &["pay", "INN-2022-003"])
        .refused()
        .stderr_has(&["INN-2022-003", "mottatt"]);
    db.run(&["due", "--round", "nordland-2019"])
        .refused()
        .stderr_has(&["nordland-2019"]);
    db.run(&["due", "--json"]).ok();
    db.run(&["audit", "--verify"]).ok();
}

/// The claim is a decision with its own letter in the municipality's form, after a
/// prior notice; an overdue report gets a reminder. Each kind has its own file name.
#[test]
fn notice_claim_and_reminder_letters() {
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    db.run_as("ola", &["sent", "--round", "hordaland-2018"])
        .ok();
    db.run_as("ola", &["pay", "HOR-2018-001"]).ok();
    db.run(&["report", "HOR-2018-001", "--spent", "300 000"])
        .ok();
    let out = db.dir.path().join("brev");
    let out_s = out.to_str().unwrap();
    db.run(&[
        "letters",
        "--round",
        "hordaland-2018",
        "--out",
        out_s,
        "--kind",
        "notice",
    ])
    .ok();
    let notice = std::fs::read_to_string(out.join("HOR-2018-001-varsel.md")).unwrap();
    assert!(
        notice.contains("Varsel om krav om tilbakebetaling av tilskot"),
        "{notice}"
    );
    assert!(notice.contains("forvaltningslova § 16"), "{notice}");
    db.run_as(
        "ola",
        &["claim", "HOR-2018-001", "--reason", "Ubrukte midlar"],
    )
    .ok();
    db.run(&[
        "letters",
        "--round",
        "hordaland-2018",
        "--out",
        out_s,
        "--kind",
        "claim",
    ])
    .ok();
    let claim = std::fs::read_to_string(out.join("HOR-2018-001-krav.md")).unwrap();
    for fact in [
        "Vedtak om tilbakebetaling av tilskot",
        "Vi krev tilbakebetalt 100 000 kr.",
        "Ubrukte midlar",
        "Klagerett",
        "løyvingsreglementet § 10",
        "Ola Berg",
    ] {
        assert!(claim.contains(fact), "{fact}:\n{claim}");
    }
    // HOR-2018-002: funds to be used by 2019, no report: the reminder.
    db.run(&[
        "letters",
        "--round",
        "hordaland-2018",
        "--out",
        out_s,
        "--kind",
        "reminder",
    ])
    .ok();
    let reminder = std::fs::read_to_string(out.join("HOR-2018-002-purring.md")).unwrap();
    assert!(
        reminder.contains("Påminning om sluttrapport og rekneskap"),
        "{reminder}"
    );
    assert!(!out.join("HOR-2018-001-purring.md").exists());
}

/// From a red team: the county's debt to the recipient and a standing tie are not
/// forgotten; a settled claim gets no letter; a tied adviser may still declare a
/// conflict in a case.
#[test]
fn what_a_hostile_colleague_found() {
    let (db, case) = granted();
    db.run(&[
        "conflict",
        "--municipality",
        "3403",
        "--reason",
        "Ektefelle",
    ])
    .ok();
    db.run(&["sent", "--round", "innlandet-2022", case])
        .refused()
        .stderr_has(&["3403", case]);
    db.run(&["conflict", case, "--reason", "Ektefelle i kommunen"])
        .ok();
    db.run_as("ola", &["sent", "--round", "innlandet-2022", case])
        .ok();
    db.run_as("ola", &["pay", case, "--amount", "100 000"]).ok();
    db.run_as("per", &["report", case, "--spent", "400 000"])
        .ok();
    // 300 000 kr spent and not paid: owed to the recipient, so not closed.
    db.run_as("ola", &["close", case])
        .refused()
        .stderr_has(&["300 000 kr", "tilskudd pay"]);
    db.run_as("ola", &["pay", case]).ok();
    db.run_as("ola", &["claim", case, "--reason", "Ubrukt"])
        .ok();
    db.run_as("ola", &["repaid", case, "--amount", "50 000"])
        .ok();
    let out = db.dir.path().join("krav");
    db.run(&[
        "letters",
        "--round",
        "innlandet-2022",
        "--out",
        out.to_str().unwrap(),
        "--kind",
        "claim",
    ])
    .ok()
    .stdout_has(&["0 brev"]);
    db.run(&["audit", "--verify"]).ok();
}
