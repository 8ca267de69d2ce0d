//! Finding time expressions in text and normalizing them to TIMEX3 values.
//!
//! Each family of expressions is one [`Rule`]: a regex (built once) and a
//! function that turns a match into a [`Found`] against the anchor. All rules
//! run over the text, overlapping matches are resolved longest first, and a
//! last pass resolves the expressions that are relative to another one
//! (`two days after`).

use crate::relative::{
    Dir, Unit, day_value, parse_count, parse_weekday, period_value, shift, weekday, yearless_day, yearless_month,
};
use dateline_core::calendar::month_number;
use dateline_core::{Span, TimeAnchor, TimeExpr, TimexType};
use jiff::civil::Date;
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A month name, or an abbreviation with an optional period, capitalized.
const MON: &str = r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)";
/// A plausible year of news text.
const YEAR: &str = r"(?P<y>(?:1[89]|20)\d\d)";
/// A small count in digits or words.
const NUM: &str = r"(?P<n>\d{1,3}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?))";
/// The farthest (in bytes) a reference expression looks back for its reference.
const REFERENCE_REACH: usize = 250;

/// A candidate expression before overlap resolution.
#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    value: String,
    kind: TimexType,
    anchor: TimeAnchor,
    implausible: bool,
    /// Set for `N units after/before/later/earlier`, resolved in a last pass.
    reference: Option<Reference>,
}

/// An offset from another expression: `two days after`.
#[derive(Clone, Copy, Debug)]
struct Reference {
    n: i64,
    unit: Unit,
    /// `after`, `before`, `later` or `earlier`.
    word: RefWord,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefWord {
    After,
    Before,
    Later,
    Earlier,
}

type Build = fn(&Captures<'_>, Option<Date>) -> Option<Found>;

struct Rule {
    re: Regex,
    build: Build,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rules: [(String, Build); 15] = [
        (r"\b(?P<x>(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))\b".into(), numeric_date),
        (r"\b(?P<x>(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}))\b".into(), numeric_date),
        (
            format!(r"\b(?P<x>(?:(?i:on)\s+)?{MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{YEAR}\b)?)"),
            named_date,
        ),
        (
            format!(
                r"\b(?P<x>(?:(?i:on)\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?i:of)\s+)?{MON}(?:,?\s+{YEAR}\b)?)"
            ),
            named_date,
        ),
        (format!(r"\b(?P<x>(?:(?i:early|late|mid)[- ]?)?{MON}\s+(?:(?i:of)\s+)?{YEAR})\b"), month_year),
        (
            format!(
                r"\b(?P<pre>(?i:in|since|by|until|till|during|from|of)\s+)?(?P<x>(?:(?P<rel>(?i:last|this|next))\s+)?(?P<mod>(?i:early|late|mid)[- ]?)?{MON})(?P<num>\s*\d)?"
            ),
            month_alone,
        ),
        (
            format!(
                r"\b(?P<pre>(?i:in|since|of|the|until|till|by|from|during|before|after|around|between|and|to|than|year)\s+)?(?P<x>(?P<mod>(?i:early|late|mid)[- ]?)?{YEAR})\b(?P<post>,\d|\.\d|-\w|%)?"
            ),
            year,
        ),
        (format!(r"\b(?P<x>(?P<s>(?i:spring|summer|autumn|fall|winter))\s+(?:(?i:of)\s+)?{YEAR})\b"), season),
        (
            r"\b(?P<x>(?P<mods>(?:(?i:on|late|early|last|this|next)\s+){0,2})(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?i:morning|afternoon|evening|night))?)\b"
                .into(),
            weekday_expr,
        ),
        (
            r"\b(?P<x>(?i:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night))\b".into(),
            deictic_day,
        ),
        (
            r"\b(?P<x>(?:(?i:earlier|later)\s+)?(?P<rel>(?i:last|this|next|previous|coming))\s+(?P<u>(?i:week|month|year)))\b"
                .into(),
            deictic_period,
        ),
        (
            r"\b(?P<x>(?i:recently|now|currently|nowadays|at\s+present|these\s+days|in\s+the\s+past|in\s+the\s+future))\b"
                .into(),
            present_past_future,
        ),
        (format!(r"\b(?P<x>{NUM}\s+(?P<u>(?i:day|week|month|year))s?\s+(?i:ago))\b"), ago),
        (
            format!(r"\b(?P<x>{NUM}\s+(?P<u>(?i:day|week|month|year))s?\s+(?P<dir>(?i:after|before|later|earlier)))\b"),
            reference,
        ),
        (
            r"\b(?P<x>(?P<n>\d{1,3}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?|a\s+few|several|many))\s+(?P<u>(?i:minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)))\b(?P<old>\s+(?i:old))?"
                .into(),
            duration,
        ),
    ];
    rules.into_iter().filter_map(|(pattern, build)| Regex::new(&pattern).ok().map(|re| Rule { re, build })).collect()
});

/// Finds the time expressions in `text` and normalizes them against `anchor`
/// (the publication date), in text order.
///
/// Expressions that need the anchor (`on Friday`, `Oct. 7`, `last week`) get
/// [`TimeAnchor::Published`]; complete dates [`TimeAnchor::Absolute`];
/// offsets from another expression (`two days after`, resolved against the
/// expression just before it, or the date right after it) get
/// [`TimeAnchor::Reference`]. Without an anchor, anchor-relative expressions
/// are kept with an **underspecified** TIMEX3 value and [`TimeAnchor::None`]:
/// `XXXX-10-07` for `Oct. 7`, `XXXX-WXX-5` for `Friday`, `XXXX-WXX` for
/// `last week`, `XXXX-XX` for `this month`, `XXXX` for `last year`,
/// `XXXX-XX-XX` for `yesterday`; reference expressions whose reference has no
/// full date are skipped.
pub fn normalize(text: &str, anchor: Option<Date>) -> Vec<TimeExpr> {
    let mut found: Vec<Found> = RULES
        .iter()
        .flat_map(|rule| rule.re.captures_iter(text).filter_map(move |c| (rule.build)(&c, anchor)))
        .collect();
    found.sort_by_key(|f| (std::cmp::Reverse(f.end - f.start), f.start));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if kept.iter().all(|k| f.end <= k.start || k.end <= f.start) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.start);
    resolve_references(text, kept)
        .into_iter()
        .map(|f| TimeExpr {
            span: Span::new(f.start, f.end),
            value: f.value,
            kind: f.kind,
            anchor: f.anchor,
            implausible: f.implausible,
        })
        .collect()
}

