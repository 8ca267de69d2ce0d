//! Toponym recognition and resolution.
//!
//! Toponyms are the entity mentions labelled LOC, capitalised token runs that
//! the gazetteer knows and that a cue marks as places (`in X`, `X province`),
//! and the dateline. Each is resolved among its gazetteer candidates by
//! population, feature (countries, capitals), the document's country focus,
//! the dateline's country and admin cues. Names the gazetteer lacks are left out, except street-level
//! names (`Royal Street`), which resolve to the city the text names, and local names after `in`
//! (`in Granada Hills`), which keep their name at the point of the city or county that holds them.

use crate::gazetteer::{Entry, Gazetteer, Match, is_postal_code, name_key};
use dateline_core::{Document, EntityLabel, GeoPrecision, Place, PlaceMention, Span};
use std::collections::{HashMap, HashSet};

/// Population from which an uncued name is taken for a place.
const PROMINENT_POPULATION: u64 = 100_000;
/// Score bonus of a place whose first-level area the document names.
const AREA_MENTIONED: f64 = 0.5;
/// Score bonus of a place named by its own name rather than an alternate (`Salisbury` is Harare's old name).
const OWN_NAME: f64 = 0.6;
/// Score bonus of a place inside the area named right after it (`Paris, Texas`; `Churchill, Man.`).
const CONTAINED: f64 = 1.5;
/// Score bonus of an area that holds the place named right before it (`London, Ontario`).
const CONTAINS: f64 = 0.5;
/// Score bonus per other place of the document within [`NEAR_KM`], up to [`NEAR_MAX`].
const NEAR: f64 = 0.25;
/// Distance within which two places of one document support each other.
const NEAR_KM: f64 = 150.0;
/// Most a document's other nearby places add to a candidate's score.
const NEAR_MAX: f64 = 0.75;
/// Score bonus of a place by the share of the document's other places in its first-level area.
const STATE_FOCUS: f64 = 0.5;
/// Words before a name that make it a place.
const BEFORE: [&str; 8] = ["in", "near", "at", "from", "to", "outside", "across", "towards"];
/// Words after a name that make it an administrative area.
const ADMIN_AFTER: [&str; 5] = ["province", "governorate", "state", "region", "county"];
/// Words after a name that make it a populated place.
const CITY_AFTER: [&str; 6] = ["city", "town", "village", "district", "neighborhood", "neighbourhood"];

/// Heads of street-level names the gazetteer lacks ("Royal Street", "Tahrir Square"). Such a name resolves
/// to the city the text last named: the street's own point is unknown, the city's is the honest answer.
const STREET_HEADS: [&str; 10] =
    ["Street", "Avenue", "Road", "Boulevard", "Drive", "Lane", "Highway", "Square", "Plaza", "Bridge"];
/// Capitalised words that open a sentence before a street name and are not part of it.
const LEADING_WORDS: [&str; 12] =
    ["On", "In", "At", "Along", "Down", "Up", "Near", "From", "To", "Across", "Outside", "Into"];
/// Words that open a police or fire agency's name after the place it serves ("Houston Police
/// Department", "Harris County Sheriff's Office").
const AGENCY_HEADS: [&str; 5] = ["Police", "Sheriff", "Sheriffs", "Fire", "Marshals"];
/// Cue words before a name that make even a name tagged as a person or organisation a place, when the
/// gazetteer holds a town of that very name ("shot in Elkins").
const STRONG_BEFORE: [&str; 3] = ["in", "near", "outside"];
/// Compass words that open a part of a city ("North Houston", "Southwest Philadelphia").
const DIRECTIONS: [&str; 14] = [
    "North",
    "South",
    "East",
    "West",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
    "N.",
    "S.",
    "E.",
    "W.",
    "Central",
    "Downtown",
];
/// Capitalised words that end a run of capitals without being part of a name ("in Avondale Sunday").
const CALENDAR_WORDS: [&str; 18] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Kinds of municipality written after a town's name ("Hummelstown Borough", "Benton Township").
const MUNICIPALITIES: [&str; 3] = ["Borough", "Township", "Village"];
/// How much of its city's confidence a street-level place keeps.
const STREET_CONFIDENCE: f32 = 0.8;
/// Most words of a local name the gazetteer lacks ("Pico-Union", "Granada Hills").
const LOCAL_WORDS: usize = 3;
/// How much of its holder's confidence a local name the gazetteer lacks keeps.
const LOCAL_CONFIDENCE: f32 = 0.6;

