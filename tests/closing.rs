//! Closing a round: letters to files, exports that add up, an audit trail that proves
//! itself and fails when the stored events are tampered with.

use crate::util::{TestDb, approve_by_kari_and_ola};

/// The demo has decided cases in every round; INN-2022-001 (Hamar, bokmål),
/// HOR-2018-001 (Bjørnafjorden, nynorsk).
fn demo() -> TestDb {
    let db = TestDb::new();
    db.run(&["demo"]).ok();
    db
}

#[test]
fn letters_from_decision_to_file_in_the_right_language() {
    let db = demo();
    let out = db.dir.path().join("brev");
    let out_s = out.to_str().unwrap();
    db.run(&["letters", "--round", "hordaland-2018", "--out", out_s])
        .ok()
        .stdout_has(&[
            "2 brev",
            "2 av dem er ikke registrert som sendt",
            "tilskudd sent",
        ]);
    let nn = std::fs::read_to_string(out.join("HOR-2018-001.md")).unwrap();
    assert!(nn.contains("Statsforvaltaren i Vestland"), "{nn}");
    assert!(nn.contains("Klagerett"), "hordaland-2018 has appeal rights");
    assert!(nn.contains("Midlane må vere brukte innan 31. desember 2019."));
    // Writing files is not sending: nothing is recorded.
    assert_eq!(db.show("HOR-2018-001")["state"], "decided");
    let events = db.show("HOR-2018-001")["history"].as_array().unwrap().len();
    // Again: byte for byte the same letters, still no events.
    std::fs::remove_dir_all(&out).unwrap();
    db.run(&["letters", "--round", "hordaland-2018", "--out", out_s])
        .ok();
    assert_eq!(
        std::fs::read_to_string(out.join("HOR-2018-001.md")).unwrap(),
        nn
    );
    assert_eq!(
        db.show("HOR-2018-001")["history"].as_array().unwrap().len(),
        events
    );

    db.run(&["letters", "--round", "innlandet-2022", "--out", out_s])
        .ok();
    let nb = std::fs::read_to_string(out.join("INN-2022-001.md")).unwrap();
    assert!(
        nb.contains("Statsforvalteren i Innlandet") && nb.contains("innvilger søknaden"),
        "{nb}"
    );
    assert!(
        !nb.contains("Klagerett"),
        "innlandet-2022 has no appeal rights"
    );
    assert!(
        !out.join("INN-2022-002.md").exists(),
        "only decided cases get letters"
    );
    db.run(&["letters", "--round", "nordland-2019", "--out", out_s])
        .refused()
        .stderr_has(&["nordland-2019"]);
}

