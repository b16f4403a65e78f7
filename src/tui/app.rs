//! The review screen's state and what each action does to it. No terminal here: the
//! loop in `super` feeds actions in, and `super::view` draws the state.

use std::collections::BTreeSet;

use ratatui::layout::Rect;

use crate::domain::text::safe_line;
use crate::i18n::Texts;
use crate::service::{CaseRow, CaseView, ListFilter, RoundStatus, Session};

use super::action::Action;
use super::input::Input;
use super::keys::KeyContext;
use super::popups::{
    AllocateForm, BatchMenu, Confirm, FollowUpMenu, Help, Letter, Lookup, MessageLog,
    OverviewScreen, Popup, ProposeForm, ReasonFor, ReasonForm, RoundMenu, VerdictForm,
};
use super::queue::CaseList;

/// Which pane has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Checks,
    Allocation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
    /// When it was said (`HH:MM:SS`), for the message log.
    pub at: String,
}

/// The most messages the log keeps: a day's work, not a leak.
const LOG_LIMIT: usize = 500;

/// A cursor movement, clamped to the list it moves in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Back(usize),
    Forward(usize),
}

impl Step {
    /// The position after this step from `at`, within `0..len` (`len` > 0).
    pub fn from(self, at: usize, len: usize) -> usize {
        match self {
            Step::Back(n) => at.saturating_sub(n),
            Step::Forward(n) => at.saturating_add(n),
        }
        .min(len.saturating_sub(1))
    }
}

/// The time of day in Norway, as every other time on the screen, for the message log.
fn time_of_day() -> String {
    crate::domain::time::to_oslo(chrono::Utc::now())
        .format("%H:%M:%S")
        .to_string()
}

/// Rows a key press in the filter reads at most (under a millisecond's worth); the rest
/// of a large round is read between keys.
const TYPING_READ_ROWS: usize = 250;

/// Rows read ahead between two looks for a key: a few milliseconds' work, so a key
/// pressed meanwhile waits no longer than that.
const READ_AHEAD_ROWS: usize = 500;

/// The same while a filter waits for them: larger (still well under a frame), so the
/// queue is whole sooner and is redrawn fewer times on the way.
const READ_AHEAD_FILTERED_ROWS: usize = 2_000;

pub struct App {
    pub t: &'static dyn Texts,
    /// Where this person's draft is kept, if anywhere: removed once the draft offered at
    /// start is restored or declined.
    pub draft_path: Option<std::path::PathBuf>,
    /// Proposal reasons written and not yet used in this session, by case.
    pub kept_reasons: std::collections::HashMap<String, String>,
    pub actor: String,
    pub rounds: Vec<RoundStatus>,
    pub round: usize,
    /// The current round's cases, the queue and the selection.
    pub list: CaseList,
    pub filter: ListFilter,
    pub filter_query: String,
    /// The query being typed after `/`.
    pub filter_input: Option<Input>,
    pub focus: Focus,
    pub case: Option<CaseView>,
    pub check_cursor: usize,
    pub pot_cursor: usize,
    pub detail_scroll: u16,
    pub popup: Option<Popup>,
    pub marked: BTreeSet<String>,
    /// The message in view.
    pub message: Option<Message>,
    /// Every message of the session, oldest first (`l` shows them).
    pub log: Vec<Message>,
    /// The time of day for a message (fixed in tests).
    pub clock: fn() -> String,
    /// The change counter when we last loaded.
    pub seen_changes: u64,
    /// What the session said of the server while it was away: each thing said once
    /// until the server is back (lost, then upgraded, are two things).
    pub connection_lost: Option<String>,
    /// The last event we have seen: changes after it are read case by case.
    pub seen_event: u64,
    /// How many things are overdue in the round in view, for the header.
    pub overdue: usize,
    pub quit: bool,
    /// The window, as of the last resize: popups that scroll measure their text by it.
    pub area: Rect,
}

