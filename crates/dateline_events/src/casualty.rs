//! Fatalities and injuries: `killing 1,400 people`, `At least 4,137
//! Palestinians have been killed`, `killed two people and wounded five`.
//!
//! Only a number tied to a killing or wounding verb counts; a number that
//! names part of the victims without a total (`killing everyone on board,
//! including 57 Canadians`) does not.

use crate::numbers::{NUMBER, parse_number};
use dateline_core::{Count, Span};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// The people killed and injured that a text reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Casualties {
    /// People killed, with the span of the number in the text.
    pub fatalities: Option<Count>,
    /// People injured, with the span of the number in the text.
    pub injuries: Option<Count>,
}

const MODIFIER: &str = r"(?:(?P<mod>at\s+least|more\s+than|over|nearly|almost|about|some|around|up\s+to)\s+)?";

static VERB_FIRST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<verb>kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es|e))\s+{MODIFIER}(?P<n>{NUMBER})\b(?P<next>-|\s+(?:years?|days?|months?|percent|per\s+cent|of\s+(?:the|them|their|his|her)|times)\b)?"
    ))
    .ok()
});

static NUMBER_FIRST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MODIFIER}(?P<n>{NUMBER})\s+(?P<between>(?:[\w’'-]+\s+){{0,2}}?)(?:(?:have|has|had)\s+been\s+|were\s+|was\s+|are\s+)?(?P<verb>killed|dead|died|wounded|injured|hurt)\b"
    ))
    .ok()
});

/// One victim named before a passive verb: `a 42-year-old woman was fatally
/// shot`, `Jassely Lupoe, a 5-year-old, was shot and killed`.
static ONE_VICTIM_PASSIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<n>an?|one)\s+(?:[\w’'-]+,?\s+){0,4}?(?:who\s+)?(?:was|is|has\s+been)\s+(?:(?P<fatal>(?:shot|stabbed|beaten)\s+(?:and\s+)?killed|killed|fatally\s+(?:shot|stabbed|wounded|injured)|shot\s+dead|stabbed\s+to\s+death|beaten\s+to\s+death|found\s+dead)|(?P<hurt>(?:shot|stabbed)\s+and\s+(?:wounded|injured)|wounded|injured|hurt|shot\s+(?:in|multiple|several|once|twice)))\b",
    )
    .ok()
});

/// One victim after an active verb: `shot and killed a man`, `fatally shooting his wife`.
static ONE_VICTIM_ACTIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?P<fatal>(?:shot\s+and\s+)?kill(?:ed|ing|s)|fatally\s+(?:shot|shooting|stabbed|stabbing)|murder(?:ed|ing|s))|(?P<hurt>wound(?:ed|ing|s)|injur(?:ed|ing|es)))\s+(?P<n>an?|one|his|her)\s+(?P<next>[\w’'-]+)",
    )
    .ok()
});

/// Fatalities and injuries in `text`; spans are byte offsets into `text`.
/// A number wins; failing one, a single victim (`a man was shot dead`) counts 1.
///
/// ```
/// let c = dateline_events::casualties("At least 4,137 Palestinians have been killed.");
/// assert_eq!(c.fatalities.map(|f| (f.value, f.at_least)), Some((4137, true)));
/// ```
pub fn casualties(text: &str) -> Casualties {
    let mut out = Casualties::default();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    if let Some(re) = VERB_FIRST.as_ref() {
        for c in re.captures_iter(text) {
            if c.name("next").is_some() {
                continue;
            }
            if let Some((n, fatal)) = count(&c) {
                taken.push((n.span.start as usize, n.span.end as usize));
                record(&mut out, n, fatal);
            }
        }
    }
    if let Some(re) = NUMBER_FIRST.as_ref() {
        for c in re.captures_iter(text) {
            let between = c.name("between").map_or("", |m| m.as_str()).to_ascii_lowercase();
            if between.split_whitespace().any(|w| matches!(w, "and" | "or" | "but" | "who" | "had")) {
                continue;
            }
            if let Some((n, fatal)) = count(&c) {
                let span = (n.span.start as usize, n.span.end as usize);
                if !taken.iter().any(|t| t.0 < span.1 && span.0 < t.1) {
                    record(&mut out, n, fatal);
                }
            }
        }
    }
    for re in [ONE_VICTIM_PASSIVE.as_ref(), ONE_VICTIM_ACTIVE.as_ref()].into_iter().flatten() {
        for c in re.captures_iter(text) {
            let next = c.name("next").map_or("", |m| m.as_str());
            let Some(n) = c.name("n") else {
                continue;
            };
            if parse_number(next).is_some() || (next.ends_with('s') && !next.ends_with("ss")) {
                continue;
            }
            let one = Count { value: 1, at_least: false, span: Span::new(n.start(), n.end()) };
            record(&mut out, one, c.name("fatal").is_some());
        }
    }
    out
}

