//! The events stage.

use crate::classifier::{TYPE_MODEL_TSV, TypeModel};
use crate::error::Result;
use crate::lexicon::{Lexicon, TRIGGERS_TSV};
use crate::mention::{Layout, find_mentions};
use crate::merge::build_events;
use crate::typing::classify_mentions;
use dateline_core::{Document, Layers, Stage, StageError};

/// Configuration of the events stage (the trigger lexicon and the type
/// classifier ship with the crate).
#[derive(Clone, Debug)]
pub struct EventsConfig {
    /// Events less confident than this are dropped, except a document's most
    /// confident one: mentions in passing should not outnumber the news.
    pub min_confidence: f32,
}

impl Default for EventsConfig {
    fn default() -> EventsConfig {
        EventsConfig { min_confidence: 0.45 }
    }
}

/// The events stage: triggers from the lexicon, typed with the classifier,
/// their arguments from the entity, place and time layers, merged into one
/// event per happening.
#[derive(Debug)]
pub struct Events {
    lexicon: Lexicon,
    model: TypeModel,
    min_confidence: f32,
}

impl Events {
    /// Builds the stage: parses and compiles the trigger lexicon, reads the type classifier.
    pub fn new(config: &EventsConfig) -> Result<Events> {
        Ok(Events {
            lexicon: Lexicon::parse(TRIGGERS_TSV)?,
            model: TypeModel::from_tsv(TYPE_MODEL_TSV)?,
            min_confidence: config.min_confidence,
        })
    }
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> Layers {
        Layers::SENTENCES | Layers::TOKENS | Layers::ENTITIES | Layers::PLACES | Layers::TIMES
    }

    fn assigns(&self) -> Layers {
        Layers::EVENTS
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let layout = Layout::of(doc);
        let mut mentions = find_mentions(doc, &self.lexicon, &layout);
        classify_mentions(doc, &layout, &self.model, &mut mentions);
        doc.events = build_events(doc, &layout, &mentions, self.min_confidence);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{
        Dateline, EntityLabel, EntityMention, Event, EventType, GeoPrecision, Meta, Place, PlaceMention, Role, Span,
        TimeAnchor, TimeExpr, TimexType, entity_id_for,
    };

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    /// A document split into sentences at `. ` and line breaks, as the nlp stage would.
    fn document(text: &str, published: Option<jiff::civil::Date>) -> Document {
        let mut doc = Document::new("seed", text, Meta { published, ..Meta::default() });
        let mut start = 0;
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let end_of_sentence = (*b == b'.'
                && bytes.get(i + 1).is_some_and(|c| *c == b' ')
                && bytes.get(i + 2).is_some_and(|c| !c.is_ascii_lowercase() && !c.is_ascii_digit()))
                || (*b == b'\n' && i > start);
            if end_of_sentence {
                let end = if *b == b'.' { i + 1 } else { i };
                if text.get(start..end).is_some_and(|s| !s.trim().is_empty()) {
                    doc.sentences.push(Span::new(start, end));
                }
                start = i + 1;
                while bytes.get(start).is_some_and(|c| c.is_ascii_whitespace()) {
                    start += 1;
                }
            }
        }
        if start < text.len() {
            doc.sentences.push(Span::new(start, text.trim_end().len()));
        }
        doc
    }

    fn spans(doc: &Document, needle: &str) -> Vec<Span> {
        doc.text().match_indices(needle).map(|(i, s)| Span::new(i, i + s.len())).collect()
    }

    fn entity(doc: &mut Document, needle: &str, label: EntityLabel, canonical: &str) {
        for span in spans(doc, needle) {
            let entity_id = entity_id_for(label, canonical);
            doc.entities.push(EntityMention { span, label, canonical: canonical.into(), entity_id, actor_type: None });
        }
        doc.entities.sort_by_key(|e| e.span);
    }