/// Resolves `two days after <date>` (that date + 2) and `<date> ... two days
/// after <clause>` (the clause is two days before the date); drops the
/// reference expressions that have nothing to refer to.
fn resolve_references(text: &str, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut iter = found.into_iter().peekable();
    while let Some(mut f) = iter.next() {
        let Some(r) = f.reference else {
            out.push(f);
            continue;
        };
        let next_date = iter.peek().filter(|n| {
            n.reference.is_none()
                && text.get(f.end..n.start).is_some_and(|gap| gap.trim().is_empty())
                && full_date(&n.value).is_some()
        });
        let resolved = if let Some(n) = next_date {
            let sign = if r.word == RefWord::Before || r.word == RefWord::Earlier { -1 } else { 1 };
            let value = full_date(&n.value).and_then(|d| shift(d, sign * r.n, r.unit));
            let end = n.end;
            value.map(|d| (d, end, true))
        } else {
            let prev = out.iter().rev().find(|p| {
                p.reference.is_none()
                    && f.start - p.end <= REFERENCE_REACH
                    && text.get(p.end..f.start).is_some_and(|gap| !gap.contains('\n'))
            });
            let sign = if r.word == RefWord::After || r.word == RefWord::Earlier { -1 } else { 1 };
            prev.and_then(|p| full_date(&p.value)).and_then(|d| shift(d, sign * r.n, r.unit)).map(|d| (d, f.end, false))
        };
        if let Some((date, end, consumed_next)) = resolved {
            if consumed_next {
                iter.next();
            }
            f.end = end;
            f.value = day_value(date);
            f.anchor = TimeAnchor::Reference;
            f.reference = None;
            out.push(f);
        }
    }
    out
}

/// The date of a day-precision value.
fn full_date(value: &str) -> Option<Date> {
    if value.len() == 10 { value.parse().ok() } else { None }
}

fn found(c: &Captures<'_>, value: String, kind: TimexType, anchor: TimeAnchor) -> Option<Found> {
    let m = c.name("x").or_else(|| c.get(0))?;
    Some(Found { start: m.start(), end: m.end(), value, kind, anchor, implausible: false, reference: None })
}

fn date_found(c: &Captures<'_>, value: String, anchor: TimeAnchor) -> Option<Found> {
    found(c, value, TimexType::Date, anchor)
}

fn group_num<T: std::str::FromStr>(c: &Captures<'_>, name: &str) -> Option<T> {
    c.name(name)?.as_str().parse().ok()
}

