//! Exact money: whole kroner and øre on `rust_decimal`, never floats.
//!
//! [`Money::parse`] is the one parser for every way users write amounts. Amounts in the
//! source documents look like `kr. 1. 100. 000,-`, `Kr. 1 150 000,-`, `900.000,-` or
//! `350 000,00`; people paste them from letters and web pages, so the parser accepts them
//! all, and refuses anything whose meaning is not certain (`12,345` could be twelve
//! thousand or twelve point three), with a reason the user can act on.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The largest single amount the tool accepts (a request, an allocation, a pot): a
/// thousand billion kroner. Anything above is a typo (or an attack), not a grant.
pub const MAX_WHOLE_KRONER: i64 = 1_000_000_000_000;

/// The largest sum a `Money` holds: a running total of a million maximal amounts is still
/// a million times short of it. Sums stop here rather than grow past what a stored value
/// may hold, so no accepted input can make stored data unreadable. A `Decimal` holds 28
/// digits; this is 25.
const MAX_SUM_KRONER: i128 = 1_000_000_000_000_000_000_000_000;

fn max_sum() -> Decimal {
    Decimal::from_i128_with_scale(MAX_SUM_KRONER, 0)
}

/// An exact, never negative amount of Norwegian kroner with at most two decimals (øre).
///
/// Every way in (the parser, the wire, storage, arithmetic) keeps it at zero or more: a
/// grant, a request, a payment or a pot can never be negative, whoever sends it. A single
/// amount is at most [`MAX_WHOLE_KRONER`] ([`Money::is_single_amount`]); sums may be
/// larger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// Serialized as plain decimal text (`"450000.50"`), in JSON and in storage alike.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.plain())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        // The same bounds as every other way in: never negative, at most two decimals,
        // at most the largest sum. Whether a single amount is within the single-amount
        // limit is the domain rule's to say, with a message.
        deserializer.deserialize_str(PlainVisitor)
    }
}

/// Reads an amount's text where it lies (no copy of it is made).
struct PlainVisitor;

impl serde::de::Visitor<'_> for PlainVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as plain decimal text")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Money, E> {
        Money::from_plain(text).ok_or_else(|| {
            let shown: String = text.chars().take(40).collect();
            E::custom(format!("not an amount: {shown}"))
        })
    }
}

