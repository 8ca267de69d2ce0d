//! The export records of `record-format.md`, with code point offsets.

use crate::document::{Document, PublishedFrom};
use crate::layer::{Event, EventDate, Place};
use crate::link::DocLinks;
use crate::offsets::CharIndex;
use crate::span::Span;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// What the link stage says about events, applied at export: their cluster
/// ids, and the days their clusters give events whose own text fixes none.
#[derive(Clone, Debug, Default)]
pub struct EventOverlay<'a> {
    clusters: HashMap<&'a str, &'a str>,
    dates: HashMap<&'a str, &'a EventDate>,
}

impl<'a> EventOverlay<'a> {
    /// The overlay of the stored maps (event id → cluster id, event id → date).
    pub fn new(clusters: &'a HashMap<String, String>, dates: &'a HashMap<String, EventDate>) -> EventOverlay<'a> {
        EventOverlay {
            clusters: clusters.iter().map(|(e, c)| (e.as_str(), c.as_str())).collect(),
            dates: dates.iter().map(|(e, d)| (e.as_str(), d)).collect(),
        }
    }

    /// The cluster of an event.
    pub fn cluster(&self, event: &str) -> Option<&'a str> {
        self.clusters.get(event).copied()
    }

    /// The date to export for `event` and where it came from: `cluster` when
    /// its cluster fixed the day, `text` when a time expression of its own
    /// did, `publication` when it fell back to the publication date.
    pub fn date<'e>(&self, event: &'e Event) -> (Option<&'e EventDate>, Option<&'static str>)
    where
        'a: 'e,
    {
        if let Some(d) = self.dates.get(event.id.as_str()) {
            return (Some(*d), Some("cluster"));
        }
        match &event.date {
            Some(d) if d.source.is_some() => (Some(d), Some("text")),
            Some(d) => (Some(d), Some("publication")),
            None => (None, None),
        }
    }
}

/// The JSON record of one document (`export --what documents`).
pub fn document_record(doc: &Document, links: Option<&DocLinks>, overlay: &EventOverlay<'_>, with_text: bool) -> Value {
    let idx = CharIndex::new(doc.text());
    let span = |s: Span| idx.span(s);
    let (published, published_from) = published_of(doc, links);
    let dateline = doc.meta.dateline.as_ref().map(|d| {
        let (start, end) = span(d.span);
        json!({"place": d.place, "start": start, "end": end})
    });
    let entities: Vec<Value> = doc
        .entities
        .iter()
        .map(|e| {
            let (start, end) = span(e.span);
            let mut v = json!({
                "text": doc.slice(e.span), "start": start, "end": end, "label": e.label,
                "canonical": e.canonical, "entity_id": e.entity_id,
            });
            if let Some(t) = &e.actor_type {
                v["actor_type"] = json!(t);
            }
            v
        })
        .collect();
    let places = place_values(doc, &idx);
    let times: Vec<Value> = doc
        .times
        .iter()
        .map(|t| {
            let (start, end) = span(t.span);
            let mut v = json!({
                "text": doc.slice(t.span), "start": start, "end": end, "value": t.value,
                "type": t.kind, "anchor": t.anchor,
            });
            if t.implausible {
                v["implausible"] = json!(true);
            }
            v
        })
        .collect();
    let events: Vec<Value> = doc
        .events
        .iter()
        .map(|e| {
            let text_span = |s: Span| {
                let (start, end) = span(s);
                json!({"text": doc.slice(s), "start": start, "end": end})
            };
            let participants = |ps: &[crate::layer::Participant]| -> Vec<Value> {
                ps.iter()
                    .map(|p| {
                        let mut v = json!({"name": p.name, "entity_id": p.entity_id});
                        if let Some(role) = p.role {
                            v["role"] = json!(role);
                        }
                        if let Some(group) = &p.group {
                            v["group"] = json!(group);
                        }
                        v
                    })
                    .collect()
            };
            let (date, date_from) = overlay.date(e);
            json!({
                "id": e.id,
                "cluster_id": overlay.cluster(&e.id),
                "type": e.kind,
                "subtype": e.subtype,
                "trigger": text_span(e.trigger),
                "date": date.map(|d| &d.value),
                "date_precision": date.map(|d| d.precision),
                "date_from": date_from,
                "place": e.place.as_ref().map(place_value),
                "actors": participants(&e.actors),
                "targets": participants(&e.targets),
                "crowd_size": e.crowd_size.as_ref().map(|c| json!({"min": c.min, "max": c.max, "text": doc.slice(c.span)})),
                "fatalities": e.fatalities.as_ref().map(|c| c.value),
                "injuries": e.injuries.as_ref().map(|c| c.value),
                "background": e.background,
                "evidence": e.evidence.iter().map(|s| { let (start, end) = span(*s); json!({"start": start, "end": end}) }).collect::<Vec<_>>(),
                "confidence": round3(e.confidence),
            })
        })
        .collect();
    let mut record = json!({
        "id": doc.id,
        "published": published,
        "published_from": published_from,
        "language": doc.meta.language,
        "title": doc.meta.title,
        "source": doc.meta.source,
        "url": doc.meta.url,
        "dateline": dateline,
        "story_id": links.and_then(|l| l.story_id.as_deref()),
        "duplicate_of": links.and_then(|l| l.duplicate_of.as_deref()),
        "entities": entities,
        "places": places,
        "times": times,
        "events": events,
    });
    if let Some(headline) = doc.headline.as_deref().filter(|h| !h.places.is_empty()) {
        record["title_places"] = json!(place_values(headline, &CharIndex::new(headline.text())));
    }
    if with_text {
        record["text"] = json!(doc.text());
    }
    record
}

