//! Insert throughput on a corpus shaped like the bench corpus (19k articles,
//! 16 MB of clean text, every layer filled), in batches of 256.
//!
//! Run `cargo test --release -p dateline_store --test insert_speed -- --nocapture`
//! to see the rate (the release build stores the full 19k corpus; debug builds
//! a smaller one). It checks correctness only: timings on these shared
//! machines are read, not asserted.

use dateline_core::{
    Document, EntityLabel, EntityMention, Event, EventType, GeoPrecision, Meta, Place, PlaceMention, Span, TimeAnchor,
    TimeExpr, TimexType, Token, entity_id_for,
};
use dateline_store::Store;
use std::time::Instant;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const WORDS: &[&str] = &[
    "the",
    "protesters",
    "gathered",
    "in",
    "square",
    "police",
    "said",
    "on",
    "Friday",
    "government",
    "minister",
    "thousands",
    "of",
    "supporters",
    "rally",
    "against",
    "election",
    "results",
    "capital",
    "officials",
    "killed",
    "injured",
    "army",
    "strike",
    "talks",
    "agreement",
    "sanctions",
    "aid",
    "border",
    "village",
    "reported",
    "Reuters",
];
const NAMES: &[&str] = &["Baghdad", "Muqtada al-Sadr", "United Nations", "Kyiv", "Hamas", "Khartoum", "Macron"];

/// A pseudo-random article of about 840 bytes with tokens, sentences,
/// entities, places, times and events.
fn article(n: usize) -> Document {
    let mut state = (n as u64).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    let mut next = |m: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % m
    };
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut entities = Vec::new();
    let mut sentences = Vec::new();
    let mut sentence_start = 0;
    while text.len() < 800 {
        let is_name = next(8) == 0;
        let word = if is_name { NAMES[next(NAMES.len())] } else { WORDS[next(WORDS.len())] };
        let start = text.len();
        text.push_str(word);
        let span = Span::new(start, text.len());
        tokens.push(Token { span, sentence: sentences.len() as u32 });
        if is_name {
            entities.push(EntityMention {
                span,
                label: EntityLabel::Org,
                canonical: word.to_owned(),
                entity_id: entity_id_for(EntityLabel::Org, word),
                actor_type: None,
            });
        }
        if next(12) == 0 {
            text.push_str(". ");
            sentences.push(Span::new(sentence_start, text.len() - 1));
            sentence_start = text.len();
        } else {
            text.push(' ');
        }
    }
    let meta = Meta {
        title: Some(format!("Article {n}")),
        source: Some("example.com".into()),
        published: format!("2020-01-{:02}", 1 + n % 28).parse().ok(),
        language: Some("en".into()),
        ..Meta::default()
    };
    let mut doc = Document::new(format!("doc-{n}"), text, meta);
    let place = Place {
        name: "Baghdad".into(),
        geonameid: Some(98182),
        lat: 33.34,
        lon: 44.4,
        country_code: "IQ".into(),
        admin1: None,
        feature_code: "PPLC".into(),
        precision: GeoPrecision::City,
    };
    doc.places = (0..3).map(|i| PlaceMention { span: tokens[i].span, place: place.clone(), confidence: 0.8 }).collect();
    doc.times = vec![TimeExpr {
        span: tokens[4].span,
        value: "2020-01-24".into(),
        kind: TimexType::Date,
        anchor: TimeAnchor::Published,
        implausible: false,
        relative: true,
    }];
    doc.events = (0..2)
        .map(|i| Event {
            id: format!("doc-{n}#ev{i}"),
            kind: EventType::Protest,
            subtype: "peaceful protest".into(),
            trigger: tokens[i + 5].span,
            date: None,
            place: Some(place.clone()),
            actors: Vec::new(),
            targets: Vec::new(),
            crowd_size: None,
            fatalities: None,
            injuries: None,
            background: false,
            evidence: vec![tokens[i + 5].span],
            confidence: 0.7,
        })
        .collect();
    doc.sentences = sentences;
    doc.tokens = tokens;
    doc.entities = entities;
    doc
}

#[test]
fn stores_a_corpus_sized_run_in_batches() -> TestResult {
    let n = if cfg!(debug_assertions) { 2_000 } else { 19_000 };
    let docs: Vec<Document> = (0..n).map(article).collect();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("bench.db"))?;
    let started = Instant::now();
    for batch in docs.chunks(256) {
        store.insert_batch(batch)?;
    }
    let secs = started.elapsed().as_secs_f64();
    let rate = n as f64 / secs;
    eprintln!("stored {n} documents ({:.1} MB of text) in {secs:.2} s: {rate:.0} docs/s", bytes as f64 / 1e6);
    assert_eq!(store.stats()?.documents, n as u64);
    assert_eq!(store.document("doc-7")?.as_ref(), docs.get(7));
    Ok(())
}