/// Why a text is not an amount.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AmountError {
    /// Nothing but currency words or white space.
    Empty,
    /// Letters that are not a currency mark, such as `tusen` or `1e3`.
    Words(String),
    /// A character that has no place in an amount, such as `_` or `/`.
    InvalidCharacter(char),
    /// A comma followed by exactly three digits: a thousands separator or three decimals?
    Ambiguous,
    /// More than two decimals (øre is the smallest unit).
    TooManyDecimals,
    /// Digit groups that are not of three, such as `1 00 000`.
    BadGrouping,
    /// More than one decimal separator, or separators in odd places.
    Malformed,
    /// Larger than the largest amount the tool accepts.
    TooLarge,
    /// A negative amount where only zero or more makes sense.
    Negative,
    /// A first digit group of zeros (`0.001`, `0 050`): thousands of nothing, so
    /// probably decimals, which the separator does not say.
    ZeroGroup,
    /// A JSON or TOML number with decimals or an exponent: it was read as a floating
    /// point number, so its last digits may already be lost. Amounts with øre are
    /// written as text.
    DecimalNumber,
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Whole kroner.
    pub fn kroner(kroner: u64) -> Money {
        Money(Decimal::from(kroner))
    }

    /// A single amount, from a decimal: refuses negatives, more than two decimals and
    /// amounts beyond [`MAX_WHOLE_KRONER`].
    pub fn from_decimal(value: Decimal) -> Result<Money, AmountError> {
        let money = Money::from_sum(value)?;
        if !money.is_single_amount() {
            return Err(AmountError::TooLarge);
        }
        Ok(money)
    }

    /// A sum, from a decimal: as [`Money::from_decimal`], with room for totals.
    fn from_sum(value: Decimal) -> Result<Money, AmountError> {
        let normalized = value.normalize();
        if normalized.is_sign_negative() && !normalized.is_zero() {
            return Err(AmountError::Negative);
        }
        if normalized.scale() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        if normalized > max_sum() {
            return Err(AmountError::TooLarge);
        }
        // `-0` normalizes to a zero that still prints its sign: make it plain zero.
        Ok(Money(normalized.abs()))
    }

    /// Whether this is within what one request, allocation or pot may be.
    pub fn is_single_amount(self) -> bool {
        self.0 <= Decimal::from(MAX_WHOLE_KRONER)
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The sum, held at the largest sum a `Money` holds (reached only after about a
    /// trillion maximal amounts): a stored total always reads back.
    #[must_use]
    pub fn plus(self, other: Money) -> Money {
        let sum = (self.0 + other.0).normalize();
        Money(sum.min(max_sum()))
    }

    /// The difference, never below zero. Callers compare first where "less than zero"
    /// would mean something (a pot's remaining is checked before an allocation); a
    /// running total that would drop below zero is damaged, and `audit --verify` says so.
    #[must_use]
    pub fn minus(self, other: Money) -> Money {
        Money((self.0 - other.0).max(Decimal::ZERO).normalize())
    }

    /// `self × part ÷ whole`, rounded to the øre (half away from zero): a share of an
    /// amount in proportion. Zero where `whole` is zero.
    #[must_use]
    pub fn times_fraction(self, part: Money, whole: Money) -> Money {
        if whole.is_zero() {
            return Money::ZERO;
        }
        let share = (self.0 * part.0 / whole.0)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        Money(share.max(Decimal::ZERO).min(max_sum()).normalize())
    }

    /// The difference, or `None` where `other` is larger.
    pub fn checked_minus(self, other: Money) -> Option<Money> {
        (other <= self).then(|| self.minus(other))
    }

    /// Plain decimal notation for JSON and CSV: `1350000`, `450000.50`.
    pub fn plain(self) -> String {
        let value = self.0.normalize();
        // Whole øre as an integer: an export writes several amounts a row, and integer
        // formatting is many times quicker than the decimal type's own.
        let cents = match value.scale() {
            0 => value.mantissa().checked_mul(100),
            1 => value.mantissa().checked_mul(10),
            2 => Some(value.mantissa()),
            _ => None,
        };
        match cents.and_then(|c| u64::try_from(c).ok()) {
            Some(cents) if value.scale() == 0 => (cents / 100).to_string(),
            Some(cents) => format!("{}.{:02}", cents / 100, cents % 100),
            None if value.scale() == 0 => value.to_string(),
            None => format!("{value:.2}"),
        }
    }

    /// Parses every way users write a non-negative amount.
    pub fn parse(text: &str) -> Result<Money, AmountError> {
        parse_signed(text)
    }

    /// An amount written as a number in JSON or TOML: whole kroner only. A number with
    /// decimals or an exponent was read as floating point before it got here
    /// (`1234567.8999999999` is already `1234567.9`), and `12.345` could have meant
    /// twelve thousand, so both are refused: amounts with øre are written as text.
    pub fn parse_number(text: &str) -> Result<Money, AmountError> {
        if text.contains(['.', 'e', 'E']) {
            return Err(AmountError::DecimalNumber);
        }
        Money::parse(text)
    }

    /// An amount as this program writes it (`450000`, `450000.50`): the only form the
    /// wire and storage take, so no other spelling (`1e5`, `+5`, `1_000`) gets in.
    fn from_plain(text: &str) -> Option<Money> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let plain = !whole.is_empty()
            && digits(whole)
            && digits(fraction)
            && fraction.len() <= 2
            && (text.len() == whole.len() || !fraction.is_empty());
        if !plain {
            return None;
        }
        // Whole kroner, the most common: an integer, which needs no normalizing.
        if fraction.is_empty() && whole.len() <= 18 {
            let kroner: u64 = whole.parse().ok()?;
            let value = Decimal::from(kroner);
            return (value <= max_sum()).then_some(Money(value));
        }
        // The digits as one integer and the count of decimals: what `Decimal::from_str`
        // makes of such a text, without its general parser.
        let mut mantissa: i128 = 0;
        for digit in whole.bytes().chain(fraction.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(digit - b'0'))?;
        }
        let scale = u32::try_from(fraction.len()).ok()?;
        let value = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
        Money::from_sum(value).ok()
    }
}

impl FromStr for Money {
    type Err = AmountError;
    fn from_str(text: &str) -> Result<Money, AmountError> {
        Money::parse(text)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Money::plus)
    }
}