impl App {
    pub fn new(service: &dyn Session, t: &'static dyn Texts) -> crate::error::Result<App> {
        let mut app = App {
            t,
            draft_path: None,
            kept_reasons: std::collections::HashMap::new(),
            actor: service.who().to_string(),
            rounds: Vec::new(),
            round: 0,
            list: CaseList::default(),
            filter: ListFilter::default(),
            filter_query: String::new(),
            filter_input: None,
            focus: Focus::List,
            case: None,
            check_cursor: 0,
            pot_cursor: 0,
            detail_scroll: 0,
            popup: None,
            marked: BTreeSet::new(),
            message: None,
            log: Vec::new(),
            clock: time_of_day,
            seen_changes: 0,
            connection_lost: None,
            seen_event: 0,
            overdue: 0,
            quit: false,
            area: Rect::new(0, 0, 120, 40),
        };
        // Start in the round with most work left: chosen from the counts, before any
        // list is read.
        app.rounds = service.status(None)?;
        if let Some((best, _)) = app.rounds.iter().enumerate().max_by_key(|(i, r)| {
            let open: u64 = r
                .cases
                .iter()
                .filter(|(s, _)| !s.is_closed())
                .map(|(_, n)| *n)
                .sum();
            (open, std::cmp::Reverse(*i))
        }) {
            app.round = best;
        }
        app.reload(service)?;
        Ok(app)
    }

    pub fn round_id(&self) -> Option<&str> {
        self.rounds.get(self.round).map(|r| r.round.id.as_str())
    }

    pub fn selected_row(&self) -> Option<&CaseRow> {
        self.list.row_at(self.list.selected())
    }

    pub fn selected_reference(&self) -> Option<String> {
        self.list.selected_reference().map(str::to_string)
    }

    /// The window is this large, and its list this many rows: the list keeps the
    /// selection in view.
    pub fn fit(&mut self, area: Rect, list_rows: usize) {
        self.area = area;
        self.list.set_height(list_rows);
    }

    /// Reads the list rows that may be shown next.
    pub fn read_visible(&mut self, service: &dyn Session) {
        if let Err(e) = self.list.read_visible(service) {
            self.error(&e);
        }
    }

    /// Reads everything again, keeping the selection on the same case where it still is.
    pub fn reload(&mut self, service: &dyn Session) -> crate::error::Result<()> {
        let keep = self.selected_reference();
        let height = self.list.height();
        self.seen_changes = service.changes()?;
        self.seen_event = service.last_event()?;
        self.rounds = service.status(None)?;
        self.round = self.round.min(self.rounds.len().saturating_sub(1));
        let round = self.round_id().map(str::to_string);
        self.filter.round.clone_from(&round);
        self.list = CaseList::new(match &round {
            Some(id) => service.references(id)?,
            None => Vec::new(),
        });
        self.list.set_height(height);
        self.list
            .requeue(service, &self.filter, keep.as_deref(), true)?;
        self.load_case(service);
        self.count_overdue(service);
        Ok(())
    }

    /// Brings the view up to date after a change: only the cases that changed are read
    /// again, so a round of any size stays quick; anything else reloads everything.
    pub fn refresh(&mut self, service: &dyn Session) -> crate::error::Result<()> {
        let Ok((last, Some(changed))) = service.changed_since(self.seen_event) else {
            return self.reload(service);
        };
        let keep = self.selected_reference();
        self.seen_changes = service.changes()?;
        self.seen_event = last;
        self.rounds = service.status(None)?;
        let round = self.round_id().map(str::to_string);
        for reference in changed {
            let Some(row) = service.row(&reference)? else {
                continue;
            };
            if Some(&row.round) == round.as_ref() {
                self.list.put(reference, row);
            }
        }
        self.list
            .requeue(service, &self.filter, keep.as_deref(), true)?;
        self.load_case(service);
        self.count_overdue(service);
        // What an open form shows of the pots is brought up to date too.
        if let Some(mut popup) = self.popup.take() {
            popup.refresh(self, service);
            self.popup = Some(popup);
        }
        Ok(())
    }

