use crate::layer::{EntityMention, Event, PlaceMention, TimeExpr, Token};
use crate::span::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One article: its metadata, its frozen clean text, and every annotation layer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The input id, or one derived from the content.
    pub id: String,
    /// Metadata found by ingest (title, url, source, publication date, ...).
    pub meta: Meta,
    text: String,
    /// Sentence spans, in order.
    pub sentences: Vec<Span>,
    /// Token spans, in order.
    pub tokens: Vec<Token>,
    /// Named-entity mentions with their canonical entity.
    pub entities: Vec<EntityMention>,
    /// Toponyms resolved to gazetteer entries.
    pub places: Vec<PlaceMention>,
    /// Time expressions normalized against the anchor.
    pub times: Vec<TimeExpr>,
    /// Events found in the document.
    pub events: Vec<Event>,
    /// The headline analysed as a text of its own (its tokens, entities and
    /// places, with offsets into the title): local news often names the city
    /// only there ("Man shot in West Philadelphia").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<Box<Document>>,
}

/// Where a document came from, for error messages and provenance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The input file (`-` for stdin).
    pub path: String,
    /// 1-based line (JSONL) or record (WARC) number inside the file.
    pub record: Option<u64>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.record {
            Some(n) => write!(f, "{}:{}", self.path, n),
            None => f.write_str(&self.path),
        }
    }
}

/// How the publication date was found (`published_from` in the record format).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublishedFrom {
    /// Given by the input record.
    Input,
    /// A metadata header in the text (` date 2023-10-20`, `Last Update: ...`).
    Header,
    /// HTML `<meta>` tags or JSON-LD.
    HtmlMeta,
    /// A date inside the URL path.
    Url,
    /// The dateline (`SALVADOR, Feb 26 -`).
    Dateline,
    /// Inferred from the document's story by the link stage.
    Story,
    /// Unknown.
    #[default]
    None,
}

impl PublishedFrom {
    /// The record-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedFrom::Input => "input",
            PublishedFrom::Header => "header",
            PublishedFrom::HtmlMeta => "html-meta",
            PublishedFrom::Url => "url",
            PublishedFrom::Dateline => "dateline",
            PublishedFrom::Story => "story",
            PublishedFrom::None => "none",
        }
    }
}

/// The city a wire story is filed from, and where it sits in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place as a name (`Baghdad` for `BAGHDAD`).
    pub place: String,
    /// Where the place name is in the clean text.
    pub span: Span,
}

/// Document metadata found by ingest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// URL the document was fetched from.
    pub url: Option<String>,
    /// `<link rel=canonical>` or `og:url`, when it differs from `url`.
    pub canonical_url: Option<String>,
    /// Publisher, e.g. `reuters.com` or `Kurdistan 24`.
    pub source: Option<String>,
    /// Publication date (the day; the time of day is kept in `published_time`).
    pub published: Option<Date>,
    /// The full timestamp as given, when the input had one.
    pub published_time: Option<String>,
    /// How `published` was found.
    pub published_from: PublishedFrom,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// The dateline city, when the text opens with one.
    pub dateline: Option<Dateline>,
    /// Byte offset where the article body begins: after metadata header
    /// lines, a title line and the dateline (0 when the text opens with its body).
    #[serde(default)]
    pub body_start: u32,
    /// Author or byline.
    pub author: Option<String>,
    /// The input this document came from.
    pub origin: Origin,
}

impl Document {
    /// A document with clean `text` and no annotations yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>, meta: Meta) -> Self {
        Document { id: id.into(), meta, text: text.into(), ..Document::default() }
    }

    /// The clean text, frozen after ingest.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text under `span`; empty when the span is out of range or splits a character.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The date relative expressions are resolved against: the publication date.
    pub fn anchor(&self) -> Option<Date> {
        self.meta.published
    }

    /// A stable 64-bit hash of the clean text, for "already stored" checks.
    pub fn content_hash(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.text.as_bytes())
    }

    /// The sentence that contains byte offset `at`, if any.
    pub fn sentence_at(&self, at: u32) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        self.sentences.get(i).copied().filter(|s| s.start <= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_never_panics_on_bad_spans() {
        let doc = Document::new("d", "Ça va", Meta::default());
        assert_eq!(doc.slice(Span::new(0, 2)), "Ç");
        assert_eq!(doc.slice(Span::new(0, 1)), "");
        assert_eq!(doc.slice(Span::new(3, 99)), "");
    }

    #[test]
    fn sentence_lookup() {
        let mut doc = Document::new("d", "One. Two.", Meta::default());
        doc.sentences = vec![Span::new(0, 4), Span::new(5, 9)];
        assert_eq!(doc.sentence_at(6), Some(Span::new(5, 9)));
        assert_eq!(doc.sentence_at(4), None);
    }

    #[test]
    fn published_from_spelling_matches_serde() {
        for p in [PublishedFrom::HtmlMeta, PublishedFrom::Story, PublishedFrom::None] {
            let json = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
    }
}
