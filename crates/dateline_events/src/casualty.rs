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
    /// People shot or stabbed, the dead among them (`Two men were shot`,
    /// `a double shooting`): those of them not killed are the injured.
    pub shot: Option<Count>,
    /// The injured are one victim described, not counted (`a man was shot`):
    /// a lone death reported with them is the same victim's.
    pub lone_injured: bool,
    /// A victim is named by a pronoun or `the` (`He died overnight`, `the
    /// victim was shot`): one the article already introduced.
    pub known_victim: bool,
}

const MODIFIER: &str = r"(?:(?P<mod>at\s+least|more\s+than|over|nearly|almost|about|some|around|up\s+to)\s+)?";

static VERB_FIRST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<verb>kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es|e))\s+{MODIFIER}(?P<n>{NUMBER})\b(?P<next>-|:\d|\s*[ap]\.?m\b|\s+(?:years?|days?|months?|percent|per\s+cent|of\s+(?:the|them|their|his|her)|times|o'clock)\b)?"
    ))
    .ok()
});

static NUMBER_FIRST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MODIFIER}(?P<n>{NUMBER})\s+(?P<between>(?:[\w’'-]+\s+){{0,2}}?)(?:(?P<aux>(?:have|has|had)\s+been|were|was|are|is)\s+)?(?P<verb>killed|dead|died|wounded|injured|hurt|fatally\s+(?:shot|stabbed|wounded)|shot\s+(?:dead|to\s+death|and\s+killed)|(?P<victims>shot|stabbed))\b"
    ))
    .ok()
});

/// What befell one victim, after its subject: `was fatally shot`, `was
/// pronounced dead`, `was subsequently shot and killed`, `later died`
/// (fatal) or `was shot in the leg` (hurt).
const ONE_VICTIM_OUTCOME: &str = r"(?:(?:was|is|has\s+been|had\s+been)\s+(?:(?:later|subsequently|reportedly|allegedly|apparently|also|then)\s+)?(?:(?P<fatal>(?:shot|stabbed|beaten)\s+(?:and\s+)?killed|killed|fatally\s+(?:shot|stabbed|wounded|injured)|shot\s+dead|stabbed\s+to\s+death|beaten\s+to\s+death|shot\s+to\s+death|(?:found|pronounced|declared)\s+(?:dead|deceased)|shot\s+and\s+(?:later\s+)?died)|(?P<hurt>(?:shot|stabbed)\s+and\s+(?:wounded|injured)|suffering\s+(?:from\s+)?(?:(?:an?|at\s+least|one|multiple|several|two|apparent|single|what\s+appeared\s+to\s+be)\s+)*(?:gunshot|gun\s+shot|stab|bullet)\s+wounds?|wounded|injured|hurt|hospitali[sz]ed|(?:taken|transported|rushed|brought|airlifted|flown)\s+to\s+(?:an?\s+|the\s+)?(?:[\w’'-]+\s+){0,3}?hospital|treated\s+(?:at|for)|(?:listed\s+|still\s+)?in\s+(?:critical|serious|stable|fair|good|grave|the\s+hospital)|stabbed|shot(?P<missed>\s+at)?))|(?P<died>(?:later\s+|then\s+|has\s+|had\s+)?died))\b";

/// One victim before what befell them: `a 42-year-old woman was fatally
/// shot`, `Jassely Lupoe, a 5-year-old, was shot and killed`, `the victim
/// later died`, `he was pronounced dead`.
static ONE_VICTIM_PASSIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(?P<n>an?|one|the)\s+(?:[\w’'-]+,?\s+){{0,4}}?(?:who\s+)?|(?P<pronoun>he|she)\s+){ONE_VICTIM_OUTCOME}"
    ))
    .ok()
});

/// One victim named before what befell them: `Watkins was killed`, `Larry
/// Henderson, 30, was found shot dead`.
static ONE_NAMED_VICTIM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<n>(?-i:[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){{0,2}}))(?:,\s+\d{{1,3}},)?\s+(?:who\s+)?{ONE_VICTIM_OUTCOME}"
    ))
    .ok()
});

