//! Datelines: the city a wire story is filed from, at the start of its body
//! (`BAGHDAD (Reuters) -`, `ERBIL (Kurdistan 24) –`, `SALVADOR, Feb 26 -`, `BAGHDAD :`).

use crate::published::month_number;
use dateline_core::{Dateline, Span};
use regex::Regex;
use std::sync::LazyLock;

/// An upper-case place name of one to four words: `BAGHDAD`, `NEW YORK`, `AL-QAIM`.
const PLACE: &str = r"\p{Lu}[\p{Lu}'’./\-]*\p{Lu}\.?(?:[ ]\p{Lu}[\p{Lu}'’./\-]*\p{Lu}\.?){0,3}";
/// `, Texas` or `, D.C.` after the city.
const REGION: &str = r"(?:,[ ]+\p{Lu}[\p{L}.]{1,20}){0,2}";

/// `PLACE (Agency) -`.
static WITH_AGENCY: LazyLock<Regex> =
    LazyLock::new(|| crate::regex(&format!(r"\A({PLACE}){REGION}[ ]*\(([^()\n]{{2,40}})\)[ ]*[-–—:]")));
/// A place name in any case, for the wire's `Toronto, Feb 26 -`.
const ANY_CASE_PLACE: &str = r"\p{Lu}[\p{L}'’./\-]*(?:[ ]\p{Lu}[\p{L}'’./\-]*){0,3}";
/// `, Va.`, `, British Columbia` (the comma before the date may be missing: `RICHMOND, Va. Feb 26`).
const LOOSE_REGION: &str = r"(?:[ ]?,[ ]*\p{Lu}[\p{L}.]{0,20}(?:[ ]\p{Lu}[\p{L}.]{1,20})?){0,2}";

/// `PLACE, Mon DD -` and `PLACE, DD Month -`, month in any case (`FEb 26`).
static WITH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    crate::regex(&format!(
        r"\A({ANY_CASE_PLACE}){LOOSE_REGION}(?:[ ]?,[ ]*|[ ]+)(?:(\p{{L}}{{3,9}})\.?[ ]+\d{{1,2}}|\d{{1,2}}[ ]+(\p{{L}}{{3,9}})\.?),?(?:[ ]+Reuter)?[ ]*[-–—]"
    ))
});
/// `PLACE -` or `PLACE :`.
static BARE: LazyLock<Regex> = LazyLock::new(|| crate::regex(&format!(r"\A({PLACE}){REGION}[ ]*(?:[-–—][ ]|:)")));

/// Upper-case openers that are not places.
const NOT_PLACES: &[&str] = &[
    "ADVISORY",
    "ANALYSIS",
    "BREAKING",
    "COMMENT",
    "CORRECTED",
    "CORRECTION",
    "EDITORIAL",
    "EXCLUSIVE",
    "FACTBOX",
    "FEATURE",
    "FLASH",
    "INTERVIEW",
    "LIVE",
    "NOTE",
    "OPINION",
    "PHOTOS",
    "REFILE",
    "REVIEW",
    "UPDATE",
    "UPDATED",
    "URGENT",
    "VIDEO",
    "WARNING",
    "WATCH",
    "WRAPUP",
    "UPDATE 1",
    "UPDATE 2",
    "UPDATE 3",
];

/// A dateline found at the start of a text.
#[derive(Debug, PartialEq)]
pub(crate) struct Found {
    /// The place and where it is.
    pub(crate) dateline: Dateline,
    /// The agency in parentheses (`Reuters`, `Kurdistan 24`).
    pub(crate) agency: Option<String>,
    /// Byte offset just past the dateline and its separator (` -`, ` :`).
    pub(crate) end: usize,
}

/// The dateline at byte `at` of `text` (white space before it skipped), if there is one.
pub(crate) fn find(text: &str, at: usize) -> Option<Found> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    let start = at + (rest.len() - trimmed.len());
    let (place, agency, matched) = if let Some(c) = WITH_AGENCY.captures(trimmed) {
        (c.get(1)?, Some(c[2].trim().to_string()), c.get(0)?)
    } else if let Some(c) =
        WITH_DAY.captures(trimmed).filter(|c| c.get(2).or(c.get(3)).is_some_and(|m| month_number(m.as_str()).is_some()))
    {
        (c.get(1)?, None, c.get(0)?)
    } else {
        let c = BARE.captures(trimmed)?;
        (c.get(1)?, None, c.get(0)?)
    };
    let name = place.as_str().trim_end_matches('.');
    if name.chars().filter(|c| c.is_alphabetic()).count() < 3 || NOT_PLACES.contains(&name) {
        return None;
    }
    let span = Span::new(start + place.start(), start + place.start() + name.len());
    let place = if name.chars().any(char::is_lowercase) { name.to_string() } else { title_case(name) };
    Some(Found { dateline: Dateline { place, span }, agency, end: start + matched.end() })
}

