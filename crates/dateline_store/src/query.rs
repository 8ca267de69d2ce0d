//! Read queries for the HTTP API: filtered event pages with stable cursors,
//! map and timeline aggregates, and pages of documents, clusters and stories.
//!
//! Every page is keyset-paginated on an insertion-order key, so a cursor
//! stays valid (and no row repeats or goes missing) while documents are
//! added: new rows only ever come after the last page.

use crate::error::{Error, Result};
use crate::search::{fts_query, query_error};
use crate::sqlite::{Store, sql_count};
use dateline_core::{ClusterRecord, DocLinks, EventDate, EventType, Story};
use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params_from_iter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Which events a query covers; every set field must match.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventFilter {
    /// Any of these types (all types when empty).
    pub types: Vec<EventType>,
    /// Exactly this subtype.
    pub subtype: Option<String>,
    /// Events dated on or after this day (undated events are left out).
    pub from: Option<Date>,
    /// Events dated on or before this day.
    pub to: Option<Date>,
    /// Events placed inside this box.
    pub bbox: Option<BBox>,
    /// ISO 3166 country code of the event's place.
    pub country: Option<String>,
    /// An actor or target, by name (any case) or entity id.
    pub actor: Option<String>,
    /// A full-text query over the reporting document (as in [`Store::search`]).
    pub text: Option<String>,
    /// Leave out events reported as earlier context.
    pub exclude_background: bool,
}

/// A latitude/longitude box; `west > east` crosses the antimeridian.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    /// Western longitude.
    pub west: f64,
    /// Southern latitude.
    pub south: f64,
    /// Eastern longitude.
    pub east: f64,
    /// Northern latitude.
    pub north: f64,
}

/// One page of results and the cursor of the next one (`None` on the last page).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Pass as `after` to get the next page.
    pub next: Option<String>,
}

/// One event with its document's provenance: a row of the event table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventSummary {
    /// Event id.
    pub id: String,
    /// The reporting document.
    pub document_id: String,
    /// Its title.
    pub title: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Subtype.
    pub subtype: String,
    /// TIMEX3 date.
    pub date: Option<String>,
    /// Its precision.
    pub date_precision: Option<String>,
    /// Place name.
    pub place: Option<String>,
    /// GeoNames id.
    pub geonameid: Option<i64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Country code.
    pub country_code: Option<String>,
    /// Crowd size, lower bound.
    pub crowd_min: Option<i64>,
    /// Crowd size, upper bound.
    pub crowd_max: Option<i64>,
    /// Deaths.
    pub fatalities: Option<i64>,
    /// Injuries.
    pub injuries: Option<i64>,
    /// Reported as earlier context.
    pub background: bool,
    /// Extraction confidence.
    pub confidence: f64,
    /// The cross-document cluster.
    pub cluster_id: Option<String>,
}

/// Events near one another on the map, aggregated server-side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapCell {
    /// Mean latitude of the events.
    pub lat: f64,
    /// Mean longitude.
    pub lon: f64,
    /// Events in the cell.
    pub events: u64,
    /// Sum of the crowd sizes' lower bounds.
    pub crowd: u64,
    /// The most frequent type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Events per type.
    pub types: BTreeMap<String, u64>,
    /// One place name in the cell (the first alphabetically).
    pub place: Option<String>,
}

/// The length of a timeline bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// Calendar days (`2020-01-24`).
    Day,
    /// Calendar months (`2020-01`).
    Month,
    /// Years (`2020`).
    Year,
}

/// Events in one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineBucket {
    /// The period (`2020-01-24`, `2020-01`, `2020`).
    pub period: String,
    /// Events dated in it.
    pub events: u64,
    /// Events per type.
    pub types: BTreeMap<String, u64>,
}

/// One document in a listing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date: the document's own, else its story's.
    pub published: Option<String>,
    /// Detected language.
    pub language: Option<String>,
    /// Events found in it.
    pub events: i64,
    /// Its story.
    pub story_id: Option<String>,
    /// The earlier document it nearly duplicates.
    pub duplicate_of: Option<String>,
}

/// A way to stop a running query from another thread (a query-time limit).
pub struct Interrupter(rusqlite::InterruptHandle);

