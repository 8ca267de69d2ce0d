//! Metadata in plain text: header lines, a title line, bylines and the dateline.
//! The text itself is never changed.

use crate::date_line;
use crate::dateline::{self, title_case};
use crate::published::{parse_date, parse_published};
use dateline_core::Dateline;
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// ` date 2023-10-20 ` opening a text; the rest of the line follows on the same line.
static DATE_HEADER: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)[ \t]*"));
/// `Last Update: 2020-01-25 00:00:00- Source: kurdistan 24`, `Published: ...`, `Updated on ...`.
static UPDATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::regex(
        r"(?i)\A[ \t]*(?:last[ \t]+update|updated|published|posted|date)\b(?:[ \t]+on)?[ \t]*:?[ \t]*([^\n]*?)[ \t]*(?:-[ \t]*source:[ \t]*([^\n]+?))?[ \t]*(?:\r?\n|\z)",
    )
});
/// `Posted on <date> by <author>`.
static POSTED_BY: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"(?i)\A[ \t]*posted[ \t]+on\b([^\n]*?)\bby[ \t]+([^\n]+?)[ \t]*(?:\r?\n|\z)"));
/// `By Jane Doe` on a line of its own.
static BY_LINE: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"\A[ \t]*By[ \t]+(\p{Lu}[^\n]{1,60}?)[ \t]*(?:\r?\n|\z)"));
/// Wire sign-off credits: `(Reporting by X; Editing by Y)`.
static CREDITS: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(r"\b(Reporting|Writing|Editing)[ \t]+by[ \t]+([^;)\n]+?)[ \t]*(?:[;)\n]|\z)"));

/// What a plain text says about itself.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct TextMeta {
    pub(crate) title: Option<String>,
    pub(crate) published: Option<(Date, Option<String>)>,
    pub(crate) source: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) dateline: Option<Dateline>,
    /// The source named by the dateline (`ERBIL (Kurdistan 24) –`).
    pub(crate) dateline_agency: Option<String>,
    /// Where the body begins, past headers, title line and dateline.
    pub(crate) body_start: usize,
}

/// Finds the metadata of a plain-text article.
pub(crate) fn text_meta(text: &str) -> TextMeta {
    let mut meta = TextMeta::default();
    let mut at = skip_blank_lines(text, 0);
    if let Some((title, next)) = title_line(text, at) {
        meta.title = Some(title);
        at = next;
    }
    // Header lines, at most a few, before the body.
    for _ in 0..4 {
        let Some(rest) = text.get(at..) else { break };
        if let Some(c) = DATE_HEADER.captures(rest) {
            if meta.published.is_none() {
                meta.published = parse_published(&c[1]);
            }
            at += c.get(0).map_or(0, |m| m.end());
            continue;
        }
        if let Some(c) = POSTED_BY.captures(rest) {
            if meta.published.is_none() {
                meta.published = parse_published(c[1].trim());
            }
            meta.author = Some(c[2].to_string());
        } else if let Some(c) = UPDATE_LINE.captures(rest).filter(|c| is_header_date(&c[1])) {
            if meta.published.is_none() {
                meta.published = parse_published(&c[1]);
            }
            if let Some(source) = c.get(2) {
                meta.source = Some(source_name(source.as_str()));
            }
        } else if let Some(c) = BY_LINE.captures(rest) {
            meta.author = Some(c[1].to_string());
        } else {
            break;
        }
        at = skip_blank_lines(text, at + rest.find('\n').map_or(rest.len(), |i| i + 1));
    }
    if meta.published.is_none() {
        meta.published = date_line::find(text);
    }
    if let Some(found) = dateline::find(text, at) {
        at = found.end;
        meta.dateline = Some(found.dateline);
        meta.dateline_agency = found.agency.map(|a| source_name(&a));
    }
    meta.body_start = at + text.get(at..).map_or(0, |rest| rest.len() - rest.trim_start().len());
    if meta.author.is_none() {
        meta.author = credits(text);
    }
    meta
}

/// A header line's date: short, and a date.
fn is_header_date(s: &str) -> bool {
    s.len() <= 40 && parse_date(s).is_some()
}

