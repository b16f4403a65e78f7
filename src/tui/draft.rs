//! Drafts: a reason or note being typed when the connection drops is kept, and offered
//! again next time.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::popups::ReasonFor;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftKind {
    Propose {
        outcome: usize,
    },
    Verdict {
        check: crate::domain::CheckId,
        choice: usize,
        /// The pot the verdict was for, on a check judged per pot.
        #[serde(default)]
        pot: Option<String>,
    },
    Reason(ReasonFor),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The case it was for (empty for batch forms).
    pub reference: String,
    pub kind: DraftKind,
    pub text: String,
}

impl Draft {
    /// The text of a form as a draft, if there is text: for the open case, or for no
    /// case (a batch form).
    pub fn of(
        app: &super::app::App,
        for_case: bool,
        kind: DraftKind,
        input: &super::input::Input,
    ) -> Option<Draft> {
        if input.text().trim().is_empty() {
            return None;
        }
        let reference = if for_case {
            app.case
                .as_ref()
                .map(|c| c.case.reference().to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        Some(Draft {
            reference,
            kind,
            text: input.text().to_string(),
        })
    }
}

/// Where one person's draft for one database lives: under their own state folder, never
/// a shared one like `/tmp`, where another user could put a link in its place. `None`
/// where neither `XDG_STATE_HOME` nor `HOME` is set: then no draft is kept.
pub fn draft_path(db: &Path, actor: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })?;
    // The database path, made into a file name, keeps drafts of different files apart.
    let db_name: String = db
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let actor: String = actor.chars().filter(char::is_ascii_alphanumeric).collect();
    Some(
        base.join("tilskudd")
            .join(format!("draft-{actor}-{db_name}.json")),
    )
}

/// Saves a draft readable by its owner alone, in a folder made for the owner alone: to
/// a new file beside it (created exclusively), then renamed into place, so a link at
/// the path is replaced, never followed.
pub fn save(path: &Path, draft: &Draft) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let text = serde_json::to_string(draft).map_err(std::io::Error::other)?;
    let temporary = dir.join(format!(".draft-{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

/// The saved draft, if there is a readable one. It stays until it is restored or
/// declined ([`discard`]): a connection that drops again while it is offered loses
/// nothing.
pub fn load(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Removes a draft that was restored (its text is in the form now) or declined.
pub fn discard(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_survives_a_round_trip_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d/draft.json");
        let draft = Draft {
            reference: "INN-1".into(),
            kind: DraftKind::Propose { outcome: 1 },
            text: "Godt begrunnet, men".into(),
        };
        save(&path, &draft).unwrap();
        let mode = |p: &Path| {
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
                & 0o777
        };
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(load(&path), Some(draft.clone()));
        assert_eq!(load(&path), Some(draft), "kept until restored or declined");
        discard(&path);
        assert_eq!(load(&path), None);
    }

    #[test]
    fn a_link_planted_at_the_draft_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let path = dir.path().join("draft.json");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let draft = Draft {
            reference: String::new(),
            kind: DraftKind::Propose { outcome: 0 },
            text: "x".into(),
        };
        save(&path, &draft).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(load(&path), Some(draft));
    }
}