/// A deed that left one dead: `a fatal shooting`, `a robbery and fatal
/// shooting`, `a deadly Christmas Day shooting`, `the shooting death of`,
/// `the homicide victim` (not `the victim's funeral`).
static ONE_DEATH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<n>(?:an?|the)\s+(?:[\w-]+\s+and\s+)?(?:fatal|deadly)\s+(?-i:[A-Z][\w’'-]*\s+){0,2}?(?:shooting|stabbing)|(?:shooting|stabbing)\s+death|(?:homicide|murder)\s+victim)\b(?P<next>s|['’]s)?").ok()
});

/// One victim after an active verb: `shot and killed a man`, `fatally
/// shooting his wife`, `shot her husband` (hurt unless `shot a man dead`).
static ONE_VICTIM_ACTIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?P<fatal>(?:shot\s+and\s+)?kill(?:ed|ing|s)|fatally\s+(?:shot|shooting|stabbed|stabbing)|murder(?:ed|ing|s))|(?P<hurt>wound(?:ed|ing|s)|injur(?:ed|ing|es)|shot|shooting))\s+(?P<n>an?|one|his|her)\s+(?P<next>[\w’'-]+)(?P<dead>\s+(?:dead|to\s+death)\b)?",
    )
    .ok()
});

/// One victim a deed left hurt or dead: `left a man in critical condition`,
/// `left the victim wounded`, `left a teenager dead`, `left another teen
/// critically wounded`, `left a man with non-life threatening injuries`.
static ONE_VICTIM_LEFT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:left|leaving)\s+(?P<n>an?|one|the|another)\s+(?:[\w’'-]+\s+){0,3}?(?:(?P<dead>dead)|(?P<hurt>wounded|injured|hurt|in\s+(?:critical|serious|stable|grave|fair)\s+condition|with\s+(?:[\w-]+\s+){0,3}?injuries))\b",
    )
    .ok()
});

/// Two victims told of together: `Both were shot`, `the couple were found
/// dead`, `were both pronounced dead`, `both died`.
static BOTH_VICTIMS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?P<n>both|the\s+(?:two|pair|couple))(?:\s+(?:men|women|victims|teens|teenagers|boys|girls|brothers|sisters|of\s+them))?\s+(?:were|have\s+been|had\s+been)|\b(?:were|have\s+been|had\s+been)\s+(?P<n2>both))\s+(?:(?P<fatal>killed|fatally\s+(?:shot|stabbed|wounded)|shot\s+(?:dead|to\s+death|and\s+killed)|(?:found|pronounced|declared)\s+(?:dead|deceased))|(?P<shot>shot|stabbed)|wounded|injured|hurt|hospitali[sz]ed|(?:taken|transported|rushed)\s+to\s+(?:an?\s+|the\s+)?(?:[\w’'-]+\s+){0,3}?hospitals?)\b|\b(?P<died>both)(?:\s+(?:men|women|victims|teens|teenagers|boys|girls|brothers|sisters|of\s+them))?\s+(?:later\s+)?died\b",
    )
    .ok()
});

/// The two victims told of dying after what first befell them.
static THEY_DIED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthey\s+(?:(?:later|both)\s+)?(?:died|were\s+(?:later\s+)?pronounced\s+dead)\b").ok()
});

/// A shooting or killing named by its victims: `a double shooting`, `a
/// triple homicide` (not `a triple murder-suicide`, whose killer died too).
static MULTIPLE_VICTIMS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<n>double|triple|quadruple)\s+(?:(?P<shot>shooting|stabbing)|homicide|murder|killing)\b(?P<next>[-s])?")
        .ok()
});

/// The attacker killing himself: `then killed himself`, `took his own life`.
static SELF_KILLED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:shot\s+and\s+)?kill(?:ed|ing|s)|fatally\s+shoot(?:ing|s)?|fatally\s+shot)\s+(?:him|her)self\b|\b(?:took|taking|takes)\s+(?:his|her)\s+own\s+life\b|\bturn(?:ed|ing)\s+the\s+gun\s+on\s+(?:him|her)self\b|\bcommitted\s+suicide\b",
    )
    .ok()
});

