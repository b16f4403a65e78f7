//! Where commands go: the database file or the server, who is acting, and the files an
//! import reads.

use std::path::{Path, PathBuf};

use super::Cli;
use crate::error::{Error, Result, ServerProblem};
use crate::import::Source;
use crate::server::RemoteSession;
use crate::service::{LocalSession, Service, Session};
use crate::store::Store;

/// `$XDG_DATA_HOME/tilskudd/tilskudd.redb`, or `~/.local/share/...`.
pub fn default_db_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("tilskudd").join("tilskudd.redb")
}

/// Who is acting in local mode: `TILSKUDD_USER`, or the login name.
pub fn local_identity() -> String {
    std::env::var("TILSKUDD_USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| whoami::username().ok())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The server's socket, where commands go to a server: `--server`, or
/// `TILSKUDD_SERVER` unless `--db` is on the command line.
pub fn server_socket(cli: &Cli) -> Option<&Path> {
    cli.server
        .as_deref()
        .filter(|s| !s.is_empty() && (cli.server_on_command_line || !cli.db_on_command_line))
        .map(Path::new)
}

/// The service on the configured database file. Only imports create a missing one.
pub fn open_local(cli: &Cli, create: bool) -> Result<Service> {
    let path = cli.db.clone().unwrap_or_else(default_db_path);
    let store = if create {
        Store::open(&path)?
    } else {
        Store::open_existing(&path)?
    };
    Ok(Service::new(store))
}

/// A session on the configured server, or on the database file as the local user.
pub(super) fn open_session(cli: &Cli, create: bool) -> Result<Box<dyn Session>> {
    match server_socket(cli) {
        Some(socket) => match (RemoteSession::connect(socket), &cli.server_from_config) {
            (Ok(session), _) => Ok(Box::new(session)),
            // The machine says this is where the server is: say so, and who to ask.
            (
                Err(Error::Server(crate::error::ServerProblem::NotRunning { socket })),
                Some(config),
            ) => Err(Error::Server(
                crate::error::ServerProblem::ConfiguredNotRunning {
                    socket,
                    config: config.display().to_string(),
                },
            )),
            (Err(e), _) => Err(e),
        },
        None => Ok(Box::new(LocalSession::new(
            open_local(cli, create)?,
            &local_identity(),
        ))),
    }
}

/// Refuses a command that works on a database file only when a server is configured.
pub(super) fn local_only(cli: &Cli, command: &str) -> Result<()> {
    match server_socket(cli) {
        Some(_) => Err(Error::Server(ServerProblem::LocalOnly {
            command: command.to_string(),
        })),
        None => Ok(()),
    }
}

/// Reads the files to import: regular files only (a pipe would hang, a device never
/// end), and no more of each than an import takes, so a file planted where an admin
/// imports from cannot fill the memory.
pub(super) fn read_sources(files: &[PathBuf]) -> Result<Vec<Source>> {
    use std::io::Read;
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let fail = |e: &std::io::Error| Error::ReadFile {
                path: name.clone(),
                missing: e.kind() == std::io::ErrorKind::NotFound,
                message: e.to_string(),
            };
            let meta = std::fs::metadata(path).map_err(|e| fail(&e))?;
            if !meta.is_file() {
                let e =
                    std::io::Error::new(std::io::ErrorKind::InvalidInput, crate::error::NOT_A_FILE);
                return Err(fail(&e));
            }
            let limit = crate::import::MAX_FILE_BYTES as u64;
            // Room for the whole file at once (a byte more, to see one past the limit):
            // grown as it is read, a 50 MB file was copied over a few times.
            let room = usize::try_from(meta.len().min(limit) + 1).unwrap_or(0);
            let mut bytes = Vec::with_capacity(room);
            std::fs::File::open(path)
                .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
                .map_err(|e| fail(&e))?;
            if bytes.len() as u64 > limit {
                return Err(crate::import::ImportError::file(
                    &name,
                    crate::import::Problem::TooLarge {
                        limit: crate::import::MAX_FILE_BYTES,
                    },
                )
                .into());
            }
            Ok(Source { name, bytes })
        })
        .collect()
}

/// The path a demo database goes to when `--db` is not given.
pub fn demo_path() -> PathBuf {
    std::env::temp_dir().join(format!("tilskudd-demo-{}.redb", std::process::id()))
}
