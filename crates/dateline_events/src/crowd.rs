//! Crowd sizes: quantity words before a crowd noun, turned into a range.
//!
//! Ranges: `dozens` 24–99 (two dozen and up), `hundreds` 100–999, `several`
//! or `a few hundred` 200–999, `thousands` 1,000–9,999, `several thousand`
//! 2,000–9,999, `tens of thousands` 10,000–99,999, `hundreds of thousands`
//! 100,000–999,999. A number is a point (`some 800`, `about 5,000`, `nearly
//! 2,000` → N–N); `more than`/`over` N → N+1 to 2N−1, `at least` N → N to
//! 2N−1, `up to`/`fewer than` N → N/2 to N.
//!
//! A quantity counts a crowd only when a crowd noun follows (`supporters`,
//! `protesters`, `people`, `Iraqis` after `of`) or, for a quantity word on
//! its own, a gathering verb (`Thousands gathered`). It is not a count when
//! it names a target or a call (`a million-man march`, `lagged behind the
//! million requested`), a population (`the enclave's 2.3 million people
//! under siege`) or victims (`killing 1,400 people`).

use crate::numbers::{NUMBER, parse_number};
use regex::Regex;
use std::sync::LazyLock;

/// A crowd size found in a text: byte range of the quantity and the range of people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CrowdHit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) min: u64,
    pub(crate) max: u64,
}

static QUANTITY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<q>(?:(?P<mod>some|about|around|nearly|almost|roughly|approximately|an\s+estimated|estimated|more\s+than|over|at\s+least|up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|close\s+to)\s+)?(?P<amt>tens\s+of\s+thousands|hundreds\s+of\s+thousands|several\s+(?:hundred|thousand)s?|a\s+few\s+(?:hundred|thousand)|thousands|hundreds|dozens|{NUMBER}))\b"
    ))
    .ok()
});

const CROWD_NOUNS: &[&str] = &[
    "people",
    "protesters",
    "protestors",
    "demonstrators",
    "supporters",
    "followers",
    "marchers",
    "residents",
    "students",
    "workers",
    "activists",
    "worshippers",
    "worshipers",
    "mourners",
    "men",
    "women",
    "youths",
    "citizens",
    "participants",
    "loyalists",
    "members",
    "pilgrims",
    "farmers",
    "teachers",
    "opponents",
    "persons",
    "rioters",
    "crowds",
];
const GATHER_VERBS: &[&str] = &[
    "gathered",
    "gather",
    "marched",
    "rallied",
    "protested",
    "took",
    "flocked",
    "joined",
    "attended",
    "converged",
    "turned",
    "poured",
    "filled",
    "came",
    "massed",
    "were",
    "have",
    "had",
    "chanted",
    "staged",
    "demonstrated",
    "took",
    "thronged",
    "packed",
    "streamed",
];
const NOT_A_CROWD_BEFORE: &[&str] =
    &["behind", "short", "killing", "killed", "kill", "wounding", "wounded", "injuring", "injured", "toll", "than"];
const NOT_A_CROWD_AFTER: &[&str] =
    &["requested", "expected", "needed", "sought", "demanded", "under", "living", "live", "displaced", "killed"];

/// The first crowd size in `text`, as `(min, max)` people.
///
/// ```
/// assert_eq!(dateline_events::crowd_size("Tens of thousands of Iraqis flocked to Baghdad"), Some((10_000, 99_999)));
/// assert_eq!(dateline_events::crowd_size("a million-man march"), None);
/// ```
pub fn crowd_size(text: &str) -> Option<(u64, u64)> {
    find_crowds(text).first().map(|c| (c.min, c.max))
}

/// Every crowd size in `text`, in order.
pub(crate) fn find_crowds(text: &str) -> Vec<CrowdHit> {
    let Some(re) = QUANTITY.as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let q = c.name("q")?;
            let amount = c.name("amt")?.as_str();
            let (min, max) = range(c.name("mod").map(|m| m.as_str()), amount)?;
            let vague = parse_number(amount).is_none();
            let before = text.get(..q.start())?;
            let after = text.get(q.end()..)?;
            is_crowd(before, after, vague).then_some(CrowdHit { start: q.start(), end: q.end(), min, max })
        })
        .collect()
}

