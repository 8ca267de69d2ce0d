//! Publication dates of undated documents, inferred from their story.
//!
//! An undated document often says *when* relative to its own (unknown)
//! publication day: "gathered last week", "on Friday", "two days ago". When
//! such an event sits in a cluster whose other reports give it a day, the
//! phrase turns around into a window for the publication day: "last week"
//! means the ISO week after the event's, "yesterday" the day after, "on
//! Friday" the six days from that Friday. The windows of all such events are
//! intersected; the first day in the window that falls on a weekday the
//! document names ("on Friday" for news of the day) is chosen, else the first
//! day of the window. Without usable hints, the document takes the latest
//! publication date among its story's dated documents.

use crate::calendar;
use crate::state::LinkState;
use dateline_core::{Document, Event, Span};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an event lies relative to the publication day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Relative {
    /// `n` days before publication (`today` 0, `yesterday` 1, `three days ago` 3).
    DaysAgo(i32),
    /// In the ISO week before publication.
    LastWeek,
    /// Earlier in the week of publication.
    ThisWeek,
    /// In the month before publication.
    LastMonth,
    /// On this weekday (0 = Monday), within the six days before publication.
    Weekday(i32),
}

/// What an undated document says about dates relative to its publication.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DateHints {
    /// Events (index into the state's events) with their relative phrase.
    pub(crate) events: Vec<(u32, Relative)>,
    /// Weekdays the document names (0 = Monday).
    pub(crate) weekdays: Vec<i32>,
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const NUMBERS: [&str; 10] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/// The first relative date phrase in `text`.
pub(crate) fn relative(text: &str) -> Option<Relative> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        let found = match (*w, next) {
            ("today" | "tonight", _) => Some(Relative::DaysAgo(0)),
            ("yesterday", _) | ("last", Some("night")) => Some(Relative::DaysAgo(1)),
            ("last", Some("week")) => Some(Relative::LastWeek),
            ("this", Some("week")) => Some(Relative::ThisWeek),
            ("last", Some("month")) => Some(Relative::LastMonth),
            (n, Some("days")) if words.get(i + 2) == Some(&"ago") => number(n).map(Relative::DaysAgo),
            (day, _) => {
                WEEKDAYS.iter().position(|d| *d == day).and_then(|p| i32::try_from(p).ok()).map(Relative::Weekday)
            }
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn number(word: &str) -> Option<i32> {
    word.parse().ok().or_else(|| NUMBERS.iter().position(|n| *n == word).and_then(|p| i32::try_from(p + 1).ok()))
}

/// The text that dates `event`: its date's source expression, else the time
/// expressions of its sentence, else the sentence (or evidence) itself.
fn dating_text<'a>(doc: &'a Document, event: &Event) -> Vec<&'a str> {
    let mut out = Vec::new();
    if let Some(span) = event.date.as_ref().and_then(|d| d.source) {
        out.push(doc.slice(span));
    }
    let scope: Option<Span> =
        doc.sentence_at(event.trigger.start).or_else(|| event.evidence.iter().copied().reduce(Span::cover));
    if let Some(scope) = scope {
        out.extend(doc.times.iter().filter(|t| scope.contains(t.span)).map(|t| doc.slice(t.span)));
        out.push(doc.slice(scope));
    }
    out
}

/// Hints of an undated document whose events are numbered from `first_event` on.
pub(crate) fn hints(doc: &Document, first_event: u32) -> DateHints {
    let mut h = DateHints::default();
    for (i, event) in (first_event..).zip(&doc.events) {
        if let Some(rel) = dating_text(doc, event).into_iter().find_map(relative) {
            h.events.push((i, rel));
        }
    }
    let named = doc.times.iter().map(|t| relative(doc.slice(t.span))).chain(h.events.iter().map(|(_, r)| Some(*r)));
    for r in named {
        if let Some(Relative::Weekday(w)) = r
            && !h.weekdays.contains(&w)
        {
            h.weekdays.push(w);
        }
    }
    h
}

