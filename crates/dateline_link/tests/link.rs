//! The link stage on hand-built documents: the five seed articles annotated
//! by hand (entities, places, events), and small synthetic cases.

use dateline_core::{
    CrowdSize, DatePrecision, Document, EntityLabel, EntityMention, Event, EventDate, EventType, GeoPrecision, Links,
    Meta, Participant, Place, PlaceMention, Span, entity_id_for,
};
use dateline_link::{LinkConfig, LinkState, Linker};
use jiff::civil::Date;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SEEDS: [(&str, &str, Option<&str>, Option<&str>); 5] = [
    (
        "000_7d32de2e1b87edd5",
        include_str!("../resources/test/fixtures/000_7d32de2e1b87edd5.txt"),
        Some("2023-10-20"),
        None,
    ),
    ("001_76dcea6e98bd051b", include_str!("../resources/test/fixtures/001_76dcea6e98bd051b.txt"), None, None),
    (
        "002_97b6f26d02a9d695",
        include_str!("../resources/test/fixtures/002_97b6f26d02a9d695.txt"),
        Some("2020-01-24"),
        None,
    ),
    (
        "003_339f728686f94fd6",
        include_str!("../resources/test/fixtures/003_339f728686f94fd6.txt"),
        Some("2020-01-25"),
        Some("Thousands of Sadr, militia supporters attend anti-US march in Baghdad"),
    ),
    (
        "004_9af599180e7d21e3",
        include_str!("../resources/test/fixtures/004_9af599180e7d21e3.txt"),
        Some("2020-01-24"),
        None,
    ),
];

/// Surface forms → (label, canonical); countries are also resolved as country places.
const NAMES: &[(&[&str], EntityLabel, &str)] = &[
    (
        &["Muqtada al-Sadr", "Moqtada Al Sadr", "Mr Al Sadr", "al-Sadr", "Al-Sadr", "Sadr", "Muqtada"],
        EntityLabel::Per,
        "Muqtada al-Sadr",
    ),
    (&["Qassem Soleimani", "Qassem Sulaimani", "Qasim Soleimani", "Soleimani"], EntityLabel::Per, "Qassem Soleimani"),
    (
        &["Abu Mahdi Al Muhandis", "Abu Mahdi al-Muhandis", "al-Muhandis", "Muhandis"],
        EntityLabel::Per,
        "Abu Mahdi al-Muhandis",
    ),
    (&["Ali al-Sistani", "Al-Sistani"], EntityLabel::Per, "Ali al-Sistani"),
    (&["Ali Khamenei"], EntityLabel::Per, "Ali Khamenei"),
    (&["Adel Abdul-Mahdi", "Adil Abdul Mahdi", "Abdul Mahdi"], EntityLabel::Per, "Adel Abdul-Mahdi"),
    (&["Saddam Hussein"], EntityLabel::Per, "Saddam Hussein"),
    (&["Qais al-Khazali", "Qais Khazali"], EntityLabel::Per, "Qais Khazali"),
    (&["Donald Trump"], EntityLabel::Per, "Donald Trump"),
    (
        &["Popular Mobilisation Forces", "Popular Mobilization Units", "popular mobilization units", "PMF", "PMU"],
        EntityLabel::Org,
        "Popular Mobilisation Forces",
    ),
    (&["Kataib Hezbollah", "Kata’ib Hezbollah"], EntityLabel::Org, "Kataib Hezbollah"),
    (&["Asaib Ahl al-Haq", "Asa’ib Ahl al-Haq"], EntityLabel::Org, "Asaib Ahl al-Haq"),
    (&["Hamas"], EntityLabel::Org, "Hamas"),
    (&["Baghdad"], EntityLabel::Loc, "Baghdad"),
    (&["Gaza"], EntityLabel::Loc, "Gaza"),
    (&["Anbar"], EntityLabel::Loc, "Anbar"),
    (&["Tehran"], EntityLabel::Loc, "Tehran"),
    (&["Washington"], EntityLabel::Loc, "Washington"),
    (&["Green Zone"], EntityLabel::Loc, "Green Zone"),
    (&["Tahrir Square"], EntityLabel::Loc, "Tahrir Square"),
    (&["Jadriya", "Jadriyah"], EntityLabel::Loc, "Jadriya"),
    (&["Karrada", "Karada"], EntityLabel::Loc, "Karrada"),
    (&["West Bank"], EntityLabel::Loc, "West Bank"),
    (&["Erbil"], EntityLabel::Loc, "Erbil"),
    (&["Ain al-Assad", "Al Assad"], EntityLabel::Loc, "Ain al-Assad"),
    (&["Iraq"], EntityLabel::Loc, "Iraq"),
    (&["Iran"], EntityLabel::Loc, "Iran"),
    (&["Israel"], EntityLabel::Loc, "Israel"),
    (&["Jordan"], EntityLabel::Loc, "Jordan"),
    (&["United States", "US", "U.S.", "America"], EntityLabel::Loc, "United States"),
    (&["Iraqi", "Iraqis"], EntityLabel::Norp, "Iraqi"),
    (&["Iranian"], EntityLabel::Norp, "Iranian"),
    (&["Shiite", "Shi'ite", "Shia"], EntityLabel::Norp, "Shia"),
    (&["Palestinian", "Palestinians"], EntityLabel::Norp, "Palestinian"),
    (&["American", "Americans"], EntityLabel::Norp, "American"),
];

