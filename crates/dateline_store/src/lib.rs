//! The SQLite store: documents, annotations, links, full-text search.
//!
//! A [`Store`] is one SQLite file (bundled SQLite, WAL journal). Documents go
//! in a batch per transaction with [`Store::insert_batch`] and are never
//! rewritten; a document whose id is already stored is skipped, so running
//! the same ingest twice, or again after a killed run, stores each document
//! once. Beside the documents, flat tables hold their events and entity
//! mentions (for [`Store::stats`], [`Store::entities`] and later filters) and
//! an FTS5 index holds titles and clean text ([`Store::search`]). The link
//! overlay (stories, duplicates, event clusters) and the linker's state are
//! replaced as a whole by [`Store::write_links`].
//!
//! The schema version is `PRAGMA user_version`; [`Store::open`] migrates an
//! older file and refuses one from a newer dateline.
//!
//! # Example
//! ```
//! use dateline_core::{Document, Meta};
//! use dateline_store::Store;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let mut store = Store::open(&dir.path().join("run.db"))?;
//! let doc = Document::new("doc-1", "BAGHDAD (Reuters) - Hundreds gathered.", Meta::default());
//! let outcome = store.insert_batch(&[doc.clone(), doc])?;
//! assert_eq!((outcome.stored, outcome.skipped_existing), (1, 1));
//! let hits = store.search("hundreds", 10)?;
//! assert_eq!(hits[0].snippet, "BAGHDAD (Reuters) - [Hundreds] gathered.");
//! # Ok(())
//! # }
//! ```

mod error;
mod query;
mod schema;
mod search;
mod sqlite;
mod stats;
#[cfg(test)]
mod testdocs;

pub use error::{Error, Result};
pub use query::{
    BBox, Bucket, DocumentLinks, DocumentSummary, EventFilter, EventSummary, Interrupter, MapCell, Page, TimelineBucket,
};
pub use search::SearchHit;
pub use sqlite::{BatchOutcome, DocumentIter, Store};
pub use stats::{EntityRow, Stats};