/// A complete date is implausible when it falls on the anchor's month and
/// day in another year: a stale template or caption (`January 24, 2019` in a
/// story of 2020-01-24).
fn implausible(date: Date, anchor: Option<Date>) -> bool {
    anchor.is_some_and(|a| a.year() != date.year() && a.month() == date.month() && a.day() == date.day())
}

fn absolute_day(c: &Captures<'_>, date: Date, anchor: Option<Date>) -> Option<Found> {
    let mut f = date_found(c, day_value(date), TimeAnchor::Absolute)?;
    f.implausible = implausible(date, anchor);
    Some(f)
}

fn numeric_date(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let date = Date::new(group_num(c, "y")?, group_num(c, "m")?, group_num(c, "d")?).ok()?;
    absolute_day(c, date, anchor)
}

fn named_date(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let month = month_number(c.name("mon")?.as_str())?;
    let day: i8 = group_num(c, "d")?;
    if let Some(y) = group_num::<i16>(c, "y") {
        return absolute_day(c, Date::new(y, month, day).ok()?, anchor);
    }
    match anchor {
        Some(a) => date_found(c, day_value(yearless_day(a, month, day)?), TimeAnchor::Published),
        None => {
            Date::new(2000, month, day).ok()?;
            date_found(c, format!("XXXX-{month:02}-{day:02}"), TimeAnchor::None)
        }
    }
}

fn month_year(c: &Captures<'_>, _: Option<Date>) -> Option<Found> {
    let month = month_number(c.name("mon")?.as_str())?;
    let y: i16 = group_num(c, "y")?;
    date_found(c, format!("{y:04}-{month:02}"), TimeAnchor::Absolute)
}

fn month_alone(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let has_context = c.name("pre").is_some() || c.name("rel").is_some() || c.name("mod").is_some();
    if !has_context || c.name("num").is_some() {
        return None;
    }
    let month = month_number(c.name("mon")?.as_str())?;
    let dir = match c.name("rel").map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
        Some("last") => Dir::Past,
        Some("next") => Dir::Future,
        _ => Dir::Current,
    };
    match anchor {
        Some(a) => date_found(c, format!("{:04}-{month:02}", yearless_month(a, month, dir)), TimeAnchor::Published),
        None => date_found(c, format!("XXXX-{month:02}"), TimeAnchor::None),
    }
}

fn year(c: &Captures<'_>, _: Option<Date>) -> Option<Found> {
    if (c.name("pre").is_none() && c.name("mod").is_none()) || c.name("post").is_some() {
        return None;
    }
    date_found(c, c.name("y")?.as_str().to_owned(), TimeAnchor::Absolute)
}

fn season(c: &Captures<'_>, _: Option<Date>) -> Option<Found> {
    let code = match c.name("s")?.as_str().to_ascii_lowercase().as_str() {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        _ => "WI",
    };
    date_found(c, format!("{}-{code}", c.name("y")?.as_str()), TimeAnchor::Absolute)
}

fn weekday_expr(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let wd = parse_weekday(c.name("wd")?.as_str())?;
    let mods = c.name("mods").map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default();
    let dir = if mods.contains("last") {
        Dir::Past
    } else if mods.contains("next") {
        Dir::Future
    } else {
        Dir::Current
    };
    match anchor {
        Some(a) => date_found(c, day_value(weekday(a, wd, dir)?), TimeAnchor::Published),
        None => date_found(c, format!("XXXX-WXX-{}", wd.to_monday_one_offset()), TimeAnchor::None),
    }
}

fn deictic_day(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let word = c.name("x")?.as_str().to_ascii_lowercase();
    let offset = if word == "yesterday" || word.starts_with("last") {
        -1
    } else if word == "tomorrow" {
        1
    } else {
        0
    };
    match anchor {
        Some(a) => date_found(c, day_value(shift(a, offset, Unit::Day)?), TimeAnchor::Published),
        None => date_found(c, "XXXX-XX-XX".into(), TimeAnchor::None),
    }
}

fn deictic_period(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let unit = Unit::parse(c.name("u")?.as_str())?;
    let offset = match c.name("rel")?.as_str().to_ascii_lowercase().as_str() {
        "last" | "previous" => -1,
        "next" | "coming" => 1,
        _ => 0,
    };
    match anchor {
        Some(a) => date_found(c, period_value(shift(a, offset, unit)?, unit), TimeAnchor::Published),
        None => {
            let value = match unit {
                Unit::Week => "XXXX-WXX",
                Unit::Month => "XXXX-XX",
                _ => "XXXX",
            };
            date_found(c, value.into(), TimeAnchor::None)
        }
    }
}