impl Interrupter {
    /// Makes the query running on the store's connection, if any, fail with
    /// an error for which [`Error::is_interrupted`] holds.
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

impl std::fmt::Debug for Interrupter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupter")
    }
}

/// SQL conditions and their parameters, joined with `AND`.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<Value>,
}

impl Conditions {
    fn push(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push(sql.to_owned());
        self.params.extend(values);
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() { "1".to_owned() } else { self.sql.join(" AND ") }
    }

    /// The conditions of `filter` on the events table aliased `e`.
    fn for_events(filter: &EventFilter) -> Result<Conditions> {
        let mut c = Conditions::default();
        if !filter.types.is_empty() {
            let marks = vec!["?"; filter.types.len()].join(", ");
            c.push(&format!("e.type IN ({marks})"), filter.types.iter().map(|t| Value::Text(t.as_str().to_owned())));
        }
        if let Some(subtype) = &filter.subtype {
            c.push("e.subtype = ?", [Value::Text(subtype.clone())]);
        }
        if let Some(from) = filter.from {
            c.push("e.date >= ?", [Value::Text(from.to_string())]);
        }
        if let Some(to) = filter.to {
            // `2020-01-24` and anything finer on that day sort before `2020-01-24~`.
            c.push("e.date < ?", [Value::Text(format!("{to}~"))]);
        }
        if let Some(b) = filter.bbox {
            c.push("e.lat BETWEEN ? AND ?", [Value::Real(b.south), Value::Real(b.north)]);
            let lon = if b.west <= b.east { "e.lon BETWEEN ? AND ?" } else { "(e.lon >= ? OR e.lon <= ?)" };
            c.push(lon, [Value::Real(b.west), Value::Real(b.east)]);
        }
        if let Some(country) = &filter.country {
            c.push("e.country_code = ?", [Value::Text(country.to_ascii_uppercase())]);
        }
        if let Some(actor) = &filter.actor {
            c.push(
                "EXISTS (SELECT 1 FROM event_participants p
                         WHERE p.doc_seq = e.doc_seq AND p.ord = e.ord AND (p.name = ? OR p.entity_id = ?))",
                [Value::Text(actor.clone()), Value::Text(actor.clone())],
            );
        }
        if let Some(text) = &filter.text {
            let fts = fts_query(text).ok_or_else(|| Error::BadQuery {
                query: text.clone(),
                reason: "there is no word to search for".to_owned(),
            })?;
            c.push(
                "e.doc_seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
                [Value::Text(fts.into_owned())],
            );
        }
        if filter.exclude_background {
            c.push("NOT e.background", []);
        }
        Ok(c)
    }
}

/// The link overlay of one document: its links, its events' clusters, and
/// the days clusters give its events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentLinks {
    /// Story, duplicate and inferred date.
    pub links: Option<DocLinks>,
    /// Event id → cluster id.
    pub clusters: HashMap<String, String>,
    /// Event id → the day its cluster gives it.
    pub dates: HashMap<String, EventDate>,
}

impl Store {
    /// A number that changes with every write of documents, analyses or
    /// links (a re-analysis and a full relink included), so an aggregate
    /// over events stays valid while this stays the same.
    pub fn generation(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT n FROM generation", [], |r| r.get(0))?)
    }

