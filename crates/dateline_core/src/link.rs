//! What the corpus-level link stage produces. Documents stay as ingested;
//! links are an overlay the store keeps beside them and applies at export.

use crate::layer::{DatePrecision, EventDate, EventType, Place};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Link fields of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLinks {
    /// The document.
    pub doc_id: String,
    /// Its story.
    pub story_id: Option<String>,
    /// The earliest near-identical document, when this one is a copy.
    pub duplicate_of: Option<String>,
    /// A publication date inferred from the story, for undated documents.
    pub published: Option<Date>,
}

/// A developing story: documents about the same thing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Story id (`s-…`).
    pub story_id: String,
    /// A short label (the first document's title or lead).
    pub label: String,
    /// Member documents, earliest first.
    pub documents: Vec<String>,
    /// Event clusters with at least one event in the story.
    pub clusters: Vec<String>,
}

/// What one source says about one attribute of a clustered event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The reporting document.
    pub document: String,
    /// The event in it.
    pub event: String,
    /// The value it reports.
    #[serde(flatten)]
    pub value: ClaimValue,
}

/// A claimed value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ClaimValue {
    /// A range of people (crowd size).
    Range {
        /// Lower bound.
        min: u64,
        /// Upper bound.
        max: u64,
        /// The words used.
        text: String,
    },
    /// A count (fatalities, injuries).
    Count {
        /// The number.
        value: u64,
        /// The words used.
        text: String,
    },
    /// A date with its precision.
    Date {
        /// TIMEX3 value.
        date: String,
        /// Its precision.
        precision: DatePrecision,
    },
    /// A place.
    Place {
        /// Name.
        name: String,
        /// GeoNames id.
        geonameid: Option<u32>,
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
}

/// Claims per attribute.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// Crowd sizes.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub crowd_size: Vec<Claim>,
    /// Fatalities.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fatalities: Vec<Claim>,
    /// Injuries.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub injuries: Vec<Claim>,
    /// Dates.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub date: Vec<Claim>,
    /// Places.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub place: Vec<Claim>,
}

/// A crowd size as a range of people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrowdRange {
    /// Lower bound.
    pub min: u64,
    /// Upper bound.
    pub max: u64,
}

/// One cross-document event cluster: the record of `export --what clusters`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterRecord {
    /// Cluster id (`c-…`).
    pub cluster_id: String,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Consensus date (TIMEX3).
    pub date: Option<String>,
    /// Its precision.
    pub date_precision: Option<DatePrecision>,
    /// Consensus place.
    pub place: Option<Place>,
    /// Consensus crowd size, when sources give one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub crowd_size: Option<CrowdRange>,
    /// Consensus number killed, when sources give one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fatalities: Option<u64>,
    /// Consensus number injured, when sources give one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub injuries: Option<u64>,
    /// Member events.
    pub events: Vec<String>,
    /// Documents reporting it.
    pub documents: Vec<String>,
    /// The story it belongs to.
    pub story_id: Option<String>,
    /// What each source says.
    pub claims: Claims,
    /// Attributes whose claims are incompatible.
    pub disagreements: Vec<String>,
    /// How the consensus values were chosen.
    pub consensus_rule: String,
}

/// Everything the link stage decides about the corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    /// Per-document links.
    pub documents: Vec<DocLinks>,
    /// Event id → cluster id.
    pub event_clusters: Vec<(String, String)>,
    /// Event id → the day its cluster gives it, for events whose own text
    /// fixes no day (no date, the publication-date fallback, or a coarser one).
    #[serde(default)]
    pub event_dates: Vec<(String, EventDate)>,
    /// Cluster records.
    pub clusters: Vec<ClusterRecord>,
    /// Stories.
    pub stories: Vec<Story>,
}
