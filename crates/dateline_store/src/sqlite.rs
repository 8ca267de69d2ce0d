//! The store: documents in, documents and the link overlay out.

use crate::error::{Error, Result};
use crate::schema;
use dateline_core::{ClusterRecord, DocLinks, Document, EventDate, Links, Span, Story, Token};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// Documents fetched per query by [`DocumentIter`].
const PAGE: usize = 256;

/// A dateline database: immutable documents, with the link overlay beside them.
///
/// Documents are stored once, in input order, and never rewritten; what the
/// link stage decides lives in separate tables that [`Store::write_links`]
/// replaces as a whole.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// What [`Store::insert_batch`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Documents newly stored.
    pub stored: usize,
    /// Documents skipped because their id was already stored (earlier, or
    /// earlier in the same batch).
    pub skipped_existing: usize,
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating it if
    /// absent and migrating it to the current schema.
    ///
    /// The database runs in WAL mode with `synchronous=NORMAL`: a killed
    /// process loses at most the batch it was writing.
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store { conn: schema::open_read_write(path)?, path: path.to_path_buf() })
    }

    /// Opens an existing database for reading only; fails with
    /// [`Error::NoDatabase`] when there is no file at `path`.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Ok(Store { conn: schema::open_read_only(path)?, path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores, in one transaction, every document whose id is not stored
    /// yet; a repeated id inside `docs` is skipped too. Either the whole
    /// batch is stored or, on error, none of it.
    pub fn insert_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcome = BatchOutcome::default();
        for doc in docs {
            if insert_document(&tx, doc)? {
                outcome.stored += 1;
            } else {
                outcome.skipped_existing += 1;
            }
        }
        tx.execute(crate::schema::BUMP_GENERATION, [])?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Replaces, in one transaction, the analysis of documents already stored
    /// (their publication date, times and events: an undated document is
    /// re-analysed once its story dates it). The text, and so the id, content
    /// hash and full-text index, stay as they are. Returns how many were found.
    pub fn replace_analysis(&mut self, docs: &[Document]) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut replaced = 0;
        for doc in docs {
            let (body, tokens) = encode_document(doc)?;
            let meta = &doc.meta;
            let seq: Option<i64> = tx
                .prepare_cached(
                    "UPDATE documents SET published = ?2, published_from = ?3, n_times = ?4, n_events = ?5,
                         body = ?6, tokens = ?7
                     WHERE id = ?1 RETURNING seq",
                )?
                .query_row(
                    params![
                        doc.id,
                        meta.published.map(|d| d.to_string()),
                        meta.published_from.as_str(),
                        sql_count(doc.times.len()),
                        sql_count(doc.events.len()),
                        body,
                        tokens,
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(seq) = seq {
                replace_events(&tx, seq, doc)?;
                replaced += 1;
            }
        }
        tx.execute(crate::schema::BUMP_GENERATION, [])?;
        tx.commit()?;
        Ok(replaced)
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
        Ok(stmt.exists([id])?)
    }

    /// The ids among `ids` that are stored, to skip known documents before
    /// analysing them.
    pub fn existing_ids(&self, ids: &[&str]) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
        let mut found = HashSet::new();
        for &id in ids {
            if stmt.exists([id])? {
                found.insert(id.to_owned());
            }
        }
        Ok(found)
    }

    /// The stored document with this id.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let mut stmt = self.conn.prepare_cached("SELECT body, tokens FROM documents WHERE id = ?1")?;
        let stored: Option<(String, Vec<u8>)> = stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        stored.map(|(body, tokens)| decode_document(id, &body, &tokens)).transpose()
    }

    /// Every document in insertion (input) order, read a page at a time so
    /// memory stays flat however many there are.
    pub fn documents(&self) -> DocumentIter<'_> {
        DocumentIter::new(self, "SELECT seq, id, body, tokens FROM documents WHERE seq > ?1 ORDER BY seq LIMIT ?2")
    }

    /// Documents stored but not yet covered by [`Store::write_links`] (left
    /// by a killed run), in insertion order, paged like [`Store::documents`].
    pub fn unlinked_documents(&self) -> DocumentIter<'_> {
        DocumentIter::new(
            self,
            "SELECT seq, id, body, tokens FROM documents WHERE linked = 0 AND seq > ?1 ORDER BY seq LIMIT ?2",
        )
    }

    /// Replaces, in one transaction, the whole link overlay (document links,
    /// event clusters, cluster records, stories) and the linker's opaque
    /// state, and marks every document in `links.documents` as linked.
    ///
    /// Documents are never marked unlinked again; ids in `links` that are not
    /// stored are kept in the overlay but mark nothing.
    pub fn write_links(&mut self, links: &Links, linker_state: &[u8]) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "DELETE FROM doc_links; DELETE FROM event_clusters; DELETE FROM event_dates; DELETE FROM clusters; \
             DELETE FROM stories;",
        )?;
        {
            let mut link = tx.prepare_cached(
                "INSERT OR REPLACE INTO doc_links (doc_id, story_id, duplicate_of, published) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut mark = tx.prepare_cached("UPDATE documents SET linked = 1 WHERE id = ?1 AND linked = 0")?;
            for l in &links.documents {
                link.execute(params![l.doc_id, l.story_id, l.duplicate_of, l.published.map(|d| d.to_string())])?;
                mark.execute([&l.doc_id])?;
            }
            let mut cluster_of =
                tx.prepare_cached("INSERT OR REPLACE INTO event_clusters (event_id, cluster_id) VALUES (?1, ?2)")?;
            for (event, cluster) in &links.event_clusters {
                cluster_of.execute([event, cluster])?;
            }
            // The flat rows the API filters take the day the cluster gives,
            // as the exported records do; a relink starts from the text's own.
            tx.execute(
                "UPDATE events SET date = own_date, date_precision = own_date_precision
                 WHERE date IS NOT own_date OR date_precision IS NOT own_date_precision",
                [],
            )?;
            let mut date_of =
                tx.prepare_cached("INSERT OR REPLACE INTO event_dates (event_id, record) VALUES (?1, ?2)")?;
            let mut flat_date = tx.prepare_cached("UPDATE events SET date = ?2, date_precision = ?3 WHERE id = ?1")?;
            for (event, date) in &links.event_dates {
                date_of.execute(params![event, encode("event date", event, date)?])?;
                flat_date.execute(params![event, date.value, date.precision.as_str()])?;
            }
            let mut cluster =
                tx.prepare_cached("INSERT OR REPLACE INTO clusters (cluster_id, ord, record) VALUES (?1, ?2, ?3)")?;
            for (ord, c) in (0_i64..).zip(&links.clusters) {
                cluster.execute(params![c.cluster_id, ord, encode("cluster", &c.cluster_id, c)?])?;
            }
            let mut story =
                tx.prepare_cached("INSERT OR REPLACE INTO stories (story_id, ord, record) VALUES (?1, ?2, ?3)")?;
            for (ord, s) in (0_i64..).zip(&links.stories) {
                story.execute(params![s.story_id, ord, encode("story", &s.story_id, s)?])?;
            }
            tx.prepare_cached(
                "INSERT INTO linker_state (id, state) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET state = excluded.state",
            )?
            .execute([linker_state])?;
        }
        tx.execute(crate::schema::BUMP_GENERATION, [])?;
        tx.commit()?;
        Ok(())
    }

    /// The state the linker saved with the last [`Store::write_links`].
    pub fn linker_state(&self) -> Result<Option<Vec<u8>>> {
        let mut stmt = self.conn.prepare_cached("SELECT state FROM linker_state WHERE id = 1")?;
        Ok(stmt.query_row([], |r| r.get(0)).optional()?)
    }

    /// Link fields per document id.
    pub fn doc_links(&self) -> Result<HashMap<String, DocLinks>> {
        let mut stmt = self.conn.prepare_cached("SELECT doc_id, story_id, duplicate_of, published FROM doc_links")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<String>>(3)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (doc_id, story_id, duplicate_of, published) = row?;
            let published = published.map(|p| parse_date("doc_links", "published", &p)).transpose()?;
            out.insert(doc_id.clone(), DocLinks { doc_id, story_id, duplicate_of, published });
        }
        Ok(out)
    }

    /// Event id → cluster id.
    pub fn event_clusters(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT event_id, cluster_id FROM event_clusters")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Event id → the day its cluster gives it (see [`Links::event_dates`]).
    pub fn event_dates(&self) -> Result<HashMap<String, EventDate>> {
        self.event_dates_where("SELECT event_id, record FROM event_dates", [])
    }

    /// Event id → date, from a query yielding `(event id, EventDate as JSON)`.
    pub(crate) fn event_dates_where(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<HashMap<String, EventDate>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (event, json) = row?;
            let date = serde_json::from_str(&json).map_err(|source| Error::Decode {
                what: "event date",
                id: event.clone(),
                source,
            })?;
            out.insert(event, date);
        }
        Ok(out)
    }

    /// Cluster records in the order the linker gave them (first appearance).
    pub fn clusters(&self) -> Result<Vec<ClusterRecord>> {
        self.records("SELECT cluster_id, record FROM clusters ORDER BY ord", "cluster")
    }

    /// Stories in the order the linker gave them.
    pub fn stories(&self) -> Result<Vec<Story>> {
        self.records("SELECT story_id, record FROM stories ORDER BY ord", "story")
    }

    /// Runs SQLite's `PRAGMA integrity_check`; returns the problems found,
    /// none for a sound database.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines.into_iter().filter(|l| l != "ok").collect())
    }

    fn records<T: serde::de::DeserializeOwned>(&self, sql: &str, what: &'static str) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (id, record): (String, String) = (row.get(0)?, row.get(1)?);
            out.push(serde_json::from_str(&record).map_err(|source| Error::Decode { what, id, source })?);
        }
        Ok(out)
    }
}