const COUNTRIES: &[&str] = &["Iraq", "Iran", "Israel", "Jordan", "United States"];

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Every whole-word occurrence of `needle`.
fn find_all(text: &str, needle: &str) -> Vec<Span> {
    text.match_indices(needle)
        .filter(|(at, _)| {
            let before = text.get(..*at).and_then(|s| s.chars().next_back());
            let after = text.get(at + needle.len()..).and_then(|s| s.chars().next());
            !is_word_char(before) && !is_word_char(after)
        })
        .map(|(at, m)| Span::new(at, at + m.len()))
        .collect()
}

fn find(text: &str, needle: &str) -> Span {
    find_all(text, needle).first().copied().unwrap_or_default()
}

/// Sentences split after `.`, `!` or `?` followed by white space.
fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_end = false;
    for (i, c) in text.char_indices() {
        if prev_end && c.is_whitespace() {
            out.push(Span::new(start, i));
            start = i + c.len_utf8();
        }
        prev_end = matches!(c, '.' | '!' | '?');
    }
    out.push(Span::new(start, text.len()));
    out.retain(|s| !s.is_empty());
    out
}

fn annotate(id: &str, text: &str, published: Option<&str>, title: Option<&str>) -> Document {
    let meta =
        Meta { title: title.map(str::to_string), published: published.and_then(|p| p.parse().ok()), ..Meta::default() };
    let mut doc = Document::new(id, text, meta);
    doc.sentences = sentences(text);
    let mut taken: Vec<Span> = Vec::new();
    let mut surfaces: Vec<(&str, EntityLabel, &str)> = NAMES
        .iter()
        .flat_map(|(forms, label, canonical)| forms.iter().map(move |f| (*f, *label, *canonical)))
        .collect();
    surfaces.sort_by_key(|(f, _, _)| std::cmp::Reverse(f.len()));
    for (form, label, canonical) in surfaces {
        for span in find_all(text, form) {
            if taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            taken.push(span);
            doc.entities.push(EntityMention {
                span,
                label,
                canonical: canonical.to_string(),
                entity_id: entity_id_for(label, canonical),
                actor_type: None,
            });
            if COUNTRIES.contains(&canonical) {
                doc.places.push(PlaceMention {
                    span,
                    place: place(canonical, 33.0, 44.0, None, GeoPrecision::Country),
                    confidence: 1.0,
                });
            }
        }
    }
    doc.entities.sort_by_key(|e| e.span);
    doc
}

fn place(name: &str, lat: f64, lon: f64, admin1: Option<&str>, precision: GeoPrecision) -> Place {
    Place {
        name: name.to_string(),
        geonameid: None,
        lat,
        lon,
        country_code: "IQ".to_string(),
        admin1: admin1.map(str::to_string),
        feature_code: "PPL".to_string(),
        precision,
    }
}

