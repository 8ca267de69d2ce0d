//! One happening, one event: trigger mentions are merged into events.
//!
//! Mentions are taken in text order. A mention joins an earlier event of the
//! same type when nothing conflicts (compatible subtype; dates that share a
//! day; places named with `in/at/near` within 50 km; actors that share someone, when both have
//! actors) and something links them: it is at most two sentences after the
//! event's last mention, or it is a definite noun (`the rally`, `Friday's
//! march`), or it names the event's place, or it shares an actor or target
//! entity. `also`, `another`, `separate` always start a new event. A
//! definite noun joins the best-attested compatible event; other mentions the
//! most recent one. Crowd sentences without a trigger only ever join.

use crate::casualty::same_victim_killed;
use crate::headline::{HeadlineCasualties, headline_casualties};
use crate::home::{headline_place, settled};
use crate::mention::{Dated, Layout, Mention, distance, relative_aside};
use crate::roles::place_score;
use dateline_core::{Count, Document, EntityLabel, Event, EventType, GeoPrecision, Participant, Place, Span};

/// Sentences within which mentions of one type are taken as one happening.
const WINDOW: usize = 2;
/// Events dated this many days or more before the anchor are background.
const BACKGROUND_DAYS: i64 = 7;
/// A place scoring this much (`in Baghdad`, `in western Anbar`) is where the
/// mention happened, not merely a destination (`aid into Gaza`).
const STRONG_PLACE: i32 = 4;
/// The least score of a city named without a cue (`Houston police`) that
/// sets the article there.
const CITY_IN_PLACE: i32 = 2;
/// Places farther apart than this are different happenings.
const SAME_PLACE_KM: f64 = 50.0;

/// A finished event, and whether it is only a mention in passing.
struct Finished {
    weak: bool,
    /// The injuries are one victim described (see [`crate::Casualties::lone_injured`]).
    lone_injured: bool,
    event: Event,
}

/// A date ending this many days before the anchor is another year's news.
const OLD_NEWS_DAYS: i64 = 365;

/// Whether `x` ends more than a year before the document's anchor day.
fn years_before(doc: &Document, x: &Dated) -> bool {
    doc.anchor()
        .and_then(|a| a.checked_sub(jiff::Span::new().days(OLD_NEWS_DAYS)).ok())
        .is_some_and(|limit| x.to < limit)
}

/// Classifier agreement that keeps an event without arguments.
const BACKED: f32 = 0.5;
/// The classifier agreement assumed for a type it does not tell apart.
const NEUTRAL_AGREEMENT: f32 = 0.5;
/// The least agreement of an event whose victims are counted.
const COUNTED_VICTIMS: f32 = 0.8;

#[derive(Debug)]
struct Draft {
    mentions: Vec<usize>,
    last_sentence: usize,
}

/// Events from the mentions of `doc`, numbered in order of first evidence.
/// Events below `min_confidence` are dropped, except the most confident one.
pub(crate) fn build_events(doc: &Document, layout: &Layout, mentions: &[Mention], min_confidence: f32) -> Vec<Event> {
    let mut drafts: Vec<Draft> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let joinable: Vec<usize> = if m.distinct {
            Vec::new()
        } else {
            (0..drafts.len())
                .filter(|&d| compatible(doc, mentions, &drafts[d], m) && linked(doc, mentions, &drafts[d], m))
                .collect()
        };
        let pick = if m.anaphoric {
            joinable.iter().copied().max_by_key(|&d| (drafts[d].mentions.len(), std::cmp::Reverse(d)))
        } else {
            joinable.iter().copied().max_by_key(|&d| (drafts[d].last_sentence, d))
        };
        match pick {
            Some(d) => {
                drafts[d].mentions.push(i);
                drafts[d].last_sentence = drafts[d].last_sentence.max(m.sentence);
            }
            // Victims counted (`Two people were injured`) report a happening of their own.
            None if !m.elaboration || m.fatalities.is_some() || m.injuries.is_some() || m.shot.is_some() => {
                drafts.push(Draft { mentions: vec![i], last_sentence: m.sentence });
            }
            None => {}
        }
    }
    let finished: Vec<Finished> = drafts.iter().filter_map(|d| finish(doc, layout, mentions, d)).collect();
    let pool: Vec<&Finished> = if finished.iter().all(|f| f.weak) {
        // A document whose mentions are all weak keeps its most confident one.
        finished.iter().max_by(|a, b| a.event.confidence.total_cmp(&b.event.confidence)).into_iter().collect()
    } else {
        finished.iter().filter(|f| !f.weak).collect()
    };
    let top = pool.iter().map(|f| f.event.confidence).fold(0.0_f32, f32::max);
    let kept: Vec<&Finished> =
        pool.into_iter().filter(|f| f.event.confidence >= min_confidence || f.event.confidence >= top).collect();
    let mut events: Vec<Event> = kept.iter().map(|f| f.event.clone()).collect();
    if let Some(title) = doc.meta.title.as_deref() {
        let headline = headline_casualties(title);
        for (event, f) in events.iter_mut().zip(&kept).filter(|(e, _)| e.kind == EventType::Assault) {
            told_by_headline(event, f.lone_injured, headline);
        }
        if !events.iter().any(|e| e.kind == EventType::Assault) {
            events.extend(headline_attack(doc, layout, headline));
        }
    }
    for (n, e) in events.iter_mut().enumerate() {
        e.id = format!("{}#ev{}", doc.id, n + 1);
    }
    events
}

