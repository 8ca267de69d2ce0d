//! The per-document analysis: ingest's `prepare`, then the stage pipeline.

use anyhow::Context;
use dateline_core::{Document, Pipeline, PublishedFrom};
use dateline_ingest::{IngestConfig, IngestError, RawDoc};

/// Everything needed to turn a raw record into an analysed [`Document`]:
/// loaded once (gazetteer, lexicons), shared by every thread.
pub(crate) struct Analyzer {
    ingest: IngestConfig,
    pipeline: Pipeline,
}

/// Why one document could not be analysed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DocError {
    /// Reading or cleaning failed.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A stage failed.
    #[error("{origin}: {source}")]
    Stage {
        /// Where the document came from.
        origin: dateline_core::Origin,
        /// The stage's error.
        source: dateline_core::StageError,
    },
}

impl DocError {
    /// A short reason name for the summary counts.
    pub(crate) fn label(&self) -> &'static str {
        match self {
            DocError::Ingest(e) => e.kind.label(),
            DocError::Stage { .. } => "analysis",
        }
    }
}

impl Analyzer {
    /// Loads every stage with its default configuration.
    pub(crate) fn new(ingest: IngestConfig) -> anyhow::Result<Analyzer> {
        let pipeline = Pipeline::builder()
            .stage(dateline_nlp::Nlp::new(&dateline_nlp::NlpConfig::default()).context("loading the nlp stage")?)
            .stage(dateline_geo::Geo::new(&dateline_geo::GeoConfig::default()).context("loading the gazetteer")?)
            .stage(dateline_time::Time::new(&dateline_time::TimeConfig::default()).context("loading the time stage")?)
            .stage(
                dateline_events::Events::new(&dateline_events::EventsConfig::default())
                    .context("loading the events stage")?,
            )
            .build()?;
        Ok(Analyzer { ingest, pipeline })
    }

    /// The ingest settings.
    pub(crate) fn ingest_config(&self) -> &IngestConfig {
        &self.ingest
    }

    /// Re-analyses a stored document against the publication date its story
    /// gave it: the stages from `time` on run again (the text, entities and
    /// places do not depend on the date).
    pub(crate) fn reanchor(&self, doc: &mut Document, published: jiff::civil::Date) -> Result<(), DocError> {
        doc.meta.published = Some(published);
        doc.meta.published_from = PublishedFrom::Story;
        self.pipeline
            .run_from("time", doc)
            .map_err(|source| DocError::Stage { origin: doc.meta.origin.clone(), source })
    }

    /// Cleans and analyses one record.
    pub(crate) fn analyse(&self, raw: RawDoc) -> Result<Document, DocError> {
        let mut doc = dateline_ingest::prepare(raw, &self.ingest)?;
        self.pipeline.run(&mut doc).map_err(|source| DocError::Stage { origin: doc.meta.origin.clone(), source })?;
        Ok(doc)
    }
}
