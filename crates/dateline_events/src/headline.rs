//! Casualties a headline tells: `Man shot, killed on Detroit's west side`,
//! `Three shot, one dead after memorial`, `2 hospitalized after shooting`.
//!
//! Headlines drop the auxiliaries (`man shot`, not `a man was shot`) and
//! join outcomes with commas, so the sentence readers miss them; the body
//! often tells the victims only as `the victim`, leaving the headline the
//! one place their number is given.

use crate::casualty::casualties;
use crate::numbers::{NUMBER, parse_number};
use regex::Regex;
use std::sync::LazyLock;

/// The people a headline reports killed, injured and shot (the shot
/// counting the dead among them: `Three shot, one dead`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct HeadlineCasualties {
    pub(crate) fatalities: Option<u64>,
    pub(crate) injuries: Option<u64>,
    pub(crate) shot: Option<u64>,
}

/// Nouns for one person that a headline opens with (`Teen`, `Driver`).
const PERSON: &str = r"(?:man|woman|teen|teenager|boy|girl|child|toddler|baby|infant|person|driver|motorist|passenger|pedestrian|victim|officer|deputy|trooper|cop|suspect|student|juvenile|youth|attacker|gunman|robber|homeowner|owner|clerk|employee|worker|resident|customer|mother|father|son|daughter|brother|sister|wife|husband|friend|hunter|citizen|doctor|guard|sibling)";

/// A subject and what befell it at the head of a clause: `man shot`,
/// `teen, man shot`, `3 shot`, `one injured`, `boy, 9, found shot ... dies`.
static SUBJECT_OUTCOME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|\b(?:after|when|as)\s+)(?:(?P<mod>at\s+least\s+)?(?P<n>{NUMBER})(?:\s+[\w’'-]+){{0,2}}?|(?P<people>(?:[\w’'.-]+\s+){{0,3}}?{PERSON}(?:,\s+\d{{1,3}},?)?(?:(?:,|\s+and|\s+&)\s+(?:[\w’'.-]+\s+){{0,2}}?{PERSON}(?:,\s+\d{{1,3}},?)?)?))\s+(?:(?:was|were|is|are)\s+)?(?:found\s+|accidentally\s+|critically\s+)?(?P<verb>fatally\s+(?:shot|stabbed|wounded)|shot\s+dead|shot|stabbed|wounded|injured|hurt|hospitali[sz]ed|killed|dead|dies|died)\b"
    ))
    .ok()
});

/// A later outcome of the same victims: `man shot, killed`, `girl shot at party dies`.
static LATER_DEATH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:(?:,|\s+and|\s+&)\s+(?:later\s+)?killed\b|.*\b(?:dies|died|has\s+died)\b)").ok());

/// A tally after the first outcome: `, one dead`, `, 2 injured`, `, two critical`.
static TALLY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:,|\band)\s+(?P<n>{NUMBER})\s+(?:[\w’'-]+\s+)?(?P<verb>dead|killed|injured|wounded|hurt|hospitali[sz]ed|critical)\b"
    ))
    .ok()
});

/// A deed that leaves or sends victims: `leave two hospitalized`, `sends 1 person to the hospital`.
static LEAVES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:leaves?|left|sends?)\s+(?P<n>{NUMBER})\s+(?:[\w’'-]+\s+)?(?:(?P<dead>dead)|(?:hospitali[sz]ed|injured|wounded|hurt|to\s+(?:the\s+)?hospital))\b"
    ))
    .ok()
});

/// One victim after an active verb: `shoots and kills friend`, `child shoots himself`.
static ACTIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\bshoots(?:\s+and|\s+&|,)\s+(?P<how>kills|wounds)\b|\bshoots\s+(?P<fatal>and\s+kills\s+)?(?:him|her)self\b",
    )
    .ok()
});

/// The site's name after the headline proper: `... | 6abc.com`, `... - Fox 59`, `... « CBS Denver`.
const SITE_SEPARATORS: &[&str] = &[" | ", " « ", " - ", " – ", " — "];

/// Casualties a headline reports; `None` fields when it tells no number.
pub(crate) fn headline_casualties(title: &str) -> HeadlineCasualties {
    let mut headline = title;
    for sep in SITE_SEPARATORS {
        if let Some((head, _)) = headline.split_once(sep) {
            headline = head;
        }
    }
    let lower = headline.to_lowercase();
    let mut out = HeadlineCasualties::default();
    for clause in lower.split([';', ':']).map(str::trim) {
        read_clause(clause, &mut out);
    }
    out
}