/// Stores one document with its searchable text, events and entity
/// mentions; false when its id is already stored.
fn insert_document(tx: &Transaction<'_>, doc: &Document) -> Result<bool> {
    let (body, tokens) = encode_document(doc)?;
    let meta = &doc.meta;
    let inserted = tx
        .prepare_cached(
            "INSERT INTO documents (id, content_hash, published, published_from, language, source, title, url,
                 origin, n_entities, n_places, n_times, n_events, body, tokens)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            doc.id,
            doc.content_hash().cast_signed(),
            meta.published.map(|d| d.to_string()),
            meta.published_from.as_str(),
            meta.language,
            meta.source,
            meta.title,
            meta.url,
            meta.origin.to_string(),
            sql_count(doc.entities.len()),
            sql_count(doc.places.len()),
            sql_count(doc.times.len()),
            sql_count(doc.events.len()),
            body,
            tokens,
        ])?;
    if inserted == 0 {
        return Ok(false);
    }
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?.execute(params![
        seq,
        meta.title,
        doc.text()
    ])?;
    insert_events(tx, seq, doc)?;
    insert_mentions(tx, seq, doc)?;
    Ok(true)
}

/// Replaces the event rows of stored document `seq` (events and their
/// participants) by those of `doc`.
fn replace_events(tx: &Transaction<'_>, seq: i64, doc: &Document) -> Result<()> {
    tx.prepare_cached("DELETE FROM event_participants WHERE doc_seq = ?1")?.execute([seq])?;
    tx.prepare_cached("DELETE FROM events WHERE doc_seq = ?1")?.execute([seq])?;
    insert_events(tx, seq, doc)
}

