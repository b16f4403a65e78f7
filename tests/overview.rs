//! The round seen whole: the overview, priority flags, themes, histories and the annual
//! report, through the real binary.

use crate::util::{TestDb, application, approve_by_kari_and_ola, batch};

fn money(value: &serde_json::Value) -> rust_decimal::Decimal {
    value
        .as_str()
        .map_or(rust_decimal::Decimal::ZERO, |s| s.parse().unwrap())
}

/// Two grants from two networks, one from each pot.
fn two_grants() -> TestDb {
    let db = TestDb::with_applications();
    approve_by_kari_and_ola(&db, "INN-2022-001");
    let case = "INN-2022-003";
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run(&["check", case, check, "met"]).ok();
    }
    db.run(&["allocate", case, "fosterhjem", "650000"]).ok();
    db.run(&["allocate", case, "egeninitiert", "200000"]).ok();
    db.run(&["propose", case, "approve", "--reason", "God plan"])
        .ok();
    db.run_as("ola", &["approve", case]).ok();
    db
}

#[test]
fn the_overview_adds_up_to_the_pots_and_shows_who_is_left_out() {
    let db = two_grants();
    // A municipality of the county that belongs to no network.
    let extra = db.file(
        "ny.csv",
        "number,name,county,former_names\n3499,Nyby,Innlandet,\n",
    );
    db.run(&["import", "registry", &extra]).ok();
    db.run(&["priority", "3499", "--note", "Trenger løft"]).ok();
    let overview = db
        .run(&["overview", "--round", "innlandet-2022", "--json"])
        .ok()
        .json();
    for pot in overview["pots"].as_array().unwrap() {
        let id = pot["id"].as_str().unwrap();
        let by_networks: rust_decimal::Decimal = overview["networks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| money(&n["granted"][id]))
            .sum();
        assert_eq!(by_networks, money(&pot["granted"]), "pot {id}: {overview}");
        assert!(
            money(&pot["granted"]) > rust_decimal::Decimal::ZERO,
            "both pots granted"
        );
        let shares: f64 = overview["networks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["share"][id].as_f64().unwrap())
            .sum();
        assert!((shares - 1.0).abs() < 0.002, "shares of {id}: {shares}");
    }
    let municipalities = overview["municipalities"].as_array().unwrap();
    // Flagged and not reached come first; Nyby is one of them, in no network.
    let first_group = municipalities
        .iter()
        .take_while(|m| m["needs_quality_development"] == true && m["reached"] == false)
        .count();
    assert!(
        municipalities[first_group..]
            .iter()
            .all(|m| m["needs_quality_development"] == false || m["reached"] == true)
    );
    let nyby = municipalities[..first_group]
        .iter()
        .find(|m| m["number"] == "3499")
        .expect("Nyby among the flagged, not reached");
    assert_eq!(nyby["networks"], serde_json::json!([]));
    let hamar = municipalities
        .iter()
        .find(|m| m["number"] == "3403")
        .unwrap();
    assert_eq!(hamar["reached"], true);
    assert_eq!(hamar["projects"], serde_json::json!(["INN-2022-001"]));
    let sor = overview["networks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "innlandet-sor")
        .unwrap();
    assert_eq!(sor["requested"], "950000", "{sor}");
    assert_eq!(hamar["history"][0]["granted"], "450000");
    // Text, by municipality only: the flag and the word for not reached.
    db.run(&[
        "overview",
        "--round",
        "innlandet-2022",
        "--by",
        "municipality",
    ])
    .ok()
    .stdout_has(&["⚑", "3499 Nyby", "ikke nådd", "Prosjekter"]);
    db.run(&["overview", "--round", "innlandet-2022", "--by", "network"])
        .ok()
        .stdout_has(&["innlandet-sor", "Andel fosterhjem"]);
    db.run(&["overview", "--round", "nowhere"])
        .refused()
        .stderr_has(&["nowhere", "innlandet-2022"]);
    // Without --round, the newest round, in the same shape.
    let newest = db.run(&["overview", "--json"]).ok().json();
    assert!(newest["round"].is_string(), "{newest}");
    assert!(newest["networks"].is_array());
}

#[test]
fn a_priority_flag_is_set_listed_and_taken_off_as_events() {
    let db = TestDb::with_registry();
    db.run(&["priority", "9999"])
        .refused()
        .stderr_has(&["9999"]);
    db.run(&["priority", "3403", "--note", "Lite fagmiljø"])
        .ok()
        .stdout_has(&["3403", "særskilt oppmerksomhet", "Lite fagmiljø"]);
    db.run(&["priority", "3403", "--note", "Lite fagmiljø"])
        .ok()
        .stdout_has(&["Ingenting"]);
    let list = db.run(&["priority", "--list", "--json"]).ok().json();
    let hamar = list["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["municipality"] == "3403")
        .unwrap();
    assert_eq!(hamar["flag"]["note"], "Lite fagmiljø");
    assert_eq!(hamar["flag"]["by"], "kari");
    db.run(&["lookup", "hamar"]).ok().stdout_has(&["⚑"]);
    // A standing tie bars the flag too; a flag from the registry file stays.
    db.run(&[
        "conflict",
        "--municipality",
        "3411",
        "--reason",
        "Ektefelle",
    ])
    .ok();
    db.run(&["priority", "3411"])
        .refused()
        .stderr_has(&["kari", "3411", "inhabil"]);
    db.run(&["priority", "3425", "--clear"])
        .refused()
        .stderr_has(&["3425", "registerfilen"]);
    db.run(&["priority", "3403", "--clear"]).ok();
    db.run(&["priority", "3403", "--clear"])
        .refused()
        .stderr_has(&["3403", "ikke merket"]);
    db.run(&["audit", "--verify"]).ok();
    let events = db.run(&["audit", "--json"]).ok().json();
    let actions: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"priority-flagged") && actions.contains(&"priority-cleared"));
}

#[test]
fn themes_are_recorded_imported_and_counted_in_the_annual_report() {
    let db = two_grants();
    db.run(&["theme", "INN-2022-001", "Methods,", "leadership"])
        .ok()
        .stdout_has(&["methods, leadership"]);
    db.run(&["theme", "INN-2022-001", "fosterhjem"])
        .refused()
        .stderr_has(&["«fosterhjem»", "foster-home-recruitment"]);
    db.run(&["theme", "INN-2022-001"])
        .ok()
        .stdout_has(&["✓ methods", "Metoder og verktøy"]);
    assert_eq!(
        db.show("INN-2022-001")["themes"],
        serde_json::json!(["methods", "leadership"])
    );
    // Imported with applications: JSON as a list or text, CSV as a column.
    let json = batch(&[application(
        "INN-2022-090",
        &serde_json::json!({ "themes": ["minorities", "methods"] }),
    )]);
    let file = db.file("nye.json", json);
    db.run(&["import", "applications", &file]).ok();
    assert_eq!(
        db.show("INN-2022-090")["themes"],
        serde_json::json!(["methods", "minorities"])
    );
    let csv = db.file(
        "nye.csv",
        "reference,round,network,submitted,title,lead_municipality,municipalities,amount_egeninitiert,themes\n\
         INN-2022-092,innlandet-2022,innlandet-sor,2021-07-30T13:45:00+02:00,Tittel,3403,3403;3411,100000,\"cooperation; methods\"\n",
    );
    db.run(&["import", "applications", &csv]).ok();
    assert_eq!(
        db.show("INN-2022-092")["themes"],
        serde_json::json!(["methods", "cooperation"])
    );
    let bad = batch(&[application(
        "INN-2022-091",
        &serde_json::json!({ "themes": "methods, magic" }),
    )]);
    let file = db.file("feil.json", bad);
    db.run(&["import", "applications", &file])
        .refused()
        .stderr_has(&["feil.json", "INN-2022-091", "themes", "magic"]);

    let report = db
        .run(&["annual", "--year", "2022", "--format", "json"])
        .ok()
        .json();
    let rows = report["rows"].as_array().unwrap();
    let sum = |keep: &dyn Fn(&serde_json::Value) -> bool| -> rust_decimal::Decimal {
        rows.iter()
            .filter(|r| keep(r))
            .map(|r| money(&r["granted"]))
            .sum()
    };
    let total = money(&report["total"]["granted"]);
    assert_eq!(total, rust_decimal::Decimal::from(1_300_000));
    assert_eq!(sum(&|_| true), total, "the rows partition the money");
    assert_eq!(
        sum(&|r| r["pot"] == "fosterhjem"),
        rust_decimal::Decimal::from(650_000)
    );
    assert_eq!(
        sum(&|r| r["network"] == "innlandet-sor" && r["county"] == "Innlandet"),
        rust_decimal::Decimal::from(450_000)
    );
    assert!(rows.iter().all(|r| r["municipality"].is_string()));
    assert_eq!(report["themes"]["methods"], 1, "granted projects only");
    assert_eq!(report["themes"]["leadership"], 1);
    assert_eq!(
        report["themes"]["family-network-recruitment"], 0,
        "every theme is listed"
    );
    let csv = db.run(&["annual", "--year", "2022"]).ok().stdout;
    assert!(
        csv.starts_with("county,pot,network,municipality,municipality_name,applications"),
        "{csv}"
    );
    let out = db.dir.path().join("arsrapport.xlsx");
    db.run(&[
        "annual",
        "--year",
        "2022",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    db.run(&["annual", "--year", "1999"])
        .refused()
        .stderr_has(&["1999", "2022"]);
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn lookup_shows_round_by_round_history() {
    let db = two_grants();
    db.run(&["lookup", "hamar"]).ok().stdout_has(&[
        "Runde for runde",
        "2022 innlandet-2022: 1 søknad, søkt 450 000 kr, innvilget 450 000 kr",
    ]);
    let network = db.run(&["lookup", "innlandet-ost", "--json"]).ok().json();
    let history = &network["matches"][0]["history"];
    assert_eq!(history[0]["round"], "innlandet-2022", "{network}");
    assert_eq!(history[0]["granted"], "850000");
}

/// A flag an adviser sets shows on the cases its municipality takes part in, as in the
/// overview, and goes when it is taken off.
#[test]
fn a_flag_set_by_hand_shows_on_the_case() {
    let db = TestDb::with_applications();
    let flag_of = |number: &str| {
        db.show("INN-2022-001")["municipalities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["number"] == number)
            .unwrap()["needs_quality_development"]
            .clone()
    };
    assert_eq!(flag_of("3411"), false);
    db.run(&["priority", "3411", "--note", "Lite fagmiljø"])
        .ok();
    assert_eq!(flag_of("3411"), true);
    db.run(&["priority", "3411", "--clear"]).ok();
    assert_eq!(flag_of("3411"), false);
}