/// The victim just described died too: `had been shot ... and was
/// pronounced dead`, `was found shot and later died`.
static AND_DIED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\band\s+(?:was\s+(?:later\s+)?(?:pronounced|declared)\s+(?:dead|deceased)|(?:later\s+|then\s+)?died)\b",
    )
    .ok()
});

/// One victim with a wound: `a 23-year-old man suffering from a gunshot
/// wound`, `the victim had gunshot wounds`, `the body of a man with a
/// gunshot wound`, `a third teenager received non-life-threatening injuries`.
static ONE_WOUNDED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<dead>(?:the\s+)?body\s+of\s+)?(?P<n>an?|one|the)\s+(?:[\w’'-]+,?\s+){0,4}?(?:who\s+)?(?:was\s+|is\s+)?(?:(?:suffering|suffered|sustained|received)\s+(?:from\s+)?(?:[\w-]+\s+){0,2}?injuries|(?:suffering\s+(?:from\s+)?|suffered\s+|sustained\s+|with\s+|had\s+)(?:(?:an?|at\s+least|one|multiple|several|two|apparent|single|what\s+appeared\s+to\s+be)\s+)*(?:gunshot|gun\s+shot|stab|bullet)\s+wounds?)\b",
    )
    .ok()
});

/// A period after a count that makes it a tally: `this year`, `so far`, `since 2010`.
static TALLY_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:[\w’'-]+\s+){0,2}?(?:(?:this|last|a)\s+year|so\s+far|since\s+(?:january|\d{4}))\b").ok()
});

/// A murder-suicide: the killer and one victim dead (`an apparent
/// murder-suicide`), or more (`a double murder-suicide` is three).
static MURDER_SUICIDE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:(?P<k>double|triple|quadruple)\s+)?murder[-\s]suicides?\b").ok());

/// One victim told without `was`: `a 21-year-old man shot and killed by state police`.
static ONE_VICTIM_REDUCED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<n>an?)\s+(?:[\w’'-]+\s+){0,3}?(?:shot|stabbed)\s+(?:and\s+killed|to\s+death|dead)\s+by\b")
        .ok()
});

/// Another victim after the first: `one man dead and another with
/// life-threatening injuries`, `one man was killed, another was injured`.
static ANOTHER_HURT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\band|,)\s+(?P<n>another)\s+(?:[\w’'-]+\s+){0,2}?(?:(?:was|is)\s+)?(?:(?:critically|seriously)\s+)?(?:wounded|injured|hurt|with\s+(?:[\w-]+\s+){0,3}?(?:injuries|wounds?)|in\s+(?:critical|serious|stable|grave)\s+condition)\b",
    )
    .ok()
});

/// Victims counted by their wounds: `Two of the victims had gunshot wounds`.
static COUNTED_WOUNDED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<n>{NUMBER})\s+(?:of\s+(?:the|them)\s+)?(?:[\w’'-]+\s+)?(?:had|suffered|sustained)\s+(?:[\w-]+\s+){{0,2}}?(?:gunshot|stab|bullet)\s+wounds\b"
    ))
    .ok()
});

/// One victim found hurt: `police found a person shot in the leg`.
static FOUND_HURT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:found|discovered|located)\s+(?P<n>an?)\s+(?:[\w’'-]+\s+){0,3}?(?:shot|stabbed|wounded)\b(?P<dead>\s+(?:dead|to\s+death)\b)?").ok()
});

/// Things shot that are not victims: `shot his way out`, `shooting a video`.
const NOT_A_PERSON: &[&str] = &["way", "video", "film", "photo", "picture", "scene", "glance", "look", "round", "hole"];

