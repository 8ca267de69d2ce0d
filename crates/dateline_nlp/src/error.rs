//! Errors of the nlp stage.

use thiserror::Error;

/// Errors raised while building [`crate::Nlp`].
#[derive(Debug, Error)]
pub enum Error {
    /// A shipped data file has a malformed line.
    #[error("{file}:{line}: {reason}")]
    Data {
        /// The data file, relative to the crate's `data/` folder.
        file: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The NER model is unreadable, or a training setting is out of range.
    #[error("NER model: {reason}")]
    Model {
        /// What is wrong.
        reason: String,
    },
}

/// The nlp crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
