//! The popups and forms of the review screen, each carrying what it is about.

use crate::domain::{CheckId, Outcome, Verdict};
use crate::service::Command;

use super::input::Input;

/// The verdicts a reviewer can record, in menu order.
pub const VERDICTS: [Verdict; 3] = Verdict::RECORDABLE;
/// The outcomes of a proposal, in menu order.
pub const OUTCOMES: [Outcome; 3] = Outcome::ALL;

/// What a free-text reason is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReasonFor {
    Reopen,
    Conflict,
    /// One rejection reason for every marked case.
    BatchReject,
}

/// What a typed path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathFor {
    /// A folder for the round's grant letters.
    Letters,
    /// A CSV file for the round's export.
    Export,
}

/// Which field of a two-field form has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Choice,
    Text,
}

#[derive(Clone, Debug)]
pub enum Popup {
    Help,
    /// A verdict (and note) for one check of the open case, or for every marked case.
    Verdict {
        check: CheckId,
        choice: usize,
        note: Input,
        field: Field,
        batch: bool,
    },
    /// An amount from one of the pots the case requested.
    Allocate {
        pots: Vec<String>,
        pot: usize,
        amount: Input,
        preview: Option<Result<String, String>>,
    },
    Propose {
        outcome: usize,
        reason: Input,
        field: Field,
    },
    Reason {
        purpose: ReasonFor,
        input: Input,
    },
    /// A final write, shown with its effect before it is made.
    Confirm {
        title: String,
        lines: Vec<String>,
        commands: Vec<Command>,
        /// One command per marked case, carried on past refusals.
        batch: bool,
        /// The case's last event when the confirmation was shown: if anyone changes
        /// the case before it is confirmed, the service refuses and says what changed.
        seen: Option<u64>,
    },
    Lookup {
        input: Input,
        lines: Vec<String>,
        scroll: u16,
    },
    /// Closing the round: letters, export, audit check.
    RoundMenu {
        option: usize,
    },
    /// A folder or file to write to.
    Path {
        purpose: PathFor,
        input: Input,
    },
    /// The grant letter of the open case, as it will be written.
    Letter {
        lines: Vec<String>,
        scroll: u16,
    },
    /// What to do with the marked cases.
    Batch {
        option: usize,
    },
    /// A form left unfinished when the connection dropped.
    Draft {
        draft: super::draft::Draft,
    },
}

impl Popup {
    /// Text the user typed that would be lost if the program ended now.
    pub fn unsaved_text(&self) -> Option<&str> {
        let text = match self {
            Popup::Verdict { note, .. } => note.text(),
            Popup::Propose { reason, .. } => reason.text(),
            Popup::Reason { input, .. } => input.text(),
            _ => return None,
        };
        (!text.trim().is_empty()).then_some(text)
    }
}
