//! [`RemoteSession`]: the service's API over a server's socket. The front-ends use it
//! exactly as they use a local session.

use std::io::{BufReader, Write};
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use super::peer;
use super::protocol::{
    ClientMessage, FrameError, PROTOCOL, ServerMessage, VERSION, Welcome, encode_frame, hello,
    read_frame, read_hello, write_frame,
};
use crate::domain::User;
use crate::error::{Error, Result, ServerProblem};
use crate::service::{Request, Response, Session};

/// How long a lost subscription waits before it tries the server again.
const RECONNECT_PAUSE: Duration = Duration::from_secs(1);

struct Connection {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
}

/// What the pushed notices say: the server's change counter, and whether the
/// subscription is up.
struct Watch {
    changes: AtomicU64,
    connected: AtomicBool,
    /// The server now speaks another protocol (it was upgraded under an open screen):
    /// nothing more is sent to it, and the screen is told once what to do.
    mismatch: Mutex<Option<ServerProblem>>,
}

pub struct RemoteSession {
    socket: PathBuf,
    user: User,
    connection: Mutex<Option<Connection>>,
    watch: OnceLock<Arc<Watch>>,
}

impl RemoteSession {
    /// Connects, agrees on the protocol, and learns from the server who this is.
    pub fn connect(socket: &Path) -> Result<RemoteSession> {
        let (connection, user) = open(socket)?;
        Ok(RemoteSession {
            socket: socket.to_path_buf(),
            user,
            connection: Mutex::new(Some(connection)),
            watch: OnceLock::new(),
        })
    }

    /// The user the server knows this client as, with their role.
    pub fn user(&self) -> &User {
        &self.user
    }

    fn lost(&self) -> Error {
        Error::Server(ServerProblem::Lost {
            socket: self.socket.display().to_string(),
        })
    }

    /// The protocol mismatch found since connecting, if the server was upgraded.
    fn mismatch(&self) -> Option<Error> {
        self.watch.get().and_then(|watch| {
            watch
                .mismatch
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
                .map(Error::Server)
        })
    }

    /// Starts the thread that keeps a subscription open and follows its notices.
    fn start_watch(&self) -> Arc<Watch> {
        let watch = Arc::new(Watch {
            changes: AtomicU64::new(0),
            connected: AtomicBool::new(false),
            mismatch: Mutex::new(None),
        });
        let socket = self.socket.clone();
        let shared = Arc::clone(&watch);
        std::thread::spawn(move || {
            loop {
                match open(&socket) {
                    Ok((mut connection, _)) => {
                        if write_frame(&mut connection.writer, &ClientMessage::Subscribe).is_ok() {
                            while let Ok(message) =
                                read_frame::<ServerMessage>(&mut connection.reader)
                            {
                                if let ServerMessage::Notice(notice) = message {
                                    shared.changes.store(notice.changes, Ordering::SeqCst);
                                    shared.connected.store(true, Ordering::SeqCst);
                                }
                            }
                        }
                    }
                    // Upgraded under us: asking again every second would only fill the
                    // server's log.
                    Err(Error::Server(problem @ ServerProblem::VersionMismatch { .. })) => {
                        shared.connected.store(false, Ordering::SeqCst);
                        *shared
                            .mismatch
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner) = Some(problem);
                        return;
                    }
                    Err(_) => {}
                }
                shared.connected.store(false, Ordering::SeqCst);
                std::thread::sleep(RECONNECT_PAUSE);
            }
        });
        // The first notice carries the counter as it is now.
        for _ in 0..100 {
            if watch.connected.load(Ordering::SeqCst) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        watch
    }
}

impl Session for RemoteSession {
    fn call(&self, request: Request) -> Result<Response> {
        if let Some(mismatch) = self.mismatch() {
            return Err(mismatch);
        }
        let mut slot = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(open(&self.socket)?.0);
        }
        let connection = slot.as_mut().expect("connected just above");
        let mut outcome = exchange(connection, request.clone());
        if matches!(outcome, Err(Sent::NotSent)) {
            // Nothing reached the server (it had let an idle connection go): the
            // request is safe to send again on a new one.
            *slot = Some(open(&self.socket)?.0);
            outcome = exchange(slot.as_mut().expect("connected just above"), request);
        }
        match outcome.map_err(Sent::frame_error) {
            Ok(answer) => answer,
            Err(FrameError::Garbled(message)) => {
                *slot = None;
                Err(Error::Server(ServerProblem::Garbled { message }))
            }
            Err(FrameError::TooLarge { bytes, limit }) => {
                *slot = None;
                Err(Error::Server(ServerProblem::TooLarge { bytes, limit }))
            }
            Err(FrameError::Closed | FrameError::Io(_)) => {
                // The next call connects afresh; this one may or may not have been
                // carried out, which the caller is told.
                *slot = None;
                Err(self.lost())
            }
        }
    }

    fn who(&self) -> &str {
        &self.user.login
    }

    /// Answered from the pushed notices: no round trip per poll.
    fn changes(&self) -> Result<u64> {
        if let Some(mismatch) = self.mismatch() {
            return Err(mismatch);
        }
        let watch = self.watch.get_or_init(|| self.start_watch());
        if watch.connected.load(Ordering::SeqCst) {
            Ok(watch.changes.load(Ordering::SeqCst))
        } else {
            Err(self.lost())
        }
    }
}

/// Why an exchange failed: before the request was sent (safe to send again), or after.
enum Sent {
    NotSent,
    Failed(FrameError),
}