/// What the words around a toponym say about it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Cue {
    #[default]
    None,
    /// `in X`, `near X`.
    Place,
    /// `X province`, `province of X`.
    Admin,
    /// `X city`, `X district`.
    City,
}

/// A toponym found in the text, before resolution.
struct Toponym<'a> {
    span: Span,
    /// Names to look up, best first: the entity's canonical (`United States` for `US`), then the text.
    names: Vec<&'a str>,
    cue: Cue,
    from_ner: bool,
    /// Written as an abbreviation of an area (`Calif.`), looked up as written.
    abbreviation: bool,
}

/// Finds and resolves the toponyms of an annotated document.
pub(crate) fn places(doc: &Document, gaz: &Gazetteer) -> Vec<PlaceMention> {
    let toponyms = toponyms(doc, gaz);
    let candidates: Vec<Vec<Match>> = toponyms
        .iter()
        .map(|t| {
            if t.abbreviation {
                return gaz
                    .abbreviation(doc.slice(t.span))
                    .into_iter()
                    .map(|entry| Match { entry, own_name: true })
                    .collect();
            }
            // The text when some place bears it as its own name, unless the canonical spells it out ("United
            // States" for "US"): "New Mexico" is not its canonical "Mexico", nor "Columbia" "Colombia".
            let surface = doc.slice(t.span);
            let found: Vec<Vec<Match>> = t.names.iter().map(|n| gaz.matches(n)).collect();
            let spelled_out = t.names.first().is_some_and(|c| c.len() > surface.len());
            let own = t
                .names
                .iter()
                .position(|n| *n == surface)
                .filter(|&k| !spelled_out && found[k].iter().any(|m| m.own_name));
            let mut c = own
                .or_else(|| found.iter().position(|c| !c.is_empty()))
                .and_then(|k| found.into_iter().nth(k))
                .unwrap_or_default();
            if !t.from_ner {
                c.retain(|m| m.entry.population >= 1000 || matches!(m.entry.feature_code.as_str(), "ADM1" | "PCLI"));
            }
            c
        })
        .collect();
    let keys: Vec<String> = toponyms.iter().map(|t| name_key(doc.slice(t.span))).collect();
    let focus = Focus::new(&candidates, &keys);
    // First-level areas named in the document, with the names that name them: "Edmonton, Alberta" picks
    // the Edmonton in Alberta, but "Quebec" does not vouch for Quebec City by naming its province.
    let areas: HashMap<(&str, &str), Vec<&str>> =
        candidates.iter().zip(&keys).fold(HashMap::new(), |mut areas, (c, key)| {
            for m in c.iter().filter(|m| m.entry.feature_code == "ADM1") {
                areas.entry((m.entry.country_code.as_str(), m.entry.admin1.as_str())).or_default().push(key.as_str());
            }
            areas
        });
    let dateline_cc = doc
        .meta
        .dateline
        .as_ref()
        .and_then(|d| gaz.lookup(&d.place).into_iter().max_by_key(|e| e.population))
        .map(|e| e.country_code.clone());
    let comma_after: Vec<bool> = toponyms
        .windows(2)
        .map(|w| {
            w[0].span.end <= w[1].span.start
                && doc.slice(Span::new(w[0].span.end as usize, w[1].span.start as usize)).trim() == ","
        })
        .collect();
    let prior = |i: usize, m: &Match| {
        let (t, e) = (&toponyms[i], m.entry);
        let mut s = (1.0 + e.population as f64).ln() / 16.0;
        s += match (e.feature_code.as_str(), t.cue) {
            ("PCLI", _) => 1.5,
            ("ADM1", Cue::Admin) => 1.5,
            ("ADM2", Cue::Admin) => 1.0,
            ("ADM1", _) => 0.2,
            ("ADM2", _) => -0.2,
            (_, Cue::Admin) => -0.5,
            ("PPLC", _) => 0.5,
            ("PPLA", _) => 0.3,
            _ => 0.0,
        };
        s += focus.share(&keys[i], &e.country_code);
        let named_by_others = areas
            .get(&(e.country_code.as_str(), e.admin1.as_str()))
            .is_some_and(|names| names.iter().any(|n| *n != keys[i]));
        if e.feature_code != "ADM1" && named_by_others {
            s += AREA_MENTIONED;
        }
        if dateline_cc.as_deref() == Some(e.country_code.as_str()) {
            s += 0.2;
        }
        if m.own_name {
            s += OWN_NAME;
        }
        if comma_after.get(i) == Some(&true) && candidates[i + 1].iter().any(|area| contains(area.entry, e)) {
            s += CONTAINED;
        }
        if i > 0 && comma_after[i - 1] && candidates[i - 1].iter().any(|place| contains(e, place.entry)) {
            s += CONTAINS;
        }
        s
    };
    let priors: Vec<Vec<f64>> =
        candidates.iter().enumerate().map(|(i, c)| c.iter().map(|m| prior(i, m)).collect()).collect();
    let first_choice: Vec<Option<&Entry>> =
        candidates.iter().zip(&priors).map(|(c, p)| best(p).and_then(|(k, _)| c.get(k)).map(|m| m.entry)).collect();

    let mut out = Vec::new();
    for (i, (t, cands)) in toponyms.iter().zip(&candidates).enumerate() {
        // Other places of the document near a candidate speak for it ("Parkland" beside "Broward County").
        // An area is supported by the places inside it, a place by the places around it; areas are no
        // point to be near.
        let near = |e: &Entry| {
            let mut seen: Vec<&str> = Vec::new();
            for (j, other) in first_choice.iter().enumerate() {
                let Some(other) = other else { continue };
                if keys[j] == keys[i] || seen.contains(&keys[j].as_str()) || other.precision() >= GeoPrecision::Admin1 {
                    continue;
                }
                let supports = match e.precision() {
                    GeoPrecision::Admin1 => e.feature_code == "ADM1" && contains(e, other),
                    GeoPrecision::Country => false,
                    _ => distance_km(e, other) <= NEAR_KM,
                };
                if supports {
                    seen.push(&keys[j]);
                }
            }
            (seen.len() as f64 * NEAR).min(NEAR_MAX)
        };
        // The share of the document's other places that lie in a candidate's first-level area: local
        // news stays in one state ("Avondale" beside "Jefferson Parish" is the Avondale in Louisiana).
        let mut other_keys: Vec<&str> = Vec::new();
        let mut other_states: Vec<(&str, &str)> = Vec::new();
        for (j, other) in first_choice.iter().enumerate() {
            let Some(other) = other else { continue };
            if keys[j] == keys[i] || other.admin1.is_empty() || other_keys.contains(&keys[j].as_str()) {
                continue;
            }
            other_keys.push(&keys[j]);
            other_states.push((&other.country_code, &other.admin1));
        }
        let state_share = |e: &Entry| {
            let same = other_states.iter().filter(|&&(cc, a1)| cc == e.country_code && a1 == e.admin1).count();
            if e.admin1.is_empty() || other_states.is_empty() { 0.0 } else { same as f64 / other_states.len() as f64 }
        };
        let scores: Vec<f64> =
            cands.iter().zip(&priors[i]).map(|(m, p)| p + near(m.entry) + STATE_FOCUS * state_share(m.entry)).collect();
        let Some((k, top)) = best(&scores) else { continue };
        let Some(entry) = cands.get(k).map(|m| m.entry) else { continue };
        let runner_up =
            scores.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, s)| *s).fold(f64::NEG_INFINITY, f64::max);
        let margin = if runner_up.is_finite() { top - runner_up } else { 2.0 };
        let confidence = (0.5 + 0.45 * (1.0 - (-2.0 * margin).exp())) as f32;
        out.push(PlaceMention { span: t.span, place: entry.to_place(), confidence });
    }
    let streets = street_places(doc, &out);
    out.extend(streets);
    out.sort_by_key(|p| p.span);
    let locals = local_places(doc, &out, gaz);
    out.extend(locals);
    out.sort_by_key(|p| p.span);
    out
}