    /// Loads the selected case's detail, and the list rows around it.
    pub fn load_case(&mut self, service: &dyn Session) {
        if let Err(e) = self.list.read_visible(service) {
            self.error(&e);
        }
        let reference = self.selected_reference();
        let same = self
            .case
            .as_ref()
            .map(|c| c.case.application.reference.clone())
            == reference;
        self.case = reference.and_then(|r| service.case(&r).ok());
        if !same {
            self.check_cursor = 0;
            self.pot_cursor = 0;
            self.detail_scroll = 0;
        }
    }

    /// Shows one case, in whichever round it is, with no filter.
    pub fn show_case(&mut self, service: &dyn Session, reference: &str) {
        self.filter = ListFilter {
            round: self.filter.round.clone(),
            ..ListFilter::default()
        };
        self.filter_query.clear();
        for round in 0..self.rounds.len() {
            self.round = round;
            if let Err(e) = self.reload(service) {
                self.error(&e);
                return;
            }
            if self.list.select_reference(reference) {
                self.load_case(service);
                return;
            }
        }
    }

    /// Notices others' changes: reloads and says so when the open case moved.
    pub fn poll(&mut self, service: &dyn Session) {
        let changes = match service.changes() {
            Ok(changes) => changes,
            Err(e) => {
                // Said once; the session keeps trying to reconnect in the background.
                use crate::error::{Error, ServerProblem};
                let text = match &e {
                    Error::Server(ServerProblem::Lost { .. }) => {
                        self.t.tui().connection_lost.to_string()
                    }
                    Error::Server(ServerProblem::VersionMismatch { server_version, .. }) => {
                        self.t.tui().server_upgraded(server_version)
                    }
                    _ => self.t.error(&e),
                };
                if self.connection_lost.as_ref() != Some(&text) {
                    self.connection_lost = Some(text.clone());
                    self.say(Level::Error, text);
                }
                return;
            }
        };
        if self.connection_lost.take().is_some() {
            self.info(self.t.tui().reconnected.to_string());
            self.seen_changes = changes.wrapping_add(1);
        }
        if changes == self.seen_changes {
            return;
        }
        let before = self
            .case
            .as_ref()
            .map(|c| (c.case.application.reference.clone(), c.case.revision));
        if let Err(e) = self.refresh(service) {
            self.error(&e);
            return;
        }
        let Some((reference, revision)) = before else {
            return;
        };
        let Some(view) = &self.case else { return };
        if view.case.application.reference == reference && view.case.revision != revision {
            let by = view
                .history
                .last()
                .map(|e| e.by.clone())
                .unwrap_or_default();
            if by != self.actor {
                let text = self
                    .t
                    .tui()
                    .changed_by(&safe_line(&reference), &safe_line(&by));
                self.warn(text);
            }
        }
    }

    /// Says something on the message line, and keeps it in the log.
    pub fn say(&mut self, level: Level, text: String) {
        let message = Message {
            level,
            text,
            at: (self.clock)(),
        };
        if self.log.len() >= LOG_LIMIT {
            self.log.remove(0);
        }
        self.log.push(message.clone());
        self.message = Some(message);
    }

    /// Says something on the message line for the moment only (a filter being typed):
    /// not kept in the log, which would fill with every key's half-word.
    pub fn note(&mut self, level: Level, text: String) {
        self.message = Some(Message {
            level,
            text,
            at: (self.clock)(),
        });
    }

    pub fn info(&mut self, text: String) {
        self.say(Level::Info, text);
    }

    pub fn warn(&mut self, text: String) {
        self.say(Level::Warning, text);
    }

    /// An error in words already made.
    pub fn error_text(&mut self, text: String) {
        self.say(Level::Error, text);
    }

