//! The annotation layers stages add to a [`crate::Document`].

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// A token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token is.
    pub span: Span,
    /// Index of its sentence in `Document::sentences`.
    pub sentence: u32,
}

/// Named-entity labels of the record format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    /// People.
    Per,
    /// Organisations, armed groups, parties, companies.
    Org,
    /// Named places, countries and cities included.
    Loc,
    /// Nationalities, religious and political groups used as adjectives.
    Norp,
    /// Other names.
    Misc,
}

impl EntityLabel {
    /// The record-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Norp => "NORP",
            EntityLabel::Misc => "MISC",
        }
    }
}

/// One mention of a named entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    /// Where the mention is.
    pub span: Span,
    /// Its label.
    pub label: EntityLabel,
    /// One name for every spelling of the same real-world entity.
    pub canonical: String,
    /// Corpus-wide id of the canonical entity ([`entity_id_for`]).
    pub entity_id: String,
    /// Actor type where known (government, military, rebel, religious, party, ...).
    pub actor_type: Option<String>,
}

/// The corpus-wide id of a canonical entity: stable across documents and runs
/// because it is derived from the canonical name and label only.
pub fn entity_id_for(label: EntityLabel, canonical: &str) -> String {
    let key = format!("{}\u{1f}{}", label.as_str(), canonical.to_lowercase());
    format!("e-{:012x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()) & 0xffff_ffff_ffff)
}

/// How precisely a place is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GeoPrecision {
    /// A spot inside a city: a district, square, base, crossing.
    Point,
    /// A populated place.
    City,
    /// A first-level administrative area (province, state).
    Admin1,
    /// A whole country.
    Country,
}

impl GeoPrecision {
    /// The record-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            GeoPrecision::Point => "point",
            GeoPrecision::City => "city",
            GeoPrecision::Admin1 => "admin1",
            GeoPrecision::Country => "country",
        }
    }
}

/// A gazetteer entry a toponym resolves to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Preferred name.
    pub name: String,
    /// GeoNames id, where the place is in the gazetteer.
    pub geonameid: Option<u32>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// Name of the first-level administrative area.
    pub admin1: Option<String>,
    /// GeoNames feature code (`PPLC`, `ADM1`, `PCLI`, ...).
    pub feature_code: String,
    /// How precise the point is.
    pub precision: GeoPrecision,
}

impl Place {
    /// Great-circle distance to another place, in kilometres.
    pub fn distance_km(&self, other: &Place) -> f64 {
        great_circle_km((self.lat, self.lon), (other.lat, other.lon))
    }
}

/// Great-circle (haversine) distance between two `(lat, lon)` points in
/// degrees, in kilometres: one formula for every stage that compares places.
pub fn great_circle_km((lat_a, lon_a): (f64, f64), (lat_b, lon_b): (f64, f64)) -> f64 {
    let (la1, la2) = (lat_a.to_radians(), lat_b.to_radians());
    let dlat = la2 - la1;
    let dlon = (lon_b - lon_a).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// A toponym in the text and the place it resolves to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Where the toponym is.
    pub span: Span,
    /// The resolved place.
    pub place: Place,
    /// Resolver confidence in [0, 1].
    pub confidence: f32,
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or coarser period.
    Date,
    /// A time of day.
    Time,
    /// A length of time (`P3D`).
    Duration,
    /// A recurrence (`every Friday`).
    Set,
}

impl TimexType {
    /// The record-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// What a time expression was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeAnchor {
    /// Complete in itself (`24 January 2020`).
    Absolute,
    /// The publication date (`on Friday`).
    Published,
    /// Another time expression in the text (`two days after January 3`).
    Reference,
    /// No anchor was available; the value is underspecified.
    None,
}

/// A time expression and its normalized value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Where the expression is.
    pub span: Span,
    /// TIMEX3 value: `2020-01-24`, `2020-W04`, `2020-01`, `2020`, `PRESENT_REF`, `P3D`.
    pub value: String,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// What it was resolved against.
    pub anchor: TimeAnchor,
    /// True when the value looks wrong for this document (an explicit date a
    /// year or more off the anchor on the same month and day).
    pub implausible: bool,
    /// True when the value was computed from the anchor, directly (`on
    /// Friday`, or underspecified without one) or through the expression it
    /// refers to (`two days after` a `Friday`): it changes when the anchor
    /// does, so a document whose anchor is inferred later is re-normalized.
    #[serde(default)]
    pub relative: bool,
}

/// Calendar precision of an event date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// One calendar day.
    Day,
    /// One ISO week.
    Week,
    /// One month.
    Month,
    /// One year.
    Year,
}

impl DatePrecision {
    /// The record-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }

