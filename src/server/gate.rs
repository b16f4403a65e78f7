//! What keeps one user (or one socket-group member who is no user at all) from taking
//! the server from everyone else: a cap on connections in all and per account, a
//! deadline for the whole handshake, an idle timeout, a raised open-files limit, and
//! logs that say a thing once a second at most however often it happens.

use std::collections::HashMap;
use std::io::{self, Read};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::ServerProblem;

/// How much the server gives, and for how long.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections held at once, from everyone. Each costs a thread and three open files.
    pub max_connections: usize,
    /// Connections held at once by one account. A review screen holds two (requests
    /// and notices); a command one, for its moment.
    pub max_per_user: usize,
    /// The whole handshake (hello, then the welcome) must be done within this.
    pub handshake: Duration,
    /// A connection that sends nothing for this long is closed; a client connects again
    /// when it next needs to.
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 512,
            max_per_user: 32,
            handshake: Duration::from_secs(5),
            idle: Duration::from_secs(600),
        }
    }
}

impl Limits {
    /// The connections this process can hold with `open_files` descriptors: three each
    /// (reading, writing, and the handle that closes it to make room), and a margin
    /// for the database, the log and the listener.
    #[must_use]
    pub fn within_open_files(mut self, open_files: u64) -> Limits {
        let room = usize::try_from(open_files.saturating_sub(64) / 3).unwrap_or(usize::MAX);
        self.max_connections = self.max_connections.min(room.max(1));
        self.max_per_user = self.max_per_user.min(self.max_connections);
        self
    }
}

/// Where a connection is in its life: what makes it a good one to close when room is
/// needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// Connected, no whole hello yet: a flood, a dripper, or a client a moment old.
    Waiting,
    /// Known and idle between requests (or following notices): it connects again
    /// unasked when closed.
    Idle,
    /// Said hello, being welcomed.
    Greeted,
    /// Answering a request: never closed for room.
    Busy,
}

struct Entry {
    uid: u32,
    stage: Stage,
    since: Instant,
    /// A handle on the socket, to end the connection from outside its thread.
    stream: UnixStream,
}

#[derive(Default)]
struct Held {
    next: u64,
    entries: HashMap<u64, Entry>,
}

impl Held {
    fn count(&self, uid: Option<u32>) -> usize {
        self.entries
            .values()
            .filter(|e| uid.is_none_or(|u| e.uid == u))
            .count()
    }

    /// The connection to close for room among `uid`'s (or everyone's): waiting ones
    /// first, then idle ones, then ones being welcomed, the longest in that stage
    /// first; never one answering a request.
    fn victim(&self, uid: Option<u32>) -> Option<u64> {
        self.entries
            .iter()
            .filter(|(_, e)| uid.is_none_or(|u| e.uid == u) && e.stage != Stage::Busy)
            .min_by_key(|(_, e)| (e.stage, e.since))
            .map(|(id, _)| *id)
    }

