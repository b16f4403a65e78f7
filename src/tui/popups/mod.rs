//! The popups of the review screen, one module each, holding the popup's state, its
//! keys, its drawing, its footer and its draft. [`Popup`] only delegates to them.

mod allocate;
mod confirm;
mod draft_offer;
mod follow_up;
pub mod frame;
mod help;
mod letter;
mod log;
mod lookup;
mod menu;
mod overview;
mod path;
mod propose;
mod reason;
mod verdict;

pub use allocate::AllocateForm;
pub use confirm::Confirm;
pub use draft_offer::DraftOffer;
pub use follow_up::{FollowUpForm, FollowUpMenu};
pub use help::Help;
pub use letter::Letter;
pub use log::MessageLog;
pub use lookup::Lookup;
pub use menu::{BatchMenu, RoundMenu};
pub use overview::OverviewScreen;
pub use path::{PathFor, PathForm};
pub use propose::ProposeForm;
pub use reason::{ReasonFor, ReasonForm};
pub use verdict::VerdictForm;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::Action;
use super::app::App;
use super::draft::Draft;
use super::keys::KeyContext;
use super::view::theme::Theme;
use crate::service::Session;

/// What every popup does.
pub trait Form: Sized {
    /// What receives the keys while it is open.
    fn context(&self) -> KeyContext;
    /// Takes a key; what is open after it (itself, another popup, or nothing).
    fn key(self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup>;
    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer);
    /// Text typed that would be lost if the program ended now, as a draft.
    fn draft(&self, _app: &App) -> Option<Draft> {
        None
    }
    /// Closed with Esc: what to keep.
    fn cancel(self, _app: &mut App) {}
    /// Whether Esc is the popup's own (it closes a field inside it, not the popup).
    fn takes_escape(&self) -> bool {
        false
    }
    /// Someone changed something: bring what the popup shows up to date.
    fn refresh(&mut self, _app: &App, _service: &dyn Session) {}
}

pub enum Popup {
    Help(Help),
    Verdict(VerdictForm),
    Allocate(AllocateForm),
    Propose(ProposeForm),
    Reason(ReasonForm),
    Confirm(Confirm),
    Lookup(Lookup),
    RoundMenu(RoundMenu),
    Batch(BatchMenu),
    Path(PathForm),
    Letter(Letter),
    Draft(DraftOffer),
    Log(MessageLog),
    FollowUpMenu(FollowUpMenu),
    FollowUp(FollowUpForm),
    Overview(OverviewScreen),
}

/// Calls the same method on whichever popup is open.
macro_rules! each {
    ($popup:expr, $p:ident => $body:expr) => {
        match $popup {
            Popup::Help($p) => $body,
            Popup::Verdict($p) => $body,
            Popup::Allocate($p) => $body,
            Popup::Propose($p) => $body,
            Popup::Reason($p) => $body,
            Popup::Confirm($p) => $body,
            Popup::Lookup($p) => $body,
            Popup::RoundMenu($p) => $body,
            Popup::Batch($p) => $body,
            Popup::Path($p) => $body,
            Popup::Letter($p) => $body,
            Popup::Draft($p) => $body,
            Popup::Log($p) => $body,
            Popup::FollowUpMenu($p) => $body,
            Popup::FollowUp($p) => $body,
            Popup::Overview($p) => $body,
        }
    };
}

impl Popup {
    pub fn context(&self) -> KeyContext {
        each!(self, p => p.context())
    }

    /// Takes a key: Esc closes (keeping what the popup keeps), any other goes to it.
    pub fn key(self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        if action == Action::Cancel && !each!(&self, p => p.takes_escape()) {
            each!(self, p => p.cancel(app));
            return None;
        }
        each!(self, p => p.key(app, service, action))
    }

    pub fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        each!(self, p => p.render(app, theme, area, buf));
    }

    pub fn draft(&self, app: &App) -> Option<Draft> {
        each!(self, p => p.draft(app))
    }

    pub fn refresh(&mut self, app: &App, service: &dyn Session) {
        each!(self, p => p.refresh(app, service));
    }
}

/// The reference of the case open on the screen.
fn open_reference(app: &App) -> Option<String> {
    app.case.as_ref().map(|c| c.case.reference().to_string())
}