/// `sent` records that letters went out: dated, with the journal number, once; the
/// letters written afterwards are the same files.
#[test]
fn sent_records_the_dispatch_and_nothing_else_does() {
    let db = demo();
    let out = db.dir.path().join("brev");
    let out_s = out.to_str().unwrap();
    db.run(&["letters", "--round", "hordaland-2018", "--out", out_s])
        .ok();
    let before = std::fs::read(out.join("HOR-2018-001.md")).unwrap();
    // Refusals change nothing: a case with no decision, one of another round, a date
    // in the future, a date that is not one.
    db.run(&["sent", "--round", "hordaland-2018", "INN-2022-003"])
        .refused()
        .stderr_has(&["INN-2022-003", "hordaland-2018"]);
    db.run(&["sent", "--round", "innlandet-2022", "INN-2022-003"])
        .refused()
        .stderr_has(&["INN-2022-003", "ikke vedtatt"]);
    db.run(&["sent", "--round", "hordaland-2018", "--date", "2999-01-01"])
        .refused()
        .stderr_has(&["fram i tid"]);
    db.run(&["sent", "--round", "hordaland-2018", "--date", "31.02.2021"])
        .refused()
        .stderr_has(&["31.02.2021", "ikke en dato"]);
    // The demo decided its cases today: a letter cannot have gone out before that.
    db.run(&["sent", "--round", "hordaland-2018", "--date", "2018-09-03"])
        .refused()
        .stderr_has(&["HOR-2018-001", "03.09.2018"]);
    assert_eq!(db.show("HOR-2018-001")["state"], "decided");
    // One case, today, with the archive's journal number.
    db.run(&[
        "sent",
        "--round",
        "hordaland-2018",
        // Written as a colleague might type it: references compare without case.
        "hor-2018-001",
        "--journal",
        "2018/1234-5",
    ])
    .ok()
    .stdout_has(&["HOR-2018-001", "vedtaksbrev sendt", "2018/1234-5"]);
    assert_eq!(db.show("HOR-2018-001")["state"], "letter-sent");
    assert_eq!(db.show("HOR-2018-002")["state"], "decided");
    // The rest of the round; the one already sent is left as it is.
    db.run(&["sent", "--round", "hordaland-2018", "--json"])
        .ok();
    assert_eq!(db.show("HOR-2018-002")["state"], "letter-sent");
    let history = db.show("HOR-2018-001")["history"].clone();
    let sent_events = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["change"]["kind"] == "letter-sent" || e.to_string().contains("2018/1234-5"))
        .count();
    assert!(sent_events >= 1, "{history}");
    // The letters are the same files after sending.
    std::fs::remove_dir_all(&out).unwrap();
    db.run(&["letters", "--round", "hordaland-2018", "--out", out_s])
        .ok()
        .stdout_has(&["2 brev"]);
    assert_eq!(std::fs::read(out.join("HOR-2018-001.md")).unwrap(), before);
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn a_reopened_case_gets_a_new_letter_after_its_new_decision() {
    let db = demo();
    let out = db.dir.path().join("brev");
    db.run(&[
        "letters",
        "--round",
        "trondelag-2019",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    db.run_as("ola", &["reopen", "TRO-2019-001", "--reason", "Feil beløp"])
        .ok();
    assert_eq!(db.show("TRO-2019-001")["state"], "under-review");
    std::fs::remove_dir_all(&out).unwrap();
    db.run(&[
        "letters",
        "--round",
        "trondelag-2019",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    assert!(
        !out.join("TRO-2019-001.md").exists(),
        "no letter until it is decided again"
    );
}

#[test]
fn exports_parse_back_and_add_up_to_status() {
    let db = demo();
    let path = db.dir.path().join("eksport.csv");
    db.run(&[
        "export",
        "--round",
        "innlandet-2022",
        "--format",
        "csv",
        "--delimiter",
        ";",
        "--out",
        path.to_str().unwrap(),
    ])
    .ok();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(&path)
        .unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        headers[..7],
        [
            "reference",
            "network",
            "lead_municipality",
            "lead_municipality_name",
            "pot",
            "requested",
            "allocated"
        ]
    );
    let status = db.status("innlandet-2022");
    let mut sums = std::collections::BTreeMap::<String, i64>::new();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        *sums.entry(record[4].to_string()).or_default() += record[6].parse::<i64>().unwrap();
        if &record[0] == "INN-2022-001" {
            assert_eq!(&record[3], "Hamar");
            assert_eq!(&record[7], "approve");
            assert_eq!(&record[9], "ola");
        }
    }
    assert_eq!(
        rows, 14,
        "one row per case and pot (INN-2022-003 asks two pots)"
    );
    for pot in status["pots"].as_array().unwrap() {
        let id = pot["id"].as_str().unwrap();
        assert_eq!(
            sums.get(id).copied().unwrap_or(0).to_string(),
            pot["allocated"].as_str().unwrap(),
            "{id}"
        );
    }
    let json = db
        .run(&["export", "--round", "innlandet-2022", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["rows"].as_array().unwrap().len(), 14);
    assert_eq!(json["round"], "innlandet-2022");
    assert_eq!(json["rows"][0]["allocated"], "450000");
    // An unknown round is refused before anything is written: no file, no output.
    let nowhere = db.dir.path().join("ingen.csv");
    db.run(&[
        "export",
        "--round",
        "innlandet-2099",
        "--format",
        "csv",
        "--out",
        nowhere.to_str().unwrap(),
    ])
    .refused()
    .stderr_has(&["innlandet-2099"]);
    assert!(!nowhere.exists(), "a refused export leaves no file");
    let refused = db.run(&["export", "--round", "innlandet-2099", "--format", "json"]);
    assert!(
        refused.refused().stdout.is_empty(),
        "nothing on standard output"
    );
    let breakdown = &status["networks"];
    let sor = breakdown
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "innlandet-sor")
        .unwrap();
    assert_eq!(sor["allocated"]["egeninitiert"], "750000");
}

#[test]
fn the_audit_trail_shows_who_did_what() {
    let db = demo();
    db.run(&["audit", "INN-2022-001"]).ok().stdout_has(&[
        "kari",
        "ola",
        "egeninitiert: 0 kr → 450 000 kr",
        "vedtatt: innvilget",
    ]);
    let json = db.run(&["audit", "--json"]).ok().json();
    let events = json["events"].as_array().unwrap();
    assert!(events.len() > 40);
    assert_eq!(events[0]["seq"], 1);
    db.run(&["audit", "--verify"])
        .ok()
        .stdout_has(&["hel og uendret"]);
    db.run(&["audit", "NOPE-1"]).refused();
}

/// Opens the file with redb directly, as someone with write access to it could.
fn tamper(db: &TestDb, change: impl FnOnce(&mut redb::Table<u64, &[u8]>)) {
    let file = redb::Database::create(&db.path).unwrap();
    let txn = file.begin_write().unwrap();
    {
        let definition: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("events-1");
        let mut table = txn.open_table(definition).unwrap();
        change(&mut table);
    }
    txn.commit().unwrap();
}

fn read(table: &redb::Table<u64, &[u8]>, seq: u64) -> Vec<u8> {
    use redb::ReadableTable;
    table.get(seq).unwrap().unwrap().value().to_vec()
}

#[test]
fn an_altered_event_breaks_the_chain_where_it_was_altered() {
    let db = demo();
    tamper(&db, |table| {
        let mut bytes = read(table, 12);
        // The actor's name (the demo's import): "demo" becomes "dema".
        let at = bytes
            .windows(4)
            .position(|w| w == b"demo")
            .expect("demo in the event");
        bytes[at + 3] = b'a';
        table.insert(12, bytes.as_slice()).unwrap();
    });
    db.run(&["audit", "--verify"])
        .refused()
        .stderr_has(&["hendelse 12", "endret"]);
    let json = db.run(&["audit", "--verify", "--json"]);
    assert_eq!(json.code, 1);
    assert_eq!(json.json()["broken"]["seq"], 12);
}

#[test]
fn a_removed_or_reordered_event_breaks_the_chain() {
    let db = demo();
    tamper(&db, |table| {
        table.remove(20).unwrap();
    });
    db.run(&["--lang", "en", "audit", "--verify"])
        .refused()
        .stderr_has(&["event 20 is missing"]);

    let db = demo();
    tamper(&db, |table| {
        let (a, b) = (read(table, 5), read(table, 6));
        table.insert(5, b.as_slice()).unwrap();
        table.insert(6, a.as_slice()).unwrap();
    });
    db.run(&["audit", "--verify"])
        .refused()
        .stderr_has(&["hendelse 5"]);

    let db = demo();
    tamper(&db, |table| {
        use redb::ReadableTable;
        let last = table.last().unwrap().unwrap().0.value();
        table.remove(last).unwrap();
    });
    db.run(&["audit", "--verify"])
        .refused()
        .stderr_has(&["slutter ved hendelse"]);
}

/// Letters are signed with full names and titles; a signatory with no name stops the
/// run before anything is written, saying who and how to fix it.
#[test]
fn letters_are_signed_with_names_and_titles_never_logins() {
    let db = TestDb::with_applications();
    let case = "INN-2022-003";
    for check in ["plan", "anchoring", "form", "purpose", "costs"] {
        db.run(&["check", case, check, "met"]).ok();
    }
    db.run(&["allocate", case, "fosterhjem", "650000"]).ok();
    db.run(&["allocate", case, "egeninitiert", "200000"]).ok();
    db.run(&["propose", case, "approve", "--reason", "God plan"])
        .ok();
    // Decided by someone with no name recorded.
    db.run_as("siri", &["approve", case]).ok();
    let out = db.dir.path().join("brev");
    let out_s = out.to_str().unwrap();
    db.run(&["letters", "--round", "innlandet-2022", "--out", out_s])
        .refused()
        .stderr_has(&["siri", case, "tilskudd users set siri --name"]);
    assert!(!out.join("INN-2022-003.md").exists(), "nothing written");
    // A name is required; a title is optional; both on one line.
    db.run(&["users", "set", "siri", "--title", "rådgiver"])
        .refused()
        .stderr_has(&["navn"]);
    db.run(&["users", "set", "siri", "--name", "Siri\nHovland"])
        .refused()
        .stderr_has(&["én linje"]);
    db.run(&[
        "users",
        "set",
        "siri",
        "--name",
        "Siri Hovland",
        "--title",
        "fagdirektør",
    ])
    .ok()
    .stdout_has(&["siri", "Siri Hovland", "fagdirektør"]);
    db.run(&["letters", "--round", "innlandet-2022", "--out", out_s])
        .ok();
    let letter = std::fs::read_to_string(out.join("INN-2022-003.md")).unwrap();
    for wanted in ["Siri Hovland", "fagdirektør", "Kari Nordmann", "rådgiver"] {
        assert!(letter.contains(wanted), "{wanted}:\n{letter}");
    }
    assert!(
        !letter.contains(" siri") && !letter.contains("kari"),
        "{letter}"
    );
    // The change of a name is in the log, and verified.
    db.run(&["users", "set", "siri", "--title", ""]).ok();
    let users = db.run(&["users", "list", "--json"]).ok();
    assert!(users.stdout.contains("Kari Nordmann"), "{}", users.stdout);
    db.run(&["audit", "--verify"]).ok();
}

/// A round file's `[office]`, counties and report deadline: imported, recorded, used by
/// the letters; a late-evening submission is received on the Norwegian date.
#[test]
fn the_rounds_office_speaks_in_its_letters() {
    let db = TestDb::with_registry();
    let base = std::fs::read_to_string(crate::util::fixture("rounds/innlandet-2022.toml"))
        .unwrap()
        .replace("appeal_rights = false", "appeal_rights = true");
    let with_office = base.replace(
        "appeal_rights = true\n",
        "appeal_rights = true\nreport_due = \"2023-03-01\"\ncounties = [\"Innlandet\"]\n\n[office]\nname = \"Statsforvalteren i Innlandet\"\nname_nn = \"Statsforvaltaren i Innlandet\"\norg_number = \"974 762 994\"\naddress = \"Postboks 987, 2604 Lillehammer\"\nappeal_body = \"Barne-, ungdoms- og familiedirektoratet (Bufdir)\"\nguidelines = \"Retningslinjer for kommunale læringsnettverk (2021)\"\ncall_date = \"2021-03-18\"\n",
    );
    // A field the office does not have is refused, naming it.
    let typo = db.file(
        "typo.toml",
        with_office.replace("appeal_body", "apeal_body"),
    );
    db.run(&["import", "round", &typo])
        .refused()
        .stderr_has(&["typo.toml", "apeal_body"]);
    let round = db.file("round.toml", with_office);
    db.run(&["import", "round", &round]).ok();
    // Submitted 30 June 22:30 UTC: 1 July in Norway.
    let late = crate::util::application(
        "INN-2022-LATE",
        &serde_json::json!({"submitted": "2021-06-30T22:30:00Z", "bufetat": true}),
    );
    let file = db.file("late.json", crate::util::batch(&[late]));
    db.run(&["import", "applications", &file]).ok();
    let case = "INN-2022-LATE";
    approve_by_kari_and_ola(&db, case);
    let out = db.dir.path().join("brev");
    db.run(&[
        "letters",
        "--round",
        "innlandet-2022",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let letter = std::fs::read_to_string(out.join("INN-2022-LATE.md")).unwrap();
    for fact in [
        "mottatt 01.07.2021",
        "Postboks 987, 2604 Lillehammer",
        "org.nr. 974 762 994",
        "Hamar kommune, på vegne av",
        "Ringsaker kommune, Bufetat",
        "innen 1. mars 2023",
        "Riksrevisjonen",
        "skal betales tilbake",
        "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
        "utlysningen datert 18. mars 2021",
        "Ola Berg",
        "seksjonsleder",
    ] {
        assert!(letter.contains(fact), "{fact}:\n{letter}");
    }
    db.run(&["audit", "--verify"]).ok();
}

/// Word files of the same letters: a DOCX whose text holds the same facts as the
/// Markdown, byte for byte the same on a second run.
#[test]
fn letters_as_word_documents() {
    let db = demo();
    let out = db.dir.path().join("word");
    let out_s = out.to_str().unwrap();
    db.run(&[
        "letters",
        "--round",
        "hordaland-2018",
        "--out",
        out_s,
        "--format",
        "docx",
    ])
    .ok()
    .stdout_has(&["HOR-2018-001.docx"]);
    let bytes = std::fs::read(out.join("HOR-2018-001.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name("word/document.xml")
            .expect("word/document.xml"),
        &mut xml,
    )
    .unwrap();
    for fact in [
        "Statsforvaltaren i Vestland",
        "Klagerett",
        "Midlane må vere brukte innan 31. desember 2019.",
        "Riksrevisjonen",
        "Kari Nordmann",
        "rådgjevar",
    ] {
        assert!(xml.contains(fact), "{fact} not in word/document.xml");
    }
    // Again: the same bytes.
    std::fs::remove_dir_all(&out).unwrap();
    db.run(&[
        "letters",
        "--round",
        "hordaland-2018",
        "--out",
        out_s,
        "--format",
        "docx",
    ])
    .ok();
    assert_eq!(std::fs::read(out.join("HOR-2018-001.docx")).unwrap(), bytes);
}

/// PDF/A letters for the archive: the text extracts with æøå intact and holds the same
/// facts as the other formats; byte for byte the same on a second run.
#[test]
fn letters_as_pdf_for_the_archive() {
    let have_pdftotext = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !have_pdftotext {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing in CI (.ci/run installs poppler-utils)"
        );
        eprintln!("skipped: pdftotext is not installed");
        return;
    }
    let db = demo();
    let out = db.dir.path().join("pdf");
    let out_s = out.to_str().unwrap();
    let write = || {
        db.run(&[
            "letters",
            "--round",
            "hordaland-2018",
            "--out",
            out_s,
            "--format",
            "pdf",
        ])
        .ok()
    };
    write().stdout_has(&["HOR-2018-001.pdf"]);
    let path = out.join("HOR-2018-001.pdf");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(
        String::from_utf8_lossy(&bytes).contains("pdfaid:part"),
        "PDF/A metadata"
    );
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for fact in [
        "Statsforvaltaren i Vestland",
        "Bjørnafjorden kommune",
        "Øygarden kommune",
        "Klagerett",
        "Riksrevisjonen",
        "Kari Nordmann",
    ] {
        assert!(text.contains(fact), "{fact} not in the PDF's text:\n{text}");
    }
    std::fs::remove_dir_all(&out).unwrap();
    write();
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the same bytes again");
}

/// The archive's and the applicant's references and the payee: from the import or
/// `archive-ref`, in `show --json`, in the letter, and verified against the log.
#[test]
fn archive_references_and_the_payee_reach_the_letter() {
    let db = TestDb::with_registry();
    let case = "INN-2022-REF";
    let wrong_payee = crate::util::application(case, &serde_json::json!({"payee": "4601"}));
    let file = db.file("wrong.json", crate::util::batch(&[wrong_payee]));
    db.run(&["import", "applications", &file])
        .refused()
        .stderr_has(&["wrong.json", case, "payee", "4601"]);
    let with_refs = crate::util::application(
        case,
        &serde_json::json!({"applicant_reference": "Hamar 21/77", "payee": "3411"}),
    );
    let file = db.file("refs.json", crate::util::batch(&[with_refs]));
    db.run(&["import", "applications", &file]).ok();
    db.run(&["archive-ref", case, "2021/4711"])
        .ok()
        .stdout_has(&["2021/4711"]);
    db.run(&["archive-ref", case, " "]).refused();
    let shown = db.show(case);
    assert_eq!(shown["archive_reference"], "2021/4711");
    assert_eq!(shown["applicant_reference"], "Hamar 21/77");
    assert_eq!(shown["payee"], "3411");
    approve_by_kari_and_ola(&db, case);
    let out = db.dir.path().join("brev");
    db.run(&[
        "letters",
        "--round",
        "innlandet-2022",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let letter = std::fs::read_to_string(out.join("INN-2022-REF.md")).unwrap();
    for fact in [
        "**Vår ref.:** 2021/4711",
        "**Deres ref.:** Hamar 21/77",
        "til Ringsaker kommune, som tar imot midlene",
    ] {
        assert!(letter.contains(fact), "{fact}:\n{letter}");
    }
    db.run(&["audit", "--verify"]).ok();
}

/// A municipality's official name and organisation number, from the registry, name the
/// addressee and the payee; the registry's digest in the log covers them.
#[test]
fn official_names_from_the_registry_reach_the_letter() {
    let db = TestDb::with_registry();
    let registry = db.file(
        "navn.toml",
        "[[municipality]]\nnumber = \"3403\"\nname = \"Hamar\"\ncounty = \"Innlandet\"\nlanguage_form = \"bokmål\"\nofficial_name = \"Hamar kommune\"\n",
    );
    db.run(&["import", "registry", &registry]).ok();
    // The registry's CSV, extended with the two columns in any order, sets them too.
    let csv = db.file(
        "kommuner.csv",
        "number,name,county,former_names,org_number,official_name\n3403,Hamar,Innlandet,,970 540 008,Hamar kommune (vertskommune)\n",
    );
    db.run(&["import", "registry", &csv]).ok();
    let unknown = db.file(
        "ukjent.csv",
        "number,name,county,former_names,mayor\n3403,Hamar,Innlandet,,Einar\n",
    );
    db.run(&["import", "registry", &unknown])
        .refused()
        .stderr_has(&["ukjent.csv", "mayor"]);
    let evil_csv = db.file(
        "evil.csv",
        "number,name,county,former_names,official_name\n3403,Hamar,Innlandet,,\"Hamar\u{1b}[31m\"\n",
    );
    db.run(&["import", "registry", &evil_csv])
        .refused()
        .stderr_has(&["evil.csv", "Hamar", "official_name"]);
    let evil = db.file(
        "evil.toml",
        "[[municipality]]\nnumber = \"3403\"\nname = \"Hamar\"\ncounty = \"Innlandet\"\nofficial_name = \"Hamar\\u001b[31m\"\n",
    );
    db.run(&["import", "registry", &evil])
        .refused()
        .stderr_has(&["evil.toml", "official_name"]);
    let case = "INN-2022-NAME";
    let file = db.file(
        "app.json",
        crate::util::batch(&[crate::util::application(case, &serde_json::json!({}))]),
    );
    db.run(&["import", "applications", &file]).ok();
    approve_by_kari_and_ola(&db, case);
    let out = db.dir.path().join("brev");
    db.run(&[
        "letters",
        "--round",
        "innlandet-2022",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let letter = std::fs::read_to_string(out.join("INN-2022-NAME.md")).unwrap();
    assert!(
        letter.contains("**Mottaker:** Hamar kommune (vertskommune), på vegne av"),
        "{letter}"
    );
    assert!(letter.contains("(org.nr. 970 540 008)"), "{letter}");
    db.run(&["audit", "--verify"]).ok();
}

/// Hostile text from files never breaks a letter: controls in an application reach the
/// Word and PDF files as U+FFFD (or are refused at import where they name things), and
/// a letter already sent keeps its recorded date and journal number.
#[test]
fn hostile_text_never_breaks_a_letter_file() {
    let db = TestDb::with_registry();
    let round = std::fs::read_to_string(crate::util::fixture("rounds/innlandet-2022.toml"))
        .unwrap()
        + "\n[office]\nname = \"Stats\\u001b[31mforvalteren\"\n";
    let file = db.file("office.toml", round);
    db.run(&["import", "round", &file])
        .refused()
        .stderr_has(&["office.toml", "office.name"]);
    let refs = crate::util::application(
        "INN-2022-REFS",
        &serde_json::json!({"archive_reference": "a\u{1b}[31mb"}),
    );
    let file = db.file("refs.json", crate::util::batch(&[refs]));
    // A reference a person typed is a line: the escape is dropped, with a warning.
    db.run(&["import", "applications", &file])
        .ok()
        .stderr_has(&["refs.json", "archive_reference", "advarsel"]);
    assert_eq!(db.show("INN-2022-REFS")["archive_reference"], "a[31mb");
    // A summary may hold anything; the files stay whole.
    let case = "INN-2022-ESC";
    let hostile = crate::util::application(
        case,
        &serde_json::json!({"summary": "Oppstart\u{1b}[31m med \u{202e}kontroll og 東京 </w:t>"}),
    );
    let file = db.file("hostile.json", crate::util::batch(&[hostile]));
    db.run(&["import", "applications", &file]).ok();
    approve_by_kari_and_ola(&db, case);
    let out = db.dir.path().join("out");
    for format in ["docx", "pdf"] {
        db.run(&[
            "letters",
            "--round",
            "innlandet-2022",
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ])
        .ok();
    }
    let bytes = std::fs::read(out.join("INN-2022-ESC.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        !xml.contains('\u{1b}') && !xml.contains('\u{202e}'),
        "raw controls in the DOCX"
    );
    assert!(xml.contains("&lt;/w:t&gt;"), "XML specials are text");
    assert!(out.join("INN-2022-ESC.pdf").exists());
    // Sent once; a second `sent` naming it with a journal number is refused, not dropped.
    db.run(&["sent", "--round", "innlandet-2022", case]).ok();
    db.run(&[
        "sent",
        "--round",
        "innlandet-2022",
        case,
        "--journal",
        "2022/1-1",
    ])
    .refused()
    .stderr_has(&[case, "allerede registrert som sendt"]);
    db.run(&["audit", "--verify"]).ok();
}

/// A list line that no longer agrees with its case (altered or lost) is named by
/// `audit --verify`; the case is still listed, and `dev repair` computes the lines
/// again.
#[test]
fn a_list_line_that_differs_from_its_case_is_named_and_repaired() {
    let db = demo();
    {
        let file = redb::Database::create(&db.path).unwrap();
        let txn = file.begin_write().unwrap();
        {
            let definition: redb::TableDefinition<&str, &[u8]> =
                redb::TableDefinition::new("case-lines-1");
            let mut table = txn.open_table(definition).unwrap();
            table.remove("INN-2022-002").unwrap();
        }
        txn.commit().unwrap();
    }
    db.run(&["audit", "--verify"])
        .refused()
        .stderr_has(&["INN-2022-002"]);
    let listed = db
        .run(&["list", "--round", "innlandet-2022", "--json"])
        .ok()
        .json();
    assert!(
        listed["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["reference"] == "INN-2022-002"),
        "a case without its line is read whole"
    );
    db.run(&["dev", "repair"]).ok();
    db.run(&["audit", "--verify"]).ok();
}
