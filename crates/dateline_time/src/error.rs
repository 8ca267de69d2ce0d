use thiserror::Error;

/// Errors of the time stage.
#[derive(Debug, Error)]
pub enum Error {
    /// The configuration cannot be used.
    #[error("invalid time configuration: {0}")]
    Config(String),
}

/// The time crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
