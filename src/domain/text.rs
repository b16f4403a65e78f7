//! Text from outside: normalizing what comes in, folding for search, and making
//! untrusted text safe to print.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Canonical form for stored text: NFC, so `å` is one character however it was typed.
pub fn normalize(text: &str) -> String {
    // Nearly all text is already NFC (ASCII always is, and says so fastest): the quick
    // check says so without building a new string, which made normalizing a third of
    // an import's time.
    if text.is_ascii()
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return text.to_string();
    }
    text.nfc().collect()
}

/// A one-line field as pasted from a word processor or a forms system: line breaks and
/// tabs become one space each, other control characters go. `None` where it held none.
pub fn fold_to_line(text: &str) -> Option<String> {
    if !text.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A Windows line break is one break, one space.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// The form two references are compared in: they are the same case when these are
/// equal (`INN-2022-001` and `inn-2022-001`).
pub fn reference_key(reference: &str) -> String {
    if reference.is_ascii() {
        return reference.to_ascii_lowercase();
    }
    reference.to_lowercase()
}

/// Characters that show as nothing (a zero-width space, a soft hyphen, a joiner):
/// in an id they would make two that read the same.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
    )
}

/// Folds text for matching: lower case, Norwegian letters spelled out the way people type
/// them without a Norwegian keyboard (`å` as `aa`, `æ` as `ae`, `ø` as `o`), other accents
/// dropped, and everything but letters and digits turned into single spaces.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    if text.is_ascii() {
        // The same result without decomposing: most names and every query typed
        // without a Norwegian keyboard.
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                if pending_space && !folded.is_empty() {
                    folded.push(' ');
                }
                pending_space = false;
                folded.push(c.to_ascii_lowercase());
            } else {
                pending_space = true;
            }
        }
        return folded;
    }
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

/// The first character of a reason or note that is no text: a control character other
/// than a line break or tab (an escape would steer the terminal of whoever reads it), or
/// a direction override or other invisible mark that makes text read otherwise than it is.
pub fn first_unprintable(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| !matches!(c, '\n' | '\r' | '\t') && is_dangerous(c))
}

/// The same for text of one line (a name): line breaks and tabs count too.
pub fn first_unprintable_in_line(text: &str) -> Option<char> {
    text.chars().find(|&c| is_dangerous(c))
}

/// Control and direction characters, and the noncharacters U+FFFE and U+FFFF, which
/// XML forbids: one in a summary made a Word letter's document unreadable.
fn is_dangerous(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{200e}' | '\u{200f}' | '\u{061c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}' | '\u{ffff}')
}

/// A key that sorts names as Norwegian readers expect: case-blind, with æ, ø and å
/// after z (and ä, ö as æ, ø), other letters by their base letter.
pub fn norwegian_sort_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => '{',
            'ø' | 'ö' => '|',
            'å' => '}',
            'é' | 'è' | 'ê' => 'e',
            'ü' => 'u',
            other => other,
        })
        .collect()
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
/// A quick proof that `a` and `b` are more than `max` edits apart: each edit can supply at
/// most one character of `a` that `b` lacks (and the other way round), so more such
/// characters than `max` settles it without the full comparison. ASCII only; anything
/// else is left to the full comparison.
fn too_many_missing(a: &str, b: &str, max: usize) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return false;
    }
    let mut counts = [0i32; 128];
    for byte in a.bytes() {
        counts[usize::from(byte)] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte)] -= 1;
    }
    let (only_a, only_b) = counts.iter().fold((0i32, 0i32), |(pos, neg), &c| {
        (pos + c.max(0), neg + (-c).max(0))
    });
    usize::try_from(only_a.max(only_b)).unwrap_or(0) > max
}

/// Words up to this many characters are compared without allocating.
const SHORT: usize = 48;

/// Whether `a` and `b` are at most `max` edits apart (as [`edit_distance`] counts),
/// giving up as soon as they cannot be: a lookup asks this of every name it knows.
pub fn within_edits(a: &str, b: &str, max: usize) -> bool {
    // Most names are too long or too short to be near: tell without allocating.
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    if a_len.abs_diff(b_len) > max || too_many_missing(a, b, max) {
        return false;
    }
    // Short words (nearly all) are compared in buffers on the stack.
    if a_len <= SHORT && b_len <= SHORT {
        let (mut a_chars, mut b_chars) = (['\0'; SHORT], ['\0'; SHORT]);
        for (slot, c) in a_chars.iter_mut().zip(a.chars()) {
            *slot = c;
        }
        for (slot, c) in b_chars.iter_mut().zip(b.chars()) {
            *slot = c;
        }
        let mut rows = [[0usize; SHORT + 1]; 3];
        return bounded_distance(&a_chars[..a_len], &b_chars[..b_len], max, &mut rows);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; 3];
    let [two_back, previous, current] = &mut rows[..] else {
        unreachable!("three rows")
    };
    bounded_rows(&a, &b, max, two_back, previous, current)
}

fn bounded_distance<const N: usize>(
    a: &[char],
    b: &[char],
    max: usize,
    rows: &mut [[usize; N]; 3],
) -> bool {
    let [two_back, previous, current] = rows;
    bounded_rows(a, b, max, two_back, previous, current)
}

