//! Arguments of a trigger: actors, targets and place candidates in its sentence.

use dateline_core::{
    Document, EntityLabel, EntityMention, EventType, GeoPrecision, Participant, PlaceMention, Role, Span,
};
use regex::Regex;
use std::sync::LazyLock;

const PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "to", "on", "into", "near", "with", "for", "against", "of", "by", "across", "toward", "towards",
];
const LOCATED: &[&str] = &["in", "at", "near", "outside", "inside", "across", "around", "on", "throughout", "within"];
const DESTINATION: &[&str] = &["to", "into", "towards", "toward"];
/// Words that, before `of`, set a happening at or around the place after it (`south of Heavener`,
/// `the outskirts of Mosul`).
const PARTS_OF: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "outskirts",
    "suburbs",
    "heart",
    "centre",
    "center",
];
const NOT_LOCATED: &[&str] = &["from", "with", "by", "against", "of", "for", "than", "like", "between"];
const INSTITUTIONS: &[&str] = &[
    "government",
    "parliament",
    "authorities",
    "police",
    "army",
    "military",
    "forces",
    "lawmakers",
    "parties",
    "people",
    "protesters",
    "demonstrators",
    "supporters",
    "followers",
    "leaders",
    "officials",
    "ministry",
    "embassy",
    "troops",
    "iraqis",
    "citizens",
    "militias",
    "community",
    "council",
    "court",
];

/// Verbs that make the subject before them a source reporting the event, not its actor.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "reported",
    "reports",
    "told",
    "tells",
    "shows",
    "showed",
    "show",
    "according",
    "stated",
    "announced",
    "quoted",
    "cited",
    "feed",
    "added",
    "adds",
    "noted",
    "notes",
    "claimed",
    "claims",
    "insisted",
    "stressed",
    "argued",
    "explained",
    "wrote",
    "tweeted",
];

/// GeoNames feature codes of a country, whose government a capital stands for.
const COUNTRY_FEATURES: &[&str] = &["PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX"];

static SUPPORTERS_OF: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:supporters|followers|loyalists|members|partisans)\s+of\s+(?:the\s+)?(?:\S+['’]s\s+)?$").ok()
});
static ORGANIZED_BY: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:called\s+for|organi[sz]ed|led|sponsored|convened)\s+by\s+").ok());

/// Lowercased words before the end of `prefix`, nearest first, up to `max`,
/// stopping at clause punctuation.
pub(crate) fn words_before(prefix: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for raw in prefix.split_whitespace().rev() {
        if out.len() == max || raw.ends_with([',', ';', ':', '(', ')', '—', '–']) {
            break;
        }
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-');
        if !w.is_empty() {
            out.push(w.to_lowercase().replace('’', "'"));
        }
    }
    out
}

/// Whether the text says `supporters of X` or `X supporters` of the entity.
fn supporters(doc: &Document, e: &EntityMention) -> bool {
    let before = doc.text().get(..e.span.start as usize).unwrap_or("");
    let tail = before.get(before.len().saturating_sub(60)..).unwrap_or("");
    let after = doc.text().get(e.span.end as usize..).unwrap_or("");
    SUPPORTERS_OF.as_ref().is_some_and(|re| re.is_match(tail))
        || after.trim_start_matches(['’', '\'', 's']).trim_start().starts_with("supporters")
}

/// An entity as a participant, in group `supporters` for its supporters. A
/// capital acting (`Washington assassinated`, `Tehran retaliated`) stands for
/// its country's government: it becomes the country the document names.
fn participant(doc: &Document, e: &EntityMention, role: Option<Role>) -> Participant {
    let group = supporters(doc, e).then(|| "supporters".to_owned());
    let who = if role.is_some() { capital_country(doc, e).unwrap_or(e) } else { e };
    Participant { name: who.canonical.clone(), entity_id: Some(who.entity_id.clone()), role, span: e.span, group }
}

/// The document's mention of the country whose capital `e` resolves to.
fn capital_country<'d>(doc: &'d Document, e: &EntityMention) -> Option<&'d EntityMention> {
    let place = |span: Span| doc.places.iter().find(|p| p.span.overlaps(span)).map(|p| &p.place);
    let capital = place(e.span).filter(|p| p.feature_code == "PPLC")?;
    doc.entities.iter().find(|c| {
        c.entity_id != e.entity_id
            && place(c.span).is_some_and(|p| {
                COUNTRY_FEATURES.contains(&p.feature_code.as_str()) && p.country_code == capital.country_code
            })
    })
}

