//! Text from an application or a person, made safe to put in a Markdown letter: shown
//! as the text it is, whatever it contains. An applicant's summary cannot add headings,
//! tables or links, and an unclosed `<!--` cannot hide the decision once the letter is
//! rendered.

use crate::domain::text::{safe_block, safe_line};

/// Characters that mean something inside a Markdown line: each gets a backslash, which
/// `CommonMark` allows before any ASCII punctuation.
fn is_inline_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' | '&' | '#' | '{' | '}'
    )
}

/// One line of untrusted text, for the middle of a Markdown line.
pub fn inline(text: &str) -> String {
    let text = safe_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_inline_special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Several lines of untrusted text, as paragraphs: each line as [`inline`], and what
/// would start a block (a list item, a quote, a heading underline, a numbered item, an
/// indented code block) at the start of a line is escaped too.
pub fn block(text: &str) -> String {
    let text = safe_block(text);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Leading spaces make code blocks; they carry nothing in a letter.
        let line = line.trim_start();
        let escaped = inline(line);
        // `#` and `>` are escaped wherever they are.
        let starts_block = line.starts_with(['-', '+', '='])
            || line
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with(['.', ')'])
                && line.starts_with(|c: char| c.is_ascii_digit());
        if starts_block {
            if let Some(at) = escaped.find(['-', '+', '=', '.', ')']) {
                // The marker, right after the digits for a numbered item.
                out.push_str(&escaped[..at]);
                out.push('\\');
                out.push_str(&escaped[at..]);
                continue;
            }
        }
        out.push_str(&escaped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_in_untrusted_text_stays_text() {
        assert_eq!(
            inline("**fet** og [lenke](x)"),
            r"\*\*fet\*\* og \[lenke\](x)"
        );
        assert_eq!(inline("<!-- skjult"), r"\<\!-- skjult");
        assert_eq!(inline("a | b"), r"a \| b");
        let text = block("# Overskrift\n- punkt\n1. nummer\n    kode\n> sitat\n===\nvanlig");
        assert_eq!(
            text,
            "\\# Overskrift\n\\- punkt\n1\\. nummer\nkode\n\\> sitat\n\\===\nvanlig"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        assert_eq!(
            inline("Felles basisopplæring, 450 000 kr."),
            "Felles basisopplæring, 450 000 kr."
        );
        assert_eq!(
            block("Første linje.\nAndre linje."),
            "Første linje.\nAndre linje."
        );
    }
}
