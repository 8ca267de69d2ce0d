//! Corpus counts (`dateline stats`) and the entity table.

use crate::error::{Error, Result};
use crate::sqlite::{Store, parse_date, sql_count};
use dateline_core::{EntityLabel, EventType};
use jiff::civil::Date;
use serde::Serialize;

/// What a database holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Documents stored.
    pub documents: u64,
    /// Documents not yet covered by the link overlay.
    pub unlinked: u64,
    /// Events in all documents.
    pub events: u64,
    /// Events per type, most first.
    pub events_by_type: Vec<(EventType, u64)>,
    /// Events reported as earlier context.
    pub background_events: u64,
    /// Distinct canonical entities (entity ids).
    pub entities: u64,
    /// Entity mentions in all documents.
    pub entity_mentions: u64,
    /// Place mentions in all documents.
    pub places: u64,
    /// Time expressions in all documents.
    pub times: u64,
    /// Event clusters.
    pub clusters: u64,
    /// Stories.
    pub stories: u64,
    /// Documents that are near-duplicates of an earlier one.
    pub duplicates: u64,
    /// Documents per detected language, most first (documents without one are not listed).
    pub languages: Vec<(String, u64)>,
    /// The earliest publication date (the document's own, else the one
    /// inferred from its story).
    pub published_first: Option<Date>,
    /// The latest publication date.
    pub published_last: Option<Date>,
    /// Documents without any publication date.
    pub undated: u64,
}

/// One canonical entity and how widely it is mentioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityRow {
    /// Corpus-wide entity id.
    pub entity_id: String,
    /// Canonical name (as first stored).
    pub canonical: String,
    /// Label.
    pub label: EntityLabel,
    /// Actor type (CAMEO role: GOV, MIL, REB, REL, ...) where known.
    pub actor_type: Option<String>,
    /// Distinct spellings in the texts, most used first.
    pub aliases: Vec<String>,
    /// Documents that mention it.
    pub documents: u64,
    /// Mentions in all documents.
    pub mentions: u64,
}

impl Store {
    /// Counts over the whole database.
    pub fn stats(&self) -> Result<Stats> {
        let mut stats = Stats::default();
        (stats.documents, stats.entity_mentions, stats.places, stats.times, stats.events) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(n_entities), 0), coalesce(sum(n_places), 0), coalesce(sum(n_times), 0),
                 coalesce(sum(n_events), 0)
             FROM documents",
            [],
            |r| Ok((count(r.get(0)?), count(r.get(1)?), count(r.get(2)?), count(r.get(3)?), count(r.get(4)?))),
        )?;
        stats.unlinked = self.count("SELECT count(*) FROM documents WHERE linked = 0")?;
        stats.background_events = self.count("SELECT count(*) FROM events WHERE background")?;
        stats.entities = self.count("SELECT count(*) FROM entities")?;
        stats.clusters = self.count("SELECT count(*) FROM clusters")?;
        stats.stories = self.count("SELECT count(*) FROM stories")?;
        stats.duplicates = self.count("SELECT count(*) FROM doc_links WHERE duplicate_of IS NOT NULL")?;
        let mut stmt = self.conn.prepare("SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let name: String = row.get(0)?;
            let kind = EventType::parse(&name).ok_or_else(|| corrupt("events", "type", &name))?;
            stats.events_by_type.push((kind, count(row.get(1)?)));
        }
        let mut stmt = self.conn.prepare(
            "SELECT language, count(*) FROM documents WHERE language IS NOT NULL GROUP BY language ORDER BY 2 DESC, 1",
        )?;
        stats.languages =
            stmt.query_map([], |r| Ok((r.get(0)?, count(r.get(1)?))))?.collect::<rusqlite::Result<_>>()?;
        let (first, last, undated): (Option<String>, Option<String>, i64) = self.conn.query_row(
            "SELECT min(p), max(p), coalesce(sum(p IS NULL), 0)
             FROM (SELECT coalesce(d.published, l.published) AS p
                   FROM documents d LEFT JOIN doc_links l ON l.doc_id = d.id)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        stats.published_first = first.map(|d| parse_date("documents", "published", &d)).transpose()?;
        stats.published_last = last.map(|d| parse_date("documents", "published", &d)).transpose()?;
        stats.undated = count(undated);
        Ok(stats)
    }

    /// The `top` entities mentioned in the most documents (then the most
    /// mentions, then by name), with their spellings.
    pub fn entities(&self, top: usize) -> Result<Vec<EntityRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.entity_id, e.canonical, e.label, count(DISTINCT m.doc_seq) AS docs, sum(m.n) AS n, e.actor_type
             FROM mentions m JOIN entities e ON e.entity_id = m.entity_id
             GROUP BY m.entity_id
             ORDER BY docs DESC, n DESC, e.canonical, e.entity_id
             LIMIT ?1",
        )?;
        let mut aliases = self.conn.prepare(
            "SELECT surface FROM mentions WHERE entity_id = ?1 GROUP BY surface ORDER BY sum(n) DESC, surface",
        )?;
        let mut rows = stmt.query([sql_count(top)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let entity_id: String = row.get(0)?;
            let label: String = row.get(2)?;
            let label = parse_label(&label).ok_or_else(|| corrupt("entities", "label", &label))?;
            let names = aliases.query_map([&entity_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            out.push(EntityRow {
                canonical: row.get(1)?,
                label,
                actor_type: row.get(5)?,
                aliases: names,
                documents: count(row.get(3)?),
                mentions: count(row.get(4)?),
                entity_id,
            });
        }
        Ok(out)
    }

    fn count(&self, sql: &str) -> Result<u64> {
        Ok(count(self.conn.query_row(sql, [], |r| r.get(0))?))
    }
}

/// An SQLite count as an unsigned count.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn parse_label(s: &str) -> Option<EntityLabel> {
    [EntityLabel::Per, EntityLabel::Org, EntityLabel::Loc, EntityLabel::Norp, EntityLabel::Misc]
        .into_iter()
        .find(|l| l.as_str() == s)
}

