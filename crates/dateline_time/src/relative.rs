//! Calendar arithmetic against an anchor date, and TIMEX3 value formatting.

use jiff::civil::{Date, Weekday};

/// How many days after the anchor a year-less date may fall and still take
/// the anchor's year (announced plans, a dateline a day ahead); later dates
/// are taken to be last year's.
const FUTURE_SLACK_DAYS: i64 = 7;
/// How many days before the anchor a year-less date in a clause that leans
/// ahead may fall and still take the anchor's year (`through Oct. 19` in a
/// story of Oct. 27 is not next year's).
const PAST_SLACK_DAYS: i64 = 14;

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
    /// The anchor's own, or else the next one (`will meet Friday`).
    Upcoming,
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
        Dir::Future | Dir::Upcoming => {
            let ahead = i64::from(wd.since(anchor.weekday()));
            let ahead = if ahead == 0 && dir == Dir::Future { 7 } else { ahead };
            shift(anchor, ahead, Unit::Day)
        }
    }
}

/// Which occurrence a year-less date or month means, from the clause's tense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lean {
    /// The occurrence nearest to the anchor (news tells of the recent past
    /// and the near future), a date ahead counting double: news tells of the
    /// past more often.
    Nearest,
    /// The occurrence on or after the anchor (`will meet on Dec. 3`, `payable Jan. 2`).
    Future,
    /// The most recent occurrence, at most a few days ahead (`last December`).
    Past,
    /// The clause reports the past (`the year ended Jan. 31`): the nearest
    /// occurrence, a date ahead counting four times.
    Reported,
}

/// A year-less month and day: the year that puts it nearest to the anchor
/// (ties go to the past), or the next/previous occurrence when the clause
/// leans that way.
pub(crate) fn yearless_day(anchor: Date, month: i8, day: i8, lean: Lean) -> Option<Date> {
    occurrence(anchor, |y| Date::new(y, month, day).ok(), lean)
}

/// The occurrence of a yearly day (`on_year` gives it in a year) that
/// `lean` picks around `anchor`, as for [`yearless_day`].
pub(crate) fn occurrence(anchor: Date, on_year: impl Fn(i16) -> Option<Date>, lean: Lean) -> Option<Date> {
    let candidates = [anchor.year() - 1, anchor.year(), anchor.year() + 1].into_iter().filter_map(on_year);
    match lean {
        Lean::Nearest | Lean::Reported => {
            let ahead_weight = if lean == Lean::Reported { 4 } else { 2 };
            candidates.min_by_key(|d| {
                let days = days_between(anchor, *d);
                (if days > 0 { days.saturating_mul(ahead_weight) } else { -days }, days > 0)
            })
        }
        Lean::Future => {
            let limit = shift(anchor, -PAST_SLACK_DAYS, Unit::Day)?;
            candidates.filter(|d| *d >= limit).min()
        }
        Lean::Past => {
            let limit = shift(anchor, FUTURE_SLACK_DAYS, Unit::Day)?;
            candidates.filter(|d| *d <= limit).max()
        }
    }
}

fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(i64::MAX, |s| i64::from(s.get_days()))
}

/// The year of a year-less month: `Nearest` the nearest occurrence, months
/// ahead counting double as for days (up to three months after the anchor's,
/// else up to eight before), `Reported` counting four times (two after),
/// `Future` on or after it, `Past` strictly before it (`last December`),
/// none in the anchor's year (`this September`).
pub(crate) fn yearless_month(anchor: Date, month: i8, lean: Option<Lean>) -> i16 {
    let (y, m) = (anchor.year(), anchor.month());
    let ahead = (month - m).rem_euclid(12);
    let reach = if lean == Some(Lean::Reported) { 2 } else { 3 };
    match lean {
        None => y,
        Some(Lean::Nearest | Lean::Reported) if ahead <= reach => {
            if month < m {
                y + 1
            } else {
                y
            }
        }
        Some(Lean::Future) => {
            if month < m {
                y + 1
            } else {
                y
            }
        }
        Some(Lean::Nearest | Lean::Reported) if month > m => y - 1,
        Some(Lean::Past) if month >= m => y - 1,
        _ => y,
    }
}

/// The day of a holiday in `year`: fixed ones (`Christmas`, `New Year's
/// Day`, `Halloween`), the US ones fixed by weekday (`Thanksgiving` is the
/// fourth Thursday of November, `Memorial Day` the last Monday of May,
/// `Labor Day` the first Monday of September, `Election Day` the Tuesday
/// after the first Monday of November) and Western `Easter`.
pub(crate) fn holiday(name: &str, year: i16) -> Option<Date> {
    let nth = |month: i8, wd: Weekday, n: i8| Date::new(year, month, 1).ok()?.nth_weekday_of_month(n, wd).ok();
    let name = name.to_ascii_lowercase();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.as_str() {
        "christmas" | "christmas day" => Date::new(year, 12, 25).ok(),
        "christmas eve" => Date::new(year, 12, 24).ok(),
        "new year's day" => Date::new(year, 1, 1).ok(),
        "new year's eve" => Date::new(year, 12, 31).ok(),
        "valentine's day" => Date::new(year, 2, 14).ok(),
        "halloween" => Date::new(year, 10, 31).ok(),
        "thanksgiving" | "thanksgiving day" => nth(11, Weekday::Thursday, 4),
        "memorial day" => nth(5, Weekday::Monday, -1),
        "labor day" => nth(9, Weekday::Monday, 1),
        "election day" => nth(11, Weekday::Monday, 1).and_then(|d| shift(d, 1, Unit::Day)),
        "easter" | "easter sunday" => easter(year),
        _ => None,
    }
}

