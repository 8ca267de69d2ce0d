//! Toponym recognition and resolution.
//!
//! Toponyms are the entity mentions labelled LOC, capitalised token runs that
//! the gazetteer knows and that a cue marks as places (`in X`, `X province`),
//! and the dateline. Each is resolved among its gazetteer candidates by
//! population, feature (countries, capitals), the document's country focus,
//! the dateline's country and admin cues. Names the gazetteer lacks are left out.

use crate::gazetteer::{Entry, Gazetteer, name_key};
use dateline_core::{Document, EntityLabel, PlaceMention, Span};
use std::collections::{HashMap, HashSet};

/// Population from which an uncued name is taken for a place.
const PROMINENT_POPULATION: u64 = 100_000;
/// Score bonus of a place whose first-level area the document names.
const AREA_MENTIONED: f64 = 0.5;
/// Words before a name that make it a place.
const BEFORE: [&str; 8] = ["in", "near", "at", "from", "to", "outside", "across", "towards"];
/// Words after a name that make it an admin1 area.
const ADMIN_AFTER: [&str; 4] = ["province", "governorate", "state", "region"];
/// Words after a name that make it a populated place.
const CITY_AFTER: [&str; 6] = ["city", "town", "village", "district", "neighborhood", "neighbourhood"];

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
}

/// Finds and resolves the toponyms of an annotated document.
pub(crate) fn places(doc: &Document, gaz: &Gazetteer) -> Vec<PlaceMention> {
    let toponyms = toponyms(doc, gaz);
    let mut candidates: Vec<Vec<&Entry>> = toponyms
        .iter()
        .map(|t| {
            let mut c = t.names.iter().map(|n| gaz.lookup(n)).find(|c| !c.is_empty()).unwrap_or_default();
            if !t.from_ner {
                c.retain(|e| e.population >= 1000 || e.feature_code == "ADM1" || e.feature_code == "PCLI");
            }
            c
        })
        .collect();

    let mut focus: HashMap<&str, f64> = HashMap::new();
    for c in &candidates {
        if let Some(country) = c.iter().find(|e| e.feature_code == "PCLI") {
            *focus.entry(country.country_code.as_str()).or_default() += 2.0;
        } else if let Some(top) = c.iter().max_by_key(|e| e.population) {
            *focus.entry(top.country_code.as_str()).or_default() += 1.0;
        }
    }
    let total: f64 = focus.values().sum::<f64>().max(1.0);
    // First-level areas named in the document: "Edmonton, Alberta" picks the Edmonton in Alberta.
    let areas: HashSet<(&str, &str)> = candidates
        .iter()
        .flatten()
        .filter(|e| e.feature_code == "ADM1")
        .map(|e| (e.country_code.as_str(), e.admin1.as_str()))
        .collect();
    let dateline_cc = doc
        .meta
        .dateline
        .as_ref()
        .and_then(|d| gaz.lookup(&d.place).into_iter().max_by_key(|e| e.population))
        .map(|e| e.country_code.clone());

    let mut out = Vec::new();
    for (t, cands) in toponyms.iter().zip(candidates.iter_mut()) {
        let score = |e: &Entry| {
            let mut s = (1.0 + e.population as f64).ln() / 16.0;
            s += match (e.feature_code.as_str(), t.cue) {
                ("PCLI", _) => 1.5,
                ("ADM1", Cue::Admin) => 1.5,
                ("ADM1", _) => 0.0,
                (_, Cue::Admin) => -0.5,
                ("PPLC", _) => 0.5,
                ("PPLA", _) => 0.3,
                _ => 0.0,
            };
            s += focus.get(e.country_code.as_str()).copied().unwrap_or(0.0) / total;
            if e.feature_code != "ADM1" && areas.contains(&(e.country_code.as_str(), e.admin1.as_str())) {
                s += AREA_MENTIONED;
            }
            if dateline_cc.as_deref() == Some(e.country_code.as_str()) {
                s += 0.2;
            }
            s
        };
        let mut scored: Vec<(f64, &Entry)> = cands.drain(..).map(|e| (score(e), e)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.geonameid.cmp(&b.1.geonameid)));
        let Some(&(best, entry)) = scored.first() else { continue };
        let margin = scored.get(1).map_or(2.0, |s| best - s.0);
        let confidence = (0.5 + 0.45 * (1.0 - (-2.0 * margin).exp())) as f32;
        out.push(PlaceMention { span: t.span, place: entry.to_place(), confidence });
    }
    out
}

