//! The schema, its migrations, and the connection settings.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Opening a
//! database for writing applies the missing ones in order, all in one
//! transaction; a later version appends a step to [`MIGRATIONS`] (new
//! tables, `ALTER TABLE … ADD COLUMN`), never edits an old one.

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// `PRAGMA application_id` of a dateline database (`DTLN`).
const APPLICATION_ID: i32 = 0x4454_4c4e;

/// Migration steps; step `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3];

/// The schema version this build writes.
const VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: documents, their flat event and entity tables, full-text
/// search, and the link overlay.
const V1: &str = "
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,              -- insertion order
    id TEXT NOT NULL UNIQUE,
    content_hash INTEGER NOT NULL,        -- xxh3 of the clean text, as i64 bits
    published TEXT,                       -- ISO date, from the document itself
    published_from TEXT NOT NULL,
    language TEXT,
    source TEXT,
    title TEXT,
    url TEXT,
    origin TEXT NOT NULL,
    n_entities INTEGER NOT NULL,
    n_places INTEGER NOT NULL,
    n_times INTEGER NOT NULL,
    n_events INTEGER NOT NULL,
    linked INTEGER NOT NULL DEFAULT 0,    -- 1 once write_links covered it
    -- The Document: JSON with an empty token layer, and the tokens packed as
    -- little-endian u32 triples (start, end, sentence). Last, so scans skip them.
    body TEXT NOT NULL,
    tokens BLOB NOT NULL
);
CREATE INDEX documents_unlinked ON documents(seq) WHERE linked = 0;

CREATE TABLE events (
    doc_seq INTEGER NOT NULL REFERENCES documents(seq),
    ord INTEGER NOT NULL,                 -- position in Document::events
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    subtype TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    place_name TEXT,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    country_code TEXT,
    crowd_min INTEGER,
    crowd_max INTEGER,
    fatalities INTEGER,
    injuries INTEGER,
    background INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (doc_seq, ord)
) WITHOUT ROWID;
CREATE INDEX events_id ON events(id);
CREATE INDEX events_type ON events(type, date);
CREATE INDEX events_date ON events(date);

CREATE TABLE entities (
    entity_id TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    label TEXT NOT NULL
) WITHOUT ROWID;

