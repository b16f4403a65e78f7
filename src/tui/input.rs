//! A one-line text field with a cursor, measured in characters.

/// Text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

/// The longest text a field takes; a reason is a paragraph, not a document.
const MAX_CHARS: usize = 2000;

impl Input {
    pub fn with_text(text: &str) -> Input {
        Input {
            text: text.to_string(),
            cursor: text.chars().count(),
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
        let at = self.byte_index(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_index(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_index(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
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
}