    /// An error, in the screen's words: a refusal whose way out is a key names the key.
    pub fn error(&mut self, e: &crate::error::Error) {
        let text = match e {
            crate::error::Error::Refused(refusal) => self.t.screen_refusal(refusal),
            _ => None,
        }
        .unwrap_or_else(|| self.t.error(e));
        self.say(Level::Error, text);
    }

    /// What the keys go to now.
    pub fn key_context(&self) -> KeyContext {
        if self.filter_input.is_some() {
            return KeyContext::Filter;
        }
        match &self.popup {
            Some(popup) => popup.context(),
            None => match self.focus {
                Focus::List => KeyContext::List,
                Focus::Checks => KeyContext::Checks,
                Focus::Allocation => KeyContext::Allocation,
            },
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, service: &dyn Session, action: Action) {
        if self.filter_input.is_some() {
            self.filter_key(service, action);
        } else if let Some(popup) = self.popup.take() {
            self.popup = popup.key(self, service, action);
        } else {
            self.browse(service, action);
        }
    }

    fn browse(&mut self, service: &dyn Session, action: Action) {
        let page = self.list.height().max(1);
        let opened = match action {
            Action::Quit => {
                self.quit = true;
                None
            }
            Action::Up => self.move_cursor(service, Step::Back(1)),
            Action::Down => self.move_cursor(service, Step::Forward(1)),
            Action::Top => self.move_cursor(service, Step::Back(usize::MAX)),
            Action::Bottom => self.move_cursor(service, Step::Forward(usize::MAX)),
            Action::PageUp if self.focus == Focus::List => {
                self.move_cursor(service, Step::Back(page))
            }
            Action::PageDown if self.focus == Focus::List => {
                self.move_cursor(service, Step::Forward(page))
            }
            Action::PageUp => {
                self.detail_scroll = self.detail_scroll.saturating_sub(10);
                None
            }
            Action::PageDown => {
                self.detail_scroll = self.detail_scroll.saturating_add(10);
                None
            }
            Action::FocusNext | Action::FocusPrev => {
                self.cycle_focus(action == Action::FocusNext);
                None
            }
            Action::NextCase => self.step_case(service, Step::Forward(1)),
            Action::PrevCase => self.step_case(service, Step::Back(1)),
            Action::NextRound | Action::PrevRound => {
                self.switch_round(service, action == Action::NextRound);
                None
            }
            Action::Filter => {
                self.filter_input = Some(Input::with_text(&self.filter_query));
                None
            }
            Action::Cancel => {
                // Esc on the queue with a filter in force clears the filter.
                if self.focus == Focus::List && !self.filter_query.trim().is_empty() {
                    self.clear_filter(service);
                }
                self.message = None;
                self.focus = Focus::List;
                None
            }
            Action::Help => Some(Popup::Help(Help::default())),
            Action::MessageLog => Some(Popup::Log(MessageLog::default())),
            Action::ToggleMark => {
                self.toggle_mark();
                None
            }
            Action::Open => match self.focus {
                Focus::List => {
                    self.focus = Focus::Checks;
                    None
                }
                Focus::Checks => self.for_change(service, |app, _| VerdictForm::open(app, None)),
                Focus::Allocation => {
                    self.for_change(service, |app, service| AllocateForm::open(app, service))
                }
            },
            Action::Pick(n) if self.focus == Focus::Checks => self.for_change(service, |app, _| {
                VerdictForm::open(app, Some(usize::from(n)))
            }),
            Action::Undo => {
                self.undo(service);
                None
            }
            Action::Batch => BatchMenu::open(self),
            Action::Lookup => Some(Popup::Lookup(Lookup::default())),
            Action::EditCheck => self.for_change(service, |app, _| VerdictForm::open(app, None)),
            Action::PreviewLetter => Letter::open(self, service),
            Action::RoundMenu => RoundMenu::open(self),
            Action::DueQueue => {
                self.toggle_due_queue(service);
                None
            }
            Action::FollowUpMenu => FollowUpMenu::open(self, service),
            Action::Overview => OverviewScreen::open(self, service),
            Action::Allocate => {
                self.for_change(service, |app, service| AllocateForm::open(app, service))
            }
            Action::Propose => self.for_change(service, |app, _| ProposeForm::open(app)),
            Action::Approve => Confirm::approve(self, service),
            Action::Reopen => ReasonForm::open_for_case(self, service, ReasonFor::Reopen),
            Action::Conflict => ReasonForm::open_for_case(self, service, ReasonFor::Conflict),
            _ => None,
        };
        if opened.is_some() {
            self.popup = opened;
        }
    }

    /// A form for a change to the open case, opened only if this user may change the
    /// case now, as the service answers: if not, the screen says why (and which key
    /// helps) at once, instead of after the form is filled in.
    fn for_change(
        &mut self,
        service: &dyn Session,
        open: impl FnOnce(&mut App, &dyn Session) -> Option<Popup>,
    ) -> Option<Popup> {
        let reference = self.case.as_ref().map(|c| c.case.reference().to_string())?;
        match service.may_change(&reference) {
            Ok(()) => open(self, service),
            Err(e) => {
                self.error(&e);
                None
            }
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order = [Focus::List, Focus::Checks, Focus::Allocation];
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = order[if forward { (at + 1) % 3 } else { (at + 2) % 3 }];
    }

    /// Moves the cursor of the focused pane.
    fn move_cursor(&mut self, service: &dyn Session, step: Step) -> Option<Popup> {
        let (cursor, len) = match self.focus {
            Focus::List => (self.list.selected(), self.list.len()),
            Focus::Checks => (
                self.check_cursor,
                self.case.as_ref().map_or(0, |c| c.checks.len()),
            ),
            Focus::Allocation => (
                self.pot_cursor,
                self.case
                    .as_ref()
                    .map_or(0, |c| c.case.application.requests.len()),
            ),
        };
        if len == 0 {
            return None;
        }
        let next = step.from(cursor, len);
        match self.focus {
            Focus::List => {
                if next != self.list.selected() {
                    self.list.select(next);
                    self.load_case(service);
                }
            }
            Focus::Checks => self.check_cursor = next,
            Focus::Allocation => self.pot_cursor = next,
        }
        None
    }

    /// `n`/`p`: the next case in the queue, whatever pane has the focus.
    fn step_case(&mut self, service: &dyn Session, step: Step) -> Option<Popup> {
        if self.list.is_empty() {
            return None;
        }
        let next = step.from(self.list.selected(), self.list.len());
        if next == self.list.selected() {
            self.info(self.t.tui().queue_end.to_string());
        } else {
            self.list.select(next);
            self.load_case(service);
        }
        None
    }

    pub(super) fn switch_round(&mut self, service: &dyn Session, forward: bool) {
        if self.rounds.len() < 2 {
            return;
        }
        let n = self.rounds.len();
        self.round = if forward {
            (self.round + 1) % n
        } else {
            (self.round + n - 1) % n
        };
        self.list = CaseList::default();
        self.marked.clear();
        if let Err(e) = self.reload(service) {
            self.error(&e);
        }
    }

    fn toggle_mark(&mut self) {
        if let Some(reference) = self.selected_reference()
            && !self.marked.remove(&reference)
        {
            self.marked.insert(reference);
        }
    }

    /// Every case of the round again.
    fn clear_filter(&mut self, service: &dyn Session) {
        self.filter = ListFilter {
            round: self.filter.round.clone(),
            ..ListFilter::default()
        };
        self.filter_query.clear();
        self.requeue(service, false);
    }

    /// The queue filtered by `query` (the overview's Enter on a network or municipality).
    pub(super) fn show_queue_for(&mut self, service: &dyn Session, query: &str) {
        match self.filter.parse_query(query) {
            Ok(filter) => {
                self.filter = filter;
                self.filter_query = query.to_string();
                self.focus = Focus::List;
                self.requeue(service, false);
            }
            Err(e) => self.warn(self.t.tui().filter_error(&e)),
        }
    }

    /// The queue of what is due, or, when it is shown, every case again.
    fn toggle_due_queue(&mut self, service: &dyn Session) {
        let query = if self.filter.due.is_some() {
            String::new()
        } else {
            "due:all".to_string()
        };
        if let Ok(filter) = self.filter.parse_query(&query) {
            self.filter = filter;
            self.filter_query = query;
            self.requeue(service, false);
        }
    }

    /// Counts what is overdue in the round in view, for the header.
    fn count_overdue(&mut self, service: &dyn Session) {
        let days = crate::service::follow_up_days();
        self.overdue = match self.round_id() {
            Some(round) => service
                .due(Some(round), days)
                .map_or(0, |items| items.iter().filter(|i| i.overdue).count()),
            None => 0,
        };
    }

    /// The queue for the filter in force, keeping the selected case where it can.
    fn requeue(&mut self, service: &dyn Session, sticky: bool) {
        let keep = self.selected_reference();
        if let Err(e) = self
            .list
            .requeue(service, &self.filter, keep.as_deref(), sticky)
        {
            self.error(&e);
        }
        self.load_case(service);
    }

    /// While the filter is typed: the queue from the rows read so far and a bounded
    /// number more, so no key press waits for a whole large round (the rest is read
    /// between keys, [`App::read_ahead`]).
    fn requeue_typing(&mut self, service: &dyn Session) {
        let keep = self.selected_reference();
        self.list
            .requeue_partial(service, &self.filter, keep.as_deref(), TYPING_READ_ROWS);
        self.load_case(service);
    }

    /// Reads a chunk more rows of the round while nobody types; whether any were left.
    /// Under a filter typed before they were read, the rows that pass it join the queue
    /// (the case in view follows if the selection moved).
    pub fn read_ahead(&mut self, service: &dyn Session) -> bool {
        let chunk = if self.list.is_partial() {
            READ_AHEAD_FILTERED_ROWS
        } else {
            READ_AHEAD_ROWS
        };
        let before = self.selected_reference();
        let more = self.list.read_ahead_filtered(service, chunk, &self.filter);
        if self.selected_reference() != before {
            self.load_case(service);
        }
        more
    }

    fn filter_key(&mut self, service: &dyn Session, action: Action) {
        let Some(input) = self.filter_input.as_mut() else {
            return;
        };
        if action == Action::Cancel {
            self.filter_input = None;
            return;
        }
        if action == Action::Submit {
            // A query that cannot be read is not taken silently as the last one that
            // could: the field stays open with the reason.
            let query = input.text().to_string();
            match self.filter.parse_query(&query) {
                Ok(_) => self.filter_input = None,
                Err(e) => self.warn(self.t.tui().filter_error(&e)),
            }
            return;
        }
        if !super::popups::frame::edit(input, action) {
            return;
        }
        // The list follows every key press; a query that cannot be read says why and
        // keeps the filter in force.
        let query = input.text().to_string();
        match self.filter.parse_query(&query) {
            Ok(filter) => {
                self.filter = filter;
                self.filter_query = query;
                self.message = None;
                self.requeue_typing(service);
            }
            Err(e) => self.note(Level::Warning, self.t.tui().filter_error(&e)),
        }
    }

    /// The last event of the open case, as the screen shows it.
    pub fn shown_event(&self) -> Option<u64> {
        let view = self.case.as_ref()?;
        view.history.last().map(|e| e.seq)
    }

    /// The draft offered at start was restored or declined: it is not kept any more.
    pub fn discard_draft(&mut self) {
        if let Some(path) = self.draft_path.take() {
            super::draft::discard(&path);
        }
    }

    /// The text of the open form, as a draft to keep if the program ends now.
    pub fn draft(&self) -> Option<super::draft::Draft> {
        self.popup.as_ref()?.draft(self)
    }
}