/// `1 350 000 kr`, `450 000,50 kr`: grouped with plain spaces, which is what users expect
/// when they paste into documents.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours width and alignment (`{:>14}`) in tables.
        f.pad(&format!("{} kr", group_thousands(*self)))
    }
}

/// The number alone, grouped: `1 350 000` or `450 000,50`.
pub fn group_thousands(money: Money) -> String {
    let value = money.0.normalize();
    let whole = value.trunc();
    let fraction = value - whole;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    if !fraction.is_zero() {
        let cents = (fraction * Decimal::from(100)).trunc();
        grouped.push_str(&format!(",{cents:0>2}"));
    }
    grouped
}

fn is_space(ch: char) -> bool {
    matches!(
        ch,
        ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}'
    )
}

fn is_minus(ch: char) -> bool {
    matches!(ch, '-' | '\u{2212}')
}

/// Strips currency marks (`kr`, `kr.`, `NOK`) and the `,-` that means "no øre".
fn strip_decorations(text: &str) -> &str {
    let mut rest = text.trim_matches(is_space);
    loop {
        let before = rest;
        for prefix in ["kr.", "kr", "nok"] {
            if rest.len() >= prefix.len()
                && rest.is_char_boundary(prefix.len())
                && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
            {
                rest = rest[prefix.len()..].trim_start_matches(is_space);
            }
        }
        for suffix in [
            "kroner",
            "kr.",
            "kr",
            "nok",
            ",-",
            ",\u{2013}",
            ",\u{2014}",
            ".-",
        ] {
            let cut = rest.len().saturating_sub(suffix.len());
            if rest.len() >= suffix.len()
                && rest.is_char_boundary(cut)
                && rest[cut..].eq_ignore_ascii_case(suffix)
            {
                rest = rest[..cut].trim_end_matches(is_space);
            }
        }
        if rest == before {
            return rest;
        }
    }
}

fn parse_signed(text: &str) -> Result<Money, AmountError> {
    let mut body = strip_decorations(text);
    let mut negative = false;
    if let Some(first) = body.chars().next().filter(|c| is_minus(*c)) {
        negative = true;
        body = strip_decorations(&body[first.len_utf8()..]);
    }
    if body.is_empty() {
        return Err(AmountError::Empty);
    }
    if let Some(word) = first_word(body) {
        return Err(AmountError::Words(word));
    }
    if let Some(bad) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == ',' || is_space(*c)))
    {
        return Err(AmountError::InvalidCharacter(bad));
    }
    let (whole, fraction) = split_decimal(body)?;
    let whole_digits = ungroup(whole)?;
    let mut number = whole_digits;
    if let Some(fraction) = fraction {
        number.push('.');
        number.push_str(fraction);
    }
    // Beyond 28 digits `Decimal` itself overflows; anything that long is too large anyway.
    if whole_digits_len(&number) > 15 {
        return Err(AmountError::TooLarge);
    }
    let value = Decimal::from_str(&number).map_err(|_| AmountError::Malformed)?;
    if negative && !value.is_zero() {
        return Err(AmountError::Negative);
    }
    Money::from_decimal(value)
}

fn whole_digits_len(number: &str) -> usize {
    number
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('0')
        .len()
}

fn first_word(body: &str) -> Option<String> {
    let start = body.find(char::is_alphabetic)?;
    let word: String = body[start..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    Some(word)
}

/// Splits off the decimals, deciding what a `,` or `.` means.
fn split_decimal(body: &str) -> Result<(&str, Option<&str>), AmountError> {
    let commas = body.matches(',').count();
    if commas > 1 {
        return Err(AmountError::Malformed);
    }
    if let Some(at) = body.find(',') {
        let (whole, fraction) = (&body[..at], &body[at + 1..]);
        if whole.trim_matches(is_space).is_empty() {
            return Err(AmountError::Malformed);
        }
        if fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(AmountError::Malformed);
        }
        return match fraction.len() {
            1 | 2 => Ok((whole, Some(fraction))),
            // `12,345` is English for twelve thousand, or Norwegian with three decimals.
            3 if !whole.contains(['.', ' ', '\u{a0}', '\u{202f}', '\u{2009}']) => {
                Err(AmountError::Ambiguous)
            }
            _ => Err(AmountError::TooManyDecimals),
        };
    }
    // Without a comma, a final `.` followed by one or two digits is a decimal point
    // (`450000.50`, as in JSON output); a `.` before three digits groups thousands.
    if let Some(at) = body.rfind('.') {
        let fraction = &body[at + 1..];
        if (1..=2).contains(&fraction.len()) && fraction.chars().all(|c| c.is_ascii_digit()) {
            let whole = &body[..at];
            if whole.contains('.') {
                return Err(AmountError::Malformed);
            }
            return Ok((whole, Some(fraction)));
        }
        if fraction.len() > 3 && fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(AmountError::TooManyDecimals);
        }
    }
    Ok((body, None))
}

