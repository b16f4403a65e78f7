//! Everything a key can ask the review screen to do. Keys map to these in
//! [`super::keys`], a pure function; [`super::app::App::apply`] carries them out.

/// One user intention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave the program (asks first if a form holds unsaved text).
    Quit,
    /// Move the cursor up one line.
    Up,
    /// Move the cursor down one line.
    Down,
    /// Jump to the first line.
    Top,
    /// Jump to the last line.
    Bottom,
    /// Scroll up one page.
    PageUp,
    /// Scroll down one page.
    PageDown,
    /// Focus the next pane (list → checks → allocation → list).
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Open the selected case, or act on the selected line of the focused pane.
    Open,
    /// The next case in the queue (the filtered list).
    NextCase,
    /// The previous case in the queue.
    PrevCase,
    /// Show the next round in the header and list.
    NextRound,
    /// Show the previous round.
    PrevRound,
    /// Type a filter query.
    Filter,
    /// Close the popup or cancel the form.
    Cancel,
    /// Show every key.
    Help,
    /// Take back the user's own last change to the case in view (the service refuses
    /// when someone changed it since, or it is decided).
    Undo,
    /// Mark or unmark the selected case for a batch action.
    ToggleMark,
    /// Apply one action to every marked case.
    Batch,
    /// Search municipalities, networks and people.
    Lookup,
    /// Record a verdict on the selected check.
    EditCheck,
    /// Set the amount from a pot.
    Allocate,
    /// Write the proposal (innstilling).
    Propose,
    /// Approve the proposal into a decision.
    Approve,
    /// Reopen a decided case.
    Reopen,
    /// Declare one's own conflict of interest in the case.
    Conflict,
    /// Show the grant letter of a decided case as it will be written.
    PreviewLetter,
    /// Close the round: letters, export, check the audit trail.
    RoundMenu,
    /// The queue of what is due (payments, reports, repayments, use-by dates); again to
    /// leave it.
    DueQueue,
    /// After the decision: pay, report, claim, repaid, extend, close.
    FollowUpMenu,
    /// The round seen whole: pots, networks, municipalities; again to leave it.
    Overview,
    /// Choose the option at this place of a choice (a verdict's `m`, `x`, `n`); on a
    /// check, open its verdict form with that choice.
    Pick(u8),
    /// Show the messages of this session.
    MessageLog,
    /// Type a character into the focused field.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Move the text cursor left, or choose the previous option.
    Left,
    /// Move the text cursor right, or choose the next option.
    Right,
    /// Move the text cursor to the start.
    Home,
    /// Ctrl-U in a text field: remove what is before the cursor.
    ClearToStart,
    /// Move the text cursor to the end.
    End,
    /// Submit the form or confirm.
    Submit,
    /// Redraw everything (after a resume or on Ctrl-L).
    Redraw,
    /// Suspend to the shell (Ctrl-Z).
    Suspend,
}