/// Western Easter Sunday of `year` (the anonymous Gregorian computus).
fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
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

/// A count in digits (up to 9999) or English words (`two`, `twenty four`,
/// `forty-five`, `a hundred`, `a couple of`, `a dozen`, `a`/`an`).
pub(crate) fn parse_count(words: &str) -> Option<i64> {
    if let Ok(n) = words.parse::<i64>() {
        return (n <= 9999).then_some(n);
    }
    let lower = words.to_ascii_lowercase();
    let mut total = 0i64;
    let mut any = false;
    for w in lower.split([' ', '-']).filter(|w| !w.is_empty()) {
        if let Some(n) = dateline_core::numbers::word_value(w).filter(|&n| n > 0) {
            total += i64::try_from(n).ok()?;
        } else {
            match w {
                "a" | "an" => total = total.max(1),
                "couple" => total = 2,
                "dozen" => total = total.max(1) * 12,
                "hundred" => total = total.max(1) * 100,
                "thousand" => total = total.max(1) * 1000,
                "of" | "and" => continue,
                _ => return None,
            }
        }
        any = true;
    }
    any.then_some(total)
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
        assert_eq!(weekday(fri, Weekday::Friday, Dir::Upcoming), Some(fri));
        assert_eq!(weekday(fri, Weekday::Tuesday, Dir::Upcoming), Some(date(2023, 10, 24)));
    }

    #[test]
    fn yearless_dates_take_the_nearest_year_unless_the_clause_leans() {
        let a = date(2020, 1, 24);
        let cases = [
            ((1, 5, Lean::Nearest), Some(date(2020, 1, 5))),
            ((1, 28, Lean::Nearest), Some(date(2020, 1, 28))),
            ((12, 3, Lean::Nearest), Some(date(2019, 12, 3))),
            ((5, 1, Lean::Nearest), Some(date(2020, 5, 1))),
            ((6, 1, Lean::Nearest), Some(date(2019, 6, 1))),
            ((1, 14, Lean::Future), Some(date(2020, 1, 14))),
            ((1, 5, Lean::Future), Some(date(2021, 1, 5))),
            ((5, 1, Lean::Reported), Some(date(2019, 5, 1))),
            ((2, 10, Lean::Reported), Some(date(2020, 2, 10))),
            ((7, 30, Lean::Nearest), Some(date(2019, 7, 30))),
            ((12, 3, Lean::Future), Some(date(2020, 12, 3))),
            ((1, 24, Lean::Future), Some(date(2020, 1, 24))),
            ((3, 1, Lean::Past), Some(date(2019, 3, 1))),
            ((1, 28, Lean::Past), Some(date(2020, 1, 28))),
            ((2, 30, Lean::Nearest), None),
        ];
        for ((m, d, lean), want) in cases {
            assert_eq!(yearless_day(a, m, d, lean), want, "{m}/{d} {lean:?}");
        }
        let nov = date(1989, 11, 2);
        assert_eq!(yearless_day(nov, 1, 2, Lean::Nearest), Some(date(1990, 1, 2)));
        assert_eq!(yearless_month(a, 12, Some(Lean::Nearest)), 2019);
        assert_eq!(yearless_month(a, 1, Some(Lean::Nearest)), 2020);
        assert_eq!(yearless_month(a, 4, Some(Lean::Nearest)), 2020);
        assert_eq!(yearless_month(a, 4, Some(Lean::Reported)), 2019);
        assert_eq!(yearless_month(a, 6, Some(Lean::Nearest)), 2019);
        assert_eq!(yearless_month(a, 7, Some(Lean::Nearest)), 2019);
        assert_eq!(yearless_month(a, 1, Some(Lean::Past)), 2019);
        assert_eq!(yearless_month(a, 12, Some(Lean::Future)), 2020);
        assert_eq!(yearless_month(nov, 1, Some(Lean::Future)), 1990);
        assert_eq!(yearless_month(a, 9, None), 2020);
    }

    #[test]
    fn holidays_fall_on_their_days() {
        assert_eq!(holiday("Thanksgiving Day", 1999), Some(date(1999, 11, 25)));
        assert_eq!(holiday("Christmas", 2020), Some(date(2020, 12, 25)));
        assert_eq!(holiday("Memorial Day", 2000), Some(date(2000, 5, 29)));
        assert_eq!(holiday("Labor Day", 1998), Some(date(1998, 9, 7)));
        assert_eq!(holiday("Easter", 2000), Some(date(2000, 4, 23)));
        assert_eq!(holiday("Easter", 2024), Some(date(2024, 3, 31)));
        assert_eq!(holiday("Election Day", 1998), Some(date(1998, 11, 3)));
        assert_eq!(holiday("Election Day", 2016), Some(date(2016, 11, 8)));
        assert_eq!(holiday("Diwali", 2024), None);
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
        assert_eq!(parse_count("10000"), None);
        assert_eq!(parse_count("twenty four"), Some(24));
        assert_eq!(parse_count("forty-five"), Some(45));
        assert_eq!(parse_count("a hundred"), Some(100));
        assert_eq!(parse_count("a couple of"), Some(2));
        assert_eq!(parse_count("a dozen"), Some(12));
        assert_eq!(parse_count("few"), None);
        assert_eq!(parse_weekday("Friday"), Some(Weekday::Friday));
        assert_eq!(Unit::parse("Years"), Some(Unit::Year));
    }
}
