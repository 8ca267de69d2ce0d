//! The place a document is set in, standing in for an event place that is
//! more likely a misread local name than where the happening was.
//!
//! Local news names neighbourhoods, streets and agencies (`in Westwood`, `at
//! Eight Mile and Sunset`, `Metro police`) that the gazetteer lacks or knows
//! only as a small town of the same name far away. Such a town, when nothing
//! else in the document lies near it, is a poorer answer than the city the
//! document is set in; a place the document corroborates (`Karrada` beside
//! `Baghdad`) is kept whatever the dateline says.

use dateline_core::{Document, GeoPrecision, Place};

/// Other places within this distance of a place corroborate it: a
/// neighbourhood's own city is near, a far namesake's a state away.
const CORROBORATED_KM: f64 = 60.0;

/// A populated place below the rank of a seat of government: the kind of
/// name many small towns share.
fn minor(place: &Place) -> bool {
    let code = place.feature_code.as_str();
    code.starts_with("PPL") && !code.starts_with("PPLA") && !matches!(code, "PPLC" | "PPLG")
}

/// Whether another place the document names lies near `place` or is the
/// first-level area holding it.
fn corroborated(doc: &Document, place: &Place) -> bool {
    doc.places.iter().map(|p| &p.place).filter(|o| o.name != place.name).any(|o| {
        if o.feature_code == "ADM1" {
            o.country_code == place.country_code && o.admin1.is_some() && o.admin1 == place.admin1
        } else {
            o.precision != GeoPrecision::Country && o.distance_km(place) <= CORROBORATED_KM
        }
    })
}

/// A minor place nothing else in the document vouches for.
fn isolated(doc: &Document, place: &Place) -> bool {
    minor(place) && !corroborated(doc, place)
}

/// Where the document is set: the dateline's place, else the headline's,
/// else the first city, spot or county it names that is not itself an
/// isolated minor place.
fn home(doc: &Document) -> Option<&Place> {
    if let Some(dateline) = &doc.meta.dateline {
        return doc.places.iter().find(|p| p.span.overlaps(dateline.span)).map(|p| &p.place);
    }
    headline_city(doc).filter(|p| !isolated(doc, p)).or_else(|| {
        doc.places
            .iter()
            .map(|p| &p.place)
            .filter(|p| p.precision != GeoPrecision::Country && p.feature_code != "ADM1")
            .find(|p| !isolated(doc, p))
    })
}

/// The first city or spot the headline names, else its first county: local
/// news often names its city only there ("Woman shot in West Philadelphia").
fn headline_city(doc: &Document) -> Option<&Place> {
    let places = || doc.headline.iter().flat_map(|h| &h.places).map(|p| &p.place);
    places()
        .find(|p| matches!(p.precision, GeoPrecision::City | GeoPrecision::Point))
        .or_else(|| places().find(|p| p.feature_code == "ADM2"))
}

/// The headline's place, for a deed whose text names none: settled like any
/// other event place.
pub(crate) fn headline_place(doc: &Document) -> Option<Place> {
    headline_city(doc).cloned().map(|p| settled(doc, p))
}

/// The event's place, or the document's home where the place is an isolated
/// minor one (a neighbourhood read as a far namesake).
pub(crate) fn settled(doc: &Document, place: Place) -> Place {
    if !isolated(doc, &place) {
        return place;
    }
    home(doc).filter(|h| h.name != place.name).cloned().unwrap_or(place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{Dateline, Meta, PlaceMention, Span};

    fn place(name: &str, (lat, lon): (f64, f64), feature_code: &str, admin1: &str) -> Place {
        let precision = match feature_code {
            "ADM1" | "ADM2" => GeoPrecision::Admin1,
            "PPLX" => GeoPrecision::Point,
            _ => GeoPrecision::City,
        };
        Place {
            name: name.into(),
            geonameid: None,
            lat,
            lon,
            country_code: "US".into(),
            admin1: Some(admin1.into()),
            feature_code: feature_code.into(),
            precision,
        }
    }

    fn cincinnati() -> Place {
        place("Cincinnati", (39.16, -84.46), "PPLA2", "Ohio")
    }

    fn westwood_kentucky() -> Place {
        place("Westwood", (38.48, -82.67), "PPL", "Kentucky")
    }

    /// A document naming `places` in order, each at its own span; the first
    /// is the dateline's when `datelined`.
    fn document(places: &[Place], datelined: bool) -> Document {
        let mut doc = Document::new("d", "x".repeat(10 * places.len()).as_str(), Meta::default());
        for (i, p) in places.iter().enumerate() {
            let span = Span::new(10 * i, 10 * i + 5);
            doc.places.push(PlaceMention { span, place: p.clone(), confidence: 0.9 });
        }
        if datelined {
            doc.meta.dateline = Some(Dateline { place: places[0].name.clone(), span: Span::new(0, 5) });
        }
        doc
    }

    #[test]
    fn a_far_namesake_of_a_neighbourhood_yields_to_the_dateline_city() {
        let doc = document(&[cincinnati(), westwood_kentucky()], true);
        assert_eq!(settled(&doc, westwood_kentucky()).name, "Cincinnati");
    }

    #[test]
    fn without_a_dateline_the_first_corroborated_city_is_home() {
        let doc = document(&[westwood_kentucky(), cincinnati()], false);
        assert_eq!(settled(&doc, westwood_kentucky()).name, "Cincinnati");
    }

    #[test]
    fn a_city_a_hundred_km_off_does_not_vouch_for_a_namesake_neighbourhood() {
        let philadelphia = place("Philadelphia", (39.95, -75.16), "PPLA2", "Pennsylvania");
        let kensington_new_york = place("Kensington", (40.79, -73.72), "PPL", "New York");
        let doc = document(&[philadelphia, kensington_new_york.clone()], false);
        assert_eq!(settled(&doc, kensington_new_york).name, "Philadelphia");
    }

    #[test]
    fn a_corroborated_district_keeps_its_place() {
        let karrada = place("Karrada", (33.30, 44.42), "PPLX", "Baghdad");
        let baghdad = place("Baghdad", (33.34, 44.40), "PPLC", "Baghdad");
        let erbil = place("Erbil", (36.19, 44.01), "PPLA", "Arbil");
        let doc = document(&[erbil, baghdad, karrada.clone()], true);
        assert_eq!(settled(&doc, karrada).name, "Karrada");
    }

    #[test]
    fn a_town_in_the_state_the_document_names_keeps_its_place() {
        let kentucky = place("Kentucky", (37.5, -85.0), "ADM1", "Kentucky");
        let doc = document(&[cincinnati(), kentucky, westwood_kentucky()], true);
        assert_eq!(settled(&doc, westwood_kentucky()).name, "Westwood");
    }

    #[test]
    fn a_city_seat_is_never_replaced() {
        let lincoln = place("Lincoln", (40.8, -96.7), "PPLA", "Nebraska");
        let doc = document(&[cincinnati(), lincoln.clone()], true);
        assert_eq!(settled(&doc, lincoln).name, "Lincoln");
    }
}