/// Words before a subject that say there was no victim: `No one was hurt`.
const NOT_A_VICTIM: &[&str] = &["no", "none", "nobody", "neither"];

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
            if let Some((n, outcome)) = count(&c) {
                taken.push((n.span.start as usize, n.span.end as usize));
                record(&mut out, n, outcome);
            }
        }
    }
    if let Some(re) = NUMBER_FIRST.as_ref() {
        for c in re.captures_iter(text) {
            let between = c.name("between").map_or("", |m| m.as_str()).to_ascii_lowercase();
            let singular = c.name("aux").is_some_and(|a| {
                let a = a.as_str().to_ascii_lowercase();
                a == "was" || a == "is" || a.starts_with("has")
            });
            let plural = c.name("n").and_then(|n| parse_number(n.as_str())).is_some_and(|v| v > 1);
            if between.split_whitespace().any(|w| matches!(w, "and" | "or" | "but" | "who" | "had"))
                || c.get(0).is_some_and(|m| denied(text, m.start()))
                || (singular && plural)
                || c.get(0).is_some_and(|m| a_tally(text.get(m.end()..).unwrap_or("")))
            {
                continue;
            }
            if let Some((n, outcome)) = count(&c) {
                let span = (n.span.start as usize, n.span.end as usize);
                if !taken.iter().any(|t| t.0 < span.1 && span.0 < t.1) {
                    record(&mut out, n, outcome);
                }
            }
        }
    }
    if let Some(c) = COUNTED_WOUNDED.as_ref().and_then(|re| re.captures(text))
        && let Some(n) = c.name("n")
        && let Some(value) = parse_number(n.as_str())
    {
        record(&mut out, Count { value, at_least: false, span: Span::new(n.start(), n.end()) }, Outcome::Hurt);
    }
    if let Some(re) = BOTH_VICTIMS.as_ref() {
        for c in re.captures_iter(text) {
            let Some(n) = c.name("n").or_else(|| c.name("n2")).or_else(|| c.name("died")) else {
                continue;
            };
            // `Both teens were taken to a hospital, where they died`.
            let they_died = c.get(0).and_then(|m| text.get(m.end()..)).is_some_and(|rest| {
                THEY_DIED.as_ref().is_some_and(|re| re.is_match(rest.split(['.', ';']).next().unwrap_or("")))
            });
            let outcome = if c.name("fatal").is_some() || c.name("died").is_some() || they_died {
                Outcome::Killed
            } else if c.name("shot").is_some() {
                Outcome::Shot
            } else {
                Outcome::Hurt
            };
            record(&mut out, Count { value: 2, at_least: false, span: Span::new(n.start(), n.end()) }, outcome);
        }
    }
    if let Some(re) = MULTIPLE_VICTIMS.as_ref() {
        for c in re.captures_iter(text).filter(|c| c.name("next").is_none()) {
            let Some(n) = c.name("n") else {
                continue;
            };
            let value = match n.as_str().to_ascii_lowercase().as_str() {
                "double" => 2,
                "triple" => 3,
                _ => 4,
            };
            let outcome = if c.name("shot").is_some() { Outcome::Shot } else { Outcome::Killed };
            record(&mut out, Count { value, at_least: false, span: Span::new(n.start(), n.end()) }, outcome);
        }
    }
    if let Some(c) = MURDER_SUICIDE.as_ref().and_then(|re| re.captures(text))
        && let Some(m) = c.get(0)
    {
        let victims = match c.name("k").map(|k| k.as_str().to_ascii_lowercase()) {
            Some(k) if k == "double" => 2,
            Some(k) if k == "triple" => 3,
            Some(_) => 4,
            None => 1,
        };
        let dead = Count { value: victims + 1, at_least: false, span: Span::new(m.start(), m.end()) };
        record(&mut out, dead, Outcome::Killed);
    }
    let counted_dead = out.fatalities.is_some();
    // Each reader of one victim, and whether what it reads is always a death.
    let singles = [
        (&ONE_VICTIM_PASSIVE, false),
        (&ONE_NAMED_VICTIM, false),
        (&ONE_VICTIM_ACTIVE, false),
        (&ONE_VICTIM_LEFT, false),
        (&ONE_WOUNDED, false),
        (&ONE_DEATH, true),
        (&ONE_VICTIM_REDUCED, true),
        (&ANOTHER_HURT, false),
        (&FOUND_HURT, false),
    ];
    for (re, always_fatal) in singles.into_iter().filter_map(|(re, f)| Some((re.as_ref()?, f))) {
        for c in re.captures_iter(text) {
            let next = c.name("next").map_or("", |m| m.as_str());
            let Some(n) = c.name("n").or_else(|| c.name("pronoun")) else {
                continue;
            };
            if parse_number(next).is_some()
                || (next.ends_with('s') && !next.ends_with("ss"))
                || NOT_A_PERSON.contains(&next.to_lowercase().as_str())
            {
                continue;
            }
            // `one of the women was shot`: one of victims already counted.
            let partitive = n.as_str().eq_ignore_ascii_case("one")
                && text.get(n.end()..).is_some_and(|r| r.to_ascii_lowercase().starts_with(" of "));
            if denied(text, n.start()) || c.name("missed").is_some() || partitive {
                continue;
            }
            let fatal = always_fatal || ["fatal", "died", "dead"].into_iter().any(|group| c.name(group).is_some());
            out.known_victim |= c.name("pronoun").is_some() || n.as_str().eq_ignore_ascii_case("the");
            let one = Count { value: 1, at_least: false, span: Span::new(n.start(), n.end()) };
            // `a second was injured`, `another teen wounded`: not the victim who died.
            let other = c.get(0).is_some_and(|m| {
                m.as_str()
                    .split_whitespace()
                    .any(|w| matches!(w.to_lowercase().as_str(), "another" | "second" | "other" | "third"))
            });
            out.lone_injured |= !fatal && !other && out.injuries.is_none();
            record(&mut out, one, if fatal { Outcome::Killed } else { Outcome::Hurt });
        }
    }
    if out.lone_injured
        && out.fatalities.is_none()
        && let Some(m) = AND_DIED.as_ref().and_then(|re| re.find(text))
    {
        record(&mut out, Count { value: 1, at_least: false, span: Span::new(m.start(), m.end()) }, Outcome::Killed);
    }
    if let Some(m) = SELF_KILLED.as_ref().and_then(|re| re.find(text)) {
        match out.fatalities.as_mut() {
            // `killed two people and then himself`: the attacker is one more dead.
            Some(f) if counted_dead => f.value += 1,
            Some(_) => {}
            None => out.fatalities = Some(Count { value: 1, at_least: false, span: Span::new(m.start(), m.end()) }),
        }
    }
    if same_victim_killed(out.lone_injured, out.fatalities.as_ref()) {
        out.injuries = None;
    }
    out
}

