//! `tilskudd serve`: owns the database, answers each client on its own thread, and
//! pushes a notice to every subscribed client after each change.
//!
//! Writes are serialized by redb's single write transaction, and every rule (the pot
//! balance above all) is checked inside it, so concurrent clients cannot overdraw a
//! pot or lose an update. Case commands that arrive together share one transaction and
//! one commit (`store/combine.rs`), each still all or nothing. An answer is sent only
//! after its transaction has committed durably, so a write the client saw acknowledged
//! survives a `kill -9`.

use std::io::{BufReader, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use nix::sys::stat::{Mode, umask};

use super::gate::{self, Gate, Limits, Pass, Throttled, Timed};
use super::peer;
use super::protocol::{
    ClientMessage, FrameError, Notice, PROTOCOL, ServerMessage, encode_frame, hello, read_hello,
    read_request, write_frame,
};
use crate::error::{Error, Result, ServerProblem};
use crate::i18n::Texts;
use crate::service::{Caller, Request, Response, Service};
use crate::store::Store;

/// How long the server waits for a client to take an answer before giving up on it:
/// a stuck client then costs only its own thread.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one answer may take to be read, however slowly the client reads: a client
/// cannot keep a large answer in the server's memory longer.
const ANSWER_DEADLINE: Duration = Duration::from_secs(60);

/// How often a subscription looks whether it has ended while nothing happens.
const LOOK_AGAIN: Duration = Duration::from_millis(250);

/// How often a quiet subscription is told the server is still there.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Notices waiting for one slow subscriber before newer ones are dropped for it (each
/// notice carries the latest change counter, so the subscriber loses nothing by it).
const NOTICE_BACKLOG: usize = 64;

pub struct ServeOptions {
    pub socket: PathBuf,
    pub db: PathBuf,
    pub limits: Limits,
}

struct Server {
    service: Service,
    gate: Arc<Gate>,
    /// Requests under way per user.
    in_flight: gate::InFlight,
    /// Clients of another protocol version already logged.
    mismatches_said: Mutex<std::collections::HashSet<(String, u32, String)>>,
    /// Turned-away connections and failed accepts, said once a second at most.
    refusals: Throttled,
    /// Each subscription's channel, by a number of its own so it can take itself off.
    subscribers: Mutex<(u64, std::collections::HashMap<u64, SyncSender<Notice>>)>,
    /// Held for reading by every request, for writing by shutdown: the server stops
    /// between requests, never in the middle of one.
    running: RwLock<()>,
    t: &'static dyn Texts,
}

/// Runs the server until SIGTERM or SIGINT.
pub fn serve(options: &ServeOptions, t: &'static dyn Texts) -> Result<()> {
    let socket = options.socket.as_path();
    check_socket_free(socket)?;
    // The socket first: a server refused its socket (a missing folder, no right to
    // write there) creates no database. One refused its database leaves no socket.
    let listener = bind(socket)?;
    let owner = peer::own_login();
    let service = open_service(&options.db, &owner).inspect_err(|_| {
        let _ = std::fs::remove_file(socket);
    })?;
    let open_files = gate::raise_open_files_limit();
    let limits = options.limits.within_open_files(open_files);
    let server = Arc::new(Server {
        service,
        gate: Gate::new(limits),
        in_flight: gate::InFlight::default(),
        mismatches_said: Mutex::new(std::collections::HashSet::new()),
        refusals: Throttled::default(),
        subscribers: Mutex::new((0, std::collections::HashMap::new())),
        running: RwLock::new(()),
        t,
    });
    stop_on_signals(&server, socket)?;
    log(&t.serving(
        &socket.display().to_string(),
        &options.db.display().to_string(),
        &owner,
    ));
    log(&t.serving_limits(
        limits.max_connections,
        limits.max_per_user,
        limits.idle.as_secs(),
    ));
    let mut failures = 0;
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                failures = 0;
                server.admit(stream);
            }
            Err(e) => {
                // Most likely the file table is full: wait for connections to end
                // rather than spin, and say so once a second at most.
                server.refusals.say(|| format!("accept: {e}"), log);
                std::thread::sleep(gate::backoff(failures));
                failures += 1;
            }
        }
    }
    Ok(())
}

/// The database held for the server's lifetime, its owner its first admin.
fn open_service(db: &Path, owner: &str) -> Result<Service> {
    let store = Store::open_held(db)?;
    owner_only(db)?;
    let service = Service::new(store);
    service.ensure_admin(owner)?;
    Ok(service)
}