fn count(c: &Captures<'_>) -> Option<(Count, bool)> {
    let n = c.name("n")?;
    let value = parse_number(n.as_str())?;
    let start = c.name("mod").map_or(n.start(), |m| m.start());
    let at_least = c.name("mod").is_some_and(|m| {
        matches!(m.as_str().to_ascii_lowercase().split_whitespace().next(), Some("at" | "more" | "over"))
    });
    let verb = c.name("verb")?.as_str().to_ascii_lowercase();
    let fatal = verb.starts_with("kill") || verb == "dead" || verb == "died";
    Some((Count { value, at_least, span: Span::new(start, n.end()) }, fatal))
}

fn record(out: &mut Casualties, count: Count, fatal: bool) {
    let slot = if fatal { &mut out.fatalities } else { &mut out.injuries };
    if slot.is_none() {
        *slot = Some(count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(value, at_least)` of a count.
    type Num = Option<(u64, bool)>;

    fn values(text: &str) -> (Num, Num) {
        let c = casualties(text);
        (c.fatalities.map(|f| (f.value, f.at_least)), c.injuries.map(|f| (f.value, f.at_least)))
    }

    #[test]
    fn casualty_counts() {
        let cases: &[(&str, Num, Num)] = &[
            ("rampaged through Israeli towns, killing 1,400 people.", Some((1400, false)), None),
            ("At least 4,137 Palestinians have been killed, the ministry said.", Some((4137, true)), None),
            ("killing everyone on board, including 57 Canadians.", None, None),
            ("The blast killed two people and wounded five.", Some((2, false)), Some((5, false))),
            ("a dozen people were killed and 30 injured", Some((12, false)), Some((30, false))),
            ("more than 20 dead", Some((20, true)), None),
            ("a strike that killed Soleimani", None, None),
            ("killed 3-year-old", None, None),
            ("said 26-year-old Hussein Samir", None, None),
            ("A 42-year-old woman was fatally shot in the area.", Some((1, false)), None),
            ("Jassely Lupoe, a 5-year-old Latina, was shot and killed Tuesday", Some((1, false)), None),
            ("A deputy who was shot and injured while off duty", None, Some((1, false))),
            ("officers shot and killed a man who was acting erratically", Some((1, false)), None),
            ("killing his five young children", None, None),
            ("the gunman killed two people and a man was wounded", Some((2, false)), Some((1, false))),
            ("an attack that killed his brothers", None, None),
        ];
        for (text, killed, hurt) in cases {
            assert_eq!(values(text), (*killed, *hurt), "{text}");
        }
    }

    #[test]
    fn count_span_covers_modifier_and_number() {
        let text = "At least 4,137 Palestinians have been killed";
        let c = casualties(text);
        assert_eq!(
            c.fatalities.map(|f| text.get(f.span.range()).map(str::to_owned)),
            Some(Some("At least 4,137".into()))
        );
    }
}