fn baghdad() -> Place {
    place("Baghdad", 33.34, 44.40, Some("Baghdad"), GeoPrecision::City)
}

fn border() -> Place {
    place("Trebil border crossing", 32.93, 39.32, Some("Anbar"), GeoPrecision::Point)
}

struct Ev<'a> {
    kind: EventType,
    trigger: &'a str,
    date: Option<(&'a str, Option<&'a str>)>,
    place: Option<Place>,
    actors: &'a [&'a str],
    crowd: Option<(&'a str, u64, u64)>,
}

fn ev<'a>(kind: EventType, trigger: &'a str) -> Ev<'a> {
    Ev { kind, trigger, date: None, place: None, actors: &[], crowd: None }
}

impl<'a> Ev<'a> {
    fn on(mut self, value: &'a str, source: Option<&'a str>) -> Self {
        self.date = Some((value, source));
        self
    }
    fn at(mut self, p: Place) -> Self {
        self.place = Some(p);
        self
    }
    fn by(mut self, actors: &'a [&'a str]) -> Self {
        self.actors = actors;
        self
    }
    fn crowd(mut self, text: &'a str, min: u64, max: u64) -> Self {
        self.crowd = Some((text, min, max));
        self
    }
}

fn add_events(doc: &mut Document, events: Vec<Ev<'_>>) {
    for (n, e) in events.into_iter().enumerate() {
        let text = doc.text().to_string();
        let trigger = find(&text, e.trigger);
        let actor = |name: &str| {
            let (_, label, canonical) =
                NAMES.iter().find(|(_, _, c)| *c == name).copied().unwrap_or((&[], EntityLabel::Misc, name));
            Participant {
                name: name.to_string(),
                entity_id: Some(entity_id_for(label, canonical)),
                role: None,
                span: trigger,
                group: None,
            }
        };
        doc.events.push(Event {
            id: format!("{}#ev{}", doc.id, n + 1),
            kind: e.kind,
            subtype: String::new(),
            trigger,
            date: e.date.and_then(|(v, source)| {
                DatePrecision::of_timex(v).map(|precision| EventDate {
                    value: v.to_string(),
                    precision,
                    source: source.map(|s| find(&text, s)),
                })
            }),
            place: e.place,
            actors: e.actors.iter().map(|a| actor(a)).collect(),
            targets: Vec::new(),
            crowd_size: e.crowd.map(|(t, min, max)| CrowdSize { min, max, span: find(&text, t) }),
            fatalities: None,
            injuries: None,
            background: false,
            evidence: vec![trigger],
            confidence: 0.8,
        });
    }
}

const SADR: &str = "Muqtada al-Sadr";
const PMF: &str = "Popular Mobilisation Forces";
const US: &str = "United States";