/// Whether a name is well known enough to be a place without a cue: a continent, a country, a first-level
/// area or a large city by its preferred name (alternate names of cities include words like "Hamas").
fn prominent(gaz: &Gazetteer, name: &str) -> bool {
    let key = name_key(name);
    gaz.lookup(name).iter().any(|e| {
        matches!(e.feature_code.as_str(), "CONT" | "PCLI" | "ADM1")
            || (e.population >= PROMINENT_POPULATION && name_key(&e.name) == key)
    })
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
/// gazetteer knows the run ("New Jersey" for a tagged "Jersey"). Untagged capitalised runs are toponyms
/// when a cue marks them as places or when they are prominent (an area only at a sentence start, where
/// capitals say nothing; a country only after "the").
fn toponyms<'a>(doc: &'a Document, gaz: &Gazetteer) -> Vec<Toponym<'a>> {
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let token_at = |offset: u32| doc.tokens.partition_point(|t| t.span.start < offset);
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
    let capitalised = |i: usize| words.get(i).is_some_and(|w| w.starts_with(char::is_uppercase));
    let same_sentence = |a: usize, b: usize| matches!((doc.tokens.get(a), doc.tokens.get(b)), (Some(x), Some(y)) if x.sentence == y.sentence);
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

    let mut out: Vec<Toponym<'a>> = Vec::new();
    for e in &doc.entities {
        let surface = doc.slice(e.span);
        let (first, last) = run_around(e.span);
        let wider = token_span(first, last).filter(|w| *w != e.span && !gaz.lookup(doc.slice(*w)).is_empty());
        if let Some(w) = wider {
            if out.iter().any(|t| t.span.overlaps(w)) {
                continue;
            }
            out.push(Toponym { span: w, names: vec![doc.slice(w)], cue: cue(w), from_ner: true });
            continue;
        }
        let place = match e.label {
            // "the West", "the Gulf": after "the", one word that is not a modifier ("the
            // Baghdad march") is a place only as a country or continent ("the Netherlands")
            // or a name that holds the article ("The Hague").
            EntityLabel::Loc
                if !surface.contains(' ')
                    && follows_the(token_at(e.span.start))
                    && !words.get(token_at(e.span.end)).is_some_and(|w| w.starts_with(char::is_lowercase)) =>
            {
                country(gaz, surface) || country(gaz, &e.canonical) || !gaz.lookup(&format!("The {surface}")).is_empty()
            }
            EntityLabel::Loc => true,
            EntityLabel::Per if !surface.contains(' ') && person_words.contains(surface) => false,
            _ if follows_the(token_at(e.span.start)) => country(gaz, surface) || country(gaz, &e.canonical),
            _ => prominent(gaz, surface) || prominent(gaz, &e.canonical),
        };
        if place && !out.iter().any(|t| t.span.overlaps(e.span)) {
            out.push(Toponym { span: e.span, names: vec![&e.canonical, surface], cue: cue(e.span), from_ner: true });
        }
    }
    if let Some(d) = &doc.meta.dateline
        && !out.iter().any(|t| t.span.overlaps(d.span))
    {
        out.push(Toponym { span: d.span, names: vec![d.place.as_str()], cue: Cue::None, from_ner: true });
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
        let Some(span) = token_span(start, i) else { continue };
        if named(span) || out.iter().any(|t| t.span.overlaps(span)) {
            continue;
        }
        let surface = doc.slice(span);
        let sentence_start = start == 0 || !same_sentence(start - 1, start);
        let cued = cue(span) != Cue::None && !gaz.lookup(surface).is_empty();
        let known = if follows_the(start) {
            country(gaz, surface)
        } else if sentence_start && i - start == 1 {
            area(gaz, surface)
        } else {
            prominent(gaz, surface)
        };
        if cued || known {
            out.push(Toponym { span, names: vec![surface], cue: cue(span), from_ner: known });
        }
    }
    out.sort_by_key(|t| t.span);
    out
}