    fn iraqi_place(name: &str, (lat, lon): (f64, f64), precision: GeoPrecision) -> Place {
        Place {
            name: name.into(),
            geonameid: None,
            lat,
            lon,
            country_code: "IQ".into(),
            admin1: None,
            feature_code: String::new(),
            precision,
        }
    }

    /// Marks every occurrence of `needle` as a mention of `place`.
    fn mention_place(doc: &mut Document, needle: &str, place: &Place) {
        for span in spans(doc, needle) {
            doc.places.push(PlaceMention { span, place: place.clone(), confidence: 0.9 });
        }
        doc.places.sort_by_key(|p| p.span);
    }

    fn place(doc: &mut Document, needle: &str, name: &str, point: (f64, f64), precision: GeoPrecision) {
        mention_place(doc, needle, &iraqi_place(name, point, precision));
    }

    fn time(doc: &mut Document, needle: &str, value: &str) {
        for span in spans(doc, needle) {
            let (kind, anchor, implausible) = (TimexType::Date, TimeAnchor::Published, false);
            doc.times.push(TimeExpr { span, value: value.into(), kind, anchor, implausible, relative: true });
        }
        doc.times.sort_by_key(|t| t.span);
    }

    /// Runs the stage keeping every event, however weak.
    fn run(doc: &mut Document) -> TestResult {
        Events::new(&EventsConfig { min_confidence: 0.0 })?.process(doc)?;
        Ok(())
    }

    #[test]
    fn the_confidence_floor_keeps_the_most_confident_event() -> TestResult {
        let text = "Anti-government protesters watched the rally in Baghdad. Trump has threatened to impose sanctions.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        place(&mut doc, "Baghdad", "Baghdad", (33.34, 44.4), GeoPrecision::City);
        entity(&mut doc, "Trump", EntityLabel::Per, "Donald Trump");
        Events::new(&EventsConfig { min_confidence: 1.0 })?.process(&mut doc)?;
        assert_eq!(doc.events.len(), 1, "{:#?}", doc.events);
        assert_eq!(doc.events[0].id, "seed#ev1");
        Ok(())
    }

    fn place_coded(doc: &mut Document, needle: &str, name: &str, country_code: &str, feature_code: &str) {
        for span in spans(doc, needle) {
            let place = Place {
                name: name.into(),
                geonameid: None,
                lat: 33.0,
                lon: 44.0,
                country_code: country_code.into(),
                admin1: None,
                feature_code: feature_code.into(),
                precision: if feature_code == "PPLC" { GeoPrecision::City } else { GeoPrecision::Country },
            };
            doc.places.push(PlaceMention { span, place, confidence: 0.9 });
        }
        doc.places.sort_by_key(|p| p.span);
    }

    #[test]
    fn a_capital_acts_for_its_country_and_a_possessor_for_its_noun() -> TestResult {
        let text = "Crowds gathered in Baghdad after the US assassinated Soleimani there this month. \
                    The vote came two days after Washington assassinated Soleimani. \
                    Yasser added that Iran's missile attack on the base was a prelude.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        entity(&mut doc, "US", EntityLabel::Loc, "United States");
        entity(&mut doc, "Washington", EntityLabel::Loc, "Washington");
        entity(&mut doc, "Soleimani", EntityLabel::Per, "Qassem Soleimani");
        entity(&mut doc, "Yasser", EntityLabel::Per, "Firas al-Yasser");
        entity(&mut doc, "Iran", EntityLabel::Loc, "Iran");
        place_coded(&mut doc, "US", "United States", "US", "PCLI");
        place_coded(&mut doc, "Washington", "Washington", "US", "PPLC");
        place_coded(&mut doc, "Iran", "Iran", "IR", "PCLI");
        run(&mut doc)?;
        let actors: Vec<Vec<&str>> = of_kind(&doc, EventType::Assault)
            .iter()
            .map(|e| e.actors.iter().map(|a| a.name.as_str()).collect())
            .collect();
        assert_eq!(actors, [vec!["United States"], vec!["Iran"]], "{:#?}", doc.events);
        Ok(())
    }