fn seeds() -> Vec<Document> {
    let mut docs: Vec<Document> = SEEDS.iter().map(|(id, text, p, title)| annotate(id, text, *p, *title)).collect();
    let jadriya = place("Jadriya", 33.28, 44.38, Some("Baghdad"), GeoPrecision::Point);
    let karrada = place("Karrada", 33.30, 44.42, Some("Baghdad"), GeoPrecision::Point);
    let tahrir = place("Tahrir Square", 33.33, 44.40, Some("Baghdad"), GeoPrecision::Point);
    let airport = place("Baghdad International Airport", 33.26, 44.23, Some("Baghdad"), GeoPrecision::Point);
    let al_assad = place("Ain al-Assad", 33.80, 42.44, Some("Anbar"), GeoPrecision::Point);
    let events = [
        vec![
            ev(EventType::Protest, "gathered")
                .on("2023-10-20", Some("on Friday"))
                .at(border())
                .by(&[PMF])
                .crowd("Hundreds", 100, 999),
            ev(EventType::Protest, "also gathered").on("2023-10-20", None).at(baghdad()).by(&[PMF]).crowd(
                "Hundreds of PMF",
                100,
                999,
            ),
            ev(EventType::Request, "called for a peaceful sit-in").on("2023-10-19", Some("On Thursday")).by(&[SADR]),
        ],
        vec![
            ev(EventType::Request, "called on").at(baghdad()).by(&[SADR]),
            ev(EventType::Protest, "gathered last week").at(border()).by(&[PMF]).crowd("Hundreds", 100, 999),
            ev(EventType::Assault, "drone strike killed").on("2020", Some("early 2020")).by(&[US]),
        ],
        vec![
            ev(EventType::Protest, "gathered in Baghdad")
                .on("2020-01-24", Some("on Friday"))
                .at(jadriya.clone())
                .by(&[SADR])
                .crowd("Thousands", 1000, 9999),
            ev(EventType::Protest, "anti-government protests").on("2020-01-24", None).at(tahrir),
            ev(EventType::Request, "called on political parties")
                .on("2020-01-24", Some("on Friday"))
                .by(&["Ali al-Sistani"]),
            ev(EventType::Assault, "drone attack near Baghdad airport")
                .on("2020-01-03", Some("earlier this month"))
                .at(airport.clone())
                .by(&[US]),
        ],
        vec![
            ev(EventType::Protest, "flocked").on("2020-01-25", None).at(karrada).by(&[SADR]).crowd(
                "Tens of thousands",
                10000,
                99999,
            ),
            ev(EventType::Assault, "airstrike killed").by(&[US]),
        ],
        vec![
            ev(EventType::Protest, "gathered in the Iraqi capital")
                .on("2020-01-24", Some("on Friday"))
                .at(jadriya)
                .by(&[SADR, PMF])
                .crowd("tens of thousands", 10000, 99999),
            ev(EventType::Assault, "assassinated").on("2020-01-03", Some("two days after")).at(airport).by(&[US]),
            ev(EventType::Assault, "missile attack")
                .on("2020-01", Some("earlier this month"))
                .at(al_assad)
                .by(&["Iran"]),
        ],
    ];
    for (doc, evs) in docs.iter_mut().zip(events) {
        add_events(doc, evs);
    }
    docs
}

fn doc_links<'a>(links: &'a Links, id: &str) -> Option<&'a dateline_core::DocLinks> {
    links.documents.iter().find(|d| d.doc_id == id)
}

fn story_of(links: &Links, id: &str) -> Option<String> {
    doc_links(links, id).and_then(|d| d.story_id.clone())
}

fn cluster_of(links: &Links, event: &str) -> Option<String> {
    links.event_clusters.iter().find(|(e, _)| e == event).map(|(_, c)| c.clone())
}

