//! Reads articles (text, HTML, JSONL, WARC, gzip), cleans them and finds their metadata.
//!
//! Three steps, so that reading streams and the CPU-bound part runs in parallel:
//! [`discover`] expands paths into [`Input`]s, [`read_input`] streams [`RawDoc`]s out
//! of one input, and [`prepare`] turns each into a [`dateline_core::Document`]: clean
//! text plus metadata (title, url, source, publication date and where it came from,
//! dateline, author, language). A bad record is an [`IngestError`] naming the file,
//! line or record and the reason; the records around it still come through.
//!
//! # Example
//!
//! ```
//! use dateline_ingest::{Content, IngestConfig, RawDoc, prepare};
//! use dateline_core::{Origin, PublishedFrom};
//!
//! let text = " date 2023-10-20 BAGHDAD :Hundreds of supporters of Iraqi paramilitary groups gathered on Friday.";
//! let raw = RawDoc::new(Origin { path: "000.txt".into(), record: None }, Some("000".into()), Content::Text(text.into()));
//! let doc = prepare(raw, &IngestConfig::default()).unwrap();
//! assert_eq!(doc.text(), text);
//! assert_eq!(doc.meta.published.map(|d| d.to_string()).as_deref(), Some("2023-10-20"));
//! assert_eq!(doc.meta.published_from, PublishedFrom::Header);
//! let dateline = doc.meta.dateline.clone().unwrap();
//! assert_eq!((dateline.place.as_str(), doc.slice(dateline.span)), ("Baghdad", "BAGHDAD"));
//! assert_eq!(doc.meta.language.as_deref(), Some("en"));
//! ```

mod date_line;
mod dateline;
mod decode;
mod error;
mod html;
mod input;
mod jsonl;
mod language;
mod published;
mod text;
mod warc;

pub use error::{ErrorKind, IngestError, Result};
pub use input::{Format, IngestConfig, Input, discover, read_input};

use dateline_core::{Document, Meta, Origin, PublishedFrom};

/// One record as read, before cleaning.
#[derive(Clone, Debug, PartialEq)]
pub struct RawDoc {
    /// Where it came from.
    pub origin: Origin,
    /// The input's id (file stem, JSONL `id`, WARC record id); derived from the content when `None`.
    pub id: Option<String>,
    /// The article.
    pub content: Content,
    /// URL the input gives.
    pub url: Option<String>,
    /// Title the input gives.
    pub title: Option<String>,
    /// Publisher the input gives.
    pub source: Option<String>,
    /// Publication date or date-time the input gives, as written.
    pub published: Option<String>,
}

impl RawDoc {
    /// A record with only its origin, id and content.
    pub fn new(origin: Origin, id: Option<String>, content: Content) -> Self {
        RawDoc { origin, id, content, url: None, title: None, source: None, published: None }
    }
}

/// An article's content as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// Plain text: kept unchanged as the clean text.
    Text(String),
    /// An HTML page: its main text is extracted.
    Html(String),
}

impl Content {
    /// The raw content.
    pub fn as_str(&self) -> &str {
        match self {
            Content::Text(s) | Content::Html(s) => s,
        }
    }
}