fn range(modifier: Option<&str>, amount: &str) -> Option<(u64, u64)> {
    let amt = amount.to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let vague = match amt.as_str() {
        "dozens" => Some((24, 99)),
        "hundreds" => Some((100, 999)),
        "thousands" => Some((1_000, 9_999)),
        "tens of thousands" => Some((10_000, 99_999)),
        "hundreds of thousands" => Some((100_000, 999_999)),
        a if a.starts_with("several hundred") || a == "a few hundred" => Some((200, 999)),
        a if a.starts_with("several thousand") || a == "a few thousand" => Some((2_000, 9_999)),
        _ => None,
    };
    if vague.is_some() {
        return vague;
    }
    let n = parse_number(&amt).filter(|n| *n >= 2)?;
    let m = modifier.map(|m| m.to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" "));
    Some(match m.as_deref() {
        Some("more than" | "over") => (n + 1, 2 * n - 1),
        Some("at least" | "as many as") => (n, 2 * n - 1),
        Some("up to" | "fewer than" | "less than") => (n / 2, n),
        _ => (n, n),
    })
}

fn clean(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’').to_lowercase()
}

fn is_crowd(before: &str, after: &str, vague: bool) -> bool {
    if after.starts_with('-') {
        return false;
    }
    let mut prev = before.split_whitespace().rev();
    if let Some(last) = prev.next() {
        if last.ends_with("'s") || last.ends_with("’s") {
            return false;
        }
        if std::iter::once(last).chain(prev.take(2)).any(|w| NOT_A_CROWD_BEFORE.contains(&clean(w).as_str())) {
            return false;
        }
    }
    let mut prev_word = String::new();
    for (i, raw) in after.split_whitespace().take(5).enumerate() {
        let word = clean(raw);
        if i == 0 && vague && GATHER_VERBS.contains(&word.as_str()) {
            return true;
        }
        let demonym = prev_word == "of" && raw.starts_with(char::is_uppercase) && word.ends_with('s') && word.len() > 3;
        if CROWD_NOUNS.contains(&word.as_str()) || demonym {
            let next: Vec<String> = after.split_whitespace().skip(i + 1).take(2).map(clean).collect();
            let stops_here = raw.ends_with([',', '.', ';', ':']);
            return stops_here || !next.iter().any(|w| NOT_A_CROWD_AFTER.contains(&w.as_str()));
        }
        if raw.ends_with([',', '.', ';', ':', ')', '"', '”']) {
            return false;
        }
        prev_word = word;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowd_sizes() {
        let cases: &[(&str, Option<(u64, u64)>)] = &[
            ("Dozens of protesters gathered", Some((24, 99))),
            ("Hundreds of supporters of Iranian-backed groups gathered", Some((100, 999))),
            ("Thousands gathered in Baghdad on Friday", Some((1_000, 9_999))),
            ("Tens of thousands of Iraqis flocked to Baghdad", Some((10_000, 99_999))),
            ("hundreds of thousands of people marched", Some((100_000, 999_999))),
            ("Some 800 supporters of Iraq's Popular Mobilisation Forces", Some((800, 800))),
            ("more than 1,000 demonstrators", Some((1_001, 1_999))),
            ("nearly 2,000 protesters", Some((2_000, 2_000))),
            ("about 5,000 people", Some((5_000, 5_000))),
            ("a million people marched", Some((1_000_000, 1_000_000))),
            ("several thousand supporters rallied", Some((2_000, 9_999))),
            ("Hundreds of PMF supporters also gathered", Some((100, 999))),
            ("called for a million-man march", None),
            ("a “million-strong, peaceful, unified demonstration”", None),
            ("their numbers lagged behind the rise of a million people requested by a cleric", None),
            ("put the enclave's 2.3 million people under a total siege", None),
            ("killing 1,400 people", None),
            ("said 26-year-old Hussein Samir", None),
            ("poured 20,000 additional troops into the region", None),
            ("launched several thousand attacks on American forces", None),
            ("commands hundreds of thousands, possibly millions of loyal followers", None),
        ];
        for (text, want) in cases {
            assert_eq!(crowd_size(text), *want, "{text}");
        }
    }

    #[test]
    fn crowd_span_covers_the_quantity() {
        let text = "Some 800 supporters left";
        let hits = find_crowds(text);
        assert_eq!(hits.first().map(|h| text.get(h.start..h.end)), Some(Some("Some 800")));
    }
}
