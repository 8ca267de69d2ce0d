//! The shipped GeoNames gazetteer and the geoparser that resolves toponyms.
//!
//! [`Geo`] is the pipeline stage: it reads the entity mentions of the nlp
//! stage, finds toponyms and resolves each to a [`Entry`] of the
//! shipped [`Gazetteer`] (GeoNames data, CC BY 4.0).
//!
//! # Example
//! ```
//! use dateline_geo::{Geo, GeoConfig};
//! let geo = Geo::new(&GeoConfig::default())?;
//! assert!(geo.gazetteer().lookup("Baghdad").iter().any(|e| e.geonameid == 98182));
//! # Ok::<(), dateline_geo::Error>(())
//! ```

mod error;
mod gazetteer;
mod resolve;

pub use error::{Error, Result};
pub use gazetteer::{Entry, Gazetteer, Match};

use dateline_core::{Document, Layers, Stage, StageError};

/// Settings of the geo stage (none yet).
#[derive(Clone, Debug, Default)]
pub struct GeoConfig {}

/// The geo stage: toponyms resolved to gazetteer places.
pub struct Geo {
    gazetteer: Gazetteer,
}

impl Geo {
    /// Loads the shipped gazetteer.
    pub fn new(_config: &GeoConfig) -> Result<Geo> {
        Ok(Geo { gazetteer: Gazetteer::load()? })
    }

    /// The gazetteer, for lookups by other crates.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}

impl Stage for Geo {
    fn name(&self) -> &'static str {
        "geo"
    }

    fn requires(&self) -> Layers {
        Layers::SENTENCES | Layers::TOKENS | Layers::ENTITIES
    }

