//! Typed field readers over a parsed object, each error naming file, item and field.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::node::{Node, Object};
use super::{ImportError, Problem};
use crate::domain::Money;
use crate::domain::text::normalize;
use crate::domain::time::oslo_offset;

/// One object in a file (an application, a network, a person), and where it is.
pub struct Item<'a> {
    pub file: &'a str,
    pub label: Option<String>,
    /// Prefix for field names of nested objects: `period.`, `requests[0].`.
    pub path: String,
    pub object: &'a Object<'a>,
}

impl<'a> Item<'a> {
    pub fn new(
        file: &'a str,
        item: Option<String>,
        value: &'a Node<'a>,
    ) -> Result<Item<'a>, ImportError> {
        match value {
            Node::Object(object) => Ok(Item {
                file,
                label: item,
                path: String::new(),
                object,
            }),
            _ => Err(ImportError {
                row: None,
                file: file.to_string(),
                item,
                field: None,
                problem: Problem::WrongType {
                    expected: Cow::Borrowed("object"),
                },
            }),
        }
    }

    pub fn nested(&self, field: &str, value: &'a Node<'a>) -> Result<Item<'a>, ImportError> {
        match value {
            Node::Object(object) => Ok(Item {
                file: self.file,
                label: self.label.clone(),
                path: format!("{}{field}.", self.path),
                object,
            }),
            _ => Err(self.error(
                field,
                Problem::WrongType {
                    expected: Cow::Borrowed("object"),
                },
            )),
        }
    }

    pub fn error(&self, field: &str, problem: Problem) -> ImportError {
        ImportError {
            row: None,
            file: self.file.to_string(),
            item: self.label.clone(),
            field: Some(super::excerpt(&format!("{}{field}", self.path))),
            problem: problem.cut(),
        }
    }

    /// Refuses fields the format does not have: a misspelt optional field would
    /// otherwise vanish without a word.
    pub fn only(&self, allowed: &[&str]) -> Result<(), ImportError> {
        match self.object.keys().find(|k| !allowed.contains(k)) {
            Some(unknown) => Err(self.error(unknown, Problem::UnknownField)),
            None => Ok(()),
        }
    }

    fn present(&self, field: &str) -> Option<&'a Node<'a>> {
        self.object.get(field).filter(|v| !v.is_null())
    }

    pub fn required(&self, field: &str) -> Result<&'a Node<'a>, ImportError> {
        self.present(field)
            .ok_or_else(|| self.error(field, Problem::Missing))
    }

    pub fn text(&self, field: &str) -> Result<String, ImportError> {
        self.opt_text(field)?
            .ok_or_else(|| self.error(field, Problem::Missing))
    }

    /// Text, NFC-normalized and trimmed; empty counts as absent.
    pub fn opt_text(&self, field: &str) -> Result<Option<String>, ImportError> {
        match self.present(field) {
            None => Ok(None),
            Some(Node::String(s)) => {
                if s.len() > super::MAX_TEXT_CHARS && s.chars().count() > super::MAX_TEXT_CHARS {
                    let limit = super::MAX_TEXT_CHARS;
                    return Err(self.error(field, Problem::TooLong { limit }));
                }
                let s = normalize(s.trim());
                Ok(if s.is_empty() { None } else { Some(s) })
            }
            Some(Node::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(self.error(
                field,
                Problem::WrongType {
                    expected: Cow::Borrowed("text"),
                },
            )),
        }
    }

    /// Required text that must not be empty, nor hold line breaks or other control
    /// characters: ids and names are typed on command lines and shown on one line.
    pub fn id(&self, field: &str) -> Result<String, ImportError> {
        match self.present(field) {
            Some(Node::String(s)) if s.trim().is_empty() => Err(self.error(field, Problem::Empty)),
            Some(Node::String(s)) if s.chars().any(char::is_control) => {
                Err(self.error(field, Problem::ControlCharacters))
            }
            // No more characters than bytes: most ids are not counted at all.
            Some(Node::String(s))
                if s.len() > super::MAX_ID_CHARS && s.chars().count() > super::MAX_ID_CHARS =>
            {
                let limit = super::MAX_ID_CHARS;
                Err(self.error(field, Problem::TooLong { limit }))
            }
            _ => self.text(field),
        }
    }

    /// An optional line of text (a name, a reference, an address): as [`Item::id`] where
    /// it is given.
    pub fn opt_line(&self, field: &str) -> Result<Option<String>, ImportError> {
        match self.present(field) {
            None | Some(Node::Null) => Ok(None),
            Some(_) => self.id(field).map(Some),
        }
    }

    /// An identifier others refer to (a reference, a round, a network, a pot): as
    /// [`Item::id`], and with no character that shows as nothing, so no two read the
    /// same.
    pub fn key(&self, field: &str) -> Result<String, ImportError> {
        let id = self.id(field)?;
        // Every invisible character is outside ASCII.
        if !id.is_ascii() && id.chars().any(crate::domain::text::is_invisible) {
            return Err(self.error(field, Problem::ControlCharacters));
        }
        Ok(id)
    }

    pub fn bool_or(&self, field: &str, default: bool) -> Result<bool, ImportError> {
        match self.present(field) {
            None => Ok(default),
            Some(Node::Bool(b)) => Ok(*b),
            Some(_) => Err(self.error(
                field,
                Problem::WrongType {
                    expected: Cow::Borrowed("true/false"),
                },
            )),
        }
    }

    pub fn opt_bool(&self, field: &str) -> Result<Option<bool>, ImportError> {
        self.present(field)
            .map(|_| self.bool_or(field, false))
            .transpose()
    }

    pub fn int(&self, field: &str, min: i64, max: i64) -> Result<i64, ImportError> {
        let value = self.required(field)?;
        let number = match value {
            Node::Number(n) => n.as_i64(),
            Node::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let Some(number) = number else {
            return Err(self.error(
                field,
                Problem::WrongType {
                    expected: Cow::Borrowed("whole number"),
                },
            ));
        };
        if number < min || number > max {
            return Err(self.error(
                field,
                Problem::OutOfRange {
                    value: number.to_string(),
                    min,
                    max,
                },
            ));
        }
        Ok(number)
    }

    pub fn amount(&self, field: &str) -> Result<Money, ImportError> {
        // The text is copied only for the message of an amount that is refused.
        let (text, parsed) = match self.required(field)? {
            Node::String(s) => (Cow::Borrowed(s.as_ref()), Money::parse(s)),
            Node::Number(n) => {
                let text = n.to_string();
                let parsed = Money::parse_number(&text);
                (Cow::Owned(text), parsed)
            }
            _ => {
                return Err(self.error(
                    field,
                    Problem::WrongType {
                        expected: Cow::Borrowed("amount"),
                    },
                ));
            }
        };
        parsed.map_err(|error| {
            let value = text.into_owned();
            self.error(field, Problem::InvalidAmount { value, error })
        })
    }

    pub fn date(&self, field: &str) -> Result<NaiveDate, ImportError> {
        self.opt_date(field)?
            .ok_or_else(|| self.error(field, Problem::Missing))
    }

    pub fn opt_date(&self, field: &str) -> Result<Option<NaiveDate>, ImportError> {
        let Some(text) = self.opt_text(field)? else {
            return Ok(None);
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&text, "%d.%m.%Y"))
            .map(Some)
            .map_err(|_| self.error(field, Problem::InvalidDate { value: text }))
    }

    /// RFC 3339 with an offset; without one, the time is taken as Norwegian.
    pub fn datetime(&self, field: &str) -> Result<DateTime<FixedOffset>, ImportError> {
        let text = self.text(field)?;
        if let Ok(at) = DateTime::parse_from_rfc3339(&text) {
            return Ok(at);
        }
        let naive = [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            // As a Norwegian spreadsheet shows it.
            "%d.%m.%Y %H:%M:%S",
            "%d.%m.%Y %H:%M",
        ]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok());
        let Some(naive) = naive else {
            return Err(self.error(field, Problem::InvalidDateTime { value: text }));
        };
        // Guess the offset from the same wall-clock time read as UTC; off by at most an
        // hour around the switch, which is the nature of a time without an offset.
        let offset = oslo_offset(Utc.from_utc_datetime(&naive));
        offset
            .from_local_datetime(&naive)
            .single()
            .ok_or_else(|| self.error(field, Problem::InvalidDateTime { value: text }))
    }

    pub fn texts(&self, field: &str) -> Result<Vec<String>, ImportError> {
        self.list(field)?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Node::String(s) if s.chars().count() > super::MAX_ID_CHARS => {
                    let limit = super::MAX_ID_CHARS;
                    Err(self.error(&format!("{field}[{i}]"), Problem::TooLong { limit }))
                }
                Node::String(s) if !s.trim().is_empty() => Ok(normalize(s.trim())),
                Node::Number(n) => Ok(n.to_string()),
                _ => Err(self.error(
                    &format!("{field}[{i}]"),
                    Problem::WrongType {
                        expected: Cow::Borrowed("text"),
                    },
                )),
            })
            .collect()
    }

    pub fn list(&self, field: &str) -> Result<&'a [Node<'a>], ImportError> {
        match self.present(field) {
            None => Ok(&[]),
            Some(Node::Array(values)) if values.len() > super::MAX_LIST_ITEMS => {
                let limit = super::MAX_LIST_ITEMS;
                Err(self.error(field, Problem::TooMany { limit }))
            }
            Some(Node::Array(values)) => Ok(values),
            Some(_) => Err(self.error(
                field,
                Problem::WrongType {
                    expected: Cow::Borrowed("list"),
                },
            )),
        }
    }

    /// A municipality number: four digits.
    pub fn municipality_number(&self, field: &str, value: &str) -> Result<String, ImportError> {
        if value.len() == 4 && value.chars().all(|c| c.is_ascii_digit()) {
            Ok(value.to_string())
        } else {
            Err(self.error(
                field,
                Problem::InvalidMunicipalityNumber {
                    value: value.to_string(),
                },
            ))
        }
    }

    pub fn choice(
        &self,
        field: &str,
        allowed: &[&'static str],
        default: &'static str,
    ) -> Result<String, ImportError> {
        let value = self.opt_text(field)?.unwrap_or_else(|| default.to_string());
        if allowed.contains(&value.as_str()) {
            Ok(value)
        } else {
            Err(self.error(
                field,
                Problem::InvalidChoice {
                    value,
                    allowed: allowed.iter().map(|a| Cow::Borrowed(*a)).collect(),
                },
            ))
        }
    }
}
