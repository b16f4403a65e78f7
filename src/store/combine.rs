//! Commands that commit together, for a database one process holds open (the server).
//!
//! redb has one writer at a time, and a command's own work (read the case, apply the
//! rule, write the case, its line, its events and the totals) is a small part of what a
//! transaction costs: the commit writes the changed pages again and, to be durable,
//! waits for the disk. So callers who arrive while a transaction is under way queue
//! their commands, and the next of them to get the writer runs every queued command in
//! one transaction, commits once, and hands each caller its own answer. When writers
//! are busy, a new leader waits a moment ([`GATHER_FOR`]) for the callers just answered
//! to come back, so they share its transaction instead of the next one.
//!
//! Each command stays all or nothing. A refused command may have written part of its
//! change before it was refused, and redb cannot take back part of a transaction, so
//! the whole transaction is dropped: the refused command gets its answer, and the others
//! run again, in the same order, in a new transaction. They see the same data as before
//! (the refused command left nothing), so they do the same.
//!
//! Nothing is answered before its transaction is on disk: the transaction commits with
//! immediate durability.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use redb::Database;

use super::{StoreError, Writer};

/// The most commands one transaction carries: a refusal makes those before it run
/// again, so the bound also bounds that.
const MOST_PER_TRANSACTION: usize = 32;

/// How long a new leader waits for more commands, at most, when the last transaction
/// carried more than one: the callers it answered come straight back with their next
/// command, and without the wait they miss this transaction and the writers settle
/// into two halves taking turns (four and four of eight). A commit costs far more than
/// this, so the wait pays for itself once one more command joins; with one writer alone
/// there is no wait. (The same as `commit_delay` with `commit_siblings` in Postgres.)
const GATHER_FOR: std::time::Duration = std::time::Duration::from_micros(150);

/// A queued command, type-erased: it keeps its own answer.
trait Job: Send {
    /// Runs in `writer`'s transaction; `false` when it was refused (or failed), so the
    /// transaction must not commit with it.
    fn run(&mut self, writer: &mut Writer) -> bool;
    /// The transaction it ran in could not commit, or it could not run at all.
    fn fail(&mut self, error: StoreError);
}

/// A command and the place its answer goes.
struct Slot<F, T, E> {
    command: F,
    answer: Arc<Mutex<Option<Result<T, E>>>>,
}

impl<F, T, E> Job for Slot<F, T, E>
where
    F: FnMut(&mut Writer) -> Result<T, E> + Send,
    T: Send,
    E: From<StoreError> + Send,
{
    fn run(&mut self, writer: &mut Writer) -> bool {
        let answer = (self.command)(writer);
        let ok = answer.is_ok();
        *self.answer.lock().unwrap_or_else(PoisonError::into_inner) = Some(answer);
        ok
    }

    fn fail(&mut self, error: StoreError) {
        *self.answer.lock().unwrap_or_else(PoisonError::into_inner) = Some(Err(error.into()));
    }
}

type Ticket = u64;

#[derive(Default)]
struct Queue {
    waiting: Vec<(Ticket, Box<dyn Job>)>,
    /// Tickets whose answer is in their slot.
    answered: HashSet<Ticket>,
    next_ticket: Ticket,
    /// Someone is running a transaction of queued commands.
    leading: bool,
    /// How many commands the last transaction carried.
    last_batch: usize,
}

#[derive(Default)]
pub(super) struct Combiner {
    queue: Mutex<Queue>,
    answered: Condvar,
    /// A command was queued: for a leader gathering more (see [`GATHER_FOR`]).
    arrived: Condvar,
}

