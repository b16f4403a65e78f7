//! Text from outside: normalizing what comes in, folding for search, and making
//! untrusted text safe to print.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Canonical form for stored text: NFC, so `å` is one character however it was typed.
pub fn normalize(text: &str) -> String {
    // Nearly all text is already NFC (ASCII always is): the quick check says so without
    // building a new string, which made normalizing a third of an import's time.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return text.to_string();
    }
    text.nfc().collect()
}

/// Folds text for matching: lower case, Norwegian letters spelled out the way people type
/// them without a Norwegian keyboard (`å` as `aa`, `æ` as `ae`, `ø` as `o`), other accents
/// dropped, and everything but letters and digits turned into single spaces.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.nfd() {
        if unicode_normalization::char::is_combining_mark(ch) {
            // `å` decomposes to `a` + ring: turn the ring into the second `a`.
            if ch == '\u{30a}' && folded.ends_with('a') {
                folded.push('a');
            }
            continue;
        }
        let lower = ch.to_lowercase();
        for c in lower {
            let spelled: &str = match c {
                'æ' => "ae",
                'ø' | 'ö' => "o",
                'ð' => "d",
                'þ' => "th",
                'ß' => "ss",
                _ => "",
            };
            if c.is_alphanumeric() {
                if pending_space && !folded.is_empty() {
                    folded.push(' ');
                }
                pending_space = false;
                if spelled.is_empty() {
                    folded.push(c);
                } else {
                    folded.push_str(spelled);
                }
            } else {
                pending_space = true;
            }
        }
    }
    folded
}

fn is_dangerous(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{200e}' | '\u{200f}' | '\u{061c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}'
            | '\u{feff}')
}

/// One line of untrusted text, safe for a terminal: control characters, escape sequences
/// and bidirectional overrides become `�`, line breaks and tabs become spaces.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if is_dangerous(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Several lines of untrusted text: as [`safe_line`], but line breaks stay.
pub fn safe_block(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_dangerous(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                c if is_dangerous(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Edit distance with transpositions (optimal string alignment), on characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_the_way_people_type() {
        assert_eq!(fold("Øygarden"), "oygarden");
        assert_eq!(fold("Åsnes"), "aasnes");
        assert_eq!(fold("aasnes"), "aasnes");
        assert_eq!(fold("Bjørnafjorden"), "bjornafjorden");
        assert_eq!(fold("Snåase - Snåsa"), "snaaase snaasa");
        assert_eq!(fold("Ærlig"), "aerlig");
        assert_eq!(fold("A\u{30a}snes"), "aasnes");
        assert_eq!(fold("  Nord-Odal "), "nord odal");
    }

    #[test]
    fn unsafe_text_is_defused() {
        assert_eq!(
            safe_line("a\u{1b}]0;owned\u{7}b"),
            "a\u{fffd}]0;owned\u{fffd}b"
        );
        assert_eq!(safe_line("x\u{202e}y"), "x\u{fffd}y");
        assert_eq!(safe_line("two\nlines"), "two lines");
        assert_eq!(safe_block("two\nlines\u{1b}[2J"), "two\nlines\u{fffd}[2J");
        assert!(matches!(safe_line("Kvam"), Cow::Borrowed(_)));
    }

    #[test]
    fn edit_distance_counts_typos() {
        assert_eq!(edit_distance("kvam", "kvam"), 0);
        assert_eq!(edit_distance("kavm", "kvam"), 1);
        assert_eq!(edit_distance("bergn", "bergen"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
