//! Imports: all or nothing, identical data a no-op, and every bad input named precisely.

use serde_json::json;

use crate::util::{TestDb, application, batch, fixture};

#[test]
fn fixtures_import_and_reimport_is_a_no_op() {
    let db = TestDb::with_applications();
    assert_eq!(db.case_count(), 20);
    let (total, allocated, remaining) = db.pot("innlandet-2022", "egeninitiert");
    assert_eq!(
        (total.as_str(), allocated.as_str(), remaining.as_str()),
        ("1100000", "0", "1100000")
    );
    let (total, ..) = db.pot("trondelag-2019", "fosterhjem");
    assert_eq!(total, "3000000");
    let before = db.show("INN-2022-001")["history"].as_array().unwrap().len();
    db.run(&[
        "import",
        "applications",
        fixture("applications.json").to_str().unwrap(),
    ])
    .ok()
    .stdout_has(&["0 nye", "20 fantes fra før uendret"]);
    db.run(&[
        "import",
        "registry",
        fixture("registry.toml").to_str().unwrap(),
    ])
    .ok()
    .stdout_has(&["0 nye, 0 endret"]);
    let after = db.show("INN-2022-001")["history"].as_array().unwrap().len();
    assert_eq!(before, after, "identical re-import records no event");
}

#[test]
fn a_changed_application_is_refused_without_replace() {
    let db = TestDb::with_registry();
    let first = db.file("a.json", batch(&[application("X-1", &json!({}))]));
    db.run(&["import", "applications", &first]).ok();
    let changed = db.file(
        "b.json",
        batch(&[application("X-1", &json!({"title": "Nytt navn"}))]),
    );
    db.run(&["import", "applications", &changed])
        .refused()
        .stderr_has(&["b.json", "X-1", "--replace"]);
    assert_eq!(db.show("X-1")["title"], "Felles basisopplæring");
    db.run(&["import", "applications", "--replace", &changed])
        .ok()
        .stdout_has(&["1 endret"]);
    let shown = db.show("X-1");
    assert_eq!(shown["title"], "Nytt navn");
    assert!(
        shown["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "imported" && e["replaced"] == true)
    );
}

/// Each bad input: exit 1, a message naming file, application and field, nothing stored.
#[test]
#[allow(clippy::too_many_lines)] // one row per bad input reads best as a table
fn bad_applications_are_refused_whole_with_file_item_and_field() {
    let db = TestDb::with_registry();
    let good = application("OK-1", &json!({}));
    let cases: Vec<(&str, serde_json::Value, &[&str])> = vec![
        (
            "unknown-round",
            application("B-1", &json!({"round": "nordland-2019"})),
            &["B-1", "round", "nordland-2019", "innlandet-2022"],
        ),
        (
            "unknown-network",
            application("B-2", &json!({"network": "finnmark"})),
            &["B-2", "network", "finnmark"],
        ),
        (
            "unknown-municipality",
            application("B-3", &json!({"municipalities": ["3403", "9999"]})),
            &["B-3", "municipalities[1]", "9999"],
        ),
        (
            "bad-municipality-number",
            application("B-4", &json!({"lead_municipality": "34x3"})),
            &["B-4", "lead_municipality", "34x3"],
        ),
        (
            "unknown-pot",
            application(
                "B-5",
                &json!({"requests": [{"pot": "kultur", "amount": "1"}]}),
            ),
            &[
                "B-5",
                "requests[0].pot",
                "kultur",
                "egeninitiert, fosterhjem",
            ],
        ),
        (
            "invalid-date",
            application("B-6", &json!({"submitted": "2021-13-45"})),
            &["B-6", "submitted", "2021-13-45"],
        ),
        (
            "invalid-period",
            application(
                "B-7",
                &json!({"period": {"start": "2021-09-01", "end": "31.02.2022"}}),
            ),
            &["B-7", "period.end"],
        ),
        (
            "negative",
            application(
                "B-8",
                &json!({"requests": [{"pot": "egeninitiert", "amount": "-5"}]}),
            ),
            &["B-8", "requests[0].amount", "negative"],
        ),
        (
            "sub-ore",
            application(
                "B-9",
                &json!({"requests": [{"pot": "egeninitiert", "amount": "450 000,505"}]}),
            ),
            &["B-9", "requests[0].amount", "desimaler"],
        ),
        (
            "overflow",
            application(
                "B-10",
                &json!({"requests": [{"pot": "egeninitiert", "amount": "99999999999999999999999999999"}]}),
            ),
            &["B-10", "requests[0].amount", "større"],
        ),
        (
            "wordy",
            application(
                "B-11",
                &json!({"requests": [{"pot": "egeninitiert", "amount": "fire hundre tusen"}]}),
            ),
            &["B-11", "requests[0].amount", "fire"],
        ),
        (
            "ambiguous",
            application(
                "B-12",
                &json!({"requests": [{"pot": "egeninitiert", "amount": "12,345"}]}),
            ),
            &["B-12", "12,345", "12345"],
        ),
        (
            "missing-title",
            application("B-13", &json!({"title": null})),
            &["B-13", "title", "mangler"],
        ),
        (
            "unknown-field",
            application("B-14", &json!({"competence_parter": "HINN"})),
            &["B-14", "competence_parter"],
        ),
        (
            "wrong-type",
            application("B-15", &json!({"municipalities": "3403"})),
            &["B-15", "municipalities", "liste"],
        ),
    ];
    for (name, bad, expected) in cases {
        let path = db.file(&format!("{name}.json"), batch(&[good.clone(), bad]));
        let mut parts = vec![format!("{name}.json")];
        parts.extend(expected.iter().map(|s| (*s).to_string()));
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        db.run(&["import", "applications", &path])
            .refused()
            .stderr_has(&parts)
            .stderr_has(&["Ingenting ble importert"]);
        assert_eq!(db.case_count(), 0, "{name}: nothing stored");
    }
}

#[test]
fn syntax_errors_duplicates_and_non_utf8_store_nothing() {
    let db = TestDb::with_registry();
    let broken = db.file(
        "broken.json",
        "{\"applications\": [ {\"reference\": \"A\", }",
    );
    // The reader's rule in the user's words, not the parser's English.
    db.run(&["import", "applications", &broken])
        .refused()
        .stderr_has(&["broken.json", "linje 1", "nøkkel skal være tekst"])
        .stderr_lacks(&["expected", "at line"]);
    let tabbed = db.file("tabbed.json", "[{\"reference\": \"A\tB\"}]");
    db.run(&["--lang", "nn", "import", "applications", &tabbed])
        .refused()
        .stderr_has(&["tabbed.json", "linje 1", "kontrollteikn"]);
    let not_a_workbook = db.file("sheet.xlsx", "reference,round\n");
    db.run(&["import", "applications", &not_a_workbook])
        .refused()
        .stderr_has(&["sheet.xlsx", "ikke en Excel-arbeidsbok"])
        .stderr_lacks(&["ukjent format"]);
    let dup = db.file(
        "dup.json",
        batch(&[
            application("D-1", &json!({})),
            application("D-1", &json!({})),
        ]),
    );
    db.run(&["import", "applications", &dup])
        .refused()
        .stderr_has(&["dup.json", "D-1", "to ganger"]);
    let mut latin1 = batch(&[application("L-1", &json!({"title": "XX"}))]).into_bytes();
    let at = latin1.windows(2).position(|w| w == b"XX").unwrap();
    latin1[at] = 0xE6; // 'æ' in Latin-1
    let latin1 = db.file("latin1.json", latin1);
    db.run(&["import", "applications", &latin1])
        .refused()
        .stderr_has(&["latin1.json", "UTF-8"]);
    let empty = db.file("empty.json", "");
    db.run(&["import", "applications", &empty])
        .refused()
        .stderr_has(&["empty.json"]);
    assert_eq!(db.case_count(), 0);
}

#[test]
fn several_files_are_one_transaction() {
    let db = TestDb::with_registry();
    let good = db.file(
        "good.json",
        batch(&[
            application("G-1", &json!({})),
            application("G-2", &json!({})),
        ]),
    );
    let bad = db.file(
        "bad.json",
        batch(&[application("G-3", &json!({"network": "nowhere"}))]),
    );
    db.run(&["import", "applications", &good, &bad])
        .refused()
        .stderr_has(&["bad.json", "G-3", "nowhere"]);
    assert_eq!(db.case_count(), 0);
    let clash = db.file("clash.json", batch(&[application("G-1", &json!({}))]));
    db.run(&["import", "applications", &good, &clash])
        .refused()
        .stderr_has(&["clash.json", "G-1", "to ganger"]);
    db.run(&["import", "applications", &good])
        .ok()
        .stdout_has(&["2 nye"]);
}

#[test]
fn registry_and_round_errors_are_located() {
    let db = TestDb::new();
    let csv = db.file(
        "k.csv",
        "number,name,county,former_names\n4622,Kvam,Vestland,\n46x1,Bergen,Vestland,\n",
    );
    db.run(&["import", "registry", &csv])
        .refused()
        .stderr_has(&["k.csv", "Bergen", "number", "46x1"]);
    // A name with an escape sequence is refused, as in the TOML, and placed by its row.
    let escape = db.file(
        "e.csv",
        "number,name,county,former_names\n4624,\"Bj\u{1b}]0;x\u{7}\",Vestland,Os\n",
    );
    db.run(&["import", "registry", &escape])
        .refused()
        .stderr_has(&["e.csv", "#1", "name", "kontrolltegn"]);
    let header = db.file("h.csv", "nr,navn\n4622,Kvam\n");
    db.run(&["import", "registry", &header])
        .refused()
        .stderr_has(&["h.csv", "number,name,county,former_names"]);
    let network = db.file(
        "n.toml",
        "[[network]]\nid = \"x\"\nname = \"X\"\ncounty = \"Vestland\"\nmembers = [\"4622\"]\n",
    );
    db.run(&["import", "registry", &network])
        .refused()
        .stderr_has(&["n.toml", "x", "members[0]", "4622"]);
    let steering = db.file(
        "s.toml",
        "[[municipality]]\nnumber = \"4622\"\nname = \"Kvam\"\ncounty = \"Vestland\"\n\n[[network]]\nid = \"x\"\nname = \"X\"\ncounty = \"Vestland\"\nmembers = [\"4622\"]\nsteering_group = [\"4601\"]\n",
    );
    db.run(&["import", "registry", &steering])
        .refused()
        .stderr_has(&["s.toml", "steering_group", "4601"]);
    let round = db.file("r.toml", "id = \"r\"\ncounty = \"Innlandet\"\nyear = 2022\ndeadline = \"1. august\"\n[[pot]]\nid = \"p\"\ntotal = 100\n");
    db.run(&["import", "round", &round])
        .refused()
        .stderr_has(&["r.toml", "deadline", "1. august"]);
    let round = db.file("t.toml", "id = \"r\"\ncounty = \"Innlandet\"\nyear = 2022\ndeadline = 2021-08-01\n[[pot]]\nid = \"p\"\ntotal = \"kr 1e6\"\n");
    db.run(&["import", "round", &round])
        .refused()
        .stderr_has(&["t.toml", "pot[0].total", "e6"]);
    let syntax = db.file("u.toml", "id = \"r\"\ncounty = \n");
    db.run(&["import", "round", &syntax])
        .refused()
        .stderr_has(&["u.toml", "linje 2", "mangler en verdi"]);
    let twice = db.file("v.toml", "id = \"r\"\nid = \"s\"\n");
    db.run(&["--lang", "en", "import", "round", &twice])
        .refused()
        .stderr_has(&["v.toml", "line 2", "given twice"]);
    assert!(
        db.run(&["status", "--json"]).ok().json()["rounds"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn rounds_accept_every_amount_format_and_refuse_shrinking_below_allocations() {
    let db = TestDb::with_applications();
    db.run(&["allocate", "INN-2022-001", "egeninitiert", "450 000"])
        .ok();
    let smaller = std::fs::read_to_string(fixture("rounds/innlandet-2022.toml"))
        .unwrap()
        .replace("kr. 1. 100. 000,-", "400 000");
    let path = db.file("smaller.toml", smaller);
    db.run(&["import", "round", &path])
        .refused()
        .stderr_has(&["smaller.toml", "egeninitiert"]);
    let (total, ..) = db.pot("innlandet-2022", "egeninitiert");
    assert_eq!(total, "1100000");
}

/// Large files are read on another thread and stored a chunk at a time: the first
/// problem in file order is still the one reported, one found after whole chunks were
/// written (or a reference repeated across chunks) still stores nothing, and a good
/// file's aggregates add up.
#[test]
fn a_large_file_reports_its_first_problem_and_adds_up() {
    let db = TestDb::with_registry();
    let many = |bad: &[(usize, serde_json::Value)]| -> String {
        let applications: Vec<serde_json::Value> = (0..2_500)
            .map(|i| {
                let overrides = bad
                    .iter()
                    .find(|(at, _)| *at == i)
                    .map_or(json!({}), |(_, o)| o.clone());
                application(&format!("BIG-{i:05}"), &overrides)
            })
            .collect();
        batch(&applications)
    };
    // A file of 2 500 with these overrides is refused, saying `says`, and stores nothing.
    let refused = |name: &str, bad: &[(usize, serde_json::Value)], says: &[&str]| {
        let file = db.file(name, many(bad));
        let run = db
            .run(&["import", "applications", &file])
            .refused()
            .stderr_has(&[&[name][..], says].concat());
        assert_eq!(db.case_count(), 0);
        run
    };
    let amount = json!({"requests": [{"pot": "egeninitiert", "amount": "tusen"}]});
    refused(
        "late.json",
        &[
            (1_900, amount.clone()),
            (2_400, json!({"network": "nowhere"})),
        ],
        &["BIG-01900", "requests[0].amount"],
    );
    // Found when the first 2 048 are written into the transaction already.
    refused(
        "later.json",
        &[(2_400, json!({"network": "nowhere"}))],
        &["BIG-02400", "network", "nowhere"],
    );
    // The first problem in file order wins, even when a later one in the same chunk is
    // found before the store is asked (a repeated reference, a bad amount).
    for (later, field) in [
        (json!({"reference": "big-02050"}), "reference"),
        (amount, "amount"),
    ] {
        refused(
            "order.json",
            &[(2_100, json!({"round": "innlandet-1999"})), (2_200, later)],
            &["BIG-02100", "round", "innlandet-1999"],
        )
        .stderr_lacks(&[field]);
    }
    refused(
        "twice.json",
        &[(2_300, json!({"reference": "big-00005"}))],
        &["big-00005", "reference"],
    );
    let good = db.file("good.json", many(&[]));
    db.run(&["import", "applications", &good])
        .ok()
        .stdout_has(&["2500 nye"]);
    let status = db.status("innlandet-2022");
    assert_eq!(status["cases"]["received"], 2_500);
    let sor = status["networks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "innlandet-sor")
        .unwrap()
        .clone();
    assert_eq!(sor["cases"], 2_500);
    assert_eq!(sor["requested"]["egeninitiert"], "1125000000");
    db.run(&["audit", "--verify"]).ok();
}

/// A line break pasted into a title, or an escape sequence, no longer stops a batch:
/// folded to one line, warned of by file, reference and field, the original kept in
/// the history; a reference with one is still refused.
#[test]
fn stray_control_characters_are_folded_with_a_warning() {
    let db = TestDb::with_registry();
    let pasted = crate::util::application(
        "INN-2022-FOLD",
        &serde_json::json!({
            "title": "Felles\r\nopplæring\u{1b}[31m",
            "contact": {"name": "Kari\tNordmann"}
        }),
    );
    let plain = crate::util::application("INN-2022-PLAIN", &serde_json::json!({}));
    let file = db.file("limt.json", crate::util::batch(&[pasted, plain]));
    let run = db.run(&["import", "applications", &file]).ok();
    let run = run.stdout_has(&["2 nye"]);
    let run = run.stderr_has(&["advarsel", "limt.json", "INN-2022-FOLD", "feltet title"]);
    run.stderr_has(&["feltet contact.name"]);
    let shown = db.show("INN-2022-FOLD");
    assert_eq!(shown["title"], "Felles opplæring[31m");
    db.run(&["audit", "INN-2022-FOLD"])
        .ok()
        .stdout_has(&["kontrolltegn fjernet", "title"]);
    db.run(&["audit", "--verify"]).ok();
    let bad_reference = crate::util::application("INN-2022\n-X", &serde_json::json!({}));
    let file = db.file("ref.json", crate::util::batch(&[bad_reference]));
    db.run(&["import", "applications", &file])
        .refused()
        .stderr_has(&["ref.json", "reference"]);
}

/// Files whose trees would take far more memory than their size: a few megabytes of
/// `[{},{},…]` in one application, of `[1,1,…]` in a round's TOML, a root object of
/// many keys, or a CSV file of a hundred thousand short rows. Each is refused as it is read, with how many values may be read at once,
/// and nothing is stored; an ordinary file beside them still imports.
#[test]
fn files_that_would_swell_in_memory_are_refused_as_they_are_read() {
    let db = TestDb::with_registry();
    let cases = db.case_count();
    let objects = vec!["{}"; 1_000_000].join(",");
    let swelling = db.file(
        "swelling.json",
        format!(r#"{{"applications":[{{"reference":"SWELL-1","junk":[{objects}]}}]}}"#),
    );
    db.run(&["import", "applications", &swelling])
        .refused()
        .stderr_has(&["swelling.json", "#1", "200000 verdiene"]);
    let keys: Vec<String> = (0..20_000).map(|i| format!("\"k{i}\":0")).collect();
    let wide = db.file("wide.json", format!("{{{}}}", keys.join(",")));
    db.run(&["import", "applications", &wide])
        .refused()
        .stderr_has(&["wide.json", "verdiene"]);
    let ones = vec!["1"; 300_000].join(",");
    let round = db.file("round.toml", format!("id = \"x\"\njunk = [{ones}]\n"));
    db.run(&["import", "round", &round])
        .refused()
        .stderr_has(&["round.toml", "250000 verdiene"]);
    let rows = format!(
        "reference,round,network,submitted,title,lead_municipality,municipalities\n{}",
        "x,\n".repeat(100_001)
    );
    let table = db.file("rows.csv", rows);
    db.run(&["import", "applications", &table])
        .refused()
        .stderr_has(&["rows.csv", "100000"]);
    assert_eq!(db.case_count(), cases);
    let fine = db.file("fine.json", batch(&[application("FINE-1", &json!({}))]));
    db.run(&["import", "applications", &fine]).ok();
    assert_eq!(db.case_count(), cases + 1);
}

/// A refused value is repeated in the message only as far as it takes to find it: a
/// megabyte of digits as an amount (or as a field's name) gives a message of a line.
#[test]
fn a_huge_refused_value_is_quoted_in_part() {
    let db = TestDb::with_registry();
    let huge = "9".repeat(1_000_000);
    let amount = application(
        "HUGE-1",
        &json!({"requests": [{"pot": "egeninitiert", "amount": format!("x{huge}")}]}),
    );
    let file = db.file("huge.json", batch(&[amount]));
    let run = db.run(&["import", "applications", &file]).refused();
    assert!(run.stderr.len() < 1_000, "{} bytes", run.stderr.len());
    assert!(run.stderr.contains("HUGE-1"), "{}", run.stderr);
    let mut named = application("HUGE-2", &json!({}));
    named[format!("k{huge}")] = json!(1);
    let file = db.file("named.json", batch(&[named]));
    let run = db.run(&["import", "applications", &file]).refused();
    assert!(run.stderr.len() < 1_000, "{} bytes", run.stderr.len());
}
