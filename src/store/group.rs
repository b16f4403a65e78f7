//! Group commit for a database one process holds open (the server): each command's
//! transaction commits without waiting for the disk, and then waits for a flush that
//! started after it. One flush serves every command that committed meanwhile, so eight
//! clients writing at once cost about one fsync between them, not eight; and nothing is
//! acknowledged before it is on disk.
//!
//! A commit not yet flushed is lost in a crash, together with every commit after it (a
//! flush makes all commits before it durable, in order): none of them was acknowledged.

use std::sync::{Condvar, Mutex, PoisonError};

use redb::Database;

use super::StoreError;

#[derive(Default)]
struct Flushes {
    /// Flushes begun so far; the one under way, if any, is the last begun.
    begun: u64,
    /// The last flush that completed.
    done: u64,
    flushing: bool,
    /// A flush that failed: the disk is not taking writes, and no later write can be
    /// acknowledged as durable either.
    failed: Option<String>,
}

#[derive(Default)]
pub(super) struct GroupCommit {
    flushes: Mutex<Flushes>,
    finished: Condvar,
}

impl GroupCommit {
    /// Returns once everything committed before this call is on disk: a flush begun
    /// after it has completed, led by this caller if none is under way.
    pub(super) fn wait_durable(&self, db: &Database) -> Result<(), StoreError> {
        let mut state = self.flushes.lock().unwrap_or_else(PoisonError::into_inner);
        // A flush begun after our commit is one numbered past those begun so far.
        let needed = state.begun + 1;
        loop {
            if let Some(reason) = &state.failed {
                return Err(StoreError::Poisoned {
                    reason: reason.clone(),
                });
            }
            if state.done >= needed {
                return Ok(());
            }
            if state.flushing {
                state = self
                    .finished
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            state.flushing = true;
            state.begun += 1;
            let this = state.begun;
            drop(state);
            let flushed = flush(db);
            state = self.flushes.lock().unwrap_or_else(PoisonError::into_inner);
            state.flushing = false;
            state.done = this;
            if let Err(e) = flushed {
                state.failed = Some(e.to_string());
            }
            self.finished.notify_all();
        }
    }
}

/// An empty transaction committed with immediate durability: it makes every commit
/// before it durable.
fn flush(db: &Database) -> Result<(), StoreError> {
    let mut txn = db.begin_write()?;
    super::durable_as_held(&mut txn)?;
    txn.commit()?;
    Ok(())
}
