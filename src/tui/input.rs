//! A one-line text field with a cursor, measured in characters.

/// Text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// A suggestion the first typed character replaces (the current amount).
    suggested: bool,
}

/// The longest text a field takes; a reason is a paragraph, not a document.
const MAX_CHARS: usize = 2000;

impl Input {
    pub fn with_text(text: &str) -> Input {
        Input {
            text: text.to_string(),
            cursor: text.chars().count(),
            suggested: false,
        }
    }

    /// Text shown as a suggestion: typing replaces it, moving the cursor keeps it.
    pub fn suggested(text: &str) -> Input {
        Input {
            suggested: true,
            ..Input::with_text(text)
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.text.chars().count() >= MAX_CHARS {
            return;
        }
        if std::mem::take(&mut self.suggested) {
            self.text.clear();
            self.cursor = 0;
        }
        let at = self.byte_index(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Ctrl-U, as in a shell: removes everything before the cursor.
    pub fn clear_to_start(&mut self) {
        let at = self.byte_index(self.cursor);
        self.text.replace_range(..at, "");
        self.cursor = 0;
        self.suggested = false;
    }

    pub fn backspace(&mut self) {
        self.suggested = false;
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_index(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        self.suggested = false;
        if self.cursor < self.text.chars().count() {
            let at = self.byte_index(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.suggested = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.suggested = false;
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.suggested = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.suggested = false;
        self.cursor = self.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_in_characters() {
        let mut input = Input::with_text("Søk");
        input.left();
        input.insert('ø');
        assert_eq!(input.text(), "Søøk");
        input.home();
        input.delete();
        assert_eq!(input.text(), "øøk");
        input.end();
        input.backspace();
        assert_eq!(input.text(), "øø");
        input.insert('\u{1b}');
        assert_eq!(input.text(), "øø", "control characters are not typed");
    }

    #[test]
    fn a_suggestion_is_replaced_by_typing_and_kept_by_editing() {
        let mut input = Input::suggested("650000");
        input.insert('1');
        assert_eq!(input.text(), "1");
        let mut input = Input::suggested("650000");
        input.backspace();
        input.insert('1');
        assert_eq!(input.text(), "650001");
    }
}
