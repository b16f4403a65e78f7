//! Norwegian civil time, for deadlines that end "at the end of the day, Norwegian time".
//!
//! Norway follows the EU summer-time rule (since 1996): UTC+2 from 01:00 UTC on the last
//! Sunday of March to 01:00 UTC on the last Sunday of October, UTC+1 otherwise. Fifteen
//! lines here spare the project a time-zone database.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    let last = first_of_next.pred_opt().expect("a day before");
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// Norway's offset from UTC at the given instant.
pub fn oslo_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let summer_start =
        Utc.from_utc_datetime(&last_sunday(year, 3).and_hms_opt(1, 0, 0).expect("time"));
    let summer_end =
        Utc.from_utc_datetime(&last_sunday(year, 10).and_hms_opt(1, 0, 0).expect("time"));
    let hours = if at >= summer_start && at < summer_end {
        2
    } else {
        1
    };
    FixedOffset::east_opt(hours * 3600).expect("offset")
}

/// The instant in Norwegian time.
pub fn to_oslo(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&oslo_offset(at))
}

/// The first instant after `date` in Norway: a deadline "on `date`" is met by anything
/// strictly before it.
pub fn end_of_oslo_day(date: NaiveDate) -> DateTime<Utc> {
    let next = date.succ_opt().unwrap_or(date);
    let midnight = next.and_hms_opt(0, 0, 0).expect("midnight");
    // Midnight is never inside a summer-time switch (01:00 UTC), so one guess suffices.
    let guess = Utc.from_utc_datetime(&midnight) - Duration::hours(1);
    let offset = oslo_offset(guess);
    Utc.from_utc_datetime(&(midnight - Duration::seconds(i64::from(offset.local_minus_utc()))))
}

/// `dd.mm.yyyy`, the Norwegian way of writing a date.
pub fn norwegian_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// `dd.mm.yyyy hh:mm` in Norwegian time.
pub fn norwegian_datetime(at: DateTime<Utc>) -> String {
    to_oslo(at).format("%d.%m.%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn summer_and_winter_offsets() {
        let summer = Utc.with_ymd_and_hms(2021, 7, 30, 12, 0, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2021, 11, 30, 12, 0, 0).unwrap();
        assert_eq!(oslo_offset(summer).local_minus_utc(), 7200);
        assert_eq!(oslo_offset(winter).local_minus_utc(), 3600);
        assert_eq!(
            last_sunday(2021, 3),
            NaiveDate::from_ymd_opt(2021, 3, 28).unwrap()
        );
        assert_eq!(
            last_sunday(2021, 10),
            NaiveDate::from_ymd_opt(2021, 10, 31).unwrap()
        );
        assert_eq!(Weekday::Sun, last_sunday(2024, 12).weekday());
    }

    #[test]
    fn deadline_ends_at_midnight_norwegian_time() {
        let date = NaiveDate::from_ymd_opt(2021, 8, 1).unwrap();
        assert_eq!(
            end_of_oslo_day(date),
            Utc.with_ymd_and_hms(2021, 8, 1, 22, 0, 0).unwrap()
        );
        let winter = NaiveDate::from_ymd_opt(2018, 11, 1).unwrap();
        assert_eq!(
            end_of_oslo_day(winter),
            Utc.with_ymd_and_hms(2018, 11, 1, 23, 0, 0).unwrap()
        );
    }
}

/// Instants stored as RFC 3339 text (chrono's own serde form, so nothing stored
/// changes), read by a quick path for the form chrono writes (`2022-03-01T10:00:00Z`,
/// `2022-03-01T12:00:00.5+02:00`). Any other text goes to chrono's parser: exactly the
/// same texts are accepted, with the same values. A list or export reads a few of these
/// a case, and a case's history one an event; chrono's general parser was a seventh of
/// an export's time.
pub mod rfc3339 {
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
    use serde::{Deserializer, Serialize, Serializer};

    /// What a stored instant can be read as.
    pub trait FromInstant: TimeZone + Sized {
        fn from_instant(at: DateTime<FixedOffset>) -> DateTime<Self>;
    }

    impl FromInstant for Utc {
        fn from_instant(at: DateTime<FixedOffset>) -> DateTime<Utc> {
            at.with_timezone(&Utc)
        }
    }

    impl FromInstant for FixedOffset {
        fn from_instant(at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
            at
        }
    }

