//! The hash chain over the event log: every event is bound to the one before it, so a
//! changed, removed or reordered event is found by [`verify`].

use redb::{ReadableTable, ReadableTableMetadata};
use sha2::{Digest, Sha256};

use super::StoreError;

/// The hash before the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// SHA-256 over the previous hash and the event's stored bytes.
pub fn link(previous: &[u8; 32], event_bytes: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(event_bytes);
    hasher.finalize().into()
}

/// `seq` (8 bytes LE) followed by the hash.
pub fn encode_head(seq: u64, hash: &[u8; 32]) -> Vec<u8> {
    let mut bytes = seq.to_le_bytes().to_vec();
    bytes.extend_from_slice(hash);
    bytes
}

pub fn decode_head(bytes: &[u8]) -> Option<(u64, [u8; 32])> {
    let seq = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    let hash = bytes.get(8..40)?.try_into().ok()?;
    Some((seq, hash))
}

/// Where the chain breaks, if it does.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum Break {
    /// The event's bytes (or its stored hash) are not what was chained.
    Altered { seq: u64 },
    /// An event number is missing from the log.
    Missing { seq: u64 },
    /// The log ends before the recorded head: events at the end were removed.
    Truncated { head: u64, last: u64 },
}

/// What a verification found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainReport {
    pub events: u64,
    /// The last hash, hex: record it elsewhere to anchor the log.
    pub head: String,
    pub broken: Option<Break>,
    /// The first place where the stored state differs from what the events say.
    #[serde(default)]
    pub mismatch: Option<crate::domain::replay::Mismatch>,
    /// The head hash the caller expected (`--expect`), where one was given.
    #[serde(default)]
    pub expected: Option<String>,
}

pub fn hex(hash: &[u8; 32]) -> String {
    use std::fmt::Write;
    hash.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Walks the whole log in order, recomputing every link.
pub fn verify<E, H, M>(events: &E, hashes: &H, meta: &M) -> Result<ChainReport, StoreError>
where
    E: ReadableTable<u64, &'static [u8]> + ReadableTableMetadata,
    H: ReadableTable<u64, &'static [u8]>,
    M: ReadableTable<&'static str, &'static [u8]>,
{
    let mut previous = GENESIS;
    let mut expected = 1u64;
    let mut broken = None;
    for entry in events.iter()? {
        let (key, value) = entry?;
        let seq = key.value();
        if seq != expected {
            broken = Some(Break::Missing { seq: expected });
            break;
        }
        let hash = link(&previous, value.value());
        let stored = hashes.get(seq)?.map(|v| v.value().to_vec());
        if stored.as_deref() != Some(hash.as_slice()) {
            broken = Some(Break::Altered { seq });
            break;
        }
        previous = hash;
        expected += 1;
    }
    let last = expected - 1;
    if broken.is_none() {
        let head = meta.get("chain-head")?.and_then(|v| decode_head(v.value()));
        match head {
            Some((seq, hash)) if seq == last && hash == previous => {}
            Some((seq, _)) if seq > last => broken = Some(Break::Truncated { head: seq, last }),
            None if last == 0 => {}
            _ => broken = Some(Break::Altered { seq: last.max(1) }),
        }
    }
    Ok(ChainReport {
        events: events.len()?,
        head: hex(&previous),
        broken,
        mismatch: None,
        expected: None,
    })
}