/// The optimal-string-alignment distance, row by row in three buffers, stopping early.
fn bounded_rows<'r>(
    a: &[char],
    b: &[char],
    max: usize,
    mut two_back: &'r mut [usize],
    mut previous: &'r mut [usize],
    mut current: &'r mut [usize],
) -> bool {
    for (j, cell) in previous.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    let mut previous_min = 0;
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        // A transposition reaches back two rows, so two rows over the limit end it.
        if row_min > max && previous_min > max {
            return false;
        }
        previous_min = row_min;
        std::mem::swap(&mut two_back, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= max
}

/// The edits (insert, delete, change, or swap of two neighbours) from `a` to `b`, for
/// ranking suggestions: the optimal string alignment distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// A template with its values put into `{0}`, `{1}`, …: how every fixed text of the
/// screen and the letters takes names, amounts and dates.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, value) in values.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), value);
    }
    out
}

/// Text cut to `width` columns, ending in `…` where it was cut.
pub fn ellipsize(text: &str, width: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    let mut out = out.trim_end().to_string();
    if width > 0 {
        out.push('…');
    }
    out
}

/// The words of a text for wrapping: split at spaces, except inside an amount, whose
/// thousands and `kr` stay together ("450 000 kr" never breaks after "450").
fn wrapping_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for token in text.split(' ') {
        let glue = words.last().is_some_and(|previous| {
            let after_digit = previous.ends_with(|c: char| c.is_ascii_digit());
            // Three digits (ASCII, so byte 3 is a character boundary) and no more.
            let thousands = token
                .as_bytes()
                .get(..3)
                .is_some_and(|head| head.iter().all(u8::is_ascii_digit))
                && !token[3..].starts_with(|c: char| c.is_ascii_digit());
            after_digit
                && (thousands
                    || token == "kr"
                    || token.starts_with("kr,")
                    || token.starts_with("kr."))
        });
        match words.last_mut() {
            Some(previous) if glue => {
                previous.push(' ');
                previous.push_str(token);
            }
            _ => words.push(token.to_string()),
        }
    }
    words
}

/// Text broken at spaces into rows of at most `width` columns (a word longer than a row
/// is cut), for text that must be indented however it wraps.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut used = 0usize;
    for word in wrapping_words(text) {
        let mut word = word;
        let mut w = unicode_width::UnicodeWidthStr::width(word.as_str());
        if used > 0 && used + 1 + w > width {
            rows.push(std::mem::take(&mut row));
            used = 0;
        }
        // A word wider than a row goes over as many rows as it needs.
        while w > width {
            let mut cut = String::new();
            let mut cut_width = 0;
            for c in word.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if cut_width + cw > width.saturating_sub(used + usize::from(used > 0)) {
                    break;
                }
                cut.push(c);
                cut_width += cw;
            }
            if cut.is_empty() {
                rows.push(std::mem::take(&mut row));
                used = 0;
                continue;
            }
            if used > 0 {
                row.push(' ');
            }
            row.push_str(&cut);
            rows.push(std::mem::take(&mut row));
            used = 0;
            word = word[cut.len()..].to_string();
            w = unicode_width::UnicodeWidthStr::width(word.as_str());
        }
        if used > 0 {
            row.push(' ');
            used += 1;
        }
        row.push_str(&word);
        used += w;
    }
    rows.push(row);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_do_not_break_across_rows() {
        assert_eq!(
            wrap_words("egeninitiert 450 000 kr og mer", 18),
            vec!["egeninitiert", "450 000 kr og mer"]
        );
        assert_eq!(
            wrap_words("i 2021 1000 saker", 8),
            vec!["i 2021", "1000", "saker"]
        );
    }

    #[test]
    fn pasted_lines_fold_to_one() {
        assert_eq!(fold_to_line("Felles opplæring"), None);
        assert_eq!(
            fold_to_line("Felles\r\nopplæring\tfor alle\u{1b}[31m"),
            Some("Felles opplæring for alle[31m".into())
        );
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis() {
        assert_eq!(ellipsize("Felles basisopplæring", 10), "Felles ba…");
        assert_eq!(ellipsize("kort", 10), "kort");
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("abc", 0), "");
    }

    #[test]
    fn words_wrap_within_the_width_and_long_words_are_cut() {
        assert_eq!(wrap_words("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
        for row in wrap_words("æøå æøå æøå æøå", 7) {
            assert!(
                unicode_width::UnicodeWidthStr::width(row.as_str()) <= 7,
                "{row}"
            );
        }
    }

    proptest::proptest! {
        /// The quick bounded check agrees with the full distance, transpositions too.
        #[test]
        fn within_edits_agrees_with_edit_distance(
            a in "[abcå ]{0,9}",
            b in "[abcå ]{0,9}",
            max in 0usize..4,
        ) {
            proptest::prop_assert_eq!(within_edits(&a, &b, max), edit_distance(&a, &b) <= max);
        }

        /// The same for plain ASCII, where the quick character count decides most pairs.
        #[test]
        fn within_edits_agrees_on_ascii(a in "[abcd ]{0,9}", b in "[abcd ]{0,9}", max in 0usize..4) {
            proptest::prop_assert_eq!(within_edits(&a, &b, max), edit_distance(&a, &b) <= max);
        }

        /// The ASCII shortcut folds exactly as the full path does.
        #[test]
        fn ascii_folds_as_the_full_path_does(text in "[ -~]{0,20}") {
            // A non-ASCII word after a space sends it down the full path; it folds to `e`.
            let full = fold(&format!("{text} é"));
            let full = full.strip_suffix('e').unwrap_or_default().trim_end().to_string();
            proptest::prop_assert_eq!(fold(&text), full);
        }
    }

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
        // Noncharacters XML forbids: a Word letter with one could not be opened.
        assert_eq!(safe_line("x\u{fffe}y\u{ffff}"), "x\u{fffd}y\u{fffd}");
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
