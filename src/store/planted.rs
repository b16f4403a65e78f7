//! Database files someone else may have put in place: a new file is made for its owner
//! alone, and an existing one that others could have planted or could change is refused
//! before anything is read from it or written to it.

use std::path::Path;

use super::StoreError;

/// Creates an empty database file readable by its owner alone (contacts, conflict
/// reasons and decisions are in it), in folders likewise made for the owner alone where
/// they are missing. redb then fills the empty file; it would otherwise create the file
/// with the usual permissions, readable by everyone on a shared machine.
pub(super) fn create_private(path: &Path) -> Result<(), Created> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(Created::Io)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            // Something is there already: a link, or an empty file. Only one's own
            // empty file is used (and made private); someone else's could be read by
            // them, or changed under us.
            let meta = std::fs::symlink_metadata(path).map_err(Created::Io)?;
            let own = nix::unistd::Uid::current().as_raw();
            if meta.file_type().is_symlink() {
                return Err(Created::Planted(None));
            }
            if meta.uid() != own {
                return Err(Created::Planted(Some(meta.uid())));
            }
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(Created::Io)
        }
        Err(e) => Err(Created::Io(e)),
    }
}

/// Why a new database file could not be made.
pub(super) enum Created {
    Planted(Option<u32>),
    Io(std::io::Error),
}

/// How an existing database file is open to others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Exposure {
    /// Anyone on the machine may write the file itself.
    WritableByAll,
    /// It, a folder on its way or a link to it is in a folder anyone may write, such as
    /// `/tmp`, and another user owns that: it may have been put there for someone else.
    OwnedByAnotherInOpenFolder { owner: u32 },
    /// It, or a folder on its way, is in a folder anyone may write that lacks the sticky
    /// bit: anyone may replace it.
    ReplaceableByAll,
}

/// Refuses a database file that others could have put in place or could change, as
/// ssh refuses such key files: its decisions, checks and contacts would be theirs to
/// forge. Every folder on the way counts, on the path as given (a link someone put in
/// `/tmp` can be turned elsewhere later) and where it leads: one anyone may write that
/// lacks the sticky bit lets anyone replace what is in it, and in one anyone may write
/// (such as `/tmp`), a file, folder or link another user owns was put there by them.
/// Root's are trusted (root could change any file), as is a group's shared file or
/// folder elsewhere: a file the user can write is trusted anyway.
pub(super) fn refuse_exposed(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt;
    let exposed = |how| {
        Err(StoreError::Exposed {
            path: path.to_path_buf(),
            how,
        })
    };
    let given = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(how) = first_exposed(&given) {
        return exposed(how);
    }
    // Where it leads; for a new file, where its folder leads.
    let real = std::fs::canonicalize(path).ok().or_else(|| {
        let folder = std::fs::canonicalize(given.parent()?).ok()?;
        Some(folder.join(given.file_name()?))
    });
    let Some(real) = real else {
        return Ok(());
    };
    if std::fs::metadata(&real).is_ok_and(|file| file.is_file() && file.mode() & 0o002 != 0) {
        return exposed(Exposure::WritableByAll);
    }
    // Walked already where the path leads nowhere else.
    if real == given {
        return Ok(());
    }
    match first_exposed(&real) {
        Some(how) => exposed(how),
        None => Ok(()),
    }
}

/// Each entry of the absolute `path`, from its end up, in the folder that holds it: the
/// first that anyone could replace, or that another user put in a folder anyone may
/// write.
fn first_exposed(path: &Path) -> Option<Exposure> {
    use std::os::unix::fs::MetadataExt;
    let me = nix::unistd::Uid::current().as_raw();
    let mut entry = path;
    while let Some(folder) = entry.parent() {
        let mode = std::fs::metadata(folder).map_or(0, |m| m.mode());
        if mode & 0o002 != 0 {
            if mode & 0o1000 == 0 {
                return Some(Exposure::ReplaceableByAll);
            }
            // An entry not there yet (a new file) is made by us.
            if let Ok(owner) = std::fs::symlink_metadata(entry).map(|m| m.uid()) {
                if owner != me && owner != 0 {
                    return Some(Exposure::OwnedByAnotherInOpenFolder { owner });
                }
            }
        }
        entry = folder;
    }
    None
}
