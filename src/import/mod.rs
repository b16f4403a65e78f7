//! Reading the import formats of the interface contract into domain types.
//!
//! Parsing is pure: bytes in, domain values or an [`ImportError`] out. Every error names
//! the file, the item (application reference or index, network id, municipality number)
//! and the field. Checks against what is already stored (does the round exist?) happen
//! in the service, inside the write transaction.

mod applications;
mod fields;
mod malformed;
mod node;
mod registry;
mod round;
mod table;

pub use applications::{
    Accompanying, Given, Parsed, parse_applications, parse_applications_streamed,
};
pub use malformed::Malformed;
pub use registry::{RegistryBatch, parse_registry};
pub use round::parse_rounds;
pub use table::{COLUMNS as TABLE_COLUMNS, is_table, locate};

use std::borrow::Cow;

use crate::domain::AmountError;

/// One input file: its name as the user gave it, and its bytes.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub name: String,
    #[serde(with = "text_or_bytes")]
    pub bytes: Vec<u8>,
}

/// Sends a file's bytes as text where they are UTF-8 (as import files should be), so a
/// JSON frame stays about the file's size; other bytes go as they are, for the import to
/// report where the text breaks.
mod text_or_bytes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    enum Borrowed<'a> {
        Text(&'a str),
        Bytes(&'a [u8]),
    }

    #[derive(Deserialize)]
    enum Owned {
        Text(String),
        Bytes(Vec<u8>),
    }

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Borrowed::Text(text),
            Err(_) => Borrowed::Bytes(bytes),
        }
        .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        Ok(match Owned::deserialize(deserializer)? {
            Owned::Text(text) => text.into_bytes(),
            Owned::Bytes(bytes) => bytes,
        })
    }
}

/// The longest id (reference, round, network, pot) an import accepts, in characters.
pub const MAX_ID_CHARS: usize = 200;

/// The longest text field an import accepts, in characters: a long summary is a few
/// thousand; a megabyte is a pasted file.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The most entries a list field (municipalities, requests, budget lines, people) holds.
pub const MAX_LIST_ITEMS: usize = 10_000;

/// The most one application (or any one entry of a JSON file) may take in memory as it
/// is read, in the slots of [`node::bounded`]: an application with the most
/// municipalities a list holds and a long budget takes some 20 000.
pub const MAX_SLOTS_PER_ENTRY: usize = 200_000;

/// The most entries (applications) one JSON file may list.
pub const MAX_ENTRIES_PER_FILE: usize = 2_000_000;

/// The most values a TOML file (a registry or a round) may hold, counted before it is
/// read: the TOML reader makes some 200 bytes of tree for each, so a few megabytes of
/// `[1,1,1,…]` took a gigabyte. All of Norway's registry holds a few tens of thousands.
pub const MAX_TOML_VALUES: usize = 250_000;

/// The largest file the import reads; bigger is a mistake or an attack.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// What is wrong with an import, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{file}: {item:?} {field:?}: {problem:?}")]
pub struct ImportError {
    pub file: String,
    /// The row of a table (CSV or Excel), counting the header as row 1, as a
    /// spreadsheet numbers it; its `field` is then the column.
    #[serde(default)]
    pub row: Option<usize>,
    /// The application reference (or `#3` where it has none), network id or municipality.
    pub item: Option<String>,
    /// The field, with its path: `requests[0].amount`.
    pub field: Option<String>,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    NotUtf8 {
        offset: usize,
    },
    TooLarge {
        limit: usize,
    },
    Syntax {
        line: Option<usize>,
        column: Option<usize>,
        what: Malformed,
    },
    /// A file named `.xlsx` that is no Excel workbook, or one whose parts are missing;
    /// the reader's words where it gave some.
    NotWorkbook {
        words: Option<String>,
    },
    /// The file ending does not tell the format.
    UnknownFormat,
    CsvHeader {
        found: String,
    },
    Missing,
    WrongType {
        expected: Cow<'static, str>,
    },
    Empty,
    /// An object names the same key twice.
    DuplicateKey {
        key: String,
    },
    /// Longer than the format allows (characters).
    TooLong {
        limit: usize,
    },
    /// More entries in a list than the format allows.
    TooMany {
        limit: usize,
    },
    /// More values than one entry or file may hold as it is read (the limit in values).
    TooManyValues {
        limit: usize,
    },
    /// Line breaks or other control characters where one line of text belongs.
    ControlCharacters,
    UnknownField,
    InvalidDate {
        value: String,
    },
    InvalidDateTime {
        value: String,
    },
    InvalidAmount {
        value: String,
        error: AmountError,
    },
    InvalidMunicipalityNumber {
        value: String,
    },
    InvalidChoice {
        value: String,
        allowed: Vec<Cow<'static, str>>,
    },
    OutOfRange {
        value: String,
        min: i64,
        max: i64,
    },
    PeriodReversed,
    /// A table's row has values beyond the header's columns (they would be lost).
    ExtraValues {
        values: usize,
        columns: usize,
    },
    Duplicate {
        id: String,
    },
    NotAMember {
        number: String,
    },
    UnknownRound {
        id: String,
        known: Vec<String>,
    },
    UnknownNetwork {
        id: String,
    },
    UnknownMunicipality {
        number: String,
    },
    UnknownPot {
        pot: String,
        round: String,
        known: Vec<String>,
    },
    /// An application with this reference exists with other content.
    ExistsDifferent {
        reference: String,
    },
    /// `--replace` on a case that has been decided.
    ReplaceClosed {
        reference: String,
    },
    /// `--replace` would leave an allocation above the new request.
    ReplaceBelowAllocation {
        reference: String,
        pot: String,
    },
    /// A round re-import would leave a pot below what is allocated from it.
    PotBelowAllocated {
        pot: String,
    },
    /// `--replace` would move a case with allocations to another round, whose pots
    /// have not been checked for them.
    ReplaceMovesAllocations {
        reference: String,
        round: String,
    },
    /// `--replace` by someone who declared a conflict of interest in the case.
    ReplaceConflicted {
        reference: String,
        person: String,
    },
    /// A round re-import would turn four-eyes off while proposals made under it wait.
    FourEyesWhileProposed {
        round: String,
        cases: Vec<String>,
    },
    /// A table's header names a column the contract does not have.
    UnknownColumn,
    /// A warning, not an error: line breaks or control characters in a one-line field
    /// were folded to spaces or dropped.
    Folded,
}

