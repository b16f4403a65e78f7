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
    /// It (or the link to it) is in a folder anyone may write, such as `/tmp`, and
    /// another user owns it: it may have been put there for someone else to use.
    OwnedByAnotherInOpenFolder { owner: u32 },
    /// It is in a folder anyone may write that lacks the sticky bit: anyone may replace it.
    ReplaceableByAll,
}

/// Refuses an existing database file that others could have put in place or could
/// change, as ssh refuses such key files: its decisions, checks and contacts would be
/// theirs to forge. Files owned by root are trusted (root could change any file), as are
/// a group's shared files: a file the user can write is trusted anyway.
pub(super) fn refuse_exposed(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt;
    let exposed = |how| StoreError::Exposed {
        path: path.to_path_buf(),
        how,
    };
    let me = nix::unistd::Uid::current().as_raw();
    let foreign = |uid: u32| uid != me && uid != 0;
    let Ok(link) = std::fs::symlink_metadata(path) else {
        // A new file in a folder where anyone may replace it would not stay ours.
        return match open_folder(path) {
            Some(false) => Err(exposed(Exposure::ReplaceableByAll)),
            _ => Ok(()),
        };
    };
    if link.file_type().is_symlink() && foreign(link.uid()) && open_folder(path).is_some() {
        return Err(exposed(Exposure::OwnedByAnotherInOpenFolder {
            owner: link.uid(),
        }));
    }
    let Ok(real) = std::fs::canonicalize(path) else {
        return Ok(());
    };
    let Ok(file) = std::fs::metadata(&real) else {
        return Ok(());
    };
    if !file.is_file() {
        return Ok(());
    }
    if file.mode() & 0o002 != 0 {
        return Err(exposed(Exposure::WritableByAll));
    }
    match open_folder(&real) {
        Some(sticky) if !sticky => Err(exposed(Exposure::ReplaceableByAll)),
        Some(_) if foreign(file.uid()) => Err(exposed(Exposure::OwnedByAnotherInOpenFolder {
            owner: file.uid(),
        })),
        _ => Ok(()),
    }
}

/// Whether the folder holding `path` may be written by anyone, and then whether it has
/// the sticky bit (only a file's owner may then remove or rename it).
fn open_folder(path: &Path) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mode = std::fs::metadata(folder).ok()?.mode();
    (mode & 0o002 != 0).then_some(mode & 0o1000 != 0)
}
