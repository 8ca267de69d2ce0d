use thiserror::Error;

/// Errors of the core crate: building a pipeline.
#[derive(Debug, Error)]
pub enum Error {
    /// A stage needs a layer that no earlier stage assigns.
    #[error("stage `{stage}` requires layer {layer} but no earlier stage assigns it")]
    UnmetRequirement {
        /// The stage that cannot run.
        stage: &'static str,
        /// The missing layer's name.
        layer: &'static str,
    },
}

/// The core crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A stage that failed on one document; the batch goes on without it.
#[derive(Debug, Error)]
#[error("stage `{stage}` failed on document {doc_id}: {reason}")]
pub struct StageError {
    /// The stage's name.
    pub stage: &'static str,
    /// The document's id.
    pub doc_id: String,
    /// What went wrong.
    pub reason: String,
}
