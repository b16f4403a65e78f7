//! The system configuration, `/etc/tilskudd/config.toml` (or `TILSKUDD_CONFIG`): where a
//! machine's shared server is, so every command and screen on it uses that server
//! whatever shell or profile started it (a command over `ssh host 'tilskudd …'` reads no
//! `~/.profile`). Precedence: flags, then `TILSKUDD_DB` / `TILSKUDD_SERVER`, then this
//! file, then the per-user default database.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the file is looked for unless `TILSKUDD_CONFIG` says otherwise.
pub const SYSTEM_CONFIG: &str = "/etc/tilskudd/config.toml";

/// What the file may say.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The shared server's socket.
    pub server: Option<String>,
}

/// The configuration file's path.
pub fn path() -> PathBuf {
    std::env::var_os("TILSKUDD_CONFIG")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from(SYSTEM_CONFIG), PathBuf::from)
}

/// The configuration, or none where the file does not exist. A file that is there but
/// cannot be read or understood is an error naming it: a machine set up for a shared
/// server must not quietly fall back to private databases.
pub fn load(path: &Path) -> Result<Config> {
    let text = match read_small_file(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(config_error(path, &e.to_string())),
    };
    let config: Config = toml::from_str(&text).map_err(|e| config_error(path, e.message()))?;
    if config
        .server
        .as_deref()
        .is_some_and(|s| s.trim().is_empty())
    {
        return Err(config_error(path, "`server` is empty"));
    }
    Ok(config)
}

/// The most a configuration file may hold; it names one socket.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// The file's text, if it is a regular file of at most [`MAX_CONFIG_BYTES`]: a pipe or a
/// device (`/dev/zero`) named by `TILSKUDD_CONFIG` would otherwise hang every command or
/// read without end. Opened without waiting (a pipe with no writer blocks the open), and
/// its kind checked on what was opened, not on the name.
fn read_small_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)?;
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    if !file.metadata()?.is_file() {
        return Err(invalid("is not a regular file"));
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(invalid("is larger than 64 KiB"));
    }
    Ok(text)
}

fn config_error(path: &Path, message: &str) -> Error {
    Error::Config {
        path: path.display().to_string(),
        message: message.chars().take(300).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_no_configuration_and_a_bad_one_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        assert!(load(&file).unwrap().server.is_none());
        std::fs::write(&file, "server = \"/run/tilskudd/tilskudd.sock\"\n").unwrap();
        assert_eq!(
            load(&file).unwrap().server.as_deref(),
            Some("/run/tilskudd/tilskudd.sock")
        );
        for bad in ["server = 5\n", "sever = \"/x\"\n", "server = \"\"\n", "[[x"] {
            std::fs::write(&file, bad).unwrap();
            assert!(load(&file).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_pipe_a_device_a_folder_or_a_huge_file_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        nix::unistd::mkfifo(&pipe, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let huge = dir.path().join("huge.toml");
        std::fs::write(&huge, format!("# {}\n", "x".repeat(100_000))).unwrap();
        for bad in [pipe.as_path(), Path::new("/dev/zero"), dir.path(), &huge] {
            assert!(load(bad).is_err(), "{}", bad.display());
        }
    }
}
