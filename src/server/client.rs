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
    ClientMessage, FrameError, PROTOCOL, ServerMessage, VERSION, Welcome, hello, read_frame,
    read_hello, write_frame,
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

    /// Starts the thread that keeps a subscription open and follows its notices.
    fn start_watch(&self) -> Arc<Watch> {
        let watch = Arc::new(Watch {
            changes: AtomicU64::new(0),
            connected: AtomicBool::new(false),
        });
        let socket = self.socket.clone();
        let shared = Arc::clone(&watch);
        std::thread::spawn(move || {
            loop {
                if let Ok((mut connection, _)) = open(&socket)
                    && write_frame(&mut connection.writer, &ClientMessage::Subscribe).is_ok()
                {
                    while let Ok(message) = read_frame::<ServerMessage>(&mut connection.reader) {
                        if let ServerMessage::Notice(notice) = message {
                            shared.changes.store(notice.changes, Ordering::SeqCst);
                            shared.connected.store(true, Ordering::SeqCst);
                        }
                    }
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
        let mut slot = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(open(&self.socket)?.0);
        }
        let connection = slot.as_mut().expect("connected just above");
        match exchange(connection, request) {
            Ok(answer) => answer,
            Err(FrameError::Garbled(message)) => {
                *slot = None;
                Err(Error::Server(ServerProblem::Garbled { message }))
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
        let watch = self.watch.get_or_init(|| self.start_watch());
        if watch.connected.load(Ordering::SeqCst) {
            Ok(watch.changes.load(Ordering::SeqCst))
        } else {
            Err(self.lost())
        }
    }
}

/// One request and its answer.
fn exchange(connection: &mut Connection, request: Request) -> Result<Result<Response>, FrameError> {
    write_frame(&mut connection.writer, &ClientMessage::Request(request))
        .map_err(FrameError::Io)?;
    loop {
        match read_frame::<ServerMessage>(&mut connection.reader)? {
            ServerMessage::Answer(answer) => return Ok(answer),
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
    let mut writer = stream.try_clone().map_err(|_| lost())?;
    writer.write_all(hello().as_bytes()).map_err(|_| lost())?;
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
        FrameError::Closed | FrameError::Io(_) => lost(),
    })?;
    Ok((Connection { reader, writer }, welcome?))
}

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
