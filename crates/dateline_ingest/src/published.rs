//! Publication dates: parsing the shapes metadata gives them in, and dates in URLs.

use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// `2020-01-24`, `2020-01-24T10:00:00Z`, `2020/01/24`, `2020.01.24`.
static ISO: LazyLock<Regex> = LazyLock::new(|| crate::regex(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[^0-9])"));
/// `20200124`, `20200124T100000Z`.
static COMPACT: LazyLock<Regex> = LazyLock::new(|| crate::regex(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[^0-9])"));
/// `Fri, 24 Jan 2020 10:00:00 GMT`, `24 January 2020`, `26-FEB-1987`.
static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([a-z]{3,9})\.?[\s\-,]+(\d{4})\b"));
/// `January 24, 2020`, `Jan. 24 2020`.
pub(crate) static MONTH_DAY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"));
/// `/2020/01/24/`, `/2020-01-24-`, `/20200124/` inside a URL path.
static URL_DATE: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"/((?:19|20)\d{2})([/_-]?)(\d{1,2})([/_-]?)(\d{1,2})(?:[/_.-]|$)"));

pub(crate) use dateline_core::calendar::month_number;

/// A calendar date from numbers, when they make one (years 1800 to 2199).
pub(crate) fn make_date(year: &str, month: i8, day: &str) -> Option<Date> {
    let year: i16 = year.parse().ok()?;
    let day: i8 = day.parse().ok()?;
    if !(1800..2200).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// The day a metadata date string names: ISO 8601 dates and timestamps, RFC 2822,
/// `24 January 2020`, `January 24, 2020`, `26-FEB-1987`.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    if let Some(c) = ISO.captures(s).or_else(|| COMPACT.captures(s)) {
        return make_date(&c[1], c[2].parse().ok()?, &c[3]);
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s)
        && let Some(m) = month_number(&c[2])
    {
        return make_date(&c[3], m, &c[1]);
    }
    let c = MONTH_DAY_YEAR.captures(s)?;
    make_date(&c[3], month_number(&c[1])?, &c[2])
}

/// A date string with its day parsed, and the full string kept when it says more than the day.
pub(crate) fn parse_published(s: &str) -> Option<(Date, Option<String>)> {
    Some(stamped(parse_date(s)?, s))
}

/// A day with the string that gave it, kept when it says more than the day (a time, a zone).
pub(crate) fn stamped(date: Date, s: &str) -> (Date, Option<String>) {
    let s = s.trim();
    (date, (s.len() > 10).then(|| s.to_string()))
}

/// A date in a URL's path (`/2020/01/24/`, `/2020-01-24-slug`).
pub(crate) fn url_date(url: &str) -> Option<Date> {
    let path_start = url.find("://").map_or(0, |i| i + 3);
    let path = url.get(path_start..)?;
    let path = path.get(path.find('/')?..)?;
    let path = path.split(['?', '#']).next()?;
    URL_DATE.captures_iter(path).find_map(|c| {
        // Both separators present or both absent (`/2020/01/24`, `/20200124`).
        if c[2] != c[4] || (c[2].is_empty() && (c[3].len() != 2 || c[5].len() != 2)) {
            return None;
        }
        make_date(&c[1], c[3].parse().ok()?, &c[5])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn metadata_shapes() {
        assert_eq!(parse_date("2020-01-24"), Some(date(2020, 1, 24)));
        assert_eq!(parse_date("2020-01-24T10:03:00+03:00"), Some(date(2020, 1, 24)));
        assert_eq!(parse_date("Fri, 24 Jan 2020 10:00:00 GMT"), Some(date(2020, 1, 24)));
        assert_eq!(parse_date("January 24, 2020"), Some(date(2020, 1, 24)));
        assert_eq!(parse_date("26-FEB-1987 15:01:01.79"), Some(date(1987, 2, 26)));
        assert_eq!(parse_date("1987-02-26"), Some(date(1987, 2, 26)));
        assert_eq!(parse_date("2020-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("24 Janitor 2020"), None);
    }

    #[test]
    fn published_keeps_timestamps() {
        assert_eq!(parse_published("2020-01-24"), Some((date(2020, 1, 24), None)));
        assert_eq!(
            parse_published("2020-01-25 00:00:00"),
            Some((date(2020, 1, 25), Some("2020-01-25 00:00:00".to_string())))
        );
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(url_date("https://x.com/news/2020/01/24/sadr-march"), Some(date(2020, 1, 24)));
        assert_eq!(url_date("https://x.com/2020-01-24-sadr-march.html"), Some(date(2020, 1, 24)));
        assert_eq!(url_date("https://x.com/a/20200124/b"), Some(date(2020, 1, 24)));
        assert_eq!(url_date("https://x.com/reuters/1987"), None);
        assert_eq!(url_date("https://2020.com/"), None);
    }
}
