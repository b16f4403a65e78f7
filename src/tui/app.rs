//! The review screen's state and what each action does to it. No terminal here: the
//! loop in `super` feeds actions in, and `super::view` draws the state.

use std::cell::Cell;
use std::collections::BTreeSet;

use crate::domain::text::safe_line;
use crate::i18n::Texts;
use crate::service::{CaseRow, CaseView, Command, ListFilter, RoundStatus, Session};

use super::action::Action;
use super::input::Input;
use super::keymap::KeyContext;
use super::popup::Popup;

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
}

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

pub struct App {
    pub t: &'static dyn Texts,
    /// Where this person's draft is kept, if anywhere: removed once the draft offered at
    /// start is restored or declined.
    pub draft_path: Option<std::path::PathBuf>,
    /// Proposal reasons written and cancelled in this session, by case.
    pub kept_reasons: std::collections::HashMap<String, String>,
    pub actor: String,
    pub rounds: Vec<RoundStatus>,
    pub round: usize,
    /// Every case of the current round, by reference, in order: the index only.
    pub refs: Vec<String>,
    /// The list line of each case in `refs`, read when it is shown (or when a filter
    /// needs them all): a round of any size opens at once. Boxed, so a row not read
    /// costs a pointer.
    pub rows: Vec<Option<Box<CaseRow>>>,
    /// Positions in `refs` that pass the filter: the review queue.
    pub queue: Vec<usize>,
    /// Position in `queue`.
    pub selected: usize,
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
    pub message: Option<Message>,
    /// The change counter when we last loaded.
    pub seen_changes: u64,
    /// What the session said of the server while it was away: each thing said once
    /// until the server is back (lost, then upgraded, are two things).
    pub connection_lost: Option<String>,
    /// The last event we have seen: changes after it are read case by case.
    pub seen_event: u64,
    pub quit: bool,
    /// Rows the list showed at the last draw, for paging.
    pub list_height: Cell<usize>,
    /// The first row the list showed at the last draw.
    pub list_offset: Cell<usize>,
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
            refs: Vec::new(),
            rows: Vec::new(),
            queue: Vec::new(),
            selected: 0,
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
            seen_changes: 0,
            connection_lost: None,
            seen_event: 0,
            quit: false,
            list_height: Cell::new(30),
            list_offset: Cell::new(0),
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
        self.queue
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
            .and_then(Option::as_deref)
    }

    pub fn selected_reference(&self) -> Option<String> {
        self.queue
            .get(self.selected)
            .and_then(|&i| self.refs.get(i))
            .cloned()
    }

    /// The row at a position of `refs`, if it has been read.
    pub fn row(&self, index: usize) -> Option<&CaseRow> {
        self.rows.get(index).and_then(Option::as_deref)
    }

    /// Reads the rows of these positions of `refs` that are not read yet.
    fn read_rows(
        &mut self,
        service: &dyn Session,
        indexes: impl Iterator<Item = usize>,
    ) -> crate::error::Result<()> {
        let missing: Vec<usize> = indexes
            .filter(|&i| matches!(self.rows.get(i), Some(None)))
            .collect();
        // In chunks, so a server's answers stay small.
        for chunk in missing.chunks(crate::service::MAX_ROWS) {
            let references = chunk.iter().map(|&i| self.refs[i].clone()).collect();
            for (&i, row) in chunk.iter().zip(service.rows(references)?) {
                self.rows[i] = row.map(Box::new);
            }
        }
        Ok(())
    }

    /// Reads the rows the list can show around the selection (the list scrolls so the
    /// selection stays in view: at most a screen above or below it), and a screen more.
    pub fn read_visible(&mut self, service: &dyn Session) -> crate::error::Result<()> {
        let height = self.list_height.get().max(10);
        let from = self.selected.saturating_sub(2 * height);
        let to = (self.selected + 2 * height).min(self.queue.len());
        let indexes: Vec<usize> = self.queue[from.min(to)..to].to_vec();
        self.read_rows(service, indexes.into_iter())
    }

    /// Reads everything again, keeping the selection on the same case where it still is.
    pub fn reload(&mut self, service: &dyn Session) -> crate::error::Result<()> {
        let keep = self.selected_reference();
        self.seen_changes = service.changes()?;
        self.seen_event = service.last_event()?;
        self.rounds = service.status(None)?;
        self.round = self.round.min(self.rounds.len().saturating_sub(1));
        let round = self.round_id().map(str::to_string);
        self.filter.round.clone_from(&round);
        self.refs = match &round {
            Some(id) => service.references(id)?,
            None => Vec::new(),
        };
        self.rows = vec![None; self.refs.len()];
        self.requeue(service, keep.as_deref(), true)?;
        self.load_case(service);
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
            if Some(&row.round) != round.as_ref() {
                continue;
            }
            match self.refs.binary_search(&reference) {
                Ok(at) => self.rows[at] = Some(Box::new(row)),
                Err(at) => {
                    self.refs.insert(at, reference);
                    self.rows.insert(at, Some(Box::new(row)));
                }
            }
        }
        self.requeue(service, keep.as_deref(), true)?;
        self.load_case(service);
        Ok(())
    }

    /// Recomputes the queue. The case being worked on stays in it even when a change
    /// takes it out of the filter (a `state:received` case becomes under review at the
    /// first check): it leaves when the adviser moves on.
    fn requeue(
        &mut self,
        service: &dyn Session,
        keep: Option<&str>,
        sticky: bool,
    ) -> crate::error::Result<()> {
        if self.filter.selects_by_round_only() {
            self.queue = (0..self.refs.len()).collect();
        } else {
            // A filter looks at every case: read the rows not read yet, once.
            self.read_rows(service, 0..self.refs.len())?;
            let stays = |i: usize| sticky && Some(self.refs[i].as_str()) == keep;
            let matches = |i: usize| self.row(i).is_some_and(|row| self.filter.matches(row));
            self.queue = (0..self.refs.len())
                .filter(|&i| matches(i) || stays(i))
                .collect();
        }
        self.selected = keep
            .and_then(|r| self.queue.iter().position(|&i| self.refs[i] == r))
            .unwrap_or_else(|| self.selected.min(self.queue.len().saturating_sub(1)));
        Ok(())
    }

    /// Loads the selected case's detail, and the list rows around it.
    pub fn load_case(&mut self, service: &dyn Session) {
        if let Err(e) = self.read_visible(service) {
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
                    self.message = Some(Message {
                        level: Level::Error,
                        text,
                    });
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
                self.message = Some(Message {
                    level: Level::Warning,
                    text,
                });
            }
        }
    }

    pub fn info(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Info,
            text,
        });
    }

    /// A warning in words already made.
    pub fn error_text(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Error,
            text,
        });
    }

    /// An error, in the screen's words: a refusal whose way out is a key names the key.
    pub fn error(&mut self, e: &crate::error::Error) {
        let text = match e {
            crate::error::Error::Refused(refusal) => self.t.screen_refusal(refusal),
            _ => None,
        }
        .unwrap_or_else(|| self.t.error(e));
        self.message = Some(Message {
            level: Level::Error,
            text,
        });
    }

    /// What the keys go to now.
    pub fn key_context(&self) -> KeyContext {
        if self.filter_input.is_some() {
            return KeyContext::Text;
        }
        match &self.popup {
            None => KeyContext::Browse,
            Some(Popup::Help) => KeyContext::Help,
            Some(Popup::Confirm { .. } | Popup::Draft { .. }) => KeyContext::Confirm,
            Some(Popup::Batch { .. } | Popup::Letter { .. } | Popup::RoundMenu { .. }) => {
                KeyContext::Choice
            }
            Some(Popup::Verdict { field, .. } | Popup::Propose { field, .. }) => match field {
                super::popup::Field::Choice => KeyContext::Choice,
                super::popup::Field::Text => KeyContext::Text,
            },
            Some(
                Popup::Allocate { .. }
                | Popup::Reason { .. }
                | Popup::Lookup { .. }
                | Popup::Path { .. },
            ) => KeyContext::Text,
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, service: &dyn Session, action: Action) {
        if self.filter_input.is_some() {
            self.filter_key(service, action);
        } else if self.popup.is_some() {
            super::forms::popup_key(self, service, action);
        } else {
            self.browse(service, action);
        }
    }

    fn browse(&mut self, service: &dyn Session, action: Action) {
        let page = self.list_height.get().max(1);
        match action {
            Action::Quit => self.quit = true,
            Action::Up => self.move_cursor(service, Step::Back(1)),
            Action::Down => self.move_cursor(service, Step::Forward(1)),
            Action::Top => self.move_cursor(service, Step::Back(usize::MAX)),
            Action::Bottom => self.move_cursor(service, Step::Forward(usize::MAX)),
            Action::PageUp if self.focus == Focus::List => {
                self.move_cursor(service, Step::Back(page));
            }
            Action::PageDown if self.focus == Focus::List => {
                self.move_cursor(service, Step::Forward(page));
            }
            Action::PageUp => self.detail_scroll = self.detail_scroll.saturating_sub(10),
            Action::PageDown => self.detail_scroll = self.detail_scroll.saturating_add(10),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::NextCase => self.step_case(service, Step::Forward(1)),
            Action::PrevCase => self.step_case(service, Step::Back(1)),
            Action::NextRound | Action::PrevRound => {
                self.switch_round(service, action == Action::NextRound);
            }
            Action::Filter => self.filter_input = Some(Input::with_text(&self.filter_query)),
            Action::Cancel => {
                // Esc on the queue with a filter in force clears the filter.
                if self.focus == Focus::List && !self.filter_query.trim().is_empty() {
                    self.clear_filter(service);
                }
                self.message = None;
                self.focus = Focus::List;
            }
            Action::Help => self.popup = Some(Popup::Help),
            Action::ToggleMark => self.toggle_mark(),
            Action::Open => match self.focus {
                Focus::List => self.focus = Focus::Checks,
                Focus::Checks => {
                    if self.may_change(service) {
                        super::forms::open_verdict(self, None);
                    }
                }
                Focus::Allocation => {
                    if self.may_change(service) {
                        super::forms::open_allocate(self, service);
                    }
                }
            },
            Action::Undo => super::forms::undo(self, service),
            Action::Batch => super::forms::open_batch(self),
            Action::Lookup => {
                self.popup = Some(Popup::Lookup {
                    input: Input::default(),
                    lines: Vec::new(),
                    scroll: 0,
                });
            }
            Action::EditCheck if self.may_change(service) => {
                super::forms::open_verdict(self, None);
            }
            Action::PreviewLetter => super::forms::open_letter(self, service),
            Action::RoundMenu if self.round_id().is_some() => {
                self.popup = Some(Popup::RoundMenu { option: 0 });
            }
            Action::Allocate if self.may_change(service) => {
                super::forms::open_allocate(self, service);
            }
            Action::Propose if self.may_change(service) => super::forms::open_propose(self),
            Action::Approve => super::forms::confirm_approve(self, service),
            Action::Reopen => super::forms::open_reason(self, super::popup::ReasonFor::Reopen),
            Action::Conflict => super::forms::open_reason(self, super::popup::ReasonFor::Conflict),
            _ => {}
        }
    }

    /// Whether the open case may be changed by this user now, asked of the service
    /// before a form opens; if not, the screen says why (and which key helps) at once,
    /// instead of after the form is filled in.
    fn may_change(&mut self, service: &dyn Session) -> bool {
        let Some(reference) = self.case.as_ref().map(|c| c.case.reference().to_string()) else {
            return false;
        };
        match service.may_change(&reference) {
            Ok(()) => true,
            Err(e) => {
                self.error(&e);
                false
            }
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order = [Focus::List, Focus::Checks, Focus::Allocation];
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = order[if forward { (at + 1) % 3 } else { (at + 2) % 3 }];
    }

    /// Moves the cursor of the focused pane.
    fn move_cursor(&mut self, service: &dyn Session, step: Step) {
        let (cursor, len) = match self.focus {
            Focus::List => (self.selected, self.queue.len()),
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
            return;
        }
        let next = step.from(cursor, len);
        match self.focus {
            Focus::List => {
                if next != self.selected {
                    self.selected = next;
                    self.load_case(service);
                }
            }
            Focus::Checks => self.check_cursor = next,
            Focus::Allocation => self.pot_cursor = next,
        }
    }

    /// `n`/`p`: the next case in the queue, whatever pane has the focus.
    fn step_case(&mut self, service: &dyn Session, step: Step) {
        if self.queue.is_empty() {
            return;
        }
        let next = step.from(self.selected, self.queue.len());
        if next == self.selected {
            let text = self.t.tui().queue_end.to_string();
            self.info(text);
        } else {
            self.selected = next;
            self.load_case(service);
        }
    }

    fn switch_round(&mut self, service: &dyn Session, forward: bool) {
        if self.rounds.len() < 2 {
            return;
        }
        let n = self.rounds.len();
        self.round = if forward {
            (self.round + 1) % n
        } else {
            (self.round + n - 1) % n
        };
        self.selected = 0;
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
        let keep = self.selected_reference();
        if let Err(e) = self.requeue(service, keep.as_deref(), false) {
            self.error(&e);
        }
        self.load_case(service);
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
                Err(e) => {
                    let text = self.t.tui().filter_error(&e);
                    self.message = Some(Message {
                        level: Level::Warning,
                        text,
                    });
                }
            }
            return;
        }
        if !super::forms::edit(input, action) {
            return;
        }
        // The list follows every key press; a query that cannot be read says why.
        let query = input.text().to_string();
        match self.filter.parse_query(&query) {
            Ok(filter) => {
                self.filter = filter;
                self.filter_query = query;
                let keep = self.selected_reference();
                self.message = None;
                if let Err(e) = self.requeue(service, keep.as_deref(), false) {
                    self.error(&e);
                }
                self.load_case(service);
            }
            Err(e) => {
                let text = self.t.tui().filter_error(&e);
                self.message = Some(Message {
                    level: Level::Warning,
                    text,
                });
            }
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

    /// Runs commands for the user and says what changed.
    pub fn execute(&mut self, service: &dyn Session, commands: Vec<Command>) -> bool {
        self.execute_seen(service, commands, None)
    }

    /// [`App::execute`] for commands confirmed on a screen that showed the case as of
    /// event `seen`: the service refuses them if someone changed the case since.
    pub fn execute_seen(
        &mut self,
        service: &dyn Session,
        commands: Vec<Command>,
        mut seen: Option<u64>,
    ) -> bool {
        let mut said = Vec::new();
        for command in commands {
            match service.execute_seen(command, seen) {
                Ok(receipt) => {
                    for event in &receipt.events {
                        said.push(crate::i18n::event_line(self.t, event));
                    }
                    // This user's own changes do not make their view stale.
                    if let (Some(seen), Some(last)) = (seen.as_mut(), receipt.events.last()) {
                        *seen = (*seen).max(last.seq);
                    }
                }
                Err(e) => {
                    self.error(&e);
                    let _ = self.refresh(service);
                    return false;
                }
            }
        }
        let text = said
            .last()
            .cloned()
            .unwrap_or_else(|| self.t.nothing_changed().to_string());
        self.info(text);
        if let Err(e) = self.refresh(service) {
            self.error(&e);
        }
        true
    }
}