fn corrupt(table: &'static str, column: &'static str, value: &str) -> Error {
    Error::Corrupt { table, column, value: value.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdocs::{TestResult, plain, protest};
    use dateline_core::{DocLinks, Links, entity_id_for};

    #[test]
    fn counts_everything() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("run.db"))?;
        assert_eq!(store.stats()?, Stats::default());
        let mut french = plain("f", "Bonjour.");
        french.meta.language = Some("fr".into());
        let mut unknown = plain("u", "???");
        unknown.meta.language = None;
        store.insert_batch(&[
            protest("a", Some("2020-01-24")),
            protest("b", Some("2020-01-20")),
            protest("c", None),
            french,
            unknown,
        ])?;
        let story = |doc_id: &str, duplicate_of: Option<&str>, published: Option<&str>| DocLinks {
            doc_id: doc_id.into(),
            story_id: Some("s-1".into()),
            duplicate_of: duplicate_of.map(Into::into),
            published: published.and_then(|p| p.parse().ok()),
        };
        let links = Links {
            documents: vec![story("a", None, None), story("b", Some("a"), None), story("c", None, Some("2020-01-26"))],
            ..Links::default()
        };
        store.write_links(&links, b"")?;
        let stats = store.stats()?;
        let date = |s: &str| s.parse::<Date>().ok();
        assert_eq!(
            stats,
            Stats {
                documents: 5,
                unlinked: 2,
                events: 3,
                events_by_type: vec![(EventType::Protest, 3)],
                background_events: 0,
                entities: 2,
                entity_mentions: 9,
                places: 3,
                times: 3,
                clusters: 0,
                stories: 0,
                duplicates: 1,
                languages: vec![("en".into(), 3), ("fr".into(), 1)],
                published_first: date("2020-01-20"),
                published_last: date("2020-01-26"),
                undated: 2,
            }
        );
        Ok(())
    }

    #[test]
    fn entities_rank_by_documents_with_their_spellings() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("run.db"))?;
        let mut only_baghdad = protest("c", None);
        only_baghdad.entities.truncate(1);
        store.insert_batch(&[protest("a", None), protest("b", None), only_baghdad])?;
        let rows = store.entities(10)?;
        assert_eq!(
            rows,
            [
                EntityRow {
                    entity_id: entity_id_for(EntityLabel::Loc, "Baghdad"),
                    canonical: "Baghdad".into(),
                    label: EntityLabel::Loc,
                    actor_type: None,
                    aliases: vec!["BAGHDAD".into()],
                    documents: 3,
                    mentions: 3,
                },
                EntityRow {
                    entity_id: entity_id_for(EntityLabel::Per, "Muqtada al-Sadr"),
                    canonical: "Muqtada al-Sadr".into(),
                    label: EntityLabel::Per,
                    actor_type: Some("REL".into()),
                    aliases: vec!["Moqtada al-Sadr".into(), "Sadr".into()],
                    documents: 2,
                    mentions: 4,
                },
            ]
        );
        assert_eq!(store.entities(1)?.len(), 1);
        assert!(store.entities(0)?.is_empty());
        Ok(())
    }
}
