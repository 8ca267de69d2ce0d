//! Toponym recognition and resolution.
//!
//! Toponyms are the entity mentions labelled LOC, capitalised token runs that
//! the gazetteer knows and that a cue marks as places (`in X`, `X province`),
//! and the dateline. Each is resolved among its gazetteer candidates by
//! population, feature (countries, capitals), the document's country focus,
//! the dateline's country and admin cues. Names the gazetteer lacks are left out.

use crate::gazetteer::{Entry, Gazetteer, name_key};
use dateline_core::{Document, EntityLabel, PlaceMention, Span};
use std::collections::HashMap;

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

/// The toponyms of a document, in text order, not overlapping.
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

    let mut out: Vec<Toponym<'a>> = Vec::new();
    for e in doc.entities.iter().filter(|e| e.label == EntityLabel::Loc) {
        let surface = doc.slice(e.span);
        out.push(Toponym { span: e.span, names: vec![&e.canonical, surface], cue: cue(e.span), from_ner: true });
    }
    if let Some(d) = &doc.meta.dateline
        && !out.iter().any(|t| t.span.overlaps(d.span))
    {
        out.push(Toponym { span: d.span, names: vec![d.place.as_str()], cue: Cue::None, from_ner: true });
    }

    let named = |span: Span| doc.entities.iter().any(|e| e.span.overlaps(span) && e.label != EntityLabel::Misc);
    let mut i = 0;
    while i < doc.tokens.len() {
        let start = i;
        while i < doc.tokens.len()
            && words[i].starts_with(char::is_uppercase)
            && doc.tokens[i].sentence == doc.tokens[start].sentence
        {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let span = doc.tokens[start].span.cover(doc.tokens[i - 1].span);
        if named(span) || out.iter().any(|t| t.span.overlaps(span)) {
            continue;
        }
        let surface = doc.slice(span);
        if cue(span) != Cue::None && !gaz.lookup(&name_key(surface)).is_empty() {
            out.push(Toponym { span, names: vec![surface], cue: cue(span), from_ner: false });
        }
    }
    out.sort_by_key(|t| t.span);
    out
}
