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
fn a_database_in_a_missing_directory_is_created() {
    let db = TestDb::new();
    let nested = db.dir.path().join("a/b/c.redb");
    let run = std::process::Command::new(crate::util::BIN)
        .args(["--db", nested.to_str().unwrap(), "status"])
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(nested.exists());
}
