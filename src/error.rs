//! The one error type of the library: everything a command can be refused for.
//! [`crate::i18n`] puts each into words, in bokmål and English.

use crate::domain::{AmountError, Refusal, UserRole};
use crate::import::ImportError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error, serde::Serialize, serde::Deserialize)]
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
    /// Talking to a server, or serving, went wrong.
    #[error("server: {0:?}")]
    Server(ServerProblem),
    /// The login is not a user of this server.
    #[error("{login} is not a user of this server")]
    UnknownUser { login: String, admins: Vec<String> },
    /// The caller's role does not include what the request needs.
    #[error("{login} ({role:?}) may not do this; it needs {needs:?}")]
    Forbidden {
        login: String,
        role: UserRole,
        needs: UserRole,
    },
    #[error("the event log is broken: {0:?}")]
    ChainBroken(crate::store::Break),
    /// The stored state is not what the event log says it is.
    #[error("the stored state differs from the log: {0:?}")]
    StateDiffers(crate::domain::replay::Mismatch),
    /// The log's head hash is not the one recorded elsewhere.
    #[error("the log's head is {head}, not {expected}")]
    HeadDiffers { head: String, expected: String },
    #[error("{input:?} is not a date")]
    BadDate { input: String },
    #[error("the delimiter must be one ASCII character")]
    BadDelimiter { delimiter: char },
    #[error("the review screen needs a terminal")]
    NotATerminal,
    /// A binary file (an Excel export) would be written to a terminal.
    #[error("a binary file needs --out")]
    BinaryToTerminal,
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
    /// The system configuration is there but cannot be read or understood.
    #[error("the configuration {path} is wrong: {message}")]
    Config { path: String, message: String },
    /// Something inside the program went wrong (a bug, or a damaged file read without
    /// a checksum); the work under way was rolled back.
    #[error("internal error: {message}")]
    Internal { message: String },
}

/// What went wrong between a client and a server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ServerProblem {
    /// Nothing answers on the socket.
    NotRunning { socket: String },
    /// Nothing answers on the socket the system configuration names.
    ConfiguredNotRunning { socket: String, config: String },
    /// The socket's permissions keep this user out; `group` may connect.
    NoAccess {
        socket: String,
        group: Option<String>,
    },
    /// The connection broke before the answer came.
    Lost { socket: String },
    /// The two sides speak different protocol versions.
    VersionMismatch {
        client_protocol: u32,
        client_version: String,
        server_protocol: u32,
        server_version: String,
    },
    /// The other side sent something this side cannot read.
    Garbled { message: String },
    /// `serve`: a live server already answers on the socket.
    AlreadyServing { socket: String },
    /// `serve`: the socket path holds something that is not a socket.
    NotASocket { socket: String },
    /// `serve` could not set up its socket.
    Io { socket: String, message: String },
    /// A command that works on a database file only (`demo`, `dev generate`).
    LocalOnly { command: String },
    /// The server holds as many connections as it takes, in all (`per_user: false`) or
    /// from this user.
    Busy { limit: usize, per_user: bool },
    /// The user has as many requests under way as the server takes from one user.
    RequestsUnderWay { limit: usize },
    /// A request larger than its kind may be: only imports may be large.
    TooLarge { bytes: usize, limit: usize },
    /// An answer larger than one frame carries: a narrower question is needed.
    AnswerTooLarge { bytes: usize, limit: usize },
    /// The process answering on the socket runs as another account than the one that
    /// owns the socket's folder: not the real server.
    Untrusted {
        socket: String,
        server_uid: u32,
        expected_uid: u32,
    },
}

/// What was asked for and is not there, with the nearest things that are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// No round of this year: the years there are rounds of.
    RoundsOfYear {
        year: i32,
        known: Vec<i32>,
    },
}

impl From<NotFound> for Error {
    fn from(n: NotFound) -> Error {
        Error::NotFound(n)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The reason given when a path holds something other than a plain file (a folder, a
/// pipe, a socket or a device), so each language can say it in its own words.
pub const NOT_A_FILE: &str = "not a regular file (a folder, pipe, socket or device is there)";