    /// A handle that interrupts whatever query this store runs when called.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter(self.conn.get_interrupt_handle())
    }

    /// Up to `limit` events matching `filter` in storage order, after the
    /// cursor `after` (from a previous page's `next`).
    ///
    /// The page's keys are chosen first (from an index alone where the
    /// filter allows), and only its rows are joined with their documents.
    pub fn event_page(&self, filter: &EventFilter, after: Option<&str>, limit: usize) -> Result<Page<EventSummary>> {
        let mut c = Conditions::for_events(filter)?;
        if let Some(cursor) = after {
            let (seq, ord) = parse_event_cursor(cursor)?;
            c.push("(e.doc_seq, e.ord) > (?, ?)", [Value::Integer(seq), Value::Integer(ord)]);
        }
        c.params.push(Value::Integer(sql_count(limit)));
        let sql = format!(
            "SELECT e.doc_seq, e.ord, e.id, d.id, d.title, d.source, d.url, e.type, e.subtype, e.date,
                 e.date_precision, e.place_name, e.geonameid, e.lat, e.lon, e.country_code, e.crowd_min, e.crowd_max,
                 e.fatalities, e.injuries, e.background, e.confidence, ec.cluster_id
             FROM (SELECT e.doc_seq, e.ord FROM events e WHERE {} ORDER BY e.doc_seq, e.ord LIMIT ?) AS page
             JOIN events e ON e.doc_seq = page.doc_seq AND e.ord = page.ord
             JOIN documents d ON d.seq = e.doc_seq
             LEFT JOIN event_clusters ec ON ec.event_id = e.id
             ORDER BY e.doc_seq, e.ord",
            c.clause()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&c.params)).map_err(|e| text_error(filter, e))?;
        let mut items = Vec::new();
        let mut last = None;
        while let Some(row) = rows.next().map_err(|e| text_error(filter, e))? {
            last = Some((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?));
            items.push(event_summary(row)?);
        }
        let next = last.filter(|_| limit > 0 && items.len() == limit).map(|(seq, ord)| format!("{seq}.{ord}"));
        Ok(Page { items, next })
    }

    /// Events matching `filter` that have coordinates, grouped in cells of
    /// `cell_degrees` on a side.
    pub fn event_map(&self, filter: &EventFilter, cell_degrees: f64) -> Result<Vec<MapCell>> {
        let mut c = Conditions::for_events(filter)?;
        c.push("e.lat IS NOT NULL AND e.lon IS NOT NULL", []);
        let cell = if cell_degrees.is_finite() && cell_degrees > 0.0 { cell_degrees } else { 1.0 };
        let mut params = vec![Value::Real(cell), Value::Real(cell)];
        params.extend(c.params.iter().cloned());
        let sql = format!(
            "SELECT CAST((e.lat + 90.0) / ? AS INTEGER) AS gy, CAST((e.lon + 180.0) / ? AS INTEGER) AS gx, e.type,
                 count(*), coalesce(sum(e.crowd_min), 0), sum(e.lat), sum(e.lon), min(e.place_name)
             FROM events e WHERE {} GROUP BY gy, gx, e.type",
            c.clause()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&params)).map_err(|e| text_error(filter, e))?;
        struct Acc {
            cell: MapCell,
            lat_sum: f64,
            lon_sum: f64,
            top: u64,
        }
        let mut cells: HashMap<(i64, i64), Acc> = HashMap::new();
        while let Some(row) = rows.next().map_err(|e| text_error(filter, e))? {
            let key = (row.get(0)?, row.get(1)?);
            let kind: String = row.get(2)?;
            let n = count(row.get(3)?);
            let place: Option<String> = row.get(7)?;
            let acc = cells.entry(key).or_insert_with(|| Acc {
                cell: MapCell {
                    lat: 0.0,
                    lon: 0.0,
                    events: 0,
                    crowd: 0,
                    kind: kind.clone(),
                    types: BTreeMap::new(),
                    place: place.clone(),
                },
                lat_sum: 0.0,
                lon_sum: 0.0,
                top: 0,
            });
            acc.cell.events += n;
            acc.cell.crowd += count(row.get(4)?);
            acc.lat_sum += row.get::<_, f64>(5)?;
            acc.lon_sum += row.get::<_, f64>(6)?;
            if n > acc.top || (n == acc.top && kind < acc.cell.kind) {
                acc.top = n;
                acc.cell.kind.clone_from(&kind);
            }
            if place < acc.cell.place && place.is_some() || acc.cell.place.is_none() {
                acc.cell.place = place;
            }
            acc.cell.types.insert(kind, n);
        }
        let mut out: Vec<MapCell> = cells
            .into_values()
            .map(|mut acc| {
                let n = acc.cell.events.max(1) as f64;
                acc.cell.lat = acc.lat_sum / n;
                acc.cell.lon = acc.lon_sum / n;
                acc.cell
            })
            .collect();
        out.sort_by(|a, b| b.events.cmp(&a.events).then(a.lat.total_cmp(&b.lat)).then(a.lon.total_cmp(&b.lon)));
        Ok(out)
    }

    /// Events matching `filter` counted per period, earliest first; events
    /// whose date is coarser than the bucket (a month for a day bucket) are
    /// left out.
    pub fn event_timeline(&self, filter: &EventFilter, bucket: Bucket) -> Result<Vec<TimelineBucket>> {
        let mut c = Conditions::for_events(filter)?;
        let (len, pattern) = match bucket {
            Bucket::Day => (10, "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"),
            Bucket::Month => (7, "[0-9][0-9][0-9][0-9]-[0-9][0-9]*"),
            Bucket::Year => (4, "[0-9][0-9][0-9][0-9]*"),
        };
        c.push("e.date GLOB ?", [Value::Text(pattern.to_owned())]);
        let mut params = vec![Value::Integer(len)];
        params.extend(c.params.iter().cloned());
        let sql = format!(
            "SELECT substr(e.date, 1, ?) AS period, e.type, count(*) FROM events e WHERE {}
             GROUP BY period, e.type ORDER BY period",
            c.clause()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&params)).map_err(|e| text_error(filter, e))?;
        let mut out: Vec<TimelineBucket> = Vec::new();
        while let Some(row) = rows.next().map_err(|e| text_error(filter, e))? {
            let period: String = row.get(0)?;
            let n = count(row.get(2)?);
            if out.last().is_none_or(|b| b.period != period) {
                out.push(TimelineBucket { period, events: 0, types: BTreeMap::new() });
            }
            if let Some(b) = out.last_mut() {
                b.events += n;
                b.types.insert(row.get(1)?, n);
            }
        }
        Ok(out)
    }

    /// Up to `limit` documents in insertion order after the cursor `after`,
    /// only those matching the full-text query `text` when given.
    pub fn document_page(
        &self,
        text: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<DocumentSummary>> {
        let mut c = Conditions::default();
        if let Some(text) = text {
            let fts = fts_query(text).ok_or_else(|| Error::BadQuery {
                query: text.to_owned(),
                reason: "there is no word to search for".to_owned(),
            })?;
            c.push("d.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)", [Value::Text(fts.into())]);
        }
        if let Some(cursor) = after {
            c.push("d.seq > ?", [Value::Integer(parse_cursor(cursor)?)]);
        }
        c.params.push(Value::Integer(sql_count(limit)));
        let sql = format!(
            "SELECT d.seq, {DOCUMENT_COLUMNS} FROM documents d LEFT JOIN doc_links l ON l.doc_id = d.id
             WHERE {} ORDER BY d.seq LIMIT ?",
            c.clause()
        );
        let bad = |e| match text {
            Some(t) => query_error(t, e),
            None => Error::Sqlite(e),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&c.params)).map_err(bad)?;
        let mut items = Vec::new();
        let mut last = None;
        while let Some(row) = rows.next().map_err(bad)? {
            last = Some(row.get::<_, i64>(0)?);
            items.push(document_summary(row, 1)?);
        }
        let next = last.filter(|_| limit > 0 && items.len() == limit).map(|seq| seq.to_string());
        Ok(Page { items, next })
    }

    /// Listing rows of the documents with these ids, in the order given
    /// (ids not stored are left out).
    pub fn document_summaries(&self, ids: &[String]) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents d LEFT JOIN doc_links l ON l.doc_id = d.id WHERE d.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(summary) = stmt.query_row([id], |r| document_summary(r, 0)).optional()? {
                out.push(summary);
            }
        }
        Ok(out)
    }

    /// The link fields of one document, and the cluster of each of its clustered events.
    pub fn document_links(&self, id: &str) -> Result<DocumentLinks> {
        let mut stmt =
            self.conn.prepare_cached("SELECT story_id, duplicate_of, published FROM doc_links WHERE doc_id = ?1")?;
        let row: Option<(Option<String>, Option<String>, Option<String>)> =
            stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
        let links = row
            .map(|(story_id, duplicate_of, published)| -> Result<DocLinks> {
                let published =
                    published.map(|p| crate::sqlite::parse_date("doc_links", "published", &p)).transpose()?;
                Ok(DocLinks { doc_id: id.to_owned(), story_id, duplicate_of, published })
            })
            .transpose()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, ec.cluster_id FROM documents d JOIN events e ON e.doc_seq = d.seq
             JOIN event_clusters ec ON ec.event_id = e.id WHERE d.id = ?1",
        )?;
        let clusters = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let dates = self.event_dates_where(
            "SELECT e.id, ed.record FROM documents d JOIN events e ON e.doc_seq = d.seq
             JOIN event_dates ed ON ed.event_id = e.id WHERE d.id = ?1",
            [id],
        )?;
        Ok(DocumentLinks { links, clusters, dates })
    }

    /// Up to `limit` clusters in the linker's order after the cursor `after`;
    /// only those of `kind`, and only those with a disagreement when `disputed`.
    pub fn cluster_page(
        &self,
        kind: Option<EventType>,
        disputed: bool,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<ClusterRecord>> {
        let mut c = Conditions::default();
        if let Some(kind) = kind {
            c.push("json_extract(record, '$.type') = ?", [Value::Text(kind.as_str().to_owned())]);
        }
        if disputed {
            c.push("json_array_length(record, '$.disagreements') > 0", []);
        }
        self.record_page("clusters", "cluster", c, after, limit)
    }

    /// Up to `limit` stories in the linker's order after the cursor `after`.
    pub fn story_page(&self, after: Option<&str>, limit: usize) -> Result<Page<Story>> {
        self.record_page("stories", "story", Conditions::default(), after, limit)
    }

    /// The cluster with this id.
    pub fn cluster(&self, id: &str) -> Result<Option<ClusterRecord>> {
        self.record("SELECT record FROM clusters WHERE cluster_id = ?1", "cluster", id)
    }

    /// The story with this id.
    pub fn story(&self, id: &str) -> Result<Option<Story>> {
        self.record("SELECT record FROM stories WHERE story_id = ?1", "story", id)
    }

    fn record<T: serde::de::DeserializeOwned>(&self, sql: &str, what: &'static str, id: &str) -> Result<Option<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let record: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
        record
            .map(|r| serde_json::from_str(&r).map_err(|source| Error::Decode { what, id: id.to_owned(), source }))
            .transpose()
    }

    fn record_page<T: serde::de::DeserializeOwned>(
        &self,
        table: &'static str,
        what: &'static str,
        mut c: Conditions,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<T>> {
        if let Some(cursor) = after {
            c.push("ord > ?", [Value::Integer(parse_cursor(cursor)?)]);
        }
        c.params.push(Value::Integer(sql_count(limit)));
        let id_column = if table == "clusters" { "cluster_id" } else { "story_id" };
        let sql = format!("SELECT ord, {id_column}, record FROM {table} WHERE {} ORDER BY ord LIMIT ?", c.clause());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&c.params))?;
        let mut items = Vec::new();
        let mut last = None;
        while let Some(row) = rows.next()? {
            last = Some(row.get::<_, i64>(0)?);
            let (id, record): (String, String) = (row.get(1)?, row.get(2)?);
            items.push(serde_json::from_str(&record).map_err(|source| Error::Decode { what, id, source })?);
        }
        let next = last.filter(|_| limit > 0 && items.len() == limit).map(|ord| ord.to_string());
        Ok(Page { items, next })
    }
}

