//! Documents with every layer the store indexes, for the tests.

use dateline_core::{
    CrowdSize, DatePrecision, Document, EntityLabel, EntityMention, Event, EventDate, EventType, GeoPrecision, Meta,
    Origin, Place, PlaceMention, PublishedFrom, Span, TimeAnchor, TimeExpr, TimexType, Token, entity_id_for,
};

/// A test result.
pub(crate) type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A plain document: only text and an id, in `en`.
pub(crate) fn plain(id: &str, text: &str) -> Document {
    let meta = Meta { language: Some("en".into()), title: Some(format!("Title of {id}")), ..Meta::default() };
    Document::new(id, text, meta)
}

/// A Baghdad protest report with entities, a place, a time and one event.
pub(crate) fn protest(id: &str, published: Option<&str>) -> Document {
    let text = "BAGHDAD (Reuters) - Thousands of supporters of Moqtada al-Sadr gathered on Friday. Sadr spoke.";
    let meta = Meta {
        title: Some("Thousands rally in Baghdad".into()),
        url: Some(format!("https://example.com/{id}")),
        source: Some("reuters.com".into()),
        published: published.and_then(|p| p.parse().ok()),
        published_from: if published.is_some() { PublishedFrom::Input } else { PublishedFrom::None },
        language: Some("en".into()),
        origin: Origin { path: "docs.jsonl".into(), record: Some(3) },
        ..Meta::default()
    };
    let mut doc = Document::new(id, text, meta);
    // `part` inside the first occurrence of `context`.
    let span_in = |context: &str, part: &str| {
        let start = text.find(context).unwrap_or(0) + context.find(part).unwrap_or(0);
        Span::new(start, start + part.len())
    };
    let span = |needle: &str| span_in(needle, needle);
    let sadr = |at: Span| EntityMention {
        span: at,
        label: EntityLabel::Per,
        canonical: "Muqtada al-Sadr".into(),
        entity_id: entity_id_for(EntityLabel::Per, "Muqtada al-Sadr"),
        actor_type: Some("REL".into()),
    };
    let baghdad = Place {
        name: "Baghdad".into(),
        geonameid: Some(98182),
        lat: 33.34,
        lon: 44.4,
        country_code: "IQ".into(),
        admin1: Some("Baghdad".into()),
        feature_code: "PPLC".into(),
        precision: GeoPrecision::City,
    };
    doc.entities = vec![
        EntityMention {
            span: span("BAGHDAD"),
            label: EntityLabel::Loc,
            canonical: "Baghdad".into(),
            entity_id: entity_id_for(EntityLabel::Loc, "Baghdad"),
            actor_type: None,
        },
        sadr(span("Moqtada al-Sadr")),
        sadr(span_in("Sadr spoke", "Sadr")),
    ];
    let mut at = 0;
    for word in text.split(' ') {
        let sentence = u32::from(at > text.find("Sadr spoke").unwrap_or(0));
        doc.tokens.push(Token { span: Span::new(at, at + word.len()), sentence });
        at += word.len() + 1;
    }
    doc.sentences = vec![span_in("BAGHDAD", "BAGHDAD").cover(span("Friday.")), span("Sadr spoke.")];
    doc.places = vec![PlaceMention { span: span("BAGHDAD"), place: baghdad.clone(), confidence: 0.9 }];
    doc.times = vec![TimeExpr {
        span: span("on Friday"),
        value: published.unwrap_or("XXXX-XX-XX").into(),
        kind: TimexType::Date,
        anchor: TimeAnchor::Published,
        implausible: false,
        relative: true,
    }];
    doc.events = vec![Event {
        id: format!("{id}#ev0"),
        kind: EventType::Protest,
        subtype: "peaceful protest".into(),
        trigger: span("gathered"),
        date: published.map(|p| EventDate { value: p.into(), precision: DatePrecision::Day, source: None }),
        place: Some(baghdad),
        actors: Vec::new(),
        targets: Vec::new(),
        crowd_size: Some(CrowdSize { min: 1000, max: 9999, span: span("Thousands") }),
        fatalities: None,
        injuries: None,
        background: false,
        evidence: vec![Span::new(0, text.len())],
        confidence: 0.75,
    }];
    doc
}