-- One row per entity, document and spelling; n counts the mentions.
CREATE TABLE mentions (
    entity_id TEXT NOT NULL REFERENCES entities(entity_id),
    doc_seq INTEGER NOT NULL REFERENCES documents(seq),
    surface TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc_seq, surface)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts(documents_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');

CREATE TABLE doc_links (
    doc_id TEXT PRIMARY KEY,
    story_id TEXT,
    duplicate_of TEXT,
    published TEXT
) WITHOUT ROWID;
CREATE TABLE event_clusters (
    event_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE clusters (
    cluster_id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,
    record TEXT NOT NULL                  -- ClusterRecord as JSON
);
CREATE TABLE stories (
    story_id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,
    record TEXT NOT NULL                  -- Story as JSON
);
CREATE TABLE linker_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state BLOB NOT NULL
);
";

/// Fills `event_participants` from the events stored in the document bodies.
macro_rules! backfill_participants {
    () => {
        "INSERT OR IGNORE INTO event_participants (doc_seq, ord, name, entity_id)
    SELECT e.doc_seq, e.ord, json_extract(p.value, '$.name'), json_extract(p.value, '$.entity_id')
    FROM events e JOIN documents d ON d.seq = e.doc_seq,
         json_each(d.body, '$.events[' || e.ord || '].actors') p
    UNION ALL
    SELECT e.doc_seq, e.ord, json_extract(p.value, '$.name'), json_extract(p.value, '$.entity_id')
    FROM events e JOIN documents d ON d.seq = e.doc_seq,
         json_each(d.body, '$.events[' || e.ord || '].targets') p;"
    };
}
#[cfg(test)]
pub(crate) use backfill_participants;

/// Version 2: days the link stage gives events from their clusters; an
/// entity's actor type (CAMEO role: GOV, MIL, REB, ...) where the actor
/// dictionary knows it; what the HTTP API filters events by (actors and
/// targets by name or entity, country, place), the participant table filled
/// from the documents already stored.
const V2: &str = concat!(
    "
CREATE TABLE event_dates (
    event_id TEXT PRIMARY KEY,
    record TEXT NOT NULL                  -- EventDate as JSON
) WITHOUT ROWID;
ALTER TABLE entities ADD COLUMN actor_type TEXT;
CREATE TABLE event_participants (
    doc_seq INTEGER NOT NULL,
    ord INTEGER NOT NULL,                 -- the event's position in its document
    name TEXT NOT NULL COLLATE NOCASE,
    entity_id TEXT,
    PRIMARY KEY (doc_seq, ord, name)
) WITHOUT ROWID;
CREATE INDEX event_participants_name ON event_participants(name);
CREATE INDEX event_participants_entity ON event_participants(entity_id) WHERE entity_id IS NOT NULL;
CREATE INDEX events_country ON events(country_code, date);
-- Covers the map aggregate and the box filter.
CREATE INDEX events_place ON events(lat, lon, type, crowd_min, place_name) WHERE lat IS NOT NULL;
",
    backfill_participants!()
);

/// Version 3: a counter every write that changes documents, events or links
/// bumps, so a reader can tell its cached aggregates are stale (a re-analysis
/// or a full relink adds no document); and each event's own date kept beside
/// `date`, which the link stage may set from the event's cluster, so that a
/// relink can always start again from what the text said.
const V3: &str = "
CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation (n) SELECT coalesce(max(seq), 0) FROM documents;
ALTER TABLE events ADD COLUMN own_date TEXT;
ALTER TABLE events ADD COLUMN own_date_precision TEXT;
UPDATE events SET own_date = date, own_date_precision = date_precision;
";

/// Bumps the [`V3`] counter inside a write transaction.
pub(crate) const BUMP_GENERATION: &str = "UPDATE generation SET n = n + 1";

/// Opens (creating if absent) and migrates a database for writing.
pub(crate) fn open_read_write(path: &Path) -> Result<Connection> {
    let open_err = |source| Error::Open { path: path.to_path_buf(), source };
    let mut conn = Connection::open(path).map_err(open_err)?;
    configure(&conn).map_err(open_err)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
    conn.pragma_update(None, "wal_autocheckpoint", 8192).map_err(open_err)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(open_err)?;
    migrate(&mut conn, path, MIGRATIONS)?;
    Ok(conn)
}

/// Opens an existing, current database for reading only.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::NoDatabase { path: path.to_path_buf() });
    }
    let open_err = |source| Error::Open { path: path.to_path_buf(), source };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
    configure(&conn).map_err(open_err)?;
    let (found, app) = versions(&conn).map_err(open_err)?;
    if found == 0 || app != APPLICATION_ID {
        return Err(Error::NotDateline { path: path.to_path_buf() });
    }
    check_readable(path, found, VERSION)?;
    Ok(conn)
}