/// Columns of [`DocumentSummary`], from `documents d` left-joined with `doc_links l`.
const DOCUMENT_COLUMNS: &str = "d.id, d.title, d.source, d.url, coalesce(d.published, l.published), d.language, d.n_events, l.story_id, \
     l.duplicate_of";

fn document_summary(row: &Row<'_>, first: usize) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: row.get(first)?,
        title: row.get(first + 1)?,
        source: row.get(first + 2)?,
        url: row.get(first + 3)?,
        published: row.get(first + 4)?,
        language: row.get(first + 5)?,
        events: row.get(first + 6)?,
        story_id: row.get(first + 7)?,
        duplicate_of: row.get(first + 8)?,
    })
}

fn event_summary(row: &Row<'_>) -> rusqlite::Result<EventSummary> {
    Ok(EventSummary {
        id: row.get(2)?,
        document_id: row.get(3)?,
        title: row.get(4)?,
        source: row.get(5)?,
        url: row.get(6)?,
        kind: row.get(7)?,
        subtype: row.get(8)?,
        date: row.get(9)?,
        date_precision: row.get(10)?,
        place: row.get(11)?,
        geonameid: row.get(12)?,
        lat: row.get(13)?,
        lon: row.get(14)?,
        country_code: row.get(15)?,
        crowd_min: row.get(16)?,
        crowd_max: row.get(17)?,
        fatalities: row.get(18)?,
        injuries: row.get(19)?,
        background: row.get(20)?,
        confidence: row.get(21)?,
        cluster_id: row.get(22)?,
    })
}