/// Fills in the casualties the body leaves untold from the headline: the
/// body may say only `the victim was shot` where the headline says `Man
/// shot, killed`. An article's attacks that count no victims of their own
/// are mostly the headline's one told in parts, so each takes its count.
/// A number the headline gives has no span in the text; it takes the
/// event's trigger.
fn told_by_headline(event: &mut Event, lone_injured: bool, headline: HeadlineCasualties) {
    let at = event.trigger;
    let count = |value| Count { value, at_least: false, span: at };
    if event.fatalities.is_none()
        && let Some(killed) = headline.fatalities
    {
        event.fatalities = Some(count(killed));
        if same_victim_killed(lone_injured, event.fatalities.as_ref()) {
            event.injuries = None;
        }
    }
    let told = headline
        .injuries
        .map(count)
        .or_else(|| headline.shot.and_then(|n| not_killed(count(n), event.fatalities.as_ref())));
    // One victim described (`a man was shot`) where the headline counts
    // more (`Teen, man shot`): the headline has them all.
    let described_one = lone_injured && event.injuries.as_ref().is_some_and(|i| i.value == 1);
    if event.injuries.is_none() || (described_one && told.as_ref().is_some_and(|t| t.value > 1)) {
        event.injuries = told;
    }
}

/// The confidence of an attack only the headline tells: below the floor,
/// so that it never outranks what the body reports.
const HEADLINE_ONLY: f32 = 0.4;

/// The attack a headline counts victims of when the body has no attack
/// trigger (`Three shot, one dead after memorial`, over a story about the
/// memorial): set in the article's city on its day, last among the events.
fn headline_attack(doc: &Document, layout: &Layout, headline: HeadlineCasualties) -> Option<Event> {
    if headline == HeadlineCasualties::default() {
        return None;
    }
    let first = layout.sentences.first().copied()?;
    let mut event = Event {
        id: String::new(),
        kind: EventType::Assault,
        subtype: "attack".into(),
        trigger: first,
        date: doc.anchor().map(|d| Dated::day(d).date),
        place: deed_place(doc, layout),
        actors: Vec::new(),
        targets: Vec::new(),
        crowd_size: None,
        fatalities: None,
        injuries: None,
        background: false,
        evidence: vec![first],
        confidence: HEADLINE_ONLY,
    };
    told_by_headline(&mut event, false, headline);
    Some(event)
}

/// Those of the people shot who were not killed: `Two men were shot; one
/// died` leaves one injured. `None` when the dead are all of them.
fn not_killed(shot: Count, fatalities: Option<&Count>) -> Option<Count> {
    let killed = fatalities.map_or(0, |f| f.value);
    (shot.value > killed).then(|| Count { value: shot.value - killed, at_least: shot.at_least, ..shot })
}

fn members<'m>(mentions: &'m [Mention], d: &Draft) -> impl Iterator<Item = &'m Mention> {
    d.mentions.iter().filter_map(|&i| mentions.get(i))
}