/// The exit status of a server that stops so its database is opened anew: the service
/// unit's `Restart=on-failure` starts it again (75 is `EX_TEMPFAIL`).
const EXIT_REOPEN: i32 = 75;

fn log(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::domain::text::safe_line(line));
}

fn socket_problem(socket: &Path, e: &std::io::Error) -> Error {
    Error::Server(ServerProblem::Io {
        socket: socket.display().to_string(),
        message: e.to_string(),
    })
}

/// Refuses a socket path where a live server answers, or where something that is not a
/// socket lies. A socket nobody answers on is left by a crashed server: [`bind`]
/// replaces it.
fn check_socket_free(socket: &Path) -> Result<()> {
    let name = || socket.display().to_string();
    match std::fs::symlink_metadata(socket) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(socket_problem(socket, &e)),
        Ok(meta) if !meta.file_type().is_socket() => {
            Err(Error::Server(ServerProblem::NotASocket { socket: name() }))
        }
        Ok(_) => match UnixStream::connect(socket) {
            Ok(_) => Err(Error::Server(ServerProblem::AlreadyServing {
                socket: name(),
            })),
            Err(_) => Ok(()),
        },
    }
}

/// The database is the server's alone: clients reach it only through the socket.
fn owner_only(db: &Path) -> Result<()> {
    std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
        Error::Store(crate::store::StoreError::Io {
            path: db.to_path_buf(),
            message: e.to_string(),
        })
    })
}

/// Binds the socket as mode 0660 in its directory's group, so membership of that group
/// decides who may connect at all.
fn bind(socket: &Path) -> Result<UnixListener> {
    if std::fs::symlink_metadata(socket).is_ok() {
        std::fs::remove_file(socket).map_err(|e| socket_problem(socket, &e))?;
    }
    // No other thread runs yet, so the process-wide umask is ours to narrow for the
    // moment of the bind: the socket never exists with wider permissions.
    let before = umask(Mode::from_bits_truncate(0o117));
    let bound = UnixListener::bind(socket);
    umask(before);
    let listener = bound.map_err(|e| socket_problem(socket, &e))?;
    let dir = socket
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(meta) = std::fs::metadata(dir) {
        // Fails unless the server's account is in that group; the socket then keeps
        // the account's own group, which the README's setup makes the same.
        let _ = std::os::unix::fs::chown(socket, None, Some(meta.gid()));
    }
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))
        .map_err(|e| socket_problem(socket, &e))?;
    Ok(listener)
}

/// On SIGTERM or SIGINT: wait for the requests under way, remove the socket, exit.
fn stop_on_signals(server: &Arc<Server>, socket: &Path) -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])
        .map_err(|e| socket_problem(socket, &e))?;
    let server = Arc::clone(server);
    let socket = socket.to_path_buf();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _stopped = server.running.write();
            let _ = std::fs::remove_file(&socket);
            log(&server.t.server_stopped());
            std::process::exit(0);
        }
    });
    Ok(())
}

impl Server {
    /// Lets a new connection in on its own thread, or turns it away at once (from the
    /// accepting thread, without reading from it) when a cap is met.
    fn admit(self: &Arc<Server>, stream: UnixStream) {
        let uid = peer::peer_uid(stream.as_fd()).unwrap_or(u32::MAX);
        let Ok(handle) = stream.try_clone() else {
            return;
        };
        match self.gate.admit(uid, handle) {
            Ok(pass) => {
                let server = Arc::clone(self);
                // The pass lives as long as the connection's thread.
                let spawned =
                    std::thread::Builder::new().spawn(move || server.connection(stream, &pass));
                if let Err(e) = spawned {
                    self.refusals.say(|| format!("thread: {e}"), log);
                }
            }
            Err(problem) => {
                self.refusals.say(
                    || self.t.client_turned_away(&peer::login_of(uid), &problem),
                    log,
                );
                turn_away(stream, problem);
            }
        }
    }

