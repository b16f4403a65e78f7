//! Several processes on one file: no krone double-spent, reads beside writes.

use std::process::{Command, Stdio};

use crate::util::{BIN, TestDb};

/// Eight processes race to allocate from one pot. The pot is never overdrawn, and what
/// is allocated is exactly what the successful processes were told.
#[test]
fn concurrent_allocations_never_overdraw_a_pot() {
    let db = TestDb::with_applications();
    // fosterhjem has 2 300 000; these ask 800 000 + 650 000 + 900 000 + 1 200 000 (other
    // round) and so on. Only the innlandet ones share the pot.
    let requests = [
        ("INN-2022-002", "800 000"),
        ("INN-2022-003", "650 000"),
        ("INN-2022-012", "900 000"),
        ("INN-2022-002", "700 000"),
        ("INN-2022-012", "850 000"),
        ("INN-2022-003", "600 000"),
        ("INN-2022-012", "900 000"),
        ("INN-2022-002", "800 000"),
    ];
    let children: Vec<_> = requests
        .iter()
        .enumerate()
        .map(|(i, (reference, amount))| {
            let child = Command::new(BIN)
                .args([
                    "--db",
                    db.path.to_str().unwrap(),
                    "allocate",
                    reference,
                    "fosterhjem",
                    amount,
                    "--json",
                ])
                .env("TILSKUDD_USER", format!("adviser{i}"))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (reference, child)
        })
        .collect();
    let reader = Command::new(BIN)
        .args(["--db", db.path.to_str().unwrap(), "lookup", "hamar"])
        .output()
        .unwrap();
    assert!(reader.status.success(), "a read beside writers works");
    let mut accepted = 0;
    for (_, child) in children {
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => accepted += 1,
            Some(1) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains("potten"), "{stderr}");
            }
            other => panic!(
                "unexpected exit {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
    assert!(accepted >= 1);
    let (total, allocated, remaining) = db.pot("innlandet-2022", "fosterhjem");
    assert_eq!(total, "2300000");
    let allocated: i64 = allocated.parse().unwrap();
    assert!(allocated <= 2_300_000, "overdrawn: {allocated}");
    let sum: i64 = ["INN-2022-002", "INN-2022-003", "INN-2022-012"]
        .iter()
        .map(|r| {
            db.show(r)["allocations"]["fosterhjem"]
                .as_str()
                .map_or(0, |a| a.parse::<i64>().unwrap())
        })
        .sum();
    assert_eq!(
        sum, allocated,
        "the balance is the sum of the cases' allocations"
    );
    assert_eq!(remaining.parse::<i64>().unwrap(), 2_300_000 - allocated);
}

/// A reader holding the file briefly does not make a writer fail: it waits its turn.
#[test]
fn a_writer_waits_while_another_process_holds_the_file() {
    let db = TestDb::with_applications();
    let writers: Vec<_> = (0..6)
        .map(|i| {
            Command::new(BIN)
                .args([
                    "--db",
                    db.path.to_str().unwrap(),
                    "check",
                    "INN-2022-011",
                    "plan",
                    if i % 2 == 0 { "met" } else { "not-met" },
                ])
                .env("TILSKUDD_USER", format!("a{i}"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for _ in 0..6 {
        let out = Command::new(BIN)
            .args(["--db", db.path.to_str().unwrap(), "list", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for writer in writers {
        let out = writer.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let history = db.show("INN-2022-011")["history"].as_array().unwrap().len();
    assert!(history >= 2);
}