fn present_past_future(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let word = c.name("x")?.as_str().to_ascii_lowercase();
    let value = if word.ends_with("past") {
        "PAST_REF"
    } else if word.ends_with("future") {
        "FUTURE_REF"
    } else {
        "PRESENT_REF"
    };
    let how = if anchor.is_some() { TimeAnchor::Published } else { TimeAnchor::None };
    date_found(c, value.into(), how)
}

fn ago(c: &Captures<'_>, anchor: Option<Date>) -> Option<Found> {
    let n = parse_count(c.name("n")?.as_str())?;
    let unit = Unit::parse(c.name("u")?.as_str())?;
    let a = anchor?;
    date_found(c, period_value(shift(a, -n, unit)?, unit), TimeAnchor::Published)
}

fn reference(c: &Captures<'_>, _: Option<Date>) -> Option<Found> {
    let n = parse_count(c.name("n")?.as_str())?;
    let unit = Unit::parse(c.name("u")?.as_str())?;
    let word = match c.name("dir")?.as_str().to_ascii_lowercase().as_str() {
        "after" => RefWord::After,
        "before" => RefWord::Before,
        "later" => RefWord::Later,
        _ => RefWord::Earlier,
    };
    let mut f = date_found(c, String::new(), TimeAnchor::Reference)?;
    f.reference = Some(Reference { n, unit, word });
    Some(f)
}

