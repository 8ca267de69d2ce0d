//! Calendar arithmetic against an anchor date, and TIMEX3 value formatting.

use jiff::civil::{Date, Weekday};

/// How many days after the anchor a year-less date may fall and still take
/// the anchor's year (announced plans, a dateline a day ahead); later dates
/// are taken to be last year's.
const FUTURE_SLACK_DAYS: i64 = 7;

/// A calendar unit of a relative expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    /// The unit named by a word (`days`, `Week`, ...).
    pub(crate) fn parse(word: &str) -> Option<Unit> {
        let w = word.to_ascii_lowercase();
        match w.trim_end_matches('s') {
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        }
    }
}

/// Which occurrence of a weekday, month or period is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Strictly before the anchor's (`last Friday`, `last week`).
    Past,
    /// The anchor's own, or else the most recent one before it (`on Friday`, `this week`).
    Current,
    /// Strictly after the anchor's (`next Friday`, `next week`).
    Future,
}

/// `date` moved by `n` units (negative `n` moves back).
pub(crate) fn shift(date: Date, n: i64, unit: Unit) -> Option<Date> {
    let span = match unit {
        Unit::Day => jiff::Span::new().try_days(n).ok()?,
        Unit::Week => jiff::Span::new().try_weeks(n).ok()?,
        Unit::Month => jiff::Span::new().try_months(n).ok()?,
        Unit::Year => jiff::Span::new().try_years(n).ok()?,
    };
    date.checked_add(span).ok()
}

/// The weekday `wd` relative to `anchor`: on `Current` the anchor itself when
/// it is that weekday, else the most recent one before it.
pub(crate) fn weekday(anchor: Date, wd: Weekday, dir: Dir) -> Option<Date> {
    let back = i64::from(anchor.weekday().since(wd));
    match dir {
        Dir::Current => shift(anchor, -back, Unit::Day),
        Dir::Past => shift(anchor, -(if back == 0 { 7 } else { back }), Unit::Day),
        Dir::Future => {
            let ahead = i64::from(wd.since(anchor.weekday()));
            shift(anchor, if ahead == 0 { 7 } else { ahead }, Unit::Day)
        }
    }
}

/// A year-less month and day: the anchor's year, unless that puts the date
/// more than [`FUTURE_SLACK_DAYS`] after the anchor, then the year before.
pub(crate) fn yearless_day(anchor: Date, month: i8, day: i8) -> Option<Date> {
    let this_year = Date::new(anchor.year(), month, day).ok()?;
    let limit = shift(anchor, FUTURE_SLACK_DAYS, Unit::Day)?;
    if this_year > limit { Date::new(anchor.year() - 1, month, day).ok() } else { Some(this_year) }
}

/// The year of a year-less month: on `Current` the most recent such month
/// not after the anchor's, on `Past` strictly before, on `Future` strictly after.
pub(crate) fn yearless_month(anchor: Date, month: i8, dir: Dir) -> i16 {
    let (y, m) = (anchor.year(), anchor.month());
    match dir {
        Dir::Current if month > m => y - 1,
        Dir::Past if month >= m => y - 1,
        Dir::Future if month <= m => y + 1,
        _ => y,
    }
}

/// The TIMEX3 value of the `unit` period containing `date`.
pub(crate) fn period_value(date: Date, unit: Unit) -> String {
    match unit {
        Unit::Day => day_value(date),
        Unit::Week => {
            let iso = date.iso_week_date();
            format!("{:04}-W{:02}", iso.year(), iso.week())
        }
        Unit::Month => format!("{:04}-{:02}", date.year(), date.month()),
        Unit::Year => format!("{:04}", date.year()),
    }
}

/// `2020-01-24`.
pub(crate) fn day_value(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The weekday named by a capitalized English word.
pub(crate) fn parse_weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        "Sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// A small count: digits (up to 999), `one` to `twelve`, `a`/`an`.
pub(crate) fn parse_count(word: &str) -> Option<i64> {
    if let Ok(n) = word.parse::<i64>() {
        return (n <= 999).then_some(n);
    }
    const WORDS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let w = word.to_ascii_lowercase();
    if w == "a" || w == "an" {
        return Some(1);
    }
    WORDS.iter().position(|x| *x == w).and_then(|i| i64::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weekdays_resolve_backwards_unless_same_day() {
        let fri = date(2023, 10, 20);
        assert_eq!(weekday(fri, Weekday::Friday, Dir::Current), Some(fri));
        assert_eq!(weekday(fri, Weekday::Thursday, Dir::Current), Some(date(2023, 10, 19)));
        assert_eq!(weekday(fri, Weekday::Saturday, Dir::Current), Some(date(2023, 10, 14)));
        assert_eq!(weekday(fri, Weekday::Friday, Dir::Past), Some(date(2023, 10, 13)));
        assert_eq!(weekday(fri, Weekday::Friday, Dir::Future), Some(date(2023, 10, 27)));
        assert_eq!(weekday(fri, Weekday::Monday, Dir::Future), Some(date(2023, 10, 23)));
    }

    #[test]
    fn yearless_dates_take_the_most_recent_year() {
        let a = date(2020, 1, 24);
        assert_eq!(yearless_day(a, 1, 5), Some(date(2020, 1, 5)));
        assert_eq!(yearless_day(a, 1, 28), Some(date(2020, 1, 28)));
        assert_eq!(yearless_day(a, 12, 3), Some(date(2019, 12, 3)));
        assert_eq!(yearless_day(a, 2, 30), None);
        assert_eq!(yearless_month(a, 12, Dir::Current), 2019);
        assert_eq!(yearless_month(a, 1, Dir::Current), 2020);
        assert_eq!(yearless_month(a, 1, Dir::Past), 2019);
    }

    #[test]
    fn periods_format_as_timex() {
        let d = date(2023, 10, 20);
        assert_eq!(period_value(d, Unit::Week), "2023-W42");
        assert_eq!(period_value(date(2021, 1, 1), Unit::Week), "2020-W53");
        assert_eq!(period_value(d, Unit::Month), "2023-10");
        assert_eq!(period_value(d, Unit::Year), "2023");
    }

    #[test]
    fn counts_and_names() {
        assert_eq!(parse_count("Two"), Some(2));
        assert_eq!(parse_count("twelve"), Some(12));
        assert_eq!(parse_count("an"), Some(1));
        assert_eq!(parse_count("1000"), None);
        assert_eq!(parse_weekday("Friday"), Some(Weekday::Friday));
        assert_eq!(Unit::parse("Years"), Some(Unit::Year));
    }
}