/// The most of a refused value (or an unknown field's name) an error repeats: enough to
/// find it in the file. A 15 MB amount was repeated whole, on the terminal and in the
/// server's answer.
const MAX_EXCERPT_CHARS: usize = 100;

/// `text`, cut to [`MAX_EXCERPT_CHARS`] with `…` where it was longer.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(MAX_EXCERPT_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl Problem {
    /// The problem with any value it repeats cut to an [`excerpt`].
    pub(crate) fn cut(mut self) -> Problem {
        for text in self.repeated_texts() {
            if text.chars().nth(MAX_EXCERPT_CHARS).is_some() {
                *text = excerpt(text);
            }
        }
        self
    }

    /// The texts of the file a problem repeats to say what it refused.
    fn repeated_texts(&mut self) -> Vec<&mut String> {
        match self {
            Problem::InvalidAmount { value, error } => match error {
                crate::domain::AmountError::Words(words) => vec![value, words],
                _ => vec![value],
            },
            Problem::InvalidDate { value }
            | Problem::InvalidDateTime { value }
            | Problem::InvalidMunicipalityNumber { value }
            | Problem::InvalidChoice { value, .. }
            | Problem::OutOfRange { value, .. } => vec![value],
            Problem::DuplicateKey { key: text }
            | Problem::CsvHeader { found: text }
            | Problem::NotAMember { number: text }
            | Problem::UnknownMunicipality { number: text }
            | Problem::UnknownNetwork { id: text }
            | Problem::UnknownRound { id: text, .. }
            | Problem::UnknownPot { pot: text, .. } => vec![text],
            _ => Vec::new(),
        }
    }
}

impl ImportError {
    pub fn file(file: &str, problem: Problem) -> ImportError {
        ImportError {
            row: None,
            file: file.to_string(),
            item: None,
            field: None,
            problem: problem.cut(),
        }
    }
}

/// Text from a file, refusing what is not UTF-8 with the byte offset.
pub(crate) fn utf8(source: &Source) -> Result<&str, ImportError> {
    if source.bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::file(
            &source.name,
            Problem::TooLarge {
                limit: MAX_FILE_BYTES,
            },
        ));
    }
    std::str::from_utf8(&source.bytes)
        .map(|s| s.strip_prefix('\u{feff}').unwrap_or(s))
        .map_err(|e| {
            ImportError::file(
                &source.name,
                Problem::NotUtf8 {
                    offset: e.valid_up_to(),
                },
            )
        })
}

/// TOML text into the value model the field readers work on.
pub(crate) fn toml_value(source: &Source) -> Result<node::Node<'static>, ImportError> {
    let text = utf8(source)?;
    if most_toml_values(text) > MAX_TOML_VALUES {
        return Err(ImportError::file(
            &source.name,
            Problem::TooManyValues {
                limit: MAX_TOML_VALUES,
            },
        ));
    }
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, column) = e
            .span()
            .map(|span| line_column(text, span.start))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        ImportError::file(
            &source.name,
            Problem::Syntax {
                line,
                column,
                what: Malformed::of_toml_file(&source.name, e.message()),
            },
        )
    })?;
    Ok(toml_to_node(toml::Value::Table(table)))
}

/// At least as many as the values a TOML text holds, counted without reading it: each
/// value follows a `=`, a `,` or a `[` (strings may hold these too, so this counts more).
fn most_toml_values(text: &str) -> usize {
    text.bytes()
        .filter(|b| matches!(b, b'=' | b',' | b'[' | b'{'))
        .count()
}

/// A JSON syntax error, where it is in the file.
pub(crate) fn syntax(source: &Source, e: &serde_json::Error) -> ImportError {
    ImportError::file(&source.name, json_problem(e, Some((e.line(), e.column()))))
}

/// What a JSON parse error means: a key named twice, or a syntax error (at a place in
/// the file, where that is known).
pub(crate) fn json_problem(e: &serde_json::Error, at: Option<(usize, usize)>) -> Problem {
    if let Some(limit) = node::over_budget(e) {
        return Problem::TooManyValues { limit };
    }
    match node::duplicate_key(e) {
        Some(key) => Problem::DuplicateKey { key },
        None => Problem::Syntax {
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            what: Malformed::of_json(e),
        },
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn toml_to_node(value: toml::Value) -> node::Node<'static> {
    use node::Node;
    match value {
        toml::Value::String(s) => Node::String(Cow::Owned(s)),
        toml::Value::Integer(i) => Node::Number(i.into()),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Node::Null, Node::Number),
        toml::Value::Boolean(b) => Node::Bool(b),
        toml::Value::Datetime(d) => Node::String(Cow::Owned(d.to_string())),
        toml::Value::Array(a) => Node::Array(a.into_iter().map(toml_to_node).collect()),
        toml::Value::Table(t) => {
            let mut object = node::Object::default();
            for (key, value) in t {
                object.push(key, toml_to_node(value));
            }
            Node::Object(object)
        }
    }
}

/// Whether a file name says CSV.
pub(crate) fn is_csv(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}
