//! Tables of a write transaction that are not closed while a panic unwinds.
//!
//! redb closes a table as it is dropped, through a lock of its transaction. A panic inside
//! redb while that lock is held (it trips over a damaged page as it opens a table) leaves
//! the lock poisoned, and every table still open would then panic again as unwinding drops
//! it: a panic during a panic aborts the process, and under `serve` that is the server,
//! every adviser's connection with it. Left unclosed while unwinding, a table goes with its
//! transaction the way redb drops one during a panic: nothing of it is committed, its pages
//! are left for the next open's repair, and the database stays usable.

use std::ops::{Deref, DerefMut};

/// A table (or anything redb closes on drop) that is forgotten, not closed, when dropped
/// by a panic.
pub(super) struct Opened<T>(Option<T>);

pub(super) fn opened<T>(table: T) -> Opened<T> {
    Opened(Some(table))
}

impl<T> Deref for Opened<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match &self.0 {
            Some(table) => table,
            // Taken only by `drop`, after which nothing can reach it.
            None => unreachable!("a table used after it was dropped"),
        }
    }
}

impl<T> DerefMut for Opened<T> {
    fn deref_mut(&mut self) -> &mut T {
        match &mut self.0 {
            Some(table) => table,
            None => unreachable!("a table used after it was dropped"),
        }
    }
}

impl<T> Drop for Opened<T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            std::mem::forget(self.0.take());
        }
    }
}
