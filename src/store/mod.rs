//! The store on redb: tables, migrations and the event log. Nothing else touches redb.
//!
//! Several processes share one file (a TUI open while `lookup` runs in another shell, two
//! TUIs). redb locks the whole file while a handle is open, so a file-backed store opens
//! the database for one transaction at a time, retrying briefly while another process
//! holds it, and never keeps a transaction open while a person is typing. Reads open the
//! file read-only, so any number of them run side by side.
//!
//! Durability: every write transaction commits with redb's default, immediate durability
//! (the commit is on disk when `write` returns, so an acknowledged change survives a
//! crash). A database one process holds (the server) shares each commit among the
//! writers of the moment: case commands in one transaction (`combine`), other writes in
//! one flush (`group`); those commits go to disk in one phase ([`durable_as_held`]). A
//! file opened per transaction commits in two phases with quick repair, which stores
//! the allocator state in each commit so that a file left open by a killed process
//! opens again without a walk over the whole file.

mod aggregates;
mod chain;
mod combine;
mod group;
mod legacy;
mod lines;
mod migrations;
mod opened;
mod planted;
mod read;
pub mod tables;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::sleep;
use std::time::{Duration, Instant};

use redb::{Database, DatabaseError, ReadOnlyDatabase, ReadableDatabase};

pub use aggregates::Aggregates;
pub use chain::{Break, ChainReport};
pub use lines::LineSettings;
pub use migrations::SCHEMA_VERSION;
pub use planted::Exposure;
pub use read::{NetworkTotals, PotAmounts, Reader, View, unbounded};
pub use write::{NewCases, Writer};

/// How long an operation waits for another process to let go of the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StoreError {
    #[error("{path} is not a tilskudd database")]
    NotTilskudd { path: PathBuf },
    #[error("{path} has schema {found}, newer than this program's {supported}")]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} does not exist")]
    Missing { path: PathBuf },
    #[error("{path} stayed busy in another process")]
    Busy { path: PathBuf },
    #[error("cannot use {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("the disk holding {path} is full")]
    DiskFull { path: PathBuf },
    #[error("{path} is on a disk that can only be read")]
    ReadOnly { path: PathBuf },
    /// A new database's path holds a link, or an empty file someone else made.
    #[error("{path} was put there by someone else")]
    Planted { path: PathBuf, owner: Option<u32> },
    /// An existing file others could have put there or could change.
    #[error("{path} could have been put there or changed by others")]
    Exposed { path: PathBuf, how: Exposure },
    #[error("stored data could not be read ({what}); the file may be damaged")]
    Corrupt { what: String },
    #[error("database error: {0}")]
    Database(String),
    /// A held database that failed to write (a full disk, an I/O error) and cannot be
    /// trusted to write again until it is opened anew: redb refuses every later
    /// transaction, and a failed flush leaves what was acknowledged unknown.
    #[error("the database must be opened again after a failure: {reason}")]
    Poisoned { reason: String },
}

impl From<redb::Error> for StoreError {
    fn from(e: redb::Error) -> StoreError {
        match e {
            // A damaged file says so in the words the user needs, not redb's.
            redb::Error::Corrupted(what) => StoreError::Corrupt { what },
            // The path is filled in by the store, which knows it.
            redb::Error::Io(e) => io_error(Path::new(""), &e),
            redb::Error::PreviousIo => StoreError::Poisoned {
                reason: e.to_string(),
            },
            e => StoreError::Database(e.to_string()),
        }
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> StoreError {
                StoreError::from(redb::Error::from(e))
            }
        }
    )*};
}
from_redb!(
    redb::TableError,
    redb::StorageError,
    redb::TransactionError,
    redb::CommitError,
    redb::DatabaseError
);

enum Location {
    /// Opened per operation, so other processes get their turn.
    File(PathBuf),
    /// Held open for the store's lifetime: tests, and the server that owns the file
    /// (with its path, for messages). Writes commit in groups (`group`).
    Held(
        Arc<Database>,
        PathBuf,
        Arc<group::GroupCommit>,
        Arc<combine::Combiner>,
    ),
}