/// Local names the gazetteer lacks, such as neighbourhoods and hamlets ("shot in Granada Hills, according
/// to Los Angeles County coroner's records"), each placed at the place that holds it: the one named right
/// after it and a comma ("in Elm Mott, Texas"), else the city or county its sentence names nearest it.
///
/// A name is a capitalised run of at most [`LOCAL_WORDS`] words after a word of [`STRONG_BEFORE`], without
/// trailing calendar words, not all capitals (`in OT`), that no spelling in the gazetteer matches (nor
/// its run on after `and` or `of`), that is not tagged an organisation, group or other name, and that no
/// possessive follows. The dateline holds nothing. The place keeps the text's name,
/// has no GeoNames id and takes its holder's point, country, first-level area and precision: the
/// point is only as precise as the holder's.
fn local_places(doc: &Document, resolved: &[PlaceMention], gaz: &Gazetteer) -> Vec<PlaceMention> {
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let capitalised = |i: usize| capitalised(&words, i);
    let same_sentence = |a: usize, b: usize| same_sentence(doc, a, b);
    let other_name = |span: Span| {
        doc.entities.iter().any(|e| {
            e.span.overlaps(span) && matches!(e.label, EntityLabel::Org | EntityLabel::Norp | EntityLabel::Misc)
        })
    };
    // The dateline says where the reporter is, not what holds the places of the story.
    let dateline = doc.meta.dateline.as_ref().map(|d| d.span);
    let holders: Vec<&PlaceMention> = resolved
        .iter()
        .filter(|p| p.place.precision <= GeoPrecision::City || p.place.feature_code == "ADM2")
        .filter(|p| !dateline.is_some_and(|d| d.overlaps(p.span)))
        .collect();
    let mut out = Vec::new();
    for (cue, &word) in words.iter().enumerate() {
        if !STRONG_BEFORE.contains(&word) || !capitalised(cue + 1) || !same_sentence(cue, cue + 1) {
            continue;
        }
        let first = cue + 1;
        let mut last = first;
        while capitalised(last) && same_sentence(first, last) {
            last += 1;
        }
        while last > first && CALENDAR_WORDS.contains(&words[last - 1]) {
            last -= 1;
        }
        if last == first || last - first > LOCAL_WORDS || words[first] == "The" {
            continue;
        }
        let span = doc.tokens[first].span.cover(doc.tokens[last - 1].span);
        let after = doc.text().get(span.end as usize..).unwrap_or("");
        let surface = doc.slice(span);
        // "in Bosnia and Herzegovina": a longer name the gazetteer knows goes on after a joining word.
        let joined = || {
            let mut end = last + 1;
            while capitalised(end) && same_sentence(first, end) {
                end += 1;
            }
            matches!(words.get(last), Some(&("and" | "of" | "&")))
                && end > last + 1
                && !gaz.lookup(doc.slice(doc.tokens[first].span.cover(doc.tokens[end - 1].span))).is_empty()
        };
        if surface.chars().all(|c| !c.is_lowercase())
            || after.starts_with("'s")
            || after.starts_with("’s")
            || other_name(span)
            || resolved.iter().any(|p| p.span.overlaps(span))
            || !gaz.lookup(surface).is_empty()
            || without_direction(surface).is_some_and(|bare| !gaz.lookup(bare).is_empty())
            || joined()
        {
            continue;
        }
        let comma_holder = (words.get(last) == Some(&","))
            .then(|| doc.tokens.get(last + 1))
            .flatten()
            .and_then(|next| resolved.iter().find(|p| p.span.start == next.span.start))
            .filter(|p| p.place.precision < GeoPrecision::Country);
        let nearest = || {
            holders
                .iter()
                .filter(|p| same_sentence(first, token_index(doc, p.span.start)))
                .min_by_key(|p| p.span.start.abs_diff(span.start))
                .copied()
        };
        let Some(holder) = comma_holder.or_else(nearest) else { continue };
        let place =
            Place { name: surface.to_owned(), geonameid: None, feature_code: String::new(), ..holder.place.clone() };
        out.push(PlaceMention { span, place, confidence: holder.confidence * LOCAL_CONFIDENCE });
    }
    out
}