    /// One client, from handshake to hang-up.
    fn connection(&self, stream: UnixStream, pass: &Pass) {
        let limits = self.gate.limits();
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let Ok(mut writer) = stream.try_clone() else {
            return;
        };
        let deadline = Instant::now() + limits.handshake;
        let mut reader = BufReader::new(Timed::new(stream, deadline, limits.idle));
        let Ok(theirs) = read_hello(&mut reader) else {
            return;
        };
        pass.greeted();
        if writer.write_all(hello().as_bytes()).is_err() {
            return;
        }
        // Who this is: a user database that cannot be asked just now is said as such,
        // not as "you are no user here".
        let named = peer::peer_uid(reader.get_ref().stream())
            .and_then(|uid| peer::name_of(uid).map(|name| name.unwrap_or(format!("uid {uid}"))));
        let login = match named {
            Ok(login) => login,
            Err(e) => {
                let welcome: Result<crate::domain::User> = Err(Error::Internal {
                    message: format!("the server could not ask who you are ({e}); try again"),
                });
                let _ = write_frame(&mut writer, &welcome);
                return;
            }
        };
        match theirs {
            Some((PROTOCOL, _)) => {}
            Some((protocol, version)) => {
                // Once per client and version, not once per retry of an open screen.
                let mut said = self
                    .mismatches_said
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if said.len() < 1_000 && said.insert((login.clone(), protocol, version.clone())) {
                    log(&self.t.client_mismatch(&login, protocol, &version));
                }
                return;
            }
            None => return,
        }
        let welcome = self.service.user(&login);
        let admitted = welcome.is_ok();
        if write_frame(&mut writer, &welcome).is_err() || !admitted {
            self.refusals.say(|| self.t.client_refused(&login), log);
            return;
        }
        reader.get_mut().handshake_done();
        let caller = Caller::Peer(login);
        loop {
            pass.idle();
            // Only an admin may send a large request, and only an import.
            let admin = self
                .service
                .user(caller.login())
                .is_ok_and(|u| u.role == crate::domain::UserRole::Admin);
            let message = match read_request(&mut reader, admin) {
                Ok(message) => message,
                Err(FrameError::Closed | FrameError::Io(_)) => return,
                Err(FrameError::Garbled(message)) => {
                    let answer = Err(Error::Server(ServerProblem::Garbled { message }));
                    let _ = write_frame(&mut writer, &ServerMessage::Answer(Box::new(answer)));
                    return;
                }
                Err(FrameError::TooLarge { bytes, limit }) => {
                    // The body is still on its way: answer, and end this connection.
                    let answer = Err(Error::Server(ServerProblem::TooLarge { bytes, limit }));
                    let _ = write_frame(&mut writer, &ServerMessage::Answer(Box::new(answer)));
                    return;
                }
            };
            match message {
                ClientMessage::Request(request) => {
                    // Working only once its turn has come: a connection waiting for one
                    // (or sending its request slowly) may still be closed for room.
                    let answer = match self.in_flight.enter(caller.login()) {
                        Some(_turn) if pass.closed() => return,
                        Some(_turn) => {
                            pass.busy();
                            self.answer(&caller, request)
                        }
                        None => Err(Error::Server(ServerProblem::RequestsUnderWay {
                            limit: gate::MAX_IN_FLIGHT,
                        })),
                    };
                    // However slowly the client reads, the answer is let go in time.
                    let deadline = Instant::now() + ANSWER_DEADLINE;
                    let mut timed = gate::TimedWriter::new(&writer, deadline);
                    if self.send_answer(&mut timed, answer).is_err() {
                        return;
                    }
                }
                ClientMessage::Subscribe => {
                    // Following notices is waiting, not working: room may be made.
                    pass.idle();
                    return self.push_notices(&caller, pass, &mut writer);
                }
            }
        }
    }

    /// Answers one request, and tells the subscribers when it changed something.
    fn answer(&self, caller: &Caller, request: Request) -> Result<Response> {
        let _running = self.running.read();
        if !matches!(request, Request::Execute { .. }) {
            return self.handle(caller, request);
        }
        // Whatever the command, the change counter says whether it changed anything.
        let before = self.service.changes().unwrap_or_default();
        let answer = self.handle(caller, request);
        let after = self.service.changes().unwrap_or_default();
        if after != before {
            let mut cases: Vec<String> = Vec::new();
            if let Ok(Response::Receipt(receipt)) = &answer {
                for reference in receipt.events.iter().filter_map(|e| e.case.as_ref()) {
                    if !cases.contains(reference) {
                        cases.push(reference.clone());
                    }
                }
            }
            self.notify(&Notice {
                changes: after,
                by: caller.login().to_string(),
                cases,
            });
        }
        answer
    }