/// A failed event query: the user's full-text query when there is one and
/// FTS5 rejected it, else a database error.
fn text_error(filter: &EventFilter, err: rusqlite::Error) -> Error {
    match &filter.text {
        Some(text) => query_error(text, err),
        None => Error::Sqlite(err),
    }
}

/// An event cursor: `SEQ.ORD`.
fn parse_event_cursor(cursor: &str) -> Result<(i64, i64)> {
    let bad = || Error::BadCursor { cursor: cursor.to_owned() };
    let (seq, ord) = cursor.split_once('.').ok_or_else(bad)?;
    Ok((seq.parse().map_err(|_| bad())?, ord.parse().map_err(|_| bad())?))
}

/// A listing cursor: a non-negative integer.
fn parse_cursor(cursor: &str) -> Result<i64> {
    cursor.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| Error::BadCursor { cursor: cursor.to_owned() })
}

/// An SQLite count as an unsigned count.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdocs::{TestResult, plain, protest};
    use dateline_core::{DatePrecision, EventDate, Links, Participant, Span};

    /// Three protests (Baghdad, Baghdad, Paris) and a plain document.
    fn store() -> std::result::Result<(tempfile::TempDir, Store), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("run.db"))?;
        let mut paris = protest("c", Some("2020-02-03"));
        for e in &mut paris.events {
            e.kind = EventType::Assault;
            e.subtype = "attack".into();
            if let Some(p) = e.place.as_mut() {
                (p.name, p.lat, p.lon, p.country_code) = ("Paris".into(), 48.85, 2.35, "FR".into());
            }
            e.actors.push(Participant {
                name: "Yellow Vests".into(),
                entity_id: Some("e-yellow".into()),
                role: None,
                group: None,
                span: Span::new(0, 7),
            });
        }
        store.insert_batch(&[
            protest("a", Some("2020-01-24")),
            protest("b", Some("2020-01-25")),
            paris,
            plain("d", "Nothing happened."),
        ])?;
        Ok((dir, store))
    }

    fn ids(page: &Page<EventSummary>) -> Vec<&str> {
        page.items.iter().map(|e| e.document_id.as_str()).collect()
    }

    #[test]
    fn filters_narrow_the_events() -> TestResult {
        let (_dir, store) = store()?;
        let all = EventFilter::default();
        assert_eq!(ids(&store.event_page(&all, None, 10)?), ["a", "b", "c"]);
        let by = |f: EventFilter| -> Result<Vec<String>> {
            Ok(ids(&store.event_page(&f, None, 10)?).into_iter().map(str::to_owned).collect())
        };
        assert_eq!(by(EventFilter { types: vec![EventType::Assault], ..all.clone() })?, ["c"]);
        assert_eq!(by(EventFilter { subtype: Some("peaceful protest".into()), ..all.clone() })?, ["a", "b"]);
        let day = |s: &str| s.parse::<Date>().ok();
        assert_eq!(by(EventFilter { from: day("2020-01-25"), ..all.clone() })?, ["b", "c"]);
        assert_eq!(by(EventFilter { to: day("2020-01-25"), ..all.clone() })?, ["a", "b"]);
        assert_eq!(by(EventFilter { country: Some("fr".into()), ..all.clone() })?, ["c"]);
        let europe = BBox { west: -10.0, south: 35.0, east: 30.0, north: 60.0 };
        assert_eq!(by(EventFilter { bbox: Some(europe), ..all.clone() })?, ["c"]);
        let across = BBox { west: 170.0, south: -90.0, east: 10.0, north: 90.0 };
        assert_eq!(by(EventFilter { bbox: Some(across), ..all.clone() })?, ["c"]);
        assert_eq!(by(EventFilter { actor: Some("yellow VESTS".into()), ..all.clone() })?, ["c"]);
        assert_eq!(by(EventFilter { actor: Some("e-yellow".into()), ..all.clone() })?, ["c"]);
        assert_eq!(by(EventFilter { text: Some("sadr".into()), to: day("2020-01-24"), ..all.clone() })?, ["a"]);
        let err = store.event_page(&EventFilter { text: Some("AND (".into()), ..all }, None, 10).err();
        assert!(matches!(err, Some(Error::BadQuery { .. })));
        Ok(())
    }

    #[test]
    fn cursors_walk_every_event_once() -> TestResult {
        let (_dir, store) = store()?;
        let all = EventFilter::default();
        let first = store.event_page(&all, None, 2)?;
        assert_eq!(ids(&first), ["a", "b"]);
        let second = store.event_page(&all, first.next.as_deref(), 2)?;
        assert_eq!(ids(&second), ["c"]);
        assert_eq!(second.next, None);
        for bad in ["x", "1", "1.x", ""] {
            assert!(matches!(store.event_page(&all, Some(bad), 2), Err(Error::BadCursor { .. })), "{bad}");
        }
        let docs = store.document_page(None, None, 3)?;
        assert_eq!(docs.items.len(), 3);
        let rest = store.document_page(None, docs.next.as_deref(), 3)?;
        assert_eq!(rest.items.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["d"]);
        assert_eq!(store.document_page(Some("happened"), None, 3)?.items.len(), 1);
        assert!(matches!(store.document_page(None, Some("-1"), 3), Err(Error::BadCursor { .. })));
        Ok(())
    }

    #[test]
    fn event_rows_take_the_cluster_day_and_give_it_back_on_relink() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("t.db"))?;
        store.insert_batch(&[protest("undated", None)])?;
        let date_of = |store: &Store| -> Result<Vec<Option<String>>> {
            Ok(store.event_page(&EventFilter::default(), None, 10)?.items.into_iter().map(|e| e.date).collect())
        };
        assert_eq!(date_of(&store)?, [None]);
        let day = EventDate { value: "2020-01-24".into(), precision: DatePrecision::Day, source: None };
        let links = Links { event_dates: vec![("undated#ev0".into(), day)], ..Links::default() };
        store.write_links(&links, b"")?;
        assert_eq!(date_of(&store)?, [Some("2020-01-24".to_owned())]);
        store.write_links(&Links::default(), b"")?;
        assert_eq!(date_of(&store)?, [None], "a relink without the cluster day restores the text's own");
        Ok(())
    }

    #[test]
    fn map_cells_and_timeline_aggregate() -> TestResult {
        let (_dir, mut store) = store()?;
        let generation = store.generation()?;
        let cells = store.event_map(&EventFilter::default(), 5.0)?;
        assert_eq!(cells.len(), 2);
        assert_eq!((cells[0].events, cells[0].crowd, cells[0].kind.as_str()), (2, 2000, "PROTEST"));
        assert!((cells[0].lat - 33.34).abs() < 1e-9);
        assert_eq!(cells[1].place.as_deref(), Some("Paris"));
        let days = store.event_timeline(&EventFilter::default(), Bucket::Day)?;
        let periods: Vec<(&str, u64)> = days.iter().map(|b| (b.period.as_str(), b.events)).collect();
        assert_eq!(periods, [("2020-01-24", 1), ("2020-01-25", 1), ("2020-02-03", 1)]);
        let months = store.event_timeline(&EventFilter::default(), Bucket::Month)?;
        assert_eq!(months.iter().map(|b| b.events).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(months[1].types.get("ASSAULT"), Some(&1));
        assert_eq!(store.generation()?, generation);
        store.insert_batch(&[plain("e", "Later.")])?;
        let added = store.generation()?;
        assert!(added > generation);
        store.write_links(&dateline_core::Links::default(), b"")?;
        let relinked = store.generation()?;
        assert!(relinked > added, "a relink adds no document but changes what aggregates read");
        store.replace_analysis(&[plain("e", "Later.")])?;
        assert!(store.generation()? > relinked);
        Ok(())
    }

    #[test]
    fn participants_are_backfilled_by_the_migration() -> TestResult {
        let (_dir, store) = store()?;
        store.conn.execute("DELETE FROM event_participants", [])?;
        store.conn.execute_batch(crate::schema::backfill_participants!())?;
        let n: i64 =
            store
                .conn
                .query_row("SELECT count(*) FROM event_participants WHERE name = 'yellow vests'", [], |r| r.get(0))?;
        assert_eq!(n, 1);
        Ok(())
    }
}