/// The places of a text with their code point offsets (`idx` indexes its text).
fn place_values(doc: &Document, idx: &CharIndex) -> Vec<Value> {
    doc.places
        .iter()
        .map(|p| {
            let (start, end) = idx.span(p.span);
            let mut v = place_value(&p.place);
            v["text"] = json!(doc.slice(p.span));
            v["start"] = json!(start);
            v["end"] = json!(end);
            v["confidence"] = json!(round3(p.confidence));
            v
        })
        .collect()
}

/// The publication date to export and where it came from: the document's
/// own, else the one the link stage inferred from its story.
pub fn published_of(doc: &Document, links: Option<&DocLinks>) -> (Option<String>, &'static str) {
    match (doc.meta.published, links.and_then(|l| l.published)) {
        (Some(d), _) => (Some(d.to_string()), doc.meta.published_from.as_str()),
        (None, Some(d)) => (Some(d.to_string()), PublishedFrom::Story.as_str()),
        (None, None) => (None, PublishedFrom::None.as_str()),
    }
}

fn place_value(p: &Place) -> Value {
    json!({
        "name": p.name, "geonameid": p.geonameid, "lat": round5(p.lat), "lon": round5(p.lon),
        "country_code": p.country_code, "admin1": p.admin1, "feature_code": p.feature_code,
        "precision": p.precision,
    })
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

/// One flat row per event, in ACLED-like columns (CSV and Parquet export).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct EventRow {
    pub event_id: String,
    pub event_date: Option<String>,
    pub date_precision: Option<String>,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<String>,
    pub crowd_min: Option<u64>,
    pub crowd_max: Option<u64>,
    pub fatalities: Option<u64>,
    pub injuries: Option<u64>,
    pub background: bool,
    pub cluster_id: Option<String>,
    pub document_id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub notes: String,
}

impl EventRow {
    /// Column names, in order.
    pub const COLUMNS: [&'static str; 23] = [
        "event_id",
        "event_date",
        "date_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "crowd_min",
        "crowd_max",
        "fatalities",
        "injuries",
        "background",
        "cluster_id",
        "document_id",
        "source",
        "url",
        "notes",
    ];
}

/// The flat rows of every event in `doc`. `notes` holds the evidence sentence.
pub fn event_rows(doc: &Document, overlay: &EventOverlay<'_>) -> Vec<EventRow> {
    doc.events
        .iter()
        .map(|e| {
            let sentence = e
                .evidence
                .first()
                .map(|s| doc.sentence_at(s.start).unwrap_or(*s))
                .map(|s| doc.slice(s).split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let (date, _) = overlay.date(e);
            EventRow {
                event_id: e.id.clone(),
                event_date: date.map(|d| d.value.clone()),
                date_precision: date.map(|d| d.precision.as_str().to_string()),
                event_type: e.kind.as_str().to_string(),
                sub_event_type: e.subtype.clone(),
                actor1: e.actors.first().map(|p| p.name.clone()),
                actor2: e.targets.first().map(|p| p.name.clone()),
                country: e.place.as_ref().map(|p| p.country_code.clone()),
                admin1: e.place.as_ref().and_then(|p| p.admin1.clone()),
                location: e.place.as_ref().map(|p| p.name.clone()),
                latitude: e.place.as_ref().map(|p| round5(p.lat)),
                longitude: e.place.as_ref().map(|p| round5(p.lon)),
                geo_precision: e.place.as_ref().map(|p| p.precision.as_str().to_string()),
                crowd_min: e.crowd_size.as_ref().map(|c| c.min),
                crowd_max: e.crowd_size.as_ref().map(|c| c.max),
                fatalities: e.fatalities.as_ref().map(|c| c.value),
                injuries: e.injuries.as_ref().map(|c| c.value),
                background: e.background,
                cluster_id: overlay.cluster(&e.id).map(str::to_string),
                document_id: doc.id.clone(),
                source: doc.meta.source.clone(),
                url: doc.meta.url.clone(),
                notes: sentence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dateline, Meta};

    #[test]
    fn offsets_are_code_points_and_published_falls_back_to_story() {
        let meta =
            Meta { dateline: Some(Dateline { place: "Erbil".into(), span: Span::new(9, 14) }), ..Meta::default() };
        let doc = Document::new("d", "“Ω” Erbil", meta);
        let links = DocLinks {
            doc_id: "d".into(),
            published: jiff::civil::Date::new(2023, 10, 27).ok(),
            ..DocLinks::default()
        };
        let rec = document_record(&doc, Some(&links), &EventOverlay::default(), false);
        assert_eq!(rec["dateline"]["start"], 4);
        assert_eq!(rec["published"], "2023-10-27");
        assert_eq!(rec["published_from"], PublishedFrom::Story.as_str());
        assert!(rec.get("text").is_none());
    }
}