/// One table's share of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSize {
    pub table: String,
    /// The bytes of its keys and values.
    pub stored: u64,
    /// Tree pages' own bytes and the free space inside them.
    pub overhead: u64,
}

/// The tilskudd database.
pub struct Store {
    location: Location,
}

/// How a command that only reads opens the file: with a page cache of a few MiB, not
/// redb's default of 1 GiB. A read goes once through what it needs (a list or an
/// export reads each case once), so a larger cache only holds pages it will not read
/// again, and the process's memory grew with the round's size.
fn read_only_builder() -> redb::Builder {
    let mut builder = Database::builder();
    builder.set_cache_size(READ_CACHE_BYTES);
    builder
}

const READ_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// The file opened for writing (created where missing), retrying while another
/// process holds it; with a page cache of [`WRITE_CACHE_BYTES`], not redb's default of
/// 1 GiB. redb keeps a write transaction's changed pages in at most half of it and
/// writes the rest out early, so a large import's memory stays bounded instead of
/// holding every page it wrote; a server's stays bounded as it reads over days.
fn open_writable(path: &Path) -> Result<Database, StoreError> {
    retry(path, || {
        let mut builder = Database::builder();
        builder.set_cache_size(WRITE_CACHE_BYTES);
        builder.create(path)
    })
}

// 48 MiB: an import of 100 000 applications ran as fast with it as with 96 MiB (paired
// runs, BENCHMARKS.md) and peaked 28 MiB lower.
const WRITE_CACHE_BYTES: usize = 48 * 1024 * 1024;

/// The first bytes of every redb file.
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

