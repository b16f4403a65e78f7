//! The one error type of the library: everything a command can be refused for.
//! [`crate::i18n`] puts each into words, in bokmål and English.

use crate::domain::{AmountError, Refusal};
use crate::import::ImportError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule said no.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("not found: {0:?}")]
    NotFound(NotFound),
    #[error("{input:?} is not an amount: {error:?}")]
    Amount { input: String, error: AmountError },
    #[error("empty search")]
    EmptyQuery,
    #[error("server mode is not available in this build")]
    ServerUnavailable { socket: String },
    #[error("the event log is broken: {0:?}")]
    ChainBroken(crate::store::Break),
    #[error("the delimiter must be one ASCII character")]
    BadDelimiter { delimiter: char },
    #[error("the review screen needs a terminal")]
    NotATerminal,
    #[error("{path} holds other data")]
    DemoNotEmpty { path: String },
    #[error("cannot read {path}: {message}")]
    ReadFile {
        path: String,
        missing: bool,
        message: String,
    },
    #[error("cannot write {path}: {message}")]
    Output { path: String, message: String },
}

/// What was asked for and is not there, with the nearest things that are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFound {
    Case {
        reference: String,
        suggestions: Vec<String>,
    },
    Round {
        id: String,
        known: Vec<String>,
    },
    Pot {
        round: String,
        pot: String,
        known: Vec<String>,
    },
    Lookup {
        query: String,
        suggestions: Vec<String>,
    },
    NoRounds,
}

impl From<NotFound> for Error {
    fn from(n: NotFound) -> Error {
        Error::NotFound(n)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