impl Combiner {
    /// Runs `command` in a write transaction shared with the commands of whoever else is
    /// waiting, and returns its answer once that transaction is on disk. `command` may
    /// run more than once (see the module's note); only its last run counts.
    pub(super) fn run<F, T, E>(&self, db: &Database, path: &Path, command: F) -> Result<T, E>
    where
        F: FnMut(&mut Writer) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let answer = Arc::new(Mutex::new(None));
        let slot = Slot {
            command,
            answer: Arc::clone(&answer),
        };
        let mut queue = self.lock();
        let ticket = queue.next_ticket;
        queue.next_ticket += 1;
        queue.waiting.push((ticket, Box::new(slot)));
        self.arrived.notify_one();
        loop {
            if queue.answered.remove(&ticket) {
                drop(queue);
                let taken = answer.lock().unwrap_or_else(PoisonError::into_inner).take();
                return taken.unwrap_or_else(|| {
                    Err(StoreError::Database("a command was lost in its transaction".into()).into())
                });
            }
            if queue.leading {
                queue = self
                    .answered
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            queue.leading = true;
            queue = self.gather(queue);
            let take = queue.waiting.len().min(MOST_PER_TRANSACTION);
            queue.last_batch = take;
            let batch: Vec<(Ticket, Box<dyn Job>)> = queue.waiting.drain(..take).collect();
            drop(queue);
            let led = Leading {
                combiner: self,
                tickets: batch.iter().map(|(ticket, _)| *ticket).collect(),
            };
            run_together(db, path, batch);
            drop(led);
            queue = self.lock();
        }
    }

    /// As the new leader: when writers are busy (the last transaction carried more than
    /// one command), waits up to [`GATHER_FOR`] for the queue to hold twice as many as
    /// it carried, so the callers just answered join this transaction.
    fn gather<'a>(
        &self,
        mut queue: std::sync::MutexGuard<'a, Queue>,
    ) -> std::sync::MutexGuard<'a, Queue> {
        if queue.last_batch < 2 {
            return queue;
        }
        let enough = (queue.last_batch * 2).min(MOST_PER_TRANSACTION);
        let until = std::time::Instant::now() + GATHER_FOR;
        while queue.waiting.len() < enough {
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            queue = self
                .arrived
                .wait_timeout(queue, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        queue
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The lead over one batch. However the batch ends, even by a panic outside any job,
/// every caller in it is told its ticket is answered (one whose slot stayed empty gets
/// an error), together with giving up the lead, so no caller waits for a leader that
/// is gone or leads a batch after its own answer is in.
struct Leading<'a> {
    combiner: &'a Combiner,
    tickets: Vec<Ticket>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let mut queue = self.combiner.lock();
        queue.answered.extend(self.tickets.drain(..));
        queue.leading = false;
        self.combiner.answered.notify_all();
    }
}

/// Runs the batch in as few transactions as refusals allow; every job has its answer
/// when this returns.
fn run_together(db: &Database, path: &Path, mut batch: Vec<(Ticket, Box<dyn Job>)>) {
    while !batch.is_empty() {
        match one_transaction(db, &mut batch) {
            Ok(None) => batch.clear(),
            // The refused one has its answer; the rest run again without it.
            Ok(Some(refused)) => {
                batch.remove(refused);
            }
            // Each is told what went wrong as it is (a full disk in words of its
            // own), with the file named.
            Err(e) => {
                let error = e.at(path);
                for (_, mut job) in batch.drain(..) {
                    job.fail(error.clone());
                }
            }
        }
    }
}