fn compatible(doc: &Document, mentions: &[Mention], d: &Draft, m: &Mention) -> bool {
    let Some(first) = members(mentions, d).next() else {
        return false;
    };
    if first.kind != m.kind {
        return false;
    }
    let generic = |s: &str| s == "attack";
    if m.kind == EventType::Assault
        && !members(mentions, d).any(|o| o.subtype == m.subtype || generic(&o.subtype) || generic(&m.subtype))
    {
        return false;
    }
    let dated = members(mentions, d).find_map(|o| o.date.as_ref());
    if !m.elaboration
        && let (Some(a), Some(b)) = (dated, m.date.as_ref())
        && !a.overlaps(b)
    {
        return false;
    }
    // `the 2003 invasion` is no undated happening told as news of the day.
    if !m.elaboration
        && dated.is_none()
        && !members(mentions, d).any(|o| o.background_cue)
        && m.date.as_ref().is_some_and(|x| years_before(doc, x))
    {
        return false;
    }
    let strong = |x: &Mention| x.place.filter(|(s, _)| *s >= STRONG_PLACE).and_then(|(_, i)| doc.places.get(i));
    if let Some(p) = strong(m)
        && members(mentions, d).filter_map(strong).any(|q| p.place.distance_km(&q.place) > SAME_PLACE_KM)
    {
        return false;
    }
    let named = |p: &&Participant| !a_people(doc, p);
    let ours: Vec<&Participant> = members(mentions, d).flat_map(|o| &o.actors).filter(named).collect();
    let theirs: Vec<&Participant> = m.actors.iter().filter(named).collect();
    m.elaboration
        || m.anaphoric
        || ours.is_empty()
        || theirs.is_empty()
        || theirs.iter().any(|a| ours.iter().any(|o| same(a, o)))
}

fn linked(doc: &Document, mentions: &[Mention], d: &Draft, m: &Mention) -> bool {
    if m.sentence.saturating_sub(d.last_sentence) <= WINDOW || m.anaphoric {
        return true;
    }
    let place_of = |x: &Mention| x.place.and_then(|(_, i)| doc.places.get(i)).map(|p| p.place.name.as_str());
    if let Some(name) = place_of(m)
        && members(mentions, d).filter_map(place_of).any(|n| n == name)
    {
        return true;
    }
    let named = |x: &Mention| -> Vec<String> {
        x.actors.iter().chain(&x.targets).filter_map(|p| p.entity_id.clone()).collect()
    };
    let ours: Vec<String> = members(mentions, d).flat_map(named).collect();
    named(m).iter().any(|id| ours.contains(id))
}

/// The entity label of a participant named by an entity.
fn label_of(doc: &Document, p: &Participant) -> Option<EntityLabel> {
    doc.entities.iter().find(|e| e.span == p.span).map(|e| e.label)
}

/// Words after a people's adjective that still name the people at large.
const CROWD_NOUNS: &[&str] =
    &["protesters", "demonstrators", "people", "supporters", "crowds", "citizens", "worshippers", "mourners"];

/// Whether the participant is a people (`Iraqis`, `Iraqi protesters`): it
/// names who took part, not who acted, and never tells two happenings apart.
/// `Iraqi militias` is a group, not a people.
fn a_people(doc: &Document, p: &Participant) -> bool {
    if label_of(doc, p) != Some(EntityLabel::Norp) {
        return false;
    }
    let surface = doc.slice(p.span);
    let next = doc.text().get(p.span.end as usize..).and_then(|r| r.split_whitespace().next()).unwrap_or("");
    let next = next.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    surface.ends_with('s') || CROWD_NOUNS.contains(&next.as_str())
}

fn same(a: &Participant, b: &Participant) -> bool {
    match (&a.entity_id, &b.entity_id) {
        (Some(x), Some(y)) => x == y,
        _ => a.name.eq_ignore_ascii_case(&b.name),
    }
}