/// A read-only store needs exactly the version it knows.
fn check_readable(path: &Path, found: i64, known: i64) -> Result<()> {
    match found.cmp(&known) {
        std::cmp::Ordering::Greater => Err(Error::TooNew { path: path.to_path_buf(), found, known }),
        std::cmp::Ordering::Less => Err(Error::NeedsMigration { path: path.to_path_buf(), found, known }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

/// Settings for every connection.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "temp_store", "MEMORY")
}

fn versions(conn: &Connection) -> rusqlite::Result<(i64, i32)> {
    let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let app = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    Ok((version, app))
}

/// Applies the missing steps of `steps` in one immediate transaction.
fn migrate(conn: &mut Connection, path: &Path, steps: &[&str]) -> Result<()> {
    let known = i64::try_from(steps.len()).unwrap_or(i64::MAX);
    let open_err = |source| Error::Open { path: path.to_path_buf(), source };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(open_err)?;
    let (found, app) = versions(&tx).map_err(open_err)?;
    if found > known {
        return Err(Error::TooNew { path: path.to_path_buf(), found, known });
    }
    if found == 0 {
        let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(open_err)?;
        if tables > 0 {
            return Err(Error::NotDateline { path: path.to_path_buf() });
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(open_err)?;
    } else if app != APPLICATION_ID {
        return Err(Error::NotDateline { path: path.to_path_buf() });
    }
    for (version, step) in (1..).zip(steps).skip(usize::try_from(found).unwrap_or(0)) {
        let migration_err = |source| Error::Migration { path: path.to_path_buf(), version, source };
        tx.execute_batch(step).map_err(migration_err)?;
        tx.pragma_update(None, "user_version", version).map_err(migration_err)?;
    }
    tx.commit().map_err(open_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn fresh_database_gets_the_current_version() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let conn = open_read_write(&path)?;
        assert_eq!(versions(&conn)?, (VERSION, APPLICATION_ID));
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        assert_eq!(mode, "wal");
        let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        assert!(fk);
        drop(conn);
        // Opening again is a no-op migration.
        let conn = open_read_write(&path)?;
        assert_eq!(versions(&conn)?.0, VERSION);
        Ok(())
    }

    #[test]
    fn newer_database_is_refused() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let conn = open_read_write(&path)?;
        conn.pragma_update(None, "user_version", VERSION + 1)?;
        drop(conn);
        let err = open_read_write(&path).err();
        assert!(matches!(err, Some(Error::TooNew { found, known, .. }) if found == VERSION + 1 && known == VERSION));
        let err = open_read_only(&path).err();
        assert!(matches!(&err, Some(Error::TooNew { .. })));
        assert!(err.is_some_and(|e| e.to_string().contains("newer")));
        Ok(())
    }

    #[test]
    fn a_later_step_adds_a_column_to_an_existing_database() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let mut conn = open_read_write(&path)?;
        conn.execute("INSERT INTO linker_state (id, state) VALUES (1, x'00')", [])?;
        let mut next = MIGRATIONS.to_vec();
        next.push("ALTER TABLE documents ADD COLUMN summary TEXT; CREATE TABLE notes (x TEXT);");
        migrate(&mut conn, &path, &next)?;
        assert_eq!(versions(&conn)?.0, VERSION + 1);
        conn.execute("UPDATE documents SET summary = 'x'", [])?;
        conn.execute("INSERT INTO notes VALUES ('kept')", [])?;
        let kept: i64 = conn.query_row("SELECT count(*) FROM linker_state", [], |r| r.get(0))?;
        assert_eq!(kept, 1);
        // Running the same list again changes nothing.
        migrate(&mut conn, &path, &next)?;
        assert_eq!(versions(&conn)?.0, VERSION + 1);
        drop(conn);
        // This build only knows the versions up to VERSION.
        let (found, known) = (VERSION + 1, VERSION);
        assert!(
            matches!(open_read_write(&path).err(), Some(Error::TooNew { found: f, known: k, .. }) if f == found && k == known)
        );
        Ok(())
    }

    #[test]
    fn a_version_1_database_is_brought_up_to_date_keeping_its_rows() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let mut conn = Connection::open(&path)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate(&mut conn, &path, &[V1])?;
        conn.execute("INSERT INTO linker_state (id, state) VALUES (1, x'00')", [])?;
        drop(conn);
        let conn = open_read_write(&path)?;
        assert_eq!(versions(&conn)?.0, VERSION);
        let kept: i64 = conn.query_row("SELECT count(*) FROM linker_state", [], |r| r.get(0))?;
        let dates: i64 = conn.query_row("SELECT count(*) FROM event_dates", [], |r| r.get(0))?;
        let typed: i64 =
            conn.query_row("SELECT count(*) FROM entities WHERE actor_type IS NOT NULL", [], |r| r.get(0))?;
        assert_eq!((kept, dates, typed), (1, 0, 0));
        Ok(())
    }

    #[test]
    fn read_only_needs_the_exact_version() {
        let path = Path::new("run.db");
        assert!(check_readable(path, 2, 2).is_ok());
        assert!(matches!(check_readable(path, 1, 2), Err(Error::NeedsMigration { found: 1, known: 2, .. })));
        assert!(matches!(check_readable(path, 3, 2), Err(Error::TooNew { found: 3, known: 2, .. })));
    }

    #[test]
    fn foreign_database_is_refused() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("other.db");
        let conn = Connection::open(&path)?;
        conn.execute_batch("CREATE TABLE t(x)")?;
        drop(conn);
        assert!(matches!(open_read_write(&path).err(), Some(Error::NotDateline { .. })));
        assert!(matches!(open_read_only(&path).err(), Some(Error::NotDateline { .. })));
        Ok(())
    }

    #[test]
    fn missing_database_is_not_created_read_only() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("missing.db");
        let err = open_read_only(&path).err();
        assert!(err.is_some_and(|e| e.to_string() == format!("no database at {}", path.display())));
        assert!(!path.exists());
        Ok(())
    }
}