    #[test]
    fn words_said_by_nobody_named_are_no_event() -> TestResult {
        let requests = |text: &str| -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
            let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
            entity(&mut doc, "Iraqis", EntityLabel::Norp, "Iraqi");
            entity(&mut doc, "Sadr", EntityLabel::Per, "Muqtada al-Sadr");
            place(&mut doc, "Baghdad", "Baghdad", (33.34, 44.4), GeoPrecision::City);
            time(&mut doc, "on Friday", "2020-01-24");
            run(&mut doc)?;
            assert_eq!(of_kind(&doc, EventType::Protest).len(), 1);
            Ok(of_kind(&doc, EventType::Request)
                .iter()
                .map(|e| e.actors.iter().map(|a| a.name.clone()).collect())
                .collect())
        };
        let gathered = "Thousands of Iraqis gathered in Baghdad on Friday. ";
        assert!(requests(&format!("{gathered}Iraqis called for the expulsion of US forces."))?.is_empty());
        assert_eq!(requests(&format!("{gathered}Sadr called for the expulsion of US forces."))?, [["Muqtada al-Sadr"]]);
        Ok(())
    }

    #[test]
    fn a_date_in_a_relative_clause_is_not_the_events() -> TestResult {
        let text = "Sadr, whose party won the most seats in the May 2018 elections, had called for a demonstration.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        entity(&mut doc, "Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        time(&mut doc, "May 2018", "2018-05");
        run(&mut doc)?;
        let requests = of_kind(&doc, EventType::Request);
        assert_eq!(requests.len(), 1, "{:#?}", doc.events);
        assert_ne!(requests[0].date.as_ref().map(|d| d.value.as_str()), Some("2018-05"));
        Ok(())
    }

    fn of_kind(doc: &Document, kind: EventType) -> Vec<&Event> {
        doc.events.iter().filter(|e| e.kind == kind).collect()
    }

    const SEED_000: &str = "Hundreds of supporters of Iranian-backed Iraqi paramilitary groups gathered on Friday at Iraq's main border crossing with Jordan to express solidarity with Gaza and call for an end to the blockade imposed by Israel. Some 800 supporters of Iraq's Popular Mobilisation Forces (PMF), an umbrella group of mainly Shi'ite militia, departed from Baghdad late on Thursday in buses for the Iraqi-Jordanian border crossing in western Anbar province. It is the closest access point from Iraq to the Israeli-occupied West Bank. Amid heavy security, protesters set up tents and staged a sit-in, demanding that Israel allow aid into Gaza. “No to Israel and normalization,” they chanted while waving Palestinian flags.

Hundreds of PMF supporters also gathered in Baghdad near the bridge that leads to the fortified Green Zone, home to the U.S. embassy and other missions in Baghdad.

Israel has vowed to wipe out the Hamas Islamist group that rules Gaza, after its gunmen on Oct. 7 rampaged through Israeli towns and kibbutzes, killing 1,400 people.

