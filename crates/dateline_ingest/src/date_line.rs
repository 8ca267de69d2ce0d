//! A line near the top of a text that says only when it was published:
//! `First Published: June 13, 2013 4:59 PM EDT`, `Fri., May. 3, 2013 11:45 AM PDT`,
//! `05/02/2013`, `8:56am Monday 10th June 2013`, `10 June 2013 Last updated at 14:00 GMT`.
//!
//! Pages copied to text keep such a line under the headline, often without the
//! blank lines or the `Published:` label the header lines need. A line counts
//! when a calendar date is in it and every other word is a weekday, a time of
//! day, a time zone or a publishing label: a sentence that mentions a date is
//! never one.

use crate::published::{MONTH_DAY_YEAR, make_date, stamped};
use dateline_core::calendar::month_number;
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// Lines of a text looked at, counting the headline.
const LINES_LOOKED_AT: usize = 6;
/// Longest line (in bytes) that may be a date line.
const LONGEST_LINE: usize = 80;

/// `14 June 2013`, `09th June 2013`, `7 July, 2012`, `14 of June 2013` (the metadata shape
/// of [`crate::published`] also takes hyphens, `26-FEB-1987`, which a line of text does not need).
static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b"));
/// `2012-04-04`, `2012-04-04T11:47:35Z`.
static ISO: LazyLock<Regex> = LazyLock::new(|| crate::regex(r"\b(\d{4})-(\d{2})-(\d{2})(?:\b|T)"));
/// `05/02/2013`, `12/23/12`: month first, unless the first number cannot be a month.
static SLASHED: LazyLock<Regex> = LazyLock::new(|| crate::regex(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"));
/// `08. 07. 2012`, `08.07.2012`: day first, as where dots separate dates.
static DOTTED: LazyLock<Regex> = LazyLock::new(|| crate::regex(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"));
/// `4:59 PM`, `08:45`, `5:03p`, `1:10PM`, `2 A. M.`, `11:47:35`, `02. 16PM`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    crate::regex(r"(?i)\b\d{1,2}(?:(?::|\.\s?)\d{2}){1,2}(?:\s*[ap]\.?(?:\s?m\b\.?)?)?|\b\d{1,2}\s*[ap]\.?\s?m\b\.?")
});

/// Words a date line may hold beside its date and times.
const LINE_WORDS: &[&str] = &[
    "a",
    "am",
    "article",
    "at",
    "cdt",
    "cest",
    "cet",
    "cst",
    "ct",
    "date",
    "dated",
    "edt",
    "est",
    "et",
    "first",
    "for",
    "found",
    "gmt",
    "immediate",
    "ist",
    "last",
    "m",
    "mdt",
    "modified",
    "mst",
    "mt",
    "on",
    "originally",
    "p",
    "pdt",
    "pm",
    "posted",
    "pst",
    "pt",
    "published",
    "release",
    "released",
    "t",
    "update",
    "updated",
    "utc",
    "bst",
    "z",
    "created",
];
/// Weekday names and their abbreviations.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "weds",
];

/// The publication date on one of the first lines of `text`, with that line
/// when it says more than the day.
pub(crate) fn find(text: &str) -> Option<(Date, Option<String>)> {
    text.lines()
        .take(LINES_LOOKED_AT)
        .map(str::trim)
        .filter(|l| !l.is_empty() && l.len() <= LONGEST_LINE)
        .find_map(|l| date_line(l).map(|d| stamped(d, l)))
}

/// The date of a line that says nothing but when.
fn date_line(line: &str) -> Option<Date> {
    let mut first: Option<(usize, Date)> = None;
    let mut rest = line.to_string();
    for (shape, read) in SHAPES {
        for c in shape.captures_iter(line) {
            let (Some(whole), Some(date)) = (c.get(0), read(&c)) else { continue };
            if first.is_none_or(|(at, _)| whole.start() < at) {
                first = Some((whole.start(), date));
            }
            // Blanked out in place, so that the other matches' offsets still hold.
            if rest.get(whole.range()).is_some() {
                rest.replace_range(whole.range(), &" ".repeat(whole.len()));
            }
        }
    }
    let (_, date) = first?;
    let rest = TIME.replace_all(&rest, " ");
    let only_when = rest.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| {
        let w = w.to_lowercase();
        LINE_WORDS.contains(&w.as_str()) || WEEKDAYS.contains(&w.as_str())
    });
    only_when.then_some(date)
}

