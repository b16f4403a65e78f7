//! What breaks a file's format, in terms every language has words for. The readers
//! (`serde_json`, `toml`, `csv`) say it in English; an adviser reading Norwegian should not
//! have to, so each rule a reader names becomes a case here, and only what names none
//! keeps the reader's own words, marked as the reader's.

/// The rule of its format a file's text breaks, where the reader stopped.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Malformed {
    /// The text ends inside a value: a list, object or text left open.
    EndsEarly,
    /// A value was expected: text in quotes, a number, a list, an object, `true`,
    /// `false` or `null`.
    ExpectedValue,
    /// A word that is none of `true`, `false` and `null` outside quotes.
    BareWord,
    /// After an element, a comma or the bracket that closes the list (`]`) or object (`}`).
    ExpectedCommaOr(char),
    /// JSON: a key must be followed by `:`.
    ExpectedColon,
    /// JSON: a key must be text in double quotes.
    KeyNotText,
    /// JSON: a comma right before `]` or `}`.
    TrailingComma,
    /// Something after the end of the one value a JSON file holds.
    TrailingCharacters,
    /// Lists and objects nested deeper than the reader follows.
    TooDeep,
    /// A control character (a tab, a line break) inside quotes.
    ControlCharacter,
    /// A backslash in a text followed by what no escape is.
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    /// A `\u` escape that is no character.
    InvalidUnicode,
    /// TOML: a value missing after `=`, or a text without its quotes.
    ValueOrQuotes,
    /// TOML: a key without `=` and a value.
    ExpectedEquals,
    /// TOML: a second key or value on a line; each `key = value` has a line of its own.
    ExpectedLineEnd,
    /// TOML: a key or table given twice.
    DuplicateKey,
    /// TOML: a list not closed with `]`.
    UnclosedList,
    /// TOML: a table header (`[name]`) not closed with `]`.
    UnclosedTable,
    /// TOML: a text not closed with its quote.
    UnclosedText,
    /// A file whose name says another format (`.json`) where TOML is read.
    NotToml {
        ending: String,
    },
    /// What no case above covers: the words of the reader of `format` (English).
    Reader {
        format: String,
        words: String,
    },
}

impl Malformed {
    /// A JSON reader's error as a rule, without the line and column its text ends with
    /// (the caller places the error itself).
    pub fn of_json(error: &serde_json::Error) -> Malformed {
        let text = error.to_string();
        let rule = match text.rfind(" at line ") {
            Some(at) if error.line() > 0 => &text[..at],
            _ => text.as_str(),
        };
        match rule {
            "EOF while parsing a list"
            | "EOF while parsing an object"
            | "EOF while parsing a string"
            | "EOF while parsing a value" => Malformed::EndsEarly,
            "expected value" => Malformed::ExpectedValue,
            "expected ident" => Malformed::BareWord,
            "expected `,` or `]`" => Malformed::ExpectedCommaOr(']'),
            "expected `,` or `}`" => Malformed::ExpectedCommaOr('}'),
            "expected `:`" => Malformed::ExpectedColon,
            "key must be a string" | "expected `\"`" => Malformed::KeyNotText,
            "trailing comma" => Malformed::TrailingComma,
            "trailing characters" => Malformed::TrailingCharacters,
            "recursion limit exceeded" => Malformed::TooDeep,
            "control character (\\u0000-\\u001F) found while parsing a string" => {
                Malformed::ControlCharacter
            }
            "invalid escape" | "unexpected end of hex escape" => Malformed::InvalidEscape,
            "invalid number" => Malformed::InvalidNumber,
            "number out of range" => Malformed::NumberOutOfRange,
            "invalid unicode code point" | "lone leading surrogate in hex escape" => {
                Malformed::InvalidUnicode
            }
            other => Malformed::reader("JSON", other),
        }
    }

