//! Errors of the geo stage.

use thiserror::Error;

/// Errors raised while loading the gazetteer.
#[derive(Debug, Error)]
pub enum Error {
    /// The shipped gazetteer could not be decompressed.
    #[error("gazetteer.tsv.gz: {0}")]
    Gzip(#[from] std::io::Error),
    /// A gazetteer line is malformed.
    #[error("gazetteer.tsv.gz:{line}: {reason}")]
    Row {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

/// The geo crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