/// Whether the entity at `owner` owns the nominal trigger right after it (`Iran's missile attack`).
pub(crate) fn possessor_of(doc: &Document, owner: Span, trigger: Span) -> bool {
    let gap = doc.text().get(owner.end as usize..trigger.start as usize).unwrap_or("");
    let Some(rest) = gap.strip_prefix("'s").or_else(|| gap.strip_prefix("’s")) else {
        return false;
    };
    rest.split_whitespace().count() <= 2 && !rest.contains([',', ';', '.'])
}

fn can_act(e: &EntityMention, kind: EventType) -> bool {
    match e.label {
        EntityLabel::Per | EntityLabel::Org | EntityLabel::Norp => true,
        EntityLabel::Loc => kind != EventType::Protest,
        EntityLabel::Misc => false,
    }
}

/// Whether the entity is governed by a preposition (`in Iraq`), unless it is
/// `supporters of X`.
fn after_preposition(doc: &Document, e: &EntityMention) -> bool {
    if supporters(doc, e) {
        return false;
    }
    let before = doc.text().get(..e.span.start as usize).unwrap_or("");
    let prev = before.trim_end();
    prev.ends_with('(') || words_before(before, 1).first().is_some_and(|w| PREPOSITIONS.contains(&w.as_str()))
}

/// What governs a trigger, which decides where its actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Governed {
    /// An active verb or a bare noun: the subject before it acts.
    Subject,
    /// A passive verb: the agent after `by` acts, the subject is the target.
    Passive,
    /// A noun after a preposition (`in response to the assassination`, `after
    /// a US airstrike`) whose phrase starts at this offset: only an entity in
    /// that phrase or a possessor acts, never the clause's subject.
    Preposition(u32),
}

/// Actors and targets of a trigger in `sentence`.
pub(crate) fn participants(
    doc: &Document,
    sentence: Span,
    trigger: Span,
    kind: EventType,
    governed: Governed,
) -> (Vec<Participant>, Vec<Participant>) {
    let in_sentence: Vec<&EntityMention> = doc.entities.iter().filter(|e| sentence.contains(e.span)).collect();
    let before: Vec<&EntityMention> = in_sentence.iter().copied().filter(|e| e.span.end <= trigger.start).collect();
    let after: Vec<&EntityMention> = in_sentence.iter().copied().filter(|e| e.span.start >= trigger.end).collect();
    let clause_end = doc
        .text()
        .get(trigger.end as usize..sentence.end as usize)
        .and_then(|s| s.find([',', ';', '(']))
        .map_or(sentence.end, |i| trigger.end + i as u32);
    let by_agent = || {
        let rest = doc.text().get(trigger.end as usize..sentence.end as usize)?;
        let at = rest.find(" by ")? as u32 + trigger.end + 4;
        after.iter().find(|e| e.span.start >= at && e.span.start <= at + 40 && can_act(e, kind)).copied()
    };
    let mut actors = Vec::new();
    let mut targets = Vec::new();
    if governed == Governed::Passive {
        if let Some(a) = by_agent() {
            actors.push(participant(doc, a, Some(Role::Participant)));
        }
        targets.extend(before.iter().rev().take(1).map(|e| participant(doc, e, None)));
        return (actors, targets);
    }
    let reports_on = |e: &EntityMention| {
        let gap = doc.text().get(e.span.end as usize..trigger.start as usize).unwrap_or("");
        gap.split(|c: char| !c.is_alphanumeric()).any(|w| REPORTING.contains(&w.to_lowercase().as_str()))
    };
    let subject = |strong: bool| {
        before.iter().rev().find(|e| {
            can_act(e, kind)
                && !after_preposition(doc, e)
                && !reports_on(e)
                && (!strong || matches!(e.label, EntityLabel::Per | EntityLabel::Org))
        })
    };
    let possessor = before.iter().rev().find(|e| can_act(e, kind) && possessor_of(doc, e.span, trigger));
    // The clause's subject did not do `the assassination` it reacts `to`.
    let subject = || match governed {
        Governed::Preposition(from) => before.iter().rev().find(|e| e.span.start >= from && can_act(e, kind)),
        _ => subject(true).or_else(|| subject(false)),
    };
    if let Some(a) = possessor.or_else(subject) {
        actors.push(participant(doc, a, Some(Role::Participant)));
    }
    if kind == EventType::Protest {
        let rest = doc.text().get(trigger.end as usize..sentence.end as usize).unwrap_or("");
        if let Some(m) = ORGANIZED_BY.as_ref().and_then(|re| re.find(rest)) {
            let at = trigger.end + m.end() as u32;
            if let Some(o) = after.iter().find(|e| {
                e.span.start >= at && e.span.start <= at + 60 && matches!(e.label, EntityLabel::Per | EntityLabel::Org)
            }) {
                actors.push(participant(doc, o, Some(Role::Organizer)));
            }
        }
    }
    let takes_target = matches!(
        kind,
        EventType::Request
            | EventType::Accuse
            | EventType::Threaten
            | EventType::Assault
            | EventType::Coerce
            | EventType::Sanction
            | EventType::Reject
            | EventType::Consult
            | EventType::Support
    );
    if takes_target {
        let target = after.iter().find(|e| e.span.start < clause_end && e.label != EntityLabel::Misc);
        if let Some(t) = target {
            targets.push(participant(doc, t, None));
        } else if matches!(kind, EventType::Request | EventType::Accuse | EventType::Threaten) {
            targets.extend(common_noun_target(doc, trigger.end as usize, clause_end as usize));
        }
    }
    (actors, targets)
}