/// Whether one victim described as hurt (`a man was shot`) and a lone death
/// (`he died at a hospital`) are the same victim, killed and not also injured.
pub(crate) fn same_victim_killed(lone_injured: bool, fatalities: Option<&Count>) -> bool {
    lone_injured && fatalities.is_some_and(|f| f.value == 1)
}

/// Whether the word before byte `at` denies that there was a victim (`no one was hurt`).
fn denied(text: &str, at: usize) -> bool {
    let word_before = text.get(..at).and_then(|b| b.split_whitespace().last()).unwrap_or("");
    NOT_A_VICTIM.contains(&word_before.to_lowercase().as_str())
}

/// Whether what follows a count makes it a tally over time (`Nine officers
/// have been fatally shot this year`), not the victims of one deed.
fn a_tally(after: &str) -> bool {
    TALLY_AFTER.as_ref().is_some_and(|re| re.is_match(after))
}

/// What a count tells befell its people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Killed,
    Hurt,
    /// Shot or stabbed, killed or not.
    Shot,
}

fn count(c: &Captures<'_>) -> Option<(Count, Outcome)> {
    let n = c.name("n")?;
    let value = parse_number(n.as_str())?;
    let start = c.name("mod").map_or(n.start(), |m| m.start());
    let at_least = c.name("mod").is_some_and(|m| {
        matches!(m.as_str().to_ascii_lowercase().split_whitespace().next(), Some("at" | "more" | "over"))
    });
    let verb = c.name("verb")?.as_str().to_ascii_lowercase();
    let outcome = if c.name("victims").is_some() {
        Outcome::Shot
    } else if verb.starts_with("kill")
        || verb.starts_with("fatally")
        || verb.starts_with("shot")
        || verb == "dead"
        || verb == "died"
    {
        Outcome::Killed
    } else {
        Outcome::Hurt
    };
    Some((Count { value, at_least, span: Span::new(start, n.end()) }, outcome))
}

