//! Styles, in the 16 named colours that follow each user's terminal theme, or none at
//! all under `NO_COLOR`. The selection never depends on colour alone: it carries a `▶`
//! and bold, because crossterm drops reverse video after a reset under `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{CaseState, Verdict};
use crate::tui::app::Level;

/// Colours, or none (`NO_COLOR`); the default is without colour, for measuring text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// Marks the selected line whatever the colours.
pub const SELECTED_MARK: &str = "▶ ";
pub const UNSELECTED_MARK: &str = "  ";

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn selected(self) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            bold.add_modifier(Modifier::REVERSED)
        } else {
            bold.add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn focused_border(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn money_ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn money_bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Something to weigh, not a refusal: a case's flags.
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn marked(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn state(self, state: CaseState) -> Style {
        self.fg(match state {
            CaseState::Received => Color::Yellow,
            CaseState::UnderReview => Color::Cyan,
            CaseState::Proposed => Color::Magenta,
            CaseState::Decided => Color::Green,
            CaseState::LetterSent => Color::Blue,
            CaseState::Paid => Color::LightBlue,
            CaseState::Reported => Color::LightCyan,
            CaseState::Closed => Color::DarkGray,
        })
    }

    pub fn verdict(self, verdict: Verdict) -> Style {
        match verdict {
            Verdict::Met => self.fg(Color::Green),
            Verdict::NotMet => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Verdict::Na => self.dim(),
            Verdict::Unchecked => self.fg(Color::Yellow),
        }
    }

    pub fn message(self, level: Level) -> Style {
        match level {
            Level::Info => self.fg(Color::Green),
            Level::Warning => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Level::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// The text cursor in a field: reversed even without colour (it is one cell).
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

pub fn verdict_mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "✓",
        Verdict::NotMet => "✗",
        Verdict::Na => "–",
        Verdict::Unchecked => "?",
    }
}