/// The first `Reporting by` credit, else `Writing by`, else `Editing by`.
fn credits(text: &str) -> Option<String> {
    let mut best: Option<(u8, &str)> = None;
    for c in CREDITS.captures_iter(text) {
        let rank = match &c[1] {
            "Reporting" => 0,
            "Writing" => 1,
            _ => 2,
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = c.get(2).map(|m| (rank, m.as_str()));
        }
    }
    best.map(|(_, name)| name.to_string())
}

/// A source name as a proper name: `Kurdistan 24` for `kurdistan 24`; other casings are kept.
fn source_name(s: &str) -> String {
    let s = s.trim();
    if s.chars().any(char::is_uppercase) {
        return s.to_string();
    }
    title_case(s)
}

/// The offset of the first non-blank line at or after `at`.
fn skip_blank_lines(text: &str, mut at: usize) -> usize {
    while let Some(rest) = text.get(at..) {
        match rest.find('\n') {
            Some(i) if rest.get(..i).is_some_and(|l| l.trim().is_empty()) => at += i + 1,
            _ => break,
        }
    }
    at
}

/// A short first line followed by a blank line, that reads like a headline.
fn title_line(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = text.get(at..)?;
    let end = rest.find('\n')?;
    let line = rest.get(..end)?.trim();
    let after = rest.get(end + 1..)?;
    let blank = after.find('\n').and_then(|i| after.get(..i)).is_some_and(|l| l.trim().is_empty());
    let words = line.split_whitespace().count();
    let headline = blank
        && (2..=25).contains(&words)
        && line.len() <= 200
        && !line.ends_with(['.', ':', ',', ';'])
        && !line.contains('<')
        && DATE_HEADER.find(line).is_none()
        && POSTED_BY.find(line).is_none()
        && UPDATE_LINE.captures(line).is_none_or(|c| !is_header_date(&c[1]))
        && dateline::find(line, 0).is_none();
    headline.then(|| (line.to_string(), skip_blank_lines(text, at + end + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn glued_date_header_and_dateline() {
        let text = " date 2023-10-20 BAGHDAD :Hundreds of supporters gathered.";
        let m = text_meta(text);
        assert_eq!(m.published, Some((date(2023, 10, 20), None)));
        let d = m.dateline.unwrap_or_else(|| panic!("no dateline"));
        assert_eq!((d.place.as_str(), text.get(d.span.range())), ("Baghdad", Some("BAGHDAD")));
        assert_eq!(m.title, None);
        assert_eq!(text.get(m.body_start..), Some("Hundreds of supporters gathered."));
    }

    #[test]
    fn update_line_source_and_title() {
        let text = "March in Baghdad\n\nLast Update: 2020-01-25 00:00:00- Source: kurdistan 24\n\nERBIL (Kurdistan 24) – Tens of thousands.";
        let m = text_meta(text);
        assert_eq!(m.title.as_deref(), Some("March in Baghdad"));
        assert_eq!(m.published, Some((date(2020, 1, 25), Some("2020-01-25 00:00:00".into()))));
        assert_eq!(m.source.as_deref(), Some("Kurdistan 24"));
        assert_eq!(m.dateline.map(|d| d.place), Some("Erbil".into()));
        assert_eq!(m.dateline_agency.as_deref(), Some("Kurdistan 24"));
        assert_eq!(text.get(m.body_start..), Some("Tens of thousands."));
    }

    #[test]
    fn posted_by_and_credits() {
        let m = text_meta(" date 2020-01-24 Posted on by martyrashrakat\n\nScreenshot shows crowds.");
        assert_eq!(m.author.as_deref(), Some("martyrashrakat"));
        assert_eq!(m.published, Some((date(2020, 1, 24), None)));
        assert_eq!(m.dateline, None);
        let text = " date 2020-01-24 Posted on by martyrashrakat\n\nScreenshot shows crowds.";
        assert_eq!(text.get(text_meta(text).body_start..), Some("Screenshot shows crowds."));
        let m = text_meta("Talks went on.\n(Reporting by Ahmed Rasheed; Editing by Jane Doe)");
        assert_eq!(m.author.as_deref(), Some("Ahmed Rasheed"));
        let m = text_meta("Talks went on. (Editing by Jane Doe)");
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn a_lede_is_not_a_title() {
        let m = text_meta("Thousands gathered in Baghdad on Friday.\n\nMore text.");
        assert_eq!(m.title, None);
        assert_eq!(m.body_start, 0);
    }
}
