//! A final write shown with its effect before it is made: `j`/`y`/Enter makes it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::draw;
use super::{Form, Popup};
use crate::domain::text::safe_line;
use crate::service::{Command, Session};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::KeyContext;
use crate::tui::view::theme::Theme;

pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub commands: Vec<Command>,
    /// One command per marked case, carried on past refusals.
    pub batch: bool,
    /// The case's last event when the confirmation was shown: if anyone changes the
    /// case before it is confirmed, the service refuses and says what changed.
    pub seen: Option<u64>,
}

impl Confirm {
    /// A confirmation of commands on the open case, as the screen shows it now.
    pub fn of_case(app: &App, title: String, lines: Vec<String>, command: Command) -> Popup {
        Popup::Confirm(Confirm {
            title,
            lines,
            commands: vec![command],
            batch: false,
            seen: app.shown_event(),
        })
    }
}

impl Confirm {
    /// `A`: what approving the open case's proposal would do, after asking the service
    /// whether this user may.
    pub fn approve(app: &mut App, service: &dyn Session) -> Option<Popup> {
        let reference = app.case.as_ref()?.case.reference().to_string();
        let command = Command::Approve {
            reference: reference.clone(),
            proposal: None,
        };
        if let Err(e) = service.rehearse(command.clone()) {
            app.error(&e);
            return None;
        }
        let view = app.case.as_ref()?;
        let tt = app.t.tui();
        let mut lines = Vec::new();
        if let Some(p) = &view.case.proposal {
            lines.push(tt.proposal_by(app.t.outcome(p.outcome), &safe_line(&p.by)));
            lines.extend(super::propose::amount_lines(
                app, service, &p.amounts, false,
            ));
            lines.push(format!(
                "{}: {}",
                app.t.labels().reason,
                safe_line(&p.reason)
            ));
        }
        Some(Confirm::of_case(
            app,
            tt.approve_title(&reference),
            lines,
            command,
        ))
    }
}

impl Form for Confirm {
    fn context(&self) -> KeyContext {
        KeyContext::Confirm
    }

    fn key(self, app: &mut App, service: &dyn Session, action: Action) -> Option<Popup> {
        if action != Action::Submit {
            return Some(Popup::Confirm(self));
        }
        if self.batch {
            app.run_batch(service, self.commands);
            return None;
        }
        let proposed: Vec<String> = self
            .commands
            .iter()
            .filter_map(|c| match c {
                Command::Propose { reference, .. } => Some(reference.clone()),
                _ => None,
            })
            .collect();
        if app.execute_seen(service, self.commands, self.seen) {
            // A reason kept while the proposal was confirmed is used now.
            for reference in proposed {
                app.kept_reasons.remove(&reference);
            }
        }
        None
    }

    fn render(&self, app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
        let mut shown: Vec<Line<'static>> = self
            .lines
            .iter()
            .map(|l| Line::from(safe_line(l).into_owned()))
            .collect();
        shown.push(Line::from(""));
        shown.push(Line::from(Span::styled(
            app.t.tui().confirm_question,
            theme.heading(),
        )));
        draw(&safe_line(&self.title), shown, area, theme, buf);
    }
}