    /// The account holding the most connections: who makes room when all is full.
    fn heaviest(&self) -> Option<u32> {
        let mut per_uid: HashMap<u32, usize> = HashMap::new();
        for entry in self.entries.values() {
            *per_uid.entry(entry.uid).or_default() += 1;
        }
        per_uid
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(uid, _)| uid)
    }

    fn close(&mut self, id: u64) {
        if let Some(entry) = self.entries.remove(&id) {
            // Its thread's next read ends; its pass then finds nothing to remove.
            let _ = entry.stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// The connections held, and room made for a new one when a cap is met: a flood of
/// connections, however fast, cannot keep anyone out, since each newcomer takes the place
/// of a waiting or idle one of the same account (or of the account holding the most).
pub struct Gate {
    limits: Limits,
    held: Mutex<Held>,
}

/// A connection let in; dropping it lets the next one in.
pub struct Pass {
    gate: Arc<Gate>,
    id: u64,
}

impl Gate {
    pub fn new(limits: Limits) -> Arc<Gate> {
        Arc::new(Gate {
            limits,
            held: Mutex::new(Held::default()),
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Lets a connection from `uid` in, closing a waiting or idle one where a cap is
    /// met; refused only when every connection in the way is answering a request.
    /// `stream` is a handle on the new connection's socket.
    pub fn admit(self: &Arc<Gate>, uid: u32, stream: UnixStream) -> Result<Pass, ServerProblem> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held.count(Some(uid)) >= self.limits.max_per_user {
            let Some(victim) = held.victim(Some(uid)) else {
                return Err(ServerProblem::Busy {
                    limit: self.limits.max_per_user,
                    per_user: true,
                });
            };
            held.close(victim);
        }
        if held.count(None) >= self.limits.max_connections {
            let victim = held
                .heaviest()
                .and_then(|heaviest| held.victim(Some(heaviest)))
                .or_else(|| held.victim(None));
            let Some(victim) = victim else {
                return Err(ServerProblem::Busy {
                    limit: self.limits.max_connections,
                    per_user: false,
                });
            };
            held.close(victim);
        }
        held.next += 1;
        let id = held.next;
        held.entries.insert(
            id,
            Entry {
                uid,
                stage: Stage::Waiting,
                since: Instant::now(),
                stream,
            },
        );
        Ok(Pass {
            gate: Arc::clone(self),
            id,
        })
    }

    /// Connections held now.
    pub fn held(&self) -> usize {
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .len()
    }
}

impl Pass {
    fn stage(&self, stage: Stage) {
        let mut held = self
            .gate
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = held.entries.get_mut(&self.id) {
            entry.stage = stage;
            entry.since = Instant::now();
        }
    }

    /// The client's hello has come whole.
    pub fn greeted(&self) {
        self.stage(Stage::Greeted);
    }

    /// Welcomed, and waiting for a request (or following notices).
    pub fn idle(&self) {
        self.stage(Stage::Idle);
    }

    /// Answering a request.
    pub fn busy(&self) {
        self.stage(Stage::Busy);
    }

    /// Whether this connection was closed to make room.
    pub fn closed(&self) -> bool {
        !self
            .gate
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .contains_key(&self.id)
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        self.gate
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .remove(&self.id);
    }
}

/// A connection's reading side with a deadline (the handshake) or an idle timeout
/// (afterwards): a client that drips a byte now and then cannot stretch the handshake,
/// and one that says nothing is let go.
pub struct Timed {
    stream: UnixStream,
    deadline: Option<Instant>,
    idle: Duration,
}

impl Timed {
    pub fn new(stream: UnixStream, deadline: Instant, idle: Duration) -> Timed {
        Timed {
            stream,
            deadline: Some(deadline),
            idle,
        }
    }

    /// The handshake is done: from now on only the idle timeout applies.
    pub fn handshake_done(&mut self) {
        self.deadline = None;
    }

    pub fn stream(&self) -> &UnixStream {
        &self.stream
    }
}

impl Read for Timed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let wait = match self.deadline {
            Some(deadline) => deadline.saturating_duration_since(Instant::now()),
            None => self.idle,
        };
        if wait.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(wait))?;
        self.stream.read(buf)
    }
}

/// A connection's writing side with a deadline for the whole of one answer: a client
/// that reads a byte now and then cannot keep the answer (and its memory) for long.
pub struct TimedWriter<'a> {
    stream: &'a UnixStream,
    deadline: Instant,
}

impl<'a> TimedWriter<'a> {
    pub fn new(stream: &'a UnixStream, deadline: Instant) -> TimedWriter<'a> {
        TimedWriter { stream, deadline }
    }
}

impl std::io::Write for TimedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let wait = self.deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_write_timeout(Some(wait))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut stream = self.stream;
        stream.flush()
    }
}

/// How many requests one user may have under way at once: a screen has one, a command
/// one. More wait their turn (holding no answer meanwhile), so one user's answers
/// cannot fill the memory, and are refused after half a minute.
pub const MAX_IN_FLIGHT: usize = 4;

/// How long a request waits for its turn.
const TURN_WAIT: Duration = Duration::from_secs(30);

/// Requests under way, per user.
#[derive(Default)]
pub struct InFlight {
    counts: Mutex<HashMap<String, usize>>,
    freed: std::sync::Condvar,
}

/// One request under way; dropping it ends it.
pub struct Turn<'a> {
    in_flight: &'a InFlight,
    login: String,
}

impl InFlight {
    /// A turn for `login`, once they have fewer than [`MAX_IN_FLIGHT`] under way; `None`
    /// where none came within [`TURN_WAIT`].
    pub fn enter(&self, login: &str) -> Option<Turn<'_>> {
        let waited = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        while counts.get(login).copied().unwrap_or(0) >= MAX_IN_FLIGHT {
            let left = TURN_WAIT.saturating_sub(waited.elapsed());
            if left.is_zero() {
                return None;
            }
            counts = self
                .freed
                .wait_timeout(counts, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *counts.entry(login.to_string()).or_default() += 1;
        Some(Turn {
            in_flight: self,
            login: login.to_string(),
        })
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut counts = self
            .in_flight
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(mine) = counts.get_mut(&self.login) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                counts.remove(&self.login);
            }
        }
        self.in_flight.freed.notify_all();
    }
}