fn insert_events(tx: &Transaction<'_>, seq: i64, doc: &Document) -> Result<()> {
    if doc.events.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (doc_seq, ord, id, type, subtype, date, date_precision, place_name, geonameid, lat, lon,
             country_code, crowd_min, crowd_max, fatalities, injuries, background, confidence, own_date,
             own_date_precision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?6, ?7)",
    )?;
    let mut participant = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_participants (doc_seq, ord, name, entity_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (ord, e) in (0_i64..).zip(&doc.events) {
        let place = e.place.as_ref();
        stmt.execute(params![
            seq,
            ord,
            e.id,
            e.kind.as_str(),
            e.subtype,
            e.date.as_ref().map(|d| d.value.as_str()),
            e.date.as_ref().map(|d| d.precision.as_str()),
            place.map(|p| p.name.as_str()),
            place.and_then(|p| p.geonameid),
            place.map(|p| p.lat),
            place.map(|p| p.lon),
            place.map(|p| p.country_code.as_str()),
            e.crowd_size.as_ref().and_then(|c| i64::try_from(c.min).ok()),
            e.crowd_size.as_ref().and_then(|c| i64::try_from(c.max).ok()),
            e.fatalities.as_ref().and_then(|c| i64::try_from(c.value).ok()),
            e.injuries.as_ref().and_then(|c| i64::try_from(c.value).ok()),
            e.background,
            f64::from(e.confidence),
        ])?;
        for p in e.actors.iter().chain(&e.targets) {
            participant.execute(params![seq, ord, p.name, p.entity_id])?;
        }
    }
    Ok(())
}