#[test]
fn seed_stories_clusters_and_dates() {
    let docs = seeds();
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs);
    let links = linker.links();
    let ids: Vec<&str> = SEEDS.iter().map(|s| s.0).collect();
    let stories: Vec<Option<String>> = ids.iter().map(|id| story_of(&links, id)).collect();
    assert_eq!(stories[0], stories[1], "000 and 001 are one story");
    assert_eq!(stories[2], stories[3], "002 and 003 are one story");
    assert_eq!(stories[2], stories[4], "002 and 004 are one story");
    assert_ne!(stories[0], stories[2], "the 2023 and 2020 stories stay apart");
    assert_eq!(links.stories.len(), 2);
    assert!(links.documents.iter().all(|d| d.duplicate_of.is_none()));

    // The border sit-in of 000 and 001 is one cluster; 001 takes its date from it.
    assert_eq!(cluster_of(&links, "000_7d32de2e1b87edd5#ev1"), cluster_of(&links, "001_76dcea6e98bd051b#ev2"));
    assert_eq!(doc_links(&links, ids[1]).and_then(|d| d.published), "2023-10-27".parse::<Date>().ok());
    assert_eq!(doc_links(&links, ids[0]).and_then(|d| d.published), None);

    // The march: one cluster over three sources that disagree on the crowd only.
    let march = cluster_of(&links, "002_97b6f26d02a9d695#ev1");
    assert_eq!(march, cluster_of(&links, "003_339f728686f94fd6#ev1"));
    assert_eq!(march, cluster_of(&links, "004_9af599180e7d21e3#ev1"));
    assert_ne!(march, cluster_of(&links, "002_97b6f26d02a9d695#ev2"));
    let record = links.clusters.iter().find(|c| Some(&c.cluster_id) == march.as_ref()).ok_or("no march cluster");
    let record = record.map_err(|e| e.to_string());
    assert!(record.is_ok());
    if let Ok(record) = record {
        assert_eq!(record.disagreements, ["crowd_size"]);
        assert_eq!(record.claims.crowd_size.len(), 3);
        assert_eq!(record.date.as_deref(), Some("2020-01-24"));
        assert_eq!(record.date_precision, Some(DatePrecision::Day));
        assert_eq!(record.kind, EventType::Protest);
        assert_eq!(record.story_id, stories[2]);
        assert_eq!(record.documents.len(), 3);
    }
    // Events whose own text fixes no day take their cluster's: 003's march
    // (publication-date fallback) and 001's undated sit-in; 002's march keeps its own.
    let given = |event: &str| links.event_dates.iter().find(|(e, _)| e == event).map(|(_, d)| d.value.clone());
    assert_eq!(given("003_339f728686f94fd6#ev1").as_deref(), Some("2020-01-24"));
    assert_eq!(given("001_76dcea6e98bd051b#ev2").as_deref(), Some("2023-10-20"));
    assert_eq!(given("002_97b6f26d02a9d695#ev1"), None);
    assert_eq!(given("004_9af599180e7d21e3#ev1"), None);
    // The strike of 002 and 004 (same day, place and actor) is one cluster.
    assert_eq!(cluster_of(&links, "002_97b6f26d02a9d695#ev4"), cluster_of(&links, "004_9af599180e7d21e3#ev2"));
    // Every event has a cluster, and every cluster a record.
    let n_events: usize = docs.iter().map(|d| d.events.len()).sum();
    assert_eq!(links.event_clusters.len(), n_events);
    let mut distinct: Vec<&String> = links.event_clusters.iter().map(|(_, c)| c).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), links.clusters.len());
    // Events of one document never share a cluster.
    for d in &docs {
        let mut cs: Vec<Option<String>> = d.events.iter().map(|e| cluster_of(&links, &e.id)).collect();
        cs.sort();
        cs.dedup();
        assert_eq!(cs.len(), d.events.len(), "{}", d.id);
    }
}

#[test]
fn incremental_linking_matches_one_batch() -> TestResult {
    let docs = seeds();
    let mut all = Linker::new(LinkConfig::default());
    all.add(&docs);

    let mut first = Linker::new(LinkConfig::default());
    first.add(&docs[..2]);
    let json = serde_json::to_string(first.state())?;
    let state: LinkState = serde_json::from_str(&json)?;
    assert_eq!(&state, first.state());
    let mut second = Linker::from_state(LinkConfig::default(), state);
    assert!(second.contains("000_7d32de2e1b87edd5"));
    second.add(&docs[1..]);
    assert_eq!(second.links(), all.links());
    assert_eq!(serde_json::to_string(second.state())?, serde_json::to_string(all.state())?);
    Ok(())
}