impl Store {
    /// Opens the database at `path`, creating it (and its directory) if missing and
    /// migrating it to the current schema. A file that is not a tilskudd database, or is
    /// from a newer version, is refused and left as it was.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, true)
    }

    /// Opens an existing database; a missing file is an error, not a new database, so a
    /// mistyped `--db` is noticed and nothing is created.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, false)
    }

    fn open_with(path: &Path, create: bool) -> Result<Store, StoreError> {
        let io = |e: std::io::Error| StoreError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        planted::refuse_exposed(path)?;
        let existing = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    message: "is a directory".into(),
                });
            }
            Ok(meta) => meta.len() > 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io(e)),
        };
        let mut found = None;
        if existing {
            found = Self::verify_ours(path)?;
        } else if !create {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        } else {
            planted::create_private(path).map_err(|e| match e {
                planted::Created::Planted(owner) => StoreError::Planted {
                    path: path.to_path_buf(),
                    owner,
                },
                planted::Created::Io(e) => io(e),
            })?;
        }
        let store = Store {
            location: Location::File(path.to_path_buf()),
        };
        // A file already at this schema needs no writable open: a read-only command
        // then opens the file read-only, and only once more for its read.
        if found != Some(SCHEMA_VERSION) {
            store.with_database(migrations::run)?;
            // A migration that rewrote a table leaves the old pages as free room in
            // the file (twice the size after schema 12's lines): give it back, once.
            if found.is_some() {
                let _ = store.compact();
            }
        }
        Ok(store)
    }

    /// A database in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        let db = Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?;
        migrations::run(&db)?;
        Ok(Store {
            location: Location::Held(
                Arc::new(db),
                PathBuf::from("memory"),
                Arc::default(),
                Arc::default(),
            ),
        })
    }

    /// Opens `path` and keeps it open: for the one process that owns the file (the
    /// server). A file another process holds is refused at once rather than waited for,
    /// so a second server on the same database says so.
    pub fn open_held(path: &Path) -> Result<Store, StoreError> {
        planted::refuse_exposed(path)?;
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0) {
            Self::verify_magic(path)?;
            if let Err(DatabaseError::DatabaseAlreadyOpen) = ReadOnlyDatabase::open(path) {
                return Err(StoreError::Busy {
                    path: path.to_path_buf(),
                });
            }
        }
        Store::open(path)?;
        let db = open_writable(path)?;
        Ok(Store {
            location: Location::Held(
                Arc::new(db),
                path.to_path_buf(),
                Arc::default(),
                Arc::default(),
            ),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(path) => Some(path),
            Location::Held(..) => None,
        }
    }

    /// Whether the file starts as every redb file does.
    fn verify_magic(path: &Path) -> Result<(), StoreError> {
        let mut head = [0u8; REDB_MAGIC.len()];
        let read = std::fs::File::open(path).and_then(|mut f| {
            use std::io::Read;
            f.read_exact(&mut head)
        });
        if read.is_err() || head != REDB_MAGIC {
            return Err(StoreError::NotTilskudd {
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }

    /// Checks the magic bytes, the application mark and the schema, reading only; the
    /// schema found, or `None` where the file needs a repair first.
    fn verify_ours(path: &Path) -> Result<Option<u32>, StoreError> {
        Self::verify_magic(path)?;
        let opened = retry(path, || match ReadOnlyDatabase::open(path) {
            Ok(db) => Ok(Some(db)),
            // Left open by a process that died: redb repairs it on a writable open, which
            // the migration step does right after this.
            Err(DatabaseError::RepairAborted) => Ok(None),
            Err(e) => Err(e),
        })?;
        let Some(db) = opened else { return Ok(None) };
        let txn = db.begin_read()?;
        let not_ours = || StoreError::NotTilskudd {
            path: path.to_path_buf(),
        };
        let meta = txn.open_table(tables::META).map_err(|_| not_ours())?;
        let mark = meta.get("application")?.map(|v| v.value().to_vec());
        if mark.as_deref() != Some(migrations::APPLICATION_MARK) {
            return Err(not_ours());
        }
        let found = migrations::stored_version(&meta)?;
        // Schema numbers grow one a release: an absurd one is damage, not the future.
        if found > SCHEMA_VERSION + 1_000 {
            return Err(StoreError::Corrupt {
                what: format!("schema number {found}"),
            });
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(Some(found))
    }

    fn with_database<T>(
        &self,
        f: impl FnOnce(&Database) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &self.location {
            Location::Held(db, path, ..) => f(db).map_err(|e| e.at(path)),
            Location::File(path) => {
                let db = open_writable(path)?;
                f(&db).map_err(|e| e.at(path))
            }
        }
    }

    /// Runs `f` on a consistent snapshot.
    pub fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, E>,
    ) -> Result<T, E> {
        let reader = match &self.location {
            Location::Held(db, ..) => Reader::new(db.begin_read().map_err(StoreError::from)?),
            Location::File(path) => {
                let db = retry(path, || match read_only_builder().open_read_only(path) {
                    Ok(db) => Ok(Some(db)),
                    Err(DatabaseError::RepairAborted) => Ok(None),
                    Err(e) => Err(e),
                })?;
                if let Some(db) = db {
                    Reader::new(db.begin_read().map_err(StoreError::from)?)
                } else {
                    // Needs a repair first: a writable open does it.
                    let db = open_writable(path)?;
                    Reader::new(db.begin_read().map_err(StoreError::from)?)
                }
            }
        };
        f(&reader)
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back
    /// entirely if it returns `Err`. Every commit bumps the change counter.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transact(true, f)
    }

    /// Runs `command` in one write transaction, committed if it returns `Ok`, as
    /// [`Store::write`] does; but on a held database (the server) the transaction is
    /// shared with the commands of whoever else is writing at the moment, and commits
    /// once for all of them. Each command is still all or nothing, and answered only
    /// once on disk. `command` may run more than once, each time on the same data: a
    /// refusal of another command in the same transaction makes it run again.
    pub fn write_shared<F, T, E>(&self, command: F) -> Result<T, E>
    where
        F: FnMut(&mut Writer) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        match &self.location {
            Location::Held(db, path, _, combiner) => combiner.run(db, path, command),
            Location::File(_) => self.write(command),
        }
    }

    /// Runs `f` in a write transaction that is always rolled back: what a command would
    /// do, or why it would be refused, with nothing stored.
    pub fn rehearse<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transact(false, f)
    }

    fn transact<T, E: From<StoreError>>(
        &self,
        commit: bool,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<T, E> {
        // A held database commits in groups: the commit does not wait for the disk,
        // and a flush shared with the other writers of the moment follows it.
        let group = match &self.location {
            Location::Held(_, _, group, _) if commit => Some(group),
            _ => None,
        };
        let run = |db: &Database| -> Result<Result<T, E>, StoreError> {
            let mut txn = db.begin_write()?;
            // Immediate durability: `commit` returns only once the data is on disk, so
            // whatever is acknowledged after it (a command's exit 0, a server's answer)
            // survives a crash or `kill -9`. The cost is one fsync per command, a few
            // milliseconds: right for advisers' decisions, which are legal records. A
            // held database gets the same promise from its group's flush.
            let durability = if group.is_some() {
                redb::Durability::None
            } else {
                redb::Durability::Immediate
            };
            txn.set_durability(durability)
                .map_err(|e| StoreError::Database(e.to_string()))?;
            // Two-phase commit: the new root is made valid only after everything it
            // points to is on disk, so a torn write can never be taken for a commit
            // (one-phase commit relies on checksums to notice one).
            // Quick repair: each commit also saves the allocator state, so reopening
            // after a crash is quick instead of a walk over the whole file. Both are
            // for a file opened per transaction; a held database's flush commits as
            // `durable_as_held` says.
            txn.set_two_phase_commit(group.is_none());
            txn.set_quick_repair(group.is_none());
            let mut writer = Writer::new(&txn);
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut writer)));
            let outcome = match ran {
                Ok(outcome) => outcome,
                Err(panic) => {
                    let closed = writer.close_after_panic();
                    let rolled_back = write::abort_after_panic(txn, closed);
                    // A held database that can no longer begin a write is reopened
                    // (the server restarts); otherwise the panic goes on to be reported.
                    if let (Err(e), Location::Held(..)) = (rolled_back, &self.location) {
                        return Err(e);
                    }
                    std::panic::resume_unwind(panic)
                }
            };
            match outcome {
                Ok(value) => {
                    if commit {
                        writer.finish()?;
                        txn.commit()?;
                        if let Some(group) = group {
                            group.wait_durable(db)?;
                        }
                    } else {
                        drop(writer);
                        txn.abort()?;
                    }
                    Ok(Ok(value))
                }
                Err(e) => Ok(Err(e)),
            }
        };
        self.with_database(run)?
    }

    /// Gives the file's free space back: after a large import or a long history, redb
    /// keeps room it no longer uses. Needs the file to itself (no server on it).
    pub fn compact(&self) -> Result<(), StoreError> {
        let Location::File(path) = &self.location else {
            return Ok(());
        };
        let mut db = open_writable(path)?;
        while db
            .compact()
            .map_err(|e| StoreError::Database(e.to_string()).at(path))?
        {}
        Ok(())
    }

    /// Compacts the file where its free room takes up disk; whether it did. redb grows a
    /// file by doubling its length, and a filesystem with holes (ext4, xfs, btrfs) keeps
    /// the room never written as a hole: after a large import the file's length is up
    /// to twice what it holds while its blocks on disk are what it holds, and a
    /// compaction would read and move the whole file to give back nothing.
    pub fn compact_where_room_takes_disk(&self) -> Result<bool, StoreError> {
        let Location::File(path) = &self.location else {
            return Ok(false);
        };
        let metadata = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
        if !room_takes_disk(&metadata) {
            return Ok(false);
        }
        self.compact()?;
        Ok(true)
    }

    /// Where the bytes go: per table, the bytes its entries hold and the bytes of
    /// tree structure and free space around them (for `dev stats`).
    pub fn table_sizes(&self) -> Result<Vec<TableSize>, StoreError> {
        use redb::ReadableTableMetadata;
        let size = |name: &str, stats: redb::TableStats| TableSize {
            table: name.to_string(),
            stored: stats.stored_bytes(),
            overhead: stats.metadata_bytes() + stats.fragmented_bytes(),
        };
        self.with_database(|db| {
            let txn = db.begin_read()?;
            let mut sizes = Vec::new();
            for table in tables::TEXT_TABLES {
                let opened = txn.open_table(table)?;
                sizes.push(size(redb::TableHandle::name(&table), opened.stats()?));
            }
            for table in [tables::EVENTS, tables::EVENT_HASHES] {
                let opened = txn.open_table(table)?;
                sizes.push(size(redb::TableHandle::name(&table), opened.stats()?));
            }
            Ok(sizes)
        })
    }

    /// The change counter: cheap to read, different after any commit by anyone.
    pub fn changes(&self) -> Result<u64, StoreError> {
        self.read(View::changes)
    }
}