impl Sent {
    fn frame_error(self) -> FrameError {
        match self {
            Sent::NotSent => FrameError::Closed,
            Sent::Failed(e) => e,
        }
    }
}

/// One request and its answer.
fn exchange(connection: &mut Connection, request: Request) -> Result<Result<Response>, Sent> {
    // The server lets idle connections go.
    if peer::has_closed(&connection.writer) {
        return Err(Sent::NotSent);
    }
    // A request too large for a frame is refused here: nothing was sent, so no answer
    // will come (waiting for one hung until the server let the connection go).
    let frame = encode_frame(&ClientMessage::Request(request)).map_err(Sent::Failed)?;
    let written = connection.writer.write_all(&frame);
    if written.and_then(|()| connection.writer.flush()).is_err() {
        // A server that refuses a request before reading all of it (larger than this
        // user may send) answers why and closes: that answer, not a lost connection.
        return match read_frame::<ServerMessage>(&mut connection.reader) {
            Ok(ServerMessage::Answer(answer)) => Ok(*answer),
            _ => Err(Sent::NotSent),
        };
    }
    loop {
        match read_frame::<ServerMessage>(&mut connection.reader).map_err(Sent::Failed)? {
            ServerMessage::Answer(answer) => return Ok(*answer),
            ServerMessage::Notice(_) | ServerMessage::Heartbeat => {}
        }
    }
}

/// Connects and shakes hands: the protocol versions must match, and the server must
/// know the user.
fn open(socket: &Path) -> Result<(Connection, User)> {
    let name = || socket.display().to_string();
    let stream = UnixStream::connect(socket).map_err(|e| connect_problem(socket, &e))?;
    let lost = || Error::Server(ServerProblem::Lost { socket: name() });
    trust(socket, &stream)?;
    // A server greets at once (or says why it turns the connection away); one that
    // accepts and says nothing (hung, or not a server at all) is given up on rather
    // than waited for without end. Requests after the greeting may take as long as
    // they take (a large import).
    stream
        .set_read_timeout(Some(GREETING_WAIT))
        .map_err(|_| lost())?;
    let mut writer = stream.try_clone().map_err(|_| lost())?;
    // A server that turns the connection away writes why and closes without reading
    // our hello: a failed write is then no reason not to read its answer.
    let _ = writer.write_all(hello().as_bytes());
    let mut reader = BufReader::new(stream);
    match read_hello(&mut reader).map_err(|_| lost())? {
        Some((PROTOCOL, _)) => {}
        Some((server_protocol, server_version)) => {
            return Err(Error::Server(ServerProblem::VersionMismatch {
                client_protocol: PROTOCOL,
                client_version: VERSION.to_string(),
                server_protocol,
                server_version,
            }));
        }
        None => {
            return Err(Error::Server(ServerProblem::Garbled {
                message: format!("{} is not a tilskudd server", name()),
            }));
        }
    }
    let welcome: Welcome = read_frame(&mut reader).map_err(|e| match e {
        FrameError::Garbled(message) => Error::Server(ServerProblem::Garbled { message }),
        FrameError::TooLarge { bytes, limit } => {
            Error::Server(ServerProblem::TooLarge { bytes, limit })
        }
        FrameError::Closed | FrameError::Io(_) => lost(),
    })?;
    reader
        .get_ref()
        .set_read_timeout(None)
        .map_err(|_| lost())?;
    Ok((Connection { reader, writer }, welcome?))
}

/// How long a client waits for the server's greeting.
const GREETING_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

fn connect_problem(socket: &Path, e: &std::io::Error) -> Error {
    let name = socket.display().to_string();
    Error::Server(match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
            ServerProblem::NotRunning { socket: name }
        }
        std::io::ErrorKind::PermissionDenied => ServerProblem::NoAccess {
            socket: name,
            // The socket, or the directory that keeps outsiders from even seeing it.
            group: std::fs::metadata(socket)
                .or_else(|_| std::fs::metadata(socket.parent().unwrap_or(Path::new("."))))
                .ok()
                .and_then(|m| peer::group_name(m.gid())),
        },
        _ => ServerProblem::Io {
            socket: name,
            message: e.to_string(),
        },
    })
}

/// Whether the process answering on `socket` is the server, before anything is sent to
/// it: it must run as the account that owns the socket's folder (only that account can
/// put a socket there), or as the uid in `TILSKUDD_SERVER_UID`. A socket someone else
/// planted in a folder that is not theirs (one anyone may write, such as `/tmp`, or a
/// colleague's) is refused. A folder anyone could have made (under `/tmp`) proves
/// nothing about who made it: a shared server's socket belongs under `/run`.
fn trust(socket: &Path, stream: &UnixStream) -> Result<()> {
    let server_uid = peer::peer_uid(stream).map_err(|e| connect_problem(socket, &e))?;
    let expected_uid = match std::env::var("TILSKUDD_SERVER_UID") {
        Ok(uid) => uid.trim().parse().ok(),
        Err(_) => None,
    }
    .or_else(|| {
        let folder = socket.parent().filter(|d| !d.as_os_str().is_empty());
        std::fs::metadata(folder.unwrap_or(Path::new(".")))
            .ok()
            .map(|m| m.uid())
    })
    .unwrap_or(u32::MAX);
    if server_uid == expected_uid {
        return Ok(());
    }
    Err(Error::Server(ServerProblem::Untrusted {
        socket: socket.display().to_string(),
        server_uid,
        expected_uid,
    }))
}