/// Raises this process's soft limit on open files to its hard limit, and returns the
/// limit in force: the default soft limit (1 024) would cap the server at a few hundred
/// connections whatever it is told.
pub fn raise_open_files_limit() -> u64 {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 1024;
    };
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return hard;
    }
    soft
}

/// A log line for something that may happen thousands of times a second (a flood of
/// connections, a full file table): written once a second at most, with how many
/// were left out.
pub struct Throttled {
    state: Mutex<(Option<Instant>, u64)>,
}

impl Default for Throttled {
    fn default() -> Throttled {
        Throttled {
            state: Mutex::new((None, 0)),
        }
    }
}

impl Throttled {
    /// Writes the line `line` makes through `log`, unless a line was written less than a
    /// second ago: then the line is not even made (naming a user may ask a directory
    /// service).
    pub fn say(&self, line: impl FnOnce() -> String, log: impl Fn(&str)) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if state
            .0
            .is_some_and(|last| now.duration_since(last) < Duration::from_secs(1))
        {
            state.1 += 1;
            return;
        }
        let left_out = std::mem::take(&mut state.1);
        state.0 = Some(now);
        let line = line();
        if left_out > 0 {
            log(&format!("{line} (+{left_out})"));
        } else {
            log(&line);
        }
    }
}

/// How long the accept loop waits after an error: doubling from 10 ms to a second, so a
/// full file table is not spun on.
pub fn backoff(failures: u32) -> Duration {
    Duration::from_millis(10u64 << failures.min(7)).min(Duration::from_secs(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn socket() -> UnixStream {
        UnixStream::pair().unwrap().0
    }

    #[test]
    fn a_newcomer_takes_the_place_of_a_waiting_or_idle_connection() {
        let gate = Gate::new(Limits {
            max_connections: 3,
            max_per_user: 2,
            ..Limits::default()
        });
        let waiting = gate.admit(1, socket()).unwrap();
        let working = gate.admit(1, socket()).unwrap();
        working.busy();
        // The third of user 1 closes the one that never said hello, not the busy one.
        let third = gate.admit(1, socket()).unwrap();
        assert!(waiting.closed() && !working.closed());
        third.busy();
        // All of user 1's are busy: refused, with the cap.
        assert!(matches!(
            gate.admit(1, socket()),
            Err(ServerProblem::Busy { per_user: true, .. })
        ));
        // Full in all: the account with the most makes room, if it can.
        let other = gate.admit(2, socket()).unwrap();
        other.idle();
        assert_eq!(gate.held(), 3);
        assert!(
            gate.admit(3, socket()).is_ok(),
            "user 2's idle one made room"
        );
        assert!(other.closed());
        drop(working);
        assert_eq!(gate.held(), 1, "only the third is left");
    }

    #[test]
    fn limits_fit_the_open_files() {
        let limits = Limits::default().within_open_files(1024);
        assert_eq!(limits.max_connections, 320);
        let tiny = Limits::default().within_open_files(10);
        assert_eq!((tiny.max_connections, tiny.max_per_user), (1, 1));
    }

    #[test]
    fn a_user_past_the_requests_under_way_waits_for_a_turn() {
        let in_flight = std::sync::Arc::new(InFlight::default());
        let turns: Vec<Turn<'_>> = (0..MAX_IN_FLIGHT)
            .map(|_| in_flight.enter("kari").unwrap())
            .collect();
        assert!(in_flight.enter("ola").is_some(), "others are not held up");
        let waiting = {
            let in_flight = std::sync::Arc::clone(&in_flight);
            std::thread::spawn(move || in_flight.enter("kari").is_some())
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!waiting.is_finished(), "the fifth waits");
        drop(turns);
        assert!(waiting.join().unwrap());
    }

    #[test]
    fn backoff_grows_to_a_second() {
        assert_eq!(backoff(0), Duration::from_millis(10));
        assert_eq!(backoff(3), Duration::from_millis(80));
        assert_eq!(backoff(30), Duration::from_secs(1));
    }
}
