//! Numbered migrations, each in its own write transaction, each safe to run again.

use redb::{Database, ReadableTable, WriteTransaction};

use super::StoreError;
use super::tables::{self, META};

/// The schema this build writes and understands.
pub const SCHEMA_VERSION: u32 = 12;

/// Marks a redb file as a tilskudd database.
pub const APPLICATION_MARK: &[u8] = b"tilskudd";

type Migration = fn(&WriteTransaction) -> Result<(), redb::Error>;

/// Migration `n` (from 1) takes the schema from `n - 1` to `n`.
const MIGRATIONS: [Migration; SCHEMA_VERSION as usize] = [
    create_tables,
    chain_letters_and_totals,
    users,
    officials,
    case_details,
    municipality_details,
    standing_ties,
    municipality_grants,
    follow_up,
    verdicts_per_pot,
    overview,
    case_lines,
];

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

/// Schema 2: the hash chain over the event log, letter records, and per-network totals,
/// each filled in from what schema 1 stored.
fn chain_letters_and_totals(txn: &WriteTransaction) -> Result<(), redb::Error> {
    use std::collections::BTreeMap;

    use super::chain::{GENESIS, encode_head, link};
    use super::read::NetworkTotals;

    txn.open_table(tables::LETTERS)?;
    let events = txn.open_table(tables::EVENTS)?;
    let mut hashes = txn.open_table(tables::EVENT_HASHES)?;
    let (mut previous, mut last) = (GENESIS, 0);
    for entry in events.iter()? {
        let (seq, bytes) = entry?;
        let hash = link(&previous, bytes.value());
        hashes.insert(seq.value(), hash.as_slice())?;
        (previous, last) = (hash, seq.value());
    }
    if last > 0 {
        txn.open_table(META)?
            .insert("chain-head", encode_head(last, &previous).as_slice())?;
    }
    let mut totals: BTreeMap<String, NetworkTotals> = BTreeMap::new();
    for entry in txn.open_table(tables::CASES)?.iter()? {
        let (reference, bytes) = entry?;
        let (case, _) = super::legacy::read_case(bytes.value()).ok_or_else(|| {
            redb::Error::Corrupted(format!("case {} could not be read", reference.value()))
        })?;
        let key = tables::key2(&case.application.round, &case.application.network);
        totals.entry(key).or_default().add(&case, 1);
    }
    let mut table = txn.open_table(tables::NETWORK_TOTALS)?;
    for (key, value) in totals {
        let bytes = postcard::to_allocvec(&value).expect("totals always encode");
        table.insert(key.as_str(), bytes.as_slice())?;
    }
    drop(table);
    add_nynorsk_pot_names(txn)
}

/// Schema 3: the users of a shared server. Empty until `serve` or `users add`.
fn users(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::USERS)?;
    Ok(())
}

/// Schema 1 stored pots without a nynorsk name: read them in that layout and store them
/// in the new one. A round already in the new layout is left as it is.
fn add_nynorsk_pot_names(txn: &WriteTransaction) -> Result<(), redb::Error> {
    use crate::domain::{Money, Pot, Round};

    #[derive(serde::Deserialize)]
    struct PotV1 {
        id: String,
        name: String,
        total: Money,
        partner_required: bool,
    }
    #[derive(serde::Deserialize)]
    struct RoundV1 {
        id: String,
        county: String,
        year: i32,
        deadline: chrono::NaiveDate,
        funds_used_by: Option<chrono::NaiveDate>,
        four_eyes: bool,
        appeal_rights: bool,
        pots: Vec<PotV1>,
    }
    let mut rounds = txn.open_table(tables::ROUNDS)?;
    let mut converted = Vec::new();
    for entry in rounds.iter()? {
        let (id, bytes) = entry?;
        if postcard::from_bytes::<Round>(bytes.value()).is_ok() {
            continue;
        }
        let old: RoundV1 = postcard::from_bytes(bytes.value()).map_err(|_| {
            redb::Error::Corrupted(format!("round {} could not be read", id.value()))
        })?;
        let round = Round {
            id: old.id,
            county: old.county,
            year: old.year,
            deadline: old.deadline,
            funds_used_by: old.funds_used_by,
            four_eyes: old.four_eyes,
            appeal_rights: old.appeal_rights,
            pots: old
                .pots
                .into_iter()
                .map(|p| Pot {
                    id: p.id,
                    name: p.name,
                    name_nn: None,
                    total: p.total,
                    partner_required: p.partner_required,
                })
                .collect(),
        };
        converted.push((
            id.value().to_string(),
            postcard::to_allocvec(&round).expect("rounds always encode"),
        ));
    }
    for (id, bytes) in converted {
        rounds.insert(id.as_str(), bytes.as_slice())?;
    }
    Ok(())
}

