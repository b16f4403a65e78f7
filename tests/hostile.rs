//! Hostile and broken input: every file gets a clear answer (exit 1, the file named,
//! nothing stored), and no text from a file reaches the terminal raw.

use serde_json::json;

use crate::util::{Run, TestDb, application, batch};

/// Escape sequences, C1 controls, bell, bidirectional overrides and isolates.
const HOSTILE: &str =
    "A\u{1b}[31mred\u{1b}]0;owned\u{7}\u{9b}2J\u{202e}reversed\u{2066}iso\u{2069}\u{200f}Z";

/// Whether text could steer a terminal: controls other than newline and tab, and the
/// bidirectional formatting characters.
fn steers_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    })
}

#[track_caller]
fn clean(run: &Run) {
    assert!(
        !steers_a_terminal(&run.stdout),
        "raw control text on stdout: {:?}",
        run.stdout
    );
    assert!(
        !steers_a_terminal(&run.stderr),
        "raw control text on stderr: {:?}",
        run.stderr
    );
}

#[test]
fn hostile_text_in_every_field_never_reaches_the_terminal_raw() {
    let db = TestDb::with_registry();
    // One-line fields refuse control characters at import; the rest may hold anything.
    let one_line = HOSTILE.replace(|c: char| c.is_control(), "");
    let evil = application(
        "EVIL-1",
        &json!({
            "title": format!("Tittel {one_line}"),
            "summary": HOSTILE,
            "plan": HOSTILE,
            "competence_partner": HOSTILE,
            "contact": {"name": one_line, "email": HOSTILE, "phone": HOSTILE},
            "budget": [{"item": one_line, "amount": "1000"}],
        }),
    );
    let file = db.file("evil.json", batch(&[evil]));
    db.run(&["import", "applications", &file]).ok();
    // Refused text comes back in messages too: those must be safe as well.
    let refused = db.file(
        "worse.json",
        batch(&[application(
            "EVIL-2",
            &json!({"round": HOSTILE, "requests": [{"pot": HOSTILE, "amount": HOSTILE}]}),
        )]),
    );
    clean(&db.run(&["import", "applications", &refused]).refused());
    for args in [
        vec!["list"],
        vec!["show", "EVIL-1"],
        vec!["status"],
        vec!["audit", "EVIL-1"],
        vec!["lookup", "hamar"],
        vec!["show", HOSTILE],
        vec!["allocate", "EVIL-1", HOSTILE, "100"],
        vec!["allocate", "EVIL-1", "egeninitiert", HOSTILE],
        vec!["check", "EVIL-1", "plan", "met", "--note", HOSTILE],
        vec!["show", "EVIL-1"],
        vec!["conflict", "EVIL-1", "--reason", HOSTILE],
        vec!["audit", "EVIL-1"],
    ] {
        let run = db.run(&args);
        clean(&run);
    }
    let shown = db.run(&["show", "EVIL-1"]).ok();
    assert!(shown.stdout.contains("reversed"), "{}", shown.stdout);
}

#[test]
fn a_hostile_registry_is_shown_safely() {
    /// TOML's own escapes (`\UXXXXXXXX`) for everything but printable ASCII, so the
    /// file is valid and the hostile text reaches the importer as written.
    fn toml_escaped(text: &str) -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                    c.to_string()
                } else {
                    format!("\\U{:08X}", u32::from(c))
                }
            })
            .collect()
    }
    let registry = |text: &str| {
        let h = toml_escaped(text);
        format!(
            "[[network]]\nid = \"innlandet-evil\"\nname = \"Nett {h}\"\ncounty = \"Innlandet\"\nmembers = [\"3403\"]\n\n[[network.person]]\nname = \"Eve {h}\"\nmunicipality = \"3403\"\nroles = [\"contact\"]\nemail = \"eve@example.no\"\nshare_email = true\n"
        )
    };
    let db = TestDb::with_registry();
    // Control characters in a name are refused, naming the file and the field.
    let evil = db.file("evil.toml", registry(HOSTILE));
    let refused = db.run(&["import", "registry", &evil]);
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("evil.toml") && refused.stderr.contains("person[0].name"),
        "{}",
        refused.stderr
    );
    clean(&refused);
    let after = db.run(&["lookup", "nett"]);
    assert!(!after.stdout.contains("innlandet-evil"), "{}", after.stdout);
    // Bidirectional overrides and isolates are not controls: stored, and shown inert.
    let bidi = "A\u{202e}reversed\u{2066}iso\u{2069}\u{200f}Z";
    let sneaky = db.file("sneaky.toml", registry(bidi));
    let imported = db.run(&["import", "registry", &sneaky]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    clean(&imported);
    for query in ["hamar", "eve", "nett"] {
        let shown = db.run(&["lookup", query]);
        assert_eq!(shown.code, 0, "{}", shown.stderr);
        clean(&shown);
    }
    let eve = db.run(&["lookup", "eve"]);
    assert!(
        eve.stdout.contains("Eve") && eve.stdout.contains("reversed"),
        "{}",
        eve.stdout
    );
}