/// The documents of each story, as sorted id lists, sorted.
fn story_groups(links: &Links) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = links
        .stories
        .iter()
        .map(|s| {
            let mut docs = s.documents.clone();
            docs.sort();
            docs
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn one_document_per_run_in_reverse_gives_the_stories_of_one_batch() -> TestResult {
    let docs = seeds();
    // Each run starts from the saved JSON state, as `dateline ingest` does;
    // the undated 001 comes before the dated 000 it follows up.
    let mut state = LinkState::default();
    for doc in docs.iter().rev() {
        let mut run = Linker::from_state(LinkConfig::default(), state);
        run.add(std::slice::from_ref(doc));
        run.reconsider_undated();
        state = serde_json::from_str(&serde_json::to_string(run.state())?)?;
    }
    let last = Linker::from_state(LinkConfig::default(), state);
    let links = last.links();
    let ids = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let expected = vec![
        ids(&["000_7d32de2e1b87edd5", "001_76dcea6e98bd051b"]),
        ids(&["002_97b6f26d02a9d695", "003_339f728686f94fd6", "004_9af599180e7d21e3"]),
    ];
    assert_eq!(story_groups(&links), expected);
    assert_eq!(story_of(&links, "001_76dcea6e98bd051b"), story_of(&links, "000_7d32de2e1b87edd5"));
    let friday: Date = "2023-10-27".parse()?;
    assert_eq!(doc_links(&links, "001_76dcea6e98bd051b").and_then(|d| d.published), Some(friday));
    assert_eq!(last.inferred_dates(), vec![("001_76dcea6e98bd051b", friday)]);
    Ok(())
}

#[test]
fn same_input_same_output() -> TestResult {
    let docs = seeds();
    let run = || {
        let mut l = Linker::new(LinkConfig::default());
        l.add(&docs);
        (l.links(), serde_json::to_string(l.state()))
    };
    let (a, sa) = run();
    let (b, sb) = run();
    assert_eq!(a, b);
    assert_eq!(sa?, sb?);
    Ok(())
}

#[test]
fn exact_and_edited_copies_are_duplicates_and_others_not() {
    let text = SEEDS[2].1;
    let edited = text.replacen("Thousands gathered", "Thousands of people gathered", 1).replacen(
        "airport",
        "international airport",
        1,
    );
    let docs = vec![
        annotate("orig", text, Some("2020-01-24"), None),
        annotate("other", SEEDS[4].1, Some("2020-01-24"), None),
        annotate("copy", text, Some("2020-01-24"), None),
        annotate("edited", &edited, Some("2020-01-25"), None),
    ];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs);
    let links = linker.links();
    let dup = |id: &str| doc_links(&links, id).and_then(|d| d.duplicate_of.clone());
    assert_eq!(dup("orig"), None);
    assert_eq!(dup("other"), None);
    assert_eq!(dup("copy").as_deref(), Some("orig"));
    assert_eq!(dup("edited").as_deref(), Some("orig"));
    assert_eq!(story_of(&links, "copy"), story_of(&links, "orig"));
}

#[test]
fn documents_already_linked_are_skipped() {
    let docs = seeds();
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs[..1]);
    linker.add(&docs[..1]);
    assert_eq!(linker.state().len(), 1);
    assert_eq!(linker.links().documents.len(), 1);
}

fn protest(id: &str, published: &str, crowd: (&str, u64, u64), variant: usize) -> Document {
    let (text, trigger) = match variant {
        0 => (
            format!(
                "{} of supporters of the cleric Muqtada al-Sadr marched in Baghdad on Friday against US troops, \
                 filling the streets of the capital with flags and banners against the American presence.",
                crowd.0
            ),
            "marched",
        ),
        1 => (
            format!(
                "Followers of Muqtada al-Sadr, {} by police estimates, rallied in central Baghdad on Friday. \
                 They demanded that US forces leave Iraq and chanted slogans against Washington and Israel.",
                crowd.0
            ),
            "rallied",
        ),
        _ => (
            format!(
                "In Baghdad, {} of people answered a call by Muqtada al-Sadr and protested against the presence \
                 of US soldiers, waving Iraqi flags near the university intersection.",
                crowd.0
            ),
            "protested",
        ),
    };
    let mut doc = annotate(id, &text, Some(published), None);
    add_events(
        &mut doc,
        vec![
            ev(EventType::Protest, trigger)
                .on(published, Some("on Friday"))
                .at(baghdad())
                .by(&[SADR])
                .crowd(crowd.0, crowd.1, crowd.2),
        ],
    );
    doc
}