/// `Baghdad` for `BAGHDAD`, `Rio de Janeiro` for `RIO DE JANEIRO`, `Al-Qaim` for `AL-QAIM`.
pub(crate) fn title_case(name: &str) -> String {
    const LOWER: &[&str] = &["de", "da", "do", "dos", "das", "del", "la", "of", "and"];
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if i > 0 && LOWER.contains(&lower.as_str()) {
            out.push_str(&lower);
            continue;
        }
        let mut start_of_part = true;
        for ch in lower.chars() {
            if start_of_part && ch.is_alphabetic() {
                out.extend(ch.to_uppercase());
                start_of_part = false;
            } else {
                out.push(ch);
                if ch == '-' || ch == '/' {
                    start_of_part = true;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Option<(String, &str)> {
        find(text, 0).map(|f| (f.dateline.place, text.get(f.dateline.span.range()).unwrap_or("")))
    }

    #[test]
    fn wire_shapes() {
        assert_eq!(place("BAGHDAD (Reuters) - Hundreds"), Some(("Baghdad".into(), "BAGHDAD")));
        assert_eq!(place("ERBIL (Kurdistan 24) – Tens of"), Some(("Erbil".into(), "ERBIL")));
        assert_eq!(place("SALVADOR, Feb 26 - Showers"), Some(("Salvador".into(), "SALVADOR")));
        assert_eq!(place("NEW YORK, March 2 - Shares"), Some(("New York".into(), "NEW YORK")));
        assert_eq!(place("RIO DE JANEIRO, March 2 - X"), Some(("Rio de Janeiro".into(), "RIO DE JANEIRO")));
        assert_eq!(place("WASHINGTON, D.C. (AP) — X"), Some(("Washington".into(), "WASHINGTON")));
        assert_eq!(place("BAGHDAD :Hundreds"), Some(("Baghdad".into(), "BAGHDAD")));
        let f = find("ERBIL (Kurdistan 24) – X", 0);
        assert_eq!(f.and_then(|f| f.agency), Some("Kurdistan 24".into()));
        assert_eq!(place("SALVADOR, Fob 26 - Showers"), None);
        assert_eq!(place("RICHMOND, Va. Feb 26 - Qtly div"), Some(("Richmond".into(), "RICHMOND")));
        assert_eq!(place("Scarborough, Ontario, Feb 26 - Shr"), Some(("Scarborough".into(), "Scarborough")));
        assert_eq!(place("FARMINGTON, Conn., FEb 26 - Qtly"), Some(("Farmington".into(), "FARMINGTON")));
        assert_eq!(place("AMSTERDAM, 2 March - The"), Some(("Amsterdam".into(), "AMSTERDAM")));
        assert_eq!(place("SOWETO, South Africa, March 2 - X"), Some(("Soweto".into(), "SOWETO")));
        assert_eq!(place("OAKLAND , N.J., March 2 - X"), Some(("Oakland".into(), "OAKLAND")));
        assert_eq!(place("New York, Feb 26 - X"), Some(("New York".into(), "New York")));
        assert_eq!(place("ATLANTA , March 3 - X"), Some(("Atlanta".into(), "ATLANTA")));
        assert_eq!(place("ROME, March 13, Reuter - X"), Some(("Rome".into(), "ROME")));
        assert_eq!(place("MINNEAPOLIS, MINN.,March 13 - X"), Some(("Minneapolis".into(), "MINNEAPOLIS")));
        assert_eq!(place("****LONDON, March 5 - X"), Some(("London".into(), "LONDON")));
        assert_eq!(
            place("DALLAS/FORT WORTH, Texas, March 3 - X"),
            Some(("Dallas/Fort Worth".into(), "DALLAS/FORT WORTH"))
        );
        assert_eq!(place("Thousands gathered in Baghdad, Jan 24 - X"), None);
    }

    #[test]
    fn strict_about_what_is_not_a_dateline() {
        assert_eq!(place("Thousands gathered in Baghdad"), None);
        assert_eq!(place("Posted on by martyrashrakat"), None);
        assert_eq!(place("UPDATE: markets fall"), None);
        assert_eq!(place("US - talks"), None);
        assert_eq!(place("<a href=\"x\">Iraq</a>"), None);
        assert_eq!(place("BAGHDAD residents said"), None);
    }

    #[test]
    fn span_is_offset_by_the_start() {
        let text = " date 2023-10-20 BAGHDAD :Hundreds";
        let f = find(text, 16);
        assert_eq!(f.map(|f| f.dateline.span), Some(Span::new(17, 24)));
    }
}