/// Removes group separators, insisting on groups of three after the first.
fn ungroup(whole: &str) -> Result<String, AmountError> {
    let mut groups: Vec<&str> = Vec::new();
    let mut current_start: Option<usize> = None;
    let mut dots_in_separator = 0;
    for (i, ch) in whole.char_indices() {
        if ch.is_ascii_digit() {
            if current_start.is_none() {
                current_start = Some(i);
                dots_in_separator = 0;
            }
            continue;
        }
        if let Some(start) = current_start.take() {
            groups.push(&whole[start..i]);
        } else if groups.is_empty() {
            return Err(AmountError::Malformed);
        }
        if ch == '.' {
            dots_in_separator += 1;
            if dots_in_separator > 1 {
                return Err(AmountError::Malformed);
            }
        }
    }
    match current_start {
        Some(start) => groups.push(&whole[start..]),
        None => return Err(AmountError::Malformed),
    }
    if groups.len() > 1 {
        if groups[0].bytes().all(|b| b == b'0') {
            return Err(AmountError::ZeroGroup);
        }
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(AmountError::BadGrouping);
        }
    }
    Ok(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        Money::parse(text)
            .unwrap_or_else(|e| panic!("{text:?} should parse, got {e:?}"))
            .plain()
    }

    fn err(text: &str) -> AmountError {
        Money::parse(text).expect_err(text)
    }

    #[test]
    fn accepts_every_format_in_the_sources() {
        assert_eq!(ok("450000"), "450000");
        assert_eq!(ok("450 000"), "450000");
        assert_eq!(ok("kr 450 000,-"), "450000");
        assert_eq!(ok("kr. 1. 100. 000,-"), "1100000");
        assert_eq!(ok("kr. 2. 300. 000,-"), "2300000");
        assert_eq!(ok("Kr. 1 150 000,-"), "1150000");
        assert_eq!(ok("kr. 3 750 000,-"), "3750000");
        assert_eq!(ok("900.000,-"), "900000");
        assert_eq!(ok("3.000.000,-"), "3000000");
        assert_eq!(ok("350 000,00"), "350000");
        assert_eq!(ok("450.000"), "450000");
        assert_eq!(ok("450 000,00"), "450000");
        assert_eq!(ok("450000.50"), "450000.50");
        assert_eq!(ok("450 000,5"), "450000.50");
        assert_eq!(ok("1\u{a0}350\u{a0}000"), "1350000");
        assert_eq!(ok("1\u{202f}350\u{202f}000 kr"), "1350000");
        assert_eq!(ok("NOK 12 500"), "12500");
        assert_eq!(ok("0"), "0");
        assert_eq!(ok("  75 000 kroner "), "75000");
    }

    #[test]
    fn refuses_the_ambiguous_and_the_wrong() {
        assert_eq!(err("12,345"), AmountError::Ambiguous);
        assert_eq!(err("1,234"), AmountError::Ambiguous);
        assert_eq!(err("12,3456"), AmountError::TooManyDecimals);
        assert_eq!(err("1 200,345"), AmountError::TooManyDecimals);
        assert_eq!(err("12.3456"), AmountError::TooManyDecimals);
        assert_eq!(err("tusen"), AmountError::Words("tusen".into()));
        assert_eq!(err("450 tusen"), AmountError::Words("tusen".into()));
        assert_eq!(err("1e3"), AmountError::Words("e3".into()));
        assert_eq!(err("1_150_000"), AmountError::InvalidCharacter('_'));
        assert_eq!(err(""), AmountError::Empty);
        assert_eq!(err("kr ,-"), AmountError::Empty);
        assert_eq!(
            err("99999999999999999999999999999999"),
            AmountError::TooLarge
        );
        assert_eq!(err("1 000 000 000 001"), AmountError::TooLarge);
        assert_eq!(err("-5"), AmountError::Negative);
        assert_eq!(err("\u{2212}450 000"), AmountError::Negative);
        assert_eq!(err("kr \u{2212}450 000,-"), AmountError::Negative);
        assert_eq!(err("1 00 000"), AmountError::BadGrouping);
        assert_eq!(err("1.00.000"), AmountError::BadGrouping);
        assert_eq!(err("1,2,3"), AmountError::Malformed);
        assert_eq!(err(",50"), AmountError::Malformed);
    }

    #[test]
    fn no_way_in_makes_a_negative_or_unreadable_amount() {
        for text in [
            "-1000000", "-0.01", "1.001", "1e30", "1e5", "+5", "1_000", "-0", "5.", ".5", "", " 5",
            "5.5e2",
        ] {
            let json = format!("\"{text}\"");
            assert!(serde_json::from_str::<Money>(&json).is_err(), "{text}");
        }
        let plain: Money = serde_json::from_str("\"450000.50\"").unwrap();
        assert_eq!(plain.plain(), "450000.50");
        for (text, written) in [
            ("0", "0"),
            ("000", "0"),
            ("0.5", "0.50"),
            ("0.05", "0.05"),
            ("12.00", "12"),
            ("1350000", "1350000"),
            ("007.10", "7.10"),
        ] {
            let money: Money = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(money.plain(), written, "{text}");
            assert_eq!(money, Money::parse(written).unwrap(), "{text}");
        }
        let big = Money::kroner(999_999_999_999);
        let three = big.plus(big).plus(big);
        assert!(!three.is_single_amount());
        let back: Money = serde_json::from_str(&serde_json::to_string(&three).unwrap()).unwrap();
        assert_eq!(back, three);
        assert_eq!(Money::kroner(5).minus(Money::kroner(7)), Money::ZERO);
        assert_eq!(Money::kroner(5).checked_minus(Money::kroner(7)), None);
    }

    #[test]
    fn json_numbers_with_decimals_are_refused_and_zero_groups_too() {
        for text in ["12.345", "12.3456", "450000.5", "1e3", "4.5E5"] {
            assert_eq!(
                Money::parse_number(text),
                Err(AmountError::DecimalNumber),
                "{text}"
            );
        }
        assert_eq!(Money::parse_number("450000").unwrap().plain(), "450000");
        assert_eq!(Money::parse_number("-5"), Err(AmountError::Negative));
        assert_eq!(Money::parse("0.001"), Err(AmountError::ZeroGroup));
        assert_eq!(Money::parse("0 050"), Err(AmountError::ZeroGroup));
        assert_eq!(Money::parse("0,50").unwrap().plain(), "0.50");
    }

    #[test]
    fn displays_with_grouping_and_kr() {
        assert_eq!(Money::kroner(1_350_000).to_string(), "1 350 000 kr");
        assert_eq!(Money::kroner(950).to_string(), "950 kr");
        assert_eq!(Money::kroner(0).to_string(), "0 kr");
        assert_eq!(
            Money::parse("450000.5").unwrap().to_string(),
            "450 000,50 kr"
        );
        assert_eq!(Money::kroner(100_000).to_string(), "100 000 kr");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn display_parses_back(kroner in 0i64..MAX_WHOLE_KRONER, ore in 0i64..100) {
                let money = Money::from_decimal(Decimal::new(kroner * 100 + ore, 2)).unwrap();
                prop_assert_eq!(Money::parse(&money.to_string()).unwrap(), money);
                prop_assert_eq!(Money::parse(&money.plain()).unwrap(), money);
                prop_assert_eq!(Money::parse(&group_thousands(money)).unwrap(), money);
            }

            #[test]
            fn never_panics(text in "\\PC{0,40}") {
                let _ = Money::parse(&text);
                let _ = Money::parse_number(&text);
            }

            #[test]
            fn never_negative_and_sums_read_back(
                texts in proptest::collection::vec("-?[0-9 .,]{1,16}", 0..8),
            ) {
                let mut sum = Money::ZERO;
                for text in &texts {
                    if let Ok(money) = Money::parse(text) {
                        prop_assert!(money.is_single_amount());
                        sum = sum.plus(money).plus(Money::kroner(u64::MAX));
                    }
                }
                let json = serde_json::to_string(&sum).unwrap();
                let back: Money = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(back, sum);
                prop_assert_eq!(sum.minus(sum.plus(Money::kroner(1))), Money::ZERO);
            }
        }
    }
}