/// Cleans one record and finds its metadata. Pure and CPU-bound: call it in parallel.
///
/// Plain text is kept unchanged (offsets stay valid); HTML is reduced to its main
/// text, paragraphs separated by blank lines. Publication dates are taken from the
/// input, else a header in the text or the HTML metadata, else the URL.
pub fn prepare(raw: RawDoc, cfg: &IngestConfig) -> Result<Document> {
    let fail = |kind| Err(IngestError::new(raw.origin.clone(), kind));
    let content = raw.content.as_str();
    let limit = cfg.max_document_bytes as u64;
    if content.len() as u64 > limit {
        return fail(ErrorKind::TooLarge { size: content.len() as u64, limit });
    }
    if is_binary(content) {
        return fail(ErrorKind::Binary);
    }
    let id = raw
        .id
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| format!("doc-{:016x}", xxhash_rust::xxh3::xxh3_64(content.as_bytes())));
    let mut meta = Meta {
        title: raw.title.filter(|t| !t.trim().is_empty()),
        url: raw.url.filter(|u| !u.trim().is_empty()),
        source: raw.source.filter(|s| !s.trim().is_empty()),
        origin: raw.origin,
        ..Meta::default()
    };
    if let Some((date, time)) = raw.published.as_deref().and_then(published::parse_published) {
        meta.published = Some(date);
        meta.published_time = time;
        meta.published_from = PublishedFrom::Input;
    }
    let text = match raw.content {
        Content::Text(text) => text,
        Content::Html(html) => {
            let page = html::clean(&html, meta.url.as_deref());
            apply_page(&mut meta, page.title, page.canonical_url, page.site_name, page.author);
            set_published(&mut meta, page.published, PublishedFrom::HtmlMeta);
            page.text
        }
    };
    if text.trim().is_empty() {
        return Err(IngestError::new(meta.origin, ErrorKind::EmptyDocument));
    }
    let found = text::text_meta(&text);
    set_published(&mut meta, found.published, PublishedFrom::Header);
    meta.title = meta.title.or(found.title);
    meta.source = meta.source.or(found.source).or(found.dateline_agency);
    meta.author = meta.author.or(found.author);
    meta.dateline = found.dateline;
    meta.body_start = u32::try_from(found.body_start).unwrap_or(0);
    if meta.published.is_none()
        && let Some(date) = meta.url.as_deref().and_then(published::url_date)
    {
        meta.published = Some(date);
        meta.published_from = PublishedFrom::Url;
    }
    if meta.source.is_none() {
        meta.source = meta.url.as_deref().and_then(host);
    }
    meta.language = language::detect(&text).map(str::to_string);
    Ok(Document::new(id, text, meta))
}

/// Page metadata into `meta`, where the input gave none.
fn apply_page(
    meta: &mut Meta,
    title: Option<String>,
    canonical: Option<String>,
    site_name: Option<String>,
    author: Option<String>,
) {
    meta.title = meta.title.take().or(title);
    meta.source = meta.source.take().or(site_name);
    meta.author = meta.author.take().or(author);
    match (&meta.url, canonical) {
        (None, Some(canonical)) => meta.url = Some(canonical),
        (Some(url), Some(canonical)) if *url != canonical => meta.canonical_url = Some(canonical),
        _ => {}
    }
}

/// Sets the publication date when none is known yet.
fn set_published(meta: &mut Meta, found: Option<(jiff::civil::Date, Option<String>)>, from: PublishedFrom) {
    if meta.published.is_none()
        && let Some((date, time)) = found
    {
        meta.published = Some(date);
        meta.published_time = time;
        meta.published_from = from;
    }
}

/// The host of a URL without `www.`.
fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// NUL characters, or mostly control characters (in the first 64 KiB).
fn is_binary(text: &str) -> bool {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return true;
    }
    let (mut total, mut control) = (0usize, 0usize);
    for ch in text.chars().take(64 * 1024) {
        total += 1;
        if (ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\u{c}')) || ch == '\u{fffd}' {
            control += 1;
        }
    }
    total > 0 && control * 10 > total * 3
}

/// A regex from a pattern in this crate's source.
fn regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern:?}: {e}"))
}