/// Each broken file is refused whole with a message naming it, and nothing is stored.
#[test]
fn broken_files_get_a_clear_answer_and_store_nothing() {
    let db = TestDb::with_registry();
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_line = format!(
        "{{\"applications\": [{}]}}",
        application("BIG-1", &json!({"summary": "x".repeat(1_000_000)}))
    );
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("empty.json", Vec::new(), &["empty.json"]),
        (
            "binary.json",
            vec![0xff, 0xfe, 0x00, 0x13, 0x37],
            &["binary.json", "UTF-8"],
        ),
        ("deep.json", deep_json.into_bytes(), &["deep.json"]),
        (
            "huge.json",
            huge_line.into_bytes(),
            &["huge.json", "BIG-1", "summary", "20000"],
        ),
        ("number.json", b"42".to_vec(), &["number.json"]),
        (
            "shape.json",
            br#"{"applications": {"a": 1}}"#.to_vec(),
            &["shape.json", "applications"],
        ),
        (
            "extra.json",
            br#"{"applications": [], "more": 1}"#.to_vec(),
            &["extra.json", "more"],
        ),
        (
            "twice.json",
            format!(
                "{{\"applications\": [{}]}}",
                application("DUP-1", &json!({})).to_string().replacen(
                    "\"title\"",
                    "\"title\": \"x\", \"title\"",
                    1
                )
            )
            .into_bytes(),
            &["twice.json", "title", "to ganger"],
        ),
        (
            "root-twice.json",
            br#"{"applications": [], "applications": []}"#.to_vec(),
            &["root-twice.json", "applications"],
        ),
        (
            "many.json",
            batch(&[application(
                "MANY-1",
                &json!({"municipalities": vec!["3403"; 10_001]}),
            )])
            .into_bytes(),
            &["many.json", "MANY-1", "municipalities", "10000"],
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = db.file(name, bytes);
        let run = db.run(&["import", "applications", &file]).refused();
        clean(&run);
        let run = run.stderr_has(expected);
        assert!(
            run.stderr.lines().count() <= 6,
            "a short message: {}",
            run.stderr
        );
        assert_eq!(db.case_count(), 0, "{name} stored something");
    }
    // TOML: empty, binary, deeply nested, and a key twice.
    let deep_toml = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    for (name, bytes) in [
        ("empty.toml", Vec::new()),
        ("binary.toml", vec![0xff, 0x00, 0xfe]),
        ("deep.toml", deep_toml.into_bytes()),
        (
            "twice.toml",
            b"[[network]]\nid = \"a\"\nid = \"b\"\n".to_vec(),
        ),
    ] {
        let file = db.file(name, bytes);
        for kind in ["registry", "round"] {
            let run = db.run(&["import", kind, &file]).refused();
            clean(&run);
            run.stderr_has(&[name]);
        }
    }
    db.run(&["audit", "--verify"]).ok();
}

#[test]
fn long_reasons_and_notes_are_refused_with_the_limit() {
    let db = TestDb::with_applications();
    let long = "x".repeat(10_001);
    db.run(&["conflict", "INN-2022-001", "--reason", &long])
        .refused()
        .stderr_has(&["10000"]);
    db.run(&["check", "INN-2022-001", "plan", "met", "--note", &long])
        .refused()
        .stderr_has(&["10000"]);
    assert_eq!(db.show("INN-2022-001")["state"], "received");
}
