//! Lookup: former names, folding, typos, suggestions, and e-mail only with consent.

use crate::util::TestDb;

#[test]
fn finds_by_former_name_folding_and_typos() {
    let db = TestDb::with_registry();
    db.run(&["lookup", "Radøy"])
        .ok()
        .stdout_has(&["Alver (4631)", "styringsgruppe", "Radøy"]);
    db.run(&["lookup", "radoy"])
        .ok()
        .stdout_has(&["Alver (4631)"]);
    db.run(&["lookup", "oygarden"])
        .ok()
        .stdout_has(&["Øygarden (4626)"]);
    db.run(&["lookup", "aasnes"])
        .ok()
        .stdout_has(&["Åsnes (3418)"]);
    db.run(&["lookup", "bergn"])
        .ok()
        .stdout_has(&["Bergen (4601)"]);
    db.run(&["lookup", "4622"])
        .ok()
        .stdout_has(&["Kvam (4622)"]);
    db.run(&["lookup", "bjørnafj"])
        .ok()
        .stdout_has(&["Bjørnafjorden (4624)"]);
    db.run(&["lookup", "Os"])
        .ok()
        .stdout_has(&["Os (3430)", "Bjørnafjorden (4624)"]);
    db.run(&["lookup", "nye", "alver"])
        .ok()
        .stdout_has(&["Alver (4631)"]);
    db.run(&["lookup", "namdal"])
        .ok()
        .stdout_has(&["Læringsnettverk Namdal (trondelag-namdal)", "Namsos (5007)"]);
}

#[test]
fn nothing_found_suggests_what_is_near() {
    let db = TestDb::with_registry();
    db.run(&["lookup", "Bergenxyz"])
        .refused()
        .stderr_has(&["Bergenxyz", "Mente du", "Bergen"]);
    db.run(&["--lang", "en", "lookup", "zzzzqqq"])
        .refused()
        .stderr_has(&["Nothing matches"]);
}

#[test]
fn email_only_with_consent() {
    let db = TestDb::with_registry();
    let shown = db.run(&["lookup", "hordaland", "--json"]).ok().json();
    let network = &shown["matches"][0];
    assert_eq!(network["kind"], "network");
    assert_eq!(network["id"], "hordaland");
    assert_eq!(network["members"][1]["number"], "4622");
    let people = network["people"].as_array().unwrap();
    let kari = people
        .iter()
        .find(|p| p["name"] == "Kari Nordmann")
        .unwrap();
    assert_eq!(kari["email"], "kari.nordmann@kvam.kommune.no");
    let per = people.iter().find(|p| p["name"] == "Per Hansen").unwrap();
    assert!(per.get("email").is_none(), "no consent, no e-mail: {per}");
    let text = db.run(&["lookup", "Per", "Hansen"]).ok();
    assert!(!text.stdout.contains("per.hansen@"), "{}", text.stdout);
    let person = db.run(&["lookup", "kari nordmann", "--json"]).ok().json();
    assert_eq!(person["matches"][0]["kind"], "person");
    assert_eq!(person["matches"][0]["municipality"], "4622");
    assert_eq!(person["matches"][0]["networks"][0], "hordaland");
    let municipality = db.run(&["lookup", "radøy", "--json"]).ok().json();
    let alver = &municipality["matches"][0];
    assert_eq!(alver["kind"], "municipality");
    assert_eq!(alver["number"], "4631");
    assert_eq!(alver["networks"][0], "hordaland");
    assert!(
        alver["former_names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "Radøy")
    );
}

#[test]
fn funding_history_appears_after_decisions() {
    let db = TestDb::with_applications();
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run(&["check", "HOR-2018-001", check, "met"]).ok();
    }
    db.run(&["allocate", "HOR-2018-001", "egeninitiert", "400000"])
        .ok();
    db.run(&[
        "propose",
        "HOR-2018-001",
        "approve",
        "--reason",
        "Godt forankra",
    ])
    .ok();
    // The 2018 round has no four-eyes rule: the proposer may approve.
    db.run(&["approve", "HOR-2018-001"]).ok();
    db.run(&["lookup", "radøy"]).ok().stdout_has(&[
        "Tilskudd til prosjekter kommunen er med i",
        "hordaland-2018 HOR-2018-001",
        "egeninitiert 400 000 kr",
        "Nettverkenes tilskudd i alt",
    ]);
    // The project Alver takes part in, and the network's sum apart from it.
    let alver = db.run(&["lookup", "radøy", "--json"]).ok().json();
    assert_eq!(
        alver["matches"][0]["grants"][0]["reference"],
        "HOR-2018-001"
    );
    assert_eq!(
        alver["matches"][0]["network_grants"][0]["amounts"]["egeninitiert"],
        "400000"
    );
    let json = db.run(&["lookup", "hordaland", "--json"]).ok().json();
    assert_eq!(
        json["matches"][0]["grants"][0]["amounts"]["egeninitiert"],
        "400000"
    );
}