    fn assigns(&self) -> Layers {
        Layers::PLACES
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.places = resolve::places(doc, &self.gazetteer);
        if let Some(headline) = doc.headline.as_deref_mut() {
            headline.places = resolve::places(headline, &self.gazetteer);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{GeoPrecision, Meta, PlaceMention};
    use dateline_nlp::{Nlp, NlpConfig};

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    fn analyse(text: &str) -> std::result::Result<Document, Box<dyn std::error::Error>> {
        let mut doc = Document::new("d", text, Meta::default());
        Nlp::new(&NlpConfig::default())?.process(&mut doc)?;
        Geo::new(&GeoConfig::default())?.process(&mut doc)?;
        Ok(doc)
    }

    fn fixture(name: &str) -> std::result::Result<Document, Box<dyn std::error::Error>> {
        analyse(&std::fs::read_to_string(format!("{}/resources/test/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))?)
    }

    fn place<'a>(doc: &'a Document, surface: &str) -> Option<&'a PlaceMention> {
        doc.places.iter().find(|p| doc.slice(p.span) == surface)
    }

    fn assert_place(doc: &Document, surface: &str, geonameid: Option<u32>, cc: &str, precision: GeoPrecision) {
        let p = place(doc, surface);
        assert!(p.is_some(), "{surface:?} not resolved");
        if let Some(p) = p {
            assert_eq!(
                (p.place.geonameid, p.place.country_code.as_str(), p.place.precision),
                (geonameid, cc, precision),
                "{surface:?}"
            );
            assert!((0.0..=1.0).contains(&p.confidence));
        }
    }

    #[test]
    fn seed_000_places() -> TestResult {
        let doc = fixture("seed_000_7d32de2e1b87edd5.txt")?;
        assert_place(&doc, "BAGHDAD", Some(98182), "IQ", GeoPrecision::City);
        assert_place(&doc, "Baghdad", Some(98182), "IQ", GeoPrecision::City);
        assert_place(&doc, "Iraq", Some(99237), "IQ", GeoPrecision::Country);
        assert_place(&doc, "Jordan", Some(248816), "JO", GeoPrecision::Country);
        assert_place(&doc, "Gaza", Some(281133), "PS", GeoPrecision::City);
        assert!(place(&doc, "Hamas").is_none(), "an organisation is not the city that has its name as an alternate");
        assert_place(&doc, "Anbar", Some(99592), "IQ", GeoPrecision::Admin1);
        assert_eq!(place(&doc, "Anbar").and_then(|p| p.place.admin1.as_deref()), Some("Al Anbār"));
        assert_place(&doc, "U.S.", Some(6252001), "US", GeoPrecision::Country);
        assert!(place(&doc, "Green Zone").is_none(), "names the gazetteer lacks are not output");
        Ok(())
    }

    #[test]
    fn seeds_003_004_places() -> TestResult {
        let d3 = fixture("seed_003_339f728686f94fd6.txt")?;
        assert_place(&d3, "ERBIL", Some(95446), "IQ", GeoPrecision::City);
        let d2 = fixture("seed_002_97b6f26d02a9d695.txt")?;
        assert_place(&d2, "Tehran", Some(112931), "IR", GeoPrecision::City);
        let d4 = fixture("seed_004_9af599180e7d21e3.txt")?;
        assert_place(&d4, "Karbala", Some(94824), "IQ", GeoPrecision::City);
        assert_place(&d4, "Anbar", Some(99592), "IQ", GeoPrecision::Admin1);
        Ok(())
    }

    #[test]
    fn a_person_named_jordan_is_not_a_place() -> TestResult {
        let doc = analyse("Michael Jordan visited Amman on Friday. Jordan later flew to Chicago.")?;
        assert!(doc.places.iter().all(|p| !doc.slice(p.span).contains("Jordan")), "{:?}", doc.places);
        assert_place(&doc, "Amman", Some(250441), "JO", GeoPrecision::City);
        assert!(place(&doc, "Friday").is_none());
        Ok(())
    }

    #[test]
    fn prominent_names_are_places_whatever_their_tag() -> TestResult {
        let doc = analyse(
            "Officials in New Jersey met their counterparts. Europe and Texas reported new cases, unlike the West.",
        )?;
        assert!(place(&doc, "West").is_none(), "{:?}", doc.places);
        assert_place(&doc, "New Jersey", Some(5101760), "US", GeoPrecision::Admin1);
        assert_place(&doc, "Europe", Some(6255148), "", GeoPrecision::Country);
        assert_place(&doc, "Texas", Some(4736286), "US", GeoPrecision::Admin1);
        Ok(())
    }

    #[test]
    fn a_named_first_level_area_picks_the_city_inside_it() -> TestResult {
        let doc = analyse("Firefighters reached Edmonton, Alberta, late on Sunday.")?;
        assert_place(&doc, "Edmonton", Some(5946768), "CA", GeoPrecision::City);
        Ok(())
    }

    #[test]
    fn an_area_after_a_comma_holds_the_place_before_it() -> TestResult {
        let doc = analyse("A gunman opened fire at a school in Parkland, Fla., on Wednesday.")?;
        assert_place(&doc, "Parkland", Some(4167829), "US", GeoPrecision::City);
        assert_place(&doc, "Fla.", Some(4155751), "US", GeoPrecision::Admin1);
        let doc = analyse("Hundreds rallied in London, Ontario, on Saturday.")?;
        assert_eq!(place(&doc, "London").map(|p| p.place.country_code.as_str()), Some("CA"));
        Ok(())
    }

    #[test]
    fn own_names_beat_alternates_and_areas_do_not_vouch_for_their_namesakes() -> TestResult {
        let doc = analyse("Police in Salisbury, in the south of England, sealed off a park near Stonehenge.")?;
        assert_eq!(place(&doc, "Salisbury").map(|p| p.place.country_code.as_str()), Some("GB"), "not Harare");
        let doc = analyse("Snow fell across Quebec and Ontario as Canada braced for a cold week.")?;
        assert_place(&doc, "Quebec", Some(6115047), "CA", GeoPrecision::Admin1);
        Ok(())
    }

    #[test]
    fn counties_are_places_known_to_their_first_level_area() -> TestResult {
        let doc = analyse("Floods hit homes in Suffolk and Norfolk in eastern England on Monday.")?;
        assert_place(&doc, "Suffolk", Some(2636561), "GB", GeoPrecision::Admin1);
        assert_eq!(place(&doc, "Suffolk").map(|p| p.place.feature_code.as_str()), Some("ADM2"));
        Ok(())
    }

    fn name_of<'a>(doc: &'a Document, surface: &str) -> Option<&'a str> {
        place(doc, surface).map(|p| p.place.name.as_str())
    }

    #[test]
    fn local_news_names_its_places_through_agencies_cues_and_compass_words() -> TestResult {
        let doc = analyse(
            "A Houston Police Department investigator said a girl was shot in North Houston. \
             Another man was shot in Elkins earlier in January. The shooting in Avondale Sunday hurt one. \
             Michael Monserrate, 18, of the Bronx, is in hospital. The Harris County Sheriff's Office is looking.",
        )?;
        assert_eq!(name_of(&doc, "Houston"), Some("Houston"), "{:?}", doc.places);
        assert_eq!(name_of(&doc, "North Houston"), Some("Houston"));
        assert_eq!(name_of(&doc, "Elkins"), Some("Elkins"));
        assert_eq!(name_of(&doc, "Avondale"), Some("Avondale"), "the weekday is no part of the name");
        assert_eq!(name_of(&doc, "Bronx"), Some("The Bronx"));
        assert_eq!(name_of(&doc, "Harris County"), Some("Harris County"));
        assert!(place(&doc, "Michael Monserrate").is_none());
        Ok(())
    }

    #[test]
    fn the_headline_is_geoparsed_as_a_text_of_its_own() -> TestResult {
        let meta = Meta { title: Some("Woman shot, killed in West Philadelphia | 6abc.com".into()), ..Meta::default() };
        let mut doc = Document::new("d", "The shooting was reported around 5:30 p.m. on Pearl Street.", meta);
        Nlp::new(&NlpConfig::default())?.process(&mut doc)?;
        Geo::new(&GeoConfig::default())?.process(&mut doc)?;
        assert!(doc.places.is_empty(), "{:?}", doc.places);
        let headline = doc.headline.as_deref().ok_or("no headline")?;
        assert_eq!(name_of(headline, "West Philadelphia"), Some("Philadelphia"), "{:?}", headline.places);
        Ok(())
    }

    #[test]
    fn an_agency_named_for_no_place_names_none() -> TestResult {
        let doc = analyse("The Transit Police Department said the line reopened. Capitol Police made arrests.")?;
        assert!(doc.places.is_empty(), "{:?}", doc.places);
        Ok(())
    }

    #[test]
    fn streets_resolve_to_the_city_the_text_names() -> TestResult {
        let doc = analyse(
            "Crowds filled Tahrir Square in Baghdad on Friday and marched down Rashid Street. \
             The Wall Street Journal reported it. On Tahrir Square, tents went up.",
        )?;
        assert_eq!(doc.places.iter().filter(|p| doc.slice(p.span) == "Tahrir Square").count(), 2, "{:?}", doc.places);
        for street in ["Tahrir Square", "Rashid Street"] {
            assert_place(&doc, street, Some(98182), "IQ", GeoPrecision::City);
        }
        assert!(doc.places.iter().all(|p| !doc.slice(p.span).contains("Wall")), "{:?}", doc.places);
        let doc = analyse("Police closed Main Street after the parade.")?;
        assert!(doc.places.is_empty(), "no city to put it in: {:?}", doc.places);
        Ok(())
    }

    #[test]
    fn initials_kinds_counties_and_prominent_names_after_the() -> TestResult {
        let doc = analyse("Up to 20 centimetres of snow is expected in B.C. on Friday, Environment Canada said.")?;
        assert_place(&doc, "B.C.", Some(5909050), "CA", GeoPrecision::Admin1);
        let doc = analyse(
            "Migrants camped in Matias Romero, Oaxaca State, Mexico. A Metcalfe County man was arrested. \
             When AFP called the Tianjin No. 2 Detention Centre, nobody answered.",
        )?;
        assert_place(&doc, "Oaxaca State", Some(3522509), "MX", GeoPrecision::Admin1);
        assert_place(&doc, "Metcalfe County", Some(4300606), "US", GeoPrecision::Admin1);
        assert_place(&doc, "Tianjin", Some(1792947), "CN", GeoPrecision::City);
        Ok(())
    }

    #[test]
    fn local_news_stays_in_one_state() -> TestResult {
        let doc = analyse("INDEPENDENCE, LA (WAFB) - Three people are dead after a shooting, deputies said.")?;
        assert_eq!(place(&doc, "LA").map(|p| p.place.name.as_str()), Some("Louisiana"), "{:?}", doc.places);
        assert_eq!(place(&doc, "INDEPENDENCE").and_then(|p| p.place.admin1.as_deref()), Some("Louisiana"));
        let doc = analyse("Deputies were sent to Poteau, OK, on Sunday. Dr. Jane Smith, MD, treated him.")?;
        assert_eq!(name_of(&doc, "OK"), Some("Oklahoma"), "{:?}", doc.places);
        assert!(place(&doc, "MD").is_none(), "a degree is no state: {:?}", doc.places);
        let doc = analyse("The Jefferson Parish Sheriff's Office is investigating a shooting in Avondale.")?;
        assert_eq!(place(&doc, "Avondale").and_then(|p| p.place.admin1.as_deref()), Some("Louisiana"));
        let doc = analyse("Police responded to a home on Main Street in Hummelstown Borough on Thursday.")?;
        assert_eq!(name_of(&doc, "Hummelstown Borough"), Some("Hummelstown"), "{:?}", doc.places);
        Ok(())
    }

    #[test]
    fn local_names_the_gazetteer_lacks_sit_in_the_place_that_holds_them() -> TestResult {
        let doc = analyse(
            "Amanda Ghossien, a 24-year-old Latina, died Sunday after being shot in Granada Hills, \
             according to Los Angeles County coroner's records.",
        )?;
        let local = place(&doc, "Granada Hills").ok_or("Granada Hills not placed")?;
        assert_eq!(
            (local.place.name.as_str(), local.place.geonameid, local.place.admin1.as_deref()),
            ("Granada Hills", None, Some("California"))
        );
        assert!(place(&doc, "Latina").is_none(), "who someone is is no place: {:?}", doc.places);
        let doc = analyse("He grew up in Smallville and moved away. The Bulldogs won in OT.")?;
        assert!(doc.places.is_empty(), "nothing holds them: {:?}", doc.places);
        Ok(())
    }

    #[test]
    fn gazetteer_names_with_a_cue_are_places() -> TestResult {
        let doc = analyse("Clashes broke out in Fallujah and in Ramadi on Monday.")?;
        assert_place(&doc, "Fallujah", Some(99454), "IQ", GeoPrecision::City);
        assert_place(&doc, "Ramadi", Some(98717), "IQ", GeoPrecision::City);
        Ok(())
    }
}
