//! Keys to actions: a pure function of the key and what has the focus.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// What receives keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyContext {
    /// The list or the case detail.
    Browse,
    /// A text field: letters are text.
    Text,
    /// A menu or choice: arrows choose, letters are shortcuts.
    Choice,
    /// A yes/no question.
    Confirm,
    /// The help overlay: any key closes it.
    Help,
}

/// The action for a key, if it has one here.
pub fn map_key(context: KeyContext, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            KeyCode::Char('c') => Some(if context == KeyContext::Browse {
                Action::Quit
            } else {
                Action::Cancel
            }),
            KeyCode::Char('z') => Some(Action::Suspend),
            KeyCode::Char('l') => Some(Action::Redraw),
            KeyCode::Char('u') if context == KeyContext::Text => Some(Action::ClearToStart),
            KeyCode::Char('a') if context == KeyContext::Text => Some(Action::Home),
            KeyCode::Char('d') => Some(Action::PageDown),
            KeyCode::Char('b') => Some(Action::PageUp),
            _ => None,
        };
    }
    match context {
        KeyContext::Browse => browse(key.code),
        KeyContext::Text => text(key.code),
        KeyContext::Choice => choice(key.code),
        KeyContext::Confirm => match key.code {
            KeyCode::Char('y' | 'j' | 'Y' | 'J') | KeyCode::Enter => Some(Action::Submit),
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        },
        KeyContext::Help => Some(Action::Cancel),
    }
}

fn browse(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Enter => Action::Open,
        KeyCode::Char('n') => Action::NextCase,
        KeyCode::Char('p') => Action::PrevCase,
        KeyCode::Char(']') => Action::NextRound,
        KeyCode::Char('[') => Action::PrevRound,
        KeyCode::Char('/') => Action::Filter,
        KeyCode::Esc => Action::Cancel,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('u') => Action::Undo,
        KeyCode::Char('v') => Action::ToggleMark,
        KeyCode::Char('V') => Action::Batch,
        KeyCode::Char('L') => Action::Lookup,
        KeyCode::Char('c') => Action::EditCheck,
        KeyCode::Char('a') => Action::Allocate,
        KeyCode::Char('i') => Action::Propose,
        KeyCode::Char('A') => Action::Approve,
        KeyCode::Char('R') => Action::Reopen,
        KeyCode::Char('H') => Action::Conflict,
        KeyCode::Char('B') => Action::PreviewLetter,
        KeyCode::Char('M') => Action::RoundMenu,
        _ => return None,
    })
}

fn text(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Char(c) => Action::Insert(c),
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Left => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::Home => Action::Home,
        KeyCode::End => Action::End,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Enter => Action::Submit,
        KeyCode::Esc => Action::Cancel,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        _ => return None,
    })
}

fn choice(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Left | KeyCode::Char('h') => Action::Left,
        KeyCode::Right | KeyCode::Char('l') => Action::Right,
        KeyCode::Enter => Action::Submit,
        KeyCode::Esc | KeyCode::Char('q') => Action::Cancel,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Char(c) => Action::Insert(c),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn browsing_keys() {
        let b = |c| map_key(KeyContext::Browse, key(c));
        assert_eq!(b(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(b(KeyCode::Down), Some(Action::Down));
        assert_eq!(b(KeyCode::Char('k')), Some(Action::Up));
        assert_eq!(b(KeyCode::Char('g')), Some(Action::Top));
        assert_eq!(b(KeyCode::Char('G')), Some(Action::Bottom));
        assert_eq!(b(KeyCode::PageDown), Some(Action::PageDown));
        assert_eq!(b(KeyCode::Tab), Some(Action::FocusNext));
        assert_eq!(b(KeyCode::BackTab), Some(Action::FocusPrev));
        assert_eq!(b(KeyCode::Char('n')), Some(Action::NextCase));
        assert_eq!(b(KeyCode::Char('p')), Some(Action::PrevCase));
        assert_eq!(b(KeyCode::Char('/')), Some(Action::Filter));
        assert_eq!(b(KeyCode::Char('?')), Some(Action::Help));
        assert_eq!(b(KeyCode::Char('u')), Some(Action::Undo));
        assert_eq!(b(KeyCode::Char('v')), Some(Action::ToggleMark));
        assert_eq!(b(KeyCode::Char('V')), Some(Action::Batch));
        assert_eq!(b(KeyCode::Char('q')), Some(Action::Quit));
        assert_eq!(b(KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(b(KeyCode::Char('x')), None);
    }

    #[test]
    fn text_fields_take_letters_and_control_keys_still_work() {
        let t = |c| map_key(KeyContext::Text, key(c));
        assert_eq!(t(KeyCode::Char('q')), Some(Action::Insert('q')));
        assert_eq!(t(KeyCode::Char('n')), Some(Action::Insert('n')));
        assert_eq!(t(KeyCode::Enter), Some(Action::Submit));
        assert_eq!(t(KeyCode::Esc), Some(Action::Cancel));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map_key(KeyContext::Text, ctrl_c), Some(Action::Cancel));
        assert_eq!(map_key(KeyContext::Browse, ctrl_c), Some(Action::Quit));
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(map_key(KeyContext::Text, ctrl_z), Some(Action::Suspend));
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(
            map_key(KeyContext::Text, ctrl_u),
            Some(Action::ClearToStart)
        );
    }

    #[test]
    fn confirm_and_help() {
        assert_eq!(
            map_key(KeyContext::Confirm, key(KeyCode::Char('j'))),
            Some(Action::Submit)
        );
        assert_eq!(
            map_key(KeyContext::Confirm, key(KeyCode::Char('n'))),
            Some(Action::Cancel)
        );
        assert_eq!(map_key(KeyContext::Confirm, key(KeyCode::Char('x'))), None);
        assert_eq!(
            map_key(KeyContext::Help, key(KeyCode::Char('x'))),
            Some(Action::Cancel)
        );
    }
}