/// A bytes regex from a pattern in this crate's source.
fn bytes_regex(pattern: &str) -> regex::bytes::Regex {
    regex::bytes::Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use jiff::civil::date;
    use std::io::Write;
    use std::path::{Path, PathBuf};

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    /// Every record of a file: documents and errors, in order.
    fn read_all(path: &Path, cfg: &IngestConfig) -> Vec<Result<Document>> {
        let (inputs, errors) = discover(&[path.to_path_buf()]);
        let mut out: Vec<Result<Document>> = errors.into_iter().map(Err).collect();
        for input in inputs {
            out.extend(read_input(&input, cfg).map(|raw| raw.and_then(|raw| prepare(raw, cfg))));
        }
        out
    }

    fn docs_and_errors(results: Vec<Result<Document>>) -> (Vec<Document>, Vec<IngestError>) {
        let (mut docs, mut errors) = (Vec::new(), Vec::new());
        for r in results {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e),
            }
        }
        (docs, errors)
    }

    fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(bytes)?;
        gz.finish()
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/test/fixtures").join(name)
    }

    fn seed(stem: &str) -> std::result::Result<Document, Box<dyn std::error::Error>> {
        let path = fixture(&format!("{stem}.txt"));
        let mut results = read_all(&path, &IngestConfig::default());
        let doc = results.pop().ok_or("no record")??;
        assert_eq!(doc.text(), std::fs::read_to_string(&path)?, "plain text must stay unchanged");
        assert_eq!(doc.id, stem);
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
        Ok(doc)
    }

    #[test]
    fn seed_000_header_date_and_glued_dateline() -> TestResult {
        let doc = seed("000_7d32de2e1b87edd5")?;
        assert_eq!(doc.meta.published, Some(date(2023, 10, 20)));
        assert_eq!(doc.meta.published_from, PublishedFrom::Header);
        let dateline = doc.meta.dateline.clone().ok_or("no dateline")?;
        assert_eq!(dateline.place, "Baghdad");
        assert_eq!(doc.slice(dateline.span), "BAGHDAD");
        assert_eq!(dateline.span.start, 17);
        assert_eq!(doc.meta.title, None);
        Ok(())
    }

    #[test]
    fn seed_001_html_in_text_has_no_date_or_dateline() -> TestResult {
        let doc = seed("001_76dcea6e98bd051b")?;
        assert_eq!((doc.meta.published, doc.meta.published_from), (None, PublishedFrom::None));
        assert_eq!(doc.meta.dateline, None);
        assert_eq!(doc.meta.title, None);
        assert!(doc.text().starts_with("<a href="));
        Ok(())
    }

    #[test]
    fn seed_002_header_date_no_dateline() -> TestResult {
        let doc = seed("002_97b6f26d02a9d695")?;
        assert_eq!(doc.meta.published, Some(date(2020, 1, 24)));
        assert_eq!(doc.meta.published_from, PublishedFrom::Header);
        assert_eq!(doc.meta.dateline, None);
        Ok(())
    }

    #[test]
    fn seed_003_title_update_line_source_and_dateline() -> TestResult {
        let doc = seed("003_339f728686f94fd6")?;
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Thousands of Sadr, militia supporters attend anti-US march in Baghdad")
        );
        assert_eq!(doc.meta.published, Some(date(2020, 1, 25)));
        assert_eq!(doc.meta.published_from, PublishedFrom::Header);
        assert_eq!(doc.meta.published_time.as_deref(), Some("2020-01-25 00:00:00"));
        assert_eq!(doc.meta.source.as_deref(), Some("Kurdistan 24"));
        let dateline = doc.meta.dateline.clone().ok_or("no dateline")?;
        assert_eq!((dateline.place.as_str(), doc.slice(dateline.span)), ("Erbil", "ERBIL"));
        Ok(())
    }

    #[test]
    fn seed_004_trusts_the_header_over_the_caption() -> TestResult {
        let doc = seed("004_9af599180e7d21e3")?;
        assert_eq!(doc.meta.published, Some(date(2020, 1, 24)));
        assert_eq!(doc.meta.published_from, PublishedFrom::Header);
        assert_eq!(doc.meta.dateline, None);
        assert_eq!(doc.meta.author.as_deref(), Some("martyrashrakat"));
        assert_eq!(doc.meta.title, None);
        Ok(())
    }

    #[test]
    fn jsonl_good_and_bad_lines() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("docs.jsonl");
        let mut bytes = Vec::new();
        bytes.extend_from_slice(br#"{"id": "r-1", "text": "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone.", "published": "1987-02-26", "title": "BAHIA COCOA REVIEW"}"#);
        bytes.extend_from_slice(b"\n{not json\n\n[1, 2]\n");
        bytes.extend_from_slice(b"{\"text\": \"caf\xe9 in Paris\"}\n");
        bytes.extend_from_slice(b"{\"id\": \"r-5\", \"title\": \"no body\"}\n");
        bytes.extend_from_slice(br#"{"id": 6, "html": "<html><body><article><p>Protesters gathered outside the parliament building in the capital on Sunday.</p></article></body></html>", "url": "https://www.example.org/2020/01/26/protest"}"#);
        bytes.extend_from_slice(b"\r\n{\"text\": \"No id here, so one is derived from the content.\"}");
        std::fs::write(&path, bytes)?;
        let (docs, errors) = docs_and_errors(read_all(&path, &IngestConfig::default()));
        let reasons: Vec<_> = errors.iter().map(|e| (e.origin.record, e.kind.label())).collect();
        assert_eq!(
            reasons,
            [
                (Some(2), "invalid-json"),
                (Some(4), "invalid-json"),
                (Some(5), "invalid-utf8"),
                (Some(6), "missing-text")
            ]
        );
        let p = path.display();
        assert!(errors[0].to_string().starts_with(&format!("{p}:2: invalid JSON")), "{}", errors[0]);
        assert_eq!(errors[1].to_string(), format!("{p}:4: invalid JSON: not a JSON object"));
        assert_eq!(errors[2].to_string(), format!("{p}:5: invalid UTF-8 at byte 13"));

        assert_eq!(docs.len(), 3);
        let reuters = &docs[0];
        assert_eq!((reuters.id.as_str(), reuters.meta.published), ("r-1", Some(date(1987, 2, 26))));
        assert_eq!(reuters.meta.published_from, PublishedFrom::Input);
        assert_eq!(reuters.meta.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(reuters.meta.dateline.as_ref().map(|d| d.place.as_str()), Some("Salvador"));
        assert_eq!(reuters.meta.origin.record, Some(1));

        let page = &docs[1];
        assert_eq!(page.id, "6");
        assert_eq!(page.text(), "Protesters gathered outside the parliament building in the capital on Sunday.");
        assert_eq!((page.meta.published, page.meta.published_from), (Some(date(2020, 1, 26)), PublishedFrom::Url));
        assert_eq!(page.meta.source.as_deref(), Some("example.org"));

        let derived = &docs[2];
        let expected = format!("doc-{:016x}", xxhash_rust::xxh3::xxh3_64(derived.text().as_bytes()));
        assert_eq!(derived.id, expected);
        Ok(())
    }

    #[test]
    fn jsonl_gz_truncated_keeps_earlier_records() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut plain = String::new();
        for i in 0..200 {
            plain.push_str(&format!(
                "{{\"id\": \"d{i}\", \"text\": \"Record number {i} of a compressed file, with some words in it.\"}}\n"
            ));
        }
        let gz = gzip(plain.as_bytes())?;
        let whole = dir.path().join("whole.jsonl.gz");
        std::fs::write(&whole, &gz)?;
        let (docs, errors) = docs_and_errors(read_all(&whole, &IngestConfig::default()));
        assert_eq!((docs.len(), errors.len()), (200, 0));

        let cut = dir.path().join("cut.jsonl.gz");
        std::fs::write(&cut, gz.get(..gz.len() / 2).ok_or("short")?)?;
        let (docs, errors) = docs_and_errors(read_all(&cut, &IngestConfig::default()));
        assert!(!docs.is_empty() && docs.len() < 200, "{} docs", docs.len());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind.label(), "truncated-gzip");
        assert_eq!(errors[0].origin.record, Some(docs.len() as u64 + 1));
        assert!(errors[0].to_string().starts_with(&format!("{}:{}: truncated gzip", cut.display(), docs.len() + 1)));
        Ok(())
    }

    #[test]
    fn a_20_mb_line_is_too_large_and_the_next_line_still_comes() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.jsonl");
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        file.write_all(b"{\"id\": \"big\", \"text\": \"")?;
        let chunk = "word ".repeat(1024 * 1024 / 5);
        for _ in 0..20 {
            file.write_all(chunk.as_bytes())?;
        }
        file.write_all(b"\"}\n{\"id\": \"small\", \"text\": \"A small document after the big one.\"}\n")?;
        file.flush()?;
        drop(file);
        let (docs, errors) = docs_and_errors(read_all(&path, &IngestConfig::default()));
        assert_eq!(docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["small"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind.label(), "too-large");
        assert_eq!(
            errors[0].to_string(),
            format!("{}:1: document too large: 20.0 MB over the 8.0 MB limit", path.display())
        );
        Ok(())
    }

    #[test]
    fn too_large_text_file_and_record() -> TestResult {
        let dir = tempfile::tempdir()?;
        let cfg = IngestConfig { max_document_bytes: 100 };
        let path = dir.path().join("long.txt");
        std::fs::write(&path, "x ".repeat(100))?;
        let (_, errors) = docs_and_errors(read_all(&path, &cfg));
        assert_eq!(errors.iter().map(|e| e.kind.label()).collect::<Vec<_>>(), ["too-large"]);
        let raw = RawDoc::new(Origin::default(), None, Content::Html("<p>x</p>".repeat(20)));
        assert_eq!(prepare(raw, &cfg).err().map(|e| e.kind.label()), Some("too-large"));
        Ok(())
    }

    #[test]
    fn binary_garbage_is_rejected() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("garbage.txt");
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        std::fs::write(&path, garbage)?;
        let (docs, errors) = docs_and_errors(read_all(&path, &IngestConfig::default()));
        assert!(docs.is_empty());
        assert_eq!(errors.iter().map(|e| e.kind.label()).collect::<Vec<_>>(), ["binary"]);
        assert!(errors[0].to_string().starts_with(&format!("{}: binary", path.display())));
        let controls =
            RawDoc::new(Origin::default(), None, Content::Text("\u{1}\u{2}\u{3}ab\u{4}\u{5}\u{6}\u{7}".into()));
        assert_eq!(prepare(controls, &IngestConfig::default()).err().map(|e| e.kind.label()), Some("binary"));
        Ok(())
    }

    #[test]
    fn empty_documents_are_rejected() -> TestResult {
        let dir = tempfile::tempdir()?;
        let txt = dir.path().join("blank.txt");
        std::fs::write(&txt, " \n\n\t\n")?;
        let html = dir.path().join("blank.html");
        std::fs::write(
            &html,
            "<html><head><title>Nothing</title></head><body><script>var x = 1;</script></body></html>",
        )?;
        for path in [txt, html] {
            let (docs, errors) = docs_and_errors(read_all(&path, &IngestConfig::default()));
            assert!(docs.is_empty());
            assert_eq!(errors.iter().map(|e| e.kind.label()).collect::<Vec<_>>(), ["empty-document"], "{path:?}");
        }
        Ok(())
    }

    #[test]
    fn missing_file_is_an_error_not_a_panic() {
        let input = Input { path: PathBuf::from("/nonexistent/dir/x.jsonl"), format: Format::Jsonl, gzip: false };
        let results: Vec<_> = read_input(&input, &IngestConfig::default()).collect();
        assert_eq!(results.len(), 1);
        let err = results.into_iter().next().and_then(|r| r.err());
        assert_eq!(err.as_ref().map(|e| e.kind.label()), Some("missing-file"));
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("/nonexistent/dir/x.jsonl: no such file or directory"));
    }

    #[test]
    fn legacy_encoded_text_file_is_decoded() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"PARIS (AFP) - Le caf\xe9 est ferm\xe9 \xe0 cause de la gr\xe8ve des employ\xe9s de la ville. \
              Les syndicats ont appel\xe9 \xe0 manifester devant la mairie, et la pr\xe9fecture a interdit le rassemblement.")?;
        let (docs, _) = docs_and_errors(read_all(&path, &IngestConfig::default()));
        let doc = docs.first().ok_or("no doc")?;
        assert!(doc.text().contains("café est fermé à cause de la grève"));
        assert_eq!(doc.meta.language.as_deref(), Some("fr"));
        assert_eq!(doc.meta.source.as_deref(), Some("AFP"));
        Ok(())
    }

    #[test]
    fn html_file() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("page.html");
        std::fs::write(
            &path,
            r#"<html><head><title>Sit-in at the border | Example</title>
<meta property="og:site_name" content="Example Times">
<meta name="dc.date" content="2023-10-20">
<link rel="canonical" href="https://example.com/news/sit-in"></head>
<body><div class="menu"><a href="/">Home</a></div><article>
<p>BAGHDAD (Reuters) - Hundreds of supporters of Iraqi paramilitary groups gathered on Friday at the main border crossing with Jordan.</p>
<p>Some 800 supporters of the Popular Mobilisation Forces departed from Baghdad late on Thursday in buses.</p>
</article></body></html>"#,
        )?;
        let (docs, errors) = docs_and_errors(read_all(&path, &IngestConfig::default()));
        assert!(errors.is_empty(), "{errors:?}");
        let doc = docs.first().ok_or("no doc")?;
        assert_eq!(doc.id, "page");
        assert_eq!(doc.meta.title.as_deref(), Some("Sit-in at the border | Example"));
        assert_eq!(doc.meta.source.as_deref(), Some("Example Times"));
        assert_eq!(doc.meta.url.as_deref(), Some("https://example.com/news/sit-in"));
        assert_eq!((doc.meta.published, doc.meta.published_from), (Some(date(2023, 10, 20)), PublishedFrom::HtmlMeta));
        assert!(doc.text().starts_with("BAGHDAD (Reuters) - Hundreds"), "{}", doc.text());
        assert!(doc.text().contains("Jordan.\n\nSome 800"), "{}", doc.text());
        let dateline = doc.meta.dateline.clone().ok_or("no dateline")?;
        assert_eq!((dateline.place.as_str(), doc.slice(dateline.span)), ("Baghdad", "BAGHDAD"));
        Ok(())
    }

    fn warc_record(kind: &str, n: u32, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
             WARC-Target-URI: https://example.com/reuters/{n}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut out =
            format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", body.len())
                .into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn page(title: &str, paragraphs: &[&str]) -> String {
        let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\n\
             <meta property=\"article:published_time\" content=\"1987-02-26\"></head>\n<body><article>\n{body}</article></body></html>"
        )
    }

    /// warcinfo, request, response (HTML), response (image), response (latin-1 HTML): as one list of records.
    fn warc_records() -> Vec<Vec<u8>> {
        let first = page(
            "BAHIA COCOA REVIEW",
            &[
                "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.",
                "The dry period means the temporao will be late this year.",
            ],
        );
        let latin1 = b"<html><body><article><p>PARIS, Feb 26 - Le caf\xe9 de la gare est ferm\xe9 depuis la gr\xe8ve des employ\xe9s.</p></article></body></html>";
        vec![
            warc_record("warcinfo", 0, "application/warc-fields", b"software: test\r\n"),
            warc_record("request", 1, "application/http; msgtype=request", b"GET /reuters/1 HTTP/1.1\r\n\r\n"),
            warc_record(
                "response",
                1,
                "application/http; msgtype=response",
                &http("text/html; charset=utf-8", first.as_bytes()),
            ),
            warc_record("response", 2, "application/http; msgtype=response", &http("image/png", b"\x89PNG\r\n")),
            warc_record(
                "response",
                3,
                "application/http; msgtype=response",
                &http("text/html; charset=iso-8859-1", latin1),
            ),
        ]
    }

    fn check_warc_docs(docs: &[Document]) {
        assert_eq!(docs.len(), 2);
        let doc = &docs[0];
        assert_eq!(doc.id, "warc-00000000-0000-0000-0000-000000000001");
        assert_eq!(doc.meta.url.as_deref(), Some("https://example.com/reuters/1"));
        assert_eq!(doc.meta.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!((doc.meta.published, doc.meta.published_from), (Some(date(1987, 2, 26)), PublishedFrom::HtmlMeta));
        assert_eq!(
            doc.text(),
            "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.\n\n\
             The dry period means the temporao will be late this year."
        );
        assert_eq!(doc.meta.dateline.as_ref().map(|d| d.place.as_str()), Some("Salvador"));
        assert_eq!(doc.meta.source.as_deref(), Some("example.com"));
        assert_eq!(doc.meta.origin.record, Some(3));
        assert!(docs[1].text().contains("Le café de la gare est fermé"), "{}", docs[1].text());
    }

    #[test]
    fn warc_plain_and_gzipped_per_record() -> TestResult {
        let dir = tempfile::tempdir()?;
        let records = warc_records();
        let plain = dir.path().join("crawl.warc");
        std::fs::write(&plain, records.concat())?;
        let gz = dir.path().join("crawl.warc.gz");
        let members: std::io::Result<Vec<Vec<u8>>> = records.iter().map(|r| gzip(r)).collect();
        std::fs::write(&gz, members?.concat())?;
        for path in [plain, gz] {
            let (docs, errors) = docs_and_errors(read_all(&path, &IngestConfig::default()));
            assert!(errors.is_empty(), "{errors:?}");
            check_warc_docs(&docs);
        }
        Ok(())
    }

    #[test]
    fn truncated_warc_keeps_earlier_records() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut bytes = warc_records().concat();
        bytes.truncate(bytes.len() - 40);
        let plain = dir.path().join("cut.warc");
        std::fs::write(&plain, &bytes)?;
        let (docs, errors) = docs_and_errors(read_all(&plain, &IngestConfig::default()));
        assert_eq!(docs.len(), 1);
        assert_eq!(
            errors.iter().map(|e| (e.origin.record, e.kind.label())).collect::<Vec<_>>(),
            [(Some(5), "truncated-warc")]
        );
        assert!(errors[0].to_string().starts_with(&format!("{}:5: truncated WARC record", plain.display())));

        let gz = gzip(&warc_records().concat())?;
        let cut_gz = dir.path().join("cut.warc.gz");
        std::fs::write(&cut_gz, gz.get(..gz.len() - 30).ok_or("short")?)?;
        let (docs, errors) = docs_and_errors(read_all(&cut_gz, &IngestConfig::default()));
        assert_eq!(docs.len(), 1);
        assert_eq!(errors.iter().map(|e| e.kind.label()).collect::<Vec<_>>(), ["truncated-gzip"]);
        Ok(())
    }

    #[test]
    fn too_large_warc_record_is_skipped() -> TestResult {
        let dir = tempfile::tempdir()?;
        let big = page("BIG", &[&"word ".repeat(40_000)]);
        let mut records = warc_records();
        records.insert(
            2,
            warc_record("response", 9, "application/http; msgtype=response", &http("text/html", big.as_bytes())),
        );
        let path = dir.path().join("big.warc");
        std::fs::write(&path, records.concat())?;
        let cfg = IngestConfig { max_document_bytes: 100_000 };
        let (docs, errors) = docs_and_errors(read_all(&path, &cfg));
        assert_eq!(
            errors.iter().map(|e| (e.origin.record, e.kind.label())).collect::<Vec<_>>(),
            [(Some(3), "too-large")]
        );
        assert_eq!(docs.len(), 2);
        Ok(())
    }
}