/// `called on the country's government and parliament` → a target named
/// `country's government and parliament`, when the words after the trigger
/// name an institution.
fn common_noun_target(doc: &Document, from: usize, to: usize) -> Option<Participant> {
    let rest = doc.text().get(from..to)?;
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for raw in rest.split_inclusive(char::is_whitespace).take(8) {
        let word = raw.trim();
        let lower = word.to_lowercase();
        if ["to", "for", "on", "in", "at", "that", "which", "who", "with", "from", "over"].contains(&lower.as_str())
            && !words.is_empty()
        {
            break;
        }
        if !word.is_empty()
            && !matches!(lower.as_str(), "the" | "a" | "an" | "on" | "upon" | "its" | "their" | "his" | "her")
        {
            words.push((from + offset, word));
        }
        offset += raw.len();
    }
    let last =
        words.iter().rposition(|(_, w)| INSTITUTIONS.contains(&w.to_lowercase().trim_end_matches([',', '.'])))?;
    let (start, _) = *words.first()?;
    let (end_at, end_word) = words.get(last)?;
    let end = end_at + end_word.trim_end_matches([',', '.']).len();
    let name = doc.text().get(start..end)?.to_owned();
    Some(Participant { name, entity_id: None, role: None, span: Span::new(start, end), group: None })
}

/// A place candidate with its score: a place governed by `in/at/near` and
/// precise places score higher; `from/with/by` and possessives (`Iraq's
/// border`) lower. The dateline's place is never a candidate.
pub(crate) fn place_score(doc: &Document, sentence: Span, p: &PlaceMention) -> Option<i32> {
    if doc.meta.dateline.as_ref().is_some_and(|d| d.span.overlaps(p.span)) {
        return None;
    }
    let before = doc.text().get(sentence.start as usize..p.span.start as usize)?;
    let words = words_before(before, 3);
    let mut score = 0;
    let of_part =
        words.first().is_some_and(|w| w == "of") && words.get(1).is_some_and(|w| PARTS_OF.contains(&w.as_str()));
    if of_part {
        score += 3;
    } else if words.first().is_some_and(|w| NOT_LOCATED.contains(&w.as_str())) {
        score -= 3;
    } else if words.iter().any(|w| LOCATED.contains(&w.as_str())) {
        score += 3;
    } else if words.iter().any(|w| DESTINATION.contains(&w.as_str())) {
        score += 1;
    }
    let after = doc.text().get(p.span.end as usize..).unwrap_or("");
    if after.starts_with("'s") || after.starts_with("’s") {
        score -= 2;
    }
    score += match p.place.precision {
        GeoPrecision::Point | GeoPrecision::City => 2,
        GeoPrecision::Admin1 => 1,
        GeoPrecision::Country => -1,
    };
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_before_stop_at_clauses() {
        assert_eq!(words_before("they did not", 3), ["not", "did", "they"]);
        assert_eq!(words_before("after it rained, the", 3), ["the"]);
        assert_eq!(words_before("al-Sadr’s anti-US.", 3), ["anti-us", "al-sadr's"]);
    }
}