On Thursday influential Iraqi cleric Muqtada al-Sadr called for a peaceful sit-in at the Palestinian borders in Syria, Lebanon, Egypt and Jordan until Israel lifts the blockade on the enclave and aid is delivered to people in Gaza.";

    fn seed_000() -> Document {
        let mut doc = document(SEED_000, Some(jiff::civil::date(2023, 10, 20)));
        entity(&mut doc, "Popular Mobilisation Forces", EntityLabel::Org, "Popular Mobilisation Forces");
        entity(&mut doc, "PMF", EntityLabel::Org, "Popular Mobilisation Forces");
        entity(&mut doc, "Muqtada al-Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        entity(&mut doc, "Israel", EntityLabel::Loc, "Israel");
        entity(&mut doc, "Hamas", EntityLabel::Org, "Hamas");
        entity(&mut doc, "Iraqi", EntityLabel::Norp, "Iraqi");
        place(&mut doc, "Iraq", "Iraq", (33.0, 44.0), GeoPrecision::Country);
        place(&mut doc, "Jordan", "Jordan", (31.0, 36.0), GeoPrecision::Country);
        place(&mut doc, "Gaza", "Gaza", (31.5, 34.45), GeoPrecision::City);
        place(&mut doc, "Baghdad", "Baghdad", (33.34, 44.4), GeoPrecision::City);
        place(&mut doc, "Anbar", "Al Anbar", (33.0, 42.0), GeoPrecision::Admin1);
        let text = doc.text().to_owned();
        doc.places.retain(|p| text.get(p.span.end as usize..).is_some_and(|s| !s.starts_with(['i', '-'])));
        time(&mut doc, "on Friday", "2023-10-20");
        time(&mut doc, "late on Thursday", "2023-10-19");
        time(&mut doc, "on Oct. 7", "2023-10-07");
        time(&mut doc, "On Thursday", "2023-10-19");
        doc
    }

    #[test]
    fn seed_000_border_sit_in_is_one_event() -> TestResult {
        let mut doc = seed_000();
        run(&mut doc)?;
        let protests = of_kind(&doc, EventType::Protest);
        assert_eq!(protests.len(), 2, "{protests:#?}");
        let sit_in = protests[0];
        assert_eq!(doc.slice(sit_in.trigger), "gathered");
        assert_eq!(sit_in.date.as_ref().map(|d| d.value.as_str()), Some("2023-10-20"));
        assert_eq!(sit_in.date.as_ref().and_then(|d| d.source).map(|s| doc.slice(s)), Some("on Friday"));
        assert_eq!(sit_in.place.as_ref().map(|p| p.name.as_str()), Some("Al Anbar"));
        assert_eq!(sit_in.crowd_size.as_ref().map(|c| (c.min, c.max, doc.slice(c.span))), Some((100, 999, "Hundreds")));
        assert!(
            sit_in
                .actors
                .iter()
                .any(|a| a.name == "Popular Mobilisation Forces" && a.group.as_deref() == Some("supporters"))
        );
        assert!(sit_in.evidence.len() >= 3, "sit-in, chant and crowd sentences merge: {:?}", sit_in.evidence);
        assert!(!sit_in.background);
        Ok(())
    }

    #[test]
    fn seed_000_baghdad_gathering_is_separate() -> TestResult {
        let mut doc = seed_000();
        run(&mut doc)?;
        let protests = of_kind(&doc, EventType::Protest);
        let baghdad = protests.get(1).ok_or("no second protest")?;
        assert_eq!(baghdad.place.as_ref().map(|p| p.name.as_str()), Some("Baghdad"));
        assert_eq!(baghdad.date.as_ref().map(|d| (d.value.as_str(), d.source)), Some(("2023-10-20", None)));
        assert_eq!(baghdad.crowd_size.as_ref().map(|c| (c.min, c.max)), Some((100, 999)));
        let actors: Vec<&str> = baghdad.actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(actors, ["Popular Mobilisation Forces"]);
        assert_eq!(baghdad.actors[0].group.as_deref(), Some("supporters"));
        Ok(())
    }

    #[test]
    fn seed_000_call_and_background_attack() -> TestResult {
        let mut doc = seed_000();
        run(&mut doc)?;
        let requests = of_kind(&doc, EventType::Request);
        let sadr = requests.iter().find(|e| e.actors.iter().any(|a| a.name == "Muqtada al-Sadr")).ok_or("no call")?;
        assert_eq!(sadr.date.as_ref().map(|d| d.value.as_str()), Some("2023-10-19"));
        assert_eq!(sadr.actors[0].role, Some(Role::Participant));
        let attack =
            of_kind(&doc, EventType::Assault).into_iter().find(|e| e.fatalities.is_some()).ok_or("no attack")?;
        assert_eq!(attack.date.as_ref().map(|d| d.value.as_str()), Some("2023-10-07"));
        assert!(attack.background);
        assert_eq!(attack.fatalities.as_ref().map(|f| f.value), Some(1400));
        assert!(doc.events.len() <= 8, "{:#?}", doc.events);
        for (n, e) in doc.events.iter().enumerate() {
            assert_eq!(e.id, format!("seed#ev{}", n + 1));
            assert!((0.0..=1.0).contains(&e.confidence));
        }
        Ok(())
    }

    #[test]
    fn dateline_city_is_not_the_place_of_a_march_to_the_capital() -> TestResult {
        let text = "ERBIL (Kurdistan 24) – Tens of thousands of Iraqis flocked to the capital to join a rally called for by Muqtada al-Sadr.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        doc.meta.dateline = Some(Dateline { place: "Erbil".into(), span: Span::new(0, 5) });
        place(&mut doc, "ERBIL", "Erbil", (36.19, 44.01), GeoPrecision::City);
        entity(&mut doc, "Muqtada al-Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        entity(&mut doc, "Iraqis", EntityLabel::Norp, "Iraqis");
        run(&mut doc)?;
        assert_eq!(doc.events.len(), 1, "{:#?}", doc.events);
        let march = &doc.events[0];
        assert_eq!(march.place, None);
        assert_eq!(march.crowd_size.as_ref().map(|c| (c.min, c.max)), Some((10_000, 99_999)));
        assert!(march.actors.iter().any(|a| a.name == "Muqtada al-Sadr" && a.role == Some(Role::Organizer)));
        assert_eq!(march.date.as_ref().map(|d| d.value.as_str()), Some("2020-01-24"));
        Ok(())
    }

    #[test]
    fn local_news_happens_in_its_dateline_city() -> TestResult {
        let text = "DETROIT (WXYZ) - A 22-year-old man was shot and killed on Tuesday, police said.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        doc.meta.dateline = Some(Dateline { place: "Detroit".into(), span: Span::new(0, 7) });
        place(&mut doc, "DETROIT", "Detroit", (42.33, -83.05), GeoPrecision::City);
        time(&mut doc, "on Tuesday", "2016-01-26");
        run(&mut doc)?;
        let shooting = of_kind(&doc, EventType::Assault).into_iter().next().ok_or("no shooting")?;
        assert_eq!(shooting.place.as_ref().map(|p| p.name.as_str()), Some("Detroit"));
        assert_eq!(shooting.fatalities.as_ref().map(|f| f.value), Some(1));
        Ok(())
    }

    #[test]
    fn a_victim_shot_who_died_later_is_killed_not_injured() -> TestResult {
        let text = "A man was shot on Main Street on Tuesday. Police have no suspects. He died at a hospital.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        time(&mut doc, "on Tuesday", "2016-01-26");
        run(&mut doc)?;
        let shootings = of_kind(&doc, EventType::Assault);
        assert_eq!(shootings.len(), 1, "{:#?}", doc.events);
        assert_eq!(shootings[0].fatalities.as_ref().map(|f| f.value), Some(1));
        assert_eq!(shootings[0].injuries, None);
        assert_eq!(shootings[0].evidence.len(), 2);
        Ok(())
    }

    #[test]
    fn victims_counted_without_a_trigger_are_an_event() -> TestResult {
        let mut doc = document("Two people were injured during a robbery on Main Street.", None);
        run(&mut doc)?;
        assert_eq!(doc.events.len(), 1, "{:#?}", doc.events);
        assert_eq!(doc.events[0].kind, EventType::Assault);
        assert_eq!(doc.events[0].injuries.as_ref().map(|f| f.value), Some(2));
        Ok(())
    }

    #[test]
    fn the_shot_who_did_not_die_are_the_injured() -> TestResult {
        let mut doc = document("Two men were shot on Main Street on Tuesday. One of them died.", None);
        run(&mut doc)?;
        let shootings = of_kind(&doc, EventType::Assault);
        assert_eq!(shootings.len(), 1, "{:#?}", doc.events);
        assert_eq!(shootings[0].fatalities.as_ref().map(|f| f.value), Some(1));
        assert_eq!(shootings[0].injuries.as_ref().map(|f| f.value), Some(1));
        Ok(())
    }

    #[test]
    fn the_headline_counts_what_the_body_leaves_untold() -> TestResult {
        let text = "The victim was shot on Main Street on Tuesday. Police have no suspects.";
        let mut doc = document(text, None);
        doc.meta.title = Some("Man shot, killed on Detroit's west side | WXYZ".into());
        run(&mut doc)?;
        let shootings = of_kind(&doc, EventType::Assault);
        assert_eq!(shootings.len(), 1, "{:#?}", doc.events);
        assert_eq!(shootings[0].fatalities.as_ref().map(|f| f.value), Some(1));
        assert_eq!(shootings[0].injuries, None, "the one shot is the one killed");
        Ok(())
    }

    #[test]
    fn a_headline_counting_more_victims_than_the_one_described_wins() -> TestResult {
        let mut doc = document("A man was shot on Main Street on Tuesday. Police have no suspects.", None);
        doc.meta.title = Some("Teen, man shot in South Philadelphia | 6abc.com".into());
        run(&mut doc)?;
        let shootings = of_kind(&doc, EventType::Assault);
        assert_eq!(shootings.len(), 1, "{:#?}", doc.events);
        assert_eq!(shootings[0].injuries.as_ref().map(|f| f.value), Some(2));
        Ok(())
    }

    #[test]
    fn a_headline_attack_the_body_has_no_trigger_for_is_an_event() -> TestResult {
        let mut doc = document("Friends gathered at the community center on Tuesday. The pastor spoke.", None);
        doc.meta.title = Some("Three shot, one dead after memorial at community center | FOX2now.com".into());
        run(&mut doc)?;
        let shootings = of_kind(&doc, EventType::Assault);
        assert_eq!(shootings.len(), 1, "{:#?}", doc.events);
        assert_eq!(shootings[0].fatalities.as_ref().map(|f| f.value), Some(1));
        assert_eq!(shootings[0].injuries.as_ref().map(|f| f.value), Some(2));
        Ok(())
    }

    #[test]
    fn the_shooting_refers_back_to_the_shooting_told_first() -> TestResult {
        let text = "A boy shot and killed his sister on Saturday. Family members identified the girl. \
                    She loved to draw. The shooting happened just after 2 p.m.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        run(&mut doc)?;
        assert_eq!(of_kind(&doc, EventType::Assault).len(), 1, "{:#?}", doc.events);
        Ok(())
    }

    #[test]
    fn a_shooting_the_body_places_nowhere_happened_in_the_headlines_city() -> TestResult {
        let mut doc = document("A woman was shot and killed on Wednesday. A suspect is in custody.", None);
        let mut headline = document("Woman shot, killed in West Philadelphia", None);
        place(&mut headline, "West Philadelphia", "Philadelphia", (39.95, -75.16), GeoPrecision::City);
        doc.headline = Some(Box::new(headline));
        run(&mut doc)?;
        let shootings = of_kind(&doc, EventType::Assault);
        assert_eq!(shootings.len(), 1, "{:#?}", doc.events);
        assert_eq!(shootings[0].place.as_ref().map(|p| p.name.as_str()), Some("Philadelphia"));
        Ok(())
    }

    fn texan_place(doc: &mut Document, needle: &str, name: &str, precision: GeoPrecision) {
        let place = Place {
            country_code: "US".into(),
            admin1: Some("Texas".into()),
            ..iraqi_place(name, (35.2, -101.8), precision)
        };
        mention_place(doc, needle, &place);
    }

    #[test]
    fn a_state_is_narrowed_to_the_dateline_city_in_it() -> TestResult {
        let text = "AMARILLO (KFDA) - A man was shot and killed in Texas on Tuesday, police said.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        doc.meta.dateline = Some(Dateline { place: "Amarillo".into(), span: Span::new(0, 8) });
        texan_place(&mut doc, "AMARILLO", "Amarillo", GeoPrecision::City);
        texan_place(&mut doc, "Texas", "Texas", GeoPrecision::Admin1);
        run(&mut doc)?;
        let shooting = of_kind(&doc, EventType::Assault).into_iter().next().ok_or("no shooting")?;
        assert_eq!(shooting.place.as_ref().map(|p| p.name.as_str()), Some("Amarillo"));
        Ok(())
    }

    #[test]
    fn a_state_is_narrowed_to_the_city_the_next_sentence_sets_it_in() -> TestResult {
        let text = "A gunman was shot and killed at a Walmart in Texas, authorities said. \
                    The man walked into the store in Amarillo late Saturday. The Amarillo Globe-News reported it.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        texan_place(&mut doc, "Texas", "Texas", GeoPrecision::Admin1);
        texan_place(&mut doc, "Amarillo", "Amarillo", GeoPrecision::City);
        run(&mut doc)?;
        let shooting = of_kind(&doc, EventType::Assault).into_iter().next().ok_or("no shooting")?;
        assert_eq!(shooting.place.as_ref().map(|p| p.name.as_str()), Some("Amarillo"), "{:#?}", doc.events);

        let text = "A man was shot and killed in Texas on Tuesday. The Amarillo Globe-News reported it.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        texan_place(&mut doc, "Texas", "Texas", GeoPrecision::Admin1);
        texan_place(&mut doc, "Amarillo", "Amarillo", GeoPrecision::City);
        run(&mut doc)?;
        let shooting = of_kind(&doc, EventType::Assault).into_iter().next().ok_or("no shooting")?;
        assert_eq!(shooting.place.as_ref().map(|p| p.name.as_str()), Some("Texas"), "a newspaper's city sets nothing");
        Ok(())
    }

    #[test]
    fn a_shooting_south_of_a_town_is_placed_at_the_town() -> TestResult {
        let text = "A teen was charged with murder in connection to the shooting south of Amarillo.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        texan_place(&mut doc, "Amarillo", "Amarillo", GeoPrecision::City);
        run(&mut doc)?;
        let places: Vec<_> = doc.events.iter().filter_map(|e| e.place.as_ref()).map(|p| p.name.as_str()).collect();
        assert!(places.contains(&"Amarillo"), "{:#?}", doc.events);
        Ok(())
    }

    #[test]
    fn a_report_naming_no_place_happened_in_the_articles_city() -> TestResult {
        let text = "Amarillo police are looking for a gunman.\n\nA man was shot and killed on Tuesday.";
        let mut doc = document(text, Some(jiff::civil::date(2016, 1, 27)));
        texan_place(&mut doc, "Amarillo", "Amarillo", GeoPrecision::City);
        run(&mut doc)?;
        let shooting = of_kind(&doc, EventType::Assault).into_iter().next().ok_or("no shooting")?;
        assert_eq!(shooting.place.as_ref().map(|p| p.name.as_str()), Some("Amarillo"));
        Ok(())
    }

    #[test]
    fn negated_and_intended_triggers_are_not_events() -> TestResult {
        let text = "Anti-government protesters watched the rally in Baghdad but no confrontation took place. \
                    On Friday Trump threatened to impose sanctions. Iraqis are planned to gather tomorrow.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        place(&mut doc, "Baghdad", "Baghdad", (33.34, 44.4), GeoPrecision::City);
        entity(&mut doc, "Trump", EntityLabel::Per, "Donald Trump");
        entity(&mut doc, "Iraqis", EntityLabel::Norp, "Iraqis");
        time(&mut doc, "On Friday", "2020-01-24");
        run(&mut doc)?;
        let kinds: Vec<EventType> = doc.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventType::Protest, EventType::Threaten]);
        Ok(())
    }

    #[test]
    fn an_undated_statement_is_said_in_passing() -> TestResult {
        let text = "Thousands gathered in Baghdad on Friday.\nTrump has threatened to impose sanctions.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        place(&mut doc, "Baghdad", "Baghdad", (33.34, 44.4), GeoPrecision::City);
        entity(&mut doc, "Trump", EntityLabel::Per, "Donald Trump");
        time(&mut doc, "on Friday", "2020-01-24");
        run(&mut doc)?;
        let kinds: Vec<EventType> = doc.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventType::Protest], "{:#?}", doc.events);
        Ok(())
    }

    #[test]
    fn a_participle_clause_tells_the_same_attack() -> TestResult {
        let text = "In the aftermath, Iran's army shot down Ukraine Airlines flight PS752, killing everyone on board.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        entity(&mut doc, "Iran", EntityLabel::Loc, "Iran");
        entity(&mut doc, "Ukraine Airlines", EntityLabel::Org, "Ukraine Airlines");
        run(&mut doc)?;
        let attacks = of_kind(&doc, EventType::Assault);
        assert_eq!(attacks.len(), 1, "{:#?}", doc.events);
        let actors: Vec<&str> = attacks[0].actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(actors, ["Iran"]);
        Ok(())
    }

    #[test]
    fn the_victims_of_an_alleged_attack_are_part_of_the_accusation() -> TestResult {
        let text = "Washington has accused Iraqi militias of carrying out successive attacks on US forces, \
                    with a recent one killing a US-Iraqi contractor.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        entity(&mut doc, "Washington", EntityLabel::Loc, "Washington");
        run(&mut doc)?;
        assert!(of_kind(&doc, EventType::Assault).is_empty(), "{:#?}", doc.events);
        Ok(())
    }

    #[test]
    fn a_happening_years_back_is_not_the_undated_news() -> TestResult {
        let text = "Gunmen shot down a helicopter near the base. Residents recalled the invasion of Iraq in 2003.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        entity(&mut doc, "Iraq", EntityLabel::Loc, "Iraq");
        time(&mut doc, "2003", "2003");
        run(&mut doc)?;
        let attacks = of_kind(&doc, EventType::Assault);
        assert_eq!(attacks.len(), 2, "{:#?}", doc.events);
        assert!(!attacks[0].background);
        assert!(attacks[1].background);
        assert_eq!(attacks[1].date.as_ref().map(|d| d.value.as_str()), Some("2003"));
        Ok(())
    }

    #[test]
    fn bare_triggers_in_passing_are_dropped() -> TestResult {
        let text = "Hundreds of protesters gathered in Baghdad.\nThe talks also covered their demands.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        place(&mut doc, "Baghdad", "Baghdad", (33.34, 44.4), GeoPrecision::City);
        run(&mut doc)?;
        let kinds: Vec<EventType> = doc.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventType::Protest], "{:#?}", doc.events);
        let mut only_bare = document("The talks covered their demands.", None);
        run(&mut only_bare)?;
        assert_eq!(only_bare.events.len(), 1, "a document keeps its best event, however weak");
        Ok(())
    }

    #[test]
    fn background_strike_keeps_its_own_date() -> TestResult {
        let text =
            "Thousands gathered on Friday. The rally came after a US drone strike earlier this month killed a general.";
        let mut doc = document(text, Some(jiff::civil::date(2020, 1, 24)));
        time(&mut doc, "on Friday", "2020-01-24");
        time(&mut doc, "earlier this month", "2020-01");
        run(&mut doc)?;
        let protests = of_kind(&doc, EventType::Protest);
        assert_eq!(protests.len(), 1, "the rally is the gathering");
        assert_eq!(protests[0].evidence.len(), 2);
        let strikes = of_kind(&doc, EventType::Assault);
        assert_eq!(strikes.len(), 1, "strike and killing are one happening");
        assert_eq!(strikes[0].subtype, "air/drone strike");
        assert!(strikes[0].background);
        assert_eq!(strikes[0].date.as_ref().map(|d| d.value.as_str()), Some("2020-01"));
        Ok(())
    }
}
