use thiserror::Error;

/// Errors of the events stage.
#[derive(Debug, Error)]
pub enum Error {
    /// A line of the trigger lexicon cannot be read.
    #[error("trigger lexicon line {line}: {reason}")]
    Lexicon {
        /// 1-based line number in `triggers.tsv`.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A line of the type classifier's class table or weights cannot be read.
    #[error("event-type model line {line}: {reason}")]
    Model {
        /// 1-based line number (0: the file as a whole).
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The trigger automaton cannot be built.
    #[error("trigger automaton: {0}")]
    Automaton(String),
}

/// The events crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