    /// As chrono writes it (RFC 3339, `Z` for UTC, as many decimals as needed in
    /// threes), the common case formatted here: chrono's writer goes a character at a
    /// time, and every case and event stored holds an instant.
    pub fn serialize<Tz: TimeZone, S: Serializer>(
        at: &DateTime<Tz>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>
    where
        DateTime<Tz>: Serialize,
    {
        let mut text = [0u8; 35];
        match written(at, &mut text) {
            Some(written) => serializer.serialize_str(written),
            None => at.serialize(serializer),
        }
    }

    /// `at` as chrono serializes it, written into `text`; `None` where chrono's own
    /// rules are needed (years past four digits, leap seconds, offsets with seconds).
    fn written<'t, Tz: TimeZone>(at: &DateTime<Tz>, text: &'t mut [u8; 35]) -> Option<&'t str> {
        use chrono::{Datelike, Offset, Timelike};
        let local = at.naive_local();
        let offset = at.offset().fix().local_minus_utc();
        let year = u32::try_from(local.year()).ok().filter(|y| *y <= 9999)?;
        let nanos = local.nanosecond();
        if nanos >= 1_000_000_000 || offset % 60 != 0 {
            return None;
        }
        let mut out = Out { text, len: 0 };
        out.digits(year, 4);
        out.byte(b'-');
        out.digits(local.month(), 2);
        out.byte(b'-');
        out.digits(local.day(), 2);
        out.byte(b'T');
        out.digits(local.hour(), 2);
        out.byte(b':');
        out.digits(local.minute(), 2);
        out.byte(b':');
        out.digits(local.second(), 2);
        // chrono's `AutoSi`: no decimals, or three, six or nine, as few as say it all.
        match nanos {
            0 => {}
            _ if nanos % 1_000_000 == 0 => out.fraction(nanos / 1_000_000, 3),
            _ if nanos % 1_000 == 0 => out.fraction(nanos / 1_000, 6),
            _ => out.fraction(nanos, 9),
        }
        if offset == 0 {
            out.byte(b'Z');
        } else {
            out.byte(if offset < 0 { b'-' } else { b'+' });
            let minutes = offset.unsigned_abs() / 60;
            out.digits(minutes / 60, 2);
            out.byte(b':');
            out.digits(minutes % 60, 2);
        }
        let len = out.len;
        std::str::from_utf8(&text[..len]).ok()
    }

    /// Bytes written left to right into a buffer long enough for any instant.
    struct Out<'t> {
        text: &'t mut [u8; 35],
        len: usize,
    }

    impl Out<'_> {
        fn byte(&mut self, byte: u8) {
            self.text[self.len] = byte;
            self.len += 1;
        }

        /// `value`'s last `places` digits, zero-padded.
        fn digits(&mut self, value: u32, places: u32) {
            for place in (0..places).rev() {
                let digit = value / 10u32.pow(place) % 10;
                self.byte(b'0' + u8::try_from(digit).unwrap_or(0));
            }
        }

        fn fraction(&mut self, value: u32, places: u32) {
            self.byte(b'.');
            self.digits(value, places);
        }
    }

    pub fn deserialize<'de, Tz: FromInstant, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Tz>, D::Error> {
        deserializer.deserialize_str(Visitor).map(Tz::from_instant)
    }

    struct Visitor;

    impl serde::de::Visitor<'_> for Visitor {
        type Value = DateTime<FixedOffset>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an RFC 3339 date and time")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            match quick(text.as_bytes()) {
                Some(at) => Ok(at),
                None => text.parse().map_err(E::custom),
            }
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS`, up to nine decimals, then `Z` or `±HH:MM`; `None` for
    /// anything else (chrono then decides).
    pub(crate) fn quick(text: &[u8]) -> Option<DateTime<FixedOffset>> {
        let number = |from: usize, len: usize| -> Option<u32> {
            let digits = text.get(from..from + len)?;
            digits.iter().try_fold(0u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let at = |i: usize| text.get(i).copied();
        if at(4) != Some(b'-')
            || at(7) != Some(b'-')
            || at(10) != Some(b'T')
            || at(13) != Some(b':')
            || at(16) != Some(b':')
        {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(
            i32::try_from(number(0, 4)?).ok()?,
            number(5, 2)?,
            number(8, 2)?,
        )?;
        let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
        if second > 59 {
            return None;
        }
        let mut i = 19;
        let mut nanos = 0;
        if at(i) == Some(b'.') {
            let digits = text[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 || digits > 9 {
                return None;
            }
            nanos = number(i + 1, digits)? * 10u32.pow(u32::try_from(9 - digits).ok()?);
            i += 1 + digits;
        }
        let offset = match at(i)? {
            b'Z' if text.len() == i + 1 => 0,
            sign @ (b'+' | b'-') if text.len() == i + 6 && at(i + 3) == Some(b':') => {
                let seconds =
                    i32::try_from(number(i + 1, 2)? * 3600 + number(i + 4, 2)? * 60).ok()?;
                if sign == b'-' { -seconds } else { seconds }
            }
            _ => return None,
        };
        let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
        let offset = FixedOffset::east_opt(offset)?;
        offset.from_local_datetime(&date.and_time(time)).single()
    }

    #[cfg(test)]
    mod tests {
        use chrono::{DateTime, FixedOffset, TimeZone, Timelike, Utc};

        /// What chrono's own `Serialize` writes, for comparison.
        fn by_chrono<Tz: TimeZone>(at: &DateTime<Tz>) -> String
        where
            DateTime<Tz>: serde::Serialize,
        {
            serde_json::to_string(at).unwrap()
        }

        #[derive(serde::Serialize)]
        struct Ours(#[serde(with = "super")] DateTime<FixedOffset>);

        fn by_us<Tz: TimeZone>(at: &DateTime<Tz>) -> String
        where
            DateTime<Tz>: serde::Serialize,
        {
            let mut bytes = Vec::new();
            super::serialize(at, &mut serde_json::Serializer::new(&mut bytes)).unwrap();
            String::from_utf8(bytes).unwrap()
        }

        #[test]
        fn instants_are_written_byte_for_byte_as_chrono_writes_them() {
            // Stored cases, events and digests hold these strings: not one byte may move.
            let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
            let mut next = move || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            let nanos = [
                0,
                5,
                500_000_000,
                123_000_000,
                123_456_000,
                123_456_789,
                1_000,
            ];
            let offsets = [0, 3600, 7200, -34_200, 19_800, -3600, 45, -61, 50_400];
            for i in 0..20_000u64 {
                let seconds = i64::try_from(next() % 400_000_000_000).unwrap() - 62_000_000_000;
                let nano = nanos[usize::try_from(i).unwrap() % nanos.len()];
                let Some(utc) = Utc.timestamp_opt(seconds, nano).single() else {
                    continue;
                };
                assert_eq!(by_us(&utc), by_chrono(&utc), "{utc:?}");
                let offset = offsets[usize::try_from(next() % 9).unwrap()];
                let fixed = utc.with_timezone(&FixedOffset::east_opt(offset).unwrap());
                assert_eq!(by_us(&fixed), by_chrono(&fixed), "{fixed:?}");
                // The stored form too: postcard, where chrono goes through `collect_str`.
                assert_eq!(
                    postcard::to_allocvec(&Ours(fixed)).unwrap(),
                    postcard::to_allocvec(&fixed).unwrap(),
                    "{fixed:?}"
                );
            }
            // A leap second and the far years go to chrono.
            let leap = Utc
                .with_ymd_and_hms(2016, 12, 31, 23, 59, 59)
                .unwrap()
                .with_nanosecond(1_500_000_000);
            if let Some(leap) = leap {
                assert_eq!(by_us(&leap), by_chrono(&leap));
            }
        }

        #[test]
        fn the_quick_path_agrees_with_chrono_or_leaves_it_to_chrono() {
            for text in [
                "2022-03-01T10:00:00Z",
                "2022-03-01T10:00:00.5Z",
                "2022-03-01T10:00:00.123456789Z",
                "2021-09-15T23:59:59+02:00",
                "2021-09-15T00:00:00-09:30",
                "1999-12-31T23:59:59.000001+00:00",
                "2024-02-29T12:00:00Z",
            ] {
                let chrono: DateTime<FixedOffset> = text.parse().unwrap();
                assert_eq!(super::quick(text.as_bytes()), Some(chrono), "{text}");
                assert_eq!(
                    super::quick(text.as_bytes()).map(|a| a.offset().local_minus_utc()),
                    Some(chrono.offset().local_minus_utc()),
                    "{text}"
                );
            }
            for text in [
                "2022-03-01 10:00:00Z",
                "2022-03-01T10:00:00z",
                "2022-03-01T10:00:60Z",
                "2022-02-30T10:00:00Z",
                "2022-03-01T10:00:00.Z",
                "2022-03-01T10:00:00.1234567891Z",
                "2022-03-01T10:00:00",
                "2022-03-01T10:00:00+0200",
                "2022-03-01T10:00:00+02:00 ",
                "2022-03-01T24:00:00Z",
                "+2022-03-01T10:00:00Z",
                "",
            ] {
                assert_eq!(super::quick(text.as_bytes()), None, "{text}");
            }
        }
    }
}
