//! Shared types of the dateline pipeline.
//!
//! A [`Document`] owns its clean text; every stage adds a layer of
//! annotations that point into that text with byte [`Span`]s. Stages are
//! [`Stage`]s chained in a [`Pipeline`]; the corpus-level link stage
//! produces [`Links`]. [`record`] turns all of it into the export records of
//! `record-format.md`, with offsets converted to code points.
//!
//! # Example
//! ```
//! use dateline_core::{Document, Meta, Span};
//! let doc = Document::new("doc-1", "BAGHDAD (Reuters) - Hundreds gathered.", Meta::default());
//! assert_eq!(doc.slice(Span::new(0, 7)), "BAGHDAD");
//! ```

pub mod calendar;
mod document;
mod error;
mod layer;
mod link;
pub mod numbers;
mod offsets;
pub mod record;
mod render;
mod span;
mod stage;

pub use document::{Dateline, Document, Meta, Origin, PublishedFrom};
pub use error::{Error, Result, StageError};
pub use layer::{
    Count, CrowdSize, DatePrecision, EntityLabel, EntityMention, Event, EventDate, EventType, GeoPrecision,
    Participant, Place, PlaceMention, Role, TimeAnchor, TimeExpr, TimexType, Token, entity_id_for, great_circle_km,
};
pub use link::{Claim, ClaimValue, Claims, ClusterRecord, CrowdRange, DocLinks, Links, Story};
pub use offsets::CharIndex;
pub use render::annotate;
pub use span::Span;
pub use stage::{Layers, Pipeline, PipelineBuilder, Stage};