/// One transaction over `batch`, committed if every job ran; else rolled back, with
/// the position of the first that did not.
fn one_transaction(
    db: &Database,
    batch: &mut [(Ticket, Box<dyn Job>)],
) -> Result<Option<usize>, StoreError> {
    let mut txn = db.begin_write()?;
    super::durable_as_held(&mut txn)?;
    let mut writer = Writer::new(&txn);
    for (position, (_, job)) in batch.iter_mut().enumerate() {
        let ran = catch_unwind(AssertUnwindSafe(|| job.run(&mut writer)));
        let Ok(ok) = ran else {
            // The server carries on with the rest of the batch, unless the panic was
            // inside redb and left the transaction unable to end (then it must reopen).
            let closed = writer.close_after_panic();
            return match super::write::abort_after_panic(txn, closed) {
                Ok(()) => {
                    job.fail(StoreError::Database(
                        "the command stopped unexpectedly".into(),
                    ));
                    Ok(Some(position))
                }
                Err(e) => {
                    job.fail(e.clone());
                    Err(e)
                }
            };
        };
        if !ok {
            drop(writer);
            txn.abort()?;
            return Ok(Some(position));
        }
    }
    writer.finish()?;
    txn.commit()?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use redb::ReadableTable;

    fn database() -> Arc<Database> {
        let db = Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .unwrap();
        super::super::migrations::run(&db).unwrap();
        Arc::new(db)
    }

    const NUMBERS: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("test-numbers");

    fn add(writer: &Writer, key: &str, by: u64) -> Result<u64, StoreError> {
        let mut table = writer.txn.open_table(NUMBERS)?;
        let now = table.get(key)?.map_or(0, |v| v.value()) + by;
        table.insert(key, now)?;
        Ok(now)
    }

    fn read(db: &Database, key: &str) -> u64 {
        use redb::ReadableDatabase;
        let txn = db.begin_read().unwrap();
        let table = txn.open_table(NUMBERS).unwrap();
        table.get(key).unwrap().map_or(0, |v| v.value())
    }

    #[test]
    fn many_callers_at_once_each_get_their_own_answer_and_nothing_is_lost() {
        let db = database();
        let combiner = Arc::new(Combiner::default());
        std::thread::scope(|scope| {
            for thread in 0..8u64 {
                let (db, combiner) = (Arc::clone(&db), Arc::clone(&combiner));
                scope.spawn(move || {
                    for _ in 0..50 {
                        let total = combiner
                            .run(&db, Path::new("test.redb"), move |w: &mut Writer| {
                                add(w, "sum", 1)
                            })
                            .unwrap();
                        assert!(total >= 1);
                        let own = combiner
                            .run(&db, Path::new("test.redb"), move |w: &mut Writer| {
                                add(w, &format!("t{thread}"), 1)
                            })
                            .unwrap();
                        assert!(own <= 50);
                    }
                });
            }
        });
        assert_eq!(read(&db, "sum"), 400);
        for thread in 0..8 {
            assert_eq!(read(&db, &format!("t{thread}")), 50);
        }
    }

    #[test]
    fn a_refusal_after_a_partial_write_leaves_nothing_and_the_others_still_commit() {
        let db = database();
        let combiner = Arc::new(Combiner::default());
        std::thread::scope(|scope| {
            for thread in 0..6u64 {
                let (db, combiner) = (Arc::clone(&db), Arc::clone(&combiner));
                scope.spawn(move || {
                    for i in 0..40u64 {
                        let refuse = (thread + i) % 3 == 0;
                        let answer =
                            combiner.run(&db, Path::new("test.redb"), move |w: &mut Writer| {
                                // Writes first, then refuses: the write must not stay.
                                add(w, "written", 1)?;
                                if refuse {
                                    return Err(StoreError::Database("refused".into()));
                                }
                                add(w, "kept", 1)
                            });
                        assert_eq!(answer.is_err(), refuse);
                    }
                });
            }
        });
        assert_eq!(read(&db, "kept"), 160);
        assert_eq!(read(&db, "written"), 160);
    }

    #[test]
    fn a_command_that_panics_is_answered_with_an_error_and_the_writer_carries_on() {
        let db = database();
        let combiner = Combiner::default();
        let answer: Result<u64, StoreError> =
            combiner.run(&db, Path::new("test.redb"), |_: &mut Writer| {
                panic!("a bug in a rule")
            });
        assert!(answer.is_err());
        assert_eq!(
            combiner
                .run(&db, Path::new("test.redb"), |w: &mut Writer| add(
                    w, "after", 1
                ))
                .unwrap(),
            1
        );
    }
}