fn read_clause(clause: &str, out: &mut HeadlineCasualties) {
    let set = |slot: &mut Option<u64>, n: u64| {
        slot.get_or_insert(n);
    };
    let sentence = casualties(clause);
    if let Some(f) = sentence.fatalities.filter(|f| !f.at_least) {
        set(&mut out.fatalities, f.value);
    }
    if let Some(i) = sentence.injuries.filter(|i| !i.at_least) {
        set(&mut out.injuries, i.value);
    }
    if let Some(shot) = sentence.shot.filter(|s| !s.at_least) {
        set(&mut out.shot, shot.value);
    }
    if let Some(c) = SUBJECT_OUTCOME.as_ref().and_then(|re| re.captures(clause))
        && c.name("mod").is_none()
    {
        let n = match (c.name("n"), c.name("people")) {
            (Some(n), _) => parse_number(n.as_str()),
            (None, Some(people)) => Some(people_named(people.as_str())),
            (None, None) => None,
        };
        let verb = c.name("verb").map_or("", |v| v.as_str());
        let rest = c.get(0).and_then(|m| clause.get(m.end()..)).unwrap_or("");
        if let Some(n) = n {
            let fatal = verb.starts_with("fatally")
                || matches!(verb, "shot dead" | "killed" | "dead" | "dies" | "died")
                || LATER_DEATH.as_ref().is_some_and(|re| re.is_match(rest));
            if fatal {
                set(&mut out.fatalities, n);
            } else if matches!(verb, "shot" | "stabbed") {
                set(&mut out.shot, n);
            } else {
                set(&mut out.injuries, n);
            }
        }
        for t in TALLY.as_ref().into_iter().flat_map(|re| re.captures_iter(rest)) {
            let Some(n) = t.name("n").and_then(|n| parse_number(n.as_str())) else {
                continue;
            };
            let fatal = t.name("verb").is_some_and(|v| matches!(v.as_str(), "dead" | "killed"));
            set(if fatal { &mut out.fatalities } else { &mut out.injuries }, n);
        }
    }
    if let Some(c) = LEAVES.as_ref().and_then(|re| re.captures(clause))
        && let Some(n) = c.name("n").and_then(|n| parse_number(n.as_str()))
    {
        set(if c.name("dead").is_some() { &mut out.fatalities } else { &mut out.injuries }, n);
    }
    if let Some(c) = ACTIVE.as_ref().and_then(|re| re.captures(clause)) {
        let fatal = c.name("fatal").is_some() || c.name("how").is_some_and(|h| h.as_str() == "kills");
        set(if fatal { &mut out.fatalities } else { &mut out.injuries }, 1);
    }
}

/// How many people a headline subject names: `teen` is one, `teen, man`
/// two; an age (`boy, 9,`) is no one.
fn people_named(subject: &str) -> u64 {
    let named = subject
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.parse::<u32>().is_err())
        .count();
    u64::try_from(named.max(1)).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Killed, injured and shot.
    type Read = (Option<u64>, Option<u64>, Option<u64>);

    fn read(title: &str) -> Read {
        let h = headline_casualties(title);
        (h.fatalities, h.injuries, h.shot)
    }

    #[test]
    fn headline_counts() {
        let cases: &[(&str, Read)] = &[
            ("Man shot, killed on Detroit's west side", (Some(1), None, None)),
            ("Girl shot at party dies; woman held", (Some(1), None, None)),
            (
                "Three shot, one dead after memorial at north St. Louis community center | FOX2now.com",
                (Some(1), None, Some(3)),
            ),
            ("1 dead, 1 injured in shooting at San Bernardino liquor store | abc7.com", (Some(1), Some(1), None)),
            ("Four wounded when gunfire breaks out after New Year's party | abc13.com", (None, Some(4), None)),
            ("Teen, man shot in South Philadelphia | 6abc.com", (None, None, Some(2))),
            ("2 hospitalized after Germantown shooting | 6abc.com", (None, Some(2), None)),
            ("Police: 23-year-old man shot, injured near Richards & Meinecke", (None, None, Some(1))),
            ("Everett Teen Found Shot On Bike Path Dies « CBS Boston", (Some(1), None, None)),
            ("Boy, 9, accidentally shot in head in southern Colorado dies", (Some(1), None, None)),
            ("Suspect sought after 3 shot at W Hotel in Streeterville", (None, None, Some(3))),
            ("Shootings in Santa Ana leave two hospitalized - The Orange County Register", (None, Some(2), None)),
            ("Overnight shooting in York sends 1 person to the hospital | WPMT FOX43", (None, Some(1), None)),
            ("Shots fired at Kenly bar, 2 injured | abc11.com", (None, Some(2), None)),
            ("One dead, two critical following mysterious night of violence", (Some(1), Some(2), None)),
            ("Child shoots himself at Forney paintball facility", (None, Some(1), None)),
            ("Hunter accidentally shoots and kills friend in Florida", (Some(1), None, None)),
            ("Police investigating Kensington double shooting | 6abc.com", (None, None, Some(2))),
            ("One of two women fatally shot was pregnant, family says", (Some(2), None, None)),
            ("At least 14 dead in San Bernardino shooting", (None, None, None)),
            ("Teenagers Shot In Southeast Columbus | WBNS-10TV", (None, None, None)),
            ("Police arrest man, recover 3 firearms during investigation", (None, None, None)),
            ("Jassely Lupoe, 5 - The Homicide Report - Los Angeles Times", (None, None, None)),
        ];
        for (title, want) in cases {
            assert_eq!(read(title), *want, "{title}");
        }
    }
}