/// Schema 4: the names and titles logins sign letters with, and each round's terms.
fn officials(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::OFFICIALS)?;
    txn.open_table(tables::ROUND_TERMS)?;
    Ok(())
}

/// Schema 5: what the archive and the applicant call a case, and who is paid.
fn case_details(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::CASE_DETAILS)?;
    Ok(())
}

/// Schema 6: municipalities' official names and organisation numbers.
fn municipality_details(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::MUNICIPALITY_DETAILS)?;
    Ok(())
}

/// Schema 7: advisers' standing ties with municipalities.
fn standing_ties(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::STANDING_TIES)?;
    Ok(())
}

/// Schema 8: the grants of each municipality's projects, filled in from the decided
/// cases.
fn municipality_grants(txn: &WriteTransaction) -> Result<(), redb::Error> {
    let cases = txn.open_table(tables::CASES)?;
    let mut index = txn.open_table(tables::MUNICIPALITY_GRANTS)?;
    for entry in cases.iter()? {
        let (_, bytes) = entry?;
        // A case this version cannot read is left for `audit --verify` to name.
        let Some((case, _)) = super::legacy::read_case(bytes.value()) else {
            continue;
        };
        for (key, row) in super::aggregates::municipality_grant_rows(&case) {
            let encoded = postcard::to_allocvec(&row).expect("rows always encode");
            index.insert(key.as_str(), encoded.as_slice())?;
        }
    }
    Ok(())
}

/// Schema 9: what follows a decision (payments, reports, claims).
fn follow_up(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::FOLLOW_UP)?;
    Ok(())
}

/// Schema 10: cases gain verdicts per pot; each case is written again in the new layout.
fn verdicts_per_pot(txn: &WriteTransaction) -> Result<(), redb::Error> {
    let mut cases = txn.open_table(tables::CASES)?;
    let mut rewritten = Vec::new();
    for entry in cases.iter()? {
        let (reference, bytes) = entry?;
        // A case neither layout reads is left for `audit --verify` to name.
        if let Some((case, true)) = super::legacy::read_case(bytes.value()) {
            rewritten.push((reference.value().to_string(), case));
        }
    }
    for (reference, case) in rewritten {
        let bytes = postcard::to_allocvec(&case).expect("cases always encode");
        cases.insert(reference.as_str(), bytes.as_slice())?;
    }
    Ok(())
}

/// Schema 11: each municipality's application totals per round (from the cases), priority
/// flags and case themes, for the overview and the annual report.
fn overview(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(tables::PRIORITIES)?;
    txn.open_table(tables::CASE_THEMES)?;
    let cases = txn.open_table(tables::CASES)?;
    let mut totals: std::collections::BTreeMap<String, (u64, crate::domain::Money)> =
        std::collections::BTreeMap::new();
    for entry in cases.iter()? {
        let (_, bytes) = entry?;
        // A case this version cannot read is left for `audit --verify` to name.
        let Some((case, _)) = super::legacy::read_case(bytes.value()) else {
            continue;
        };
        for (key, share) in super::aggregates::municipality_case_rows(&case) {
            super::aggregates::add_share(totals.entry(key).or_default(), share, 1);
        }
    }
    let mut index = txn.open_table(tables::MUNICIPALITY_CASES)?;
    for (key, total) in totals {
        let encoded = postcard::to_allocvec(&total).expect("totals always encode");
        index.insert(key.as_str(), encoded.as_slice())?;
    }
    Ok(())
}

/// Schema 12: each case's list line, so a list reads a line instead of the whole case.
fn case_lines(txn: &WriteTransaction) -> Result<(), redb::Error> {
    super::lines::refresh_all(txn).map_err(|e| redb::Error::Corrupted(e.to_string()))
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