/// How a held database's durable commits (a server's) reach the disk: immediately, in
/// one phase, without the allocator state.
///
/// One phase means one `fsync` per commit where two phases take two: redb writes the
/// new root with a checksum and falls back to the previous one where a crash tore it,
/// so a commit is still on disk before its answer. Two phases guard only against
/// someone who both orders the disk's writes and crashes the machine mid-`fsync`.
/// Without the allocator state, opening after a crash walks the file once to rebuild
/// it: 0.1 s for 100 000 applications (76 MB). Together they halve a server's `fsync`
/// calls; in paired runs one writer's durable writes per second rose by about half and
/// eight writers' by about a quarter (BENCHMARKS.md).
pub(super) fn durable_as_held(txn: &mut redb::WriteTransaction) -> Result<(), StoreError> {
    txn.set_durability(redb::Durability::Immediate)
        .map_err(|e| StoreError::Database(e.to_string()))?;
    txn.set_two_phase_commit(false);
    txn.set_quick_repair(false);
    Ok(())
}

/// What an I/O error on the database file means for the user.
fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.kind() {
        std::io::ErrorKind::StorageFull => StoreError::DiskFull { path },
        std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly { path },
        std::io::ErrorKind::UnexpectedEof => StoreError::Corrupt {
            what: "the file ends too early".into(),
        },
        _ => StoreError::Io {
            path,
            message: e.to_string(),
        },
    }
}

