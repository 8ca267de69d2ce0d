use std::path::PathBuf;
use thiserror::Error;

/// Errors of the store.
#[derive(Debug, Error)]
pub enum Error {
    /// [`crate::Store::open_read_only`] was given a path where no file exists.
    #[error("no database at {}", path.display())]
    NoDatabase {
        /// The path given.
        path: PathBuf,
    },
    /// The file could not be opened or set up as a database.
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is an SQLite database, but not one dateline made.
    #[error("{} is not a dateline database", path.display())]
    NotDateline {
        /// The database file.
        path: PathBuf,
    },
    /// The database was written by a newer dateline than this one.
    #[error(
        "database {} has schema version {found}, newer than the {known} this dateline knows; use a newer dateline",
        path.display()
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// The database needs a migration, which a read-only store cannot run.
    #[error(
        "database {} has schema version {found} and needs migrating to {known}; open it for writing once (e.g. `dateline ingest`)",
        path.display()
    )]
    NeedsMigration {
        /// The database file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The version this build uses.
        known: i64,
    },
    /// A migration step failed; the database stays at the previous version.
    #[error("migrating database {} to schema version {version}: {source}", path.display())]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The version the failed step leads to.
        version: i64,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A document or link record could not be serialized for storage.
    #[error("cannot encode {what} {id}: {source}")]
    Encode {
        /// What kind of record (`document`, `cluster`, `story`).
        what: &'static str,
        /// Its id.
        id: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A stored record could not be read back.
    #[error("cannot decode stored {what} {id}: {source}")]
    Decode {
        /// What kind of record (`document`, `cluster`, `story`).
        what: &'static str,
        /// Its id.
        id: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A stored value has an unexpected form (a bad date, an unknown label).
    #[error("corrupt value in {table}.{column}: {value:?}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// A search query that the full-text engine cannot parse.
    #[error("bad search query {query:?}: {reason} (put words with punctuation in double quotes)")]
    BadQuery {
        /// The query as given.
        query: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A page cursor that no page handed out.
    #[error("bad cursor {cursor:?}: pass the `next` value of the previous page")]
    BadCursor {
        /// The cursor as given.
        cursor: String,
    },
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    /// Whether the user can fix this (a missing, unopenable or foreign
    /// database, a bad query, a too-new schema) rather than it being an internal failure;
    /// the CLI exits with 1 for these and 2 for the rest.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::NoDatabase { .. }
                | Error::Open { .. }
                | Error::NotDateline { .. }
                | Error::TooNew { .. }
                | Error::NeedsMigration { .. }
                | Error::BadQuery { .. }
                | Error::BadCursor { .. }
        )
    }

    /// Whether the query was stopped through an [`crate::Interrupter`].
    pub fn is_interrupted(&self) -> bool {
        matches!(self, Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::OperationInterrupted)
    }
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_errors_are_told_apart() {
        let bad = Error::BadQuery { query: "AND (".into(), reason: "syntax error".into() };
        assert!(bad.is_user_error());
        assert!(bad.to_string().contains("AND ("));
        assert!(!Error::Sqlite(rusqlite::Error::QueryReturnedNoRows).is_user_error());
        let missing = Error::NoDatabase { path: PathBuf::from("/x/run.db") };
        assert_eq!(missing.to_string(), "no database at /x/run.db");
    }
}