fn finish(doc: &Document, layout: &Layout, mentions: &[Mention], d: &Draft) -> Option<Finished> {
    let all: Vec<&Mention> = members(mentions, d).collect();
    // A slogan on a banner (`"America killed our leaders"`) is a poor head: the
    // first mention in the reporter's own words leads where there is one.
    let head = all
        .iter()
        .copied()
        .find(|m| !m.elaboration && !m.quoted)
        .or_else(|| all.iter().copied().find(|m| !m.elaboration))
        .or_else(|| all.first().copied())?;
    let anchor = doc.anchor();
    let cue = head.background_cue;
    let early_enough = |x: &Dated| match anchor {
        Some(a) if cue => a.checked_sub(jiff::Span::new().days(BACKGROUND_DAYS)).is_ok_and(|limit| x.from < limit),
        _ => true,
    };
    let date = all
        .iter()
        .filter(|m| !m.elaboration)
        .filter_map(|m| m.date.clone())
        .filter(|x| early_enough(x))
        .min_by_key(|x| (x.to - x.from).get_days())
        .or_else(|| paragraph_date(doc, layout, head).filter(|x| early_enough(x)))
        .or_else(|| anchor.filter(|_| !cue).map(Dated::day));
    let background = cue
        || matches!((anchor, &date), (Some(a), Some(x)) if a.checked_sub(jiff::Span::new().days(BACKGROUND_DAYS)).is_ok_and(|limit| x.to < limit));

    let mut evidence: Vec<_> = all.iter().filter_map(|m| layout.sentences.get(m.sentence).copied()).collect();
    evidence.sort();
    evidence.dedup();

    let mut actors: Vec<Participant> = Vec::new();
    let mut targets: Vec<Participant> = Vec::new();
    for m in &all {
        for a in &m.actors {
            if !actors.iter().any(|o| same(o, a)) {
                actors.push(a.clone());
            }
        }
        for t in &m.targets {
            if !targets.iter().any(|o| same(o, t)) && !actors.iter().any(|o| same(o, t)) {
                targets.push(t.clone());
            }
        }
    }

    let subtype = if head.kind == EventType::Protest && evidence.iter().any(|s| intervention(doc.slice(*s))) {
        "protest with intervention".to_owned()
    } else {
        all.iter().map(|m| m.subtype.as_str()).find(|s| *s != "attack").unwrap_or(&head.subtype).to_owned()
    };
    let named_place = event_place(doc, layout, &all, head).or_else(|| dateline_place(doc, &evidence, cue));
    let placed_by_text = named_place.is_some();
    // Only a deed, not a statement, is set in the article's city by default.
    let place = named_place
        .map(|p| settled(doc, refined(doc, layout, p, &evidence, cue)))
        .or_else(|| (!cue && !head.kind.is_verbal()).then(|| deed_place(doc, layout)).flatten());
    let crowd_size = all.iter().find_map(|m| m.crowd.clone());
    let fatalities = all.iter().find_map(|m| m.fatalities.clone());
    let injuries = all
        .iter()
        .find(|m| m.injuries.is_some())
        .filter(|m| !same_victim_killed(m.lone_injured, fatalities.as_ref()))
        .and_then(|m| m.injuries.clone())
        .or_else(|| all.iter().find_map(|m| m.shot.clone()).and_then(|shot| not_killed(shot, fatalities.as_ref())));

    let mut confidence = 0.4_f32;
    confidence += if actors.is_empty() { 0.0 } else { 0.15 };
    // A deed with a named victim (`a US airstrike killed Soleimani`) is well attested.
    confidence += if !head.kind.is_verbal() && targets.iter().any(|t| t.entity_id.is_some()) { 0.05 } else { 0.0 };
    confidence += if placed_by_text { 0.1 } else { 0.0 };
    confidence += if date.as_ref().is_some_and(|x| x.date.source.is_some()) { 0.15 } else { 0.0 };
    confidence += 0.05 * (evidence.len().saturating_sub(1).min(3) as f32);
    confidence += if crowd_size.is_some() || fatalities.is_some() { 0.05 } else { 0.0 };
    if all.iter().filter(|m| !m.elaboration).all(|m| m.modal) {
        confidence *= 0.6;
    }
    if head.quoted {
        confidence *= 0.8;
    }
    let agreement = all.iter().filter_map(|m| m.agreement).reduce(f32::max);
    // A victim count read off a killing or wounding verb attests the deed
    // better than the sentence classifier, which learnt from other kinds of news.
    let agreement = if fatalities.is_some() || injuries.is_some() {
        Some(agreement.map_or(COUNTED_VICTIMS, |a| a.max(COUNTED_VICTIMS)))
    } else {
        agreement
    };
    let bare = actors.is_empty()
        && targets.is_empty()
        && !placed_by_text
        && crowd_size.is_none()
        && fatalities.is_none()
        && injuries.is_none();
    // A bare `protests` or `attack` in passing, which the classifier does not back either.
    // Words said with nobody named saying them (`Iraqis called for`) are not
    // an actor's statement worth an event.
    let unattributed =
        head.kind.is_verbal() && actors.iter().all(|a| label_of(doc, a).is_none_or(|l| l == EntityLabel::Norp));
    // A statement the text does not date, which the classifier does not
    // back either (`Sadr warned his supporters`, `Trump has threatened`), is
    // said in passing, not news of the day.
    let unbacked = agreement.is_none_or(|a| a < BACKED);
    let undated_statement = head.kind.is_verbal() && date.as_ref().is_none_or(|x| x.date.source.is_none()) && unbacked;
    let weak = (bare && unbacked) || unattributed || undated_statement;
    confidence *= 0.5 + 0.5 * agreement.unwrap_or(NEUTRAL_AGREEMENT);

    let lone_injured = all.iter().find(|m| m.injuries.is_some()).is_some_and(|m| m.lone_injured);
    Some(Finished {
        weak,
        lone_injured,
        event: Event {
            id: String::new(),
            kind: head.kind,
            subtype,
            trigger: head.trigger,
            date: date.map(|x| x.date),
            place,
            actors,
            targets,
            crowd_size,
            fatalities,
            injuries,
            background,
            evidence,
            confidence: confidence.clamp(0.0, 1.0),
        },
    })
}

