//! Numbered migrations, each in its own write transaction, each safe to run again.

use redb::{Database, ReadableTable, WriteTransaction};

use super::StoreError;
use super::tables::{self, META};

/// The schema this build writes and understands.
pub const SCHEMA_VERSION: u32 = 1;

/// Marks a redb file as a tilskudd database.
pub const APPLICATION_MARK: &[u8] = b"tilskudd";

type Migration = fn(&WriteTransaction) -> Result<(), redb::Error>;

/// Migration `n` (from 1) takes the schema from `n - 1` to `n`.
const MIGRATIONS: [Migration; SCHEMA_VERSION as usize] = [create_tables];

fn create_tables(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::MUNICIPALITIES)?;
    txn.open_table(tables::NETWORKS)?;
    txn.open_table(tables::ROUNDS)?;
    txn.open_table(tables::CASES)?;
    txn.open_table(tables::ROUND_CASES)?;
    txn.open_table(tables::POT_ALLOCATED)?;
    txn.open_table(tables::STATE_COUNTS)?;
    txn.open_table(tables::NETWORK_GRANTS)?;
    txn.open_table(tables::EVENTS)?;
    txn.open_table(tables::CASE_EVENTS)?;
    let mut meta = txn.open_table(META)?;
    meta.insert("application", APPLICATION_MARK)?;
    if meta.get("changes")?.is_none() {
        meta.insert("changes", 0u64.to_le_bytes().as_slice())?;
    }
    Ok(())
}

/// The stored schema version, 0 for a new, empty file.
pub fn stored_version<T: ReadableTable<&'static str, &'static [u8]>>(
    meta: &T,
) -> Result<u32, redb::Error> {
    Ok(meta
        .get("schema")?
        .and_then(|v| <[u8; 4]>::try_from(v.value()).ok())
        .map_or(0, u32::from_le_bytes))
}

/// Brings the database up to [`SCHEMA_VERSION`].
pub fn run(db: &Database) -> Result<(), StoreError> {
    loop {
        let txn = db.begin_write().map_err(redb::Error::from)?;
        let version = match txn.open_table(META) {
            Ok(meta) => stored_version(&meta)?,
            Err(e) => return Err(redb::Error::from(e).into()),
        };
        if version >= SCHEMA_VERSION {
            txn.abort().map_err(redb::Error::from)?;
            return Ok(());
        }
        MIGRATIONS[version as usize](&txn)?;
        txn.open_table(META)
            .map_err(redb::Error::from)?
            .insert("schema", (version + 1).to_le_bytes().as_slice())
            .map_err(redb::Error::from)?;
        txn.commit().map_err(redb::Error::from)?;
    }
}