#[test]
fn crowd_ranges_disagree_only_when_disjoint() {
    let docs = [
        protest("a", "2020-01-24", ("Thousands", 1000, 9999), 0),
        protest("b", "2020-01-24", ("some 5000", 5000, 5000), 1),
    ];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs);
    let links = linker.links();
    assert_eq!(links.stories.len(), 1);
    assert_eq!(links.clusters.len(), 1);
    assert!(links.clusters.iter().all(|c| c.disagreements.is_empty() && c.claims.crowd_size.len() == 2));

    linker.add(&[protest("c", "2020-01-24", ("hundreds", 100, 999), 2)]);
    let links = linker.links();
    assert_eq!(links.clusters.len(), 1);
    assert!(links.clusters.iter().all(|c| c.disagreements == ["crowd_size"] && c.documents == ["a", "b", "c"]));
}

#[test]
fn date_window_separates_stories() {
    let docs = [
        protest("a", "2020-01-24", ("Thousands", 1000, 9999), 0),
        protest("b", "2021-03-05", ("Thousands", 1000, 9999), 1),
    ];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs);
    let links = linker.links();
    assert_ne!(story_of(&links, "a"), story_of(&links, "b"));
    assert_eq!(links.stories.len(), 2);
    assert_ne!(cluster_of(&links, "a#ev1"), cluster_of(&links, "b#ev1"));
}

#[test]
fn undated_document_joins_its_story_and_takes_its_latest_date() {
    let mut undated = protest("u", "2020-01-25", ("thousands", 1000, 9999), 2);
    undated.meta.published = None;
    for e in &mut undated.events {
        e.date = None;
    }
    let docs = [
        protest("a", "2020-01-24", ("Thousands", 1000, 9999), 0),
        protest("b", "2020-01-25", ("thousands", 1000, 9999), 1),
        undated,
    ];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs);
    let links = linker.links();
    assert_eq!(story_of(&links, "u"), story_of(&links, "a"));
    assert_eq!(story_of(&links, "b"), story_of(&links, "a"));
    assert_eq!(doc_links(&links, "u").and_then(|d| d.published), "2020-01-25".parse::<Date>().ok());
    let story = links.stories.iter().find(|s| Some(&s.story_id) == story_of(&links, "u").as_ref());
    assert_eq!(story.map(|s| s.documents.clone()), Some(vec!["a".to_string(), "b".to_string(), "u".to_string()]));
}

#[test]
fn undated_document_reanalysed_against_its_story_date_replaces_its_events() -> TestResult {
    let mut docs = seeds();
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&docs);
    let undated = "001_76dcea6e98bd051b";
    let friday: Date = "2023-10-27".parse()?;
    assert_eq!(linker.inferred_dates(), vec![(undated, friday)]);

    // The re-analysis against 2023-10-27: "on Friday" and "last week" now have values.
    let mut doc = docs.remove(1);
    doc.meta.published = Some(friday);
    doc.events.clear();
    add_events(
        &mut doc,
        vec![
            ev(EventType::Request, "called on").on("2023-10-27", Some("on Friday")).at(baghdad()).by(&[SADR]),
            ev(EventType::Protest, "gathered last week")
                .on("2023-W42", Some("last week"))
                .at(border())
                .by(&[PMF])
                .crowd("Hundreds", 100, 999),
        ],
    );
    assert!(linker.reanchor(&doc));
    assert!(!linker.reanchor(&doc), "not re-analysed twice against one date");
    assert!(linker.inferred_dates().is_empty());
    let links = linker.links();

    let mut ids: Vec<&String> = links.event_clusters.iter().map(|(e, _)| e).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "each event once: the replaced ones are gone");
    assert!(links.clusters.iter().all(|c| !c.events.is_empty()), "no cluster left empty");
    assert_eq!(cluster_of(&links, "000_7d32de2e1b87edd5#ev1"), cluster_of(&links, "001_76dcea6e98bd051b#ev2"));
    let given = links.event_dates.iter().find(|(e, _)| e == "001_76dcea6e98bd051b#ev2").map(|(_, d)| d.value.as_str());
    assert_eq!(given, Some("2023-10-20"), "the week narrows to the day of the sit-in it reports");
    assert_eq!(cluster_of(&links, "001_76dcea6e98bd051b#ev3"), None);

    let restored = Linker::from_state(LinkConfig::default(), linker.state().clone());
    assert_eq!(restored.links(), links);
    Ok(())
}