    /// The precision a TIMEX3 date value carries (`2020-01-24` day, `2020-W04` week, ...).
    pub fn of_timex(value: &str) -> Option<DatePrecision> {
        let b = value.as_bytes();
        let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        match b.len() {
            4 if digits(0..4) => Some(DatePrecision::Year),
            7 if digits(0..4) && b[4] == b'-' && digits(5..7) => Some(DatePrecision::Month),
            8 if digits(0..4) && &b[4..6] == b"-W" && digits(6..8) => Some(DatePrecision::Week),
            10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
                Some(DatePrecision::Day)
            }
            _ => None,
        }
    }
}

/// An event's date: a TIMEX3 date value and its precision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// TIMEX3 value (`2020-01-24`, `2020-W04`, `2020-01`, `2020`).
    pub value: String,
    /// Its precision.
    pub precision: DatePrecision,
    /// The time expression it came from; `None` when it fell back to the anchor or a cluster.
    pub source: Option<Span>,
}

/// The 16 PLOVER top-level event types, and `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
    Other,
}

impl EventType {
    /// Whether the type is something said (PLOVER's verbal types: agree,
    /// consult, support, concede, request, accuse, reject, threaten) rather
    /// than done. Statements recur, so they weigh less as evidence.
    pub fn is_verbal(self) -> bool {
        matches!(
            self,
            EventType::Agree
                | EventType::Consult
                | EventType::Support
                | EventType::Concede
                | EventType::Request
                | EventType::Accuse
                | EventType::Reject
                | EventType::Threaten
        )
    }

    /// Every type, in PLOVER order.
    pub const ALL: [EventType; 17] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
        EventType::Other,
    ];

    /// The record-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
            EventType::Other => "OTHER",
        }
    }

    /// Parses the record-format spelling.
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

/// An actor's role in an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Called or led the event.
    Organizer,
    /// Took part.
    Participant,
}

/// An actor or target of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Display name: the canonical entity name (`Popular Mobilisation Forces`).
    pub name: String,
    /// The canonical entity, when the participant is a named entity.
    pub entity_id: Option<String>,
    /// Role, for actors.
    pub role: Option<Role>,
    /// Where the participant is named.
    pub span: Span,
    /// Which part of the entity took part, when not the entity itself
    /// (`supporters` for "supporters of the PMF").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A crowd size as a range of people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrowdSize {
    /// Lower bound.
    pub min: u64,
    /// Upper bound.
    pub max: u64,
    /// The words that give the size (`Tens of thousands`).
    pub span: Span,
}

/// A count of people killed or injured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The number given (the lower bound for "at least").
    pub value: u64,
    /// True for "at least", "more than" and the like.
    pub at_least: bool,
    /// The words that give the number.
    pub span: Span,
}

/// One event found in a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Id unique in the corpus (`<doc id>#ev<n>`).
    pub id: String,
    /// PLOVER type.
    pub kind: EventType,
    /// Stable subtype (ACLED sub-event names where they fit).
    pub subtype: String,
    /// The word or phrase that signals the event.
    pub trigger: Span,
    /// When it happened.
    pub date: Option<EventDate>,
    /// Where it happened.
    pub place: Option<Place>,
    /// Who did it.
    pub actors: Vec<Participant>,
    /// To whom.
    pub targets: Vec<Participant>,
    /// How many took part.
    pub crowd_size: Option<CrowdSize>,
    /// People killed.
    pub fatalities: Option<Count>,
    /// People injured.
    pub injuries: Option<Count>,
    /// Reported as earlier context, not news of the day.
    pub background: bool,
    /// Spans that support the event.
    pub evidence: Vec<Span>,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_precision() {
        assert_eq!(DatePrecision::of_timex("2020-01-24"), Some(DatePrecision::Day));
        assert_eq!(DatePrecision::of_timex("2020-W04"), Some(DatePrecision::Week));
        assert_eq!(DatePrecision::of_timex("2020-01"), Some(DatePrecision::Month));
        assert_eq!(DatePrecision::of_timex("2020"), Some(DatePrecision::Year));
        assert_eq!(DatePrecision::of_timex("PRESENT_REF"), None);
        assert_eq!(DatePrecision::of_timex("P3D"), None);
    }

    #[test]
    fn entity_ids_ignore_case_but_not_label() {
        let a = entity_id_for(EntityLabel::Per, "Muqtada al-Sadr");
        assert_eq!(a, entity_id_for(EntityLabel::Per, "muqtada AL-sadr"));
        assert_ne!(a, entity_id_for(EntityLabel::Org, "Muqtada al-Sadr"));
    }

    #[test]
    fn event_type_round_trip() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
    }
}
