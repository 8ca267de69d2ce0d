//! Day numbers and the day intervals TIMEX3 date values cover.
//!
//! Linking compares dates a lot; plain day numbers (days since 1970-01-01)
//! make that integer arithmetic.

use dateline_core::DatePrecision;
use jiff::civil::Date;

/// Days since 1970-01-01 (Hinnant's `days_from_civil`).
pub(crate) fn day_number(date: Date) -> i32 {
    from_ymd(i32::from(date.year()), i32::from(date.month()), i32::from(date.day()))
}

fn from_ymd(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (Hinnant's `civil_from_days`).
pub(crate) fn date_of(days: i32) -> Option<Date> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Day of the week, 0 = Monday.
pub(crate) fn weekday(days: i32) -> i32 {
    (days + 3).rem_euclid(7)
}

/// The Monday of the ISO week that holds `days`.
pub(crate) fn monday(days: i32) -> i32 {
    days - weekday(days)
}

/// The first day of the month after the one that holds `days`, and the last day of that month.
pub(crate) fn next_month(days: i32) -> Option<(i32, i32)> {
    let date = date_of(days)?;
    let (y, m) = (i32::from(date.year()), i32::from(date.month()));
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let (ay, am) = if nm == 12 { (ny + 1, 1) } else { (ny, nm + 1) };
    Some((from_ymd(ny, nm, 1), from_ymd(ay, am, 1) - 1))
}

/// The closed interval of day numbers a TIMEX3 date value covers.
pub(crate) fn interval(value: &str, precision: DatePrecision) -> Option<(i32, i32)> {
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<i32>().ok());
    let mut parts = value.split('-');
    let year = num(parts.next())?;
    match precision {
        DatePrecision::Year => Some((from_ymd(year, 1, 1), from_ymd(year + 1, 1, 1) - 1)),
        DatePrecision::Month => {
            let month = num(parts.next()).filter(|m| (1..=12).contains(m))?;
            let next = if month == 12 { from_ymd(year + 1, 1, 1) } else { from_ymd(year, month + 1, 1) };
            Some((from_ymd(year, month, 1), next - 1))
        }
        DatePrecision::Week => {
            let week = num(parts.next().and_then(|w| w.strip_prefix('W'))).filter(|w| (1..=53).contains(w))?;
            let start = monday(from_ymd(year, 1, 4)) + 7 * (week - 1);
            Some((start, start + 6))
        }
        DatePrecision::Day => {
            let month = num(parts.next()).filter(|m| (1..=12).contains(m))?;
            let day = num(parts.next()).filter(|d| (1..=31).contains(d))?;
            let n = from_ymd(year, month, day);
            Some((n, n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number(d("1970-01-01")), 0);
        assert_eq!(day_number(d("2020-01-24")) - day_number(d("2020-01-03")), 21);
        for s in ["1600-02-29", "2020-02-29", "2023-10-27", "2100-12-31"] {
            assert_eq!(date_of(day_number(d(s))), Some(d(s)));
        }
    }

    #[test]
    fn weekdays_and_weeks() {
        let fri = day_number(d("2023-10-20"));
        assert_eq!(weekday(fri), 4);
        assert_eq!(date_of(monday(fri)), Some(d("2023-10-16")));
        assert_eq!(
            next_month(fri).map(|(a, b)| (date_of(a), date_of(b))),
            Some((Some(d("2023-11-01")), Some(d("2023-11-30"))))
        );
    }

    #[test]
    fn timex_intervals() {
        let n = |s| day_number(d(s));
        assert_eq!(interval("2020-W04", DatePrecision::Week), Some((n("2020-01-20"), n("2020-01-26"))));
        assert_eq!(interval("2020-02", DatePrecision::Month), Some((n("2020-02-01"), n("2020-02-29"))));
        assert_eq!(interval("2020", DatePrecision::Year), Some((n("2020-01-01"), n("2020-12-31"))));
        assert_eq!(interval("2020-01-24", DatePrecision::Day), Some((n("2020-01-24"), n("2020-01-24"))));
        assert_eq!(interval("PRESENT_REF", DatePrecision::Day), None);
    }
}