type Reader = fn(&regex::Captures<'_>) -> Option<Date>;

/// The date shapes of a date line and how each reads.
static SHAPES: [(&LazyLock<Regex>, Reader); 5] = [
    (&MONTH_DAY_YEAR, |c| make_date(&c[3], month_number(&c[1])?, &c[2])),
    (&DAY_MONTH_YEAR, |c| make_date(&c[3], month_number(&c[2])?, &c[1])),
    (&ISO, |c| make_date(&c[1], c[2].parse().ok()?, &c[3])),
    (&SLASHED, |c| {
        let (a, b): (i8, i8) = (c[1].parse().ok()?, c[2].parse().ok()?);
        let year = if c[3].len() == 2 { format!("20{}", &c[3]) } else { c[3].to_string() };
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        make_date(&year, month, &day.to_string())
    }),
    (&DOTTED, |c| make_date(&c[3], c[2].parse().ok()?, &c[1])),
];

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn lines_that_only_say_when() {
        for (line, day) in [
            ("First Published: June 13, 2013 4:59 PM EDT", date(2013, 6, 13)),
            ("Fri., May. 3, 2013 11:45 AM PDT", date(2013, 5, 3)),
            ("PUBLISHED: THURSDAY, MAY 2, 2013, 1:32 PM", date(2013, 5, 2)),
            ("05/02/2013", date(2013, 5, 2)),
            ("On Tue, 16/08/2011-13:42", date(2011, 8, 16)),
            ("12/23/12 06:03 PM ET EST", date(2012, 12, 23)),
            ("8:56am Monday 10th June 2013", date(2013, 6, 10)),
            ("10 June 2013 Last updated at 14:00 GMT", date(2013, 6, 10)),
            ("Article posted on 08. 07. 2012", date(2012, 7, 8)),
            ("10:55 P. M. FEB. 2, 2009", date(2009, 2, 2)),
            ("published: 2012-04-04 11:47:35", date(2012, 4, 4)),
            ("2012-04-04T11:47:35Z", date(2012, 4, 4)),
            ("on Dec 23 2012, 5:03p", date(2012, 12, 23)),
            ("on July 13, 2009 at 10:50 AM, updated July 29, 2009 at 12:16 PM", date(2009, 7, 13)),
            ("FOR IMMEDIATE RELEASE July 13, 2009", date(2009, 7, 13)),
        ] {
            assert_eq!(date_line(line), Some(day), "{line}");
        }
    }

    #[test]
    fn sentences_and_undated_lines_are_not_date_lines() {
        for line in [
            "Lindsay Lohan checked into rehab on May 2, 2013.",
            "Washington D. C., Jul 13, 2009/02:00 pm (CNA)",
            "Posted 1 year, 160 days ago",
            "Dec. 24 4:33 AM EST",
            "Reuters Sep 18, 2013, 02. 16PM IST",
            "13/13/2013",
        ] {
            assert_eq!(date_line(line), None, "{line}");
        }
    }

    #[test]
    fn the_line_must_be_near_the_top() {
        let text = "Lindsay Lohan Checks Into Rehab\nMay 3, 2013 | 8:20 am\nLindsay Lohan's attorney said Thursday.";
        assert_eq!(find(text), Some((date(2013, 5, 3), Some("May 3, 2013 | 8:20 am".to_string()))));
        let deep = format!("{}May 3, 2013\n", "A line of the body.\n".repeat(LINES_LOOKED_AT));
        assert_eq!(find(&deep), None);
    }
}
