//! Every redb table, as a documented `const`. A table's name carries its version: change
//! the shape of what it stores and the name gets a new number, with a migration.
//!
//! Values are postcard-encoded domain types. Keys are text; composite keys join their
//! parts with [`SEP`], which cannot occur in ids, so a prefix range finds all of one part.

use redb::TableDefinition;

/// Separator inside composite keys.
pub const SEP: char = '\u{0}';

/// Database-wide facts. Keys: `application` (b"tilskudd", marks the file as ours),
/// `schema` (u32 LE, the schema version), `changes` (u64 LE, bumped by every commit so an
/// open view can notice others' changes cheaply).
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta-1");

/// Municipality number → `Municipality`.
pub const MUNICIPALITIES: TableDefinition<&str, &[u8]> = TableDefinition::new("municipalities-1");

/// Network id → `Network` (with members, steering group and people).
pub const NETWORKS: TableDefinition<&str, &[u8]> = TableDefinition::new("networks-1");

/// Round id → `Round` (with its pots).
pub const ROUNDS: TableDefinition<&str, &[u8]> = TableDefinition::new("rounds-1");

/// Case reference → `Case` (the application and its review state).
pub const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases-1");

/// `round SEP reference` → nothing: the cases of a round, in reference order.
pub const ROUND_CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("round-cases-1");

/// `round SEP pot` → `Money`: the sum of the pot's allocations over all cases, kept in
/// step with `CASES` in the same transaction so a balance never needs a scan.
pub const POT_ALLOCATED: TableDefinition<&str, &[u8]> = TableDefinition::new("pot-allocated-1");

/// `round SEP state` → u64 LE: how many of the round's cases are in that state.
pub const STATE_COUNTS: TableDefinition<&str, &[u8]> = TableDefinition::new("state-counts-1");

/// `network SEP round` → `BTreeMap<pot, Money>`: granted amounts, for the funding
/// history a lookup shows.
pub const NETWORK_GRANTS: TableDefinition<&str, &[u8]> = TableDefinition::new("network-grants-1");

/// Sequence number → `Event`: the log of every change, from 1, without gaps.
pub const EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("events-1");

/// `reference SEP seq (20 digits)` → nothing: a case's events in order.
pub const CASE_EVENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("case-events-1");

/// Case reference → `LetterRecord`: when the grant letter was first written, so that
/// writing it again gives the same letter.
pub const LETTERS: TableDefinition<&str, &[u8]> = TableDefinition::new("letters-1");

/// `round SEP network` → `NetworkTotals`: requested and allocated per pot, kept in step
/// with `CASES` for the per-network breakdown of `status`.
pub const NETWORK_TOTALS: TableDefinition<&str, &[u8]> = TableDefinition::new("network-totals-1");

/// Sequence number → 32 bytes: SHA-256 over the previous event's hash and this event's
/// stored bytes. The head (last seq and hash) is in `META` under `chain-head`, so a
/// removed last event is noticed too.
pub const EVENT_HASHES: TableDefinition<u64, &[u8]> = TableDefinition::new("event-hashes-1");

/// Login name → `User`: who may use a server, and in which role.
pub const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users-1");

/// Login name → `Official`: the full name and title a login signs letters with.
pub const OFFICIALS: TableDefinition<&str, &[u8]> = TableDefinition::new("officials-1");

/// Round id → `RoundTerms`: counties, report deadline, the deciding body.
pub const ROUND_TERMS: TableDefinition<&str, &[u8]> = TableDefinition::new("round-terms-1");

/// Case reference → `CaseDetails`: archive and applicant references, the payee.
pub const CASE_DETAILS: TableDefinition<&str, &[u8]> = TableDefinition::new("case-details-1");

/// Municipality number → `MunicipalityDetails`: official name and organisation number.
pub const MUNICIPALITY_DETAILS: TableDefinition<&str, &[u8]> =
    TableDefinition::new("municipality-details-1");

/// `person SEP municipality` → `StandingTie`: an adviser's declared conflict with a
/// municipality, which bars them from its cases until withdrawn.
pub const STANDING_TIES: TableDefinition<&str, &[u8]> = TableDefinition::new("standing-ties-1");

/// `municipality SEP round SEP reference` → `(network, PotAmounts)`: what each granted
/// project a municipality takes part in got, for lookups and the overview.
pub const MUNICIPALITY_GRANTS: TableDefinition<&str, &[u8]> =
    TableDefinition::new("municipality-grants-1");

/// `round SEP reference` → `FollowUp`: payments, report, claims, repayments and the
/// extension of a decided case.
pub const FOLLOW_UP: TableDefinition<&str, &[u8]> = TableDefinition::new("follow-up-1");

/// `municipality SEP round` → `(applications, requested)`: how many applications a
/// municipality took part in, and what they asked for, decided or not: its history.
pub const MUNICIPALITY_CASES: TableDefinition<&str, &[u8]> =
    TableDefinition::new("municipality-applications-1");

/// `municipality` → `Priority`: the county governor's special attention to a
/// municipality that needs quality development.
pub const PRIORITIES: TableDefinition<&str, &[u8]> = TableDefinition::new("priorities-1");

/// `reference` → the themes (project kinds) an adviser recorded for a case.
pub const CASE_THEMES: TableDefinition<&str, &[u8]> = TableDefinition::new("case-themes-1");

/// Case reference → `CaseLine`: what a list shows of the case, kept in step with the
/// case and with the rounds and networks its checks read (`store/lines.rs`).
pub const CASE_LINES: TableDefinition<&str, &[u8]> = TableDefinition::new("case-lines-1");

/// Every table with text keys, for maintenance that walks them all.
pub const TEXT_TABLES: [TableDefinition<&str, &[u8]>; 24] = [
    META,
    MUNICIPALITIES,
    NETWORKS,
    ROUNDS,
    CASES,
    ROUND_CASES,
    POT_ALLOCATED,
    STATE_COUNTS,
    NETWORK_GRANTS,
    CASE_EVENTS,
    LETTERS,
    NETWORK_TOTALS,
    USERS,
    OFFICIALS,
    ROUND_TERMS,
    CASE_DETAILS,
    MUNICIPALITY_DETAILS,
    STANDING_TIES,
    MUNICIPALITY_GRANTS,
    FOLLOW_UP,
    MUNICIPALITY_CASES,
    PRIORITIES,
    CASE_THEMES,
    CASE_LINES,
];

pub fn key2(a: &str, b: &str) -> String {
    let mut key = String::with_capacity(a.len() + b.len() + 1);
    key.push_str(a);
    key.push(SEP);
    key.push_str(b);
    key
}

pub fn key3(a: &str, b: &str, c: &str) -> String {
    let mut key = key2(a, b);
    key.push(SEP);
    key.push_str(c);
    key
}

/// The range of keys that start with `a SEP`.
pub fn prefix_range(a: &str) -> (String, String) {
    (format!("{a}{SEP}"), format!("{a}\u{1}"))
}
