//! Trigger mentions: each lexicon hit in context, with its cues (negation,
//! modality, anaphora, background) and its own arguments.

use crate::casualty::casualties;
use crate::crowd::find_crowds;
use crate::lexicon::Lexicon;
use crate::roles::{Governed, participants, place_score, possessor_of, words_before};
use dateline_core::{
    Count, CrowdSize, DatePrecision, Document, EventDate, EventType, Participant, Role, Span, TimeExpr,
};
use jiff::civil::{Date, ISOWeekDate, Weekday};

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "didn't", "don't", "doesn't", "won't", "wasn't", "weren't", "hasn't", "haven't", "without",
    "nor", "cannot", "can't",
];
const MODALS: &[&str] =
    &["will", "would", "could", "might", "may", "should", "shall", "must", "'ll", "planned", "plans"];
const DISTINCT: &[&str] = &["also", "another", "separate", "second", "other", "rival"];
const DEFINITE: &[&str] = &["the", "this", "that", "their", "his", "its", "these", "those", "her"];
const BACKGROUND: &[&str] = &["after", "since", "following", "previously"];
/// What befell victims, said right before `after` or `following`: the deed
/// the clause then names is the news itself (`has died after he was shot`,
/// `is in critical condition following a shooting`), not context.
const AFTERMATH: &[&str] = &[
    "died",
    "dies",
    "dead",
    "hospitalized",
    "hospitalised",
    "hospital",
    "injured",
    "wounded",
    "hurt",
    "condition",
    "recovering",
];
const PASSIVE: &[&str] = &["was", "were", "been", "being", "is", "are", "be"];
/// Words that open a relative clause set off by commas.
const RELATIVE_PRONOUNS: &[&str] = &["whose", "who", "which", "whom", "where"];
/// Prepositions that put a noun trigger inside a phrase of its own.
const NOUN_PREPOSITIONS: &[&str] = &["to", "after", "of", "for", "against", "following", "since", "before", "over"];

/// Whether the words before a trigger (nearest first) recall it as earlier
/// context (`after a US drone strike`), not as what its victims' fate follows.
fn recalled(words: &[String]) -> bool {
    words.iter().take(4).position(|w| BACKGROUND.contains(&w.as_str())).is_some_and(|k| {
        let aftermath = words.get(k + 1).is_some_and(|w| AFTERMATH.contains(&w.as_str()));
        !(aftermath && matches!(words[k].as_str(), "after" | "following"))
    })
}

/// Verbs whose subject suffered the happening `in` or `during` which it
/// suffered (`Soleimani, who died in a US-ordered air raid`): not its actor.
const SUFFERED: &[&str] = &["died", "killed", "wounded", "injured", "hurt", "perished"];

/// Where the noun phrase ending `prefix` starts, when a preposition governs
/// it through a determiner (`to the `, `after a US `, `died in an `): at most
/// one word between.
fn phrase_after_preposition(prefix: &str) -> Option<usize> {
    let words: Vec<(usize, String)> = prefix
        .split_whitespace()
        .rev()
        .take(4)
        .map(|w| (w.as_ptr() as usize - prefix.as_ptr() as usize, w.to_lowercase()))
        .collect();
    let determiner = |w: &str| DEFINITE.contains(&w) || w == "a" || w == "an";
    (0..2).find_map(|at| {
        let (start, det) = words.get(at)?;
        let (_, prep) = words.get(at + 1)?;
        let suffered_in = ["in", "during"].contains(&prep.as_str())
            && words.get(at + 2).is_some_and(|(_, verb)| SUFFERED.contains(&verb.as_str()));
        (determiner(det) && (NOUN_PREPOSITIONS.contains(&prep.as_str()) || suffered_in)).then_some(*start)
    })
}
/// Words that open a clause about another happening.
const CLAUSE_OPENERS: &[&str] = &["after", "since", "following", "before", "when", "who", "which", "until"];
/// A trigger this close after a request, threat or accusation in the same clause is its content.
const CONTENT_REACH: u32 = 60;

