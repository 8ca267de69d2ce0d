//! Full-text search over titles and clean text (SQLite FTS5).

use crate::error::{Error, Result};
use crate::sqlite::{Store, sql_count};
use rusqlite::{ErrorCode, params};
use serde::Serialize;
use std::borrow::Cow;

/// One document matching a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    /// The document's id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// The best-matching passage, matched terms in `[` `]`, cuts marked `…`.
    pub snippet: String,
    /// The FTS5 bm25 rank (title weighted twice the text): lower, that is
    /// more negative, is a better match.
    pub rank: f64,
}

impl Store {
    /// The `limit` documents that best match `query`, best first.
    ///
    /// Plain words must all occur; a word with punctuation matches as
    /// written (`al-Sadr`, `U.S.`, `2020-01-24`). A query using FTS5 syntax
    /// (`"exact phrase"`, `OR`, `NOT`, `NEAR(…)`, `prefix*`, `title:word`,
    /// parentheses) goes to FTS5 as is. A query FTS5 cannot parse, or one
    /// without any word, is an [`Error::BadQuery`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let fts = fts_query(query).ok_or_else(|| Error::BadQuery {
            query: query.to_owned(),
            reason: "there is no word to search for".to_owned(),
        })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, hit.snippet, hit.rank
             FROM (SELECT rowid, snippet(documents_fts, -1, '[', ']', '…', 24) AS snippet, rank
                   FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2) AS hit
             JOIN documents d ON d.seq = hit.rowid
             ORDER BY hit.rank",
        )?;
        let bad_query = |err| query_error(query, err);
        let rows = stmt
            .query_map(params![fts, sql_count(limit)], |r| {
                Ok(SearchHit { id: r.get(0)?, title: r.get(1)?, snippet: r.get(2)?, rank: r.get(3)? })
            })
            .map_err(bad_query)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(bad_query)
    }
}

/// The FTS5 query for what the user typed: as is when it uses FTS5 syntax,
/// else each word quoted as a phrase, so that FTS5 reads `al-Sadr` as the
/// phrase `al sadr` rather than a column filter. `None` when there is no word.
pub(crate) fn fts_query(query: &str) -> Option<Cow<'_, str>> {
    let syntax = query.contains(['"', '(', ')', '*', ':', '^', '+'])
        || query.split_whitespace().any(|w| matches!(w, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return Some(Cow::Borrowed(query));
    }
    let words: Vec<String> =
        query.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| Cow::Owned(words.join(" ")))
}

/// FTS5 reports a query it cannot parse as a plain `SQLITE_ERROR` while the
/// (already prepared) statement runs; that is the user's query, not us.
pub(crate) fn query_error(query: &str, err: rusqlite::Error) -> Error {
    match err {
        rusqlite::Error::SqliteFailure(e, reason) if e.code == ErrorCode::Unknown => {
            let reason = reason.unwrap_or_else(|| e.to_string());
            let reason = reason.strip_prefix("fts5: ").unwrap_or(&reason).to_owned();
            Error::BadQuery { query: query.to_owned(), reason }
        }
        err => Error::Sqlite(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdocs::{TestResult, plain, protest};

    fn store_with(
        docs: &[dateline_core::Document],
    ) -> std::result::Result<(tempfile::TempDir, Store), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("run.db"))?;
        store.insert_batch(docs)?;
        Ok((dir, store))
    }

    #[test]
    fn finds_words_in_text_and_title_best_first() -> TestResult {
        let (_dir, store) = store_with(&[
            plain("a", "Talks about the budget went on."),
            protest("b", Some("2020-01-24")),
            plain("c", "Supporters rallied again; the supporters said they would stay."),
        ])?;
        let hits = store.search("supporters", 10)?;
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&"b") && ids.contains(&"c"));
        assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank));
        let b = hits.iter().find(|h| h.id == "b");
        assert_eq!(b.and_then(|h| h.title.clone()), Some("Thousands rally in Baghdad".to_owned()));
        assert!(b.is_some_and(|h| h.snippet.contains("[supporters]")));
        // A title-only word.
        assert_eq!(store.search("rally", 10)?.len(), 1);
        // Diacritics and case fold.
        assert_eq!(store.search("BAGHDÄD", 10)?.len(), 1);
        assert!(store.search("zebra", 10)?.is_empty());
        Ok(())
    }

    #[test]
    fn limit_caps_the_hits() -> TestResult {
        let docs: Vec<_> = (0..20).map(|i| plain(&format!("d{i}"), "protest in the square")).collect();
        let (_dir, store) = store_with(&docs)?;
        assert_eq!(store.search("protest", 5)?.len(), 5);
        assert!(store.search("protest", 0)?.is_empty());
        Ok(())
    }

    #[test]
    fn fts_syntax_is_supported() -> TestResult {
        let (_dir, store) = store_with(&[protest("b", Some("2020-01-24")), plain("c", "Sadr was away.")])?;
        assert_eq!(store.search("\"Moqtada al-Sadr\"", 10)?.len(), 1);
        assert_eq!(store.search("sadr NOT thousands", 10)?.len(), 1);
        assert_eq!(store.search("thous*", 10)?.len(), 1);
        assert_eq!(store.search("title:baghdad", 10)?.len(), 1);
        Ok(())
    }

    #[test]
    fn words_with_punctuation_match_as_written() -> TestResult {
        let mut dated = plain("d", "On 2020-01-24 the U.S. embassy was hit; Sadr's men denied it.");
        dated.meta.title = None;
        let (_dir, store) = store_with(&[protest("b", None), dated])?;
        let ids = |q: &str| -> Result<Vec<String>> { Ok(store.search(q, 10)?.into_iter().map(|h| h.id).collect()) };
        assert_eq!(ids("al-Sadr")?, ["b"]);
        assert_eq!(ids("Moqtada al-Sadr gathered")?, ["b"]);
        assert_eq!(ids("Sadr's")?, ["d"]);
        assert_eq!(ids("U.S. embassy")?, ["d"]);
        assert_eq!(ids("2020-01-24")?, ["d"]);
        assert_eq!(ids("al-Sadr – embassy")?, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn plain_words_are_quoted_and_syntax_is_kept() {
        assert_eq!(fts_query("al-Sadr  U.S.").as_deref(), Some("\"al-Sadr\" \"U.S.\""));
        assert_eq!(fts_query("sadr OR sistani").as_deref(), Some("sadr OR sistani"));
        assert_eq!(fts_query("title:baghdad").as_deref(), Some("title:baghdad"));
        assert_eq!(fts_query(" – & "), None);
        assert_eq!(fts_query(""), None);
    }

    #[test]
    fn bad_query_is_a_user_error() -> TestResult {
        let (_dir, store) = store_with(&[plain("a", "text")])?;
        for query in ["AND (", "\"unbalanced", "nosuchcolumn:word", "a OR", "*", "   ", "--"] {
            let err = store.search(query, 10).err();
            assert!(matches!(&err, Some(Error::BadQuery { query: q, .. }) if q == query), "{query}: {err:?}");
            assert!(err.is_some_and(|e| e.is_user_error()));
        }
        Ok(())
    }
}