/// The day the other reports in an event's cluster give it: the most common
/// explicit day, else the most common day from a publication-date fallback.
fn cluster_day(state: &LinkState, event: u32) -> Option<i32> {
    let own = state.events.get(event as usize)?;
    let cluster = state.clusters.get(own.cluster as usize)?;
    let mut days: Vec<(bool, i32)> = cluster
        .events
        .iter()
        .filter_map(|&e| state.events.get(e as usize))
        .filter(|e| e.doc != own.doc)
        .filter_map(|e| e.days().filter(|(a, b, _)| a == b).map(|(a, _, fallback)| (fallback, a)))
        .collect();
    days.sort_unstable();
    let explicit = days.first().map(|(f, _)| *f)?;
    let mut best: Option<(i32, usize)> = None;
    for (_, d) in days.iter().filter(|(f, _)| *f == explicit) {
        let n = days.iter().filter(|(f, x)| *f == explicit && x == d).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((*d, n));
        }
    }
    best.map(|(d, _)| d)
}

/// The publication window an event on `day` described as `rel` implies.
fn window(day: i32, rel: Relative) -> Option<(i32, i32)> {
    match rel {
        Relative::DaysAgo(n) => Some((day + n, day + n)),
        Relative::LastWeek => {
            let next = calendar::monday(day) + 7;
            Some((next, next + 6))
        }
        Relative::ThisWeek => Some((day, calendar::monday(day) + 6)),
        Relative::LastMonth => calendar::next_month(day),
        Relative::Weekday(w) => (calendar::weekday(day) == w).then_some((day, day + 6)),
    }
}

/// The inferred publication date of document `doc`, when it has none.
pub(crate) fn infer(state: &LinkState, doc: u32) -> Option<Date> {
    let d = state.docs.get(doc as usize)?;
    if d.published.is_some() {
        return None;
    }
    let (mut lo, mut hi, mut constrained) = (i32::MIN, i32::MAX, false);
    for &(event, rel) in d.hints.iter().flat_map(|h| &h.events) {
        if let Some((a, b)) = cluster_day(state, event).and_then(|day| window(day, rel)) {
            (lo, hi, constrained) = (lo.max(a), hi.min(b), true);
        }
    }
    if constrained && lo <= hi {
        let weekdays = d.hints.as_ref().map(|h| h.weekdays.as_slice()).unwrap_or_default();
        let day = (lo..=hi.min(lo + 62)).find(|&x| weekdays.contains(&calendar::weekday(x))).unwrap_or(lo);
        return calendar::date_of(day);
    }
    state.stories.get(d.story as usize)?.last_day.and_then(calendar::date_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_phrases() {
        assert_eq!(relative("gathered last week at the border"), Some(Relative::LastWeek));
        assert_eq!(relative("on Friday"), Some(Relative::Weekday(4)));
        assert_eq!(relative("Yesterday"), Some(Relative::DaysAgo(1)));
        assert_eq!(relative("three days ago"), Some(Relative::DaysAgo(3)));
        assert_eq!(relative("12 days ago"), Some(Relative::DaysAgo(12)));
        assert_eq!(relative("in January 2020"), None);
    }

    #[test]
    fn windows_turn_phrases_around() {
        let fri = calendar::day_number("2023-10-20".parse().unwrap_or_default());
        let show = |w: Option<(i32, i32)>| w.map(|(a, b)| (calendar::date_of(a), calendar::date_of(b)));
        let d = |s: &str| s.parse::<Date>().ok();
        assert_eq!(show(window(fri, Relative::LastWeek)), Some((d("2023-10-23"), d("2023-10-29"))));
        assert_eq!(show(window(fri, Relative::DaysAgo(1))), Some((d("2023-10-21"), d("2023-10-21"))));
        assert_eq!(show(window(fri, Relative::Weekday(4))), Some((d("2023-10-20"), d("2023-10-26"))));
        assert_eq!(window(fri, Relative::Weekday(3)), None);
    }
}