/// The index of the token at or after a text offset.
fn token_index(doc: &Document, offset: u32) -> usize {
    doc.tokens.partition_point(|t| t.span.start < offset)
}

/// Whether the word at `i` starts with a capital (false past the end).
fn capitalised(words: &[&str], i: usize) -> bool {
    words.get(i).is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// Whether tokens `a` and `b` lie in one sentence (false past the end).
fn same_sentence(doc: &Document, a: usize, b: usize) -> bool {
    matches!((doc.tokens.get(a), doc.tokens.get(b)), (Some(x), Some(y)) if x.sentence == y.sentence)
}

/// Street-level names the gazetteer lacks, each resolved to the city named last before it (else first after).
///
/// A name is a capitalised run ending in a head of [`STREET_HEADS`] and not followed by another
/// capitalised word ("Wall Street Journal" is a newspaper). Without a city in the document it is left out.
fn street_places(doc: &Document, resolved: &[PlaceMention]) -> Vec<PlaceMention> {
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let capitalised = |i: usize| capitalised(&words, i);
    let same_sentence = |a: usize, b: usize| same_sentence(doc, a, b);
    let cities: Vec<&PlaceMention> = resolved.iter().filter(|p| p.place.precision <= GeoPrecision::City).collect();
    let mut out = Vec::new();
    for (head, &word) in words.iter().enumerate().skip(1) {
        if !STREET_HEADS.contains(&word) {
            continue;
        }
        if capitalised(head + 1) && same_sentence(head, head + 1) {
            continue;
        }
        let mut first = head;
        while first > 0 && capitalised(first - 1) && same_sentence(first - 1, head) {
            first -= 1;
        }
        // A sentence's first word is capitalised whatever it is: "On Tahrir Square".
        let sentence_start = first == 0 || !same_sentence(first - 1, first);
        while first < head && (words[first] == "The" || (sentence_start && LEADING_WORDS.contains(&words[first]))) {
            first += 1;
        }
        if first == head {
            continue;
        }
        let span = doc.tokens[first].span.cover(doc.tokens[head].span);
        if resolved.iter().any(|p| p.span.overlaps(span)) {
            continue;
        }
        let before = cities.iter().rev().find(|c| c.span.end <= span.start);
        let Some(city) = before.or_else(|| cities.iter().find(|c| c.span.start >= span.end)) else { continue };
        out.push(PlaceMention { span, place: city.place.clone(), confidence: city.confidence * STREET_CONFIDENCE });
    }
    out
}

/// The index and score of the best candidate; ties go to the earlier candidate, for stable output.
fn best(scores: &[f64]) -> Option<(usize, f64)> {
    scores.iter().copied().enumerate().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Whether `area` is a country or first-level area that holds `place`.
fn contains(area: &Entry, place: &Entry) -> bool {
    area.geonameid != place.geonameid
        && area.country_code == place.country_code
        && match area.feature_code.as_str() {
            "PCLI" => true,
            "ADM1" => !place.admin1.is_empty() && area.admin1 == place.admin1 && place.feature_code != "ADM1",
            _ => false,
        }
}

/// Great-circle distance between two places, in km.
fn distance_km(a: &Entry, b: &Entry) -> f64 {
    dateline_core::great_circle_km((a.lat, a.lon), (b.lat, b.lon))
}

/// The countries a document is about, from its toponyms' likeliest readings.
///
/// A toponym's own mentions are left out of the focus that resolves it: the many mentions of an
/// ambiguous "London" must not vote for the London they would pick.
struct Focus<'a> {
    /// Votes per country.
    total: HashMap<&'a str, f64>,
    /// All votes.
    sum: f64,
    /// Votes per country of each toponym name.
    by_name: HashMap<&'a str, HashMap<&'a str, f64>>,
}

impl<'a> Focus<'a> {
    fn new(candidates: &'a [Vec<Match<'a>>], keys: &'a [String]) -> Focus<'a> {
        let mut focus = Focus { total: HashMap::new(), sum: 0.0, by_name: HashMap::new() };
        for (c, key) in candidates.iter().zip(keys) {
            let vote = if let Some(country) = c.iter().find(|m| m.entry.feature_code == "PCLI") {
                Some((country.entry.country_code.as_str(), 2.0))
            } else {
                c.iter().max_by_key(|m| m.entry.population).map(|m| (m.entry.country_code.as_str(), 1.0))
            };
            if let Some((cc, weight)) = vote {
                *focus.total.entry(cc).or_default() += weight;
                focus.sum += weight;
                *focus.by_name.entry(key.as_str()).or_default().entry(cc).or_default() += weight;
            }
        }
        focus
    }

    /// The share of the document's other toponyms that point to this country.
    fn share(&self, key: &str, country_code: &str) -> f64 {
        let own = self.by_name.get(key);
        let own_total: f64 = own.map_or(0.0, |o| o.values().sum());
        let total = (self.sum - own_total).max(1.0);
        let votes = self.total.get(country_code).copied().unwrap_or(0.0)
            - own.and_then(|o| o.get(country_code)).copied().unwrap_or(0.0);
        votes.max(0.0) / total
    }
}

/// The place a police or fire agency is named for: "Houston" in "Houston Police Department",
/// "Harris County" in "The Harris County Sheriff's Office", "Kentucky" in "Kentucky State Police".
/// `first..last` are the agency mention's tokens; the place must be a town or area the gazetteer
/// holds under that very name.
fn agency_place(doc: &Document, words: &[&str], first: usize, last: usize, gaz: &Gazetteer) -> Option<Span> {
    let head = (first + 1..last).find(|&i| words.get(i).is_some_and(|w| AGENCY_HEADS.contains(w)))?;
    let first = if words.get(first) == Some(&"The") { first + 1 } else { first };
    let span_of = |end: usize| Some(doc.tokens.get(first)?.span.cover(doc.tokens.get(end.checked_sub(1)?)?.span));
    let whole = span_of(head).filter(|_| head > first)?;
    if populated(gaz, doc.slice(whole)) {
        return Some(whole);
    }
    let state = head - 1 > first && words.get(head - 1) == Some(&"State");
    span_of(head - 1).filter(|s| state && populated(gaz, doc.slice(*s)))
}

/// A name for a part of a city with its compass word dropped ("Houston" for "North Houston"), to
/// look up when the gazetteer lacks the whole.
fn without_direction(name: &str) -> Option<&str> {
    let (first, rest) = name.split_once(' ')?;
    (DIRECTIONS.contains(&first) && rest.starts_with(char::is_uppercase)).then_some(rest)
}

/// A town's name without the kind of municipality written after it ("Hummelstown" for "Hummelstown
/// Borough"), to look up when the gazetteer lacks the whole.
fn without_municipality(name: &str) -> Option<&str> {
    let (town, kind) = name.rsplit_once(' ')?;
    MUNICIPALITIES.contains(&kind).then_some(town)
}

/// Whether a name is the own name of a town, a city or an area of the gazetteer (not just an
/// alternate name, which for small places includes words of every kind).
fn populated(gaz: &Gazetteer, name: &str) -> bool {
    let key = name_key(name);
    gaz.lookup(name)
        .iter()
        .any(|e| name_key(&e.name) == key && (e.feature_code.starts_with("PPL") || e.feature_code.starts_with("ADM")))
}

/// Whether a name is well known enough to be a place without a cue: a continent, a country, a first-level
/// area, a large city by its preferred name (alternate names of cities include words like "Hamas") or a
/// county by its full name ("Metcalfe County").
fn prominent(gaz: &Gazetteer, name: &str) -> bool {
    let key = name_key(name);
    gaz.lookup(name).iter().any(|e| {
        matches!(e.feature_code.as_str(), "CONT" | "PCLI" | "ADM1")
            || (e.population >= PROMINENT_POPULATION && name_key(&e.name) == key)
            || (e.feature_code == "ADM2" && key.contains(' ') && name_key(&e.name) == key)
    })
}

/// Whether a name is a large city's own name ("the Tianjin No. 2 Detention Centre").
fn large_city(gaz: &Gazetteer, name: &str) -> bool {
    let key = name_key(name);
    gaz.lookup(name)
        .iter()
        .any(|e| e.feature_code.starts_with("PPL") && e.population >= PROMINENT_POPULATION && name_key(&e.name) == key)
}

/// Whether a name is a continent or a country ("the Netherlands", but "the West" is not a place).
fn country(gaz: &Gazetteer, name: &str) -> bool {
    gaz.lookup(name).iter().any(|e| matches!(e.feature_code.as_str(), "CONT" | "PCLI"))
}

/// Whether a name is a continent, a country or a first-level area.
fn area(gaz: &Gazetteer, name: &str) -> bool {
    gaz.lookup(name).iter().any(|e| matches!(e.feature_code.as_str(), "CONT" | "PCLI" | "ADM1"))
}

/// The toponyms of a document, in text order, not overlapping.
///
/// LOC mentions are toponyms. Mentions of other labels are toponyms when their whole text is a prominent
/// place ("Texas" tagged PER), except a single word that is part of a longer person name in the document
/// ("Jordan" after "Michael Jordan"). A mention is widened to the capitalised run around it when the
/// gazetteer knows the run ("New Jersey" for a tagged "Jersey"). A mention that is an area's dotted initials
/// ("B.C.") or an area with its kind ("Oaxaca State") is that area. Untagged capitalised runs are toponyms
/// when a cue marks them as places or when they are prominent (an area only at a sentence start, where
/// capitals say nothing; a country only after "the").
fn toponyms<'a>(doc: &'a Document, gaz: &Gazetteer) -> Vec<Toponym<'a>> {
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let token_at = |offset: u32| token_index(doc, offset);
    let cue = |span: Span| {
        let first = token_at(span.start);
        let last = token_at(span.end);
        let before = first.checked_sub(1).and_then(|i| words.get(i)).copied().unwrap_or("");
        let before2 = first.checked_sub(2).and_then(|i| words.get(i)).copied().unwrap_or("");
        let after = words.get(last).copied().unwrap_or("").to_lowercase();
        if ADMIN_AFTER.contains(&after.as_str())
            || (before == "of" && ADMIN_AFTER.contains(&before2.to_lowercase().as_str()))
        {
            Cue::Admin
        } else if CITY_AFTER.contains(&after.as_str()) {
            Cue::City
        } else if BEFORE.contains(&before) {
            Cue::Place
        } else {
            Cue::None
        }
    };
    let capitalised = |i: usize| capitalised(&words, i);
    let same_sentence = |a: usize, b: usize| same_sentence(doc, a, b);
    // The capitalised run (token range) around a span, within its sentence.
    let run_around = |span: Span| {
        let (mut first, mut last) = (token_at(span.start), token_at(span.end));
        while first > 0 && capitalised(first - 1) && same_sentence(first - 1, first) {
            first -= 1;
        }
        while capitalised(last) && same_sentence(last - 1, last) {
            last += 1;
        }
        (first, last)
    };
    let token_span = |first: usize, last: usize| match (
        doc.tokens.get(first),
        last.checked_sub(1).and_then(|l| doc.tokens.get(l)),
    ) {
        (Some(a), Some(b)) => Some(a.span.cover(b.span)),
        _ => None,
    };
    let follows_the =
        |first: usize| first.checked_sub(1).and_then(|b| words.get(b)).is_some_and(|w| w.eq_ignore_ascii_case("the"));
    let person_words: HashSet<&str> = doc
        .entities
        .iter()
        .filter(|e| e.label == EntityLabel::Per)
        .map(|e| doc.slice(e.span))
        .filter(|s| s.contains(' '))
        .flat_map(|s| s.split(' '))
        .collect();

    // "a 29-year-old Latina, died": a single word between an age and a break is who someone is.
    let described_by_age = |first: usize, last: usize| {
        last == first + 1
            && first.checked_sub(1).and_then(|b| words.get(b)).is_some_and(|w| w.ends_with("year-old"))
            && words.get(last).is_none_or(|w| w.starts_with(|c: char| c.is_ascii_punctuation()))
    };
    let strongly_cued = |span: Span| {
        token_at(span.start).checked_sub(1).and_then(|i| words.get(i)).is_some_and(|w| STRONG_BEFORE.contains(w))
    };

    // Whether the word at `i` is a US state's postal code after a US town and a comma ("Dudley, NC",
    // "INDEPENDENCE, LA (WAFB)"), not a person's degree ("Smith, MD") nor the first word of a name.
    let postal_after_town = |i: usize| {
        if !is_postal_code(words[i]) || (capitalised(i + 1) && same_sentence(i, i + 1)) {
            return false;
        }
        let Some(town) = doc.tokens.get(i - 2).and_then(|t| {
            let (first, last) = run_around(t.span);
            token_span(first, last)
        }) else {
            return false;
        };
        let person = doc.entities.iter().any(|e| e.label == EntityLabel::Per && e.span.overlaps(town));
        !person
            && gaz.lookup(doc.slice(town)).iter().any(|e| e.country_code == "US" && e.feature_code.starts_with("PPL"))
    };

    let mut out: Vec<Toponym<'a>> = Vec::new();
    // "Parkland, Fla.": an area's abbreviation after a place and a comma.
    for i in 2..doc.tokens.len() {
        if words[i - 1] != "," || !capitalised(i) || !capitalised(i - 2) {
            continue;
        }
        let dot_after = doc.tokens.get(i + 1).filter(|d| words[i + 1] == "." && d.span.start == doc.tokens[i].span.end);
        let span = match dot_after {
            Some(dot) if !words[i].ends_with('.') => doc.tokens[i].span.cover(dot.span),
            _ => doc.tokens[i].span,
        };
        let written = doc.slice(span);
        let dotted = written.ends_with('.');
        if (dotted || postal_after_town(i)) && !gaz.abbreviation(written).is_empty() {
            out.push(Toponym { span, names: Vec::new(), cue: Cue::Admin, from_ner: true, abbreviation: true });
        }
    }
    for e in &doc.entities {
        let surface = doc.slice(e.span);
        if e.label == EntityLabel::Org
            && let Some(served) = agency_place(doc, &words, token_at(e.span.start), token_at(e.span.end), gaz)
        {
            if !out.iter().any(|t| t.span.overlaps(served)) {
                let name = doc.slice(served);
                let cue = if name.ends_with(" County") { Cue::Admin } else { Cue::None };
                out.push(Toponym { span: served, names: vec![name], cue, from_ner: true, abbreviation: false });
            }
            continue;
        }
        let (first, last) = run_around(e.span);
        let wider = token_span(first, last).filter(|w| *w != e.span && !gaz.lookup(doc.slice(*w)).is_empty());
        if let Some(w) = wider {
            if out.iter().any(|t| t.span.overlaps(w)) {
                continue;
            }
            out.push(Toponym { span: w, names: vec![doc.slice(w)], cue: cue(w), from_ner: true, abbreviation: false });
            continue;
        }
        // "B.C.", "N.S.W.": an area's dotted initials, whatever the tag, when no name matches.
        if surface.matches('.').count() >= 2
            && gaz.lookup(surface).is_empty()
            && gaz.lookup(&e.canonical).is_empty()
            && !gaz.abbreviation(surface).is_empty()
        {
            if !out.iter().any(|t| t.span.overlaps(e.span)) {
                out.push(Toponym {
                    span: e.span,
                    names: Vec::new(),
                    cue: Cue::Admin,
                    from_ner: true,
                    abbreviation: true,
                });
            }
            continue;
        }
        // "Oaxaca State", "Sokoto State": a first-level area with its kind after it.
        if let Some((name, kind)) = surface.rsplit_once(' ')
            && ADMIN_AFTER.contains(&kind.to_lowercase().as_str())
            && gaz.lookup(surface).is_empty()
            && gaz.lookup(name).iter().any(|e| e.feature_code == "ADM1")
        {
            if !out.iter().any(|t| t.span.overlaps(e.span)) {
                out.push(Toponym {
                    span: e.span,
                    names: vec![name],
                    cue: Cue::Admin,
                    from_ner: true,
                    abbreviation: false,
                });
            }
            continue;
        }
        let place = match e.label {
            // "the West", "the Gulf": after "the", one word that is not a modifier ("the
            // Baghdad march") is a place only as a country or continent ("the Netherlands"), a
            // large city ("the Tianjin No. 2 Detention Centre") or a name that holds the article
            // ("The Hague").
            EntityLabel::Loc
                if !surface.contains(' ')
                    && follows_the(token_at(e.span.start))
                    && !words.get(token_at(e.span.end)).is_some_and(|w| w.starts_with(char::is_lowercase)) =>
            {
                country(gaz, surface)
                    || country(gaz, &e.canonical)
                    || large_city(gaz, surface)
                    || !gaz.lookup(&format!("The {surface}")).is_empty()
            }
            EntityLabel::Loc => !described_by_age(token_at(e.span.start), token_at(e.span.end)),
            // "in Everett" after "An Everett teen" tagged a person: the cue outweighs the tag.
            _ if strongly_cued(e.span) && populated(gaz, surface) => true,
            EntityLabel::Per if !surface.contains(' ') && person_words.contains(surface) => false,
            _ if follows_the(token_at(e.span.start)) => {
                country(gaz, surface)
                    || country(gaz, &e.canonical)
                    || large_city(gaz, surface)
                    || large_city(gaz, &format!("The {surface}"))
            }
            _ => prominent(gaz, surface) || prominent(gaz, &e.canonical),
        };
        if place && !out.iter().any(|t| t.span.overlaps(e.span)) {
            let mut names = vec![e.canonical.as_str(), surface];
            names.extend(without_direction(surface));
            names.extend(without_municipality(surface));
            out.push(Toponym { span: e.span, names, cue: cue(e.span), from_ner: true, abbreviation: false });
        }
    }
    if let Some(d) = &doc.meta.dateline
        && !out.iter().any(|t| t.span.overlaps(d.span))
    {
        out.push(Toponym {
            span: d.span,
            names: vec![d.place.as_str()],
            cue: Cue::None,
            from_ner: true,
            abbreviation: false,
        });
    }

    let named = |span: Span| doc.entities.iter().any(|e| e.span.overlaps(span));
    let mut i = 0;
    while i < doc.tokens.len() {
        let start = i;
        while capitalised(i) && same_sentence(start, i) {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let mut end = i;
        while end > start + 1 && CALENDAR_WORDS.contains(&words[end - 1]) {
            end -= 1;
        }
        let Some(span) = token_span(start, end) else { continue };
        if named(span) || out.iter().any(|t| t.span.overlaps(span)) {
            continue;
        }
        let surface = doc.slice(span);
        let sentence_start = start == 0 || !same_sentence(start - 1, start);
        let bare = without_municipality(surface).filter(|b| gaz.lookup(surface).is_empty() && populated(gaz, b));
        let cued = cue(span) != Cue::None && (!gaz.lookup(surface).is_empty() || bare.is_some());
        let known = if follows_the(start) {
            country(gaz, surface)
        } else if sentence_start && end - start == 1 {
            area(gaz, surface)
        } else {
            prominent(gaz, surface)
        };
        if cued || known {
            let names = bare.map_or_else(|| vec![surface], |b| vec![b]);
            out.push(Toponym { span, names, cue: cue(span), from_ner: known, abbreviation: false });
        }
    }
    out.sort_by_key(|t| t.span);
    out
}