fn record(out: &mut Casualties, count: Count, outcome: Outcome) {
    let slot = match outcome {
        Outcome::Killed => &mut out.fatalities,
        Outcome::Hurt => &mut out.injuries,
        Outcome::Shot => &mut out.shot,
    };
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
            ("On Sunday, two women were fatally shot multiple times.", Some((2, false)), None),
            ("Police say two brothers were shot dead inside a home.", Some((2, false)), None),
            ("Three men were shot and killed Friday.", Some((3, false)), None),
            ("said 26-year-old Hussein Samir", None, None),
            ("A 42-year-old woman was fatally shot in the area.", Some((1, false)), None),
            ("Jassely Lupoe, a 5-year-old Latina, was shot and killed Tuesday", Some((1, false)), None),
            ("A deputy who was shot and injured while off duty", None, Some((1, false))),
            ("officers shot and killed a man who was acting erratically", Some((1, false)), None),
            ("killing his five young children", None, None),
            ("the gunman killed two people and a man was wounded", Some((2, false)), Some((1, false))),
            ("an attack that killed his brothers", None, None),
            ("A man died Friday after he was shot inside a barber shop.", Some((1, false)), None),
            ("He died at a hospital.", Some((1, false)), None),
            ("The 19-year-old victim later died.", Some((1, false)), None),
            ("Taylor was pronounced dead at the scene.", Some((1, false)), None),
            ("Larry Henderson, 30, was shot to death.", Some((1, false)), None),
            ("Police responded to reports of a fatal shooting.", Some((1, false)), None),
            ("police are investigating a robbery and fatal shooting", Some((1, false)), None),
            ("He is charged in the shooting death of Goldie Long.", Some((1, false)), None),
            ("No one was hurt.", None, None),
            ("Two shooting deaths this year", None, None),
            ("The officers were not hurt.", None, None),
            ("A 20-year-old man was shot while walking.", None, Some((1, false))),
            ("He was taken to York Hospital for treatment.", None, Some((1, false))),
            ("The woman is listed in serious condition.", None, Some((1, false))),
            ("A man was shot and later died.", Some((1, false)), None),
            ("The man was shot at but not hit.", None, None),
            ("Neither officer was injured.", None, None),
            ("the wife shot her husband through a closed door", None, Some((1, false))),
            ("he shot a woman Saturday in Rogers Park", None, Some((1, false))),
            ("a gunman shot a man dead outside a bar", Some((1, false)), None),
            ("officers shot and killed a man", Some((1, false)), None),
            ("a robbery that left a man in critical condition", None, Some((1, false))),
            ("The attack left the victim in critical condition.", None, Some((1, false))),
            ("a shooting that left a teenager dead", Some((1, false)), None),
            ("he shot his way out of the building", None, None),
            ("they were shooting a video in the park", None, None),
            ("Janis Evans and Stephanie Mejia were both pronounced dead of gunshot wounds", Some((2, false)), None),
            ("Both men died at the scene.", Some((2, false)), None),
            ("The couple were found dead in their home.", Some((2, false)), None),
            ("Contreras was killed in a double homicide.", Some((2, false)), None),
            ("police found four dead after an apparent triple murder-suicide", Some((4, false)), None),
            ("The man shot three women and then killed himself.", Some((1, false)), None),
            ("the gunman killed two people before killing himself", Some((3, false)), None),
            ("The gunman then took his own life.", Some((1, false)), None),
            ("She said her brother threatened to kill himself.", None, None),
            ("Arnold had been shot multiple times and was pronounced dead at the scene.", Some((1, false)), None),
            ("She was pronounced deceased at the hospital.", Some((1, false)), None),
            ("They discovered a 23-year-old man suffering from at least one gunshot wound.", None, Some((1, false))),
            ("A man with a gunshot wound was brought to Duke Regional Hospital.", None, Some((1, false))),
            ("A fisherman found the body of a man with a gunshot wound.", Some((1, false)), None),
            ("The 22-year-old victim had gunshot wounds.", None, Some((1, false))),
            ("A man wielding two handguns was shot and killed at a Walmart.", Some((1, false)), None),
            ("A young mother of three is dead following a shooting.", None, None),
            ("Nine officers have been fatally shot this year alone.", None, None),
            ("a shooting that left a man wounded around 6:20 p.m.", None, Some((1, false))),
            ("Police are investigating an apparent murder-suicide.", Some((2, false)), None),
            ("Police called it a double murder-suicide.", Some((3, false)), None),
            ("A 21-year-old man shot and killed by state police carried a rifle.", Some((1, false)), None),
            ("the victim of a deadly Christmas Day shooting", Some((1, false)), None),
            ("The Trotwood homicide victim is Jason Alford.", Some((1, false)), None),
            ("W-B homicide victim's funeral shot up", None, None),
            ("a statement on the fatal police shooting of a man and woman", None, None),
            ("the daughter of Jon Boring, 51, who was shot and killed in his home", Some((1, false)), None),
            (
                "A shooting left one man dead and another with life-threatening injuries.",
                Some((1, false)),
                Some((1, false)),
            ),
            ("one man was killed, another was injured and people fled", Some((1, false)), Some((1, false))),
            ("Police say one person has died and a second was injured.", Some((1, false)), Some((1, false))),
            ("The shooting left another teen critically wounded.", None, Some((1, false))),
            ("an incident that left a man with non-life threatening injuries", None, Some((1, false))),
            ("The man was transported to a local hospital for treatment.", None, Some((1, false))),
            ("The victim, a 22 year-old-man, sustained a single gunshot wound.", None, Some((1, false))),
            ("A third teenager received non-life-threatening injuries.", None, Some((1, false))),
            ("Two of the victims had gunshot wounds to the lower body.", None, Some((2, false))),
            ("When they arrived, police found a person shot in the leg.", None, Some((1, false))),
            ("Chief Vance said one of the women was shot in the car.", None, None),
            ("Both teens were taken to a hospital, where they died the next day.", Some((2, false)), None),
            ("Both teens were taken to a hospital. They are expected to recover.", None, Some((2, false))),
            ("Waldron was subsequently shot and killed.", Some((1, false)), None),
            ("she was later pronounced deceased", Some((1, false)), None),
        ];
        for (text, killed, hurt) in cases {
            assert_eq!(values(text), (*killed, *hurt), "{text}");
        }
    }

    #[test]
    fn people_shot_are_counted_apart_from_the_dead_and_the_hurt() {
        for (text, shot) in [
            ("Two men were shot Tuesday night.", Some(2)),
            ("Both were shot multiple times.", Some(2)),
            ("Police are investigating a double shooting.", Some(2)),
            ("There were two shootings this week.", None),
            ("No one was shot.", None),
        ] {
            assert_eq!(casualties(text).shot.map(|c| c.value), shot, "{text}");
        }
    }

    #[test]
    fn a_victim_named_by_pronoun_or_the_is_known() {
        for (text, known) in [
            ("He died overnight.", true),
            ("The victim was taken to a hospital.", true),
            ("The attack left the victim in critical condition.", true),
            ("A man was shot on Main Street.", false),
            ("Two people were wounded.", false),
        ] {
            assert_eq!(casualties(text).known_victim, known, "{text}");
        }
    }

    #[test]
    fn a_described_victim_is_lone_and_a_counted_one_is_not() {
        assert!(casualties("A man was shot on Main Street.").lone_injured);
        assert!(!casualties("Two people were wounded.").lone_injured);
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