/// Sentences and the paragraph each belongs to.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) sentences: Vec<Span>,
    pub(crate) paragraph: Vec<usize>,
}

impl Layout {
    /// The document's sentences (one per line when the layer is empty); a
    /// paragraph ends at a line break.
    pub(crate) fn of(doc: &Document) -> Layout {
        let text = doc.text();
        let sentences = if doc.sentences.is_empty() {
            let mut spans = Vec::new();
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                if !line.trim().is_empty() {
                    spans.push(Span::new(at, at + line.trim_end().len()));
                }
                at += line.len();
            }
            spans
        } else {
            doc.sentences.clone()
        };
        let mut paragraph = Vec::with_capacity(sentences.len());
        let mut p = 0;
        let mut prev_end = 0;
        for s in &sentences {
            if text.get(prev_end..s.start as usize).is_some_and(|gap| gap.contains('\n')) {
                p += 1;
            }
            paragraph.push(p);
            prev_end = s.end as usize;
        }
        Layout { sentences, paragraph }
    }

    /// Index of the sentence holding byte `at`.
    pub(crate) fn sentence_of(&self, at: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        self.sentences.get(i).filter(|s| s.start <= at).map(|_| i)
    }
}

/// A date with the interval of days it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dated {
    pub(crate) date: EventDate,
    pub(crate) from: Date,
    pub(crate) to: Date,
}

impl Dated {
    /// The date of a time expression with a calendar value, unless implausible.
    pub(crate) fn of(t: &TimeExpr) -> Option<Dated> {
        if t.implausible {
            return None;
        }
        let value = calendar_part(&t.value);
        let precision = DatePrecision::of_timex(value)?;
        let (from, to) = interval(value, precision)?;
        Some(Dated { date: EventDate { value: value.to_owned(), precision, source: Some(t.span) }, from, to })
    }

    /// The anchor day, with no source expression.
    pub(crate) fn day(d: Date) -> Dated {
        let value = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        Dated { date: EventDate { value, precision: DatePrecision::Day, source: None }, from: d, to: d }
    }