    /// A TOML reader's message as a rule. Its messages read "what is wrong, expected
    /// what": the first part names the rule.
    pub fn of_toml(message: &str) -> Malformed {
        let rule = message.split(", expected").next().unwrap_or(message).trim();
        match rule {
            "duplicate key" => Malformed::DuplicateKey,
            "key with no value" => Malformed::ExpectedEquals,
            "unexpected key or value" => Malformed::ExpectedLineEnd,
            "unclosed array" => Malformed::UnclosedList,
            "unclosed table" => Malformed::UnclosedTable,
            "invalid basic string"
            | "invalid literal string"
            | "invalid multi-line basic string"
            | "invalid multi-line literal string" => Malformed::UnclosedText,
            "string values must be quoted" => Malformed::ValueOrQuotes,
            "missing escaped value" => Malformed::InvalidEscape,
            _ => Malformed::reader("TOML", message),
        }
    }

    /// As [`Malformed::of_toml`], unless the file's name says it is of another format
    /// the import knows (`rounds.json`): then that is the problem.
    pub fn of_toml_file(name: &str, message: &str) -> Malformed {
        let ending = std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ending.as_deref() {
            Some(ending @ ("json" | "csv" | "xlsx")) => Malformed::NotToml {
                ending: ending.to_string(),
            },
            _ => Malformed::of_toml(message),
        }
    }

    pub fn reader(format: &str, words: &str) -> Malformed {
        Malformed::Reader {
            format: format.to_string(),
            words: words.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Malformed;

    fn json(text: &str) -> Malformed {
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        Malformed::of_json(&error)
    }

    #[test]
    fn json_errors_name_their_rule() {
        assert_eq!(json("[1, 2"), Malformed::EndsEarly);
        assert_eq!(json("{\"a\": }"), Malformed::ExpectedValue);
        assert_eq!(json("[tru]"), Malformed::BareWord);
        assert_eq!(json("[1 2]"), Malformed::ExpectedCommaOr(']'));
        assert_eq!(json("{\"a\": 1 \"b\": 2}"), Malformed::ExpectedCommaOr('}'));
        assert_eq!(json("{\"a\" 1}"), Malformed::ExpectedColon);
        assert_eq!(json("{a: 1}"), Malformed::KeyNotText);
        assert_eq!(json("[1,]"), Malformed::TrailingComma);
        assert_eq!(json("[1] x"), Malformed::TrailingCharacters);
        assert_eq!(json(&"[".repeat(200)), Malformed::TooDeep);
        assert_eq!(json("[\"a\tb\"]"), Malformed::ControlCharacter);
        assert_eq!(json("[\"\\q\"]"), Malformed::InvalidEscape);
        assert_eq!(json("[01]"), Malformed::InvalidNumber);
        assert_eq!(json("[1e999]"), Malformed::NumberOutOfRange);
        assert_eq!(json("[\"\\udc00\"]"), Malformed::InvalidUnicode);
    }

    #[test]
    fn toml_errors_name_their_rule_or_keep_the_readers_words() {
        let toml = |text: &str| {
            let error = text.parse::<toml::Table>().unwrap_err();
            Malformed::of_toml(error.message())
        };
        assert_eq!(toml("a = 1\na = 2"), Malformed::DuplicateKey);
        assert_eq!(toml("a 1"), Malformed::ExpectedEquals);
        assert_eq!(toml("a = 1 b = 2"), Malformed::ExpectedLineEnd);
        assert_eq!(toml("a = [1, 2"), Malformed::UnclosedList);
        assert_eq!(toml("[a\n"), Malformed::UnclosedTable);
        assert_eq!(toml("a = \"abc"), Malformed::UnclosedText);
        assert_eq!(toml("a = abc"), Malformed::ValueOrQuotes);
        assert_eq!(toml("a = \n"), Malformed::ValueOrQuotes);
        let Malformed::Reader { format, words } = toml("a = 1979-13-01") else {
            panic!("a date's month is no rule of its own");
        };
        assert_eq!(format, "TOML");
        assert_eq!(
            Malformed::of_toml_file("rounds.JSON", "invalid key-value pair"),
            Malformed::NotToml {
                ending: "json".into()
            }
        );
        assert!(words.contains("month"), "{words}");
    }
}
