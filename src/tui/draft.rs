//! Drafts: a reason or note being typed when the connection drops is kept, and offered
//! again next time.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::popup::ReasonFor;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftKind {
    Propose {
        outcome: usize,
    },
    Verdict {
        check: crate::domain::CheckId,
        choice: usize,
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

/// Where one person's draft for one database lives.
pub fn draft_path(db: &Path, actor: &str) -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    // The database path, made into a file name, keeps drafts of different files apart.
    let db_name: String = db
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let actor: String = actor.chars().filter(char::is_ascii_alphanumeric).collect();
    base.join("tilskudd")
        .join(format!("draft-{actor}-{db_name}.json"))
}

pub fn save(path: &Path, draft: &Draft) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string(draft).map_err(std::io::Error::other)?;
    std::fs::write(path, text)
}

/// The saved draft, if there is a readable one; it is removed once read.
pub fn take(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    let _ = std::fs::remove_file(path);
    serde_json::from_str(&text).ok()
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
        assert_eq!(take(&path), Some(draft));
        assert_eq!(take(&path), None);
    }
}
