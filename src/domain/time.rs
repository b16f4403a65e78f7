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