/// One row per entity and spelling in the document, with the mention count.
fn insert_mentions(tx: &Transaction<'_>, seq: i64, doc: &Document) -> Result<()> {
    if doc.entities.is_empty() {
        return Ok(());
    }
    let mut counts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut entity = tx.prepare_cached(
        "INSERT OR IGNORE INTO entities (entity_id, canonical, label, actor_type) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for m in &doc.entities {
        let n = counts.entry((m.entity_id.as_str(), doc.slice(m.span))).or_insert(0);
        if *n == 0 {
            entity.execute(params![m.entity_id, m.canonical, m.label.as_str(), m.actor_type])?;
        }
        *n += 1;
    }
    let mut mention =
        tx.prepare_cached("INSERT INTO mentions (entity_id, doc_seq, surface, n) VALUES (?1, ?2, ?3, ?4)")?;
    for ((entity_id, surface), n) in counts {
        mention.execute(params![entity_id, seq, surface, n])?;
    }
    Ok(())
}

fn encode<T: Serialize>(what: &'static str, id: &str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|source| Error::Encode { what, id: id.to_owned(), source })
}

/// A document as stored: JSON without the token layer, and the tokens packed
/// (a quarter of their JSON size, and tokens are most of a document's bytes).
fn encode_document(doc: &Document) -> Result<(String, Vec<u8>)> {
    let mut tokens = Vec::with_capacity(doc.tokens.len() * TOKEN_BYTES);
    for t in &doc.tokens {
        for n in [t.span.start, t.span.end, t.sentence] {
            tokens.extend_from_slice(&n.to_le_bytes());
        }
    }
    let body = if doc.tokens.is_empty() {
        encode("document", &doc.id, doc)?
    } else {
        let mut shell = doc.clone();
        shell.tokens = Vec::new();
        encode("document", &doc.id, &shell)?
    };
    Ok((body, tokens))
}

/// Bytes per packed token.
const TOKEN_BYTES: usize = 12;

fn decode_document(id: &str, body: &str, tokens: &[u8]) -> Result<Document> {
    let mut doc: Document =
        serde_json::from_str(body).map_err(|source| Error::Decode { what: "document", id: id.to_owned(), source })?;
    if !tokens.len().is_multiple_of(TOKEN_BYTES) {
        return Err(Error::Corrupt {
            table: "documents",
            column: "tokens",
            value: format!("{id}: {} bytes", tokens.len()),
        });
    }
    let u32_at = |chunk: &[u8], i: usize| {
        chunk.get(i..i + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes).unwrap_or_default()
    };
    doc.tokens = tokens
        .chunks_exact(TOKEN_BYTES)
        .map(|c| Token { span: Span { start: u32_at(c, 0), end: u32_at(c, 4) }, sentence: u32_at(c, 8) })
        .collect();
    Ok(doc)
}

/// A stored ISO date back as a date.
pub(crate) fn parse_date(table: &'static str, column: &'static str, value: &str) -> Result<jiff::civil::Date> {
    value.parse().map_err(|_| Error::Corrupt { table, column, value: value.to_owned() })
}