    /// Whether the two intervals share a day.
    pub(crate) fn overlaps(&self, other: &Dated) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

/// The calendar date of a TIMEX3 value without its time of day
/// (`2020-01-24TNI`, `2020-01-24T14:00` are on `2020-01-24`): events are dated
/// to the day.
fn calendar_part(value: &str) -> &str {
    match value.split_once('T') {
        Some((day, _)) if day.len() == 10 => day,
        _ => value,
    }
}

fn interval(value: &str, precision: DatePrecision) -> Option<(Date, Date)> {
    let year: i16 = value.get(0..4)?.parse().ok()?;
    match precision {
        DatePrecision::Day => {
            let d: Date = value.parse().ok()?;
            Some((d, d))
        }
        DatePrecision::Week => {
            let week: i8 = value.get(6..8)?.parse().ok()?;
            let monday = ISOWeekDate::new(year, week, Weekday::Monday).ok()?.date();
            Some((monday, monday.checked_add(jiff::Span::new().days(6)).ok()?))
        }
        DatePrecision::Month => {
            let first = Date::new(year, value.get(5..7)?.parse().ok()?, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        DatePrecision::Year => {
            let first = Date::new(year, 1, 1).ok()?;
            Some((first, first.last_of_year()))
        }
    }
}

/// One trigger in context.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub(crate) kind: EventType,
    pub(crate) subtype: String,
    pub(crate) trigger: Span,
    pub(crate) sentence: usize,
    pub(crate) paragraph: usize,
    /// A definite noun (`the rally`, `Friday's march`): refers back.
    pub(crate) anaphoric: bool,
    /// `also`, `another`, `separate`: a new happening.
    pub(crate) distinct: bool,
    /// `after a drone strike`, `had called for`, `in the past`.
    pub(crate) background_cue: bool,
    pub(crate) modal: bool,
    pub(crate) quoted: bool,
    /// A sentence with a crowd but no trigger, describing the preceding gathering.
    pub(crate) elaboration: bool,
    /// How probable the type classifier finds the mention's type in its sentence
    /// (`None`: a type it does not tell apart).
    pub(crate) agreement: Option<f32>,
    pub(crate) date: Option<Dated>,
    /// Best place of the sentence: score and index into `Document::places`.
    pub(crate) place: Option<(i32, usize)>,
    pub(crate) actors: Vec<Participant>,
    pub(crate) targets: Vec<Participant>,
    pub(crate) crowd: Option<CrowdSize>,
    pub(crate) fatalities: Option<Count>,
    pub(crate) injuries: Option<Count>,
    /// People shot, the dead among them (see [`crate::Casualties::shot`]).
    pub(crate) shot: Option<Count>,
    /// The injured are one victim described, not counted (see [`crate::Casualties::lone_injured`]).
    pub(crate) lone_injured: bool,
}

/// Every trigger mention of `doc` that reports a happening (not negated, not
/// an intention or condition, not the content of a call or threat), plus the
/// crowd sentences that elaborate on a gathering.
pub(crate) fn find_mentions(doc: &Document, lexicon: &Lexicon, layout: &Layout) -> Vec<Mention> {
    let text = doc.text();
    let mut out: Vec<Mention> = Vec::new();
    let mut calls_for_protest: Vec<usize> = Vec::new();
    // Every trigger seen so far, kept or not: its sentence, kind, span,
    // whether it is a noun, and its index in `out` when kept.
    let mut seen: Vec<Seen> = Vec::new();
    // Sentences that go on with an attack someone is accused of (`attacks
    // on US forces, with a recent one killing a contractor`).
    let mut alleged_attacks: Vec<usize> = Vec::new();
    for hit in lexicon.find(text) {
        let Some(entry) = lexicon.entry(hit) else {
            continue;
        };
        let trigger = Span::new(hit.start, hit.end);
        if doc.times.iter().any(|t| t.span.overlaps(trigger)) || doc.entities.iter().any(|e| e.span.overlaps(trigger)) {
            continue;
        }
        let Some(si) = layout.sentence_of(trigger.start) else {
            continue;
        };
        let Some(&sentence) = layout.sentences.get(si) else {
            continue;
        };
        let prefix = text.get(sentence.start as usize..hit.start).unwrap_or("");
        let word = text.get(hit.start..hit.end).unwrap_or("");
        if prefix.ends_with('-') && word.ends_with("ed") {
            continue;
        }
        let words = words_before(prefix, 8);
        let near = |n: usize, set: &[&str]| words.iter().take(n).any(|w| set.contains(&w.as_str()));
        let after = text.get(hit.end..sentence.end as usize).unwrap_or("");
        let content_of_call = out.iter().rev().take_while(|m| m.sentence == si).any(|m| {
            matches!(m.kind, EventType::Request | EventType::Threaten | EventType::Accuse)
                && trigger.start - m.trigger.end <= CONTENT_REACH
                && text
                    .get(m.trigger.end as usize..hit.start)
                    .is_some_and(|gap| !gap.contains([';', '.']) && (!gap.contains(',') || gap.contains(" to ")))
        });
        if content_of_call && entry.kind == EventType::Protest {
            calls_for_protest.push(si);
        }
        let continued = seen
            .iter()
            .rev()
            .take_while(|s| s.sentence == si)
            .find(|s| s.kind == entry.kind)
            .filter(|s| continues(text.get(s.trigger.end as usize..hit.start).unwrap_or(""), word, s.noun));
        let content = content_of_call || continued.is_some_and(|s| s.content);
        if continued.is_some_and(|s| s.content) && entry.kind == EventType::Assault {
            alleged_attacks.push(si);
        }
        let dropped = near(3, NEGATIONS)
            || words.first().is_some_and(|w| w == "to")
            || near(8, &["if", "unless"])
            || content
            || (entry.kind == EventType::Request && after.starts_with(" by "))
            || continued.is_some_and(|s| s.kept.is_none());
        let mut kept = None;
        if !dropped {
            let mut m = mention_at(doc, layout, si, trigger, entry.kind, &entry.subtype, entry.noun);
            if let Some(earlier) = continued.and_then(|s| s.kept).and_then(|i| out.get(i)) {
                m.actors.clone_from(&earlier.actors);
            }
            kept = Some(out.len());
            out.push(m);
        }
        seen.push(Seen { sentence: si, kind: entry.kind, trigger, noun: entry.noun, kept, content });
    }
    organizers_from_calls(&mut out, &calls_for_protest);
    let crowds = elaborations(doc, layout, &out);
    let victims = casualty_elaborations(doc, layout, &out, &alleged_attacks);
    out.extend(crowds);
    out.extend(victims);
    out.sort_by_key(|m| m.trigger.start);
    out
}

/// A trigger met while reading a document, kept as a mention or not.
struct Seen {
    sentence: usize,
    kind: EventType,
    trigger: Span,
    noun: bool,
    /// Its index among the mentions, when it reports a happening.
    kept: Option<usize>,
    /// Whether it is the content of a call, threat or accusation.
    content: bool,
}

/// Whether a trigger goes on telling the happening of an earlier trigger of
/// its kind in the sentence, `gap` being the text between them: a participle
/// clause (`shot down the plane, killing everyone on board`) or a relative
/// clause on the earlier noun (`the drone attack that killed him`). It
/// shares that happening's actors and its fate: the content of an
/// accusation stays the content however it goes on.
fn continues(gap: &str, word: &str, earlier_is_noun: bool) -> bool {
    if gap.contains([';', '.', ':']) {
        return false;
    }
    let participle = word.to_lowercase().ends_with("ing") && gap.contains(',');
    let relative = earlier_is_noun
        && gap
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("that") || w.eq_ignore_ascii_case("which"));
    participle || relative
}

/// The mention of a `kind` trigger at `trigger` in sentence `si`, with its cues and arguments.
pub(crate) fn mention_at(
    doc: &Document,
    layout: &Layout,
    si: usize,
    trigger: Span,
    kind: EventType,
    subtype: &str,
    noun: bool,
) -> Mention {
    let text = doc.text();
    let sentence = layout.sentences.get(si).copied().unwrap_or(trigger);
    let prefix = text.get(sentence.start as usize..trigger.start as usize).unwrap_or("");
    let words = words_before(prefix, 8);
    let near = |n: usize, set: &[&str]| words.iter().take(n).any(|w| set.contains(&w.as_str()));
    let noun = noun || gerund_as_noun(text.get(trigger.range()).unwrap_or(""), &words);
    let anaphoric = noun
        && !words.first().is_some_and(|w| w == "a" || w == "an")
        && words.iter().take(3).any(|w| DEFINITE.contains(&w.as_str()) || w.ends_with("'s"));
    let governed = if words.first().is_some_and(|w| PASSIVE.contains(&w.as_str())) {
        Governed::Passive
    } else if let Some(from) = noun.then(|| phrase_after_preposition(prefix)).flatten() {
        Governed::Preposition(sentence.start + from as u32)
    } else {
        Governed::Subject
    };
    let (actors, targets) = participants(doc, sentence, trigger, kind, governed);
    // `Iran's missile attack` names its actor: not a reference back to any attack.
    let anaphoric = anaphoric && !actors.iter().any(|a| possessor_of(doc, a.span, trigger));
    let mut m = Mention {
        kind,
        subtype: subtype.to_owned(),
        trigger,
        sentence: si,
        paragraph: layout.paragraph.get(si).copied().unwrap_or(0),
        anaphoric,
        distinct: near(4, DISTINCT),
        background_cue: recalled(&words) || near(2, &["had"]) || prefix.to_lowercase().contains("in the past"),
        modal: near(3, MODALS),
        quoted: quoted(text, sentence, layout, si, trigger.start as usize),
        elaboration: false,
        agreement: None,
        date: own_date(doc, sentence, trigger),
        place: best_place(doc, sentence),
        actors,
        targets,
        crowd: None,
        fatalities: None,
        injuries: None,
        shot: None,
        lone_injured: false,
    };
    let sentence_text = text.get(sentence.range()).unwrap_or("");
    let shift = |s: Span| s.shift(sentence.start as usize);
    if m.kind == EventType::Protest {
        let crowds = find_crowds(sentence_text);
        let rel = trigger.start.saturating_sub(sentence.start) as usize;
        let pick = crowds.iter().rev().find(|c| c.end <= rel).or_else(|| crowds.iter().find(|c| c.start >= rel));
        m.crowd = pick.map(|c| CrowdSize { min: c.min, max: c.max, span: shift(Span::new(c.start, c.end)) });
    }
    if m.kind == EventType::Assault {
        let c = casualties(sentence_text);
        m.fatalities = c.fatalities.map(|f| Count { span: shift(f.span), ..f });
        m.injuries = c.injuries.map(|f| Count { span: shift(f.span), ..f });
        m.shot = c.shot.map(|f| Count { span: shift(f.span), ..f });
        m.lone_injured = c.lone_injured;
    }
    m
}

/// Whether a verb's `-ing` form is used as a noun: a determiner or a
/// possessive governs it (`the shooting`, `a stabbing`, `the officer's
/// shooting`), so it can refer back like any noun trigger.
fn gerund_as_noun(word: &str, words_before: &[String]) -> bool {
    let governs = |w: &str| DEFINITE.contains(&w) || w == "a" || w == "an" || w.ends_with("'s");
    word.to_lowercase().ends_with("ing") && words_before.iter().take(2).any(|w| governs(w))
}

/// `The rally comes after Sadr called on Iraqis to stage a demonstration`:
/// whoever calls for a gathering in a sentence that reports one organized it.
fn organizers_from_calls(mentions: &mut [Mention], calls_for_protest: &[usize]) {
    for &si in calls_for_protest {
        let callers: Vec<Participant> = mentions
            .iter()
            .filter(|m| m.sentence == si && m.kind == EventType::Request)
            .flat_map(|m| m.actors.iter().filter(|a| a.entity_id.is_some()).cloned())
            .map(|a| Participant { role: Some(Role::Organizer), ..a })
            .collect();
        for m in mentions.iter_mut().filter(|m| m.sentence == si && m.kind == EventType::Protest) {
            for caller in &callers {
                if !m.actors.iter().any(|a| a.entity_id == caller.entity_id) {
                    m.actors.push(caller.clone());
                }
            }
        }
    }
}

/// Sentences without a gathering trigger whose crowd (`Some 800 supporters
/// of the PMF left Baghdad ...`) may describe the gathering just before.
fn elaborations(doc: &Document, layout: &Layout, found: &[Mention]) -> Vec<Mention> {
    let text = doc.text();
    let mut out = Vec::new();
    for (si, &sentence) in layout.sentences.iter().enumerate() {
        if found.iter().any(|m| m.sentence == si && m.kind == EventType::Protest) {
            continue;
        }
        let Some(c) = find_crowds(text.get(sentence.range()).unwrap_or("")).into_iter().next() else {
            continue;
        };
        let span = Span::new(c.start, c.end).shift(sentence.start as usize);
        let whole = Span::new(sentence.end as usize, sentence.end as usize);
        let (actors, _) = participants(doc, sentence, whole, EventType::Protest, Governed::Subject);
        out.push(Mention {
            actors,
            crowd: Some(CrowdSize { min: c.min, max: c.max, span }),
            ..elaboration(doc, layout, EventType::Protest, "peaceful protest", span, si)
        });
    }
    out
}

/// Sentences without an attack trigger that count its victims (`He died at
/// a hospital.`, `Two other people were wounded.`): they may tell the
/// casualties of the attack just before, or report one of their own. A
/// victim named by a pronoun or `the` is one already told of, however far back.
/// The victims a clause counts that goes on with an attack someone is
/// accused of (the sentences in `alleged`) are part of the accusation; those
/// of `a man accused of shooting his wife` are the news.
fn casualty_elaborations(doc: &Document, layout: &Layout, found: &[Mention], alleged: &[usize]) -> Vec<Mention> {
    let text = doc.text();
    let mut out = Vec::new();
    for (si, &sentence) in layout.sentences.iter().enumerate() {
        if alleged.contains(&si) || found.iter().any(|m| m.sentence == si && m.kind == EventType::Assault) {
            continue;
        }
        let c = casualties(text.get(sentence.range()).unwrap_or(""));
        let shift = |n: Count| Count { span: n.span.shift(sentence.start as usize), ..n };
        let (fatalities, injuries, shot) = (c.fatalities.map(shift), c.injuries.map(shift), c.shot.map(shift));
        let Some(span) = fatalities.as_ref().or(injuries.as_ref()).or(shot.as_ref()).map(|n| n.span) else {
            continue;
        };
        out.push(Mention {
            fatalities,
            injuries,
            shot,
            lone_injured: c.lone_injured,
            anaphoric: c.known_victim,
            ..elaboration(doc, layout, EventType::Assault, "attack", span, si)
        });
    }
    out
}

/// A mention that elaborates an event without a trigger of its own, found by what sentence `si` counts.
fn elaboration(doc: &Document, layout: &Layout, kind: EventType, subtype: &str, trigger: Span, si: usize) -> Mention {
    Mention {
        kind,
        subtype: subtype.into(),
        trigger,
        sentence: si,
        paragraph: layout.paragraph.get(si).copied().unwrap_or(0),
        anaphoric: false,
        distinct: false,
        background_cue: false,
        modal: false,
        quoted: false,
        elaboration: true,
        agreement: None,
        date: None,
        place: layout.sentences.get(si).and_then(|&sentence| best_place(doc, sentence)),
        actors: Vec::new(),
        targets: Vec::new(),
        crowd: None,
        fatalities: None,
        injuries: None,
        shot: None,
        lone_injured: false,
    }
}

/// Whether byte `at` is inside a quotation of its paragraph.
fn quoted(text: &str, sentence: Span, layout: &Layout, si: usize, at: usize) -> bool {
    let para = layout.paragraph.get(si).copied().unwrap_or(0);
    let first = layout.paragraph.iter().position(|p| *p == para).unwrap_or(si);
    let start = layout.sentences.get(first).map_or(sentence.start, |s| s.start) as usize;
    let prefix = text.get(start..at).unwrap_or("");
    prefix.matches('“').count() > prefix.matches('”').count() || prefix.matches('"').count() % 2 == 1
}

/// The time expression of the sentence nearest to the trigger, leaving out
/// those in a later clause about another happening (`gathered … after the US
/// killed him earlier this month`).
fn own_date(doc: &Document, sentence: Span, trigger: Span) -> Option<Dated> {
    let text = doc.text();
    let other_clause = |t: &TimeExpr| {
        t.span.start >= trigger.end
            && text.get(trigger.end as usize..t.span.start as usize).is_some_and(|gap| {
                gap.split(|c: char| !c.is_alphanumeric()).any(|w| CLAUSE_OPENERS.contains(&w.to_lowercase().as_str()))
            })
    };
    doc.times
        .iter()
        .filter(|t| sentence.contains(t.span) && !other_clause(t) && !relative_aside(text, sentence, t.span, trigger))
        .filter_map(|t| Some((distance(t.span, trigger), Dated::of(t)?)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, d)| d)
}

/// Whether the time at `time` sits in a relative clause that closes before
/// the trigger (`Al-Sadr, whose party won the May 2018 elections, had called
/// for …`): then it dates something else.
pub(crate) fn relative_aside(text: &str, sentence: Span, time: Span, trigger: Span) -> bool {
    let (Some(before), Some(gap)) =
        (text.get(sentence.start as usize..time.start as usize), text.get(time.end as usize..trigger.start as usize))
    else {
        return false;
    };
    let opened = before.rfind(',').and_then(|i| before.get(i + 1..)).is_some_and(|clause| {
        clause.split_whitespace().next().is_some_and(|w| RELATIVE_PRONOUNS.contains(&w.to_lowercase().as_str()))
    });
    time.end <= trigger.start && opened && gap.contains(',')
}

/// Bytes between two spans (0 when they overlap).
pub(crate) fn distance(a: Span, b: Span) -> u32 {
    if a.end <= b.start { b.start - a.end } else { a.start.saturating_sub(b.end) }
}

/// The best-scoring place of a sentence.
pub(crate) fn best_place(doc: &Document, sentence: Span) -> Option<(i32, usize)> {
    doc.places
        .iter()
        .enumerate()
        .filter(|(_, p)| sentence.contains(p.span))
        .filter_map(|(i, p)| Some((place_score(doc, sentence, p)?, i)))
        .max_by_key(|(score, i)| (*score, std::cmp::Reverse(*i)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::TimeAnchor;

    #[test]
    fn a_deed_its_victims_fate_follows_is_news_not_context() {
        let recalled_in = |prefix: &str| recalled(&crate::roles::words_before(prefix, 8));
        assert!(recalled_in("Protests erupted after a US "));
        assert!(recalled_in("Tensions have risen since the "));
        assert!(!recalled_in("A 24-year-old man has died after he was "));
        assert!(!recalled_in("A man is in critical condition following a "));
        assert!(!recalled_in("A man is in the hospital after a "));
        assert!(!recalled_in("A man was "));
    }

    #[test]
    fn a_preposition_gives_a_noun_a_phrase_of_its_own() {
        fn at(prefix: &str) -> Option<&str> {
            phrase_after_preposition(prefix).and_then(|i| prefix.get(i..))
        }
        assert_eq!(at("Iran retaliated to the "), Some("the "));
        assert_eq!(at("tensions escalated after a US "), Some("a US "));
        assert_eq!(at("Major crowds have gathered after the "), Some("the "));
        assert_eq!(at("Soleimani, who died in a US-ordered "), Some("a US-ordered "));
        assert_eq!(at("They gathered in the "), None);
        assert_eq!(at("the US "), None);
        assert_eq!(at("Iran's "), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn a_participle_or_relative_clause_goes_on_with_the_earlier_trigger() {
        assert!(continues(" Ukraine Airlines flight PS752 shortly after it left Tehran, ", "killing", false));
        assert!(continues(" near Baghdad airport that the general has ", "killed", true));
        assert!(!continues(" near Baghdad airport that the general has ", "killed", false));
        assert!(!continues(" the checkpoint and then ", "killing", false));
        assert!(!continues(" the checkpoint; later, gunmen were ", "shooting", false));
    }

    #[test]
    fn intervals_of_timex_values() {
        let t = |v: &str| TimeExpr {
            span: Span::new(0, 1),
            value: v.into(),
            kind: dateline_core::TimexType::Date,
            anchor: TimeAnchor::Published,
            implausible: false,
            relative: true,
        };
        let d = |s: &str| s.parse::<Date>().ok();
        let week = Dated::of(&t("2023-W42"));
        assert_eq!(week.as_ref().map(|w| (Some(w.from), Some(w.to))), Some((d("2023-10-16"), d("2023-10-22"))));
        let month = Dated::of(&t("2020-01"));
        assert_eq!(month.map(|m| Some(m.to)), Some(d("2020-01-31")));
        assert!(Dated::of(&t("PRESENT_REF")).is_none());
        for time_of_day in ["2020-01-24TNI", "2020-01-24T14:00"] {
            let day = Dated::of(&t(time_of_day));
            assert_eq!(
                day.map(|d| (d.date.value, d.date.precision)),
                Some(("2020-01-24".to_owned(), DatePrecision::Day))
            );
        }
    }
}
