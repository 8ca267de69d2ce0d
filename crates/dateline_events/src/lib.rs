//! Typed events with actors, targets, place, date, crowd size and casualties.
//!
//! The [`Events`] stage finds triggers from a lexicon shipped as data
//! (`data/triggers.tsv`: word or phrase → PLOVER type → subtype), drops the
//! ones that do not report a happening (negated, conditional, intended, the
//! content of a call), takes each trigger's actors, targets, place, date,
//! crowd size and casualties from its sentence and the layers the earlier
//! stages filled, and merges the mentions of one happening into one
//! [`dateline_core::Event`] with several evidence spans.
//!
//! [`crowd_size`] and [`casualties`] are the number readers it uses.
//!
//! # Example
//! ```
//! use dateline_core::{Document, Meta, Span, Stage, EventType};
//! use dateline_events::{Events, EventsConfig};
//! let text = "Thousands of protesters gathered in the capital.";
//! let meta = Meta { published: Some(jiff::civil::date(2020, 1, 24)), ..Meta::default() };
//! let mut doc = Document::new("d", text, meta);
//! doc.sentences = vec![Span::new(0, text.len())];
//! Events::new(&EventsConfig::default())?.process(&mut doc)?;
//! assert_eq!(doc.events.len(), 1);
//! assert_eq!(doc.events[0].kind, EventType::Protest);
//! assert_eq!(doc.events[0].crowd_size.as_ref().map(|c| (c.min, c.max)), Some((1000, 9999)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod casualty;
mod classifier;
mod crowd;
mod error;
mod headline;
mod home;
mod lexicon;
mod mention;
mod merge;
mod numbers;
mod roles;
mod stage;
mod typing;

pub use casualty::{Casualties, casualties};
pub use classifier::{CASE_LABELS_TSV, Class, TrainOptions, TypeModel, features, parse_classes};
pub use crowd::crowd_size;
pub use error::{Error, Result};
pub use stage::{Events, EventsConfig};