/// A length as an SQLite integer.
pub(crate) fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Stored documents, read [`PAGE`] at a time in insertion order; from
/// [`Store::documents`] and [`Store::unlinked_documents`].
///
/// A failed query ends the iteration after yielding its error; a document
/// that cannot be decoded is yielded as an error and the iteration goes on.
#[derive(Debug)]
pub struct DocumentIter<'a> {
    store: &'a Store,
    sql: &'static str,
    /// The last `seq` fetched; the next page starts after it.
    after: i64,
    page: VecDeque<(String, String, Vec<u8>)>,
    done: bool,
}

impl<'a> DocumentIter<'a> {
    fn new(store: &'a Store, sql: &'static str) -> Self {
        DocumentIter { store, sql, after: 0, page: VecDeque::new(), done: false }
    }

    fn fetch(&mut self) -> Result<()> {
        let mut stmt = self.store.conn.prepare_cached(self.sql)?;
        let mut rows = stmt.query(params![self.after, sql_count(PAGE)])?;
        while let Some(row) = rows.next()? {
            self.after = row.get(0)?;
            self.page.push_back((row.get(1)?, row.get(2)?, row.get(3)?));
        }
        self.done = self.page.len() < PAGE;
        Ok(())
    }
}

impl Iterator for DocumentIter<'_> {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.page.is_empty()
            && !self.done
            && let Err(err) = self.fetch()
        {
            self.done = true;
            self.page.clear();
            return Some(Err(err));
        }
        let (id, body, tokens) = self.page.pop_front()?;
        Some(decode_document(&id, &body, &tokens))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdocs::{TestResult, plain, protest};
    use dateline_core::{Claims, DatePrecision, EventType, Participant, PublishedFrom};

    fn temp_store() -> Result<(tempfile::TempDir, Store), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&dir.path().join("run.db"))?;
        Ok((dir, store))
    }

    fn ids(iter: DocumentIter<'_>) -> Result<Vec<String>> {
        iter.map(|d| d.map(|d| d.id)).collect()
    }

    fn cluster(id: &str, events: &[&str]) -> ClusterRecord {
        ClusterRecord {
            cluster_id: id.into(),
            kind: EventType::Protest,
            date: Some("2020-01-24".into()),
            date_precision: None,
            place: None,
            crowd_size: None,
            fatalities: None,
            injuries: None,
            events: events.iter().map(|e| (*e).to_owned()).collect(),
            documents: vec!["a".into()],
            story_id: Some("s-1".into()),
            claims: Claims::default(),
            disagreements: Vec::new(),
            consensus_rule: "first".into(),
        }
    }

    fn links(doc_ids: &[&str], clusters: &[&str]) -> Links {
        Links {
            documents: doc_ids
                .iter()
                .map(|id| DocLinks {
                    doc_id: (*id).into(),
                    story_id: Some("s-1".into()),
                    duplicate_of: None,
                    published: "2020-01-24".parse().ok(),
                })
                .collect(),
            event_clusters: clusters.iter().map(|c| (format!("{c}-event"), (*c).to_owned())).collect(),
            event_dates: clusters
                .iter()
                .map(|c| {
                    let date = EventDate { value: "2020-01-24".into(), precision: DatePrecision::Day, source: None };
                    (format!("{c}-event"), date)
                })
                .collect(),
            clusters: clusters.iter().map(|c| cluster(c, &[&format!("{c}-event")])).collect(),
            stories: vec![Story {
                story_id: "s-1".into(),
                label: "Baghdad".into(),
                documents: doc_ids.iter().map(|d| (*d).to_owned()).collect(),
                clusters: clusters.iter().map(|c| (*c).to_owned()).collect(),
            }],
        }
    }

    #[test]
    fn open_creates_then_reopens() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let mut store = Store::open(&path)?;
        assert_eq!(store.path(), path);
        store.insert_batch(&[plain("a", "one")])?;
        drop(store);
        let store = Store::open(&path)?;
        assert!(store.contains("a")?);
        Ok(())
    }

    #[test]
    fn open_fails_with_the_path() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("no/such/dir/run.db");
        let err = Store::open(&path).err();
        assert!(matches!(&err, Some(Error::Open { path: p, .. }) if *p == path));
        assert!(err.is_some_and(|e| e.is_user_error()));
        Ok(())
    }

    #[test]
    fn read_only_reads_but_never_writes() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let missing = Store::open_read_only(&path).err();
        assert!(missing.is_some_and(|e| e.to_string() == format!("no database at {}", path.display())));
        Store::open(&path)?.insert_batch(&[protest("a", Some("2020-01-24"))])?;
        let mut store = Store::open_read_only(&path)?;
        assert_eq!(store.document("a")?, Some(protest("a", Some("2020-01-24"))));
        assert!(matches!(store.insert_batch(&[plain("b", "two")]), Err(Error::Sqlite(_))));
        Ok(())
    }

    #[test]
    fn insert_batch_skips_stored_and_repeated_ids() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        let first = store.insert_batch(&[plain("a", "one"), plain("b", "two"), plain("a", "one again")])?;
        assert_eq!(first, BatchOutcome { stored: 2, skipped_existing: 1 });
        let second = store.insert_batch(&[plain("b", "two"), plain("c", "three")])?;
        assert_eq!(second, BatchOutcome { stored: 1, skipped_existing: 1 });
        assert_eq!(store.insert_batch(&[])?, BatchOutcome::default());
        assert_eq!(ids(store.documents())?, ["a", "b", "c"]);
        // The first of a repeated id wins.
        assert_eq!(store.document("a")?.map(|d| d.text().to_owned()), Some("one".to_owned()));
        Ok(())
    }

    #[test]
    fn contains_and_existing_ids() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        store.insert_batch(&[plain("a", "one"), plain("c", "three")])?;
        assert!(store.contains("a")?);
        assert!(!store.contains("b")?);
        let found = store.existing_ids(&["a", "b", "c", "a", ""])?;
        assert_eq!(found, HashSet::from(["a".to_owned(), "c".to_owned()]));
        assert!(store.existing_ids(&[])?.is_empty());
        Ok(())
    }

    #[test]
    fn document_round_trips_every_layer() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        let doc = protest("doc-42", Some("2020-01-24"));
        store.insert_batch(std::slice::from_ref(&doc))?;
        assert_eq!(store.document("doc-42")?, Some(doc));
        assert_eq!(store.document("doc-43")?, None);
        Ok(())
    }

    #[test]
    fn tokens_are_packed_and_checked() -> TestResult {
        let doc = protest("a", None);
        assert!(doc.tokens.len() > 10);
        let (body, tokens) = encode_document(&doc)?;
        assert_eq!(tokens.len(), doc.tokens.len() * TOKEN_BYTES);
        assert!(body.contains("\"tokens\":[]"));
        assert_eq!(decode_document("a", &body, &tokens)?, doc);
        let cut = tokens.get(..tokens.len() - 1).unwrap_or_default();
        assert!(matches!(decode_document("a", &body, cut), Err(Error::Corrupt { column: "tokens", .. })));
        Ok(())
    }

    #[test]
    fn events_and_mentions_are_flattened() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        store.insert_batch(&[protest("a", Some("2020-01-24")), protest("b", None)])?;
        let row: (String, String, String, Option<String>, Option<String>, f64, i64, i64, bool) = store.conn.query_row(
            "SELECT id, type, subtype, date, country_code, lat, crowd_min, crowd_max, background
             FROM events WHERE id = 'a#ev0'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
        )?;
        assert_eq!(
            row,
            (
                "a#ev0".into(),
                "PROTEST".into(),
                "peaceful protest".into(),
                Some("2020-01-24".into()),
                Some("IQ".into()),
                33.34,
                1000,
                9999,
                false
            )
        );
        let undated: Option<String> =
            store.conn.query_row("SELECT date FROM events WHERE id = 'b#ev0'", [], |r| r.get(0))?;
        assert_eq!(undated, None);
        let mentions: Vec<(String, i64)> = store
            .conn
            .prepare("SELECT surface, n FROM mentions m JOIN documents d ON d.seq = m.doc_seq WHERE d.id = 'a' ORDER BY surface")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(mentions, [("BAGHDAD".into(), 1), ("Moqtada al-Sadr".into(), 1), ("Sadr".into(), 1)]);
        Ok(())
    }

    #[test]
    fn documents_come_in_insertion_order_across_pages() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        // Ids that sort differently from insertion order, more than two pages.
        let n = 2 * PAGE + 37;
        let docs: Vec<Document> = (0..n).map(|i| plain(&format!("{}", n - i), &format!("text {i}"))).collect();
        for batch in docs.chunks(100) {
            store.insert_batch(batch)?;
        }
        let expected: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
        assert_eq!(ids(store.documents())?, expected);
        assert_eq!(store.documents().count(), n);
        Ok(())
    }

    #[test]
    fn empty_store_has_no_documents() -> TestResult {
        let (_dir, store) = temp_store()?;
        assert_eq!(store.documents().count(), 0);
        assert_eq!(store.unlinked_documents().count(), 0);
        assert_eq!(store.linker_state()?, None);
        assert!(store.doc_links()?.is_empty() && store.event_clusters()?.is_empty());
        assert!(store.clusters()?.is_empty() && store.stories()?.is_empty());
        Ok(())
    }

    #[test]
    fn unlinked_documents_are_those_write_links_did_not_cover() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        let n = PAGE + 50;
        let docs: Vec<Document> = (0..n).map(|i| plain(&format!("d{i}"), "text")).collect();
        store.insert_batch(&docs)?;
        assert_eq!(store.unlinked_documents().count(), n);
        // Link the even ones: the odd ones stay unlinked, in order, across pages.
        let even: Vec<String> = (0..n).step_by(2).map(|i| format!("d{i}")).collect();
        let even_refs: Vec<&str> = even.iter().map(String::as_str).collect();
        store.write_links(&links(&even_refs, &[]), b"state")?;
        let odd: Vec<String> = (1..n).step_by(2).map(|i| format!("d{i}")).collect();
        assert_eq!(ids(store.unlinked_documents())?, odd);
        // A later overlay that lists everything covers everything; linked stays linked.
        let all: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        store.write_links(&links(&all, &[]), b"state")?;
        assert_eq!(store.unlinked_documents().count(), 0);
        store.write_links(&links(&[], &[]), b"state")?;
        assert_eq!(store.unlinked_documents().count(), 0);
        Ok(())
    }

    #[test]
    fn write_links_replaces_the_previous_overlay() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        store.insert_batch(&[plain("a", "one"), plain("b", "two")])?;
        let first = links(&["a", "b"], &["c-2", "c-1"]);
        store.write_links(&first, b"first")?;
        assert_eq!(store.linker_state()?, Some(b"first".to_vec()));
        assert_eq!(store.clusters()?, first.clusters);
        assert_eq!(store.stories()?, first.stories);
        assert_eq!(store.event_clusters()?.get("c-1-event").map(String::as_str), Some("c-1"));
        let dates = store.event_dates()?;
        assert_eq!(dates.get("c-2-event").map(|d| d.value.as_str()), Some("2020-01-24"));
        assert_eq!(dates.len(), 2);
        let a = store.doc_links()?.remove("a");
        assert_eq!(a, first.documents.first().cloned());

        let second = links(&["b"], &["c-9"]);
        store.write_links(&second, b"second")?;
        assert_eq!(store.linker_state()?, Some(b"second".to_vec()));
        assert_eq!(store.clusters()?, second.clusters);
        assert_eq!(store.stories()?, second.stories);
        assert_eq!(store.event_clusters()?, HashMap::from([("c-9-event".to_owned(), "c-9".to_owned())]));
        assert_eq!(store.event_dates()?.into_keys().collect::<Vec<_>>(), ["c-9-event"]);
        assert_eq!(store.doc_links()?.into_keys().collect::<Vec<_>>(), ["b"]);
        Ok(())
    }

    #[test]
    fn clusters_keep_the_linker_order() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        let order = ["c-5", "c-1", "c-3", "c-2", "c-4"];
        store.write_links(&links(&[], &order), b"")?;
        let got: Vec<String> = store.clusters()?.into_iter().map(|c| c.cluster_id).collect();
        assert_eq!(got, order);
        Ok(())
    }

    #[test]
    fn replace_analysis_updates_date_times_and_events_only() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        let actor = |name: &str| Participant {
            name: name.into(),
            entity_id: None,
            role: None,
            group: None,
            span: Span::new(0, 7),
        };
        let mut undated = protest("a", None);
        for e in &mut undated.events {
            e.actors.push(actor("Old Group"));
        }
        store.insert_batch(&[undated, protest("b", None)])?;
        let mut dated = protest("a", Some("2020-01-24"));
        dated.meta.published_from = PublishedFrom::Story;
        for e in &mut dated.events {
            e.actors.push(actor("New Group"));
        }
        let mut second = dated.events.first().cloned().ok_or("no event")?;
        second.id = "a#ev1".into();
        dated.events.push(second);
        let unknown = protest("zzz", Some("2020-01-24"));
        assert_eq!(store.replace_analysis(&[dated.clone(), unknown])?, 1);
        assert_eq!(store.document("a")?, Some(dated));
        assert_eq!(store.document("b")?, Some(protest("b", None)));
        assert!(!store.contains("zzz")?);
        let events: Vec<(String, Option<String>)> = store
            .conn
            .prepare("SELECT e.id, e.date FROM events e JOIN documents d ON d.seq = e.doc_seq WHERE d.id = 'a'")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(events.len(), 2);
        assert!(events.iter().all(|(_, d)| d.as_deref() == Some("2020-01-24")));
        let published: Option<String> =
            store.conn.query_row("SELECT published_from FROM documents WHERE id = 'a'", [], |r| r.get(0))?;
        assert_eq!(published.as_deref(), Some("story"));
        assert_eq!(store.search("Sadr", 10)?.len(), 2, "the full-text index is untouched");
        let participants: Vec<String> = store
            .conn
            .prepare(
                "SELECT DISTINCT p.name FROM event_participants p JOIN documents d ON d.seq = p.doc_seq
                 WHERE d.id = 'a' ORDER BY p.name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(participants, ["New Group"], "the old events' participants are gone");
        Ok(())
    }

    #[test]
    fn a_batch_that_never_commits_leaves_nothing() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("run.db");
        let mut store = Store::open(&path)?;
        let batch = [protest("a", Some("2020-01-24")), protest("b", None)];
        store.insert_batch(&batch)?;
        {
            // A batch cut off mid-way: the transaction is dropped, never committed.
            let tx = store.conn.transaction()?;
            assert!(insert_document(&tx, &protest("c", None))?);
        }
        assert!(!store.contains("c")?);
        let orphans: i64 = store.conn.query_row(
            "SELECT (SELECT count(*) FROM events WHERE id = 'c#ev0') + (SELECT count(*) FROM documents_fts)
                 + (SELECT count(*) FROM mentions m WHERE m.doc_seq NOT IN (SELECT seq FROM documents))",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(orphans, 2, "only the two committed documents are indexed");
        drop(store);
        // Re-running the committed batch plus the lost document adds only what is missing.
        let mut store = Store::open(&path)?;
        let rerun = [protest("a", Some("2020-01-24")), protest("b", None), protest("c", None)];
        assert_eq!(store.insert_batch(&rerun)?, BatchOutcome { stored: 1, skipped_existing: 2 });
        assert_eq!(store.insert_batch(&rerun)?, BatchOutcome { stored: 0, skipped_existing: 3 });
        assert_eq!(ids(store.documents())?, ["a", "b", "c"]);
        assert_eq!(store.integrity_check()?, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn integrity_check_of_a_sound_database_is_clean() -> TestResult {
        let (_dir, mut store) = temp_store()?;
        store.insert_batch(&[protest("a", Some("2020-01-24"))])?;
        store.write_links(&links(&["a"], &["c-1"]), b"s")?;
        assert!(store.integrity_check()?.is_empty());
        Ok(())
    }
}