/// The nearest dated expression before the trigger in its paragraph.
fn paragraph_date(doc: &Document, layout: &Layout, head: &Mention) -> Option<Dated> {
    let para = head.paragraph;
    let start = layout.paragraph.iter().position(|p| *p == para).and_then(|i| layout.sentences.get(i))?.start;
    let sentence = layout.sentences.get(head.sentence).copied().unwrap_or(head.trigger);
    doc.times
        .iter()
        .rev()
        .filter(|t| t.span.start >= start && t.span.end <= head.trigger.start)
        .filter(|t| !relative_aside(doc.text(), sentence, t.span, head.trigger))
        .find_map(Dated::of)
}

/// The best place over the evidence sentences, then the sentences before the
/// first one in its paragraph (one point less per sentence back).
fn event_place(doc: &Document, layout: &Layout, all: &[&Mention], head: &Mention) -> Option<Place> {
    let mut best: Option<(i32, u32, &Place)> = None;
    let mut consider = |si: usize, penalty: i32| {
        let Some(&sentence) = layout.sentences.get(si) else {
            return;
        };
        for p in doc.places.iter().filter(|p| sentence.contains(p.span)) {
            let Some(score) = place_score(doc, sentence, p) else {
                continue;
            };
            let score = score - penalty;
            let dist = distance(p.span, head.trigger);
            if score >= 0 && best.is_none_or(|(s, d, _)| score > s || (score == s && dist < d)) {
                best = Some((score, dist, &p.place));
            }
        }
    };
    for m in all {
        consider(m.sentence, 0);
    }
    for back in 1..=3 {
        let Some(si) = head.sentence.checked_sub(back) else {
            break;
        };
        if layout.paragraph.get(si) != Some(&head.paragraph) {
            break;
        }
        consider(si, i32::try_from(back).unwrap_or(3));
    }
    best.map(|(_, _, p)| p.clone())
}

/// The dateline's place, for news of the day whose text names no place of
/// its own (local news: `DETROIT (WXYZ) - A man was shot ...`), unless the
/// evidence sends the happening elsewhere (`flocked to the capital`).
fn dateline_place(doc: &Document, evidence: &[Span], background: bool) -> Option<Place> {
    let dateline = doc.meta.dateline.as_ref()?;
    let elsewhere = evidence.iter().any(|s| {
        let text = doc.slice(*s).to_lowercase();
        DESTINATIONS.iter().any(|d| text.contains(d))
    });
    if background || elsewhere {
        return None;
    }
    doc.places.iter().find(|p| p.span.overlaps(dateline.span)).map(|p| p.place.clone())
}

