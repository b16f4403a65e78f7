//! At start: the form left unfinished when the connection dropped, offered again.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::draw;
use super::propose::ProposeForm;
use super::reason::{ReasonForm, heading};
use super::verdict::VerdictForm;
use super::{Form, Popup};
use crate::domain::text::safe_line;
use crate::service::Session;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::draft::{Draft, DraftKind};
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

pub struct DraftOffer {
    pub draft: Draft,
}

impl Form for DraftOffer {
    fn context(&self) -> KeyContext {
        KeyContext::Confirm
    }

    fn key(self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        if action != Action::Submit {
            return Some(Popup::Draft(self));
        }
        app.discard_draft();
        let draft = self.draft;
        if !draft.reference.is_empty() {
            app.show_case(service, &draft.reference);
        }
        Some(match draft.kind {
            DraftKind::Propose { outcome } => ProposeForm::restored(outcome, &draft.text),
            DraftKind::Verdict { check, choice, pot } => {
                VerdictForm::restored(check, choice, &draft.text, pot)
            }
            DraftKind::Reason(purpose) => ReasonForm::with_text(purpose, &draft.text),
        })
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let tt = app.t.tui();
        let what = match &self.draft.kind {
            DraftKind::Propose { .. } => tt.propose_heading,
            DraftKind::Verdict { .. } => tt.note_label,
            DraftKind::Reason(purpose) => heading(app, *purpose),
        };
        let lines = vec![
            Line::from(Span::styled(
                tt.draft_found(what, &safe_line(&self.draft.reference)),
                theme.heading(),
            )),
            Line::from(format!("«{}»", safe_line(&self.draft.text))),
            Line::from(""),
            Line::from(Span::styled(tt.draft_question, theme.dim())),
        ];
        draw(tt.draft_title, lines, area, theme, buf);
    }

    /// Declined: the draft is not offered again.
    fn cancel(self, app: &mut App) {
        app.discard_draft();
        app.info(app.t.tui().draft_discarded.to_string());
    }
}