impl StoreError {
    /// Names the file in an error that was made without knowing it.
    fn at(self, file: &Path) -> StoreError {
        let named = |path: PathBuf| {
            if path.as_os_str().is_empty() {
                file.to_path_buf()
            } else {
                path
            }
        };
        match self {
            StoreError::Io { path, message } => StoreError::Io {
                path: named(path),
                message,
            },
            StoreError::DiskFull { path } => StoreError::DiskFull { path: named(path) },
            StoreError::ReadOnly { path } => StoreError::ReadOnly { path: named(path) },
            other => other,
        }
    }
}

/// Retries an open while another process holds the file.
fn retry<T>(
    path: &Path,
    mut open: impl FnMut() -> Result<T, DatabaseError>,
) -> Result<T, StoreError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match open() {
            Ok(value) => return Ok(value),
            Err(DatabaseError::DatabaseAlreadyOpen) if start.elapsed() < BUSY_TIMEOUT => {
                sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(DatabaseError::DatabaseAlreadyOpen) => {
                return Err(StoreError::Busy {
                    path: path.to_path_buf(),
                });
            }
            Err(DatabaseError::Storage(redb::StorageError::Corrupted(what))) => {
                return Err(StoreError::Corrupt { what });
            }
            Err(DatabaseError::Storage(redb::StorageError::Io(e))) => {
                return Err(io_error(path, &e));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Whether a file's blocks on disk cover (nearly) all its length: no holes, so its
/// free room takes up disk.
#[cfg(unix)]
fn room_takes_disk(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // `blocks` counts 512-byte units whatever the filesystem's block size.
    metadata.blocks().saturating_mul(512) >= metadata.len() / 10 * 9
}

/// Without a way to see holes, all room is taken to be on disk.
#[cfg(not(unix))]
fn room_takes_disk(_metadata: &std::fs::Metadata) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::room_takes_disk;
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn a_hole_is_room_that_takes_no_disk() {
        let dir = tempfile::tempdir().unwrap();
        let written = dir.path().join("written");
        let mut file = std::fs::File::create(&written).unwrap();
        file.write_all(&vec![1_u8; 1 << 20]).unwrap();
        file.sync_all().unwrap();
        assert!(room_takes_disk(&std::fs::metadata(&written).unwrap()));
        // Grown as redb grows a file: the new length is a hole where the filesystem has
        // them (every one Linux servers use), and counts as disk where it has not.
        file.set_len(8 << 20).unwrap();
        let grown = std::fs::metadata(&written).unwrap();
        let has_holes = grown.blocks() * 512 < grown.len();
        assert_eq!(room_takes_disk(&grown), !has_holes);
    }
}