/// Where a deed whose evidence names no place happened: the first city the
/// text sets things in, else the headline's city.
fn deed_place(doc: &Document, layout: &Layout) -> Option<Place> {
    first_city(doc, layout).map(|p| settled(doc, p)).or_else(|| headline_place(doc))
}

/// The first city (or finer place) the document names where nothing points
/// away from it (`from Dallas`, `Houston's mayor`): a report whose evidence
/// names no place happened where the article is set.
fn first_city(doc: &Document, layout: &Layout) -> Option<Place> {
    doc.places
        .iter()
        .filter(|p| matches!(p.place.precision, GeoPrecision::City | GeoPrecision::Point))
        .find(|p| {
            layout
                .sentence_of(p.span.start)
                .and_then(|si| layout.sentences.get(si))
                .and_then(|&sentence| place_score(doc, sentence, p))
                .is_some_and(|score| score >= CITY_IN_PLACE)
        })
        .map(|p| p.place.clone())
}

/// A region (`Texas`) narrowed to the city in it where the happening is set:
/// the dateline's, or else (for a state, province or county) the first one
/// the evidence or the [`FOLLOWING_SENTENCES`] after it name (`shot at a
/// Walmart in Pennsylvania. The man walked into the store in Stroudsburg`).
fn refined(doc: &Document, layout: &Layout, place: Place, evidence: &[Span], background: bool) -> Place {
    if !matches!(place.precision, GeoPrecision::Admin1 | GeoPrecision::Country) {
        return place;
    }
    let inside = |p: &Place| {
        matches!(p.precision, GeoPrecision::City | GeoPrecision::Point)
            && p.country_code == place.country_code
            && (place.precision == GeoPrecision::Country || (p.admin1.is_some() && p.admin1 == place.admin1))
            && (place.feature_code != "ADM2" || place.distance_km(p) <= COUNTY_KM)
    };
    let in_evidence = || {
        if place.precision != GeoPrecision::Admin1 {
            return None;
        }
        let following: Vec<Span> = evidence
            .iter()
            .filter_map(|s| layout.sentence_of(s.start))
            .flat_map(|i| layout.sentences.iter().skip(i + 1).take(FOLLOWING_SENTENCES).copied())
            .collect();
        doc.places
            .iter()
            .filter(|p| {
                evidence.iter().any(|s| s.contains(p.span))
                    || following.iter().any(|s| {
                        s.contains(p.span) && place_score(doc, *s, p).is_some_and(|score| score >= CITY_SET_IN)
                    })
            })
            .map(|p| &p.place)
            .find(|p| inside(p))
            .cloned()
    };
    dateline_place(doc, evidence, background).filter(|p| inside(p)).or_else(in_evidence).unwrap_or(place)
}

/// Least place score (a locating word and a city) of a city in the [`FOLLOWING_SENTENCES`] that
/// narrows an event's region: the text sets something there (`in Stroudsburg`, not `the Atlanta
/// Journal-Constitution`).
const CITY_SET_IN: i32 = 5;
/// Sentences after an event's evidence that may still name the city in its region.
const FOLLOWING_SENTENCES: usize = 2;
/// How far from a county's point a city may lie to be taken as inside it.
const COUNTY_KM: f64 = 50.0;

/// Phrases that send a happening away from where it is reported.
const DESTINATIONS: &[&str] =
    &["to the capital", "to the city", "to the border", "toward the capital", "towards the capital"];

/// Whether a sentence says the authorities broke up or fired on a protest.
fn intervention(sentence: &str) -> bool {
    let s = sentence.to_lowercase();
    [
        "tear gas",
        "teargas",
        "live ammunition",
        "rubber bullets",
        "water cannon",
        "dispersed",
        "fired on",
        "fired at",
        "opened fire",
        "cracked down",
        "stun grenades",
    ]
    .iter()
    .any(|cue| s.contains(cue))
}