fn duration(c: &Captures<'_>, _: Option<Date>) -> Option<Found> {
    if c.name("old").is_some() {
        return None;
    }
    let n = c.name("n")?.as_str();
    let count = parse_count(n).map_or_else(|| "X".to_owned(), |k| k.to_string());
    let unit = c.name("u")?.as_str().to_ascii_lowercase();
    let value = match unit.trim_end_matches('s') {
        "minute" => format!("PT{count}M"),
        "hour" => format!("PT{count}H"),
        "day" => format!("P{count}D"),
        "week" => format!("P{count}W"),
        "month" => format!("P{count}M"),
        "year" => format!("P{count}Y"),
        "decade" => format!("P{count}DE"),
        _ => format!("P{count}CE"),
    };
    found(c, value, TimexType::Duration, TimeAnchor::Absolute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// `(text, anchor, [(expression text, value, anchor)])`.
    type Case = (&'static str, Option<Date>, &'static [(&'static str, &'static str, TimeAnchor)]);

    fn check(cases: &[Case]) {
        for (text, anchor, want) in cases {
            let got: Vec<(&str, &str, TimeAnchor)> = normalize(text, *anchor)
                .iter()
                .map(|t| (text.get(t.span.range()).unwrap_or(""), leak(&t.value), t.anchor))
                .collect();
            assert_eq!(&got, want, "in {text:?}");
        }
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_owned().into_boxed_str())
    }

    const OCT20: Option<Date> = Some(date(2023, 10, 20));
    const OCT27: Option<Date> = Some(date(2023, 10, 27));
    const JAN24: Option<Date> = Some(date(2020, 1, 24));

    #[test]
    fn seed_phrases() {
        use TimeAnchor::{Absolute, Published, Reference};
        check(&[
            ("Hundreds gathered on Friday at the border", OCT20, &[("on Friday", "2023-10-20", Published)]),
            (
                "departed from Baghdad late on Thursday in buses",
                OCT20,
                &[("late on Thursday", "2023-10-19", Published)],
            ),
            ("On Thursday influential Iraqi cleric", OCT20, &[("On Thursday", "2023-10-19", Published)]),
            ("called on the government on Friday to vote", OCT27, &[("on Friday", "2023-10-27", Published)]),
            ("gathered last week at the border", OCT27, &[("last week", "2023-W42", Published)]),
            ("a drone strike earlier this month killed", JAN24, &[("earlier this month", "2020-01", Published)]),
            ("violent clashes last month when", JAN24, &[("last month", "2019-12", Published)]),
            ("after its gunmen on Oct. 7 rampaged", OCT20, &[("on Oct. 7", "2023-10-07", Published)]),
            (
                "On January 5, the parliament voted for it two days after Washington assassinated Soleimani",
                JAN24,
                &[("On January 5", "2020-01-05", Published), ("two days after", "2020-01-03", Reference)],
            ),
            ("since the 2003 US-led invasion", OCT27, &[("2003", "2003", Absolute)]),
            ("in early 2020 after a strike", OCT27, &[("early 2020", "2020", Absolute)]),
            ("said 26-year-old Hussein Samir", OCT20, &[]),
            ("killing 1,400 people", OCT20, &[]),
            ("the May 2018 parliamentary elections", JAN24, &[("May 2018", "2018-05", Absolute)]),
            ("a crackdown in early December.", JAN24, &[("early December", "2019-12", Published)]),
            ("by late Thursday afternoon", JAN24, &[("late Thursday afternoon", "2020-01-23", Published)]),
            ("the Great Iraqi Revolution of 1920", JAN24, &[("1920", "1920", Absolute)]),
        ]);
    }

    #[test]
    fn absolute_dates() {
        use TimeAnchor::Absolute;
        check(&[
            ("on January 24, 2020 they", None, &[("on January 24, 2020", "2020-01-24", Absolute)]),
            ("24 January 2020", None, &[("24 January 2020", "2020-01-24", Absolute)]),
            ("filed 2020-01-24.", None, &[("2020-01-24", "2020-01-24", Absolute)]),
            ("filed 1/24/2020.", None, &[("1/24/2020", "2020-01-24", Absolute)]),
            ("Sept. 11, 2001", None, &[("Sept. 11, 2001", "2001-09-11", Absolute)]),
            ("in the summer of 2014", None, &[("summer of 2014", "2014-SU", Absolute)]),
            ("on February 30, 2020", None, &[]),
        ]);
    }

    #[test]
    fn deictic_words_and_durations() {
        use TimeAnchor::{Absolute, Published, Reference};
        check(&[
            (
                "yesterday and today",
                JAN24,
                &[("yesterday", "2020-01-23", Published), ("today", "2020-01-24", Published)],
            ),
            (
                "tonight, this morning",
                JAN24,
                &[("tonight", "2020-01-24", Published), ("this morning", "2020-01-24", Published)],
            ),
            (
                "this week and last year",
                JAN24,
                &[("this week", "2020-W04", Published), ("last year", "2019", Published)],
            ),
            ("next Friday", JAN24, &[("next Friday", "2020-01-31", Published)]),
            ("last Friday", JAN24, &[("last Friday", "2020-01-17", Published)]),
            ("on Monday", JAN24, &[("on Monday", "2020-01-20", Published)]),
            ("recently, and now", JAN24, &[("recently", "PRESENT_REF", Published), ("now", "PRESENT_REF", Published)]),
            ("two days and three years", JAN24, &[("two days", "P2D", Absolute), ("three years", "P3Y", Absolute)]),
            ("It took a few days", JAN24, &[("a few days", "PXD", Absolute)]),
            ("Four months into the protests", JAN24, &[("Four months", "P4M", Absolute)]),
            ("three weeks ago", JAN24, &[("three weeks ago", "2020-W01", Published)]),
            ("two days after January 3", JAN24, &[("two days after January 3", "2020-01-05", Reference)]),
            (
                "On Jan. 3 a strike; a day later, missiles",
                JAN24,
                &[("On Jan. 3", "2020-01-03", Published), ("a day later", "2020-01-04", Reference)],
            ),
            ("he is 26 years old", JAN24, &[]),
        ]);
    }

    #[test]
    fn without_anchor_values_are_underspecified() {
        use TimeAnchor::{Absolute, None as NoAnchor};
        check(&[
            ("on Friday", None, &[("on Friday", "XXXX-WXX-5", NoAnchor)]),
            ("last week", None, &[("last week", "XXXX-WXX", NoAnchor)]),
            ("Oct. 7", None, &[("Oct. 7", "XXXX-10-07", NoAnchor)]),
            ("in early 2020", None, &[("early 2020", "2020", Absolute)]),
            ("two days after Oct. 7", None, &[("Oct. 7", "XXXX-10-07", NoAnchor)]),
        ]);
    }

    #[test]
    fn implausible_caption_year() {
        let t = normalize("in Baghdad on January 24, 2019.", JAN24);
        assert_eq!(t.len(), 1);
        assert!(t.iter().all(|t| t.implausible && t.value == "2019-01-24"));
        let t = normalize("on January 3, 2019.", JAN24);
        assert!(t.iter().all(|t| !t.implausible));
    }

    #[test]
    fn not_years() {
        for text in ["20,000 troops", "5,200 US troops", "the 2000s", "in 1999.5 cases", "1400 people", "Room 2003"] {
            assert!(normalize(text, JAN24).is_empty(), "{text}");
        }
    }
}