    /// Writes an answer. Where it says the database failed to write and must be
    /// opened anew, the server then stops (crash-only): the service unit restarts it,
    /// which opens the file anew (redb repairs it), and clients reconnect. Staying up
    /// would refuse every write until someone restarted it by hand.
    fn send_answer(
        &self,
        writer: &mut impl Write,
        answer: Result<Response>,
    ) -> std::io::Result<()> {
        let poisoned = matches!(
            &answer,
            Err(Error::Store(crate::store::StoreError::Poisoned { .. }))
        );
        let written = write_answer(writer, answer);
        if poisoned {
            log(&self.t.server_restarts_after_failure());
            std::process::exit(EXIT_REOPEN);
        }
        written
    }

    /// The service's answer; a panic inside it (a bug, or damage in the file) ends
    /// this request with an error, not the client's connection or the server.
    fn handle(&self, caller: &Caller, request: Request) -> Result<Response> {
        let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.service.handle(caller, request)
        }));
        handled.unwrap_or_else(|_| {
            log(&self.t.request_failed(caller.login()));
            Err(Error::Internal {
                message: "the server could not answer".into(),
            })
        })
    }

    fn notify(&self, notice: &Notice) {
        let mut subscribers = self
            .subscribers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        subscribers
            .1
            .retain(|_, tx| match tx.try_send(notice.clone()) {
                Ok(()) | Err(TrySendError::Full(_)) => true,
                Err(TrySendError::Disconnected(_)) => false,
            });
    }

    /// Streams notices to a subscribed client until it goes away.
    /// Streams notices to a subscribed client until it goes away, is closed to make
    /// room, or its user is removed. It looks a few times a second, so a connection
    /// that ended costs its thread and files for a moment, not until the next notice.
    fn push_notices(&self, caller: &Caller, pass: &Pass, writer: &mut UnixStream) {
        let (tx, rx) = mpsc::sync_channel(NOTICE_BACKLOG);
        // The first notice tells the subscriber where things stand now.
        let now = Notice {
            changes: self.service.changes().unwrap_or_default(),
            by: String::new(),
            cases: Vec::new(),
        };
        if tx.try_send(now).is_err() {
            return;
        }
        let id = {
            let mut subscribers = self
                .subscribers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            subscribers.0 += 1;
            let id = subscribers.0;
            subscribers.1.insert(id, tx);
            id
        };
        let _off = Unsubscribe { server: self, id };
        let mut quiet_since = Instant::now();
        loop {
            let message = match rx.recv_timeout(LOOK_AGAIN) {
                Ok(notice) => ServerMessage::Notice(notice),
                Err(RecvTimeoutError::Timeout) => {
                    if pass.closed() || peer::has_closed(writer) {
                        return;
                    }
                    if quiet_since.elapsed() < HEARTBEAT {
                        continue;
                    }
                    ServerMessage::Heartbeat
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Someone removed from the users hears nothing more.
            if self.service.user(caller.login()).is_err() {
                return;
            }
            if write_frame(writer, &message).is_err() {
                return;
            }
            quiet_since = Instant::now();
        }
    }
}

/// Says "busy" to a connection over a cap and closes it: the hello line and a refused
/// welcome, written without waiting for the client (its hello stays unread).
fn turn_away(mut stream: UnixStream, problem: ServerProblem) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let welcome: Result<crate::domain::User> = Err(Error::Server(problem));
    if stream.write_all(hello().as_bytes()).is_ok() {
        let _ = write_frame(&mut stream, &welcome);
    }
}

/// Takes a subscription's channel off the list when it ends, whether or not anything
/// changes after: the list holds only live subscriptions.
struct Unsubscribe<'a> {
    server: &'a Server,
    id: u64,
}

impl Drop for Unsubscribe<'_> {
    fn drop(&mut self) {
        self.server
            .subscribers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .1
            .remove(&self.id);
    }
}

/// Writes one answer. An answer too large for a frame (the whole history of a grown
/// log) is told as such, not dropped with the connection.
fn write_answer(writer: &mut impl Write, answer: Result<Response>) -> std::io::Result<()> {
    let frame = match encode_frame(&ServerMessage::Answer(Box::new(answer))) {
        Err(FrameError::TooLarge { bytes, limit }) => {
            let problem = ServerProblem::AnswerTooLarge { bytes, limit };
            let answer: Result<Response> = Err(Error::Server(problem));
            encode_frame(&ServerMessage::Answer(Box::new(answer)))
        }
        other => other,
    };
    let frame = frame.map_err(|e| std::io::Error::other(format!("{e:?}")))?;
    writer.write_all(&frame)?;
    writer.flush()
}
